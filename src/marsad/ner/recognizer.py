"""`recognize(doc)`: typed mentions of a segmented Document, as spans of its body.

The CRF model tags each sentence's tokens, the rules (marsad.ner.rules) add and correct, and names found
once are looked for again in the rest of the document. Mentions never start with a proclitic
("ولافروف" -> "لافروف"), never include quote marks, and always satisfy body[start:end] == text.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import chain, compress, pairwise
from operator import attrgetter, not_

from ..model import Document, Mention, Token
from ..text.segment import iter_tokens, sentence_bounds, token_fields
from .conll import Sentence, score
from .consistency import harmonise
from .crf import CrfTagger, Evaluation, load_tagger
from .features import CUE_ORG, CUE_PERSON, TokenView, view
from .lexicon import Lexicons, norm_word
from .rules import (
    Candidate,
    SentenceView,
    abbreviated_titles,
    drop_stopped,
    merge,
    model_candidates,
    org_rules,
    person_rules,
    unsupported_given_names,
)


def _tokens(doc: Document) -> list[Token]:
    if doc.tokens:
        return doc.tokens
    # Not segmented yet: cut the body the way the segment stage does.
    out = []
    for s, e, text, kind in iter_tokens(doc.body):
        n, prefix, stem = token_fields(text, kind)
        out.append(Token(s, e, text, n, prefix, stem, kind))
    return out


def _sentence_groups(doc: Document, tokens: list[Token]) -> list[list[Token]]:
    bounds = [(s.start, s.end) for s in doc.sentences] or sentence_bounds(doc.body)
    edges = [x for bound in bounds for x in bound]
    if edges == sorted(edges):  # (sorted() of a sorted list is one linear pass in C)
        # Ordered sentences that do not overlap (the segment stage's): a sentence's tokens are those
        # starting inside it, found by bisection (token starts are ordered too).
        starts = list(map(_START, tokens))
        if starts == sorted(starts):
            groups = [tokens[bisect_left(starts, s):bisect_left(starts, e)] for s, e in bounds]
            return [g for g in groups if g]
    groups = [[] for _ in bounds]
    k = 0
    for tok in tokens:
        while k < len(bounds) and tok.start >= bounds[k][1]:
            k += 1
        if k == len(bounds):
            break
        if tok.start >= bounds[k][0]:
            groups[k].append(tok)
    return [g for g in groups if g]


def _sentence_tokens(doc: Document, tokens: list[Token]) -> tuple[list[Token], list[int]]:
    """The tokens of the sentences (`_sentence_groups`) as one list, and where each sentence starts in it
    (with the end of the last one): per-token work is then done for the whole document at once."""
    groups = _sentence_groups(doc, tokens)
    edges = [0]
    for g in groups:
        edges.append(edges[-1] + len(g))
    if len(groups) == 1:
        return groups[0], edges
    return list(chain.from_iterable(groups)), edges


_START, _TEXT, _CUE = attrgetter("start"), attrgetter("text"), attrgetter("cue")
_BARE_FORMS = attrgetter("bare_forms")
_TYPE_MAPS: dict[int, tuple[dict, dict[str, str]]] = {}


def _type_map(rules: dict) -> dict[str, str]:
    """The rules' model tag -> mention type map, as strings (computed once per rules dict)."""
    cached = _TYPE_MAPS.get(id(rules))
    if cached is None or cached[0] is not rules:
        type_map = {str(k): str(v) for k, v in rules.get("type_map", {}).items()}
        cached = _TYPE_MAPS[id(rules)] = (rules, type_map)
    return cached[1]


def _by_sentence(indexes: Iterable[int], edges: list[int]) -> list[list[int]]:
    """Document-wide token indexes (ascending) as indexes within their sentences, per sentence."""
    out: list[list[int]] = [[] for _ in range(len(edges) - 1)]
    for i in indexes:
        s = bisect_right(edges, i) - 1
        out[s].append(i - edges[s])
    return out


def recognize(doc: Document, tagger: CrfTagger | None = None) -> list[Mention]:
    """Mentions of people, places, organisations and other names in doc.body, in body order."""
    if not doc.body.strip():
        return []
    tagger = tagger or load_tagger()
    lex = tagger.lex
    rules = lex.rules
    type_map = _type_map(rules)
    tokens, edges = _sentence_tokens(doc, _tokens(doc))
    texts = list(map(_TEXT, tokens))
    # The views of all the document's tokens, read from the cache in one pass; the forms it misses (few in
    # a long run) go through `view`, in token order.
    views = list(map(lex.views.get, texts))
    for i in compress(range(len(views)), map(not_, views)):
        views[i] = view(texts[i], lex)
    # The tokens the rules start from (few), found by one scan of the views' cue flags.
    cues = list(map(_CUE, views))
    flagged = list(compress(range(len(cues)), cues))
    # (and the abbreviated titles "م." engineer, "د." doctor, which no lexicon holds)
    person_cues = _by_sentence(sorted([i for i in flagged if cues[i] & CUE_PERSON] + abbreviated_titles(texts)),
                               edges)
    org_cues = _by_sentence([i for i in flagged if cues[i] & CUE_ORG], edges)
    bounds = list(pairwise(edges))
    sentence_views = [views[a:b] for a, b in bounds]
    # The rules read the model's probabilities only in sentences with a person cue (rules.person_rules).
    wanted = list(map(bool, person_cues))
    sentences: list[tuple[int, SentenceView, list[Candidate]]] = []
    tagged = tagger.tag_sentences(sentence_views, wanted)
    # One type per name in the article: the model's tags of a name found in one sentence reach its other
    # occurrences before the rules read them (marsad.ner.consistency).
    all_tags = harmonise(sentence_views, [t for t, _ in tagged], lex)
    for (a, b), svs, tags, (_, probs), person, org in zip(
            bounds, sentence_views, all_tags, tagged, person_cues, org_cues, strict=True):
        sv = SentenceView(texts[a:b], svs, tags, probs, lex)
        model = drop_stopped(sv, model_candidates(sv, type_map))
        ruled = drop_stopped(sv, person_rules(sv, rules, person) + org_rules(sv, rules, model, org))
        cands = merge(model, ruled)
        sentences.append((a, sv, cands))
    for s, c in unsupported_given_names([(sv, cands) for _, sv, cands in sentences], rules, _kb_name):
        sentences[s][2].remove(c)
    _propagate(sentences, lex, views, edges)
    mentions: list[Mention] = []
    body = doc.body
    for a, sv, cands in sentences:
        for c in cands:
            start = _strip_clitic(tokens[a + c.start], sv, c.start, doc, lex)
            end = tokens[a + c.end - 1].end
            if end > start:
                mentions.append(Mention(start, end, body[start:end], c.type, c.source))
    return mentions


def _kb_name(word: str) -> bool:
    """Whether the packaged knowledge base knows `word` alone as a person's or body's name, short name or
    surname ("هادي"): support for a given name that is also a common word (rules.unsupported_given_names)."""
    from ..kb.base import FULL, SHORT, SURNAME, load_kb

    return bool(load_kb().lookup(word, strengths=(FULL, SHORT, SURNAME)))


def _key(sv: SentenceView, start: int, end: int) -> tuple[str, ...]:
    return tuple([v.norm for v in sv.views[start:end]])


def _propagate(sentences: list[tuple[int, SentenceView, list[Candidate]]], lex: Lexicons,
               views: list[TokenView], edges: list[int]) -> None:
    """One sense per document: where a name (or the surname part of a person's name) was found, tag its
    other occurrences too, with or without a proclitic ("وخوجة"). `views`: those of the whole document,
    sentence after sentence (sentence s is views[edges[s]:edges[s + 1]])."""
    # Rule mentions are surer than model ones: their type wins when the same name gets both.
    by_source: dict[str, dict[tuple[str, ...], str]] = {"rule": {}, "model": {}}
    keys: list[tuple[str, ...]] = []  # of every candidate, in order (read again below)
    particles = lex.words.get("particle", ())
    for _, sv, cands in sentences:
        for c in cands:
            known_here = by_source["rule" if c.source == "rule" else "model"]
            words = _key(sv, c.start, c.end)
            keys.append(words)
            if c.type == "PER" and len(words) >= 2:
                for k in range(1, len(words)):  # "دي ميستورا", "ميستورا"
                    tail = words[k:]
                    if tail[0] not in particles or len(tail) > 1:
                        known_here.setdefault(tail, "PER")
            if c.source == "model" and len(words) == 1 and words[0].startswith("ال") and c.type in ("ORG", "MISC"):
                continue  # a definite noun the model once took for a name ("الاتفاق") is no name elsewhere
            known_here.setdefault(words, c.type)
    classes = lex.class_map()
    known = {
        k: v for k, v in {**by_source["model"], **by_source["rule"]}.items()
        if not (len(k) == 1 and not _COMMON.isdisjoint(classes.get(k[0], ()))) and len("".join(k)) >= 3
    }
    if not known:
        return
    ruled = by_source["rule"]
    if ruled:
        words_of = iter(keys)
        for _, _, cands in sentences:
            for c in cands:
                retyped = ruled.get(next(words_of))
                if c.source == "model" and retyped and retyped != c.type:
                    c.type = retyped
    # Known names by their first word, with their lengths longest first: a token is only tried at the
    # lengths of the names its clitic-less forms start.
    lengths_by_first: dict[str, list[int]] = {}
    for k in known:
        lengths_by_first.setdefault(k[0], []).append(len(k))
    first_words = set(lengths_by_first)
    # Only a token one of whose clitic-less forms starts a known name can start one (found in one pass).
    hits = list(compress(range(len(views)), map(not_, map(first_words.isdisjoint, map(_BARE_FORMS, views)))))
    starts_by_sentence = _by_sentence(hits, edges)
    for (_, sv, cands), starts in zip(sentences, starts_by_sentence, strict=True):
        if not starts:
            continue
        sentence_views = sv.views
        n = len(sv)
        covered = [False] * n
        for c in cands:
            covered[c.start:c.end] = [True] * (c.end - c.start)
        added: list[Candidate] = []
        after = 0  # tokens before it are in a name added already
        for i in starts:
            if i < after or covered[i]:
                continue
            firsts = [f for f in sentence_views[i].bare_forms if f in lengths_by_first]
            hit = None
            for length in sorted({m for f in firsts for m in lengths_by_first[f] if m <= n - i}, reverse=True):
                if any(covered[i:i + length]):
                    continue
                tail = _key(sv, i + 1, i + length)
                for first in firsts:
                    typ = known.get((first, *tail))
                    if typ:
                        hit = Candidate(i, i + length, typ, "rule")
                        break
                if hit:
                    break
            if hit:
                added.append(hit)
                after = hit.end
        if added:
            cands[:] = sorted(cands + added, key=lambda c: c.start)


# Lexicons whose single words are too common to be propagated as a name of one word.
_COMMON = frozenset(("stop", "func", "title", "nat", "portfolio", "particle"))


def _strip_clitic(token: Token, sv: SentenceView, index: int, doc: Document, lex: Lexicons) -> int:
    """Start offset of a mention whose first token is `token`, past a proclitic when it is one."""
    text = token.text
    for cut, ch in enumerate(text[:3]):  # explicit boundary: "لـداعش", "بـ-"
        if ch in "\u0640-" and cut > 0:
            return token.start + cut + 1
    v = sv.views[index]
    if not _KEEP_WHOLE.isdisjoint(v.classes):
        return token.start  # "وليد", "واشنطن", "بغداد" as listed
    splits = _splits(v.norm, lex)
    if splits and _name_more_than_stem(text, splits[0][1]):
        return token.start  # "لبنى القاسمي": the name, not ل + "بنى"
    if splits:
        vocabulary = None  # built only when a split needs it (most are settled by the word alone)
        for c, rest, sure in splits:
            if not sure:
                if vocabulary is None:
                    vocabulary = _doc_vocabulary(doc)
                sure = rest in vocabulary
            if sure:
                return token.start + _raw_offset(text, len(c))
    return token.start


def _name_more_than_stem(word: str, stem: str) -> bool:
    """Whether a word read whole is an attested personal name more often than the stem a proclitic would
    leave ("لبنى" 38 times, "بنى" 14): a name that starts with the letter of a clitic ("لبنى", "بسمة")."""
    from ..kb.names import norm_text
    from ..kb.personal import MIN_COUNT, name_counts

    counts = name_counts()
    whole = counts.get(norm_text(word), 0)
    return whole >= MIN_COUNT and whole > counts.get(norm_text(stem), 0)


_SPLITS: dict[str, tuple[tuple[str, str, bool], ...]] = {}
_SPLITS_OF: list[object] = [None, None]  # the lexicons and rules _SPLITS was computed with


def _splits(word: str, lex: Lexicons) -> tuple[tuple[str, str, bool], ...]:
    """(clitic, rest, stripped whatever the document) for each strippable proclitic `word` starts with
    leaving a long enough stem, longest first: what `_strip_clitic` tries, known from the word alone
    except whether the rest occurs in the document (cached per word)."""
    rules = lex.rules
    if _SPLITS_OF[0] is not lex or _SPLITS_OF[1] is not rules:
        _SPLITS.clear()
        _SPLITS_OF[:] = lex, rules
    cached = _SPLITS.get(word)
    if cached is None:
        if len(_SPLITS) >= 100_000:
            _SPLITS.clear()
        min_stem = int(rules.get("min_stem", 3))
        classes = lex.class_map()  # a word is listed iff it has a non-empty tuple of lexicons
        cached = _SPLITS[word] = tuple(
            (c, word[len(c):], c == "و" or word[len(c):] in classes) for c in _clitics(rules)
            if word.startswith(c) and len(word) - len(c) >= min_stem)
    return cached


# Lexicons whose words keep a leading letter that looks like a proclitic.
_KEEP_WHOLE = frozenset(("first", "place", "particle", "orgcue", "loccue"))
_CLITICS: dict[int, tuple[dict, tuple[str, ...]]] = {}


def _clitics(rules: dict) -> tuple[str, ...]:
    """The strippable proclitics of a rules dict, normalised, longest first (computed once per dict)."""
    cached = _CLITICS.get(id(rules))
    if cached is None or cached[0] is not rules:
        ordered = sorted(rules.get("clitics", []), key=len, reverse=True)
        cached = _CLITICS[id(rules)] = (rules, tuple(norm_word(c) for c in ordered))
    return cached[1]


def _raw_offset(text: str, n_letters: int) -> int:
    """Offset in the raw token after its first `n_letters` normalised letters (skipping diacritics)."""
    seen = 0
    for k, ch in enumerate(text):
        if norm_word(ch):
            seen += 1
        if seen == n_letters:
            return k + 1
    return len(text)


_VOCAB_CACHE: dict[int, tuple[str, frozenset[str]]] = {}


def _doc_vocabulary(doc: Document) -> frozenset[str]:
    """Normalised words of the body (cached per body): a clitic is one when the rest occurs alone."""
    cached = _VOCAB_CACHE.get(id(doc))
    if cached and cached[0] is doc.body:
        return cached[1]
    if doc.tokens:
        # A word token's norm is norm_word(text) already (marsad.text.segment.token_fields makes it so): read,
        # not recomputed through norm_word's cache (a look-up per distinct word, cache-miss bound).
        words = frozenset({t.norm for t in doc.tokens if t.kind == "word"})
    else:
        texts = {text for _, _, text, kind in iter_tokens(doc.body) if kind == "word"}
        words = frozenset(map(norm_word, texts))  # each distinct text once
    _VOCAB_CACHE.clear()
    _VOCAB_CACHE[id(doc)] = (doc.body, words)
    return words


def evaluate_recognize(tagger: CrfTagger, sentences: list[Sentence], tag_names: dict[str, str] | None = None,
                       ) -> Evaluation:
    """Like `evaluate`, but through `recognize` (model + rules), one sentence per document; a mention
    is mapped back to the whitespace tokens its characters fall in."""
    back = tag_names or {"PER": "PERS"}
    gold: list[list[str]] = []
    predicted: list[list[str]] = []
    started = time.perf_counter()
    for sentence in sentences:
        words = [w for w, _ in sentence]
        offsets = []
        pos = 0
        for w in words:
            offsets.append((pos, pos + len(w)))
            pos += len(w) + 1
        tags = ["O"] * len(words)
        for m in recognize(Document(body=" ".join(words)), tagger):
            inside = [k for k, (s, e) in enumerate(offsets) if s < m.end and m.start < e]
            for n, k in enumerate(inside):
                tags[k] = ("B-" if n == 0 else "I-") + back.get(m.type, m.type)
        predicted.append(tags)
        gold.append([tag for _, tag in sentence])
    seconds = time.perf_counter() - started
    return Evaluation(score(gold, predicted), sum(len(s) for s in sentences), seconds)
