"""The bulk path: rdflib graphs that hold the writer's quads, same verdicts as pySHACL, same
store as ingest."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from paths import TESTS
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.errors import InputError, NonConformingError
from kg.ingest.bulk import bulk_ingest, iter_acled_rows
from kg.ingest.pipeline import SourceSpec, ingest
from kg.namespaces import CKG, GEO, SHARED_GRAPH
from kg.rdf.mapping import document_to_dataset
from kg.rdf.quads import document_nquads
from kg.records import (
    Actor,
    Document,
    Equipment,
    EventRecord,
    Evidence,
    Location,
    Update,
    document_from_dict,
)
from kg.sources.acled import read_acled
from kg.store import open_store
from kg.validation.compiled import compiled_shapes
from kg.validation.shapes import Violation, validate_graph

FIXTURES = TESTS / "fixtures"
REALISTIC = FIXTURES / "acled" / "realistic.csv"
GOLDEN = TESTS / "golden"


def good_event(**changes: object) -> EventRecord:
    values: dict[str, object] = dict(
        type="AirStrike", date="2024-06-20",
        locations=[Location("Kostiantynivka", geonames_id=704508, lat=48.53, lon=37.71,
                            admin1="Donetsk Oblast", country="Ukraine", kind="settlement")],
        actors=[Actor("Russia", kind="State", role="attacker")],
        equipment=[Equipment("guided aerial bomb", category="Bomb", quantity=2, destroyed=0)],
        killed=1, injured=1, civilian=True,
        evidence=Evidence("A guided aerial bomb killed one person", 10, 48), confidence=0.8,
    )
    values.update(changes)
    return EventRecord(**values)  # type: ignore[arg-type]


def doc_of(*events: EventRecord, **update: object) -> Document:
    u = Update(heading="UPDATE 1308 GMT", timestamp="2024-06-20T13:08:00Z", start=0, end=100,
               events=list(events))
    for k, v in update.items():
        setattr(u, k, v)
    return Document(source="page.txt", published="2024-06-20", updates=[u])


def _union(ds: Dataset) -> Graph:
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def _documents() -> list[Document]:
    docs = [read_acled(REALISTIC).document, read_acled(FIXTURES / "acled" / "sample.csv").document]
    for path in sorted(GOLDEN.glob("*.json")):
        docs.append(document_from_dict(json.loads(path.read_text(encoding="utf-8")), path.name))
    docs.append(doc_of(good_event(), good_event(type="Unknown thing", date="2024-13-45",
                                                 killed=-1, date_precision="week")))
    return docs


# ---------------------------------------------------------------- same triples


@pytest.mark.parametrize("index", range(len(_documents())))
def test_dataset_holds_exactly_the_writers_quads(index: int) -> None:
    """document_to_dataset reads the writer's N-Quads back; rdflib's own parser must agree."""
    doc = _documents()[index]
    got = document_to_dataset(doc)
    expected = Dataset()
    expected.parse(data=document_nquads(doc), format="nquads")
    assert isomorphic(_union(expected), _union(got))
    quads = {(s, p, o, g) for s, p, o, g in expected.quads((None, None, None, None))}
    assert quads == {(s, p, o, g) for s, p, o, g in got.quads((None, None, None, None))}


# ---------------------------------------------------------------- same verdicts


def _graph_case(mutate) -> Dataset:
    ds = document_to_dataset(doc_of(good_event()))
    mutate(ds)
    return ds


def _first(ds: Dataset, cls: URIRef) -> URIRef:
    return sorted(s for s, _, _, _ in ds.quads((None, RDF.type, cls, None)))[0]


def _event(ds: Dataset) -> URIRef:
    return _first(ds, CKG.Event)


def _in(ds: Dataset, g: URIRef, *triple) -> None:
    ds.graph(g).add(triple)


def _report_graph(ds: Dataset) -> URIRef:
    return next(c.identifier for c in ds.graphs() if "/report/" in str(c.identifier))


def _drop(ds: Dataset, s, p) -> None:
    for ctx in list(ds.graphs()):
        ctx.remove((s, p, None))


RECORD_CASES = {
    "good": doc_of(good_event()),
    "no-date": doc_of(good_event(date=None)),
    "bad-date": doc_of(good_event(date="2024-13-45")),
    "not-a-date": doc_of(good_event(date="yesterday")),
    "negative-killed": doc_of(good_event(killed=-1)),
    "negative-injured": doc_of(good_event(injured=-3)),
    "unknown-type": doc_of(good_event(type="Bombardment")),
    "unsafe-type": doc_of(good_event(type="air strike!")),
    "confidence-high": doc_of(good_event(confidence=1.5)),
    "confidence-low": doc_of(good_event(confidence=-0.1)),
    "unknown-precision": doc_of(good_event(date_precision="week")),
    "unknown-role": doc_of(good_event(actors=[Actor("Russia", kind="State", role="bomber")])),
    "unknown-actor-kind": doc_of(good_event(actors=[Actor("Russia", kind="Empire", role="attacker")])),
    "actor-two-kinds": doc_of(good_event(actors=[Actor("Russia", kind="State", role="attacker"),
                                                 Actor("Russia", kind="ArmedForce", role="target")])),
    "lat-range": doc_of(good_event(locations=[Location("X", lat=91.0, lon=10.0, kind="settlement")])),
    "lon-range": doc_of(good_event(locations=[Location("X", lat=10.0, lon=-181.0, kind="settlement")])),
    "lat-no-lon": doc_of(good_event(locations=[Location("X", lat=10.0, kind="settlement")])),
    "unknown-place-kind": doc_of(good_event(locations=[Location("X", kind="planet")])),
    "two-regions": doc_of(good_event(locations=[Location("X", admin1="A Oblast", kind="settlement")]),
                          good_event(locations=[Location("X", admin1="B Oblast", kind="settlement")])),
    # a region is one node by its name: two positions for it break a rule (a settlement placed
    # twice is two places)
    "two-coordinates": doc_of(good_event(locations=[Location("X", lat=1.0, lon=2.0, kind="region")]),
                              good_event(locations=[Location("X", lat=3.0, lon=4.0, kind="region")])),
    "negative-quantity": doc_of(good_event(equipment=[Equipment("Shahed", "Drone", quantity=-2)])),
    "destroyed-over-quantity": doc_of(good_event(equipment=[Equipment("Shahed", "Drone", 2, 5)])),
    "unknown-category": doc_of(good_event(equipment=[Equipment("Shahed", "Kite")])),
    "bad-time": doc_of(good_event(), timestamp="13:08"),
    "offsets-order": doc_of(good_event(), start=50, end=10),
    "negative-offset": doc_of(good_event(), start=-5),
    "evidence-offsets": doc_of(good_event(evidence=Evidence("x", 20, 5))),
    "empty-evidence": doc_of(good_event(evidence=Evidence(""))),
    "bad-published": Document(source="p.txt", published="2024-02-30",
                              updates=[Update("U", events=[good_event()])]),
}

GRAPH_CASES = {
    "event-no-label": lambda ds: _drop(ds, _event(ds), RDFS.label),
    "event-two-types": lambda ds: _in(ds, _report_graph(ds), _event(ds), CKG.eventType,
                                      URIRef("https://w3id.org/conflict-kg/taxonomy/Shelling")),
    "event-no-report": lambda ds: _drop(ds, _event(ds), PROV.wasDerivedFrom),
    "event-two-dates": lambda ds: _in(ds, _report_graph(ds), _event(ds), CKG.date,
                                      Literal("2024-06-21", datatype=XSD.date)),
    "event-killed-string": lambda ds: _in(ds, _report_graph(ds), _event(ds), CKG.killed, Literal("3")),
    "event-place-untyped": lambda ds: _in(ds, _report_graph(ds), _event(ds),
                                          URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace"),
                                          URIRef("https://example.org/nowhere")),
    "actor-empty-label": lambda ds: _in(ds, SHARED_GRAPH, _first(ds, CKG.Actor), RDFS.label, Literal("")),
    "actor-no-label": lambda ds: _drop(ds, _first(ds, CKG.Actor), RDFS.label),
    "wkt-not-point": lambda ds: (_drop(ds, _first(ds, GEO.Geometry), GEO.asWKT),
                                 _in(ds, SHARED_GRAPH, _first(ds, GEO.Geometry), GEO.asWKT,
                                     Literal("LINESTRING(1 2, 3 4)", datatype=GEO.wktLiteral))),
    "wkt-plain": lambda ds: (_drop(ds, _first(ds, GEO.Geometry), GEO.asWKT),
                             _in(ds, SHARED_GRAPH, _first(ds, GEO.Geometry), GEO.asWKT,
                                 Literal("POINT(1 2)"))),
    "page-no-source": lambda ds: _drop(ds, _first(ds, CKG.Page), CKG.sourceName),
    "report-two-headings": lambda ds: _in(ds, _report_graph(ds), _first(ds, CKG.Report), CKG.heading,
                                          Literal("other")),
    "report-no-ordinal": lambda ds: _drop(ds, _first(ds, CKG.Report), CKG.ordinal),
    "participation-no-actor": lambda ds: _drop(ds, _first(ds, CKG.Participation), CKG.actor),
    "use-no-equipment": lambda ds: _drop(ds, _first(ds, CKG.EquipmentUse), CKG.equipment),
    "equipment-no-label": lambda ds: _drop(ds, _first(ds, CKG.Equipment), RDFS.label),
    "state-only-actor": lambda ds: _in(ds, SHARED_GRAPH, URIRef("https://w3id.org/conflict-kg/id/actor/x"),
                                       RDF.type, CKG.State),
}


def quads_of(violations: list[Violation]) -> set[tuple[str, str]]:
    """``(focus node, rule)`` pairs of violations, to compare verdicts."""
    return {(str(v.focus_node), v.rule) for v in violations}


def _verdicts(ds: Dataset) -> tuple[set, set]:
    expected = quads_of(validate_graph(ds).violations)
    got = quads_of(compiled_shapes().validate_nquads(ds.serialize(format="nquads")))
    return expected, got


@pytest.mark.parametrize("case", sorted(RECORD_CASES))
def test_compiled_shapes_agree_with_pyshacl_on_records(case: str) -> None:
    expected, got = _verdicts(document_to_dataset(RECORD_CASES[case]))
    assert got == expected
    assert bool(expected) == (case != "good")


@pytest.mark.parametrize("case", sorted(GRAPH_CASES))
def test_compiled_shapes_agree_with_pyshacl_on_graphs(case: str) -> None:
    expected, got = _verdicts(_graph_case(GRAPH_CASES[case]))
    assert expected, "the case should break a rule"
    assert got == expected


def test_every_compiled_check_is_exercised_by_a_case() -> None:
    seen: set[str] = set()
    for doc in RECORD_CASES.values():
        seen |= {rule for _, rule in _verdicts(document_to_dataset(doc))[1]}
    for mutate in GRAPH_CASES.values():
        seen |= {rule for _, rule in _verdicts(_graph_case(mutate))[1]}
    kinds = {rule.split("/")[1] for rule in seen}
    assert {"minCount", "maxCount", "datatype", "in", "class", "minInclusive", "maxInclusive",
            "minLength", "pattern", "lessThanOrEquals", "qualifiedMaxCount", "or"} <= kinds


# ---------------------------------------------------------------- the bulk ingest


def test_bulk_ingest_gives_the_store_the_normal_ingest_gives(tmp_path: Path) -> None:
    with open_store("memory:") as normal, open_store(f"oxigraph:{tmp_path / 'bulk'}") as bulk:
        ingest(normal, [SourceSpec(REALISTIC)])
        result = bulk_ingest(bulk, REALISTIC, chunk_size=7)
        assert result.events == 30 and result.chunks == 5 and not result.skipped
        assert set(normal.native) == set(bulk.native)


def test_bulk_ingest_again_replaces_and_adds_nothing(tmp_path: Path) -> None:
    with open_store(f"oxigraph:{tmp_path / 's'}") as store:
        bulk_ingest(store, REALISTIC, chunk_size=10)
        before = store.triple_count()
        result = bulk_ingest(store, REALISTIC, chunk_size=10)
        assert result.added == 0 and store.triple_count() == before


def test_bulk_ingest_stops_at_a_bad_chunk_and_names_the_node(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    lines = REALISTIC.read_text(encoding="utf-8").splitlines()
    # a 31st row makes Russia's forces a rebel group (inter 2), which the rows before call state
    # forces: one actor with two kinds (a place named in another oblast is another place)
    extra = lines[25].replace("UKR0100025", "UKR0100099").replace("(2000-),,1,", "(2000-),,2,")
    bad.write_text("\n".join([*lines, extra]) + "\n", encoding="utf-8")
    with open_store("memory:") as store:
        with pytest.raises(NonConformingError, match="Military Forces of Russia"):
            bulk_ingest(store, bad, chunk_size=10)
        assert store.triple_count() > 0  # the first chunks were written
    with open_store("memory:") as store:
        result = bulk_ingest(store, bad, chunk_size=10, skip_invalid=True)
        assert [n for n, _ in result.skipped] == [31]
        assert result.events == 30


def test_rows_stream_with_the_readers_numbers_and_problems() -> None:
    problems: list[tuple[int, str]] = []
    rows = list(iter_acled_rows(FIXTURES / "acled" / "sample.csv", problems=problems))
    doc = read_acled(FIXTURES / "acled" / "sample.csv")
    assert [h for _, h, _ in rows] == [u.heading for u in doc.document.updates]
    assert problems == doc.problems


# ---------------------------------------------------------------- compiled checks, merged


def test_merged_queries_give_each_checks_verdicts() -> None:
    shapes = compiled_shapes()
    assert len(shapes.groups) < len(shapes.checks)
    cases = [document_to_dataset(doc) for doc in RECORD_CASES.values()]
    cases += [_graph_case(mutate) for mutate in GRAPH_CASES.values()]
    for ds in cases:
        store = shapes.load(ds.serialize(format="nquads"))
        assert shapes.run(store) == shapes.run_each(store)


class _Counting:
    """A pyoxigraph store that counts the queries run on it."""

    def __init__(self, store) -> None:
        self._store = store
        self.queries: list[str] = []

    def query(self, sparql: str, **kwargs):
        self.queries.append(sparql)
        return self._store.query(sparql, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._store, name)


def test_checks_of_absent_classes_and_properties_are_not_run() -> None:
    shapes = compiled_shapes()
    page_only = Document(source="p.txt", published="2024-06-20")
    store = _Counting(shapes.load(document_nquads(page_only)))
    assert shapes.run(store) == []  # type: ignore[arg-type]
    assert store.queries and all("Event" not in q.split("WHERE")[0] for q in store.queries)
    assert len(store.queries) < len(shapes.groups) / 4
    # a violation on an absent property's only holder is still found when it is present
    ds = document_to_dataset(doc_of(good_event(killed=-1)))
    store = _Counting(shapes.load(ds.serialize(format="nquads")))
    assert "EventShape/minInclusive" in {v.rule for v in shapes.run(store)}  # type: ignore[arg-type]


# ---------------------------------------------------------------- chunks: worker, hook, writes


def _quads(data: bytes) -> set:
    import pyoxigraph as ox

    return set(ox.parse(data, format=ox.RdfFormat.N_QUADS))


@pytest.mark.parametrize("parallel", [False, True])
def test_on_chunk_sees_each_written_chunk_once_with_its_quads(tmp_path: Path, parallel: bool) -> None:
    from kg.ingest.chunks import prepare_chunks

    expected = [_quads(c.text) for c in prepare_chunks(REALISTIC, 7)]
    seen: list[set] = []
    with open_store(f"oxigraph:{tmp_path / 's'}") as store:
        result = bulk_ingest(store, REALISTIC, chunk_size=7, parallel=parallel,
                             on_chunk=lambda chunk: seen.append(set(chunk)))
        assert result.parallel is parallel and result.chunks == 5
        assert seen == expected
        assert set().union(*seen) == set(store.native)



@pytest.mark.parametrize("parallel", [False, True])
def test_on_chunk_is_not_called_for_a_chunk_not_written(tmp_path: Path, parallel: bool, bad_acled) -> None:
    calls: list[set] = []
    with open_store("memory:") as store:
        with pytest.raises(NonConformingError, match="Military Forces of Russia"):
            bulk_ingest(store, bad_acled, chunk_size=10, parallel=parallel,
                        on_chunk=lambda chunk: calls.append(set(chunk)))
        assert len(calls) == 3 and set().union(*calls) == set(store.native)


def test_on_chunk_is_not_called_when_the_write_fails(tmp_path: Path, monkeypatch) -> None:
    import kg.ingest.bulk

    real = kg.ingest.bulk._write_chunk
    writes: list[int] = []

    def third_fails(store, data, reports, scratch=None, rows=None):
        writes.append(1)
        if len(writes) == 3:
            raise OSError("disk full")
        real(store, data, reports, scratch, rows)

    calls: list[int] = []
    with open_store(f"oxigraph:{tmp_path / 's'}") as store:
        bulk_ingest(store, FIXTURES / "acled" / "sample.csv")  # not empty: chunk by chunk
        monkeypatch.setattr(kg.ingest.bulk, "_write_chunk", third_fails)
        with pytest.raises(OSError, match="disk full"):
            bulk_ingest(store, REALISTIC, chunk_size=7, on_chunk=lambda c: calls.append(len(c)))
    assert len(calls) == 2


def test_worker_gives_the_store_and_the_errors_the_serial_path_gives(tmp_path: Path, bad_acled) -> None:
    with open_store(f"oxigraph:{tmp_path / 'a'}") as serial, \
            open_store(f"oxigraph:{tmp_path / 'b'}") as worker:
        a = bulk_ingest(serial, REALISTIC, chunk_size=7, parallel=False)
        b = bulk_ingest(worker, REALISTIC, chunk_size=7, parallel=True)
        assert set(serial.native) == set(worker.native)
        assert (a.events, a.chunks, a.quads, a.skipped) == (b.events, b.chunks, b.quads, b.skipped)
        assert b.seconds["validate"] > 0 and b.seconds["map"] > 0
    bad = bad_acled
    with open_store("memory:") as store:
        with pytest.raises(NonConformingError, match="chunk 4 .*3 earlier chunk"):
            bulk_ingest(store, bad, chunk_size=10, parallel=True)
        assert store.triple_count() > 0
    with open_store("memory:") as store:
        result = bulk_ingest(store, bad, chunk_size=10, skip_invalid=True, parallel=True)
        assert [n for n, _ in result.skipped] == [31] and result.events == 30
    broken = tmp_path / "broken.csv"
    broken.write_text(REALISTIC.read_text(encoding="utf-8") + "UKR9,not a date,1\n", encoding="utf-8")
    with open_store("memory:") as store:
        with pytest.raises(InputError, match="row 31"):
            bulk_ingest(store, broken, chunk_size=10, parallel=True)
        assert store.triple_count() > 0


class _Recording:
    """A pyoxigraph store that records which write methods are called."""

    def __init__(self, store) -> None:
        self._store = store
        self.calls: list[str] = []

    def __getattr__(self, name: str):
        attr = getattr(self._store, name)
        if name in ("load", "bulk_load", "extend", "bulk_extend", "update"):
            self.calls.append(name)
        return attr

    def __len__(self) -> int:
        return len(self._store)


def test_chunks_go_to_the_bulk_loader_without_fresh(tmp_path: Path) -> None:
    with open_store(f"oxigraph:{tmp_path / 's'}") as store:
        bulk_ingest(store, FIXTURES / "acled" / "sample.csv")
        store._store = _Recording(store._store)  # type: ignore[attr-defined]
        result = bulk_ingest(store, REALISTIC, chunk_size=7)
        assert store._store.calls == ["bulk_load"] * result.chunks  # type: ignore[attr-defined]
    with open_store("memory:") as store:  # no files to ingest: a transaction
        store._store = _Recording(store._store)  # type: ignore[attr-defined]
        bulk_ingest(store, REALISTIC, chunk_size=7)
        assert set(store._store.calls) == {"load"}  # type: ignore[attr-defined]


def test_a_chunk_the_bulk_loader_fails_on_leaves_nothing(tmp_path: Path) -> None:
    from kg.ingest.bulk import _write_chunk
    from kg.ingest.chunks import prepare_chunks

    first, second = list(prepare_chunks(REALISTIC, 20))
    with open_store(f"oxigraph:{tmp_path / 's'}") as store:
        _write_chunk(store, first.text, first.reports)
        before = set(store.native)
        broken = second.text + b"<https://example.org/x> <https://example.org/p> oops .\n"
        with pytest.raises(SyntaxError):
            _write_chunk(store, broken, second.reports)
        assert set(store.native) == before


def test_a_worker_that_fails_says_why(monkeypatch) -> None:
    import kg.ingest.worker as worker

    class Conn:
        sent: list = []
        closed = False

        def send(self, item) -> None:
            self.sent.append(item)

        def close(self) -> None:
            self.closed = True

    def boom(*args, **kwargs):
        yield from prepare_chunks_of(REALISTIC)
        raise ValueError("boom")

    def prepare_chunks_of(path):
        from kg.ingest.chunks import prepare_chunks

        return prepare_chunks(path, 20)

    monkeypatch.setattr(worker, "prepare_chunks", boom)
    conn = Conn()
    worker._work(conn, str(REALISTIC), 20, False, True, None)
    assert len(conn.sent) == 3 and conn.sent[-1] == ("failed", "ValueError: boom") and conn.closed


def test_kg_ingest_chunks_acled_files_as_bulk_ingest_does_by_default() -> None:
    from kg.commands.ingest import ingest as command
    from kg.ingest.bulk import CHUNK_ROWS

    [option] = [p for p in command.params if p.name == "chunk_size"]
    assert option.default == CHUNK_ROWS
