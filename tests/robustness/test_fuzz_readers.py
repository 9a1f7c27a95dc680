"""Fuzzing every reader: random bytes, mutated valid files of each format, wrong and mixed encodings.
Every document read is either a record or a rejection with its reason; nothing raises."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from robust_kit import ARTICLE, ODD_CHARS, check_item, html_page, seed_files

from marsad.errors import InputError
from marsad.io import check_text, decode_bytes
from marsad.readers.files import make_mapping, read_inputs

SEEDS = seed_files()
NAMES = sorted(SEEDS)
MAPPING = make_mapping("saudinewsnet")


def read_all(name: str, data: bytes) -> list:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        items = list(read_inputs([str(path)], MAPPING))
    for item in items:
        check_item(item)
    return items


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A seed file of some format, cut, with bytes flipped, with junk inserted or a region repeated."""
    name = draw(st.sampled_from(NAMES))
    data = bytearray(SEEDS[name])
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["truncate", "flip", "insert", "repeat", "delete"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "truncate":
            del data[at:]
        elif op == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif op == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 200))] * draw(st.integers(1, 20))
        else:
            del data[at:at + draw(st.integers(1, 100))]
    return name, bytes(data)


def test_seeds_are_read() -> None:
    # The seeds are valid: the fuzzing starts from documents every reader accepts.
    for name, data in SEEDS.items():
        items = read_all(name, data)
        assert items and all(i.error is None for i in items), (name, [str(i.error) for i in items])


@given(st.sampled_from(NAMES), st.binary(max_size=3000))
def test_random_bytes_any_format(name: str, data: bytes) -> None:
    read_all(name, data)


@given(mutated())
def test_mutated_files(case: tuple[str, bytes]) -> None:
    read_all(*case)


@given(st.text(alphabet=st.sampled_from(list(ODD_CHARS) + list(ARTICLE)), max_size=400),
       st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1256", "iso-8859-6", "latin-1", "cp1252"]))
def test_decode_wrong_and_mixed_encodings(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="replace")
    try:
        decoded, used = decode_bytes(data, "fuzz")
        check_text(decoded, "fuzz")
    except InputError as err:
        assert err.reason
    else:
        assert isinstance(decoded, str) and used


@given(st.binary(max_size=200), st.binary(max_size=200))
def test_mixed_encodings_in_one_file(a: bytes, b: bytes) -> None:
    # Half UTF-8, half windows-1256, with random glue: a scraper's concatenated pages.
    data = ARTICLE[:200].encode() + a + ARTICLE[200:].encode("cp1256", errors="replace") + b
    read_all("mixed.txt", data)
    read_all("mixed.html", html_page().encode()[:300] + a + data)


def test_gigantic_line_and_deep_nesting(tmp_path: Path) -> None:
    # One 5 MB line of text without a newline, and markup nested 20,000 deep: read, not crashed.
    huge = (ARTICLE.replace("\n", " ") + " ") * 6000
    assert [i.error for i in read_all("huge.txt", huge.encode())] == [None]
    deep = "<div>" * 20000 + ARTICLE + "</div>" * 20000
    assert [i.error for i in read_all("deep.html", html_page(deep).encode())] == [None]


# Inputs the fuzzing found crashing or slipping through (each fixed); kept as fixed regression cases.
FOUND = [
    ("a.warc", b"\x00\x00", "unreadable"),  # warcio's ArchiveLoadFailed escaped the reader
    ("a.html", b"", "empty"),  # an empty page was an item with no text
    ("a.html", b"\xfe\xff", "empty"),  # a byte-order mark alone
    ("a.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item>', "no-body"),
]


def test_found_cases_are_rejected_with_their_reason() -> None:
    for name, data, reason in FOUND:
        items = read_all(name, data)
        assert [i.error.reason for i in items if i.error] == [reason], (name, data)


def test_invisible_only_text_is_empty() -> None:
    for text in ("\u200f\u202e\u200b\ufeff" * 50, "\u2066\u2069\n\u200d\t"):
        try:
            check_text(text, "invisible")
        except InputError as err:
            assert err.reason == "empty"
        else:
            raise AssertionError("accepted")


def test_feed_entities_are_never_expanded() -> None:
    # XXE (an external entity naming a local file) and "billion laughs" (nested entities): neither the
    # file's content nor the gigabyte of expansion may reach the record.
    xxe = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0">'
           f"<channel><title>t</title><item><title>t</title><description>&x; {ARTICLE}</description></item>"
           "</channel></rss>").encode()
    laughs = "".join(f'<!ENTITY l{i} "{(f"&l{i - 1};" if i else "ha") * 10}">' for i in range(10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE rss [{laughs}]><rss version="2.0"><channel><title>t</title>'
            f"<item><title>t</title><description>&l9; {ARTICLE}</description></item></channel></rss>").encode()
    for name, data in (("xxe.rss", xxe), ("laughs.rss", bomb)):
        items = read_all(name, data)
        assert all("root:" not in i.text and len(i.text) < 10_000 for i in items), name
