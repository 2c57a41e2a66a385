"""Actor graphs built from the store's aggregation queries (``queries/network-*.rq``).

Every edge comes out of SPARQL already aggregated: one row per source, target and relation
(and period, for :func:`edge_rows` with a window), with the event count, casualty sums,
first and last dates, the events and their equipment. Python only turns those rows into
networkx graphs, so the work grows with the number of edges, not of events or triples.

Nodes are keyed by the actor's IRI (a string) and carry ``label`` and ``kind`` (``State``,
``Person``, ...; ``""`` when unknown). An attack that names no target is drawn from the
attacker to the country of each place struck, as the actor of that name
(``id:actor/<slug>``, the IRI :func:`kg.namespaces.actor_iri` mints), so that it meets the
attacks on the same state named as a target.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import networkx as nx

from kg.errors import QueryError
from kg.namespaces import ID, actor_iri
from kg.query.named import run_named
from kg.store.base import Store

DIRECTED_RELATIONS = ("attacks", "supplies", "sanctions", "meets", "condemns")
"""Relations read from ``network-directed``: source role → target role."""

MUTUAL_RELATIONS = ("meets", "agrees")
"""Relations read from ``network-symmetric``: between actors of the same role, both ways."""

RELATIONS = ("attacks", "supplies", "sanctions", "meets", "condemns", "agrees")
"""Every relation of :func:`actor_network`."""

WINDOWS = ("year", "month", "day")
"""Periods the aggregation queries can group by themselves."""

_PLACE_PREFIX = str(ID["place/"])
DateLike = dt.date | str


def _relations(relation: str | Iterable[str] | None) -> set[str]:
    if relation is None:
        return set(RELATIONS)
    wanted = {relation} if isinstance(relation, str) else set(relation)
    wanted = {r.strip().lower() for r in wanted}
    unknown = sorted(wanted - set(RELATIONS))
    if unknown:
        raise QueryError(f"unknown relation {', '.join(unknown)}; use one of {', '.join(RELATIONS)}")
    return wanted


def _iso(value: DateLike | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise QueryError(f"{name} must be a date (YYYY-MM-DD), not {value!r}") from None


def _filters(since: DateLike | None, until: DateLike | None, region: str | None) -> dict[str, str]:
    params = {"since": _iso(since, "since"), "until": _iso(until, "until"), "region": region or None}
    return {k: v for k, v in params.items() if v is not None}


def edge_rows(
    store: Store,
    relation: str | Iterable[str] | None = None,
    since: DateLike | None = None,
    until: DateLike | None = None,
    region: str | None = None,
    window: str | None = None,
) -> list[dict[str, Any]]:
    """The aggregated relation rows, one SPARQL aggregation per relation family.

    Args:
        store: the store.
        relation: a relation name or several (see :data:`RELATIONS`); default all.
        since: only events on or after this date.
        until: only events on or before this date.
        region: only events in this region (``ckg:inRegion``), by name, any case.
        window: also group by ``year``, ``month`` or ``day`` (the row's ``period``).

    Returns:
        Dicts with ``relation``, ``source``, ``target`` (IRIs), ``sourceLabel``,
        ``targetLabel``, ``events``, ``killed``, ``injured``, ``first``, ``last``,
        ``eventIris`` (space-separated), ``equipment`` (``|``-separated, directed rows
        only), ``period`` (``""`` without a window) and ``mutual`` (from the symmetric family).

    Raises:
        QueryError: an unknown relation or window, a bad date, or a query error.
    """
    wanted = _relations(relation)
    if window is not None and window not in WINDOWS:
        raise QueryError(f"unknown window {window!r}; use one of {', '.join(WINDOWS)}")
    params = _filters(since, until, region)
    if window:
        params["window"] = window
    rows: list[dict[str, Any]] = []
    for name, family, mutual in (("network-directed", DIRECTED_RELATIONS, False),
                                 ("network-symmetric", MUTUAL_RELATIONS, True)):
        chosen = wanted & set(family)
        if not chosen:
            continue
        family_params = dict(params)
        if len(chosen) == 1:
            family_params["relation"] = next(iter(chosen))
        for row in run_named(store, name, family_params).dicts():
            if row["relation"] in chosen:
                row["mutual"] = mutual
                rows.append(row)
    return rows


def actor_table(store: Store) -> dict[str, dict[str, Any]]:
    """Every actor (``network-actors``): IRI -> ``{"label", "kind", "affiliation", "events"}``."""
    table = {}
    for row in run_named(store, "network-actors").dicts():
        table[row["actor"]] = {
            "label": row.get("label", ""),
            "kind": row.get("actorKind", ""),
            "affiliation": row.get("affiliation", ""),
            "events": row.get("events", 0),
        }
    return table


def _split(text: str | None, sep: str) -> list[str]:
    return [part for part in (text or "").split(sep) if part]


class _Builder:
    """Adds aggregated rows to a MultiDiGraph, merging rows that land on the same edge."""

    def __init__(self, graph: nx.MultiDiGraph, actors: dict[str, dict[str, Any]]) -> None:
        self.graph = graph
        self.actors = actors
        self.by_label = {a["label"].casefold(): iri for iri, a in actors.items() if a.get("label")}

    def node(self, iri: str, label: str | None) -> str:
        """The actor node for an IRI; a place (a country struck) becomes the actor of its name."""
        from_place = iri.startswith(_PLACE_PREFIX)
        if from_place:
            name = label or iri.rsplit("/", 1)[-1]
            iri = self.by_label.get(name.casefold()) or str(actor_iri(name))
        if iri not in self.graph:
            known = self.actors.get(iri)
            if known is not None:
                attrs = {"label": known["label"] or label or iri, "kind": known["kind"] or ""}
            else:
                attrs = {"label": label or iri, "kind": "State" if from_place else ""}
            self.graph.add_node(iri, **attrs)
        return iri

    def add(self, row: dict[str, Any]) -> None:
        source = self.node(row["source"], row.get("sourceLabel"))
        target = self.node(row["target"], row.get("targetLabel"))
        by_place = row["target"].startswith(_PLACE_PREFIX)
        pairs = [(source, target), (target, source)] if row.get("mutual") else [(source, target)]
        for u, v in pairs:
            self._merge(u, v, row, by_place)

    def _merge(self, u: str, v: str, row: dict[str, Any], by_place: bool) -> None:
        relation = row["relation"]
        events = _split(row.get("eventIris"), " ")
        equipment = set(_split(row.get("equipment"), "|"))
        first, last = row.get("first"), row.get("last")
        if self.graph.has_edge(u, v, key=relation):
            e = self.graph.edges[u, v, relation]
            e["weight"] += row["events"]
            e["killed"] += row.get("killed", 0)
            e["injured"] += row.get("injured", 0)
            e["first"] = min((d for d in (e["first"], first) if d is not None), default=None)
            e["last"] = max((d for d in (e["last"], last) if d is not None), default=None)
            e["events"] = sorted(set(e["events"]) | set(events))
            e["equipment"] = sorted(set(e["equipment"]) | equipment)
            e["events_by_place"] += row["events"] if by_place else 0
            return
        self.graph.add_edge(
            u, v, key=relation, relation=relation, weight=row["events"],
            killed=row.get("killed", 0), injured=row.get("injured", 0), first=first, last=last,
            events=sorted(set(events)), equipment=sorted(equipment),
            events_by_place=row["events"] if by_place else 0, mutual=bool(row.get("mutual")),
        )


def _keep_kinds(graph: nx.Graph, actor_kind: str | Iterable[str] | None) -> None:
    """Drop the actor nodes (not equipment) whose kind is not one of ``actor_kind``."""
    if not actor_kind:
        return
    kinds = {actor_kind} if isinstance(actor_kind, str) else set(actor_kind)
    kinds = {k.casefold() for k in kinds}
    drop = [n for n, d in graph.nodes(data=True)
            if d.get("type", "actor") == "actor" and str(d.get("kind", "")).casefold() not in kinds]
    graph.remove_nodes_from(drop)


def graph_from_rows(
    rows: Iterable[dict[str, Any]], actors: dict[str, dict[str, Any]],
    actor_kind: str | Iterable[str] | None = None, **graph_attrs: Any,
) -> nx.MultiDiGraph:
    """Build the actor MultiDiGraph from :func:`edge_rows` rows and :func:`actor_table`.

    Edges are keyed by relation: at most one edge per source, target and relation, with
    ``relation``, ``weight`` (events), ``killed``, ``injured``, ``first``, ``last`` (dates or
    ``None``), ``events`` (IRIs), ``equipment`` (names), ``events_by_place`` (events whose
    target is the country struck) and ``mutual`` (a relation without direction, stored both
    ways).
    """
    graph = nx.MultiDiGraph(**{k: v for k, v in graph_attrs.items() if v is not None})
    builder = _Builder(graph, actors)
    for row in rows:
        builder.add(row)
    _keep_kinds(graph, actor_kind)
    return graph


def actor_network(
    store: Store,
    relation: str | Iterable[str] | None = None,
    since: DateLike | None = None,
    until: DateLike | None = None,
    region: str | None = None,
    actor_kind: str | Iterable[str] | None = None,
) -> nx.MultiDiGraph:
    """The network of actors and their relations, derived from events and roles.

    Relations: ``attacks`` (attacker → target, or → the country of the place struck when
    the attack names no target), ``supplies`` (donor → recipient of military aid),
    ``sanctions`` (imposer → target), ``meets`` (visitor → host; participants of the same
    visit both ways), ``condemns`` (critic → accused), ``agrees`` (signatories of the same
    agreement, both ways).

    Args:
        store: the store to read.
        relation: one relation or several; default all.
        since: only events on or after this date (``date`` or ``YYYY-MM-DD``).
        until: only events on or before this date.
        region: only events in this region (``ckg:inRegion``), by its name, any case.
        actor_kind: keep only actors of this kind or kinds (``State``, ``Person``, ...).

    Returns:
        A MultiDiGraph keyed by actor IRI (node attributes ``label``, ``kind``); its edges
        are described in :func:`graph_from_rows`. Actors without a relation are left out.

    Raises:
        QueryError: an unknown relation, a bad date, or a query error.
    """
    rows = edge_rows(store, relation, since, until, region)
    return graph_from_rows(
        rows, actor_table(store), actor_kind,
        relation=",".join(sorted(_relations(relation))) if relation else None,
        since=_iso(since, "since"), until=_iso(until, "until"), region=region,
    )


def cooccurrence_network(
    store: Store,
    since: DateLike | None = None,
    until: DateLike | None = None,
    region: str | None = None,
    actor_kind: str | Iterable[str] | None = None,
    min_weight: int = 1,
) -> nx.Graph:
    """Actors named in the same events, whatever their roles (``network-cooccurrence``).

    Returns:
        An undirected Graph keyed by actor IRI (``label``, ``kind``); edge ``weight`` is
        the number of shared events, with ``first`` and ``last`` dates. Pairs sharing fewer
        than ``min_weight`` events are left out.
    """
    actors = actor_table(store)
    graph = nx.Graph(since=_iso(since, "since"), until=_iso(until, "until"), region=region)
    graph.graph = {k: v for k, v in graph.graph.items() if v is not None}
    for row in run_named(store, "network-cooccurrence", _filters(since, until, region)).dicts():
        if row["events"] < min_weight:
            continue
        for iri, label in ((row["actorA"], row.get("labelA")), (row["actorB"], row.get("labelB"))):
            if iri not in graph:
                known = actors.get(iri, {})
                graph.add_node(iri, label=known.get("label") or label or iri, kind=known.get("kind", ""))
        graph.add_edge(row["actorA"], row["actorB"], weight=row["events"],
                       first=row.get("first"), last=row.get("last"))
    _keep_kinds(graph, actor_kind)
    return graph


def actor_equipment_graph(
    store: Store,
    since: DateLike | None = None,
    until: DateLike | None = None,
    region: str | None = None,
    actor_kind: str | Iterable[str] | None = None,
    link: str | Iterable[str] | None = None,
) -> nx.Graph:
    """Bipartite graph of actors and the equipment they used, intercepted, supplied or received.

    Args:
        link: keep only ``used`` (attackers), ``intercepted`` (interceptors: the equipment
            is what they brought down), ``supplied`` (donors) or ``received`` (recipients)
            links, or several; default all.

    Returns:
        An undirected Graph. Actor nodes (IRI) have ``type="actor"``, ``bipartite=0``,
        ``label``, ``kind``; equipment nodes (IRI) ``type="equipment"``, ``bipartite=1``,
        ``label``, ``category``. An edge has ``weight`` (events over all its links),
        ``links`` (names), the events per link (``used``, ``intercepted``, ``supplied``,
        ``received``),
        ``quantity`` (summed reported quantities), ``first`` and ``last``.
    """
    links = {"used", "intercepted", "supplied", "received"}
    if link is not None:
        chosen = {link} if isinstance(link, str) else set(link)
        if chosen - links:
            unknown = ", ".join(sorted(chosen - links))
            raise QueryError(f"unknown link {unknown}; use used, intercepted, supplied or received")
        links = chosen
    actors = actor_table(store)
    graph = nx.Graph(since=_iso(since, "since"), until=_iso(until, "until"), region=region)
    graph.graph = {k: v for k, v in graph.graph.items() if v is not None}
    for row in run_named(store, "network-equipment", _filters(since, until, region)).dicts():
        if row["link"] not in links:
            continue
        actor, equipment = row["actor"], row["equipment"]
        if actor not in graph:
            known = actors.get(actor, {})
            graph.add_node(actor, type="actor", bipartite=0, kind=known.get("kind", ""),
                           label=known.get("label") or row.get("actorLabel") or actor)
        if equipment not in graph:
            graph.add_node(equipment, type="equipment", bipartite=1,
                           label=row.get("equipmentLabel") or equipment, category=row.get("category", ""))
        if not graph.has_edge(actor, equipment):
            graph.add_edge(actor, equipment, weight=0, links=[], used=0, intercepted=0, supplied=0,
                           received=0, quantity=0, first=None, last=None)
        e = graph.edges[actor, equipment]
        e["weight"] += row["events"]
        e[row["link"]] += row["events"]
        e["links"] = sorted({*e["links"], row["link"]})
        e["quantity"] += row.get("quantity", 0)
        e["first"] = min((d for d in (e["first"], row.get("first")) if d is not None), default=None)
        e["last"] = max((d for d in (e["last"], row.get("last")) if d is not None), default=None)
    _keep_kinds(graph, actor_kind)
    graph.remove_nodes_from([n for n, d in graph.nodes(data=True)
                             if d.get("type") == "equipment" and graph.degree(n) == 0])
    return graph
