"""data/overrides.csv: rows read and checked, applied as a pure function, and through a
build they change the field, its facet and the export, and survive ``update``."""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from app import create_app
from indexer.build import build, update
from indexer.model import Notice
from indexer.overrides import apply_overrides, read_overrides

SEEDS = Path(__file__).resolve().parent.parent / "data" / "notices"
MILUO = "001_600e6c513e5b2d0c.txt"  # 湖南省 岳阳市 汨罗市, signed 2020-01-08
HEADER = "notice,field,value,note\n"


def rows_of(text: str):
    return read_overrides(HEADER + text)


# ---------------------------------------------------------------- reading


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ("k3v7q2m5xa,province,湖北,no province in the text", "province", "湖北省"),
        ("k3v7q2m5xa,city,咸宁,", "city", "咸宁市"),
        ("k3v7q2m5xa,county,大鹏新区,a zone: kept as written", "county", "大鹏新区"),
        ("a.jsonl#row-7,flags,专项、回头看、专项,", "flags", ["回头看", "专项"]),
        ("a.txt,level,county,", "level", "county"),
        ("a.txt,inspection_kind,巡察,", "inspection_kind", "巡察"),
        ("a.txt,kind,巡察,the URL's name for it", "inspection_kind", "巡察"),
        ("a.txt,published_date,2020-01-09,misprint", "published_date", "2020-01-09"),
        ("a.txt,feedback_date,2019-08,", "feedback_date", "2019-08"),
        ("a.txt,year,2019,", "year", 2019),
        ("a.txt,inspector,,not a team", "inspector", ""),
        ("a.txt,flags,,", "flags", []),
        ("a.txt,year,,", "year", None),
        ("a.txt,title,\"中共某某县委关于巡察整改情况的通报, 修订\",", "title",
         "中共某某县委关于巡察整改情况的通报, 修订"),
    ],
)
def test_usable_rows(line: str, field: str, value: object):
    rows, errors = rows_of(line + "\n")
    assert errors == []
    assert [(r.field, r.value) for r in rows] == [(field, value)]


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        ("a.txt,provnce,湖北,", "'provnce' cannot be overridden"),
        ("a.txt,id,x,", "'id' cannot be overridden"),
        ("a.txt,region_source,issuer,", "'region_source' cannot be overridden"),
        (",city,岳阳市,", "no notice id or source file"),
        ("a.txt,province,火星,", "'火星' is not a province"),
        ("a.txt,county,朝阳,", "'朝阳' may mean 朝阳区、朝阳县"),
        ("a.txt,level,市级,", "'市级' is not one of central, provincial, prefecture, county"),
        ("a.txt,flags,专项、常规,", "unknown flag '常规'"),
        ("a.txt,published_date,2021-13-01,", "'2021-13-01' is not a date"),
        ("a.txt,year,二〇二〇,", "'二〇二〇' is not a year"),
        ("a.txt,region_code,4306,", "'4306' is not a six-digit GB/T 2260 code"),
        ("a.txt,city,岳阳市,\na.txt,city,长沙市,", "repeats line 2 (a.txt, city)"),
    ],
)
def test_unusable_rows_say_why(lines: str, reason: str):
    _, errors = rows_of(lines + "\n")
    assert len(errors) == 1 and reason in errors[0].reason


def test_missing_columns():
    rows, errors = read_overrides("id,column,value\n")
    assert rows == [] and "missing notice, field" in errors[0].reason


# ---------------------------------------------------------------- applying

BASE = Notice(id="k3v7q2m5xa", source_file="a.txt", province="湖南省", city="岳阳市",
              county="汨罗市", region_code="430681", region_source="issuer", level="county",
              level_source="issuer", published_date="2020-01-08", published_source="signature",
              feedback_date="2019-08-29", year=2020, year_basis="published")


def test_apply_is_pure_and_records_what_it_changed():
    rows, _ = rows_of("a.txt,province,湖北省,wrong province\nk3v7q2m5xa,level,prefecture,\n"
                      "other.txt,title,x,\n")
    before = replace(BASE)
    after = apply_overrides(BASE, rows)
    assert BASE == before  # the input is not touched
    assert (after.province, after.region_source, after.level, after.level_source) == (
        "湖北省", "override", "prefecture", "override")
    assert after.overridden == {"province": "wrong province", "level": ""}
    assert after.title == ""  # a row for another notice


def test_dates_move_the_year_unless_the_year_is_given():
    rows, _ = rows_of("a.txt,published_date,,no date in the text\n")
    after = apply_overrides(BASE, rows)
    assert (after.published_date, after.published_source, after.year, after.year_basis) == (
        "", "override", 2019, "feedback")
    rows, _ = rows_of("a.txt,published_date,2021-03-01,\na.txt,year,2018,\n")
    after = apply_overrides(BASE, rows)
    assert (after.published_date, after.year, after.year_basis) == ("2021-03-01", 2018,
                                                                    "override")


def test_no_rows_no_change():
    assert apply_overrides(BASE, []) is BASE


# ---------------------------------------------------------------- through build and update


def _data(tmp_path: Path, overrides: str) -> Path:
    data = tmp_path / "data" / "notices"
    shutil.copytree(SEEDS, data)
    (tmp_path / "data" / "overrides.csv").write_text(HEADER + overrides, encoding="utf-8")
    return data


def _seen(index: Path) -> dict:
    """What a researcher sees of the 汨罗 notice: its fields, the facet, the export."""
    client = create_app({"INDEX_DIR": str(index), "TESTING": True}).test_client()
    search = client.get("/api/search?q=巡视").get_json()
    nid = next(h["notice_id"] for h in search["hits"] + [
        h for g in search["groups"] for h in g["hits"]] if h["county"] in ("汨罗市", "赤壁市"))
    notice = client.get(f"/api/notice/{nid}").get_json()["notice"]
    facet = {f["value"]: f["notices"] for f in search["facets"]["province"]}
    export = list(csv.DictReader(io.StringIO(client.get("/export.csv?q=巡视").get_data(
        as_text=True))))
    # the export's headers are in the page's language (Chinese by default)
    return {"notice": notice, "facet": facet,
            "exported": {(r["省份"], r["区县"]) for r in export if r["通报编号"] == nid}}


def test_overrides_change_field_facet_and_export_and_survive_update(tmp_path: Path):
    data = _data(tmp_path, f"{MILUO},province,湖北省,test: moved to 咸宁\n"
                           f"{MILUO},city,咸宁市,\n{MILUO},county,赤壁市,\n"
                           "nosuchnotice,title,x,\n")
    index = tmp_path / "index"
    report = build(data, index, procs=1, quiet=True)
    assert {"origin": "overrides.csv#line-5",
            "reason": "no notice has the id or source file 'nosuchnotice'"} in report.errors
    seen = _seen(index)
    m = seen["notice"]
    assert (m["province"], m["city"], m["county"], m["region_source"]) == (
        "湖北省", "咸宁市", "赤壁市", "override")
    assert m["overridden"] == {"province": "test: moved to 咸宁", "city": "", "county": ""}
    assert seen["facet"].get("湖北省") == 1 and "湖南省" not in seen["facet"]
    assert seen["exported"] == {("湖北省", "赤壁市")}

    # Another file changes: the override stays.
    other = data / "000_cd99b975c353ef7b.txt"
    other.write_text(other.read_text(encoding="utf-8") + "\n市委将持续抓好整改。", "utf-8")
    report = update(data, index, procs=1, quiet=True)
    assert (report.updated, report.added, report.removed) == (1, 0, 0)
    assert _seen(index)["exported"] == {("湖北省", "赤壁市")}

    # The override is edited: update re-reads that notice alone and applies the new value.
    (tmp_path / "data" / "overrides.csv").write_text(
        HEADER + f"{MILUO},county,汨罗市,back\n", encoding="utf-8")
    report = update(data, index, procs=1, quiet=True)
    assert (report.updated, report.unchanged) == (1, 0)
    m = _seen(index)["notice"]
    assert (m["province"], m["county"], m["overridden"]) == ("湖南省", "汨罗市",
                                                             {"county": "back"})

    # The file is emptied: the parsed values come back.
    (tmp_path / "data" / "overrides.csv").write_text(HEADER, encoding="utf-8")
    update(data, index, procs=1, quiet=True)
    m = _seen(index)["notice"]
    assert (m["county"], m["region_source"], m["overridden"]) == ("汨罗市", "issuer", {})


def test_bad_rows_are_reported_and_good_ones_applied(tmp_path: Path):
    data = _data(tmp_path, f"{MILUO},provnce,湖北,\n{MILUO},level,prefecture,checked\n")
    report = build(data, tmp_path / "index", procs=1, quiet=True)
    assert any(e["origin"] == "overrides.csv#line-2" and "provnce" in e["reason"]
               for e in report.errors)
    assert _seen(tmp_path / "index")["notice"]["level"] == "prefecture"
