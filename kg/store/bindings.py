"""Binding values to query variables without pasting text into the query.

Every backend binds the same way: the values become RDF terms (:func:`kg.store.terms.to_ox`),
and a ``VALUES (?a ?b) { (term term) }`` block written from the terms' N-Triples form (quotes,
backslashes and newlines escaped) is inserted at the start of the query's WHERE group. No
bound text can change the structure of the query.

Why not pyoxigraph's ``substitutions=``: it only accepts variables that the SELECT projects,
and the named queries bind parameters that aggregates group away (a place name, a type). A
``VALUES`` block at the start of the WHERE group works for SELECT, ASK, CONSTRUCT and
DESCRIBE alike, and is the same on a remote endpoint, which has no other way to bind. (A
variable used only inside a sub-query that does not project it is not reached.)
"""
from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.store.terms import to_ox

_VARNAME = re.compile(r"[A-Za-z_0-9\u00B7\u00C0-\uFFFF]+")

IRI_TOKEN = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
"""An IRI in angle brackets, as the SPARQL lexer reads it."""
WORD_TOKEN = re.compile(r"[?$]?[A-Za-z_][\w.-]*(?::[\w.%-]*)?|:[\w.%-]*")
"""A keyword, variable or prefixed name."""


def skip_string(text: str, i: int) -> int:
    """Index just past the string literal starting at ``i``."""
    for quote in ('"""', "'''"):
        if text.startswith(quote, i):
            j = i + 3
            while j < len(text):
                if text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(quote, j):
                    return j + 3
                j += 1
            return len(text)
    quote = text[i]
    j = i + 1
    while j < len(text) and text[j] != quote and text[j] != "\n":
        j += 2 if text[j] == "\\" else 1
    return j + 1


def where_brace(sparql: str) -> int | None:
    """Index of the ``{`` opening the query's WHERE group (outside strings, IRIs, comments)."""
    i, form, after_where = 0, None, False
    n = len(sparql)
    while i < n:
        c = sparql[i]
        if c == "#":
            end = sparql.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            i = skip_string(sparql, i)
        elif c == "<" and (m := IRI_TOKEN.match(sparql, i)):
            i = m.end()
        elif c == "{":
            if form != "CONSTRUCT" or after_where:
                return i
            # the template of a CONSTRUCT: skip to its closing brace
            depth = 0
            while i < n:
                if sparql[i] in "\"'":
                    i = skip_string(sparql, i)
                    continue
                depth += {"{": 1, "}": -1}.get(sparql[i], 0)
                i += 1
                if depth == 0:
                    break
        elif m := WORD_TOKEN.match(sparql, i):
            word = m.group(0).upper()
            if form is None and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = word
            elif word == "WHERE":
                after_where = True
            i = m.end()
        else:
            i += 1
    return None


def bind_values(sparql: str, bindings: dict[str, Any]) -> str:
    """Bind variables by a ``VALUES`` block at the start of the WHERE group.

    Values are converted to RDF terms and written in N-Triples form (quotes, backslashes
    and newlines escaped), so no bound text can change the query's structure.

    Raises:
        QueryError: a value cannot be bound (a blank node, an unsupported type).
    """
    if not bindings:
        return sparql
    names, terms = [], []
    for name, value in bindings.items():
        variable = name.lstrip("?$")
        if not _VARNAME.fullmatch(variable):
            raise QueryError(f"not a variable name: {name!r}")
        try:
            term = to_ox(value)
        except (TypeError, ValueError) as exc:
            raise QueryError(f"cannot bind ?{variable}: {exc}") from exc
        if isinstance(term, ox.BlankNode):
            raise QueryError(f"cannot bind ?{variable} to a blank node")
        names.append(f"?{variable}")
        terms.append(str(term))
    block = f" VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }} "
    brace = where_brace(sparql)
    if brace is None:
        return sparql + "\n" + block
    return sparql[: brace + 1] + block + sparql[brace + 1:]

