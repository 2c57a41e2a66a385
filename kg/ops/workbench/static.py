"""The workbench's page and its assets, read from the package (no CDN, no internet)."""
from __future__ import annotations

from pathlib import Path

from kg.resources import data_path

_HERE = Path(__file__).resolve().parent / "assets"

STATIC_FILES: dict[str, tuple[str, str]] = {
    "/static/workbench.js": ("workbench.js", "text/javascript; charset=utf-8"),
    "/static/workbench.css": ("workbench.css", "text/css; charset=utf-8"),
    "/static/basemap.geojson": ("", "application/geo+json"),
}
"""URL path -> (file in ``assets/``, or ``""`` for the base map in ``kg/data/``; media type)."""


def static_file(path: str) -> tuple[bytes, str] | None:
    """The bytes and media type served at a static path, or ``None`` when there is none."""
    entry = STATIC_FILES.get(path)
    if entry is None:
        return None
    name, media = entry
    source = data_path("basemap.geojson") if not name else _HERE / name
    return source.read_bytes(), media


def page(name: str, replacements: dict[str, str]) -> bytes:
    """An HTML page of ``assets/`` with its ``{{key}}`` placeholders filled in (already escaped)."""
    text = (_HERE / name).read_text(encoding="utf-8")
    for key, value in replacements.items():
        text = text.replace("{{" + key + "}}", value)
    return text.encode("utf-8")
