"""Cleaning rules, loaded once from the YAML files under marsad/data/clean/.

`common.yaml` holds the rules of Arabic news pages in general; `outlets/<id>.yaml` holds one outlet's
house style (hosts, cues that name it, section names, extra furniture). Patterns are written as the
text appears and normalised on load (see common.yaml), so matching is done on `norm(line)`.
Set MARSAD_CLEAN_RULES_DIR to use another rule directory (tests, experiments).
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # unicode_iscased: the test sre's compiler uses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import config
from ..errors import ModelError
from ..text.normalize import NormalizeOptions, norm

# Patterns keep their ASCII letters (\S, \d…) as written; lines are lower-cased and matched with IGNORECASE.
_PATTERN_OPTIONS = NormalizeOptions(lowercase=False)


def norm_pattern(pattern: str) -> str:
    return norm(pattern, _PATTERN_OPTIONS)


def compile_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(norm_pattern(pattern), re.IGNORECASE)


def phrase_alternation(phrases: list[str]) -> str:
    """A regex alternation of literal phrases (normalised), longest first so "وكالة الأناضول" beats "الأناضول"."""
    forms = sorted({re.escape(norm(p)) for p in phrases}, key=len, reverse=True)
    # Spaces inside a phrase match any run of spaces ("أ ف ب" / "أ  ف ب").
    return "|".join(f.replace(r"\ ", r"\s+") for f in forms)


@dataclass(frozen=True)
class FurnitureRule:
    reason: str
    pattern: re.Pattern[str]
    any_length: bool = False
    joins_block: bool = False
    outlet: str | None = None  # None: a common rule


@dataclass
class Outlet:
    id: str
    name: str
    hosts: list[str]
    cues: list[re.Pattern[str]]
    sections: list[str]
    furniture: list[FurnitureRule]


@dataclass
class Rules:
    max_furniture_words: int
    furniture: list[FurnitureRule]
    block_reasons: frozenset[str]
    max_block_lines: int
    credit_patterns: list[re.Pattern[str]]
    agencies: str  # regex alternation of agency names (normalised)
    photo_agencies: str
    caption_min_gap: int
    caption_max_credit_words: int
    caption_patterns: list[re.Pattern[str]]
    section_max_words: int
    breadcrumb_separators: list[str]
    home_crumbs: frozenset[str]
    section_names: frozenset[str]  # normalised; common + every outlet's
    final_punctuation: str
    closing_marks: str
    prose_min_words: int
    title_min_words: int
    title_max_words: int
    title_max_words_period: int
    subheading_min_words: int
    subheading_max_words: int
    published_cues: list[str]  # normalised
    updated_cues: list[str]
    weekdays: list[str]
    time_words: list[str]
    months: dict[str, int]  # normalised month name -> month number
    month_alternation: str
    outlets: dict[str, Outlet] = field(default_factory=dict)
    # Derived once per outlet (the rules do not change once loaded): see furniture_for, page.clean_page.
    derived: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def furniture_for(self, outlet: str | None) -> list[FurnitureRule]:
        """Common rules plus the outlet's; with no outlet recognised, every outlet's rules (they are
        phrases specific enough to be harmless elsewhere, and an unrecognised page is still cleaned)."""
        if outlet is None:
            extra = [r for o in self.outlets.values() for r in o.furniture]
        else:
            extra = self.outlets[outlet].furniture if outlet in self.outlets else []
        return self.furniture + extra


def _rules_dir() -> Path:
    override = config.env("MARSAD_CLEAN_RULES_DIR")
    return Path(override) if override else config.data_path("clean")


def _read_yaml(path: Path) -> dict[str, Any]:
    kind = "clean/common.yaml" if path.name == "common.yaml" else "clean/outlets/*.yaml"
    data = config.load_yaml(path, kind)  # checked against the kind's schema (marsad.rules_schema)
    if not isinstance(data, dict):
        raise ModelError("cleaning rules must be a YAML mapping", source=str(path))
    return data


def _furniture(spec: dict[str, list[Any]] | None, outlet: str | None, source: Path) -> list[FurnitureRule]:
    out: list[FurnitureRule] = []
    for reason, patterns in (spec or {}).items():
        for item in patterns:
            spec = item if isinstance(item, dict) else {"pattern": item}
            pattern = spec["pattern"]
            try:
                out.append(FurnitureRule(reason, compile_pattern(pattern), bool(spec.get("any_length")),
                                         bool(spec.get("joins_block")), outlet))
            except re.error as err:
                raise ModelError(f"bad pattern for {reason!r}: {pattern!r} ({err})", source=str(source)) from None
    return out


def _outlet(path: Path) -> Outlet:
    data = _read_yaml(path)
    oid = str(data.get("id") or path.stem)
    return Outlet(
        id=oid,
        name=str(data.get("name", oid)),
        hosts=[h.lower() for h in data.get("hosts", [])],
        cues=[compile_pattern(c) for c in data.get("cues", [])],
        sections=[str(s) for s in data.get("sections", [])],
        furniture=_furniture(data.get("furniture"), oid, path),
    )


def load_rules(directory: Path) -> Rules:
    path = directory / "common.yaml"
    data = _read_yaml(path)
    outlets: dict[str, Outlet] = {}
    outlet_dir = directory / "outlets"
    if outlet_dir.is_dir():
        for p in sorted(outlet_dir.glob("*.yaml")):
            o = _outlet(p)
            outlets[o.id] = o
    credit = data.get("credit", {})
    caption = data.get("caption", {})
    section = data.get("section", {})
    prose = data.get("prose", {})
    dates = data.get("dates", {})
    months = {norm(name): int(num) for num, names in dates.get("months", {}).items() for name in names}
    sections = list(section.get("names", [])) + [s for o in outlets.values() for s in o.sections]
    return Rules(
        max_furniture_words=int(data.get("max_furniture_words", 14)),
        furniture=_furniture(data.get("furniture"), None, path),
        block_reasons=frozenset(data.get("block_reasons", [])),
        max_block_lines=int(data.get("max_block_lines", 8)),
        credit_patterns=[compile_pattern(p) for p in credit.get("patterns", [])],
        agencies=phrase_alternation(credit.get("agencies", [])),
        photo_agencies=phrase_alternation(data.get("photo_agencies", [])),
        caption_min_gap=int(caption.get("min_gap_spaces", 2)),
        caption_max_credit_words=int(caption.get("max_credit_words", 6)),
        caption_patterns=[compile_pattern(p) for p in caption.get("patterns", [])],
        section_max_words=int(section.get("max_words", 5)),
        breadcrumb_separators=list(section.get("breadcrumb_separators", [])),
        home_crumbs=frozenset(norm(c) for c in section.get("home_crumbs", [])),
        section_names=frozenset(norm(s) for s in sections),
        final_punctuation=str(prose.get("final_punctuation", ".!?؟")),
        closing_marks=str(prose.get("closing_marks", "\"»”')")),
        prose_min_words=int(prose.get("min_words_without_punctuation", 26)),
        title_min_words=int(data.get("title", {}).get("min_words", 3)),
        title_max_words=int(data.get("title", {}).get("max_words", 30)),
        title_max_words_period=int(data.get("title", {}).get("max_words_if_ends_with_period", 14)),
        subheading_min_words=int(data.get("subheading", {}).get("min_words", 2)),
        subheading_max_words=int(data.get("subheading", {}).get("max_words", 25)),
        published_cues=[norm(c) for c in dates.get("published_cues", [])],
        updated_cues=[norm(c) for c in dates.get("updated_cues", [])],
        weekdays=[norm(w) for w in dates.get("weekdays", [])],
        time_words=[norm(w) for w in dates.get("time_words", [])],
        months=months,
        month_alternation=phrase_alternation(sorted(months)),
        outlets=outlets,
    )


@config.data_cache
def _cached(directory: str) -> Rules:
    # Kept compiled in the user's cache while the rule files and the code are unchanged (marsad.fastload).
    from ..fastload import load_or_build

    sources = ("clean/*.py", "text/*.py", f"{Path(directory).resolve()}/*")
    return load_or_build("clean-rules", sources, lambda: load_rules(Path(directory)), extra=directory)


def get_rules() -> Rules:
    """The rules, loaded on first use and cached per rule directory."""
    return _cached(str(_rules_dir()))


# ---------------------------------------------------------------- required text of a pattern

# What an IGNORECASE ASCII letter matches besides its lower case (tests check this against sre): a text
# without these holds an ASCII letter of a match in lower case.
_FOLDS_RE = re.compile("[A-Z\u0130\u0131\u017f\u212a]")


def _literal(ch: str) -> str | None:
    """What a text holds where a match holds the literal `ch`: `ch` when it has no case (sre matches it
    exactly, IGNORECASE or not), the lower case of an ASCII letter (given no _FOLDS_RE character), else None."""
    if not _sre.unicode_iscased(ord(ch)):
        return ch
    return ch.lower() if ch.isascii() else None


def _required(items: Any) -> set[str] | None:
    """Literal strings one of which every match of the parsed sequence `items` contains (None: unknown)."""
    from re import _constants as c  # type: ignore[attr-defined]

    best: set[str] | None = None
    run: list[str] = []

    def consider(found: set[str] | None) -> None:
        nonlocal best
        if found and all(found) and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found

    for op, av in list(items) + [(None, None)]:
        if op is c.LITERAL and (ch := _literal(chr(av))) is not None:
            run.append(ch)
            continue
        if run:
            consider({"".join(run)})
            run = []
        if op is c.SUBPATTERN:
            consider(_required(av[-1]))
        elif op is c.BRANCH:
            alts = [_required(alt) for alt in av[1]]
            if all(a is not None for a in alts):
                consider(set().union(*alts))  # type: ignore[arg-type]
    return best


_REQUIRED: dict[re.Pattern[str], tuple[str, ...] | None] = {}
_CASED: dict[re.Pattern[str], bool] = {}  # its required strings hold ASCII letters


def required_text(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which a text must contain for `pattern` to match it (None: no such filter), derived
    once per pattern from its parse: a line without any of them needs no search. ASCII letters are in lower
    case: the filter holds for texts without _FOLDS_RE characters (lines are matched lower-cased)."""
    if pattern not in _REQUIRED:
        from re import _parser  # type: ignore[attr-defined]

        try:
            found = _required(_parser.parse(pattern.pattern, pattern.flags).data)
        except Exception:  # noqa: BLE001 - a filter that cannot be derived is just not used
            found = None
        _REQUIRED[pattern] = need = tuple(sorted(found)) if found else None
        _CASED[pattern] = need is not None and _cased(need)
    return _REQUIRED[pattern]


def _cased(need: tuple[str, ...]) -> bool:
    """Whether a needle holds an ASCII letter (then a text with _FOLDS_RE characters must be searched)."""
    return any(ch.isascii() and ch.isalpha() for s in need for ch in s)


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only when `pattern` cannot match `text` (it lacks all of the pattern's required strings)."""
    need = _REQUIRED[pattern] if pattern in _REQUIRED else required_text(pattern)
    if need is None or any(map(text.__contains__, need)):  # `s in text` for each, without a generator
        return True
    return _CASED[pattern] and _FOLDS_RE.search(text) is not None


class Gate:
    """One search for the required strings of many patterns: closed only when none of them can match."""

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        needs = [required_text(p) for p in patterns]
        self.words: tuple[str, ...] | None = None  # None: some pattern has no filter, the gate is always open
        self.cased = False
        if patterns and all(needs):
            found = {s for need in needs for s in need or ()}
            # A word holding another is found only where that one is: checking the shorter one is enough.
            # `in` per word beats one regex alternation of them all (sre tries every branch at each position).
            self.words = tuple(sorted(w for w in found if not any(o != w and o in w for o in found)))
            self.cased = any(_CASED[p] for p in patterns)

    def open(self, text: str) -> bool:
        words = self.words
        if words is None or any(map(text.__contains__, words)):  # `w in text` for each, looped in C
            return True
        return self.cased and _FOLDS_RE.search(text) is not None


_GATES: dict[tuple[int, ...], tuple[list[re.Pattern[str]], Gate]] = {}


def gate(patterns: list[re.Pattern[str]]) -> Gate:
    """The Gate of these patterns, made once (keyed by identity; the patterns are kept so the key stays theirs)."""
    key = tuple(map(id, patterns))
    hit = _GATES.get(key)
    if hit is None:
        hit = _GATES[key] = (list(patterns), Gate(patterns))
    return hit[1]
