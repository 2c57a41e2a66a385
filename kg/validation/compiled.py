"""The SHACL shapes compiled to SPARQL, run on a pyoxigraph store (a chunk, or a whole store).

:class:`CompiledShapes` compiles the shapes (``shapes/*.ttl``, core constraints only) into
one SPARQL SELECT per constraint (:attr:`CompiledShapes.checks`, each naming its own
violations), then merges them into fewer queries to run (:attr:`CompiledShapes.groups`):

- the value constraints of one property of one target (datatype, ``sh:in``, ranges, class,
  pattern, ...) become one scan of that property, each constraint a flag (``?c0``, ``?c1``)
  that is true on the rows breaking it;
- the ``minCount 1`` and ``sh:or`` constraints of one target become one scan of its nodes;
- the ``maxCount`` constraints of one property and limit, whatever their targets, become one
  grouping of that property, each target a flag.

The shapes are read once, by :mod:`kg.validation.shape_model`, which pySHACL's path reads too.
A query whose target class (or, for value constraints, whose property) does not occur in the
store cannot find anything and is not run. The verdicts are pySHACL's
(``tests/ingest/test_bulk.py`` checks every rule on good and bad cases); a constraint it does
not know makes compilation fail rather than pass silently.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from kg.namespaces import SH
from kg.store.terms import to_rdflib
from kg.validation.shape_model import (
    Constraint,
    NodeShape,
    PropertyShape,
    ShapeModel,
    component,
    shape_model,
)
from kg.validation.shapes import Violation

__all__ = ["Check", "CheckGroup", "CompiledShapes", "compiled_shapes"]


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a SELECT of ``?focus`` (and ``?value``) that violate it."""

    shape: Node
    path: Node | None
    constraint: URIRef
    message: str
    sparql: str


@dataclass
class CheckGroup:
    """One query run for several checks: ``flags`` pairs a flag variable with its check
    (``None``: every row breaks the check); it runs only if one of ``classes`` has a node
    and, when ``predicate`` is set, that property occurs."""

    sparql: str
    flags: list[tuple[str | None, Check]]
    classes: frozenset[str]
    predicate: str | None
    values: bool = True


@dataclass
class _Pending:
    """A group being built: the rows to test (``inner``), a flag per check, and a test
    (``outer``) run only on the rows some flag marks."""

    inner: str
    outer: str
    classes: frozenset[str]
    predicate: str | None
    values: bool
    binds: list[str] = field(default_factory=list)
    flags: list[tuple[str, Check]] = field(default_factory=list)


_PREFIX = "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
_CASTABLE = {str(XSD.integer), str(XSD.decimal), str(XSD.boolean), str(XSD.date),
             str(XSD.dateTime), str(XSD.double), str(XSD.float)}
_TRUE = ox.Literal("true", datatype=ox.NamedNode(str(XSD.boolean)))
_RDF_TYPE = ox.NamedNode(str(RDF.type))


def _n3(term: Node) -> str:
    if isinstance(term, Literal):
        return term.n3()
    return f"<{term}>"


class _Presence:
    """Which classes and properties occur in a store, looked up once each."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.known: dict[tuple[str, str], bool] = {}

    def _has(self, kind: str, iri: str) -> bool:
        key = (kind, iri)
        found = self.known.get(key)
        if found is None:
            node = ox.NamedNode(iri)
            pattern = (None, _RDF_TYPE, node, None) if kind == "class" else (None, node, None, None)
            found = next(iter(self.store.quads_for_pattern(*pattern)), None) is not None
            self.known[key] = found
        return found

    def any_class(self, classes: frozenset[str]) -> bool:
        return any(self._has("class", c) for c in classes)

    def predicate(self, iri: str) -> bool:
        return self._has("predicate", iri)


class CompiledShapes:
    """The shapes as SPARQL checks, run on a pyoxigraph store (its union of graphs).

    Args:
        model: the shapes to compile; those of ``shapes/*.ttl`` by default.
    """

    def __init__(self, model: ShapeModel | None = None) -> None:
        self.model = model if model is not None else shape_model()
        self.graph = self.model.graph
        self.checks: list[Check] = []
        self.groups: list[CheckGroup] = []
        self._pending: dict[tuple, _Pending] = {}
        for shape in self.model.node_shapes:
            if shape.unknown:
                raise NotImplementedError(f"shape {shape.iri}: {shape.unknown[0]} is not compiled")
            classes: set[str] = set()
            for c in shape.target_classes:
                classes |= self.model.subclasses(c)
            target = ("VALUES ?t { " + " ".join(f"<{c}>" for c in sorted(classes))
                      + " } ?focus rdf:type ?t .")
            for prop in shape.properties:
                self._property(target, frozenset(classes), prop)
            for alternatives in shape.alternatives:
                self._or(target, frozenset(classes), shape, alternatives)
        for pending in self._pending.values():
            self._close(pending)
        del self._pending

    # ------------------------------------------------------------ compiling

    def _check(self, shape: Node, path: Node | None, name: str, message: str, body: str,
               value: bool = True) -> Check:
        select = "SELECT DISTINCT ?focus ?value" if value else "SELECT DISTINCT ?focus"
        check = Check(shape, path, component(name), message,
                      f"{_PREFIX}{select} WHERE {{ {body} }}")
        self.checks.append(check)
        return check

    def _alone(self, check: Check, classes: frozenset[str], predicate: str | None,
               value: bool) -> None:
        self.groups.append(CheckGroup(check.sparql, [(None, check)], classes, predicate, value))

    def _flag(self, key: tuple, pending: _Pending, check: Check, condition: str,
              extra: str = "") -> None:
        """Add ``check`` to the group ``key`` as a flag true where ``condition`` holds."""
        pending = self._pending.setdefault(key, pending)
        n = len(pending.flags)
        extra = extra.replace("?cast", f"?cast{n}")
        condition = condition.replace("?cast", f"?cast{n}")
        pending.binds.append(f"{extra} BIND(({condition}) AS ?c{n})")
        pending.flags.append((f"c{n}", check))

    def _close(self, pending: _Pending) -> None:
        # The flags are computed in a subquery, so that the outer test (the focus node's
        # class, an EXISTS per row) runs on the few flagged rows only: Oxigraph would
        # otherwise run it first, on every row.
        variables = " ".join(f"?{var}" for var, _ in pending.flags)
        anyone = " || ".join(f"COALESCE(?{var}, false)" for var, _ in pending.flags)
        keys = "?focus ?value" if pending.values else "?focus"
        sparql = (f"{_PREFIX}SELECT DISTINCT {keys} {variables} WHERE {{ {{ SELECT {keys} "
                  f"{variables} WHERE {{ {pending.inner} {' '.join(pending.binds)} "
                  f"FILTER({anyone}) }} }} {pending.outer} }}")
        self.groups.append(CheckGroup(sparql, list(pending.flags), pending.classes,
                                      pending.predicate, pending.values))

    def _property(self, target: str, classes: frozenset[str], prop: PropertyShape) -> None:
        # Checks on values start from the values and test the focus node's class last
        # (``typed``), in an outer query: a chunk holds many values and few violations.
        path = prop.path
        if not isinstance(path, URIRef):
            raise NotImplementedError(f"property shape {prop.iri}: only simple paths are compiled")
        p = f"<{path}>"
        typed = f"FILTER EXISTS {{ {target} }}"
        if path == RDF.type:  # every node has types: start from the targets
            scan, outer = f"{target} ?focus {p} ?value .", ""
        else:
            scan, outer = f"?focus {p} ?value .", typed

        def nested(inner: str, keys: str = "?focus ?value") -> str:
            return f"{{ SELECT {keys} WHERE {{ {inner} }} }} {outer}"

        def check(name: str, body: str, value: bool = True) -> Check:
            return self._check(prop.iri, path, name, prop.message, body, value)

        def on_values(name: str, condition: str, extra: str = "") -> None:
            found = check(name, nested(f"{scan} {extra} FILTER({condition})"))
            self._flag(("values", target, str(path)),
                       _Pending(scan, outer, classes, str(path), True), found, condition, extra)

        for constraint in prop.constraints:
            c, arg = constraint.parameter, constraint.value
            if c == SH.minCount:
                n = int(arg)  # type: ignore[call-overload]
                if n == 1:
                    body = f"{target} MINUS {{ ?focus {p} ?any }}"
                else:
                    body = (f"{target} OPTIONAL {{ SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE "
                            f"{{ ?focus {p} ?v }} GROUP BY ?focus }} FILTER(COALESCE(?n, 0) < {n})")
                self._alone(check("MinCount", body, value=False), classes, None, False)
            elif c == SH.maxCount:
                n = int(arg)  # type: ignore[call-overload]
                count = (f"{{ SELECT ?focus WHERE {{ ?focus {p} ?v }} GROUP BY ?focus "
                         f"HAVING (COUNT(DISTINCT ?v) > {n}) }}")
                found = check("MaxCount", f"{count} {typed}", value=False)
                key = ("max", str(path), n)
                pending = self._pending.get(key) or _Pending(count, "", classes, str(path), False)
                pending.classes = pending.classes | classes
                self._flag(key, pending, found, f"EXISTS {{ {target} }}")
            elif c == SH.datatype:
                d = str(arg)
                ok = f"isLITERAL(?value) && DATATYPE(?value) = <{d}>"
                if d in _CASTABLE:
                    on_values("Datatype", f"!({ok} && BOUND(?cast))",
                              f"BIND(<{d}>(STR(?value)) AS ?cast)")
                else:
                    on_values("Datatype", f"!({ok})")
            elif c == SH["in"]:
                members = ", ".join(_n3(m) for m in arg)  # type: ignore[attr-defined]
                on_values("In", f"?value NOT IN ({members})")
            elif c == SH["class"]:
                # MINUS: one anti-join, where NOT EXISTS would be a lookup per row
                kinds = " ".join(f"<{x}>" for x in sorted(self.model.subclasses(arg)))  # type: ignore[arg-type]
                body = nested(f"{scan} MINUS {{ VALUES ?c {{ {kinds} }} ?value rdf:type ?c }}")
                self._alone(check("Class", body), classes, str(path), True)
            elif c in (SH.minInclusive, SH.maxInclusive):
                op = ">=" if c == SH.minInclusive else "<="
                on_values("MinInclusive" if op == ">=" else "MaxInclusive",
                          f"!COALESCE(?value {op} {_n3(arg)}, false)")  # type: ignore[arg-type]
            elif c == SH.nodeKind:
                if arg != SH.Literal:
                    raise NotImplementedError(f"{prop.iri}: sh:nodeKind {arg}")
                on_values("NodeKind", "!isLITERAL(?value)")
            elif c == SH.minLength:
                on_values("MinLength", f"isBLANK(?value) || STRLEN(STR(?value)) < {int(arg)}")  # type: ignore[call-overload]
            elif c == SH.pattern:
                on_values("Pattern",
                          f"isBLANK(?value) || !REGEX(STR(?value), {_n3(Literal(str(arg)))})")
            elif c == SH.lessThanOrEquals:
                # joins another property: its rows are not the property's rows, so it runs alone
                body = nested(f"{scan} ?focus <{arg}> ?other . "
                              "FILTER(!COALESCE(?value <= ?other, false))")
                self._alone(check("LessThanOrEquals", body), classes, str(path), True)
            elif c == SH.qualifiedValueShape:
                self._qualified(typed, classes, prop, path, constraint)
            else:
                raise NotImplementedError(f"property shape {prop.iri}: {c} is not compiled")

    def _qualified(self, typed: str, classes: frozenset[str], prop: PropertyShape, path: URIRef,
                   constraint: Constraint) -> None:
        if constraint.limit is None or constraint.value is None:
            raise NotImplementedError(f"{prop.iri}: only sh:qualifiedValueShape [ sh:in ] with a max")
        members = " ".join(_n3(m) for m in constraint.value)  # type: ignore[attr-defined]
        body = (f"{{ SELECT ?focus WHERE {{ VALUES ?v {{ {members} }} ?focus <{path}> ?v }} "
                f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) > {constraint.limit}) }} {typed}")
        found = self._check(prop.iri, path, "QualifiedMaxCount", prop.message, body, value=False)
        self._alone(found, classes, str(path), False)

    def _or(self, target: str, classes: frozenset[str], shape: NodeShape,
            alternatives: tuple[PropertyShape, ...]) -> None:
        conditions = []
        for alt in alternatives:
            if not isinstance(alt.path, URIRef) or len(alt.constraints) != 1:
                raise NotImplementedError(f"{shape.iri}: sh:or of one count per property only")
            kind, n = alt.constraints[0].parameter, alt.constraints[0].value
            if kind == SH.maxCount and n == 0:
                conditions.append(f"NOT EXISTS {{ ?focus <{alt.path}> ?any }}")
            elif kind == SH.minCount and n == 1:
                conditions.append(f"EXISTS {{ ?focus <{alt.path}> ?any }}")
            else:
                raise NotImplementedError(f"{shape.iri}: sh:or alternative {kind} {n}")
        body = f"{target} FILTER(!({' || '.join(conditions)}))"
        found = self._check(shape.iri, None, "Or", shape.message, body, value=False)
        self._alone(found, classes, None, False)

    # ------------------------------------------------------------ running

    def run(self, store: ox.Store) -> list[Violation]:
        """Every violation in ``store`` (its union of graphs), sorted as pySHACL's are."""
        out = []
        present = _Presence(store)
        for group in self.groups:
            if not present.any_class(group.classes):
                continue
            if group.predicate is not None and not present.predicate(group.predicate):
                continue
            for row in store.query(group.sparql, use_default_graph_as_union=True):
                value = row["value"] if group.values else None
                for var, check in group.flags:
                    if var is not None and row[var] != _TRUE:
                        continue
                    rule = self.model.rule(check.shape, check.constraint)
                    out.append(Violation(
                        focus_node=to_rdflib(row["focus"]),
                        path=check.path,
                        shape=check.shape,
                        constraint=check.constraint,
                        message=check.message or rule,
                        severity=SH.Violation,
                        value=to_rdflib(value) if value is not None else None,
                        rule=rule,
                    ))
        out.sort(key=lambda v: (str(v.focus_node), v.rule, str(v.value)))
        return out

    def run_each(self, store: ox.Store) -> list[Violation]:
        """The same verdicts as :meth:`run`, one query per check (slow; to compare)."""
        out = []
        for check in self.checks:
            rule = self.model.rule(check.shape, check.constraint)
            for row in store.query(check.sparql, use_default_graph_as_union=True):
                value = row["value"] if len(row) > 1 else None
                out.append(Violation(
                    focus_node=to_rdflib(row["focus"]), path=check.path, shape=check.shape,
                    constraint=check.constraint, message=check.message or rule,
                    severity=SH.Violation, value=to_rdflib(value) if value is not None else None,
                    rule=rule))
        out.sort(key=lambda v: (str(v.focus_node), v.rule, str(v.value)))
        return out

    def load(self, text: str | bytes, lenient: bool = False) -> ox.Store:
        """A scratch in-memory store holding the N-Quads ``text``; ``lenient`` skips checking
        IRIs and language tags (a third faster), for text this package wrote itself: the store
        the text then goes to checks them again."""
        scratch = ox.Store()
        if text:
            scratch.load(text.encode("utf-8") if isinstance(text, str) else text,
                         format=ox.RdfFormat.N_QUADS, lenient=lenient)
        return scratch

    def validate_nquads(self, text: str | bytes) -> list[Violation]:
        """Load N-Quads into a scratch in-memory store and run every check on it."""
        return self.run(self.load(text))


@functools.lru_cache(maxsize=1)
def compiled_shapes() -> CompiledShapes:
    """The shapes compiled once per process."""
    return CompiledShapes()
