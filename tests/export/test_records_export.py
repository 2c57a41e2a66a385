"""``kg export --format records``: the store's events back in the records contract, with
analysts' reviews applied, so that reviewed events become gold."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from paths import ROOT

from kg.cli import main
from kg.ops.workbench.review import Review, review_dataset
from kg.store import open_store

EXAMPLES = ROOT / "examples"


def run(store: Path, *args: str):
    return CliRunner().invoke(main, ["--store", f"oxigraph:{store}", *args])


def nquads(store: Path) -> list[str]:
    out = run(store, "export", "--format", "nquads")
    assert out.exit_code == 0, out.output
    return sorted(out.output.splitlines())


@pytest.fixture
def sample(tmp_path) -> Path:
    store = tmp_path / "store"
    assert run(store, "ingest", "--manifest", str(EXAMPLES / "manifest.json")).exit_code == 0
    assert run(store, "ingest", str(EXAMPLES / "records.json")).exit_code == 0
    return store


def exported(store: Path, *args: str) -> list[dict]:
    out = run(store, "export", "--format", "records", *args)
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


def test_the_records_read_back_give_the_same_graph(sample, tmp_path):
    docs = exported(sample)
    assert [d["source"] for d in docs] == sorted(d["source"] for d in docs)
    # the 22 March page tells the Zaporizhzhia strike at 0715 and again at 0940: the round trip
    # carries the second update's report link and words too
    told = [(u["heading"], a) for d in docs for u in d["updates"] for e in u["events"]
            for a in e.get("also_reported", [])]
    assert [(h, a["heading"]) for h, a in told] == [("UPDATE 0715 GMT", "UPDATE 0940 GMT")]
    assert told[0][1]["evidence"]["text"].startswith("The death toll in Zaporizhzhia has risen to two.")
    again = tmp_path / "again"
    for i, doc in enumerate(docs):
        path = tmp_path / f"doc-{i}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        out = run(again, "ingest", "--kind", "records", str(path))
        assert out.exit_code == 0, out.output
    assert nquads(again) == nquads(sample)


def events_of(docs: list[dict]) -> list[dict]:
    return [e for d in docs for u in d["updates"] for e in u["events"]]


def review(store: Path, event: str, verdict: str, **values) -> None:
    with open_store(f"oxigraph:{store}") as s:
        dataset, _ = review_dataset(Review(event, verdict, "Analyst One", values))
        s.add_dataset(dataset, replace_graphs=False)


def event_iris(store: Path) -> list[str]:
    out = run(store, "query", "-e", "SELECT ?e WHERE { ?e a ckg:Event ; ckg:killed ?k } ORDER BY ?e",
              "--format", "csv")
    assert out.exit_code == 0, out.output
    return out.output.split()[1:]


def test_reviews_apply_and_rejected_events_are_left_out(sample):
    before = events_of(exported(sample))
    corrected, rejected = event_iris(sample)[:2]
    review(sample, corrected, "corrected", killed=41)
    review(sample, rejected, "rejected")
    after = events_of(exported(sample))
    assert len(after) == len(before) - 1
    reviewed = [e for e in after if "review" in e]
    assert len(reviewed) == 1
    assert reviewed[0]["killed"] == 41
    assert reviewed[0]["review"]["verdict"] == "corrected"
    assert reviewed[0]["review"]["analyst"] == "Analyst One"
    assert reviewed[0]["review"]["corrected"] == ["killed"]


def test_reviewed_only_writes_the_gold(sample):
    accepted = event_iris(sample)[0]
    review(sample, accepted, "accepted")
    docs = exported(sample, "--reviewed-only")
    events = events_of(docs)
    assert len(events) == 1 and events[0]["review"]["verdict"] == "accepted"
    assert len(docs) == 1  # pages without a reviewed event are left out


def test_reviewed_only_needs_the_records_format(sample):
    out = run(sample, "export", "--format", "geojson", "--reviewed-only")
    assert out.exit_code == 2
    assert "--reviewed-only goes with --format records" in out.output


def test_acled_rows_come_back_with_every_column_in_extra(tmp_path):
    import csv

    quirks = ROOT / "tests" / "fixtures" / "acled" / "quirks.csv"
    store = tmp_path / "store"
    assert run(store, "ingest", str(quirks)).exit_code == 0
    extras = {e["extra"]["event_id_cnty"]: e["extra"] for e in events_of(exported(store))}
    rows = list(csv.DictReader(quirks.open(encoding="utf-8", newline="")))
    assert extras == {row["event_id_cnty"]: row for row in rows}
