"""The same end-to-end suite through the CLI on every kind of store.

(a) embedded Oxigraph in a folder, (b) a real ``oxigraph serve`` over ``sparql+http://``,
(c) Virtuoso open source over ``virtuoso+http://`` (skipped, with the reason, when
``virtuoso-t`` is not installed). Each test ingests the golden records and the example pages
with ``kg ingest``, and checks what comes back against what the pipeline mapped.
"""
from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import servers
from click.testing import CliRunner
from paths import ROOT
from rdflib.compare import isomorphic

from kg.cli import main
from kg.store import open_store, register_backend
from kg.store.virtuoso import (
    VirtuosoStore,
    canonical_double,
    fix_results,
    fix_triple,
    query_form,
    restore_wkt,
    update_requests,
)

GOLDEN = sorted((ROOT / "tests" / "golden").glob("*.json"))
MANIFEST = ROOT / "examples" / "manifest.json"

register_backend("virtuoso+http", "kg.store.virtuoso:open_virtuoso")
register_backend("virtuoso+https", "kg.store.virtuoso:open_virtuoso")

NAMED = {  # named query -> parameters; every query whose parameters all have defaults, and these
    "actor-timeline": {"actor": "Russia"},
    "events-at-place": {"place": "Kharkiv"},
    "events-near": {"lat": "48.0", "lon": "37.8", "km": "100"},
    "visits-of-person": {"person": "Volodymyr Zelensky"},
}

# Where Virtuoso's answer to a named query differs, or it fails one (a named query or a
# whole-store check), with the analysed reason; see docs/serving.md for the quirks that the
# queries and the virtuoso+http backend work around.
VIRTUOSO_DIFFERENCES: dict[str, str] = {}  # named query -> why Virtuoso's answer differs
VIRTUOSO_FAILURES: dict[str, str] = {}  # named query or check -> Virtuoso's error


# ------------------------------------------------------------------------------ servers


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if servers.oxigraph_binary() is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    with servers.oxigraph_server(tmp_path_factory.mktemp("oxigraph-serve")) as url:
        yield url


@pytest.fixture(scope="module")
def virtuoso_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    reason = servers.virtuoso_missing()
    if reason:
        pytest.skip(reason)
    with servers.virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as url:
        yield url


def _empty(url: str) -> str:
    with open_store(url) as store:
        if isinstance(store, VirtuosoStore):
            for graph in store.named_graphs():
                store.update(f"DROP SILENT GRAPH <{graph}>")
        else:
            store.update("CLEAR ALL")
        assert store.triple_count() == 0
    return url


@pytest.fixture(params=["embedded", pytest.param("oxigraph-serve", marks=pytest.mark.server),
                        pytest.param("virtuoso", marks=pytest.mark.server)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store of each kind, by its URL."""
    if request.param == "embedded":
        return f"oxigraph:{tmp_path / 'kg-store'}"
    if request.param == "oxigraph-serve":
        return _empty(request.getfixturevalue("oxigraph_url"))
    return _empty(request.getfixturevalue("virtuoso_url"))


# ------------------------------------------------------------------------------ helpers


def kg(store: str, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, ["--store", store, *args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.stdout


def ingest_everything(store: str) -> None:
    kg(store, "ingest", *map(str, GOLDEN))
    kg(store, "ingest", "--manifest", str(MANIFEST))


def canonical_dataset(dataset: rdflib.Dataset) -> rdflib.Dataset:
    """A dataset as a store holds it (Oxigraph's canonical literals), read back into rdflib."""
    from kg.store.terms import rdflib_quads

    scratch = ox.Store()
    scratch.extend(rdflib_quads(dataset))
    buffer = io.BytesIO()
    scratch.dump(buffer, ox.RdfFormat.N_QUADS)
    out = rdflib.Dataset()
    out.parse(data=buffer.getvalue(), format="nquads")
    return out


@pytest.fixture(scope="module")
def expected() -> rdflib.Dataset:
    """Everything the suite ingests, as the pipeline maps it (no store involved)."""
    from kg.ingest.pipeline import SourceSpec, load_document, read_manifest
    from kg.rdf.mapping import document_to_dataset

    specs = [SourceSpec(p, None) for p in GOLDEN] + read_manifest(MANIFEST)
    total = rdflib.Dataset()
    for spec in specs:
        for quad in document_to_dataset(load_document(spec)).quads((None, None, None, None)):
            total.add(quad)
    return canonical_dataset(total)


@pytest.fixture(scope="module")
def expected_occasions() -> dict[str, rdflib.Graph]:
    """The occasion graphs event identity writes for the same ingests (kg.ingest.occasions), as
    an in-memory store gets them: the sources restate some events."""
    from kg.ingest.pipeline import SourceSpec, ingest, read_manifest

    with open_store("memory:") as store:
        ingest(store, [SourceSpec(p, None) for p in GOLDEN])
        ingest(store, read_manifest(MANIFEST))
        buffer = io.BytesIO()
        store.dump("nquads", buffer)
    dataset = rdflib.Dataset()
    dataset.parse(data=buffer.getvalue(), format="nquads")
    return {iri: g for iri, g in graphs(dataset).items() if iri.startswith(OCCASIONS)}


OCCASIONS = "https://w3id.org/conflict-kg/graph/occasion/"


def graphs(dataset: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    out = {}
    for graph in dataset.graphs():
        if len(graph):
            plain = rdflib.Graph()
            for triple in graph:
                plain.add(triple)
            out[str(graph.identifier)] = plain
    return out


def union(dataset: rdflib.Dataset) -> rdflib.Graph:
    out = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        out.add((s, p, o))
    return out


@pytest.fixture(scope="module")
def reference_answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The named queries' answers from the graph of an embedded store holding the same data.

    From the graph, not the analytics tables that an on-disk store would answer from by
    default: this suite compares SPARQL engines (tests/test_analytics.py compares the tables).
    """
    store = f"oxigraph:{tmp_path_factory.mktemp('reference') / 'kg-store'}"
    ingest_everything(store)
    return {name: answer_lines(store, name) for name in named_queries()}


def named_queries() -> list[str]:
    from kg.query.named import list_queries

    names = []
    for query in list_queries():
        given = NAMED.get(query.name, {})
        if all(p.default is not None or p.name in given or not getattr(p, "required", True)
               for p in query.params):
            names.append(query.name)
    return names


_GROUP_CONCAT = re.compile(
    r'GROUP_CONCAT\s*\((?:[^;()]|\([^()]*\))*(?:;\s*separator\s*=\s*"([^"]*)")?\s*\)\s*AS\s*\?(\w+)',
    re.IGNORECASE)


def group_concat_columns(name: str) -> dict[str, str]:
    """The columns of a named query that are a ``GROUP_CONCAT``, with their separators."""
    from kg.query.named import get_query

    return {column: separator if separator is not None else " "
            for separator, column in _GROUP_CONCAT.findall(get_query(name).text)}


def answer_lines(store: str, name: str) -> list[str]:
    """A named query's answer from the graph (``--engine sparql``) as comparable lines.

    The header, then one line per row, sorted: each row's terms as the SPARQL JSON results
    give them (kind, datatype, language and value), so a typed literal that prints like a
    plain one, or a decimal like a double, still differs. A ``GROUP_CONCAT`` column has its
    parts sorted: SPARQL 1.1 leaves the order of the values it joins undefined (the
    aggregate runs over a multiset; Oxigraph and Virtuoso join them in different orders),
    while which parts there are is the answer. Splitting at the separator keeps every part,
    repeated ones included.
    """
    args = [x for k, v in NAMED.get(name, {}).items() for x in ("--param", f"{k}={v}")]
    answer = json.loads(kg(store, "query", name, "--engine", "sparql", "--format", "json", *args))
    concatenated = group_concat_columns(name)
    rows = []
    for binding in answer["results"]["bindings"]:
        for column, separator in concatenated.items():
            if column in binding:
                parts = binding[column]["value"].split(separator)
                binding[column]["value"] = separator.join(sorted(parts))
        rows.append(json.dumps(binding, sort_keys=True, ensure_ascii=False))
    return [",".join(answer["head"]["vars"]), *sorted(rows)]


# ------------------------------------------------------------------------------ the suite


def test_export_gives_back_what_was_ingested(store_url: str, expected: rdflib.Dataset,
                                             expected_occasions: dict[str, rdflib.Graph]) -> None:
    """Ingest through the CLI, export TriG and Turtle: the graphs and the union match the mapping,
    and the occasions those of an in-memory ingest."""
    ingest_everything(store_url)
    trig = rdflib.Dataset()
    trig.parse(data=kg(store_url, "export", "--format", "nquads"), format="nquads")
    got, want = graphs(trig), graphs(expected)
    occasions = {iri: g for iri, g in got.items() if iri.startswith(OCCASIONS)}
    assert occasions, "the sources restate events: some occasions have several accounts"
    assert sorted(set(got) - set(occasions)) == sorted(want)
    assert sorted(occasions) == sorted(expected_occasions)
    want.update(expected_occasions)
    different = [iri for iri in want if not isomorphic(got[iri], want[iri])]
    assert not different, f"graphs differ: {different[:3]}"
    turtle = rdflib.Graph().parse(data=kg(store_url, "export", "--format", "turtle"), format="turtle")
    whole = union(expected)
    for g in expected_occasions.values():
        whole += g
    assert isomorphic(turtle, whole)


def test_reingest_changes_nothing(store_url: str) -> None:
    """Ingesting the same sources again replaces their graphs with the same content."""
    ingest_everything(store_url)
    with open_store(store_url, read_only=True) as store:
        count, names = store.triple_count(), store.named_graphs()
    stats = kg(store_url, "stats")
    ingest_everything(store_url)
    with open_store(store_url, read_only=True) as store:
        assert store.triple_count() == count
        assert store.named_graphs() == names
    assert kg(store_url, "stats") == stats
    assert f"triples: {count} in {len(names)} named graphs" in stats


def test_named_queries_answer_as_on_the_embedded_store(
    store_url: str, reference_answers: dict[str, list[str]]
) -> None:
    ingest_everything(store_url)
    virtuoso = store_url.startswith("virtuoso+")
    differ = {}
    for name, want in reference_answers.items():
        if virtuoso and name in VIRTUOSO_FAILURES:
            kg(store_url, "query", name, "--format", "csv",
               *[x for k, v in NAMED.get(name, {}).items() for x in ("--param", f"{k}={v}")], code=2)
            continue
        got = answer_lines(store_url, name)
        if got != want and not (virtuoso and name in VIRTUOSO_DIFFERENCES):
            differ[name] = (got[:3], want[:3])
    assert not differ, json.dumps(differ, indent=1)
    assert len(reference_answers["events-by-type"]) > 5


def test_store_validates_and_answers_ad_hoc_queries(store_url: str) -> None:
    from kg.validation.whole_store import validate_store

    ingest_everything(store_url)
    with open_store(store_url, read_only=True) as store:
        assert validate_store(store)[0].conforms
    from kg.validation.store_checks import list_checks

    refused = {c.name for c in list_checks()} & set(VIRTUOSO_FAILURES)
    if store_url.startswith("virtuoso+") and refused:  # the checks stop at one Virtuoso refuses
        result = CliRunner().invoke(main, ["--store", store_url, "validate"])
        assert result.exit_code == 2
    else:
        assert "conforms" in kg(store_url, "validate")
    count = kg(store_url, "query", "-e",
               "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> "
               "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ckg:Event }", "--format", "csv")
    assert int(count.splitlines()[1]) > 10
    graph = kg(store_url, "query", "-e",
               "CONSTRUCT { ?p <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE "
               "{ ?p a <https://w3id.org/conflict-kg/ontology#Country> ; "
               "<http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    assert "Ukraine" in graph
    assert kg(store_url, "query", "-e", "ASK { ?s ?p ?o }").strip().lower() in ("true", "yes")


def test_a_refused_batch_writes_nothing(store_url: str, tmp_path: Path) -> None:
    """A record that breaks the shapes stops the whole ingest, on every backend."""
    bad = json.loads(GOLDEN[0].read_text(encoding="utf-8"))
    text = json.dumps(bad).replace('"AirStrike"', '"NoSuchType"').replace('"Shelling"', '"NoSuchType"')
    broken = tmp_path / "broken.json"
    broken.write_text(text, encoding="utf-8")
    if "NoSuchType" not in text:
        pytest.skip("the golden record has no type to break")
    kg(store_url, "ingest", str(GOLDEN[1]), str(broken), code=1)
    with open_store(store_url, read_only=True) as store:
        assert store.triple_count() == 0


# ------------------------------------------------------------------------------ Virtuoso quirks


def test_query_form_skips_the_prologue() -> None:
    assert query_form("PREFIX a: <http://x/#> # c\n BASE <http://b/>\nconstruct { } where { }") == "CONSTRUCT"
    assert query_form("# SELECT\nDESCRIBE <x>") == "DESCRIBE"
    assert query_form("SELECT * {}") == "SELECT"


def test_virtuoso_blank_nodes_and_geometries_are_repaired() -> None:
    body = json.dumps({"head": {"vars": ["b", "w"]}, "results": {"bindings": [{
        "b": {"type": "bnode", "value": "nodeID://b10006"},
        "w": {"type": "literal", "value": "POINT(35.117099761963 47.851699829102)",
              "datatype": "http://www.openlinksw.com/schemas/virtrdf#Geometry"}}]}}).encode()
    row = json.loads(fix_results(body))["results"]["bindings"][0]
    assert row["b"]["value"] == "nodeID_b10006"
    assert row["w"] == {"type": "literal", "value": "POINT(35.1171 47.8517)",
                        "datatype": "http://www.opengis.net/ont/geosparql#wktLiteral"}
    assert restore_wkt("POINT(-0.000001 30.5)") == "POINT(0 30.5)"


def test_virtuoso_doubles_come_back_in_oxigraph_form() -> None:
    """Virtuoso writes doubles as C's %g ("59.0", "1e+20"); they are read as Oxigraph writes them."""
    double = "http://www.w3.org/2001/XMLSchema#double"
    body = json.dumps({"head": {"vars": ["d", "i"]}, "results": {"bindings": [{
        "d": {"type": "typed-literal", "datatype": double, "value": "59.0"},
        "i": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer",
              "value": "59"}}]}}).encode()
    row = json.loads(fix_results(body))["results"]["bindings"][0]
    assert row["d"]["value"] == "59" and row["i"]["value"] == "59"
    triple = ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"),
                       ox.Literal("2.5e-05", datatype=ox.NamedNode(double)))
    assert fix_triple(triple).object == ox.Literal("0.000025", datatype=ox.NamedNode(double))
    scratch = ox.Store()
    for text in ("59.0", "0.333333", "1e+20", "1.5e-07", "-0.0", "113202.0", "INF", "-INF", "NaN"):
        [[oxigraph]] = scratch.query(f'SELECT (<{double}>("{text}") AS ?d) {{}}')
        assert canonical_double(text) == oxigraph.value, text
    assert canonical_double("not a number") == "not a number"


def test_virtuoso_updates_are_split_under_its_limits() -> None:
    graph = ox.NamedNode("https://w3id.org/conflict-kg/graph/report/x")
    quads = [ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(str(i)), graph)
             for i in range(2500)]
    requests = update_requests(quads, [graph], 1000)
    assert len(requests) == 3
    assert requests[0].startswith(f"DROP SILENT GRAPH {graph} ;")
    assert sum(r.count(" .\n") for r in requests) == 2500
    assert update_requests(quads[:10], [graph], 1000)[0].count("INSERT DATA") == 1
