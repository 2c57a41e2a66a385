"""Analytics tables: every SQL twin gives its SPARQL's answer, and the tables are trusted only
while they follow the graph."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from paths import ROOT, TESTS
from query_cases import CASES

from kg.analytics.keeper import rebuild
from kg.analytics.sidecar import Sidecar
from kg.analytics.twins import get_twin, twin_names
from kg.cli import main
from kg.errors import QueryError
from kg.ingest.pipeline import SourceSpec, ingest, read_manifest
from kg.query.named import get_query, run_named
from kg.store import open_store

FIXTURES = TESTS / "fixtures"
TWINS = sorted(twin_names())

# parameter sets each twin is compared on, beyond its defaults and its test_query case
EXTRA_PARAMS = {
    "place": ["Kharkiv", "Donetsk Oblast", "Ukraine"],
    "actor": ["Russia", "Ukraine"],
    "region": ["Donetsk Oblast", "kharkiv oblast"],
    "type": ["AirStrike", "Shelling"],
    "equipment": ["Shahed-136", "Patriot", "missile"],
    "person": ["Volodymyr Zelensky", "volodymyr zelenskyy", "Ukraine"],
    "since": ["2024-03-01"],
    "until": ["2024-03-31"],
    "relation": ["attacks", "supplies", "meets"],
    "window": ["month"],
    "kind": ["State"],
    "donor": ["Germany"],
    "recipient": ["Ukraine"],
    "lat": ["48.5"], "lon": ["37.7"], "km": ["150"],
    "page": ["ukraine-2024-03-22.txt"],
    # an event read from an annotated page, and one from an ACLED row (no page date, no offsets)
    "event": ["id:event/ece13629348e5bd9", "id:event/53a01fcd628997e1"],
    "limit": ["5"],
}


def _rich_sources() -> list[SourceSpec]:
    specs = read_manifest(ROOT / "examples" / "manifest.json")
    for page in sorted((FIXTURES / "extract").glob("page-*.txt")):
        specs.append(SourceSpec(page))
    specs.append(SourceSpec(FIXTURES / "acled" / "realistic.csv"))
    specs.append(SourceSpec(FIXTURES / "records" / "updates.json"))
    specs.append(SourceSpec(FIXTURES / "records" / "conflicting.json"))  # figures that differ
    return specs


@pytest.fixture(scope="module")
def rich_store(tmp_path_factory):
    """An on-disk store of the example pages, the annotated pages, ACLED rows and records (among
    them three updates giving different figures for one shelling)."""
    folder = tmp_path_factory.mktemp("analytics") / "store"
    with open_store(f"oxigraph:{folder}") as store:
        ingest(store, _rich_sources())
    with open_store(f"oxigraph:{folder}", read_only=True) as store:
        yield store


def _param_sets(name: str) -> list[dict[str, str]]:
    query = get_query(name)
    sets: list[dict[str, str]] = []
    if all(not p.required for p in query.params):
        sets.append({})
    if name in CASES:
        sets.append(dict(CASES[name][0]))
    for param in query.params:
        for value in EXTRA_PARAMS.get(param.name, []):
            base = {p.name: EXTRA_PARAMS[p.name][0] for p in query.params if p.required}
            base[param.name] = value
            sets.append(base)
    unique = {tuple(sorted(s.items())): s for s in sets}
    assert unique, f"no parameter set for {name}"
    return list(unique.values())


def _term(term) -> tuple | None:
    """A term as kind, lexical form and datatype: the twin must give the same text, not only
    the same value (42 and 42.0 are one number but not one answer in a CSV)."""
    if term is None:
        return None
    datatype = term.datatype.value if isinstance(term, ox.Literal) else None
    return type(term).__name__, term.value, datatype


def _normal(rows, twin) -> list[tuple]:
    out = []
    for raw in rows.raw:
        cells = []
        for name, term in zip(rows.variables, raw, strict=True):
            cell = _term(term)
            if name in twin.concat and cell is not None:  # GROUP_CONCAT's order is not defined
                parts = tuple(sorted(term.value.split(twin.concat[name]))) if term.value else ()
                cell = (cell[0], parts, cell[2])
            cells.append(cell)
        out.append(tuple(cells))
    return out


def _compare(store, name: str, params: dict[str, str]) -> int:
    twin = get_twin(name)
    graph = run_named(store, name, params, engine="sparql")
    tables = run_named(store, name, params, engine="tables")
    assert tables.variables == graph.variables
    a, b = _normal(graph, twin), _normal(tables, twin)
    assert Counter(b) == Counter(a), f"{name} {params}: the twin's rows differ"
    index = [graph.variables.index(c) for c in twin.order]
    assert [tuple(r[i] for i in index) for r in b] == [tuple(r[i] for i in index) for r in a], \
        f"{name} {params}: rows in another order"
    return len(a)


@pytest.mark.parametrize("name", TWINS)
def test_twin_gives_the_sparql_answer(rich_store, name):
    answered = [_compare(rich_store, name, params) for params in _param_sets(name)]
    assert any(answered), f"{name}: every parameter set gave no rows; the comparison shows nothing"


@pytest.mark.parametrize("name", TWINS)
def test_twin_header_names_the_query_columns(name):
    twin = get_twin(name)
    assert set(twin.order) <= {c for c, _ in twin.columns}
    assert set(twin.concat) <= {c for c, _ in twin.columns}
    query_params = {p.name for p in get_query(name).params}
    assert set(twin.params) <= query_params, f"{name}: the twin binds parameters the query lacks"


def test_rich_store_has_current_tables(rich_store):
    assert rich_store.tables() is not None
    assert Sidecar(rich_store.path).status() == "current"


# ------------------------------------------------------------------ trust


def _page_store(tmp_path: Path) -> Path:
    folder = tmp_path / "store"
    with open_store(f"oxigraph:{folder}") as store:
        ingest(store, read_manifest(ROOT / "examples" / "manifest.json"))
    return folder


def _events(folder: Path, engine: str) -> list[tuple]:
    with open_store(f"oxigraph:{folder}", read_only=True) as store:
        return run_named(store, "events-by-type", engine=engine).rows


def test_a_sparql_update_marks_the_tables_stale_and_queries_answer_from_the_graph(tmp_path):
    folder = _page_store(tmp_path)
    before = _events(folder, "tables")
    with open_store(f"oxigraph:{folder}") as store:
        store.update("PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> "
                     "DELETE WHERE { GRAPH ?g { ?e ckg:eventType ?t } }")
    assert Sidecar(folder).status() == "stale"
    with open_store(f"oxigraph:{folder}", read_only=True) as store, pytest.raises(QueryError, match="tables"):
        run_named(store, "events-by-type", engine="tables")
    assert _events(folder, "auto") == [] != before
    with open_store(f"oxigraph:{folder}") as store:
        rebuild(store.native, folder)
    assert Sidecar(folder).status() == "current"
    assert _events(folder, "tables") == []


def test_a_write_that_does_not_conform_leaves_tables_current_and_unchanged(tmp_path):
    from kg.errors import NonConformingError

    folder = _page_store(tmp_path)
    before = _events(folder, "tables")
    with open_store(f"oxigraph:{folder}") as store, pytest.raises(NonConformingError):
        ingest(store, [SourceSpec(_bad_records(tmp_path))])
    assert Sidecar(folder).status() == "current"
    assert _events(folder, "tables") == before


def _bad_records(tmp_path: Path) -> Path:
    path = tmp_path / "bad.json"
    path.write_text('{"source": "bad.json", "published": "2024-05-01", "updates": [{"heading": "x", '
                    '"events": [{"type": "Shelling", "date": "2024-05-01", "killed": -3}]}]}',
                    encoding="utf-8")
    return path


def test_an_interrupted_write_leaves_the_mark_and_the_graph_answers(tmp_path):
    folder = _page_store(tmp_path)
    Sidecar(folder).mark_stale()  # as a write killed between the graph and the tables leaves it
    with open_store(f"oxigraph:{folder}", read_only=True) as store:
        assert store.tables() is None
        assert run_named(store, "stats").rows == run_named(store, "stats", engine="sparql").rows
    # a later writer does not follow stale tables: they stay stale until rebuilt
    with open_store(f"oxigraph:{folder}") as store:
        ingest(store, [SourceSpec(FIXTURES / "records" / "updates.json")])
    assert Sidecar(folder).status() == "stale"


def test_reingesting_an_edited_update_replaces_its_rows(tmp_path):
    page = tmp_path / "page-2024-05-10.txt"
    text = (ROOT / "examples" / "pages" / "ukraine-2024-05-10.txt").read_text(encoding="utf-8")
    page.write_text(text, encoding="utf-8")
    folder = tmp_path / "store"
    with open_store(f"oxigraph:{folder}") as store:
        ingest(store, [SourceSpec(page)])
        first = run_named(store, "casualties-by-region-and-day", engine="tables").rows
    assert first, "the page should report casualties"
    edited = text.replace("three", "seven", 1) if "three" in text else text.replace("two", "five", 1)
    assert edited != text
    page.write_text(edited, encoding="utf-8")
    with open_store(f"oxigraph:{folder}") as store:
        ingest(store, [SourceSpec(page)])
        graph = run_named(store, "casualties-by-region-and-day", engine="sparql").rows
        tables = run_named(store, "casualties-by-region-and-day", engine="tables").rows
    assert tables == graph


def test_memory_and_remote_stores_answer_from_the_graph(sample_dataset):
    with open_store("memory:") as store:
        store.add_dataset(sample_dataset)
        assert run_named(store, "events-by-type").rows == run_named(store, "events-by-type",
                                                                    engine="sparql").rows
        with pytest.raises(QueryError, match="no current tables"):
            run_named(store, "events-by-type", engine="tables")


def test_a_store_made_before_the_tables_gets_them_by_rebuild(tmp_path, sample_dataset):
    folder = tmp_path / "store"
    with open_store(f"oxigraph:{folder}") as store:
        store.add_dataset(sample_dataset)
    (folder / "kg-analytics.duckdb").unlink()
    with open_store(f"oxigraph:{folder}") as store:
        store.add_dataset(_one_more(sample_dataset))
        assert store.tables() is None
        counts = rebuild(store.native, folder)
        # the events table keeps every report's event, the export one per occasion: the sample's
        # one occasion has two accounts, one of them merged into the other
        assert counts["occasion_accounts"] == 2
        assert counts["events"] - 1 == len(run_named(store, "export-events", engine="sparql"))
        assert store.tables() is not None


def _one_more(dataset: rdflib.Dataset) -> rdflib.Dataset:
    out = rdflib.Dataset()
    g = out.graph(rdflib.URIRef("https://w3id.org/conflict-kg/graph/report/extra"))
    g.add((rdflib.URIRef("https://w3id.org/conflict-kg/id/report/extra"), rdflib.RDFS.label,
           rdflib.Literal("extra")))
    return out


def test_cli_analytics_status_rebuild_and_engine(tmp_path):
    folder = _page_store(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["--store", str(folder), "analytics"])
    assert result.exit_code == 0 and "current" in result.output
    Sidecar(folder).mark_stale()
    result = runner.invoke(main, ["--store", str(folder), "query", "stats", "--engine", "tables"])
    assert result.exit_code == 2 and "kg analytics --rebuild" in result.output
    result = runner.invoke(main, ["--store", str(folder), "query", "stats"])
    assert result.exit_code == 0 and "answering from the graph" in result.output
    result = runner.invoke(main, ["--store", str(folder), "analytics", "--rebuild"])
    assert result.exit_code == 0 and "rebuilt" in result.output and "current" in result.output
    tables = runner.invoke(main, ["--store", str(folder), "query", "stats", "--engine", "tables",
                                  "--format", "csv"])
    graph = runner.invoke(main, ["--store", str(folder), "query", "stats", "--engine", "sparql",
                                 "--format", "csv"])
    assert tables.exit_code == 0 and tables.output == graph.output and "events," in tables.output
    result = runner.invoke(main, ["--store", "memory:", "analytics"])
    assert result.exit_code == 2 and "only on-disk stores" in result.output


@pytest.mark.parametrize("fresh", [True, False])
def test_bulk_ingest_keeps_the_tables_in_step(tmp_path, fresh):
    from kg.ingest.bulk import bulk_ingest

    folder = tmp_path / "store"
    csv = FIXTURES / "acled" / "realistic.csv"
    with open_store(f"oxigraph:{folder}") as store:
        if not fresh:
            ingest(store, read_manifest(ROOT / "examples" / "manifest.json"))
        bulk_ingest(store, csv, chunk_size=7)
        bulk_ingest(store, csv, chunk_size=5)  # again: the chunks replace their graphs
    assert Sidecar(folder).status() == "current"
    with open_store(f"oxigraph:{folder}", read_only=True) as store:
        for name in ("stats", "events-by-type", "casualties-by-region-and-day"):
            assert _compare(store, name, {}) > 0


def _table_contents(folder: Path) -> dict[str, list]:
    from kg.analytics.tables import TABLES

    with Sidecar(folder).connect(read_only=True) as con:
        return {t.name: sorted(con.execute(f"SELECT * FROM {t.name}").fetchall(), key=repr) for t in TABLES}


def test_rebuild_in_small_chunks_gives_the_tables_the_writes_kept(tmp_path):
    from kg.ingest.bulk import bulk_ingest

    folder = _page_store(tmp_path)
    with open_store(f"oxigraph:{folder}") as store:
        bulk_ingest(store, FIXTURES / "acled" / "realistic.csv", chunk_size=4)
    kept = _table_contents(folder)
    assert kept["events"] and kept["places"] and kept["participations"]
    with open_store(f"oxigraph:{folder}") as store:
        counts = rebuild(store.native, folder, chunk_lines=40)  # many chunks, cut at graph ends
    assert counts == {name: len(rows) for name, rows in kept.items()}
    assert _table_contents(folder) == kept


def test_graph_chunks_refuse_a_dump_not_grouped_by_graph():
    from kg.analytics.keeper import GraphChunks

    lines = [f'<urn:s{i}> <urn:p> "x" <urn:g{g}> .\n'.encode() for i, g in enumerate([1, 1, 2, 1])]
    sink = GraphChunks(lambda chunk: None, 1)
    with pytest.raises(ValueError, match="not grouped"):
        for line in lines:
            sink.write(line)
        sink.close()


def test_ingest_says_when_the_tables_do_not_follow(tmp_path):
    folder = _page_store(tmp_path)
    record = str(FIXTURES / "records" / "updates.json")
    quiet = CliRunner().invoke(main, ["--store", str(folder), "ingest", record])
    assert quiet.exit_code == 0 and "analytics tables" not in quiet.output
    Sidecar(folder).mark_stale()
    noted = CliRunner().invoke(main, ["--store", str(folder), "ingest", record])
    assert noted.exit_code == 0 and "kg analytics --rebuild" in noted.output


def test_text_with_quotes_backslashes_tabs_and_newlines_reaches_the_tables_intact(tmp_path):
    import json

    odd = 'He said "two \\ three"\tthen\nleft; «Ж» \\n is not a newline'
    record = {"source": "odd.json", "published": "2024-05-01", "publisher": 'A "quoted" \\ outlet',
              "updates": [{"heading": 'UPDATE "1"\t\\', "events": [
                  {"type": "Shelling", "date": "2024-05-01", "locations": ["Kharkiv"], "killed": 1,
                   "evidence": {"text": odd, "start": 0, "end": len(odd)}}]}]}
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    folder = tmp_path / "store"
    with open_store(f"oxigraph:{folder}") as store:
        ingest(store, [SourceSpec(path)])
        rows = run_named(store, "export-events", engine="tables").dicts()
        assert rows == run_named(store, "export-events", engine="sparql").dicts()
    assert rows[0]["notes"] == odd and rows[0]["heading"] == 'UPDATE "1"\t\\'
    assert rows[0]["publisher"] == 'A "quoted" \\ outlet'


def test_a_restored_store_comes_back_with_current_tables(tmp_path):
    from kg.ops.backup import backup_url, restore_store

    folder = _page_store(tmp_path)
    backup_url(f"oxigraph:{folder}", tmp_path / "backup")
    restore_store(tmp_path / "backup", f"oxigraph:{tmp_path / 'restored'}")
    assert Sidecar(tmp_path / "restored").status() == "current"
    assert _events(tmp_path / "restored", "tables") == _events(folder, "tables") != []



@pytest.mark.parametrize("parallel", [False, True])
def test_bulk_ingest_takes_rows_in_batches_and_marks_the_tables_stale_meanwhile(tmp_path, monkeypatch,
                                                                                 parallel):
    import kg.ingest.bulk
    from kg.ingest.bulk import bulk_ingest

    monkeypatch.setattr(kg.ingest.bulk, "TABLE_BATCH_CHUNKS", 3)
    folder = tmp_path / "store"
    states: list[str] = []
    with open_store(f"oxigraph:{folder}") as store:
        bulk_ingest(store, FIXTURES / "acled" / "sample.csv")  # not empty: chunk by chunk
        bulk_ingest(store, FIXTURES / "acled" / "realistic.csv", chunk_size=3, parallel=parallel,
                    on_chunk=lambda _: states.append(Sidecar(folder).status()))
    # ten chunks: the rows of every third go in with the two before it, and the last at the end
    assert states == ["stale", "stale", "current"] * 3 + ["stale"]
    assert Sidecar(folder).status() == "current"
    kept = _table_contents(folder)
    with open_store(f"oxigraph:{folder}") as store:
        rebuild(store.native, folder)
    assert Sidecar(folder).status() == "current" and _table_contents(folder) == kept


@pytest.mark.parametrize("parallel", [False, True])
def test_a_bulk_ingest_stopped_by_a_bad_chunk_keeps_the_rows_of_the_chunks_it_wrote(
        tmp_path, parallel, bad_acled):
    from kg.errors import NonConformingError
    from kg.ingest.bulk import bulk_ingest

    folder = tmp_path / "store"
    with open_store(f"oxigraph:{folder}") as store:
        with pytest.raises(NonConformingError):
            bulk_ingest(store, bad_acled, chunk_size=10, parallel=parallel)
        assert store.triple_count() > 0
    assert Sidecar(folder).status() == "current"
    kept = _table_contents(folder)
    assert len(kept["events"]) == 30
    with open_store(f"oxigraph:{folder}") as store:
        rebuild(store.native, folder)
    assert _table_contents(folder) == kept


def test_a_bulk_write_that_fails_half_done_leaves_the_tables_marked_stale(tmp_path, monkeypatch):
    from kg.errors import StoreError
    from kg.ingest.bulk import bulk_ingest

    class HalfDone:
        """The store under test, whose streaming bulk load writes one quad and fails."""

        def __init__(self, real: ox.Store) -> None:
            self.real = real

        def __getattr__(self, name):
            return getattr(self.real, name)

        def __len__(self) -> int:
            return len(self.real)

        def bulk_load(self, data, format):  # noqa: A002 - pyoxigraph's keyword
            first = data.read(100_000)
            self.real.load(first[: first.index(b"\n") + 1], format=format)
            raise OSError("disk full")

    folder = tmp_path / "store"
    with open_store(f"oxigraph:{folder}") as store:
        store._store = HalfDone(store._store)
        with pytest.raises(StoreError, match="disk full"):
            bulk_ingest(store, FIXTURES / "acled" / "realistic.csv", chunk_size=10)
        store._store = store._store.real
    assert Sidecar(folder).status() == "stale"
    with open_store(f"oxigraph:{folder}", read_only=True) as store:
        assert store.tables() is None  # the reads answer from the graph


def test_connections_draw_no_progress_bar(tmp_path):
    """DuckDB draws a progress bar on stdout for a slow statement, in the middle of `kg` output."""
    sidecar = Sidecar(tmp_path)
    sidecar.create_empty()
    for read_only in (False, True):
        with sidecar.connect(read_only=read_only) as con:
            assert con.execute("SELECT current_setting('enable_progress_bar')").fetchone() == (False,)
