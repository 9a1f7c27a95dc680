"""Longest-match scanning of a text's words against the KB's name and title indexes.

The text is cut into words (as marsad.text.segment does) and normalised; a match may run over
quotes and dashes between words ('لجنة "القاهرة – 2"') but not over other punctuation or a line
break. The first word of a match may carry proclitics (و ف ب ل ك, لل = ل + ال): "ولافروف",
"بموسكو", "للائتلاف". Spans are reported in the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from ..text.segment import iter_tokens
from .names import Key, norm_text, words

T = TypeVar("T")

# What may stand between two words of one name: spaces, quotes, dashes, tatweel.
_JOINING_GAP_RE = re.compile(r"^[ \t\u00a0\"'«»“”„\-–—\u0640]*$")
# A clitic written alone before a quoted name: لـ"داعش", بـ"النصرة".
_LONE_CLITIC_RE = re.compile(r"^[وف]?[بلك]?\u0640+$")


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    norm: str
    joined: bool  # joined to the previous word (only quotes, dashes or spaces between)


def text_words(text: str, tokens: Iterable[tuple[int, int, str, str]] | None = None) -> list[Word]:
    """The words (and numbers) of `text`, normalised, with the joins between them."""
    out: list[Word] = []
    prev_end: int | None = None
    for start, end, tok, kind in tokens if tokens is not None else iter_tokens(text):
        if kind not in ("word", "number", "latin"):
            continue
        if _LONE_CLITIC_RE.match(tok):
            continue  # part of the gap before the next word
        n = _word_norm(tok)
        if not n:
            continue
        joined = prev_end is not None and bool(_JOINING_GAP_RE.match(text[prev_end:start]) or
                                               _LONE_CLITIC_GAP_RE.match(text[prev_end:start]))
        out.append(Word(start, end, n, joined))
        prev_end = end
    return out


@lru_cache(maxsize=1 << 17)  # every token of every article; news vocabulary repeats
def _word_norm(token: str) -> str:
    return "".join(words(norm_text(token)))


_LONE_CLITIC_GAP_RE = re.compile(r"^[ \"'«»“”]*[وف]?[بلك]?\u0640+[ \"'«»“”]*$")


def clitic_stems(word: str) -> list[tuple[int, str]]:
    """(letters left out of the span, stem) for the word and its proclitic-less forms, the word first."""
    return list(_clitic_stems(word))


@lru_cache(maxsize=1 << 17)
def _clitic_stems(word: str) -> tuple[tuple[int, str], ...]:
    out = [(0, word)]
    bases = [(0, word)]
    if word[:1] in "وف" and len(word) > 3:
        bases.append((1, word[1:]))
        out.append((1, word[1:]))
    for cut, base in bases:
        if base.startswith("لل") and len(base) > 4:
            # للائتلاف = ل + الائتلاف (the article's alef is dropped); the span keeps the whole word.
            out.append((cut, "ا" + base[1:]))
        elif base[:1] in "بلك" and len(base) > 3:
            out.append((cut + 1, base[1:]))
    return tuple(out)


@dataclass(frozen=True)
class Match(Generic[T]):
    first: int  # index of the first word
    last: int  # index of the last word (inclusive)
    start: int  # span in the original text (after the proclitics of the first word)
    end: int
    key: Key
    values: tuple[T, ...]
    clitic: int = 0  # proclitic letters cut from the first word


class Index(Generic[T]):
    """A key -> values dictionary that finds the longest keys in a sequence of words."""

    def __init__(self, entries: dict[Key, Sequence[T]]) -> None:
        self.entries = entries
        self.lengths: dict[str, list[int]] = {}
        for key in entries:
            lengths = self.lengths.setdefault(key[0], [])
            if len(key) not in lengths:
                lengths.append(len(key))
        for lengths in self.lengths.values():
            lengths.sort(reverse=True)

    def match_at(self, ws: Sequence[Word], i: int, text: str) -> Match[T] | None:
        best: Match[T] | None = None
        for cut, stem in _clitic_stems(ws[i].norm):
            for length in self.lengths.get(stem, ()):
                if best and length <= best.last - best.first + 1:
                    break
                j = i + length - 1
                if j >= len(ws) or any(not ws[k].joined for k in range(i + 1, j + 1)):
                    continue
                key = (stem, *(w.norm for w in ws[i + 1: j + 1]))
                values = self.entries.get(key)
                if values:
                    start = _skip_letters(text, ws[i].start, ws[i].end, cut)
                    best = Match(i, j, start, ws[j].end, key, tuple(values), cut)
                    break
        return best

    def scan(self, ws: Sequence[Word], text: str, *, overlapping: bool = False) -> list[Match[T]]:
        """Longest matches left to right (non-overlapping unless asked)."""
        out: list[Match[T]] = []
        i = 0
        while i < len(ws):
            m = self.match_at(ws, i, text)
            if m:
                out.append(m)
                i = i + 1 if overlapping else m.last + 1
            else:
                i += 1
        return out


def _skip_letters(text: str, start: int, end: int, letters: int) -> int:
    """The offset after `letters` base letters of text[start:end] (and the marks that follow them)."""
    seen = 0
    pos = start
    while pos < end and seen < letters:
        if norm_text(text[pos]).strip():
            seen += 1
        pos += 1
    while pos < end and not norm_text(text[pos]).strip():
        pos += 1  # diacritics and tatweel of the clitic
    return pos
