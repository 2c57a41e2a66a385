"""Source readers: text decoding, live-blog pages, records JSON/JSONL, ACLED CSV, dispatch."""
from __future__ import annotations

import codecs
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import ROOT, TESTS

from kg.errors import InputError
from kg.records import Document, event_from_dict, event_to_dict
from kg.sources import SOURCE_KINDS, guess_kind, manifest_entry, read_source
from kg.sources.acled import read_acled, read_acled_csv
from kg.sources.curated import read_records
from kg.sources.liveblog import (
    is_navigation,
    page_span_text,
    read_liveblog,
    read_liveblog_file,
    split_paragraphs,
)
from kg.sources.textfile import decode_bytes, html_to_text, read_text

FIXTURES = TESTS / "fixtures"
PAGES = FIXTURES / "pages"
CORPUS = ROOT.parent / "shared" / "corpus"

NAVIGATION_SNIPPETS = (
    "Jump to Original Entry", "Coverage:", "Map: Institute", "See also", "(Reuters)", "(Sky)",
)


@pytest.fixture(scope="module")
def corpus() -> Path:
    """The development corpus beside the checkout; the tests that need it skip without it."""
    if not (CORPUS / "live-blogs").is_dir():
        pytest.skip("the development corpus (../shared/corpus) is not here")
    return CORPUS


def check_offsets(page: str, doc: Document) -> None:
    """Every update's text is the page under its span, navigation lines blanked."""
    for u in doc.updates:
        assert u.start is not None and u.end is not None
        assert 0 <= u.start <= u.end <= len(page)
        assert len(u.text) == u.end - u.start
        assert page_span_text(page, u) == u.text
        for i, (a, b) in enumerate(zip(u.text, page[u.start:u.end], strict=True)):
            assert a == b or a == " ", (u.heading, i)


def page_of(corpus: Path, name: str) -> tuple[str, Document]:
    page = read_text(corpus / "live-blogs" / name)
    date = re.search(r"\d{4}-\d\d-\d\d", name).group()
    return page, read_liveblog(page, name, date)


# ------------------------------------------------------------------ the development pages


def test_corpus_headed_page(corpus: Path) -> None:
    page, doc = page_of(corpus, "eaworldview-2024-06-20.txt")
    check_offsets(page, doc)
    # nine timed updates (1445 ... 0626) and the original entry
    headings = [u.heading for u in doc.updates]
    assert headings == ["UPDATE 1445 GMT", "UPDATE 1316 GMT", "UPDATE 1308 GMT", "UPDATE 1257 GMT",
                        "UPDATE 0843 GMT", "UPDATE 0829 GMT", "UPDATE 0658 GMT", "UPDATE 0650 GMT",
                        "UPDATE 0626 GMT", "ORIGINAL ENTRY"]
    assert len(doc.updates) == len(re.findall(r"(?m)^UPDATE \d{4} GMT:", page)) + 1
    assert doc.updates[2].timestamp == "2024-06-20T13:08:00Z"
    assert doc.updates[-1].timestamp is None
    assert doc.updates[2].text.startswith("Four civilians have been killed")
    assert doc.updates[-1].text.startswith("In a photo opportunity in Pyongyang")
    # bullets of the original entry stay in it
    assert "Moscow and Pyongyang will not enter any agreements" in doc.updates[-1].text


def test_corpus_page_without_headings(corpus: Path) -> None:
    page, doc = page_of(corpus, "eaworldview-2024-01-11.txt")
    check_offsets(page, doc)
    # three blocks separated by double blank lines, then the original entry
    assert [u.heading for u in doc.updates] == ["Update 1", "Update 2", "Update 3", "ORIGINAL ENTRY"]
    assert all(u.timestamp is None for u in doc.updates)
    first, second, third, original = doc.updates
    assert first.text.startswith("Ukraine President Volodymyr Zelenskiy has completed")
    assert "The stronger Ukraine is" in first.text  # the quoted thread belongs to the update
    assert second.text.startswith("Ukraine President Volodymyr Zelenskiy is continuing")
    assert third.text.startswith("In its latest missile strike")
    assert third.text.rstrip().endswith("Avdiivka.")
    assert "Rescuers found" in third.text
    assert original.text.startswith("UN members have criticized")


@pytest.mark.parametrize("name", ["eaworldview-2024-06-20.txt", "eaworldview-2024-01-11.txt"])
def test_corpus_navigation_in_no_update(corpus: Path, name: str) -> None:
    page, doc = page_of(corpus, name)
    for u in doc.updates:
        for snippet in NAVIGATION_SNIPPETS + ("Ukraine War, Day 681", "Peace Talks”", "pose for the cameras"):
            assert snippet not in u.text, (u.heading, snippet)


def test_corpus_see_also_inside_update_is_blanked(corpus: Path) -> None:
    page, doc = page_of(corpus, "eaworldview-2024-01-11.txt")
    original = doc.updates[-1]
    at = page.index("See also Ukraine War, Day 681")
    assert original.start < at < original.end
    assert original.text[at - original.start:].startswith(" " * 20)
    # the paragraph after it is still there, at its page offset
    after = page.index("South Korean Ambassador")
    assert original.text[after - original.start:].startswith("South Korean Ambassador")


def test_corpus_paragraphs(corpus: Path) -> None:
    page, doc = page_of(corpus, "eaworldview-2024-06-20.txt")
    paragraphs = split_paragraphs(doc.updates[2])
    assert [page[a:b][:20] for a, b in paragraphs] == [
        "Four civilians have ", "A guided aerial bomb", "Three civilians were", "In the Kherson regio"]
    bullets = [page[a:b] for a, b in split_paragraphs(doc.updates[-1]) if page[a:b].startswith("•")]
    assert len(bullets) == 5


def test_read_source_uses_manifest_date(corpus: Path) -> None:
    doc = read_source(corpus / "live-blogs" / "eaworldview-2024-06-20.txt")
    assert doc.published == "2024-06-20"
    assert doc.publisher == "EA WorldView"
    assert doc.source == "eaworldview-2024-06-20.txt"
    assert doc.updates[0].timestamp == "2024-06-20T14:45:00Z"


# ------------------------------------------------------------------ our own pages


def test_headed_page_variants_and_navigation() -> None:
    page = read_text(PAGES / "headed-2024-03-07.txt")
    doc = read_liveblog(page, "headed.txt", "2024-03-07")
    check_offsets(page, doc)
    assert [(u.heading, u.timestamp) for u in doc.updates] == [
        ("UPDATE 1530 GMT", "2024-03-07T15:30:00Z"),
        ("UPDATE 1105 GMT", "2024-03-07T11:05:00Z"),
        ("UPDATE 0740 GMT", "2024-03-07T07:40:00Z"),
        ("ORIGINAL ENTRY", None),
    ]
    quote, aid, same_line, original = doc.updates
    assert "We will rebuild the market." in quote.text
    assert "heavy artillery ammunition" in aid.text and "delivery date" in aid.text
    assert "See also" not in aid.text
    assert same_line.text == ("Ukraine’s air force says it downed 11 of 14 Shahed drones launched "
                              "overnight at the Odesa region.")
    assert original.text.endswith("his delegation was unharmed.")  # trailing See also left out
    for u in doc.updates:
        for snippet in NAVIGATION_SNIPPETS:
            assert snippet not in u.text


def test_same_line_heading_text_is_whole() -> None:
    page = "UPDATE 0900 GMT: A drone hit a depot in Sumy.\n\nORIGINAL ENTRY: Talks resumed."
    doc = read_liveblog(page, "p", "2024-05-01")
    assert [u.text for u in doc.updates] == ["A drone hit a depot in Sumy.", "Talks resumed."]
    check_offsets(page, doc)


def test_page_without_headings_double_blank_rule() -> None:
    page = read_text(PAGES / "plain-2024-02-02.txt")
    doc = read_liveblog(page, "plain.txt", "2024-02-02")
    check_offsets(page, doc)
    assert [u.heading for u in doc.updates] == ["Update 1", "Update 2", "ORIGINAL ENTRY"]
    first = doc.updates[0]
    # a See also line between two paragraphs of one update neither splits it nor shows in it
    assert first.text.startswith("The European Union has formally approved")
    assert first.text.endswith("keep schools and hospitals open.")
    assert "How Hungary Held Up" not in first.text
    assert "Kyiv Counts the Cost" not in "".join(u.text for u in doc.updates)
    assert doc.updates[1].text.endswith("No one was hurt.")


def test_single_blank_lines_keep_one_update() -> None:
    page = "First paragraph here.\n\nSecond paragraph here.\n\n\nNext update.\n"
    doc = read_liveblog(page, "p", None)
    assert [u.text for u in doc.updates] == ["First paragraph here.\n\nSecond paragraph here.",
                                             "Next update."]
    assert doc.updates[0].timestamp is None


def test_whitespace_only_lines_count_as_blank() -> None:
    page = "One.\n \t\n  \nTwo.\n"
    assert len(read_liveblog(page, "p", None).updates) == 2


@pytest.mark.parametrize("heading, label", [
    ("UPDATE 1445 GMT:", "UPDATE 1445 GMT"),
    ("UPDATE 14:45 GMT", "UPDATE 1445 GMT"),
    ("Update 1445 GMT", "UPDATE 1445 GMT"),
    ("UPDATE 1445 UTC:", "UPDATE 1445 GMT"),
    ("update 945 gmt:", "UPDATE 0945 GMT"),
    ("UPDATE 1445:", "UPDATE 1445 GMT"),
])
def test_heading_spellings(heading: str, label: str) -> None:
    page = f"{heading}\n\nA strike hit Kharkiv.\n"
    doc = read_liveblog(page, "p", "2024-06-20")
    assert [u.heading for u in doc.updates] == [label]
    assert doc.updates[0].timestamp == f"2024-06-20T{label[7:9]}:{label[9:11]}:00Z"


def test_not_a_heading_without_zone_or_colon() -> None:
    doc = read_liveblog("Update 2024 budget talks continue in Kyiv.\n", "p", None)
    assert doc.updates[0].heading == "Update 1"


def test_impossible_heading_time_keeps_heading_without_timestamp() -> None:
    doc = read_liveblog("UPDATE 2575 GMT:\n\nText.\n", "p", "2024-06-20")
    assert doc.updates[0].timestamp is None
    assert doc.updates[0].text == "Text."


def test_bad_page_date_is_input_error() -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        read_liveblog("UPDATE 1000 GMT:\n\nText.", "p", "20 June")


def test_navigation_only_page_is_input_error() -> None:
    with pytest.raises(InputError, match="no updates"):
        read_liveblog("Jump to Original Entry\n\nMap: Institute for the Study of War\n", "p", None)


@pytest.mark.parametrize("line", [
    "Jump to Original Entry", "Wednesday’s Coverage: Putin’s Appeal", "Monday's Coverage: X",
    "Map: Institute for the Study of War", "See also Ukraine War, Day 681: Russia Using Missiles",
])
def test_is_navigation(line: str) -> None:
    assert is_navigation(line)


@pytest.mark.parametrize("line", [
    "Russia’s Vladimir Putin met Kim Jong-un.", "UPDATE 1445 GMT:", "The map shows the front.",
    "ORIGINAL ENTRY: UN members have criticized Russia.",
])
def test_is_not_navigation(line: str) -> None:
    assert not is_navigation(line)


def test_cp1251_page() -> None:
    page = read_text(PAGES / "cyrillic-cp1251.txt")
    assert "Олександр Гончаренко" in page
    doc = read_liveblog_file(PAGES / "cyrillic-cp1251.txt", "2024-03-07")
    assert len(doc.updates) == 1 and "Гончаренко" in doc.updates[0].text
    assert "Suspilne" not in doc.updates[0].text


def test_utf16_page() -> None:
    assert (PAGES / "utf16-bom.txt").read_bytes()[:2] == codecs.BOM_UTF16_LE
    doc = read_liveblog_file(PAGES / "utf16-bom.txt", "2024-03-07")
    check_offsets(read_text(PAGES / "utf16-bom.txt"), doc)
    assert [u.heading for u in doc.updates] == ["UPDATE 1200 GMT", "ORIGINAL ENTRY"]
    assert "“the enemy is not stopping”" in doc.updates[0].text


def test_html_page() -> None:
    page = read_text(PAGES / "page-2024-04-12.html")
    assert "<p>" not in page and "window.track" not in page and "Home" not in page
    doc = read_liveblog(page, "page.html", "2024-04-12")
    check_offsets(page, doc)
    assert [u.heading for u in doc.updates] == ["UPDATE 1620 GMT", "UPDATE 0955 GMT", "ORIGINAL ENTRY"]
    assert "The station is gone." in doc.updates[0].text
    assert "Kharkiv & its suburbs" in doc.updates[1].text
    assert "• a woman aged 61." in doc.updates[1].text
    assert doc.updates[2].text == "Ukraine’s parliament has passed a new mobilisation law."
    assert all("April 11, 2024" not in u.text for u in doc.updates)


def test_html_to_text_paragraphs() -> None:
    text = html_to_text("<html><body><h1>Title</h1><p>One<br>two</p><hr><p>Three</p></body></html>")
    assert text == "Title\n\nOne\ntwo\n\n\nThree\n"


# ------------------------------------------------------------------ decoding


def test_decoding_utf8_with_bom() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + "Київ\r\nline".encode()) == "Київ\nline"


def test_decoding_cp1252() -> None:
    assert decode_bytes("Café in Zürich — “quoted”".encode("cp1252")) == "Café in Zürich — “quoted”"


def test_decoding_old_mac_newlines() -> None:
    assert decode_bytes(b"a\rb\r\nc") == "a\nb\nc"


@pytest.mark.parametrize("data", [b"\x00\x01\x02binary", b"PK\x03\x04\x14\x00\x06\x00",
                                  bytes(range(1, 32)) * 4])
def test_binary_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="not a text file"):
        decode_bytes(data, "blob.bin")


def test_empty_file_refused(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match="empty file") as err:
        read_text(tmp_path / "empty.txt")
    assert err.value.source == str(tmp_path / "empty.txt")


def test_size_limit(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("x" * 2000)
    with pytest.raises(InputError, match="too large"):
        read_text(tmp_path / "big.txt", max_bytes=1000)
    assert read_text(tmp_path / "big.txt", max_bytes=None) == "x" * 2000


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")


def test_plain_text_mentioning_a_tag_is_not_html() -> None:
    assert decode_bytes(b"Use the <b> tag for bold.\nMore text.") == "Use the <b> tag for bold.\nMore text."


# ------------------------------------------------------------------ records


def test_records_updates_form() -> None:
    doc = read_records(FIXTURES / "records" / "updates.json")
    assert doc.source == "sample-page.txt" and doc.published == "2024-03-07"
    assert [u.heading for u in doc.updates] == ["UPDATE 1530 GMT", "ORIGINAL ENTRY"]
    assert [e.type for e in doc.events()] == ["Shelling", "MissileStrike"]
    assert doc.events()[0].killed == 2 and doc.events()[0].civilian is True


def test_records_json_lines_with_blank_lines() -> None:
    doc = read_records(FIXTURES / "records" / "events.jsonl")
    assert doc.source == "events.jsonl"
    assert [e.type for e in doc.events()] == ["DroneStrike", "MilitaryAid"]


def test_records_list_and_jsonl_in_json_file(tmp_path: Path) -> None:
    (tmp_path / "list.json").write_text('[{"type": "Attack"}]')
    assert read_records(tmp_path / "list.json").events()[0].type == "Attack"
    (tmp_path / "lines.json").write_text('{"type": "Attack"}\n{"type": "Shelling"}\n')
    assert [e.type for e in read_records(tmp_path / "lines.json").events()] == ["Attack", "Shelling"]


def test_records_malformed_json_names_line_and_column() -> None:
    with pytest.raises(InputError) as err:
        read_records(FIXTURES / "records" / "bad-syntax.json")
    assert err.value.position == "line 3, column 23"
    assert "bad-syntax.json" in str(err.value)


def test_records_malformed_jsonl_names_line() -> None:
    with pytest.raises(InputError) as err:
        read_records(FIXTURES / "records" / "bad-line.jsonl")
    assert err.value.position.startswith("line 3,")


def test_records_structure_error_names_event() -> None:
    with pytest.raises(InputError, match="killed") as err:
        read_records(FIXTURES / "records" / "bad-structure.json")
    assert err.value.position == "event 2"


def test_records_structure_error_in_jsonl_names_line(tmp_path: Path) -> None:
    (tmp_path / "x.jsonl").write_text('{"type": "Attack"}\n\n{"killed": 1}\n')
    with pytest.raises(InputError, match="type") as err:
        read_records(tmp_path / "x.jsonl")
    assert err.value.position == "line 3"


def test_extra_round_trip() -> None:
    event = event_from_dict({"type": "Attack", "extra": {"event_id_cnty": "X1"}})
    assert event_to_dict(event)["extra"] == {"event_id_cnty": "X1"}
    assert "extra" not in event_to_dict(event_from_dict({"type": "Attack"}))
    with pytest.raises(InputError, match="extra"):
        event_from_dict({"type": "Attack", "extra": {"fatalities": 3}})


# ------------------------------------------------------------------ ACLED


def test_acled_sample() -> None:
    result = read_acled(FIXTURES / "acled" / "sample.csv")
    doc = result.document
    assert doc.source == "sample.csv"
    assert [u.heading for u in doc.updates] == ["TST0001", "TST0002", "TST0003", "TST0004"]
    shelling, missile, drone, clash = doc.events()
    assert (shelling.type, missile.type, drone.type, clash.type) == (
        "Shelling", "MissileStrike", "DroneStrike", "ArmedClash")
    assert shelling.date == "2024-03-07" and shelling.date_precision == "day"
    assert missile.date == "2024-03-06"  # "6 March 2024"
    assert drone.date_precision == "month"  # time precision 2
    assert shelling.killed == 2 and shelling.civilian is True and missile.civilian is None
    place = shelling.locations[0]
    assert (place.name, place.admin1, place.country, place.lat, place.lon, place.kind) == (
        "Beryslav", "Kherson Oblast", "Ukraine", 46.84, 33.42, "settlement")
    attacker, victim = shelling.actors
    assert (attacker.role, attacker.kind, attacker.affiliation) == ("attacker", "ArmedForce", "Russia")
    assert (victim.role, victim.kind) == ("victim", None)
    assert [a.role for a in clash.actors] == ["attacker", "target", "participant", "participant"]
    assert clash.actors[2].name == "Wagner Group"
    assert shelling.evidence.text.startswith("On 7 March 2024, Russian artillery")
    assert shelling.claimed_by == "Regional administration"
    assert shelling.extra["event_id_cnty"] == "TST0001" and len(shelling.extra) == 31
    assert result.problems == [(5, "sub-event type 'Peaceful protest' has no event type; row skipped")]


def test_acled_bad_row_names_file_and_row() -> None:
    with pytest.raises(InputError, match="event_date") as err:
        read_acled_csv(FIXTURES / "acled" / "bad.csv")
    assert err.value.position == "row 2 (line 3)"
    assert err.value.source.endswith("bad.csv")


def test_acled_skip_invalid_collects_problems() -> None:
    problems: list[tuple[int, str]] = []
    doc = read_acled_csv(FIXTURES / "acled" / "bad.csv", skip_invalid=True, problems=problems)
    assert [u.heading for u in doc.updates] == ["TST1001", "TST1005"]
    assert [row for row, _ in problems] == [2, 3, 4]
    assert "fatalities" in problems[1][1] and "fields" in problems[2][1]
    assert doc.events()[1].evidence.text == "Clashes\nover two lines."


def test_acled_missing_required_column(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("event_id_cnty,notes\nA,b\n")
    with pytest.raises(InputError, match="event_date") as err:
        read_acled_csv(tmp_path / "x.csv")
    assert err.value.position == "header"


def test_read_source_acled_problems_as_lines() -> None:
    problems: list[str] = []
    read_source(FIXTURES / "acled" / "bad.csv", skip_invalid=True, problems=problems)
    assert len(problems) == 3 and problems[0].endswith("event_date is not a date: 'the seventh of March'")


# ------------------------------------------------------------------ dispatch


def test_guess_kind(tmp_path: Path) -> None:
    assert guess_kind("a.jsonl") == "records" and guess_kind("a.csv") == "acled"
    assert guess_kind("a.html") == "liveblog"
    (tmp_path / "noext").write_text('{"events": []}')
    assert guess_kind(tmp_path / "noext") == "records"
    (tmp_path / "export.dat").write_text("event_id_cnty,event_date\n")
    assert guess_kind(tmp_path / "export.dat") == "acled"
    (tmp_path / "page").write_text("UPDATE 1000 GMT:\n\nText.")
    assert guess_kind(tmp_path / "page") == "liveblog"
    assert set(SOURCE_KINDS) == {"liveblog", "records", "acled"}


def test_read_source_kind_override_and_unknown(tmp_path: Path) -> None:
    (tmp_path / "records.txt").write_text(json.dumps({"events": [{"type": "Attack"}]}))
    assert read_source(tmp_path / "records.txt", kind="records").events()[0].type == "Attack"
    with pytest.raises(InputError, match="unknown source kind"):
        read_source(tmp_path / "records.txt", kind="pdf")


def test_manifest_entry(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.txt").write_text("UPDATE 1000 GMT:\n\nText.")
    (tmp_path / "manifest.json").write_text(json.dumps(
        {"documents": [{"file": "pages/p.txt", "published": "2024-01-02", "title": "T"}]}))
    assert manifest_entry(tmp_path / "pages" / "p.txt")["published"] == "2024-01-02"
    doc = read_source(tmp_path / "pages" / "p.txt")
    assert doc.published == "2024-01-02" and doc.title == "T"
    assert read_source(tmp_path / "pages" / "p.txt", published="2024-01-03").published == "2024-01-03"


# ------------------------------------------------------------------ properties

_PIECES = st.sampled_from([
    "\n", "\n\n", "\n\n\n", " ", "UPDATE 1445 GMT:", "Update 09:05 UTC ", "ORIGINAL ENTRY: ",
    "Jump to Original Entry", "See also Day 1", "Map: ISW", "Wednesday’s Coverage: X",
    "A strike hit Kharkiv.", "(Sky)", "June 19, 2024", "  • item", "\r\n", "\t", "“quoted”",
])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=30)), max_size=25).map("".join),
       st.sampled_from([None, "2024-06-20"]))
def test_any_text_gives_consistent_updates_or_input_error(page: str, published: str | None) -> None:
    try:
        doc = read_liveblog(page, "fuzz", published)
    except InputError:
        return
    assert doc.updates
    check_offsets(page, doc)
    for u in doc.updates:
        for a, b in split_paragraphs(u):
            assert u.start <= a < b <= u.end


@pytest.mark.parametrize("text, day", [
    ("2024-06-20", "2024-06-20"), ("05 March 2024", "2024-03-05"), ("20-June-2024", "2024-06-20"),
    ("9-May-20", "2020-05-09"), ("31-12-19", "2019-12-31"), ("14/08/2020 00:00:00", "2020-08-14"),
    ("14/08/2020", "2020-08-14"), ("2020/08/14", "2020-08-14"), ("March 5, 2024", "2024-03-05"),
    ("05/05/2024", "2024-05-05"), ("20 Sept 2024", "2024-09-20"),
])
def test_acled_dates_as_published_and_as_spreadsheets_resave_them(text, day):
    from kg.sources.acled import parse_acled_date

    assert parse_acled_date(text).isoformat() == day


def test_an_ambiguous_acled_date_names_both_readings_unless_its_file_settles_the_order():
    from kg.sources.acled import numeric_date_order, parse_acled_date

    with pytest.raises(ValueError, match="ambiguous: '05/03/2024' reads as 05 March 2024 .* or 03 May 2024"):
        parse_acled_date("05/03/2024")
    assert parse_acled_date("05/03/2024", lambda: "dmy").isoformat() == "2024-03-05"
    assert parse_acled_date("05/03/2024", lambda: "mdy").isoformat() == "2024-05-03"
    assert numeric_date_order(["05/03/2024", "14/08/2020 00:00:00"]) == "dmy"
    assert numeric_date_order(["05/03/2024", "08/14/2020"]) == "mdy"
    assert numeric_date_order(["05/03/2024", "14/08/2020", "08/14/2020"]) is None  # mixed: unsettled
    assert numeric_date_order(["2024-03-05", "05 March 2024"]) is None


def test_acled_file_of_resaved_dates_reads_day_first_when_one_row_settles_it(tmp_path: Path) -> None:
    header = "event_id_cnty,event_date,sub_event_type,country,location,fatalities\n"
    path = tmp_path / "resaved.csv"
    path.write_text(header + "UKR1,05/03/2024 00:00:00,Armed clash,Ukraine,Kyiv,1\n"
                    "UKR2,14/03/2024 00:00:00,Armed clash,Ukraine,Kyiv,0\n", encoding="utf-8")
    dates = [e.date for e in read_acled(path).document.events()]
    assert dates == ["2024-03-05", "2024-03-14"]
    from kg.ingest.chunks import iter_acled_rows

    assert [event.date for _, _, event in iter_acled_rows(path)] == dates


def test_acled_api_json_reads_as_its_csv(tmp_path: Path) -> None:
    """ACLED's API answers ``{"status": 200, "data": [{column: value}, ...]}``, numbers as numbers."""
    import csv

    from kg.ingest.chunks import iter_acled_rows
    from kg.records import event_to_dict

    rows = list(csv.DictReader((FIXTURES / "acled" / "realistic.csv").open(encoding="utf-8")))
    for row in rows:
        row["fatalities"] = int(row["fatalities"]) if row["fatalities"] else None
    path = tmp_path / "acled-api.json"
    path.write_text(json.dumps({"status": 200, "success": True, "count": len(rows), "data": rows}),
                    encoding="utf-8")
    assert guess_kind(path) == "acled"
    from_api = [event_to_dict(e) for e in read_source(path).events()]
    from_csv = [event_to_dict(e) for e in read_source(FIXTURES / "acled" / "realistic.csv").events()]
    assert len(from_api) == 30
    for a, b in zip(from_api, from_csv, strict=True):
        a.pop("extra", None), b.pop("extra", None)
        assert a == b
    assert [event_to_dict(e) for _, _, e in iter_acled_rows(path)][0]["type"] == from_csv[0]["type"]
