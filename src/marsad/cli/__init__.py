"""The `marsad` command (cli/: this parser and the modules of the commands). Thin: parses arguments, calls the library, maps errors to messages and exit codes."""

from __future__ import annotations

import argparse
import atexit
import gc
import importlib
import json
import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import NoReturn

from .. import __version__, config
from ..errors import MarsadError

# Modules that add their own sub-commands with `add_commands(subparsers)`. They import their heavy
# dependencies (models, FastAPI, Dask) inside the handlers, so `marsad --help` stays fast.
COMMAND_MODULES = ("marsad.cli.extract", "marsad.cli.archive", "marsad.ner.commands", "marsad.evaluate",
                   "marsad.cli.watch", "marsad.cli.serve", "marsad.cli.batch", "marsad.cli.reanalyse",
                   "marsad.cli.merge")  # after cli.archive: it adds `events merge|split|rebuild` to `events`
# The module that adds each command: `marsad extract` imports only what extract needs (start-up counts for a
# one-page command). A command not listed here (a module added since) loads every module, as --help does.
COMMAND_OF: dict[str, str | tuple[str, ...]] = {
    **dict.fromkeys(("extract", "demo"), "marsad.cli.extract"),
    **dict.fromkeys(("ingest", "search", "quotes", "actors", "show", "export"), "marsad.cli.archive"),
    "events": ("marsad.cli.archive", "marsad.cli.merge"), "stories": "marsad.cli.merge",
    "ner": "marsad.ner.commands", "eval": "marsad.evaluate", "watch": "marsad.cli.watch",
    "feeds": "marsad.cli.watch", "serve": "marsad.cli.serve", "batch": "marsad.cli.batch", "load": "marsad.cli.batch",
    **dict.fromkeys(("reanalyse", "reanalyze"), "marsad.cli.reanalyse"),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or (`command`) of the commands of that command's module only."""
    parser = argparse.ArgumentParser(
        prog="marsad",
        description="Arabic news in, a structured record of who met whom, who said what, when and where out.",
    )
    parser.add_argument("--version", action="version", version=f"marsad {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    names = COMMAND_OF.get(command or "", COMMAND_MODULES)
    for name in (names,) if isinstance(names, str) else names:
        importlib.import_module(name).add_commands(sub)
    return parser


# Start-up builds ~10^6 long-lived objects (rule tables, the KB, the NER lexicons and model); with the
# default threshold (700 allocations) the cycle collector runs thousands of times over them while they load:
# ~0.2 s of a one-page `marsad extract`'s 1 s. Collections stay on, only rarer (cycles are still freed).
GC_THRESHOLD = 50_000


def main(argv: Sequence[str] | None = None) -> int:
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    config.limit_blas_threads()  # before a command imports numpy
    args_given = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(next((a for a in args_given if not a.startswith("-")), None))
    args = parser.parse_args(args_given)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return handler(args)
    except MarsadError as err:
        print(f"marsad: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("marsad: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


# Commands that end the process as soon as their output is written (`run`): one page in, one record out.
QUICK_EXIT = frozenset(("extract",))


def run() -> NoReturn:
    """The program `marsad` (`python -m marsad`, the installed script): `main`, then for a QUICK_EXIT command
    (run without the cycle collector) the process ends without tearing the interpreter down. Freeing the
    ~10^6 objects of the rule tables, the KB and the models one by one, and the collector's last pass over
    them, were ~15 % of a one-page extract's instructions. Output is flushed and atexit handlers run first,
    as at a normal exit."""
    command = next((a for a in sys.argv[1:] if not a.startswith("-")), None)
    if command in QUICK_EXIT:
        # One page, then the process ends: the cycle collector would only walk the tables just loaded (~20 ms
        # of collections over them), and the few cycles a page makes go with the process.
        gc.disable()
    code = main()
    if command not in QUICK_EXIT or threading.active_count() > 1:  # (other threads: let them end as usual)
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader is gone, as `main` treats it
        pass
    except OSError:
        code = code or 120  # what Python exits with when stdout cannot be flushed at exit
    atexit._run_exitfuncs()
    os._exit(code)


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
