"""Events in the making: a draft gathers what the sentences of one occasion say.

A draft starts from a cued sentence and grows as later sentences elaborate it (a place, a
figure, the weapons used). ``merge_target`` decides whether a new candidate is the same
occasion as an earlier draft of the update; ``merge`` and ``elaborate`` fold one into the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.sentence.roles import Role
from kg.extract.text.cues import ATTACK_FAMILY
from kg.extract.text.dates import DateRef

AREA_KINDS = ("region", "country")
_PRECISION = {"day": 0, "month": 1, "year": 2}


def family(type_: str) -> str:
    """The family a type is compared in: every kind of strike is an ``Attack``."""
    return "Attack" if type_ in ATTACK_FAMILY else type_


@dataclass
class Gear:
    """Equipment of a draft with its counts."""

    entry: object
    quantity: int | None = None
    destroyed: int | None = None
    all_of: bool = False
    origin: str | None = None
    """The state a category is named as coming from (``kg.extract.update.weapon_origin``)."""
    definite: bool = False
    """A category named with a definite article ("the missiles"): weapons told of before."""


@dataclass(eq=False)
class Draft:
    """One event being assembled from the sentences of an update."""

    type: str
    update: int
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    places: list = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    gear: dict[str, Gear] = field(default_factory=dict)
    killed: int | None = None
    injured: int | None = None
    killed_at_least: bool = False
    injured_at_least: bool = False
    civilian: bool | None = None
    date: DateRef | None = None
    date_explicit: bool = False
    verbal: bool = False
    quoted: bool = False
    source: object | None = None
    target_count: int | None = None
    series: bool = False
    """Many attacks told as one ("shelled the region 87 times"): towns named after it are
    events of their own."""
    wave: bool = False
    """A launch of many missiles or drones ("launched 40 Shahed drones"): it covers many places,
    so a strike on one place named after it is an event of its own."""
    office_place: object | None = None
    """The city or region of the mayor or governor who told of it, for a strike told with no
    place of its own."""
    states: dict[str, str] = field(default_factory=dict)
    """Actor name -> the state it acts for in this report (a person's title, an agency)."""
    parted: bool = False
    """A toll told with no place whose parts are then told town by town ("attacks on Ukraine
    killed four ... in Kyiv, two"): the towns told after it are events of their own."""
    summary: bool = False
    """Told only in lines that sum up stories (a title line, a key point): the page may tell
    it in full elsewhere (:mod:`kg.extract.update.recaps`)."""
    told_also: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)
    """Other updates of the page that tell this occasion too (update index -> the sentences
    there), once drafts of several updates are one event (:func:`tell_also`)."""

    @property
    def family(self) -> str:
        return family(self.type)

    def actor_names(self, role: str | None = None) -> set[str]:
        return {r.entry.name for r in self.roles if role is None or r.role == role}

    def agent_states(self, role: str) -> set[str]:
        """Names of the actors in a role and of the states they belong to."""
        out = set()
        for r in self.roles:
            if r.role == role:
                out.add(r.entry.name)
                if getattr(r.entry, "affiliation", None):
                    out.add(r.entry.affiliation)
        return out

    def has_role(self, role: str) -> bool:
        return any(r.role == role for r in self.roles)

    def place_names(self) -> set[str]:
        return {p.name for p in self.places}

    def regions(self) -> set[str]:
        """Names of the regions this draft's places are or lie in."""
        out = set()
        for p in self.places:
            if p.kind == "region":
                out.add(p.name)
            elif p.admin1:
                out.add(p.admin1)
        return out

    def add_place(self, place) -> None:
        if place.name not in self.place_names():
            self.places.append(place)

    def add_role(self, role: Role) -> None:
        for r in self.roles:
            if r.entry.name == role.entry.name:
                if r.role in ("source", "participant") and role.role not in ("source", "participant"):
                    r.role = role.role
                return
        self.roles.append(role)

    def add_gear(self, gear: Gear) -> None:
        name = gear.entry.name
        mine = self.gear.get(name)
        if mine is None:
            self.gear[name] = gear
            return
        mine.quantity = mine.quantity if mine.quantity is not None else gear.quantity
        mine.destroyed = mine.destroyed if mine.destroyed is not None else gear.destroyed
        mine.origin = mine.origin or gear.origin
        mine.definite = mine.definite or gear.definite

    def set_casualties(self, other: Draft, overwrite: bool = False) -> None:
        for kind in ("killed", "injured"):
            value = getattr(other, kind)
            if value is None:
                continue
            mine = getattr(self, kind)
            if mine is None or (overwrite and value > mine):
                setattr(self, kind, value)
                setattr(self, f"{kind}_at_least", getattr(other, f"{kind}_at_least"))
        if self.civilian is None:
            self.civilian = other.civilian

    def set_date(self, ref: DateRef | None, explicit: bool) -> None:
        if ref is None:
            return
        if (
            self.date is None
            or (explicit and not self.date_explicit)
            or (explicit and _PRECISION.get(ref.precision, 3) < _PRECISION.get(self.date.precision, 3))
        ):
            self.date, self.date_explicit = ref, explicit or self.date_explicit


def contains(area, place) -> bool:
    """Whether a region or country (or a city standing for its region) holds a place."""
    if area.name == place.name:
        return True
    if area.kind == "region":
        return place.admin1 == area.name
    if area.kind == "country":
        return place.country == area.name
    if area.kind == "settlement" and area.admin1 and place.admin1 == area.admin1:
        return _stands_for_region(area)
    return False


def _stands_for_region(place) -> bool:
    """A regional capital named bare ("Donetsk") may stand for its region in reports."""
    return bool(place.admin1) and place.admin1.split()[0] == place.name.split()[0]


def _casualties_agree(a: Draft, b: Draft) -> bool:
    for kind in ("killed", "injured"):
        x, y = getattr(a, kind), getattr(b, kind)
        if x is not None and y is not None and x != y:
            return False
    return True


def dates_agree(a: Draft, b: Draft) -> bool:
    """Whether two drafts may be one event by date: both dated on the page and on different
    days of the same precision is the only disagreement."""
    if a.date_explicit and b.date_explicit and a.date and b.date:
        return a.date.date == b.date.date or a.date.precision != b.date.precision
    return True


_FURTHER = re.compile(
    r"\b(?:a\s+further|another|an\s+additional|additional)\s+(?:\d|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve)|\b\d+\s+more\b", re.IGNORECASE)
"""Counted weapons downed in addition to those already told: a further report."""


def merge_target(drafts: list[Draft], new: Draft) -> tuple[Draft | None, bool]:
    """Find the earlier draft of the same update that ``new`` continues.

    Returns:
        The draft (or ``None``) and whether ``new`` refines its place (a town inside the
        region the draft was placed in).
    """
    same = [d for d in drafts if d.update == new.update and d.family == new.family]
    if not same:
        return None, False
    if new.family == "Attack":
        return _attack_target(same, new)
    for old in reversed(same):
        if new.family in ("MilitaryAid", "Sanctions"):
            agent = "donor" if new.family == "MilitaryAid" else "imposer"
            mine, theirs = new.agent_states(agent), old.agent_states(agent)
            if mine and theirs and not mine & theirs:
                continue
            if not (mine & theirs) and not dates_agree(old, new):
                return None, False
            return old, False
        if new.family == "DiplomaticVisit" and _one_trip(old, new):
            return old, False  # "arrived in Kyiv on Wednesday and on Thursday held talks": one trip
        if not dates_agree(old, new):
            return None, False
        if new.family == "Condemnation":
            if new.verbal and old.verbal and (new.date_explicit or old.date_explicit):
                continue
            mine, theirs = new.agent_states("critic"), old.agent_states("critic")
            if new.verbal and mine and theirs and not mine & theirs:
                return None, False  # one statement per speaker: Tajani's and Lammy's are two
            mine, theirs = _speakers(new), _speakers(old)
            if new.verbal and old.verbal and mine and theirs and not mine & theirs:
                return None, False  # Lammy's and Starmer's words are two statements of one state
            return old, False
        if new.family == "Interception":
            if any(new.agent_states(role) and old.agent_states(role)
                   and not new.agent_states(role) & old.agent_states(role)
                   for role in ("interceptor", "attacker")):
                continue  # Kyiv's air force's tally and Moscow's of the same night are two reports
            if _other_side(old, new) or _own_count(old, new):
                continue  # Moscow's figures after Kyiv's; "six of the drones were downed over his region"
        further = _FURTHER.search(new.spans[0][2]) if new.spans else None
        if new.family == "Interception" and new.places and not old.places and further:
            continue  # "downed 9 drones over the region ... another 14 over Tambov": a report of its own
        if new.family in ("DiplomaticVisit", "Agreement", "ArmedClash", "TerritoryChange", "Interception"):
            # "destroyed 17 drones over Bryansk ... a further 11 over Kursk and Oryol": two reports
            if new.places and old.places and not _places_meet(old.places, new.places):
                continue
            if new.family in ("ArmedClash", "TerritoryChange") and _other_towns(old.places, new.places):
                continue  # "attacks repelled around A ... heavy fighting near B": each town its own
            return old, False
        return old, False
    return None, False


def _other_side(old: Draft, new: Draft) -> bool:
    """Two tallies of downings by the two sides: told by organs of two states ("Ukraine's air
    force said ... Russia's Defense Ministry, for its part, said its forces brought down 87
    Ukrainian drones"), one's interceptor the other's attacker, or one told over a country ("In
    Russia, the Defense Ministry said ...") whose state is not the other's interceptor."""
    tellers_old, tellers_new = set(old.states.values()), set(new.states.values())
    if tellers_old and tellers_new and not tellers_old & tellers_new:
        return True  # Ukraine's air force's figures, then Russia's Defense Ministry's
    for a, b in ((old, new), (new, old)):
        mine = a.agent_states("interceptor")
        if mine and not mine & b.agent_states("interceptor") and mine & b.agent_states("attacker"):
            return True
    states = {r.entry.name for r in old.roles
              if r.role == "interceptor" and getattr(r.entry, "kind", None) == "State"}
    countries = {p.name for p in new.places if p.kind == "country"}
    return bool(states and countries and not states & countries)


_LOCAL_TELLER = re.compile(
    r"\b(?:governor|mayor|(?:regional|city|oblast|military)\s+administration|authorities)\b", re.IGNORECASE
)
"""Who tells a city's or a region's own tally: its governor, mayor, administration or authorities."""


def _own_count(old: Draft, new: Draft) -> bool:
    """A tally of weapons downed told by a governor, a mayor or a city's authorities, whose count
    differs from the one told before it for the same kind of weapon, is another report (the
    governor's "six of the drones were downed over his region" after the air force's 18 of 23;
    the capital's nine): its own event, as records.md counts it. The same teller's breakdown by
    region ("37 of the drones over the Kursk region") stays the one report."""
    if not new.spans or not _LOCAL_TELLER.search(new.spans[0][2]):
        return False
    for g in new.gear.values():
        if g.destroyed is None:
            continue
        cat = getattr(g.entry, "category", None)
        for o in old.gear.values():
            same_kind = getattr(o.entry, "category", None) == cat
            if same_kind and o.destroyed is not None and o.destroyed != g.destroyed:
                return True
    return False


def _one_trip(old: Draft, new: Draft) -> bool:
    """Two tellings of one visit: the same place, the same visitors (or none named in one of
    them), days no more than :data:`_TRIP_DAYS` apart."""
    if not (old.places and new.places and _places_meet(old.places, new.places)):
        return False
    mine, theirs = new.actor_names("visitor"), old.actor_names("visitor")
    if mine and theirs and not (mine & theirs):
        return False
    if old.date and new.date and old.date.precision == new.date.precision == "day":
        return abs((old.date.date - new.date.date).days) <= _TRIP_DAYS
    return True


_TRIP_DAYS = 3
"""How many days one visit is told over ("arrived on Wednesday ... on Thursday held talks")."""


def _speakers(d: Draft) -> set[str]:
    """The people a condemnation is told as the words of."""
    return {r.entry.name for r in d.roles
            if r.role == "critic" and getattr(r.entry, "kind", None) == "Person"}


def _specific(places: list) -> list:
    return [p for p in places if p.kind != "country"]


def _one_of_a_list(old: Draft, new: Draft) -> bool:
    """A strike on one of the towns an earlier summary listed, told with a weapon or a figure of
    its own ("the hromadas of A, B and C ... In B, the Russians struck with FPV drones"), is that
    town's event, not more of the summary."""
    listed = len(_specific(old.places))
    own = bool(new.gear) or new.killed is not None or new.injured is not None
    if old.series and listed > 1:
        return new.verbal or own
    towns = [p for p in old.places if p.kind == "settlement"]
    return (len(towns) > 2 and all(p.kind == "settlement" for p in _specific(new.places))
            and new.verbal and own)


def _attack_target(same: list[Draft], new: Draft) -> tuple[Draft | None, bool]:
    """An attack continues an earlier one of its update when it adds no new place, when the
    earlier one had none, or when it names a town inside the one region the earlier one was
    placed in with figures that agree ("Airstrikes in Donetsk killed one ... a man's body was
    found in Myrnohrad"). A new place with a cue of its own is a new event."""
    places = _specific(new.places)
    for old in reversed(same):
        if len(places) == 1 and _one_of_a_list(old, new):
            continue  # "attacked 21 settlements 87 times, including A and B ... In A, a shell hit"
        if places and {p.name for p in places} <= old.place_names() and dates_agree(old, new):
            if _other_means(old, new):
                continue  # "air strikes on A, B and C ... two residents of C were wounded by mortar fire"
            return old, False
    old = same[-1]
    if not dates_agree(old, new):
        return None, False
    mine = _specific(old.places)
    if new.wave and not places and mine and not old.wave:
        return None, False  # "Russia launched 52 drones at Ukraine overnight" after a town's strike
    if places and not mine and (old.wave or (old.places and not _casualties_agree(old, new))):
        return None, False  # a town named after a nationwide launch or toll is its own event
    if places and not old.places and (old.parted or _part_of_toll(old, new)):
        old.parted = True  # "attacks on Ukraine killed four ... in Kyiv, two were killed": Kyiv's own
        return None, False
    if not places or not mine:
        return old, False
    if (
        len(mine) == 1
        and not old.series
        and all(contains(mine[0], p) for p in places)
        and _casualties_agree(old, new)
        and not (mine[0].kind == "settlement" and _other_means(old, new))
    ):
        return old, True
    return None, False


def _part_of_toll(whole: Draft, part: Draft) -> bool:
    """A town's figures that are a part of a toll told with no place ("Russian attacks on Ukraine
    killed four and wounded 16 ... in Kyiv a missile killed two and injured nine"): no figure
    above the toll's, one below it. A figure above it is a revision of the toll, not a part."""
    below = False
    for kind in ("killed", "injured"):
        x, y = getattr(whole, kind), getattr(part, kind)
        if y is None:
            continue
        if x is None or y > x:
            return False
        below = below or y < x
    return below


def _other_means(old: Draft, new: Draft) -> bool:
    """Both say their means, and of different kinds (the later one naming its weapon): a strike of
    its own on the same town."""
    return (
        old.type != new.type
        and "Attack" not in (old.type, new.type)
        and bool(new.gear)
        and not any(name in old.gear for name in new.gear)
    )


def _places_meet(a: list, b: list) -> bool:
    return any(x.name == y.name or contains(x, y) or contains(y, x) for x in a for y in b)


def _other_towns(a: list, b: list) -> bool:
    """Whether two tellings name towns and none the same: a region they share does not make
    them one front."""
    towns_a = [x for x in a if x.kind not in ("region", "country")]
    towns_b = [y for y in b if y.kind not in ("region", "country")]
    return bool(towns_a and towns_b) and not _places_meet(towns_a, towns_b)


def tell_also(old: Draft, new: Draft) -> None:
    """Note that ``new``'s update (and those it was told in) tells ``old`` too, with its
    sentences: ``old`` keeps its own update's words as its evidence and these beside them."""
    told = {n: list(spans) for n, spans in old.told_also.items()}  # a new dict: copies share one
    for n, spans in [(new.update, new.spans), *new.told_also.items()]:
        if n != old.update:
            told.setdefault(n, []).extend(spans)
    old.told_also = told


def merge(old: Draft, new: Draft, refine: bool = False) -> None:
    """Fold a candidate into the draft it continues; one of another update is noted as
    telling it too (:func:`tell_also`), its sentences kept apart from the draft's own."""
    if new.update == old.update:
        old.spans.extend(new.spans)
    else:
        tell_also(old, new)
    old.summary = old.summary and new.summary
    if refine:
        area = _specific(old.places)[0]
        old.places = _specific(new.places) + ([area] if area.kind == "region" else [])
    else:
        for p in new.places:
            old.add_place(p)
    for r in new.roles:
        old.add_role(r)
    for g in new.gear.values():
        old.add_gear(g)
    old.set_casualties(new, overwrite=True)
    old.set_date(new.date, new.date_explicit)
    old.verbal = old.verbal or new.verbal
    old.source = old.source or new.source
    old.office_place = old.office_place or new.office_place
    old.states.update(new.states)
    old.wave = old.wave or new.wave
    if old.type == "Attack" and new.family == "Attack":
        old.type = new.type  # a later sentence says what struck ("two ballistic missiles hit")
    old.target_count = old.target_count or new.target_count
