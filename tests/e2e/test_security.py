"""Security: parameters cannot change a query, ad-hoc SPARQL is read-only unless allowed,
and exports write exactly where they are told.

Decision on symbolic links: an export or dump to a path that is a symbolic link replaces the
link with the file and leaves the link's target alone (the file is written beside and renamed
over the path), so a planted link cannot redirect an export onto another file.
"""
from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from paths import TESTS

from kg.cli import main
from kg.store import open_store

PAYLOADS = [
    '" } ; DROP ALL ; #',
    "' } ; DROP ALL ; #",
    '") } DELETE WHERE { ?s ?p ?o } #',
    '"""} INSERT DATA { <urn:evil> <urn:evil> <urn:evil> } #',
    "x\" . } } ; CLEAR ALL ; SELECT * WHERE { { \"",
    '\\" } ; DROP ALL ; #',
    "<urn:x> } ; DROP ALL ; #",
    "Kharkiv\n} ; DROP ALL",
    "?place",
    "\x00\u202e",
]
STRING_PARAMS = [
    ("events-at-place", "place"),
    ("visits-of-person", "person"),
    ("actor-timeline", "actor"),
    ("updates-of-page", "page"),
    ("where-weapon-used", "equipment"),
    ("casualties-by-region-and-day", "region"),
]
TYPED_PARAMS = [
    ("evidence-for-event", "event"),
    ("events-near", "lat"),
    ("events-near", "km"),
    ("events-by-type", "limit"),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("security") / "store"
    dataset = rdflib.Dataset()
    dataset.parse(TESTS / "fixtures" / "sample.trig", format="trig")
    with open_store(f"oxigraph:{folder}") as s:
        s.add_dataset(dataset)
    return str(folder)


def snapshot(store: str) -> list[bytes]:
    out = io.BytesIO()
    with open_store(f"oxigraph:{store}", read_only=True) as s:
        s.dump("nquads", out)
    return sorted(out.getvalue().splitlines())


@pytest.fixture(scope="module")
def original(store: str) -> list[bytes]:
    return snapshot(store)


def kg(store: str, *args: str):
    result = CliRunner().invoke(main, ["--store", store, *args])
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    return result


def _known_query(name: str) -> bool:
    from kg.errors import QueryError
    from kg.query.named import get_query

    try:
        get_query(name)
    except QueryError:
        return False
    return True


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("name, param", STRING_PARAMS)
def test_string_parameters_cannot_change_the_query(store: str, original: list[bytes], name: str,
                                                   param: str, payload: str) -> None:
    if not _known_query(name):
        pytest.skip(f"no query {name}")
    result = kg(store, "query", name, "--param", f"{param}={payload}", "--format", "csv")
    assert result.exit_code == 0, result.output
    # no label matches the payload, so no rows: the payload stayed one string
    assert len(result.stdout.strip().splitlines()) <= 1, result.stdout
    assert snapshot(store) == original


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("name, param", TYPED_PARAMS)
def test_typed_parameters_refuse_what_is_not_their_kind(store: str, original: list[bytes], name: str,
                                                        param: str, payload: str) -> None:
    if not _known_query(name):
        pytest.skip(f"no query {name}")
    extra = ["--param", "lat=48.5", "--param", "lon=37.7"] if name == "events-near" and param != "lat" else []
    if name == "events-near" and param == "lat":
        extra = ["--param", "lon=37.7"]
    result = kg(store, "query", name, "--param", f"{param}={payload}", *extra)
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert result.stderr.startswith("kg: error: ") and len(result.stderr.splitlines()) == 1
    assert snapshot(store) == original


def test_a_real_parameter_still_works(store: str) -> None:
    result = kg(store, "query", "events-by-type", "--format", "csv")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) > 1


@pytest.mark.parametrize("text", [
    "DROP ALL",
    "CLEAR DEFAULT",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/x.ttl>",
    "# SELECT\nDROP ALL",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "drop   silent   graph <urn:g>",
])
def test_ad_hoc_updates_are_refused_without_update(store: str, original: list[bytes], text: str) -> None:
    result = kg(store, "query", "-e", text)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("kg: error: ") and len(result.stderr.splitlines()) == 1
    assert snapshot(store) == original


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { ?x ?y ?z . service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "ASK { OPTIONAL { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
])
def test_service_is_refused_without_allow_service(store: str, text: str) -> None:
    result = kg(store, "query", "-e", text)
    assert result.exit_code == 2, result.output
    assert "SERVICE" in result.stderr


def test_service_inside_a_string_or_iri_is_not_a_call(store: str) -> None:
    result = kg(store, "query", "-e", 'SELECT ("SERVICE <http://x/>" AS ?s) <urn:SERVICE> WHERE {}')
    assert result.exit_code in (0, 2)
    result = kg(store, "query", "-e", 'SELECT ?s WHERE { ?s ?p "SERVICE" }', "--format", "csv")
    assert result.exit_code == 0, result.output


def test_update_runs_only_with_update(tmp_path: Path, store: str) -> None:
    folder = str(tmp_path / "writable")
    with open_store(f"oxigraph:{folder}") as s:
        s.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    result = kg(folder, "query", "--update", "-e", "INSERT DATA { <urn:a> <urn:b> <urn:d> }")
    assert result.exit_code == 0, result.output
    with open_store(f"oxigraph:{folder}", read_only=True) as s:
        assert s.triple_count() == 2


# ------------------------------------------------------------------------ export paths


def _listing(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.mark.parametrize("command", [["export", "--format", "nquads"], ["dump"]])
def test_export_to_a_parent_path_writes_there_and_nowhere_else(store: str, tmp_path: Path,
                                                               command: list[str]) -> None:
    work = tmp_path / "work" / "here"
    work.mkdir(parents=True)
    before = _listing(tmp_path)
    cwd = os.getcwd()
    os.chdir(work)
    try:
        result = kg(store, *command, "-o", "../x.nq")
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    assert _listing(tmp_path) - before == {"work/x.nq"}
    assert (tmp_path / "work" / "x.nq").stat().st_size > 0


@pytest.mark.parametrize("command", [["export", "--format", "nquads"], ["dump"]])
def test_export_replaces_a_symlink_and_leaves_its_target(store: str, tmp_path: Path,
                                                         command: list[str]) -> None:
    target = tmp_path / "elsewhere" / "precious.txt"
    target.parent.mkdir()
    target.write_text("precious")
    link = tmp_path / "out.nq"
    link.symlink_to(target)
    result = kg(store, *command, "-o", str(link))
    assert result.exit_code == 0, result.output
    assert target.read_text() == "precious"
    assert not link.is_symlink() and link.stat().st_size > 0
    assert _listing(tmp_path) == {"elsewhere", "elsewhere/precious.txt", "out.nq"}


def test_export_does_not_follow_a_planted_partial_link(store: str, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("precious")
    (tmp_path / "out.nq.partial").symlink_to(target)
    result = kg(store, "export", "--format", "nquads", "-o", str(tmp_path / "out.nq"))
    assert result.exit_code == 0
    assert target.read_text() == "precious"


def test_dump_does_not_follow_a_planted_partial_link(store: str, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("precious")
    for name in ("out.nq.partial", ".out.nq.partial"):
        (tmp_path / name).symlink_to(target)
    result = kg(store, "dump", "-o", str(tmp_path / "out.nq"))
    assert result.exit_code == 0
    assert target.read_text() == "precious"


def test_export_into_a_missing_folder_is_a_clean_error(store: str, tmp_path: Path) -> None:
    for command in (["export", "--format", "nquads"], ["dump"]):
        result = kg(store, *command, "-o", str(tmp_path / "missing" / "x.nq"))
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("kg: error: ")
    assert _listing(tmp_path) == set()


def test_backup_into_a_symlinked_destination_is_refused(store: str, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    (tmp_path / "b").symlink_to(target)
    result = kg(store, "backup", str(tmp_path / "b"))
    assert result.exit_code == 2
    assert list(target.iterdir()) == []
