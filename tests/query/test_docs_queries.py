"""Every ```sparql block of docs/querying.md parses and runs on a store of the test records."""
from __future__ import annotations

import json
import re

import pytest
from paths import ROOT, TESTS

from kg.ops.reason import write_inferred
from kg.query.named import run_sparql
from kg.rdf.mapping import document_to_dataset
from kg.records import document_from_dict
from kg.store import open_store
from kg.store.results import Rows

GUIDE = ROOT / "docs" / "querying.md"
GOLDEN = TESTS / "golden"
BLOCK = re.compile(r"^```sparql\n(.*?)^```", re.DOTALL | re.MULTILINE)


def blocks() -> list[str]:
    return BLOCK.findall(GUIDE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def store():
    with open_store("memory:") as s:
        for p in sorted(GOLDEN.glob("*.json")):
            s.add_dataset(document_to_dataset(document_from_dict(json.loads(p.read_text()), source=p.name)))
        write_inferred(s)  # the guide shows the inferred graph too
        yield s


def test_the_guide_has_at_least_ten_queries() -> None:
    assert len(blocks()) >= 10


@pytest.mark.parametrize("text", blocks(), ids=lambda t: t.split("\n", 1)[0][:40])
def test_guide_query_runs_and_answers(store, text: str) -> None:
    result = run_sparql(store, text)
    assert isinstance(result, Rows)
    assert len(result) > 0, "the example answers nothing on the test records"


def test_ontology_guide_names_every_class_property_and_type() -> None:
    from rdflib import URIRef
    from rdflib.namespace import OWL, RDF, SKOS

    from kg.namespaces import CKG, TYPES
    from kg.ops.reason import compact, ontology_graph

    text = (ROOT / "docs" / "ontology.md").read_text(encoding="utf-8")
    g = ontology_graph()
    terms = {s for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(str(CKG))}
    missing = sorted(compact(t) for t in terms if f"`{compact(t)}`" not in text)
    assert not missing, missing
    types = [str(g.value(c, SKOS.notation)) for c in g.subjects(SKOS.inScheme, TYPES.EventTypes)]
    assert all(f"| `{name}` |" in text for name in types)
