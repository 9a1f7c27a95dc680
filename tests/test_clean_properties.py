"""Property: whatever mix of title, furniture, prose and noise a page has, every non-blank line lands in
exactly one place, paragraphs are input lines as written, and the body spans hold."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.clean import clean_page
from marsad.clean.stage import CleanStage
from marsad.errors import InputError
from marsad.model import Document

PIECES = [
    "وزير الخارجية يلتقي نظيره الفرنسي في باريس",
    "أخبار العالم",
    "شارك",
    "فيسبوك",
    "اقرأ أيضا",
    "الرئيسية > أخبار > سياسة",
    "المصدر: وكالات",
    "(أ ف ب)",
    "إعلان",
    "موافق",
    "نشر في 3 مارس 2021",
    "هذا الموقع يستخدم ملفات تعريف الارتباط لتحسين تجربتك.",
    "وقال الوزير إن المحادثات كانت بناءة ومثمرة.",
    "وأضاف: \"سنواصل العمل معا من أجل السلام\".",
    "المتحدث باسم الحكومة يعلن موعد الانتخابات",
    "وزير الخارجية يلتقي نظيره الفرنسي في باريس   رويترز",
    "انسخ الرابطhttps://example.com/a1",
    "   ",
    "x",
    "١٢٣",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=25), st.sampled_from(["\n", "\n\n", "\r\n"]))
def test_every_line_once_and_spans(pieces: list[str], sep: str) -> None:
    raw = sep.join(pieces)
    page = clean_page(raw)
    placement = page.placement()
    lines = raw.replace("\r\n", "\n").split("\n")
    assert set(placement) == {n for n, line in enumerate(lines, 1) if line.strip()}
    assert all(len(places) == 1 for places in placement.values())
    for para in page.paragraphs:
        assert para.text == lines[para.line - 1].strip()
    try:
        doc = CleanStage()(Document(source_name="p", raw=raw))
    except InputError as err:
        assert err.reason == "no-body" and not page.paragraphs
        return
    assert all(doc.body[s.start : s.end] == s.text for s in doc.paragraphs)
