"""Rows of the analytics tables: the fill queries' answers, written by Oxigraph as SPARQL TSV.

Oxigraph serializes a query's solutions itself (in Rust), one tab-separated line per
solution with every term in its N-Triples form; DuckDB reads the file and decodes the terms
(:mod:`kg.analytics.sidecar`). No value passes through Python on the way.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import pyoxigraph as ox

from kg.analytics.tables import TABLES, Table, table_query

__all__ = ["entity_keys", "write_json_lines", "write_table_rows", "write_tsv"]


def _restricted(text: str, var: str, keys: Iterable[str]) -> str:
    values = " ".join(str(ox.NamedNode(k)) for k in keys if not k.startswith("_:"))
    head, brace, rest = text.partition("WHERE {")
    return f"{head}{brace}\n  VALUES ?{var} {{ {values} }}{rest}"


def write_tsv(store: ox.Store, table: Table, path: str | Path, keys: list[str] | None = None) -> None:
    """Write the answer of a table's fill query over ``store`` (the union of its graphs) to
    ``path`` as SPARQL TSV; with ``keys``, only for those entities."""
    text = table_query(table.name)
    if keys is not None:
        nothing = text.replace("WHERE {", "WHERE { FILTER(false)", 1)
        text = _restricted(text, table.key, keys) if keys else nothing
    store.query(text, use_default_graph_as_union=True).serialize(str(path), ox.QueryResultsFormat.TSV)


def write_table_rows(scratch: ox.Store, folder: str | Path, tag: str) -> dict[str, str]:
    """Write every table's rows of one batch (an in-memory store of exactly its quads) into
    ``folder`` as ``<table>-<tag>.tsv``; returns table name -> path. Entity tables' files
    name the batch's entities; their rows are read again from the whole store once it holds
    the batch (see :class:`kg.analytics.keeper.TableKeeper`)."""
    files = {}
    for table in TABLES:
        files[table.name] = str(Path(folder) / f"{table.name}-{tag}.tsv")
        write_tsv(scratch, table, files[table.name])
    return files


def entity_keys(table: Table, path: str | Path) -> list[str]:
    """The entities (IRIs) an entity table's TSV file names, without repeats."""
    index = table.names.index(table.key)
    keys = set()
    with open(path, encoding="utf-8") as rows:
        next(rows, None)  # the header
        for line in rows:
            cell = line.rstrip("\n").split("\t")[index]
            if cell.startswith("<") and cell.endswith(">"):
                keys.add(cell[1:-1])
    return sorted(keys)


def _json_default(value: Any) -> str:
    if isinstance(value, Decimal | dt.date | dt.datetime):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} to a table")


def write_json_lines(rows: Iterable[tuple[Any, ...]], out: str | TextIO) -> int:
    """Write rows as JSON arrays, one a line, to a path or an open text file; returns the count."""
    if isinstance(out, str):
        with open(out, "w", encoding="utf-8") as f:
            return write_json_lines(rows, f)
    n = 0
    for row in rows:
        out.write(json.dumps(row, default=_json_default, ensure_ascii=False))
        out.write("\n")
        n += 1
    return n
