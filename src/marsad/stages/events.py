"""Events stage: who met, visited, called, asked, denied, accused, attacked whom — when, where, and
whether it happened.

Each trigger word (``data/events/triggers.yaml``) found in the body is one *mention*; its participants
come from the words around it (the subject before a verb, the genitive after a noun, "مع X", "بين X
و Y", "برئاسة X"), its place from "في/إلى + place", its date from the nearest date in the clause, its
status from the words before and after it (``data/events/status.yaml``). Mentions of one event
("لقاء لافروف وخوجة", "أثناء اللقاء", "يساعد لقاؤنا") are then merged: same type and mode, compatible
participants and dates. Quotes are kept in their own layer and are not repeated as STATEMENT events
(docs/events.md explains why).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date as _Day
from itertools import compress, islice
from operator import attrgetter

from .. import config
from ..kb.base import load_kb
from ..kb.names import BLESSING_WORDS
from ..kb.personal import common_words, name_counts
from ..model import DateMention, Document, Entity, Event, Quote, Span, Token
from ..pipeline import Options, register_stage
from ..provenance import stage_version
from ..text.normalize import norm, proclitic_splits
from .clauses import (
    PRONOUN_SUFFIXES,
    SENTENCE_END,
    CueLexicon,
    MentionIndex,
    MentionRef,
    cue_lexicon,
    ensure_tokens,
    lam_glued,
    load_data,
    mention_index,
    norm_set,
    paragraph_token_ranges,
    preference,
    strip_conj,
)

COMMAS = ("،", ",")
ATTRIBUTIONS = frozenset(("بحسب", "حسب", "وفقا", "نقلا", "طبقا"))
# "هذه المباحثات", "تلك الزيارة": a definite event noun after one points back at the event just told
DEMONSTRATIVES = frozenset(norm(w) for w in ("هذا", "هذه", "ذلك", "تلك", "هذان", "هاتان", "هذين", "هاتين"))
# a meeting told with one singular noun is one sitting, whoever sat in it ("لقاء X بالملك وولي العهد"); the
# plural ("محادثات الوزير التي شملت نظيره … والسفير …") and the verb ("يلتقي X مع Y وZ") tell one talk each
ONE_SITTING = tuple(norm(w) for w in ("لقاء", "اجتماع"))
ATTENDING = frozenset(("حضر", "حضرت", "حضره", "حضرها", "حضروا", "يحضر", "تحضر"))  # "حضر اللقاء X": an attendee
# "التقى X Y بحضور Z", "الاستقبال الذي حضره Z": who follows attends, is no side of the event
ATTENDANCE = ATTENDING | {norm("بحضور"), "حضور"}
# Acts whose present tense tells what goes on ("تدعم إيران الأسد", "تشن تركيا غارات"), not one act to come.
HABITUAL = frozenset(("ASSAULT", "SUPPORT", "AID", "MOBILIZE", "COOPERATE"))  # ("ويتعاون مع تركيا": a state of things)
NEGATIONS = frozenset(("لا", "ما"))  # right before a verb
NOUN_NEGATIONS = frozenset((norm("عدم"),))  # right before the noun of a verb phrase
ALTERNATIVES = frozenset((norm("أو"), norm("أم")))  # "قبول أو رفض": one of two, none done
ESCORT_LINKS = frozenset(norm(w) for w in ("في", "خلال", "أثناء", "اثناء"))  # "المرافقين لوزير X في زيارته"
GUEST_REACH = 4  # words after a host verb where what it receives stands ("تستقبل بشكل طبيعي المساعدات")
INVITATION_REACH = 16  # tokens from "دعوة" to the "لزيارة" it asks for, past the inviter and the invited
OCCASION = frozenset(norm(w) for w in ("خلال", "أثناء", "عقب", "لدى", "إثر", "بعد"))  # "خلال لقائه": when
DURING = frozenset(norm(w) for w in ("خلال", "أثناء", "اثناء"))
WHILE = DURING | {norm("لدى")}
# Verbs of consent or decision whose subject is the actor of the verbal noun they govern ("وافقت X على التعاون")
CONTROL_VERBS = frozenset(norm(w) for w in ("وافق", "وافقت", "وافقا", "وافقوا", "قرر", "قررت", "قررا", "قرروا"))
CONTROL_LINKS = frozenset(norm(w) for w in ("تعزيز", "مواصلة", "تكثيف", "توسيع", "استئناف", "بدء"))  # "خلال لقائه": the time of what is done at it
SEQUENCE = frozenset(norm(w) for w in ("بعد", "قبل", "عقب", "إثر", "اثر", "منذ"))  # "بعد لقاء": another time
# "قاطع X المحادثات": X stayed away from them
BOYCOTT = frozenset(norm(w) for w in ("قاطع", "قاطعت", "يقاطع", "تقاطع", "قاطعوا", "قاطعا", "مقاطعة", "مقاطعا"))
# Conjunctions that open a clause of their own: a name before one is no subject of the verb after it
# ("نظام بشار الأسد فيما تدعو تركيا إلى إسقاطه", "القصف في شمال العراق حيث طالبت أنقرة")
CLAUSE_OPENERS = frozenset(norm(w) for w in ("فيما", "بينما", "حيث", "حين", "عندما", "إذ", "كما"))
SPONSORS = frozenset((norm("برعاية"), norm("بوساطة"), norm("تحت رعاية").split()[-1]))
AMOUNT_WORDS = frozenset(norm(w) for w in ("نحو", "حوالي", "قرابة", "أكثر", "أقل", "مليون", "مليار", "ألف",
                                            "المئات", "الآلاف", "العشرات", "الملايين", "مئات", "آلاف", "عشرات"))
# Acts a state does by its forces ("غارات تركية", "المساعدات السعودية"): the adjective after the noun is the actor.
STATE_ACTS = frozenset(("ASSAULT", "AID", "SANCTION", "MOBILIZE"))
# Adjectives that may stand between an event noun and the state's ("الغارات الجوية التركية").
NOUN_QUALIFIERS = frozenset(norm(w) for w in ("الجوية", "جوية", "العسكرية", "عسكرية", "المدفعية", "الإنسانية",
                                              "إنسانية", "الجديدة", "جديدة", "الأخيرة", "الأخيره"))
SPEECH_ACTS = frozenset(("APPEAL", "REQUEST", "THREATEN", "ACCUSE", "SUPPORT", "REJECT", "DENY"))
# Words between a light verb and its noun that are no subject: "تقوم فيه قوات X بـ", "قامت بدورها بـ"
GAP_FILLERS = frozenset(norm(w) for w in ("فيه", "فيها", "به", "بها", "بدوره", "بدورها", "بدورهم", "حينها",
                                          "عندها", "بعدها", "فورا", "مباشرة", "صباح", "مساء", "فجر", "ليلة"))
PARTICLES = frozenset(norm(w) for w in ("من", "عن", "على", "حول", "ضد", "بشأن", "تجاه", "عبر", "أمام", "قبل",
                                          "بعد", "منذ", "حتى", "ثم", "كل", "كلا", "جميع", "أيضا", "اليوم", "أمس"))
# a name right after one of these is a complement, never the subject of a verb before which it stands
# ("يشن ضربات على داعش في سوريا والعراق ويتعاون مع تركيا": داعش does not cooperate)
# (as written, not normalised: "على" and the name "علي" are one normal form)
GOVERNING = frozenset(("عن", "على", "ضد", "مع", "حول", "بشأن", "بشان", "تجاه", "عبر", "أمام", "امام", "لدى", "بين",
                       "إلى", "الى", "في"))
# verbs whose object is the event noun and whose subject is its actor: "أجرى X، …، مباحثات مع Y"
LIGHT_VERBS = frozenset(norm(w) for w in ("أجرى", "أجرت", "يجري", "تجري", "عقد", "عقدت", "يعقد", "تعقد", "أجريا",
                                           "عقدا", "يعقدان", "يجريان"))
PRONOUN_THAT = frozenset(norm(w) for w in ("أنه", "إنه", "بأنه", "أنها", "إنها", "بأنها"))
STATE_BODIES = frozenset(norm(w) for w in ("السلطات", "القوات", "الحكومة", "الشرطة", "البحرية", "الطائرات",
                                            "المقاتلات", "السفن", "البوارج", "المدفعية", "الأجهزة", "الاستخبارات"))
REPRESENTATIVES = frozenset(norm(w) for w in ("ممثلين", "ممثلون", "ممثلو", "ممثلي", "مسؤولين", "مسؤولون", "مسؤولو",
                                               "مسؤولي", "مندوبين", "مندوبون", "مندوبو"))
SIDELINES = frozenset(norm(w) for w in ("هامش",))
SIDELINE_WORDS = frozenset(norm(w) for w in ("هامش", "أعمال"))
ON = norm("على")
ASIDE_REACH = 9  # words of an aside set off by commas between a subject and its verb ("X، في بيان صدر أمس، أدان")
ASIDE_OPENERS = frozenset(norm(w) for w in ("في", "خلال", "أثناء", "اثناء", "عقب", "بعد", "لدى", "حسب", "بحسب",
                                            "وفق", "وفقا", "من", "عبر"))
RESUMPTIVE = ("ه", "ها", "هم", "هما")  # "الذي شنه", "التي قدمتها": the relative clause's verb takes the noun back
RESUMPTIVE_BA = frozenset(("به", "بها", "بهم", "بهما"))  # "التي قام بها"
STANCES = frozenset(("SUPPORT", "ACCUSE", "REJECT"))  # praise, condemnation, rejection of someone's deed
STANCE_OBJECT_REACH = 4  # words after such a verb where its object noun stands (past a one-word subject)
BY_HANDS = frozenset(norm(w) for w in ("يد", "أيدي", "ايدي"))  # "على يد X", "على أيدي X": X does it
TO_WORDS = frozenset((norm("إلى"), "الى"))
ATTRIBUTION_REACH = 5  # words back from a verb to a "بحسب/وفقا" that opens its sentence without a comma
CONDEMNED_REACH = 6  # words from a condemnation to the attack it names ("ودانت الجامعة العربية الثلاثاء القصف")
CONTINUING = frozenset(norm(w) for w in ("كما", "ثم"))  # "كما دعت إلى": a sentence that goes on with its actor
ASIDE_SKIP = frozenset(("قد", "لقد"))  # words between the aside's closing comma and the verb
TAKING_PART = frozenset(norm(w) for w in ("شارك", "يشارك", "تشارك", "شاركت", "شاركا", "شاركوا", "يشاركون", "يشاركان"))
JOINED_PEERS = frozenset(norm(w) for w in ("ونظيره", "ونظيرته", "ونظيرها", "ونظيريه"))  # a second subject
# "سيلتقي نظراءه من/في دول مجلس التعاون": counterparts from a body or state; the name after من/في is the side met
# "سيزور المملكة في سبتمبر وذلك ضمن التعاون بين برلين والرياض": وذلك opens the act's frame or purpose, whose
# names are no parties of it
FRAME_OPENERS = frozenset(norm(w) for w in ("وذلك",))
PEER_STEMS = frozenset(norm(w) for w in ("نظير", "نظراء", "نظيرة"))
PEER_PREPS = frozenset(norm(w) for w in ("من", "في"))
# "بحث الجانبان السعودي والمصري", "بين مسؤولين أمنيين من الجانبين اللبناني والفرنسي": the sides, named by adjectives
SIDES_WORDS = frozenset(norm(w) for w in ("الجانبان", "الجانبين", "الطرفان", "الطرفين", "البلدان", "البلدين"))
NAMED_SIDES_REACH = 8  # tokens after the trigger where the sides word may stand
SYMMETRIC = frozenset(("CONSULT", "AGREE", "COOPERATE"))
# "شنت مقاتلات التحالف غارات", "قصفت طائرات النظام": the forces of a side, in construct with it, are that side
FORCE_HEADS = frozenset(norm(w) for w in ("مقاتلات", "طائرات", "طيران", "قوات", "مدفعية", "بوارج", "سفن", "وحدات",
                                           "مروحيات", "دبابات", "ميليشيات", "مليشيات", "عناصر", "مسلحو", "مسلحي"))
DAMMA = "\u064f"  # on a verb's first letter: the passive ("طُلب"), when the text writes it
NAME_HOMOGRAPH = 100  # a word the name tables attest this often is taken for the name, not ف/و + a verb
LIGHT_FORMS = LIGHT_VERBS | {c + w for w in LIGHT_VERBS for c in ("و", "ف")}  # with و/ف on them
LIGHT_REACH = 24
JOINED_TITLE_WORDS = 4  # "ووزير الخارجية الروسي": the و and a title before a second party of a light verb
WHERE_OPENERS = frozenset(norm(w) for w in ("حيث", "إذ", "اذ"))  # "…، حيث التقى": in the visit just told  # tokens back from the noun to its light verb, across a long title set off by commas
INVITATION = frozenset(norm(w) for w in ("دعوة", "بدعوة", "لدعوة", "ودعوة", "الدعوة"))  # "بدعوة من X": X invites
INVITE_VERBS = frozenset(norm(w) for w in ("دعا", "يدعو", "تدعو", "دعت", "دعاه", "دعاها", "دعوا"))
VISIT_ASKED = frozenset(norm(w) for w in ("لزيارة", "بزيارة", "بالزيارة", "لزيارته", "لزيارتها", "لحضور"))
ASKING = frozenset(("REQUEST", "APPEAL", "THREATEN"))  # a ب-noun after these is what is asked for
DURING_IT = frozenset(("خلالها", "خلاله", "خلالهما", "اثناءها", "اثناءه"))  # "يلتقي خلالها": during the event told
# Words that open a complement: a person after one is no title's name ("أشاد المندوب الفرنسي على …").
COMPLEMENT_WORDS = frozenset(norm(w) for w in ("على", "عن", "مع", "إلى", "الى", "ضد", "حول", "بشأن", "تجاه", "أن",
                                               "إن", "بأن"))
# ب-words inside a title: "المتحدث باسم التحالف X", "القائم بأعمال السفارة X"
TITLE_BA = frozenset(norm(w) for w in ("باسم", "بأعمال", "بالنيابة", "بالإنابة", "بالوكالة"))
DATELINE_REACH = 25  # characters from a paragraph's start within which an agency's name is its dateline
DATELINE_MARKS = "-–—/:"
ROLE_CHAIN = 4  # nouns of a construct between a person's title and the body it names ("عضو فريق تطوير وزارة")
UNNAMED_TITLE_REACH = 6  # tokens after a title where its name would stand
# A delegation as a verb's subject refers back to the one named before ("وصل وفد من X … والتقى الوفد Y").
DELEGATIONS = frozenset(norm(w) for w in ("الوفد", "الفريق", "البعثة"))
DELEGATION_STEMS = frozenset(norm(w) for w in ("وفد", "فريق", "بعثة", "بعثه"))
DELEGATION_REACH = 400
SIDES_REACH = 40  # tokens back to the verb whose subject is the sides, for a plural participle
AGREED_REACH = 6  # tokens from "اتفق" to "على أن" (past its subject)
ATTENDED_REACH = 3  # words between "حضر" and the event noun it governs ("مراسم تسليم")  # tokens back to the delegation's first mention
# After or before an event noun: the last one, already past ("زيارته الأخيرة", "آخر زيارة")
LAST_AFTER = frozenset(norm(w) for w in ("الأخيرة", "الأخير", "السابقة", "السابق"))
LAST_BEFORE = frozenset(norm(w) for w in ("آخر",))
THAT_WAS = frozenset(("ذلك",))  # "وذلك خلال زيارة": what the sentence told happened during a visit
TOUR_OPENERS = frozenset(norm(w) for w in ("في", "ضمن", "خلال"))  # "وصل X إلى القاهرة في جولة تشمل قطر"
INCLUDES_NOW = frozenset(norm(w) for w in ("تشمل", "يشمل", "ستشمل", "سيشمل"))  # the stops of a tour still to come
OPENERS = {"قد", "لقد", "كان", "كانت", "ثم"}
PAST_OPENERS = frozenset(("كان", "كانت", "كانا", "كانوا"))  # words a verb with its subject left out may follow
RELATIVES = frozenset(("الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان"))
# The forms of "accuse" that, followed at once by a ب-noun, are passive or adjectival: "اتهما بالإعداد" (they
# were accused of), "590 شخصا متهمين بالارتباط" (accused of); the active has its object first ("اتهم X بـ").
ACCUSED_FORMS = norm_set(("اتهم", "اتهما", "اتهموا", "اتهمت", "متهم", "متهما", "متهمة", "متهمين", "متهمون"))
# "متهمين بدورهم الجيش": a ب-word that is no charge
NOT_A_CHARGE = norm_set(("بدوره", "بدورها", "بدورهم", "بدورهما", "بدوري", "بعض"))
POSSESSOR_CLAUSE_REACH = 24  # tokens from أن to the possessed noun of its clause (_clause_possessor)
# "منذ توقيع الاتفاقية مع إيران": a time, not an act told ("عقب توقيع الاتفاقية قال الوزير" is often his own)
BACKGROUND_PREPS = norm_set(("منذ", "قبل"))
ADDRESSEES = norm_set(("المشاركين", "للمشاركين", "المشاركون", "المجتمعين", "للمجتمعين"))  # "إلى المشاركين في"
NEGATED_COPULA = norm_set(("تكن", "يكن", "ليس", "ليست"))  # "لم تكن زيارة رسمية": a predicate, no event
ACCOMPANY_VERBS = norm_set(("يرافق", "رافق", "ترافق", "رافقت", "يرافقون", "رافقوا", "يصحب", "يصاحب", "رافقه"))
WHEN_WHERE = norm_set(("في", "خلال", "منذ", "عام", "العام", "أمس", "الشهر", "الأسبوع"))  # "الذي أبرم في"
# Before a noun with a name annexed: "خلال زيارة كارتر" (the occasion of another act, denied or not), "قبل هجوم
# داعش" (a time); "لم تتح لي زيارة إيران" denies the visit itself.
OCCASION_FRAMES = norm_set(("خلال", "أثناء", "اثناء", "إبان"))
TIME_FRAMES = norm_set(("قبل", "بعد", "منذ", "عقب"))
ONE_STATE_TYPES = frozenset(("COERCE", "SANCTION", "MOBILIZE"))  # a state's acts told by its several bodies
HEADLINE_WORDS, REPEAT_EXTRA = 4, 6  # a headline repeated at the end (_headline_repeats)
# A relative clause on what happened, not on someone: "الأمر الذي دفع بقوات التحالف إلى الرد", "مما يهدد".
EVENT_ANTECEDENTS = norm_set(("الأمر",))
EVENT_RELATIVES = frozenset(("مما",))
ANY_WORDS = norm_set(("أي", "أية"))  # "أي اعتداء يهدد": a subject of no one in particular
EVENT_PRONOUNS = frozenset(("هو", "هذا", "وهو", "وهذا"))
# Nouns of a site: a name after them is where something is, never a side ("ميناء عدن", "موقع العروس").
SITE_NOUNS = norm_set(("ميناء", "موقع", "مطار", "مدينة", "محافظة", "منطقة", "بلدة", "قرية", "حي", "جبل", "مخيم",
                        "وسط", "شمال", "جنوب", "شرق", "غرب"))
# after "ضرب/تدمير X": ل-words that are no target ("لصالح", "لكن"), words that are no object ("تدمير داعش أمس")
NOT_TARGET_LAM = frozenset(norm(w) for w in ("لصالح", "لكن", "لأن", "لان", "لذلك", "لهذا", "لها", "لهم", "لنا",
                                             "لمدة", "لفترة", "لأول", "لاول", "للمرة"))
# what strikes, before the attacker's name ("ضرب طائرات التحالف"; "ضرب مواقع التنظيم" names the target)
FORCE_HEADS = frozenset(norm(w) for w in ("طائرات", "مقاتلات", "قوات", "طيران", "جيش", "مدفعية", "صواريخ", "سلاح",
                                          "بوارج", "وحدات", "مروحيات"))
NOT_OBJECT = frozenset(norm(w) for w in ("في", "من", "على", "إلى", "الى", "عن", "مع", "بعد", "قبل", "أمس", "امس",
                                         "اليوم", "تماما", "خلال", "منذ", "حتى", "هو", "هي", "أن", "ان", "إن", "قد",
                                         "لا", "لم", "لن", "ما", "كما", "أو", "او", "ثم", "عبر", "ضد", "بين"))
PLURAL_RELATIVES = RELATIVES - {"الذي", "التي"}
THAT = frozenset(("ان", "بان", "انه", "انها", "انهم", "انهما"))  # أن/إن, normalised, with a pronoun
OPEN_QUOTES = frozenset(('"', "«", "“"))
CLAUSE_MARKS = {"،", ",", ":", "؛", '"', "«", "»", "“", "”", "(", ")"}
# words that may open a sentence before a verb and are no subject of it
BARE_NOUN_STOPS = PARTICLES | NEGATIONS | THAT | frozenset(OPENERS) | CLAUSE_OPENERS | frozenset(
    norm(w) for w in ("لن", "لم", "قد", "سوف", "ثم", "بل", "لكن", "إذا", "إن", "أن", "هل", "كيف", "لماذا", "متى",
                      "هكذا", "كذلك", "أيضا", "الآن", "غدا", "أمس", "حاليا", "مؤخرا", "أخيرا", "فقط"))
# How far (in tokens) after a trigger its participants, place and date may be.
AFTER_WINDOW = 16
# … and past a comma that continues the list ("نظيره X، ووزير الصناعة Y، و…"), this much more, at most in all:
LIST_WINDOW = 10
MAX_LIST_WINDOW = 48
# How far after a trigger its required word may be ("بحث سامح شكري هاتفيا مع …").
NEEDS_WINDOW = 14
ANAPHORA_WINDOW = 5  # … and a word that refers back to the sides ("بحث الطرفان")
NOT_BEFORE_WINDOW = 5  # tokens after a trigger where a `not_before` word cancels it (past a VSO subject)
# Words a verb phrase may have between its verb and the rest ("فرض الاتحاد الأوروبي عقوبات").
MAX_PHRASE_GAP = 7
LONG_PHRASE_GAP = 18  # … past a title set off by commas
# How far before a trigger a date may be, in tokens ("الخميس يصل" is rarer than "يصل الخميس").
DATE_BEFORE = 4
DATE_AFTER = 14
PLACE_HEADS = frozenset(norm(w) for w in ("مدينة", "العاصمة"))  # "في مدينة الدوحة": the place follows
PLACE_AFTER_DATE = 40  # tokens from a talks trigger to "، اليوم الاثنين في مدينة X" after the sides' names
DATE_AFTER_VERB = 24  # a verb's date may follow a long subject with titles and a place, in its own clause
# The subject of a sentence starts within its first tokens ("وأكد الشيخ محمد بن زايد …، مثمنا").
SUBJECT_REACH = 4
# How far back (in characters) the owner of a possessive ("زيارته") is looked for outside its sentence.
POSSESSOR_REACH = 400
# How far (in tokens) after a trigger a status word may be, within its clause.
STATUS_AFTER = 9
# This many sports words in an article make it a sports story: no diplomatic events at all.
SPORTS_ARTICLE = 3
# … and so does a sports section or address, whatever its words (decided per article, issue 19 item 8)
SPORTS_SECTIONS = (norm("رياضة"), norm("الرياضة"), norm("رياضي"), "sport")
SPORTS_PATHS = ("sport", "football", "riyada")  # "/sports/", "/riyadah/" (not "/riyadh/", the city)
# The evidence of a mention is its sentence, up to this many tokens each side of the trigger.
EVIDENCE_REACH = 80
# How far (in tokens) before a trigger its status words are looked for (the longest window is ten words).
STATUS_REACH = 24
# Confidence taken off an event that is only reported inside quotes (someone said it happened).
REPORTED_PENALTY = 0.15
STATUS_RANK = {"happened": 0, "ongoing": 1, "planned": 2, "hypothetical": 3, "denied": 4}
COMPATIBLE_MODES = [{"meet", "host"}, {"visit"}, {"phone"}, {"multilateral", "meet"}]


LINEAGE = frozenset(("بن", "ابن", "بنت"))  # around a word, they make it a name
NAME_TITLES = frozenset(norm(w) for w in ("الملك", "الأمير", "الأميرة", "الشيخ", "الإمام", "السلطان"))  # … so does this
# A verb never follows a preposition: "في هاتف جالكسي" is a phone, "على هاتف الطوارئ" a number.
VERB_BLOCKERS = frozenset(norm(w) for w in ("في", "على", "من", "إلى", "عن", "مع", "لدى", "عبر", "حول", "خلال",
                                            "بين", "نحو", "ضد", "عند", "بعد", "قبل", "عقب", "إثر", "أثناء", "منذ",
                                            "جراء"))  # "جراء قصف الحوثيين": a noun, the Houthis shell
TANWEEN_ALIF = "ا"  # the alif of an indefinite accusative ("اجتماعاً" once normalised)


@dataclass(frozen=True)
class TriggerDef:
    id: str
    type: str
    mode: str | None
    cameo: str | None
    pos: str
    rest: tuple[str, ...]  # the words after the first, normalised
    needs: frozenset[str] = frozenset()
    place_object: bool = False
    target_preps: frozenset[str] = frozenset()  # "عقوبات على X", "غارات على X": X is the target
    shares_subject: bool = False  # "هدد X بفرض عقوبات": X is also the agent of the noun after the verb
    shares_object: bool = False  # "دعا X Y إلى زيارة": Y, the one asked, is the agent of the noun
    not_after: frozenset[str] = frozenset()  # a word before it that makes it no event: "علم الاجتماع"
    not_before: tuple[tuple[str, ...], ...] = ()  # … or words shortly after it: "وصل إلى الحكم"
    not_next: frozenset[str] = frozenset()  # … or the word right after it: "دعا على" (prayed against)
    not_prefix: frozenset[str] = frozenset()  # … or a proclitic on it: "بدعوة من X" (at X's invitation)
    participle: bool = False  # "داعيا، متهما": its subject is the sentence's actor
    source_preps: frozenset[str] = frozenset()  # "غارات من قبل X", "مساعدات من X": X is the one who acts
    only_prefix: frozenset[str] = frozenset()  # … and a proclitic it must have: "بالتنسيق مع X" (in coordination)
    genitive_actor: bool = False  # a noun whose actor must be named right after it: "دعم موسكو للأسد"
    needs_target: bool = False  # no event without someone it is for: "أعرب X عن شكره لـY", "قدم تعازيه لـY"
    needs_two: bool = False  # no event without two parties: "العمل معا", "بالشراكة مع X" (one cooperates with another)
    needs_source: bool = False  # a light verb: no event without a named doer ("قام انتحاري بتفجير نفسه")


@dataclass(frozen=True)
class EventLexicon:
    first_words: dict[str, list[TriggerDef]]
    status_before: dict[str, tuple[tuple[str, ...], ...]]
    status_after: dict[str, tuple[tuple[str, ...], ...]]
    anaphoric: frozenset[str]
    with_words: frozenset[str]
    place_words: frozenset[str]
    between_words: frozenset[str]
    head_words: frozenset[str]
    mode_words: dict[str, frozenset[str]]
    sports_words: frozenset[str] = frozenset()  # a CONSULT trigger in a sentence with one is a fixture, not diplomacy
    undergo_words: frozenset[str] = frozenset()  # "تعرضت X لغارات": X is attacked
    adverbs: frozenset[str] = frozenset()  # "مؤخرا، أيضا": between a verb and its ب-object
    title_words: frozenset[str] = frozenset()  # "وزير خارجية مصر": a country after them is in a title
    role_heads: frozenset[str] = frozenset()  # "رئيس هيئة الأركان": a body after them is a person's role
    facility_heads: frozenset[str] = frozenset()  # "مستشفى X": a building, that neither visits nor hosts
    greeting_words: frozenset[str] = frozenset()  # "طلب X نقل تحياته": greetings sent, nothing asked
    handing_verbs: frozenset[str] = frozenset()  # "وسلم X الدعوة لـY": an invitation handed on, no appeal
    not_guests: frozenset[str] = frozenset()  # "تستقبل المدينة المساعدات": things received, no guest
    document_nouns: frozenset[str] = frozenset()  # "ميثاق روما", "اتفاق جنيف": a place in a document's name
    denial_words: frozenset[str] = frozenset()  # "نفى": the denied list's words (not a negation: "لم")
    ordinals: frozenset[str] = frozenset()  # "الاجتماع الخامس": one of a series, no anaphora
    list_heads: frozenset[str] = frozenset()
    plural_subjects: frozenset[str] = frozenset()  # "ورحب الوزراء": the sides of the talks told  # titles that continue a list of participants after "، و"
    # Derived at construction (__post_init__): a pattern of the words a trigger's first word can hide in
    # (a fast superset test before `_readings`), the status phrases by first word, and the trigger readings
    # of each form seen (`readings_of`; () for none).
    hides_trigger: re.Pattern[str] = field(default=re.compile("(?!)"), compare=False, repr=False)
    status_index: dict[tuple[str, str], dict[str, list[tuple[str, ...]]]] = field(
        default_factory=dict, compare=False, repr=False)  # (before|after, status) -> first word -> phrases
    reading_cache: dict[str, tuple[Reading | None, Reading | None] | tuple[()]] = field(
        default_factory=dict, compare=False, repr=False)
    # The generation of reading_cache before it last filled: its forms move up when met again (emptying a
    # full cache re-learnt the common words with the rare ones, about two thirds of all learning).
    older_cache: dict[str, tuple[Reading | None, Reading | None] | tuple[()]] = field(
        default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        # _readings takes off proclitics (letters of و ف ب ل ك ال, at most four), then س or a pronoun suffix
        # (زيارته -> زياره: ت for ه): a word can only have a trigger reading if it is such letters, a core
        # (a first word, with س, or with ت for ه) and nothing or a suffix. One trie-shaped pattern, in C.
        cores: set[str] = set()
        for word in self.first_words:
            cores |= {word, "س" + word}
            if word.endswith("ه"):
                cores.add(word[:-1] + "ت")
        suffixes = "|".join(re.escape(x) for x in sorted((*PRONOUN_SUFFIXES, TANWEEN_ALIF), key=len, reverse=True))
        pattern = f"[{_PROCLITIC_LETTERS}]{{0,4}}{_trie_pattern(cores)}(?:{suffixes})?"
        object.__setattr__(self, "hides_trigger", re.compile(pattern))
        index: dict[tuple[str, str], dict[str, list[tuple[str, ...]]]] = {}
        for where, lists in (("before", self.status_before), ("after", self.status_after)):
            for kind, phrases in lists.items():
                by_first = index[(where, kind)] = {}
                for p in phrases:
                    by_first.setdefault(p[0] if p else "", []).append(p)
        object.__setattr__(self, "status_index", index)
        object.__setattr__(self, "reading_cache", _ReadingCache(self))

    def readings_of(self, word: str) -> tuple[Reading | None, Reading | None] | None:
        """For a word written without and with a final ة: the first reading (see `_readings`) whose stem
        starts a trigger — the only one `match_trigger` can use, as it stops at the first such stem,
        matched or not. None when neither has one (nearly every word)."""
        pair = self.reading_cache.get(word)
        if pair is None:
            pair = self.learn(word)
        return pair or None

    def learn(self, word: str) -> tuple[Reading | None, Reading | None] | tuple[()]:
        """Compute (or take from the older generation) and cache the readings_of a form not in reading_cache;
        () when it has none."""
        cache = self.reading_cache
        if len(cache) >= FORM_CACHE_SIZE:
            object.__setattr__(self, "older_cache", cache)
            object.__setattr__(self, "reading_cache", _ReadingCache(self))
            cache = self.reading_cache
        pair = self.older_cache.get(word)
        if pair is None:
            pair = ()
            if self.hides_trigger.fullmatch(word):
                pair = (self._first_reading(word, False), self._first_reading(word, True))
                if pair == (None, None):
                    pair = ()
        cache[word] = pair
        return pair

    def _first_reading(self, word: str, ends_marbuta: bool) -> Reading | None:
        return next((r for r in _readings(word, ends_marbuta) if r[0] in self.first_words), None)


class _ReadingCache(dict[str, "tuple[Reading | None, Reading | None] | tuple[()]"]):
    """EventLexicon.reading_cache: `cache[form]` learns a form not seen yet (dict look-ups done in C, e.g.
    through map, call back into Python only for those)."""

    __slots__ = ("lex",)

    def __init__(self, lex: EventLexicon) -> None:
        super().__init__()
        self.lex = lex

    def __missing__(self, word: str) -> tuple[Reading | None, Reading | None] | tuple[()]:
        return self.lex.learn(word)


def _trie_pattern(words: set[str]) -> str:
    """A regex matching exactly `words`, shaped as a trie so that matching never tries them one by one."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            return f"(?:{'|'.join(alts)})?" if alts else ""
        return alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"

    return emit(trie)


Reading = tuple[str, str, bool, bool, str]  # (stem, suffix, future, verb_ok, prefix), see stem_candidates
_PROCLITIC_LETTERS = "وفبلكا"
# Bound of the per-form caches.
FORM_CACHE_SIZE = 1 << 16


@config.data_cache
def event_lexicon() -> EventLexicon:
    # ~35 ms to build (the trigger pattern's compile most of it); kept in the user's cache (marsad.fastload)
    # while the rule files and the code that reads them are unchanged.
    from ..fastload import load_or_build

    sources = ("stages/events.py", "stages/quotes.py", "text/*.py", "config.py", "data/events/*.yaml")
    return load_or_build("events-lexicon", sources, _build_event_lexicon)


def _build_event_lexicon() -> EventLexicon:
    data = load_data("events/triggers.yaml")
    status = load_data("events/status.yaml")
    first: dict[str, list[TriggerDef]] = {}
    for item in data["triggers"]:
        readings = [(w, item.get("pos", "verb")) for w in item.get("words", [])]
        readings += [(w, "noun") for w in item.get("nouns", [])]
        for phrase, pos in readings:
            words = tuple(norm(phrase).split())
            trig = TriggerDef(item["id"], item["type"], item.get("mode"), item.get("cameo"), pos,
                              words[1:], norm_set(item.get("needs", [])), bool(item.get("place_object")),
                              norm_set(item.get("target_preps", [])), bool(item.get("shares_subject")),
                              bool(item.get("shares_object")), norm_set(item.get("not_after", [])),
                              tuple(tuple(norm(p).split()) for p in item.get("not_before", [])),
                              norm_set(item.get("not_next", [])), frozenset(item.get("not_prefix", [])),
                              bool(item.get("participle")), norm_set(item.get("source_preps", [])),
                              frozenset(item.get("only_prefix", [])), bool(item.get("genitive_actor")),
                              bool(item.get("needs_target")), bool(item.get("needs_two")),
                              bool(item.get("needs_source")))
            first.setdefault(words[0], []).append(trig)
    for defs in first.values():
        defs.sort(key=lambda t: -len(t.rest))  # longest phrase first

    def phrases(kind: str, where: str) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(norm(p).split()) for p in status.get(kind, {}).get(where, []))

    return EventLexicon(
        first_words=first,
        status_before={**{k: phrases(k, "before") for k in ("planned", "denied", "hypothetical", "ongoing")},
                       "planned_far": phrases("planned", "far"), "denied_clause": phrases("denied", "clause"),
                       "hypothetical_asked": phrases("hypothetical", "asked")},
        status_after={k: phrases(k, "after") for k in ("planned", "ongoing", "hypothetical")},
        anaphoric=norm_set(status["anaphoric_subjects"]),
        with_words=norm_set(status["with_words"]),
        place_words=norm_set(status["place_words"]),
        between_words=norm_set(status["between_words"]),
        head_words=norm_set(status["head_words"]),
        mode_words={mode: norm_set(words) for mode, words in status.get("mode_words", {}).items()},
        sports_words=_with_proclitics(norm_set(status.get("sports_words", []))),
        list_heads=norm_set(status.get("list_heads", [])),
        plural_subjects=norm_set(status.get("plural_subjects", [])),
        ordinals=norm_set(status.get("ordinals", [])),
        adverbs=norm_set(status.get("adverbs", [])),
        undergo_words=norm_set(status.get("undergo_words", [])),
        title_words=norm_set(status.get("title_words", [])),
        role_heads=norm_set(status.get("role_heads", [])),
        facility_heads=norm_set(status.get("facility_heads", [])),
        greeting_words=norm_set(status.get("greeting_words", [])),
        handing_verbs=_with_proclitics(norm_set(status.get("handing_verbs", []))),
        not_guests=norm_set(status.get("not_guests", [])),
        document_nouns=_with_proclitics(norm_set(status.get("document_nouns", []))),
        denial_words=frozenset(p[0] for p in phrases("denied", "before")),
    )


def _with_proclitics(words: frozenset[str]) -> frozenset[str]:
    """The words and their forms with the proclitics news writes on them ("والمباراة", "للاعبين", "بالدوري"),
    so that one set look-up per token finds them."""
    out = set(words)
    for w in words:
        out |= {p + w for p in ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل")}
        if w.startswith("ال"):
            out |= {p + w[2:] for p in ("لل", "ولل", "فلل")}
    return frozenset(out)


# The marks that set a blessing off after a name ("الملك سلمان - حفظه الله -"): closing mark -> opening one.
_ASIDE_MARKS = {"-": "-", "–": "–", "—": "—", ")": "(", "(": ")"}


def _formula_before(tokens: list[Token], j: int, lo: int) -> int:
    """How many tokens before token j make a blessing set off by dashes or brackets ("- حفظه الله -"), 0 if
    none: at most four words between the marks, the first a blessing's (kb.names.BLESSINGS)."""
    close = tokens[j - 1].text if j - 1 >= lo else ""
    opening = _ASIDE_MARKS.get(close)
    if opening is None:
        return 0
    k = j - 2
    while k >= max(lo, j - 7) and tokens[k].text != opening:
        k -= 1
    if k < max(lo, j - 7) or k + 1 >= j - 1 or tokens[k + 1].norm not in BLESSING_WORDS:
        return 0
    return j - k


@dataclass
class TriggerHit:
    index: int
    width: int  # tokens of the trigger span
    trig: TriggerDef
    suffix: str  # possessive suffix on a noun ("ه" in لقائه)
    future: bool  # "سي/ست" prefix on a verb
    resume: int = 0  # the token after the whole phrase (after "عقوبات" in "فرض الاتحاد عقوبات")
    conj: bool = False  # the trigger carries و/ف: it may continue the clause before ("…، وطالبت")


def stem_candidates(token: Token) -> tuple[tuple[str, str, bool, bool, str], ...]:
    """(stem, suffix, future, verb_ok, prefix) readings of a token, the plain word first. Verbs take only
    the conjunctions و/ف and the future س; nouns any proclitic and a possessive suffix — but a word
    written with ة is never read as a stem + ه ("وزارة" is not و + زار + ه)."""
    ends_marbuta = token.text.rstrip("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652").endswith("ة")
    return _readings(token.norm, ends_marbuta)


@functools.lru_cache(maxsize=65536)
def _readings(word: str, ends_marbuta: bool) -> tuple[tuple[str, str, bool, bool, str], ...]:
    out: list[tuple[str, str, bool, bool, str]] = []
    splits = [("", word)] + [s for s in reversed(proclitic_splits(word)) if s[0]]
    for prefix, stem in splits:
        verb_ok = all(c in "وف" for c in prefix)
        out.append((stem, "", False, verb_ok, prefix))
        if stem.endswith(TANWEEN_ALIF) and len(stem) >= 4 and not ends_marbuta and stem[-2] != "ه":
            # the indefinite accusative of a noun: "عقد اجتماعا", "وقع اتفاقا" (not a possessive: no suffix);
            # never after ة (ه once normalised), which takes no alif: "مظاهرها" is not "مظاهرة" + alif
            out.append((stem[:-1], "", False, False, prefix))
        if verb_ok and stem.startswith("س") and len(stem) > 3 and stem[1] in "يتن":
            out.append((stem[1:], "", True, True, prefix))
        for suffix in PRONOUN_SUFFIXES:
            if (ends_marbuta and suffix.endswith("ه")) or suffix == "ي":
                continue  # "وزارة" is not و + زار + ه; "اجتماعي" (social) is not "my meeting"
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
                base = stem[: -len(suffix)]
                out.append((base, suffix, False, False, prefix))
                if base.endswith("ت"):  # زيارته -> زياره
                    out.append((base[:-1] + "ه", suffix, False, False, prefix))
    return tuple(out)


def trigger_reading(tok: Token, lex: EventLexicon) -> Reading | None:
    """The reading `match_trigger` tries for a token, or None when the token cannot be a trigger."""
    if tok.kind != "word":
        return None
    pair = lex.readings_of(tok.norm)
    if pair is None:
        return None  # most tokens: one dict look-up
    ends_marbuta = tok.text.rstrip("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652").endswith("ة")
    return pair[ends_marbuta]


def match_trigger(tokens: list[Token], i: int, hi: int, lex: EventLexicon) -> TriggerHit | None:
    # Of the token's readings (stem_candidates, in order) only the first whose stem starts a trigger can
    # match: those before it start none, and no weaker reading is tried after it.
    reading = trigger_reading(tokens[i], lex)
    if reading is None:
        return None
    stem, suffix, future, verb_ok, prefix = reading

    def same(f: str, r: str) -> bool:
        if f == r or (f.startswith(r) and len(f) - len(r) <= 2) or f == "ال" + r:
            return True
        # r under a leading و/ف (or both): what strip_conj(f, {r}) finds, without a call for most words
        return f[:1] in ("و", "ف") and ((len(f) > 2 and f[1:] == r) or (len(f) > 3 and f[1] in "وف" and f[2:] == r))

    conj = prefix[:1] in ("و", "ف")
    before = tokens[i - 1] if i > 0 else None
    if prefix and ((before is not None and (before.norm in LINEAGE or before.norm in NAME_TITLES))
                   or (i + 1 < hi and tokens[i + 1].norm in LINEAGE)):
        return None  # "سعود بن فيصل بن عبد العزيز", "جامعة الملك فيصل": a name, not ف + يصل
    after_preposition = before is not None and before.norm in VERB_BLOCKERS
    if before is not None and before.text in OPEN_QUOTES and i > 1:
        after_preposition = tokens[i - 2].norm in VERB_BLOCKERS  # 'أعربت عن "تحفظ دولة قطر على': a noun quoted
    max_gap = -1
    for trig in lex.first_words[stem]:
        if trig.pos == "verb" and (not verb_ok or after_preposition):
            continue  # "في هاتف جالكسي", "على هاتف الطوارئ": after a preposition it is a noun
        if (trig.participle or prefix[:1] == "ف") and before is not None \
                and (before.kind == "number" or before.text[:1].isdigit()):
            continue  # "القبض على 431 متهما": the accused, counted; "3500 فدان": acres, not ف + دان
        if trig.not_after and before is not None and (before.norm in trig.not_after
                                                      or (before.stem or before.norm) in trig.not_after):
            continue
        if trig.not_before and _cancelled_after(tokens[i + 1:min(hi, i + 1 + NOT_BEFORE_WINDOW)], trig):
            continue
        if trig.not_next and i + 1 < hi and tokens[i + 1].norm in trig.not_next:
            continue
        if trig.not_prefix and prefix.lstrip("وف")[:1] in trig.not_prefix:
            continue
        if trig.only_prefix and prefix.lstrip("وف")[:1] not in trig.only_prefix:
            continue
        if trig.genitive_actor and prefix.endswith("ال"):
            continue  # a noun whose actor follows is in construct: "المعارضة" is the opposition, "معارضة تركيا" an act
        n = len(trig.rest)
        following = tuple(t.norm for t in tokens[i + 1:i + 1 + n])
        if len(following) == n and all(same(f, r) for f, r in zip(following, trig.rest, strict=True)):
            return TriggerHit(i, 1 + n, trig, suffix, future, i + 1 + n, conj)
        # VSO puts the subject inside a verb phrase: "فرض الاتحاد الأوروبي عقوبات"
        if not n or trig.pos != "verb":
            continue
        if max_gap < 0:  # once per token: the gap allowed, cut before a sentence end or أن
            # ("أكدت ميركل أن برلين ستواصل دعم كييف": past أن the words are another clause's)
            max_gap = _phrase_gap(tokens, i, hi)
            for g, t in enumerate(tokens[i + 1:i + 1 + max_gap]):
                if t.text in SENTENCE_END or t.norm in THAT:
                    max_gap = g
                    break
        first_rest = trig.rest[0]
        for gap in range(1, max_gap + 1):
            if i + 1 + gap >= len(tokens) or not same(tokens[i + 1 + gap].norm, first_rest):
                continue
            following = tuple(t.norm for t in tokens[i + 1 + gap:i + 1 + gap + n])
            if i + gap < hi and tokens[i + gap].norm in NOUN_NEGATIONS:
                break  # "وقرر الاتحاد عام 2009 عدم التعاون مع المحكمة": a refusal, not the act
            if len(following) == n and all(same(f, r) for f, r in zip(following, trig.rest, strict=True)):
                end = i + 1 + gap + n
                if trig.not_before and _cancelled_after(tokens[end:min(hi, end + NOT_BEFORE_WINDOW)], trig):
                    break  # the subject in the gap pushed them past the window: "تمكن X وY من استعادة السيطرة"
                return TriggerHit(i, 1, trig, suffix, future, end, conj)
    return None  # the word is a trigger whose phrase did not match: no weaker reading


def _phrase_gap(tokens: list[Token], i: int, hi: int) -> int:
    """How many words a verb phrase may have between its verb and the rest: MAX_PHRASE_GAP, or more when the
    subject's title is set off by two commas ("ووقع المندوب الدائم … في نيويورك، السفير X، على اتفاقية")."""
    window = tokens[i + 1:min(hi, i + 1 + LONG_PHRASE_GAP)]
    commas = sum(1 for t in window if t.text in ("،", ","))
    if commas < 2 and any(t.norm in JOINED_PEERS for t in window[:MAX_PHRASE_GAP]):
        return LONG_PHRASE_GAP  # "ووقع الوزير X ونظيره الفرنسي Y أمس اتفاقية": two subjects before the rest
    return LONG_PHRASE_GAP if commas >= 2 else MAX_PHRASE_GAP


def _cancelled_after(following: list[Token], trig: TriggerDef) -> bool:
    """Whether a `not_before` phrase follows the trigger before any word it `needs` ("توجه X رسالة إلى Y" sends
    a message; "توجه X إلى الرياض حاملا رسالة" travels; "وصل أوباما إلى السلطة" came to power, "وصل الوزير
    إلى رام الله للقاء السلطة" arrived: the words must be together)."""
    norms = [t.norm for t in following]
    for k, word in enumerate(norms):
        if any(tuple(norms[k:k + len(p)]) == p for p in trig.not_before):
            return True
        if word in trig.needs:
            return False
    return False


_START = attrgetter("start")
_TEXT = attrgetter("text")
_NORM = attrgetter("norm")
# A state's act told as one more: a verb after كما ("كما أرسلت"), a noun before أخرى ("غارة أخرى").
ANEW_BEFORE = frozenset(("كما",))
ANEW_AFTER = frozenset(("أخرى", "آخر", "اخرى", "اخر", "أخريين", "آخرين"))
ANEW_REACH = 12  # characters read on each side of the trigger
# How many of the most recent events of a type a new mention may join (bounds merging on very long texts).
MERGE_LOOKBACK = 48
OCCASION_DAYS = 3  # an occasion days before the article is its news; older ones are background
STRETCH_BOUNDS = frozenset(norm(w) for w in ("منذ", "حتى", "لغاية"))  # "منذ فبراير", "حتى فجر أمس": no one day
STRETCH_WORDS = 4  # "منذ تسلمه مهامه في فبراير": the words a منذ phrase reaches before its date


@dataclass
class _Paragraph:
    """What the mentions of one paragraph share, computed once (every look-up below is a bisect or O(1), so
    the stage stays linear in the length of a sentence)."""

    lo: int
    hi: int
    ends: list[int]  # indices of the sentence-ending tokens of the document
    sports: list[int]  # indices of the sports words of the document
    with_source: dict[int, EventMention] = field(default_factory=dict)  # sentence start -> last mention with a subject
    sides_at: int = -1  # the start of the last sentence whose verb's subject is the sides ("ورحب الوزراء")
    talks_at: dict[int, EventMention] = field(default_factory=dict)  # sentence start -> last talks with a side
    visit_at: dict[int, EventMention] = field(default_factory=dict)  # sentence start -> last visit with a visitor

    def sentence(self, i: int) -> tuple[int, int]:
        """[first, last) token indices of the sentence of token i (its closing mark included)."""
        b = bisect_left(self.ends, i)
        s = self.ends[b - 1] + 1 if b > 0 and self.ends[b - 1] >= self.lo else self.lo
        e = self.ends[b] if b < len(self.ends) and self.ends[b] < self.hi else self.hi
        return max(s, self.lo), min(self.hi, e + 1)

    def sports_between(self, s: int, e: int) -> int:
        return bisect_left(self.sports, e) - bisect_left(self.sports, s)


@dataclass
class EventMention:
    hit: TriggerHit
    trigger: Span
    evidence: Span
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    place: str | None = None
    date: str | None = None
    interval: list[str] | None = None
    status: str = "happened"
    anaphoric: bool = False  # "اللقاء", "الطرفان": refers to an event already mentioned
    sides: bool = False  # its participants are "الطرفان" / "معه": those of the event before
    mode: str | None = None  # the trigger's mode, or the one an adverb gives ("بحث هاتفيا" → phone)
    paragraph: int = 0
    more_places: list[str] = field(default_factory=list)  # the other places of "زار الصين وتركيا والأردن"
    destination: bool = False  # its place is where one goes, after the trigger ("زار الرياض", "زيارة إلى ماليزيا")
    governed: set[str] = field(default_factory=set)  # targets after a preposition (مع، بـ، على …)
    sibling: int = 0  # mentions split from one list share it (the token index of their trigger) and stay apart
    earlier: bool = False  # told in the pluperfect ("وكان X قد التقى Y"): an occurrence before the one told
    sentence: int = -1  # the token index where its sentence starts
    occasion: bool = False  # after "خلال/أثناء/لدى": when something else was done
    sequenced: bool = False  # after "بعد/قبل/عقب/إثر/منذ": at another time than its sentence's verb
    how: str = ""  # which rule gave its source ("" : named after the trigger)
    greeting: bool = False  # "كان في استقباله X": X met him on his arrival, an occurrence of its own
    pointed: bool = False  # after a demonstrative ("هذه المباحثات"): the event just told, whatever its clause names

    @property
    def participants(self) -> set[str]:
        return set(self.source) | set(self.target)


CODE_VERSION = "17"  # bump when the event logic changes; triggers, status words and quote cues are hashed
RULE_FILES = ("events/*.yaml", "quotes/cues.yaml")


class EventsStage:
    name = "events"
    version: str  # CODE_VERSION+hash of the rule files (provenance.stage_version)
    assigns = ("events",)
    requires = ("entities", "dates", "quotes")

    def __init__(self) -> None:
        self.version = stage_version(CODE_VERSION, RULE_FILES)
        self.lex = event_lexicon()
        self.cues: CueLexicon = cue_lexicon()
        self.before_how = ""  # debug: which way `_subject_before` found the actor

    def __call__(self, doc: Document) -> Document:
        tokens = ensure_tokens(doc)
        every = self._candidates(tokens)
        if not every:
            doc.events = []  # no trigger word, no event
            return doc
        mentions = mention_index(doc)  # the quotes stage's, when it ran on this document
        found: list[EventMention] = []
        sports_words = self.lex.sports_words
        # where sentences end and sports words are, for the whole document at once (map and compress run in C)
        ends = list(compress(range(len(tokens)), map(SENTENCE_END.__contains__, map(_TEXT, tokens))))
        sports = list(compress(range(len(tokens)), map(sports_words.__contains__, mentions.norms)))
        paragraphs = [_Paragraph(lo, hi, ends, sports) for lo, hi in paragraph_token_ranges(doc, tokens)]
        if len(sports) >= SPORTS_ARTICLE or _sports_page(doc):
            doc.events = []  # a sports story: its meetings, visits and attacks are fixtures, transfers and goals
            return doc
        repeats = _headline_repeats(doc)
        for p_index, para in enumerate(paragraphs):
            lo, hi = para.lo, para.hi
            if p_index in repeats:  # "رابط الخبر بصحيفة …: <the headline>": the headline again, no occasion
                hi = para.hi = bisect_left(tokens, repeats[p_index], lo, hi, key=_START)
            # only the tokens that can be triggers are tried; the loop would step over every other one
            c = bisect_left(every, lo)
            candidates = every[c:bisect_left(every, hi, c)]
            c = 0
            i = lo
            while c < len(candidates):
                if candidates[c] < i:
                    c += 1
                    continue
                i = candidates[c]
                hit = match_trigger(tokens, i, hi, self.lex)
                name = mentions.covering(tokens[i].start, tokens[i].end) if hit is not None else None
                if name is not None and not (hit.future and hit.trig.pos == "verb"
                                             and (name.start, name.end) == (tokens[i].start, tokens[i].end)):
                    hit = None  # "فيصل" is a name, not ف + يصل (but "سيزور" taken alone for a name is a verb)
                if hit is not None and self._name_homograph(tokens, hit, hi):
                    hit = None
                if hit is None:
                    i += 1
                    continue
                mention = self._mention(doc, tokens, hit, para, mentions)
                if mention is not None:
                    mention.paragraph = p_index
                    found += _one_per_party(mention, mentions)
                elif hit.trig.needs_source:
                    i += 1  # "التي تقوم بقصف أهداف لداعش": no doer named, the noun "قصف" alone is read as before
                    continue
                i = max(hit.resume, hit.index + hit.width)
                # a trigger governing another ("استضافة اجتماع") is one event: skip the inner word (one that told
                # no event does not hide the next: "عناصر من المعارضة اعتقلوا على أيدي …")
                if i < hi and match_trigger(tokens, i, hi, self.lex):
                    i += 1
        _condemned_actors(found, tokens)
        runons = self._runon_names(doc, tokens)
        if runons:
            _without_runons(found, runons)
        merged = self._merge(doc, found, mentions)
        doc.events = _headline_restated(merged, doc.body, doc.published.date if doc.published else None,
                                        frozenset(e.id for e in doc.entities if e.type == "LOC"),
                                        doc.derived().get("story_dated", frozenset()))
        regions = _regions(doc)
        if regions:
            doc.events = _without_regions(doc.events, regions, {e.id: e.name for e in doc.entities})
        return doc

    def _runon_names(self, doc: Document, tokens: list[Token]) -> dict[str, str | None]:
        """People the recogniser ran on into the word after or before the name, when that word is an event or
        a reporting word ("شكري توجه", "ولد أحمد دعوة", "وتأتي زيارة كيري") — or, after the name, a common word
        that is no name ("أناستاسيادس شملت") where the rest names someone: the person whose name ends with the
        rest (another entity of the article), else no one sure. One look-up per person's mention."""
        out: dict[str, str | None] = {}
        people = [e for e in doc.entities if e.type == "PER" and e.mentions]
        common, names = common_words(), name_counts()

        def meant(e: Entity, rest: str) -> str | None:
            return next((o.id for o in people if o.id != e.id and rest and any(
                norm(x.text) == rest or norm(x.text).endswith(" " + rest) for x in o.mentions)), None)

        for e in people:
            lasts, firsts = [], []
            for m in e.mentions:
                k = bisect_right(tokens, m.end - 1, key=_START) - 1
                f = bisect_right(tokens, m.start, key=_START) - 1
                if k <= f or tokens[k].end != m.end or tokens[f].start != m.start:
                    lasts = firsts = []
                    break  # one word, or a mention not on token edges
                lasts.append(k)
                firsts.append(f)
            if not lasts:
                continue
            m0, k0, f0 = e.mentions[0], lasts[0], firsts[0]
            event_word = all((trigger_reading(tokens[k], self.lex) is not None
                              or self.cues.verb_forms.get(tokens[k].norm)) and not names.get(tokens[k].norm)
                             for k in lasts)
            plain = all(not tokens[k].norm.startswith("ال") and tokens[k].norm in common
                        and not names.get(tokens[k].norm) for k in lasts)
            if event_word or plain:
                who = meant(e, norm(m0.text[:tokens[k0].start - m0.start].strip()))
                if who is not None or event_word:
                    out[e.id] = who
                    continue
            if all(trigger_reading(tokens[f], self.lex) is not None and not names.get(tokens[f].norm)
                   and tokens[f].norm not in NAME_TITLES for f in firsts):  # ("فيصل" is a name, not ف + يصل)
                out[e.id] = meant(e, norm(m0.text[tokens[f0 + 1].start - m0.start:].strip()))
        return out

    @staticmethod
    def _genitive_then_lam(doc: Document, tokens: list[Token], hit: TriggerHit, mentions: MentionIndex,
                           m: EventMention) -> bool:
        """"ودعم حكومة مصر للتحالف", "دعم موسكو للرئيس السوري بشار الأسد": the actor named right after the
        noun, the one it is for after ل; both must be there (then they are the source and the target)."""
        k = hit.index + hit.width
        if k >= len(tokens):
            return False
        nxt = tokens[k]
        actor = mentions.covering(nxt.start, nxt.end) or next(iter(mentions.within(nxt.start, nxt.end)), None)
        if actor is None and k + 1 < len(tokens) and "ال" not in nxt.prefix \
                and (hit.trig.type != "ASSAULT" or nxt.norm in FORCE_HEADS):  # "حكومة مصر", "طائرات التحالف"
            nxt = tokens[k + 1]
            actor = mentions.covering(nxt.start, nxt.end) or next(iter(mentions.within(nxt.start, nxt.end)), None)
        if actor is None or actor.start != nxt.start or _lam_ref(doc, actor):
            return False
        after = bisect_left(tokens, actor.end, key=_START)
        if after >= len(tokens):
            return False
        lam = tokens[after]
        glued = mentions.covering(lam.start + 1, lam.end) or next(iter(mentions.within(lam.start + 1, lam.end)), None)
        if hit.trig.type == "ASSAULT" and glued is None and lam.kind == "word" and kinds_of(mentions, actor.entity) != "PER" \
                and (lam.norm[:1] == "ل" and len(lam.norm) > 3 and lam.norm not in NOT_TARGET_LAM
                     or (not lam.prefix or not lam.text.startswith("ال") and lam.prefix == "ال")  # ("آليات")
                     and lam.norm not in NOT_OBJECT and not lam.norm.endswith("يا")
                     and not mentions.within(lam.start, lam.end) and not mentions.covering(lam.start, lam.end)):
            # "ضرب طائرات التحالف لمواقعهم", "تدمير قوات التحالف آليات عسكرية": the attacker right after the
            # verbal noun, what it hits after ل or as its object (with nothing after it, "تدمير داعش" is of ISIS)
            nxt = tokens[after + 1] if after + 1 < len(tokens) and lam.norm[:1] == "ل" else None
            ref = nxt and (mentions.covering(nxt.start, nxt.end) or next(iter(mentions.within(nxt.start, nxt.end)), None))
            # "لمواقع الحوثيين": whose positions are hit
            m.source, m.target = [actor.entity], [ref.entity] if ref and ref.entity != actor.entity else []
            return True
        if not lam.prefix.lstrip("وف").startswith("ل") \
                and not (lam.text[:1] == "ل" and glued is not None and glued.start == lam.start + 1):
            return False  # "للرئيس", "لبشار الأسد"; not the ل of an article ("بالتدخل", "السلبي")
        for q in range(after, min(len(tokens), after + 4)):  # "للرئيس السوري بشار الأسد": past a title
            if q > after and tokens[q].norm in RELATIVES:
                m.source, m.target = [actor.entity], []  # "ودعم حكومة مصر للتحالف الذي تقوده المملكة": a
                return True  # name in the relative clause is the coalition's leader, not whom Egypt supports
            ref = mentions.covering(tokens[q].start, tokens[q].end) \
                or next(iter(mentions.within(tokens[q].start, tokens[q].end)), None)
            if ref is None or (q > after and is_nisba(ref_text(doc, ref))):
                continue
            if ref.entity == actor.entity:
                return False
            m.source, m.target = [actor.entity], [ref.entity]
            return True
        return False

    def _name_homograph(self, tokens: list[Token], hit: TriggerHit, hi: int) -> bool:
        """"زوج المعلمة فيصل العمراني": a verb read under ف/و that is, whole, a common given name, with no
        word it needs next, is the name the recogniser did not take."""
        t = tokens[hit.index]
        if hit.trig.pos != "verb" or hit.width != 1 or not hit.conj or hit.future \
                or name_counts().get(t.norm, 0) < NAME_HOMOGRAPH:
            return False
        nxt = tokens[hit.index + 1].norm if hit.index + 1 < hi else ""
        return nxt not in self.lex.place_words and nxt not in hit.trig.needs and nxt not in self.lex.with_words

    def _candidates(self, tokens: list[Token]) -> list[int]:
        """Indices of the tokens with a trigger reading (a superset of where `match_trigger` can hit): one
        look-up per token in the per-form cache, done in C; forms not seen yet are learnt."""
        known = list(map(self.lex.reading_cache.__getitem__, map(_NORM, tokens)))  # a miss learns the form
        return [k for k in compress(range(len(tokens)), known) if tokens[k].kind == "word"]

    # -- one mention

    def _mention(self, doc: Document, tokens: list[Token], hit: TriggerHit, para: _Paragraph,
                 mentions: MentionIndex) -> EventMention | None:
        trig = hit.trig
        first, last = tokens[hit.index], tokens[hit.index + hit.width - 1]
        if trig.genitive_actor and not any(  # "دعم موسكو للأسد": a name next, or none of this (a cheap test first)
                mentions.within(t.start, t.end) or mentions.covering(t.start, t.end)
                for t in tokens[hit.index + 1:hit.index + 3]):
            return None
        s_lo, s_hi = para.sentence(hit.index)
        if trig.type == "CONSULT" and para.sports_between(s_lo, s_hi):
            return None  # "مباراة القمة", "مفاوضات النادي مع اللاعب", "جولة الفريق": sport, not diplomacy
        after_end = self._clause_end(tokens, hit.index + hit.width, s_hi, hit, mentions)
        after_words = {t.norm for t in tokens[hit.index + hit.width:min(after_end, hit.index + hit.width + NEEDS_WINDOW)]}
        near_after = {t.norm for t in tokens[hit.index + hit.width:min(after_end, hit.index + hit.width + ANAPHORA_WINDOW)]}
        before_words = [t.norm for t in tokens[max(s_lo, hit.index - 3):hit.index]]
        anaphoric = bool(self.lex.anaphoric & (near_after | set(before_words)))
        # "ورحب الوزراء", "داعين" after it: a plural subject right after a verb is the sides of the talks told
        plural = trig.pos == "verb" and hit.index + hit.width < after_end \
            and tokens[hit.index + hit.width].norm in self.lex.plural_subjects
        if trig.participle and para.sides_at == s_lo:
            plural = True  # "ورحب الوزراء بـ…، داعين إلى …": the same sides
        elif trig.participle and tokens[hit.index].norm.endswith("ين") and self._sides_speak(tokens, hit, s_lo, mentions):
            plural = True  # "كما عبر الوزراء عن …، مطالبين باتخاذ …": a plural participle after the sides' verb
        anaphoric |= plural
        # "بحث معه": the pronoun after "مع" is a participant already named
        anaphoric |= any(w.startswith(n) and w[len(n):] in PRONOUN_SUFFIXES for w in after_words for n in trig.needs)
        mode = trig.mode
        if trig.type == "CONSULT":
            near = {t.norm for t in tokens[hit.index + hit.width:after_end + 1]}
            mode = next((md for md, words in self.lex.mode_words.items() if near & words), mode)
        if trig.needs and not (trig.needs & after_words or anaphoric
                               or any(t.prefix.endswith("ب") for t in tokens[hit.index + 1:hit.index + 3])
                               or ("ل" in trig.needs and any(  # "توجه لقاعة الحفل", "قبل توجه البعثة لمصر"
                                   lam_glued(t, mentions) for t in tokens[hit.index + 1:hit.index + 4]))
                               or (trig.type == "CONSULT" and trig.pos == "verb"
                                   and self._two_parties(doc, tokens, hit, after_end, mentions))
                               or (trig.type == "CONSULT" and trig.pos == "verb"
                                   and self._two_before(tokens, hit, s_lo, mentions))):
            return None
        definite = "ال" in first.prefix or bool(hit.suffix)  # "اللقاء", "لقاؤنا": already known
        if any(t.norm in self.lex.ordinals for t in tokens[hit.index + hit.width:min(s_hi, hit.index + hit.width + 2)]):
            # "الاجتماع الوزاري الخامس (بين الجانبين)" is one of a series, not the one just told
            definite = anaphoric = False
        # the sentence is the evidence; of a run-on text without stops, the words around the trigger
        e_lo, e_hi = max(s_lo, hit.index - EVIDENCE_REACH), min(s_hi, hit.index + hit.width + EVIDENCE_REACH)
        m = EventMention(hit, doc.span(first.start, last.end), doc.span(tokens[e_lo].start, tokens[e_hi - 1].end),
                         anaphoric=anaphoric or (definite and trig.pos == "noun"), sides=anaphoric, mode=mode)
        m.pointed = trig.pos == "noun" and definite and bool(before_words) and before_words[-1] in DEMONSTRATIVES
        self._participants_after(doc, tokens, hit, after_end, mentions, m)
        if trig.pos == "noun" and self._sidelines(tokens, hit.index, s_lo):
            return None  # "التقى X على هامش أعمال القمة بـY": the summit is when, its sides are not named here
        if trig.type == "CONSULT" and trig.pos == "noun" and not hit.suffix:
            self._purpose_of_visit(tokens, hit, s_lo, para, m)  # "وصل X إلى بيروت للقاء Y": X meets Y
            taking_part = self._taking_part(doc, tokens, hit, s_lo, mentions)
            if taking_part:  # "وشارك الوزير X في اجتماع وزراء خارجية دول المجلس": X is one of the sides
                m.source = taking_part + [x for x in m.source if x not in taking_part]
                m.target = [x for x in m.target if x not in taking_part]
        near_next = {t.norm for t in tokens[hit.index + hit.width:min(s_hi, hit.index + hit.width + 3)]}
        if trig.type == "CONSULT" and trig.pos == "noun" and "ال" in first.prefix and not hit.suffix \
                and hit.index > s_lo and strip_conj(tokens[hit.index - 1].norm, OCCASION) is not None \
                and not near_next & (self.lex.with_words | self.lex.between_words):
            # "ونقل خلال الاستقبال تحيات الرئيس X": the reception told before; the names after are the clause's
            m.source, m.target = [], []
        if trig.type == "CONSULT" and trig.pos == "noun" and "ال" not in first.prefix and not hit.suffix \
                and not m.participants and hit.index > s_lo and strip_conj(tokens[hit.index - 1].norm, DURING) \
                is not None and not near_next & (self.lex.with_words | self.lex.between_words):
            actor = para.with_source.get(s_lo)
            if m.mode == "visit" and actor is not None and hit.index - 1 > s_lo \
                    and strip_conj(tokens[hit.index - 2].norm, THAT_WAS) is not None:
                # "رحبت موغيريني بمحادثات السلام، وذلك خلال زيارة أثنت فيها …": the visit of the sentence's actor
                m.source = [x for x in actor.source if kinds_of(mentions, x) != "LOC"]
                m.how = "that_during"
            if not m.source:
                return None  # "عين الجيش خلال اجتماع سنوي أمس قائدا": a meeting that is only when, with no sides
        if trig.pos == "noun" and not hit.suffix and trig.type in STATE_ACTS | {"CONSULT"}:
            # "غارات تركية ضد X", "القصف التركي": the state of the adjective acts; "المباحثات السعودية الروسية":
            # two states talk (one adjective alone qualifies talks, it names no side: "المحادثات السورية")
            states = self._nisba_states(tokens, hit, after_end, mentions)
            nxt_tok = tokens[hit.index + hit.width] if hit.index + hit.width < len(tokens) else None
            first_adjective = nxt_tok is not None and mentions.covering(nxt_tok.start, nxt_tok.end) is None \
                and not mentions.within(nxt_tok.start, nxt_tok.end)
            if trig.type != "CONSULT" and states and (not m.source or first_adjective):
                # ("غارات جوية روسية مواقع المعارضة": the name after the adjectives is what is hit, not who hits)
                m.target = [t for t in (*m.source, *m.target) if t != states[0]]
                m.source = states[:1]
                m.how = "nisba"
            elif trig.type == "CONSULT" and len(states) >= 2:
                m.source = states
                m.how = "nisba"
                m.target = [t for t in m.target if t not in states]
        if plural and trig.pos == "verb" and not trig.participle:
            para.sides_at = s_lo
        if trig.participle and not plural:  # "…، داعيا إيران إلى": the actor of the sentence asks
            actor = self._sentence_actor(doc, tokens, hit, s_lo, para, mentions)
            if not actor:
                return None
            if trig.pos == "noun":  # "عزمه على مقاضاة الجامعة": the genitive is whom it is done to
                actor = [x for x in actor if kinds_of(mentions, x) != "LOC"]  # ("سجن جوانتانامو … مقاضاة")
                if not actor:
                    return None
                m.target = [x for x in (*m.source, *m.target) if x not in actor]
            m.source = actor
            m.how = "actor"
            m.target = [t for t in m.target if t not in actor]
        if not m.source and trig.pos == "verb" and not trig.participle and hit.index > s_lo \
                and tokens[hit.index - 1].norm in PRONOUN_THAT:
            quote = self._quote_at(doc, first.start)  # "وقال أوباما إنه اتصل هاتفيا بالرئيس بوتين": the speaker
            kind = kinds_of(mentions, quote.speaker) if quote is not None and quote.speaker else None
            # (أنه a man or a body; أنها a body or a state, never a man: "قال X إن إيران … وإنها ستطالب")
            if kind is not None and quote.speaker not in m.target \
                    and (tokens[hit.index - 1].norm.endswith("ه") or kind != "PER"):
                m.source, m.how = [quote.speaker], "that_pronoun"
        if not m.source:
            m.source = [] if plural else self._subject_before(doc, tokens, hit, s_lo, mentions, tokens[para.lo].start)
            m.how = "before:" + self.before_how
            if m.how in ("before:poss:sent", "before:poss:quote") and m.source:
                m.source = self._clause_possessor(tokens, hit, s_lo, mentions) or m.source
            if m.how.startswith("before:poss") and m.source and self._accompanied(tokens, hit, s_lo):
                # "X الذي يرافق الوزير في جولته": the tour is the one X goes with, not X's
                who = self._title_referent(tokens, hit.index - 2, mentions)
                m.source = [who] if who is not None and who not in m.source else []
            if not m.source and not plural and trig.pos == "verb":
                m.source = self._represented(tokens, hit, s_lo, mentions)  # "ممثلين عن مجموعة X سيتوجهون"
                m.how = "represented" if m.source else m.how
            host = para.with_source.get(s_lo)
            if m.mode == "visit" and trig.pos == "noun" and hit.suffix in ("ه", "ها", "هم") and host is not None \
                    and host.mode == "host":
                # "استقبل X الوفد …، في إطار زيارته للمملكة": the guest visits, not the host
                m.source = [t for t in host.target if t not in host.source]
                m.how = "guest"
            during = para.with_source.get(s_lo)
            if during is None and trig.type == "CONSULT" and para.talks_at.get(s_lo) is not None \
                    and para.talks_at[s_lo].mode == "visit":
                during = para.talks_at[s_lo]  # "بعد زيارة قام بها ظريف إلى قطر التقى خلالها أمير قطر": the visitor
            visit = para.visit_at.get(s_lo)
            if not m.source and m.mode == "visit" and trig.pos == "noun" and not hit.suffix and visit is not None \
                    and visit.mode == "visit" and hit.index > s_lo \
                    and strip_conj(tokens[hit.index - 1].norm, TOUR_OPENERS) is not None and any(
                        tokens[k].norm in INCLUDES_NOW for k in range(hit.index + 1, min(s_hi, hit.index + 5))):
                m.source = list(visit.source)  # "وصل كيري القاهرة أمس في جولة تشمل قطر": Kerry's tour
                m.how = "tour"
            if not m.source and trig.pos == "verb" and during is not None and hit.index + hit.width < s_hi \
                    and tokens[hit.index + hit.width].norm in DURING_IT:
                m.source = list(during.source)  # "وصل X إلى طهران في زيارة يلتقي خلالها Y": X meets Y
                m.how = "during"
            if trig.mode == "host" and trig.pos == "noun" and hit.suffix and hit.index > s_lo \
                    and (strip_conj(tokens[hit.index - 1].norm, {"في"})
                         or (first.norm[:1] == "ب" and strip_conj(tokens[hit.index - 1].norm, {"كان", "كانت"}))):
                m.source, m.target = m.target, m.source  # "كان في استقباله X", "كان باستقباله X": X received him
                m.greeting = True
            coordinated = hit.conj and hit.index > s_lo and tokens[hit.index - 1].text in "،,"
            before = para.with_source.get(s_lo)
            if not m.source and coordinated and before and not (
                    trig.pos == "verb" and m.target and kinds_of(mentions, m.target[0]) == "PER"
                    and self._right_after(tokens, hit, mentions, m.target[0])):
                # (not "…، وقبل بوتين الدعوة": a person right after the verb is its own subject)
                m.source = list(before.source)  # "رفضت حماس …، وطالبت …": the same subject
                m.how = "coord"
            if not m.source and hit.conj and trig.pos == "verb" and not trig.participle and hit.index > s_lo \
                    and m.target and m.target[0] in m.governed and not self._named_after(tokens, hit, mentions):
                # "وتقود واشنطن تحالفا يشن ضربات على داعش … ويتعاون مع تركيا": a verb joined by و with no
                # subject of its own goes on with the sentence's actor
                m.source = list(before.source) if before else self._opening_subject(doc, tokens, s_lo, hit.index,
                                                                                  mentions)
                m.how = "goes_on"
            told = para.talks_at.get(s_lo)
            if not m.source and trig.type == "CONSULT" and trig.pos == "verb" and told is not None \
                    and hit.index > s_lo and strip_conj(tokens[hit.index - 1].norm, WHERE_OPENERS) is not None \
                    and len(m.target) >= 2 and self._two_parties(doc, tokens, hit, after_end, mentions):
                # "خلال زيارة الوزير فابيوس إلى طهران، إذ سيلتقي الرئيس روحاني والوزير ظريف": the visitor
                # meets the two named after the verb (one name alone may be its own subject: "حيث التقى X Y")
                m.source = [e for e in told.source if e not in m.target]
                m.how = "told"
            if not m.source and trig.pos == "verb" and not plural and hit.index + hit.width < s_hi:
                # "وأكد الرئيس المصري …" with no name: the person whose role it is, named before
                who = self._title_referent(tokens, hit.index + hit.width, mentions)
                if who is not None:
                    m.source = [who]
                    m.how = "title"
                    m.target = [t for t in m.target if t != who]
            if not m.source and trig.pos == "verb" and not plural and hit.index + hit.width + 1 < s_hi:
                state = self._state_body(tokens, hit.index + hit.width, mentions)
                if state is not None:  # "اعتقلت السلطات الإيرانية X", "قصفت القوات الروسية": the state acts
                    m.source, m.how = [state], "state_body"
                    m.target = [t for t in m.target if t != state]
            if not m.source and trig.pos == "verb" and not plural and not trig.participle and trig.type != "CONSULT" \
                    and self._opens_subjectless(doc, tokens, hit, s_lo, mentions):
                # "ونددت الجامعة العربية بالقصف. ودعت الحوثيين إلى …": a verb that opens its sentence with no
                # subject after it goes on with the actor of the sentence before
                m.source = self._continued_actor(doc, tokens, hit, s_lo, para, mentions)
                if not m.source and hit.index == s_lo:  # (else: the person the paragraph is about)
                    m.source = self._dropped_subject(doc, tokens, hit, mentions, tokens[para.lo].start,
                                                     tokens[s_lo].start)
                if len(m.source) == 1 and kinds_of(mentions, m.source[0]) == "PER" \
                        and tokens[hit.index].norm.endswith(("وا", "ون")):
                    m.source = []  # "وطالبوا بالعمل سريعا": a plural verb goes on with no one person
                m.how = "continued" if m.source else m.how
                m.target = [t for t in m.target if t not in m.source]
            if not m.source and m.target and trig.pos == "verb" and not plural and m.target[0] not in m.governed \
                    and not self._oblique_object(tokens, hit, mentions) \
                    and not self._common_subject(tokens, hit, s_lo, mentions):
                m.source = [m.target.pop(0)]  # VSO: the first noun after the verb is its subject
                m.how = "vso"
                kinds = _Kinds(mentions)
                if m.target and kinds.get(m.source[0]) != "PER" and kinds.get(m.target[0]) == "PER" \
                        and self._adjacent(doc, mentions, m.source[0], m.target[0], first.end) \
                        and not (kinds.get(m.source[0]) == "LOC" and self._right_after(tokens, hit, mentions,
                                                                                       m.source[0])):
                    # (a state right after the verb is its subject: "وتدعم إيران حكومة الأسد")
                    m.source = [m.target.pop(0)]  # "دعا نائب حزب المحافظين ديفيد ديفيز": the party is in the title
                    m.how = "vso_title"
            if m.how == "vso" and not m.target and trig.type == "CONSULT" and told is not None and told.source \
                    and hit.index > s_lo and strip_conj(tokens[hit.index - 1].norm, WHERE_OPENERS) is not None \
                    and m.source[0] not in told.source:
                # "ومن المقرر أن يتوجه شكري إلى الدوحة حيث يلتقي أمير قطر": the one who travels meets the one named
                m.source, m.target = list(told.source), m.source
                m.how = "told"
        if not m.source and trig.pos == "verb" and not plural and hit.index + hit.width < s_hi \
                and strip_conj(tokens[hit.index + hit.width].norm, DELEGATIONS) is not None:
            # "وقد زار الفريق مقر المشروع", "أن يلتقي الوفد بوزير الخارجية X": the delegation told before
            m.source = self._delegation(tokens, hit.index + hit.width, mentions)
            m.how = "delegation"
        if trig.pos == "verb" and trig.type != "CONSULT" and not trig.participle and len(m.source) < 2 \
                and m.how.startswith(("before", "dropped", "coord", "continued")) and self._dual_opens(tokens, hit, s_lo) \
                and (self._talks_before(tokens, hit, s_lo, mentions)  # ("خلال لقائه مع نظيره X … واتفقا": its sides)
                     or not any(r.type in ("PER", "ORG") for r in mentions.within(tokens[s_lo].start, first.start))):
            # "والتقى لافروف نظيره كيري. واتفقا على …": a dual verb with no subject named is the two sides of the
            # talks told before, never the one named last (one named in its sentence stays: "وكان X والشركة …،
            # نفيا")
            m.source, m.target = [], []
            m.anaphoric = m.sides = anaphoric = True
        if not (m.source or m.target or anaphoric) and trig.pos == "verb" and self._subject_left_out(tokens, hit, s_lo):
            # "فقد زار في يوليو كلا من …": the subject left out is the person the text is about
            m.source = self._dropped_subject(doc, tokens, hit, mentions, tokens[para.lo].start, tokens[s_lo].start)
            m.how = "dropped"
        if trig.pos == "verb" and not trig.participle and len(m.source) == 1 \
                and m.how in ("before:near", "before:", "dropped", "coord") and self._dual_verb(tokens, hit):
            pair = self._pair_told(para, s_lo)
            if not (pair and m.source[0] in pair):
                pair = self._pair_joined(tokens, hit, s_lo, mentions)
            if pair:
                # "تلقى الملك اتصالين من X وY، استنكرا فيهما", "خلال لقائه مع نظيره … واتفقا": the verb's two
                # are the two of the event just told, not the one named nearest
                m.source, m.how = pair, "dual"
                m.target = [t for t in m.target if t not in pair]
        if trig.type == "ASSAULT":
            self._undergone(tokens, hit, s_lo, mentions, m)
        if m.mode == "phone" and trig.pos == "noun" and not m.target and not m.anaphoric and hit.index > s_lo \
                and tokens[hit.index - 1].norm == "في" \
                and any(self.cues.verb_forms.get(tokens[k].norm) for k in range(s_lo, hit.index - 1)):
            return None  # "أوضح X في اتصال هاتفي لـ«الشرق الأوسط»": an interview, no call between two sides
        if trig.pos == "verb" and m.how.startswith(("before", "coord", "goes_on", "dropped")) \
                and (self._common_antecedent(tokens, hit, s_lo, mentions)
                     or self._joined_in_relative(tokens, hit, s_lo, mentions)):
            m.source = []  # "من ستكون الدولة التي ستستضيف اللقاء": the relative's noun is the subject, no one named
        if m.mode == "host":  # "استقبل X في قصره أبوظبي": a place is where, never the guest
            kinds = _Kinds(mentions)
            places = [x for x in m.target if kinds.get(x) == "LOC" and x not in m.governed]
            m.target = [x for x in m.target if x not in places]
            if m.place is None and places:
                m.place = places[0]
        if m.mode in ("host", "visit"):
            # a building neither travels nor receives: "تغادر المستشفى العماني وتصل الدمام", "استقبل مستشفى X
            # المراجعين" tell of no visitor and no host
            m.source = [x for x in m.source if not self._facility(mentions, x)]
        if m.mode == "visit":
            # a place does not visit: "بأنها زارت جزر موريشيوس" left the visitor unnamed
            kinds = _Kinds(mentions)
            places = [x for x in m.source if kinds.get(x) == "LOC"]
            m.source = [x for x in m.source if x not in places]
            if m.place is None and places:
                m.place = places[0]
            if trig.pos == "verb" and self._reaches_amount(doc, tokens, hit, s_hi):
                return None  # "وتصل الأسعار إلى 15 ألف": an amount reaches a figure, nobody travels
        if trig.pos == "noun" and self._attended(tokens, hit, s_lo, mentions):
            # "وحضر اللقاء السفير X": who attended, not who met; "وحضر مراسم تسليم المساعدات X" the same
            m.source, m.target = [], []
        if trig.type == "CONSULT" and trig.pos == "noun" and any(
                strip_conj(tokens[k].norm, BOYCOTT) is not None for k in range(max(s_lo, hit.index - 10), hit.index)):
            return None  # "وقاطع الائتلاف المحادثات التي جرت في موسكو": who boycotts does not take part
        if m.place is None:  # "خطط لدى موسكو لاستضافة اجتماع"
            k = hit.index
            while k > max(s_lo, hit.index - 3) and tokens[k - 1].text not in CLAUSE_MARKS:
                k -= 1
            near = [r for r in mentions.within(tokens[k].start, first.start)
                    if r.type == "LOC" and self._after_place_word(tokens, r) and not is_nisba(ref_text(doc, r))]
            m.place = near[-1].entity if near else None
        if m.place is None and trig.type == "CONSULT" and m.mode != "visit" and m.participants:
            m.place = self._place_after_date(tokens, hit, s_hi, mentions)
        if plural:  # "ورحب الوزراء بـX": the sides act on X (filled in when merging)
            m.source = []
        elif anaphoric:  # "بحث الطرفان مهمة …": the sides are those of the event talked about
            m.source, m.target = [], []
        if trig.type in SYMMETRIC and (anaphoric or not (m.source or m.target)):
            sides = self._named_sides(tokens, hit, s_lo, s_hi, mentions)  # (past a quoted word: «تقنية»)
            if sides:  # "عقد الجانبان السعودي والمصري اجتماعا": the sides are named, not only referred to
                m.source, m.target, m.how = sides, [], "named_sides"
                m.anaphoric = m.sides = False
        quote = self._quote_at(doc, first.start)
        if quote and quote.speaker and hit.suffix == "نا":
            m.source.insert(0, quote.speaker)  # "لقاؤنا" in a speaker's words: the speaker took part
        m.source = list(dict.fromkeys(m.source))
        m.target = [t for t in dict.fromkeys(m.target) if t not in m.source]
        named = self._document_places(tokens, s_lo, s_hi, m.participants | set(m.more_places) | {m.place} - {None},
                                      mentions)
        if named:  # "زار 5 دول موقعة على وثيقة روما": Rome names the statute, nobody went there
            m.source = [x for x in m.source if x not in named]
            m.target = [x for x in m.target if x not in named]
            m.more_places = [x for x in m.more_places if x not in named]
            if m.place in named:
                m.place, m.destination = (m.more_places.pop(0), m.destination) if m.more_places else (None, False)
        roles = self._role_bodies(tokens, s_lo, s_hi, m.participants, mentions)
        if roles:
            # "تفقد الفريق X رئيس هيئة الأركان …", "التقى الأمين بعضو فريق تطوير وزارة الشؤون البلدية د. Y": the
            # body is where a person works, not a side; with no other side left, there is no sure side at all
            m.source = [x for x in m.source if x not in roles]
            m.target = [x for x in m.target if x not in roles]
            if not (m.participants or m.anaphoric or (m.mode == "visit" and m.destination)):
                return None
            if not m.participants:  # "تقوم وزيرة خارجية الاتحاد الأوروبي … بزيارة إلى المملكة": the visit stays,
                m.how = "titled"  # its visitor the holder of the title, whom the recogniser did not name
        if trig.type == "ACCUSE" and self._accused_of(tokens, hit, s_hi, mentions):
            return None  # "590 شخصا متهمين بالارتباط بداعش", "واتهما بالإعداد": who is accused, by no one named
        if trig.pos == "verb" and self._event_antecedent(tokens, hit, s_lo):
            return None  # "الأمر الذي دفع بقوات التحالف إلى الرد", "مما يهدد الأمن": what happened does it
        if trig.type in SPEECH_ACTS | {"COOPERATE", "ASSAULT"}:
            seats = self._seats(tokens, s_lo, s_hi, m.participants, mentions)
            if seats:  # "أدانت رابطة العالم الإسلامي بمكة المكرمة", "وصلت السفينة ميناء عدن بالتنسيق مع": where
                m.source = [x for x in m.source if x not in seats]  # a side is or comes from, not a side
                kept = [x for x in m.target if x not in seats]
                # (a place is what a strike hits: "قصف موقع X"; an act that needs someone it is for keeps the
                # place rather than vanish: "أعرب عن إدانته للتفجير الذي استهدف مسجدا بمنطقة عسير")
                if trig.type != "ASSAULT" and (kept or not trig.needs_target):
                    m.target = kept
        if trig.pos == "noun" and m.source and m.how in ("before:near", "before:") \
                and self._no_side_before(tokens, hit, s_lo):
            # "وهي الأولى بين X وY منذ توقيع الاتفاقية مع إيران": the agreement is when, not theirs;
            # "بعث بوتين رسالة إلى المشاركين في الاجتماع": he wrote to those who met
            m.source = []
            if not (m.target or m.anaphoric):
                return None
        if trig.type == "AGREE" and trig.pos == "verb" and hit.index + 1 < s_hi \
                and self._common_antecedent(tokens, hit, s_lo, mentions) \
                and (tokens[hit.index + 1].norm in WHEN_WHERE or mentions.in_date(tokens[hit.index + 1].start)):
            return None  # "الاتفاق النووي الذي أبرم في 14 يوليو …": when it was made, not by whom (the noun tells it)
        if trig.type == "AGREE" and trig.pos == "verb" and self._agreed_view(tokens, hit, s_hi, mentions):
            return None  # "واتفق الوزراء على أن الخطة ستسهم في …": a view they share, no agreement made
        if trig.type in STANCES and trig.pos == "verb" and m.source and not m.target:
            state = self._object_state(tokens, hit, after_end, mentions)
            if state is not None and state not in m.source:
                m.target = [state]  # "أشاد الجبير بالموقف المصري", "ورفضت إيران الاتهامات السعودية": the state's
            else:
                doer = self._object_doer(tokens, hit, s_hi, mentions)
                if doer is not None and doer not in m.source:
                    m.target = [doer]  # "أعرب X عن تقديره للدور الذي تضطلع به دول المجلس": the council's role
        if trig.type in SPEECH_ACTS and trig.pos == "verb" and DAMMA in first.text[:4]:
            return None  # "طُلب من X": a passive names who was asked, not who asked
        if trig.type in SPEECH_ACTS and (
                (hit.index > s_lo and tokens[hit.index - 1].norm in ALTERNATIVES)
                or (hit.index + hit.width < s_hi and tokens[hit.index + hit.width].norm in ALTERNATIVES)):
            return None  # "لاتخاذ قرار بشأن قبول أو رفض الاتفاق": a choice still to make, no act
        if m.mode == "host" and trig.pos == "verb" and self._receives_things(tokens, hit, s_hi, mentions):
            return None  # "أصبحت عدن تستقبل بشكل طبيعي المساعدات": things come in, no one is received
        if trig.type == "REQUEST" and trig.pos == "verb" and after_words & self.lex.greeting_words:
            return None  # "وفي ختام اللقاء طلب الرئيس X نقل تحياته إلى الملك": greetings, nothing asked for
        if trig.type == "APPEAL" and trig.pos == "noun" and strip_conj(first.norm, INVITATION) is not None \
                and any(tokens[k].norm in self.lex.handing_verbs for k in range(max(s_lo, hit.index - 6), hit.index)):
            return None  # "وسلم الرئيس X الدعوة لولي العهد": an invitation handed on; the visit it asks is the event
        if trig.genitive_actor and not self._genitive_then_lam(doc, tokens, hit, mentions, m):
            return None  # "دعم الجهود", "دعم إيران للإرهاب": no one named supports someone named
        if trig.type == "APPEAL" and trig.pos == "verb" and any(
                tokens[k].norm in VISIT_ASKED for k in range(hit.index + hit.width, min(s_hi, hit.index + 7))):
            return None  # "دعا X لزيارة روما": an invitation, told as the visit it asks for
        if trig.type == "APPEAL" and trig.pos == "verb" and self._asks_a_visit(tokens, hit, s_hi):
            return None  # "ودعا الملك سلمان بن عبدالعزيز الرئيس الروسي فلاديمير بوتين لزيارة المملكة": the same
        if trig.needs_source:
            if hit.width == 1 and trig.rest and hit.resume - len(trig.rest) > hit.index + 1:
                # the phrase matched with words between: a name there is its subject, not what is struck
                # ("قامت القوات المسلحة باستهداف مقر", "تقوم فيه قوات التحالف باستهداف خطوط الإمداد")
                gap = [r.entity for r in mentions.within(tokens[hit.index + 1].start,
                                                         tokens[hit.resume - len(trig.rest)].start)]
                if gap:
                    m.source = list(dict.fromkeys(gap))
                    m.target = [t for t in m.target if t not in m.source]
                    m.how = "gap"
                elif any(t.kind == "word" and t.norm not in self.lex.adverbs and t.norm not in PARTICLES
                         and t.norm not in GAP_FILLERS and not mentions.in_date(t.start)
                         for t in tokens[hit.index + 1:hit.resume - len(trig.rest)]):
                    return None  # "قامت عناصر الشرطة باعتقال X", "قام انتحاري بتفجير نفسه": an unnamed subject
            if not m.source:
                return None  # "قامت انتحاريتان بتفجير نفسيهما في …", "قام مسلحون بمهاجمة": no one named acts
        if trig.type in SPEECH_ACTS and trig.pos == "verb" and not m.source and not m.sides:
            return None  # "اتفاق يهدد أمن المنطقة": an appeal, a threat, a praise needs someone who makes it
        if trig.type in SPEECH_ACTS and trig.pos == "noun" and hit.suffix == "نا" and not m.target:
            return None  # "أملنا ودعوتنا للأطراف المعنية": a speaker's own call to no one named
        if trig.needs_target and not m.target:
            return None  # "أعرب عن ارتياحه لنتائج الزيارة": thanks for a thing name no one they are for
        if trig.needs_two and not m.sides and len(m.participants) < 2:
            return None  # "تدفعنا إلى العمل سويا", "تمكن بمعاونة بعض معارفه": no one named to work with
        if trig.type == "COOPERATE" and not m.source and not m.sides:
            return None  # "برنامج تم تطويره بالتعاون مع جامعة X": with whom is said, who cooperates is not
        if trig.type == "ASSAULT" and m.source and all(kinds_of(mentions, x) == "PER" for x in m.source):
            return None  # "وشن مارادونا هجوما على الفيفا": a person's attack is in words
        if not (m.source or m.target or m.place) and not m.anaphoric and trig.type != "CONSULT":
            return None
        m.date, m.interval = self._date(doc, tokens, hit, s_lo, mentions)
        m.status = self._status(tokens, hit, s_lo, s_hi)
        if m.how == "purpose" and m.status == "happened":
            m.status = "planned"  # "وصل X للقاء Y": what the visit is for, still to come when it is told
        if m.mode == "visit" and trig.pos == "noun" and m.status == "happened" and m.destination and any(
                tokens[k].norm in INCLUDES_NOW for k in range(hit.index + hit.width, min(s_hi, hit.index + hit.width + 4))):
            m.status = "planned"  # "في جولة تشمل أيضا قطر": the stops it includes are still to come
            m.sibling = hit.index + 1  # a stop of its own, not the visit to where the tour began
        if trig.genitive_actor and m.status == "happened":
            m.status = "ongoing"  # "دعم موسكو للأسد": a stance that holds
        if m.mode == "visit" and tokens[hit.index].norm in VISIT_ASKED:
            self._invited(doc, tokens, hit, s_lo, mentions, m)
        if m.status == "hypothetical" and m.mode == "visit" and hit.index > s_lo and tokens[hit.index].norm in VISIT_ASKED \
                and any(strip_conj(tokens[k].norm, INVITATION) is not None or strip_conj(tokens[k].norm, INVITE_VERBS) is not None
                        for k in range(max(s_lo, hit.index - 6), hit.index)):
            m.status = "planned"  # "دعا روحاني لزيارة روما", "قبل دعوة لزيارة": an invited visit is planned
        if m.status == "denied" and trig.pos == "noun" and self._annexed_to_name(tokens, hit, s_hi, mentions) \
                and hit.index > s_lo and strip_conj(tokens[hit.index - 1].norm, TIME_FRAMES) is not None:
            m.status = "happened"  # "لم يبق منهم سوى 300 قبل هجوم تنظيم داعش عليها": the attack is a time, it was
        if m.status == "denied" and trig.pos == "noun" and ("ال" in first.prefix or hit.suffix or (
                self._annexed_to_name(tokens, hit, s_hi, mentions) and hit.index > s_lo
                and strip_conj(tokens[hit.index - 1].norm, OCCASION_FRAMES) is not None)) \
                and trig.type != "DENY" \
                and not any(strip_conj(tokens[k].norm, self.lex.denial_words) is not None
                            for k in range(max(s_lo, hit.index - 10), hit.index)):
            # "لم تشارك إيطاليا في المحادثات", "لم يتطرق البيان إلى المباحثات", "دون الحاجة إلى زيارتها": a
            # talk already known that someone did not join or speak of, a visit no one needs; the negation is of
            # another act and the noun tells no event (a denial, "نفى زيارته", is kept)
            return None
        if m.status == "denied" and trig.pos == "noun" and not hit.suffix and "ال" not in first.prefix \
                and hit.index > s_lo and strip_conj(tokens[hit.index - 1].norm, NEGATED_COPULA) is not None:
            return None  # "الزيارة كانت لأداء العمرة، ولم تكن زيارة رسمية": what a known one was not, no event
        m.earlier = self._pluperfect(tokens, hit, s_lo)
        m.sentence = s_lo
        if hit.index > s_lo:
            m.occasion = strip_conj(tokens[hit.index - 1].norm, WHILE) is not None
            m.sequenced = strip_conj(tokens[hit.index - 1].norm, SEQUENCE) is not None or (
                hit.index - 1 > s_lo and tokens[hit.index - 1].norm == "ان"
                and strip_conj(tokens[hit.index - 2].norm, SEQUENCE) is not None)  # "بعد أن أبرمت واشنطن اتفاقا"
        if trig.pos == "noun" and m.status in ("happened", "planned") and not hit.future and (
                (hit.index + hit.width < s_hi and tokens[hit.index + hit.width].norm in LAST_AFTER
                 and ("ال" in first.prefix or hit.suffix))
                or (hit.index > s_lo and strip_conj(tokens[hit.index - 1].norm, LAST_BEFORE) is not None)):
            # "يتذكر زيارته الأخيرة إلى الرياض", "وآخر زيارة إلى دمشق": one that happened before, not the one to come
            m.status, m.earlier = "happened", True
        if trig.only_prefix and (m.status == "hypothetical" or any(
                (other := self._trigger_at(tokens, k, hit.index, mentions)) is not None
                and other.trig.type in ASKING for k in range(max(s_lo, hit.index - 14), hit.index))):
            return None  # "يطالب القرار الحكومة بالتعاون مع الخبراء": what is asked for, not done
        if m.source and trig.pos == "verb" and not (hit.index > s_lo and tokens[hit.index - 1].norm in RELATIVES):
            # the actor of the sentence (a noun's genitive is not, nor the subject of a relative clause: "تحفظت
            # قطر على موقف الجامعة التي استنكرت القصف، مؤكدة دعمها" is Qatar's support)
            para.with_source[s_lo] = m
        if m.source and trig.type == "CONSULT":
            para.talks_at[s_lo] = m
            if m.mode == "visit":
                para.visit_at[s_lo] = m
        return m

    def _escorted(self, tokens: list[Token], hit: TriggerHit, s_lo: int, mentions: MentionIndex) -> str | None:
        """The person named right before "في/خلال زيارته" after a title with ل or ب ("الصحافيين المرافقين لوزير
        الدفاع الأمريكي أشتون كارتر في زيارته إلى العراق", "الوفد المرافق للرئيس X خلال زيارته"): it is his."""
        if hit.index - 2 <= s_lo or strip_conj(tokens[hit.index - 1].norm, ESCORT_LINKS) is None:
            return None
        ref = mentions.ending_at(tokens[hit.index - 2].end)
        if ref is None or ref.type != "PER":
            return None
        k = bisect_right(tokens, ref.start, key=_START) - 1
        heads = self.lex.role_heads
        if any(tokens[q].norm[:1] in "لب" and _role_head_word(tokens[q].norm, heads)
               for q in range(max(s_lo, k - ROLE_CHAIN), k + 1)):
            return ref.entity
        return None

    def _receives_things(self, tokens: list[Token], hit: TriggerHit, s_hi: int, mentions: MentionIndex) -> bool:
        """Whether what a host verb receives, in the few words after it and before any name, is things
        (`not_guests`: المساعدات، الطلبات، الشحنات …)."""
        for t in tokens[hit.index + hit.width:min(s_hi, hit.index + hit.width + GUEST_REACH)]:
            if t.text in CLAUSE_MARKS or mentions.covering(t.start, t.end) is not None or mentions.within(t.start, t.end):
                return False
            if t.norm in self.lex.not_guests or strip_conj(t.norm, self.lex.not_guests) is not None:
                return True
        return False

    @staticmethod
    def _subject_right_before(tokens: list[Token], hit: TriggerHit, mentions: MentionIndex) -> bool:
        """Whether a person or an organisation ends right before the verb, or before "قد" right before it
        ("وكان الجبير قد التقى", "والجبير التقى"): the verb's subject, named before it."""
        k = hit.index - 1
        if k >= 0 and tokens[k].norm in ("قد", "لقد"):
            k -= 1
        if k < 0 or hit.conj and k == hit.index - 1:
            return False  # "والتقى": a verb with و opens its own clause
        ref = mentions.ending_at(tokens[k].end)
        return ref is not None and ref.type in ("PER", "ORG")

    @staticmethod
    def _asks_a_visit(tokens: list[Token], hit: TriggerHit, s_hi: int) -> bool:
        """Whether "لزيارة/بزيارة" follows the verb in its clause, past a long subject and object (an invitation)."""
        for t in tokens[hit.index + hit.width:min(s_hi, hit.index + INVITATION_REACH)]:
            if t.text in CLAUSE_MARKS:
                return False
            if t.norm in VISIT_ASKED:
                return True
        return False

    @staticmethod
    def _common_antecedent(tokens: list[Token], hit: TriggerHit, s_lo: int, mentions: MentionIndex) -> bool:
        """Whether the verb opens a relative clause on a common noun ("الدولة التي ستستضيف", "الجهات التي
        تدعم"): its subject is that noun, whoever the sentence names elsewhere."""
        if hit.index - 2 < s_lo or tokens[hit.index - 1].norm not in RELATIVES:
            return False
        t = tokens[hit.index - 2]
        return t.kind == "word" and mentions.covering(t.start, t.end) is None and not mentions.within(t.start, t.end)

    @staticmethod
    def _joined_in_relative(tokens: list[Token], hit: TriggerHit, s_lo: int, mentions: MentionIndex) -> bool:
        """A verb joined by و to the verb of a relative clause on a common noun ("والأعراف الدولية التي تمنع
        وترفض كل تدخل"): it shares that noun for subject, as `_common_antecedent`."""
        k = hit.index - 2
        if not hit.conj or k - 1 < s_lo or tokens[hit.index - 1].kind != "word" \
                or strip_conj(tokens[k].norm, RELATIVES) is None:
            return False
        t = tokens[k - 1]
        return t.kind == "word" and mentions.covering(t.start, t.end) is None and not mentions.within(t.start, t.end)

    @staticmethod
    def _clause_possessor(tokens: list[Token], hit: TriggerHit, s_lo: int, mentions: MentionIndex) -> list[str]:
        """The person named right after أن/إن, before a possessed event noun of the clause: its possessor, not
        the sentence's reporter ("وقالت مصادر في الاتحاد الأوروبي إن موغريني ستؤكد خلال لقاءاتها",
        "وأوضح المتحدث أن دي ميستورا سيرفع توصياته … محصلة مشاوراته"); none there, nothing to change."""
        k = hit.index - 1
        while k > s_lo and tokens[k].norm not in THAT and tokens[k].text not in SENTENCE_END:
            k -= 1
        if k <= s_lo or tokens[k].norm not in THAT or hit.index - k > POSSESSOR_CLAUSE_REACH:
            return []
        people = [r for r in mentions.within(tokens[k].end, tokens[hit.index].start) if r.type == "PER"]
        return [people[0].entity] if people else []  # the clause's subject, first after أن

    @staticmethod
    def _annexed_to_name(tokens: list[Token], hit: TriggerHit, s_hi: int, mentions: MentionIndex) -> bool:
        """Whether an event noun is definite by a name annexed to it ("خلال زيارة كارتر"): one already known."""
        k = hit.index + hit.width
        return k < s_hi and mentions.covering(tokens[k].start, tokens[k].end) is not None

    @staticmethod
    def _no_side_before(tokens: list[Token], hit: TriggerHit, s_lo: int) -> bool:
        """Whether an event noun takes no side from the names before it: an agreement signed as a time ("منذ
        توقيع الاتفاقية مع إيران"), a meeting of those one writes to ("إلى المشاركين في الاجتماع")."""
        if hit.index - 1 < s_lo or hit.suffix:
            return False
        prev = tokens[hit.index - 1].norm
        if hit.trig.type == "AGREE" and strip_conj(prev, BACKGROUND_PREPS) is not None:
            return True
        return hit.trig.type == "CONSULT" and prev == "في" and hit.index - 2 >= s_lo \
            and strip_conj(tokens[hit.index - 2].norm, ADDRESSEES) is not None

    def _dual_verb(self, tokens: list[Token], hit: TriggerHit) -> bool:
        """Whether a one-word verb trigger is a dual ("استنكرا", "اتفقا", "اتفقتا"): without its ending, a
        verb of the same type."""
        form = strip_conj(tokens[hit.index].norm, self.lex.first_words) or tokens[hit.index].norm
        if hit.width != 1 or not form.endswith("ا") or form.endswith(("وا", "ها")):  # (not "اتهمها")
            return False
        base = form[:-2] if form.endswith("تا") else form[:-1]
        return any(t.type == hit.trig.type and t.pos == "verb" and not t.rest
                   for t in self.lex.first_words.get(base, ()))

    @staticmethod
    def _pair_joined(tokens: list[Token], hit: TriggerHit, s_lo: int, mentions: MentionIndex) -> list[str]:
        """The last two people named before the verb in its sentence when و joins them ("من الملك X ملك
        البحرين، والملك Y عاهل الأردن، استنكرا"): a dual verb's two."""
        people = [r for r in mentions.within(tokens[s_lo].start, tokens[hit.index].start) if r.type == "PER"]
        if len(people) < 2 or people[-1].entity == people[-2].entity:
            return []
        a, b = people[-2], people[-1]
        lo = bisect_left(tokens, a.end, key=_START)
        hi = bisect_left(tokens, b.start, key=_START)
        joined = any(tokens[k].norm[:1] == "و" and tokens[k].kind == "word" for k in range(lo, min(hi + 1, len(tokens)))
                     if tokens[k].start <= b.start)
        return [a.entity, b.entity] if joined else []

    @staticmethod
    def _pair_told(para: _Paragraph, s_lo: int) -> list[str]:
        """The two sides of the talks (else the act) told last in the sentence, when they are two."""
        for told in (para.talks_at.get(s_lo), para.with_source.get(s_lo)):
            if told is None:
                continue
            if len(told.source) == 2:
                return list(told.source)
            sides = list(dict.fromkeys([*told.source, *told.target]))
            if len(sides) == 2:
                return sides
        return []

    @staticmethod
    def _accompanied(tokens: list[Token], hit: TriggerHit, s_lo: int) -> bool:
        """Whether a possessed noun follows "يرافق <title> في/خلال" ("الذي يرافق الوزير في جولته"): its
        possessor is the one accompanied."""
        return hit.index - 3 >= s_lo and strip_conj(tokens[hit.index - 1].norm, ESCORT_LINKS) is not None \
            and tokens[hit.index - 2].kind == "word" and "ال" in tokens[hit.index - 2].prefix \
            and strip_conj(tokens[hit.index - 3].norm, ACCOMPANY_VERBS) is not None

    @staticmethod
    def _event_antecedent(tokens: list[Token], hit: TriggerHit, s_lo: int) -> bool:
        """Whether the verb's subject is a happening, not an actor: "مما يهدد …", "وهو ما دعا الحكومة إلى …"
        (prompted), "الأمر الذي دفع بقوات التحالف إلى الرد"; or anyone at all: "أي اعتداء أو مساس يهدد أمن …"."""
        if hit.index - 1 < s_lo:
            return False
        prev = tokens[hit.index - 1].norm
        if strip_conj(prev, EVENT_RELATIVES) is not None:
            return True
        for k in range(hit.index - 1, max(s_lo, hit.index - 5) - 1, -1):  # "أي اعتداء أو مساس يهدد أمن الدول"
            if tokens[k].kind != "word":
                break
            if strip_conj(tokens[k].norm, ANY_WORDS) is not None:
                return True  # any one at all: a rule stated, no act
        before = tokens[hit.index - 2].norm if hit.index - 2 >= s_lo else ""
        return (prev == "ما" and strip_conj(before, EVENT_PRONOUNS) is not None) \
            or (prev == "الذي" and strip_conj(before, EVENT_ANTECEDENTS) is not None)

    @staticmethod
    def _accused_of(tokens: list[Token], hit: TriggerHit, s_hi: int, mentions: MentionIndex) -> bool:
        """Whether a form of "accuse" is passive or an adjective: a ب-noun right after it, no name between
        ("واتهما بالإعداد لأعمال", "شخصا متهمين بالارتباط بداعش"); "اتهمت باكستان" is a name, active."""
        k = hit.index + hit.width
        if hit.width != 1 or hit.suffix or k >= s_hi or strip_conj(tokens[hit.index].norm, ACCUSED_FORMS) is None:
            return False
        t = tokens[k]
        return t.kind == "word" and t.norm.startswith("ب") and len(t.norm) > 3 and t.norm not in NOT_A_CHARGE \
            and mentions.covering(t.start, t.end) is None and not mentions.within(t.start, t.end)

    def _seats(self, tokens: list[Token], s_lo: int, s_hi: int, ids: set[str], mentions: MentionIndex) -> set[str]:
        """Participants that the sentence names only as where someone or something is: after a site noun
        ("ميناء عدن", "موقع العروس", "بوسط انجلترا"). (Not a place glued to ب after a name, "رابطة العالم
        الإسلامي بمكة": it is as often the object of the verb, "أشاد الوزير بالسعودية".)"""
        if not ids:
            return set()
        seen: dict[str, bool] = {}
        for ref in mentions.within(tokens[s_lo].start, tokens[s_hi - 1].end):
            if ref.entity not in ids:
                continue
            seat = False
            if ref.type == "LOC":
                k = bisect_right(tokens, ref.start, key=_START) - 1  # the token the name is in
                if k > s_lo:
                    prev = tokens[k - 1]
                    site = prev.norm[1:] if prev.norm[:1] in ("ب", "و") else prev.norm  # "بوسط انجلترا"
                    seat = prev.kind == "word" and (prev.norm in SITE_NOUNS or site in SITE_NOUNS)
            seen[ref.entity] = seen.get(ref.entity, True) and seat
        return {e for e, seat in seen.items() if seat}

    def _invited(self, doc: Document, tokens: list[Token], hit: TriggerHit, s_lo: int, mentions: MentionIndex,
                 m: EventMention) -> None:
        """A visit asked by an invitation before it ("نقل X دعوة من الملك Y إلى الرئيس Z لزيارة المملكة"): it is
        still to come, and the one it is from (after "دعوة من") invites, he is no visitor."""
        for k in range(hit.index - 1, max(s_lo, hit.index - INVITATION_REACH) - 1, -1):
            if strip_conj(tokens[k].norm, INVITE_VERBS) is not None and len(m.source) > 1:
                # "دعا الملك X الرئيس Y لزيارة المملكة": X, named right after the verb, invites; Y visits
                ref = next(iter(mentions.within(tokens[k].end, tokens[hit.index].start)), None)
                if ref is not None and ref.entity == m.source[0]:
                    m.source = m.source[1:]
                    if m.status == "happened":
                        m.status = "planned"
                return
            if strip_conj(tokens[k].norm, INVITATION) is None:
                continue
            if m.status == "happened":
                m.status = "planned"
            if k + 2 < hit.index and tokens[k + 1].norm == "من":
                ref = next(iter(mentions.within(tokens[k + 2].start, tokens[hit.index].start)), None)
                if ref is not None and ref.entity in m.source and len(m.participants) > 1:
                    m.source = [e for e in m.source if e != ref.entity]
            return

    def _role_bodies(self, tokens: list[Token], s_lo: int, s_hi: int, ids: set[str],
                     mentions: MentionIndex) -> set[str]:
        """The organisations and cities among `ids` that the sentence names only inside one person's title (the
        genitive of "رئيس"، "وكيل"، "عضو" …, past a few nouns of the construct: "عضو فريق استراتيجية تطوير وزارة
        X", "المتحدث باسم وزارة X", "أمين منطقة الرياض")."""
        out: set[str] = set()
        if not ids or s_hi <= s_lo:
            return out
        lo, hi = tokens[s_lo].start, tokens[s_hi - 1].end
        for x in ids:
            entity = mentions.entities.get(x)
            if entity is None or entity.type == "PER" or (entity.type == "LOC" and entity.actor is not None
                                                          and entity.actor.count(".") < 2):
                continue  # a state in a title may stand for its unnamed holder ("وزير خارجية مصر"); a region does not
            refs = [r for r in mentions.within(lo, hi) if r.entity == x]
            if refs and all(self._after_role_head(tokens, r.start, s_lo) for r in refs):
                out.add(x)
        return out

    def _document_places(self, tokens: list[Token], s_lo: int, s_hi: int, ids: set[str],
                         mentions: MentionIndex) -> set[str]:
        """The places among `ids` that the sentence names only right after a document's noun ("ميثاق روما"،
        "وثيقة روما"، "اتفاقية جنيف"، "إعلان القاهرة"): part of the document's name, no side."""
        out: set[str] = set()
        if not ids or s_hi <= s_lo:
            return out
        lo, hi = tokens[s_lo].start, tokens[s_hi - 1].end
        for x in ids:
            if kinds_of(mentions, x) != "LOC":
                continue
            refs = [r for r in mentions.within(lo, hi) if r.entity == x]
            if refs and all((k := bisect_right(tokens, r.start, key=_START) - 1) > s_lo
                            and tokens[k].start == r.start and tokens[k - 1].norm in self.lex.document_nouns
                            for r in refs):
                out.add(x)
        return out

    def _facility(self, mentions: MentionIndex, entity_id: str) -> bool:
        """Whether an organisation is a building by name ("مستشفى الملك فهد", "مطار الملك خالد")."""
        entity = mentions.entities.get(entity_id)
        if entity is None or entity.type != "ORG" or not entity.name:
            return False
        first = norm(entity.name.split()[0])
        return first in self.lex.facility_heads or first.removeprefix("ال") in self.lex.facility_heads

    def _after_role_head(self, tokens: list[Token], start: int, s_lo: int) -> bool:
        k = bisect_right(tokens, start, key=_START) - 1  # the token the mention starts in ("لوزارة": at its ل)
        heads = self.lex.role_heads
        for q in range(k - 1, max(s_lo, k - ROLE_CHAIN) - 1, -1):
            t = tokens[q]
            if t.kind != "word":
                return False
            bare = t.norm.lstrip("وف")
            bare = bare[2:] if bare.startswith("ال") else bare
            if bare in heads or (bare[:1] in "بل" and bare[1:] in heads):  # "بعضو فريق …"
                return True
            if _role_head_word(t.norm, heads):  # "وزيرة خارجية الاتحاد": the و is the word's own
                return True
            if t.norm in TITLE_BA:
                continue  # "المتحدث باسم وزارة الخارجية"
            if "ال" in t.prefix and bare not in ("عام", "عامه"):
                return False  # a definite noun ends the construct ("المدير العام لـ" goes on past "العام")
        return False

    def _nisba_states(self, tokens: list[Token], hit: TriggerHit, end: int, mentions: MentionIndex) -> list[str]:
        """The countries named by the relative adjectives right after an event noun ("الغارات الجوية التركية",
        "المباحثات السعودية الروسية"), when the text names them as places (تركية -> تركيا, الروسية -> روسيا)."""
        found: list[str] = []
        for j in range(hit.index + hit.width, min(end, hit.index + hit.width + 3)):
            t = tokens[j]
            ref = mentions.covering(t.start, t.end)
            if ref is not None and ref.type == "LOC" and (ref.start, ref.end) == (t.start, t.end) \
                    and nisba_stem(t.norm) is not None:
                found.append(ref.entity)  # "السعودية" taken for the country's name
                continue
            if t.kind != "word" or ref is not None:
                break
            stem = nisba_stem(t.norm)
            if stem is None:
                if found or t.norm not in NOUN_QUALIFIERS:
                    break
                continue  # "الغارات الجوية التركية"
            country = next((e.id for e in mentions.entities.values() if e.type == "LOC"
                            and stem in country_stems(e.name)), None)
            if country is None:
                break
            found.append(country)
        return list(dict.fromkeys(found))

    def _purpose_of_visit(self, tokens: list[Token], hit: TriggerHit, s_lo: int, para: _Paragraph,
                          m: EventMention) -> None:
        """"وصل ظريف إلى بيروت للقاء رئيس الوزراء تمام سلام": a talks noun under ل (in order to) after a visit told
        in its sentence is the visitor's meeting with whom it names, not its genitive's own talks."""
        visit = para.with_source.get(s_lo)
        if visit is None or visit.mode != "visit" or not visit.source or hit.index <= s_lo:
            return
        reading = trigger_reading(tokens[hit.index], self.lex)
        if reading is None or reading[4].lstrip("وف") != "ل":
            return
        named = [x for x in (*m.source, *m.target) if x not in visit.source]
        if named:
            m.source, m.target, m.how = list(visit.source), named, "purpose"

    def _taking_part(self, doc: Document, tokens: list[Token], hit: TriggerHit, s_lo: int,
                     mentions: MentionIndex) -> list[str]:
        """"وشارك وزير الخارجية X في اجتماع …", "يشارك X في القمة": the subject of a verb of taking part right
        before "في" + the talks noun (only its subject between them) is a side of the talks."""
        if hit.index - 2 < s_lo or strip_conj(tokens[hit.index - 1].norm, {"في"}) is None:
            return []
        k = hit.index - 2
        while k >= max(s_lo, hit.index - 2 - LIGHT_REACH):
            t = tokens[k]
            if strip_conj(t.norm, TAKING_PART) is not None:
                break
            if t.text in CLAUSE_MARKS or t.text in SENTENCE_END or self.cues.is_complementizer(t.norm):
                return []
            k -= 1
        else:
            return []
        refs = [r for r in mentions.within(tokens[k].end, tokens[hit.index - 1].start)
                if r.type in ("PER", "ORG", "LOC") and not _lam_ref(doc, r)]
        people = [r.entity for r in refs if r.type == "PER"]
        return people[:1] or [r.entity for r in refs[:1]]

    def _on_sidelines(self, tokens: list[Token], k: int, lo: int) -> bool:
        """Whether token k is in "على هامش (أعمال) القمة": the occasion between a verb and its ب-object."""
        word = tokens[k].norm
        if word == ON:  # only "على هامش"
            return k + 1 < len(tokens) and tokens[k + 1].norm in SIDELINES
        return (word in SIDELINE_WORDS and k > lo and (tokens[k - 1].norm == ON or tokens[k - 1].norm in SIDELINES)) \
            or (self._sidelines(tokens, k, lo)
                                          and match_trigger(tokens, k, k + 1, self.lex) is not None)

    @staticmethod
    def _represented(tokens: list[Token], hit: TriggerHit, s_lo: int, mentions: MentionIndex) -> list[str]:
        """"إن ممثلين عن مجموعة ميديف سيتوجهون إلى إيران", "مسؤولون أمنيون من البلدين": the subject before the verb
        is the representatives or officials of a body or state named after عن/من: that body or state acts."""
        for k in range(hit.index - 1, max(s_lo, hit.index - 10) - 1, -1):
            t = tokens[k]
            if t.text in CLAUSE_MARKS or t.text in SENTENCE_END:
                return []
            if strip_conj(t.norm, REPRESENTATIVES) is None:
                continue
            q = k + 1
            if q < hit.index and tokens[q].norm not in ("عن", "من") and nisba_stem(tokens[q].norm) is not None:
                q += 1  # "مسؤولون أمنيون من …"
            if q + 1 >= hit.index or tokens[q].norm not in ("عن", "من"):
                return []
            nxt = tokens[q + 1]
            ref = mentions.covering(nxt.start, nxt.end) or next(iter(mentions.within(nxt.start, nxt.end)), None)
            return [ref.entity] if ref is not None and ref.type in ("ORG", "LOC") else []
        return []

    @staticmethod
    def _sidelines(tokens: list[Token], j: int, lo: int) -> bool:
        """Whether token j follows "هامش" ("على هامش (أعمال) القمة"): on the sidelines of, an occasion."""
        return any(tokens[k].norm in SIDELINES for k in range(max(lo, j - 2), j))

    @staticmethod
    def _state_body(tokens: list[Token], k: int, mentions: MentionIndex) -> str | None:
        """"السلطات الإيرانية", "القوات الروسية", "الحكومة التركية" right after a verb and named by no entity: the
        country of the adjective, when the text names it as a place."""
        head, adj = tokens[k], tokens[k + 1]
        if strip_conj(head.norm, STATE_BODIES) is None or mentions.covering(head.start, adj.end) is not None \
                or mentions.within(head.start, adj.end):
            return None
        stem = nisba_stem(adj.norm) if adj.norm.startswith("ال") else None
        if stem is None:
            return None
        return next((e.id for e in mentions.entities.values() if e.type == "LOC" and stem in country_stems(e.name)),
                    None)

    def _two_before(self, tokens: list[Token], hit: TriggerHit, s_lo: int, mentions: MentionIndex) -> bool:
        """"إن الرئيس X والملك Y بحثا أمس …": a dual verb after its two subjects joined by و needs no مع."""
        if not tokens[hit.index].norm.endswith(("ا", "ان")) or (
                hit.index + 1 < len(tokens) and tokens[hit.index + 1].norm == "عن"):
            return False  # ("والرشاد بحثا عن العوائل": searching for, the noun)
        k = hit.index - 1
        while k > max(s_lo, hit.index - 12) - 1:
            t = tokens[k]
            if t.text in CLAUSE_MARKS or t.text in SENTENCE_END or self.cues.is_complementizer(t.norm) \
                    or t.norm in THAT:
                break
            k -= 1
        refs = [r for r in mentions.within(tokens[k + 1].start, tokens[hit.index].start)
                if r.type in ("PER", "ORG", "LOC")]
        if len(refs) < 2:
            return False
        joined = bisect_right(tokens, refs[-1].start, key=_START) - 1
        return tokens[joined].text.startswith("و") or (joined > 0 and tokens[joined - 1].norm.startswith("و"))

    @staticmethod
    def _joined_before(doc: Document, tokens: list[Token], refs: list[MentionRef], s_lo: int,
                       mentions: MentionIndex) -> MentionRef | None:
        """The name joined by و to the first of `refs` from before the window ("X وY قد …"): the same kind, and
        X opens its clause (nothing but a word like كانت/أن before it)."""
        first = refs[0]
        k = bisect_right(tokens, first.start, key=_START) - 1  # the token "واليابان" starts before the name
        if k <= s_lo or not tokens[k].text.startswith("و") \
                or any(r.start < first.start for r in refs[1:]):
            return None
        other = mentions.ending_at(tokens[k - 1].end, 0)
        if other is None or other.type != first.type or other.entity == first.entity or other in refs:
            return None
        m = bisect_left(tokens, other.start, key=_START)
        if m > s_lo and tokens[m - 1].text not in CLAUSE_MARKS and tokens[m - 1].norm not in OPENERS | PAST_OPENERS \
                and not tokens[m - 1].norm.endswith(("كان", "كانت")) and tokens[m - 1].norm not in THAT:
            return None
        return other

    @staticmethod
    def _bare_noun_first(tokens: list[Token], hit: TriggerHit, mentions: MentionIndex) -> bool:
        """Whether the word before an imperfect verb that opens a sentence (a headline, mostly) is a bare noun that
        names no one ("مواطن يقاضي X", "طالب يتهم معلمه"): not a name, a date, a particle or a negation."""
        t = tokens[hit.index - 1]
        verb = tokens[hit.index].norm
        if t.kind != "word" or verb[:1] not in ("ي", "ت") or t.prefix or t.norm[:1] in ("و", "ف") \
                or mentions.covering(t.start, t.end) is not None or mentions.within(t.start, t.end) \
                or mentions.in_date(t.start):
            return False
        return t.norm not in BARE_NOUN_STOPS

    @staticmethod
    def _genitive_of_ba(tokens: list[Token], ref: MentionRef, mentions: MentionIndex) -> bool:
        """Whether a name is the genitive of a noun under ب right before it ("بدور X", "بجهود X", "بقرار X"), not
        the body in a person's title ("المتحدث باسم التحالف X", "المسؤول بوزارة الخارجية X")."""
        k = bisect_left(tokens, ref.start, key=_START)
        if k == 0 or k >= len(tokens) or tokens[k].start != ref.start:
            return False
        prev = tokens[k - 1]
        if not (prev.kind == "word" and prev.text[:1] == "ب" and len(prev.norm) > 3 and "ال" not in prev.prefix
                and prev.norm not in TITLE_BA):
            return False
        after = bisect_left(tokens, ref.end, key=_START)
        reach = tokens[min(len(tokens) - 1, after + UNNAMED_TITLE_REACH)].end
        return not any(r.type == "PER" for r in mentions.within(ref.end, reach))

    @staticmethod
    def _named_sides(tokens: list[Token], hit: TriggerHit, s_lo: int, end: int, mentions: MentionIndex) -> list[str]:
        """"بحث الجانبان السعودي والمصري", "مباحثات بين مسؤولين أمنيين من الجانبين اللبناني الفرنسي": a word for
        the two sides near the trigger, followed by two relative adjectives (joined by و or not) of countries the
        text names as places, names those states as the sides. Fewer than two names no one."""
        for k in range(max(s_lo, hit.index - 3), min(end, hit.index + hit.width + NAMED_SIDES_REACH)):
            if strip_conj(tokens[k].norm, SIDES_WORDS) is None:
                continue
            found: list[str] = []
            for t in tokens[k + 1:min(end, k + 4)]:
                ref = mentions.covering(t.start, t.end)
                word = t.norm[1:] if found and t.norm.startswith("وال") else t.norm
                stem = nisba_stem(word) if word.startswith("ال") else None
                if stem is None:
                    break
                if ref is not None and ref.type == "LOC" and (ref.start, ref.end) == (t.start, t.end):
                    found.append(ref.entity)  # "السعودي" taken for the country
                    continue
                country = next((e.id for e in mentions.entities.values() if e.type == "LOC"
                                and stem in country_stems(e.name)), None)
                if country is None:
                    break
                found.append(country)
            found = list(dict.fromkeys(found))
            return found if len(found) >= 2 else []
        return []

    @staticmethod
    def _pluperfect(tokens: list[Token], hit: TriggerHit, s_lo: int) -> bool:
        """"وكان الجبير قد التقى لافروف", "كان لافروف قد أعلن بعد لقائه": قد in the clause before the trigger,
        كان a few words before it."""
        for k in range(hit.index - 1, max(s_lo, hit.index - 8), -1):  # "كان لافروف قد أعلن بعد لقائه"
            if tokens[k].text in CLAUSE_MARKS:
                return False
            if tokens[k].norm == "قد":
                return any(strip_conj(tokens[j].norm, PAST_OPENERS) is not None for j in range(max(s_lo, k - 6), k))
        return False

    def _trigger_at(self, tokens: list[Token], j: int, hi: int, mentions: MentionIndex) -> TriggerHit | None:
        """The trigger at token j, unless the token is part of a name ("فيصل" is not ف + يصل)."""
        hit = match_trigger(tokens, j, hi, self.lex)
        return None if hit is None or mentions.covering(tokens[j].start, tokens[j].end) else hit

    def _clause_end(self, tokens: list[Token], start: int, s_hi: int, hit: TriggerHit,
                    mentions: MentionIndex) -> int:
        """The token index where the participants of a trigger stop: a clause mark, a complementizer,
        a reporting verb or another trigger."""
        end = min(s_hi, start + AFTER_WINDOW)
        if start < end:  # a person's name counts as one word ("استقبل خادم الحرمين الملك سلمان بن عبد العزيز … Y")
            names = sum(bisect_left(tokens, r.end, key=_START) - bisect_left(tokens, r.start, key=_START) - 1
                        for r in mentions.within(tokens[start].start, tokens[end - 1].end) if r.type == "PER")
            end = min(s_hi, end + max(0, names))
        j = start - 1
        set_off = False
        while j + 1 < end:
            j += 1
            t = tokens[j]
            if t.text in COMMAS and self._list_goes_on(tokens, j, s_hi, mentions):
                # "التقى X، أمس في الرياض، Y", "نظيره X، ومدير المخابرات، Y": the list goes on past the comma
                end = min(s_hi, max(end, j + 1 + LIST_WINDOW), start + MAX_LIST_WINDOW)
                continue
            if t.text in COMMAS and not set_off and self._subject_set_off(tokens, j, start, s_hi, hit, mentions):
                set_off = True  # "وثمن الشيخ محمد بن زايد، دور الملك": a comma after the subject only
                end = min(s_hi, max(end, j + 1 + LIST_WINDOW))
                continue
            if j == start and t.text in OPEN_QUOTES and hit.trig.pos == "verb":
                continue  # "مثمنا «دور القوات المسلحة …»": the object quoted as said
            if t.text in CLAUSE_MARKS or t.text in SENTENCE_END or (
                    self.cues.is_complementizer(t.norm) and mentions.covering(t.start, t.end) is None
                    and not mentions.within(t.start, t.end)) \
                    or strip_conj(t.norm, ATTRIBUTIONS) is not None or strip_conj(t.norm, ATTENDANCE) is not None \
                    or t.norm in FRAME_OPENERS:
                # "… بحسب وكالة سبوتنيك": the agency that reports is no participant; nor who attends ("ودعا بان
                # كي مون": a name that opens with the form of بأن is a name, not a complementizer)
                return j
            if t.norm in self.lex.with_words:  # "اجتمع وزراء خارجية دول … مع وزير …": the other side follows
                end = min(s_hi, max(end, j + 1 + LIST_WINDOW), start + MAX_LIST_WINDOW)
            if j >= max(start + 1, hit.resume) and (self.cues.verb_forms.get(t.norm) or (
                    t.norm not in hit.trig.needs and not self._sidelines(tokens, j, start)
                    and self._trigger_at(tokens, j, s_hi, mentions))):
                return j  # (a word the trigger needs is its own: "سيرت السعودية جسرا لنقل المساعدات")
            if j == start and j >= hit.resume and hit.trig.pos == "noun":
                other = self._trigger_at(tokens, j, s_hi, mentions)
                if other is not None and other.trig.pos == "verb":
                    return j  # "خلال اللقاء بحث العلاقات بين …": what follows is the talks' topic
        return end

    def _subject_set_off(self, tokens: list[Token], j: int, start: int, s_hi: int, hit: TriggerHit,
                         mentions: MentionIndex) -> bool:
        """Whether the comma at token j only sets off a verb's subject: the first name after the verb (a title
        before it at most) ends at it, and a plain word follows, no و, no name ("وثمن الشيخ X، دور …")."""
        if hit.trig.pos != "verb" or j + 1 >= s_hi:
            return False
        ref = mentions.ending_at(tokens[j].start)
        if ref is None or ref.type != "PER" or ref.start > tokens[min(j, start + SUBJECT_REACH)].start:
            return False
        if any(r.start < ref.start for r in mentions.within(tokens[start].start, ref.start)):
            return False  # not the first name after the verb
        nxt = tokens[j + 1]
        return nxt.kind == "word" and nxt.norm[:1] not in "وف" and mentions.covering(nxt.start, nxt.end) is None \
            and not mentions.within(nxt.start, nxt.end) and not self.cues.is_complementizer(nxt.norm) \
            and not self.cues.verb_forms.get(nxt.norm) and not mentions.in_date(nxt.start)

    def _undergone(self, tokens: list[Token], hit: TriggerHit, s_lo: int, mentions: MentionIndex,
                   m: EventMention) -> None:
        """"تعرضت البلدة لغارات من قبل X": the one who underwent the attack is its target, never its source."""
        k = next((k for k in range(max(s_lo, hit.index - 6), hit.index)
                  if strip_conj(tokens[k].norm, self.lex.undergo_words) is not None), None)
        if k is None:
            return
        victims = [r.entity for r in mentions.within(tokens[max(s_lo, k - 6)].start, tokens[hit.index].start)]
        m.source = [x for x in m.source if x not in victims]
        m.target = list(dict.fromkeys(victims + [t for t in m.target if t not in m.source]))

    def _reaches_amount(self, doc: Document, tokens: list[Token], hit: TriggerHit, s_hi: int) -> bool:
        """Whether "وصل/يصل … إلى" is followed by a figure ("تصل في بعض الحالات إلى 15 ألف"). A figure the dates
        stage reads as a day is a stay's end, no amount ("ثم يزور ماليزيا من 4 الى 6 اغسطس")."""
        for k in range(hit.index + hit.width, min(s_hi - 1, hit.index + hit.width + 8)):
            if tokens[k].norm in self.lex.place_words:
                nxt = tokens[k + 1]
                if any(d.start <= nxt.start and nxt.end <= d.end for d in doc.dates):
                    return False
                return nxt.kind == "number" or nxt.text[:1].isdigit() or nxt.norm in AMOUNT_WORDS
        return False

    def _common_subject(self, tokens: list[Token], hit: TriggerHit, s_lo: int, mentions: MentionIndex) -> bool:
        """Whether a verb has a subject that names no one, a definite common noun right before or after it
        ("هذا الاتفاق يهدد X", "يطالب القانون الجديد X"): then the name after it is its object, not its subject.
        A title ("دعا الرئيس الفرنسي فرنسوا هولاند") is no such noun: the name follows it."""
        def common(t: Token) -> bool:
            if t.kind != "word" or "ال" not in t.prefix or mentions.covering(t.start, t.end) is not None \
                    or mentions.within(t.start, t.end):
                return False
            bare = t.norm.lstrip("وف")
            bare = bare[2:] if bare.startswith("ال") else bare
            return not (bare in self.lex.list_heads or bare in self.lex.title_words
                        or bare in self.lex.plural_subjects or t.norm in self.lex.place_words)
        after = hit.index + hit.width
        if hit.index > s_lo and common(tokens[hit.index - 1]) and not self._attribution_before(tokens, hit.index, s_lo):
            return True
        if hit.index - 1 == s_lo and self._bare_noun_first(tokens, hit, mentions):
            return True  # "مواطن يقاضي أمانة نجران": a bare noun opens the sentence, the verb's subject
        if after < len(tokens) and self._unnamed_title(tokens, after, mentions):
            return True  # "أشاد المندوب الفرنسي بـ…", "يلتقي الوفد بوزير الخارجية X": a title no name follows
        if hit.trig.type in STATE_ACTS and after + 1 < len(tokens) \
                and strip_conj(tokens[after].norm, FORCE_HEADS) is not None:
            return False  # "شنت مقاتلات التحالف غارات": the coalition strikes, through its aircraft
        if after + 1 < len(tokens) and self._object_of(tokens, after, mentions):
            return True  # "رفضوا مطلب الحوثي", "تهدد أسواق الطائف": the name is the object's genitive
        if after >= len(tokens) or not common(tokens[after]):
            return False
        # "ونفى المتحدث باسم التحالف تركي المالكي": a person named in the next words makes the noun a title
        near = mentions.within(tokens[after].end, tokens[min(len(tokens) - 1, after + 4)].end)
        return not any(r.type == "PER" for r in near)

    def _unnamed_title(self, tokens: list[Token], k: int, mentions: MentionIndex) -> bool:
        """Whether token k is a definite title or group noun that names no one ("المندوب الفرنسي", "الوفد"):
        no entity covers it and no person follows it before a complement starts (a ب/على/مع … word, a
        clause mark): "أشاد المندوب الفرنسي بوحدة أعضاء مجلس الأمن" is the delegate's praise, not the council's,
        while "دعا الرئيس الفرنسي فرنسوا هولاند" names its subject."""
        t = tokens[k]
        if t.kind != "word" or "ال" not in t.prefix or mentions.covering(t.start, t.end) is not None \
                or mentions.within(t.start, t.end):
            return False
        bare = t.norm.lstrip("وف")
        bare = bare[2:] if bare.startswith("ال") else bare
        if bare not in self.lex.list_heads and bare not in self.lex.title_words:
            return False
        for q in range(k + 1, min(len(tokens), k + 1 + UNNAMED_TITLE_REACH)):
            u = tokens[q]
            ref = mentions.covering(u.start, u.end) or next(iter(mentions.within(u.start, u.end)), None)
            if ref is not None and ref.type == "PER":
                return ref.start > u.start and u.text[:1] == "ب"  # "بوزير X" is a complement, "X" the name
            if ref is not None:
                continue  # "المندوب الدائم للمملكة …": a place or a body in the title
            if u.text in CLAUSE_MARKS or u.text in SENTENCE_END or u.norm in COMPLEMENT_WORDS \
                    or (u.text[:1] == "ب" and len(u.norm) > 3 and u.norm not in TITLE_BA) \
                    or self.cues.is_complementizer(u.norm):
                return True
        return False  # a long title may still end in its name

    def _title_referent(self, tokens: list[Token], k: int, mentions: MentionIndex) -> str | None:
        """The person an unnamed title at token k refers back to ("الرئيس المصري", "وزير الخارجية الأمريكي"): the
        latest one named before whose role starts with the title's words, up to its nationality adjective."""
        if not self._unnamed_title(tokens, k, mentions):
            return None
        words = [tokens[k].norm.lstrip("وف")]
        for u in tokens[k + 1:min(len(tokens), k + 3)]:
            if u.kind != "word" or mentions.covering(u.start, u.end) is not None or u.text[:1] == "ب":
                break
            words.append(u.norm)
            if is_nisba(u.text):
                break
        if len(words) < 2 or not is_nisba(tokens[k + len(words) - 1].text):
            return None  # a bare "الوزير" may be anyone's title: only a title with its country is taken
        who = mentions.by_head(tokens[k].text, tokens[k].start, ("PER",))
        if who is None:
            return None
        roles = [norm(r.text).split() for r in mentions.entities[who].roles]
        return who if any(r[:len(words)] == words for r in roles) else None

    @staticmethod
    def _attended(tokens: list[Token], hit: TriggerHit, s_lo: int, mentions: MentionIndex) -> bool:
        """Whether "حضر" governs the noun, right before it or over the plain nouns of a ceremony ("وحضر مراسم
        تسليم المساعدات"): no name, no clause mark between."""
        for k in range(hit.index - 1, max(s_lo, hit.index - 1 - ATTENDED_REACH) - 1, -1):
            t = tokens[k]
            if strip_conj(t.norm, ATTENDING) is not None:
                return True
            if t.kind != "word" or t.text in CLAUSE_MARKS or "ال" in t.prefix \
                    or mentions.covering(t.start, t.end) is not None or mentions.within(t.start, t.end):
                return False
        return False

    @staticmethod
    def _agreed_view(tokens: list[Token], hit: TriggerHit, s_hi: int, mentions: MentionIndex) -> bool:
        """Whether "اتفق … على أن" is followed by a noun (a statement: "على أن الخطة ستسهم"), not a verb ("على
        أن يعقدا اجتماعا", an undertaking)."""
        for k in range(hit.index + hit.width, min(s_hi - 2, hit.index + hit.width + AGREED_REACH)):
            if tokens[k].text == "على" and tokens[k + 1].norm in ("ان", "انه", "انها"):
                nxt = tokens[k + 2]
                return tokens[k + 1].norm != "ان" or "ال" in nxt.prefix or nxt.norm[:1] not in "يتنا" \
                    or mentions.covering(nxt.start, nxt.end) is not None  # a verb after أن: "أن يعقدا"
            if tokens[k].text in CLAUSE_MARKS:
                return False
        return False

    def _delegation(self, tokens: list[Token], k: int, mentions: MentionIndex) -> list[str]:
        """Whose delegation "الوفد/الفريق" (token k, a verb's subject) is: the body or state named with the last
        "وفد/فريق" before it ("وفد الائتلاف"، "فريقا هندسيا من وزارة الصحة"), looked for in DELEGATION_REACH
        tokens back; none when a person follows (the rank "الفريق X") or none was named."""
        t = tokens[k]
        if any(r.type == "PER" for r in mentions.within(t.start, tokens[min(len(tokens) - 1, k + 3)].end)):
            return []
        for q in range(k - 1, max(-1, k - DELEGATION_REACH), -1):
            u = tokens[q]
            w = u.norm
            if u.kind != "word" or "ال" in u.prefix or not any(  # "وفدا", "ووفد", "لوفد", "فريقا"
                    w[c:].removesuffix("ا") in DELEGATION_STEMS and all(x in "وفلب" for x in w[:c]) for c in (0, 1, 2)):
                continue
            for r in mentions.within(u.end, tokens[min(k - 1, q + 4)].end):
                if r.type in ("ORG", "LOC"):
                    return [r.entity]  # past an adjective or "من": "وفدا رفيعا من", "فريقا هندسيا من"
                break
            return []
        return []

    def _object_of(self, tokens: list[Token], k: int, mentions: MentionIndex) -> bool:
        """Whether token k, right after a verb, is a noun in construct with the name that follows it: no name,
        no title ("رئيس، مندوب، صاحب السمو"), not ال, and a name starts at the next token."""
        t, nxt = tokens[k], tokens[k + 1]
        if t.kind != "word" or "ال" in t.prefix or mentions.covering(t.start, t.end) is not None \
                or mentions.within(t.start, t.end):
            return False
        bare = t.norm.lstrip("وف")
        if bare in self.lex.list_heads or bare in self.lex.title_words or strip_suffix(bare, self.lex.list_heads) \
                or t.norm in self.lex.place_words or t.norm in self.lex.with_words or t.norm in self.lex.between_words \
                or t.norm in PARTICLES or mentions.in_date(t.start) or t.norm in self.lex.adverbs:
            return False  # a preposition or an adverb: "يصل إلى روسيا الخميس رمزي"
        i = bisect_left(mentions.starts, nxt.start)
        return (i < len(mentions.refs) and mentions.refs[i].start <= nxt.start + 1) \
            or mentions.covering(nxt.start, nxt.end) is not None  # "ترفض تشبيهها بفاتن حمامة"

    def _two_parties(self, doc: Document, tokens: list[Token], hit: TriggerHit, end: int,
                     mentions: MentionIndex) -> bool:
        """Whether the subject after a talks verb is two parties joined by و ("بحث X ونظيره Y", "بحثت
        السعودية ومصر"): then the verb needs no مع."""
        refs = [r for r in mentions.within(tokens[hit.index + hit.width].start, tokens[end - 1].end)
                if not self._adjective(doc, tokens, r, hit) and not (r.type == "LOC" and self._in_title(tokens, r))]
        if not refs or refs[0].start > tokens[min(end - 1, hit.index + hit.width + 3)].end:
            return False  # the parties are the subject, right after the verb (a title at most before them)
        first = refs[0]
        k = bisect_left(tokens, first.end, key=_START)  # the token after the first party
        while k < end and tokens[k].start < first.end:
            k += 1
        if k >= end or tokens[k].norm[:1] != "و":
            return False
        bare = tokens[k].norm[1:]
        titled = bare.startswith("ال") and bare[2:] in self.lex.list_heads  # "والوزير ظريف"
        return any(r.start <= tokens[k].start + 1 < r.end for r in refs[1:]) or strip_suffix(bare, self.lex.list_heads) \
            or (titled and any(r.type == "PER" and r.start <= tokens[min(end - 1, k + 2)].end for r in refs[1:]))

    def _list_goes_on(self, tokens: list[Token], j: int, s_hi: int, mentions: MentionIndex) -> bool:
        """Whether the comma at token j continues a list of participants: a name or a date follows (an
        apposition, "، أمس في الرياض،"), or و with a name or a title ("، ووزير الصناعة …", "، ونظيره")."""
        if j + 1 >= s_hi:
            return False
        nxt = tokens[j + 1]
        ref = mentions.covering(nxt.start, nxt.end) or next(iter(mentions.within(nxt.start, nxt.end)), None)
        if ref is None and not nxt.prefix and nxt.norm in self.lex.list_heads:
            # "التقى X، أمس في القاهرة، وزير الخارجية الأمريكي Y": a construct title, then its person
            for after in tokens[j + 2:min(s_hi, j + 2 + ROLE_CHAIN)]:
                if after.text in CLAUSE_MARKS:
                    return False
                named = mentions.covering(after.start, after.end) \
                    or next(iter(mentions.within(after.start, after.end)), None)
                if named is not None and named.type == "PER":
                    return True
            return False
        if nxt.norm[:1] != "و":
            if ref is None and "ال" in nxt.prefix and nxt.stem in self.lex.list_heads and j + 2 < s_hi:
                # "ووقع المندوب الدائم … في نيويورك، السفير X، على": a title and its name, in apposition
                after = tokens[j + 2]
                named = mentions.covering(after.start, after.end) or next(iter(mentions.within(after.start,
                                                                                               after.end)), None)
                return named is not None and named.type == "PER"
            return (ref is not None and ref.type in ("PER", "ORG")) or mentions.in_date(nxt.start)
        if ref is not None and ref.start <= nxt.start + 1:
            return True
        bare = nxt.norm[1:]
        bare = bare[2:] if bare.startswith("ال") else bare
        return bool(bare in self.lex.list_heads or strip_suffix(bare, self.lex.list_heads))

    def _participants_after(self, doc: Document, tokens: list[Token], hit: TriggerHit, end: int,
                            mentions: MentionIndex, m: EventMention) -> None:
        """Walk the clause after the trigger: the last preposition seen gives the role of each mention."""
        lex, trig = self.lex, hit.trig
        role = "object"
        said_before: bool | None = None  # whether the verb's subject stands right before it (worked out once)
        moved = False  # a preposition or a date since the last participant
        # past a relative pronoun after a noun other than talks, a name is the relative clause's, not the
        # noun's ("والمساعدات التي تود بيروت الحصول عليها"), unless a source or target word leads to it
        relative = False
        roles: list[tuple[MentionRef, str]] = []
        last_end = last_trigger_end = tokens[hit.index + hit.width - 1].end
        anchor = hit.index + hit.width  # the token after the trigger or the last participant
        j = hit.index + hit.width
        phrase_lo = hit.resume - len(trig.rest)  # the phrase's own words after a subject ("أعرب X عن شكره")
        while j < end:
            t = tokens[j]
            word = t.norm
            ref = mentions.covering(t.start, t.end) or next(iter(mentions.within(t.start, t.end)), None)
            if ref is not None and ref.start < last_trigger_end and self._common_rest(doc, last_trigger_end, ref.end):
                # "وطالب بوقف" taken for a name: a "name" that starts inside the trigger and goes on with common
                # words only is none of its parties ("وطالب الهاشمي" names al-Hashimi, whom the name goes on to)
                ref = None
            if ref is None and hit.width == 1 and phrase_lo <= j < hit.resume:
                j += 1  # its عن/على introduces no participant: who is thanked follows it
                continue
            if ref is None and self._on_sidelines(tokens, j, hit.index + hit.width):
                moved = True  # "التقى X على هامش أعمال القمة بـY": the occasion, no role for what follows
                j += 1
                continue
            if ref is None:
                if trig.pos == "noun" and word in RELATIVES and j - anchor <= 2 and not roles and not relative \
                        and self._resumptive_agent(tokens, j, end, mentions):
                    # "الهجوم الذي شنه الحوثيون", "المساعدات التي قدمتها المملكة", "الزيارة التي قام بها X":
                    # the subject of a relative clause whose verb takes the noun back (ـه/ـها) does it
                    role = "agent"
                    j += 1
                    continue
                if trig.pos == "noun" and trig.type != "CONSULT" and word in RELATIVES:
                    relative = True
                if t.text in COMMAS and role in ("place", "other"):
                    role = "object"  # "في الرياض، Y": past the comma the list goes on
                if word in ("كلا", "كل") and j + 1 < end and tokens[j + 1].norm == "من":
                    j += 2  # "زار كلا من الصين وتركيا": the objects follow
                    continue
                moved = moved or word in lex.place_words or word in lex.with_words or mentions.in_date(t.start)
                if trig.type == "CONSULT" and word in PEER_PREPS and j > hit.index + hit.width \
                        and strip_suffix(tokens[j - 1].norm, PEER_STEMS):
                    role = "with"  # "سيلتقي نظراءه من دول مجلس التعاون": the body of the counterparts is met
                elif word in SPONSORS:
                    role = "other"  # "المفاوضات برعاية الأمم المتحدة": a sponsor, no party
                elif (word in BY_HANDS and j > 0 and tokens[j - 1].norm == ON) or (
                        trig.type == "ASSAULT" and trig.pos == "noun" and word[:1] == "ل" and word[1:] in FORCE_HEADS):
                    # "اعتقلوا على أيدي مقاتلي جبهة النصرة": who does it, the verb told in the passive; "غارات مكثفة
                    # لطائرات التحالف": whose aircraft strike
                    role = "agent"
                elif word in trig.source_preps or (j > 0 and f"{tokens[j - 1].norm} {word}" in trig.source_preps):
                    role = "agent"  # "مساعدات من X", "غارات من قبل X", "الهجوم الذي نسب إلى X" (before إلى = where)
                elif word in trig.target_preps:
                    role = "with"  # "غارات على X", "برقية عزاء إلى X"
                elif word in lex.with_words or (word[:1] == "ب" and len(word) > 3 and role == "object" and all(
                        mentions.in_date(tokens[k].start) or tokens[k].norm in lex.adverbs
                        for k in range(hit.index + hit.width, j))):
                    # "اتصالا هاتفيا بنظيره", also past a date or an adverb: "اتصالا هاتفيا أمس بالرئيس",
                    # "التقى أمين المنطقة مؤخرا بعضو الفريق"
                    role = "with"
                elif word in lex.between_words:
                    role = "between"
                elif word in lex.place_words:
                    # "في موسكو" right after the trigger or a participant; further on it qualifies
                    # something else ("ستركز على التسوية في سوريا")
                    # (talks' topic: "يبحث الوضع في سوريا"; "اعتقلت الشرطة المتظاهرين في القدس" is where)
                    role = "place" if j - anchor <= 2 and not (trig.type == "CONSULT" and trig.mode == "meet" and
                                                               self._qualifies_noun(tokens, j, anchor, mentions)) \
                        else "other"
                elif word in lex.head_words:
                    role = "head"
                elif word == "من" and j > 0 and tokens[j - 1].norm in INVITATION:
                    role = "inviter"  # "تلبية لدعوة من العاهل الأردني": who invites, neither party nor subject
                elif word == "من" and trig.type == "REQUEST" and trig.pos == "verb" and j == hit.index + hit.width:
                    role = "with"  # "يطلب من الأمين العام X": whom it asks
                elif word in {"من", "عن", "على", "حول", "ضد", "بشان", "تجاه"}:
                    role = "other"
                elif mentions.in_date(t.start):
                    role = "object"
                j += 1
                continue
            named = self._name_after_title(doc, tokens, ref, mentions)
            if named is not None:  # "مع الرئيس (فلاديمير) بوتين": the title is the name's, whoever it was
                ref = named
            if role == "object" and not roles and ref.start == t.start + 1 and t.text[:1] == "ب" and all(
                    mentions.in_date(tokens[k].start) for k in range(hit.index + hit.width, j)):
                role = "with"  # "اتصالا هاتفيا (أمس) بأيمن الصفدي": ب glued to the name
            if relative and role == "object":
                while j < end and tokens[j].start < ref.end:
                    j += 1
                continue
            if role == "object" and not roles and trig.pos == "noun" and _lam_ref(doc, ref) \
                    and bisect_right(tokens, ref.start, anchor, end, key=_START) - 1 - anchor > 2:
                # "خلال اجتماع سنوي أمس قائدا جديدا لهيئة الأركان": a ل-name far from the noun is another word's
                while j < end and tokens[j].start < ref.end:
                    j += 1
                continue
            if role == "object" and roles and not moved and min(ref.start, tokens[j].start) - last_end > 30 and \
                    not norm(ref_text(doc, ref)).startswith("و"):
                break  # a loose noun far from the participants: apposition, not a participant
            if ref.type == "PER" and roles and role == "object" and any(r.type == "PER" for r, _ in roles) \
                    and self._in_lam_title(tokens, ref, max(r.end for r, _ in roles if r.type == "PER"), mentions):
                # "التقى X ستيفان دي ميستورا المبعوث الخاص للأمين العام للأمم المتحدة بان كي مون": the name after
                # a title with ل is the one the person before works for, no side of his own
                while j < end and tokens[j].start < ref.end:
                    j += 1
                continue
            roles.append((ref, role))
            moved = False
            last_end = ref.end
            while j < end and tokens[j].start < ref.end:
                j += 1
            anchor = j
        kinds = _Kinds(mentions)
        nxt = hit.index + hit.width
        if trig.pos == "noun" and not hit.suffix and nxt + 1 < end and "ال" in tokens[nxt].prefix \
                and not mentions.within(tokens[nxt].start, tokens[nxt + 1].end) \
                and tokens[nxt + 1].norm in RELATIVES:
            # "محادثات الوزير التي شملت نظيره X …": a definite title after the noun, then a relative clause,
            # is whose talks they are (the person it last named)
            who = mentions.by_head(tokens[nxt].text, tokens[nxt].start, ("PER",))
            if who is not None:
                m.source.append(who)
        # "طالبت وزارة الدفاع … الأمين العام للأمم المتحدة بان كي مون": a body right after the verb is its subject;
        # a person further on is no titled subject
        own_subject = bool(roles) and trig.pos == "verb" and roles[0][0].type == "ORG" and roles[0][1] == "object" \
            and roles[0][0].start == tokens[hit.index + hit.width].start if hit.index + hit.width < len(tokens) else False
        for k, (ref, role) in enumerate(roles):
            if role == "agent" and (ref.type in ("PER", "ORG") or (ref.type == "LOC" and not m.source)):
                # (a place after the agent is where: "هجوم نسب إلى داعش وضرب مدينة سوروتش")
                m.source.append(ref.entity)  # "لغارات من قبل التحالف"
                continue
            if ref.type == "LOC" and ((self._adjective(doc, tokens, ref, hit)
                                       and not (trig.place_object and self._after_name(tokens, ref, mentions)))
                                      or self._in_title(tokens, ref)):
                continue  # "وزير الخارجية السعودي", "وزير خارجية مصر": it qualifies a person, it is no participant
            if ref.type == "LOC" and (role == "place" or (trig.place_object and role == "object")):
                if m.place is None:
                    m.place = ref.entity
                    m.destination = m.mode == "visit" or (trig.type == "AID" and self._sent_to(doc, tokens, ref))
                elif trig.place_object and ref.entity != m.place and (doc.body[ref.start - 1:ref.start] == "و" or ref_text(doc, ref)[:1] == "و"):
                    m.more_places.append(ref.entity)  # "زار الصين وتركيا": a visit to each
                continue
            # "دعا رئيس اللجنة في محافظة رجال ألمع عبدالله شيبان": the first person after a title and
            # its place is the verb's subject; otherwise what follows في/من/عن is no participant
            titled_subject = trig.pos == "verb" and ref.type == "PER" and not m.source and not own_subject \
                and not any(kinds.get(x) == "PER" for x in m.target) \
                and not any(r2 in ("with", "between") for _, r2 in roles[:k]) \
                and not any(tokens[q].norm in RELATIVES for q in range(
                    hit.index + hit.width, bisect_left(tokens, ref.start, hit.index, end, key=_START)))
            # ("أدانت الرابطة التصريحات التي صدرت عن X": a name in a relative clause is no subject)
            if role == "inviter":
                continue
            if role in ("other", "place"):
                if titled_subject and said_before is None:
                    said_before = self._subject_right_before(tokens, hit, mentions)
                if titled_subject and said_before and role == "place" and trig.type == "CONSULT":
                    m.target.append(ref.entity)  # "وكان الجبير قد التقى في كوالالمبور رئيس الوزراء X": the
                    continue  # subject stands before the verb; the person after the place is whom he met
                if not titled_subject:
                    continue
                m.source, m.target = [ref.entity], []  # the organisations before it were in the title
                continue
            if role in ("object", "between") and not m.source and (trig.pos == "noun" or role == "between"):
                if trig.pos == "noun" and (hit.suffix or (role == "object" and _lam_ref(doc, ref) and (
                        doc.body[ref.start - 1:ref.start] == "ل" or ref_text(doc, ref).startswith("لل")))):
                    # ("قصف أهداف تابعة للدولة الإسلامية", "زيارة لموسكو": after ل, to or of whom, never the actor)
                    m.target.append(ref.entity)  # "لقائه X": the possessor is the source
                else:
                    m.source.append(ref.entity)
            else:
                m.target.append(ref.entity)
                k0 = ref.start - 1
                if role != "object" or (k0 >= 0 and doc.body[k0] == "ب"
                                        and (k0 == 0 or not doc.body[k0 - 1].isalpha())):
                    m.governed.add(ref.entity)  # "بالأمير X", "بسامح شكري", "مع X": never the verb's subject
                elif trig.pos == "verb" and self._genitive_of_ba(tokens, ref, mentions):
                    m.governed.add(ref.entity)  # "وأشادت شخصيتان يمنيتان بدور المملكة": the one praised

    @staticmethod
    def _name_after_title(doc: Document, tokens: list[Token], ref: MentionRef,
                          mentions: MentionIndex) -> MentionRef | None:
        """A person's name right after a bare title mention, maybe past a short aside in brackets ("الرئيس
        (فلاديمير) بوتين"): the title is that person's, not the one it was taken for."""
        if ref.type != "PER" or " " in ref_text(doc, ref).strip():
            return None
        k = bisect_left(tokens, ref.end, key=_START)
        if k < len(tokens) and tokens[k].text == "(":
            close = next((q for q in range(k + 1, min(len(tokens), k + 5)) if tokens[q].text == ")"), None)
            if close is None:
                return None
            k = close + 1
        if k >= len(tokens):
            return None
        nxt = mentions.covering(tokens[k].start, tokens[k].end) \
            or next(iter(mentions.within(tokens[k].start, tokens[k].end)), None)
        # (not one joined by و: "وبحث الجبير ولافروف" names two people)
        return nxt if nxt is not None and nxt.type == "PER" and nxt.entity != ref.entity \
            and nxt.start <= tokens[k].start else None

    def _qualifies_noun(self, tokens: list[Token], j: int, anchor: int, mentions: MentionIndex) -> bool:
        """Whether "في" at token j follows a definite common noun, which it qualifies ("يبحث لافروف الوضع في
        سوريا مع نظيره … في موسكو": Syria is what they talk of, not where); a date or an adverb before it
        ("التقى X اليوم في الرياض") qualifies nothing."""
        if j <= anchor:
            return False
        prev = tokens[j - 1]
        return prev.kind == "word" and "ال" in prev.prefix and mentions.covering(prev.start, prev.end) is None \
            and not mentions.within(prev.start, prev.end) and not mentions.in_date(prev.start) \
            and prev.norm not in self.lex.adverbs

    def _subject_before(self, doc: Document, tokens: list[Token], hit: TriggerHit, s_lo: int,
                        mentions: MentionIndex, para_start: int = 0) -> list[str]:
        """The actor before the trigger: the clause's subject ("أن لافروف وخوجة تبادلا"), or for a noun
        with a possessive suffix the nearest actor of the sentence ("قال لافروف خلال لقائه")."""
        start = tokens[hit.index].start
        if hit.suffix and hit.suffix != "نا":
            return self._possessor(doc, tokens, hit, s_lo, mentions, para_start)
        if hit.trig.pos == "noun":
            light = self._light_verb_subject(doc, tokens, hit, s_lo, mentions) \
                or self._control_subject(doc, tokens, hit, s_lo, mentions)
            if light:
                self.before_how = "light"
                return light
            if self._construct_of_known(tokens, hit, s_lo, mentions):
                return []
            if hit.conj and tokens[hit.index].norm[:1] == "و" and hit.index > s_lo \
                    and tokens[hit.index - 1].text not in CLAUSE_MARKS:
                return []  # "المقاومة تطهر زنجبار وغارات تستهدف الحديدة": what stands before و is joined, no actor
        j = hit.index
        floor = max(s_lo, hit.index - 6)
        aside = (0, 0)  # the characters of an aside set off by commas between the subject and the verb
        while j > floor:
            t = tokens[j - 1]
            formula = _formula_before(tokens, j, s_lo)
            if formula:  # "الملك سلمان - حفظه الله - اتصالا": the formula is no clause boundary
                j -= formula
                floor = max(s_lo, floor - formula)
                continue
            if t.text in COMMAS:
                ref = mentions.ending_at(t.start)
                k = bisect_left(tokens, ref.start, key=_START) if ref is not None and ref.type == "PER" else 0
                if k - 1 > s_lo and tokens[k - 1].text in COMMAS:
                    # "عقد الوزير، فلان، اجتماعا": the name set off by commas is the subject's
                    floor = max(s_lo, floor - (j - k + 1))
                    j = k - 1
                    continue
                c = self._aside_before(tokens, hit, j - 1, s_lo, mentions)
                if c is not None:
                    # "X، في بيان صدر أمس، أدان …", "X، الذي يزور القاهرة، قد أشاد": the subject before the aside
                    aside = (tokens[c].start, t.end)
                    floor = max(s_lo, floor - (j - c))
                    j = c
                    continue
            if t.text in CLAUSE_MARKS or self.cues.is_complementizer(t.norm) or self.cues.verb_forms.get(t.norm) \
                    or strip_conj(t.norm, CLAUSE_OPENERS) is not None:
                break
            other = self._trigger_at(tokens, j - 1, j, mentions)
            if other is not None and other.trig.pos == "verb":
                if other.trig.shares_subject:
                    break
                if other.trig.shares_object:
                    asked = [r for r in mentions.within(t.end, start) if r.type in ("PER", "ORG")]
                    return [asked[-1].entity] if asked else []
                return []  # "ورحب ميقاتي بالزيارة": the subject of another verb
            j -= 1
        governed = self._governed_refs(tokens, mentions.within(tokens[j].start, start))
        refs = [r for r in mentions.within(tokens[j].start, start)
                if not aside[0] <= r.start < aside[1] and not self._after_place_word(tokens, r) and not _lam_ref(doc, r) and r not in governed
                and not (r.type == "LOC" and self._in_title(tokens, r))
                and not (r.type == "LOC" and self._nisba_after_noun(doc, tokens, r, mentions))]
        lead = mentions.covering(tokens[j].start, tokens[j].end)  # a name that starts before the window
        if lead is not None and lead not in refs and lead.end <= start and not self._after_place_word(tokens, lead) \
                and not _lam_ref(doc, lead):
            refs.insert(0, lead)
        joined = self._joined_before(doc, tokens, refs, s_lo, mentions) if refs else None
        if joined is not None:  # "كوريا الجنوبية واليابان قد أجرتا ست جولات من مفاوضات": both, not the nearer
            refs.insert(0, joined)
        if len(refs) == 1 and refs[0].type == "PER" and hit.trig.pos == "verb" \
                and tokens[hit.index].norm.endswith(("وا", "ون")) and not hit.trig.participle:
            return []  # "قتلوا الإعلامي X واعتقلوا العشرات": a plural verb's subject is no one person
        self.before_how = "near"
        if refs and hit.conj and hit.trig.pos == "verb" and refs[-1].end >= tokens[hit.index - 1].start:
            # "وزار اللواء X خلال جولته مركز الجوازات والتقى بالعاملين", "في الحفل الذي أقامته إدارة الصندوق
            # والتقى فيها بمنسوبيه": the name right before a verb joined by و ends the clause before (its
            # object, a genitive); it is not the subject of the verb
            return []
        if refs:
            best = min(preference(r) for r in refs)
            return [r.entity for r in refs if preference(r) == best or (best < 2 and r.type != "LOC")]
        if j < hit.index:  # "الوزير الروسي دعا": a definite role noun for an entity named earlier
            self.before_how = "head"
            who = mentions.by_head(tokens[j].text, start, ("PER", "ORG"))
            return [who] if who else []
        return []

    def _aside_before(self, tokens: list[Token], hit: TriggerHit, k: int, s_lo: int,
                      mentions: MentionIndex) -> int | None:
        """The opening comma of an aside that ends at the comma at token k, right before a verb with no و on it
        (past "قد"): the aside opens with a circumstance, a relative pronoun or a title ("، في بيان صدر أمس،",
        "، الذي يزور القاهرة،", "، وزير الخارجية،") within ASIDE_REACH words, and a name ends right before it
        — that name is the verb's subject ("الأمين العام بان كي مون، في بيان، أدان")."""
        if hit.trig.pos != "verb" or hit.conj or any(tokens[q].norm not in ASIDE_SKIP for q in range(k + 1, hit.index)):
            return None
        for c in range(k - 2, max(s_lo, k - ASIDE_REACH) - 1, -1):
            t = tokens[c]
            if t.text in SENTENCE_END or (t.text in CLAUSE_MARKS and t.text not in COMMAS):
                return None
            if t.text not in COMMAS:
                continue
            opener = tokens[c + 1].norm
            if not (opener in ASIDE_OPENERS or opener in RELATIVES or opener.removeprefix("ال") in self.lex.list_heads):
                return None
            ref = mentions.ending_at(t.start)
            if ref is None or ref.type not in ("PER", "ORG", "LOC") or c - 1 < s_lo:
                return None
            return c
        return None

    def _talks_before(self, tokens: list[Token], hit: TriggerHit, s_lo: int, mentions: MentionIndex) -> bool:
        """Whether a word of talks stands in the sentence before the trigger (asked only of dual verbs)."""
        return any((other := self._trigger_at(tokens, k, hit.index, mentions)) is not None
                   and other.trig.type == "CONSULT" for k in range(max(s_lo, hit.index - LIST_WINDOW * 3), hit.index))

    def _dual_opens(self, tokens: list[Token], hit: TriggerHit, s_lo: int) -> bool:
        """Whether the trigger is a verb in the dual ("اتفقا", "أدانا": the form of the singular and ا) that
        opens its clause (و/ف on it, the sentence start or a comma before it) with no name right after it."""
        pair = self.lex.readings_of(tokens[hit.index].norm)
        stem = pair[0][0] if pair and pair[0] else ""
        if not (len(stem) > 3 and stem.endswith("ا") and stem[:-1] in self.lex.first_words):
            return False
        return hit.conj or hit.index == s_lo or tokens[hit.index - 1].text in COMMAS

    def _object_state(self, tokens: list[Token], hit: TriggerHit, end: int, mentions: MentionIndex) -> str | None:
        """The country of the one relative adjective on the object of a verb of stance — the first word after
        the verb (or after its named subject), definite — when the text names it as a place ("أشاد بالموقف
        المصري" -> مصر, "رفضت إيران الاتهامات السعودية" -> السعودية); not in a title ("وزير الخارجية المصري"),
        not two adjectives ("العلاقات اليمنية المصرية" are both's)."""
        j = hit.index + hit.width
        while j < end and (mentions.covering(tokens[j].start, tokens[j].end) is not None
                           or mentions.within(tokens[j].start, tokens[j].end) or tokens[j].norm in self.lex.adverbs
                           or (tokens[j].norm.endswith(TANWEEN_ALIF) and not tokens[j].prefix and len(tokens[j].norm) > 3)):
            j += 1  # past the subject and an adverb ("رفضت إيران", "ثمن X عاليا")
        if j + 1 >= min(end, hit.index + hit.width + STANCE_OBJECT_REACH):
            return None
        t, adj = tokens[j], tokens[j + 1]
        if t.kind != "word" or "ال" not in t.prefix or adj.kind != "word" or not adj.norm.startswith("ال"):
            return None
        bare = t.norm.lstrip("وفبل")
        bare = bare[2:] if bare.startswith("ال") else bare
        if bare in self.lex.list_heads or bare in self.lex.title_words:
            return None
        ref = mentions.covering(adj.start, adj.end) or next(iter(mentions.within(adj.start, adj.end)), None)
        if ref is not None and ref.type != "LOC":
            return None
        stem = nisba_stem(adj.norm)
        if stem is None or (j + 2 < end and tokens[j + 2].kind == "word" and tokens[j + 2].norm.startswith("ال")
                            and nisba_stem(tokens[j + 2].norm) is not None):
            return None
        return next((e.id for e in mentions.entities.values() if e.type == "LOC" and stem in country_stems(e.name)),
                    None)

    def _object_doer(self, tokens: list[Token], hit: TriggerHit, s_hi: int, mentions: MentionIndex) -> str | None:
        """Who did the deed that a verb of stance is about, named in a relative clause on its object that takes
        the object back: "أشاد بالجهود التي تبذلها السعودية", "أعرب عن تقديره البالغ للدور الذي تضطلع به دول
        المجلس" -> the kingdom, the council. The object is a definite word with ب/ل within a few words of the
        phrase (an adjective may follow it); no name may stand before the relative pronoun."""
        start = max(hit.index + hit.width, hit.resume)
        while start < s_hi and (mentions.covering(tokens[start].start, tokens[start].end) is not None
                                or mentions.within(tokens[start].start, tokens[start].end)
                                or tokens[start].text in COMMAS):
            start += 1  # past the subject ("وأشاد X بالجهود")
        for j in range(start + 1, min(s_hi, start + STANCE_OBJECT_REACH)):
            if tokens[j].norm not in RELATIVES:
                continue
            if any(mentions.covering(t.start, t.end) is not None or mentions.within(t.start, t.end)
                   or t.kind != "word" for t in tokens[start:j]) \
                    or not any(t.prefix.startswith(("بال", "لل")) for t in tokens[start:j]):
                return None
            k = j + 1
            if k + 1 >= s_hi or tokens[k].kind != "word" or len(tokens[k].norm) < 3 \
                    or mentions.covering(tokens[k].start, tokens[k].end) is not None:
                return None
            if tokens[k + 1].norm in RESUMPTIVE_BA:
                k += 2  # "الذي تضطلع به X", "التي قام بها X"
            elif tokens[k].norm.endswith(RESUMPTIVE):
                k += 1  # "التي تبذلها X"
            else:
                return None
            for q in range(k, min(s_hi, k + 2)):  # past one word: "دول مجلس التعاون"
                t = tokens[q]
                ref = mentions.covering(t.start, t.end) or next(iter(mentions.within(t.start, t.end)), None)
                if ref is not None:
                    glued = t.prefix[:-2] if t.prefix.endswith("ال") else t.prefix  # ("ال" is no ل of whom)
                    ok = ref.start <= t.start + 1 and "ل" not in glued and not t.norm.startswith(("في", "من"))
                    return ref.entity if ok else None
                if t.kind != "word":
                    return None
            return None
        return None

    def _in_lam_title(self, tokens: list[Token], ref: MentionRef, since: int, mentions: MentionIndex) -> bool:
        """Whether a name stands in the title of the person named before it (ending at offset `since`): that
        person's title follows him and goes on with a title word under ل right before the name ("ستيفان دي
        ميستورا المبعوث الخاص للأمين العام للأمم المتحدة بان كي مون"), within ROLE_CHAIN + 2 words."""
        k = bisect_left(tokens, since, key=_START)
        if k >= len(tokens):
            return False
        first = tokens[k].norm.lstrip("وف")
        if (first[2:] if first.startswith("ال") else first) not in self.lex.list_heads:
            return False  # "سامح شكري عن شكره وتقديره للملك سلمان": no title after the first person
        for q in range(k + 1, min(len(tokens), k + ROLE_CHAIN + 3)):
            t = tokens[q]
            if t.end > ref.start or t.text in CLAUSE_MARKS:
                return False
            bare = t.norm.lstrip("وف")
            if bare[:2] == "لل" and bare[2:] in self.lex.list_heads or bare[:1] == "ل" and bare[1:] in self.lex.list_heads:
                return True
        return False

    @staticmethod
    def _sent_to(doc: Document, tokens: list[Token], ref: MentionRef) -> bool:
        """Whether a place is named as where something goes: after إلى or with a glued ل ("مساعدات إلى اليمن",
        "لليمن")."""
        k = bisect_right(tokens, ref.start, key=_START) - 1
        if k < 0:
            return False
        if tokens[k].start == ref.start:
            return k > 0 and tokens[k - 1].norm in TO_WORDS
        return doc.body[tokens[k].start:ref.start].lstrip("وف") in ("ل", "إلى")

    @staticmethod
    def _attribution_before(tokens: list[Token], k: int, s_lo: int) -> bool:
        """Whether the words right before token k are an attribution with no comma after it ("وبحسب بيان لرئاسة
        الإقليم أشاد X"): its last noun is whose statement it is, not the verb's subject."""
        for q in range(k - 1, max(s_lo, k - ATTRIBUTION_REACH) - 1, -1):
            if tokens[q].text in CLAUSE_MARKS:
                return False
            if strip_conj(tokens[q].norm, ATTRIBUTIONS) is not None:
                return True
        return False

    @staticmethod
    def _resumptive_agent(tokens: list[Token], j: int, end: int, mentions: MentionIndex) -> bool:
        """Whether the relative pronoun at token j opens "الذي شنه X" / "التي قام بها X": a word with the pronoun
        of the noun on it (ـه، ـها، ـهم), maybe "به/بها" after it, then a name (past one word: "طائرات التحالف")."""
        k = j + 1
        if k >= end or tokens[k].kind != "word" or not tokens[k].norm.endswith(RESUMPTIVE) \
                or len(tokens[k].norm) < 3 or mentions.covering(tokens[k].start, tokens[k].end) is not None:
            return False
        k += 1
        if k < end and tokens[k].norm in RESUMPTIVE_BA:
            k += 1
        for q in range(k, min(end, k + 2)):
            t = tokens[q]
            if t.kind != "word":
                return False
            ref = mentions.covering(t.start, t.end) or next(iter(mentions.within(t.start, t.end)), None)
            if ref is not None:
                return ref.start <= t.start + 1 and "ل" not in t.prefix and not t.norm.startswith(("في", "من"))
        return False

    @staticmethod
    def _common_rest(doc: Document, start: int, end: int) -> bool:
        """Whether the words of body[start:end] are all common words, none a name."""
        words = [norm(w) for w in doc.body[start:end].split()]
        common, names = common_words(), name_counts()
        return bool(words) and all(w in common and not names.get(w) for w in words)

    @staticmethod
    def _oblique_object(tokens: list[Token], hit: TriggerHit, mentions: MentionIndex) -> bool:
        """Whether the word right after a verb is a name in the oblique plural ("دعت الحوثيين", "هاجموا
        الانفصاليين"): a subject would say "الحوثيون"; it is the object."""
        k = hit.index + hit.width
        if k >= len(tokens):
            return False
        t = tokens[k]
        ref = mentions.covering(t.start, t.end) or next(iter(mentions.within(t.start, t.end)), None)
        return ref is not None and ref.start <= t.start + 2 and "ال" in t.prefix and t.norm.endswith("يين")

    def _opens_subjectless(self, doc: Document, tokens: list[Token], hit: TriggerHit, s_lo: int,
                           mentions: MentionIndex) -> bool:
        """Whether a verb with و/ف (or "كما" opening the sentence) has no subject after it: its object in the
        oblique plural, a preposition or a ب/ل noun, or an event noun ("وأدان الهجوم")."""
        k = hit.index + hit.width
        if k >= len(tokens) or tokens[k].kind != "word":
            return False
        opens = hit.conj or (hit.index == s_lo + 1 and tokens[s_lo].norm in CONTINUING)
        if not opens:
            return False
        t = tokens[k]
        if self._oblique_object(tokens, hit, mentions):
            return True
        if mentions.covering(t.start, t.end) is not None or mentions.within(t.start, t.end):
            return False
        if t.norm in COMPLEMENT_WORDS or t.norm in PARTICLES:
            return True  # "ودعت إلى", "وأعربت عن"
        if t.prefix.rstrip("ال")[-1:] in ("ب", "ل") and "و" not in t.prefix:
            return True  # "ورحبت بالقرار", "وطالب بالإفراج"
        other = self._trigger_at(tokens, k, len(tokens), mentions)
        return other is not None and other.trig.pos == "noun" and other.trig.type != "CONSULT" and "ال" in t.prefix

    def _continued_actor(self, doc: Document, tokens: list[Token], hit: TriggerHit, s_lo: int, para: _Paragraph,
                         mentions: MentionIndex) -> list[str]:
        """The one actor of the verb's sentence told before it ("رحبت الجامعة بالهدنة ودعت الحوثيين"), or for a
        verb that opens its sentence, of the sentence before in the paragraph (not told in someone's words), when
        the verb agrees with it: a feminine verb is no man's, a masculine one no state's."""
        if hit.index > s_lo and tokens[s_lo].norm not in CONTINUING:
            told = para.with_source.get(s_lo)
            if told is None or told.hit.index >= hit.index or len(told.source) != 1:
                return []
        else:
            before = [k for k in para.with_source if k < s_lo]
            if not before:
                return []
            told = para.with_source[max(before)]
            if len(told.source) != 1 or self._quote_at(doc, told.trigger.start) is not None:
                return []
        actor = told.source[0]
        word = tokens[hit.index].norm.lstrip("وف")
        feminine = word.startswith("ت") or word.endswith("ت")
        kind = kinds_of(mentions, actor)
        if (feminine and kind == "PER" and mentions.gender(actor, self.cues) == "m") or (not feminine and kind == "LOC"):
            return []
        return [actor]

    @staticmethod
    def _governed_refs(tokens: list[Token], refs: Iterable[MentionRef]) -> list[MentionRef]:
        """The mentions that stand after a preposition ("على داعش"), and those joined to them by و ("في سوريا
        والعراق"): complements, none of them a subject."""
        out: list[MentionRef] = []
        for r in refs:
            k = bisect_right(tokens, r.start, key=_START) - 1  # the token the mention starts in
            if k < 0:
                continue
            tok = tokens[k]
            glued = tok.text[:max(0, r.start - tok.start)]  # a proclitic on the name: "والعراق"
            after_prep = tok.start == r.start and k > 0 and tokens[k - 1].text in GOVERNING
            joined = glued.startswith("و") and bool(out) and k > 0 and tokens[k - 1].end == out[-1].end
            if after_prep or joined:
                out.append(r)
        return out

    def _construct_of_known(self, tokens: list[Token], hit: TriggerHit, s_lo: int, mentions: MentionIndex) -> bool:
        """"وعدّ X نتائج الزيارة خطوة كبيرة": a definite event noun in construct after a common noun is the
        event told before (merged as such); the sentence's subject speaks of it, it is no side of it."""
        first = tokens[hit.index]
        if "ال" not in first.prefix or first.prefix.lstrip("وف") != "ال" or hit.index <= s_lo:
            return False
        prev = tokens[hit.index - 1]
        word = prev.norm
        return prev.kind == "word" and "ال" not in prev.prefix and mentions.covering(prev.start, prev.end) is None \
            and not mentions.within(prev.start, prev.end) and strip_conj(word, OCCASION) is None \
            and word not in self.lex.with_words and word not in self.lex.place_words and word not in PARTICLES \
            and word not in self.lex.between_words and strip_conj(word, ATTENDANCE) is None \
            and not self.cues.verb_forms.get(word) and self._trigger_at(tokens, hit.index - 1, hit.index, mentions) is None \
            and len(word) > 2

    def _light_verb_subject(self, doc: Document, tokens: list[Token], hit: TriggerHit, s_lo: int,
                            mentions: MentionIndex) -> list[str]:
        """"أجرى الأمير X ولي العهد …، مباحثات مع Y": the subject of the light verb that governs the noun, when
        only its subject (a name and its titles, set off by commas) stands between them."""
        k = hit.index - 1
        floor = max(s_lo, hit.index - LIGHT_REACH)
        while k >= floor:  # first the light verb, by its words alone (most nouns have none: a cheap miss)
            t = tokens[k]
            if t.norm in LIGHT_FORMS:
                break
            if (t.text in CLAUSE_MARKS and t.text not in COMMAS) or t.text in SENTENCE_END or t.norm in RELATIVES:
                return []
            k -= 1
        else:
            return []
        if k + 1 >= hit.index or any(  # then nothing between that starts another clause
                self.cues.is_complementizer(t.norm) or self.cues.verb_forms.get(t.norm)
                or self._trigger_at(tokens, q, hit.index, mentions) is not None
                for q, t in enumerate(tokens[k + 1:hit.index], k + 1)):
            return []
        nxt = tokens[k + 1]
        ref = mentions.covering(nxt.start, nxt.end) or next(iter(mentions.within(nxt.start, nxt.end)), None)
        if ref is None:  # a title first: "أجرى وزير الخارجية X"
            reach = tokens[min(hit.index - 1, k + 1 + SUBJECT_REACH)].start
            refs = [r for r in mentions.within(nxt.start, tokens[hit.index - 1].end) if r.start <= reach]
            ref = refs[0] if refs else None
        if ref is None or ref.type not in ("PER", "ORG") or _lam_ref(doc, ref):
            return []
        found, last_end = [ref.entity], ref.end
        for r in mentions.within(ref.end, tokens[hit.index - 1].end):  # "وعقد X وY مؤتمرا صحافيا مشتركا"
            if r.type not in ("PER", "ORG") or r.start < last_end:
                continue
            # joined by و, on the name ("وY") or on its title ("ووزير الخارجية الروسي Y"): a few words at most
            gap = doc.body[last_end:r.start].split()
            if gap and gap[0].startswith("و") and len(gap) <= JOINED_TITLE_WORDS \
                    and all(w.isalpha() for w in gap):
                found.append(r.entity)
                last_end = r.end
        return list(dict.fromkeys(found))

    def _control_subject(self, doc: Document, tokens: list[Token], hit: TriggerHit, s_lo: int,
                         mentions: MentionIndex) -> list[str]:
        """"ووافقت تركيا على التعاون مع X", "وقررت تركيا تعزيز التعاون مع X": the subject of a verb of consent or
        decision right before the noun (past على and one verbal noun at most) is the noun's actor."""
        after = hit.index + hit.width
        if after < len(tokens) and not (tokens[after].text in GOVERNING or tokens[after].text[:1] in "لب"
                                        or tokens[after].text in CLAUSE_MARKS or tokens[after].text in SENTENCE_END):
            return []  # "وافق الرئيس على زيارة وفد …": the noun has an actor of its own after it
        k = hit.index - 1
        if k > s_lo and tokens[k].norm in CONTROL_LINKS:
            k -= 1  # "تعزيز"، "مواصلة"
        if k > s_lo and tokens[k].text == "على":
            k -= 1
        if k <= s_lo:
            return []
        ref = mentions.ending_at(tokens[k].end)
        if ref is None or ref.type not in ("PER", "ORG", "LOC") or _lam_ref(doc, ref):
            return []
        v = bisect_right(tokens, ref.start, s_lo, k + 1, key=_START) - 1  # the token the subject starts in
        if v - 1 < s_lo or strip_conj(tokens[v - 1].norm, CONTROL_VERBS) is None:
            return []
        return [ref.entity]

    def _possessor(self, doc: Document, tokens: list[Token], hit: TriggerHit, s_lo: int,
                   mentions: MentionIndex, para_start: int) -> list[str]:
        """Whose "لقائه/زيارتها/لقائهما" it is: the first person of the sentence before it, its subject (else
        an organisation; "أكد X دور Y …، وذلك خلال استقباله"); with none, the speaker of the quote it is in,
        else the first actor of the paragraph, the one it is about ("وصل الوزير إلى باريس. وخلال زيارته …"),
        looked for in the POSSESSOR_REACH characters before. A person agrees with the suffix (ه a man, ها a
        woman: "دون الحاجة إلى زيارتها" is no visit by the man named before). "هما": two."""
        start = tokens[hit.index].start
        wanted = 2 if hit.suffix == "هما" else 1
        # "زيارته" is a man's or a thing's, "زيارتها" a woman's or an organisation's: a person must agree
        gender = {"ه": "m", "ها": "f"}.get(hit.suffix)

        def actors(lo: int, nearest: bool = True) -> list[str]:
            refs = [r for r in mentions.within(lo, start) if r.type in ("PER", "ORG") and not _lam_ref(doc, r)
                    and (gender is None or r.type != "PER" or mentions.gender(r.entity, self.cues) == gender)]
            people = [r.entity for r in refs if r.type == "PER"]
            pick = people if people else [r.entity for r in refs]
            return list(dict.fromkeys(reversed(pick) if nearest else pick))[:wanted]

        prev = mentions.ending_at(tokens[hit.index - 1].end) if hit.index > s_lo else None
        if wanted == 1 and prev is not None and prev.type in ("PER", "ORG") and not _lam_ref(doc, prev) \
                and (gender is None or prev.type != "PER" or mentions.gender(prev.entity, self.cues) == gender):
            self.before_how = "poss:prev"
            return [prev.entity]  # "أن تركيز طائرات التحالف قصفها على …": the name right before owns it
        escorted = self._escorted(tokens, hit, s_lo, mentions)
        if wanted == 1 and escorted is not None and (gender is None or mentions.gender(escorted, self.cues) == gender):
            self.before_how = "poss:escorted"
            return [escorted]
        found = actors(max(tokens[s_lo].start, start - POSSESSOR_REACH), nearest=False)
        self.before_how = "poss:sent"
        if len(found) < wanted:
            quote = self._quote_at(doc, start)
            if quote is not None and quote.speaker and (gender is None or quote.speaker not in mentions.entities
                                                        or mentions.gender(quote.speaker, self.cues) in (gender, "*")):
                found = list(dict.fromkeys([*found, quote.speaker]))
                self.before_how = "poss:quote"
        if not found:
            said = self._quote_after_cue(doc, start, tokens[s_lo].start)
            if said is not None and said.speaker and (gender is None or said.speaker not in mentions.entities
                                                      or mentions.gender(said.speaker, self.cues) in (gender, "*")):
                found = [said.speaker]
                self.before_how = "poss:said"  # "وقال خلال استقباله المبايعين … إن": the one who said it received them
        if not found:
            self.before_how = "poss:para"
            found = actors(max(para_start, start - POSSESSOR_REACH), nearest=False)
            if hit.trig.type == "CONSULT":
                # "وصل الوزير إلى باريس. وخلال زيارته": a person of the sentences before; an organisation there
                # ("واس - …" in a dateline) is a guess for the unnamed or unrecognised person of this sentence
                found = [e for e in found if kinds_of(mentions, e) == "PER"]
        return found

    def _sides_speak(self, tokens: list[Token], hit: TriggerHit, s_lo: int, mentions: MentionIndex) -> bool:
        """Whether a verb of the sentence before the trigger (a reporting verb or an event's) has the sides for
        its subject ("وعبر الوزراء", "وأكد الجانبان"), looked for SIDES_REACH tokens back."""
        for k in range(max(s_lo, hit.index - SIDES_REACH), hit.index - 1):
            if tokens[k + 1].norm in self.lex.plural_subjects and (self.cues.all_verb_forms.get(tokens[k].norm)
                                                                  or self._verb_at(tokens, k, hit.index, mentions)):
                return True
        return False

    def _quote_after_cue(self, doc: Document, pos: int, sentence_start: int) -> Quote | None:
        """The quote whose cue stands before `pos` in its sentence and whose words come after it ("وقال خلال
        استقباله الوفد إن …")."""
        quotes = doc.quotes
        if len(quotes) < 8:
            after = [q for q in quotes if q.start > pos]
            q = min(after, key=_START) if after else None
        else:
            order, keys = _sorted_by_start(doc, quotes, "sorted_quotes")
            k = bisect_right(keys, pos)
            q = order[k] if k < len(order) else None
        if q is None or q.cue_span is None or not sentence_start <= q.cue_span.start < pos:
            return None
        return q

    def _sentence_actor(self, doc: Document, tokens: list[Token], hit: TriggerHit, s_lo: int, para: _Paragraph,
                        mentions: MentionIndex) -> list[str]:
        """The actor of a sentence, for a participle that continues it: the subject of an event already found
        in it, else its first person or organisation (not one after في/إلى, nor one with a glued ل), else the
        speaker of the quote the participle is in."""
        before = para.with_source.get(s_lo)
        if before is not None:
            return list(before.source)
        start = tokens[hit.index].start
        subject_end = tokens[min(hit.index, s_lo + SUBJECT_REACH)].start  # where a subject can be
        for r in mentions.within(tokens[s_lo].start, min(start, subject_end + 1)):
            if r.type in ("PER", "ORG") and not _lam_ref(doc, r) and not self._after_place_word(tokens, r):
                return [r.entity]
        quote = self._quote_at(doc, start) or self._quote_before(doc, start, tokens[s_lo].start)
        return [quote.speaker] if quote is not None and quote.speaker else []

    def _quote_before(self, doc: Document, pos: int, sentence_start: int) -> Quote | None:
        """The last quote of the sentence that ends before `pos` ("وأكد أن «…»، مثمنا دور X": the one who said
        it praises)."""
        quotes = doc.quotes
        if len(quotes) < 8:
            before = [q for q in quotes if q.start < pos]
            q = max(before, key=_START) if before else None
        else:
            order, keys = _sorted_by_start(doc, quotes, "sorted_quotes")
            k = bisect_left(keys, pos)
            q = order[k - 1] if k > 0 else None
        if q is None or q.start < sentence_start or q.end > pos:
            return None
        return q

    def _subject_left_out(self, tokens: list[Token], hit: TriggerHit, s_lo: int) -> bool:
        """Whether a verb names no subject of its own: it opens its clause (the sentence, a comma, "وقد",
        "وكان", a relative pronoun before it, or و/ف on it) and no definite noun follows it ("أن المملكة ترحب"
        and "زار الفريق المشروع" have a subject, only no named one)."""
        prev = tokens[hit.index - 1] if hit.index > s_lo else None
        if prev is not None and prev.norm in RELATIVES:
            return True  # "بحاح، الذي يزور العاصمة": the antecedent
        opens = prev is None or prev.text in CLAUSE_MARKS or prev.norm in RELATIVES or hit.conj \
            or strip_conj(prev.norm, OPENERS) is not None
        nxt = tokens[hit.index + hit.width] if hit.index + hit.width < len(tokens) else None
        named_after = nxt is not None and nxt.kind == "word" and "ال" in nxt.prefix
        return bool(opens) and not named_after

    def _dropped_subject(self, doc: Document, tokens: list[Token], hit: TriggerHit, mentions: MentionIndex,
                         para_start: int, sentence_start: int) -> list[str]:
        """The subject of a verb that names none: the first person of its sentence ("X، المعارض …، قد توجه"),
        else the person last named before it in its paragraph (within POSSESSOR_REACH characters); not one
        after في/إلى nor one with a glued ل."""
        start = tokens[hit.index].start
        lo = max(para_start, start - POSSESSOR_REACH)
        # a feminine verb ("زارت", "وتستقبل ضيوفها") is a woman's, a state's or an organisation's: not a man's
        # (names are taken for men unless known as women's, so only this way round is safe)
        word = tokens[hit.index].norm.lstrip("وف")
        feminine = (word.startswith("ت") or word.endswith("ت")) and not word.startswith(("تو", "تبا", "تعا"))
        people = [r for r in mentions.within(lo, start)
                  if r.type == "PER" and not _lam_ref(doc, r) and not self._after_place_word(tokens, r)
                  and not (feminine and mentions.gender(r.entity, self.cues) == "m")]
        if hit.index > 0 and tokens[hit.index - 1].norm in PLURAL_RELATIVES:
            # "وزراء خارجية دول مجلس التعاون، الذين يزورون قطر": a group, never one person named before
            k = hit.index - 2
            if k >= 0 and tokens[k].text in COMMAS:
                k -= 1
            ref = mentions.ending_at(tokens[k].end) if k >= 0 else None
            return [ref.entity] if ref is not None and ref.type in ("ORG", "LOC") and not _lam_ref(doc, ref) else []
        if hit.index > 0 and tokens[hit.index - 1].norm in RELATIVES and people:
            return [people[-1].entity]  # "بحاح، الذي يزور أبوظبي": the antecedent
        if people and self._own_subject_between(tokens, people[-1].end, hit.index, mentions):
            return []  # "وذكر X أن المركز أقام حفلا، اجتمع فيه المتعافون": the reported clause has its own subject
        # "وأثار القرار الذي أصدره رئيس الحكومة X …، وهدد قيادي في الجمعية": a name in a relative clause is not
        # the sentence's subject
        rel = next((k for k in range(bisect_left(tokens, sentence_start, key=_START), hit.index)
                    if tokens[k].norm.removeprefix("و") in RELATIVES), None)
        first = next((r for r in people if r.start >= sentence_start), None)
        if first is not None and rel is not None and tokens[rel].start < first.start:
            return []
        if first is not None:
            return [first.entity]
        s_lo = bisect_left(tokens, sentence_start, key=_START)
        if s_lo + 1 < hit.index and self._verb_at(tokens, s_lo, hit.index, mentions) \
                and self._unnamed_title(tokens, s_lo + 1, mentions):
            return []  # "وشدد المندوب الصيني على …، وطالب بـ…": the sentence's subject, who is named nowhere
        return [people[-1].entity] if people else []

    def _own_subject_between(self, tokens: list[Token], start: int, until: int, mentions: MentionIndex) -> bool:
        """Whether a complementizer between `start` (a name's end) and token `until` is followed by a definite
        noun that names no one ("أن المركز", "إن الرباعي الحاكم"): a clause with a subject of its own ("إنه" is
        the one named before)."""
        for k in range(bisect_left(tokens, start, key=_START), until - 1):
            t, nxt = tokens[k], tokens[k + 1]
            if self.cues.is_complementizer(t.norm) and nxt.kind == "word" and "ال" in nxt.prefix \
                    and mentions.covering(nxt.start, nxt.end) is None and not mentions.within(nxt.start, nxt.end):
                return True
        return False

    def _verb_at(self, tokens: list[Token], k: int, until: int, mentions: MentionIndex) -> bool:
        """Whether token k is a verb: a reporting verb of the cues or a verb trigger."""
        if self.cues.verb_forms.get(tokens[k].norm):
            return True
        other = self._trigger_at(tokens, k, until, mentions)
        return other is not None and other.trig.pos == "verb"

    def _opening_subject(self, doc: Document, tokens: list[Token], s_lo: int, until: int,
                         mentions: MentionIndex) -> list[str]:
        """The subject of the verb that opens a sentence ("وتقود الولايات المتحدة …"): the name right after it
        (a title before the name at most), when the sentence opens with a verb of an event."""
        opener = self._trigger_at(tokens, s_lo, until, mentions) if s_lo < until else None
        verb = opener is not None and opener.trig.pos == "verb"
        if not verb and not (s_lo < until and tokens[s_lo].kind == "word" and tokens[s_lo].norm[:1] in "وف"
                             and tokens[s_lo].norm[1:2] in "يت" and "ال" not in tokens[s_lo].prefix):
            return []  # only a clause that opens with a verb ("وتقود", "ويشن") has its subject next
        k = s_lo + 1
        refs = mentions.within(tokens[k].start, tokens[min(until, k + SUBJECT_REACH) - 1].end) if k < until else []
        ref = next(iter(refs), None)
        if ref is None or _lam_ref(doc, ref) or self._governed_refs(tokens, [ref]) or self._after_place_word(tokens, ref):
            return []
        return [ref.entity]

    @staticmethod
    def _named_after(tokens: list[Token], hit: TriggerHit, mentions: MentionIndex) -> bool:
        """Whether a name or a definite noun follows the verb: a subject of its own ("وبحث الوزير …")."""
        k = hit.index + hit.width
        if k >= len(tokens):
            return False
        t = tokens[k]
        return t.kind == "word" and ("ال" in t.prefix or mentions.covering(t.start, t.end) is not None)

    @staticmethod
    def _right_after(tokens: list[Token], hit: TriggerHit, mentions: MentionIndex, entity: str) -> bool:
        """Whether a mention of `entity` is the word right after the trigger's phrase."""
        k = hit.index + hit.width
        if k >= len(tokens):
            return False
        ref = mentions.covering(tokens[k].start, tokens[k].end)
        return ref is not None and ref.entity == entity

    def _adjacent(self, doc: Document, mentions: MentionIndex, first_id: str, second_id: str, after: int) -> bool:
        """Whether the first mention of `second_id` after `after` follows the first of `first_id` within
        two words ("حزب المحافظين ديفيد ديفيز"); only the next few mentions are looked at."""
        i = bisect_left(mentions.starts, after)
        near = list(islice(mentions.refs, i, i + 8))
        a = next((r for r in near if r.entity == first_id), None)
        b = next((r for r in near if r.entity == second_id), None)
        return bool(a and b and a.end <= b.start and b.start - a.end <= 40
                    and len(doc.body[a.end:b.start].split()) <= 2)

    def _adjective(self, doc: Document, tokens: list[Token], ref: MentionRef, hit: TriggerHit) -> bool:
        """Whether a mention reads as a relative adjective ("وزير الخارجية السعودي"): it looks like one and
        follows a word it may qualify — not the trigger, a preposition or و ("بحثت السعودية ومصر")."""
        text = ref_text(doc, ref)
        if not is_nisba(text) or len(text.split()) > 1:
            return False  # (a name of several words is no adjective: "بدور المملكة العربية السعودية")
        k = bisect_left(tokens, ref.start, key=_START)
        if k < len(tokens) and tokens[k].start < ref.start:
            return False  # a proclitic on it: "والسعودية", "بالسعودية"
        prev = tokens[k - 1] if k > 0 else None
        # (a definite adjective never follows a noun in construct: "بدور السعودية", "بجهود السعودية" name the
        # kingdom; "الدور السعودي", "نظيره السعودي" qualify)
        construct = prev is not None and prev.kind == "word" and "ال" not in prev.prefix \
            and not prev.norm.endswith(("ه", "ها", "هم", "هما")) and ref.start - prev.end <= 1 and hit.trig.pos == "verb"
        return not (prev is None or k - 1 == hit.index + hit.width - 1 or prev.kind != "word" or construct
                    or prev.norm in self.lex.with_words or prev.norm in self.lex.between_words
                    or prev.norm in self.lex.place_words)

    @staticmethod
    def _after_name(tokens: list[Token], ref: MentionRef, mentions: MentionIndex) -> bool:
        """Whether a place follows a person's name ("زار سامح شكري السعودية"): no adjective of the name, the
        place the verb of motion goes to."""
        k = bisect_left(tokens, ref.start, key=_START)
        if k == 0 or tokens[k - 1].kind != "word":
            return False
        prev = mentions.covering(tokens[k - 1].start, tokens[k - 1].end)
        return prev is not None and prev.type == "PER"

    def _in_title(self, tokens: list[Token], ref: MentionRef) -> bool:
        """Whether a place follows a title word ("وزير خارجية مصر", "سفير فرنسا"): part of someone's title."""
        k = bisect_left(tokens, ref.start, key=_START)
        return k > 0 and (tokens[k - 1].norm in self.lex.title_words
                          or strip_conj(tokens[k - 1].norm, self.lex.title_words) is not None)

    @staticmethod
    def _nisba_after_noun(doc: Document, tokens: list[Token], ref: MentionRef, mentions: MentionIndex) -> bool:
        """"الجامعات السعودية ترفض": a relative adjective after a definite noun qualifies it, it is no subject."""
        if not is_nisba(ref_text(doc, ref)):
            return False
        k = bisect_left(tokens, ref.start, key=_START)
        if k == 0:
            return False
        prev = tokens[k - 1]
        return prev.kind == "word" and "ال" in prev.prefix and mentions.covering(prev.start, prev.end) is None

    def _after_place_word(self, tokens: list[Token], ref: MentionRef) -> bool:
        """Whether a mention follows "في/إلى" ("وصل X إلى بيروت"): a place, not a subject."""
        k = bisect_left(tokens, ref.start, key=_START)
        return k > 0 and tokens[k - 1].norm in self.lex.place_words

    @staticmethod
    def _place_after_date(tokens: list[Token], hit: TriggerHit, s_hi: int, mentions: MentionIndex) -> str | None:
        """Where talks are held when their date stands between the last name of the sides and the place: "اجتمع
        وزراء خارجية دول المجلس مع وزير الخارجية الأمريكي جون كيري، اليوم الاثنين في مدينة الدوحة" (a name, a
        comma and a date, then في, "مدينة/العاصمة" and a place), within PLACE_AFTER_DATE tokens of the trigger."""
        far = min(s_hi, hit.index + hit.width + PLACE_AFTER_DATE)
        k = next((j for j in range(hit.index + hit.width, far) if mentions.in_date(tokens[j].start)), None)
        if k is None:
            return None
        b = k - 1
        while b > hit.index and tokens[b].text in ("،", ","):
            b -= 1
        if b <= hit.index or mentions.covering(tokens[b].start, tokens[b].end) is None:
            return None  # the date does not follow a name: another clause's
        while k < far and (tokens[k].text in ("،", ",") or mentions.in_date(tokens[k].start)):
            k += 1
        if k + 1 >= far or tokens[k].norm != "في":
            return None
        k += 1 + (tokens[k + 1].norm in PLACE_HEADS)
        ref = mentions.covering(tokens[k].start, tokens[k].end) if k < far else None
        return ref.entity if ref is not None and ref.type == "LOC" and ref.start == tokens[k].start else None

    def _quote_at(self, doc: Document, pos: int) -> Quote | None:
        quotes = doc.quotes
        if len(quotes) < 8:
            return next((q for q in quotes if q.start <= pos < q.end), None)
        order, keys = _sorted_by_start(doc, quotes, "sorted_quotes")
        k = bisect_right(keys, pos)
        return next((q for q in reversed(order[max(0, k - 4):k]) if pos < q.end), None)

    def _date(self, doc: Document, tokens: list[Token], hit: TriggerHit, s_lo: int,
              mentions: MentionIndex) -> tuple[str | None, list[str] | None]:
        start = tokens[hit.index].start
        end_tok = min(len(tokens), hit.index + hit.width + DATE_AFTER)
        limit = tokens[end_tok - 1].end
        # after the trigger, not past the next trigger or sentence end; the rest of the trigger's own
        # phrase ("شنت الطائرات غارات") and the noun it governs ("ستستضيف الاجتماع") do not count
        first_free = max(hit.resume, hit.index + hit.width) + 1
        for j in range(hit.index + hit.width, end_tok):
            if tokens[j].text in SENTENCE_END or (j >= first_free and self._trigger_at(tokens, j, end_tok, mentions)):
                limit = tokens[j].start
                break
        else:
            if hit.trig.pos == "verb" and end_tok < len(tokens):
                # "استقبل الأمير X أمير المنطقة الشرقية، بالقاعة الكبرى في مقر الإمارة بالدمام، أمس، …": past a
                # long subject and where, the verb's date still comes before any other verb, clause or trigger
                far = min(len(tokens), hit.index + hit.width + DATE_AFTER_VERB)
                for j in range(hit.index + hit.width, far):
                    t = tokens[j]
                    bare = t.norm[1:] if t.norm[:1] in ("و", "ف") and len(t.norm) > 3 else t.norm
                    if t.text in SENTENCE_END or t.norm in RELATIVES or self.cues.is_complementizer(t.norm) \
                            or self.cues.verb_forms.get(t.norm) or self.cues.verb_forms.get(bare) \
                            or (j >= first_free and self._trigger_at(tokens, j, far, mentions)):
                        break
                    if j >= end_tok:
                        limit = t.end
        dates, starts = _sorted_by_start(doc, doc.dates, "sorted_dates")
        k = bisect_left(starts, tokens[hit.index].end)
        if k < len(dates) and dates[k].start >= tokens[end_tok - 1].end and dates[k].start < limit \
                and doc.body[:dates[k].start].rstrip()[-1:] not in ("،", ",") \
                and doc.body[:dates[k].start].split()[-1:] != ["في"]:
            # (that far, only an adverb set off by a comma or after في: "بالدمام، أمس،"; not "بيان جنيف المؤرخ
            # بـ30 يونيو 2012", a noun's date)
            limit = dates[k].start
        if k < len(dates) and dates[k].start < limit:
            # "أول زيارة له منذ تسلمه مهامه في فبراير", "منذ 23 سبتمبر 2014 وحتى فجر أمس": a date after منذ or
            # حتى bounds a stretch of time, it is not the day of the act
            return (None, None) if _bound_of_stretch(doc.body, dates[k]) else date_fields(dates[k])
        floor_index = max(s_lo, hit.index - DATE_BEFORE)
        floor = tokens[floor_index].start
        before = [d for d in dates[bisect_left(starts, floor):bisect_left(starts, start)]
                  if d.end <= start and not _bound_of_stretch(doc.body, d)]
        if before:
            d = max(before, key=lambda d: d.start)
            between = [t for t in tokens[floor_index:hit.index] if t.start >= d.end]
            if not any(self.cues.is_complementizer(t.norm) or self.cues.verb_forms.get(t.norm) for t in between):
                return date_fields(d)
        return None, None

    def _status(self, tokens: list[Token], hit: TriggerHit, s_lo: int, s_hi: int) -> str:
        # the words before, back to the start of the clause: "هددت الجماعة بالرد، واتهمت الرياض" — the
        # threat does not make the accusation hypothetical (no status window is longer than STATUS_REACH)
        lo = max(s_lo, hit.index - STATUS_REACH)
        for k in range(hit.index - 1, lo - 1, -1):
            if tokens[k].text in ("،", ",") and tokens[k + 1].norm[:1] in ("و", "ف"):
                lo = k + 1
                break
        before = [t.norm for t in tokens[lo:hit.index] if t.kind == "word"]
        clause = lo  # where the trigger's own clause starts: a negation before it does not reach it
        for k in range(hit.index - 1, lo - 1, -1):
            if tokens[k].text in CLAUSE_MARKS or tokens[k].norm in RELATIVES or self.cues.is_complementizer(tokens[k].norm):
                clause = k + 1
                break
        own = [t.norm for t in tokens[clause:hit.index] if t.kind == "word"]
        after = []  # the words right after it, in its clause ("الاجتماع الوزاري الخامس … المقرر عقده")
        for t in tokens[hit.index + hit.width:min(s_hi, hit.index + hit.width + STATUS_AFTER)]:
            if t.text in CLAUSE_MARKS:
                break
            if t.kind == "word":
                after.append(t.norm)
        window = {"denied": 10, "planned": 5, "planned_far": 12, "hypothetical": 8, "ongoing": 4}

        def strip(words: list[str]) -> tuple[list[str], list[str]]:
            return words, [w[1:] if w[:1] in ("و", "ف") and len(w) > 2 else w for w in words]

        def has(where: str, status: str, both: tuple[list[str], list[str]], last: int | None = None) -> bool:
            """Whether a phrase of the status list occurs in the `last` words of `both` (each word as is or
            without و/ف: "ولم" -> "لم")."""
            index = self.lex.status_index[(where, status)]
            if "" in index:
                return True  # an empty phrase occurs anywhere
            words, bare = both
            if last is not None:
                words, bare = words[-last:], bare[-last:]
            if index.keys().isdisjoint(words) and index.keys().isdisjoint(bare):
                return False  # most of the time: no phrase starts with any of the words
            n_words = len(words)
            for k in range(n_words):
                # only phrases that start with this word (or its bare form) are compared
                for first in (words[k], bare[k]):
                    for p in index.get(first, ()):
                        n = len(p)
                        if k + n <= n_words and all(words[k + i] == p[i] or bare[k + i] == p[i]
                                                    for i in range(1, n)):
                            return True
            return False

        words, own_words, after_words = strip(before), strip(own), strip(after)
        if hit.trig.type != "DENY" and (has("before", "denied", words, window["denied"])
                                        or has("before", "denied_clause", own_words, window["denied"])):
            return "denied"
        if hit.trig.pos == "verb" and own and strip_conj(own[-1], NEGATIONS) is not None:
            return "denied"  # "عائلة الملا عمر لا تؤيد الزعيم الجديد": لا right before a verb negates it
        if hit.trig.pos == "verb" and hit.index - 1 > s_lo and tokens[hit.index - 1].norm == "ان" and not any(
                self.cues.is_complementizer(tokens[k].norm) for k in range(s_lo, hit.index - 1)) \
                and has("before", "planned_far", strip([t.norm for t in tokens[s_lo:hit.index - 1]])):
            return "planned"  # "ومن المقرر، وفقا لما أعلنه المتحدث …، أن يلتقي الوزير …": past a long aside
        if hit.future or has("before", "planned", words, window["planned"]) or \
                has("before", "planned_far", words, window["planned_far"]) or has("after", "planned", after_words):
            return "planned"
        # "ودعا الرئيس خلال لقائه المبعوث": the meeting is when he called, not what he called for
        occasion = hit.trig.pos == "noun" and hit.index > s_lo \
            and strip_conj(tokens[hit.index - 1].norm, OCCASION) is not None
        # what is asked for or threatened has not happened; an ask after an ask is one more act that did
        # ("طالبت أنقرة باحترام سيادة العراق، داعية تركيا والعراق إلى التعاون": the appeal was made)
        asked = not (hit.trig.type in SPEECH_ACTS and hit.trig.pos == "verb") \
            and has("before", "hypothetical_asked", words, window["hypothetical"])
        if (not occasion and (has("before", "hypothetical", words, window["hypothetical"]) or asked)) or (
                hit.trig.pos == "noun" and has("after", "hypothetical", after_words)):
            return "hypothetical"
        if has("before", "ongoing", words, window["ongoing"]) or has("after", "ongoing", after_words):
            return "ongoing"
        verb = tokens[hit.index].norm.lstrip("وف")
        if hit.trig.type in HABITUAL and hit.trig.pos == "verb" and not hit.trig.participle \
                and verb[:1] in ("ي", "ت") and not _past_of_tafaal(verb):
            return "ongoing"
        if hit.trig.mode == "visit" and hit.trig.pos == "verb" and verb[:1] in ("ي", "ت") and hit.index > s_lo \
                and tokens[hit.index - 1].norm in RELATIVES:
            return "ongoing"  # "بحاح، الذي يزور أبوظبي", "الوزراء، الذين يزورون قطر": on a visit now  # "وتشن تركيا غارات", "تدعم إيران نظام الأسد": the present of these is a state of things
        return "happened"

    # -- merging mentions into events

    def _merge(self, doc: Document, found: list[EventMention], mentions: MentionIndex) -> list[Event]:
        published = doc.published.date if doc.published else None
        _share_sentence_dates(found, published)
        cities = self._cities(doc)
        groups: list[_Group] = []
        by_type: dict[str, OrderedDict[int, _Group]] = {}  # per type, most recently mentioned last
        last: _Group | None = None
        for m in found:
            if m.status == "happened" and m.date and published and m.date[:10] > published:
                m.status = "planned"
            recent = by_type.setdefault(m.hit.trig.type, OrderedDict())
            # the sides' welcomes, appeals, agreements in a joint statement are one act each, not mentions of one
            alone = m.sides and not m.participants and m.hit.trig.type != "CONSULT"
            alone = alone or (m.hit.trig.type in STATE_ACTS and _told_anew(doc.body, m))
            target = None if alone else self._group_for(m, reversed(recent.values()), cities)
            if target is not None and m.pointed and m.participants and not _agree(m.participants, target.have):
                m.source, m.target = [], []  # what "هذه المباحثات" is said to be is no side of it
            if target is None and not alone and m.hit.trig.type in ONE_STATE_TYPES:
                target = _same_state_group(m, reversed(recent.values()), mentions)
            talks = next((g for g in islice(reversed(by_type.get("CONSULT", {}).values()), MERGE_LOOKBACK)
                          if len(g.have) >= 2), None)  # the last talks between two sides or more
            if talks is None and last is not None and len(last.have) >= 2:
                talks = last  # else the last event, if it has two sides
            if target is None and m.sides and not m.participants and talks is not None:
                # "اتفق الطرفان": the sides of the last talks (else the last event), in an event of a new type
                told = talks
                m.source, m.target = list(told.mentions[0].source), list(told.mentions[0].target)
                m.how = "sides"
                m.source += [e for e in told.sources if e not in m.source]
                if self._quote_at(doc, m.trigger.start) is None:  # not what someone says was agreed
                    _date_of_talks(m, told)
                if alone:  # "ورحب الوزراء": every side welcomes
                    m.source, m.target = list(dict.fromkeys(m.source + m.target)), []
            elif target is None and m.sides and not m.source and m.hit.trig.type != "CONSULT" \
                    and talks is not None:
                # "ورحب الوزراء بـX، داعين Y إلى": the sides of the last talks act on X, on Y
                told = talks
                sides = list(dict.fromkeys(told.mentions[0].source + told.mentions[0].target + told.sources))
                m.source = [e for e in sides if e not in m.target]
                m.how = "sides"
                if self._quote_at(doc, m.trigger.start) is None:  # not what someone says was agreed
                    _date_of_talks(m, told)
            if target is None:
                target = _Group(len(groups))
                groups.append(target)
            target.add(m)
            recent[target.key] = target
            recent.move_to_end(target.key)  # the most recently mentioned is the salient one
            last = target
        groups = _fold_subsets(groups, {k: e.name for k, e in mentions.entities.items()},
                               {k: e.type for k, e in mentions.entities.items()})
        events: list[Event] = []
        untimed: list[bool] = []  # per event: told as earlier or after/before something else (no occasion date)
        toured: list[bool] = []  # per event: its mentions name two places or more (a tour)
        kinds = _Kinds(mentions)
        credits = _dateline_credits(doc)
        lead = _lead_sentence(doc)
        story_day, lead_dated = _story_day(doc, lead, published) if published else (None, False)
        story_dated: set[str] = set()  # the events dated by the story's day only, no date of their own
        doc.derived()["story_dated"] = story_dated
        for group in (g.mentions for g in groups):  # in the order of their first mentions
            head = group[0]
            if not any(g.participants or g.place for g in group):
                continue  # "اللقاء" with nothing to attach to
            if head.hit.trig.type not in ("CONSULT", "PROTEST") and not any(g.participants for g in group):
                continue  # "ورحب الوزراء بالعودة إلى عدن": a welcome by no one named says nothing of whom
            parties = {e for g in group for e in g.participants}
            if head.hit.trig.type == "CONSULT" and head.status != "denied" and not any(
                    kinds.get(e) in ("PER", "ORG") for e in parties) and (len(parties) < 2 or head.mode in ("visit", "host")) \
                    and not any(g.how == "titled" for g in group):
                # two states may talk ("بحثت السعودية ومصر"); one place alone is no talks
                continue  # talks need someone to talk: "ألمانيا استقبلت طلبات لجوء" is no visit
                # (a denied one is kept: "نفى وجود خطط لدى موسكو لاستضافة اجتماع" says where)
            # the first mention's roles stand; later mentions add participants without swapping sides
            source = list(head.source) + [e for g in group[1:] for e in g.source if e not in head.target]
            source = list(dict.fromkeys(source))
            target = [e for e in dict.fromkeys(e for g in group for e in g.target) if e not in source]
            if credits & parties:
                # "واس - الرياض: ثمن مسؤولون يمنيون …، مشيدين": the agency of a dateline reports, it takes no part;
                # with no other side left, the one who acts went unnamed
                source = [e for e in source if e not in credits]
                target = [e for e in target if e not in credits]
                if not (source or target):
                    continue
            if any(g.paragraph != 0 for g in group) and any(kinds.get(e) == "PER" for e in source + target) \
                    and head.hit.trig.type not in STATE_ACTS:
                # (of any kind but the acts of states, whose state is the actor: "النرويج تدعو …" over "دعا
                # يوهان برغ، مدير جهاز الأمن النرويجي", but "طائرة مساعدات سعودية" is the kingdom's aid)
                # the headline "مباحثات سعودية أردنية" and the lead "أجرى الأمير X مباحثات مع الملك Y": the
                # states of the headline's adjectives are the people's, no sides of their own
                told = {e for g in group if g.paragraph != 0 for e in g.participants}
                source = [e for e in source if e in told or kinds.get(e) != "LOC"]
                target = [e for e in target if e in told or kinds.get(e) != "LOC"]
            date = next((g.date for g in group if g.date), None)
            interval = next((g.interval for g in group if g.interval), None)
            # a noun with no tense nor date ("وتأتي زيارة الجبير") says nothing of whether it happened: it does
            # not turn a planned visit into a past one
            stated = [g for g in group if not (g.status == "happened" and g.hit.trig.pos == "noun"
                                               and not g.hit.suffix and not (g.date or g.interval))]
            status = min((g.status for g in stated or group), key=lambda s: STATUS_RANK[s])
            if status == "happened" and published and (date or (interval or [""])[0])[:10] > published:
                status = "planned"  # dated after the article: it cannot have happened yet
            if date is None and interval is None and status == "happened" and story_day and (
                    head.paragraph == 0 or any(lead[0] <= g.trigger.start < lead[1] and not (g.earlier or g.sequenced)
                                               and (g.hit.trig.pos == "verb" or lead_dated)
                                               and self._quote_at(doc, g.trigger.start) is None for g in group)):
                # the headline and the lead report the day's news (a noun of the lead, "في زيارته الرسمية
                # لباريس", tells it only when the lead gives the day: else it may be a visit going on)
                date = story_day
            by_story = date is not None and date == story_day and not any(g.date for g in group)
            place = next((g.place for g in group if g.place), None)
            if place is not None and cities and place not in cities:
                # "يصل إلى إيران" in the headline, "وصل … إلى طهران" in the lead: the city says where (GUIDE: a visit
                # to a capital is one to its country, held in the city)
                place = next((g.place for g in group if g.place in cities
                              and _states_for_cities([g.place], cities, doc) == [place]), place)
            if head.mode == "visit" and place is not None and kinds.get(place) == "LOC" \
                    and place not in source and not any(kinds.get(e) in ("PER", "ORG") for e in target) \
                    and any(g.destination and g.place == place for g in group):
                # "زار جون كيري ماليزيا", "في زيارة إلى الرياض": the place one visits is also whom one visits
                # (GUIDE: visit = X visited place/Y), when no host is named; it stays the place too
                target = [*target, *_states_for_cities([place], cities, doc)]
            if head.hit.trig.type == "AID" and place is not None and kinds.get(place) == "LOC" and not target \
                    and place not in source and any(g.destination and g.place == place for g in group):
                # "أرسلت السعودية مساعدات طبية إلى اليمن": where aid is sent is whom it is for (GUIDE: the
                # recipient is the target); it stays the place too
                target = _states_for_cities([place], cities, doc)
            if cities:
                source, target, place = self._cities_in_roles(head, source, target, place, cities)
                if not (source or target) and head.hit.trig.type == "ASSAULT":
                    continue
                if head.hit.trig.type in STATE_ACTS:
                    # "أنقرة تشن غارات": a capital that strikes, aids or sanctions stands for its state, when the
                    # article names the state
                    source = _states_for_cities(source, cities, doc)
                    if head.hit.trig.type in ("AID", "SANCTION"):
                        target = [e for e in _states_for_cities(target, cities, doc) if e not in source]
            evidence = sorted({(g.evidence.start, g.evidence.end): g.evidence for g in group}.values(),
                              key=lambda s: s.start)
            confidence = min(0.95, 0.5 + 0.1 * (len(group) - 1) + (0.1 if date or interval else 0)
                             + (0.1 if source and target else 0))
            quotes = [self._quote_at(doc, g.trigger.start) for g in group]
            reported = quotes[0] if all(quotes) else None  # known only from someone's words: whose (the first)
            if reported is not None:
                confidence -= REPORTED_PENALTY  # not stated by the article itself
            untimed.append(any(g.earlier or g.sequenced for g in group))
            # (a city and its state are one place: "وصل إلى القاهرة" and "زيارته لمصر")
            toured.append(len(set(_states_for_cities(list({p for g in group for p in (g.place, *g.more_places) if p}),
                                                     cities, doc))) > 1)
            events.append(Event(
                id=f"ev{len(events) + 1}", type=head.hit.trig.type, mode=head.mode,
                cameo=head.hit.trig.cameo, source=source, target=target, date=date, date_interval=interval,
                place=place, place_name=mentions.entities[place].name if place else None, status=status,
                trigger=head.trigger, evidence=evidence, confidence=round(confidence, 2),
                quote=reported.id if reported else None, reported_by=reported.speaker if reported else None,
                reported_by_name=reported.speaker_name if reported else None,
            ))
            if by_story:
                story_dated.add(events[-1].id)
        _occasion_dates(events, untimed, published)
        _days_of_visits(events, toured, untimed, published)
        _places_of_visits(events, toured)
        _occasion_places(events, untimed)
        return events

    @staticmethod
    def _cities(doc: Document) -> frozenset[str]:
        """The document's cities the KB knows (an actor id below a country's: "loc.ru.moscow")."""
        return frozenset(e.id for e in doc.entities if e.type == "LOC" and e.actor and e.actor.startswith("loc.")
                         and e.actor.count(".") == 2)

    @staticmethod
    def _cities_in_roles(head: EventMention, source: list[str], target: list[str], place: str | None,
                         cities: frozenset[str]) -> tuple[list[str], list[str], str | None]:
        """A city is where talks are held, not a side ("بعد اجتماع سان بطرسبرج"). (A capital that acts keeps its
        name: "اتفقت واشنطن وموسكو" stays Washington and Moscow, as the dev set's annotators write it in four
        cases of five.)"""
        if head.hit.trig.type == "ASSAULT":
            # "غارات تستهدف الحديدة": a city struck is where, not a side; a city that strikes only a city
            # ("المقاومة تطهر زنجبار وغارات …" read across a headline) names no side at all
            hit = [e for e in target if e in cities]
            target = [e for e in target if e not in cities]
            if hit and not target and all(e in cities for e in source):
                source = []
            return source, target, place or next(iter(hit), None)
        if head.hit.trig.type != "CONSULT" or head.mode in ("visit", "host"):
            return source, target, place
        found = [e for e in source + target if e in cities]
        if found and len(source) + len(target) > len(found):  # (the city alone: the talks' only clue)
            source = [e for e in source if e not in found]
            target = [e for e in target if e not in found]
            place = place or found[0]
        return source, target, place

    def _group_for(self, m: EventMention, recent: Iterable[_Group],
                   cities: frozenset[str] = frozenset()) -> _Group | None:
        """The event a mention joins: of the most recent events of its type (the most salient first), the
        first with a compatible mode, status, dates and participants."""
        sharing: _Group | None = None  # for a mention after a demonstrative: the latest sharing a party
        pointed: _Group | None = None  # … and the latest compatible one
        for group in islice(recent, MERGE_LOOKBACK):
            head = group.mentions[0]
            modes = {head.mode, m.mode}
            if len(modes) > 1 and not any(modes <= c for c in COMPATIBLE_MODES):
                continue
            if len(modes) > 1 and (m.greeting or any(g.greeting for g in group.mentions[:1])):
                continue  # "كان باستقباله كينياتا" at the airport, and the talks after: two occurrences
            if status_class(m.status) != status_class(head.status):
                continue
            if not group.dates_compatible(m):
                continue
            if m.hit.trig.type == "ASSAULT" and _another_strike(m, group):
                continue  # "ضرب طائرات التحالف لمواقعهم" …¶ "تدمير قوات التحالف آليات عسكرية": two strikes
            if m.hit.trig.type == "ASSAULT" and _light_act_apart(m, group):
                continue  # "قامت الميليشيا بحصار المدينة" … "قامت بتفجير المخزون": a siege, then a blast
            if m.hit.trig.type in STATE_ACTS and _acts_apart(m, group):
                continue  # "شن أول غارات" / "ستشن هجمات": strikes done and to come
            if m.status == "planned" and (m.date or m.interval) and not (group.dates or group.intervals) \
                    and group.happened:
                continue  # "اجتمع الوزراء … واستعرضوا الاجتماع المقرر في سبتمبر": the next one, not this one
            if m.status == "happened" and (m.date or m.interval) and not (group.dates or group.intervals) \
                    and not group.happened:
                continue  # "وجه له الدعوة لزيارة موسكو … وكانت آخر زيارة قام بها في 2010": an earlier one
            if m.earlier and (((m.date or m.interval) and not ({m.date} & group.dates or m.interval and tuple(
                    m.interval) in group.intervals)) or (m.place and group.places and m.place not in group.places)):
                continue  # "وكان الجبير قد التقى لافروف في الدوحة الأسبوع الماضي": not the talks to come
            if m.earlier and not group.happened:
                continue  # told in the pluperfect, it happened before: not the one only planned
            if m.sibling and (m.sibling in group.siblings or (m.place and m.place not in group.places)):
                continue  # "زار الصين وتركيا": the visits of one list are kept apart, and from other places
            if m.mode == "visit" and m.destination and not m.anaphoric and m.place in cities and any(
                    g.destination and g.place in cities and g.place != m.place for g in group.mentions):
                continue  # "وجاءت زيارة كارتر لأربيل بعد يوم من زيارة لبغداد": a tour's stops, one visit each
                # (not "زيارتنا إلى بغداد": told as known, it may be what the article tells in other words)

            have = group.have
            mine = m.participants
            if not mine:
                if m.anaphoric:
                    return group
                continue
            if _agree(mine, have):
                return group
            if m.pointed:
                # "هذه المباحثات -التي هي الأولى بين إدارة أوباما والملك سلمان-": the talks just told, which its
                # clause describes (the parties it names are no new sides: see _merge); of those, the latest
                # that shares one of them ("الملك سلمان"), else the latest of all
                if mine & have and not sharing:
                    sharing = group
                pointed = pointed or group
        return sharing or pointed


def _agree(mine: set[str], have: set[str]) -> bool:
    """Whether a mention's participants fit an event's: one set holds the other, or they share two."""
    return mine <= have or bool(have and have <= mine) or len(mine & have) >= 2


def _same_state_group(m: EventMention, recent: Iterable[_Group], mentions: MentionIndex) -> _Group | None:
    """The event of the same state that a state's act with one actor and no one acted on retells ("اعتقلت
    السلطات التركية 590 شخصا" … "أن الشرطة التركية اعتقلت منذ الجمعة 590 شخصا"): a body of a state and the
    state, or two bodies of it, told as the actor of one arrest (status and dates agreeing)."""
    if len(m.source) != 1 or m.target:
        return None
    mine = mentions.entities.get(m.source[0])
    if mine is None:
        return None
    for group in islice(recent, MERGE_LOOKBACK):
        head = group.mentions[0]
        if status_class(m.status) != status_class(head.status) or not group.dates_compatible(m) \
                or any(x.target for x in group.mentions) or not group.sources:
            continue
        if all((o := mentions.entities.get(e)) is not None and _one_state(mine.name, o.name) for e in group.sources):
            state = next((e for e in group.sources if kinds_of(mentions, e) == "LOC"), None)
            if state is not None:
                m.source = [state]  # the state the event has already, not one more side of it
            return group
    return None


def _one_state(first: str, second: str) -> bool:
    """Whether two names are one state: a country and its body, or two bodies of it ("السلطات التركية",
    "الشرطة التركية")."""
    if first == second or same_state(first, second):
        return True
    a, b = norm(first).split(), norm(second).split()
    if len(a) < 2 or len(b) < 2:
        return False
    stems_a = {nisba_stem(w) for w in a[1:] if w.startswith("ال")} - {None}
    return bool(stems_a & {nisba_stem(w) for w in b[1:] if w.startswith("ال")})


def _past_of_tafaal(verb: str) -> bool:
    """A ت-initial verb in the past ("تعاونت", "تحالفت", "تظاهروا"): forms V and VI begin with ت in the
    perfect too, so only the ending tells them from the present ("تتعاون", "تتحالفان")."""
    return verb[:1] == "ت" and verb[:2] != "تت" and len(verb) >= 5 and verb.endswith(("ت", "وا"))


def _told_anew(body: str, m: EventMention) -> bool:
    """Whether a state's act is told as one more ("كما أرسلت الإمارات فريقا", "واستهدفت غارة أخرى"): a verb
    after كما, a noun before أخرى/آخر. (Talks are not: "كما بحث الجانبان" goes on telling the meeting.)"""
    if m.anaphoric or m.sides:
        return False
    start, end = m.trigger.start, m.trigger.end
    before = body[max(0, start - ANEW_REACH):start].split()
    after = body[end:end + ANEW_REACH].split()
    if m.hit.trig.pos == "verb":
        return bool(before) and before[-1] in ANEW_BEFORE
    return bool(after) and after[0].strip("،,.") in ANEW_AFTER


def _another_strike(m: EventMention, group: _Group) -> bool:
    """Whether an attack told in a paragraph of its own with another word, as a new act ("ضرب طائرات قوات
    التحالف لمواقعهم" …¶ "وحول تدمير قوات التحالف آليات عسكرية للمتمردين"), is another strike than one told
    only in other body paragraphs, each time as a new act too: news tells each strike of a campaign in its
    own words. Not after the headline (it names what the lead tells), nor after "القصف التركي" (the
    shelling already known, which a later "وتشن تركيا غارات" goes on telling)."""
    if m.anaphoric or m.paragraph == 0:
        return False
    word = _bare(m.trigger.text)
    return all(g.paragraph not in (0, m.paragraph) and not g.anaphoric and _bare(g.trigger.text) != word
               for g in group.mentions)


def _light_act_apart(m: EventMention, group: _Group) -> bool:
    """Whether an act told with a light verb and its noun ("قامت بتفجير", a trigger that `needs_source`), or
    an event told so, is another act than the group's: each such clause tells a deed of its own, unless the
    same noun tells it again ("قامت بقصف الحي … وقصفه")."""
    if m.anaphoric:
        return False
    words = {_act_word(g) for g in group.mentions}
    light = m.hit.trig.needs_source or any(g.hit.trig.needs_source for g in group.mentions)
    return light and _act_word(m) not in words


def _act_word(m: EventMention) -> str:
    """The word that names a mention's act: the noun after a light verb ("قامت بحصار" -> حصار), else its word."""
    if m.hit.trig.needs_source and m.hit.trig.rest:
        return _bare(m.hit.trig.rest[-1])
    return _bare(m.trigger.text)


def _bare(text: str) -> str:
    """An event word without its proclitics and article ("والغارات" -> "غارات"), to tell two words apart."""
    word = norm(text.split()[0]) if text.split() else ""
    word = word[1:] if word[:1] in ("و", "ف") and len(word) > 4 else word
    word = "ال" + word[2:] if word.startswith("لل") and len(word) > 4 else word  # "للقصف": ل + القصف
    word = word[1:] if word[:1] in ("ب", "ل", "ك") and not word.startswith("ال") and len(word) > 3 else word
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def _told_status(m: EventMention) -> str | None:
    """A mention's status as its words tell it: none for a noun with no tense nor date ("غارات جوية")."""
    if m.status == "happened" and m.hit.trig.pos == "noun" and not m.hit.suffix and not (m.date or m.interval):
        return None
    return m.status


def _acts_apart(m: EventMention, group: _Group) -> bool:
    """Whether a strike, aid or sanction told as to come is another occurrence than the one done (or the other
    way round): a state's acts repeat, and the news tells the next one after the last one ("شنت الولايات
    المتحدة أول غارات … وستشن هجمات ضد أهداف الدولة الإسلامية"). A noun with no tense nor date joins any."""
    mine = _told_status(m)
    if mine is None:
        return False
    if mine == "planned":
        return group.happened  # (a noun with no tense reads as done: "غارات" then "ستشن هجمات")
    # done or going on, after told only as to come (a campaign going on and a strike done may be one: "تشن
    # تركيا غارات" and "القصف التركي" of the same weeks)
    return mine in ("happened", "ongoing") and all(g.status == "planned" for g in group.mentions)


def _dateline_credits(doc: Document) -> frozenset[str]:
    """The organisations named only in datelines ("واس - الرياض:"، "الرياض - (واس)"): at the head of a
    paragraph, a dash, slash or colon next to the name."""
    body = doc.body
    heads = [p.start for p in doc.paragraphs]

    def dateline(m: Span) -> bool:
        i = bisect_right(heads, m.start) - 1
        if i < 0 or m.start - heads[i] > DATELINE_REACH:
            return False
        before = body[max(heads[i], m.start - 3):m.start]
        if any(c in OPEN_QUOTES for c in before):
            return False  # 'وتابع: «ميليشيا الحوثي قامت …': a quote opens after the colon, the name is its subject
        return any(c in before + body[m.end:m.end + 3] for c in DATELINE_MARKS)

    return frozenset(e.id for e in doc.entities
                     if e.type == "ORG" and e.mentions and all(map(dateline, e.mentions)))


def _sports_page(doc: Document) -> bool:
    """Whether the page says it is sports: its section ("رياضة", "Sport") or its address ("/sports/")."""
    section = norm(doc.section or "").lower()
    url = (doc.url or "").lower()
    return any(w in section for w in SPORTS_SECTIONS) or any(f"/{w}" in url for w in SPORTS_PATHS)


def _states_for_cities(ids: list[str], cities: frozenset[str], doc: Document) -> list[str]:
    """Each KB city of `ids` replaced by the article's entity for its country ("loc.tr.ankara" -> "loc.tr"),
    when the article names it."""
    if not any(e in cities for e in ids):
        return ids
    by_actor = {e.actor: e.id for e in doc.entities if e.type == "LOC" and e.actor}
    actor_of = {e.id: e.actor for e in doc.entities}
    out = []
    for e in ids:
        state = by_actor.get(actor_of[e].rsplit(".", 1)[0]) if e in cities and actor_of.get(e) else None
        out.append(state or e)
    return list(dict.fromkeys(out))


def _bound_of_stretch(body: str, d: DateMention) -> bool:
    """Whether a date mention opens or closes a stretch of time: "منذ فبراير", "منذ 4 أشهر", "وحتى فجر أمس", and
    the date of a منذ phrase's own noun ("أول زيارة له منذ تسلمه مهامه في فبراير": since he took office)."""
    first = norm(d.text.split(maxsplit=1)[0]) if d.text.strip() else ""
    if first in STRETCH_BOUNDS:
        return True
    before = body[max(0, d.start - 40):d.start]
    cut = max(before.rfind(c) for c in "،,.؛:\n(")
    words = [norm(w).lstrip("و") for w in before[cut + 1:].split()[-STRETCH_WORDS:]]
    return any(w in STRETCH_BOUNDS for w in words)


def _lead_sentence(doc: Document) -> tuple[int, int]:
    """Where the lead sentence is: the first sentence of the body after the headline (a first line that does
    not end as a sentence), not a dateline or a byline ("عين اليوم – متابعات": short, with no stop at its end)."""
    body = doc.body
    title_end = body.find("\n")
    headline = title_end > 0 and not body[:title_end].rstrip().endswith((".", "؟", "!"))
    for s in doc.sentences:
        if headline and s.start < title_end:
            continue
        if len(s.text.split()) >= LEAD_WORDS or s.text.rstrip().endswith((".", "؟", "!")):
            return s.start, s.end
    return 0, 0


def _story_day(doc: Document, lead: tuple[int, int], published: str) -> tuple[str, bool]:
    """The day of the article's news: the one day, close before the article, its lead sentence gives ("أعادت
    المقاومة … افتتاح مطار عدن … أمس"), else the publication day (GUIDE: the lead event without a date is
    usually the day of publication or the day before — the text decides); and whether the lead gave it."""
    days = {d.value for d in doc.dates if lead[0] <= d.start < lead[1] and d.value and len(d.value) == 10
            and not d.interval and len(d.values) <= 1 and 0 <= _days_before(d.value, published) <= OCCASION_DAYS}
    return (next(iter(days)), True) if len(days) == 1 else (published, False)


def _share_sentence_dates(found: list[EventMention], published: str | None = None) -> None:
    """An event with no date of its own takes the one date its sentence gives another event of the same
    standing ("وثمن X دور Y …، وذلك خلال استقباله أمس Z": the praise was made at yesterday's reception);
    not one told as earlier, and not when the sentence has two dates. A date after the article is a plan's
    ("أن محادثاتها مع الرئيس شملت … الزيارة التي يعتزم نتنياهو القيام بها الأسبوع المقبل"): the talks told
    as done do not take it."""
    by_sentence: dict[int, list[EventMention]] = {}
    for m in found:
        by_sentence.setdefault(m.sentence, []).append(m)
    for group in by_sentence.values():
        if len(group) < 2:
            continue
        # ("تأتي زيارة الجبير بعد لقاء عقده … يوم الإثنين": what comes before or after is of another day)
        givers = [m for m in group if (m.date or m.interval) and not m.earlier and not m.sequenced]
        dated = {(m.date, tuple(m.interval or ())) for m in givers}
        if len(dated) != 1 or len(givers) != sum(1 for m in group if m.date or m.interval):
            continue
        date, interval = next(iter(dated))
        ahead = published is not None and (date or (interval or ("",))[0])[:10] > published
        standing = {"planned" if ahead and m.status == "happened" else _standing(m.status) for m in givers}
        for m in group:
            # a noun with no tense, no owner and no date says nothing of when ("وتأتي زيارة X")
            told = m.hit.trig.pos == "verb" or bool(m.hit.suffix) or m.occasion
            if told and not (m.date or m.interval or m.earlier or m.sequenced) and _standing(m.status) in standing:
                m.date, m.interval = date, list(interval) or None


def _occasion_dates(events: list[Event], untimed: list[bool], published: str | None) -> None:
    """An act with no date of its own, told as done, takes the day of the occasion its sides met at: the one
    day of the dated talks (meetings, calls, visits) of the article that share a side with it ("التقى X أمس Y … وأكد X دعم
    بلاده لـY": the support was given at yesterday's meeting). Not when those events give two days, not for
    what is told as earlier or as before/after something else, and only for days close before the article
    (GUIDE: the lead event without a date is usually the day of publication or the day before)."""
    if not published:
        return
    days: dict[str, set[str]] = {}  # side -> the days of the done, dated talks it is in
    for ev, off in zip(events, untimed, strict=True):
        if ev.type == "CONSULT" and ev.date and not off and ev.status == "happened" and len(ev.date) == 10 \
                and _days_before(ev.date, published) <= OCCASION_DAYS:
            for e in (*ev.source, *ev.target):
                days.setdefault(e, set()).add(ev.date)
    if not days:
        return
    for ev, off in zip(events, untimed, strict=True):
        if ev.date or ev.date_interval or off or ev.status != "happened" or ev.type == "CONSULT":
            continue  # what goes on ("ongoing") has no one day; other talks may be another occasion
        near = set().union(*(days.get(e, set()) for e in (*ev.source, *ev.target)))
        if len(near) == 1:
            ev.date = next(iter(near))


def _places_of_visits(events: list[Event], toured: list[bool]) -> None:
    """Talks with no place of their own, held by someone the article has on one visit, are held where he
    visits ("في زيارته الرسمية لباريس؛ حيث أجرى لقاءات …، محادثات الوزير التي شملت نظيره الفرنسي": in Paris;
    "استقبل أمير قطر الوزراء الذين يزورون قطر"): of the same standing (a planned visit, planned talks) and
    compatible days. Not when he visits two places (a tour: which one is not said)."""
    visits: dict[str, list[Event]] = {}
    for ev, tour in zip(events, toured, strict=True):
        if ev.type == "CONSULT" and ev.mode == "visit" and ev.place and ev.status != "denied":
            for e in ev.source:
                visits.setdefault(e, []).append(ev)
                if tour:
                    visits[e].append(replace(ev, place=None))  # another place: the talks' is not known
    if not visits:
        return
    for ev in events:
        if ev.type != "CONSULT" or ev.mode == "visit" or ev.place or ev.status == "denied":
            continue
        # (talks planned on a visit that has begun: "وصل فابيوس إلى طهران … ومن المقرر أن يلتقي ظريف")
        trips = [v for e in (*ev.source, *ev.target) for v in visits.get(e, ())
                 if (_standing(v.status) == _standing(ev.status) or (ev.status == "planned" and v.status == "happened"
                                                                    and v.date is not None and v.date == ev.date))
                 and _days_fit(v, ev)]
        if len({v.place for v in trips}) == 1:
            ev.place, ev.place_name = trips[0].place, trips[0].place_name


def _occasion_places(events: list[Event], untimed: list[bool]) -> None:
    """An act told as done at the talks of its day is made where they are held ("وثمن X دور Y، وذلك خلال
    استقباله أمس Z الذي يزور أبوظبي": in Abu Dhabi; "ورحب الوزراء" after "اجتمع الوزراء … اليوم في الدوحة"):
    the one place of the article's done talks of that day that share a side with it."""
    held: dict[tuple[str, str], set[str]] = {}  # (side, day) -> places of the done talks
    for ev, off in zip(events, untimed, strict=True):
        if ev.type == "CONSULT" and ev.place and ev.date and not off and ev.status == "happened":
            for e in (*ev.source, *ev.target):
                held.setdefault((e, ev.date), set()).add(ev.place)
    if not held:
        return
    for ev, off in zip(events, untimed, strict=True):
        if ev.type == "CONSULT" or ev.place or not ev.date or off or ev.status != "happened":
            continue
        places = set().union(*(held.get((e, ev.date), set()) for e in (*ev.source, *ev.target)))
        if len(places) == 1:
            ev.place = next(iter(places))
            ev.place_name = next(t.place_name for t in events if t.place == ev.place)


def _days_of_visits(events: list[Event], toured: list[bool], untimed: list[bool], published: str | None) -> None:
    """Talks with no day of their own, held by someone on one visit the article dates, are of the visit's day
    ("وصل فابيوس يوم الأربعاء إلى طهران … ومن المقرر أن يلتقي فابيوس ظريف": Wednesday; "وحطت طائرة الرئيس في
    مطار نيروبي مساء الجمعة، حيث كان باستقباله الرئيس كينياتا"): a visit of the article's news (a day close
    before it, or after it for a plan), not a tour of several places, not talks told as earlier or after
    something; talks planned on a visit that has begun are of its day too."""
    if not published:
        return
    visits: dict[str, set[str]] = {}
    for ev, tour in zip(events, toured, strict=True):
        if ev.type == "CONSULT" and ev.mode == "visit" and ev.status in ("happened", "planned") and ev.date \
                and len(ev.date) == 10 and _days_before(ev.date, published) <= OCCASION_DAYS:
            for e in ev.source:
                visits.setdefault(e, set()).add("" if tour else ev.date)  # a tour's day is no talks' day
    if not visits:
        return
    for ev, off in zip(events, untimed, strict=True):
        if ev.type != "CONSULT" or ev.mode == "visit" or ev.date or ev.date_interval or off \
                or ev.status not in ("happened", "planned"):
            continue
        days = set().union(*(visits.get(e, set()) for e in (*ev.source, *ev.target)))
        if len(days) == 1 and "" not in days:
            day = next(iter(days))
            if ev.status == "happened" and day > published[:10]:
                continue  # talks told as done are not of a visit still to come
            ev.date = day


def _days_fit(a: Event, b: Event) -> bool:
    """Whether two events may be of one stay: no days given, or the days given agree (a day within the other's
    interval)."""
    span_a = a.date_interval or ([a.date, a.date] if a.date else None)
    span_b = b.date_interval or ([b.date, b.date] if b.date else None)
    if span_a is None or span_b is None:
        return True
    return span_a[0][:10] <= span_b[-1][:10] and span_b[0][:10] <= span_a[-1][:10]


def _days_before(day: str, published: str) -> int:
    """How many days `day` is before the publication day (negative after it)."""
    return (_Day.fromisoformat(published[:10]) - _Day.fromisoformat(day)).days


def _standing(status: str) -> str:
    """Happened and ongoing are told of the same time; what is planned, possible or denied is not."""
    return "real" if status in ("happened", "ongoing") else status


def _date_of_talks(m: EventMention, told: _Group) -> None:
    """The sides' welcome or appeal in the talks' statement ("ورحب الوزراء بـ…") is made on the day of the talks
    (when they happened and have one date, and the act has none of its own)."""
    if m.date or m.interval or m.earlier or _standing(m.status) != "real" or not told.happened \
            or len(told.dates) != 1 or told.intervals:
        return
    m.date = next(iter(told.dates))


def _sorted_by_start(doc: Document, items: list, slot: str) -> tuple[list, list[int]]:  # type: ignore[type-arg]
    """Quotes or dates of a document by start, with their starts for bisecting; made once per list (kept in
    `doc.derived()`, checked against the list's identity and length)."""
    cache = doc.derived()
    last = cache.get(slot)
    if last is not None and last[0] is items and len(last[2]) == len(items):
        return last[1], last[2]
    order = sorted(items, key=_START)
    keys = [x.start for x in order]
    cache[slot] = (items, order, keys)
    return order, keys


class _Group:
    """The mentions of one event, with what merging asks of them kept up to date (participants, dates)."""

    __slots__ = ("key", "mentions", "have", "sources", "dates", "intervals", "siblings", "places", "happened")

    def __init__(self, key: int) -> None:
        self.key = key
        self.mentions: list[EventMention] = []
        self.have: set[str] = set()
        self.sources: list[str] = []
        self.dates: set[str] = set()
        self.intervals: set[tuple[str, ...]] = set()
        self.siblings: set[int] = set()
        self.places: set[str] = set()
        self.happened = False  # a mention of it says it happened

    def add(self, m: EventMention) -> None:
        self.mentions.append(m)
        self.have |= m.participants
        self.sources += [e for e in m.source if e not in self.sources]
        if m.date:
            self.dates.add(m.date)
        if m.interval:
            self.intervals.add(tuple(m.interval))
        if m.sibling:
            self.siblings.add(m.sibling)
        if m.place:
            self.places.add(m.place)
        self.happened |= m.status == "happened"

    def dates_compatible(self, m: EventMention) -> bool:
        """Whether a mention's date fits every date and interval of the event (one day each, a day inside an
        interval), from the dates kept: no walk over every mention."""
        if m.date and (self.dates - {m.date} or any(not (i[0] <= m.date <= i[-1]) for i in self.intervals)):
            return False
        return not (m.interval and any(not (m.interval[0] <= d <= m.interval[1]) for d in self.dates))


class _Kinds:
    """Entity types by id, read from the mention index (no dict of every entity per mention)."""

    __slots__ = ("entities",)

    def __init__(self, mentions: MentionIndex) -> None:
        self.entities = mentions.entities

    def get(self, entity_id: str | None) -> str | None:
        ent = self.entities.get(entity_id) if entity_id else None
        return ent.type if ent is not None else None


def _fold_subsets(groups: list[_Group], names: dict[str, str], kinds: dict[str, str]) -> list[_Group]:
    """Fold an event whose sides are some of another's into it, as one occurrence told twice: the headline
    "ولي العهد يستقبل وزير الخارجية المصري" (the prince not recognised) and the lead "استقبل الأمير X …
    الوزير Y" — when nothing tells them apart (type, mode, status, dates and places agree)."""
    by_type: dict[str, list[_Group]] = {}
    for g in groups:
        by_type.setdefault(g.mentions[0].hit.trig.type, []).append(g)
    gone: set[int] = set()
    for same in by_type.values():
        if len(same) < 2:
            continue
        for g in same[:MERGE_LOOKBACK]:
            if not g.have or any(m.sibling or m.earlier for m in g.mentions):
                continue
            head = g.mentions[0]
            for h in same[:MERGE_LOOKBACK]:
                other = h.mentions[0]
                if h is g or h.key in gone or not g.have < h.have \
                        or not any({head.mode, other.mode} <= c for c in COMPATIBLE_MODES) \
                        or (head.mode != other.mode and (head.greeting or other.greeting)) \
                        or head.status != other.status \
                        or any(not h.dates_compatible(m) for m in g.mentions) \
                        or (g.places and h.places and not g.places & h.places):
                    continue
                for m in g.mentions:
                    h.add(m)
                h.mentions.sort(key=lambda m: m.trigger.start)
                gone.add(g.key)
                break
    # the headline and the lead tell one event in two ways: "خادم الحرمين يستقبل وزير الخارجية الفرنسي" (the
    # guest named) and "استقبل خادم الحرمين الملك سلمان …" (the host named, the guest far after)
    for same in by_type.values():
        lead = next((g for g in same if g.key not in gone and g.mentions[0].paragraph in (1, 2)), None)
        # (of the lead's mode: "يصل إلى أربيل للقاء بارزاني" tells a visit and a meeting, each its own)
        title = [g for g in same if g.key not in gone and all(m.paragraph == 0 for m in g.mentions)
                 and (lead is None or g.mentions[0].mode == lead.mentions[0].mode)]
        if len(title) != 1 or lead is None:
            continue
        g, head, other = title[0], title[0].mentions[0], lead.mentions[0]
        # each side named by one of them only (or one actor each, named two ways: "أوكرانيا تتهم" / "اتهمت
        # الحكومة الأوكرانية"; a leader and his movement: "زيارة مشعل" / "زيارة وفد حماس برئاسة …")
        # (states in the headline, their people in the lead: "مباحثات سعودية أردنية" / "أجرى الأمير X
        # مباحثات مع الملك Y")
        states_people = bool(head.participants) and all(kinds.get(e) == "LOC" for e in head.participants) \
            and bool(other.participants) and all(kinds.get(e) == "PER" for e in other.participants)
        sides_fit = states_people or (not head.target or not other.target) and (
            not head.source or not other.source or (len(set(head.source)) == len(set(other.source)) == 1
                                                   and (same_state(names.get(head.source[0], ""),
                                                                   names.get(other.source[0], ""))
                                                        or {kinds.get(head.source[0]),
                                                            kinds.get(other.source[0])} == {"PER", "ORG"})))
        if head.mode == other.mode and head.status == other.status and g.have and lead.have and sides_fit \
                and not set(head.source) & set(other.target) and not set(head.target) & set(other.source) \
                and all(lead.dates_compatible(m) for m in g.mentions):
            for m in g.mentions:
                lead.add(m)
            lead.mentions.sort(key=lambda m: (m.paragraph == 0, m.trigger.start))  # the lead's roles stand
            gone.add(g.key)
    return [g for g in groups if g.key not in gone]


def kinds_of(mentions: MentionIndex, entity_id: str) -> str | None:
    entity = mentions.entities.get(entity_id)
    return entity.type if entity is not None else None


def _one_per_party(m: EventMention, mentions: MentionIndex) -> list[EventMention]:
    """A visit to several places ("زار الصين وتركيا والأردن") is one visit each; a meeting of one side with
    several people named one by one ("يلتقي X مع الرئيس Y والوزير Z") is one meeting each (news lists the
    talks of a tour this way; the other targets, organisations or places, stay with the first)."""
    if m.mode == "visit" and m.more_places and m.status != "denied":
        m.sibling = m.hit.index + 1
        return [m] + [replace(m, place=p, more_places=[]) for p in m.more_places]
    if m.mode != "meet" or not m.source or m.sides or _one_sitting(m):
        return [m]
    people = [t for t in m.target if mentions.entities[t].type == "PER"]
    if len(people) < 2:
        return [m]
    rest = [t for t in m.target if t not in people]
    m.sibling = m.hit.index + 1
    return [replace(m, target=[p, *rest] if k == 0 else [p], source=list(m.source)) for k, p in enumerate(people)]


def _one_sitting(m: EventMention) -> bool:
    """Whether a meeting is told with one singular noun ("لدى لقاء كارتر بالملك سلمان والأمير محمد"), with or
    without a possessive ("خلال لقائه بـ…"): one sitting, not one talk with each."""
    if m.hit.trig.pos != "noun":
        return False
    word = norm(m.trigger.text.split()[0]) if m.trigger.text.split() else ""
    suffix = norm(m.hit.suffix)
    if suffix and word.endswith(suffix):
        word = word[:-len(suffix)]
    return word.endswith(ONE_SITTING)


def _condemned_actors(found: list[EventMention], tokens: list[Token]) -> None:
    """"ودانت الجامعة الهجوم الذي شنه الحوثيون", "أدانت المملكة الغارات التي نفذها X": a condemnation whose
    object is an attack told right after it (past its subject, CONDEMNED_REACH words, no clause mark between)
    is of the attacker, when the attack names one and the condemnation names no one else."""
    for a, b in zip(found, found[1:], strict=False):
        if a.hit.trig.type != "ACCUSE" or a.hit.trig.pos != "verb" or a.target or not a.source \
                or b.hit.trig.type != "ASSAULT" or b.hit.trig.pos != "noun" or not b.source:
            continue
        lo, hi = a.hit.index + a.hit.width, b.hit.index
        if not 0 <= hi - lo <= CONDEMNED_REACH or any(tokens[k].text in CLAUSE_MARKS or tokens[k].text in SENTENCE_END
                                                     for k in range(lo, hi)):
            continue
        a.target = [x for x in b.source if x not in a.source]


def _lam_ref(doc: Document, ref: MentionRef) -> bool:
    """Whether a mention carries a glued ل or ب ("للأمم المتحدة", "لمصر", "بالمدينة المنورة"): to, of, in or
    with someone, never a subject."""
    text = doc.body[ref.start:ref.end]
    if text.startswith("لل"):
        return True
    k = ref.start - 1
    return k >= 0 and doc.body[k] in "لب" and (k == 0 or not doc.body[k - 1].isalpha() or doc.body[k - 1] in "وف")


def strip_suffix(word: str, stems: frozenset[str]) -> bool:
    """Whether `word` is one of `stems` with a pronoun suffix ("نظيره", "نظيريه")."""
    return any(word.endswith(x) and (word[:-len(x)] in stems or word[:-len(x)].rstrip("ي") in stems)
               for x in PRONOUN_SUFFIXES)


def status_class(status: str) -> str:
    """Mentions of one event may move from planned to happened, never to denied or merely possible."""
    return status if status in ("denied", "hypothetical") else "real"


@functools.lru_cache(maxsize=4096)
def nisba_stem(word: str) -> str | None:
    """The stem of a relative adjective, normalised ("التركيه" -> "ترك", "الايراني" -> "ايران"), else None."""
    base = word[2:] if word.startswith("ال") else word
    for suffix in ("يين", "يون", "يه", "ي"):
        if base.endswith(suffix) and len(base) - len(suffix) >= 3:
            return base[:-len(suffix)]
    return None


@functools.lru_cache(maxsize=4096)
def country_stems(name: str) -> frozenset[str]:
    """What the relative adjectives of a one-word country name start with ("تركيا" -> ترك, "اليمن" -> يمن)."""
    n = norm(name)
    if " " in n:
        return frozenset()
    stems = set()
    for base in {n, n[2:] if n.startswith("ال") else n}:
        for suffix in ("يا", "يه", "ا", ""):
            if base.endswith(suffix) and len(base) - len(suffix) >= 3:
                stems.add(base[:len(base) - len(suffix)])
    return frozenset(stems)


def same_state(first: str, second: str) -> bool:
    """Whether two names are a country and one of its bodies ("أوكرانيا", "الحكومة الأوكرانية")."""
    for a, b in ((first, second), (second, first)):
        stems = country_stems(a)
        if stems and any(nisba_stem(w) in stems for w in norm(b).split()[1:]):
            return True
    return False


def is_nisba(text: str) -> bool:
    """A relative adjective ("السعودي", "الروسية") rather than a country name."""
    word = norm(text).split()[-1] if text.split() else ""
    return word.startswith("ال") and (word.endswith("ي") or word.endswith("يه"))


def ref_text(doc: Document, ref: MentionRef) -> str:
    return doc.body[ref.start:ref.end]


def date_fields(dm: DateMention) -> tuple[str | None, list[str] | None]:
    """(date, interval) of an event from the date mention that dates it."""
    if len(dm.values) > 1:
        ordered = sorted(dm.values)
        return None, [ordered[0], ordered[-1]]
    if dm.interval:
        return None, list(dm.interval)
    return dm.value or (dm.values[0] if dm.values else None), None


@register_stage("events")
def make_events(options: Options) -> EventsStage:
    return EventsStage()


def _role_head_word(word: str, heads: frozenset[str]) -> bool:
    """Whether a normalised word is a title head with at most one و/ف and one ب/ل in front ("وزيرة", "ووزير",
    "لوزيرة"): stripping every leading و/ف also eats the و of "وزير" and "وكيل"."""
    for w in (word, word[1:] if word[:1] in "وف" else ""):
        w = w[2:] if w.startswith("ال") else w
        if w and (w in heads or (w[:1] in "بل" and w[1:] in heads)):
            return True
    return False


def _without_runons(found: list[EventMention], runons: dict[str, str | None]) -> None:
    """Each run-on person (`EventsStage._runon_names`) of the mentions' sides as the person meant, or dropped
    (before the mentions are merged: the same meeting told twice is then one)."""
    for m in found:
        if runons.keys() & m.participants:
            m.source = list(dict.fromkeys(x for e in m.source if (x := runons.get(e, e)) is not None))
            m.target = list(dict.fromkeys(x for e in m.target if (x := runons.get(e, e)) is not None
                                          and x not in m.source))


LEAD_WORDS = 8  # a body line shorter than this is a dateline or a byline ("عين اليوم – متابعات"), not the lead


def _headline_restated(events: list[Event], body: str, published: str | None = None,
                       places: frozenset[str] = frozenset(), story_dated: Iterable[str] = ()) -> list[Event]:
    """Without the events told only in the headline when the lead tells one of the same kind: "روسيا تدعو
    الغرب …" over "دعا ألكسندر بورتنيكوف، مدير هيئة الأمن الفيدرالية الروسية، …", "المحادثات بين كابول
    وطالبان" over "محادثات السلام بين الحكومة الأفغانية ومتمردي حركة طالبان": the headline words the lead's
    event with states and capitals, it is no other occasion. A headline event with no place among its sides
    (`places`) stays: "رابطة العالم الإسلامي تدين تصريحات نوري المالكي" names the sides the lead may miss.
    An event dated only by the story's day (`story_dated`) counts as undated here."""
    title_end = body.find("\n")
    if title_end < 0 or len(events) < 2 or body[:title_end].rstrip().endswith((".", "؟", "!")):
        return events  # (a first line that ends as a sentence is the text's own, no headline)
    lead_start = lead_end = title_end + 1
    while lead_start < len(body):
        lead_end = body.find("\n", lead_start)
        lead_end = len(body) if lead_end < 0 else lead_end
        if len(body[lead_start:lead_end].split()) >= LEAD_WORDS:
            break
        lead_start = lead_end + 1

    def kind(ev: Event) -> tuple[str, bool]:
        return ev.type, ev.mode in ("visit",)

    led: dict[tuple[str, bool], set[str | None]] = {}
    visited: set[str | None] = set()
    for ev in events:
        if any(lead_start <= sp.start < lead_end for sp in ev.evidence):
            led.setdefault(kind(ev), set()).add(None if ev.id in story_dated else ev.date)
            if ev.mode == "visit":
                visited |= {ev.place, *ev.target}
    return [ev for ev in events if not (ev.evidence and all(sp.start < title_end for sp in ev.evidence)
                                        and kind(ev) in led and places & {*ev.source, *ev.target}
                                        and (ev.date in (None, published) or ev.id in story_dated
                                             or None in led[kind(ev)]
                                             or ev.date in led[kind(ev)])  # (the day of a headline is the article's)
                                        # a tour's visits are one each: a headline visit goes only with the
                                        # lead's to the same place
                                        and (ev.mode != "visit" or bool(visited & ({ev.place, *ev.target} - {None}))))]


def _headline_repeats(doc: Document) -> dict[int, int]:
    """Where a paragraph after the first repeats the whole headline (the first line, of HEADLINE_WORDS words or
    more) at its end, after at most REPEAT_EXTRA words of a label ("رابط الخبر بصحيفة الوئام: <headline>", as
    a line of its own or after the last sentence): paragraph index -> the offset the repetition starts at. It
    tells the headline's event again and, dated by the article's day, would tell it as one more."""
    paras = doc.paragraphs
    if len(paras) < 2:
        return {}
    title = paras[0].text.strip()
    if len(title.split()) < HEADLINE_WORDS:
        return {}
    cuts: dict[int, int] = {}
    for k in range(1, len(paras)):
        text = paras[k].text.rstrip()
        if not text.endswith(title):
            continue
        before = text[:len(text) - len(title)].rstrip()
        label = before[max(before.rfind("."), before.rfind("\n")) + 1:]
        if len(label.split()) <= REPEAT_EXTRA and (label.endswith(":") or label == before):
            cuts[k] = paras[k].start + len(text) - len(title)
    return cuts


def _regions(doc: Document) -> set[str]:
    """The places of the article that the knowledge base knows as regions ("الخليج"، "الشرق الأوسط"، "سيناء"):
    somewhere things happen, never a side."""
    entities = [e for e in doc.entities if e.type == "LOC" and e.actor]
    if not entities:
        return set()
    actors = load_kb().actors
    return {e.id for e in entities if (a := actors.get(e.actor or "")) is not None and a.sector == "region"}


def _without_regions(events: list[Event], regions: set[str], names: dict[str, str]) -> list[Event]:
    """The events with no region as a side ("وتوصلت دول الخليج إلى اتفاق مع الولايات المتحدة": the states of
    the Gulf, unnamed, agreed; the Gulf is no party): it is the place when none is given; an event left with no
    side goes."""
    out = []
    for ev in events:
        gone = regions & {*ev.source, *ev.target}
        if not gone:
            out.append(ev)
            continue
        source = [e for e in ev.source if e not in regions]
        target = [e for e in ev.target if e not in regions]
        if source or target:
            place = ev.place or next(e for e in [*ev.source, *ev.target] if e in gone)
            out.append(replace(ev, source=source, target=target, place=place, place_name=names.get(place)))
    return out
