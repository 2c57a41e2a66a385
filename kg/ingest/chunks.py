"""Preparing the chunks of a bulk ingest: read rows, map them to N-Quads, validate them.

:func:`prepare_chunks` yields one :class:`Prepared` chunk after another, each validated (or
failed), for :func:`kg.ingest.bulk.bulk_ingest` to write; it keeps no store of its own, so it can run
in a worker process (:mod:`kg.ingest.worker`) while the main process writes the chunk before.
"""
from __future__ import annotations

import csv
import functools
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.analytics.rows import write_table_rows
from kg.errors import InputError, NonConformingError
from kg.rdf.quads import QuadWriter
from kg.records import Document, Update
from kg.sources.acled import api_rows, file_date_order, read_header, read_rows
from kg.validation.compiled import compiled_shapes
from kg.validation.shapes import ValidationReport, Violation

__all__ = ["CHUNK_ROWS", "Mapped", "Prepared", "check_chunk", "iter_acled_rows", "mapped_chunks",
           "prepare_chunks", "scratch_of"]


CHUNK_ROWS = 2_500
"""Rows per chunk by default. A chunk's N-Quads are about 8 KB a row and each preparing process
holds a chunk or two as text, parsed or pickled, so the size sets their memory (at 50,000 events
about 370 and 210 MB at 2,500 rows, 440 and 260 at 5,000, 810 and 450 at 10,000) and how long
the writer waits for the first chunk; the validation's CPU is the same at all three sizes."""


@dataclass
class Prepared:
    """One chunk ready to write, or the error that stops the ingest before it.

    Attributes:
        text: the chunk's N-Quads (UTF-8), validated unless validation was off.
        reports: the IRI of each report (one per event row) in the chunk.
        rows: the number of the last row read so far.
        skipped: ``(row, message)`` for rows read with this chunk and not written.
        seconds: time spent on this chunk: read, map, validate, and rows when asked for.
        cpu: the CPU seconds of the same stages, of the process that ran each.
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
    cpu: dict[str, float] = field(default_factory=dict)
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
    order = functools.cache(lambda: file_date_order(path))
    with handle:
        api = handle.read(1) == "{"  # ACLED's API JSON is one value: read whole, rows as from a CSV
        handle.seek(0)
        reader = api_rows(handle.read(), source) if api else csv.reader(handle)
        header = read_header(reader, source)
        for number, fields, event in read_rows(reader, header, source, skip_invalid, problems, order):
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


@dataclass
class Mapped:
    """One chunk read and mapped, not yet validated (it may cross processes).

    Attributes:
        number: the chunks before it.
        events_before: the events in the chunks before it.
        text: its N-Quads (UTF-8: encoded once, where it is mapped).
        reports: report IRI → row number, to name bad rows.
        rows: the number of the last row read so far.
        skipped: ``(row, message)`` for rows read with it and not mapped.
        seconds: time spent on it: read, map.
        cpu: the CPU seconds of the same stages.
        conflicts: violations of one-valued properties of shared nodes, given one value by
            an earlier chunk and another by this one.
        error: ``("input", message, [])`` when reading failed; the chunk is then the last.
    """

    number: int
    events_before: int
    text: bytes = b""
    reports: dict[str, int] = field(default_factory=dict)
    rows: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    conflicts: list[Violation] = field(default_factory=list)
    error: tuple[str, str, list[Violation]] | None = None


class _Reading:
    """An ACLED file read and mapped chunk by chunk: ``(Mapped, rows)`` per chunk."""

    def __init__(self, path: str | os.PathLike[str], chunk_size: int, skip_invalid: bool) -> None:
        self.path = Path(path)
        self.chunk_size = chunk_size
        self.chunker = _Chunker(Document(source=self.path.name, publisher="ACLED"))
        self.problems: list[tuple[int, str]] = []
        self.rows_iter = iter_acled_rows(path, skip_invalid=skip_invalid, problems=self.problems)
        self.count = 0
        self.events = 0

    def __iter__(self) -> Iterator[tuple[Mapped, list[tuple[int, str, object]]]]:
        last = 0
        while True:
            t0, c0 = time.perf_counter(), time.process_time()
            rows: list[tuple[int, str, object]] = []
            error = None
            try:
                for item in self.rows_iter:
                    rows.append(item)
                    if len(rows) >= self.chunk_size:
                        break
            except InputError as exc:  # the rows read before the bad one still go in, as a chunk
                error = ("input", str(exc), [])
            t1, c1 = time.perf_counter(), time.process_time()
            if not rows:
                if error is not None or self.problems:
                    yield self._mapped(rows=last, error=error), []
                return
            last = rows[-1][0]
            text, reports = self.chunker.chunk(rows)
            data = text.encode("utf-8")
            del text  # a chunk's text is tens of MB: hold it once
            conflicts = _cross_chunk(self.chunker.writer)
            mapped = self._mapped(text=data, reports=reports, rows=last, conflicts=conflicts,
                                  seconds={"read": t1 - t0, "map": time.perf_counter() - t1},
                                  cpu={"read": c1 - c0, "map": time.process_time() - c1})
            yield mapped, rows
            self.count += 1
            self.events += len(mapped.reports)  # after the rows the consumer may have dropped
            if error is not None:
                yield self._mapped(rows=last, error=error), []
                return

    def _mapped(self, **fields) -> Mapped:
        return Mapped(number=self.count, events_before=self.events, skipped=_take(self.problems),
                      **fields)

    def remap(self, mapped: Mapped, rows: list[tuple[int, str, object]], bad: set[int]) -> None:
        """Map the chunk again without the rows ``bad``."""
        self.chunker.undo(rows)
        text, mapped.reports = self.chunker.chunk([r for r in rows if r[0] not in bad])
        mapped.text = text.encode("utf-8")


def prepare_chunks(path: str | os.PathLike[str], chunk_size: int = CHUNK_ROWS, *,
                   skip_invalid: bool = False, validate: bool = True,
                   tables_dir: str | None = None) -> Iterator[Prepared]:
    """Read, map and validate an ACLED file chunk by chunk.

    A chunk that breaks a shape is, with ``skip_invalid``, mapped again without its offending
    rows (reported in ``skipped``); without it, the chunk carries the error and is the last.
    A malformed row (without ``skip_invalid``) ends the chunks the same way.
    With ``tables_dir``, each chunk's analytics-table rows are written there (``tables``), so
    that the process writing the store need not read them.
    """
    reading = _Reading(path, chunk_size, skip_invalid)
    shapes = compiled_shapes() if validate else None
    for mapped, rows in reading:
        remap = None
        if skip_invalid:
            def remap(bad: set[int], mapped: Mapped = mapped, rows=rows) -> None:
                reading.remap(mapped, rows, bad)
        chunk = check_chunk(mapped, shapes, reading.path, tables_dir, remap)
        yield chunk
        if chunk.error is not None:
            return


def mapped_chunks(path: str | os.PathLike[str], chunk_size: int) -> Iterator[Mapped]:
    """The chunks of an ACLED file read and mapped, for :func:`check_chunk` elsewhere (no rows
    are skipped: a chunk that breaks a shape ends the ingest); one that carries an error is
    the last."""
    for mapped, _ in _Reading(path, chunk_size, skip_invalid=False):
        yield mapped
        if mapped.error is not None:
            return


def check_chunk(mapped: Mapped, shapes, path: Path, tables_dir: str | None = None,
                remap: Callable[[set[int]], None] | None = None) -> Prepared:
    """Validate a mapped chunk (unless ``shapes`` is ``None``) and write its analytics-table
    rows into ``tables_dir``; ``remap`` maps it again without the rows given, when rows
    breaking a shape are to be skipped."""
    chunk = Prepared(rows=mapped.rows, skipped=list(mapped.skipped),
                     seconds={**mapped.seconds, "validate": 0.0}, cpu={**mapped.cpu, "validate": 0.0},
                     error=mapped.error)
    if chunk.error is not None or not mapped.text:
        return chunk
    t, c = time.perf_counter(), time.process_time()
    if shapes is not None:
        chunk.store = shapes.load(mapped.text, lenient=True)
        violations = shapes.run(chunk.store) + mapped.conflicts
        if violations and remap is not None:
            bad = _rows_of(violations, mapped.reports, mapped.text.decode("utf-8"))
            chunk.skipped += [(n, "breaks a shape; row skipped") for n in sorted(bad)]
            remap(bad)
            chunk.store = shapes.load(mapped.text, lenient=True)
            violations = shapes.run(chunk.store)
        chunk.seconds["validate"] = time.perf_counter() - t
        chunk.cpu["validate"] = time.process_time() - c
        if violations:
            chunk.error = ("shapes", _message(path, violations, mapped.text.decode("utf-8"), mapped.number,
                                              mapped.events_before), violations)
            chunk.store = None
            return chunk
    chunk.text = mapped.text
    chunk.reports = list(mapped.reports)
    if tables_dir is not None:
        t, c = time.perf_counter(), time.process_time()
        scratch = chunk.store if chunk.store is not None else scratch_of(chunk.text)
        chunk.tables = write_table_rows(scratch, tables_dir, str(mapped.number))
        chunk.seconds["rows"] = time.perf_counter() - t
        chunk.cpu["rows"] = time.process_time() - c
    return chunk


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
    for node, prop, values in writer.take_conflicts():
        out.append(Violation(
            focus_node=URIRef(node[1:-1]), path=URIRef(prop[1:-1]) if prop != "kind" else None,
            shape=SHAPES["bulk-shared-single"], constraint=SH.MaxCountConstraintComponent,
            message=f"rows of this file give this node different values: {', '.join(values)}",
            severity=SH.Violation, rule="shared/maxCount"))
    return out


def _message(path: Path, violations: list[Violation], text: str, chunks: int, events: int) -> str:
    import rdflib

    from kg.validation.shapes import describe

    g = rdflib.Dataset()
    g.parse(data=text, format="nquads")
    lines = [describe(v, g) for v in violations[:20]]
    more = f"\n... and {len(violations) - 20} more" if len(violations) > 20 else ""
    return (f"{path}: chunk {chunks + 1} does not conform to the shapes; it was not written "
            f"({chunks} earlier chunk(s), {events} events, were)\n"
            + "\n".join(lines) + more)
