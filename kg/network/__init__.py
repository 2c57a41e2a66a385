"""Actor networks from the knowledge graph: who attacks, supplies, sanctions, meets,
condemns and agrees with whom, as networkx graphs, with metrics and exports.

Edges come from one SPARQL aggregation per relation family (``queries/network-*.rq``),
grouped by source, target and relation in the store; see :mod:`kg.network.build`.

Example::

    from kg.store import open_store
    from kg.network import actor_network, node_metrics

    with open_store("oxigraph:./kg-store", read_only=True) as store:
        aid = actor_network(store, relation="supplies", since="2024-01-01")
    for row in node_metrics(aid)[:10]:
        print(row["label"], row["weighted_degree"], row["pagerank"])
"""
from __future__ import annotations

from kg.network.build import (
    RELATIONS,
    actor_equipment_graph,
    actor_network,
    actor_table,
    cooccurrence_network,
    edge_rows,
    graph_from_rows,
)
from kg.network.formats import FORMATS, edge_table, exportable, node_link, render, write_graph
from kg.network.metrics import (
    betweenness,
    collapse,
    communities,
    ego_network,
    find_actor,
    metrics_by_window,
    node_metrics,
    pagerank,
)


def draw_network(*args, **kwargs):
    """Draw a network to an image file; see :func:`kg.network.plot.draw_network`."""
    from kg.network.plot import draw_network as draw

    return draw(*args, **kwargs)


__all__ = [
    "FORMATS", "RELATIONS", "actor_equipment_graph", "actor_network", "actor_table", "betweenness",
    "collapse", "communities", "cooccurrence_network", "draw_network", "edge_rows", "edge_table",
    "ego_network", "exportable", "find_actor", "graph_from_rows", "metrics_by_window", "node_link",
    "node_metrics", "pagerank", "render", "write_graph",
]
