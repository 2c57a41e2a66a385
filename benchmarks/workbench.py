"""The workbench in a browser on a store of many events: first view and filters against the targets.

    python -m benchmarks.workbench --events 100000     # benchmarks/results/DATE-workbench-100000.md

The synthetic ACLED file of that size (:mod:`benchmarks.generate`, cached in ``benchmarks/data/``)
is ingested once by ``kg ingest`` into ``benchmarks/data/workbench-store-N``, which later runs
reuse (its analytics tables rebuilt if they are not current). ``kg serve`` is started on it and
Debian's chromium, driven by Playwright (``executable_path=/usr/bin/chromium``, nothing
downloaded; every request to another address is aborted), loads ``/`` and is timed until the
map, the timeline and the list are drawn (the page's ``data-ready`` mark, then one frame), then
through filters: an event type chosen, a brush over the timeline's last tenth, a region typed,
the filters cleared; each timed until the view is drawn again. Targets (issue #18): the first
view in under 2 s, a filter in under 0.5 s.

Then each JSON route is timed as the server answers it (from the analytics tables) and, in the
same run, by the workbench's SPARQL path (the same :class:`kg.ops.workbench.Workbench` with
``engine="sparql"``, asking the same Oxigraph server through ``kg serve``'s ``/query``), which
is how every route was answered before the tables; the ratio is the speed-up. ``--no-sparql``
leaves that out. Not run by ``make test``: it needs chromium and minutes.
"""
from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.generate import DATA, cached
from benchmarks.render import _machine

RESULTS = Path(__file__).parent / "results"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FIRST_VIEW_TARGET = 2.0
FILTER_TARGET = 0.5
DRAWN = "() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))"
"""Resolves once the browser has laid out and painted the frame after the page's last change."""


def prepare_store(size: int) -> Path:
    """The store of ``size`` synthetic events, ingested once by ``kg ingest`` and then reused."""
    folder = DATA / f"workbench-store-{size}"
    kg = [sys.executable, "-m", "kg", "--store", f"oxigraph:{folder}"]
    if not (folder / "CURRENT").is_file():
        csv_path = cached(size)
        print(f"ingesting {csv_path} into {folder} ...", file=sys.stderr)
        subprocess.run([*kg, "ingest", str(csv_path)], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    from kg.analytics.sidecar import Sidecar

    if not Sidecar(folder).is_current():
        print(f"rebuilding the analytics tables of {folder} ...", file=sys.stderr)
        subprocess.run([*kg, "analytics", "--rebuild"], check=True, stdout=subprocess.DEVNULL)
    return folder


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``kg serve`` (read-only) on ``folder``; returns the process and its base URL once it answers."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "--store", f"oxigraph:{folder}", "serve",
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/prefixes", timeout=2).close()
            return process, url
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"kg serve did not start: {process.stderr.read().decode()}") from None
            time.sleep(0.2)


def _ready(page) -> int:
    return int(page.evaluate("+(document.body.dataset.ready || 0)"))


def _until_drawn(page, after: int) -> None:
    page.wait_for_function(f"+(document.body.dataset.ready || 0) > {after}", timeout=300_000)
    page.evaluate(DRAWN)


def _drawn(page) -> dict[str, int]:
    return page.evaluate("""() => ({circles: document.querySelectorAll('circle.point').length,
        bars: +(document.querySelector("svg#timeline").dataset.bars || 0),
        rows: document.querySelectorAll('tr.event-row').length})""")


def measure_browser(url: str, loads: int, region: str) -> dict:
    """First views (``loads`` fresh pages) and four filters, in chromium."""
    from playwright.sync_api import sync_playwright

    out: dict = {"first": [], "filters": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        outside: list[str] = []
        for load in range(loads):
            context = browser.new_context(viewport={"width": 1400, "height": 860})
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
                          else (outside.append(route.request.url), route.abort()))
            page = context.new_page()
            started = time.perf_counter()
            page.goto(f"{url}/")
            _until_drawn(page, 0)
            out["first"].append(time.perf_counter() - started)
            if load < loads - 1:
                context.close()
                continue
            out["first_drawn"] = _drawn(page)
            out["filters"] = measure_filters(page, region)
            context.close()
        browser.close()
    if outside:
        raise RuntimeError(f"the page asked other addresses: {outside}")
    return out


def measure_filters(page, region: str) -> list[dict]:
    """Four filters applied in turn on a drawn page, each timed until the view is drawn again."""
    box = page.locator("svg#timeline").bounding_box()
    y = box["y"] + box["height"] / 2

    def brush() -> None:
        page.mouse.move(box["x"] + box["width"] * 0.9, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.995, y, steps=4)
        page.mouse.up()

    def region_typed() -> None:
        page.fill("input[name=region]", region)
        page.press("input[name=region]", "Tab")

    steps = [("type Shelling", lambda: page.select_option("select[name=type]", "Shelling")),
             ("timeline brush, last tenth of the days", brush),
             (f"region {region} typed", region_typed),
             ("filters cleared", lambda: page.click("#clear"))]
    out = []
    for name, act in steps:
        before = _ready(page)
        started = time.perf_counter()
        act()
        _until_drawn(page, before)
        seconds = time.perf_counter() - started
        out.append({"filter": name, "seconds": seconds, "hash": page.evaluate("location.hash"),
                    **_drawn(page)})
    return out


def _routes(event: str, region: str) -> list[tuple[str, str, dict[str, str], bool]]:
    """(path, method, parameters, whether the SPARQL path is timed too: the first view's routes,
    a filter's and the event panel's; the others would add minutes each)."""
    return [("/api/meta", "meta", {}, True), ("/api/timeline", "timeline", {}, True),
            ("/api/events", "events", {}, True),
            ("/api/events?type=Shelling", "events", {"type": "Shelling"}, True),
            ("/api/timeline?type=Shelling", "timeline", {"type": "Shelling"}, False),
            ("/api/events?from=2025-09-01&to=2025-12-31", "events",
             {"from": "2025-09-01", "to": "2025-12-31"}, False),
            (f"/api/events?region={urllib.parse.quote(region)}", "events", {"region": region}, False),
            (f"/api/event?id={urllib.parse.quote(event)}", "event", {"id": event}, True)]


def measure_api(url: str, folder: Path, sparql: bool, region: str,
                sparql_timeout: float = 300.0) -> list[dict]:
    """Each route as ``kg serve`` answers it (its answer may have been kept from an earlier
    request), from the tables asked afresh (a new :class:`Workbench`, nothing kept), and by the
    SPARQL path through the same server."""
    from kg.analytics.sidecar import Sidecar
    from kg.ops.workbench import Workbench
    from kg.store import open_store

    with urllib.request.urlopen(f"{url}/api/events", timeout=600) as response:
        event = json.load(response)["events"][0]["event"]
    rows = []
    workbench = None
    if sparql:
        workbench = Workbench(open_store(f"sparql+http://{url.removeprefix('http://')}", read_only=True),
                              engine="sparql")
        workbench.store.http_timeout = sparql_timeout
    for path, method, params, compared in _routes(event, region):
        started = time.perf_counter()
        with urllib.request.urlopen(f"{url}{path}", timeout=600) as response:
            body = response.read()
        row = {"route": path, "tables": time.perf_counter() - started, "bytes": len(body)}
        answer = json.loads(body)
        row["points"] = len(answer.get("points", answer.get("bars", [])))
        query = {k: [v] for k, v in params.items()}
        with open_store("memory:") as nothing:
            fresh = Workbench(nothing, tables=Sidecar(folder), engine="tables")
            if method != "event":  # the event panel is always read from the graph
                started = time.perf_counter()
                json.dumps(getattr(fresh, method)(query), default=str)
                row["fresh"] = time.perf_counter() - started
        if workbench is not None and compared:
            started = time.perf_counter()
            try:
                same = json.loads(json.dumps(getattr(workbench, method)(query), default=str))
                row["sparql"] = time.perf_counter() - started
                row["same"] = same == answer
            except Exception as exc:  # a timeout: say so in the table
                row["sparql_error"] = str(exc).splitlines()[0][:80]
        rows.append(row)
        print(f"{path}: {row}", file=sys.stderr, flush=True)
    return rows


def render(result: dict, command: str) -> str:
    lines = [f"# Workbench in a browser, {result['when']}", "",
             f"Machine: {result['machine']}; chromium {result.get('chromium', '?')}.",
             f"Command: `{command}`", "",
             f"Store: {result['events']} events (synthetic ACLED, `benchmarks.generate`), "
             f"{result['quads']} quads, analytics tables current; `kg serve` read-only.", "",
             "## In chromium (Playwright)", "",
             "First view: `/` loaded until the map, timeline and list are drawn "
             f"(target {FIRST_VIEW_TARGET:g} s), {len(result['browser']['first'])} fresh pages.", "",
             "| load | seconds | within target |", "|---:|---:|---|"]
    for i, s in enumerate(result["browser"]["first"], 1):
        lines.append(f"| {i} | {s:.2f} | {'yes' if s < FIRST_VIEW_TARGET else 'no'} |")
    drawn = result["browser"].get("first_drawn", {})
    lines += ["", f"Median {statistics.median(result['browser']['first']):.2f} s; drawn: "
              f"{drawn.get('circles')} map points, {drawn.get('bars')} timeline bars, "
              f"{drawn.get('rows')} list rows.", "",
              "Filters, each from the action until the view is drawn again "
              f"(target {FILTER_TARGET:g} s):", "",
              "| filter | seconds | within target | map points | timeline bars | list rows | URL hash |",
              "|---|---:|---|---:|---:|---:|---|"]
    for f in result["browser"]["filters"]:
        within = "yes" if f["seconds"] < FILTER_TARGET else "no"
        lines.append(f"| {f['filter']} | {f['seconds']:.2f} | {within} "
                     f"| {f['circles']} | {f['bars']} | {f['rows']} | `{f['hash'] or '(none)'}` |")
    lines += ["", "## JSON routes (seconds)", "",
              "Each route as `kg serve` answers it over HTTP, the JSON included (served: from the analytics "
              "tables, or kept from the same question asked before: the first view's are answered as the "
              "server starts, the filters' were asked by the page above); from the tables asked afresh "
              "(a new `Workbench`, nothing kept, JSON encoded; the event panel always reads the graph); "
              "and by the workbench's SPARQL path in the same run (`Workbench(engine=\"sparql\")` through "
              "the same server's `/query`: how every route was answered before the tables, and how a store "
              "without tables still is), on the first view's routes, one filter's and the event panel's. "
              "Same: the SPARQL answer equals the served one.", "",
              "| route | served | tables, afresh | SPARQL | SPARQL / tables afresh | same | bytes "
              "| points or bars |",
              "|---|---:|---:|---:|---:|---|---:|---:|"]
    for r in result["api"]:
        fresh = f"{r['fresh']:.3f}" if "fresh" in r else "–"
        if "sparql" in r:
            base = r.get("fresh", r["tables"])
            same = "yes" if r["same"] else "no"
            sparql, ratio = f"{r['sparql']:.2f}", f"{r['sparql'] / base:.0f}"
        else:
            sparql, ratio, same = r.get("sparql_error", "not run"), "–", "–"
        lines.append(f"| `{r['route']}` | {r['tables']:.3f} | {fresh} | {sparql} | {ratio} | {same} "
                     f"| {r['bytes']} | {r['points']} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="size of the synthetic file")
    parser.add_argument("--loads", type=int, default=3, help="first views timed, each in a fresh page")
    parser.add_argument("--region", default="Donetsk Oblast", help="the region typed as a filter")
    parser.add_argument("--no-sparql", action="store_true", help="leave out the SPARQL path's times")
    parser.add_argument("--sparql-timeout", type=float, default=300.0,
                        help="seconds each SPARQL query may take (past that the table says so)")
    parser.add_argument("--out", type=Path,
                        help="the result file (default: benchmarks/results/DATE-workbench-N.md)")
    ns = parser.parse_args(argv)
    command = "python -m benchmarks.workbench " + " ".join(sys.argv[1:] if argv is None else argv)
    folder = prepare_store(ns.events)
    result: dict = {"when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": _machine()}
    with open_tables(folder) as con:
        result["events"] = con.execute("SELECT count(DISTINCT event) FROM events").fetchone()[0]
    import pyoxigraph as ox

    result["quads"] = len(ox.Store.read_only(str(folder)))
    version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True)
    result["chromium"] = version.stdout.strip()
    process, url = start_server(folder)
    try:
        result["browser"] = measure_browser(url, ns.loads, ns.region)
        print(json.dumps(result["browser"]), file=sys.stderr, flush=True)
        result["api"] = measure_api(url, folder, not ns.no_sparql, ns.region, ns.sparql_timeout)
    finally:
        process.terminate()
        process.wait(30)
    text = render(result, command.strip())
    out = ns.out or RESULTS / f"{datetime.now(UTC):%Y-%m-%d}-workbench-{ns.events}.md"
    out.write_text(text, encoding="utf-8")
    print(text)


def open_tables(folder: Path):
    """A read-only connection to the store's analytics tables."""
    from kg.analytics.sidecar import Sidecar

    return Sidecar(folder).connect(read_only=True)


if __name__ == "__main__":
    main()
