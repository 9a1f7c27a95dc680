"""Personal names from real spellings: what is a name word, and how a person not in the KB is written in English.

Both come from the table of `arabic-name-romanizer` (MIT; given names, family names and full names taken from
Wikidata, with the Latin spellings people use), read from its SQLite file once, on first use, and kept:

- `name_word(w)`: a given or family name attested often enough to tell a name from a common word (a person
  span needs one: "وتلقى اتصالا هاتفيا", "لشؤون الانتخابات" have none);
- `romanize_person(name)`: the attested spelling of each word (unit: "عبد الرحمن", "بن علي", "آل سعود" are
  one), the rule romaniser (marsad.kb.romanize) only for words nobody spelled. The package's neural fallback
  is never loaded (tens of ms a word, far over the stage's budget).

Without the package both degrade: no word is known from the table, and names are romanised by rule.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from importlib import util
from pathlib import Path
from typing import Any

from .names import name_key

# A word counts as a name when the table holds it this many times (single attestations include noise:
# "غير", "قلق", "ثلاث" each occur once).
MIN_COUNT = 3


@lru_cache(maxsize=1)
def _table_path() -> Path | None:
    spec = util.find_spec("arabic_name_romanizer")
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "resources" / "names.sqlite3"
    return path if path.exists() else None


@lru_cache(maxsize=1)
def name_counts() -> dict[str, int]:
    """Normalised name word -> how often the table attests it (given or family name), loaded once."""
    path = _table_path()
    if path is None:
        return {}
    counts: dict[str, int] = {}
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for key, n in conn.execute("SELECT arabic_key, sum(count) FROM units GROUP BY arabic_key HAVING sum(count) >= ?", (MIN_COUNT,)):
            for w in name_key(key):
                counts[w] = counts.get(w, 0) + int(n)
    finally:
        conn.close()
    return counts


def name_word(word: str) -> bool:
    """Whether a normalised word is an attested given or family name."""
    return name_counts().get(word, 0) >= MIN_COUNT


@lru_cache(maxsize=1)
def _transliterator() -> Any | None:
    if _table_path() is None:
        return None
    from arabic_name_romanizer import Transliterator  # (lazy: only for people not in the KB)

    return Transliterator(auto_load_model=False, use_rules_fallback=False)


@lru_cache(maxsize=1 << 14)  # names of people not in the KB recur across articles
def romanize_person(name: str) -> str:
    """'خالد محفوظ بحاح' -> 'Khalid Mahfouz Bahah': attested spellings, the rule romaniser for the rest."""
    from .romanize import romanize

    tr = _transliterator()
    if tr is None:
        return romanize(name)
    words = name_key(name)
    whole = _attested(tr, " ".join(words))
    if whole:
        return whole
    return " ".join(_attested(tr, w) or romanize(w) for w in _units(words))


def _attested(tr: Any, text: str) -> str | None:
    """The best attested spelling of `text` in the table (whole, or unit by unit), None when a unit is not
    in it (the package then has nothing to say without its model)."""
    try:
        found = tr.transliterate(text, top_k=2)
    except Exception:  # noqa: BLE001 - a third-party table: any failure falls back to the rules
        return None
    if not found:
        return None
    best = found[0]
    units = getattr(best, "units", None) or ()
    if any(getattr(u, "source", "dictionary") not in ("dictionary", "user") for u in units):
        return None
    return str(getattr(best, "text", "")) or None


# Particles that make one unit with the next word, as the table spells them ("bin Ali", "Al Saud", "Abu Bakr").
_UNIT_HEADS = frozenset(("بن", "ابن", "بنت", "ال", "ابو", "عبد", "ولد"))


def _units(words: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    glue = False
    for w in words:
        if glue:
            out[-1] += " " + w
        else:
            out.append(w)
        glue = w in _UNIT_HEADS
    return out


# A word starting so is a proclitic and a word, or a verb in the future ("سيزور"), unless it is a name itself.
_CLITIC_STARTS = ("و", "ف", "ب", "ل", "ك", "س")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The most frequent words of the news corpus (the recogniser's word-cluster vocabulary, 30,000 words),
    empty when the table is absent."""
    from ..ner.lexicon import data_dir

    path = data_dir() / "clusters.tsv"
    try:
        with path.open(encoding="utf-8") as lines:
            return frozenset(line.split("\t", 1)[0] for line in lines if line.strip())
    except OSError:
        return frozenset()


def has_name(words: tuple[str, ...], known: frozenset[str] | set[str]) -> bool:
    """Whether normalised `words` (a span read as a person) hold a name: a word of `known` (given names, the
    KB's names) or of the table, or a foreign name's shape — no word with the article, none starting with a
    proclitic or a future prefix ("وتلقى اتصالا هاتفيا", "لشؤون الانتخابات", "سيزور" hold no name) unless
    every word is one the news rarely uses ("برنار كازنوف": a foreign name that starts with ب)."""
    if not words:
        return False
    vocabulary = common_words()
    rare = bool(vocabulary) and len(words) >= 2 and vocabulary.isdisjoint(words) \
        and not any(w.startswith(("و", "ف")) for w in words[1:])  # (not "بتمثيلي فاختارني")
    first = words[0]
    if not (first in known or name_word(first)) and (first.startswith("ال") or (
            first.startswith(_CLITIC_STARTS) and not rare)):
        return False  # "لتعديلات قانوني تنظيم", "باعتماد القرار": a name does not start so
    if any(w in known or name_word(w) for w in words):
        return True
    # a foreign name's shape: no article, no proclitic, and a word the news rarely uses (not "موقف بلاده")
    return not any(w.startswith(("ال", "بال", "لل", "وال", "فال", "كال")) or (w.startswith(_CLITIC_STARTS) and not rare)
                   for w in words) \
        and (not vocabulary or not vocabulary.issuperset(words))
