"""Stores: one small interface (:class:`Store`), backends picked by a URL-like name.

========================================  =================================================
``oxigraph:PATH`` or a bare ``PATH``      embedded Oxigraph on disk (the default)
``memory:``                               embedded Oxigraph in memory
``sparql+http://host:port[/path]``        any SPARQL 1.1 server (``sparql+https`` too)
========================================  =================================================

Backends are imported only when first used. A new one registers with
:func:`register_backend`. URLs are read by :func:`kg.store.urls.parse_store_url`.
"""
from __future__ import annotations

import importlib
import os
from collections.abc import Callable

from kg.errors import StoreError
from kg.store.base import BatchResult, QueryResult, Store
from kg.store.results import Rows, serialize_rows
from kg.store.urls import StoreURL, parse_store_url, register_kind

__all__ = [
    "BatchResult", "QueryResult", "Rows", "Store", "StoreURL", "default_store_url", "open_store",
    "parse_store_url", "register_backend", "serialize_rows",
]

DEFAULT_STORE_URL = "oxigraph:./kg-store"
ENV_VAR = "KG_STORE"

StoreFactory = Callable[[str, bool], Store]

_BACKENDS: dict[str, str | StoreFactory] = {
    "oxigraph": "kg.store.oxigraph:open_oxigraph",
    "memory": "kg.store.oxigraph:open_memory",
    "sparql+http": "kg.store.sparql_http:SparqlHttpStore",
    "sparql+https": "kg.store.sparql_http:SparqlHttpStore",
    "virtuoso+http": "kg.store.virtuoso:open_virtuoso",
    "virtuoso+https": "kg.store.virtuoso:open_virtuoso",
}
for _kind in _BACKENDS:
    register_kind(_kind)


def register_backend(scheme: str, factory: str | StoreFactory) -> None:
    """Register a backend.

    Args:
        scheme: the part of the store URL before ``:`` (``virtuoso``).
        factory: a callable ``(url, read_only) -> Store``, or ``"module:attribute"`` naming
            one, imported on first use.
    """
    _BACKENDS[scheme.lower()] = factory
    register_kind(scheme)


def default_store_url() -> str:
    """The store to use when none is named: ``$KG_STORE``, else ``oxigraph:./kg-store``."""
    return os.environ.get(ENV_VAR) or DEFAULT_STORE_URL


def open_store(url: str | None = None, read_only: bool = False) -> Store:
    """Open a store by its URL-like name.

    Args:
        url: ``oxigraph:PATH``, a bare path, ``memory:`` or ``sparql+http://host:port/...``;
            ``None`` means :func:`default_store_url`.
        read_only: refuse writes; on disk, open a read-only snapshot that works beside a
            writer and fails clearly when there is no store yet.

    Returns:
        The open store (use it as a context manager).

    Raises:
        StoreError: the store cannot be opened (StoreLockedError: another process writes it).
    """
    url = url or default_store_url()
    kind = parse_store_url(url).kind
    factory = _BACKENDS.get(kind)
    if factory is None:
        raise StoreError(f"no backend is registered for {kind!r} stores ({url!r})")
    if isinstance(factory, str):
        module, _, attribute = factory.partition(":")
        try:
            factory = getattr(importlib.import_module(module), attribute)
        except (ImportError, AttributeError) as exc:
            raise StoreError(f"the store backend for {url!r} cannot be loaded: {exc}") from exc
    return factory(url, read_only)

