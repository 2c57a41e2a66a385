"""The workbench's JSON routes and pages over plain HTTP, on a served store of the example pages."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import ANALYST, Served, start

from kg.errors import InputError
from kg.ops.workbench import MAX_POINTS, Review
from kg.ops.workbench.api import aggregate, reviewed_values

pytestmark = pytest.mark.server
ZAPORIZHZHIA = "https://w3id.org/conflict-kg/id/event/0b35f2034248ce04"


def call(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, object]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            body, status, media = response.read(), response.status, response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        body, status, media = exc.read(), exc.code, exc.headers.get("Content-Type", "")
    return status, json.loads(body) if "json" in media else body.decode("utf-8")


def api(served: Served, route: str, **params: str) -> object:
    status, body = call(f"{served.url}/api/{route}?{urllib.parse.urlencode(params)}")
    assert status == 200, body
    return body


def post_review(served: Served, review: dict, token: str | None,
                origin: str | None = None) -> tuple[int, object]:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["X-KG-Token"] = token
    if origin is not None:
        headers["Origin"] = origin
    return call(f"{served.url}/api/review", json.dumps(review).encode(), headers)


def sparql(served: Served, text: str) -> list[dict]:
    status, body = call(f"{served.url}/query?{urllib.parse.urlencode({'query': text})}",
                        headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body
    return body["results"]["bindings"]


def test_the_workbench_page_and_its_assets_come_from_this_server(review_server: Served):
    status, page = call(f"{review_server.url}/")
    assert status == 200 and "/static/workbench.js" in page and review_server.token in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    for asset in ("workbench.js", "workbench.css"):
        status, text = call(f"{review_server.url}/static/{asset}")
        assert status == 200 and "https://" not in text.replace("https://w3id.org", "")
    status, basemap = call(f"{review_server.url}/static/basemap.geojson")
    assert status == 200
    layers = {f["properties"]["layer"] for f in basemap["features"]}
    assert {"country", "admin1", "border", "coast", "land"} <= layers


def test_the_sparql_editor_moved_and_completes_prefixes_from_this_server(review_server: Served):
    status, page = call(f"{review_server.url}/sparql-editor")
    assert status == 200 and "Yasgui" in page and "/api/prefixes" in page and "prefix.cc" not in page
    assert api(review_server, "prefixes")["ckg"] == "https://w3id.org/conflict-kg/ontology#"
    status, _ = call(f"{review_server.url}/yasgui.min.js")
    assert status == 200


def test_events_are_points_at_their_places_and_a_list(review_server: Served):
    data = api(review_server, "events")
    assert data["total"] == 19 and len(data["events"]) == 19
    by_label = {p["label"]: p for p in data["points"]}
    assert by_label["Zaporizhzhia"]["lat"] == pytest.approx(47.8517)
    assert by_label["Zaporizhzhia"]["lon"] == pytest.approx(35.1171)
    assert ZAPORIZHZHIA in by_label["Zaporizhzhia"]["ids"]
    assert by_label["Kharkiv"]["events"] == 2
    assert data["cell"] == 0
    dates = [e["date"] for e in data["events"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(("params", "check"), [
    ({"type": "Shelling"}, lambda e: e["typeName"] == "Shelling"),
    ({"from": "2024-03-22", "to": "2024-03-22"}, lambda e: e["date"] == "2024-03-22"),
    ({"min_confidence": "0.9"}, lambda e: e["confidence"] >= 0.9),
])
def test_event_filters(review_server: Served, params: dict, check):
    data = api(review_server, "events", **params)
    assert 0 < data["total"] < 19
    assert all(check(e) for e in data["events"])


def test_actor_and_region_filters_go_by_label_in_any_case(review_server: Served):
    assert api(review_server, "events", actor="DENMARK")["total"] == 1
    region = api(review_server, "events", region="kharkiv oblast")
    assert region["total"] == 4
    assert "Kharkiv" in {p["label"] for p in region["points"]}
    assert "Sumy Oblast" not in {p["label"] for p in region["points"]}


def test_a_bad_filter_is_answered_with_400_and_the_reason(review_server: Served):
    status, body = call(f"{review_server.url}/api/events?type=Nonsense")
    assert status == 400 and "unknown event type" in body["error"]
    status, body = call(f"{review_server.url}/api/events?from=yesterday")
    assert status == 400 and "date" in body["error"]
    status, body = call(f"{review_server.url}/api/nothing")
    assert status == 404


def test_timeline_counts_dated_events_per_day_and_type_without_the_date_filter(review_server: Served):
    whole = api(review_server, "timeline")
    assert sum(b["events"] for b in whole["bars"]) == 19
    assert whole["first"] == "2024-02-16" and whole["last"] == "2024-05-10"
    assert api(review_server, "timeline", **{"from": "2024-05-01"}) == whole
    shelling = api(review_server, "timeline", type="Shelling")
    assert {b["type"] for b in shelling["bars"]} == {"Shelling"}


def test_an_event_with_its_evidence_places_actors_weapons_and_taxonomy(review_server: Served):
    event = api(review_server, "event", id=ZAPORIZHZHIA)
    assert event["typeName"] == "MissileStrike" and event["date"] == "2024-03-22"
    assert event["precision"] == "day" and event["killed"] == 2 and event["injured"] == 8
    assert event["claimant"] == "Ukrhydroenergo"
    assert [(a["itemLabel"], a["role"]) for a in event["actors"]] == [("Russia", "attacker")]
    assert [(q["itemLabel"], q["quantity"]) for q in event["equipment"]] == [("missile", 8)]
    assert "Zaporizhzhia" in [p["itemLabel"] for p in event["places"]]
    [report] = event["reports"]  # its evidence joins sentences of two updates: this one's are marked
    marked = [report["text"][start:end] for start, end in report["highlight"]]
    assert marked == ["The Dnipro hydroelectric power station in Zaporizhzhia was hit by at least eight "
                      "missiles, according to operator Ukrhydroenergo. A trolleybus was set on fire on the "
                      "dam road."]
    assert all(m in report["evidence"] for m in marked)
    aid = api(review_server, "event", id="https://w3id.org/conflict-kg/id/event/0501ce7a1a0ec748")
    [report] = aid["reports"]  # evidence at its stored offsets
    [[start, end]] = report["highlight"]
    assert report["text"][start:end] == report["evidence"]
    assert report["evidenceStart"] - report["reportStart"] == start
    assert {(t["scheme"], t["label"]) for t in event["taxonomy"]} == {
        ("ACLED", "Shelling/artillery/missile attack"), ("PLOVER", "ASSAULT")}
    short = api(review_server, "event", id="id:event/0b35f2034248ce04")
    assert short["label"] == event["label"]


def test_an_unknown_event_is_404(review_server: Served):
    status, body = call(f"{review_server.url}/api/event?id=id:event/nothing")
    assert status == 404
    status, body = call(f"{review_server.url}/api/event?id=http://example.org/x")
    assert status == 400


def test_the_network_has_the_kg_network_edges_with_weights(review_server: Served):
    data = api(review_server, "network")
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    attacks = {(labels[e["source"]], labels[e["target"]]): e["weight"]
               for e in data["edges"] if e["relation"] == "attacks"}
    assert attacks[("Russia", "Ukraine")] >= 1
    assert all(-1.01 <= n["x"] <= 1.01 for n in data["nodes"])
    supplies = api(review_server, "network", relation="supplies")
    assert {e["relation"] for e in supplies["edges"]} == {"supplies"}
    status, body = call(f"{review_server.url}/api/network?relation=hugs")
    assert status == 400 and "unknown relation" in body["error"]


def test_a_write_without_the_token_or_from_another_origin_is_refused(review_server: Served):
    review = {"event": ZAPORIZHZHIA, "verdict": "accepted"}
    assert post_review(review_server, review, None)[0] == 403
    assert post_review(review_server, review, "not-the-token")[0] == 403
    status, body = post_review(review_server, review, review_server.token, origin="http://evil.example")
    assert status == 403 and "own page" in body["error"]
    status, _ = call(f"{review_server.url}/api/review", b"event=x",
                     {"X-KG-Token": review_server.token, "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 415


def test_a_correction_is_a_revision_seen_through_sparql_and_on_the_event(review_server: Served):
    event = "https://w3id.org/conflict-kg/id/event/081f8583711b249b"  # Shelling in Sumy Oblast
    status, body = post_review(review_server, {"event": event, "verdict": "corrected",
                                               "values": {"killed": "3", "date": "2024-05-09"}},
                               review_server.token, origin=review_server.url)
    assert status == 200, body
    rows = sparql(review_server, f"""
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?g ?killed ?who ?when WHERE {{ GRAPH ?g {{
          ?r prov:wasRevisionOf <{event}> ; prov:wasAttributedTo ?a ; prov:generatedAtTime ?when ;
             <https://w3id.org/conflict-kg/review#killed> ?killed .
          ?a <http://www.w3.org/2000/01/rdf-schema#label> ?who }} }}""")
    assert [(r["g"]["value"], r["killed"]["value"], r["who"]["value"]) for r in rows] == [
        ("https://w3id.org/conflict-kg/graph/review", "3", ANALYST)]
    shown = api(review_server, "event", id=event)
    assert shown["killed"] == 1  # what was extracted stays
    assert shown["reviewed"]["killed"] == 3 and shown["reviewed"]["date"] == "2024-05-09"
    assert shown["reviewed"]["verdict"] == "corrected" and shown["reviewed"]["analyst"] == ANALYST


def test_bad_reviews_are_400(review_server: Served):
    for review in ({"event": ZAPORIZHZHIA, "verdict": "maybe"},
                   {"event": ZAPORIZHZHIA, "verdict": "corrected", "values": {"killed": "-1"}},
                   {"event": ZAPORIZHZHIA, "verdict": "corrected", "values": {"colour": "red"}},
                   {"event": "http://example.org/x", "verdict": "accepted"}):
        status, body = post_review(review_server, review, review_server.token)
        assert status == 400, review
    status, _ = post_review(review_server, {"event": ZAPORIZHZHIA[:-4] + "0000", "verdict": "accepted"},
                            review_server.token)
    assert status == 404


def test_sparql_updates_stay_refused_when_reviewing(review_server: Served):
    status, _ = call(f"{review_server.url}/update",
                     urllib.parse.urlencode({"update": "CLEAR ALL"}).encode(),
                     {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403


def test_a_reviewing_server_leaves_the_tables_current_and_answers_from_them(review_server: Served,
                                                                              examples_store: Path):
    from kg.analytics.sidecar import Sidecar
    from kg.ops.workbench import Workbench
    from kg.store import open_store

    status, body = post_review(review_server, {"event": ZAPORIZHZHIA, "verdict": "accepted"},
                               review_server.token, origin=review_server.url)
    assert status == 200, body
    assert Sidecar(examples_store).is_current()
    with open_store("memory:") as nothing:  # the tables alone, no graph
        tables = Workbench(nothing, tables=Sidecar(examples_store), engine="tables")
        for route, params in (("events", {}), ("events", {"type": "Shelling"}), ("timeline", {}),
                              ("meta", {})):
            served = api(review_server, route, **params)
            mine = json.loads(json.dumps(getattr(tables, route)({k: [v] for k, v in params.items()})))
            if route == "meta":
                served, mine = served["facets"], mine["facets"]
            assert served == mine


def test_a_read_only_server_takes_no_review(examples_store: Path):
    for served in start(examples_store):
        assert served.token == ""
        assert api(served, "meta")["review"] is False
        status, body = post_review(served, {"event": ZAPORIZHZHIA, "verdict": "accepted"}, "")
        assert status == 403 and "--review" in body["error"]


def test_many_places_are_grouped_into_at_most_max_points():
    points = [{"key": f"p{i}", "label": f"p{i}", "lat": 44 + (i % 100) * 0.09, "lon": 22 + (i // 100) * 0.09,
               "events": 1, "killed": 1, "injured": 0, "types": {"Shelling": 1}, "ids": [f"e{i}"]}
              for i in range(10_000)]
    grouped, cell = aggregate(points, MAX_POINTS)
    assert len(grouped) <= MAX_POINTS and cell > 0
    assert sum(p["events"] for p in grouped) == 10_000 and sum(p["killed"] for p in grouped) == 10_000
    assert all(len(p["ids"]) <= 20 for p in grouped)
    few, cell = aggregate(points[:10], MAX_POINTS)
    assert len(few) == 10 and cell == 0


def test_reviewed_values_take_the_newest_correction_of_each_field():
    reviews = [{"verdict": "accepted", "analyst": "b", "time": "2"},
               {"verdict": "corrected", "analyst": "a", "time": "1", "killed": 4, "injured": 2},
               {"verdict": "corrected", "analyst": "a", "time": "0", "killed": 9, "typeName": "Shelling"}]
    assert reviewed_values(reviews) == {"verdict": "accepted", "analyst": "b", "time": "2", "killed": 4,
                                        "injured": 2, "type": "Shelling"}


def test_a_review_reads_only_known_fields_and_values():
    review = Review.from_json({"event": ZAPORIZHZHIA, "verdict": "corrected",
                               "values": {"type": "Shelling", "injured": 4, "killed": ""}}, "me")
    assert review.values == {"type": "Shelling", "injured": 4}
    with pytest.raises(InputError, match="unknown event type"):
        Review.from_json({"event": ZAPORIZHZHIA, "verdict": "corrected", "values": {"type": "Party"}}, "me")
    with pytest.raises(InputError, match="at least one"):
        Review.from_json({"event": ZAPORIZHZHIA, "verdict": "corrected"}, "me")
