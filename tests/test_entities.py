"""The entities stage on team-written text, and on the real RT sample (skipped without ../shared)."""

from __future__ import annotations

import pytest

from marsad.model import Document, Published, Span
from marsad.stages.entities import EntitiesStage
from marsad.stages.segment import SegmentStage


def run(body: str, day: str | None = "2016-01-10") -> Document:
    doc = Document(body=body, paragraphs=[Span(0, len(body), body)])
    doc.published = Published(day, "user", 1.0)
    return EntitiesStage()(SegmentStage()(doc))


def by_actor(doc: Document, actor: str):
    return next(e for e in doc.entities if e.actor == actor)


def test_spans_point_into_the_body_and_ids_in_order():
    doc = run("قال وزير الخارجية الروسي سيرغي لافروف في موسكو إن روسيا تدعم الحوار. وأضاف لافروف أن الحل سياسي.")
    for layer, s, e, text in doc.all_spans():
        assert doc.body[s:e] == text, layer
    assert [e.id for e in doc.entities] == [f"e{i}" for i in range(1, len(doc.entities) + 1)]
    lavrov = by_actor(doc, "ru.lavrov_sergey")
    assert lavrov.name_en == "Sergey Lavrov" and len(lavrov.mentions) == 2
    assert lavrov.roles[0].office == "foreign minister" and lavrov.roles[0].country == "RU"
    assert lavrov.roles[0].start == "2004-03-09"


def test_role_after_the_name_and_clitics():
    doc = run("وذكرت ماريا زاخاروفا رئيسة قسم الإعلام والصحافة في وزارة الخارجية الروسية أن اللقاء مثمر، "
              "وقالت زاخاروفا إن الوزارة ترحب بالمبادرة.", day="2016-02-01")
    zak = by_actor(doc, "ru.zakharova_maria")
    assert len(zak.mentions) == 2
    assert zak.roles[0].organisation == "Ministry of Foreign Affairs of Russia"
    assert zak.roles[0].start == "2015-08-10"
    mfa = by_actor(doc, "ru.mfa")
    assert any(m.text == "الوزارة" for m in mfa.mentions)


def test_title_alone_is_a_coreferent_mention():
    doc = run("التقى وزير الخارجية الروسي سيرغي لافروف نظيره في العاصمة، ودعا الوزير الروسي إلى الحوار.")
    lavrov = by_actor(doc, "ru.lavrov_sergey")
    assert "الوزير الروسي" in [m.text for m in lavrov.mentions]


def test_possessive_deputy():
    doc = run("يلتقي سيرغي لافروف ونائبه ميخائيل بوغدانوف الوفد غدا.", day="2015-08-13")
    bog = by_actor(doc, "ru.bogdanov_mikhail")
    assert bog.roles and bog.roles[0].office == "deputy foreign minister" and bog.roles[0].country == "RU"
    assert bog.roles[0].text == "نائبه"  # the conjunction "و" is no part of the role


def test_deputy_title_between_two_names():
    doc = run("ويصل رمزي عزالدين رمزي نائب المبعوث الأممي الخاص إلى سوريا ستيفان دي ميستورا إلى دمشق.",
              day="2015-08-13")
    assert by_actor(doc, "int.ramzy_ramzy_ezzeldin").roles[0].office == "deputy UN special envoy"
    assert by_actor(doc, "int.de_mistura_staffan").roles[0].office == "UN special envoy"


def test_role_at_date_wins_for_a_bare_title():
    # "رئيس الوزراء البريطاني" alone, with the name of nobody: the mention is linked to nobody, but a
    # surname shared by two KB people goes to the one who held office on the date.
    doc = run("وقال رئيس الوزراء البريطاني ديفيد كاميرون إن بلاده ستشارك.", day="2015-05-01")
    cam = by_actor(doc, "gb.cameron_david")
    assert cam.roles[0].office == "prime minister" and cam.roles[0].end == "2016-07-13"


def test_unknown_person_after_a_title_gets_a_stable_id_and_romanisation():
    doc = run("وقال وزير الخارجية الموريتاني سيدي ولد التاه إن بلاده تدعم المبادرة.")
    person = next(e for e in doc.entities if e.type == "PER")
    assert person.actor is None and person.name == "سيدي ولد التاه"
    assert person.name_en and person.name_en.startswith("Sidi")
    assert person.roles[0].country == "MR"
    assert run("وقال وزير الخارجية الموريتاني سيدي ولد التاه إن بلاده تدعم المبادرة.").entities[0].id == "e1"


def test_weekdays_and_months_are_not_people():
    doc = run("وقال الرئيس الخميس 14 أغسطس إن الاجتماع سيعقد يوم الجمعة.")
    assert not [e for e in doc.entities if e.type == "PER"]


def test_short_forms_need_the_full_name():
    assert not [e for e in run("وقال إن الائتلاف الحكومي سيصوت غدا.").entities if e.actor == "sy.coalition"]
    doc = run("أعلن الائتلاف الوطني السوري المعارض موقفه، وقال الائتلاف إنه يرحب.")
    assert len(by_actor(doc, "sy.coalition").mentions) == 2


# -- the real RT sample -----------------------------------------------------------------------------
RT_PEOPLE = {
    "ru.lavrov_sergey": "Sergey Lavrov", "sy.khoja_khaled": "Khaled Khoja", "ru.zakharova_maria": "Maria Zakharova",
    "ru.bogdanov_mikhail": "Mikhail Bogdanov", "sy.manna_haytham": "Haytham Manna", "sa.jubeir_adel": "Adel al-Jubeir",
    "sy.muslim_saleh": "Saleh Muslim", "int.ramzy_ramzy_ezzeldin": "Ramzy Ezzeldin Ramzy",
    "int.de_mistura_staffan": "Staffan de Mistura", "sy.mahameed_khaled": "Khaled al-Mahameed",
    "sy.makdissi_jihad": "Jihad Makdissi", "sy.suleiman_jamal": "Jamal Suleiman",
}


@pytest.mark.shared
def test_rt_people_roles_and_links(rt_doc):
    people = {e.actor: e for e in rt_doc.entities if e.type == "PER"}
    assert set(RT_PEOPLE) <= set(people)
    assert len(people) == 12
    for actor, en in RT_PEOPLE.items():
        assert people[actor].name_en == en
    body = rt_doc.body
    for actor in ("ru.lavrov_sergey", "sy.khoja_khaled", "ru.zakharova_maria", "ru.bogdanov_mikhail", "sy.manna_haytham"):
        e = people[actor]
        surname = e.name.split()[-1]
        # every occurrence of the surname in the body is a mention of this one entity
        occurrences = body.count(surname)
        assert sum(surname in m.text for m in e.mentions) >= occurrences
    for actor in ("ru.lavrov_sergey", "sy.khoja_khaled", "ru.zakharova_maria", "sa.jubeir_adel",
                  "int.ramzy_ramzy_ezzeldin", "sy.muslim_saleh", "sy.manna_haytham", "ru.bogdanov_mikhail"):
        assert people[actor].roles, actor
    assert people["ru.bogdanov_mikhail"].roles[0].office == "deputy foreign minister"
    assert people["ru.bogdanov_mikhail"].roles[0].text == "نائبه"


@pytest.mark.shared
def test_rt_organisations_and_places(rt_doc):
    actors = {e.actor for e in rt_doc.entities}
    assert {"ru.mfa", "sy.coalition", "sy.pyd", "grp.isis", "sy.cairo_group"} <= actors
    assert {"loc.ru.moscow", "loc.sy", "loc.ru", "loc.us", "loc.eg.cairo", "loc.ch.geneva"} <= actors
    for layer, s, e, text in rt_doc.all_spans():
        assert rt_doc.body[s:e] == text, layer


@pytest.mark.parametrize(("text", "person", "wrong"), [
    # a given name before a surname the KB knows alone: another person of that family, or another son
    ("ونوه بالدعم الذي يوليه الأمير فيصل بن سلمان بن عبدالعزيز أمير منطقة المدينة المنورة.", "فيصل بن سلمان",
     "sa.mohammed_bin_salman"),
    ("وقال أحمد مشعل إن المهرجان ناجح.", "أحمد مشعل", "ps.meshaal_khaled"),
    # a lineage after it: there the KB surname is a given name
    ("يجسد المهرجان اهتمام الأمير مشعل بن ماجد محافظ جدة.", "مشعل بن ماجد", "ps.meshaal_khaled"),
])
def test_a_surname_alone_is_not_linked_inside_another_persons_name(text, person, wrong):
    doc = run(text, day="2015-07-22")  # (MBS held office then: the date made "بن سلمان" his before)
    assert wrong not in {e.actor for e in doc.entities}
    assert any(e.name.startswith(person) and e.type == "PER" for e in doc.entities)


def test_the_kb_surname_alone_still_refers_back():
    doc = run("التقى خالد مشعل الوفد. وقال مشعل إن اللقاء مهم. واستقبل الأمير محمد بن سلمان بن عبدالعزيز الوفد،"
              " وقال بن سلمان إن العلاقات قوية.", day="2015-07-22")
    assert [m.text for m in by_actor(doc, "ps.meshaal_khaled").mentions] == ["خالد مشعل", "مشعل"]
    assert [m.text for m in by_actor(doc, "sa.mohammed_bin_salman").mentions][-1] == "بن سلمان"


def test_a_compound_given_name_is_no_surname_alone():
    """"محمد عبد السلام" is not "السلام" (peace) nor "عبد السلام"; "سلمان بن عبد العزيز" is not "العزيز"."""
    from marsad.kb.base import load_kb

    kb = load_kb(())
    assert kb.actors["ye.abdulsalam_mohammed"].surname_key() is None
    assert kb.actors["sa.salman_bin_abdulaziz"].surname_key() is None
    assert kb.actors["ps.meshaal_khaled"].surname_key() == ("مشعل",)
    doc = run("وأكد المتحدث أن عملية السلام وصلت إلى طريق مسدود، وأن جامعة الملك عبد العزيز بجدة تدعم الحوار.",
              day="2015-07-22")
    assert {e.actor for e in doc.entities}.isdisjoint({"ye.abdulsalam_mohammed", "sa.salman_bin_abdulaziz"})


def test_a_name_after_a_title_stops_before_what_cannot_continue_it():
    doc = run("وقام الملك عبد العزيز بالطائف بإصدار أوامره، وطلب من الرئيس حسين روحاني «اتخاذ موقف».",
              day="2015-07-22")
    names = {m.text for e in doc.entities if e.type == "PER" for m in e.mentions}
    assert "الملك عبد العزيز" in names and "حسين روحاني" in names  # (the founder, by his title and name)
    assert not any("بالطائف" in n or "اتخاذ" in n for n in names)


def test_blessings_and_honorific_pronouns_are_no_entities():
    from marsad.ingest import build_pipeline

    doc = build_pipeline()(Document(raw="الملك يتلقى اتصالا\n\n"  # (the first line of a text is its title)
                                        "وتلقى الملك سلمان بن عبدالعزيز - حفظه الله - اتصالاً هاتفياً من الرئيس الفرنسي.\n\n"
                                        "جاء ذلك لدى استقبال سموه في مقر القيادة أسر الشهداء، رحمهم الله."))
    names = {e.name for e in doc.entities}
    assert not names & {"حفظه الله", "سموه", "رحمهم الله"}
    assert any("سلمان" in n for n in names)


@pytest.mark.parametrize(("text", "name"), [
    ("أشاد الأمير فيصل بن مشعل بن سعود بن عبدالعزيز أمير منطقة القصيم بالجهود.", "فيصل بن مشعل بن سعود بن عبدالعزيز"),
    ("وترحم الحضور على الملك فيصل بن عبدالعزيز آل سعود برحمته الواسعة.", "فيصل بن عبدالعزيز آل سعود"),
    ("ونوه الأمير فيصل بن عبد العزيز رحمه الله بالمشروع.", "فيصل بن عبد العزيز"),  # a blessing ends it
])
def test_a_lineage_after_a_title_is_read_whole_and_ends_where_it_ends(text, name):
    assert name in {m.text for e in run(text, day="2015-07-22").entities if e.type == "PER" for m in e.mentions}
