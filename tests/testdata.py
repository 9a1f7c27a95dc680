"""Where test data lives. Real data is read from ../shared/ (never copied here); `shared_path` skips the
test with a clear reason when it is absent, as on a user's fresh clone. (A plain module, not conftest:
tests/browser has a conftest of its own, and two modules named conftest cannot both be imported.)"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_path(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"needs ../shared/{relative} (real data, not in the repository); absent here")
    return path
