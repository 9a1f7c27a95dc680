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
from itertools import compress
from typing import Any, Generic, NamedTuple, TypeVar, overload

from ..text.segment import iter_tokens
from .names import _PRESENTATION_RE, _TRANSLATE, Key, norm_text, words

T = TypeVar("T")

# What may stand between two words of one name: spaces, quotes, dashes, tatweel.
_JOINING_GAP_RE = re.compile(r"^[ \t\u00a0\"'«»“”„\-–—\u0640]*\Z")
# A clitic written alone before a quoted name: لـ"داعش", بـ"النصرة".
_LONE_CLITIC_RE = re.compile(r"^[وف]?[بلك]?\u0640+\Z")
_LONE_CLITIC_GAP_RE = re.compile(r"^[ \"'«»“”]*[وف]?[بلك]?\u0640+[ \"'«»“”]*\Z")
_WORD_KINDS = frozenset(("word", "number", "latin"))
# Per-process caches that depend only on a string (news vocabulary and gaps repeat); cleared when full.
_CACHE_LIMIT = 1 << 17


class Word(NamedTuple):
    """A word of the text (a named tuple; Words makes them on access)."""

    start: int
    end: int
    norm: str
    joined: bool  # joined to the previous word (only quotes, dashes or spaces between)


_form_norms: dict[str, str] = {}  # token text -> its normalised form, "" when it is not a word of a name
_gap_joins: dict[str, bool] = {" ": True}
_NOT_WORD_OR_LINE_RE = re.compile(r"[^\w\n]|_")  # what words() drops, but the line breaks


def _learn_forms(tokens: list[str]) -> None:
    """_form_norm for the token texts not seen before, all at once: one normalisation of them joined by line
    breaks (it maps characters one by one, and words() stops at a line break), cut again at the breaks."""
    if len(_form_norms) + len(tokens) >= _CACHE_LIMIT:
        _form_norms.clear()
    joined = "\n".join(tokens)
    normalised = joined.translate(_TRANSLATE).lower()  # norm_text() without presentation forms
    breaks = len(tokens) - 1
    if _PRESENTATION_RE.search(joined) or joined.count("\n") != breaks or normalised.count("\n") != breaks:
        for token in tokens:  # presentation forms (norm_text normalises them apart), or a line break in a token
            _form_norms[token] = _form_norm(token)
        return
    _form_norms.update(zip(tokens, _NOT_WORD_OR_LINE_RE.sub("", normalised).split("\n"), strict=True))
    if "\u0640" in joined:
        for token in tokens:
            if "\u0640" in token and _LONE_CLITIC_RE.match(token):
                _form_norms[token] = ""


def _form_norm(token: str) -> str:
    """The normalised form of a token as a word of a name; "" for a lone clitic (part of the next gap)."""
    return "" if _LONE_CLITIC_RE.match(token) else "".join(words(norm_text(token)))


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
    """text_words from objects with .start, .end, .text and .kind (the segment stage's tokens).

    Tokens that carry their normalised text (`.norm`: marsad.text.normalize.norm with the default options,
    as the segment stage makes it) are not normalised again: the forms of all of them are made at once.
    """
    tokens = tokens if isinstance(tokens, list) else list(tokens)
    forms = _forms_from_norms(text, tokens) if tokens and hasattr(tokens[0], "norm") else None
    if forms is None:
        texts = [t.text if t.kind in _WORD_KINDS else "" for t in tokens]  # one frame for all the tokens
        forms = list(map(_form_norms.get, texts))
        if None in forms:
            # Learning may empty a full cache first: the forms found before it are kept in `forms`.
            _learn_forms(list(dict.fromkeys(text for text, form in zip(texts, forms, strict=True) if form is None)))
            cache = _form_norms
            forms = [cache[text] if form is None else form for text, form in zip(texts, forms, strict=True)]
    # Tokens of other kinds, lone clitics and tokens with no letters are not words (they are part of the gap).
    return Words(text, list(compress(tokens, forms)), list(filter(None, forms)))


# What a lone clitic (لـ"داعش") is once normalised: its letters without the tatweel.
_LONE_CLITIC_FORMS = frozenset(c + p for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك"))


_NOT_FORM_RE = re.compile(r"[\W_]")  # a character that words() drops (the forms are joined by tatweel)
_PRESENTATION_HIGH_BYTES = (b"\xfb", b"\xfc", b"\xfd", b"\xfe")


def _may_have_presentation_forms(text: str) -> bool:
    """False when `text` has no character in U+FB00-U+FEFF, which holds the presentation forms
    (_PRESENTATION_RE): their UTF-16 high bytes, looked for in C (several times faster than the regex)."""
    high = text.encode("utf-16-be", "surrogatepass")[::2]
    return any(b in high for b in _PRESENTATION_HIGH_BYTES)


def _forms_from_norms(text: str, tokens: list[Any]) -> list[str] | None:
    """_form_norm of each word token from its .norm ("" for the other kinds), for all tokens in a few
    passes in C; None when that cannot be done.

    norm_text(t) is norm(t).lower() when t has no presentation forms, and words() works within a line. The
    norms of word tokens are nearly always their forms already (letters and digits, no upper case), so they
    are kept and only the few with other characters are made again.
    """
    if _may_have_presentation_forms(text) and _PRESENTATION_RE.search(text):
        return None  # norm_text normalises presentation forms on its own (rare)
    # The norm itself for the kinds of words, "" for the others (punctuation, symbols, links); one pass
    # over the token objects (reading them is what costs, they are scattered in memory).
    kinds = _WORD_KINDS
    forms = [t.norm if t.kind in kinds else "" for t in tokens]
    joined = "\u0640".join(forms)  # tatweel: a word character that no norm keeps
    if joined.count("\u0640") != len(forms) - 1 or joined.lower() != joined:
        # upper case (or a tatweel kept): through one string joined by line breaks
        forms = _NOT_WORD_OR_LINE_RE.sub("", "\n".join(forms).lower()).split("\n")
        if len(forms) != len(tokens):
            return None  # a line break inside a token's norm
    elif not joined.isalnum():  # isalnum(): no character _NOT_FORM_RE matches (a C loop, no regex)
        m = _NOT_FORM_RE.search(joined)
        while m:
            k = joined.count("\u0640", 0, m.start())
            if "\n" in forms[k]:
                return None  # a line break inside a token's norm
            forms[k] = _NOT_WORD_OR_LINE_RE.sub("", forms[k])
            m = _NOT_FORM_RE.search(joined, joined.find("\u0640", m.start()) + 1 or len(joined))
    if "\u0640" in text:  # a token of a clitic and tatweel only, before a quoted name, is not a word
        lone = _LONE_CLITIC_FORMS
        for k in compress(range(len(forms)), map(lone.__contains__, forms)):
            if _LONE_CLITIC_RE.match(tokens[k].text):
                forms[k] = ""
    return forms


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
        # first word -> second word -> lengths of the keys that start so; first words that are a key alone
        self._longer: dict[str, dict[str, list[int]]] = {}
        self._single: set[str] = set()
        for key in entries:
            if len(key) == 1:
                self._single.add(key[0])
                continue
            seconds = self._longer.get(key[0])
            if seconds is None:
                seconds = self._longer[key[0]] = {}
            lengths = seconds.get(key[1])
            if lengths is None:
                seconds[key[1]] = [len(key)]
            elif len(key) not in lengths:
                lengths.append(len(key))
        self.lengths: dict[str, list[int]] = {}  # first word -> the lengths of its keys, longest first
        for first, seconds in self._longer.items():
            for lengths in seconds.values():
                lengths.sort(reverse=True)
            self.lengths[first] = sorted({n for lengths in seconds.values() for n in lengths}, reverse=True)
        for first in self._single:
            self.lengths.setdefault(first, []).append(1)
        self._starts: dict[str, _Starts] | None = None  # made on first use
        self._starters: frozenset[str] = frozenset()
        self._nexts: dict[str, Any] = {}

    def starts(self) -> dict[str, _Starts]:
        """Every word form that starts a key, with (letters cut, stem, lengths) for each of its forms that does.

        _clitic_stems(w) cuts at most a conjunction (و ف) and then a preposition (ب ل ك) or the ل of "لل"
        (للائتلاف -> الائتلاف), so the words that can give a stem s are s with those letters before it: a
        few per first word of a key. Each is checked with _clitic_stems itself, so the table is exact; a
        scan then finds the words that start a key with one set intersection.
        """
        if self._starts is None:
            lengths = self.lengths
            forms = set()
            for stem in lengths:
                for conj in ("", "و", "ف"):
                    forms.add(conj + stem)
                    forms.update([conj + "ب" + stem, conj + "ل" + stem, conj + "ك" + stem])
                    if stem[:1] == "ا":
                        forms.add(conj + "ل" + stem[1:])
            stems_of = _clitic_stems.__wrapped__  # not through its cache: most of these forms never occur
            starts = {}
            for form in forms:
                found = [(cut, stem, lengths[stem]) for cut, stem in stems_of(form) if stem in lengths]
                if found:
                    starts[form] = tuple(found)
            self._starts = starts
            self._starters = frozenset(starts)
            # form -> the next words its keys of two words or more go on with; None when a stem is a key alone
            nexts: dict[str, Any] = {}
            for form, found in starts.items():
                if any(stem in self._single for _, stem, _ in found):
                    nexts[form] = None
                elif len(found) == 1:
                    nexts[form] = self._longer[found[0][1]]  # its keys: the next words
                else:
                    nexts[form] = frozenset().union(*(self._longer[stem] for _, stem, _ in found))
            self._nexts = nexts
        return self._starts

    def match_at(self, ws: Sequence[Word], i: int, text: str) -> Match[T] | None:
        starts = self.starts().get(ws[i].norm)
        return self._match(ws, _norms(ws), i, text, starts) if starts else None

    def _match(self, ws: Sequence[Word], norms: list[str], i: int, text: str, starts: _Starts) -> Match[T] | None:
        joined = ws.joined if isinstance(ws, Words) else lambda k: ws[k].joined
        reach, stop = i, len(norms)  # words i..reach are joined; word `stop` is not (or is past the end)
        best: Match[T] | None = None
        best_length = 0
        entries, longer, single = self.entries, self._longer, self._single
        after = norms[i + 1] if i + 1 < len(norms) else None
        for cut, stem, _ in starts:
            # Only the lengths of the keys that go on with the next word can match (and the stem alone).
            lengths = longer[stem].get(after, ()) if after is not None and stem in longer else ()
            if stem in single:
                lengths = (*lengths, 1)
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
        starts = self.starts()
        if norms is None:
            norms = _norms(ws)
        distinct = ws.distinct if isinstance(ws, Words) and norms is ws.norms else set(norms)
        present = self._starters.intersection(distinct)  # the few forms of the text that start a key
        if not present:
            return []
        out: list[Match[T]] = []
        after = 0  # the first word a match may start at
        nexts, last = self._nexts, len(norms) - 1
        for i in compress(range(len(norms)), map(present.__contains__, norms)):  # the positions, found in C
            if i < after:
                continue
            following = nexts[norms[i]]
            if following is not None and (i == last or norms[i + 1] not in following):
                continue  # no key of this word alone, and none goes on with the next word
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
        if _is_letter(text[pos]):
            seen += 1
        pos += 1
    while pos < end and not _is_letter(text[pos]):
        pos += 1  # diacritics and tatweel of the clitic
    return pos


_letters: dict[str, bool] = {}  # character -> whether it stays (not blank) when normalised


def _is_letter(ch: str) -> bool:
    letter = _letters.get(ch)
    if letter is None:
        letter = _letters[ch] = bool(norm_text(ch).strip())  # a few hundred characters at most
    return letter
