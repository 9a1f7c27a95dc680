"""Role tenures as constraints on dates: "رئيس الائتلاف الوطني السوري خالد خوجة" means the article was
written while Khoja held that office. The date layer uses these to narrow the publication year."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TenureConstraint:
    start: str | None  # ISO date the role began (None = unknown / open)
    end: str | None  # ISO date the role ended (None = still held / open)
    reason: str  # human-readable, e.g. "خالد خوجة as رئيس الائتلاف الوطني السوري (2015-01-04..2016-03-05)"
    actor: str = ""  # KB id


def tenure_constraints(text: str, kb_dirs: tuple[str, ...] = ()) -> list[TenureConstraint]:
    """Constraints from KB people named with a role title they held for a bounded period.

    "وزير الخارجية السعودي عادل الجبير" gives 2015-04-29..2018-12-27. A title followed by "السابق"
    (former) gives the period after the role ended. One constraint per (person, title); when the
    person held the office more than once, the constraint spans all the terms.
    """
    from .analysis import analyse_text  # the KB loads lazily, on first use

    analysis = analyse_text(text, tuple(kb_dirs))
    kb = analysis.kb
    out: list[TenureConstraint] = []
    seen: set[tuple[str, str | None, str | None]] = set()
    for binding in analysis.bindings:
        actor_id = analysis.person_actor(binding.person)
        if actor_id is None:
            continue
        roles = []
        for sense in binding.senses:
            from .roles import matching_roles

            roles += [r for r in matching_roles(kb, actor_id, sense) if r.bounded and r not in roles]
        if not roles:
            continue
        title = text[binding.title.start:binding.title.end]
        if binding.title.former:
            ends = [r.end for r in roles]
            if any(e is None for e in ends):
                continue  # "former" of a role still held: an earlier term, no bound we can use
            start, end = min(ends), None  # type: ignore[type-var]
        else:
            starts = [r.start for r in roles]
            ends = [r.end for r in roles]
            start = None if any(s is None for s in starts) else min(starts)  # type: ignore[type-var]
            end = None if any(e is None for e in ends) else max(ends)  # type: ignore[type-var]
        if start is None and end is None:
            continue
        key = (actor_id, start, end)
        if key in seen:
            continue
        seen.add(key)
        name = kb.actors[actor_id].name
        former = " (السابق: after the role ended)" if binding.title.former else ""
        out.append(TenureConstraint(start, end, f"{name} as {title}{former} ({start or '?'}..{end or ''})",
                                    actor_id))
    return out
