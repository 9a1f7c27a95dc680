"""The `marsad` command. Thin: parses arguments, calls the library, maps errors to messages and exit codes."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Sequence

from . import __version__
from .errors import MarsadError

# Modules that add their own sub-commands with `add_commands(subparsers)`. They import their heavy
# dependencies (models, FastAPI, Dask) inside the handlers, so `marsad --help` stays fast.
COMMAND_MODULES = ("marsad.extract_cmd", "marsad.archive_cmd", "marsad.ner.commands", "marsad.evaluate",
                   "marsad.watch_cmd", "marsad.serve_cmd", "marsad.batch_cmd",
                   "marsad.merge_cmd")  # after archive_cmd: it adds `events merge|split` to `events`


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marsad",
        description="Arabic news in, a structured record of who met whom, who said what, when and where out.",
    )
    parser.add_argument("--version", action="version", version=f"marsad {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
