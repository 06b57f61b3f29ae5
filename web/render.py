"""Rendering a view's data dict: JSON or HTML, and the error bodies both share."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Response, current_app, render_template, request, url_for
from flask_babel import gettext as _

from web.i18n import both

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def wants_json() -> bool:
    """Whether this request's errors are answered in JSON (API, exports, ``.json`` twins)."""
    path = request.path
    return (request.blueprint in ("api", "export") or path.startswith(("/api/", "/export."))
            or path.endswith((".json", ".csv")) or path == "/api")


def to_json(data: Any, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, default=json_default)
    return Response(body + "\n", status=status, content_type="application/json; charset=utf-8")


def with_page_links(data: dict[str, Any]) -> dict[str, Any]:
    """Absolute ``next`` and ``prev`` URLs in a paged result's ``pages`` (None at the ends),
    so a client can walk every page without building URLs."""
    pages = data.get("pages")
    if not pages:
        return data
    base = public_root() + request.path

    def link(page: int) -> str:
        args = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]
        return f"{base}?{urlencode([*args, ('page', str(page))])}"

    pages["next"] = link(pages["page"] + 1) if pages["has_next"] else None
    pages["prev"] = link(min(pages["page"] - 1, pages["last_page"])) if pages["has_prev"] \
        else None
    return data


def json_default(obj: Any) -> Any:
    if hasattr(obj, "item"):  # numpy scalars
        return obj.item()
    if hasattr(obj, "tolist"):
        return obj.tolist()
    raise TypeError(f"not JSON serializable: {type(obj).__name__}")


def error_body(code: str, message: str, **params: Any) -> dict[str, Any]:
    """A JSON error: a code, the message in Chinese and in English."""
    zh, en = both(message, **params)
    return {"error": code, "message": zh, "message_en": en}


def not_found(message: str, **params: Any) -> Response:
    """404 with what was not found (a message id and its parameters)."""
    if wants_json():
        return to_json(error_body("not_found", message, **params), 404)
    return Response(render_template("error.html", status=404, title=_("未找到"),
                                    text=_("找不到该页面、通报或段落。可以重新检索："),
                                    detail=_(message, **params), show_search=True), status=404)


def public_root() -> str:
    """Base URL for absolute permalinks (``PUBLIC_URL`` config, else the request's host)."""
    return (current_app.config.get("PUBLIC_URL") or request.url_root).rstrip("/")


def static_url(filename: str) -> str:
    """Static URL with a version stamp so browsers refetch after a change."""
    path = Path(current_app.static_folder or "static") / filename
    try:
        version = int(path.stat().st_mtime)
    except OSError:
        version = 0
    return url_for("static", filename=filename, v=version)
