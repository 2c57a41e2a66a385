"""``kg serve``: a real server process on a free loopback port, queried over HTTP."""
from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import servers
from click.testing import CliRunner
from paths import TESTS

from kg.cli import main
from kg.ops.serve import ServeOptions, is_loopback, refusal, server_command, store_location

pytestmark = pytest.mark.server
JSON = "application/sparql-results+json"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def get(url: str, accept: str = JSON) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def post(url: str, form: dict[str, str]) -> tuple[int, bytes]:
    data = urllib.parse.urlencode(form).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def query(base: str, text: str) -> tuple[int, bytes]:
    return get(f"{base}/query?{urllib.parse.urlencode({'query': text})}")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, sample_trig: Path) -> Path:
    """An on-disk store holding the sample dataset."""
    if servers.oxigraph_binary() is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    folder = tmp_path_factory.mktemp("served") / "kg-store"
    import rdflib

    from kg.store import open_store

    dataset = rdflib.Dataset()
    dataset.parse(sample_trig, format="trig")
    with open_store(f"oxigraph:{folder}") as opened:
        opened.add_dataset(dataset)
        assert opened.triple_count() > 0
    return folder


@pytest.fixture(scope="module")
def sample_trig() -> Path:
    return TESTS / "fixtures" / "sample.trig"


@pytest.fixture(scope="module")
def served(store: Path) -> Iterator[str]:
    """``kg serve`` (read-only, the default) on the sample store; yields its base URL."""
    process, base = servers.start_kg_serve(store)
    try:
        servers.wait_until_up(f"{base}/", process)
        yield base
    finally:
        assert servers.stop(process) == 0, servers.output_of(process)


def test_a_query_is_answered_over_the_union_of_graphs(served: str, store: Path) -> None:
    status, body = query(served, COUNT)
    assert status == 200
    count = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    from kg.store import open_store

    with open_store(f"oxigraph:{store}", read_only=True) as opened:
        assert count == opened.triple_count()


def test_the_query_page_is_served(served: str) -> None:
    status, body = get(f"{served}/", accept="text/html")
    assert status == 200 and b"<html" in body.lower()


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_documented_curl_example_works(served: str) -> None:
    """docs/serving.md: curl with --data-urlencode and the JSON results Accept header."""
    out = subprocess.run(
        ["curl", "-sS", "--fail", "-G", f"{served}/query", "-H", f"Accept: {JSON}",
         "--data-urlencode", "query=SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
        capture_output=True, text=True, timeout=30, check=True).stdout
    assert int(json.loads(out)["results"]["bindings"][0]["n"]["value"]) > 0


def test_an_update_is_refused_by_the_read_only_server(served: str) -> None:
    status, body = post(f"{served}/update", {"update": 'INSERT DATA { <urn:a> <urn:b> "c" }'})
    assert status == 403 and b"read-only" in body
    assert query(served, 'ASK { <urn:a> <urn:b> "c" }')[1].find(b"false") >= 0


def test_service_is_refused(served: str) -> None:
    text = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/query> { ?s ?p ?o } }"
    status, body = query(served, text)
    assert status == 403 and b"SERVICE" in body
    status, _ = post(f"{served}/query", {"query": text.lower()})
    assert status == 403
    # the word in a string or as a variable is no SERVICE call
    assert query(served, 'SELECT ?service WHERE { BIND("SERVICE" AS ?service) }')[0] == 200


def test_writable_server_takes_updates_and_holds_the_lock(tmp_path: Path, store: Path) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(store, folder)
    process, base = servers.start_kg_serve(folder, "--writable")
    try:
        servers.wait_until_up(f"{base}/", process)
        update = 'INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "c" } }'
        assert post(f"{base}/update", {"update": update})[0] in (200, 204)
        assert b"true" in query(base, 'ASK { <urn:a> <urn:b> "c" }')[1]
        second, _ = servers.start_kg_serve(folder, "--writable")
        assert second.wait(60) == 2
        message = servers.output_of(second)
        assert "in use by another process" in message and "read-write" in message
        record = str(TESTS / "golden" / "attack_casualties_roles.json")
        result = CliRunner().invoke(main, ["--store", str(folder), "ingest", record])
        assert result.exit_code == 2 and "in use" in result.output
        # kg's own commands can write through the server instead
        remote = f"sparql+http://{base.removeprefix('http://')}"
        result = CliRunner().invoke(main, ["--store", remote, "ingest", record])
        assert result.exit_code == 0, result.output
    finally:
        assert servers.stop(process) == 0
    assert process.returncode == 0
    # the server's writes did not reach the analytics tables: they say so until rebuilt
    from kg.analytics.sidecar import Sidecar

    assert Sidecar(folder).status() == "stale"


def test_remote_and_memory_stores_cannot_be_served() -> None:
    for url in ("memory:", "sparql+http://127.0.0.1:7878"):
        result = CliRunner().invoke(main, ["--store", url, "serve", "--port", "0"])
        assert result.exit_code == 2
        assert "cannot be served" in result.output or "remote store" in result.output


def test_serving_a_missing_store_read_only_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "none"), "serve", "--port", "0"])
    assert result.exit_code == 2 and "no store at" in result.output


def test_options_map_to_the_server_command() -> None:
    options = ServeOptions(Path("/data/kg"), timeout=2.4, union_default_graph=False)
    command = server_command("oxigraph", options, "127.0.0.1:1")
    assert command[:2] == ["oxigraph", "serve-read-only"]
    assert command[command.index("--timeout-s") + 1] == "2"
    assert "--union-default-graph" not in command
    assert server_command("oxigraph", ServeOptions(Path("x"), writable=True), "b")[1] == "serve"
    assert store_location("oxigraph:/data/kg") == Path("/data/kg")
    assert is_loopback("127.0.0.1") and is_loopback("::1") and not is_loopback("0.0.0.0")


@pytest.mark.parametrize("text", [
    "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }",
    "select * { service silent <http://x/> { ?s ?p ?o } }",
    "PREFIX s: <http://x/#> SELECT * { SERVICE<http://x/>{ ?s ?p ?o } }",
    'LOAD <http://x/data.ttl> INTO GRAPH <urn:g>',
    'INSERT DATA { <urn:a> <urn:b> "x" } ; LOAD SILENT <http://x/>',
])
def test_refused_texts(text: str) -> None:
    assert refusal(text)


@pytest.mark.parametrize("text", [
    'SELECT ?service { ?s <http://x/SERVICE> "SERVICE" ; ex:SERVICE ?service } # SERVICE',
    "SELECT * { ?s ?p '''a\nLOAD b''' }",
    'INSERT DATA { <urn:a> <urn:b> "don\'t LOAD" }',
])
def test_allowed_texts(text: str) -> None:
    assert refusal(text) is None
