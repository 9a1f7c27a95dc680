"""What each rule file under marsad/data may hold, and the check `config.load_rules` makes when it reads one.

A light description per file kind, written by hand: `Fields` (a mapping with these keys; ``"key?"`` is
optional; any other key is an error), `Table` (a mapping of any keys to values of one kind), `List`,
`OneOf`, and the Python types ``str``, ``int``, ``float`` (an int is a float), ``bool``. The check runs on
the parsed data; only when it fails is the file composed again to find the line of the offending node
(PyYAML's node marks), so the message names the file, the line and the key path, e.g.

    [E300] …/marsad/data/events/triggers.yaml: line 41: triggers[3]: unknown key 'not_befor' (known: …)

A rule file that gains a key (a new kind of rule) gains it here in the same commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fnmatch import fnmatch
from typing import Any

from .errors import ModelError

PathPart = str | int


class Mismatch(Exception):  # noqa: N818 - a signal inside the check, turned into a ModelError
    def __init__(self, path: tuple[PathPart, ...], message: str, key_node: bool = False) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.key_node = key_node  # the mark of the key itself (an unknown key), not of its value


class Spec:
    def check(self, value: Any, path: tuple[PathPart, ...]) -> None:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class Scalar(Spec):
    types: tuple[type, ...]
    name: str

    def check(self, value: Any, path: tuple[PathPart, ...]) -> None:
        # bool is an int in Python: a `true` is no number here, nor a number a flag
        if isinstance(value, bool) and bool not in self.types:
            raise Mismatch(path, f"expected {self.name}, got a boolean ({value!r})")
        if not isinstance(value, self.types):
            raise Mismatch(path, f"expected {self.name}, got {_kind(value)} ({_short(value)})")

    def describe(self) -> str:
        return self.name


STR = Scalar((str,), "a string")
INT = Scalar((int,), "a whole number")
NUMBER = Scalar((int, float), "a number")
BOOL = Scalar((bool,), "true or false")


def _spec(s: Spec | type) -> Spec:
    if isinstance(s, Spec):
        return s
    return {str: STR, int: INT, float: NUMBER, bool: BOOL}[s]


@dataclass(frozen=True)
class List(Spec):
    item: Spec | type
    nonempty: bool = False

    def check(self, value: Any, path: tuple[PathPart, ...]) -> None:
        if not isinstance(value, list):
            raise Mismatch(path, f"expected {self.describe()}, got {_kind(value)}")
        if self.nonempty and not value:
            raise Mismatch(path, "expected a non-empty list")
        item = _spec(self.item)
        for i, v in enumerate(value):
            item.check(v, (*path, i))

    def describe(self) -> str:
        return f"a list (each {_spec(self.item).describe()})"


@dataclass(frozen=True)
class Table(Spec):
    """A mapping of any keys (of `key`'s type) to values of one kind."""

    value: Spec | type
    key: Spec | type = str

    def check(self, value: Any, path: tuple[PathPart, ...]) -> None:
        if not isinstance(value, dict):
            raise Mismatch(path, f"expected a mapping, got {_kind(value)}")
        key, item = _spec(self.key), _spec(self.value)
        for k, v in value.items():
            try:
                key.check(k, (*path, k))
            except Mismatch as err:
                raise Mismatch(err.path, f"key {k!r}: {err.message}", key_node=True) from None
            item.check(v, (*path, k))

    def describe(self) -> str:
        return f"a mapping of {_spec(self.value).describe()}"


class Fields(Spec):
    """A mapping with these keys (``"name?"``: optional); any other key is an error."""

    def __init__(self, fields: Mapping[str, Spec | type], *, nullable: bool = False) -> None:
        self.required = {k: _spec(v) for k, v in fields.items() if not k.endswith("?")}
        self.optional = {k[:-1]: _spec(v) for k, v in fields.items() if k.endswith("?")}
        self.nullable = nullable  # an empty file or section (`key:` with nothing) is an empty mapping

    def check(self, value: Any, path: tuple[PathPart, ...]) -> None:
        if value is None and self.nullable:
            return
        if not isinstance(value, dict):
            raise Mismatch(path, f"expected a mapping with the keys {self._names()}, got {_kind(value)}")
        for k, v in value.items():
            spec = self.required.get(k) or self.optional.get(k)
            if spec is None:
                raise Mismatch((*path, k), f"unknown key {k!r} (known: {self._names()})", key_node=True)
            spec.check(v, (*path, k))
        missing = [k for k in self.required if k not in value]
        if missing:
            raise Mismatch(path, f"missing key(s) {', '.join(missing)}")

    def _names(self) -> str:
        return ", ".join([*self.required, *self.optional]) or "none"

    def describe(self) -> str:
        return f"a mapping with the keys {self._names()}"


class OneOf(Spec):
    def __init__(self, *options: Spec | type) -> None:
        self.options = tuple(_spec(o) for o in options)

    def check(self, value: Any, path: tuple[PathPart, ...]) -> None:
        errors = []
        for option in self.options:
            try:
                option.check(value, path)
                return
            except Mismatch as err:
                errors.append(err)
        # the option that got furthest into the value says best what is wrong
        raise max(errors, key=lambda e: len(e.path))

    def describe(self) -> str:
        return " or ".join(o.describe() for o in self.options)


class _Date(Spec):
    """A date YAML read as one (``2015-09-15`` unquoted)."""

    def check(self, value: Any, path: tuple[PathPart, ...]) -> None:
        if not isinstance(value, date):
            raise Mismatch(path, f"expected a date, got {_kind(value)}")

    def describe(self) -> str:
        return "a date"


WORDS = List(str)
FORMS = Fields({"m?": WORDS, "f?": WORDS, "d?": WORDS, "p?": WORDS})  # a verb's forms by gender/number

_QUOTE_CUES = Fields({
    "verbs": Table(FORMS), "more_verbs?": Table(FORMS), "conditional?": Table(WORDS), "nominal?": Table(WORDS),
    "nominal_participles?": WORDS, "participles?": FORMS, "complementizers?": WORDS, "restating?": WORDS,
    "impersonal?": WORDS, "attributions?": WORDS, "switch_markers?": WORDS, "subject_boundaries?": WORDS,
    "unnamed_sources?": WORDS, "source_adverbs?": WORDS, "female_role_heads?": WORDS, "female_names?": WORDS,
    "name_contexts?": WORDS, "modal_nouns?": WORDS, "person_sources?": WORDS, "group_sources?": WORDS,
    "spokesmen?": WORDS, "documents?": WORDS, "verbal_nouns?": WORDS, "quantifiers?": WORDS,
    "honorifics?": WORDS, "honorific_titles?": WORDS, "opinions?": Table(WORDS),
    "addressee_titles?": WORDS, "conditional_clause?": WORDS,
})

_TRIGGER = Fields({
    "id": str, "type": str, "mode?": str, "cameo?": str, "pos?": str, "words?": WORDS, "nouns?": WORDS,
    "needs?": WORDS, "not_before?": WORDS, "not_after?": WORDS, "not_next?": WORDS, "not_prefix?": WORDS,
    "only_prefix?": WORDS, "target_preps?": WORDS, "source_preps?": WORDS, "place_object?": bool,
    "shares_subject?": bool, "shares_object?": bool, "participle?": bool, "genitive_actor?": bool,
    "needs_target?": bool,
    "needs_two?": bool,
    "needs_source?": bool,
})
_TRIGGERS = Fields({"triggers": List(_TRIGGER)})

_CUE_PLACES = Fields({"before?": WORDS, "after?": WORDS, "far?": WORDS, "clause?": WORDS, "asked?": WORDS})
_STATUS = Fields({
    "planned": _CUE_PLACES, "denied": _CUE_PLACES, "hypothetical": _CUE_PLACES, "ongoing?": _CUE_PLACES,
    "anaphoric_subjects?": WORDS, "with_words?": WORDS, "place_words?": WORDS, "between_words?": WORDS,
    "head_words?": WORDS, "mode_words?": Table(WORDS), "sports_words?": WORDS, "list_heads?": WORDS,
    "ordinals?": WORDS, "adverbs?": WORDS, "title_words?": WORDS, "role_heads?": WORDS, "facility_heads?": WORDS, "greeting_words?": WORDS, "handing_verbs?": WORDS, "not_guests?": WORDS, "document_nouns?": WORDS, "undergo_words?": WORDS,
    "plural_subjects?": WORDS,
})

_MONTH = Fields({"names": WORDS, "standalone?": WORDS})
_WORD_NUMBERS = Table(int)
_DATES = Fields({
    # required: what the lexicon reads with raw[...] (dates.lexicon.load_lexicon)
    "gregorian_months": Table(_MONTH, int), "hijri_months": Table(_MONTH, int), "weekdays": Table(WORDS, int),
    "relative_days": _WORD_NUMBERS, "periods": Table(WORDS), "period_parts": Table(WORDS),
    "number_words": _WORD_NUMBERS, "future_words": WORDS, "future_prefix": str, "future_prefix_exceptions": WORDS,
    "clause_breaks": WORDS, "today_not_followed_by": WORDS, "next_words": WORDS, "previous_words": WORDS,
    "current_words": WORDS,
    "duration_units": Table(Fields({"one?": WORDS, "two?": WORDS, "many?": WORDS, "counted?": WORDS})),
    "seasons": Table(Fields({"names": WORDS, "construct?": WORDS, "months": List(int)})),
    # read with Lexicon.words / .table (absent: empty)
    "hijri_markers?": WORDS, "gregorian_markers?": WORDS, "hijri_month_epithets?": WORDS,
    "today_nowadays_after?": WORDS, "today_rate_nouns?": WORDS, "today_paper_before?": WORDS,
    "today_byline_before?": WORDS, "anaphoric_days?": _WORD_NUMBERS, "anaphoric_days_before?": _WORD_NUMBERS,
    "anaphoric_years?": _WORD_NUMBERS, "anaphoric_years_before?": _WORD_NUMBERS, "month_name_heads?": WORDS,
    "decade_not_after?": WORDS, "duration_fillers?": WORDS, "duration_repeated_before?": WORDS,
    "month_ahead_after?": WORDS, "scheduled_after?": WORDS,
    "yesterday_not_followed_by?": WORDS, "period_after_narrated?": WORDS, "weekday_surnames?": WORDS,
    "weekday_name_heads?": WORDS, "weekday_not_followed_by?": WORDS, "day_parts?": WORDS, "eve_words?": WORDS,
    "this_month_words?": WORDS, "before_previous_words?": WORDS, "after_next_words?": WORDS, "this_words?": WORDS,
    "general_nouns?": WORDS, "period_epithets_not_dates?": WORDS, "group_nouns?": WORDS, "first_day_part?": WORDS,
    "parts_not_before_bare_year?": WORDS, "since_words?": WORDS, "month_after_words?": WORDS,
    "month_after_verb_words?": WORDS, "months_as_written?": WORDS, "ago_words?": WORDS, "after_words?": WORDS,
    "within_words?": WORDS, "approximately?": WORDS, "duration_relative_to?": WORDS, "span_words?": WORDS,
    "span_past?": WORDS, "span_next?": WORDS, "year_fractions?": _WORD_NUMBERS, "fraction_ordinals?": _WORD_NUMBERS,
    "year_not_calendar?": WORDS, "decades?": _WORD_NUMBERS, "century_ordinals?": _WORD_NUMBERS,
    "hijri_feasts?": Table(List(int)), "sighted_month_starts?": Table(OneOf(str, _Date())),
    "feast_day_ordinals?": _WORD_NUMBERS, "named_day_nouns?": WORDS,
    "named_days?": List(Fields({"day": int, "month": int, "year": int, "nouns": WORDS})),
    "bare_year_not_after?": WORDS, "bare_year_after_nouns?": WORDS, "ordinal_days?": _WORD_NUMBERS, "year_words?": WORDS, "range_from?": WORDS,
    "range_to?": WORDS, "range_between?": WORDS, "of_word?": WORDS, "month_word?": WORDS, "present_prefix?": str,
    "present_not_future?": WORDS, "week_start?": int, "month_name_particles?": WORDS, "maybe_words?": WORDS,
    "present_verb_prefix?": str, "future_verb_suffixes?": str, "present_clause_stops?": WORDS, "weekday_two_heads?": WORDS, "weekday_this_before?": WORDS,
    "weekday_coming_after?": WORDS, "past_plan_words?": WORDS, "season_after_words?": WORDS,
    "habitual_words?": WORDS, "past_link_words?": WORDS,
})

_PATTERN = OneOf(str, Fields({"pattern": str, "any_length?": bool, "joins_block?": bool}))
_FURNITURE = Table(List(_PATTERN))  # reason -> patterns
_CLEAN_COMMON = Fields({
    "max_furniture_words?": int, "furniture?": _FURNITURE, "block_reasons?": WORDS, "max_block_lines?": int,
    "credit?": Fields({"patterns?": WORDS, "agencies?": WORDS}), "photo_agencies?": WORDS,
    "caption?": Fields({"min_gap_spaces?": int, "max_credit_words?": int, "patterns?": WORDS}),
    "section?": Fields({"max_words?": int, "breadcrumb_separators?": WORDS, "home_crumbs?": WORDS, "names?": WORDS}),
    "prose?": Fields({"final_punctuation?": str, "closing_marks?": str, "min_words_without_punctuation?": int}),
    "title?": Fields({"min_words?": int, "max_words?": int, "max_words_if_ends_with_period?": int}),
    "subheading?": Fields({"min_words?": int, "max_words?": int}),
    "dates?": Fields({"published_cues?": WORDS, "updated_cues?": WORDS, "weekdays?": WORDS, "time_words?": WORDS,
                      "months?": Table(WORDS, OneOf(int, str))}),
})
_CLEAN_OUTLET = Fields({"id?": str, "name?": str, "hosts?": WORDS, "cues?": WORDS, "sections?": WORDS,
                        "furniture?": _FURNITURE})

_NER_RULES = Fields({
    "clitics?": WORDS, "min_stem?": int, "title_max_skip?": int, "max_name_tokens?": int,
    "quoted_org?": Fields({"max_tokens?": int, "clitic_tokens?": WORDS}), "continue_min_entity_prob?": float,
    "type_map?": Table(str), "ambiguous_first_names?": WORDS, "ambiguous_min_entity_prob?": float,
    "cue_org_max_words?": int,
}, nullable=True)

_ROMANIZE = Fields({"words": Table(str), "letters": Table(str)})

# The file kinds: a path relative to the data directory, or a glob of them.
SCHEMAS: dict[str, Spec] = {
    "quotes/cues.yaml": _QUOTE_CUES,
    "events/triggers.yaml": _TRIGGERS,
    "events/status.yaml": _STATUS,
    "dates/ar.yaml": _DATES,
    "clean/common.yaml": _CLEAN_COMMON,
    "clean/outlets/*.yaml": _CLEAN_OUTLET,
    "ner/rules.yaml": _NER_RULES,
    "kb/romanize.yaml": _ROMANIZE,
}


def schema_for(kind: str) -> Spec:
    spec = SCHEMAS.get(kind)
    if spec is None:
        spec = next((s for pattern, s in SCHEMAS.items() if fnmatch(kind, pattern)), None)
    if spec is None:
        raise ModelError(f"no schema for the rule file kind {kind!r} (marsad.rules_schema.SCHEMAS)")
    return spec


def check(data: Any, kind: str, source: str, text: str | None = None) -> None:
    """Check parsed rule-file data against its kind's schema; a ModelError naming the file (`source`), the
    line (from `text`, the file's YAML) and the key path when it does not fit."""
    try:
        schema_for(kind).check(data, ())
    except Mismatch as err:
        line = _line_of(text, err.path, err.key_node) if text is not None else None
        at = _path_text(err.path[:-1] if err.key_node else err.path)  # a key's message names the key
        where = f"line {line}: " if line else ""
        raise ModelError(f"{where}{at + ': ' if at else ''}{err.message}", source=source) from None


def _line_of(text: str, path: tuple[PathPart, ...], key_node: bool) -> int | None:
    """The 1-based line of the node at `path` in the YAML `text` (its key's line for an unknown key)."""
    import yaml

    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe
    except yaml.YAMLError:
        return None
    mark = node.start_mark if node is not None else None
    for depth, part in enumerate(path):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if _scalar_equal(k, part):
                    is_last = depth == len(path) - 1
                    node, mark = v, (k.start_mark if is_last and key_node else v.start_mark)
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            mark = node.start_mark
        else:
            break
    return mark.line + 1 if mark is not None else None


def _scalar_equal(node: Any, key: PathPart) -> bool:
    return getattr(node, "value", None) == str(key)


def _path_text(path: tuple[PathPart, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"
