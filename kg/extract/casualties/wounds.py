"""People told as wounded by what they suffered or where they were taken, not by a casualty verb.

"A security guard was taken to hospital with shrapnel wounds", "She was hospitalised with burns",
"Two men sustained shrapnel injuries": the subject is as many people injured as it counts (a
person with an article, or "he"/"she", is one). Taken to hospital without wounds named ("two of
the injured were later taken to hospital") counts no one: those are people already counted.
"""
from __future__ import annotations

from kg.extract.casualties.victims import AUX, count_ok, is_adjective, noun_phrase, person_noun
from kg.extract.text.numbers import Count, NumberWord

WOUND_NOUNS = frozenset({"wounds", "wound", "injuries", "injury", "burns", "fractures"})
_SUFFER = frozenset({"sustained", "suffered", "received", "sustaining", "suffering", "receiving"})
_CARE = frozenset({"taken", "rushed", "brought", "admitted", "hospitalised", "hospitalized",
                   "evacuated", "airlifted", "treated"})
_PRONOUNS = frozenset({"he", "she"})
_STOP = frozenset({".", ";", ",", ":", "and", "but", "while", "when", "after", "as", "who", "which"})


Subject = tuple[Count, bool | None, bool, int]
"""A subject's count, civilian flag, whether it has a person noun, and its first token."""


def wounded_subjects(tokens: list[NumberWord], counts: dict[int, Count]) -> list[tuple]:
    """(count, civilian flag, has noun, first, last token) of each subject so told as wounded."""
    out = []
    for w, t in enumerate(tokens):
        if t.low not in WOUND_NOUNS:
            continue
        verb = _verb_before(tokens, w)
        if verb is None:
            continue
        subject = _subject(tokens, counts, verb)
        if subject is not None:
            out.append((*subject, w + 1))
    return out


def _verb_before(tokens: list[NumberWord], w: int) -> int | None:
    """The verb that governs the wound noun: "suffered [shrapnel] wounds", "taken to hospital
    with [serious] wounds"."""
    k = w - 1
    while k >= 0 and w - k <= 3 and tokens[k].low not in _STOP and tokens[k].low != "with":
        if tokens[k].low in _SUFFER:
            return k
        k -= 1
    if k < 0 or tokens[k].low != "with":
        return None
    for v in range(k - 1, max(-1, k - 6), -1):
        if tokens[v].low in _STOP:
            return None
        if tokens[v].low in _CARE:
            return v
    return None


def _subject(tokens: list[NumberWord], counts: dict[int, Count], verb: int) -> Subject | None:
    k = verb - 1
    while k >= 0 and tokens[k].low in AUX:
        k -= 1
    end = k + 1  # the subject ends before its auxiliaries
    if end == 0:
        return None
    if tokens[k].low in _PRONOUNS and (k == 0 or tokens[k - 1].low in _STOP):
        return Count(1, False, False, k, k + 1), None, False, k
    for first in range(max(0, end - 5), end):
        count = counts.get(first)
        if count is None or (first > 0 and tokens[first - 1].low not in _STOP):
            continue
        noun = noun_phrase(tokens, count.last, end)
        if noun is not None and noun[0] and count_ok(count, noun):
            return count, noun[1], True, first
    return None


_HEADLINE_START = frozenset({":", "—", "–", "-", "|"})
_HEADLINE_VERBS = frozenset({"killed", "wounded", "injured", "hurt", "dies", "died"})


def headline_subjects(
    tokens: list[NumberWord], verbs: list[int], done: set[int], used: set[int]
) -> list[tuple]:
    """A headline drops its articles: "Kherson: man killed by drone", "Woman wounded as shell
    hits Nikopol" each tell of one person, a singular noun opening the line or its clause.
    Returns (kind, count, civilian flag, first, last token) of each."""
    out = []
    for v in verbs:
        if v in done or v < 1 or tokens[v].low not in _HEADLINE_VERBS:
            continue
        n = v - 1
        person = person_noun(tokens, n)
        if person is None or not person[2] or n in used:
            continue
        first = n
        while first > 0 and first > n - 2 and is_adjective(tokens, first - 1):
            first -= 1
        if first > 0 and tokens[first - 1].low not in _HEADLINE_START:
            continue
        done.add(v)
        kind = "killed" if tokens[v].low in ("killed", "dies", "died") else "injured"
        out.append((kind, Count(1, False, False, first, n + 1), person[1], first, v + 1))
    return out
