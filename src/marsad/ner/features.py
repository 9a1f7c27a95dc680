"""Token features for the CRF tagger.

The tagger sees tokens as the segment stage cuts them (punctuation split off, clitics attached), for
training as for use: ANERcorp's whitespace tokens are re-split the same way (see `conll.resplit`).
Features follow what strong Arabic CRF taggers use: the normalised word and its clitic-stripped stems,
affixes, shape, the words around it (±2) and their stems, lexicon membership (single words and
multiword phrases, with and without clitics) and quote-mark context.

Speed: what depends on the token alone (its clitic-less forms, their lexicons, its cluster) is computed
once per distinct token text and cached (`view`); the tagger (marsad.ner.scorer) also sums the weights of
its own features and of those it lends its neighbours once per distinct token.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..text.normalize import _proclitic_splits
from .lexicon import MAX_PHRASE, Lexicons, norm_word

QUOTES = frozenset('"«»“”„\'')
_PUNCT_RE = re.compile(r"^[\W_]+$")
_LATIN_RE = re.compile(r"[a-z]")
_DIGIT_RE = re.compile(r"[0-9]")
_ARABIC_RE = re.compile(r"[\u0621-\u064a]")
NEIGHBOURS = (-2, -1, 1, 2)


class TokenView(NamedTuple):
    """What the features and rules need to know of one token, computed once per token text (a named
    tuple: built and read faster than a frozen dataclass, and as immutable)."""

    norm: str
    stem: str  # article-based split (no lexicon)
    stem_known: str  # lexicon-backed split
    prefix: str
    shape: str
    classes: tuple[str, ...]  # lexicons listing the word as written
    clitic_classes: tuple[str, ...]  # lexicons listing it after a proclitic is removed
    stems: tuple[str, ...]  # every grammatical clitic-less form ("ولافروف" -> "لافروف", …)
    bare: frozenset[str]  # the word and its forms without a conjunction/preposition clitic (rules)
    bare_forms: tuple[str, ...]  # the same, in a fixed order (the word first)
    bare_classes: frozenset[str]  # lexicons listing one of the bare forms
    phrase_firsts: tuple[str, ...]  # forms that may start a multiword lexicon phrase
    cluster: tuple[str, ...]  # distributional clusters of the word or its stem, coarse to fine (ner.clusters)
    # Multiword phrases the token may start, as {rest of the phrase: lexicon names} per form of
    # phrase_firsts found in `Lexicons.phrase_index()` (empty for most tokens).
    phrase_heads: tuple[dict[tuple[str, ...], tuple[str, ...]], ...] = ()
    title_tails: frozenset[tuple[str, ...]] = frozenset()  # rests of the titles a bare form starts
    person_cue: bool = False  # may start a title or a known first name (marsad.ner.rules.person_rules)
    cue: int = 0  # CUE_PERSON | CUE_ORG: what the rules look for, one int to scan a sentence once


CUE_PERSON, CUE_ORG = 1, 2  # TokenView.cue: person_cue; "orgcue" in bare_classes (rules.org_rules)


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


# Token forms per cache generation (about 1 kB each; two generations are kept, see `view`).
VIEW_CACHE_SIZE = 100_000


def view(text: str, lex: Lexicons) -> TokenView:
    """The token's view, cached on the lexicons it was computed with. Two generations: the forms met since
    the cache last filled (`lex.views`) and those of the generation before (`lex.older_views`), which move up
    when met again. A full cache so keeps the news' common words instead of dropping them all (on the
    SaudiNewsNet file: 0.39 M views computed instead of 0.78 M with one 100k cache emptied when full)."""
    cached = lex.views.get(text)
    if cached is None:
        cached = lex.older_views.get(text) or _compute_view(text, lex)
        if len(lex.views) >= VIEW_CACHE_SIZE:
            lex.older_views = lex.views
            lex.views = {}
        lex.views[text] = cached
    return cached


def _compute_view(text: str, lex: Lexicons) -> TokenView:
    n = norm_word(text)
    if "-" in n and not _PUNCT_RE.match(text):
        n = n.replace("-", "")
    classes_of = lex.class_map().get
    known = lex.known
    prefix, stem, stem_known = "", n, n
    has_known = False
    clitic: list[str] = []
    stems: list[str] = []
    bare = [n]
    # The (proclitic, stem) splits with a stem of 2 letters at least, longest proclitic first, ending with
    # ("", n) (marsad.text.normalize); those with a stem of 3 are the ones `bare` takes.
    for pre, rest in _proclitic_splits(n, 2):  # (the cached tuple itself: read, not copied)
        if not pre:
            break
        stems.append(rest)
        if not has_known and rest in known:  # split_proclitics(n, lex.known)
            stem_known, has_known = rest, True
        if pre.endswith(("ال", "لل")):
            if not prefix:  # split_proclitics(n)
                prefix, stem = pre, rest
        else:
            clitic += [c for c in classes_of(rest, ()) if c not in clitic]
            # a stem of 2 ("بان" -> "ان") is too often a false split
            if len(rest) >= 3 and rest not in bare:
                bare.append(rest)
    firsts = [n, stem_known, *stems]
    if "لل" in n[:3]:  # "للأمين" = ل + الأمين, its alef dropped
        definite = "ال" + n[n.index("لل") + 2:]
        firsts.append(definite)
        if len(n) > 4 and definite not in bare:
            bare.append(definite)
    classes = classes_of(n, ())
    if len(bare) == 1:
        bare_classes = frozenset(classes)
    else:
        bare_classes = frozenset([c for form in bare for c in classes_of(form, ())])
    cluster_of = lex.clusters.get
    # The word's cluster, or else its clitic-less stem's ("وبرشلونة" -> "برشلونة"), longest clitic first.
    found = None
    for w in (n, stem_known, *stems):
        found = cluster_of(w)
        if found is not None:  # (clusters are strings)
            break
    cluster = tuple(found.split()) if found else ()  # one per granularity: "a12 b140 c873"
    index = lex.phrase_index()
    phrase_firsts = tuple(dict.fromkeys(firsts))
    heads = tuple([h for h in map(index.get, phrase_firsts) if h is not None])
    # The bare forms are among phrase_firsts: no head, no title.
    titles = frozenset([tail for f in bare if f in index for tail, names in index[f].items() if "title" in names]) \
        if heads else frozenset()
    person_cue = bool(titles) or "title" in bare_classes or "first" in bare_classes
    # Letters only (the usual case): no quote, punctuation or digit, so shape_of says "latin" or "word".
    shape = ("latin" if _LATIN_RE.search(n) else "word") if n.isalpha() else shape_of(n)
    cue = (CUE_PERSON if person_cue else 0) | (CUE_ORG if "orgcue" in bare_classes else 0)
    return TokenView(n, stem, stem_known, prefix, shape, classes, tuple(clitic), tuple(stems),
                     frozenset(bare), tuple(bare), bare_classes, phrase_firsts, cluster, heads, titles, person_cue,
                     cue)


def own_features(v: TokenView) -> list[str]:
    """The features of a token that depend on it alone."""
    w, stem_known = v.norm, v.stem_known
    f = ["bias", f"w={w}", f"s={v.stem}", f"sk={stem_known}", f"pre={v.prefix}", f"shape={v.shape}",
         f"len={min(len(v.stem), 8)}"]
    f += [f"cs={st}" for st in v.stems]
    for k in (1, 2, 3, 4):
        if len(w) > k:
            f.append(f"p{k}={w[:k]}")
            f.append(f"x{k}={w[-k:]}")
        if len(stem_known) > k:
            f.append(f"sx{k}={stem_known[-k:]}")
            f.append(f"sp{k}={stem_known[:k]}")
    f += [f"lex={c}" for c in v.classes]
    f += [f"lexc={c}" for c in v.clitic_classes]
    f += [f"cl={c}" for c in v.cluster]
    return f


def lent_features(v: TokenView, d: int) -> list[str]:
    """What a token at distance d from it sees of this token (phrase marks are added per sentence)."""
    f = [f"{d}:w={v.norm}", f"{d}:sk={v.stem_known}"]
    if v.shape != "word":
        f.append(f"{d}:shape={v.shape}")
    f += [f"{d}:lex={c}" for c in v.classes + v.clitic_classes]
    if abs(d) == 1:
        f += [f"{d}:cs={st}" for st in v.stems]
        f.append(f"{d}:x2={v.norm[-2:]}")
    f += [f"{d}:cl={c}" for c in v.cluster]
    return f


def phrase_marks(views: list[TokenView], lex: Lexicons) -> list[list[str]]:
    """B/I marks of multiword lexicon phrases (longest match; the first word may carry a clitic)."""
    marked = phrase_marks_at(views, lex, [i for i, v in enumerate(views) if v.phrase_heads])
    return [marked.get(i) or [] for i in range(len(views))]


def phrase_marks_at(views: list[TokenView], lex: Lexicons, heads: list[int]) -> dict[int, list[str]]:
    """`phrase_marks` of the tokens that get one, knowing which tokens may start a phrase (`heads`, in
    order: those whose view has phrase_heads)."""
    marks: dict[int, list[str]] = {}
    if not heads:
        return marks
    words = [v.norm for v in views]
    n = len(views)
    for i in heads:
        by_tail = views[i].phrase_heads
        for length in range(min(MAX_PHRASE, n - i), 1, -1):
            tail = tuple(words[i + 1:i + length])
            names = {name for tails in by_tail for name in tails.get(tail, ())}
            if names:
                for name in lex.phrases:  # lexicon order, as the marks were always listed
                    if name in names:
                        marks.setdefault(i, []).append(f"{name}:B")
                        for j in range(i + 1, i + length):
                            marks.setdefault(j, []).append(f"{name}:I")
                break
    return marks


def views_of(texts: list[str], lex: Lexicons) -> list[TokenView]:
    return [view(t, lex) for t in texts]


def sentence_features(texts: list[str], lex: Lexicons) -> list[list[str]]:
    """One list of string features per token of a sentence."""
    return view_features(views_of(texts, lex), lex)


def view_features(views: list[TokenView], lex: Lexicons) -> list[list[str]]:
    """`sentence_features` for tokens whose views are already known."""
    out: list[list[str]] = []
    n = len(views)
    for i, context in enumerate(context_features(views, lex)):
        f = own_features(views[i])
        for d in NEIGHBOURS:
            if 0 <= i + d < n:
                f += lent_features(views[i + d], d)
        out.append(f + context)
    return out


def context_features(views: list[TokenView], lex: Lexicons) -> list[list[str]]:
    """The features of each token that depend on its sentence, not on the token and its neighbours
    alone: phrase marks (its own and its neighbours'), quote state, sentence edges, bigrams."""
    marks = phrase_marks(views, lex)
    inside_quote = quote_state(views)
    out: list[list[str]] = []
    n = len(views)
    for i, v in enumerate(views):
        f = [f"ph={m}" for m in marks[i]]
        if inside_quote[i]:
            f.append("inq")
        for d in NEIGHBOURS:
            j = i + d
            if j < 0:
                f.append(f"{d}:BOS")
            elif j >= n:
                f.append(f"{d}:EOS")
            elif abs(d) == 1:
                f += [f"{d}:ph={m}" for m in marks[j]]
        if i > 0:
            f.append(f"bi-={views[i - 1].stem_known}|{v.stem_known}")
        if i + 1 < n:
            f.append(f"bi+={v.stem_known}|{views[i + 1].stem_known}")
        out.append(f)
    return out


def quote_state(views: list[TokenView]) -> list[bool]:
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
