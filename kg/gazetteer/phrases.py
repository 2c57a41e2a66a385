"""The phrase toolkit of the gazetteers: word tokens, normalised keys, and an index of phrases.

Matching is token based: a text is cut into word tokens (letters and digits; an apostrophe
inside a word is dropped, so "Khar'kov" is "kharkov"; a possessive "'s" is not part of the
word), each token is normalised (case folded, accents stripped, a few British spellings
mapped to American ones) and the longest run of tokens that is a key of the index wins.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar

# ------------------------------------------------------------------ normalisation

_W = r"(?:[^\W_]|[\u0300-\u036f])"  # a letter or digit, or a combining accent
_WORD = re.compile(rf"{_W}+(?:['’ʼ`]{_W}+)*")
_APOSTROPHES = re.compile(r"['’ʼ`]")
_POSSESSIVE = re.compile(r"['’ʼ`][sS]$")
_SPECIAL = str.maketrans(
    {
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "ʹ": "",
        "ʺ": "",
        "ß": "ss",
    }
)
SPELLING: dict[str, str] = {
    "armoured": "armored",
    "defence": "defense",
    "defences": "defenses",
    "centre": "center",
    "programme": "program",
    "calibre": "caliber",
    "metres": "meters",
    "organisation": "organization",
    "harbour": "harbor",
    "labour": "labor",
}
"""British spellings folded into American ones, so either matches either."""


@lru_cache(maxsize=65536)
def normalise_token(word: str) -> str:
    """Return the index form of one word: apostrophes dropped, case folded, accents stripped."""
    w = _APOSTROPHES.sub("", word).casefold().translate(_SPECIAL)
    if not w.isascii():
        w = "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))
        w = w.translate(_SPECIAL)
    return SPELLING.get(w, w)


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text, with its offsets and how it is written."""

    norm: str
    start: int
    end: int
    cap: bool
    """Starts with a capital letter or a digit."""
    upper: bool
    """All its letters are capitals."""
    initial: bool
    """First word of a sentence (or of the text, a line or a quotation)."""


_SENTENCE_END = frozenset(".!?:;\"“”‘'([•\n")


def tokenize(text: str) -> list[Token]:
    """Cut a text into tokens; a possessive "'s" is left out of its word's span.

    The three matchers read the same sentence in turn, so the last few results are kept.
    """
    return list(_tokenize_cached(text))


@lru_cache(maxsize=16)
def _tokenize_cached(text: str) -> tuple[Token, ...]:
    return tuple(_tokenize(text))


def _all_capitals(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _tokenize(text: str) -> list[Token]:
    out: list[Token] = []
    prev_end = 0
    for m in _WORD.finditer(text):
        raw = m.group()
        start, end = m.start(), m.end()
        if len(raw) > 2 and _POSSESSIVE.search(raw):
            raw = raw[:-2]
            end -= 2
        between = text[prev_end:start]
        gap = between.strip(" \t\r-–—")
        initial = not out or (gap != "" and gap[-1] in _SENTENCE_END) or "\n" in between
        # every letter a capital (str.isupper says so of ASCII; beyond it, uncased letters and
        # cased signs that are no letters, such as Roman numerals, exist)
        upper = raw.isupper() if raw.isascii() else _all_capitals(raw)
        out.append(
            Token(
                norm=normalise_token(raw),
                start=start,
                end=end,
                cap=raw[0].isupper() or raw[0].isdigit(),
                upper=upper,
                initial=initial,
            )
        )
        prev_end = m.end()
    return out


def name_key(name: str) -> str:
    """Return the index key of a name: its normalised tokens joined by single spaces
    (a possessive "'s" left out, as :func:`tokenize` leaves it out of the text)."""
    words = (m.group() for m in _WORD.finditer(name))
    return " ".join(normalise_token(w[:-2] if len(w) > 2 and _POSSESSIVE.search(w) else w) for w in words)


def is_acronym(name: str) -> bool:
    """Whether a name is written in capitals only ("NATO", "U.S.", "HUR"), so must match so."""
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# ------------------------------------------------------------------ matching

P = TypeVar("P")


class PhraseIndex(Generic[P]):
    """Keys (normalised token sequences) to payloads, with longest-match search."""

    def __init__(self) -> None:
        self.keys: dict[str, list[P]] = {}
        self._longest: dict[str, int] = {}

    def add(self, key: str, payload: P) -> None:
        """Add one payload under a key made by :func:`name_key`."""
        if not key:
            return
        bucket = self.keys.get(key)
        if bucket is None:
            self.keys[key] = [payload]
            first, _, _ = key.partition(" ")
            n = key.count(" ") + 1
            if self._longest.get(first, 0) < n:
                self._longest[first] = n
        elif payload not in bucket:
            bucket.append(payload)

    def get(self, key: str) -> list[P]:
        """Return the payloads of a key (empty when none)."""
        return self.keys.get(key, [])

    def search(
        self,
        tokens: list[Token],
        accept: Callable[[list[Token], int, int, list[P]], list[P]],
    ) -> Iterator[tuple[int, int, list[P]]]:
        """Yield ``(i, j, payloads)`` for token runs ``tokens[i:j]``, longest first, no overlaps.

        ``accept(tokens, i, j, payloads)`` returns the payloads that the way the run is
        written allows (an empty list rejects the run, and a shorter one is tried).
        """
        norms = [t.norm for t in tokens]
        n_tokens = len(tokens)
        i = 0
        while i < n_tokens:
            longest = self._longest.get(norms[i], 0)
            found = False
            for n in range(min(longest, n_tokens - i), 0, -1):
                payloads = self.keys.get(" ".join(norms[i : i + n]))
                if payloads:
                    kept = accept(tokens, i, i + n, payloads)
                    if kept:
                        yield i, i + n, kept
                        i += n
                        found = True
                        break
            if not found:
                i += 1


def capitalised(tokens: list[Token], i: int, j: int) -> bool:
    """Whether a run is written as a proper name: its first word has an initial capital."""
    return tokens[i].cap


def all_upper(tokens: list[Token], i: int, j: int) -> bool:
    """Whether every word of a run is written in capitals."""
    return all(t.upper or t.norm.isdigit() for t in tokens[i:j])


def plurals(key: str) -> Iterable[str]:
    """Return plural forms of a key (its last word inflected): drone -> drones, battery -> batteries."""
    head, _, last = key.rpartition(" ")
    prefix = head + " " if head else ""
    if not last:
        return ()
    if last.endswith(("s", "x", "ch", "sh")):
        forms = [last + "es"]
    elif last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou0123456789":
        forms = [last[:-1] + "ies", last + "s"]
    else:
        forms = [last + "s"]
    return [prefix + f for f in forms]


def read_tsv(name: str) -> Iterator[list[str]]:
    """Yield the rows of a TSV file of ``kg/data/`` (gzipped when it ends in .gz), skipping
    its header and ``#`` comment lines."""
    import gzip

    from kg.resources import data_path

    path = data_path(name)
    opener: Any = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        header = True
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            if header:
                header = False
                continue
            yield line.rstrip("\n").split("\t")


def split_list(value: str) -> list[str]:
    """Split a ``|``-separated cell into its non-empty items."""
    return [v.strip() for v in value.split("|") if v.strip()] if value else []
