"""The benchmark tables as markdown, from the measurements of :mod:`benchmarks.run`."""
from __future__ import annotations

import os
import platform
from datetime import UTC, datetime
from pathlib import Path


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
