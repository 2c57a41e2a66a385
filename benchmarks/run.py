"""Scale and speed runs: ingest, baselines, validation, queries, export, CLI start-up.

    python -m benchmarks.run --sizes 10000,100000          # make bench
    python -m benchmarks.run --sizes 10000,100000,1000000  # make bench-1m

For each size: the synthetic ACLED file (:mod:`benchmarks.generate`, cached in
``benchmarks/data/``); our bulk ingest into a fresh on-disk store; the baseline, pyoxigraph's
raw ``bulk_load`` of the same N-Quads into a fresh store; rdflib's Memory store parsing them
(up to 100k); validation cost (our compiled shapes, from the ingest's stage times, and pySHACL
on a 1,000-event sample); every named query on our store against the same SPARQL on raw
pyoxigraph; the Turtle export; and ``kg --help``. Each load runs in its own process, which
reports its peak RSS. The table (:mod:`benchmarks.render`) goes to ``benchmarks/results/latest.md``
and a dated copy.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.generate import DATA, cached
from benchmarks.render import render, render_loading_only, replace_loading

RESULTS = Path(__file__).parent / "results"
SAMPLE_PARAMS = {"place": "Kharkiv", "actor": "Military Forces of Russia (2000-)",
                 "person": "Volodymyr Zelensky", "weapon": "Shahed", "page": "acled.csv",
                 "event": "https://w3id.org/conflict-kg/id/event/x", "lat": "48.5", "lon": "37.7"}
"""Values for parameters that have no default (the run says when one was needed)."""


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    """User and system CPU time of this process and of the children it waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _children_peak_mb() -> float:
    """The peak RSS of the largest child process waited for (the ingest's worker)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


# ---------------------------------------------------------------- tasks (each in a subprocess)


def task_ingest(csv_path: str, store_path: str, nq_path: str) -> dict:
    """Our ingest as ``kg ingest --bulk`` runs it (same call, same defaults)."""
    from kg.bulk import bulk_ingest
    from kg.store import open_store

    shutil.rmtree(store_path, ignore_errors=True)
    cpu = _cpu_seconds()
    t = time.perf_counter()
    with open_store(f"oxigraph:{store_path}") as store:
        result = bulk_ingest(store, csv_path)
        seconds = time.perf_counter() - t
        cpu = _cpu_seconds() - cpu
        worker_mb = _children_peak_mb() if result.parallel else 0.0
        main_mb = _peak_mb()  # before the dump below, which is not part of the ingest
        if not Path(nq_path).exists():
            with open(nq_path + ".tmp", "wb") as out:
                store.dump("nquads", out)
            os.replace(nq_path + ".tmp", nq_path)
    return {"seconds": seconds, "events": result.events, "quads": result.triples_after,
            "stages": result.seconds, "skipped": len(result.skipped), "parallel": result.parallel,
            "cpu_seconds": cpu,
            "main_peak_mb": main_mb, "worker_peak_mb": worker_mb, "peak_mb": main_mb + worker_mb}


def task_baseline(nq_path: str, store_path: str) -> dict:
    import pyoxigraph as ox

    shutil.rmtree(store_path, ignore_errors=True)
    cpu = _cpu_seconds()
    t = time.perf_counter()
    store = ox.Store(store_path)
    store.bulk_load(path=nq_path, format=ox.RdfFormat.N_QUADS)
    store.flush()
    seconds = time.perf_counter() - t
    cpu = _cpu_seconds() - cpu
    n = len(store)
    del store
    shutil.rmtree(store_path, ignore_errors=True)
    return {"seconds": seconds, "quads": n, "peak_mb": _peak_mb(), "cpu_seconds": cpu}


def task_rdflib(nq_path: str) -> dict:
    import rdflib

    t = time.perf_counter()
    ds = rdflib.Dataset()
    ds.parse(nq_path, format="nquads")
    return {"seconds": time.perf_counter() - t, "quads": len(ds), "peak_mb": _peak_mb()}


def task_pyshacl(csv_path: str, n: int = 1000) -> dict:
    from itertools import islice

    from kg.bulk import iter_acled_rows
    from kg.fastpath import compiled_shapes, document_nquads
    from kg.mapping import document_to_dataset
    from kg.records import Document, Update
    from kg.validate import validate_graph

    doc = Document(source=Path(csv_path).name, publisher="ACLED")
    for _, heading, event in islice(iter_acled_rows(csv_path), n):
        doc.updates.append(Update(heading=heading, events=[event]))
    dataset = document_to_dataset(doc)
    t = time.perf_counter()
    validate_graph(dataset)
    pyshacl = time.perf_counter() - t
    text = document_nquads(doc)
    shapes = compiled_shapes()
    t = time.perf_counter()
    shapes.validate_nquads(text)
    ours = time.perf_counter() - t
    return {"events": len(doc.updates), "pyshacl": pyshacl, "compiled": ours}


def _sample_params(q) -> tuple[str, dict, dict]:
    from kg.errors import KGError
    from kg.query import bind_params

    try:
        text, bindings = bind_params(q, None)
        return text, bindings, {}
    except KGError:
        needed = {p.name: SAMPLE_PARAMS.get(p.name, "x") for p in q.params if p.required}
        text, bindings = bind_params(q, needed)
        return text, bindings, needed


def task_query(store_path: str, name: str, engine: str = "sparql") -> dict:
    """One named query: from the analytics tables (``engine=tables``), or its SPARQL through kg
    and the same text on raw pyoxigraph (``engine=sparql``)."""
    import pyoxigraph as ox

    from kg.query import get_query, run_named
    from kg.store import open_store
    from kg.store.bindings import bind_values

    q = get_query(name)
    text, bindings, needed = _sample_params(q)
    entry: dict = {"params": needed} if needed else {}
    with open_store(f"oxigraph:{store_path}", read_only=True) as store:
        t = time.perf_counter()
        if engine == "tables":
            result = run_named(store, name, needed, engine="tables")
        else:
            result = store.query(text, bindings)
        entry["seconds"] = time.perf_counter() - t
        entry["rows"] = len(result) if hasattr(result, "__len__") else 1
    if engine == "tables":
        return entry
    raw = ox.Store.read_only(store_path)
    bound = bind_values(text, bindings)
    t = time.perf_counter()
    answer = raw.query(bound, use_default_graph_as_union=True)
    if isinstance(answer, ox.QueryBoolean):
        bool(answer)
    else:
        list(answer)
    entry["raw"] = time.perf_counter() - t
    return entry


def time_network(store) -> dict:
    """Build the actor network of every relation, with degree, PageRank and Louvain communities."""
    from kg.network import actor_network
    from kg.network.metrics import communities, pagerank

    t = time.perf_counter()
    graph = actor_network(store)
    built = time.perf_counter() - t
    dict(graph.degree(weight="weight"))
    pagerank(graph)
    found = communities(graph)
    return {"build": built, "total": time.perf_counter() - t, "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(), "communities": len(found)}


def task_network(store_path: str) -> dict:
    """:func:`time_network` on the stored graph (its tables, where current)."""
    from kg.store import open_store

    with open_store(f"oxigraph:{store_path}", read_only=True) as store:
        return {**time_network(store), "peak_mb": _peak_mb()}


def task_export(store_path: str, turtle_path: str) -> dict:
    from kg.export import export_store
    from kg.store import open_store

    with open_store(f"oxigraph:{store_path}", read_only=True) as store:
        t = time.perf_counter()
        export_store(store, "turtle", turtle_path)
        seconds = time.perf_counter() - t
        size = Path(turtle_path).stat().st_size / 1e6
        Path(turtle_path).unlink()
        tables = {}
        from kg.export_tables import TABLE_FORMATS

        for fmt, write in TABLE_FORMATS.items():
            t = time.perf_counter()
            with open(turtle_path, "w", encoding="utf-8", newline="") as out:
                write(store, out)
            tables[fmt] = time.perf_counter() - t
        Path(turtle_path).unlink()
    return {"turtle_seconds": seconds, "turtle_mb": size, "tables": tables, "peak_mb": _peak_mb()}


def task_queries(store_path: str, timeout: float = 60.0) -> dict:
    """Every named query, each in its own process with a time limit (a slow one is recorded):
    answered from the analytics tables where it has an SQL twin, and its SPARQL through kg and on
    raw pyoxigraph."""
    from kg.analytics.twins import twin_names
    from kg.query import list_queries

    out = {}
    for q in list_queries():
        entry = _run("query", store_path, q.name, "sparql", timeout=timeout)
        if q.name in twin_names():
            entry["tables"] = _run("query", store_path, q.name, "tables", timeout=timeout)
        out[q.name] = entry
    return out


def task_validate(store_path: str) -> dict:
    """``kg validate`` on the stored batch: compiled shapes in Oxigraph plus the SPARQL checks."""
    from kg.checks import run_checks
    from kg.store import open_store
    from kg.store_validation import validate_store

    with open_store(f"oxigraph:{store_path}", read_only=True) as store:
        t = time.perf_counter()
        report, _ = validate_store(store)
        shapes = time.perf_counter() - t
        t = time.perf_counter()
        findings = run_checks(store)
        checks = time.perf_counter() - t
    return {"shapes": shapes, "checks": checks, "violations": len(report.violations),
            "findings": len(findings), "peak_mb": _peak_mb()}


TASKS = {"ingest": task_ingest, "baseline": task_baseline, "rdflib": task_rdflib,
         "pyshacl": task_pyshacl, "query": task_query, "export": task_export, "validate": task_validate,
         "network": task_network}


def _run(task: str, *args: str, timeout: float | None = None) -> dict:
    try:
        proc = subprocess.run([sys.executable, "-m", "benchmarks.run", "--task", task, *args],
                              capture_output=True, text=True, check=False, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout:.0f} s, stopped"}
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1][:200]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- the run


def measure(size: int, workdir: Path, rdflib_limit: int = 100_000, query_timeout: float = 60.0,
            loading_only: bool = False) -> dict:
    """Every measurement for one size (``loading_only``: ingest, baselines and validation)."""
    csv_path = cached(size)
    store_path = str(workdir / f"store-{size}")
    nq_path = str(DATA / f"acled-{size}.nq")
    if Path(nq_path).exists():
        os.unlink(nq_path)  # always the quads of this run's ingest
    out = {"size": size, "csv_mb": csv_path.stat().st_size / 1e6}
    out["ingest"] = _run("ingest", str(csv_path), store_path, nq_path)
    out["baseline"] = _run("baseline", nq_path, str(workdir / f"baseline-{size}"))
    if size <= rdflib_limit:
        out["rdflib"] = _run("rdflib", nq_path)
    out["pyshacl"] = _run("pyshacl", str(csv_path))
    if loading_only:
        shutil.rmtree(store_path, ignore_errors=True)
        return out
    out["queries"] = {"queries": task_queries(store_path, query_timeout)}
    out["queries"].update(_run("export", store_path, str(workdir / f"export-{size}.ttl")))
    out["validate"] = _run("validate", store_path)
    out["network"] = _run("network", store_path)
    shutil.rmtree(store_path, ignore_errors=True)
    return out


def cli_help_seconds() -> float:
    kg = Path(sys.executable).parent / "kg"
    cmd = [str(kg), "--help"] if kg.exists() else [sys.executable, "-m", "kg", "--help"]
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        best = min(best, time.perf_counter() - t)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="conflict-kg scale and speed runs")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--workdir", type=Path, default=DATA / "work")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--query-timeout", type=float, default=60.0,
                        help="seconds each query may take before it is recorded as stopped")
    parser.add_argument("--loading-only", action="store_true",
                        help="only the loading tables (written to a dated *-ingest-* file, and "
                             "into latest.md's loading section)")
    parser.add_argument("--task", choices=sorted(TASKS))
    parser.add_argument("args", nargs="*")
    ns = parser.parse_args(argv)
    if ns.task:
        print(json.dumps(TASKS[ns.task](*ns.args)))
        return
    sizes = [int(s) for s in ns.sizes.split(",") if s]
    ns.workdir.mkdir(parents=True, exist_ok=True)
    runs = []
    for size in sizes:
        print(f"size {size} ...", file=sys.stderr, flush=True)
        runs.append(measure(size, ns.workdir, loading_only=ns.loading_only,
                            query_timeout=ns.query_timeout))
    command = "python -m benchmarks.run --sizes " + ",".join(map(str, sizes))
    if ns.query_timeout != 60.0:
        command += f" --query-timeout {ns.query_timeout:g}"
    ns.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    if ns.loading_only:
        command += " --loading-only"
        text = render_loading_only(runs, command)
        (ns.out / f"{stamp}-ingest-{'-'.join(map(str, sizes))}.md").write_text(text, encoding="utf-8")
        latest = ns.out / "latest.md"
        if latest.exists() and max(sizes) <= 100_000:
            latest.write_text(replace_loading(latest.read_text(encoding="utf-8"), text),
                              encoding="utf-8")
        print(text)
        return
    text = render(runs, command, cli_help_seconds())
    (ns.out / "latest.md").write_text(text, encoding="utf-8")
    (ns.out / f"{stamp}-{'-'.join(map(str, sizes))}.md").write_text(text, encoding="utf-8")
    (ns.out / "latest.json").write_text(json.dumps(runs, indent=1), encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
