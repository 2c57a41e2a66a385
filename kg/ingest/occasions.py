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
    fold_place,
    lead,
    says_night,
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
    every event of ``source`` (a store or an in-memory pyoxigraph store of a batch)."""
    base = _query("accounts")
    if events is not None or graphs is not None:
        var, iris = ("event", events) if events is not None else ("graph", graphs)
        texts = [_with_values(base, var, (f"<{i}>" for i in part)) for part in _chunked(sorted(set(iris)))]
    else:
        texts = [base]
    core: dict[str, dict] = {}
    for text in texts:
        for (event, graph, type_, date, precision, killed, injured, report, time, published, words,
             page, coded) in _run(source, text):
            if not str(graph.value).startswith(_REPORT_GRAPH):
                continue
            row = core.setdefault(event.value, {"graph": graph.value, "report": report.value})
            row["type"] = str(type_.value).removeprefix(str(TYPES))
            row["date"] = _date(date)
            precision = (_value(precision) or "day").removeprefix(str(TYPES))
            row["precision"] = precision.removeprefix("precision-")
            row["killed"] = _int(killed)
            row["injured"] = _int(injured)
            row["time"] = _value(time) or _value(published) or ""
            row["text"] = row.get("text", "") + " " + (_value(words) or "")
            row["page"] = (_value(page) or "") if coded is not None and coded.value == "true" else ""
    links: dict[str, dict[str, set[str]]] = {e: {} for e in core}
    for part in _chunked(sorted(core)):
        text = _with_values(_query("links"), "event", (f"<{e}>" for e in part))
        for event, link, value in _run(source, text):
            links[event.value].setdefault(link.value, set()).add(value.value)
    out = {}
    for iri, row in core.items():
        got = links[iri]
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


def _date(term) -> dt.date | None:
    try:
        return dt.date.fromisoformat(term.value) if term is not None else None
    except ValueError:
        return None


def _int(term) -> int | None:
    try:
        return int(term.value) if term is not None else None
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


def _keys(date: dt.date | None, areas: Iterable[str], reach: int = 0) -> set[tuple[dt.date, str]]:
    if date is None:
        return set()
    return {(date + dt.timedelta(days=d), area) for d in range(-reach, reach + 1) for area in areas}


def _areas(regions: Iterable[str], countries: Iterable[str]) -> frozenset[str]:
    regions = frozenset(regions)
    return regions or frozenset(countries) or frozenset({""})


def _seen_rows(rows: Iterable[tuple]) -> dict[str, _Seen]:
    """``_Seen`` from rows of (event, graph, date, region, country) terms."""
    found: dict[str, tuple[str, dt.date | None, set[str], set[str]]] = {}
    for event, graph, date, region, country in rows:
        item = found.setdefault(_value(event), (_value(graph), _pydate(date), set(), set()))
        if region is not None:
            item[2].add(_value(region))
        if country is not None:
            item[3].add(_value(country))
    return {iri: _Seen(iri, g, d, _areas(r, c)) for iri, (g, d, r, c) in found.items()}


def _pydate(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return _date(value)




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
            return _seen_rows((_Str(e), _Str(g), d, _Str(r) if r else None, _Str(c) if c else None)
                              for e, g, d, r, c in rows)
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

    def add_to(self, dataset: rdflib.Dataset) -> None:
        """Put the occasion graphs (and the emptied ones) into a batch."""
        for occasion in self.write:
            _write_occasion(dataset, occasion)
        written = {o.graph for o in self.write}
        for graph in self.drop:
            if graph not in written:
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
    """Accounts in occasions while a batch is matched, with an index by (day, area)."""

    def __init__(self, decisions: _Decisions) -> None:
        self.decisions = decisions
        self.members: dict[str, list[Account]] = {}
        self.of: dict[str, str] = {}
        self.index: dict[tuple[dt.date, str], set[str]] = {}
        self.coarse: dict[str, set[str]] = {}
        self.changed: set[str] = set()

    def add(self, gid: str, account: Account) -> None:
        self.members.setdefault(gid, []).append(account)
        self.of[account.iri] = gid
        areas = _areas(account.regions, account.countries)
        if account.precision == "day":
            for key in _keys(account.date, areas):
                self.index.setdefault(key, set()).add(gid)
        else:
            for area in areas:
                self.coarse.setdefault(area, set()).add(gid)

    def near(self, account: Account) -> set[str]:
        areas = _areas(account.regions, account.countries)
        if account.precision != "day":
            return {g for area in areas for g in self.coarse.get(area, ())} | {
                g for (day, area), gids in self.index.items() if area in areas for g in gids}
        found = {g for area in areas for g in self.coarse.get(area, ())}
        for key in _keys(account.date, areas, reach=1):
            found |= self.index.get(key, set())
        return found

    def place(self, account: Account) -> None:
        """Put a new account in the occasion it matches best, or alone."""
        scored = []
        for gid in self.near(account):
            if not self.members.get(gid):
                continue
            verdicts = [_verdict(account, m, self.decisions) for m in self.members[gid]]
            if any(not v.same and v.score == 0.0 for v in verdicts):
                continue  # kept apart from one of its accounts
            best = max(verdicts, key=lambda v: v.score)
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
    """The candidates worth reading (same area, near day) and the new accounts that have one."""
    by_key: dict[tuple[dt.date, str], set[str]] = {}
    for s in candidates.values():
        if s.graph in exclude:
            continue
        for key in _keys(s.date, s.areas):
            by_key.setdefault(key, set()).add(s.iri)
        if s.date is not None and s.date.day == 1:  # maybe a month or a year: by area alone
            for area in s.areas:
                by_key.setdefault((None, area), set()).add(s.iri)
    wanted: set[str] = set()
    having: set[str] = set()
    for a in new:
        areas = a.areas if isinstance(a, _Seen) else _areas(a.regions, a.countries)
        found = {c for key in _keys(a.date, areas, reach=1) for c in by_key.get(key, ())}
        found |= {c for area in areas for c in by_key.get((None, area), ())}
        if getattr(a, "precision", "day") != "day":
            found |= {c for (day, area), cs in by_key.items() if area in areas for c in cs}
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
          candidates: dict[str, _Seen] | None = None) -> OccasionPlan:
    """Match ``new`` accounts against the stored ones (less those of the ``exclude`` graphs
    and the ``leaving`` accounts, which the write replaces), and plan the occasion graphs."""
    decisions = _decisions(store)
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

    page = f"<{page_iri(source)}>"
    mine = _seen_rows(_run(store, _with_values(_query("of-page"), "page", [page])))
    if not mine:
        return OccasionPlan()
    own = {s.graph for s in mine.values()}
    candidates = _stored_on(store, _lookup_days(mine.values()))
    _, having = _relevant(candidates, mine.values(), own)
    was_merged = {row[0].value for row in _run(store, _query("merged"))}
    touched = (having | (was_merged & set(mine)))
    if not touched:
        return OccasionPlan()
    new = accounts_of(store, events=touched)
    plan = _plan(store, new, own, set(), candidates)
    _write_plan(store, plan)
    return plan


def _write_plan(store, plan: OccasionPlan) -> None:
    if not plan.write and not plan.drop:
        return
    dataset = rdflib.Dataset()
    plan.add_to(dataset)
    store.add_dataset(dataset)


# ---------------------------------------------------------------- the graphs


def _figures(values: list[int | None]) -> tuple[int, int] | None:
    known = [v for v in values if v is not None]
    return (min(known), max(known)) if known else None


def _write_occasion(dataset: rdflib.Dataset, occasion: Occasion) -> None:
    g = dataset.graph(URIRef(occasion.graph))
    node = URIRef(occasion.iri)
    chosen = occasion.lead
    g.add((node, RDF.type, CKG.Occasion))
    g.add((node, RDF.type, PROV.Collection))
    g.add((node, RDFS.label, Literal(f"Occasion of {len(occasion.accounts)} reports")))
    g.add((node, CKG.leadAccount, URIRef(chosen.iri)))
    for account in occasion.accounts:
        g.add((node, CKG.hasAccount, URIRef(account.iri)))
        g.add((node, PROV.hadMember, URIRef(account.iri)))
        if account.iri != chosen.iri:
            g.add((URIRef(account.iri), CKG.mergedInto, URIRef(chosen.iri)))
    for name, best, low, high, value in (
            ("killed", CKG.killedBest, CKG.killedLow, CKG.killedHigh, chosen.killed),
            ("injured", CKG.injuredBest, CKG.injuredLow, CKG.injuredHigh, chosen.injured)):
        span = _figures([getattr(a, name) for a in occasion.accounts])
        if value is not None:
            g.add((node, best, Literal(value, datatype=XSD.integer)))
        if span is not None:
            g.add((node, low, Literal(span[0], datatype=XSD.integer)))
            g.add((node, high, Literal(span[1], datatype=XSD.integer)))
    for match in occasion.matches:
        m = URIRef(f"{occasion.iri}/match/{digest(match.account, match.other, length=12)}")
        g.add((node, CKG.hasMatch, m))
        g.add((m, RDF.type, CKG.IdentityMatch))
        g.add((m, CKG.matchedAccount, URIRef(match.account)))
        g.add((m, CKG.matchedWith, URIRef(match.other)))
        g.add((m, CKG.matchRule, Literal(match.rule)))
        g.add((m, CKG.matchScore, Literal(f"{match.score:.3f}", datatype=XSD.decimal)))
        if match.analyst:
            g.add((m, PROV.wasAttributedTo, URIRef(match.analyst)))


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
