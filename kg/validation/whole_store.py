"""Whole-store validation: the shapes over everything stored.

On the embedded store the shapes run as compiled SPARQL checks inside Oxigraph
(:mod:`kg.validation.compiled`, proven to give pySHACL's verdicts), so a store of 100k events is judged
in seconds without copying it into memory. Other stores are read back as N-Quads and
validated with pySHACL, the reference.
"""
from __future__ import annotations

import io

import pyoxigraph as ox
import rdflib

from kg.resources import resource_dir
from kg.store import Store
from kg.validation.shapes import ValidationReport, validate_graph

CONTEXT_LIMIT = 500
"""At most this many offending nodes are described by name; the count covers them all."""


def store_dataset(store: Store) -> rdflib.Dataset:
    """Read everything a store holds into an in-memory rdflib dataset."""
    buffer = io.BytesIO()
    store.dump("nquads", buffer)
    dataset = rdflib.Dataset()
    dataset.parse(data=buffer.getvalue(), format="nquads")
    return dataset


def validate_store(store: Store) -> tuple[ValidationReport, rdflib.Graph | rdflib.Dataset]:
    """Validate everything a store holds.

    Returns:
        The report, and a graph holding what names its offending nodes (for
        :func:`kg.validation.shapes.describe_report`).
    """
    raw = getattr(store, "_store", None)
    if not isinstance(raw, ox.Store):
        dataset = store_dataset(store)
        return validate_graph(dataset), dataset
    from kg.validation.compiled import compiled_shapes

    violations = compiled_shapes().run(raw)
    return ValidationReport(conforms=not violations, violations=violations), _context(store, violations)


def _context(store: Store, violations) -> rdflib.Graph:
    text = (resource_dir("queries") / "internal" / "violation-context.rq").read_text(encoding="utf-8")
    graph = rdflib.Graph()
    nodes = list(dict.fromkeys(v.focus_node for v in violations))[:CONTEXT_LIMIT]
    for node in nodes:
        found = store.query(text, {"node": node})
        for triple in found:
            graph.add(triple)
    return graph
