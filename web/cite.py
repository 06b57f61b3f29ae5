"""Citations of a notice or a paragraph."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from web.fmt import notice_date


def citation(notice: Mapping[str, Any], section_path: list[str], url: str,
             ordinal: int | None = None) -> str:
    """Issuer, title, date, section path and permalink, as one line to paste."""
    date = notice_date(notice)
    parts = [notice.get("issuer") or ""]
    if notice.get("title"):
        parts.append(f"《{notice['title']}》")
    if date:
        parts.append(date)
    path = " > ".join(section_path)
    if ordinal is not None:
        number = _("第 %(n)s 段", n=ordinal)
        path = f"{path} > {number}" if path else number
    if path:
        parts.append(path)
    return "，".join(p for p in parts if p) + "。" + url
