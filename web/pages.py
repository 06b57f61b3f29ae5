"""The HTML pages: each URL here renders a view of :mod:`web.views` as HTML."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template
from flask_babel import gettext as _

from search.engine import MAX_PER_PAGE
from web import views
from web.render import not_found

bp = Blueprint("pages", __name__)

bp.add_url_rule("/", "index", partial(views.search_view, fmt="html"))
bp.add_url_rule("/notice/<nid>", "notice", partial(views.notice, fmt="html"))
bp.add_url_rule("/p/<pid>", "permalink", partial(views.paragraph, fmt="html"))
for _name in views.RESEARCH:
    bp.add_url_rule(f"/{_name}", f"{_name}_page",
                    partial(views.research, _name, fmt="html"))


@bp.get("/help")
def help_page() -> str:
    return render_template("help.html", page_title=_("检索语法与帮助"), examples=views.EXAMPLES,
                           max_per_page=MAX_PER_PAGE)


@bp.get("/help/api")
def api_doc() -> Response | str:
    path = Path(current_app.root_path) / "docs" / "api.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return not_found("没有 API 文档。")
    return render_template("doc.html", page_title=_("API 文档"), text=text)
