"""Events merging after the blind-s11 read (issue 19): a demonstrative event noun ("هذه المباحثات") tells the
event just told again, whatever its own clause names; a meeting told with one singular noun ("لقاء X بـY وZ")
is one sitting. Sentences written by the team; the entities are given (the tests check the events stage)."""

from __future__ import annotations

from functools import partial

from testdata import entity, event_doc

_doc = partial(event_doc, published="2015-08-02")
_p = entity

SALEH = _p("saleh", "الوزير فولكان صالح", "صالح")
MOHSEN = _p("mohsen", "الملك داود محسن", "محسن")
NOURI = _p("nouri", "الأمير كمال نوري", "نوري")
RAMI = _p("rami", "الرئيس رامي فاضل", "فاضل")
IRAN = _p("iran", "إيران", type_="LOC")


def _events(doc) -> list[tuple[str, str | None, list[str], list[str]]]:
    by_id = {e.id: e.name for e in doc.entities}
    return [(e.type, e.mode, [by_id[i] for i in e.source], sorted(by_id[i] for i in e.target))
            for e in doc.events]


def _talks(doc) -> list[tuple[str, str | None, list[str], list[str]]]:
    return [e for e in _events(doc) if e[0] == "CONSULT"]


def test_this_talk_retold_with_a_describing_clause_is_the_same_meeting():
    # "هذه المباحثات -التي هي الأولى بين حكومة الرئيس فاضل والملك محسن-": the meeting just told, described; the
    # president its clause names took no part in it
    doc = _doc("التقى الوزير فولكان صالح الملك داود محسن في قصره أمس وبحثا الأوضاع في المنطقة.\n"
               "وأشار الملك محسن إلى ضرورة مراقبة الحدود. هذه المباحثات -التي هي الأولى بين حكومة الرئيس رامي "
               "فاضل والملك داود محسن منذ الانتخابات- تناولت أيضا ملف اللاجئين.",
               [SALEH, MOHSEN, RAMI])
    talks = _talks(doc)
    assert len(talks) == 1, talks
    assert "الرئيس رامي فاضل" not in talks[0][2] + talks[0][3]


def test_this_talk_skips_other_talks_told_in_between():
    # negotiations with Iran told in between: "هذه المباحثات" is still the meeting with the king, whose party
    # its clause names
    doc = _doc("التقى الوزير فولكان صالح الملك داود محسن في قصره أمس وبحثا الأوضاع في المنطقة.\n"
               "وبعد انتهاء المفاوضات مع إيران حذر الملك محسن من تبعات الاتفاق. هذه المباحثات -التي هي الأولى "
               "بين حكومة الرئيس رامي فاضل والملك داود محسن منذ الانتخابات- تناولت أيضا ملف اللاجئين.",
               [SALEH, MOHSEN, RAMI, IRAN])
    by_id = {e.id: e.name for e in doc.entities}
    king = [e for e in doc.events if e.type == "CONSULT" and "الملك داود محسن" in [by_id[i] for i in e.source + e.target]]
    assert len(king) == 1, _talks(doc)
    assert len(king[0].evidence) == 2  # the meeting and "هذه المباحثات"
    assert "الرئيس رامي فاضل" not in [by_id[i] for i in king[0].source + king[0].target]


def test_talks_of_other_people_without_a_demonstrative_stay_apart():
    # the control: a new talk naming another pair is no retelling
    doc = _doc("التقى الوزير فولكان صالح الملك داود محسن في قصره أمس وبحثا الأوضاع في المنطقة.\n"
               "وأجرى الرئيس رامي فاضل مباحثات مع الأمير كمال نوري حول التجارة بين البلدين.",
               [SALEH, MOHSEN, RAMI, NOURI])
    assert len(_talks(doc)) == 2


def test_a_meeting_noun_with_two_people_met_is_one_sitting():
    # "لدى لقاء X بالملك Y والأمير Z": one meeting of three, not one with each
    doc = _doc("اتفق الجانبان يوم الأربعاء لدى لقاء الوزير فولكان صالح بالملك داود محسن والأمير كمال نوري "
               "على تعزيز التعاون العسكري.", [SALEH, MOHSEN, NOURI])
    talks = _talks(doc)
    assert len(talks) == 1, talks
    assert set(talks[0][2] + talks[0][3]) == {"الوزير فولكان صالح", "الملك داود محسن", "الأمير كمال نوري"}


def test_a_meeting_verb_with_people_named_one_by_one_is_one_talk_each():
    # the verb keeps the dev set's practice: "يلتقي X مع الرئيس Y والأمير Z" is a talk with each
    doc = _doc("ومن المقرر أن يلتقي الوزير فولكان صالح غدا مع الملك داود محسن والأمير كمال نوري.",
               [SALEH, MOHSEN, NOURI])
    assert len(_talks(doc)) == 2, _talks(doc)
