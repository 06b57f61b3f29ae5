"""Error pages and bodies: every failure is a page or a JSON body that says what to do,
never a trace."""

from __future__ import annotations

import logging

from flask import Flask, Response, render_template
from werkzeug.exceptions import HTTPException, NotFound

from search.engine import ParamError
from search.query import QueryError
from search.store import IndexMissing
from web.corpus import IndexUnavailable
from web.fmt import current_lang, t
from web.labels import LABELS
from web.render import error_body, not_found, to_json, wants_json

log = logging.getLogger("xunshi.app")


def _query_error(exc: QueryError) -> Response:
    if wants_json():
        kind = "params" if isinstance(exc, ParamError) else "query"
        return to_json(exc.to_dict() | {"error": kind}, 400)
    return Response(render_template("error.html", status=400, title=t("err_400"),
                                    text=exc.zh if current_lang() == "zh" else exc.en,
                                    detail=exc.zh if current_lang() == "en" else "",
                                    show_search=True), status=400)


def _http(exc: HTTPException) -> Response:
    code = exc.code or 500
    if code == 404 and isinstance(exc, NotFound):
        return not_found("找不到该页面。", "No such page.")
    if code == 400:
        zh, en = "请求无效（网址中有无法解码的字符）。", \
            "Bad request (undecodable characters in the URL)."
        key = "bad_request"
    elif code == 405:
        zh, en, key = "不支持该请求方法，本站只接受 GET。", "Method not allowed; use GET.", \
            "method_not_allowed"
    else:
        zh, en, key = exc.name, exc.description or exc.name, "http_error"
    if wants_json():
        resp = to_json(error_body(key, zh, en), code)
    else:
        title = {400: t("err_400"), 405: t("err_405")}.get(code, exc.name)
        resp = Response(render_template("error.html", status=code, title=title,
                                        text=zh if current_lang() == "zh" else en,
                                        detail="", show_search=code == 400), status=code)
    if code == 405 and getattr(exc, "valid_methods", None):
        resp.headers["Allow"] = ", ".join(exc.valid_methods)
    return resp


def _index_missing(exc: Exception) -> Response:
    broken = isinstance(exc, IndexUnavailable)
    if not broken:
        log.warning("index missing: %s", exc)
    key = "err_503_broken" if broken else "err_503_text"
    zh, en = LABELS["zh"][key], LABELS["en"][key]
    if wants_json():
        return to_json(error_body("index_unavailable" if broken else "index_missing", zh, en),
                       503)
    resp = Response(render_template("error.html", status=503, title=t("err_503"),
                                    text=t(key), detail="", show_search=False), status=503)
    resp.headers["Retry-After"] = "30"
    return resp


def _unexpected(exc: Exception) -> Response:
    if isinstance(exc, HTTPException):
        return _http(exc)
    log.exception("unexpected error")
    zh, en = LABELS["zh"]["err_500_text"], LABELS["en"]["err_500_text"]
    if wants_json():
        return to_json(error_body("server_error", zh, en), 500)
    try:
        html = render_template("error.html", status=500, title=t("err_500"),
                               text=t("err_500_text"), detail="", show_search=False)
    except Exception:  # a broken template must not turn into a trace either
        log.exception("error page failed")
        html = "<!doctype html><title>500</title><h1>500</h1>"
    return Response(html, status=500)


def init_app(app: Flask) -> None:
    app.register_error_handler(QueryError, _query_error)
    app.register_error_handler(IndexMissing, _index_missing)
    app.register_error_handler(IndexUnavailable, _index_missing)
    app.register_error_handler(HTTPException, _http)
    app.register_error_handler(Exception, _unexpected)
