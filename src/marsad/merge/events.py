"""Cross-article events: the mentions (reports) of one real-world event grouped into one merged event.

Two reports are of the same event when (`compatible`):
- same type, and compatible CONSULT modes (meet, host and visit are one meeting seen from either side;
  a phone call or a multilateral gathering is not a bilateral meeting);
- the same participants by actor id: one report's actors a subset of the other's, sharing at least two,
  and no actor on opposite sides of an event that has sides (an accusation, an attack); places named as
  participants do not count; a report naming a single participant joins only a report naming that one at
  the same place, in a visit or in the same words (`same_wording`: a governor receives someone every day);
- strikes, shelling, arrests and protests recur daily between the same sides: those need the same words
  and, when both are dated, the same day; so does any report without a date of its own, except a meeting
  of two known (KB) participants or a visit;
- compatible days: each report says when the event may have been (its day, its month, or without a date
  the two days up to its publication; a planned event from its publication on for two weeks), and the
  two spans overlap, a day of slack for "yesterday" resolved across midnight;
- the same place when both give one (or one inside the other: Moscow and Russia); a hypothetical event only with another hypothetical one.

A new report joins the best merged event all of whose reports it is compatible with (complete linkage:
an event cannot drift along a chain of reports), else starts one. Candidates come from merged_event_keys
(type, actor id, day), so adding an article costs a few indexed look-ups whatever the archive's size.
The merged row's status, date, place and confidence are decided from its reports (`summarise`).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from ..text.normalize import norm

MEETING_MODES = frozenset({"meet", "host", "visit"})
# Types whose source and target are interchangeable (CONSULT: A met B = B met A).
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
UNDATED_BEFORE = 2  # days before its publication an undated report may speak of
PLANNED_AHEAD = 14  # days after its publication an undated planned event may happen
SLACK = 1  # days of slack between two dated reports' spans ("yesterday" resolved across midnight)
# Types that recur day after day between the same sides (strikes, shelling, arrests): two dated reports must
# name the same day, with no slack.
RECURRING_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"})
# A place named as a participant (a city or region, or a place not in the KB: "Jeddah received…") does not
# count among the two shared participants; countries (loc.xx) act as states and do.
_WORD = re.compile(r"\w{2,}")
_PLACE_ACTOR = re.compile(r"^(LOC:|loc\.[a-z]{2}\.)")
KEY_MARGIN = 33  # look-up margin around a report's span (a month's span plus the slack)
WORDING_JACCARD = 0.5
WORDING_COVER = 0.9
SAME_SOURCE = 0.5  # MinHash Jaccard at which two reports' articles are one source (a reprinted wire copy)
STATUS_RANK = {"happened": 0, "ongoing": 1, "denied": 2, "planned": 3, "hypothetical": 4}


@dataclass
class Report:
    """One article's event row, as the merge needs it."""

    article_id: str
    event_id: str
    num: int  # articles.num
    type: str
    mode: str | None
    status: str
    date: str | None
    date_end: str | None
    published: str | None
    outlet: str | None
    place_actor: str | None
    place_name: str | None
    confidence: float
    sources: frozenset[str]
    targets: frozenset[str]
    names: dict[str, str]
    minhash: bytes | None
    pin: str | None = None
    words: frozenset[str] = frozenset()  # the normalised words of its evidence

    @property
    def key(self) -> tuple[str, str]:
        return (self.article_id, self.event_id)

    @property
    def actors(self) -> frozenset[str]:
        return self.sources | self.targets

    @property
    def place(self) -> str | None:
        return self.place_actor or self.place_name

    @property
    def dated(self) -> bool:
        """Whether the report gives the event's own day or month (else its span is guessed from publication)."""
        return bool(self.date) and (len(self.date) >= 7 or not _year_apart(self.date, self.published))

    def span(self) -> tuple[int, int] | None:
        """First and last day (ordinals) the event may have been on, or None when nothing dates it."""
        return report_span(self.date, self.published, self.status, self.date_end)


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text and len(text) >= 10 else None
    except ValueError:
        return None


def report_span(when: str | None, published: str | None, status: str, end: str | None = None
                ) -> tuple[int, int] | None:
    """First and last day (ordinals) a report's event may have been on: its day (to its interval's end, such
    as "next week"), its month, or without either the days up to its publication (UNDATED_BEFORE; a planned
    one: the PLANNED_AHEAD days from its publication on)."""
    day = _day(when)
    if day:
        last = _day(end)
        return day.toordinal(), max(day.toordinal(), last.toordinal() if last else 0)
    if when and len(when) == 7:  # YYYY-MM
        try:
            first = date.fromisoformat(when + "-01")
        except ValueError:
            first = None
        if first:
            last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            return first.toordinal(), last.toordinal()
    if when and len(when) == 4 and _year_apart(when, published):  # another year than its publication's
        try:
            return date(int(when), 1, 1).toordinal(), date(int(when), 12, 31).toordinal()
        except ValueError:
            return None
    pub = _day(published)  # undated (or only this year): the days around its publication
    if pub is None:
        return None
    if status == "planned":  # undated and to come: after the day it was announced (a day already past is dated)
        return pub.toordinal() + 1, pub.toordinal() + PLANNED_AHEAD
    return pub.toordinal() - UNDATED_BEFORE, pub.toordinal()


def _year_apart(year: str, published: str | None) -> bool:
    return bool(published) and year[:4] != (published or "")[:4]


def participants(actors: frozenset[str]) -> frozenset[str]:
    """The actors that count as participants (places named as actors left out)."""
    return frozenset(a for a in actors if not _PLACE_ACTOR.match(a))


def places_compatible(a: Report, b: Report) -> bool:
    """The same place, or one inside the other by KB id (loc.ru.moscow is in loc.ru: "in Moscow" and "in
    Russia" of one visit), or either gives none."""
    if not a.place or not b.place or a.place == b.place:
        return True
    x, y = a.place_actor or "", b.place_actor or ""
    return x.startswith("loc.") and y.startswith("loc.") and (x.startswith(y + ".") or y.startswith(x + "."))


def modes_compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or (a in MEETING_MODES and b in MEETING_MODES)


def compatible(a: Report, b: Report) -> bool:
    """Whether reports a and b can be of the same real-world event (see the module's docstring)."""
    if a.type != b.type or not modes_compatible(a.mode, b.mode):
        return False
    if (a.status == "hypothetical") != (b.status == "hypothetical"):
        return False
    if not places_compatible(a, b):
        return False
    small, large = sorted((a.actors, b.actors), key=len)
    if not small or not small <= large:
        return False
    if len(participants(small)) < 2:  # one participant: the same place, and a visit or the same wording
        if not (small == large and a.place and a.place == b.place):
            return False
        if not (a.mode == b.mode == "visit" or same_wording(a.words, b.words)):
            return False
    if a.type in RECURRING_TYPES and not same_wording(a.words, b.words):
        return False
    if not (a.dated and b.dated) and not same_wording(a.words, b.words):
        # Undated: only a meeting or visit of known actors is told apart from the others of its week by who
        # took part; other undated reports must say the same (a background sentence, a reprinted statement).
        known = frozenset(x for x in participants(small) if ":" not in x)
        if a.type != "CONSULT" or not (len(known) >= 2 or a.mode == b.mode == "visit"):
            return False
    if a.type not in SYMMETRIC_TYPES and (a.sources & b.targets or a.targets & b.sources):
        return False
    sa, sb = a.span(), b.span()
    if sa is None or sb is None:
        return False
    slack = SLACK if a.dated and b.dated and a.type not in RECURRING_TYPES else 0
    return sa[0] <= sb[1] + slack and sb[0] <= sa[1] + slack


def same_wording(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two reports' evidence says the same (a reprint, or one outlet's rewording): word Jaccard at
    least WORDING_JACCARD, or the shorter nearly all inside the longer. What tells one governor's reception,
    or one day's strikes, from the next when the other side is not a known actor."""
    if not a or not b:
        return False
    shared = len(a & b)
    return shared / len(a | b) >= WORDING_JACCARD or shared / min(len(a), len(b)) >= WORDING_COVER


def same_source(a: bytes | None, b: bytes | None) -> bool:
    """Whether two articles' texts are near-duplicates (one wire copy reprinted): MinHash Jaccard."""
    if not a or not b or len(a) != len(b):
        return False
    va, vb = np.frombuffer(a, dtype=np.uint64), np.frombuffer(b, dtype=np.uint64)
    return float(np.count_nonzero(va == vb)) / len(va) >= SAME_SOURCE


# ---- reading reports ------------------------------------------------------------------------------------

_REPORT_SQL = (
    "SELECT e.article_id, e.local_id, a.num, e.type, e.mode, e.status, e.date, e.date_end, a.published, a.outlet,"
    " e.place_actor, e.place_name, e.confidence, a.minhash, pin.pin FROM events e JOIN articles a ON a.id = e.article_id"
    " LEFT JOIN merge_pins pin ON pin.kind = 'event' AND pin.article_id = e.article_id AND pin.item_id = e.local_id")


def load_reports(conn: sqlite3.Connection, where: str, params: list[object]) -> list[Report]:
    """The reports (events rows with their article's fields and participants) matching `where`."""
    rows = conn.execute(f"{_REPORT_SQL} WHERE {where} ORDER BY a.num, e.rowid", params).fetchall()
    if not rows:
        return []
    parts: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    evidence: dict[tuple[str, str], list[str]] = {}
    articles = sorted({r[0] for r in rows})
    for start in range(0, len(articles), 500):
        chunk = articles[start:start + 500]
        for art, ev, text in conn.execute(
                f"SELECT article_id, event_id, text FROM evidence WHERE article_id IN ({', '.join('?' * len(chunk))})",
                chunk):
            evidence.setdefault((art, ev), []).append(text)
        for art, ev, role, actor, name in conn.execute(
                "SELECT article_id, event_id, role, actor_id, name FROM event_participants WHERE article_id IN"
                f" ({', '.join('?' * len(chunk))}) AND actor_id IS NOT NULL ORDER BY rowid", chunk):
            parts.setdefault((art, ev), []).append((role, actor, name))
    out = []
    for r in rows:
        p = parts.get((r[0], r[1]), [])
        out.append(Report(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12],
                          frozenset(a for role, a, _ in p if role == "source"),
                          frozenset(a for role, a, _ in p if role == "target"),
                          {a: n for _, a, n in reversed(p)}, r[13], r[14],
                          frozenset(_WORD.findall(norm(" ".join(evidence.get((r[0], r[1]), ())))))))
    return out


# ---- the merged row -------------------------------------------------------------------------------------

def _majority(counts: Counter[str], rank: dict[str, int] | None = None) -> str | None:
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], (rank or {}).get(v, 9), v))


def summarise(reports: list[Report], sources: dict[tuple[str, str], int]) -> dict[str, object]:
    """The merged row's fields decided from its reports: status (a 'happened' report supersedes 'planned'
    ones; otherwise the status most independent sources give), date (the day most sources give among the
    reports of that status, else their month), place (the most given), confidence (1 - prod(1 - c) over
    independent sources, each its best report), and what the reports disagree on."""
    by_source: dict[str, set[int]] = {}
    for r in reports:
        by_source.setdefault(r.status, set()).add(sources[r.key])
    statuses = Counter({s: len(v) for s, v in by_source.items()})
    considered = Counter(statuses)
    if considered.keys() & {"happened", "ongoing"}:
        considered.pop("planned", None)  # the plan came true
    status = _majority(considered, STATUS_RANK) or "happened"
    chosen = [r for r in reports if r.status == status]
    days = Counter()
    months = Counter()
    for r in chosen:
        if _day(r.date):
            days[r.date[:10]] += 1
        elif r.date and len(r.date) >= 7:
            months[r.date[:7]] += 1
    when = min(days, key=lambda d: (-days[d], d)) if days else (_majority(months) if months else None)
    places = Counter(r.place for r in reports if r.place)
    place = _majority(places)
    place_row = next((r for r in reports if r.place == place), None) if place else None
    best: dict[int, float] = {}
    for r in reports:
        best[sources[r.key]] = max(best.get(sources[r.key], 0.0), r.confidence)
    doubt = 1.0
    for c in best.values():
        doubt *= 1.0 - min(c, 0.99)
    rep = min(chosen, key=lambda r: (-r.confidence, r.published or "~", r.num))
    dated = Counter(r.date for r in reports if r.date)
    disagreements = {}
    if len(statuses) > 1:
        disagreements["status"] = dict(Counter(r.status for r in reports))
    if len(dated) > 1:
        disagreements["date"] = dict(dated)
    published = sorted(r.published for r in reports if r.published)
    return {
        "type": rep.type, "mode": _majority(Counter(r.mode for r in reports if r.mode)),
        "date": when, "date_end": rep.date_end if when and rep.date == when else None,
        "sort_date": when or (published[0] if published else None),
        "place_actor": place_row.place_actor if place_row else None,
        "place_name": place_row.place_name if place_row else None,
        "status": status, "confidence": round(1.0 - doubt, 4),
        "n_reports": len(reports), "n_sources": len(best),
        "n_outlets": len({r.outlet or r.article_id for r in reports}),
        "first_published": published[0] if published else None,
        "last_published": published[-1] if published else None,
        "disagreements": json.dumps(disagreements, ensure_ascii=False, sort_keys=True) if disagreements else None,
        "rep_article": rep.article_id, "rep_event": rep.event_id,
    }


class EventMerger:
    """Adds reports to the merged events of one archive (a connection inside the caller's transaction).

    Keeps the reports it has read or placed in memory (`known`), so a full rebuild reads each once, and the
    ingest hook (update.MergeSession) reads each candidate's once a session: only this merger writes the
    merged tables meanwhile, and an article placed again is taken out first (`remove_article`)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.known: dict[tuple[str, str], Report] = {}
        self.members: dict[int, list[tuple[str, str]]] = {}  # merged id -> report keys (those read)
        self.sources: dict[tuple[str, str], int] = {}
        self._appended: set[int] = set()  # merged ids whose member list grew since `settle`

    def settle(self) -> None:
        """Member lists in the order they are read in (by report key), as a merger made afresh reads them:
        the order decides ties (the representative report, the actors' first role and name)."""
        for merged_id in self._appended:
            keys = self.members.get(merged_id)
            if keys:
                keys.sort()
        self._appended.clear()

    # -- reading what is stored
    def _members(self, merged_id: int) -> list[Report]:
        keys = self.members.get(merged_id)
        if keys is None:
            rows = self.conn.execute("SELECT article_id, event_id, source FROM event_reports WHERE merged_id = ?"
                                     " ORDER BY article_id, event_id", (merged_id,)).fetchall()
            keys = [(a, e) for a, e, _ in rows]
            missing = [k for k in keys if k not in self.known]
            if missing:
                clause = " OR ".join(["(e.article_id = ? AND e.local_id = ?)"] * len(missing))
                for r in load_reports(self.conn, clause, [x for k in missing for x in k]):
                    self.known[r.key] = r
            self.sources.update({(a, e): s for a, e, s in rows})
            keys = [k for k in keys if k in self.known]  # (rows whose events were replaced are skipped)
            self.members[merged_id] = keys
        return [self.known[k] for k in keys]

    def _candidates(self, r: Report, span: tuple[int, int]) -> set[int]:
        found: set[int] = set()
        for actor in r.actors:
            found.update(x for (x,) in self.conn.execute(
                "SELECT merged_id FROM merged_event_keys WHERE type = ? AND actor_id = ? AND day BETWEEN ? AND ?",
                (r.type, actor, span[0] - KEY_MARGIN, span[1] + KEY_MARGIN)))
        return found

    def _pinned(self, pin: str) -> int | None:
        row = self.conn.execute("SELECT r.merged_id FROM merge_pins p JOIN event_reports r ON r.article_id ="
                                " p.article_id AND r.event_id = p.item_id WHERE p.kind = 'event' AND p.pin = ?"
                                " LIMIT 1", (pin,)).fetchone()
        return row[0] if row else None

    # -- placing
    def add(self, r: Report, refresh: bool = True) -> int:
        """Place report r (not yet in event_reports) in its merged event; returns the merged id. Without
        `refresh` the merged row is left for the caller to refresh (a rebuild refreshes each once)."""
        self.known[r.key] = r
        span = r.span()
        chosen = self._pinned(r.pin) if r.pin else None  # the user put these together
        if chosen is None and r.actors and span is not None:
            best: tuple[int, ...] | None = None
            for mid in self._candidates(r, span):
                members = self._members(mid)
                # Pinned reports (a user's decision) are never merged automatically with others.
                if r.pin or any(m.pin for m in members):
                    continue
                if not members or not all(compatible(r, m) for m in members):
                    continue
                shared = len(r.actors & frozenset().union(*(m.actors for m in members)))
                gap = min(abs(span[0] - (m.span() or span)[0]) for m in members)
                score = (shared, -gap, len(members), -mid)
                if best is None or score > best:
                    best, chosen = score, mid
        if chosen is None and refresh:  # a new event of this one report: its row written whole at once
            self.sources[r.key] = r.num
            row = summarise([r], self.sources)
            chosen = self.conn.execute(f"INSERT INTO merged_events ({', '.join(row)}) VALUES"  # noqa: S608
                                       f" ({', '.join('?' * len(row))})", list(row.values())).lastrowid
            self.members[chosen] = []
            self._place(r, chosen, r.num, span)
            self._write_actors(chosen, [r], replace=False)
            return chosen
        if chosen is None:
            chosen = self.conn.execute(
                "INSERT INTO merged_events (type, status, confidence, n_reports, n_sources, n_outlets)"
                " VALUES (?, ?, 0, 0, 0, 0)", (r.type, r.status)).lastrowid
            self.members[chosen] = []
        members = self._members(chosen)
        source = next((self.sources[m.key] for m in members if m.article_id == r.article_id), None)
        if source is None:
            source = next((self.sources[m.key] for m in members if same_source(m.minhash, r.minhash)), r.num)
        self._place(r, chosen, source, span)
        if refresh:
            self.refresh(chosen)
        return chosen

    def _place(self, r: Report, chosen: int, source: int, span: tuple[int, int] | None) -> None:
        """r's report row in merged event `chosen`, and its look-up keys."""
        self.sources[r.key] = source
        self.conn.execute("INSERT OR REPLACE INTO event_reports VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          (r.article_id, r.event_id, chosen, r.outlet, r.published, r.date, r.status, source))
        self.members[chosen].append(r.key)
        self._appended.add(chosen)
        if span is not None:
            self.conn.executemany("INSERT OR IGNORE INTO merged_event_keys VALUES (?, ?, ?, ?)",
                                  [(r.type, a, d, chosen) for a in r.actors for d in {span[0], span[1]}])

    def refresh(self, merged_id: int) -> None:
        """Recompute a merged row and its actors from its reports; delete it when none is left."""
        members = self._members(merged_id)
        if not members:
            self.conn.execute("DELETE FROM merged_events WHERE id = ?", (merged_id,))
            self.conn.execute("DELETE FROM merged_event_actors WHERE merged_id = ?", (merged_id,))
            self.conn.execute("DELETE FROM merged_event_keys WHERE merged_id = ?", (merged_id,))
            return
        row = summarise(members, self.sources)
        self.conn.execute(f"UPDATE merged_events SET {', '.join(f'{k} = ?' for k in row)} WHERE id = ?",
                          [*row.values(), merged_id])
        self._write_actors(merged_id, members)

    def _write_actors(self, merged_id: int, members: list[Report], replace: bool = True) -> None:
        """A merged event's actors, each with the role and name of the first report naming it."""
        roles: dict[str, tuple[str, str | None]] = {}
        for m in members:
            for actor in sorted(m.actors):
                roles.setdefault(actor, ("source" if actor in m.sources else "target", m.names.get(actor)))
        if replace:
            self.conn.execute("DELETE FROM merged_event_actors WHERE merged_id = ?", (merged_id,))
        self.conn.executemany("INSERT INTO merged_event_actors VALUES (?, ?, ?, ?)",
                              [(merged_id, a, role, name) for a, (role, name) in roles.items()])

    def remove_article(self, article_id: str) -> None:
        """Take an article's reports out of their merged events (before its rows are placed again)."""
        rows = self.conn.execute("SELECT event_id, merged_id FROM event_reports WHERE article_id = ?",
                                 (article_id,)).fetchall()
        if not rows:
            return
        self.conn.execute("DELETE FROM event_reports WHERE article_id = ?", (article_id,))
        for event_id, mid in rows:
            self.known.pop((article_id, event_id), None)
            self.members.pop(mid, None)
        for mid in {m for _, m in rows}:
            self.conn.execute("DELETE FROM merged_event_keys WHERE merged_id = ?", (mid,))
            members = self._members(mid)
            self.conn.executemany("INSERT OR IGNORE INTO merged_event_keys VALUES (?, ?, ?, ?)",
                                  [(m.type, a, d, mid) for m in members if m.span()
                                   for a in m.actors for d in set(m.span() or ())])
            self.refresh(mid)
