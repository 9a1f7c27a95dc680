"""Who an entity of an article is in the whole archive: its actor key (actors.id)."""

from __future__ import annotations

from functools import lru_cache

from ..text.normalize import norm


def actor_key(type_: str, name: str, kb_id: str | None, article_id: str | None = None) -> str:
    """The archive-wide identity of an entity: its KB id, else its type and normalised name. A person outside
    the KB whose name is too weak to tell who they are (`weak_person_name`: "عبد الله", "محمد بن علي") is one
    actor per article, keyed ``PER:name@article_id``: a name alone merged every "عبد الله" of the archive
    into one actor (issue 18). Full names ("عبد الله المعلمي") still join across articles."""
    if kb_id:
        return kb_id
    normed = name_norm(name)
    if type_ == "PER" and article_id is not None and weak_person_name(normed):
        return f"PER:{normed}@{article_id}"
    return f"{type_}:{normed}"


# Words of a lineage ("son/daughter of"): not name words of their own.
_LINEAGE = frozenset(("بن", "ابن", "بنت", "ولد"))
# "عبد X", "ابو X": one given name (or kunya) of two words, wherever it stands.
_COMPOUND_FIRST = frozenset(("عبد", "ابو", "ام"))
# "X الدين", "X الله": one given name when it opens the name ("عز الدين", "نصر الله" but not "حسن نصر الله").
_COMPOUND_SECOND = frozenset(("الدين", "الله"))


@lru_cache(maxsize=1 << 14)
def weak_person_name(normed: str) -> bool:
    """Whether a person's normalised name is too weak to identify someone across articles: one name word
    ("محمد", "المعلمي", "عبد الله", "نور الدين": a compound given name is one word; lineage words do not
    count, "بن علي"), or a given name, بن/ابن and another given name ("خالد بن محمد"; given names: the
    NER's list of first names). Two or more name words otherwise stay one actor across articles: a family
    name or nisba ("عبد الله المعلمي", "جون كيري"), a lineage of three ("فيصل بن سلمان بن عبدالعزيز"), and
    a given name with the father's name written plainly, the Egyptian and Levantine full name ("سامح شكري",
    "جمال عبد الناصر")."""
    all_words = normed.split()
    words = [w for w in all_words if w not in _LINEAGE]
    units: list[str | None] = []  # each name word, None for a compound given name
    i = 0
    while i < len(words):
        if i + 1 < len(words) and (words[i] in _COMPOUND_FIRST or (not units and words[i + 1] in _COMPOUND_SECOND)):
            units.append(None)
            i += 2
            continue
        units.append(words[i])
        i += 1
    if len(units) <= 1:
        return True
    if len(units) > 2 or len(words) == len(all_words):  # three name words, or no lineage word
        return False
    given = _given_names()
    return all(u is None or u in given for u in units)


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    from ..ner.lexicon import load_lexicons  # the NER's first-name list, normalised as names are (norm)

    return frozenset(load_lexicons().words.get("first", ()))


@lru_cache(maxsize=1 << 16)  # names repeat across articles; bounded
def name_norm(name: str) -> str:
    """A name normalised, whitespace collapsed (actors.name_norm and the name part of actor keys)."""
    return " ".join(norm(name).split())
