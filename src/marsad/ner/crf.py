"""Training, loading and scoring the CRF model (python-crfsuite).

The committed model is trained on every sentence of the ANERcorp training split, plus 2,000 sentences of
unlabelled news a first model tagged with a marginal >= 0.9 at every token (marsad.ner.selftrain); `marsad
ner cv` estimates it (5-fold CV, articles read with one type per name: bench/README.md, Sessions 10 and 11).
`--dev-fraction 0.1` holds the last 10 % out as a dev split. Training is
deterministic (L-BFGS from zero weights on
a fixed order); `seed` fixes the one random step, the order the training sentences are fed in.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ModelError
from .conll import Score, Sentence, merge_back, resplit, score
from .features import TokenView, sentence_features, views_of
from .lexicon import Lexicons, data_dir, load_lexicons
from .scorer import CrfScorer

if TYPE_CHECKING:
    import pycrfsuite  # imported where CRFsuite itself is used: training, the reference tagger (~14 ms)

MODEL_FILE = "ner-crf.crfsuite"
DEV_FRACTION = 0.10


@dataclass(frozen=True)
class TrainParams:
    """Tuned on the dev split (bench/README.md, NER section): c1 = 0.1 scored as well as 0.05 (69.2 vs
    69.1 micro F1) with a smaller file (2.3 vs 2.9 MB); c2 = 0.05 did not help; 300 iterations gave +1
    over 100."""

    c1: float = 0.1
    c2: float = 0.01
    minfreq: int = 1
    # 100 since session 8 (gazetteers, word2vec clusters): 300 gave +0.5 dev F1 before them for 3x the
    # training time, which 5-fold cross-validation on a shared 2-core machine could not afford.
    max_iterations: int = 100
    seed: int = 13

    def crfsuite(self) -> dict[str, object]:
        return {
            "c1": self.c1,
            "c2": self.c2,
            "feature.minfreq": self.minfreq,
            "max_iterations": self.max_iterations,
            "feature.possible_transitions": True,
        }


def default_model_path() -> Path:
    return data_dir() / MODEL_FILE


def split_dev(sentences: list[Sentence], fraction: float = DEV_FRACTION) -> tuple[list[Sentence], list[Sentence]]:
    """(train, dev): the dev split is the last `fraction` of the sentences, in file order."""
    cut = len(sentences) - int(round(len(sentences) * fraction))
    return sentences[:cut], sentences[cut:]


SOURCE_PREFIX = "x:"  # the copies of the features of out-of-domain sentences (see `train`)


def train(sentences: list[Sentence], out: Path, params: TrainParams = TrainParams(),
          lex: Lexicons | None = None, source: list[Sentence] | None = None) -> dict[str, object]:
    """Train on `sentences` and write the model to `out`; returns a summary (counts, seconds, size).

    `source`: out-of-domain sentences (Wikipedia corpora with their own conventions: "صحيفة هآرتس" and
    "قطاع غزة" whole, clubs named after their city tagged as places). Each of their features is given twice,
    as itself and as a copy only these sentences have ("x:w=…"), Daumé's "frustratingly easy" domain
    adaptation: what the corpora share goes to the common weights, what is theirs alone to the copies, which
    the tagger never looks up (no token at run time has an "x:" feature)."""
    lex = lex or load_lexicons()
    items = [(s, False) for s in sentences] + [(s, True) for s in source or []]
    order = list(range(len(items)))
    random.Random(params.seed).shuffle(order)
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    n_tokens = 0
    for index in order:
        sentence, from_source = items[index]
        texts, tags, _ = resplit(sentence)
        features = sentence_features(texts, lex)
        if from_source:
            features = [f + [SOURCE_PREFIX + x for x in f] for f in features]
        trainer.append(features, tags)
        n_tokens += len(texts)
    trainer.select("lbfgs")
    trainer.set_params(params.crfsuite())
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    trainer.train(str(out))
    seconds = time.perf_counter() - started
    return {
        "sentences": len(items), "tokens": n_tokens, "seconds": round(seconds, 1),
        "bytes": out.stat().st_size, "params": params.__dict__,
    }


class CrfTagger:
    """A loaded model: tags sequences of token texts (segment-stage tokens)."""

    def __init__(self, path: Path, lex: Lexicons | None = None) -> None:
        if not path.exists():
            raise ModelError("NER model file not found (train it with `marsad ner train`)", source=str(path))
        self.path = path
        self.lex = lex or load_lexicons()
        self.scorer = CrfScorer(path)
        self.labels = list(self.scorer.labels)
        self._crfsuite: pycrfsuite.Tagger | None = None

    def tag(self, texts: list[str]) -> list[str]:
        return self.tag_with_confidence(texts)[0]

    def tag_with_confidence(self, texts: list[str]) -> tuple[list[str], list[float]]:
        """Tags and, per token, the probability mass the model puts on entity (non-O) labels."""
        return self.tag_sentences([views_of(texts, self.lex)])[0]

    def tag_sentences(self, sentences: list[list[TokenView]], wanted: list[bool] | None = None,
                      ) -> list[tuple[list[str], list[float]]]:
        """`tag_with_confidence` for several sentences of token views at once (one document); with
        `wanted`, only the sentences it says True for get their probabilities (the others an empty list)."""
        return self.scorer.tag_document(sentences, self.lex, wanted)

    def crfsuite_tag_with_confidence(self, texts: list[str]) -> tuple[list[str], list[float]]:
        """The same through CRFsuite's own tagger (slower): the reference `tag_with_confidence` matches."""
        if not texts:
            return [], []
        if self._crfsuite is None:
            import pycrfsuite

            self._crfsuite = pycrfsuite.Tagger()
            try:
                self._crfsuite.open(str(self.path))
            except (OSError, ValueError) as err:
                raise ModelError(f"cannot open NER model ({err})", source=str(self.path)) from None
        self._crfsuite.set(sentence_features(texts, self.lex))
        tags = list(self._crfsuite.tag())
        has_o = "O" in self.labels
        entity_prob = [1.0 - (self._crfsuite.marginal("O", i) if has_o else 0.0) for i in range(len(texts))]
        return tags, entity_prob


@lru_cache(maxsize=2)
def load_tagger(path: str | None = None) -> CrfTagger:
    """The tagger for `path` (default: the packaged model, with the packaged neural model's scores mixed in
    when its manifest says so: marsad.ner.neural.attach_packaged), loaded once per process."""
    tagger = CrfTagger(Path(path) if path else default_model_path())
    if path is None:
        from .neural import attach_packaged

        attach_packaged(tagger)
    return tagger


@dataclass
class Evaluation:
    scores: dict[str, Score]
    tokens: int
    seconds: float
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "scores": {
                k: {"precision": round(s.precision * 100, 2), "recall": round(s.recall * 100, 2),
                    "f1": round(s.f1 * 100, 2), "gold": s.tp + s.fn, "predicted": s.tp + s.fp}
                for k, s in self.scores.items()
            },
            "tokens": self.tokens, "seconds": round(self.seconds, 3),
            "tokens_per_second": round(self.tokens_per_second), **self.extra,
        }


def evaluate(tagger: CrfTagger, sentences: list[Sentence], doc_size: int = 0) -> Evaluation:
    """Entity-level scores on the file's own (whitespace) tokens, and tagging speed (features included).
    `doc_size`: read blocks of that many consecutive sentences as one document, whose tags are made
    consistent (marsad.ner.consistency: one type per name), as `recognize()` does with an article; 0 tags
    each sentence alone."""
    gold: list[list[str]] = [[tag for _, tag in sentence] for sentence in sentences]
    predicted: list[list[str]] = []
    started = time.perf_counter()
    if doc_size <= 0:
        for sentence in sentences:
            texts, _, origin = resplit(sentence)
            predicted.append(merge_back(tagger.tag(texts), origin, len(sentence)))
    else:
        from .consistency import harmonise

        for at in range(0, len(sentences), doc_size):
            block = [resplit(s) for s in sentences[at:at + doc_size]]
            views = [views_of(texts, tagger.lex) for texts, _, _ in block]
            tags = [t for t, _ in tagger.tag_sentences(views, [False] * len(views))]
            tags = harmonise(views, tags, tagger.lex)
            predicted += [merge_back(t, origin, len(s)) for t, (_, _, origin), s in
                          zip(tags, block, sentences[at:at + doc_size], strict=True)]
    seconds = time.perf_counter() - started
    return Evaluation(score(gold, predicted), sum(len(s) for s in sentences), seconds)


def write_manifest(model: Path, summary: dict[str, object]) -> Path:
    """A small JSON beside the model saying how it was trained (for `marsad ner train` reproducibility)."""
    path = model.with_suffix(".json")
    path.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
