"""An event a live page tells in two updates (a strike at 0910 GMT, its toll risen at 1308 GMT)
is one event that keeps both reports and both updates' words, end to end through ``kg``."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from paths import TESTS

from kg.cli import main
from kg.ops.workbench.api import Workbench
from kg.store import open_store

PAGE = TESTS / "fixtures" / "pages" / "retold-2024-06-20.txt"
DATE = "2024-06-20"


def run(store: Path, *args: str):
    return CliRunner().invoke(main, ["--store", f"oxigraph:{store}", *args])


def sparql(store: Path, text: str) -> list[dict]:
    out = run(store, "query", "-e", text, "--format", "json")
    assert out.exit_code == 0, out.output
    return [{k: v["value"] for k, v in row.items()} for row in json.loads(out.output)["results"]["bindings"]]


def evidence(store: Path, event: str, engine: str) -> list[dict]:
    out = run(store, "query", "evidence-for-event", "--param", f"event={event}", "--engine", engine,
              "--format", "json")
    assert out.exit_code == 0, out.output
    return [{k: v["value"] for k, v in row.items()} for row in json.loads(out.output)["results"]["bindings"]]


def strike(store: Path) -> str:
    rows = sparql(store, "SELECT ?e WHERE { ?e a ckg:AirStrike }")
    assert len(rows) == 1, rows  # told twice, counted once
    return rows[0]["e"]


def ingest(store: Path, page: Path) -> str:
    out = run(store, "ingest", str(page), "--date", DATE)
    assert out.exit_code == 0, out.output
    return out.output


def triples(store: Path) -> int:
    return int(sparql(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"])


@pytest.fixture
def store(tmp_path) -> Path:
    path = tmp_path / "store"
    ingest(path, PAGE)
    return path


def test_the_extracted_event_names_the_later_update_with_its_words():
    out = CliRunner().invoke(main, ["extract", str(PAGE), "--date", DATE, "--format", "json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    text = PAGE.read_text(encoding="utf-8")
    [(heading, event)] = [(u["heading"], e) for u in doc["updates"] for e in u["events"]
                          if e["type"] == "AirStrike"]
    assert heading == "UPDATE 0910 GMT" and event["killed"] == 3
    [also] = event["also_reported"]
    assert (also["heading"], also["timestamp"]) == ("UPDATE 1308 GMT", "2024-06-20T13:08:00Z")
    assert doc["updates"][also["update"]]["heading"] == "UPDATE 1308 GMT"
    for ev in (event["evidence"], also["evidence"]):
        assert text[ev["start"]:ev["end"]] == ev["text"]
    assert "killing one person" in event["evidence"]["text"]
    assert "has risen to three" in also["evidence"]["text"]
    events = [e for u in doc["updates"] for e in u["events"]]
    assert [e for e in events if "also_reported" in e] == [event]  # absent where empty


@pytest.mark.parametrize("engine", ["sparql", "tables"])
def test_evidence_for_event_lists_both_updates_words_and_reports(store, engine):
    event = strike(store)
    rows = evidence(store, event, engine)
    text = PAGE.read_text(encoding="utf-8")
    assert sorted(r["heading"] for r in rows) == ["UPDATE 0910 GMT", "UPDATE 1308 GMT"]
    assert len({r["report"] for r in rows}) == 2
    assert {r["graph"] for r in rows} == {r["graph"] for r in rows if r["heading"] == "UPDATE 0910 GMT"}
    for r in rows:
        assert text[int(r["start"]):int(r["end"])] == r["text"]
        assert r["pageLabel"] == PAGE.name
    later = next(r for r in rows if r["heading"] == "UPDATE 1308 GMT")
    assert "has risen to three" in later["text"]


def test_the_event_keeps_one_plain_report_and_links_the_other(store):
    event = strike(store)
    links = sparql(store, f"""
        SELECT ?own ?also ?span ?from WHERE {{
          <{event}> prov:wasDerivedFrom ?own ; ckg:alsoReportedIn ?also ; ckg:furtherEvidence ?span .
          ?span a ckg:EvidenceSpan ; prov:wasDerivedFrom ?from .
        }}""")
    assert len(links) == 1
    [row] = links
    assert row["own"] != row["also"] and row["from"] == row["also"]
    headings = sparql(store, f"SELECT ?h WHERE {{ <{row['also']}> ckg:heading ?h }}")
    assert headings == [{"h": "UPDATE 1308 GMT"}]
    out = run(store, "validate")
    assert out.exit_code == 0, out.output


def test_the_workbench_lists_every_report_of_the_event(store):
    event = strike(store)
    with open_store(f"oxigraph:{store}") as s:
        panel = Workbench(s, engine="sparql").event({"id": [event]})
    reports = sorted(panel["reports"], key=lambda r: r["heading"])
    assert [r["heading"] for r in reports] == ["UPDATE 0910 GMT", "UPDATE 1308 GMT"]
    assert "killing one person" in reports[0]["evidence"]
    assert "has risen to three" in reports[1]["evidence"]
    for r in reports:  # each report's own words, highlighted in its own text
        assert r["highlight"], r


def test_ingesting_the_page_again_adds_nothing(store):
    before = triples(store)
    assert "(+0)" in ingest(store, PAGE)
    assert triples(store) == before


def test_an_edited_page_leaves_no_stale_links(store, tmp_path):
    event = strike(store)
    text = PAGE.read_text(encoding="utf-8")
    edited = tmp_path / PAGE.name
    # the later update (and the headline) now tell something else: the strike is told once
    edited.write_text(text.replace(
        "The death toll from this morning's Russian air strike on Kostiantynivka has risen to three, "
        "the Donetsk regional governor Vadym Filashkin said on Thursday.",
        "Ukraine's parliament passed a law on the mobilisation of reservists on Thursday.").replace(
        "Russia strikes Kostiantynivka as the toll rises through the day", "Ukraine's parliament sits"),
        encoding="utf-8")
    ingest(store, edited)
    again = strike(store)
    assert sparql(store, "SELECT ?e WHERE { ?e ckg:alsoReportedIn ?r }") == []
    assert sparql(store, "SELECT ?s WHERE { ?s ckg:text ?t FILTER(CONTAINS(?t, 'risen to three')) }") == []
    for engine in ("sparql", "tables"):
        rows = evidence(store, again, engine)
        assert [r["heading"] for r in rows] == ["UPDATE 0910 GMT"], (engine, event, rows)


def test_an_edited_retelling_replaces_the_words_it_had(store, tmp_path):
    text = PAGE.read_text(encoding="utf-8")
    edited = tmp_path / PAGE.name
    edited.write_text(text.replace("has risen to three", "has risen to four"), encoding="utf-8")
    ingest(store, edited)
    event = strike(store)
    rows = evidence(store, event, "tables")
    later = [r["text"] for r in rows if r["heading"] == "UPDATE 1308 GMT"]
    assert len(later) == 1 and "has risen to four" in later[0]
    spans = sparql(store, "SELECT ?s WHERE { ?e ckg:furtherEvidence ?s }")
    assert len(spans) == 1
