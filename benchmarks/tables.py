"""Every named query's SQL twin, and the actor network with its metrics, timed on the analytics
tables of an on-disk store, whatever their state (a run stopped part way leaves stale tables
that still hold every chunk written before the stop).

    python -m benchmarks.tables STORE_FOLDER [--out FILE.md]

The tables are read directly, so this times the tables' answers alone; `benchmarks.run` times
them beside the graph's SPARQL on a complete store.
"""
from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.render import _machine
from benchmarks.run import _sample_params, time_network


class _TablesOnly:
    """A store as the network code reads it, answering only from the tables."""

    def __init__(self, folder: Path) -> None:
        from kg.analytics.sidecar import Sidecar

        self.path = folder
        self.sidecar = Sidecar(folder)

    def tables(self):
        return self.sidecar

    def query(self, *args, **kwargs):
        raise RuntimeError("only the analytics tables are read here")


def measure(folder: Path) -> dict:
    from kg.analytics.twins import run_twin, twin_names
    from kg.query.named import list_queries

    store = _TablesOnly(folder)
    with store.sidecar.connect(read_only=True) as con:
        events = con.execute("SELECT COUNT(DISTINCT event) FROM events").fetchone()[0]
    queries = {}
    for q in list_queries():
        if q.name not in twin_names():
            continue  # answered from the graph only (doubtful-events): nothing to time here
        _, bindings, _ = _sample_params(q)
        limit = int(q.param("limit").default) if q.param("limit") else None
        with store.sidecar.connect(read_only=True) as con:
            t = time.perf_counter()
            rows = run_twin(con, q.name, bindings, limit)
            queries[q.name] = (time.perf_counter() - t, len(rows))
    net = time_network(store)
    return {"events": events, "status": store.sidecar.status(), "queries": queries,
            "network": (net["build"], net["total"], net["nodes"], net["edges"], net["communities"])}


def render(result: dict, command: str) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    q = result["queries"]
    fast = sum(1 for s, _ in q.values() if s < 2.0)
    built, total, nodes, edges, found = result["network"]
    lines = [f"# Analytics tables, {now}", "", f"Machine: {_machine()}.", f"Command: `{command}`", "",
             f"Tables of {result['events']} events (state: {result['status']}). "
             f"Named queries answered under 2 s: {fast} of {len(q)}.", "",
             "| query | seconds | rows |", "|---|---:|---:|"]
    lines += [f"| {name} | {s:.3f} | {n} |" for name, (s, n) in sorted(q.items())]
    lines += ["", f"Actor network (all relations): built in {built:.2f} s; with degree, PageRank and "
              f"Louvain communities {total:.2f} s ({nodes} actors, {edges} edges, {found} communities).", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--out", type=Path)
    ns = parser.parse_args(argv)
    text = render(measure(ns.store), f"python -m benchmarks.tables {ns.store}")
    if ns.out:
        ns.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
