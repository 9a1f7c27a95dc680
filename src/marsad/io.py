"""Reading one input into a Document: bytes -> text with clear errors for bad input."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import InputError
from .model import Document

# Documented defaults (docs/limits.md): inputs larger than this are rejected, not truncated.
MAX_INPUT_BYTES = int(os.environ.get("MARSAD_MAX_INPUT_BYTES", 20 * 1024 * 1024))
# A text is Arabic when at least this share of its letters are Arabic letters.
MIN_ARABIC_SHARE = 0.3


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode input bytes; returns (text, encoding). Raises InputError for binary or undecodable data."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as err:
            raise InputError(f"invalid UTF-16 ({err.reason})", source=source, reason="broken-encoding") from None
    if b"\x00" in data[:4096]:
        raise InputError("binary data (NUL bytes), not a text or HTML page", source=source, reason="binary")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for enc in ("cp1256", "iso-8859-6"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if arabic_share(text) >= MIN_ARABIC_SHARE:
            return text, enc
    raise InputError("cannot decode the bytes as UTF-8, UTF-16, windows-1256 or ISO-8859-6",
                     source=source, reason="broken-encoding")


def arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff" or "\u0750" <= c <= "\u077f")
    return arabic / len(letters)


def check_text(text: str, source: str) -> None:
    if not text.strip():
        raise InputError("the input is empty", source=source, reason="empty")
    if arabic_share(text) < MIN_ARABIC_SHARE:
        raise InputError(
            f"not Arabic text (only {arabic_share(text):.0%} of the letters are Arabic)", source=source,
            reason="not-arabic",
        )


def read_document(path: str) -> Document:
    """Read PATH ('-' for standard input) into a Document with `raw` set."""
    source = "<stdin>" if path == "-" else path
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
    text, _encoding = decode_bytes(data, source)
    check_text(text, source)
    return Document(source_name=source, raw=text)
