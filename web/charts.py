"""Geometry of the server-rendered SVG bar charts (no chart library, no script).

Only layout happens here; the numbers are the engine's."""

from __future__ import annotations

from typing import Any

from web.fmt import fmt_share

METRICS = ("paragraphs", "notices", "share")


def bar_chart(bars: list[dict], axis: str) -> dict[str, Any]:
    """Geometry of one server-rendered SVG bar chart, with a bar set per metric.

    ``axis`` "year" draws columns (time runs left to right), "province" horizontal bars
    (long names read better). Only layout happens here; the numbers are the engine's."""
    n = len(bars)
    values = {m: [float(b[m]) for b in bars] for m in METRICS}
    peak = {m: max(values[m], default=0.0) or 1.0 for m in METRICS}

    def label(m: str, b: dict) -> str:
        return fmt_share(b["share"]) if m == "share" else str(b[m])

    rows = []
    if axis == "year":
        col = max(30, min(56, 640 // max(n, 1)))
        gap, top, plot_h, pad = 6, 18, 140, 4
        width, height = pad * 2 + n * col + max(n - 1, 0) * gap, top + plot_h + 24
        for i, b in enumerate(bars):
            x = pad + i * (col + gap)
            geo = {}
            for m in METRICS:
                h = round(plot_h * values[m][i] / peak[m], 1)
                h = max(h, 1.0) if values[m][i] > 0 else 0.0
                geo[m] = {"x": x, "y": round(top + plot_h - h, 1), "w": col, "h": h,
                          "tx": x + col / 2, "ty": round(top + plot_h - h - 4, 1),
                          "text": label(m, b)}
            rows.append({"bar": b, "geo": geo, "lx": x + col / 2, "ly": top + plot_h + 16,
                         "hx": x, "hy": top, "hw": col, "hh": plot_h + 24 - 4})
    else:
        row_h, bar_h, label_w, plot_w, value_w = 24, 16, 112, 260, 60
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
                         "hx": 0, "hy": y, "hw": width, "hh": row_h})
    return {"axis": axis, "width": width, "height": height, "rows": rows}
