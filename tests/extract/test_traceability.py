"""Every extracted event in the store leads back, by SPARQL, to its update, page and words."""
from __future__ import annotations

from paths import TESTS

from kg.ingest.pipeline import SourceSpec, ingest
from kg.query.named import run_named, run_sparql
from kg.store import open_store

PAGE = TESTS / "fixtures" / "extract" / "page-2024-03-14.txt"


def test_every_event_traces_to_update_page_and_evidence():
    text = PAGE.read_text(encoding="utf-8")
    with open_store("memory:") as store:
        result = ingest(store, [SourceSpec(PAGE, "2024-03-14")])
        assert result.events >= 10
        events = run_sparql(store, "SELECT ?e WHERE { ?e a ckg:Event }").column("e")
        assert len(events) == result.events
        for event in events:
            rows = run_named(store, "evidence-for-event", {"event": str(event)}).dicts()
            assert len(rows) == 1, event
            row = rows[0]
            assert row["pageLabel"] == PAGE.name
            assert row["heading"].startswith(("UPDATE", "ORIGINAL ENTRY"))
            assert text[row["start"]:row["end"]] == row["text"]
            assert row["graph"] and row["report"]


def test_claims_carry_who_made_them():
    with open_store("memory:") as store:
        ingest(store, [SourceSpec(PAGE, "2024-03-14")])
        text = "SELECT ?e ?who WHERE { ?e sem:accordingTo ?a . ?a rdfs:label ?who }"
        rows = run_sparql(store, text).dicts()
    assert any(r["who"] == "Ukrainian Air Force" for r in rows)
