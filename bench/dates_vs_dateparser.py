"""Arabic date expressions: marsad's date layer against dateparser, on team-written gold (dates_gold.yaml).

Run:  .venv/bin/python bench/dates_vs_dateparser.py [--verbose]

Three systems read each sentence with the anchor (publication date) as the relative base:
  marsad                the dates stage on the sentence (anchor given as Published(method="user"))
  dateparser.search     dateparser.search.search_dates(sentence, languages=["ar"], RELATIVE_BASE=anchor)
  dateparser.parse      dateparser.parse(expression, ...) given the gold expression alone (an easier task:
                        no need to find it)
An item counts as right when some date the system returns equals the gold: the ISO date; for a month or a
year, a date in it; for coordinated days, every day; for an interval, its first and last day (marsad
returns intervals; dateparser has none, so it is credited only if it returns both ends as dates).
marsad's span is also checked against the gold expression (exact text).

  --spot-check N   instead, print N random date mentions that marsad finds in real news
                   (../shared/corpus/saudinewsnet-2015.jsonl.gz, anchor = date_extracted) for reading by hand.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
import warnings
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from marsad.dates.stage import DatesStage
from marsad.model import Document, Published, Span
from marsad.stages.segment import SegmentStage

GOLD = Path(__file__).with_name("dates_gold.yaml")
SYSTEMS = ("marsad", "dateparser.search", "dateparser.parse")


def load_items() -> list[dict[str, Any]]:
    items = yaml.safe_load(GOLD.read_text(encoding="utf-8"))["items"]
    for item in items:
        item["anchor"] = str(item["anchor"])
        gold = item["gold"]
        if isinstance(gold, dict):
            item["gold"] = {"interval": [str(d) for d in gold["interval"]]}
        elif isinstance(gold, list):
            item["gold"] = [str(d) for d in gold]
        else:
            item["gold"] = str(gold)
    return items


def correct(gold: Any, found: list[str], intervals: list[list[str]]) -> bool:
    """Does a system output (dates found, intervals found) contain the gold?"""
    if isinstance(gold, dict):
        return gold["interval"] in intervals or all(d in found for d in gold["interval"])
    if isinstance(gold, list):
        return all(d in found for d in gold)
    if len(gold) == 10:
        return gold in found
    # A month or a year: marsad gives "YYYY-MM" / "YYYY"; a dateparser date inside it counts.
    return any(d == gold or d.startswith(gold + "-") for d in found)


def run_marsad(item: dict[str, Any]) -> tuple[list[str], list[list[str]], list[str]]:
    text = item["text"]
    doc = Document(body=text, paragraphs=[Span(0, len(text), text)],
                   published=Published(item["anchor"], "user", 1.0))
    doc = DatesStage(tenure=lambda body, kb: [])(SegmentStage()(doc))
    found: list[str] = []
    intervals: list[list[str]] = []
    for d in doc.dates:
        found += [v for v in [d.value, *d.values] if v]
        if d.interval:
            intervals.append(d.interval)
    return found, intervals, [d.text for d in doc.dates]


def dateparser_settings(anchor: str) -> dict[str, Any]:
    return {"RELATIVE_BASE": datetime.combine(date.fromisoformat(anchor), datetime.min.time())}


def run_search(item: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    from dateparser.search import search_dates

    results = search_dates(item["text"], languages=["ar"], settings=dateparser_settings(item["anchor"])) or []
    return [dt.date().isoformat() for _, dt in results], []


def run_parse(item: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    import dateparser

    dt = dateparser.parse(item["expr"], languages=["ar"], settings=dateparser_settings(item["anchor"]))
    return ([dt.date().isoformat()] if dt else []), []


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "saudinewsnet-2015.jsonl.gz"


def spot_check(count: int, every: int, first: int, articles: int, seed: int) -> int:
    """Print `count` random mentions from every `every`-th article (from the `first`), with context."""
    from marsad.dates.recognize import find_expressions
    from marsad.dates.resolve import Anchor, resolve

    if not CORPUS.exists():
        print(f"needs {CORPUS} (real data, not in the repository)", file=sys.stderr)
        return 2
    picked = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % every == first:
                picked.append(json.loads(line))
            if len(picked) == articles:
                break
    started = time.perf_counter()
    mentions = []
    for art in picked:
        body, anchor = art["content"], date.fromisoformat(art["date_extracted"][:10])
        for expr in find_expressions(body):
            m = resolve(expr, Anchor(anchor), 6)
            context = body[max(0, m.start - 40):m.end + 25].replace("\n", " ")
            mentions.append((anchor.isoformat(), m, context))
    took = time.perf_counter() - started
    print(f"{len(picked)} articles, {len(mentions)} mentions, {took:.1f} s")
    random.seed(seed)
    for anchor_iso, m, context in random.sample(mentions, min(count, len(mentions))):
        print(f"{anchor_iso} | {m.text} | {m.value or m.values or m.interval} | {m.rule} | {context}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every item")
    parser.add_argument("--spot-check", type=int, metavar="N", help="print N random mentions from real news")
    parser.add_argument("--every", type=int, default=60, help="spot check: take every EVERY-th article")
    parser.add_argument("--first", type=int, default=30, help="spot check: starting at this line")
    parser.add_argument("--articles", type=int, default=500, help="spot check: this many articles")
    parser.add_argument("--seed", type=int, default=11, help="spot check: random seed")
    args = parser.parse_args(argv)
    if args.spot_check:
        return spot_check(args.spot_check, args.every, args.first, args.articles, args.seed)
    warnings.filterwarnings("ignore")  # dateparser's deprecation noise
    items = load_items()
    score: dict[str, dict[str, list[int]]] = {s: defaultdict(lambda: [0, 0]) for s in SYSTEMS}
    span_exact = 0
    better: list[str] = []
    worse: list[str] = []
    for item in items:
        m_found, m_intervals, m_spans = run_marsad(item)
        outcome = {
            "marsad": correct(item["gold"], m_found, m_intervals),
            "dateparser.search": correct(item["gold"], *run_search(item)),
            "dateparser.parse": correct(item["gold"], *run_parse(item)),
        }
        span_exact += item["expr"] in m_spans
        for system, ok in outcome.items():
            for key in (item["cat"], "ALL"):
                score[system][key][0] += ok
                score[system][key][1] += 1
        line = f"[{item['cat']}] {item['expr']} (anchor {item['anchor']}) gold={item['gold']}"
        if outcome["marsad"] and not outcome["dateparser.search"]:
            better.append(line)
        if not outcome["marsad"] and (outcome["dateparser.search"] or outcome["dateparser.parse"]):
            worse.append(line + f"  marsad={m_found or m_intervals}")
        if args.verbose:
            marks = " ".join(f"{s}={'ok' if ok else '--'}" for s, ok in outcome.items())
            print(f"{marks}  {line}  marsad={m_found or m_intervals}")

    cats = sorted({i["cat"] for i in items}, key=lambda c: [i["cat"] for i in items].index(c)) + ["ALL"]
    print(f"{len(items)} items from {GOLD.name}\n")
    print(f"{'category':<20}" + "".join(f"{s:>20}" for s in SYSTEMS))
    for cat in cats:
        cells = "".join(f"{score[s][cat][0]:>3}/{score[s][cat][1]:<3} ({score[s][cat][0] / score[s][cat][1]:>4.0%})".rjust(20)
                        for s in SYSTEMS)
        print(f"{cat:<20}{cells}")
    print(f"\nmarsad span equals the gold expression: {span_exact}/{len(items)}")
    print(f"\nmarsad right, dateparser.search wrong ({len(better)}):")
    for line in better:
        print("  " + line)
    print(f"\nmarsad wrong, a dateparser mode right ({len(worse)}):")
    for line in worse:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
