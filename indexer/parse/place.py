"""Where a notice belongs and at what level, with the evidence that decided each.

Issuers often name no place (``市市场监管局党组``) or a place the gazetteer cannot
settle alone, while the page still says where it is. The region is read from each kind
of evidence in order of trust, the first that names a province winning:

1. ``issuer``: the issuer's name (from the title, the signature or the opening);
2. ``title``: the title beyond the issuer;
3. ``inspected``: the unit the opening says was inspected (对汨罗市进行了巡视);
4. ``source``: the page's 来源/发布机构 line;
5. ``document``: the notice's own rules and documents (《中共某某市委巡察工作实施办法》,
   《某某区交通运输局财务制度》), when they all agree;
6. ``inspector``: the team's place (岳阳市委第三巡察组);
7. ``mentions``: places the opening paragraphs name, when they all agree.

Places that are the *object* of help (支持某某市…, 对口帮扶某某县) are never evidence.
Each reading uses the others only to choose between same-named places (宝山区).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.parse.issuer import CENTRAL_RE, issuer_tier
from indexer.regions import Region, common_place, resolve_region
from indexer.simplified import simplified

# 支持某某市…, 对口帮扶某某县: a place helped is not the place of the notice.
_HELPED_RE = re.compile(
    r"(?:对口帮扶|对口支援|对口援助|对口协作|东西部协作|结对帮扶|帮扶|援助|援建|支援|支持|协作)"
    r"[^，,。；;、]{0,30}")
_INSPECTED_RE = re.compile(r"对(.{2,24}?)(?:党组|党委|党工委|班子)?(?:进行了|开展了|开展)")
# A document of the notice's own: 《(中共)某地…》 whose name starts with a place and a body.
_DOCUMENT_RE = re.compile(
    r"《((?:中共)?[^《》，。]{2,16}?(?:省|自治区|市|州|盟|县|区|旗)"
    r"(?:委|人民政府|政府|[^《》，。]{0,12}?(?:局|厅|委员会|办公室|部|中心))[^《》]*)》")


@dataclass(frozen=True)
class PlaceEvidence:
    """What a notice says about where it belongs, as published or simplified alike."""

    issuer: str = ""
    title: str = ""
    opening: str = ""  # the paragraphs before the first heading
    source: str = ""  # the page's 来源 and 发布机构 values
    body: str = ""  # the whole text, for the documents it cites
    inspector: str = ""


def _unhelped(text: str) -> str:
    return _HELPED_RE.sub("，", text)


def _documents_region(body: str) -> Region:
    """The place all the notice's own documents agree on, as specific as they agree."""
    regions = [r for m in _DOCUMENT_RE.finditer(body) if (r := resolve_region(m.group(1))).province]
    if not regions:
        return Region()
    first = regions[0]
    if all(r == first for r in regions):
        return first
    for depth in (("province", "city"), ("province",)):
        named = [tuple(getattr(r, f) for f in depth) for r in regions]
        if len(set(named)) == 1 and all(named[0]):
            return resolve_region("".join(named[0]))
    return Region()


def find_region(ev: PlaceEvidence) -> tuple[Region, str]:
    """The notice's region and which evidence decided it ("" when none names a province)."""
    issuer, title, source = simplified(ev.issuer), simplified(ev.title), simplified(ev.source)
    opening, inspector = _unhelped(simplified(ev.opening)), simplified(ev.inspector)
    context = "\n".join((opening, source, inspector))
    readings = [("issuer", lambda: resolve_region(issuer, context=context)),
                ("title", lambda: resolve_region(title, context=context))]
    if not CENTRAL_RE.match(issuer or title):
        target = _INSPECTED_RE.search(opening)
        readings.append(("inspected", lambda: resolve_region(target.group(1), context=context)
                         if target else Region()))
    readings += [
        ("source", lambda: resolve_region(source, context=context)),
        ("document", lambda: _documents_region(_unhelped(simplified(ev.body)))),
        ("inspector", lambda: resolve_region(inspector, context=context)),
        ("mentions", lambda: common_place(opening)),
    ]
    for name, read in readings:
        if (region := read()).province:
            return region, name
    return Region(), ""


# Bodies that send teams, and the level of what their teams inspect (issue 10 §1.2).
_BODY_LEVEL = {"县委": "county", "区委": "county", "旗委": "county",
               "市委": "prefecture", "州委": "prefecture", "盟委": "prefecture",
               "地委": "prefecture"}


def find_level(region: Region, region_source: str, issuer: str, title: str, body: str
               ) -> tuple[str, str]:
    """(level, the evidence that decided it).

    The region's level counts when the region is the issuer's own place (issuer, title,
    inspected unit, its own documents). Otherwise a central issuer is central, and the
    inspecting body decides: a 县委/区委/旗委 team inspects county bodies; a 市委/州委 team
    prefecture bodies unless the issuer is a county or district one; a 省委/自治区党委
    team a provincial body or a prefecture, as the issuer's name says; a 中央 team a
    central body, or a provincial one if the issuer is. Nothing else guesses a level.
    """
    if region.province and region_source in ("issuer", "title", "inspected", "document"):
        return region.level, region_source
    name = simplified(issuer or title)
    if CENTRAL_RE.match(name):
        return "central", "issuer"
    tier = issuer_tier(name)
    if body in _BODY_LEVEL:
        level = _BODY_LEVEL[body]
        return ("county" if level == "prefecture" and tier == "county" else level), "inspector"
    if body in ("省委", "自治区党委") and tier in ("provincial", "prefecture"):
        return tier, "inspector"
    if body == "中央":
        if tier == "provincial":
            return "provincial", "inspector"
        if not tier:
            return "central", "inspector"
    return "", ""


def find_former_region(text: str, current: str) -> str:
    """A county the text calls 原… (原江干区, 原杭州市江干区) that is not the current one.

    The county must follow 原 directly (after its own city or province at most), so
    原则上 … 某县 never makes 某县 a former region.
    """
    text = simplified(text)
    for m in re.finditer(r"原", text):
        after = text[m.end():m.end() + 16]
        place = resolve_region(after)
        at = after.find(place.county) if place.county else -1
        if at == -1 or place.county == current:
            continue
        if after[:at] in ("", place.city, place.province, place.province + place.city):
            return place.county
    return ""
