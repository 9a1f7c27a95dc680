"""Titles next to names: which person a title belongs to, and which KB role it is.

Shared by the entities stage and by `tenure_constraints`. A title binds to the name right after it
(after fillers such as المعارض or السابق: "رئيس الائتلاف الوطني السوري المعارض خالد خوجة"), or, when
no name follows, to the name right before it (apposition: "ماريا زاخاروفا رئيسة قسم الإعلام…").
A deputy title between two names goes to the first, and the second gets the office itself:
"رمزي عزالدين رمزي نائب المبعوث الأممي الخاص إلى سوريا ستيفان دي ميستورا".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .base import KBRole, KnowledgeBase, TitleSense
from .match import Index, Word

_APPOSITION_GAP_RE = re.compile(r"^\s*[،,]?\s*$")


@dataclass(frozen=True)
class TitleHit:
    first: int
    last: int  # last word of the title itself
    start: int
    end: int
    senses: tuple[TitleSense, ...]
    former: bool = False  # followed by السابق…: the role had ended
    after: int = 0  # index of the first word after the title and its fillers


@dataclass(frozen=True)
class Binding:
    title: TitleHit
    person: int  # index into the list of person mentions
    senses: tuple[TitleSense, ...]  # the senses that apply to this person
    position: str  # before | after (where the title stands relative to the name)


def find_titles(kb: KnowledgeBase, ws: Sequence[Word], text: str, index: Index[TitleSense],
                norms: list[str] | None = None) -> list[TitleHit]:
    fillers = kb.words("title_fillers")
    # Longest first, then by text: when one phrase starts another the longer one wins, whatever the set's
    # iteration order (which changes with PYTHONHASHSEED).
    former_phrases = sorted(kb.lexicon.get("_former_markers_phrases", frozenset()), key=lambda p: (-len(p), p))
    if norms is None:
        norms = [w.norm for w in ws]
    hits = []
    for m in index.scan(ws, text, norms=norms):
        k = m.last + 1
        former = False
        while k < len(norms) and ws[k].joined:
            phrase = next((p for p in former_phrases if tuple(norms[k:k + len(p)]) == p), None)
            if phrase:
                former = True
                k += len(phrase)
            elif norms[k] in fillers:
                k += 1
            else:
                break
        hits.append(TitleHit(m.first, m.last, m.start, m.end, m.values, former, k))
    return hits


def bind_titles(ws: Sequence[Word], text: str, titles: Sequence[TitleHit],
                persons: Sequence[tuple[int, int]]) -> list[Binding]:
    """Attach titles to person mentions, given as (first word, last word) pairs."""
    by_first = {p[0]: i for i, p in enumerate(persons)}
    by_last = {p[1]: i for i, p in enumerate(persons)}
    out = []
    for t in titles:
        following = by_first.get(t.after) if t.after < len(ws) and (ws[t.after].joined or _APPOSITION_GAP_RE.match(
            text[ws[t.after - 1].end:ws[t.after].start])) else None  # "لوزير الداخلية اللبناني، نهاد المشنوق،"
        if following is not None and _complement_of_a_role(ws, text, t):
            following = None  # "المبعوث الخاص للأمين العام برناردينو ليون": the envoy, not the secretary-general
        preceding = by_last.get(t.first - 1)
        if preceding is not None:
            gap = text[ws[t.first - 1].end: t.start]
            if not _APPOSITION_GAP_RE.match(gap):
                preceding = None
        deputy = [s for s in t.senses if s.office.startswith("deputy_")]
        if deputy and following is not None and preceding is not None:
            out.append(Binding(t, preceding, tuple(deputy), "after"))
            base = tuple(replace(s, office=s.office[len("deputy_"):], office_en=s.office_en[len("deputy "):])
                         for s in deputy)
            out.append(Binding(t, following, base, "before"))
        elif following is not None:
            out.append(Binding(t, following, t.senses, "before"))
        elif preceding is not None:
            out.append(Binding(t, preceding, t.senses, "after"))
    return out


def _complement_of_a_role(ws: Sequence[Word], text: str, t: TitleHit) -> bool:
    """Whether a title with ل is the complement of a role noun before it ("المبعوث الخاص للأمين العام",
    "مستشار لرئيس الوزراء"): the name after it is the first role's holder."""
    if t.first == 0 or not (text[t.start:t.start + 1] == "ل" or text[ws[t.first].start:t.start] == "ل"):
        return False  # (the title's match may start after its clitic: "لخادم الحرمين الشريفين")
    from ..ner.lexicon import load_lexicons

    titles = load_lexicons().words.get("title", frozenset())
    k = t.first - 1
    for _ in range(2):  # the role noun, maybe after one adjective ("الخاص", "الشخصي")
        if k < 0 or not ws[k + 1].joined:
            return False
        norm = ws[k].norm
        if norm in titles or norm[2:] in titles or ("ال" + norm) in titles:
            return True
        k -= 1
    return False


def matching_roles(kb: KnowledgeBase, actor_id: str, sense: TitleSense) -> list[KBRole]:
    """The KB roles of an actor a title sense describes (office and scope agree)."""
    actor = kb.actors.get(actor_id)
    if actor is None:
        return []
    if sense.actor is not None:
        return list(actor.roles) if sense.actor == actor_id else []
    out = []
    for role in actor.roles:
        office = kb.offices.get(role.office)
        if role.office == sense.office:
            pass
        elif sense.office == "minister" and office is not None and office.kind == "minister":
            pass  # "الوزير الروسي" names any Russian minister
        else:
            continue
        if sense.org is not None and role.org != sense.org:
            continue
        if sense.org is None and sense.country is not None and role.country != sense.country:
            continue
        out.append(role)
    return out


def best_sense(kb: KnowledgeBase, actor_id: str | None, senses: Sequence[TitleSense],
               day: str | None) -> tuple[TitleSense, KBRole | None]:
    """The sense that fits the actor's KB roles (one held on `day` first), else the first sense."""
    if actor_id:
        fallback = None
        for sense in senses:
            roles = matching_roles(kb, actor_id, sense)
            held = [r for r in roles if r.held_on(day)]
            if held:
                return sense, held[0]
            if roles and fallback is None:
                fallback = (sense, roles[0])
        if fallback:
            return fallback
    return senses[0], None
