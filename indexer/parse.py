"""Parse a notice's text into metadata and citable paragraphs.

Pure functions over strings: :func:`parse_notice` takes a :class:`SourceDoc` and
returns a :class:`Notice`. Every metadata field may stay empty; a value is only set
when the text (or the page around it) states it. The formatting traps handled here
(wrapped or repeated titles, glued furniture fields, lost brackets, run-in headings,
first-person issuers …) each have a hand-written sample in tests/test_parse.py.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
from dataclasses import dataclass

from analysis.normalize import normalize
from analysis.sentences import clauses, first_sentence_end
from analysis.vocab import date_basis
from indexer.boilerplate import furniture
from indexer.dates import DateMention, find_dates, is_date_line, parse_date, signature_date
from indexer.model import NotANotice, Notice, Paragraph, SourceDoc
from indexer.regions import Region, resolve_region

# ---------------------------------------------------------------- headings

_CN = "一二三四五六七八九十百零〇"
# Numbering styles, outermost rank first. A notice may start at any rank; depth is
# computed from the ranks actually open above a heading (see parse_notice).
_STYLES: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^[{_CN}]{{1,3}}\s*[、.．，,]\s*")),
    # （一） / (一), and 一) whose opening bracket was lost in conversion.
    (2, re.compile(rf"^(?:[（(]\s*[{_CN}]{{1,3}}\s*[）)]|[{_CN}]{{1,3}}[）)])\s*")),
    (3, re.compile(r"^(?:\d{1,3}\s*[.．、](?!\d)|问题\s*\d{1,3}\s*[:：])\s*")),
    (4, re.compile(r"^(?:[（(]\s*\d{1,3}\s*[）)]|\d{1,3}[）)])\s*")),
    (5, re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]\s*")),
]
_STATUS_RE = re.compile(
    r"[（(]\s*(?:已完成|基本完成|未完成|正在整改|持续整改|长期坚持|已整改|整改中)\s*[）)]\s*$")
_PROBLEM_END_RE = re.compile(
    r"(?:问题|方面|方面问题|情况|整改情况|问题整改|的整改|工作|任务|打算|成效|举措|措施|建设)[。.]?$")
_QUOTED_PROBLEM_RE = re.compile(
    r"^(?:关于|针对|积极整改|着力解决|坚决整改|认真核查|及时整改|对)?.*“.+”")
# A numbered line whose text *starts* like running prose (一是…, 目前…, 截至…) is body,
# as 004's "(12)一是…". A sentence *followed* by 一是/首先 sums up the measures listed
# after it, so it is a run-in heading however long (004's "(14)针对…教育。一是…").
_ENUM_START_RE = re.compile(r"^(?:一是|首先|其中|目前|截至|截止)")
_MEASURES_START_RE = re.compile(r"^(?:一是|首先)")
MAX_RUN_IN_HEADING = 50  # a run-in heading's first sentence, when nothing else marks it
MAX_SHORT_HEADING = 40  # a numbered single-sentence line this short is a heading
MAX_PROBLEM_HEADING = 150  # a problem statement (“…”的问题) heads its section up to this length


@dataclass(frozen=True)
class HeadingSplit:
    rank: int
    heading: str  # the heading as displayed (numbering included)
    rest: str  # body text that followed on the same line (run-in heading), or ""


def numbering(line: str) -> tuple[int, int] | None:
    """(rank, end of the numbering prefix) when ``line`` starts with a heading number."""
    for rank, pattern in _STYLES:
        if m := pattern.match(line):
            return rank, m.end()
    return None


def _is_problem(core: str) -> bool:
    """A problem statement (``关于“…”的问题``, ``…方面``) reads as a heading even when long."""
    return len(core) <= MAX_PROBLEM_HEADING and (
        _PROBLEM_END_RE.search(core) is not None or _QUOTED_PROBLEM_RE.match(core) is not None)


def split_heading(line: str, force: bool = False) -> HeadingSplit | None:
    """Recognise a numbered heading, splitting off run-in body text.

    Returns None for body text, including numbered items whose first sentence is
    long prose (``1.针对…问题，市委按照…。石墨烯…``) and ``一是…`` runs. A first
    sentence followed by ``一是…`` is a heading at any length up to
    MAX_PROBLEM_HEADING. ``force`` makes a numbered line a heading anyway (its
    siblings or children say it is one); the heading is then its first sentence.
    """
    num = numbering(line)
    if num is None:
        return None
    rank, cut = num
    content = line[cut:]
    if not content:
        return HeadingSplit(rank, line, "")
    if _ENUM_START_RE.match(content):
        return None
    end = first_sentence_end(content)
    tail = content[end:].strip() if end != -1 else ""
    if not tail or _STATUS_RE.fullmatch(tail):
        core = _STATUS_RE.sub("", content).rstrip("。. ")
        if len(core) <= MAX_SHORT_HEADING or _is_problem(core) or force:
            return HeadingSplit(rank, line, "")
        return None
    first = content[:end]
    # "针对X问题，市委…。" is an action sentence (body), not a heading ...
    action = first.startswith("针对") and re.search(r"问题[，,]", first) is not None
    # ... unless what follows is a list of measures: then the sentence sums them up.
    summary = _MEASURES_START_RE.match(tail) is not None and len(first) <= MAX_PROBLEM_HEADING
    if force or summary or (len(first) <= MAX_RUN_IN_HEADING and not action):
        return HeadingSplit(rank, line[:cut + end], line[cut + end:].strip())
    return None


def classify(lines: list[str]) -> list[HeadingSplit | None]:
    """Heading decisions for a run of body lines, made consistent across siblings.

    A numbered line is judged alone first; then numbered items that share a parent
    and a style vote (majority wins, ties go to heading), and an item directly
    followed by a deeper-numbered item is a heading whatever its length.
    """
    nums = [numbering(ln) for ln in lines]
    alone = [split_heading(ln) for ln in lines]
    parent: list[int] = []
    open_ranks: list[tuple[int, int]] = []  # (rank, line index)
    for i, num in enumerate(nums):
        if num is None:
            parent.append(-2)
            continue
        while open_ranks and open_ranks[-1][0] >= num[0]:
            open_ranks.pop()
        parent.append(open_ranks[-1][1] if open_ranks else -1)
        open_ranks.append((num[0], i))
    groups: dict[tuple[int, int], list[int]] = {}
    for i, num in enumerate(nums):
        if num is not None and not _ENUM_START_RE.match(lines[i][num[1]:]):
            groups.setdefault((num[0], parent[i]), []).append(i)
    decided = list(alone)
    for members in groups.values():
        headings = sum(1 for i in members if alone[i] is not None)
        verdict = headings * 2 >= len(members)
        for i in members:
            if verdict and alone[i] is None:
                decided[i] = split_heading(lines[i], force=True)
            elif not verdict:
                decided[i] = None
    for i, num in enumerate(nums):
        nxt = nums[i + 1] if i + 1 < len(nums) else None
        if (num and decided[i] is None and nxt and nxt[0] > num[0]
                and not _ENUM_START_RE.match(lines[i][num[1]:])):
            decided[i] = split_heading(lines[i], force=True)
    return decided


# ---------------------------------------------------------------- closing block

_CLOSING_START_RE = re.compile(
    r"^(?:欢迎广大|欢迎社会各界|欢迎干部群众|联系电话|联系方式|联系人|邮政信箱|邮政邮箱|通讯地址|"
    r"电子邮箱|电子信箱|举报电话|来信地址|邮编|邮政编码|监督电话|传真)")
_ORG_SUFFIX = (r"(?:委员会|党委|党组|工委|党工委|纪委|[市县区州旗盟]委|省委|部|厅|局|办|办公室|"
               r"政府|公司|集团|大学|学院|医院|支部|总支|分局|中心|委)")
_ORG_LINE_RE = re.compile(rf"^[^\s，。,；;：:“”]{{2,40}}{_ORG_SUFFIX}$")


def _signature_parts(line: str) -> tuple[str, str] | None:
    """(organisation, ISO date) when ``line`` is a signature line, else None.

    Signatures come as an organisation line, a date line, or both on one line
    (``中共某某县委 2021年8月30日``).
    """
    if is_date_line(line):
        return "", signature_date(line)
    if numbering(line) is not None:  # "（三）强化纪委" is a heading, not a signature
        return None
    if _ORG_LINE_RE.match(line):
        return line, ""
    m = re.match(r"^(\S{2,40})\s+(\S.*)$", line)
    if m and _ORG_LINE_RE.match(m.group(1)) and is_date_line(m.group(2)):
        return m.group(1), signature_date(m.group(2))
    return None


def closing_start(lines: list[str]) -> int:
    """Index where the closing block begins (``len(lines)`` when there is none).

    The closing block is the longest run at the very end made only of invitation
    and contact lines (欢迎广大干部群众…监督, 联系电话, 邮政信箱, 电子邮箱) and the
    signature (organisation, date). Scanning from the end means a body paragraph
    that happens to mention a phone number is never cut off.
    """
    start = len(lines)
    while start > 0:
        line = lines[start - 1]
        if _CLOSING_START_RE.match(line) or _signature_parts(line) is not None:
            start -= 1
            continue
        break
    return start


# ---------------------------------------------------------------- title

_TITLE_END_RE = re.compile(r"(?:通报|报告|公告|公示|情况)$")
_TAG_PREFIX_RE = re.compile(r"^(?:[【\[][^】\]]{1,12}[】\]]\s*)+")
_TRAILING_DATE_RE = re.compile(
    r"\s*[（(]?\s*((?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*[）)]?$")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_SPACE_RE = re.compile(rf"(?<=[{_CJK}“”（）()])[\s\u00a0\u3000]+(?=[{_CJK}“”（）()])")
_ORG_END_RE = re.compile(rf"{_ORG_SUFFIX}$")


def split_title(line: str) -> tuple[str, str]:
    """(title, ISO date printed beside it) with tag prefixes and stray spaces removed.

    ``【巡察整改】中共X县委 关于…的通报 2026-02-13`` → (``中共X县委关于…的通报``,
    ``2026-02-13``): list pages print the posting date on the title line.
    """
    text = _TAG_PREFIX_RE.sub("", line.strip())
    date = ""
    if m := _TRAILING_DATE_RE.search(text):
        date = parse_date(m.group(1))
        text = text[:m.start()]
    return _CJK_SPACE_RE.sub("", text).strip(), date


def clean_title(line: str) -> str:
    """A title without tag prefixes (【巡察整改】), trailing dates or stray spaces."""
    return split_title(line)[0]


def _looks_like_title(text: str) -> bool:
    t = clean_title(text)
    return 8 <= len(t) <= 120 and (
        bool(_TITLE_END_RE.search(t)) and ("关于" in t or "巡视" in t or "巡察" in t)
    ) and not re.search(r"[。；]", t)


def _joins(first: str, second: str) -> bool:
    """Whether two lead lines are one title wrapped in two (``…关于巡视`` / ``整改情况的通报``).

    Only a line that breaks off inside the title qualifies — one holding 关于 or ending
    on an organisation, or followed by a line starting 关于 — so a channel name such as
    ``巡视巡察`` is never glued onto the title below it.
    """
    first_t, second_t = clean_title(first), clean_title(second)
    if _looks_like_title(first) or not _looks_like_title(first_t + second_t):
        return False
    return "关于" in first_t or second_t.startswith("关于") or bool(_ORG_END_RE.search(first_t))


def _is_prose(line: str) -> bool:
    return bool(re.search(r"[。；，,]", line)) and len(line) > 25


def find_title(lead: list[str]) -> tuple[str, str]:
    """(title, date printed on or under the title) among the lines above the text.

    The lead holds site names, channels and the title, perhaps repeated or wrapped;
    the longest title-like candidate wins. A date beside the title or alone on a
    line of the lead is the page's posting date.
    """
    title, date = "", ""
    i = 0
    while i < len(lead):
        candidate = lead[i]
        if is_date_line(candidate):
            date = date or signature_date(candidate)
        if i + 1 < len(lead) and _joins(candidate, lead[i + 1]):
            candidate = clean_title(candidate) + lead[i + 1]
            i += 1
        if _looks_like_title(candidate):
            text, on_line = split_title(candidate)
            if len(text) > len(title):
                title = text
            date = date or on_line
        i += 1
    return title, date


# ---------------------------------------------------------------- metadata

_INSPECTOR_RE = re.compile(
    r"((?:中央|省委|自治区党委|市委|州委|盟委|地委|县委|区委|旗委|[^\s，。,]{0,8}党组|[^\s，。,]{0,8}党委)"
    r"(?:第[一二三四五六七八九十百\d]{1,4})?(?:专项|机动)?(?:巡视|巡察)(?:组|工作组))")
_ROUND_ORG = r"(?:中央|省委|自治区党委|市委|州委|县委|区委|旗委)"
_ROUND_RE = re.compile(
    rf"((?:[{_CN}]{{1,4}}届{_ROUND_ORG}?|{_ROUND_ORG})第[{_CN}\d]{{1,4}}轮)")
_CENTRAL_RE = re.compile(r"^(?:中共)?(?:中央|国务院|全国|国家|中国|中华全国)")
_ISSUER_FROM_TITLE_RE = re.compile(rf"^(.{{2,40}}?{_ORG_SUFFIX})\s*关于")
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


def _inspector(text: str) -> str:
    """The inspection team, a numbered one (省委第三巡视组) before a generic 省委巡视组.

    A bare "…党组巡察组" without a number is dropped: the pattern then usually caught
    the inspected unit's own name rather than a team.
    """
    teams = [m.group(1) for m in _INSPECTOR_RE.finditer(text)]
    teams = [t for t in teams if "第" in t or not re.match(r"^\S{0,8}(?:党组|党委)", t)]
    numbered = [t for t in teams if "第" in t]
    return (numbered or teams or [""])[0]


def _flags(text: str) -> list[str]:
    return [flag for flag, pattern in _FLAG_RES.items() if pattern.search(text)]


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
    for para in preamble:
        mentions = find_dates(para, year)
        for m in mentions:
            if m.year_given and m.iso:
                year = int(m.iso[:4])
        for sentence_start, sentence in clauses(para):
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


def _issuer(title: str, signature_org: str, opening: str, publisher: str) -> str:
    """Who issued the notice: the title's organisation, else the signature, else whom
    the inspectors reported back to (first sentence), else the page's 发布机构.

    First-person names (我局, 本单位) say nothing about who "I" am, so they are skipped.
    """
    candidates = []
    if title and (m := _ISSUER_FROM_TITLE_RE.match(title)):
        candidates.append(m.group(1))
    candidates.append(signature_org)
    if m := _FEEDBACK_TARGET_RE.search(opening):
        candidates.append(m.group(1))
    candidates.append(publisher)
    for candidate in candidates:
        candidate = _PARENS_RE.sub("", candidate or "").strip()
        if candidate and not _FIRST_PERSON_RE.match(candidate):
            return candidate
    return ""


def _region(issuer: str, title: str, opening: str) -> Region:
    """The place of the issuer, else of the title, else of the inspected unit."""
    region = resolve_region(issuer, context=opening) if issuer else Region()
    if not region.province and title:
        region = resolve_region(title, context=opening)
    if not region.province and not _CENTRAL_RE.match(issuer or title):
        target = re.search(r"对(.{2,24}?)(?:党组|党委|党工委|班子)?(?:进行了|开展了|开展)", opening)
        if target:
            region = resolve_region(target.group(1), context=opening)
    return region


def _former_region(text: str, current: str) -> str:
    """A county the text calls 原… (原江干区, 原杭州市江干区) that is not the current one.

    The county must follow 原 directly (after its own city or province at most), so
    原则上 … 某县 never makes 某县 a former region.
    """
    for m in re.finditer(r"原", text):
        after = text[m.end():m.end() + 16]
        place = resolve_region(after)
        at = after.find(place.county) if place.county else -1
        if at == -1 or place.county == current:
            continue
        if after[:at] in ("", place.city, place.province, place.province + place.city):
            return place.county
    return ""


# ---------------------------------------------------------------- ids

def short_hash(text: str, length: int) -> str:
    """URL-safe (base32, lower case) prefix of the text's SHA-1."""
    digest = hashlib.sha1(text.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:length]


def notice_identity(doc: SourceDoc) -> str:
    """What a notice *is*, independent of file order and of other files.

    A crawler's URL when given; for a file, its path under the data folder; for a
    row without URL, its normalized text.
    """
    if doc.given.get("url"):
        return "url:" + doc.given["url"].strip()
    if "#row-" in doc.origin:
        return "text:" + normalize(doc.text)
    return "file:" + doc.origin


def paragraph_ids(notice_id: str, texts: list[str]) -> list[str]:
    """Ids from normalized content, so editing one paragraph leaves the others' ids alone.

    A paragraph repeated word for word gets ``-2``, ``-3`` … after the first.
    """
    seen: dict[str, int] = {}
    ids = []
    for text in texts:
        h = short_hash(normalize(text), 8)
        seen[h] = seen.get(h, 0) + 1
        ids.append(f"{notice_id}-{h}" + (f"-{seen[h]}" if seen[h] > 1 else ""))
    return ids


# ---------------------------------------------------------------- main entry

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


def _sections(content: list[str], closing_at: int) -> list[tuple[str, str, int, list[str]]]:
    """(kind, text, depth, section_path) for every paragraph, run-in headings split."""
    units: list[tuple[str, str, int, list[str]]] = []
    stack: list[tuple[int, str]] = []  # open headings: (rank, text)
    decisions = classify(content[:closing_at])
    for idx, line in enumerate(content):
        if idx >= closing_at:
            units.append(("closing", line, 0, []))
            continue
        split = decisions[idx]
        if split is None:
            units.append(("body", line, 0, [h for _, h in stack]))
            continue
        while stack and stack[-1][0] >= split.rank:
            stack.pop()
        path = [h for _, h in stack]
        stack.append((split.rank, split.heading))
        units.append(("heading", split.heading, len(stack), path))
        if split.rest:
            units.append(("body", split.rest, 0, [h for _, h in stack]))
    return units


def parse_notice(doc: SourceDoc) -> Notice:
    """Parse one notice. Raises :class:`NotANotice` with a reason when it is not one."""
    lines, harvested = _strip_furniture(doc.text)
    if not lines:
        raise NotANotice("only site furniture (来源/发布时间/分享到…), no notice text")

    # ---- title: among the lines before the first prose or numbered line
    lead_end = 0
    while lead_end < len(lines) and not _is_prose(lines[lead_end]) and not split_heading(
            lines[lead_end]):
        lead_end += 1
    lead = lines[:lead_end]
    title, title_line_date = find_title(lead)
    # Lead lines are site names, channels, repeated titles: never paragraphs.
    body_start = lead_end if title or all(len(x) <= 30 for x in lead) else 0
    page_title = re.split(r"[_|｜]|\s-\s", doc.page.get("title", ""))[0]
    if doc.given.get("title", "").strip():
        title = clean_title(doc.given["title"])
    elif not title and harvested.get("title") and _looks_like_title(harvested["title"]):
        title = clean_title(harvested["title"])
    elif not title and _looks_like_title(page_title):
        title = clean_title(page_title)

    content = lines[body_start:]
    if not content:
        raise NotANotice("no paragraphs after the title")
    if not re.search(r"巡视|巡察", "\n".join(lines) + title):
        raise NotANotice("never mentions 巡视 or 巡察: not an inspection-rectification notice")
    if len(re.findall(rf"[{_CJK}]", "".join(content))) < 30:
        raise NotANotice("too little Chinese text for a notice (under 30 characters)")

    closing_at = closing_start(content)
    signature_org = published = ""
    for line in reversed(content[closing_at:]):
        org, date = _signature_parts(line) or ("", "")
        published = published or date
        signature_org = signature_org or org
    units = _sections(content, closing_at)

    # ---- metadata from title + preamble (paragraphs before the first heading)
    preamble: list[str] = []
    for kind, text, _, _ in units:
        if kind != "body":
            break
        preamble.append(text)
    if not preamble:
        preamble = [t for k, t, _, _ in units if k == "body"][:2]
    opening = "\n".join(preamble)
    head_text = title + "\n" + opening

    inspector = _inspector(head_text)
    round_m = _ROUND_RE.search(head_text)
    if inspector:
        inspection_kind = "巡视" if "巡视" in inspector else "巡察"
    elif "巡察" in title or ("巡视" not in title and opening.count("巡察") > opening.count("巡视")):
        inspection_kind = "巡察"
    else:
        inspection_kind = "巡视"

    start, end, feedback = inspection_dates(preamble)
    issuer = _issuer(title, signature_org, opening, harvested.get("publisher", ""))
    region = _region(issuer, title, opening)
    if region.province:
        level = region.level
    elif _CENTRAL_RE.match(issuer or title) or inspector.startswith("中央"):
        level = "central"
    else:
        level = ""

    posted = (harvested.get("posted", "") or title_line_date
              or parse_date(doc.page.get("published", "")))
    given_pub = parse_date(doc.given.get("published", "") or doc.given.get("date", ""))
    published_date = given_pub or published or harvested.get("written", "") or posted

    dated, basis = date_basis(published_date, feedback, start)
    year = int(dated[:4]) if dated else None

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
        former_region=_former_region(head_text, region.county),
        level=level,
        inspection_kind=inspection_kind,
        flags=_flags(head_text),
        inspector=inspector,
        round=round_m.group(1) if round_m else "",
        inspection_start=start,
        inspection_end=end,
        feedback_date=feedback,
        published_date=published_date,
        posted_date=posted if posted != published_date else "",
        year=year,
        year_basis=basis,
        source=doc.given.get("source", "") or harvested.get("source", "") or doc.page.get(
            "source", ""),
        url=doc.given.get("url", "") or doc.page.get("url", "") or harvested.get("url", ""),
        paragraphs=paragraphs,
    )
