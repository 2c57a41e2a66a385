"""Places: settlements, admin1 regions, countries, water bodies and features.

Data (``kg/data/``): ``places.tsv.gz`` (generated from GeoNames), ``places_extra.tsv``,
``regions.tsv``, ``countries.tsv`` with ``country_names.tsv``, ``features.tsv`` and
``common_words.txt``. See the README there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.gazetteer.phrases import (
    PhraseIndex,
    Token,
    name_key,
    read_tsv,
    split_list,
    tokenize,
)
from kg.records import Location
from kg.resources import data_path

FRONT_LINE_REGIONS = frozenset(
    {
        "Donetsk Oblast",
        "Luhansk Oblast",
        "Zaporizhzhia Oblast",
        "Kherson Oblast",
        "Kharkiv Oblast",
        "Dnipropetrovsk Oblast",
        "Sumy Oblast",
        "Mykolaiv Oblast",
        "Chernihiv Oblast",
        "Belgorod Oblast",
        "Kursk Oblast",
        "Bryansk Oblast",
    }
)
"""Regions on or next to the front line, preferred when nothing else decides."""

MAJOR_POPULATION = 100_000
_THEATRE = frozenset({"Ukraine", "Russia"})
"""The war's countries: a name shared with a town elsewhere ("St Petersburg") means theirs."""
"""A settlement this large beats smaller namesakes, even in the context country."""
FAMOUS_POPULATION = 500_000
"""A settlement this large keeps its former and foreign names ("Odessa", "Kharkov") as
candidates even where a smaller place bears the name today."""

KIND_ORDER = {"country": 0, "region": 1, "water": 2, "feature": 2, "settlement": 3}

# Tiers: how a candidate matched the text.
NAME, ALIAS, ALTERNATE = 0, 1, 2

_REGION_PATTERNS = {
    "oblast": ("{} Oblast", "{} region", "{} province"),
    "krai": ("{} Krai", "{} Kray", "{} region", "{} territory"),
    "republic": ("Republic of {}", "{} Republic", "{} region"),
    "okrug": ("{} Autonomous Okrug", "{} okrug", "{} region"),
    "aoblast": ("{} region",),
}
_PLACE_NOUNS = frozenset(
    {
        "town",
        "city",
        "village",
        "villages",
        "settlement",
        "hamlet",
        "towns",
        "cities",
        "port",
        "district",
        "suburb",
        "outskirts",
        "community",
        "municipality",
        "capital",
    }
)
_LOCATIVE = frozenset({"in", "near", "outside", "around", "towards", "toward", "from", "into"})
_AFTER_CUES = frozenset(
    {
        "region",
        "oblast",
        "district",
        "raion",
        "province",
        "city",
        "town",
        "village",
        "area",
        "direction",
        "sector",
        "axis",
        "front",
        "outskirts",
    }
)
_REGION_PLURALS = frozenset({"regions", "oblasts", "provinces"})
_TITLES = frozenset(
    {
        "president",
        "minister",
        "ambassador",
        "general",
        "gen",
        "colonel",
        "col",
        "lt",
        "governor",
        "mayor",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "commander",
        "chief",
        "deputy",
        "secretary",
        "chancellor",
        "premier",
        "king",
        "queen",
        "prince",
        "pope",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "lord",
        "senator",
        "sen",
        "rep",
        "admiral",
        "adm",
        "sgt",
        "captain",
        "capt",
        "maj",
        "lieutenant",
        "envoy",
        "patriarch",
        "metropolitan",
        "bishop",
    }
)


@dataclass(eq=False, slots=True)
class PlaceEntry:
    """One place of the gazetteer."""

    geonames_id: int | None
    name: str
    kind: str
    """'settlement', 'region', 'country', 'water' or 'feature'."""
    lat: float | None
    lon: float | None
    admin1: str | None
    """English name of its admin1 region (a region's own name for a region), or None."""
    country: str | None
    """Short name of its country (a country's own name for a country)."""
    population: int = 0
    iso: str | None = None
    """ISO 3166 code: alpha-2 for countries, 3166-2 for regions."""
    aliases: list[str] = field(default_factory=list)

    def to_location(self) -> Location:
        """Return the event-record form of this place."""
        return Location(
            name=self.name,
            geonames_id=self.geonames_id,
            lat=self.lat,
            lon=self.lon,
            admin1=None if self.kind == "country" else self.admin1,
            country=self.country,
            kind=self.kind,
        )

    def __repr__(self) -> str:
        where = ", ".join(x for x in (self.admin1, self.country) if x and x != self.name)
        return f"PlaceEntry({self.name!r}, {self.kind}{', ' + where if where else ''})"


@dataclass(slots=True)
class PlaceMention:
    """A place name found in a text, with every place it may mean (best guess first)."""

    start: int
    end: int
    surface: str
    candidates: list[PlaceEntry]
    tiers: list[int] = field(default_factory=list)
    """Per candidate: 0 matched by its name, 1 by an alias, 2 by a GeoNames alternate name."""

    def resolve(
        self,
        context_regions: set[str] | None = None,
        context_countries: set[str] | None = None,
        default_country: str = "Ukraine",
    ) -> PlaceEntry:
        """Pick one candidate by context (see :func:`resolve_place`)."""
        return resolve_place(
            self.candidates, context_regions, context_countries, default_country, tiers=self.tiers
        )


def resolve_place(
    candidates: list[PlaceEntry],
    context_regions: set[str] | None = None,
    context_countries: set[str] | None = None,
    default_country: str = "Ukraine",
    tiers: list[int] | None = None,
) -> PlaceEntry:
    """Pick the place a name means, from its candidates and the names around it.

    In order of precedence: a candidate in (or being) a region named in the same sentence or
    update; a region, country or feature over a settlement (a region's alias
    "Dnipropetrovsk" over the city Dnipro, once so named; the country Armenia over the
    Colombian city); a settlement of 100,000 people or more over smaller ones ("New York"
    the city, not the Donetsk village also so called; :meth:`PlaceIndex.find` has already
    dropped small places that bore a name only formerly); a candidate in a context country (or,
    with none given, ``default_country``: "Odessa" is Odesa, not the Texan city); one in Ukraine
    or Russia ("St Petersburg"); one in a front-line region ("Konstantinovka" is Kostiantynivka
    in Donetsk Oblast, not the Crimean village of that name); one matched by its own name
    rather than a former or foreign one ("Sloviansk", not Nikopol's old name); the most
    populous; the earlier in the list.

    Args:
        candidates: the candidates of a :class:`PlaceMention` (not empty).
        context_regions: English region names of the context ("Donetsk Oblast").
        context_countries: country short names of the context ("Russia").
        default_country: the country assumed when the context names none.
        tiers: per candidate, how it matched (``PlaceMention.tiers``); all alike if None.

    Returns:
        The best candidate.
    """
    if not candidates:
        raise ValueError("no candidates to resolve")
    regions = context_regions or set()
    countries = context_countries or {default_country}
    tier = tiers if tiers and len(tiers) == len(candidates) else [NAME] * len(candidates)

    def score(k: int) -> tuple:
        c = candidates[k]
        settlement = c.kind == "settlement"
        return (
            c.admin1 in regions or c.name in regions,
            not settlement,
            settlement and c.population >= MAJOR_POPULATION,
            c.country in countries,
            c.country in _THEATRE,
            c.admin1 in FRONT_LINE_REGIONS,
            -tier[k],
            c.population,
            -k,
        )

    return candidates[max(range(len(candidates)), key=score)]


class PlaceIndex:
    """All places, indexed by name for text search and by name or code for lookup."""

    def __init__(self) -> None:
        self.index: PhraseIndex[tuple[int, PlaceEntry]] = PhraseIndex()
        self.regions: dict[str, PlaceEntry] = {}
        """Region by GeoNames admin1 code ("UA.05")."""
        self._region_keys: dict[str, PlaceEntry] = {}
        self.countries: dict[str, PlaceEntry] = {}
        """Country by ISO alpha-2 code."""
        self._country_keys: dict[str, PlaceEntry] = {}
        self.capitals: dict[str, str] = {}
        """Country short name to the name of its capital."""
        self.common_words: frozenset[str] = frozenset()
        self.settlements = 0

    # ------------------------------------------------------------ loading

    @classmethod
    def load(cls) -> PlaceIndex:
        """Read the place files of ``kg/data/``."""
        self = cls()
        self._load_common_words()
        self._load_countries()
        self._load_regions()
        self._load_settlements()
        self._load_features()
        return self

    def _load_common_words(self) -> None:
        words = set()
        with data_path("common_words.txt").open(encoding="utf-8") as fh:
            for line in fh:
                w = line.strip()
                if w and not w.startswith("#"):
                    words.add(name_key(w))
        self.common_words = frozenset(words)

    def _load_countries(self) -> None:
        extra = {row[0]: row for row in read_tsv("country_names.tsv")}
        for row in read_tsv("countries.tsv"):
            iso2, iso3, name, gid, capital, _cap_id, lat, lon, pop, names = row
            names_list = split_list(names)
            more = extra.get(iso2)
            if more:
                if more[1]:
                    names_list.append(name)
                    name = more[1]
                names_list += split_list(more[2])
            entry = PlaceEntry(
                geonames_id=int(gid) if gid else None,
                name=name,
                kind="country",
                lat=float(lat) if lat else None,
                lon=float(lon) if lon else None,
                admin1=None,
                country=name,
                population=int(pop or 0),
                iso=iso2,
                aliases=sorted(set(names_list) - {name}),
            )
            self.countries[iso2] = entry
            self.capitals[name] = capital
            for key in (iso2.casefold(), iso3.casefold()):
                self._country_keys.setdefault(key, entry)
            self._country_keys[name_key(name)] = entry
            self.index.add(name_key(name), (NAME, entry))
            for alias in entry.aliases:
                key = name_key(alias)
                self._country_keys.setdefault(key, entry)
                if not (alias.isupper() and len(alias) <= 3):  # "UK", "US": actors, not places
                    self.index.add(key, (ALIAS, entry))

    def _load_regions(self) -> None:
        for row in read_tsv("regions.tsv"):
            code, iso, name, kind, gid, lat, lon, _src, _capital, bare, bases, aliases = row
            country = self.countries[code[:2]].name
            names = split_list(aliases)
            for base in split_list(bases):
                names += [p.format(base) for p in _REGION_PATTERNS.get(kind, ())]
                if bare == "1" or kind == "republic":
                    names.append(base)
            entry = PlaceEntry(
                geonames_id=int(gid) if gid else None,
                name=name,
                kind="region",
                lat=float(lat) if lat else None,
                lon=float(lon) if lon else None,
                admin1=name,
                country=country,
                iso=iso,
                aliases=sorted(set(names) - {name}),
            )
            self.regions[code] = entry
            self._region_keys[name_key(name)] = entry
            for alias in entry.aliases:
                self._region_keys.setdefault(name_key(alias), entry)
            if kind == "city":  # Kyiv City: the text means the city, a settlement
                continue
            self.index.add(name_key(name), (NAME, entry))
            for alias in entry.aliases:
                self.index.add(name_key(alias), (ALIAS, entry))
            for base in split_list(bases):  # "Donetsk" alone: for region(), not in text
                self._region_keys.setdefault(name_key(base), entry)

    def _settlement(
        self, gid: str, name: str, lat: str, lon: str, cc: str, admin1: str, pop: str
    ) -> PlaceEntry:
        region = self.regions.get(f"{cc}.{admin1}")
        country = self.countries.get(cc)
        return PlaceEntry(
            geonames_id=int(gid) if gid else None,
            name=name,
            kind="settlement",
            lat=float(lat),
            lon=float(lon),
            admin1=region.name if region else None,
            country=country.name if country else cc,
            population=int(pop or 0),
        )

    def _load_settlements(self) -> None:
        add = self.index.add
        for gid, name, lat, lon, cc, admin1, pop, keys in read_tsv("places.tsv.gz"):
            entry = self._settlement(gid, name, lat, lon, cc, admin1, pop)
            add(name_key(name), (NAME, entry))
            if keys:
                for key in keys.split("|"):
                    add(key, (ALTERNATE, entry))
            self.settlements += 1
        for gid, name, lat, lon, cc, admin1, pop, aliases, _note in read_tsv("places_extra.tsv"):
            entry = self._settlement(gid, name, lat, lon, cc, admin1, pop)
            entry.aliases = split_list(aliases)
            add(name_key(name), (NAME, entry))
            for alias in entry.aliases:
                add(name_key(alias), (ALTERNATE, entry))
            self.settlements += 1

    def _load_features(self) -> None:
        for name, kind, gid, lat, lon, country, admin1, aliases in read_tsv("features.tsv"):
            entry = PlaceEntry(
                geonames_id=int(gid) if gid else None,
                name=name,
                kind=kind,
                lat=float(lat) if lat else None,
                lon=float(lon) if lon else None,
                admin1=admin1 or None,
                country=country or None,
                aliases=split_list(aliases),
            )
            if kind == "region":
                self._region_keys.setdefault(name_key(name), entry)
            self.index.add(name_key(name), (NAME, entry))
            for alias in entry.aliases:
                self.index.add(name_key(alias), (ALIAS, entry))

    # ------------------------------------------------------------ lookup

    def region(self, name: str) -> PlaceEntry | None:
        """Return an admin1 region by English name, alias or ISO code ("Donetsk", "UA-14")."""
        key = name_key(name)
        if key.startswith("the "):
            key = key[4:]
        found = self._region_keys.get(key)
        if found is None:
            iso = name.strip().upper()
            found = next((r for r in self.regions.values() if r.iso == iso), None)
        return found

    def country(self, name: str) -> PlaceEntry | None:
        """Return a country by short or official name, alias, or ISO alpha-2/alpha-3 code."""
        key = name_key(name)
        if key.startswith("the "):
            key = key[4:]
        return self._country_keys.get(key)

    def lookup(self, name: str) -> list[PlaceEntry]:
        """Return every place of a name or alias, best known first."""
        return [e for _, e in sorted(self.index.get(name_key(name)), key=_rank)]

    # ------------------------------------------------------------ search

    def find(self, text: str) -> list[PlaceMention]:
        """Find place names in a text.

        Names must start with a capital letter; settlement names that are also common
        English words need a place cue. "Kharkiv city" is the city and "Kharkiv region" the
        region; in "the Vinnytsia, Kyiv and Donetsk regions" each name is a region.

        Returns:
            Mentions in text order, each with its candidates (best guess first).
        """
        tokens = tokenize(text)
        found: list[tuple[int, int, list[tuple[int, PlaceEntry]]]] = []
        for i, j, payloads in self.index.search(tokens, self._accept):
            if self._person_context(tokens, i):
                continue
            payloads = _best_per_entry(payloads)
            if j < len(tokens) and tokens[j].norm == "city" and not tokens[j].cap:
                cities = [p for p in payloads if p[1].kind == "settlement"]
                if cities:
                    payloads, j = cities, j + 1
            found.append((i, j, payloads))
        self._mark_region_lists(tokens, found)
        return [
            PlaceMention(
                start=tokens[i].start,
                end=tokens[j - 1].end,
                surface=text[tokens[i].start : tokens[j - 1].end],
                candidates=[e for _, e in payloads],
                tiers=[t for t, _ in payloads],
            )
            for i, j, payloads in found
        ]

    def _accept(
        self, tokens: list[Token], i: int, j: int, payloads: list[tuple[int, PlaceEntry]]
    ) -> list[tuple[int, PlaceEntry]]:
        if not tokens[i].cap:
            return []
        if all(t.norm in self.common_words for t in tokens[i:j]) and not _place_cue(tokens, i, j):
            payloads = [p for p in payloads if p[1].kind != "settlement"]
        return payloads

    @staticmethod
    def _person_context(tokens: list[Token], i: int) -> bool:
        """A name right after a title ("President", "Gen.") is a person's, not a place's."""
        return i > 0 and tokens[i - 1].cap and tokens[i - 1].norm in _TITLES

    def _mark_region_lists(
        self, tokens: list[Token], found: list[tuple[int, int, list[tuple[int, PlaceEntry]]]]
    ) -> None:
        """In "the Kyiv, Sumy and Kharkiv regions", make each name mean its region."""
        k = 0
        while k < len(found):
            chain = [k]
            while chain[-1] + 1 < len(found):
                _, end, _ = found[chain[-1]]
                nxt, _, _ = found[chain[-1] + 1]
                between = [t.norm for t in tokens[end:nxt]]
                if all(w in ("and", "or") for w in between) and len(between) <= 1:
                    chain.append(chain[-1] + 1)
                else:
                    break
            _, last_end, _ = found[chain[-1]]
            if last_end < len(tokens) and tokens[last_end].norm in _REGION_PLURALS:
                for m in chain:
                    i, j, payloads = found[m]
                    regions = [
                        (ALIAS, r)
                        for r in {id(r): r for r in self._regions_named(tokens, i, j, payloads)}.values()
                    ]
                    if regions:
                        found[m] = (i, j, regions)
            k = chain[-1] + 1

    def _regions_named(
        self, tokens: list[Token], i: int, j: int, payloads: list[tuple[int, PlaceEntry]]
    ) -> list[PlaceEntry]:
        key = " ".join(t.norm for t in tokens[i:j])
        own = [e for _, e in payloads if e.kind == "region"]
        if own:
            return own
        found = self._region_keys.get(key) or self._region_keys.get(key + " region")
        return [found] if found else []


def _best_per_entry(payloads: list[tuple[int, PlaceEntry]]) -> list[tuple[int, PlaceEntry]]:
    """Sort candidates best first, each entry once (with its best tier).

    Where a settlement bears the name today, settlements that bore it once or bear it in
    another language are dropped ("Pokrovsk" is not Engels, formerly Pokrovsk), unless they
    are large (Odesa for "Odessa") or on the front line.
    """
    seen: set[int] = set()
    out = []
    for p in sorted(payloads, key=_rank):
        if id(p[1]) not in seen:
            seen.add(id(p[1]))
            out.append(p)
    if any(t == NAME and e.kind == "settlement" for t, e in out):
        out = [
            (t, e)
            for t, e in out
            if t != ALTERNATE or e.population >= FAMOUS_POPULATION or e.admin1 in FRONT_LINE_REGIONS
        ]
    return out


def _rank(payload: tuple[int, PlaceEntry]) -> tuple:
    tier, e = payload
    return (tier, KIND_ORDER.get(e.kind, 9), -e.population, e.geonames_id or 0)


def _place_cue(tokens: list[Token], i: int, j: int) -> bool:
    """Whether words around ``tokens[i:j]`` say it is a place: "village of X", "in X", "X region"."""
    before = [t.norm for t in tokens[max(0, i - 2) : i]]
    if before and before[-1] in _LOCATIVE and not tokens[i].initial:
        return True
    if len(before) == 2 and before[1] == "of" and before[0] in _PLACE_NOUNS:
        return True
    if before and before[-1] in _PLACE_NOUNS:
        return True
    return j < len(tokens) and tokens[j].norm in _AFTER_CUES
