"""Shared pieces of the robustness tests: Hypothesis profiles, a team-written Arabic article, valid seed
files of every input format (to mutate), and the check every reader output must pass.

Profiles: "short" (default; `make test`) and "long" (MARSAD_LONG=1, scripts/robustness-long.sh).
"""

from __future__ import annotations

import gzip
import io
import json
import os

from hypothesis import HealthCheck, settings

LONG = os.environ.get("MARSAD_LONG") == "1"
settings.register_profile("short", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("long" if LONG else "short")


def scaled(short: int, long: int) -> int:
    """An iteration count: `short` in the default run, `long` under MARSAD_LONG=1."""
    return long if LONG else short


# Written by the team for these tests (not from any real outlet).
ARTICLE = (
    "التقى وزير الخارجية المصري سامح شكري يوم الأحد في القاهرة نظيره الأردني ناصر جودة، "
    "وبحث الجانبان سبل تعزيز التعاون الثنائي والأوضاع في المنطقة.\n\n"
    "وقال شكري في مؤتمر صحفي مشترك إن \"الحل السياسي هو السبيل الوحيد لإنهاء الأزمة\"، "
    "مضيفا أن بلاده ستواصل اتصالاتها مع جميع الأطراف.\n\n"
    "ومن المقرر أن يزور جودة الرياض يوم الثلاثاء المقبل لإجراء محادثات مع المسؤولين السعوديين."
)
TITLE = "شكري وجودة يبحثان في القاهرة أوضاع المنطقة"
# Characters that break naive text handling: zero-width and bidi controls, BOM, tatweel, presentation forms,
# Persian/Urdu letters, diacritics, Eastern digits, controls and line separators.
ODD_CHARS = ("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u0640"
             "\ufe8d\ufe91\ufee3\ufef5\ufefb"  # presentation forms
             "\u067e\u0686\u0698\u06af\u06a9\u06cc\u0679\u0688\u0691\u06ba\u06be\u06c1\u06d2"  # Persian/Urdu
             "\u064b\u064e\u0650\u0651\u0652\u0670\u06f1\u06f2\u0661\u0662\x00\x07\r\t\n\u2028\u2029\ud7ff")


def html_page(body: str = ARTICLE, title: str = TITLE, charset: str = "utf-8") -> str:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="{charset}"><title>{title}</title>'
            f"</head><body><header><nav><a href='/'>الرئيسية</a></nav></header><article><h1>{title}</h1>"
            f"{paras}</article><footer>جميع الحقوق محفوظة</footer></body></html>")


def warc_bytes(pages: list[tuple[str, bytes]], compress: bool = False) -> bytes:
    """A WARC file with one response record per (url, HTML bytes)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for url, payload in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                      http_headers=headers))
    return out.getvalue()


def rss_bytes(items: list[tuple[str, str]]) -> bytes:
    entries = "".join(f"<item><title>{t}</title><link>https://example.org/{i}</link>"
                      f"<pubDate>Sun, 09 Aug 2015 10:00:00 GMT</pubDate><description><![CDATA[{b}]]></description></item>"
                      for i, (t, b) in enumerate(items))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>أخبار</title>'
            f"{entries}</channel></rss>").encode()


def jsonl_bytes(records: list[dict[str, str]]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)


def seed_files() -> dict[str, bytes]:
    """One valid file per format, keyed by the file name it is written under (its extension picks the reader)."""
    page = html_page().encode()
    return {
        "a.txt": ARTICLE.encode(),
        "a.html": page,
        "a.warc": warc_bytes([("https://example.org/a", page)]),
        "a.warc.gz": warc_bytes([("https://example.org/a", page)], compress=True),
        "a.rss": rss_bytes([(TITLE, f"<p>{ARTICLE}</p>")]),
        "a.jsonl": jsonl_bytes([{"id": "1", "title": TITLE, "content": ARTICLE}]),
        "a.json": json.dumps([{"id": "2", "content": ARTICLE}], ensure_ascii=False).encode(),
        "a.txt.gz": gzip.compress(ARTICLE.encode()),
        "a.jsonl.gz": gzip.compress(jsonl_bytes([{"id": "3", "content": ARTICLE}])),
        "noext": html_page().encode(),
    }


def check_item(item) -> None:  # noqa: ANN001 - an InputItem
    """A reader's output is either a document (text, no error) or a rejection with a reason and message."""
    from marsad.errors import InputError

    if item.error is not None:
        assert isinstance(item.error, InputError)
        assert item.error.reason and str(item.error)
        assert "Traceback" not in str(item.error)
    else:
        assert isinstance(item.text, str) and item.text
    assert item.source_key and len(item.input_hash) == 64
