"""SQL twins of the named queries: ``queries/sql/NAME.sql``, answered from the analytics tables.

A twin opens with a comment header::

    -- columns: typeName string, events integer, first date, last date
    -- order: events, typeName
    -- concat: places "; "

``columns`` lists the result's columns, each with the kind of RDF term its SPARQL twin gives
(``iri``, ``string``, ``integer``, ``decimal``, ``double``, ``date``, ``datetime``,
``boolean``), so that the rows come back as the same terms in the same columns. ``order`` names
the columns the query sorts by, and ``concat`` the columns that join values with a separator
(in no set order), so a test can compare a twin with its SPARQL row for row. Parameters are
the named query's own (``$name`` in the SQL; bound by DuckDB, never pasted), an optional one
left out is ``NULL``; ``$limit`` binds the ``limit`` parameter.
"""
from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.resources import resource_dir
from kg.store.results import Rows

__all__ = ["KINDS", "Twin", "get_twin", "run_twin", "twin_names"]

XSD = "http://www.w3.org/2001/XMLSchema#"
KINDS = ("iri", "string", "integer", "decimal", "double", "date", "datetime", "boolean")
_HEADER = re.compile(r"--\s*(columns|order|concat|reads)\s*:\s*(.*)$")
OCCASION_TABLES = ("events", "event_links", "participations", "equipment_uses", "evidence")
"""Tables a twin reads as the named queries read the graph, one occasion one event: views of
them without the accounts merged into another (``occasion_accounts``, ``docs/model.md``), unless
the twin's header says ``-- reads: accounts``."""
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class Twin:
    """An SQL twin: its columns with their term kinds, order and concatenated columns."""

    name: str
    sql: str
    columns: tuple[tuple[str, str], ...]
    order: tuple[str, ...]
    concat: dict[str, str]
    accounts: bool = False
    """Reads every report's event (``-- reads: accounts``), not one per occasion."""

    @property
    def params(self) -> tuple[str, ...]:
        """The ``$name`` parameters the SQL uses."""
        return tuple(dict.fromkeys(_PARAM.findall(_without_comments(self.sql))))


def _without_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


def parse_twin(name: str, sql: str) -> Twin:
    """Read a twin's header.

    Raises:
        QueryError: no ``columns`` line, or a column of an unknown kind.
    """
    columns: list[tuple[str, str]] = []
    order: tuple[str, ...] = ()
    concat: dict[str, str] = {}
    accounts = False
    for line in sql.splitlines():
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, value = match.groups()
        if key == "columns":
            for item in value.split(","):
                col, _, kind = item.strip().partition(" ")
                if kind.strip() not in KINDS:
                    raise QueryError(f"SQL twin {name}: column {col!r} has unknown kind {kind.strip()!r}")
                columns.append((col, kind.strip()))
        elif key == "order":
            order = tuple(c.strip() for c in value.split(",") if c.strip())
        elif key == "reads":
            accounts = value.strip() == "accounts"
        else:
            for col, sep in re.findall(r'(\w+)\s+"([^"]*)"', value):
                concat[col] = sep
    if not columns:
        raise QueryError(f"SQL twin {name} has no '-- columns:' line")
    return Twin(name, sql, tuple(columns), order, concat, accounts)


@cache
def twin_names() -> frozenset[str]:
    """The named queries that have an SQL twin."""
    folder = resource_dir("queries") / "sql"
    return frozenset(p.stem for p in folder.glob("*.sql")) if folder.is_dir() else frozenset()


@cache
def get_twin(name: str) -> Twin:
    """The SQL twin of a named query.

    Raises:
        QueryError: the query has none.
    """
    if name not in twin_names():
        raise QueryError(f"query {name} has no SQL twin")
    path = resource_dir("queries") / "sql" / f"{name}.sql"
    return parse_twin(name, path.read_text(encoding="utf-8"))


def _sql_value(value: Any) -> Any:
    if isinstance(value, ox.NamedNode):
        return value.value
    if isinstance(value, ox.Literal):
        return value.value
    if isinstance(value, Decimal):
        return float(value)
    return value


def _decimal_text(value: Any) -> str:
    """A number as Oxigraph writes a decimal or a double: plain digits, no exponent, no
    trailing zeros (42, 1.5, 0.00001, 100000000000000000000)."""
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "INF" if value > 0 else "-INF"
        value = repr(value)
    text = format(Decimal(str(value)).normalize(), "f")
    return "0" if text in ("-0", "") else text


def _datatype(name: str) -> ox.NamedNode:
    return ox.NamedNode(XSD + name)


def _date_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _datetime_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return str(value)


def _converter(kind: str):
    """A function from a DuckDB value (not ``None``) to the RDF term of a column's kind."""
    if kind == "iri":
        return ox.NamedNode
    if kind == "string":
        return lambda v: ox.Literal(str(v))
    if kind == "boolean":
        true, false = (ox.Literal(x, datatype=_datatype("boolean")) for x in ("true", "false"))
        return lambda v: true if v else false
    text, datatype = {
        "integer": (lambda v: str(int(v)), _datatype("integer")),
        "decimal": (_decimal_text, _datatype("decimal")),
        "double": (lambda v: _decimal_text(float(v)), _datatype("double")),
        "date": (_date_text, _datatype("date")),
        "datetime": (_datetime_text, _datatype("dateTime")),
    }[kind]
    return lambda v: ox.Literal(text(v), datatype=datatype)


def _convert_column(values: tuple[Any, ...], kind: str) -> list[Any]:
    """One column's values as RDF terms. A column that repeats its values (types, counts,
    labels) converts each distinct value once and looks the rest up, a lookup in C being far
    cheaper than a call in Python; a column of mostly distinct values (event IRIs, evidence
    text) converts cell by cell, as the lookup would only add to the calls."""
    convert = _converter(kind)
    distinct = set(values)
    if 2 * len(distinct) > len(values):
        return [None if v is None else convert(v) for v in values]
    terms: dict[Any, Any] = {v: convert(v) for v in distinct if v is not None}
    terms[None] = None
    return list(map(terms.__getitem__, values))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large answer becomes terms: the rows hold no
    cycles, and a collection pass per few hundred thousand new tuples would otherwise take
    about as long as building them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_as(con: Any, accounts: bool) -> None:
    """Point the event tables' names at the stored tables (``accounts``) or at views of one
    event per occasion, doubtful events left out (``kg ingest --min-confidence``): temporary
    views in this connection, which shadow the tables."""
    database = con.execute("SELECT current_database()").fetchone()[0].replace('"', '""')
    for table in OCCASION_TABLES:
        if accounts:
            con.execute(f"DROP VIEW IF EXISTS temp.{table}")
            continue
        con.execute(f'CREATE OR REPLACE TEMP VIEW {table} AS SELECT * FROM "{database}".main.{table} '
                    f'WHERE event NOT IN (SELECT account FROM "{database}".main.occasion_accounts '
                    f'WHERE NOT lead) AND event NOT IN (SELECT event FROM "{database}".main.events '
                    "WHERE doubtful)")


def run_twin(con: Any, name: str, bindings: dict[str, Any], limit: int | None = None) -> Rows:
    """Run a named query's SQL twin on an open DuckDB connection of the analytics tables.

    Args:
        con: the connection.
        name: the named query.
        bindings: its parameters as :func:`kg.query.named.bind_params` converted them.
        limit: the ``limit`` parameter's value, if the query has one.
    """
    import duckdb

    twin = get_twin(name)
    _read_as(con, twin.accounts)
    values = {}
    for param in twin.params:
        values[param] = limit if param == "limit" else _sql_value(bindings.get(param))
    with _collector_paused():
        try:
            result = con.execute(twin.sql, values).fetchall()
        except duckdb.Error as exc:
            raise QueryError(f"query {name} failed on the analytics tables: {exc}") from exc
        if result:
            columns = zip(*result, strict=True)
            kinds = (kind for _, kind in twin.columns)
            converted = [_convert_column(col, kind) for col, kind in zip(columns, kinds, strict=True)]
            raw = tuple(zip(*converted, strict=True))
        else:
            raw = ()
    return Rows(tuple(c for c, _ in twin.columns), raw)
