"""The benchmark tables as markdown, from the measurements of :mod:`benchmarks.run`.

A measurement stopped at its time limit says so ("over 10 s, stopped"); a ratio that has such
a measurement on one side is written as the bound it is ("≥ 1.20"), or left out of a median.
"""
from __future__ import annotations

import os
import platform
from datetime import UTC, datetime
from pathlib import Path

STAGES = (("data", "data"), ("ingest", "ingest + N-Quads dump"), ("baseline", "raw bulk_load"),
          ("rdflib", "rdflib"), ("pyshacl", "pySHACL sample"), ("queries", "named queries"),
          ("export", "exports"), ("validate", "validation"), ("network", "actor network"))
"""Stages of a size's run (key in ``stage_seconds``, column heading), in the order they run."""


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


def _s(seconds: float) -> str:
    """A limit or bound in seconds, as short as it reads well: 150, 9.5, 0.01."""
    return f"{seconds:.0f}" if seconds >= 10 else f"{seconds:.2g}"


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f} min"


def _stopped(e: dict) -> bool:
    return "limit" in e


def _over(e: dict) -> str:
    """The cell of a measurement: stopped at its limit, or failed."""
    return f"over {_s(e['limit'])} s, stopped" if _stopped(e) else f"failed: {e.get('error', '?')}"


def _limits(runs: list[dict]) -> dict:
    return next((r["limits"] for r in runs if r.get("limits")), {})


def run_time_line(runs: list[dict], total: float | None, stages_below: bool = True) -> str:
    """The run's own wall time, in all and per size."""
    sizes = ", ".join(f"{r['size']} events {_minutes(r['wall_seconds'])}" for r in runs
                      if r.get("wall_seconds") is not None)
    head = f"Run time: {_minutes(total)} in all" if total is not None else "Run time:"
    below = "; each stage in \"Where the run's time goes\" below" if stages_below else ""
    return f"{head} ({sizes}){below}." if sizes else head


def limits_line(limits: dict) -> str:
    if not limits:
        return ""
    return (f"Time limits, each counted from the start of what it times: every SPARQL text "
            f"{_s(limits['sparql'])} s (through kg and on raw pyoxigraph, each), every answer from "
            f"the analytics tables {_s(limits['tables'])} s, rdflib's parse "
            f"{_s(limits['rdflib'])} s, the table exports {_s(limits['export'])} s; a measurement "
            "that passes its limit is stopped and shown as such.")


def _answered(e: dict) -> float | None:
    """Seconds of the answer `kg query` gives: from the tables when there are, else SPARQL."""
    tables = e.get("tables") or {}
    return tables.get("seconds") if "seconds" in tables else e.get("seconds")


def _query_cell(e: dict) -> str:
    if not e:
        return "–"
    if "seconds" in e:
        raw = _f(e["raw"], 3) if e.get("raw") is not None else _over(e.get("raw_error") or {})
        sparql = f"{_f(e['seconds'], 3)} / {raw}"
    else:
        sparql = _over(e)
    tables = e.get("tables")
    note = " (sample params)" if "params" in e or (tables or {}).get("params") else ""
    rows = e.get("rows", (tables or {}).get("rows", "?"))
    if tables is None:
        return f"{sparql}, {rows} rows{note}"
    answer = f"T {_f(tables['seconds'], 3)}" if "seconds" in tables else f"T {_over(tables)}"
    return f"{answer} \\| {sparql}, {rows} rows{note}"


def _rdflib_cells(rdf: dict, ours: float) -> tuple[str, str]:
    """rdflib's seconds and its ratio to ours; past its budget, "over N s" and a lower bound."""
    if "seconds" in rdf:
        return _f(rdf["seconds"]), _f(rdf["seconds"] / ours)
    if _stopped(rdf):
        return f"over {_s(rdf['limit'])} s", f"≥ {rdf['limit'] / ours:.2f}"
    return ("failed" if "error" in rdf else "–"), "–"


def render_loading(runs: list[dict]) -> list[str]:
    """The loading tables: our ingest against the raw bulk load, and where its time goes."""
    limits = _limits(runs)
    lines = ["## Loading", "",
             "| events | quads | our ingest s | raw bulk_load s | ratio ours/raw | CPU s ours / raw | "
             "validation CPU s | validation share of our CPU | peak MB ours (main + preparing) | "
             "peak MB raw | events/s | rdflib Memory s | rdflib/ours | skipped rows |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        ing, base, rdf = r["ingest"], r["baseline"], r.get("rdflib") or {}
        if "error" in ing:
            lines.append(f"| {r['size']} | ingest failed: {ing['error']} |||||||||||||")
            continue
        s = ing["seconds"]
        cpu = ing.get("cpu_seconds")
        validate = ing.get("stage_cpu", {}).get("validate")
        share = f"{validate / cpu:.0%}" if validate is not None and cpu else "–"
        peak = (f"{ing['peak_mb']:.0f} ({ing.get('main_peak_mb', ing['peak_mb']):.0f} + "
                f"{ing.get('worker_peak_mb', 0):.0f})")
        rdf_s, rdf_ratio = _rdflib_cells(rdf, s)
        lines.append(
            f"| {ing['events']} | {ing['quads']} | {_f(s)} | {_f(base.get('seconds'))} | "
            f"{_f(s / base['seconds']) if base.get('seconds') else '–'} | "
            f"{_f(cpu, 0)} / {_f(base.get('cpu_seconds'), 0)} | {_f(validate)} | {share} | {peak} | "
            f"{base.get('peak_mb', 0):.0f} | {ing['events'] / s:.0f} | {rdf_s} | {rdf_ratio} | "
            f"{ing['skipped']} |")
    chunk = next((r["ingest"]["chunk_rows"] for r in runs if "chunk_rows" in r["ingest"]), 10_000)
    budget = (f" rdflib has {_s(limits['rdflib'])} s to parse (`--rdflib-timeout`): past that the "
              "cell says \"over\" and the ratio is a lower bound, the budget over our time."
              if limits else "")
    lines += ["", "Ratios: our ingest time over the raw bulk load's (the same quads, same run, a "
              "fresh store each); rdflib's time over ours." + budget + " Our ingest is "
              "`kg ingest --bulk`'s call: read, map, validate (compiled shapes, every chunk before it "
              f"is written) and write, in chunks of {chunk:,} rows. One process reads and maps, another "
              "validates and writes each chunk's analytics-table rows, and the main process streams "
              "the chunks, in order, into one bulk load of the empty store. CPU: user and system "
              "seconds of all processes, less sensitive than wall time to other work on the "
              "machine. Validation CPU: the CPU seconds of the validating processes' validation "
              "stage; its share, of all our CPU seconds. Peak memory: the main process's and the "
              "sum of the preparing processes' peaks.", "",
              "## Where the ingest time goes (seconds)", "",
              "| events | read rows, CPU | map, CPU | validate (compiled shapes), CPU | table rows, "
              "CPU | write | of which analytics tables | writer waiting | pySHACL, 1k events | "
              "compiled shapes, same 1k |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        st = r["ingest"].get("stages", {})
        cpu = r["ingest"].get("stage_cpu", {})
        ps = r.get("pyshacl", {})
        lines.append(f"| {r['size']} | {_f(cpu.get('read'))} | {_f(cpu.get('map'))} | "
                     f"{_f(cpu.get('validate'))} | {_f(cpu.get('rows'))} | {_f(st.get('write'))} | "
                     f"{_f(st.get('tables'))} | {_f(st.get('wait'))} | "
                     f"{_f(ps.get('pyshacl'))} | {_f(ps.get('compiled'), 3)} |")
    shared = any((r.get("pyshacl") or {}).get("measured_at") not in (None, r["size"]) for r in runs)
    lines += ["", "Read, map, validate and table rows: CPU seconds in the preparing processes, "
              "beside the writing. Write and waiting (for the next chunk in order): wall seconds "
              "of the main process."
              + (" pySHACL and the compiled shapes validate the file's first 1,000 rows, the same "
                 "rows in every size's file, so they are measured once per run, at the first size."
                 if shared else ""), ""]
    return lines


def render_loading_only(runs: list[dict], command: str, total: float | None = None) -> str:
    """The loading tables alone, with the machine and command."""
    import pyoxigraph

    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join([f"# Loading benchmarks, {now}", "",
                      f"Machine: {_machine()}; pyoxigraph {pyoxigraph.__version__}.",
                      f"Command: `{command}`", run_time_line(runs, total, stages_below=False), "",
                      *render_loading(runs)])


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


def render_queries(runs: list[dict]) -> list[str]:
    limits = _limits(runs)
    names = sorted({n for r in runs for n in r.get("queries", {})})
    sparql = f" (each stopped after {_s(limits['sparql'])} s; raw is not run where kg's was stopped)" \
        if limits else ""
    tables = f", each stopped after {_s(limits['tables'])} s" if limits else ""
    lines = ["## Named queries (seconds)", "",
             "Each cell: the answer as `kg query` gives it (from the analytics tables where the query "
             f"has an SQL twin, marked T{tables}) | its SPARQL through kg / the same text on raw "
             f"pyoxigraph{sparql}, and the rows. Each is timed in a long-lived process that has its "
             "modules imported, the store (and its tables) opened afresh for every query; a process "
             "stopped at a limit is replaced by a fresh one.", "",
             "| query | " + " | ".join(f"{r['size']} events" for r in runs) + " |",
             "|---|" + "---:|" * len(runs)]
    for name in names:
        cells = [_query_cell(r.get("queries", {}).get(name, {})) for r in runs]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "| events | named queries answered under 2 s | SPARQL through kg stopped | "
              "SPARQL through kg over raw, median (both finished) |", "|---:|---:|---:|---:|"]
    for r in runs:
        entries = list(r.get("queries", {}).values())
        fast = sum(1 for e in entries if (_answered(e) or 99) < 2.0)
        stopped = sum(1 for e in entries if _stopped(e))
        ratios = sorted(e["seconds"] / e["raw"] for e in entries
                        if e.get("seconds") and e.get("raw") and e["raw"] > 0.05)
        median = _f(ratios[len(ratios) // 2]) if ratios else "–"
        lines.append(f"| {r['size']} | {fast} of {len(entries)} | {stopped} of {len(entries)} | "
                     f"{median} |")
    return lines


def _table_export_cells(t: dict, formats: tuple[str, ...]) -> list[str]:
    """Reading the events, then each table format: the read plus its own writing. Where the
    budget ran out, the piece it ran out in gets a lower bound and the later ones a dash."""
    if "read" not in t:
        cell = f"over {_s(t['limit'])} s" if _stopped(t) else ("failed" if "error" in t else "–")
        return [cell] * (len(formats) + 1)
    cells, written, stopped_in = [_f(t["read"])], 0.0, False
    for fmt in formats:
        if fmt in t:
            cells.append(_f(t["read"] + t[fmt]))
            written += t[fmt]
        elif _stopped(t) and not stopped_in:
            # stopped while writing this one: the read and this writing took the rest of the limit
            cells.append(f"over {_s(t['limit'] - written)} s")
            stopped_in = True
        else:
            cells.append("failed" if "error" in t and not _stopped(t) else "–")
    return cells


def render_exports(runs: list[dict]) -> list[str]:
    from kg.export.tables import TABLE_FORMATS

    formats = tuple(TABLE_FORMATS)
    limits = _limits(runs)
    budget = f", with {_s(limits['export'])} s for the read and both writings" if limits else ""
    lines = ["## Export and CLI", "",
             "| events | Turtle export s | Turtle MB | N-Quads export s | N-Quads MB | "
             "ACLED CSV s | GeoJSON s | of which reading the events s |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        e, ing = r.get("export", {}), r.get("ingest", {})
        read, *tables = _table_export_cells(r.get("export_tables", {}), formats)
        lines.append(f"| {r['size']} | {_f(e.get('turtle_seconds'))} | {_f(e.get('turtle_mb'), 1)} | "
                     f"{_f(ing.get('nquads_seconds'))} | {_f(ing.get('nquads_mb'), 1)} | "
                     + " | ".join(tables) + f" | {read} |")
    lines += ["", "The N-Quads export is the input of the raw bulk load and of rdflib, written by "
              "the ingest's process right after it (`kg export --format nquads`'s call). The table "
              "formats read the store's events once (the three export queries, which `kg export` "
              "runs for either) and write both from that read" + budget + "; each one's seconds "
              "are the read plus its own writing, as `kg export` takes for it alone."]
    return lines


def render_stage_times(runs: list[dict], total: float | None) -> list[str]:
    """The run's wall time per size and stage."""
    lines = ["## Where the run's time goes (wall seconds)", "",
             "| events | " + " | ".join(title for _, title in STAGES) + " | all |",
             "|---:|" + "---:|" * (len(STAGES) + 1)]
    for r in runs:
        st = r.get("stage_seconds", {})
        lines.append(f"| {r['size']} | " + " | ".join(_f(st.get(key), 0) for key, _ in STAGES)
                     + f" | {_f(r.get('wall_seconds'), 0)} |")
    rest = total - sum(r.get("wall_seconds", 0) for r in runs) if total is not None else None
    lines += ["", f"Besides the sizes (`kg --help`, writing the tables): {_f(rest, 0)} s. "
              "`make bench` runs the extraction benchmark before this command (its own table: "
              "`benchmarks/results/extraction.md`)."]
    return lines


def render(runs: list[dict], command: str, help_seconds: float, total: float | None = None) -> str:
    """The results as markdown."""
    import pyoxigraph

    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"# Benchmarks, {now}", "", f"Machine: {_machine()}; pyoxigraph {pyoxigraph.__version__}.",
             f"Command: `{command}`", run_time_line(runs, total), "", limits_line(_limits(runs)), "",
             *render_loading(runs), "", *render_queries(runs)]
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
    lines += ["", *render_exports(runs)]
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
    lines += ["", f"`kg --help`: {help_seconds:.2f} s (best of 3).", "",
              *render_stage_times(runs, total), ""]
    return "\n".join(lines)
