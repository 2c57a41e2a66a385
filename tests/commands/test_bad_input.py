"""Bad input through the CLI: one clear line naming the file (and where), a non-zero exit,
never a traceback, and the store unchanged.

Inputs are generated in a temporary folder; the large ones (a 200 MB page, a 10 MB line) are
written on the fly and skipped when the disk is short.
"""
from __future__ import annotations

import codecs
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from paths import ROOT, TESTS

from kg.cli import main
from kg.store import open_store

FIXTURES = TESTS / "fixtures"
PAGE = (ROOT / "examples" / "pages" / "ukraine-2024-02-17.txt").read_text("utf-8")
EVENT = {"type": "Shelling", "date": "2024-03-01", "locations": ["Kharkiv"],
         "actors": [{"name": "Russia", "kind": "State", "role": "attacker"}]}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An on-disk store holding the records fixture; every refusal must leave it as it was."""
    folder = tmp_path_factory.mktemp("bad-input") / "store"
    records = FIXTURES / "records" / "updates.json"
    result = CliRunner().invoke(main, ["--store", str(folder), "ingest", str(records)])
    assert result.exit_code == 0, result.output
    return str(folder)


def triples(store: str) -> int:
    with open_store(f"oxigraph:{store}", read_only=True) as s:
        return s.triple_count()


def refused(store: str, *args: str, code: int = 2) -> list[str]:
    """Run ``kg --store STORE ARGS``; check the refusal; return the error lines."""
    before = triples(store)
    result = CliRunner().invoke(main, ["--store", store, *args])
    assert result.exit_code == code, (result.exit_code, result.output)
    assert isinstance(result.exception, SystemExit | None), result.exception
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    lines = result.stderr.splitlines()
    assert lines and lines[0].startswith("kg: error: "), result.stderr
    assert all(line.startswith("  ") for line in lines[1:]), result.stderr  # details, indented
    assert triples(store) == before
    return lines


def accepted(store: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["--store", store, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# ------------------------------------------------------------------------ pages


def test_empty_page(store: str, tmp_path: Path) -> None:
    path = write(tmp_path / "empty-2024-03-01.txt", b"")
    line = refused(store, "ingest", str(path))[0]
    assert str(path) in line and "empty" in line


def test_whitespace_only_page(store: str, tmp_path: Path) -> None:
    path = write(tmp_path / "blank-2024-03-01.txt", b"  \n\n\t \n")
    line = refused(store, "ingest", str(path))[0]
    assert str(path) in line


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 20,
    b"\x89PNG\r\n\x1a\n" + bytes(2000),
    b"%PDF-1.7\n" + bytes(range(0, 32)) * 100,
], ids=["all-bytes", "png", "pdf"])
@pytest.mark.parametrize("name", ["page-2024-03-01.txt", "page-2024-03-01"])
def test_binary_file(store: str, tmp_path: Path, data: bytes, name: str) -> None:
    path = write(tmp_path / name, data)
    line = refused(store, "ingest", str(path))[0]
    assert str(path) in line and "not a text file" in line


@pytest.mark.parametrize("encoding", ["cp1251", "utf-16", "utf-16-le-bom", "utf-8-sig", "utf-32"])
def test_encodings_are_read(store: str, tmp_path: Path, encoding: str) -> None:
    text = ("UPDATE 1200 GMT: Russian shelling killed two civilians in Kharkiv.\n\n"
            "Украина: обстрел Харькова. Ukraine’s “air force” said.\n")
    if encoding == "utf-16-le-bom":
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    else:
        data = text.encode(encoding)
    path = write(tmp_path / f"page-{encoding}-2024-03-01.txt", data)
    out = json.loads(accepted(store, "extract", str(path), "--format", "json"))
    events = [e for u in out["updates"] for e in u["events"]]
    assert any(e["type"] == "Shelling" and e["killed"] == 2 for e in events), events


def test_html_instead_of_text(store: str, tmp_path: Path) -> None:
    html = ("<!DOCTYPE html><html><head><script>var x = '<p>UPDATE</p>';</script><style>p{}</style>"
            "</head><body><h1>Live</h1><p>UPDATE 1200 GMT: Russian shelling killed two civilians in "
            "Kharkiv.</p><hr><p>ORIGINAL ENTRY: A drone hit Odesa.</p></body></html>")
    path = write(tmp_path / "page-2024-03-01.txt", html)
    out = json.loads(accepted(store, "extract", str(path), "--format", "json"))
    assert all("<" not in u["heading"] for u in out["updates"])
    events = [e for u in out["updates"] for e in u["events"]]
    assert any(e["type"] == "Shelling" for e in events)


def test_html_instead_of_json(store: str, tmp_path: Path) -> None:
    path = write(tmp_path / "records.json", "<!DOCTYPE html><html><body>Not found</body></html>")
    line = refused(store, "ingest", str(path))[0]
    assert str(path) in line and "line 1, column 1" in line


def test_a_page_over_the_size_limit(store: str, tmp_path: Path) -> None:
    if shutil.disk_usage(tmp_path).free < 1_000_000_000:
        pytest.skip("less than 1 GB free for a 200 MB page")
    path = tmp_path / "huge-2024-03-01.txt"
    chunk = (PAGE + "\n\n").encode("utf-8")
    with path.open("wb") as f:
        for _ in range(200_000_000 // len(chunk) + 1):
            f.write(chunk)
    line = refused(store, "ingest", str(path))[0]
    assert str(path) in line and "too large" in line


# -------------------------------------------------------------------- records


@pytest.mark.parametrize("text, where", [
    ('{"events": [', "line 1, column 13"),
    ('{"events": [{"type": "Shelling",}]}', "line 1, column 33"),
    ("[1, 2]", "event 1"),
    ('{"events": [{"type": "Shelling", "killed": "two"}]}', "event 1"),
    ('{"events": [{"type": "Shelling", "locations": [{"lat": 1}]}]}', "event 1, locations[0]"),
    ('{"updates": {"a": 1}}', "top level"),
    ('{"nothing": []}', "top level"),
    ('"just a string"', "top level"),
    ("\ufeff\ufeff{}", "line 1"),
], ids=["truncated", "trailing-comma", "not-objects", "text-count", "nameless-place", "updates-dict",
        "no-events", "string", "double-bom"])
def test_malformed_records_json(store: str, tmp_path: Path, text: str, where: str) -> None:
    path = write(tmp_path / "records.json", text)
    line = refused(store, "ingest", str(path))[0]
    assert str(path) in line and where in line, line


def test_malformed_json_lines_row(store: str, tmp_path: Path) -> None:
    good = json.dumps(EVENT)
    path = write(tmp_path / "records.jsonl", f"{good}\n\n{good}\n{{\"type\": \"Shelling\", oops}}\n{good}\n")
    line = refused(store, "ingest", str(path))[0]
    assert str(path) in line and "line 4" in line


@pytest.mark.parametrize("date", ["2024-13-01", "2024-02-30", "24-03-01", "yesterday", "2024-03-01T10:00"])
def test_impossible_dates_are_rejected_by_the_shapes(store: str, tmp_path: Path, date: str) -> None:
    path = write(tmp_path / "records.jsonl", json.dumps({**EVENT, "date": date}))
    lines = refused(store, "ingest", str(path), code=1)
    assert str(path) in lines[0] and "nothing was written" in lines[0]
    assert any("date" in line for line in lines[1:])


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31"])
def test_out_of_range_years_are_rejected(store: str, tmp_path: Path, date: str) -> None:
    path = write(tmp_path / "records.jsonl", json.dumps({**EVENT, "date": date}))
    refused(store, "ingest", str(path), code=1)


@pytest.mark.parametrize("field", ["killed", "injured"])
def test_absurd_figures_are_rejected(store: str, tmp_path: Path, field: str) -> None:
    path = write(tmp_path / "records.jsonl", json.dumps({**EVENT, field: 10_000_000}))
    refused(store, "ingest", str(path), code=1)


@pytest.mark.parametrize("field, value", [("killed", -1), ("injured", -3), ("confidence", 7.5)])
def test_negative_or_impossible_numbers_are_rejected(store: str, tmp_path: Path, field: str, value) -> None:
    path = write(tmp_path / "records.jsonl", json.dumps({**EVENT, field: value}))
    lines = refused(store, "ingest", str(path), code=1)
    assert any(field in line for line in lines[1:]), lines


def test_huge_integer_is_refused_cleanly(store: str, tmp_path: Path) -> None:
    path = write(tmp_path / "records.jsonl", '{"type": "Shelling", "date": "2024-03-01", "killed": '
                 + "9" * 5000 + "}")
    result = CliRunner().invoke(main, ["--store", store, "ingest", str(path)])
    assert result.exit_code in (1, 2)
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output


def test_one_bad_file_among_good_ones_writes_nothing(store: str, tmp_path: Path) -> None:
    good = write(tmp_path / "good.jsonl", json.dumps(EVENT))
    bad = write(tmp_path / "bad.jsonl", json.dumps({**EVENT, "killed": -1}))
    lines = refused(store, "ingest", str(good), str(bad), code=1)
    assert str(bad) in lines[0]


# ------------------------------------------------------------------------ CSV


def test_malformed_csv_row_names_the_row_after_the_rows_before_it_went_in(tmp_path: Path) -> None:
    """An ACLED file streams: a malformed row stops it, and the rows before it stay written."""
    path, folder = FIXTURES / "acled" / "bad.csv", str(tmp_path / "store")
    result = CliRunner().invoke(main, ["--store", folder, "ingest", str(path)])
    assert result.exit_code == 2
    line = result.stderr.splitlines()[0]
    assert str(path) in line and "row 2 " in line and "line " in line
    assert triples(folder) > 0


def test_skip_invalid_csv_skips_and_reports(tmp_path: Path) -> None:
    folder = str(tmp_path / "store")
    result = CliRunner().invoke(main, ["--store", folder, "ingest", "--skip-invalid",
                                       str(FIXTURES / "acled" / "bad.csv")])
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.stderr.splitlines() if line.startswith("kg: skipped ")]
    assert skipped and all("bad.csv, row " in line for line in skipped)
    assert triples(folder) > 0


def _many_bad_rows(tmp_path: Path) -> Path:
    """The bad fixture's header and first (good) row, then 30 rows of a date nobody can read."""
    header, good, *rest = (FIXTURES / "acled" / "bad.csv").read_text("utf-8").splitlines()
    bad = [good.replace("TST1001,2024-03-07", f"TST9{i:03d},the {i}th of March") for i in range(30)]
    return write(tmp_path / "many.csv", "\n".join([header, good, *bad]) + "\n")


@pytest.mark.parametrize("bulk", [False, True], ids=["one-transaction", "bulk"])
def test_many_skipped_rows_are_counted_by_reason_and_logged_in_full(tmp_path: Path, bulk: bool) -> None:
    path, log = _many_bad_rows(tmp_path), tmp_path / "skipped.txt"
    args = ["--store", str(tmp_path / "store"), "ingest", "--skip-invalid", "--skipped-log", str(log)]
    result = CliRunner().invoke(main, [*args, *(["--bulk"] if bulk else []), str(path)])
    assert result.exit_code == 0, result.output
    named = [line for line in result.stderr.splitlines() if line.startswith("kg: skipped ")]
    assert len(named) == 11  # the first ten rows, then the count
    assert named[-1].startswith("kg: skipped 30 rows in all, 20 not shown")
    assert any(line.startswith("kg:   30 × ") for line in result.stderr.splitlines())
    logged = log.read_text("utf-8").splitlines()
    assert len(logged) == 30 and all("many.csv, row " in line for line in logged)
    assert triples(str(tmp_path / "store")) > 0


def test_an_unwritable_skipped_log_stops_the_ingest_before_it_writes(store: str, tmp_path: Path) -> None:
    path = _many_bad_rows(tmp_path)
    line = refused(store, "ingest", "--skip-invalid", "--skipped-log", str(tmp_path / "no" / "log.txt"),
                   str(path))[0]
    assert "skipped-rows log" in line


@pytest.mark.parametrize("text", [
    "not,a,header\n1,2,3\n",
    "event_id_cnty,event_date\n\"unterminated,2024-01-01\n",
    "event_id_cnty\n" + "x" * 200_000 + "\n",
], ids=["no-acled-columns", "unterminated-quote", "giant-field"])
def test_malformed_csv_file(store: str, tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "events.csv", text)
    line = refused(store, "ingest", str(path))[0]
    assert str(path) in line


# --------------------------------------------------------------------- other


def test_missing_file(store: str, tmp_path: Path) -> None:
    line = refused(store, "ingest", str(tmp_path / "nowhere.txt"))[0]
    assert "nowhere.txt" in line and "no such file" in line


def test_folder_given_as_file(store: str, tmp_path: Path) -> None:
    folder = tmp_path / "pages.txt"
    folder.mkdir()
    line = refused(store, "ingest", str(folder))[0]
    assert "pages.txt" in line


def test_malformed_manifest(store: str, tmp_path: Path) -> None:
    path = write(tmp_path / "manifest.json", '{"documents": [{"published": "2024-01-01"}]}')
    line = refused(store, "ingest", "--manifest", str(path))[0]
    assert str(path) in line and "document 1" in line


def test_unknown_event_type_in_records(store: str, tmp_path: Path) -> None:
    path = write(tmp_path / "records.jsonl", json.dumps({**EVENT, "type": "Picnic"}))
    lines = refused(store, "ingest", str(path), code=1)
    assert any("Picnic" in line for line in lines)


# ------------------------------------------------------------------ long lines

SLOW = pytest.mark.skipif(__import__("os").environ.get("KG_SLOW") != "1", reason="slow; set KG_SLOW=1")


def _long_line(path: Path, size: int) -> Path:
    words = PAGE.split()
    text = " ".join(words[i % len(words)] for i in range(size // 4))[:size]
    return write(path, text)


def test_a_10_mb_line_is_read_as_one_update(tmp_path: Path) -> None:
    from kg.sources import read_source

    path = _long_line(tmp_path / "line-2024-03-01.txt", 10_000_000)
    doc = read_source(path, published="2024-03-01")
    assert len(doc.updates) == 1 and len(doc.updates[0].text) > 9_000_000


def test_a_10_mb_line_in_json_is_refused_with_its_position(store: str, tmp_path: Path) -> None:
    path = write(tmp_path / "records.json", '{"events": [' + '{"type": "Shelling"}, ' * 500_000 + "oops]}")
    line = refused(store, "ingest", str(path))[0]
    assert str(path) in line and "line 1, column" in line


@SLOW
def test_a_10_mb_line_through_the_cli(store: str, tmp_path: Path) -> None:
    """The whole way (extract, map, validate): it finishes, or is refused in one line."""
    path = _long_line(tmp_path / "line-2024-03-01.txt", 10_000_000)
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "own-store"), "ingest", str(path)])
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.output and "internal error" not in result.output


@pytest.mark.parametrize("bulk", [False, True])
def test_an_acled_file_of_which_no_row_went_in_exits_non_zero(tmp_path, bulk):
    from click.testing import CliRunner

    from kg.cli import main

    path = tmp_path / "bad.csv"
    path.write_text("event_id_cnty,event_date,sub_event_type,country,location,fatalities\n"
                    "UKR1,not a day,Armed clash,Ukraine,Kyiv,1\n"
                    "UKR2,05/03/2024,Armed clash,Ukraine,Kyiv,1\n", encoding="utf-8")
    argv = ["--store", f"oxigraph:{tmp_path / 'store'}", "ingest", str(path), "--skip-invalid"]
    out = CliRunner().invoke(main, argv + (["--bulk"] if bulk else []))
    assert out.exit_code == 2
    assert "no row went in (2 skipped" in out.stderr and "event_date is not a date" in out.stderr
    assert "ingested" not in out.stdout
