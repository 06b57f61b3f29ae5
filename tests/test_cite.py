"""Citations of a seed notice, field by field: GB/T 7714 text, BibTeX, RIS, CSL-JSON and
the Highwire / Dublin Core <meta> tags that Zotero's connector reads.

The expected values are written by hand from the seed's text (004: 中共深圳市大鹏新区工作委员会,
signed 2017年12月21日), not taken from the code under test."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from bs4 import BeautifulSoup

from app import create_app

NID = "sfq7rzbye6"  # data/notices/004_84e8a1ac491c1977.txt
ISSUER = "中共深圳市大鹏新区工作委员会"
TITLE = "中共深圳市大鹏新区工作委员会关于巡察整改情况的通报"
ROOT = "https://xunshi.example.org"
ACCESSED = date(2026, 1, 15)


@pytest.fixture(scope="module")
def public_client(index_dir):
    return create_app({"INDEX_DIR": str(index_dir), "TESTING": True,
                       "PUBLIC_URL": ROOT}).test_client()


@pytest.fixture(scope="module")
def notice(public_client):
    return public_client.get(f"/api/notice/{NID}").get_json()


@pytest.fixture(scope="module")
def paragraph(notice):
    """The first body paragraph under a heading (it has a section path)."""
    return next(p for p in notice["paragraphs"] if p["kind"] == "body" and p["section_path"])


def bibtex_fields(text: str) -> tuple[str, str, dict[str, str]]:
    m = re.fullmatch(r"@(\w+)\{([^,]+),\n(.*)\n\}\n", text, re.S)
    assert m, text
    fields = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", m.group(3), re.M))
    return m.group(1), m.group(2), fields


def ris_fields(text: str) -> list[tuple[str, str]]:
    assert text.endswith("ER  - \r\n")
    return [(line[:2], line[6:]) for line in text.split("\r\n") if line]


def test_gbt7714_of_a_notice(app, notice):
    from web.cite import notice_citation

    with app.test_request_context():
        text = notice_citation(notice["notice"], ROOT, ACCESSED).gbt7714()
    assert text == (f"{ISSUER}. {TITLE}[EB/OL]. (2017-12-21)[2026-01-15]. "
                    f"{ROOT}/notice/{NID}.")


def test_gbt7714_of_a_paragraph_has_its_place(app, notice, paragraph):
    from web.cite import paragraph_citation

    with app.test_request_context():
        text = paragraph_citation(notice["notice"], paragraph, ROOT, ACCESSED).gbt7714()
    place = " > ".join([*paragraph["section_path"], f"第 {paragraph['ordinal']} 段"])
    assert text == (f"{ISSUER}. {TITLE}: {place}[EB/OL]. (2017-12-21)[2026-01-15]. "
                    f"{ROOT}/p/{paragraph['id']}.")


def test_bibtex_field_by_field(app, notice):
    from web.cite import notice_citation

    with app.test_request_context():
        entry_type, key, fields = bibtex_fields(
            notice_citation(notice["notice"], ROOT, ACCESSED).bibtex())
    assert (entry_type, key) == ("online", f"xunshi-{NID}")
    assert fields == {
        "author": "{" + ISSUER + "}",  # a corporate author: braces keep it one name
        "title": TITLE,
        "date": "2017-12-21",
        "year": "2017",
        "organization": ISSUER,
        "location": "广东省深圳市大鹏新区",
        "url": f"{ROOT}/notice/{NID}",
        "urldate": "2026-01-15",
        "langid": "chinese",
    }


def test_ris_field_by_field(app, notice, paragraph):
    from web.cite import paragraph_citation

    with app.test_request_context():
        cite = paragraph_citation(notice["notice"], paragraph, ROOT, ACCESSED)
        fields = ris_fields(cite.ris())
    assert fields == [
        ("TY", "GOVDOC"), ("AU", ISSUER), ("TI", TITLE), ("PY", "2017"), ("DA", "2017/12/21"),
        ("PB", ISSUER), ("CY", "广东省深圳市大鹏新区"), ("UR", f"{ROOT}/p/{paragraph['id']}"),
        ("Y2", "2026/01/15"), ("LA", "zh-CN"),
        ("N1", " > ".join([*paragraph["section_path"], f"第 {paragraph['ordinal']} 段"])),
        ("ID", f"xunshi-{paragraph['id']}"), ("ER", ""),
    ]


def test_csl_json(app, notice):
    from web.cite import notice_citation

    with app.test_request_context():
        item = notice_citation(notice["notice"], ROOT, ACCESSED).csl()
    assert item == {
        "id": f"xunshi-{NID}", "type": "report", "title": TITLE,
        "author": [{"literal": ISSUER}], "publisher": ISSUER,
        "publisher-place": "广东省深圳市大鹏新区", "issued": {"date-parts": [[2017, 12, 21]]},
        "accessed": {"date-parts": [[2026, 1, 15]]}, "URL": f"{ROOT}/notice/{NID}",
        "language": "zh-CN",
    }


def test_month_only_date_is_not_given_a_day(app):
    from web.cite import Citation

    with app.test_request_context():
        cite = Citation({"id": "x", "issuer": "中共某县委", "title": "某通报",
                         "published_date": "2019-08"}, f"{ROOT}/notice/x", ACCESSED, key="k")
        assert "(2019-08)" in cite.gbt7714()
        assert cite.csl()["issued"] == {"date-parts": [[2019, 8]]}
        assert ("DA", "2019/08") in ris_fields(cite.ris())


def test_zotero_meta_tags_field_by_field(public_client):
    doc = BeautifulSoup(public_client.get(f"/notice/{NID}").get_data(as_text=True),
                        "html.parser")
    tags: dict[str, list[str]] = {}
    for m in doc.select("head meta[name]"):
        tags.setdefault(m["name"], []).append(m["content"])
    expected = {
        "citation_title": [TITLE], "citation_author": [ISSUER],
        "citation_publication_date": ["2017/12/21"], "citation_date": ["2017/12/21"],
        "citation_technical_report_institution": [ISSUER], "citation_publisher": [ISSUER],
        "citation_language": ["zh"], "citation_public_url": [f"{ROOT}/notice/{NID}"],
        "DC.title": [TITLE], "DC.creator": [ISSUER], "DC.publisher": [ISSUER],
        "DC.date": ["2017-12-21"], "DC.type": ["Text"], "DC.format": ["text/html"],
        "DC.language": ["zh-CN"], "DC.identifier": [f"{ROOT}/notice/{NID}"],
        "DC.coverage": ["广东省深圳市大鹏新区"],
    }
    assert {k: v for k, v in tags.items() if k.startswith(("citation_", "DC."))} == expected
    assert doc.select_one(".loopback-warning") is None


@pytest.mark.parametrize(("fmt", "mimetype"), [
    ("bib", "application/x-bibtex"), ("ris", "application/x-research-info-systems"),
    ("csl.json", "application/vnd.citationstyles.csl+json"), ("txt", "text/plain")])
def test_citation_downloads(public_client, paragraph, fmt, mimetype):
    for url, ident in ((f"/notice/{NID}/cite.{fmt}", NID),
                       (f"/p/{paragraph['id']}/cite.{fmt}", paragraph["id"])):
        resp = public_client.get(url)
        assert resp.status_code == 200, url
        assert resp.content_type == f"{mimetype}; charset=utf-8"
        assert resp.headers["Content-Disposition"].startswith(
            f'attachment; filename="xunshi-{ident}.{fmt}"')
        body = resp.get_data(as_text=True)
        assert f"{ROOT}/" in body and TITLE in body
        if fmt == "csl.json":
            assert json.loads(body)[0]["title"] == TITLE
        if fmt == "txt":
            assert re.search(r"\[EB/OL\]\. \(2017-12-21\)\[\d{4}-\d{2}-\d{2}\]\. ", body)
    assert public_client.get("/notice/nosuch/cite.bib").status_code == 404
    assert public_client.get(f"/notice/{NID}/cite.doc").status_code == 404


def test_reader_links_the_formats_and_hits_have_a_cite_action(public_client):
    doc = BeautifulSoup(public_client.get(f"/notice/{NID}").get_data(as_text=True),
                        "html.parser")
    links = {a.get_text(): a["href"] for a in doc.select(".notice-head .cite-formats a")}
    assert links == {"BibTeX": f"/notice/{NID}/cite.bib", "RIS": f"/notice/{NID}/cite.ris",
                     "CSL-JSON": f"/notice/{NID}/cite.csl.json"}
    page = BeautifulSoup(public_client.get("/?q=整改").get_data(as_text=True), "html.parser")
    cards = page.select("article.hit")
    assert cards
    for card in cards:
        pid = card["data-paragraph-id"]
        cite = card.select_one("button.cite-btn")["data-cite"]
        assert cite.endswith(f"{ROOT}/p/{pid}.") and "[EB/OL]" in cite
        assert card.select_one(".cite-formats a")["href"] == f"/p/{pid}/cite.bib"


def test_loopback_address_is_warned_about(client):
    doc = BeautifulSoup(client.get(f"/notice/{NID}").get_data(as_text=True), "html.parser")
    warning = doc.select_one(".loopback-warning")
    assert warning is not None and "XUNSHI_PUBLIC_URL" in warning.get_text()
    assert "http://localhost" in warning.get_text()


def test_public_url_from_the_environment(index_dir, monkeypatch):
    monkeypatch.setenv("XUNSHI_PUBLIC_URL", ROOT)
    app = create_app({"INDEX_DIR": str(index_dir), "TESTING": True})
    assert app.config["PUBLIC_URL"] == ROOT
    body = app.test_client().get(f"/notice/{NID}").get_data(as_text=True)
    assert f'content="{ROOT}/notice/{NID}"' in body and "loopback-warning" not in body
