"""Query results as plain values: rows with variable names, and their table serializers.

A SELECT gives :class:`Rows`: the variable names, the raw pyoxigraph terms of every solution
(``raw``), and the same rows as plain Python values (``rows``, see
:func:`kg.store.terms.to_python`). Tables serialize as CSV, TSV, W3C SPARQL JSON results or a
list of dicts.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.store.terms import Term, lexical, to_python

TABLE_FORMATS = ("csv", "tsv", "json", "dicts")
"""Formats :func:`serialize_rows` writes."""


@dataclass(frozen=True)
class Rows:
    """The solutions of a SELECT query.

    Attributes:
        variables: the projected variable names, in query order.
        raw: one tuple of pyoxigraph terms (``None`` where unbound) per solution.
    """

    variables: tuple[str, ...]
    raw: tuple[tuple[Term | None, ...], ...]
    _values: list[tuple[Any, ...]] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def from_solutions(cls, solutions: ox.QuerySolutions) -> Rows:
        """Read every solution of a pyoxigraph SELECT result."""
        variables = tuple(v.value for v in solutions.variables)
        raw = tuple(tuple(solution[i] for i in range(len(variables))) for solution in solutions)
        return cls(variables, raw)

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        """The rows as plain Python values (computed once)."""
        if not self._values and self.raw:
            self._values.extend(tuple(to_python(t) for t in row) for row in self.raw)
        return self._values

    def dicts(self) -> list[dict[str, Any]]:
        """The rows as dicts from variable name to plain value (unbound variables left out)."""
        return [
            {name: value for name, value in zip(self.variables, row, strict=True) if value is not None}
            for row in self.rows
        ]

    def column(self, name: str) -> list[Any]:
        """The plain values of one variable, row by row."""
        index = self.variables.index(name)
        return [row[index] for row in self.rows]

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame (one column per variable, plain values, ``None`` where
        unbound), for notebooks; needs pandas (the ``analysis`` extra).

        Raises:
            QueryError: pandas is not installed.
        """
        try:
            import pandas as pd
        except ImportError:
            from kg.errors import QueryError

            raise QueryError("a DataFrame needs pandas: pip install 'conflict-kg[analysis]'") from None
        return pd.DataFrame.from_records(self.rows, columns=list(self.variables))

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.raw)

    def __bool__(self) -> bool:
        return bool(self.raw)


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}


def sparql_json(rows: Rows) -> dict[str, Any]:
    """The W3C SPARQL 1.1 JSON results object of some rows."""
    bindings = [
        {name: _json_term(term) for name, term in zip(rows.variables, row, strict=True) if term is not None}
        for row in rows.raw
    ]
    return {"head": {"vars": list(rows.variables)}, "results": {"bindings": bindings}}


def _tsv_cell(term: Term | None) -> str:
    return lexical(term).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def serialize_rows(rows: Rows, fmt: str) -> str | list[dict[str, Any]]:
    """Serialize rows as a table.

    Args:
        rows: the rows.
        fmt: ``csv`` (RFC 4180, plain values as in SPARQL CSV results), ``tsv`` (plain values,
            with tabs, newlines and backslashes escaped as ``\\t``, ``\\n``, ``\\\\``),
            ``json`` (W3C SPARQL JSON results) or ``dicts`` (a list of dicts of plain values).

    Returns:
        The text, or for ``dicts`` the list.

    Raises:
        ValueError: for an unknown format.
    """
    if fmt == "dicts":
        return rows.dicts()
    if fmt == "json":
        return json.dumps(sparql_json(rows), ensure_ascii=False)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(rows.variables)
        writer.writerows([lexical(t) for t in row] for row in rows.raw)
        return buffer.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(rows.variables)]
        lines.extend("\t".join(_tsv_cell(t) for t in row) for row in rows.raw)
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown table format {fmt!r}; use one of {', '.join(TABLE_FORMATS)}")


def rows_of(variables: Sequence[str], raw: Iterable[Sequence[Term | None]]) -> Rows:
    """Build rows from variable names and terms (for backends that parse results themselves)."""
    return Rows(tuple(variables), tuple(tuple(r) for r in raw))
