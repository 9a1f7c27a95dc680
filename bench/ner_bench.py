"""NER benchmark: dev-split scores of the packaged CRF model, tagging speed, model size.

    .venv/bin/python bench/ner_bench.py [--model FILE] [--data FILE]

The dev split is the last 10 % of the sentences of ../shared/ner/anercorp-camel-train.conll. Since session 10
the packaged model learns from the whole file, so its scores here are a fit check, not an estimate (that is
`marsad ner cv`); give --model a model trained with `marsad ner train --dev-fraction 0.1` to score it. Scores are conlleval's (exact span and type), on ANERcorp's own
whitespace tokens. Speed is measured on one core: `model` is features + CRF tagging of the dev split (wall clock, words new to
the per-word caches); `recognize` is the full runtime path (model + rules + propagation) over the same text
as documents, in CPU time, once the caches know the words.
Scores are printed for the model alone (what `marsad ner eval` reports) and through recognize(), whose
rules follow political-news conventions that differ from ANERcorp's in places (see bench/README.md).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from marsad.model import Document
from marsad.ner import recognize
from marsad.ner.commands import default_train_data, format_scores
from marsad.ner.conll import read_conll
from marsad.ner.crf import CrfTagger, default_model_path, evaluate, split_dev
from marsad.ner.recognizer import evaluate_recognize


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=default_model_path())
    parser.add_argument("--data", type=Path, default=default_train_data())
    args = parser.parse_args()
    if not args.data.exists():
        print(f"needs {args.data} (../shared is absent)", file=sys.stderr)
        return 2
    dev = split_dev(read_conll(args.data))[1]
    tagger = CrfTagger(args.model)
    evaluation = evaluate(tagger, dev)
    print(f"model: {args.model.name}, {args.model.stat().st_size / 1e6:.2f} MB")
    print(f"dev split: {len(dev)} sentences, {evaluation.tokens} tokens")
    print(format_scores(evaluation.scores))
    print(f"model tagging: {evaluation.tokens_per_second:,.0f} tokens/s (one core, features included)")

    with_rules = evaluate_recognize(tagger, dev)
    print("model + rules (recognize(), one sentence per document):")
    print(format_scores(with_rules.scores))

    # The runtime path on the same text, 20 sentences per document, in CPU seconds of this process (the
    # machine is shared). The first pass above filled the per-word caches: this is the rate on words seen
    # before, which most words of a news stream are.
    bodies = [" ".join(" ".join(t for t, _ in s) for s in dev[i:i + 20]) for i in range(0, len(dev), 20)]
    started = time.process_time()
    n_tokens = 0
    for body in bodies:
        recognize(Document(body=body), tagger)
        n_tokens += len(body.split())
    seconds = time.process_time() - started
    print(f"recognize(): {n_tokens / seconds:,.0f} tokens/s over {len(bodies)} documents (CPU time, words seen before)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
