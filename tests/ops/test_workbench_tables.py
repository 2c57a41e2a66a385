"""The workbench's routes answered from the analytics tables give what their SPARQL gives.

The same :class:`Workbench` is asked with ``engine="tables"`` and ``engine="sparql"`` on one
on-disk store: the example pages' events, and a synthetic ACLED file (more places than the
map's limit, so that grid cells are compared too).
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.analytics.sidecar import Sidecar
from kg.errors import QueryError
from kg.ops.workbench import Workbench
from kg.ops.workbench.api import MAX_POINTS
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[2]
FILTER_SETS = [
    {}, {"type": "Shelling"}, {"type": "shelling"}, {"from": "2024-03-22", "to": "2024-03-22"},
    {"from": "2024-04-01"}, {"to": "2024-03-01"}, {"min_confidence": "0.9"}, {"min_confidence": "0.75"},
    {"actor": "DENMARK"}, {"actor": "Military Forces of Russia (2000-)"}, {"region": "kharkiv oblast"},
    {"region": "Donetsk Oblast", "type": "Shelling"}, {"region": "Nowhere"},
    {"region": "Donetsk Oblast", "from": "2023-01-01", "to": "2023-06-30", "min_confidence": "0.5"},
]


def _ingest(folder: Path, *inputs: str) -> None:
    from kg.cli import main

    result = CliRunner().invoke(main, ["--store", f"oxigraph:{folder}", "ingest", *inputs])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def pages_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wb-tables") / "kg-store"
    _ingest(folder, *sorted(str(p) for p in (ROOT / "tests" / "fixtures" / "workbench").glob("*.json")))
    return folder


@pytest.fixture(scope="module")
def acled_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benchmarks.generate import generate

    where = tmp_path_factory.mktemp("wb-acled")
    csv_path = generate(1500, 7, where / "acled.csv")
    _ingest(where / "kg-store", str(csv_path))
    return where / "kg-store"


def _both(folder: Path) -> Iterator[tuple[Workbench, Workbench]]:
    with open_store(f"oxigraph:{folder}", read_only=True) as store:
        assert store.tables() is not None
        yield Workbench(store, engine="tables"), Workbench(store, engine="sparql")


def _same(tables: Workbench, sparql: Workbench, route: str, params: dict[str, str]) -> dict:
    query = {k: [v] for k, v in params.items()}
    fast = getattr(tables, route)(query)
    slow = getattr(sparql, route)(query)
    # as the page receives them
    assert json.dumps(fast, sort_keys=True, default=str) == json.dumps(slow, sort_keys=True, default=str), \
        (route, params)
    return fast


@pytest.mark.parametrize("params", FILTER_SETS, ids=lambda p: json.dumps(p))
def test_tables_and_sparql_give_the_same_events_and_timeline_on_the_example_pages(pages_store, params):
    for tables, sparql in _both(pages_store):
        events = _same(tables, sparql, "events", params)
        _same(tables, sparql, "timeline", params)
        if not params:
            assert events["total"] == 19 and events["located"] > 0 and events["points"]


def test_tables_and_sparql_give_the_same_filter_choices(pages_store, acled_store):
    for folder in (pages_store, acled_store):
        for tables, sparql in _both(folder):
            meta = _same(tables, sparql, "meta", {})
            assert meta["facets"]["type"] and meta["facets"]["region"] and meta["facets"]["actor"]


def test_tables_and_sparql_agree_on_many_places_grouped_into_cells(acled_store):
    for tables, sparql in _both(acled_store):
        whole = _same(tables, sparql, "events", {})
        assert whole["total"] > 1400 and len(whole["events"]) == 500
        region = tables.meta({})["facets"]["region"][0]["value"]
        actor = tables.meta({})["facets"]["actor"][1]["value"]
        for params in ({"region": region}, {"actor": actor.upper()},
                       {"type": "Shelling", "from": "2024-01-01"},
                       {"to": "2023-12-31", "region": region.lower(), "actor": actor}):
            events = _same(tables, sparql, "events", params)
            assert 0 < events["total"] < whole["total"]
            _same(tables, sparql, "timeline", params)


def test_a_map_of_more_places_than_its_limit_is_the_same_grid(acled_store, monkeypatch):
    monkeypatch.setattr("kg.ops.workbench.api.MAX_POINTS", 50)
    for tables, sparql in _both(acled_store):
        events = _same(tables, sparql, "events", {})
        assert events["cell"] > 0 and len(events["points"]) <= 50 < MAX_POINTS


def test_a_review_leaves_the_tables_current_and_shows_on_the_event(tmp_path, pages_store):
    import shutil

    folder = tmp_path / "kg-store"
    shutil.copytree(pages_store, folder)
    event = "https://w3id.org/conflict-kg/id/event/081f8583711b249b"
    with open_store(f"oxigraph:{folder}") as store:
        workbench = Workbench(store, analyst="A. Analyst", engine="tables")
        before = workbench.events({})
        workbench.review({"event": event, "verdict": "corrected", "values": {"killed": "3"}})
        assert store.tables() is not None
        assert workbench.events({}) == before
        shown = workbench.event({"id": [event]})
        assert shown["killed"] == 1 and shown["reviewed"]["killed"] == 3
    assert Sidecar(folder).is_current()


def test_stale_tables_are_not_read(tmp_path, pages_store):
    import shutil

    folder = tmp_path / "kg-store"
    shutil.copytree(pages_store, folder)
    Sidecar(folder).mark_stale()
    with open_store(f"oxigraph:{folder}", read_only=True) as store:
        assert Workbench(store).events({})["total"] == 19  # from the graph
        with pytest.raises(QueryError, match="analytics tables"):
            Workbench(store, engine="tables").events({})
        with pytest.raises(QueryError, match="analytics tables"):
            Workbench(store, tables=Sidecar(folder), engine="tables").timeline({})


def test_answers_kept_from_the_tables_follow_a_write(tmp_path, pages_store):
    import shutil

    from kg.cli import main

    folder = tmp_path / "kg-store"
    shutil.copytree(pages_store, folder)
    with open_store("memory:") as nothing:
        workbench = Workbench(nothing, tables=Sidecar(folder), engine="tables")
        before = workbench.events({})
        assert workbench.events({}) is before  # asked again: kept
        record = str(ROOT / "tests" / "golden" / "attack_casualties_roles.json")
        workbench.reader.close()  # a writer in this same process needs the file closed here
        result = CliRunner().invoke(main, ["--store", f"oxigraph:{folder}", "ingest", record])
        assert result.exit_code == 0, result.output
        after = workbench.events({})
        assert after["total"] == before["total"] + 1


def _writable(path: Path) -> bool:
    """Whether this process can open the tables for writing now (DuckDB refuses while a
    read-only connection of this process is open on the same file)."""
    import duckdb

    try:
        duckdb.connect(str(path)).close()
    except duckdb.Error:
        return False
    return True


def test_requests_close_together_share_one_connection_then_let_writers_in(tmp_path, pages_store):
    import shutil
    import threading
    import time

    from kg.ops.workbench.api import TableReader

    folder = tmp_path / "kg-store"
    shutil.copytree(pages_store, folder)
    sidecar = Sidecar(folder)
    reader = TableReader(keep_open=0.3)
    with reader.cursor(sidecar) as one, reader.cursor(sidecar) as two:
        assert one.execute("SELECT count(*) FROM events").fetchone() == two.execute(
            "SELECT count(*) FROM events").fetchone()
    assert not _writable(sidecar.path)  # kept open for the next request
    deadline = time.monotonic() + 10
    while not _writable(sidecar.path):  # closed once idle
        assert time.monotonic() < deadline, "the idle connection was never closed"
        time.sleep(0.05)

    with reader.cursor(sidecar):
        pass
    read_during_write = []
    with reader.closed_for_writing():
        assert _writable(sidecar.path)
        late = threading.Thread(target=lambda: read_during_write.append(reader.cursor(sidecar).__enter__()))
        late.start()
        late.join(0.3)
        assert late.is_alive() and not read_during_write  # a request waits for the write
    late.join(10)
    assert read_during_write
    reader.close()


def test_a_review_after_reads_writes_the_tables_too(tmp_path, pages_store):
    import shutil

    folder = tmp_path / "kg-store"
    shutil.copytree(pages_store, folder)
    with open_store(f"oxigraph:{folder}") as store:
        workbench = Workbench(store, analyst="ana", engine="tables")
        event = workbench.events({})["events"][0]["event"]
        workbench.review({"event": event, "verdict": "accepted", "note": "seen"})
        assert store.tables() is not None  # the write reached the tables, which stay current
        assert workbench.events({})["total"] >= 1
