"""The HTML pages: each URL here renders a view of :mod:`web.views` as HTML."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, render_template
from flask_babel import gettext as _

from search.engine import MAX_PER_PAGE
from web import views
from web.openapi import openapi_document
from web.render import public_root

bp = Blueprint("pages", __name__)

bp.add_url_rule("/", "index", partial(views.search_view, fmt="html"))
bp.add_url_rule("/notice/<nid>", "notice", partial(views.notice, fmt="html"))
bp.add_url_rule("/p/<pid>", "permalink", partial(views.paragraph, fmt="html"))
bp.add_url_rule("/stats", "stats", partial(views.stats, fmt="html"))
for _name in views.RESEARCH:
    bp.add_url_rule(f"/{_name}", f"{_name}_page",
                    partial(views.research, _name, fmt="html"))


@bp.get("/help")
def help_page() -> str:
    return render_template("help.html", page_title=_("检索语法与帮助"), examples=views.EXAMPLES,
                           max_per_page=MAX_PER_PAGE)


@bp.get("/help/api")
def api_doc() -> str:
    """The API reference: the OpenAPI document rendered as a page."""
    return render_template("api.html", page_title=_("API 文档"),
                           doc=openapi_document(public_root()))
