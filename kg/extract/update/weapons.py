"""The equipment of a settled event: what the event's own kind says its weapons can be.

- A strike's shells are fired by artillery: "a shell hit a market" is artillery; shells as
  such are what aid delivers. ("Shelling" alone names no weapon, and adds none.)
- An interception names what was downed; the air defences, jets and jamming that downed it
  ("air defence systems destroyed 43 drones", "lost to electronic warfare") are not.
- A condemnation's weapon categories ("denounced the drone attack", "urged deliveries of air
  defence systems") describe the condemned strike or the plea; a system it names ("Russia's use
  of North Korean KN-23 missiles") is what it condemns, and stays.
- "Ammunition" beside a named weapon is that weapon's ammunition, not a second item.
"""

from __future__ import annotations

from kg.extract.update.drafts import Draft, Gear
from kg.extract.update.settle import generic

_INTERCEPTORS = frozenset({"AirDefence", "Aircraft", "Other"})
"""Categories that do the downing in an interception, named as categories ("air defences",
"warplanes", "electronic warfare")."""


def settle_gear(d: Draft, gaz) -> None:
    """Apply the rules above to one event's equipment, in place."""
    if d.family == "Condemnation":
        for name, g in list(d.gear.items()):
            if generic(g.entry):
                del d.gear[name]
        return
    if d.type == "Interception":
        for name, g in list(d.gear.items()):
            if generic(g.entry) and getattr(g.entry, "category", None) in _INTERCEPTORS:
                del d.gear[name]
    if d.family == "Attack":
        shells = d.gear.pop("artillery shells", None)
        if shells is not None:
            artillery = gaz.equipment_entry("artillery")
            if artillery is not None and "artillery" not in d.gear:
                d.gear["artillery"] = Gear(artillery, shells.quantity)
    if "ammunition" in d.gear and len(d.gear) > 1:
        del d.gear["ammunition"]
