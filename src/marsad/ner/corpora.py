"""More annotated data for the tagger: WikiFANE Gold and AQMAR mapped to ANERcorp's four types.

Both are Arabic Wikipedia. WikiFANE's 50 fine classes map the ACE way (README of ../shared): people,
organisations and places to PERS/ORG/LOC; vehicles, weapons, products and works to MISC (ANERcorp tags
"كلاشنيكوف", "سوخوي", novels and prizes MISC); "Group" (nationalities, communities: "العرب") to O, as
ANERcorp leaves nationalities untagged. AQMAR's PER/LOC/ORG map directly; its MIS0–MIS3 are sub-kinds
chosen per article (particles in a physics article, terms in a football one), mapped to O by default.

WikiFANE cuts clitics off as separate tokens ("و الذرة", "عاصمة ها", "ل المدينة"); ANERcorp and the segment
stage keep them attached, so they are glued back ("والذرة", "عاصمتها", "للمدينة") before training: the
tagger must learn from words as it will meet them. Spelling (its bare alef for hamza forms) needs nothing
here: every feature reads the normalised form (`lexicon.norm_word`), in which both spellings are one.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from ..errors import InputError
from .conll import Sentence

PERS_CLASSES = frozenset({"Politician", "Artist", "Scientist", "Athlete", "Businessperson", "Engineer", "Lawyer",
                          "Police", "Religious_PER", "Other_PER"})
ORG_CLASSES = frozenset({"Government", "Commercial", "Educational", "Media", "Non-Governmental", "Religious_ORG",
                         "Sports", "Entertainment", "Medical-Science"})
LOC_CLASSES = frozenset({"Nation", "Population-Center", "State-or-Province", "County-or-District", "GPE-Cluster",
                         "Continent", "Water-Body", "Land-Region-Natural", "Celestial", "Building-Grounds", "Airport",
                         "Path", "Subarea-Facility"})
MISC_CLASSES = frozenset({"Air", "Land", "Water", "Book", "Movie", "Sound", "Software", "Hardware", "Projectile",
                          "Nuclear", "Shooting", "Blunt", "Exploding", "Chemical", "Sharp", "Food", "Drug", "Plant"})


def wikifane_type(fine: str, misc: bool = True) -> str | None:
    """ANERcorp type of a WikiFANE class (None: outside any entity)."""
    if fine in PERS_CLASSES:
        return "PERS"
    if fine in ORG_CLASSES:
        return "ORG"
    if fine in LOC_CLASSES:
        return "LOC"
    if misc and fine in MISC_CLASSES:
        return "MISC"
    return None


AQMAR_TYPES = {"PER": "PERS", "LOC": "LOC", "ORG": "ORG"}


def aqmar_type(tag_type: str, misc: bool = False) -> str | None:
    if tag_type in AQMAR_TYPES:
        return AQMAR_TYPES[tag_type]
    if misc and tag_type.startswith("MIS"):
        return "MISC"
    return None


# Clitics WikiFANE writes as tokens of their own: conjunctions and prepositions glue to the next word,
# pronouns to the word before.
PROCLITICS = frozenset({"و", "ف", "ب", "ل", "ك"})
ENCLITICS = frozenset({"ه", "ها", "هم", "هما", "هن", "كم", "كما", "نا", "ي", "ني"})


def _is_word(token: str) -> bool:
    return any(c.isalnum() for c in token)  # "ب 2" -> "ب2", as ANERcorp writes "بـ30"


def glue_clitics(sentence: Sentence) -> Sentence:
    """Clitic tokens joined to their host ("ل" + "المدينة" -> "للمدينة"); the host keeps its tag (a clitic
    before an entity becomes part of its first token, as in ANERcorp's "وبرشلونة")."""
    out: Sentence = []
    pending = ""  # proclitics waiting for their word
    for k, (token, tag) in enumerate(sentence):
        if token in PROCLITICS and k + 1 < len(sentence) and _is_word(sentence[k + 1][0]):
            pending += token
            continue
        if pending:
            if pending.endswith("ل") and token.startswith("ال"):
                token = pending + token[1:]  # ل + الكتاب = للكتاب
            else:
                token = pending + token
            pending = ""
            out.append((token, tag))
            continue
        if token in ENCLITICS and out and _is_word(out[-1][0]) and tag == "O" and token != "كما":
            host, host_tag = out[-1]
            if host.endswith("ة"):  # عاصمة + ها = عاصمتها
                host = host[:-1] + "ت"
            out[-1] = (host + token, host_tag)
            continue
        out.append((token, tag))
    return out


def _read_lines(path: Path) -> list[str]:
    if not path.exists():
        raise InputError("no such file", source=str(path), reason="missing")
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as f:
            return f.read().splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read ({err})", source=str(path)) from None


def _sentences(lines: list[str], mapper) -> list[Sentence]:  # type: ignore[no-untyped-def]
    """Blank-line separated `token tag` lines, tags mapped to IOB2 ANERcorp types by `mapper(type)`;
    malformed tags ("IO", "I--ORG") become O, an I- with no entity before it a B-."""
    sentences: list[Sentence] = []
    current: Sentence = []
    previous = "O"
    for line in [*lines, ""]:
        parts = line.split()
        if len(parts) < 2:
            if current:
                sentences.append(current)
            current, previous = [], "O"
            continue
        token, raw = parts[0], parts[-1]
        prefix, _, fine = raw.partition("-")
        kind = mapper(fine) if prefix in ("B", "I") and fine else None
        if kind is None:
            tag = "O"
        elif prefix == "I" and previous[2:] == kind:
            tag = "I-" + kind
        else:
            tag = "B-" + kind
        current.append((token, tag))
        previous = tag
    return sentences


def read_wikifane(path: Path, misc: bool = True) -> list[Sentence]:
    return [glue_clitics(s) for s in _sentences(_read_lines(path), lambda t: wikifane_type(t, misc))]


def read_aqmar(path: Path, misc: bool = False, max_tokens: int = 120) -> list[Sentence]:
    """AQMAR's blank lines separate articles, not sentences: cut at sentence-final punctuation outside an
    entity so that no training sequence runs to thousands of tokens."""
    out: list[Sentence] = []
    for article in _sentences(_read_lines(path), lambda t: aqmar_type(t, misc)):
        article = glue_clitics(article)  # a few conjunctions stand alone ("، و نيوترونات")
        current: Sentence = []
        for token, tag in article:
            current.append((token, tag))
            if tag == "O" and (token[-1:] in ".!؟?" or len(current) >= max_tokens):
                out.append(current)
                current = []
        if current:
            out.append(current)
    return out
