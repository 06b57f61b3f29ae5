"""The resources: one view each, rendering one data dict as HTML or as JSON.

Datasette's shape: the format is part of the route (``/`` and ``/api/search``,
``/notice/<id>`` and ``/notice/<id>.json`` …); the blueprints in :mod:`web.pages`
and :mod:`web.api` only say which URL means which format. Search logic lives in
``search/``: a view calls its public functions once and renders what they return."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from flask import Response, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from analysis.vocab import FIGURE_LABELS
from indexer.stats import index_coverage
from search.distribution import distribution
from search.engine import (
    MODES,
    SearchParams,
    notice_view,
    paragraph_view,
    reuse_view,
    search,
)
from search.figures import figures_table, parse_cols
from search.kwic import kwic
from search.query import QueryError
from search.store import Corpus
from web.charts import METRICS
from web.cite import (
    FORMATS,
    access_date,
    is_loopback,
    notice_citation,
    paragraph_citation,
)
from web.corpus import get_corpus, has_repeated_passages
from web.params import (
    DIST_SPEC,
    FIGURES_SPEC,
    KWIC_SPEC,
    REUSE_SPEC,
    Check,
    read_own,
    view_params,
)
from web.render import not_found, public_root, to_json, with_hint_links, with_page_links
from web.urls import (
    StateURL,
    ViewURL,
    append_term,
    args_without,
    page_numbers,
    state_from_args,
    state_from_query,
)

EXAMPLES = ("八项规定", "形式主义 官僚主义", "\"四风\" OR 作风", "整改 NOT 回头看",
            "province:湖南 问责", "year:2019-2021 选人用人", "section:(一) 党的领导",
            "巡視整改")

# Order of the notice metadata panel (every field the indexer records).
NOTICE_FIELDS = ("title", "issuer", "province", "city", "county", "region_code", "former_region",
                 "level", "kind", "flags", "inspector", "round", "inspection_start",
                 "inspection_end", "feedback_date", "published_date", "posted_date", "year",
                 "year_basis", "source", "url", "source_file", "id")


# ---------------------------------------------------------------- search page

def search_view(fmt: str) -> Response:
    """The search page (``/``) and its JSON twin (``/api/search``)."""
    if fmt == "json":
        return to_json(with_hint_links(with_page_links(
            search(get_corpus(), SearchParams.from_args(request.args)))))
    within = request.args.get("within")
    if within is not None:  # 在结果中检索: fold the term into q, keep everything else
        args = request.args.copy()
        args.pop("within")
        args.pop("page", None)
        args["q"] = append_term(args.get("q", ""), within)
        return redirect(f"{url_for('pages.index')}?{urlencode(list(args.items(multi=True)))}",
                        302)
    dist = None
    try:
        params = SearchParams.from_args(request.args)
        metric = read_own(DIST_SPEC)["metric"]
        corpus = get_corpus()
        result = search(corpus, params)
        error = None
        state = state_from_query(result["query"])
        status = 200
    except QueryError as exc:
        result, error, status = None, exc, 400
        state = state_from_args(request.args)
        metric = read_own(DIST_SPEC, strict=False)["metric"]
    u = StateURL(state)
    empty = result is not None and not state["q"].strip() and not u.has_filters()
    if result is not None and not empty and result["total"]["paragraphs"]:
        dist = distribution(corpus, params, result=result)
    page_title = state["q"] or None
    html = render_template("search.html", r=result, error=error, state=state, u=u, empty=empty,
                           cites=hit_citations(result), cite_types=FORMATS,
                           has_repeats=has_repeated_passages(corpus) if result else False,
                           word_mode=state["mode"] if state["mode"] != "exact" else None,
                           examples=EXAMPLES, page_title=page_title, dist=dist, metric=metric,
                           metrics=METRICS, current_view="pages.index",
                           json_url=f"{url_for('api.search_json')}?"
                                    f"{urlencode(args_without('lang', 'within'))}",
                           page_numbers=page_numbers)
    return Response(html, status=status)


def hit_citations(result: dict[str, Any] | None) -> dict[str, str]:
    """GB/T 7714 text of every hit on the page (a hit carries its notice's metadata)."""
    if result is None:
        return {}
    root, today = public_root(), access_date()
    hits = [*result["hits"], *(h for grp in result["groups"] for h in grp["hits"])]
    return {h["paragraph_id"]: paragraph_citation(
        {"id": h["notice_id"], "published_date": h["date"], **h}, h, root, today).gbt7714()
        for h in hits}


# ---------------------------------------------------------------- notice and paragraph

def notice(nid: str, fmt: str) -> Response:
    """The notice reader (``/notice/<id>``) and its JSON twin."""
    corpus = get_corpus()
    q = request.args.get("q", "")
    mode = request.args.get("mode", "exact")
    mode = mode if mode in MODES else "exact"
    q_error = None
    try:
        data = notice_view(corpus, nid, q, mode)
    except QueryError as exc:
        if fmt == "json":
            raise
        q_error = exc
        data = notice_view(corpus, nid, "")
    if data is None:
        return not_found("没有编号为 %(id)s 的通报。", id=nid)
    if fmt == "json":
        return to_json(data)
    root, today = public_root(), access_date()
    n = data["notice"]
    cite = notice_citation(n, root, today)
    cites = {p["id"]: paragraph_citation(n, p, root, today).gbt7714() for p in data["paragraphs"]}
    hit_ids = [p["id"] for p in data["paragraphs"] if p["hits"]]
    args = {k: v for k, v in (("q", q), ("mode", mode)) if v and v != "exact"}
    json_url = url_for("api.notice_json", nid=nid, **args)
    back_url = f"{url_for('pages.index')}?{urlencode(args)}" if q else None
    return Response(render_template(
        "notice.html", d=data, n=n, target=request.args.get("p", ""), q=q, q_error=q_error,
        cites=cites, notice_cite=cite.gbt7714(), meta_tags=cite.meta_tags(),
        cite_base=url_for("export.notice_cite", nid=nid, fmt="txt")[:-len(".txt")],
        cite_types=FORMATS, loopback=is_loopback(root), public_root=root,
        fields=NOTICE_FIELDS, json_url=json_url, back_url=back_url, hit_ids=hit_ids,
        hit_count=len(hit_ids), page_title=n.get("title") or n.get("issuer") or nid))


def paragraph(pid: str, fmt: str) -> Response:
    """A paragraph: its permalink (``/p/<id>``, a redirect into the reader) or its JSON."""
    corpus = get_corpus()
    if fmt == "json":
        data = paragraph_view(corpus, pid)
        if data is None:
            return not_found("没有编号为 %(id)s 的段落。", id=pid)
        return to_json(data)
    row = corpus.row_of_pid.get(pid)
    if row is None:
        return not_found("没有编号为 %(id)s 的段落。", id=pid)
    nid = corpus.notices[corpus.notice_row[row]].id
    args: dict[str, str] = {}
    if request.args.get("q"):
        args["q"] = request.args["q"]
    args["p"] = pid
    return redirect(f"{url_for('pages.notice', nid=nid)}?{urlencode(args)}#p-{pid}", 302)


# ---------------------------------------------------------------- coverage (/stats)

MISSING_SHOWN = 50  # notices listed per field on the page (the JSON lists them all)


def stats(fmt: str) -> Response:
    """How much of the metadata the index knows: the researcher's "province is known for
    N of M notices", with the notices that lack each field, how each region/level/date
    was decided, overrides, and the files the last build rejected (indexer.stats)."""
    corpus = get_corpus()
    data = index_coverage(corpus)
    if fmt == "json":
        return to_json(data)
    shown = {i for f in data["fields"] for i in f["missing"][:MISSING_SHOWN]}
    titles = {nid: (corpus.notices[corpus.notice_by_id[nid]].title
                    or corpus.notices[corpus.notice_by_id[nid]].issuer or nid)
              for nid in shown if nid in corpus.notice_by_id}
    return Response(render_template("stats.html", d=data, titles=titles,
                                    missing_shown=MISSING_SHOWN,
                                    page_title=_l("数据覆盖情况")))


# ---------------------------------------------------------------- research views

# name -> (own parameters, builder, title). A builder gets the view's search result when
# the page already ran it for the sidebar's facets (distribution re-shapes its facets).
Builder = Callable[[Corpus, SearchParams, dict[str, Any], dict[str, Any] | None],
                   dict[str, Any]]
RESEARCH: dict[str, tuple[Mapping[str, tuple[Any, Check]], Builder, Any]] = {
    "distribution": (DIST_SPEC, lambda c, p, own, found: distribution(c, p, result=found),
                     _l("命中分布")),
    "kwic": (KWIC_SPEC, lambda c, p, own, found: kwic(
        c, p, width=own["width"], sort=own["sort"], page=own["page"], per_page=own["per_page"]),
             _l("KWIC 关键词语境")),
    "figures": (FIGURES_SPEC, lambda c, p, own, found: figures_table(
        c, p, sort=own["sort"], desc=own["desc"] == "1", cols=parse_cols(own["cols"])),
                _l("整改数据对比")),
    "reuse": (REUSE_SPEC, lambda c, p, own, found: reuse_view(c, p, limit=own["limit"]),
              _l("重复表述")),
}


def research_data(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The engine's dict for a research view, and the view's own (validated) parameters."""
    spec, build, _ = RESEARCH[name]
    own = read_own(spec)
    return build(get_corpus(), view_params(spec), own, None), own


def research(name: str, fmt: str) -> Response:
    """A research view (``/distribution``, ``/kwic``, ``/figures``, ``/reuse``) and its
    JSON twin; as HTML it keeps the search page's sidebar (facets over the same hits)
    and mode switch, and a bad query or parameter is the 400 page with the query kept."""
    if fmt == "json":
        return to_json(with_page_links(research_data(name)[0]))
    spec, build, title = RESEARCH[name]
    corpus = get_corpus()
    found = None
    try:
        own = read_own(spec)
        params = view_params(spec)
        found = search(corpus, replace(params, per_page=1))  # the sidebar's facets
        data = build(corpus, params, own, found)
        state = state_from_query(data["query"])
        error, status = None, 200
    except QueryError as exc:
        data, error, status = None, exc, 400
        own = read_own(spec, strict=False)
        state = state_from_args(request.args)
    state.update(own)
    u = ViewURL(state, request.endpoint or "pages.index", {k: d for k, (d, _) in spec.items()})
    html = render_template(
        f"{name}.html", d=data, r=found, error=error, state=state, u=u, view=name,
        current_view=request.endpoint, json_url=u.url(f"api.{name}_json"),
        page_title=f"{title} · {state['q']}" if state["q"] else title,
        page_numbers=page_numbers, figure_labels=FIGURE_LABELS, metrics=METRICS,
        has_repeats=has_repeated_passages(corpus), empty=False)
    return Response(html, status=status)
