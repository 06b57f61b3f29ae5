"""Citations of a notice or of one paragraph, in the formats reference managers take.

- GB/T 7714-2015 text (electronic resource ``[EB/OL]``): the line to paste;
- BibTeX (``@online``, biblatex fields), RIS and CSL-JSON: downloads for Zotero,
  EndNote, JabRef, Citavi;
- Highwire (``citation_*``) and Dublin Core ``<meta>`` tags on the reader, which
  Zotero's browser connector reads to save a notice with its metadata.

A notice is a report by its issuer (a Party committee or group), so the issuer is
the (corporate) author and the publisher. A paragraph citation is the notice
citation with the paragraph's place (section path and paragraph number) and its
permalink. The access date is passed in, so the same call always gives the same
text."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from flask_babel import gettext as _

from analysis.vocab import notice_date

FORMATS = {"bib": "application/x-bibtex", "ris": "application/x-research-info-systems",
           "csl.json": "application/vnd.citationstyles.csl+json", "txt": "text/plain"}
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")


@dataclass(frozen=True)
class Citation:
    """What every format needs: the notice's metadata, the paragraph (if any), the URL."""

    notice: Mapping[str, Any]
    url: str
    accessed: date
    ordinal: int | None = None  # the paragraph number the reader shows
    section_path: tuple[str, ...] = ()
    key: str = ""

    @property
    def issuer(self) -> str:
        return self.notice.get("issuer") or ""

    @property
    def title(self) -> str:
        return self.notice.get("title") or self.issuer or self.notice.get("id", "")

    @property
    def date(self) -> str:
        """YYYY-MM-DD, YYYY-MM or "" (never an invented day)."""
        return notice_date(self.notice)

    @property
    def place(self) -> str:
        return "".join(self.notice.get(k) or "" for k in ("province", "city", "county"))

    @property
    def locator(self) -> str:
        """Section path and paragraph number: 二、… > （一）… > 第 30 段."""
        parts = list(self.section_path)
        if self.ordinal is not None:
            parts.append(_("第 %(n)s 段", n=self.ordinal))
        return " > ".join(parts)

    # ------------------------------------------------------------ formats

    def gbt7714(self) -> str:
        """``责任者. 题名[EB/OL]. (发布日期)[引用日期]. 网址.`` (GB/T 7714-2015, 4.8 / 8.8)."""
        title = f"{self.title}: {self.locator}" if self.locator else self.title
        head = f"{self.issuer}. {title}[EB/OL]. " if self.issuer else f"{title}[EB/OL]. "
        published = f"({self.date})" if self.date else ""
        return f"{head}{published}[{self.accessed.isoformat()}]. {self.url}."

    def bibtex(self) -> str:
        fields = [
            ("author", "{" + _bib(self.issuer) + "}" if self.issuer else ""),
            ("title", _bib(self.title)),
            ("date", self.date),
            ("year", self.date[:4]),
            ("organization", _bib(self.issuer)),
            ("location", _bib(self.place)),
            ("url", self.url),
            ("urldate", self.accessed.isoformat()),
            ("langid", "chinese"),
            ("note", _bib(self.locator)),
        ]
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields if v)
        return f"@online{{{self.key},\n{body}\n}}\n"

    def ris(self) -> str:
        lines = [("TY", "GOVDOC"), ("AU", self.issuer), ("TI", self.title),
                 ("PY", self.date[:4]), ("DA", self.date.replace("-", "/")),
                 ("PB", self.issuer), ("CY", self.place), ("UR", self.url),
                 ("Y2", self.accessed.strftime("%Y/%m/%d")), ("LA", "zh-CN"),
                 ("N1", self.locator), ("ID", self.key), ("ER", "")]
        return "".join(f"{tag}  - {value}\r\n" for tag, value in lines
                       if value or tag == "ER")

    def csl(self) -> dict[str, Any]:
        item: dict[str, Any] = {"id": self.key, "type": "report", "title": self.title,
                                "URL": self.url, "language": "zh-CN",
                                "accessed": {"date-parts": [_date_parts(
                                    self.accessed.isoformat())]}}
        if self.issuer:
            item["author"] = [{"literal": self.issuer}]
            item["publisher"] = self.issuer
        if self.date:
            item["issued"] = {"date-parts": [_date_parts(self.date)]}
        if self.place:
            item["publisher-place"] = self.place
        if self.locator:
            item["note"] = self.locator
        return item

    def render(self, fmt: str) -> str:
        if fmt == "bib":
            return self.bibtex()
        if fmt == "ris":
            return self.ris()
        if fmt == "csl.json":
            return json.dumps([self.csl()], ensure_ascii=False, indent=1) + "\n"
        return self.gbt7714() + "\n"

    def meta_tags(self) -> list[tuple[str, str]]:
        """Highwire Press and Dublin Core tags for the reader's ``<head>``."""
        tags = [("citation_title", self.title), ("citation_author", self.issuer),
                ("citation_publication_date", self.date.replace("-", "/")),
                ("citation_date", self.date.replace("-", "/")),
                ("citation_technical_report_institution", self.issuer),
                ("citation_publisher", self.issuer), ("citation_language", "zh"),
                ("citation_public_url", self.url),
                ("DC.title", self.title), ("DC.creator", self.issuer),
                ("DC.publisher", self.issuer), ("DC.date", self.date),
                ("DC.type", "Text"), ("DC.format", "text/html"), ("DC.language", "zh-CN"),
                ("DC.identifier", self.url), ("DC.coverage", self.place),
                ("DC.source", self.notice.get("url") or "")]
        return [(name, value) for name, value in tags if value]


def _bib(text: str) -> str:
    """Escape BibTeX's special characters (Chinese needs no escaping with biber/UTF-8)."""
    return re.sub(r"([{}\\&%$#_^~])", r"\\\1", text)


def _date_parts(iso: str) -> list[int]:
    return [int(p) for p in iso.split("-") if p.isdigit()]


def access_date() -> date:
    """Today (UTC): the 引用日期 / urldate of a citation made now."""
    return datetime.now(UTC).date()


def is_loopback(url: str) -> bool:
    """Whether a citation URL points at this machine (useless to anyone else)."""
    host = (urlsplit(url).hostname or "").lower()
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def notice_citation(notice: Mapping[str, Any], root: str, accessed: date) -> Citation:
    return Citation(notice, f"{root}/notice/{notice['id']}", accessed, key=f"xunshi-{notice['id']}")


def paragraph_citation(notice: Mapping[str, Any], paragraph: Mapping[str, Any], root: str,
                       accessed: date) -> Citation:
    """``paragraph``: a notice view paragraph (``id``) or a hit (``paragraph_id``)."""
    pid = paragraph.get("id") or paragraph["paragraph_id"]
    return Citation(notice, f"{root}/p/{pid}", accessed, ordinal=paragraph["ordinal"],
                    section_path=tuple(paragraph["section_path"]), key=f"xunshi-{pid}")
