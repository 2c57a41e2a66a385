"""Ontology and taxonomy: they parse everywhere, cover every type, and HermiT finds them consistent."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph
import pytest
from paths import TESTS
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.namespaces import ACLED, CKG, PLOVER, TYPES, actor_iri, category_concept, slug
from kg.rdf.mapping import document_to_dataset
from kg.records import EVENT_TYPES, ROLES, document_from_dict
from kg.resources import resource_dir, resource_files
from kg.validation.shapes import union_graph

ONTOLOGY = resource_dir("ontology") / "conflict-kg.ttl"
TAXONOMY = resource_dir("ontology") / "event-types.ttl"
ACLED_MAPPING = resource_dir("ontology") / "acled-mapping.ttl"
GOLDEN = TESTS / "golden"
MATCHES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)


def parse(*paths: Path) -> Graph:
    g = Graph()
    for p in paths:
        g.parse(p, format="turtle")
    return g


@pytest.fixture(scope="module")
def onto() -> Graph:
    return parse(ONTOLOGY)


@pytest.fixture(scope="module")
def tax() -> Graph:
    return parse(TAXONOMY, ACLED_MAPPING)


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize("path", resource_files("ontology", ".ttl"), ids=lambda p: p.name)
def test_parses_with_rdflib_and_pyoxigraph(path: Path) -> None:
    assert len(parse(path)) > 50
    store = pyoxigraph.Store()
    store.load(path.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) > 50


def test_ontology_header(onto: Graph) -> None:
    iri = URIRef("https://w3id.org/conflict-kg/ontology")
    assert (iri, RDF.type, OWL.Ontology) in onto
    assert onto.value(iri, OWL.versionInfo) is not None
    assert not list(onto.objects(iri, OWL.imports)), "imports must resolve offline; declare terms instead"


def test_every_class_and_property_has_label_and_comment(onto: Graph) -> None:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    terms = {s for k in kinds for s in onto.subjects(RDF.type, k) if isinstance(s, URIRef)}
    assert len(terms) > 60
    missing = [t for t in terms if onto.value(t, RDFS.label) is None or onto.value(t, RDFS.comment) is None]
    assert not missing, missing


def test_model_properties_are_declared(onto: Graph) -> None:
    """Every ckg: term the mapping writes is declared in the ontology."""
    docs = [document_from_dict(json.loads(p.read_text()), source=p.name) for p in GOLDEN.glob("*.json")]
    used: set[URIRef] = set()
    for doc in docs:
        g = union_graph(document_to_dataset(doc))
        used |= {p for p in g.predicates() if str(p).startswith(str(CKG))}
        used |= {o for o in g.objects(None, RDF.type) if str(o).startswith(str(CKG))}
    declared = set(onto.subjects(RDF.type, None))
    assert used and not (used - declared), used - declared


# ---------------------------------------------------------------- coverage of the types


def test_event_classes_mirror_the_type_table(onto: Graph) -> None:
    for name, parent in EVENT_TYPES.items():
        cls = CKG[name]
        assert (cls, RDF.type, OWL.Class) in onto, name
        assert (cls, RDFS.subClassOf, CKG[parent] if parent else CKG.Event) in onto, name
        assert onto.value(cls, CKG.eventTypeConcept) == TYPES[name]
    assert (CKG.Event, RDFS.subClassOf, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event")) in onto


def test_every_type_has_a_concept_and_an_acled_or_plover_match(tax: Graph) -> None:
    for name, parent in EVENT_TYPES.items():
        concept = TYPES[name]
        assert (concept, RDF.type, SKOS.Concept) in tax, name
        assert (concept, SKOS.inScheme, TYPES.EventTypes) in tax
        assert tax.value(concept, SKOS.prefLabel) is not None
        assert tax.value(concept, SKOS.definition) is not None
        assert str(tax.value(concept, SKOS.notation)) == name
        if parent:
            assert (concept, SKOS.broader, TYPES[parent]) in tax
            assert (TYPES[parent], SKOS.narrower, concept) in tax
        targets = {o for p in MATCHES for o in tax.objects(concept, p)}
        assert any(str(t).startswith((str(ACLED), str(PLOVER))) for t in targets), name
        for t in targets:
            assert (t, RDF.type, SKOS.Concept) in tax, t


def _match(tax: Graph, name: str, ns: str) -> set[str]:
    return {str(tax.value(o, SKOS.prefLabel)) for p in MATCHES for o in tax.objects(TYPES[name], p)
            if str(o).startswith(ns)}


@pytest.mark.parametrize(("name", "acled", "plover", "cameo"), [
    ("MissileStrike", {"Shelling/artillery/missile attack"}, {"ASSAULT"}, {"195"}),
    ("Shelling", {"Shelling/artillery/missile attack"}, {"ASSAULT"}, {"194"}),
    ("AirStrike", {"Air/drone strike"}, {"ASSAULT"}, {"195"}),
    ("DroneStrike", {"Air/drone strike"}, {"ASSAULT"}, {"195"}),
    ("Attack", {"Shelling/artillery/missile attack"}, {"ASSAULT"}, {"190"}),
    ("ArmedClash", {"Armed clash"}, {"FIGHT"}, {"190"}),
    ("TerritoryChange", {"Government regains territory", "Non-state actor overtakes territory"},
     {"FIGHT"}, {"190"}),
    ("Interception", {"Disrupted weapons use"}, set(), set()),
    ("MilitaryAid", set(), {"AID"}, {"072"}),
    ("Sanctions", set(), {"SANCTION"}, {"163"}),
    ("DiplomaticVisit", set(), {"CONSULT"}, {"042", "043"}),
    ("Agreement", {"Agreement"}, {"AGREE"}, {"057"}),
    ("Condemnation", set(), {"ACCUSE"}, {"111", "112"}),
])
def test_mappings_are_those_of_event_records(tax: Graph, name: str, acled: set[str],
                                             plover: set[str], cameo: set[str]) -> None:
    assert _match(tax, name, str(ACLED)) == acled
    assert _match(tax, name, str(PLOVER)) == plover
    assert {str(c) for c in tax.objects(TYPES[name], CKG.cameoCode)} == cameo


def test_acled_scheme_has_six_types_and_25_sub_event_types(tax: Graph) -> None:
    scheme = ACLED.EventTypes
    tops = set(tax.objects(scheme, SKOS.hasTopConcept))
    assert {str(tax.value(t, SKOS.prefLabel)) for t in tops} == {
        "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
        "Strategic developments"}
    subs = {s for s in tax.subjects(SKOS.inScheme, scheme)} - tops
    assert len(subs) == 25
    for s in subs:
        assert tax.value(s, SKOS.broader) in tops
        label = str(tax.value(s, SKOS.prefLabel))
        assert s == ACLED[slug(label)] and str(tax.value(s, SKOS.notation)) == label


def test_acled_import_maps_sub_event_types_to_our_types(tax: Graph) -> None:
    imports = {str(tax.value(s, SKOS.prefLabel)): o for s, o in tax.subject_objects(CKG.importAs)}
    assert imports["Armed clash"] == TYPES.ArmedClash
    assert imports["Disrupted weapons use"] == TYPES.Interception
    assert imports["Government regains territory"] == TYPES.TerritoryChange
    assert all(str(o).removeprefix(str(TYPES)) in EVENT_TYPES for o in imports.values())
    assert "Peaceful protest" not in imports


def test_plover_scheme_has_the_sixteen_types(tax: Graph) -> None:
    tops = {str(tax.value(t, SKOS.prefLabel)) for t in tax.objects(PLOVER.EventTypes, SKOS.hasTopConcept)}
    assert tops == {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
                    "ASSAULT"}
    assert tax.value(PLOVER.FIGHT, SKOS.broader) == PLOVER.ASSAULT


def test_roles_precisions_categories_and_actor_types(tax: Graph, onto: Graph) -> None:
    assert {tax.value(c, SKOS.notation).toPython() for c in tax.subjects(SKOS.inScheme, TYPES.Roles)} \
        == set(ROLES)
    assert len(set(tax.subjects(SKOS.inScheme, TYPES.DatePrecisions))) == 3
    assert (category_concept("AirDefence"), SKOS.inScheme, TYPES.EquipmentCategories) in tax
    assert onto.value(CKG.State, CKG.acledInterCode) == ACLED["inter-1"]
    assert str(tax.value(ACLED["inter-1"], SKOS.prefLabel)) == "State forces"


# ---------------------------------------------------------------- reasoning


def _hermit(graph: Graph, tmp_path: Path) -> None:
    """Run HermiT over a graph (converted to RDF/XML: owlready2 cannot read Turtle)."""
    owlready2 = pytest.importorskip("owlready2")
    path = tmp_path / "kg.owl"
    graph.serialize(path, format="xml")
    world = owlready2.World()
    world.get_ontology(path.as_uri()).load()
    owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)
    assert not list(world.inconsistent_classes())


needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")


@needs_java
def test_ontology_alone_is_consistent_under_hermit(tmp_path: Path) -> None:
    _hermit(parse(ONTOLOGY, TAXONOMY, ACLED_MAPPING), tmp_path)


@needs_java
def test_ontology_with_mapped_data_is_consistent(tmp_path: Path) -> None:
    g = parse(ONTOLOGY)
    for p in GOLDEN.glob("*.json"):
        g += union_graph(document_to_dataset(document_from_dict(json.loads(p.read_text()), source=p.name)))
    _hermit(g, tmp_path)


@needs_java
def test_person_that_is_also_a_state_is_inconsistent(tmp_path: Path) -> None:
    owlready2 = pytest.importorskip("owlready2")
    g = parse(ONTOLOGY)
    russia = actor_iri("Russia")
    g.add((russia, RDF.type, CKG.Person))
    g.add((russia, RDF.type, CKG.State))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _hermit(g, tmp_path)


@needs_java
def test_attack_that_is_also_an_agreement_is_inconsistent(tmp_path: Path) -> None:
    owlready2 = pytest.importorskip("owlready2")
    g = parse(ONTOLOGY)
    event = URIRef("https://w3id.org/conflict-kg/id/event/planted")
    g.add((event, RDF.type, CKG.MissileStrike))
    g.add((event, RDF.type, CKG.Agreement))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _hermit(g, tmp_path)
