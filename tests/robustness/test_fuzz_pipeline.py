"""Fuzzing the whole pipeline (`marsad extract` and the ingest's HTML path): adversarial Arabic text —
zero-width and bidi controls, presentation forms, Persian/Urdu letters, tatweel and diacritics, right-to-left
overrides in titles, gigantic lines — gives a record whose every span points into the body, or a clear
rejection; never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from robust_kit import ARTICLE, ODD_CHARS, TITLE, html_page, scaled

from marsad.cli.extract import extract
from marsad.errors import InputError, MarsadError
from marsad.ingest.runner import build_pipeline, to_document
from marsad.model import Document
from marsad.pipeline import Options
from marsad.readers.files import InputItem

PIPELINE = build_pipeline()
WORDS = ARTICLE.split()


def assert_spans_point_into_body(doc: Document) -> None:
    for layer, start, end, text in doc.all_spans():
        assert 0 <= start <= end <= len(doc.body), (layer, start, end)
        assert doc.body[start:end] == text, (layer, start, end, text)


@st.composite
def adversarial_text(draw: st.DrawFn) -> str:
    """The team's article with odd characters sprinkled into and between its words."""
    words = list(WORDS)
    for _ in range(draw(st.integers(0, 25))):
        i = draw(st.integers(0, len(words) - 1))
        odd = draw(st.text(alphabet=ODD_CHARS, min_size=1, max_size=4))
        at = draw(st.integers(0, len(words[i])))
        words[i] = words[i][:at] + odd + words[i][at:]
    seps = draw(st.lists(st.sampled_from([" ", " ", " ", "\n", "\n\n", "\u00a0", "\t", "\u200f "]),
                         min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True))


# The whole pipeline costs ~0.1 s a document: fewer examples than the readers' fuzzing, even when long.
@settings(max_examples=scaled(60, 400))
@given(adversarial_text())
def test_extract_on_adversarial_text(text: str) -> None:
    try:
        doc = extract(Document(source_name="fuzz", raw=text), Options())
    except MarsadError as err:
        assert str(err)
        return
    assert_spans_point_into_body(doc)


@settings(max_examples=scaled(40, 300))
@given(adversarial_text(), st.text(alphabet=ODD_CHARS + "<>&\"'", max_size=30))
def test_ingest_html_path_with_hostile_title(text: str, title_noise: str) -> None:
    page = html_page(text, title=f"\u202e{title_noise}{TITLE}\u202c")
    item = InputItem(source_key="fuzz.html", kind="html", text=page, is_html=True)
    try:
        doc = to_document(item, PIPELINE)
    except InputError as err:
        assert err.reason
        return
    assert_spans_point_into_body(doc)


FORMS = {
    # presentation forms (as some PDFs and old sites give them), Persian/Urdu letters, a 1 MB single line
    "presentation": "".join(chr(0xFE8D + (ord(c) % 100)) if "\u0621" <= c <= "\u064a" else c for c in ARTICLE),
    "persian": ARTICLE.replace("ي", "ی").replace("ك", "ک").replace("ه", "ە"),
    "bidi": "\u202b" + ARTICLE.replace(" ", " \u200f\u2067") + "\u202c",
    "tatweel": ARTICLE.replace("ا", "ـاـ"),
    "one-line": (ARTICLE.replace("\n", " ") + " ") * scaled(60, 3000),
}


@pytest.mark.parametrize("name", sorted(FORMS))
def test_marsad_extract_cli_on_odd_forms(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    from marsad.cli import main

    path = tmp_path / f"{name}.txt"
    path.write_text(FORMS[name], encoding="utf-8")
    code = main(["extract", str(path), "--format", "json"])  # any exception but a MarsadError fails here
    out, err = capsys.readouterr()
    if code == 0:
        record = json.loads(out)
        body = record["body"]
        for ent in record.get("entities", []):
            for m in ent.get("mentions", []):
                assert body[m["start"]:m["end"]] == m["text"]
    else:
        assert code == 2 and "[E" in err, err[-500:]


def test_marsad_extract_cli_process_on_binary_and_bidi_names(tmp_path: Path) -> None:
    # The real process, for what only it shows: the exit code and stderr of a rejection.
    path = tmp_path / "‮evil‬.txt"
    path.write_bytes(b"\x00\x01\x02binary" * 50)
    out = subprocess.run([sys.executable, "-m", "marsad", "extract", str(path)], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 2 and "binary" in out.stderr and "Traceback" not in out.stderr
