"""Notice metadata from the title and the opening paragraphs: inspector, round, flags,
inspection and feedback dates, issuer and region.
"""

from __future__ import annotations

import itertools
import re

from indexer.dates import DateMention, find_dates
from indexer.parse.headings import CN_NUMERALS
from indexer.regions import Region, resolve_region
from indexer.simplified import cut_matches, simplified

ORG_SUFFIX = (r"(?:委员会|党委|党组|工委|党工委|纪委|[市县区州旗盟]委|省委|部|厅|局|办|办公室|"
               r"政府|公司|集团|大学|学院|医院|支部|总支|分局|中心|委)")
_INSPECTOR_RE = re.compile(
    r"((?:中央|省委|自治区党委|市委|州委|盟委|地委|县委|区委|旗委|[^\s，。,]{0,8}党组|[^\s，。,]{0,8}党委)"
    r"(?:第[一二三四五六七八九十百\d]{1,4})?(?:专项|机动)?(?:巡视|巡察)(?:组|工作组))")
_ROUND_ORG = r"(?:中央|省委|自治区党委|市委|州委|县委|区委|旗委)"
_ROUND_RE = re.compile(
    rf"((?:[{CN_NUMERALS}]{{1,4}}届{_ROUND_ORG}?|{_ROUND_ORG})第[{CN_NUMERALS}\d]{{1,4}}轮)")
CENTRAL_RE = re.compile(r"^(?:中共)?(?:中央|国务院|全国|国家|中国|中华全国)")
_ISSUER_FROM_TITLE_RE = re.compile(rf"^(.{{2,40}}?{ORG_SUFFIX})\s*关于")
_FEEDBACK_TARGET_RE = re.compile(
    r"向(.{2,20}?(?:委|党组|党委|工委))(?:[（(]以下简称[^）)]*[）)])?(?:领导班子|班子)?"
    r"(?:反馈|进行了反馈|作了反馈)")
_PARENS_RE = re.compile(r"[（(]以下简称[^）)]*[）)]")
_FIRST_PERSON_RE = re.compile(r"^(?:我|本)(?:局|委|院|单位|部|厅|办|市|县|区|镇|校|公司|中心)")
_FLAG_RES = {
    "回头看": re.compile(r"回头看"),
    "专项": re.compile(r"专项(?:巡视|巡察)"),
    "机动": re.compile(r"机动(?:巡视|巡察)"),
    "提级": re.compile(r"提级(?:巡视|巡察)"),
}


def find_inspector(text: str) -> str:
    """The inspection team, a numbered one (省委第三巡视组) before a generic 省委巡视组.

    A bare "…党组巡察组" without a number is dropped: the pattern then usually caught
    the inspected unit's own name rather than a team. ``text`` is as published; so is
    the name returned.
    """
    teams = [m.span(1) for m in _INSPECTOR_RE.finditer(simplified(text))]
    view = simplified(text)
    teams = [(a, b) for a, b in teams
             if "第" in view[a:b] or not re.match(r"^\S{0,8}(?:党组|党委)", view[a:b])]
    numbered = [(a, b) for a, b in teams if "第" in view[a:b]]
    a, b = (numbered or teams or [(0, 0)])[0]
    return text[a:b]


def find_round(text: str) -> str:
    """The inspection round (十四届省委第十一轮), as published."""
    m = _ROUND_RE.search(simplified(text))
    return text[m.start(1):m.end(1)] if m else ""


def find_flags(text: str) -> list[str]:
    view = simplified(text)
    return [flag for flag, pattern in _FLAG_RES.items() if pattern.search(view)]


def _sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs, a sentence ending at 。！？； or the end of the text."""
    return [(m.start(), m.group()) for m in re.finditer(r"[^。！？；]+[。！？；]?", text)]


def _first_range(text: str, mentions: list[DateMention]) -> tuple[DateMention, DateMention] | None:
    for a, b in itertools.pairwise(mentions):
        between = text[a.end:b.start]
        if re.fullmatch(r"\s*(?:至|到|-|—|–|~|～|——)\s*", between):
            return a, b
    return None


def inspection_dates(preamble: list[str]) -> tuple[str, str, str]:
    """(inspection_start, inspection_end, feedback_date) from the opening paragraphs.

    The inspection is the first date range (or dated 进驻/进行了) in a sentence about
    巡视/巡察; feedback is the last date before 反馈 in its sentence. Yearless dates
    inherit the year across paragraphs; status dates (截至…) are never used.
    """
    start = end = feedback = ""
    year: int | None = None
    for para in map(simplified, preamble):
        mentions = find_dates(para, year)
        for m in mentions:
            if m.year_given and m.iso:
                year = int(m.iso[:4])
        for sentence_start, sentence in _sentences(para):
            local = [m for m in mentions if m.iso and not m.status
                     and sentence_start <= m.start < sentence_start + len(sentence)]
            if not local:
                continue
            used: set[DateMention] = set()
            if not start and re.search(r"巡视|巡察|进驻", sentence):
                rng = _first_range(para, local)
                if rng:
                    start, end = rng[0].iso, rng[1].iso
                    used.update(rng)
                elif ("反馈" not in sentence
                      or sentence.index("反馈") > local[0].end - sentence_start) and re.search(
                        r"(?:进行了|开展了|进驻)", sentence):
                    start = local[0].iso
                    used.add(local[0])
            if not feedback and "反馈" in sentence:
                cut = sentence_start + sentence.index("反馈")
                before = [m for m in local if m.start < cut and m not in used]
                if before:
                    feedback = before[-1].iso
        if start and feedback:
            break
    return start, end, feedback


def find_issuer(title: str, signature_org: str, opening: str, publisher: str) -> str:
    """Who issued the notice: the title's organisation, else the signature, else whom
    the inspectors reported back to (first sentence), else the page's 发布机构.

    First-person names (我局, 本单位) say nothing about who "I" am, so they are skipped.
    All arguments are as published, and so is the name returned.
    """
    candidates = []
    if title and (m := _ISSUER_FROM_TITLE_RE.match(simplified(title))):
        candidates.append(title[m.start(1):m.end(1)])
    candidates.append(signature_org)
    if m := _FEEDBACK_TARGET_RE.search(simplified(opening)):
        candidates.append(opening[m.start(1):m.end(1)])
    candidates.append(publisher)
    for candidate in candidates:
        candidate = cut_matches(candidate or "", _PARENS_RE).strip()
        if candidate and not _FIRST_PERSON_RE.match(simplified(candidate)):
            return candidate
    return ""


def find_region(issuer: str, title: str, opening: str) -> tuple[Region, str]:
    """The place of the issuer, else of the title, else of the inspected unit, with the
    evidence that decided it (``issuer``, ``title``, ``inspected``; "" for none)."""
    issuer, title, opening = simplified(issuer), simplified(title), simplified(opening)
    if issuer and (region := resolve_region(issuer, context=opening)).province:
        return region, "issuer"
    if title and (region := resolve_region(title, context=opening)).province:
        return region, "title"
    if not CENTRAL_RE.match(issuer or title):
        target = re.search(r"对(.{2,24}?)(?:党组|党委|党工委|班子)?(?:进行了|开展了|开展)", opening)
        if target and (region := resolve_region(target.group(1), context=opening)).province:
            return region, "inspected"
    return Region(), ""


def find_former_region(text: str, current: str) -> str:
    """A county the text calls 原… (原江干区, 原杭州市江干区) that is not the current one.

    The county must follow 原 directly (after its own city or province at most), so
    原则上 … 某县 never makes 某县 a former region.
    """
    text = simplified(text)
    for m in re.finditer(r"原", text):
        after = text[m.end():m.end() + 16]
        place = resolve_region(after)
        at = after.find(place.county) if place.county else -1
        if at == -1 or place.county == current:
            continue
        if after[:at] in ("", place.city, place.province, place.province + place.city):
            return place.county
    return ""
