"""The working tree's pipeline speed against another revision's, on the same host at the same time (issue 7).

    .venv/bin/python bench/side_by_side.py REV [--limit 5000] [JSONL … --preset P]

On a shared VM the speed of one run follows the neighbours (bench/memory_latency.py): two runs an hour
apart differ by up to 1.7× with the same code. This runs `pipeline_bench.py --every 0` for REV (checked out
in a temporary git worktree, its C modules built there) and for the working tree at the same time, each
pinned to one core, then again with the cores swapped, and prints both rounds: what differs between the
two columns of a round is the code (and the core; the swap shows how much the core weighs).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet-2015.jsonl.gz"


def checkout(rev: str, where: Path) -> Path:
    tree = where / "tree"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--force", str(tree), rev],
                   check=True, capture_output=True)
    if (tree / "setup.py").exists():  # its own C modules, as `pip install` would build them
        subprocess.run([sys.executable, "setup.py", "-q", "build_ext", "--inplace"], cwd=tree, check=True,
                       capture_output=True)
    return tree


def start(tree: Path, cpu: int | None, args: argparse.Namespace, out: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, str(tree / "bench" / "pipeline_bench.py"), *args.inputs, "--limit", str(args.limit),
               "--every", "0"]
    if args.preset:
        command += ["--preset", args.preset]
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}

    def pin() -> None:
        if cpu is not None:
            os.sched_setaffinity(0, {cpu})

    return subprocess.Popen(command, env=env, stdout=out.open("wb"), stderr=subprocess.STDOUT, preexec_fn=pin,
                            cwd=tempfile.gettempdir())


def summary(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8", errors="replace")
    if "{" not in text:
        raise SystemExit(f"the benchmark printed no result ({path}):\n{text[-2000:]}")
    return json.loads(text[text.index("{"):])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the revision to compare with (a commit, a tag, HEAD~3 …)")
    parser.add_argument("inputs", nargs="*", help="JSONL file(s) (default: the SaudiNewsNet corpus in ../shared)")
    parser.add_argument("--preset", default=None)
    parser.add_argument("--limit", type=int, default=5000)
    args = parser.parse_args()
    if not args.inputs:
        if not DEFAULT_CORPUS.exists():
            print(f"no input given and {DEFAULT_CORPUS} is absent", file=sys.stderr)
            return 2
        args.inputs, args.preset = [str(DEFAULT_CORPUS)], args.preset or "saudinewsnet"
    cpus = sorted(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory(prefix="marsad-side-") as tmp:
        where = Path(tmp)
        try:
            base = checkout(args.rev, where)
        except subprocess.CalledProcessError as err:
            print(f"cannot check out or build {args.rev!r}: {(err.stderr or b'').decode(errors='replace')[-500:]}",
                  file=sys.stderr)
            return 2
        try:
            for round_, (cpu_base, cpu_here) in enumerate([(0, 1), (1, 0)], 1):
                pinned = len(cpus) >= 2
                runs = {}
                for name, tree, cpu in (("base", base, cpu_base), ("here", ROOT, cpu_here)):
                    runs[name] = (start(tree, cpus[cpu] if pinned else None, args, where / f"{name}{round_}.txt"),
                                  where / f"{name}{round_}.txt")
                    if not pinned:  # one core: one after the other
                        runs[name][0].wait()
                for proc, _ in runs.values():
                    proc.wait()
                for name, (_, out) in runs.items():
                    report(f"round {round_} {args.rev if name == 'base' else 'working tree'}", summary(out))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], capture_output=True)
    return 0


def report(label: str, result: dict[str, object]) -> None:
    n = result["articles_read"]
    seconds = result["per_stage_seconds"]
    assert isinstance(n, int) and isinstance(seconds, dict)
    stages = ", ".join(f"{k} {v * 1000 / n:.2f}" for k, v in seconds.items())
    print(f"{label:>32}: {result['end_to_end_articles_per_s']} articles/s (floor {result['floor_articles_per_s']}/s, "
          f"stored {result['stored']}, duplicates {result['duplicates']}); ms/article: {stages}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
