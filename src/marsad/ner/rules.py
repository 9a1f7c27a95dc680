"""Rules applied after the model, for what a newswire-2000s model misses in today's political news.

They work on one sentence of tokens at a time (`SentenceView`) and return token spans; the word lists
are the lexicons under marsad/data/ner/ and the knobs are in rules.yaml. In order:

1. a person after a title ("وزير الخارجية السعودي عادل الجبير" -> "عادل الجبير"; the title stays out);
2. a person from a known first name, foreign ones included, with name particles ("ستيفان دي ميستورا");
3. organisations in quotes after a cue word ('لجنة "القاهرة – 2"' -> "القاهرة – 2"), and "NAME-2" names;
4. the stop list: what is never an entity (weekdays, months, "قائلا", "وكالات"…);
5. one sense per document: a name found once is found again where the model missed it ("لافروف").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress, pairwise

from .features import QUOTES, TokenView, shape_of, view
from .lexicon import Lexicons, norm_word

DASHES = frozenset("-–—")
# Lexicons whose words never belong to a person's name.
NOT_IN_NAMES = ("func", "stop", "title", "nat", "portfolio", "orgcue", "loccue", "place")
_NOT_IN_NAMES = frozenset(NOT_IN_NAMES)
_NAME_SHAPES = frozenset(("word", "latin"))
_JUNK_SHAPES = frozenset(("punct", "quote"))
_JUNK_LEXICONS = frozenset(("stop", "func"))  # junk at a mention's edge with or without a clitic ("title": without)


@dataclass
class Candidate:
    """A mention as token indices [start, end) of one sentence."""

    start: int
    end: int
    type: str
    source: str  # model | rule


@dataclass
class SentenceView:
    texts: list[str]
    views: list[TokenView]
    tags: list[str]
    entity_prob: list[float]
    lex: Lexicons
    cands: list[Candidate] = field(default_factory=list)

    @classmethod
    def build(cls, texts: list[str], tags: list[str], entity_prob: list[float], lex: Lexicons,
              views: list[TokenView] | None = None) -> SentenceView:
        return cls(texts, views if views is not None else [view(t, lex) for t in texts], tags, entity_prob, lex)

    def __len__(self) -> int:
        return len(self.texts)

    def bare(self, i: int) -> frozenset[str]:
        """The word and its forms without a conjunction/preposition clitic (never without "ال" alone)."""
        return self.views[i].bare

    def in_lex(self, name: str, i: int, clitics: bool = True) -> bool:
        v = self.views[i]
        return name in v.bare_classes if clitics else name in v.classes


def model_candidates(sv: SentenceView, type_map: dict[str, str]) -> list[Candidate]:
    """IOB tags -> spans (a stray I- opens a span, as conlleval reads it)."""
    out: list[Candidate] = []
    tags = sv.tags
    if tags.count("O") == len(tags):  # most sentences: no span (counted in C)
        return out
    kind = ""
    start = 0
    last = -2
    for i in compress(range(len(tags)), map("O".__ne__, tags)):  # an "O" only ever ends a span
        prefix, _, typ = tags[i].partition("-")
        if kind and (i != last + 1 or prefix != "I" or typ != kind):
            out.append(Candidate(start, last + 1, type_map.get(kind, kind), "model"))
            kind = ""
        if prefix == "B" or (prefix == "I" and not kind):
            start, kind = i, typ
        last = i
    if kind:
        out.append(Candidate(start, last + 1, type_map.get(kind, kind), "model"))
    return out


def _blocked(sv: SentenceView, i: int) -> bool:
    """True when token i can never be part of a person's name."""
    v = sv.views[i]
    return v.shape not in _NAME_SHAPES or not _NOT_IN_NAMES.isdisjoint(v.classes)


# Titles written as one letter and a full stop: "م." (engineer), "د." (doctor), with a conjunction ("ود.").
ABBREVIATED_TITLES = frozenset(("م", "د", "ود", "وم"))


def abbreviated_titles(texts: list[str]) -> list[int]:
    """The indexes of the tokens that are an abbreviated title ("م" + ".") in a list of token texts."""
    if "." not in texts:
        return []
    # from the full stops (found in C), not a Python loop over every token: the token before each
    dots = compress(range(len(texts)), map(".".__eq__, texts))
    return [d - 1 for d in dots if d and texts[d - 1] in ABBREVIATED_TITLES]


def _title_at(sv: SentenceView, i: int) -> int:
    """Length in tokens of a title starting at token i (0 if none)."""
    if sv.texts[i] in ABBREVIATED_TITLES and i + 1 < len(sv) and sv.texts[i + 1] == ".":
        return 2  # "م. عبداللطيف آل الشيخ"
    v = sv.views[i]
    titles = v.title_tails
    if titles:
        views = sv.views
        for length in range(min(5, len(sv) - i), 1, -1):  # the longest title wins
            if tuple([w.norm for w in views[i + 1:i + length]]) in titles:
                return length
    return 1 if "title" in v.bare_classes else 0


def _extend_name(sv: SentenceView, start: int, rules: dict) -> int:
    """End (exclusive) of a person's name that starts at `start`, following name-like tokens."""
    limit = min(len(sv), start + int(rules.get("max_name_tokens", 4)))
    min_prob = float(rules.get("continue_min_entity_prob", 0.05))
    end = start + 1
    j = end
    while j < limit:
        if _blocked(sv, j):
            break
        w = sv.views[j].norm
        if w.startswith("و") and not sv.lex.has("first", w):
            break  # "خالد المحيميد وجهاد مقدسي": a conjunction starts the next name
        if sv.lex.has("particle", w):
            # (a family name may be a title word: "آل الشيخ")
            if j + 1 < limit and (not _blocked(sv, j + 1) or w == "ال" and _family_word(sv, j + 1)):
                j += 1  # a particle only continues a name when a name word follows it
                end = j + 1
                j += 1
                continue
            break
        if not (sv.lex.has("first", w) or sv.entity_prob[j] >= min_prob or sv.tags[j].endswith("PERS")):
            break
        end = j + 1
        j += 1
    return end


def _family_word(sv: SentenceView, j: int) -> bool:
    """A word after "آل" that may be a family's name though a lexicon lists it as a title ("آل الشيخ")."""
    v = sv.views[j]
    return v.shape in _NAME_SHAPES and not _JUNK_LEXICONS.intersection(v.classes)


def _given_and_name_word(sv: SentenceView, j: int) -> bool:
    """A given name of the gazetteer followed by a word that may be a name ("اللواء رفعت قمصان"): after a
    title, a name the model did not see."""
    return sv.in_lex("gzgiven", j, clitics=False) and j + 1 < len(sv) and not _blocked(sv, j + 1) \
        and not sv.views[j + 1].norm.startswith(("و", "ال")) and not sv.views[j + 1].prefix


def _compound_given(sv: SentenceView, j: int) -> bool:
    """A compound given name written in two words ("عز الدين", "سيف الإسلام"), which the gazetteer lists
    joined ("عزالدين"), then a word: after a title, a name the model did not see."""
    from .lexicon import load_lexicons

    if j + 2 >= len(sv) or sv.views[j].prefix or sv.views[j + 1].prefix != "ال" or _blocked(sv, j + 2):
        return False
    return sv.views[j].norm + sv.views[j + 1].norm in load_lexicons().words.get("gzgiven", ())


def _rare_word_before_person(sv: SentenceView, j: int) -> bool:
    """A word the news rarely uses, right before a person the model found, after a
    title: the given name of that person ("المبعوث الدولي فولكر" + "بيرتس")."""
    if j + 1 >= len(sv) or sv.tags[j] != "O" or sv.tags[j + 1] != "B-PERS":
        return False
    v = sv.views[j]
    if v.prefix or v.shape != "word":  # (a listed word that is no name: `_blocked`, checked before)
        return False
    from ..kb.personal import common_words

    return v.norm not in common_words()


def _title_complement(sv: SentenceView, j: int) -> bool:
    """A word completing a title ("الخارجية", "السعودي"): a definite word, a nationality or portfolio, or an
    indefinite noun in construct with a definite word after it ("وزير" + "حقوق الإنسان", "شؤون اللاجئين"):
    a word the news uses that no given name of the lexicons is ("وزير الخارجية" + "محمد الأحمد" is a name)."""
    if sv.in_lex("nat", j) or sv.in_lex("portfolio", j):
        return True
    if j + 1 < len(sv) and not sv.views[j].prefix and sv.views[j + 1].prefix.endswith(("ال", "لل")) \
            and _construct_noun(sv, j) and _title_complement(sv, j + 1):
        return True
    definite = sv.views[j].prefix.endswith(("ال", "لل"))  # "الخارجية", "للأمم"
    if not definite or sv.in_lex("func", j, clitics=False) or sv.in_lex("stop", j, clitics=False):
        return False  # "إلى" normalises to "الى" but is no article
    return not (sv.tags[j].startswith("B-") and sv.tags[j].endswith("PERS"))


def _construct_noun(sv: SentenceView, j: int) -> bool:
    """An indefinite common noun of the news that heads a construct in a title ("حقوق", "شؤون"), no name's
    word: no given name, family or person's word of the lexicons, and not tagged as a person; no body's head
    ("المتحدث باسم" + "وزارة الدفاع": the body's name, then the model's rank and name, stays the model's)."""
    from ..kb.personal import common_words, name_word

    word = sv.views[j].norm
    return word in common_words() and not name_word(word) and not sv.tags[j].endswith("PERS") \
        and not any(sv.in_lex(k, j) for k in ("first", "gzgiven", "gzfamily", "gzwpers", "func", "stop", "orgcue"))


_AMBIGUOUS: dict[int, tuple[dict, frozenset[str]]] = {}


def _ambiguous_names(rules: dict) -> frozenset[str]:
    """The normalised ambiguous first names of a rules dict, computed once per dict."""
    cached = _AMBIGUOUS.get(id(rules))
    if cached is None or cached[0] is not rules:
        cached = _AMBIGUOUS[id(rules)] = (rules, frozenset(norm_word(w) for w in rules.get("ambiguous_first_names", [])))
    return cached[1]


def person_rules(sv: SentenceView, rules: dict, cues: list[int] | None = None) -> list[Candidate]:
    """Persons after a title or from a known first name; `cues`, when known, are the tokens whose view
    has person_cue, in order."""
    out: list[Candidate] = []
    # Only a token that may start a title or is a known first name can start a person (`person_cue`).
    if cues is None:
        cues = [k for k, v in enumerate(sv.views) if v.person_cue]
    if not cues:
        return out
    max_skip = int(rules.get("title_max_skip", 4))
    min_prob = float(rules.get("continue_min_entity_prob", 0.05))
    ambiguous = _ambiguous_names(rules)
    ambiguous_prob = float(rules.get("ambiguous_min_entity_prob", 0.3))
    n = len(sv)
    after = 0  # tokens before it are in a name found already
    for i in cues:
        if i < after:
            continue
        name_start = -1
        title_len = _title_at(sv, i)
        if title_len:
            j = i + title_len
            skipped = 0
            while j < n and skipped < max_skip and _title_complement(sv, j):
                j += 1
                skipped += 1
            model_says_person = sv.tags[j].endswith("PERS") if j < n else False
            if j < n and not _blocked(sv, j) and not sv.views[j].norm.startswith("و") and (
                sv.in_lex("first", j) or model_says_person
                or (sv.entity_prob[j] >= min_prob and sv.tags[j] == "O" and not sv.views[j].prefix)
                or _given_and_name_word(sv, j) or _rare_word_before_person(sv, j) or _compound_given(sv, j)
            ):
                name_start = j
        if name_start < 0 and sv.in_lex("first", i) and not _blocked(sv, i) and i + 1 < n:
            given_forms = sv.bare(i)
            nxt_ok = not _blocked(sv, i + 1) and not sv.views[i + 1].norm.startswith("و")
            sure = (not (given_forms & ambiguous) or sv.tags[i].endswith("PERS")
                    or sv.entity_prob[i] >= ambiguous_prob)
            if nxt_ok and sure:
                name_start = i
        if name_start >= 0:
            end = _extend_name(sv, name_start, rules)
            if title_len and end == name_start + 1 and _compound_given(sv, name_start):
                end += 1  # "عز" + "الدين": the family name after it is the entities stage's (_extend_person)
            if title_len and end == name_start + 1 and _given_and_name_word(sv, name_start):
                end += 1  # "اللواء رفعت" + "قمصان": the family name nothing else knows
            if end - name_start >= 2 or title_len:
                out.append(Candidate(name_start, end, "PER", "rule"))
                after = end
    return out


def _after_title(sv: SentenceView, i: int, max_skip: int) -> bool:
    """Whether a title (with at most `max_skip` words completing it: "وزير الخارجية السعودي") ends right
    before token i."""
    for k in range(max(0, i - max_skip - 5), i):
        length = _title_at(sv, k)
        if length and k + length <= i and i - k - length <= max_skip and all(
                _title_complement(sv, j) for j in range(k + length, i)):
            return True
    return False


def unsupported_given_names(sentences: list[tuple[SentenceView, list[Candidate]]], rules: dict,
                            known_name: Callable[[str], bool] | None = None) -> list[tuple[int, Candidate]]:
    """The model's one-word persons that are a given name which is also a common word ("صادق" true,
    "كريم" generous: rules.yaml ambiguous_first_names) with nothing else saying a person is meant: no title
    before it, no longer person's name holding the word in the document ("صادق المهدي" … "صادق") and,
    with `known_name`, not a name the knowledge base knows alone ("هادي", the Yemeni president). The rule for first names asks the same of them (`person_rules`); a model's guess on one common word is
    no surer. (sentence index, candidate) pairs, for the caller to drop."""
    ambiguous = _ambiguous_names(rules)
    lone = [(s, c) for s, (sv, cands) in enumerate(sentences) for c in cands
            if c.source == "model" and c.type == "PER" and c.end - c.start == 1
            and not ambiguous.isdisjoint(sv.bare(c.start))]
    if not lone:
        return []
    named = {form for sv, cands in sentences for c in cands if c.type == "PER" and c.end - c.start >= 2
             for v in sv.views[c.start:c.end] for form in v.bare}
    max_skip = int(rules.get("title_max_skip", 4))
    return [(s, c) for s, c in lone
            if named.isdisjoint(sentences[s][0].bare(c.start)) and not _after_title(sentences[s][0], c.start, max_skip)
            and not (known_name and any(map(known_name, sentences[s][0].bare(c.start))))]


def org_rules(sv: SentenceView, rules: dict, model: list[Candidate], cues: list[int] | None = None,
              ) -> list[Candidate]:
    """Quoted names after an organisation cue, and NAME-number names ("القاهرة-2"); `cues`, when known,
    are the tokens with "orgcue" in their view's bare_classes, in order."""
    out: list[Candidate] = []
    texts = sv.texts
    n = len(sv)
    # An organisation cue as written is one without a clitic too: "orgcue" in classes => in bare_classes.
    if cues is None:
        cues = [k for k, v in enumerate(sv.views) if "orgcue" in v.bare_classes]
    if cues and not QUOTES.isdisjoint(texts):
        max_tokens = int(rules.get("quoted_org", {}).get("max_tokens", 6))
        for i in cues:
            if i < n - 2 and texts[i + 1] in QUOTES:
                close = next((k for k in range(i + 2, min(n, i + 3 + max_tokens)) if texts[k] in QUOTES), -1)
                # (not a quoted clause: 'الجيش «جيد للغاية وقدرته على الدفاع كبيرة»' holds a function word)
                if close > i + 2 and not any(sv.in_lex("func", k, clitics=False) for k in range(i + 2, close)):
                    out.append(Candidate(i + 2, close, "ORG", "rule"))
    if not DASHES.isdisjoint(texts):
        for i in range(n - 2):
            # "القاهرة-2" / "القاهرة – 2": a numbered series of meetings or groups named after a place.
            if (texts[i + 1] in DASHES and shape_of(sv.views[i + 2].norm) == "num"
                    and (sv.in_lex("place", i) or sv.tags[i].endswith("LOC"))):
                out.append(Candidate(i, i + 3, "ORG", "rule"))
    max_words = int(rules.get("cue_org_max_words", 4))
    for i in cues:
        # "وزارة الخارجية الروسية", "حزب الاتحاد الديمقراطي": a cue word and the definite words after it.
        if i >= n - 1:
            continue
        end = i + 1
        while end < min(len(sv), i + 1 + max_words) and _org_word(sv, end):
            end += 1
        if end == i + 1:
            continue
        model_org = next((c for c in model if c.start < end and i < c.end), None)
        if model_org is not None:
            if model_org.start == i + 1 and model_org.type == "ORG" and not _known_org(sv, model_org):
                # "حزب" + "الاتحاد الديمقراطي"; but "الأمم المتحدة" is a whole name already
                out.append(Candidate(i, model_org.end, "ORG", "rule"))
        elif any(sv.in_lex("nat", k) or sv.in_lex("place", k) for k in range(i + 1, end)):
            # Only a specific body: "وزارة الخارجية الروسية", not "مجلس الإدارة".
            out.append(Candidate(i, end, "ORG", "rule"))
    return out


def _known_org(sv: SentenceView, c: Candidate) -> bool:
    if c.end - c.start == 1:
        return sv.in_lex("org", c.start)
    tail = tuple(v.norm for v in sv.views[c.start + 1:c.end])
    index = sv.lex.phrase_index()
    return any("org" in index[f].get(tail, ()) for f in sv.bare(c.start) if f in index)


def _org_word(sv: SentenceView, j: int) -> bool:
    w = sv.views[j].norm
    if not w.startswith("ال") or sv.views[j].shape != "word":
        return False
    return not any(sv.in_lex(name, j, clitics=False) for name in ("func", "stop", "title"))


def drop_stopped(sv: SentenceView, cands: list[Candidate]) -> list[Candidate]:
    """Trim stop/function/title words from the edges of mentions; drop mentions left empty."""
    out = []
    if not cands:
        return out
    views = sv.views
    for c in cands:
        s, e = c.start, c.end
        while s < e and _junk(views[s]):
            s += 1
        while e > s and _junk(views[e - 1]):
            e -= 1
        if e > s:
            out.append(Candidate(s, e, c.type, c.source))
    return out


def _edge_junk(sv: SentenceView, i: int) -> bool:
    return _junk(sv.views[i])


def _junk(v: TokenView) -> bool:
    """Punctuation, a quote mark, a stop or function word (with or without a clitic), or a title word as
    written: never at the edge of a mention."""
    return v.shape in _JUNK_SHAPES or not _JUNK_LEXICONS.isdisjoint(v.bare_classes) or "title" in v.classes


def merge(model: list[Candidate], ruled: list[Candidate]) -> list[Candidate]:
    """Rule spans win over the model spans they overlap (among rules, the earlier-listed wins), except
    a rule span inside a longer model span of the same type ("محمد بن راشد" in "محمد بن راشد آل مكتوم")."""
    if not ruled and all(a.end <= b.start for a, b in pairwise(model)):
        return list(model)  # ordered spans that do not overlap (the model's): all taken, in that order
    ruled = [r for r in ruled if not any(
        m.type == r.type and m.start <= r.start and r.end <= m.end and m.end - m.start > r.end - r.start
        for m in model)]
    taken: list[Candidate] = []
    for c in [*ruled, *model]:
        if any(c.start < t.end and t.start < c.end for t in taken):
            continue
        taken.append(c)
    return sorted(taken, key=lambda c: c.start)
