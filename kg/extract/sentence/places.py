"""Which names of one sentence are places of its events.

A name the gazetteer knows is not always where something happened: a region list ("the
Vinnytsia, Kyiv and Donetsk regions") names each region; a reference point ("50 km northwest of
Avdiivka"), a launch site ("fired from the Black Sea"), a river bank, a flag state, a town inside
an authority's name ("the Kherson regional administration") or a clock ("Moscow time") is not;
a country is a place only after a locative preposition. The reading needs the sentence's
actors, so :class:`ActorRef` lives here, below :mod:`kg.extract.sentence.mentions`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.gazetteer.lookup import Gazetteer
from kg.gazetteer.places import PlaceEntry

__all__ = ["ActorRef", "PlaceRef", "find_places", "flag_state", "is_locative", "is_place"]


@dataclass
class ActorRef:
    """An actor named in a sentence."""

    start: int
    end: int
    surface: str
    entry: object
    via: str
    describes_person: bool = False
    state: object | None = None
    """For a person, the state a title before the name gives ("Estonian Prime Minister X")."""


@dataclass
class PlaceRef:
    """A place named in a sentence, with its candidates and (once resolved) its entry."""

    start: int
    end: int
    surface: str
    candidates: list
    entry: object | None = None
    region_hint: bool = False
    reference_only: bool = False
    tiers: list | None = None
    """How each candidate matched (by its own name or a former or foreign one), when known."""


_REGION_LIST = re.compile(
    r"\b(?:the\s+)?((?:[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?\s*,\s*)*[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?"
    r"\s*,?\s+and\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)\s+(?:regions|oblasts|provinces)\b"
)
_NAME = r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?"
_REGIONS_NAMED = re.compile(
    r"\bregions\b[^.;:]{0,60}?(?:\bincluding|\bamong them|\bsuch as|:)\s+"
    rf"((?:{_NAME}\s*,\s*)+{_NAME}(?:\s*,?\s+and\s+{_NAME})?|{_NAME}\s*,?\s+and\s+{_NAME})"
)
"""Regions named after the word ("the regions hit, among them Sumy, Poltava and Kharkiv",
"regions including Odesa, Sumy and Kirovohrad"): each name is a region, not its capital."""
_REGIONS_OF = re.compile(
    rf"(?<!city and )\bregions?\s+of\s+((?:{_NAME}\s*,\s*)*{_NAME}(?:\s*,?\s+and\s+{_NAME})?)"
)
"""Regions named after "region of" ("the Black Sea region of Odesa", "the front-line regions of
Chernihiv, Sumy, Kharkiv and Donetsk"): each name is a region, not its capital ("the city and
region of Kherson" names both)."""
_REGION_ONE = re.compile(
    r"\b([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)\s+(?:(?:border|frontier)\s+(?:region|area|zone)|"
    r"region|oblast|province)\b"
)
"""A region named by its word: "the Kursk region", "the Kursk border area"."""
_REFERENCE = re.compile(
    r"(?:\d[\d.,]*\s*(?:km|kilomet(?:er|re)s?|miles?)\b[^.;]{0,40}?)?\b(?:north|south|east|west)"
    r"(?:-?(?:north|south|east|west))?(?:ern)?\s+of\s+(?:the\s+)?(?:front ?line\s+(?:in|at|near)\s+)?$",
    re.IGNORECASE,
)
_RIVER_CUE = re.compile(
    r"\b(?:banks?\s+of|across|along|crossed|crossing|cross|over|on|into)\s+the\s+$", re.IGNORECASE
)
_NAME_PREFIX = re.compile(
    r"\b(?:Malaya|Maloye|Malyye|Mala|Male|Maly|Malyi|Velyka|Velyke|Velykyi|Velikaya|Bolshaya|Bolshoye|"
    r"Bolshiye|Nova|Nove|Novyi|Novaya|Novoye|Novyye|Stara|Stare|Staryi|Staraya|Staroye|Verkhnia|"
    r"Verkhnie|Verkhniaya|Nyzhnia|Nyzhnie|Nizhnyaya|Nizhneye|Krasnaya|Krasnyi)\s+$"
)
"""Adjectives that open settlement names ("Velyka Novosilka", "Malaya Loknya")."""
_LAUNCH_SITE = re.compile(
    r"\b(?:fired|launched|took off|taking off|flying)\s+from\s+(?:[\w’'-]+\s+){0,4}?"
    r"(?:(?:in|over|off|on|of)\s+)?(?:the\s+)?(?:(?:occupied|Russian-occupied)\s+)?$"
    r"|\bfrom\s+(?:the\s+)?airspace\s+(?:of|over)\s+(?:the\s+)?(?:occupied\s+)?$",
    re.IGNORECASE,
)
"""Where weapons were launched from ("a Kalibr missile fired from a ship in the Black Sea",
"launched from Tu-95 bombers over the Caspian Sea") is not where the strike fell."""
_LOCATIVE = re.compile(
    r"\b(?:in|across|into|inside|throughout|over|from|to|near|towards|toward|at|around|within|outside)"
    r"\s+(?:the\s+)?(?:(?:north|south|east|west|central|occupied|Russian-occupied|Ukrainian-held)"
    r"(?:ern|-?(?:north|south|east|west)(?:ern)?)?\s+)?$",
    re.IGNORECASE,
)
_MODIFIER = re.compile(
    r"^-(?:made|built|designed|type|style|produced|supplied|backed|based)\b", re.IGNORECASE
)
_FACILITY = re.compile(
    r"^\s+(?:hydroelectric|hydro|river|reservoir|dam|canal|"
    r"(?:regional\s+|city\s+|oblast\s+|military\s+)*(?:administration|council|authorities|governor|"
    r"prosecutor(?:'s|’s)?|police|mayor))\b",
    re.IGNORECASE,
)
"""A town's name inside a facility's or an authority's ("the Kherson regional administration
said") is not where the event happened."""
_VILLAGE_NAME = r"[A-Z][a-zà-öø-ÿ’']+(?:-[A-Z]?[a-zà-öø-ÿ’']+)?(?:\s+[A-Z][a-zà-öø-ÿ’']+)?"
_VILLAGES_OF = re.compile(
    r"\b(?:villages?|settlements?|hamlets?)\s+of\s+(" + _VILLAGE_NAME
    + r"(?:\s*,\s*(?:and\s+)?" + _VILLAGE_NAME + r"|\s+and\s+" + _VILLAGE_NAME + r")*)"
)
_A_VILLAGE = re.compile(
    r"(" + _VILLAGE_NAME + r"),\s+(?:a|the)\s+(?:small\s+|front-?line\s+)?(?:village|settlement)\b"
)
"""A settlement named as such ("the village of Izmailivka", "Izmailivka, a village about 28 km
southeast of Pokrovsk") that the gazetteer does not hold: front-line villages of a few hundred
people are missing from GeoNames' cities500."""


def _unlisted_villages(text: str, gaz: Gazetteer, refs: list[PlaceRef]) -> list[PlaceRef]:
    """Places for settlements the text names as villages but the gazetteer lacks, in the region
    the sentence names if it names one; they have no coordinates and no GeoNames id."""
    spans = [(m.start(1), m.group(1)) for m in _A_VILLAGE.finditer(text)]
    for m in _VILLAGES_OF.finditer(text):
        pos = m.start(1)
        for name in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m.group(1)):
            start = text.find(name, pos)
            pos = start + len(name)
            spans.append((start, name))
    if not spans:
        return []
    regions = [r for m in _REGION_ONE.finditer(text) if (r := gaz.region(m.group(1))) is not None]
    region = regions[0] if len(regions) == 1 else None
    found: list[PlaceRef] = []
    for start, name in spans:
        end = start + len(name)
        if any(r.start < end and start < r.end for r in refs + found) or gaz.places.lookup(name):
            continue
        if name.split()[0].lower() in _COMMON_START:
            continue
        entry = PlaceEntry(None, name, "settlement", None, None, region.name if region else None,
                           region.country if region else None)
        found.append(PlaceRef(start, end, name, [entry], entry))
    return found


_COMMON_START = frozenset({"the", "a", "an", "this", "that", "its", "their", "his", "her"})


def find_places(text: str, gaz: Gazetteer) -> list[PlaceRef]:
    refs: list[PlaceRef] = []
    taken: list[tuple[int, int]] = []
    for m in [*_REGION_LIST.finditer(text), *_REGIONS_NAMED.finditer(text), *_REGIONS_OF.finditer(text)]:
        names = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m.group(1))
        pos = m.start(1)
        for name in names:
            name = name.strip()
            if not name:
                continue
            region = gaz.region(name)
            start = text.find(name, pos)
            pos = start + len(name)
            if region is not None:
                refs.append(PlaceRef(start, pos, name, [region], region, region_hint=True))
                taken.append((start, pos))
    for m in gaz.find_places(text):
        if any(s <= m.start < e for s, e in taken):
            continue
        if _NAME_PREFIX.search(text[max(0, m.start - 12) : m.start]):
            continue  # "Malaya Loknya" is not Loknya: a longer name the gazetteer lacks
        ref = PlaceRef(m.start, m.end, m.surface, list(m.candidates), tiers=list(m.tiers))
        river = _RIVER_CUE.search(text[max(0, m.start - 40) : m.start])
        if river:  # "the left bank of the Dnipro", "across the Dnipro": the river, not the city
            water = [c for c in gaz.places.lookup(f"{m.surface} River") if c.kind == "water"]
            if water:
                ref.candidates, ref.entry, ref.tiers = water[:1], water[0], None
                ref.reference_only = "bank" in river.group().lower()
        one = _REGION_ONE.match(text, m.start)
        if one and one.start(1) == m.start:
            region = gaz.region(one.group(1))
            if region is not None:
                ref.candidates, ref.entry, ref.region_hint, ref.tiers = [region], region, True, None
        if _REFERENCE.search(text[max(0, m.start - 80) : m.start]) or _LAUNCH_SITE.search(
            text[max(0, m.start - 70) : m.start]
        ):
            ref.reference_only = True
        refs.append(ref)
    refs.extend(_unlisted_villages(text, gaz, refs))
    refs.sort(key=lambda r: r.start)
    for prev, ref in zip(refs, refs[1:], strict=False):
        if prev.reference_only and _LIST_GAP.fullmatch(text[prev.end : ref.start]) and _LAUNCH_SITE.search(
            text[max(0, prev.start - 70) : prev.start]
        ):
            ref.reference_only = True  # "launched from Kursk, Oryol and Primorsko-Akhtarsk"
    return refs


_LIST_GAP = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?")
_FLAG = re.compile(r"\bflag\s+of\s+(?:the\s+)?$|\bflagged\s+(?:in|by)\s+(?:the\s+)?$", re.IGNORECASE)
_FLAGGED = re.compile(r"^(?:-|\s)flagged\b", re.IGNORECASE)


def flag_state(text: str, start: int, end: int) -> bool:
    """A state a ship flies the flag of ("flying the flag of Panama", "a Liberia-flagged
    tanker") is neither a place of the event nor a party to it."""
    return bool(_FLAG.search(text[max(0, start - 20) : start]) or _FLAGGED.match(text[end:]))


_NOT_LOCATIVE = re.compile(
    r"\b(?:thanks|thank|thanked|according|due|owing|next|close|appeal(?:ed)?|"
    r"turned|went|belongs?|ties|relations|threat|support|aid|assistance|help)\s+to\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)


def is_locative(text: str, start: int) -> bool:
    """Whether a name at ``start`` follows a locative preposition ("in eastern Ukraine"), not
    "thanks to" or "according to"."""
    before = text[max(0, start - 45) : start]
    return bool(_LOCATIVE.search(before)) and not _NOT_LOCATIVE.search(before)


_ACTS = re.compile(
    r"^(?:[’']s\s+(?:\w+\s+)?(?:decision|support|aid|position|stance|offer|plan|demands?|revenge|"
    r"retaliat\w*|response|reply|strikes?|attacks?|bombardment|offensive|invasion|war|forces|troops|"
    r"army|military|missiles?|drones?|claims?|allies|ally|envoy|ambassador|sanctions|diplomats?|"
    r"government|leadership|regime|officials?)\b|\s+"
    r"(?:would|will|has|have|had|is|was|says?|said|wants?|agreed|pledged|sent|supplied|announced|"
    r"accused|denied|rejected|called|refused|can|could|may|might|must|should|did|does|launched|"
    r"launches|fired|fires|struck|strikes|hit|hits|attacked|attacks|blamed|blames|warned|warns|"
    r"vowed|vows|threatened|threatens|claimed|claims|insisted|insists|responded|retaliated|"
    r"condemned|condemns|imposed|imposes|expelled|summoned|demanded|demands|urged|urges)\b)",
    re.IGNORECASE,
)
_ACTED_ON = re.compile(
    r"\b(?:to\s+)?(?:punish(?:ed|ing)?|pressure[ds]?|pressuring|press(?:ed|es|ing)?|persuade[ds]?|blam(?:e|ed|ing)|"
    r"accus(?:e|ed|ing)|urg(?:e|ed|ing)|warn(?:ed|ing)?|told|sanction(?:ed|ing)?)\s+$",
    re.IGNORECASE,
)
""""to punish Kyiv", "accused Moscow": a capital acted on by a verb of persuasion or blame is
its state."""


_LAUNCHED_AT = re.compile(r"\b(?:launched|fired|sent)\b[^.;]{0,90}?\bat\s+$", re.IGNORECASE)
_CITY_COMMA = re.compile(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?,\s*$")


_CLOCK = re.compile(r"^\s+time\b")
""""between 07:00 and 08:00 Moscow time": a clock, not a place."""


def is_place(text: str, ref: PlaceRef, actors: list[ActorRef]) -> bool:
    """A country is a place only after a locative preposition ("in Ukraine", not "Ukraine's
    forces"); a name inside a person's or organisation's name ("Vladimir Putin") or before
    "-type"/"-made" is no place at all."""
    if _MODIFIER.match(text[ref.end :]) or _FACILITY.match(text[ref.end :]) or _CLOCK.match(text[ref.end :]):
        return False
    possessive = text[ref.end : ref.end + 2] in ("’s", "'s")
    for a in actors:
        if a.via == "capital" and a.start == ref.start and (
                _ACTS.match(text[ref.end :]) or _ACTED_ON.search(text[max(0, ref.start - 30) : ref.start])):
            return False  # "Washington would keep supporting Ukraine": the state, not the city
        state = getattr(a.entry, "name", None)
        if (a.via == "capital" and (a.start, a.end) == (ref.start, ref.end)
                and all(getattr(c, "country", None) != state for c in ref.candidates)):
            return False  # "the White House" names the US government, not a town abroad so called
        kind = getattr(a.entry, "kind", None)
        if (
            a.start <= ref.start
            and ref.end <= a.end
            and (a.end - a.start) > (ref.end - ref.start)
            and kind not in ("State",)
        ):
            return False
    if ref.region_hint:
        return True
    kinds = {getattr(c, "kind", None) for c in ref.candidates}
    if kinds == {"country"} or (ref.entry is not None and ref.entry.kind == "country"):
        city = _CITY_COMMA.search(text[max(0, ref.start - 40) : ref.start])
        if city and not possessive and is_locative(text, ref.start - len(city.group())):
            return True  # "talks in Jeddah, Saudi Arabia": the country of the city
        if _LAUNCHED_AT.search(text[max(0, ref.start - 80) : ref.start]):
            return False  # "launched 472 drones and seven missiles at Ukraine": the target state
        return is_locative(text, ref.start) and not possessive
    return True
