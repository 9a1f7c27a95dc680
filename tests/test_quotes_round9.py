"""The quotes stage on speakers given as constructions (issue 19, round 9): a pair joined by "ونظيره/ونظيرته"
speaks on with a dual verb ("وأضافا"), a dual title ("وتابع وزيرا الخارجية"), a plural participle, and a
feminine verb picks the woman of the pair; a participle after "من جهته، دعا مجلس …" is the council's; "وذكر
بالاسم …" names what was mentioned, not a source; a title the tagger gave to someone named before, going on to
"الشيخ/الدكتور" and a name no entity covers, is that new person (unnamed), not the one before; a quoted name
followed by الذي is no speech ("خلال «المؤتمر …» الذي عقد"); "…, وفي الشأن السوري قال X: «…»" opens a new
statement. Sentences written by the team; entities and dates given, so only the quotes stage is tested."""

from __future__ import annotations

from testdata import checked_quote_doc, gold_entity, gold_person, quote_starting

_per = gold_person
_ent = gold_entity


_doc = checked_quote_doc
_starting = quote_starting


# ---------------------------------------------------------------- a pair that speaks together

_PAIR = ("اتفاق على الحدود\n"
         "ورأى وزير الخارجية الإسباني خوسيه مانويل غارسيا ونظيرته الإيطالية إيما بونينو في مقال مشترك نشرته "
         "صحيفتان أن الخطة الجديدة توجه \"رسالة حازمة\" إلى المهربين، وأضافا أن \"البحر ليس طريقا آمنا لأحد\".\n"
         "وتابع وزيرا الخارجية في مقالهما أن أزمة اللجوء تتطلب ردا من القارة كلها، مؤكدين أن العبء لا يجوز أن "
         "يقع على دولتين فقط.\n"
         "وقال غارسيا وبونينو إن \"موانئنا ليست مفتوحة بلا حساب\"، مشيرين إلى أن البلدين يعيدان مئات المهاجرين "
         "كل شهر، وأضافت أن \"حماية الحدود تبقى أولوية الحكومتين\".")
_PAIR_PEOPLE = [_per("garcia", "خوسيه مانويل غارسيا", "غارسيا"), _per("bonino", "إيما بونينو", "بونينو")]


def test_a_pair_joined_by_its_counterpart_goes_on_with_a_dual_verb():
    doc = _doc(_PAIR, _PAIR_PEOPLE)
    assert _starting(doc, "الخطة الجديدة").speaker == "garcia"
    assert _starting(doc, "البحر ليس").speaker == "garcia"  # "وأضافا": no speaker on main


def test_a_dual_title_refers_back_to_the_pair_and_its_plural_participle_too():
    doc = _doc(_PAIR, _PAIR_PEOPLE)
    dual = _starting(doc, "أزمة اللجوء")
    assert (dual.speaker, dual.speaker_via) == ("garcia", "noun")  # main: unnamed "وزيرا الخارجية في مقالهما"
    assert _starting(doc, "العبء لا يجوز").speaker == "garcia"


def test_a_feminine_verb_after_a_pair_is_the_woman_of_the_pair():
    doc = _doc(_PAIR, _PAIR_PEOPLE)
    assert _starting(doc, "البلدين يعيدان").speaker == "garcia"
    assert _starting(doc, "حماية الحدود").speaker == "bonino"


def test_a_dual_verb_after_one_speaker_still_has_none():
    text = ("تصريحات\n"
            "وقال وزير الخارجية خوسيه مانويل غارسيا إن \"الخطة الجديدة رسالة حازمة إلى المهربين\".\n"
            "وأضافا أن \"البحر ليس طريقا آمنا لأحد\".")
    doc = _doc(text, _PAIR_PEOPLE[:1])
    assert _starting(doc, "البحر ليس").speaker is None


# ---------------------------------------------------------------- a participle after a turn marker

def test_a_plural_participle_after_a_turn_marker_is_the_councils():
    text = ("بيان الأساقفة\n"
            "قال وزير الداخلية نهاد المشنوق إن \"الأمن ممسوك في كل المناطق\".\n"
            "من جهته، دعا مجلس الأساقفة الكاثوليك في بيان بعد اجتماعه الشهري، أمس، \"النواب إلى انتخاب رئيس "
            "للجمهورية دون إبطاء\"، محذرين من \"استمرار الفراغ الذي يهدد الدولة ومؤسساتها\". وأكدوا أن \"الشلل "
            "السياسي يستدعي حسا وطنيا عاليا\".")
    doc = _doc(text, [_per("mashnouq", "نهاد المشنوق"), _ent("bishops", "ORG", "مجلس الأساقفة الكاثوليك")])
    assert _starting(doc, "استمرار الفراغ").speaker == "bishops"
    assert _starting(doc, "الشلل السياسي").speaker == "bishops"


# ---------------------------------------------------------------- what a verb names is no source

def test_a_phrase_after_a_preposition_is_not_an_unnamed_source():
    text = ("تحالف مقترح\n"
            "وقال وزير الخارجية الروسي سيرغي لافروف إن التحالف المقترح سيضم كل من يقاتل على الأرض. وذكر بالاسم "
            "الجيشين السوري والعراقي \"والفصائل التي تمثل السوريين فعلا\".")
    doc = _doc(text, [_per("lavrov", "سيرغي لافروف", "لافروف")])
    q = _starting(doc, "والفصائل")
    assert (q.speaker, q.speaker_name) != (None, "بالاسم الجيشين السوري والعراقي")
    assert q.speaker == "lavrov"


# ---------------------------------------------------------------- a title that belongs to a new name

def test_a_title_going_on_to_an_untagged_name_is_that_new_person():
    text = ("استنكار خليجي\n"
            "استنكر الأمين العام لمجلس التعاون عبد اللطيف الزياني تصريحات المسؤول العراقي، واصفا إياها بأنها "
            "\"اتهامات باطلة\".\n"
            "واستنكر الأمين العام للتجمع الوطني في العراق الشيخ صالح الجبوري هذه التصريحات، واصفا إياها بأنها "
            "\"تخريب لعلاقات العراق مع أشقائه\"، وقال للصحيفة إن \"المملكة وقفت مع العراق ضد الإرهاب\".")
    doc = _doc(text, [_per("zayani", "عبد اللطيف الزياني", "الأمين العام", "الزياني")])
    assert _starting(doc, "اتهامات باطلة").speaker == "zayani"
    for words in ("تخريب لعلاقات", "المملكة وقفت"):
        q = _starting(doc, words)
        assert q.speaker is None  # main: the secretary-general named before
        assert q.speaker_name is not None and q.speaker_name.endswith("الشيخ صالح الجبوري")


def test_a_title_with_its_own_name_stays_that_persons():
    text = ("استنكار خليجي\n"
            "واستنكر الأمين العام لمجلس التعاون الدكتور عبد اللطيف الزياني التصريحات، واصفا إياها بأنها "
            "\"اتهامات باطلة لا تخدم العلاقات\".")
    doc = _doc(text, [_per("zayani", "عبد اللطيف الزياني", "الأمين العام", "الزياني")])
    assert _starting(doc, "اتهامات باطلة").speaker == "zayani"


# ---------------------------------------------------------------- where the words start

def test_a_quoted_name_before_a_relative_pronoun_is_no_speech():
    text = ("المعلم يتحدث\n"
            "وقال وزير الخارجية وليد المعلم في كلمة ألقاها خلال \"المؤتمر الدولي الأول لمواجهة الفكر المتطرف\" "
            "الذي عقد في دمشق الجمعة: \"هناك من يعتقد أن الاتفاق سيغير مواقف حلفائنا\".")
    doc = _doc(text, [_per("muallem", "وليد المعلم", "المعلم")])
    q = _starting(doc, "هناك من يعتقد")
    assert q.speaker == "muallem"
    assert not any(q.text.startswith("المؤتمر الدولي") for q in doc.quotes)


def test_a_circumstance_then_a_verb_and_a_colon_opens_a_new_statement():
    text = ("كيري في الدوحة\n"
            "وقال جون كيري انه سيصدر بيان يؤكد قوة الشراكة مع دول الخليج, وفي الشأن السوري قال كيري: "
            "\"سياسة واشنطن في سورية واضحة والأسد فاقد للشرعية\".")
    doc = _doc(text, [_per("kerry", "جون كيري", "كيري")])
    first = _starting(doc, "سيصدر بيان")
    assert "الشأن السوري" not in first.text
    assert _starting(doc, "سياسة واشنطن").speaker == "kerry"


# ---------------------------------------------------------------- attributions

def test_in_the_view_of_a_source_is_an_attribution():
    text = ("ترحيب حذر\n"
            "وأكد مصدر في المعارضة أن التدخل مرحب به. وبرأي المصدر، فإن \"هذا التحول في الموقف يقطع الطريق على "
            "تسلل المقاتلين الأجانب عبر الحدود\".")
    doc = _doc(text, [])
    q = _starting(doc, "هذا التحول")
    assert (q.speaker, q.speaker_name, q.cue) == (None, "المصدر", "وبرأي")


def test_a_politician_not_named_after_hasbama_is_an_unnamed_source():
    text = ("عودة الوزراء\n"
            "ووصل أربعة من الوزراء إلى عدن الأسبوع الماضي في محاولة لاستعادة السيطرة على المدينة، حسبما قال "
            "سياسي يمني.")
    doc = _doc(text, [])
    q = _starting(doc, "ووصل أربعة")
    assert (q.speaker, q.speaker_name) == (None, "سياسي يمني")


# ---------------------------------------------------------------- "، غير أن X يقولون"

def test_a_contrast_with_its_own_plural_subject_is_a_new_statement():
    text = ("غارات على الحدود\n"
            "وشنت تركيا سلسلة من الغارات الجوية، مشيرة إلى أنها تستهدف مواقع لحزب العمال الكردستاني في شمال "
            "العراق، غير أن المراقبين يؤكدون أن الغارات استهدفت المقاتلين الأكراد أكثر من غيرهم.")
    doc = _doc(text, [_ent("turkey", "LOC", "تركيا"), _ent("pkk", "ORG", "حزب العمال الكردستاني")])
    first = _starting(doc, "تستهدف مواقع")
    assert first.speaker == "turkey" and "المراقبين" not in first.text
    q = _starting(doc, "الغارات استهدفت")
    assert (q.speaker, q.speaker_name) == (None, "المراقبين")


def test_a_contrast_with_an_indefinite_source_and_its_adjective():
    text = ("أسعار النفط\n"
            "ويرى مصرف غولدمان ساكس أن عودة إيران إلى السوق قد تؤدي إلى انخفاض الأسعار، غير أن محللين آخرين "
            "يقولون إن التراجع المتوقع لن يكون كبيرا.")
    doc = _doc(text, [_ent("gs", "ORG", "غولدمان ساكس")])
    assert "محللين" not in _starting(doc, "عودة إيران").text
    q = _starting(doc, "التراجع المتوقع")
    assert (q.speaker, q.speaker_name) == (None, "محللين آخرين")


def test_a_definite_title_after_a_contrast_is_still_the_person_named():
    text = ("العقوبات\n"
            "وقال وزير الخزانة الأمريكي جاك لو إن إيران ستحصل على نحو خمسين مليار دولار.\n"
            "غير أن الوزير قال في مقابلة إنه ليس متأكدا من هذه الأرقام.")
    doc = _doc(text, [_per("lew", "جاك لو", roles=("وزير الخزانة الأمريكي",))])
    assert _starting(doc, "ليس متأكدا").speaker == "lew"


# ---------------------------------------------------------------- a title that goes on to another name

def test_a_title_given_to_someone_before_that_goes_on_to_another_name_is_that_names():
    text = ("أزمة الصندوق\n"
            "ونفى رئيس الوزراء نجيب عبد الرزاق أي مخالفة.\n"
            "وتساءل رئيس الوزراء الماليزي السابق مهاتير محمد عن مصير الأموال، وقال: \"لم يصل إلى حسابي شيء من "
            "هذه التبرعات\".\n"
            "وقالت مساعدة الرئيس للشؤون القانونية إلهام زادة: \"البرلمان لا يملك سلطة على هذا الملف\".")
    doc = _doc(text, [_per("najib", "نجيب عبد الرزاق", "رئيس الوزراء", "مساعدة الرئيس"),
                      _per("mahathir", "مهاتير محمد"), _per("zadeh", "إلهام زادة")])
    assert _starting(doc, "لم يصل").speaker == "mahathir"  # main: Najib, whose title it took
    assert _starting(doc, "البرلمان لا").speaker == "zadeh"


def test_wafq_is_an_attribution_like_wafqan_even_before_a_name_starting_with_van():
    text = ("هجوم سروج\n"
            "ووفق الباحث آرون فان ويلينبرغ، من المؤكد أن التنظيم كان مترددا في تنفيذ هجمات داخل تركيا.\n"
            "ووصل وزراء آخرون إلى عدن على متن طائرة ثانية، وفق مسؤول حكومي.")
    doc = _doc(text, [_per("vw", "آرون فان ويلينبرغ", "فان ويلينبرغ")])
    q = _starting(doc, "من المؤكد")  # (not from "ويلينبرغ"; فان is no فإن in a name)
    assert (q.speaker, q.cue) == ("vw", "ووفق")
    q = _starting(doc, "ووصل وزراء")
    assert (q.speaker, q.speaker_name) == (None, "مسؤول حكومي")


def test_a_wish_with_an_is_a_statement():
    text = ("ترحيب خليجي\n"
            "من جهته، قال خالد العطية إن دول المجلس ترحب بالاتفاق، وتمنى أن يشمل ما تم مع إيران جميع دول المنطقة.")
    doc = _doc(text, [_per("attiyah", "خالد العطية", "العطية")])
    q = _starting(doc, "يشمل ما تم")
    assert (q.speaker, q.cue) == ("attiyah", "وتمنى")


def test_an_attribution_past_a_relative_clause_and_not_to_whom_a_group_opposes():
    text = ("الحدود الليبية\n"
            "وحسب النائب إبراهيم عميش، الذي تحولت مدينته إلى أنقاض بسبب الحرب، فإن \"تونس تسعى الآن لبناء سد على "
            "الحدود لأنها تدرك أن ما يحدث لديها نتيجة لما يجري في ليبيا\".\n"
            "\"انتصرت باكستان\" وفق القادة المعارضين لأختر منصور، وهم لا يزالون تحت الصدمة.")
    doc = _doc(text, [_per("omeish", "إبراهيم عميش", "عميش"), _per("mansour", "أختر منصور")])
    q = _starting(doc, "تونس تسعى")
    assert q.speaker == "omeish"
    assert not any(q.speaker == "mansour" for q in doc.quotes)


# ---------------------------------------------------------------- a name no entity covers, right before the words

def test_a_bare_word_between_the_verb_and_the_marks_is_an_untagged_name():
    text = ("الاتفاق النووي\n"
            "وقال الرئيس باراك أوباما إن الاتفاق جيد للمنطقة. ودعا الباحث في جامعة جونز هوبكنز إدارة أوباما إلى "
            "استغلال الاتفاق، حيث قال نصر \"نحن نمر الآن بمرحلة بلغت فيها الأمور من التعقيد أضعاف ما كانت عليه\".\n"
            "وقال أوباما ساخرا: \"هذا لا يكفي لإقناع الكونغرس\". وتعهد بجعل \"الاتفاق أسهل فهما لمزيد من الناس\".")
    doc = _doc(text, [_per("obama", "باراك أوباما", "أوباما")])
    q = _starting(doc, "نحن نمر")
    assert (q.speaker, q.speaker_name) == (None, "نصر")  # main: Obama, named before
    assert _starting(doc, "هذا لا يكفي").speaker == "obama"  # (an adverb, not a name)
    assert _starting(doc, "الاتفاق أسهل").speaker == "obama"  # (a preposition's noun, not a name)


# ---------------------------------------------------------------- "أما X فقال", "، حيث قال X: «…»"

_PRESS = ("الصحافة الأمريكية\n"
          "وقال المتحدث باسم البيت الأبيض جوش إرنست إن الرئيس واثق من الاتفاق.\n"
          "وذكرت الصحف أن من بين المترددين منظمة يهودية كبرى، هي رابطة مكافحة التشهير، حيث قال رئيسها إبراهام "
          "فوكسمان: \"قرأناه ولا نؤيده، لكن يمكن إقناعنا به\". وأضاف: \"سنقدم أسئلتنا لأعضاء الكونغرس\".\n"
          "أما صحيفة \"وول ستريت جورنال\" فأشارت إلى أن جهود الإدارة حققت \"نجاحا صغيرا بعد نجاح صغير\". أما "
          "جريدة \"الغارديان\"، فأكدت على وجود انقسام داخل الحزب الديمقراطي. وحذرت السفارة الأمريكية من أن القمة "
          "قد تكون هدفا محتملا.")
_PRESS_ENTITIES = [_per("earnest", "جوش إرنست"), _ent("wh", "ORG", "البيت الأبيض"),
                   _per("foxman", "إبراهام فوكسمان"), _ent("wsj", "ORG", "وول ستريت جورنال")]


def test_a_clause_opener_then_a_subject_and_a_colon_is_a_new_statement():
    doc = _doc(_PRESS, _PRESS_ENTITIES)
    assert _starting(doc, "قرأناه").speaker == "foxman"  # main: inside the papers' words
    assert _starting(doc, "سنقدم أسئلتنا").speaker == "foxman"  # main: the spokesman before


def test_the_topic_after_amma_speaks_with_the_verb_with_fa():
    doc = _doc(_PRESS, _PRESS_ENTITIES)
    assert _starting(doc, "جهود الإدارة").speaker == "wsj"
    q = _starting(doc, "وجود انقسام")
    assert (q.speaker, q.speaker_name) == (None, "جريدة \"الغارديان\"")
    q = _starting(doc, "القمة قد تكون")
    assert q.speaker_name == "السفارة الأمريكية"  # (not "… من": the verb's preposition)


# ---------------------------------------------------------------- a name in marks, a source after "فيه"

def test_a_name_in_marks_between_the_verb_and_an_is_the_speaker_not_the_words():
    text = ("سوق المكاتب\n"
            "وقال مدير الشركة محمد العلي إن السوق تتعافى. وذكرت \"جيه إل إل الشرق الأوسط وشمال أفريقيا\" أن المعروض "
            "من المساحات المكتبية سيرتفع هذا العام. ولأن المثل يقول \"من يتعلم من أخطائه لا يكررها أبدا مهما طال "
            "الزمن\" فإن المستثمرين حذرون.")
    doc = _doc(text, [_per("ali", "محمد العلي"), _ent("me", "LOC", "الشرق الأوسط")])
    q = _starting(doc, "المعروض من")
    assert (q.speaker, q.speaker_name) == (None, "\"جيه إل إل الشرق الأوسط وشمال أفريقيا\"")
    assert not any(q.text.startswith("جيه إل إل") for q in doc.quotes)
    assert not any(q.text.startswith("المستثمرين") for q in doc.quotes)  # (a proverb before فإن is no name)


def test_a_source_after_fihi_is_the_subject_but_the_words_after_fiha_are_not():
    text = ("تقرير عقاري\n"
            "وأصدرت شركة كوليرز العالمية تقريرها الفصلي عن سوق دبي أمس.\n"
            "وأضاف شهاب بن محمود، رئيس مجموعة الفنادق، قائلا: \"تحافظ السوق على قوتها\". في الوقت الذي أشار فيه "
            "التقرير إلى أن معدلات الشغور تراجعت بنسبة هامشية.\n"
            "وألقى الأمين العام بوبكر خالدي كلمة جدد فيها الترحيب بضيوف الجزائر.")
    doc = _doc(text, [_per("shihab", "شهاب بن محمود"), _per("khaldi", "بوبكر خالدي"),
                      _ent("colliers", "ORG", "شركة كوليرز العالمية")])
    q = _starting(doc, "معدلات الشغور")
    assert q.speaker == "colliers"  # the report's issuer; main: the hotelier before
    assert all(q.speaker_name != "الترحيب" for q in doc.quotes)


# ---------------------------------------------------------------- a source's words, and whom it spoke to

def test_whom_a_relative_clause_spoke_to_is_no_source_and_a_letter_ends_the_name():
    text = ("الخفجي\n"
            "وجاء ذلك في تصريح الشيخ محمد بن زايد ولي عهد أبوظبي، الذي أكد لوزير الخارجية عادل الجبير أن السعودية "
            "حجر الزاوية في الدفاع عن المنطقة.\n"
            "وقال العمير في رسالته لنظيره السعودي: \"قرار وقف الإنتاج قرار لا يمكن قبوله\".\n"
            "ونفى الجيش الحكومي ما أعلنه المتمردون عن أن الحكومة تفرض عليهم حصارا.")
    doc = _doc(text, [_per("mbz", "محمد بن زايد"), _per("jubeir", "عادل الجبير")])
    q = _starting(doc, "السعودية حجر")
    assert q.speaker == "mbz"  # main: an unnamed 'لوزير الخارجية عادل الجبير'
    assert _starting(doc, "قرار وقف").speaker_name == "العمير"  # main: 'العمير في رسالته'
    assert _starting(doc, "الحكومة تفرض").speaker_name == "الجيش الحكومي"  # (not '… ما أعلنه المتمردون')


def test_a_leaders_title_over_a_generic_body_refers_back_to_the_leader_speaking():
    text = ("حزب الله\n"
            "وقال زعيم حزب الله حسن نصر الله إن الحزب لن يتراجع عن مواقفه. وأضاف الأمين العام للحزب أن المعركة "
            "طويلة.\n"
            "وقال رئيس حركة النهضة راشد الغنوشي إن الحوار ضروري. وأكد المتحدث باسم الحركة أن الحركة لن تشارك.")
    doc = _doc(text, [_per("nasrallah", "حسن نصر الله", roles=("زعيم حزب الله",)),
                      _per("ghannouchi", "راشد الغنوشي", roles=("رئيس حركة النهضة",))])
    assert _starting(doc, "المعركة طويلة").speaker == "nasrallah"  # main: an unnamed 'الأمين العام'
    q = _starting(doc, "الحركة لن")
    assert q.speaker is None  # a spokesman of the movement is not its leader


def test_several_officials_and_an_officer_by_his_rank_are_unnamed_sources():
    text = ("الملعب والتنظيم\n"
            "وقال مدير الملعب عدنان المعيبد إن التذاكر نفدت. ومع ذلك يؤكد المسؤولون في ملعب المباراة أن الأسعار "
            "مرتفعة.\n"
            "وقال زعيم التنظيم أبو بكر البغدادي إن الحرب مستمرة. ويقول عميد في الاستخبارات العسكرية العراقية إن "
            "التنظيم يغير قادته باستمرار.")
    doc = _doc(text, [_per("muaibed", "عدنان المعيبد"), _per("baghdadi", "أبو بكر البغدادي")])
    q = _starting(doc, "الأسعار مرتفعة")
    assert q.speaker is None and q.speaker_name is not None and q.speaker_name.startswith("المسؤولون")
    q = _starting(doc, "التنظيم يغير")
    assert q.speaker is None and q.speaker_name is not None and q.speaker_name.startswith("عميد")


def test_a_clause_before_a_title_is_no_apposition_and_the_agency_told_is_no_source():
    text = ("قادة التنظيم\n"
            "وكان حسن رائدا في الجيش، وهو الاسم الذي كان يستخدمه قبل سقوط صدام حسين، طبقا لما قاله رئيس "
            "الاستخبارات لوكالة أسوشييتد برس.\n"
            "ويقول رئيس الاستخبارات: \"أكثر الضباط الذين انضموا إلى التنظيم كانوا من المتدينين\".")
    doc = _doc(text, [_per("saddam", "صدام حسين"), _ent("ap", "ORG", "أسوشييتد برس")])
    q = _starting(doc, "أكثر الضباط")
    assert (q.speaker, q.speaker_name) == (None, "رئيس الاستخبارات")  # main: Saddam, named before a clause
    q = _starting(doc, "وكان حسن")
    assert (q.speaker, q.speaker_name) == (None, "رئيس الاستخبارات")  # main: the agency it was told to


def test_a_bare_name_before_an_and_ibban_as_during():
    text = ("الفيفا\n"
            "ويبدو الطريق ممهدا لخلافة السويسري جوزيف بلاتر في رئاسة الاتحاد الدولي. فأواخر الصيف الماضي، اعلن "
            "تيكسييه انه لن يترشح لمنافسة بلاتر في الانتخابات.\n"
            "جورج باتاكي (70 عاما): حاكم سابق لولاية نيويورك ابان اعتداءات 11 ايلول.")
    doc = _doc(text, [_per("blatter", "جوزيف بلاتر", "بلاتر")])
    q = _starting(doc, "لن يترشح")
    assert (q.speaker, q.speaker_name) == (None, "تيكسييه")  # main: Blatter, named before
    assert not any(q.cue == "ابان" for q in doc.quotes)  # "during", no cue


def test_whom_a_bare_verb_told_is_no_name():
    text = ("اللاجئون السوريون\n"
            "وقال نائب رئيس الوزراء التركي نعمان قورتولموش إن بلاده تستضيف مليوني لاجئ. وقال لرويترز إنه لا توجد "
            "خطط لمنح تصاريح عمل للاجئين.")
    doc = _doc(text, [_per("kurtulmus", "نعمان قورتولموش")])
    assert _starting(doc, "لا توجد خطط").speaker == "kurtulmus"


def test_an_adverb_with_b_before_an_is_no_name_and_a_verbs_object_is_no_apposition():
    text = ("زيارة ولي ولي العهد\n"
            "وأكدت الخارجية الروسية بوضوح أن موقفها لم يتغير.\n"
            "وأكد الرئيس المصري عبد الفتاح السيسي خلال اللقاء أن البلدين يواجهان تحديات مشتركة. وأكد الرئيس المصري "
            "أهمية زيارة ولي ولي العهد الأمير محمد بن سلمان لمصر.")
    doc = _doc(text, [_ent("mfa", "ORG", "الخارجية الروسية"),
                      _per("sisi", "عبد الفتاح السيسي", "الرئيس المصري"), _per("mbs", "محمد بن سلمان")])
    assert _starting(doc, "موقفها لم").speaker == "mfa"
    assert _starting(doc, "أهمية زيارة").speaker == "sisi"


def test_some_lawyers_are_a_source_but_some_conditions_are_not():
    text = ("أسعار العقار\n"
            "وبحسب بعض المحامين والمصرفيين، فإن ارتفاع الأسعار قد يصعب على المجموعات الصغيرة دخول السوق.\n"
            "ويعطي النظام لكل ناخب حق الترشح، وفق عدد من الشروط منها إتمام السن القانونية.")
    doc = _doc(text, [])
    q = _starting(doc, "ارتفاع الأسعار")
    assert (q.speaker, q.speaker_name) == (None, "بعض المحامين والمصرفيين")
    assert not any(q.cue == "وفق" for q in doc.quotes)
