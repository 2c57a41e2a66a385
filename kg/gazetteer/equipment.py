"""Equipment: weapon systems, platforms and munitions, or their category.

Data: ``kg/data/equipment.tsv`` (curated).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.gazetteer.phrases import PhraseIndex, Token, name_key, plurals, read_tsv, split_list, tokenize
from kg.records import Equipment

CATEGORIES = (
    "Missile",
    "Drone",
    "Bomb",
    "Artillery",
    "Rocket",
    "AirDefence",
    "Aircraft",
    "Helicopter",
    "Vessel",
    "ArmouredVehicle",
    "Tank",
    "Munition",
    "SmallArms",
    "Other",
)
_CUE_WORDS = frozenset(
    {
        "missile",
        "missiles",
        "system",
        "systems",
        "launcher",
        "launchers",
        "battery",
        "batteries",
        "air",
        "defense",
        "tank",
        "tanks",
        "howitzer",
        "howitzers",
        "gun",
        "guns",
        "drone",
        "drones",
        "rocket",
        "rockets",
        "jet",
        "jets",
        "aircraft",
        "fighter",
        "fighters",
        "bomber",
        "bombers",
        "helicopter",
        "helicopters",
        "vehicle",
        "vehicles",
        "interceptor",
        "interceptors",
        "sam",
        "artillery",
        "fired",
        "launched",
        "shot",
        "downed",
        "destroyed",
        "struck",
        "hit",
        "delivered",
        "supplied",
        "sent",
        "pledged",
        "complex",
        "complexes",
        "munitions",
        "ammunition",
        "shells",
        "strike",
        "strikes",
        "warship",
        "ship",
        "boat",
        "cruiser",
        "corvette",
        "armored",
        "intercepted",
        "supply",
        "deliveries",
        "units",
        "weapons",
        "weapon",
        "mlrs",
        "attack",
        "attacks",
    }
)
_WINDOW = 5


@dataclass(eq=False, slots=True)
class EquipmentEntry:
    """One weapon system, platform or munition, or a category noun."""

    name: str
    category: str
    aliases: list[str] = field(default_factory=list)
    generic: bool = False
    """A category noun ("drone", "guided aerial bomb") rather than a named system."""
    origin: list[str] = field(default_factory=list)
    """The producing countries of a named system, as the actor gazetteer names states."""

    def to_equipment(self, quantity: int | None = None) -> Equipment:
        """Return the event-record form of this equipment, with an optional quantity."""
        return Equipment(name=self.name, category=self.category, quantity=quantity)

    def __repr__(self) -> str:
        return f"EquipmentEntry({self.name!r}, {self.category})"


@dataclass(slots=True)
class EquipmentMention:
    """Equipment named in a text. A system followed by a category noun ("S-300 missile",
    "M577 armored personnel carriers") is one mention of the system."""

    start: int
    end: int
    surface: str
    entry: EquipmentEntry


@dataclass(frozen=True, slots=True)
class _Hit:
    entry: EquipmentEntry
    proper: bool
    """Written with a capital or a digit first ("Patriot", "S-300"): must be so in the text."""
    needs_cue: bool


class EquipmentIndex:
    """All equipment, indexed by name and alias (with plurals)."""

    def __init__(self) -> None:
        self.index: PhraseIndex[_Hit] = PhraseIndex()
        self.by_name: dict[str, EquipmentEntry] = {}

    @classmethod
    def load(cls) -> EquipmentIndex:
        """Read ``kg/data/equipment.tsv``."""
        self = cls()
        for row in read_tsv("equipment.tsv"):
            name, category, generic, cue, aliases = row[:5]
            origin = row[5] if len(row) > 5 else ""  # a table without the column has no origins
            if category not in CATEGORIES:
                raise ValueError(f"equipment.tsv: {name!r} has unknown category {category!r}")
            entry = EquipmentEntry(name, category, split_list(aliases), generic == "1", split_list(origin))
            self.by_name[name] = entry
            for surface in [name, *entry.aliases]:
                key = name_key(surface)
                proper = surface[0].isupper() or surface[0].isdigit()
                hit = _Hit(entry, proper, cue == "1" and " " not in key)
                for k in (key, *plurals(key)):
                    self.index.add(k, hit)
        return self

    def lookup(self, name: str) -> EquipmentEntry | None:
        """Return the entry of a name or alias, singular or plural ("Patriots")."""
        found = self.by_name.get(name)
        if found:
            return found
        hits = self.index.get(name_key(name))
        return hits[0].entry if hits else None

    def find(self, text: str) -> list[EquipmentMention]:
        """Find equipment in a text, longest names first, systems before categories."""
        tokens = tokenize(text)
        spans: list[tuple[int, int, EquipmentEntry]] = []
        for i, j, hits in self.index.search(tokens, _accept):
            entry = min(hits, key=lambda h: h.entry.generic).entry
            if not entry.generic or not spans:
                spans.append((i, j, entry))
                continue
            pi, pj, prev = spans[-1]
            if pj == i and not prev.generic and _joined(text, tokens[pj - 1], tokens[i]):
                spans[-1] = (pi, j, prev)  # "S-300 missile": the system, named with its kind
            else:
                spans.append((i, j, entry))
        return [
            EquipmentMention(
                tokens[i].start, tokens[j - 1].end, text[tokens[i].start : tokens[j - 1].end], entry
            )
            for i, j, entry in spans
        ]


_AGE_UNITS = frozenset({"year", "years", "month", "months", "week", "weeks", "day", "days"})


def _joined(text: str, a: Token, b: Token) -> bool:
    return text[a.end : b.start].strip(" -–") == ""


def _accept(tokens: list[Token], i: int, j: int, hits: list[_Hit]) -> list[_Hit]:
    first = tokens[i]
    if j + 1 < len(tokens) and tokens[j - 1].norm.isdigit() and tokens[j].norm in _AGE_UNITS:
        return []  # "a 50-year-old man", "a 3-month-old baby": an age, not the A-50
    kept = []
    for h in hits:
        if h.proper and not first.cap:
            continue
        if not h.proper and first.cap and not first.initial and not first.upper:
            continue  # "Shell" the company, not a shell
        if h.needs_cue and not _cue_near(tokens, i, j):
            continue
        kept.append(h)
    return kept


def _cue_near(tokens: list[Token], i: int, j: int) -> bool:
    window = tokens[max(0, i - _WINDOW) : i] + tokens[j : j + _WINDOW]
    return any(t.norm in _CUE_WORDS for t in window)
