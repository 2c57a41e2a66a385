"""The only code that finds ``ontology/``, ``shapes/`` and ``queries/`` at run time.

In a checkout (or an editable install) they sit beside the ``kg`` package; in a wheel they
are packed into ``kg/_resources/``.
"""
from __future__ import annotations

from pathlib import Path

from kg.errors import KGError

_PACKAGE = Path(__file__).resolve().parent
KINDS = ("ontology", "shapes", "queries")


def resource_dir(kind: str) -> Path:
    """Return the folder holding one kind of resource.

    Args:
        kind: ``ontology``, ``shapes`` or ``queries``.

    Returns:
        The folder's path.

    Raises:
        KGError: when the kind is unknown or its folder cannot be found.
    """
    if kind not in KINDS:
        raise KGError(f"unknown resource kind {kind!r}")
    for candidate in (_PACKAGE / "_resources" / kind, _PACKAGE.parent / kind):
        if candidate.is_dir():
            return candidate
    raise KGError(f"cannot find the {kind}/ folder: is the package installed completely?")


def resource_files(kind: str, suffix: str) -> list[Path]:
    """List the files of one kind with a given suffix, sorted by name."""
    return sorted(resource_dir(kind).glob(f"*{suffix}"))


def data_path(name: str) -> Path:
    """Return the path of a data file shipped in ``kg/data/``."""
    return _PACKAGE / "data" / name
