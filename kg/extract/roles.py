"""Who did what to whom: actor roles from the wording around an event's cue.

The rules read the grammar of war reporting rather than single sentences: a nationality
adjective before the means or the cue names the attacker ("Russian shelling", "a Ukrainian
naval drone"), before a target noun the target ("four Russian patrol boats"); the subject of
an active cue is the agent ("Romania is sending ..."), "to X" the recipient, "against X" the
target of sanctions, "X said" or "according to X" the source of the claim.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.mentions import ActorRef

_TARGET_NOUN = re.compile(
    r"^\s*(?:[\w-]+\s+){0,3}?(?:patrol\s+)?(?:boats?|ships?|vessels?|speedboats?|depots?|refiner(?:y|ies)|"
    r"positions?|bases?|airfields?|air ?bases?|infrastructure|plants?|facilit(?:y|ies)|"
    r"warehouses?|terminals?|ports?|bridges?|headquarters|barracks|units?|troops|soldiers|"
    r"servicemen|convoys?|trains?|substations?|grid|territory|towns?|cities|villages?|"
    r"homes?|buildings?|hospitals?|schools?|border)\b", re.IGNORECASE)
_AGENT_NOUN = re.compile(
    r"^\s*(?:[\w-]+\s+){0,3}?(?:forces|troops|army|military|army's|forces'|attacks?|strikes?|"
    r"shelling|missiles?|drones?|bombs?|artillery|aircraft|jets?|warplanes?|bombers?|"
    r"officials?|government|authorities|air defen[cs]es?|units?|navy|offensive|invasion|"
    r"president|prime minister|minister|ministry|leader|ambassador|delegate|envoy|"
    r"transfer|supplies|deliveries|munitions|weapons|pledge|package|sanctions?|statement|"
    r"ballistic|cruise|naval|sea|attack|kamikaze|guided)\b", re.IGNORECASE)
_SOURCE_BEFORE = re.compile(r"(?:according to|says|said|claimed|reported|told)\s+(?:[\w’'-]+\s+){0,6}$",
                            re.IGNORECASE)
_SOURCE_AFTER = re.compile(r"^[\w\s’'-]{0,60}?\b(?:said|says|claimed|reported|announced|confirmed|"
                           r"stated|told)\b", re.IGNORECASE)
_TO = re.compile(r"\b(?:to|for|into)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,1}$", re.IGNORECASE)
_AGAINST = re.compile(r"\b(?:against|on|targeting|at)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,1}$", re.IGNORECASE)
_BY = re.compile(r"\b(?:by|from)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,1}$", re.IGNORECASE)
_PASSIVE = re.compile(r"\b(?:was|were|been|be|is|are|being|got)\s+(?:\w+\s+)?$", re.IGNORECASE)
_MADE = re.compile(r"^-(?:made|built|designed|type|style|produced|supplied)\b", re.IGNORECASE)

AGENT_ROLE = {
    "Attack": "attacker", "MissileStrike": "attacker", "Shelling": "attacker", "AirStrike": "attacker",
    "DroneStrike": "attacker", "ArmedClash": "attacker", "TerritoryChange": "participant",
    "Interception": "interceptor", "MilitaryAid": "donor", "Sanctions": "imposer",
    "DiplomaticVisit": "visitor", "Agreement": "signatory", "Condemnation": "critic",
}
PATIENT_ROLE = {
    "Attack": "target", "MissileStrike": "target", "Shelling": "target", "AirStrike": "target",
    "DroneStrike": "target", "ArmedClash": "target", "TerritoryChange": "participant",
    "Interception": "attacker", "MilitaryAid": "recipient", "Sanctions": "target",
    "DiplomaticVisit": "host", "Agreement": "signatory", "Condemnation": "accused",
}


@dataclass
class Role:
    """An actor of an event with its role."""

    entry: object
    role: str
    start: int


def usable(ref: ActorRef, text: str) -> bool:
    """Whether a mention names an actor of the event: not a victim's nationality ("a Turkish
    journalist"), not a maker ("US-made"), not a capital standing for nothing but a place."""
    if ref.describes_person:
        return False
    if _MADE.match(text[ref.end:]):
        return False
    return True


def assign(type_: str, text: str, cue_start: int, cue_end: int, passive: bool,
           actors: list[ActorRef]) -> list[Role]:
    """Give each usable actor mention of a sentence a role in an event.

    Args:
        type_: the event type.
        text: the sentence.
        cue_start, cue_end: the span of the cue word(s).
        passive: the cue is a passive verb ("were killed by").
        actors: the sentence's actor mentions.
    """
    roles: list[Role] = []
    agent, patient = AGENT_ROLE[type_], PATIENT_ROLE[type_]
    for ref in actors:
        if not usable(ref, text):
            continue
        before = text[max(0, ref.start - 60):ref.start]
        after = text[ref.end:ref.end + 80]
        role: str | None
        if _SOURCE_BEFORE.search(before) or (ref.start > cue_end and _SOURCE_AFTER.match(after)
                                               and type_ in AGENT_ROLE and not _TO.search(before)):
            role = "source"
        elif _TO.search(before) and type_ in ("MilitaryAid", "DiplomaticVisit"):
            role = "recipient" if type_ == "MilitaryAid" else "host"
        elif _AGAINST.search(before) and ref.start > cue_start:
            role = patient
        elif _BY.search(before) and (passive or ref.start > cue_end):
            role = agent
        elif ref.via == "demonym" or text[ref.end:ref.end + 2] in ("’s", "'s"):
            tail = text[ref.end:].lstrip("’'s ")
            if _TARGET_NOUN.match(tail) and type_ not in ("MilitaryAid", "DiplomaticVisit",
                                                          "Agreement", "Sanctions"):
                role = patient
            elif _AGENT_NOUN.match(tail) or ref.start < cue_end:
                role = agent if ref.start <= cue_end + 40 or _AGENT_NOUN.match(tail) else patient
            else:
                role = patient
        elif ref.start < cue_start:
            role = patient if passive else agent
        else:
            role = agent if passive else patient
        roles.append(Role(ref.entry, role, ref.start))
    return roles
