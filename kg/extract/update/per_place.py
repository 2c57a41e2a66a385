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

A strike told on a list of towns ("Russian attacks on the towns of A, B, C and D wounded four
people") is one event per town, as the records contract counts strikes; a figure given for the
whole list is not shared out but kept by one more event over the region the towns lie in.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.extract.sentence.mentions import SentenceFacts
from kg.extract.text.cues import attack_subtype
from kg.extract.update.drafts import Draft, Gear

_NEW_CLAUSE = re.compile(r"(?:,\s*(?:and\s+|while\s+)?|;\s*|\s+and\s+|\s+while\s+)$")
_CLAUSE = re.compile(r",\s*(?:and|while|whereas|but)?\s*|;\s*|\s+(?:and|while|whereas)\s+", re.IGNORECASE)
_VERB_AHEAD = re.compile(
    r"^[\w\s’'-]{0,30}?\b(?:hit|hits|struck|strikes|attacked|set|damaged|destroyed|killed|"
    r"injured|wounded|shelled|pounded)\b",
    re.IGNORECASE,
)


def _cuts(text: str, facts: SentenceFacts) -> list[int]:
    """Where parts after the first begin: at each figure after the first, and at a clause that
    opens with a weapon and its verb ("..., and drones set ...")."""
    counted = sorted((c.start, c.kind) for c in facts.casualties if c.count is not None)
    starts = [p.start for p in facts.places if p.entry is not None and not p.reference_only]
    # "killing a man and injuring four people": the toll of one strike, in two figures of two
    # kinds with no place between them, is not a new part
    figures, kinds = [], set()
    for i, (f, kind) in enumerate(counted):
        if i == 0 or kind in kinds or any(counted[i - 1][0] < p < f for p in starts):
            figures.append(f)
            kinds = set()
        kinds.add(kind)
    cuts = set()
    for f in figures[1:]:
        # "..., while in Dnipro one person was killed": the part begins with its place
        clause = None
        for found in _CLAUSE.finditer(text, 0, f):
            clause = found
        ahead = clause is not None and any(clause.end() <= p < f for p in starts)
        cuts.add(clause.start() if ahead else f)
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


def _join_placeless(parts: list[tuple[int, int, list]]) -> list[tuple[int, int, list]]:
    """A part that names no place continues the part before it: in "in Dnipro one person was
    killed and 12 were injured" the second figure is Dnipro's; a first part with no place is
    the start of the part after it ("two were killed and one hurt in A")."""
    out: list[tuple[int, int, list]] = []
    for a, b, places in parts:
        if not places and out:
            pa, _, pp = out[-1]
            out[-1] = (pa, b, pp)
        else:
            out.append((a, b, places))
    if len(out) > 1 and not out[0][2]:  # "two were killed and one hurt in A, while in B ...": A's
        out[:2] = [(out[0][0], out[1][1], out[1][2])]
    return out


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
    parts = _join_placeless(parts)
    if len(parts) < 2 or any(not places for _, _, places in parts):
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


_LIST_GAP = re.compile(
    r"(?:,\s*(?:and\s+|or\s+|as\s+well\s+as\s+)?|\s+and\s+|\s+or\s+)"
    r"(?:the\s+(?:[\w-]+\s+)?(?:city|town|village|settlement|port\s+city|community|hromada)\s+of\s+)?"
)
"""What joins the towns of a list: "A, B and C", "A and the northeastern city of B"."""
_SPAN_OF = re.compile(r"\b(?:between|from|over)\s+(?:the\s+)?(?:\w+\s+){0,3}$", re.IGNORECASE)
"""Towns that bound an extent ("between A and B") or where weapons were downed ("over A and B")."""


_NAMED_LIST = re.compile(r"\b(?:villages|towns|settlements|cities)\s+of\s+(?:the\s+)?$", re.IGNORECASE)


def _listed_towns(text: str, facts: SentenceFacts) -> list:
    """The settlements a sentence names as one list ("Kostiantynivka, Lyman, Selydove and
    Kurakhove"): the longest run joined by commas and "and", not an extent ("between A and B")."""
    refs = sorted(
        (p for p in facts.places
         if p.entry is not None and not p.reference_only and p.entry.kind == "settlement"),
        key=lambda p: p.start,
    )
    best: list = []
    run: list = []
    for p in refs:
        if run and _LIST_GAP.fullmatch(text[run[-1].end : p.start]):
            run.append(p)
        else:
            run = [p]
        if len(run) > len(best):
            best = list(run)
    if len(best) < 2 or _SPAN_OF.search(text[: best[0].start]):
        return []
    return best


def split_listed(d: Draft, text: str, facts: SentenceFacts) -> list[Draft] | None:
    """Return one event per town of a listed strike (and one over their region for a figure
    given for them all), or ``None`` when the sentence names no such list."""
    if d.series or d.wave:
        return None  # "59 drones were launched at areas including A, B and C": one launch
    listed = _listed_towns(text, facts)
    towns = [p.entry for p in listed]
    if not towns:
        return None
    # "took control of the villages of A and B": the list is named as the places, so another
    # town of the sentence (a dateline, a plant named after a city) is no part of it
    named = _NAMED_LIST.search(text, 0, listed[0].start)
    if not named and any(p.kind == "settlement" and all(p is not t for t in towns) for p in d.places):
        return None
    out = []
    if d.killed is not None or d.injured is not None:
        regions = [p for p in d.places if p.kind == "region"]
        if regions:
            whole = replace(d, places=[], roles=list(d.roles), gear=dict(d.gear), spans=list(d.spans))
            for p in regions:
                whole.add_place(p)
            out.append(whole)
    for town in towns:
        part = replace(d, places=[], roles=list(d.roles), gear=dict(d.gear), spans=list(d.spans))
        part.killed = part.injured = None
        part.killed_at_least = part.injured_at_least = False
        part.add_place(town)
        out.append(part)
    return out


_SITE_HIT = re.compile(r"\b(?:hit|struck|came\s+under\s+(?:[\w-]+\s+)?(?:attack|fire))\b", re.IGNORECASE)
_SITE = re.compile(
    r"\b(?:power\s+(?:stations?|plants?|installations?|facilit(?:y|ies)|lines?)|power\s+plants?|"
    r"infrastructure|substations?|facilit(?:y|ies)|plants?|depots?|refiner(?:y|ies)|installations?)\b",
    re.IGNORECASE,
)
_LARGE_SCALE = re.compile(r"\b(?:massive|mass|large-scale|huge|combined|coordinated)\b", re.IGNORECASE)
"""Sites struck in each region named: "power stations had been hit in the Odesa and Kirovohrad
regions", "thermal power plants in ... came under attack"."""


def split_regions(d: Draft, text: str, facts: SentenceFacts, launch_told: bool = False) -> list[Draft] | None:
    """Return one event per region of sites struck on a list of regions ("power stations had
    been hit in the Odesa and Kirovohrad regions and in Lutsk", "thermal power plants in the
    Dnipropetrovsk, Ivano-Frankivsk and Lviv regions came under attack"), a town named beside
    them being an event of its own, as the records contract counts strikes; ``None`` for a launch
    or a series over them ("the regions Russia attacked overnight"), damage summed up over them,
    the sites a launch or a large-scale attack told before (``launch_told``) or in the sentence
    struck, or a sentence with a figure for them all (one figure is not shared out)."""
    if launch_told or d.series or d.wave or d.killed is not None or d.injured is not None:
        return None
    if _LARGE_SCALE.search(text):
        return None  # "a second large-scale attack ... struck energy facilities in A, B and C regions"
    if not (_SITE_HIT.search(text) and _SITE.search(text)):
        return None  # "the regions Russia attacked overnight", "damage in six regions": one report
    refs = [p for p in facts.places
            if p.entry is not None and not p.reference_only and p.entry.kind in ("region", "settlement")
            and p.entry.name in d.place_names()]
    regions: list = []
    for p in refs:
        if p.entry.kind == "region" and all(p.entry is not r for r in regions):
            regions.append(p.entry)
    if len(regions) < 2 or _SPAN_OF.search(text[: min(p.start for p in refs)]):
        return None
    units = [[r] for r in regions]
    for p in refs:
        if p.entry.kind != "settlement":
            continue
        home = next((u for u in units if u[0].kind == "region" and _holds(u[0], p.entry)), None)
        if home is None:
            units.append([p.entry])
        elif all(p.entry is not x for x in home):
            home.append(p.entry)
    out = []
    for places in units:
        part = replace(d, places=[], roles=list(d.roles), gear=dict(d.gear), spans=list(d.spans))
        for p in places:
            part.add_place(p)
        out.append(part)
    return out
