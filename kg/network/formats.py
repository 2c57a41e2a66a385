"""Writing actor graphs: GraphML and GEXF (Gephi), node-link JSON (d3), CSV edge lists.

GraphML and GEXF take only strings, numbers and booleans as attribute values, so
:func:`exportable` turns dates into ISO strings, lists into ``|``-joined strings and drops
``None``. JSON keeps lists as lists.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import IO, Any

import networkx as nx

from kg.errors import InputError

FORMATS = ("graphml", "gexf", "json", "csv")
"""Formats :func:`write_graph` writes."""

LIST_SEPARATOR = "|"
"""How lists are joined in GraphML, GEXF and CSV (names and IRIs do not contain it)."""

CSV_FIELDS = ("source", "target", "relation", "source_label", "target_label", "weight", "killed",
              "injured", "first", "last", "equipment", "events_by_place", "mutual", "events")


def _scalar(value: Any, keep_lists: bool = False) -> Any:
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = [_scalar(v) for v in (sorted(value) if isinstance(value, set | frozenset) else value)]
        return items if keep_lists else LIST_SEPARATOR.join(str(i) for i in items)
    return str(value)


def _clean(attrs: dict[str, Any], keep_lists: bool) -> dict[str, Any]:
    return {str(k): _scalar(v, keep_lists) for k, v in attrs.items() if v is not None}


def exportable(graph: nx.Graph, keep_lists: bool = False) -> nx.Graph:
    """A copy whose attribute values GraphML and GEXF accept (dates as text, lists joined)."""
    out = graph.__class__()
    out.graph.update(_clean(graph.graph, keep_lists))
    out.add_nodes_from((n, _clean(d, keep_lists)) for n, d in graph.nodes(data=True))
    if graph.is_multigraph():
        out.add_edges_from((u, v, k, _clean(d, keep_lists))
                           for u, v, k, d in graph.edges(keys=True, data=True))
    else:
        out.add_edges_from((u, v, _clean(d, keep_lists)) for u, v, d in graph.edges(data=True))
    return out


def edge_table(graph: nx.Graph) -> list[dict[str, Any]]:
    """The edges as rows: source and target IRIs and labels, then the edge's attributes."""
    rows = []
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else (
        (u, v, None, d) for u, v, d in graph.edges(data=True))
    for u, v, _key, d in edges:
        row = {"source": u, "target": v,
               "source_label": graph.nodes[u].get("label", u), "target_label": graph.nodes[v].get("label", v)}
        row.update(d)
        rows.append(row)
    rows.sort(key=lambda r: (str(r.get("relation", "")), -r.get("weight", 0),
                             r["source_label"], r["target_label"]))
    return rows


def node_link(graph: nx.Graph) -> dict[str, Any]:
    """Node-link data (d3's ``{"nodes": [...], "links": [...]}``), JSON-ready."""
    return nx.node_link_data(exportable(graph, keep_lists=True), edges="links")


def _csv_text(graph: nx.Graph) -> str:
    rows = edge_table(graph)
    fields = list(CSV_FIELDS)
    for row in rows:
        fields.extend(k for k in row if k not in fields)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[f for f in fields if any(f in r for r in rows)] or fields[:3],
                            lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _scalar(v) for k, v in row.items() if v is not None})
    return buffer.getvalue()


def _numbered_edges(graph: nx.Graph) -> nx.Graph:
    """The graph with edge keys ``e0``, ``e1``, ...: GraphML writes a key as the edge's id, which
    must be unique, and a relation's name (the key of every edge of that relation) is not."""
    if not graph.is_multigraph():
        return graph
    numbered = graph.__class__()
    numbered.graph.update(graph.graph)
    numbered.add_nodes_from(graph.nodes(data=True))
    for i, (u, v, data) in enumerate(graph.edges(data=True)):
        numbered.add_edge(u, v, key=f"e{i}", **data)
    return numbered


def render(graph: nx.Graph, fmt: str) -> bytes:
    """The graph in a format of :data:`FORMATS`, as bytes (UTF-8 for the text formats).

    Raises:
        InputError: an unknown format.
    """
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(_numbered_edges(exportable(graph)))).encode("utf-8") + b"\n"
    if fmt == "gexf":
        return "\n".join(nx.generate_gexf(exportable(graph))).encode("utf-8") + b"\n"
    if fmt == "json":
        return (json.dumps(node_link(graph), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if fmt == "csv":
        return _csv_text(graph).encode("utf-8")
    raise InputError(f"unknown network format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_graph(graph: nx.Graph, out: str | Path | IO[bytes], fmt: str | None = None) -> None:
    """Write the graph to a path or binary file.

    Args:
        graph: the graph.
        out: a path (its suffix names the format when ``fmt`` is not given) or a binary file.
        fmt: one of :data:`FORMATS`.

    Raises:
        InputError: no or unknown format, or the file cannot be written.
    """
    if fmt is None:
        fmt = format_for(out) if isinstance(out, str | Path) else None
        if fmt is None:
            raise InputError("give the network format (graphml, gexf, json or csv)")
    data = render(graph, fmt)
    if isinstance(out, str | Path):
        try:
            Path(out).write_bytes(data)
        except OSError as exc:
            raise InputError(f"cannot write {out}: {exc}") from None
    else:
        out.write(data)


def format_for(path: str | Path) -> str | None:
    """The format a file name's suffix names (``.graphml``, ``.gexf``, ``.json``, ``.csv``), if any."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None
