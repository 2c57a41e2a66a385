"""Actors: states (from the country tables), forces, bodies, companies and people.

Data (``kg/data/``): ``actors.tsv`` (curated), ``countries.tsv`` and ``country_names.tsv``
(names, demonyms and capital metonyms of states).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.gazetteer.phrases import (
    PhraseIndex,
    Token,
    all_upper,
    is_acronym,
    name_key,
    read_tsv,
    split_list,
    tokenize,
)
from kg.records import ACTOR_KINDS, Actor

if TYPE_CHECKING:  # pragma: no cover
    from kg.gazetteer.places import PlaceIndex

VIAS = ("name", "alias", "demonym", "capital")


@dataclass(eq=False, slots=True)
class ActorEntry:
    """One actor of the gazetteer."""

    name: str
    kind: str
    """One of :data:`kg.records.ACTOR_KINDS`."""
    affiliation: str | None = None
    """Canonical name of the state or organisation it belongs to."""
    aliases: list[str] = field(default_factory=list)
    title: str | None = None
    """A person's office, as reporting gives it."""
    demonyms: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)

    def to_actor(self, role: str | None = None) -> Actor:
        """Return the event-record form of this actor, with an optional role."""
        return Actor(name=self.name, kind=self.kind, role=role, affiliation=self.affiliation)

    def __repr__(self) -> str:
        return f"ActorEntry({self.name!r}, {self.kind})"


@dataclass(slots=True)
class ActorMention:
    """An actor named in a text."""

    start: int
    end: int
    surface: str
    entry: ActorEntry
    via: str
    """How it was named: 'name', 'alias', 'demonym' ("Russian") or 'capital' ("Moscow")."""


@dataclass(frozen=True, slots=True)
class _Hit:
    entry: ActorEntry
    via: str
    exact_case: bool


def demonym_plural(word: str) -> str | None:
    """Return the plural noun of a demonym (Russian -> Russians), None when it has none."""
    if word.endswith(("ese", "ish", "ss", "ench", "utch")):
        return None
    return word + "s"


class ActorIndex:
    """All actors, indexed by name, alias, demonym and capital."""

    def __init__(self) -> None:
        self.index: PhraseIndex[_Hit] = PhraseIndex()
        self.by_name: dict[str, ActorEntry] = {}
        self._lookup: dict[str, ActorEntry] = {}

    @classmethod
    def load(cls, places: PlaceIndex) -> ActorIndex:
        """Read ``actors.tsv`` and make a State for each country of ``places``."""
        self = cls()
        extra = {row[0]: row for row in read_tsv("country_names.tsv")}
        for iso2, country in sorted(places.countries.items()):
            more = extra.get(iso2)
            demonyms = split_list(more[3]) if more else []
            capitals = split_list(more[4]) if more else []
            self._add(
                ActorEntry(
                    name=country.name,
                    kind="State",
                    aliases=list(country.aliases),
                    demonyms=demonyms,
                    capitals=capitals,
                )
            )
        for name, kind, affiliation, title, aliases in read_tsv("actors.tsv"):
            if kind not in ACTOR_KINDS:
                raise ValueError(f"actors.tsv: {name!r} has unknown kind {kind!r}")
            self._add(
                ActorEntry(
                    name=name,
                    kind=kind,
                    affiliation=affiliation or None,
                    aliases=split_list(aliases),
                    title=title or None,
                )
            )
        return self

    def _add(self, entry: ActorEntry) -> None:
        self.by_name[entry.name] = entry
        names = [(entry.name, "name")] + [(a, "alias") for a in entry.aliases]
        names += [(d, "demonym") for d in entry.demonyms]
        names += [(p, "demonym") for d in entry.demonyms if (p := demonym_plural(d))]
        names += [(c, "capital") for c in entry.capitals]
        for surface, via in names:
            key = name_key(surface)
            self.index.add(key, _Hit(entry, via, is_acronym(surface)))
            if via in ("name", "alias"):
                self._lookup.setdefault(key, entry)
                self._lookup.setdefault(surface.casefold(), entry)

    def lookup(self, name: str) -> ActorEntry | None:
        """Return the actor of a canonical name or alias (exact, then normalised)."""
        return (
            self.by_name.get(name)
            or self._lookup.get(name.casefold())
            or self._lookup.get(name_key(name))
            or next((h.entry for h in self.index.get(name_key(name))), None)
        )

    def find(self, text: str) -> list[ActorMention]:
        """Find actors named in a text: names need an initial capital, acronyms capitals."""
        tokens = tokenize(text)
        out = []
        for i, j, hits in self.index.search(tokens, _accept):
            hit = min(hits, key=lambda h: (VIAS.index(h.via), h.entry.kind != "State"))
            start, end = tokens[i].start, tokens[j - 1].end
            out.append(ActorMention(start, end, text[start:end], hit.entry, hit.via))
        return out


def _accept(tokens: list[Token], i: int, j: int, hits: list[_Hit]) -> list[_Hit]:
    if not tokens[i].cap:
        return []
    upper = all_upper(tokens, i, j)
    return [h for h in hits if not h.exact_case or upper]
