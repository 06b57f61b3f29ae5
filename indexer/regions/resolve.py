"""Place resolution: which division a piece of text (an issuer, a title) names.

How text is read is described in :mod:`indexer.regions`; :func:`resolve_region` is the
entry point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.regions.gazetteer import Entry, Gazetteer, Unit, code6, gazetteer, municipalities


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


def _right_ok(gaz: Gazetteer, text: str, j: int) -> bool:
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
    county: Unit | None = None
    zone: str = ""
    historic: bool = False

    def consistent(self, u: Unit) -> bool:
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

    def apply(self, u: Unit) -> None:
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


def _mentions(gaz: Gazetteer, text: str, i: int, last_end: int) -> list[tuple[int, list[Entry]]]:
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


def _narrow(entries: list[Entry], zone_follows: bool, hints: _Hints | None) -> list[Unit]:
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

    def pick(self, units: list[Unit]) -> list[Unit]:
        def city_of(u: Unit) -> str:
            return u.code[:4] if u.level == "prefecture" else u.city_code

        by_city = [u for u in units if city_of(u) and city_of(u) in self.cities]
        if by_city:
            return by_city
        by_prov = [u for u in units if u.prov_code in self.provs]
        return by_prov or units


def _named_units(gaz: Gazetteer, text: str, full_names_only: bool = False) -> list[Unit]:
    """Units ``text`` names unambiguously, left to right (short forms unless excluded)."""
    found_units: list[Unit] = []
    i, last_end = 0, -1
    while i < len(text):
        found = _mentions(gaz, text, i, last_end)
        if full_names_only:
            found = [(n, [e for e in entries if not e.alias]) for n, entries in found if n > 2]
            found = [(n, entries) for n, entries in found if entries]
        if not found:
            i += 1
            continue
        n, entries = found[0]
        units = _narrow(entries, False, None)
        if len(units) == 1:
            found_units.append(units[0])
        i, last_end = i + n, i + n
    return found_units


def _city_code(u: Unit) -> str:
    """The 4-digit code of a unit's prefecture; "" for provinces and 省直辖县级市."""
    if u.level == "prefecture":
        return u.code[:4]
    return u.city_code if u.level == "county" and u.city_code != u.prov_code else ""


def _context_hints(gaz: Gazetteer, context: str) -> _Hints:
    hints = _Hints({}, {})
    for u in _named_units(gaz, context):
        hints.provs[u.prov_code] = u.prov_name
        if city := _city_code(u):
            hints.cities[city] = u.name if u.level == "prefecture" else u.city_name
    return hints


def _common(units: list[Unit]) -> _State:
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


def _scan(text: str, hints: _Hints | None) -> tuple[_State, list[Unit]]:
    """Read ``text`` left to right; return what it pins down and any ambiguous tail."""
    gaz = gazetteer()
    st = _State()
    pending: list[Unit] = []
    i, last_end, last_word = 0, -1, ""
    while i < len(text) and not (st.county or st.zone):
        if text.startswith("中共", i):  # so 中共和县县委 is not read as 共和县
            i = last_end = i + 2
            continue
        zone = _zone_at(text, i) if (st.prov or st.city) and i == last_end else None
        chosen: tuple[int, list[Unit]] | None = None
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


def _to_region(st: _State, pending: list[Unit]) -> Region:
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
    if not city and st.prov and (st.county or st.zone) and st.prov[0] in municipalities():
        city = prov  # a zone in a municipality (北京经济技术开发区) still gets a city
    if st.county:
        return Region(prov, city, st.county.name, st.county.code, "county", st.historic)
    if st.zone or county_name:
        return Region(prov, city, st.zone or county_name, "", "county", st.historic)
    if st.city:
        return Region(prov, city, "", code6(st.city[0]), "prefecture", st.historic)
    if st.prov:
        return Region(prov, "", "", code6(st.prov[0]), "provincial", st.historic)
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
    gaz = gazetteer()
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



def common_place(text: str) -> Region:
    """The place every division ``text`` names by its full name agrees on, or ``Region()``.

    For prose such as a notice's opening paragraphs, where a place is only *mentioned*:
    short forms are ignored (too many are ordinary words), the province must be the
    same for every mention, the city is kept when all mentions lie in one, and a county
    when it is the only one named. Mentions of two provinces give nothing.
    """
    units = [u for u in _named_units(gazetteer(), text, full_names_only=True) if not u.historic]
    if len({u.prov_code for u in units}) != 1:
        return Region()
    st = _State(prov=(units[0].prov_code, units[0].prov_name))
    cities = {_city_code(u) for u in units if u.level != "province"}
    if len(cities) == 1 and "" not in cities:
        st.city = next((c, u.name if u.level == "prefecture" else u.city_name)
                       for u in units if (c := _city_code(u)))
    counties = {u for u in units if u.level == "county"}
    if len(counties) == 1 and (county := counties.pop()).city_code in ("", *cities):
        st.apply(county)
    return _build(st)


def place_prefix(text: str) -> str:
    """The run of division names, official or short, that ``text`` ends with ("" if none).

    ``部署岳阳市`` → ``岳阳市``; ``湖南省岳阳市`` → ``湖南省岳阳市``. Used to give a team
    its place (``岳阳市委第三巡察组``) without taking the words before it.
    """
    gaz = gazetteer()
    ends_here = {len(text)}  # positions from which the rest of text is all names
    best = len(text)
    for start in range(len(text) - 2, max(-1, len(text) - 4 * gaz.max_len), -1):
        if any(end in ends_here and text[start:end] in gaz.keys
               for end in range(start + 2, min(len(text), start + gaz.max_len) + 1)):
            ends_here.add(start)
            best = start
    return text[best:]
