"""Reading one input into a Document: bytes -> text with clear errors for bad input."""

from __future__ import annotations

import codecs
import functools
import re
import sys
import unicodedata
from datetime import date
from pathlib import Path

import numpy as np

from . import config
from .errors import InputError
from .model import Document

# Documented defaults (docs/limits.md): inputs larger than this are rejected, not truncated.
MAX_INPUT_BYTES = config.MAX_INPUT_BYTES  # $MARSAD_MAX_INPUT_BYTES (marsad.config)
# A text is Arabic when at least this share of its letters are Arabic letters.
MIN_ARABIC_SHARE = 0.3


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> tuple[str, str]:
    """Decode input bytes; returns (text, encoding). Raises InputError for binary or undecodable data.

    Order: a BOM wins; then UTF-8 (strict); then the encoding the page declares (`declared`, e.g. from
    an HTML meta tag); then the Arabic single-byte code pages, scored; then UTF-16 without BOM; then
    charset-normalizer's guess. Text that decodes but is mojibake is refused by `check_text`.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError as err:
            raise InputError(f"invalid UTF-8 after a UTF-8 BOM ({err.reason})", source=source,
                             reason="broken-encoding") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as err:
            raise InputError(f"invalid UTF-16 ({err.reason})", source=source, reason="broken-encoding") from None
    if b"\x00" in data[:4096]:
        guessed = _guess_utf16(data)
        if guessed:
            return guessed
        raise InputError("binary data (NUL bytes), not a text or HTML page", source=source, reason="binary")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            text = data.decode(declared)
            if arabic_share(text) >= MIN_ARABIC_SHARE:
                return text, codecs.lookup(declared).name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: fall through to detection
    best = _best_arabic_codepage(data)
    if best:
        return best
    guess = _charset_normalizer_guess(data)
    if guess:
        return guess
    raise InputError("cannot decode the bytes as UTF-8, UTF-16, windows-1256 or ISO-8859-6",
                     source=source, reason="broken-encoding")


# Letters a windows-1256 decoding yields for ISO-8859-6 bytes (à â ç è é ê ë î ï ô ù û ü): their presence
# means the other Arabic code page is the right one.
_CP1256_LATIN = set("àâçèéêëîïôùûü")


def _best_arabic_codepage(data: bytes) -> tuple[str, str] | None:
    scored: list[tuple[float, str, str]] = []
    for enc in ("cp1256", "iso-8859-6"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        share = arabic_share(text)
        if share < MIN_ARABIC_SHARE:
            continue
        letters = sum(1 for c in text if c.isalpha()) or 1
        penalty = sum(1 for c in text if c in _CP1256_LATIN) / letters
        scored.append((share - 5 * penalty, enc, text))
    if not scored:
        return None
    _score, enc, text = max(scored)
    return text, enc


def _guess_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: NUL bytes at odd (LE) or even (BE) positions of ASCII characters."""
    sample = data[:4096]
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    enc = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
    if max(even_nuls, odd_nuls) < 4 * (min(even_nuls, odd_nuls) + 1):
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    controls = sum(1 for c in text if unicodedata.category(c) in ("Cc", "Cn", "Co") and c not in "\n\r\t")
    return (text, enc) if controls <= len(text) // 100 else None  # binary data decodes, but to controls


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional at this level: the archive installs it
        return None
    best = from_bytes(data[:65536]).best()
    if best is None:
        return None
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        return None


# UTF-8 Arabic read as cp1252/latin-1: lead bytes D8-DB become Ø Ù Ú Û followed by a continuation byte
# (0x80-0xBF) shown as a cp1252 symbol or a latin-1 character.
_MOJIBAKE_LATIN = re.compile("[\u00d8\u00d9\u00da\u00db][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178"
                             "\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022"
                             "\u2026\u2030\u2039\u203a\u20ac\u2122]")
# UTF-8 Arabic read as windows-1256: every letter becomes ط or ظ plus another character ("ط§ظ„").
_MOJIBAKE_CP1256 = re.compile("[\u0637\u0638][\u00a0-\u00ff\u0600-\u06ff\u2018-\u201e\u2020-\u2026\u2030"
                              "\u2039\u203a\u20ac\u2122\u0152\u0153\u0192\u02c6\u067e\u0679\u0686"
                              "\u0698\u0688\u06af\u06a9\u0691\u06ba\u06be\u06c1]")


# Counting characters one by one in Python cost ~2 ms an article, more than reading it: the text is viewed
# as an array of code points and counted with numpy; str.isalpha is looked up in a table of the BMP, built
# once (the rare characters above it are tested one by one).
@functools.cache
def _bmp_alpha() -> np.ndarray:
    return np.array([chr(c).isalpha() for c in range(0x10000)], dtype=bool)


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _letter_mask(codes: np.ndarray, text: str) -> np.ndarray:
    bmp = codes < 0x10000
    mask = np.zeros(len(codes), dtype=bool)
    mask[bmp] = _bmp_alpha()[codes[bmp]]
    if not bmp.all():
        for i in np.flatnonzero(~bmp):
            mask[i] = text[i].isalpha()
    return mask


def _between(codes: np.ndarray, low: str, high: str) -> np.ndarray:
    return (codes >= ord(low)) & (codes <= ord(high))


# Classes of a BMP code point, as bits: a letter, an Arabic letter (of the blocks arabic_share counts), in
# ء..ي (mojibake_share's Arabic letters, letter or not). A text is classed by one look-up per code point
# and counted by one bincount, instead of a mask and a sum per question.
_LETTER, _ARABIC_LETTER, _HAMZA_TO_YEH = 1, 2, 4
# class -> whether it has each bit: counts per class @ this = counts per bit
_CLASS_BITS = np.array([[c & bit != 0 for bit in (_LETTER, _ARABIC_LETTER, _HAMZA_TO_YEH)] for c in range(8)],
                       dtype=np.int64)


@functools.cache
def _bmp_classes() -> np.ndarray:
    codes = np.arange(0x10000, dtype=np.uint32)
    alpha = _bmp_alpha()
    arabic = alpha & (_between(codes, "\u0600", "\u06ff") | _between(codes, "\ufb50", "\ufeff")
                      | _between(codes, "\u0750", "\u077f"))
    return (alpha * _LETTER + arabic * _ARABIC_LETTER + _between(codes, "\u0621", "\u064a") * _HAMZA_TO_YEH
            ).astype(np.uint8)


# The numpy tables cost ~30 ms to build, ~15 articles' worth of counting in Python: a process counts its first
# characters in Python (a one-page `marsad extract` never builds them), then switches to the tables.
_PY_COUNT_BUDGET = [200_000]  # characters still to count in Python in this process
_ARABIC_BLOCKS = re.compile("[\u0600-\u06ff\ufb50-\ufeff\u0750-\u077f]")
_HAMZA_TO_YEH_RE = re.compile("[\u0621-\u064a]")


def _counts_py(text: str) -> tuple[int, int, int]:
    """_counts without numpy: the same three numbers (tests/test_readers.py compares them)."""
    return (sum(map(str.isalpha, text)), sum(map(str.isalpha, _ARABIC_BLOCKS.findall(text))),
            len(_HAMZA_TO_YEH_RE.findall(text)))


def _counts(text: str) -> tuple[int, int, int]:
    """(letters, Arabic letters, code points in ء..ي) of a text."""
    if _PY_COUNT_BUDGET[0] > 0:
        _PY_COUNT_BUDGET[0] -= len(text)
        return _counts_py(text)
    codes = _code_points(text)
    if codes.size and int(codes.max()) < 0x10000:
        letters, arabic, hamza_to_yeh = (np.bincount(_bmp_classes()[codes], minlength=8) @ _CLASS_BITS).tolist()
        return letters, arabic, hamza_to_yeh
    letters = _letter_mask(codes, text)
    arabic = letters & (_between(codes, "\u0600", "\u06ff") | _between(codes, "\ufb50", "\ufeff")
                        | _between(codes, "\u0750", "\u077f"))
    return int(letters.sum()), int(arabic.sum()), int(_between(codes, "\u0621", "\u064a").sum())


def mojibake_share(text: str, counts: tuple[int, int, int] | None = None) -> float:
    """Share of the letters that belong to typical mojibake pairs of UTF-8 Arabic decoded wrongly
    (`counts`: _counts(text), when known)."""
    letters, _, arabic_letters = counts or _counts(text)
    if not letters:
        return 0.0
    latin = len(_MOJIBAKE_LATIN.findall(text))
    tz = text.count("\u0637") + text.count("\u0638")
    # In real Arabic ط and ظ are about 1-2 % of the letters; in cp1256 mojibake every other letter.
    cp1256 = len(_MOJIBAKE_CP1256.findall(text)) if arabic_letters and tz / arabic_letters > 0.3 else 0
    return min(1.0, 2 * max(latin, cp1256) / letters)


# Above this share of mojibake letters the text is refused (real text has none; 5 % leaves room for a
# quoted garbled name in an otherwise clean article).
MAX_MOJIBAKE_SHARE = 0.05


def arabic_share(text: str, counts: tuple[int, int, int] | None = None) -> float:
    n_letters, arabic, _ = counts or _counts(text)
    if not n_letters:
        return 0.0
    return arabic / n_letters


def check_text(text: str, source: str) -> None:
    if not text.strip():
        raise InputError("the input is empty", source=source, reason="empty")
    # Only invisible characters (zero-width, bidi controls, BOMs): as empty as blank text.
    if all(c.isspace() or unicodedata.category(c) in ("Cf", "Cc") for c in text):
        raise InputError("the input holds only invisible characters (zero-width, bidi controls)", source=source,
                         reason="empty")
    counts = _counts(text)  # one pass for both shares
    if mojibake_share(text, counts) > MAX_MOJIBAKE_SHARE:
        raise InputError(
            "mojibake: UTF-8 Arabic that was decoded with the wrong encoding (e.g. 'Ø§Ù„'); "
            "re-export the file as UTF-8", source=source, reason="mojibake",
        )
    if arabic_share(text, counts) < MIN_ARABIC_SHARE:
        raise InputError(
            f"not Arabic text (only {arabic_share(text, counts):.0%} of the letters are Arabic)", source=source,
            reason="not-arabic",
        )


_ISO_DAY = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")


def iso_day(value: object) -> str | None:
    """The calendar day of an ISO 8601 date or date-time as written (no time-zone shift), or None."""
    m = _ISO_DAY.match(str(value or ""))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def read_input_bytes(path: str, source: str) -> bytes:
    """The bytes of PATH ('-' for standard input) up to the input limit: an InputError naming the input when it
    is missing, a directory, unreadable or too large (marsad.readers.single reads through it too)."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    else:
        p = Path(path)
        if not p.exists():
            raise InputError("no such file", source=source, reason="missing")
        if p.is_dir():
            raise InputError("is a directory; give a file (or use `marsad ingest` for directories)", source=source,
                             reason="directory")
        try:
            with p.open("rb") as fh:
                data = fh.read(MAX_INPUT_BYTES + 1)
        except OSError as err:
            raise InputError(f"cannot read ({err.strerror})", source=source, reason="unreadable") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"larger than the limit of {MAX_INPUT_BYTES} bytes (MARSAD_MAX_INPUT_BYTES)",
                         source=source, reason="too-large")
    return data


def read_document(path: str) -> Document:
    """Read PATH ('-' for standard input) into a Document with `raw` set."""
    source = "<stdin>" if path == "-" else path
    data = read_input_bytes(path, source)
    text, _encoding = decode_bytes(data, source)
    check_text(text, source)
    return Document(source_name=source, raw=text)
