"""Actor networks (kg.network) on a fixture store of hand-written records."""
from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from paths import ROOT, TESTS

from kg.cli import main
from kg.errors import QueryError
from kg.ingest.pipeline import SourceSpec, ingest
from kg.namespaces import actor_iri
from kg.network import (
    actor_equipment_graph,
    actor_network,
    cooccurrence_network,
    edge_table,
    ego_network,
    metrics_by_window,
    node_metrics,
    render,
    write_graph,
)
from kg.store import open_store

FIXTURES = TESTS / "fixtures" / "network"
RECORDS = FIXTURES / "aid-and-strikes.json"


def A(name: str) -> str:
    return str(actor_iri(name))


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("network") / "store"
    with open_store(f"oxigraph:{path}") as store:
        ingest(store, [SourceSpec(RECORDS)])
    return path


@pytest.fixture
def store(store_path):
    with open_store(f"oxigraph:{store_path}", read_only=True) as s:
        yield s


@pytest.fixture(scope="module")
def records() -> list[dict]:
    data = json.loads(RECORDS.read_text(encoding="utf-8"))
    return [e for u in data["updates"] for e in u["events"]]


# ------------------------------------------------------------------------------ building


def test_aid_network_has_the_donors_and_the_systems_they_gave(store):
    g = actor_network(store, relation="supplies")
    edges = {(u, v): d for u, v, k, d in g.edges(keys=True, data=True)}
    assert set(edges) == {(A("Romania"), A("Ukraine")), (A("Lithuania"), A("Ukraine")),
                          (A("Estonia"), A("Ukraine")), (A("North Korea"), A("Russia"))}
    assert edges[A("Romania"), A("Ukraine")]["equipment"] == ["Patriot"]
    assert edges[A("Lithuania"), A("Ukraine")]["equipment"] == ["M577"]
    assert edges[A("North Korea"), A("Russia")]["equipment"] == ["KN-23"]
    assert edges[A("Estonia"), A("Ukraine")]["equipment"] == []
    assert {d["relation"] for d in edges.values()} == {"supplies"}
    assert all(d["weight"] == 1 and len(d["events"]) == 1 for d in edges.values())
    assert g.nodes[A("North Korea")] == {"label": "North Korea", "kind": "State"}


def test_attacks_sum_the_casualties_of_the_events_behind_them(store, records):
    g = actor_network(store, relation="attacks")
    attacks = [r for r in records if r["type"] in {"MissileStrike", "Shelling", "AirStrike", "DroneStrike"}]
    by_russia = [r for r in attacks if r["actors"][0]["name"] == "Russia"]
    edge = g.edges[A("Russia"), A("Ukraine"), "attacks"]
    assert edge["weight"] == len(by_russia) == 4
    assert edge["killed"] == sum(r.get("killed") or 0 for r in by_russia) == 6
    assert edge["injured"] == sum(r.get("injured") or 0 for r in by_russia) == 22
    assert (edge["first"], edge["last"]) == (dt.date(2024, 1, 11), dt.date(2024, 6, 20))
    assert sorted(edge["equipment"]) == ["KN-23", "guided aerial bomb"]
    # three of the four name no target: they go to the country of the place struck
    assert edge["events_by_place"] == 3
    # Ukraine's drone strike on Belgorod names no target: Ukraine -> Russia, as the actor Russia
    back = g.edges[A("Ukraine"), A("Russia"), "attacks"]
    assert (back["weight"], back["killed"], back["injured"]) == (1, 0, 2)


def test_a_country_struck_that_is_no_actor_becomes_one(tmp_path):
    record = {"type": "Shelling", "date": "2024-03-01", "killed": 3,
              "locations": [{"name": "Kupiansk", "admin1": "Kharkiv Oblast", "country": "Ukraine"}],
              "actors": [{"name": "Russia", "kind": "State", "role": "attacker"}]}
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"source": "one.txt", "events": [record]}), encoding="utf-8")
    with open_store("memory:") as store:
        ingest(store, [SourceSpec(path)])
        g = actor_network(store)
    assert g.nodes[A("Ukraine")] == {"label": "Ukraine", "kind": "State"}
    assert g.edges[A("Russia"), A("Ukraine"), "attacks"]["killed"] == 3


def test_every_relation_is_there(store):
    g = actor_network(store)
    found = {(g.nodes[u]["label"], g.nodes[v]["label"], k) for u, v, k in g.edges(keys=True)}
    assert {("European Union", "Russia", "sanctions"), ("Vladimir Putin", "Kim Jong Un", "meets"),
            ("South Korea", "Russia", "condemns"), ("South Korea", "North Korea", "condemns"),
            ("Russia", "North Korea", "agrees"), ("North Korea", "Russia", "agrees"),
            ("Joe Biden", "Volodymyr Zelenskyy", "meets"),
            ("Volodymyr Zelenskyy", "Joe Biden", "meets")} <= found
    assert g.edges[A("Russia"), A("North Korea"), "agrees"]["mutual"] is True
    assert g.edges[A("Vladimir Putin"), A("Kim Jong Un"), "meets"]["mutual"] is False
    assert not g.has_edge(A("Kim Jong Un"), A("Vladimir Putin"))


def test_filters(store):
    june = actor_network(store, since="2024-06-01", until=dt.date(2024, 6, 30))
    assert not june.has_edge(A("North Korea"), A("Russia"), "supplies")
    assert june.edges[A("Russia"), A("Ukraine"), "attacks"]["weight"] == 2
    donetsk = actor_network(store, region="DONETSK OBLAST")
    assert [(u, v, k) for u, v, k in donetsk.edges(keys=True)] == [(A("Russia"), A("Ukraine"), "attacks")]
    assert donetsk.edges[A("Russia"), A("Ukraine"), "attacks"]["killed"] == 3
    people = actor_network(store, actor_kind="Person")
    assert {d["kind"] for _, d in people.nodes(data=True)} == {"Person"}
    assert people.number_of_edges() == 3
    two = actor_network(store, relation=["sanctions", "condemns"])
    assert {k for _, _, k in two.edges(keys=True)} == {"sanctions", "condemns"}
    assert actor_network(store, since="2030-01-01").number_of_nodes() == 0


def test_bad_filters_are_query_errors(store):
    with pytest.raises(QueryError, match="unknown relation"):
        actor_network(store, relation="loves")
    with pytest.raises(QueryError, match="date"):
        actor_network(store, since="June")


def test_empty_store_gives_empty_graphs():
    with open_store("memory:") as store:
        assert actor_network(store).number_of_nodes() == 0
        assert cooccurrence_network(store).number_of_nodes() == 0
        assert actor_equipment_graph(store).number_of_nodes() == 0
        assert metrics_by_window(store) == []
        assert node_metrics(actor_network(store)) == []


def test_cooccurrence(store):
    g = cooccurrence_network(store)
    assert g.edges[A("North Korea"), A("Russia")]["weight"] == 3
    assert g.edges[A("Romania"), A("Ukraine")]["weight"] == 1
    assert g.nodes[A("Kim Jong Un")]["kind"] == "Person"
    assert cooccurrence_network(store, min_weight=2).number_of_edges() == 1


def test_actor_equipment_graph(store):
    g = actor_equipment_graph(store)
    kn23 = next(n for n, d in g.nodes(data=True) if d.get("label") == "KN-23")
    assert g.nodes[kn23]["type"] == "equipment" and g.nodes[kn23]["category"] == "Missile"
    edge = g.edges[A("Russia"), kn23]
    assert edge["links"] == ["received", "used"] and (edge["used"], edge["received"]) == (1, 1)
    assert g.edges[A("North Korea"), kn23]["links"] == ["supplied"]
    assert nx.is_bipartite(g)
    shahed = next(n for n, d in g.nodes(data=True) if d.get("label") == "Shahed")
    assert g.edges[A("Ukrainian Air Force"), shahed]["links"] == ["intercepted"]
    assert g.edges[A("Russia"), shahed]["links"] == ["used"]
    assert g.edges[A("Russia"), shahed]["quantity"] == 20
    received = actor_equipment_graph(store, link="received")
    labels = {(received.nodes[u]["label"], received.nodes[v]["label"]) for u, v in received.edges()}
    expected = [("Russia", "KN-23"), ("Ukraine", "Patriot"), ("Ukraine", "M577")]
    assert {frozenset(p) for p in labels} == {frozenset(p) for p in expected}


def test_same_network_on_every_backend(any_store):
    ingest(any_store, [SourceSpec(RECORDS)])
    g = actor_network(any_store)
    assert g.number_of_edges() == 14
    edge = g.edges[A("Russia"), A("Ukraine"), "attacks"]
    assert (edge["weight"], edge["killed"], edge["injured"]) == (4, 6, 22)
    donetsk = actor_network(any_store, region="Donetsk Oblast", since="2024-06-01")
    assert donetsk.edges[A("Russia"), A("Ukraine"), "attacks"]["killed"] == 3
    assert actor_equipment_graph(any_store).number_of_edges() == 9


# ------------------------------------------------------------------------------ metrics


def test_metrics(store):
    g = actor_network(store)
    rows = node_metrics(g)
    by_label = {r["label"]: r for r in rows}
    assert len(rows) == g.number_of_nodes()
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    assert abs(sum(r["pagerank"] for r in rows) - 1) < 1e-6
    ukraine = by_label["Ukraine"]
    assert ukraine["in_weight"] == 4 + 3  # four attacks by Russia, three aid deliveries
    assert ukraine["degree"] == 4  # Russia, Romania, Lithuania, Estonia
    assert by_label["Russia"]["weighted_degree"] == 4 + 1 + 1 + 1 + 1 + 1  # agreement once
    assert by_label["Joe Biden"]["community"] == by_label["Volodymyr Zelenskyy"]["community"]
    assert by_label["Romania"]["community"] == by_label["Ukraine"]["community"]
    assert max(r["betweenness"] for r in rows) == by_label["Ukraine"]["betweenness"]
    assert node_metrics(g) == rows  # seeded: repeatable


def test_sampled_betweenness_above_the_threshold(store):
    g = actor_network(store)
    rows = node_metrics(g, exact_below=2, k=4)
    assert all(r["betweenness"] is not None for r in rows)


def test_ego_network(store):
    g = actor_network(store)
    ego = ego_network(g, "north korea")
    assert set(ego) == {A("North Korea"), A("Russia"), A("South Korea")}
    assert ego.is_multigraph() and ego.has_edge(A("South Korea"), A("North Korea"), "condemns")
    with pytest.raises(QueryError):
        ego_network(g, "Atlantis")


def test_metrics_by_window(store):
    rows = metrics_by_window(store, freq="month", relation=["attacks", "supplies"])
    windows = sorted({r["window"] for r in rows})
    assert windows == ["2024-01", "2024-06"]  # months without events have no rows
    russia = {r["window"]: r for r in rows if r["label"] == "Russia"}
    # January: two attacks and the KN-23 delivery; June: two attacks and a drone strike on it
    assert russia["2024-01"]["weighted_degree"] == 3 and russia["2024-06"]["weighted_degree"] == 3
    # windows run without gaps: June is compared with May, when Russia had no edges
    assert russia["2024-06"]["new"] and russia["2024-06"]["change_weighted_degree"] == 3
    assert russia["2024-06"]["change_rank"] is None
    quarters = metrics_by_window(store, freq="quarter")
    assert sorted({r["window"] for r in quarters}) == ["2024-Q1", "2024-Q2"]
    q2 = {r["label"]: r for r in quarters if r["window"] == "2024-Q2"}
    assert q2["Russia"]["change_weighted_degree"] == q2["Russia"]["weighted_degree"] - 3
    weeks = metrics_by_window(store, freq="week", relation="supplies")
    assert {r["window"] for r in weeks} == {"2024-W02", "2024-W25"}
    with pytest.raises(QueryError):
        metrics_by_window(store, freq="fortnight")


# ------------------------------------------------------------------------------ exports


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_gephi_exports_load_back_with_their_attributes(store, tmp_path, fmt, reader):
    g = actor_network(store)
    path = tmp_path / f"net.{fmt}"
    write_graph(g, path)
    back = reader(path)
    assert back.is_directed() and back.is_multigraph()
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()
    assert back.nodes[A("Romania")]["label"] == "Romania"
    assert back.nodes[A("Romania")]["kind"] == "State"
    edges = [d for u, v, d in back.edges(data=True) if (u, v) == (A("Russia"), A("Ukraine"))]
    assert len(edges) == 1
    edge = edges[0]
    assert edge["relation"] == "attacks"
    assert int(edge["weight"]) == 4 and int(edge["killed"]) == 6 and int(edge["injured"]) == 22
    assert edge["first"] == "2024-01-11" and edge["last"] == "2024-06-20"
    assert sorted(edge["equipment"].split("|")) == ["KN-23", "guided aerial bomb"]
    assert len(edge["events"].split("|")) == 4
    aid = [d for u, v, d in back.edges(data=True) if (u, v) == (A("Romania"), A("Ukraine"))][0]
    assert aid["equipment"] == "Patriot"


def test_graphml_edge_ids_are_unique(store):
    """GraphML ids are unique in a file; every edge of one relation used to have the id of its name."""
    import xml.etree.ElementTree as ET

    g = actor_network(store, relation="supplies")
    root = ET.fromstring(render(g, "graphml"))
    ids = [e.get("id") for e in root.iter("{http://graphml.graphdrawing.org/xmlns}edge")]
    assert len(ids) == g.number_of_edges() == len(set(ids)) > 1
    assert None not in ids


def test_json_and_csv_exports(store):
    g = actor_network(store, relation="supplies")
    data = json.loads(render(g, "json"))
    assert {"nodes", "links"} <= set(data)
    link = next(x for x in data["links"] if x["source"] == A("Romania"))
    assert link["equipment"] == ["Patriot"] and link["first"] == "2024-06-20"
    assert nx.node_link_graph(data, edges="links").number_of_edges() == 4
    lines = render(g, "csv").decode().splitlines()
    assert lines[0].startswith("source,target,relation,source_label,target_label,weight,killed")
    assert len(lines) == 5
    assert any(",Romania,Ukraine,1," in line and ",Patriot," in line for line in lines)
    assert [r["source_label"] for r in edge_table(g)] == ["Estonia", "Lithuania", "North Korea", "Romania"]


def test_other_graphs_export_too(store, tmp_path):
    for graph in (cooccurrence_network(store), actor_equipment_graph(store)):
        for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
            path = tmp_path / f"g.{fmt}"
            write_graph(graph, path)
            assert reader(path).number_of_edges() == graph.number_of_edges()


# ------------------------------------------------------------------------------ CLI


def _run(store_path, *args):
    return CliRunner().invoke(main, ["--store", f"oxigraph:{store_path}", "network", *args])


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv"])
def test_cli_formats(store_path, tmp_path, fmt):
    out = tmp_path / f"net.{fmt}"
    result = _run(store_path, "--relation", "supplies", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Patriot" in text and "M577" in text and "KN-23" in text
    stdout = _run(store_path, "--relation", "supplies", "--format", fmt)
    assert stdout.exit_code == 0 and "Patriot" in stdout.stdout


def test_cli_metrics_and_filters(store_path):
    result = _run(store_path, "--metrics", "--since", "2024-06-01", "--region", "Donetsk Oblast")
    assert result.exit_code == 0, result.output
    assert "Russia" in result.output and "Ukraine" in result.output and "Romania" not in result.output
    assert _run(store_path, "--since", "yesterday").exit_code == 2
    assert _run(store_path, "--relation", "loves").exit_code == 2


def test_cli_plot_is_a_png(store_path, tmp_path):
    png = tmp_path / "net.png"
    result = _run(store_path, "--plot", str(png))
    assert result.exit_code == 0, result.output
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_plot_of_an_empty_selection(store_path, tmp_path):
    png = tmp_path / "empty.png"
    assert _run(store_path, "--since", "2030-01-01", "--plot", str(png)).exit_code == 0
    assert png.read_bytes()[:4] == b"\x89PNG"


# ------------------------------------------------------------------------------ scale


def synthetic_records(n: int, seed: int = 1) -> list[dict]:
    """``n`` random events over 150 actors, six relations and a year (for timing runs)."""
    rng = random.Random(seed)
    states = [f"State {i}" for i in range(120)]
    people = [f"Person {i}" for i in range(30)]
    places = [(f"Town {i}", f"Region {i % 24}", states[i % 12]) for i in range(400)]
    kinds = [("MissileStrike", "attacker", "target"), ("Shelling", "attacker", None),
             ("MilitaryAid", "donor", "recipient"), ("Sanctions", "imposer", "target"),
             ("DiplomaticVisit", "visitor", "host"), ("Condemnation", "critic", "accused"),
             ("Agreement", "signatory", "signatory")]
    out = []
    for _ in range(n):
        type_, source_role, target_role = kinds[rng.randrange(len(kinds))]
        pool = people if type_ == "DiplomaticVisit" else states
        a, b = rng.sample(pool, 2)
        kind = "Person" if pool is people else "State"
        actors = [{"name": a, "kind": kind, "role": source_role}]
        if target_role:
            actors.append({"name": b, "kind": kind, "role": target_role})
        town, region, country = places[rng.randrange(len(places))]
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(366))
        event = {"type": type_, "date": day.isoformat(),
                 "actors": actors,
                 "locations": [{"name": town, "admin1": region, "country": country}]}
        if source_role == "attacker":
            event["killed"] = rng.randrange(5)
            event["injured"] = rng.randrange(10)
            weapon = rng.choice(["Shahed", "Iskander-M", "Kh-101"])
            event["equipment"] = [{"name": weapon, "category": "Missile"}]
        if type_ == "MilitaryAid":
            event["equipment"] = [{"name": rng.choice(["Patriot", "IRIS-T", "M577", "Leopard 2"]),
                                   "category": "Other"}]
        out.append(event)
    return out


def test_synthetic_network_is_consistent_with_its_records(tmp_path):
    events = synthetic_records(300)
    path = tmp_path / "synthetic.json"
    path.write_text(json.dumps({"source": "synthetic.txt", "events": events}), encoding="utf-8")
    with open_store("memory:") as store:
        ingest(store, [SourceSpec(path)])
        g = actor_network(store, relation="attacks")
    attacks = [e for e in events if e["type"] in ("MissileStrike", "Shelling")]
    assert sum(d["weight"] for _, _, d in g.edges(data=True)) == len(attacks)
    assert sum(d["killed"] for _, _, d in g.edges(data=True)) == sum(e["killed"] for e in attacks)
    assert sum(d["injured"] for _, _, d in g.edges(data=True)) == sum(e["injured"] for e in attacks)


# ------------------------------------------------------------------------------ the development pages

CORPUS = ROOT.parent / "shared" / "corpus" / "live-blogs"


@pytest.fixture(scope="module")
def extracted_store():
    """The two development pages, extracted and stored by the real pipeline."""
    if not CORPUS.is_dir():
        pytest.skip("the development corpus (../shared/corpus) is not here")
    with open_store("memory:") as store:
        ingest(store, [SourceSpec(CORPUS / "eaworldview-2024-01-11.txt", published="2024-01-11"),
                       SourceSpec(CORPUS / "eaworldview-2024-06-20.txt", published="2024-06-20")])
        yield store


def test_aid_network_of_the_extracted_development_pages(extracted_store):
    g = actor_network(extracted_store, relation="supplies")
    edges = {(u, v): d for u, v, _, d in g.edges(keys=True, data=True)}
    assert set(edges) == {(A("Romania"), A("Ukraine")), (A("Lithuania"), A("Ukraine")),
                          (A("Estonia"), A("Ukraine")), (A("North Korea"), A("Russia"))}
    assert "Patriot" in edges[A("Romania"), A("Ukraine")]["equipment"]
    assert "M577" in edges[A("Lithuania"), A("Ukraine")]["equipment"]
    assert edges[A("North Korea"), A("Russia")]["equipment"] == ["KN-23"]


def test_attack_totals_of_the_extracted_pages_equal_their_events(extracted_store):
    from kg.query.named import run_named

    figures = {row["event"]: row for row in run_named(extracted_store, "export-events").dicts()}
    g = actor_network(extracted_store, relation="attacks")
    russia = g.edges[A("Russia"), A("Ukraine"), "attacks"]
    assert russia["weight"] == len(russia["events"]) >= 5
    for key in ("killed", "injured"):
        assert russia[key] == sum(figures[e].get(key) or 0 for e in russia["events"])
    assert russia["killed"] > 0 and russia["injured"] > 0
