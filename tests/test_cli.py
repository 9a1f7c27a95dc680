"""`marsad extract` as a user meets it: clear errors for bad input, a valid record for good input."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from marsad.cli import main
from marsad.model import Document


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "marsad", *args], input=stdin, capture_output=True, timeout=120,
    )
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8"),
                                       proc.stderr.decode("utf-8"))


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b"The minister met the delegation in Moscow on Thursday.", "not Arabic"),
        (b"\xff\xfe\x00\xd8", "UTF-16"),
    ],
)
def test_bad_input_gives_a_clear_error_and_no_traceback(tmp_path: Path, content: bytes | None, problem: str) -> None:
    path = tmp_path / "page.txt"
    if content is not None:
        path.write_bytes(content)
    proc = run_cli("extract", str(path))
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert str(path) in proc.stderr
    assert problem in proc.stderr


def test_directory_and_bad_published_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(tmp_path)]) != 0
    assert "directory" in capsys.readouterr().err
    page = tmp_path / "p.txt"
    page.write_text("عنوان الخبر\n\nقال الوزير إن اللقاء كان مثمرا.\n", encoding="utf-8")
    assert main(["extract", str(page), "--published", "2015-02-30"]) != 0
    assert "not a real date" in capsys.readouterr().err


def _demo_text() -> bytes:
    return resources.files("marsad.data").joinpath("samples/ar-demo-meeting.txt").read_bytes()


def test_extract_from_stdin_prints_a_valid_record() -> None:
    proc = run_cli("extract", "-", "--published", "2024-03-07", stdin=_demo_text())
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    schema = json.loads(resources.files("marsad").joinpath("schema/document.schema.json").read_text("utf-8"))
    jsonschema.validate(record, schema)
    assert record["published"] == {"date": "2024-03-07", "method": "user", "confidence": 1.0, "candidates": [],
                                   "evidence": ["given with --published"]}
    doc = Document.from_dict(record)
    assert doc.paragraphs and doc.title
    for layer, start, end, text in doc.all_spans():
        assert doc.body[start:end] == text, layer


def test_text_format_is_readable() -> None:
    proc = run_cli("extract", "-", "--format", "text", stdin=_demo_text())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("title:")
    assert "paragraphs" in proc.stdout


def test_unknown_stage_is_a_clear_error(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_bytes(_demo_text())
    proc = run_cli("extract", str(page), "--stages", "clean,teleport")
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "teleport" in proc.stderr


def test_extract_has_a_per_document_time_limit(tmp_path: Path) -> None:
    import os

    page = tmp_path / "p.txt"
    page.write_bytes(_demo_text())
    proc = subprocess.run([sys.executable, "-m", "marsad", "extract", str(page)], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "MARSAD_DOC_TIMEOUT": "0.001"})
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "took longer than" in proc.stderr and "MARSAD_DOC_TIMEOUT" in proc.stderr
