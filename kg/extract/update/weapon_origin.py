"""Whose weapons: a category named as a country's is the system of that country the update names.

"Moscow resorting to the North Korean munitions", in an update that also speaks of "the
launch of the KN-23 missiles", reports a supply of KN-23s: the category ("munitions") is
qualified by its origin ("North Korean"), and the one named system of that origin and kind is
the weapon meant. Aid that refers back with a definite article ("delivered the missiles")
takes its donor as the origin.

- :func:`mark_origins` (per sentence): the country a category noun is qualified by, a
  demonym or possessive right before it with at most a modifier or two between ("Iranian
  attack drones", "US-made missiles", "Iran's long-range drones"), and whether it is definite.
- :func:`identify_systems` (per update, once it is settled): an event that names categories
  only takes, for each qualified one, the system of the update that fits the category and
  comes from the category's origin (``origin`` in ``kg/data/equipment.tsv``).

The origin must be the donor of aid, where the donor is known; in strikes, interceptions,
condemnations and sanctions only a demonym counts, and not the attacker's own ("Russian
missiles" launched by Russia say nothing of which). An event that already names a system is
left as it is, and so is a category the update names no system for, or several that fit.
"""

from __future__ import annotations

import re

from kg.extract.update.drafts import Draft, Gear
from kg.extract.update.settle import generic
from kg.gazetteer.phrases import name_key

BROAD = {
    "ammunition": ("Missile", "Rocket", "Bomb", "Munition"),
    "missile": ("Missile",),
    "drone": ("Drone",),
    "rocket": ("Rocket",),
    "rocket launcher": ("Rocket",),
    "artillery": ("Artillery",),
    "armoured vehicle": ("ArmouredVehicle",),
    "tank": ("Tank",),
    "fighter jet": ("Aircraft",),
    "helicopter": ("Helicopter",),
    "air defence system": ("AirDefence",),
    "guided aerial bomb": ("Bomb",),
    "small arms": ("SmallArms",),
}
"""Category nouns that stand for any system of their categories ("munitions" for missiles and
shells alike). The others are narrower ("ballistic missile", "naval drone", "howitzer"): they
fit a system whose names call it so ("North Korean ballistic missile", "Caesar howitzer")."""

QUALIFIED = ("Attack", "Interception", "Condemnation", "Sanctions")
"""Events other than aid whose categories a demonym may identify."""

_MODIFIERS = frozenset(
    {
        "new",
        "more",
        "additional",
        "further",
        "advanced",
        "modern",
        "old",
        "older",
        "latest",
        "heavy",
        "light",
        "guided",
        "unguided",
        "tactical",
        "strategic",
        "military",
        "combat",
        "attack",
        "deadly",
        "powerful",
    }
)
_LAST_WORD = re.compile(r"([\w'’-]+)\s*$")
_MAKER = re.compile(r"(?:['’]s?|-(?:made|built|produced|supplied|designed|manufactured))?")
_DEFINITE = re.compile(r"\b(?:the|these|those)\s*$", re.IGNORECASE)


def mark_origins(text: str, facts) -> None:
    """Set ``origin`` and ``definite`` of the category nouns a sentence's facts hold."""
    states = [a for a in facts.actors if getattr(a.entry, "kind", None) == "State"]
    for e in facts.equipment:
        if not generic(e.entry):
            continue
        head = _strip_modifiers(text, e.start)
        lead = head
        for a in states:
            if a.end <= head and _MAKER.fullmatch(text[a.end : head]):
                e.origin, lead = a.entry.name, a.start
        e.definite = bool(_DEFINITE.search(text[:lead]))


def _strip_modifiers(text: str, start: int) -> int:
    """Where the words before a noun end, once up to two modifiers are passed over ("the new
    long-range missiles": after "the")."""
    end = len(text[:start].rstrip())
    for _ in range(2):
        m = _LAST_WORD.search(text[:end])
        word = m.group(1) if m else ""
        if not (word.lower() in _MODIFIERS or ("-" in word[1:] and word[0].islower())):
            break
        end = len(text[: m.start()].rstrip())
    return end


def identify_systems(drafts: list[Draft], facts: list) -> None:
    """Give events that name categories only the named system each qualified category means."""
    named = {}
    for f in facts:
        for e in f.equipment:
            if not generic(e.entry) and not e.target and getattr(e.entry, "origin", None):
                named.setdefault(e.entry.name, e.entry)
    if not named:
        return
    for d in drafts:
        if any(not generic(g.entry) for g in d.gear.values()):
            continue  # names its system already
        for key, g in list(d.gear.items()):
            origins = _origins(d, g)
            fit = [s for s in named.values() if origins & set(s.origin) and fits(g.entry, s)]
            if len(fit) == 1:
                del d.gear[key]
                d.add_gear(Gear(fit[0], g.quantity, g.destroyed, g.all_of))


def _origins(d: Draft, g: Gear) -> set[str]:
    """The countries a category of an event is said to come from."""
    if d.family == "MilitaryAid":
        donors = d.agent_states("donor")
        if g.origin:
            return {g.origin} if not donors or g.origin in donors else set()
        return donors if g.definite else set()
    if d.family in QUALIFIED and g.origin and g.origin not in d.agent_states("attacker"):
        return {g.origin}
    return set()


def fits(category, system) -> bool:
    """Whether a named system is of the kind a category noun names."""
    broad = BROAD.get(category.name)
    if broad is not None:
        return system.category in broad
    if system.category != category.category:
        return False
    kinds = [f" {name_key(n)} " for n in (category.name, *category.aliases)]
    names = [f" {name_key(n)} " for n in (system.name, *system.aliases)]
    return any(k in n for k in kinds for n in names)
