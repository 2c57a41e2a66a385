"""Preparing the chunks of a bulk ingest: read rows, map them to N-Quads, validate them.

:func:`prepare_chunks` yields one :class:`Prepared` chunk after another, each validated (or
failed), for :func:`kg.bulk.bulk_ingest` to write; it keeps no store of its own, so it can run
in a worker process (:mod:`kg.bulk_worker`) while the main process writes the chunk before.
"""
from __future__ import annotations

import csv
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.analytics.rows import write_table_rows
from kg.errors import InputError, NonConformingError
from kg.fastpath import QuadWriter, compiled_shapes
from kg.records import Document, Update
from kg.sources.acled import read_header, read_rows
from kg.validate import ValidationReport, Violation

__all__ = ["Prepared", "iter_acled_rows", "prepare_chunks", "scratch_of"]


@dataclass
class Prepared:
    """One chunk ready to write, or the error that stops the ingest before it.

    Attributes:
        text: the chunk's N-Quads (UTF-8), validated unless validation was off.
        reports: the IRI of each report (one per event row) in the chunk.
        rows: the number of the last row read so far.
        skipped: ``(row, message)`` for rows read with this chunk and not written.
        seconds: time spent on this chunk: read, map, validate, and rows when asked for.
        store: the in-memory store the chunk was validated in (``None`` when the chunk was
            not validated, or when it crossed a process boundary).
        tables: the chunk's analytics-table rows, table name -> file, when they were asked
            for (:func:`kg.analytics.rows.write_table_rows`).
        error: ``(kind, message, violations)`` when preparing failed (kind ``"input"`` or
            ``"shapes"``); earlier chunks are still to be written.
    """

    text: bytes = b""
    reports: list[str] = field(default_factory=list)
    rows: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    store: ox.Store | None = None
    tables: dict[str, str] = field(default_factory=dict)
    error: tuple[str, str, list[Violation]] | None = None

    def raise_error(self) -> None:
        """Raise the error this chunk carries, if any."""
        if self.error is None:
            return
        kind, message, violations = self.error
        if kind == "input":
            raise InputError(message)
        raise NonConformingError(message, ValidationReport(False, violations))

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["store"] = None  # a store does not cross processes
        return state


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

    def undo(self, rows: list[tuple[int, str, object]]) -> None:
        """Forget the rows of the last chunk, to map it again without some of them."""
        self.position -= len(rows)
        for _, heading, _ in rows:
            self.seen[heading] -= 1


def prepare_chunks(path: str | os.PathLike[str], chunk_size: int = 10_000, *,
                   skip_invalid: bool = False, validate: bool = True,
                   written: tuple[int, int] = (0, 0), tables_dir: str | None = None) -> Iterator[Prepared]:
    """Read, map and validate an ACLED file chunk by chunk.

    A chunk that breaks a shape is, with ``skip_invalid``, mapped again without its offending
    rows (reported in ``skipped``); without it, the chunk carries the error and is the last.
    A malformed row (without ``skip_invalid``) ends the chunks the same way.
    ``written`` is ``(chunks, events)`` already in the store, for the error message.
    With ``tables_dir``, each chunk's analytics-table rows are written there (``tables``), so
    that the process writing the store need not read them.
    """
    path = Path(path)
    chunker = _Chunker(Document(source=path.name, publisher="ACLED"))
    shapes = compiled_shapes() if validate else None
    problems: list[tuple[int, str]] = []
    rows_iter = iter_acled_rows(path, skip_invalid=skip_invalid, problems=problems)
    chunks, events = written
    last = 0
    while True:
        t0 = time.perf_counter()
        rows: list[tuple[int, str, object]] = []
        try:
            for item in rows_iter:
                rows.append(item)
                if len(rows) >= chunk_size:
                    break
        except InputError as exc:
            yield Prepared(rows=last, skipped=_take(problems), error=("input", str(exc), []))
            return
        t1 = time.perf_counter()
        if not rows:
            if problems:
                yield Prepared(rows=last, skipped=_take(problems))
            return
        last = rows[-1][0]
        text, reports = chunker.chunk(rows)
        t2 = time.perf_counter()
        chunk = Prepared(rows=last, skipped=_take(problems),
                         seconds={"read": t1 - t0, "map": t2 - t1, "validate": 0.0})
        if shapes is not None:
            chunk.store = shapes.load(text, lenient=True)
            violations = shapes.run(chunk.store) + _cross_chunk(chunker.writer)
            if violations and skip_invalid:
                bad = _rows_of(violations, reports, text)
                chunk.skipped += [(n, "breaks a shape; row skipped") for n in sorted(bad)]
                chunker.undo(rows)
                rows = [r for r in rows if r[0] not in bad]
                text, reports = chunker.chunk(rows)
                chunk.store = shapes.load(text, lenient=True)
                violations = shapes.run(chunk.store)
            if violations:
                chunk.error = ("shapes", _message(path, violations, text, chunks, events), violations)
                chunk.store = None
                chunk.seconds["validate"] = time.perf_counter() - t2
                yield chunk
                return
            chunk.seconds["validate"] = time.perf_counter() - t2
        chunk.text = text.encode("utf-8")
        chunk.reports = list(reports)
        if tables_dir is not None:
            t3 = time.perf_counter()
            scratch = chunk.store if chunk.store is not None else scratch_of(chunk.text)
            chunk.tables = write_table_rows(scratch, tables_dir, str(chunks))
            chunk.seconds["rows"] = time.perf_counter() - t3
        chunks += 1
        events += len(reports)
        yield chunk


def scratch_of(data: bytes) -> ox.Store:
    """An in-memory store of a chunk's N-Quads."""
    scratch = ox.Store()
    scratch.load(data, format=ox.RdfFormat.N_QUADS)
    return scratch


def _take(problems: list[tuple[int, str]]) -> list[tuple[int, str]]:
    out = list(problems)
    problems.clear()
    return out


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


def _message(path: Path, violations: list[Violation], text: str, chunks: int, events: int) -> str:
    import rdflib

    from kg.validate import describe

    g = rdflib.Dataset()
    g.parse(data=text, format="nquads")
    lines = [describe(v, g) for v in violations[:20]]
    more = f"\n... and {len(violations) - 20} more" if len(violations) > 20 else ""
    return (f"{path}: chunk {chunks + 1} does not conform to the shapes; it was not written "
            f"({chunks} earlier chunk(s), {events} events, were)\n"
            + "\n".join(lines) + more)
