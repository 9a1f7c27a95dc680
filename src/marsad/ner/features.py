"""Token features for the CRF tagger.

The tagger sees tokens as the segment stage cuts them (punctuation split off, clitics attached), for
training as for use: ANERcorp's whitespace tokens are re-split the same way (see `conll.resplit`).
Features follow what strong Arabic CRF taggers use: the normalised word and its clitic-stripped stems,
affixes, shape, the words around it (±2) and their stems, lexicon membership (single words and
multiword phrases, with and without clitics) and quote-mark context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.normalize import proclitic_splits, split_proclitics
from .lexicon import MAX_PHRASE, Lexicons, norm_word

QUOTES = frozenset('"«»“”„\'')
_PUNCT_RE = re.compile(r"^[\W_]+$")
_LATIN_RE = re.compile(r"[a-z]")
_DIGIT_RE = re.compile(r"[0-9]")
_ARABIC_RE = re.compile(r"[\u0621-\u064a]")


@dataclass(frozen=True)
class TokenView:
    """What the features need to know of one token, computed once per token."""

    norm: str
    stem: str  # article-based split (no lexicon)
    stem_known: str  # lexicon-backed split
    prefix: str
    shape: str
    classes: tuple[str, ...]  # lexicons listing the word as written
    clitic_classes: tuple[str, ...]  # lexicons listing it after a proclitic is removed
    stems: tuple[str, ...]  # every grammatical clitic-less form ("ولافروف" -> "لافروف", …)


def shape_of(word: str) -> str:
    if not word:
        return "empty"
    if word in QUOTES:
        return "quote"
    if _PUNCT_RE.match(word):
        return "punct"
    has_digit = bool(_DIGIT_RE.search(word))
    if has_digit and not _ARABIC_RE.search(word) and not _LATIN_RE.search(word):
        return "num"
    if has_digit:
        return "alnum"
    if _LATIN_RE.search(word):
        return "latin"
    return "word"


VIEW_CACHE_SIZE = 200_000  # token forms kept per lexicon set (a few tens of MB at most)


def view(text: str, lex: Lexicons) -> TokenView:
    """The token's view, cached on the lexicons it was computed with."""
    cached = lex.views.get(text)
    if cached is None:
        if len(lex.views) >= VIEW_CACHE_SIZE:
            lex.views.clear()
        cached = lex.views[text] = _compute_view(text, lex)
    return cached


def _compute_view(text: str, lex: Lexicons) -> TokenView:
    n = norm_word(text).replace("-", "") if not _PUNCT_RE.match(text) else norm_word(text)
    prefix, stem = split_proclitics(n)
    _, stem_known = split_proclitics(n, lex.known)
    classes = tuple(lex.classes(n))
    clitic: list[str] = []
    stems: list[str] = []
    for pre, rest in proclitic_splits(n, 2):
        if pre:
            stems.append(rest)
        if pre and not pre.endswith("ال") and not pre.endswith("لل"):
            clitic += [c for c in lex.classes(rest) if c not in clitic]
    return TokenView(n, stem, stem_known, prefix, shape_of(n), classes, tuple(clitic), tuple(stems))


def phrase_marks(views: list[TokenView], lex: Lexicons) -> list[list[str]]:
    """B/I marks of multiword lexicon phrases (longest match; the first word may carry a clitic)."""
    marks: list[list[str]] = [[] for _ in views]
    words = [v.norm for v in views]
    for i in range(len(views)):
        firsts = {words[i], views[i].stem_known} | {rest for pre, rest in proclitic_splits(words[i], 2) if pre}
        if "لل" in words[i][:3]:  # "للأمين" = ل + الأمين, its alef dropped
            firsts.add("ال" + words[i][words[i].index("لل") + 2:])
        for length in range(min(MAX_PHRASE, len(views) - i), 1, -1):
            tail = tuple(words[i + 1:i + length])
            hit = [name for name, phrases in lex.phrases.items() if any((f, *tail) in phrases for f in firsts)]
            if hit:
                for name in hit:
                    marks[i].append(f"{name}:B")
                    for j in range(i + 1, i + length):
                        marks[j].append(f"{name}:I")
                break
    return marks


def sentence_features(texts: list[str], lex: Lexicons) -> list[list[str]]:
    """One list of string features per token of a sentence."""
    views = [view(t, lex) for t in texts]
    marks = phrase_marks(views, lex)
    inside_quote = _quote_state(views)
    out: list[list[str]] = []
    n = len(views)
    for i, v in enumerate(views):
        w = v.norm
        f = [
            "bias", f"w={w}", f"s={v.stem}", f"sk={v.stem_known}", f"pre={v.prefix}", f"shape={v.shape}",
            f"len={min(len(v.stem), 8)}",
        ]
        f += [f"cs={st}" for st in v.stems]
        for k in (1, 2, 3, 4):
            if len(w) > k:
                f.append(f"p{k}={w[:k]}")
                f.append(f"x{k}={w[-k:]}")
            if len(v.stem_known) > k:
                f.append(f"sx{k}={v.stem_known[-k:]}")
                f.append(f"sp{k}={v.stem_known[:k]}")
        f += [f"lex={c}" for c in v.classes]
        f += [f"lexc={c}" for c in v.clitic_classes]
        f += [f"ph={m}" for m in marks[i]]
        if inside_quote[i]:
            f.append("inq")
        for d in (-2, -1, 1, 2):
            j = i + d
            if j < 0:
                f.append(f"{d}:BOS")
                continue
            if j >= n:
                f.append(f"{d}:EOS")
                continue
            u = views[j]
            f += [f"{d}:w={u.norm}", f"{d}:sk={u.stem_known}"]
            if u.shape != "word":
                f.append(f"{d}:shape={u.shape}")
            f += [f"{d}:lex={c}" for c in u.classes + u.clitic_classes]
            if abs(d) == 1:
                f += [f"{d}:ph={m}" for m in marks[j]]
                f += [f"{d}:cs={st}" for st in u.stems]
                f.append(f"{d}:x2={u.norm[-2:]}")
        if i > 0:
            f.append(f"bi-={views[i - 1].stem_known}|{v.stem_known}")
        if i + 1 < n:
            f.append(f"bi+={v.stem_known}|{views[i + 1].stem_known}")
        out.append(f)
    return out


def _quote_state(views: list[TokenView]) -> list[bool]:
    """True for tokens between an opening and a closing quote mark."""
    state = False
    out = []
    for v in views:
        if v.shape == "quote":
            state = not state
            out.append(False)
        else:
            out.append(state)
    return out
