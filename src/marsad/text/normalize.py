"""Normalised views of Arabic text, with an offset map back to the original.

Matching needs a text where أ/إ/آ/ا are one letter, diacritics and tatweel are gone and ٣ is 3;
reporting needs offsets into the text the user sees. `normalize` gives both: a `NormalizedText` whose
`to_original` maps every normalised character back to the character it came from, so a match in the
normalised view becomes a span of the original with `original_span`.

The character maps live in one table per operation (as in CAMeL Tools' CharMapper); each option can
be switched off.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

# Arabic diacritics (harakat, tanwin, shadda, sukun, superscript alef, Quranic marks).
DIACRITICS = set("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0656\u0657\u0658"
                 "\u0659\u065a\u065b\u065c\u065d\u065e\u065f\u0670\u06d6\u06d7\u06d8\u06d9\u06da\u06db"
                 "\u06dc\u06df\u06e0\u06e1\u06e2\u06e3\u06e4\u06e7\u06e8\u06ea\u06eb\u06ec\u06ed")
TATWEEL = "\u0640"
# Invisible format characters: bidi marks and embeddings/overrides/isolates, zero-width characters, BOM.
INVISIBLE = set("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                "\u061c\ufeff\u00ad")
SPACES = set("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")

ALEF_MAP = {"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627", "\u0672": "\u0627",
            "\u0673": "\u0627"}
HAMZA_MAP = {"\u0624": "\u0621", "\u0626": "\u0621"}  # ؤ ئ -> ء (مسؤول / مسئول)
YEH_MAP = {"\u0649": "\u064a", "\u06cc": "\u064a", "\u06d2": "\u064a"}  # ى ی ے -> ي
TEH_MARBUTA_MAP = {"\u0629": "\u0647"}  # ة -> ه
KAF_MAP = {"\u06a9": "\u0643"}  # Persian keheh -> ك
DIGIT_MAP = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
PUNCT_MAP = {"\u066b": ".", "\u066c": ",", "\u2212": "-", "\u2013": "-", "\u2014": "-"}


@dataclass(frozen=True)
class NormalizeOptions:
    alef: bool = True
    hamza: bool = True
    yeh: bool = True
    teh_marbuta: bool = True
    diacritics: bool = True
    tatweel: bool = True
    digits: bool = True
    invisible: bool = True
    spaces: bool = True
    presentation_forms: bool = True
    lowercase: bool = True  # Latin letters inside Arabic text


DEFAULT = NormalizeOptions()
# For display-preserving cleanup (keep letters as written, drop only what is invisible or decorative).
LIGHT = NormalizeOptions(alef=False, hamza=False, yeh=False, teh_marbuta=False, lowercase=False)


def _build_table(opts: NormalizeOptions) -> dict[str, str]:
    table: dict[str, str] = {}
    for enabled, mapping in (
        (opts.alef, ALEF_MAP), (opts.hamza, HAMZA_MAP), (opts.yeh, YEH_MAP),
        (opts.teh_marbuta, TEH_MARBUTA_MAP), (True, KAF_MAP), (opts.digits, DIGIT_MAP), (True, PUNCT_MAP),
    ):
        if enabled:
            table.update(mapping)
    drop = set()
    if opts.diacritics:
        drop |= DIACRITICS
    if opts.tatweel:
        drop.add(TATWEEL)
    if opts.invisible:
        drop |= INVISIBLE
    for ch in drop:
        table[ch] = ""
    if opts.spaces:
        for ch in SPACES:
            table[ch] = " "
    return table


_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


@dataclass(frozen=True)
class _Compiled:
    """Per-options tables, built once: a str.translate table and a regex of characters that change length."""

    mapping: dict[str, str]
    translate: list[str]  # indexed by code point: str.translate raises and catches a KeyError for every
    # character a dict lacks, which made it three times slower on running text; past the end of the list
    # (beyond every mapped character) an IndexError leaves the character as it is, as a dict would
    length_changing: re.Pattern[str]


_IDENTITY: list[str] = []  # chr(i) for every i, shared by the tables


def _list_table(mapping: dict[str, str]) -> list[str]:
    size = max(map(ord, mapping), default=-1) + 1
    if len(_IDENTITY) < size:
        _IDENTITY.extend(map(chr, range(len(_IDENTITY), size)))  # (map: ~2x faster than a generator, 65k calls)
    table = _IDENTITY[:size]
    for ch, rep in mapping.items():
        table[ord(ch)] = rep
    return table


_COMPILED: dict[NormalizeOptions, _Compiled] = {}
_DEFAULT_COMPILED: list[_Compiled] = []  # the tables of DEFAULT, once built


def _compiled(opts: NormalizeOptions) -> _Compiled:
    # `norm` runs for every token; hashing the options dataclass on each call cost half of its time, so the
    # default options (nearly every call) are answered by identity.
    if opts is DEFAULT and _DEFAULT_COMPILED:
        return _DEFAULT_COMPILED[0]
    found = _COMPILED.get(opts)
    if found is None:
        mapping = _build_table(opts)
        if opts.lowercase:  # ASCII only: str.lower() would also change (and lengthen) other scripts
            mapping.update({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})
        changing = "".join(re.escape(c) for c, rep in mapping.items() if len(rep) != 1)
        pattern = f"[{changing}]" if changing else "(?!)"
        if opts.presentation_forms:
            pattern += "|" + _PRESENTATION_RE.pattern
        found = _Compiled(mapping, _list_table(mapping), re.compile(pattern))
        _COMPILED[opts] = found
    if opts is DEFAULT:
        _DEFAULT_COMPILED.append(found)
    return found


def translation_table(options: NormalizeOptions = DEFAULT) -> list[str]:
    """The str.translate table of `norm` (without presentation-form expansion), for callers with hot loops."""
    return _compiled(options).translate


def _is_presentation_form(ch: str) -> bool:
    return _PRESENTATION_RE.match(ch) is not None


@dataclass(frozen=True)
class NormalizedText:
    """A normalised view: `text`, and for each of its characters the index of the original one."""

    original: str
    text: str
    to_original: Sequence[int]  # a range when no character changed length (no need to build the tuple)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that normalised [start:end) came from."""
        if start >= end:
            pos = self.to_original[start] if start < len(self.to_original) else len(self.original)
            return pos, pos
        return self.to_original[start], self.to_original[end - 1] + 1

    def original_text(self, start: int, end: int) -> str:
        s, e = self.original_span(start, end)
        return self.original[s:e]


def normalize(text: str, options: NormalizeOptions = DEFAULT) -> NormalizedText:
    """Normalise `text` for matching and keep a map back to it."""
    compiled = _compiled(options)
    if not compiled.length_changing.search(text):
        # Fast path (most running text): one-to-one replacements, so offsets are unchanged.
        return NormalizedText(text, text.translate(compiled.translate), range(len(text)))
    # Rare length-changing characters (tatweel, diacritics, ﻻ…): translate the runs between them in one go.
    table = compiled.mapping
    out: list[str] = []
    index: list[int] = []
    pos = 0
    for m in compiled.length_changing.finditer(text):
        i = m.start()
        if i > pos:
            out.append(text[pos:i].translate(compiled.translate))
            index.extend(range(pos, i))
        ch = m.group()
        if options.presentation_forms and _is_presentation_form(ch):
            # NFKC turns a presentation form into its base letter(s) (ﻻ -> لا); map each back to i.
            rep = "".join(table.get(c, c) for c in unicodedata.normalize("NFKC", ch))
        else:
            rep = table.get(ch, ch)
        out.append(rep)
        index.extend([i] * len(rep))
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:].translate(compiled.translate))
        index.extend(range(pos, len(text)))
    return NormalizedText(text, "".join(out), tuple(index))


def normalize_ranges(text: str, ranges: Iterable[tuple[int, int]]) -> Iterator[NormalizedText]:
    """normalize(text[start:end]) for each range. When no character of `text` changes length or is a
    presentation form (most articles), its normal form is the same string as norm(text), cut at the same
    offsets: the text is translated once, and that translation is the one `norm_remembered` keeps (the
    archive's key and signature of a body normalise it too)."""
    compiled = _compiled(DEFAULT)
    if compiled.length_changing.search(text) or _PRESENTATION_RE.search(text):
        for start, end in ranges:
            yield normalize(text[start:end])
        return
    whole = norm_remembered(text)
    for start, end in ranges:
        yield NormalizedText(text[start:end], whole[start:end], range(end - start))


def norm_remembered(text: str) -> str:
    """norm(text), remembered for the last text object given: an article's key (store.content_hash) and its
    near-duplicate signature (ingest.dedup) both normalise the same body, one after the other."""
    global _last_norm
    last = _last_norm
    if text is last[0]:
        return last[1]
    normed = norm(text)
    _last_norm = (text, normed)  # one tuple: a reader in another thread sees a consistent pair
    return normed


_last_norm: tuple[str | None, str] = (None, "")


def norm(text: str, options: NormalizeOptions = DEFAULT) -> str:
    """Just the normalised string (for keys and lexicon look-ups)."""
    compiled = _compiled(options)
    if options.presentation_forms and _PRESENTATION_RE.search(text):
        text = _PRESENTATION_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return text.translate(compiled.translate)


# Proclitics: conjunction (و ف), preposition (ب ل ك), article (ال). Splitting is ambiguous (وزير is not
# و + زير), so without a lexicon only splits that include the article are made; with one, any split
# whose stem the lexicon knows.
_PROCLITIC_RE = re.compile(r"^(?P<conj>[وف])?(?P<prep>[بلك])?(?P<art>ال)?$")
# The prefixes _PROCLITIC_RE matches, as sets (a set look-up is several times cheaper than the regex; "$"
# also matches before a final newline, hence the second set).
_PREFIXES = frozenset(c + p + a for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك") for a in ("", "ال"))
_PROCLITIC_PREFIXES = (_PREFIXES - {""}) | {x + "\n" for x in _PREFIXES}
_ARTICLE_PREFIXES = frozenset(x for x in _PREFIXES if x.endswith("ال"))  # وال بال لال …, 2 to 4 letters


def proclitic_splits(word: str, min_stem: int = 2) -> list[tuple[str, str]]:
    """All grammatical (prefix, stem) splits of a normalised word, longest prefix first, ending with ('', word)."""
    return list(_proclitic_splits(word, min_stem))


# Called several times per token by the NER features and rules (about a tenth of the pipeline's time in a
# profile of 80 SaudiNewsNet articles); news vocabulary repeats, so a bounded cache removes that cost.
@lru_cache(maxsize=1 << 16)  # bounded: full, both caches hold about 70 MB
def _proclitic_splits(word: str, min_stem: int) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    if word.startswith(("لل", "ولل", "فلل")) and len(word) - word.index("لل") - 2 >= min_stem:
        cut = word.index("لل") + 2  # للرئيس = ل + ال + رئيس
        out.append((word[:cut], word[cut:]))
    for cut in range(min(4, len(word) - min_stem), 0, -1):
        prefix = word[:cut]
        if prefix in _PROCLITIC_PREFIXES and (prefix, word[cut:]) not in out:
            out.append((prefix, word[cut:]))
    out.append(("", word))
    return tuple(out)


def split_proclitics(word: str, known: set[str] | frozenset[str] | None = None, min_stem: int = 2) -> tuple[str, str]:
    """Split leading clitics off a normalised word: 'والرئيس' -> ('وال', 'رئيس').

    With `known` (a set of stems), the longest split whose stem is known wins; without it only splits
    that contain the article are trusted.
    """
    if known is None:
        # The first split of _proclitic_splits whose prefix ends with the article, found directly: "لل"
        # splits come first, then the longest prefix of the article's forms.
        if word.startswith(("لل", "ولل", "فلل")) and len(word) - word.index("لل") - 2 >= min_stem:
            cut = word.index("لل") + 2
            return word[:cut], word[cut:]
        for cut in range(min(4, len(word) - min_stem), 1, -1):
            if word[:cut] in _ARTICLE_PREFIXES:
                return word[:cut], word[cut:]
        return "", word
    for prefix, stem in _proclitic_splits(word, min_stem):
        if not prefix:
            break
        if known is not None:
            if stem in known:
                return prefix, stem
        elif prefix.endswith("ال") or prefix.endswith("لل"):
            return prefix, stem
    return "", word
