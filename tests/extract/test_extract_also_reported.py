"""An occasion told by several updates of a page is one event, kept in the update that first
tells it; it names the other updates with their words (``also_reported``) instead of losing
them, and its own evidence stays inside its own update."""
from __future__ import annotations

from dataclasses import replace

from paths import ROOT, TESTS

from kg.extract.document import extract_document
from kg.extract.update.drafts import Draft, merge, tell_also
from kg.sources.liveblog import read_liveblog

RETOLD = TESTS / "fixtures" / "pages" / "retold-2024-06-20.txt"
SAMPLE = ROOT / "examples" / "pages" / "ukraine-2024-03-22.txt"


def extracted(path, published):
    text = path.read_text(encoding="utf-8")
    return text, extract_document(read_liveblog(text, path.name, published))


def inside(update, evidence) -> bool:
    return update.start <= evidence.start <= evidence.end <= update.end


def test_the_merged_record_carries_the_other_updates_evidence():
    text, doc = extracted(RETOLD, "2024-06-20")
    [(own, event)] = [(u, e) for u in doc.updates for e in u.events if e.type == "AirStrike"]
    assert own.heading == "UPDATE 0910 GMT"  # the update that first tells it
    assert event.killed == 3  # the later toll, counted once
    [also] = event.also_reported
    other = doc.updates[also.update]
    assert (also.heading, also.timestamp) == (other.heading, other.timestamp) == (
        "UPDATE 1308 GMT", "2024-06-20T13:08:00Z")
    assert inside(own, event.evidence) and inside(other, also.evidence)
    for ev in (event.evidence, also.evidence):
        assert text[ev.start:ev.end] == ev.text
    assert "has risen to three" in also.evidence.text
    assert "has risen to three" not in event.evidence.text


def test_a_toll_that_rises_on_the_sample_page_keeps_both_updates_words():
    text, doc = extracted(SAMPLE, "2024-03-22")
    told = [(u, e) for u in doc.updates for e in u.events if e.also_reported]
    assert [(u.heading, [a.heading for a in e.also_reported]) for u, e in told] == [
        ("UPDATE 0715 GMT", ["UPDATE 0940 GMT"])]
    (own, event), = told
    assert inside(own, event.evidence)
    assert text[event.evidence.start:event.evidence.end] == event.evidence.text
    also = event.also_reported[0].evidence
    assert also.text.startswith("The death toll in Zaporizhzhia has risen to two.")
    assert text[also.start:also.end] == also.text


def test_events_told_once_name_no_other_update():
    _, doc = extracted(RETOLD, "2024-06-20")
    assert [e.type for u in doc.updates for e in u.events if not e.also_reported] == ["MilitaryAid"]


def test_merging_a_draft_of_another_update_keeps_its_sentences_apart():
    old = Draft(type="AirStrike", update=3, spans=[(400, 450, "A bomb struck.")])
    new = Draft(type="AirStrike", update=1, spans=[(90, 120, "The toll rose.")])
    merge(old, new)
    assert old.spans == [(400, 450, "A bomb struck.")]
    assert old.told_also == {1: [(90, 120, "The toll rose.")]}
    same = Draft(type="AirStrike", update=3, spans=[(460, 480, "Four were hurt.")])
    merge(old, same)  # a sentence of its own update is its own evidence
    assert old.spans[-1] == (460, 480, "Four were hurt.") and set(old.told_also) == {1}


def test_what_a_merged_draft_was_told_in_travels_with_it():
    old = Draft(type="AirStrike", update=3, spans=[(400, 450, "a")])
    middle = Draft(type="AirStrike", update=2, spans=[(200, 220, "b")])
    middle.told_also = {0: [(0, 10, "headline")], 3: [(455, 460, "own")]}
    tell_also(old, middle)
    assert old.told_also == {2: [(200, 220, "b")], 0: [(0, 10, "headline")]}


def test_copies_of_a_draft_do_not_share_what_they_were_told_in():
    # per-place splits copy drafts with dataclasses.replace, which shares the dict
    first = Draft(type="Shelling", update=2, spans=[(0, 5, "x")])
    second = replace(first, spans=list(first.spans))
    tell_also(first, Draft(type="Shelling", update=0, spans=[(9, 12, "y")]))
    assert second.told_also == {} and set(first.told_also) == {0}


def test_a_summary_line_in_another_update_is_named_too():
    # the headline tells the strike the 0910 update tells in full: it is that strike's
    # (kg.extract.update.recaps), and the headline's words are kept beside it
    text = RETOLD.read_text(encoding="utf-8").replace(
        "The death toll from this morning's Russian air strike on Kostiantynivka has risen to three, "
        "the Donetsk regional governor Vadym Filashkin said on Thursday.",
        "Ukraine's parliament passed a law on the mobilisation of reservists on Thursday.")
    doc = extract_document(read_liveblog(text, RETOLD.name, "2024-06-20"))
    [event] = [e for u in doc.updates for e in u.events if e.type == "AirStrike"]
    [also] = event.also_reported
    assert also.update == 0 and also.evidence.text.startswith("Russia strikes Kostiantynivka")
    assert text[also.evidence.start:also.evidence.end] == also.evidence.text
