"""`marsad eval quotes|events GOLD.jsonl`: score the quotes and events stages against a gold file.

The gold format is documented in docs/events.md: one JSON object per line with the input (`text`, or
`path` relative to the gold file) and the expected `quotes` / `events`. A record may also give its
`entities`, `dates` and `published` date: then those are used as they are ("oracle" input) and the
score measures the quotes and events stages alone, not the recognisers before them. Entities are
referred to by id or by name; a name matches a predicted entity when it is that entity's name or one
of its mentions (normalised), so gold files do not depend on the ids a run happens to give.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .model import DateMention, Document, Entity, Published, Role, Span
from .pipeline import Options, make_stage
from .text.normalize import norm
from .text.segment import iter_tokens

# Share of a gold quote's tokens a predicted quote must cover to count as found.
QUOTE_MATCH_OVERLAP = 0.5
_CLITICS = "وفبلك"


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="score quotes or events against a gold JSONL file (format: docs/events.md)")
    p.add_argument("layer", choices=("quotes", "events"))
    p.add_argument("gold", help="gold file, one JSON object per line")
    p.add_argument("--pipeline", action="store_true",
                   help="ignore entities/dates given in the gold file and run the recognisers instead")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--verbose", action="store_true", help="list every miss and false alarm")
    p.set_defaults(handler=run_eval)


# ---------------------------------------------------------------- reading gold files


def load_gold(path: str | Path) -> list[dict[str, Any]]:
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


def build_document(record: dict[str, Any], *, use_given: bool = True) -> Document:
    """The analysed Document for one gold record (given layers used as they are when `use_given`)."""
    published = record.get("published")
    options = Options(published=published)
    if "path" in record:
        from .extract_cmd import extract
        from .io import read_document

        path = Path(record.get("_base", ".")) / record["path"]
        return extract(read_document(str(path)), options)
    text = str(record["text"]).strip("\n")
    if not text.strip():
        raise InputError("empty 'text'", source=str(record.get("id")), reason="empty")
    doc = Document(source_name=str(record.get("id", "")), body=text, raw=text)
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            start = pos + len(line) - len(line.lstrip())
            doc.paragraphs.append(doc.span(start, pos + len(line.rstrip())))
        pos += len(line) + 1
    if published:
        doc.published = Published(published, "user", 1.0, [], ["given in the gold file"])
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


# ---------------------------------------------------------------- matching helpers


def entity_keys(doc: Document, entity_id: str | None) -> set[str]:
    """Normalised names a predicted entity answers to."""
    ent = next((e for e in doc.entities if e.id == entity_id), None)
    if ent is None:
        return set()
    keys = {norm(ent.name)} | {norm(m.text) for m in ent.mentions}
    if ent.name_en:
        keys.add(ent.name_en.lower())
    return keys


def gold_names(record: dict[str, Any], ref: str | None) -> set[str]:
    """A gold entity reference (id of a given entity, or a name) as normalised names: the name and, for a
    given entity, its surfaces (so "نيلوفر أكين" matches a recogniser's "أكين")."""
    if ref is None:
        return set()
    for item in record.get("entities", []):
        if item.get("id") == ref:
            return {norm(item["name"])} | {norm(x) for x in item.get("surfaces", [])}
    return {norm(ref)}


def same_entity(doc: Document, record: dict[str, Any], gold_ref: str | None, pred_id: str | None) -> bool:
    return bool(gold_names(record, gold_ref) & entity_keys(doc, pred_id))


def _token_set(body: str, start: int, end: int) -> set[int]:
    return {s for s, _, _, kind in iter_tokens(body, start, end) if kind != "punct"}


def _locate(body: str, text: str) -> tuple[int, int] | None:
    i = body.find(text)
    return (i, i + len(text)) if i >= 0 else None


@dataclass
class PRF:
    tp: float = 0.0
    pred: float = 0.0
    gold: float = 0.0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

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


# ---------------------------------------------------------------- scoring


def score_quotes(doc: Document, record: dict[str, Any], report: Report) -> None:
    body = doc.body
    gold = record.get("quotes", [])
    pred_tokens = [(_token_set(body, q.start, q.end), q) for q in doc.quotes]
    matched: set[str] = set()
    spans = report.prf("quote_tokens")
    found = report.prf("quotes")
    found.pred += len(doc.quotes)
    found.gold += len(gold)
    for q in doc.quotes:
        spans.pred += len(_token_set(body, q.start, q.end))
    for g in gold:
        where = _locate(body, g["text"])
        if where is None:
            report.errors.append(f"{record['id']}: gold quote text not in the body: {g['text'][:40]}…")
            continue
        g_tokens = _token_set(body, *where)
        spans.gold += len(g_tokens)
        best = max(pred_tokens, key=lambda pq: (len(pq[0] & g_tokens), -abs(pq[1].start - where[0])),
                   default=None)
        overlap = len(best[0] & g_tokens) if best else 0
        spans.tp += overlap
        if best is None or overlap < QUOTE_MATCH_OVERLAP * max(1, len(g_tokens)) or best[1].id in matched:
            report.errors.append(f"{record['id']}: missed quote ({g.get('speaker')}): {g['text'][:50]}")
            if "speaker" in g:
                report.count("speaker", False)
            continue
        q = best[1]
        matched.add(q.id)
        found.tp += 1
        if "speaker" in g:
            ok = same_entity(doc, record, g["speaker"], q.speaker)
            report.count("speaker", ok)
            if not ok:
                report.errors.append(f"{record['id']}: speaker of '{g['text'][:30]}…' is {q.speaker_name}, "
                                     f"gold {g['speaker']}")
        if "kind" in g:
            report.count("kind", g["kind"] == q.kind)
        if "date" in g:
            report.count("date", g["date"] == q.date)
    for q in doc.quotes:
        if q.id not in matched:
            report.errors.append(f"{record['id']}: false quote ({q.speaker_name}, {q.cue}): {q.text[:50]}")


def _participants(doc: Document, ids: list[str]) -> list[set[str]]:
    return [entity_keys(doc, i) for i in ids]


def _actor_match(doc: Document, record: dict[str, Any], gold_refs: list[str], pred_ids: list[str]) -> float:
    """Share of gold participants found among the predicted ones (and penalising extra ones): Jaccard."""
    names = [gold_names(record, r) for r in gold_refs]
    keys = _participants(doc, pred_ids)
    hit = sum(1 for n in names if any(n & k for k in keys))
    extra = sum(1 for k in keys if not any(n & k for n in names))
    union = len(names) + extra
    return hit / union if union else 1.0


def score_events(doc: Document, record: dict[str, Any], report: Report) -> None:
    gold = record.get("events", [])
    used: set[str] = set()
    for name in ("type", "actors", "date", "status", "place"):
        report.prf(name).pred += len(doc.events)
        report.prf(name).gold += len(gold)
    for g in gold:
        g_actors = list(g.get("source", [])) + list(g.get("target", [])) + list(g.get("participants", []))
        cands = [e for e in doc.events if e.type == g["type"] and e.id not in used
                 and (g.get("mode") is None or e.mode == g.get("mode"))]
        if not cands:
            report.errors.append(f"{record['id']}: missed event {g['type']}/{g.get('mode')} {g_actors}")
            continue
        ev = max(cands, key=lambda e: (_actor_match(doc, record, g_actors, e.source + e.target),
                                       e.date == g.get("date")))
        used.add(ev.id)
        report.prf("type").tp += 1
        actors_ok = _actor_match(doc, record, g_actors, ev.source + ev.target) == 1.0
        report.prf("actors").tp += actors_ok
        date_ok = ev.date == g.get("date") and (ev.date_interval == g.get("date_interval")
                                                 if "date_interval" in g else True)
        report.prf("date").tp += date_ok
        report.prf("status").tp += ev.status == g.get("status", "happened")
        place_ok = (g.get("place") is None and ev.place is None) or (
            g.get("place") is not None and same_entity(doc, record, g["place"], ev.place))
        report.prf("place").tp += place_ok
        if not (actors_ok and date_ok and ev.status == g.get("status", "happened")):
            names = {e.id: e.name for e in doc.entities}
            report.errors.append(
                f"{record['id']}: {g['type']} {g_actors} {g.get('date')} {g.get('status', 'happened')} -> got "
                f"{[names.get(i, i) for i in ev.source + ev.target]} {ev.date or ev.date_interval} {ev.status}")
    for ev in doc.events:
        if ev.id not in used:
            names = {e.id: e.name for e in doc.entities}
            report.errors.append(f"{record['id']}: extra event {ev.type}/{ev.mode} "
                                 f"{[names.get(i, i) for i in ev.source + ev.target]} {ev.status}")


def evaluate(layer: str, records: list[dict[str, Any]], *, use_given: bool = True) -> Report:
    report = Report(layer)
    for rec in records:
        doc = build_document(rec, use_given=use_given)
        report.documents += 1
        (score_quotes if layer == "quotes" else score_events)(doc, rec, report)
    return report


def format_report(report: Report, verbose: bool = False) -> str:
    lines = [f"{report.layer}: {report.documents} documents"]
    for name, s in report.scores.items():
        lines.append(f"  {name:<13} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}  "
                     f"(tp={s.tp:g} pred={s.pred:g} gold={s.gold:g})")
    for name, (c, t) in report.accuracy.items():
        lines.append(f"  {name + ' accuracy':<22} {c}/{t} = {c / t if t else 0:.3f}")
    if verbose and report.errors:
        lines.append("details:")
        lines += [f"  - {e}" for e in report.errors]
    return "\n".join(lines) + "\n"


def run_eval(args: argparse.Namespace) -> int:
    report = evaluate(args.layer, load_gold(args.gold), use_given=not args.pipeline)
    if args.format == "json":
        sys.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_report(report, args.verbose))
    return 0
