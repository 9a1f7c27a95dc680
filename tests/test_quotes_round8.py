"""The quotes stage on constructions of real news no rule had met (issue 19, round 8): the text of a cable or a
letter ("برقية … جاء فيها:", "رسالة من X نصها:") is its sender's, "أعاد X التأكيد على …", a relative clause with no
closing comma between the subject and "عن" ("في بيان الأربعاء، نشرته الوكالة عن …"), "، كما أعادت X …" and
"، ولهذا الغرض أكدت X …" open a new statement, an honorific subject ("وأكد سموه أهمية …"), the words after "عن"
end before "، سائلا الله أن …", "أعرب X عن" past a long subject, "ووفقا لوزير الصحة X فإن …" is X's, and a
verbal-noun content ends before "حيث أوضح أن". Sentences written by the team; entities and dates given, so only
the quotes stage is tested."""

from __future__ import annotations

from testdata import checked_quote_doc, gold_entity, gold_person, quote_starting

_per = gold_person
_ent = gold_entity


_doc = checked_quote_doc
_starting = quote_starting


# ---------------------------------------------------------------- cables and letters


def test_the_text_of_a_cable_is_its_senders():
    text = ("برقية تهنئة\n"
            "وبعث الرئيس التونسي الباجي قائد السبسي برقية تهنئة إلى رئيس جمهورية السنغال ماكي سال جاء فيها: "
            "يسرنا بمناسبة ذكرى استقلال بلادكم أن نبعث لفخامتكم أطيب التهاني.")
    doc = _doc(text, [_per("sebsi", "الباجي قائد السبسي"), _per("sall", "ماكي سال")])
    q = _starting(doc, "يسرنا بمناسبة")
    assert q.speaker == "sebsi"


def test_the_text_of_a_letter_received_is_the_senders_not_the_receivers():
    text = ("رسالة إلى أمير الكويت\n"
            "وتلقى أمير الكويت الشيخ صباح الأحمد رسالة من الرئيس المصري عبدالفتاح السيسي نصها: "
            "\"نؤكد لسموكم وقوف مصر إلى جانب الكويت في مواجهة الإرهاب بكل أشكاله\".")
    doc = _doc(text, [_per("sabah", "صباح الأحمد"), _per("sisi", "عبدالفتاح السيسي")])
    q = _starting(doc, "نؤكد لسموكم")
    assert q.speaker == "sisi"


# ---------------------------------------------------------------- verbal-noun contents


def test_a_reaffirmation_with_its_preposition():
    text = ("لقاء في تونس\n"
            "وأعاد الرئيس التونسي الباجي قائد السبسي التأكيد على دعم بلاده للحوار الليبي برعاية الأمم المتحدة.")
    doc = _doc(text, [_per("sebsi", "الباجي قائد السبسي")])
    q = _starting(doc, "دعم بلاده للحوار")
    assert q.speaker == "sebsi"


def test_a_relative_clause_with_no_closing_comma_before_the_preposition():
    text = ("الكويت تدين\n"
            "وأعربت وزارة الخارجية الكويتية في بيان الأربعاء، نشرته وكالة الأنباء الكويتية عن «إدانة دولة الكويت "
            "الشديدة للهجوم الإرهابي الذي استهدف مسجدا في المدينة».")
    doc = _doc(text, [_ent("mofa", "ORG", "وزارة الخارجية الكويتية"), _ent("kuna", "ORG", "وكالة الأنباء الكويتية")])
    q = _starting(doc, "إدانة دولة الكويت")
    assert q.speaker == "mofa"


def test_an_honorific_subject_before_a_verbal_noun():
    text = ("الأمير يفتتح الملتقى\n"
            "افتتح أمير المنطقة الشرقية الأمير سعود بن نايف ملتقى المجالس البلدية أمس. "
            "وأكد سموه أهمية تفعيل التعاون بين المجالس البلدية لتبادل الخبرات والتجارب.")
    doc = _doc(text, [_per("saud", "سعود بن نايف")])
    q = _starting(doc, "أهمية تفعيل التعاون")
    assert q.speaker == "saud"


def test_the_words_after_an_to_end_before_a_prayer():
    # the أن of "سائلا الله أن" was taken for the content: "يتغمدهم بواسع رحمته"
    text = ("تعزية\n"
            "واستقبل ولي العهد الأمير محمد بن نايف سفير البحرين. "
            "وأعرب سموه عن عزائه ومواساته لأسر الشهداء، سائلا الله أن يتغمدهم بواسع رحمته.")
    doc = _doc(text, [_per("mbn", "محمد بن نايف")])
    q = _starting(doc, "عزائه ومواساته لأسر الشهداء")
    assert q.text == "عزائه ومواساته لأسر الشهداء"
    assert not any("يتغمدهم" in q.text for q in doc.quotes)


def test_a_long_subject_before_an():
    text = ("المجلس يدين\n"
            "وأعرب الأمين العام لمجلس التعاون الدكتور عبداللطيف بن راشد الزياني عن وقوف دول المجلس مع المملكة "
            "في مواجهة الإرهاب.")
    doc = _doc(text, [_per("zayani", "عبداللطيف بن راشد الزياني"), _ent("gcc", "ORG", "مجلس التعاون")])
    q = _starting(doc, "وقوف دول المجلس")
    assert q.speaker == "zayani"


# ---------------------------------------------------------------- where a statement starts and ends


def test_a_reaffirmation_after_kama_is_a_statement_of_its_own():
    text = ("بيان مشترك\n"
            "وقال وزير الخارجية البحريني خالد بن أحمد إن الاجتماع كان ناجحا, كما أعادت الولايات المتحدة تأكيد "
            "التزامها بالعمل مع دول المجلس لمنع أي عدوان خارجي.")
    doc = _doc(text, [_per("khalid", "خالد بن أحمد"), _ent("usa", "LOC", "الولايات المتحدة")])
    assert _starting(doc, "الاجتماع كان ناجحا").text == "الاجتماع كان ناجحا"
    q = _starting(doc, "التزامها بالعمل")
    assert q.speaker == "usa"


def test_a_statement_after_a_demonstrative_lead_in():
    text = ("بيان مشترك\n"
            "وأكد الوزراء ضرورة حل الصراع على أساس اتفاق سلام عادل, ولهذا الغرض أكدت كل من الولايات المتحدة "
            "ودول مجلس التعاون على أهمية استئناف المفاوضات بين الطرفين.")
    doc = _doc(text, [_ent("usa", "LOC", "الولايات المتحدة"), _ent("gcc", "ORG", "مجلس التعاون")])
    assert not any("ولهذا" in q.text for q in doc.quotes)
    assert _starting(doc, "أهمية استئناف المفاوضات")


def test_as_someone_claims_does_not_cut_the_words():
    text = ("نتنياهو يرد\n"
            "وقال رئيس الوزراء الإسرائيلي بنيامين نتنياهو إن البديل للاتفاق ليس الحرب، كما يدعي أوباما، وإنما "
            "صفقة أفضل.")
    doc = _doc(text, [_per("bibi", "بنيامين نتنياهو"), _per("obama", "أوباما")])
    assert _starting(doc, "البديل للاتفاق").text.endswith("وإنما صفقة أفضل")


def test_a_verbal_noun_content_ends_before_haythu_and_a_cue():
    text = ("مستشفى المحافظة\n"
            "وأعرب المتحدث باسم المجلس البلدي ماجد الحارثي عن استياء الأهالي من تأخر المشاريع المعتمدة في المحافظة "
            "حيث أوضح أن الأهالي ينتظرون افتتاح المستشفى منذ خمس سنوات.")
    doc = _doc(text, [_per("majed", "ماجد الحارثي")])
    assert _starting(doc, "استياء الأهالي").text.endswith("المعتمدة في المحافظة")
    assert _starting(doc, "الأهالي ينتظرون").speaker == "majed"


# ---------------------------------------------------------------- attributions


def test_according_to_a_minister_named_after_his_title():
    text = ("مستشفيات جديدة\n"
            "ووفقا لوزير الصحة توفيق الربيعة فإن الوزارة ستفتتح ثلاثة مستشفيات جديدة هذا العام.")
    doc = _doc(text, [_per("rabiah", "توفيق الربيعة")])
    q = _starting(doc, "الوزارة ستفتتح")
    assert q.speaker == "rabiah"


def test_an_attribution_ends_before_a_participle_cue():
    text = ("فريق الاستكشاف\n"
            "ووفقا للمشرف على الفريق علي بن داوود حدادي فإن الفريق يسعى إلى توثيق الأماكن السياحية غير المعروفة، "
            "مشيرا إلى أن جولات الفريق شملت وادي الموهد وجبال الحشر.")
    doc = _doc(text, [_per("haddadi", "علي بن داوود حدادي")])
    first = _starting(doc, "الفريق يسعى")
    assert first.text.endswith("غير المعروفة") and first.speaker == "haddadi"
    assert _starting(doc, "جولات الفريق").speaker == "haddadi"


def test_abbara_an_after_a_switch_marker_with_no_comma():
    # "عبر" is also "via": it is a cue only opening its clause, and "من جهته" opens it as a comma would
    text = ("ختام البطولة\n"
            "وتوج فريق الأحياء باللقب. من جهته عبر الدكتور عبداللطيف بخاري عن امتنانه لولي العهد على دعمه "
            "اللامحدود للرابطة.")
    doc = _doc(text, [_per("bukhari", "عبداللطيف بخاري")])
    q = _starting(doc, "امتنانه لولي العهد")
    assert q.speaker == "bukhari"


def test_a_name_in_the_words_is_not_the_source_of_an_attribution():
    text = ("قضية احتيال\n"
            "ووفقا للشكوى المذكورة فإن رجل الأعمال أندريه فولكوف أخفى شركته تحت ستار مؤسسة وهمية.")
    doc = _doc(text, [_per("volkov", "أندريه فولكوف")])
    assert all(q.speaker != "volkov" for q in doc.quotes)
