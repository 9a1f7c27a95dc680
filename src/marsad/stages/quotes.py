"""Quotes stage: who said what, as spans of the body, with the speaker as an entity id.

Per paragraph: find the reporting cues (verbs in every person, circumstantial participles, "حسب"
attributions, all listed in ``data/quotes/cues.yaml``), find the quoted stretches (balanced or not),
then give each cue its content (a quoted stretch, or the clause after إن/أن/بأن) and its speaker:
the entity named after the verb (VSO), before it (SVO, "كان X قد أعلن"), or — when none is named —
the current speaker of the running discourse, checked for gender agreement ("قالت" → a woman or an
organisation). The helpers at the top (lexicon loading, mention look-up, token matching) are shared
with the events stage.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import attrgetter

from ..model import DateMention, Document, Entity, Quote, Token
from ..ner.lexicon import load_lexicons
from ..pipeline import Options, register_stage
from ..provenance import stage_version
from ..text.normalize import norm
from ..text.segment import TOKEN_RE
from .clauses import (
    NOT_SUBJECT_HEADS,
    PRONOUN_SUFFIXES,
    SENTENCE_END,
    SOURCE_PREPOSITIONS,
    CueLexicon,
    MentionIndex,
    MentionRef,
    _phrase_at,
    agrees,
    cue_lexicon,
    date_value,
    ensure_tokens,
    fits,
    lam_glued,
    load_data,
    mention_index,
    paragraph_token_ranges,
    preference,
    strip_conj,
)

PAIRED_MARKS = {"«": "»", "“": "”", "‘": "’"}
STRAIGHT_MARKS = {'"', "'"}
CLOSING_MARKS = set(PAIRED_MARKS.values())
TRIM_CHARS = " \n\t.،,؛:\"'«»“”‘’"
QUOTE_CHARS = frozenset("\"'«»“”‘’")
# A quoted stretch this long (in words) is speech even when not introduced by a cue word.
MIN_SPEECH_WORDS = 6
# A shorter quoted stretch is speech only when it ends the clause; one or two words are a name
# ('قال تلفزيون «فوكس»، …').
MIN_CLAUSE_WORDS = 3
# The words an unnamed source is kept with ("مسؤول في وزارة الخارجية الأمريكية").
MAX_SOURCE_WORDS = 6
# … and to whom: "قال المصدر لوكالة فرانس برس" (a ل the segmenter leaves on these words).
ADDRESSEES = frozenset(norm(w) for w in ("لوكالة", "لوكالات", "للصحفيين", "للصحافيين", "للصحافة", "لصحيفة",
                                          "لقناة", "لموقع", "لتلفزيون", "لإذاعة", "للإذاعة", "للتلفزيون", "لمراسل"))
# How many earlier mentions an unnamed speaker is looked for in when no earlier speaker agrees.
MAX_LOOKBACK_MENTIONS = 6
RELATIVE_PRONOUNS = frozenset({"الذي", "التي", "الذين", "اللذان", "اللتان", "اللواتي", "اللاتي"})
# Words spoken in the first person open a content without أن or marks ("قال الوزير نحن مطالبون بـ…")
FIRST_PERSON = frozenset({"نحن", "انا"})
# Verbs of opinion in the first person that open a content ("وعن الأسعار قال أعتقد أنها مناسبة"): no subject.
FIRST_PERSON_VERBS = frozenset(norm(w) for w in ("أعتقد", "أظن", "أرى", "أتوقع", "أعتبر", "أؤكد", "نعتقد", "نرى", "نظن",
                                                 "نتوقع", "نعتبر", "نؤكد"))
# Particles that begin with ب or ل and govern no name after them ("لكن نضال القطامين قال")
PARTICLES_BL = frozenset({"بل", "لقد", "لم", "لن", "لا", "لو", "لان", "لذلك", "بينما", "بعدما", "لدى", "لما"})
# "ما" that opens a relative clause: a name after it is no subject of the sentence ("وقلل X مما يقوم به Y")
RELATIVE_MA = frozenset({"ما", "مما", "عما", "بما", "لما", "فيما"})
# How far back (tokens) the antecedent of a relative pronoun before a cue may be.
RELATIVE_REACH = 16
# How long (tokens) an apposition between a subject and its verb may be ("X، رئيس الحرس الثوري، قال").
APPOSITION_REACH = 10
# How many tokens after a cue the content may start (long VSO subjects: name, role, place, date).
CUE_WINDOW = 24
# Prepositions that introduce a participle's verbal-noun content ("مشيرا إلى أهمية", "مؤكدين على حاجة").
NOMINAL_PREPOSITIONS = frozenset(norm(w) for w in ("على", "إلى", "الى", "عن", "من", "ب"))
# Words after a comma that open the next statement ("…، حيث أشارت إلى أن").
CLAUSE_OPENERS = frozenset(norm(w) for w in ("حيث", "كما", "فيما", "بينما", "ثم"))
# "قوله/قولهم" after a relayed source ("نقلت عن شهود عيان قولهم سقوط …"): not part of the content.
# Prepositions with و that open a circumstance leading into a new statement ("، وفي زيارة … وصف X")
LEAD_INS = frozenset(norm(w) for w in ("وفي", "وخلال", "وعلى", "وأمام", "وبعد", "وعقب", "وإثر", "ولدى", "وعند"))
LEAD_DEMONSTRATIVES = frozenset(norm(w) for w in ("ولهذا", "ولذلك", "وبذلك", "وبهذا", "ولهذه"))
IN_IT = frozenset(norm(w) for w in ("فيه", "فيها", "فيهما"))  # "بيانا قالت فيه إن": in the document named before
# "، نشرته وكالة الأنباء": who relayed a statement, in a relative clause between the subject and the cue's object
RELAYED_BY = frozenset(norm(w) for w in ("نشرته", "نشرتها", "أوردته", "أوردتها", "نقلته", "نقلتها", "بثته", "بثتها",
                                         "وزعته", "وزعتها", "أوردها", "نشرها", "نقلها", "بثها", "وزعها"))
# "أعرب عن عزائه …، سائلا الله أن …": a prayer after the words, not part of them
WISHING = frozenset(norm(w) for w in ("سائلا", "سائلة", "سائلين", "داعيا", "داعية", "داعين", "راجيا", "راجية",
                                      "راجين"))
# verbs whose words always follow their preposition ("أعرب X عن …"), however long the subject
PREPOSITION_FIRST = frozenset(norm(w) for w in ("أعرب",))
JAA = norm("جاء")
# "من جهته عبر الدكتور X عن …": the end of a switch marker (cues.yaml switch_markers) opens the clause as a comma would
SWITCH_ENDS = frozenset(norm(w) for w in ("جانبه", "جانبها", "جهته", "جهتها", "ناحيته", "ناحيتها", "بدوره", "بدورها"))
DOCUMENT_TEXT = frozenset(norm(w) for w in ("نصها", "نصه"))  # "برقية … نصها:" (opinions in cues.yaml)
SAYING_WORDS = frozenset(norm(w) for w in ("قوله", "قولها", "قولهم", "قولهما", "قولهن"))
# "وحسب قوله «…»", "وحسب رأيه، فإن …": an attribution to the one speaking, by a pronoun (its gender)
OWN_WORDS = {norm(w): tag for w, tag in (("قوله", "m"), ("قولها", "f"), ("رأيه", "m"), ("رأيها", "f"),
                                         ("تعبيره", "m"), ("تعبيرها", "f"))}
# Words of a title subject compared with its earlier use, how far back (tokens) it is looked for, and how
# far after that use a name may follow it.
TITLE_WORDS = 3
TITLE_LOOKBACK = 1500
TITLE_REACH = 6
TITLE_USES = 12
# words a writer adds to or drops from a title without changing whose it is ("المتحدث [الرسمي] باسم [وزارة] الخارجية")
ROLE_FILLERS = frozenset({"رسمي", "وزاره"})
# words that link a title's head to its complement and tell nothing alone
ROLE_LINKS = frozenset({"باسم", "ب", "في", "ل"})
# How far before a document's mention ("بيانا", "في تقريرها") its issuer may be named.
ISSUER_REACH = 8
# The أن/إن that may follow a subject right away (not فإن: "المثل يقول «…» فإن" is no name before the words).
COMPLEMENTIZER_WORDS = frozenset(norm(w) for w in ("أن", "إن", "بأن", "أنه", "أنها", "إنه", "إنها"))
# How many words a name in marks between a verb and أن may have ('وذكرت «جيه إل إل الشرق الأوسط وأفريقيا» أن').
QUOTED_NAME_WORDS = 8
# A title longer than this (tokens) is a paragraph, not a headline attribution.
MAX_HEADLINE_TOKENS = 30
# Words a name in a source's phrase hangs on ("مسؤول في مكتب الرئيس", "المتحدث باسم الرئيس").
GOVERNING_WORDS = frozenset(norm(w) for w in ("في", "باسم", "بلسان", "لدى", "عن", "من", "مكتب", "مع", "إلى", "لـ"))
# "صادر عن", "الذي صدر عن": the organisation after it issued the statement that speaks
ISSUED = frozenset(norm(w) for w in ("صادر", "الصادر", "صادرة", "الصادرة", "صدر", "صدرت", "صادرا"))
# Words ending like a masculine plural that name no group of people
PLURAL_LOOKALIKES = frozenset(norm(w) for w in ("مليون", "ملايين", "قانون", "كانون", "زيتون", "عيون", "سنين", "دين",
                                                "حين", "يمين", "تكوين", "تعيين", "تأمين", "تدوين", "عشرين", "ثلاثين",
                                                "أربعين", "خمسين", "ستين", "سبعين", "ثمانين", "تسعين", "الذين"))
# Prepositions that place a person in an organisation ("أستاذ … في جامعة القاهرة", "باحث لدى المعهد")
SOURCE_OF = frozenset(norm(w) for w in ("في", "لدى", "من", "ب"))
# Words that open a topic phrase before a verb ("وعن X قال", "وحول موقف X، أوضح", "وفيما يتعلق بـX"), and how far
# (tokens) back from a name they are looked for.
TOPIC_WORDS = frozenset(norm(w) for w in ("عن", "حول", "بشأن", "بخصوص", "حيال", "إزاء", "وعن", "وحول", "وبشأن", "وبخصوص",
                                          "وحيال", "وإزاء"))
# "فيما" is "while" ("فيما طالب مندوب سوريا …") but for these after it ("وفيما يتعلق بتصريحات X")
TOPIC_VERBS = frozenset(norm(w) for w in ("يتعلق", "يخص"))
TOPIC_REACH = 12
_PREPOSITIONS = NOMINAL_PREPOSITIONS | GOVERNING_WORDS
# Words before a cue form that make it a verbal noun ("إلى وصف", "بعد ذكر"), not a verb with a speaker.
VERBAL_NOUN_BEFORE = frozenset(norm(w) for w in ("إلى", "الى", "على", "عن", "من", "في", "بعد", "قبل", "منذ", "حتى"))
# Circumstance words that may carry a pronoun after a verb ("أكدا خلاله", "وقال عقبه"): never a subject.
BOUNDARY_HEADS = frozenset(norm(w) for w in ("خلال", "أثناء", "عقب", "إثر", "بعد", "قبل", "لدى", "عند"))
KANA = frozenset(norm(w) for w in ("كان", "كانت"))
# Heads of unnamed sources that never refer back to a named person ("وقال المصدر").
SOURCE_HEADS = frozenset(norm(w) for w in ("مصدر", "مصادر", "مصدران"))
DEMONSTRATIVES = frozenset(norm(w) for w in ("هذه", "هذا", "تلك", "ذلك", "هؤلاء"))
CONTRASTS = frozenset(norm(w) for w in ("غير", "إلا", "الا"))  # "، غير أن X يؤكدون أن": a new statement
# Titles of who leads a body, and the generic words for a body a title may name instead of its name ("الأمين العام
# للحزب" for "زعيم حزب الله"): word as written (with its ل or article) -> the bare noun a role would use
LEADER_HEADS = frozenset(norm(w) for w in ("أمين", "رئيس", "زعيم", "قائد", "مؤسس", "رئيسة", "زعيمة"))
GENERIC_BODIES = {norm(p + w): norm(w) for w in ("حزب", "حركة", "منظمة", "تنظيم", "جماعة", "جبهة", "هيئة", "جمعية",
                                                 "ائتلاف", "تيار")
                  for p in ("ال", "لل")}
ATTRIBUTION_HEADS = frozenset(norm(w) for w in ("طبقا", "وفقا", "وفق", "بحسب", "حسب", "حسبما", "بحسبما"))
# the singular of a dual subject that refers back to a pair ("وزيرا الداخلية", "الطرفان") besides person_sources
DUAL_HEADS = frozenset(norm(w) for w in ("وزير", "رئيس", "ممثل", "مندوب", "سفير", "زعيم", "قائد", "مبعوث", "طرف",
                                         "جانب", "مسؤول"))
# "X ونظيرته البريطانية Y": the word that joins a second subject to the first without a و right before its name
PARTNERS = frozenset(norm(w) for w in ("ونظيره", "ونظيرته", "ونظيرها", "ونظيرهما", "وزميله", "وزميلته", "وزميلها",
                                       "وحليفه", "وحليفته", "وحليفها", "وحليفتها", "ونائبه", "ونائبته"))
# How far into a sentence (tokens) the subject of its verb is looked for, for a participle cue.
SUBJECT_REACH = 6
# … and how far back (tokens) its sentence start may be.
SENTENCE_REACH = 60
# How far after a conditional cue its required word may be ("وعبر وزراء خارجية دول المجلس عن").
CONDITION_REACH = 8
# A byline: a line of at most BYLINE_TOKENS tokens among the first BYLINE_LINES after the title, or a name set off
# by these marks or after these words at the start of one ("الرياض - محمد العمري:", "كتب: …").
BYLINE_LINES = 3
BYLINE_TOKENS = 8
BYLINE_MARKS = frozenset("-–—:")
BYLINE_WORDS = frozenset(norm(w) for w in ("كتب", "كتبت", "بقلم", "إعداد", "حوار", "متابعة", "تقرير"))
_START = attrgetter("start")
_NORM = attrgetter("norm")


# ---------------------------------------------------------------- quoted stretches


@dataclass
class Region:
    """A quoted stretch: marks at `open_at` (and `close_at` when closed), content [start, end)."""

    open_at: int
    start: int
    end: int
    closed: bool
    words: int = 0


def _straight_direction(body: str, i: int, lo: int, hi: int) -> str:
    prev = body[i - 1] if i > lo else " "
    nxt = body[i + 1] if i + 1 < hi else " "
    if (prev.isspace() or prev in "(:،,؛ـ" or prev.isalpha()) and nxt.isalnum():
        return "open"
    if not prev.isspace() and (nxt.isspace() or not nxt.isalnum()):
        return "close"
    return "either"


_MARK_RE = re.compile("[" + re.escape("".join(PAIRED_MARKS) + "".join(CLOSING_MARKS) + "".join(STRAIGHT_MARKS)) + "]")
# The TOKEN_RE groups of the tokens iter_tokens calls word, number (cliticnum too) or latin.
_WORD_GROUPS = frozenset({"word", "number", "cliticnum", "latin"})
_LASTGROUP = attrgetter("lastgroup")


def find_regions(body: str, lo: int, hi: int, cut_before: list[int]) -> list[Region]:
    """Quoted stretches of body[lo:hi]. An opening mark while another quote is open ends the open one
    (before the cue that introduces the new one, when there is one: positions in `cut_before`);
    a quote never closed ends at the paragraph end."""
    regions: list[Region] = []
    current: Region | None = None
    expect_close: str | None = None
    for m in _MARK_RE.finditer(body, lo, hi):  # the few quotation marks, found in C
        i = m.start()
        ch = body[i]
        if ch == "'" and i > lo and body[i - 1].isalpha() and i + 1 < hi and body[i + 1].isalpha():
            continue  # an apostrophe inside a word
        if ch in PAIRED_MARKS:
            direction = "open"
        elif ch in CLOSING_MARKS:
            direction = "close"
        else:
            direction = _straight_direction(body, i, lo, hi)
            if direction == "either":
                direction = "close" if current else "open"
        if direction == "close":
            if current and (expect_close == ch or (expect_close in STRAIGHT_MARKS and ch in STRAIGHT_MARKS)):
                current.end, current.closed = i, True
                regions.append(current)
                current = None
            continue
        if current:  # unbalanced: a new quote opens while one is open
            cut = max([c for c in cut_before if current.start < c < i], default=i)
            current.end = cut
            regions.append(current)
        current = Region(i, i + 1, hi, False)
        expect_close = PAIRED_MARKS.get(ch, ch)
    if current:
        regions.append(current)
    for r in regions:
        while r.start < r.end and body[r.start] in TRIM_CHARS:
            r.start += 1
        while r.end > r.start and body[r.end - 1] in TRIM_CHARS:
            r.end -= 1
        r.words = sum(map(_WORD_GROUPS.__contains__, map(_LASTGROUP, TOKEN_RE.finditer(body, r.start, r.end))))
    return [r for r in regions if r.end > r.start]


# ---------------------------------------------------------------- cues


@dataclass
class Cue:
    index: int  # token index
    kind: str  # verb | participle | attribution
    tag: str  # gender/number of the verb form
    width: int = 1  # tokens the cue takes ("نقلا عن")
    lemma: str = ""  # the verb's lemma (normalised), for verbs


def cue_candidates(tokens: list[Token], lex: CueLexicon, lo: int = 0, hi: int | None = None) -> list[int]:
    """Indices (in [lo, hi)) of the tokens that are cue forms, bare or under و/ف: only they can be cues.
    One set look-up per token, in C."""
    hi = len(tokens) if hi is None else hi
    return list(compress(range(lo, hi), map(lex.cue_forms.__contains__, map(_NORM, tokens[lo:hi]))))


def _bare(word: str) -> str:
    """A normalised word without its article ("المتحدث" → "متحدث")."""
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def _title_head(word: str) -> str:
    """A role's first word bare of its clitics and article, as the title read after a verb: "وللمتحدث" → "متحدث"
    (a role may be recorded as written after "وفقا ل")."""
    word = word[1:] if word[:1] in ("و", "ف") and len(word) > 5 else word
    word = "ال" + word[2:] if word.startswith("لل") else word
    return _bare(word)


def _followed_by(tokens: list[Token], i: int, hi: int, words: frozenset[str], lex: CueLexicon, reach: int) -> bool:
    """Whether one of `words` comes within `reach` tokens after token i, in the same clause (before a sentence
    end or another cue word): "وعبر الوزراء عن", not "عبر الحدود … عن"."""
    for k in range(i + 1, min(hi, i + 1 + reach)):
        n = tokens[k].norm
        if n in words:
            return k + 1 >= hi or tokens[k + 1].norm != "طريق"  # "عن طريق" is "by way of"
        if tokens[k].text in SENTENCE_END or n in lex.cue_forms:
            return False
    return False


def find_cues(tokens: list[Token], lo: int, hi: int, lex: CueLexicon,
              candidates: list[int] | None = None) -> list[Cue]:
    """The cues of tokens[lo:hi]; `candidates` are those of cue_candidates over the document, if known."""
    cues: list[Cue] = []
    if candidates is None:
        candidates = cue_candidates(tokens, lex, lo, hi)
    else:
        first = bisect_left(candidates, lo)
        candidates = candidates[first:bisect_left(candidates, hi, first)]
    for i in candidates:
        tok = tokens[i]
        if tok.kind != "word":
            continue
        word = tok.norm
        first = lex.attribution_forms.get(word)
        if first is not None:
            width = lex.attributions[first]
            following = tuple(t.norm for t in tokens[i + 1:i + width])
            if any(p[0] == first and p[1:] == following for p in lex.attribution_phrases):
                # "وفقا لـ" / "حسب" are attributions only when an actor follows
                cues.append(Cue(i, "attribution", "*", width))
            continue
        prev = tokens[i - 1].norm if i > lo else ""
        if prev in lex.impersonal:
            continue
        if prev in ("ما", "لما") and i - 2 >= lo and tokens[i - 2].norm in lex.attribution_forms \
                or prev in lex.attribution_forms and lex.attributions.get(lex.attribution_forms[prev]) == 1 \
                and prev.endswith("ما"):
            continue  # "بحسب ما أعلن X", "حسبما أفادت X": the verb belongs to the attribution
        verb = lex.all_verb_forms.get(word)
        if verb and verb == word and prev in VERBAL_NOUN_BEFORE and tokens[i - 1].text != "علي":
            continue  # "دفع ذلك ليبرمان إلى وصف أردوغان بأنه": after a preposition the form is a verbal noun
        if verb and lex.verb_lemmas.get(verb) == "توقع" and verb[:1] in ("ي", "ت") and i + 1 < hi \
                and lex.is_complementizer(tokens[i + 1].norm):
            continue  # "يتوقع أن": "it is expected", no one's statement
        if verb and word in ("تابع", "تابعه") and i + 1 < len(tokens) and tokens[i + 1].norm[:1] == "ل":
            continue  # "بيان تابع لمكتب العبادي": belonging to, not "he went on"
        if verb:
            lemma = lex.verb_lemmas[verb]
            needs = lex.conditional.get(lemma)
            if needs is not None and lemma in _clause_conditionals():
                # "واتفق الوزراء على أن": the word and a complementizer right after it
                k = next((k for k in range(i + 1, min(hi - 1, i + 1 + CONDITION_REACH)) if tokens[k].norm in needs), None)
                if k is None or not lex.is_complementizer(tokens[k + 1].norm):
                    continue
            in_it = lemma == "جاء" and i + 1 < hi and tokens[i + 1].norm in IN_IT
            if needs is None or (word != verb or i == lo or prev in CLAUSE_OPENERS or tokens[i - 1].kind == "punct"
                                 or in_it or prev in SWITCH_ENDS) \
                    and _followed_by(tokens, i, hi, needs, lex, 1 if lemma == "جاء" else CONDITION_REACH):
                # ("برقية تهنئة … جاء فيها:": the words of the document named before, also within its sentence)
                # a conditional verb also opens its clause ("وعبر الوزراء عن", not "المساعدات عبر الحدود")
                cues.append(Cue(i, "verb", lex.verbs.get(verb) or lex.more_verbs[verb], lemma=lemma))
            continue
        opinion = lex.opinion_forms.get(word)
        if opinion is not None:
            # "ومهمة الحكومة برأيه «…»", "ذهب إلى القول إن": only right before quoted words, أن/إن or a colon
            nxt = tokens[i + 1] if i + 1 < hi else None
            if opinion == "القول" and prev not in ("الي", "في"):
                continue  # "ذهب إلى القول", "في القول", "بالقول"; not "يمكن القول", "لا بد من القول": the writer's
            if nxt is not None and (nxt.text in PAIRED_MARKS or nxt.text in STRAIGHT_MARKS or nxt.text == ":"
                                    or lex.is_complementizer(nxt.norm)):
                cues.append(Cue(i, "participle", lex.opinions[opinion]))
            continue
        part = lex.participle_forms.get(word)
        if part and part not in lex.restating:
            cues.append(Cue(i, "participle", lex.participles[part]))
        elif part and (not cues or cues[-1].index < i - 2):
            cues.append(Cue(i, "participle", lex.participles[part]))  # "قائلا" on its own
    return cues


# ---------------------------------------------------------------- the stage


def _token_from(tokens: list[Token], pos: int, lo: int, hi: int) -> int:
    """The first index in [lo, hi) of a token starting at or after `pos`, else hi (tokens are in order)."""
    return bisect_left(tokens, pos, lo, hi, key=_START) if lo < hi else hi



class Discourse(list[str]):
    """The speakers so far, in order (the last one is the current speaker), where the last quote ended,
    and whether a direct quote was left open at the end of the previous paragraph (and by whom)."""

    last_end: int = 0
    open_quote: bool = False
    open_speaker: str | None = None
    # the words of an unnamed source when it made the last quote: "مضيفا" / "وأضاف أن" continue it
    unnamed: str | None = None
    unnamed_tag: str | None = None  # the gender of the verb it spoke with ("أكدت سامنتا باور …": f)
    joint: bool = False  # the last named speaker was the first of a joint subject ("قال X وY")
    partners: tuple[str, ...] = ()  # … and all of that subject, in order ("وأضافت" after "X ونظيرته Y": Y)
    # the gender of the verb the last speaker was the subject of: "وقال مكتب موغيريني إنها …، مشيرا" agrees with
    # the office (m) named by her name
    last_tag: str | None = None


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    cue: Cue | None  # None for a quote that continues one left open in the paragraph before
    speaker: str | None
    date: str | None
    via: str | None  # how the speaker was found (model.SPEAKER_VIA); None without a speaker
    named_as: str | None = None  # an unnamed source's words ("مسؤول أمريكي") when no entity speaks
    relayed: bool = False  # the speaker is the source a verb relays ("ونقلت الوكالة عن X"): not the verb's subject


CODE_VERSION = "7"  # bump when the quote logic changes; the cue lexicon is hashed
RULE_FILES = ("quotes/cues.yaml",)


def _title_match(norms: list[str], i: int, key: list[str]) -> int | None:
    """Where an earlier use of a title at token i ends when it is the title `key` (its head matched already):
    the same words, or a nationality adjective given there as its country ("وزير الخارجية القطري" ←
    "وزير الخارجية بدولة قطر": one word more). None when it is another title."""
    if norms[i + 1:i + len(key)] == key[1:]:
        return i + len(key)
    if len(key) < 3 or norms[i + 1:i + len(key) - 1] != key[1:-1]:
        return None
    last = i + len(key) - 1
    for width in (1, 2):  # "قطر", "بدولة قطر"
        if _nisba_of(key[-1], norms[last + width - 1:last + width]) and (
                width == 1 or norms[last] in ("بدوله", "لدوله", "دوله")):
            return last + width
    return None


def _nisba_of(word: str, held: list[str]) -> bool:
    """Whether a nationality adjective names a country of a role ("القطري" of "وزير الخارجية القطري" in "وزير
    الخارجية بدولة قطر", "وزير خارجية قطر"): the country, bare or after ب/ل, is one of the role's words."""
    bare = word[2:] if word.startswith("ال") else word
    if bare.endswith("يه"):
        bare = bare[:-2]
    elif bare.endswith("ي"):
        bare = bare[:-1]
    else:
        return False
    if len(bare) < 3:
        return False
    forms = {bare, "ال" + bare, "ب" + bare, "ل" + bare, "بال" + bare, "لل" + bare}  # "بدولة الكويت", "لقطر"
    return any(h in forms for h in held)


@lru_cache(maxsize=1)
def _stage_words() -> dict[str, frozenset[str]]:
    """The word lists of cues.yaml read by this stage only, normalised: `addressee_titles` (titles that with a
    glued ل name whom words were said to) and `conditional_clause` (conditional cues whose word must be followed
    by a complementizer: "اتفق على أن"). Kept in the user's cache like the cue lexicon (no YAML parse at start)."""
    from ..fastload import load_or_build

    def build() -> dict[str, frozenset[str]]:
        data = load_data("quotes/cues.yaml")
        return {key: frozenset(norm(w) for w in data.get(key) or ()) for key in ("addressee_titles",
                                                                                 "conditional_clause")}

    return load_or_build("quotes-stage-words", ("stages/quotes.py", "text/*.py", "data/quotes/*.yaml"), build)


def _addressee_titles() -> frozenset[str]:
    return _stage_words()["addressee_titles"]


def _clause_conditionals() -> frozenset[str]:
    return _stage_words()["conditional_clause"]


class QuotesStage:
    name = "quotes"
    version: str  # CODE_VERSION+hash of the rule files (provenance.stage_version)
    assigns = ("quotes",)
    requires = ("entities", "dates", "sentences")

    def __init__(self) -> None:
        self.version = stage_version(CODE_VERSION, RULE_FILES)
        self.lex = cue_lexicon()
        self.addressee_titles = _addressee_titles()
        self.first_names = load_lexicons().words["first"]  # the tagger's given names (cached, loaded once)
        # honorifics before a name ("الشيخ", "الدكتور") and function words, from the tagger's lists
        self.honorific_titles = frozenset(norm(w) for w in load_lexicons().words["title"])
        self.function_words = frozenset(norm(w) for w in load_lexicons().words["func"])
        self.stop_words = frozenset(norm(w) for w in load_lexicons().words["stop"])

    def __call__(self, doc: Document) -> Document:
        tokens = ensure_tokens(doc)
        doc.quotes = []
        candidates = cue_candidates(tokens, self.lex)
        ranges = paragraph_token_ranges(doc, tokens)
        headline = self._headline(doc, tokens, ranges[0]) if ranges and len(ranges) > 1 else None
        if not candidates and headline is None:
            return doc  # no cue word: no quote (a quote without a cue only continues one with a cue)
        mentions = mention_index(doc)
        mentions.byline = self._bylines(doc, tokens, ranges, mentions)
        found: list[_Found] = [headline] if headline is not None else []
        history = Discourse()
        for lo, hi in ranges:
            if lo >= hi or headline is not None and lo == ranges[0][0]:
                continue
            found += self._paragraph(doc, tokens, lo, hi, mentions, history, candidates)
        for n, f in enumerate(sorted(found, key=lambda f: f.start), 1):
            ent = mentions.entities.get(f.speaker) if f.speaker else None
            cue_span = None
            if f.cue is not None:
                cue_span = doc.span(doc.tokens[f.cue.index].start, doc.tokens[f.cue.index + f.cue.width - 1].end)
            doc.quotes.append(Quote(
                id=f"q{n}", speaker=f.speaker, speaker_name=ent.name if ent else f.named_as,
                text=doc.body[f.start:f.end], kind=f.kind, cue=cue_span.text if cue_span else None,
                start=f.start, end=f.end, cue_span=cue_span, date=f.date,
                speaker_via=f.via if f.speaker else ("unnamed" if f.named_as else None),
            ))
        return doc

    def _bylines(self, doc: Document, tokens: list[Token], ranges: list[tuple[int, int]],
                 mentions: MentionIndex) -> frozenset[int]:
        """Starts of the people named as the writer at the top of an article: a short line with no cue word among
        the first lines ("محمد العمري", "الرياض - محمد العمري"), or a name between a dash or a colon and a
        colon, a dash or the line end at the start of the first lines ("جدة – محمد العمري: أكد …", "كتب: X")."""
        body = doc.body
        out: set[int] = set()
        for lo, hi in ranges[1:1 + BYLINE_LINES] if len(ranges) > 1 else ():
            if lo >= hi:
                continue
            people = [r for r in mentions.within(tokens[lo].start, tokens[hi - 1].end) if r.type == "PER"]
            if not people:
                continue
            short = hi - lo <= BYLINE_TOKENS and not any(t.norm in self.lex.cue_forms for t in tokens[lo:hi])
            for ref in people:
                before = body[tokens[lo].start:ref.start].strip()
                after = body[ref.end:tokens[hi - 1].end].lstrip()[:1]
                if short or _token_from(tokens, ref.start, lo, hi) - lo <= BYLINE_TOKENS and (
                        before[-1:] in BYLINE_MARKS or norm(before.split()[-1]) in BYLINE_WORDS if before else False) \
                        and (after in BYLINE_MARKS or not after):
                    out.add(ref.start)
        return frozenset(out)

    def _headline(self, doc: Document, tokens: list[Token], rng: tuple[int, int]) -> _Found | None:
        """A title of the form "NAME: words" ("الجبير: مصر جزء أساسي من التحالف", '"الخمعلي": نركز على …'): the
        words are the named one's, with ":" as the cue. Only the first line of a text of several, with no
        sentence end (a title, not a dateline "الرياض: أكد الوزير …" opening the body), and only when what stands
        before the colon is an entity mention or one of an entity's roles, and nothing else. A place speaks only
        in the first person ("الرياض: … وموقفنا من حماس لم يتغير"; not "سوريا: مقتل 3042 …")."""
        lo, hi = rng
        if not 3 <= hi - lo <= MAX_HEADLINE_TOKENS or ":" not in doc.body[tokens[lo].start:tokens[hi - 1].end]:
            return None
        colon = next((k for k in range(lo, min(hi, lo + 6)) if tokens[k].text == ":"), None)
        if colon is None or colon == lo:
            return None
        first = colon + 1
        if any(tokens[k].norm in self.lex.cue_forms for k in range(first, min(hi, first + 3))):
            return None  # "الرياض: أكد …": the cue after the colon has its own speaker
        words = [t for t in tokens[lo:colon] if t.text not in STRAIGHT_MARKS and t.text not in PAIRED_MARKS
                 and t.text not in CLOSING_MARKS]
        if not words:
            return None
        mentions = mention_index(doc)
        ref = mentions.covering(words[0].start, words[-1].end)
        speaker = ref.entity if ref is not None and ref.start <= words[0].start + 1 and ref.end >= words[-1].end \
            else None
        if speaker is None:  # "وزير الداخلية اللبناني: …": the role of one person of the article
            title = " ".join(t.norm for t in words)
            owners = {e.id for e in mentions.entities.values() if e.type == "PER"
                      and any(norm(r.text) == title for r in e.roles)}
            speaker = owners.pop() if len(owners) == 1 else None
        if speaker is None or mentions.entities[speaker].type == "LOC" and not any(
                t.norm.endswith("نا") and len(t.norm) > 4 for t in tokens[colon + 1:hi]):
            return None
        start, end = self._trimmed(doc.body, tokens[first].start, tokens[hi - 1].end)
        if end <= start:
            return None
        return _Found(start, end, "direct", Cue(colon, "headline", "*"), speaker, None, "subject")

    # -- one paragraph

    def _paragraph(self, doc: Document, tokens: list[Token], lo: int, hi: int, mentions: MentionIndex,
                   history: Discourse, candidates: list[int] | None = None) -> list[_Found]:
        lex, body = self.lex, doc.body
        cues = find_cues(tokens, lo, hi, lex, candidates)
        if not cues and not history.open_quote:
            return []  # nothing to attribute and no quote to continue (the quoted stretches do not matter)
        cut_before = [self._clause_start(tokens, c.index, lo) for c in cues]
        regions = find_regions(body, tokens[lo].start, tokens[hi - 1].end, cut_before)
        cues = [c for c in cues if not any(r.start <= tokens[c.index].start < r.end for r in regions)]
        out: list[_Found] = []
        carried, history.open_quote = history.open_quote, False
        if carried and regions and regions[0].open_at == tokens[lo].start:
            # a quote of several paragraphs: each opens with a mark, only the last one closes
            out.append(_Found(regions[0].start, regions[0].end, "direct", None, history.open_speaker, None,
                              "continued"))
        consumed = -1  # attributions before this token are inside a verb's subject ("قال X، بحسب ما نقلت عنه …، إن")
        for k, cue in enumerate(cues):
            if any(f.start <= tokens[cue.index].start < f.end for f in out):
                continue  # a cue inside reported words ("أن روسيا تعتبر …") is part of them
            if cue.kind == "attribution" and cue.index < consumed:
                continue
            next_cue = next((c.index for c in cues[k + 1:] if self._opens_clause(tokens, c, lo) and not (
                c.kind == "attribution" and cue.kind != "attribution" and self._inside_subject(tokens, cue, c, hi, mentions))
                             and not (c.kind == "attribution" and not self._has_source(tokens, c, hi, mentions))), hi)
            if cue.kind == "attribution":
                got = self._attribution(doc, tokens, cue, lo, hi, regions, mentions, history)
            else:
                got = self._verb(doc, tokens, cue, lo, hi, next_cue, regions, mentions, history)
            if got is None:
                if cue.kind == "verb":  # "ونفى المتحدث تركي المالكي استهداف …، مؤكدا أن": still the speaker
                    named = [r for r in mentions.within(tokens[cue.index].end, tokens[min(hi, cue.index + 7) - 1].end)
                             if r.type in ("PER", "ORG") and not self._after_preposition(tokens, r, cue.index + 1)
                             and not self._in_relative(tokens, r, cue.index + 1)]  # not "بقيادة المالكي"
                    if named:
                        history.append(min(named, key=lambda r: (preference(r), r.start)).entity)
                continue
            if any(got.start < f.end and f.start < got.end for f in out):
                continue
            if cue.kind != "attribution":
                consumed = _token_from(tokens, got.start, cue.index, hi)
            was_joint = history.joint and bool(history) and got.speaker == history[-1]
            history.joint = False
            history.last_tag = cue.tag if got.speaker and got.via == "subject" and cue.kind == "verb" \
                and not got.relayed and cue.tag in ("m", "f") else None
            if got.speaker:
                history.append(got.speaker)
                if got.via == "subject" and cue.kind == "verb" and cue.tag == "f" and not got.relayed \
                        and mentions.entities[got.speaker].type == "PER":
                    mentions.set_gender(got.speaker, "f")  # "أكدت سامنتا باور …، وقالت": she, whatever her name
                # "وقال سامح شكري وأيمن الصفدي إنهما …", "ورأى الوزير X ونظيرته Y أن": a joint subject, which
                # "وأكدا"/"مؤكدين"/"وتابع وزيرا الداخلية" may continue
                subject = [m for m in mentions.within(tokens[cue.index].end, got.start) if m.type in ("PER", "ORG")]
                if len(subject) >= 2 and any(doc.body[b.start - 1] == "و" or self._partner_between(tokens, a, b)
                                             for a, b in zip(subject, subject[1:], strict=False)):
                    history.joint = True
                    history.partners = tuple(dict.fromkeys(m.entity for m in subject))
                    for a, b in zip(subject, subject[1:], strict=False):
                        k = _token_from(tokens, a.end, 0, len(tokens))
                        if b.type == "PER" and self._partner_between(tokens, a, b) and tokens[k].norm.endswith(
                                ("ته", "تها")):
                            mentions.set_gender(b.entity, "f")  # "ونظيرته الإيطالية إيما بونينو": a woman
                elif was_joint and not subject and (cue.tag in ("d", "p") or cue.index + 1 < len(tokens)
                                                    and self._dual_noun(tokens, cue.index + 1)):
                    history.joint = True  # the pair goes on speaking ("وأضافا", "مشيرين", "وتابع وزيرا الداخلية")
            history.unnamed = None if got.speaker else got.named_as
            history.unnamed_tag = cue.tag if cue.tag in ("m", "f") and cue.kind == "verb" else None
            history.last_end = max(history.last_end, got.end)
            out.append(got)
        last = regions[-1] if regions else None
        if last is not None and not last.closed and any(f.start == last.start and f.kind == "direct" for f in out):
            history.open_quote = True
            history.open_speaker = next(f.speaker for f in out if f.start == last.start)
        return out

    def _addressee_title(self, t: Token) -> bool:
        """A title with a glued ل: whom the words were said to ("لوزير الخارجية", "للرئيس")."""
        return t.norm[:1] == "ل" and (t.norm[1:] in self.addressee_titles or t.norm.startswith("لل")
                                      and "ال" + t.norm[2:] in self.addressee_titles)

    def _bare_name(self, tokens: list[Token], i: int, content_tok: int) -> bool:
        """Whether token i, right after a verb, is one bare word followed by the content's opening mark or a colon:
        a name ("قال نصر «…»", "وقال فرنانديز: …"), not an adverb ("ساخرا", "أيضا"), a particle or a word that may
        carry a preposition ("وتعهد بجعل «…»", "صرح لصحيفة «…»")."""
        if i + 1 >= min(content_tok + 1, len(tokens)):
            return False
        t, after = tokens[i], tokens[i + 1]
        if t.kind != "word" or t.prefix or len(t.norm) < 3 or t.norm.endswith(("ا", "ً")) \
                or t.norm in self.function_words or t.norm in NOT_SUBJECT_HEADS or t.norm in self.lex.source_adverbs \
                or t.norm in self.lex.cue_forms or t.norm in self.lex.restating or self.lex.is_complementizer(t.norm) \
                or t.norm in FIRST_PERSON or t.norm in FIRST_PERSON_VERBS or t.norm in _PREPOSITIONS \
                or t.norm in SWITCH_ENDS or t.norm in self.stop_words:
            return False
        glued = t.norm[:1] in "بلك"  # (a preposition's noun: "وتعهد بجعل «…»", "أكد بشدة أن"; "بلاتيني" is lost)
        if after.kind == "word" and after.norm in COMPLEMENTIZER_WORDS:
            # "اعلن تيكسييه انه لن يترشح": a name before أن too (never a word that may carry ب/ك/ل: "أكدت بوضوح
            # أن", "وقال لرويترز إن")
            return not glued
        return not glued and (after.text == ":" or after.text in PAIRED_MARKS
                              or after.text in STRAIGHT_MARKS and i + 1 == content_tok)

    @staticmethod
    def _title_before_name(tokens: list[Token], ref: MentionRef, mentions: MentionIndex) -> bool:
        """Whether a person mention is only a title (none of its words is in its entity's name) that goes on, with
        no comma, to another person's name: "رئيس الوزراء الماليزي السابق مهاتير محمد" after "رئيس الوزراء نجيب"
        named before: the title is Mahathir's here, whoever the tagger gave it to."""
        if ref.type != "PER" or set(norm(mentions.entities[ref.entity].name).split()) & set(
                norm(mentions.text(ref)).split()):
            return False
        k = _token_from(tokens, ref.end, 0, len(tokens))
        for j in range(k, min(len(tokens), k + TITLE_REACH)):
            t = tokens[j]
            if t.kind != "word":
                return False
            other = mentions.covering(t.start, t.end)
            if other is not None and other.type == "PER" and other.entity != ref.entity and other.start == t.start:
                return True
            if not t.norm.startswith(("ال", "لل")):
                return False  # only the title's own words between ("الماليزي السابق"), not "أهمية زيارة ولي العهد"
        return False

    def _titled_untagged(self, tokens: list[Token], s: int, end: int, mentions: MentionIndex,
                         ref: MentionRef) -> tuple[int, int] | None:
        """(start, end) in the body of "الأمين العام للمشروع العربي في العراق الشيخ خميس الخنجر": a person mention
        that is only a title (none of its words is in its entity's name), going on with no comma to an honorific
        ("الشيخ", "الدكتور") and a name no entity covers. None when the clause has no such name."""
        if ref.type != "PER":
            return None
        names = set(norm(mentions.entities[ref.entity].name).split())
        if names & set(norm(mentions.text(ref)).split()):
            return None
        k = _token_from(tokens, ref.end, s, end)
        for j in range(k, min(end - 1, k + 2 * TITLE_REACH)):
            t = tokens[j]
            if t.kind != "word" or (inner := mentions.covering(t.start, t.end)) is not None and inner.type == "PER":
                return None  # (a place or body in the title goes on: "… للمشروع العربي في العراق")
            if t.norm not in self.honorific_titles:
                continue
            name = tokens[j + 1]
            if name.kind != "word" or name.prefix or len(name.norm) < 3 or name.norm in self.function_words \
                    or mentions.covering(name.start, name.end) is not None:
                return None
            last = j + 1
            nxt = tokens[j + 2] if j + 2 < end else None
            if nxt is not None and nxt.kind == "word" and nxt.norm not in self.function_words \
                    and nxt.norm not in DEMONSTRATIVES and mentions.covering(nxt.start, nxt.end) is None \
                    and not self.lex.is_complementizer(nxt.norm) and nxt.norm not in self.lex.cue_forms:
                last = j + 2
            return ref.start, tokens[last].end
        return None

    @staticmethod
    def _partner_between(tokens: list[Token], a: MentionRef, b: MentionRef) -> bool:
        """Whether "ونظيرته البريطانية" (at most three words) joins mention b to mention a."""
        k = _token_from(tokens, a.end, 0, len(tokens))
        return k < len(tokens) and tokens[k].norm in PARTNERS and b.start - tokens[k].start < 40 \
            and not any(t.kind == "punct" for t in tokens[k:_token_from(tokens, b.start, k, len(tokens))])

    def _dual_noun(self, tokens: list[Token], i: int) -> bool:
        """A dual title as a subject: "وزيرا الداخلية" (construct), "الوزيران", "الطرفان"."""
        t = tokens[i]
        if t.kind != "word":
            return False
        w = t.norm[1:] if t.norm[:1] in ("و", "ف") and len(t.norm) > 5 else t.norm
        heads = self.lex.person_sources | DUAL_HEADS
        if w.startswith("ال") and w.endswith("ان"):
            return w[2:-2] in heads
        return w.endswith("ا") and w[:-1] in heads and i + 1 < len(tokens) and tokens[i + 1].kind == "word" \
            and tokens[i + 1].norm.startswith("ال")

    def _inside_subject(self, tokens: list[Token], cue: Cue, attribution: Cue, hi: int, mentions: MentionIndex) -> bool:
        """Whether an attribution sits between a verb and its أن/إن ("قال X، بحسب ما نقلت عنه وكالة …، إن",
        "أفادت شبكة … نقلا عن مسؤولين … بأن"): then it is part of the verb's subject, not a new statement."""
        lex = self.lex
        if attribution.index - cue.index > APPOSITION_REACH:
            return False
        for j in range(cue.index + 1, min(hi, cue.index + CUE_WINDOW)):
            t = tokens[j]
            if t.text in SENTENCE_END or t.text == ":":
                return False
            if lex.is_complementizer(t.norm) and mentions.covering(t.start, t.end) is None:  # not "سي إن إن"
                return j > attribution.index
        return False

    def _has_source(self, tokens: list[Token], cue: Cue, hi: int, mentions: MentionIndex) -> bool:
        """Whether an attribution names a source ("وفقا للشرطة", "حسب مصادر", "بحسب ما أعلن"), unlike "وفقا
        لتوجيهات الرئيس" or "حسب الخطة": only then does it end the clause before it."""
        after = cue.index + cue.width
        if after >= hi:
            return False
        first = tokens[after]
        if first.norm in ("ما", "لما") or first.norm in self.lex.all_verb_forms or first.norm in OWN_WORDS:
            return True
        if mentions.within(first.start, first.end + 40) and mentions.within(first.start, first.end + 40)[0].start \
                <= first.end:
            return True
        n = first.norm
        forms = {n, first.stem, strip_conj(n, self.lex.unnamed_sources), n[1:] if n[:1] == "ل" else None,
                 "ال" + n[2:] if n[:2] == "لل" else None}  # "وفقا لمصادر طبية", "وفقا للشرطة"
        return bool(forms & self.lex.unnamed_sources) or mentions.by_head(first.text, first.start) is not None

    def _relay(self, tokens: list[Token], cue: Cue, end: int, mentions: MentionIndex) -> int | None:
        """The first token of the source a verb relays ("أفادت شبكة … نقلا عن مسؤولين", "ونقلت الوكالة عن
        المعلم", "نقلت عن شهود عيان قولهم"): the words are the source's; None without one."""
        stop = min(end, cue.index + CUE_WINDOW, len(tokens) - 1)
        if cue.lemma != "نقل" and "نقلا" not in mentions.norms[cue.index + 1:stop]:
            return None  # the common case, decided in C
        for j in range(cue.index + 1, stop):
            n = tokens[j].norm
            if tokens[j].text in SENTENCE_END or self.lex.is_complementizer(n) and mentions.covering(
                    tokens[j].start, tokens[j].end) is None:
                return None
            if n == "نقلا" and tokens[j + 1].norm == "عن":
                return j + 2
            if cue.lemma == "نقل" and n in ("عن", "قول"):
                return j + 1
        return None

    def _ends_clause(self, tokens: list[Token], region: Region, hi: int, next_cue: int) -> bool:
        """Whether nothing but punctuation follows a quoted stretch before the sentence or the clause ends:
        then it is the statement itself, not a quoted name inside the subject ('ممثل عن "اللجنة" إنه')."""
        for k in range(_token_from(tokens, region.end, 0, hi), hi):
            t = tokens[k]
            if k >= next_cue or t.text in SENTENCE_END or t.text in ("،", ","):
                return True
            if t.kind != "punct":
                return False
        return True

    @staticmethod
    def _word_after(tokens: list[Token], region: Region, hi: int) -> bool:
        """Whether a word follows a quoted stretch right away (no comma, no sentence end)."""
        k = _token_from(tokens, region.end, 0, hi)
        while k < hi and tokens[k].text in CLOSING_MARKS | STRAIGHT_MARKS:
            k += 1
        return k < hi and tokens[k].kind == "word"

    def _complementizer_after(self, tokens: list[Token], region: Region, hi: int) -> bool:
        k = _token_from(tokens, region.end, 0, hi)
        while k < hi and tokens[k].text in CLOSING_MARKS | STRAIGHT_MARKS:
            k += 1
        return k < hi and tokens[k].norm in COMPLEMENTIZER_WORDS  # (not فإن: "المثل يقول «…» فإن …")

    def _colon_after(self, tokens: list[Token], region: Region, hi: int) -> bool:
        k = _token_from(tokens, region.end, 0, hi)
        while k < hi and tokens[k].text in CLOSING_MARKS | STRAIGHT_MARKS:
            k += 1
        return k < hi and tokens[k].text == ":"

    def _opens_clause(self, tokens: list[Token], cue: Cue, lo: int) -> bool:
        """Whether a cue starts a new statement ("، مضيفا أن", "وأضاف", ". قال") rather than sitting
        inside the words of another one."""
        word = tokens[cue.index].norm
        prev = tokens[cue.index - 1].text if cue.index > lo else "."
        return (cue.kind != "verb" or word[:1] in ("و", "ف") and self.lex.all_verb_forms.get(word) != word
                or prev in SENTENCE_END or prev in ("،", ",")
                or cue.index > lo and tokens[cue.index - 1].norm.startswith(("لكن", "ولكن"))  # "، لكنه اعترف"
                # "…، كما أعادت الولايات المتحدة تأكيد …": an opener after a comma, and a clause of its own after
                # the verb (not "…، كما يدعي أوباما، …": "as Obama claims")
                or cue.index - 1 > lo and tokens[cue.index - 1].norm in CLAUSE_OPENERS
                and tokens[cue.index - 2].text in ("،", ",") and word[:1] != "ي"
                and (all(t.kind == "word" for t in tokens[cue.index + 1:cue.index + 7])
                     # "…، حيث قال رئيسها إبراهام فوكسمان: «…»": a subject of words and a colon
                     or any(t.text == ":" and all(x.kind == "word" for x in tokens[cue.index + 1:k])
                            for k, t in enumerate(tokens[cue.index + 1:cue.index + 7], cue.index + 1)))
                or self._lead_in(tokens, cue.index, lo) is not None
                or self._contrast_at(tokens, cue.index, lo) is not None)

    @staticmethod
    def _contrast_at(tokens: list[Token], cue_index: int, lo: int) -> int | None:
        """The comma before "، غير أن المراقبين يؤكدون أن …" / "، إلا أن خبراء يرون …": a contrast whose own
        subject (at most four words) speaks with the verb; the statement before ends at that comma."""
        for j in range(cue_index - 1, max(lo, cue_index - 7), -1):
            if tokens[j].kind != "word":
                return None
            if tokens[j].norm == "ان" and j - 2 >= lo and tokens[j - 1].norm in CONTRASTS \
                    and tokens[j - 2].text in ("،", ",") and j + 1 < cue_index:
                return j - 2
        return None

    def _lead_in(self, tokens: list[Token], cue_index: int, lo: int) -> int | None:
        """The comma before a circumstance that leads into a verb cue with its subject after it ("…، وفي زيارة
        لأربيل الأسبوع الماضي وصف وزير الدفاع …"): the cue opens a new statement there. None otherwise."""
        if cue_index + 1 >= len(tokens) or tokens[cue_index + 1].kind != "word":
            return None
        for j in range(cue_index - 1, max(lo, cue_index - 4) - 1, -1):
            if tokens[j].norm in LEAD_DEMONSTRATIVES:
                # "…, ولهذا الغرض أكدت كل من الولايات المتحدة …": whatever the subject
                return j - 1 if j - 1 >= lo and tokens[j - 1].text in ("،", ",") else None
            if tokens[j].kind != "word":
                break
        subject = _bare(tokens[cue_index + 1].norm)
        if not (subject in self.addressee_titles or subject in self.lex.person_sources
                or subject in self.lex.unnamed_sources or tokens[cue_index + 1].norm in self.first_names
                # "…, وفي الشأن السوري قال كيري: «…»": a subject of one or two words and a colon
                or any(t.text == ":" for t in tokens[cue_index + 2:cue_index + 4])):
            return None  # a title or a given name must follow the verb as its subject ("وصف وزير الدفاع")
        for j in range(cue_index - 1, max(lo, cue_index - TOPIC_REACH) - 1, -1):
            t = tokens[j]
            if t.kind != "word":
                return j if t.text in ("،", ",") and j + 1 < cue_index and tokens[j + 1].norm in LEAD_INS else None
        return None

    def _clause_start(self, tokens: list[Token], i: int, lo: int) -> int:
        """Where the clause a cue opens begins: before a preceding comma/و, for cutting unclosed quotes."""
        j = i
        if j - 1 >= lo and tokens[j - 1].text in ("،", ","):
            j -= 1
        return tokens[j].start

    def _sentence_end(self, tokens: list[Token], start_tok: int, hi: int, regions: list[Region],
                      stop_at: int) -> int:
        """End offset of the clause from token `start_tok`: at a sentence end outside quotes, before a
        ", <cue>" clause (token `stop_at`), or at the paragraph end."""
        end = tokens[hi - 1].end
        for j in range(start_tok, hi):
            t = tokens[j]
            if j >= stop_at:
                if j - 1 > start_tok and tokens[j - 1].norm.startswith(("لكن", "ولكن")):
                    j -= 1  # "…، لكنه اعترف": the conjunction opens the next clause
                elif (lead := self._lead_in(tokens, j, start_tok)) is not None and lead > start_tok:
                    j = lead + 1  # "…، وفي زيارة لأربيل وصف X": the circumstance belongs to the next statement
                elif (comma := self._contrast_at(tokens, j, start_tok)) is not None and comma > start_tok:
                    j = comma + 1  # "…، غير أن المراقبين يؤكدون": the contrast is the next statement's
                elif j - 2 > start_tok and tokens[j - 1].norm in CLAUSE_OPENERS and tokens[j - 2].text in ("،", ","):
                    j -= 1  # "…، كما أعادت …": the opener starts the next statement
                end = tokens[j - 1].start if j - 1 > start_tok and tokens[j - 1].text in ("،", ",") else tokens[j].start
                break
            if t.text in SENTENCE_END and not any(r.start <= t.start < r.end for r in regions):
                end = t.start
                break
        return end

    def _trimmed(self, body: str, start: int, end: int) -> tuple[int, int]:
        while start < end and body[start] in TRIM_CHARS:
            start += 1
        while end > start and body[end - 1] in TRIM_CHARS:
            end -= 1
        return start, end

    def _balanced(self, body: str, start: int, end: int) -> tuple[int, int]:
        """Keep the closing mark of a quoted part that ends the content: 'البلدين "يتفقان على …"'."""
        text = body[start:end]
        for open_mark, close_mark in (('"', '"'), ("«", "»"), ("“", "”")):
            opened = text.count(open_mark) - (text.count(close_mark) if open_mark != close_mark else 0)
            odd = opened % 2 == 1 if open_mark == close_mark else opened > 0
            if odd and end < len(body) and body[end] == close_mark:
                return start, end + 1
        return start, end

    def _kind_for(self, start: int, end: int, regions: list[Region]) -> str:
        inside = [r for r in regions if start <= r.start and r.end <= end]
        if not inside:
            return "indirect"
        if len(inside) == 1 and inside[0].start - start <= 1 and end - inside[0].end <= 1:
            return "direct"
        return "mixed"

    def _verb(self, doc: Document, tokens: list[Token], cue: Cue, lo: int, hi: int, next_cue: int,
              regions: list[Region], mentions: MentionIndex, history: Discourse) -> _Found | None:
        lex, body = self.lex, doc.body
        content: tuple[int, int] | None = None
        content_tok = None
        limit = min(hi, cue.index + CUE_WINDOW, next_cue)
        j = cue.index + 1
        while j < limit:
            t = tokens[j]
            if t.text in SENTENCE_END and not (t.text == "." and len(tokens[j - 1].text) == 1):
                break  # not the dot of an abbreviation ("أمين الأحساء م. عادل الملحم", "(د. ب. أ)")
            if t.text in ("،", ",") and j + 1 < hi and tokens[j + 1].kind == "word" and (
                    tokens[j + 1].norm.startswith("و") and not lex.is_complementizer(tokens[j + 1].norm)
                    or tokens[j + 1].norm.startswith(("لكن", "ولكن"))):
                break  # ", و…" / "، لكنه …" opens a new clause: this cue had no content
            region = next((r for r in regions if r.open_at == t.start), None) if regions else None
            if region is not None and (region.words <= 3 and (self._colon_after(tokens, region, hi) or (
                    j - 1 == cue.index and self._word_after(tokens, region, hi)))
                    or j - 1 == cue.index and region.words <= QUOTED_NAME_WORDS and self._complementizer_after(
                        tokens, region, hi)):
                # 'وأضاف "الفوزان": "…"', 'ونقلت “السومرية” عن شهود', 'وذكرت «جيه إل إل الشرق الأوسط» أن': the
                # quoted words are the speaker's name
                region = None
            if region is not None:
                prev = tokens[j - 1]
                introduced = j - 1 == cue.index or prev.text == ":" or prev.norm in lex.restating
                speech_like = region.words >= MIN_SPEECH_WORDS or (
                    region.words >= MIN_CLAUSE_WORDS and self._ends_clause(tokens, region, hi, next_cue))
                after = _token_from(tokens, region.end, j + 1, hi)
                while after < hi and tokens[after].text in QUOTE_CHARS:
                    after += 1
                if speech_like and not introduced and after < hi and tokens[after].norm in RELATIVE_PRONOUNS:
                    speech_like = False  # 'خلال «المؤتمر الإعلامي الدولي …» الذي عقد في دمشق': a name
                if introduced or (speech_like and prev.norm not in lex.name_contexts):
                    if not introduced and self._nominal_preps(tokens, cue) is not None \
                            and self._nominal(tokens, cue, hi, j, mentions, regions) is not None:
                        limit = j  # "وأشار X إلى التدابير … و«التحصينات …»": the quoted words are the object's
                        break
                    content, content_tok = (region.start, region.end), j
                    break
                j = _token_from(tokens, region.end, j + 1, hi)
                continue
            if t.norm in CLAUSE_OPENERS and j > cue.index + 1 and j + 1 < hi and tokens[j + 1].kind == "word" \
                    and lex.all_verb_forms.get(tokens[j + 1].norm):
                limit = j  # "عن استياء الأهالي … حيث أوضح أن …": that أن is the next cue's
                break
            if lex.is_complementizer(t.norm) and t.norm in ("فان", "فانه", "فانها") and cue.kind == "verb" and any(
                    tokens[k].norm in lex.verb_forms and k + 1 < hi and lex.is_complementizer(tokens[k + 1].norm)
                    for k in range(j + 2, min(hi, j + 6))):
                break  # "وبينما أعلنت اللجنة …، فإن خبيرا قانونيا أكد أن …": the أن is the later verb's
            if lex.is_complementizer(t.norm) and not (j + 1 < hi and mentions.starts_name(t.norm, tokens[j + 1].norm)):
                # (not "بان" of "بان كي مون", a name the tagger found elsewhere in the article)
                comma = next((c for c in range(cue.index + 1, j) if tokens[c].text in ("،", ",")
                              and not any(r.start <= tokens[c].start < r.end for r in regions)), None)
                nominal = self._nominal(tokens, cue, hi, comma, mentions, regions) \
                    if comma is not None and tokens[comma + 1].norm not in lex.cue_forms \
                    and not lex.is_complementizer(tokens[comma + 1].norm) \
                    and self._nominal_preps(tokens, cue) is not None else None
                if nominal is not None and nominal[1] + 1 < comma and (
                        tokens[nominal[1] - 1].norm in (self._nominal_preps(tokens, cue) or ())
                        or self._verbal_noun(strip_conj(tokens[nominal[1]].norm, lex.verbal_nouns)
                                             or tokens[nominal[1]].norm)):
                    # (a verbal noun or the verb's preposition opens it: not a title after a name, "مستشار …")
                    # "وأعرب سموه عن عزائه لأسر الشهداء، سائلا الله أن …": the words end at the comma; the أن is
                    # another clause's
                    limit = comma
                    break
                content_tok = j + 1
                if t.norm == "ان" and j - 1 > cue.index and tokens[j - 1].norm in lex.modal_nouns \
                        and self._nominal_preps(tokens, cue) is not None:
                    content_tok = j - 1  # "أكد على ضرورة أن …": the content starts at the verbal noun
                elif cue.lemma == "وصف" and t.norm.startswith("بان") and cue.kind == "verb":
                    # "ووصف وزير الدفاع X قوات الأمن … بأنها نموذج": what was described is part of the words
                    k = self._subject_end(tokens, cue, j, mentions, regions, None)
                    if k is not None and cue.index + 1 < k < j and tokens[k].kind == "word" \
                            and tokens[k - 1].norm not in RELATIVE_PRONOUNS:
                        content_tok = k
                break
            if t.text == ":":
                content_tok = j + 1
                break
            if t.norm in FIRST_PERSON and j > cue.index + 1 and cue.kind == "verb" and tokens[j - 1].kind == "word" \
                    and tokens[j - 1].norm not in NOT_SUBJECT_HEADS:
                content_tok = j  # "قال وزير الخارجية القطري نحن مطالبون …": his words, without marks
                break
            j += 1
        subject_end_tok = content_tok if content_tok is not None else cue.index + 1
        relay = self._relay(tokens, cue, content_tok if content_tok is not None else limit, mentions)
        if content is None and content_tok is None:
            # no quote, no أن: a verbal-noun object ("أكد الوزير حرص بلاده على …", "مشيرا إلى أهمية …")
            nominal = self._nominal(tokens, cue, hi, limit, mentions, regions, relay)
            if nominal is None:
                return None
            subject_end_tok, content_tok, skip = nominal
            end = self._nominal_end(tokens, content_tok, hi, regions, next_cue)
            if cue.index > lo and tokens[cue.index - 1].norm in RELATIVE_PRONOUNS:
                # a relative clause ends at its comma: "الذي وصف المفاوضات بـ«الصعبة»، لافتا …"
                end = next((t.start for t in tokens[content_tok:hi] if t.start >= end or t.text in ("،", ",")
                            and not any(r.start <= t.start < r.end for r in regions)), end)
            content = self._balanced(body, *self._trimmed(body, tokens[content_tok].start + skip, end))
        if content is None:
            if content_tok is None or content_tok >= hi:
                return None
            start_tok = content_tok
            region = next((r for r in regions if r.open_at == tokens[start_tok].start), None)
            end = self._sentence_end(tokens, start_tok, hi, regions, next_cue)
            if region is not None and region.end >= end - 1:
                end = max(end, region.end)
            content = self._balanced(body, *self._trimmed(body, tokens[start_tok].start, end))
        if content[1] <= content[0]:
            return None
        speaker, date, via = self._speaker(doc, tokens, cue, lo, subject_end_tok, mentions, history, regions)
        plural = None
        if speaker is None and cue.tag == "p" and via not in ("unnamed", "unnamed-before", "unnamed-apposition"):
            # "إلا أن إماراتيين رفضوا كلماته، …، مشيرين إلى أنه": the plural's subject, an unnamed group named
            # since the last quote (so a new one, not the group that spoke before)
            plural = self._plural_source(tokens, lo, cue.index, mentions, history)
            if plural is None and cue.index == lo and lo > 0:
                # "علق سياسيون يمنيون على عودة …" closing one paragraph, "وقالوا إن …" opening the next: the
                # group of the last sentence before it
                back = lo - 1
                while back > 0 and lo - back < SENTENCE_REACH and tokens[back - 1].text not in SENTENCE_END \
                        and "\n" not in body[tokens[back - 1].end:tokens[back].start]:
                    back -= 1  # (within the paragraph before: not into a title line with no full stop)
                plural = self._plural_source(tokens, back, lo, mentions, history)
            if plural is not None:
                via = "unnamed"
        source_start = self._subject_start(tokens, cue, subject_end_tok)
        if relay is not None and relay < subject_end_tok:
            # the relayed source speaks: a name right after عن, else its words ("مسؤولين أميركيين")
            source_start = relay
            named = [r for r in mentions.within(tokens[relay].start, tokens[min(relay + 3, subject_end_tok) - 1].end)
                     if r.type in ("PER", "ORG")]
            speaker = min(named, key=lambda r: (preference(r), r.start)).entity if named else None
            via = "subject" if speaker else "unnamed"
        named_as = self._unnamed_source(doc.body, tokens, source_start, subject_end_tok, mentions) \
            if via == "unnamed" and plural is None else None
        if plural is not None:  # "إماراتيين", "عدد من شباب الطائف" (a noun after من, and a name after it)
            last = plural + 2 if plural + 2 < cue.index and tokens[plural + 1].norm == "من" \
                and tokens[plural + 2].kind == "word" else plural
            named = mentions.covering(tokens[last + 1].start, tokens[last + 1].end) if last > plural else None
            end = named.end if named is not None and named.start == tokens[last + 1].start else tokens[last].end
            named_as = body[tokens[plural].start:end]
        if via == "unnamed-continued":
            named_as, via = history.unnamed, "unnamed"
        elif via == "unnamed-relative":
            first = self._titled_antecedent(tokens, lo, cue.index - 1, mentions) or cue.index - 2
            named_as, via = body[tokens[first].start:tokens[cue.index - 3].end], "unnamed"
        elif via == "unnamed-name":
            first, last = self._untagged_name(tokens, lo, cue.index, mentions, history, regions) or (0, 0)
            named_as, via = body[tokens[first].start:tokens[last].end], "unnamed"
        elif via == "unnamed-titled":
            s = cue.index
            while s > max(lo, cue.index - SENTENCE_REACH) and tokens[s - 1].text not in SENTENCE_END:
                s -= 1
            named = [r for r in mentions.within(tokens[s].start, tokens[cue.index].start) if r.type == "PER"]
            span = self._titled_untagged(tokens, s, cue.index, mentions, named[0]) if named else None
            named_as = body[span[0]:span[1]] if span else None
            via = "unnamed"
        elif via == "unnamed-quoted":
            span = self._quoted_subject(tokens, self._subject_start(tokens, cue, subject_end_tok), subject_end_tok)
            named_as, via = (body[tokens[span[0]].start:tokens[span[1]].end] if span else None), "unnamed"
        elif via == "unnamed-amma":  # "أما جريدة «واشنطن بوست»، فأكدت": the topic
            first, end = self._amma(tokens, cue, lo) or (cue.index, cue.index)
            named_as, via = (body[tokens[first].start:tokens[end - 1].end] if end > first else None), "unnamed"
        elif via == "unnamed-apposition":  # the words between the commas right before the verb
            close = cue.index - 1
            while tokens[close].text not in ("،", ","):
                close -= 1
            opening = close - 1
            while tokens[opening].text not in ("،", ","):
                opening -= 1
            named_as, via = body[tokens[opening + 1].start:tokens[close - 1].end], "unnamed"
        elif via == "unnamed-sentence":
            s = cue.index
            while s > max(lo, cue.index - SENTENCE_REACH) and tokens[s - 1].text not in SENTENCE_END:
                s -= 1
            first = self._untagged_subject(tokens, s, cue.index, mentions)
            if first is not None:  # the definite noun and its definite adjectives: "التقرير", "المواطن الأمريكي"
                named_as = body[tokens[first].start:tokens[self._definite_end(tokens, first, cue.index) - 1].end]
            via = "unnamed"
        elif via == "unnamed-before":
            first = self._source_before(tokens, cue, lo)
            last = cue.index - 2 if tokens[cue.index - 1].norm == "قد" else cue.index - 1
            named_as, via = body[tokens[first].start:tokens[last].end], "unnamed"  # type: ignore[index]
        elif named_as and history.unnamed and len(named_as.split()) == 1 and named_as.startswith("ال") \
                and _bare(norm(named_as)) in {_bare(w) for w in norm(history.unnamed).split()[:MAX_SOURCE_WORDS]}:
            # (also a word of the title after an untagged name: "قال كريس فيليرز المتحدث باسم بوينغ … ولفت المتحدث")
            named_as = history.unnamed  # "ذكرت مصادر مطلعة … وأضافت المصادر": the same sources
        return _Found(content[0], content[1], self._kind_for(*content, regions), cue, speaker, date, via, named_as,
                      relayed=relay is not None and relay < subject_end_tok)

    def _nominal_preps(self, tokens: list[Token], cue: Cue) -> frozenset[str] | None:
        """The prepositions that may introduce a verbal-noun content after this cue; None when the cue takes
        none (a participle of the list takes any of them)."""
        if cue.kind == "verb":
            return self.lex.nominal.get(cue.lemma)
        if cue.kind == "participle" and strip_conj(tokens[cue.index].norm, self.lex.nominal_participles):
            return NOMINAL_PREPOSITIONS
        return None

    def _nominal(self, tokens: list[Token], cue: Cue, hi: int, limit: int, mentions: MentionIndex,
                 regions: list[Region], relay: int | None = None) -> tuple[int, int, int] | None:
        """(where the subject ends, the first token of the content, characters of a glued ب to skip) of a
        verbal-noun content: after the verb's own preposition ("شدد المندوب على ضرورة"), or right after the
        subject ("أعلن الجيش المصري تمكنه", "أكد فيصل العمراني، زوج …، عزمه"); None when there is none."""
        preps = self._nominal_preps(tokens, cue)
        if preps is None and relay is None:
            return None
        preps = preps or frozenset()
        lex = self.lex
        end = min(hi, limit)
        if cue.lemma == "وصف" and not any(t.norm[:1] == "ب" and t.kind == "word" for t in tokens[cue.index + 1:end][:6]):
            return None  # "وصف X بـ…", "وصف X بأنه": without the ب of what he was called, a verbal noun or a report
        if not preps and cue.index + 1 < end and tokens[cue.index + 1].norm in DEMONSTRATIVES:
            return None  # "نفوا تلك الروايات، مطالبين": what is denied is told before, not here
        k: int | None = cue.index + 1
        if cue.kind == "participle":
            if k < end and tokens[k].norm == "في":  # "مؤكدا في السياق ذاته، أهمية …"
                comma = next((c for c in range(k, min(end, k + 5)) if tokens[c].text in ("،", ",")), None)
                k = comma + 1 if comma is not None else None
        elif k < end and tokens[k].kind == "word" and (strip_conj(tokens[k].norm, lex.verbal_nouns)
                                                       or tokens[k].norm) in lex.verbal_nouns:
            if cue.lemma not in PREPOSITION_FIRST:
                return k, k, 0  # "وأكد حرص بلاده على …": the subject is left out, the verbal noun opens the content
        elif k < end and tokens[cue.index - 1].norm in RELATIVE_PRONOUNS and not preps and self._may_open(
                tokens[k], preps, mentions) and tokens[k].norm not in lex.honorifics:
            return k, k, 0  # "مستشار وزير الري الذي وصف المفاوضات بـ«الصعبة»": the subject is the antecedent
        else:
            k = self._subject_end(tokens, cue, end, mentions, regions, relay)
            if k is not None and k + 1 < end and tokens[k + 1].norm in preps and (
                    tokens[k].norm in lex.source_adverbs or tokens[k].norm[:1] == "ب" or tokens[k].norm[-1:] == "ا"):
                k += 1  # an adverb between the subject and the preposition: "وأكدت … بقوة على ضرورة", "مجددا على
            if k is None or k >= end or not self._may_open(tokens[k], preps, mentions):
                # a subject not told apart ("أكدت سامنتا باور مندوبة … على"): the verb's own preposition
                k = next((p for p in range(cue.index + 1, min(end, cue.index + 1 + CONDITION_REACH + 2))
                          if tokens[p].kind != "word" or self._opens_object(tokens[p], preps, mentions)), None)
                if k is not None and tokens[k].kind != "word":
                    k = None
        if cue.lemma in PREPOSITION_FIRST and cue.kind == "verb" and (k is None or k >= end or tokens[k].norm not in preps):
            # "وأعرب الأمين العام لمجلس التعاون الدكتور عبداللطيف الزياني عن وقوف …", "وأعرب الملك باسمه واسم
            # شعبه عن …": the words start after عن, past a long subject
            k = next((p for p in range(cue.index + 1, min(end, cue.index + 1 + CONDITION_REACH + APPOSITION_REACH))
                      if tokens[p].norm in preps), None)
            if k is not None and any(tokens[p].text in SENTENCE_END or tokens[p].norm in lex.cue_forms
                                     for p in range(cue.index + 1, k)):
                k = None
        if cue.lemma == "اعاد" and k is not None and k < end and tokens[k].norm in lex.conditional["اعاد"]:
            # "وأعاد الرئيس التأكيد على دعم بلاده …", "أعادت واشنطن تأكيد التزامها": the words follow the affirmation
            if k + 1 < end and tokens[k + 1].norm in preps:
                k += 1
            elif k + 1 < end and self._may_open(tokens[k + 1], preps, mentions):
                return k + 1, k + 1, 0
        if k is None or k >= end:
            return None
        t = tokens[k]
        if t.norm in preps:
            if k + 1 < hi and tokens[k + 1].kind == "word" and tokens[k + 1].norm not in NOT_SUBJECT_HEADS \
                    and not lex.is_complementizer(tokens[k + 1].norm):
                return k, k + 1, 0
            if k + 2 < hi and any(r.open_at == tokens[k + 1].start for r in regions) and tokens[k + 2].kind == "word":
                return k, k + 1, 0  # "وأعربت الوزارة عن «تحفظ دولة قطر …»", "مشددة على «تضامن …»": quoted words
            return None
        if self._opens_object(t, preps, mentions):
            return k, k, 1  # "منوهة بغرس …", "ونوه بالتفاف …": without the glued ب
        describing = cue.kind == "participle" and _bare(strip_conj(tokens[cue.index].norm, lex.nominal_participles)
                                                        or tokens[cue.index].norm).startswith("واصف")
        if not self._may_open(t, preps, mentions) or ("ال" in t.prefix or t.norm.startswith(("ال", "ل"))) \
                and t.norm not in lex.verbal_nouns and not describing:  # ("التزام": no article)
            # ("واصفا المسودة بخارطة طريق": what is described opens the words; no subject after a participle)
            return None  # a definite word may still be the subject's; ل + noun is a circumstance ("لتحقيق")
        return k, k, 0

    def _opens_object(self, t: Token, preps: frozenset[str], mentions: MentionIndex) -> bool:
        """Whether token t is the verb's preposition, alone or glued (ب): "على", "إلى", "بالتفاف"."""
        if t.norm in preps:
            return True
        return "ب" in preps and t.norm[:1] == "ب" and len(t.norm) > 4 and t.norm not in self.lex.cue_forms \
            and not mentions.within(t.start, t.end)

    def _may_open(self, t: Token, preps: frozenset[str], mentions: MentionIndex) -> bool:
        """Whether a verbal-noun content may start at token t: a word, none of a particle, a name, a date, a
        cue, whom it was said to."""
        lex = self.lex
        if t.norm in preps:
            return True
        return t.kind == "word" and t.norm not in NOT_SUBJECT_HEADS and not lex.is_complementizer(t.norm) \
            and t.norm not in lex.cue_forms and t.norm not in RELATIVE_PRONOUNS and not mentions.in_date(t.start) \
            and not mentions.within(t.start, t.end) and not lam_glued(t, mentions) and t.norm not in lex.source_adverbs

    def _subject_end(self, tokens: list[Token], cue: Cue, hi: int, mentions: MentionIndex,
                     regions: list[Region], start: int | None = None) -> int | None:
        """The token after a VSO subject: a name (after its title: "مستشار رئيس الوزراء اللواء رفعت قمصان"), or a
        definite noun with its adjectives ("المندوب الصيني"), then appositions between commas, dates, adverbs
        and whom it was said to ("لـ«الوطن»"). None when the subject cannot be told."""
        lex = self.lex
        k = self._subject_start(tokens, cue, hi) if start is None else start
        if k >= hi:
            return None
        first = tokens[k]
        named = None
        for ref in mentions.within(first.start, tokens[min(hi, k + 8) - 1].end):
            if ref.start == first.start or ref.type == "PER":
                named = ref
                break
        if named is not None and not any((tokens[x].kind == "punct" or self._verbal_noun(tokens[x].norm))
                                         and tokens[x].start < named.start for x in range(k, min(hi, k + 8))):
            # (not a name inside the content: "أكد ناشطون وقوفهم مع رئيس الوزراء حيدر العبادي")
            k = _token_from(tokens, named.end, k, hi)
            while k < hi and tokens[k].start < named.end:
                k += 1
        elif start is not None and first.norm in lex.unnamed_sources:
            # a relayed indefinite source ends at what it said: "عن شهود عيان قولهم"
            k = next((x + 1 for x in range(k + 1, min(hi, k + 4)) if tokens[x].norm in SAYING_WORDS), hi)
        elif first.kind == "word" and not first.prefix and first.norm in lex.unnamed_sources and k + 1 < hi \
                and ("ال" in tokens[k + 1].prefix or tokens[k + 1].norm.startswith("ال") or k + 2 < hi and (
                    "ال" in tokens[k + 2].prefix or tokens[k + 2].norm.startswith("ال"))):
            # a source in construct: "مكتب رئيس الوزراء التركي", "مصادر الحكومة": up to its last definite word
            last = next((x for x in range(min(hi, k + 6) - 1, k, -1) if tokens[x].kind == "word" and (
                "ال" in tokens[x].prefix or tokens[x].norm.startswith("ال")) and all(
                tokens[y].kind == "word" and tokens[y].norm not in NOT_SUBJECT_HEADS for y in range(k, x + 1))), None)
            if last is None:
                return None
            k = last + 1
        elif first.kind == "word" and not first.prefix and first.norm in lex.unnamed_sources and (noun := next(
                (x for x in range(k + 1, min(hi, k + 4)) if self._verbal_noun(tokens[x].norm)), None)) is not None \
                and all(tokens[y].kind == "word" and tokens[y].norm not in NOT_SUBJECT_HEADS for y in range(k, noun)):
            k = noun  # an indefinite source and its adjectives before a verbal noun: "أكد ناشطون وقوفهم مع …"
        elif first.kind == "word" and first.norm in lex.honorifics:
            k += 1  # "وأكد سموه أهمية …", "وأعرب معاليه عن …": the honorific pronoun is the subject
        elif first.kind == "word" and ("ال" in first.prefix or first.norm.startswith("ال")):
            k += 1
            # its adjectives and genitives: "اللجنة الوطنية للتعليم العالمي والدولي"
            while k < hi and tokens[k].kind == "word" and ("ال" in tokens[k].prefix or tokens[k].prefix == "لل"
                                                           or tokens[k].norm.startswith(("ال", "لل", "وال"))) \
                    and not mentions.within(tokens[k].start, tokens[k].end):
                k += 1
        else:
            return None
        if k + 1 < hi and tokens[k].norm[:1] == "و" and tokens[k].kind == "word":
            # a second party: "أكدت الولايات المتحدة ودول مجلس التعاون على …"
            also = next(iter(mentions.within(tokens[k].start, tokens[min(hi, k + 3) - 1].end)), None)
            if also is not None:
                k = _token_from(tokens, also.end, k, hi)
        while k < hi:
            t = tokens[k]
            if t.text in ("،", ","):
                close = next((c for c in range(k + 1, min(hi, k + APPOSITION_REACH + 3))
                              if tokens[c].text in ("،", ",") or tokens[c].text in SENTENCE_END), None)
                if (close is None or tokens[close].text in SENTENCE_END) and k + 2 < hi \
                        and tokens[k + 1].norm in RELAYED_BY and tokens[k + 2].kind == "word":
                    # "وأعربت الخارجية في بيان الثلاثاء، نشرته وكالة الأنباء القطرية عن …": a relative clause with
                    # no closing comma ends with the name of whoever relayed the statement
                    k += 2
                    relayer = mentions.covering(tokens[k].start, tokens[k].end)
                    if relayer is not None and relayer.start == tokens[k].start:
                        k = _token_from(tokens, relayer.end, k, hi)
                    else:
                        k += 1
                        while k < hi and tokens[k].kind == "word" and tokens[k].norm.startswith("ال"):
                            k += 1
                    continue
                if close is None or tokens[close].text in SENTENCE_END:
                    return None
                k = close + 1
            elif mentions.in_date(t.start) or t.norm in lex.source_adverbs or t.norm in SAYING_WORDS:
                k += 1
            elif t.norm == "في" and k + 1 < hi and (strip_conj(tokens[k + 1].norm, lex.documents)
                                                    or _bare(tokens[k + 1].norm)) in lex.documents:
                k += 2  # "أكد المكتب في بيان السبت قصف …": where it was said
            elif t.norm in ("ل", "لل") or t.norm in ADDRESSEES:
                region = next((r for r in regions if r.open_at == tokens[k + 1].start), None) if k + 1 < hi else None
                k = _token_from(tokens, region.end + 1, k + 1, hi) if region is not None else k + 2
            else:
                break
        return k

    def _nominal_end(self, tokens: list[Token], start_tok: int, hi: int, regions: list[Region], next_cue: int) -> int:
        """End offset of a verbal-noun content: the clause end, or before ", <participle>" ("، مطالبين …"), or
        before "، حيث/كما/فيما …" that opens the next statement."""
        end = self._sentence_end(tokens, start_tok, hi, regions, next_cue)
        for j in range(start_tok + 1, hi):
            t = tokens[j]
            if t.start >= end:
                break
            if t.norm in CLAUSE_OPENERS and j + 1 < hi and tokens[j + 1].norm in self.lex.cue_forms \
                    and self.lex.all_verb_forms.get(tokens[j + 1].norm):
                return tokens[j - 1].end  # "عن استياء الأهالي … حيث أوضح أن …": the next statement, even without a comma
            if t.text in ("،", ",") and j + 1 < hi and not any(r.start <= t.start < r.end for r in regions):
                nxt = tokens[j + 1].norm
                if nxt in CLAUSE_OPENERS or nxt in ("فان", "لكن", "ولكن") or (
                        nxt[:1] == "م" and len(nxt) >= 5 and nxt.endswith(("ا", "ين"))) or nxt in WISHING:
                    return t.start  # "، فإن خبيرا أكد", "عن عزائه لأسر الشهداء، سائلا الله أن
        return end

    def _speaker(self, doc: Document, tokens: list[Token], cue: Cue, lo: int, content_tok: int,
                 mentions: MentionIndex, history: Discourse, regions: list[Region]
                 ) -> tuple[str | None, str | None, str | None]:
        """(speaker entity id, date said, how the speaker was found: model.SPEAKER_VIA) for a verb or
        participle cue."""
        lex, body = self.lex, doc.body
        cue_tok = tokens[cue.index]
        # the subject phrase: from the cue to the content, cut at the first circumstance word or date
        stop = tokens[min(content_tok, len(tokens) - 1)].start if content_tok < len(tokens) else len(body)
        j = cue.index + 1
        while j < content_tok and j < len(tokens):
            t = tokens[j]
            if _phrase_at(tokens, j, lex.subject_boundaries):
                stop = t.start
                break
            if mentions.in_date(t.start):
                stop = t.start
                break
            j += 1
        window_dates = [d for d in doc.dates if cue_tok.end <= d.start and d.end <= tokens[
            min(content_tok, len(tokens) - 1)].start]
        date = next((v for v in (self._said_on(doc, tokens, cue, d) for d in window_dates) if v), None)
        speaker: str | None = None
        via: str | None = None
        if cue.kind == "participle" and cue_tok.norm in DOCUMENT_TEXT or cue.kind == "verb" and cue.lemma == JAA \
                and cue.index + 1 < len(tokens) and tokens[cue.index + 1].norm in IN_IT:
            # "وتلقى الأمير رسالة من الرئيس السيسي نصها: …": the text of the document named before is its sender's
            issuer = self._document_issuer(tokens, cue, lo, mentions)
            if issuer is not None:
                return issuer, date, "subject"
        if cue.kind == "verb":
            # not the one it was said to: "قال مصدر لرويترز", "صرح لوكالة الأنباء" (a ل glued before the name)
            cands = [m for m in mentions.within(cue_tok.end, stop) if not (m.start > 0 and body[m.start - 1] == "ل")]
            after = self._subject_start(tokens, cue, content_tok)
            # nor the one addressed by a title or a bare ل: "قالت دول الخليج لوزير الخارجية الأميركي جون كيري إن",
            # 'وقال لـ "الوطن" إن'
            cands = [m for m in cands if not self._addressed(tokens, m, cue.index + 1)]
            quoted = self._quoted_name(tokens, after, content_tok, mentions)
            if quoted is not None:  # 'وقال "كورتز كوبر" نائب المتحدث … إن': the name in marks, whatever follows
                return quoted, date, "subject"
            if (span := self._quoted_subject(tokens, after, content_tok)) is not None:
                named = [r for r in mentions.within(tokens[span[0]].start, tokens[span[1]].end) if r.type != "LOC"]
                if named:  # ('وأكدت «ماما سارة» أنها': the tagger's mention with its marks)
                    return min(named, key=lambda r: (preference(r), r.start)).entity, date, "subject"
                return None, date, "unnamed-quoted"  # 'وذكرت «جيه إل إل الشرق الأوسط» أن': a name no entity covers
            nxt = tokens[after] if after < min(content_tok, len(tokens)) else None
            if cue.lemma == "جاء" and nxt is not None and _bare(nxt.norm) in lex.documents and not nxt.prefix:
                # "وجاء في بيان لوزارة الصحة", "وجاء في بيان صادر عن الوزارة": who issued it speaks
                issuer = next((m for m in mentions.within(nxt.end, tokens[min(content_tok, len(tokens)) - 1].end)
                               if m.type in ("PER", "ORG") and (body[m.start - 1] == "ل" or tokens[_token_from(
                                   tokens, m.start, after, len(tokens)) - 2].norm in ISSUED)), None)
                if issuer is None and after + 1 < len(tokens) and tokens[after + 1].kind == "word" \
                        and not tokens[after + 1].prefix and tokens[after + 1].norm[:1] not in ("ب", "ل"):
                    # "وجاء في بيان رئيس إقليم كردستان مسعود برزاني «…»": the statement's owner in a construct
                    # state, a person named after the title (no preposition or comma between)
                    limit = min(after + 1 + ISSUER_REACH, content_tok, len(tokens))
                    stop_at = next((j for j in range(after + 1, limit) if tokens[j].kind != "word"
                                    or tokens[j].norm in _PREPOSITIONS), limit)
                    issuer = next((m for m in mentions.within(tokens[after + 1].start, tokens[stop_at - 1].end)
                                   if m.type == "PER"), None)
                if issuer is not None:
                    return issuer.entity, date, "subject"
            if nxt is not None and (strip_conj(nxt.norm, lex.honorifics) or nxt.norm) in lex.honorifics:
                # "وأكد سموه", "وقال معاليه": the person named before, whatever else the clause names
                honoured = self._honoured(tokens, cue, lo, mentions, history, regions)
                return honoured, date, "noun" if honoured else None
            source_head = _bare(strip_conj(nxt.norm, lex.person_sources) or nxt.norm) if nxt is not None else ""
            if cands and nxt is not None and source_head in lex.person_sources:
                # "قال متحدث باسم X" is an unnamed source, like "مصدر في X" (GUIDE.md: unnamed sources), not X
                # "المستشار في مكتب وزير الدفاع", "المتحدث باسم الرئيس بوتين": a name governed by a preposition
                # or a noun is not the source; its own name may follow ("… بوتين دميتري بيسكوف")
                cands = [m for m in cands if not self._governed(tokens, m, after)]
            if cands and nxt is not None and nxt.norm in SOURCE_PREPOSITIONS:
                # "وقال أمام مشرعين في واشنطن": the subject is left out; a place after a preposition is never it
                cands = [m for m in cands if m.type != "LOC" and not self._after_preposition(tokens, m, after)]
            # "وقال في لندن إن", "وأضاف من واشنطن": where it was said, never who said it (but a place inside the
            # subject still tells there is one: "وعبر مدير عام الشؤون الاجتماعية بمنطقة جازان عن")
            placed = any(m.type == "LOC" for m in cands)
            cands = [m for m in cands if m.type != "LOC" or not self._after_preposition(tokens, m, after)]
            # whom or what it was said before or about: "وقال الوزير أمام لجنة الشؤون الخارجية"
            # (but "بيان صادر عن قيادة الجيش": who issued it; "علي": a name)
            cands = [m for m in cands if (k := _token_from(tokens, m.start, after, len(tokens))) <= after
                     or tokens[k - 1].norm not in SOURCE_PREPOSITIONS or tokens[k - 1].text == "علي"
                     or tokens[k - 2].norm in ISSUED]
            cands = [m for m in cands if not self._title_before_name(tokens, m, mentions)]
            best = min(cands, key=lambda m: (preference(m), m.start)) if cands else None
            if best is not None and cue.lemma == "وصف" and (k := _token_from(tokens, best.end, after, len(
                    tokens))) < len(tokens) and tokens[k].kind == "word" and tokens[k].norm[:1] == "ب":
                best = nxt = None  # "ووصف سعد الحربي بأنه …": whom he described; the subject is left out
            # a subject named only by a common noun: "وقالت المصادر إن", "وأوضح أمين الطائف أن" (a place
            # in a title is not the speaker); the noun may refer back to an entity ("وأضاف الوزير")
            head = _bare(strip_conj(nxt.norm, lex.unnamed_sources) or nxt.norm) if nxt is not None else ""
            # (never a phrase after a preposition: "وذكر بالاسم الجيشين …" names what was mentioned)
            unnamed = nxt is not None and nxt.kind == "word" and nxt.start < stop and nxt.norm not in NOT_SUBJECT_HEADS \
                and nxt.prefix.lstrip("وف")[:1] not in ("ب", "ك") \
                and not self._addressee_title(nxt) \
                and ((best is None and ("ال" in nxt.prefix or placed and not lam_glued(nxt, mentions)
                                        and nxt.norm not in lex.source_adverbs and not mentions.in_date(nxt.start)))
                     or (best is not None and best.start > nxt.start and (
                    best.type == "LOC"
                    # "مصدر في وزارة الخارجية الروسية", "المتحدث باسم الحكومة": the source, not the ministry
                    or best.type == "ORG" and head in lex.person_sources
                    or head in lex.quantifiers  # "وقال عدد من كبار أعضاء مجلس الشيوخ": some of them, unnamed
                    # "وقال مسؤولون يرافقون بحاح إن": several officials are never the one person named after them
                    or best.type == "PER" and head in lex.person_sources and (
                        head.endswith(("ون", "ين")) or head in SOURCE_HEADS and head != "مصدر")
                    # an organisation after a preposition in a title: "وقال أستاذ العلوم السياسية في جامعة القاهرة"
                    or best.type == "ORG" and nxt.norm not in NOT_SUBJECT_HEADS and self._governed(tokens, best, after)
                    and tokens[_token_from(tokens, best.start, after, len(tokens)) - 1].norm in SOURCE_OF
                    # (but "قوات التحالف": the group's own name right after it)
                    or head in lex.group_sources and not (
                        best.type == "ORG" and _token_from(tokens, best.start, after, len(tokens)) - after <= 3))))  # "منتقدو الرئيس التركي رجب طيب أردوغان": not Erdogan
            unnamed = bool(unnamed)
            if nxt is not None and not unnamed and best is None and nxt.kind == "word" and nxt.start < stop:
                # an indefinite source: "قال مسؤول أمريكي", "أشارت دراسات" (never the running speaker), or a
                # definite construct: "وأوضحت إدارة النادي", "وقال رئيس الوزراء"
                second = tokens[after + 1] if after + 1 < min(content_tok, len(tokens)) else None
                unnamed = (strip_conj(nxt.norm, lex.unnamed_sources) or nxt.norm) in lex.unnamed_sources or (
                    second is not None and second.kind == "word" and second.start < stop and "ال" in second.prefix
                    and not nxt.prefix and nxt.norm not in NOT_SUBJECT_HEADS and not lex.is_complementizer(nxt.norm)
                    and not (nxt.norm[:1] == "ل" and (glued := mentions.covering(nxt.start + 1, nxt.end)) is not None
                             and glued.start == nxt.start + 1)  # "وقال لمجلس العلاقات الخارجية": to whom
                    and not self._addressee_title(nxt))  # "الذي أكد لوزير الخارجية عادل الجبير أن": to him
                particle = any(nxt.norm.endswith(suf) and nxt.norm[:-len(suf)] in NOT_SUBJECT_HEADS | BOUNDARY_HEADS
                               for suf in ("هما", "هم", "ها", "ه"))  # "أكدا خلاله", "وقال فيه"
                known = None if unnamed or particle else (mentions.by_surname(nxt.text, cue_tok.start)
                                                          or mentions.by_head(nxt.text, cue_tok.start))
                if known is not None and agrees(cue.tag, mentions.gender(known, lex)):
                    return known, date, "noun"  # "وأفاد طيب أن" after "إحسان بن صالح طيب", "وأضاف مختار"
                if known is None and not unnamed and not particle and self._bare_name(tokens, after, content_tok):
                    # "حيث قال نصر «نحن نمر …»": a bare word between the verb and the marks or colon is the name of
                    # someone no entity covers (an unnamed source by that name), not the person named before
                    return None, date, "unnamed"
                if not unnamed and not particle and self._indefinite_subject(tokens, after, content_tok, mentions):
                    # "وقال طالب في الجامعة إن …": someone new the article names by no entity speaks, not the
                    # speaker before
                    return None, date, "unnamed"
            if unnamed and nxt is not None and history.joint and self._dual_noun(tokens, after):
                return history[-1], date, "noun"  # "ورأى الوزير X ونظيرته Y … . وتابع وزيرا الداخلية": the pair
            if unnamed and nxt is not None:
                referent = mentions.by_head(nxt.text, cue_tok.start)
                end = min(content_tok, len(tokens))
                if referent is not None and not self._title_fits(tokens, after, end, mentions.entities[referent]):
                    referent = None  # "قال وزير الخارجية القطري" is not "وزير الخارجية الروسي" named before
                if referent is not None and self._more_qualified(tokens, after, end, mentions.entities[referent]):
                    # "ورأى معالي وزير الخارجية أن" after "وزير الخارجية الألماني شتاينماير": the bare title given
                    # to someone in the article (the lead's "وزير الخارجية عادل الجبير") before the qualified one
                    referent = self._title_referent(tokens, after, end, mentions) or referent
                # "التقى وزير الخارجية المصري X … وزير الخارجية الأردني Y" then "وقال وزير الخارجية إن": two people
                # named before both hold the title; an unnamed source rather than a guess (GUIDE.md)
                shared = referent is not None and self._title_shared(tokens, after, end, mentions, referent,
                                                                     cue_tok.start)
                if referent is None and "ال" in nxt.prefix + nxt.norm[:2] and (after + 1 >= end or not (
                        "ال" in tokens[after + 1].prefix or tokens[after + 1].norm.startswith("ال"))):
                    # "وقال العطية خلال …": the family name alone (not "الأمين العام" after a "محمد الأمين")
                    referent = mentions.by_surname(nxt.text, cue_tok.start)
                elif referent is None and not nxt.prefix and head not in lex.unnamed_sources \
                        and head not in lex.documents and (known := mentions.by_surname(nxt.text, cue_tok.start)) \
                        and agrees(cue.tag, mentions.gender(known, lex)):
                    # "وقال مصطفى للصحافيين في واشنطن": a family name without the article, read as a source only
                    # because a place follows, is still the person named before ("فلاح مصطفى")
                    referent = known
                if referent is None and head in lex.documents and ("ال" in nxt.prefix or nxt.norm.startswith("ال")):
                    referent = self._issuer(tokens, after, head, mentions)  # "وأضاف البيان": whoever issued it
                elif referent is None and head in lex.documents and not nxt.prefix and after + 1 < end \
                        and tokens[after + 1].norm in ISSUED and (after + 2 >= end or tokens[after + 2].norm != "عن") \
                        and history and mentions.entities[history[-1]].type != "PER":
                    # "أعلنت الإمارات … . وأشار بيان صدر أمس إلى أن": a statement issued by no one named is the
                    # institution or state speaking
                    referent = history[-1]
                if referent is None and (head not in lex.unnamed_sources or "ال" in nxt.prefix or nxt.norm.startswith(
                        "ال") or after + 1 < end and tokens[after + 1].norm.startswith("ال")):
                    # a title ("المتحدث باسم …", "محافظ عدن", "ولي عهد أبوظبي"), not "مسؤول أمريكي", "مصادر مطلعة"
                    # "وأكد هذا الناطق باسم القوات …": the one last given that title, however it went on
                    demonstrative = after > cue.index + 1 and tokens[after - 1].norm in DEMONSTRATIVES
                    referent = self._title_referent(tokens, after, min(end, after + 1) if demonstrative else end,
                                                    mentions, 2 * TITLE_REACH if demonstrative else TITLE_REACH)
                    if referent is None and not demonstrative:
                        referent = self._later_title_holder(tokens, after, end, mentions)
                    if referent is None and not demonstrative:
                        # "وقال المتحدث باسم الخارجية" and, anywhere in the article, "المتحدث الرسمي باسم وزارة
                        # الخارجية أحمد أبو زيد": the one person whose role has the title's words
                        referent = self._role_holder(tokens, after, end, mentions, cue.tag)
                if referent is None and history and history.unnamed is None and head in lex.person_sources \
                        and not self._after_switch(tokens, cue, lo) and not head.endswith(("ون", "ين", "ان")) \
                        and head not in SOURCE_HEADS and ("ال" in nxt.prefix or nxt.norm.startswith("ال")) \
                        and mentions.entities[history[-1]].type == "PER" \
                        and agrees(cue.tag, mentions.gender(history[-1], lex)) \
                        and self._nisbas_only(tokens, after + 1, end, mentions):
                    # "وقال كوبر … . وأكد المسؤول الأمريكي في تغريدته أن": a definite person-source with at most
                    # its nationality refers back to the person speaking (not "المتحدث باسم …": another title; nor
                    # "يؤكد المسؤولون في ملعب المباراة": several officials)
                    referent = history[-1]
                if referent is None and history and history.unnamed is None and head in LEADER_HEADS \
                        and ("ال" in nxt.prefix or nxt.norm.startswith("ال")):
                    # "وقال زعيم حزب الله حسن نصر الله … . وأضاف الأمين العام للحزب أن": a leader's title over a
                    # generic body ("للحزب") that the current speaker's role names refers back to him
                    last = mentions.entities[history[-1]]
                    bodies = {GENERIC_BODIES[t.norm] for t in tokens[after + 1:min(end, after + 4)]
                              if t.norm in GENERIC_BODIES}
                    if bodies and last.type == "PER" and agrees(cue.tag, mentions.gender(last.id, lex)) and any(
                            bodies & set(norm(r.text).split()) for r in last.roles):
                        referent = last.id
                if shared:
                    referent = None
                return referent, date, "noun" if referent else "unnamed"
            if best is not None:
                speaker, via = best.entity, "subject"
            elif nxt is not None and nxt.kind == "word":
                speaker, via = mentions.by_head(nxt.text, cue_tok.start), "noun"
            if speaker is None:
                speaker, said, via = self._subject_before(doc, tokens, cue, lo, mentions)
                date = date or (said if said and self._not_after(doc, said) else None)
                if speaker is None and self._source_before(tokens, cue, lo) is not None:
                    return None, date, "unnamed-before"  # "فإن خبيرا قانونيا أكد أن": an unnamed source
                if via in ("unnamed-apposition", "unnamed-amma"):
                    return None, date, via
        if speaker is None and via == "unnamed-relative":
            return None, date, via
        if speaker is None and self._after_switch(tokens, cue, lo):
            current = history[-1] if history else None
            for ref in mentions.before(cue_tok.start):
                if ref.entity != current and ref.type in ("PER", "ORG") and ref.start not in mentions.byline and fits(
                        cue.tag, ref.type, mentions.gender(ref.entity, lex)):
                    speaker, via = ref.entity, "switch"
                    break
        if speaker is None and cue.tag == "d" and cue.kind == "verb" and not history.joint:
            # "التقى X Y في القاهرة، وأعربا عن …": two people named since the last quote speak together; the quote
            # has one speaker, the first of them (the subject of the sentence that names them)
            since = max(tokens[lo].start, history.last_end)
            people = [ref for ref in mentions.within(since, cue_tok.start) if ref.type == "PER"
                      and ref.start not in mentions.byline and not any(r.start <= ref.start < r.end for r in regions)]
            if len({r.entity for r in people}) >= 2:
                first = next((r for r in people if not self._after_preposition(tokens, r, lo)
                              and not self._in_relative(tokens, r, lo)), None)
                if first is not None:
                    speaker, via = first.entity, "recent"
        if speaker is None and cue.kind == "verb" and cue.index + 1 < len(tokens) \
                and tokens[cue.index + 1].norm in IN_IT:
            # "وأصدرت وزارة الداخلية بيانا أمس أكدت فيه أن": whoever issued the document of the sentence
            speaker = self._document_issuer(tokens, cue, lo, mentions)
            via = "subject" if speaker else None
        if speaker is None and cue.kind == "verb":
            # "دعا X إلى … . وقال: …": an actor named since the last quote, in this paragraph, takes the word
            # (not a name after a preposition: "وذكر انضمامه لحزب الدعوة بقيادة المالكي …، وأفاد بأن")
            since = max(tokens[lo].start, history.last_end)
            # a person first; an organisation only as the subject of a sentence's verb, for a new sentence's
            # singular cue ("وانتقدت وزارة الخارجية الروسية القرار. وأضافت أن")
            org_ok = cue.tag in ("m", "f") and (tokens[cue.index].norm[:1] in ("و", "ف") or cue.index > lo and tokens[
                cue.index - 1].norm in ("فيما", "بينما")) \
                and not (cue.index > lo and tokens[cue.index - 1].norm in RELATIVE_PRONOUNS)
            recent = [ref for ref in mentions.within(since, cue_tok.start)
                      if (ref.type == "PER" or ref.type == "ORG" and org_ok and self._vso_subject(tokens, ref, lo)
                          or ref.type == "LOC" and org_ok and self._state_reporting(tokens, ref, lo))
                      and not any(r.start <= ref.start < r.end for r in regions)
                      and not self._after_preposition(tokens, ref, lo) and not self._in_relative(tokens, ref, lo)
                      and ref.start not in mentions.byline and not self._in_topic(tokens, ref, lo)
                      and fits(cue.tag, ref.type, mentions.gender(ref.entity, lex))
                      and not self._title_before_name(tokens, ref, mentions)]
            if recent:
                speaker, via = min(recent, key=lambda r: (preference(r), r.start)).entity, "recent"
            elif history and cue.index == lo and lo > 0 and cue.tag in ("m", "f") and tokens[cue.index].norm[:1] == "و":
                # "استقبل الأمير سعود بن نايف … الأمراء والمشايخ …" closing a paragraph, "ونوه خلال الاستقبال
                # بالتفاف …" opening the next: the person subject of that last sentence, when no quote was made
                # in it (not whom he received, nor a name after a preposition or in a relative clause)
                s = lo - 1
                while s > 0 and lo - s < 2 * SENTENCE_REACH and tokens[s - 1].text not in SENTENCE_END \
                        and "\n" not in body[tokens[s - 1].end:tokens[s].start]:
                    s -= 1
                if history.last_end <= tokens[s].start and (s == 0 or tokens[s - 1].text in SENTENCE_END
                                                            or "\n" in body[tokens[s - 1].end:tokens[s].start]):
                    subject = next((ref for ref in mentions.within(tokens[s].start, tokens[lo - 1].end)
                                    if ref.type == "PER" and ref.start not in mentions.byline
                                    and not any(r.start <= ref.start < r.end for r in regions)), None)
                    if subject is not None and self._opening_subject(tokens, subject, s) \
                            and not self._in_topic(tokens, subject, s) \
                            and agrees(cue.tag, mentions.gender(subject.entity, lex)):
                        speaker, via = subject.entity, "recent"
        if speaker is None and cue.kind == "participle":
            # "وأيد المندوب الروسي فيتالي تشوركين القرار …، مشيرا إلى أن": the subject of the sentence's verb,
            # when no quote was made in this sentence
            s = cue.index
            while s > max(lo, cue.index - SENTENCE_REACH) and tokens[s - 1].text not in SENTENCE_END:
                s -= 1
            if history.last_end <= tokens[s].start and (s == lo or tokens[s - 1].text in SENTENCE_END) \
                    and not self._subject_left_out(tokens, s, cue.index, mentions):
                # "من جهته، دعا مجلس المطارنة …، محذرين": the subject is counted from the verb after the marker
                h = s + next((len(m) for m in self.lex.switch_markers
                              if tuple(t.norm for t in tokens[s:s + len(m)]) == m), 0)
                h += 1 if h > s and h < cue.index and tokens[h].kind == "punct" else 0
                named = [ref for ref in mentions.within(tokens[s].start, tokens[min(h + SUBJECT_REACH, cue.index)].start)
                         if ref.type in ("PER", "ORG") and body[ref.start - 1:ref.start] != "ل"
                         and ref.start not in mentions.byline and fits(cue.tag, ref.type, mentions.gender(ref.entity, lex))
                         and not self._in_relative(tokens, ref, s)  # "هذا القرار الذي اتخذه مجلس الوزراء"
                         and not self._in_topic(tokens, ref, s)]
                # "تحفظت قطر على موقف الجامعة العربية …، مؤكدة دعمها": a state right after the verb opening the
                # sentence is its subject (GUIDE.md has states speak), before an organisation named after it
                state = next((ref for ref in mentions.within(tokens[s].start, tokens[min(s + 2, cue.index)].start)
                              if ref.type == "LOC" and self._vso_subject(tokens, ref, s)
                              and (tokens[s].norm in self.lex.all_verb_forms or not tokens[s].prefix)), None)
                verb = tokens[s].norm[1:] if tokens[s].norm[:1] in ("و", "ف") and len(tokens[s].norm) > 4 \
                    else tokens[s].norm
                if state is not None and cue.tag in ("m", "f") and (cue.tag == "f") != verb.endswith("ت"):
                    state = None  # "استقبلت الرياض وزير الخارجية …، مؤكدا": the participle is another's
                if named and self._titled_untagged(tokens, s, cue.index, mentions, min(
                        named, key=lambda r: (preference(r), r.start))) is not None:
                    # "واستنكر الأمين العام للمشروع العربي … الشيخ خميس الخنجر …، واصفا": the title the tagger gave to
                    # someone named before belongs to the name after it, which no entity covers
                    return None, date, "unnamed-titled"
                if state is not None and not any(r.type == "PER" for r in named):
                    speaker, via = state.entity, "recent"
                elif named:  # a person first: "ونفى المتحدث باسم التحالف تركي المالكي …"
                    speaker, via = min(named, key=lambda r: (preference(r), r.start)).entity, "recent"
                else:  # a subject after circumstances: "وقبل يومين من الجولة المقررة في الخرطوم سعى رئيس
                    # الوزراء، إبراهيم محلب، لتخفيف …، قائلا": the sentence's first name not after a preposition
                    first = next((ref for ref in mentions.within(tokens[s].start, cue_tok.start)
                                  if ref.type == "PER" and not self._after_preposition(tokens, ref, s)
                                  and ref.start not in mentions.byline and not self._in_topic(tokens, ref, s)), None)
                    if first is not None and not any(
                            r.start <= first.start < r.end for r in regions) and not any(
                            t.norm in RELATIVE_PRONOUNS or t.norm in RELATIVE_MA  # "مما يقوم به المخلوع صالح"
                            for t in tokens[s:_token_from(tokens, first.start, s, cue.index)]) and fits(
                            cue.tag, first.type, mentions.gender(first.entity, lex)):
                        speaker, via = first.entity, "recent"
                subject = self._untagged_subject(tokens, s, cue.index, mentions) if speaker is None else None
                if subject is not None and cue.tag in ("m", "f") and not agrees(cue.tag, "f" if _bare(
                        tokens[subject].norm).endswith(("ه", "ات")) else "m"):
                    subject = None  # "ودعت المجتمع الدولي إلى …، مؤكدةً": the object of a verb whose subject is left out
                if subject is not None:
                    # "وخلص التقرير إلى القول إن", "وناقش الوزراء الخطة …، مؤكدين": the sentence's own subject, a
                    # title of someone named before or a source the tagger left unnamed, not the source before
                    subject_end = self._definite_end(tokens, subject, cue.index)
                    titled = self._title_referent(tokens, subject, subject_end, mentions)
                    if titled is not None and fits(cue.tag, mentions.entities[titled].type, mentions.gender(titled, lex)):
                        return titled, date, "noun"
                    if subject_end - subject > 1 or _bare(tokens[subject].norm) in lex.documents:
                        return None, date, "unnamed-sentence"  # (a bare title, "الوزير", may be the one speaking)
        if speaker is None and cue.kind in ("verb", "participle") and cue.tag in ("m", "f") and history \
                and self._untagged_name(tokens, lo, cue.index, mentions, history, regions) is not None:
            # "انتقد مايك هاكابي الاتفاق. وقال إن …", "أما مايك هاكابي فقال": someone the tagger left out is the
            # subject since the last quote; the speaker before does not speak again
            return None, date, "unnamed-name"
        if speaker is None and history.unnamed is not None and agrees(
                cue.tag, history.unnamed_tag or self._source_gender(history.unnamed)):
            return None, date, "unnamed-continued"  # "قال مسؤول أمريكي إن …، مضيفا أن": still the official
        if speaker is None and history.joint and cue.tag in ("m", "f") and cue.kind in ("verb", "participle"):
            # "وقال كازنوف وماي …، وأضافت أن": the one of the pair the verb's gender names
            one = [p for p in history.partners if mentions.entities[p].type == "PER" and mentions.gender(p, lex) == cue.tag]
            if len(one) == 1:
                return one[0], date, "discourse"
        if speaker is None:
            # the current speaker if the verb agrees with it, else the latest earlier one that agrees,
            # else the nearest entity that could speak with this verb form; never one that disagrees
            speaker, via = next((s for k, s in enumerate(reversed(history))
                                 if agrees(cue.tag, mentions.gender(s, lex))
                                 or k == 0 and history.last_tag == cue.tag), None), "discourse"
            if speaker is not None and not fits(cue.tag, mentions.entities[speaker].type, "*") and not (
                    history.joint and speaker == history[-1]):
                speaker = None  # a plural form after one person: others speak ("وطالبوه …، مشيرين")
            elif speaker is None and (history or cue.tag == "f") and cue.tag not in ("d", "p"):
                # a person only: the nearest organisation agreeing with "قالت" was the speaker about one time in
                # ten on real text (SaudiNewsNet, read by hand); no speaker is better than a wrong one
                speaker, via = next((r.entity for r in mentions.before(cue_tok.start)[:MAX_LOOKBACK_MENTIONS]
                                     if r.type == "PER" and r.start not in mentions.byline
                                     and agrees(cue.tag, mentions.gender(r.entity, lex))), None), "nearest"
        return speaker, date, via if speaker else None

    @staticmethod
    def _definite_end(tokens: list[Token], first: int, end: int) -> int:
        """The token after a definite noun and the definite words that follow it (at most MAX_SOURCE_WORDS)."""
        last = first
        while last + 1 < end and last - first < MAX_SOURCE_WORDS - 1 and tokens[last + 1].kind == "word" \
                and ("ال" in tokens[last + 1].prefix or tokens[last + 1].norm.startswith("ال")) \
                and tokens[last + 1].norm not in NOT_SUBJECT_HEADS | RELATIVE_PRONOUNS \
                and tokens[last + 1].norm[:1] not in ("ب", "ل"):  # (not إلى, normalised الي; not "بالجميع")
            last += 1
        return last + 1

    def _untagged_subject(self, tokens: list[Token], s: int, end: int, mentions: MentionIndex) -> int | None:
        """The first token of the subject of a sentence opening with a verb under و/ف when it is a definite noun no
        entity covers ("وخلص التقرير إلى", "وتساءل المواطن سعد الخضر"); None otherwise."""
        if s + 2 >= end:
            return None
        verb, subj = tokens[s], tokens[s + 1]
        n = verb.norm
        if verb.kind != "word" or n[:1] not in ("و", "ف") or len(n) < 4 or strip_conj(n, NOT_SUBJECT_HEADS | TOPIC_WORDS
                                                                                     | KANA | DEMONSTRATIVES) \
                or mentions.covering(verb.start, verb.end) is not None or n in self.lex.cue_forms:
            return None
        if subj.kind != "word" or not ("ال" in subj.prefix or subj.norm.startswith("ال")) \
                or subj.norm in DEMONSTRATIVES or subj.norm in RELATIVE_PRONOUNS or self._verbal_noun(subj.norm) \
                or mentions.in_date(subj.start) or mentions.covering(subj.start, subj.end) is not None:
            return None
        return s + 1

    def _subject_left_out(self, tokens: list[Token], s: int, end: int, mentions: MentionIndex) -> bool:
        """Whether the verb opening a sentence at token s is followed right away by a preposition, a verbal noun or
        an indefinite plural in ات ("وتطرق إلى تصريحات X"، "وانتقد تصريحات X"): its subject is left out, so a name
        after it is whose words or deeds, not who acts."""
        if s + 1 >= end or tokens[s].kind != "word" or tokens[s].norm in NOT_SUBJECT_HEADS \
                or (strip_conj(tokens[s].norm, TOPIC_WORDS) or tokens[s].norm) in TOPIC_WORDS \
                or mentions.covering(tokens[s].start, tokens[s].end) is not None:  # ("م. الفهيد عن": a name)
            return False
        n = tokens[s + 1].norm
        return tokens[s + 1].kind == "word" and (n in SOURCE_PREPOSITIONS or n in ("مع", "ب") or self._verbal_noun(n)
                                                 or n.endswith("ات") and not n.startswith("ال") and not tokens[s + 1].prefix)

    def _in_topic(self, tokens: list[Token], ref: MentionRef, lo: int) -> bool:
        """Whether a mention is inside a topic phrase that opens its sentence or clause before the verb ("وعن
        سعد الحربي قال", "وحول موقف X من الأزمة، أوضح", "وفيما يتعلق بتصريحات X، قال"): whom it is about."""
        k = _token_from(tokens, ref.start, lo, len(tokens))
        for j in range(k - 1, max(lo - 1, k - TOPIC_REACH), -1):
            t = tokens[j]
            if t.text in SENTENCE_END or t.text in ("،", ",") or t.norm in self.lex.cue_forms:
                return False
            if ((strip_conj(t.norm, TOPIC_WORDS) or t.norm) in TOPIC_WORDS
                    or t.norm in ("فيما", "وفيما") and tokens[j + 1].norm in TOPIC_VERBS) and (
                    j == lo or tokens[j - 1].text in SENTENCE_END or tokens[j - 1].text in ("،", ",")):
                return True
        return False

    def _nisbas_only(self, tokens: list[Token], first: int, end: int, mentions: MentionIndex) -> bool:
        """Whether the words of a subject after its head are only definite nisba adjectives ("الأمريكي",
        "السعودية") up to where the subject ends (a particle, a date, a circumstance, whom it was said to)."""
        lex = self.lex
        for j in range(first, min(end, len(tokens))):
            t = tokens[j]
            n = t.norm
            if t.kind != "word" or n in NOT_SUBJECT_HEADS or n in ADDRESSEES or n in lex.source_adverbs \
                    or lex.is_complementizer(n) or mentions.in_date(t.start) or lam_glued(t, mentions) \
                    or _phrase_at(tokens, j, lex.subject_boundaries):
                # (but "المسؤول في وزارة الصحة": where he serves says he is someone else)
                return not (n in SOURCE_OF and j + 1 < len(tokens) and mentions.covering(
                    tokens[j + 1].start, tokens[j + 1].end) is not None)
            if not (n.startswith("ال") and n.endswith(("ي", "يه"))) or mentions.within(t.start, t.end):
                return False
        return True

    def _verbal_noun(self, word: str) -> bool:
        """Whether a normalised word is one of the verbal nouns that open a content, bare or with a pronoun
        ("وقوفهم", "حرصها")."""
        nouns = self.lex.verbal_nouns
        return word in nouns or any(word.endswith(suf) and word[:-len(suf)] in nouns for suf in PRONOUN_SUFFIXES)

    def _indefinite_subject(self, tokens: list[Token], after: int, content_tok: int, mentions: MentionIndex) -> bool:
        """Whether the word right after a verb is an indefinite noun that is its subject, with the content after
        a complementizer a few words on ("وقال طالب في الجامعة إن", "وأكدت طالبة أخرى أن"): no particle, adverb
        (an accusative in ا: "مجددا", "فورا"), cue, verbal noun, date, name or whom it was said to."""
        lex = self.lex
        if not after < content_tok <= len(tokens) or not lex.is_complementizer(tokens[content_tok - 1].norm):
            return False
        second = tokens[after + 1] if after + 1 < content_tok else None
        if content_tok > after + MAX_SOURCE_WORDS + 1 and not (
                any(t.text in ("،", ",") for t in tokens[after + 1:after + MAX_SOURCE_WORDS + 1])
                and tokens[content_tok - 2].text in ("،", ",")) and not (
                second is not None and second.kind == "word" and not second.prefix and not second.norm.startswith(
                    ("ال", "ب", "ل")) and second.norm not in NOT_SUBJECT_HEADS and not lex.is_complementizer(second.norm)
                and not mentions.within(second.start, second.end)):
            # (a name, then a title between commas: "وقال بيني بوتار، المتحدث باسم الشركة، إن", or a name of two
            # words before its title: "وقال كريس فيليرز المتحدث باسم الشركة لوكالة فرانس برس إن")
            return False
        t = tokens[after]
        n = t.norm
        # a word in ب/ل is a preposition's object ("نوه بجهود", "قال لرويترز") but in a name set off by a comma
        # ("وقال بيني بوتار، المتحدث …")
        name_first = after + 2 < content_tok and tokens[after + 1].kind == "word" and not tokens[after + 1].norm.startswith(
            "ال") and any(x.text in ("،", ",") for x in tokens[after + 1:after + 4])
        return t.kind == "word" and not t.prefix and not n.startswith("ال") and len(n) >= 3 \
            and (not n.startswith(("ب", "ل")) or name_first) \
            and not n.endswith("ا") and n not in NOT_SUBJECT_HEADS and n not in lex.cue_forms \
            and not lex.is_complementizer(n) and n not in lex.source_adverbs and n not in lex.restating \
            and n not in lex.verbal_nouns and n not in lex.conditional_words and n not in FIRST_PERSON \
            and n not in lex.honorifics and not _phrase_at(tokens, after, lex.subject_boundaries) \
            and n not in FIRST_PERSON_VERBS \
            and not mentions.in_date(t.start) and not mentions.within(t.start, t.end)

    def _honoured(self, tokens: list[Token], cue: Cue, lo: int, mentions: MentionIndex, history: Discourse,
                  regions: list[Region]) -> str | None:
        """The person an honorific pronoun after a verb stands for ("استقبل الأمير X الوزير Y … وأكد سموه"): the
        first person named as the subject of the nearest sentence before that names one (not after a preposition,
        not inside quoted words), else the latest speaker who is a person agreeing with the verb."""
        lex = self.lex
        cue_start = tokens[cue.index].start

        def person(ref: MentionRef) -> bool:
            return ref.type == "PER" and ref.start not in mentions.byline \
                and not any(r.start <= ref.start < r.end for r in regions) \
                and agrees(cue.tag, mentions.gender(ref.entity, lex)) and not self._after_preposition(tokens, ref, 0)

        nearest = next((r for r in mentions.before(cue_start)[:4 * MAX_LOOKBACK_MENTIONS] if person(r)), None)
        if nearest is not None:
            s = k = _token_from(tokens, nearest.start, 0, len(tokens))
            while s > max(0, k - SENTENCE_REACH) and tokens[s - 1].text not in SENTENCE_END:
                s -= 1
            return next(r for r in mentions.within(tokens[s].start, nearest.end) if r == nearest or person(r)).entity
        return next((s for s in reversed(history) if mentions.entities[s].type == "PER"
                     and agrees(cue.tag, mentions.gender(s, lex))), None)

    def _title_referent(self, tokens: list[Token], first: int, end: int, mentions: MentionIndex,
                        reach: int = TITLE_REACH) -> str | None:
        """The entity a title subject refers back to when no entity has it as a role: the person it was
        given to in apposition earlier ("أحمد عسيري، المتحدث باسم قوات التحالف، المستشار في مكتب وزير الدفاع"
        → "وقال المتحدث باسم قوات التحالف", "وأشار المستشار في مكتب وزير الدفاع"), the person it preceded
        ("مستشار رئيس الوزراء اللواء رفعت قمصان"), or for a group the organisation it was named with
        ("وزراء خارجية دول مجلس التعاون" → "وعبر الوزراء")."""
        lex = self.lex
        words = []
        for t in tokens[first:min(end, first + TITLE_WORDS)]:
            if t.kind != "word" or t.norm in SOURCE_PREPOSITIONS or t.norm in ADDRESSEES or lex.is_complementizer(
                    t.norm) or mentions.in_date(t.start) or _phrase_at(tokens, first + len(words), lex.subject_boundaries) \
                    or words and t.norm in lex.conditional_words:
                break
            words.append(t.norm)
        if not words:
            return None
        key = [_bare(words[0]), *words[1:]]
        norms = mentions.norms
        forms = {c + a + key[0] for c in ("", "و", "ف") for a in ("", "ال")}
        low = max(0, first - TITLE_LOOKBACK)
        uses = list(compress(range(low, first), map(forms.__contains__, norms[low:first])))  # in C
        # the nearest few, past the uses as a cue's subject ("وعبر الوزراء"): they tell nothing more
        # (a demonstrative's referent may be the subject of an earlier cue); a cue's subject still tells whose
        # title it is when the name follows it ("أكد وزير الخارجية بدولة قطر الدكتور خالد العطية")
        subject_uses = {i for i in uses if i > 0 and norms[i - 1] in lex.cue_forms} if reach <= TITLE_REACH else set()
        if len(key) < 2:  # a bare title ("البائع") is no sign it is the same one: "أكد البائع علي العامري"
            uses = [i for i in uses if i not in subject_uses]
        plain = [i for i in uses if i not in subject_uses][-TITLE_USES:]
        ordered = sorted(plain + [i for i in uses if i in subject_uses][-TITLE_USES:], reverse=True)

        def qualified(i: int) -> bool:  # "وزير الخارجية الألماني" for the bare "وزير الخارجية"
            m = _title_match(norms, i, key)
            return m is not None and m < len(norms) and norms[m].startswith("ال") and norms[m].endswith(("ي", "يه"))

        # a use with no nationality more than the subject's first, nearest first ("ورأى معالي وزير الخارجية أن" is
        # the "وزير الخارجية عادل الجبير" of the lead, not the "وزير الخارجية الألماني" he met)
        ordered = [i for i in ordered if not qualified(i)] + [i for i in ordered if qualified(i)]
        for i in ordered:
            matched = _title_match(norms, i, key)
            if matched is None:
                continue
            if i in subject_uses:  # the name right after the title, or after one honorific ("الدكتور")
                named = self._named_after(tokens, norms, matched, 2, mentions, key, by_name=True)
                if named is not None:
                    return named
                continue
            # after a name, directly or past other titles between commas
            j = i - 1
            for _hop in range(3):
                if j < 0:
                    break
                skipped = tokens[j].text in ("،", ",")
                if skipped:
                    j -= 1
                ref = mentions.ending_at(tokens[j].end, slack=0) if j >= 0 else None
                if ref is not None:
                    if ref.type == "PER" and key[0] not in lex.group_sources:
                        return ref.entity
                    break
                comma = next((c for c in range(j, max(-1, j - APPOSITION_REACH), -1) if tokens[c].text in ("،", ",")), -1)
                if comma >= 0 and not skipped and any(
                        t.norm in RELATIVE_MA or t.norm in RELATIVE_PRONOUNS or t.norm in ATTRIBUTION_HEADS
                        or t.norm in lex.cue_forms or t.norm[:-1] in lex.cue_forms for t in tokens[comma + 1:j + 1]):
                    break  # "قبل سقوط صدام حسين، طبقا لما قاله رئيس الاستخبارات": a clause, not titles in apposition
                if skipped and key[0] not in lex.group_sources:
                    # past a first title with no comma after the name: "الأمير خالد الفيصل مستشار خادم الحرمين
                    # الشريفين، أمير منطقة مكة المكرمة،"
                    for b in range(j - 1, max(comma, j - TITLE_REACH), -1):
                        if tokens[b].kind == "punct":
                            break
                        near = mentions.ending_at(tokens[b].end, slack=0)
                        if near is not None:
                            if near.type == "PER":
                                return near.entity
                            break
                j = comma
            # before a name: "مستشار رئيس الوزراء لشؤون الانتخابات اللواء رفعت قمصان"
            named = self._named_after(tokens, norms, matched, reach, mentions, key)
            if named is not None:
                return named
        return None

    def _named_after(self, tokens: list[Token], norms: list[str], after: int, reach: int, mentions: MentionIndex,
                     key: list[str], by_name: bool = False) -> str | None:
        """The person (for a group, the organisation) named right after a title ending before token `after`;
        `by_name`: by a name, not by a title of theirs ("المستشار في مكتب وزير الدفاع" is not the minister)."""
        for k in range(after, min(len(tokens), after + reach)):
            if tokens[k].kind == "punct" or norms[k] in NOT_SUBJECT_HEADS and tokens[k].text != "علي":
                break  # "لقاء وزير خارجية مصر مع الأمير …": the prince is not the minister (علي: a name)
            ref = mentions.covering(tokens[k].start, tokens[k].end)
            if ref is not None and ref.start == tokens[k].start and ref.type == (
                    "ORG" if key[0] in self.lex.group_sources else "PER"):
                if by_name and not set(norm(mentions.text(ref)).split()) & set(norm(mentions.entities[ref.entity].name).split()):
                    return None  # a title of theirs ("وزير الدفاع السعودي"), no word of the name
                return ref.entity
        return None

    def _title_fits(self, tokens: list[Token], first: int, end: int, ent: Entity) -> bool:
        """Whether the words after a title's head ("الخارجية القطري" of "وزير الخارجية القطري") are all in one of the
        entity's roles or its name: the head alone ("الوزير") fits any."""
        words = []
        for t in tokens[first + 1:min(end, first + TITLE_WORDS)]:
            if t.kind != "word" or t.norm in NOT_SUBJECT_HEADS or t.norm in ADDRESSEES or t.norm in self.lex.source_adverbs \
                    or self.lex.is_complementizer(t.norm):
                break
            words.append(t.norm)
        if not words:
            return True
        return any(all(w in held or _nisba_of(w, held) for w in words) for held in (
            norm(text).split() for text in [ent.name, *(r.text for r in ent.roles)]))

    def _title_shared(self, tokens: list[Token], first: int, end: int, mentions: MentionIndex, referent: str,
                      before: int) -> bool:
        """Whether a person other than `referent`, named in the TITLE_LOOKBACK characters before the cue, has a
        role with the title's head that the title fits as well ("وزير الخارجية" for two foreign ministers)."""
        ent = mentions.entities[referent]
        head = _bare(tokens[first].norm)
        if ent.type != "PER" or not any(_bare(norm(r.text).split()[0]) == head for r in ent.roles if r.text.strip()):
            return False  # the referent holds the title by its name or as a surface, not by a role
        qualified = self._more_qualified(tokens, first, end, ent)  # "المصري" where the title has no nationality
        for ref in mentions.before(before):
            if ref.end < before - TITLE_LOOKBACK:
                break
            other = mentions.entities[ref.entity]
            if ref.entity == referent or other.type != "PER":
                continue
            if any(_bare(norm(r.text).split()[0]) == head for r in other.roles if r.text.strip()) \
                    and self._title_fits(tokens, first, end, other) \
                    and (qualified or not self._more_qualified(tokens, first, end, other)):
                return True  # (fits as well as the referent does)
        return False

    def _more_qualified(self, tokens: list[Token], first: int, end: int, ent: Entity) -> bool:
        """Whether every role of an entity headed like a title subject has a nationality (a definite nisba) the
        subject lacks: "وزير الخارجية" against the roles "وزير الخارجية الألماني"."""
        words = {t.norm for t in tokens[first:min(end, first + TITLE_WORDS)] if t.kind == "word"}
        head = _bare(tokens[first].norm)
        roles = [norm(r.text).split() for r in ent.roles]
        roles = [r for r in roles if r and _bare(r[0]) == head]
        return bool(roles) and all(any(w.startswith("ال") and w.endswith(("ي", "يه")) and w not in words for w in r[1:])
                                   for r in roles)

    def _later_title_holder(self, tokens: list[Token], first: int, end: int, mentions: MentionIndex) -> str | None:
        """The person a title subject names before the article gives the name: "قال وزير العمل التركي اليوم إن …"
        then "فاروق جليك وزير العمل والضمان الاجتماعي التركي": the same title, its first two words together and the
        rest (the nationality) within a few words, right after the name or right before it."""
        lex = self.lex
        words: list[str] = []
        for t in tokens[first:min(end, first + TITLE_WORDS)]:
            if t.kind != "word" or t.norm in NOT_SUBJECT_HEADS or t.norm in ADDRESSEES or t.norm in lex.source_adverbs \
                    or lex.is_complementizer(t.norm) or mentions.in_date(t.start) or lam_glued(t, mentions):
                break
            words.append(t.norm)
        if len(words) < 2 or not words[1].startswith("ال") or _bare(words[0]) in lex.group_sources:
            return None  # a title in construct ("وزير العمل"), not "مسؤول أمريكي"
        norms = mentions.norms
        head = {c + a + _bare(words[0]) for c in ("", "و", "ف") for a in ("", "ال")}
        for i in range(end, min(len(tokens) - 1, end + TITLE_LOOKBACK)):
            if norms[i] not in head or norms[i + 1] != words[1]:
                continue
            rest = norms[i + 2:i + 2 + TITLE_WORDS + 1]
            if not all(w in rest for w in words[2:]):
                continue
            j = i - 1 if i > 0 and tokens[i - 1].text not in ("،", ",") else i - 2
            ref = mentions.ending_at(tokens[j].end, slack=0) if j >= 0 else None
            if ref is not None and ref.type == "PER":
                return ref.entity
            for k in range(i + 2, min(len(tokens), i + 2 + TITLE_REACH)):
                if tokens[k].kind == "punct" or norms[k] in NOT_SUBJECT_HEADS:
                    break
                ref = mentions.covering(tokens[k].start, tokens[k].end)
                if ref is not None and ref.start == tokens[k].start and ref.type == "PER":
                    return ref.entity
            return None  # the nearest later use decides
        return None

    def _role_holder(self, tokens: list[Token], first: int, end: int, mentions: MentionIndex,
                     tag: str) -> str | None:
        """The one person of the article with a role headed like a definite title subject and holding all its other
        words, past the fillers a writer adds or drops ("المتحدث باسم الخارجية" ~ "المتحدث الرسمي باسم وزارة
        الخارجية"); None when no one or more than one person fits (two spokesmen: the source stays unnamed)."""
        lex = self.lex
        words: list[str] = []
        for t in tokens[first:min(end, first + TITLE_WORDS + 2)]:
            if t.kind != "word" or t.norm in NOT_SUBJECT_HEADS or t.norm in ADDRESSEES or t.norm in lex.source_adverbs \
                    or lex.is_complementizer(t.norm) or mentions.in_date(t.start) or lam_glued(t, mentions):
                break
            words.append(t.norm)
        if len(words) < 2 or _bare(words[0]) in lex.group_sources or not (
                words[0].startswith("ال") or words[1].startswith("ال")):
            return None  # a definite title with its complement ("المدير العام"), not "متحدث باسم الحزب"
        head = _title_head(words[0])
        need = {_bare(w) for w in words[1:]} - ROLE_FILLERS
        if not need - ROLE_LINKS:
            return None  # "المتحدث الرسمي باسم": nothing tells whose spokesman
        holders = []
        for ent in mentions.entities.values():
            if ent.type != "PER":
                continue
            for role in ent.roles:
                held = [_bare(w) for w in norm(role.text).split()]
                if held and _title_head(held[0]) == head and need <= set(held[1:]):
                    holders.append(ent.id)
                    break
        if len(holders) != 1 or not agrees(tag, mentions.gender(holders[0], lex)):
            return None
        return holders[0]

    @staticmethod
    def _titled_name(tokens: list[Token], first: int, hi: int, mentions: MentionIndex) -> str | None:
        """The person named right after an attribution's title and recorded as holding a title with its head: "وفقا
        للمتحدث الرسمي باسم وزارة الخارجية المصرية أحمد أبو زيد" (not "وفقا للمتحدث باسم الرئيس محمود عباس": the
        president's role is another). The first person named in the clause decides."""
        head = _title_head(tokens[first].norm)
        for k in range(first + 1, min(hi, first + TITLE_WORDS + TITLE_REACH)):
            if tokens[k].kind == "punct":
                break
            ref = mentions.covering(tokens[k].start, tokens[k].end)
            if ref is None or ref.type != "PER" or ref.start != tokens[k].start:
                continue
            roles = (norm(r.text).split() for r in mentions.entities[ref.entity].roles)
            return ref.entity if any(words and _title_head(words[0]) == head for words in roles) else None
        return None

    @staticmethod
    def _quoted_name(tokens: list[Token], first: int, content_tok: int, mentions: MentionIndex) -> str | None:
        """The person or organisation named in marks right after a verb ('وقال "كورتز كوبر" نائب …'): a mention
        inside the marks, else the one entity of the article one of whose mentions is one of the quoted words
        (the tagger may have found the name only where it comes again). None when no name stands in marks."""
        end = min(content_tok, len(tokens))
        if first >= end or tokens[first].text not in STRAIGHT_MARKS and tokens[first].text not in PAIRED_MARKS:
            return None
        close = next((k for k in range(first + 1, min(end, first + 5)) if tokens[k].kind == "punct"), None)
        if close is None or close == first + 1 or tokens[close].text not in STRAIGHT_MARKS | CLOSING_MARKS:
            return None
        named = [r for r in mentions.within(tokens[first + 1].start, tokens[close - 1].end) if r.type in ("PER", "ORG")]
        if named:
            return min(named, key=lambda r: (preference(r), r.start)).entity
        words = {t.norm for t in tokens[first + 1:close]}
        owners = {r.entity for r in mentions.refs if r.type in ("PER", "ORG") and r.end - r.start >= 3
                  and norm(mentions.text(r)) in words}
        return owners.pop() if len(owners) == 1 else None

    @staticmethod
    def _quoted_subject(tokens: list[Token], first: int, content_tok: int) -> tuple[int, int] | None:
        """(first, last) tokens of a name in marks right after a verb and right before its content ('وذكرت «جيه إل
        إل الشرق الأوسط» أن …'), marks included; None otherwise."""
        end = min(content_tok, len(tokens))
        if first >= end or tokens[first].text not in PAIRED_MARKS and tokens[first].text not in STRAIGHT_MARKS:
            return None
        close = next((k for k in range(first + 1, min(end, first + QUOTED_NAME_WORDS + 2)) if tokens[k].kind == "punct"),
                     None)
        if close is None or close == first + 1 or tokens[close].text not in STRAIGHT_MARKS | CLOSING_MARKS \
                or close + 1 != end and not (close + 2 == end and tokens[close + 1].norm in COMPLEMENTIZER_WORDS):
            return None
        return first, close

    def _said_on(self, doc: Document, tokens: list[Token], cue: Cue, dm: DateMention) -> str | None:
        """The value of a date between a cue and its content when it tells when the words were said: not a
        date of a relative clause about the subject ("وزير خارجية النمسا الذي يعتزم زيارة إيران في سبتمبر"), not a
        bare year ("في تشكيلته لربيع وصيف 2016", "تقرير … بنهاية العام 2014"), never after the article."""
        value = date_value(dm)
        if not value or len(value) <= 4 or not self._not_after(doc, value):
            return None
        k = _token_from(tokens, dm.start, cue.index, len(tokens))
        if any(t.norm in RELATIVE_PRONOUNS for t in tokens[cue.index + 1:k]):
            return None
        return value

    @staticmethod
    def _not_after(doc: Document, value: str) -> bool:
        """Whether a date can be when something reported was said: not after the publication day."""
        published = doc.published.date if doc.published else None
        return published is None or value[:len(published)] <= published

    def _issuer(self, tokens: list[Token], first: int, head: str, mentions: MentionIndex) -> str | None:
        """Who issued the document a subject such as "البيان"/"التقرير" refers back to: the person or organisation
        named just before its latest earlier mention, in the same sentence ("أصدرت وزارة الخارجية بيانا",
        "قالت الوزارة في بيان لها", "أعلنت الوزارة في تقريرها")."""
        norms = mentions.norms
        low = max(0, first - TITLE_LOOKBACK)
        for i in range(first - 1, low - 1, -1):
            n = norms[i]
            if not (n.startswith(head) or n.startswith("ال" + head) or n[1:].startswith(head)) or i == first:
                continue
            if i > 0 and tokens[i - 1].norm in self.lex.cue_forms and n.startswith("ال"):
                continue  # "وقال البيان … وقال البيان الفرنسي": the statement speaking again, issued further back
            for j in range(i - 1, max(-1, i - ISSUER_REACH), -1):
                if tokens[j].text in SENTENCE_END:
                    break
                ref = mentions.ending_at(tokens[j].end, slack=0)
                if ref is not None and ref.type in ("PER", "ORG"):
                    return ref.entity
            if i + 1 < first and tokens[i + 1].norm[:1] == "ل" or i + 2 < first and norms[i + 1] in ISSUED:
                # after it: "مقالا لوزير الخارجية الإيراني محمد جواد ظريف", "بيانا صادرا عن الوزارة" (a person first)
                after = [r for r in mentions.within(tokens[i + 1].start, tokens[min(first, i + 1 + ISSUER_REACH) - 1].end)
                         if r.type in ("PER", "ORG")]
                if after:
                    return min(after, key=lambda r: (preference(r), r.start)).entity
            return None  # the nearest earlier mention decides
        return None

    def _source_before(self, tokens: list[Token], cue: Cue, lo: int) -> int | None:
        """The first token of an indefinite source right before a verb ("فإن خبيرا قانونيا أكد أن", ". مسؤول
        أمريكي قال إن"): a source word, accusative or not, and at most two words after it, opening a clause."""
        if tokens[cue.index].norm[:1] in ("و", "ف") and self.lex.all_verb_forms.get(tokens[cue.index].norm) \
                != tokens[cue.index].norm:
            return None
        if cue.index - 2 >= lo and tokens[cue.index - 1].norm == "قد":
            # "وكانت دائرة الأراضي والأملاك في دبي قد أعلنت أن": the words between كان and قد
            kana = next((k for k in range(cue.index - 2, max(lo - 1, cue.index - 2 - SUBJECT_REACH - 2), -1)
                         if tokens[k].kind != "word" or (strip_conj(tokens[k].norm, KANA) or tokens[k].norm) in KANA), None)
            if kana is not None and tokens[kana].kind == "word" and kana + 1 < cue.index - 1:
                return kana + 1
        for first in range(cue.index - 1, max(lo - 1, cue.index - 4), -1):
            t = tokens[first]
            if t.kind != "word":
                return None
            # (a definite plural after أن: "، غير أن المراقبين يؤكدون أن"; "أن الوزير قال" is the minister named)
            definite = t.prefix == "ال" and t.stem.endswith(("ون", "ين")) and first > lo \
                and self.lex.is_complementizer(tokens[first - 1].norm)
            word = t.stem if definite else t.norm
            head = word[:-1] if word.endswith("ا") and len(word) > 3 else word
            if head in self.lex.unnamed_sources and (not t.prefix or definite):
                before = tokens[first - 1] if first > lo else None
                if before is None or before.text in SENTENCE_END or before.text in ("،", ",") \
                        or self.lex.is_complementizer(before.norm):
                    return first
                if not (first - 1 > lo and before.kind == "word" and before.norm in self.lex.unnamed_sources):
                    return None  # ("غير أن محللين آخرين يقولون": the source word before its adjective)
        return None

    def _plural_source(self, tokens: list[Token], lo: int, cue_index: int, mentions: MentionIndex,
                       history: Discourse) -> int | None:
        """The token of an indefinite plural group that is the subject of the sentence before a plural cue, since
        the last quote: after the sentence's first verb ("اتهم آخرون صالح …، مشيرين"), after أن ("إلا أن
        إماراتيين رفضوا …، مشيرين"), or before a plural verb; None when there is none."""
        lex = self.lex
        k = cue_index - 1
        while k > lo and tokens[k - 1].end > history.last_end and cue_index - k < SENTENCE_REACH:
            k -= 1
        for j in range(max(k, lo + 1), cue_index):
            t = tokens[j]
            n = t.norm
            if t.kind != "word" or t.prefix or n.startswith("ال") or n in NOT_SUBJECT_HEADS or n in lex.cue_forms \
                    or not (n.endswith(("ون", "ين")) and len(n) >= 5 or n in lex.unnamed_sources) \
                    or n in PLURAL_LOOKALIKES or mentions.covering(t.start, t.end) is not None \
                    or n[:1] in ("ي", "ت", "س") and n.endswith("ون") and not n.endswith("يون"):
                continue  # (not a verb: "يشكلون"; "يمنيون" is a group)
            prev, nxt = tokens[j - 1], tokens[j + 1] if j + 1 < cue_index else None
            opens = j - 1 == lo or j - 2 < lo or tokens[j - 2].text in SENTENCE_END or tokens[j - 2].text in ("،", ",")
            if lex.is_complementizer(prev.norm) or prev.kind == "word" and opens and prev.norm not in NOT_SUBJECT_HEADS \
                    or nxt is not None and nxt.kind == "word" and nxt.norm.endswith("وا"):
                return j
        return None

    def _vso_subject(self, tokens: list[Token], ref: MentionRef, lo: int) -> bool:
        """Whether a mention stands right after the word that opens its sentence or clause, a verb with و/ف or
        after a comma ("وانتقدت وزارة …", "وفي موسكو، انتقد الكرملين"): the subject of that verb."""
        k = _token_from(tokens, ref.start, lo, len(tokens))
        if k - 1 < lo or tokens[k].start < ref.start:
            return False
        verb = tokens[k - 1]
        if verb.kind != "word" or verb.norm in NOT_SUBJECT_HEADS or verb.norm in GOVERNING_WORDS \
                or self.lex.is_complementizer(verb.norm) or verb.norm in self.lex.attribution_forms \
                or (strip_conj(verb.norm, self.lex.unnamed_sources) or verb.norm) in self.lex.unnamed_sources:
            return False  # not "ومصادر وزارة الخارجية"
        return k - 1 == lo or tokens[k - 2].text in SENTENCE_END or tokens[k - 2].text in ("،", ",")

    def _untagged_name(self, tokens: list[Token], lo: int, cue_index: int, mentions: MentionIndex,
                       history: Discourse, regions: list[Region]) -> tuple[int, int] | None:
        """(first, last token) of a person no entity covers, named since the last quote (in this sentence or the
        one before it) as the subject of a clause: a given name of the tagger's list right after the verb opening
        the clause, after a title following that verb ("وهاجم حاكم أركنساس السابق مايك هاكابي"), or after أما;
        with the next word when it is a bare word too ("مايك هاكابي"). None when there is none."""
        k = cue_index - 1
        while k > lo and tokens[k - 1].end > history.last_end and cue_index - k < 2 * SENTENCE_REACH:
            k -= 1
        for j in range(max(k, lo), cue_index):
            t = tokens[j]
            if t.kind != "word" or t.norm not in self.first_names or mentions.covering(t.start, t.end) is not None \
                    or (t.norm in _PREPOSITIONS or t.norm in NOT_SUBJECT_HEADS) and t.text != "علي" \
                    or any(r.open_at <= t.start < r.end for r in regions):
                continue  # ("على" is no "علي")
            # back to the word that opens the clause, over at most TITLE_REACH title words
            v = j - 1
            while v > max(lo, j - TITLE_REACH) and tokens[v].kind == "word" and not (
                    tokens[v - 1].text in SENTENCE_END or tokens[v - 1].text in ("،", ",")) \
                    and tokens[v].norm not in _PREPOSITIONS and tokens[v].norm[:1] not in ("ب", "ل") \
                    and mentions.covering(tokens[v].start, tokens[v].end) is None:
                v -= 1
            if v < lo or tokens[v].kind != "word":
                continue
            opener = tokens[v]
            opens = v == lo or tokens[v - 1].text in SENTENCE_END or tokens[v - 1].text in ("،", ",")
            if not (opener.norm == "اما" or opens and len(opener.norm) >= 3 and (
                    opener.norm[:1] in ("و", "ف") and len(opener.norm) >= 4 or v > lo)
                    and opener.norm not in NOT_SUBJECT_HEADS and opener.norm not in _PREPOSITIONS
                    and (strip_conj(opener.norm, TOPIC_WORDS) or opener.norm) not in TOPIC_WORDS
                    and not opener.norm.startswith(("وال", "فال"))):
                continue  # (a verb under و/ف opens it: not "وزوجة مايك", "والرئيس")
            if any(tokens[x].norm in _PREPOSITIONS or tokens[x].norm[:1] in ("ب", "ل") for x in range(v + 1, j)):
                continue
            if j + 1 < cue_index and tokens[j + 1].kind == "word" and not tokens[j + 1].norm.startswith("ال") \
                    and not tokens[j + 1].prefix and mentions.covering(tokens[j + 1].start, tokens[j + 1].end) is None \
                    and tokens[j + 1].norm not in self.lex.cue_forms and not self.lex.is_complementizer(tokens[j + 1].norm) \
                    and tokens[j + 1].norm not in NOT_SUBJECT_HEADS and tokens[j + 1].norm not in _PREPOSITIONS:
                return j, j + 1  # with its family name: a given name alone may be a noun ("وكان مالك القسم")
        return None

    def _document_issuer(self, tokens: list[Token], cue: Cue, lo: int, mentions: MentionIndex) -> str | None:
        """The subject of a sentence that issues a document a later cue speaks in ("أصدرت الوزارة بيانا قالت فيه"):
        the first person, organisation or state before the document's noun, not after a preposition."""
        s = cue.index
        while s > max(lo, cue.index - SENTENCE_REACH) and tokens[s - 1].text not in SENTENCE_END:
            s -= 1
        docs = self.lex.documents
        noun = next((j for j in range(cue.index - 1, s - 1, -1) if tokens[j].kind == "word" and (
            _bare(tokens[j].norm) in docs or tokens[j].norm.endswith("ا") and tokens[j].norm[:-1] in docs)), None)
        if noun is None:
            return None
        tag = cue.tag
        sender = next((j for j in range(noun + 1, min(cue.index, noun + 4)) if tokens[j].norm == "من"), None)
        if sender is not None:
            # "وتلقى الأمير رسالة من الرئيس المصري عبدالفتاح السيسي جاء فيها": the sender, not the subject
            named = [ref for ref in mentions.within(tokens[sender + 1].start, tokens[cue.index - 1].end)
                     if ref.type in ("PER", "ORG", "LOC")]
            return min(named, key=lambda r: (preference(r), r.start)).entity if named else None
        named = [ref for ref in mentions.within(tokens[s].start, tokens[noun].start)
                 if ref.type in ("PER", "ORG", "LOC") and ref.start not in mentions.byline
                 and not self._after_preposition(tokens, ref, s) and not self._in_relative(tokens, ref, s)
                 and fits(tag, ref.type, mentions.gender(ref.entity, self.lex))]
        return min(named, key=lambda r: (preference(r), r.start)).entity if named else None

    def _opening_subject(self, tokens: list[Token], ref: MentionRef, s: int) -> bool:
        """Whether a mention is the subject of the verb opening its clause, a title between them allowed
        ("من جانب آخر، استقبل الأمير سعود بن نايف …")."""
        k = _token_from(tokens, ref.start, s, len(tokens))
        if k - 1 >= s and tokens[k - 1].kind == "word" and tokens[k - 1].norm.startswith("ال") \
                and not tokens[k - 1].prefix.lstrip("ال"):
            k -= 1  # the title before the name: "الأمير", "الرئيس"
            ref = MentionRef(tokens[k].start, ref.end, ref.entity, ref.type)
        return self._vso_subject(tokens, ref, s)

    @staticmethod
    def _bare_preposition(tokens: list[Token], ref: MentionRef, lo: int) -> bool:
        """Whether the word before a mention is a preposition standing alone ("عن", "وحول"), not a noun with a glued
        ب/ل whose genitive the name is ("بتصريحات سعد الحربي، رئيس اللجنة، قال فيها")."""
        k = _token_from(tokens, ref.start, lo, len(tokens))
        if k <= lo or tokens[k].start < ref.start:
            return False
        prev = tokens[k - 1]
        return prev.kind == "word" and (strip_conj(prev.norm, _PREPOSITIONS) or prev.norm) in _PREPOSITIONS \
            and prev.text != "علي"

    def _opens(self, tokens: list[Token], ref: MentionRef, lo: int) -> bool:
        """Whether a mention opens its clause: at the paragraph start, after a sentence end or a comma, or after a
        word that opens a clause with a subject (و alone, لكن, أن/إن)."""
        k = _token_from(tokens, ref.start, lo, len(tokens))
        if k <= lo:
            return True
        prev = tokens[k - 1]
        return prev.text in SENTENCE_END or prev.text in ("،", ",") or prev.norm in ("و", "لكن", "ولكن") \
            or (strip_conj(prev.norm, KANA) or prev.norm) in KANA \
            or self.lex.is_complementizer(prev.norm) or tokens[k].start < ref.start and tokens[k].norm[:1] == "و"

    def _state_reporting(self, tokens: list[Token], ref: MentionRef, lo: int) -> bool:
        """Whether a place is the subject of a reporting verb right next to it, as a state ("لكن إيران نفت هذا
        الأمر وقالت إن", "ونفت إيران ذلك. وأضافت أن"): then it may take the next cue, as GUIDE.md has states."""
        k = _token_from(tokens, ref.start, lo, len(tokens))
        after = _token_from(tokens, ref.end, k, len(tokens))
        if after < len(tokens) and tokens[after].norm in self.lex.all_verb_forms and not self._after_preposition(
                tokens, ref, lo):
            return True
        if k - 1 >= lo and (strip_conj(tokens[k - 1].norm, KANA) or tokens[k - 1].norm) in KANA \
                and after < len(tokens) and tokens[after].norm == "قد":
            return True  # "وكانت تركيا قد هاجمت …، فيما قالت إن": the subject of كان … قد
        return self._vso_subject(tokens, ref, lo) and tokens[k - 1].norm in self.lex.all_verb_forms

    @staticmethod
    def _in_relative(tokens: list[Token], ref: MentionRef, lo: int) -> bool:
        """Whether a mention follows a relative pronoun or ما within three words ("مما يقوم به المخلوع صالح",
        "القرار الذي اتخذه مجلس الوزراء"): the subject of a relative clause, not of the sentence."""
        k = _token_from(tokens, ref.start, lo, len(tokens))
        return any(t.norm in RELATIVE_PRONOUNS or t.norm in RELATIVE_MA for t in tokens[max(lo, k - 3):k])

    @staticmethod
    def _after_preposition(tokens: list[Token], ref: MentionRef, lo: int) -> bool:
        """Whether a mention hangs on a preposition or a glued ب/ل ("في الخرطوم", "بنظيره جون كيري", "لمصر"),
        or on a noun before it ("وزير خارجية مصر")."""
        k = _token_from(tokens, ref.start, lo, len(tokens))
        if tokens[k].start < ref.start and tokens[k].norm[:1] in ("ب", "ل"):
            return True  # the ب/ل glued to the name itself
        if k <= lo:
            return False
        prev = tokens[k - 1]
        bare = strip_conj(prev.norm, _PREPOSITIONS) or prev.norm  # "وعن سعد الحربي قال"
        if prev.text == "علي" and ref.type == "PER":
            return False  # a first name the tagger left out ("محمد علي جعفري"), not على spelled with ي
        return prev.kind == "word" and (bare in _PREPOSITIONS
                                        or prev.norm[:1] in ("ب", "ل") and prev.norm not in PARTICLES_BL
                                        and not prev.norm.startswith("لكن"))

    def _addressed(self, tokens: list[Token], ref: MentionRef, first: int) -> bool:
        """Whether a mention after a verb is whom the words were said to: right after a bare "لـ" (a quote mark
        may stand between: 'وقال لـ "الوطن" إن'), or after a title with a glued ل a few words before it and no
        comma between ("لوزير الخارجية الأميركي جون كيري", "لنظيره الروسي سيرغي لافروف")."""
        k = _token_from(tokens, ref.start, first, len(tokens))
        j = k - 1
        while j >= first and tokens[j].kind == "punct" and tokens[j].text in QUOTE_CHARS:
            j -= 1
        if j >= first and tokens[j].kind == "word" and tokens[j].norm == "ل":
            return True
        titles = self.addressee_titles
        for j in range(k - 1, max(first, k - TITLE_REACH) - 1, -1):
            t = tokens[j]
            if t.kind != "word":
                return False  # a comma, a bracket: a new phrase
            n = t.norm
            if n[:1] == "ل" and (n[1:] in titles or n.startswith("لل") and "ال" + n[2:] in titles):
                return True
            if j == k - 1 and n in ADDRESSEES:
                return True  # "طبقا لما قاله رئيس الاستخبارات لوكالة أسوشييتد برس": the agency told
        return False

    @staticmethod
    def _governed(tokens: list[Token], ref: MentionRef, first: int) -> bool:
        """Whether a mention in a subject hangs on a preposition or a noun before it ("في مكتب وزير الدفاع",
        "باسم الرئيس", "بالخارجية"): then it names whom the source belongs to, not the source."""
        k = _token_from(tokens, ref.start, first, len(tokens))
        if k <= first:
            return False
        prev = tokens[k - 1]
        # the ب/ل glued to the name, before the mention or inside it ("باسم المكتب الإعلامي للعبادي سعد الحديثي":
        # the tagger may keep the ل in the mention)
        glued = tokens[k].norm[:1] in ("ب", "ل") and (tokens[k].start < ref.start or tokens[k].prefix[:1] in ("ب", "ل"))
        return prev.norm in GOVERNING_WORDS or glued

    def _source_gender(self, words: str) -> str:
        """The gender a verb takes with an unnamed source: 'f' for "دراسات"/"مسؤولة"/"الشيخة …", '*' for
        "مصادر"-like plurals that take either, else 'm'."""
        head = norm(words).split()[0] if words.strip() else ""
        bare = head[2:] if head.startswith("ال") else head
        if bare.endswith(("ه", "ات")) or bare in self.lex.female_role_heads:
            return "f"
        return "*" if bare in ("مصادر", "وسائل", "تقارير", "مصدران") else "m"

    def _subject_start(self, tokens: list[Token], cue: Cue, content_tok: int) -> int:
        """The token where a verb's subject starts: right after the cue, or past an adverb ("وأوضحت حينها
        إدارة النادي")."""
        after = cue.index + 1
        if after < len(tokens) - 1 and tokens[after].norm in self.lex.conditional.get(cue.lemma, ()):
            after += 1  # "وأعادوا التأكيد على": no subject
        elif after < min(content_tok, len(tokens)) - 1 and (tokens[after].norm in self.lex.source_adverbs
                                                             or tokens[after].norm in self.lex.honorific_titles):
            after += 1  # (also "ورأى معالي وزير الخارجية": the title after the honorific)
        elif after < min(content_tok, len(tokens)) - 1 and tokens[after].norm in IN_IT \
                and tokens[after + 1].kind == "word" and tokens[after + 1].norm.startswith("ال") \
                and _bare(tokens[after + 1].norm) in self.lex.unnamed_sources | self.lex.documents:
            # "في الوقت الذي أشار فيه التقرير إلى": a source after "in it" (not "جدد فيها الترحيب": the words)
            after += 1
        if after < min(content_tok, len(tokens)) - 1 and tokens[after].norm in DEMONSTRATIVES \
                and tokens[after + 1].norm.startswith("ال"):
            after += 1  # "وأضافت هذه المصادر": the sources
        return after

    def _unnamed_source(self, body: str, tokens: list[Token], first: int, content_tok: int,
                        mentions: MentionIndex) -> str | None:
        """The words of an unnamed source from token `first` ("مسؤول أمريكي" in "قال مسؤول أمريكي إن"): up
        to the content, a comma, a circumstance word, a date or an adverb; at most MAX_SOURCE_WORDS words."""
        lex = self.lex
        last = first - 1
        j = first
        while j < min(content_tok, len(tokens), first + MAX_SOURCE_WORDS):
            t = tokens[j]
            if t.kind != "word" or t.norm in ("ل", "لل") or t.norm in ADDRESSEES or lex.is_complementizer(t.norm) \
                    or t.norm in lex.source_adverbs \
                    or t.norm in SOURCE_PREPOSITIONS or (j > first and lam_glued(t, mentions)) \
                    or j > first and t.norm[:1] == "ل" and (t.norm[1:] in self.addressee_titles or t.norm.startswith(
                        "لل") and "ال" + t.norm[2:] in self.addressee_titles) \
                    or t.norm in lex.restating or t.norm in RELATIVE_PRONOUNS or t.norm in RELATIVE_MA \
                    or mentions.in_date(t.start) \
                    or t.norm in NOMINAL_PREPOSITIONS and j + 1 < len(tokens) and lex.is_complementizer(tokens[j + 1].norm) \
                    or (j > first and t.norm in lex.conditional_words) or _phrase_at(tokens, j, lex.subject_boundaries):
                break  # … and the word a conditional cue needs ("وأعاد الوزراء تأكيد …" → "الوزراء"; "وحذرت السفارة من أن")
            last = j
            j += 1
        return body[tokens[first].start:tokens[last].end] if last >= first else None

    def _titled_antecedent(self, tokens: list[Token], lo: int, rel: int, mentions: MentionIndex) -> int | None:
        """The first token of a person's title and untagged name set off by a comma before a relative pronoun at
        `rel` ("وفق وزير حقوق الإنسان عز الدين الأصبحي، الذي قال إنه"): a person no entity covers is the antecedent,
        not whoever spoke before. None when the words before the comma are no such title or hold a mention."""
        if rel - 1 <= lo or tokens[rel - 1].text not in ("،", ","):
            return None
        first = rel - 1
        while first > max(lo, rel - 2 - MAX_SOURCE_WORDS - 2) and tokens[first - 1].kind == "word" \
                and tokens[first - 1].norm not in self.lex.attribution_forms and tokens[first - 1].norm not in _PREPOSITIONS \
                and tokens[first - 1].norm not in ("وفق", "طبق"):  # ("وفق وزير …": the attribution without its alif)
            first -= 1
        if first >= rel - 2 or mentions.within(tokens[first].start, tokens[rel - 2].end):
            return None
        head = _bare(strip_conj(tokens[first].norm, self.addressee_titles) or tokens[first].norm)
        titles = self.addressee_titles | self.lex.person_sources
        return first if head in titles or "ال" + head in titles else None

    @staticmethod
    def _amma(tokens: list[Token], cue: Cue, lo: int) -> tuple[int, int] | None:
        """(first, end) tokens of the topic of "أما X (،) فـقال": X, when a verb with ف closes it in its sentence."""
        if cue.kind != "verb" or tokens[cue.index].norm[:1] != "ف":
            return None
        for k in range(cue.index - 1, max(lo - 1, cue.index - 2 * TITLE_REACH), -1):
            if tokens[k].text in SENTENCE_END:
                return None
            if tokens[k].norm == "اما":
                end = cue.index - 1 if tokens[cue.index - 1].text in ("،", ",") else cue.index
                return (k + 1, end) if k + 1 < end else None
        return None

    def _subject_before(self, doc: Document, tokens: list[Token], cue: Cue, lo: int,
                        mentions: MentionIndex) -> tuple[str | None, str | None, str]:
        """(speaker, date, via) — SVO: "X قال" / "وكان X قد أعلن": the mention just before the cue, over قد and
        dates ("subject"); after a relative pronoun ("سوزان رايس، مستشارة الرئيس أوباما، التي قالت") the
        nearest agreeing antecedent ("relative")."""
        if cue.index > lo and tokens[cue.index - 1].norm in RELATIVE_PRONOUNS:
            floor = tokens[max(lo, cue.index - RELATIVE_REACH)].start
            for ref in mentions.before(tokens[cue.index - 1].start):
                if ref.start < floor:
                    break
                if ref.type in ("PER", "ORG") and agrees(cue.tag, mentions.gender(ref.entity,
                                                                                 self.lex)):
                    return ref.entity, None, "relative"
            # a title as the antecedent ("عبر عنه مستشار وزير الري الذي وصف …"): the person it was given to
            rel = cue.index - 1
            for first in range(max(lo, rel - TITLE_WORDS), rel):
                if any(t.kind != "word" or t.norm in NOT_SUBJECT_HEADS for t in tokens[first:rel]):
                    continue
                titled = self._title_referent(tokens, first, rel, mentions)
                if titled is not None and agrees(cue.tag, mentions.gender(titled, self.lex)):
                    return titled, None, "relative"
            if self._titled_antecedent(tokens, lo, rel, mentions) is not None:
                return None, None, "unnamed-relative"
            return None, None, "relative"
        amma = self._amma(tokens, cue, lo)
        if amma is not None:
            # "أما صحيفة «وول ستريت جورنال» فأشارت إلى أن": the topic after أما is the subject of the verb with ف
            refs = [r for r in mentions.within(tokens[amma[0]].start, tokens[amma[1] - 1].end)
                    if r.type in ("PER", "ORG") or r.type == "LOC" and r.start == tokens[amma[0]].start]
            if refs:
                return min(refs, key=lambda r: (preference(r), r.start)).entity, None, "subject"
            return None, None, "unnamed-amma"
        if tokens[cue.index].norm[:1] in ("و", "ف") and self.lex.all_verb_forms.get(tokens[cue.index].norm) \
                != tokens[cue.index].norm:
            return None, None, "subject"  # "وقال": a new clause, its subject cannot precede it
        j = cue.index - 1
        date = None
        while j >= lo and (tokens[j].norm in ("قد", "لقد") or mentions.in_date(tokens[j].start)):
            hit = [d for d in doc.dates if d.start <= tokens[j].start < d.end]
            date = date or (date_value(hit[0]) if hit else None)
            j -= 1
        if j < lo:
            return None, None, "subject"
        if tokens[j].text in ("،", ","):  # "جعفري، رئيس الحرس الثوري، قال": skip the apposition
            k = j - 1
            while k >= max(lo, j - APPOSITION_REACH) and tokens[k].text not in ("،", ",") and \
                    tokens[k].text not in SENTENCE_END and not self.lex.is_complementizer(tokens[k].norm):
                k -= 1
            if k < lo or tokens[k].text not in ("،", ",") or k == j - 1:
                return None, date, "subject"
            apposition = (k + 1, j)
            j = k - 1
            if j < lo:
                return None, date, "subject"
        else:
            apposition = None
        ref = mentions.ending_at(tokens[j].end, slack=0) or mentions.covering(tokens[j].start, tokens[j].end)
        if ref is not None and (self._after_preposition(tokens, ref, lo) and (ref.type == "LOC" or self._bare_preposition(
                tokens, ref, lo)) or ref.type == "LOC" and not self._opens(tokens, ref, lo)):
            # "وحول إقامة البطولة في لندن أكد سموه", "مسؤولون في واشنطن قالوا", "وعن سعد الحربي قال": a name inside
            # the phrase before the verb is where, whose or whom about, never its subject; a state speaks only as
            # the subject itself ("لكن إيران قالت", not "رئيس جمهورية مصر العربية أكدا")
            ref = None
            if apposition is not None and apposition[1] - apposition[0] <= TITLE_WORDS and all(
                    t.kind == "word" and t.norm not in NOT_SUBJECT_HEADS for t in tokens[apposition[0]:apposition[1]]) \
                    and not mentions.within(tokens[apposition[0]].start, tokens[apposition[1] - 1].end):
                # "إلا أن رئيس لجنة الأمن في مجلس النواب، مايكل ماكول، قال إن": the name the tagger missed
                return None, date, "unnamed-apposition"
        return (ref.entity if ref else None), date, "subject"

    def _attribution(self, doc: Document, tokens: list[Token], cue: Cue, lo: int, hi: int,
                     regions: list[Region], mentions: MentionIndex, history: Discourse | None = None) -> _Found | None:
        body = doc.body
        after = cue.index + cue.width
        if after < hi and tokens[after].norm in OWN_WORDS:
            return self._own_words(doc, tokens, cue, after, hi, regions, mentions, history)
        if after < hi and tokens[after].norm in ("ما", "لما"):
            after += 1  # "بحسب ما أعلن X": the source is the verb's subject
        said = False  # "بحسب ما أعلن X": X is the verb's subject
        if after < hi and tokens[cue.index + cue.width - 1].norm.endswith("ما") or after > cue.index + cue.width:
            n = tokens[after].norm if after < hi else ""
            forms = self.lex.all_verb_forms
            if n in forms or n[:-1] in forms or n[:-2] in forms:
                after, said = after + 1, True  # "بحسب ما أعلن", "بحسب ما قاله"
            while after < hi and (mentions.in_date(tokens[after].start) or tokens[after].norm in self.lex.source_adverbs):
                after += 1
        if after >= hi:
            return None
        first = tokens[after]
        ref = mentions.covering(first.start, first.end) or next(iter(mentions.within(first.start, first.end + 40)),
                                                                  None)
        head = _bare(strip_conj(first.norm, self.lex.person_sources) or first.norm)
        if said:  # a person first: "بحسب ما أعلن مساعد المتحدث باسم الأمم المتحدة فرحان حق"
            named = [r for r in mentions.within(first.start, tokens[min(hi, after + 8) - 1].end)
                     if r.type in ("PER", "ORG") and body[r.start - 1:r.start] != "ل"  # not "لوكالة …"
                     and not self._addressed(tokens, r, after)]
            if head in self.lex.person_sources:
                # "حسبما ذكر متحدث باسم الأمم المتحدة": the spokesman, an unnamed source as after "قال" (GUIDE.md),
                # not the organisation his title names
                named = [r for r in named if not self._governed(tokens, r, after)]
                ref = None
            ref = min(named, key=lambda r: (preference(r), r.start)) if named else (
                ref if ref is not None and ref.start <= first.end else None)
            if ref is not None and ref.start > first.end:
                ref = MentionRef(first.start, ref.end, ref.entity, ref.type)
        named_as = None
        if ref and ref.start <= first.end:
            speaker, via = ref.entity, "subject"
        else:
            speaker, via = mentions.by_head(first.text, first.start), "noun"
        if speaker is None:
            speaker = self._titled_name(tokens, after, hi, mentions)
            via = "subject"
        if speaker is None and first.kind == "word" and (first.norm[:1] == "ل" and first.norm[:2] != "ال"
                                                         or first.norm.startswith("ال") and len(first.norm) > 4):
            # (or a definite title: "ووفق الباحث آرون فان ويلينبرغ،", "بحسب المحلل X")
            # "ووفقا لوزير الصحة توفيق الربيعة فإن …", "وفقا للمشرف على الفريق علي حدادي": the person named right
            # after the title the ل governs (no comma between)
            stop = next((x for x in range(after + 1, min(hi, after + ISSUER_REACH)) if tokens[x].kind != "word"
                         or self.lex.is_complementizer(tokens[x].norm)
                         and mentions.covering(tokens[x].start, tokens[x].end) is None), min(hi, after + ISSUER_REACH))
            # (not a name in the words: "وفقا للشكوى المذكورة فإن السيدين مورغيو …", nor whom a group opposes: "وفق
            # القادة الطالبانيين المعارضين لأختر منصور")
            person = next((r for r in mentions.within(first.end, tokens[stop - 1].end) if r.type == "PER"
                           and body[r.start - 1] != "ل"), None)
            if person is not None and _bare(first.norm) in self.lex.group_sources | self.lex.quantifiers:
                person = None
            if person is not None and first.norm.startswith("ال") and not all(
                    t.norm.startswith(("ال", "لل")) or t.norm in self.honorific_titles
                    for t in tokens[after + 1:_token_from(tokens, person.start, after, hi)]):
                person = None  # "وبحسب التلفزيون الإسرائيلي قرر نتنياهو": the name is in the words
            if person is not None and any(tokens[x].norm in GOVERNING_WORDS
                                          for x in range(after + 1, _token_from(tokens, person.start, after, hi))):
                person = None  # "وفقا للمتحدث باسم الرئيس محمود عباس": whom the source belongs to
            if person is not None:
                speaker, via = person.entity, "subject"
        if speaker is None:
            # "وحسب مصادر مطلعة، فإن …", "…، وفقا للشرطة": a source with no entity keeps its words
            # only a source word ("حسب مصادر", "بحسب التقرير"), not any noun ("بحسب الظن", "حسب الوضع الحالي")
            if not {first.norm, first.stem, strip_conj(first.norm, self.lex.unnamed_sources), first.norm[:-1]} \
                    & self.lex.unnamed_sources and not (said and (first.norm in self.addressee_titles or _bare(
                        first.norm) in self.addressee_titles)):  # ("طبقا لما قاله رئيس الاستخبارات": a title)
                return None  # ("مكتبه الإعلامي": a source word with its pronoun)
            if not said and _bare(first.norm) in self.lex.quantifiers and not any(
                    _bare(t.norm) in self.lex.unnamed_sources | self.lex.person_sources and _bare(t.norm) not in
                    self.lex.quantifiers or _bare(t.norm).endswith(("ون", "ين"))  # ("بعض المحامين")
                    for t in tokens[after + 1:min(hi, after + 4)]):
                return None  # "وفق عدد من الشروط": some conditions, not some officials
            named_as = self._unnamed_source(body, tokens, after, hi, mentions)
            if named_as is None:
                return None
            if named_as.startswith("لل"):  # "وفقا للمصادر": the sources, without the attribution's ل
                named_as = "ال" + named_as[2:]
            elif named_as.startswith("ل") and first.prefix.lstrip("وف")[:1] == "ل":
                named_as = named_as[1:]
            via = "unnamed"
        # sentence start: the last sentence end before the cue
        s = cue.index
        while s > lo and tokens[s - 1].text not in SENTENCE_END:
            s -= 1
        if cue.index - s <= 1:  # "وحسب الوزارة، فإن …": the content follows the comma
            k = after
            while k < hi and tokens[k].text not in ("،", ",") and tokens[k].text not in SENTENCE_END \
                    and not (tokens[k].norm in ("فان", "فانه", "فانها") and k - after <= MAX_SOURCE_WORDS + 4
                             and mentions.covering(tokens[k].start, tokens[k].end) is None):  # ("ووفق فان ويلينبرغ،")
                # ("ووفقا للمشرف على الفريق علي بن داوود حدادي فإن …": a title and a long name)
                k += 1
            if k + 1 < hi and tokens[k].text in ("،", ",") and tokens[k + 1].norm in RELATIVE_PRONOUNS:
                # "وحسب النائب عميش، الذي تحولت مدينته إلى أنقاض …، فإن «…»": past the relative clause to فإن
                k = next((x for x in range(k + 2, min(hi, k + 2 * SENTENCE_REACH)) if tokens[x].text in SENTENCE_END
                          or tokens[x].norm in ("فان", "فانه", "فانها")), hi)
                if k >= hi or tokens[k].text in SENTENCE_END:
                    return None
            if k >= hi or tokens[k].text in SENTENCE_END:
                return None
            if tokens[k].kind == "punct":
                k += 1  # (no comma: "وبحسب مسؤولين في واشنطن فإن …")
            if k < hi and self.lex.is_complementizer(tokens[k].norm):
                k += 1
            if k >= hi:
                return None
            end = self._sentence_end(tokens, k, hi, regions, hi)
            # up to "، مشيرا إلى أن …", the next statement
            end = next((t.start for j, t in enumerate(tokens[k + 1:hi], k + 1) if t.start >= end or t.text in ("،", ",")
                        and j + 1 < hi and tokens[j + 1].norm in self.lex.participle_forms
                        and not any(r.start <= t.start < r.end for r in regions)), end)
            start, end = self._balanced(body, *self._trimmed(body, tokens[k].start, end))
        else:  # "…، حسب الوكالة": the content is the sentence before it
            start, end = self._balanced(body, *self._trimmed(body, tokens[s].start, tokens[cue.index].start))
        if end <= start:
            return None
        return _Found(start, end, self._kind_for(start, end, regions), cue, speaker, None, via, named_as)

    def _own_words(self, doc: Document, tokens: list[Token], cue: Cue, after: int, hi: int, regions: list[Region],
                   mentions: MentionIndex, history: Discourse | None) -> _Found | None:
        """"وأضاف X أن …، وحسب قوله «…»", "وحسب رأيه، فإن …": the words after the attribution are the current
        speaker's, when the pronoun agrees with them (an unnamed source keeps its words)."""
        lo = cue.index
        if tokens[lo].norm[:1] != "و" and not (lo > 0 and tokens[lo - 1].text in ("،", ",", *SENTENCE_END)):
            return None  # "… الترفيهية -حسب قولها-، مشددة": a parenthesis on the words before, not a new quote
        k = after + 1
        while k < hi and tokens[k].kind == "punct" and tokens[k].text in ("،", ",", ":"):
            k += 1
        region = next((r for r in regions if r.open_at <= tokens[k].start < r.end), None) if k < hi else None
        if k < hi and region is None and self.lex.is_complementizer(tokens[k].norm):
            k += 1
        elif region is None:
            return None  # only quoted words or a فإن/أن clause follow the speaker's own words
        if k >= hi:
            return None
        if region is not None:
            start, end = region.start, region.end
        else:
            end = self._sentence_end(tokens, k, hi, regions, hi)
            start, end = self._balanced(doc.body, *self._trimmed(doc.body, tokens[k].start, end))
        if end <= start:
            return None
        if history is not None and history.unnamed is not None:
            return _Found(start, end, self._kind_for(start, end, regions), cue, None, None, "unnamed", history.unnamed)
        speaker = history[-1] if history else None
        if speaker is None or not agrees(OWN_WORDS[tokens[after].norm], mentions.gender(speaker, self.lex)):
            return None
        return _Found(start, end, self._kind_for(start, end, regions), cue, speaker, None, "discourse")

    def _after_switch(self, tokens: list[Token], cue: Cue, lo: int) -> bool:
        """Whether "من جانبه / بدورها …" comes just before the cue."""
        before = tuple(t.norm for t in tokens[max(lo, cue.index - 3):cue.index] if t.kind == "word")
        return any(before[-len(m):] == m for m in self.lex.switch_markers if len(before) >= len(m))


@register_stage("quotes")
def make_quotes(options: Options) -> QuotesStage:
    return QuotesStage()
