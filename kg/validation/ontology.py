"""The ontology and its SKOS schemes (``ontology/*.ttl``), read for validation and reasoning.

Validation needs two things from the ontology: its class tree (so that a node typed only
``ckg:State`` is still an actor to the shapes) and the concepts of a scheme (for the store
checks of ``# not-in-scheme``). Reasoning (:mod:`kg.ops.reason`) reads the same graph; it lives
here, below both, so that validation need not import the layer above it.
"""
from __future__ import annotations

import functools

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.namespaces import CKG, PREFIXES
from kg.resources import resource_files

__all__ = ["class_tree", "ontology_graph", "scheme_concepts"]


def ontology_graph() -> Graph:
    """The ontology, the taxonomy and the ACLED mapping (every ``ontology/*.ttl``) in one graph.

    A new graph on each call: callers may add to it.
    """
    g = Graph()
    for path in resource_files("ontology", ".ttl"):
        g.parse(path, format="turtle")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, replace=True)
    return g


@functools.lru_cache(maxsize=1)
def class_tree() -> tuple[tuple[URIRef, URIRef], ...]:
    """The ontology's ``rdfs:subClassOf`` links between its own (``ckg:``) classes, as
    ``(subclass, superclass)`` pairs, read once."""
    g = ontology_graph()
    return tuple(
        (s, o) for s, o in g.subject_objects(RDFS.subClassOf)
        if isinstance(s, URIRef) and isinstance(o, URIRef) and str(s).startswith(str(CKG))
        and str(o).startswith(str(CKG))
    )


@functools.lru_cache(maxsize=8)
def scheme_concepts(scheme: URIRef | str) -> frozenset[str]:
    """IRIs of the concepts ``ontology/`` puts in a SKOS scheme (given by its full IRI)."""
    return frozenset(str(c) for c in ontology_graph().subjects(SKOS.inScheme, URIRef(str(scheme))))
