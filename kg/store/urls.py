"""Store URLs: the one reading of ``--store`` / ``$KG_STORE`` that every caller shares.

``oxigraph:PATH`` or a bare path (a one-letter head, as in ``C:\\kg``, is a drive, not a
scheme) is an on-disk store; ``memory:`` an in-memory one; ``KIND+http(s)://...`` a server.
Any other ``word:`` head is an unknown kind and refused, so that a mistyped scheme never
becomes a new folder named after it.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import StoreError

__all__ = ["StoreURL", "known_kinds", "parse_store_url", "register_kind"]

ON_DISK = "oxigraph"
MEMORY = "memory"

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]+")
_kinds: set[str] = {ON_DISK, MEMORY}


def register_kind(kind: str) -> None:
    """Make ``kind`` (a scheme, as in ``kind:...``) a known store kind."""
    _kinds.add(kind.lower())


def known_kinds() -> list[str]:
    """The known store kinds, sorted."""
    return sorted(_kinds)


@dataclass(frozen=True)
class StoreURL:
    """A parsed store URL.

    Attributes:
        kind: the scheme (``oxigraph`` for a bare path too, ``memory``, ``sparql+http``, ...).
        text: the URL as given.
        folder: the folder of an on-disk store, else ``None``.
        address: the ``http(s)://`` address of a server, else ``None``.
    """

    kind: str
    text: str
    folder: Path | None = None
    address: str | None = None

    @property
    def on_disk(self) -> bool:
        return self.folder is not None

    @property
    def in_memory(self) -> bool:
        return self.kind == MEMORY

    @property
    def remote(self) -> bool:
        return self.address is not None


def parse_store_url(url: str) -> StoreURL:
    """Read a store URL.

    Raises:
        StoreError: an unknown kind (the known ones are named), or ``oxigraph:`` without a folder.
    """
    head, sep, rest = url.partition(":")
    if not (sep and _SCHEME.fullmatch(head)):
        if not url:
            raise StoreError("no store named; give oxigraph:PATH, memory: or sparql+http://HOST:PORT")
        return StoreURL(ON_DISK, url, folder=Path(os.path.expanduser(url)))
    kind = head.lower()
    if kind not in _kinds:
        raise StoreError(f"unknown store kind {head!r} in {url!r}; known: {', '.join(known_kinds())}")
    if kind == ON_DISK:
        if not rest:
            raise StoreError("oxigraph: needs a folder, as in oxigraph:./kg-store")
        return StoreURL(kind, url, folder=Path(os.path.expanduser(rest)))
    _, plus, protocol = kind.rpartition("+")
    if plus and protocol in ("http", "https"):
        return StoreURL(kind, url, address=f"{protocol}:{rest}")
    return StoreURL(kind, url)
