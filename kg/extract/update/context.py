"""What the sentences of one update lean on together: the regions it names, the regions of the
towns it names, and the surnames it uses for people named in full."""

from __future__ import annotations

import re

from kg.extract.sentence.mentions import SentenceFacts
from kg.extract.sentence.places import ActorRef

__all__ = ["regions_named", "regions_of_towns", "surnames_are_persons"]


def regions_named(facts: SentenceFacts) -> set[str]:
    """Regions a sentence names: "the Kharkiv region", or "Kharkiv Oblast" as the gazetteer
    spells it."""
    out = {p.entry.name for p in facts.places if p.region_hint and p.entry}
    for p in facts.places:
        if not p.reference_only and len(p.candidates) == 1 and p.candidates[0].kind == "region":
            out.add(p.candidates[0].name)
    return out


def regions_of_towns(facts: SentenceFacts) -> set[str]:
    """Regions of the towns a sentence names that can only be in one region: a namesake is
    likelier the one near them ("near Dzerzhinsk, Chasov Yar and Konstantinovka" is Toretsk of
    Donetsk Oblast; "north of Kupyansk near Holubivka" the village of Kharkiv Oblast)."""
    out = set()
    for p in facts.places:
        regions = {c.admin1 for c in p.candidates if c.kind == "settlement"}
        if len(regions) == 1 and None not in regions and all(c.kind == "settlement" for c in p.candidates):
            out |= regions
    return out


_RANKED = re.compile(
    r"\b(?:Gen|General|Lt|Lieut|Lieutenant|Col|Colonel|Maj|Major|Capt|Captain|Adm|Admiral|Sgt|"
    r"Sergeant|Commander|Mr|Mrs|Ms|Dr)\.?\s+(?:(?:Gen|General|Col|Colonel)\.?\s+)?"
    r"(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+)?$"
)
"""A rank or title, with or without a given name, before a surname ("Lt Gen Igor Kirillov")."""


def surnames_are_persons(facts: list[SentenceFacts], texts: list[str]) -> None:
    """Once a person is named in full ("US Defense Secretary Lloyd Austin"), the bare surname
    later in the update is that person, not a place of the same name ("Austin met ...").
    A name after a rank or title ("Lt Gen Igor Kirillov") is a person the gazetteer need not
    know: neither it nor the bare surname after it is a place."""
    by_surname: dict[str, object] = {}
    unknown: set[str] = set()
    for f, text in zip(facts, texts, strict=True):
        for a in f.actors:
            if getattr(a.entry, "kind", None) == "Person" and " " in a.entry.name:
                by_surname.setdefault(a.entry.name.split()[-1], a.entry)
        for p in list(f.places):
            if p.surface in unknown or _RANKED.search(text[max(0, p.start - 40) : p.start]):
                unknown.add(p.surface)
                f.places.remove(p)
                continue
            person = by_surname.get(p.surface)
            if person is None or any(a.start <= p.start < a.end for a in f.actors):
                continue
            f.places.remove(p)
            f.actors.append(ActorRef(p.start, p.end, p.surface, person, "name"))
            f.actors.sort(key=lambda a: a.start)
