"""The ``kg`` command end to end through click's runner: ingest, stats, query, export, validate."""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from paths import ROOT
from rdflib.compare import isomorphic

from kg.cli import main

EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden"


def run(*args: str, store: Path | None = None):
    argv = (["--store", f"oxigraph:{store}"] if store else []) + list(args)
    return CliRunner().invoke(main, argv)


def triples(store: Path) -> int:
    out = run("query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "csv",
              store=store)
    assert out.exit_code == 0, out.output
    return int(out.output.split()[-1])


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    out = run("ingest", "--manifest", str(EXAMPLES / "manifest.json"), store=store)
    assert out.exit_code == 0, out.output
    return store


def test_help_lists_every_command():
    out = run("--help")
    assert out.exit_code == 0
    for command in ("ingest", "extract", "stats", "query", "queries", "export", "validate"):
        assert command in out.output


def test_ingesting_the_sample_pages_twice_adds_nothing(sample_store):
    before = triples(sample_store)
    assert before > 0
    out = run("ingest", "--manifest", str(EXAMPLES / "manifest.json"), store=sample_store)
    assert out.exit_code == 0, out.output
    assert "(+0)" in out.output
    assert triples(sample_store) == before


def test_stats_counts_events_and_updates(sample_store):
    out = run("stats", store=sample_store)
    assert out.exit_code == 0, out.output
    assert "events:" in out.output and "updates:" in out.output
    events = int(next(line for line in out.output.splitlines() if "events:" in line).split()[-1])
    assert events >= 10


def test_export_turtle_parses_back_to_what_is_stored(sample_store, tmp_path):
    target = tmp_path / "graph.ttl"
    out = run("export", "--format", "turtle", "-o", str(target), store=sample_store)
    assert out.exit_code == 0, out.output
    exported = rdflib.Graph().parse(target, format="turtle")
    nquads = tmp_path / "all.nq"
    assert run("export", "--format", "nquads", "-o", str(nquads), store=sample_store).exit_code == 0
    union = rdflib.Graph()
    for s, p, o, _ in rdflib.Dataset().parse(nquads, format="nquads").quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(exported, union)
    assert len(list(ox.parse(path=str(target), format=ox.RdfFormat.TURTLE))) == len(exported)


def test_named_and_adhoc_queries(sample_store):
    out = run("query", "events-by-type", "--format", "json", store=sample_store)
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)["results"]["bindings"]
    assert rows and all("typeName" in r for r in rows)
    out = run("query", "events-at-place", "--param", "place=Mykolaiv", "--format", "csv", store=sample_store)
    assert out.exit_code == 0 and "Mykolaiv" in out.output


def test_update_is_refused_without_the_flag(sample_store):
    before = triples(sample_store)
    out = run("query", "-e", "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", store=sample_store)
    assert out.exit_code == 2
    assert "kg: error:" in out.output
    assert triples(sample_store) == before


def test_store_conforms(sample_store):
    out = run("validate", store=sample_store)
    assert out.exit_code == 0, out.output


def _bad_records(tmp_path: Path, change: dict) -> Path:
    doc = json.loads((GOLDEN / "attack_casualties_roles.json").read_text(encoding="utf-8"))
    doc["source"] = "bad-records.json"
    doc["updates"][0]["events"][0].update(change)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize("change, words", [
    ({"killed": -3}, "killed"),
    ({"type": "Massacre"}, "type"),
    ({"date": None}, "date"),
])
def test_a_bad_event_is_rejected_by_name_and_nothing_is_written(sample_store, tmp_path, change, words):
    before = triples(sample_store)
    out = run("ingest", str(_bad_records(tmp_path, change)), store=sample_store)
    assert out.exit_code == 1, out.output
    assert "does not conform" in out.output
    assert "AirStrike" in out.output or "Massacre" in out.output  # the event is named
    assert "Shape" in out.output and words in out.output.lower()
    assert "Traceback" not in out.output
    assert triples(sample_store) == before


def test_bad_usage_and_missing_files_exit_2(tmp_path):
    out = run("ingest", str(tmp_path / "nope.txt"), store=tmp_path / "s")
    assert out.exit_code == 2 and "no such file" in out.output
    out = run("query", store=tmp_path / "s")
    assert out.exit_code == 2


def test_python_dash_m_kg_runs():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "ingest" in done.stdout


def test_a_page_without_a_date_is_refused_before_anything_is_read(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("UPDATE 1000 GMT:\n\nA Russian missile struck Odesa, killing two.\n", encoding="utf-8")
    out = run("ingest", str(page), store=tmp_path / "s")
    assert out.exit_code == 2 and "no publication date" in out.output
    out = run("extract", str(page), "--date", "2024-13-40")
    assert out.exit_code == 2 and "not a date" in out.output


def test_acled_csv_in_and_out(tmp_path):
    src = ROOT / "tests" / "fixtures" / "acled" / "realistic.csv"
    store = tmp_path / "s"
    out = run("ingest", str(src), "--bulk", "--chunk-size", "7", store=store)
    assert out.exit_code == 0, out.output
    csv_out = tmp_path / "out.csv"
    assert run("export", "--format", "acled-csv", "-o", str(csv_out), store=store).exit_code == 0
    assert csv_out.read_text(encoding="utf-8").splitlines()[0].startswith("event_id_cnty,event_date")
    geo = run("export", "--format", "geojson", store=store)
    assert geo.exit_code == 0 and json.loads(geo.output)["type"] == "FeatureCollection"
    refused = run("ingest", str(EXAMPLES / "manifest.json"), "--bulk", store=store)
    assert refused.exit_code == 2 and "--bulk reads ACLED" in refused.output


def test_validate_names_a_planted_fault_and_agrees_with_pyshacl(tmp_path):
    from kg.store import open_store
    from kg.validation.shapes import validate_graph
    from kg.validation.whole_store import store_dataset, validate_store

    store = tmp_path / "s"
    assert run("ingest", str(GOLDEN / "attack_casualties_roles.json"), store=store).exit_code == 0
    plant = ("DELETE { GRAPH ?g { ?e ckg:killed ?k } } INSERT { GRAPH ?g { ?e ckg:killed -5 } } "
             "WHERE { GRAPH ?g { ?e a ckg:Event ; ckg:killed ?k } }")
    assert run("query", "-e", plant, "--update", store=store).exit_code == 0
    out = run("validate", store=store)
    assert out.exit_code == 1, out.output
    assert "AirStrike at Kostiantynivka" in out.output and "killed must be ≥ 0" in out.output
    with open_store(f"oxigraph:{store}", read_only=True) as opened:
        fast, _ = validate_store(opened)
        reference = validate_graph(store_dataset(opened))
    assert {(str(v.focus_node), v.rule) for v in fast.violations} == \
        {(str(v.focus_node), v.rule) for v in reference.violations}


@pytest.mark.parametrize("argv, names", [
    (["frob"], "no such command 'frob' (see 'kg --help')"),
    (["--bogus"], "no such option '--bogus' (see 'kg --help')"),
    (["extract"], "missing argument 'FILE' (see 'kg extract --help')"),
])
def test_usage_errors_are_one_line_naming_the_help_to_read(argv, names):
    out = CliRunner().invoke(main, argv, prog_name="kg")
    assert out.exit_code == 2
    assert out.stderr.splitlines() == [f"kg: error: {names}"]


def test_extract_table_is_one_line_per_event_within_the_width():
    page = EXAMPLES / "pages" / "ukraine-2024-02-17.txt"
    events = json.loads(run("extract", str(page), "--format", "json").output)
    count = sum(len(u["events"]) for u in events["updates"])
    out = CliRunner().invoke(main, ["extract", str(page)], env={"COLUMNS": "80"}, terminal_width=80)
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert len(lines) == count + 3  # a title, the column names and a rule
    assert max(map(len, lines)) <= 120
    assert lines[1].split() == ["type", "date", "killed", "injured", "places", "actors", "weapons"]
    assert all(line.split()[0] in {e["type"] for u in events["updates"] for e in u["events"]}
               for line in lines[3:])


def test_ingest_of_a_folder_takes_its_pages(tmp_path):
    """A folder of pages is a natural thing to ingest: its manifest when it has one, else its files."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for page in (EXAMPLES / "pages").glob("*.txt"):
        (pages / page.name).write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    (pages / "notes.md~").write_text("not a source", encoding="utf-8")
    out = run("ingest", str(pages), store=tmp_path / "a")
    assert out.exit_code == 0, out.output
    assert "ingested 3 document(s)" in out.output
    with_manifest = run("ingest", str(EXAMPLES), store=tmp_path / "b")
    assert with_manifest.exit_code == 0 and "ingested 3 document(s)" in with_manifest.output
    events = [line.split(", ")[1].split(";")[0] for line in (out.output, with_manifest.output)]
    assert events[0] == events[1] != "0 events"  # the manifest adds titles and publishers only
    (tmp_path / "empty").mkdir()
    empty = run("ingest", str(tmp_path / "empty"), store=tmp_path / "c")
    assert empty.exit_code == 2 and "no pages, records or CSV files" in empty.output


QUIRKS = ROOT / "tests" / "fixtures" / "acled" / "quirks.csv"


def test_plain_ingest_streams_an_acled_file_in_chunks(tmp_path):
    out = run("ingest", str(QUIRKS), "--chunk-size", "5", store=tmp_path / "s")
    assert out.exit_code == 0, out.output
    assert "15 rows, 15 events in 3 chunk(s)" in out.output


def test_a_bad_acled_row_does_not_cost_the_rows_before_it(tmp_path):
    bad = ROOT / "tests" / "fixtures" / "acled" / "bad.csv"
    out = run("ingest", str(bad), store=tmp_path / "s")
    assert out.exit_code == 2 and "row 2" in out.stderr
    events = run("query", "events-by-type", "--format", "csv", store=tmp_path / "s")
    assert [line.split(",")[:2] for line in events.output.splitlines()[1:]] == [["ArmedClash", "1"]]


def test_pages_and_acled_files_go_in_together_and_one_transaction_is_still_there(tmp_path):
    page = EXAMPLES / "pages" / "ukraine-2024-02-17.txt"
    out = run("ingest", str(QUIRKS), str(page), store=tmp_path / "a")
    assert out.exit_code == 0, out.output
    assert "15 events in 1 chunk(s)" in out.output and "ingested 1 document(s)" in out.output
    whole = run("ingest", "--one-transaction", str(QUIRKS), str(page), store=tmp_path / "b")
    assert whole.exit_code == 0 and "ingested 2 document(s)" in whole.output
    assert triples(tmp_path / "a") == triples(tmp_path / "b")


def test_a_missing_store_says_what_to_type_next(tmp_path):
    out = run("stats", store=tmp_path / "nothing-here")
    assert out.exit_code != 0
    assert "kg ingest FILE" in out.stderr and "--store" in out.stderr and "KG_STORE" in out.stderr
