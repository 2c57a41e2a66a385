"""One sentence, several strikes: a sentence that gives each place its own figures or its own
weapon is as many events.

- "Russian attacks killed three people in Donetsk Oblast and two in Kherson Oblast";
- "Russian strikes killed a man in Kupiansk and injured four people in Izium";
- "A Russian missile hit a hotel in Kryvyi Rih, and drones set an oil depot ablaze in Rostov
  Oblast".

The sentence is cut where a new figure ("two were killed in A and one in B") or a new
means-with-verb begins; each part that names a place of its own (not one inside another part's
place; a region framing the list, "Kherson Oblast: 2 killed in A, 3 injured in B", is none) is an
event with that part's places, figures and weapons, and the attacker and date of the whole
sentence. A part that names no weapon has those named before or after all the towns ("artillery
shelling killed two in A and one in B", "... by Russian shelling").
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.extract.sentence.mentions import SentenceFacts
from kg.extract.text.cues import attack_subtype
from kg.extract.update.drafts import Draft, Gear

_NEW_CLAUSE = re.compile(r"(?:,\s*(?:and\s+|while\s+)?|;\s*|\s+and\s+|\s+while\s+)$")
_VERB_AHEAD = re.compile(
    r"^[\w\s’'-]{0,30}?\b(?:hit|hits|struck|strikes|attacked|set|damaged|destroyed|killed|"
    r"injured|wounded|shelled|pounded)\b",
    re.IGNORECASE,
)


def _cuts(text: str, facts: SentenceFacts) -> list[int]:
    """Where parts after the first begin: at each figure after the first, and at a clause that
    opens with a weapon and its verb ("..., and drones set ...")."""
    figures = sorted({c.start for c in facts.casualties if c.count is not None})
    cuts = set(figures[1:])
    for e in facts.equipment:
        clause = _NEW_CLAUSE.search(text[max(0, e.start - 12) : e.start])
        if not e.target and clause and _VERB_AHEAD.match(text[e.end :]):
            cuts.add(e.start - len(clause.group()))
    return sorted(c for c in cuts if c > 0)


def _holds(area, place) -> bool:
    if area.name == place.name:
        return True
    if area.kind == "region":
        return place.admin1 == area.name
    return area.kind == "country" and place.country == area.name


def split_attack(d: Draft, text: str, facts: SentenceFacts) -> list[Draft] | None:
    """Return the events of a sentence that tells several strikes, or ``None`` for one."""
    cuts = _cuts(text, facts)
    if not cuts:
        return None
    bounds = [0, *cuts, len(text)]
    parts = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        places = [
            p.entry
            for p in facts.places
            if p.entry is not None and not p.reference_only and a <= p.start < b and p.entry.kind != "country"
        ]
        # "Kherson Oblast: 2 killed in Beryslav, 3 injured in Kherson": the region framing the
        # list is no place of its own beside the town it holds
        places = [p for p in places if not any(q is not p and _holds(p, q) for q in places)]
        parts.append((a, b, places))
    if any(not places for _, _, places in parts):
        return None
    for i, (_, _, x) in enumerate(parts):
        for _, _, y in parts[i + 1 :]:
            if any(_holds(p, q) or _holds(q, p) for p in x for q in y):
                return None  # "two in Kharkiv Oblast, one of them in Kupiansk": one occasion
    starts = [p.start for p in facts.places if p.entry is not None and not p.reference_only]
    shared = [e for e in facts.equipment if not e.target and not min(starts) < e.start < max(starts)]
    out = []
    for a, b, places in parts:
        roles = [r for r in d.roles if r.start < 0 or a <= r.start < b or r.role != "attacker"]
        part = replace(d, places=[], roles=roles, gear={}, spans=list(d.spans))
        part.killed = part.injured = None
        part.killed_at_least = part.injured_at_least = False
        for p in places:
            part.add_place(p)
        for c in facts.casualties:
            if a <= c.start < b and c.count is not None and getattr(part, c.kind) is None:
                setattr(part, c.kind, c.count)
                setattr(part, f"{c.kind}_at_least", bool(c.at_least))
        gear = [e for e in facts.equipment if a <= e.start < b]
        for e in gear:
            part.add_gear(Gear(e.entry, e.quantity))
        if not gear:  # "shelling killed two in A and one in B", "... by shelling": the means of all
            for e in shared:
                part.add_gear(Gear(e.entry, None))
        means = [getattr(e.entry, "category", "") or "" for e in gear if not e.target]
        part.type = attack_subtype(text[a:b], means) if means else d.type
        out.append(part)
    return out
