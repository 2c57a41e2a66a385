"""What one sentence names: places, actors, equipment with quantities, casualties and dates.

Everything is found with the gazetteers and the number and date readers; which names are
places of the events is :mod:`kg.extract.sentence.places`' reading. This module adds the reading of
war-report phrasing around the rest: nationality adjectives that only describe a victim ("a
Turkish journalist"), counts of weapons ("nine missiles", "five of the missiles"), weapons that
are a target's kind ("an ammunition depot"), and dates of statements rather than events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from kg.extract.casualties.figures import find_casualties
from kg.extract.sentence.places import ActorRef, PlaceRef, find_places, flag_state, is_place
from kg.extract.text.dates import DateRef, find_dates
from kg.extract.text.numbers import parse_number
from kg.gazetteer.actors import ActorEntry
from kg.gazetteer.lookup import Gazetteer

_PERSON_NOUN = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:journalists?|citizens?|nationals?|man|men|woman|women|child(?:ren)?|"
    r"volunteers?|reporters?|photographers?|doctors?|medics?|(?:aid |port |rail |energy )?workers?|"
    r"employees?|drivers?|passengers?|seafarers?|sailors?|crew|students?|tourists?|"
    r"engineers?|civilians?|residents?|family|families|mourners?)\b",
    re.IGNORECASE,
)
_N_OF_M = re.compile(
    r"\b([\w-]+)\s+(?:out\s+)?of\s+(?:the\s+)?([\w,-]+)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE
)
_QUANTITY_OF = re.compile(r"(\b[\w-]+|all)\s+of\s+(?:the|these|those|them|its)\s*$", re.IGNORECASE)
_QUANTITY_BEFORE = re.compile(
    r"(\b[\w,.-]+)\s+(?:[A-Z][\w-]*(?:-type|-made|-built|-designed)?\s+|[a-z]+-(?:type|made|built)\s+|"
    r"(?:more|additional|further|new|attack|combat|kamikaze|ballistic|cruise|guided|long-range)\s+)*$"
)


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
    _office_holders(text, facts.actors, gaz)
    _titled_persons(text, facts.actors)
    facts.places = [
        p
        for p in find_places(text, gaz)
        if is_place(text, p, facts.actors) and not flag_state(text, p.start, p.end)
    ]
    relative = described(text)
    facts.equipment = [
        _equipment(text, m)
        for m in gaz.find_equipment(text)
        if not _futile(text, m.end)
        and not _STORE_OF.match(text[m.end :])
        and not _CONTAINER.search(text[max(0, m.start - 20) : m.start])
        and not _NOT_THE_WEAPON.match(text[m.end :])
        and not _SERVED_PLATFORM.search(text[max(0, m.start - 40) : m.start])
        and not any(a <= m.start < b for a, b in relative)
    ]
    facts.actors = [a for a in facts.actors if not _maker(text, a, facts.equipment)]
    facts.casualties = find_casualties(text)
    facts.dates = (
        [d for d in find_dates(text, page_date)
         if not _AHEAD.match(text[d.start :]) and not _DUE.search(text[max(0, d.start - 40) : d.start])]
        if page_date else []
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


OFFICE = (
    r"(?:(?:deputy|vice|acting|first|former)[\s-]+)?(?:"
    r"(?:prime|foreign|defen[cs]e|interior|economy|finance|energy|justice|health|trade|"
    r"infrastructure|culture|digital|agriculture|veterans|environment|european\s+affairs)\s+minister|"
    r"minister(?:\s+(?:of|for)\s+[A-Z][\w-]+(?:\s+(?:and|of)\s+[A-Z][\w-]+){0,3})?|"
    r"(?:foreign|defen[cs]e|home)\s+secretary|secretary\s+of\s+state|secretary[\s-]general|"
    r"(?:high\s+)?(?:commissioner|representative)|chancellor|premier|president|"
    r"spokes(?:man|woman|person)|governor|mayor|ambassador|envoy|head|"
    r"(?:army\s+|military\s+|commander[\s-]in[\s-])?chief|commander|senator|speaker|"
    r"(?:lieutenant\s+|major\s+)?general|admiral|colonel)"
)
_NAME = r"[A-Z][a-zà-öø-ÿ’']+(?:-[A-Z]?[a-zà-öø-ÿ]+)?"
_FULL_NAME = rf"{_NAME}(?:\s+(?:von\s+der|van\s+der|von|van|de|da|di|al|bin)\s+|\s+){_NAME}(?:\s+{_NAME})?"
_TITLED_NAME = re.compile(rf"(?i:\b{OFFICE}),?\s+({_FULL_NAME})(?![\w-])")
"""A full name right after an office ("Czech President Petr Pavel", "foreign minister,
Gabrielius Landsbergis")."""
_NAME_THEN_OFFICE = re.compile(
    rf"\b({_FULL_NAME}),\s+(?:the\s+|a\s+)?(?:[A-Za-z][\w-]*(?:['’]s)?\s+){{0,3}}(?i:{OFFICE})\b"
)
"""A full name followed by its office in apposition ("Antonio Tajani, Italy's foreign minister")."""
_TITLE_GAP = re.compile(
    rf"^(?:[’']s)?\s+(?:[A-Z][\w.-]*\s+|(?:of|for|to|and|the)\s+){{0,5}}$|"
    rf"^(?:[’']s)?\s+(?:the\s+)?(?:(?:newly\s+)?(?:appointed|elected)\s+|new\s+|outgoing\s+)?(?i:{OFFICE}),?\s+$"
)
_OFFICE_AFTER = re.compile(rf"^(?:[’']s)?\s+(?i:{OFFICE})\b(?!\s+[A-Z])")
"""An office in apposition after a name ("..., Italy's foreign minister"), not the title of the next
name of a list ("Friedrich Merz, UK Prime Minister Keir Starmer")."""


def _office_holders(text: str, actors: list[ActorRef], gaz: Gazetteer) -> None:
    """A person the gazetteer does not know is still a person where grammar says so: a full name
    right after an office or with its office in apposition. The name's words are then not a
    place ("Governor Volodymyr Kudrytskyi" names no Volodymyr-Volynskyi)."""
    taken = [(a.start, a.end) for a in actors]
    found = []
    for pattern in (_TITLED_NAME, _NAME_THEN_OFFICE):
        for m in pattern.finditer(text):
            start, end = m.span(1)
            name = re.sub(r"\s+", " ", m.group(1))
            if any(a < end and start < b for a, b in taken) or gaz.places.lookup(name):
                continue  # "Chasiv Yar, the town's mayor said": a place, not a name
            taken.append((start, end))
            found.append(ActorRef(start, end, m.group(1), ActorEntry(name, "Person"), "name"))
    if found:
        actors.extend(found)
        actors.sort(key=lambda a: a.start)


def _titled_persons(text: str, actors: list[ActorRef]) -> None:
    """A person named after a state's title ("Estonian Prime Minister Kaja Kallas", "Ukraine's
    Sergiy Kyslytsya", "Lithuania's foreign minister, Gabrielius Landsbergis") or followed by
    it ("Antonio Tajani, Italy's foreign minister") belongs to that state in this report,
    whatever the gazetteer says."""
    for i, a in enumerate(actors):
        if getattr(a.entry, "kind", None) != "Person":
            continue
        prev = actors[i - 1] if i > 0 else None
        nxt = actors[i + 1] if i + 1 < len(actors) else None
        if (
            prev is not None
            and getattr(prev.entry, "kind", None) == "State"
            and _TITLE_GAP.match(text[prev.end : a.start])
        ):
            a.state = prev.entry
        elif (
            nxt is not None
            and getattr(nxt.entry, "kind", None) == "State"
            and re.fullmatch(r",\s+(?:the\s+)?", text[a.end : nxt.start])
            and _OFFICE_AFTER.match(text[nxt.end :])
        ):
            a.state = nxt.entry


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
_DUE = re.compile(
    r"\b(?:due|scheduled|set|expected|planned)\s+(?:to\s+[a-z]+\s+)?(?:on|for)\s+$", re.IGNORECASE
)
"""A day something is due or scheduled on ("are due on Monday to hold talks", "are due to start
on Sunday") is still to come: it dates a plan, not the event, and is no past weekday."""
_FUTILE = re.compile(
    r"^(?:\s*,\s*(?:and\s+|or\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,2})*\s*[–—-]\s*"
    r"(?:none of (?:it|them|these)|nothing)\b",
    re.IGNORECASE,
)
"""Only the items of the list before the dash: "four Tuna speed boats were hit at once,
aviation, artillery, small arms – none of it worked" lists aviation, artillery and small arms."""
_NOT_THE_WEAPON = re.compile(
    r"^(?:[\s-]+(?:fighter\s+)?(?:jets?|tanks?|systems?))?\s+(?:flight\s+)?(?:pilots?|crews?|simulators?|"
    r"training|trainers?|instructors?|coalition|mechanics|technicians|operators?)\b",
    re.IGNORECASE,
)
"""A system naming the people or training around it ("F-16 pilots", "four F-16 flight simulators",
"the Patriot crews") is not the weapon itself."""
_SERVED_PLATFORM = re.compile(
    r"\b(?:missiles?|munitions?|ammunition|shells|bombs|spare\s+parts|parts|engines?|fuel)\s+for\s+"
    r"(?:its|their|his|Ukraine['’]s|Kyiv['’]s|the\s+country['’]s)\s+(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
"""The platform a supply is for ("air-to-air missiles for its F-16 fighter jets") is not what
was supplied."""
_MAKER_LINK = re.compile(r"^(?:[\s-]*(?:made|built|designed|produced|supplied))?[\s-]+$", re.IGNORECASE)
_MADE = re.compile(r"[\s-]*(?:made|built|designed|produced|supplied)\b", re.IGNORECASE)
_SIDES = frozenset({"Russia", "Ukraine"})
_HANDED_OVER = re.compile(
    r"\b(?:deliver|send|sent|pledg|suppl|donat|transfer|provid|hand|packages?\b|aid\b)", re.IGNORECASE
)


def _maker(text: str, a: ActorRef, equipment: list[EquipmentRef]) -> bool:
    """A third country named as the maker of a weapon ("British Storm Shadow missiles", "US-made
    ATACMS") is no party to a strike with it; where the weapon is handed over, the maker may be
    the donor, and stays."""
    if a.via != "demonym" and not _MADE.match(text[a.end :]):
        return False
    if getattr(a.entry, "kind", None) != "State" or a.entry.name in _SIDES or _HANDED_OVER.search(text):
        return False
    for e in equipment:
        if e.start >= a.end and _MAKER_LINK.match(text[a.end : e.start]) is not None:
            return a.entry.name in (getattr(e.entry, "origin", None) or [])
    return False


_CONTAINER = re.compile(r"\b(?:fuel|oil|gas|petrol|diesel|storage|water|septic)\s+$", re.IGNORECASE)
""""fuel tanks" are storage, not armour."""
_DESCRIBING = re.compile(
    r"\b(?:that|which)\s+(?:[\w’'-]+\s+){0,3}?(?:uses?|used|carr(?:y|ies|ied)|launch(?:es)?|"
    r"drops?|fires?)\b[^,;.]*",
    re.IGNORECASE,
)
_CAPABLE = re.compile(
    r"\b(?:able|capable|designed|meant|built)\s+(?:of|to)\s+(?:[\w’'-]+\s+(?:and\s+)?){0,3}?"
    r"(?:stop(?:ping)?|detect(?:ing)?|destroy(?:ing)?|intercept(?:ing)?|shoot(?:ing)?\s+down|"
    r"down(?:ing)?|counter(?:ing)?|defend(?:ing)?\s+against|protect(?:ing)?\s+against|jam(?:ming)?)\b[^,;.]*",
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
    glide bombs") and what a system can counter ("a Patriot battery, able to destroy incoming
    missiles", "systems able to stop drones"): the weapons named there are not the event's."""
    return [
        (m.start(), m.end())
        for rx in (_DESCRIBING, _CAPABLE)
        for m in rx.finditer(text)
        if not _SAID.search(text, max(0, m.start() - 40), m.start())
    ]


_SAID = re.compile(
    r"\b(?:said|says|added|stated|reported|claimed|wrote|confirmed|announced|told\s+\w+)"
    r"(?:\s+[\w,]+){0,3}?\s*$",
    re.IGNORECASE,
)
"""A speech verb before "that": what follows is what was said ("Yermak said afterwards that
Russia had used Shahed drones"), not a clause describing a thing."""


def _futile(text: str, end: int) -> bool:
    """Weapons listed as useless ("aviation, artillery, small arms – none of it worked") were
    not what the event used."""
    return bool(_FUTILE.match(text[end:]))


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
