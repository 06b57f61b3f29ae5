"""The one URL builder: every state of a page is a URL, and every link is built here.

A search state is the engine's echoed ``query`` (or, after a 400, the request's
arguments with the invalid ones dropped); :class:`StateURL` turns it and a change
into a link, leaving defaults out so that equal states have equal URLs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from flask import request, url_for

from search.engine import MAX_PER_PAGE, MODES, REUSE_MODES, SORTS
from search.facets import FACETS
from search.query import Or, QueryError, parse_query

DEFAULT_PER_PAGE = 20
DEFAULT_REUSE_MIN = 3
LIST_KEYS = tuple(FACETS)  # province city county year level kind flag


def state_from_query(query: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical state of a search (the engine's echoed ``query``) for URL building."""
    state: dict[str, Any] = {"q": query.get("q") or ""}
    for key in LIST_KEYS:
        state[key] = [str(v) for v in query.get(key) or []]
    for key in ("year_from", "year_to"):
        state[key] = query.get(key)
    state["sort"] = query.get("sort") or "relevance"
    state["mode"] = query.get("mode") or "exact"
    state["reuse"] = query.get("reuse") or ""
    state["reuse_min"] = query.get("reuse_min") or DEFAULT_REUSE_MIN
    state["group"] = bool(query.get("group"))
    state["per_page"] = query.get("per_page") or DEFAULT_PER_PAGE
    state["page"] = query.get("page") or 1
    return state


def _valid_int(value: Any, lo: int, hi: int) -> int | None:
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return n if lo <= n <= hi else None


def state_from_args(args: Any) -> dict[str, Any]:
    """The state of a request whose parameters failed validation, for the 400 page's form.

    The query text is kept as typed (to correct it); parameters that are themselves
    invalid are dropped, so resubmitting the form does not repeat the same error."""
    state: dict[str, Any] = {"q": args.get("q", "")}
    for key in LIST_KEYS:
        values = [v for v in args.getlist(key) if v]
        if key == "year":
            values = [v for v in values if _valid_int(v, 1949, 2100) is not None]
        state[key] = values
    for key in ("year_from", "year_to"):
        state[key] = _valid_int(args.get(key), 1949, 2100)
    sort, mode = args.get("sort", ""), args.get("mode", "")
    state["sort"] = sort if sort in SORTS else "relevance"
    state["mode"] = mode if mode in MODES else "exact"
    reuse = args.get("reuse", "")
    state["reuse"] = reuse if reuse in REUSE_MODES else ""
    state["reuse_min"] = _valid_int(args.get("reuse_min"), 2, 10_000) or DEFAULT_REUSE_MIN
    state["per_page"] = _valid_int(args.get("per_page"), 1, MAX_PER_PAGE) or DEFAULT_PER_PAGE
    state["group"] = args.get("group", "") not in ("", "0", "false", "no", "off")
    state["page"] = 1
    return state


class StateURL:
    """Builds every link of the search page from one state: each state is a URL."""

    ORDER: tuple[str, ...] = ("q", *LIST_KEYS, "year_from", "year_to", "mode", "reuse",
                              "reuse_min", "sort", "group", "per_page", "page")
    # The parameters every view shares (query and filters); the rest are per view.
    FILTERS = ("q", *LIST_KEYS, "year_from", "year_to", "mode", "reuse", "reuse_min")

    def __init__(self, state: dict[str, Any]):
        self.state = state
        self.endpoint = "pages.index"
        self.order = self.ORDER
        self.defaults = {"sort": "relevance", "mode": "exact", "page": "1",
                         "per_page": str(DEFAULT_PER_PAGE), "reuse_min": str(DEFAULT_REUSE_MIN)}

    def pairs(self, exclude: Iterable[str] = (), **changes: Any) -> list[tuple[str, str]]:
        st = dict(self.state)
        if "page" not in changes:
            st["page"] = 1 if changes else st.get("page", 1)
        st.update(changes)
        skip = set(exclude)
        out: list[tuple[str, str]] = []
        for key in self.order:
            if key in skip:
                continue
            v = st.get(key)
            if key in LIST_KEYS:
                out.extend((key, str(x)) for x in v or [])
            elif key == "group":
                if v:
                    out.append(("group", "1"))
            elif v in (None, "", [], False):
                continue
            elif self.defaults.get(key) == str(v):
                continue
            else:
                out.append((key, str(v)))
        return out

    def query_string(self, **changes: Any) -> str:
        return urlencode(self.pairs(**changes))

    def url(self, endpoint: str | None = None, **changes: Any) -> str:
        qs = self.query_string(**changes)
        base = url_for(endpoint or self.endpoint)
        return f"{base}?{qs}" if qs else base

    def view(self, endpoint: str, **changes: Any) -> str:
        """The same query and filters in another view (search, distribution, KWIC …)."""
        qs = urlencode([(k, v) for k, v in self.pairs(**changes) if k in self.FILTERS])
        base = url_for(endpoint)
        return f"{base}?{qs}" if qs else base

    def search_url(self, **changes: Any) -> str:
        """The search page with ``changes`` (keeps sort, grouping and page size)."""
        return self.url("pages.index", **changes)

    def selected(self, name: str, value: str) -> bool:
        return str(value) in self.state.get(name, [])

    def toggle(self, name: str, value: Any) -> str:
        values = list(self.state.get(name, []))
        value = str(value)
        values = [v for v in values if v != value] if value in values else [*values, value]
        return self.url(**{name: values})

    def remove(self, name: str, value: Any = None) -> str:
        if name in LIST_KEYS:
            return self.url(**{name: [v for v in self.state.get(name, []) if v != str(value)]})
        return self.url(**{name: None})

    def clear_filters(self) -> str:
        return self.url(**{k: [] for k in LIST_KEYS}, year_from=None, year_to=None, reuse=None)

    def has_filters(self) -> bool:
        return any(self.state.get(k) for k in LIST_KEYS) or any(
            self.state.get(k) not in (None, "") for k in ("year_from", "year_to", "reuse"))


class ViewURL(StateURL):
    """Links of a research view: the shared filters plus the view's own parameters.

    ``own`` lists the view's parameters in URL order with their defaults (a default
    value is left out of the URL); ``state`` carries their current values."""

    def __init__(self, state: dict[str, Any], endpoint: str, own: Mapping[str, Any]):
        super().__init__(state)
        self.endpoint = endpoint
        self.order = (*self.FILTERS, *own)
        self.defaults = {"mode": "exact", "reuse_min": str(DEFAULT_REUSE_MIN),
                         **{k: str(v) for k, v in own.items() if v is not None}}

    def search_url(self, **changes: Any) -> str:
        return self.view("pages.index", **changes)


def append_term(q: str, term: str) -> str:
    """``q`` narrowed by ``term`` (search within results); an OR query is parenthesized."""
    q, term = q.strip(), term.strip()
    if not q:
        return term
    if not term:
        return q
    try:
        wrap = isinstance(parse_query(q).root, Or)
    except QueryError:
        wrap = False  # the combined query will report the error with the text kept
    return f"({q}) {term}" if wrap else f"{q} {term}"


def page_numbers(page: int, last: int, radius: int = 3) -> list[int | None]:
    """Page links around ``page``, with ``None`` for gaps; always includes 1 and ``last``."""
    nums = sorted({1, last, *range(max(1, page - radius), min(last, page + radius) + 1)})
    out: list[int | None] = []
    for n in nums:
        if out and out[-1] is not None and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out


def lang_url(lang: str) -> str:
    """This page in another language."""
    args = request.args.copy()
    args["lang"] = lang
    return f"{request.path}?{urlencode(list(args.items(multi=True)))}"


def args_without(*names: str) -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.args.items(multi=True) if k not in names]
