"""The records contract's ``also_reported``: the other updates of a page that tell an event,
written only when there are some, read back by position or heading, and refused with a
one-line error naming the event when it names no update, the wrong one, or the event's own."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.records import document_from_dict, document_to_dict, event_to_dict
from kg.sources.curated import read_records

EVENT = {"type": "AirStrike", "date": "2024-06-20",
         "evidence": {"text": "killing one", "start": 60, "end": 71}}


def page(*also: dict) -> dict:
    return {"source": "page.txt", "published": "2024-06-20", "updates": [
        {"heading": "UPDATE 1308 GMT", "timestamp": "2024-06-20T13:08:00Z", "events": []},
        {"heading": "UPDATE 0910 GMT", "timestamp": "2024-06-20T09:10:00Z",
         "events": [{**EVENT, "also_reported": list(also)} if also else dict(EVENT)]},
    ]}


def test_absent_when_empty_so_existing_files_are_unchanged() -> None:
    doc = document_from_dict(page())
    assert "also_reported" not in event_to_dict(doc.updates[1].events[0])


def test_by_heading_is_tied_to_the_update_and_written_back_by_position() -> None:
    doc = document_from_dict(page({"heading": "UPDATE 1308 GMT", "evidence": {"text": "risen to three",
                                                                                 "start": 16, "end": 30}}))
    [also] = doc.updates[1].events[0].also_reported
    assert (also.update, also.heading, also.timestamp) == (0, "UPDATE 1308 GMT", "2024-06-20T13:08:00Z")
    assert (also.evidence.text, also.evidence.start, also.evidence.end) == ("risen to three", 16, 30)
    data = document_to_dict(doc)
    assert data["updates"][1]["events"][0]["also_reported"] == [{
        "update": 0, "heading": "UPDATE 1308 GMT", "timestamp": "2024-06-20T13:08:00Z",
        "evidence": {"text": "risen to three", "start": 16, "end": 30}}]
    assert document_to_dict(document_from_dict(data)) == data


def test_by_position_alone_and_without_words() -> None:
    doc = document_from_dict(page({"update": 0}))
    [also] = doc.updates[1].events[0].also_reported
    assert (also.update, also.heading, also.evidence) == (0, "UPDATE 1308 GMT", None)


@pytest.mark.parametrize(("entry", "words"), [
    ({"heading": "UPDATE 2000 GMT"}, "no update of the document is headed 'UPDATE 2000 GMT'"),
    ({"update": 5}, "'update' is 5, but the document has 2 updates"),
    ({"update": 0, "heading": "UPDATE 0910 GMT"},
     "update 0 is headed 'UPDATE 1308 GMT', not 'UPDATE 0910 GMT'"),
    ({"update": 0, "timestamp": "2024-06-20T14:00:00Z"}, "update 0 has the time"),
    ({"update": 1}, "names the event's own update"),
    ({}, "name the update by 'heading' or by 'update'"),
    ({"update": "first"}, "'update' must be a whole number"),
    ({"update": 0, "evidence": {"start": 1}}, "missing 'text'"),
])
def test_an_entry_naming_no_other_update_is_refused(entry: dict, words: str) -> None:
    with pytest.raises(InputError) as err:
        document_from_dict(page(entry), source="page.json")
    assert words in str(err.value)
    assert "event 1, also_reported[0]" in str(err.value)


def test_an_update_named_twice_is_refused() -> None:
    with pytest.raises(InputError, match="names update 0 twice"):
        document_from_dict(page({"update": 0}, {"heading": "UPDATE 1308 GMT"}))


def test_a_heading_two_updates_share_needs_the_position() -> None:
    data = page({"heading": "UPDATE"})
    data["updates"][0]["heading"] = "UPDATE"
    data["updates"].insert(0, {"heading": "UPDATE", "events": []})
    with pytest.raises(InputError, match="2 updates are headed 'UPDATE': give 'update'"):
        document_from_dict(data)
    data["updates"][2]["events"][0]["also_reported"] = [{"update": 1, "heading": "UPDATE"}]
    assert document_from_dict(data).updates[2].events[0].also_reported[0].update == 1


def test_not_a_list_is_refused() -> None:
    data = page()
    data["updates"][1]["events"][0]["also_reported"] = {"update": 0}
    with pytest.raises(InputError, match="'also_reported' must be a list"):
        document_from_dict(data)


def test_a_lone_event_of_json_lines_cannot_name_other_updates(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(json.dumps({**EVENT, "also_reported": [{"update": 0}]}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="write the document form"):
        read_records(path)


def test_the_records_file_reader_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page({"heading": "UPDATE 1308 GMT"})), encoding="utf-8")
    doc = read_records(path)
    assert doc.updates[1].events[0].also_reported[0].update == 0
