"""Keeping a store's analytics tables in step with its writes, and rebuilding them."""
from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pyoxigraph as ox

from kg.analytics.rows import entity_keys, write_tsv
from kg.analytics.sidecar import Sidecar
from kg.analytics.tables import TABLES

__all__ = ["TableKeeper", "rebuild"]

_GRAPH_TABLES = tuple(t for t in TABLES if t.scope == "graph")
_ENTITY_TABLES = tuple(t for t in TABLES if t.scope == "entity")


class TableKeeper:
    """The analytics tables of one open on-disk store, followed write by write.

    A store made new by this opening starts with empty, current tables. A store whose tables
    are missing or stale is not followed: its reads answer from the graph until a rebuild.
    """

    def __init__(self, folder: str | os.PathLike[str], new_store: bool) -> None:
        self.sidecar = Sidecar(folder)
        self._new = new_store
        self._following: bool | None = None
        self.seconds = 0.0
        """Time spent keeping the tables (reading the rows, writing them), for the benchmarks."""

    def current(self) -> Sidecar | None:
        """The tables, when they may answer for the graph."""
        return self.sidecar if self.sidecar.is_current() else None

    def forget(self) -> None:
        """The graph is changed in a way the tables do not follow: mark them stale for good."""
        self.sidecar.mark_stale()
        self._following = False

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
    def writing(self, store: ox.Store, scratch: ox.Store | None, replaced: list[str],
                atomic: bool = True) -> Iterator[None]:
        """Around one write of ``scratch``'s quads into ``store``, replacing ``replaced`` graphs.

        The stale mark is set before the write; after it, the batch's rows go in and the mark
        is removed. A write that fails atomically (nothing written) leaves the tables current;
        a write that fails otherwise, or rows that cannot be written, leave them stale.
        """
        if scratch is None or not self._follows():
            yield
            return
        started = time.perf_counter()
        self.sidecar.mark_stale()
        with tempfile.TemporaryDirectory(dir=self.sidecar.folder) as work:
            files = {}
            try:
                for table in _GRAPH_TABLES + _ENTITY_TABLES:
                    files[table.name] = os.path.join(work, f"{table.name}.tsv")
                    write_tsv(scratch, table, files[table.name])
            except Exception:  # the tables are an aid: a failure here must not stop a write
                self._following = False
                files = None
            self.seconds += time.perf_counter() - started
            try:
                yield
            except BaseException:
                if atomic and files is not None:
                    self.sidecar.clear_stale()
                elif not atomic:
                    self._following = False
                raise
            if files is None:
                return
            started = time.perf_counter()
            try:
                for table in _ENTITY_TABLES:  # the entities as the whole store now has them
                    keys = entity_keys(table, files[table.name])
                    files[table.name] = os.path.join(work, f"{table.name}.store.tsv")
                    write_tsv(store, table, files[table.name], keys)
                self.sidecar.apply({name: [path] for name, path in files.items()}, replaced)
            except Exception:
                self._following = False  # the mark stays: reads answer from the graph
                return
            finally:
                self.seconds += time.perf_counter() - started
        self.sidecar.clear_stale()


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
