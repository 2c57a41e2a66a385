"""What each backend declares it can do, the one store-URL parser, and the write hooks."""
from __future__ import annotations

import io
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.ops.backup import store_folder
from kg.ops.serve import store_location
from kg.store import Store, open_store, parse_store_url
from kg.store.hooks import HOOK_GROUP, installed_hooks
from kg.store.oxigraph import OxigraphStore
from kg.validation.whole_store import validate_store

# ------------------------------------------------------------------------------ capabilities


def test_capabilities_are_declared_on_every_backend(any_store, sample_dataset):
    assert isinstance(any_store, Store)
    any_store.add_dataset(sample_dataset)
    on_disk = any_store.url.startswith("oxigraph:")
    assert (any_store.path is not None) == on_disk
    if any_store.embedded:
        assert isinstance(any_store.native, ox.Store)
        assert len(any_store.native) == any_store.triple_count()
    else:
        assert any_store.native is None
    assert any_store.keeps_tables == on_disk  # the analytics hook is installed
    if any_store.keeps_tables:
        assert any_store.tables() is not None  # a new store starts with current tables
    else:
        assert any_store.tables() is None
        with pytest.raises(StoreError, match="keeps no analytics tables"):
            any_store.rebuild_tables()
    with any_store.table_batch(5) as folder:
        assert (folder is not None) == any_store.keeps_tables
    assert any_store.tables_seconds >= 0.0
    report, _ = validate_store(any_store)  # compiled checks on embedded stores, pySHACL elsewhere
    assert report.conforms


def test_a_closed_embedded_store_has_no_native_store():
    store = open_store("memory:")
    store.close()
    with pytest.raises(StoreError, match="closed"):
        _ = store.native


def test_the_analytics_hook_is_installed_as_an_entry_point():
    from kg.analytics.keeper import TableKeeper

    assert TableKeeper in installed_hooks(), f"reinstall the package: no {HOOK_GROUP} entry points"


# ------------------------------------------------------------------------------ URLs


@pytest.mark.parametrize("url, kind, folder", [
    ("oxigraph:./kg-store", "oxigraph", Path("kg-store")),
    ("OXIGRAPH:/data/kg", "oxigraph", Path("/data/kg")),
    ("/data/kg", "oxigraph", Path("/data/kg")),
    ("kg-store", "oxigraph", Path("kg-store")),
    ("./my:store", "oxigraph", Path("my:store")),
    ("C:\\kg", "oxigraph", Path("C:\\kg")),
    ("memory:", "memory", None),
])
def test_store_urls_are_read_one_way(url, kind, folder):
    parsed = parse_store_url(url)
    assert (parsed.kind, parsed.folder, parsed.text) == (kind, folder, url)
    assert parsed.address is None


def test_server_urls_keep_their_address():
    parsed = parse_store_url("sparql+https://host:7878/query")
    assert parsed.kind == "sparql+https" and parsed.address == "https://host:7878/query"
    assert parsed.remote and not parsed.on_disk


def test_a_path_in_the_home_folder_is_expanded():
    assert parse_store_url("oxigraph:~/kg").folder == Path.home() / "kg"


@pytest.mark.parametrize("url", ["sqlite:foo", "postgres://x", "foo+http://h:1", "http://host:7878"])
def test_an_unknown_store_kind_is_an_error_never_a_folder(url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for read in (parse_store_url, open_store, store_folder, store_location):
        with pytest.raises(StoreError, match="unknown store kind .*known: .*memory, oxigraph"):
            read(url)
    assert not any(tmp_path.iterdir())


def test_oxigraph_without_a_folder_is_an_error():
    with pytest.raises(StoreError, match="needs a folder"):
        parse_store_url("oxigraph:")


def test_callers_refuse_what_is_not_on_disk():
    with pytest.raises(StoreError, match="on-disk store"):
        store_folder("memory:")
    with pytest.raises(StoreError, match="cannot be served"):
        store_location("memory:")
    with pytest.raises(StoreError, match="remote store"):
        store_location("sparql+http://127.0.0.1:7878")


# ------------------------------------------------------------------------------ hooks


class Recorder:
    """A write hook that writes down what the store tells it."""

    def __init__(self, folder: Path, new_store: bool) -> None:
        self.calls: list[tuple] = [("open", new_store)]
        self.seconds = 0.25

    @contextmanager
    def writing(self, store, scratch, replaced, rows=None):
        self.calls.append(("write", len(scratch) if scratch is not None else None, tuple(replaced)))
        yield

    @contextmanager
    def batch(self, store, flush_every=10):
        self.calls.append(("batch", flush_every))
        yield None

    @contextmanager
    def streaming(self, store):
        self.calls.append(("stream",))
        yield self.calls.append

    def forget(self) -> None:
        self.calls.append(("forget",))

    def rebuild(self, store) -> dict[str, int]:
        self.calls.append(("rebuild", len(store)))
        return {"quads": len(store)}

    def current(self):
        return "kept"


def test_an_on_disk_store_tells_its_hooks_of_every_write(tmp_path, sample_dataset):
    made: list[Recorder] = []

    def factory(folder: Path, new_store: bool) -> Recorder:
        made.append(Recorder(folder, new_store))
        return made[-1]

    buffer = io.BytesIO()
    with open_store("memory:") as memory:
        memory.add_dataset(sample_dataset)
        memory.dump("nquads", buffer)
    with OxigraphStore(tmp_path / "kg", hooks=[factory]) as store:
        assert store.keeps_tables and store.tables() == "kept" and store.tables_seconds == 0.25
        store.add_dataset(sample_dataset)
        with store.table_batch(3):
            pass
        store.update("CLEAR ALL")
        stopped = store.load_stream([(buffer.getvalue(), {"events": "rows.tsv"})])
        assert stopped is None
        assert store.rebuild_tables() == {"quads": store.triple_count()}
    calls = made[0].calls
    assert calls[0] == ("open", True)
    assert calls[1][0] == "write" and len(calls[1][2]) == 5  # the report and occasion graphs it replaced
    assert calls[2:6] == [("batch", 3), ("forget",), ("stream",), {"events": "rows.tsv"}]
    assert calls[6][0] == "rebuild" and len(calls) == 7


def test_memory_stores_have_no_hooks():
    with OxigraphStore(None, hooks=[Recorder]) as store:
        assert not store.keeps_tables and store.tables() is None
