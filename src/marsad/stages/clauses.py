"""What the quotes and the events stages both read: a document's tokens by paragraph, its entity mentions by
position (MentionIndex, made once per document and shared through `doc.derived()`), the reporting-cue
lexicon, and the small word helpers (conjunctions, clitics, agreement). A module of its own so that neither
stage imports the other (scripts/import_graph.py)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from .. import config
from ..errors import ModelError
from ..model import DateMention, Document, Entity, Token
from ..text.normalize import norm
from ..text.segment import iter_tokens, token_fields

SENTENCE_END = {".", "!", "?", "؟"}
PRONOUN_SUFFIXES = ("هما", "هم", "ها", "ه", "نا", "ني", "ي", "كم", "ك")
# … and where they end: "أشارت دراسات إلى أن", "قال مسؤول لرويترز إن" (a word with ل ends them too).
SOURCE_PREPOSITIONS = frozenset(norm(w) for w in ("إلى", "على", "عن", "حول", "بشأن", "أمام", "عبر", "وفق"))
# Words after a cue that head no subject ("وقال في البيان", "وأضاف أمام الصحفيين"): never an unnamed source.
NOT_SUBJECT_HEADS = SOURCE_PREPOSITIONS | frozenset(norm(w) for w in (
    "في", "من", "مع", "بين", "لدى", "عند", "خلال", "بعد", "قبل", "منذ", "حتى", "إن", "أن", "ان", "كما", "بل", "ثم",
    "هذا", "هذه", "ذلك", "تلك", "كل", "جميع", "نفس", "فيه", "فيها", "منه", "منها", "له", "لها", "إليه", "إليها",
    "إليهم", "عليه", "عليها", "عليهم", "عنه", "عنها", "عنهم", "به", "بها", "بهم", "لهم", "فيهم", "منهم"))
# Bound of the per-form caches (a few thousand forms make most tokens of news).
FORM_CACHE_SIZE = 1 << 16
_START = attrgetter("start")
_NORM = attrgetter("norm")


def load_data(relative: str) -> dict[str, Any]:
    """A YAML file under marsad/data, as a dict; a clear ModelError when it is missing or broken."""
    data = config.load_rules(relative)  # parsed once, checked against its schema (marsad.config)
    if not isinstance(data, dict):
        raise ModelError(f"data file marsad/data/{relative} is not a mapping")
    return data


def norm_set(words: list[str]) -> frozenset[str]:
    return frozenset(norm(w) for w in words)


def strip_conj(word: str, known: frozenset[str] | set[str] | dict[str, Any]) -> str | None:
    """The known word under a leading و/ف (or both); None when there is none."""
    if word in known:
        return word
    for cut in (1, 2):
        if len(word) > cut + 1 and all(c in "وف" for c in word[:cut]) and word[cut:] in known:
            return word[cut:]
    return None


def conj_forms(known: frozenset[str] | set[str] | dict[str, Any]) -> dict[str, str]:
    """Every form `strip_conj` accepts for `known`, mapped to its answer: one dict look-up per token instead
    of a call per token (``conj_forms(k).get(w) == strip_conj(w, k)`` for every w)."""
    out: dict[str, str] = {}
    # strip_conj tries the bare word, then one conjunction, then two: insert in reverse so earlier tries win
    for conjs in (("وو", "وف", "فو", "فف"), ("و", "ف")):
        for word in known:
            if len(word) > 1:  # strip_conj wants len(form) > cut + 1
                for c in conjs:
                    out[c + word] = word
    for word in known:
        out[word] = word
    return out


def ensure_tokens(doc: Document) -> list[Token]:
    """doc.tokens, computed from the paragraphs when the segment stage did not run."""
    if not doc.tokens:
        spans = doc.paragraphs or ([doc.span(0, len(doc.body))] if doc.body else [])
        for para in spans:
            for s, e, text, kind in iter_tokens(doc.body, para.start, para.end):
                n, prefix, stem = token_fields(text, kind)
                doc.tokens.append(Token(s, e, text, n, prefix, stem, kind))
    return doc.tokens


def paragraph_token_ranges(doc: Document, tokens: list[Token]) -> list[tuple[int, int]]:
    """[first, last) token indices of each paragraph."""
    spans = doc.paragraphs or ([doc.span(0, len(doc.body))] if doc.body else [])
    return [(bisect_left(tokens, p.start, key=_START), bisect_left(tokens, p.end, key=_START)) for p in spans]


def mention_index(doc: Document) -> MentionIndex:
    """MentionIndex(doc), made once per document while its entities, mentions and dates stay the same: the
    quotes and events stages run one after the other and share it (kept in `doc.derived()`)."""
    key = (doc.entities, doc.mentions, doc.dates, doc.tokens, len(doc.entities), len(doc.mentions), len(doc.dates),
           len(doc.tokens))
    cache = doc.derived()
    last = cache.get("mention_index")
    if last is not None and all(a is b for a, b in zip(last[0][:4], key[:4], strict=True)) and last[0][4:] == key[4:]:
        return last[1]  # type: ignore[no-any-return]
    index = MentionIndex(doc)
    cache["mention_index"] = (key, index)
    return index


@dataclass(frozen=True)
class MentionRef:
    start: int
    end: int
    entity: str
    type: str


class MentionIndex:
    """Entity mentions of a document by position (outermost mention wins where they nest)."""

    def __init__(self, doc: Document) -> None:
        self.entities: dict[str, Entity] = {e.id: e for e in doc.entities}
        refs = {(m.start, m.end): MentionRef(m.start, m.end, e.id, e.type) for e in doc.entities for m in e.mentions}
        for m in doc.mentions:  # mentions grouped into entities but not listed under them
            if m.entity and m.entity in self.entities and (m.start, m.end) not in refs:
                refs[(m.start, m.end)] = MentionRef(m.start, m.end, m.entity, self.entities[m.entity].type)
        ordered = sorted(refs.values(), key=lambda r: (r.start, -r.end))
        self.refs: list[MentionRef] = []
        for ref in ordered:
            if self.refs and ref.start < self.refs[-1].end:
                continue  # nested inside the previous one
            self.refs.append(ref)
        self.starts = [r.start for r in self.refs]
        self.norms: list[str] = list(map(_NORM, doc.tokens))  # every token's normalised form, by index
        # per entity, computed on first use: the normalised first words of its name and roles (by_head) and
        # its grammatical gender (gender)
        self._head_owners: dict[str, set[str]] | None = None
        self._surnames: dict[str, set[str]] | None = None
        self._genders: dict[str, str] = {}
        self._dates = doc.dates
        self._date_offsets: frozenset[int] | None = None
        self._body = doc.body
        # starts of byline mentions ("الرياض - محمد العمري"): the writer, never a speaker (set by the quotes stage)
        self.byline: frozenset[int] = frozenset()
        self._name_starts: frozenset[tuple[str, ...]] | None = None

    def starts_name(self, first: str, second: str) -> bool:
        """Whether two normalised words open a mention of several words somewhere in the document ("بان كي")."""
        if self._name_starts is None:
            self._name_starts = frozenset(tuple(norm(self._body[r.start:r.end]).split()[:2]) for r in self.refs)
        return (first, second) in self._name_starts

    def in_date(self, pos: int) -> bool:
        """Whether offset `pos` is inside a date mention of the document (asked for many tokens)."""
        if self._date_offsets is None:
            self._date_offsets = frozenset(k for d in self._dates for k in range(d.start, d.end))
        return pos in self._date_offsets

    def within(self, start: int, end: int) -> list[MentionRef]:
        i = bisect_left(self.starts, start)
        out = []
        while i < len(self.refs) and self.refs[i].start < end:
            if self.refs[i].end <= end:
                out.append(self.refs[i])
            i += 1
        return out

    def ending_at(self, pos: int, slack: int = 1) -> MentionRef | None:
        """The mention that ends at `pos` (give or take `slack` characters of space)."""
        i = bisect_left(self.starts, pos)
        for ref in self.refs[max(0, i - 3):i]:
            if pos - slack <= ref.end <= pos:
                return ref
        return None

    def covering(self, start: int, end: int) -> MentionRef | None:
        i = bisect_left(self.starts, end)
        for ref in self.refs[max(0, i - 3):i]:
            if ref.start <= start and end <= ref.end:
                return ref
        return None

    def text(self, ref: MentionRef) -> str:
        return self._body[ref.start:ref.end]

    def before(self, pos: int) -> list[MentionRef]:
        """Mentions that end at or before `pos`, nearest first."""
        return [r for r in reversed(self.refs[:bisect_left(self.starts, pos)]) if r.end <= pos]

    def by_head(self, word: str, before: int, types: tuple[str, ...] = ("ORG", "PER", "LOC")) -> str | None:
        """The entity a definite head noun refers to ("الوزارة" → the latest "وزارة …" entity before `before`)."""
        head = norm(word)
        head = head[2:] if head.startswith("ال") and len(head) > 4 else head
        if self._head_owners is None:
            owners: dict[str, set[str]] = {}
            for ent in self.entities.values():
                for text in [ent.name] + [r.text for r in ent.roles]:
                    first = norm(text).split()[:1]
                    if first:
                        owners.setdefault(first[0], set()).add(ent.id)
            self._head_owners = owners
        # "الوزارة" → a name "وزارة …"; "المتحدثة" → a role "المتحدثة باسم …" (not "الوزير" for "وزير")
        owning = self._head_owners.get(head) or (self._head_owners.get("ال" + head) if norm(word) != head else None)
        if not owning:
            return None  # no entity is named with this head: no need to walk the mentions
        for ref in self.before(before):
            ent = self.entities[ref.entity]
            if ent.type not in types:
                continue
            if ent.id in owning:
                return ent.id
        return None

    def by_surname(self, word: str, before: int) -> str | None:
        """The person a bare family name refers back to ("وقال العطية" after "خالد بن محمد العطية"): the latest
        person mentioned before `before` whose name of two words or more ends with it."""
        key = norm(word)
        if len(key) < 4:
            return None
        if self._surnames is None:
            owners: dict[str, set[str]] = {}
            for ent in self.entities.values():
                words = norm(ent.name).split()
                if ent.type == "PER" and len(words) >= 2:
                    owners.setdefault(words[-1], set()).add(ent.id)
            self._surnames = owners
        owning = self._surnames.get(key)
        if not owning:
            return None
        return next((ref.entity for ref in self.before(before) if ref.entity in owning), None)

    def set_gender(self, entity: str, gender: str) -> None:
        """What a verb agreeing with the entity as its subject told ("أكدت سامنتا باور": a woman)."""
        self._genders[entity] = gender

    def gender(self, entity: str, lex: CueLexicon) -> str:
        """entity_gender of an entity of this document, computed once (the cue lexicon is one per process)."""
        got = self._genders.get(entity)
        if got is None:
            got = entity_gender(self.entities[entity], lex)
            if got == "m" and any(r.entity == entity and _female_title_before(self._body, r.start, lex)
                                  for r in self.refs):
                got = "f"  # "تواصلت الصحيفة مع الطالبة نور العمراني وأكدت …": a woman by her title
            self._genders[entity] = got
        return got


def preference(ref: MentionRef) -> int:
    """Which mention of a subject phrase is the actor: a person, else an organisation, else a place."""
    return {"PER": 0, "ORG": 1, "LOC": 2}.get(ref.type, 3)


def date_value(dm: DateMention) -> str | None:
    if dm.value:
        return dm.value
    if dm.values:
        return dm.values[0]
    if dm.interval:
        return dm.interval[0]
    return None


# ---------------------------------------------------------------- the cue lexicon


@dataclass(frozen=True)
class CueLexicon:
    verbs: dict[str, str]  # normalised form -> gender/number tag (m f d p)
    participles: dict[str, str]
    complementizers: frozenset[str]
    restating: frozenset[str]
    impersonal: frozenset[str]
    attributions: dict[str, int]  # first word -> number of words
    switch_markers: tuple[tuple[str, ...], ...]
    subject_boundaries: dict[str, tuple[tuple[str, ...], ...]]  # first word -> the rests of its phrases
    female_role_heads: frozenset[str]
    female_names: frozenset[str]
    name_contexts: frozenset[str]
    unnamed_sources: frozenset[str] = frozenset()
    source_adverbs: frozenset[str] = frozenset()
    attribution_phrases: tuple[tuple[str, ...], ...] = field(default=())
    verb_lemmas: dict[str, str] = field(default_factory=dict)  # normalised form -> normalised lemma
    more_verbs: dict[str, str] = field(default_factory=dict)  # cues of this stage only: form -> tag
    conditional: dict[str, frozenset[str]] = field(default_factory=dict)  # lemma -> words one of which must follow
    nominal: dict[str, frozenset[str]] = field(default_factory=dict)  # lemma -> prepositions of a verbal-noun object
    nominal_participles: frozenset[str] = frozenset()
    modal_nouns: frozenset[str] = frozenset()
    verbal_nouns: frozenset[str] = frozenset()  # open a content right after a subject-less verb ("وأكد حرص …")
    person_sources: frozenset[str] = frozenset()  # heads of a source that is a person, not its organisation
    group_sources: frozenset[str] = frozenset()  # heads of a group of people ("منتقدو X", "وزراء خارجية …")
    quantifiers: frozenset[str] = frozenset()  # "عدد من", "بعض", "أحد": some of a group, never the group
    conditional_words: frozenset[str] = frozenset()  # every word a conditional cue needs
    documents: frozenset[str] = frozenset()  # "البيان", "التقرير": they speak for whoever issued them
    honorifics: frozenset[str] = frozenset()  # "سموه", "معاليه": a person named before
    honorific_titles: frozenset[str] = frozenset()  # "معالي", "فخامة": before a title or a name
    opinions: dict[str, str] = field(default_factory=dict)  # "برأيه", "القول": cues before a quote or أن only
    # Derived at construction (see __post_init__): strip_conj answers for every form, and per-form caches.
    verb_forms: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    # the verbs of `verbs` and of `more_verbs` (quotes only; the events stage ends its windows at `verbs`)
    all_verb_forms: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    participle_forms: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    attribution_forms: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    opinion_forms: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    cue_forms: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    _complementizer_cache: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        # frozen: the derived tables are set once here, from the lexicon itself
        set_ = object.__setattr__
        set_(self, "verb_forms", conj_forms(self.verbs))
        set_(self, "all_verb_forms", {**conj_forms(self.more_verbs), **self.verb_forms})
        set_(self, "participle_forms", conj_forms(self.participles))
        set_(self, "attribution_forms", conj_forms(self.attributions))
        set_(self, "opinion_forms", conj_forms(self.opinions))
        set_(self, "cue_forms", frozenset(self.all_verb_forms) | frozenset(self.participle_forms)
             | frozenset(self.opinion_forms)
             | frozenset(self.attribution_forms))

    def is_complementizer(self, word: str) -> bool:
        # called for most tokens near a cue or trigger; the answer depends on the form only
        cache = self._complementizer_cache
        got = cache.get(word)
        if got is None:
            if len(cache) >= FORM_CACHE_SIZE:
                cache.clear()
            got = cache[word] = self._is_complementizer(word)
        return got

    def _is_complementizer(self, word: str) -> bool:
        if word in self.complementizers:
            return True
        for suffix in PRONOUN_SUFFIXES:
            if word.endswith(suffix) and word[: -len(suffix)] in self.complementizers:
                return True
        # "أنه" normalises to "انه"; "إنني" to "انني"
        return word in {"انني", "اننا"} or (word.startswith(("بان", "فان")) and word[3:] in PRONOUN_SUFFIXES)


def lam_glued(t: Token, mentions: MentionIndex) -> bool:
    """Whether a token is ل + a noun or a name: whom words were said to ("لرويترز", "للصحفيين"), where one goes
    ("لمصر", "لقاعة"). The segmenter cuts ل off known words only, so a name's ل is found by the mention after it."""
    if t.prefix.lstrip("وف")[:1] == "ل":
        return True
    return t.norm[:1] == "ل" and any(r.start == t.start + 1 for r in mentions.within(t.start, t.end))


def _by_first_word(phrases: Iterable[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases by their first word: first -> the rests (several phrases may share a first word: في بيان, في
    تصريح…; a dict of one rest per first word kept only the last of them)."""
    out: dict[str, tuple[tuple[str, ...], ...]] = {}
    for p in phrases:
        out[p[0]] = (*out.get(p[0], ()), p[1:])
    return out


def _phrase_at(tokens: list[Token], j: int, phrases: dict[str, tuple[tuple[str, ...], ...]]) -> bool:
    """Whether one of `phrases` (by first word) starts at token j."""
    rests = phrases.get(tokens[j].norm)
    return rests is not None and any(tuple(x.norm for x in tokens[j + 1:j + 1 + len(r)]) == r for r in rests)


@config.data_cache
def cue_lexicon() -> CueLexicon:
    # ~35 ms to build (PyYAML's import and the file's parse and check most of it); kept in the user's cache
    # (marsad.fastload) while the rule files and the code that reads them are unchanged.
    from ..fastload import load_or_build

    sources = ("stages/quotes.py", "text/*.py", "config.py", "rules_schema.py", "data/quotes/*.yaml")
    return load_or_build("quotes-cues", sources, _build_cue_lexicon)


def _build_cue_lexicon() -> CueLexicon:
    data = load_data("quotes/cues.yaml")
    verbs: dict[str, str] = {}
    more: dict[str, str] = {}
    lemmas: dict[str, str] = {}
    for section, table in (("verbs", verbs), ("more_verbs", more)):
        for lemma, forms in (data.get(section) or {}).items():
            for tag, words in forms.items():
                for w in words:
                    table[norm(w)] = tag
                    lemmas[norm(w)] = norm(lemma)
    participles = {norm(w): tag for tag, words in data["participles"].items() for w in words}
    phrases = tuple(tuple(norm(p).split()) for p in data["attributions"])
    return CueLexicon(
        verbs=verbs,
        participles=participles,
        complementizers=norm_set(data["complementizers"]),
        restating=norm_set(data["restating"]),
        impersonal=norm_set(data["impersonal"]),
        attributions={p[0]: len(p) for p in phrases},
        switch_markers=tuple(tuple(norm(p).split()) for p in data["switch_markers"]),
        subject_boundaries=_by_first_word(tuple(norm(b).split()) for b in data["subject_boundaries"]),
        female_role_heads=norm_set(data["female_role_heads"]),
        female_names=norm_set(data["female_names"]),
        name_contexts=norm_set(data["name_contexts"]),
        unnamed_sources=norm_set(data.get("unnamed_sources", [])),
        source_adverbs=norm_set(data.get("source_adverbs", [])),
        attribution_phrases=phrases,
        verb_lemmas=lemmas,
        more_verbs=more,
        conditional={norm(k): norm_set(v) for k, v in data.get("conditional", {}).items()},
        nominal={norm(k): norm_set(v or []) for k, v in data.get("nominal", {}).items()},
        nominal_participles=norm_set(data.get("nominal_participles", [])),
        modal_nouns=norm_set(data.get("modal_nouns", [])),
        verbal_nouns=norm_set(data.get("verbal_nouns", [])),
        person_sources=norm_set(data.get("person_sources", [])),
        group_sources=norm_set(data.get("group_sources", [])),
        quantifiers=norm_set(data.get("quantifiers", [])),
        documents=norm_set(data.get("documents", [])),
        honorifics=norm_set(data.get("honorifics", [])),
        honorific_titles=norm_set(data.get("honorific_titles", [])),
        opinions={norm(w): tag for tag, words in (data.get("opinions") or {}).items() for w in words},
        # the content words a conditional cue needs ("تأكيد", "قول"), not its particles ("في", "عن", "أن")
        conditional_words=frozenset(norm(w) for ws in data.get("conditional", {}).values() for w in ws)
        - NOT_SUBJECT_HEADS - norm_set(data["complementizers"]) - {"انه", "انها"},
    )


def entity_gender(ent: Entity, lex: CueLexicon) -> str:
    """'f', 'm', or '*' (organisations and places agree with either verb form)."""
    if ent.type != "PER":
        return "*"
    words = [w[0].removeprefix("ال") for w in [norm(r.text).split()[:1] for r in ent.roles]
             + [norm(ent.name).split()[:1]] if w]
    if any(w in lex.female_role_heads or w in lex.female_names for w in words):
        return "f"
    return "m"


_LAST_WORD_RE = re.compile(r"(\S+)\s*$")


def _female_title_before(body: str, start: int, lex: CueLexicon) -> bool:
    """Whether the word right before offset `start` is a woman's title ("الطالبة", "الشيخة", "السيدة")."""
    if body[max(0, start - 2):start].strip()[-1:] not in ("ة", "ه"):
        return False  # every such title ends in ة (one look at a character, most mentions stop here)
    m = _LAST_WORD_RE.search(body, max(0, start - 24), start)
    if m is None:
        return False
    word = norm(m.group(1))
    word = strip_conj(word, lex.female_role_heads) or word
    return (word[2:] if word.startswith("ال") else word) in lex.female_role_heads


def agrees(tag: str, gender: str) -> bool:
    return gender == "*" or tag in ("d", "p", "*") or tag == gender


def fits(tag: str, ref_type: str, gender: str) -> bool:
    """Whether a cue of this form can have this entity as an implicit speaker: agreeing in gender, and a plural
    or dual form ("مؤكدين", "وأضافوا") never one person ("اتهم آخرون صالح …، مشيرين": not Saleh)."""
    return agrees(tag, gender) and not (tag in ("d", "p") and ref_type == "PER")
