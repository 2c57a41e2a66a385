"""Scale and speed runs: ingest, baselines, validation, queries, export, CLI start-up.

    python -m benchmarks.run --sizes 10000,100000          # make bench
    python -m benchmarks.run --sizes 10000,100000,1000000  # make bench-1m

For each size: the synthetic ACLED file (:mod:`benchmarks.generate`, cached in
``benchmarks/data/``); our bulk ingest into a fresh on-disk store, then its N-Quads export; the
baseline, pyoxigraph's raw ``bulk_load`` of those N-Quads into a fresh store; rdflib's Memory
store parsing them (up to 100k, within a time budget); validation cost (our compiled shapes, from
the ingest's stage times, and pySHACL on a 1,000-event sample, measured once per run); every
named query on our store against the same SPARQL on raw pyoxigraph, each within a time limit; the
Turtle and table exports; whole-store validation; the actor network; and ``kg --help``. Each load
runs in its own process, which reports its peak RSS. The table (:mod:`benchmarks.render`), with
the run's own wall time per size and stage, goes to ``benchmarks/results/latest.md`` and a dated
copy.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.generate import DATA, cached
from benchmarks.processes import Worker, emit, run_limited, run_task, started
from benchmarks.render import render, render_loading_only, replace_loading

RESULTS = Path(__file__).parent / "results"
SAMPLE_PARAMS = {"place": "Kharkiv", "actor": "Military Forces of Russia (2000-)",
                 "person": "Volodymyr Zelensky", "weapon": "Shahed", "page": "acled.csv",
                 "event": "https://w3id.org/conflict-kg/id/event/x", "lat": "48.5", "lon": "37.7"}
"""Values for parameters that have no default (the run says when one was needed)."""
PYSHACL_SAMPLE = 1000
"""Rows validated by pySHACL: the first ones of the file, the same in every size's file."""


@dataclass(frozen=True)
class Limits:
    """Time limits in seconds, each counted from the moment the work it times starts (a child
    process's start-up, imports and opening the store are not counted)."""

    sparql: float = 10.0
    """Each named query's SPARQL, through kg and on raw pyoxigraph (each side): ``--query-timeout``."""
    tables: float = 60.0
    """Each answer from the analytics tables, as `kg query` gives it: ``--tables-timeout``."""
    rdflib: float = 150.0
    """rdflib parsing the N-Quads into a Dataset: ``--rdflib-timeout``."""
    export: float = 120.0
    """Reading the events for the table exports and writing both: ``--export-timeout``."""


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
    """Our ingest as ``kg ingest`` runs an ACLED file (same call, same defaults), then the store's
    N-Quads export (the baselines' input) unless ``nq_path`` is ``-``."""
    from kg.export.rdf import export_store
    from kg.ingest.bulk import CHUNK_ROWS, bulk_ingest
    from kg.store import open_store

    shutil.rmtree(store_path, ignore_errors=True)
    cpu = _cpu_seconds()
    t = time.perf_counter()
    with open_store(f"oxigraph:{store_path}") as store:
        result = bulk_ingest(store, csv_path)
        seconds = time.perf_counter() - t
        cpu = _cpu_seconds() - cpu
        # the pool's processes say their peaks; a lone worker's is the children's peak
        worker_mb = sum(result.peaks) or (_children_peak_mb() if result.parallel else 0.0)
        main_mb = _peak_mb()  # before the export below, which is not part of the ingest
        if nq_path == "-":
            nquads = None
        else:
            t = time.perf_counter()
            export_store(store, "nquads", nq_path)
            nquads = time.perf_counter() - t
    return {"seconds": seconds, "events": result.events, "quads": result.triples_after,
            "stages": result.seconds, "stage_cpu": result.cpu, "processes": len(result.peaks) + 1,
            "chunk_rows": CHUNK_ROWS,
            "skipped": len(result.skipped), "parallel": result.parallel,
            "cpu_seconds": cpu,
            "main_peak_mb": main_mb, "worker_peak_mb": worker_mb, "peak_mb": main_mb + worker_mb,
            "nquads_seconds": nquads,
            "nquads_mb": Path(nq_path).stat().st_size / 1e6 if nquads is not None else None}


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


def task_rdflib(nq_path: str) -> None:
    """rdflib's Memory store parsing the N-Quads (with a time limit: see :mod:`benchmarks.processes`)."""
    import rdflib

    ds = rdflib.Dataset()
    started()
    t = time.perf_counter()
    ds.parse(nq_path, format="nquads")
    emit(seconds=time.perf_counter() - t)
    emit(done=True, quads=len(ds), peak_mb=_peak_mb())


def task_pyshacl(csv_path: str, n: int = PYSHACL_SAMPLE) -> dict:
    from itertools import islice

    from kg.ingest.bulk import iter_acled_rows
    from kg.rdf.mapping import document_to_dataset
    from kg.rdf.quads import document_nquads
    from kg.records import Document, Update
    from kg.validation.compiled import compiled_shapes
    from kg.validation.shapes import validate_graph

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
    from kg.query.named import bind_params

    try:
        text, bindings = bind_params(q, None)
        return text, bindings, {}
    except KGError:
        needed = {p.name: SAMPLE_PARAMS.get(p.name, "x") for p in q.params if p.required}
        text, bindings = bind_params(q, needed)
        return text, bindings, needed


def _query_answer(store_path: str, name: str, engine: str) -> dict:
    """One named query: from the analytics tables (``tables``), its SPARQL through kg
    (``sparql``), or the same text on raw pyoxigraph (``raw``)."""
    import pyoxigraph as ox

    from kg.query.named import get_query, run_named
    from kg.store import open_store
    from kg.store.bindings import bind_values

    q = get_query(name)
    text, bindings, needed = _sample_params(q)
    entry: dict = {"params": needed} if needed else {}
    if engine == "raw":
        raw = ox.Store.read_only(store_path)
        bound = bind_values(text, bindings)
        started()
        t = time.perf_counter()
        answer = raw.query(bound, use_default_graph_as_union=True)
        if isinstance(answer, ox.QueryBoolean):
            bool(answer)
        else:
            list(answer)
        entry["seconds"] = time.perf_counter() - t
        del raw
        return entry
    with open_store(f"oxigraph:{store_path}", read_only=True) as store:
        started()
        t = time.perf_counter()
        if engine == "tables":
            result = run_named(store, name, needed, engine="tables")
        else:
            result = store.query(text, bindings)
        entry["seconds"] = time.perf_counter() - t
        entry["rows"] = len(result) if hasattr(result, "__len__") else 1
    return entry


def task_worker(store_path: str) -> None:
    """Answer named-query requests (JSON lines ``{"name", "engine"}`` on stdin) one at a time."""
    import importlib

    # every module the queries use, imported before any clock starts
    for module in ("duckdb", "kg.analytics.twins", "kg.query.named", "kg.store", "kg.store.bindings"):
        with suppress(ImportError):
            importlib.import_module(module)

    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            emit(done=True, **_query_answer(store_path, request["name"], request["engine"]))
        except Exception as exc:  # noqa: BLE001  (recorded in the table, the worker goes on)
            emit(done=True, error=f"{type(exc).__name__}: {exc}"[:200])


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
    """``kg export`` to Turtle."""
    from kg.export.rdf import export_store
    from kg.store import open_store

    with open_store(f"oxigraph:{store_path}", read_only=True) as store:
        t = time.perf_counter()
        export_store(store, "turtle", turtle_path)
        seconds = time.perf_counter() - t
    size = Path(turtle_path).stat().st_size / 1e6
    Path(turtle_path).unlink()
    return {"turtle_seconds": seconds, "turtle_mb": size, "peak_mb": _peak_mb()}


def task_export_tables(store_path: str, out_path: str) -> None:
    """The table exports (ACLED CSV, GeoJSON): the store's events read once, each format written
    from them (with a time limit: see :mod:`benchmarks.processes`)."""
    from kg.export.tables import TABLE_FORMATS, exported_events
    from kg.store import open_store

    with open_store(f"oxigraph:{store_path}", read_only=True) as store:
        started()
        t = time.perf_counter()
        events = exported_events(store)
        emit(read=time.perf_counter() - t, events=len(events))
        for fmt, write in TABLE_FORMATS.items():
            with open(out_path, "w", encoding="utf-8", newline="") as out:
                t = time.perf_counter()
                write(store, out, events=events)
                emit(**{fmt: time.perf_counter() - t})
            Path(out_path).unlink()
    emit(done=True, peak_mb=_peak_mb())


def task_validate(store_path: str) -> dict:
    """``kg validate`` on the stored batch: compiled shapes in Oxigraph plus the SPARQL checks."""
    from kg.store import open_store
    from kg.validation.store_checks import run_checks
    from kg.validation.whole_store import validate_store

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
         "pyshacl": task_pyshacl, "worker": task_worker, "export": task_export,
         "export-tables": task_export_tables, "validate": task_validate, "network": task_network}


# ---------------------------------------------------------------- the run


def task_queries(store_path: str, limits: Limits) -> dict:
    """Every named query: its SPARQL through kg, then (where that finished) the same text on raw
    pyoxigraph, each within ``limits.sparql``; and its answer from the analytics tables where it
    has an SQL twin, within ``limits.tables``."""
    from kg.analytics.twins import twin_names
    from kg.query.named import list_queries

    out = {}
    with closing(Worker("worker", store_path)) as worker:
        for q in list_queries():
            entry = worker.ask({"name": q.name, "engine": "sparql"}, limits.sparql)
            if "seconds" in entry:
                raw = worker.ask({"name": q.name, "engine": "raw"}, limits.sparql)
                entry["raw"] = raw.get("seconds")
                if "seconds" not in raw:
                    entry["raw_error"] = raw
            if q.name in twin_names():
                entry["tables"] = worker.ask({"name": q.name, "engine": "tables"}, limits.tables)
            out[q.name] = entry
    return out


@contextmanager
def _stage(stages: dict, name: str) -> Iterator[None]:
    """Add the wall time of the block to ``stages[name]``."""
    t = time.perf_counter()
    try:
        yield
    finally:
        stages[name] = stages.get(name, 0.0) + time.perf_counter() - t


def measure(size: int, workdir: Path, limits: Limits = Limits(), rdflib_limit: int = 100_000,
            loading_only: bool = False, pyshacl: dict | None = None) -> dict:
    """Every measurement for one size (``loading_only``: ingest, baselines and validation).

    ``pyshacl``: the sample's figures from an earlier size of the run (the same rows), if any.
    """
    t0 = time.perf_counter()
    stages: dict[str, float] = {}
    with _stage(stages, "data"):
        csv_path = cached(size)
    store_path = str(workdir / f"store-{size}")
    nq_path = str(DATA / f"acled-{size}.nq")
    Path(nq_path).unlink(missing_ok=True)  # always the quads of this run's ingest
    out = {"size": size, "csv_mb": csv_path.stat().st_size / 1e6, "limits": asdict(limits)}
    with _stage(stages, "ingest"):
        out["ingest"] = run_task("ingest", str(csv_path), store_path, nq_path)
    with _stage(stages, "baseline"):
        out["baseline"] = run_task("baseline", nq_path, str(workdir / f"baseline-{size}"))
    if size <= rdflib_limit:
        with _stage(stages, "rdflib"):
            out["rdflib"] = run_limited("rdflib", nq_path, limit=limits.rdflib)
    if pyshacl is None:
        with _stage(stages, "pyshacl"):
            pyshacl = {**run_task("pyshacl", str(csv_path)), "measured_at": size}
    out["pyshacl"] = pyshacl
    if not loading_only:
        with _stage(stages, "queries"):
            out["queries"] = task_queries(store_path, limits)
        with _stage(stages, "export"):
            out["export"] = run_task("export", store_path, str(workdir / f"export-{size}.ttl"))
            tables_path = workdir / f"export-{size}.table"
            out["export_tables"] = run_limited("export-tables", store_path, str(tables_path),
                                                limit=limits.export)
            tables_path.unlink(missing_ok=True)
        with _stage(stages, "validate"):
            out["validate"] = run_task("validate", store_path)
        with _stage(stages, "network"):
            out["network"] = run_task("network", store_path)
    shutil.rmtree(store_path, ignore_errors=True)
    out["stage_seconds"] = stages
    out["wall_seconds"] = time.perf_counter() - t0
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


OPTIONS = {"sparql": "--query-timeout", "tables": "--tables-timeout", "rdflib": "--rdflib-timeout",
           "export": "--export-timeout"}
"""The command-line option of each :class:`Limits` field."""


def command_line(sizes: list[int], limits: Limits, loading_only: bool = False) -> str:
    """The command as run, naming only the limits that differ from their defaults."""
    command = "python -m benchmarks.run --sizes " + ",".join(map(str, sizes))
    for f in fields(Limits):
        if getattr(limits, f.name) != f.default:
            command += f" {OPTIONS[f.name]} {getattr(limits, f.name):g}"
    return command + (" --loading-only" if loading_only else "")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="conflict-kg scale and speed runs")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--workdir", type=Path, default=DATA / "work")
    parser.add_argument("--out", type=Path, default=RESULTS)
    defaults = Limits()
    parser.add_argument("--query-timeout", type=float, default=defaults.sparql,
                        help="seconds each SPARQL text may take, through kg and on raw pyoxigraph "
                             "(each), before it is recorded as stopped")
    parser.add_argument("--tables-timeout", type=float, default=defaults.tables,
                        help="seconds each answer from the analytics tables may take")
    parser.add_argument("--rdflib-timeout", type=float, default=defaults.rdflib,
                        help="seconds rdflib may parse the N-Quads; past them the table gives a "
                             "lower bound")
    parser.add_argument("--export-timeout", type=float, default=defaults.export,
                        help="seconds for the table exports (reading the events, writing both)")
    parser.add_argument("--loading-only", action="store_true",
                        help="only the loading tables (written to a dated *-ingest-* file, and "
                             "into latest.md's loading section)")
    parser.add_argument("--task", choices=sorted(TASKS))
    parser.add_argument("args", nargs="*")
    ns = parser.parse_args(argv)
    if ns.task:
        result = TASKS[ns.task](*ns.args)
        if result is not None:
            print(json.dumps(result))
        return
    t0 = time.perf_counter()
    limits = Limits(sparql=ns.query_timeout, tables=ns.tables_timeout, rdflib=ns.rdflib_timeout,
                    export=ns.export_timeout)
    sizes = [int(s) for s in ns.sizes.split(",") if s]
    ns.workdir.mkdir(parents=True, exist_ok=True)
    runs: list[dict] = []
    for size in sizes:
        print(f"size {size} ...", file=sys.stderr, flush=True)
        # the sample is the file's first rows: an earlier size's file had the same ones
        earlier = runs[-1] if runs and runs[-1]["size"] >= PYSHACL_SAMPLE else {}
        sample = earlier.get("pyshacl") if "error" not in earlier.get("pyshacl", {}) else None
        runs.append(measure(size, ns.workdir, limits, loading_only=ns.loading_only, pyshacl=sample))
    command = command_line(sizes, limits, ns.loading_only)
    ns.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    if ns.loading_only:
        text = render_loading_only(runs, command, time.perf_counter() - t0)
        (ns.out / f"{stamp}-ingest-{'-'.join(map(str, sizes))}.md").write_text(text, encoding="utf-8")
        latest = ns.out / "latest.md"
        if latest.exists() and max(sizes) <= 100_000:
            latest.write_text(replace_loading(latest.read_text(encoding="utf-8"), text),
                              encoding="utf-8")
        print(text)
        return
    help_seconds = cli_help_seconds()
    text = render(runs, command, help_seconds, time.perf_counter() - t0)
    (ns.out / "latest.md").write_text(text, encoding="utf-8")
    (ns.out / f"{stamp}-{'-'.join(map(str, sizes))}.md").write_text(text, encoding="utf-8")
    (ns.out / "latest.json").write_text(json.dumps(runs, indent=1), encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
