"""Reading a file into one string: decoding, refusing what is not text, and HTML to text.

Every offset the library keeps is an offset into the string :func:`read_text` returns.
Decoding follows a byte-order mark, then UTF-8, then cp1251 or cp1252 by the bytes; binary
files are refused; HTML becomes paragraphs. The rules in full: ``docs/sources.md``.
"""
from __future__ import annotations

import codecs
import os
import re
from html.parser import HTMLParser
from pathlib import Path

from kg.errors import InputError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
"""Files larger than this are refused unless the caller raises the limit."""

_CONTROL_SHARE = 0.05
"""A decoded text with more than this share of control characters is not text."""

_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")

# cp1251 letters: А..я (C0-FF), Ё ё, Є є, І і, Ї ї, Ґ ґ, Ў ў.
_CP1251_LETTERS = frozenset(range(0xC0, 0x100)) | {0xA8, 0xB8, 0xAA, 0xBA, 0xB2, 0xB3, 0xAF, 0xBF,
                                                   0xA5, 0xB4, 0xA1, 0xA2}


def read_text(path: str | os.PathLike[str], *, max_bytes: int | None = DEFAULT_MAX_BYTES,
              convert_html: bool = True) -> str:
    """Read a text file whatever its encoding, and return it as one string with ``\\n`` newlines.

    Args:
        path: the file.
        max_bytes: refuse files larger than this (``None``: no limit).
        convert_html: convert an HTML page to plain text (readers of JSON or CSV turn it off).

    Returns:
        The text. Offsets used later are offsets into this string.

    Raises:
        InputError: the file cannot be read, is empty, too large, or not text.
    """
    source = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise InputError("is a folder, not a file", source)
        if max_bytes is not None and size > max_bytes:
            raise InputError(
                f"file too large: {size:,} bytes, the limit is {max_bytes:,} bytes", source)
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", source) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", source) from None
    return decode_bytes(data, source, convert_html=convert_html)


def decode_bytes(data: bytes, source: str = "<bytes>", *, convert_html: bool = True) -> str:
    """Decode the bytes of a file as :func:`read_text` does (see the module's rules).

    Raises:
        InputError: empty, or not text.
    """
    if not data:
        raise InputError("empty file", source)
    text = _decode(data, source)
    controls = sum(1 for c in text if (c < " " or "\x7f" <= c < "\xa0") and c not in _ALLOWED_CONTROLS)
    if controls > _CONTROL_SHARE * len(text):
        raise InputError("not a text file", source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if convert_html and looks_like_html(text):
        text = html_to_text(text)
    if not text.strip():
        raise InputError("empty file", source)
    return text


def _decode(data: bytes, source: str) -> str:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                       (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {codec.upper()} after its byte-order mark",
                                 source, f"byte {exc.start}") from None
    if b"\x00" in data:
        raise InputError("not a text file", source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if looks_cyrillic(data):
        return data.decode("cp1251", errors="replace")
    return data.decode("cp1252", errors="replace")


def looks_cyrillic(data: bytes) -> bool:
    """Whether single-byte text is more likely cp1251 (Cyrillic) than cp1252 (Western).

    Cyrillic words are written wholly in high bytes, so in cp1251 text most high bytes are
    letters standing next to another letter; Western accented letters stand alone among
    ASCII letters (``café``, ``Größe``).
    """
    high = [i for i, b in enumerate(data) if b >= 0x80]
    if not high:
        return False
    in_runs = 0
    for i in high:
        if data[i] not in _CP1251_LETTERS:
            continue
        before = i > 0 and data[i - 1] in _CP1251_LETTERS
        after = i + 1 < len(data) and data[i + 1] in _CP1251_LETTERS
        if before or after:
            in_runs += 1
    return in_runs >= 0.6 * len(high)


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")


def looks_like_html(text: str) -> bool:
    """Whether a text is an HTML page rather than plain text that mentions a tag."""
    head = text.lstrip("\ufeff \t\n")[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:2000].lower():
        return True
    if not head.startswith("<"):
        return False
    tags = list(_TAG.finditer(text))
    if len(tags) < 3:
        return False
    tag_chars = sum(m.end() - m.start() for m in tags)
    known = sum(1 for m in tags if m.group(2).lower() in _BLOCK | _INLINE | _DROP)
    return known >= 0.8 * len(tags) and (tag_chars >= 0.1 * len(text) or known >= 3)


_DROP = frozenset({"script", "style", "head", "noscript", "template", "svg", "iframe", "object",
                   "canvas", "nav", "form", "button", "select"})
_BLOCK = frozenset({"p", "div", "section", "article", "main", "header", "footer", "aside",
                    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li",
                    "table", "tr", "td", "th", "thead", "tbody", "figure", "figcaption", "pre",
                    "dl", "dt", "dd", "address", "body", "html", "hr", "br"})
_INLINE = frozenset({"a", "b", "i", "em", "strong", "span", "small", "sup", "sub", "u", "q",
                     "cite", "abbr", "time", "img", "mark", "code", "s", "del", "ins", "meta",
                     "link", "title", "label", "font"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed",
                   "source", "track", "wbr"})


class _TextBuilder(HTMLParser):
    """Collects the text of an HTML page as paragraphs.

    ``parts`` alternates text runs and break markers; a marker is the number of newlines the
    break needs (1 for ``<br>``, 2 for a paragraph, 3 for ``<hr>``). Breaks merge to the
    largest; the text of a paragraph has its whitespace collapsed as a browser would.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str | int] = []
        self.drop_depth = 0
        self.drop_tag: list[str] = []
        self.pre = 0
        self.after_item = False

    def _break(self, n: int) -> None:
        if self.parts and isinstance(self.parts[-1], int):
            self.parts[-1] = max(self.parts[-1], n)
        else:
            self.parts.append(n)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.drop_depth:
            if tag == self.drop_tag[-1] and tag not in _VOID:
                self.drop_depth += 1
            return
        if tag in _DROP:
            self.drop_depth = 1
            self.drop_tag.append(tag)
            return
        if tag == "br":
            self._break(1)
        elif tag == "hr":
            self._break(3)
        elif tag == "li":
            self._break(1 if self.after_item else 2)
            self.parts.append("• ")
        elif tag in _BLOCK:
            self._break(2)
        if tag == "pre":
            self.pre += 1

    def handle_endtag(self, tag: str) -> None:
        if self.drop_depth:
            if tag == self.drop_tag[-1]:
                self.drop_depth -= 1
                if not self.drop_depth:
                    self.drop_tag.pop()
            return
        if tag == "li":
            self.after_item = True
            self._break(1)
            return
        if tag in _BLOCK and tag not in ("br", "hr"):
            self.after_item = False
            self._break(2)
        if tag == "pre" and self.pre:
            self.pre -= 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self.drop_depth:
            return
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
            if not data.strip() and (not self.parts or isinstance(self.parts[-1], int)):
                return
        self.parts.append(data)

    def text(self) -> str:
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, int):
                if out:
                    out.append("\n" * part)
            else:
                out.append(part)
        lines = []
        for line in "".join(out).split("\n"):
            line = line.strip()
            lines.append("  " + line if line.startswith("• ") else line)
        text = re.sub(r"\n{4,}", "\n\n\n", "\n".join(lines).strip("\n"))
        return text + "\n" if text else ""


def html_to_text(html: str) -> str:
    """Convert an HTML page to plain text in the live-blog layout.

    Scripts, styles, ``<head>`` and navigation elements are dropped; headings and paragraphs
    become paragraphs separated by one blank line; ``<hr>`` becomes a double blank line;
    ``<br>`` a line break; list items ``•`` bullets on consecutive lines.
    """
    builder = _TextBuilder()
    builder.feed(html)
    builder.close()
    return builder.text()
