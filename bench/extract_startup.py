#!/usr/bin/env python3
"""Wall time of `marsad extract` on one page, start-up included: the median of N runs (default 5).

    python bench/extract_startup.py                    # the RT sample of ../shared, else the embedded demo page
    python bench/extract_startup.py PAGE.html --runs 9
    python bench/extract_startup.py --src /other/tree/src   # another checkout, to compare
    python bench/extract_startup.py --compile               # with the tree's .pyc written first

The first run after a change of code or rule files fills the cache of compiled rules (marsad.fastload,
under the user's cache directory); it is run once before the timed runs and reported apart.

Bytecode: an installed package has its .pyc; a checkout run with PYTHONDONTWRITEBYTECODE=1 (as in this
project's environment) and no __pycache__ compiles every module it imports on every run (~0.1 s). The line
printed says how many of the tree's modules had an up-to-date .pyc; --compile writes them first (compileall).
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = (ROOT.parent / "shared" / "samples" / "rt-ar-gyc7.txt",
           ROOT / "src" / "marsad" / "data" / "samples" / "ar-demo-meeting.txt")


def run_once(page: Path, src: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one `marsad extract` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "marsad", "extract", str(page)], check=True, env=env,
                   stdout=subprocess.DEVNULL, cwd=src.parent)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def pyc_state(src: Path) -> str:
    """"N/M modules with an up-to-date .pyc" for the marsad package of `src`."""
    modules = sorted((src / "marsad").rglob("*.py"))
    fresh = 0
    for module in modules:
        cached = Path(importlib.util.cache_from_source(str(module)))
        # (the .pyc's header holds the source's mtime; newer than the source is what Python checks in effect)
        fresh += cached.exists() and cached.stat().st_mtime >= module.stat().st_mtime
    return f"{fresh}/{len(modules)} modules with a .pyc"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("page", nargs="?", help="the page to extract (default: the RT sample or the demo page)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--src", default=str(ROOT / "src"), help="the source tree to run (default: this one)")
    parser.add_argument("--compile", action="store_true", help="write the tree's .pyc first (as an installed package has them)")
    args = parser.parse_args()
    page = Path(args.page) if args.page else next(p for p in SAMPLES if p.exists())
    src = Path(args.src).resolve()
    env = {**os.environ, "PYTHONPATH": str(src)}
    if args.compile:
        compileall.compile_dir(src / "marsad", quiet=1)
    first, _ = run_once(page, src, env)
    runs = [run_once(page, src, env) for _ in range(args.runs)]
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    # On a shared machine the wall time waits for other processes; the CPU time says what marsad costs.
    print(f"marsad extract {page.name}: median {statistics.median(walls):.2f} s wall over {args.runs} runs "
          f"(min {min(walls):.2f}, max {max(walls):.2f}; first run {first:.2f} s), "
          f"median CPU {statistics.median(cpus):.2f} s; load average {os.getloadavg()[0]:.1f}; "
          f"{pyc_state(src)}, PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
