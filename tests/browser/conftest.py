"""A real uvicorn server on 127.0.0.1 (free port, in a thread) over an archive ingested from the team's
composed fixtures, and headless Debian Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
FIXTURES = ROOT / "tests" / "fixtures"
INPUTS = [FIXTURES / "web", FIXTURES / "outlets" / "rt.txt", FIXTURES / "outlets" / "skynews-arabia.txt",
          FIXTURES / "ingest" / "ministers-meeting.txt", ROOT / "src" / "marsad" / "data" / "samples"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[str]:
    _require_chromium()  # skip before building the archive, not after
    import uvicorn

    from marsad.ingest import ingest
    from marsad.store import Store
    from marsad.web import create_app

    db = tmp_path_factory.mktemp("browser") / "archive.db"
    with Store.open(db) as store:
        assert ingest([str(p) for p in INPUTS], store).stored >= 4
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _require_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (install: bash scripts/install-browser.sh)")
    pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package")


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    import playwright.sync_api as playwright_api

    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    """A fresh page that records dialogs and console errors (a CSP violation shows up as one)."""
    context = browser.new_context(locale="ar", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.console_errors = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


@pytest.fixture
def screenshot():
    """save(page, name): a full-page screenshot under test-artifacts/ (gitignored), for people to look at."""

    def save(pg, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return save
