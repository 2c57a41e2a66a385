"""ACLED's ``iso`` and ``region`` columns for a country: ISO 3166 numeric codes from pycountry,
ACLED's regions from a fixed table.

ACLED files give each row's country an ISO 3166-1 numeric code and one of ACLED's regions
(Europe, Middle East, Caucasus and Central Asia, ...). The code comes from pycountry (Debian's
iso-codes), the country found by the name the graph gives it through the project's gazetteer
(which knows ACLED's spellings: "Russia", "Democratic Republic of Congo") or, failing that,
pycountry's own names. No package gives ACLED's regions: :data:`ACLED_REGIONS` is the UN M49
subregions regrouped under ACLED's names (Western Asia split into the Middle East and the
Caucasus, Iran with the Middle East, Cyprus with Europe, Mexico with North America, Sudan with
Northern Africa, Angola and the south-east of Africa with Southern Africa).
"""
from __future__ import annotations

import functools

__all__ = ["ACLED_REGIONS", "country_codes"]

ACLED_REGIONS: dict[str, str] = {
    "Europe": "AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT "
              "JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XK",
    "Caucasus and Central Asia": "AM AZ GE KG KZ TJ TM UZ",
    "Middle East": "AE BH IL IQ IR JO KW LB OM PS QA SA SY TR YE",
    "South Asia": "AF BD BT IN LK MV NP PK",
    "Southeast Asia": "BN ID KH LA MM MY PH SG TH TL VN",
    "East Asia": "CN HK JP KP KR MN MO TW",
    "Oceania": "AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU "
               "WF WS",
    "North America": "BM CA GL MX PM US",
    "Central America": "BZ CR GT HN NI PA SV",
    "Caribbean": "AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG "
                 "VI",
    "South America": "AR BO BR BV CL CO EC FK GF GS GY PE PY SR UY VE",
    "Northern Africa": "DZ EG EH LY MA SD TN",
    "Western Africa": "BF BJ CI CV GH GM GN GW LR ML MR NE NG SH SL SN TG",
    "Middle Africa": "CD CF CG CM GA GQ ST TD",
    "Eastern Africa": "BI DJ ER ET IO KE KM MU RE RW SC SO SS TF TZ UG YT",
    "Southern Africa": "AO BW LS MG MW MZ NA SZ ZA ZM ZW",
    "Antarctica": "AQ",
}
"""ACLED region → the ISO 3166-1 alpha-2 codes of its countries and territories (space-separated;
``XK``, Kosovo, is GeoNames' code: ISO has none)."""

_REGION_OF = {code: region for region, codes in ACLED_REGIONS.items() for code in codes.split()}


@functools.lru_cache(maxsize=1024)
def country_codes(country: str) -> tuple[str, str]:
    """``(iso, region)`` as ACLED writes them for a country name (``("804", "Europe")`` for
    Ukraine); an empty string for what is not known (a name of no country, Kosovo's ISO code)."""
    import pycountry

    from kg.gazetteer.lookup import Gazetteer

    if not country.strip():
        return "", ""
    entry = Gazetteer.load().country(country)
    alpha2 = entry.iso if entry is not None and entry.iso else None
    if alpha2 is None:
        try:
            alpha2 = pycountry.countries.lookup(country.strip()).alpha_2
        except LookupError:
            return "", ""
    found = pycountry.countries.get(alpha_2=alpha2)
    iso = str(int(found.numeric)) if found is not None else ""
    return iso, _REGION_OF.get(alpha2, "")
