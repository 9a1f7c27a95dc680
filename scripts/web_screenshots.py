"""Screenshots of web pages over an archive, at 1366 px and 390 px, for people to look at.

    PYTHONPATH=src python scripts/web_screenshots.py --db ARCHIVE --out test-artifacts \
        dossier='/actors/sa.salman_bin_abdulaziz?since=2015-07-15&until=2015-07-22' \
        pair='/pair?a=ye.houthis&b=ye.saleh_ali_abdullah' coverage='/coverage?q=اليمن&q=إيران&bucket=day'

Serves the archive with uvicorn on a free local port, drives Debian's /usr/bin/chromium through Playwright
(never a downloaded browser; scripts/install-browser.sh), saves NAME-WIDTH.png (the whole page) and
NAME-WIDTH-top.png (the first screen), and prints each page's width: at 390 px it must be 390 (no
horizontal scrolling).
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from pathlib import Path

WIDTHS = (1366, 390)


def main(argv: list[str] | None = None) -> int:
    import uvicorn
    from playwright.sync_api import sync_playwright

    from marsad.web import create_app

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", default="test-artifacts")
    parser.add_argument("pages", nargs="+", metavar="NAME=PATH")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(args.db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    wide = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        for width in WIDTHS:
            context = browser.new_context(locale="ar", viewport={"width": width, "height": 900})
            page = context.new_page()
            page.set_default_timeout(60_000)
            for item in args.pages:
                name, _, path = item.partition("=")
                page.goto(f"http://127.0.0.1:{port}{path}")
                scroll = page.evaluate("document.documentElement.scrollWidth")
                wide += scroll > width
                print(f"{width:5d} {name:12s} width {scroll:5d}  height {page.evaluate('document.body.scrollHeight')}")
                page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
                page.screenshot(path=str(out / f"{name}-{width}-top.png"))
            context.close()
        browser.close()
    server.should_exit = True
    return 1 if wide else 0


if __name__ == "__main__":
    raise SystemExit(main())
