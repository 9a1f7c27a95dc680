"""Migration 0002: the full-text index without the tokenizer's diacritic folding (Latin folded by marsad).

The searches must find what they found with the old index (unicode61, remove_diacritics 1): accented Latin
with and without its accents, Arabic untouched; an archive made before 0002 is upgraded when opened for
writing, and refused with a clear message when opened read-only.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

import pytest

from marsad.model import Document, Span
from marsad.store import Store, StoreError
from marsad.store import search as fts
from marsad.store import store as store_module
from marsad.store.schema import MIGRATIONS
from marsad.text.segment import iter_tokens

BODIES = [
    ("زيارة إلى باريس", "استقبل الرئيس الفرنسي في قصر الإليزيه (Élysée) نظيره، وقال José Müller إن اللقاء مهم."),
    ("علماء", "قاس الفيزيائي أندرس Ångström طيف الشمس، ووصفه مولر Muller بأنه رائد."),
    ("Señor Núñez", "قال Señor Núñez إن المحادثات في Bogotá كانت ÉLYSÉE-style؛ وأضاف O'Brien-Smith أن ǖ Ø æ ß تبقى."),
    ("مقال عربي", "أكد وزيرُ الخارجيّة أنّ المفاوضات مستمرّة، وأن الوفد وصل إلى عمّان أمس."),
    ("Mixed", "elysee jose muller angstrom senor nunez bogota: بلا تشكيل وبالأمم المتحدة وللرئيس."),
]

QUERIES = [
    "Élysée", "elysee", "ELYSEE", "élysée", "Elys", "José", "jose", "JOSÉ", "Müller", "muller", "Mueller",
    "Ångström", "angstrom", "Angst", "Señor", "senor", "Núñez", "nunez", "Bogotá", "bogota", '"José Müller"',
    '"jose muller"', "Élysée OR Ångström", "muller -angstrom", "ǖ", "Ø", "ø", "æ", "ß", "O'Brien",
    "الإليزيه", "الاليزيه", "الخارجية", "الأمم", "عمان", "مولر", '"قصر الإليزيه"', "Élysée الإليزيه",
    "muller NOT jose", "elysee-style", "rd",
]


def _doc(title: str, body: str, n: int) -> Document:
    return Document(source_name=f"hand-made#{n}", title=title, body=body, paragraphs=[Span(0, len(body), body)])


def _searches(store: Store) -> dict[str, list[tuple[str, float, list[str], list[str]]]]:
    out = {}
    for q in QUERIES:
        out[q] = [(h["article_id"], h["score"], [m["text"] for m in h["matches"]],
                   [m["text"] for m in h["title_matches"]]) for h in store.search(q)]
    return out


def _instances(store: Store) -> list[tuple[str, int, str, int]]:
    conn = store.conn
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.v USING fts5vocab(main, articles_fts, instance)")
    return conn.execute("SELECT term, doc, col, offset FROM temp.v ORDER BY term, doc, col, offset").fetchall()


def _old_columns(text: str) -> tuple[str, str, str]:
    """The full-text columns as written before 0002: the normalised forms, no Latin folding."""
    forms = [f for _s, _e, f in fts.analyse(text)]
    return (" ".join(f.words for f in forms), " ".join(f.stems for f in forms), " ".join(f.bare for f in forms))


def _old_archive(path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """An archive as a release with only migration 0001 made it: old tokenizer, unfolded columns."""
    with monkeypatch.context() as m:
        m.setattr(store_module, "MIGRATIONS", MIGRATIONS[:1])
        store = Store.open(path)
        store.add_documents([_doc(t, b, n) for n, (t, b) in enumerate(BODIES)])
        with store.transaction() as conn:  # the rows as the old writer built them
            conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')")
            rows = conn.execute("SELECT num, title, body FROM articles ORDER BY num").fetchall()
            conn.executemany("INSERT INTO articles_fts (rowid, words, stems, bare) VALUES (?, ?, ?, ?)",
                             [(num, *_old_columns(f"{title or ''}\n{body}")) for num, title, body in rows])
    return store


def _tokenizer(store: Store) -> str:
    return store.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()[0]


def test_latin_fold_is_what_unicode61_remove_diacritics_1_did():
    """For every BMP code point, the new tokenizer on the folded character gives the old tokenizer's terms;
    where they differ, the character can never be part of an indexed token."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE old USING fts5(x, tokenize='unicode61')")
    conn.execute("CREATE VIRTUAL TABLE new USING fts5(x, tokenize='unicode61 remove_diacritics 0')")
    cps = [cp for cp in range(0x10000) if not 0xD800 <= cp < 0xE000]
    conn.executemany("INSERT INTO old (rowid, x) VALUES (?, ?)", [(cp, f"a{chr(cp)}b") for cp in cps])
    conn.executemany("INSERT INTO new (rowid, x) VALUES (?, ?)",
                     [(cp, fts.fold_latin(f"a{chr(cp)}b")) for cp in cps])
    terms: dict[str, dict[int, list[str]]] = {}
    for table in ("old", "new"):
        conn.execute(f"CREATE VIRTUAL TABLE {table}_v USING fts5vocab({table}, instance)")
        terms[table] = {}
        for term, doc in conn.execute(f"SELECT term, doc FROM {table}_v ORDER BY doc, offset"):  # noqa: S608
            terms[table].setdefault(doc, []).append(term)
    differ = [cp for cp in cps if terms["old"].get(cp) != terms["new"].get(cp)]
    assert 0 < len(differ) < 200  # combining marks and Latin Extended Additional (Ḍ ṣ ẓ …), Å (U+212B)
    for cp in differ:
        tokens = list(iter_tokens(f"a{chr(cp)}b"))
        assert not any(kind in fts.INDEXED_KINDS and s <= 1 < e for s, e, _t, kind in tokens), hex(cp)
    # The folding is rd 1, not 2: a letter on a base letter with a mark of its own keeps its marks.
    assert fts.fold_latin("ÉlysÉe Ǻ ǖ Ø") == "elysee Ǻ ǖ Ø"
    assert unicodedata.decomposition("ǖ").split()[0] == "00FC"


def test_arabic_and_numbers_are_not_folded():
    text = "أكد وزيرُ الخارجيّة في ٢٠١٥ و2015٫5 أنّ المفاوضات مستمرّة"
    assert fts.index_columns(text) == _old_columns(text)


def test_accented_latin_found_with_and_without_accents(tmp_path):
    with Store.open(tmp_path / "a.db") as store:
        ids = store.add_documents([_doc(t, b, n) for n, (t, b) in enumerate(BODIES)])
        found = {q: {h["article_id"] for h in store.search(q)} for q in QUERIES}
    assert found["Élysée"] == found["elysee"] == found["ELYSEE"] == found["élysée"] == {ids[0], ids[2], ids[4]}
    assert found["José"] == found["jose"] == found["JOSÉ"] == {ids[0], ids[4]}
    assert found["Müller"] == found["muller"] == {ids[0], ids[1], ids[4]}
    assert found["Mueller"] == set()  # folding, not transliteration
    assert found["Ångström"] == found["angstrom"] == found["Angst"] == {ids[1], ids[4]}
    assert found["Núñez"] == found["nunez"] == found["Señor"] == found["senor"] == {ids[2], ids[4]}
    assert found['"José Müller"'] == found['"jose muller"'] == {ids[0], ids[4]}
    assert found["Élysée OR Ångström"] == {ids[0], ids[1], ids[2], ids[4]}
    assert found["muller -angstrom"] == {ids[0]}
    assert found["ø"] == found["Ø"] == {ids[2]}  # no decomposition: kept, matched case-insensitively
    assert found["ǖ"] == {ids[2]}
    assert found["الإليزيه"] == found["الاليزيه"] == {ids[0]}  # Arabic as before
    assert found["Élysée الإليزيه"] == {ids[0]}
    assert found["الأمم"] == {ids[4]}


def test_old_archive_is_upgraded_and_searches_as_before(tmp_path, monkeypatch):
    old = _old_archive(tmp_path / "old.db", monkeypatch)
    assert "remove_diacritics" not in _tokenizer(old)
    before = _searches(old)
    old.close()

    with pytest.raises(StoreError, match="needs migrations.*0002"):
        Store.open(tmp_path / "old.db", readonly=True)

    with Store.open(tmp_path / "old.db") as upgraded:
        assert upgraded.schema_version == len(MIGRATIONS)
        assert "remove_diacritics 0" in _tokenizer(upgraded)
        assert upgraded.conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == len(BODIES)
        after = _searches(upgraded)
        upgraded_terms = _instances(upgraded)
    with Store.open(tmp_path / "old.db", readonly=True) as reader:
        assert _searches(reader) == after

    with Store.open(tmp_path / "fresh.db") as fresh:
        fresh.add_documents([_doc(t, b, n) for n, (t, b) in enumerate(BODIES)])
        assert _searches(fresh) == after
        assert _instances(fresh) == upgraded_terms

    assert after == before
    assert any(after[q] for q in QUERIES)


def test_a_failing_migration_leaves_the_archive_as_it_was(tmp_path, monkeypatch):
    _old_archive(tmp_path / "old.db", monkeypatch).close()

    def fail(conn: sqlite3.Connection) -> None:
        raise RuntimeError("interrupted")

    name, steps = MIGRATIONS[1]
    monkeypatch.setattr(store_module, "MIGRATIONS", (MIGRATIONS[0], (name, (*steps, fail))))
    with pytest.raises(RuntimeError, match="interrupted"):
        Store.open(tmp_path / "old.db")
    monkeypatch.undo()
    conn = sqlite3.connect(tmp_path / "old.db")
    assert [r[0] for r in conn.execute("SELECT name FROM schema_migrations")] == ["0001_initial"]
    assert "remove_diacritics" not in conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == len(BODIES)
    conn.close()


def test_what_a_search_finds_in_accented_latin_is_highlighted(tmp_path):
    with Store.open(tmp_path / "a.db") as store:
        store.add_documents([_doc(t, b, n) for n, (t, b) in enumerate(BODIES)])
        for query, word in (("elysee", "Élysée"), ("ÉLYSÉE", "Élysée"), ("élysée", "ÉLYSÉE"), ("nunez", "Núñez"),
                            ("ø", "Ø"), ("Angst", "Ångström"), ('"jose muller"', "José")):
            hits = store.search(query)
            texts = {m["text"] for h in hits for m in h["matches"]}
            assert any(word in t for t in texts), (query, texts)
            assert all(m["text"] for h in hits for m in h["matches"])
