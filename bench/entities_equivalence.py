"""Entities stage: per-stage timing and output equivalence on real articles (issues 3 and 7).

    .venv/bin/python bench/entities_equivalence.py --save before.json [--limit 200]
    .venv/bin/python bench/entities_equivalence.py --compare before.json [--limit 200]
    .venv/bin/python bench/entities_equivalence.py --profile [--limit 50]

Reads the first --limit articles of ../shared/corpus/saudinewsnet-2015.jsonl.gz (title, content,
date_extracted), runs the default pipeline up to and including the entities stage, and times every stage
(CPU seconds of this process). `--save` writes, per article, recognize()'s mentions and the entities
stage's mentions and entities; `--compare` reruns and prints how many articles differ, and the first
differences, so that a speed change can be checked to leave the output alone (or to see what it changed).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gzip
import json
import pstats
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError
from marsad.model import Document, Published
from marsad.ner import recognize
from marsad.pipeline import Options, Pipeline

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet-2015.jsonl.gz"
UNTIL = "entities"


def articles(path: Path, limit: int) -> list[Document]:
    docs = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if len(docs) >= limit:
                break
            record = json.loads(line)
            doc = Document(source_name=f"line{len(docs)}", raw=record.get("content") or "", title=record.get("title"))
            day = (record.get("date_extracted") or "")[:10]
            if day:
                doc.published = Published(day, "metadata", 0.9, [], ["input metadata"])
            docs.append(doc)
    return docs


def stages_until_entities(pipeline: Pipeline) -> list[Any]:
    names = [s.name for s in pipeline.stages]
    return pipeline.stages[: names.index(UNTIL) + 1]


def run(docs: list[Document], stages: list[Any], clock: Counter[str]) -> list[dict[str, Any]]:
    out = []
    for doc in docs:
        record: dict[str, Any] = {"source": doc.source_name}
        try:
            for stage in stages:
                if stage.name == UNTIL:
                    t = time.process_time()
                    found = recognize(doc)
                    clock["recognize()"] += time.process_time() - t
                    record["recognize"] = [[m.start, m.end, m.text, m.type, m.source] for m in found]
                t = time.process_time()
                doc = stage(doc)
                clock[stage.name] += time.process_time() - t
        except MarsadError as err:
            record["error"] = str(err)
            out.append(record)
            continue
        record["mentions"] = [[m.start, m.end, m.text, m.type, m.source, m.entity] for m in doc.mentions]
        record["entities"] = [[e.id, e.type, e.name, e.actor, [[r.text, r.office, r.country] for r in e.roles]]
                              for e in doc.entities]
        out.append(record)
    return out


def compare(before: list[dict[str, Any]], after: list[dict[str, Any]], show: int) -> None:
    counts: Counter[str] = Counter()
    shown = 0
    for b, a in zip(before, after, strict=True):
        for part in ("recognize", "mentions", "entities"):
            old, new = b.get(part) or [], a.get(part) or []
            if old == new:
                continue
            counts[f"{part}: articles differing"] += 1
            removed = [x for x in old if x not in new]
            added = [x for x in new if x not in old]
            counts[f"{part}: items removed"] += len(removed)
            counts[f"{part}: items added"] += len(added)
            if shown < show and (removed or added):
                shown += 1
                print(f"{b['source']} {part}:\n  - {removed[:6]}\n  + {added[:6]}")
    print(f"{len(before)} articles compared")
    for k in sorted(counts):
        print(f"{k}: {counts[k]}")
    if not counts:
        print("identical")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--show", type=int, default=10, help="differences printed with --compare")
    parser.add_argument("--profile", action="store_true", help="cProfile the entities stage, top functions")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"needs {args.corpus} (../shared is absent)", file=sys.stderr)
        return 2
    docs = articles(args.corpus, args.limit)
    stages = stages_until_entities(Pipeline.from_options(Options()))
    with contextlib.suppress(MarsadError):  # warm lazy models/KB so loading is not timed
        run([Document(source_name="warm", raw="قال وزير الخارجية إن الاجتماع عقد في الرياض.\n")], stages, Counter())
    clock: Counter[str] = Counter()
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
    results = run(docs, stages, clock)
    if args.profile:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
    n = len(docs)
    print(f"{n} articles, ms/article (CPU):",
          ", ".join(f"{k} {clock[k] * 1000 / n:.1f}" for k in [*[s.name for s in stages], "recognize()"]))
    if args.save:
        args.save.write_text(json.dumps(results, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.compare:
        compare(json.loads(args.compare.read_text(encoding="utf-8")), results, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
