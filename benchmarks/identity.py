"""Event identity's cost: ingest with and without matching, on a store where a second source
restates some of the first's events.

The first source is the synthetic ACLED file of the size asked (:mod:`benchmarks.generate`);
the second a file of another source restating a share of its rows (the same day, place and
kind of strike, a later toll, another publisher and row id). Each configuration ingests both
files into a fresh on-disk store, as ``kg ingest`` does (the bulk path, then the match of each
file's rows against the other sources' events), in its own process; the ratios are the time
with identity over the time without, in the same run: wall clock, and CPU seconds of the
process and its workers (steadier on a shared machine, where other work slows the clock).

    python -m benchmarks.identity [--size 100000] [--restated 0.1] [--out benchmarks/results]
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.generate import DATA, cached

RESULTS = Path(__file__).parent / "results"


def restating(first: Path, share: float, seed: int = 20240621) -> Path:
    """A second source's file: ``share`` of the first file's rows told again."""
    out = DATA / f"{first.stem}-restated-{share:g}.csv"
    if out.exists():
        return out
    rng = random.Random(seed)
    with open(first, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields = reader.fieldnames
        rows = [row for row in reader if rng.random() < share]
    with open(out, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        for n, row in enumerate(rows):
            row = dict(row)
            row["event_id_cnty"] = f"SECOND{n:07d}"
            row["source"] = "Second Monitor"
            if row.get("fatalities", "").isdigit():
                row["fatalities"] = str(int(row["fatalities"]) + rng.choice((0, 0, 1, 2)))
            writer.writerow(row)
    return out


def ingest_both(folder: str, first: str, second: str, identity: bool) -> dict:
    """Ingest the two files into a fresh store in this process; the seconds of each stage."""
    from kg.ingest.bulk import bulk_ingest
    from kg.ingest.occasions import match_document
    from kg.query.named import run_named
    from kg.store import open_store

    out: dict = {"identity": identity}
    started = time.perf_counter()
    cpu = _cpu()
    with open_store(f"oxigraph:{folder}") as store:
        for name, path in (("first", first), ("second", second)):
            t = time.perf_counter()
            result = bulk_ingest(store, path)
            out[f"{name}_ingest"] = time.perf_counter() - t
            out[f"{name}_rows"] = result.events
            if identity:
                t = time.perf_counter()
                plan = match_document(store, Path(path).name)
                out[f"{name}_match"] = time.perf_counter() - t
                out[f"{name}_joined"] = plan.joined
        out["seconds"] = time.perf_counter() - started
        out["cpu"] = _cpu() - cpu
        out["events"] = dict(run_named(store, "stats").rows)["events"]
    return out


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (the bulk workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _child(first: Path, second: Path, identity: bool) -> dict:
    with tempfile.TemporaryDirectory(dir=DATA) as work:
        code = ("import json, sys; from benchmarks.identity import ingest_both; "
                f"print(json.dumps(ingest_both({str(Path(work) / 'store')!r}, {str(first)!r}, "
                f"{str(second)!r}, {identity!r})))")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])


def render(size: int, share: float, runs: list[dict], command: str) -> str:
    off = min(r["seconds"] for r in runs if not r["identity"])
    on = min(r["seconds"] for r in runs if r["identity"])
    cpu_off = min(r["cpu"] for r in runs if not r["identity"])
    cpu_on = min(r["cpu"] for r in runs if r["identity"])
    best_on = min((r for r in runs if r["identity"]), key=lambda r: r["seconds"])
    best_off = min((r for r in runs if not r["identity"]), key=lambda r: r["seconds"])
    lines = [
        f"# Event identity at {size:,} events, {share:.0%} restated by a second source",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{command}`; each configuration ran "
        f"{len(runs) // 2} time(s) in its own process on a fresh on-disk store, the best kept.",
        "",
        "| identity | ingest s (both files) | CPU s | first file: ingest / match s "
        "| second file: ingest / match s | events counted | reports joined |",
        "|---|---|---|---|---|---|---|",
        f"| off | {off:.1f} | {cpu_off:.1f} | {best_off['first_ingest']:.1f} / – | "
        f"{best_off['second_ingest']:.1f} / – | {best_off['events']:,} | – |",
        f"| on | {on:.1f} | {cpu_on:.1f} | {best_on['first_ingest']:.1f} / {best_on['first_match']:.1f} | "
        f"{best_on['second_ingest']:.1f} / {best_on['second_match']:.1f} | {best_on['events']:,} | "
        f"{best_on['second_joined']:,} |",
        "",
        f"**Ratio on / off: {on / off:.2f} wall clock, {cpu_on / cpu_off:.2f} CPU** "
        "(the goal: at most 1.20).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--restated", type=float, default=0.1)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    first = cached(args.size)
    second = restating(first, args.restated)
    runs = []
    for _ in range(args.repeat):
        for identity in (False, True):
            runs.append(_child(first, second, identity))
            print(json.dumps(runs[-1]), file=sys.stderr)
    command = f"python -m benchmarks.identity --size {args.size} --restated {args.restated:g}"
    text = render(args.size, args.restated, runs, command)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{datetime.now(UTC):%Y-%m-%d}-identity-{args.size}.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
