"""Metrics of actor networks, returned as plain data (lists of dicts).

What each figure means here:

- ``degree``: distinct actors linked to the actor, in either direction, by any relation.
- ``weighted_degree``: events behind all its edges; a mutual relation (``agrees``, ``meets``
  between participants), stored both ways, counts once. ``out_weight`` / ``in_weight``:
  events of the directed relations it is the source / target of.
- ``pagerank``: on the directed graph with parallel edges summed into one weight.
- ``betweenness``: on the undirected, unweighted graph (weights are strengths, not
  distances); exact below ``exact_below`` nodes, else estimated from ``k`` sampled sources.
- ``community``: Louvain communities of the undirected weighted graph, numbered from 0 by
  size, largest first (seeded, so repeatable).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from kg.errors import QueryError
from kg.network.build import DateLike, actor_table, edge_rows, graph_from_rows
from kg.store.base import Store

FREQS = ("year", "quarter", "month", "week", "day")
"""Window lengths of :func:`metrics_by_window`."""


def collapse(graph: nx.Graph, directed: bool = True) -> nx.DiGraph | nx.Graph:
    """One edge per ordered (or unordered) pair, ``weight`` summed over relations and directions.

    Node attributes are kept. A mutual relation stored both ways is counted once in the
    undirected result.
    """
    out: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    out.add_nodes_from(graph.nodes(data=True))
    for u, v, d in graph.edges(data=True):
        if u == v:
            continue
        if not directed and d.get("mutual") and str(u) > str(v):
            continue
        w = d.get("weight", 1)
        if out.has_edge(u, v):
            out.edges[u, v]["weight"] += w
        else:
            out.add_edge(u, v, weight=w)
    return out


def communities(graph: nx.Graph, seed: int = 0, resolution: float = 1.0) -> list[set[str]]:
    """Louvain communities of the undirected weighted graph, largest first."""
    simple = collapse(graph, directed=False)
    if simple.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(simple, weight="weight", resolution=resolution, seed=seed)
    return sorted(found, key=lambda c: (-len(c), min(c)))


def betweenness(graph: nx.Graph, exact_below: int = 500, k: int = 200, seed: int = 0) -> dict[str, float]:
    """Betweenness centrality (normalised) of the undirected, unweighted graph.

    Exact when the graph has fewer than ``exact_below`` nodes; above, estimated from ``k``
    sampled source nodes (seeded).
    """
    simple = collapse(graph, directed=False)
    n = simple.number_of_nodes()
    if n < exact_below or k >= n:
        return nx.betweenness_centrality(simple)
    return nx.betweenness_centrality(simple, k=k, seed=seed)


def pagerank(graph: nx.Graph, alpha: float = 0.85) -> dict[str, float]:
    """PageRank of the directed graph, parallel edges summed into one weight."""
    simple = collapse(graph, directed=graph.is_directed())
    if simple.number_of_nodes() == 0:
        return {}
    return nx.pagerank(simple, alpha=alpha, weight="weight")


def _weights(graph: nx.Graph) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    total: dict[str, float] = defaultdict(float)
    out_w: dict[str, float] = defaultdict(float)
    in_w: dict[str, float] = defaultdict(float)
    for u, v, d in graph.edges(data=True):
        w = d.get("weight", 1)
        if d.get("mutual") or not graph.is_directed():
            if graph.is_directed() and str(u) > str(v):
                continue
            total[u] += w
            if v != u:
                total[v] += w
            continue
        total[u] += w
        out_w[u] += w
        if v != u:
            total[v] += w
        in_w[v] += w
    return total, out_w, in_w


def node_metrics(
    graph: nx.Graph,
    with_betweenness: bool = True,
    exact_below: int = 500,
    k: int = 200,
    seed: int = 0,
    resolution: float = 1.0,
) -> list[dict[str, Any]]:
    """Per-actor metrics, ranked by PageRank then weighted degree.

    Args:
        graph: an actor network (:func:`kg.network.actor_network` or any networkx graph).
        with_betweenness: compute betweenness (the slowest figure on large graphs).
        exact_below: exact betweenness below this many nodes, sampled above.
        k: sampled sources for betweenness on large graphs.
        seed: seed for sampling and Louvain.
        resolution: Louvain resolution (higher: smaller communities).

    Returns:
        One dict per node: ``rank``, ``actor`` (IRI), ``label``, ``kind``, ``degree``,
        ``weighted_degree``, ``out_weight``, ``in_weight``, ``pagerank``, ``betweenness``
        (``None`` when not computed), ``community``.
    """
    simple = collapse(graph, directed=False)
    total, out_w, in_w = _weights(graph)
    ranks = pagerank(graph)
    between = betweenness(graph, exact_below, k, seed) if with_betweenness else {}
    community = {n: i for i, members in enumerate(communities(graph, seed, resolution)) for n in members}
    rows = []
    for node, data in graph.nodes(data=True):
        rows.append({
            "actor": node,
            "label": data.get("label", str(node)),
            "kind": data.get("kind", ""),
            "degree": simple.degree(node),
            "weighted_degree": total.get(node, 0),
            "out_weight": out_w.get(node, 0),
            "in_weight": in_w.get(node, 0),
            "pagerank": ranks.get(node, 0.0),
            "betweenness": between.get(node) if with_betweenness else None,
            "community": community.get(node),
        })
    rows.sort(key=lambda r: (-r["pagerank"], -r["weighted_degree"], r["label"]))
    for i, row in enumerate(rows, 1):
        row["rank"] = i
    return rows


def find_actor(graph: nx.Graph, actor: str) -> str:
    """The node for an actor given by IRI or by label (any case).

    Raises:
        QueryError: no node has that IRI or label.
    """
    if actor in graph:
        return actor
    wanted = actor.strip().casefold()
    for node, data in graph.nodes(data=True):
        if str(data.get("label", "")).casefold() == wanted:
            return node
    raise QueryError(f"no actor {actor!r} in the network")


def ego_network(graph: nx.Graph, actor: str, radius: int = 1) -> nx.Graph:
    """The actor, the actors within ``radius`` steps (either direction), and their edges.

    Raises:
        QueryError: the actor is not in the graph.
    """
    return nx.ego_graph(graph, find_actor(graph, actor), radius=radius, undirected=True).copy()


def _period(date: dt.date, freq: str) -> str:
    if freq == "year":
        return f"{date.year}"
    if freq == "quarter":
        return f"{date.year}-Q{(date.month - 1) // 3 + 1}"
    if freq == "month":
        return f"{date.year}-{date.month:02d}"
    if freq == "week":
        year, week, _ = date.isocalendar()
        return f"{year}-W{week:02d}"
    return date.isoformat()


def _next_period(period: str, freq: str) -> str:
    if freq == "year":
        return str(int(period) + 1)
    if freq == "quarter":
        year, q = int(period[:4]), int(period[-1])
        return f"{year + q // 4}-Q{q % 4 + 1}"
    if freq == "month":
        year, month = int(period[:4]), int(period[5:7])
        return f"{year + month // 12}-{month % 12 + 1:02d}"
    if freq == "week":
        start = dt.date.fromisocalendar(int(period[:4]), int(period[6:]), 1)
        return _period(start + dt.timedelta(days=7), freq)
    return (dt.date.fromisoformat(period) + dt.timedelta(days=1)).isoformat()


def metrics_by_window(
    store: Store,
    freq: str = "month",
    relation: str | Iterable[str] | None = None,
    since: DateLike | None = None,
    until: DateLike | None = None,
    region: str | None = None,
    actor_kind: str | Iterable[str] | None = None,
    with_betweenness: bool = False,
    seed: int = 0,
) -> list[dict[str, Any]]:
    """Per window, per actor metrics, with the change since the window before.

    The aggregation queries group edges by period themselves (year, month or day); weeks
    and quarters are gathered from days. Events without a date are left out. Windows run
    without gaps from the first to the last period with events, so a change is always
    against the window just before (an actor absent there starts from zero).

    Args:
        store: the store.
        freq: ``year``, ``quarter``, ``month``, ``week`` or ``day``.
        relation, since, until, region, actor_kind: as for :func:`kg.network.actor_network`.
        with_betweenness: also compute betweenness in every window.
        seed: seed for Louvain (and sampled betweenness).

    Returns:
        Rows of :func:`node_metrics` with ``window`` (``2024-06``, ``2024-Q2``,
        ``2024-W25`` ...), and ``change_weighted_degree``, ``change_pagerank``,
        ``change_rank`` (positive: moved up; ``None`` when new) and ``new`` (absent in the
        window before), ordered by window then rank.

    Raises:
        QueryError: an unknown freq or relation, a bad date, or a query error.
    """
    if freq not in FREQS:
        raise QueryError(f"unknown freq {freq!r}; use one of {', '.join(FREQS)}")
    window = freq if freq in ("year", "month", "day") else "day"
    rows = edge_rows(store, relation, since, until, region, window=window)
    by_period: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if not row.get("period"):
            continue
        period = row["period"] if window == freq else _period(dt.date.fromisoformat(row["period"]), freq)
        by_period[period].append(row)
    if not by_period:
        return []
    actors = actor_table(store)
    periods, last = [min(by_period)], max(by_period)
    while periods[-1] < last:
        periods.append(_next_period(periods[-1], freq))
    out: list[dict[str, Any]] = []
    previous: dict[str, dict[str, Any]] = {}
    for period in periods:
        graph = graph_from_rows(by_period.get(period, []), actors, actor_kind)
        current = {}
        for row in node_metrics(graph, with_betweenness=with_betweenness, seed=seed):
            before = previous.get(row["actor"])
            row["window"] = period
            row["new"] = before is None
            row["change_weighted_degree"] = row["weighted_degree"] - (
                before["weighted_degree"] if before else 0)
            row["change_pagerank"] = row["pagerank"] - (before["pagerank"] if before else 0.0)
            row["change_rank"] = before["rank"] - row["rank"] if before else None
            current[row["actor"]] = row
            out.append(row)
        previous = current
    return out
