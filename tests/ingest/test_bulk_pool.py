"""Chunks prepared by a pool of processes: the same chunks, in the same order, as in one."""
from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from paths import TESTS

from kg.ingest.chunks import prepare_chunks
from kg.ingest.pool import _next, prepared_in_pool

FIXTURES = TESTS / "fixtures"
REALISTIC = FIXTURES / "acled" / "realistic.csv"



def _seen(chunks) -> list[tuple]:
    """What a chunk holds (its lines in any order: a set orders them by string hash)."""
    return [(sorted(c.text.splitlines()), c.reports, c.rows, c.skipped, c.error and c.error[:2],
             sorted(c.tables)) for c in chunks]


def test_the_pool_gives_the_chunks_of_one_process_in_order(tmp_path: Path) -> None:
    serial_dir, pool_dir = tmp_path / "a", tmp_path / "b"
    serial_dir.mkdir()
    pool_dir.mkdir()
    serial = list(prepare_chunks(REALISTIC, 3, tables_dir=str(serial_dir)))
    peaks: list[float] = []
    pooled = list(prepared_in_pool(REALISTIC, 3, validate=True, tables_dir=str(pool_dir), checkers=3,
                                   peaks=peaks))
    assert len(peaks) == 4 and all(mb > 10 for mb in peaks)  # the mapper and three checkers
    assert len(serial) == 10 and _seen(pooled) == _seen(serial)
    for a, b in zip(serial, pooled, strict=True):
        for name, path in a.tables.items():
            assert sorted(Path(path).read_bytes().splitlines()) == sorted(
                Path(b.tables[name]).read_bytes().splitlines())
    assert all(c.seconds["validate"] > 0 and c.seconds["map"] > 0 for c in pooled)
    assert all(c.cpu["validate"] > 0 and c.cpu["rows"] > 0 and set(c.cpu) == set(c.seconds)
               for c in pooled)


def test_the_pool_ends_at_a_chunk_that_breaks_a_shape_or_a_bad_row(tmp_path: Path, bad_acled) -> None:
    bad = bad_acled
    serial = list(prepare_chunks(bad, 10))
    pooled = list(prepared_in_pool(bad, 10, validate=True))
    assert [c.error is None for c in pooled] == [True, True, True, False]
    assert _seen(pooled) == _seen(serial) and "chunk 4" in pooled[-1].error[1]
    broken = tmp_path / "broken.csv"
    broken.write_text(REALISTIC.read_text(encoding="utf-8") + "UKR9,not a date,1\n", encoding="utf-8")
    pooled = list(prepared_in_pool(broken, 10, validate=False))
    assert _seen(pooled) == _seen(prepare_chunks(broken, 10, validate=False))
    assert pooled[-1].error[0] == "input" and "row 31" in pooled[-1].error[1]


def test_a_process_that_dies_without_an_answer_is_named() -> None:
    class Dead:
        name, exitcode = "kg-bulk-check-1", -9

    results = multiprocessing.get_context("spawn").Queue()
    with pytest.raises(RuntimeError, match="kg-bulk-check-1, exit code -9"):
        _next(results, [Dead()])
