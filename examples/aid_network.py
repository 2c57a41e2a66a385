"""The military-aid network of one period: who gave to whom, the top donors, and the systems
they gave.

Copy and adapt. Run from a checkout, after ingesting something::

    python examples/aid_network.py --store oxigraph:./kg-store --since 2024-06-01 --until 2024-06-30
    python examples/aid_network.py --graphml aid.graphml --plot aid.png   # for Gephi, and a picture
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict

from kg.errors import KGError
from kg.network import actor_equipment_graph, actor_network, draw_network, node_metrics, write_graph
from kg.store import default_store_url, open_store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Military-aid network of a period: top donors and the systems they gave.")
    parser.add_argument("--store", default=None,
                        help="store URL (default: $KG_STORE, else oxigraph:./kg-store)")
    parser.add_argument("--since", help="first day, YYYY-MM-DD")
    parser.add_argument("--until", help="last day, YYYY-MM-DD")
    parser.add_argument("--top", type=int, default=10, help="how many donors to list (default 10)")
    parser.add_argument("--graphml", help="also write the aid network as GraphML (for Gephi)")
    parser.add_argument("--plot", help="also draw the aid network to this PNG")
    args = parser.parse_args(argv)

    try:
        with open_store(args.store or default_store_url(), read_only=True) as store:
            # donor -> recipient edges, one per pair: events, dates, equipment names
            aid = actor_network(store, relation="supplies", since=args.since, until=args.until)
            # actor - equipment links, with the quantities reported
            systems = actor_equipment_graph(store, since=args.since, until=args.until, link="supplied")
    except KGError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    period = f"{args.since or 'the start'} to {args.until or 'now'}"
    events = sum(d["weight"] for *_, d in aid.edges(data=True))
    print(f"Military aid, {period}: {aid.number_of_edges()} donor-recipient links "
          f"among {aid.number_of_nodes()} actors, {events} events")
    if aid.number_of_edges() == 0:
        return 0

    # donors ranked by aid events given
    given: Counter[str] = Counter()
    recipients: dict[str, set[str]] = defaultdict(set)
    for donor, recipient, data in aid.edges(data=True):
        given[donor] += data["weight"]
        recipients[donor].add(aid.nodes[recipient]["label"])

    print("\nTop donors (aid events given):")
    for donor, events in given.most_common(args.top):
        gave = []
        if donor in systems:
            for equipment in systems[donor]:
                link = systems.edges[donor, equipment]
                quantity = f" x{link['quantity']}" if link["quantity"] else ""
                gave.append(f"{systems.nodes[equipment]['label']}{quantity}")
        to = ", ".join(sorted(recipients[donor]))
        named = ", ".join(sorted(gave)) or "(none named)"
        print(f"  {aid.nodes[donor]['label']:<24} {events:>4}  to {to}; systems: {named}")

    print("\nRecipients (aid events received):")
    received = Counter({n: w for n, w in aid.in_degree(weight="weight") if w})
    for recipient, events in received.most_common(args.top):
        print(f"  {aid.nodes[recipient]['label']:<24} {events:>4}")

    print("\nCentrality in the aid network:")
    for row in node_metrics(aid)[: args.top]:
        print(f"  {row['rank']:>2}. {row['label']:<24} PageRank {row['pagerank']:.3f}"
              f"  community {row['community']}")

    if args.graphml:
        write_graph(aid, args.graphml, "graphml")
        print(f"\nwrote {args.graphml}")
    if args.plot:
        draw_network(aid, args.plot, title=f"Military aid, {period}")
        print(f"wrote {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
