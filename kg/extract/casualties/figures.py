"""Casualty counts in the language of war reporting (pure functions, no RDF).

:func:`find_casualties` finds who was killed or injured, over the grammar of such sentences
rather than over set phrases. A sentence is tokenised; counts are found left to right (with
their qualifiers: "at least" and "more than" set ``at_least``); then, for every casualty
word (kill, slay, die, wound, injure, hurt, dead, deaths, injuries...):

1. object count — an active verb followed by a count and an optional person noun:
   "killed one person", "injured another", "wounding 5", "killed at least one civilian";
2. subject count — a count, optionally a person noun, optionally auxiliaries, then a passive
   or intransitive form: "Four civilians have been killed", "two people died", "and four
   wounded", "one killed, two injured", "left five dead", "a 43-year-old man has killed"
   (``has killed`` with no object reads as the passive it was meant to be); a parenthesis
   such as ", including a child," between subject and verb is skipped;
3. set constructions: "death toll rose to 12", "claimed the lives of two", "claimed two
   lives", "two people lost their lives", "a man's body", "the bodies of three people";
4. negation: "no casualties" (killed 0 and injured 0), "no one was hurt" (both 0), "no one
   was injured" (injured 0), "no deaths" (killed 0);
5. wounds suffered or treated (:mod:`kg.extract.casualties.wounds`): "a guard was taken to hospital with
   shrapnel wounds", "two men sustained burns", where the sentence has no other injured.

A count serves one mention only, an object reading is tried before a subject reading, and a
subject must be a bare count or a count with a person noun ("Two missiles killed" is not two
dead). What is not counted: counts inside an apposition or inclusion ("injured 11 civilians —
four men and seven women", "including a teenager", "two of them"), counts of things ("more
than 30 guests were staying", "four days in a row"), ages ("43-year-old"), hospitalisations
with no wounds named, and "casualties" with a number but no split between killed and injured.

Civilian flag (``CasualtyMention.civilian``): ``True`` when the victims are named as
civilians or as people in civilian roles or plain people (civilians, residents, people, men,
women, children, engineers, guests, journalists, workers...), ``False`` when named as
military (soldiers, servicemen, troops, personnel...), ``None`` when unsaid or neutral
(victims, others, police, nationalities). A mention without a noun of its own ("and four
wounded", "injured another") takes the flag of the mention before it in the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.casualties.joined import Found, conjoined, gapped
from kg.extract.casualties.victims import (
    AUX,
    BOUNDARY,
    INCLUSION,
    NOUN_VERBS,
    OF_NOUNS,
    PERSON_NOUNS,
    VERBS,
    YEAR_PREPOSITIONS,
    count_ok,
    is_adjective,
    noun_phrase,
    skip_ages,
    skip_of_place,
    skip_parenthesis,
)
from kg.extract.casualties.wounds import headline_subjects, wounded_subjects
from kg.extract.text.numbers import Count, NumberWord, number_words, parse_count

__all__ = ["PERSON_NOUNS", "CasualtyMention", "find_casualties"]


@dataclass(frozen=True)
class CasualtyMention:
    """People killed or injured, as one phrase of a sentence says.

    ``count`` is ``None`` when the phrase gives no number ("dozens were injured");
    ``at_least`` when it is a lower bound ("at least", "more than"); ``civilian`` as the
    module describes; ``start``/``end`` the phrase's offsets in the sentence.
    """

    kind: str
    count: int | None
    at_least: bool
    civilian: bool | None
    start: int
    end: int
    toll: bool = False
    """The figure is a running total ("the death toll rose to 12")."""


def _counts(tokens: list[NumberWord]) -> dict[int, Count]:
    """Counts found left to right, keyed by their first token; a count is read greedily."""
    out: dict[int, Count] = {}
    i = 0
    ages = False  # "two men aged 51 and 70": the numbers after "aged" are ages, not people
    while i < len(tokens):
        count = parse_count(tokens, i)
        if count is None:
            ages = ages and tokens[i].low in (",", "and", "to")
            i += 1
            continue
        if count.first > 0 and (tokens[count.first - 1].low == "aged" or ages):
            ages = True
            i = count.last
            continue
        t = tokens[count.last - 1]
        if (
            count.value is not None
            and 1900 <= count.value <= 2100
            and re.fullmatch(r"\d{4}", t.text)
            and count.first > 0
            and tokens[count.first - 1].low in YEAR_PREPOSITIONS
        ):
            i = count.last
            continue
        out[i] = count
        i = count.last
    return out


def find_casualties(sentence: str) -> list[CasualtyMention]:
    """Find the killed and injured a sentence reports (see the module's rules).

    Args:
        sentence: one sentence (or a short passage); offsets in the result point into it.

    Returns:
        Mentions in the order of the sentence.
    """
    tokens = number_words(sentence)
    reading = _Reading(tokens, _counts(tokens), [i for i, t in enumerate(tokens) if t.low in VERBS])
    _negations(reading)
    _object_readings(reading)
    _lives_claimed(reading)
    _lives_lost(reading)
    _tolls(reading)
    _bodies(reading)
    _subject_readings(reading)
    _headlines_and_wounds(reading)
    return _mentions(reading)


@dataclass
class _Reading:
    """What the passes over one sentence share: its words, its counts by first word and the
    casualty words among them; the counts and casualty words already read (a count serves one
    mention only, a verb one reading); the figures found so far."""

    tokens: list[NumberWord]
    counts: dict[int, Count]
    verbs: list[int]
    used: set[int] = field(default_factory=set)
    done: set[int] = field(default_factory=set)
    found: list[Found] = field(default_factory=list)

    def verb_kind(self, v: int) -> str:
        """The kind a casualty word tells; "fatally wounded" is killed."""
        kind = VERBS[self.tokens[v].low][0]
        if kind == "injured" and v > 0 and self.tokens[v - 1].low in ("fatally", "mortally"):
            return "killed"
        return kind


_REPORTED_OF = frozenset({"reports", "report", "word", "information", "immediate", "initial", "of",
                          "on", "about"})
"""Words between "no" and a casualty noun that keep the negation: "no reports of casualties"."""

_NEGATED = {
    "casualties": ("killed", "injured"),
    "victims": ("killed", "injured"),
    "deaths": ("killed",),
    "fatalities": ("killed",),
    "dead": ("killed",),
    "injuries": ("injured",),
    "wounded": ("injured",),
    "injured": ("injured",),
}
_CLAIMS = (
    "claimed", "claiming", "claim", "claims", "took", "taking", "take", "takes", "cost", "costing", "costs",
)  # fmt: skip
_NUMBER_OF = {
    "dead": "killed",
    "deaths": "killed",
    "killed": "killed",
    "fatalities": "killed",
    "injured": "injured",
    "wounded": "injured",
    "injuries": "injured",
}
_WHO_COUNTED = frozenset({"people", "persons", "civilians", "those", "victims", "residents"})
_TOLL_VERBS = (
    "to", "at", "of", "is", "was", "reached", "hit", "stands", "stood", "now", "climbed", "rose", "risen",
    "increased",
)  # fmt: skip


def _negations(r: _Reading) -> None:
    """Negation as nouns: "no casualties", "no civilian deaths", "without casualties"."""
    tokens, found = r.tokens, r.found
    for i, t in enumerate(tokens):
        if t.low not in ("no", "without", "zero"):
            continue
        for k in range(i + 1, min(i + 6, len(tokens))):
            kinds = _NEGATED.get(tokens[k].low)
            if kinds:
                civ = True if any(tokens[m].low == "civilian" for m in range(i + 1, k)) else None
                for kind in kinds:
                    found.append(Found(kind, Count(0, False, False, i, i + 1), civ, True, i, k + 1))
                r.used.add(i)
                r.done.update({k})
                break
            if not is_adjective(tokens, k) and tokens[k].low not in _REPORTED_OF:
                break


def _object_readings(r: _Reading) -> None:
    """An active verb and the count after it: "killed one person", "wounding 5"."""
    tokens, counts, used, done, found = r.tokens, r.counts, r.used, r.done, r.found
    for v in r.verbs:
        if v in done or "o" not in VERBS[tokens[v].low][1]:
            continue
        c = v + 1
        if c < len(tokens) and tokens[v].low in OF_NOUNS and tokens[c].low == "of":
            c += 1
        count = counts.get(c)
        if count is None or c in used or count.value == 0 and tokens[c].low == "no":
            continue
        stop = count.last
        noun: tuple[bool, bool | None, bool] | None = (False, None, False)
        for end in range(min(count.last + 4, len(tokens)), count.last, -1):
            candidate = noun_phrase(tokens, count.last, end)
            if candidate is not None and candidate[0]:
                noun, stop = candidate, end
                break
        if not noun[0] and stop < len(tokens) and tokens[stop].low not in BOUNDARY | VERBS.keys():
            continue  # "killed 2 km", "wounded 20 percent"
        if not count_ok(count, noun):
            continue
        used.add(c)
        done.add(v)
        if noun[0] and count.value is not None:
            count, stop = conjoined(tokens, counts, used, count, stop)
        found.append(Found(r.verb_kind(v), count, noun[1], noun[0], v, stop))
        found.extend(gapped(tokens, counts, used, r.verb_kind(v), stop, noun[1]))


def _lives_claimed(r: _Reading) -> None:
    """ "claimed the lives of two", "claimed two lives", "cost five lives"."""
    tokens, counts, used, found = r.tokens, r.counts, r.used, r.found
    for i, t in enumerate(tokens):
        if t.low not in _CLAIMS:
            continue
        j = i + 1
        if j < len(tokens) and tokens[j].low == "the":
            j += 1
        if j + 1 < len(tokens) and tokens[j].low in ("lives", "life") and tokens[j + 1].low == "of":
            count = counts.get(j + 2)
            if count is not None and j + 2 not in used:
                noun = noun_phrase(tokens, count.last, min(count.last + 1, len(tokens)))
                has = noun is not None and noun[0]
                stop = count.last + (1 if has else 0)
                used.add(j + 2)
                found.append(Found("killed", count, noun[1] if has and noun else None, has, i, stop))
            continue
        count = counts.get(i + 1)
        if count is not None and i + 1 not in used:
            k = count.last
            while k < len(tokens) and k < count.last + 3 and tokens[k].low not in ("lives", "life"):
                k += 1
            if k < len(tokens) and tokens[k].low in ("lives", "life"):
                used.add(i + 1)
                civ = True if any(tokens[m].low == "civilian" for m in range(count.last, k)) else None
                found.append(Found("killed", count, civ, civ is not None, i, k + 1))


def _lives_lost(r: _Reading) -> None:
    """ "Two people lost their lives", "a man lost his life": the subject's count is killed."""
    tokens = r.tokens
    for v in range(len(tokens) - 2):
        if tokens[v].low != "lost" or tokens[v + 1].low not in ("their", "his", "her") \
                or tokens[v + 2].low not in ("lives", "life"):
            continue
        best = _subject(tokens, r.counts, r.used, v)
        if best is None:
            continue
        first, count, noun = best
        r.used.add(first)
        r.found.append(Found("killed", count, noun[1], noun[0], first, v + 3))


def _tolls(r: _Reading) -> None:
    """Running totals: "the death toll rose to 12", "the number of injured reached 30"."""
    tokens, counts, used, found = r.tokens, r.counts, r.used, r.found
    for i, t in enumerate(tokens):
        kind = None
        if t.low == "toll":
            kind = "injured" if i > 0 and tokens[i - 1].low in ("injury", "casualty") else "killed"
            if i > 0 and tokens[i - 1].low == "casualty":
                continue
        elif t.low == "number" and i + 2 < len(tokens) and tokens[i + 1].low == "of":
            j = i + 2
            # "the number of people killed by the weekend's strike has climbed to 35"
            if tokens[j].low in _WHO_COUNTED and j + 1 < len(tokens) and tokens[j + 1].low in _NUMBER_OF:
                j += 1
            kind = _NUMBER_OF.get(tokens[j].low)
            if kind:
                r.done.add(j)
        if kind is None:
            continue
        # "the death toll from the April 13 strike with two missiles on X had risen to"
        for k in range(i + 1, min(i + 32, len(tokens))):
            if tokens[k].low in (".", ";"):
                break
            if tokens[k - 1].low in _TOLL_VERBS and k in counts:
                count = counts[k]
                if k in used or count.article:
                    break
                used.add(k)
                first = i - 1 if i > 0 and tokens[i - 1].low in ("death", "injury") else i
                found.append(Found(kind, count, None, False, first, count.last, toll=True))
                break


def _bodies(r: _Reading) -> None:
    """Bodies found: "a man's body", "three bodies", "the bodies of two people"."""
    tokens, counts, used, found = r.tokens, r.counts, r.used, r.found
    for i, t in enumerate(tokens):
        if t.low not in ("body", "bodies"):
            continue
        if i + 1 < len(tokens) and tokens[i + 1].low == "of":
            count = counts.get(i + 2)
            if count is not None and i + 2 not in used:
                noun = noun_phrase(tokens, count.last, min(count.last + 1, len(tokens))) or (
                    False,
                    None,
                    False,
                )
                if count_ok(count, noun) or (count.article and t.low == "body"):
                    used.add(i + 2)
                    found.append(Found("killed", count, noun[1], noun[0], i, count.last + int(noun[0])))
            continue
        for first in range(max(i - 5, 0), i):
            count = counts.get(first)
            if count is None or first in used:
                continue
            if count.last == i:
                if count.article and t.low == "body":
                    break
                noun = (False, None, False)
            elif tokens[i - 1].low.endswith("'s") or tokens[i - 1].low.endswith("s'"):
                noun = noun_phrase(tokens, count.last, i)
                if noun is None or not count_ok(count, noun):
                    continue
            else:
                noun = noun_phrase(tokens, count.last, i)
                if noun is None or noun[0]:
                    continue
            used.add(first)
            found.append(Found("killed", count, noun[1], noun[0], first, i + 1))
            break


def _subject_readings(r: _Reading) -> None:
    """A count before a passive or intransitive verb: "Four civilians have been killed", "and
    four wounded", "two people died"."""
    tokens, counts, used, found = r.tokens, r.counts, r.used, r.found
    for v in r.verbs:
        if v in r.done or "s" not in VERBS[tokens[v].low][1]:
            continue
        best = _subject(tokens, counts, used, v)
        if best is None:
            continue
        first, count, noun = best
        used.add(first)
        r.done.add(v)
        found.append(Found(r.verb_kind(v), count, noun[1], noun[0], first, v + 1))
        if count.value is not None and not count.article and tokens[v].low not in NOUN_VERBS:
            found.extend(gapped(tokens, counts, used, r.verb_kind(v), v + 1, noun[1]))  # "... and one in B"
        if count.value == 0 and tokens[v].low in ("hurt", "harmed"):
            found.append(Found("killed", count, noun[1], noun[0], first, v + 1))
        if count.value == 0:  # "no one was killed or injured": the none holds for both verbs
            for w in _coordinated_verbs(tokens, v):
                r.done.add(w)
                found.append(Found(r.verb_kind(w), count, noun[1], noun[0], first, w + 1))


def _coordinated_verbs(tokens: list[NumberWord], v: int) -> list[int]:
    """The casualty words joined to the one at ``v`` by "or"/"and" ("killed or injured",
    "killed, injured or hurt")."""
    out, i = [], v + 1
    while i + 1 < len(tokens) and tokens[i].low in ("or", "and", "nor", ","):
        if tokens[i + 1].low in VERBS:
            out.append(i + 1)
            i += 2
        elif tokens[i].low == "," and tokens[i + 1].low in ("or", "and", "nor"):
            i += 1
        else:
            break
    return out


def _subject(
    tokens: list[NumberWord], counts: dict[int, Count], used: set[int], v: int
) -> tuple[int, Count, tuple] | None:
    """The unread count (with its noun) that is the subject of the casualty word at ``v``: over
    auxiliaries, a parenthesis, ages and "of <place>"; not a count inside an inclusion."""
    q = v - 1
    if tokens[v].low in NOUN_VERBS:
        pass  # "two deaths": the count stands right before, with adjectives
    else:
        while q >= 0 and tokens[q].low in AUX and not (tokens[q].low == "both" and q in counts):
            q -= 1
        q = skip_of_place(tokens, skip_ages(tokens, skip_parenthesis(tokens, q)))
    for first in range(q, max(q - 5, -1), -1):
        count = counts.get(first)
        if count is None or first in used or count.last > q + 1:
            continue
        if count.article and first > 1 and tokens[first - 1].low == "of" and \
                getattr(counts.get(first - 2), "value", None) == 0:
            continue  # "none of the crew": the article is not the subject's count
        total = (
            first > 1
            and tokens[first - 1].low == "among"
            and tokens[first - 2].low in ("was", "were", "is", "are")
        )  # "X was among four killed"
        if (
            first > 0
            and not total
            and (
                tokens[first - 1].low in INCLUSION
                or (first > 1 and tokens[first - 1].low == "them" and tokens[first - 2].low == "among")
            )
        ):
            break
        noun = noun_phrase(tokens, count.last, q + 1)
        if noun is None and count.value == 0 and tokens[count.last].low == "of":
            start = count.last + 1 + (tokens[count.last + 1].low in ("the", "its", "their"))
            noun = noun_phrase(tokens, start, q + 1)  # "none of the residents were injured"
        if noun is None or not count_ok(count, noun):
            continue
        return _joined_subject(tokens, counts, used, first, count, noun)
    return None


def _joined_subject(tokens: list[NumberWord], counts: dict[int, Count], used: set[int], first: int,
                    count: Count, noun: tuple) -> tuple[int, Count, tuple]:
    """ "A woman and a child were killed", "two men and a woman were injured": persons joined by
    "and" before the verb are one subject, their counts added."""
    while first > 1 and tokens[first - 1].low == "and" and count.value is not None:
        for p in range(first - 2, max(first - 6, -1), -1):
            prev = counts.get(p)
            if prev is None or p in used or prev.value is None or prev.last > first - 1:
                continue
            head = noun_phrase(tokens, prev.last, first - 1)
            if head is None or not head[0] or not count_ok(prev, head):
                return first, count, noun
            used.add(p)
            count = Count(prev.value + count.value, prev.at_least or count.at_least, False, prev.first,
                          count.last)
            first = p
            break
        else:
            break
    return first, count, noun


def _headlines_and_wounds(r: _Reading) -> None:
    """Headline subjects ("man killed by drone"), then wounds suffered or treated ("taken to
    hospital with shrapnel wounds") where the sentence has no other injured."""
    found, used = r.found, r.used
    for kind, count, civilian, first, last in headline_subjects(r.tokens, r.verbs, r.done, used):
        found.append(Found(kind, count, civilian, True, first, last))
    if not any(f.kind == "injured" for f in found):
        for count, civ, has_noun, first, last in wounded_subjects(r.tokens, r.counts):
            if first not in used:
                used.add(first)
                found.append(Found("injured", count, civ, has_noun, first, last))


def _mentions(r: _Reading) -> list[CasualtyMention]:
    """The figures in the order of the sentence; one without a noun of its own takes the civilian
    flag of the one before it."""
    tokens = r.tokens
    r.found.sort(key=lambda f: (f.first, f.kind))
    out: list[CasualtyMention] = []
    previous: bool | None = None
    for f in r.found:
        civilian = f.civilian
        if not f.has_noun or (civilian is None and tokens[f.last - 1].low in ("others", "more", "another")):
            civilian = previous if civilian is None else civilian
        previous = civilian
        out.append(
            CasualtyMention(
                kind=f.kind,
                count=f.count.value,
                at_least=f.count.at_least,
                civilian=civilian,
                start=tokens[f.first].start,
                end=tokens[f.last - 1].end,
                toll=f.toll,
            )
        )
    return out
