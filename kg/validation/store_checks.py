"""Whole-store checks: SPARQL run on the store for faults that no single batch shows.

The shapes (``kg.validation.shapes``) judge each node by itself. These checks join across what many
updates wrote, or look for what is missing: an event dated after its page was published or
its update was posted, a casualty figure past a sanity bound, more equipment destroyed than
the stated total, a place far from its region, a type or role outside its scheme, a report
without its page, an event without its report. They are plain SPARQL on the store (fast on
millions of triples, and the same on a SPARQL server), one file each in ``queries/checks/``.

A check file opens with the header of a named query (``# title:``, ``# description:``,
``# param:``; see :mod:`kg.query.named`) and two lines of its own:

``# message: event {event} is dated {date} ...``
    the finding's text; ``{name}`` is the row's value of ``?name`` (IRIs in compact form,
    ``{name}`` of a ``?name_squared`` column its square root); a ``" ()"`` left by an unbound
    value is dropped.
``# not-in-scheme: VAR SCHEME`` (optional)
    keep only rows whose ``?VAR`` is not a concept of the SKOS scheme ``SCHEME`` in
    ``ontology/``, for stores that do not hold the taxonomy: a ``FILTER(?VAR NOT IN (...))``
    listing the scheme's concepts (IRIs read from the ontology files, written in their
    N-Triples form) is added at the start of the WHERE group, so the store does the work.

Every check selects ``?node``: the node the finding is about.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from kg.errors import KGError, QueryError
from kg.namespaces import compact
from kg.query.named import NamedQuery, bind_params, expand_iri, parse_header
from kg.resources import resource_dir
from kg.store.base import Store
from kg.store.bindings import where_brace
from kg.store.terms import lexical
from kg.validation import ontology

CHECKS_FOLDER = "checks"
"""Subfolder of ``queries/`` holding the checks (``kg queries`` lists only the top folder)."""

_MESSAGE = re.compile(r"#\s*message\s*:\s*(.*)$", re.IGNORECASE)
_SCHEME = re.compile(r"#\s*not-in-scheme\s*:\s*(\w+)\s+(\S+)\s*$", re.IGNORECASE)
_FIELD = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class CheckFinding:
    """One fault a check found.

    Attributes:
        check: the check's name (its file stem, ``event-after-publication``).
        node: the IRI of the node the finding is about.
        message: one line saying what is wrong, naming the nodes.
    """

    check: str
    node: str
    message: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.message}"


@dataclass(frozen=True)
class Check:
    """A whole-store check: its query, message template and scheme filter."""

    query: NamedQuery
    message: str
    not_in_scheme: tuple[str, str] | None = None

    @property
    def name(self) -> str:
        """The file stem."""
        return self.query.name

    @property
    def title(self) -> str:
        """The ``# title:`` line."""
        return self.query.title


def checks_dir() -> Path:
    """The folder of the check queries."""
    try:
        return resource_dir("queries") / CHECKS_FOLDER
    except KGError as exc:
        raise QueryError(str(exc)) from exc


def parse_check(text: str, name: str, path: Path | None = None) -> Check:
    """Read a check file.

    Raises:
        QueryError: a malformed header, no ``# message:`` line, or no ``?node`` variable.
    """
    query = parse_header(text, name, path)
    message, scheme = None, None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            break
        if m := _MESSAGE.match(stripped):
            message = m.group(1).strip()
        elif m := _SCHEME.match(stripped):
            scheme = (m.group(1), m.group(2))
    if not message:
        raise QueryError(f"check {name} has no '# message:' line")
    if "?node" not in text:
        raise QueryError(f"check {name} does not select ?node")
    return Check(query, message, scheme)


def list_checks() -> list[Check]:
    """Every check of ``queries/checks/``, sorted by name."""
    folder = checks_dir()
    if not folder.is_dir():
        raise QueryError(f"cannot find the checks folder {folder}")
    return [parse_check(p.read_text(encoding="utf-8"), p.stem, p) for p in sorted(folder.glob("*.rq"))]


def scheme_concepts(scheme: str) -> frozenset[str]:
    """IRIs of the concepts ``ontology/`` puts in a SKOS scheme (a compact or full IRI)."""
    return ontology.scheme_concepts(URIRef(expand_iri(scheme).value))


def _exclude_scheme(text: str, variable: str, scheme: str) -> str:
    """The query with ``FILTER(?variable NOT IN (<concept> ...))`` opening its WHERE group."""
    brace = where_brace(text)
    concepts = sorted(scheme_concepts(scheme))
    if brace is None or not concepts:
        raise QueryError(f"cannot add the concepts of {scheme} to the check's WHERE group")
    listed = ", ".join(str(ox.NamedNode(c)) for c in concepts)
    return f"{text[:brace + 1]}\n  FILTER(?{variable} NOT IN ({listed}))\n{text[brace + 1:]}"


def _words(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, ox.NamedNode):
        return compact(value.value)
    return lexical(value)  # type: ignore[arg-type]


def format_message(template: str, row: dict[str, object]) -> str:
    """Fill a message template from a row of raw terms (see the module docstring)."""
    def field(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in row:
            return _words(row[name])
        squared = row.get(f"{name}_squared")
        if squared is not None:
            try:
                return f"{math.sqrt(float(_words(squared))):.0f}"
            except ValueError:
                return _words(squared)
        return ""

    return _FIELD.sub(field, template).replace(" ()", "")


def run_check(store: Store, check: Check, params: dict[str, str] | None = None) -> list[CheckFinding]:
    """Run one check.

    Args:
        store: the store.
        check: the check.
        params: values for its parameters (as text), defaults otherwise.

    Returns:
        Its findings, in the query's order.
    """
    text, bindings = bind_params(check.query, params)
    if check.not_in_scheme:
        text = _exclude_scheme(text, *check.not_in_scheme)
    rows = store.query(text, bindings)
    variables = getattr(rows, "variables", ())
    findings = []
    for raw in getattr(rows, "raw", ()):
        row = {name: term for name, term in zip(variables, raw, strict=True) if term is not None}
        node = row.get("node")
        findings.append(CheckFinding(check.name, getattr(node, "value", str(node)),
                                     format_message(check.message, row)))
    return findings


def run_checks(store: Store, names: list[str] | None = None,
               params: dict[str, dict[str, str]] | None = None) -> list[CheckFinding]:
    """Run the whole-store checks.

    Args:
        store: the store (read-only is enough).
        names: only these checks (file stems); all by default.
        params: check name -> its parameter values (``{"casualties-above-bound": {"bound": "5000"}}``).

    Returns:
        Every finding, check by check in name order; empty when the store passes.

    Raises:
        QueryError: an unknown check name, a bad parameter, or a query the store refuses.
    """
    checks = list_checks()
    if names is not None:
        by_name = {c.name: c for c in checks}
        unknown = sorted(set(names) - set(by_name))
        if unknown:
            raise QueryError(f"no check named {', '.join(unknown)}; "
                             f"the checks are: {', '.join(sorted(by_name))}")
        checks = [by_name[n] for n in names]
    params = params or {}
    findings: list[CheckFinding] = []
    for check in checks:
        findings.extend(run_check(store, check, params.get(check.name)))
    return findings


__all__ = ["Check", "CheckFinding", "format_message", "list_checks", "parse_check", "run_check", "run_checks"]
