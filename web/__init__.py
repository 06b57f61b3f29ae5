"""The web package: HTTP wiring from URLs to ``search/`` (flaskr's blueprints, Datasette's
one view per resource).

- :mod:`web.views` — the resources, each one data dict rendered as HTML or JSON
- :mod:`web.pages`, :mod:`web.api`, :mod:`web.export` — the blueprints (HTML, JSON, downloads)
- :mod:`web.urls` — the one URL builder; :mod:`web.charts` — chart geometry;
  :mod:`web.fmt` — display formatting; :mod:`web.cite` — citations;
  :mod:`web.corpus` — the request's index generation; :mod:`web.errors` — error pages.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from flask import Flask, Response, request
from werkzeug.exceptions import BadRequest

from analysis.vocab import notice_date
from search.facets import FACETS
from web import api, corpus, errors, export, i18n, labels, pages
from web.charts import bar_chart, every_year
from web.fmt import (
    figure_label,
    figure_reason,
    fmt_figure,
    fmt_figure_cell,
    fmt_number,
    fmt_share,
    region_of,
    safe_url,
    split_facet,
    value_label,
)
from web.i18n import LANG_COOKIE, LANGS, current_lang, pinyin_short, place
from web.render import SECURITY_HEADERS, static_url, wants_json
from web.urls import append_term, lang_url


def _check_utf8() -> None:
    """Reject percent-escapes that are not UTF-8 (Werkzeug would keep them as text)."""
    env = request.environ
    try:
        env.get("PATH_INFO", "").encode("latin-1").decode("utf-8")
        raw_uri = env.get("RAW_URI") or env.get("REQUEST_URI") or ""
        unquote_to_bytes(raw_uri.split("?", 1)[0]).decode("utf-8")
        for part in request.query_string.split(b"&"):
            unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError):
        raise BadRequest("invalid UTF-8 in the URL") from None


def _before() -> None:
    i18n.select_lang()
    _check_utf8()


def _after(resp: Response) -> Response:
    for k, v in SECURITY_HEADERS.items():
        resp.headers[k] = v
    resp.vary.add("Cookie")
    if wants_json():
        resp.headers["Access-Control-Allow-Origin"] = "*"  # a read-only API: anyone may read
    lang = request.args.get("lang")
    if lang in LANGS:
        resp.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax",
                        httponly=True)
    return resp


def init_app(app: Flask) -> None:
    """Register the blueprints, request hooks, error pages and template helpers."""
    corpus.init_app(app)
    i18n.init_app(app)
    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(
        labels=labels, place=place, pinyin_short=pinyin_short, every_year=every_year,
        value_label=value_label, region_of=region_of, lang_url=lang_url,
        current_lang=current_lang, static_url=static_url, FACETS=FACETS,
        notice_date=notice_date, safe_url=safe_url, split_facet=split_facet,
        append_term=append_term, bar_chart=bar_chart, fmt_share=fmt_share,
        fmt_figure=fmt_figure, fmt_figure_cell=fmt_figure_cell, fmt_number=fmt_number,
        figure_label=figure_label, figure_reason=figure_reason,
    )
    for bp in (pages.bp, api.bp, export.bp):
        app.register_blueprint(bp)
    app.before_request(_before)
    app.after_request(_after)
    errors.init_app(app)
