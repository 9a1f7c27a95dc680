"""`marsad extract` start-up (issue 20): the program ends as soon as its record is written, with its output
whole and atexit handlers run; modules a one-page extract does not use are not imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from testdata import FIXTURES, ROOT

PAGE = FIXTURES / "ingest" / "ministers-meeting.txt"


def _python(code: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                          timeout=600, input=stdin)


def test_the_quick_exit_writes_the_whole_record_and_runs_atexit_handlers():
    code = ("import atexit, sys; atexit.register(lambda: print('atexit ran', file=sys.stderr)); "
            "sys.argv = ['marsad', *sys.argv[1:]]; from marsad.cli import run; run()")
    done = _python(code, "extract", str(PAGE))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["entities"] and "atexit ran" in done.stderr
    in_process = _python("import sys; from marsad.cli import main; raise SystemExit(main(sys.argv[1:]))",
                         "extract", str(PAGE))
    assert in_process.stdout == done.stdout


def test_the_quick_exit_keeps_the_exit_code_of_an_error():
    code = "import sys; sys.argv = ['marsad', *sys.argv[1:]]; from marsad.cli import run; run()"
    done = _python(code, "extract", "-", stdin="\n")
    assert done.returncode == 2 and "E100" in done.stderr and not done.stdout


def test_a_one_page_extract_does_not_import_what_it_does_not_use():
    code = ("import sys, io, contextlib; from marsad.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): main(sys.argv[1:])\n"
            "print(' '.join(sorted(sys.modules)))")
    done = _python(code, "extract", str(PAGE))
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert "marsad.stages.entities" in loaded  # (the check sees the modules of the run)
    unused = {"yaml", "pycrfsuite", "hijridate", "sqlite3", "tempfile", "logging", "importlib.resources",
              "zipfile", "gzip", "html.entities", "trafilatura", "lxml"}
    assert not unused & loaded, sorted(unused & loaded)
