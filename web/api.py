"""The read-only JSON API: each URL here renders a view of :mod:`web.views` as JSON."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, Response

from web import views
from web.openapi import openapi_document
from web.render import public_root, to_json

bp = Blueprint("api", __name__)

# Each endpoint's first rule is the one url_for() builds; the others are aliases.
JSON_ROUTES = {
    "search_json": (("/api/search", "/search.json"), partial(views.search_view, fmt="json")),
    "notice_json": (("/api/notice/<nid>", "/notice/<nid>.json"),
                    partial(views.notice, fmt="json")),
    "paragraph_json": (("/api/paragraph/<pid>", "/p/<pid>.json"),
                       partial(views.paragraph, fmt="json")),
    "stats_json": (("/api/stats", "/stats.json"), partial(views.stats, fmt="json")),
    **{f"{name}_json": ((f"/api/{name}",), partial(views.research, name, fmt="json"))
       for name in views.RESEARCH},
}
for _endpoint, (_rules, _view) in JSON_ROUTES.items():
    for _rule in _rules:
        bp.add_url_rule(_rule, _endpoint, _view)


@bp.get("/api/openapi.json")
def openapi() -> Response:
    """The API's OpenAPI 3.1 document (descriptions in the request's language)."""
    return to_json(openapi_document(public_root()))


@bp.get("/api")
def api_index() -> Response:
    return to_json({
        "endpoints": {
            "search": "/api/search?q=…",
            "notice": "/api/notice/<notice_id>",
            "paragraph": "/api/paragraph/<paragraph_id>",
            "distribution": "/api/distribution?q=…",
            "kwic": "/api/kwic?q=…&width=30&sort=position|left|right",
            "figures": "/api/figures?q=…&sort=<label>&desc=1",
            "reuse": "/api/reuse?q=…",
            "export_csv": "/export.csv?q=…",
            "export_jsonl": "/export.jsonl?q=…",
            "distribution_csv": "/distribution.csv?q=…",
            "kwic_csv": "/kwic.csv?q=…",
            "figures_csv": "/figures.csv?q=…",
        },
        "docs": "/help/api",
        "openapi": "/api/openapi.json",
    })
