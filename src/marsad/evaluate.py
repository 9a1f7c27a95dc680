"""`marsad eval all|entities|dates|published|quotes|events GOLD.jsonl`: score marsad against a gold file.

The gold format is documented in docs/events.md: one JSON object per line with the input (`text`, or
`path` relative to the gold file) and the expected `entities`, `dates`, `published`, `quotes` and
`events`. Without `--pipeline` the record's own `entities`, `dates` and `published` are used as they are
("oracle" input), so the score measures the quotes and events stages alone; with `--pipeline` the
recognisers run and everything is scored end to end, as an analyst sees it.

Everything is matched through the text, never through ids a run happens to give: each gold entity's
surfaces are located in the body, and a predicted entity stands for the gold entity whose located
mentions its own mentions overlap most (or whose name it bears). Speakers, event participants and places
are then compared as gold ids. Events are paired one to one (a predicted event answers one gold event);
a pair is *matched* when the types agree and the participants fit (at least one gold participant found,
at most half of the predicted ones wrong) and *strict* when the participant sets are equal.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .errors import InputError
from .model import DateMention, Document, Entity, Event, Published, Quote, Role, Span
from .pipeline import Options, make_stage
from .text.normalize import norm
from .text.segment import iter_tokens

# Share of a gold quote's tokens a predicted quote must cover to count as found.
QUOTE_MATCH_OVERLAP = 0.5
# Share of the shorter of two mentions that must overlap for them to refer to the same thing.
MENTION_OVERLAP = 0.5
_CLITICS = "وفبلك"
LAYERS = ("entities", "dates", "published", "quotes", "events")
ENTITY_TYPES = ("PER", "ORG", "LOC")
# The unlabelled corpus the gold articles come from: its crawl time is the metadata an ingest would have.
DEFAULT_CORPUS = "corpus/saudinewsnet-2015.jsonl.gz"


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="score entities, dates, quotes and events against a gold JSONL file "
                                    "(format: docs/events.md)")
    p.add_argument("layer", choices=("all", *LAYERS))
    p.add_argument("gold", help="gold file, one JSON object per line")
    p.add_argument("--pipeline", action="store_true",
                   help="ignore entities/dates/published given in the gold file and run the recognisers instead")
    p.add_argument("--half", choices=("all", "work", "held"), default="all",
                   help="score only the records at even (work) or odd (held) positions of the file")
    p.add_argument("--corpus", default=None,
                   help="JSONL(.gz) with the articles' crawl metadata by id (default: ../shared/" + DEFAULT_CORPUS
                        + " when present); with --pipeline its date is the input's metadata, as in ingest")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--verbose", action="store_true", help="list every miss and false alarm")
    p.set_defaults(handler=run_eval)


# ---------------------------------------------------------------- reading gold files


def load_gold(path: str | Path, half: str = "all") -> list[dict[str, Any]]:
    p = Path(path)
    if not p.is_file():
        raise InputError("no such gold file", source=str(path), reason="missing")
    records = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"line {n}: not JSON ({err.msg})", source=str(path), reason="bad-gold") from None
        if not isinstance(rec, dict) or not ("text" in rec or "path" in rec):
            raise InputError(f"line {n}: a record needs 'text' or 'path'", source=str(path), reason="bad-gold")
        problem = _gold_problem(rec)
        if problem:
            raise InputError(f"line {n}: {problem}", source=str(path), reason="bad-gold")
        rec.setdefault("id", f"line{n}")
        rec["_base"] = str(p.parent)
        records.append(rec)
    if not records:
        raise InputError("the gold file has no records", source=str(path), reason="empty")
    if half != "all":
        records = records[(0 if half == "work" else 1)::2]
    return records


# Keys every item of a gold record's lists needs.
_REQUIRED = {"entities": ("name",), "dates": ("text",), "quotes": ("text",), "events": ("type",)}


def _gold_problem(rec: dict[str, Any]) -> str | None:
    """What is wrong with a gold record, in words; None when nothing is."""
    for key, needed in _REQUIRED.items():
        items = rec.get(key, [])
        if not isinstance(items, list):
            return f"'{key}' must be a list"
        for i, item in enumerate(items, 1):
            if not isinstance(item, dict):
                return f"{key}[{i}] must be an object"
            missing = [k for k in needed if not isinstance(item.get(k), str) or not item.get(k)]
            if missing:
                return f"{key}[{i}] needs {', '.join(repr(k) for k in missing)}"
    return None


# How far a missing article's neighbours are looked for (ids of one crawl, numbered in crawl order).
NEIGHBOUR_IDS = 2


def crawl_times(path: str | Path | None, records: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """(crawl time, where it came from) by record id, from a JSONL(.gz) corpus with `id` and
    `date_extracted`; {} without a corpus. An article missing from the corpus (the political dev set's
    were taken out of the shared file) gets the crawl time of the nearest id of the same outlet within
    NEIGHBOUR_IDS (SaudiNewsNet numbers articles in crawl order: neighbours were fetched seconds apart)."""
    if path is None or not records:
        return {}
    p = Path(path)
    if not p.is_file():
        raise InputError("no such corpus file", source=str(path), reason="missing")
    wanted: dict[str, list[tuple[str, str | None]]] = {}  # corpus id -> [(record id, outlet)]
    for rec in records:
        rid = str(rec["id"])
        wanted.setdefault(rid, []).append((rid, None))
        m = re.fullmatch(r"(.*?)(\d+)", rid)
        if m:
            for step in range(1, NEIGHBOUR_IDS + 1):
                for n in (int(m.group(2)) - step, int(m.group(2)) + step):
                    near = f"{m.group(1)}{n:0{len(m.group(2))}d}"
                    wanted.setdefault(near, []).append((rid, rec.get("outlet")))
    seen: dict[str, tuple[str, str | None]] = {}  # corpus id -> (time, outlet)
    opener = gzip.open if p.suffix == ".gz" else open
    with opener(p, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        for line in fh:
            tail = line[-40:]  # the id is the last field of SaudiNewsNet's lines; elsewhere, parse them all
            if '"id"' in tail and not any(k in tail for k in wanted):
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            when = rec.get("date_extracted") or rec.get("published")
            if rec.get("id") in wanted and isinstance(when, str):
                seen[rec["id"]] = (when, rec.get("source") or rec.get("outlet"))
    out: dict[str, tuple[str, str]] = {}
    for rec in records:
        rid = str(rec["id"])
        if rid in seen:
            out[rid] = (seen[rid][0], "the article's own crawl time")
            continue
        m = re.fullmatch(r"(.*?)(\d+)", rid)
        if not m:
            continue
        for step in range(1, NEIGHBOUR_IDS + 1):
            for n in (int(m.group(2)) - step, int(m.group(2)) + step):
                near = f"{m.group(1)}{n:0{len(m.group(2))}d}"
                if near in seen and (rec.get("outlet") is None or seen[near][1] == rec.get("outlet")):
                    out.setdefault(rid, (seen[near][0], f"the crawl time of {near}, its neighbour of the same outlet"))
    return out


def default_corpus() -> Path | None:
    candidates = [Path.cwd().parent / "shared" / DEFAULT_CORPUS,
                  Path(__file__).resolve().parents[3] / "shared" / DEFAULT_CORPUS]
    return next((p for p in candidates if p.is_file()), None)


def _find_all(body: str, surface: str) -> list[tuple[int, int]]:
    """Occurrences of `surface` as whole words (a proclitic و ب ل ك ف may be attached in front)."""
    out = []
    for m in re.finditer(re.escape(surface), body):
        s, e = m.start(), m.end()
        before = body[max(0, s - 2):s]
        ok_before = s == 0 or not body[s - 1].isalpha() or (
            body[s - 1] in _CLITICS and (s < 2 or not body[s - 2].isalpha() or before[0] in _CLITICS))
        if ok_before and (e == len(body) or not body[e].isalpha()):
            out.append((s, e))
    return out


def _given_entities(body: str, items: list[dict[str, Any]]) -> list[Entity]:
    """The gold entities with every occurrence of their surfaces as mentions (longest surface first, no
    overlaps): what an ideal recogniser would give."""
    entities: list[Entity] = []
    taken: list[tuple[int, int]] = []
    for n, item in enumerate(items, 1):
        ent = Entity(id=item.get("id", f"e{n}"), type=item.get("type", "PER"), name=item["name"],
                     name_en=item.get("name_en"), roles=[Role(text=r) for r in item.get("roles", [])])
        entities.append(ent)
    pairs = [(ent, s) for ent, item in zip(entities, items, strict=True) for s in item.get("surfaces", [item["name"]])]
    for ent, surface in sorted(pairs, key=lambda p: -len(p[1])):  # longest surface first
        for s, e in _find_all(body, surface):
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            ent.mentions.append(Span(s, e, body[s:e]))
    for ent in entities:
        ent.mentions.sort(key=lambda m: m.start)
    return entities


def _given_dates(body: str, items: list[dict[str, Any]]) -> list[DateMention]:
    dates = []
    for item in items:
        for s, e in _find_all(body, item["text"]):
            dates.append(DateMention(id="", start=s, end=e, text=body[s:e], kind=item.get("kind", "date"),
                                     value=item.get("value"), values=item.get("values", []),
                                     interval=item.get("interval")))
    dates.sort(key=lambda d: d.start)
    for n, d in enumerate(dates, 1):
        d.id = f"d{n}"
    return dates


def _text_document(record: dict[str, Any]) -> Document:
    """A gold record's text as a Document: one paragraph a line (the title is the first)."""
    text = str(record["text"]).strip("\n")
    if not text.strip():
        raise InputError("empty 'text'", source=str(record.get("id")), reason="empty")
    doc = Document(source_name=str(record.get("id", "")), body=text, raw=text, outlet=record.get("outlet"))
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            start = pos + len(line) - len(line.lstrip())
            doc.paragraphs.append(doc.span(start, pos + len(line.rstrip())))
        pos += len(line) + 1
    return doc


def build_document(record: dict[str, Any], *, use_given: bool = True) -> Document:
    """The analysed Document for one gold record (given layers used as they are when `use_given`).

    With `use_given` false the publication date comes as an ingest would have it: the record's own
    `date_extracted` (a crawl time, as in a SaudiNewsNet ingest) when it has one, else its gold
    `published` day as the page's metadata — so that the dates are scored on their own. What marsad makes
    of a crawl time or of the text alone is scored apart (`_published_only`)."""
    published = record.get("published") if use_given else None
    options = Options(published=published)
    if "path" in record:
        from .cli.extract import extract
        from .io import read_document

        path = Path(record.get("_base", ".")) / record["path"]
        return extract(read_document(str(path)), options)
    doc = _text_document(record)
    crawled = record.get("date_extracted")
    if published:
        doc.published = Published(published, "user", 1.0, [], ["given in the gold file"])
    elif isinstance(crawled, str) and crawled:  # as an ingest of the corpus has it (dates.anchor_from_crawl)
        # the whole crawl time: its hour tells the day (dates.anchor.EARLY_CRAWL_HOUR_UTC)
        doc.published = Published(crawled, "crawled", 0.0, [], ["crawl time from the gold record"])
    elif isinstance(record.get("published"), str):
        doc.published = Published(record["published"], "metadata", 0.9, [], ["the gold day, as page metadata"])
    doc = make_stage("segment", options)(doc)
    if use_given and "dates" in record:
        doc.dates = _given_dates(doc.body, record["dates"])
    else:
        doc = make_stage("dates", options)(doc)
    if use_given and "entities" in record:
        doc.entities = _given_entities(doc.body, record["entities"])
    else:
        doc = make_stage("entities", options)(doc)
    for name in ("quotes", "events"):
        doc = make_stage(name, options)(doc)
    return doc


# ---------------------------------------------------------------- scores


@dataclass
class PRF:
    tp: float = 0.0
    pred: float = 0.0
    gold: float = 0.0
    # Recall may count gold items found (tp_gold) apart from predictions right (tp), as for mentions,
    # where one gold mention can be covered by two predicted pieces.
    tp_gold: float | None = None

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        found = self.tp if self.tp_gold is None else self.tp_gold
        return found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "pred": self.pred, "gold": self.gold}


@dataclass
class Report:
    layer: str
    documents: int = 0
    scores: dict[str, PRF] = field(default_factory=dict)
    accuracy: dict[str, list[int]] = field(default_factory=dict)  # name -> [correct, total]
    errors: list[str] = field(default_factory=list)

    def prf(self, name: str) -> PRF:
        return self.scores.setdefault(name, PRF())

    def count(self, name: str, correct: bool) -> None:
        acc = self.accuracy.setdefault(name, [0, 0])
        acc[0] += int(correct)
        acc[1] += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "layer": self.layer, "documents": self.documents,
            "scores": {k: v.as_dict() for k, v in self.scores.items()},
            "accuracy": {k: {"correct": c, "total": t, "accuracy": round(c / t, 4) if t else 0.0}
                         for k, (c, t) in self.accuracy.items()},
            "errors": self.errors,
        }


# ---------------------------------------------------------------- entities: gold mentions and the entity map


@dataclass
class GoldView:
    """A gold record read against the analysed document: where its entities are, and which predicted
    entity stands for which gold one."""

    record: dict[str, Any]
    doc: Document
    mentions: list[tuple[int, int, str]]  # (start, end, gold id), longest surface first, no overlaps
    by_id: dict[str, dict[str, Any]]
    pred_to_gold: dict[str, str]  # predicted entity id -> gold entity id

    def gold_of(self, pred_id: str | None) -> str | None:
        return self.pred_to_gold.get(pred_id) if pred_id else None

    def resolve(self, ref: str | None) -> str | None:
        """A gold reference as a gold id: an id, else a name or surface of a gold entity, else the name itself
        (matched against predicted entities' names by `same`)."""
        if ref is None or ref in self.by_id:
            return ref
        key = norm(ref)
        for gid, item in self.by_id.items():
            if key == norm(item["name"]) or key in {norm(s) for s in item.get("surfaces", [])}:
                return gid
        return ref

    def same(self, gold_ref: str | None, pred_id: str | None) -> bool:
        gid = self.resolve(gold_ref)
        if gid is None or pred_id is None:
            return False
        if gid in self.by_id:
            return self.gold_of(pred_id) == gid
        ent = next((e for e in self.doc.entities if e.id == pred_id), None)  # a gold name with no gold entity
        return ent is not None and norm(gid) in {norm(ent.name), *(norm(m.text) for m in ent.mentions)}

    def name(self, gold_id: str | None) -> str:
        item = self.by_id.get(gold_id or "")
        return item["name"] if item else str(gold_id)


def _strip_clitic(text: str) -> str:
    return text[1:] if len(text) > 3 and text[0] in _CLITICS else text


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _overlaps_enough(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shorter > 0 and _overlap(a, b) >= MENTION_OVERLAP * shorter


def gold_view(doc: Document, record: dict[str, Any]) -> GoldView:
    items = [i for i in record.get("entities", []) if isinstance(i, dict)]
    by_id = {str(i.get("id", i["name"])): i for i in items}
    located = _given_entities(doc.body, [dict(i, id=gid) for gid, i in by_id.items()])
    mentions = sorted((m.start, m.end, e.id) for e in located for m in e.mentions)
    name_keys: dict[str, str] = {}
    for gid, item in by_id.items():
        for s in [item["name"], *item.get("surfaces", [])]:
            name_keys.setdefault(_strip_clitic(norm(s)), gid)
    pred_to_gold: dict[str, str] = {}
    for ent in doc.entities:
        votes: dict[str, int] = {}
        for m in ent.mentions:
            for s, e, gid in mentions:
                if _overlaps_enough((m.start, m.end), (s, e)):
                    votes[gid] = votes.get(gid, 0) + 1
        for key in {_strip_clitic(norm(ent.name)), *(_strip_clitic(norm(m.text)) for m in ent.mentions)}:
            if key in name_keys:
                votes[name_keys[key]] = votes.get(name_keys[key], 0) + 2
        if votes:
            pred_to_gold[ent.id] = max(votes.items(), key=lambda kv: (kv[1], kv[0]))[0]
    return GoldView(record, doc, mentions, by_id, pred_to_gold)


def _predicted_mentions(doc: Document) -> list[tuple[int, int, str, str]]:
    """(start, end, type, entity id) of every mention of the document's entities."""
    return sorted((m.start, m.end, e.type, e.id) for e in doc.entities for m in e.mentions)


def _same_edges(a: tuple[int, int], b: tuple[int, int], body: str) -> bool:
    """Equal spans, allowing for a proclitic one side kept and the other dropped."""
    if a == b:
        return True
    (s1, e1), (s2, e2) = sorted([a, b])
    return e1 == e2 and s2 - s1 == 1 and body[s1] in _CLITICS


def score_entities(doc: Document, record: dict[str, Any], report: Report, view: GoldView | None = None) -> None:
    """Mention precision/recall by type (exact edges and overlapping), and how well entities were linked
    and named: an entity whose English name disagrees with the gold one is a wrong link."""
    view = view or gold_view(doc, record)
    body = doc.body
    gold_type = {gid: str(item.get("type", "PER")) for gid, item in view.by_id.items()}
    gold = [(s, e, gold_type[gid], gid) for s, e, gid in view.mentions]
    # Gold files type people, organisations and places only: a MISC mention is neither right nor wrong.
    pred = [p for p in _predicted_mentions(doc) if p[2] in ENTITY_TYPES]
    for kind in ("exact", "overlap"):
        for t in (*ENTITY_TYPES, "all"):
            prf = report.prf(f"{kind} {t}")
            prf.gold += sum(1 for g in gold if t in ("all", g[2]))
            prf.pred += sum(1 for p in pred if t in ("all", p[2]))
            if prf.tp_gold is None:
                prf.tp_gold = 0.0

    def hit(p: tuple[int, int, str, str], g: tuple[int, int, str, str], exact: bool) -> bool:
        if p[2] != g[2]:
            return False
        return _same_edges(p[:2], g[:2], body) if exact else _overlap(p[:2], g[:2]) > 0

    for kind, exact in (("exact", True), ("overlap", False)):
        for p in pred:
            if any(hit(p, g, exact) for g in gold):
                report.prf(f"{kind} {p[2]}").tp += 1
                report.prf(f"{kind} all").tp += 1
            elif exact:
                continue
            else:
                label = "phantom" if not any(_overlap(p[:2], g[:2]) for g in gold) else "wrong type"
                report.errors.append(f"{record['id']}: {label} {p[2]} mention: {body[p[0]:p[1]]}")
        for g in gold:
            if any(hit(p, g, exact) for p in pred):
                report.prf(f"{kind} {g[2]}").tp_gold += 1  # type: ignore[operator]
                report.prf(f"{kind} all").tp_gold += 1  # type: ignore[operator]
            elif not exact:
                report.errors.append(f"{record['id']}: missed {g[2]} mention: {body[g[0]:g[1]]}")
    # Entities: one predicted entity per gold entity; its English name and KB link judged against gold's.
    for ent in doc.entities:
        gid = view.gold_of(ent.id)
        if gid is None or ent.type not in ENTITY_TYPES:
            continue
        item = view.by_id[gid]
        gold_en = item.get("name_en")
        if ent.actor and gold_en:
            ok = _same_english(ent.name_en, gold_en)
            report.count("KB link", ok)
            if not ok:
                report.errors.append(f"{record['id']}: {ent.name} linked to {ent.actor} ({ent.name_en}), "
                                     f"gold {gold_en}")
        if gold_en and ent.type == "PER":
            report.count("English name (PER)", _same_english(ent.name_en, gold_en))


def _english_key(name: str) -> set[str]:
    words = re.findall(r"[a-z]+", name.lower().replace("al-", "").replace("el-", ""))
    return {w for w in words if w not in {"al", "el", "bin", "ibn", "bint", "abu", "abd", "the", "of"}}


def _same_english(pred: str | None, gold: str) -> bool:
    """Two English names of the same actor: they share a word other than particles (Adel al-Jubeir /
    Adel bin Ahmed Al-Jubeir) — a spelling variant of every word (Jubair) is a miss."""
    return bool(pred) and bool(_english_key(pred or "") & _english_key(gold))


# ---------------------------------------------------------------- dates


def _as_days(value: str | None = None, values: Iterable[str] = (), interval: list[str] | None = None
             ) -> frozenset[tuple[str, str]] | None:
    """A date value as a set of (start, end) day intervals, so that equal meanings compare equal whatever
    the form ("2015-07" = ["2015-07-01", "2015-07-31"])."""
    def span(v: str) -> tuple[str, str] | None:
        try:
            if len(v) == 4:
                return f"{v}-01-01", f"{v}-12-31"
            if len(v) == 7:
                y, m = int(v[:4]), int(v[5:7])
                last = (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)).isoformat()
                return f"{v}-01", last
            date.fromisoformat(v[:10])
            return v[:10], v[:10]
        except ValueError:
            return None

    if interval and len(interval) == 2:
        return frozenset({(interval[0][:10], interval[1][:10])})
    vals = [s for v in values if (s := span(v))]
    if vals:
        return frozenset(vals)
    if value and (s := span(value)):
        return frozenset({s})
    return None


def score_dates(doc: Document, record: dict[str, Any], report: Report) -> None:
    """Found: a gold expression with a predicted mention on it (precision: predicted mentions on a gold
    expression). Exact: the share of gold expressions whose value a mention on them gives, compared as day
    intervals."""
    body = doc.body
    found = report.prf("found")
    gold_spans: list[tuple[int, int]] = []
    for g in record.get("dates", []):
        where = _find_all(body, g["text"]) or [(i, i + len(g["text"])) for i in [body.find(g["text"])] if i >= 0]
        gold_spans += where
        want = _as_days(g.get("value"), g.get("values", []), g.get("interval"))
        found.gold += 1
        hits = [d for d in doc.dates for w in where if _overlap((d.start, d.end), w)]
        if not hits:
            report.count("exact", False)
            report.errors.append(f"{record['id']}: missed date '{g['text']}' ({_show(want)})")
            continue
        found.tp_gold = (found.tp_gold or 0) + 1
        got = [_as_days(d.value, d.values, d.interval) for d in hits]
        report.count("exact", want in got)
        report.count("value of found", want in got)
        if want not in got:
            report.errors.append(f"{record['id']}: date '{g['text']}' is {[_show(x) for x in got]}, gold {_show(want)}")
    found.tp_gold = found.tp_gold or 0
    for d in doc.dates:
        found.pred += 1
        if any(_overlap((d.start, d.end), w) for w in gold_spans):
            found.tp += 1
        else:
            report.errors.append(f"{record['id']}: extra date '{d.text}' ({_show(_as_days(d.value, d.values, d.interval))})")


def _show(days: frozenset[tuple[str, str]] | None) -> str:
    if not days:
        return "no value"
    return ", ".join(a if a == b else f"{a}..{b}" for a, b in sorted(days))


def score_published(doc: Document, record: dict[str, Any], report: Report) -> None:
    gold = record.get("published")
    if not gold:
        return
    got = doc.published.date if doc.published else None
    report.count("published", got == gold)
    if got != gold:
        method = doc.published.method if doc.published else "none"
        report.errors.append(f"{record['id']}: published {got} ({method}), gold {gold}")


# ---------------------------------------------------------------- quotes


def _token_set(body: str, start: int, end: int) -> set[int]:
    return {s for s, _, _, kind in iter_tokens(body, start, end) if kind != "punct"}


def _locate(body: str, text: str) -> tuple[int, int] | None:
    i = body.find(text)
    return (i, i + len(text)) if i >= 0 else None


# demonstratives and quantifiers before a source's noun: "هذا المسؤول", "هذه المصادر", "أحد المسؤولين"
_SOURCE_DETERMINERS = frozenset(norm(w) for w in ("هذا", "هذه", "هؤلاء", "ذلك", "تلك", "أحد", "إحدى", "بعض"))


def _head_word(text: str | None) -> str:
    """The first word of a source's name without proclitics or article, past a demonstrative ("ومصادر
    مطلعة" → "مصادر", "هذا المسؤول" → "مسؤول")."""
    for word in norm(text or "").split():
        if word in _SOURCE_DETERMINERS:
            continue
        word = re.sub(r"^(?:[وف]?(?:[بلك]|لل)?)", "", word) if len(word) > 3 else word
        word = word[2:] if word.startswith("ال") and len(word) > 4 else word
        if len(word) > 1:
            return word
    return ""


def _unnamed_right(q: Quote, g: dict[str, Any]) -> bool:
    """A gold unnamed source is right when the quote has no entity speaker and its words share the source's
    head word ("مصدر دبلوماسي" / "مصدر")."""
    if q.speaker is not None or not q.speaker_name:
        return False
    head = _head_word(g.get("speaker_name"))
    if not head:
        return True
    words = {_head_word(w) for w in q.speaker_name.split()}
    return head in words or any(w and (w.startswith(head) or head.startswith(w)) and min(len(w), len(head)) >= 3
                                for w in words)


def score_quotes(doc: Document, record: dict[str, Any], report: Report, view: GoldView | None = None) -> None:
    view = view or gold_view(doc, record)
    body = doc.body
    gold = record.get("quotes", [])
    pred_tokens = [(_token_set(body, q.start, q.end), q) for q in doc.quotes]
    spans = report.prf("quote_tokens")
    found = report.prf("quotes")
    found.pred += len(doc.quotes)
    found.gold += len(gold)
    for q in doc.quotes:
        spans.pred += len(_token_set(body, q.start, q.end))
    # Pair gold and predicted quotes one to one, the largest overlaps first.
    located: list[tuple[dict[str, Any], tuple[int, int], set[int]]] = []
    for g in gold:
        where = _locate(body, g["text"])
        if where is None:
            report.errors.append(f"{record['id']}: gold quote text not in the body: {g['text'][:40]}…")
            continue
        located.append((g, where, _token_set(body, *where)))
        spans.gold += len(located[-1][2])
    for g_tokens_total in (x[2] for x in located):
        spans.tp += max((len(pt & g_tokens_total) for pt, _ in pred_tokens), default=0)
    candidates = sorted(((len(pt & gt), -abs(q.start - where[0]), gi, qi)
                         for gi, (_, where, gt) in enumerate(located)
                         for qi, (pt, q) in enumerate(pred_tokens)
                         if len(pt & gt) >= QUOTE_MATCH_OVERLAP * max(1, len(gt))), reverse=True)
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, _, gi, qi in candidates:
        if gi not in pairs and qi not in used:
            pairs[gi] = qi
            used.add(qi)
    for gi, (g, _, _) in enumerate(located):
        if gi not in pairs:
            report.errors.append(f"{record['id']}: missed quote ({g.get('speaker') or g.get('speaker_name')}, "
                                 f"{g.get('cue')}): {g['text'][:60]}")
            if "speaker" in g:
                report.count("speaker (of gold)", False)
            continue
        q = pred_tokens[pairs[gi]][1]
        found.tp += 1
        if "speaker" in g:
            ok = _unnamed_right(q, g) if g["speaker"] is None else view.same(g["speaker"], q.speaker)
            report.count("speaker", ok)
            report.count("speaker (of gold)", ok)
            if g["speaker"] is None:
                report.count("unnamed source", ok)
            if not ok:
                want = view.name(view.resolve(g["speaker"])) if g["speaker"] else f"unnamed '{g.get('speaker_name')}'"
                report.errors.append(f"{record['id']}: speaker of '{g['text'][:40]}…' is {q.speaker_name!r} "
                                     f"(via {q.speaker_via}), gold {want}")
        if "kind" in g:
            report.count("kind", g["kind"] == q.kind)
        if "date" in g:
            report.count("date", g["date"] == q.date)
    for qi, (_, q) in enumerate(pred_tokens):
        if qi not in used:
            report.errors.append(f"{record['id']}: false quote ({q.speaker_name}, {q.cue}): {q.text[:60]}")


# ---------------------------------------------------------------- events


def _gold_participants(g: dict[str, Any], view: GoldView) -> list[str]:
    refs = [*g.get("source", []), *g.get("target", []), *g.get("participants", [])]
    return list(dict.fromkeys(r for ref in refs if (r := view.resolve(ref)) is not None))


@dataclass
class _Fit:
    found: int  # gold participants among the predicted ones
    wrong: int  # predicted participants that are none of the gold ones
    predicted: int
    gold: int

    @property
    def matched(self) -> bool:
        return self.found >= 1 and self.wrong <= self.predicted / 2 if self.gold else self.wrong <= self.predicted / 2

    @property
    def strict(self) -> bool:
        return self.found == self.gold and self.wrong == 0


def _fit(view: GoldView, gold_ids: list[str], ev: Event) -> _Fit:
    pred = list(dict.fromkeys([*ev.source, *ev.target]))
    found = sum(1 for gid in gold_ids if any(view.same(gid, p) for p in pred))
    wrong = sum(1 for p in pred if not any(view.same(gid, p) for gid in gold_ids))
    return _Fit(found, wrong, len(pred), len(gold_ids))


def pair_events(doc: Document, gold: list[dict[str, Any]], view: GoldView
                ) -> tuple[list[list[str]], dict[int, tuple[int, _Fit]]]:
    """The gold events' participants and, by gold index, the predicted event each is paired with (one
    predicted event per gold event, best fit first: strict, matched, found, fewest wrong, mode, date)."""
    parts = [_gold_participants(g, view) for g in gold]
    scored = []
    for gi, g in enumerate(gold):
        for pi, ev in enumerate(doc.events):
            if ev.type != g["type"]:
                continue
            f = _fit(view, parts[gi], ev)
            scored.append(((f.strict, f.matched, f.found, -f.wrong, ev.mode == g.get("mode"),
                            ev.date == g.get("date"), -pi), gi, pi, f))
    scored.sort(key=lambda x: x[0], reverse=True)
    pairs: dict[int, tuple[int, _Fit]] = {}
    used: set[int] = set()
    for _, gi, pi, f in scored:
        if gi not in pairs and pi not in used:
            pairs[gi] = (pi, f)
            used.add(pi)
    return parts, pairs


def score_events(doc: Document, record: dict[str, Any], report: Report, view: GoldView | None = None) -> None:
    view = view or gold_view(doc, record)
    gold = record.get("events", [])
    for name in ("type", "matched", "strict"):
        report.prf(name).pred += len(doc.events)
        report.prf(name).gold += len(gold)
    names = {e.id: e.name for e in doc.entities}
    parts, pairs = pair_events(doc, gold, view)
    for gi, g in enumerate(gold):
        shown = [view.name(x) for x in parts[gi]]
        if gi not in pairs:
            report.errors.append(f"{record['id']}: missed {g['type']}/{g.get('mode')} {shown} "
                                 f"{g.get('status', 'happened')} «{str(g.get('evidence', ''))[:50]}»")
            continue
        pi, f = pairs[gi]
        ev = doc.events[pi]
        report.prf("type").tp += 1
        got = [names.get(i, i) for i in [*ev.source, *ev.target]]
        if not f.matched:
            report.errors.append(f"{record['id']}: {g['type']}/{g.get('mode')} {shown} got participants {got}")
            continue
        report.prf("matched").tp += 1
        report.prf("strict").tp += f.strict
        if g.get("mode"):
            report.count("mode", ev.mode == g["mode"])
        date_ok = ev.date == g.get("date") or (
            ev.date is None and g.get("date") is None and not ev.date_interval)
        if "date_interval" in g:
            date_ok = ev.date_interval == g["date_interval"]
        report.count("date", date_ok)
        report.count("status", ev.status == g.get("status", "happened"))
        place_ok = (g.get("place") is None and ev.place is None) or (
            g.get("place") is not None and view.same(g["place"], ev.place))
        report.count("place", place_ok)
        if not (date_ok and ev.status == g.get("status", "happened") and place_ok):
            report.errors.append(
                f"{record['id']}: {g['type']} {shown}: date {ev.date or ev.date_interval} (gold {g.get('date')}), "
                f"status {ev.status} (gold {g.get('status', 'happened')}), place {names.get(ev.place or '')} "
                f"(gold {view.name(g.get('place')) if g.get('place') else None})")
    used = {pi for pi, _ in pairs.values()}
    for pi, ev in enumerate(doc.events):
        if pi not in used:
            trig = ev.trigger.text if ev.trigger else ""
            report.errors.append(f"{record['id']}: extra event {ev.type}/{ev.mode} "
                                 f"{[names.get(i, i) for i in ev.source + ev.target]} {ev.status} «{trig}»")


# ---------------------------------------------------------------- running


_SCORERS = {"entities": score_entities, "quotes": score_quotes, "events": score_events}


def evaluate(layer: str, records: list[dict[str, Any]], *, use_given: bool = True) -> Report:
    return evaluate_all(records, use_given=use_given, layers=(layer,))[layer]


def evaluate_all(records: list[dict[str, Any]], *, use_given: bool = True,
                 layers: Iterable[str] = LAYERS) -> dict[str, Report]:
    layers = tuple(layers)
    if use_given:  # given entities, dates and publication dates score themselves
        layers = tuple(x for x in layers if x not in ("entities", "dates", "published")) or layers
    reports = {layer: Report(layer) for layer in layers}
    for rec in records:
        doc = build_document(rec, use_given=use_given)
        view = gold_view(doc, rec)
        for layer, report in reports.items():
            report.documents += 1
            if layer in _SCORERS:
                _SCORERS[layer](doc, rec, report, view)
            elif layer == "dates":
                score_dates(doc, rec, report)
            elif use_given:
                score_published(doc, rec, report)
            else:  # the publication day as marsad works it out with no metadata (or only a crawl time)
                score_published(_published_only(rec), rec, report)
    return reports


def _published_only(record: dict[str, Any]) -> Document:
    """The document as far as the dates stage, with no publication date given: only a crawl time, the
    record's own or its neighbour's in the corpus (`crawl_times`), as an upper bound; else the text alone."""
    doc = _text_document(record)
    crawled, how = record.get("date_extracted"), "crawl time from the gold record"
    if not crawled and record.get("_crawl_proxy"):
        crawled, how = record["_crawl_proxy"]
    if isinstance(crawled, str) and crawled:
        doc.published = Published(crawled, "crawled", 0.0, [], [how])  # with its hour
    return make_stage("dates")(make_stage("segment")(doc))


def format_report(report: Report, verbose: bool = False) -> str:
    lines = [f"{report.layer}: {report.documents} documents"]
    for name, s in report.scores.items():
        if not s.gold and not s.pred:
            continue
        lines.append(f"  {name:<13} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}  "
                     f"(tp={s.tp:g} pred={s.pred:g} gold={s.gold:g})")
    for name, (c, t) in report.accuracy.items():
        lines.append(f"  {name + ' accuracy':<22} {c}/{t} = {c / t if t else 0:.3f}")
    if verbose and report.errors:
        lines.append("details:")
        lines += [f"  - {e}" for e in report.errors]
    return "\n".join(lines) + "\n"


def _attach_crawl_times(records: list[dict[str, Any]], corpus: str | Path | None) -> None:
    """Give each record without its own crawl time the corpus's (or its neighbour's, as `_crawl_proxy`)."""
    times = crawl_times(corpus, [r for r in records if "date_extracted" not in r])
    for rec in records:
        if str(rec["id"]) in times:
            when, how = times[str(rec["id"])]
            if how.startswith("the article's own"):
                rec["date_extracted"] = when
            else:
                rec["_crawl_proxy"] = (when, how)


def evaluate_file(gold: str | Path, layers: Iterable[str] = LAYERS, *, pipeline: bool = True, half: str = "all",
                  corpus: str | Path | None = None) -> dict[str, Report]:
    """`marsad eval` as a function: the gold file's records (one half of them, or all) scored layer by layer;
    with `pipeline`, crawl times are looked up in `corpus` (default: the shared SaudiNewsNet file, if any)."""
    records = load_gold(gold, half)
    if pipeline:
        _attach_crawl_times(records, corpus or default_corpus())
    return evaluate_all(records, use_given=not pipeline, layers=layers)


def run_eval(args: argparse.Namespace) -> int:
    layers = LAYERS if args.layer == "all" else (args.layer,)
    reports = evaluate_file(args.gold, layers, pipeline=args.pipeline, half=args.half, corpus=args.corpus)
    if args.format == "json":
        out: Any = {k: r.as_dict() for k, r in reports.items()}
        if args.layer != "all":
            out = out[args.layer]
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write("".join(format_report(r, args.verbose) for r in reports.values()))
    return 0
