"""A rule-based Arabic -> Latin romaniser for names not in the KB ("x:…" actors).

Arabic script writes no short vowels, so this is a readable guess, not a transliteration: common
given names come from a table (romanize.yaml), the article is "al-", long vowels are kept
(ا a, و u/w, ي i/y), ة is "a", and a short "a" is put between two consonants that would
otherwise stand together at the start of a word.
"""

from __future__ import annotations

from functools import lru_cache

from .. import config
from .names import name_key

_VOWELS = set("aeiou")


@config.data_cache
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    data = config.load_rules("kb/romanize.yaml")
    words = {"".join(name_key(k)): v for k, v in data["words"].items()}
    return words, {k: str(v) for k, v in data["letters"].items()}


@lru_cache(maxsize=1 << 14)  # names of people not in the KB recur across articles
def romanize(name: str) -> str:
    """'هيثم مناع' -> 'Haytham Mana', 'خالد المحيميد' -> 'Khaled al-Mhimid'."""
    words, _ = _tables()
    out = []
    for word in name_key(name):
        if word.isascii():
            out.append(word.capitalize())
        elif word in words:
            out.append(words[word])
        elif word.startswith("ال") and len(word) > 3:
            stem = word[2:]
            out.append("al-" + (words.get(stem) or _letters(stem)).capitalize())
        else:
            out.append(_letters(word).capitalize())
    return " ".join(out)


@lru_cache(maxsize=1 << 15)  # given names and family names recur in different names
def _letters(word: str) -> str:
    _, letters = _tables()
    out: list[str] = []
    n = len(word)
    for i, ch in enumerate(word):
        prev = out[-1][-1:] if out else ""
        if ch == "ا":
            out.append("a" if prev != "a" else "")
        elif ch in "و":
            out.append("w" if i == 0 or (i + 1 < n and word[i + 1] in "اوي") else ("u" if prev not in _VOWELS else "w"))
        elif ch == "ي":
            out.append("y" if i == 0 or (i + 1 < n and word[i + 1] in "اوي") else ("i" if prev not in _VOWELS else "y"))
        elif ch == "ه" and i == n - 1 and n > 2:
            out.append("a")  # ة (normalised to ه) at the end of a word
        elif ch.isdigit():
            out.append(ch)
        else:
            cons = letters.get(ch, "")
            # two consonants at the start of a word need a vowel between them to be readable
            if i == 1 and prev and prev[-1] not in _VOWELS and cons:
                out.append("a")
            out.append(cons)
    text = "".join(out)
    return text.replace("''", "'").strip("'") or word
