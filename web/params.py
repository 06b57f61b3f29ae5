"""Each research view's own parameters: name, default and check.

Everything else in a research view's URL is the search page's query and filters,
read by :class:`search.engine.SearchParams`; a bad value is a ``ParamError`` (400)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask import request

from analysis.vocab import FIGURE_LABELS
from search.engine import MAX_PAGE, ParamError, SearchParams, parse_int
from search.figures import META_COLUMNS as FIGURE_META_COLUMNS
from search.figures import parse_cols
from search.kwic import MAX_WIDTH as KWIC_MAX_WIDTH
from search.kwic import SORTS as KWIC_SORTS
from web.charts import METRICS

KWIC_MAX_PER_PAGE = 500
KWIC_EXPORT_ALL = 10**15  # a page size no export reaches
Check = Callable[[str, str], Any]


def _int_check(lo: int, hi: int) -> Check:
    def check(name: str, raw: str) -> int:
        return parse_int(raw, name, lo, hi)
    return check


def _choice_check(choices: Iterable[str]) -> Check:
    allowed = tuple(choices)

    def check(name: str, raw: str) -> str:
        if raw not in allowed:
            choices = ", ".join(allowed[:8])
            if len(allowed) > 8:  # the figure labels: the full list is in the API reference
                choices += ", … (/help/api)"
            raise ParamError("参数 %(name)s 的取值 “%(value)s” 无效，应为：%(choices)s。",
                             name=name, value=raw, choices=choices)
        return raw
    return check


def _bool_check(name: str, raw: str) -> str:
    low = raw.lower()
    if low in ("1", "true", "yes", "on"):
        return "1"
    if low in ("0", "false", "no", "off"):
        return "0"
    raise ParamError("参数 %(name)s 应为 1 或 0。", name=name)


def _cols_check(name: str, raw: str) -> str:
    """``cols``: figure labels to show, comma-separated (checked by the engine's parser)."""
    return ",".join(parse_cols(raw))


# Each research view's own parameters: name -> (default, check). Everything else in the
# URL is the search page's query and filters, read by SearchParams.
DIST_SPEC: dict[str, tuple[Any, Check]] = {"metric": ("paragraphs", _choice_check(METRICS))}
KWIC_SPEC: dict[str, tuple[Any, Check]] = {
    "width": (30, _int_check(1, KWIC_MAX_WIDTH)),
    "sort": ("position", _choice_check(KWIC_SORTS)),
    "per_page": (100, _int_check(1, KWIC_MAX_PER_PAGE)),
    "page": (1, _int_check(1, MAX_PAGE)),
}
FIGURES_SPEC: dict[str, tuple[Any, Check]] = {
    "sort": ("", _choice_check((*FIGURE_LABELS, *FIGURE_META_COLUMNS))),
    "desc": ("1", _bool_check),
    "cols": ("", _cols_check),
}
REUSE_SPEC: dict[str, tuple[Any, Check]] = {"limit": (50, _int_check(1, 500))}
# Search-page parameters that mean nothing in a research view (and may clash with its own).
SEARCH_ONLY = ("sort", "page", "per_page", "group")


def read_own(spec: Mapping[str, tuple[Any, Check]], strict: bool = True) -> dict[str, Any]:
    """A view's own parameters, validated (``strict=False``: bad ones fall back to defaults)."""
    out: dict[str, Any] = {}
    for key, (default, check) in spec.items():
        raw = request.args.get(key, "").strip()
        try:
            out[key] = check(key, raw) if raw else default
        except ParamError:
            if strict:
                raise
            out[key] = default
    return out


def view_params(spec: Mapping[str, Any]) -> SearchParams:
    """The shared query and filters of a research view."""
    args = request.args.copy()
    for key in (*spec, *SEARCH_ONLY):
        args.poplist(key)
    return SearchParams.from_args(args)
