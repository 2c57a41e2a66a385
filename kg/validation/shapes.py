"""Validation of a batch against the SHACL shapes, and violations told in human terms.

A batch is what :func:`kg.rdf.mapping.document_to_dataset` writes for one or more documents: the
shared graph and the update graphs. It is validated as one graph (the union of its named
graphs), because events in an update graph point at actors and places in the shared graph.

The shapes (``shapes/*.ttl``, core SHACL only, read by :mod:`kg.validation.shape_model`)
target classes the mapping always writes explicitly (``ckg:Event``, ``ckg:Actor``...), so no
inference is needed: validation is pySHACL's plain core engine, the reference the compiled
checks (:mod:`kg.validation.compiled`) are held to, fast enough to run on every batch.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pyshacl import validate as _pyshacl_validate
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import PROV, RDF, RDFS
from rdflib.term import Node

from kg.errors import NonConformingError
from kg.namespaces import CKG, GEO, SH, compact
from kg.validation.shape_model import shape_files, shape_model

__all__ = [
    "Violation",
    "ValidationReport",
    "shape_files",
    "shapes_graph",
    "union_graph",
    "validate_graph",
    "require_conforming",
    "describe",
    "describe_report",
]


@dataclass(frozen=True)
class Violation:
    """One result of validation: a node that breaks one constraint of one shape.

    Attributes:
        focus_node: the node that breaks the rule (an event, actor, place...).
        path: the property the rule is about, when it is a property rule.
        shape: the shape that reported it (a property shape such as
            ``ckgsh:Event-killed-min``, or a node shape).
        constraint: the SHACL constraint component (``sh:MinInclusiveConstraintComponent``).
        message: the shape's human message (``"killed must be ≥ 0"``).
        severity: ``sh:Violation``, ``sh:Warning`` or ``sh:Info``.
        value: the offending value, when there is one.
        rule: a short name of the rule, ``"EventShape/minInclusive"``.
    """

    focus_node: Node
    path: Node | None
    shape: Node
    constraint: URIRef
    message: str
    severity: URIRef
    value: Node | None = None
    rule: str = ""


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating a batch.

    Attributes:
        conforms: whether the batch satisfies every shape.
        violations: every result, sorted for stable output.
        text: one human line per violation (see :func:`describe`), empty when it conforms.
    """

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    text: str = ""


# ---------------------------------------------------------------- shapes


def shapes_graph() -> Graph:
    """Return all shapes as one graph, parsed once and cached. Do not modify it."""
    return shape_model().graph


# ---------------------------------------------------------------- validation


def union_graph(data: Graph | Dataset) -> Graph:
    """Return one plain graph holding every triple of every graph of ``data``.

    A plain :class:`rdflib.Graph` is returned as it is.
    """
    if isinstance(data, (Dataset, ConjunctiveGraph)):
        g = Graph()
        for s, p, o, _ in data.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    return data


def _copy(data: Graph | Dataset) -> Graph:
    if isinstance(data, (Dataset, ConjunctiveGraph)):
        return union_graph(data)
    g = Graph()
    for triple in data:
        g.add(triple)
    return g


def validate_graph(data: Graph | Dataset) -> ValidationReport:
    """Validate a batch against every shape.

    Args:
        data: a Dataset (as the mapping writes it; the union of its graphs is validated) or a
            plain Graph. It is not modified.

    Returns:
        A :class:`ValidationReport`; ``conforms`` is False when any shape is broken.
    """
    graph = _copy(data)
    for sub, sup in shape_model().class_tree:
        graph.add((sub, RDFS.subClassOf, sup))
    conforms, results, _ = _pyshacl_validate(
        graph,
        shacl_graph=shapes_graph(),
        inference="none",
        advanced=False,
        abort_on_first=False,
        allow_warnings=False,
        inplace=True,  # on our own copy
    )
    violations = _violations(results)
    text = "\n".join(describe(v, graph) for v in violations)
    return ValidationReport(conforms=bool(conforms), violations=violations, text=text)


def _violations(results: Graph) -> list[Violation]:
    model = shape_model()
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        shape = results.value(result, SH.sourceShape)
        constraint = results.value(result, SH.sourceConstraintComponent)
        message = results.value(result, SH.resultMessage)
        out.append(Violation(
            focus_node=results.value(result, SH.focusNode),
            path=results.value(result, SH.resultPath),
            shape=shape,
            constraint=constraint,
            message=str(message) if message is not None else model.rule(shape, constraint),
            severity=results.value(result, SH.resultSeverity),
            value=results.value(result, SH.value),
            rule=model.rule(shape, constraint),
        ))
    out.sort(key=lambda v: (str(v.focus_node), v.rule, str(v.value)))
    return out


def require_conforming(data: Graph | Dataset, what: str = "the batch") -> ValidationReport:
    """Validate, and raise when the batch does not conform.

    Raises:
        NonConformingError: carrying the report, its message naming every violation.
    """
    report = validate_graph(data)
    if not report.conforms:
        n = len(report.violations)
        raise NonConformingError(
            f"{what} does not conform to the shapes ({n} violation{'s' if n != 1 else ''}):\n"
            + report.text,
            report,
        )
    return report


# ---------------------------------------------------------------- telling it


_OWNERS = (CKG.hasParticipation, CKG.hasEquipmentUse, CKG.evidence, CKG.furtherEvidence)


def _label(g: Graph, node: Node) -> str:
    label = g.value(node, RDFS.label)
    if label is None:
        label = g.value(node, CKG.heading)  # a report's label is its heading
    return str(label) if label is not None else str(node)


def _report_heading(g: Graph, node: Node) -> str | None:
    for report in g.objects(node, PROV.wasDerivedFrom):
        heading = g.value(report, CKG.heading)
        if heading is not None:
            return str(heading)
    return None


def _event_words(g: Graph, event: Node) -> str:
    heading = _report_heading(g, event)
    text = f"event '{_label(g, event)}'"
    return f"{text} ({heading})" if heading else text


def _who(g: Graph, node: Node) -> str:
    """Name a node in human terms: ``event 'AirStrike at X on 2024-06-20' (UPDATE 1308 GMT)``."""
    types = set(g.objects(node, RDF.type))
    if CKG.Event in types or (node, CKG.eventType, None) in g:
        return _event_words(g, node)
    for prop in _OWNERS:
        for event in g.subjects(prop, node):
            part = {CKG.hasParticipation: "participation", CKG.hasEquipmentUse: "equipment use",
                    CKG.evidence: "evidence", CKG.furtherEvidence: "evidence"}[prop]
            if prop == CKG.furtherEvidence:  # its words in another update: name that update
                heading = _report_heading(g, node)
                if heading is not None:
                    part += f" in {heading}"
            elif prop == CKG.hasParticipation:
                actor = g.value(node, CKG.actor)
                if actor is not None:
                    part += f" of '{_label(g, actor)}'"
            elif prop == CKG.hasEquipmentUse:
                equipment = g.value(node, CKG.equipment)
                if equipment is not None:
                    part += f" of '{_label(g, equipment)}'"
            return f"{_event_words(g, event)}, {part}"
    for cls, word in ((CKG.Actor, "actor"), (CKG.Place, "place"), (CKG.Equipment, "equipment"),
                      (CKG.Page, "page")):
        if cls in types:
            return f"{word} '{_label(g, node)}'"
    if CKG.Report in types:
        return f"report '{_label(g, node)}'"
    for place in g.subjects(GEO.hasGeometry, node):
        return f"place '{_label(g, place)}', geometry"
    return compact(node)


def _value_words(value: Node | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Literal):
        return f" (got {str(value)!r})"
    return f" (got {compact(value)})"


def describe(violation: Violation, data: Graph | Dataset) -> str:
    """Tell a violation in one line, naming the node as an analyst knows it.

    ``event 'AirStrike at X on 2024-06-20' (UPDATE 1308 GMT): killed must be ≥ 0 (got '-1')
    [EventShape/minInclusive]``

    Args:
        violation: one violation of a report.
        data: the batch that was validated (to find labels and report headings).
    """
    g = union_graph(data)
    return (f"{_who(g, violation.focus_node)}: {violation.message}"
            f"{_value_words(violation.value)} [{violation.rule}]")


def describe_report(report: ValidationReport, data: Graph | Dataset) -> str:
    """Tell every violation of a report, one per line (empty when it conforms)."""
    if report.conforms:
        return ""
    g = union_graph(data)
    return "\n".join(describe(v, g) for v in report.violations)
