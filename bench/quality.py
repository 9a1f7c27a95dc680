"""The scoreboard: `marsad eval all GOLD --pipeline` on both halves of the real political dev set, as one
table, recorded with the commit in bench/README.md (the history is kept: each run appends a section).

    .venv/bin/python bench/quality.py                 # print the table
    .venv/bin/python bench/quality.py --record "why"  # and append it to bench/README.md

The work half (records at even positions) is the one rules are tuned on; the held half is looked at
only to report. The gold file is real text nobody on the team wrote (../shared/eval/).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from marsad.evaluate import LAYERS, Report, evaluate_file, load_gold

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "eval" / "political-dev.jsonl"
MARKER = "## Quality on real news (bench/quality.py)"

# (label, layer, kind, name): kind "prf" prints P/R/F1 of a score, "acc" an accuracy.
ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("entity mentions PER (exact)", "entities", "prf", "exact PER"),
    ("entity mentions ORG (exact)", "entities", "prf", "exact ORG"),
    ("entity mentions LOC (exact)", "entities", "prf", "exact LOC"),
    ("entity mentions all (exact)", "entities", "prf", "exact all"),
    ("entity mentions PER (overlap)", "entities", "prf", "overlap PER"),
    ("entity mentions all (overlap)", "entities", "prf", "overlap all"),
    ("KB links right", "entities", "acc", "KB link"),
    ("dates found", "dates", "prf", "found"),
    ("dates exact (of gold)", "dates", "acc", "exact"),
    ("published day (crawl time, else text)", "published", "acc", "published"),
    ("quotes found", "quotes", "prf", "quotes"),
    ("speaker (of found quotes)", "quotes", "acc", "speaker"),
    ("speaker (of gold quotes)", "quotes", "acc", "speaker (of gold)"),
    ("unnamed sources", "quotes", "acc", "unnamed source"),
    ("events type", "events", "prf", "type"),
    ("events matched", "events", "prf", "matched"),
    ("events strict", "events", "prf", "strict"),
    ("event date (matched)", "events", "acc", "date"),
    ("event status (matched)", "events", "acc", "status"),
    ("event place (matched)", "events", "acc", "place"),
)


def cell(reports: dict[str, Report], layer: str, kind: str, name: str) -> str:
    report = reports.get(layer)
    if report is None:
        return "—"
    if kind == "prf":
        s = report.scores.get(name)
        if s is None or not (s.gold or s.pred):
            return "—"
        return f"{s.precision:.2f} / {s.recall:.2f} / **{s.f1:.2f}**"
    correct, total = report.accuracy.get(name, [0, 0])
    return f"**{correct / total:.2f}** ({correct}/{total})" if total else "—"


def table(halves: dict[str, dict[str, Report]]) -> str:
    head = "| measure (P / R / F1, or accuracy) | " + " | ".join(halves) + " |"
    lines = [head, "|---|" + "---|" * len(halves)]
    for label, layer, kind, name in ROWS:
        lines.append(f"| {label} | " + " | ".join(cell(r, layer, kind, name) for r in halves.values()) + " |")
    return "\n".join(lines)


def commit() -> str:
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
        return sha + (" + uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--record", metavar="NOTE", help="append the table to bench/README.md with this note")
    args = ap.parse_args(argv)
    if not args.gold.is_file():
        print(f"no gold file at {args.gold} (../shared/ is absent?)", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    halves: dict[str, Any] = {}
    for half, label in (("work", "work half (18)"), ("held", "held half (18)"), ("all", "all (36)")):
        label = label.split(" (")[0] + f" ({len(load_gold(args.gold, half))})"
        halves[label] = evaluate_file(args.gold, LAYERS, pipeline=True, half=half)
    seconds = time.perf_counter() - t0
    text = table(halves)
    print(text)
    print(f"\n({seconds:.1f} s for the three runs)")
    if args.record:
        readme = ROOT / "bench" / "README.md"
        body = readme.read_text(encoding="utf-8")
        if MARKER not in body:
            body += (f"\n\n{MARKER}\n\n`marsad eval all ../shared/eval/political-dev.jsonl --pipeline --half work|held`"
                     " (docs/events.md, \"Gold files\"); newest last.\n")
        body += (f"\n### {time.strftime('%Y-%m-%d')} — {commit()}: {args.record}\n\n"
                 f"`.venv/bin/python bench/quality.py --record …`\n\n{text}\n")
        readme.write_text(body, encoding="utf-8")
        print(f"recorded in {readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
