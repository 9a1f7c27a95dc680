"""Sentence and token segmentation for Arabic news text, as spans of the original.

Tokens: words (with proclitics noted, not cut: "بـ30" is one token with prefix "ب"), numbers with
decimals and thousands separators (Arabic-Indic too), URLs, e-mail addresses, Latin words and
punctuation. Sentences end at . ! ? ؟ ؛ or a paragraph break, but not inside a quote that is
still open, after an abbreviation (د. م. ق.م), inside a number (3.5) or a URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate

from ..model import Sentence, Token
from .normalize import DIACRITICS, norm, split_proclitics

_DIGIT = r"[0-9\u0660-\u0669\u06f0-\u06f9]"
_AR_LETTER = r"[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u06d5\u06fa-\u06ff\u0640\u064b-\u065f\u0670\u06d6-\u06ed]"
_TOKEN_ALTERNATIVES = rf"""
    (?P<url>(?:https?://|www\.)[^\s"'«»“”<>()]+[^\s"'«»“”<>().,،؛:!?؟])
  | (?P<email>[\w.+-]+@[\w-]+\.[\w.-]+)
  | (?P<cliticnum>[وفبلك]{{1,2}}[\u0640-]?{_DIGIT}+(?:[.,٫٬]{_DIGIT}+)*)   # بـ30 / ل2015
  | (?P<number>{_DIGIT}+(?:[.,٫٬]{_DIGIT}+)*%?)
  | (?P<word>{_AR_LETTER}+(?:\u0640|-(?={_AR_LETTER}))?{_AR_LETTER}*)                     # بـ / لـ"داعش" prefix kept
  | (?P<latin>[A-Za-z\u00c0-\u024f]+(?:['’-][A-Za-z]+)*)
  | (?P<punct>[.!?؟،,؛;:…"'«»“”„()\[\]{{}}\-–—/])
  | (?P<symbol>\S)
    """
TOKEN_RE = re.compile(_TOKEN_ALTERNATIVES, re.VERBOSE)
# The same tokens as the separators of re.split: [spaces, token, spaces, token, …, spaces], a list of strings
# built in C (a Match object per token cost more than the rest of the tokeniser, and (spaces, token) tuples
# from findall made the garbage collector run twice as often); offsets follow from the lengths. Only spaces
# are skipped between tokens (every other character is at least a symbol), so both give the same tokens;
# the kind depends on the token's text alone (no alternative looks past its own match), so it is found
# once per form with TOKEN_RE.
_SPLIT_RE = re.compile("(" + re.sub(r"\(\?P<\w+>", "(?:", _TOKEN_ALTERNATIVES) + ")", re.VERBOSE)
# Without the e-mail alternative, for text without "@" (where it cannot match): scanning every word for an
# "@" was a third of the tokeniser's time.
_EMAIL_ALTERNATIVE = r"| (?:[\w.+-]+@[\w-]+\.[\w.-]+)"
_SPLIT_NO_EMAIL_RE = re.compile(_SPLIT_RE.pattern.replace(_EMAIL_ALTERNATIVE, "", 1), re.VERBOSE)
assert _SPLIT_NO_EMAIL_RE.pattern != _SPLIT_RE.pattern


def _split(text: str, start: int, end: int) -> list[str]:
    """text[start:end] as [spaces, token, spaces, token, …, spaces]."""
    chunk = text[start:end] if start or end < len(text) else text
    return (_SPLIT_RE if "@" in chunk else _SPLIT_NO_EMAIL_RE).split(chunk)


# Abbreviations that end in a period without ending the sentence (normalised forms).
ABBREVIATIONS = {"د", "م", "ود", "وم", "ق.م", "ص", "ج", "أ", "ا", "ش", "ت", "س", "ه", "هـ", "مـ", "dr", "mr", "mrs", "st", "no", "u.s"}
SENTENCE_END = set(".!?؟؛")
OPENING_QUOTES = {"«": "»", "“": "”", "„": "“"}
# The punctuation tokens sentence splitting looks at; no other token changes its state.
_SENTENCE_MARKS = frozenset(SENTENCE_END | set(OPENING_QUOTES) | set(OPENING_QUOTES.values()) | {'"'})

# Token text -> (norm, prefix, stem, kind), for the forms seen (news vocabulary repeats). Two generations:
# the forms met since the cache last filled, and those of the generation before, which move up when met
# again (emptying a full cache would drop the common words with the rare ones).
_FORMS: dict[str, tuple[str, str, str, str]] = {}
_OLDER_FORMS: dict[str, tuple[str, str, str, str]] = {}
_FORMS_MAX = 1 << 16


def _kind(text: str, start: int, end: int) -> str:
    """The kind of the token TOKEN_RE finds at `start` of text[:end]."""
    m = TOKEN_RE.match(text, start, end)
    kind = (m.lastgroup if m else None) or "symbol"
    return "number" if kind == "cliticnum" else kind


def _form(text: str, start: int, end: int, tok: str) -> tuple[str, str, str, str]:
    """A form not in `_FORMS` (callers look there first): from the older generation, or computed."""
    global _FORMS, _OLDER_FORMS
    form = _OLDER_FORMS.get(tok)
    if form is None:
        kind = _kind(text, start, end)
        form = (*token_fields(tok, kind), kind)
    if len(_FORMS) >= _FORMS_MAX:
        _OLDER_FORMS, _FORMS = _FORMS, {}
    _FORMS[tok] = form
    return form


def iter_tokens(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str, str]]:
    """Yield (start, end, text, kind) for each token of text[start:end]."""
    end = len(text) if end is None else end
    forms = _FORMS
    pos = start
    parts = _split(text, start, end)
    for space, tok in zip(parts[0::2], parts[1::2], strict=False):
        s = pos + len(space)
        pos = s + len(tok)
        form = forms.get(tok) or _form(text, s, end, tok)
        yield s, pos, tok, form[3]


_NUMBER_CLITIC_RE = re.compile(r"^([وفبلك]{1,2})\u0640?-?")
_WORD_CLITIC_RE = re.compile(r"^([وفبلك]{1,2})[\u0640-]+(.+)$")
# A tatweel right after one or two proclitic letters marks where the clitic ends ("بـمصر", "لـمركز"), but
# tatweel is also drawn inside words for looks ("فـــادي", "بـدايـاتـهـا", "بـدر"). Trusted as a boundary when it is
# the word's only tatweel, the word carries no diacritics (vocalised text is drawn so) and at least
# three letters follow: on SaudiNewsNet 2015 that cuts ~50 words right and two names wrong
# (كـارتر, فـريد) whose norm, the form searched and tagged, stays whole.
_TATWEEL_CLITIC_RE = re.compile(r"^([وفبلك]{1,2})\u0640([^\u0640]{3,})$")


# News vocabulary repeats (a few thousand forms make most tokens), so the fields of a form are computed once.
@lru_cache(maxsize=1 << 16)  # bounded: full, it and both generations of _FORMS hold about 100 MB
def token_fields(text: str, kind: str) -> tuple[str, str, str]:
    """(norm, prefix, stem) of a token: the prefix is the proclitics it carries, the stem what remains."""
    n = norm(text)
    if kind == "number":
        m = _NUMBER_CLITIC_RE.match(n)
        if m and not n[0].isdigit():
            return n, m.group(1), n[m.end():]
        return n, "", n
    if kind != "word":
        return n, "", n
    # An explicit clitic boundary: "ب-داعش", or "بـمصر" in the raw text (norm() drops the tatweel); the rest
    # may still start with the article ("بـالرياض": بال + رياض, as "بالرياض").
    m = _WORD_CLITIC_RE.match(n) if "-" in n else None
    if m is None and "\u0640" in text and DIACRITICS.isdisjoint(text):
        m = _TATWEEL_CLITIC_RE.match(text)
    if m:
        article, stem = split_proclitics(norm(m.group(2)))
        return n, m.group(1) + article, stem
    prefix, stem = split_proclitics(n)
    return n, prefix, stem


def _cut(text: str, start: int, end: int,
         marks: list[tuple[int, str, bool, tuple[int, int, str] | None]]) -> list[tuple[int, int]]:
    """Sentence bounds from the sentence marks of text[start:end]: (end, text, after an abbreviation,
    the next token's (start, end, text) or None) for each punctuation token in _SENTENCE_MARKS."""
    bounds: list[tuple[int, int]] = []
    sent_start = start
    open_quotes: list[str] = []
    straight_open = False
    for e, tok, abbreviated, nxt in marks:
        if tok in OPENING_QUOTES:
            open_quotes.append(OPENING_QUOTES[tok])
            continue
        if open_quotes and tok == open_quotes[-1]:
            open_quotes.pop()
            continue
        if tok == '"':
            straight_open = not straight_open
            continue
        if tok not in SENTENCE_END or abbreviated:
            continue
        # A period inside a quote does not end the sentence unless the quote closes right after it
        # ("…الحرب." وأضاف) — then the sentence ends after the closing mark.
        cut = e
        if open_quotes or straight_open:
            if nxt and nxt[0] == e and (nxt[2] == '"' or (open_quotes and nxt[2] == open_quotes[-1])):
                if nxt[2] == '"':
                    straight_open = False
                else:
                    open_quotes.pop()
                cut = nxt[1]
            else:
                continue
        bounds.append((sent_start, cut))
        sent_start = cut
    bounds.append((sent_start, end))
    out = []
    for s, e in bounds:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def sentence_bounds(text: str, start: int = 0, end: int | None = None,
                    tokens: list[tuple[int, int, str, str]] | None = None) -> list[tuple[int, int]]:
    """Sentence (start, end) pairs inside text[start:end], trimmed of surrounding spaces.

    `tokens` are those of iter_tokens(text, start, end), when the caller has them already.
    """
    end = len(text) if end is None else end
    if tokens is None:
        tokens = list(iter_tokens(text, start, end))
    marks = []
    last = len(tokens) - 1
    for i, (s, e, tok, kind) in enumerate(tokens):
        if kind == "punct" and tok in _SENTENCE_MARKS:
            abbreviated = tok == "." and i > 0 and tokens[i - 1][1] == s and norm(tokens[i - 1][2]) in ABBREVIATIONS
            marks.append((e, tok, abbreviated, tokens[i + 1][:3] if i < last else None))
    return _cut(text, start, end, marks)


def segment_span(text: str, start: int, end: int, paragraph: int) -> tuple[list[Token], list[Sentence]]:
    """Token and Sentence records of text[start:end] (one paragraph), as the segment stage makes them."""
    parts = _split(text, start, end)
    # Whole-list operations (map, accumulate, zip) instead of a loop body per token: the per-token work
    # then runs in C, except the Token constructor and the forms met for the first time.
    bounds = list(accumulate(map(len, parts), initial=start))  # part k is text[bounds[k]:bounds[k + 1]]
    starts, ends, texts = bounds[1:-1:2], bounds[2::2], parts[1::2]
    forms = list(map(_FORMS.get, texts))
    if None in forms:
        for i in [i for i, form in enumerate(forms) if form is None]:
            forms[i] = _FORMS.get(texts[i]) or _form(text, starts[i], end, texts[i])  # met earlier in the span
    tokens: list[Token] = list(map(Token, starts, ends, texts, *zip(*forms, strict=True))) if forms else []
    # The tokens that may change the sentence state (a token that is one of these characters is punctuation).
    at_marks = [i for i, tok in enumerate(texts) if tok in _SENTENCE_MARKS] \
        if not _SENTENCE_MARKS.isdisjoint(texts) else []
    marks = []
    last = len(tokens) - 1
    for i in at_marks:
        t = tokens[i]
        prev = tokens[i - 1] if i > 0 else None
        nxt = tokens[i + 1] if i < last else None
        abbreviated = t.text == "." and prev is not None and prev.end == t.start and prev.norm in ABBREVIATIONS
        marks.append((t.end, t.text, abbreviated, (nxt.start, nxt.end, nxt.text) if nxt else None))
    return tokens, [Sentence(s, e, text[s:e], paragraph) for s, e in _cut(text, start, end, marks)]
