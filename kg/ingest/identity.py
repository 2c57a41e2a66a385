"""Event identity: whether two accounts (two reports' events) tell the same occasion.

Pure rules over plain values (:class:`Account`), no store: :mod:`kg.ingest.occasions` reads the
accounts and writes the occasions. The rules, stated in ``docs/model.md`` ("Event identity"):

- **kept apart** (any one is enough): both accounts from one report (one update's events are
  never merged), or two rows of one coded dataset (an ACLED file codes one row per event: its
  coders' judgement stands); types of different families, or strikes whose means differ (two
  strike types are compatible when they are equal, one is ``Attack``, or ACLED codes both with
  one sub-event type: missiles with shelling, drones with air strikes); dates that cannot be
  the same day within their precisions (a day apart only when one account's words say
  overnight or last night); places: both name settlements and share none, by IRI or by name
  in one region (neighbouring towns), a settlement not in the other's region, and for
  strikes, clashes and captures (one event per place) a country or no place against a place,
  for interceptions a city's tally against a wider one; the actors who make the event
  (:data:`_AGENTS`: the attacker, the imposer, the speaker, the donor, the visitor) named on
  both sides with none in common (an actor counts as its affiliation too); weapons named on
  both sides of different kinds (drones against missiles); an analyst's decision that they
  differ.
- **score** of a pair that is not kept apart: type (equal 0.25, compatible 0.1), date (same
  day 0.3, overnight 0.15, within a coarser precision 0.15), place (same settlement 0.3, one
  region 0.2, one country 0.2, a town in the other's region 0.15, in its country or unplaced
  beside a placed account 0.1, for events that are not one per place), shared actors 0.1, a
  shared kind of weapon 0.05, one figure the same on both sides 0.05; at most 1. The same
  occasion when the score is at least :data:`THRESHOLD`.

Figures never keep apart: a toll rises as reports follow each other.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from kg.records import EVENT_TYPES

__all__ = ["THRESHOLD", "Account", "Verdict", "agent_role", "compare", "family", "fold_place", "lead",
           "one_per_place", "says_night", "types_compatible", "weapon_kinds"]

THRESHOLD = 0.7
"""The least score of two accounts of one occasion."""

_ACLED_CLASS = {"MissileStrike": "shelling", "Shelling": "shelling", "AirStrike": "air",
                "DroneStrike": "air"}
"""The ACLED sub-event type a strike type is coded as (``docs/records.md``): ACLED's coders put
missiles with shelling and drones with aircraft, so a press report and an ACLED row of one
strike may name those pairs of types."""

_WEAPON_KINDS = {"Missile": "missile", "Rocket": "missile", "Drone": "drone", "Bomb": "bomb",
                 "Aircraft": "bomb", "Artillery": "artillery", "Munition": "artillery"}
"""Equipment category → kind of weapon, for telling strikes by other means apart."""

_AGENTS = {"Attack": "attacker", "ArmedClash": "attacker", "TerritoryChange": "attacker",
           "Interception": "interceptor", "Sanctions": "imposer", "Condemnation": "critic",
           "MilitaryAid": "donor", "DiplomaticVisit": "visitor", "Agreement": "signatory"}
"""The role of the actor who makes an event of each family: one event per attacker, per
interceptor's tally, per imposer, per speaker, per donor's package, per visitor's trip
(``docs/records.md``, "What counts as one event")."""

_PLACED = frozenset({"Attack", "ArmedClash", "TerritoryChange"})
"""Families whose events are one per place: a country or no place names no place struck."""

_NIGHT = re.compile(r"\bover\s*night\b|\blast night\b|\bat night\b|\bnight\b", re.IGNORECASE)


@dataclass(frozen=True)
class Account:
    """One report's event, as identity sees it (IRIs as strings).

    Attributes:
        iri: the event node (``id:event/<hash>``).
        report: the report it was derived from (one update, one ACLED row, one records file).
        type: the event type's name (``AirStrike``).
        date: the day (the first of its month or year for coarser precisions).
        precision: ``day``, ``month`` or ``year``.
        places: every place named; ``regions`` and ``countries`` those it is in (``ckg:inRegion``,
            ``ckg:inCountry``); settlements are the places that are neither. ``names``: each
            place's folded name in its region (:func:`fold_place`), so that a town one source
            mints by its GeoNames id and another by its name is one place.
        agents, actors: actor IRIs (with their affiliations) in the role that makes the event
            (:func:`agent_role`: the attacker, the imposer, the speaker...), and all.
        weapons: kinds of weapon named (``missile``, ``drone``, ...), from equipment categories.
        night: the account's words say the strike came at night.
        time: when the report was made (ISO), for choosing the latest report.
        graph: the update graph it is in.
        page: for a row of a coded dataset (an ACLED file, whose rows keep ``ckg:sourceRecord``),
            the dataset's document; empty for pages and records.
    """

    iri: str
    report: str
    type: str
    date: dt.date | None = None
    precision: str = "day"
    places: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    agents: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    weapons: frozenset[str] = frozenset()
    killed: int | None = None
    injured: int | None = None
    night: bool = False
    time: str = ""
    graph: str = ""
    page: str = ""
    evidence: str = field(default="", compare=False)

    @cached_property
    def settlements(self) -> frozenset[str]:
        """The places named that are neither a region nor a country (kept once asked: an
        account is compared with many others)."""
        return self.places - self.regions - self.countries

    @cached_property
    def span(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day the date may be, by its precision."""
        if self.date is None:
            return None
        if self.precision == "year":
            return dt.date(self.date.year, 1, 1), dt.date(self.date.year, 12, 31)
        if self.precision == "month":
            nxt = dt.date(self.date.year + self.date.month // 12, self.date.month % 12 + 1, 1)
            return dt.date(self.date.year, self.date.month, 1), nxt - dt.timedelta(days=1)
        return self.date, self.date


def weapon_kinds(categories: list[str]) -> frozenset[str]:
    """The kinds of weapon of some equipment categories (those that are not weapons drop out)."""
    return frozenset(_WEAPON_KINDS[c] for c in categories if c in _WEAPON_KINDS)


@lru_cache(maxsize=1 << 16)
def fold_place(named: str) -> str:
    """A place's ``name@region`` with the name folded: accents, case and punctuation dropped."""
    name, _, region = named.rpartition("@")
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", " ", plain.lower()).strip() + "@" + region


def says_night(text: str) -> bool:
    """Whether an account's words place it at night ("overnight", "last night")."""
    return bool(_NIGHT.search(text or ""))


def agent_role(type_name: str) -> str:
    """The role of the actor who makes an event of this type (:data:`_AGENTS`)."""
    return _AGENTS.get(family(type_name), "participant")


def one_per_place(type_name: str) -> bool:
    """Whether events of this type are one per place (strikes, clashes, captures): then only
    accounts of the same place or area may tell one occasion."""
    return family(type_name) in _PLACED


def family(type_name: str) -> str:
    """A type's family: the kinds of ``Attack`` are one family, every other type its own."""
    parent = EVENT_TYPES.get(type_name)
    return parent or type_name


@cache
def types_compatible(a: str, b: str) -> bool:
    """Whether two types may name one occasion (see the module's docstring)."""
    if a == b:
        return True
    if family(a) != family(b):
        return False
    if "Attack" in (a, b):
        return True
    return _ACLED_CLASS.get(a) is not None and _ACLED_CLASS.get(a) == _ACLED_CLASS.get(b)


@dataclass(frozen=True)
class Verdict:
    """The answer for one pair: ``same``, the ``rule`` (criteria met, or what kept them apart)
    and the ``score``."""

    same: bool
    rule: str
    score: float


def _apart(reason: str) -> Verdict:
    return Verdict(False, reason, 0.0)


def compare(a: Account, b: Account) -> Verdict:
    """Whether two accounts tell the same occasion, why, and how surely."""
    if a.report == b.report:
        return _apart("one-report")
    if a.page and a.page == b.page:
        return _apart("one-dataset")
    if not types_compatible(a.type, b.type):
        return _apart("other-type")
    score, why = (0.25, ["same-type"]) if a.type == b.type else (0.1, ["compatible-type"])
    day = _day_score(a, b)
    if day is None:
        return _apart("other-day")
    score += day[0]
    why.append(day[1])
    place = _place_score(a, b)
    if place is None:
        return _apart("other-place")
    score += place[0]
    why.append(place[1])
    if a.agents and b.agents and not a.agents & b.agents:
        return _apart("other-agent")
    if a.weapons and b.weapons and not a.weapons & b.weapons:
        return _apart("other-weapon")
    if a.actors & b.actors:
        score += 0.1
        why.append("shared-actor")
    if a.weapons & b.weapons:
        score += 0.05
        why.append("same-weapon")
    if _same_figure(a.killed, b.killed) or _same_figure(a.injured, b.injured):
        score += 0.05
        why.append("same-figure")
    score = round(min(score, 1.0), 3)
    return Verdict(score >= THRESHOLD, "+".join(why), score)


def _same_figure(x: int | None, y: int | None) -> bool:
    return x is not None and x == y and x > 0


def _day_score(a: Account, b: Account) -> tuple[float, str] | None:
    sa, sb = a.span, b.span
    if sa is None or sb is None:
        return None
    if a.precision == b.precision == "day":
        gap = abs((a.date - b.date).days)
        if gap == 0:
            return 0.3, "same-day"
        if gap == 1 and (a.night or b.night):
            return 0.15, "overnight"
        return None
    if sa[0] <= sb[1] and sb[0] <= sa[1]:
        return 0.15, "within-precision"
    return None


def _place_score(a: Account, b: Account) -> tuple[float, str] | None:
    ta, tb = a.settlements, b.settlements
    if ta and tb:
        return (0.3, "same-place") if ta & tb or a.names & b.names else None
    kind = family(a.type)
    if ta or tb:
        town, area = (a, b) if ta else (b, a)
        if area.regions and area.regions & town.regions:
            return 0.15, "town-in-region"
        if kind in _PLACED or kind == "Interception":
            return None  # a strike is one per place struck; a city's tally is not the nation's
        if not area.places:
            return 0.1, "unplaced"
        if not area.regions and area.countries & town.countries:
            return 0.1, "town-in-country"
        return None
    if a.regions and b.regions:
        return (0.2, "same-region") if a.regions & b.regions else None
    if kind in _PLACED and (a.regions or b.regions):
        return None
    if a.countries and b.countries:
        return (0.2, "same-country") if a.countries & b.countries else None
    if kind in _PLACED and (a.places or b.places):
        return None
    return 0.1, "unplaced"


def lead(accounts: list[Account]) -> Account:
    """The account whose figures an occasion shows: the latest report that gives a figure (or,
    when none does, the latest report); reports without a time count as the oldest."""
    return max(accounts, key=lambda x: (x.killed is not None or x.injured is not None, x.time, x.iri))
