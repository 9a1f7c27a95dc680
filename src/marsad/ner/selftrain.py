"""Self-training: sentences of unlabelled news tagged by a trained model, the confident ones added to training.

ANERcorp is 2002–2006 newswire; the text marsad reads (and the held-out test split) is news of other years,
with names the 120k annotated tokens never saw. A model trained on ANERcorp tags sentences of the
SaudiNewsNet file (`../shared/corpus/`); a sentence is kept only when the model is sure of every token (the
marginal probability of the label it chose is at least `threshold` at each position, CRFsuite's
forward-backward) and it holds at least one entity (sentences without any teach nothing the tagger lacks:
its weakness is recall). The kept sentences are added to the annotated ones and the model trained again.

Candidates come from a seeded sample of the corpus's articles, cut into sentences and tokens the way the
segment stage cuts them (the tokens the tagger sees at run time), deduplicated by text (the corpus repeats
articles), kept between `min_tokens` and `max_tokens` tokens. Nothing of the corpus is stored in the
repository: the sentences live only in memory (and in the CV work directory when asked).
"""

from __future__ import annotations

import gzip
import json
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from ..errors import InputError, ModelError
from ..text.segment import iter_tokens, sentence_bounds
from .conll import Sentence
from .features import sentence_features
from .lexicon import Lexicons, load_lexicons


@dataclass(frozen=True)
class SelfTrainParams:
    """How many pseudo-labelled sentences to add and how sure the model must be of them."""

    sentences: int = 2_000  # kept sentences added to training (0: none); bench/README.md, Session 10
    threshold: float = 0.9  # least marginal of the chosen label, at every token (Session 11)
    min_tokens: int = 6
    max_tokens: int = 50
    seed: int = 13  # the order articles are sampled in
    max_candidates: int = 25_000  # sentences tagged at most, whatever was kept (2,000 kept take ~9,500)


def corpus_sentences(path: Path, seed: int = 13, min_tokens: int = 6, max_tokens: int = 50,
                     ) -> Iterator[list[str]]:
    """Token texts of each sentence of the corpus's articles (title excluded: headlines lack the syntax the
    tagger leans on), articles in a seeded random order, each distinct sentence once."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as lines:
            records = [line for line in lines if line.strip()]
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read the corpus ({err})", source=str(path)) from None
    order = list(range(len(records)))
    random.Random(seed).shuffle(order)
    seen: set[str] = set()
    for k in order:
        try:
            text = str(json.loads(records[k]).get("content") or "")
        except json.JSONDecodeError:
            continue
        for paragraph in text.split("\n"):
            if not paragraph.strip():
                continue
            tokens = list(iter_tokens(paragraph))
            for start, end in sentence_bounds(paragraph, tokens=tokens):
                words = [t for s, e, t, _ in tokens if s >= start and e <= end]
                if not min_tokens <= len(words) <= max_tokens:
                    continue
                key = " ".join(words)
                if key in seen:
                    continue
                seen.add(key)
                yield words


def confident_tags(tagger: pycrfsuite.Tagger, features: list[list[str]], threshold: float,
                   ) -> tuple[list[str], float] | None:
    """(tags, least marginal) when the model's best path holds an entity and every token's label has a
    marginal of at least `threshold`; None otherwise."""
    tagger.set(features)
    tags = list(tagger.tag())
    if all(t == "O" for t in tags):
        return None
    least = min(tagger.marginal(t, i) for i, t in enumerate(tags))
    if least < threshold:
        return None
    return tags, least


def select(model: Path, candidates: Iterator[list[str]], params: SelfTrainParams, lex: Lexicons | None = None,
           ) -> tuple[list[Sentence], dict[str, object]]:
    """The first `params.sentences` candidates the model at `model` tags confidently, as (token, tag)
    sentences, and a summary (tagged, kept, seconds, entities by type)."""
    lex = lex or load_lexicons()
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(model))
    except (OSError, ValueError) as err:
        raise ModelError(f"cannot open NER model ({err})", source=str(model)) from None
    kept: list[Sentence] = []
    tagged = 0
    types: dict[str, int] = {}
    started = time.perf_counter()
    for words in candidates:
        if len(kept) >= params.sentences or tagged >= params.max_candidates:
            break
        tagged += 1
        found = confident_tags(tagger, sentence_features(words, lex), params.threshold)
        if found is None:
            continue
        tags, _ = found
        kept.append(list(zip(words, tags, strict=True)))
        for t in tags:
            if t.startswith("B-"):
                types[t[2:]] = types.get(t[2:], 0) + 1
    tagger.close()
    return kept, {"tagged": tagged, "kept": len(kept), "entities": dict(sorted(types.items())),
                  "seconds": round(time.perf_counter() - started, 1), "threshold": params.threshold}
