"""Extra training corpora (marsad.ner.corpora): WikiFANE/AQMAR classes mapped to ANERcorp's four types,
separated clitics glued back as ANERcorp and the segment stage write words. Team-written lines."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from marsad.ner.commands import EXTRA_DATA, shared_path
from marsad.ner.conll import TAG_RE
from marsad.ner.corpora import aqmar_type, glue_clitics, read_aqmar, read_wikifane, wikifane_type


def test_fine_classes_map_to_the_four_types():
    assert wikifane_type("Politician") == "PERS" and wikifane_type("Religious_PER") == "PERS"
    assert wikifane_type("Sports") == "ORG" and wikifane_type("Media") == "ORG"
    assert wikifane_type("Population-Center") == "LOC" and wikifane_type("Water-Body") == "LOC"
    assert wikifane_type("Projectile") == "MISC" and wikifane_type("Projectile", misc=False) is None
    assert wikifane_type("Group") is None  # nationalities: untagged in ANERcorp
    assert aqmar_type("PER") == "PERS" and aqmar_type("MIS1") is None and aqmar_type("MIS1", misc=True) == "MISC"


def test_clitics_are_glued_to_their_host_and_the_host_keeps_its_tag():
    sentence = [("زار", "O"), ("و", "O"), ("ل", "O"), ("المدينة", "B-LOC"), ("عاصمة", "O"), ("ها", "O"),
                ("ب", "O"), ("سيارة", "O"), ("،", "O"), ("و", "O"), ("خالد", "B-PERS"), ("بن", "I-PERS"),
                ("الوليد", "I-PERS")]
    assert glue_clitics(sentence) == [
        ("زار", "O"), ("وللمدينة", "B-LOC"), ("عاصمتها", "O"), ("بسيارة", "O"), ("،", "O"),
        ("وخالد", "B-PERS"), ("بن", "I-PERS"), ("الوليد", "I-PERS")]


def test_a_lone_conjunction_before_punctuation_stays():
    assert glue_clitics([("قال", "O"), ("و", "O"), (".", "O")]) == [("قال", "O"), ("و", "O"), (".", "O")]


def write_gz(path: Path, text: str) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(text)
    return path


def test_wikifane_reader_maps_tags_and_repairs_broken_ones(tmp_path):
    text = ("التقى B-Politician\nسعد I-Politician\nب O\nسفير O\nفرنسا B-Nation\nفي O\nالعاصمة O\n"
            "باريس B-Population-Center\nو O\nالعرب B-Group\n. O\n\nطائرة O\nبوينغ B-Air\nجديدة I-Nation\n")
    sentences = read_wikifane(write_gz(tmp_path / "w.conll.gz", text))
    assert sentences[0] == [("التقى", "B-PERS"), ("سعد", "I-PERS"), ("بسفير", "O"), ("فرنسا", "B-LOC"),
                            ("في", "O"), ("العاصمة", "O"), ("باريس", "B-LOC"), ("والعرب", "O"), (".", "O")]
    # an I- of another type than the entity before it starts a new entity
    assert sentences[1] == [("طائرة", "O"), ("بوينغ", "B-MISC"), ("جديدة", "B-LOC")]


def test_aqmar_articles_are_cut_into_sentences(tmp_path):
    text = "وصل O\nالفريق B-ORG\nإلى O\nمدريد. B-LOC\nثم O\nغادر. O\nوعاد O\n"
    sentences = read_aqmar(write_gz(tmp_path / "a.conll.gz", text))
    assert [[t for t, _ in s] for s in sentences] == [["وصل", "الفريق", "إلى", "مدريد.", "ثم", "غادر."], ["وعاد"]]


@pytest.mark.parametrize("name", sorted(EXTRA_DATA))
def test_the_shared_corpora_read_as_valid_iob2(name):
    path = shared_path(EXTRA_DATA[name])
    if not path.exists():
        pytest.skip(f"{path} absent (../shared/ is not part of a fresh clone)")
    sentences = (read_wikifane if name == "wikifane" else read_aqmar)(path)
    tags = [tag for s in sentences for _, tag in s]
    assert len(sentences) > 2000 and all(TAG_RE.match(t) for t in tags)
    assert {t[2:] for t in tags if t != "O"} >= {"PERS", "LOC", "ORG"}
    # a clitic stands alone only before punctuation ('و "الكتاب"')
    assert not any(tok in ("و", "ب", "ل") and s[k + 1][0].isalnum() for s in sentences for k, (tok, _) in
                   enumerate(s[:-1]))
