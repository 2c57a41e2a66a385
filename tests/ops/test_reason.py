"""Reasoning: HermiT over the ontology with stored data, explained clashes, inferred graph, export.

HermiT starts a JVM (about 2 s): each HermiT run here is a module-scoped fixture used by
several tests.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from click.testing import CliRunner
from paths import TESTS
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kg.cli import main
from kg.namespaces import CKG, GEO, SEM, actor_iri, place_iri
from kg.ops.reason import (
    INFERRED_GRAPH,
    find_clashes,
    inferred_graph,
    ontology_graph,
    sample_graph,
    write_inferred,
)
from kg.rdf.mapping import document_to_dataset
from kg.records import document_from_dict
from kg.store import open_store

GOLDEN = TESTS / "golden"
needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")


def golden_datasets() -> list[rdflib.Dataset]:
    return [document_to_dataset(document_from_dict(json.loads(p.read_text()), source=p.name))
            for p in sorted(GOLDEN.glob("*.json"))]


def make_store(path: Path, extra: Graph | None = None) -> str:
    """An on-disk store of the golden records (plus extra triples in kgg:shared); its URL."""
    url = f"oxigraph:{path}"
    with open_store(url) as store:
        for dataset in golden_datasets():
            store.add_dataset(dataset)
        if extra is not None:
            batch = rdflib.Dataset()
            shared = batch.graph(URIRef("https://w3id.org/conflict-kg/graph/shared"))
            for triple in extra:
                shared.add(triple)
            store.add_dataset(batch)
    return url


@pytest.fixture(scope="module")
def reasoned(tmp_path_factory: pytest.TempPathFactory):
    """One `kg reason --write-inferred` over the golden records: (url, CLI result)."""
    url = make_store(tmp_path_factory.mktemp("reason") / "store")
    result = CliRunner().invoke(main, ["--store", url, "reason", "--write-inferred"])
    return url, result


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory):
    """One `kg reason` over the golden records plus an actor typed both Person and State."""
    extra = Graph()
    x = actor_iri("x")
    extra.add((x, RDF.type, CKG.Actor))
    extra.add((x, RDF.type, CKG.Person))
    extra.add((x, RDF.type, CKG.State))
    extra.add((x, rdflib.RDFS.label, rdflib.Literal("X")))
    url = make_store(tmp_path_factory.mktemp("planted") / "store", extra)
    # the sample is the first events by IRI: the planted actor must be reached through one
    with open_store(url) as store:
        rows = store.query("SELECT ?e WHERE { ?e a ?class } ORDER BY ?e LIMIT 1", {"class": CKG.Event})
        event = rows.raw[0][0]
        batch = rdflib.Dataset()
        batch.graph(URIRef("https://w3id.org/conflict-kg/graph/shared")).add(
            (URIRef(event.value), SEM.hasActor, x))
        store.add_dataset(batch)
    return CliRunner().invoke(main, ["--store", url, "reason", "--sample", "3"])


# ---------------------------------------------------------------- HermiT


@needs_java
def test_ontology_and_ingested_data_are_consistent(reasoned) -> None:
    _, result = reasoned
    assert result.exit_code == 0, result.output
    assert "consistent" in result.output
    assert "classes" in result.output and "individuals" in result.output and " s " in result.output
    assert "6 event(s)" in result.output


@needs_java
def test_planted_person_and_state_is_inconsistent_with_explanation(planted) -> None:
    assert planted.exit_code == 1, planted.output
    text = planted.output
    assert "inconsistent" in text
    assert "actor id:actor/x is typed both ckg:Person and ckg:State" in text
    assert "which the ontology declares disjoint" in text


# ---------------------------------------------------------------- explanations without HermiT


def test_clash_found_from_disjointness_axioms() -> None:
    data = Graph()
    x, event = actor_iri("x"), URIRef("https://w3id.org/conflict-kg/id/event/planted")
    data.add((x, RDF.type, CKG.Person))
    data.add((x, RDF.type, CKG.State))
    data.add((event, RDF.type, CKG.MissileStrike))
    data.add((event, RDF.type, CKG.Agreement))
    messages = [c.message for c in find_clashes(data)]
    assert any("actor id:actor/x is typed both ckg:Person and ckg:State" in m
               and "ckg:Person owl:disjointWith ckg:State" in m for m in messages), messages
    assert any("event id:event/planted is typed both ckg:Agreement and ckg:MissileStrike" in m
               and "ckg:Attack owl:disjointWith ckg:Agreement" in m for m in messages), messages


def test_clash_through_a_range_names_the_property() -> None:
    data = Graph()
    event = URIRef("https://w3id.org/conflict-kg/id/event/e")
    participation = URIRef("https://w3id.org/conflict-kg/id/event/e/role/attacker/x")
    data.add((event, RDF.type, CKG.Event))
    data.add((participation, CKG.actor, event))  # an event where an actor belongs
    [clash] = find_clashes(data)
    assert "ckg:Event" in clash.message and "ckg:Actor (as the object of ckg:actor)" in clash.message


def test_golden_data_has_no_clashes() -> None:
    with open_store("memory:") as store:
        for dataset in golden_datasets():
            store.add_dataset(dataset)
        data = sample_graph(store, None)
    assert len(set(data.subjects(RDF.type, OWL.NamedIndividual))) > 20
    assert find_clashes(data) == []


# ---------------------------------------------------------------- inferred graph


@needs_java
def test_inferred_graph_written_and_queryable(reasoned) -> None:
    url, result = reasoned
    assert "inferred triples" in result.output
    with open_store(url, read_only=True) as store:
        assert str(INFERRED_GRAPH) in store.named_graphs()
        rows = store.query(
            "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> "
            "SELECT ?e WHERE { GRAPH ?g { ?e a ckg:Attack } }", {"g": INFERRED_GRAPH})
        assert len(rows) >= 2  # the air strike and the shelling are attacks
        within = store.query(
            "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            "SELECT ?area WHERE { GRAPH ?g { ?p geo:sfWithin ?area } "
            "?p <http://www.w3.org/2000/01/rdf-schema#label> 'Kostiantynivka' }", {"g": INFERRED_GRAPH})
        areas = {row[0] for row in within.rows}
        assert areas == {str(place_iri("Donetsk Oblast")), str(place_iri("Ukraine"))}


def test_inferred_graph_is_replaced_not_grown(tmp_path: Path) -> None:
    url = make_store(tmp_path / "store")
    with open_store(url) as store:
        first = write_inferred(store)
        second = write_inferred(store)
        count = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": INFERRED_GRAPH})
        assert first == second == count.rows[0][0]
        g = inferred_graph(store)
    vuzka = place_iri("Vuzka Bay")
    assert (vuzka, GEO.sfWithin, place_iri("Crimea")) in g
    assert (vuzka, GEO.sfWithin, place_iri("Ukraine")) in g  # through Crimea's country


def test_inferred_graph_repeats_no_stated_triple(tmp_path: Path) -> None:
    """Queries over the union of graphs count an event typed in two graphs twice."""
    url = make_store(tmp_path / "store")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?e a ?class }"
    with open_store(url) as store:
        before = store.query(count, {"class": CKG.Event}).rows[0][0]
        write_inferred(store)
        assert store.query(count, {"class": CKG.Event}).rows[0][0] == before


def test_validate_still_conforms_with_the_inferred_graph(tmp_path: Path) -> None:
    url = make_store(tmp_path / "store")
    with open_store(url) as store:
        write_inferred(store)
    result = CliRunner().invoke(main, ["--store", url, "validate"])
    assert result.exit_code == 0, result.output


def test_write_inferred_needs_the_store() -> None:
    result = CliRunner().invoke(main, ["--store", "memory:", "reason", "--no-data", "--write-inferred"])
    assert result.exit_code == 2


# ---------------------------------------------------------------- export


@pytest.mark.parametrize(("fmt", "rdflib_format", "ox_format"), [
    ("rdfxml", "xml", pyoxigraph.RdfFormat.RDF_XML),
    ("turtle", "turtle", pyoxigraph.RdfFormat.TURTLE),
    ("ntriples", "nt", pyoxigraph.RdfFormat.N_TRIPLES),
])
def test_ontology_export_loads_back(tmp_path: Path, fmt: str, rdflib_format: str, ox_format) -> None:
    out = tmp_path / f"conflict-kg.{fmt}"
    result = CliRunner().invoke(main, ["ontology", "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    g = Graph().parse(out, format=rdflib_format)
    expected = ontology_graph()
    assert len(g) == len(expected)
    assert (CKG.Person, OWL.disjointWith, CKG.State) in g
    assert (URIRef("https://w3id.org/conflict-kg/taxonomy/AirStrike"), RDF.type,
            URIRef("http://www.w3.org/2004/02/skos/core#Concept")) in g
    store = pyoxigraph.Store()
    store.load(out.read_bytes(), format=ox_format)
    assert len(store) == len(expected)
