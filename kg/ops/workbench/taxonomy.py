"""An event type's ACLED and PLOVER counterparts, read from the taxonomy in ``ontology/``."""
from __future__ import annotations

from functools import cache

from kg.resources import resource_dir

MATCHES = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")


@cache
def _table() -> dict[str, list[dict[str, str]]]:
    import rdflib
    from rdflib.namespace import SKOS

    from kg.namespaces import ACLED, PLOVER, TYPES

    graph = rdflib.Graph()
    graph.parse(resource_dir("ontology") / "event-types.ttl", format="turtle")
    table: dict[str, list[dict[str, str]]] = {}
    schemes = {"ACLED": str(ACLED), "PLOVER": str(PLOVER)}
    for match in MATCHES:
        for subject, target in graph.subject_objects(SKOS[match]):
            name = str(subject)
            if not name.startswith(str(TYPES)):
                continue
            scheme = next((s for s, base in schemes.items() if str(target).startswith(base)), None)
            if scheme is None:
                continue
            label = graph.value(target, SKOS.prefLabel) or graph.value(target, SKOS.notation) or target
            table.setdefault(name[len(str(TYPES)):], []).append(
                {"scheme": scheme, "match": match, "concept": str(target), "label": str(label)})
    for rows in table.values():
        rows.sort(key=lambda r: (r["scheme"], MATCHES.index(r["match"]), r["label"]))
    return table


def matches_of_type(type_name: str) -> list[dict[str, str]]:
    """The ACLED and PLOVER concepts an event type maps to (``scheme``, ``match``, ``concept``, ``label``)."""
    return list(_table().get(type_name, []))
