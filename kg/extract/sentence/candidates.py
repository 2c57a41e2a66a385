"""From one sentence's cues and facts to candidate events (before update-level assembly).

Which cues count: a verbal cue reports an event; a nominal one needs support (a place, a
figure, a person taking part). Cues in hypothetical or generic wording ("if the other is
attacked", "Russia's daily missile strikes") are not events. Where several types are cued,
the more specific reading wins (an interception over the damage it prevented, a capture
over the fighting before it, sanctions over the agreement that adopted them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.sentence.mentions import SentenceFacts
from kg.extract.text import cues as C

_CLAUSE_BREAK = re.compile(r"[,;:—–(]|\b(?:and|but|as|while|when|after|which|who|that)\b")
_REPORTING = re.compile(
    r"\b(?:said|says|told|noted|called|stated|statement|tweeted|wrote|added)\b", re.IGNORECASE
)
_PARTICIPLE = re.compile(r"\b(?:drones?|missiles?|UAVs?|rockets?|Shaheds?)\s+$", re.IGNORECASE)
_LAUNCHED_WHICH = re.compile(
    r"\b(?:drones?|missiles?|UAVs?|rockets?|Shaheds?)\s+(?:that|which)\s+(?:[\w’'-]+\s+){0,2}$",
    re.IGNORECASE,
)
""""shot down 74 of the 75 drones that Russia launched": the launch the interception counts."""
_REFERENCE = re.compile(r"\b(?:the|this|that|these|those)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
_FOR_A_CAUSE = re.compile(
    r"\s+for\s+(?:[\"“'(]|(?:its|their|our|his|her|your)\b|(?:the\s+)?(?:truth|freedom|survival|"
    r"independence|peace|democracy|values|future|existence|justice)\b)",
    re.IGNORECASE,
)
"""Fighting for a cause is a figure of speech, not a clash."""
_CAMPAIGN = re.compile(r"(?:counter)?offensive", re.IGNORECASE)
_CAMPAIGN_BEGUN = re.compile(
    r"(?:\s+[\w’'-]+){0,6}?\s+(?:has\s+|had\s+)?(?:began|begun|begins|started|starts|was\s+launched|"
    r"got\s+under\s+way)\b|"
    r"\s+(?:operations?|actions?|push|pushes|assaults?|efforts?|moves?)\b",  # "offensive operations"
    re.IGNORECASE,
)
_CASUALTY_OF = re.compile(
    r"\b(?:killed|wounded|injured|died|captured)\s+(?:in|during)\s+(?:the|its|their|this)\s+(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
"""A campaign its casualties fell in ("soldiers killed in the offensive") is where they fell."""
_FIGHTING_AS_SUCH = re.compile(
    r"\b(?:(?:some\s+of\s+)?the\s+(?:heaviest|fiercest|most\s+intense|worst)|(?:end|stop|halt|ending|stopping|"
    r"halting|pause|freeze)\s+(?:to\s+)?(?:the|all)|keeps?|kept|still)\s+fighting$",
    re.IGNORECASE,
)
"""Fighting named as such, not a battle told: its worst, its end, its going on."""
_DESTROYED_PASSIVE = re.compile(r"were\s+(?:all\s+)?(?:destroyed|neutrali[sz]ed)", re.IGNORECASE)
_WEAPONS_BEFORE = re.compile(
    r"\b(?:drones?|UAVs?|missiles?|rockets?|Shaheds?|projectiles?|bombs?|targets|them|which|aircraft|"
    r"helicopters?|jets?|Kalibrs?|Iskanders?|Kinzhals?)\b",
    re.IGNORECASE,
)
"""What air defence destroys: a weapon named (or "them") in the clause before "were destroyed"."""
_CAMPAIGNS = (
    r"(?:invasion|incursion|(?:counter-?)?offensive|(?:special\s+)?(?:military\s+)?operation|war)"
)
_CAMPAIGN_AFTER = re.compile(
    r"\s+(?:(?:its|their|his|a|an|the)\s+)?(?:[\w-]+\s+){0,3}?" + _CAMPAIGNS + r"\b", re.IGNORECASE
)
_CAMPAIGN_BEFORE = re.compile(
    r"\b" + _CAMPAIGNS + r"\s+(?:that\s+|which\s+)?(?:it|they|he|she|[A-Z][\w-]+)\s+(?:had\s+|has\s+)?$",
    re.IGNORECASE,
)
"""A campaign launched ("since Moscow launched its full-scale invasion", "where Ukrainian forces
launched their surprise offensive", "the cross-border incursion it launched on August 6") is
begun, not a strike launched."""
_WHERE = re.compile(r",\s+where\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
"""A relative clause that tells what a place is like, not what happened there."""
_SUBJECT_BEFORE = re.compile(
    r"\b(?:the|these|those)\s+(?:enemy|occupiers|invaders|aggressor|Russians|[\w-]+(?:ers|ors|ists))\s+$",
    re.IGNORECASE,
)
"""The subject of a verb, not a strike named again: "the occupiers struck", "the enemy attacked"."""
_WEAK = re.compile(r"announced|approved|allocat(?:e|es|ed|ing)", re.IGNORECASE)
"""Verbs that report aid only through what follows them ("announced a package")."""
_FUTURE_OK = {"MilitaryAid", "Sanctions"}
_FIGHTING_AT = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:near|in|around|towards|toward|outside)\s+(?:the\s+)?[A-Z]"
)
""" "continued offensive operations near Chasiv Yar": fighting that goes on at a place is the
day's fighting there, not a habit."""
_REPORTED = re.compile(
    r"\b(?:said|says|announced|promised|pledged|confirmed|told\s+\w+)\s+(?:that\s+)?(?:[\w’'-]+\s+){0,3}$",
    re.IGNORECASE,
)
_ADJECTIVE_CASUALTY = re.compile(
    r"(?:\b(?:all|the|severely|seriously|badly|gravely|critically|heavily)\s+)$", re.IGNORECASE
)
_PEOPLE_AHEAD = re.compile(
    r"^\s+(?:and\s+[\w-]+\s+)?(?:[\w-]+\s+)?(?:prisoners|POWs|soldiers|servicemen|troops|fighters|"
    r"civilians|people|children|men|women|patients)\b",
    re.IGNORECASE,
)
_STRIKE_VERBS = re.compile(
    r"\b(?:launched|struck|hit|attacked|killed|killing|injured|wounded|shelled|"
    r"bombed|fired)\b",
    re.IGNORECASE,
)


@dataclass
class Candidate:
    """An event type cued in a sentence, with the cue that says so."""

    type: str
    cue: C.Cue
    passive: bool


def _window(text: str, start: int) -> str:
    before = text[max(0, start - 90) : start]
    cut = list(_CLAUSE_BREAK.finditer(before))
    return before[cut[-1].end() :] if cut else before


def _hypothetical(text: str, cue: C.Cue, type_: str) -> bool:
    window = _window(text, cue.start) + " " + text[cue.start : cue.end]
    if C.NEGATED.search(window):
        return True  # "Hungary blocked the EU's aid package", "did not strike"
    for m in C.HYPOTHETICAL.finditer(window):
        word = m.group().lower()
        if type_ in _FUTURE_OK and word == "would" and _REPORTED.search(window[: m.start()]):
            continue  # "the UK said it would deliver 100,000 drones": a pledge, reported
        if type_ in _FUTURE_OK and word in (
            "will",
            "plans to",
            "planning to",
            "intend to",
            "intends to",
            "ready to",
            "vow",
            "vowed",
            "vows",
        ):
            continue
        return True
    return False


_LAUNCH_TALLY = re.compile(
    r"\b(?:launched|fired)\s+(?:at\s+least\s+|a\s+total\s+of\s+)?[\w,]+\s+(?:[\w-]+\s+){0,3}?"
    r"(?:drones?|missiles?|UAVs?|rockets?|Shaheds?)\b.{0,100}?\b(?:[\w,]+|all|most)\s+"
    r"(?:of\s+(?:them|which|these)\s+)?(?:were|was|had\s+been|have\s+been)\s+(?:all\s+)?"
    r"(?:shot\s+down|destroyed|downed|brought\s+down|intercepted|neutrali[sz]ed)",
    re.IGNORECASE | re.DOTALL,
)
""""Russia launched 34 missiles and 21 of them were shot down": a tally of the air defence."""

_ALL_DOWNED = re.compile(
    r"\ball\s+(?:of\s+)?(?:them|the\s+\w+|\w+)?\s*(?:were|was|have been)\s+(?:\w+\s+)?"
    r"(?:destroyed|shot down|downed|intercepted|neutrali[sz]ed|suppressed)",
    re.IGNORECASE,
)
_TAKEN_WHERE = re.compile(r"\s+(?:in|at|near|during|on|while|alive|as|after)\b", re.IGNORECASE)


_TAKEN_THING = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:prisoners|soldiers|servicemen|troops|fighters|crew|sailors|POWs|"
    r"civilians|documents|equipment|tanks|weapons|vessels?|ships?|tankers?|assets|funds|property)\b",
    re.IGNORECASE,
)


def _people_taken(text: str, cue: C.Cue, facts: SentenceFacts) -> bool:
    """ "48 servicemen, most of them captured in Mariupol": people were captured somewhere, no
    place changed hands (a place taken is the object, or the subject of a passive)."""
    if cue.type != "TerritoryChange" or cue.text.lower() not in ("captured", "seized"):
        return False
    if _TAKEN_THING.match(text[cue.end :]):
        return True  # "had captured prisoners", "150 captured Ukrainian soldiers", "the seized assets"
    if not _TAKEN_WHERE.match(text[cue.end :]):
        return False
    return not any(cue.start - 30 <= p.end <= cue.start for p in facts.places)


_TALKS = re.compile(r"talks|summit|meeting", re.IGNORECASE)


def _talks_in_a_city(text: str, cues: list[C.Cue], facts: SentenceFacts) -> bool:
    """ "after talks with a US delegation in Jeddah": talks held in a named city between states
    are a meeting even with no person named."""
    states = [a for a in facts.actors if getattr(a.entry, "kind", None) == "State"]
    for cue in cues:
        if not _TALKS.fullmatch(cue.text) or not states:
            continue
        for p in facts.places:
            entry = p.entry
            if (
                entry is not None
                and entry.kind == "settlement"
                and not p.reference_only
                and cue.end <= p.start <= cue.end + 60
                and re.search(r"\bin\s+$", text[max(0, p.start - 4) : p.start])
            ):
                return True
    return False


_SINCE_THE_WAR = re.compile(
    r"\b(?:since|throughout)\s+(?:the\s+(?:start|beginning|outbreak|onset)\s+of\s+)?(?:the\s+|russia['’]s\s+|"
    r"moscow['’]s\s+)?(?:full[- ]scale\s+)?(?:war|invasion|conflict)\b|\bsince\s+(?:the\s+)?"
    r"(?:war|invasion|conflict)\s+(?:began|started|broke\s+out)|\ba\s+(?:string|series|wave|spate)\s+of\s+"
    r"(?:\w+\s+)?(?:attacks|strikes)\b|\bover\s+the\s+past\s+(?:few\s+)?(?:weeks|months|years)\b",
    re.IGNORECASE,
)
""""since the start of the war", "a string of attacks": a tally over the war, wherever it names."""

_SINCE = re.compile(
    r"\b(?:since|so far this|(?:over|during|in) the (?:past|last) (?:month|year)|accounted for|"
    r"per ?cent)\b|%",
    re.IGNORECASE,
)


def _period_tally(text: str, facts: SentenceFacts) -> bool:
    """Casualties or attacks totalled over a month, a year or since a date ("In November, at least
    57 civilians were killed in Ukraine", "Since February 2022, 12,000 civilians have been killed")
    or shared out by region ("Donetsk region accounted for 19 killed") are a tally, not a strike:
    no town, no weapon, and a period rather than a day."""
    if _SINCE_THE_WAR.search(text):
        return True  # "Belgorod has been hit by Ukrainian strikes since the start of the war"
    if facts.equipment or any(
        p.entry is not None and p.entry.kind == "settlement" and not p.reference_only for p in facts.places
    ):
        return False
    if _SINCE.search(text) or C.ACROSS_REGIONS.search(text):
        return True
    return bool(facts.dates) and all(d.ref.precision in ("month", "year") for d in facts.dates)


def _generic(text: str, cue: C.Cue) -> bool:
    return bool(C.GENERIC.search(text[max(0, cue.start - 50) : cue.end + 30]))


def candidates(text: str, facts: SentenceFacts, quoted: bool) -> list[Candidate]:
    """Return the candidate events of a sentence, at most one per type family."""
    by_family = _cues_by_family(text, facts)
    _downed_as_interception(text, by_family)
    _assaults_as_fighting(text, facts, by_family)
    _toll_as_attack(text, facts, by_family)
    types = _settled_types(text, facts, quoted, by_family)
    return [_candidate(text, t, by_family[t]) for t in sorted(types, key=lambda t: by_family[t][0].start)]


_SENT_AGAINST = re.compile(
    r"\s+(?:[\w,./-]+\s+){0,6}?(?:drones?|UAVs?|missiles?|Shaheds?|"
    r"Shahed-[\d/]+|rockets?)\b(?:(?!\bto\b)[^.;]){0,70}?\b(?:against|towards?|over|into|across|"
    r"from\s+(?:\w+\s+)?directions|aimed\s+at|at\s+(?!a\s+time\b|the\s+(?:time|request)\b))\b",
    re.IGNORECASE,
)
"""Weapons sent against a place are launched at it, not given ("sent 54 drones against Kyiv",
"sent several groups of Shaheds from three directions")."""
_SENT_WORDS = re.compile(
    r"\s+(?:an?\s+|its\s+|their\s+)?(?:[\w\"“”-]+\s+)?(?:summons|protest|note|letters?|messages?|signals?|"
    r"invitations?|condolences|greetings)\b",
    re.IGNORECASE,
)
"""What is sent that is no weapon: "sent an urgent summons", "sent a letter"."""
_WEAPONS_SENT = re.compile(
    r"\b(?:drones?|UAVs?|missiles?|Shaheds?|rockets?)\s+"
    r"(?:that\s+(?:were|was|had\s+been)\s+|(?:that|which)\s+(?:[\w’'-]+\s+){1,3}?)?$",
    re.IGNORECASE,
)
_AT_A_PLACE = re.compile(r"\s+(?:against|towards?|across|into|at|over)\b", re.IGNORECASE)
""""the drones sent toward Kyiv overnight": weapons sent at a place, named before the verb."""
_PEOPLE_HANDED = re.compile(
    r"\s+(?:[\w-]+\s+){0,3}?(?:residents|civilians|prisoners|POWs|soldiers|servicemen|bodies|children|"
    r"detainees|captives)\b",
    re.IGNORECASE,
)
"""People handed over or transferred in a swap ("handed over 55 Russian soldiers", "handed over 20
elderly residents") are no aid."""
_SENDING = re.compile(r"send|sends|sent|sending", re.IGNORECASE)
_PLEDGING = re.compile(r"pledged|pledges|pledge", re.IGNORECASE)
_SAYING = ("said", "says", "saying", "stated", "wrote", "added")


def _cues_by_family(text: str, facts: SentenceFacts) -> dict[str, list[C.Cue]]:
    """The sentence's cues that tell an event of its own, by type, in the order of the text."""
    by_family: dict[str, list[C.Cue]] = {}
    all_cues = C.find_cues(text)
    condemned_at = min((c.end for c in all_cues if c.type == "Condemnation" and c.verbal), default=None)
    # "said the missile attacks on Kyiv amounted to a war crime": the attacks are what is condemned
    condemned_at = min(
        [condemned_at] * (condemned_at is not None)
        + [c.start for c in all_cues
           if c.type == "Condemnation" and c.verbal and c.text.lower().startswith(_SAYING)],
        default=None,
    )
    sanctioned_at = min((c.end for c in all_cues if c.type == "Sanctions" and c.verbal), default=None)
    sanctioning = [(c.start, c.end) for c in all_cues if c.type == "Sanctions" and c.verbal]
    for cue in all_cues:
        if cue.type == "Attack" and any(a <= cue.start < b for a, b in sanctioning):
            continue  # "hit Moscow with new sanctions": the words of the sanctions, no strike
        if not _not_an_event(text, cue, facts, condemned_at, sanctioned_at):
            by_family.setdefault(cue.type, []).append(cue)
    return by_family


def _not_an_event(
    text: str, cue: C.Cue, facts: SentenceFacts, condemned_at: int | None, sanctioned_at: int | None
) -> bool:
    """Whether a cue names something other than an event the sentence reports: what is condemned
    or sanctioned, a hypothesis, a generic or tallied attack, a reference to an event told
    elsewhere."""
    if (
        condemned_at is not None
        and cue.start >= condemned_at
        and cue.type in ("MilitaryAid", "Attack", "Sanctions")
        and not (cue.type == "Attack"
                 and (_TOLD_WITH_TOLL.match(text, cue.end) or _WHICH_KILLED.search(text, 0, cue.start))
                 and any(c.count and c.start >= cue.start for c in facts.casualties))
    ):
        return True  # what is condemned is evidence of that event, not a new one
    if sanctioned_at is not None and cue.start >= sanctioned_at and cue.type in ("MilitaryAid", "Attack"):
        return True  # "sanctioned firms for supplying Russia's military": the reason, not an event
    if not (cue.type == "Condemnation" and not cue.verbal) and _hypothetical(text, cue, cue.type):
        return True
    if cue.type == "Attack" and (_generic(text, cue) or _period_tally(text, facts)):
        return True
    if cue.type == "ArmedClash" and (
        _WHERE.search(text[max(0, cue.start - 40) : cue.start]) or _FOR_A_CAUSE.match(text[cue.end :])
    ):
        return True  # "in Kurakhove, where fighting has reached the centre"; "fighting for the truth"
    if (
        cue.type == "ArmedClash"
        and not cue.verbal
        and _CAMPAIGN.fullmatch(cue.text)
        and not _CAMPAIGN_BEGUN.match(text[cue.end :])
        and not _CASUALTY_OF.search(text[max(0, cue.start - 60) : cue.start])
    ):
        return True  # "Ukraine's Kursk offensive", "a spring counteroffensive": a campaign named
    if cue.type == "ArmedClash" and _FIGHTING_AS_SUCH.search(text[max(0, cue.start - 30) : cue.end]):
        return True  # "some of the heaviest fighting", "to end the fighting", "keeps fighting"
    if C.CALLED_OFF.match(text[cue.end :]):
        return True
    if (
        cue.type == "TerritoryChange"
        and re.search(r"(?:out of|from)$", cue.text, re.IGNORECASE)
        and C.NOT_A_PLACE.match(text[cue.end :])
    ):
        return True  # "pulled out of a U.N.-brokered deal": no ground changed hands
    if _people_taken(text, cue, facts):
        return True
    if cue.type == "MilitaryAid" and (
        (_SENDING.fullmatch(cue.text)
         and (_SENT_AGAINST.match(text, cue.end) or _SENT_WORDS.match(text, cue.end)
              or (_WEAPONS_SENT.search(text[max(0, cue.start - 40) : cue.start])
                  and _AT_A_PLACE.match(text, cue.end))))
        or (_PLEDGING.fullmatch(cue.text) and re.match(r"\s+that\b", text[cue.end :]))
        or _PEOPLE_HANDED.match(text, cue.end)
    ):
        return True  # "sent 54 drones against Kyiv" is an attack; "pledged that ..." a promise of words
    if (
        cue.type == "Attack"
        and cue.text.lower() in ("wounded", "injured")
        and _ADJECTIVE_CASUALTY.search(text[max(0, cue.start - 12) : cue.start])
        and _PEOPLE_AHEAD.match(text[cue.end :])
    ):
        return True  # "to exchange all severely wounded and young prisoners": who, not what happened
    if (
        cue.type == "Interception"
        and _DESTROYED_PASSIVE.fullmatch(cue.text)
        and not _WEAPONS_BEFORE.search(_window(text, cue.start))
    ):
        return True  # "Three houses were destroyed and several more damaged": no weapon downed
    if cue.type == "Attack" and cue.text.lower() == "launched" and (
        _CAMPAIGN_AFTER.match(text, cue.end)
        or _CAMPAIGN_BEFORE.search(text[max(0, cue.start - 60) : cue.start])
    ):
        return True  # "since Ukraine launched its surprise incursion into Kursk": a campaign begun
    if (
        cue.type != "Condemnation"
        and C.GENERIC_BEFORE.search(text[max(0, cue.start - 40) : cue.start])
        and not (cue.type == "ArmedClash" and _FIGHTING_AT.match(text[cue.end :]))
    ):
        return True
    return bool(
        cue.type == "Attack"
        and _REFERENCE.search(text[max(0, cue.start - 25) : cue.start])
        and not _SUBJECT_BEFORE.search(text[max(0, cue.start - 25) : cue.start])
        and not (facts.casualties or facts.dates or [e for e in facts.equipment if e.end <= cue.start])
    )  # "after the strike on Sumy": an event told elsewhere, named again


_TOLD_WITH_TOLL = re.compile(r"[^.;]{0,140}?,?\s+(?:which|that)\s+(?:\w+\s+)?(?:killed|left)\b",
                             re.IGNORECASE)
"""A condemned strike told with its toll ("condemned the strike on Sumy, which killed at least 34
people"): the strike is told too, not only named as what is condemned."""
_WHICH_KILLED = re.compile(r",\s+(?:which|that)\s+(?:\w+\s+)?$", re.IGNORECASE)
_AERIAL_DOWNED = re.compile(
    r"\b(?:drones?|UAVs?|unmanned\s+aerial\s+vehicles?|missiles?|rockets?|Shaheds?|aircraft|"
    r"helicopters?|jets?)\s+(?:[\w-]+\s+){0,6}?(?:were|was|had\s+been|have\s+been)\s+"
    r"(?:[\w-]+\s+and\s+)?(?:destroyed|downed|shot\s+down|brought\s+down)\b"
    r"(?=[^.;]*\b(?:over|in\s+flight|in\s+the\s+(?:air|sky)|approaching)\b)",
    re.IGNORECASE,
)
""""Two drones were detected and destroyed in flight over the Bryansk region": weapons downed
in the air, whoever downed them."""


def _downed_as_interception(text: str, by_family: dict[str, list[C.Cue]]) -> None:
    """Attack cues that say what air defence destroyed ("were downed") become interceptions."""
    if "Attack" in by_family and "Interception" not in by_family and (
            C.AIR_DEFENCE.search(text) or _AERIAL_DOWNED.search(text)):
        downed = [
            c
            for c in by_family["Attack"]
            if re.match(r"(?:were |was )?(?:destroyed|downed|hit)$", c.text, re.IGNORECASE)
        ]
        if downed and all(C.AIR_DEFENCE.search(text[: c.start])
                          or _AERIAL_DOWNED.search(text, max(0, c.start - 120)) for c in downed):
            by_family["Interception"] = [C.Cue("Interception", c.start, c.end, True, c.text) for c in downed]
            by_family["Attack"] = [c for c in by_family["Attack"] if c not in downed]
            if not by_family["Attack"]:
                del by_family["Attack"]


_REPELLED = re.compile(
    r"\b(?:repell?(?:ed|ing)|repuls(?:ed|ing)|beat(?:en)?\s+back|beating\s+back|fended\s+off|"
    r"fending\s+off)\s+(?:[\w\"“”'’-]+\s+){0,4}$",
    re.IGNORECASE,
)
_COUNTED = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty(?:-\w+)?)\s+"
    r"(?:(?:Russian|Ukrainian|enemy)\s+)?$",
    re.IGNORECASE,
)
_AT_THE_FRONT = re.compile(
    r"\s+(?:near|around|close\s+to|in\s+the\s+(?:area|direction|vicinity)\b|on\s+(?!\d|\w+\s+"
    r"(?:hromadas|settlements|communities|facilities|villages|towns))|at\s+(?:\w+\s+)?points\b)",
    re.IGNORECASE,
)
_BY_AIR = re.compile(r"\b(?:drones?|UAVs?|missiles?|air|aerial|artillery|rockets?|shelling|bombs?)\b",
                     re.IGNORECASE)


def _assaults_as_fighting(text: str, facts: SentenceFacts, by_family: dict[str, list[C.Cue]]) -> None:
    """Attacks repelled ("its troops beat back 12 Russian attacks around Serebrianka") or
    counted at the front ("Russian forces carried out 62 attacks near Pokrovsk") are ground
    assaults, when no weapon of the air or the guns is named."""
    if "Attack" not in by_family or facts.equipment or _BY_AIR.search(text):
        return
    fought = [
        c for c in by_family["Attack"]
        if re.fullmatch(r"(?:attacks?|assaults?)", c.text, re.IGNORECASE)
        and (_REPELLED.search(text[max(0, c.start - 60) : c.start])
             or (_COUNTED.search(text[max(0, c.start - 30) : c.start])
                 and _AT_THE_FRONT.match(text[c.end :])))
    ]
    if fought:
        by_family.setdefault("ArmedClash", []).extend(
            C.Cue("ArmedClash", c.start, c.end, True, c.text) for c in fought)
        by_family["ArmedClash"].sort(key=lambda c: c.start)
        by_family["Attack"] = [c for c in by_family["Attack"] if c not in fought]
        if not by_family["Attack"]:
            del by_family["Attack"]


def _toll_as_attack(text: str, facts: SentenceFacts, by_family: dict[str, list[C.Cue]]) -> None:
    """A sentence with no cue but people killed or injured reports an attack."""
    if (
        not by_family
        and any(c.count is not None and c.count > 0 for c in facts.casualties)
        and not _period_tally(text, facts)
    ):
        first = min(facts.casualties, key=lambda c: c.start)  # "The death toll in X has risen to two"
        by_family["Attack"] = [C.Cue("Attack", first.start, first.end, False, text[first.start : first.end])]


def _settled_types(
    text: str, facts: SentenceFacts, quoted: bool, by_family: dict[str, list[C.Cue]]
) -> set[str]:
    """The types the sentence keeps once each is weighed against the others and against what
    the sentence names (places, persons, equipment)."""
    types = set(by_family)
    places = [p for p in facts.places if not p.reference_only]
    persons = [a for a in facts.actors if getattr(a.entry, "kind", None) == "Person"]

    def verbal(t: str) -> bool:
        return any(c.verbal for c in by_family.get(t, []))

    if "Sanctions" in types and not verbal("Sanctions"):
        types.discard("Sanctions")
    if "Agreement" in types and not C.AGREEMENT_OBJECT.search(text):
        types.discard("Agreement")
    if "Sanctions" in types:
        types.discard("Agreement")
    if "MilitaryAid" in types:
        cues = by_family["MilitaryAid"]
        nominal = any(not c.verbal for c in cues)
        objects = (
            any(C.MILITARY_OBJECT.search(text[c.start : c.start + 160]) for c in cues) or facts.equipment
        )
        if not nominal and not objects:
            types.discard("MilitaryAid")
    if "DiplomaticVisit" in types and not persons and not verbal("DiplomaticVisit"):
        if not _talks_in_a_city(text, by_family["DiplomaticVisit"], facts):
            types.discard("DiplomaticVisit")
    if "DiplomaticVisit" in types and not persons and not facts.actors:
        types.discard("DiplomaticVisit")
    if "Condemnation" in types and not verbal("Condemnation") and not (quoted or _REPORTING.search(text)):
        types.discard("Condemnation")
    if "TerritoryChange" in types:
        if not verbal("TerritoryChange") and not places:
            types.discard("TerritoryChange")
        types.discard("ArmedClash")
    if "ArmedClash" in types and not places:
        types.discard("ArmedClash")
    if "Interception" in types:
        if not verbal("Interception"):
            types.discard("Interception")
        elif "Attack" in types and (_ALL_DOWNED.search(text) or _LAUNCH_TALLY.search(text)):
            types.discard("Attack")  # "drones attacked the bay ... all of them were destroyed"
        elif "Attack" in types and not any(
            _STRIKE_VERBS.fullmatch(c.text)
            and not (_PARTICIPLE.search(text[: c.start]) and re.match(r"\s+by\b", text[c.end :]))
            and not _LAUNCHED_WHICH.search(text[max(0, c.start - 50) : c.start])
            for c in by_family["Attack"]
        ):
            types.discard("Attack")  # "downed 20 of 25 drones launched by Russia": one interception
    if ("ArmedClash" in types or "TerritoryChange" in types) and not _then_fired(text, by_family):
        types.discard("Attack")
    if "Attack" in types and types & {
        "MilitaryAid",
        "Sanctions",
        "Agreement",
        "Condemnation",
        "DiplomaticVisit",
    }:
        if not (places or facts.casualties) or not verbal("Attack"):
            types.discard("Attack")
    return types


_AND_THEN = re.compile(r"\s+and\s+(?:then\s+)?$", re.IGNORECASE)


def _then_fired(text: str, by_family: dict[str, list[C.Cue]]) -> bool:
    """ "Troops rolled into the town in tanks and then opened fire there": the change of hands
    and the shooting that followed are two events."""
    taken = by_family.get("TerritoryChange", [])
    return any(
        c.verbal and any(t.end <= c.start and _AND_THEN.search(text, t.end, c.start) for t in taken)
        for c in by_family.get("Attack", [])
    )


def _candidate(text: str, family: str, cues: list[C.Cue]) -> Candidate:
    """The candidate of one type: its strongest verbal cue, and whether the cue is passive."""
    strong = [c for c in cues if c.verbal and not _WEAK.fullmatch(c.text)]
    cue = strong[0] if strong else next((c for c in cues if c.verbal), cues[0])
    passive = bool(re.match(r"(?:was|were|been|be|is|are|got)\b", cue.text, re.IGNORECASE)) or (
        not cue.text.lower().endswith("ing")
        and bool(
            re.search(
                r"\b(?:was|were|been|is|are|being)\s+(?:\w+\s+)?$",
                text[max(0, cue.start - 25) : cue.start],
            )
        )
    )
    return Candidate(family, cue, passive)
