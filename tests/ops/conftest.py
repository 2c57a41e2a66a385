"""The workbench's tests share one store of the example pages' events and one ``kg serve --review``."""
from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import servers
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
ANALYST = "Test Analyst"


@dataclass(frozen=True)
class Served:
    """A running ``kg serve``: its base URL and its write token."""

    url: str
    token: str


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store holding the example pages' events: the records their extraction gave
    (``tests/fixtures/workbench``, with each update's text), so that what the workbench shows
    is fixed while the extraction rules change."""
    if servers.oxigraph_binary() is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    from kg.cli import main

    folder = tmp_path_factory.mktemp("workbench") / "kg-store"
    records = sorted(str(p) for p in (ROOT / "tests" / "fixtures" / "workbench").glob("*.json"))
    result = CliRunner().invoke(main, ["--store", f"oxigraph:{folder}", "ingest", *records])
    assert result.exit_code == 0, result.output
    return folder


def start(store: Path, *args: str) -> Iterator[Served]:
    process, url = servers.start_kg_serve(f"oxigraph:{store}", *args)
    try:
        servers.wait_until_up(f"{url}/api/meta", process, seconds=60)
        page = urllib.request.urlopen(f"{url}/", timeout=30).read().decode("utf-8")
        token = re.search(r'<meta name="kg-token" content="([^"]*)">', page).group(1)
        yield Served(url, token)
    finally:
        servers.stop(process)


@pytest.fixture(scope="session")
def review_server(examples_store: Path) -> Iterator[Served]:
    """``kg serve --review --analyst ...`` on the example store."""
    yield from start(examples_store, "--review", "--analyst", ANALYST)
