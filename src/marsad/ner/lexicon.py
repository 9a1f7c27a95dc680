"""The team-written NER lexicons under marsad/data/ner/, loaded once and normalised.

Each ``.txt`` file holds one entry per line (``#`` starts a comment); entries may be several words.
Everything is compared in the normalised view (`marsad.text.normalize.norm`), so spelling variants
that differ only in hamza, alef, yeh or teh marbuta need no extra line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import config
from ..errors import ModelError
from .words import norm_word

# Lexicon name -> file. The names are also the feature names the tagger sees.
LEXICON_FILES = {
    "first": "first_names.txt",
    "particle": "name_particles.txt",
    "title": "titles.txt",
    "portfolio": "portfolios.txt",
    "nat": "nationalities.txt",
    "place": "places.txt",
    "orgcue": "org_cues.txt",
    "org": "org_names.txt",
    "loccue": "loc_cues.txt",
    "stop": "stoplist.txt",
    "func": "function_words.txt",
}
# Gazetteers built from public lists (marsad.ner.gazetteer): features of the tagger only, not stems for the
# clitic splitter nor cues of the rules. Absent files are empty lists (models trained without them).
GAZETTEER_FILES = {
    "gzgiven": "gaz_given.txt",
    "gzfamily": "gaz_family.txt",
    "gzplace": "gaz_place.txt",
    "gzwpers": "gaz_wpers.txt",
    "gzworg": "gaz_worg.txt",
    "gzwloc": "gaz_wloc.txt",
}
MAX_PHRASE = 5  # longest multiword entry matched


def data_dir() -> Path:
    """The NER data directory; MARSAD_NER_DATA overrides it (tests, experiments)."""
    override = config.env("MARSAD_NER_DATA")
    return Path(override) if override else config.data_path("ner")


@lru_cache(maxsize=1 << 17)  # called for every token of every document; news vocabulary repeats
def _read_entries(path: Path) -> list[tuple[str, ...]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise ModelError(f"cannot read NER lexicon ({err.strerror})", source=str(path)) from None
    out = []
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(tuple(norm_word(w) for w in line.split()))
    return out


def _nationality_variants(word: str) -> set[str]:
    # الروسي -> الروسيه (feminine), روسي, روسيه; also the plural الروس is not derived (irregular).
    out = {word}
    if word.endswith("ي"):
        out.add(word + "ه")
    for w in list(out):
        if w.startswith("ال"):
            out.add(w[2:])
    return out


@dataclass
class Lexicons:
    """Single words by lexicon name, and multiword phrases (tuples of normalised words)."""

    words: dict[str, frozenset[str]]
    phrases: dict[str, frozenset[tuple[str, ...]]]
    rules: dict[str, Any] = field(default_factory=dict)
    known: frozenset[str] = frozenset()  # every single-word entry: stems for split_proclitics
    clusters: dict[str, str] = field(default_factory=dict)  # word -> distributional cluster (ner.clusters)
    # Per-token views computed with these lexicons (marsad.ner.features.view); news vocabulary repeats.
    views: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    older_views: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    _phrase_index: dict[str, dict[tuple[str, ...], tuple[str, ...]]] | None = field(
        default=None, compare=False, repr=False)
    _classes: dict[str, tuple[str, ...]] | None = field(default=None, compare=False, repr=False)

    def phrase_index(self) -> dict[str, dict[tuple[str, ...], tuple[str, ...]]]:
        """Multiword phrases by first word: first -> {rest of the phrase: lexicon names}, built once."""
        if self._phrase_index is None:
            index: dict[str, dict[tuple[str, ...], tuple[str, ...]]] = {}
            for name, phrases in self.phrases.items():
                for first, *rest in phrases:
                    tails = index.setdefault(first, {})
                    tails[tuple(rest)] = (*tails.get(tuple(rest), ()), name)
            self._phrase_index = index
        return self._phrase_index

    def has(self, name: str, word: str) -> bool:
        return word in self.words.get(name, ())

    def classes(self, word: str) -> list[str]:
        """The lexicons that list `word` as a single-word entry."""
        return list(self.class_map().get(word, ()))

    def class_map(self) -> dict[str, tuple[str, ...]]:
        """Word -> the lexicons listing it as a single-word entry, in lexicon order (built once)."""
        if self._classes is None:
            by_word: dict[str, list[str]] = {}
            for name, words in self.words.items():
                for w in words:
                    by_word.setdefault(w, []).append(name)
            self._classes = {w: tuple(names) for w, names in by_word.items()}
        return self._classes


def load_lexicons(directory: Path | None = None) -> Lexicons:
    directory = directory or data_dir()
    return _load(str(directory))


@lru_cache(maxsize=4)
def _load(directory: str) -> Lexicons:
    # Read from ~20 word lists in ~0.3 s; kept in the user's cache while they and the code are unchanged.
    from ..fastload import KeySet, Table, load_or_build

    sources = ("ner/lexicon.py", "ner/clusters.py", "text/*.py", f"{Path(directory).resolve()}/*")
    def build() -> Lexicons:
        lexicons = _build(directory)
        lexicons.class_map(), lexicons.phrase_index()  # built once here, kept with the lists
        # Looked up per word form (86k and 25k words): read back from the cache key by key, as a page needs
        lexicons.clusters, lexicons._classes = Table(lexicons.clusters), Table(lexicons.class_map())
        for name in GAZETTEER_FILES:  # (30k words, looked up through the class map: read when asked for)
            lexicons.words[name] = KeySet(lexicons.words[name])  # type: ignore[assignment]
        return lexicons

    return load_or_build("ner-lexicons", sources, build, extra=directory)


def _build(directory: str) -> Lexicons:
    base = Path(directory)
    words: dict[str, frozenset[str]] = {}
    phrases: dict[str, frozenset[tuple[str, ...]]] = {}
    for name, filename in LEXICON_FILES.items():
        entries = _read_entries(base / filename)
        single = {e[0] for e in entries if len(e) == 1}
        if name == "nat":
            single = set().union(*(_nationality_variants(w) for w in single))
        words[name] = frozenset(single)
        phrases[name] = frozenset(e for e in entries if 1 < len(e) <= MAX_PHRASE)
    rules_path = base / "rules.yaml"
    rules = config.load_yaml(rules_path, "ner/rules.yaml") or {}  # checked against its schema
    known = frozenset().union(*words.values())
    for name, filename in GAZETTEER_FILES.items():
        path = base / filename
        entries = _read_entries(path) if path.exists() else []
        words[name] = frozenset(e[0] for e in entries if len(e) == 1)
        phrases[name] = frozenset(e for e in entries if 1 < len(e) <= MAX_PHRASE)
    from .clusters import CLUSTER_FILE, read_clusters

    return Lexicons(words, phrases, rules, known, read_clusters(base / CLUSTER_FILE))
