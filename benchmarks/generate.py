"""Seeded synthetic ACLED-format data: 10k, 100k or 1M events that look like the war's.

Places are real Ukrainian settlements from the shipped gazetteer (``kg/data/places.tsv.gz``,
GeoNames), weighted by a Zipf-like law over their population rank, so that a few front-line
towns and cities carry most events as in real data. Actors, sub-event types, sources and
fatalities follow skewed distributions too; dates run over 2022-02-24 .. 2025-12-31 with
more events in the intense periods. The same seed and size always give the same file.

Region names are written as the project names them ("Donetsk Oblast"). ACLED itself writes
"Donetsk", which makes an oblast and its capital city ("Donetsk", "Odesa") one node with
two kinds on import (see the README of ``benchmarks/``).

    python -m benchmarks.generate --size 10000            # benchmarks/data/acled-10000.csv
"""
from __future__ import annotations

import argparse
import bisect
import csv
import gzip
import itertools
import random
from datetime import date, timedelta
from pathlib import Path

from kg.namespaces import slug
from kg.sources.acled import ACLED_COLUMNS

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent
PLACES = ROOT / "kg" / "data" / "places.tsv.gz"
REGIONS = ROOT / "kg" / "data" / "regions.tsv"

# (sub-event type, ACLED event type, weight); refined types come from the notes
SUB_EVENTS = [
    ("Shelling/artillery/missile attack", "Explosions/Remote violence", 55),
    ("Air/drone strike", "Explosions/Remote violence", 20),
    ("Armed clash", "Battles", 14),
    ("Remote explosive/landmine/IED", "Explosions/Remote violence", 3),
    ("Disrupted weapons use", "Strategic developments", 3),
    ("Attack", "Violence against civilians", 2),
    ("Government regains territory", "Battles", 1),
    ("Non-state actor overtakes territory", "Battles", 1),
    ("Grenade", "Explosions/Remote violence", 0.5),
    ("Agreement", "Strategic developments", 0.3),
    ("Peaceful protest", "Protests", 0.2),  # no event type: skipped on import, as in real files
]
RUSSIA = "Military Forces of Russia (2000-)"
UKRAINE = "Military Forces of Ukraine (2019-)"
ACTORS_1 = [  # (actor, inter code, weight) for the attacking side
    (RUSSIA, "1", 70), (UKRAINE, "1", 22), ("Wagner Group", "2", 2),
    ("Military Forces of Russia (2000-) Air Force", "1", 3),
    ("Military Forces of Ukraine (2019-) Territorial Defense Forces", "1", 1),
    ("DPR: Donetsk People's Republic", "2", 1), ("LPR: Luhansk People's Republic", "2", 1),
]
ASSOC = ["", "", "", "", "", "", "Wagner Group", "Akhmat Special Forces",
         "Military Forces of Belarus (1994-)", "Russian Volunteer Corps"]
SOURCES = [("General Staff of the Armed Forces of Ukraine", "National", 30),
           ("Ukrainska Pravda", "National", 20), ("Regional administration", "Subnational", 18),
           ("Ministry of Defence of Russia", "National", 12), ("Suspilne", "Subnational", 8),
           ("Kyiv Independent", "National", 6), ("Telegram channel", "New media", 6)]
NOTES = {
    "Shelling/artillery/missile attack": [
        "Russian forces shelled {loc} with artillery.", "Russian forces struck {loc} with a missile.",
        "Russian forces fired MLRS rockets at {loc}.", "Ukrainian forces shelled {loc}."],
    "Air/drone strike": [
        "Russian forces launched Shahed drones at {loc}.", "Russian aviation dropped guided bombs on {loc}.",
        "An FPV drone hit a car in {loc}.", "Ukrainian drones struck a depot near {loc}."],
}
STARTS = [(date(2022, 2, 24), 8), (date(2022, 9, 1), 5), (date(2023, 6, 1), 6),
          (date(2024, 1, 1), 7), (date(2025, 1, 1), 6), (date(2025, 12, 31), 0)]


def _zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return [1.0 / (rank ** s) for rank in range(1, n + 1)]


class _Picker:
    def __init__(self, items: list, weights: list[float], rng: random.Random) -> None:
        self.items = items
        self.cum = list(itertools.accumulate(weights))
        self.rng = rng

    def __call__(self):
        return self.items[bisect.bisect(self.cum, self.rng.random() * self.cum[-1])]


def load_places(limit: int = 1500) -> list[tuple[str, float, float, str]]:
    """The ``limit`` most populous Ukrainian settlements: (name, lat, lon, region name),
    one per name slug (same-named villages are left out: ACLED rows carry no GeoNames id)."""
    regions = {}
    for line in REGIONS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("code\t"):
            continue
        cells = line.split("\t")
        if cells[0].startswith("UA."):
            regions[cells[0][3:]] = cells[2]
    rows = []
    with gzip.open(PLACES, "rt", encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            gid, name, lat, lon, country, admin1, population, *_ = line.rstrip("\n").split("\t")
            if country == "UA" and admin1 in regions:
                rows.append((int(population or 0), name, float(lat), float(lon), regions[admin1]))
    rows.sort(key=lambda r: (-r[0], r[1]))
    seen, out = set(), []
    for _, name, lat, lon, region in rows:
        key = slug(name)
        if key in seen:
            continue
        seen.add(key)
        out.append((name, lat, lon, region))
        if len(out) >= limit:
            break
    return out


def _date_picker(rng: random.Random):
    spans = []
    for (start, weight), (end, _) in itertools.pairwise(STARTS):
        days = (end - start).days
        spans.append(((start, days), weight * days))
    pick = _Picker([s for s, _ in spans], [w for _, w in spans], rng)

    def one() -> date:
        start, days = pick()
        return start + timedelta(days=rng.randrange(days))

    return one


def generate(size: int, seed: int = 20240620, out: Path | None = None) -> Path:
    """Write ``size`` rows to ``out`` (default ``benchmarks/data/acled-<size>.csv``); return it."""
    out = out or DATA / f"acled-{size}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    places = load_places()
    place = _Picker(places, _zipf_weights(len(places)), rng)
    sub = _Picker(SUB_EVENTS, [w for *_, w in SUB_EVENTS], rng)
    actor1 = _Picker(ACTORS_1, [w for *_, w in ACTORS_1], rng)
    source = _Picker(SOURCES, [w for *_, w in SOURCES], rng)
    when = _date_picker(rng)
    tmp = out.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ACLED_COLUMNS)
        for i in range(size):
            name, lat, lon, region = place()
            sub_type, event_type, _ = sub()
            a1, inter1, _ = actor1()
            day = when()
            civilian = sub_type in ("Attack",) or rng.random() < 0.25
            if civilian:
                a2, inter2 = "Civilians (Ukraine)", "7"
            elif sub_type == "Armed clash" or rng.random() < 0.5:
                a2, inter2 = (UKRAINE, "1") if a1 != UKRAINE else (RUSSIA, "1")
            else:
                a2, inter2 = "", ""
            fatalities = 0 if rng.random() < 0.62 else min(int(rng.paretovariate(1.3)), 500)
            src, scale, _ = source()
            templates = NOTES.get(sub_type, ["Fighting was reported near {loc}."])
            notes = rng.choice(templates).format(loc=name)
            if fatalities:
                notes += f" {fatalities} killed."
            precision = "1" if rng.random() < 0.9 else rng.choice("23")
            geo_precision = "1" if rng.random() < 0.85 else rng.choice("23")
            inter_pair = "".join(sorted(c for c in (inter1, inter2) if c))
            row = {
                "event_id_cnty": f"UKR{i + 1:07d}", "event_date": day.isoformat(),
                "year": str(day.year), "time_precision": precision,
                "disorder_type": "Political violence" if event_type not in (
                    "Strategic developments", "Protests") else (
                    "Strategic developments" if event_type == "Strategic developments" else "Demonstrations"),
                "event_type": event_type, "sub_event_type": sub_type,
                "actor1": a1, "assoc_actor_1": rng.choice(ASSOC) if inter1 == "1" else "",
                "inter1": inter1, "actor2": a2, "assoc_actor_2": "", "inter2": inter2,
                "interaction": inter_pair, "civilian_targeting": "Civilian targeting" if civilian else "",
                "iso": "804", "region": "Europe", "country": "Ukraine", "admin1": region,
                "admin2": "", "admin3": "", "location": name,
                "latitude": f"{lat:.4f}", "longitude": f"{lon:.4f}", "geo_precision": geo_precision,
                "source": src, "source_scale": scale, "notes": notes,
                "fatalities": str(fatalities), "tags": "", "timestamp": str(1_700_000_000 + i),
            }
            writer.writerow([row[c] for c in ACLED_COLUMNS])
    tmp.replace(out)
    return out


def cached(size: int, seed: int = 20240620) -> Path:
    """The data file of that size, generated once (``benchmarks/data/`` is not committed)."""
    out = DATA / f"acled-{size}.csv" if seed == 20240620 else DATA / f"acled-{size}-{seed}.csv"
    return out if out.exists() else generate(size, seed, out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20240620)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    print(generate(args.size, args.seed, args.out))


if __name__ == "__main__":
    main()
