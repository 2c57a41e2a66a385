"""Namespaces and IRI minting: the one place that decides what things are called.

Every IRI the system writes is minted here from stable keys, so the same input always gives
the same IRIs (ingesting twice adds nothing) and the same actor, place or equipment from two
pages is one node. See ``docs/model.md`` for the shape of the graph.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

BASE = "https://w3id.org/conflict-kg/"

CKG = Namespace(BASE + "ontology#")
"""The ontology's own terms."""
TYPES = Namespace(BASE + "taxonomy/")
"""SKOS concepts of the event-type scheme (``TYPES.AirStrike``) and of roles and categories."""
ACLED = Namespace(BASE + "acled/")
"""SKOS concepts standing for ACLED event and sub-event types."""
PLOVER = Namespace(BASE + "plover/")
"""SKOS concepts standing for PLOVER event types (with their CAMEO codes)."""
ID = Namespace(BASE + "id/")
"""Instance data: events, actors, places, equipment, reports, pages."""
GRAPH = Namespace(BASE + "graph/")
"""Named graphs."""

SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
WGS84 = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
SCHEMA = Namespace("https://schema.org/")
GEONAMES = Namespace("https://sws.geonames.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")

SHARED_GRAPH = GRAPH["shared"]
"""Named graph holding what many updates share: pages, actors, places, equipment."""

PREFIXES: dict[str, Namespace] = {
    "ckg": CKG, "ckgt": TYPES, "acled": ACLED, "plover": PLOVER, "id": ID, "kgg": GRAPH,
    "sem": SEM, "geo": GEO, "wgs84": WGS84, "schema": SCHEMA, "gn": GEONAMES,
    "prov": PROV, "skos": SKOS, "time": TIME, "dcterms": DCTERMS, "owl": OWL,
    "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "sh": SH,
}


def sparql_prefixes() -> str:
    """Return the PREFIX lines for every namespace above, for SPARQL text."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def compact(iri: str | URIRef) -> str:
    """An IRI with a project prefix where one fits (``id:actor/russia``), else in ``<>``."""
    text = str(iri)
    for prefix, ns in PREFIXES.items():
        if text.startswith(str(ns)) and len(text) > len(str(ns)):
            return f"{prefix}:{text[len(str(ns)):]}"
    return f"<{text}>"


def slug(name: str) -> str:
    """Fold a name to an IRI-safe slug: ``"Kim Jong-un"`` -> ``"kim-jong-un"``."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or "unnamed"


def digest(*parts: object, length: int = 16) -> str:
    """Return a short stable hash of the parts (joined with a separator that cannot occur)."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


def page_iri(source: str) -> URIRef:
    """IRI of a source document, from its file name (not its folder)."""
    return ID[f"page/{slug(source)}"]


def layout_iri(columns: tuple[str, ...]) -> URIRef:
    """IRI of a record layout: the columns, in order, of the records a file gave (its header)."""
    return ID[f"layout/{digest(*columns)}"]


def update_key(source: str, heading: str, ordinal: int) -> str:
    """Stable key of an update: its page and heading, with the ordinal only for repeated headings."""
    return digest(source, heading, ordinal)


def update_iri(source: str, heading: str, ordinal: int = 0) -> URIRef:
    """IRI of an update (a report) of a page."""
    return ID[f"report/{update_key(source, heading, ordinal)}"]


def update_graph(source: str, heading: str, ordinal: int = 0) -> URIRef:
    """Named graph of an update: everything read from that update lives in it."""
    return GRAPH[f"report/{update_key(source, heading, ordinal)}"]


def event_iri(update: URIRef, type_: str, date: str | None, places: list[str], ordinal: int) -> URIRef:
    """IRI of an event read from an update, from its content and its place in the update."""
    return ID[f"event/{digest(update, type_, date, '|'.join(sorted(places)), ordinal)}"]


def actor_iri(name: str) -> URIRef:
    """IRI of an actor, from its canonical name."""
    return ID[f"actor/{slug(name)}"]


AREA_KINDS = ("region", "country")


def place_iri(name: str, geonames_id: int | None = None, kind: str | None = None,
              within: tuple[object, ...] | None = None) -> URIRef:
    """IRI of a place.

    Regions and countries are minted by canonical name (``id:place/donetsk-oblast``), so that
    a region named only as some town's ``admin1`` and the same region named as a place meet
    in one node; a region named like a country (the state of Mexico) is told apart by its kind.
    Settlements and other features are minted by GeoNames id where they have one (two villages
    may share a name); else, where the source says where they lie (``within``: their admin
    areas and coordinates, as an ACLED row does), by name and that; else by name.
    """
    if geonames_id is not None and kind not in AREA_KINDS:
        return ID[f"place/gn-{geonames_id}"]
    if kind == "region" and slug(name) in _country_slugs():
        return ID[f"place/{slug(name)}-region"]
    if within is not None and kind not in AREA_KINDS and any(v not in (None, "") for v in within):
        return ID[f"place/{slug(name)}-{digest(*within, length=10)}"]
    return ID[f"place/{slug(name)}"]


@functools.lru_cache(maxsize=1)
def _country_slugs() -> frozenset[str]:
    """The slugs of every country's name (``kg/data/countries.tsv``), read once."""
    from kg.resources import data_path

    with open(data_path("countries.tsv"), encoding="utf-8") as f:
        next(f)
        return frozenset(slug(line.split("\t")[2]) for line in f if line.strip())


def equipment_iri(name: str) -> URIRef:
    """IRI of an equipment type (a weapon system or a category), from its canonical name."""
    return ID[f"equipment/{slug(name)}"]


def type_concept(type_name: str) -> URIRef:
    """SKOS concept of an event type name."""
    return TYPES[type_name]


def geonames_iri(geonames_id: int) -> URIRef:
    """The GeoNames IRI of a feature."""
    return GEONAMES[f"{geonames_id}/"]


# ------------------------------------------------- terms minted for the mapping and the shapes

SHAPES = Namespace(BASE + "shapes#")
"""The SHACL shapes (``shapes/*.ttl``) and their property shapes."""

_SAFE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def _term_name(name: str) -> str:
    """Keep a vocabulary name as written when it is IRI-safe, else fold it to a slug.

    Unknown names still become IRIs (so that the shapes can reject them by name) rather than
    errors at mapping time.
    """
    return name if _SAFE_NAME.fullmatch(name) else slug(name)


def event_type_concept(type_name: str) -> URIRef:
    """SKOS concept of an event type name, also for names outside the taxonomy.

    ``"AirStrike"`` gives ``ckgt:AirStrike`` (as :func:`type_concept`); a name that is not
    IRI-safe (``"air strike"``) is folded to a slug, so that it can be written and then
    rejected by the shapes.
    """
    return TYPES[_term_name(type_name)]


def event_class(type_name: str) -> URIRef:
    """OWL class of an event type name (``ckg:AirStrike``)."""
    return CKG[_term_name(type_name)]


def actor_kind_class(kind: str) -> URIRef:
    """OWL class of an actor kind (``"State"`` gives ``ckg:State``)."""
    return CKG[_term_name(kind)]


PLACE_KIND_CLASSES = {
    "settlement": "Settlement", "region": "Region", "country": "Country",
    "water": "WaterBody", "feature": "Feature",
}


def place_kind_class(kind: str) -> URIRef:
    """OWL class of a place kind of ``kg.records.PLACE_KINDS`` (``"water"`` gives ``ckg:WaterBody``).

    An unknown kind gives a class named after it, which the shapes reject.
    """
    return CKG[PLACE_KIND_CLASSES.get(kind) or _term_name(kind)]


def role_concept(role: str) -> URIRef:
    """SKOS concept of a participant role (``ckgt:role-attacker``)."""
    return TYPES[f"role-{_term_name(role)}"]


def precision_concept(precision: str) -> URIRef:
    """SKOS concept of a date precision (``ckgt:precision-day``)."""
    return TYPES[f"precision-{_term_name(precision)}"]


def category_concept(category: str) -> URIRef:
    """SKOS concept of an equipment category (``ckgt:category-AirDefence``)."""
    return TYPES[f"category-{_term_name(category)}"]


def geometry_iri(place: URIRef) -> URIRef:
    """IRI of the point geometry of a place (``id:place/gn-704508/geometry``)."""
    return URIRef(f"{place}/geometry")


def participation_iri(event: URIRef, role: str, actor_name: str) -> URIRef:
    """IRI of an actor's part in an event (``id:event/<hash>/role/attacker/russia``)."""
    return URIRef(f"{event}/role/{slug(role)}/{slug(actor_name)}")


def equipment_use_iri(event: URIRef, equipment_name: str) -> URIRef:
    """IRI of the use of one equipment type in an event (``id:event/<hash>/equipment/patriot``)."""
    return URIRef(f"{event}/equipment/{slug(equipment_name)}")


def evidence_iri(event: URIRef) -> URIRef:
    """IRI of the evidence span an event was read from (``id:event/<hash>/evidence``)."""
    return URIRef(f"{event}/evidence")


def further_evidence_iri(event: URIRef, report: URIRef) -> URIRef:
    """IRI of an event's words in another update that tells it too
    (``id:event/<hash>/evidence/<key>``, the key of that update's report)."""
    return URIRef(f"{event}/evidence/{str(report).rsplit('/', 1)[-1]}")
