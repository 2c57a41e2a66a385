"""The SHACL shapes (``shapes/*.ttl``) read once, into plain values both validators use.

pySHACL (:mod:`kg.validation.shapes`, the reference) runs on :attr:`ShapeModel.graph`; the
SPARQL compiler (:mod:`kg.validation.compiled`) builds its queries from the node shapes,
targets, paths and constraints here. Both name a violation's rule with :meth:`ShapeModel.rule`
and widen a target class with the ontology's class tree, so the two paths cannot read the
shapes differently.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from kg.namespaces import SH
from kg.resources import resource_files
from kg.validation.ontology import class_tree

__all__ = [
    "Constraint",
    "NodeShape",
    "PropertyShape",
    "ShapeModel",
    "component",
    "shape_files",
    "shape_model",
]

NODE_METADATA = frozenset({SH.targetClass, SH.property, SH["or"], SH.message, RDF.type,
                           RDFS.label, RDFS.comment})
"""What a node shape may say besides its constraints: read into :class:`NodeShape` fields."""

PROPERTY_METADATA = frozenset({SH.path, SH.message, SH.name, SH.description, RDFS.label,
                               RDFS.comment})
"""What a property shape may say besides its constraints."""

_INTEGER_PARAMETERS = frozenset({SH.minCount, SH.maxCount, SH.minLength, SH.maxLength,
                                 SH.qualifiedMaxCount, SH.qualifiedMinCount})


def component(name: str) -> URIRef:
    """The SHACL constraint component of a short name: ``"MinCount"`` gives
    ``sh:MinCountConstraintComponent``."""
    return SH[f"{name}ConstraintComponent"]


@dataclass(frozen=True)
class Constraint:
    """One constraint: its SHACL parameter and the parameter's value as a plain value.

    Attributes:
        parameter: the SHACL parameter (``sh:minCount``, ``sh:in``, ``sh:qualifiedValueShape``).
        value: an ``int`` for counts and lengths, a ``str`` for ``sh:pattern``, a tuple of terms
            for ``sh:in`` (and for a ``sh:qualifiedValueShape`` of a lone ``sh:in``, else
            ``None``), the term itself otherwise (a class, datatype, literal bound, path).
        limit: ``sh:qualifiedMaxCount`` of a ``sh:qualifiedValueShape`` (``None`` elsewhere).
    """

    parameter: URIRef
    value: object
    limit: int | None = None


@dataclass(frozen=True)
class PropertyShape:
    """A property shape: its path, its message and its constraints (in a stable order)."""

    iri: Node
    path: Node | None
    message: str
    constraints: tuple[Constraint, ...]


@dataclass(frozen=True)
class NodeShape:
    """A node shape with its targets, property shapes and ``sh:or`` lists.

    Attributes:
        iri: the shape.
        name: its ``rdfs:label``, else its IRI's last segment (``EventShape``).
        message: its ``sh:message`` (empty without one).
        target_classes: its ``sh:targetClass`` values.
        properties: its property shapes, sorted by IRI.
        alternatives: each ``sh:or`` as its alternatives, each a :class:`PropertyShape`.
        unknown: predicates it uses that this model does not read (a validator that does not
            know them must refuse the shapes rather than pass silently).
    """

    iri: Node
    name: str
    message: str
    target_classes: tuple[URIRef, ...]
    properties: tuple[PropertyShape, ...]
    alternatives: tuple[tuple[PropertyShape, ...], ...]
    unknown: tuple[URIRef, ...] = ()


def shape_files() -> list[Path]:
    """List the shape files, ``shapes/*.ttl``, sorted by name."""
    return resource_files("shapes", ".ttl")


def _text(g: Graph, node: Node, predicate: URIRef) -> str:
    value = g.value(node, predicate)
    return str(value) if value is not None else ""


def _value(g: Graph, parameter: URIRef, arg: Node) -> object:
    if parameter in _INTEGER_PARAMETERS:
        return int(arg)  # type: ignore[call-overload]
    if parameter == SH["in"]:
        return tuple(Collection(g, arg))
    if parameter == SH.pattern:
        return str(arg)
    return arg


def _constraints(g: Graph, shape: Node) -> tuple[Constraint, ...]:
    out = []
    for parameter, arg in sorted(g.predicate_objects(shape), key=str):
        if parameter in PROPERTY_METADATA or parameter == SH.qualifiedMaxCount:
            continue
        if parameter == SH.qualifiedValueShape:
            qualified = set(g.predicates(arg, None))
            members = g.value(arg, SH["in"])
            limit = g.value(shape, SH.qualifiedMaxCount)
            out.append(Constraint(
                parameter,
                tuple(Collection(g, members)) if members is not None and qualified == {SH["in"]}
                else None,
                int(limit) if isinstance(limit, Literal) else None))  # type: ignore[call-overload]
        else:
            out.append(Constraint(parameter, _value(g, parameter, arg)))
    return tuple(out)


def _property_shape(g: Graph, shape: Node) -> PropertyShape:
    return PropertyShape(shape, g.value(shape, SH.path), _text(g, shape, SH.message),
                         _constraints(g, shape))


def _name(g: Graph, shape: Node) -> str:
    label = g.value(shape, RDFS.label)
    if label is not None:
        return str(label)
    return str(shape).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class ShapeModel:
    """The shapes as values: the graph pySHACL reads, the node shapes, the class tree."""

    def __init__(self, graph: Graph, tree: tuple[tuple[URIRef, URIRef], ...] = ()) -> None:
        self.graph = graph
        self.class_tree = tree
        shapes = []
        for shape in sorted(set(graph.subjects(SH.targetClass, None)), key=str):
            shapes.append(NodeShape(
                iri=shape,
                name=_name(graph, shape),
                message=_text(graph, shape, SH.message),
                target_classes=tuple(sorted(graph.objects(shape, SH.targetClass), key=str)),  # type: ignore[arg-type]
                properties=tuple(_property_shape(graph, p)
                                 for p in sorted(graph.objects(shape, SH.property), key=str)),
                alternatives=tuple(tuple(_property_shape(graph, alt) for alt in Collection(graph, alts))
                                   for alts in graph.objects(shape, SH["or"])),
                unknown=tuple(sorted({p for p in graph.predicates(shape, None)  # type: ignore[misc]
                                      if p not in NODE_METADATA}, key=str)),
            ))
        self.node_shapes: tuple[NodeShape, ...] = tuple(shapes)
        self._owner = {p.iri: s for s in shapes for p in s.properties}
        self._owner.update({s.iri: s for s in shapes})
        self._subclasses = _subclasses(tree)

    def subclasses(self, cls: Node) -> frozenset[str]:
        """A class's IRI with those of every class below it in the ontology's class tree."""
        return self._subclasses.get(str(cls), frozenset({str(cls)}))

    def shape_name(self, shape: Node) -> str:
        """The name of the node shape holding ``shape`` (or of ``shape`` itself)."""
        owner = self._owner.get(shape)
        return owner.name if owner is not None else _name(self.graph, shape)

    def rule(self, shape: Node, constraint: URIRef) -> str:
        """A short name of a rule: ``"EventShape/minInclusive"`` for a property shape of
        ``EventShape`` and ``sh:MinInclusiveConstraintComponent``."""
        name = str(constraint).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
        return f"{self.shape_name(shape)}/{name[:1].lower()}{name[1:]}"


def _subclasses(tree: tuple[tuple[URIRef, URIRef], ...]) -> dict[str, frozenset[str]]:
    """Each class of the tree with all its subclasses, itself included."""
    children: dict[str, set[str]] = {}
    for sub, sup in tree:
        children.setdefault(str(sup), set()).add(str(sub))

    def closure(c: str) -> frozenset[str]:
        out, todo = {c}, [c]
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in out:
                    out.add(child)
                    todo.append(child)
        return frozenset(out)

    return {c: closure(c) for c in set(children) | {c for cs in children.values() for c in cs}}


@functools.lru_cache(maxsize=1)
def shape_model() -> ShapeModel:
    """The shapes of ``shapes/*.ttl`` and the ontology's class tree, read once per process.

    Do not modify its graph.
    """
    g = Graph()
    for path in shape_files():
        g.parse(path, format="turtle")
    return ShapeModel(g, class_tree())
