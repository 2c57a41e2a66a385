"""Named queries (each one run on the sample dataset) and ad-hoc SPARQL."""
from __future__ import annotations

import datetime as dt

import pytest
from query_cases import CASES, D20, ev

from kg.errors import QueryError
from kg.query.named import (
    bind_params,
    classify,
    get_query,
    list_queries,
    parse_header,
    run_named,
    run_sparql,
)
from kg.resources import resource_files
from kg.store import open_store

QUERY_NAMES = [path.stem for path in resource_files("queries", ".rq")]


@pytest.fixture(params=["memory", "disk", pytest.param("server", marks=pytest.mark.server)])
def loaded_store(request, sample_dataset, tmp_path):
    """The sample dataset in memory, on disk (where the SQL twins answer from the analytics
    tables) and on an Oxigraph server (bindings travel as VALUES)."""
    if request.param == "memory":
        store = open_store("memory:")
    elif request.param == "disk":
        store = open_store(f"oxigraph:{tmp_path / 'store'}")
    else:
        store = open_store(request.getfixturevalue("oxigraph_server"))
        store.update("CLEAR ALL")
    with store:
        store.add_dataset(sample_dataset)
        yield store


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_named_query_gives_the_expected_answer(loaded_store, name):
    assert name in CASES, f"queries/{name}.rq has no test case in tests/query_cases.py"
    params, expected = CASES[name]
    rows = run_named(loaded_store, name, params)
    assert rows.rows == expected


def test_every_case_has_a_query():
    assert sorted(CASES) == sorted(QUERY_NAMES)


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_named_query_header(name):
    query = get_query(name)
    assert query.title and query.description
    assert query.text.lstrip().startswith("# title:")
    assert "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>" in query.text
    for param in query.params:
        assert param.description, f"{name}: parameter {param.name} has no description"


def test_list_queries_is_sorted_by_name():
    names = [q.name for q in list_queries()]
    assert names == sorted(names)
    assert {"events-by-type", "events-at-place", "casualties-by-region-and-day", "equipment-by-actor",
            "updates-of-page"} <= set(names)


def test_header_grammar():
    query = parse_header(
        "# title: T\n# description: one\n# description: two\n"
        "# param: place — a place\n"
        "# param: type [type] (optional) — an event type\n"
        "# param: km = 2.5 -- kilometres\n"
        "# param: since = 2024-01-01 - a date\n"
        "# param: limit = 10 — rows\n"
        "SELECT * { ?s ?p ?o }\nLIMIT 10\n# trailing comment\n",
        "t",
    )
    assert query.title == "T" and query.description == "one two"
    kinds = {p.name: (p.kind, p.default, p.optional, p.required) for p in query.params}
    assert kinds == {
        "place": ("string", None, False, True),
        "type": ("type", None, True, False),
        "km": ("decimal", "2.5", False, False),
        "since": ("date", "2024-01-01", False, False),
        "limit": ("integer", "10", False, False),
    }
    text, bindings = bind_params(query, {"place": "Kyiv", "limit": "3"})
    assert text.rstrip().endswith("LIMIT 3")
    assert "Kyiv" not in text
    assert str(bindings["type"]) if "type" in bindings else True
    assert bindings["place"] == "Kyiv" and str(bindings["km"]) == "2.5"
    assert bindings["since"] == dt.date(2024, 1, 1)


@pytest.mark.parametrize("text, message", [
    ("SELECT * {}", "no '# title:'"),
    ("# title: T\n# param: x [colour] — c\nSELECT * {}", "unknown parameter kind"),
    ("# title: T\n# param: limit = 5 — rows\nSELECT * {}", "final LIMIT"),
    ("# title: T\n# param: 9x — bad\nSELECT * {}", "cannot read the parameter"),
])
def test_malformed_headers(text, message):
    with pytest.raises(QueryError, match=message):
        parse_header(text, "bad")


def test_unknown_query_names_the_command_that_lists_them():
    with pytest.raises(QueryError, match="no query named 'nope'; `kg queries` lists them"):
        get_query("nope")


def test_unknown_and_missing_params(sample_store):
    with pytest.raises(QueryError, match="has no parameter colour; its parameters: place"):
        run_named(sample_store, "events-at-place", {"place": "Kyiv", "colour": "red"})
    with pytest.raises(QueryError, match="needs the parameter place"):
        run_named(sample_store, "events-at-place", {})


@pytest.mark.parametrize("name, params, message", [
    ("events-near", {"lat": "north", "lon": "1"}, "lat must be a number"),
    ("events-near", {"lat": "NaN", "lon": "1"}, "lat must be a number"),
    ("most-struck-places", {"limit": "10; DROP ALL"}, "limit must be a whole number"),
    ("most-struck-places", {"limit": "-1"}, "must not be negative"),
    ("events-by-type", {"type": "Picnic"}, "unknown event type 'Picnic'"),
    ("evidence-for-event", {"event": "not an iri"}, "event must be an IRI"),
])
def test_bad_parameter_values(sample_store, name, params, message):
    with pytest.raises(QueryError, match=message):
        run_named(sample_store, name, params)


def test_typed_parameters(sample_store):
    rows = run_named(sample_store, "events-by-type", {"type": "airstrike"})
    assert rows.rows == [("AirStrike", 1, D20, D20)]  # e01 and e02 are one occasion
    rows = run_named(sample_store, "most-struck-places", {"limit": "1"})
    assert rows.column("placeLabel") == ["Kharkiv"]
    full_iri = run_named(sample_store, "evidence-for-event", {"event": ev("e01")})
    assert full_iri.rows == CASES["evidence-for-event"][1]
    assert len(run_named(sample_store, "actor-timeline", {"actor": "Russia"})) == 6  # e01 is in e02
    assert len(run_named(sample_store, "actor-timeline", {"actor": "Russia", "limit": "2"})) == 2


def test_list_columns_are_empty_strings_where_nothing_is_named(sample_store):
    # The sanctions event e11 names no place: its places are "" (not unbound), which every
    # SPARQL server and the SQL twin give alike.
    timeline = {row[-1]: row for row in run_named(sample_store, "actor-timeline", {"actor": "Russia"}).rows}
    assert timeline[ev("e11")][3] == ""
    assert timeline[ev("e02")][3] == "Kostiantynivka"


@pytest.mark.parametrize("value", ['x" } ; DROP ALL ; #', "Kyiv') } #", "\\\" . } INSERT DATA {"])
def test_named_parameters_are_values_not_text(sample_store, value):
    before = sample_store.triple_count()
    assert len(run_named(sample_store, "events-at-place", {"place": value})) == 0
    assert sample_store.triple_count() == before


# ------------------------------------------------------------------------------ ad hoc


def test_ad_hoc_query_has_the_project_prefixes(sample_store):
    rows = run_sparql(sample_store, "SELECT (COUNT(?e) AS ?n) WHERE { ?e ckg:eventType ckgt:AirStrike }")
    assert rows.rows == [(2,)]
    rows = run_sparql(sample_store, "SELECT ?e WHERE { ?e ckg:killed ?k }", {"k": 2})
    assert rows.column("e") == [ev("e02")]


@pytest.mark.parametrize("text", [
    "DELETE WHERE { ?s ?p ?o }",
    "drop all",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "CLEAR GRAPH <urn:g>",
    "PREFIX ex: <urn:x#> WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ex:select ?o }",
])
def test_updates_are_refused_unless_allowed(sample_store, text):
    before = sample_store.triple_count()
    with pytest.raises(QueryError, match="update"):
        run_sparql(sample_store, text)
    assert sample_store.triple_count() == before


def test_allowed_update_runs(sample_store):
    before = sample_store.triple_count()
    assert run_sparql(sample_store, "INSERT DATA { id:x rdfs:label 'x' }", allow_update=True) is None
    assert sample_store.triple_count() == before + 1


def test_service_is_refused_unless_allowed(sample_store):
    text = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    with pytest.raises(QueryError, match="SERVICE"):
        run_sparql(sample_store, text)
    assert classify(text).uses_service


@pytest.mark.parametrize("text, is_update, uses_service", [
    ("SELECT ?drop WHERE { ?drop <urn:insert> 'DELETE WHERE' } # DROP ALL", False, False),
    ("ASK { ?s <urn:service> ?o }", False, False),
    ("SELECT * { ?s ?p ?o OPTIONAL { SERVICE SILENT <urn:e> { ?s ?q ?r } } }", False, True),
    ("DELETE { ?s ?p ?o } WHERE { SERVICE <urn:e> { ?s ?p ?o } }", True, True),
    ("LOAD <http://example.org/data.ttl>", True, False),
    # not parseable by rdflib (SPARQL 1.2 triple terms): keyword fallback
    ("SELECT * { ?s ?p <<( ?a ?b ?c )>> }", False, False),
    ("INSERT DATA { <urn:a> <urn:b> <<( <urn:a> <urn:b> <urn:c> )>> }", True, False),
])
def test_classify(text, is_update, uses_service):
    form = classify(text)
    assert (form.is_update, form.uses_service) == (is_update, uses_service)


def test_malformed_ad_hoc_query(sample_store):
    with pytest.raises(QueryError):
        run_sparql(sample_store, "SELECT ?x WHERE { ?x")


def test_query_timeout_is_a_query_error(sample_store):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ckg:confidence ?h . FILTER(?c != ?f) }"
    with pytest.raises(QueryError, match="took longer than"):
        run_sparql(sample_store, slow, timeout=0.1)


def test_rows_become_a_dataframe_for_notebooks(sample_store):
    pd = pytest.importorskip("pandas")
    rows = run_named(sample_store, "events-by-type")
    frame = rows.to_dataframe()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == list(rows.variables)
    assert frame.to_records(index=False).tolist() == rows.rows
    assert frame.loc[0, "typeName"] == "DroneStrike" and frame["events"].sum() == 12


def test_a_misspelt_query_name_is_answered_with_the_closest_name():
    with pytest.raises(QueryError, match=r"named 'evnets-at-place'; did you mean 'events-at-place'\?"):
        get_query("evnets-at-place")
    with pytest.raises(QueryError) as far:
        get_query("zzzz")
    assert "did you mean" not in str(far.value) and "kg queries" in str(far.value)


def test_a_misspelt_parameter_is_answered_with_the_closest_name(sample_store):
    with pytest.raises(QueryError, match=r"no parameter plac; did you mean 'place'\?"):
        run_named(sample_store, "events-at-place", {"plac": "Kyiv"})


def test_syntax_error_positions_count_the_lines_the_user_wrote(sample_store):
    with pytest.raises(QueryError, match=r"at 1:10\b"):
        run_sparql(sample_store, "SELEC ?x WHERE {")
    with pytest.raises(QueryError, match=r"at 2:16\b"):
        run_sparql(sample_store, "SELECT ?x\nWHERE { ?x ?y }")
