"""`marsad ner train | eval | tag` end to end (training only on a small slice, a few iterations)."""

from __future__ import annotations

import json

import pytest
from testdata import shared_path

from marsad.cli import main


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOLD = (
    "استقبل O\nالرئيس O\nالفرنسي O\nإيمانويل B-PERS\nماكرون I-PERS\nفي O\nباريس B-LOC\n. O\n\n"
    "ووصل O\nوفد O\nمن O\nحزب B-ORG\nالاتحاد I-ORG\nالديمقراطي I-ORG\nإلى O\nموسكو B-LOC\nأمس O\n. O\n"
)


def test_eval_prints_per_type_scores_and_speed(tmp_path, capsys):
    path = write(tmp_path, "gold.conll", GOLD)
    assert main(["ner", "eval", str(path)]) == 0
    out = capsys.readouterr().out
    assert "micro" in out and "tokens/s" in out
    assert main(["ner", "eval", str(path), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["tokens"] == 18
    assert report["scores"]["ALL"]["gold"] == 4
    assert report["scores"]["LOC"]["recall"] == 100.0  # باريس and موسكو are easy


def test_eval_also_scores_blocks_of_sentences_as_documents(tmp_path, capsys):
    # the model as marsad runs it on an article (one type per name), beside each sentence alone; 0 turns it off
    path = write(tmp_path, "gold.conll", GOLD)
    assert main(["ner", "eval", str(path), "--doc-size", "2", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"]["doc_size"] == 2
    assert report["documents"]["tokens"] == report["tokens"] == 18
    assert report["documents"]["scores"]["ALL"]["gold"] == 4
    assert main(["ner", "eval", str(path), "--doc-size", "0", "--format", "json"]) == 0
    assert "documents" not in json.loads(capsys.readouterr().out)
    assert main(["ner", "eval", str(path)]) == 0
    assert "blocks of 10 consecutive sentences as documents" in capsys.readouterr().out


def test_eval_names_the_bad_line(tmp_path, capsys):
    path = write(tmp_path, "bad.conll", "قال O\nلافتا\n")
    assert main(["ner", "eval", str(path)]) == 2
    err = capsys.readouterr().err
    assert "line 2" in err and "Traceback" not in err


def test_eval_missing_file_and_model(tmp_path, capsys):
    assert main(["ner", "eval", str(tmp_path / "absent.conll")]) == 2
    assert "no such file" in capsys.readouterr().err
    path = write(tmp_path, "gold.conll", GOLD)
    assert main(["ner", "eval", str(path), "--model", str(tmp_path / "none.crfsuite")]) != 0
    assert "model" in capsys.readouterr().err


def test_tag_prints_mentions(tmp_path, capsys):
    path = write(tmp_path, "news.txt", "التقى وزير الخارجية المصري سامح شكري نظيره الأردني في عمّان.")
    assert main(["ner", "tag", str(path)]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert ["PER", "سامح شكري"] in [[r[2], r[4]] for r in rows]


@pytest.mark.shared
def test_train_on_a_slice_end_to_end(tmp_path, capsys):
    data = shared_path("ner/anercorp-camel-train.conll")
    out = tmp_path / "tiny.crfsuite"
    code = main(["ner", "train", "--data", str(data), "--out", str(out), "--limit", "300",
                 "--max-iterations", "5", "--seed", "1", "--dev-fraction", "0.1", "--self-train", "0"])
    assert code == 0
    assert out.stat().st_size > 0
    manifest = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert manifest["data"]["train_sentences"] == 270 and manifest["data"]["dev_sentences"] == 30
    assert "ALL" in manifest["dev"]
    printed = capsys.readouterr().out
    assert "dev F1" in printed
    gold = write(tmp_path, "gold.conll", GOLD)
    assert main(["ner", "eval", str(gold), "--model", str(out)]) == 0


@pytest.mark.shared
def test_train_learns_from_every_sentence_by_default_and_self_trains(tmp_path, capsys):
    """The packaged model learns from the whole file (CV estimates it); --self-train adds confident corpus
    sentences, recorded in the manifest."""
    data = shared_path("ner/anercorp-camel-train.conll")
    corpus = shared_path("corpus/saudinewsnet-2015.jsonl.gz")
    out = tmp_path / "all.crfsuite"
    assert main(["ner", "train", "--data", str(data), "--out", str(out), "--limit", "200", "--max-iterations", "10",
                 "--self-train", "5", "--self-threshold", "0.5", "--corpus", str(corpus), "--extra", ""]) == 0
    manifest = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert manifest["data"]["train_sentences"] == 200 and manifest["data"]["dev_sentences"] == 0
    assert "dev" not in manifest and "ALL" in manifest["fit"]
    assert manifest["self_training"]["kept"] == 5 and manifest["sentences"] == 205
    assert manifest["self_training"]["corpus"]["file"] == corpus.name
    printed = capsys.readouterr().out
    assert "self-training: 5 of" in printed and "fit check" in printed


def test_train_rejects_bad_arguments(tmp_path, capsys):
    data = write(tmp_path, "d.conll", GOLD)
    assert main(["ner", "train", "--data", str(data), "--out", str(tmp_path / "m"), "--limit", "1"]) == 2
    assert "--limit" in capsys.readouterr().err
    assert main(["ner", "train", "--data", str(tmp_path / "nope.conll"), "--out", str(tmp_path / "m")]) == 2


@pytest.mark.shared
def test_training_is_reproducible(tmp_path):
    data = shared_path("ner/anercorp-camel-train.conll")
    models = []
    for name in ("a", "b"):
        out = tmp_path / f"{name}.crfsuite"
        assert main(["ner", "train", "--data", str(data), "--out", str(out), "--limit", "100",
                     "--max-iterations", "3", "--seed", "7", "--dev-fraction", "0", "--self-train", "0"]) == 0
        models.append(out.read_bytes())
    assert models[0] == models[1]


def test_ner_without_subcommand_prints_help(capsys):
    assert main(["ner"]) == 2
    assert "train" in capsys.readouterr().out


@pytest.mark.shared
def test_train_with_an_extra_corpus_records_it_and_keeps_its_copies_apart(tmp_path):
    from marsad.ner.crf import SOURCE_PREFIX
    from marsad.ner.scorer import read_model

    data = shared_path("ner/anercorp-camel-train.conll")
    out = tmp_path / "mixed.crfsuite"
    assert main(["ner", "train", "--data", str(data), "--out", str(out), "--limit", "60", "--extra", "aqmar",
                 "--extra-only", "", "--mix", "adapt", "--max-iterations", "3", "--c1", "0", "--self-train", "0"]) == 0
    manifest = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert manifest["data"]["extra"]["aqmar"]["sentences"] == 60 and manifest["data"]["mix"] == "adapt"
    _, attrs, _, _ = read_model(out)
    # the extra corpus's own copies are in the model; the shared features too
    assert any(a.startswith(SOURCE_PREFIX + "w=") for a in attrs) and "bias" in attrs


def test_train_defaults_are_the_packaged_models_recipe():
    """`marsad ner train` with its defaults rebuilds the packaged model: what its manifest records (the
    extra corpora and their filter, the mix, self-training's size and threshold, the training parameters)
    is what the defaults say."""
    import argparse

    from marsad.ner.commands import add_commands
    from marsad.ner.crf import default_model_path

    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["ner", "train"])
    manifest = json.loads(default_model_path().with_suffix(".json").read_text(encoding="utf-8"))
    assert manifest["params"] == {"c1": args.c1, "c2": args.c2, "minfreq": args.minfreq,
                                  "max_iterations": args.max_iterations, "seed": args.seed}
    extra = manifest["data"]["extra"]
    assert sorted(k for k in extra if k != "only") == sorted(n for n in args.extra.split(",") if n)
    assert extra.get("only", {}).get("types", "") == args.extra_only
    assert manifest["data"]["mix"] == (args.mix if extra else "none")
    assert manifest["self_training"]["kept"] == args.self_train
    assert manifest["self_training"]["threshold"] == args.self_threshold
    assert manifest["data"]["dev_sentences"] == 0 and manifest["data"]["aner_repeat"] == args.aner_repeat
