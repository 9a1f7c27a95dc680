"""Arabic, or another language written in the Arabic script (Persian, Urdu, Kurdish Sorani)?

`check_text` (marsad.io) only asks whether the letters are in the Arabic script. Persian, Urdu and Sorani
share it, and the pipeline would read names, quotes and events out of them. Each paragraph is classed by
its function words, which no other of these languages writes (Arabic: the article ال and في/من/على…,
Persian: است/این/را/از…, Urdu: ہے/کے/میں…), and by the letters only the others have (ے ہ ۀ ٹ ڈ ڑ ں; Sorani
ە ۆ ێ ڕ ڵ). A page whose Arabic-script words are mostly in other-language paragraphs is refused with the
language named (LanguageError, reason "language"); a mixed page keeps its Arabic paragraphs.

lingua would do this too, but it is not installed here and loads its models in about a second, more than
the whole analysis of a page; these words and letters decide news paragraphs at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError

NAMES = {"fa": "Persian", "ur": "Urdu", "ckb": "Kurdish (Sorani)", "ar": "Arabic"}

# Variants folded before the word lists are consulted: Persian/Urdu yeh and keheh, Urdu heh goal, Arabic
# alef forms. Letters that only the other languages have are counted before folding.
_FOLD = str.maketrans({"ی": "ي", "ى": "ي", "ک": "ك", "ہ": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "آ": "ا"})


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.translate(_FOLD).split())


_WORDS = {
    "ar": _words("في من على الى عن ان التي الذي الذين هذا هذه ذلك تلك مع بعد قبل كان كانت لم لن قد وقال قال "
                 "وقالت قالت حيث بين اي كما او ثم اذا لا ما هو هي انه انها وفي ومن وعلى"),
    "fa": _words("است این که را از با برای یک شد شده می ها های نیز خود کند کرده بود بوده اند ایم نمی بر تا ولی "
                 "اما چه چون همه دیگر شود گفت"),
    "ur": _words("ہے ہیں کے میں نے کو سے پر یہ وہ تھا تھے گیا گئے اور کا کرنے ہوئے"),
    "ckb": _words("لە بۆ کە ئەو ئەم لەگەڵ دەکات کرد بوو دەڵێت"),
}
_ONLY = {  # letters no Arabic text writes (foreign names borrow پ چ گ ژ, never these)
    "ur": frozenset("ےٹڈڑں"),  # not ھ: some Arabic sites type it for ه
    "fa": frozenset("ۀ"),
    "ckb": frozenset("ەۆێڕڵ"),
}
_WORD = re.compile(r"[\u0600-\u06ff\u0750-\u077f]+")
_PARAGRAPH = re.compile(r"\n\s*\n|\n")
# A paragraph with fewer Arabic-script words than this is too short to class (a caption, a name).
MIN_WORDS = 6


class LanguageError(InputError):
    """The text is in another language written in the Arabic script."""

    code = "E110"

    def __init__(self, language: str, share: float, source: str | None = None) -> None:
        name = NAMES.get(language, language)
        super().__init__(f"{name} text, not Arabic ({share:.0%} of the words are in {name} paragraphs); "
                         "marsad analyses Arabic news only", source=source, reason="language")
        self.language = language


@dataclass
class Verdict:
    language: str  # the page's language: ar, fa, ur, ckb
    share: float  # share of the Arabic-script words in paragraphs of that language
    foreign: list[tuple[int, int, str]]  # (start, end, language) of the paragraphs in another language


def paragraph_language(text: str) -> tuple[str, int]:
    """(language, number of Arabic-script words) of one paragraph; "ar" when nothing says otherwise."""
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS:
        return "ar", len(words)
    score = dict.fromkeys(_WORDS, 0)
    for word in words:
        for lang, letters in _ONLY.items():
            if any(ch in letters for ch in word):
                score[lang] += 1
        folded = word.translate(_FOLD)
        if folded.startswith(("ال", "وال", "بال", "فال", "كال", "لل")) and len(folded) > 3:
            score["ar"] += 1
        for lang, vocabulary in _WORDS.items():
            if folded in vocabulary:
                score[lang] += 1
    best = max(score, key=lambda k: score[k])
    # Another language only on clear evidence: more of its words than Arabic's, and at least two.
    if best != "ar" and score[best] >= 2 and score[best] > score["ar"]:
        return best, len(words)
    return "ar", len(words)


def classify(text: str) -> Verdict:
    """The page's language and its paragraphs in other languages."""
    counts: dict[str, int] = {}
    foreign: list[tuple[int, int, str]] = []
    start = 0
    for m in [*_PARAGRAPH.finditer(text), None]:
        end = m.start() if m else len(text)
        lang, n = paragraph_language(text[start:end])
        counts[lang] = counts.get(lang, 0) + n
        if lang != "ar":
            foreign.append((start, end, lang))
        start = m.end() if m else end
    total = sum(counts.values()) or 1
    other = max((k for k in counts if k != "ar"), key=lambda k: counts[k], default=None)
    foreign_share = sum(v for k, v in counts.items() if k != "ar") / total
    if other is not None and foreign_share > 0.5:
        return Verdict(other, foreign_share, foreign)
    return Verdict("ar", counts.get("ar", 0) / total, foreign)


# Letters Arabic does not write and Persian, Urdu or Sorani text never lacks (پ چ ژ گ ی ک ۀ ے ہ ٹ ڈ ڑ ں ە ۆ ێ ڕ ڵ):
# a text without any is Arabic, found by one scan in C (the word-by-word classing costs ~1 ms an article).
_OTHER_LETTERS = re.compile("[\u067e\u0686\u0698\u06af\u06cc\u06a9\u06c0\u06d2\u06c1\u0679\u0688\u0691"
                            "\u06ba\u06d5\u06c6\u06ce\u0695\u06b5]")


def arabic_parts(text: str, source: str | None = None) -> str:
    """The text with its paragraphs in other languages left out; LanguageError when it is mostly not
    Arabic. Text without such paragraphs comes back as it is (the same object)."""
    if _OTHER_LETTERS.search(text) is None:
        return text
    verdict = classify(text)
    if verdict.language != "ar":
        raise LanguageError(verdict.language, verdict.share, source)
    if not verdict.foreign:
        return text
    pieces, last = [], 0
    for start, end, _lang in verdict.foreign:
        pieces.append(text[last:start])
        last = end
    pieces.append(text[last:])
    return "".join(pieces)
