"""Sentence and token segmentation for Arabic news text."""

from __future__ import annotations

from marsad.model import Document
from marsad.stages.segment import SegmentStage
from marsad.text.segment import iter_tokens, sentence_bounds, token_fields


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_bounds(text)]


def test_arabic_punctuation_ends_sentences() -> None:
    assert sentences("هل يحضر الوزير؟ نعم سيحضر؛ وسيلقي كلمة. انتهى") == [
        "هل يحضر الوزير؟", "نعم سيحضر؛", "وسيلقي كلمة.", "انتهى",
    ]


def test_abbreviation_decimal_and_url_do_not_end_a_sentence() -> None:
    text = "قال د. سامي إن النمو بلغ 3.5 في المئة، والرابط https://example.com/a.b هنا. ثم غادر."
    assert sentences(text) == ["قال د. سامي إن النمو بلغ 3.5 في المئة، والرابط https://example.com/a.b هنا.", "ثم غادر."]


def test_period_inside_quote_ends_sentence_after_closing_mark() -> None:
    text = 'وقال: "الوضع صعب. لكننا متفائلون." وأضاف أن الحوار مستمر.'
    assert sentences(text) == ['وقال: "الوضع صعب. لكننا متفائلون."', "وأضاف أن الحوار مستمر."]
    guillemets = "وقال «الوضع صعب. لكننا متفائلون» ثم غادر."
    assert sentences(guillemets) == [guillemets]


def test_tokens_keep_clitic_numbers_and_quoted_names() -> None:
    text = 'بيان جنيف المؤرخ بـ30 يونيو ومناهض لـ"داعش" عام ٢٠١٥'
    toks = [(t, k) for _, _, t, k in iter_tokens(text)]
    assert ("بـ30", "number") in toks
    assert ("٢٠١٥", "number") in toks
    assert ("داعش", "word") in toks
    assert token_fields("بـ30", "number") == ("ب30", "ب", "30")
    assert token_fields("٢٠١٥", "number")[0] == "2015"
    assert token_fields("والرئيس", "word")[1:] == ("وال", "رءيس")


def test_a_tatweel_after_a_proclitic_marks_the_clitic_boundary() -> None:
    # The writer's own cut: "بـمصر" is ب + مصر, the way "ب-داعش" is ب + داعش.
    assert token_fields("بـمصر", "word") == ("بمصر", "ب", "مصر")
    assert token_fields("لـمركز", "word") == ("لمركز", "ل", "مركز")
    assert token_fields("وبـالرياض", "word")[1:] == token_fields("وبالرياض", "word")[1:] == ("وبال", "رياض")
    assert token_fields("ب-داعش", "word") == ("ب-داعش", "ب", "داعش")
    # Tatweel drawn for looks is no boundary: too short a rest, several tatweels, a vocalised word.
    for word, whole in (("فـي", "في"), ("بـدر", "بدر"), ("فـــادي", "فادي"), ("بـدايـاتـهـا", "بداياتها"),
                        ("بِـرَدم", "بردم"), ("مـصر", "مصر")):
        assert token_fields(word, "word") == (whole, "", whole), word
    # The search index reads the stem: "مركز" finds "لـمركز".
    from marsad.store.search import index_columns
    words, stems, _bare = index_columns("افتتاح لـمركز جديد")
    assert words.split() == ["افتتاح", "لمركز", "جديد"] and stems.split()[1] == "مركز"


def test_segment_stage_spans_are_slices_of_body() -> None:
    body = "قال الوزير: «نرحب بالحوار». وأضاف أن اللقاء مثمر.\n\nوفي موسكو، التقى الجانبان أمس."
    doc = Document(body=body)
    doc.paragraphs = [doc.span(0, body.index("\n")), doc.span(body.index("وفي"), len(body))]
    doc = SegmentStage()(doc)
    assert [s.paragraph for s in doc.sentences] == [0, 0, 1]
    for layer, start, end, text in doc.all_spans():
        assert body[start:end] == text, layer
    assert all(t.text.strip() for t in doc.tokens)


def test_tokens_are_those_of_token_re() -> None:
    from marsad.text.segment import TOKEN_RE, segment_span

    text = ('راسلوا info@example.org أو زوروا https://x.com/a?b=1. قال د. سامي: «بـ30 ولـ"داعش" ١٢٫٥%» و5 '
            "U.S. don't – ﻻ بد\u2028من ـ-x\u00a0ok!؟ e.g.@ .@a.b لـ")
    for start, end in ((0, len(text)), (3, len(text) - 2), (10, 40)):
        want = []
        for m in TOKEN_RE.finditer(text, start, end):
            kind = m.lastgroup or "symbol"
            want.append((m.start(), m.end(), m.group(), "number" if kind == "cliticnum" else kind))
        assert list(iter_tokens(text, start, end)) == want
        tokens, _ = segment_span(text, start, end, 0)
        assert [(t.start, t.end, t.text, t.kind) for t in tokens] == want
        assert [(t.norm, t.prefix, t.stem) for t in tokens] == [token_fields(t, k) for _, _, t, k in want]


def test_form_cache_keeps_two_bounded_generations(monkeypatch) -> None:
    """With a tiny cache the tokens are the same as computed afresh, the cache never holds more than two
    generations, and a form met again moves up from the older generation instead of being recomputed."""
    from marsad.text import segment

    monkeypatch.setattr(segment, "_FORMS_MAX", 4)
    monkeypatch.setattr(segment, "_FORMS", {})
    monkeypatch.setattr(segment, "_OLDER_FORMS", {})
    text = "قال وزير الخارجية إن الوزير التقى نظيره في الرياض أمس، وقال الوزير إن اللقاء مثمر."
    fresh = [(t.start, t.end, t.text, t.norm, t.prefix, t.stem, t.kind) for t in segment.segment_span(text, 0, len(text), 0)[0]]
    for _ in range(3):
        tokens, _ = segment.segment_span(text, 0, len(text), 0)
        assert [(t.start, t.end, t.text, t.norm, t.prefix, t.stem, t.kind) for t in tokens] == fresh
        assert len(segment._FORMS) <= 4 and len(segment._OLDER_FORMS) <= 4
    computed = []
    monkeypatch.setattr(segment, "_kind", lambda *a: computed.append(a) or "word")
    older = next(iter(segment._OLDER_FORMS))
    segment._FORMS.pop(older, None)
    assert list(segment.iter_tokens(older)) and not computed  # found in the older generation
    assert older in segment._FORMS
