"""The clean stage against team-written text dumps in the house styles of eleven outlets.

Each tests/fixtures/outlets/<outlet>.txt has a reviewed <outlet>.golden.json; after a deliberate rule
change, rebuild them with tests/fixtures/outlets/regen.py and read the diff before committing.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from marsad.clean import clean_page
from marsad.clean.stage import CleanStage
from marsad.model import Document

OUTLETS = Path(__file__).resolve().parent / "fixtures" / "outlets"
FIXTURES = sorted(OUTLETS.glob("*.txt"))


def _regen():
    spec = importlib.util.spec_from_file_location("outlets_regen", OUTLETS / "regen.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


regen = _regen()


def test_enough_house_styles() -> None:
    assert len(FIXTURES) >= 9
    outlets = {clean_page(p.read_text(encoding="utf-8")).outlet for p in FIXTURES}
    assert None not in outlets and len(outlets) == len(FIXTURES), "each fixture is recognised as its own outlet"


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_matches_golden(path: Path) -> None:
    golden = json.loads(path.with_suffix(".golden.json").read_text(encoding="utf-8"))
    assert regen.golden_of(path.read_text(encoding="utf-8")) == golden


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_every_line_in_exactly_one_place(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    placement = clean_page(raw).placement()
    nonblank = {n for n, line in enumerate(raw.splitlines(), 1) if line.strip()}
    assert set(placement) == nonblank
    assert all(len(places) == 1 for places in placement.values()), placement


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_stage_output(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    doc = CleanStage()(Document(source_name=path.name, raw=raw))
    lines = raw.splitlines()
    assert doc.title and doc.paragraphs and doc.outlet == path.stem
    for span in doc.paragraphs:
        assert doc.body[span.start : span.end] == span.text
        assert any(line.strip() == span.text for line in lines), "paragraph text is an input line, stripped"
    assert all(r.reason for r in doc.removed)
    # what the page states in its furniture becomes the publication-date hint
    golden = json.loads(path.with_suffix(".golden.json").read_text(encoding="utf-8"))
    assert (doc.published.date if doc.published else None) == golden["published"]


def test_goldens_are_current() -> None:
    assert regen.main(["--check"]) == 0


def test_removed_reasons_cover_the_furniture_kinds() -> None:
    reasons = {r.reason for p in FIXTURES for r in clean_page(p.read_text(encoding="utf-8")).removed}
    expected = {"video-button", "copy-link", "share-button", "print-button", "read-also", "cookie-banner",
                "consent-button", "newsletter", "ad-label", "comments", "tags", "social-follow", "navigation",
                "copyright", "timestamp", "byline", "photo-credit"}
    assert expected <= reasons, expected - reasons
