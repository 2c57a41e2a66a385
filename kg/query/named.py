"""Named analyst queries (``queries/*.rq``) and ad-hoc SPARQL, with parameters bound as values.

Each ``.rq`` file opens with a comment header::

    # title: Events at a place
    # description: Every event at a settlement, region or country, by its name.
    # param: place — the place's name, as in its label (any case)
    # param: type [type] (optional) — an event type name such as AirStrike; default all
    # param: limit = 100 — the most rows to return

A parameter line reads ``name [kind] = default (optional) — description``; everything but
the name is optional, and ``--`` or ``-`` may stand for the dash. A parameter with neither a
default nor ``(optional)`` is required. An optional parameter left out stays unbound, so the
query must work with the variable free (a pattern that binds it, or
``FILTER(!BOUND(?x) || ...)``).

Kinds, and what a string value becomes:

========  ===========================================================================
string    a plain literal (the default kind); names of places, actors, equipment and
          pages are matched against ``rdfs:label`` in the query, ignoring case
integer   ``xsd:integer``           decimal   ``xsd:decimal``
date      ``xsd:date`` (YYYY-MM-DD)
iri       an IRI, absolute or with a project prefix (``id:event/abc``)
type      an event type name (``AirStrike``), bound as its concept ``ckgt:AirStrike``
========  ===========================================================================

A kind left out is taken from the default (``= 100`` is an integer, ``= 2.5`` a decimal, a
date a date). The parameter ``limit`` (an integer) sets the query's final ``LIMIT`` clause,
which SPARQL cannot take from a variable; its value is checked to be a whole number first.

Every other value is bound to the variable of the same name by
:meth:`kg.store.Store.query`: as an RDF term, never pasted into the query text.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import KGError, QueryError
from kg.namespaces import PREFIXES, TYPES, sparql_prefixes
from kg.records import EVENT_TYPES
from kg.resources import resource_files
from kg.store.base import QueryResult, Store

KINDS = ("string", "integer", "decimal", "date", "iri", "type")
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)

_HEADER = re.compile(r"#\s*(title|description|param)\s*:\s*(.*)$", re.IGNORECASE)
_PARAM = re.compile(
    r"""^(?P<name>[A-Za-z_][A-Za-z0-9_]*)
        (?:\s*\[(?P<kind>[a-z]+)\])?
        (?:\s*=\s*(?P<default>[^\s(—]+))?
        (?:\s*\((?P<optional>optional)\))?
        \s*(?:(?:—|--|-)\s*(?P<description>.*))?$""",
    re.VERBOSE,
)
_FINAL_LIMIT = re.compile(r"\bLIMIT\s+\d+\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Param:
    """A parameter of a named query."""

    name: str
    default: str | None
    description: str
    kind: str
    optional: bool

    @property
    def required(self) -> bool:
        """Whether a value must be given."""
        return self.default is None and not self.optional


@dataclass(frozen=True)
class NamedQuery:
    """A query of ``queries/``: its name (the file stem), header and text."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path

    def param(self, name: str) -> Param | None:
        """The parameter of that name, if any."""
        return next((p for p in self.params if p.name == name), None)


def _kind_of_default(default: str | None) -> str:
    if default is None:
        return "string"
    if re.fullmatch(r"-?\d+", default):
        return "integer"
    if re.fullmatch(r"-?\d*\.\d+", default):
        return "decimal"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", default):
        return "date"
    return "string"


def parse_header(text: str, name: str, path: Path | None = None) -> NamedQuery:
    """Read a query's comment header.

    Raises:
        QueryError: a malformed parameter line, an unknown kind, a missing title, or a
            ``limit`` parameter without a final ``LIMIT`` clause.
    """
    title, description, params = "", [], []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER.match(stripped)
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key == "title":
            title = value
        elif key == "description":
            description.append(value)
        else:
            m = _PARAM.match(value)
            if not m:
                raise QueryError(f"query {name}: cannot read the parameter line {value!r}")
            kind = m.group("kind") or _kind_of_default(m.group("default"))
            if kind not in KINDS:
                raise QueryError(
                    f"query {name}: unknown parameter kind {kind!r}; use one of {', '.join(KINDS)}"
                )
            params.append(Param(m.group("name"), m.group("default"), (m.group("description") or "").strip(),
                                kind, bool(m.group("optional"))))
    if not title:
        raise QueryError(f"query {name} has no '# title:' line")
    limit = next((p for p in params if p.name == "limit"), None)
    if limit is not None and (limit.kind != "integer" or not _FINAL_LIMIT.search(_strip_comments(text))):
        raise QueryError(
            f"query {name}: a 'limit' parameter needs an integer default and a final LIMIT clause"
        )
    return NamedQuery(name, title, " ".join(description), tuple(params), text, path or Path(f"{name}.rq"))


def _strip_comments(text: str) -> str:
    """The text without trailing comment lines and whitespace (for finding the final LIMIT)."""
    lines = text.rstrip().splitlines()
    while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        lines.pop()
    return "\n".join(lines)


def list_queries() -> list[NamedQuery]:
    """Every named query, sorted by name."""
    try:
        files = resource_files("queries", ".rq")
    except KGError as exc:
        raise QueryError(str(exc)) from exc
    return [parse_header(path.read_text(encoding="utf-8"), path.stem, path) for path in files]


def get_query(name: str) -> NamedQuery:
    """The named query of that name.

    Raises:
        QueryError: no query has that name (the message lists the names there are).
    """
    queries = {q.name: q for q in list_queries()}
    if name not in queries:
        raise QueryError(f"no query named {name!r}{did_you_mean(name, queries)}; "
                         "`kg queries` lists them with their parameters")
    return queries[name]


def did_you_mean(word: str, choices) -> str:
    """``"; did you mean 'x'?"`` for the closest of ``choices``, or ``""`` when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def convert_param(param: Param, value: str) -> Any:
    """Convert a parameter's string value to the term or Python value to bind.

    Raises:
        QueryError: the value does not fit the parameter's kind.
    """
    kind = param.kind
    try:
        if kind == "integer":
            return int(value.strip())
        if kind == "decimal":
            number = Decimal(value.strip())
            if not number.is_finite():
                raise ValueError(value)
            return number
        if kind == "date":
            return dt.date.fromisoformat(value.strip())
        if kind == "iri":
            return expand_iri(value.strip())
        if kind == "type":
            names = {n.casefold(): n for n in EVENT_TYPES}
            found = names.get(value.strip().casefold())
            if found is None:
                raise QueryError(f"parameter {param.name}: unknown event type {value!r}; "
                                 f"use one of {', '.join(EVENT_TYPES)}")
            return ox.NamedNode(str(TYPES[found]))
    except (ValueError, InvalidOperation) as exc:
        what = {"integer": "a whole number", "decimal": "a number", "date": "a date (YYYY-MM-DD)",
                "iri": "an IRI"}[kind]
        raise QueryError(f"parameter {param.name} must be {what}, not {value!r}") from exc
    return value


def expand_iri(value: str) -> ox.NamedNode:
    """An absolute IRI, or a project-prefixed name (``id:event/abc``) expanded.

    Raises:
        ValueError: not a valid IRI.
    """
    text = value[1:-1] if value.startswith("<") and value.endswith(">") else value
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        text = str(PREFIXES[prefix]) + local
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text):
        raise ValueError(f"not an absolute IRI: {value!r}")
    return ox.NamedNode(text)


def bind_params(query: NamedQuery, params: dict[str, str] | None) -> tuple[str, dict[str, Any]]:
    """Check and convert a named query's parameters.

    Returns:
        ``(text, bindings)``: the query text (with the final LIMIT set when ``limit`` was
        given) and the values to bind.

    Raises:
        QueryError: an unknown or missing parameter, or a value of the wrong kind.
    """
    params = dict(params or {})
    known = {p.name for p in query.params}
    unknown = sorted(set(params) - known)
    if unknown:
        listed = ", ".join(sorted(known)) or "none"
        raise QueryError(
            f"query {query.name} has no parameter {', '.join(unknown)}"
            f"{did_you_mean(unknown[0], [p.name for p in query.params])}; its parameters: {listed}"
        )
    text, bindings = query.text, {}
    for param in query.params:
        value = params.get(param.name, param.default)
        if value is None:
            if param.required:
                raise QueryError(f"query {query.name} needs the parameter {param.name}: {param.description}")
            continue
        converted = convert_param(param, str(value))
        if param.name == "limit":
            if converted < 0:
                raise QueryError("parameter limit must not be negative")
            body = _strip_comments(text)
            text = _FINAL_LIMIT.sub(f"LIMIT {int(converted)}", body) + "\n"
        else:
            bindings[param.name] = converted
    return text, bindings


ENGINES = ("auto", "sparql", "tables")
"""Where a named query is answered: ``tables`` (the analytics tables, :mod:`kg.analytics`),
``sparql`` (the graph), or ``auto``: the tables when the store has current ones and the query
an SQL twin, else the graph."""


def run_named(
    store: Store, name: str, params: dict[str, str] | None = None, timeout: float | None = None,
    engine: str = "auto",
) -> QueryResult:
    """Run a named query.

    Args:
        store: the store to query.
        name: the query's name (its file stem).
        params: parameter name -> value as text (converted by the parameter's kind).
        timeout: seconds to wait for the answer.
        engine: one of :data:`ENGINES`.

    Returns:
        What :meth:`kg.store.Store.query` returns; the same rows from either engine.

    Raises:
        QueryError: unknown query or parameter, bad value, malformed query, timeout, or
            ``engine="tables"`` where the tables cannot answer.
    """
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    query = get_query(name)
    text, bindings = bind_params(query, params)
    if engine != "sparql":
        answer = _from_tables(store, query, params or {}, bindings, timeout, engine == "tables")
        if answer is not None:
            return answer
    return store.query(text, bindings, timeout=timeout)


def _from_tables(store: Store, query: NamedQuery, params: dict[str, str], bindings: dict[str, Any],
                 timeout: float | None, required: bool) -> QueryResult | None:
    """The answer from the analytics tables, or ``None`` when they cannot give it."""
    from kg.analytics.twins import run_twin, twin_names
    from kg.store.base import run_with_timeout

    def refuse(why: str) -> None:
        if required:
            raise QueryError(f"query {query.name} cannot be answered from the analytics tables: {why}")

    if query.name not in twin_names():
        return refuse("it has no SQL twin")
    sidecar = store.tables()
    if sidecar is None:
        return refuse("the store has no current tables (kg analytics --rebuild makes them)")
    limit_param = query.param("limit")
    limit = int(params.get("limit", limit_param.default)) if limit_param is not None else None
    try:
        con = sidecar.connect(read_only=True, attempts=5)
    except KGError as exc:
        return refuse(str(exc))
    try:
        return run_with_timeout(lambda: run_twin(con, query.name, bindings, limit), timeout)
    finally:
        con.close()


# ------------------------------------------------------------------------------ ad hoc


@dataclass(frozen=True)
class QueryForm:
    """What a SPARQL text is: an update or a query, and whether it calls SERVICE."""

    is_update: bool
    uses_service: bool


def _walk(node: Any) -> Any:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, ParseResults | list | tuple):
            stack.extend(item)


def classify(text: str) -> QueryForm:
    """Tell a query from an update, and find SERVICE calls, by parsing the text.

    rdflib's SPARQL parser is used; for text it cannot parse (syntax it lacks, or an error
    the store will report), keywords are looked for outside strings, IRIs and comments.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseQuery(text)
        is_update = False
    except ParseException:
        try:
            tree = parseUpdate(text)
            is_update = True
        except ParseException:
            words = set(_keywords(text))
            return QueryForm(bool(words & UPDATE_KEYWORDS), "SERVICE" in words)
    uses_service = any(node.name == "ServiceGraphPattern" for node in _walk(tree))
    return QueryForm(is_update, uses_service)


def _keywords(text: str) -> list[str]:
    """Upper-cased bare words of a SPARQL text, outside strings, IRIs, comments and names."""
    from kg.store.bindings import IRI_TOKEN, WORD_TOKEN, skip_string

    words, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            i = skip_string(text, i)
        elif c == "<" and (m := IRI_TOKEN.match(text, i)):
            i = m.end()
        elif m := WORD_TOKEN.match(text, i):
            word = m.group(0)
            if word[0] not in "?$" and ":" not in word:
                words.append(word.upper())
            i = m.end()
        else:
            i += 1
    return words


def run_sparql(
    store: Store,
    text: str,
    params: dict[str, Any] | None = None,
    allow_update: bool = False,
    allow_service: bool = False,
    timeout: float | None = None,
) -> QueryResult | None:
    """Run ad-hoc SPARQL, with the project's prefixes declared.

    Args:
        store: the store.
        text: a query, or an update when ``allow_update``.
        params: variable name -> value to bind (as in :meth:`kg.store.Store.query`).
        allow_update: run an update (returns ``None``); refused otherwise.
        allow_service: allow ``SERVICE`` calls to other endpoints; refused otherwise.
        timeout: seconds to wait for a query's answer.

    Raises:
        QueryError: an update or SERVICE call that was not allowed, or a query error.
    """
    prefixes = sparql_prefixes()
    try:
        return _run_with_prefixes(store, prefixes, text, params, allow_update, allow_service, timeout)
    except QueryError as exc:  # positions count the user's lines, not the prefixes kg added
        shift = prefixes.count("\n")
        message = _POSITION.sub(lambda m: f"at {int(m.group(1)) - shift}:{m.group(2)}", str(exc), count=1)
        raise QueryError(message) from exc


_POSITION = re.compile(r"\bat (\d+):(\d+)")


def _run_with_prefixes(store, prefixes, text, params, allow_update, allow_service, timeout):
    full = prefixes + text
    form = classify(full)
    if form.uses_service and not allow_service:
        raise QueryError("the query calls SERVICE (another endpoint); that is refused unless allowed")
    if form.is_update:
        if not allow_update:
            raise QueryError("this is an update, which would change the store; refused unless allowed")
        if params:
            raise QueryError("parameters cannot be bound in an update")
        store.update(full)
        return None
    return store.query(full, params, timeout=timeout)
