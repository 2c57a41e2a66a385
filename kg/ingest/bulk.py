"""Bulk ingest of large ACLED CSV files: stream, map, validate and write chunk by chunk.

The same rules and triples as :func:`kg.ingest.pipeline.ingest`, at a size where pySHACL over
an rdflib dataset is far too slow: rows are mapped to N-Quads chunk by chunk, each chunk is
checked with the shapes compiled to SPARQL, and written all or nothing (into an empty store,
as one streaming bulk load). Preparing runs in other processes (:mod:`kg.ingest.pool`,
:mod:`kg.ingest.worker`) while this one writes. The design, step by step: ``docs/ingest.md``.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, NonConformingError
from kg.ingest.chunks import CHUNK_ROWS, Prepared, iter_acled_rows, prepare_chunks, scratch_of

__all__ = ["CHUNK_ROWS", "BulkResult", "bulk_ingest", "iter_acled_rows"]

ATOMIC_BULK_QUADS = 1_000_000
"""Chunks of fewer quads go through pyoxigraph's bulk loader: one batch of it, one ingestion."""

ROW_BYTES = 300
"""About the size of an ACLED row, to tell from a file's size how many chunks it holds."""

TABLE_BATCH_CHUNKS = 40
"""Chunks whose analytics-table rows go into the tables in one transaction (100,000 rows of
:data:`CHUNK_ROWS`)."""


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
        seconds: time spent per stage: read, map, validate, rows (the analytics tables' rows
            of each chunk, written where the chunk was prepared), write, and of the writing,
            tables (putting the rows into the analytics tables); and wait, the time the
            writer waited for the next chunk. With a worker process, read, map, validate and
            rows run beside the writing, so the stages add up to more than the wall time.
        cpu: the CPU seconds of read, map, validate and rows, in the processes that ran them
            (with several processes beside each other, a fairer measure than their seconds).
        parallel: whether chunks were prepared in other processes (:mod:`kg.ingest.pool`, or
            :mod:`kg.ingest.worker` with ``skip_invalid``).
        peaks: the peak memory (MB) of each process of :mod:`kg.ingest.pool`, as each ended.
    """

    rows: int = 0
    events: int = 0
    chunks: int = 0
    quads: int = 0
    triples_before: int = 0
    triples_after: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(
        ("read", "map", "validate", "rows", "write", "wait", "tables"), 0.0))
    cpu: dict[str, float] = field(default_factory=lambda: dict.fromkeys(
        ("read", "map", "validate", "rows"), 0.0))
    parallel: bool = False
    peaks: list[float] = field(default_factory=list)

    @property
    def added(self) -> int:
        """Net change in the store's quad count."""
        return self.triples_after - self.triples_before


def _write_chunk(store, data: bytes, reports: list[str], scratch: ox.Store | None = None,
                 rows: dict[str, str] | None = None) -> None:
    """Write one chunk, all of it or nothing (see the module's notes on the bulk loader);
    ``scratch``, an in-memory store of the chunk when there is one, spares a second parse, and
    ``rows``, its analytics-table rows when they were written ahead, reading them again."""
    if store.embedded:
        graphs = (ox.NamedNode(r.replace("/id/report/", "/graph/report/")) for r in reports)
        if not any(store.native.contains_named_graph(g) for g in graphs):
            bulk = store.path is not None and data.count(b"\n") < ATOMIC_BULK_QUADS
            # the analytics tables are kept in step by the store (kg.analytics)
            store.load_nquads(data, scratch=scratch, bulk=bulk, rows=rows)
            return
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(data=data.decode("utf-8"), format="nquads")
    store.add_dataset(dataset)


def bulk_ingest(store, path: str | os.PathLike[str], chunk_size: int = CHUNK_ROWS,
                progress: Callable[[str], None] | None = None, *, skip_invalid: bool = False,
                validate: bool = True,
                on_chunk: Callable[[ox.Store], None] | None = None,
                parallel: bool | None = None) -> BulkResult:
    """Ingest a large ACLED CSV file in chunks.

    Args:
        store: an open :class:`kg.store.Store` (any backend; the embedded one is fastest).
        path: the ACLED CSV file.
        chunk_size: rows per chunk (each chunk is one transaction).
        progress: called with a line after each chunk.
        skip_invalid: skip malformed rows and rows breaking a shape (reported in
            ``skipped``) instead of stopping.
        validate: check each chunk against the shapes (turn off only to measure).
        on_chunk: called after each chunk is written with an in-memory store holding
            exactly that chunk's quads (the store it was validated in, when validated in
            this process); never for a chunk that is not written, except in a streaming load
            (an empty on-disk store), where it is called once the loader has taken the
            chunk: a load that then fails writes nothing.
        parallel: prepare chunks in other processes (see the module's notes); default: when
            the file holds more than two chunks.

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
    tables_before = store.tables_seconds
    stream = store.embedded and store.path is not None and not result.triples_before
    if parallel is None:
        parallel = _size(path) > 2 * chunk_size * ROW_BYTES
    result.parallel = parallel
    with store.table_batch(TABLE_BATCH_CHUNKS) as tables_dir:
        _ingest_chunks(store, path, chunk_size, result, progress, skip_invalid, stream, validate,
                       on_chunk, tables_dir)
    result.triples_after = store.triple_count()
    result.seconds["tables"] = store.tables_seconds - tables_before
    return result


def _ingest_chunks(store, path: Path, chunk_size: int, result: BulkResult, progress, skip_invalid: bool,
                   stream: bool, validate: bool, on_chunk, tables_dir: str | None) -> None:
    """Prepare the chunks (in other processes when ``result.parallel``) and write them: one
    by one, or with ``stream`` in one streaming load."""
    if result.parallel and not skip_invalid:
        from kg.ingest.pool import prepared_in_pool

        chunks = prepared_in_pool(path, chunk_size, validate=validate, tables_dir=tables_dir,
                                  peaks=result.peaks)
    elif result.parallel:
        from kg.ingest.worker import prepared_in_worker

        chunks = prepared_in_worker(path, chunk_size, skip_invalid=skip_invalid, validate=validate,
                                    tables_dir=tables_dir)
    else:
        chunks = prepare_chunks(path, chunk_size, skip_invalid=skip_invalid, validate=validate,
                                tables_dir=tables_dir)
    try:
        written = _written(chunks, result, path, progress, on_chunk)
        if stream:
            started = time.perf_counter()
            stopped = store.load_stream(((c.text, c.tables or None) for c in written),
                                        stops=(InputError, NonConformingError))
            result.seconds["write"] = time.perf_counter() - started - result.seconds["wait"]
            if stopped is not None:
                raise stopped
            return
        for chunk in written:
            _write_chunk(store, chunk.text, chunk.reports, chunk.store, chunk.tables or None)
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()


def _written(chunks, result: BulkResult, path: Path, progress, on_chunk) -> Iterator[Prepared]:
    """The chunks to write, one at a time; what the caller does with one before asking for the
    next is counted as writing it. A chunk carrying an error raises it."""
    seconds = result.seconds
    t = time.perf_counter()
    for chunk in chunks:
        seconds["wait"] += time.perf_counter() - t
        _account(result, chunk)
        chunk.raise_error()
        if chunk.text:
            t = time.perf_counter()
            yield chunk
            seconds["write"] += time.perf_counter() - t
            result.chunks += 1
            result.events += len(chunk.reports)
            result.quads += chunk.text.count(b"\n")
            if on_chunk is not None:
                on_chunk(chunk.store if chunk.store is not None else scratch_of(chunk.text))
            if progress:
                progress(f"{path.name}: {result.events} events in {result.chunks} chunks")
        t = time.perf_counter()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the reader says why


def _account(result: BulkResult, chunk: Prepared) -> None:
    result.rows = max(result.rows, chunk.rows)
    result.skipped += chunk.skipped
    for stage, spent in chunk.seconds.items():
        result.seconds[stage] = result.seconds.get(stage, 0.0) + spent
    for stage, spent in chunk.cpu.items():
        result.cpu[stage] = result.cpu.get(stage, 0.0) + spent
