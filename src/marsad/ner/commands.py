"""`marsad ner train | eval | tag`: train the CRF model, score it on a CoNLL file, tag a text."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from ..errors import InputError
from ..model import Document
from .conll import Score, Sentence, read_conll
from .crf import (
    DEV_FRACTION,
    TrainParams,
    default_model_path,
    evaluate,
    split_dev,
    train,
    write_manifest,
)
from .lexicon import data_dir
from .recognizer import evaluate_recognize

TRAIN_DATA = "ner/anercorp-camel-train.conll"
CORPUS = "corpus/saudinewsnet-2015.jsonl.gz"
# Extra annotated corpora (marsad.ner.corpora), by name: file under ../shared/.
EXTRA_DATA = {"wikifane": "ner/wikifane-gold-2014.conll.gz", "aqmar": "ner/aqmar.conll.gz"}
# None by default: mixed in (plain union) they cost 5 dev F1 (bench/README.md, Session 8); their entity words
# reach the model as gazetteers instead (marsad.ner.gazetteer).
DEFAULT_EXTRA = ""
# Consecutive sentences of the ANERcorp file scored as one document by `ner cv` (the file marks no
# articles; a political article has ~10 (median 10.5 in the dev set, 8 in SaudiNewsNet)): bench/README.md, Session 11.
DOC_SIZE = 10


def shared_path(relative: str) -> Path:
    """../shared/… beside the working directory or beside the repository, whichever exists."""
    candidates = [Path.cwd().parent / "shared" / relative, Path(__file__).resolve().parents[4] / "shared" / relative]
    return next((p for p in candidates if p.exists()), candidates[0])


def default_train_data() -> Path:
    return shared_path(TRAIN_DATA)


def extra_sentences(names: str, misc: str = "wikifane", limit: int | None = None,
                    ) -> tuple[list[Sentence], dict[str, object]]:
    """The extra corpora named (comma-separated, "" for none), mapped to ANERcorp's types, and a summary
    (file, sha256, sentences) for the model's manifest. `misc`: the corpora whose MISC-like classes become
    MISC (the others' become O)."""
    from .corpora import read_aqmar, read_wikifane

    out: list[Sentence] = []
    summary: dict[str, object] = {}
    with_misc = {m for m in misc.split(",") if m}
    for name in [n for n in names.split(",") if n]:
        if name not in EXTRA_DATA:
            raise InputError(f"unknown corpus {name!r} (known: {', '.join(EXTRA_DATA)})", source="--extra")
        path = shared_path(EXTRA_DATA[name])
        reader = read_wikifane if name == "wikifane" else read_aqmar
        sentences = reader(path, misc=name in with_misc)[:limit]
        out += sentences
        summary[name] = {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                         "sentences": len(sentences), "misc": name in with_misc}
    return out, summary


def only_types(sentences: list[Sentence], types: set[str]) -> list[Sentence]:
    """The sentences holding at least one entity, all of whose entities are of `types` (the others would teach
    the tagger that their names are O)."""
    out = []
    for sentence in sentences:
        found = {tag[2:] for _, tag in sentence if tag != "O"}
        if found and found <= types:
            out.append(sentence)
    return out


def add_commands(sub: argparse._SubParsersAction) -> None:
    ner = sub.add_parser("ner", help="named-entity recognition: train, evaluate, tag")
    ner_sub = ner.add_subparsers(dest="ner_command", metavar="SUBCOMMAND")
    ner.set_defaults(handler=lambda args: _help(ner))

    defaults = TrainParams()
    t = ner_sub.add_parser("train", help="train the CRF model (every sentence, plus self-trained corpus sentences)")
    t.add_argument("--data", type=Path, default=None, help="CoNLL training file (default: ../shared/" + TRAIN_DATA + ")")
    t.add_argument("--out", type=Path, default=None, help="model file to write (default: the packaged model)")
    t.add_argument("--seed", type=int, default=defaults.seed)
    t.add_argument("--c1", type=float, default=defaults.c1, help="L1 penalty (prunes features)")
    t.add_argument("--c2", type=float, default=defaults.c2, help="L2 penalty")
    t.add_argument("--minfreq", type=int, default=defaults.minfreq, help="drop features seen fewer times")
    t.add_argument("--max-iterations", type=int, default=defaults.max_iterations)
    t.add_argument("--limit", type=int, default=None,
                   help="use only the first N sentences of each corpus (smoke tests)")
    t.add_argument("--dev-fraction", type=float, default=None,
                   help="last share of sentences held out and scored (default: none for the CRF, whose packaged "
                        "model learns from every sentence and is estimated by `marsad ner cv`; 0.1 with --neural)")
    t.add_argument("--neural", action="store_true",
                   help="train the neural tagger (needs torch: the `train` extra) instead of the CRF")
    t.add_argument("--mix-weight", type=float, default=None, metavar="WEIGHT",
                   help="with --neural: mix the model into the packaged CRF at run time with this weight "
                        "(written to its manifest; default: not mixed, see bench/README.md)")
    _add_neural_options(t)
    _add_data_options(t)
    _add_self_options(t)
    t.set_defaults(handler=run_train)

    v = ner_sub.add_parser("cv", help="k-fold cross-validation on the ANERcorp file (extra corpora in every fold)")
    v.add_argument("--data", type=Path, default=None)
    v.add_argument("--folds", type=int, default=5)
    v.add_argument("--only", type=int, nargs="*", default=None, help="run only these folds (0-based)")
    v.add_argument("--seed", type=int, default=defaults.seed)
    v.add_argument("--c1", type=float, default=defaults.c1)
    v.add_argument("--c2", type=float, default=defaults.c2)
    v.add_argument("--minfreq", type=int, default=defaults.minfreq)
    v.add_argument("--max-iterations", type=int, default=defaults.max_iterations)
    v.add_argument("--work", type=Path, default=Path("/tmp"), help="directory for the fold models")
    v.add_argument("--neural", action="store_true",
                   help="also train the neural tagger per fold (needs torch) and score it alone and mixed with the CRF")
    v.add_argument("--weights", type=float, nargs="*", default=[0.5, 1.0],
                   help="with --neural: the neural model's weights in the CRF mix to score")
    v.add_argument("--reuse-crf", action="store_true", help="use the fold CRF models already in --work")
    v.add_argument("--doc-size", type=int, nargs="*", default=[DOC_SIZE], metavar="N",
                   help="score blocks of N consecutive sentences as documents, one type per name in each "
                        f"(marsad.ner.consistency; 0: each sentence alone; several: each scored; default {DOC_SIZE})")
    v.add_argument("--self-base", type=Path, default=None, metavar="DIR",
                   help="with --self-train: tag the corpus with the fold models of an earlier `ner cv` run in DIR "
                        "(ner-cv-K.crfsuite) instead of training them again")
    _add_neural_options(v)
    _add_data_options(v)
    _add_self_options(v)
    v.set_defaults(handler=run_cv)

    e = ner_sub.add_parser("eval", help="entity-level precision/recall/F1 (conlleval) and tokens/second")
    e.add_argument("path", type=Path, help="CoNLL file: 'TOKEN TAG' per line, blank line between sentences")
    e.add_argument("--model", type=Path, default=None, help="model file (default: the packaged model)")
    e.add_argument("--dev", action="store_true", help="score only the dev split (last 10%% of sentences)")
    e.add_argument("--rules", action="store_true",
                   help="score recognize() (model + rules, one sentence per document) instead of the model alone")
    e.add_argument("--doc-size", type=int, default=DOC_SIZE, metavar="N",
                   help="also score blocks of N consecutive sentences as documents, one type per name in each, as "
                        f"marsad tags an article (the CoNLL file marks no articles; default {DOC_SIZE}; 0: only "
                        "each sentence alone)")
    e.add_argument("--format", choices=("text", "json"), default="text")
    e.set_defaults(handler=run_eval)

    c = ner_sub.add_parser("clusters", help="build the word clusters (a CRF feature) from a JSONL news corpus")
    c.add_argument("corpus", type=Path, help="JSONL(.gz) file with title/content fields (e.g. ../shared/" + CORPUS + ")")
    c.add_argument("--out", type=Path, default=None, help="table to write (default: the packaged clusters.tsv)")
    c.add_argument("--limit", type=int, default=None, help="read only the first N lines")
    c.add_argument("--pmi", action="store_true", help="the older PMI/SVD clusters (one granularity, 6,000 lines)")
    c.set_defaults(handler=run_clusters)

    w = ner_sub.add_parser("vectors", help="train the subword word vectors (the neural tagger's input) on a JSONL corpus")
    w.add_argument("corpus", type=Path, help="JSONL(.gz) file with title/content fields (e.g. ../shared/" + CORPUS + ")")
    w.add_argument("--out", type=Path, default=None, help="table to write (default: the packaged subword-vectors.npz)")
    w.add_argument("--limit", type=int, default=None, help="read only the first N lines")
    w.add_argument("--dims", type=int, default=64)
    w.add_argument("--vocabulary", type=int, default=50_000, help="words with a vector of their own")
    w.add_argument("--buckets", type=int, default=50_000, help="character n-gram buckets")
    w.add_argument("--epochs", type=int, default=3)
    w.set_defaults(handler=run_vectors)

    z = ner_sub.add_parser("gazetteers", help="build the gazetteer word lists (a CRF feature) from public name lists")
    z.add_argument("--out", type=Path, default=None, help="directory to write (default: the packaged data/ner)")
    z.add_argument("--min-count", type=int, default=3, help="keep a name seen at least N times in its role")
    z.add_argument("--extra", default=",".join(EXTRA_DATA), help="annotated corpora whose entity words become lists")
    z.set_defaults(handler=run_gazetteers)

    g = ner_sub.add_parser("tag", help="print the mentions found in a text file ('-' for stdin)")
    g.add_argument("path", help="UTF-8 text file, or '-'")
    g.add_argument("--model", type=Path, default=None)
    g.set_defaults(handler=run_tag)


def _add_neural_options(p: argparse.ArgumentParser) -> None:
    from .neural import VECTOR_FILE

    p.add_argument("--vectors", type=Path, default=None,
                   help=f"subword vectors (default: the packaged {VECTOR_FILE}; `marsad ner vectors` builds them)")
    p.add_argument("--epochs", type=int, default=None, help="neural tagger: passes over the training data")
    p.add_argument("--hidden", type=int, default=None, help="neural tagger: LSTM units per direction")


def _neural_params(args: argparse.Namespace) -> object:
    from dataclasses import replace

    from .neural_train import NeuralParams

    p = NeuralParams(seed=args.seed)
    if args.epochs:
        p = replace(p, epochs=args.epochs)
    if args.hidden:
        p = replace(p, hidden=args.hidden)
    return p


def _vectors(args: argparse.Namespace) -> Path:
    from .neural import VECTOR_FILE

    path: Path = args.vectors or data_dir() / VECTOR_FILE
    if not path.exists():
        raise InputError("no subword vectors (build them with `marsad ner vectors`)", source=str(path))
    return path


def _add_data_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--extra", default=DEFAULT_EXTRA,
                   help=f"extra annotated corpora from ../shared, comma-separated: {', '.join(EXTRA_DATA)} (default: none)")
    p.add_argument("--misc-from", default="wikifane", help="extra corpora whose MISC-like classes are kept as MISC")
    p.add_argument("--extra-only", default="", metavar="TYPES",
                   help="keep only the extra corpora's sentences whose entities are all of these types "
                        "(comma-separated, e.g. PERS: names are annotated alike across corpora; default: all)")
    p.add_argument("--aner-repeat", type=int, default=1, help="feed each ANERcorp sentence this many times")
    p.add_argument("--mix", choices=("adapt", "union"), default="adapt",
                   help="adapt: the extra corpora's features also get copies of their own (domain adaptation); "
                        "union: plain concatenation")


def _add_self_options(p: argparse.ArgumentParser) -> None:
    from .selftrain import SelfTrainParams

    d = SelfTrainParams()
    p.add_argument("--self-train", type=int, default=d.sentences, metavar="N",
                   help="self-training: add N corpus sentences the model tags confidently, then train again "
                        f"(0: none; default {d.sentences}; marsad.ner.selftrain)")
    p.add_argument("--self-threshold", type=float, default=d.threshold,
                   help="least marginal of every token's label for a corpus sentence to be kept")
    p.add_argument("--corpus", type=Path, default=None, help="unlabelled JSONL news (default: ../shared/" + CORPUS + ")")


def _self_params(args: argparse.Namespace) -> object:
    from .selftrain import SelfTrainParams

    return SelfTrainParams(sentences=args.self_train, threshold=args.self_threshold, seed=args.seed)


def _pseudo_labelled(model: Path, args: argparse.Namespace) -> tuple[list[Sentence], dict[str, object]]:
    """The corpus sentences `model` tags confidently (marsad.ner.selftrain), and a summary for the manifest."""
    from .selftrain import corpus_sentences, select

    corpus: Path = args.corpus or shared_path(CORPUS)
    if not corpus.is_file():
        raise InputError("no unlabelled corpus for self-training (--self-train 0 trains without)",
                         source=str(corpus), reason="missing")
    params = _self_params(args)
    kept, summary = select(model, corpus_sentences(corpus, params.seed, params.min_tokens, params.max_tokens),  # type: ignore[attr-defined]
                           params)  # type: ignore[arg-type]
    summary["corpus"] = {"file": corpus.name, "sha256": hashlib.sha256(corpus.read_bytes()).hexdigest()}
    return kept, summary


def _training_set(anercorp: list[Sentence], args: argparse.Namespace,
                  ) -> tuple[list[Sentence], list[Sentence], dict[str, object]]:
    """(in-domain sentences, out-of-domain sentences for `train(source=…)`, summary)."""
    extra, summary = extra_sentences(args.extra, args.misc_from, getattr(args, "limit", None))
    if args.extra_only:
        extra = only_types(extra, set(args.extra_only.split(",")))
        summary["only"] = {"types": args.extra_only, "sentences": len(extra)}
    anercorp = anercorp * max(1, args.aner_repeat)
    if args.mix == "union":
        return anercorp + extra, [], summary
    return anercorp, extra, summary


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def run_train(args: argparse.Namespace) -> int:
    data: Path = args.data or default_train_data()
    sentences = read_conll(data)
    if args.limit is not None:
        if args.limit < 2:
            raise InputError("--limit must be at least 2 sentences", source="--limit")
        sentences = sentences[: args.limit]
    fraction = args.dev_fraction if args.dev_fraction is not None else (DEV_FRACTION if args.neural else 0.0)
    if not 0.0 <= fraction < 1.0:
        raise InputError("--dev-fraction must be in [0, 1)", source="--dev-fraction")
    train_part, dev_part = split_dev(sentences, fraction)
    if args.neural:
        return _run_train_neural(args, data, train_part, dev_part)
    params = TrainParams(args.c1, args.c2, args.minfreq, args.max_iterations, args.seed)
    out: Path = args.out or default_model_path()
    training, source, extra = _training_set(train_part, args)
    self_summary: dict[str, object] | None = None
    if args.self_train:  # a first model tags the corpus; the final one learns from both
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            first = Path(tmp) / "first.crfsuite"
            # (from ANERcorp alone, as in `ner cv`: the extra corpora hold persons only, and would tilt
            # the corpus sentences it keeps towards them)
            first_summary = train(train_part * max(1, args.aner_repeat), first, params)
            pseudo, self_summary = _pseudo_labelled(first, args)
            self_summary["first_seconds"] = first_summary["seconds"]
        print(f"self-training: {self_summary['kept']} of {self_summary['tagged']} corpus sentences kept "
              f"(first model {self_summary['first_seconds']} s, tagging {self_summary['seconds']} s)")
        training = training + pseudo
    summary = train(training, out, params, source=source)
    if self_summary is not None:
        summary["self_training"] = self_summary
        summary["seconds"] = round(float(summary["seconds"]) + float(self_summary["first_seconds"])  # type: ignore[arg-type]
                                   + float(self_summary["seconds"]), 1)  # type: ignore[arg-type]
    summary["data"] = {"file": data.name, "sha256": hashlib.sha256(data.read_bytes()).hexdigest(),
                       "train_sentences": len(train_part), "dev_sentences": len(dev_part),
                       "aner_repeat": args.aner_repeat, "extra": extra, "mix": args.mix if extra else "none"}
    clusters = data_dir() / "clusters.tsv"
    if clusters.exists():  # a feature of the model: the table it was trained with
        summary["clusters"] = {"file": clusters.name, "sha256": hashlib.sha256(clusters.read_bytes()).hexdigest()}
    summary["gazetteers"] = gazetteer_hashes()
    from .crf import CrfTagger

    # Scored on the held-out part when there is one; else on the last tenth of what it learnt from: a check
    # that training went right ("fit"), not an estimate (that is `marsad ner cv`'s).
    name = "dev" if dev_part else "fit"
    evaluation = evaluate(CrfTagger(out), dev_part or split_dev(train_part)[1])
    summary[name] = {k: round(s.f1 * 100, 2) for k, s in evaluation.scores.items()}
    summary[f"{name}_detail"] = evaluation.to_dict()["scores"]
    write_manifest(out, summary)
    print(f"model: {out} ({summary['bytes'] / 1e6:.2f} MB), trained on {len(train_part)} sentences "
          f"({summary['tokens']} tokens) in {summary['seconds']} s")
    label = "dev F1" if dev_part else "F1 on the last 10 % of the training data (seen: a fit check; `marsad ner cv` estimates)"
    print(f"{label}: " + ", ".join(f"{k} {v:.2f}" for k, v in summary[name].items()))  # type: ignore[union-attr]
    return 0


def _run_train_neural(args: argparse.Namespace, data: Path, train_part: list[Sentence], dev_part: list[Sentence],
                      ) -> int:
    """`marsad ner train --neural`: the numpy weights of the neural tagger, its manifest, its dev F1 alone
    and mixed with the packaged CRF."""
    try:
        from .neural_train import train_neural
    except ImportError as err:
        raise InputError(f"training the neural tagger needs torch ({err}); pip install 'marsad[train]'",
                         source="--neural") from None
    from .crf import CrfTagger
    from .neural import MODEL_FILE, Mix, NeuralScorer, load_vectors

    vectors = _vectors(args)
    out: Path = args.out or data_dir() / MODEL_FILE
    summary = train_neural(train_part, out, vectors, _neural_params(args))  # type: ignore[arg-type]
    summary["data"] = {"file": data.name, "sha256": hashlib.sha256(data.read_bytes()).hexdigest(),
                       "train_sentences": len(train_part), "dev_sentences": len(dev_part)}
    summary["vectors"] = {"file": vectors.name, "sha256": hashlib.sha256(vectors.read_bytes()).hexdigest()}
    summary["gazetteers"] = gazetteer_hashes()
    if args.mix_weight is not None:  # what load_tagger() reads to mix it into the CRF (neural.attach_packaged)
        summary["mix"] = {"weight": args.mix_weight, "crf_weight": 1.0}
    if dev_part:
        neural = NeuralScorer(out, load_vectors(str(vectors)))
        tagger = CrfTagger(default_model_path())
        for name, mix in (("dev", Mix(neural, tagger.labels, 1.0, 0.0)),
                          ("dev_mixed", Mix(neural, tagger.labels, args.mix_weight or MIX_WEIGHT, 1.0))):
            tagger.scorer.mix = mix
            evaluation = evaluate(tagger, dev_part)
            summary[name] = {k: round(s.f1 * 100, 2) for k, s in evaluation.scores.items()}
    write_manifest(out, summary)
    print(f"model: {out} ({summary['bytes'] / 1e6:.2f} MB), trained on {len(train_part)} sentences "
          f"({summary['tokens']} tokens) in {summary['seconds']} s")
    for name in ("dev", "dev_mixed"):
        if name in summary:
            print(f"{name} F1: " + ", ".join(f"{k} {v:.2f}" for k, v in summary[name].items()))  # type: ignore[union-attr]
    return 0


# The neural model's weight in the mix with the CRF (the CRF's is 1) the dev split is scored with: the best
# of 0.5/1/2 on CV fold 0 (bench/README.md, "Session 9").
MIX_WEIGHT = 0.5


def gazetteer_hashes() -> dict[str, str]:
    """file -> sha256 of the gazetteer lists the model's features read (marsad.ner.gazetteer)."""
    from .lexicon import GAZETTEER_FILES

    files = [data_dir() / name for name in GAZETTEER_FILES.values()]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.exists()}


def run_cv(args: argparse.Namespace) -> int:
    """Each fold: a contiguous block of the ANERcorp file is held out, the model trained on the rest
    (plus the extra corpora), scored on the block; prints each fold and the micro F1 over all folds."""
    from .crf import CrfTagger

    data: Path = args.data or default_train_data()
    sentences = read_conll(data)
    if args.folds < 2:
        raise InputError("--folds must be at least 2", source="--folds")
    params = TrainParams(args.c1, args.c2, args.minfreq, args.max_iterations, args.seed)
    bounds = [round(len(sentences) * k / args.folds) for k in range(args.folds + 1)]
    totals: dict[str, dict[str, Score]] = {}
    for k in range(args.folds):
        if args.only is not None and k not in args.only:
            continue
        held = sentences[bounds[k]:bounds[k + 1]]
        rest = sentences[:bounds[k]] + sentences[bounds[k + 1]:]
        training, source, _ = _training_set(rest, args)
        out = args.work / f"ner-cv-{k}.crfsuite"
        if args.reuse_crf and out.exists():
            summary: dict[str, object] = {"seconds": "reused"}
        else:
            if args.self_train:  # the fold's own first model tags the corpus: the held block stays unseen
                first = args.self_base / f"ner-cv-{k}.crfsuite" if args.self_base else args.work / f"ner-cv-{k}.first.crfsuite"
                if not args.self_base:  # (from ANERcorp alone, as in `ner train`)
                    train(rest * max(1, args.aner_repeat), first, params)
                elif not first.exists():
                    raise InputError("no fold model to tag the corpus with", source=str(first), reason="missing")
                pseudo, self_summary = _pseudo_labelled(first, args)
                self_summary.pop("corpus", None)
                print(f"fold {k} self-training: {json.dumps(self_summary)}", flush=True)
                training = training + pseudo
            summary = train(training, out, params, source=source)
        tagger = CrfTagger(out)
        runs: list[tuple[str, object, int]] = [
            ("crf" if size == args.doc_size[0] else f"crf-doc{size}", None, size) for size in args.doc_size]
        if args.neural:
            from .neural import Mix, NeuralScorer, load_vectors
            from .neural_train import train_neural

            neural_out = args.work / f"ner-cv-{k}.npz"
            neural_summary = train_neural(rest, neural_out, _vectors(args), _neural_params(args),  # type: ignore[arg-type]
                                          log=True)
            summary["neural_seconds"] = neural_summary["seconds"]
            neural = NeuralScorer(neural_out, load_vectors(str(_vectors(args))))
            runs.append(("neural", Mix(neural, tagger.labels, 1.0, 0.0), args.doc_size[0]))
            runs += [(f"mix{w:g}", Mix(neural, tagger.labels, w, 1.0), args.doc_size[0]) for w in args.weights]
        for run, mix, size in runs:
            tagger.scorer.mix = mix
            evaluation = evaluate(tagger, held, size)
            for name, s in evaluation.scores.items():
                t = totals.setdefault(run, {}).setdefault(name, Score())
                t.tp, t.fp, t.fn = t.tp + s.tp, t.fp + s.fp, t.fn + s.fn
            counts = {n: [s.tp, s.fp, s.fn] for n, s in evaluation.scores.items()}
            print(f"counts {json.dumps({'fold': k, 'run': run, 'counts': counts})}")
            print(f"fold {k} {run}: F1 {evaluation.scores['ALL'].f1 * 100:.2f} "
                  + " ".join(f"{n} {s.f1 * 100:.1f}" for n, s in evaluation.scores.items() if n != "ALL")
                  + f" ({summary})", flush=True)
    for run, total in totals.items():
        print(f"== {run}")
        print(format_scores(total))
    return 0


def run_clusters(args: argparse.Namespace) -> int:
    from .clusters import CLUSTER_FILE, build_clusters, build_vector_clusters, write_cluster_names

    if not args.corpus.is_file():
        raise InputError("no such file", source=str(args.corpus), reason="missing")
    out: Path = args.out or data_dir() / CLUSTER_FILE
    if args.pmi:
        table = {w: str(c) for w, c in build_clusters(args.corpus, args.limit or 6000).items()}
    else:
        table = build_vector_clusters(args.corpus, args.limit)
    write_cluster_names(table, out)
    print(f"{len(table)} words in {len({c for v in table.values() for c in v.split()})} clusters: {out} "
          f"(retrain the model: its features include them)")
    return 0


def run_vectors(args: argparse.Namespace) -> int:
    from .neural import VECTOR_FILE
    from .subword import build_vectors

    if not args.corpus.is_file():
        raise InputError("no such file", source=str(args.corpus), reason="missing")
    out: Path = args.out or data_dir() / VECTOR_FILE
    summary = build_vectors(args.corpus, out, args.limit, args.dims, args.vocabulary, args.buckets, args.epochs)
    print(f"{summary['words']} words, {summary['buckets']} n-gram buckets, {summary['dims']}-d, "
          f"{summary['bytes'] / 1e6:.1f} MB in {summary['seconds']} s: {out} (retrain the neural tagger)")
    return 0


def run_gazetteers(args: argparse.Namespace) -> int:
    from .gazetteer import build_gazetteers

    corpora, _ = extra_sentences(args.extra, misc="")
    counts = build_gazetteers(args.out or data_dir(), args.min_count, corpora)
    print(", ".join(f"{name}: {n} entries" for name, n in counts.items()) + " (retrain the model)")
    return 0


def run_eval(args: argparse.Namespace) -> int:
    from .crf import CrfTagger

    sentences = read_conll(args.path)
    if args.dev:
        sentences = split_dev(sentences)[1]
    tagger = CrfTagger(args.model or default_model_path())
    evaluation = evaluate_recognize(tagger, sentences) if args.rules else evaluate(tagger, sentences)
    # the model as marsad runs it on an article: one type per name across a document (ner/consistency.py)
    in_documents = evaluate(tagger, sentences, args.doc_size) if args.doc_size > 0 and not args.rules else None
    if args.format == "json":
        out = evaluation.to_dict()
        if in_documents is not None:
            out["documents"] = {"doc_size": args.doc_size, **in_documents.to_dict()}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print("each sentence alone" + (" (model and rules)" if args.rules else " (the model)"))
    print(format_scores(evaluation.scores))
    print(f"{evaluation.tokens} tokens in {evaluation.seconds:.2f} s: {evaluation.tokens_per_second:,.0f} tokens/s")
    if in_documents is not None:
        print(f"\nblocks of {args.doc_size} consecutive sentences as documents, one type per name in each "
              "(as marsad tags an article; the file marks no articles)")
        print(format_scores(in_documents.scores))
    return 0


def format_scores(scores: dict[str, Score]) -> str:
    lines = [f"{'type':<6} {'precision':>9} {'recall':>7} {'F1':>6} {'gold':>6} {'found':>6}"]
    for name, s in scores.items():
        label = "micro" if name == "ALL" else name
        lines.append(f"{label:<6} {s.precision * 100:9.2f} {s.recall * 100:7.2f} {s.f1 * 100:6.2f} "
                     f"{s.tp + s.fn:6d} {s.tp + s.fp:6d}")
    return "\n".join(lines)


def run_tag(args: argparse.Namespace) -> int:
    from . import recognize
    from .crf import load_tagger

    if args.path == "-":
        text = sys.stdin.read()
    else:
        p = Path(args.path)
        if not p.is_file():
            raise InputError("no such file", source=args.path, reason="missing")
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise InputError("not UTF-8 text", source=args.path, reason="broken-encoding") from None
    if not text.strip():
        raise InputError("the input is empty", source=args.path, reason="empty")
    tagger = load_tagger(str(args.model) if args.model else None)
    for m in recognize(Document(body=text), tagger):
        print(f"{m.start}\t{m.end}\t{m.type}\t{m.source}\t{m.text}")
    return 0
