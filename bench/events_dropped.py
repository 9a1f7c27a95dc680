"""Why a gold event whose evidence holds a trigger of its type gives no event (or the wrong participants).

For each missed gold event of a gold file (and each type-matched one whose participants are wrong), the
tokens of its evidence are tried with `match_trigger`; for every same-type hit the script says what the
events stage did with it: never tried (a name covers it, a name homograph, inside another trigger), `_mention`
returned None (the line of that `return`, which names the rule), made a mention that no event kept (merged,
dropped after), or an event with other participants. Then the reasons are counted.

    PYTHONPATH=src python bench/events_dropped.py GOLD.jsonl [--half work] [--show]
"""
from __future__ import annotations

import argparse
import collections
import inspect
import sys
from typing import Any

from marsad import evaluate as ev
from marsad.stages import events as es

CALLS: list[tuple[int, Any, int | None]] = []  # (hit index, mention or None, line of the return)


def _patch() -> None:
    orig = es.EventsStage._mention
    code = orig.__code__

    def traced(self, doc, tokens, hit, para, mentions):  # type: ignore[no-untyped-def]
        last: list[int] = [0]

        def local(frame, event, arg):  # type: ignore[no-untyped-def]
            if event == "return":
                last[0] = frame.f_lineno
            return local

        def glob(frame, event, arg):  # type: ignore[no-untyped-def]
            return local if frame.f_code is code else None

        old = sys.gettrace()
        sys.settrace(glob)
        try:
            m = orig(self, doc, tokens, hit, para, mentions)
        finally:
            sys.settrace(old)
        CALLS.append((hit.index, m, None if m is not None else last[0]))
        return m

    es.EventsStage._mention = traced  # type: ignore[method-assign]


def _line(n: int) -> str:
    src, start = inspect.getsourcelines(es)
    text = src[n - 1].strip() if 0 < n <= len(src) else "?"
    prev = src[n - 2].strip() if n >= 2 else ""
    return f"L{n}: {prev[:70]} || {text[:90]}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="+")
    ap.add_argument("--half", default="all")
    ap.add_argument("--show", action="store_true")
    a = ap.parse_args()
    _patch()
    lex = es.event_lexicon()
    reasons: collections.Counter[str] = collections.Counter()
    for path in a.gold:
        records = ev.load_gold(path, a.half)
        ev._attach_crawl_times(records, ev.default_corpus())
        for rec in records:
            CALLS.clear()
            doc = ev.build_document(rec, use_given=False)
            view = ev.gold_view(doc, rec)
            rep = ev.Report("events")
            ev.score_events(doc, rec, rep, view)
            tokens = doc.tokens
            names = {e.id: e.name for e in doc.entities}
            gold = rec.get("events", [])
            calls = {i: (m, line) for i, m, line in CALLS}
            # which gold events failed: recompute the pairing as the scorer does
            parts, pairs = ev.pair_events(doc, gold, view)  # the scorer's own pairing
            for gi, g in enumerate(gold):
                if gi in pairs and pairs[gi][1].matched:
                    continue
                evid = str(g.get("evidence", ""))
                at = doc.body.find(evid) if evid else -1
                shown = [view.name(x) for x in parts[gi]]
                kind = "MISSED" if gi not in pairs else "WRONGPART"
                head = f"{rec['id']} {kind} {g['type']} {shown}"
                if kind == "WRONGPART":
                    e = doc.events[pairs[gi][0]]
                    head += f" got src={[names.get(i, i) for i in e.source]} tgt={[names.get(i, i) for i in e.target]}" \
                            f" trig=«{e.trigger.text if e.trigger else ''}»"
                if at < 0:
                    reasons[f"{kind}: evidence not in body"] += 1
                    if a.show:
                        print(head, "| evidence not found")
                    continue
                lo = next((k for k, t in enumerate(tokens) if t.end > at), len(tokens))
                hi = next((k for k, t in enumerate(tokens) if t.start >= at + len(evid)), len(tokens))
                found_any = False
                why: list[str] = []
                other_types = set()
                for k in range(lo, hi):
                    hit = es.match_trigger(tokens, k, len(tokens), lex)
                    if hit is None:
                        continue
                    if hit.trig.type != g["type"]:
                        other_types.add(f"{hit.trig.type}:{tokens[k].text}")
                        continue
                    found_any = True
                    w = tokens[k].text
                    if k not in calls:
                        r = "not tried (name covers it / homograph / inside another trigger)"
                    else:
                        m, line = calls[k]
                        if m is None:
                            r = "mention None " + _line(line or 0)
                        else:
                            kept = [e for e in doc.events if e.trigger and e.trigger.start == tokens[k].start]
                            if not kept and any(sp.start <= tokens[k].start < sp.end for e in doc.events
                                                for sp in e.evidence):
                                r = "mention merged into another event"
                            elif not kept:
                                r = "mention made, no event kept it"
                            else:
                                e = kept[0]
                                r = (f"event src={[names.get(i, i) for i in e.source]} "
                                     f"tgt={[names.get(i, i) for i in e.target]} how={m.how!r}")
                            r = f"{r} [mention src={[names.get(i, i) for i in m.source]} " \
                                f"tgt={[names.get(i, i) for i in m.target]} status={m.status}]"
                    why.append(f"«{w}» {r}")
                if not found_any:
                    reasons[f"{kind}: no same-type trigger" + (" (other type there)" if other_types else "")] += 1
                    if a.show:
                        print(head, "| no trigger", sorted(other_types), f"«{evid[:90]}»")
                    continue
                key = why[0].split(" [")[0].split("» ", 1)[1]
                key = key if not key.startswith("event ") else "event with other participants"
                reasons[f"{kind}: {key}"] += 1
                if a.show:
                    print(head, f"«{evid[:160]}»")
                    for w in why:
                        print("     ", w)
    print()
    for r, n in reasons.most_common():
        print(f"{n:4d}  {r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
