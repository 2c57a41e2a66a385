"""Embedded Oxigraph: on disk (``oxigraph:PATH`` or a bare path, the default) or in memory.

Writes: a batch is compared with what the store holds in the graphs it replaces, and the
difference is applied in one pyoxigraph transaction: ``Store.extend`` when the batch only adds
(it is transactional: an error half way through writes nothing), else one ``Store.update``
with ``DELETE DATA`` and ``INSERT DATA`` (one update is one transaction). Ingesting the same
batch twice therefore writes nothing the second time. Blank nodes cannot be named in
``DELETE DATA``; a batch that replaces graphs holding blank nodes drops those graphs and
inserts them again in the same single update instead (blank nodes written by an update are
fresh nodes; the mapping mints IRIs for everything, so this is the unusual path).

Locking: RocksDB allows one read-write opener of a folder; a second one, in this or another
process, raises :class:`kg.errors.StoreLockedError`. ``read_only=True`` opens a snapshot with
``pyoxigraph.Store.read_only``, which opens beside a writer (a running ingest or
``oxigraph serve``) and does not see later writes; pyoxigraph documents reading beside a
writer as unsupported, so use it for looking, and reopen to see new data.

Timeouts: pyoxigraph cannot interrupt a query; see :func:`kg.store.base.run_with_timeout`.

Write hooks: an on-disk store tells the hooks installed for it (:mod:`kg.store.hooks`; the
analytics tables of :mod:`kg.analytics` are one) of every write, batch and streaming load; a
SPARQL update, which they cannot follow, makes them forget.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
import rdflib

from kg.errors import QueryError, StoreError, StoreLockedError
from kg.store.base import (
    RDF_FORMATS,
    BatchResult,
    QueryResult,
    Store,
    insert_data_text,
    replace_update_text,
    run_with_timeout,
    split_batch,
)
from kg.store.bindings import bind_values
from kg.store.hooks import HookFactory, StoreHooks, installed_hooks
from kg.store.results import Rows
from kg.store.stream import PieceReader
from kg.store.terms import to_rdflib
from kg.store.urls import parse_store_url

UNION_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def convert_result(result: Any) -> QueryResult:
    """Read a pyoxigraph query result completely into a :data:`QueryResult`."""
    if isinstance(result, ox.QuerySolutions):
        return Rows.from_solutions(result)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    graph = rdflib.Graph()
    for triple in result:
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    return graph


def dump_pyoxigraph(store: ox.Store, fmt: str, out: BinaryIO, prefixes: dict[str, str] | None) -> None:
    """Serialize a pyoxigraph store: triple formats get the union of graphs, quad formats all."""
    if fmt not in RDF_FORMATS:
        raise StoreError(f"unknown format {fmt!r}; use one of {', '.join(RDF_FORMATS)}")
    rdf_format, keeps_graphs = RDF_FORMATS[fmt]
    use_prefixes = prefixes if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    try:
        if keeps_graphs:
            store.dump(out, rdf_format, prefixes=use_prefixes)
        else:
            triples = store.query(UNION_TRIPLES, use_default_graph_as_union=True)
            ox.serialize(triples, out, rdf_format, prefixes=use_prefixes)
    except OSError as exc:
        raise StoreError(f"cannot write the {fmt} dump: {exc}") from exc


def canonical(quads: list[ox.Quad]) -> ox.Store:
    """An in-memory store of the quads, as the store will hold them, without repeats.

    Oxigraph keeps typed literals in canonical form (``"...T08:15:00+00:00"^^xsd:dateTime``
    is stored as ``"...T08:15:00Z"``), so a batch is compared with the store's content only
    after the same canonicalization: an in-memory store does it.
    """
    scratch = ox.Store()
    scratch.extend(quads)
    return scratch


def _has_blank(quads: Any) -> bool:
    return any(
        isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads
    )


def _graphs(quads: list[ox.Quad]) -> set[Any]:
    return {q.graph_name for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}


class OxigraphStore(Store):
    """pyoxigraph on disk (``path``) or in memory (``path=None``).

    ``hooks``: the write hook factories of an on-disk store; ``None`` means those installed
    (:func:`kg.store.hooks.installed_hooks`).
    """

    embedded = True

    def __init__(self, path: str | os.PathLike[str] | None = None, read_only: bool = False,
                 hooks: Sequence[HookFactory] | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self.url = f"oxigraph:{path}" if path is not None else "memory:"
        new = self.path is not None and not (self.path / "CURRENT").is_file()
        if self.path is None:
            factories: Sequence[HookFactory] = ()
        else:
            factories = installed_hooks() if hooks is None else hooks
        self._store: ox.Store | None = self._open()
        self._hooks = StoreHooks([make(self.path, new) for make in factories])

    def _open(self) -> ox.Store:
        if self.path is None:  # read-only too: an empty store that refuses writes
            return ox.Store()
        where = str(self.path)
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"cannot open the store at {where}: it is a file, not a folder")
        if self.read_only:
            if not (self.path / "CURRENT").is_file():
                raise StoreError(f"no store at {where}; ingest something first (kg ingest FILE), "
                                 "or name another with --store or KG_STORE")
            return _open_read_only(where)
        try:
            return ox.Store(where)
        except OSError as exc:
            message = str(exc)
            if "LOCK" in message and ("unavailable" in message or "lock hold" in message.lower()
                                      or "No locks available" in message):
                raise StoreLockedError(f"store {where} is in use by another process") from exc
            if isinstance(exc, PermissionError) or "Permission denied" in message:
                raise StoreError(f"cannot write the store at {where}: permission denied") from exc
            raise StoreError(f"cannot open the store at {where}: {message}") from exc

    @property
    def native(self) -> ox.Store:
        """The open pyoxigraph store.

        Raises:
            StoreError: the store is closed.
        """
        if self._store is None:
            raise StoreError(f"store {self.url} is closed")
        return self._store

    @property
    def keeps_tables(self) -> bool:
        return bool(self._hooks)

    def add_dataset(self, dataset: rdflib.Dataset, replace_graphs: bool = True) -> BatchResult:
        self._check_writable()
        store = self.native
        quads, replaced = split_batch(dataset, replace_graphs)
        scratch = canonical(quads)
        quads = list(scratch)
        with self._keeping(scratch, replaced):
            return self._write(store, quads, replaced)

    def _keeping(self, scratch: ox.Store | None, replaced: list[Any],
                 rows: dict[str, str] | None = None) -> AbstractContextManager[None]:
        """Tell the hooks of a write of ``scratch``'s quads."""
        if not self._hooks or self.read_only:
            return nullcontext()
        return self._hooks.writing(self.native, scratch, [g.value for g in replaced], rows)

    def table_batch(self, flush_every: int = 10) -> AbstractContextManager[str | None]:
        if not self._hooks or self.read_only:
            return nullcontext(None)
        return self._hooks.batch(self.native, flush_every)

    def _write(self, store: ox.Store, quads: list[ox.Quad], replaced: list[Any]) -> BatchResult:
        new = set(quads)
        replaced_set = set(replaced)
        try:
            old: set[ox.Quad] = set()
            for graph in replaced:
                old.update(store.quads_for_pattern(None, None, None, graph))
            in_replaced = [q for q in new if q.graph_name in replaced_set]
            if _has_blank(old) or _has_blank(in_replaced):
                # DELETE DATA cannot name blank nodes: drop and insert in one update instead.
                store.update(replace_update_text(quads, replaced))
                graphs = len(_graphs(quads) | replaced_set)
                return BatchResult(graphs, len(replaced), len(new), None, len(old))
            to_add = [q for q in quads if q not in old and q not in store]
            to_remove = [q for q in old if q not in new]
            filled = {q.graph_name for q in in_replaced}
            ops = [insert_data_text(to_remove, "DELETE DATA")] if to_remove else []
            ops.extend(f"DROP SILENT GRAPH {g}" for g in replaced if g not in filled)
            if ops:
                if to_add:
                    ops.append(insert_data_text(to_add))
                store.update(" ;\n".join(ops))
            elif to_add:
                store.extend(to_add)
        except (OSError, SyntaxError, RuntimeError, ValueError) as exc:
            raise StoreError(f"cannot write to {self.url}: {exc}; nothing was written") from exc
        graphs = len(_graphs(quads) | replaced_set)
        return BatchResult(graphs, len(replaced), len(new), len(to_add), len(to_remove))

    def query(
        self, sparql: str, bindings: dict[str, Any] | None = None, timeout: float | None = None
    ) -> QueryResult:
        text = bind_values(sparql, bindings)
        store = self.native

        def run() -> QueryResult:
            try:
                result = store.query(text, use_default_graph_as_union=True)
                return convert_result(result)
            except SyntaxError as exc:
                raise QueryError(f"malformed query: {exc}") from exc
            except OSError as exc:
                raise StoreError(f"cannot read {self.url}: {exc}") from exc
            except (RuntimeError, ValueError) as exc:
                raise QueryError(f"query failed: {exc}") from exc

        return run_with_timeout(run, timeout)

    def load_nquads(self, data: bytes, scratch: ox.Store | None = None, bulk: bool = False,
                    rows: dict[str, str] | None = None) -> None:
        """Add N-Quads to graphs that hold nothing yet, all or nothing.

        Args:
            data: the N-Quads.
            scratch: an in-memory store holding the same quads, when the caller has one.
            bulk: use pyoxigraph's bulk loader (on disk; one ingestion, see :mod:`kg.ingest.bulk`),
                else one transaction.
            rows: the analytics tables' rows of these quads, when the caller wrote them into the
                folder of :meth:`table_batch` (:func:`kg.analytics.rows.write_table_rows`).
        """
        self._check_writable()
        store = self.native
        if scratch is None and rows is None and self._hooks:
            scratch = ox.Store()
            scratch.load(data, format=ox.RdfFormat.N_QUADS)
        with self._keeping(scratch, [], rows=rows):
            try:
                if bulk:
                    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
                else:
                    store.load(data, format=ox.RdfFormat.N_QUADS)
            except (OSError, SyntaxError, RuntimeError, ValueError) as exc:
                raise StoreError(f"cannot write to {self.url}: {exc}") from exc

    def load_stream(self, chunks: Iterable[tuple[bytes, dict[str, str] | None]],
                    stops: tuple[type[BaseException], ...] = ()) -> BaseException | None:
        """One bulk load of N-Quads given chunk by chunk, into an on-disk store's graphs that
        hold nothing yet: ``(N-Quads, analytics-table rows written ahead or None)`` per chunk.

        pyoxigraph 0.5's bulk loader writes the index files of the whole load and adds them to
        RocksDB in one step at the end, so a load that fails writes nothing. An exception of
        ``stops`` raised by ``chunks`` ends the load after the chunks before it, which are
        written, and is returned; any other exception makes the load write nothing and is
        raised (see :class:`kg.store.stream.PieceReader`).

        Raises:
            StoreError: the store is in memory, or the load failed (nothing was written).
        """
        self._check_writable()
        if self.path is None:
            raise StoreError("a streaming load needs an on-disk store")
        with self._hooks.streaming(self.native) as take_rows:
            def pieces() -> Iterator[bytes]:
                for data, rows in chunks:
                    if take_rows is not None and rows:
                        take_rows(rows)
                    yield data

            reader = PieceReader(pieces(), stops)
            try:
                self.native.bulk_load(reader, format=ox.RdfFormat.N_QUADS)
            except BaseException as exc:
                if exc is reader.failed:
                    raise
                if isinstance(exc, (OSError, SyntaxError, RuntimeError, ValueError)):
                    raise StoreError(f"cannot write to {self.url}: {exc}; nothing was written") from exc
                raise
        return reader.stopped

    @property
    def tables_seconds(self) -> float:
        return self._hooks.seconds

    def tables(self) -> Any | None:
        return self._hooks.current()

    def rebuild_tables(self) -> dict[str, int]:
        if not self._hooks:
            return super().rebuild_tables()
        self._check_writable()
        return self._hooks.rebuild(self.native)

    def update(self, sparql: str) -> None:
        self._check_writable()
        self._hooks.forget()
        try:
            self.native.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"malformed update: {exc}") from exc
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"update failed on {self.url}: {exc}; nothing was written") from exc

    def triple_count(self) -> int:
        return len(self.native)

    def named_graphs(self) -> list[str]:
        return sorted(str(g.value) for g in self.native.named_graphs())

    def dump(self, fmt: str, out: BinaryIO, prefixes: dict[str, str] | None = None) -> None:
        dump_pyoxigraph(self.native, fmt, out, prefixes)

    def close(self) -> None:
        store = getattr(self, "_store", None)
        if store is not None:
            if not self.read_only and self.path is not None:
                try:
                    store.flush()
                except OSError:
                    pass
            self._store = None
            del store


def open_oxigraph(url: str, read_only: bool = False) -> OxigraphStore:
    """Open ``oxigraph:PATH`` or a bare path."""
    folder = parse_store_url(url).folder
    if folder is None:
        raise StoreError(f"{url} is not an on-disk store (oxigraph:PATH)")
    return OxigraphStore(folder, read_only=read_only)


def open_memory(url: str, read_only: bool = False) -> OxigraphStore:
    """Open ``memory:``, a new empty in-memory store."""
    return OxigraphStore(None, read_only=read_only)


def _lost_to_writer(exc: OSError, where: str) -> bool:
    """A file of the store (a log, a table) that a writer removed between the snapshot's
    listing and its opening: the store is there, one of its files went while we looked."""
    import os

    return "No such file or directory" in str(exc) and os.path.isfile(os.path.join(where, "CURRENT"))


def _open_read_only(where: str, attempts: int = 5) -> ox.Store:
    """Open a read-only snapshot; beside a writer tidying its files, a few retries may be needed."""
    import time

    for attempt in range(attempts):
        try:
            return ox.Store.read_only(where)
        except OSError as exc:
            if not _lost_to_writer(exc, where):
                raise StoreError(f"cannot read the store at {where}: {exc}") from exc
            if attempt == attempts - 1:
                message = f"cannot read the store at {where} while it is being written: {exc}"
                raise StoreError(message) from exc
            time.sleep(0.1 * (attempt + 1))
        except RuntimeError as exc:  # files renamed by a writer under our feet
            if attempt == attempts - 1:
                message = f"cannot read the store at {where} while it is being written: {exc}"
                raise StoreError(message) from exc
            time.sleep(0.1 * (attempt + 1))
    raise StoreError(f"cannot read the store at {where}")
