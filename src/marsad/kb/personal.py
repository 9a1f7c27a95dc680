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

import re
from collections.abc import Callable
from functools import lru_cache
from importlib import util
from pathlib import Path
from typing import TypeVar

from .names import name_key

# A word counts as a name when the table holds it this many times (single attestations include noise:
# "غير", "قلق", "ثلاث" each occur once).
MIN_COUNT = 3
T = TypeVar("T")


@lru_cache(maxsize=1)
def _table_path() -> Path | None:
    spec = util.find_spec("arabic_name_romanizer")
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "resources" / "names.sqlite3"
    return path if path.exists() else None


def _cached(name: str, build: Callable[[Path], T]) -> T | None:
    """`build(table)` from the user's cache while the table and this module are unchanged (marsad.fastload):
    reading the table costs ~0.3 s a process."""
    from ..fastload import load_or_build

    path = _table_path()
    if path is None:
        return None
    return load_or_build(name, ("kb/personal.py", "kb/names.py", "text/normalize.py", path), lambda: build(path))


@lru_cache(maxsize=1)
def name_counts() -> dict[str, int]:
    """Normalised name word -> how often the table attests it (given or family name), loaded once."""
    return _cached("kb-name-counts", _name_counts) or {}


def _name_counts(path: Path) -> dict[str, int]:
    import sqlite3  # (here and below: the tables come from the start-up cache, built once)

    counts: dict[str, int] = {}
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for key, n in conn.execute("SELECT arabic_key, sum(count) FROM units GROUP BY arabic_key HAVING sum(count) >= ?", (MIN_COUNT,)):
            for w in name_key(key):
                counts[w] = counts.get(w, 0) + int(n)
    finally:
        conn.close()
    return counts


def preload() -> None:
    """Read the name-word tables now: a pipeline loads its models when it is built, not in the first article
    that names someone outside the KB. The table of spellings (romanize_person) is read on its first use:
    ~0.1 s from the user's cache (marsad.fastload), and a page that names only KB people never needs it."""
    name_counts()
    common_words()


def name_word(word: str) -> bool:
    """Whether a normalised word is an attested given or family name."""
    return name_counts().get(word, 0) >= MIN_COUNT


@lru_cache(maxsize=1 << 14)  # names of people not in the KB recur across articles
def romanize_person(name: str) -> str:
    """'خالد محفوظ بحاح' -> 'Khalid Mahfouz Bahah': attested spellings, the rule romaniser for the rest."""
    from .romanize import romanize

    table = _spellings()
    if table is None:
        return romanize(name)
    words = name_key(name)
    whole = table.spell(" ".join(words))
    if whole:
        return whole
    return " ".join(table.spell(w) or _family(w, table) or romanize(w) for w in _units(words))


def _family(unit: str, table: _Spellings) -> str | None:
    """ "آل الشيخ" (a family, "ال" once normalised) nobody spelled as a unit: "Al " and the name's spelling
    ("Al Sheikh", not "Al al-Shikh")."""
    if not unit.startswith("ال "):
        return None
    from .romanize import romanize

    rest = unit[3:]
    spelled = table.spell(rest) or romanize(rest)
    return "Al " + _ARTICLE_RE.sub("", spelled, count=1).capitalize()


@lru_cache(maxsize=1 << 14)  # names of people not in the KB recur across articles
def person_name_en(name: str) -> str | None:
    """The English name of a person not in the KB: romanize_person when the name is attested whole or its
    given name is (an Arab-world name, whose other words the rule romaniser spells readably), else None: a
    foreign name nobody spelled ("برنار كازنوف" is Bernard Cazeneuve; letter by letter it was "Barnar
    Kaznuf"), which a guess would only disguise."""
    table = _spellings()
    if table is None:
        return romanize_person(name)
    units = _units(name_key(name))
    # (a kunya or a name in عبد is Arabic: "أبو قتادة التونسي")
    if not units or units[0].startswith(("ال", "ابو ", "عبد ")) or table.spell(units[0]):
        return romanize_person(name)  # (a family name alone, "الملحم", reads as an Arabic one)
    return table.spell(" ".join(name_key(name)))  # a foreign name spelled whole, or None


class _Spellings:
    """The table's spellings in memory, chosen as the package chooses them without its model (the most
    attested spelling of the whole name when it is trusted, else the best of each unit; on the 1,063 names
    of people not in the KB in 400 articles, the same as the package's but for Latin words inside), at a
    dictionary look-up per unit instead of SQL queries (about a millisecond a name)."""

    def __init__(self, full: dict[str, list[tuple[str, int]]],
                 units: dict[str, list[tuple[str, int]]]) -> None:
        self.full, self.units = full, units
        from arabic_name_romanizer.normalize import full_key, lookup_key, normalize_arabic, split_units

        self._full_key, self._lookup_key, self._normalize, self._split = full_key, lookup_key, normalize_arabic, \
            split_units

    def spell(self, text: str) -> str | None:
        norm = self._normalize(text)
        units = self._split(norm)
        if not units:
            return None
        whole = self.full.get(self._full_key(norm))
        if whole and whole[0][1] >= TRUST:
            return whole[0][0]
        parts, score = [], 1.0
        for unit in units:
            best = self._best_unit(self._lookup_key(unit))
            if best is None:
                parts = []
                break
            parts.append(best[0])
            score *= best[1]
        if whole and (not parts or _score(whole[0][1], sum(c for _, c in whole)) >= score):
            return whole[0][0]
        return " ".join(parts) or None

    @lru_cache(maxsize=1 << 15)  # noqa: B019 - one instance for the process
    def _best_unit(self, key: str) -> tuple[str, float] | None:
        rows = self.units.get(key)
        if not rows:
            return None
        counts: dict[str, int] = {}
        article = key.startswith("ال")
        first = key[2:3] if article else key[:1]
        for latin, count in rows:
            if _ARTICLE_RE.match(latin) and not article:
                continue  # "سلطان" -> "Al-Sharji": a row of another name, the article it does not have
            if not _first_letter_fits(first, _ARTICLE_RE.sub("", latin, count=1)):
                continue  # "الثبيتي" -> "Al-Otaibi": another family's spelling
            counts[latin] = counts.get(latin, 0) + count
        if not counts:
            return None
        latin = min(counts, key=lambda k: (-counts[k], k))
        return latin, _score(counts[latin], sum(counts.values()))


_ARTICLE_RE = re.compile(r"(?:al|el)[- ]", re.IGNORECASE)
_VOWELS = "aeiouy'"
# The Latin letters a spelling of a name may start with, by its first Arabic letter (after the article).
_FIRST_LETTERS = {
    "ا": _VOWELS, "أ": _VOWELS, "إ": _VOWELS, "آ": _VOWELS, "ع": _VOWELS, "ء": _VOWELS, "ئ": _VOWELS, "ؤ": _VOWELS,
    "ب": "bp", "ت": "t", "ث": "tsd", "ج": "jgd", "ح": "hk", "خ": "khx", "د": "d", "ذ": "dzt", "ر": "r",
    "ز": "zs", "س": "sc", "ش": "sc", "ص": "sc", "ض": "dz", "ط": "t", "ظ": "zdt", "غ": "ghr", "ف": "fpv",
    "ق": "qkgc", "ك": "kcq", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "wouv", "ي": "yije", "ى": _VOWELS,
}


def _first_letter_fits(arabic: str, latin: str) -> bool:
    """Whether a Latin spelling can start as the Arabic name does (unknown letters: yes)."""
    allowed = _FIRST_LETTERS.get(arabic)
    return allowed is None or not latin or latin[0].lower() in allowed
TRUST = 3  # the package's trust threshold: a spelling attested this often is taken as it is


def _score(count: int, total: int) -> float:
    return count / total * count / (count + TRUST)


@lru_cache(maxsize=1)
def _spellings() -> _Spellings | None:
    """The table read once into memory (Arabic-script rows; Persian-region spellings are the package's
    other family)."""
    return _cached("kb-spellings", _read_spellings)


def _read_spellings(path: Path) -> _Spellings | None:
    try:
        from arabic_name_romanizer.lookup import _FAMILY, region_of
    except ImportError:
        return None

    def arabic(country: str) -> bool:
        return _FAMILY.get(region_of(country), "arabic") == "arabic"

    full: dict[str, dict[str, int]] = {}
    units: dict[str, list[tuple[str, int]]] = {}
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for key, latin, country, count in conn.execute("SELECT arabic_key, latin, country, count FROM full_names"):
            if arabic(country):
                found = full.setdefault(key, {})
                found[latin] = found.get(latin, 0) + int(count)
        for key, latin, country, count in conn.execute("SELECT arabic_key, latin, country, count FROM units"):
            if arabic(country):
                units.setdefault(key, []).append((latin, int(count)))
    finally:
        conn.close()
    ranked = {k: sorted(v.items(), key=lambda kv: (-kv[1], kv[0])) for k, v in full.items()}
    return _Spellings(ranked, units)


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
    """The most frequent words of the news corpus (30,000 words; data/ner/common_words.txt, the vocabulary
    of the session-7 word clusters: clusters.tsv now covers 86,000 words, names among them), empty when the
    list is absent. From the start-up cache (marsad.fastload) as a set read word by word: reading the list
    took ~10 ms a process, a page asks about a few hundred of its words."""
    from ..fastload import KeySet, load_or_build
    from ..ner.lexicon import data_dir

    path = data_dir() / "common_words.txt"
    words = load_or_build("kb-common-words", ("kb/personal.py", path.resolve()),
                          lambda: KeySet(_read_words(path)), extra=str(path))
    return words or frozenset()  # type: ignore[return-value] # (a frozenset-like KeySet)


def _read_words(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8") as lines:
            return [w for line in lines if (w := line.strip()) and not w.startswith("#")]
    except OSError:
        return []


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
    # a foreign given name with س ("سيرجي شويغو", "سيغمار غابرييل") before a surname the news rarely uses,
    # where a verb in the future has a common word after it ("سيزور موسكو", "سيلتقي نظيره")
    foreign_s = first.startswith("س") and len(words) >= 2 and bool(vocabulary) \
        and not any(w in vocabulary or w.startswith(_CLITIC_STARTS[:5]) or w.startswith("ال") for w in words[1:])
    if not (first in known or name_word(first)) and (first.startswith("ال") or (
            first.startswith(_CLITIC_STARTS) and not rare and not foreign_s)):
        return False  # "لتعديلات قانوني تنظيم", "باعتماد القرار": a name does not start so
    if any(w in known or name_word(w) for w in words):
        return True
    # a foreign name's shape: no article, no proclitic, and a word the news rarely uses (not "موقف بلاده")
    return not any(w.startswith(("ال", "بال", "لل", "وال", "فال", "كال"))
                   or (w.startswith(_CLITIC_STARTS) and not rare and not (foreign_s and w is first))
                   for w in words) \
        and (not vocabulary or not vocabulary.issuperset(words))


def plural_common_noun(word: str) -> bool:
    """An indefinite feminine plural the news uses as a common noun, not a name (a normalised word): the
    object of the verb after the name before it ("أجرى الوزير عبدالله اليحيا مباحثات", "محادثات",
    "اتصالات"); "عرفات" is a name word, so it stays."""
    return word.endswith("ات") and not word.startswith("ال") and word in common_words() and not name_word(word)


def accusative_noun(word: str) -> bool:
    """A common noun with the accusative alif and no tanween written ("بابا" of "يفتح بابا", "مؤتمرا" of
    "عقد … مؤتمرا"): its stem is a word the news uses and no one's name (a normalised word)."""
    return len(word) >= 4 and word.endswith("ا") and word[:-1] in common_words() and not name_word(word[:-1])


_PRONOUN_SUFFIXES = ("كم", "هم", "هما", "ها", "نا")


def with_pronoun(word: str) -> bool:
    """Whether a word is a common noun with a possessive pronoun ("مواقفكم", "زيارته"): never a name's word.
    (Not ي, which ends so many family names: "عسيري".)"""
    if word.startswith("ال") or name_word(word):
        return False
    vocabulary = common_words()
    for suffix in _PRONOUN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and word[:-len(suffix)] in vocabulary:
            return True
    return word.endswith("ته") and len(word) >= 5 and (word[:-2] + "ه") in vocabulary  # زيارته <- زيارة
