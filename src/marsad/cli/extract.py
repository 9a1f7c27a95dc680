"""`marsad extract` and `marsad demo`: one page in, one structured record out."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..model import Document, Published
from ..pipeline import Options, Pipeline
from ..readers.document import to_document
from ..readers.files import InputItem, make_mapping
from ..readers.single import read_one
from ..timeouts import DOC_TIMEOUT_S, DocumentTimeout, time_limit

DEMO_SAMPLE = "samples/ar-demo-meeting.txt"


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="analyse one page (text dump, HTML, a WARC record, a JSON line; '-' for "
                                       "stdin) and print its record")
    p.add_argument("path", help="input file (text, HTML, WARC, JSON Lines, feed), or '-' for standard input")
    p.add_argument("--url", help="the page's address (metadata; the day it names dates the page)")
    p.add_argument("--record", type=int, metavar="N", help="WARC or feed: the N-th page record (default: the first)")
    p.add_argument("--line", type=int, metavar="N", help="JSON Lines: line N (default: 1)")
    p.add_argument("--preset", help="JSON Lines field preset (as marsad ingest --preset)")
    p.add_argument("--map", dest="field_map", metavar="FIELD=KEY,...",
                   help="JSON Lines field mapping overrides (as marsad ingest --map)")
    p.add_argument("--published", help="publication date YYYY-MM-DD (otherwise from metadata or inferred)")
    p.add_argument("--format", choices=("json", "text"), default="json")
    p.add_argument("--kb", action="append", default=[], metavar="DIR", help="extra knowledge-base directory")
    p.add_argument("--stages", help="comma-separated stages to run (default: all)")
    p.set_defaults(handler=run_extract)

    d = sub.add_parser("demo", help="run extract on the embedded sample and show where to look")
    d.add_argument("--out", default="out", help="directory for the demo output (default: out/)")
    d.add_argument("--ingest", nargs="*", default=[], metavar="PATH",
                   help="more articles (files, directories, globs) to put in the demo archive out/demo.db")
    d.add_argument("--serve", action="store_true", help="then serve the demo archive on 127.0.0.1:8000")
    d.add_argument("--port", type=int, default=8000, help="port for --serve (default 8000)")
    d.set_defaults(handler=run_demo)


def parse_published(value: str | None) -> str | None:
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise InputError(f"--published must be YYYY-MM-DD, got {value!r}", source="--published")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--published is not a real date: {value!r}", source="--published") from None
    return value


def extract(item: InputItem | Document, options: Options) -> Document:
    """Run one input through the pipeline as `marsad ingest` does (readers.document.to_document: the same
    record), within the per-document time limit (MARSAD_DOC_TIMEOUT); --published overrides its date.
    A Document already read (its `raw` set) goes through the pipeline as it is."""
    user = Published(options.published, "user", 1.0, [], ["given with --published"]) if options.published else None
    pipeline = Pipeline.from_options(options)  # model loading is not the document's time
    source = item.source_name if isinstance(item, Document) else item.source_key
    try:
        with time_limit(DOC_TIMEOUT_S):
            if isinstance(item, Document):
                item.published = user or item.published
                return pipeline(item)
            doc = to_document(item, pipeline, published=user)
    except DocumentTimeout:
        raise InputError(f"analysis took longer than {DOC_TIMEOUT_S:g} s (set MARSAD_DOC_TIMEOUT to allow more)",
                         source=source, reason="timeout") from None
    return doc


def _options(args: argparse.Namespace) -> Options:
    return Options(
        published=parse_published(args.published),
        kb_dirs=list(args.kb),
        stages=[s.strip() for s in args.stages.split(",")] if args.stages else None,
    )


def run_extract(args: argparse.Namespace) -> int:
    options = _options(args)
    mapping = make_mapping(args.preset, args.field_map) if args.preset or args.field_map else None
    item = read_one(args.path, record=args.record, line=args.line, mapping=mapping, url=args.url)
    doc = extract(item, options)
    if args.format == "json":
        sys.stdout.write(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_text(doc))
    return 0


def run_demo(args: argparse.Namespace) -> int:
    """Extract the embedded sample, build a small archive from it and the given articles, say where to look."""
    from importlib import resources  # here: ~20 ms of imports that `marsad extract` does not need

    sample = resources.files("marsad.data").joinpath(DEMO_SAMPLE)
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    with resources.as_file(sample) as sample_path:
        doc = extract(read_one(str(sample_path)), Options())
        out = out_dir / "demo.json"
        out.write_text(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        sys.stdout.write(format_text(doc))
        print(f"\nThe full record of this page is in {out.resolve()}")

        from ..ingest import ingest
        from ..store import Store
        from ..web import demo_hint

        db = out_dir / "demo.db"
        with Store.open(db) as store:
            summary = ingest([str(sample_path), *args.ingest], store)
        print(f"\nDemo archive {db.resolve()}:")
        print(summary.render())
    print("\nTry it on your own page:  .venv/bin/marsad extract PAGE.txt --format text")
    print(demo_hint(str(db), port=args.port))
    if args.serve:
        from .serve import run_serve

        print("Serving now; stop with Ctrl-C.")
        return run_serve(argparse.Namespace(db=str(db), host="127.0.0.1", port=args.port, token=None,
                                            public=False, max_request_bytes=None))
    return 0


def format_text(doc: Document) -> str:
    """A readable summary for the terminal."""
    lines: list[str] = []
    add = lines.append
    add(f"title:     {doc.title or '-'}")
    add(f"section:   {doc.section or '-'}")
    add(f"url:       {doc.url or '-'}")
    add(f"credit:    {doc.credit or '-'}")
    if doc.published:
        pub = doc.published
        extra = f" (also possible: {', '.join(pub.candidates)})" if pub.candidates else ""
        add(f"published: {pub.date or 'unknown'} [{pub.method}, confidence {pub.confidence:.2f}]{extra}")
        for reason in pub.evidence:
            add(f"           - {reason}")
    add("")
    add(f"body: {len(doc.paragraphs)} paragraphs, {len(doc.body)} characters")
    for i, para in enumerate(doc.paragraphs, 1):
        add(f"  [{i:>2}] {_clip(para.text)}")
    for label, items in (("sub-headings", doc.subheadings), ("captions", doc.captions)):
        if items:
            add(f"\n{label}:")
            for item in items:
                credit = f"  (credit: {item.credit})" if item.credit else ""
                add(f"  line {item.line}: {_clip(item.text)}{credit}")
    if doc.removed:
        add("\nremoved:")
        for item in doc.removed:
            add(f"  line {item.line}: [{item.reason}] {_clip(item.text)}")
    if doc.dates:
        add("\ndates:")
        for d in doc.dates:
            value = d.value or ", ".join(d.values) or (" .. ".join(d.interval) if d.interval else "?")
            add(f"  {d.text}  ->  {value}{'' if d.certain else '  (uncertain)'}")
    if doc.entities:
        add("\nentities:")
        for e in doc.entities:
            role = "; ".join(r.text for r in e.roles)
            add(f"  {e.id:<6} {e.type:<4} {e.name} / {e.name_en or '-'}  x{len(e.mentions)}"
                f"{'  [' + e.actor + ']' if e.actor else ''}{'  — ' + role if role else ''}")
    if doc.quotes:
        add("\nquotes:")
        for q in doc.quotes:
            add(f"  {q.speaker_name or '?'} ({q.kind}, {q.cue or '-'}): {_clip(q.text, 90)}")
    if doc.events:
        add("\nevents:")
        names = {e.id: e.name for e in doc.entities}
        for ev in doc.events:
            src = ", ".join(names.get(i, i) for i in ev.source)
            tgt = ", ".join(names.get(i, i) for i in ev.target)
            mode = f"/{ev.mode}" if ev.mode else ""
            when = ev.date or (" .. ".join(ev.date_interval) if ev.date_interval else "-")
            add(f"  {ev.type}{mode} [{ev.status}] {src} -> {tgt}  date={when}"
                f"  place={ev.place_name or '-'}  ({len(ev.evidence)} mentions)")
    return "\n".join(lines) + "\n"


def _clip(text: str, width: int = 110) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"
