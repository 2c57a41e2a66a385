"""Conversions between rdflib terms, pyoxigraph terms, Python values and N-Triples text.

Every store writes through pyoxigraph terms: an rdflib term is converted once, and its
N-Triples form (``str()`` of a pyoxigraph term, with N-Triples escaping) is what goes into
SPARQL text for remote stores. User text is therefore never pasted into a query: it becomes
a term first, and the term's serialization escapes quotes, backslashes and newlines.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.namespace import XSD

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
"""A pyoxigraph RDF term."""

_XSD = str(XSD)
_INTEGER_TYPES = {
    _XSD + name
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
        "unsignedByte",
    )
}
_FLOAT_TYPES = {_XSD + "decimal", _XSD + "double", _XSD + "float"}
_XSD_STRING = _XSD + "string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def to_ox(term: Any) -> Term:
    """Convert an rdflib term, a pyoxigraph term or a plain Python value to a pyoxigraph term.

    Args:
        term: an rdflib ``URIRef``/``BNode``/``Literal``, a pyoxigraph term, or a Python
            ``str`` (a plain literal), ``bool``, ``int``, ``float``, ``Decimal``, ``date`` or
            ``datetime`` (typed literals).

    Returns:
        The pyoxigraph term.

    Raises:
        TypeError: for any other kind of value.
    """
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple):
        return term
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, bool):
        return ox.Literal("true" if term else "false", datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(term, int):
        return ox.Literal(str(term), datatype=ox.NamedNode(_XSD + "integer"))
    if isinstance(term, float):
        return ox.Literal(repr(term), datatype=ox.NamedNode(_XSD + "double"))
    if isinstance(term, Decimal):
        return ox.Literal(format(term, "f"), datatype=ox.NamedNode(_XSD + "decimal"))
    if isinstance(term, dt.datetime):
        return ox.Literal(term.isoformat(), datatype=ox.NamedNode(_XSD + "dateTime"))
    if isinstance(term, dt.date):
        return ox.Literal(term.isoformat(), datatype=ox.NamedNode(_XSD + "date"))
    if isinstance(term, str):
        return ox.Literal(term)
    raise TypeError(f"cannot use a {type(term).__name__} as an RDF term")


def to_rdflib(term: Term) -> rdflib.term.Identifier:
    """Convert a pyoxigraph term to an rdflib term (plain strings stay plain)."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype))
    raise TypeError(f"cannot convert {term!r} to rdflib")


def to_python(term: Term | None) -> Any:
    """Convert a pyoxigraph term to a plain Python value.

    IRIs become ``str``; integers ``int``; decimals, doubles and floats ``float``; booleans
    ``bool``; ``xsd:date`` a ``date``; ``xsd:dateTime`` a ``datetime``; blank nodes ``"_:id"``;
    every other literal (and an ill-typed one) its lexical form. ``None`` stays ``None``.
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        value = term.value
        try:
            if datatype in _INTEGER_TYPES:
                return int(value)
            if datatype in _FLOAT_TYPES:
                return float(value)
            if datatype == _XSD + "boolean":
                return value in ("true", "1")
            if datatype == _XSD + "date":
                return dt.date.fromisoformat(value)
            if datatype == _XSD + "dateTime":
                return dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        return value
    return str(term)


def lexical(term: Term | None) -> str:
    """The plain text of a term for tables: an IRI, a literal's value, ``_:id``; ``""`` for none."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def rdflib_quads(dataset: rdflib.Dataset) -> list[ox.Quad]:
    """All quads of an rdflib dataset as pyoxigraph quads (default-graph triples included)."""
    default_id = rdflib.graph.DATASET_DEFAULT_GRAPH_ID
    cache: dict[Any, Term] = {}  # terms repeat (predicates, graphs, shared nodes): convert once

    def convert(term: Any) -> Term:
        found = cache.get(term)
        if found is None:
            found = cache[term] = to_ox(term)
        return found

    graphs: dict[Any, Any] = {}
    quads = []
    for s, p, o, g in dataset.quads((None, None, None, None)):
        graph = graphs.get(g)
        if graph is None:
            name = g.identifier if isinstance(g, rdflib.Graph) else g
            graph = graphs[g] = ox.DefaultGraph() if name is None or name == default_id else to_ox(name)
        quads.append(ox.Quad(convert(s), convert(p), convert(o), graph))
    return quads


def graph_names(dataset: rdflib.Dataset) -> list[Term]:
    """The named graphs of an rdflib dataset, empty ones included, as pyoxigraph terms."""
    default_id = rdflib.graph.DATASET_DEFAULT_GRAPH_ID
    return [to_ox(g.identifier) for g in dataset.graphs() if g.identifier != default_id]
