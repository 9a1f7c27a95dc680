"""The actor knowledge base: data classes, loading and validation, look-ups.

The built-in KB is the YAML files in marsad/data/kb/; user directories (`--kb DIR`) are read after it,
and an entry with an id that already exists replaces it (or, with `extend: true`, adds aliases,
roles and titles to it). Every problem in a file is reported with the file and the entry.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import config
from ..errors import ModelError
from .names import (
    Key,
    expand_alternatives,
    fill,
    name_key,
    name_variants,
    norm_text,
    placeholders,
    unique,
    words,
)

TYPES = {"PER", "ORG", "LOC", "MISC"}
SECTORS = {
    "government", "opposition", "party", "armed group", "international organisation", "media", "military",
    "security", "religious", "civil society", "business", "state", "region",
}
OFFICE_KINDS = {"head", "minister", "envoy", "spokesperson", "member", "diplomat"}
_ISO_RE = re.compile(r"^[A-Z]{2}$")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ROLE_RE = re.compile(r"^(?P<office>[a-z_]+)\s+(?P<scope>\S+)\s+(?P<start>[\d-]*)\.\.(?P<end>[\d-]*)$")
ACTOR_FIELDS = {"id", "type", "ar", "en", "aliases", "short", "cc", "iso", "adj", "sector", "roles", "titles",
                "note", "extend"}


def _fast_yaml_loader() -> Any:
    """libyaml's safe loader when PyYAML was built with it (FAST_YAML_LOADER). Looked up on use: PyYAML's
    import (~12 ms) is not needed while the KB comes from the start-up cache (marsad.fastload)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def __getattr__(name: str) -> Any:
    if name == "FAST_YAML_LOADER":
        return _fast_yaml_loader()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

_NO_WORDS: frozenset[str] = frozenset()

# How a key names an actor: its name or a listed alias; a short form (only with the full name in the
# same article); the surname alone.
FULL, SHORT, SURNAME = "full", "short", "surname"
# Particles that belong to the surname: دي ميستورا, فون دير لاين, ولد الشيخ, بن سلمان, آل ثاني, أبو الغيط.
SURNAME_PARTICLES = {"دي", "دو", "فون", "دير", "لو", "ولد", "بن", "ال", "آل", "ابو", "ابن"}
# The first word of a compound given name: a name that ends "عبد العزيز", "عبد السلام", "عبد الله" has no
# surname to be known by alone — not "السلام" (peace: cut after عبد, "محمد عبد السلام" was linked in every
# "عملية السلام"), and not "عبد الله" either, one of the commonest given names.
COMPOUND_HEADS = {"عبد"}


@dataclass(frozen=True)
class Office:
    key: str
    en: str
    kind: str
    organisation: str | None = None  # English, may hold {country_en}
    country: tuple[str, ...] = ()
    org: tuple[str, ...] = ()
    bare: tuple[str, ...] = ()

    @property
    def is_deputy(self) -> bool:
        return self.key.startswith("deputy_")


@dataclass(frozen=True)
class KBRole:
    office: str  # office key
    office_en: str
    country: str | None  # ISO code
    org: str | None  # actor id of the organisation (or place) the role belongs to
    start: str | None  # ISO date; partial dates in the data are widened (start of month / year)
    end: str | None  # ISO date; None = still held
    written: str = ""  # the role as written in the data

    def held_on(self, day: str | None) -> bool:
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    @property
    def bounded(self) -> bool:
        return self.start is not None or self.end is not None


# Countries whose people's names put the family name first, in Arabic spelling too ("يانغ جيه تشي", "بان كي
# مون"; not Japan's: "شينزو آبي").
FAMILY_NAME_FIRST = frozenset(("CN", "TW", "HK", "KR", "KP", "VN"))


@dataclass
class Actor:
    id: str
    type: str
    name: str  # Arabic canonical name
    name_en: str
    country: str | None = None  # ISO
    sector: str | None = None
    aliases: list[str] = field(default_factory=list)
    short: list[str] = field(default_factory=list)
    roles: list[KBRole] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # irregular title strings (any date)
    adjectives: list[str] = field(default_factory=list)  # countries: masculine adjectives (الروسي)
    iso: str | None = None  # countries: their own ISO code
    note: str | None = None
    source: str = ""
    generated: bool = False  # made from a template of generated.yaml

    def roles_at(self, day: str | None) -> list[KBRole]:
        return [r for r in self.roles if r.held_on(day)]

    def surname_key(self) -> Key | None:
        if self.type != "PER":
            return None
        key = name_key(self.name)
        if len(key) < 2:
            return None
        if self.country in FAMILY_NAME_FIRST:  # "يانغ جيه تشي": Yang, not "تشي"
            return key[:1] if len(key[0]) >= 3 else None
        i = len(key) - 1
        if key[i - 1] in COMPOUND_HEADS:
            return None
        while i > 1 and key[i - 1] in SURNAME_PARTICLES:
            i -= 1
        surname = key[i:]
        return surname if len("".join(surname)) >= 3 else None


@dataclass(frozen=True)
class TitleSense:
    """What a title string means: an office, for a country or an organisation (or unscoped)."""

    office: str
    office_en: str
    kind: str
    country: str | None = None
    org: str | None = None
    via_short: bool = False  # the organisation was named by a short form ("رئيس الحزب")
    actor: str | None = None  # an irregular title that belongs to one actor


@dataclass
class KnowledgeBase:
    actors: dict[str, Actor]
    offices: dict[str, Office]
    countries: dict[str, Actor]  # ISO -> country actor
    lexicon: dict[str, Any]
    names: dict[Key, list[tuple[str, str]]] = field(default_factory=dict)  # key -> [(actor id, FULL|SHORT|SURNAME)]
    titles: dict[Key, list[TitleSense]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    _offices_en: dict[str, Office] | None = field(default=None, init=False, repr=False, compare=False)
    _word_unions: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict, init=False, repr=False,
                                                               compare=False)
    _title_firsts: frozenset[str] | None = field(default=None, init=False, repr=False, compare=False)

    # -- look-ups ---------------------------------------------------------------------------------
    def lookup(self, name: str, *, strengths: tuple[str, ...] = (FULL,)) -> list[Actor]:
        """Actors a name refers to (by normalised alias), best first."""
        return [self.actors[a] for a, s in self.names.get(name_key(name), []) if s in strengths]

    def holders(self, office: str, *, country: str | None = None, org: str | None = None,
                day: str | None = None) -> list[tuple[Actor, KBRole]]:
        """Who held `office` (for a country or organisation) on `day`."""
        out = []
        for actor in self.actors.values():
            for role in actor.roles:
                if role.office != office or not role.held_on(day):
                    continue
                if country and role.country != country:
                    continue
                if org and role.org != org:
                    continue
                out.append((actor, role))
        return out

    def title_senses(self, title: str) -> list[TitleSense]:
        return self.titles.get(name_key(title), [])

    def title_firsts(self) -> frozenset[str]:
        """The first words of the titles ("ولي" of "ولي العهد"): made with the titles and kept with the KB, so
        that the titles need not be read whole (from the start-up cache they are read key by key)."""
        if self._title_firsts is None:
            self._title_firsts = frozenset(k[0] for k in self.titles)
        return self._title_firsts

    def country_name(self, iso: str | None) -> str | None:
        actor = self.countries.get(iso or "")
        return actor.name_en if actor else None

    def organisation_en(self, sense: TitleSense) -> str | None:
        if sense.org and sense.org in self.actors:
            return self.actors[sense.org].name_en
        office = self.offices.get(sense.office)
        if office and office.organisation:
            return office.organisation.format(country_en=self.country_name(sense.country) or "?")
        return None

    def office_by_en(self, en: object) -> Office | None:
        """The first office whose English name is `en` (looked up per title and role by the entities stage)."""
        if self._offices_en is None:
            self._offices_en = {}
            for office in self.offices.values():
                self._offices_en.setdefault(office.en, office)
        return self._offices_en.get(en)  # type: ignore[call-overload]

    def words(self, group: str, *more: str) -> frozenset[str]:
        """A normalised word list of the lexicon (title_fillers, former_markers, not_names…), or the union of
        several (made once: the entities stage asks for the same unions in every article)."""
        if not more:
            return self.lexicon.get("_" + group, _NO_WORDS)
        found = self._word_unions.get((group, *more))
        if found is None:
            found = self._word_unions[(group, *more)] = frozenset().union(
                *(self.lexicon.get("_" + g, _NO_WORDS) for g in (group, *more)))
        return found


# -- loading --------------------------------------------------------------------------------------
def _builtin_dir() -> Path:
    return config.data_path("kb")  # ($MARSAD_DATA_DIR/kb when set: the KB the stage versions hash)


def load_kb(extra_dirs: tuple[str, ...] | list[str] = ()) -> KnowledgeBase:
    """The built-in KB with `extra_dirs` merged over it (cached per tuple of directories)."""
    return _load_cached(tuple(str(d) for d in extra_dirs))


@config.register_cache
@lru_cache(maxsize=8)
def _load_cached(extra_dirs: tuple[str, ...]) -> KnowledgeBase:
    dirs = [_builtin_dir()]
    for d in extra_dirs:
        path = Path(d)
        if not path.is_dir():
            raise ModelError(f"knowledge-base directory not found: {d}", source="--kb")
        dirs.append(path)
    # Built in ~0.3 s from the YAML files; kept in the user's cache while they and this package's code are
    # unchanged (marsad.fastload).
    from ..fastload import load_or_build

    sources = ("kb/*.py", "text/*.py", "data/kb/*.yaml", *(f"{Path(d).resolve()}/*.y*ml" for d in extra_dirs))
    return load_or_build("kb-base", sources, lambda: _Loader().load(dirs), extra=repr(extra_dirs))


class _Loader:
    def __init__(self) -> None:
        self.raw_offices: dict[str, dict[str, Any]] = {}
        self.lexicon: dict[str, Any] = {}
        self.templates: list[dict[str, Any]] = []
        self.entries: dict[str, tuple[dict[str, Any], str]] = {}  # id -> (entry, file)
        self.extensions: list[tuple[dict[str, Any], str]] = []
        self.files: list[str] = []

    def load(self, dirs: list[Path]) -> KnowledgeBase:
        builtin = _builtin_dir()
        for d in dirs:
            files = sorted(d.glob("*.yaml")) + sorted(d.glob("*.yml"))
            for path in files:
                self._read(path, packaged=d == builtin)
        offices = self._offices()
        actors = self._actors(offices)
        countries = {a.iso: a for a in actors.values() if a.iso}
        kb = KnowledgeBase(actors, offices, countries, self._lexicon(), files=self.files)
        _index_names(kb)
        _index_titles(kb)
        return kb

    def _read(self, path: Path, packaged: bool = False) -> None:
        import yaml

        where = str(path)
        try:
            # The packaged files are read with libyaml when PyYAML has it (10x faster, the same data: see
            # tests/test_kb.py); the user's files with the pure-Python loader, whose error messages they know.
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_fast_yaml_loader() if packaged else yaml.SafeLoader)
        except (OSError, UnicodeDecodeError) as err:
            raise ModelError(f"cannot read knowledge-base file ({err})", source=where) from None
        except yaml.YAMLError as err:
            raise ModelError(f"invalid YAML: {err}", source=where) from None
        if data is None:
            return
        if not isinstance(data, dict):
            raise ModelError("a KB file must be a mapping with 'actors', 'offices', 'templates' or lexicon keys",
                             source=where)
        self.files.append(where)
        for key, value in data.items():
            if key == "offices":
                if not isinstance(value, dict):
                    raise ModelError("'offices' must be a mapping", source=where)
                for name, office in value.items():
                    if not isinstance(office, dict):
                        raise ModelError(f"office {name!r} must be a mapping", source=where)
                    self.raw_offices[name] = {**office, "_file": where}
            elif key == "actors":
                self._read_actors(value, data.get("defaults") or {}, where)
            elif key == "templates":
                self.templates += [(t, where) for t in value]  # type: ignore[misc]
            elif key == "defaults":
                continue
            else:
                self.lexicon[key] = value

    def _read_actors(self, items: Any, defaults: dict[str, Any], where: str) -> None:
        if not isinstance(items, list):
            raise ModelError("'actors' must be a list", source=where)
        for i, item in enumerate(items):
            if not isinstance(item, dict) or "id" not in item:
                raise ModelError(f"actor #{i + 1} has no id", source=where)
            unknown = set(item) - ACTOR_FIELDS
            if unknown:
                raise ModelError(f"actor {item['id']!r}: unknown field(s) {sorted(unknown)}", source=where)
            if item.get("extend"):
                self.extensions.append((item, where))
                continue
            entry = {**defaults, **item}
            previous = self.entries.get(entry["id"])
            if previous and previous[1] == where:
                raise ModelError(f"duplicate actor id {entry['id']!r}", source=where)
            if previous and Path(previous[1]).parent == Path(where).parent:
                raise ModelError(f"actor id {entry['id']!r} is also defined in {previous[1]}", source=where)
            self.entries[entry["id"]] = (entry, where)

    def _offices(self) -> dict[str, Office]:
        offices: dict[str, Office] = {}
        for key, raw in self.raw_offices.items():
            where = raw["_file"]
            if "en" not in raw:
                raise ModelError(f"office {key!r} has no 'en'", source=where)
            kind = raw.get("kind", "head")
            if kind not in OFFICE_KINDS:
                raise ModelError(f"office {key!r}: unknown kind {kind!r} (known: {sorted(OFFICE_KINDS)})", source=where)
            office = Office(key, raw["en"], kind, raw.get("organisation"), tuple(raw.get("country", ())),
                            tuple(raw.get("org", ())), tuple(raw.get("bare", ())))
            offices[key] = office
            if raw.get("deputy"):
                dep = "(نائب|نائبة) "
                # deputy_titles: the deputy's own titles besides "نائب …" ("ولي ولي العهد")
                extra: dict[str, list[str]] = raw.get("deputy_titles") or {}
                offices["deputy_" + key] = Office(
                    "deputy_" + key, "deputy " + office.en, kind, office.organisation,
                    tuple(dep + t for t in office.country) + tuple(extra.get("country", ())),
                    tuple(dep + t for t in office.org) + tuple(extra.get("org", ())),
                    tuple(dep + t for t in office.bare) + tuple(extra.get("bare", ())))
        return offices

    def _actors(self, offices: dict[str, Office]) -> dict[str, Actor]:
        countries = {e["iso"]: e for e, _ in self.entries.values() if e.get("iso")}
        # Generated institutions first, so that explicit entries with the same id replace them.
        generated: dict[str, tuple[dict[str, Any], str]] = {}
        for template, where in self.templates:  # type: ignore[misc]
            for iso, country in countries.items():
                for adj in country.get("adj", [])[:1]:
                    values = {"cc": iso.lower(), "adjf": adj + "ة", "adj": adj, "country": country["ar"],
                              "country_en": country["en"]}
                    entry = {k: (fill(v, values) if isinstance(v, str) else [fill(x, values) for x in v])
                             for k, v in template.items()}
                    for extra_adj in country.get("adj", [])[1:]:
                        entry["aliases"] = entry.get("aliases", []) + [
                            fill(a, {**values, "adjf": extra_adj + "ة", "adj": extra_adj})
                            for a in [template["ar"], *template.get("aliases", [])]]
                    entry["cc"] = iso
                    entry["_generated"] = True
                    generated[entry["id"]] = (entry, where)
        entries = {**generated, **self.entries}
        actors = {}
        for actor_id, (entry, where) in entries.items():
            actors[actor_id] = self._actor(entry, where)
        for entry, where in self.extensions:
            target = actors.get(entry["id"])
            if target is None:
                raise ModelError(f"actor {entry['id']!r}: 'extend' names an id that does not exist", source=where)
            target.aliases += [a for a in entry.get("aliases", []) if a not in target.aliases]
            target.short += entry.get("short", [])
            target.titles += entry.get("titles", [])
            if entry.get("en"):
                target.name_en = entry["en"]
            target.roles += self._roles(entry, where)
        for actor in actors.values():
            for role in actor.roles:
                where = f"{actor.source} (actor {actor.id!r})"
                if role.office not in offices:
                    raise ModelError(f"role {role.written!r}: unknown office {role.office!r}", source=where)
                if role.org and role.org not in actors:
                    raise ModelError(f"role {role.written!r}: unknown organisation {role.org!r}", source=where)
        return actors

    def _actor(self, entry: dict[str, Any], where: str) -> Actor:
        aid = entry["id"]
        here = f"{where} (actor {aid!r})"
        for required in ("type", "ar", "en"):
            if not entry.get(required):
                raise ModelError(f"missing {required!r}", source=here)
        if entry["type"] not in TYPES:
            raise ModelError(f"unknown type {entry['type']!r} (known: {sorted(TYPES)})", source=here)
        for code_field in ("cc", "iso"):
            code = entry.get(code_field)
            if code is not None and not _ISO_RE.match(str(code)):
                raise ModelError(f"{code_field} must be an ISO 3166 alpha-2 code, got {code!r}", source=here)
        sector = entry.get("sector")
        if sector is not None and sector not in SECTORS:
            raise ModelError(f"unknown sector {sector!r} (known: {sorted(SECTORS)})", source=here)
        for list_field in ("aliases", "short", "titles", "adj"):
            if not isinstance(entry.get(list_field, []), list):
                raise ModelError(f"{list_field!r} must be a list", source=here)
        return Actor(
            id=aid, type=entry["type"], name=str(entry["ar"]), name_en=str(entry["en"]),
            country=entry.get("iso") or entry.get("cc"), sector=sector,
            aliases=[str(a) for a in entry.get("aliases", [])], short=[str(a) for a in entry.get("short", [])],
            roles=self._roles(entry, where), titles=[str(t) for t in entry.get("titles", [])],
            adjectives=[str(a) for a in entry.get("adj", [])], iso=entry.get("iso"), note=entry.get("note"),
            source=where, generated=bool(entry.get("_generated")),
        )

    def _roles(self, entry: dict[str, Any], where: str) -> list[KBRole]:
        roles = []
        for written in entry.get("roles", []):
            here = f"{where} (actor {entry['id']!r})"
            m = _ROLE_RE.match(str(written).strip())
            if not m:
                raise ModelError(f"role {written!r} is not '<office> <scope> <start>..<end>'", source=here)
            start, end = m["start"] or None, m["end"] or None
            for date in (start, end):
                if date is not None and not _valid_date(date):
                    raise ModelError(f"role {written!r}: {date!r} is not an ISO date (YYYY[-MM[-DD]])", source=here)
            scope = m["scope"]
            country, org = (scope, None) if _ISO_RE.match(scope) else (None, scope)
            if org is not None:
                org_entry = self.entries.get(org)
                country = (org_entry[0].get("iso") or org_entry[0].get("cc")) if org_entry else entry.get("cc")
            s, e = _widen(start, first=True), _widen(end, first=False)
            if s and e and s > e:
                raise ModelError(f"role {written!r} ends before it starts", source=here)
            roles.append(KBRole(m["office"], m["office"], country, org, s, e, str(written)))
        return roles

    def _lexicon(self) -> dict[str, Any]:
        lex = dict(self.lexicon)
        for key, value in self.lexicon.items():
            if isinstance(value, list):
                lex["_" + key] = frozenset(w for v in value for w in name_key(str(v)))
                lex["_" + key + "_phrases"] = frozenset(name_key(str(v)) for v in value)
            elif isinstance(value, dict) and key == "not_names":
                lex["_" + key] = frozenset(w for group in value.values() for v in group for w in name_key(str(v)))
        return lex


def _valid_date(text: str) -> bool:
    if not _DATE_RE.match(text):
        return False
    parts = [int(p) for p in text.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        return False
    if len(parts) == 3:
        return 1 <= parts[2] <= calendar.monthrange(parts[0], parts[1])[1]
    return True


def _widen(date: str | None, *, first: bool) -> str | None:
    """A partial date as the first (start) or last (end) day it can mean: 2015-06 -> 2015-06-01 / 2015-06-30."""
    if date is None:
        return None
    parts = date.split("-")
    if len(parts) == 3:
        return date
    year = int(parts[0])
    if len(parts) == 2:
        month = int(parts[1])
        day = 1 if first else calendar.monthrange(year, month)[1]
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-01-01" if first else f"{year:04d}-12-31"


def _index_names(kb: KnowledgeBase) -> None:
    names: dict[Key, list[tuple[str, str]]] = defaultdict(list)

    def add(key: Key, actor_id: str, strength: str) -> None:
        if key and (actor_id, strength) not in names[key] and not any(a == actor_id for a, _ in names[key]):
            names[key].append((actor_id, strength))

    for actor in kb.actors.values():
        foreign = actor.type == "PER"
        for text in [actor.name, *actor.aliases]:
            for key in name_variants(text, foreign_letters=foreign):
                add(key, actor.id, FULL)
    for actor in kb.actors.values():
        for text in actor.short:
            for key in name_variants(text, foreign_letters=False):
                add(key, actor.id, SHORT)
        surname = actor.surname_key()
        if surname:
            for key in name_variants(" ".join(surname)):
                add(key, actor.id, SURNAME)
    kb.names = dict(names)


def _index_titles(kb: KnowledgeBase) -> None:
    # ~60k title strings are made at every load: templates are cut into pieces once and the values filled
    # into them are normalised once (_TemplatePieces); equal senses are made one object, so that a key's
    # senses are told apart by identity instead of by hashing and comparing the dataclass.
    titles: dict[Key, list[TitleSense]] = {}
    interned: dict[TitleSense, TitleSense] = {}

    def sense_of(*fields: Any) -> TitleSense:
        sense = TitleSense(*fields)
        return interned.setdefault(sense, sense)

    def add(keys: Iterable[tuple[Key, TitleSense]]) -> None:
        for key, sense in keys:
            if key:
                senses = titles.get(key)
                if senses is None:
                    titles[key] = [sense]
                elif not any(s is sense for s in senses):
                    senses.append(sense)

    role_scopes = {r.org for a in kb.actors.values() for r in a.roles if r.org}
    # Organisation templates ("رئيس {org}") are made for bodies people hold roles in, not for the
    # per-country institutions of generated.yaml (they would multiply the index for no use).
    orgs = [a for a in kb.actors.values() if (a.type == "ORG" and not a.generated) or a.id in role_scopes]
    org_fills = [(org, [{"org": n} for n in unique(norm_text(n) for n in [org.name, *org.aliases])],
                  [{"org": norm_text(n)} for n in org.short]) for org in orgs]
    country_fills = []
    for c in kb.countries.values():
        # the name and its first alias are enough, and a name the country shares ("وزير خارجية المملكة": the
        # holders in the article tell which kingdom)
        names = unique(norm_text(n) for n in [c.name, *c.aliases])
        names = names[:2] + [n for n in names[2:] if n in _SHARED_COUNTRY_NAMES]
        adjectives = [norm_text(a) for a in c.adjectives] or [""]
        country_fills.append((c, [{"adj": a, "adjf": a + "ه", "country": n} for a in adjectives for n in names[:1]],
                              [{"adj": a, "adjf": a + "ه", "country": n} for a in adjectives for n in names]))
    # The values filled into templates, one list per kind of template, and for each office the senses
    # that go with them, in the same order: country by country, organisation by organisation.
    first_name = [v for _, first, _ in country_fills for v in first]
    all_names = [v for _, _, every in country_fills for v in every]
    org_values = [v for _, names, short_names in org_fills for v in names + short_names]
    pieces = _TemplatePieces()
    for office in kb.offices.values():
        if office.country:
            with_first: list[TitleSense] = []
            with_all: list[TitleSense] = []
            for c, first, every in country_fills:
                sense = sense_of(office.key, office.en, office.kind, c.iso)
                with_first += [sense] * len(first)
                with_all += [sense] * len(every)
        for template in office.country:
            for text in expand_alternatives(norm_text(template)):
                if "country" in placeholders(text):
                    add(zip(pieces.keys(text, all_names), with_all, strict=True))
                else:
                    add(zip(pieces.keys(text, first_name), with_first, strict=True))
        if office.org:
            org_senses: list[TitleSense] = []
            for org, names, short_names in org_fills:
                org_senses += [sense_of(office.key, office.en, office.kind, org.country, org.id)] * len(names)
                org_senses += [sense_of(office.key, office.en, office.kind, org.country, org.id, True)] * len(short_names)
        for template in office.org:
            for text in expand_alternatives(norm_text(template)):
                add(zip(pieces.keys(text, org_values), org_senses, strict=True))
        for template in office.bare:
            for text in expand_alternatives(norm_text(template)):
                add([(words(text), sense_of(office.key, office.en, office.kind))])
    for actor in kb.actors.values():
        for text in actor.titles:
            role = actor.roles[0] if actor.roles else None
            office = kb.offices.get(role.office) if role else None
            add([(words(norm_text(text)),
                  sense_of(role.office if role else "title", office.en if office else "title",
                           office.kind if office else "head", role.country if role else actor.country,
                           role.org if role else None, False, actor.id))])
    from ..fastload import Table  # ~60k generated keys: the start-up cache reads them back key by key

    kb.titles = Table(titles)
    kb._title_firsts = frozenset(k[0] for k in titles)


_SHARED_COUNTRY_NAMES = frozenset((norm_text("المملكة"),))


class _TemplatePieces:
    """words(fill(text, values)) for title templates, computed piece by piece.

    A template (normalised, single spaces) is cut at its spaces. fill()'s "ل" + "ال" -> "لل" starts at a
    space and words end at spaces, so the words of the filled template are those of its filled pieces, in
    order: the pieces without a placeholder are done once per template, the others once per piece and
    list of values (the same countries and organisations fill every template).
    """

    def __init__(self) -> None:
        self.filled: dict[tuple[str, int], list[Key]] = {}  # (piece, id of a list of values) -> words, in order

    def keys(self, text: str, fills: list[dict[str, str]]) -> list[Key]:
        """The words of `text` filled with each of `fills`, in order (`fills` must stay alive: cached by id)."""
        recipe: list[Key | list[Key]] = []  # word tuples of the fixed pieces, lists (one per values) of the others
        for piece in text.split(" "):
            if "{" in piece or "}" in piece:
                found = self.filled.get((piece, id(fills)))
                if found is None:
                    found = self.filled[piece, id(fills)] = [words(fill(piece, values)) for values in fills]
                recipe.append(found)
            elif recipe and isinstance(recipe[-1], tuple):
                recipe[-1] = recipe[-1] + words(fill(piece, {}))
            else:
                recipe.append(words(fill(piece, {})))
        variable = [i for i, part in enumerate(recipe) if isinstance(part, list)]
        if not variable:
            return [recipe[0] if recipe else ()] * len(fills)  # type: ignore[list-item]
        if len(variable) == 1:  # one piece with a placeholder (the usual template)
            i = variable[0]
            before: Key = sum(recipe[:i], ())  # type: ignore[arg-type]
            after: Key = sum(recipe[i + 1:], ())  # type: ignore[arg-type]
            return [before + w + after for w in recipe[i]]  # type: ignore[union-attr]
        out = []
        for n in range(len(fills)):
            key: Key = ()
            for part in recipe:
                key += part if isinstance(part, tuple) else part[n]
            out.append(key)
        return out


@lru_cache(maxsize=1 << 14)  # names of people not in the KB recur within and across articles
def stable_id(name: str) -> str:
    """A stable id for an actor not in the KB: a hash of the normalised name ("x:3f2a9c")."""
    return "x:" + hashlib.sha1(" ".join(name_key(name)).encode("utf-8")).hexdigest()[:6]
