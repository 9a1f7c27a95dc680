"""The knowledge base: loading, validation, variants, look-ups, tenure constraints (team-written text)."""

from __future__ import annotations

import pytest

from marsad.errors import ModelError
from marsad.kb import load_kb
from marsad.kb.romanize import romanize
from marsad.kb.tenure import tenure_constraints


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_seed_size_and_types(kb):
    people = [a for a in kb.actors.values() if a.type == "PER"]
    assert len(people) >= 300
    assert {"PER", "ORG", "LOC"} <= {a.type for a in kb.actors.values()}
    assert kb.countries["RU"].name == "روسيا"


@pytest.mark.parametrize("name", ["سيرغي لافروف", "سيرجي لافروف", "سيرغى لافروف"])
def test_spelling_variants(kb, name):
    assert [a.id for a in kb.lookup(name)] == ["ru.lavrov_sergey"]


def test_compound_name_variants(kb):
    assert kb.lookup("رمزي عز الدين رمزي")[0].id == kb.lookup("رمزي عزالدين رمزي")[0].id


def test_role_at_date(kb):
    held = kb.holders("foreign_minister", country="SA", day="2016-01-10")
    assert [a.id for a, _ in held] == ["sa.jubeir_adel"]
    assert [a.id for a, _ in kb.holders("prime_minister", country="GB", day="2017-03-01")] == ["gb.may_theresa"]


def test_zakharova_press_department_from_2015_08_10(kb):
    role = next(r for r in kb.actors["ru.zakharova_maria"].roles if r.office == "mfa_press_director")
    assert role.start == "2015-08-10" and role.end is None


def test_title_senses(kb):
    sense = kb.title_senses("وزيرة الخارجية الألمانية")[0]
    assert (sense.office, sense.country) == ("foreign_minister", "DE")
    assert kb.title_senses("نائب المبعوث الأممي الخاص إلى اليمن")[0].office == "deputy_un_envoy"


def test_tenure_constraints_from_titles():
    text = ("استقبل وزير الخارجية السعودي عادل الجبير في الرياض رئيس الائتلاف الوطني السوري المعارض "
            "خالد خوجة، وبحثا سبل دعم الحل السياسي.")
    got = {c.actor: (c.start, c.end) for c in tenure_constraints(text)}
    assert got["sa.jubeir_adel"] == ("2015-04-29", "2018-12-27")
    assert got["sy.khoja_khaled"] == ("2015-01-04", "2016-03-05")


def test_former_title_constrains_after_the_end():
    text = "وقال رئيس الوزراء البريطاني السابق ديفيد كاميرون إن المحادثات ستستمر."
    (c,) = [c for c in tenure_constraints(text) if c.actor == "gb.cameron_david"]
    assert c.start == "2016-07-13" and c.end is None


def test_no_constraint_without_a_title():
    assert tenure_constraints("التقى عادل الجبير نظيره في العاصمة.") == []


def test_user_kb_overrides_and_validates(tmp_path):
    (tmp_path / "mine.yaml").write_text(
        "defaults: {type: PER, sector: opposition}\nactors:\n"
        "- {id: sy.test_person, ar: سامر الحلبي, en: Samer al-Halabi, cc: SY, roles: [\"member sy.cairo_group 2016..\"]}\n",
        encoding="utf-8")
    kb = load_kb((str(tmp_path),))
    assert kb.lookup("سامر الحلبي")[0].name_en == "Samer al-Halabi"
    bad = tmp_path.parent / "bad_kb"
    bad.mkdir()
    (bad / "x.yaml").write_text("actors:\n- {id: a.b, type: PERSON, ar: س, en: S}\n", encoding="utf-8")
    with pytest.raises(ModelError, match="x.yaml.*a.b.*unknown type"):
        load_kb((str(bad),))
    (bad / "x.yaml").write_text("actors:\n- {id: a.b, type: PER, ar: س, en: S, roles: [\"president SY 2015-13..\"]}\n",
                                encoding="utf-8")
    with pytest.raises(ModelError, match="not an ISO date"):
        load_kb((str(bad),))


def test_missing_kb_dir_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        load_kb((str(tmp_path / "nope"),))


def test_romanize():
    assert romanize("هيثم مناع") == "Haytham Mana"
    assert romanize("خالد المحيميد").startswith("Khaled al-")


def test_packaged_kb_files_read_alike_by_libyaml():
    """The packaged files are read with libyaml when available: it must give what the pure-Python loader gives."""
    import yaml

    from marsad.kb.base import FAST_YAML_LOADER, _builtin_dir

    for path in sorted(_builtin_dir().glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=FAST_YAML_LOADER) == yaml.safe_load(text), path.name


def _titles_one_by_one(kb):
    """The title index as the loader made it before it was optimised: every template filled and split alone."""
    from marsad.kb.base import TitleSense
    from marsad.kb.names import expand_alternatives, fill, norm_text, placeholders, unique, words

    titles = {}

    def add(normalised, sense):
        key = words(normalised)
        if key:
            titles.setdefault(key, {})[sense] = None

    role_scopes = {r.org for a in kb.actors.values() for r in a.roles if r.org}
    orgs = [a for a in kb.actors.values() if (a.type == "ORG" and not a.generated) or a.id in role_scopes]
    from marsad.kb.base import _SHARED_COUNTRY_NAMES

    def country_names(c):  # the name, the first alias, and a name kingdoms share ("المملكة")
        names = unique(norm_text(n) for n in [c.name, *c.aliases])
        return names[:2] + [n for n in names[2:] if n in _SHARED_COUNTRY_NAMES]

    countries = [(c, country_names(c), [norm_text(a) for a in c.adjectives] or [""]) for c in kb.countries.values()]
    for office in kb.offices.values():
        for template in office.country:
            for text in expand_alternatives(norm_text(template)):
                uses_name = "country" in placeholders(text)
                for country, names, adjectives in countries:
                    sense = TitleSense(office.key, office.en, office.kind, country.iso)
                    for adj in adjectives:
                        for cname in names if uses_name else names[:1]:
                            add(fill(text, {"adj": adj, "adjf": adj + "ه", "country": cname}), sense)
        for template in office.org:
            for text in expand_alternatives(norm_text(template)):
                for org in orgs:
                    sense = TitleSense(office.key, office.en, office.kind, org.country, org.id)
                    for oname in unique(norm_text(n) for n in [org.name, *org.aliases]):
                        add(fill(text, {"org": oname}), sense)
                    short = TitleSense(office.key, office.en, office.kind, org.country, org.id, via_short=True)
                    for oname in org.short:
                        add(fill(text, {"org": norm_text(oname)}), short)
        for template in office.bare:
            for text in expand_alternatives(norm_text(template)):
                add(text, TitleSense(office.key, office.en, office.kind))
    for actor in kb.actors.values():
        for text in actor.titles:
            role = actor.roles[0] if actor.roles else None
            office = kb.offices.get(role.office) if role else None
            add(norm_text(text), TitleSense(role.office if role else "title", office.en if office else "title",
                                            office.kind if office else "head", role.country if role else actor.country,
                                            role.org if role else None, actor=actor.id))
    return {k: list(v) for k, v in titles.items()}


def test_title_index_is_the_templates_filled_one_by_one(tmp_path):
    """The loader fills templates piece by piece; the keys, their order and their senses' order are unchanged.

    The user office exercises what the packaged data rarely has: two placeholders, a placeholder inside a
    word ("ل{country}" with a two-word name: "للولايات المتحده"), a template without a placeholder.
    """
    (tmp_path / "offices.yaml").write_text(
        "offices:\n  test_office:\n    en: test office\n    kind: envoy\n"
        "    country: [\"(مبعوث|موفد) {adj} ل{country} (الخاص|)\", \"ممثل {adjf} - {country}\", \"سفير عام\"]\n"
        "    org: [\"(ممثل|مندوب) ل{org} في {org}\", \"مراقب\"]\n",
        encoding="utf-8")
    for kb in (load_kb(), load_kb((str(tmp_path),))):
        expected = _titles_one_by_one(kb)
        assert list(kb.titles) == list(expected)
        assert kb.titles == expected


def test_index_start_table_is_exact():
    """Index.starts() lists the word forms that start a key by generating them; check it against
    clitic_stems on those forms and on near misses (other proclitics, cut or doubled letters)."""
    from marsad.kb.analysis import _indexes
    from marsad.kb.match import clitic_stems

    _, names, titles = _indexes(())
    for index in (names, titles):
        table = index.starts()
        forms = set(table)
        for stem in index.lengths:
            forms |= {p + stem for p in ("", "و", "ف", "ب", "ل", "ك", "وب", "فل", "لل", "ولل", "ال", "وال", "س", "ا")}
            forms |= {stem[1:], stem[2:], "ل" + stem[2:], "ول" + stem[2:], "ك" + stem[1:]}
        for form in forms - {""}:
            expected = tuple((cut, s, index.lengths[s]) for cut, s in clitic_stems(form) if s in index.lengths)
            assert table.get(form, ()) == expected, form


@pytest.mark.parametrize("text", [
    "قال وزير الخارجية الروسي سيرغي لافروف إن لـ\"داعش\" و بـ 30 مقاتلاً في 3.5% من «الأراضي» – O'Neil É Ü",
    "وأكّد الرئيسُ عبدالفتاح السيسي، للمبعوث الأممي ستيفان دي ميستورا: لـ ـ فـلـ بـ\"النصرة\" وـ",
    "ﻻ إله إلا الله؛ الرئيس ﷺ foo_bar x@y.com https://example.com/a_b ١٢٣ ۴۵",
])
def test_words_from_segment_tokens_are_words_from_the_text(text):
    """The entities stage builds its words from the segment stage's tokens (and their norms)."""
    from marsad.kb.match import text_words, token_words
    from marsad.model import Document, Span
    from marsad.stages.segment import SegmentStage

    doc = Document(source_name="t", raw=text)
    doc.body = text
    doc.paragraphs = [Span(0, len(text), text)]
    doc = SegmentStage()(doc)
    assert list(token_words(text, doc.tokens)) == list(text_words(text))
    tokens = [(t.start, t.end, t.text, t.kind) for t in doc.tokens]
    assert list(text_words(text, tokens)) == list(text_words(text))


def test_words_when_the_form_cache_fills_up(monkeypatch):
    """A full cache is emptied before the new forms are learnt: the words of the text that were in it must
    still be there (it raised KeyError once the cache had filled, on texts without a published date)."""
    from marsad.kb import match

    texts = ["قال وزير الخارجية الروسي سيرغي لافروف في موسكو", "أعلن الرئيس المصري في القاهرة اليوم",
             "وزير الخارجية الروسي والرئيس المصري في موسكو والقاهرة"]
    expected = [list(match.text_words(t)) for t in texts]
    monkeypatch.setattr(match, "_CACHE_LIMIT", 12)
    monkeypatch.setattr(match, "_form_norms", {})
    for _ in range(3):
        for text, words in zip(texts, expected, strict=True):
            assert list(match.text_words(text)) == words
            assert len(match._form_norms) < 12 + len(text.split())


@pytest.mark.parametrize("gap", ["\n", " \n", "\n ", "\r\n"])
def test_a_name_does_not_run_across_a_line_break(gap):
    """A line break ends a name: "سيرغي" at a line's end and "لافروف" on the next are two names, not one
    ('$' in the gap patterns used to match before a final newline, so a lone "\\n" joined them)."""
    from marsad.kb.analysis import analyse_text

    joined = analyse_text("قال سيرغي لافروف إن", day="2015-08-13").names
    assert [(n.start, n.end, n.source) for n in joined] == [(4, 16, "kb")]
    text = f"قال سيرغي{gap}لافروف إن"
    split = analyse_text(text, day="2015-08-13").names
    assert all(gap.strip(" ") not in text[n.start:n.end] for n in split)
    assert [text[n.start:n.end] for n in split] == ["لافروف"]
