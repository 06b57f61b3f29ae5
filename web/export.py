"""Downloads: every hit of a search (CSV, JSON Lines) and the research views as CSV.

One CSV streamer (:func:`csv_response`) writes every CSV of the app: UTF-8 with a
BOM (Excel), formulas neutralized, streamed row by row so an export has no cap."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import chain
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, request, stream_with_context

from analysis.vocab import FIGURE_LABELS
from search.engine import SearchParams, iter_hits, notice_view, paragraph_view
from search.figures import MENTION_COLUMNS, figures_rows, iter_mentions, parse_cols
from search.figures import META_COLUMNS as FIGURE_META_COLUMNS
from search.kwic import kwic
from search.kwic import lines as kwic_lines
from web import labels
from web.cite import FORMATS, Citation, access_date, notice_citation, paragraph_citation
from web.corpus import get_corpus
from web.fmt import figure_label, figure_reason, plain_number, value_label
from web.params import FIGURES_SPEC, KWIC_EXPORT_ALL, KWIC_SPEC, read_own, view_params
from web.render import json_default, not_found, public_root
from web.views import research_data

bp = Blueprint("export", __name__)

EXPORT_COLUMNS = ("paragraph_id", "notice_id", "ordinal", "paragraph_kind", "title", "issuer",
                  "province", "city", "county", "level", "kind", "flags", "year", "date",
                  "section_path", "text", "reuse", "permalink")
DIST_COLUMNS = ("dimension", "value", "paragraphs", "notices", "notices_in_index", "share")
KWIC_COLUMNS = ("left", "keyword", "right", "notice_id", "paragraph_id", "title", "issuer",
                "province", "city", "county", "year", "position", "permalink")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_UNSAFE_IN_NAME = re.compile(r"[^\w\u3400-\u9fff-]+")


def _csv_cell(value: Any) -> Any:
    """Keep spreadsheet programs from evaluating data as a formula (CSV only)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def header(columns: Iterable[str]) -> list[str]:
    """Column headers in the page's language (figure labels by their translated name)."""
    return [str(labels.CSV_COLUMNS[c]) if c in labels.CSV_COLUMNS else figure_label(c)
            for c in columns]


def file_name(view: str, ext: str) -> str:
    """``xunshi-<view>-<query>-<date>.<ext>``: the file says what it holds and when."""
    q = _UNSAFE_IN_NAME.sub("_", request.args.get("q", "")).strip("_")[:40]
    parts = ["xunshi", view, q, datetime.now(UTC).strftime("%Y-%m-%d")]
    return "-".join(p for p in parts if p) + f".{ext}"


def _attachment(body: Iterator[str] | str, content_type: str, name: str) -> Response:
    """A download named ``name``; an iterator is streamed (no cap on an export's size)."""
    if not isinstance(body, str):
        body = stream_with_context(body)
    resp = Response(body, content_type=content_type)
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
    resp.headers["Content-Disposition"] = (
        f'attachment; filename="{ascii_name}"; filename*=UTF-8\'\'{quote(name)}')
    resp.headers["Cache-Control"] = "no-store"
    return resp


def csv_response(view: str, columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> Response:
    """A streamed CSV attachment with a UTF-8 BOM (Excel), formulas neutralized."""
    def generate() -> Iterator[str]:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(header(columns))
        yield "\ufeff" + buf.getvalue()
        for row in rows:
            buf.seek(0)
            buf.truncate()
            writer.writerow([_csv_cell("" if v is None else v) for v in row])
            yield buf.getvalue()
    return _attachment(generate(), "text/csv; charset=utf-8", file_name(view, "csv"))


def _started(it: Iterator[Any]) -> Iterator[Any]:
    """Run a lazy query now, so a bad one is a 400 rather than a cut stream."""
    first = next(it, None)
    return iter(()) if first is None else chain([first], it)


def _hits() -> Iterator[dict]:
    """Every hit of the request's search with its text and absolute permalink (no cap)."""
    root = public_root()
    hits = _started(iter_hits(get_corpus(), SearchParams.from_args(request.args),
                              with_text=True))
    return ({**{k: v for k, v in h.items() if k != "snippet"},
             "permalink": root + h["permalink"]} for h in hits)


@bp.get("/export.csv")
def export_csv() -> Response:
    hits = _hits()
    return csv_response("hits", EXPORT_COLUMNS, (
        (h["paragraph_id"], h["notice_id"], h["ordinal"],
         str(labels.PARAGRAPH_KINDS.get(h["kind"], h["kind"])), h["title"], h["issuer"],
         h["province"], h["city"], h["county"], value_label("level", h["level"]),
         value_label("kind", h["notice_kind"]), ";".join(h["flags"]), h["year"], h["date"],
         " > ".join(h["section_path"]), h["text"], h["reuse"], h["permalink"]) for h in hits))


@bp.get("/export.jsonl")
def export_jsonl() -> Response:
    hits = _hits()
    body = (json.dumps(h, ensure_ascii=False, default=json_default) + "\n" for h in hits)
    return _attachment(body, "application/x-ndjson; charset=utf-8", file_name("hits", "jsonl"))


@bp.get("/distribution.csv")
def distribution_csv() -> Response:
    data, _ = research_data("distribution")
    rows = [(str(labels.FACETS[dim]), b["value"], b["paragraphs"], b["notices"],
             b["notices_in_index"], b["share"])
            for dim, key in (("year", "years"), ("province", "provinces")) for b in data[key]]
    return csv_response("distribution", DIST_COLUMNS, rows)


@bp.get("/kwic.csv")
def kwic_csv() -> Response:
    """Every line, no cap: streamed in text order, or sorted by context when asked."""
    own = read_own(KWIC_SPEC)
    params = view_params(KWIC_SPEC)
    corpus = get_corpus()
    if own["sort"] == "position":
        lines_: Iterable[dict] = _started(kwic_lines(corpus, params, own["width"]))
    else:  # sorting needs every line at hand anyway: one page holding them all
        lines_ = kwic(corpus, params, width=own["width"], sort=own["sort"],
                      per_page=KWIC_EXPORT_ALL)["lines"]
    root = public_root()
    return csv_response("kwic", KWIC_COLUMNS, (
        [line[k] for k in KWIC_COLUMNS[:-1]] + [root + line["permalink"]] for line in lines_))


@bp.get("/figures.csv")
def figures_csv() -> Response:
    own = read_own(FIGURES_SPEC)
    cols = parse_cols(own["cols"])
    rows = figures_rows(get_corpus(), view_params(FIGURES_SPEC), sort=own["sort"],
                        desc=own["desc"] == "1", cols=cols)
    labels_ = cols or list(FIGURE_LABELS)
    root = public_root()
    return csv_response("figures", (*FIGURE_META_COLUMNS, *labels_, "permalink"), (
        [value_label(k, r[k]) if k in ("level", "kind") else r[k] for k in FIGURE_META_COLUMNS]
        + [plain_number(r["figures"].get(k)) for k in labels_]
        + [root + r["permalink"]] for r in rows))


@bp.get("/figures-mentions.csv")
def figure_mentions_csv() -> Response:
    """The tidy table: one row per figure mention (chosen for the table or not), with its
    sentence and permalink, for checking and for R/pandas."""
    own = read_own(FIGURES_SPEC)
    mentions = _started(iter_mentions(get_corpus(), view_params(FIGURES_SPEC),
                                      sort=own["sort"], desc=own["desc"] == "1",
                                      cols=parse_cols(own["cols"])))
    root = public_root()
    return csv_response("figure-mentions", MENTION_COLUMNS, (
        [root + m[k] if k == "permalink" else figure_label(m["label"]) if k == "label_zh"
         else figure_reason(m["reason"]) if k == "reason_zh" else m[k]
         for k in MENTION_COLUMNS] for m in mentions))


def _citation_response(cite: Citation, fmt: str, name: str) -> Response:
    return _attachment(cite.render(fmt), f"{FORMATS[fmt]}; charset=utf-8",
                       f"xunshi-{name}.{fmt}")


@bp.get("/notice/<nid>/cite.<any(bib, ris, 'csl.json', txt):fmt>")
def notice_cite(nid: str, fmt: str) -> Response:
    """A notice's citation as BibTeX, RIS, CSL-JSON or GB/T 7714 text."""
    data = notice_view(get_corpus(), nid)
    if data is None:
        return not_found("没有编号为 %(id)s 的通报。", id=nid)
    cite = notice_citation(data["notice"], public_root(), access_date())
    return _citation_response(cite, fmt, nid)


@bp.get("/p/<pid>/cite.<any(bib, ris, 'csl.json', txt):fmt>")
def paragraph_cite(pid: str, fmt: str) -> Response:
    """A paragraph's citation (the notice's, with section path, number and permalink)."""
    para = paragraph_view(get_corpus(), pid)
    if para is None:
        return not_found("没有编号为 %(id)s 的段落。", id=pid)
    cite = paragraph_citation(para["notice"], para, public_root(), access_date())
    return _citation_response(cite, fmt, pid)
