"""Extraction quality, scored with the project's scorer against annotated pages.

The development pages and the scorer live in ``../shared`` (skipped where it is absent);
the pages in ``tests/fixtures/extract`` are the project's own, written for these tests.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from paths import TESTS

from kg.ingest.pipeline import SourceSpec, load_document
from kg.records import document_to_dict

HERE = TESTS
SHARED = HERE.parent.parent / "shared"
SCORER = SHARED / "eval" / "score_events.py"
OWN = HERE / "fixtures" / "extract"


def _scorer():
    if not SCORER.is_file():
        pytest.skip(f"no scorer at {SCORER}")
    spec = importlib.util.spec_from_file_location("score_events", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score(pairs: list[tuple[Path, str, Path]], aliases: Path | None = None) -> dict:
    scorer = _scorer()
    if aliases is not None and aliases.is_file():
        scorer.load_aliases(str(aliases))
    tally, misses = scorer.Tally(), []
    for page, published, gold in pairs:
        doc = load_document(SourceSpec(page, published), kind="liveblog")
        records = document_to_dict(doc)
        scorer.score_document(records, json.loads(gold.read_text(encoding="utf-8")), tally, misses)
    result = scorer.summary(tally)
    print(json.dumps(result, indent=1), *misses, sep="\n")
    return result


def _development_pairs() -> list[tuple[Path, str, Path]]:
    manifest = SHARED / "corpus" / "manifest.json"
    if not manifest.is_file():
        pytest.skip(f"no development corpus at {manifest.parent}")
    docs = json.loads(manifest.read_text(encoding="utf-8"))["documents"]
    return [(manifest.parent / d["file"], d["published"], manifest.parent / d["gold"]) for d in docs]


def test_development_pages_meet_the_quality_bar():
    result = _score(_development_pairs())
    assert result["f1"] >= 0.95
    assert result["killed_exact"] >= 0.95
    assert result["injured_exact"] >= 0.95
    assert result["date_exact"] >= 0.95


OWN_SETS = {
    # the first pages written beside the rules
    "2024": (("2024-03-14", "2024-05-01", "2024-05-22"),
             {"f1": 0.9, "date_exact": 0.9, "killed_exact": 0.9, "locations_precision": 0.9}),
    # five outlets' styles (timestamped updates, timestamped blocks, key developments, a list of
    # key events): shelling, glide bombs, missiles, drones both ways, claims of captures, aid,
    # sanctions, visits, and text that reports no event
    "other-styles": (("2023-11-25", "2024-02-17", "2024-08-27", "2025-03-12", "2025-06-02"),
                     {"f1": 0.95, "date_exact": 0.9, "killed_exact": 0.9, "injured_exact": 0.9,
                      "locations_precision": 0.9, "actors_precision": 0.85}),
    # annotated before the extractor first read them (first-run scores in the README; each bar
    # a little below what the rules reach now): a wire-agency roundup with a dateline, a live
    # page of timestamped posts with analysis and a wrap-up, a daily summary of regional
    # authorities' reports and front-line assessments
    "unseen-1": (("2024-10-09", "2024-12-18", "2025-01-29"),
                 {"f1": 0.9, "date_exact": 0.95, "killed_exact": 0.8, "injured_exact": 0.9,
                  "locations_precision": 0.8, "actors_precision": 0.85}),
    # the same, a second set: a regional news feed in the style of Ukrainian outlets (datelines,
    # casualty lists by settlement, day tallies), a wire bulletin of Russian official claims
    # (Russian spellings, "liberated", interceptions by region, claimed totals that are no
    # events) and a think-tank daily assessment (geolocated advances, hedged analysis)
    "unseen-2": (("2024-07-04", "2024-11-21", "2025-04-16"),
                 {"f1": 0.84, "date_exact": 0.95, "killed_exact": 0.95, "injured_exact": 0.8,
                  "locations_precision": 0.75, "actors_precision": 0.85}),
    # a third set: a live blog of equipment-heavy reporting (air-defence nights, sea drones,
    # long-range missiles, aid lists), a page whose key points and recaps repeat the posts below,
    # and a digest of diplomacy beside Russian official claims (groupings of forces, FSB, Akhmat)
    "unseen-3": (("2024-09-02", "2024-11-29", "2025-02-24"),
                 {"f1": 0.88, "date_exact": 0.9, "killed_exact": 0.95, "injured_exact": 0.85,
                  "locations_precision": 0.78, "actors_precision": 0.8, "equipment_precision": 0.7}),
    # a fourth set (first-run scores in the README, each bar a little below what the rules reach
    # now): translated Telegram posts of officials (short timed posts, alerts that are no
    # event yet, "the enemy"), a long-form newspaper article (background of past years, quotes,
    # threats, dated past strikes) and a UN monthly update (monthly and regional totals that are
    # no events beside dated incidents)
    "unseen-4": (("2024-06-07", "2025-05-09", "2024-12-06"),
                 {"f1": 0.84, "date_exact": 0.88, "killed_exact": 0.92, "injured_exact": 0.9,
                  "locations_precision": 0.9, "actors_precision": 0.78}),
}


@pytest.mark.parametrize("name", list(OWN_SETS))
def test_own_pages_meet_their_bar(name: str):
    dates, bars = OWN_SETS[name]
    result = _score([(OWN / f"page-{d}.txt", d, OWN / f"page-{d}.gold.json") for d in dates])
    below = {measure: result[measure] for measure, bar in bars.items() if result[measure] < bar}
    assert not below, below


def test_every_own_page_is_in_a_set():
    named = {d for dates, _ in OWN_SETS.values() for d in dates}
    assert named == {p.stem.removeprefix("page-") for p in OWN.glob("page-*.txt")}


REALDEV = HERE / "fixtures" / "realdev"
ALIASES = SHARED / "corpus" / "real" / "aliases.txt"

# real reporting, scored with the shared set's aliases; each bar a little below what the rules
# reach now (docs/extraction-quality.md has the first runs; the target is 0.90 for event F1 and
# for killed and injured exact)
REAL_SETS = {
    "realdev round 1": ([REALDEV / f for f in ("wires", "ukrainian", "russian", "live", "institutional")],
                        {"f1": 0.82, "killed_exact": 0.86, "injured_exact": 0.8, "date_exact": 0.85,
                         "equipment_precision": 0.74}),
    "realdev round 2": ([REALDEV / "outlets-2", REALDEV / "kinds-2"],
                        {"f1": 0.81, "killed_exact": 0.65, "date_exact": 0.8, "equipment_precision": 0.6}),
    "realdev round 3": ([REALDEV / "week-3", REALDEV / "live-3"],
                        {"f1": 0.745, "killed_exact": 0.77, "injured_exact": 0.85, "date_exact": 0.9}),
    "realdev round 4": ([REALDEV / "wires-live-4", REALDEV / "recent-4"],
                        {"f1": 0.77, "killed_exact": 0.95, "injured_exact": 0.9, "date_exact": 0.84}),
    "realdev round 5": ([REALDEV / "live-5", REALDEV / "news-5"],
                        {"f1": 0.785, "injured_exact": 0.84, "date_exact": 0.9, "equipment_precision": 0.62}),
    "realdev round 6": ([REALDEV / "regional-6", REALDEV / "outlets-6"],
                        {"f1": 0.82, "killed_exact": 0.83, "injured_exact": 0.76, "date_exact": 0.92,
                         "equipment_precision": 0.7}),
    "realdev round 7": ([REALDEV / "live-7", REALDEV / "news-7"],
                        {"f1": 0.71, "date_exact": 0.9}),
    # rounds 8 and 9: first runs 0.721 and 0.629 (docs/extraction-quality.md)
    "realdev round 8": ([REALDEV / "live-8", REALDEV / "news-8"],
                        {"f1": 0.74, "killed_exact": 0.95, "injured_exact": 0.95, "date_exact": 0.95}),
    "realdev round 9": ([REALDEV / "wires-9", REALDEV / "outlets-9"],
                        {"f1": 0.655, "killed_exact": 0.85, "injured_exact": 0.79, "date_exact": 0.82}),
    "shared real": ([SHARED / "corpus" / "real"],
                    {"f1": 0.85, "killed_exact": 0.9, "injured_exact": 0.9, "date_exact": 0.83,
                     "equipment_precision": 0.75}),
}


def _manifest_pairs(folder: Path) -> list[tuple[Path, str, Path]]:
    if not (folder / "manifest.json").is_file():
        pytest.skip(f"no corpus at {folder}")
    docs = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["documents"]
    return [(folder / d["file"], d["published"], folder / d["gold"]) for d in docs]


@pytest.mark.parametrize("name", list(REAL_SETS))
def test_real_reporting_holds_its_level(name: str):
    folders, bars = REAL_SETS[name]
    result = _score([pair for folder in folders for pair in _manifest_pairs(folder)], ALIASES)
    below = {measure: result[measure] for measure, bar in bars.items() if result[measure] < bar}
    assert not below, below


def test_cli_json_is_the_records_document(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    page = OWN / "page-2024-03-14.txt"
    out = CliRunner().invoke(main, ["extract", str(page), "--date", "2024-03-14", "--format", "json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    assert doc["published"] == "2024-03-14"
    assert doc["updates"][0]["heading"] == "UPDATE 1710 GMT"
    assert doc["updates"][0]["timestamp"].startswith("2024-03-14T17:10")
    events = [e for u in doc["updates"] for e in u["events"]]
    required = {"type", "date", "locations", "actors", "equipment", "killed", "injured", "evidence"}
    assert required <= set(events[0])
    text = page.read_text(encoding="utf-8")
    for e in events:
        ev = e["evidence"]
        assert ev["text"].split()[0] in text[ev["start"]:ev["end"]]


_EXTRACT_ALL = """
import json, sys
from pathlib import Path
from kg.ingest.pipeline import SourceSpec, load_document
from kg.records import document_to_dict
pages = sorted(Path(sys.argv[1]).glob("page-*.txt"))
print(json.dumps([document_to_dict(load_document(SourceSpec(p, p.stem[-10:]), kind="liveblog"))
                  for p in pages]))
"""


def test_extraction_is_the_same_whatever_the_hash_seed():
    """Python orders sets of strings differently from run to run; nothing extracted may follow
    that order (the hosts of a visit once did)."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", _EXTRACT_ALL, str(OWN)], env=env,
                             capture_output=True, text=True, check=True)
        outputs.append(run.stdout)
    assert json.loads(outputs[0]) and outputs[0] == outputs[1]
