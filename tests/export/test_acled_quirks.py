"""ACLED files as analysts have them: namesake villages, cities named like their oblast, both
sides' associated actors, IEDs, tags, every inter code, time precisions 1-3, ACLED's spellings,
rows outside Ukraine, notes with commas and quotes (``tests/fixtures/acled/quirks.csv``)."""
from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner
from paths import FIXTURES

from kg.cli import main
from kg.store import open_store

QUIRKS = FIXTURES / "acled" / "quirks.csv"


def kg(store, *args):
    return CliRunner().invoke(main, ["--store", f"oxigraph:{store}", *args])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quirks") / "store"
    out = kg(folder, "ingest", str(QUIRKS))
    assert out.exit_code == 0, out.output
    assert "15 events" in out.output and "skipped" not in out.output + out.stderr
    return folder


def test_every_row_goes_in_with_the_plain_command_and_the_store_conforms(store):
    out = kg(store, "validate")
    assert out.exit_code == 0, out.output


def test_the_acled_export_gives_every_column_of_every_row_back_identical(store, tmp_path):
    out = kg(store, "export", "--format", "acled-csv", "-o", str(tmp_path / "back.csv"))
    assert out.exit_code == 0, out.output
    original = list(csv.DictReader(QUIRKS.open(encoding="utf-8", newline="")))
    back = {r["event_id_cnty"]: r for r in csv.DictReader((tmp_path / "back.csv").open(encoding="utf-8",
                                                                                       newline=""))}
    assert len(back) == len(original) == 15
    for row in original:
        assert back[row["event_id_cnty"]] == row


def _places(store, name: str) -> list[tuple[str, str]]:
    with open_store(f"oxigraph:{store}", read_only=True) as s:
        rows = s.query("PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> "
                       "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                       "SELECT DISTINCT ?p ?kind WHERE { GRAPH ?g { ?p a ckg:Place ; rdfs:label ?n "
                       "OPTIONAL { ?p a ?kind FILTER(?kind != ckg:Place) } } FILTER(STR(?n) = ?name) }",
                       {"name": name})
        return sorted((str(r[0]), str(r[1] or "")) for r in rows)


def test_namesakes_are_never_one_place(store):
    assert len({p for p, _ in _places(store, "Andriivka")}) == 3  # two oblasts, two raions of one
    cities = {p for p, kind in _places(store, "Tripoli") if not kind.endswith("Region")}
    assert len(cities) == 2  # Libya's and Lebanon's (Libya's district of Tripoli is a region)
    mexico = _places(store, "Mexico")
    assert len({p for p, _ in mexico}) == 2
    assert {k.rsplit("#", 1)[1] for _, k in mexico} == {"Region", "Country"}


def test_a_city_named_like_its_oblast_is_the_city(store):
    out = kg(store, "query", "events-at-place", "--param", "place=Kharkiv", "--format", "csv")
    assert out.exit_code == 0, out.output
    assert "MissileStrike" in out.output or "Shelling" in out.output
    assert len(out.output.strip().splitlines()) >= 2
