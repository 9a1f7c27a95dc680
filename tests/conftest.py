"""Shared test fixtures. Real data is read from ../shared/ (never copied here); tests that need it skip
with a clear reason when it is absent, as on a user's fresh clone."""

from __future__ import annotations

from pathlib import Path

import pytest
from testdata import FIXTURES, ROOT, SHARED, shared_path

__all__ = ["FIXTURES", "ROOT", "SHARED", "shared_path"]


@pytest.fixture
def rt_sample_path() -> Path:
    return shared_path("samples/rt-ar-gyc7.txt")


@pytest.fixture(scope="session")
def rt_doc():
    """The RT sample through the whole default pipeline (computed once per test session)."""
    from marsad.cli.extract import extract
    from marsad.io import read_document
    from marsad.pipeline import Options

    return extract(read_document(str(shared_path("samples/rt-ar-gyc7.txt"))), Options())
