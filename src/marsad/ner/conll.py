"""CoNLL files (``token TAG`` per line, blank line between sentences), re-splitting, and scoring.

Scoring follows conlleval: an entity counts when its span and its type match exactly; precision,
recall and F1 per type and micro-averaged over all entities.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..text.segment import iter_tokens

TAG_RE = re.compile(r"^(O|[BI]-[A-Z]+)$")
Sentence = list[tuple[str, str]]


def read_conll(path: str | Path) -> list[Sentence]:
    """Sentences of (token, tag); raises InputError naming the first malformed line."""
    source = str(path)
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", source=source, reason="missing")
    if p.is_dir():
        raise InputError("is a directory; give a .conll file", source=source, reason="directory")
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", source=source, reason="broken-encoding") from None
    except OSError as err:
        raise InputError(f"cannot read ({err.strerror})", source=source, reason="unreadable") from None
    sentences: list[Sentence] = []
    current: Sentence = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            if current:
                sentences.append(current)
                current = []
            continue
        parts = line.split()
        if len(parts) != 2 or not TAG_RE.match(parts[1]):
            raise InputError(
                f"line {number}: expected 'TOKEN TAG' with TAG O, B-TYPE or I-TYPE, got {line[:60]!r}",
                source=source, reason="bad-conll",
            )
        current.append((parts[0], parts[1]))
    if current:
        sentences.append(current)
    if not sentences:
        raise InputError("no sentences in the file", source=source, reason="empty")
    return sentences


def split_token(token: str) -> list[str]:
    """A whitespace token cut as the segment stage cuts text ('(د' -> '(', 'د')."""
    parts = [t for _, _, t, _ in iter_tokens(token)]
    return parts or [token]


def resplit(sentence: Sentence) -> tuple[list[str], list[str], list[int]]:
    """Sub-tokens, their tags and, for each, the index of the whitespace token it came from.

    Inside an entity token, the first word-like piece keeps the token's tag and the rest continue it
    (I-); punctuation at the edges of the token is outside (O).
    """
    texts: list[str] = []
    tags: list[str] = []
    origin: list[int] = []
    for index, (token, tag) in enumerate(sentence):
        pieces = split_token(token)
        wordlike = [k for k, p in enumerate(pieces) if any(c.isalnum() for c in p)]
        first, last = (wordlike[0], wordlike[-1]) if wordlike else (0, len(pieces) - 1)
        for k, piece in enumerate(pieces):
            if tag == "O" or k < first or k > last:
                sub = "O"
            elif k == first:
                sub = tag
            else:
                sub = "I-" + tag[2:]
            texts.append(piece)
            tags.append(sub)
            origin.append(index)
    return texts, tags, origin


def merge_back(sub_tags: list[str], origin: list[int], n_tokens: int) -> list[str]:
    """Tags of the whitespace tokens from tags of their sub-tokens (the first non-O piece decides)."""
    out = ["O"] * n_tokens
    seen: set[int] = set()
    for tag, index in zip(sub_tags, origin, strict=True):
        if index in seen or tag == "O":
            continue
        seen.add(index)
        out[index] = tag
    return out


def entities(tags: list[str]) -> set[tuple[int, int, str]]:
    """(start, end, type) spans of an IOB2 sequence; a stray I- starts an entity (as conlleval does)."""
    spans: set[tuple[int, int, str]] = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, typ = tag.partition("-")
        if kind and (prefix != "I" or typ != kind):
            spans.add((start, i, kind))
            kind = ""
        if prefix == "B" or (prefix == "I" and not kind):
            start, kind = i, typ
    return spans


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: list[list[str]], predicted: list[list[str]]) -> dict[str, Score]:
    """Per-type scores and the micro average under the key 'ALL'."""
    by_type: dict[str, Score] = {}
    total = Score()
    for g_tags, p_tags in zip(gold, predicted, strict=True):
        g, p = entities(g_tags), entities(p_tags)
        for typ in {t for *_, t in g | p}:
            s = by_type.setdefault(typ, Score())
            gt = {e for e in g if e[2] == typ}
            pt = {e for e in p if e[2] == typ}
            s.tp += len(gt & pt)
            s.fp += len(pt - gt)
            s.fn += len(gt - pt)
        total.tp += len(g & p)
        total.fp += len(p - g)
        total.fn += len(g - p)
    by_type = dict(sorted(by_type.items()))
    by_type["ALL"] = total
    return by_type


def label_counts(sentences: list[Sentence]) -> Counter[str]:
    return Counter(tag for s in sentences for _, tag in s)
