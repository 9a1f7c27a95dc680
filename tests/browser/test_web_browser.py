"""The web app in headless Chromium against a real server: search, article highlights, actor timeline and
network, the language toggle, and article markup that must stay text (no dialog, no injected element)."""

from __future__ import annotations

import re


def test_search_open_article_then_actor(live_server, page, screenshot):
    page.goto(live_server + "/")
    page.fill("#q", "وزير الخارجية")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"q="))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".hit").count() >= 2
    assert page.locator(".snippet mark").count() >= 1
    assert page.locator("#facet-outlet li").count() >= 1
    screenshot(page, "search")

    page.locator(".hit h2 a").first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    entities = page.locator("#body .hl-entity[data-entity]")
    assert entities.count() >= 1
    assert page.locator("#body .hl-trigger, #body .hl-date, #body .hl-quote").count() >= 1
    first = entities.first
    first.hover()
    assert first.get_attribute("title")  # the hover text: type, name, English name, role
    screenshot(page, "article")

    linked = page.locator("#body a.hl-entity.ent-per")
    target = linked.first if linked.count() else page.locator("#body a.hl-entity").first
    target.click()
    page.wait_for_url(re.compile(r"/actors/"))
    assert page.locator("#actor-name").inner_text()
    assert page.locator("svg.network circle").count() >= 1
    assert page.locator("#network svg").is_visible()
    screenshot(page, "actor")
    assert page.console_errors == []


def test_actor_with_events_shows_timeline_and_network(live_server, page, screenshot):
    import json
    import urllib.request

    with urllib.request.urlopen(live_server + "/api/events?per_page=200") as r:  # noqa: S310 - our local server
        events = json.load(r)["items"]
    # An actor with a dated event (the article's date counts): it must have a dot on its timeline.
    actor = next(p["actor"] for ev in events if ev["date"] or ev["published"] for p in ev["source"] if p["actor"])
    page.goto(f"{live_server}/actors/{actor}")
    assert page.locator("svg.timeline a.dot").count() >= 1
    assert page.locator("svg.network a.node").count() >= 1
    page.locator("svg.timeline a.dot").first.click()  # a dot opens the event in its article
    page.wait_for_url(re.compile(r"/articles/.+#ev"))
    page.goto(live_server + "/events")
    assert page.locator("#events-table tbody tr").count() >= 1
    assert page.locator("#download-csv").get_attribute("href").startswith("/api/export/events.csv")
    screenshot(page, "events")
    page.click("#lang-toggle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("html").get_attribute("dir") == "ltr"
    page.goto(live_server + "/")  # the choice is remembered
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.console_errors == []


def test_markup_in_an_article_stays_text(live_server, page, screenshot):
    page.goto(live_server + "/?q=" + "الأمن الرقمي")
    page.locator(".hit h2 a").first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    body = page.locator("#body")
    assert "<script>alert(1)</script>" in body.inner_text()
    assert body.locator("script").count() == 0 and body.locator("img").count() == 0
    assert page.locator("[onmouseover], [onerror]").count() == 0
    for el in page.locator("#body .hl, #title, .panels li").all():  # hover everything that could carry a handler
        el.hover()
    page.wait_for_timeout(200)
    assert page.dialogs == []
    assert "onmouseover" in page.locator("#title").inner_text()
    screenshot(page, "markup-as-text")
    assert page.console_errors == []
