"""Build kg/data/basemap.geojson, the workbench's offline base map, from Natural Earth.

Usage: python scripts/build_basemap.py NATURAL_EARTH_DIR [OUT]

NATURAL_EARTH_DIR holds Natural Earth's (public domain) shapefiles:
``natural_earth_110m/ne_110m_admin_0_countries`` (the world, with names) and
``natural_earth_10m/ne_10m_{land,coastline,admin_0_boundary_lines_land,
admin_1_states_provinces_lines}`` (the detail drawn around Ukraine). Needs ``pyshp`` and
``shapely`` (build time only; the workbench reads the GeoJSON as it is).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import shapefile
from shapely.geometry import box, mapping, shape
from shapely.ops import unary_union

DETAIL = (20.0, 43.0, 42.0, 53.5)
"""lon/lat window drawn at 1:10m: Ukraine and its neighbours' border areas."""
CRIMEA = box(32.4, 44.3, 36.7, 46.3)


def read(path: Path) -> list[tuple[dict, object]]:
    """The shapes of a shapefile with their attributes (none when it has no .dbf)."""
    if not path.with_suffix(".dbf").is_file():
        with shapefile.Reader(shp=path.open("rb"), shx=path.with_suffix(".shx").open("rb")) as reader:
            return [({}, shape(s.__geo_interface__)) for s in reader.shapes() if s.points]
    with shapefile.Reader(str(path)) as reader:
        fields = [f[0] for f in reader.fields[1:]]
        return [(dict(zip(fields, r.record, strict=False)), shape(r.shape.__geo_interface__))
                for r in reader.iterShapeRecords()]


def rounded(geometry: object, places: int) -> dict:
    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], float):
                return [round(value[0], places), round(value[1], places)]
            return [walk(v) for v in value]
        return value

    data = mapping(geometry)
    return {"type": data["type"], "coordinates": walk(data["coordinates"])}


def feature(layer: str, geometry: object, places: int, **props: str) -> dict | None:
    if geometry.is_empty:
        return None
    return {"type": "Feature", "properties": {"layer": layer, **props},
            "geometry": rounded(geometry, places)}


def build(source: Path) -> dict:
    features = []
    world = read(source / "natural_earth_110m" / "ne_110m_admin_0_countries.shp")
    ukraine = None
    for props, geometry in world:
        name = props.get("NAME") or props.get("ADMIN") or ""
        if name == "Ukraine":
            ukraine = geometry
        features.append(feature("country", geometry.simplify(0.05), 2, name=name))
    window = box(*DETAIL)
    ten = source / "natural_earth_10m"
    land = unary_union([g for _, g in read(ten / "ne_10m_land.shp") if g.intersects(window)])
    features.append(feature("land", land.intersection(window).simplify(0.01), 3))
    for layer, name in (("coast", "ne_10m_coastline.shp"),
                        ("border", "ne_10m_admin_0_boundary_lines_land.shp")):
        for _, geometry in read(ten / name):
            if geometry.intersects(window):
                features.append(feature(layer, geometry.intersection(window).simplify(0.01), 3))
    inside = (ukraine.buffer(0.1) if ukraine is not None else window).union(CRIMEA)
    for _, geometry in read(ten / "ne_10m_admin_1_states_provinces_lines.shp"):
        if geometry.intersects(window) and inside.contains(geometry.representative_point()):
            features.append(feature("admin1", geometry.simplify(0.01), 3))
    return {"type": "FeatureCollection",
            "properties": {"source": "Natural Earth (naturalearthdata.com), public domain",
                           "detail": list(DETAIL)},
            "features": [f for f in features if f is not None]}


def main() -> None:
    source = Path(sys.argv[1])
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("kg/data/basemap.geojson")
    out.write_text(json.dumps(build(source), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{out}: {out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
