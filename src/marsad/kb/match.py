"""Longest-match scanning of a text's words against the KB's name and title indexes.

The text is cut into words (as marsad.text.segment does) and normalised; a match may run over
quotes and dashes between words ('لجنة "القاهرة – 2"') but not over other punctuation or a line
break. The first word of a match may carry proclitics (و ف ب ل ك, لل = ل + ال): "ولافروف",
"بموسكو", "للائتلاف". Spans are reported in the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, NamedTuple, TypeVar, overload

from ..text.segment import iter_tokens
from .names import Key, norm_text, words

T = TypeVar("T")

# What may stand between two words of one name: spaces, quotes, dashes, tatweel.
_JOINING_GAP_RE = re.compile(r"^[ \t\u00a0\"'«»“”„\-–—\u0640]*$")
# A clitic written alone before a quoted name: لـ"داعش", بـ"النصرة".
_LONE_CLITIC_RE = re.compile(r"^[وف]?[بلك]?\u0640+$")
_LONE_CLITIC_GAP_RE = re.compile(r"^[ \"'«»“”]*[وف]?[بلك]?\u0640+[ \"'«»“”]*$")
_WORD_KINDS = frozenset(("word", "number", "latin"))
# Per-process caches that depend only on a string (news vocabulary and gaps repeat); cleared when full.
_CACHE_LIMIT = 1 << 17


class Word(NamedTuple):
    """A word of the text (a tuple: made for every token of every article, so cheap to build)."""

    start: int
    end: int
    norm: str
    joined: bool  # joined to the previous word (only quotes, dashes or spaces between)


_form_norms: dict[str, str] = {}  # token text -> its normalised form, "" when it is not a word of a name
_gap_joins: dict[str, bool] = {" ": True}


def _form_norm(token: str) -> str:
    n = "" if _LONE_CLITIC_RE.match(token) else _word_norm(token)  # a lone clitic is part of the next gap
    if len(_form_norms) >= _CACHE_LIMIT:
        _form_norms.clear()
    _form_norms[token] = n
    return n


def _gap_joined(gap: str) -> bool:
    joined = bool(_JOINING_GAP_RE.match(gap) or _LONE_CLITIC_GAP_RE.match(gap))
    if len(_gap_joins) >= _CACHE_LIMIT:
        _gap_joins.clear()
        _gap_joins[" "] = True
    _gap_joins[gap] = joined
    return joined


class _Token(NamedTuple):
    start: int
    end: int
    text: str
    kind: str


class Words(Sequence[Word]):
    """The words of a text: their norms as one list (all that the scans read), Word objects made on access.

    Indexing and iterating give Word tuples like a list of them would; `norms[i]` and `joined(i)` read one
    field without making the Word.
    """

    __slots__ = ("text", "tokens", "norms", "_distinct")

    def __init__(self, text: str, tokens: list[Any], norms: list[str]) -> None:
        self.text = text
        self.tokens = tokens  # objects with .start and .end, one per word
        self.norms = norms
        self._distinct: set[str] | None = None

    def __len__(self) -> int:
        return len(self.norms)

    @overload
    def __getitem__(self, i: int) -> Word: ...

    @overload
    def __getitem__(self, i: slice) -> list[Word]: ...

    def __getitem__(self, i: int | slice) -> Word | list[Word]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self.norms)))]
        t = self.tokens[i]
        if i < 0:
            i += len(self.norms)
        return Word(t.start, t.end, self.norms[i], self.joined(i))

    def __iter__(self) -> Iterator[Word]:
        for i in range(len(self.norms)):
            yield self[i]

    def joined(self, i: int) -> bool:
        """Whether word i is joined to the word before it (only quotes, dashes or spaces between)."""
        if i <= 0:
            return False
        gap = self.text[self.tokens[i - 1].end:self.tokens[i].start]
        joined = _gap_joins.get(gap)
        return _gap_joined(gap) if joined is None else joined

    @property
    def distinct(self) -> set[str]:
        if self._distinct is None:
            self._distinct = set(self.norms)
        return self._distinct


def text_words(text: str, tokens: Iterable[tuple[int, int, str, str]] | None = None) -> Words:
    """The words (and numbers) of `text`, normalised, with the joins between them."""
    return token_words(text, map(_Token._make, tokens if tokens is not None else iter_tokens(text)))


def token_words(text: str, tokens: Iterable[Any]) -> Words:
    """text_words from objects with .start, .end, .text and .kind (the segment stage's tokens)."""
    kinds, forms = _WORD_KINDS, _form_norms
    wt = [t for t in tokens if t.kind in kinds]
    norms = [forms.get(t.text) for t in wt]  # each comprehension runs in one frame: no per-token calls
    if None in norms:  # forms not seen before
        norms = [_form_norm(t.text) if n is None else n for n, t in zip(norms, wt, strict=True)]
    if "" in norms:  # lone clitics and tokens with no letters are not words (they are part of the gap)
        keep = [k for k, n in enumerate(norms) if n]
        wt, norms = [wt[k] for k in keep], [norms[k] for k in keep]
    return Words(text, wt, norms)


@lru_cache(maxsize=1 << 17)  # every token of every article; news vocabulary repeats
def _word_norm(token: str) -> str:
    return "".join(words(norm_text(token)))


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


# (letters cut, stem, lengths of the keys the stem starts, longest first) for each form of a word
_Starts = tuple[tuple[int, str, list[int]], ...]


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
        # word form -> the forms of it that start a key; scan() tries only the words whose forms do (few)
        self._starts: dict[str, _Starts] = {}
        self._starters: set[str] = set()

    def _learn(self, norm: str) -> _Starts:
        lengths = self.lengths
        if norm[:1] not in "وفبلك":  # no proclitic to cut: the word itself is its only form
            found: _Starts = ((0, norm, lengths[norm]),) if norm in lengths else ()
        else:
            found = tuple((cut, stem, lengths[stem]) for cut, stem in _clitic_stems(norm) if stem in lengths)
        self._starts[norm] = found
        if found:
            self._starters.add(norm)
        return found

    def _bound(self) -> None:
        if len(self._starts) >= _CACHE_LIMIT:  # bounded; cleared between scans, never inside one
            self._starts.clear()
            self._starters.clear()

    def match_at(self, ws: Sequence[Word], i: int, text: str) -> Match[T] | None:
        self._bound()
        starts = self._starts.get(ws[i].norm)
        if starts is None:
            starts = self._learn(ws[i].norm)
        return self._match(ws, _norms(ws), i, text, starts) if starts else None

    def _match(self, ws: Sequence[Word], norms: list[str], i: int, text: str, starts: _Starts) -> Match[T] | None:
        joined = ws.joined if isinstance(ws, Words) else lambda k: ws[k].joined
        reach, stop = i, len(norms)  # words i..reach are joined; word `stop` is not (or is past the end)
        best: Match[T] | None = None
        best_length = 0
        entries = self.entries
        for cut, stem, lengths in starts:
            for length in lengths:
                if length <= best_length:
                    break
                j = i + length - 1
                if j >= stop:
                    continue
                key = (stem, *norms[i + 1: j + 1])
                values = entries.get(key)
                if not values:
                    continue
                while reach < j:  # a key may not run over punctuation or a line break
                    if not joined(reach + 1):
                        stop = reach + 1
                        break
                    reach += 1
                if j >= stop:
                    continue
                first, last = (ws.tokens[i], ws.tokens[j]) if isinstance(ws, Words) else (ws[i], ws[j])
                start = _skip_letters(text, first.start, first.end, cut)
                best = Match(i, j, start, last.end, key, tuple(values), cut)
                best_length = length
                break
        return best

    def scan(self, ws: Sequence[Word], text: str, *, overlapping: bool = False,
             norms: list[str] | None = None) -> list[Match[T]]:
        """Longest matches left to right (non-overlapping unless asked); `norms`: the words' norms, if at hand."""
        self._bound()
        if norms is None:
            norms = _norms(ws)
        distinct = ws.distinct if isinstance(ws, Words) and norms is ws.norms else set(norms)
        for norm in distinct.difference(self._starts):  # forms not seen before (a dict: not copied)
            self._learn(norm)
        present = self._starters.intersection(distinct)  # the few forms of the text that start a key
        if not present:
            return []
        starts = self._starts
        out: list[Match[T]] = []
        after = 0  # the first word a match may start at
        for i in [i for i, norm in enumerate(norms) if norm in present]:
            if i < after:
                continue
            m = self._match(ws, norms, i, text, starts[norms[i]])
            if m:
                out.append(m)
                after = i + 1 if overlapping else m.last + 1
        return out


def _norms(ws: Sequence[Word]) -> list[str]:
    return ws.norms if isinstance(ws, Words) else [w.norm for w in ws]


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
