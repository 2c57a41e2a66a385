"""Reasoning: HermiT's verdict on the ontology (with a sample of the data), and inferred facts.

:func:`check_consistency` merges the ontology and the taxonomy (``ontology/*.ttl``), adds a
sample of the store's events with their actors, participations, places and equipment,
converts the whole to RDF/XML (owlready2 cannot read Turtle) and runs HermiT through
owlready2 in a fresh :class:`owlready2.World`. HermiT only answers "inconsistent"; the
explanation is found here, with rdflib: every individual's types (asserted, entailed by the
domains and ranges of the properties it is used with, and their superclasses) are checked
against the ontology's ``owl:disjointWith`` and ``owl:AllDisjointClasses`` axioms.

:func:`write_inferred` materialises what the ontology entails and analysts query for, over the
whole store, in the named graph ``kgg:inferred`` (replaced on each run): events typed with
every class above their own (``ckg:AirStrike`` gives ``ckg:Attack``, ``ckg:Event``,
``sem:Event``, also from the ``skos:broader`` parents of their ``ckg:eventType``), and places
``geo:sfWithin`` their region and country, transitively (``ckg:admin1`` then the region's
``ckg:country``). Actors and places keep the types they were given: the shapes allow one
``ckg:`` kind per node, and a materialised ``sem:Actor`` or ``ckg:Organisation`` beside
``ckg:Company`` would make ``kg validate`` reject the store.

owlready2 is imported inside the functions that need it, so importing this module is cheap.
"""
from __future__ import annotations

import itertools
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import rdflib
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.errors import KGError
from kg.namespaces import CKG, GEO, GRAPH, compact
from kg.store.base import Store
from kg.validation.ontology import ontology_graph

INFERRED_GRAPH = GRAPH["inferred"]
"""The named graph :func:`write_inferred` replaces."""

_KINDS = (
    (CKG.Event, "event"), (CKG.Actor, "actor"), (CKG.Place, "place"), (CKG.Equipment, "equipment"),
    (CKG.Participation, "participation"), (CKG.EquipmentUse, "equipment use"),
    (CKG.EvidenceSpan, "evidence span"), (CKG.Report, "report"), (CKG.Page, "page"),
    (SKOS.Concept, "concept"), (GEO.Geometry, "geometry"),
)

# The events of the sample and what reasoning needs of them: their types and links, and the
# types and links of the actors, participations, places and equipment they point to. Literals
# are left out: HermiT has nothing to say about them that the shapes do not check better.
# "#LIMIT" is replaced by the sample size (a whole number) or left as a comment.
SAMPLE_QUERY = """
PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
CONSTRUCT { ?s ?p ?o }
WHERE {
  { SELECT ?e WHERE { ?e a ckg:Event } ORDER BY ?e #LIMIT
  }
  {
    ?e ?p ?o . BIND(?e AS ?s)
    FILTER(?p IN (rdf:type, ckg:eventType, ckg:datePrecision, sem:hasPlace, ckg:inRegion, ckg:inCountry,
                  sem:hasActor, sem:accordingTo, ckg:hasParticipation, ckg:usedEquipment,
                  ckg:hasEquipmentUse))
  } UNION {
    ?e ckg:hasParticipation ?s . ?s ?p ?o . FILTER(?p IN (rdf:type, ckg:actor, ckg:role))
  } UNION {
    ?e ckg:hasEquipmentUse ?s . ?s ?p ?o . FILTER(?p IN (rdf:type, ckg:equipment))
  } UNION {
    ?e sem:hasActor|sem:accordingTo ?s . ?s ?p ?o . FILTER(?p IN (rdf:type, ckg:affiliation))
  } UNION {
    ?e sem:hasPlace|ckg:inRegion|ckg:inCountry ?s . ?s ?p ?o .
    FILTER(?p IN (rdf:type, ckg:admin1, ckg:country))
  } UNION {
    ?e ckg:usedEquipment ?s . ?s ?p ?o . FILTER(?p IN (rdf:type, ckg:category))
  }
}
"""

# Every event, with the classes and the event-type concept it has outside kgg:inferred (the
# graph being rewritten must not feed itself, nor be repeated: the union of graphs would give
# an event typed in two graphs twice).
EVENT_TYPES_QUERY = """
PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX kgg: <https://w3id.org/conflict-kg/graph/>
SELECT DISTINCT ?event ?class ?concept
WHERE {
  GRAPH ?g { ?event a ckg:Event }
  FILTER(?g != kgg:inferred)
  { GRAPH ?g1 { ?event a ?class } FILTER(?g1 != kgg:inferred) }
  UNION
  { GRAPH ?g2 { ?event ckg:eventType ?concept } FILTER(?g2 != kgg:inferred) }
}
"""

# Every place and the regions and countries it lies in, one or two steps up; with the
# sfWithin links already stated outside kgg:inferred.
CONTAINMENT_QUERY = """
PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX kgg: <https://w3id.org/conflict-kg/graph/>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
SELECT DISTINCT ?place ?within ?stated
WHERE {
  ?place a ckg:Place .
  { ?place ckg:admin1|ckg:country ?within }
  UNION
  { ?place ckg:admin1/ckg:country ?within }
  OPTIONAL { GRAPH ?g { ?place geo:sfWithin ?within } FILTER(?g != kgg:inferred) BIND(true AS ?stated) }
}
"""


@dataclass(frozen=True)
class Clash:
    """An individual whose types the ontology declares disjoint.

    Attributes:
        node: the individual's IRI.
        kind: what it is, in a word (``actor``, ``event``...), from its general class.
        first, second: the two types that clash, as given or entailed (classes' IRIs).
        first_reason, second_reason: where each type comes from (``asserted``, or the
            property whose domain or range it is).
        axiom: the disjointness axiom broken, in compact form.
    """

    node: str
    kind: str
    first: str
    second: str
    first_reason: str
    second_reason: str
    axiom: str

    @property
    def message(self) -> str:
        """One line naming the individual, both classes and the axiom."""
        def typed(cls: str, reason: str) -> str:
            return compact(cls) if reason == "asserted" else f"{compact(cls)} ({reason})"

        return (f"{self.kind} {compact(self.node)} is typed both {typed(self.first, self.first_reason)} "
                f"and {typed(self.second, self.second_reason)}, which the ontology declares disjoint "
                f"({self.axiom})")


@dataclass
class ReasoningResult:
    """What :func:`check_consistency` found.

    Attributes:
        consistent: HermiT found the ontology (with the sample) consistent.
        classes: named classes in the ontology.
        individuals: individuals of the data sample given to HermiT (0 without data).
        events: events in the sample.
        seconds: wall time of the whole check (conversion, JVM start, reasoning).
        reasoner_seconds: of that, the time HermiT took.
        clashes: individuals in disjoint classes (filled when inconsistent).
        unsatisfiable: classes HermiT found equivalent to ``owl:Nothing``.
        inferred_triples: triples written to ``kgg:inferred``, or ``None`` when not asked.
    """

    consistent: bool
    classes: int
    individuals: int
    events: int
    seconds: float
    reasoner_seconds: float
    clashes: list[Clash] = field(default_factory=list)
    unsatisfiable: list[str] = field(default_factory=list)
    inferred_triples: int | None = None

    @property
    def ok(self) -> bool:
        """Consistent, and no class is unsatisfiable."""
        return self.consistent and not self.unsatisfiable

    def explanation(self) -> str:
        """Why the result is not :attr:`ok`, one finding a line (empty when it is)."""
        lines: list[str] = []
        if not self.consistent:
            lines.append("HermiT finds the ontology with the data inconsistent")
            lines.extend(c.message for c in self.clashes)
            if not self.clashes:
                lines.append("no individual has two classes declared disjoint among its asserted or "
                             "domain/range types; the clash lies in other axioms")
        for cls in self.unsatisfiable:
            lines.append(f"class {compact(cls)} can have no members "
                         "(it is inferred equivalent to owl:Nothing)")
        return "\n".join(lines)


# ------------------------------------------------------------------------------ graphs


def sample_graph(store: Store, sample: int | None = 1000) -> Graph:
    """Events of the store (the first ``sample`` by IRI; all when ``None``) and what they point to.

    Every IRI in it other than a class is typed ``owl:NamedIndividual``, which owlready2 needs
    to see it as an individual.
    """
    text = SAMPLE_QUERY
    if sample is not None:
        if sample < 0:
            raise KGError("the sample size must not be negative")
        text = text.replace("#LIMIT", f"LIMIT {int(sample)}")
    result = store.query(text)
    data = Graph()
    if isinstance(result, Graph):
        for triple in result:
            data.add(triple)
    return with_named_individuals(data)


# ------------------------------------------------------------------------------ explanation


def _disjoint_pairs(onto: Graph) -> dict[frozenset[URIRef], str]:
    """Pairs of classes declared disjoint -> the axiom, in compact form."""
    pairs: dict[frozenset[URIRef], str] = {}
    for a, b in onto.subject_objects(OWL.disjointWith):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            pairs.setdefault(frozenset((a, b)), f"{compact(a)} owl:disjointWith {compact(b)}")
    for axiom in onto.subjects(RDF.type, OWL.AllDisjointClasses):
        members_list = onto.value(axiom, OWL.members)
        if members_list is None:
            continue
        members = [m for m in Collection(onto, members_list) if isinstance(m, URIRef)]
        for a, b in itertools.combinations(members, 2):
            pairs.setdefault(frozenset((a, b)),
                             f"owl:AllDisjointClasses of {compact(a)}, {compact(b)} and others")
    return pairs


def _superclasses(onto: Graph) -> dict[URIRef, set[URIRef]]:
    """Each named class -> itself and every named class above it."""
    parents: dict[URIRef, set[URIRef]] = {}
    for s, o in onto.subject_objects(RDFS.subClassOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            parents.setdefault(s, set()).add(o)

    def up(cls: URIRef) -> set[URIRef]:
        seen, todo = {cls}, [cls]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    classes = set(parents) | {c for ps in parents.values() for c in ps}
    classes |= {c for c in onto.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    return {c: up(c) for c in classes}


def find_clashes(data: Graph, onto: Graph | None = None) -> list[Clash]:
    """Individuals of ``data`` whose types the ontology declares disjoint.

    A type is asserted (``rdf:type``) or entailed by a property's ``rdfs:domain`` (for its
    subjects) or ``rdfs:range`` (for its objects); superclasses follow. Each clash names the
    two types that lead to the disjoint classes, so the message points at what to fix.

    Args:
        data: the individuals.
        onto: the ontology (default :func:`ontology_graph`).

    Returns:
        One clash per individual and pair of clashing types, sorted by individual.
    """
    onto = onto if onto is not None else ontology_graph()
    pairs = _disjoint_pairs(onto)
    up = _superclasses(onto)
    domains = {p: d for p, d in onto.subject_objects(RDFS.domain) if isinstance(d, URIRef)}
    ranges = {p: r for p, r in onto.subject_objects(RDFS.range) if isinstance(r, URIRef)}
    # node -> {given type: reason}
    given: dict[URIRef, dict[URIRef, str]] = {}
    for s, p, o in data:
        if not isinstance(s, URIRef):
            continue
        if p == RDF.type:
            if isinstance(o, URIRef) and o != OWL.NamedIndividual:
                given.setdefault(s, {})[o] = "asserted"
            continue
        if p in domains:
            given.setdefault(s, {}).setdefault(domains[p], f"as the subject of {compact(p)}")
        if p in ranges and isinstance(o, URIRef):
            given.setdefault(o, {}).setdefault(ranges[p], f"as the object of {compact(p)}")
    clashes: list[Clash] = []
    for node in sorted(given):
        types = given[node]
        entailed = {t: up.get(t, {t}) for t in types}
        closure = set().union(*entailed.values())
        kind = next((word for cls, word in _KINDS if cls in closure), "individual")
        seen: set[frozenset[URIRef]] = set()
        for a, b in itertools.combinations(sorted(types), 2):
            for x, y in itertools.product(sorted(entailed[a]), sorted(entailed[b])):
                axiom = pairs.get(frozenset((x, y)))
                if axiom and frozenset((a, b)) not in seen:
                    seen.add(frozenset((a, b)))
                    first, second = (a, b) if types[a] == "asserted" or types[b] != "asserted" else (b, a)
                    clashes.append(Clash(str(node), kind, str(first), str(second), types[first],
                                         types[second], axiom))
        if OWL.Nothing in closure:
            clashes.append(Clash(str(node), kind, str(OWL.Nothing), str(OWL.Nothing), "asserted",
                                 "asserted", "owl:Nothing has no members"))
    return clashes


# ------------------------------------------------------------------------------ HermiT


def _hermit(graph: Graph, with_data: bool) -> tuple[bool, list[str], float]:
    """Run HermiT over a graph; returns (consistent, unsatisfiable class IRIs, seconds)."""
    import owlready2

    with tempfile.TemporaryDirectory(prefix="kg-reason-") as tmp:
        path = Path(tmp) / "conflict-kg.owl"
        graph.serialize(path, format="xml")
        world = owlready2.World()
        try:
            world.get_ontology(path.as_uri()).load()
            start = time.perf_counter()
            try:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                               ignore_unsupported_datatypes=with_data)
            except owlready2.OwlReadyInconsistentOntologyError:
                return False, [], time.perf_counter() - start
            except (owlready2.OwlReadyJavaError, OSError) as exc:
                first = str(exc).strip().splitlines()[:3]
                raise KGError("HermiT could not run (it needs Java 11 or later on the PATH): "
                              + " ".join(first)) from exc
            seconds = time.perf_counter() - start
            unsatisfiable = sorted(c.iri for c in world.inconsistent_classes()
                                   if getattr(c, "iri", None) and c is not owlready2.Nothing)
            return True, unsatisfiable, seconds
        finally:
            world.close()


def check_consistency(store: Store | None = None, sample: int | None = 1000) -> ReasoningResult:
    """Ask HermiT whether the ontology, with a sample of the store's data, is consistent.

    Args:
        store: the store to sample; ``None`` checks the ontology and taxonomy alone.
        sample: how many events to include (the first by IRI, with their actors,
            participations, places and equipment); ``None`` includes every event.

    Returns:
        The verdict, sizes and timings; when inconsistent, :attr:`ReasoningResult.clashes`
        names the individuals in disjoint classes.

    Raises:
        KGError: HermiT cannot run (no Java).
        StoreError, QueryError: the store cannot be read.
    """
    start = time.perf_counter()
    data = sample_graph(store, sample) if store is not None else None
    return _reason(data, start)


def check_graph(data: Graph) -> ReasoningResult:
    """Like :func:`check_consistency`, over given data (a plain graph) instead of a store's sample."""
    return _reason(with_named_individuals(data), time.perf_counter())


def with_named_individuals(data: Graph) -> Graph:
    """A copy of ``data`` with every IRI it uses as a subject or object typed ``owl:NamedIndividual``."""
    out = Graph()
    for s, p, o in data:
        out.add((s, p, o))
        if isinstance(s, URIRef):
            out.add((s, RDF.type, OWL.NamedIndividual))
        if p != RDF.type and isinstance(o, URIRef):
            out.add((o, RDF.type, OWL.NamedIndividual))
    return out


def _reason(data: Graph | None, start: float) -> ReasoningResult:
    onto = ontology_graph()
    classes = sum(1 for c in set(onto.subjects(RDF.type, OWL.Class)) if isinstance(c, URIRef))
    merged = Graph()
    for triple in onto:
        merged.add(triple)
    for triple in data if data is not None else ():
        merged.add(triple)
    consistent, unsatisfiable, hermit_seconds = _hermit(merged, with_data=data is not None)
    clashes = [] if consistent else find_clashes(data if data is not None else onto, onto)
    individuals = len(set(data.subjects(RDF.type, OWL.NamedIndividual))) if data is not None else 0
    events = len(set(data.subjects(RDF.type, CKG.Event))) if data is not None else 0
    return ReasoningResult(consistent, classes, individuals, events, time.perf_counter() - start,
                           hermit_seconds, clashes, unsatisfiable)


# ------------------------------------------------------------------------------ inferred graph


def inferred_graph(store: Store, onto: Graph | None = None) -> Graph:
    """What :func:`write_inferred` writes: the classes of events, places within their areas.

    Each event gets the classes its own classes and its ``ckg:eventType`` entail, and each
    place ``geo:sfWithin`` its ``ckg:admin1``, its ``ckg:country`` and its region's country,
    less what other graphs already state (queries over the union of graphs would otherwise
    see those triples twice). ``kgg:inferred`` itself is not read, so running twice writes
    the same graph.
    """
    onto = onto if onto is not None else ontology_graph()
    up = _superclasses(onto)
    class_of_concept = {c: cls for cls, c in onto.subject_objects(CKG.eventTypeConcept)}
    broader: dict[URIRef, set[URIRef]] = {}
    for narrow, wide in onto.subject_objects(SKOS.broader):
        broader.setdefault(narrow, set()).add(wide)

    def concept_classes(concept: URIRef) -> set[URIRef]:
        seen, todo = {concept}, [concept]
        while todo:
            for parent in broader.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return {class_of_concept[c] for c in seen if c in class_of_concept}

    asserted: dict[URIRef, set[URIRef]] = {}
    entailed: dict[URIRef, set[URIRef]] = {}
    for row in _rows(store.query(EVENT_TYPES_QUERY)):
        event = URIRef(row["event"])
        classes = set()
        if "class" in row:
            classes.add(URIRef(row["class"]))
            asserted.setdefault(event, set()).add(URIRef(row["class"]))
        if "concept" in row:
            classes |= concept_classes(URIRef(row["concept"]))
        for cls in classes:
            entailed.setdefault(event, set()).update(up.get(cls, {cls}))
    out = Graph()
    for event, classes in entailed.items():
        for cls in classes - asserted.get(event, set()):
            out.add((event, RDF.type, cls))
    for row in _rows(store.query(CONTAINMENT_QUERY)):
        if row["place"] != row["within"] and "stated" not in row:
            out.add((URIRef(row["place"]), GEO.sfWithin, URIRef(row["within"])))
    return out


def _rows(result: object) -> Iterable[dict[str, str]]:
    for row in getattr(result, "raw", ()):
        yield {name: term.value for name, term in zip(result.variables, row, strict=True)  # type: ignore[attr-defined]
               if term is not None}


def write_inferred(store: Store, graph: Graph | None = None) -> int:
    """Replace ``kgg:inferred`` in the store with :func:`inferred_graph` (or ``graph``).

    Returns:
        The number of triples written.

    Raises:
        StoreError: the store is read-only or the write fails (nothing is written).
    """
    graph = graph if graph is not None else inferred_graph(store)
    dataset = rdflib.Dataset()
    target = dataset.graph(INFERRED_GRAPH)
    for triple in graph:
        target.add(triple)
    store.add_dataset(dataset, replace_graphs=True)
    return len(graph)


# ------------------------------------------------------------------------------ export


EXPORT_FORMATS = {"rdfxml": "xml", "turtle": "turtle", "ntriples": "nt"}
"""Formats :func:`export_ontology` writes -> rdflib's names for them."""


def export_ontology(fmt: str, out: Path | str | BinaryIO) -> int:
    """Write the ontology and taxonomy merged, as RDF/XML (Protégé opens it), Turtle or N-Triples.

    ``out`` is a file path or a binary stream (standard output, for one).

    Returns:
        The number of triples written.
    """
    if fmt not in EXPORT_FORMATS:
        raise KGError(f"unknown ontology format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    g = ontology_graph()
    g.serialize(str(out) if isinstance(out, Path) else out, format=EXPORT_FORMATS[fmt], encoding="utf-8")
    return len(g)


__all__ = [
    "INFERRED_GRAPH", "Clash", "ReasoningResult", "check_consistency", "check_graph", "compact",
    "export_ontology", "find_clashes", "inferred_graph", "ontology_graph", "sample_graph",
    "with_named_individuals", "write_inferred",
]
