"""What an update says as a whole, settled after its sentences are read.

- A region-level attack whose figures total the town-level attacks after it is a summary,
  not an event of its own; the towns inherit its attacker and date. So is a toll told with no
  place at all ("attacks on Ukraine killed four") over the towns and regions told after it.
  A lead naming only the region, with no figure, is the town-level attack told after it.
- "Two oil depots ... The depots are in A and B": a counted target spread over as many
  places is that many events.
- Attackers named once stand for the update's other strikes; where none is named, the
  conflict's sides supply the default (strikes on Ukraine are Russia's, and the reverse).
- Interceptions count against the strike they belong to (launched versus downed).
- Events with too little support (a strike with no place, figure or weapon; aid named only by
  a noun, with no donor and nothing given) are dropped.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import replace

from kg.extract.sentence.roles import Role
from kg.extract.update.drafts import Draft, Gear, contains
from kg.extract.update.state_organs import fold_organs

SIDES = {"Ukraine": "Russia", "Russia": "Ukraine"}
OCCUPIED = {"Crimea": "Russia", "Sevastopol": "Russia"}
"""Regions held by the other side since before the full-scale invasion: a strike there is
not by their occupier."""
"""The default attacker of a strike by the country it falls in."""


def settle_update(drafts: list[Draft], gaz) -> list[Draft]:
    """Apply the update-level rules to one update's drafts, in order."""
    drafts = _drop_summaries(drafts)
    drafts = _drop_leads(drafts)
    drafts = _split_counted(drafts)
    for d in drafts:
        if d.family in ("Attack", "Interception") and not d.places and d.office_place is not None:
            d.add_place(d.office_place)  # told by the city's mayor, the region's governor
        elif d.family == "Attack" and d.wave and not d.places:
            _in_the_country(d, gaz)
    _inherit_attackers(drafts, gaz)
    _prune_generic(drafts)
    _link_interceptions(drafts, gaz)
    _complete_regions(drafts, gaz)
    _settle_meetings(drafts, gaz)
    drafts = _split_joint_trips(drafts)
    _inherit_dates(drafts)
    _agencies_act_for_states(drafts, gaz)
    fold_organs(drafts)
    return [d for d in drafts if _supported(d)]


def _in_the_country(d: Draft, gaz) -> None:
    """A launch on a whole country told with no town ("Russia launched 52 drones at Ukraine
    overnight") is one event in that country, as the records contract counts it."""
    targets = [r.entry for r in d.roles if r.role == "target" and getattr(r.entry, "kind", None) == "State"]
    if len(targets) == 1:
        country = gaz.country(targets[0].name)
        if country is not None:
            d.add_place(country)


def _attacks(drafts: list[Draft]) -> list[Draft]:
    return [d for d in drafts if d.family == "Attack"]


def _drop_summaries(drafts: list[Draft]) -> list[Draft]:
    out = list(drafts)
    attacks = _attacks(drafts)
    for r in attacks:
        if any(p.kind not in ("region", "country") for p in r.places) or (not r.places and r.wave):
            continue
        if r.killed is None and r.injured is None:
            continue
        children = [
            c
            for c in attacks
            if c is not r
            and _told_within(r, c, attacks)
            and (c.killed is not None or c.injured is not None)
        ]
        if not children:
            continue
        total_k = sum(c.killed or 0 for c in children)
        total_i = sum(c.injured or 0 for c in children)
        if (r.killed is not None and total_k and total_k <= r.killed) or (
            r.injured is not None and total_i and total_i <= r.injured
        ):
            out.remove(r)
            for c in children:
                for role in r.roles:
                    if role.role == "attacker" and not c.has_role("attacker"):
                        c.add_role(role)
                if r.date_explicit and not c.date_explicit:
                    c.set_date(r.date, True)
                for p in r.places:
                    if p.kind == "region" and any(q.admin1 == p.name for q in c.places):
                        c.add_place(p)
    return out


def _told_within(r: Draft, c: Draft, attacks: list[Draft]) -> bool:
    """Whether a strike is one a toll sums up: a town of the toll's region or country, or, for a
    toll told with no place at all ("attacks on Ukraine killed four"), a town or region told
    after it."""
    if r.date_explicit and c.date_explicit and r.date and c.date and r.date.date != c.date.date:
        return False  # Sunday's toll does not sum up Saturday's strike
    if not r.places:
        return attacks.index(c) > attacks.index(r) and any(p.kind != "country" for p in c.places)
    areas = {p.name for p in r.places}
    return any(
        p.admin1 in areas or p.name in areas or p.country in areas for p in c.places if p.kind != "country"
    ) and any(p.kind != "region" for p in c.places)


def _drop_leads(drafts: list[Draft]) -> list[Draft]:
    """A lead or headline that names only the region ("Woman killed in shelling in Kharkiv
    Oblast"), with no figure, date or launch of its own, is the town-level attack the update
    then tells ("... shelled the village of Petropavlivka in Kharkiv Oblast")."""
    out = list(drafts)
    for r in _attacks(drafts):
        if len(r.places) != 1 or r.places[0].kind != "region" or r.wave or r.series:
            continue
        if r.killed is not None or r.injured is not None or r.date_explicit:
            continue
        region = r.places[0].name
        towns = [
            c
            for c in _attacks(drafts)
            if c is not r and any(p.kind != "region" and p.admin1 == region for p in c.places)
        ]
        if towns:
            out.remove(r)
            for role in r.roles:
                if role.role == "attacker" and not towns[0].has_role("attacker"):
                    towns[0].add_role(role)
    return out


def _split_counted(drafts: list[Draft]) -> list[Draft]:
    out: list[Draft] = []
    for d in drafts:
        n = d.target_count
        if (
            d.family == "Attack"
            and n
            and n > 1
            and len(d.places) == n
            and len({p.kind for p in d.places}) == 1
        ):
            for p in d.places:
                out.append(
                    replace(
                        d,
                        places=[p],
                        roles=list(d.roles),
                        gear=dict(d.gear),
                        spans=list(d.spans),
                        target_count=1,
                    )
                )
        else:
            out.append(d)
    return out


def _country_of(d: Draft) -> str | None:
    for p in d.places:
        if p.kind == "country":
            return p.name
        if p.country:
            return p.country
    return None


def _inherit_attackers(drafts: list[Draft], gaz) -> None:
    named = [r for d in _attacks(drafts) for r in d.roles if r.role == "attacker"]
    for d in _attacks(drafts) + [x for x in drafts if x.family == "ArmedClash"]:
        if d.has_role("attacker"):
            continue
        own = _country_of(d)
        others = [r for r in named if r.entry.name != own]  # no side strikes its own land
        if others and d.family == "Attack":
            d.add_role(Role(others[0].entry, "attacker", -1))
            continue
        victim = next((OCCUPIED[n] for n in d.place_names() | d.regions() if n in OCCUPIED), None)
        victim = victim or _country_of(d)
        downed_over = None
        if victim is None and not d.places:  # a launch told with where its weapons were downed
            victim = downed_over = next(
                (_country_of(x) for x in drafts if x.family == "Interception" and x.places), None
            )
        side = SIDES.get(victim or "")
        if downed_over is not None and side and gaz.actor(downed_over) is not None:
            d.add_role(Role(gaz.actor(downed_over), "target", -1))
        if side and d.family == "Attack" and victim not in d.actor_names("attacker"):
            entry = gaz.actor(side)
            for r in d.roles:
                if r.entry.name == side and r.role == "target":
                    r.role = "attacker"  # "injured when a Russian missile hit a playground"
            if entry is not None:
                d.add_role(Role(entry, "attacker", -1))


def _link_interceptions(drafts: list[Draft], gaz) -> None:
    for d in drafts:
        if d.family != "Interception":
            continue
        strike = next((a for a in reversed(_attacks(drafts)) if drafts.index(a) < drafts.index(d)), None)
        told_before = strike is not None
        if strike is None:
            strike = next(iter(_attacks(drafts)), None)
        if strike is not None:
            for r in strike.roles:
                if r.role == "attacker":
                    d.add_role(Role(r.entry, "attacker", -1))
            if not d.gear and told_before:  # "shot down or jammed 385 of them": the launch's weapons
                for g in strike.gear.values():
                    d.add_gear(Gear(g.entry, g.quantity))
            _count_downed(d, strike)
            if not d.has_role("interceptor"):
                victim = _country_of(strike)
                entry = gaz.actor(victim) if victim else None
                if entry is not None and entry.name not in d.actor_names("attacker"):
                    d.add_role(Role(entry, "interceptor", -1))
            if told_before:  # not from a strike told after it ("Earlier, ... on Thursday")
                d.set_date(strike.date, strike.date_explicit)
        if not d.has_role("interceptor"):
            launchers = d.actor_names("attacker") | d.actor_names("target")
            for name in launchers:
                side = SIDES.get(name)
                entry = gaz.actor(side) if side else None
                if entry is not None:
                    d.add_role(Role(entry, "interceptor", -1))
                    break
        if not d.has_role("attacker"):  # "the Air Force shot down two Su-34s": Russia's jets
            for name in d.actor_names("interceptor"):
                side = SIDES.get(name)
                entry = gaz.actor(side) if side else None
                if entry is not None:
                    d.add_role(Role(entry, "attacker", -1))
                    break


def _count_downed(d: Draft, strike: Draft) -> None:
    gear = dict(d.gear)
    d.gear = {}
    for g in gear.values():
        launched = strike.gear.get(g.entry.name)
        if launched is None or launched.quantity is None:
            cat = getattr(g.entry, "category", None)
            same = [x for x in strike.gear.values() if getattr(x.entry, "category", None) == cat]
            counted = [x for x in same if x.quantity is not None]
            if len(counted) == 1:
                launched = counted[0]
            elif (len(same) == 1 and generic(g.entry) and not generic(same[0].entry)
                  and _one_kind(strike, cat)):
                launched = same[0]  # "Shahed drones struck ... destroyed 14 of the 16 drones"
        if launched is None:
            d.add_gear(g)
            continue
        destroyed = launched.quantity if g.all_of else g.destroyed
        quantity = launched.quantity if launched.quantity is not None else g.quantity
        if destroyed is not None and quantity is not None and destroyed > quantity:
            quantity = None  # the reports disagree: keep the downed figure as stated, not a launch below it
        d.add_gear(Gear(launched.entry, quantity, destroyed))


def _one_kind(strike: Draft, category: str | None) -> bool:
    """Whether a launch used weapons of one kind only ("struck with Shahed drones"): then the
    drones downed are its Shaheds. Where it mixed kinds ("cruise missiles and Shahed-type
    drones", "the drones appeared to include Shaheds ... earlier raids used missiles"), the
    drones counted as downed are told as drones, not as the one system named among them."""
    kinds = {getattr(x.entry, "category", None) for x in strike.gear.values()} - {"Munition"}
    return kinds == {category}


def generic(entry) -> bool:
    """A category named as such ("drone", "missile") rather than a system ("Shahed"), as the
    equipment gazetteer marks it."""
    return bool(getattr(entry, "generic", False))


def _prune_generic(drafts: list[Draft]) -> None:
    """Where a system is named, its bare category is the same weapon: "drone attacks ...
    27 Iran-type attack drones" used Shaheds, not drones and Shaheds."""
    for d in drafts:
        specific = {getattr(g.entry, "category", None) for g in d.gear.values() if not generic(g.entry)}
        if d.family == "Attack" and "AirDefence" in specific:
            specific.add("Missile")  # "hit by an S-300 missile": the system's missiles are the missile
        for name, g in list(d.gear.items()):
            if generic(g.entry) and getattr(g.entry, "category", None) in specific:
                del d.gear[name]


def _complete_regions(drafts: list[Draft], gaz) -> None:
    for d in drafts:
        if d.family not in ("Attack", "ArmedClash", "TerritoryChange"):
            continue
        specific = [p for p in d.places if p.kind != "country"]
        if specific:
            d.places = specific
        for p in list(d.places):
            if p.kind in ("settlement", "water", "feature") and p.admin1:
                region = gaz.region(p.admin1)
                if region is not None:
                    d.add_place(region)


def _settle_meetings(drafts: list[Draft], gaz) -> None:
    """Visits and signings: an occasion named without its place takes the place of the
    meeting before it in the update ("... signed in Pyongyang. The signing was the centrepiece
    of Putin's visit"); the country visited is the host, with its officials."""
    last_places: list = []
    last_actors: set[str] = set()
    for d in drafts:
        if d.family not in ("DiplomaticVisit", "Agreement"):
            continue
        if not d.places and last_places and d.actor_names() & last_actors:
            d.places = list(last_places)
        if d.places:
            last_places, last_actors = list(d.places), d.actor_names()
        if d.family != "DiplomaticVisit":
            continue
        hosts = {p.name if p.kind == "country" else p.country for p in d.places} - {None}
        for r in d.roles:  # nobody visits their own country: its people are the hosts, others guests
            state = r.entry.name if getattr(r.entry, "kind", None) == "State" else d.states.get(r.entry.name)
            if state in hosts:
                r.role = "host"
            elif state and hosts and r.role == "host":
                r.role = "visitor"
        for host in sorted(hosts):  # sorted: a set's order changes from run to run
            entry = gaz.actor(host)
            if entry is not None and host not in d.actor_names():
                d.add_role(Role(entry, "host", -1))


_TRAVEL = re.compile(r"\b(?:travell?ed|arrived|arriving|visited|visiting|came\s+to|journey|trip)\b",
                     re.IGNORECASE)
_TALKS = re.compile(r"\b(?:talks|met|meets|meeting|negotiat\w*|summit|discuss\w*)\b", re.IGNORECASE)


def _split_joint_trips(drafts: list[Draft]) -> list[Draft]:
    """A trip that leaders of several states make together ("Macron, Merz and Starmer travelled
    to Kyiv") is one visit per leader, each with their state and the hosts; talks of several
    sides at one place stay one event with every party."""
    out = []
    for d in drafts:
        text = " ".join(span[2] for span in d.spans)
        visitors = [r for r in d.roles
                    if r.role == "visitor" and getattr(r.entry, "kind", None) == "Person"]
        states = {d.states.get(r.entry.name) for r in visitors}
        if (d.family != "DiplomaticVisit" or len(visitors) < 2 or None in states
                or len(states) < len(visitors) or not _TRAVEL.search(text) or _TALKS.search(text)):
            out.append(d)
            continue
        for person in visitors:
            state = d.states[person.entry.name]
            trip = deepcopy(d)
            trip.roles = [r for r in trip.roles if r.role != "visitor"
                          or r.entry.name in (person.entry.name, state)]
            out.append(trip)
    return out


def _agencies_act_for_states(drafts: list[Draft], gaz) -> None:
    """An air force, ministry or official acts for its state: the state takes the same role."""
    for d in drafts:
        for r in list(d.roles):
            if r.role == "source" or getattr(r.entry, "kind", None) == "State":
                continue
            name = d.states.get(r.entry.name) or getattr(r.entry, "affiliation", None)
            state = gaz.actor(name) if name else None
            if state is not None and getattr(state, "kind", None) == "State":
                d.add_role(Role(state, r.role, r.start))


def _inherit_dates(drafts: list[Draft]) -> None:
    """A day named once carries on through the narrative of an update ("began the trip on
    Wednesday ... announced a package"); a strike elsewhere is its own occasion, not dated by
    another strike's day, unless that strike was told over the region the town lies in (a
    summary sentence "on July 3" before the towns it covers)."""
    previous = area = None
    for d in drafts:
        if (
            not d.date_explicit
            and previous is not None
            and not (d.family == "Attack" and previous.family == "Attack")
        ):
            d.set_date(previous.date, False)
        elif not d.date_explicit and d.family == "Attack" and area is not None and _inside(d, area):
            d.set_date(area.date, False)  # "shelled 14 towns of the region on Tuesday ... In A, ..."
        if d.date_explicit and d.date and d.date.precision == "day":
            previous = d
            if d.family == "Attack":
                area = d if d.places and all(p.kind in ("region", "country") for p in d.places) else None


def _inside(d: Draft, area: Draft) -> bool:
    """Whether a strike's towns lie in the region or country another strike was told over."""
    towns = [p for p in d.places if p.kind not in ("region", "country")]
    return bool(towns) and all(any(contains(a, t) for a in area.places) for t in towns)


def _supported(d: Draft) -> bool:
    if d.family == "Attack":
        return bool(
            d.places
            or d.killed is not None
            or d.injured is not None
            or any(g.quantity for g in d.gear.values())
            or (d.gear and d.verbal)
        )
    if d.family in ("ArmedClash", "TerritoryChange"):
        # ground is fought over and taken at a front place: "the fighting in Ukraine went on",
        # "Russia says it captured a village in east Ukraine" name no place the event was at
        return any(p.kind != "country" for p in d.places)
    if d.family == "Interception":
        return bool(d.gear or d.places)
    if d.family == "MilitaryAid":
        if not d.verbal and not d.actor_names("donor") and not d.gear:
            return False  # "talks on military aid for Ukraine": aid named as a topic, none given
        return bool(d.actor_names("donor") or d.actor_names("recipient"))
    return bool(d.roles)
