"""The workbench in a real browser: Playwright driving Debian's chromium (never a downloaded one).

Skipped, saying why, where chromium or the playwright package is missing (.ci/run installs both).
"""
from __future__ import annotations

import json
import math
import shutil
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from conftest import Served

pytestmark = pytest.mark.server
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ZAPORIZHZHIA = "https://w3id.org/conflict-kg/id/event/0b35f2034248ce04"
SUMY_SHELLING = "https://w3id.org/conflict-kg/id/event/081f8583711b249b"
KX = math.cos(48.5 * math.pi / 180)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not shutil.which("chromium") and not shutil.which(CHROMIUM):
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, review_server: Served):
    context = browser.new_context(viewport={"width": 1400, "height": 860})
    outside: list[str] = []
    # anything not asked of this server is refused and remembered: the page must work offline
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(review_server.url)
                  else (outside.append(route.request.url), route.abort()))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not outside, f"the page asked other addresses: {outside}"
    assert not errors, errors


def open_view(page, served: Served, **state: str) -> None:
    page.goto(f"{served.url}/#{urllib.parse.urlencode(state)}")
    page.wait_for_selector("body[data-ready]")


def rows(page) -> list[str]:
    return page.eval_on_selector_all("tr.event-row", "rows => rows.map(r => r.dataset.id)")


def test_the_map_shows_the_events_at_their_places(page, review_server: Served):
    open_view(page, review_server)
    circles = page.eval_on_selector_all("circle.point", """cs => cs.map(c => [c.dataset.label,
        +c.getAttribute('cx'), +c.getAttribute('cy'), +c.dataset.events])""")
    by_label = {label: (x, y, n) for label, x, y, n in circles}
    for place, lat, lon in (("Zaporizhzhia", 47.8517, 35.1171), ("Kharkiv", 49.9818, 36.2548),
                            ("Kurakhove", 47.9847, 37.2807)):
        x, y, _ = by_label[place]
        assert x == pytest.approx(lon * KX, abs=1e-3) and y == pytest.approx(-lat, abs=1e-3)
    assert by_label["Kharkiv"][2] == 2
    assert page.locator("svg#map path.admin1").count() > 20
    assert len(rows(page)) == 19


def test_the_timeline_brush_selects_days_and_filters_the_list(page, review_server: Served):
    open_view(page, review_server)
    before = rows(page)
    box = page.locator("svg#timeline").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.97, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.995, y, steps=4)
    page.mouse.up()
    page.wait_for_function("location.hash.includes('from=')")
    page.wait_for_function(f"document.querySelectorAll('tr.event-row').length < {len(before)}")
    state = dict(urllib.parse.parse_qsl(page.evaluate("location.hash.slice(1)")))
    assert state["from"] >= "2024-05-01" and state["to"] == "2024-05-10"
    after = page.eval_on_selector_all("tr.event-row td:first-child", "cells => cells.map(c => c.textContent)")
    assert after and all(state["from"] <= day <= state["to"] for day in after)
    circles = page.eval_on_selector_all("circle.point", "cs => cs.map(c => c.dataset.label)")
    assert "Zaporizhzhia" not in circles  # a March event: not in the days chosen
    # the view is in the URL: the same link shows the same list
    link = page.url
    page.goto("about:blank")
    page.goto(link)
    page.wait_for_selector("body[data-ready]")
    again = page.eval_on_selector_all("tr.event-row td:first-child", "cs => cs.map(c => c.textContent)")
    assert again == after


def test_an_event_shows_its_evidence_words_highlighted(page, review_server: Served):
    open_view(page, review_server)
    page.click(f"tr.event-row[data-id='{ZAPORIZHZHIA}']")
    page.wait_for_selector("#event mark.evidence")
    marked = page.eval_on_selector_all("#event mark.evidence", "ms => ms.map(m => m.textContent)")
    assert marked == ["The Dnipro hydroelectric power station in Zaporizhzhia was hit by at least eight "
                      "missiles, according to operator Ukrhydroenergo. A trolleybus was set on fire on the "
                      "dam road."]
    text = page.inner_text("#event")
    for shown in ("MissileStrike", "2024-03-22 (day)", "Russia — attacker", "missile ×8", "Ukrhydroenergo",
                  "Shelling/artillery/missile attack", "ASSAULT", "UPDATE 0715 GMT"):
        assert shown in text
    assert ZAPORIZHZHIA.rsplit("/", 1)[1] in page.url


def test_a_correction_is_saved_and_seen_through_sparql(page, review_server: Served):
    open_view(page, review_server, event=SUMY_SHELLING)
    page.wait_for_selector("#review-form")
    page.fill("#review-form input[name=injured]", "4")
    page.click("#review-form button[data-verdict=corrected]")
    page.wait_for_selector("#review-status:has-text('saved')")
    assert page.inner_text("#event .reviewed[data-field=injured]") == "4"
    text = ("PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?injured WHERE { GRAPH ?g { "
            f"?r prov:wasRevisionOf <{SUMY_SHELLING}> ; "
            "<https://w3id.org/conflict-kg/review#injured> ?injured } }")
    request = urllib.request.Request(f"{review_server.url}/query?{urllib.parse.urlencode({'query': text})}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        bindings = json.load(response)["results"]["bindings"]
    assert [b["injured"]["value"] for b in bindings] == ["4"]


def test_a_write_from_the_page_without_the_token_is_refused(page, review_server: Served):
    open_view(page, review_server)
    status = page.evaluate("""async (event) => (await fetch('/api/review', {method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({event, verdict: 'rejected'})})).status""", ZAPORIZHZHIA)
    assert status == 403


def test_the_network_is_drawn_and_filtered_by_relation(page, review_server: Served):
    open_view(page, review_server, view="network")
    page.wait_for_selector("svg#network path.edge")
    relations = set(page.eval_on_selector_all("path.edge", "es => es.map(e => e.dataset.relation)"))
    assert "attacks" in relations and len(relations) > 1
    page.select_option("#relation", "supplies")
    page.wait_for_function("""(() => { const es = [...document.querySelectorAll('path.edge')];
        return es.length > 0 && es.every(e => e.dataset.relation === 'supplies'); })()""")
