"""The workbench's JSON routes, answered from the analytics tables or by SPARQL.

Each route is a method of :class:`Workbench` taking the request's query parameters (as
``parse_qs`` gives them) and returning a JSON-able value; :data:`API_ROUTES` maps paths to
method names. The filters, the map, the timeline and the list are answered from the analytics
tables (:mod:`kg.analytics`, ``queries/workbench/*.sql``) when the store has current ones: over
the graph, their SPARQL (``queries/workbench/*.rq``) takes tens of seconds at 100k events. A
store without tables (a remote SPARQL server) is asked by SPARQL; both give the same answers.
An event's panel and its reviews are always read from the graph. The map never receives more
than :data:`MAX_POINTS` points: events are grouped by place (in the tables' SQL, or from the
SPARQL rows), and places by ever coarser grid cells while there are too many.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import InputError, KGError, QueryError, StoreError
from kg.export.records import reviewed_values
from kg.namespaces import ID
from kg.ops.workbench.review import REVIEW_GRAPH, Review, review_dataset
from kg.ops.workbench.taxonomy import matches_of_type
from kg.query.named import ENGINES, NamedQuery, bind_params, parse_header
from kg.resources import resource_dir
from kg.store.base import Store

MAX_POINTS = 2000
"""Most points the map is sent."""
MAX_LIST = 500
"""Most events the event list is sent (the newest first)."""
CACHED_ANSWERS = 64
"""Answers from the analytics tables kept for the same question asked again."""
KEEP_OPEN = 2.0
"""Seconds the read-only connection to the analytics tables stays open after its last request:
the requests of one view and the next filter share it (and DuckDB's cache), while a writer in
another process, which waits a few seconds for the file, gets it once the workbench is idle."""
FILTERS = ("type", "actor", "region", "from", "to", "min_confidence")
"""Query parameters of the event routes, the names of ``queries/workbench/events.rq``."""
PLACE_RANK = {"Settlement": 0, "Feature": 1, "WaterBody": 1, "Region": 2, "Country": 3}
"""Which of an event's places the map draws it at: the most precise kind it has."""
API_ROUTES = {
    "/api/meta": "meta", "/api/events": "events", "/api/timeline": "timeline",
    "/api/event": "event", "/api/network": "network", "/api/prefixes": "prefixes",
}
"""GET routes -> :class:`Workbench` methods."""
_EVENT_PREFIX = str(ID["event/"])
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")


_SQL_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@cache
def workbench_query(name: str) -> NamedQuery:
    """A query of ``queries/workbench/``."""
    path = resource_dir("queries") / "workbench" / f"{name}.rq"
    return parse_header(path.read_text(encoding="utf-8"), name, path)


@cache
def workbench_sql(name: str) -> str:
    """An SQL query of ``queries/workbench/`` over the analytics tables; all but ``facets`` read
    the filtered events, ``chosen.sql``, as the table ``chosen``."""
    folder = resource_dir("queries") / "workbench"
    text = (folder / f"{name}.sql").read_text(encoding="utf-8")
    if name == "facets":
        return text
    chosen = (folder / "chosen.sql").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    if body.lstrip().upper().startswith("WITH "):
        return f"WITH chosen AS (\n{chosen}\n),{body.lstrip()[5:]}"
    return f"WITH chosen AS (\n{chosen}\n)\n{body}"


def _sql_value(value: Any) -> Any:
    """A bound parameter (as :func:`kg.query.named.bind_params` converts it) as DuckDB takes it:
    an IRI as its text; dates and decimals as they are."""
    return value.value if isinstance(value, ox.NamedNode) else value


def _one(params: dict[str, list[str]], name: str) -> str:
    values = params.get(name) or [""]
    return values[-1].strip()


def _event_iri(params: dict[str, list[str]]) -> str:
    value = _one(params, "id")
    if value.startswith("id:event/"):
        value = _EVENT_PREFIX + value[len("id:event/"):]
    elif "/" not in value and value:
        value = _EVENT_PREFIX + value
    if not value.startswith(_EVENT_PREFIX):
        raise InputError(f"id must be an event IRI, not {value!r}")
    return value


def _file_state(path: Path) -> tuple[tuple[int, int] | None, ...]:
    """When and how large a DuckDB file and its log are: every committed write changes one."""
    out = []
    for each in (path, path.with_name(path.name + ".wal")):
        try:
            stat = each.stat()
            out.append((stat.st_mtime_ns, stat.st_size))
        except OSError:
            out.append(None)
    return tuple(out)


class TableReader:
    """One read-only DuckDB connection to the analytics tables, shared by the requests that
    come close together (each reads through a cursor of its own) and closed :data:`KEEP_OPEN`
    seconds after the last one, or when the file is no longer the one it opened; while
    :meth:`closed_for_writing` holds, no request reads and the connection is closed, so that
    this process can write the tables."""

    def __init__(self, keep_open: float = KEEP_OPEN) -> None:
        self.keep_open = keep_open
        self._changed = threading.Condition()
        self._con: Any | None = None
        self._opened: tuple[Path, tuple[tuple[int, int] | None, ...]] | None = None
        self._users = 0
        self._writing = 0
        self._timer: threading.Timer | None = None

    @contextmanager
    def cursor(self, sidecar: Any, attempts: int = 5) -> Iterator[Any]:
        """A cursor on the tables of ``sidecar`` (:class:`kg.analytics.sidecar.Sidecar`).

        Raises:
            KGError: the file cannot be opened (another process holds it for writing).
        """
        opened = (sidecar.path, _file_state(sidecar.path))
        with self._changed:
            while self._writing or (self._con is not None and self._opened != opened and self._users):
                self._changed.wait()
            if self._con is not None and self._opened != opened:
                self._close()
            if self._con is None:
                self._con = sidecar.connect(read_only=True, attempts=attempts)
                self._opened = opened
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self._users += 1
            cursor = self._con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            with self._changed:
                self._users -= 1
                if not self._users:
                    # not a daemon: a daemon thread closing DuckDB while Python exits aborts it
                    self._timer = threading.Timer(self.keep_open, self._close_idle)
                    self._timer.start()
                self._changed.notify_all()

    @contextmanager
    def closed_for_writing(self) -> Iterator[None]:
        """No connection open while the block runs (it may write the tables); requests wait."""
        with self._changed:
            self._writing += 1
            while self._users:
                self._changed.wait()
            self._close()
        try:
            yield
        finally:
            with self._changed:
                self._writing -= 1
                self._changed.notify_all()

    def close(self) -> None:
        """Close the connection now (it is opened again by the next request)."""
        with self._changed:
            while self._users:
                self._changed.wait()
            self._close()

    def _close_idle(self) -> None:
        with self._changed:
            if not self._users:
                self._close()

    def _close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._con is not None:
            self._con.close()
            self._con = None
            self._opened = None


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "as_integer_ratio") and not isinstance(value, (int, float)):
        return float(value)
    return value


class Workbench:
    """The JSON API over one store (for ``kg serve``, the ``sparql+http`` client of the served
    store, with the tables of its folder).

    Args:
        store: the store to read and, when reviewing, to write reviews to.
        analyst: the analyst's name when reviews are accepted, else ``None``.
        tables: the analytics tables to read (a :class:`kg.analytics.sidecar.Sidecar`), used
            while they are current; by default those of ``store`` when it keeps tables.
        engine: ``auto`` (the tables when current, else SPARQL), ``sparql`` or ``tables``
            (an error when they cannot answer), as for :func:`kg.query.named.run_named`.
    """

    def __init__(self, store: Store, analyst: str | None = None, tables: Any | None = None,
                 engine: str = "auto") -> None:
        if engine not in ENGINES:
            raise QueryError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
        self.store = store
        self.analyst = analyst
        self.tables = tables
        self.engine = engine
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()
        self.reader = TableReader()

    def _rows(self, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        text, bindings = bind_params(workbench_query(name), params)
        return [{k: _plain(v) for k, v in row.items()} for row in self.store.query(text, bindings).dicts()]

    def _sidecar(self) -> Any | None:
        """The current analytics tables to read, or ``None`` to ask the graph.

        Raises:
            QueryError: ``engine="tables"`` and there are none.
        """
        if self.engine == "sparql":
            return None
        if self.tables is not None:
            sidecar = self.tables if self.tables.is_current() else None
        else:
            sidecar = self.store.tables() if self.store.keeps_tables else None
        if sidecar is None and self.engine == "tables":
            raise QueryError("the workbench cannot read the analytics tables: the store has no current "
                             "ones (kg analytics --rebuild makes them)")
        return sidecar

    def _answer(self, route: str, filters: dict[str, str], from_tables: Callable[[Any], Any],
                from_graph: Callable[[], Any]) -> Any:
        """A route's answer: from the tables when they are current (kept for the next same
        question while the tables' files are unchanged), else from the graph. A writer holding
        the tables' file makes the graph answer meanwhile. Answers are shared: not to be changed."""
        sidecar = self._sidecar()
        if sidecar is None:
            return from_graph()
        key = (route, tuple(sorted(filters.items())), _file_state(sidecar.path))
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        try:
            with self.reader.cursor(sidecar) as con:
                answer = from_tables(con)
        except StoreError as exc:  # the file is held by a writer: the graph answers meanwhile
            if self.engine == "tables":
                raise QueryError(f"the workbench cannot read the analytics tables: {exc}") from exc
            return from_graph()
        with self._lock:
            self._cache[key] = answer
            while len(self._cache) > CACHED_ANSWERS:
                self._cache.popitem(last=False)
        return answer

    def warm(self) -> None:
        """Answer the first view (filter choices, timeline and map without filters) ahead, so
        that the first page opened is drawn without waiting for them (``kg serve`` calls this
        in the background when it starts); a failure is left for the page's own request."""
        try:
            if self._sidecar() is None:  # answers from the graph are not kept: nothing to gain
                return
            for route in (self.meta, self.timeline, self.events):
                route({})
        except (KGError, OSError):
            return

    def _sql(self, con: Any, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Rows of ``queries/workbench/NAME.sql`` with the filters ``params`` (checked and
        converted by :func:`bind_params` of ``events.rq``, so both paths take the same values)."""
        text = workbench_sql(name)
        _, bindings = bind_params(workbench_query("events"), params)
        values = {p: _sql_value(bindings.get(p)) for p in dict.fromkeys(_SQL_PARAM.findall(text))}
        import duckdb

        try:
            cursor = con.execute(text, values)
        except duckdb.Error as exc:
            raise QueryError(f"the workbench's {name} failed on the analytics tables: {exc}") from exc
        columns = [d[0] for d in cursor.description]
        return [{c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in cursor.fetchall()]

    # --- routes -------------------------------------------------------------------------

    def meta(self, params: dict[str, list[str]]) -> dict[str, Any]:
        """The filters' choices and whether reviews are accepted."""
        facets: dict[str, list[dict[str, Any]]] = {"type": [], "region": [], "actor": []}
        rows = self._answer("meta", {}, lambda con: self._sql(con, "facets", {}),
                            lambda: self._rows("facets", {}))
        for row in rows:
            facets.setdefault(row["facet"], []).append({"value": row["value"], "events": row["events"]})
        from kg.network import RELATIONS

        return {"facets": facets, "relations": list(RELATIONS), "review": self.analyst is not None,
                "analyst": self.analyst, "max_points": MAX_POINTS}

    @staticmethod
    def _filters(params: dict[str, list[str]], dates: bool = True) -> dict[str, str]:
        chosen = {name: _one(params, name) for name in FILTERS if _one(params, name)}
        if not dates:
            chosen.pop("from", None)
            chosen.pop("to", None)
        return chosen

    def events(self, params: dict[str, list[str]]) -> dict[str, Any]:
        """The filtered events: map points (grouped by place or grid cell) and the list."""
        filters = self._filters(params)
        return self._answer("events", filters, lambda con: self._events_by_sql(con, filters),
                            lambda: self._events_answer(*self._events_by_sparql(filters)))

    def _events_by_sql(self, con: Any, filters: dict[str, str]) -> dict[str, Any]:
        listed = self._sql(con, "event-list", filters)
        points = self._sql(con, "map-points", filters)
        total = listed[0]["total"] if listed else 0
        located = points[0]["located"] if points else 0
        for row in listed:
            del row["total"]
        for point in points:
            del point["located"]
            point["types"] = dict(point["types"])
        return self._events_answer(total, located, points, listed)

    @staticmethod
    def _events_answer(total: int, located: int, points: list[dict[str, Any]],
                       listed: list[dict[str, Any]]) -> dict[str, Any]:
        grouped, cell = aggregate(points, MAX_POINTS)
        return {"total": total, "located": located, "points": grouped, "cell": cell,
                "events": listed[:MAX_LIST]}

    def _events_by_sparql(self, filters: dict[str, str]) -> tuple[int, int, list[dict[str, Any]],
                                                                   list[dict[str, Any]]]:
        """The events route's parts from the rows of ``events.rq``: the totals, the points by
        place (in key order, each one's events newest first, as ``map-points.sql`` gives
        them) and the list."""
        events: dict[str, dict[str, Any]] = {}
        places: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in self._rows("events", filters):
            iri = row["event"]
            if iri not in events:
                events[iri] = {k: row.get(k) for k in ("event", "typeName", "date", "confidence",
                                                       "killed", "injured", "label")}
            if row.get("place") is not None:
                places[iri].append(row)
        newest = {iri: (e.get("date") or "", iri) for iri, e in events.items()}
        points: dict[str, dict[str, Any]] = {}
        for iri, rows in places.items():
            rank: dict[str, int] = {}
            for r in rows:
                rank[r["place"]] = min(rank.get(r["place"], 4), PLACE_RANK.get(r.get("placeKind") or "", 4))
            best = min(rank.values())
            for r in rows:
                point = points.get(r["place"])
                if point is None:
                    point = points[r["place"]] = {
                        "key": r["place"], "label": "", "lat": float(r["lat"]), "lon": float(r["lon"]),
                        "events": 0, "killed": 0, "injured": 0, "types": Counter(), "ids": []}
                label = r.get("placeLabel") or ""
                if label and (not point["label"] or label < point["label"]):
                    point["label"] = label
                point["lat"] = min(point["lat"], float(r["lat"]))
                point["lon"] = min(point["lon"], float(r["lon"]))
                if rank[r["place"]] != best or (point["ids"] and point["ids"][-1] == iri):
                    continue
                event = events[iri]
                point["events"] += 1
                point["killed"] += event.get("killed") or 0
                point["injured"] += event.get("injured") or 0
                point["types"][event["typeName"]] += 1
                point["ids"].append(iri)
        ordered = []
        for key in sorted(points):
            point = points[key]
            if not point["ids"]:
                continue
            point["ids"] = sorted(point["ids"], key=newest.__getitem__, reverse=True)[:20]
            point["types"] = dict(point["types"])
            ordered.append(point)
        listed = sorted(events.values(), key=lambda e: newest[e["event"]], reverse=True)
        return len(events), len(places), ordered, listed[:MAX_LIST]

    def timeline(self, params: dict[str, list[str]]) -> dict[str, Any]:
        """Events per day and type under the filters, the date range left out (the brush sets it)."""
        filters = self._filters(params, dates=False)

        def from_graph() -> list[dict[str, Any]]:
            seen: set[str] = set()
            days: dict[tuple[str, str], int] = Counter()
            for row in self._rows("events", filters):
                if row["event"] in seen or not row.get("date"):
                    continue
                seen.add(row["event"])
                days[(row["date"], row["typeName"])] += 1
            return [{"day": d, "type": t, "events": n} for (d, t), n in sorted(days.items())]

        bars = self._answer("timeline", filters, lambda con: self._sql(con, "timeline", filters), from_graph)
        return {"bars": bars, "first": bars[0]["day"] if bars else None,
                "last": bars[-1]["day"] if bars else None}

    def event(self, params: dict[str, list[str]]) -> dict[str, Any]:
        """One event: facts, places, actors, equipment, reports with evidence, reviews."""
        iri = _event_iri(params)
        facts = self._rows("event", {"event": iri})
        if not facts:
            raise LookupError(f"no event {iri}")
        event: dict[str, Any] = {"event": iri, **facts[0]}
        for part in ("places", "actors", "equipment"):
            event[part] = self._rows(f"event-{part}", {"event": iri})
        event["reports"] = [_report(row) for row in self._rows("event-reports", {"event": iri})]
        event["taxonomy"] = matches_of_type(event.get("typeName") or "")
        event["reviews"] = self._rows("reviews", {"event": iri})
        event["reviewed"] = reviewed_values(event["reviews"])
        return event

    def network(self, params: dict[str, list[str]]) -> dict[str, Any]:
        """The actor network (:func:`kg.network.actor_network`) with a layout, for one or all relations."""
        import networkx as nx

        from kg.network import actor_network, collapse

        relation = _one(params, "relation") or None
        graph = actor_network(self.store, relation=relation, since=_one(params, "from") or None,
                              until=_one(params, "to") or None, region=_one(params, "region") or None)
        simple = collapse(graph, directed=False)
        layout = nx.spring_layout(simple, seed=0, weight=None) if len(simple) else {}
        nodes = [{"id": n, "label": d.get("label", n), "kind": d.get("kind", ""),
                  "x": round(float(layout[n][0]), 4), "y": round(float(layout[n][1]), 4),
                  "weight": sum(w for _, _, w in graph.edges(n, data="weight"))}
                 for n, d in simple.nodes(data=True)]
        edges = []
        for u, v, d in graph.edges(data=True):
            if d.get("mutual") and str(u) > str(v):
                continue
            edges.append({"source": u, "target": v, "relation": d["relation"], "weight": d["weight"],
                          "mutual": bool(d.get("mutual"))})
        return {"nodes": nodes, "edges": edges}

    def prefixes(self, params: dict[str, list[str]]) -> dict[str, str]:
        """The project's prefixes, for the SPARQL editor's prefix completion (instead of prefix.cc)."""
        from kg.namespaces import PREFIXES

        return {name: str(iri) for name, iri in PREFIXES.items()}

    def review(self, data: object) -> dict[str, Any]:
        """Store an analyst's review of an event (see :mod:`kg.ops.workbench.review`).

        Raises:
            PermissionError: reviews are not accepted by this server.
            InputError: a malformed review.
            LookupError: no such event.
        """
        if self.analyst is None:
            raise PermissionError("this server does not accept reviews (start it with kg serve --review)")
        review = Review.from_json(data, self.analyst)
        if not self._rows("event", {"event": review.event}):
            raise LookupError(f"no event {review.event}")
        dataset, node = review_dataset(review)
        with self.reader.closed_for_writing():  # the store's write updates the tables too
            self.store.add_dataset(dataset, replace_graphs=False)
        return {"review": node, "graph": str(REVIEW_GRAPH), "verdict": review.verdict,
                "values": {k: _plain(v) for k, v in review.values.items()}}


def _report(row: dict[str, Any]) -> dict[str, Any]:
    """A report row with where its evidence stands in the update's text (``highlight``).

    ``highlight`` is a list of ``[start, end]`` spans: the evidence where its stored offsets
    point into this update's text, else each sentence of the evidence found in the text (an
    event read from several updates has evidence that joins sentences of more than one).
    """
    text, evidence = row.get("text") or "", row.get("evidence") or ""
    spans: list[list[int]] = []
    if evidence and row.get("evidenceStart") is not None and row.get("reportStart") is not None:
        local = int(row["evidenceStart"]) - int(row["reportStart"])
        if local >= 0 and text[local:local + len(evidence)] == evidence:
            spans = [[local, local + len(evidence)]]
    if not spans and evidence:
        found = text.find(evidence)
        if found >= 0:
            spans = [[found, found + len(evidence)]]
        else:
            for sentence in _SENTENCE.findall(evidence):
                sentence = sentence.strip()
                at = text.find(sentence) if len(sentence) > 3 else -1
                if at >= 0:
                    spans.append([at, at + len(sentence)])
    row["highlight"] = _merged(sorted(spans))
    return row


def _merged(spans: list[list[int]]) -> list[list[int]]:
    out: list[list[int]] = []
    for start, end in spans:
        if out and start <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return out


def aggregate(points: list[dict[str, Any]], most: int) -> tuple[list[dict[str, Any]], float]:
    """At most ``most`` points: places merged into grid cells, the cell doubling until they fit.

    Returns:
        The points (``types`` as a plain dict, at most 20 ``ids`` each) and the cell size in
        degrees (``0`` when every place is its own point).
    """
    cell = 0.0
    while len(points) > most:
        cell = 0.05 if not cell else cell * 2
        cells: dict[tuple[int, int], dict[str, Any]] = {}
        for p in points:
            key = (math.floor(p["lon"] / cell), math.floor(p["lat"] / cell))
            c = cells.get(key)
            if c is None:
                cells[key] = {**p, "types": Counter(p["types"]), "ids": list(p["ids"]), "places": 1,
                              "key": f"cell/{cell:g}/{key[0]}/{key[1]}", "_w": p["events"],
                              "_lat": p["lat"] * p["events"], "_lon": p["lon"] * p["events"]}
                continue
            for name in ("events", "killed", "injured"):
                c[name] += p[name]
            c["types"].update(p["types"])
            c["ids"] += p["ids"][:20]
            c["places"] += 1
            c["_w"] += p["events"]
            c["_lat"] += p["lat"] * p["events"]
            c["_lon"] += p["lon"] * p["events"]
            if c["places"] == 2:
                c["label"] = f"{c['label']} and nearby"
        points = []
        for c in cells.values():
            weight = c.pop("_w") or 1
            c["lat"], c["lon"] = c.pop("_lat") / weight, c.pop("_lon") / weight
            points.append(c)
    for p in points:
        p["types"] = dict(p["types"])
        p["ids"] = p["ids"][:20]
    return points, cell


__all__ = ["API_ROUTES", "FILTERS", "MAX_LIST", "MAX_POINTS", "QueryError", "Workbench", "aggregate",
           "reviewed_values", "workbench_query", "workbench_sql"]
