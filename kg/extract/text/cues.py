"""The language of war reporting: words that signal each kind of event.

Cues are regular expressions over a sentence. A *verbal* cue (``struck``, ``pledged``,
``signed``) reports that something happened; a *nominal* cue (``attacks``, ``sanctions``)
may only name a kind of thing (``Russia's daily missile strikes``), so events from nominal
cues need more support (a place, a figure, a date, an actor in a role) before they count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ATTACK_FAMILY = ("Attack", "MissileStrike", "Shelling", "AirStrike", "DroneStrike")

ACROSS_REGIONS = re.compile(
    r"\bacross\s+(?:several|many|multiple|a\s+number\s+of|\w+)\s+(?:oblasts|regions|provinces)\b",
    re.IGNORECASE,
)
"""Figures totalled over several regions ("killed 15 and wounded 66 across several oblasts"): a
tally, not one strike's."""


@dataclass(frozen=True)
class Cue:
    """One match of a cue in a sentence."""

    type: str
    start: int
    end: int
    verbal: bool
    text: str


def _rx(words: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + words + r")(?![\w-])", re.IGNORECASE)


_REPROACH = (
    r"(?:heartbreaking|horrific|horrifying|barbaric|despicable|cowardly|abhorrent|monstrous|vile|brutal|"
    r"war\s+crimes?|terror(?:ism|ist)?|atrocit(?:y|ies)|outrage(?:ous)?|unacceptable|"
    r"grim\s+reminder|crime|criminal|inhuman(?:e)?|unforgivable|evil|shameful|heinous|"
    r"disgraceful|inexcusable|unjustifiable|senseless|appalling|horrendous|shocking|cynical|"
    r"cruelty|brutality|brazenness|barbarism|cynicism)"
)
"""Words of reproach that make a description of an attack a condemnation of it."""

_COUNT = (
    r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|dozens\s+of)"
)
"""A count of weapons, in figures or words."""

# type -> (verbal pattern, nominal pattern)
_CUES: dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = {
    "Attack": (
        _rx(
            r"(?:was|were|been|be|is|are|got)\s+(?:\w+\s+)?(?:hit|struck|attacked|shelled|bombed|"
            r"targeted|destroyed|damaged|set (?:afire|ablaze|on fire))|"
            r"struck|strikes? (?:on|at)|hit|hits|hitting|attacked|attacking|shelled|shelling|bombed|"
            r"bombing|pounded|targeted|launched|fired (?:on|at)|open(?:ed|s|ing)? fire|"
            r"set (?:afire|ablaze|on fire)|"
            r"destroyed or damaged|destroyed|damaged|sank|sunk|sinking|killed|killing|slain|wounded|"
            r"wounding|injured|injuring|"
            r"dropp(?:ed|ing|s)\s+(?:[\w-]+\s+){0,4}?(?:bombs?|explosives?|munitions?|grenades?)|"
            r"(?:slamm|crash|smash|plough|plow|tore|tear)(?:ed|s|ing)?\s+into|"
            # "Nikopol also came under fire", "the Makariv community is under fire"; not "came under
            # fire from critics", "under fire control"
            r"(?:came|come|comes|coming|is|was|were|are|been)\s+under\s+(?:[\w-]+\s+){0,2}?"
            r"(?:fire(?!\s+(?:control|from\s+(?:critics|lawmakers|the\s+opposition|rights)|for|over)\b)|"
            r"attack|shelling|bombardment)"
        ),
        _rx(
            r"(?:(?:air ?)?strikes?|attacks?)(?!\s+(?:drones?|UAVs?|helicopters?|aircraft|jets?|"
            r"submarines?|boats?|groups?|units?|capabilit(?:y|ies)))|assaults? on|bombardments?|barrages?|"
            r"shelling|airstrikes?|explosions?|blasts?"
        ),
    ),
    "ArmedClash": (
        _rx(
            # "infantry fighting vehicles", "battle tanks": the names of armour, not combat
            r"fought|fighting(?!\s+vehicles?)|clashed|repelled|repulsed|stormed|attacked (?:\w+ )?positions|"
            r"assaulted|advanced|pushed (?:forward|back)|counterattacked|"
            r"launched (?:an? )?(?:ground )?offensive"
        ),
        _rx(
            r"clash(?:es)?|battles?(?!\s+tanks?)|fighting(?!\s+vehicles?)|"
            r"ground (?:offensive|assault|attack)s?|offensive|"
            # "assaults on Ukrainian positions", "using them in assaults on Ukrainian troops"
            r"counteroffensive|assaults? on (?:\w+ )?(?:positions|troops|forces|defen[cs]es)|firefights?"
        ),
    ),
    "TerritoryChange": (
        _rx(
            r"captured|seized|(?:took|taken|taking|regained)\s+(?:back\s+|full\s+)?control\s+(?:of|over)|"
            # "had taken the largely ruined city of Kupiansk", "has taken the Ukrainian city of Bakhmut"
            r"(?:took|taken)\s+the\s+(?:[\w-]+\s+){0,3}?(?:city|town|village|settlement)s?\s+of|"
            # "had come under Moscow's control", "came under Russian control"
            r"(?:come|came)\s+under\s+(?:[\w'’-]+\s+){0,2}?control|"
            r"liberated|retook|capturing|seizing|"
            # a claim of ground held now: "his forces now control the town of Soledar", "dozens of
            # settlements were now in its hands", "were now under its control"
            r"now\s+control(?:s|led)?|now\s+in\s+(?:its|their|[\w’'-]+)\s+hands|"
            r"now\s+under\s+(?:its|their|[\w’'-]+)\s+(?:full\s+)?control|"
            # "Ukrainian forces have entered the city of Kherson", "troops rolled into the town of X"
            r"(?:troops|forces|units|soldiers|tanks|army)\s+(?:have\s+|had\s+|were\s+|are\s+)?(?:also\s+)?"
            r"(?:entered|entering|rolled\s+into|rolling\s+into|moved\s+into|moving\s+into|marched\s+into)|"
            # "had won back a village from Ukrainian forces", "won back one square kilometre"
            r"w[oi]n(?:s)?\s+back|"
            r"recaptured|regained|withdr[ae]w (?:\w+ )?from|pulled out of|fell to|ha(?:s|ve|d) occupied|"
            r"raised (?:the|its) flag over"
        ),
        _rx(r"withdrawal(?: of [\w ]+?)? from|capture of|fall of|liberation of|recapture of"),
    ),
    "Interception": (
        _rx(
            r"shot down|shoots down|downed|downs|intercepted|intercepts|"
            r"(?:brought|brings|bring|bringing) down|were (?:all )?(?:shot down|"
            r"destroyed|neutralised|neutralized|intercepted)|neutrali[sz]ed|"
            # "destroyed a further 11 Ukrainian UAVs over the Kursk region", "destroyed 10 attack
            # drones and four cruise missiles", "destroyed five Ukrainian drones": counted weapons
            # destroyed are downed in the air (not their launchers, depots or plants)
            r"destroyed\s+(?:a\s+further\s+|another\s+|an\s+additional\s+)?" + _COUNT + r"\s+(?:more\s+)?"
            r"(?:[\w-]+\s+){0,2}?(?:drones?|UAVs?|missiles?|rockets?)\b(?![\s-]+(?:launchers?|systems?|"
            r"depots?|plants?|factor(?:y|ies)|production|sites?|warehouses?|stores?|storage|carriers?|boats?))"
        ),
        _rx(r"interceptions?"),
    ),
    "MilitaryAid": (
        _rx(
            r"send(?:s|ing)?|sent|suppl(?:y|ies|ied|ying)|deliver(?:s|ed|ing)?|donat(?:e|es|ed|ing)|"
            r"pledg(?:e|es|ed|ing)|provid(?:e|es|ed|ing)|giv(?:e|es|ing)|gave|given|transferr?(?:ed|ing|s)?|"
            r"hand(?:ed|s|ing)? over|shipped|announced|approved|allocat(?:e|es|ed|ing)|props? up|propping up|"
            r"equip(?:ped)?|financ(?:e|es|ed|ing)|fund(?:s|ed|ing)?"
        ),
        _rx(
            r"(?:military|security|defen[cs]e|lethal) (?:aid|assistance|support|package)|"
            r"aid package|package of (?:\w+ )*?(?:military|defen[cs]e) (?:aid|assistance)|"
            r"arms (?:deliveries|supplies|transfers?)|(?:weapons|arms) (?:transfers?|supplies)|pledge"
        ),
    ),
    "Sanctions": (
        _rx(
            r"(?:imposed|imposes|imposing|adopted|adopts|approved|agreed|unveiled|announced|introduced|"
            r"extended|expanded|slapped)\b[^.]{0,60}?\bsanctions|sanctioned|sanctioning|blacklisted|"
            # "decided to impose further sanctions", "approves Russia sanctions", "signed off on a new
            # package of sanctions", "is placing new sanctions on", "has hit Russia with new sanctions"
            r"(?:impose|approves|signed\s+off\s+on|signs\s+off\s+on)\s+[^.]{0,60}?\bsanctions|"
            r"(?:plac(?:es|ed|ing)|put(?:s|ting)?)\s+(?:[\w,-]+\s+){0,4}?sanctions|"
            r"(?:hit|hits|hitting|slaps?|slapping|targets?|targeting)\s+(?:[\w'’-]+\s+){1,3}?with\s+"
            r"(?:[\w,-]+\s+){0,4}?sanctions|"
            # entry bans: "banned 30 British citizens from entering", "widened its list of people
            # barred from entering the country"
            r"(?:banned|barred|prohibited)\s+(?:[\w,-]+\s+){0,6}?from\s+entering|"
            r"(?:widened|expanded|extended|lengthened)\s+(?:its\s+|the\s+)?list\s+of\s+(?:[\w-]+\s+){0,4}?"
            r"(?:barred|banned|prohibited)"
        ),
        _rx(r"(?:package|round) of sanctions|sanctions? package|sanctions|asset freezes?"),
    ),
    "DiplomaticVisit": (
        _rx(
            r"visit(?:s|ed|ing)?|arrived in|travell?ed to|met with|met|hosted|hosting|"
            # "travelled unannounced to Kyiv", "arrived unexpectedly in Kyiv"
            r"(?:arrived|arrives|travell?ed|travels)\s+(?:unannounced|unexpectedly|secretly|quietly|"
            r"separately|together|overnight|by\s+train)\s+(?:in|to)|"
            r"held talks|holds talks|toured"
        ),
        _rx(r"visit|trip|tour|talks|summit|meeting|stay in|state visit"),
    ),
    "Agreement": (
        _rx(
            r"signed|signs|signing|inked|concluded|ratified|struck (?:a|an) (?:deal|agreement)|"
            r"agreed (?:on )?(?:a|an|the) (?:\w+ )*?(?:deal|agreement|pact|treaty|accord)|"
            # prisoners exchanged, or an exchange agreed, done or finished
            r"(?:swapped|exchanged|agreed\s+to\s+(?:swap|exchange))\s+(?:[\w,-]+\s+){0,5}?"
            r"(?:prisoners|POWs|PoWs|captives|servicemen|soldiers|bodies)|"
            r"(?:completed|finished|carried\s+out|conducted|agreed\s+(?:on|to))\s+(?:an?\s+|the\s+|their\s+)?"
            r"(?:[\w\"“”,-]+\s+){0,6}?(?:prisoner|POW|PoW|prisoner-of-war)\s+(?:swap|exchange)"
        ),
        _rx(r"(?:prisoner|POW|PoW|prisoner-of-war)\s+(?:swaps?|exchanges?)"),
    ),
    "Condemnation": (
        _rx(
            r"condemn(?:s|ed|ing)?|critici[sz](?:e|es|ed|ing)|denounc(?:e|es|ed|ing)|"
            r"accus(?:e|es|ed|ing)|blam(?:e|es|ed|ing)|deplor(?:e|es|ed|ing)|slamm?(?:ed|s)(?!\s+into)|"
            r"rebuk(?:e|es|ed)|decr(?:y|ied|ies)|protest(?:ed|s)? against|"
            # "summoned Russia's envoy", "sent an urgent summons to the Russian ambassador"
            r"(?:summon(?:s|ed|ing)?|summons\s+to)(?=\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?"
            r"(?:ambassador|envoy|charg[ée]\s+d['’]affaires|diplomats?)\b)|"
            # "called the attack 'heartbreaking'", "described the strike as "a horrific attack""
            r"(?:called|calls|described|describes|branded|brands|labell?ed)\s+(?:the|this|it|that|"
            r"Russia['’]s|Moscow['’]s)\s*(?:[\w-]+\s+){0,3}?(?:(?:attacks?|strikes?|bombing|shelling|"
            r"killings?)\s+)?(?:[\w’'-]+\s+){0,6}?(?:as\s+)?[\"“'‘]?(?:an?\s+|the\s+)?[\"“'‘]?"
            + _REPROACH + "|"
            # "said the missile attacks amounted to a war crime", "said striking a children's
            # hospital was an evil and cowardly tactic"
            # "said the latest strikes showed Russia's "unlimited cruelty"", "saying the strike showed
            # Russia's "increasing brazenness""
            r"(?:said|says|saying|stated|wrote|added)\s+(?:that\s+)?(?:the|this|Russia['’]s|Moscow['’]s|"
            r"striking|targeting|bombing|shelling|attacking)\s+[^.;:!?]{0,100}?\b(?:was|were|is|are|"
            r"amounted\s+to|amounts\s+to|constituted?|constitutes|represent(?:s|ed)|showed|shows|"
            r"proved|proves|demonstrated|demonstrates|revealed|reveals|exposed|exposes)\s+[\"“'‘]?"
            r"(?:(?:Russia|Moscow|Putin|the\s+Kremlin)['’]s\s+[\"“'‘]?)?"
            r"(?:an?\s+|the\s+)?[\"“'‘]?(?:[\w-]+\s+(?:and\s+)?){0,2}?" + _REPROACH + "|"
            # "took the same view", "voiced similar concerns": agreeing with the condemnation before
            r"(?:took|takes|take|taking)\s+(?:the\s+same|a\s+similar)\s+(?:view|line|stance|position)|"
            r"(?:voiced|voices|voicing|expressed|expresses|expressing|echoed|echoes|echoing)\s+"
            r"(?:similar|the\s+same)\s+(?:concerns?|views?|criticism|sentiments?|outrage|condemnation)|"
            # "said he was 'appalled' by the attack"
            r"(?:was|were|is|am|are)\s+(?:\w+\s+)?[\"“'‘]?(?:appalled|horrified|outraged|shocked|"
            r"sickened|disgusted)[\"”'’]?\s+(?:by|at)"
        ),
        _rx(
            r"condemnation|criticism|(?:flagrant|gross|blatant) violations?|abhorrent|absurd|"
            r"outrageous|unacceptable|barbaric|war crimes?|violating resolutions|"
            r"negative impact|threat to (?:global|international|regional) (?:peace|security)|"
            r"(?:held|holds?|hold) [\w\s]{0,40}?(?:accountable|responsible)|(?:was|is|were|are) responsible"
        ),
    ),
}

AGREEING = re.compile(
    r"(?:took|takes|take|taking|voiced|voices|voicing|expressed|expresses|expressing|echoed|echoes|"
    r"echoing)\s+(?:the\s+same|a\s+similar|similar)\b",
    re.IGNORECASE,
)
"""A condemnation told only as agreeing with the one before it ("took the same view")."""
AIR_DEFENCE = re.compile(
    r"\b(?:air[- ]defen[cs]es?|anti-aircraft|interceptors?|air force|"
    r"mobile fire groups?)\b",
    re.IGNORECASE,
)
AGREEMENT_OBJECT = re.compile(
    r"\b(?:agreements?|deals?|pacts?|treat(?:y|ies)|accords?|declarations?|memorand(?:um|a)|"
    r"partnership|communiqu[ée]|contracts?|security guarantees?|prisoners|POWs|PoWs|captives|"
    r"(?:prisoner|POW|PoW)\s+(?:swaps?|exchanges?))\b",
    re.IGNORECASE,
)
MILITARY_OBJECT = re.compile(
    r"\b(?:military|weapons?|arms|ammunition|munitions|shells|missiles?|air[- ]defen[cs]e|"
    r"systems?|tanks?|jets?|aircraft|drones?|artillery|interceptors?|armou?red|vehicles?|"
    r"carriers?|howitzers?|rockets?|launchers?|guns?|rifles?|equipment|defen[cs]e (?:aid|package))\b",
    re.IGNORECASE,
)
HYPOTHETICAL = re.compile(
    r"\b(?:if|would|could|might|may|unless|whether|plans? to|planning to|threaten(?:s|ed)? to|"
    r"consider(?:s|ing)?|vow(?:s|ed|ing)?|premise|threat(?:s|en(?:s|ed|ing)?)?|warn(?:s|ed|ing)?\s+of|"
    r"intend(?:s|ed)? to|ready to|willing to|"
    r"asked for|asks for|calls? for|called for|urg(?:es|ed)|request(?:s|ed)?|demand(?:s|ed)?|"
    r"wants? to|seek(?:s|ing)? to|tried to|tries to|will|(?:is|are|was|were) (?:un)?likely to|"
    r"expect(?:s|ed|ing)?|set to|poised to|prepar(?:es|ed|ing)(?: to)?|readies|readying|in the coming "
    r"(?:days|weeks|months))\b",
    re.IGNORECASE,
)
CALLED_OFF = re.compile(
    r"^[^.;]{0,100}?\b(?:was|were|has been|have been|had been|is being|was being)\s+(?:\w+\s+)?"
    r"(?:postponed|cancell?ed|called off|scrapped|put off|held up|stalled|frozen)\b",
    re.IGNORECASE,
)
"""What follows a cue and undoes it: "a planned meeting of the group was postponed"."""
NOT_A_PLACE = re.compile(
    r"^\s+(?:of\s+)?(?:(?:the|a|an|its|their)\s+)?(?:[\w.-]+\s+){0,2}?"
    r"(?:deals?|agreements?|treat(?:y|ies)|accords?|pacts?|initiatives?|talks|negotiations|"
    r"conventions?)\b",
    re.IGNORECASE,
)
"""What one pulls out of or withdraws from that is no ground: "pulled out of a grain deal"."""
NEGATED = re.compile(
    r"\b(?:blocked|blocks|blocking|vetoed|vetoes|halted|suspended|stalled|rejected|refused|denied|denies|"
    r"cancelled|canceled|failed to|did not|didn't|does not|doesn't|won't|will not|not|never|no longer|"
    r"delayed|delays|postponed|postpones|called off|opposed|opposes|ending|halting|cutting off)\b",
    re.IGNORECASE,
)
GENERIC_BEFORE = re.compile(
    r"\b(?:daily|nightly|regular|constant|repeated|ongoing|continued|continuing|relentless|"
    r"frequent)\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
GENERIC = re.compile(
    r"\b(?:daily|nightly|regular|constant|repeated|repeatedly|ongoing|continued|continuing|relentless|"
    r"frequent|wars? of|history of|since (?:(?:\d{1,2}\s+)?[A-Z][a-z]+\s+(?:\d{1,2},?\s+)?)?\d{4}|"
    r"since then|every (?:day|night|week|month|winter|"
    r"summer|spring|autumn|year)|in world war|during world war|world war ii)\b",
    re.IGNORECASE,
)


def find_cues(sentence: str) -> list[Cue]:
    """Return every cue in a sentence, verbal ones first where they overlap nominal ones."""
    found: list[Cue] = []
    for type_, (verbal, nominal) in _CUES.items():
        for pattern, is_verbal in ((verbal, True), (nominal, False)):
            if pattern is None:
                continue
            for m in pattern.finditer(sentence):
                found.append(Cue(type_, m.start(), m.end(), is_verbal, m.group()))
    found.sort(key=lambda c: (c.start, not c.verbal))
    return found


# Subtypes of Attack by the category of the means named near the cue.
CATEGORY_TYPES = {
    "Missile": "MissileStrike",
    "Drone": "DroneStrike",
    "Bomb": "AirStrike",
    "Aircraft": "AirStrike",
    "Helicopter": "AirStrike",
    "Artillery": "Shelling",
    "Rocket": "Shelling",
    "Munition": "Shelling",
}
WORD_TYPES = [
    (re.compile(r"\b(?:missiles?|ballistic|cruise)\b", re.I), "MissileStrike"),
    (
        re.compile(
            r"\b(?:air ?strikes?|aerial bombs?|glide bombs?|guided bombs?|bombers?|warplanes?|"
            r"jets?|aircraft|bombed|bombing)\b",
            re.I,
        ),
        "AirStrike",
    ),
    (re.compile(r"\b(?:drones?|UAVs?|unmanned)\b", re.I), "DroneStrike"),
    (
        re.compile(
            r"\b(?:shell(?:ed|ing|s)?|artillery|mortars?|rocket launchers?|MLRS|howitzers?|"
            r"cluster munitions)\b",
            re.I,
        ),
        "Shelling",
    ),
]
SUBTYPE_ORDER = ("MissileStrike", "AirStrike", "DroneStrike", "Shelling")


def attack_subtype(text: str, categories: list[str]) -> str:
    """Choose the attack type from equipment categories and wording; ``Attack`` when unsaid.

    Means of several kinds named together go by the kind most of them are ("with artillery,
    mortars and drones" is shelling: two of three means are artillery's); a tie goes to the
    heavier means, in :data:`SUBTYPE_ORDER` (missiles and drones: a missile strike)."""
    found: dict[str, int] = {}
    for c in categories:
        if c in CATEGORY_TYPES:
            found[CATEGORY_TYPES[c]] = found.get(CATEGORY_TYPES[c], 0) + 1
    for pattern, type_ in WORD_TYPES:
        if type_ not in found and pattern.search(text):
            found[type_] = 1
    if not found:
        return "Attack"
    return max(SUBTYPE_ORDER, key=lambda t: (found.get(t, 0), -SUBTYPE_ORDER.index(t)))
