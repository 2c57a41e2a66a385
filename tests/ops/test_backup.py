"""``kg backup``, ``kg restore`` and ``kg dump``: copies that give back the same dataset."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from paths import TESTS
from rdflib.compare import isomorphic, to_canonical_graph

from kg.cli import main
from kg.store import open_store

FIXTURES = TESTS / "fixtures"


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in (result.stderr or "")
    return result


@pytest.fixture
def store(tmp_path: Path, sample_dataset: rdflib.Dataset) -> Path:
    """An on-disk store holding the sample dataset (closed)."""
    folder = tmp_path / "store"
    with open_store(f"oxigraph:{folder}") as s:
        s.add_dataset(sample_dataset)
    return folder


def quads_of(folder: Path) -> rdflib.Dataset:
    """The store's content as an rdflib Dataset (through an N-Quads dump)."""
    import io

    out = io.BytesIO()
    with open_store(f"oxigraph:{folder}", read_only=True) as s:
        s.dump("nquads", out)
    dataset = rdflib.Dataset()
    dataset.parse(data=out.getvalue(), format="nquads")
    return dataset


def same_dataset(a: rdflib.Dataset, b: rdflib.Dataset) -> bool:
    """Isomorphic graph by graph (rdflib.compare), with the same graph names."""
    graphs_a = {g.identifier: g for g in a.graphs() if len(g)}
    graphs_b = {g.identifier: g for g in b.graphs() if len(g)}
    if set(graphs_a) != set(graphs_b):
        return False
    return all(isomorphic(to_canonical_graph(graphs_a[k]), to_canonical_graph(graphs_b[k])) for k in graphs_a)


def count(folder: Path) -> int:
    with open_store(f"oxigraph:{folder}", read_only=True) as s:
        return s.triple_count()


def test_backup_then_restore_gives_the_same_dataset(store: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup"
    result = run("--store", str(store), "backup", str(backup))
    assert result.exit_code == 0, result.output
    restored = tmp_path / "restored"
    result = run("--store", str(restored), "restore", str(backup))
    assert result.exit_code == 0, result.output
    assert same_dataset(quads_of(store), quads_of(restored))
    # the restored store stands on its own: writable, and the backup is unchanged by writes
    with open_store(f"oxigraph:{restored}") as s:
        s.update("INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    assert count(backup) == count(store)
    # nothing left behind beside the targets
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup", "restored", "store"]


def test_backup_works_beside_a_writer(store: Path, tmp_path: Path) -> None:
    with open_store(f"oxigraph:{store}") as writer:
        before = writer.triple_count()
        result = run("--store", str(store), "backup", str(tmp_path / "backup"))
        assert result.exit_code == 0, result.output
        writer.update("INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    assert count(tmp_path / "backup") == before


def test_backup_refuses_an_existing_destination(store: Path, tmp_path: Path) -> None:
    dest = tmp_path / "exists"
    dest.mkdir()
    (dest / "keep.txt").write_text("mine")
    result = run("--store", str(store), "backup", str(dest))
    assert result.exit_code == 2
    assert "already exists" in result.stderr and len(result.stderr.splitlines()) == 1
    assert [p.name for p in dest.iterdir()] == ["keep.txt"]


def test_backup_of_memory_store_is_a_clean_error(tmp_path: Path) -> None:
    result = run("--store", "memory:", "backup", str(tmp_path / "b"))
    assert result.exit_code == 2
    assert result.stderr.startswith("kg: error: ")


def test_restore_refuses_a_non_empty_store_without_force(store: Path, tmp_path: Path,
                                                       sample_dataset: rdflib.Dataset) -> None:
    backup = tmp_path / "backup"
    assert run("--store", str(store), "backup", str(backup)).exit_code == 0
    other = tmp_path / "other"
    with open_store(f"oxigraph:{other}") as s:
        s.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
    result = run("--store", str(other), "restore", str(backup))
    assert result.exit_code == 2
    assert "--force" in result.stderr and len(result.stderr.splitlines()) == 1
    assert count(other) == 1
    result = run("--store", str(other), "restore", str(backup), "--force")
    assert result.exit_code == 0, result.output
    assert same_dataset(quads_of(other), quads_of(store))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup", "other", "store"]


def test_restore_refuses_a_store_in_use(store: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup"
    assert run("--store", str(store), "backup", str(backup)).exit_code == 0
    with open_store(f"oxigraph:{store}"):
        result = run("--store", str(store), "restore", str(backup), "--force")
    assert result.exit_code == 2
    assert "in use" in result.stderr


def test_restore_into_a_folder_that_is_not_a_store_is_refused(store: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup"
    assert run("--store", str(store), "backup", str(backup)).exit_code == 0
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    result = run("--store", str(folder), "restore", str(backup), "--force")
    assert result.exit_code == 2
    assert (folder / "notes.txt").read_text() == "keep me"


def test_a_failed_restore_leaves_the_old_store(store: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.nq"
    bad.write_text("<urn:a> <urn:b> this is not n-quads .\n")
    before = quads_of(store)
    result = run("--store", str(store), "restore", "--from-dump", str(bad), "--force")
    assert result.exit_code == 2
    assert str(bad) in result.stderr and len(result.stderr.splitlines()) == 1
    assert same_dataset(quads_of(store), before)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.nq", "store"]


def test_dump_restores_to_an_isomorphic_store(store: Path, tmp_path: Path) -> None:
    dump = tmp_path / "store.nq"
    result = run("--store", str(store), "dump", "-o", str(dump))
    assert result.exit_code == 0, result.output
    restored = tmp_path / "from-dump"
    result = run("--store", str(restored), "restore", "--from-dump", str(dump))
    assert result.exit_code == 0, result.output
    original, copy = quads_of(store), quads_of(restored)
    assert same_dataset(original, copy)
    assert count(restored) == count(store)


def test_dump_keeps_blank_nodes_and_the_default_graph(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with open_store(f"oxigraph:{folder}") as s:
        s.update('INSERT DATA { <urn:a> <urn:b> "default graph" . '
                 'GRAPH <urn:g> { _:x <urn:b> "line\\nbreak", "é\\"q" . <urn:a> <urn:c> _:x } }')
    dump = tmp_path / "d.nq"
    assert run("--store", str(folder), "dump", "-o", str(dump)).exit_code == 0
    restored = tmp_path / "restored"
    assert run("--store", str(restored), "restore", "--from-dump", str(dump)).exit_code == 0
    assert same_dataset(quads_of(folder), quads_of(restored))
    assert count(restored) == 4


def test_dump_to_stdout(store: Path) -> None:
    result = run("--store", str(store), "dump")
    assert result.exit_code == 0
    dataset = rdflib.Dataset()
    dataset.parse(data=result.stdout, format="nquads")
    assert len(dataset) == count(store)


def test_dump_replaces_a_symlink_and_leaves_its_target(store: Path, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("precious")
    link = tmp_path / "out.nq"
    link.symlink_to(target)
    assert run("--store", str(store), "dump", "-o", str(link)).exit_code == 0
    assert target.read_text() == "precious"
    assert not link.is_symlink() and link.stat().st_size > 0


def test_restore_after_a_killed_ingest_backup(tmp_path: Path, store: Path) -> None:
    """A backup copies a consistent store: restoring it and reopening works every time."""
    backup = tmp_path / "b"
    assert run("--store", str(store), "backup", str(backup)).exit_code == 0
    shutil.rmtree(store)
    assert run("--store", str(store), "restore", str(backup)).exit_code == 0
    assert count(store) == count(backup)
