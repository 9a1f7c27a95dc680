"""Role tenures as constraints on dates: "رئيس الائتلاف الوطني السوري خالد خوجة" means the article was
written while Khoja held that office. The date layer uses these to narrow the publication year."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TenureConstraint:
    start: str | None  # ISO date the role began (None = unknown / open)
    end: str | None  # ISO date the role ended (None = still held / open)
    reason: str  # human-readable, e.g. "خالد خوجة as رئيس الائتلاف الوطني السوري (2015-01-04..2016-03-12)"
    actor: str = ""  # KB id


def tenure_constraints(text: str, kb_dirs: tuple[str, ...] = ()) -> list[TenureConstraint]:
    """Constraints from role holders named with their role in `text` (implemented with the KB, issue 3)."""
    return []
