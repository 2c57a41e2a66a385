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

from kg.extract.sentence.mentions import OFFICE
from kg.extract.sentence.places import ActorRef

_TARGET_NOUN = re.compile(
    r"^\s*(?:[\w-]+\s+){0,3}?(?:patrol\s+)?(?:boats?|ships?|vessels?|speedboats?|depots?|refiner(?:y|ies)|"
    r"positions?|bases?|airfields?|air ?bases?|infrastructure|plants?|facilit(?:y|ies)|"
    r"warehouses?|terminals?|ports?|bridges?|headquarters|barracks|units?|troops|soldiers|"
    r"servicemen|convoys?|trains?|substations?|grid|territory|towns?|cities|villages?|"
    r"homes?|buildings?|hospitals?|schools?|border)\b",
    re.IGNORECASE,
)
_AGENT_NOUN = re.compile(
    r"^\s*(?:[\w-]+\s+){0,3}?(?:forces|troops|army|military|army's|forces'|attacks?|strikes?|"
    r"shelling|missiles?|drones?|bombs?|artillery|aircraft|jets?|warplanes?|bombers?|"
    r"officials?|government|authorities|air defen[cs]es?|units?|navy|offensive|invasion|"
    r"president|prime minister|minister|ministry|leader|ambassador|delegate|envoy|"
    r"transfer|supplies|deliveries|munitions|weapons|pledge|package|sanctions?|statement|"
    r"ballistic|cruise|naval|sea|attack|kamikaze|guided)\b",
    re.IGNORECASE,
)
_SOURCE_BEFORE = re.compile(
    r"(?:according to|says|said|claimed|reported|told)\s+"
    r"(?!(?:it|its|they|their|he|his|she|her|we|our|that)\b)"
    r"(?:[\w’'-]+\s+){0,6}$",
    re.IGNORECASE,
)
_SOURCE_AFTER = re.compile(  # "..., the governor, Vadym Filashkin, said": an apposition's comma
    r"^(?:,\s*)?[\w\s’'-]{0,60}?\b(?:said|says|claimed|reported|announced|confirmed|"
    r"stated|told)\b",
    re.IGNORECASE,
)
_TO = re.compile(r"\b(?:to|for|into)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,1}$", re.IGNORECASE)
_AGAINST = re.compile(r"\b(?:against|on|targeting|at)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,1}$", re.IGNORECASE)
_WAR_AGAINST = re.compile(
    r"\b(?:war|invasion|aggression|attacks?|strikes?|offensive)\s+(?:against|on)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_BY = re.compile(r"\b(?:by|from)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,1}$", re.IGNORECASE)
_PASSIVE = re.compile(r"\b(?:was|were|been|be|is|are|being|got)\s+(?:\w+\s+)?$", re.IGNORECASE)
_MADE = re.compile(r"^-(?:made|built|designed|type|style|produced|supplied|backed|based)\b", re.IGNORECASE)
_NAMED_AFTER = re.compile(
    r"^\s+(?:Square|Street|Avenue|Prospect|Airport|Bridge|Order|Prize|Medal|Foundation|"
    r"University|Stadium|Park|Station|Boulevard|Palace|Center|Centre)\b"
)
_THANKS = re.compile(r"\bthank(?:s|ed|ing)?\s+(?:to\s+)?(?:the\s+)?$", re.IGNORECASE)
_THANKS_ANY = re.compile(r"\bthank(?:s|ed|ing)?\b", re.IGNORECASE)
_USER_AFTER = re.compile(
    r"^(?:[’']s)?\s+(?:is\s+|are\s+|was\s+|were\s+|has\s+(?:been\s+)?)?"
    r"(?:using|uses|used|resorting to|resorted to|receiving|received|acquiring|acquired|"
    r"buying|bought|obtaining|obtained|getting|got)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(
    r"[;:—–(]|,\s|\b(?:after|while|as|because|amid|despite|following)\b", re.IGNORECASE
)
_NP_END = re.compile(r"\s(?:in|on|at|over|for|amid|during|and|but|as|while|after|with|to)\s|[,;:—–(.]")
_TYPE_AGENT_NOUNS = {
    "MilitaryAid": r"pledge|package|aid|assistance|transfers?|suppl(?:y|ies)|deliver(?:y|ies)|donation",
    "Sanctions": r"sanctions?|package|measures",
    "DiplomaticVisit": r"visit|trip|tour|stay|delegation",
    "Agreement": r"delegation|signing",
    "Condemnation": r"statement|condemnation|criticism",
}
_TITLE_NOUNS = (
    r"government|officials?|president|prime minister|(?:\w+ )?minister|ministry|leader|"
    r"ambassadors?|council|commission|treasury|chancellor|king|head|delegate|envoy|office|"
    r"spokes(?:person|man|woman)|mission|representative|armed forces|military|army|navy"
)
_GOODS = r"munitions|missiles?|shells|weapons|drones|arms|ammunition|tanks|systems?|rockets?"
_ACCUSED_NOUNS = (
    r"use|decision|actions?|aggression|invasion|attacks?|strikes?|transfer|suppl(?:y|ies)|support|"
    r"war|violations?|crimes?|deportations?|occupation|annexation|shelling|bombing|"
    r"ambassador|envoy|charg[ée]\s+d['’]affaires|diplomats?"
)


AGENT_ROLE = {
    "Attack": "attacker",
    "MissileStrike": "attacker",
    "Shelling": "attacker",
    "AirStrike": "attacker",
    "DroneStrike": "attacker",
    "ArmedClash": "attacker",
    "TerritoryChange": "participant",
    "Interception": "interceptor",
    "MilitaryAid": "donor",
    "Sanctions": "imposer",
    "DiplomaticVisit": "visitor",
    "Agreement": "signatory",
    "Condemnation": "critic",
}
PATIENT_ROLE = {
    "Attack": "target",
    "MissileStrike": "target",
    "Shelling": "target",
    "AirStrike": "target",
    "DroneStrike": "target",
    "ArmedClash": "target",
    "TerritoryChange": "participant",
    "Interception": "attacker",
    "MilitaryAid": "recipient",
    "Sanctions": "target",
    "DiplomaticVisit": "host",
    "Agreement": "signatory",
    "Condemnation": "accused",
}


@dataclass
class Role:
    """An actor of an event with its role."""

    entry: object
    role: str
    start: int


def usable(ref: ActorRef, text: str) -> bool:
    """Whether a mention names an actor of the event: not a victim's nationality ("a Turkish
    journalist"), not a maker ("US-made"), not a place ("in eastern Ukraine", "in Kyiv"), not
    part of a name ("Kim Il-sung Square")."""
    from kg.extract.sentence.places import is_locative

    if ref.describes_person:
        return False
    if _MADE.match(text[ref.end :]) or _NAMED_AFTER.match(text[ref.end :]):
        return False
    if (
        ref.via != "demonym"
        and text[ref.end : ref.end + 2] not in ("’s", "'s")
        and is_locative(text, ref.start)
        and not _DIRECTED.search(text[max(0, ref.start - 30) : ref.start])
        and not _LAUNCHED_AT.search(text[max(0, ref.start - 80) : ref.start])
    ):
        return False
    return True


def _possessive(text: str, ref: ActorRef) -> bool:
    return ref.via == "demonym" or text[ref.end : ref.end + 2] in ("’s", "'s")


_SELF = re.compile(r"^\s+(?:that\s+)?(?:it|they|its\s+\w+|their\s+\w+)\b", re.IGNORECASE)
_LAUNCHED_BY = re.compile(r"\b(?:launched|fired|sent)\s+by\s+(?:the\s+)?$", re.IGNORECASE)
_STRIKES = ("Attack", "MissileStrike", "Shelling", "AirStrike", "DroneStrike")
_LAUNCHED_AT = re.compile(r"\b(?:launched|fired|sent)\b[^.;]{0,60}?\bat\s+$", re.IGNORECASE)
""""launched 472 drones at Ukraine": the state aimed at, not a place."""
_DIRECTED = re.compile(r"\b(?:to|from|towards?)\s+(?:the\s+)?$", re.IGNORECASE)
_WEAPON = re.compile(
    r"(?:[\w-]+\s+){0,2}?(?:drones?|missiles?|rockets?|UAVs?|aircraft|jets?|bombers?|"
    r"helicopters?|Shaheds?)\b",
    re.IGNORECASE,
)
_POSSESSIVE_S = re.compile(r"^(?:[’']s)?\s*")


def _tail(text: str, ref: ActorRef) -> str:
    """The words after a mention, without its possessive "'s"."""
    rest = text[ref.end :]
    return rest[_POSSESSIVE_S.match(rest).end() :]


def _head_noun(text: str, ref: ActorRef, nouns: str) -> bool:
    tail = _tail(text, ref)
    return bool(re.match(r"(?:[\w-]+\s+){0,3}?(?:" + nouns + r")s?\b", tail, re.IGNORECASE))


def _same_clause(text: str, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return not _CLAUSE_BREAK.search(text[lo:hi])


def _assign_strict(
    type_: str, text: str, cue_start: int, cue_end: int, passive: bool, ref: ActorRef
) -> str | None:
    """Roles in aid, sanctions, visits, agreements and condemnations: only where the grammar
    says so, so that actors merely mentioned ("the invasion of Ukraine") stay out."""
    agent, patient = AGENT_ROLE[type_], PATIENT_ROLE[type_]
    if type_ == "DiplomaticVisit" and text[cue_start:cue_end].lower().startswith("host"):
        agent, patient = patient, agent  # "Erdogan hosted Zelenskyy"
    before = text[max(0, ref.start - 60) : ref.start]
    if type_ == "MilitaryAid" and _THANKS.search(before):
        return agent
    if type_ == "MilitaryAid" and _USER_AFTER.match(text[ref.end :]):
        return patient
    possessive = _possessive(text, ref)
    if (
        type_ == "MilitaryAid"
        and ref.start < cue_start
        and _THANKS_ANY.search(text[ref.end : cue_start])
        and not _THANKS.search(before)
        and not _THANKS_ANY.search(text[: ref.start])
        and _same_clause(text, 0, ref.start)
        and ref.start < 60
    ):
        return patient  # the subject of "Zelenskiy ... thanks to Riga for military assistance"
    if not possessive and _TO.search(before) and ref.start > cue_start:
        return {"MilitaryAid": patient, "DiplomaticVisit": patient, "Agreement": agent}.get(type_)
    if re.search(r"\bwith\s+(?:the\s+)?$", before) and type_ in ("DiplomaticVisit", "Agreement"):
        return patient if type_ == "DiplomaticVisit" else agent
    if (
        _AGAINST.search(before)
        and ref.start > cue_start
        and type_ in ("Sanctions", "Condemnation")
        and not _WAR_AGAINST.search(before)  # "Russia's war against Ukraine": the war's victim
    ):
        if type_ == "Sanctions" or before.rstrip().lower().endswith("against"):
            return patient
    if _BY.search(before) and (passive or ref.start > cue_end) and not possessive:
        return agent
    if possessive:
        if type_ == "Condemnation" and ref.start >= cue_end and _head_noun(text, ref, _ACCUSED_NOUNS):
            return patient
        if _head_noun(text, ref, _TYPE_AGENT_NOUNS[type_]):
            return "owner:" + agent
        if (
            ref.start < cue_start
            and _same_clause(text, ref.end, cue_start)
            and _head_noun(text, ref, _TITLE_NOUNS)
        ):
            return patient if passive else agent
        if type_ == "MilitaryAid" and ref.via == "demonym" and _head_noun(text, ref, _GOODS):
            return agent  # "North Korean munitions": their origin
        if ref.start < cue_start:
            return None
    if type_ == "Condemnation" and ref.start >= cue_end:
        np = _NP_END.search(text, cue_end + 1)
        if ref.start < (np.start() if np else len(text)):
            return patient
        return None
    if ref.start < cue_start and _same_clause(text, ref.end, cue_start) and cue_start - ref.end < 120:
        return patient if passive else agent
    if (ref.start < cue_start and _APPOSED.search(text[: ref.start])
            and re.fullmatch(r",\s*", text[ref.end : cue_start])):
        return patient if passive else agent  # "Portugal's foreign minister, Paulo Rangel, condemned"
    if (type_ == "DiplomaticVisit" and ref.start < cue_start
            and _OFFICE_APPOSED.fullmatch(text, ref.end, cue_start)):
        return agent  # "Rishi Sunak, the British Prime Minister, travelled to Kyiv"
    if type_ == "Agreement" and ref.start < cue_start:
        return agent
    if cue_end <= ref.start <= cue_end + 30 and not possessive and type_ != "MilitaryAid":
        return agent if passive else patient
    if type_ == "MilitaryAid" and cue_end <= ref.start <= cue_end + 12 and not possessive:
        return patient  # "give Ukraine ..."
    return None


_LIST_GLUE = re.compile(
    rf"(?:[’']s)?\s*(?:,\s*)?(?:and\s+)?(?:(?:the|newly|appointed|new|outgoing)\s+)*(?:(?i:{OFFICE})\s*)?,?\s*",
)
"""What joins one name of a list to the next: a comma or "and", an office ("Germany's newly appointed
Chancellor", "France's president,")."""


def _listed_visitors(
    text: str, cue_start: int, agent: str, actors: list[ActorRef], roles: list[Role]
) -> None:
    """Leaders listed before a visit's verb ("Macron, Germany's Chancellor Friedrich Merz, UK Prime
    Minister Keir Starmer and Polish Prime Minister Donald Tusk travelled to Kyiv") are all its
    visitors, as the last of them is."""
    before = sorted((a for a in actors if a.end <= cue_start), key=lambda a: a.start)
    given = {r.start for r in roles if r.role == agent}
    for i in range(len(before) - 1, 0, -1):
        later, earlier = before[i], before[i - 1]
        if later.start not in given or earlier.start in given:
            continue
        if not _LIST_GLUE.fullmatch(text[earlier.end : later.start]):
            continue
        roles[:] = [r for r in roles if r.start != earlier.start]
        roles.append(Role(earlier.entry, agent, earlier.start))
        given.add(earlier.start)


_APPOSED = re.compile(rf"(?i:{OFFICE}),\s+$")
"""An office and the comma that opens its holder's name in apposition."""
_OFFICE_APPOSED = re.compile(rf",\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,2}}?(?i:{OFFICE}),\s*")
"""A name's office in apposition between the name and its verb ("Rishi Sunak, the British Prime
Minister, travelled")."""
_SAYS = re.compile(r"(?:said|says|saying|stated|wrote|added)\b", re.IGNORECASE)


def assign(
    type_: str, text: str, cue_start: int, cue_end: int, passive: bool, actors: list[ActorRef]
) -> list[Role]:
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
    if type_ == "DiplomaticVisit" and text[cue_start:cue_end].lower().startswith("host"):
        agent, patient = patient, agent  # "Erdogan hosted Zelenskyy"
    strict = type_ in _TYPE_AGENT_NOUNS
    for ref in actors:
        if not usable(ref, text):
            continue
        before = text[max(0, ref.start - 60) : ref.start]
        after = text[ref.end : ref.end + 80]
        role: str | None
        said = _SOURCE_AFTER.match(after)
        if type_ == "Condemnation" and ref.end <= cue_start and _SAYS.match(text, cue_start):
            role = "critic"  # "Antonio Tajani, Italy's foreign minister, said the attacks were a war crime"
        elif said and _SELF.match(after[said.end() :]) and ref.end + said.end() <= cue_start:
            role = agent  # "Denmark announced it will give ...": the speaker does it
        elif (_SOURCE_BEFORE.search(before) and ref.start > cue_end) or (
            said and not _TO.search(before) and (ref.start > cue_end or ref.end + said.end() <= cue_start)
        ):
            # "..., says HUR" / "HUR said the boat was damaged"; who says a condemnation makes it
            role = "critic" if type_ == "Condemnation" else "source"
        elif type_ == "Agreement":
            role = agent  # every party named to an agreement signs it
        elif _LAUNCHED_BY.search(before) and type_ in ("Interception",) + _STRIKES:
            role = "attacker"  # "drones launched by Russia"
        elif strict:
            role = _assign_strict(type_, text, cue_start, cue_end, passive, ref)
        elif _AGAINST.search(before) and ref.start > cue_start:
            role = patient
        elif _BY.search(before) and (passive or ref.start > cue_end):
            role = agent
        elif _possessive(text, ref):
            tail = _tail(text, ref)
            if ref.start > cue_end and not passive:
                role = patient  # "shot down a Russian bomber", "hit Russian refineries"
            elif type_ == "Interception" and _WEAPON.match(tail):
                role = "attacker"  # "Ukrainian drones ... downed": their launcher
            elif _AGENT_NOUN.match(tail) and (
                not _TARGET_NOUN.match(tail)
                or _AGENT_NOUN.match(tail).end() <= _TARGET_NOUN.match(tail).end()
            ):
                role = agent
            elif _TARGET_NOUN.match(tail):
                role = patient
            elif _AGENT_NOUN.match(tail) or ref.start < cue_end:
                role = agent
            else:
                role = patient
        elif ref.start < cue_start:
            role = patient if passive else agent
        else:
            role = agent if passive else patient
        if role is not None:
            roles.append(Role(ref.entry, role, ref.start))
    if type_ == "DiplomaticVisit":
        _listed_visitors(text, cue_start, agent, actors, roles)
    owners = [r for r in roles if r.role.startswith("owner:")]
    if owners:
        # "NATO and Estonia's pledge": the owner of the pledge is its donor, not the others
        if type_ in ("DiplomaticVisit", "Agreement"):
            for r in roles:
                if r.role == agent and r not in owners:
                    r.role = "participant"
        else:
            roles = [r for r in roles if r.role != agent or r in owners]
        for r in owners:
            r.role = agent
    return roles
