"""Property-based tests: any input gives conforming records or a clean KGError, never a crash.

Hypothesis drives the readers (bytes, page text, records JSON, ACLED CSV) and the extractor;
``scripts/fuzz.py`` (``make fuzz``: 10,000 inputs) mutates the development pages, and a short
run of it is part of the suite. The hypothesis database is off, so no files are written.
"""
from __future__ import annotations

import importlib.util
import io
import json
import string
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import ROOT

from kg.errors import InputError, KGError

FUZZ = settings(max_examples=40, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _fuzz_module():
    spec = importlib.util.spec_from_file_location("kg_fuzz_script", ROOT / "scripts" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


fuzz = _fuzz_module()

NEWS_WORDS = ["UPDATE 1308 GMT:", "ORIGINAL ENTRY:", "killed", "injured", "wounded", "Russian", "Ukrainian",
              "shelling", "drone", "missile", "Kharkiv", "Odesa", "Kherson", "Donetsk", "region", "two",
              "three", "12", "1,000", "civilians", "on", "Wednesday", "last", "week", "Patriot", "Shahed",
              "shot", "down", "of", "the", "in", "and", ".", ",", "\n", "\n\n", "Zelenskyy", "visited",
              "sanctions", "aid", "$400", "million", "at", "least", "-", "—", "“", "”"]

news_text = st.lists(st.sampled_from(NEWS_WORDS) | st.text(max_size=8), max_size=120).map(" ".join)
any_text = st.text(max_size=1500) | news_text
page_date = st.sampled_from(["2024-02-17", "2024-06-20", "2000-01-01"])


def _must_behave(data: bytes, published: str | None) -> None:
    found = fuzz.check(data, published)
    assert found is None, f"{found.kind}: {found.summary}\ninput: {found.data[:300]!r}"


@FUZZ
@given(data=st.binary(max_size=2000))
def test_any_bytes_decode_or_are_refused(data: bytes) -> None:
    from kg.sources.textfile import decode_bytes

    try:
        text = decode_bytes(data, "x.txt")
    except InputError:
        return
    assert isinstance(text, str) and "\r" not in text


@FUZZ
@given(text=any_text, published=page_date)
def test_any_page_text_gives_conforming_records_or_a_clean_error(text: str, published: str) -> None:
    _must_behave(text.encode("utf-8", "surrogatepass"), published)


@FUZZ
@given(text=any_text, published=page_date)
def test_update_spans_point_into_the_page(text: str, published: str) -> None:
    from kg.sources.liveblog import read_liveblog

    try:
        doc = read_liveblog(text, "x.txt", published)
    except KGError:
        return
    for update in doc.updates:
        if update.start is not None and update.end is not None:
            assert 0 <= update.start <= update.end <= len(text)


json_scalars = (st.none() | st.booleans() | st.integers(-10**6, 10**7) | st.floats(allow_nan=True)
                | st.text(max_size=12))
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)
event_like = st.fixed_dictionaries({}, optional={
    "type": st.sampled_from(["Shelling", "AirStrike", "Picnic", "", "Attack"]) | json_values,
    "date": st.sampled_from(["2024-03-01", "2024-13-01", "2024", "2024-02", "0001-01-01"]) | json_values,
    "locations": st.lists(st.sampled_from(["Kharkiv", "Odesa"]) | json_values, max_size=3),
    "actors": st.lists(st.fixed_dictionaries({"name": st.sampled_from(["Russia", "Ukraine"])}, optional={
        "kind": st.sampled_from(["State", "Person", "Alien"]),
        "role": st.sampled_from(["attacker", "target", "chef"])}) | json_values, max_size=3),
    "equipment": st.lists(st.fixed_dictionaries({"name": st.text(max_size=10)}, optional={
        "quantity": st.integers(-5, 10**6) | json_values, "destroyed": st.integers(-5, 10**6)}), max_size=2),
    "killed": st.integers(-10, 10**7) | json_values,
    "injured": st.integers(-10, 10**7) | json_values,
    "civilian": json_values,
    "confidence": st.floats(allow_nan=True) | json_values,
    "evidence": st.text(max_size=30) | json_values,
    "date_precision": st.sampled_from(["day", "month", "century"]) | json_values,
})


@FUZZ
@given(value=json_values | st.lists(event_like, max_size=4) | st.fixed_dictionaries(
    {"events": st.lists(event_like, max_size=4)}))
def test_any_records_json_maps_and_validates_or_is_refused(value) -> None:
    from kg.rdf.mapping import document_to_dataset
    from kg.sources.curated import records_from_value
    from kg.validation.shapes import validate_graph

    try:
        doc = records_from_value(value, "r.json", "r.json")
    except InputError:
        return
    validate_graph(document_to_dataset(doc))  # conforming or not, never an exception


@FUZZ
@given(text=st.text(max_size=400))
def test_any_records_file_text_is_read_or_refused(text: str) -> None:
    from kg.sources.curated import read_records

    with tempfile.TemporaryDirectory() as folder:
        for name in ("r.json", "r.jsonl"):
            path = Path(folder) / name
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            try:
                read_records(path)
            except InputError as exc:
                assert name in str(exc)


ACLED_HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
                "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,"
                "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
                "notes,fatalities,tags,timestamp")
csv_cell = st.text(alphabet=string.printable, max_size=12) | st.sampled_from(
    ["2024-03-07", "Shelling/artillery/missile attack", "Air/drone strike", "Armed clash", "1", "-1", "50.2"])


@FUZZ
@given(rows=st.lists(st.lists(csv_cell, min_size=0, max_size=33), max_size=5), skip=st.booleans())
def test_any_acled_csv_is_read_or_refused(rows, skip: bool) -> None:
    import csv

    from kg.sources.acled import read_acled

    out = io.StringIO()
    out.write(ACLED_HEADER + "\n")
    csv.writer(out).writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        try:
            read_acled(path, skip_invalid=skip)
        except InputError as exc:
            assert not skip or "row" not in str(exc)


def test_scripted_fuzz_run_finds_no_crash() -> None:
    """A short run of scripts/fuzz.py (the full 10,000 is `make fuzz`)."""
    out = io.StringIO()
    findings = fuzz.run(60, seed=0, out=out)
    crashes = [f for f in findings if f.kind == "crash"]
    print(out.getvalue().strip())
    assert not crashes, out.getvalue()


def test_more_destroyed_than_launched_still_conforms() -> None:
    text = ("UPDATE 1815 GMT:\n\nUkraine’s Air Force says Russia launched 99 missiles and 64 Shahed drones "
            "overnight.\n\nAir defences shot down 38 of the missiles and 65 of the drones.\n")
    _must_behave(text.encode("utf-8"), "2024-03-22")


def test_findings_can_be_saved(tmp_path: Path) -> None:
    module = fuzz
    finding = module.Finding("crash", "x", b"abc", None)
    assert finding.data == b"abc"
    assert json.dumps(finding.summary)
