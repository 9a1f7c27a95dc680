"""Property tests: whatever the text — stray quote marks, cues with nothing after them, names that
look like triggers — the quotes and events stages do not fail and every span points into the body."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.evaluate import build_document

WORDS = ["قال", "وقالت", "وأضاف", "مضيفا", "أن", "إن", "بأن", "حسب", "وحسب", "من جانبه", "بدورها", "لقاء",
         "اللقاء", "لقاؤنا", "محادثات", "مع", "بين", "في", "إلى", "سيلتقي", "نفى", "زيارة", "يصل", "الطرفان",
         "سامح شكري", "الصفدي", "عمان", "الخميس", "الوزارة", "وزارة الخارجية", "الحل", "سياسي", "قائلا",
         '"', "«", "»", "“", "”", "'", ":", "،", ".", "؟", "\n", "فرض", "عقوبات", "على", "برئاسة"]
ENTITIES = [
    {"id": "shoukry", "type": "PER", "name": "سامح شكري", "surfaces": ["سامح شكري"]},
    {"id": "safadi", "type": "PER", "name": "أيمن الصفدي", "surfaces": ["الصفدي"]},
    {"id": "mfa", "type": "ORG", "name": "وزارة الخارجية", "surfaces": ["وزارة الخارجية"]},
    {"id": "amman", "type": "LOC", "name": "عمان", "surfaces": ["عمان"]},
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=60))
def test_any_text_gives_valid_spans(words):
    text = " ".join(words)
    if not text.strip():
        return
    doc = build_document({"id": "p", "text": text, "entities": ENTITIES,
                          "dates": [{"text": "الخميس", "value": "2024-01-04"}], "published": "2024-01-07"})
    for layer, start, end, span_text in doc.all_spans():
        assert doc.body[start:end] == span_text, layer
    ids = {e.id for e in doc.entities}
    for q in doc.quotes:
        assert q.text and q.kind in ("direct", "indirect", "mixed") and (q.speaker is None or q.speaker in ids)
    for ev in doc.events:
        assert set(ev.source + ev.target) <= ids and ev.status in (
            "happened", "planned", "denied", "hypothetical", "ongoing")
        assert ev.evidence and ev.trigger
