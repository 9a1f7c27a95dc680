"""marsad.io counts a process's first characters in Python and the rest with numpy tables: both paths must
give the same (letters, Arabic letters, ء..ي) counts, or a text's acceptance would depend on its place in a batch."""

from __future__ import annotations

import pytest

from marsad import io

TEXTS = [
    "",
    "التقى وزير الخارجية السعودي نظيره الروسي في موسكو يوم الاثنين ١٢ مارس.",
    "قال المتحدث: «سنواصل الحوار» — Reuters, 2015 ½ ² ⅷ 一二三 _ ـ \u064b\u0670 ﻻ ﭑ ݐ",
    "Ø§Ù„Ø±ÙŠØ§Ø¶ mojibake ط§ظ„ط±",
    "non-BMP \U0001d400\U0001d7ce \U00020000 and a lone surrogate \ud800 in Arabic نص",
]


@pytest.mark.parametrize("text", TEXTS)
def test_python_and_numpy_counts_agree(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(io, "_PY_COUNT_BUDGET", [10**9])
    python = io._counts(text)
    monkeypatch.setattr(io, "_PY_COUNT_BUDGET", [0])
    assert io._counts(text) == python
    assert python == io._counts_py(text)


def test_counts_switch_to_numpy_after_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(io, "_PY_COUNT_BUDGET", [5])
    io._counts("نص عربي")  # 7 characters: the budget is spent
    calls: list[str] = []
    monkeypatch.setattr(io, "_counts_py", lambda text: calls.append(text) or (0, 0, 0))
    assert io._counts("نص") == (2, 2, 2)
    assert calls == []
