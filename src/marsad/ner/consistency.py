"""One type per name in a document: the model's tags made consistent across the sentences of a document.

The CRF tags each sentence alone, so a name it found in one sentence may be missed or typed otherwise in
the next ("فرويد" a person 12 times, O 5 times in one ANERcorp article). After the document is decoded:

1. every name the model tagged votes for its type (the words as written, "فرويد" → PERS);
2. the last word of a person's name of two words or more is that person too ("سيغموند فرويد" → "فرويد"),
   unless the name itself was voted on;
3. each other occurrence of a name that won a clear majority, with or without a proclitic ("وفرويد"), is
   tagged with that type when the model left all its words O, and retyped when the model tagged exactly
   those words as another type.

One word that a lexicon lists as a function word, title, nationality… is never propagated ("الرئيس"), nor a
word of fewer than 3 letters. Linear in the document: the candidate starts are found by one set test per
token. `marsad ner cv --doc-size` measures it on ANERcorp, whose file has no document marks (blocks of
consecutive sentences stand for articles); `recognize()` applies it to each article (marsad.ner.recognizer).
"""

from __future__ import annotations

from itertools import compress
from operator import attrgetter

from .features import TokenView
from .lexicon import Lexicons

# Lexicons whose single words are too common to be propagated as a name of one word (as in recognizer).
_COMMON = frozenset(("stop", "func", "title", "nat", "portfolio", "particle"))
_norm = attrgetter("norm")
# Proclitics a name may be written with (marsad.text.normalize's conjunctions and prepositions).
_CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")


def spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of the IOB spans (a stray I- opens one, as conlleval reads it)."""
    out: list[tuple[int, int, str]] = []
    kind = ""
    start = 0
    last = -2
    for i in compress(range(len(tags)), map("O".__ne__, tags)):  # an "O" only ever ends a span (C scan)
        prefix, _, typ = tags[i].partition("-")
        if kind and (i != last + 1 or prefix != "I" or typ != kind):
            out.append((start, last + 1, kind))
            kind = ""
        if prefix == "B" or (prefix == "I" and not kind):
            start, kind = i, typ
        last = i
    if kind:
        out.append((start, last + 1, kind))
    return out


def harmonise(sentences: list[list[TokenView]], tags: list[list[str]], lex: Lexicons,
              ) -> list[list[str]]:
    """The tags of a document's sentences (token views, tags per sentence) with one type per name."""
    found = [spans(t) if t.count("O") != len(t) else [] for t in tags]  # (most sentences: none, counted in C)
    if not any(found):
        return tags
    votes: dict[tuple[str, ...], dict[str, int]] = {}
    tails: dict[tuple[str, ...], str] = {}
    particles = lex.words.get("particle", ())
    for views, sentence_spans in zip(sentences, found, strict=True):
        for start, end, typ in sentence_spans:
            key = tuple([v.norm for v in views[start:end]])
            counts = votes.setdefault(key, {})
            counts[typ] = counts.get(typ, 0) + 1
            if typ == "PERS" and end - start >= 2 and key[-1] not in particles:
                tails.setdefault(key[-1:], typ)
    classes = lex.class_map()
    decided: dict[tuple[str, ...], str] = {}
    mixed = False  # a name the model gave two types: its spans may be retyped
    for key, counts in votes.items():
        if len(counts) == 1:
            decided[key] = next(iter(counts))
            continue
        mixed = True
        (best, top), (_, second) = sorted(counts.items(), key=lambda kv: -kv[1])[:2]
        if top > second:
            decided[key] = best
    for key, typ in tails.items():
        decided.setdefault(key, typ)
    decided = {k: t for k, t in decided.items()
               if len("".join(k)) >= 3 and not (len(k) == 1 and not _COMMON.isdisjoint(classes.get(k[0], ())))}
    if not decided:
        return tags
    lengths_by_first: dict[str, list[int]] = {}
    for k in decided:
        lengths_by_first.setdefault(k[0], []).append(len(k))
    for lengths in lengths_by_first.values():
        lengths.sort(reverse=True)
    # The words as they may be written, proclitics included ("فيدان", "وفيدان", "للرياض"): a token can start
    # a name only if its own form is one of them (one set test per token, in C); its clitic-less forms
    # (TokenView.bare_forms) then say which name.
    written = {c + f for f in lengths_by_first for c in _CLITICS}
    written.update(c + f[2:] for f in lengths_by_first if f.startswith("ال") for c in ("لل", "ولل", "فلل"))
    out = []
    for views, sentence_tags, sentence_spans in zip(sentences, tags, found, strict=True):
        starts = list(compress(range(len(views)), map(written.__contains__, map(_norm, views))))
        if not starts:
            out.append(sentence_tags)
            continue
        new = list(sentence_tags)
        exact = {s: (e, t) for s, e, t in sentence_spans}
        n = len(views)
        after = 0
        for i in starts:
            if i < after:
                continue
            if new[i] != "O":  # (most starts: a name the model tagged here too) only a whole span is retyped
                span = exact.get(i)
                if span is not None:
                    e, typ = span
                    voted = decided.get(tuple([v.norm for v in views[i:e]])) if mixed else None
                    if voted is not None and voted != typ:
                        new[i:e] = [f"B-{voted}"] + [f"I-{voted}"] * (e - i - 1)
                    after = e
                continue
            for first in [f for f in views[i].bare_forms if f in lengths_by_first]:
                hit = 0
                for length in lengths_by_first[first]:
                    if i + length > n or new[i + length - 1] != "O":
                        continue
                    typ = decided.get((first, *[v.norm for v in views[i + 1:i + length]]))
                    if typ is not None and new[i:i + length].count("O") == length:
                        new[i:i + length] = [f"B-{typ}"] + [f"I-{typ}"] * (length - 1)
                        hit = i + length
                        break
                if hit:
                    after = hit
                    break
        out.append(new)
    return out


