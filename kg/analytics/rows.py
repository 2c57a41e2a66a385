"""Rows of the analytics tables, read from a pyoxigraph store with the tables' fill queries."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, TextIO

import pyoxigraph as ox

from kg.analytics.tables import TABLES, Table, table_query

__all__ = ["Batch", "entity_keys", "iter_rows", "read_rows", "write_json_lines"]

Batch = dict[str, list[tuple[Any, ...]]]
"""Table name -> rows, each a tuple of plain values in the table's column order."""


def _value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    datatype = term.datatype.value
    text = term.value
    if datatype.endswith("#boolean"):
        return text in ("true", "1")
    if datatype.endswith(("#integer", "#int", "#long", "#nonNegativeInteger")):
        return int(text)
    return text  # dates, times, decimals and strings go as text; DuckDB casts by column type


def _restricted(text: str, var: str, keys: Iterable[str]) -> str:
    values = " ".join(str(ox.NamedNode(k)) for k in keys if not k.startswith("_:"))
    head, brace, rest = text.partition("WHERE {")
    return f"{head}{brace}\n  VALUES ?{var} {{ {values} }}{rest}"


def read_rows(store: ox.Store, tables: Iterable[Table] = TABLES,
              keys: dict[str, list[str]] | None = None) -> Batch:
    """Run the fill queries of some tables over a store (over the union of its graphs).

    Args:
        store: a pyoxigraph store: a batch's scratch store, or the whole store.
        tables: the tables to fill.
        keys: for entity tables, only these entities (table name -> IRIs); a table missing
            from ``keys`` is read whole.
    """
    return {table.name: list(iter_rows(store, table, None if keys is None else keys.get(table.name)))
            for table in tables}


def iter_rows(store: ox.Store, table: Table, keys: list[str] | None = None) -> Iterator[tuple[Any, ...]]:
    """The rows of one table over a store, as they come (``keys``: only these entities)."""
    text = table_query(table.name)
    if keys is not None:
        if not keys:
            return
        text = _restricted(text, table.key, keys)
    width = len(table.columns)
    for solution in store.query(text, use_default_graph_as_union=True):
        yield tuple(_value(solution[i]) for i in range(width))


def entity_keys(batch: Batch) -> dict[str, list[str]]:
    """The entities each entity table of a batch names (its key column, without repeats)."""
    out = {}
    for table in TABLES:
        if table.scope == "entity" and table.name in batch:
            index = table.names.index(table.key)
            out[table.name] = sorted({row[index] for row in batch[table.name]})
    return out


def _json_default(value: Any) -> str:
    if isinstance(value, Decimal | dt.date | dt.datetime):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} to a table")


def write_json_lines(rows: Iterable[tuple[Any, ...]], out: str | TextIO) -> int:
    """Write rows as JSON arrays, one a line (how DuckDB reads them in bulk), to a path or an open
    text file; returns the count."""
    if isinstance(out, str):
        with open(out, "w", encoding="utf-8") as f:
            return write_json_lines(rows, f)
    n = 0
    for row in rows:
        out.write(json.dumps(row, default=_json_default, ensure_ascii=False))
        out.write("\n")
        n += 1
    return n
