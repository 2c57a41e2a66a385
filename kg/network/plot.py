"""A readable picture of an actor network (PNG, SVG or PDF), drawn with matplotlib.

matplotlib is imported here only, with the Agg backend, so nothing else pays for it and no
display is needed.
"""
from __future__ import annotations

import math
from pathlib import Path

import networkx as nx

from kg.errors import InputError

RELATION_COLOURS = {
    "attacks": "#d62728",
    "supplies": "#2ca02c",
    "sanctions": "#9467bd",
    "meets": "#1f77b4",
    "condemns": "#ff7f0e",
    "agrees": "#17becf",
}
"""Edge colour per relation (colour-blind-safe tableau hues); other relations are grey."""

KIND_COLOURS = {
    "State": "#c6dbef", "Organisation": "#fdd0a2", "Person": "#fcbba1", "ArmedForce": "#c7e9c0",
    "ArmedGroup": "#d9d9d9", "Company": "#dadaeb", "equipment": "#fff7bc",
}


def _component_layout(graph: nx.Graph, seed: int) -> dict:
    """Positions of one connected component, centred on 0 with radius about sqrt(size)."""
    n = graph.number_of_nodes()
    if n == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    if n <= 80:
        pos = nx.kamada_kawai_layout(graph, weight=None)
    else:
        pos = nx.spring_layout(graph, k=1.5 / math.sqrt(n), seed=seed, iterations=150, weight=None)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    radius = 0.6 * math.sqrt(n)
    return {v: ((x - cx) / span * radius, (y - cy) / span * radius) for v, (x, y) in pos.items()}


def _layout(graph: nx.Graph, seed: int) -> dict:
    """Each connected component laid out on its own, then packed in rows, largest first
    (one layout of a disconnected graph pushes small components to the edges)."""
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(map(str, c))))
    placed = [(_component_layout(simple.subgraph(c), seed), 0.6 * math.sqrt(len(c)) + 0.7) for c in parts]
    row_width = max(2 * placed[0][1], math.sqrt(sum((2 * r) ** 2 for _, r in placed)) * 1.1)
    pos: dict = {}
    x = y = row_height = 0.0
    for part, r in placed:
        if x > 0 and x + 2 * r > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        for v, (px, py) in part.items():
            pos[v] = (px + x + r, py + y - r)
        x += 2 * r
        row_height = max(row_height, 2 * r)
    return pos


def _equipment_labels(ax, pos: dict, edges: list, rad: float, colour: str) -> None:
    """Write the equipment names (two at most) at the middle of each curved edge."""
    for u, v, d in edges:
        names = list(d.get("equipment") or [])
        if not names:
            continue
        text = ", ".join(names[:2]) + (f" +{len(names) - 2}" if len(names) > 2 else "")
        (x1, y1), (x2, y2) = pos[u], pos[v]
        # the middle of matplotlib's arc3 curve: half way to its control point
        x = (x1 + x2) / 2 + 0.5 * rad * (y2 - y1)
        y = (y1 + y2) / 2 - 0.5 * rad * (x2 - x1)
        ax.text(x, y, text, fontsize=8.5, color=colour, ha="center", va="center", clip_on=False,
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})


def draw_network(graph: nx.Graph, path: str | Path, title: str | None = None,
                 seed: int = 7, max_labels: int = 60, max_edge_labels: int = 40) -> Path:
    """Draw the graph: labelled nodes sized by weighted degree, edges coloured by relation
    (with a legend) and as wide as the log of their event count.

    Args:
        graph: an actor network (or any graph with ``label`` on nodes and ``weight`` on edges).
        path: the image file; its suffix chooses the format (``.png`` usual).
        title: a title above the drawing.
        seed: layout seed, so the same graph draws the same way.
        max_labels: label only this many nodes, the most connected first.
        max_edge_labels: name the equipment on the edges of a relation when it has at most
            this many edges.

    Returns:
        The path written.

    Raises:
        InputError: the file cannot be written.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    n = graph.number_of_nodes()
    side = min(24.0, max(10.0, 2.4 * math.sqrt(max(n, 1))))
    fig, ax = plt.subplots(figsize=(side, side * 0.75), dpi=100)
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=14)
    if n == 0:
        ax.text(0.5, 0.5, "no relations in this selection", ha="center", va="center", fontsize=14,
                transform=ax.transAxes)
    else:
        pos = _layout(graph, seed)
        strength = dict(graph.degree(weight="weight"))
        sizes = _draw_nodes(ax, graph, pos, strength)
        relations = _draw_edges(ax, graph, pos, sizes, max_edge_labels)
        _draw_labels(ax, graph, pos, strength, max_labels)
        _draw_legends(ax, graph, relations)
        ax.margins(0.08)
    try:
        fig.savefig(path, bbox_inches="tight")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc}") from None
    finally:
        plt.close(fig)
    return path


def _draw_nodes(ax, graph: nx.Graph, pos: dict, strength: dict) -> list[float]:
    """Nodes coloured by kind, sized by weighted degree; returns the sizes (edges stop short of them)."""
    top = max(strength.values()) or 1
    sizes = [250 + 1500 * math.sqrt(strength[v] / top) for v in graph]
    colours = [KIND_COLOURS.get(graph.nodes[v].get("kind") or graph.nodes[v].get("type", ""), "#eeeeee")
               for v in graph]
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=sizes, node_color=colours,
                           edgecolors="#555555", linewidths=0.8)
    return sizes


def _draw_edges(ax, graph: nx.Graph, pos: dict, sizes: list[float], max_edge_labels: int) -> list[str]:
    """Edges per relation, each relation its colour and curve, as wide as the log of their event
    count, equipment named on them when few; returns the relations drawn."""
    relations = sorted({d.get("relation", "") for _, _, d in graph.edges(data=True)})
    directed = graph.is_directed()
    nodes = list(graph)
    for i, relation in enumerate(relations):
        colour = RELATION_COLOURS.get(relation, "#7f7f7f")
        rad = 0.08 + 0.07 * i if directed else 0.0
        for mutual in (False, True):
            # a mutual relation is stored both ways: draw it once, without arrow heads
            edges = [(u, v, d) for u, v, d in graph.edges(data=True)
                     if d.get("relation", "") == relation and bool(d.get("mutual")) == mutual
                     and not (mutual and str(u) > str(v))]
            if not edges:
                continue
            arrows = directed and not mutual
            nx.draw_networkx_edges(
                graph, pos, ax=ax, edgelist=[(u, v) for u, v, _ in edges],
                width=[1.0 + 1.6 * math.log2(d.get("weight", 1) + 1) for _, _, d in edges],
                edge_color=colour, alpha=0.75, arrows=directed,
                arrowstyle="-|>" if arrows else "-", arrowsize=14,
                connectionstyle=f"arc3,rad={rad}", nodelist=nodes, node_size=sizes,
            )
            if arrows and len(edges) <= max_edge_labels:
                _equipment_labels(ax, pos, edges, rad, colour)
    return relations


def _draw_labels(ax, graph: nx.Graph, pos: dict, strength: dict, max_labels: int) -> None:
    """Labels on the most connected nodes only."""
    ranked = sorted(graph, key=lambda v: -strength[v])[:max_labels]
    labels = {v: graph.nodes[v].get("label", v) for v in ranked}
    nx.draw_networkx_labels(graph, pos, ax=ax, labels=labels, font_size=10, font_weight="bold",
                            clip_on=False, bbox={"boxstyle": "round,pad=0.15", "fc": "white",
                                                 "ec": "none", "alpha": 0.7})


def _draw_legends(ax, graph: nx.Graph, relations: list[str]) -> None:
    """Two legends right of the drawing: the relations' colours, the actor kinds' colours."""
    from matplotlib.lines import Line2D

    handles = [Line2D([0], [0], color=RELATION_COLOURS.get(r, "#7f7f7f"), lw=3, label=r or "related")
               for r in relations]
    if handles:
        first = ax.legend(handles=handles, title="relation\n(width: events)", loc="upper left",
                          bbox_to_anchor=(1.0, 1.0), frameon=True, fontsize=11, title_fontsize=11)
        ax.add_artist(first)
    kinds = sorted({graph.nodes[v].get("kind") or graph.nodes[v].get("type") or "unknown" for v in graph})
    ax.legend(handles=[Line2D([0], [0], marker="o", ls="", ms=11, mec="#555555",
                              mfc=KIND_COLOURS.get(k, "#eeeeee"), label=k) for k in kinds],
              title="actor kind\n(size: events)", loc="lower left", bbox_to_anchor=(1.0, 0.0),
              frameon=True, fontsize=11, title_fontsize=11)
