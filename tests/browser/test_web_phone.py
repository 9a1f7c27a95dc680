"""Issue 22 in headless Chromium at 1366 px and 390 px: no page wider than a phone, the results first on a
phone with the facets folded behind a button, the search box right to left, /events badges and names on
one line, timelines as wide as their card, and the article page's panels (scroll to the words on hover or
tap, stay in view, quote anchors). Screenshots of each page at both widths go to test-artifacts/."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import quote

import pytest

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _get(server: str, path: str) -> dict:
    with urllib.request.urlopen(server + path) as r:  # noqa: S310 - our local server
        return json.load(r)


@pytest.fixture(scope="module")
def sample(live_server) -> dict[str, str]:
    """Ids in the fixture archive: an actor with events, a pair that met, an article with quotes."""
    events = _get(live_server, "/api/events?per_page=200")["items"]
    pair = next((s["actor"], t["actor"]) for ev in events for s in ev["source"] for t in ev["target"]
                if s["actor"] and t["actor"] and s["actor"] != t["actor"])
    quotes = _get(live_server, "/api/quotes?per_page=200")["items"]
    return {"actor": pair[0], "a": pair[0], "b": pair[1], "article": quotes[0]["article_id"],
            "quote": quotes[0]["quote"]}


def _pages(sample: dict[str, str]) -> dict[str, str]:
    return {"home": "/", "search": "/?q=" + quote("وزير الخارجية"), "events": "/events", "actors": "/actors",
            "quotes": "/quotes", "actor": "/actors/" + quote(sample["actor"], safe=""),
            "article": "/articles/" + sample["article"], "analyze": "/analyze",
            "pair": f"/pair?a={quote(sample['a'])}&b={quote(sample['b'])}",
            "coverage": "/coverage?q=" + quote("وزير") + "&q=" + quote("الرياض") + "&bucket=day",
            "not-found": "/no/such/page", "bad-request": "/events?since=2019-99"}


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="ar", viewport=PHONE, has_touch=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)  # full-page screenshots of long pages on a busy machine
    yield pg
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(locale="ar", viewport=DESKTOP)
    pg = context.new_page()
    pg.set_default_timeout(30_000)  # full-page screenshots of long pages on a busy machine
    yield pg
    context.close()


def _width(pg) -> int:
    return pg.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")


def test_no_page_is_wider_than_a_phone(live_server, sample, phone, desktop):
    too_wide = {}
    for name, path in _pages(sample).items():
        for pg, size in ((phone, PHONE), (desktop, DESKTOP)):
            pg.goto(live_server + path)
            if _width(pg) > size["width"]:
                too_wide[f"{name}@{size['width']}"] = _width(pg)
    assert too_wide == {}


def test_search_results_come_first_on_a_phone_with_the_facets_folded(live_server, phone):
    phone.goto(live_server + "/?q=" + quote("وزير الخارجية"))
    first = phone.locator(".hit").first.bounding_box()
    assert first is not None and first["y"] < PHONE["height"]  # above the fold
    fold = phone.locator("#facets-fold")
    assert fold.get_attribute("open") is None and not phone.locator("#facet-outlet").is_visible()
    toggle = phone.locator("#facets-toggle")
    assert toggle.is_visible()
    toggle.tap()
    assert phone.locator("#facet-outlet").is_visible()
    assert phone.locator("#facets-fold").bounding_box()["y"] > first["y"]  # the facets come after the results


def test_facets_stay_open_beside_the_results_on_a_desktop(live_server, desktop):
    desktop.goto(live_server + "/?q=" + quote("وزير الخارجية"))
    assert desktop.locator("#facet-outlet").is_visible() and not desktop.locator("#facets-toggle").is_visible()
    facets, results = desktop.locator(".facets").bounding_box(), desktop.locator("#results").bounding_box()
    assert facets["x"] > results["x"]  # right of the results on an Arabic page
    assert abs(facets["y"] - results["y"]) < 30  # side by side, not one under the other


def test_the_search_placeholder_is_laid_out_right_to_left(live_server, desktop):
    desktop.goto(live_server + "/")
    assert desktop.eval_on_selector("#q", "el => getComputedStyle(el).direction") == "rtl"


def test_events_badges_and_names_stay_on_one_line(live_server, desktop):
    desktop.goto(live_server + "/events")
    lines = desktop.eval_on_selector_all("#events-table .badge, #events-table .name",
                                         "els => els.map(e => e.getClientRects().length)")
    assert lines and set(lines) == {1}


def test_timelines_fill_their_card(live_server, sample, desktop):
    for path in ("/events", _pages(sample)["actor"]):
        desktop.goto(live_server + path)
        card = desktop.locator("#timeline").bounding_box()
        chart = desktop.locator("#timeline svg.timeline").bounding_box()
        assert chart["width"] > 0.9 * (card["width"] - 40), path


def test_article_panels_scroll_to_the_words_stay_in_view_and_answer_a_tap(live_server, sample, browser):
    path = live_server + _pages(sample)["article"]
    context = browser.new_context(locale="ar", viewport={"width": 1366, "height": 500}, has_touch=True)
    pg = context.new_page()
    pg.goto(path)
    item = pg.locator(f'.panels li[data-quote="{sample["quote"]}"]')
    words = pg.locator(f'#body [data-quote="{sample["quote"]}"]').first
    assert pg.eval_on_selector(".panels", "el => getComputedStyle(el).position") == "sticky"
    pg.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    item.scroll_into_view_if_needed()
    item.hover()
    pg.wait_for_timeout(800)  # smooth scrolling
    assert words.evaluate("el => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }")
    assert "active" in (words.get_attribute("class") or "")
    pg.mouse.move(0, 0)
    pg.evaluate("document.querySelectorAll('.active').forEach(x => x.classList.remove('active'))")
    pg.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    item.scroll_into_view_if_needed()
    item.locator("blockquote").tap()  # touch: no hover, a tap does the same
    pg.wait_for_timeout(800)
    assert "active" in (words.get_attribute("class") or "")
    assert words.evaluate("el => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }")
    pg.goto("about:blank")
    pg.goto(f"{path}#{sample['quote']}")  # quote links have an anchor
    assert pg.locator(f"#{sample['quote']}").count() == 1
    assert "active" in (pg.locator(f'#body [data-quote="{sample["quote"]}"]').first.get_attribute("class") or "")
    context.close()


def test_the_network_has_a_table_twin_on_a_phone(live_server, sample, phone, desktop):
    url = live_server + _pages(sample)["actor"]
    phone.goto(url)
    assert phone.locator("#network-table").is_visible() and not phone.locator("#network svg").is_visible()
    assert phone.locator("#network-table tbody tr").count() == phone.locator("#network svg a.node").count() - 1
    desktop.goto(url)
    assert desktop.locator("#network svg").is_visible() and not desktop.locator("#network-table").is_visible()
    box = desktop.locator("#network svg").bounding_box()
    assert box["width"] >= 600  # not ~300 px in its card


def test_dossier_pair_and_coverage_screenshots(live_server, sample, phone, desktop, screenshot):
    """The three analyst views at both widths (test-artifacts/), each with its content drawn."""
    pages = _pages(sample)
    for pg, width in ((desktop, 1366), (phone, 390)):
        pg.goto(live_server + pages["actor"] + "?since=2000&until=2030")
        assert pg.locator("#period-form").is_visible()
        screenshot(pg, f"fixture-dossier-{width}")
        pg.goto(live_server + pages["pair"])
        assert pg.locator("#pair-events tbody tr.status-happened, #pair-events tbody tr.status-planned").count() >= 1
        screenshot(pg, f"fixture-pair-{width}")
        pg.goto(live_server + pages["coverage"])
        assert pg.locator("svg.coverage circle.point").count() == 2 * pg.locator("#coverage-table tbody tr").count() > 0
        screenshot(pg, f"fixture-coverage-{width}")
