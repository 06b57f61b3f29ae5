"""Parse one notice: furniture off, title, sections, closing block, then metadata."""

from __future__ import annotations

import re

from indexer.boilerplate import furniture
from indexer.dates import notice_year, parse_date, url_date
from indexer.model import NotANotice, Notice, Paragraph, SourceDoc
from indexer.parse.closing import closing_start, signature_parts
from indexer.parse.headings import sections, split_heading
from indexer.parse.ids import notice_identity, paragraph_ids, short_hash
from indexer.parse.inspection import describe_inspection
from indexer.parse.issuer import find_issuer
from indexer.parse.place import PlaceEvidence, find_former_region, find_level, find_region
from indexer.parse.title import (
    CJK,
    clean_title,
    find_title,
    is_prose,
    is_title_markup,
    looks_like_title,
)
from indexer.simplified import simplified


def _strip_furniture(text: str) -> tuple[list[str], dict[str, str]]:
    """Non-empty trimmed lines that are not site furniture, and what the furniture said."""
    harvested: dict[str, str] = {}
    lines: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip().lstrip("\ufeff").strip()  # any Unicode space, and a BOM
        if not line:
            continue
        info = furniture(line)
        if info is None:
            lines.append(line)
        else:
            for key, value in info.items():
                harvested.setdefault(key, value)
    return lines, harvested


def _published(doc: SourceDoc, harvested: dict[str, str], signed: str, posted: str, url: str
               ) -> tuple[str, str]:
    """(the notice's date, where it came from): the crawler's column, the signature, the
    成文日期 of a metadata table, the page's posting date, and last the URL's date."""
    given = parse_date(doc.given.get("published", "") or doc.given.get("date", ""))
    candidates = ((given, "crawler"), (signed, "signature"), (harvested.get("written", ""),
                  "written"), (posted, "page"), (url_date(url), "url"))
    return next(((value, name) for value, name in candidates if value), ("", ""))


def parse_notice(doc: SourceDoc) -> Notice:
    """Parse one notice. Raises :class:`NotANotice` with a reason when it is not one."""
    lines, harvested = _strip_furniture(doc.text)
    if not lines:
        raise NotANotice("only site furniture (来源/发布时间/分享到…), no notice text")

    # ---- title: among the lines before the first prose or numbered line
    lead_end = 0
    while lead_end < len(lines) and not is_prose(lines[lead_end]) and (
            not split_heading(lines[lead_end]) or is_title_markup(lines[lead_end])):
        lead_end += 1
    lead = lines[:lead_end]
    title, title_line_date = find_title(lead)
    # Lead lines are site names, channels, repeated titles: never paragraphs.
    body_start = lead_end if title or all(len(x) <= 30 for x in lead) else 0
    page_title = re.split(r"[_|｜]|\s-\s", doc.page.get("title", ""))[0]
    if doc.given.get("title", "").strip():
        title = clean_title(doc.given["title"])
    elif not title:  # a metadata table, a breadcrumb, the page's <title>
        fallbacks = (harvested.get("title", ""), harvested.get("crumb", ""), page_title)
        title = next((clean_title(t) for t in fallbacks if t and looks_like_title(t)), "")

    content = lines[body_start:]
    if not content:
        raise NotANotice("no paragraphs after the title")
    if not re.search(r"巡视|巡察", simplified("\n".join(lines) + title)):
        raise NotANotice("never mentions 巡视 or 巡察: not an inspection-rectification notice")
    if len(re.findall(rf"[{CJK}]", "".join(content))) < 30:
        raise NotANotice("too little Chinese text for a notice (under 30 characters)")

    closing_at = closing_start(content)
    signature_org = published = ""
    for line in reversed(content[closing_at:]):
        org, date = signature_parts(line) or ("", "")
        published = published or date
        signature_org = signature_org or org
    units = sections(content, closing_at)

    # ---- metadata from title + preamble (paragraphs before the first heading)
    preamble: list[str] = []
    for kind, text, _, _ in units:
        if kind != "body":
            break
        preamble.append(text)
    if not preamble:
        preamble = [t for k, t, _, _ in units if k == "body"][:2]
    opening = "\n".join(preamble)
    url = doc.given.get("url", "") or doc.page.get("url", "") or harvested.get("url", "")
    posted = (harvested.get("posted", "") or title_line_date
              or parse_date(doc.page.get("published", "")))
    published_date, published_source = _published(doc, harvested, published, posted, url)
    inspection = describe_inspection(title, preamble, not_after=published_date)
    publisher = harvested.get("publisher", "")
    issuer = find_issuer(title, signature_org, opening, publisher)
    source = doc.given.get("source", "") or harvested.get("source", "") or doc.page.get(
        "source", "")
    region, region_source = find_region(PlaceEvidence(
        issuer=issuer, title=title, opening=opening, source=f"{source}\n{publisher}",
        body="\n".join(content), inspector=inspection.inspector))
    level, level_source = find_level(region, region_source, issuer, title, inspection.body)

    year, basis = notice_year(published_date, inspection.feedback, inspection.start)

    notice_id = short_hash(notice_identity(doc), 10)
    pids = paragraph_ids(notice_id, [u[1] for u in units])
    paragraphs = [
        Paragraph(id=pid, ordinal=n, kind=kind_, section_path=path, text=text, depth=lvl)
        for n, (pid, (kind_, text, lvl, path)) in enumerate(zip(pids, units, strict=True), start=1)
    ]
    return Notice(
        id=notice_id,
        source_file=doc.origin,
        title=title,
        issuer=issuer,
        province=region.province,
        city=region.city,
        county=region.county,
        region_code=region.code,
        region_source=region_source,
        former_region=find_former_region(title + "\n" + opening, region.county),
        level=level,
        level_source=level_source,
        inspection_kind=inspection.inspection_kind,
        flags=inspection.flags,
        inspector=inspection.inspector,
        round=inspection.round,
        inspection_start=inspection.start,
        inspection_end=inspection.end,
        feedback_date=inspection.feedback,
        published_date=published_date,
        published_source=published_source,
        posted_date=posted if posted != published_date else "",
        year=year,
        year_basis=basis,
        source=source,
        url=url,
        paragraphs=paragraphs,
    )
