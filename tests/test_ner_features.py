"""Features and lexicons: normalised look-ups, clitics, multiword phrases, quote context."""

from __future__ import annotations

from marsad.ner.features import sentence_features, shape_of
from marsad.ner.lexicon import load_lexicons


def feats(words: list[str]) -> list[set[str]]:
    return [set(f) for f in sentence_features(words, load_lexicons())]


def test_lexicons_are_normalised_and_derive_feminine_nationalities():
    lex = load_lexicons()
    assert lex.has("first", "احمد")  # listed as أحمد
    assert lex.has("nat", "الروسيه") and lex.has("nat", "روسي")  # from الروسي
    assert ("الامين", "العام") in lex.phrases["title"]


def test_clitic_forms_reach_the_lexicons():
    f = feats(["وسيرغي", "لافروف", "قال"])
    assert "lexc=first" in f[0] and "lex=first" not in f[0]
    assert "cs=سيرغي" in f[0]
    assert "-1:lex=first" in f[1]


def test_multiword_phrases_are_marked_with_a_clitic_on_the_first_word():
    f = feats(["وقال", "للأمين", "العام", "إن"])
    assert "ph=title:B" in f[1] and "ph=title:I" in f[2]


def test_quote_context_and_shapes():
    f = feats(["تنظيم", '"', "داعش", '"', "في", "2015"])
    assert "inq" in f[2] and "inq" not in f[4]
    assert "-1:shape=quote" in f[2]
    assert shape_of("2015") == "num" and shape_of("abc") == "latin" and shape_of("،") == "punct"


def test_gazetteers_are_features_not_known_stems(tmp_path):
    import shutil

    from marsad.ner.lexicon import data_dir

    for f in data_dir().glob("*"):
        if f.suffix in (".txt", ".yaml", ".tsv") and not f.name.startswith("gaz_"):
            shutil.copy(f, tmp_path / f.name)
    (tmp_path / "gaz_given.txt").write_text("# test\nزهران\n", encoding="utf-8")
    (tmp_path / "gaz_family.txt").write_text("القحطاني\n", encoding="utf-8")
    (tmp_path / "gaz_place.txt").write_text("جازان\nوادي الدواسر\n", encoding="utf-8")
    lex = load_lexicons(tmp_path)
    assert lex.has("gzgiven", "زهران") and "زهران" not in lex.known
    f = [set(x) for x in sentence_features(["وزهران", "القحطاني", "في", "وادي", "الدواسر"], lex)]
    assert "lexc=gzgiven" in f[0] and "lex=gzfamily" in f[1] and "-1:lex=gzgiven" in f[1]
    assert "ph=gzplace:B" in f[3] and "ph=gzplace:I" in f[4]
