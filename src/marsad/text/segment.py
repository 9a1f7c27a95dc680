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

from .normalize import norm, split_proclitics

_DIGIT = r"[0-9\u0660-\u0669\u06f0-\u06f9]"
_AR_LETTER = r"[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u06d5\u06fa-\u06ff\u0640\u064b-\u065f\u0670\u06d6-\u06ed]"
TOKEN_RE = re.compile(
    rf"""
    (?P<url>(?:https?://|www\.)[^\s"'«»“”<>()]+[^\s"'«»“”<>().,،؛:!?؟])
  | (?P<email>[\w.+-]+@[\w-]+\.[\w.-]+)
  | (?P<cliticnum>[وفبلك]{{1,2}}[\u0640-]?{_DIGIT}+(?:[.,٫٬]{_DIGIT}+)*)   # بـ30 / ل2015
  | (?P<number>{_DIGIT}+(?:[.,٫٬]{_DIGIT}+)*%?)
  | (?P<word>{_AR_LETTER}+(?:\u0640|-(?={_AR_LETTER}))?{_AR_LETTER}*)                     # بـ / لـ"داعش" prefix kept
  | (?P<latin>[A-Za-z\u00c0-\u024f]+(?:['’-][A-Za-z]+)*)
  | (?P<punct>[.!?؟،,؛;:…"'«»“”„()\[\]{{}}\-–—/])
  | (?P<symbol>\S)
    """,
    re.VERBOSE,
)

# Abbreviations that end in a period without ending the sentence (normalised forms).
ABBREVIATIONS = {"د", "م", "ق.م", "ص", "ج", "أ", "ا", "ش", "ت", "س", "ه", "هـ", "مـ", "dr", "mr", "mrs", "st", "no", "u.s"}
SENTENCE_END = set(".!?؟؛")
OPENING_QUOTES = {"«": "»", "“": "”", "„": "“"}


def iter_tokens(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str, str]]:
    """Yield (start, end, text, kind) for each token of text[start:end]."""
    end = len(text) if end is None else end
    for m in TOKEN_RE.finditer(text, start, end):
        kind = m.lastgroup or "symbol"
        if kind == "cliticnum":
            kind = "number"
        yield m.start(), m.end(), m.group(), kind


# News vocabulary repeats (a few thousand forms make most tokens), so the fields of a form are computed once.
@lru_cache(maxsize=1 << 16)  # bounded: full, both caches hold about 70 MB
def token_fields(text: str, kind: str) -> tuple[str, str, str]:
    """(norm, prefix, stem) of a token: the prefix is the proclitics it carries, the stem what remains."""
    n = norm(text)
    if kind == "number":
        m = re.match(r"^([وفبلك]{1,2})\u0640?-?", n)
        if m and not n[0].isdigit():
            return n, m.group(1), n[m.end():]
        return n, "", n
    if kind != "word":
        return n, "", n
    bare = n.replace("\u0640", "")
    m = re.match(r"^([وفبلك]{1,2})[\u0640-]+(.+)$", n)
    if m:  # explicit clitic boundary: بـ / لـ"داعش"
        return bare, m.group(1), m.group(2)
    prefix, stem = split_proclitics(bare)
    return bare, prefix, stem


def sentence_bounds(text: str, start: int = 0, end: int | None = None,
                    tokens: list[tuple[int, int, str, str]] | None = None) -> list[tuple[int, int]]:
    """Sentence (start, end) pairs inside text[start:end], trimmed of surrounding spaces.

    `tokens` are those of iter_tokens(text, start, end), when the caller has them already.
    """
    end = len(text) if end is None else end
    bounds: list[tuple[int, int]] = []
    sent_start = start
    open_quotes: list[str] = []
    straight_open = False
    if tokens is None:
        tokens = list(iter_tokens(text, start, end))
    for i, (s, e, tok, kind) in enumerate(tokens):
        if kind != "punct":
            continue
        if tok in OPENING_QUOTES:
            open_quotes.append(OPENING_QUOTES[tok])
            continue
        if open_quotes and tok == open_quotes[-1]:
            open_quotes.pop()
            continue
        if tok == '"':
            straight_open = not straight_open
            continue
        if tok not in SENTENCE_END:
            continue
        if tok == "." and i > 0:
            prev = tokens[i - 1]
            if prev[1] == s and norm(prev[2]) in ABBREVIATIONS:
                continue
        # A period inside a quote does not end the sentence unless the quote closes right after it
        # ("…الحرب." وأضاف) — then the sentence ends after the closing mark.
        cut = e
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
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
