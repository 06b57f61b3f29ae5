"""Display formatting: labels of codes, numbers, figures, places and dates.

Only presentation happens here; every number comes from ``search/``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import g

from indexer.figures import LABELS as FIGURE_LABELS
from web.labels import LABELS

LANGS = ("zh", "en")
MONEY_LABELS = frozenset({"money_recovered"})  # the figure labels counted in 元


def current_lang() -> str:
    return getattr(g, "lang", "zh")


def t(key: str, **kw: Any) -> str:
    """The label ``key`` in the request's language (falls back to Chinese, then the key).

    ``key_1`` is the singular form used when ``n == 1`` (English only needs it)."""
    labels = LABELS[current_lang()]
    if kw.get("n") == 1 and f"{key}_1" in labels:
        key = f"{key}_1"
    text = labels.get(key) or LABELS["zh"].get(key) or key
    return text.format(**kw) if kw else text


def value_label(name: str, value: Any) -> str:
    """Display form of a facet / metadata value (levels and year bases are codes)."""
    if value in (None, ""):
        return ""
    if name == "level":
        return t(f"level_{value}") if f"level_{value}" in LABELS["zh"] else str(value)
    if name == "year_basis":
        return t(f"basis_{value}") if f"basis_{value}" in LABELS["zh"] else str(value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def region_of(m: Mapping[str, Any]) -> list[str]:
    return [m[k] for k in ("province", "city", "county") if m.get(k)]


def notice_date(m: Mapping[str, Any]) -> str:
    """The date a notice is known by (the same choice the engine makes for hits)."""
    return m.get("published_date") or m.get("feedback_date") or m.get("inspection_start") or ""


def safe_url(url: Any) -> str | None:
    """Only http(s) links from data become hrefs (no javascript: or data: URLs)."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return None


def split_facet(items: list[dict], shown: int = 8) -> tuple[list[dict], list[dict]]:
    """The first ``shown`` values plus any selected ones; the rest go behind "show all"."""
    top = [it for i, it in enumerate(items) if i < shown or it["selected"]]
    rest = [it for i, it in enumerate(items) if not (i < shown or it["selected"])]
    return top, rest


def fmt_number(value: Any) -> str:
    """12.0 → "12", 30569700.0 → "30,569,700", 3056.97 → "3,056.97"."""
    v = float(value)
    if v.is_integer():
        return f"{int(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def plain_number(value: Any) -> str:
    """A number for CSV cells: no separators, no trailing ``.0``."""
    if value is None or value == "":
        return ""
    v = float(value)
    return str(int(v)) if v.is_integer() else repr(v)


def fmt_share(share: float) -> str:
    return f"{share * 100:.1f}".rstrip("0").rstrip(".") + "%"


def fmt_figure(value: float, unit: str) -> tuple[str, str]:
    """Display text and exact-value title of a figure (money ≥ 10,000 元 in 万元)."""
    if unit == "元":
        exact = t("figure_exact", v=fmt_number(value))
        if value >= 10_000:
            return f"{fmt_number(round(value / 10_000, 2))} 万元", exact
        return f"{fmt_number(value)} 元", exact
    return f"{fmt_number(value)} {unit}".strip(), ""


def fmt_figure_cell(label: str, value: float) -> tuple[str, str]:
    """A figures-table cell: the summary has values only, money is the one unit that matters."""
    return fmt_figure(value, "元" if label in MONEY_LABELS else "")


def figure_label(key: str) -> str:
    """A figure label: the indexer's Chinese name, or its English translation."""
    if current_lang() == "en" and f"fig_{key}" in LABELS["en"]:
        return LABELS["en"][f"fig_{key}"]
    return FIGURE_LABELS.get(key, key)
