"""The words of casualty reports: who the victims are and what happened to them.

Person nouns with the civilian flag each implies (civilians, residents, soldiers, victims...),
the casualty words (kill, die, wound, dead, injuries...) with how they take their count, the
function words a noun phrase stops at, and the noun-phrase tests :mod:`kg.extract.casualties.figures`
reads sentences with ("at least six civilians", "two elderly residents").
"""

from __future__ import annotations

import re

from kg.extract.text.numbers import Count, NumberWord, parse_count, starts_with_digit

__all__ = ["AUX", "BOUNDARY", "FUNCTION_WORDS", "INCLUSION", "NOUN_VERBS", "OF_NOUNS", "PERSON_NOUNS",
           "VERBS", "YEAR_PREPOSITIONS", "count_ok", "is_adjective", "noun_phrase", "person_noun",
           "skip_ages", "skip_of_place", "skip_parenthesis"]

# ---------------------------------------------------------------- persons

_CIVILIAN_NOUNS = (
    "civilian civilians person people man men woman women child children kid kids boy boys girl girls "
    "teenager teenagers teen teens adolescent adolescents baby babies infant infants toddler "
    "toddlers pensioner pensioners retiree retirees elderly resident residents inhabitant "
    "inhabitants villager villagers local locals citizen citizens engineer engineers worker "
    "workers employee employees staff guest guests passenger passengers driver drivers "
    "journalist journalists reporter reporters photographer photographers cameraman rescuer "
    "rescuers firefighter firefighters medic medics paramedic paramedics doctor doctors nurse "
    "nurses volunteer volunteers farmer farmers miner miners student students pupil pupils "
    "patient patients teacher teachers family families father mother son daughter husband wife "
    "brother sister grandmother grandfather grandson granddaughter individual individuals "
    "shopper shoppers customer customers electrician electricians priest priests humanitarian "
    "humanitarians persons"
).split()
_MILITARY_NOUNS = (
    "soldier soldiers serviceman servicemen servicewoman servicewomen servicemember "
    "servicemembers troop troops fighter fighters personnel marine marines sailor sailors "
    "militant militants mercenary mercenaries conscript conscripts paratrooper paratroopers "
    "commander commanders gunner gunners combatant combatants recruit recruits guardsman "
    "guardsmen infantryman infantrymen sniper snipers"
).split()
_NEUTRAL_NOUNS = (
    "victim victims other others more police policeman policemen policewoman officer officers "
    "crew member members pilot pilots guard guards official officials national nationals "
    "foreigner foreigners seafarer seafarers crewman crewmen"
).split()
PERSON_NOUNS: dict[str, bool | None] = {
    **{w: None for w in _NEUTRAL_NOUNS},
    **{w: True for w in _CIVILIAN_NOUNS},
    **{w: False for w in _MILITARY_NOUNS},
}
"""Nouns naming people, with the civilian flag each implies (``None``: unsaid)."""

_PLURAL_ONLY = frozenset(
    {
        "people",
        "men",
        "women",
        "children",
        "police",
        "personnel",
        "staff",
        "elderly",
        "troops",
        "others",
        "more",
    }
)
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ians|ans|ese|is|ers)$")
_AGED = re.compile(r"^[\w]+-(?:year|month)s?-old(s?)$")
"""An age standing for the person ("a 9-year-old was killed", "two 17-year-olds")."""

AUX = frozenset(
    "was were is are been be being has have had got get gets reportedly allegedly also all both "
    "later subsequently then seriously severely critically badly slightly lightly moderately "
    "gravely fatally mortally reported confirmed found believed feared thought said to were either each "
    "immediately instantly just now".split()
)
BOUNDARY = frozenset(
    "and or but in on at when while with during after as by near from of , . ; : ! ? — – - ( ) "
    "\" “ ” ' ’ that who which including among since across inside outside".split()
)
FUNCTION_WORDS = (
    AUX
    | BOUNDARY
    | frozenset(
        "a an the this that these those his her its their our your my not no than into onto for to".split()
    )
)
INCLUSION = frozenset({"including", "incl", "among", "whom", "plus"})
YEAR_PREPOSITIONS = frozenset(
    {"in", "since", "of", "by", "from", "until", "during", "before", "after", "to", "and", "through"}
)

# casualty words: kind, and how they take their count
#   "o" object reading possible (active transitive), "s" subject reading possible
VERBS: dict[str, tuple[str, str]] = {}
for _w in ("kill", "kills", "killing", "slay", "slays", "slaying", "murdering", "executing"):
    VERBS[_w] = ("killed", "o")
for _w in ("killed", "slew", "murdered", "executed"):
    VERBS[_w] = ("killed", "os")
for _w in ("slain", "died", "die", "dies", "perished", "perish", "dead", "deaths", "fatalities", "death"):
    VERBS[_w] = ("killed", "s")
for _w in ("injure", "injures", "injuring", "wound", "wounds", "wounding", "hurting", "maiming"):
    VERBS[_w] = ("injured", "o")
for _w in ("injured", "wounded", "hurt", "maimed", "harmed"):
    VERBS[_w] = ("injured", "os")
for _w in ("injuries", "injury"):
    VERBS[_w] = ("injured", "s")
NOUN_VERBS = frozenset({"deaths", "fatalities", "death", "injuries", "injury"})
OF_NOUNS = frozenset({"killing", "killings", "murder", "murders", "deaths", "death"})


def person_noun(tokens: list[NumberWord], i: int) -> tuple[bool, bool | None, bool] | None:
    """If token ``i`` is a person noun: (is_person, civilian flag, singular)."""
    if i >= len(tokens):
        return None
    t = tokens[i]
    low = t.low[:-2] if t.low.endswith("'s") else t.low
    if low in PERSON_NOUNS:
        singular = not low.endswith("s") and low not in _PLURAL_ONLY or low in ("boss",)
        if low in ("children", "men", "women", "people", "staff", "personnel"):
            singular = False
        return True, PERSON_NOUNS[low], singular
    if _DEMONYM.match(t.text.rstrip("'’s")) and t.text[0].isupper() and i > 0:
        return True, None, False
    aged = _AGED.match(low)
    if aged and (i + 1 >= len(tokens) or person_noun(tokens, i + 1) is None):
        return True, None, not aged.group(1)
    return None


def is_adjective(tokens: list[NumberWord], i: int) -> bool:
    t = tokens[i]
    if t.low in FUNCTION_WORDS or t.low in VERBS or not (t.text[0].isalpha() or "-" in t.text):
        return False
    if starts_with_digit(t.text):
        return "-" in t.text  # 43-year-old
    return parse_count([t], 0) is None or t.low in ("other", "more")


def noun_phrase(tokens: list[NumberWord], start: int, stop: int) -> tuple[bool, bool | None, bool] | None:
    """Whether tokens[start:stop] are ``adjective* person-noun`` (at most three adjectives).

    Returns (has noun, civilian flag, singular) or ``None`` when they are something else.
    An empty range is a bare count.
    """
    if start == stop:
        return False, None, False
    person = person_noun(tokens, stop - 1)
    if person is None or stop - 1 - start > 3:
        return None
    civilian = person[1]
    for k in range(start, stop - 1):
        if not is_adjective(tokens, k):
            return None
        if tokens[k].low == "civilian":
            civilian = True
    return True, civilian, person[2]


def count_ok(count: Count, noun: tuple[bool, bool | None, bool]) -> bool:
    has_noun, _, singular = noun
    if count.article:
        return has_noun and singular
    return True


def skip_of_place(tokens: list[NumberWord], q: int) -> int:
    """If tokens end at ``q`` with a person noun and "of" a place ("two residents of Huliaipole"),
    return the noun's index: the place says whose people they are."""
    for k in range(q, max(q - 4, 0), -1):
        if not tokens[k].text[:1].isupper():
            break
        if tokens[k - 1].low == "of" and k >= 2 and person_noun(tokens, k - 2) is not None:
            return k - 2
    return q


def skip_ages(tokens: list[NumberWord], q: int) -> int:
    """If tokens end at ``q`` with "aged 51 and 70", skip it: the subject stands before."""
    k = q
    while k >= 0 and (starts_with_digit(tokens[k].text) or tokens[k].low in (",", "and", "to")):
        k -= 1
    return k - 1 if k >= 0 and k < q and tokens[k].low == "aged" else q


def skip_parenthesis(tokens: list[NumberWord], q: int) -> int:
    """If tokens end at ``q`` with ``, including a child ,``, ``, two of them children ,`` or a
    dashed aside, skip it."""
    if q < 0 or tokens[q].text not in (",", "—", "–"):
        return q
    mark = tokens[q].text
    for k in range(q - 1, max(q - 10, -1), -1):
        if tokens[k].text == mark:
            first = tokens[k + 1].low if k + 1 < q else ""
            if first in INCLUSION or first in ("aged", "both", "all") or starts_with_digit(first):
                return k - 1
            if any(tokens[j].low in ("them", "whom") and tokens[j - 1].low in ("of", "among")
                   for j in range(k + 2, q)):
                return k - 1  # ", two of them children,": a part of the count before it
            return q
    return q
