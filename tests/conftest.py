"""Shared test fixtures: the sample dataset, and stores of every backend."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_TRIG = FIXTURES / "sample.trig"


@pytest.fixture
def sample_dataset() -> rdflib.Dataset:
    """The hand-written sample dataset (tests/fixtures/sample.trig), as a fresh rdflib Dataset."""
    dataset = rdflib.Dataset()
    dataset.parse(SAMPLE_TRIG, format="trig")
    return dataset


@pytest.fixture
def bad_acled(tmp_path: Path) -> Path:
    """The realistic ACLED rows and a 31st that gives a shared actor a second kind (Russia's
    forces as a rebel group, inter 2): the fourth chunk of ten rows breaks a shape."""
    bad = tmp_path / "bad.csv"
    lines = (FIXTURES / "acled" / "realistic.csv").read_text(encoding="utf-8").splitlines()
    extra = lines[25].replace("UKR0100025", "UKR0100099").replace("(2000-),,1,", "(2000-),,2,")
    bad.write_text("\n".join([*lines, extra]) + "\n", encoding="utf-8")
    return bad


def _oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A read-write ``oxigraph serve`` on 127.0.0.1 and a free port; yields its store URL."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                message = process.stderr.read().decode() if process.stderr else ""
                pytest.fail(f"oxigraph serve did not start: {message}")
            time.sleep(0.1)
    try:
        yield f"sparql+http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


BACKENDS = ["memory", "disk", pytest.param("server", marks=pytest.mark.server)]


@pytest.fixture(params=BACKENDS)
def any_store(request: pytest.FixtureRequest, tmp_path: Path):
    """An empty, open store of each backend in turn: memory:, on-disk oxigraph, sparql+http."""
    from kg.store import open_store

    if request.param == "memory":
        store = open_store("memory:")
    elif request.param == "disk":
        store = open_store(f"oxigraph:{tmp_path / 'kg-store'}")
    else:
        store = open_store(request.getfixturevalue("oxigraph_server"))
        store.update("CLEAR ALL")
    with store:
        yield store


@pytest.fixture
def sample_store(sample_dataset: rdflib.Dataset):
    """An in-memory store holding the sample dataset."""
    from kg.store import open_store

    with open_store("memory:") as store:
        store.add_dataset(sample_dataset)
        yield store
