"""Records to rdflib: the quads of :mod:`kg.rdf.quads` as a Dataset or as graphs.

There is one mapping, :class:`kg.rdf.quads.QuadWriter`; what is here only reads its N-Quads
back (pyoxigraph parses them) into rdflib terms, for the callers that want rdflib (pySHACL
validation, revisions, reasoning, tests). Each literal keeps the lexical form the writer gave
it: rdflib would otherwise rewrite some ill-typed ones (``"2024-03-01T10:00"`` as a date
becomes ``"2024-03-01"``), and the shapes must see them as written.
"""
from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.namespaces import PREFIXES
from kg.rdf.quads import QuadWriter
from kg.rdf.terms import date_literal, datetime_literal, event_label, quiet_rdflib
from kg.records import Document

__all__ = [
    "document_graphs",
    "document_to_dataset",
    "event_label",
    "date_literal",
    "datetime_literal",
]

_XSD_STRING = str(XSD.string)

Triples = list[tuple[Node, Node, Node]]


def _literal(term: ox.Literal) -> Literal:
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return Literal(term.value)  # plain, as the model writes text
    with quiet_rdflib():  # an ill-typed literal is written on purpose, for the shapes
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)


def _graphs(doc: Document) -> Iterator[tuple[URIRef, Triples]]:
    """The document's triples, graph by graph: ``kgg:shared`` first, then each update's."""
    writer = QuadWriter()
    order = writer.document(doc)
    terms: dict[ox.NamedNode | ox.Literal, Node] = {}

    def term(node: ox.NamedNode | ox.Literal) -> Node:
        found = terms.get(node)
        if found is None:
            found = URIRef(node.value) if isinstance(node, ox.NamedNode) else _literal(node)
            terms[node] = found
        return found

    graphs: dict[str, Triples] = {iri: [] for iri in order}
    for quad in ox.parse(writer.take(), format=ox.RdfFormat.N_QUADS, lenient=True):
        graphs[quad.graph_name.value].append((term(quad.subject), term(quad.predicate),
                                              term(quad.object)))
    for iri in order:
        yield URIRef(iri), graphs[iri]


def document_graphs(doc: Document) -> list[tuple[URIRef, Graph]]:
    """Map a document to ``(graph IRI, graph)`` pairs: the shared graph first, then one per update.

    Every update gives a graph holding at least its report node, also when it has no events.
    Repeated headings on one page are told apart by their occurrence (see
    :func:`kg.namespaces.update_key`).

    Args:
        doc: the document and its event records.

    Returns:
        ``(kgg:shared, graph)`` followed by ``(kgg:report/<key>, graph)`` in page order.
    """
    out = []
    for iri, triples in _graphs(doc):
        g = Graph(identifier=iri)
        g.addN((s, p, o, g) for s, p, o in triples)
        out.append((iri, g))
    return out


def document_to_dataset(doc: Document) -> Dataset:
    """Map a document to an rdflib Dataset: ``kgg:shared`` plus one named graph per update.

    Args:
        doc: the document and its event records.

    Returns:
        A new in-memory Dataset (its default graph empty), with the project's prefixes bound.
    """
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    for iri, triples in _graphs(doc):
        target = ds.graph(iri)
        target.addN((s, p, o, target) for s, p, o in triples)
    return ds
