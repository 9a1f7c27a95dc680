"""Name keys, systematic spelling variants and title templates.

Every look-up in the KB goes through `name_key`: the normalised words of a name (see
marsad.text.normalize: أ/إ/آ -> ا, ى -> ي, ة -> ه, no diacritics or tatweel). Spelling variants that
follow rules (غ/ج in foreign names, عبد الله/عبدالله, عز الدين/عزالدين) are generated here at load;
irregular ones (ميستورا/مستورا) are listed in the data.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..text.normalize import norm, translation_table

Key = tuple[str, ...]

# The DEFAULT normalisation as one translate table, built once: name_key runs for every generated
# title (hundreds of thousands at KB load), and norm() builds its table on every call.
_TRANSLATE = translation_table()

_WORD_RE = re.compile(r"[^\W_]+")
# Words that join the next word in compound given names: عبد الله / عبدالله, أبو ظبي / أبوظبي.
# The first word of a blessing that follows a name ("الملك سلمان - حفظه الله -", "فيصل بن عبدالعزيز رحمه الله"),
# as written: it ends a name, is never a mention on its own, and is no clause boundary when set off by dashes.
BLESSINGS = ("حفظه", "حفظها", "حفظهم", "يحفظه", "رحمه", "رحمها", "رحمهم", "أيده", "أيدها", "يرعاه", "غفر", "طيب")
BLESSING_WORDS = frozenset(norm(w) for w in BLESSINGS)  # normalised as the text's words are

_JOINING_FIRST = {"عبد", "ابو"}
# Second halves that join the previous word: عز الدين / عزالدين, نصر الله / نصرالله.
_JOINING_SECOND = {"الله", "الدين"}


_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def norm_text(text: str) -> str:
    """normalize.norm with the DEFAULT options, fast."""
    if _PRESENTATION_RE.search(text):  # presentation forms need norm()'s NFKC step
        return norm(text)
    return text.translate(_TRANSLATE).lower()


@lru_cache(maxsize=1 << 16)  # names and mentions recur across articles
def name_key(text: str) -> Key:
    """The normalised words of `text` (punctuation, quotes and dashes dropped)."""
    return tuple(_WORD_RE.findall(norm_text(text)))


_PROCLITIC_RE = re.compile(r"^(?:[وف]?لل(?=\w{2})|[وف]?[بك]?(?=ال\w{2})|[وف]?ل(?=ال\w{2}))")


def without_proclitic(text: str) -> str:
    """A name as written without the proclitics glued to its first word, where the article shows where they
    end: "للجبير" -> "الجبير" (ل + الجبير), "والسعودية" -> "السعودية", "بالمملكة" -> "المملكة"; a word
    without the article keeps its letters ("لافروف", "وليد")."""
    found = _PROCLITIC_RE.match(text)
    if not found or not found.group():
        return text
    if found.group().endswith("لل"):
        return "ال" + text[found.end():]
    return text[found.end():]


def words(normalised: str) -> Key:
    """The words of an already normalised text."""
    return tuple(_WORD_RE.findall(normalised))


def compound_variants(key: Key) -> set[Key]:
    """Joined and split spellings of compound names: ('عبد','الله') <-> ('عبدالله',)."""
    out = {key}
    # Join every joinable pair.
    for i in range(len(key) - 1):
        a, b = key[i], key[i + 1]
        if a in _JOINING_FIRST or b in _JOINING_SECOND:
            out.add(key[:i] + (a + b,) + key[i + 2:])
    # Split joined spellings.
    for i, word in enumerate(key):
        for first in _JOINING_FIRST:
            if word.startswith(first) and len(word) > len(first) + 2:
                out.add(key[:i] + (first, word[len(first):]) + key[i + 1:])
        for second in _JOINING_SECOND:
            if word.endswith(second) and len(word) > len(second) + 2:
                out.add(key[:i] + (word[: -len(second)], second) + key[i + 1:])
    return out


def letter_variants(key: Key) -> set[Key]:
    """Transcription variants of foreign names: غ and ج both render the Latin g (سيرغي/سيرجي)."""
    out = {key}
    joined = " ".join(key)
    for a, b in (("غ", "ج"), ("ج", "غ")):
        if a in joined:
            out.add(tuple(joined.replace(a, b).split(" ")))
    return out


def name_variants(text: str, *, foreign_letters: bool = True) -> set[Key]:
    key = name_key(text)
    if not key:
        return set()
    out: set[Key] = set()
    for variant in compound_variants(key):
        out |= letter_variants(variant) if foreign_letters else {variant}
    return out


_GROUP_RE = re.compile(r"\(([^()]*)\)")
# A one-letter proclitic written before a word that starts with the article: ل + الأمم -> للأمم.
_LAM_ARTICLE_RE = re.compile(r"(^|\s)([وف]?)لال")


def expand_alternatives(template: str) -> Iterator[str]:
    """'(a|b) x (c |)' -> 'a x c ', 'a x ', 'b x c ', 'b x '."""
    parts = _GROUP_RE.split(template)
    # parts alternate: literal, group, literal, group, ...
    choices: list[list[str]] = []
    for i, part in enumerate(parts):
        choices.append(part.split("|") if i % 2 else [part])
    for combo in itertools.product(*choices):
        yield re.sub(r"\s+", " ", "".join(combo)).strip()


def fill(template: str, values: dict[str, str]) -> str:
    text = template.format(**values)
    return _LAM_ARTICLE_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}لل", text)


def placeholders(template: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", template))


def unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
