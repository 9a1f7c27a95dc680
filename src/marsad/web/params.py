"""Validation of query parameters: every bad value becomes a BadParameter naming the parameter and the
reason, which the app answers with 400 (never a 500)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

import yaml

MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 25
MAX_QUERY_CHARS = 500
_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class BadParameter(ValueError):
    """A request parameter that cannot be used; `name` is the parameter, the message the reason."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}")


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def as_int(name: str, value: str | None, default: int, lo: int, hi: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadParameter(name, f"must be a whole number, got {value!r}") from None
    if not lo <= number <= hi:
        raise BadParameter(name, f"must be between {lo} and {hi}, got {number}")
    return number


def paging(page: str | None, per_page: str | None) -> Paging:
    return Paging(as_int("page", page, 1, 1, 100_000), as_int("per_page", per_page, DEFAULT_PER_PAGE, 1, MAX_PER_PAGE))


def check_date(name: str, value: str | None) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD that is a real date; None or '' means no bound."""
    if value is None or value == "":
        return None
    m = _DATE_RE.fullmatch(value)
    if not m:
        raise BadParameter(name, f"must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        date(year, month, day)
    except ValueError:
        raise BadParameter(name, f"is not a real date: {value!r}") from None
    return value


def date_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    since, until = check_date("since", since), check_date("until", until)
    if since and until and since > until + "~":
        raise BadParameter("since", f"{since} is after until={until}")
    return since, until


def check_choice(name: str, value: str | None, allowed: tuple[str, ...] | frozenset[str]) -> str | None:
    if value is None or value == "":
        return None
    if value not in allowed:
        raise BadParameter(name, f"unknown value {value!r}; use one of: {', '.join(sorted(allowed))}")
    return value


def check_via(value: str | None) -> tuple[str, ...]:
    """The speaker_via values of a `via` filter (model.speaker_via_values), or BadParameter."""
    if not value:
        return ()
    from ..model import speaker_via_values

    try:
        return speaker_via_values(value)
    except ValueError as err:
        raise BadParameter("via", str(err)) from None


def check_sort(value: str | None, allowed: dict[str, str], default: str) -> tuple[str, str]:
    """(name, SQL ORDER BY clause) for a sort key; '-key' sorts descending where the key allows it."""
    key = value or default
    if key not in allowed:
        raise BadParameter("sort", f"unknown sort {key!r}; use one of: {', '.join(allowed)}")
    return key, allowed[key]


def check_text(name: str, value: str | None, max_chars: int = MAX_QUERY_CHARS) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if len(value) > max_chars:
        raise BadParameter(name, f"is longer than {max_chars} characters")
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        raise BadParameter(name, "contains control characters")
    return value or None


@lru_cache(maxsize=1)
def event_types() -> frozenset[str]:
    """The event types the events stage can produce (from its trigger data), plus STATEMENT."""
    data = yaml.safe_load(resources.files("marsad.data").joinpath("events/triggers.yaml").read_text("utf-8"))
    types = {t["type"] for t in data.get("triggers", []) if t.get("type")}
    return frozenset(types | {"STATEMENT"})


STATUSES = ("happened", "planned", "denied", "hypothetical", "ongoing")
ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")
