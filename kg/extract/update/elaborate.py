"""Sentences without a cue of their own: what they add to the event before them.

A later sentence that names a place inside the event's, the weapons used, a company struck or
a casualty figure elaborates the event (weapons of another kind than those the strike was told
with are another strike's, or background: "shells fell on A ... Russia has turned to the
Shahed"); a revised toll ("by evening the death toll had risen to
nine") replaces the figure before it.
"""

from __future__ import annotations

import re

from kg.extract.sentence.mentions import SentenceFacts
from kg.extract.sentence.roles import Role, usable
from kg.extract.text.cues import ACROSS_REGIONS, AIR_DEFENCE
from kg.extract.text.sentences import Sentence
from kg.extract.update.drafts import Draft, Gear, contains
from kg.extract.update.settle import generic

__all__ = ["add_casualties", "elaborate"]

_LISTING = re.compile(r"\b(?:includ\w*|consist\w*|compris\w*|contain\w*)\b", re.IGNORECASE)


def add_casualties(d: Draft, f: SentenceFacts) -> None:
    """A sentence's casualty figures, the running total ("the death toll rose to 12") first."""
    # a toll ("bringing the death toll to 12") is the total: it goes before partial counts
    for c in sorted(f.casualties, key=lambda c: not c.toll):
        if c.count is None:
            continue
        kind = c.kind
        if getattr(d, kind) is None:
            setattr(d, kind, c.count)
            setattr(d, f"{kind}_at_least", bool(c.at_least))
            if d.civilian is None and c.civilian is not None:
                d.civilian = c.civilian


_SAME_MEANS = {"Rocket": "Missile", "AirDefence": "Missile"}
"""Kinds reports use for one another: a "rocket" is often the missile told of, and an S-300
used on the ground strikes with its missiles."""


def _kind(entry) -> str | None:
    """The kind of means a weapon is, for telling whether a sentence speaks of the same strike."""
    category = getattr(entry, "category", None)
    return _SAME_MEANS.get(category, category)


def elaborate(d: Draft, s: Sentence, f: SentenceFacts) -> None:
    """A sentence with no cue of its own adds to the event before it."""
    touched = False
    if d.family == "Interception" and AIR_DEFENCE.search(s.text):
        # "air defence units were working in Kyiv, Poltava and Sumy regions": where it was downed
        for p in f.places:
            if p.entry is not None and not p.reference_only and p.entry.kind != "country":
                d.add_place(p.entry)
                touched = True
        if touched:
            d.spans.append((s.start, s.end, s.text))
        return
    if d.family != "Attack":
        if d.family == "MilitaryAid" and _LISTING.search(s.text):
            for e in f.equipment:
                d.add_gear(Gear(e.entry, e.quantity, origin=e.origin, definite=e.definite))
            d.spans.append((s.start, s.end, s.text))
        return
    places = [
        p.entry
        for p in f.places
        if p.entry is not None and not p.reference_only and p.entry.kind != "country"
    ]
    if places and (not d.places or all(any(contains(q, p) for q in d.places) for p in places)):
        for p in places:
            d.add_place(p)
        touched = True
    means = {_kind(g.entry) for g in d.gear.values()}
    for e in f.equipment:
        weapon = not (e.target and generic(e.entry))
        if means and _kind(e.entry) not in means:
            continue  # "Russian shells fell on A ... Russia sent groups of Shaheds": not the shells' strike
        if (e.quantity is not None or not generic(e.entry)) and not e.of_the and weapon:
            d.add_gear(Gear(e.entry, e.quantity))
            touched = True
    for a in f.actors:
        if getattr(a.entry, "kind", None) == "Company" and usable(a, s.text):
            d.add_role(Role(a.entry, "target", a.start))
            touched = True
    before = (d.killed, d.injured)
    probe = Draft(type=d.type, update=d.update)
    if not ACROSS_REGIONS.search(s.text):  # "... killed 15 and wounded 66 across several oblasts": a tally
        add_casualties(probe, f)
    if (probe.killed is not None or probe.injured is not None) and (not places or touched):
        d.set_casualties(probe)
        for c in f.casualties:  # "by evening the death toll had risen to nine": the revision
            if c.toll and c.count is not None and getattr(probe, c.kind) == c.count:
                setattr(d, c.kind, c.count)
                setattr(d, f"{c.kind}_at_least", bool(c.at_least))
        touched = touched or before != (d.killed, d.injured)
    if touched:
        d.spans.append((s.start, s.end, s.text))
