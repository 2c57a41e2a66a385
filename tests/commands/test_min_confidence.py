"""``kg ingest --min-confidence``: doubtful events are stored, marked, and listed apart."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main


def run(store: Path, *args: str):
    return CliRunner().invoke(main, ["--store", f"oxigraph:{store}", *args])


def records(tmp_path: Path) -> Path:
    """A records file with one sure and one doubtful strike, and one without a confidence."""
    def event(place: str, confidence: float | None) -> dict:
        return {"type": "Shelling", "date": "2024-06-20",
                "locations": [{"name": place, "kind": "settlement", "country": "Ukraine"}],
                "actors": [{"name": "Russia", "kind": "State", "role": "attacker"}],
                "confidence": confidence}
    doc = {"source": "doubt-2024-06-20.json", "published": "2024-06-20",
           "updates": [{"heading": "UPDATE 0900 GMT",
                        "events": [event("Toretsk", 0.95), event("Niu-York", 0.55),
                                   event("Ozarianivka", None)]}]}
    path = tmp_path / "doubt-2024-06-20.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def select(store: Path, query: str) -> list[list[str]]:
    out = run(store, "query", "-e", query, "--format", "csv")
    assert out.exit_code == 0, out.output
    return [line.split(",") for line in out.output.strip().splitlines()[1:]]


def test_events_below_the_bar_are_kept_and_marked(tmp_path):
    store = tmp_path / "store"
    out = run(store, "ingest", str(records(tmp_path)), "--min-confidence", "0.7")
    assert out.exit_code == 0, out.output
    assert "1 event(s) below confidence 0.7 kept as doubtful" in out.output
    labels = select(store, "SELECT ?l WHERE { ?e a ckg:Event ; rdfs:label ?l } ORDER BY ?l")
    assert len(labels) == 3  # nothing the source said is dropped
    doubtful = select(store, "SELECT ?l WHERE { ?e ckg:doubtful true ; rdfs:label ?l }")
    assert doubtful == [["Shelling at Niu-York on 2024-06-20"]]
    listed = run(store, "query", "doubtful-events", "--format", "csv")
    assert listed.exit_code == 0, listed.output
    assert "Niu-York" in listed.output and "Toretsk" not in listed.output


def test_without_a_bar_nothing_is_doubted(tmp_path):
    store = tmp_path / "store"
    out = run(store, "ingest", str(records(tmp_path)))
    assert out.exit_code == 0, out.output
    assert select(store, "SELECT ?e WHERE { ?e ckg:doubtful ?d }") == []


def test_a_bar_outside_zero_to_one_is_refused(tmp_path):
    out = run(tmp_path / "store", "ingest", str(records(tmp_path)), "--min-confidence", "1.5")
    assert out.exit_code == 2
    assert "1.5" in out.output
    assert not (tmp_path / "store").exists()



def test_the_mark_round_trips_through_the_records_export(tmp_path):
    store = tmp_path / "store"
    assert run(store, "ingest", str(records(tmp_path)), "--min-confidence", "0.7").exit_code == 0
    out = run(store, "export", "--format", "records")
    assert out.exit_code == 0, out.output
    events = [e for d in json.loads(out.output) for u in d["updates"] for e in u["events"]]
    assert sorted(e.get("doubtful", False) for e in events) == [False, False, True]


def test_doubtful_events_are_left_out_of_counts_and_exports(tmp_path):
    store = tmp_path / "store"
    assert run(store, "ingest", str(records(tmp_path)), "--min-confidence", "0.7").exit_code == 0
    for engine in ("sparql", "tables"):  # the graph and the analytics tables agree
        out = run(store, "query", "events-by-type", "--engine", engine, "--format", "csv")
        assert out.exit_code == 0, out.output
        assert out.output.splitlines()[1].split(",")[:2] == ["Shelling", "2"], (engine, out.output)
    rows = run(store, "export", "--format", "acled-csv")
    assert rows.exit_code == 0, rows.output
    assert len(rows.output.strip().splitlines()) == 1 + 2
    assert "Niu-York" not in rows.output
