"""Extraction speed: 1 MB of live-blog text through the extractor, on one core.

The text is the project's own sample and test pages repeated (with fresh update times) to
about 1 MB. Measured in the same run: the gazetteer load, reading the page into updates and
sentences (the floor any extractor pays), and the whole extraction; CPU seconds of this one
process, so a busy machine slows the wall clock but not the figures much.

    python -m benchmarks.extraction [--megabytes 1] [--out benchmarks/results]
"""
from __future__ import annotations

import argparse
import re
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "examples" / "pages").glob("*.txt")) + sorted(
    (ROOT / "tests" / "fixtures" / "extract").glob("page-*.txt"))
HEADING = re.compile(r"^(?:UPDATE \d{4} GMT:|ORIGINAL ENTRY:)", re.MULTILINE)


def build_text(megabytes: float) -> str:
    """Repeat the pages' updates under fresh headings until the text reaches the size."""
    bodies = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        first = HEADING.search(text)
        bodies.append(text[first.start():] if first else text)
    out, size, minute = [], 0, 0
    while size < megabytes * 1_000_000:
        for body in bodies:
            minute += 1
            stamp = f"UPDATE {(minute // 60) % 24:02d}{minute % 60:02d} GMT:"
            chunk = HEADING.sub(stamp, body)
            out.append(chunk)
            size += len(chunk.encode("utf-8"))
    return "\n\n\n".join(out)


def measure(megabytes: float) -> dict:
    """Time the gazetteer load, reading and splitting, and extraction (CPU seconds)."""
    from kg.extract.document import extract_document
    from kg.extract.text.sentences import split_update
    from kg.gazetteer.lookup import Gazetteer
    from kg.sources.liveblog import read_liveblog

    text = build_text(megabytes)
    t0 = time.process_time()
    gaz = Gazetteer.load()
    load = time.process_time() - t0

    t0 = time.process_time()
    doc = read_liveblog(text, "bench.txt", "2024-06-20")
    sentences = sum(len(split_update(u)) for u in doc.updates)
    reading = time.process_time() - t0

    doc = read_liveblog(text, "bench.txt", "2024-06-20")
    t0 = time.process_time()
    extract_document(doc, gaz)
    extraction = time.process_time() - t0
    events = sum(len(u.events) for u in doc.updates)
    return {"bytes": len(text.encode("utf-8")), "updates": len(doc.updates), "sentences": sentences,
            "events": events, "gazetteer_s": load, "reading_s": reading, "extraction_s": extraction}


def render(r: dict, command: str) -> str:
    """The result as a markdown table."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    mb = r["bytes"] / 1_000_000
    return "\n".join([
        f"# Extraction speed, {when}",
        "",
        f"Command: `{command}`; CPU seconds of one process (one core).",
        "",
        "| text | updates | sentences | events | gazetteer load s | read + split s (baseline) "
        "| extraction s | MB/s | extraction / baseline |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {mb:.2f} MB | {r['updates']} | {r['sentences']} | {r['events']} | {r['gazetteer_s']:.2f} "
        f"| {r['reading_s']:.2f} | {r['extraction_s']:.2f} | {mb / r['extraction_s']:.2f} "
        f"| {r['extraction_s'] / max(r['reading_s'], 1e-9):.1f} |",
        "",
    ])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args(argv)
    result = measure(args.megabytes)
    table = render(result, f"python -m benchmarks.extraction --megabytes {args.megabytes:g}")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "extraction.md").write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
