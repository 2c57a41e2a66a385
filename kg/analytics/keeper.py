"""Keeping a store's analytics tables in step with its writes, and rebuilding them."""
from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

import pyoxigraph as ox

from kg.analytics.rows import entity_keys, write_table_rows, write_tsv
from kg.analytics.sidecar import Sidecar
from kg.analytics.tables import TABLES

__all__ = ["TableKeeper", "rebuild"]

_GRAPH_TABLES = tuple(t for t in TABLES if t.scope == "graph")
_ENTITY_TABLES = tuple(t for t in TABLES if t.scope == "entity")


class TableKeeper:
    """The analytics tables of one open on-disk store, followed write by write: its write hook
    (:class:`kg.store.hooks.StoreHook`, installed as the ``kg.store_hooks`` entry point ``analytics``).

    A store made new by this opening starts with empty, current tables. A store whose tables
    are missing or stale is not followed: its reads answer from the graph until a rebuild.

    Inside :meth:`batch` (a bulk ingest) the rows of several writes go in together: the stale
    mark is set at the batch's first write and removed each time the rows of the writes so
    far are in, every ``flush_every`` writes and at the end.
    """

    def __init__(self, folder: str | os.PathLike[str], new_store: bool) -> None:
        self.sidecar = Sidecar(folder)
        self._new = new_store
        self._following: bool | None = None
        self._batch: _Batch | None = None
        self.seconds = 0.0
        """Time spent keeping the tables (reading the rows, writing them), for the benchmarks."""

    def current(self) -> Sidecar | None:
        """The tables, when they may answer for the graph."""
        return self.sidecar if self.sidecar.is_current() else None

    def forget(self) -> None:
        """The graph is changed in a way the tables do not follow: mark them stale for good."""
        self.sidecar.mark_stale()
        self._following = False

    def rebuild(self, store: ox.Store) -> dict[str, int]:
        """Build the tables anew from ``store``'s graph (:func:`rebuild`); returns the rows per table."""
        counts = rebuild(store, self.sidecar.folder)
        self._new, self._following = False, None
        return counts

    def _follows(self) -> bool:
        if self._following is None:
            try:
                if self._new:
                    self.sidecar.create_empty()
                    self._following = True
                else:
                    self._following = self.sidecar.is_current()
            except Exception:  # the tables are an aid: a failure here must not stop a write
                self._following = False
        return self._following

    @contextmanager
    def batch(self, store: ox.Store, flush_every: int = 10) -> Iterator[str | None]:
        """Gather the rows of the writes inside into one DuckDB transaction per ``flush_every``
        writes. Yields a folder where a batch's rows may be written ahead
        (:func:`kg.analytics.rows.write_table_rows`, passed to :meth:`writing` as ``rows``), or
        ``None`` when the tables are not followed."""
        if self._batch is not None or not self._follows():
            yield None
            return
        with tempfile.TemporaryDirectory(dir=self.sidecar.folder) as work:
            self._batch = _Batch(work, flush_every)
            try:
                yield work
            finally:
                try:
                    self._flush(store)
                finally:
                    self._batch = None

    @contextmanager
    def streaming(self, store: ox.Store) -> Iterator[Callable[[dict[str, str]], None] | None]:
        """Around one load of many writes' quads that are in ``store`` only once it has ended
        (a streaming bulk load, :meth:`kg.store.oxigraph.OxigraphStore.load_stream`).

        Yields a function taking each write's rows, written ahead into the folder of
        :meth:`batch`; they go in once the load has ended, and the mark (set now) is removed.
        A load that fails leaves the mark. Outside a batch there is no folder for rows: the
        tables are then marked stale for good (a rebuild brings them back), and ``None`` is
        yielded.
        """
        if not self._follows():
            yield None
            return
        batch = self._batch
        if batch is None:
            self.forget()
            yield None
            return
        self._flush(store)  # rows of earlier writes, whose quads are in already
        self.sidecar.mark_stale()
        batch.marked = True

        def take(rows: dict[str, str]) -> None:
            started = time.perf_counter()
            try:
                batch.add(rows)
            finally:
                self.seconds += time.perf_counter() - started

        try:
            yield take
        except BaseException:
            self._following = False
            raise
        self._flush(store)

    @contextmanager
    def writing(self, store: ox.Store, scratch: ox.Store | None, replaced: list[str],
                rows: dict[str, str] | None = None) -> Iterator[None]:
        """Around one write, all or nothing, of ``scratch``'s quads into ``store``, replacing
        ``replaced`` graphs (a load that is not all or nothing goes through :meth:`streaming`).

        The stale mark is set before the write; after it, the batch's rows go in and the mark
        is removed. A write that fails (nothing written) leaves the tables current; rows that
        cannot be written leave them stale.
        ``rows``: the write's rows already written (by :func:`kg.analytics.rows.write_table_rows`),
        in place of reading them from ``scratch``.
        """
        if (scratch is None and rows is None) or not self._follows():
            yield
            return
        if self._batch is not None:
            if not replaced:
                with self._batched(store, scratch, rows):
                    yield
                return
            self._flush(store)  # rows to replace may be among those gathered
            if not self._follows():
                yield
                return
        self.sidecar.mark_stale()
        with tempfile.TemporaryDirectory(dir=self.sidecar.folder) as work:
            files = self._rows(scratch, rows, work, "batch")
            try:
                yield
            except BaseException:
                if files is not None:
                    self.sidecar.clear_stale()
                raise
            if files is None:
                return
            started = time.perf_counter()
            try:
                self._apply(store, {name: [path] for name, path in files.items()},
                            _entity_keys_of(files), replaced, work)
            except Exception:
                self._following = False  # the mark stays: reads answer from the graph
                return
            finally:
                self.seconds += time.perf_counter() - started
        self.sidecar.clear_stale()

    @contextmanager
    def _batched(self, store: ox.Store, scratch: ox.Store | None,
                 rows: dict[str, str] | None) -> Iterator[None]:
        batch = self._batch
        if not batch.marked:
            self.sidecar.mark_stale()
            batch.marked = True
        files = self._rows(scratch, rows, batch.folder, str(batch.writes))
        yield  # a write that fails has written nothing: its rows are not taken
        if files is None:
            return
        batch.add(files)
        if batch.writes >= batch.flush_every:
            self._flush(store)

    def _rows(self, scratch: ox.Store | None, rows: dict[str, str] | None, folder: str,
              tag: str) -> dict[str, str] | None:
        """A write's rows: those written ahead, else read from ``scratch`` into ``folder``;
        ``None`` (and the tables no longer followed) when they cannot be read."""
        started = time.perf_counter()
        try:
            return rows or write_table_rows(scratch, folder, tag)
        except Exception:  # the tables are an aid: a failure here must not stop a write
            self._following = False
            return None
        finally:
            self.seconds += time.perf_counter() - started

    def _flush(self, store: ox.Store) -> None:
        """Put the rows of the batch's writes so far in, and remove the mark."""
        batch = self._batch
        if batch is None or not batch.marked:
            return
        if not self._following:
            batch.clear()
            return
        started = time.perf_counter()
        try:
            self._apply(store, batch.files, batch.keys, [], batch.folder)
        except Exception:
            self._following = False  # the mark stays: reads answer from the graph
            return
        finally:
            batch.clear()
            self.seconds += time.perf_counter() - started
        self.sidecar.clear_stale()

    def _apply(self, store: ox.Store, files: dict[str, list[str]], keys: dict[str, set[str]],
               replaced: list[str], work: str) -> None:
        """Take graph rows from ``files`` and entity rows, for ``keys``, as the whole store now
        has them, in one transaction."""
        taken = {t.name: files.get(t.name, []) for t in _GRAPH_TABLES}
        for table in _ENTITY_TABLES:
            path = os.path.join(work, f"{table.name}.store.tsv")
            write_tsv(store, table, path, sorted(keys.get(table.name, ())))
            taken[table.name] = [path]
        self.sidecar.apply(taken, replaced)


def _entity_keys_of(files: dict[str, str]) -> dict[str, set[str]]:
    return {t.name: set(entity_keys(t, files[t.name])) for t in _ENTITY_TABLES if t.name in files}


class _Batch:
    """The rows gathered in a :meth:`TableKeeper.batch`, not yet in the tables."""

    def __init__(self, folder: str, flush_every: int) -> None:
        self.folder = folder
        self.flush_every = max(1, flush_every)
        self.marked = False
        self.writes = 0
        self.files: dict[str, list[str]] = {}
        self.keys: dict[str, set[str]] = {}

    def add(self, files: dict[str, str]) -> None:
        self.writes += 1
        for table in _GRAPH_TABLES:
            if table.name in files:
                self.files.setdefault(table.name, []).append(files[table.name])
        for name, keys in _entity_keys_of(files).items():
            self.keys.setdefault(name, set()).update(keys)
            with suppress(OSError):
                os.unlink(files[name])

    def clear(self) -> None:
        for paths in self.files.values():
            for path in paths:
                with suppress(OSError):
                    os.unlink(path)
        self.files, self.keys, self.writes, self.marked = {}, {}, 0, False


def rebuild(store: ox.Store, folder: str | os.PathLike[str], chunk_lines: int = 500_000) -> dict[str, int]:
    """Build the analytics tables of ``store`` anew from its graph, into a new file put in place
    atomically; returns the rows per table. The tables are marked stale while this runs.

    The store is dumped as N-Quads, which Oxigraph writes graph by graph; whole graphs are
    gathered into in-memory stores of about ``chunk_lines`` quads and the fill queries run on
    each (in memory they run several times faster than on disk). Every fact a row needs is in
    its event's graph or, for entities, in ``kgg:shared``, so the rows are those of the whole.
    """
    sidecar = Sidecar(folder)
    sidecar.mark_stale()
    with tempfile.TemporaryDirectory(dir=folder) as work:
        files: dict[str, list[str]] = {t.name: [] for t in TABLES}

        def take(chunk: ox.Store) -> None:
            for table in TABLES:
                path = os.path.join(work, f"{table.name}-{len(files[table.name])}.tsv")
                write_tsv(chunk, table, path)
                files[table.name].append(path)

        sink = GraphChunks(take, chunk_lines)
        store.dump(sink, ox.RdfFormat.N_QUADS)
        sink.close()
        return sidecar.replace_with_files(files)


class GraphChunks:
    """A binary sink for an N-Quads dump grouped by graph: hands on whole graphs, a chunk at a time.

    Raises:
        ValueError: when a graph comes back after another (the dump was not grouped).
    """

    def __init__(self, take: Callable[[ox.Store], None], lines: int) -> None:
        self.take = take
        self.limit = lines
        self.pending: list[bytes] = []
        self.rest = b""
        self.done: set[bytes] = set()

    def write(self, data: bytes) -> int:
        lines = (self.rest + bytes(data)).split(b"\n")
        self.rest = lines.pop()
        self.pending.extend(line for line in lines if line)
        if len(self.pending) >= self.limit:
            last = _graph(self.pending[-1])
            cut = len(self.pending) - 1
            while cut >= 0 and _graph(self.pending[cut]) == last:
                cut -= 1
            if cut >= 0:
                self._flush(self.pending[:cut + 1])
                self.pending = self.pending[cut + 1:]
        return len(data)

    def flush(self) -> None:
        """Part of the file protocol; chunks go on at graph boundaries only."""

    def close(self) -> None:
        """Hand on what is left."""
        if self.rest.strip():
            self.pending.append(self.rest)
            self.rest = b""
        if self.pending:
            self._flush(self.pending)
            self.pending = []

    def _flush(self, lines: list[bytes]) -> None:
        graphs = {_graph(line) for line in lines}
        if graphs & self.done:
            raise ValueError("the N-Quads dump is not grouped by graph")
        self.done.update(graphs)
        chunk = ox.Store()
        chunk.load(b"\n".join(lines) + b"\n", format=ox.RdfFormat.N_QUADS)
        self.take(chunk)


def _graph(line: bytes) -> bytes:
    """The graph name of an N-Quads line (the last term before the final dot)."""
    body = line.rstrip()[:-1].rstrip()
    if not body.endswith(b">"):
        return b""  # the default graph
    return body[body.rindex(b"<"):]
