"""A tiny run of the benchmark harness: 200 events, every stage, the table written."""
from __future__ import annotations

import csv
from pathlib import Path

from paths import TESTS

from benchmarks import generate, render, run


def test_generator_is_seeded_and_acled_shaped(tmp_path: Path) -> None:
    a = generate.generate(300, seed=7, out=tmp_path / "a.csv")
    b = generate.generate(300, seed=7, out=tmp_path / "b.csv")
    assert a.read_bytes() == b.read_bytes()
    rows = list(csv.DictReader(a.open(encoding="utf-8")))
    assert len(rows) == 300 and tuple(rows[0]) == generate.ACLED_COLUMNS
    places = [r["location"] for r in rows]
    top = max(set(places), key=places.count)
    assert places.count(top) > 300 / 50  # skewed: one place carries many events


def test_tiny_benchmark_run(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(run, "cached", lambda size: generate.generate(size, out=tmp_path / f"{size}.csv"))
    monkeypatch.setattr(run, "DATA", tmp_path)
    result = run.measure(200, tmp_path)
    assert result["ingest"]["events"] > 150, result
    assert result["baseline"]["quads"] == result["ingest"]["quads"]
    assert result["rdflib"]["quads"] == result["ingest"]["quads"]
    assert result["export"]["turtle_seconds"] > 0 and result["ingest"]["nquads_seconds"] > 0
    tables = result["export_tables"]
    assert tables["read"] > 0 and tables["acled-csv"] > 0 and tables["geojson"] > 0, tables
    query = result["queries"]["events-by-type"]
    assert query["seconds"] > 0 and query["raw"] > 0 and query["tables"]["seconds"] > 0, query
    assert result["pyshacl"]["measured_at"] == 200
    assert set(result["stage_seconds"]) >= {"ingest", "baseline", "rdflib", "queries", "export"}
    assert result["wall_seconds"] >= sum(result["stage_seconds"].values())
    text = render.render([result], "test", 0.1, result["wall_seconds"] + 1)
    assert "| 200 events |" in text and "events-by-type" in text
    assert text.splitlines()[4].startswith("Run time: ") and "200 events" in text.splitlines()[4]
    assert "## Where the run's time goes" in text
    ingest = result["ingest"]
    assert ingest["stages"]["validate"] > 0 and ingest["cpu_seconds"] > 0
    assert ingest["peak_mb"] == ingest["main_peak_mb"] + ingest["worker_peak_mb"]


def _rows(text: str) -> list[dict[str, str]]:
    """The rows of the first markdown table in ``text``, by column heading."""
    text = "\n" + text
    lines = text[text.index("\n| "):].split("\n\n", 1)[0].strip().splitlines()
    lines = [line for line in lines if not line.startswith("|--")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    return [dict(zip(header, [c.strip() for c in line.strip("|").split("|")], strict=True))
            for line in lines[1:]]


def _loading_row(text: str) -> dict[str, str]:
    return _rows(text)[0]


def test_loading_table_shows_ratio_validation_share_and_peaks() -> None:
    run_ = {"size": 10, "ingest": {"seconds": 20.0, "events": 10, "quads": 300, "skipped": 0,
                                   "stages": {"validate": 9.0, "wait": 1.0},
                                   "stage_cpu": {"validate": 6.0, "map": 2.0}, "cpu_seconds": 30.0,
                                   "peak_mb": 900.0, "main_peak_mb": 600.0, "worker_peak_mb": 300.0},
            "baseline": {"seconds": 10.0, "peak_mb": 400.0, "cpu_seconds": 12.0}}
    text = "\n".join(render.render_loading([run_]))
    row = _loading_row(text)
    assert row["ratio ours/raw"] == "2.00" and row["validation CPU s"] == "6.00"
    assert row["validation share of our CPU"] == "20%" and row["CPU s ours / raw"] == "30 / 12"
    assert row["peak MB ours (main + preparing)"] == "900 (600 + 300)" and row["peak MB raw"] == "400"
    stages = _rows(text[text.index("## Where the ingest time goes"):])[0]
    assert stages["validate (compiled shapes), CPU"] == "6.00" and stages["map, CPU"] == "2.00"
    assert stages["writer waiting"] == "1.00"


def test_time_limits_stop_the_work_and_the_table_says_so(tmp_path: Path, monkeypatch) -> None:
    """rdflib past its budget, a SPARQL text past its limit and the table exports past theirs:
    each stopped, and the table shows the limit, a lower bound for rdflib's ratio, no raw time
    for the stopped query, and the next queries answered by a fresh worker."""
    import kg.query.named

    monkeypatch.setattr(run, "cached", lambda size: generate.generate(size, out=tmp_path / f"{size}.csv"))
    monkeypatch.setattr(run, "DATA", tmp_path)
    chosen = [q for q in kg.query.named.list_queries() if q.name in ("export-event-actors", "stats")]
    monkeypatch.setattr(kg.query.named, "list_queries", lambda: chosen)
    limits = run.Limits(sparql=0.01, tables=60.0, rdflib=0.01, export=0.01)
    sample = {"events": 300, "pyshacl": 3.0, "compiled": 0.1, "measured_at": 1000}
    result = run.measure(300, tmp_path, limits, pyshacl=sample)

    assert result["rdflib"]["limit"] == 0.01 and "seconds" not in result["rdflib"]
    stopped = result["queries"]["export-event-actors"]
    assert stopped["limit"] == 0.01 and "seconds" not in stopped and "raw" not in stopped
    assert stopped["tables"]["seconds"] > 0  # from the worker started after the stopped one
    assert result["queries"]["stats"]["tables"]["seconds"] > 0
    assert result["export_tables"]["limit"] == 0.01 and "read" not in result["export_tables"]
    assert result["validate"]["violations"] == 0 and result["pyshacl"] is sample

    text = render.render([result], run.command_line([300], limits), 0.1, 60.0)
    row = _loading_row(text[text.index("## Loading"):])
    assert row["rdflib Memory s"] == "over 0.01 s"
    assert row["rdflib/ours"] == f"≥ {0.01 / result['ingest']['seconds']:.2f}"
    line = next(x for x in text.splitlines() if x.startswith("| export-event-actors |"))
    assert "over 0.01 s, stopped" in line and "T " in line
    export = _rows(text[text.index("## Export and CLI"):])[0]
    assert export["ACLED CSV s"] == export["GeoJSON s"] == "over 0.01 s"
    assert "Command: `python -m benchmarks.run --sizes 300 --query-timeout 0.01 --rdflib-timeout " \
           "0.01 --export-timeout 0.01`" in text
    assert "every SPARQL text 0.01 s" in text and "pySHACL and the compiled shapes" in text


def test_cells_of_stopped_measurements() -> None:
    """The rendering alone: bounds where a measurement passed its limit, figures elsewhere."""
    run_ = {"size": 10, "limits": {"sparql": 10.0, "tables": 60.0, "rdflib": 150.0, "export": 120.0},
            "ingest": {"seconds": 100.0, "events": 10, "quads": 300, "skipped": 0, "stages": {},
                       "peak_mb": 900.0},
            "baseline": {"seconds": 50.0},
            "rdflib": {"error": "over 150 s, stopped", "limit": 150.0},
            "queries": {
                "a": {"error": "over 10 s, stopped", "limit": 10.0,
                      "tables": {"seconds": 0.5, "rows": 3}},
                "b": {"seconds": 4.0, "rows": 2, "raw": None,
                      "raw_error": {"error": "over 10 s, stopped", "limit": 10.0}},
                "c": {"seconds": 2.0, "rows": 1, "raw": 1.0,
                      "tables": {"error": "over 60 s, stopped", "limit": 60.0}}},
            "export_tables": {"read": 50.0, "events": 10, "acled-csv": 5.0,
                              "error": "over 120 s, stopped", "limit": 120.0}}
    row = _loading_row("\n".join(render.render_loading([run_])))
    assert row["rdflib Memory s"] == "over 150 s" and row["rdflib/ours"] == "≥ 1.50"
    queries = "\n".join(render.render_queries([run_]))
    assert "| a | T 0.500 \\| over 10 s, stopped, 3 rows |" in queries
    assert "| b | 4.000 / over 10 s, stopped, 2 rows |" in queries
    assert "| c | T over 60 s, stopped \\| 2.000 / 1.000, 1 rows |" in queries
    summary = _rows(queries[queries.index("| events |"):])[0]
    assert summary["SPARQL through kg stopped"] == "1 of 3"
    assert summary["SPARQL through kg over raw, median (both finished)"] == "2.00"
    export = _rows("\n".join(render.render_exports([run_])))[0]
    assert export["of which reading the events s"] == "50.00" and export["ACLED CSV s"] == "55.00"
    assert export["GeoJSON s"] == "over 115 s"  # the read and its writing took the rest of 120 s
    run_["rdflib"] = {"seconds": 120.0}
    assert _loading_row("\n".join(render.render_loading([run_])))["rdflib/ours"] == "1.20"


def test_loading_only_run_replaces_only_the_loading_sections(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(run, "cached", lambda size: generate.generate(size, out=tmp_path / f"{size}.csv"))
    monkeypatch.setattr(run, "DATA", tmp_path)
    out = tmp_path / "results"
    out.mkdir()
    (out / "latest.md").write_text("# Benchmarks, old\n\n## Loading\n\nold table\n\n"
                                   "## Named queries\n\nkept\n", encoding="utf-8")
    run.main(["--sizes", "150", "--loading-only", "--workdir", str(tmp_path / "w"),
              "--out", str(out)])
    dated = list(out.glob("*-ingest-150.md"))
    assert len(dated) == 1 and "raw bulk_load s" in dated[0].read_text(encoding="utf-8")
    latest = (out / "latest.md").read_text(encoding="utf-8")
    assert "old table" not in latest and "raw bulk_load s" in latest
    assert latest.startswith("# Benchmarks, old") and "## Named queries\n\nkept" in latest
    assert "--loading-only" in latest


def test_extraction_benchmark_smoke(tmp_path):
    from benchmarks import extraction

    result = extraction.measure(0.02)
    assert result["bytes"] >= 20_000 and result["events"] > 0
    rows = [line for line in extraction.render(result, "test").splitlines() if line.startswith("|")]
    assert "extraction s" in rows[0] and len(rows) == 3
    assert result["extraction_s"] > 0 and result["sentences"] >= result["updates"]


def test_tables_benchmark_times_every_twin_and_the_network(tmp_path):
    from benchmarks import tables
    from kg.ingest.bulk import bulk_ingest
    from kg.store import open_store

    folder = tmp_path / "store"
    with open_store(f"oxigraph:{folder}") as store:
        bulk_ingest(store, generate.generate(300, out=tmp_path / "300.csv"), chunk_size=100)
    result = tables.measure(folder)
    assert result["events"] > 250 and result["status"] == "current"
    assert len(result["queries"]) == 26 and result["queries"]["events-by-type"][1] > 3
    assert result["network"][2] > 2
    assert "Named queries answered under 2 s" in tables.render(result, "test")


def test_compare_sql_tells_same_rows_and_different_ones(tmp_path, capsys):
    from click.testing import CliRunner

    from benchmarks.compare_sql import main as compare
    from kg.cli import main as kg
    from kg.resources import resource_dir

    store = tmp_path / "store"
    acled = TESTS / "fixtures" / "acled" / "realistic.csv"
    assert CliRunner().invoke(kg, ["--store", str(store), "ingest", str(acled)]).exit_code == 0
    same = resource_dir("queries") / "sql" / "events-by-type.sql"
    compare([str(store), "events-by-type", str(same)])
    assert "the same" in capsys.readouterr().out
    other = tmp_path / "other.sql"
    other.write_text("SELECT 1 AS n", encoding="utf-8")
    compare([str(store), "events-by-type", str(other)])
    assert "DIFFERENT" in capsys.readouterr().out


def test_identity_benchmark_smoke(tmp_path):
    from benchmarks import identity

    identity.main(["--size", "400", "--restated", "0.2", "--out", str(tmp_path)])
    (result,) = tmp_path.glob("*-identity-400.md")
    text = result.read_text(encoding="utf-8")
    assert "Ratio on / off" in text and "| on |" in text and "| off |" in text
