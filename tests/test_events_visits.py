"""Events: the place a visit goes to is also whom it visits (GUIDE: visit = "X visited place/Y"), when no host
is named: "زار سامح شكري السعودية" is a visit of Shoukry to Saudi Arabia, place and target both. A city stands
for its state when the article names that state (the annotators write "زيارته لباريس" as a visit to France);
a place named before the trigger, or a visit with a person or a body as its host, gets no place as a target.
Every sentence is the team's own. Most tests give the entities (the events stage alone); the ones that need
the knowledge base (which city lies in which state) run the whole pipeline."""

from __future__ import annotations

from functools import partial

from testdata import entity, event_doc, pipeline_doc

_p = entity
_run = partial(pipeline_doc, published="2015-08-06")
_doc = partial(event_doc, published="2015-08-06")


def _names(doc, ids: list[str]) -> list[str]:
    by_id = {e.id: e.name for e in doc.entities}
    return [by_id[i] for i in ids]


def _visits(doc) -> list:
    return [e for e in doc.events if e.type == "CONSULT" and e.mode == "visit"]


SHOUKRY = _p("shoukry", "سامح شكري")
JUBEIR = _p("jubeir", "عادل الجبير", "الجبير")
AMAN = _p("aman", "حنيفة أمان")
SAUDI = _p("ksa", "السعودية", type_="LOC")
MALAYSIA = _p("my", "ماليزيا", type_="LOC")
RIYADH = _p("riyadh", "الرياض", type_="LOC")
JEDDAH = _p("jeddah", "جدة", type_="LOC")
MINISTRY = _p("mofa", "وزارة الخارجية", type_="ORG")
UNIVERSITY = _p("ksu", "جامعة الملك سعود", type_="ORG")


def test_a_country_after_the_visitors_name_is_the_place_and_the_target():
    # "السعودية" right after a name is no adjective of it (it would be "السعودي"): the verb's destination
    doc = _doc("يزور وزير الخارجية المصري سامح شكري السعودية الأسبوع المقبل.", [SHOUKRY, SAUDI])
    [visit] = _visits(doc)
    assert (visit.source, visit.target, visit.place, visit.status) == (["shoukry"], ["ksa"], "ksa", "planned")


def test_a_visit_noun_to_a_country_targets_the_country():
    doc = _doc("بدأ وزير الخارجية عادل الجبير أمس زيارة إلى ماليزيا تستمر ثلاثة أيام.", [JUBEIR, MALAYSIA])
    [visit] = _visits(doc)
    assert (visit.source, visit.target, visit.place) == (["jubeir"], ["my"], "my")


def test_an_arrival_in_a_city_targets_the_city_when_no_state_is_known():
    doc = _doc("وصل وزير الخارجية الماليزي حنيفة أمان إلى الرياض أمس السبت.", [AMAN, RIYADH])
    [visit] = _visits(doc)
    assert (visit.source, visit.target, visit.place) == (["aman"], ["riyadh"], "riyadh")


def test_each_place_of_a_tour_is_the_target_of_its_own_visit():
    doc = _doc("وكان الجبير قد زار ماليزيا وجدة الشهر الماضي.", [JUBEIR, MALAYSIA, JEDDAH])
    assert sorted((v.target[0], v.place) for v in _visits(doc)) == [("jeddah", "jeddah"), ("my", "my")]


def test_a_named_host_stays_the_only_target():
    # the ministry is visited, in Riyadh: the city is where, not whom
    doc = _doc("زار وزير الخارجية الماليزي حنيفة أمان مقر وزارة الخارجية في الرياض أمس.", [AMAN, MINISTRY, RIYADH])
    [visit] = _visits(doc)
    assert (visit.target, visit.place) == (["mofa"], "riyadh")


def test_a_place_before_the_trigger_is_no_destination():
    doc = _doc("وفي الرياض، زار وزير الخارجية الماليزي حنيفة أمان جامعة الملك سعود أمس.", [AMAN, RIYADH, UNIVERSITY])
    [visit] = _visits(doc)
    assert visit.target == ["ksu"]
    doc = _doc("وخلال وجوده في جدة، أجرى حنيفة أمان زيارة قصيرة.", [AMAN, JEDDAH])
    assert all("jeddah" not in v.target for v in _visits(doc))


def test_a_host_receiving_in_a_city_keeps_the_guest_as_the_only_target():
    doc = _run("استقبل الرئيس المصري عبد الفتاح السيسي في القاهرة أمس وزير الخارجية الأمريكي جون كيري.")
    [host] = [e for e in doc.events if e.mode == "host"]
    assert _names(doc, host.target) == ["جون كيري"]
    assert host.place_name == "القاهرة"


def test_a_city_visited_stands_for_its_state_when_the_article_names_it():
    doc = _run("وكان وزير الخارجية الفرنسي لوران فابيوس قد وصل إلى طهران أمس في زيارة هي الأولى لمسؤول فرنسي "
               "إلى إيران منذ 12 عاما.")
    [visit] = _visits(doc)
    assert (_names(doc, visit.source), _names(doc, visit.target)) == (["لوران فابيوس"], ["إيران"])
    assert visit.place_name == "طهران"  # the place stays the city


def test_a_city_visited_stays_itself_when_its_state_is_not_named():
    doc = _run("زار الرئيس التركي رجب طيب أردوغان موسكو أمس في زيارة رسمية.")
    [visit] = _visits(doc)
    assert (_names(doc, visit.source), _names(doc, visit.target)) == (["رجب طيب أردوغان"], ["موسكو"])
