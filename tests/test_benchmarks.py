"""A tiny run of the benchmark harness: 200 events, every stage, the table written."""
from __future__ import annotations

import csv
from pathlib import Path

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
    assert "turtle_seconds" in result["queries"]
    text = render.render([result], "test", 0.1)
    assert "| 200 events |" in text and "events-by-type" in text
    ingest = result["ingest"]
    assert ingest["stages"]["validate"] > 0 and ingest["cpu_seconds"] > 0
    assert ingest["peak_mb"] == ingest["main_peak_mb"] + ingest["worker_peak_mb"]


def _loading_row(text: str) -> dict[str, str]:
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    header = [c.strip() for c in rows[0].strip("|").split("|")]
    return dict(zip(header, [c.strip() for c in rows[1].strip("|").split("|")], strict=True))


def test_loading_table_shows_ratio_validation_share_and_peaks() -> None:
    run_ = {"size": 10, "ingest": {"seconds": 20.0, "events": 10, "quads": 300, "skipped": 0,
                                   "stages": {"validate": 5.0, "wait": 1.0}, "cpu_seconds": 30.0,
                                   "peak_mb": 900.0, "main_peak_mb": 600.0, "worker_peak_mb": 300.0},
            "baseline": {"seconds": 10.0, "peak_mb": 400.0, "cpu_seconds": 12.0}}
    row = _loading_row("\n".join(render.render_loading([run_])))
    assert row["ratio ours/raw"] == "2.00" and row["validation s"] == "5.00"
    assert row["validation share"] == "25%" and row["CPU s ours / raw"] == "30 / 12"
    assert row["peak MB ours (main + worker)"] == "900 (600 + 300)" and row["peak MB raw"] == "400"


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
    from kg.bulk import bulk_ingest
    from kg.store import open_store

    folder = tmp_path / "store"
    with open_store(f"oxigraph:{folder}") as store:
        bulk_ingest(store, generate.generate(300, out=tmp_path / "300.csv"), chunk_size=100)
    result = tables.measure(folder)
    assert result["events"] > 250 and result["status"] == "current"
    assert len(result["queries"]) == 26 and result["queries"]["events-by-type"][1] > 3
    assert result["network"][2] > 2
    assert "Named queries answered under 2 s" in tables.render(result, "test")
