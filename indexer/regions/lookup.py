"""Query-time lookup: filter values and region lists for the search side and the bench.

Reads the gazetteer only; nothing here parses notice text.
"""

from __future__ import annotations

from collections.abc import Iterable

from indexer.regions.gazetteer import Unit, gazetteer

_FIELD_LEVEL = {"province": "province", "city": "prefecture", "county": "county"}


def _by_level(level: str) -> list[Unit]:
    return [u for u in gazetteer().units if u.level == level]


def canonical_province(value: str) -> str | None:
    """``湖南`` / ``湖南省`` → ``湖南省``; ``None`` when it names no provincial unit."""
    value = (value or "").strip()
    for entry in gazetteer().keys.get(value, ()):
        if entry.unit.level == "province" and not entry.unit.historic:
            return entry.unit.name
    return None


# Endings that make an unknown value read as a full name (大鹏新区) rather than noise.
_FULL_FORM = {
    "province": ("省", "自治区", "市", "特别行政区"),
    "city": ("市", "州", "地区", "盟"),
    "county": ("区", "县", "市", "旗", "特区", "林区"),
}


def expand_region_value(field: str, value: str) -> list[str]:
    """Every official full name at ``field``'s level that ``value`` may mean.

    A filter typed as ``汨罗`` must still match documents stored as ``汨罗市``, and
    ``朝阳`` must match every 朝阳区/朝阳县 rather than a guessed one.  A known full
    name passes through unchanged; so does an unknown value that is already written
    as a full name (``大鹏新区``), because zones are stored under the name the text
    used.  ``city`` includes municipalities, since their districts carry them as city.
    """
    if field not in _FIELD_LEVEL:
        raise ValueError(f"unknown region field {field!r}; use province, city or county")
    value = (value or "").strip()
    if not value:
        return []
    level = _FIELD_LEVEL[field]
    entries = gazetteer().keys.get(value, [])

    def fits(u: Unit) -> bool:
        return u.level == level or (field == "city" and u.municipality)

    units = [e.unit for e in entries if fits(e.unit)]
    if any(u.name == value for u in units):
        return [value]
    # As in resolve_region, a current name wins: 汨罗 means 汨罗市, not the 汨罗县 of
    # 1980; historic names are offered only when nothing current matches (江干).
    units = sorted([u for u in units if not u.historic] or units, key=lambda u: u.code)
    names = list(dict.fromkeys(u.name for u in units))
    if names:
        return names
    if value.endswith(_FULL_FORM[field]) and len(value) >= 3:
        return [value]
    return []


def province_names() -> list[str]:
    """The 34 provincial units, official names, in code order."""
    return [u.name for u in sorted(gazetteer().provinces, key=lambda u: u.code)]


def _province_unit(province: str) -> Unit | None:
    name = canonical_province(province)
    return next((u for u in gazetteer().provinces if u.name == name), None)


def cities_of(province: str) -> list[tuple[str, str]]:
    """Current prefecture-level units of ``province`` as (name, code).

    A municipality is its own city (``北京市`` → ``[("北京市", "110000")]``), matching
    how ``Region.city`` is filled for its districts.
    """
    prov = _province_unit(province)
    if prov is None:
        return []
    if prov.municipality:
        return [(prov.name, prov.code)]
    return [
        (u.name, u.code) for u in _current(_by_level("prefecture")) if u.prov_code == prov.prov_code
    ]


def counties_of(province: str, city: str) -> list[tuple[str, str]]:
    """Current county-level units under ``city`` as (name, code).

    ``city == ""`` lists the county-level units directly under the province
    (仙桃市, 石河子市 …); a municipality passes itself as ``city``.
    """
    prov = _province_unit(province)
    if prov is None:
        return []
    counties = [u for u in _current(_by_level("county")) if u.prov_code == prov.prov_code]
    if prov.municipality:
        return [(u.name, u.code) for u in counties] if city in ("", prov.name) else []
    if not city:
        return [(u.name, u.code) for u in counties if not u.city_code]
    codes = {
        u.code[:4]
        for e in gazetteer().keys.get(city.strip(), [])
        if (u := e.unit).level == "prefecture" and not u.historic and u.prov_code == prov.prov_code
    }
    return [(u.name, u.code) for u in counties if u.city_code in codes]


def _current(units: Iterable[Unit]) -> list[Unit]:
    return sorted((u for u in units if not u.historic), key=lambda u: u.code)

