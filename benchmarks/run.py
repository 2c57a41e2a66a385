"""Scale and speed runs: ingest, baselines, validation, queries, export, CLI start-up.

    python -m benchmarks.run --sizes 10000,100000          # make bench
    python -m benchmarks.run --sizes 10000,100000,1000000  # make bench-1m

For each size: the synthetic ACLED file (:mod:`benchmarks.generate`, cached in
``benchmarks/data/``); our bulk ingest into a fresh on-disk store; the baseline, pyoxigraph's
raw ``bulk_load`` of the same N-Quads into a fresh store; rdflib's Memory store parsing them
(up to 100k); validation cost (our compiled shapes, from the ingest's stage times, and pySHACL
on a 1,000-event sample); every named query on our store against the same SPARQL on raw
pyoxigraph; the Turtle export; and ``kg --help``. Each load runs in its own process, which
reports its peak RSS. The table goes to ``benchmarks/results/latest.md`` and a dated copy.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.generate import DATA, cached

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


def _machine() -> str:
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024**2:.0f} GiB RAM"
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return (f"{os.cpu_count()} cores, {mem}, {platform.system()} {platform.machine()}, "
            f"Python {platform.python_version()}, load average {load:.1f} at start")


def _f(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _answered(e: dict) -> float | None:
    """Seconds of the answer `kg query` gives: from the tables when there are, else SPARQL."""
    tables = e.get("tables") or {}
    return tables.get("seconds") if "seconds" in tables else e.get("seconds")


def _query_cell(e: dict) -> str:
    if not e:
        return "–"
    sparql = (e["error"] if "stopped" in e["error"] else f"failed: {e['error']}") if "error" in e else \
        f"{_f(e['seconds'], 3)} / {_f(e.get('raw'), 3)}"
    tables = e.get("tables")
    note = " (sample params)" if "params" in e or (tables or {}).get("params") else ""
    rows = e.get("rows", (tables or {}).get("rows", "?"))
    if tables is None:
        return f"{sparql}, {rows} rows{note}"
    answer = f"T {_f(tables['seconds'], 3)}" if "seconds" in tables else f"T {tables.get('error')}"
    return f"{answer} \\| {sparql}, {rows} rows{note}"


def render_loading(runs: list[dict]) -> list[str]:
    """The loading tables: our ingest against the raw bulk load, and where its time goes."""
    lines = ["## Loading", "",
             "| events | quads | our ingest s | raw bulk_load s | ratio ours/raw | validation s | "
             "validation share | CPU s ours / raw | peak MB ours (main + worker) | peak MB raw | "
             "events/s | rdflib Memory s | rdflib/ours | skipped rows |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        ing, base, rdf = r["ingest"], r["baseline"], r.get("rdflib") or {}
        if "error" in ing:
            lines.append(f"| {r['size']} | ingest failed: {ing['error']} |||||||||||||")
            continue
        s = ing["seconds"]
        validate = ing.get("stages", {}).get("validate")
        peak = (f"{ing['peak_mb']:.0f} ({ing.get('main_peak_mb', ing['peak_mb']):.0f} + "
                f"{ing.get('worker_peak_mb', 0):.0f})")
        lines.append(
            f"| {ing['events']} | {ing['quads']} | {_f(s)} | {_f(base.get('seconds'))} | "
            f"{_f(s / base['seconds']) if base.get('seconds') else '–'} | {_f(validate)} | "
            f"{f'{validate / s:.0%}' if validate is not None else '–'} | "
            f"{_f(ing.get('cpu_seconds'), 0)} / {_f(base.get('cpu_seconds'), 0)} | {peak} | "
            f"{base.get('peak_mb', 0):.0f} | {ing['events'] / s:.0f} | {_f(rdf.get('seconds'))} | "
            f"{_f(rdf['seconds'] / s) if rdf.get('seconds') else '–'} | {ing['skipped']} |")
    lines += ["", "Ratios: our ingest time over the raw bulk load's (the same quads, same run, a "
              "fresh store each); rdflib's time over ours. Our ingest is `kg ingest --bulk`'s "
              "call: read, map, validate (compiled shapes, every chunk before it is written) "
              "and write, chunks of 10,000 rows prepared in a worker process while the main "
              "process writes the one before. Validation share: the validation stage's seconds "
              "over the ingest's wall time; with the worker it runs beside the writing. CPU: user "
              "and system seconds of all processes, less sensitive than wall time to other work "
              "on the machine.", "",
              "## Where the ingest time goes (seconds)", "",
              "| events | read rows | map | validate (compiled shapes) | write | of which analytics "
              "tables | writer waiting | pySHACL, 1k events | compiled shapes, same 1k |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        st = r["ingest"].get("stages", {})
        ps = r.get("pyshacl", {})
        lines.append(f"| {r['size']} | {_f(st.get('read'))} | {_f(st.get('map'))} | "
                     f"{_f(st.get('validate'))} | {_f(st.get('write'))} | {_f(st.get('tables'))} | "
                     f"{_f(st.get('wait'))} | "
                     f"{_f(ps.get('pyshacl'))} | {_f(ps.get('compiled'), 3)} |")
    lines += ["", "Read, map and validate run in the worker; write and waiting (for the worker's "
              "next chunk) in the main process.", ""]
    return lines


def render_loading_only(runs: list[dict], command: str) -> str:
    """The loading tables alone, with the machine and command."""
    import pyoxigraph

    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join([f"# Loading benchmarks, {now}", "",
                      f"Machine: {_machine()}; pyoxigraph {pyoxigraph.__version__}.",
                      f"Command: `{command}`", "", *render_loading(runs)])


def replace_loading(latest: str, loading: str) -> str:
    """``latest`` with its loading sections replaced by those of ``loading`` (which names its
    own date and command); the other sections stay as they were measured."""
    start, end = latest.find("## Loading"), latest.find("## Named queries")
    if start < 0 or end < start:
        return latest
    head = loading.split("## Loading", 1)
    note = [line for line in head[0].splitlines() if line.startswith(("# ", "Machine:", "Command:"))]
    section = ("## Loading\n\n" + f"From a later run than the rest of this file: {note[0][2:]}; "
               + " ".join(note[1:]) + "\n\n" + head[1].lstrip("\n"))
    return latest[:start] + section.rstrip("\n") + "\n\n" + latest[end:]


def render(runs: list[dict], command: str, help_seconds: float) -> str:
    """The results as markdown."""
    import pyoxigraph

    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"# Benchmarks, {now}", "", f"Machine: {_machine()}; pyoxigraph {pyoxigraph.__version__}.",
             f"Command: `{command}`", "", *render_loading(runs)]
    names = sorted({n for r in runs for n in r["queries"].get("queries", {})})
    lines += ["", "## Named queries (seconds)", "",
              "Each cell: the answer as `kg query` gives it (from the analytics tables where the query "
              "has an SQL twin, marked T) | its SPARQL through kg / the same text on raw pyoxigraph, "
              "and the rows.", "",
              "| query | " + " | ".join(f"{r['size']} events" for r in runs) + " |",
              "|---|" + "---:|" * len(runs)]
    for name in names:
        cells = [_query_cell(r["queries"].get("queries", {}).get(name, {})) for r in runs]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "| events | named queries answered under 2 s | SPARQL through kg over raw, median |",
              "|---:|---:|---:|"]
    for r in runs:
        entries = list(r["queries"].get("queries", {}).values())
        fast = sum(1 for e in entries if (_answered(e) or 99) < 2.0)
        ratios = sorted(e["seconds"] / e["raw"] for e in entries
                        if e.get("seconds") and e.get("raw") and e["raw"] > 0.05)
        median = _f(ratios[len(ratios) // 2]) if ratios else "–"
        lines.append(f"| {r['size']} | {fast} of {len(entries)} | {median} |")
    lines += ["", "## Actor network (all relations; degree, PageRank, Louvain)", "",
              "| events | build s | build + metrics s | actors | edges | communities |",
              "|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        n = r.get("network", {})
        if "total" not in n:
            lines.append(f"| {r['size']} | {n.get('error', '–')} |||||")
            continue
        lines.append(f"| {r['size']} | {_f(n['build'])} | {_f(n['total'])} | {n['nodes']} | {n['edges']} | "
                     f"{n['communities']} |")
    lines += ["", "## Export and CLI", "",
              "| events | Turtle export s | Turtle MB | ACLED CSV s | GeoJSON s |",
              "|---:|---:|---:|---:|---:|"]
    for r in runs:
        q = r["queries"]
        tables = q.get("tables", {})
        lines.append(f"| {r['size']} | {_f(q.get('turtle_seconds'))} | {_f(q.get('turtle_mb'), 1)} | "
                     f"{_f(tables.get('acled-csv'))} | {_f(tables.get('geojson'))} |")
    lines += ["", "## Whole-store validation (`kg validate`)", "",
              "| events | compiled shapes s | SPARQL checks s | total s | violations | findings | "
              "pySHACL projected s (1k-event rate) |", "|---:|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        v, ps = r.get("validate", {}), r.get("pyshacl", {})
        if "shapes" not in v:
            lines.append(f"| {r['size']} | {v.get('error', '–')} ||||||")
            continue
        projected = ps["pyshacl"] * r["size"] / 1000 if ps.get("pyshacl") else None
        lines.append(f"| {r['size']} | {_f(v['shapes'])} | {_f(v['checks'])} | "
                     f"{_f(v['shapes'] + v['checks'])} | {v['violations']} | {v['findings']} | "
                     f"{_f(projected)} |")
    lines += ["", f"`kg --help`: {help_seconds:.2f} s (best of 3).", ""]
    return "\n".join(lines)


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
