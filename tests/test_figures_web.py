"""The /figures page you can check (issue 10 §5, web side): every cell links to the
paragraph its number was read from, a totals row adds what the page shows, the column
picker narrows the table and its CSV, and the tidy CSV has one row per mention."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from urllib.parse import parse_qs, urlencode, urlsplit

from bs4 import BeautifulSoup

from analysis.vocab import FIGURE_LABELS as LABELS


def soup(resp) -> BeautifulSoup:
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    return BeautifulSoup(resp.get_data(as_text=True), "html.parser")


def csv_rows(resp) -> list[list[str]]:
    assert resp.status_code == 200
    return list(csv.reader(io.StringIO(resp.get_data().decode("utf-8-sig"))))


def test_every_cell_links_to_the_paragraph_it_was_read_from(client):
    doc = soup(client.get("/figures"))
    links = doc.select(".figures-table tbody a.cell-link")
    assert len(links) >= 10
    for a in links:
        pid = a["data-paragraph-id"]
        assert a["href"] == f"/p/{pid}"
        sentence = a["title"].rsplit(" (", 1)[0]
        text = client.get(f"/api/paragraph/{pid}").get_json()["text"]
        assert sentence and sentence in text  # the number's sentence is in that paragraph


def test_totals_row_adds_the_cells_shown(client):
    doc = soup(client.get("/figures"))
    shown: dict[str, dict[str, float]] = defaultdict(dict)
    for td in doc.select(".figures-table tbody td[data-value]"):
        shown[td["data-label"]][td.find_parent("tr")["data-id"]] = float(td["data-value"])
    for td in doc.select(".figures-table tfoot td[data-label]"):
        values = shown[td["data-label"]]
        assert int(td["data-notices"]) == len(values)
        sums = td.select(".sum")
        if len(sums) == 1:  # one unit: the total is the sum of the column
            assert abs(float(sums[0]["data-value"]) - sum(values.values())) < 0.01


def test_column_picker_narrows_the_table_and_its_csv(client):
    doc = soup(client.get("/figures?" + urlencode({"cols": "talks,cases_opened"})))
    heads = [th["data-sort"] for th in doc.select(".figures-table thead th")][3:]
    assert heads == ["talks", "cases_opened"]
    toggle = doc.select_one('.col-picker a.col-toggle[data-col="talks"]')
    assert toggle["aria-checked"] == "true"
    assert parse_qs(urlsplit(toggle["href"]).query)["cols"] == ["cases_opened"]
    header = csv_rows(client.get("/figures.csv?" + urlencode({"cols": "talks,cases_opened"})))[0]
    assert header[-3:] == [LABELS["talks"], LABELS["cases_opened"], "链接"]
    assert client.get("/figures?cols=bogus").status_code == 400


def test_tidy_csv_has_one_row_per_mention(client):
    rows = csv_rows(client.get("/figures-mentions.csv"))
    header, body = rows[0], rows[1:]
    assert header[:2] == ["通报编号", "标题"]
    figures = client.get("/api/figures").get_json()["rows"]
    mentions = sum(len(client.get(f"/api/notice/{r['id']}").get_json()["notice"]["figures"])
                   for r in figures)
    assert len(body) == mentions > 0
    link = header.index("链接")
    assert all(r[link].startswith("http://localhost/p/") for r in body)
    picked = csv_rows(client.get("/figures-mentions.csv?cols=talks"))[1:]
    assert picked and {r[header.index("指标")] for r in picked} == {"talks"}
