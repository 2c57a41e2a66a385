"""A tiny run of the benchmark harness: 200 events, every stage, the table written."""
from __future__ import annotations

import csv
from pathlib import Path

from benchmarks import generate, run


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
    text = run.render([result], "test", 0.1)
    assert "| 200 events |" in text and "events-by-type" in text


def test_extraction_benchmark_smoke(tmp_path):
    from benchmarks import extraction

    result = extraction.measure(0.02)
    assert result["bytes"] >= 20_000 and result["events"] > 0
    rows = [line for line in extraction.render(result, "test").splitlines() if line.startswith("|")]
    assert "extraction s" in rows[0] and len(rows) == 3
    assert result["extraction_s"] > 0 and result["sentences"] >= result["updates"]
