"""An SQL twin against another text of it, on the same analytics tables: best of three runs each,
in one process, and whether both give the same rows.

    git show REV:queries/sql/NAME.sql > old.sql
    python -m benchmarks.compare_sql STORE_FOLDER NAME old.sql [--param key=value ...]

Used to measure a rewrite of a twin (``benchmarks/results/2026-12-06-1m.md``).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path


def best_of(con, sql: str, values: dict, runs: int = 3) -> tuple[list, float]:
    """The rows of ``sql`` and its best time in seconds over ``runs`` runs."""
    best, rows = float("inf"), []
    for _ in range(runs):
        started = time.perf_counter()
        rows = con.execute(sql, values).fetchall()
        best = min(best, time.perf_counter() - started)
    return rows, best


def main(argv: list[str] | None = None) -> None:
    import duckdb

    from kg.analytics.sidecar import FILE
    from kg.analytics.twins import _PARAM, _without_comments, get_twin

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("name")
    parser.add_argument("other", type=Path, help="the other SQL text of the twin")
    parser.add_argument("--param", action="append", default=[], help="key=value (limit: 1000 unless given)")
    args = parser.parse_args(argv)
    given = dict(p.split("=", 1) for p in args.param)
    twin = get_twin(args.name)
    values = {p: int(given.get(p, 1000)) if p == "limit" else given.get(p) for p in twin.params}
    con = duckdb.connect(str(args.store / FILE), read_only=True)
    current, seconds = best_of(con, twin.sql, values)
    text = args.other.read_text(encoding="utf-8")
    used = set(_PARAM.findall(_without_comments(text)))  # the other text may bind fewer
    other, other_seconds = best_of(con, text, {k: v for k, v in values.items() if k in used})
    print(f"{args.name}: current {seconds:.2f} s, other {other_seconds:.2f} s, rows {len(current)} and "
          f"{len(other)}, {'the same' if current == other else 'DIFFERENT'}")


if __name__ == "__main__":
    main()
