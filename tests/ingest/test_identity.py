"""Event identity: reports of one occasion become one event, in the graph, the queries and the
exports; other occasions stay apart; re-ingesting changes nothing (kg.ingest.identity,
kg.ingest.occasions, docs/model.md)."""
from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from paths import FIXTURES, SHARED

from kg.cli import main
from kg.ingest.identity import Account, compare
from kg.ingest.occasions import accounts_of, occasion_of
from kg.ingest.pipeline import SourceSpec, ingest
from kg.namespaces import sparql_prefixes
from kg.query.named import run_named
from kg.rdf.mapping import document_to_dataset
from kg.records import document_from_dict
from kg.store import open_store
from kg.store.terms import rdflib_quads

IDENTITY = FIXTURES / "identity"
PRESS = IDENTITY / "press-2024-06-20.json"
MONITOR = IDENTITY / "monitor-2024-06-21.json"
PAIRS = IDENTITY / "pairs.json"
NEXT_DAY = IDENTITY / "next-day" / "eaworldview-2024-06-21.txt"
DEV_PAGES = [SHARED / "corpus" / "live-blogs" / f"eaworldview-{day}.txt"
             for day in ("2024-01-11", "2024-06-20")]

OCCASION_FIGURES = """SELECT ?occasion ?best ?low ?high (COUNT(DISTINCT ?account) AS ?accounts) WHERE {
  ?occasion a ckg:Occasion ; ckg:hasAccount ?account ; ckg:killedBest ?best ;
            ckg:killedLow ?low ; ckg:killedHigh ?high } GROUP BY ?occasion ?best ?low ?high"""


REPORTS = "SELECT (COUNT(*) AS ?n) WHERE { ?e a ckg:Event ; prov:wasDerivedFrom ?r }"


def kg(store, *args: str) -> str:
    out = CliRunner().invoke(main, ["--store", f"oxigraph:{store}", *args])
    assert out.exit_code == 0, out.output
    return out.output


def events_at(store, place: str) -> list[tuple]:
    return [(r[1], str(r[2]), r[4], r[5]) for r in run_named(store, "events-at-place", {"place": place}).rows]


@pytest.fixture(scope="module")
def two_sources(tmp_path_factory):
    """An on-disk store of the issue's two records files, ingested one after the other."""
    folder = tmp_path_factory.mktemp("identity") / "store"
    kg(folder, "ingest", str(PRESS))
    kg(folder, "ingest", str(MONITOR))
    return folder


def test_one_strike_told_by_two_sources_is_one_event(two_sources):
    with open_store(f"oxigraph:{two_sources}", read_only=True) as store:
        rows = store.query(sparql_prefixes() + OCCASION_FIGURES).rows
        assert len(rows) == 1
        _, best, low, high, accounts = rows[0]
        assert (best, low, high, accounts) == (3, 1, 3, 2)
        for engine in ("sparql", "tables"):
            rows = run_named(store, "events-at-place", {"place": "Kostiantynivka"}, engine=engine).rows
            got = [(r[1], str(r[2]), r[4], r[5]) for r in rows]
            assert got == [("AirStrike", "2024-06-20", 3, 4), ("AirStrike", "2024-06-21", None, 2)], engine


def test_the_other_day_the_neighbouring_town_and_the_shelling_stay_apart(two_sources):
    with open_store(f"oxigraph:{two_sources}", read_only=True) as store:
        for engine in ("sparql", "tables"):
            by_type = dict((r[0], r[1]) for r in run_named(store, "events-by-type", engine=engine).rows)
            assert by_type == {"AirStrike": 3, "Shelling": 1}, engine
        assert events_at(store, "Druzhkivka") == [("AirStrike", "2024-06-20", None, 2)]
        assert events_at(store, "Chasiv Yar") == [("Shelling", "2024-06-21", 1, None)]


def test_the_acled_export_has_one_row_per_event(two_sources):
    rows = list(csv.DictReader(io.StringIO(kg(two_sources, "export", "--format", "acled-csv"))))
    assert len(rows) == 4
    kostiantynivka = [r for r in rows
                      if r["location"] == "Kostiantynivka" and r["event_date"] == "2024-06-20"]
    assert [r["fatalities"] for r in kostiantynivka] == ["3"]
    features = json.loads(kg(two_sources, "export", "--format", "geojson"))["features"]
    assert len(features) == 4


def test_conflicting_figures_are_the_reports_of_one_event(two_sources):
    with open_store(f"oxigraph:{two_sources}", read_only=True) as store:
        for engine in ("sparql", "tables"):
            rows = run_named(store, "conflicting-figures", engine=engine).dicts()
            assert [(r["placeLabel"], sorted([r["killed1"], r["killed2"]])) for r in rows] == \
                [("Kostiantynivka", [1, 3])], engine


def test_reingesting_both_files_changes_nothing(two_sources, tmp_path):
    with open_store(f"oxigraph:{two_sources}", read_only=True) as store:
        before = store.triple_count()
    out = kg(two_sources, "ingest", str(MONITOR), str(PRESS))
    assert f"triples {before} -> {before} (+0)" in out


def test_the_occasion_keeps_every_report_and_says_why(two_sources):
    with open_store(f"oxigraph:{two_sources}", read_only=True) as store:
        kost = [a for a in accounts_of(store).values() if a.date and a.date.isoformat() == "2024-06-20"
                and a.killed in (1, 3)]
        occasion = occasion_of(store, kost[0].iri)
        assert occasion is not None and {a.iri for a in occasion.accounts} == {a.iri for a in kost}
        assert occasion.lead.killed == 3  # the later report
        (match,) = occasion.matches
        assert match.rule.startswith("same-type+same-day+same-place") and match.score >= 0.7


def test_one_update_never_merges_its_own_events():
    a = Account("urn:a", "urn:r", "AirStrike", places=frozenset({"urn:k"}))
    b = Account("urn:b", "urn:r", "AirStrike", places=frozenset({"urn:k"}))
    assert compare(a, b).rule == "one-report"


# ---------------------------------------------------------------- labelled pairs


def _pair_accounts(pair: dict) -> list[Account]:
    """The two reports of a labelled pair, mapped as ingest maps them and read back as accounts.
    ACLED rows' ``extra`` values are strings, as the CSV reader gives them."""
    store = ox.Store()
    for side in ("a", "b"):
        report = pair[side]
        event = dict(report["event"])
        if "extra" in event:
            event["extra"] = {k: str(v) for k, v in event["extra"].items()}
        doc = document_from_dict({
            "source": report["source"], "publisher": report.get("publisher"),
            "published": report.get("published"),
            "updates": [{"heading": report.get("heading") or "Report", "timestamp": report.get("timestamp"),
                         "events": [event]}]})
        store.extend(rdflib_quads(document_to_dataset(doc)))
    return list(accounts_of(store).values())


def test_labelled_pairs_score_precision_and_recall_of_at_least_095():
    pairs = json.loads(PAIRS.read_text(encoding="utf-8"))["pairs"]
    assert len(pairs) >= 50
    tp = fp = fn = 0
    wrong = []
    for pair in pairs:
        accounts = _pair_accounts(pair)
        assert len(accounts) == 2, pair["id"]
        same = compare(*accounts).same
        tp += same and pair["same"]
        fp += same and not pair["same"]
        fn += pair["same"] and not same
        if same != pair["same"]:
            wrong.append(pair["id"])
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall, wrong)


# ---------------------------------------------------------------- a next-day page


@pytest.mark.skipif(not all(p.is_file() for p in DEV_PAGES),
                    reason="the development pages are not in ../shared")
def test_a_next_day_page_adds_only_its_new_events(tmp_path):
    def occasions(store) -> int:
        return dict(run_named(store, "stats").rows)["events"]

    with open_store(f"oxigraph:{tmp_path / 'store'}") as store:
        ingest(store, [SourceSpec(p) for p in DEV_PAGES])
        before = occasions(store)
        result = ingest(store, [SourceSpec(NEXT_DAY)])
        assert occasions(store) - before == 2
        assert result.joined >= 2  # the restated strike and aid decision joined the 20th's events
        triples = store.triple_count()
        ingest(store, [SourceSpec(p) for p in [*DEV_PAGES, NEXT_DAY]])
        assert store.triple_count() == triples
        assert occasions(store) == before + 2


# ---------------------------------------------------------------- across sources


def test_an_acled_row_and_a_press_report_of_one_strike_are_one_event(tmp_path):
    """The ACLED file streams in (the bulk path) after the press report: its row of the
    Kostiantynivka strike (a town ACLED names without a GeoNames id) joins the press account,
    so the two codings can be compared; the Kharkiv row stays its own event."""
    store = tmp_path / "store"
    kg(store, "ingest", str(PRESS))
    kg(store, "ingest", str(IDENTITY / "acled-2024-06.csv"))
    with open_store(f"oxigraph:{store}", read_only=True) as opened:
        assert dict(run_named(opened, "stats").rows)["events"] == 3
        rows = opened.query(sparql_prefixes() + OCCASION_FIGURES).rows
        assert [(best, low, high, n) for _, best, low, high, n in rows] == [(1, 1, 3, 2)]
        pairs = run_named(opened, "conflicting-figures", engine="tables").dicts()
        assert sorted([pairs[0]["killed1"], pairs[0]["killed2"]]) == [1, 3]
        triples = opened.triple_count()
    kg(store, "ingest", str(IDENTITY / "acled-2024-06.csv"))
    kg(store, "ingest", str(PRESS))
    with open_store(f"oxigraph:{store}", read_only=True) as opened:
        assert opened.triple_count() == triples


# ---------------------------------------------------------------- an analyst's undo


def test_an_analyst_splits_an_account_off_and_merges_it_back(tmp_path):
    store = tmp_path / "store"
    kg(store, "ingest", str(PRESS))
    kg(store, "ingest", str(MONITOR))

    def count() -> int:
        with open_store(f"oxigraph:{store}", read_only=True) as opened:
            return dict(run_named(opened, "stats").rows)["events"]

    with open_store(f"oxigraph:{store}", read_only=True) as opened:
        lead = run_named(opened, "events-at-place", {"place": "Kostiantynivka"}).rows[0][0]
        (other,) = [a.iri for a in occasion_of(opened, lead).accounts if a.iri != lead]
        reports = opened.query(sparql_prefixes() + REPORTS).rows
    shown = kg(store, "events", "same", lead)
    assert "2 reports" in shown and "same-type+same-day+same-place" in shown
    assert count() == 4
    kg(store, "events", "split", other, "--analyst", "A. Analyst")
    assert count() == 5
    assert "no other report tells this event" in kg(store, "events", "same", lead)
    kg(store, "ingest", str(PRESS))  # matching again keeps the analyst's decision
    assert count() == 5
    kg(store, "events", "merge", lead, other, "--analyst", "A. Analyst")
    assert count() == 4
    assert "analyst-same" in kg(store, "events", "same", other)
    with open_store(f"oxigraph:{store}", read_only=True) as opened:  # no report was lost or changed
        assert opened.query(sparql_prefixes() + REPORTS).rows == reports
    out = CliRunner().invoke(main, ["--store", f"oxigraph:{store}", "events", "split", "id:event/nothing",
                                    "--analyst", "A. Analyst"])
    assert out.exit_code == 2 and "no event" in out.output


# ---------------------------------------------------------------- a document matched in the tables


def test_an_acled_file_is_matched_alike_from_the_tables_and_from_the_graph(tmp_path):
    """A second source restating an ACLED file (some rows with a month for a date, one a day
    later, one elsewhere) is matched from the analytics tables as the graph matches it: the
    same occasions, with the same accounts and matches. Among them, a drone strike on Izmail
    the first file dates by its month meets the second's account of it on a later day of that
    month, found only by the month (the second file also dates it by the month, later on)."""
    import shutil

    from kg.ingest.bulk import bulk_ingest
    from kg.ingest.occasions import match_document
    from kg.namespaces import page_iri

    with open(FIXTURES / "acled" / "realistic.csv", newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    izmail = rows[2]
    assert (izmail["location"], izmail["event_date"], izmail["time_precision"]) == \
        ("Izmail", "2024-03-07", "2")
    shelled = [dict(rows[0], event_id_cnty=f"UKR99{day}", location="Izmail", admin1=izmail["admin1"],
                    admin2=izmail["admin2"], latitude=izmail["latitude"], longitude=izmail["longitude"],
                    event_date=f"2024-03-{day}") for day in (15, 20)]
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    restated = []
    for n, row in enumerate(rows):
        row = dict(row, event_id_cnty=f"SECOND{n:04d}", source="Second Monitor")
        if n % 3 == 0:
            row["time_precision"] = "2"
        if n == 4:
            row["event_date"] = f"{row['event_date'][:8]}{int(row['event_date'][8:]) + 1:02d}"
        if n == 7:
            row["location"], row["admin2"] = "Kyiv", ""
        if n == 2:
            restated.append(dict(row, event_date="2024-03-15", time_precision="1"))
            row.update(event_id_cnty="SECOND9999", event_date="2024-03-20")
        restated.append(row)
    for path, content in ((first, rows + shelled), (second, restated)):
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=fields)
            writer.writeheader()
            writer.writerows(content)
    built = tmp_path / "built"
    with open_store(f"oxigraph:{built}") as store:
        bulk_ingest(store, first)
        bulk_ingest(store, second)
        (account,), = store.query(sparql_prefixes() + f"""SELECT ?e WHERE {{
            ?e ckg:date "2024-03-07"^^xsd:date ; ckg:datePrecision ckgt:precision-month ;
               prov:wasDerivedFrom/dcterms:isPartOf <{page_iri(first.name)}> }}""").rows
    plans = []
    for answer in ("tables", "graph"):
        folder = tmp_path / answer
        shutil.copytree(built, folder)
        with open_store(f"oxigraph:{folder}") as store:
            assert store.tables() is not None
            if answer == "graph":
                store.tables = lambda: None
            plan = match_document(store, second.name)
        plans.append((plan.joined, sorted(plan.nquads().decode().splitlines())))
    assert plans[0][0] >= 20
    assert sum(f"hasAccount> <{account}>" in line for line in plans[0][1]) == 1
    assert plans[0] == plans[1]
