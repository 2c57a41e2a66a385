"""ACLED CSV and GeoJSON exports: an ACLED file ingested and exported reads back the same."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from paths import ROOT, TESTS

from kg.export.tables import export_table, write_acled_csv, write_geojson
from kg.ingest.pipeline import SourceSpec, ingest
from kg.sources.acled import ACLED_COLUMNS, event_type_for, read_acled
from kg.store import open_store

FIXTURES = TESTS / "fixtures"
REALISTIC = FIXTURES / "acled" / "realistic.csv"

EXACT = ("event_id_cnty", "event_date", "year", "actor1", "actor2", "country", "admin1",
         "location", "source", "notes", "fatalities", "civilian_targeting", "disorder_type")
"""Columns the graph holds as they are."""


@pytest.fixture(scope="module")
def exported() -> tuple[list[dict[str, str]], list[dict[str, str]], dict]:
    with open_store("memory:") as store:
        ingest(store, [SourceSpec(REALISTIC)])
        out = io.StringIO()
        assert write_acled_csv(store, out) == 30
        geo = io.StringIO()
        write_geojson(store, geo)
    original = list(csv.DictReader(REALISTIC.open(encoding="utf-8")))
    back = list(csv.DictReader(io.StringIO(out.getvalue())))
    return original, back, json.loads(geo.getvalue())


def _by_id(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {r["event_id_cnty"]: r for r in rows}


def test_header_is_the_acled_layout(exported) -> None:
    _, back, _ = exported
    assert tuple(back[0]) == ACLED_COLUMNS


@pytest.mark.parametrize("column", EXACT)
def test_mapped_column_round_trips(exported, column: str) -> None:
    original, back, _ = exported
    got = _by_id(back)
    for row in original:
        assert got[row["event_id_cnty"]][column] == row[column], row["event_id_cnty"]


def test_coordinates_round_trip(exported) -> None:
    original, back, _ = exported
    got = _by_id(back)
    for row in original:
        out = got[row["event_id_cnty"]]
        assert float(out["latitude"]) == float(row["latitude"])
        assert float(out["longitude"]) == float(row["longitude"])


def test_types_round_trip_through_the_taxonomy(exported) -> None:
    original, back, _ = exported
    got = _by_id(back)
    for row in original:
        out = got[row["event_id_cnty"]]
        # the event type is what the import makes of the row; export and import agree on it
        assert event_type_for(out["sub_event_type"], out["notes"]) == \
            event_type_for(row["sub_event_type"], row["notes"]), row["event_id_cnty"]
        if row["sub_event_type"] != "Remote explosive/landmine/IED":  # read as Attack
            assert out["sub_event_type"] == row["sub_event_type"]
            assert out["event_type"] == row["event_type"]


def test_actor_codes_and_associates_round_trip(exported) -> None:
    original, back, _ = exported
    got = _by_id(back)
    for row in original:
        out = got[row["event_id_cnty"]]
        for key in ("inter1", "inter2", "interaction"):
            assert out[key] == row[key], (row["event_id_cnty"], key)
        assoc = {a.strip() for k in ("assoc_actor_1", "assoc_actor_2") for a in row[k].split(";")}
        assert {a.strip() for a in out["assoc_actor_1"].split(";")} - {""} == assoc - {""}


def test_precision_codes_keep_day_and_month(exported) -> None:
    original, back, _ = exported
    got = _by_id(back)
    for row in original:
        out = got[row["event_id_cnty"]]["time_precision"]
        assert (out == "1") == (row["time_precision"] == "1")


def test_export_reads_back_into_the_same_events(exported, tmp_path: Path) -> None:
    original, back, _ = exported
    path = tmp_path / "back.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(ACLED_COLUMNS))
        writer.writeheader()
        writer.writerows(back)
    again = read_acled(path).document.events()
    first = read_acled(REALISTIC).document.events()
    for a, b in zip(first, again, strict=True):
        assert (a.type, a.date, a.killed, a.civilian, a.claimed_by) == \
            (b.type, b.date, b.killed, b.civilian, b.claimed_by)
        assert [(x.name, x.role, x.kind) for x in a.actors if x.role != "participant"] == \
            [(x.name, x.role, x.kind) for x in b.actors if x.role != "participant"]
        assert [(x.name, x.admin1, x.country, x.lat, x.lon) for x in a.locations] == \
            [(x.name, x.admin1, x.country, x.lat, x.lon) for x in b.locations]


def test_geojson_is_a_feature_collection_of_points_lon_lat(exported) -> None:
    original, _, geo = exported
    assert geo["type"] == "FeatureCollection"
    assert len(geo["features"]) == 30
    rows = _by_id(original)
    for feature in geo["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        row = rows[feature["properties"]["report"]]
        assert (lon, lat) == (float(row["longitude"]), float(row["latitude"]))
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"]["type"]


def test_extracted_events_export_from_the_graph() -> None:
    from kg.rdf.mapping import document_to_dataset
    from kg.records import Actor, Document, EventRecord, Evidence, Location, Update

    record = EventRecord(
        type="DroneStrike", date="2024-06-20",
        locations=[Location("Kostiantynivka", 704508, 48.53, 37.71, "Donetsk Oblast", "Ukraine",
                            "settlement")],
        actors=[Actor("Russia", "State", "attacker"), Actor("Ukraine", "State", "target")],
        killed=4, civilian=True, evidence=Evidence("Four civilians were killed by a drone."))
    doc = Document("page.txt", publisher="EA WorldView",
                   updates=[Update("UPDATE 1308 GMT", events=[record])])
    with open_store("memory:") as store:
        store.add_dataset(document_to_dataset(doc))
        out = io.BytesIO()
        assert export_table(store, "acled-csv", out) == 1
    row = next(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"))))
    assert row["sub_event_type"] == "Air/drone strike"
    assert row["event_type"] == "Explosions/Remote violence"
    assert (row["actor1"], row["inter1"], row["actor2"], row["inter2"]) == ("Russia", "1", "Ukraine", "1")
    assert (row["location"], row["admin1"], row["country"], row["iso"]) == \
        ("Kostiantynivka", "Donetsk Oblast", "Ukraine", "804")
    assert (row["fatalities"], row["source"], row["geo_precision"]) == ("4", "EA WorldView", "1")
    assert row["notes"] == "Four civilians were killed by a drone."


PAGE = ROOT / "examples" / "pages" / "ukraine-2024-03-22.txt"


def test_an_on_disk_store_exports_from_its_tables_what_the_graph_gives(tmp_path: Path) -> None:
    from kg.query.named import run_named

    texts = {}
    for where in ("memory:", f"oxigraph:{tmp_path / 'store'}"):
        with open_store(where) as store:
            ingest(store, [SourceSpec(REALISTIC)])
            ingest(store, [SourceSpec(PAGE)])
            if where != "memory:":  # the tables answer the export queries here
                assert store.tables() is not None
                assert run_named(store, "export-events", engine="tables")
            out, geo = io.StringIO(), io.StringIO()
            write_acled_csv(store, out)
            write_geojson(store, geo)
            texts[where] = (out.getvalue(), geo.getvalue())
    assert len(set(texts.values())) == 1


def test_geojson_keeps_events_without_a_place_as_null_geometry() -> None:
    """Every event is a feature: one with no place is there with ``geometry: null``, not dropped."""
    from kg.ingest.pipeline import SourceSpec as Spec
    from kg.query.named import run_named

    with open_store("memory:") as store:
        ingest(store, [Spec(PAGE)])
        geo = io.StringIO()
        count = write_geojson(store, geo)
        events = run_named(store, "events-by-type").rows
    features = json.loads(geo.getvalue())["features"]
    assert count == len(features) == sum(row[1] for row in events)
    unlocated = [f for f in features if f["geometry"] is None]
    assert unlocated and all("place" not in f["properties"] for f in unlocated)
    assert {f["properties"]["type"] for f in unlocated} & {"MilitaryAid", "Sanctions", "Condemnation"}


def test_every_type_exports_to_acled_terms_and_reads_back_as_itself(tmp_path) -> None:
    """Aid, visits, sanctions and condemnations are ACLED strategic developments ("Other"), and a
    ``conflict-kg: TYPE`` tag brings each event back as its own type; none is dropped."""
    from kg.ingest.pipeline import read_manifest
    from kg.query.named import run_named

    with open_store("memory:") as store:
        ingest(store, read_manifest(ROOT / "examples" / "manifest.json"))
        out = io.StringIO()
        count = write_acled_csv(store, out)
        before = sorted(run_named(store, "events-by-type").rows)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == count == sum(r[1] for r in before)
    assert all(r["event_type"] and r["sub_event_type"] for r in rows)
    aid = [r for r in rows if r["tags"] == "conflict-kg: MilitaryAid"]
    assert aid
    assert {(r["event_type"], r["sub_event_type"]) for r in aid} == {("Strategic developments", "Other")}
    path = tmp_path / "export.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    with open_store("memory:") as again:
        ingest(again, [SourceSpec(path)])
        assert sorted(run_named(again, "events-by-type").rows) == before


@pytest.mark.parametrize(("country", "iso", "region"), [
    ("Sudan", "729", "Northern Africa"), ("Myanmar", "104", "Southeast Asia"),
    ("Democratic Republic of Congo", "180", "Middle Africa"), ("Armenia", "51", "Caucasus and Central Asia"),
    ("Mexico", "484", "North America")])
def test_an_event_anywhere_gets_its_iso_and_acled_region(country: str, iso: str, region: str) -> None:
    from kg.rdf.mapping import document_to_dataset
    from kg.records import Document, EventRecord, Location, Update

    record = EventRecord(type="Attack", date="2024-06-20",
                         locations=[Location(country, kind="country", country=country)])
    doc = Document("page.txt", updates=[Update("UPDATE 1308 GMT", events=[record])])
    with open_store("memory:") as store:
        store.add_dataset(document_to_dataset(doc))
        out = io.StringIO()
        write_acled_csv(store, out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["country"], row["iso"], row["region"]) == (country, iso, region)


def test_a_store_written_before_layouts_still_gives_its_json_records_back() -> None:
    from rdflib import Literal, URIRef

    from kg.namespaces import CKG
    from kg.rdf.mapping import document_to_dataset
    from kg.records import Document, EventRecord, Location, Update

    record = EventRecord(type="Attack", date="2024-06-20",
                         locations=[Location("Ukraine", kind="country", country="Ukraine")])
    dataset = document_to_dataset(Document("old.csv", updates=[Update("UKR9", events=[record])]))
    [event] = {s for s, _, _, _ in dataset.quads((None, CKG.eventType, None, None))}
    graph = next(g for _, _, _, g in dataset.quads((event, None, None, None)))
    graph = URIRef(str(getattr(graph, "identifier", graph)))
    dataset.add((event, CKG.sourceRecord, Literal('{"event_id_cnty":"UKR9","notes":"as, \\"it\\" was"}'),
                 graph))
    with open_store("memory:") as store:
        store.add_dataset(dataset)
        out = io.StringIO()
        write_acled_csv(store, out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["event_id_cnty"], row["notes"], row["iso"]) == ("UKR9", 'as, "it" was', "804")
