"""Numbers in the language of war reporting (pure functions, no RDF).

:func:`parse_number` reads the count at the start of a phrase ("11", "1,200", "1.2 million",
"twenty-seven", "a dozen", "a 43-year-old man" → 1, "two of them" → 2). Vague quantities
("dozens", "several", "hundreds of") give ``None``; ages and measures ("43-year-old") are not
counts. :func:`parse_count` reads one over :func:`number_words`, as the casualty reader
(:mod:`kg.extract.casualties`) does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Count", "parse_count", "parse_number", "number_words"]

# ---------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"[0-9]{1,2}:[0-9]{2}(?![0-9])"  # a time ("15:40 Civilians killed ..."), never a count
    r"|[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?:-[^\W\d_]+)*(?![0-9,][0-9])"
    r"|[0-9]+(?:\.[0-9]+)?(?:-[^\W\d_]+)*"
    r"|[^\W\d_]+(?:[-'’][^\W\d_]+)*"
    r"|[^\w\s]"
)


@dataclass(frozen=True)
class NumberWord:
    """One word, number or punctuation mark as the count reader sees it, with its offsets.

    Not the gazetteer's phrase token (:mod:`kg.gazetteer.phrases`): this one keeps "1,200" and
    "43-year-old" whole so that counts and ages can be told apart."""

    text: str
    start: int
    end: int
    low: str = field(default="", compare=False)
    """The word lower-cased with a straight apostrophe (computed once)."""

    def __post_init__(self) -> None:
        if not self.low:
            object.__setattr__(self, "low", self.text.lower().replace("’", "'"))


def starts_with_digit(text: str) -> bool:
    """Whether a word is written in figures ("12", "1,200", "43-year-old")."""
    return text[:1] in tuple("0123456789")


def number_words(text: str) -> list[NumberWord]:
    """Split a text into words, numbers (``1,200``, ``43-year-old``) and punctuation marks."""
    return [NumberWord(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


# ---------------------------------------------------------------- numbers

_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_VAGUE = frozenset(
    {
        "dozens",
        "scores",
        "hundreds",
        "thousands",
        "millions",
        "several",
        "many",
        "numerous",
        "multiple",
        "countless",
        "tens",
    }
)
_ARTICLES = frozenset({"a", "an", "the", "his", "her", "its"})
_ZERO = frozenset({"no", "nobody", "none", "zero"})
_AT_LEAST = (
    ("at", "least"),
    ("more", "than"),
    ("over",),
    ("no", "fewer", "than"),
    ("no", "less", "than"),
    ("upwards", "of"),
    ("in", "excess", "of"),
    ("a", "minimum", "of"),
    ("at", "minimum"),
    ("not", "less", "than"),
)
_APPROX = (
    ("about",),
    ("around",),
    ("approximately",),
    ("roughly",),
    ("nearly",),
    ("almost",),
    ("some",),
    ("up", "to"),
    ("as", "many", "as"),
    ("an", "estimated"),
    ("a", "total", "of"),
    ("at", "most"),
    ("fewer", "than"),
    ("less", "than"),
    ("just",),
    ("only",),
)


@dataclass(frozen=True)
class Count:
    """A count found at a token index.

    ``value`` is ``None`` for a vague quantity ("dozens"); ``article`` marks a count read from
    an article or possessive ("a man", "his wife"), which needs a singular person noun to
    stand; ``first``/``last`` are token indexes (``last`` excluded).
    """

    value: int | None
    at_least: bool
    article: bool
    first: int
    last: int


def _word_number(tokens: list[NumberWord], i: int) -> tuple[int, int] | None:
    """Parse number words from token ``i``: ``twenty-seven``, ``one hundred and five``."""
    total, current, j, seen = 0, 0, i, False
    while j < len(tokens):
        low = tokens[j].low
        parts = low.split("-")
        if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS and _UNITS[parts[1]] < 10:
            current += _TENS[parts[0]] + _UNITS[parts[1]]
        elif low in _UNITS:
            current += _UNITS[low]
        elif low in _TENS:
            current += _TENS[low]
        elif low in _SCALES and seen:
            scale = _SCALES[low]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        elif (
            low == "and"
            and seen
            and j + 1 < len(tokens)
            and (tokens[j + 1].low in _UNITS or tokens[j + 1].low.split("-")[0] in _TENS)
            and (tokens[j - 1].low in _SCALES)
        ):
            j += 1
            continue
        else:
            break
        seen = True
        j += 1
    if not seen:
        return None
    return total + current, j


def _digits(tokens: list[NumberWord], i: int) -> tuple[int | None, int] | None:
    text = tokens[i].text
    if not starts_with_digit(text) or "-" in text or ":" in text:
        return None
    value = float(text.replace(",", ""))
    j = i + 1
    if j < len(tokens) and tokens[j].low in _SCALES:
        value *= _SCALES[tokens[j].low]
        j += 1
    if not value.is_integer():
        return None
    if (
        j < len(tokens)
        and tokens[j].text in ("%",)
        or (j < len(tokens) and tokens[j].low in ("percent", "per", "pc"))
    ):
        return None
    return int(value), j


def _phrase_at(tokens: list[NumberWord], i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    if i >= len(tokens):
        return 0
    first = tokens[i].low
    for phrase in phrases:
        if phrase[0] == first and tuple(t.low for t in tokens[i : i + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def parse_count(tokens: list[NumberWord], i: int) -> Count | None:
    """Parse a count (with its qualifier) starting at token ``i``, or return ``None``."""
    if i >= len(tokens):
        return None
    at_least = False
    j = i
    n = _phrase_at(tokens, j, _AT_LEAST)
    if n:
        if j + n >= len(tokens) or not _number_start(tokens, j + n):
            return None
        at_least, j = True, j + n
    elif n := _phrase_at(tokens, j, _APPROX):
        nxt = j + n
        if nxt < len(tokens) and (_number_start(tokens, nxt)):
            j = nxt
        elif tokens[j].low != "some":
            return None
    if j >= len(tokens):
        return None
    low = tokens[j].low
    # "the two soldiers": the determiner belongs to the number
    if low in ("the", "all") and j + 1 < len(tokens) and _number_start(tokens, j + 1):
        j += 1
        low = tokens[j].low
    if low == "no" and j + 1 < len(tokens) and tokens[j + 1].low == "one":
        return Count(0, False, False, i, j + 2)
    if low in _ZERO:
        return Count(0, False, False, i, j + 1)
    if low in ("half",) and _phrase_at(tokens, j, (("half", "a", "dozen"),)):
        return Count(6, at_least, False, i, j + 3)
    if low in ("a", "an") and j + 1 < len(tokens):
        nxt = tokens[j + 1].low
        if nxt == "dozen":
            return Count(12, at_least, False, i, j + 2)
        if nxt in ("couple", "pair"):
            k = j + 2 + (1 if j + 2 < len(tokens) and tokens[j + 2].low == "of" else 0)
            return Count(2, at_least, False, i, k)
        if nxt in ("few", "handful", "number"):
            k = j + 2 + (1 if j + 2 < len(tokens) and tokens[j + 2].low == "of" else 0)
            return Count(None, False, False, i, k)
        if nxt in _SCALES:
            return Count(_SCALES[nxt], at_least, False, i, j + 2)
        if nxt == "single":
            return Count(1, at_least, False, i, j + 2)
    if low == "some" and j == i:
        return Count(None, False, False, i, j + 1)
    if low in _VAGUE:
        k = j + 1 + (1 if j + 1 < len(tokens) and tokens[j + 1].low == "of" else 0)
        return Count(None, False, False, i, k)
    if low == "another":
        return Count(1, False, False, i, j + 1)
    if low == "both":
        return Count(2, False, False, i, j + 1)
    if low in _ARTICLES:
        return Count(1, at_least, True, i, j + 1)
    found = _digits(tokens, j) if starts_with_digit(tokens[j].text) else _word_number(tokens, j)
    if found is None:
        return None
    value, k = found
    if value is None:
        return None
    if k < len(tokens) and tokens[k].low in ("dozen",):
        value, k = value * 12, k + 1
    return Count(value, at_least, False, i, k)


def _number_start(tokens: list[NumberWord], i: int) -> bool:
    low = tokens[i].low
    return (
        (starts_with_digit(tokens[i].text) and "-" not in low)
        or low in _UNITS
        or low in _TENS
        or (low.split("-")[0] in _TENS)
        or low in ("a", "dozens", "hundreds", "thousands")
    )


def parse_number(text: str) -> int | None:
    """The count a phrase starts with: ``"four"`` → 4, ``"1,200"`` → 1200, ``"1.2 million"`` →
    1200000, ``"a dozen"`` → 12, ``"a 43-year-old man"`` → 1, ``"another"`` → 1,
    ``"two of them"`` → 2, ``"none"`` → 0; ``None`` for vague quantities (``"dozens"``), ages
    (``"43-year-old"``) and anything that is not a count."""
    tokens = number_words(text)
    if not tokens:
        return None
    count = parse_count(tokens, 0)
    if count is None:
        return None
    if count.article and tokens[0].low == "the":
        return None
    if count.article and count.last >= len(tokens) and tokens[0].low not in ("a", "an"):
        return None
    return count.value

