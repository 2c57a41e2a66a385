"""Revision history: what a corrected update replaced stays reachable.

Re-ingesting an update replaces its named graph; when the content differs, the old triples
are kept as ``rdf:Statement`` values in a history graph ``kgg:history/<key>/<n>`` linked by
``prov:wasRevisionOf``, so they never show in queries over the data's own properties. Works on
any backend (SPARQL only); the same content again records nothing. See ``docs/ingest.md``.
"""
from __future__ import annotations

import datetime as dt
import re

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from kg.namespaces import CKG, GRAPH, digest
from kg.store.base import Store
from kg.store.terms import graph_names, rdflib_quads, to_rdflib

__all__ = ["HISTORY", "history_graph", "record_revisions"]

HISTORY = GRAPH["history/"]
"""Prefix of the history graphs."""

_REPORT = str(GRAPH["report/"])

_GRAPH_CONTENT = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


def history_graph(key: str, n: int) -> URIRef:
    """The history graph of the ``n``-th superseded version (from 1) of update ``key``."""
    return URIRef(f"{HISTORY}{key}/{n}")


def _canonical_triples(quads: list[ox.Quad]) -> set[ox.Triple]:
    """Triples as the store holds them (typed literals in canonical form)."""
    scratch = ox.Store()
    scratch.extend(quads)
    return {q.triple for q in scratch}


def _stored(store: Store, graph: URIRef) -> set[ox.Triple]:
    rows = store.query(_GRAPH_CONTENT, {"g": graph})
    return {ox.Triple(s, p, o) for s, p, o in rows.raw}


def _owner(subject: ox.NamedNode | ox.BlankNode, events: list[str]) -> str | None:
    """The event a node belongs to: the event itself or one of its parts (``<event>/role/...``)."""
    value = str(subject.value) if isinstance(subject, ox.NamedNode) else None
    if value is None:
        return None
    for event in events:
        if value == event or value.startswith(event + "/"):
            return event
    return None


def _by_event(triples: set[ox.Triple], events: list[str]) -> dict[str, set[ox.Triple]]:
    out: dict[str, set[ox.Triple]] = {e: set() for e in events}
    for t in triples:
        owner = _owner(t.subject, events)
        if owner is not None:
            out[owner].add(t)
    return out


def _events(triples: set[ox.Triple]) -> list[str]:
    event_class = ox.NamedNode(str(CKG.Event))
    rdf_type = ox.NamedNode(str(RDF.type))
    found = {str(t.subject.value) for t in triples
             if t.predicate == rdf_type and t.object == event_class and isinstance(t.subject, ox.NamedNode)}
    # longest first, so that a part is given to the most specific event IRI
    return sorted(found, key=lambda e: (-len(e), e))


def _next_numbers(store: Store) -> dict[str, int]:
    """For each update key with history, the highest version number recorded so far."""
    prefix = str(HISTORY)
    pattern = re.compile(re.escape(prefix) + r"([^/]+)/(\d+)$")
    highest: dict[str, int] = {}
    for name in store.named_graphs():
        m = pattern.match(name)
        if m:
            highest[m.group(1)] = max(highest.get(m.group(1), 0), int(m.group(2)))
    return highest


def record_revisions(store: Store, dataset: Dataset, now: dt.datetime | None = None) -> Dataset:
    """Add to a batch a history graph for each of its update graphs whose stored content it changes.

    Call it after validation and just before ``store.add_dataset(batch)``.

    Args:
        store: the store the batch is going to.
        dataset: the batch (modified in place and returned).
        now: the time the old versions stop being valid; default the current UTC time.

    Returns:
        The batch, with ``kgg:history/<key>/<n>`` graphs for the updates it revises.
    """
    when = Literal((now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                   datatype=XSD.dateTime)
    quads = rdflib_quads(dataset)
    by_graph: dict[str, list[ox.Quad]] = {}
    for q in quads:
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(_REPORT):
            by_graph.setdefault(q.graph_name.value, []).append(q)
    for g in graph_names(dataset):
        if isinstance(g, ox.NamedNode) and g.value.startswith(_REPORT):
            by_graph.setdefault(g.value, [])
    numbers: dict[str, int] | None = None
    for graph_iri in sorted(by_graph):
        graph = URIRef(graph_iri)
        old = _stored(store, graph)
        if not old:
            continue
        new = _canonical_triples(by_graph[graph_iri])
        if old == new:
            continue
        if numbers is None:
            numbers = _next_numbers(store)
        key = graph_iri[len(_REPORT):]
        n = numbers.get(key, 0) + 1
        numbers[key] = n
        _write_history(dataset, graph, history_graph(key, n), n, old, new, when)
    return dataset


def _write_history(dataset: Dataset, report_graph: URIRef, history: URIRef, n: int,
                   old: set[ox.Triple], new: set[ox.Triple], when: Literal) -> None:
    h = dataset.graph(history)
    h.add((history, RDF.type, PROV.Entity))
    h.add((history, PROV.specializationOf, report_graph))
    h.add((history, PROV.invalidatedAtTime, when))
    h.add((report_graph, PROV.wasRevisionOf, history))
    old_events = _events(old)
    new_events = set(_events(new))
    old_parts = _by_event(old, old_events)
    new_parts = _by_event(new, sorted(new_events, key=lambda e: (-len(e), e)))
    for event in old_events:
        if event in new_events and old_parts[event] == new_parts.get(event):
            continue
        version = URIRef(f"{event}/revision/{n}")
        h.add((version, RDF.type, PROV.Entity))
        h.add((version, PROV.specializationOf, URIRef(event)))
        h.add((version, PROV.invalidatedAtTime, when))
        h.add((version, DCTERMS.isPartOf, history))
        if event in new_events:
            h.add((URIRef(event), PROV.wasRevisionOf, version))
    for t in old:
        statement = URIRef(f"{history}/statement/{digest(str(t), length=20)}")
        h.add((statement, RDF.type, RDF.Statement))
        h.add((statement, RDF.subject, to_rdflib(t.subject)))
        h.add((statement, RDF.predicate, to_rdflib(t.predicate)))
        h.add((statement, RDF.object, to_rdflib(t.object)))
