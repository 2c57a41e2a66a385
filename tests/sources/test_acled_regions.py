"""ACLED's iso and region columns for any country name (kg.sources.acled_regions)."""
from __future__ import annotations

import pycountry
import pytest

from kg.sources.acled_regions import ACLED_REGIONS, country_codes


def test_every_iso_country_is_in_exactly_one_acled_region() -> None:
    codes = [code for listed in ACLED_REGIONS.values() for code in listed.split()]
    assert len(codes) == len(set(codes))
    assert {c.alpha_2 for c in pycountry.countries} <= set(codes)
    assert len(ACLED_REGIONS) == 17


@pytest.mark.parametrize(("name", "codes"), [
    ("Ukraine", ("804", "Europe")), ("Russia", ("643", "Europe")),  # ACLED's name, not ISO's
    ("Turkey", ("792", "Middle East")), ("Iran", ("364", "Middle East")),
    ("Georgia", ("268", "Caucasus and Central Asia")), ("Ivory Coast", ("384", "Western Africa")),
    ("Afghanistan", ("4", "South Asia")),  # ACLED writes the code as a number, no leading zeros
    ("Kosovo", ("", "Europe")),  # no ISO code
    ("Atlantis", ("", "")), ("", ("", ""))])
def test_country_codes(name: str, codes: tuple[str, str]) -> None:
    assert country_codes(name) == codes
