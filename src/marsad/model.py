"""The central data model: one Document, many standoff layers.

A Document holds the text the user sees (`body`) and layers of records that point into it with
character offsets. The invariant every stage keeps: for every span, ``body[start:end] == text``.
Things that are not part of the body (title, sub-headings, captions, removed lines) keep the line
number of the input they came from instead, so the user can still find them.

Every record serialises with ``to_dict`` and comes back with ``from_dict``; `Document.to_dict`
is the JSON object `marsad extract` prints (schema: ``marsad/schema/document.schema.json``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, TypeVar

SCHEMA_VERSION = "1.0"

T = TypeVar("T")


class Record:
    """Mixin: dataclass <-> plain dict, recursing into nested records and lists of them."""

    __slots__ = ()  # lets the numerous records (tokens) be slotted dataclasses

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            out[f.name] = _to_plain(getattr(self, f.name))
        return out

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        hints = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        kwargs: dict[str, Any] = {}
        for name, value in data.items():
            if name not in hints:
                continue  # tolerate fields from newer versions
            nested = _NESTED.get((cls.__name__, name))
            if nested is not None and value is not None:
                if isinstance(value, list):
                    value = [nested.from_dict(v) for v in value]
                else:
                    value = nested.from_dict(value)
            kwargs[name] = value
        return cls(**kwargs)


def _to_plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_plain(v) for k, v in value.items()}
    return value


@dataclass
class Span(Record):
    """A slice of the body: ``body[start:end] == text``."""

    start: int
    end: int
    text: str


@dataclass
class Line(Record):
    """A line of the input that is not body text (title, caption, furniture…), with its 1-based line number."""

    text: str
    line: int
    reason: str | None = None  # why it was set aside (for `removed`)
    credit: str | None = None  # photo credit (for `captions`)
    url: str | None = None  # a link found in it (e.g. after "انسخ الرابط")


@dataclass
class Published(Record):
    """The publication date (the anchor of relative dates) and how it was found."""

    date: str | None  # ISO YYYY-MM-DD, or None when it could not be determined
    method: str  # metadata | user | crawled (from a crawl time and the text) | inferred | none
    confidence: float = 0.0
    candidates: list[str] = field(default_factory=list)  # other dates still possible
    evidence: list[str] = field(default_factory=list)  # human-readable reasons

    def __str__(self) -> str:  # print(doc.published): the date and how it was found (repr keeps everything)
        return f"{self.date or 'unknown'} ({self.method}, confidence {self.confidence:.2f})"


@dataclass
class DateMention(Record):
    """A date expression in the body and what it resolves to.

    `value` is an ISO date (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY); `values` lists several
    dates for coordinated expressions ("الـ13 والـ14 من أغسطس"); `interval` gives [start, end] (inclusive)
    for ranges and periods ("الأسبوع المقبل").
    """

    id: str
    start: int
    end: int
    text: str
    kind: str  # date | weekday | relative | month | year | interval | hijri
    value: str | None = None
    values: list[str] = field(default_factory=list)
    interval: list[str] | None = None
    calendar: str = "gregorian"
    hijri: str | None = None  # the Hijri value as written, for Hijri dates
    rule: str = ""  # which rule resolved it (for debugging and evaluation)
    certain: bool = True  # False when the year or the anchor was guessed


@dataclass(slots=True)  # ~900 per article: slots make them cheaper to build and to keep
class Token(Record):
    start: int
    end: int
    text: str
    norm: str  # normalised form (see marsad.text.normalize)
    prefix: str = ""  # proclitics split off the stem (و ف ب ل ك ال س)
    stem: str = ""  # the token without its proclitics (normalised)
    kind: str = "word"  # word | number | punct | url | latin | symbol


@dataclass
class Sentence(Record):
    start: int
    end: int
    text: str
    paragraph: int  # index into Document.paragraphs


@dataclass
class Mention(Record):
    """A typed mention in the body, as recognised (before grouping into entities)."""

    start: int
    end: int
    text: str
    type: str  # PER | ORG | LOC | MISC
    source: str = "model"  # model | rule | kb | coref
    entity: str | None = None  # id of the entity it belongs to, once grouped


@dataclass
class Role(Record):
    """A role of a person as stated in the article, normalised."""

    text: str  # as written, e.g. "وزير الخارجية الروسي"
    office: str | None = None  # normalised office, e.g. "foreign minister"
    organisation: str | None = None
    country: str | None = None  # ISO 3166 alpha-2
    start: str | None = None  # tenure start (from the KB) when known
    end: str | None = None


# The entity types (Mention.type, Entity.type): person, organisation, place, anything else named.
ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")


@dataclass
class Entity(Record):
    id: str
    type: str  # PER | ORG | LOC | MISC
    name: str  # Arabic canonical name
    name_en: str | None = None
    actor: str | None = None  # KB id or None
    roles: list[Role] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)


# How a quote's speaker was found, from the most to the least direct (Quote.speaker_via): the evidence an
# analyst weighs before trusting an attribution the article does not state next to the words.
SPEAKER_VIA: dict[str, str] = {
    "subject": "named in the clause: after the verb (قال لافروف), before it (لافروف قال), or by an attribution (حسب الوزارة)",
    "noun": "a common noun of the clause that refers back to an entity (وأضاف الوزير، وقالت الوزارة)",
    "relative": "the antecedent of a relative pronoun (… التي قالت)",
    "switch": "the other party after a turn marker (من جانبه، بدورها)",
    "recent": "the person named in the paragraph since the last quote (دعا X … . وقال)",
    "discourse": "the current speaker of the running discourse, agreeing with the verb (وأردف قائلا، وتابع أن)",
    "nearest": "the nearest earlier person that agrees with the verb (no speaker so far)",
    "continued": "the speaker of a quote left open at the end of the paragraph before",
    "unnamed": "no entity: a source named by a common noun, kept as speaker_name (قال مسؤول أمريكي، وقالت النيابة)",
}
# Filters over speaker_via (marsad quotes --via, /api/quotes?via=): a value above or one of these groups.
SPEAKER_VIA_GROUPS: dict[str, tuple[str, ...]] = {
    "stated": ("subject",),  # the article names the speaker next to the words
    "inferred": ("noun", "relative", "switch", "recent", "discourse", "nearest", "continued"),
    "unnamed": ("unnamed",),
}


def speaker_via_values(spec: str) -> tuple[str, ...]:
    """The speaker_via values a filter means: comma-separated values of SPEAKER_VIA or SPEAKER_VIA_GROUPS.
    ValueError names the first unknown one."""
    out: list[str] = []
    for part in (p.strip() for p in spec.split(",")):
        if part in SPEAKER_VIA_GROUPS:
            out += SPEAKER_VIA_GROUPS[part]
        elif part in SPEAKER_VIA:
            out.append(part)
        else:
            raise ValueError(f"unknown speaker_via {part!r}; use {', '.join([*SPEAKER_VIA_GROUPS, *SPEAKER_VIA])}")
    return tuple(dict.fromkeys(out))


@dataclass
class Quote(Record):
    id: str
    speaker: str | None  # entity id
    speaker_name: str | None
    text: str
    kind: str  # direct | indirect | mixed
    cue: str | None
    start: int
    end: int
    cue_span: Span | None = None
    date: str | None = None  # when it was said, if the text says
    speaker_via: str | None = None  # how the speaker was found (SPEAKER_VIA); None without a speaker


# What an event's trigger says of it (Event.status): it took place, is planned, is denied, is only possible
# (asked for, conditional), or is under way. The archive's filters and forms offer these.
EVENT_STATUSES = ("happened", "planned", "denied", "hypothetical", "ongoing")


@dataclass
class Event(Record):
    id: str
    type: str  # PLOVER type, plus STATEMENT
    mode: str | None  # CONSULT mode: meet | visit | host | phone | multilateral
    cameo: str | None
    source: list[str] = field(default_factory=list)  # entity ids
    target: list[str] = field(default_factory=list)
    date: str | None = None
    date_interval: list[str] | None = None
    place: str | None = None  # entity id of the place
    place_name: str | None = None
    status: str = "happened"  # happened | planned | denied | hypothetical | ongoing
    trigger: Span | None = None
    evidence: list[Span] = field(default_factory=list)
    confidence: float = 0.5
    # Who the article has it from, when it knows the event only from someone's words (every mention of it
    # is inside a quote): the quote's id, and its speaker (entity id and name; None when unattributed).
    quote: str | None = None
    reported_by: str | None = None
    reported_by_name: str | None = None


@dataclass
class Document(Record):
    """One article and all that marsad found in it."""

    source_name: str = ""  # the path or label of the input
    title: str | None = None
    section: str | None = None
    url: str | None = None
    credit: str | None = None
    outlet: str | None = None
    language: str = "ar"
    published: Published | None = None
    body: str = ""
    paragraphs: list[Span] = field(default_factory=list)
    subheadings: list[Line] = field(default_factory=list)
    captions: list[Line] = field(default_factory=list)
    removed: list[Line] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # Input as read (not serialised unless asked): cleaning stages read it.
    raw: str = ""
    # What the input gave before any stage ran (title, url, outlet, section, published), kept by ingest with
    # `raw` so `marsad reanalyse` can run the stages again as a fresh ingest would (readers.document).
    given: dict[str, Any] | None = None
    stages: list[str] = field(default_factory=list)  # names@versions of the stages that ran
    schema_version: str = SCHEMA_VERSION

    # Layers that are internal working state, left out of the default JSON output.
    INTERNAL = ("raw", "given", "tokens", "sentences", "mentions")

    def to_dict(self, *, internal: bool = False) -> dict[str, Any]:  # type: ignore[override]
        # Skip the internal layers before converting: tokens alone cost ten times the rest.
        return {f.name: _to_plain(getattr(self, f.name)) for f in dataclasses.fields(self)
                if internal or f.name not in self.INTERNAL}

    def derived(self) -> dict[str, Any]:
        """Working values a stage computes from this document's layers and a later stage reuses (the quotes
        and events stages share one mention index): per-document state kept on the document, never in
        module globals; not a layer, so never serialised, compared or pickled."""
        cache = self.__dict__.get("_derived")
        if cache is None:
            cache = self.__dict__["_derived"] = {}
        return cache  # type: ignore[no-any-return]

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_derived", None)  # a worker's document travels without its working values
        return state

    def span(self, start: int, end: int) -> Span:
        """A Span of the body, checked against the invariant."""
        if not (0 <= start <= end <= len(self.body)):
            raise ValueError(f"span {start}:{end} outside body of length {len(self.body)}")
        return Span(start, end, self.body[start:end])

    def all_spans(self) -> list[tuple[str, int, int, str]]:
        """Every (layer, start, end, text) the document reports, for invariant checks."""
        out: list[tuple[str, int, int, str]] = []
        for name in ("paragraphs",):
            out += [(name, s.start, s.end, s.text) for s in getattr(self, name)]
        for name in ("sentences", "tokens", "dates", "mentions", "quotes"):
            out += [(name, s.start, s.end, s.text) for s in getattr(self, name)]
        for ent in self.entities:
            out += [("entities", m.start, m.end, m.text) for m in ent.mentions]
        for q in self.quotes:
            if q.cue_span:
                out.append(("quotes.cue", q.cue_span.start, q.cue_span.end, q.cue_span.text))
        for ev in self.events:
            if ev.trigger:
                out.append(("events.trigger", ev.trigger.start, ev.trigger.end, ev.trigger.text))
            out += [("events.evidence", s.start, s.end, s.text) for s in ev.evidence]
        return out


# Which fields hold nested records, for from_dict.
_NESTED: dict[tuple[str, str], type[Record]] = {
    ("Document", "published"): Published,
    ("Document", "paragraphs"): Span,
    ("Document", "subheadings"): Line,
    ("Document", "captions"): Line,
    ("Document", "removed"): Line,
    ("Document", "sentences"): Sentence,
    ("Document", "tokens"): Token,
    ("Document", "dates"): DateMention,
    ("Document", "mentions"): Mention,
    ("Document", "entities"): Entity,
    ("Document", "quotes"): Quote,
    ("Document", "events"): Event,
    ("Entity", "roles"): Role,
    ("Entity", "mentions"): Span,
    ("Quote", "cue_span"): Span,
    ("Event", "trigger"): Span,
    ("Event", "evidence"): Span,
}

__all__ = [
    "Record",
    "Span",
    "Line",
    "Published",
    "DateMention",
    "Token",
    "Sentence",
    "Mention",
    "Role",
    "Entity",
    "Quote",
    "Event",
    "Document",
    "SCHEMA_VERSION",
    "ENTITY_TYPES",
    "EVENT_STATUSES",
]
