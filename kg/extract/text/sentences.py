"""Split an update's text into sentences with offsets, and mark quoted material.

Offsets are into the page (the update's ``start`` is added), so evidence spans point at
the words they came from. Navigation lines inside an update (``See also ...``, as the page
reader knows them) are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.records import Update
from kg.sources.liveblog import is_navigation

ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "cpt",
    "sgt",
    "adm",
    "gov",
    "sen",
    "rep",
    "st",
    "no",
    "vs",
    "etc",
    "approx",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "a.m",
    "p.m",
    "u.s",
    "u.k",
    "u.n",
    "e.g",
    "i.e",
    "km",
    "inc",
    "ltd",
    "co",
    "corp",
    "jr",
    "sr",
    "pres",
    "min",
    "dep",
    "amb",
}
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9•])")
_BULLET = re.compile(r"^\s*(?:[•·▪◦‣\-–*]|\d+[.)])\s+")
_QUOTE_INTRO = re.compile(r":[\"”’]?\s*$")
_NARRATION = re.compile(
    r"\b(?:said|says|told|noted|added|published|announced|reported|according to|"
    r"on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|yesterday|today)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of an update.

    Attributes:
        text: the sentence.
        start: its offset in the page.
        end: the offset after its last character.
        paragraph: index of its paragraph in the update.
        quoted: it belongs to a quotation introduced by a colon line (``He said:``).
        bullet: it is an item of a bulleted list.
        intro: index (in the update's sentence list) of the sentence introducing the
            quotation it belongs to, or ``None``.
    """

    text: str
    start: int
    end: int
    paragraph: int
    quoted: bool = False
    bullet: bool = False
    intro: int | None = None
    summary: bool = False
    """It sums up a story the page may tell in full elsewhere: a title line, an item of a
    key-points block (:func:`summary_lines`)."""


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        if m.group().strip():
            spans.append((m.start(), m.end()))
    return spans


def _split(text: str, base: int) -> list[tuple[str, int, int]]:
    out = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        word = re.search(r"([A-Za-z.]+)\.$", text[pos : m.start() + 1])
        if word:
            token = word.group(1).lower().rstrip(".")
            if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
        out.append((pos, end))
        pos = end
    out.append((pos, len(text)))
    result = []
    for s, e in out:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        chunk = chunk.strip()
        if chunk:
            result.append((chunk, base + s + lead, base + s + lead + len(chunk)))
    return result


def split_update(update: Update) -> list[Sentence]:
    """Split an update's text into sentences, marking quotations and bullets.

    Args:
        update: an update whose ``text`` is ``page[start:end]`` (``start`` may be ``None``
            for text with no page, then offsets are into the update's text).

    Returns:
        The sentences in order.
    """
    base = update.start or 0
    text = update.text
    sentences: list[Sentence] = []
    intro: int | None = None
    paragraphs = _paragraphs(text)
    summary = summary_lines([text[a:b] for a, b in paragraphs])
    for p_index, (ps, pe) in enumerate(paragraphs):
        para = text[ps:pe]
        if intro is not None and _NARRATION.search(para):
            intro = None
        lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", para)]
        for l_index, (l_start, line) in enumerate(lines):
            if is_navigation(line) or not line.strip():
                continue
            bullet = bool(_BULLET.match(line))
            offset = l_start
            if bullet:
                offset += _BULLET.match(line).end()
            body = para[offset : l_start + len(line)]
            for chunk, s, e in _split(body, base + ps + offset):
                sentences.append(
                    Sentence(chunk, s, e, p_index, quoted=intro is not None, bullet=bullet, intro=intro,
                             summary=(p_index, l_index) in summary)
                )
        last = sentences[-1] if sentences else None
        if last is not None and last.paragraph == p_index and _QUOTE_INTRO.search(last.text):
            intro = len(sentences) - 1
    return sentences


_SUMMARY_HEAD = re.compile(
    r"^(?:key (?:points|developments|events|takeaways|facts)|summary|in (?:brief|summary)|"
    r"what we know(?: so far)?|the latest|at a glance|catch(?:ing)? up|main developments|"
    r"today'?s? (?:key|main) )", re.IGNORECASE)
_SUMMARY_INTRO = re.compile(
    r"\b(?:summary|key (?:points|developments|events)|main developments|what we know|the latest)\b"
    r"[^.!?]*:\s*$",
    re.IGNORECASE)
_LINE_END = re.compile(r"[.!?:;…][\"”’)\]]*\s*$")
TITLE_WORDS = 24


def summary_lines(paragraphs: list[str]) -> set[tuple[int, int]]:
    """(paragraph, line) indexes of the lines that sum up a story rather than tell it.

    - a title line: a paragraph of one line, of a few words, that does not end like a sentence
      ("Kherson: man killed by drone", the page's headline, a post's title);
    - the items of a key-points block: the lines after a line that opens one ("Key points",
      "What we know so far", "Here is a summary of the main developments:"), to the end of
      the paragraph that follows it and of the bulleted paragraphs after that.
    """
    out: set[tuple[int, int]] = set()
    block = False
    for p, para in enumerate(paragraphs):
        lines = re.findall(r"[^\n]+", para)
        bulleted = bool(lines) and all(_BULLET.match(ln) for ln in lines)
        if block and (bulleted or block == "next"):
            out.update((p, i) for i in range(len(lines)))
            block = "bullets"
            continue
        block = False
        if len(lines) == 1 and not _LINE_END.search(lines[0]) and len(lines[0].split()) <= TITLE_WORDS:
            if not _BULLET.match(lines[0]):
                out.add((p, 0))
        for i, ln in enumerate(lines):
            head = _SUMMARY_HEAD.match(ln.strip()) and len(ln.split()) <= 8
            if head or _SUMMARY_INTRO.search(ln):
                if i + 1 < len(lines):
                    out.update((p, k) for k in range(i + 1, len(lines)))
                    block = "bullets"
                else:
                    block = "next"
                break
    return out
