"""Error pages and bodies: every failure is a page or a JSON body that says what to do,
never a trace."""

from __future__ import annotations

import logging

from flask import Flask, Response, render_template
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, NotFound

from search.engine import ParamError
from search.query import QueryError
from search.store import IndexMissing
from web.corpus import IndexUnavailable
from web.i18n import N_, both, current_lang
from web.render import error_body, not_found, to_json, wants_json

log = logging.getLogger("xunshi.app")


def _page(status: int, title: str, text: str, detail: str = "",
          show_search: bool = False) -> Response:
    return Response(render_template("error.html", status=status, title=title, text=text,
                                    detail=detail, show_search=show_search), status=status)


def _query_error(exc: QueryError) -> Response:
    zh, en = both(exc.message, **exc.params)
    if wants_json():
        kind = "params" if isinstance(exc, ParamError) else "query"
        return to_json({**exc.to_dict(), "error": kind, "message": zh, "message_en": en}, 400)
    return _page(400, _("查询有误"), zh if current_lang() == "zh" else en,
                 zh if current_lang() == "en" else "", show_search=True)


def _http(exc: HTTPException) -> Response:
    code = exc.code or 500
    if code == 404 and isinstance(exc, NotFound):
        return not_found("找不到该页面。")
    if code == 400:
        key, message = "bad_request", N_("请求无效（网址中有无法解码的字符）。")
    elif code == 405:
        key, message = "method_not_allowed", N_("不支持该请求方法，本站只接受 GET。")
    else:
        key, message = "http_error", N_("请求无法处理。")
    if wants_json():
        resp = to_json(error_body(key, message), code)
    else:
        title = {400: _("查询有误"), 405: _("不支持该请求方法")}.get(code, str(code))
        resp = _page(code, title, _(message), show_search=code == 400)
    if code == 405 and getattr(exc, "valid_methods", None):
        resp.headers["Allow"] = ", ".join(exc.valid_methods)
    return resp


def _index_missing(exc: Exception) -> Response:
    broken = isinstance(exc, IndexUnavailable)
    if not broken:
        log.warning("index missing: %s", exc)
    message = (N_("检索索引无法读取（可能不完整或正在重建）。请稍后重试；如仍不行，请运行 "
                  "make build 重建索引。") if broken else
               N_("还没有可用的检索索引。请在项目目录运行 make build（或 make run）建立索引。"))
    if wants_json():
        return to_json(error_body("index_unavailable" if broken else "index_missing", message),
                       503)
    resp = _page(503, _("索引尚未建立"), _(message))
    resp.headers["Retry-After"] = "30"
    return resp


def _unexpected(exc: Exception) -> Response:
    if isinstance(exc, HTTPException):
        return _http(exc)
    log.exception("unexpected error")
    message = N_("出现了意外错误，已记录在服务器日志中。请稍后重试。")
    if wants_json():
        return to_json(error_body("server_error", message), 500)
    try:
        return _page(500, _("服务器错误"), _(message))
    except Exception:  # a broken template must not turn into a trace either
        log.exception("error page failed")
        return Response("<!doctype html><title>500</title><h1>500</h1>", status=500)


def init_app(app: Flask) -> None:
    app.register_error_handler(QueryError, _query_error)
    app.register_error_handler(IndexMissing, _index_missing)
    app.register_error_handler(IndexUnavailable, _index_missing)
    app.register_error_handler(HTTPException, _http)
    app.register_error_handler(Exception, _unexpected)
