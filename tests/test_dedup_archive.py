"""Near-duplicate look-ups in the archive (ingest.dedup.NearDuplicateIndex over Store.minhash_bands): the
same answers as datasketch's in-memory LSH, nothing held per article in memory, the bands written and
rolled back with their article, rebuilt for another threshold, built once for an archive of an older
schema."""

from __future__ import annotations

import gzip
import json
import random

import pytest
from datasketch import MinHashLSH
from testdata import shared_path

from marsad.ingest import dedup
from marsad.ingest.runner import Loader
from marsad.model import Document, Span
from marsad.store import Store
from marsad.store.schema import MIGRATIONS

STORY = ("استقبل وزير الخارجية الروسي سيرغي لافروف في موسكو اليوم رئيس الائتلاف الوطني السوري خالد خوجة "
         "وبحث معه سبل التسوية السياسية للأزمة في سوريا على أساس بيان جنيف الصادر في 30 يونيو 2012 ، "
         "وأكد الجانبان أهمية مواصلة الاتصالات بين موسكو والمعارضة السورية في الأسابيع المقبلة . ")


def _doc(body: str, n: int) -> Document:
    return Document(source_name=f"hand-made#{n}", body=body, paragraphs=[Span(0, len(body), body)])


def _variants(n: int, seed: int = 3) -> list[str]:
    """Bodies that share most of their words with STORY (a word or two changed), and unrelated ones."""
    rng = random.Random(seed)
    words = (STORY * 3).split()
    out = []
    for k in range(n):
        if k % 3 == 2:
            out.append(" ".join(rng.sample(words, len(words))))  # the same words, shuffled: few shared shingles
            continue
        changed = list(words)
        for _ in range(rng.randint(1, 4)):
            changed[rng.randrange(len(changed))] = f"كلمة{rng.randrange(1000)}"
        out.append(" ".join(changed))
    return out


def _store_all(store: Store, bodies: list[str], threshold: float = dedup.NEAR_DUPLICATE_THRESHOLD) -> list[str]:
    loader = Loader(store, threshold)
    with store.batch():
        return [loader.document(_doc(b, n), f"in#{n}", "text", f"h{n}", "utf-8") for n, b in enumerate(bodies)]


def _in_memory_answer(bodies: list[str], threshold: float) -> list[tuple[int, float] | None]:
    """What the in-memory index of earlier versions decided: for each body, the best earlier stored one
    (as an index into bodies) and its similarity, or None; the body is stored when None."""
    lsh = MinHashLSH(threshold=threshold, num_perm=dedup.NUM_PERM)
    stored: dict[str, object] = {}
    seen: set[str] = set()
    out: list[tuple[int, float] | None] = []
    for n, body in enumerate(bodies):
        key = " ".join(body.split())
        if key in seen:
            out.append(None)
            continue
        seen.add(key)
        mh = dedup.signature(body)
        sims = [(int(k), mh.jaccard(stored[k])) for k in lsh.query(mh)]
        best = max((s for s in sims if s[1] >= threshold), key=lambda s: (s[1], -s[0]), default=None)
        out.append(best)
        if best is None:
            lsh.insert(str(n), mh)
            stored[str(n)] = mh
    return out


@pytest.mark.parametrize("threshold", [0.8, 0.6])
def test_same_decisions_as_the_in_memory_lsh(tmp_path, threshold):
    bodies = _variants(45)
    with Store.open(tmp_path / "a.db") as store:
        outcomes = _store_all(store, bodies, threshold)
        rows = dict(store.conn.execute("SELECT source_key, similarity FROM duplicates WHERE kind = 'near'"))
        ids = dict(store.conn.execute("SELECT source_key, id FROM articles"))
        dup_of = dict(store.conn.execute("SELECT source_key, duplicate_of FROM duplicates"))
    expected = _in_memory_answer(bodies, threshold)
    assert "duplicate" in outcomes and "stored" in outcomes
    for n, want in enumerate(expected):
        if want is None:
            assert outcomes[n] == "stored", n
        else:
            assert outcomes[n] == "duplicate" and rows[f"in#{n}"] == round(want[1], 4)
            assert dup_of[f"in#{n}"] == ids[f"in#{want[0]}"]  # ties: the first stored, here as there


def test_bands_are_rows_of_the_archive_and_rolled_back_with_their_article(tmp_path, monkeypatch):
    with Store.open(tmp_path / "a.db") as store:
        index = dedup.NearDuplicateIndex(store)
        assert store.minhash_layout() == (index.bands, index.rows)
        assert not vars(index).keys() - {"store", "threshold", "bands", "rows"}  # nothing per article
        signature = dedup.to_bytes(dedup.signature(STORY))
        from marsad.store import search

        def broken(*args, **kwargs):
            raise RuntimeError("disk trouble")

        monkeypatch.setattr(search, "index_columns", broken)  # fails after the bands were written
        with pytest.raises(RuntimeError):
            store.add_document(_doc(STORY, 0), minhash=signature)
        monkeypatch.undo()
        assert store.conn.execute("SELECT count(*) FROM minhash_bands").fetchone()[0] == 0
        assert index.find(signature) is None
        article = store.add_document(_doc(STORY, 0), minhash=signature)
        assert store.conn.execute("SELECT count(*) FROM minhash_bands").fetchone()[0] == index.bands
        assert index.find(signature) == (article, 1.0)


def test_another_threshold_recuts_the_bands(tmp_path):
    bodies = _variants(12)
    with Store.open(tmp_path / "a.db") as store:
        _store_all(store, bodies[:6], 0.8)
        layout_08 = store.minhash_layout()
        index = dedup.NearDuplicateIndex(store, 0.5)
        assert store.minhash_layout() == (index.bands, index.rows) != layout_08
        stored = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert store.conn.execute("SELECT count(*) FROM minhash_bands").fetchone()[0] == stored * index.bands
        assert index.find(dedup.to_bytes(dedup.signature(bodies[0]))) is not None


def test_an_archive_of_an_older_schema_gets_its_bands_once(tmp_path):
    path = tmp_path / "old.db"
    bodies = _variants(9)
    with Store.open(path) as store:  # articles stored before the bands existed: drop the band tables
        _store_all(store, bodies[:3])
        store.conn.executescript("DROP TABLE minhash_bands; DROP TABLE minhash_layout; "
                                 "DELETE FROM schema_migrations WHERE name = '0003_near_duplicate_bands'; "
                                 f"UPDATE schema_version SET version = {len(MIGRATIONS) - 1};")
    with Store.open(path) as store:
        assert store.minhash_layout() is None  # migrated: the tables exist, not yet filled
        outcomes = _store_all(store, bodies)
        assert outcomes[:3] == ["unchanged"] * 3 or outcomes[:3] == ["duplicate"] * 3
        assert store.conn.execute("SELECT count(*) FROM duplicates WHERE kind = 'near'").fetchone()[0] >= 1


@pytest.mark.shared
def test_real_articles_same_decisions_as_the_in_memory_lsh(tmp_path):
    with gzip.open(shared_path("corpus/saudinewsnet-2015.jsonl.gz"), "rt", encoding="utf-8") as fh:
        bodies = [b for b in (json.loads(line).get("content") or "" for line, _ in zip(fh, range(600), strict=False))
                  if b.strip()]
    with Store.open(tmp_path / "a.db") as store:
        outcomes = _store_all(store, bodies)
    expected = _in_memory_answer(bodies, dedup.NEAR_DUPLICATE_THRESHOLD)
    exact = {n for n, b in enumerate(bodies) if " ".join(b.split()) in {" ".join(x.split()) for x in bodies[:n]}}
    assert [o for n, o in enumerate(outcomes) if n not in exact] == [
        "stored" if e is None else "duplicate" for n, e in enumerate(expected) if n not in exact]


# ---- duplicates known once the body is: the later stages do not run for them ------------------------------

class _CountingStage:
    """A stage after the clean stage that records the bodies it was given."""

    name, version, assigns, requires = "counting", "1", ("counted",), ("body",)

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, doc: Document) -> Document:
        self.seen.append(doc.body)
        return doc


def test_a_duplicate_stops_after_the_clean_stage(tmp_path):
    from marsad.clean.stage import CleanStage
    from marsad.pipeline import Pipeline
    from marsad.readers.files import InputItem

    counting = _CountingStage()
    pipeline = Pipeline([CleanStage(), counting])
    story = STORY * 3
    near = story.replace("اليوم", "أمس", 1)
    words = story.split()
    other = " ".join(random.Random(5).sample(words, len(words)))  # the same words, few shared shingles
    items = [InputItem(f"in#{n}", "text", text=t, url=f"https://example.org/{n}")
             for n, t in enumerate([story, story, near, other])]
    with Store.open(tmp_path / "a.db") as store:
        loader = Loader(store)
        outcomes = [loader.item(item, pipeline) for item in items]
        assert outcomes == ["stored", "duplicate", "duplicate", "stored"]
        assert len(counting.seen) == 2  # the exact and the near duplicate stopped before it
        rows = store.conn.execute("SELECT source_key, kind, url FROM duplicates ORDER BY source_key").fetchall()
        first = store.conn.execute("SELECT id FROM articles ORDER BY num").fetchone()[0]
        assert rows == [("in#1", "exact", "https://example.org/1"), ("in#2", "near", "https://example.org/2")]
        assert {r[0] for r in store.conn.execute("SELECT duplicate_of FROM duplicates")} == {first}
        assert loader.summary.duplicates == {"exact": 1, "near": 1} and loader.summary.stored == 2


def test_pipeline_checks_the_body_once_after_the_stage_that_assigns_it():
    from marsad.clean.stage import CleanStage
    from marsad.pipeline import Pipeline, StopDocument

    counting = _CountingStage()
    pipeline = Pipeline([CleanStage(), counting])
    checked: list[str] = []
    pipeline(Document(raw=STORY), lambda doc: checked.append(doc.body))
    assert checked == counting.seen and len(checked) == 1

    def stop(doc: Document) -> None:
        raise StopDocument("known")

    with pytest.raises(StopDocument) as caught:
        pipeline(Document(raw=STORY), stop)
    assert caught.value.reason == "known" and len(counting.seen) == 1

    class Rewriting(_CountingStage):  # a later stage that assigns the body again: no second check
        name, assigns = "rewriting", ("body",)

    checked.clear()
    Pipeline([CleanStage(), Rewriting()])(Document(raw=STORY), lambda doc: checked.append(doc.body))
    assert len(checked) == 1


def test_the_same_document_given_twice_is_a_duplicate_the_second_time(tmp_path):
    # Loader remembers the last body it found unique (so `document` does not look it up again after the
    # early check); a body found to be a duplicate must not be remembered, nor one already stored.
    bodies = _variants(2)
    with Store.open(tmp_path / "a.db") as store:
        loader = Loader(store)
        first, near = _doc(bodies[0], 0), _doc(bodies[1], 1)
        assert loader.duplicate(first) is None
        assert loader.document(first, "a", "text", "h0", "utf-8") == "stored"
        assert loader.document(first, "a2", "text", "h0b", "utf-8") == "duplicate"
        assert loader.document(near, "b", "text", "h1", "utf-8") == "duplicate"
        assert loader.document(near, "b2", "text", "h1b", "utf-8") == "duplicate"
        assert store.stats()["articles"] == 1
