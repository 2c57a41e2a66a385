"""The one small interface every store backend implements, and what backends share.

A store holds an RDF dataset: ``kgg:shared`` (only ever added to) and one named graph per
source update (replaced when the update is ingested again). See ``docs/model.md``.

Atomic replacement: :meth:`Store.add_dataset` turns a batch into ONE write. For every graph of
the batch other than ``kgg:shared`` and the default graph, the old content is removed and the
new content inserted in the same transaction; the shared and default graphs are only added
to. The embedded backend computes the difference against the current content and applies it
as one SPARQL update (``DELETE DATA``/``INSERT DATA``), which pyoxigraph runs in a single
transaction: either all of it lands or none. Remote backends send one SPARQL update request
(``DROP SILENT GRAPH``s then ``INSERT DATA``), which a SPARQL 1.1 server applies as one request.
"""
from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, TypeVar

import pyoxigraph as ox
import rdflib

from kg.errors import QueryError, StoreError
from kg.namespaces import SHARED_GRAPH
from kg.store.results import Rows

QueryResult = Rows | bool | rdflib.Graph
"""What :meth:`Store.query` returns: rows for SELECT, a bool for ASK, a graph for CONSTRUCT/DESCRIBE."""

RDF_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "ntriples": (ox.RdfFormat.N_TRIPLES, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nquads": (ox.RdfFormat.N_QUADS, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
}
"""Dump formats: name -> (pyoxigraph format, whether it keeps named graphs)."""

ADD_ONLY_GRAPHS = frozenset({str(SHARED_GRAPH)})
"""Named graphs a batch only ever adds to."""

T = TypeVar("T")


@dataclass(frozen=True)
class BatchResult:
    """What one :meth:`Store.add_dataset` call did.

    Attributes:
        graphs: named graphs in the batch.
        replaced: of those, the graphs whose old content was replaced.
        quads: quads in the batch.
        added: quads that were not there before (``None`` when the backend cannot tell).
        removed: quads removed by replacement (``None`` when the backend cannot tell).
    """

    graphs: int
    replaced: int
    quads: int
    added: int | None = None
    removed: int | None = None


class Store(ABC):
    """An RDF dataset that can be written in atomic batches, queried, and dumped.

    Use as a context manager, or call :meth:`close`. What a backend can do beyond the
    abstract methods is declared by its capabilities (as rdflib's ``Store.context_aware``):
    :attr:`path`, :attr:`embedded`, :attr:`native`, :attr:`keeps_tables`, :meth:`tables`.
    """

    url: str = ""
    read_only: bool = False

    path: Path | None = None
    """The folder of an on-disk store, else ``None``."""

    embedded: bool = False
    """A pyoxigraph store in this process: :attr:`native` is it, and ``load_nquads`` and
    ``load_stream`` (:class:`kg.store.oxigraph.OxigraphStore`) write to it directly."""

    @property
    def native(self) -> ox.Store | None:
        """The open ``pyoxigraph.Store`` of an embedded store, else ``None``."""
        return None

    @property
    def keeps_tables(self) -> bool:
        """Whether the store keeps tables beside its graph (on disk, with a write hook)."""
        return False

    def tables(self) -> Any | None:
        """The tables kept beside the graph (:class:`kg.analytics.Sidecar`) when they are current,
        else ``None`` (always, when the backend keeps none)."""
        return None

    def table_batch(self, flush_every: int = 10) -> AbstractContextManager[str | None]:
        """A context around many writes in which the tables take their rows ``flush_every``
        writes at a time; yields a folder for rows written ahead, or ``None``."""
        return nullcontext(None)

    def rebuild_tables(self) -> dict[str, int]:
        """Build the tables anew from the graph; returns the rows per table.

        Raises:
            StoreError: the store keeps no tables.
        """
        raise StoreError(f"store {self.url} keeps no analytics tables: only on-disk stores do")

    @property
    def tables_seconds(self) -> float:
        """Seconds spent keeping the tables in step (for the benchmarks)."""
        return 0.0

    @abstractmethod
    def add_dataset(self, dataset: rdflib.Dataset, replace_graphs: bool = True) -> BatchResult:
        """Write a batch in one transaction.

        Args:
            dataset: the batch; its named graphs are what gets written.
            replace_graphs: replace the previous content of the batch's named graphs
                (``kgg:shared`` and the default graph are always only added to). With
                ``False`` everything is only added.

        Returns:
            What was written.

        Raises:
            StoreError: when the store is read-only or the write fails (nothing is written).
        """

    @abstractmethod
    def query(
        self, sparql: str, bindings: dict[str, Any] | None = None, timeout: float | None = None
    ) -> QueryResult:
        """Run a SPARQL query over the union of all graphs.

        Args:
            sparql: the query text.
            bindings: variable name (without ``?``) -> value, bound as RDF terms (never pasted
                into the text): rdflib or pyoxigraph terms, or Python str/int/float/Decimal/
                bool/date/datetime (see :func:`kg.store.terms.to_ox`).
            timeout: seconds to wait for the answer; ``None`` waits as long as it takes.

        Returns:
            :class:`Rows` for SELECT, ``bool`` for ASK, an ``rdflib.Graph`` for CONSTRUCT and
            DESCRIBE.

        Raises:
            QueryError: a malformed query, a bad binding, or the timeout passed.
            StoreError: the store cannot be read.
        """

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update (one transaction). Only used when explicitly asked for."""

    @abstractmethod
    def triple_count(self) -> int:
        """Number of quads in all graphs, the default graph included."""

    @abstractmethod
    def named_graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""

    @abstractmethod
    def dump(self, fmt: str, out: BinaryIO, prefixes: dict[str, str] | None = None) -> None:
        """Serialize the store.

        Args:
            fmt: a key of :data:`RDF_FORMATS`. Triple formats (turtle, ntriples) write the
                union of all graphs; quad formats (trig, nquads, jsonld) keep the graphs.
            out: a binary file.
            prefixes: prefix -> namespace to declare where the format allows.
        """

    def close(self) -> None:  # noqa: B027 - backends without resources need nothing
        """Release the store (the on-disk lock, connections)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url}{' read-only' if self.read_only else ''}>"

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.url} is open read-only; cannot write")


def split_batch(
    dataset: rdflib.Dataset, replace_graphs: bool
) -> tuple[list[ox.Quad], list[ox.NamedNode | ox.BlankNode]]:
    """Convert a batch to pyoxigraph quads, and list the graphs whose content it replaces.

    Returns:
        ``(quads, replaced_graphs)``: ``replaced_graphs`` holds every named graph of the batch
        (empty ones too) except the add-only ones, or nothing when ``replace_graphs`` is false.
    """
    from kg.store.terms import graph_names, rdflib_quads

    quads = rdflib_quads(dataset)
    replaced: list[ox.NamedNode | ox.BlankNode] = []
    if replace_graphs:
        seen = {q.graph_name for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
        seen.update(graph_names(dataset))
        replaced = sorted((g for g in seen if g.value not in ADD_ONLY_GRAPHS), key=str)
    return quads, replaced


def replace_update_text(quads: Iterable[ox.Quad], replaced: Iterable[ox.NamedNode | ox.BlankNode]) -> str:
    """One SPARQL update that drops the replaced graphs and inserts the quads.

    Every term is written in its N-Triples form, so literal text is escaped, never pasted.
    """
    parts = [f"DROP SILENT GRAPH {g} ;\n" for g in replaced]
    parts.append(insert_data_text(quads))
    return "".join(parts)


def insert_data_text(quads: Iterable[ox.Quad], keyword: str = "INSERT DATA") -> str:
    """``INSERT DATA { ... }`` (or ``DELETE DATA``) for some quads, grouped by graph."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        key = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        by_graph.setdefault(key, []).append(f"{q.subject} {q.predicate} {q.object} .\n")
    body = []
    for graph, triples in by_graph.items():
        if graph:
            body.append(f"GRAPH {graph} {{\n")
        body.extend(triples)
        if graph:
            body.append("}\n")
    return f"{keyword} {{\n{''.join(body)}}}\n"


def run_with_timeout(fn: Callable[[], T], timeout: float | None, what: str = "query") -> T:
    """Call ``fn`` and wait at most ``timeout`` seconds for it.

    pyoxigraph has no query timeout, so the call runs in a daemon thread and is abandoned
    (not cancelled: it runs on in the background until it finishes, holding a read snapshot)
    when the time is up. The process can still exit while it runs.

    Raises:
        QueryError: when the time is up.
    """
    if timeout is None:
        return fn()
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the waiting thread
            box["error"] = exc

    worker = threading.Thread(target=target, name="kg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryError(f"{what} took longer than {timeout:g} s and was abandoned")
    if "error" in box:
        raise box["error"]
    return box["value"]
