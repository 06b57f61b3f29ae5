"""Geometry of the server-rendered SVG bar charts (no chart library, no script).

Only layout happens here; the numbers are the engine's. A year axis is a time axis:
every year from the first to the last (or the filtered range) gets a column, zeros
included, so that 2016, 2017, 2020 are not drawn as if evenly spaced."""

from __future__ import annotations

from typing import Any

from web.fmt import fmt_share

METRICS = ("paragraphs", "notices", "share")
COMPACT_WIDTH = 330  # the charts beside the hit list
COMPACT_PROVINCES = 10  # provinces drawn beside the hit list; the rest on /distribution


def every_year(bars: list[dict], first: int | None = None,
               last: int | None = None) -> list[dict]:
    """Year bars for every year from ``first`` (else the earliest with hits) to ``last``;
    a year without hits is a zero bar marked ``empty``."""
    have = {int(b["value"]): b for b in bars if str(b["value"]).isdigit()}
    if not have:
        return bars
    lo, hi = first or min(have), last or max(have)
    if hi - lo > 200:  # a nonsense range: keep to the years that have hits
        lo, hi = min(have), max(have)
    return [have.get(y) or {"value": str(y), "paragraphs": 0, "notices": 0,
                            "notices_in_index": 0, "share": 0.0, "empty": True}
            for y in range(lo, hi + 1)]


def bar_chart(bars: list[dict], axis: str, compact: bool = False) -> dict[str, Any]:
    """Geometry of one bar chart, with a bar set per metric.

    ``axis`` "year" draws columns (time runs left to right), "province" horizontal bars
    (long names read better). ``compact`` fits the chart into the column beside the
    hit list (at most :data:`COMPACT_PROVINCES` provinces; ``more`` says how many are
    left out)."""
    more = 0
    if compact and axis == "province" and len(bars) > COMPACT_PROVINCES:
        bars, more = bars[:COMPACT_PROVINCES], len(bars) - COMPACT_PROVINCES
    n = len(bars)
    values = {m: [float(b[m]) for b in bars] for m in METRICS}
    peak = {m: max(values[m], default=0.0) or 1.0 for m in METRICS}

    def label(m: str, b: dict) -> str:
        if b.get("empty"):
            return ""
        return fmt_share(b["share"]) if m == "share" else str(b[m])

    rows = []
    if axis == "year":
        gap, top, plot_h, pad = (3, 16, 110, 2) if compact else (6, 18, 140, 4)
        room = COMPACT_WIDTH if compact else 640
        col = max(12, min(56, (room - 2 * pad - max(n - 1, 0) * gap) // max(n, 1)))
        step = 1 if col >= 30 else 2 if col >= 16 else 5  # label every year, or every 2nd/5th
        width, height = pad * 2 + n * col + max(n - 1, 0) * gap, top + plot_h + 24
        for i, b in enumerate(bars):
            x = pad + i * (col + gap)
            geo = {}
            for m in METRICS:
                h = round(plot_h * values[m][i] / peak[m], 1)
                h = max(h, 1.0) if values[m][i] > 0 else 0.0
                geo[m] = {"x": x, "y": round(top + plot_h - h, 1), "w": col, "h": h,
                          "tx": x + col / 2, "ty": round(top + plot_h - h - 4, 1),
                          "text": label(m, b) if col >= 24 else ""}
            shown = (int(b["value"]) % step == 0) if str(b["value"]).isdigit() else True
            rows.append({"bar": b, "geo": geo, "lx": x + col / 2, "ly": top + plot_h + 16,
                         "hx": x, "hy": top, "hw": col, "hh": plot_h + 24 - 4,
                         "label": b["value"] if shown else ""})
    else:
        row_h, bar_h = (20, 14) if compact else (24, 16)
        label_w, plot_w, value_w = (104, 176, 50) if compact else (112, 260, 60)
        width, height = label_w + plot_w + value_w, n * row_h + 4
        for i, b in enumerate(bars):
            y = 2 + i * row_h
            geo = {}
            for m in METRICS:
                w = round(plot_w * values[m][i] / peak[m], 1)
                w = max(w, 1.0) if values[m][i] > 0 else 0.0
                geo[m] = {"x": label_w, "y": y + (row_h - bar_h) / 2, "w": w, "h": bar_h,
                          "tx": label_w + w + 4, "ty": y + row_h / 2 + 4, "text": label(m, b)}
            rows.append({"bar": b, "geo": geo, "lx": label_w - 6, "ly": y + row_h / 2 + 4,
                         "hx": 0, "hy": y, "hw": width, "hh": row_h, "label": b["value"]})
    return {"axis": axis, "width": width, "height": height, "rows": rows, "more": more}
