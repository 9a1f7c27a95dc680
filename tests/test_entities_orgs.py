"""Organisations as constructions (issue 18, session 12): the body of a role, the right edge of a body's name,
a collective body named alone after its full name, quoted names closed, the Saudi-led coalition's names.
Team-written sentences."""

from __future__ import annotations

from testdata import run_entities

from marsad.model import Document

run = run_entities


def texts(doc: Document, kind: str | None = None) -> set[str]:
    return {m.text for e in doc.entities if kind is None or e.type == kind for m in e.mentions}


def entity_of(doc: Document, text: str):  # noqa: ANN201 - an Entity
    return next(e for e in doc.entities if any(m.text == text for m in e.mentions))


# -- the body of a role ------------------------------------------------------------------------------------

def test_state_organ_after_a_title_is_the_roles() -> None:
    doc = run("وحضر اللقاء وزير الدولة عضو مجلس الوزراء الدكتور سامي الحربي ورئيس هيئة الأركان العامة "
              "الفريق أول ركن فهد العتيبي.")
    orgs = texts(doc, "ORG")
    assert "مجلس الوزراء" not in orgs
    assert "هيئة الأركان العامة" not in orgs
    assert {"سامي الحربي", "فهد العتيبي"} <= texts(doc, "PER")


def test_new_post_in_the_accusative_keeps_its_body() -> None:
    doc = run("وصدر أمر ملكي بتعيين الأمير فيصل بن سعد وزيرا للداخلية ورئيسًا لمجلس الشؤون الأمنية والسياسية.")
    assert not any("مجلس الشؤون" in t for t in texts(doc, "ORG"))


def test_parliament_after_a_title_without_nationality() -> None:
    doc = run("وحضر الاجتماع رئيس البرلمان في جمهورية داغستان ماغوميد علييف.")
    assert "البرلمان" not in texts(doc, "ORG")


def test_body_with_a_nationality_or_place_after_a_title_stays() -> None:
    doc = run("ودان رئيس مجلس النواب البحريني التفجير، فيما قال مدير جامعة تبوك إن الدراسة ستبدأ الأحد.")
    orgs = texts(doc, "ORG")
    assert "مجلس النواب البحريني" in orgs
    assert "جامعة تبوك" in orgs


def test_organ_not_after_a_title_stays() -> None:
    doc = run("وأقر مجلس النواب المصري قانون الانتخابات، وأحال مجلس الوزراء المشروع إلى الرئاسة.")
    assert "مجلس النواب المصري" in texts(doc, "ORG")


# -- the right edge of a body's name -----------------------------------------------------------------------

def test_participle_after_a_body_is_the_sentences() -> None:
    doc = run("وقال إن القاهرة شريك رئيسي في تحالف إعادة الأمل الداعم للشرعية في اليمن.")
    assert "تحالف إعادة الأمل" in texts(doc, "ORG")
    assert not any("الداعم" in t for t in texts(doc, "ORG"))


def test_object_after_a_lam_complement_ends_the_name() -> None:
    doc = run("وتوقع مراقبون أن تصدر اللجنة العليا للانتخابات الجدول الزمني للاقتراع الأسبوع المقبل.")
    orgs = texts(doc, "ORG")
    assert "اللجنة العليا للانتخابات" in orgs
    assert not any("الجدول" in t for t in orgs)


def test_adjective_after_a_lam_complement_continues_the_name() -> None:
    doc = run("وعقدت اللجنة الوطنية للتعليم العالمي اجتماعها الأول أمس في الرياض.")
    assert "اللجنة الوطنية للتعليم العالمي" in texts(doc, "ORG")


def test_people_conjoined_after_a_body_are_not_its_name() -> None:
    doc = run("ودارت اشتباكات بين الفصائل وقوات الدفاع الوطني والمسلحين الموالين لها في ريف حلب.")
    orgs = texts(doc, "ORG")
    assert "قوات الدفاع الوطني" in orgs
    assert not any("والمسلحين" in t for t in orgs)


def test_conjoined_word_of_a_ministry_stays() -> None:
    doc = run("وأعلنت وزارة التنمية والتعاون الدولي عن حزمة مساعدات جديدة لليمن.")
    assert "وزارة التنمية والتعاون الدولي" in texts(doc, "ORG")


def test_conjoined_participle_after_a_noun_in_alif_maqsura_stays() -> None:
    doc = run("وأصدرت هيئة شؤون الأسرى والمحررين تقريرها السنوي أمس.")
    assert "هيئة شؤون الأسرى والمحررين" in texts(doc, "ORG")


# -- quoted names and forces -------------------------------------------------------------------------------

def test_quoted_name_in_straight_quotes_is_closed() -> None:
    doc = run('وأعلنت السلطات القبض على خمسة أشخاص يشتبه في انتمائهم لتنظيم "داعش" في مدينة إزمير.')
    assert 'تنظيم "داعش"' in texts(doc, "ORG")


def test_forces_of_a_body_after_a_clitic() -> None:
    doc = run("وأعلن التحالف العربي وصول المساعدات. وهبطت أول طائرة عسكرية تابعة لقوات التحالف في مطار "
              "عدن أمس.")
    coalition = entity_of(doc, "التحالف العربي")
    assert "قوات التحالف" in [m.text for m in coalition.mentions]
    assert "لقوات التحالف" not in texts(doc, "ORG")


def test_coalition_names_are_one_actor() -> None:
    doc = run("وأشادت الحكومة بدور تحالف دعم الشرعية في اليمن. وقال المتحدث إن التحالف العربي "
              "سيواصل عملياته.")
    coalition = entity_of(doc, "تحالف دعم الشرعية في اليمن")
    assert coalition.type == "ORG"
    assert "التحالف العربي" in [m.text for m in coalition.mentions]
    assert coalition.actor


# -- a collective body alone ----------------------------------------------------------------------------------

def test_resistance_alone_refers_to_the_one_named() -> None:
    doc = run("وأعلنت المقاومة الشعبية في تعز السيطرة على مواقع جديدة. وقالت مصادر إن المقاومة أسرت "
              "عشرة مسلحين، وإن الميليشيات الحوثية انسحبت من المدينة بعد أن قصفت الميليشيات الأحياء.")
    resistance = entity_of(doc, "المقاومة الشعبية")
    assert "المقاومة" in [m.text for m in resistance.mentions]
    houthis = entity_of(doc, "الميليشيات الحوثية")
    assert "الميليشيات" in [m.text for m in houthis.mentions]


def test_army_alone_with_two_armies_named_is_nobody() -> None:
    doc = run("وتبادل الجيش السوري والجيش التركي القصف على الحدود، وقال مسؤول إن الجيش أغلق المعبر.")
    armies = [e for e in doc.entities if any(m.text == "الجيش" for m in e.mentions)]
    assert armies == []


def test_army_alone_without_one_named_is_nobody() -> None:
    doc = run("وقال مسؤول إن الجيش أغلق المعبر الحدودي أمس.")
    assert "الجيش" not in texts(doc, "ORG")


def test_army_alone_before_its_own_adjective_is_not_a_reference() -> None:
    doc = run("وتقدم الجيش التركي نحو الحدود، فيما أعلن الجيش الوطني السوري الحر تعبئة عامة.")
    turkish = entity_of(doc, "الجيش التركي")
    assert [m.text for m in turkish.mentions] == ["الجيش التركي"]


# -- parties without their head -----------------------------------------------------------------------------

def test_party_named_with_a_place_and_without_its_head() -> None:
    doc = run('وقال إن أعضاء كثيرين لم يجدوا مكانهم في حزب نداء تونس، قبل أن يعلن موافقة "نداء تونس" '
              "على طلب الانضمام.")
    party = entity_of(doc, "حزب نداء تونس")
    assert party.type == "ORG"
    assert "نداء تونس" in [m.text for m in party.mentions]
    assert "تونس" not in texts(doc, "LOC")


def test_front_of_a_city_is_no_party() -> None:
    doc = run("ونقل المقاتلون الجهد العسكري إلى جبهة مدينة درعا البلد.")
    assert not any(t.startswith("جبهة") for t in texts(doc, "ORG"))


def test_party_short_form_without_head_two_words() -> None:
    doc = run("وفاز حزب العدالة والتنمية بأغلبية المقاعد، وقال قياديون في العدالة والتنمية إن الحكومة ستشكل قريبا.")
    party = entity_of(doc, "حزب العدالة والتنمية")
    assert "العدالة والتنمية" in [m.text for m in party.mentions]


# -- people: a weekday surname, Ali after a title, an adverb after a name ------------------------------------

def test_weekday_surname_after_a_given_name() -> None:
    doc = run("والتقى وزير الأوقاف الدكتور محمد مختار جمعة وفدا من العلماء يوم الجمعة الماضي.")
    assert "محمد مختار جمعة" in texts(doc, "PER")


def test_city_after_khamis_is_no_surname() -> None:
    doc = run("وزار المحافظ أحمد خميس مشيط أمس.")
    assert not any("مشيط" in t for t in texts(doc, "PER"))


def test_ali_after_a_title_is_the_given_name() -> None:
    doc = run("وأفاد رئيس الجهاز اللواء علي الأحمدي بأن مدة التدريب لن تقل عن 45 يوما.")
    assert "علي الأحمدي" in texts(doc, "PER")


def test_adverb_after_a_name_is_no_surname() -> None:
    doc = run("وكان الرئيس اليمني عبد ربه منصور هادي قد قرر ضم المقاومين، وأقر مجلس الدفاع الوطني برئاسة "
              "الرئيس هادي أخيرا استيعابهم.")
    people = texts(doc, "PER")
    assert not any("أخيرا" in t for t in people)
    assert "هادي" in people


# -- the regime's forces, a place's countryside ----------------------------------------------------------------

def test_forces_of_the_regime_in_a_syrian_story() -> None:
    doc = run("سوريا: قصفت قوات النظام مناطق في ريف حمص الشمالي، وألقت طائرات النظام المروحية براميل متفجرة "
              "على بلدة تلبيسة.")
    regime = entity_of(doc, "قوات النظام")
    assert regime.type == "ORG"
    assert regime.actor == "sy.gov"
    assert "النظام" in [m.text for m in regime.mentions]
    assert "ريف" not in texts(doc, "LOC")
    assert "حمص" in texts(doc, "LOC")


def test_regime_without_the_country_is_nobody() -> None:
    doc = run("وقالت المصادر إن قوات النظام انسحبت من المدينة بعد معارك عنيفة مع المتمردين.")
    assert not any("النظام" in t for t in texts(doc, "ORG"))


# -- a body of another body, a region's government ------------------------------------------------------------

def test_committee_of_an_organisation_is_a_body_of_its_own() -> None:
    doc = run("وعُين القيادي في منصب أمين سر اللجنة التنفيذية لمنظمة التحرير الفلسطينية، بعد أن أقرت "
              "اللجنة المركزية لحركة فتح ترشيحه.")
    orgs = texts(doc, "ORG")
    assert {"اللجنة التنفيذية", "منظمة التحرير الفلسطينية", "اللجنة المركزية", "حركة فتح"} <= orgs


def test_general_secretariat_of_a_body_stays_one_name() -> None:
    doc = run("وأقامت الأمانة العامة لمجلس الضمان الصحي حفلها السنوي أمس.")
    assert "الأمانة العامة" not in texts(doc, "ORG")


def test_government_of_a_region_is_a_body() -> None:
    doc = run("وأعلنت حكومة إقليم كردستان أمس أن الزيارة ستتم الشهر المقبل.")
    assert "حكومة إقليم كردستان" in texts(doc, "ORG")
    assert "إقليم كردستان" not in texts(doc, "LOC")


# -- kinds and groups, not bodies --------------------------------------------------------------------------------

def test_factions_are_many_groups_not_one_body() -> None:
    doc = run("وقال المرصد إن الفصائل الإسلامية وجبهة النصرة استأنفت قصف البلدتين أمس.")
    orgs = texts(doc, "ORG")
    assert "الفصائل الإسلامية" not in orgs
    assert "جبهة النصرة" in orgs


def test_a_kind_of_police_is_no_body_but_a_country_police_is() -> None:
    doc = run("وقال إن أفرادا من الشرطة السرية دخلوا المنزل، فيما أعلنت الشرطة الكينية اعتقال ثلاثة مشتبهين.")
    orgs = texts(doc, "ORG")
    assert "الشرطة السرية" not in orgs
    assert "الشرطة الكينية" in orgs


# -- no person: English words, epithets, peoples -------------------------------------------------------------

def test_english_words_are_no_person_but_a_capitalised_name_is() -> None:
    doc = run("ويشمل علاج المصاب بمتلازمة ستوكهولم Stockholm syndrome تقديم الدعم. وقال John Smith إن العلاج "
              "يستغرق شهورا.")
    people = texts(doc, "PER")
    assert "Stockholm syndrome" not in people
    assert "John Smith" in people


def test_epithet_of_the_deceased_is_no_person() -> None:
    doc = run("ويقوم المرحوم الذي شارك في مهرجانات عدة على تعليم الشباب فن النحت.")
    assert "المرحوم" not in texts(doc, "PER")


def test_council_of_arab_ministers_keeps_its_last_word() -> None:
    doc = run("واختتم مجلس وزراء الإعلام العرب دورته السادسة والأربعين أمس في القاهرة.")
    assert "مجلس وزراء الإعلام العرب" in texts(doc, "ORG")


def test_suez_canal_is_a_place_and_a_news_channel_a_body() -> None:
    doc = run("وهنأت المملكة حكومة مصر على ما تم إنجازه في قناة السويس، وقال المتحدث لقناة الجزيرة إن "
              "الافتتاح سيتم الخميس.")
    assert "قناة السويس" in texts(doc, "LOC")
    assert "قناة السويس" not in texts(doc, "ORG")
    assert "قناة الجزيرة" in texts(doc, "ORG")


def test_moderate_opposition_is_one_body() -> None:
    doc = run("وقال الوزير إن تركيا تدرب عناصر في المعارضة السورية المعتدلة، وإن المعارضة المعتدلة ستتسلم "
              "أسلحة جديدة.")
    orgs = texts(doc, "ORG")
    assert {"المعارضة السورية المعتدلة", "المعارضة المعتدلة"} <= orgs


# -- a body without its nationality, counter-terrorism forces ------------------------------------------------

def test_body_named_again_without_its_nationality() -> None:
    doc = run("وشنت قوات الدرك التركية فجر الجمعة عمليات متزامنة في أنقرة، وأعلنت قوات مكافحة الإرهاب "
              "بالتعاون مع قوات الدرك اعتقال 17 شخصا.")
    gendarmerie = entity_of(doc, "قوات الدرك التركية")
    assert "قوات الدرك" in [m.text for m in gendarmerie.mentions]
    assert "قوات مكافحة الإرهاب" in texts(doc, "ORG")


def test_body_without_nationality_in_a_title_is_the_roles() -> None:
    doc = run("وقال مجلس الوزراء اللبناني إن الجلسة ستعقد الخميس، فيما لوح رئيس مجلس الوزراء تمام سلام "
              "بالاستقالة.")
    cabinet = entity_of(doc, "مجلس الوزراء اللبناني")
    assert [m.text for m in cabinet.mentions] == ["مجلس الوزراء اللبناني"]


def test_title_right_after_a_name_is_its_role_not_a_mention() -> None:
    doc = run("وحضر اللقاء وزير الخارجية عادل الجبير ووزير الثقافة والإعلام الدكتور عادل الطريفي الوزير المرافق.")
    assert "الوزير" not in texts(doc, "PER")
    assert "عادل الطريفي" in texts(doc, "PER")


# -- armed groups the corpus names most, a pronoun after a name ---------------------------------------------------

def test_armed_groups_of_the_period_are_known() -> None:
    doc = run("وقتل 11 شخصا في هجمات لجماعة بوكو حرام في الكاميرون، فيما تمكنت قوات البشمركة من صد هجوم "
              "لداعش، وقال الشباب في الحي إن حركة الشباب انسحبت.")
    orgs = {e.actor for e in doc.entities if e.type == "ORG"}
    assert {"ng.boko_haram", "iq.peshmerga", "so.shabaab"} <= orgs
    assert "الشباب" not in texts(doc, "ORG")


def test_pronoun_with_its_conjunction_ends_a_name() -> None:
    doc = run("وقال المتحدث إن الرئيس عبد ربه منصور هادي منتخب، أما الرئيس هادي فهو رئيس شرعي.")
    assert not any("فهو" in t for t in texts(doc, "PER"))


def test_surname_after_a_title_typed_as_a_place_is_the_person() -> None:
    doc = run("أفاد رئيس الجهاز اللواء علي الأحمدي بأن التدريب سيستمر. وأوضح اللواء الأحمدي في اتصال هاتفي "
              "أن المعارك ما زالت محتدمة.")
    assert "الأحمدي" not in texts(doc, "LOC")


def test_government_alone_after_the_one_named() -> None:
    doc = run("وأكد أن الحكومة اليمنية تزاول أعمالها من عدن، وأن تواجد الحكومة لن يقتصر على الوزراء الحاليين.")
    government = entity_of(doc, "الحكومة اليمنية")
    assert "الحكومة" in [m.text for m in government.mentions]


def test_name_in_braces_after_its_head() -> None:
    doc = run("تركيا تشن هجوما «واسع النطاق» ضد تنظيم {داعش} في شمال سوريا")
    assert "تنظيم {داعش}" in texts(doc, "ORG")


def test_military_unit_named_by_its_number() -> None:
    doc = run("واستمرت الاشتباكات بين الفرقة الرابعة وحزب الله من جهة والفصائل من جهة أخرى، وفرضت قوات "
              "الجيش الثالث الميداني طوقا أمنيا، وقال اللواء الأول في الحرس إن الوضع مستقر.")
    orgs = texts(doc, "ORG")
    assert "الفرقة الرابعة" in orgs
    assert any(t.endswith("الجيش الثالث الميداني") for t in orgs)  # ("قوات" + the army, as "قوات التحالف")
    assert "اللواء الأول" not in orgs


def test_latin_name_after_an_arabic_head() -> None:
    doc = run("وقالت شبكة CNN الأمريكية إن الرئيس سيزور المنطقة، وأعلنت شركة BMW عن طراز جديد، وقال الطبيب "
              "إن مرض Multiple sclerosis نادر.")
    orgs = texts(doc, "ORG")
    assert {"شبكة CNN", "شركة BMW"} <= orgs
    assert not any("Multiple" in t for t in orgs)


def test_yemen_governorates_of_the_war_news_are_places() -> None:
    doc = run("وأوضح أن المعارك في محافظات الضالع وأبين وشبوة وتعز ما زالت محتدمة، وأن أنصار الجماعة "
              "يسعون لتحقيق مآرب سياسية.")
    places = texts(doc, "LOC")
    assert {"الضالع", "أبين", "شبوة", "تعز"} <= places
    assert "مآرب" not in places
