"""Bulk ingest of large ACLED CSV files: stream, map, validate and write chunk by chunk.

The normal path (:func:`kg.ingest.pipeline.ingest`) reads a whole file into records, builds an rdflib
dataset and validates it with pySHACL: right for pages, far too slow for a million rows
(pySHACL takes about 1.7 s per 1,000 events). This path keeps the same rules and the same
triples:

1. rows are read one at a time with :func:`kg.sources.acled.event_from_row` (the reader's own
   row rules, row numbers and skipped sub-event types);
2. every ``chunk_size`` rows are mapped to N-Quads by :class:`kg.rdf.quads.QuadWriter`, the
   one mapping (the same quads the normal ingest validates as rdflib graphs);
3. the chunk is validated by :class:`kg.validation.compiled.CompiledShapes`, the shapes compiled to
   SPARQL and run on an in-memory pyoxigraph store of the chunk; one-valued properties of
   shared places and actors are also compared across chunks;
4. the chunk is written. Into an empty on-disk store, all chunks go through one streaming
   load of pyoxigraph's bulk loader (:meth:`kg.store.oxigraph.OxigraphStore.load_stream`),
   as one bulk load of the whole file would: pyoxigraph 0.5 builds the index files of the
   whole load and adds them to RocksDB in one step at the end, so a load that fails writes
   nothing, and a chunk that stops the ingest (below) ends the load after the chunks before
   it. Into a store that holds quads, each chunk is written all or nothing: a chunk of fewer
   than :data:`ATOMIC_BULK_QUADS` quads goes through the bulk loader on its own (one
   ingestion; ``tests/test_bulk.py`` checks that a load that fails leaves nothing of the
   chunk), a larger chunk, or any chunk of an in-memory store, through a transaction. The
   bulk loader is not isolated from other writers, and a store has one writing process. A
   chunk whose report graphs are already in the store goes through
   :meth:`Store.add_dataset`, which replaces them, as re-ingesting does on the normal path.

Steps 1-3 (:mod:`kg.ingest.chunks`) run in other processes for files of more than a few
chunks, while the main process writes: one reads and maps, another validates
(:mod:`kg.ingest.pool`); with ``skip_invalid``, which maps a chunk again without its bad rows,
one worker does all three (:mod:`kg.ingest.worker`).

An on-disk store's analytics tables (:mod:`kg.analytics`) follow the ingest in batches: the
preparer also writes each chunk's table rows from the in-memory store it validated in, and
the store takes the rows of :data:`TABLE_BATCH_CHUNKS` chunks at a time (of a streaming
load: all of them, once it has ended) in one DuckDB transaction. While rows are waiting the
tables are marked stale, so reads beside the ingest answer from the graph; an ingest that
stops (a chunk that does not conform, a bad row) still puts in the rows of the chunks it wrote.

A chunk that does not conform is not written; with ``skip_invalid`` its offending rows are
dropped and the rest of the chunk is mapped again and written, else the ingest stops with
:class:`kg.errors.NonConformingError` (earlier chunks stay written; the error says how many).
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, NonConformingError
from kg.ingest.chunks import Prepared, iter_acled_rows, prepare_chunks, scratch_of

__all__ = ["BulkResult", "bulk_ingest", "iter_acled_rows"]

ATOMIC_BULK_QUADS = 1_000_000
"""Chunks of fewer quads go through pyoxigraph's bulk loader: one batch of it, one ingestion."""

ROW_BYTES = 300
"""About the size of an ACLED row, to tell from a file's size how many chunks it holds."""

TABLE_BATCH_CHUNKS = 10
"""Chunks whose analytics-table rows go into the tables in one transaction."""


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
    if type(store).__name__ == "OxigraphStore":
        graphs = (ox.NamedNode(r.replace("/id/report/", "/graph/report/")) for r in reports)
        if not any(store._live.contains_named_graph(g) for g in graphs):
            bulk = store.path is not None and data.count(b"\n") < ATOMIC_BULK_QUADS
            # the analytics tables are kept in step by the store (kg.analytics)
            store.load_nquads(data, scratch=scratch, bulk=bulk, rows=rows)
            return
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(data=data.decode("utf-8"), format="nquads")
    store.add_dataset(dataset)


def bulk_ingest(store, path: str | os.PathLike[str], chunk_size: int = 10_000,
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
    tables_before = getattr(store, "tables_seconds", 0.0)
    stream = (type(store).__name__ == "OxigraphStore" and store.path is not None
              and not result.triples_before)
    if parallel is None:
        parallel = _size(path) > 2 * chunk_size * ROW_BYTES
    result.parallel = parallel
    batch = getattr(store, "table_batch", None)
    with batch(TABLE_BATCH_CHUNKS) if batch is not None else nullcontext(None) as tables_dir:
        _ingest_chunks(store, path, chunk_size, result, progress, skip_invalid, stream, validate,
                       on_chunk, tables_dir)
    result.triples_after = store.triple_count()
    result.seconds["tables"] = getattr(store, "tables_seconds", 0.0) - tables_before
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
