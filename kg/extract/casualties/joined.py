"""Figures joined to the one before them in a casualty sentence.

- "wounding the driver and two passengers": victims joined by "and" add up;
- "killed three people in Donetsk Oblast and two in Kherson Oblast", "Two people were killed
  in Toretsk and one in Kurakhove": a count after "and" that is followed by a place takes the
  verb before it, active or passive, and is a figure of its own, for its place.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.casualties.victims import AUX, VERBS, count_ok, noun_phrase
from kg.extract.text.numbers import Count, NumberWord


@dataclass
class Found:
    kind: str
    count: Count
    civilian: bool | None
    has_noun: bool
    first: int  # token indexes of the whole phrase
    last: int
    toll: bool = False


def conjoined(
    tokens: list[NumberWord], counts: dict[int, Count], used: set[int], count: Count, stop: int
) -> tuple[Count, int]:
    """ "wounding the driver and two passengers": victims joined by "and" add up, unless the
    second count opens a clause of its own ("killing two and three were injured")."""
    while stop + 1 < len(tokens) and tokens[stop].low == "and":
        nxt = counts.get(stop + 1)
        if nxt is None or nxt.value is None or stop + 1 in used:
            break
        end = None
        for k in range(min(nxt.last + 4, len(tokens)), nxt.last, -1):
            noun = noun_phrase(tokens, nxt.last, k)
            if noun is not None and noun[0] and count_ok(nxt, noun):
                end = k
                break
        if end is None or (end < len(tokens) and (tokens[end].low in AUX or tokens[end].low in VERBS)):
            break
        used.add(stop + 1)
        count = Count(count.value + nxt.value, count.at_least or nxt.at_least, False, count.first, nxt.last)
        stop = end
    return count, stop


_GAP_PLACE = frozenset({"in", "at", "near", "on"})


def gapped(
    tokens: list[NumberWord], counts: dict[int, Count], used: set[int], kind: str, stop: int, civilian
) -> list[Found]:
    """ "killed three people in Donetsk Oblast and two in Kherson Oblast": a count after "and"
    that is followed by a place takes the verb before it (a figure of its own, for its place)."""
    out = []
    k = stop
    while k < len(tokens) and k < stop + 12:
        if tokens[k].low in (".", ";") or tokens[k].low in VERBS:
            break
        if tokens[k].low == "and" and k + 1 in counts and k + 1 not in used:
            count = counts[k + 1]
            end = count.last
            noun = None
            for e in range(min(count.last + 4, len(tokens)), count.last, -1):
                cand = noun_phrase(tokens, count.last, e)
                if cand is not None and cand[0] and count_ok(count, cand):
                    noun, end = cand, e
                    break
            placed = end + 1 < len(tokens) and tokens[end].low in _GAP_PLACE
            if count.value is not None and not count.article and placed:
                if tokens[end + 1].text[:1].isupper():
                    used.add(k + 1)
                    civ = noun[1] if noun else civilian
                    out.append(Found(kind, count, civ, noun is not None, k + 1, end))
                    k = end
                    continue
        k += 1
    return out
