"""Bulk ingest of large ACLED CSV files: stream, map, validate and write chunk by chunk.

The normal path (:func:`kg.pipeline.ingest`) reads a whole file into records, builds an rdflib
dataset and validates it with pySHACL: right for pages, far too slow for a million rows
(pySHACL takes about 1.7 s per 1,000 events). This path keeps the same rules and the same
triples:

1. rows are read one at a time with :func:`kg.sources.acled.event_from_row` (the reader's own
   row rules, row numbers and skipped sub-event types);
2. every ``chunk_size`` rows are mapped to N-Quads by :class:`kg.fastpath.QuadWriter`, the
   triples :mod:`kg.mapping` writes for the same document;
3. the chunk is validated by :class:`kg.fastpath.CompiledShapes`, the shapes compiled to
   SPARQL and run on an in-memory pyoxigraph store of the chunk; one-valued properties of
   shared places and actors are also compared across chunks;
4. the chunk is written in one transaction (``pyoxigraph.Store.load`` is atomic); a chunk
   whose report graphs are already in the store goes through :meth:`Store.add_dataset`,
   which replaces them, as re-ingesting does on the normal path. Into a fresh, empty on-disk
   store with ``fresh=True``, chunks go through pyoxigraph's bulk loader instead (faster,
   not transactional: a failure leaves a partly loaded store to delete).

A chunk that does not conform is not written; with ``skip_invalid`` its offending rows are
dropped and the rest of the chunk is mapped again and written, else the ingest stops with
:class:`kg.errors.NonConformingError` (earlier chunks stay written; the error says how many).
"""
from __future__ import annotations

import csv
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, NonConformingError
from kg.fastpath import QuadWriter, compiled_shapes
from kg.records import Document, Update
from kg.sources.acled import read_header, read_rows
from kg.validate import ValidationReport, Violation

__all__ = ["BulkResult", "bulk_ingest", "iter_acled_rows"]


@dataclass
class BulkResult:
    """What a bulk ingest did.

    Attributes:
        rows: data rows read.
        events: events written.
        chunks: chunks written.
        quads: quads sent to the store (shared entities count once per chunk naming them).
        triples_before, triples_after: the store's quad count around the ingest.
        skipped: ``(row, message)`` for rows not written: malformed (with ``skip_invalid``),
            sub-event types without an event type, rows breaking a shape.
        seconds: time spent per stage: read, map, validate, write.
    """

    rows: int = 0
    events: int = 0
    chunks: int = 0
    quads: int = 0
    triples_before: int = 0
    triples_after: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(
        ("read", "map", "validate", "write"), 0.0))

    @property
    def added(self) -> int:
        """Net change in the store's quad count."""
        return self.triples_after - self.triples_before


def iter_acled_rows(path: str | os.PathLike[str], skip_invalid: bool = False,
                    problems: list[tuple[int, str]] | None = None
                    ) -> Iterator[tuple[int, str, object]]:
    """Stream an ACLED file: ``(row number, event_id_cnty, EventRecord)`` per mapped row.

    Row numbers, skipped sub-event types and error messages are those of
    :func:`kg.sources.acled.read_acled`; unmapped and (with ``skip_invalid``) malformed rows
    are appended to ``problems``.

    Raises:
        InputError: a missing required column, or a malformed row unless ``skip_invalid``.
    """
    source = str(path)
    problems = problems if problems is not None else []
    try:
        handle = open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source) from None
    with handle:
        reader = csv.reader(handle)
        header = read_header(reader, source)
        for number, fields, event in read_rows(reader, header, source, skip_invalid, problems):
            yield number, fields["event_id_cnty"].strip() or f"row {number}", event


class _Chunker:
    """Maps rows to a chunk of N-Quads, keeping page positions and heading counts across chunks."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.writer = QuadWriter()
        self.position = 0
        self.seen: dict[str, int] = {}

    def chunk(self, rows: list[tuple[int, str, object]]) -> tuple[str, dict[str, int]]:
        """N-Quads of the rows; also report IRI (text) → row number, to name bad rows."""
        page = self.writer.page(self.doc)
        reports: dict[str, int] = {}
        for number, heading, event in rows:
            occurrence = self.seen.get(heading, 0)
            self.seen[heading] = occurrence + 1
            update = Update(heading=heading, events=[event])  # type: ignore[list-item]
            report = self.writer.update(self.doc.source, update, self.position, occurrence, page)
            reports[report] = number
            self.position += 1
        return self.writer.take(), reports


def _rows_of(violations: list[Violation], reports: dict[str, int], text: str) -> set[int]:
    """Rows whose report, event or event parts a violation names (shared nodes: every row
    that writes them)."""
    bad: set[int] = set()
    by_event: dict[str, int] = {}
    for line in text.splitlines():
        # event lines end with "<report> <graph> ." when they are prov:wasDerivedFrom
        if "prov#wasDerivedFrom>" in line:
            s, _, rest = line.partition(" ")
            report = rest.split(" ")[1][1:-1]
            if report in reports:
                by_event[s[1:-1]] = reports[report]
    for v in violations:
        node = str(v.focus_node)
        if node in reports:
            bad.add(reports[node])
            continue
        owner = node.split("/role/")[0].split("/equipment/")[0].removesuffix("/evidence")
        if owner in by_event:
            bad.add(by_event[owner])
            continue
        needle = f"<{node}>"
        for line in text.splitlines():
            if needle in line and "/graph/report/" in line:
                s = line.split(" ")[0][1:-1]
                if s in by_event:
                    bad.add(by_event[s])
    return bad


def _write_chunk(store, text: str, reports: dict[str, int], fresh: bool) -> None:
    data = text.encode("utf-8")
    if type(store).__name__ == "OxigraphStore":
        graphs = [ox.NamedNode(r.replace("/id/report/", "/graph/report/")) for r in reports]
        if fresh or not any(store._live.contains_named_graph(g) for g in graphs):
            store.load_nquads(data, fresh=fresh)  # keeps the analytics tables in step
            return
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(data=text, format="nquads")
    store.add_dataset(dataset)


def bulk_ingest(store, path: str | os.PathLike[str], chunk_size: int = 10_000,
                progress: Callable[[str], None] | None = None, *, skip_invalid: bool = False,
                fresh: bool = False, validate: bool = True) -> BulkResult:
    """Ingest a large ACLED CSV file in chunks.

    Args:
        store: an open :class:`kg.store.Store` (any backend; the embedded one is fastest).
        path: the ACLED CSV file.
        chunk_size: rows per chunk (each chunk is one transaction).
        progress: called with a line after each chunk.
        skip_invalid: skip malformed rows and rows breaking a shape (reported in
            ``skipped``) instead of stopping.
        fresh: the store is new and empty and on disk: use pyoxigraph's bulk loader (not
            transactional).
        validate: check each chunk against the shapes (turn off only to measure).

    Returns:
        What was done (:class:`BulkResult`).

    Raises:
        InputError: the file cannot be read, or a malformed row without ``skip_invalid``.
        NonConformingError: a chunk breaks a shape without ``skip_invalid``; earlier chunks
            are written.
    """
    path = Path(path)
    result = BulkResult()
    result.triples_before = store.triple_count()
    if fresh and result.triples_before:
        fresh = False
    doc = Document(source=path.name, publisher="ACLED")
    chunker = _Chunker(doc)
    shapes = compiled_shapes() if validate else None
    rows_iter = iter_acled_rows(path, skip_invalid=skip_invalid, problems=result.skipped)
    seconds = result.seconds
    while True:
        t0 = time.perf_counter()
        rows = []
        for item in rows_iter:
            rows.append(item)
            if len(rows) >= chunk_size:
                break
        t1 = time.perf_counter()
        seconds["read"] += t1 - t0
        if not rows:
            break
        result.rows = max(result.rows, rows[-1][0])
        text, reports = chunker.chunk(rows)
        t2 = time.perf_counter()
        seconds["map"] += t2 - t1
        if shapes is not None:
            violations = shapes.validate_nquads(text)
            violations += _cross_chunk(chunker.writer)
            if violations:
                if not skip_invalid:
                    raise NonConformingError(_message(path, violations, text, result),
                                             ValidationReport(False, violations))
                bad = _rows_of(violations, reports, text)
                for number in sorted(bad):
                    result.skipped.append((number, "breaks a shape; row skipped"))
                chunker.position -= len(rows)
                for _, heading, _ in rows:
                    chunker.seen[heading] -= 1
                rows = [r for r in rows if r[0] not in bad]
                text, reports = chunker.chunk(rows)
                again = shapes.validate_nquads(text)
                if again:
                    raise NonConformingError(_message(path, again, text, result),
                                             ValidationReport(False, again))
        t3 = time.perf_counter()
        seconds["validate"] += t3 - t2
        _write_chunk(store, text, reports, fresh)
        seconds["write"] += time.perf_counter() - t3
        result.chunks += 1
        result.events += len(reports)
        result.quads += text.count("\n")
        if progress:
            progress(f"{path.name}: {result.events} events in {result.chunks} chunks")
    result.triples_after = store.triple_count()
    return result


def _cross_chunk(writer: QuadWriter) -> list[Violation]:
    from rdflib import URIRef

    from kg.namespaces import SH, SHAPES

    out = []
    for node, prop, values in writer.conflicts():
        out.append(Violation(
            focus_node=URIRef(node[1:-1]), path=URIRef(prop[1:-1]) if prop != "kind" else None,
            shape=SHAPES["bulk-shared-single"], constraint=SH.MaxCountConstraintComponent,
            message=f"rows of this file give this node different values: {', '.join(values)}",
            severity=SH.Violation, rule="shared/maxCount"))
    writer._conflicts.clear()
    return out


def _message(path: Path, violations: list[Violation], text: str, result: BulkResult) -> str:
    import rdflib

    from kg.validate import describe

    g = rdflib.Dataset()
    g.parse(data=text, format="nquads")
    lines = [describe(v, g) for v in violations[:20]]
    more = f"\n... and {len(violations) - 20} more" if len(violations) > 20 else ""
    return (f"{path}: chunk {result.chunks + 1} does not conform to the shapes; it was not written "
            f"({result.chunks} earlier chunk(s), {result.events} events, were)\n"
            + "\n".join(lines) + more)
