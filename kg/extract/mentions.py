"""What one sentence names: places, actors, equipment with quantities, casualties and dates.

Everything is found with the gazetteers and the number and date readers; this module adds
the reading of war-report phrasing around them: coordinated region lists ("the Vinnytsia,
Kyiv and Donetsk regions"), reference points that are not where an event happened ("50 km
northwest of the frontline in Avdiivka"), nationality adjectives that only describe a victim
("a Turkish journalist"), and counts of weapons ("nine missiles", "five of the missiles").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from kg.extract.casualties import find_casualties
from kg.extract.dates import DateRef, find_dates
from kg.extract.gazetteer import Gazetteer
from kg.extract.numbers import parse_number

_REGION_LIST = re.compile(
    r"\b(?:the\s+)?((?:[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?\s*,\s*)*[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?"
    r"\s*,?\s+and\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)\s+(?:regions|oblasts|provinces)\b"
)
_REGION_ONE = re.compile(r"\b([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)\s+(?:region|oblast|province)\b")
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
    r"(?:(?:in|over|off|on|of)\s+)?(?:the\s+)?(?:(?:occupied|Russian-occupied)\s+)?$",
    re.IGNORECASE,
)
"""Where weapons were launched from ("a Kalibr missile fired from a ship in the Black Sea",
"launched from Tu-95 bombers over the Caspian Sea") is not where the strike fell."""
_PERSON_NOUN = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:journalists?|citizens?|nationals?|man|men|woman|women|child(?:ren)?|"
    r"volunteers?|reporters?|photographers?|doctors?|medics?|(?:aid |port |rail |energy )?workers?|"
    r"employees?|drivers?|passengers?|seafarers?|sailors?|crew|students?|tourists?|"
    r"engineers?|civilians?|residents?|family|families|mourners?)\b",
    re.IGNORECASE,
)
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
_N_OF_M = re.compile(
    r"\b([\w-]+)\s+(?:out\s+)?of\s+(?:the\s+)?([\w,-]+)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE
)
_QUANTITY_OF = re.compile(r"(\b[\w-]+|all)\s+of\s+(?:the|these|those|them|its)\s*$", re.IGNORECASE)
_QUANTITY_BEFORE = re.compile(
    r"(\b[\w,.-]+)\s+(?:[A-Z][\w-]*(?:-type|-made|-built|-designed)?\s+|[a-z]+-(?:type|made|built)\s+|"
    r"(?:more|additional|further|new|attack|combat|kamikaze|ballistic|cruise|guided|long-range)\s+)*$"
)


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
class EquipmentRef:
    """Equipment named in a sentence, with the count before it ("nine missiles")."""

    start: int
    end: int
    surface: str
    entry: object
    quantity: int | None = None
    of_the: bool = False
    all_of: bool = False
    launched: int | None = None
    target: bool = False
    """What a strike hit ("damaging two Su-34 bombers", "a landing craft was destroyed"),
    not the means it used."""
    origin: str | None = None
    """For a category noun, the state it is named as coming from ("the North Korean munitions")."""
    definite: bool = False
    """A category noun with a definite article ("the missiles"): weapons told of before."""


@dataclass
class SentenceFacts:
    """Everything one sentence names."""

    places: list[PlaceRef] = field(default_factory=list)
    actors: list[ActorRef] = field(default_factory=list)
    equipment: list[EquipmentRef] = field(default_factory=list)
    casualties: list = field(default_factory=list)
    dates: list = field(default_factory=list)

    statement_dates: set[int] = field(default_factory=set)
    """Starts of dates that date a statement ("said on Aug. 27 that ..."), not the event."""
    vague_dates: set[int] = field(default_factory=set)
    """Starts of words that only say "the page's day" ("overnight", "today")."""

    def date(self) -> DateRef | None:
        """The most precise date the sentence gives, if any: a date of the event before the date
        of a statement about it, and a named day before "overnight" ("overnight on Tuesday")."""
        order = {"day": 0, "month": 1, "year": 2}
        found = [d for d in self.dates if d.ref is not None]
        if not found:
            return None
        best = min(
            found,
            key=lambda d: (
                d.start in self.statement_dates,
                order.get(d.ref.precision, 3),
                d.start in self.vague_dates,
            ),
        )
        return best.ref


def read_sentence(text: str, gaz: Gazetteer, page_date: date | None) -> SentenceFacts:
    """Find what a sentence names."""
    facts = SentenceFacts()
    facts.actors = [
        ActorRef(
            m.start,
            m.end,
            m.surface,
            m.entry,
            m.via,
            describes_person=m.via == "demonym" and bool(_PERSON_NOUN.match(text[m.end :])),
        )
        for m in gaz.find_actors(text)
    ]
    facts.actors = [a for a in facts.actors if not flag_state(text, a.start, a.end)]
    _titled_persons(text, facts.actors)
    facts.places = [
        p
        for p in _places(text, gaz)
        if _is_place(text, p, facts.actors) and not flag_state(text, p.start, p.end)
    ]
    relative = described(text)
    facts.equipment = [
        _equipment(text, m)
        for m in gaz.find_equipment(text)
        if not _futile(text, m.end)
        and not _STORE_OF.match(text[m.end :])
        and not _CONTAINER.search(text[max(0, m.start - 20) : m.start])
        and not any(a <= m.start < b for a, b in relative)
    ]
    facts.casualties = find_casualties(text)
    facts.dates = (
        [d for d in find_dates(text, page_date) if not _AHEAD.match(text[d.start :])] if page_date else []
    )
    for d in facts.dates:
        if _STATEMENT.search(text[max(0, d.start - 40) : d.start]):
            facts.statement_dates.add(d.start)
        if _SAME_DAY.match(text[d.start : d.end]):
            facts.vague_dates.add(d.start)
    return facts


_STATEMENT = re.compile(
    r"\b(?:said|says|reported|announced|told\s+[\w\s]{0,25}?|claimed|confirmed|wrote|stated|added|"
    r"posted|statement)\s+(?:on\s+)?(?:the\s+(?:morning|evening|night)\s+of\s+)?$",
    re.IGNORECASE,
)
_SAME_DAY = re.compile(
    r"(?:overnight|today|tonight|this\s+(?:morning|afternoon|evening)|last\s+night|early[\s-]morning|"
    r"(?:over|in|during)\s+the\s+(?:past|last)\s+(?:day|24\s+hours))$",
    re.IGNORECASE,
)


def _places(text: str, gaz: Gazetteer) -> list[PlaceRef]:
    refs: list[PlaceRef] = []
    taken: list[tuple[int, int]] = []
    for m in _REGION_LIST.finditer(text):
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
        ref = PlaceRef(m.start, m.end, m.surface, list(m.candidates))
        river = _RIVER_CUE.search(text[max(0, m.start - 40) : m.start])
        if river:  # "the left bank of the Dnipro", "across the Dnipro": the river, not the city
            water = [c for c in gaz.places.lookup(f"{m.surface} River") if c.kind == "water"]
            if water:
                ref.candidates, ref.entry = water[:1], water[0]
                ref.reference_only = "bank" in river.group().lower()
        one = _REGION_ONE.match(text, m.start)
        if one and one.start(1) == m.start:
            region = gaz.region(one.group(1))
            if region is not None:
                ref.candidates, ref.entry, ref.region_hint = [region], region, True
        if _REFERENCE.search(text[max(0, m.start - 80) : m.start]) or _LAUNCH_SITE.search(
            text[max(0, m.start - 70) : m.start]
        ):
            ref.reference_only = True
        refs.append(ref)
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


_TITLE_GAP = re.compile(r"^(?:[’']s)?\s+(?:[A-Z][\w.-]*\s+|(?:of|for|to|and|the)\s+){0,5}$")


def _titled_persons(text: str, actors: list[ActorRef]) -> None:
    """A person named after a state's title ("Estonian Prime Minister Kaja Kallas", "Ukraine's
    Sergiy Kyslytsya") belongs to that state in this report, whatever the gazetteer says."""
    for i, a in enumerate(actors):
        if getattr(a.entry, "kind", None) != "Person" or i == 0:
            continue
        prev = actors[i - 1]
        if getattr(prev.entry, "kind", None) == "State" and _TITLE_GAP.match(text[prev.end : a.start]):
            a.state = prev.entry


_STORE_OF = re.compile(
    r"^\s+(?:depots?|dumps?|warehouses?|stores?|storage|factory|factories|plants?|"
    r"facilit(?:y|ies)|sites?|production)\b",
    re.IGNORECASE,
)
"""Weapons named as what a place keeps or makes ("an ammunition depot") are the target's kind."""
_AHEAD = re.compile(
    r"(?:this|next|coming)\s+(?:summer|autumn|fall|winter|spring|year|month)\b|next\b", re.IGNORECASE
)
"""Times still to come ("this summer" in May, "next month") date a plan, not the event."""
_FUTILE = re.compile(
    r"^(?:\s*,\s*(?:and\s+|or\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,2})*\s*[–—-]\s*"
    r"(?:none of (?:it|them|these)|nothing)\b",
    re.IGNORECASE,
)
"""Only the items of the list before the dash: "four Tuna speed boats were hit at once,
aviation, artillery, small arms – none of it worked" lists aviation, artillery and small arms."""
_CONTAINER = re.compile(r"\b(?:fuel|oil|gas|petrol|diesel|storage|water|septic)\s+$", re.IGNORECASE)
""""fuel tanks" are storage, not armour."""
_DESCRIBING = re.compile(
    r"\b(?:that|which)\s+(?:[\w’'-]+\s+){0,3}?(?:uses?|used|carr(?:y|ies|ied)|launch(?:es)?|"
    r"drops?|fires?)\b[^,;.]*",
    re.IGNORECASE,
)
_HIT = re.compile(
    r"\b(?:damag(?:ed|ing|es)|destroy(?:ed|ing|s)|hit(?:ting|s)?|struck|striking|sank|sinking|"
    r"disabl(?:ed|ing))\s+(?:(?!(?:with|by|using|from|in|at|on|near)\b)[\w’'-]+\s+){0,3}$",
    re.IGNORECASE,
)
_WAS_HIT = re.compile(
    r"^\s*(?:[\w-]+\s+)?(?:was|were|has been|have been|had been)\s+(?:\w+\s+)?"
    r"(?:destroyed|damaged|hit|struck|sunk|sank|disabled)\b",
    re.IGNORECASE,
)


def described(text: str) -> list[tuple[int, int]]:
    """Relative clauses that describe a target's use ("two Su-34 bombers that Russia uses to drop
    glide bombs"): the weapons named there are not the event's."""
    return [(m.start(), m.end()) for m in _DESCRIBING.finditer(text)]


def _futile(text: str, end: int) -> bool:
    """Weapons listed as useless ("aviation, artillery, small arms – none of it worked") were
    not what the event used."""
    return bool(_FUTILE.match(text[end:]))


def is_locative(text: str, start: int) -> bool:
    """Whether a name at ``start`` follows a locative preposition ("in eastern Ukraine"), not
    "thanks to" or "according to"."""
    before = text[max(0, start - 45) : start]
    return bool(_LOCATIVE.search(before)) and not _NOT_LOCATIVE.search(before)


_ACTS = re.compile(
    r"^(?:[’']s\s+(?:\w+\s+)?(?:decision|support|aid|position|stance|offer|plan|demands?)\b|\s+"
    r"(?:would|will|has|have|had|is|was|says?|said|wants?|agreed|pledged|sent|supplied|announced|"
    r"accused|denied|rejected|called|refused|can|could|may|might|must|should|did|does)\b)",
    re.IGNORECASE,
)


_LAUNCHED_AT = re.compile(r"\b(?:launched|fired|sent)\b[^.;]{0,90}?\bat\s+$", re.IGNORECASE)
_CITY_COMMA = re.compile(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?,\s*$")


def _is_place(text: str, ref: PlaceRef, actors: list[ActorRef]) -> bool:
    """A country is a place only after a locative preposition ("in Ukraine", not "Ukraine's
    forces"); a name inside a person's or organisation's name ("Vladimir Putin") or before
    "-type"/"-made" is no place at all."""
    if _MODIFIER.match(text[ref.end :]) or _FACILITY.match(text[ref.end :]):
        return False
    possessive = text[ref.end : ref.end + 2] in ("’s", "'s")
    for a in actors:
        if a.via == "capital" and a.start == ref.start and _ACTS.match(text[ref.end :]):
            return False  # "Washington would keep supporting Ukraine": the state, not the city
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


def _equipment(text: str, m) -> EquipmentRef:
    ref = EquipmentRef(m.start, m.end, m.surface, m.entry)
    ref.target = bool(_HIT.search(text[max(0, m.start - 60) : m.start]) or _WAS_HIT.match(text[m.end :]))
    before = text[max(0, m.start - 60) : m.start]
    nm = _N_OF_M.search(before)
    if nm and parse_number(nm.group(1)) is not None and parse_number(nm.group(2).strip(",")) is not None:
        # "downed 20 of 25 drones": 20 of a launch of 25
        ref.of_the, ref.quantity, ref.launched = True, parse_number(nm.group(1)), parse_number(nm.group(2))
        return ref
    of = _QUANTITY_OF.search(before)
    if of:
        word = of.group(1)
        ref.of_the = True
        if word.lower() == "all":
            ref.all_of = True
        else:
            ref.quantity = parse_number(word)
        return ref
    q = _QUANTITY_BEFORE.search(before)
    if q:
        ref.quantity = parse_number(q.group(1).strip(",."))
    return ref
