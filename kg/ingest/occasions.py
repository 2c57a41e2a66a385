"""The occasion layer: which accounts (reports' events) tell one occasion, kept in the graph.

Every account belongs to one occasion. An occasion of one account is implicit (nothing is
written); an occasion of several is a named graph ``kgg:occasion/<d>`` holding the occasion
node, its accounts, its lead account (whose figures it shows), the low and high figures across
its reports, a ``ckg:mergedInto`` link from each other account to the lead (what the named
queries leave out, so that they count occasions), and one match node per merge with its rule
and score. Analysts' decisions (:func:`decide`) are graphs ``kgg:decision/<d>``. See
``docs/model.md``.

A batch is matched incrementally (:func:`occasion_batch`): its accounts against the accounts
already stored on the same days (found by date, through an index, never by a scan of the
graph), and only the occasions the batch touches are written again, so re-ingesting an update
rewrites its own occasions and nothing else.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.errors import InputError
from kg.ingest.identity import (
    Account,
    Verdict,
    agent_role,
    compare,
    family,
    fold_place,
    lead,
    one_per_place,
    says_night,
    types_compatible,
    weapon_kinds,
)
from kg.namespaces import CKG, GRAPH, ID, TYPES, digest, sparql_prefixes
from kg.resources import resource_dir

__all__ = ["Occasion", "OccasionPlan", "accounts_of", "decide", "occasion_batch", "occasion_of",
           "plan_batch"]

OCCASION_GRAPH = str(GRAPH["occasion/"])
DECISION_GRAPH = str(GRAPH["decision/"])
_REPORT_GRAPH = str(GRAPH["report/"])
_VALUES_CHUNK = 2000


@cache
def _query(name: str) -> str:
    path = resource_dir("queries") / "identity" / f"{name}.rq"
    return sparql_prefixes() + path.read_text(encoding="utf-8")


def _with_values(text: str, var: str, terms: Iterable[str]) -> str:
    head, brace, rest = text.partition("WHERE {")
    return f"{head}{brace}\n  VALUES ?{var} {{ {' '.join(terms)} }}{rest}"


def _run(source, text: str) -> list[tuple]:
    """Rows of a SELECT over a :class:`kg.store.Store` or an in-memory pyoxigraph store
    (the union of its graphs), as raw pyoxigraph terms."""
    if isinstance(source, ox.Store):
        solutions = source.query(text, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]
        return [tuple(s[n] for n in names) for s in solutions]
    return list(source.query(text).raw)


def _chunked(values: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(values), _VALUES_CHUNK):
        yield values[i:i + _VALUES_CHUNK]


def _value(term) -> str | None:
    return None if term is None else str(term.value)


def accounts_of(source, events: Iterable[str] | None = None, graphs: Iterable[str] | None = None
                ) -> dict[str, Account]:
    """The accounts of some events, or of the events of some report graphs, or (neither given)
    every event of ``source`` (a store or an in-memory pyoxigraph store of a batch). Events
    are read from the analytics tables of an on-disk store when they are current and the
    events are named, else from the graph."""
    if events is not None and not isinstance(source, ox.Store):
        tables = source.tables()
        if tables is not None:
            try:
                return _accounts_from_tables(tables, sorted(set(events)))
            except Exception:  # the tables are an aid: the graph answers when they cannot
                pass
    base = _query("accounts")
    if events is not None or graphs is not None:
        var, iris = ("event", events) if events is not None else ("graph", graphs)
        values = (f"VALUES ?{var} {{ {' '.join(f'<{i}>' for i in part)} }}"
                  for part in _chunked(sorted(set(iris))))
        texts = [base.replace("GRAPH ?graph {\n", "GRAPH ?graph {\n    " + v + "\n", 1) for v in values]
    else:
        texts = [base]
    core: dict[str, dict] = {}
    for text in texts:
        for row in _run(source, text):
            _take_core(core, *(_value(t) for t in row))
    links: dict[str, dict[str, set[str]]] = {e: {} for e in core}
    for part in _chunked(sorted(core)):
        text = _with_values(_query("links"), "event", (f"<{e}>" for e in part))
        for event, link, value in _run(source, text):
            links[event.value].setdefault(link.value, set()).add(value.value)
    return _accounts(core, links)


def _take_core(core: dict[str, dict], event, graph, type_, date, precision, killed, injured, report,
               time, published, words, page, coded) -> None:
    """One row of an account's own values (plain Python values or lexical forms)."""
    if graph is None or not str(graph).startswith(_REPORT_GRAPH):
        return
    row = core.setdefault(event, {"graph": graph, "report": report, "text": ""})
    row["type"] = str(type_).removeprefix(str(TYPES))
    row["date"] = _pydate(date)
    row["precision"] = (precision or "day").removeprefix(str(TYPES)).removeprefix("precision-")
    row["killed"] = _int(killed)
    row["injured"] = _int(injured)
    row["time"] = _instant(time) or (str(published)[:10] if published else "")
    if words and words not in row["text"]:
        row["text"] += " " + words
    row["page"] = (page or "") if coded in (True, "true") else ""


def _instant(value) -> str:
    """A report's time as one form (UTC, ``YYYY-MM-DDTHH:MM:SSZ``), from the graph or the tables."""
    if value is None or value == "":
        return ""
    if not isinstance(value, dt.datetime):
        try:
            value = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return str(value)
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _accounts(core: dict[str, dict], links: dict[str, dict[str, set[str]]]) -> dict[str, Account]:
    out = {}
    for iri, row in core.items():
        got = links.get(iri, {})
        categories = [c.removeprefix(str(TYPES)).removeprefix("category-") for c in got.get("category", ())]
        out[iri] = Account(
            iri=iri, report=row["report"], graph=row["graph"], type=row["type"], date=row["date"],
            precision=row["precision"], places=frozenset(got.get("place", ())),
            regions=frozenset(got.get("region", ())), countries=frozenset(got.get("country", ())),
            names=frozenset(fold_place(n) for n in got.get("named", ())),
            agents=frozenset(got.get(f"role:{agent_role(row['type'])}", ())),
            actors=frozenset(got.get("actor", ())),
            weapons=weapon_kinds(categories), killed=row["killed"], injured=row["injured"],
            night=says_night(row["text"]), time=row["time"], page=row["page"],
            evidence=row["text"].strip())
    return out


def _accounts_from_tables(tables, events: list[str]) -> dict[str, Account]:
    """The accounts of some events from the analytics tables (``queries/identity/*.sql``)."""
    folder = resource_dir("queries") / "identity"
    core: dict[str, dict] = {}
    links: dict[str, dict[str, set[str]]] = {}
    with tables.connect(read_only=True) as con:
        con.execute("CREATE TEMP TABLE wanted AS SELECT unnest($events) AS event", {"events": events})
        for row in con.execute((folder / "accounts.sql").read_text(encoding="utf-8")).fetchall():
            _take_core(core, *row)
        for event, link, value in con.execute((folder / "links.sql").read_text(encoding="utf-8")).fetchall():
            links.setdefault(event, {}).setdefault(link, set()).add(value)
    return _accounts(core, links)


def _int(value) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


# ---------------------------------------------------------------- finding candidates


@dataclass(frozen=True)
class _Seen:
    """An account as the lookup sees it: enough to tell which stored accounts are worth reading."""

    iri: str
    graph: str
    date: dt.date | None
    areas: frozenset[str]
    spots: frozenset[str]
    """Its settlements, by IRI and by folded name in their region (empty when it names none)."""
    type: str = ""


def _keys(date: dt.date | None, areas: Iterable[str], reach: int = 0) -> set[tuple[dt.date, str]]:
    if date is None:
        return set()
    return {(date + dt.timedelta(days=d), area) for d in range(-reach, reach + 1) for area in areas}


def _areas(regions: Iterable[str], countries: Iterable[str]) -> frozenset[str]:
    regions = frozenset(regions)
    return regions or frozenset(countries) or frozenset({""})


def _spots(account: Account) -> frozenset[str]:
    return account.settlements | account.names if account.settlements else frozenset()


def _filed(areas: frozenset[str], spots: frozenset[str], type_name: str) -> set[str]:
    """Where an account is filed by place: its settlements, and its areas as holding a
    settlement (``t``) or as named without one (``u``); an event that is not one per place
    (a statement, a visit, an interception tally) by its family alone."""
    if not one_per_place(type_name):
        return {f"f {family(type_name)}"}
    if spots:
        return {f"s {s}" for s in spots} | {f"t {a}" for a in areas}
    return {f"u {a}" for a in areas}


def _sought(areas: frozenset[str], spots: frozenset[str], type_name: str) -> set[str]:
    """Where to look for the accounts that may tell the same occasion: the same settlement or
    an account of its area without one; without a settlement, anything in its area."""
    if not one_per_place(type_name):
        return {f"f {family(type_name)}"}
    if spots:
        return {f"s {s}" for s in spots} | {f"u {a}" for a in areas}
    return {f"t {a}" for a in areas} | {f"u {a}" for a in areas}


def _seen_rows(rows: Iterable[tuple]) -> dict[str, _Seen]:
    """``_Seen`` from rows of (event, graph, type, date, region, country, place, named) terms."""
    found: dict[str, tuple] = {}
    for event, graph, type_, date, region, country, place, named in rows:
        item = found.setdefault(_value(event), (_value(graph), _pydate(date), set(), set(), set(), set(),
                                                str(_value(type_)).removeprefix(str(TYPES))))
        for value, into in ((region, 2), (country, 3), (place, 4)):
            if value is not None:
                item[into].add(_value(value))
        if named is not None:
            item[5].add(fold_place(_value(named)))
    out = {}
    for iri, (g, d, regions, countries, places, names, type_name) in found.items():
        settled = places - regions - countries
        spots = frozenset(settled | names) if settled else frozenset()
        out[iri] = _Seen(iri, g, d, _areas(regions, countries), spots, type_name)
    return out


def _pydate(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(getattr(value, "value", value))
    except ValueError:
        return None




def _stored_on(store, days: set[dt.date]) -> dict[str, _Seen]:
    """The stored accounts dated on some days: from the analytics tables of an on-disk store
    when they are current (an index lookup in DuckDB), else from the graph (the object index
    of ``ckg:date``); neither scans every event."""
    if not days:
        return {}
    tables = store.tables() if hasattr(store, "tables") else None
    if tables is not None:
        try:
            with tables.connect(read_only=True) as con:
                sql = (resource_dir("queries") / "identity" / "seen.sql").read_text(encoding="utf-8")
                rows = con.execute(sql, {"days": sorted(days)}).fetchall()
            return _seen_rows(tuple(_Str(v) if isinstance(v, str) else v for v in row) for row in rows)
        except Exception:  # the tables are an aid: the graph answers when they cannot
            pass
    text = _query("seen")
    rows = []
    for part in _chunked([f'"{d.isoformat()}"^^<{XSD.date}>' for d in sorted(days)]):
        rows += _run(store, _with_values(text, "date", part))
    return _seen_rows(rows)


class _Str:
    """A plain value where a pyoxigraph term is read (``.value``)."""

    __slots__ = ("value",)

    def __init__(self, value) -> None:
        self.value = value


# ---------------------------------------------------------------- occasions and decisions


@dataclass(frozen=True)
class Match:
    """Why one account joined an occasion: the account it was matched with, the rule and score,
    and the analyst when it was a decision."""

    account: str
    other: str
    rule: str
    score: float
    analyst: str | None = None


@dataclass
class Occasion:
    """An occasion of several accounts, as written in its graph."""

    iri: str
    graph: str
    accounts: list[Account]
    matches: list[Match] = field(default_factory=list)

    @property
    def lead(self) -> Account:
        """The account whose figures the occasion shows (:func:`kg.ingest.identity.lead`)."""
        return lead(self.accounts)


@dataclass
class OccasionPlan:
    """What a batch does to the occasions: graphs to write, graphs to empty, and how many of
    its accounts joined an occasion of more than one account."""

    write: list[Occasion] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)
    joined: int = 0

    def nquads(self) -> bytes:
        """The N-Quads of the occasion graphs to write."""
        return "".join(line + "\n" for o in self.write for line in occasion_nquads(o)).encode("utf-8")

    def add_to(self, dataset: rdflib.Dataset) -> None:
        """Put the occasion graphs (and the emptied ones) into a batch."""
        data = self.nquads()
        if data:
            dataset.parse(data=data.decode("utf-8"), format="nquads")
        for graph in {*self.drop, *(o.graph for o in self.write)}:
            dataset.graph(URIRef(graph))  # an empty graph of a batch replaces the stored one


@dataclass
class _Decisions:
    apart: set[frozenset[str]] = field(default_factory=set)
    same: dict[frozenset[str], str | None] = field(default_factory=dict)


def _decisions(store) -> _Decisions:
    out = _Decisions()
    for _, verdict, first, second, analyst, _ in _run(store, _query("decisions")):
        pair = frozenset({first.value, second.value})
        if verdict.value == "same":
            out.same[pair] = _value(analyst)
        else:
            out.apart.add(pair)
    return out


def occasion_iri(accounts: Iterable[str]) -> tuple[str, str]:
    """The occasion node and graph of a set of accounts, named after the least account IRI, so
    that the same accounts always give the same occasion."""
    key = digest(min(accounts), length=16)
    return str(ID[f"occasion/{key}"]), str(GRAPH[f"occasion/{key}"])


def _verdict(a: Account, b: Account, decisions: _Decisions) -> Verdict:
    pair = frozenset({a.iri, b.iri})
    if pair in decisions.apart:
        return Verdict(False, "analyst-apart", 0.0)
    if pair in decisions.same:
        return Verdict(True, "analyst-same", 1.0)
    return compare(a, b)


def _matches(accounts: list[Account], decisions: _Decisions) -> list[Match]:
    """One match per account after the first (by report time): the earlier account it agrees
    with best."""
    ordered = sorted(accounts, key=lambda x: (x.time, x.iri))
    out = []
    for i, account in enumerate(ordered[1:], start=1):
        best = max(((_verdict(account, other, decisions), other) for other in ordered[:i]),
                   key=lambda vo: (vo[0].same, vo[0].score, vo[1].iri))
        verdict, other = best
        pair = frozenset({account.iri, other.iri})
        analyst = decisions.same.get(pair) if verdict.rule == "analyst-same" else None
        out.append(Match(account.iri, other.iri, verdict.rule, verdict.score, analyst))
    return out


class _Groups:
    """Accounts in occasions while a batch is matched, filed by place (:func:`_filed`) and by
    date: an account of one day under its day, a coarser one under each month its span
    covers, so that an account finds only the occasions holding an account whose date may be
    its own (a day either side for two days, else overlapping spans: what
    :func:`kg.ingest.identity.compare` asks before anything else)."""

    def __init__(self, decisions: _Decisions) -> None:
        self.decisions = decisions
        self.members: dict[str, list[Account]] = {}
        self.of: dict[str, str] = {}
        self.index: dict[tuple, set[str]] = {}
        self.coarse: dict[tuple, set[tuple[str, dt.date, dt.date]]] = {}
        self.changed: set[str] = set()
        self.partners: dict[str, set[str]] = {}
        for pair in decisions.same:
            for iri in pair:
                self.partners.setdefault(iri, set()).update(pair - {iri})

    def add(self, gid: str, account: Account) -> None:
        self.members.setdefault(gid, []).append(account)
        self.of[account.iri] = gid
        if account.date is None:
            return  # no date is the same day as anything: only an analyst's decision finds it
        span = account.span
        for spot in _filed(_areas(account.regions, account.countries), _spots(account), account.type):
            if account.precision == "day":
                self.index.setdefault((account.date, spot), set()).add(gid)
            else:
                for month in _months(*span):
                    self.coarse.setdefault((month, spot), set()).add((gid, *span))

    def near(self, account: Account) -> set[str]:
        """The occasions holding an account of a place sought (:func:`_sought`) whose date may be
        this account's, and those holding an account an analyst said is the same occasion."""
        sought = _sought(_areas(account.regions, account.countries), _spots(account), account.type)
        found: set[str] = set()
        if account.date is not None:
            lo, hi = account.span
            if account.precision == "day":
                lo, hi = lo - dt.timedelta(days=1), hi + dt.timedelta(days=1)
            for n in range((hi - lo).days + 1):
                day = lo + dt.timedelta(days=n)
                for spot in sought:
                    found |= self.index.get((day, spot), set())
            lo, hi = account.span
            for month in _months(lo, hi):
                for spot in sought:
                    found |= {gid for gid, first, last in self.coarse.get((month, spot), ())
                              if first <= hi and lo <= last}
        for other in self.partners.get(account.iri, ()):
            gid = self.of.get(other)
            if gid is not None and gid not in found and self._filed_near(gid, account, sought):
                found.add(gid)
        return found

    def _filed_near(self, gid: str, account: Account, sought: set[str]) -> bool:
        """Whether an occasion holds an account filed at a place sought on a day the lookup
        reads: any day for an account of a coarser date, else a day either side or a coarser
        date (how far an analyst's decision reaches)."""
        for m in self.members.get(gid, ()):
            if not _filed(_areas(m.regions, m.countries), _spots(m), m.type) & sought:
                continue
            coarse = m.precision != "day" or m.date is None
            if account.date is None:
                if coarse:
                    return True
            elif account.precision != "day" or coarse or abs((m.date - account.date).days) <= 1:
                return True
        return False

    def place(self, account: Account) -> None:
        """Put a new account in the occasion it matches best, or alone."""
        scored = []
        for gid in self.near(account):
            if not self.members.get(gid):
                continue
            best = None
            for member in self.members[gid]:
                verdict = _verdict(account, member, self.decisions)
                if not verdict.same and verdict.score == 0.0:
                    break  # kept apart from one of its accounts
                if best is None or verdict.score > best.score:
                    best = verdict
            else:
                if best.same:
                    scored.append((best.score, gid))
        scored.sort(reverse=True)
        if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]
                       or scored[0][0] == 1.0):
            gid = scored[0][1]
        else:  # nothing matches, or two occasions match as well: it stands alone
            gid = f"single:{account.iri}"
        self.add(gid, account)
        self.changed.add(gid)

    def remove(self, iris: set[str]) -> None:
        for iri in iris:
            gid = self.of.pop(iri, None)
            if gid is not None:
                self.members[gid] = [m for m in self.members[gid] if m.iri != iri]
                self.changed.add(gid)


# ---------------------------------------------------------------- matching a batch


def _months(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    """Every (year, month) from one day's to another's."""
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _lookup_days(accounts: Iterable[_Seen | Account]) -> set[dt.date]:
    """The days on which a stored account may tell the same occasion as one of ``accounts``:
    the day before and after (overnight), and the first of the month and year (coarser dates
    are stored as their first day); every day of a month-precise date's month."""
    days: set[dt.date] = set()
    for a in accounts:
        if a.date is None:
            continue
        precision = getattr(a, "precision", "day")
        days |= {a.date + dt.timedelta(days=d) for d in (-1, 0, 1)}
        days |= {a.date.replace(day=1), a.date.replace(month=1, day=1)}
        if precision == "month":
            span = a.span
            days |= {span[0] + dt.timedelta(days=d) for d in range((span[1] - span[0]).days + 1)}
    return days


def _relevant(candidates: dict[str, _Seen], new: Iterable[_Seen | Account], exclude: set[str]
              ) -> tuple[set[str], set[str]]:
    """The candidates worth reading (a near day, and the same settlement or area as
    :func:`_sought` says) and the new accounts that have one."""
    by_key: dict[tuple, set[str]] = {}
    by_spot: dict[str, set[str]] = {}
    for s in candidates.values():
        if s.graph in exclude or s.date is None:
            continue
        for spot in _filed(s.areas, s.spots, s.type):
            by_key.setdefault((s.date, spot), set()).add(s.iri)
            by_spot.setdefault(spot, set()).add(s.iri)
            if s.date.day == 1:  # maybe a month or a year: by place alone
                by_key.setdefault((None, spot), set()).add(s.iri)
    wanted: set[str] = set()
    having: set[str] = set()
    for a in new:
        if a.date is None:
            continue
        if isinstance(a, _Seen):
            sought = _sought(a.areas, a.spots, a.type)
        else:
            sought = _sought(_areas(a.regions, a.countries), _spots(a), a.type)
        days = [a.date + dt.timedelta(days=d) for d in (-1, 0, 1)]
        found = {c for day in days for spot in sought for c in by_key.get((day, spot), ())}
        found |= {c for spot in sought for c in by_key.get((None, spot), ())}
        if getattr(a, "precision", "day") != "day":  # within its month or year: by place alone
            found |= {c for spot in sought for c in by_spot.get(spot, ())}
        if found:
            wanted |= found
            having.add(a.iri)
    return wanted, having


def _members(store, known: set[str]) -> dict[str, tuple[str, set[str]]]:
    """The stored occasions holding some accounts: occasion → (graph, every account)."""
    out: dict[str, tuple[str, set[str]]] = {}
    for part in _chunked(sorted(known)):
        for occasion, graph, account in _run(store, _with_values(_query("members"), "known",
                                                                   (f"<{k}>" for k in part))):
            out.setdefault(occasion.value, (graph.value, set()))[1].add(account.value)
    return out


def _plan(store, new: dict[str, Account], exclude: set[str], leaving: set[str],
          candidates: dict[str, _Seen] | None = None, wanted: set[str] | None = None) -> OccasionPlan:
    """Match ``new`` accounts against the stored ones (less those of the ``exclude`` graphs
    and the ``leaving`` accounts, which the write replaces), and plan the occasion graphs.
    ``wanted``, when given, are the stored accounts to read (else found by date and place)."""
    decisions = _decisions(store)
    if wanted is None:
        if candidates is None:
            candidates = _stored_on(store, _lookup_days(new.values()))
        wanted, _ = _relevant(candidates, new.values(), exclude)
    wanted -= set(new) | leaving
    stored = _members(store, wanted | leaving | set(new))
    extra = {a for _, accounts in stored.values() for a in accounts} - wanted - set(new) - leaving
    known = accounts_of(store, events=wanted | extra) if wanted | extra else {}
    groups = _Groups(decisions)
    graph_of: dict[str, str] = {}
    for occasion, (graph, accounts) in stored.items():
        graph_of[occasion] = graph
        for iri in sorted(accounts):
            if iri in known:
                groups.add(occasion, known[iri])
        if accounts & (leaving | set(new)):
            groups.changed.add(occasion)
    for iri in sorted(wanted):
        if iri in known and iri not in groups.of:
            groups.add(f"single:{iri}", known[iri])
    for account in sorted(new.values(), key=lambda x: (x.time, x.iri)):
        groups.place(account)
    plan = OccasionPlan()
    for gid in sorted(groups.changed):
        members = groups.members.get(gid, [])
        if gid in graph_of:
            plan.drop.append(graph_of[gid])
        if len(members) > 1:
            iri, graph = occasion_iri(m.iri for m in members)
            plan.write.append(Occasion(iri, graph, sorted(members, key=lambda m: m.iri),
                                       _matches(members, decisions)))
            plan.joined += sum(1 for m in members if m.iri in new)
    return plan


def plan_batch(store, dataset: rdflib.Dataset) -> OccasionPlan:
    """Match the accounts of a batch (a dataset about to be written) against the store."""
    from kg.store.terms import graph_names, rdflib_quads

    scratch = ox.Store()
    scratch.extend(rdflib_quads(dataset))
    new = accounts_of(scratch)
    graphs = {g.value for g in graph_names(dataset)
              if isinstance(g, ox.NamedNode) and g.value.startswith(_REPORT_GRAPH)}
    leaving = set()
    for part in _chunked(sorted(graphs)):
        text = _with_values(_query("in-graphs"), "graph", (f"<{g}>" for g in part))
        leaving |= {row[0].value for row in _run(store, text)}
    return _plan(store, new, graphs, leaving - set(new))


def occasion_batch(store, dataset: rdflib.Dataset) -> OccasionPlan:
    """Plan a batch's occasions and put their graphs into it (written with it, in one
    transaction)."""
    plan = plan_batch(store, dataset)
    plan.add_to(dataset)
    return plan


def match_document(store, source: str) -> OccasionPlan:
    """Match the stored accounts of one document (a file already written, as a bulk ACLED
    ingest writes it) against the rest of the store, and write the occasions it changes."""
    from kg.namespaces import page_iri

    page = page_iri(source)
    if not _run(store, _with_values(_query("others"), "page", [f"<{page}>"])):
        return OccasionPlan()  # the first document of the store: nothing to match against
    was_merged = {row[0].value for row in _run(store, _query("merged"))}
    reach = _reach_from_tables(store, page, was_merged)
    if reach is None:
        mine = _seen_rows(_run(store, _with_values(_query("of-page"), "page", [f"<{page}>"])))
        if not mine:
            return OccasionPlan()
        own = {s.graph for s in mine.values()}
        candidates = _stored_on(store, _lookup_days(mine.values()))
        _, having = _relevant(candidates, mine.values(), own)
        touched = having | (was_merged & set(mine))
        wanted = None
    else:
        touched, wanted = reach
        own, candidates = set(), None
    if not touched:
        return OccasionPlan()
    new = accounts_of(store, events=touched)
    plan = _plan(store, new, own, set(), candidates, wanted)
    _write_plan(store, plan)
    return plan


def _reach_from_tables(store, page: str, was_merged: set[str]) -> tuple[set[str], set[str]] | None:
    """For :func:`match_document`, from the analytics tables in a few DuckDB queries (every
    account of the document joined with the stored ones by place key and date): the
    document's accounts to match (those the lookup finds a stored account for, and those
    already in an occasion) and the stored accounts worth reading for them. Those are the
    accounts the lookup in Python reads (:func:`_relevant`), less those whose type or date
    keeps them apart from every account matched (they cannot join its occasion) unless an
    analyst said they are one. ``None`` when the tables cannot answer (then the graph does)."""
    tables = store.tables() if hasattr(store, "tables") else None
    if tables is None:
        return None
    folder = resource_dir("queries") / "identity"
    decisions = _decisions(store)
    partners = sorted({iri for pair in decisions.same for iri in pair})
    try:
        with tables.connect(read_only=True) as con:
            types = [row[0] for row in con.execute("SELECT DISTINCT type FROM events").fetchall()]
            short = [str(t).removeprefix(str(TYPES)) for t in types]
            con.execute("CREATE TEMP TABLE fam AS SELECT unnest($type) AS type, unnest($family) AS family, "
                        "unnest($placed) AS placed",
                        {"type": types, "family": [family(t) for t in short],
                         "placed": [one_per_place(t) for t in short]})
            pairs = [(a, b) for a in types for b in types
                     if types_compatible(str(a).removeprefix(str(TYPES)), str(b).removeprefix(str(TYPES)))]
            con.execute("CREATE TEMP TABLE compatible AS SELECT unnest(CAST($a AS VARCHAR[])) AS a, "
                        "unnest(CAST($b AS VARCHAR[])) AS b",
                        {"a": [a for a, _ in pairs], "b": [b for _, b in pairs]})
            named = con.execute("SELECT DISTINCT place, label, admin1 FROM places "
                                "WHERE label IS NOT NULL AND admin1 IS NOT NULL").fetchall()
            con.execute("CREATE TEMP TABLE pnames AS SELECT unnest($place) AS place, unnest($named) AS named",
                        {"place": [p for p, _, _ in named],
                         "named": [fold_place(f"{label}@{admin1}") for _, label, admin1 in named]})
            con.execute((folder / "keys.sql").read_text(encoding="utf-8"),
                        {"page": page, "types": str(TYPES)})
            con.execute((folder / "pairs.sql").read_text(encoding="utf-8"))
            mine = {row[0] for row in con.execute("SELECT DISTINCT event FROM sought").fetchall()}
            having = {row[0] for row in con.execute(
                "SELECT new FROM pairs WHERE adjacent UNION SELECT event FROM sought "
                "WHERE key IN (SELECT key FROM filed WHERE day(date) = 1)").fetchall()}
            touched = having | (was_merged & mine)
            for name, events in (("touched", sorted(touched)), ("partners", partners)):
                con.execute(f"CREATE TEMP TABLE {name} AS SELECT unnest(CAST($events AS VARCHAR[])) AS event",
                            {"events": events})
            wanted = {row[0] for row in con.execute(
                (folder / "wanted.sql").read_text(encoding="utf-8")).fetchall()}
    except Exception:  # the tables are an aid: the graph answers when they cannot
        return None
    return touched, wanted


def _write_plan(store, plan: OccasionPlan) -> None:
    """Write a plan's occasion graphs: in one transaction, or, into an embedded store, the
    graphs it replaces emptied first and the new ones loaded as N-Quads (many thousands of
    occasions after a large ACLED file, which an rdflib batch would take long to build), on
    disk through the bulk loader, which writes them all or nothing as one ingestion."""
    if not plan.write and not plan.drop:
        return
    if not store.embedded:
        dataset = rdflib.Dataset()
        plan.add_to(dataset)
        store.add_dataset(dataset)
        return
    graphs = {*plan.drop, *(o.graph for o in plan.write)}
    stored = [g for g in sorted(graphs) if store.native.contains_named_graph(ox.NamedNode(g))]
    if stored:
        emptied = rdflib.Dataset()
        for graph in stored:
            emptied.graph(URIRef(graph))
        store.add_dataset(emptied)
    data = plan.nquads()
    if data:
        from kg.ingest.bulk import ATOMIC_BULK_QUADS

        store.load_nquads(data, bulk=store.path is not None and data.count(b"\n") < ATOMIC_BULK_QUADS)


# ---------------------------------------------------------------- the graphs


def _figures(values: list[int | None]) -> tuple[int, int] | None:
    known = [v for v in values if v is not None]
    return (min(known), max(known)) if known else None


def _iri(value: str) -> str:
    return f"<{value}>"


def occasion_nquads(occasion: Occasion) -> list[str]:
    """The N-Quads of an occasion's graph (see ``docs/model.md``)."""
    from kg.rdf.quads import nquads_literal

    g, node, chosen = _iri(occasion.graph), _iri(occasion.iri), occasion.lead
    integer, decimal = str(XSD.integer), str(XSD.decimal)
    t = {name: _iri(str(term)) for name, term in (
        ("type", RDF.type), ("label", RDFS.label), ("member", PROV.hadMember),
        ("attributed", PROV.wasAttributedTo))}
    lines = [f"{node} {t['type']} {_iri(str(CKG.Occasion))} {g} .",
             f"{node} {t['type']} {_iri(str(PROV.Collection))} {g} .",
             f"{node} {t['label']} {nquads_literal(f'Occasion of {len(occasion.accounts)} reports')} {g} .",
             f"{node} {_iri(str(CKG.leadAccount))} {_iri(chosen.iri)} {g} ."]
    for account in occasion.accounts:
        lines.append(f"{node} {_iri(str(CKG.hasAccount))} {_iri(account.iri)} {g} .")
        lines.append(f"{node} {t['member']} {_iri(account.iri)} {g} .")
        if account.iri != chosen.iri:
            lines.append(f"{_iri(account.iri)} {_iri(str(CKG.mergedInto))} {_iri(chosen.iri)} {g} .")
    for name, best, low, high, value in (
            ("killed", CKG.killedBest, CKG.killedLow, CKG.killedHigh, chosen.killed),
            ("injured", CKG.injuredBest, CKG.injuredLow, CKG.injuredHigh, chosen.injured)):
        span = _figures([getattr(a, name) for a in occasion.accounts])
        if value is not None:
            lines.append(f"{node} {_iri(str(best))} {nquads_literal(str(value), integer)} {g} .")
        if span is not None:
            lines.append(f"{node} {_iri(str(low))} {nquads_literal(str(span[0]), integer)} {g} .")
            lines.append(f"{node} {_iri(str(high))} {nquads_literal(str(span[1]), integer)} {g} .")
    for match in occasion.matches:
        m = _iri(f"{occasion.iri}/match/{digest(match.account, match.other, length=12)}")
        lines += [f"{node} {_iri(str(CKG.hasMatch))} {m} {g} .",
                  f"{m} {t['type']} {_iri(str(CKG.IdentityMatch))} {g} .",
                  f"{m} {_iri(str(CKG.matchedAccount))} {_iri(match.account)} {g} .",
                  f"{m} {_iri(str(CKG.matchedWith))} {_iri(match.other)} {g} .",
                  f"{m} {_iri(str(CKG.matchRule))} {nquads_literal(match.rule)} {g} .",
                  f"{m} {_iri(str(CKG.matchScore))} {nquads_literal(f'{match.score:.3f}', decimal)} {g} ."]
        if match.analyst:
            lines.append(f"{m} {t['attributed']} {_iri(match.analyst)} {g} .")
    return lines


def analyst_iri(name: str) -> str:
    """The agent an analyst's decisions are attributed to."""
    from kg.namespaces import slug

    return str(ID[f"analyst/{slug(name)}"])


def decide(store, first: str, second: str, same: bool, analyst: str,
           now: dt.datetime | None = None) -> OccasionPlan:
    """Record an analyst's decision that two accounts tell the same occasion (``same``) or
    different ones, and regroup the occasions holding them; no report is changed.

    Raises:
        InputError: an IRI is not an account in the store, or the two are one.
    """
    if first == second:
        raise InputError("an account is always its own occasion: give two different accounts")
    found = accounts_of(store, events=[first, second])
    for iri in (first, second):
        if iri not in found:
            raise InputError(f"no event {iri} in the store")
    when = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    verdict = "same" if same else "apart"
    key = digest(*sorted((first, second)), length=16)
    dataset = rdflib.Dataset()
    for other in ("same", "apart"):  # a new decision on a pair replaces the old one
        dataset.graph(URIRef(str(GRAPH[f"decision/{other}/{key}"])))
    g = dataset.graph(URIRef(str(GRAPH[f"decision/{verdict}/{key}"])))
    node = URIRef(str(ID[f"decision/{verdict}/{key}"]))
    agent = URIRef(analyst_iri(analyst))
    g.add((node, RDF.type, CKG.IdentityDecision))
    g.add((node, CKG.verdict, Literal(verdict)))
    g.add((node, CKG.firstAccount, URIRef(min(first, second))))
    g.add((node, CKG.secondAccount, URIRef(max(first, second))))
    g.add((node, PROV.wasAttributedTo, agent))
    g.add((node, PROV.generatedAtTime, Literal(when, datatype=XSD.dateTime)))
    g.add((agent, RDF.type, PROV.Agent))
    g.add((agent, RDFS.label, Literal(analyst)))
    store.add_dataset(dataset)
    # the two accounts and everything in their occasions are matched again under the decision
    members = _members(store, {first, second})
    involved = {first, second} | {a for _, accounts in members.values() for a in accounts}
    accounts = accounts_of(store, events=involved)
    plan = _plan(store, accounts, set(), set())
    _write_plan(store, plan)
    return plan


def occasion_of(store, account: str) -> Occasion | None:
    """The occasion an account is in, with its matches as stored; ``None`` when it stands alone.

    Raises:
        InputError: no such account in the store.
    """
    if not accounts_of(store, events=[account]):
        raise InputError(f"no event {account} in the store")
    members = _members(store, {account})
    if not members:
        return None
    (iri, (graph, accounts)), = members.items()
    found = accounts_of(store, events=accounts)
    text = _with_values(_query("matches"), "occasion", [f"<{iri}>"])
    matches = [Match(a.value, o.value, r.value, float(s.value), _value(an))
               for a, o, r, s, an in _run(store, text)]
    return Occasion(iri, graph, sorted(found.values(), key=lambda m: m.iri), matches)
