"""Store contract tests, run on every backend, and the embedded store's own behaviour."""
from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import textwrap
import time

import pyoxigraph as ox
import pytest
import rdflib
from paths import ROOT
from rdflib import Literal, URIRef

from kg.errors import QueryError, StoreError, StoreLockedError
from kg.namespaces import CKG, GRAPH, ID, SHARED_GRAPH, sparql_prefixes
from kg.store import Rows, default_store_url, open_store, serialize_rows
from kg.store.bindings import bind_values
from kg.store.oxigraph import OxigraphStore
from kg.store.sparql_http import SparqlHttpStore

P = sparql_prefixes()
SAMPLE_QUADS = 609
SAMPLE_GRAPHS = 6
E01 = ID["event/e01"]
R2 = GRAPH["report/r2"]


def nquads(store) -> set[str]:
    out = io.BytesIO()
    store.dump("nquads", out)
    return set(out.getvalue().decode().splitlines())


def killed(store, event: URIRef) -> list[int]:
    rows = store.query(P + "SELECT ?k WHERE { ?e ckg:killed ?k }", {"e": event})
    return sorted(rows.column("k"))


# ------------------------------------------------------------------------------ contract


def test_add_dataset_writes_every_quad(any_store, sample_dataset):
    result = any_store.add_dataset(sample_dataset)
    assert result.quads == SAMPLE_QUADS
    assert result.graphs == SAMPLE_GRAPHS
    assert result.replaced == SAMPLE_GRAPHS - 1  # every report graph, never kgg:shared
    assert any_store.triple_count() == SAMPLE_QUADS
    assert str(SHARED_GRAPH) in any_store.named_graphs()
    assert len(any_store.named_graphs()) == SAMPLE_GRAPHS


def test_adding_the_same_batch_twice_leaves_the_same_quads(any_store, sample_dataset):
    any_store.add_dataset(sample_dataset)
    before = nquads(any_store)
    again = any_store.add_dataset(sample_dataset)
    assert any_store.triple_count() == SAMPLE_QUADS
    assert nquads(any_store) == before
    if again.added is not None:
        assert again.added == 0 and again.removed == 0


def test_reingested_report_graph_replaces_the_old_one(any_store, sample_dataset):
    any_store.add_dataset(sample_dataset)
    edited = rdflib.Dataset()
    graph = edited.graph(R2)
    for s, p, o in sample_dataset.graph(R2):
        if (s, p) == (E01, CKG.killed):
            o = Literal(4)
        graph.add((s, p, o))
    any_store.add_dataset(edited)
    assert killed(any_store, E01) == [4]
    assert any_store.triple_count() == SAMPLE_QUADS


def test_a_smaller_report_graph_leaves_nothing_behind(any_store, sample_dataset):
    any_store.add_dataset(sample_dataset)
    smaller = rdflib.Dataset()
    smaller.graph(R2).add((ID["report/r2"], CKG.heading, Literal("UPDATE 1308 GMT")))
    any_store.add_dataset(smaller)
    rows = any_store.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": R2})
    assert len(rows) == 1
    assert killed(any_store, E01) == []


def test_shared_graph_is_only_added_to(any_store, sample_dataset):
    any_store.add_dataset(sample_dataset)
    extra = rdflib.Dataset()
    extra.graph(SHARED_GRAPH).add((ID["actor/nato"], rdflib.RDFS.label, Literal("NATO")))
    any_store.add_dataset(extra)
    assert any_store.triple_count() == SAMPLE_QUADS + 1
    assert any_store.query("ASK { ?place ?p ?o }", {"place": ID["place/gn-704508"]}) is True


def test_replace_graphs_false_only_adds(any_store, sample_dataset):
    any_store.add_dataset(sample_dataset)
    edited = rdflib.Dataset()
    edited.graph(R2).add((E01, CKG.killed, Literal(4)))
    any_store.add_dataset(edited, replace_graphs=False)
    assert killed(any_store, E01) == [1, 4]


class FailingDataset(rdflib.Dataset):
    """A batch whose quads stop with an error half way through."""

    def quads(self, pattern=None):  # type: ignore[override]
        for n, quad in enumerate(super().quads(pattern)):
            if n == SAMPLE_QUADS // 2:
                raise RuntimeError("injected failure half way through the batch")
            yield quad


def test_a_batch_failing_half_way_writes_nothing(any_store, sample_dataset):
    small = rdflib.Dataset()
    small.graph(R2).add((E01, CKG.killed, Literal(7)))
    any_store.add_dataset(small)
    before = nquads(any_store)
    failing = FailingDataset()
    failing.parse(data=sample_dataset.serialize(format="nquads"), format="nquads")
    with pytest.raises(RuntimeError):
        any_store.add_dataset(failing)
    assert nquads(any_store) == before


class _FailHalfWay:
    """Wraps a pyoxigraph store so that its writes fail after half of their quads."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store

    def __getattr__(self, name):
        return getattr(self._store, name)

    def __contains__(self, quad) -> bool:
        return quad in self._store

    def extend(self, quads) -> None:
        quads = list(quads)

        def half_then_fail():
            yield from quads[: len(quads) // 2]
            raise RuntimeError("injected failure inside the write")

        self._store.extend(half_then_fail())

    def update(self, text: str) -> None:
        # the batch's own operations, then one that fails: the whole update must roll back
        self._store.update(text + " ;\nDROP GRAPH <urn:kg:test:no-such-graph>")


def test_the_write_itself_is_one_transaction(any_store, sample_dataset, monkeypatch):
    """Inject a failure inside the store's write, after part of the batch went in."""
    small = rdflib.Dataset()
    small.graph(R2).add((E01, CKG.killed, Literal(7)))
    any_store.add_dataset(small)
    before = nquads(any_store)
    if isinstance(any_store, OxigraphStore):
        any_store._store = _FailHalfWay(any_store._store)
        with pytest.raises(StoreError, match="nothing was written"):
            any_store.add_dataset(sample_dataset)  # an update: replaces r2
        with pytest.raises(StoreError, match="nothing was written"):
            any_store.add_dataset(sample_dataset, replace_graphs=False)  # an extend
        any_store._store = any_store._store._store
    else:
        import kg.store.sparql_http as http

        original = http.replace_update_text
        monkeypatch.setattr(http, "replace_update_text", lambda q, r: original(q, r)
                            + " ;\nDROP GRAPH <urn:kg:test:no-such-graph>")
        with pytest.raises((StoreError, QueryError)):
            any_store.add_dataset(sample_dataset)
    assert nquads(any_store) == before


def test_queries_without_graph_see_every_graph(any_store, sample_dataset):
    any_store.add_dataset(sample_dataset)
    rows = any_store.query(
        P + "SELECT ?label WHERE { ?e ckg:inRegion ?place . ?place rdfs:label ?label }",
        {"e": E01},
    )
    assert rows.column("label") == ["Donetsk Oblast"]


def test_query_results_have_names_plain_values_and_raw_terms(any_store, sample_dataset):
    any_store.add_dataset(sample_dataset)
    rows = any_store.query(
        P + "SELECT ?e ?k ?d ?c ?civ WHERE { ?e ckg:killed ?k ; ckg:date ?d ; ckg:confidence ?c ;"
        " ckg:civilianCasualties ?civ }",
        {"e": E01},
    )
    assert isinstance(rows, Rows)
    assert rows.variables == ("e", "k", "d", "c", "civ")
    assert rows.rows == [(str(E01), 1, dt.date(2024, 6, 20), 0.8, True)]
    assert rows.dicts() == [{"e": str(E01), "k": 1, "d": dt.date(2024, 6, 20), "c": 0.8, "civ": True}]
    assert rows.raw[0][0] == ox.NamedNode(str(E01))


def test_ask_and_construct(any_store, sample_dataset):
    any_store.add_dataset(sample_dataset)
    assert any_store.query(P + "ASK { ?e ckg:quantityDestroyed 17 }") is True
    assert any_store.query(P + "ASK { ?e ckg:quantityDestroyed 18 }") is False
    graph = any_store.query(P + "CONSTRUCT { ?e ckg:killed ?k } WHERE { ?e ckg:killed ?k }")
    assert isinstance(graph, rdflib.Graph)
    assert (E01, CKG.killed, Literal(1)) in graph
    assert len(graph) == 3  # e01, e02, e08


@pytest.mark.parametrize("value", [
    'x" } ; DROP ALL ; #',
    "x' } ; DROP ALL ; #",
    'Kostiantynivka" . ?s ?p ?o } #',
    "line\nbreak \\ back\"slash",
    '""" } INSERT DATA { <urn:a> <urn:b> <urn:c> } #',
])
def test_bound_values_cannot_change_the_query(any_store, sample_dataset, value):
    any_store.add_dataset(sample_dataset)
    rows = any_store.query(
        P + "SELECT ?place WHERE { ?place rdfs:label ?name }", {"name": value}
    )
    assert len(rows) == 0
    rows = any_store.query("SELECT ?name WHERE { BIND(STRLEN(?name) AS ?n) }", {"name": value})
    assert rows.column("name") == [value]
    assert any_store.triple_count() == SAMPLE_QUADS


def test_bindings_of_every_kind(any_store, sample_dataset):
    any_store.add_dataset(sample_dataset)
    query = P + "SELECT ?e WHERE { ?e ckg:date ?d ; ckg:killed ?k ; ckg:eventType ?type } ORDER BY ?e"
    rows = any_store.query(query, {"d": dt.date(2024, 6, 20), "k": 2})
    assert rows.column("e") == [str(ID["event/e02"])]
    rows = any_store.query(query, {"type": URIRef("https://w3id.org/conflict-kg/taxonomy/Shelling")})
    assert rows.column("e") == [str(ID["event/e08"])]
    rows = any_store.query(query, {"d": Literal("2024-06-20", datatype=rdflib.XSD.date), "k": Literal(1)})
    assert rows.column("e") == [str(E01)]


def test_malformed_query_is_a_query_error(any_store):
    with pytest.raises(QueryError):
        any_store.query("SELECT ?x WHERE { ?x ")


def test_update_when_asked(any_store):
    any_store.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "c" } }')
    assert any_store.triple_count() == 1
    assert any_store.named_graphs() == ["urn:g"]


# ------------------------------------------------------------------------------ timeouts

SLOW_QUERY = P + (  # about 0.9 s on the sample
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ckg:confidence ?h . FILTER(?c != ?f) }"
)


def test_embedded_query_timeout(sample_store):
    start = time.monotonic()
    with pytest.raises(QueryError, match="took longer than"):
        sample_store.query(SLOW_QUERY, timeout=0.1)
    assert time.monotonic() - start < 2
    assert len(sample_store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1", timeout=5)) == 1


# ------------------------------------------------------------------------------ embedded


def test_open_store_picks_backends(tmp_path, monkeypatch):
    with open_store("memory:") as store:
        assert isinstance(store, OxigraphStore) and store.path is None
    with open_store(str(tmp_path / "bare")) as store:
        assert isinstance(store, OxigraphStore) and store.path == tmp_path / "bare"
    with open_store(f"oxigraph:{tmp_path / 'named'}") as store:
        assert store.path == tmp_path / "named"
    store = open_store("sparql+http://127.0.0.1:9/")
    assert isinstance(store, SparqlHttpStore)
    assert store.query_url == "http://127.0.0.1:9/query" and store.union
    store = open_store("sparql+http://host:8890/sparql")
    assert store.query_url == store.update_url == "http://host:8890/sparql" and not store.union
    monkeypatch.delenv("KG_STORE", raising=False)
    assert default_store_url() == "oxigraph:./kg-store"
    monkeypatch.setenv("KG_STORE", "memory:")
    assert default_store_url() == "memory:"


def test_unreachable_server_is_a_store_error():
    with pytest.raises(StoreError, match="cannot reach"):
        open_store("sparql+http://127.0.0.1:9").triple_count()


def test_store_persists_on_disk(tmp_path, sample_dataset):
    path = tmp_path / "kg-store"
    with open_store(f"oxigraph:{path}") as store:
        store.add_dataset(sample_dataset)
    with open_store(f"oxigraph:{path}", read_only=True) as store:
        assert store.triple_count() == SAMPLE_QUADS
        with pytest.raises(StoreError, match="read-only"):
            store.add_dataset(sample_dataset)


def test_second_writer_in_this_process_is_refused(tmp_path):
    path = tmp_path / "kg-store"
    with open_store(f"oxigraph:{path}"), pytest.raises(StoreLockedError, match="in use by another process"):
        open_store(f"oxigraph:{path}")


OPEN_IN_CHILD = textwrap.dedent("""
    import sys
    from kg.errors import StoreError
    from kg.store import open_store
    try:
        with open_store(sys.argv[1], read_only=sys.argv[2] == "ro") as store:
            print("opened", store.triple_count())
    except StoreError as exc:
        print(type(exc).__name__, exc)
        sys.exit(2)
""")


def _child(url: str, mode: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", OPEN_IN_CHILD, url, mode],
                          capture_output=True, text=True, timeout=60, env=env)


def test_second_writer_process_gets_a_lock_error(tmp_path, sample_dataset):
    path = tmp_path / "kg-store"
    with open_store(f"oxigraph:{path}") as store:
        store.add_dataset(sample_dataset)
        child = _child(f"oxigraph:{path}", "rw")
        assert child.returncode == 2, child.stderr
        assert child.stdout.strip() == f"StoreLockedError store {path} is in use by another process"
        reader = _child(f"oxigraph:{path}", "ro")
        assert reader.returncode == 0, reader.stdout + reader.stderr
        assert reader.stdout.strip() == f"opened {SAMPLE_QUADS}"


def test_read_only_without_a_store_says_so(tmp_path):
    with pytest.raises(StoreError, match="no store at .*missing; ingest something first"):
        open_store(f"oxigraph:{tmp_path / 'missing'}", read_only=True)
    assert not (tmp_path / "missing").exists()


def test_a_file_is_not_a_store(tmp_path):
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(StoreError, match="not a folder"):
        open_store(f"oxigraph:{path}")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_folder_is_a_store_error(tmp_path):
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="cannot"):
            open_store(f"oxigraph:{parent / 'kg-store'}")
    finally:
        parent.chmod(0o700)


def make_events(n: int, key: str = "bench") -> rdflib.Dataset:
    """A batch of ``n`` events in the shape of docs/model.md, a few per report graph."""
    from rdflib.namespace import PROV, RDF, RDFS, XSD

    from kg.namespaces import SEM, TYPES

    dataset = rdflib.Dataset()
    shared = dataset.graph(SHARED_GRAPH)
    place, region, country = ID["place/gn-704508"], ID["place/donetsk-oblast"], ID["place/ukraine"]
    shared.add((place, RDFS.label, Literal("Kostiantynivka")))
    shared.add((ID["actor/russia"], RDFS.label, Literal("Russia")))
    for i in range(n):
        report = ID[f"report/{key}-{i // 4}"]
        graph = dataset.graph(GRAPH[f"report/{key}-{i // 4}"])
        graph.add((report, RDF.type, CKG.Report))
        graph.add((report, CKG.heading, Literal(f"UPDATE {i // 4}")))
        event = ID[f"event/{key}-{i}"]
        role = URIRef(f"{event}/role/attacker/russia")
        use = URIRef(f"{event}/equipment/shahed-136")
        evidence = URIRef(f"{event}/evidence")
        graph.addN((s, p, o, graph) for s, p, o in [
            (event, RDF.type, CKG.DroneStrike), (event, RDFS.label, Literal(f"DroneStrike {i}")),
            (event, CKG.eventType, TYPES.DroneStrike),
            (event, CKG.date, Literal(f"2024-06-{1 + i % 28:02d}", datatype=XSD.date)),
            (event, SEM.hasPlace, place), (event, CKG.inRegion, region), (event, CKG.inCountry, country),
            (event, SEM.hasActor, ID["actor/russia"]), (event, CKG.hasParticipation, role),
            (role, RDF.type, CKG.Participation), (role, CKG.actor, ID["actor/russia"]),
            (role, CKG.role, TYPES["role-attacker"]),
            (event, CKG.usedEquipment, ID["equipment/shahed-136"]), (event, CKG.hasEquipmentUse, use),
            (use, RDF.type, CKG.EquipmentUse), (use, CKG.equipment, ID["equipment/shahed-136"]),
            (use, CKG.quantity, Literal(i % 50)), (event, CKG.killed, Literal(i % 3)),
            (event, CKG.injured, Literal(i % 7)),
            (event, CKG.confidence, Literal("0.8", datatype=XSD.decimal)),
            (event, CKG.evidence, evidence), (evidence, RDF.type, CKG.EvidenceSpan),
            (evidence, CKG.text, Literal(f"Shahed drones struck Kostiantynivka, event {i}.")),
            (evidence, PROV.wasDerivedFrom, report), (event, PROV.wasDerivedFrom, report),
        ])
    return dataset


def test_a_thousand_event_batch_written_twice_is_stored_once(tmp_path):
    """A large batch goes in whole, and again adds nothing (its speed: benchmarks/)."""
    batch = make_events(1000)
    with open_store(f"oxigraph:{tmp_path / 'kg-store'}") as store:
        store.add_dataset(batch)
        assert store.triple_count() == len(batch)
        store.add_dataset(batch)
        assert store.triple_count() == len(batch)


# ------------------------------------------------------------------------------ helpers


def test_values_go_into_the_where_group():
    text = bind_values("SELECT ?x WHERE { ?x ?p ?name }", {"name": 'a"b'})
    assert text == 'SELECT ?x WHERE { VALUES (?name) { ("a\\"b") }  ?x ?p ?name }'
    construct = "CONSTRUCT { ?x ?p '{' } WHERE { ?x ?p ?o } # {"
    assert bind_values(construct, {"o": 1}).startswith(
        "CONSTRUCT { ?x ?p '{' } WHERE { VALUES (?o) { (\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>) }")
    tricky = 'PREFIX ex: <http://e/where#> # a { in a comment\nSELECT * { ?s ex:where "{" }'
    expected = 'SELECT * { VALUES (?s) { (<urn:s>) }  ?s ex:where "{" }'
    assert bind_values(tricky, {"s": URIRef("urn:s")}).endswith(expected)
    with pytest.raises(QueryError, match="blank node"):
        bind_values("SELECT * { ?s ?p ?o }", {"s": rdflib.BNode()})


def test_table_serializers(sample_store):
    rows = sample_store.query(
        P + "SELECT ?e ?text WHERE { ?e ckg:evidence ?ev . ?ev ckg:text ?text } ORDER BY ?e LIMIT 2"
    )
    csv_text = serialize_rows(rows, "csv")
    assert csv_text.splitlines()[0] == "e,text"
    assert csv_text.splitlines()[1].startswith(f'{E01},"A guided aerial bomb')
    tsv_text = serialize_rows(rows, "tsv")
    assert tsv_text.splitlines()[0] == "e\ttext"
    assert "\t" in tsv_text.splitlines()[1]
    import json

    parsed = json.loads(serialize_rows(rows, "json"))
    assert parsed["head"]["vars"] == ["e", "text"]
    assert parsed["results"]["bindings"][0]["e"] == {"type": "uri", "value": str(E01)}
    assert list(ox.parse_query_results(serialize_rows(rows, "json"), ox.QueryResultsFormat.JSON))
    assert serialize_rows(rows, "dicts")[0]["e"] == str(E01)
    with pytest.raises(ValueError):
        serialize_rows(rows, "xlsx")


def test_read_only_open_retries_a_file_lost_to_a_writer(tmp_path, monkeypatch):
    """A writer may remove a log file between a snapshot's listing and its opening: pyoxigraph
    then raises OSError ("No such file or directory"); the open is tried again, not refused."""
    import pyoxigraph as ox

    from kg.store.oxigraph import _open_read_only

    folder = tmp_path / "kg-store"
    with open_store(f"oxigraph:{folder}") as store:
        store.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "c" } }')
    real, calls = ox.Store.read_only, []

    def flaky(where):
        calls.append(where)
        if len(calls) == 1:
            raise OSError(f"IO error: No such file or directory: While opening a file for sequentially "
                          f"reading: {where}/000029.log: No such file or directory")
        return real(where)

    monkeypatch.setattr(ox.Store, "read_only", staticmethod(flaky))
    assert len(_open_read_only(str(folder))) == 1 and len(calls) == 2
    with pytest.raises(StoreError, match="cannot read the store"):
        _open_read_only(str(tmp_path / "nothing-here"))


def test_memory_store_opens_read_only_as_an_empty_store_that_refuses_writes():
    """`kg --store memory: stats` is a fair thing to type: an empty store, not an error."""
    with open_store("memory:", read_only=True) as store:
        assert store.triple_count() == 0
        with pytest.raises(StoreError, match="read-only"):
            store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
