"""Whole-pipeline output equivalence and per-stage profile on real articles (issue 7).

    .venv/bin/python bench/pipeline_equivalence.py --save /tmp/before.jsonl.gz [--limit 300]
    .venv/bin/python bench/pipeline_equivalence.py --compare /tmp/before.jsonl.gz [--limit 300] [--show 8]
    .venv/bin/python bench/pipeline_equivalence.py --profile entities [--limit 100] [--top 40]

Runs the default pipeline on the first --limit articles of a JSONL file (default: the SaudiNewsNet corpus in
../shared, preset saudinewsnet) and records every layer of every document, the internal ones included
(tokens as compact tuples). `--save` writes them; `--compare` reruns and prints, per layer, how many
articles differ and the first differences, so that a speed change can be shown to leave the output alone
(or to say exactly what it changed). `--profile STAGE` runs cProfile around that stage only (or `all`).
Per-stage CPU ms/article is always printed.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gzip
import itertools
import json
import os
import pstats
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError
from marsad.ingest.runner import build_pipeline, input_published
from marsad.model import Document
from marsad.pipeline import Options
from marsad.readers.files import make_mapping, read_inputs

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet-2015.jsonl.gz"


def with_default_corpus(args: argparse.Namespace) -> bool:
    """No inputs given: the SaudiNewsNet file of ../shared with its preset (False, said, when it is absent)."""
    if args.inputs:
        return True
    if not DEFAULT_CORPUS.exists():
        print(f"no input given and {DEFAULT_CORPUS} is absent", file=sys.stderr)
        return False
    args.inputs, args.preset = [str(DEFAULT_CORPUS)], args.preset or "saudinewsnet"
    return True


def documents(paths: list[str], preset: str | None, limit: int) -> list[Document]:
    docs = []
    for item in itertools.islice(read_inputs(paths, make_mapping(preset)), limit):
        if item.error is not None:
            continue
        doc = Document(source_name=item.source_key, raw=item.text, title=item.title, url=item.url,
                       outlet=item.outlet)
        doc.published = input_published(item)
        docs.append(doc)
    return docs


def record_of(doc: Document) -> dict[str, Any]:
    out = doc.to_dict()
    out["tokens"] = [[t.start, t.end, t.norm, t.prefix, t.stem, t.kind] for t in doc.tokens]
    out["sentences"] = [[s.start, s.end, s.paragraph] for s in doc.sentences]
    out["mentions"] = [[m.start, m.end, m.type, m.source, m.entity] for m in doc.mentions]
    out.pop("stages", None)
    return out


def run(docs: list[Document], profile_stage: str | None, clock: Counter[str], top: int = 40,
        warm: list[Document] = ()) -> list[dict[str, Any]]:
    pipeline = build_pipeline(Options())
    with contextlib.suppress(MarsadError):  # lazy models and the KB load here, untimed
        pipeline(Document(source_name="warm", raw="قال وزير الخارجية إن الاجتماع عقد في الرياض يوم الأحد.\n"))
    for doc in warm:  # untimed: the per-form caches then hold what a long run's do
        with contextlib.suppress(MarsadError):
            pipeline(doc)
    profiler = cProfile.Profile()
    results = []
    for doc in docs:
        try:
            for stage in pipeline.stages:
                watched = profile_stage in (stage.name, "all")
                if watched:
                    profiler.enable()
                t = time.process_time()
                doc = stage(doc)
                clock[stage.name] += time.process_time() - t
                if watched:
                    profiler.disable()
            results.append({"source": doc.source_name, **record_of(doc)})
        except MarsadError as err:
            results.append({"source": doc.source_name, "error": str(err)})
    if profile_stage:
        pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "tottime")).print_stats(top)
    return results


def compare(before: list[dict[str, Any]], after: list[dict[str, Any]], show: int) -> int:
    counts: Counter[str] = Counter()
    shown = 0
    for b, a in zip(before, after, strict=True):
        for layer in sorted(set(b) | set(a)):
            old, new = b.get(layer), a.get(layer)
            if old == new:
                continue
            counts[layer] += 1
            if shown < show:
                shown += 1
                if isinstance(old, list) and isinstance(new, list):
                    removed = [x for x in old if x not in new][:4]
                    added = [x for x in new if x not in old][:4]
                    print(f"{b['source']} {layer}:\n  - {removed}\n  + {added}")
                else:
                    print(f"{b['source']} {layer}:\n  - {old}\n  + {new}")
    print(f"{len(before)} articles compared")
    for layer, n in sorted(counts.items()):
        print(f"{layer}: {n} articles differ")
    if not counts:
        print("identical")
    return 1 if counts else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*")
    parser.add_argument("--preset", default=None)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--show", type=int, default=8)
    parser.add_argument("--profile", metavar="STAGE", help="cProfile one stage (or 'all'), sorted by own time")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--warm", type=int, default=0, metavar="N",
                        help="first run N articles untimed (caches as in a long run), then time the next --limit")
    args = parser.parse_args()
    if not with_default_corpus(args):
        return 2
    docs = documents(args.inputs, args.preset, args.warm + args.limit)
    warm, docs = docs[:args.warm], docs[args.warm:]
    clock: Counter[str] = Counter()
    results = run(docs, args.profile, clock, args.top, warm)
    n = len(docs) or 1
    print(f"{len(docs)} articles, CPU ms/article:", ", ".join(f"{k} {v * 1000 / n:.2f}" for k, v in clock.items()),
          f"| total {sum(clock.values()) * 1000 / n:.2f}")
    if args.save:
        with gzip.open(args.save, "wt", encoding="utf-8") as out:
            for r in results:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
    if args.compare:
        with gzip.open(args.compare, "rt", encoding="utf-8") as saved:
            before = [json.loads(line) for line in saved]
        return compare(before, results, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
