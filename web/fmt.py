"""Display formatting: labels of codes, numbers with units, figures, places and dates.

Only presentation happens here; every number comes from ``search/``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from analysis.vocab import FIGURE_LABELS, FIGURE_REASONS
from web import labels
from web.i18n import place

MONEY_LABELS = frozenset({"money_recovered"})  # the figure labels counted in 元
MONEY_UNIT = "元"  # the unit code the indexer gives money
REGION_FIELDS = ("province", "city", "county")


def value_label(name: str, value: Any) -> str:
    """Display form of a facet or metadata value (codes, kinds and places translated)."""
    if value in (None, ""):
        return ""
    if isinstance(value, list):
        return _("、").join(value_label(name, v) for v in value)
    value = str(value)
    table = {"level": labels.LEVELS, "year_basis": labels.YEAR_BASES,
             "kind": {**labels.INSPECTION_KINDS, **labels.FLAGS},
             "flag": labels.FLAGS, "flags": labels.FLAGS}.get(name)
    if table is not None:
        return str(table.get(value, value))
    if name in REGION_FIELDS:
        return place(value)
    return value


def region_of(m: Mapping[str, Any]) -> list[str]:
    """Province, city and county of a notice or hit, for display."""
    return [place(m[k]) for k in REGION_FIELDS if m.get(k)]


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


def unit_label(unit: str) -> str:
    """A count unit of the figures (件 人 人次 个 项 条 元) in the page's language."""
    units = {"件": _("件"), "人": _("人"), "人次": _("人次"), "个": _("个"), "项": _("项"),
             "条": _("条"), "元": _("元")}
    return units.get(unit, unit)


def fmt_figure(value: float, unit: str) -> tuple[str, str]:
    """Display text and exact-value title of a figure (money ≥ 10,000 元 in 万元)."""
    if unit == MONEY_UNIT:
        exact = _("精确值：%(v)s 元", v=fmt_number(value))
        if value >= 10_000:
            return _("%(v)s 万元", v=fmt_number(round(value / 10_000, 2))), exact
        return _("%(v)s 元", v=fmt_number(value)), exact
    return f"{fmt_number(value)} {unit_label(unit)}".strip(), ""


def fmt_figure_cell(label: str, value: float) -> tuple[str, str]:
    """A figures-table cell: the summary has values only, money is the one unit that matters."""
    return fmt_figure(value, MONEY_UNIT if label in MONEY_LABELS else "")


def figure_reason(code: str) -> str:
    """Why the table shows a mention, or not (the indexer's documented rule)."""
    return _(FIGURE_REASONS[code]) if code in FIGURE_REASONS else code


def figure_label(key: str) -> str:
    """A figure label: the indexer's Chinese name, translated by the catalogs."""
    name = FIGURE_LABELS.get(key, key)
    return _(name) if key in FIGURE_LABELS else name
