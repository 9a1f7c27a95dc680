"""Entities: a clause-initial verb that is also a given name, a state after "دولة", a title as a place."""

from __future__ import annotations

from testdata import mention_texts, run_entities


def _people(body: str) -> list[list[str]]:
    return [mention_texts(e) for e in run_entities(body).entities if e.type == "PER"]


def test_clause_initial_verb_is_not_a_given_name() -> None:
    # "وطالب" at a sentence's start is "demanded": the subject is the name after it
    body = "عقد البرلمان جلسته أمس. وطالب النجيفي بضرورة إجراء تحقيق شامل في أحداث المدينة."
    assert _people(body) == [["النجيفي"]]


def test_verb_after_comma_needs_a_preposition_after_the_name() -> None:
    # in a list after a comma a given name stays a name ("وصادق الحربي،")
    body = "وحضر اللقاء كل من خالد العتيبي، وصادق الحربي، ومحمد القحطاني."
    assert ["صادق الحربي"] in _people(body)


def test_given_name_after_a_reporting_verb_stays() -> None:
    assert _people("وقال طالب الرفاعي إن الاجتماع كان مثمرا.") == [["طالب الرفاعي"]]


def test_name_after_state_head_is_a_place() -> None:
    doc = run_entities("ولم تخالف القرار سوى دولة مالاوي التي رفضت الانصياع له.")
    assert [(e.type, mention_texts(e)) for e in doc.entities] == [("LOC", ["مالاوي"])]


def test_senator_and_her_nationality_are_no_place() -> None:
    doc = run_entities("وقالت السناتور الأمريكية دايان فاينستاين إن الاتفاق سيئ.")
    assert [(e.type, mention_texts(e)) for e in doc.entities] == [("PER", ["دايان فاينستاين"])]


def test_kings_title_alone_is_the_king_of_the_day() -> None:
    # never named in the article: the one KB king of Saudi Arabia on its day, with the clitic form too
    doc = run_entities("وبعث خادم الحرمين الشريفين برقية تهنئة. ونقل الوزير لخادم الحرمين الشريفين تحيات الرئيس.")
    assert [(e.type, e.name, mention_texts(e)) for e in doc.entities] == [
        ("PER", "سلمان بن عبد العزيز", ["خادم الحرمين الشريفين", "خادم الحرمين الشريفين"])]


def test_kings_title_in_a_body_name_or_marked_former_is_no_mention() -> None:
    doc = run_entities("وأوضحت سفارة خادم الحرمين الشريفين لدى تركيا الإجراءات الجديدة.")
    assert not [e for e in doc.entities if e.type == "PER"]
    doc = run_entities("وكان خادم الحرمين الشريفين الراحل قد أسس المشروع.", day="2015-08-05")
    assert not [e for e in doc.entities if e.type == "PER"]
