"""Export round trips, on every backend."""
from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
import rdflib
from paths import TESTS
from rdflib.compare import isomorphic

from kg.errors import InputError
from kg.export.rdf import FORMATS, export, export_store, format_for_path, format_name


def union_graph(dataset: rdflib.Dataset) -> rdflib.Graph:
    """Every triple of a dataset, whatever its graph, once."""
    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def quads_of(dataset: rdflib.Dataset) -> set[tuple]:
    return {(s, p, o, g) for s, p, o, g in dataset.quads((None, None, None, None))}


def exported(store, fmt: str) -> bytes:
    out = io.BytesIO()
    export(store, fmt, out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["turtle", "ntriples"])
def test_triple_formats_hold_the_union_of_all_graphs(any_store, sample_dataset, fmt):
    any_store.add_dataset(sample_dataset)
    data = exported(any_store, fmt)
    expected = union_graph(sample_dataset)
    parsed = rdflib.Graph().parse(data=data, format=fmt.replace("ntriples", "nt"))
    assert isomorphic(parsed, expected)
    oxi = ox.parse(data, ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.N_TRIPLES)
    from_oxi = rdflib.Graph()
    from kg.store.terms import to_rdflib

    for quad in oxi:
        from_oxi.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    assert isomorphic(from_oxi, expected)


def test_turtle_declares_the_project_prefixes(sample_store):
    data = exported(sample_store, "turtle").decode()
    assert "@prefix ckg: <https://w3id.org/conflict-kg/ontology#> ." in data
    assert "ckg:killed" in data


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_quad_formats_keep_every_quad(any_store, sample_dataset, fmt):
    any_store.add_dataset(sample_dataset)
    data = exported(any_store, fmt)
    parsed = rdflib.Dataset()
    parsed.parse(data=data, format={"nquads": "nquads", "trig": "trig", "jsonld": "json-ld"}[fmt])
    assert quads_of(parsed) == quads_of(sample_dataset)
    store = ox.Store()
    store.load(data, {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
                      "jsonld": ox.RdfFormat.JSON_LD}[fmt])
    assert len(store) == len(sample_dataset)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_of_an_empty_store_parses_as_empty(any_store, fmt):
    data = exported(any_store, fmt)
    parsed = rdflib.Dataset()
    parsed.parse(data=data or b" ", format={"turtle": "turtle", "ntriples": "nt", "trig": "trig",
                                            "nquads": "nquads", "jsonld": "json-ld"}[fmt])
    assert len(parsed) == 0


def test_format_names():
    assert format_name("TTL") == "turtle" and format_name("nq") == "nquads"
    assert format_name("json-ld") == "jsonld"
    assert format_for_path("out/kg.trig") == "trig" and format_for_path("kg.csv") is None
    with pytest.raises(InputError, match="unknown export format 'xlsx'"):
        format_name("xlsx")


def test_export_store_to_a_path(sample_store, sample_dataset, tmp_path):
    path = tmp_path / "kg.nq"
    export_store(sample_store, "nq", path)
    parsed = rdflib.Dataset()
    parsed.parse(path, format="nquads")
    assert quads_of(parsed) == quads_of(sample_dataset)
    assert [p.name for p in tmp_path.iterdir()] == ["kg.nq"]
    out = io.BytesIO()
    export_store(sample_store, "nt", out)
    assert len(rdflib.Graph().parse(data=out.getvalue(), format="nt")) == len(union_graph(sample_dataset))


def test_exported_files_get_a_users_permissions_not_a_temporary_files(sample_store, tmp_path):
    """A new export is readable as any new file of the user's (0666 less the umask); a file
    it replaces keeps its own mode; a CSV export of the CLI does the same."""
    import os
    import stat

    from click.testing import CliRunner

    from kg.cli import main

    mask = os.umask(0o022)
    os.umask(mask)
    fresh = tmp_path / "kg.ttl"
    export_store(sample_store, "turtle", fresh)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~mask
    kept = tmp_path / "kept.nq"
    kept.write_bytes(b"")
    kept.chmod(0o640)
    export_store(sample_store, "nq", kept)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.stat().st_size > 0
    store = tmp_path / "store"
    records = TESTS / "fixtures" / "records" / "updates.json"
    assert CliRunner().invoke(main, ["--store", str(store), "ingest", str(records)]).exit_code == 0
    csv = tmp_path / "events.csv"
    result = CliRunner().invoke(main, ["--store", str(store), "export", "--format", "acled-csv",
                                       "-o", str(csv)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(csv.stat().st_mode) == 0o666 & ~mask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv", "kept.nq", "kg.ttl", "store"]
