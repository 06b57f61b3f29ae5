"""Parse a notice's text into metadata and citable paragraphs.

Pure functions over strings: :func:`parse_notice` takes a :class:`SourceDoc` and
returns a :class:`Notice`. Every metadata field may stay empty; a value is only set
when the text (or the page around it) states it. See README "Formatting traps"
for the shapes handled here; each has a hand-written sample in tests/test_parse.py.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass

from indexer.boilerplate import furniture
from indexer.dates import DateMention, find_dates, is_date_line, parse_date, signature_date
from indexer.model import Notice, NotANotice, Paragraph, SourceDoc
from indexer.normalize import normalize
from indexer.regions import Region, resolve_region

# ---------------------------------------------------------------- headings

_CN = "一二三四五六七八九十百零〇"
# Numbering styles, outermost rank first. A notice may start at any rank; depth is
# computed from the ranks actually open above a heading (see _Sections).
_STYLES: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^[{_CN}]{{1,3}}\s*[、.．，,]\s*")),
    (2, re.compile(rf"^(?:[（(]\s*[{_CN}]{{1,3}}\s*[）)]|[{_CN}]{{1,3}}[）)])\s*")),
    (3, re.compile(r"^(?:\d{1,3}\s*[.．、](?!\d)|问题\s*\d{1,3}\s*[:：])\s*")),
    (4, re.compile(r"^(?:[（(]\s*\d{1,3}\s*[）)]|\d{1,3}[）)])\s*")),
    (5, re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]\s*")),
]
_STATUS_RE = re.compile(r"[（(]\s*(?:已完成|基本完成|未完成|正在整改|持续整改|长期坚持|已整改|整改中)\s*[）)]\s*$")
_PROBLEM_END_RE = re.compile(
    r"(?:问题|方面|方面问题|情况|整改情况|问题整改|的整改|工作|任务|打算|成效|举措|措施|建设)[。.]?$")
_QUOTED_PROBLEM_RE = re.compile(r"^(?:关于|针对|积极整改|着力解决|坚决整改|认真核查|及时整改|对)?.*“.+”")
_BODY_START_RE = re.compile(r"^(?:一是|首先|其中|目前|截至|截止)")
_SENTENCE_END = "。！？!?"
MAX_RUN_IN_HEADING = 50  # chars of a run-in heading's first sentence (seeds: ≤ 34)
MAX_SHORT_HEADING = 40  # a numbered single-sentence line this short is a heading


def _first_sentence_end(text: str) -> int:
    """Index just past the first sentence end outside “quotes”, or -1."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "“‘《":
            depth += 1
        elif ch in "”’》":
            depth = max(0, depth - 1)
        elif ch in _SENTENCE_END and depth == 0:
            return i + 1
    return -1


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


def split_heading(line: str, force: bool = False) -> HeadingSplit | None:
    """Recognise a numbered heading, splitting off run-in body text.

    Returns None for body text, including numbered items whose first sentence is
    long prose (``1.针对…问题，市委按照…。``) and ``一是…`` runs. ``force`` makes a
    numbered line a heading anyway (its siblings or children say it is one); the
    heading is then its first sentence.
    """
    num = numbering(line)
    if num is None:
        return None
    rank, cut = num
    content = line[cut:]
    if not content:
        return HeadingSplit(rank, line, "")
    if _BODY_START_RE.match(content):
        return None
    end = _first_sentence_end(content)
    tail = content[end:] if end != -1 else ""
    if end == -1 or not tail.strip() or _STATUS_RE.fullmatch(tail.strip()):
        core = _STATUS_RE.sub("", content).rstrip("。. ")
        short = len(core) <= MAX_SHORT_HEADING
        problem = len(core) <= 150 and (
            _PROBLEM_END_RE.search(core) is not None or _QUOTED_PROBLEM_RE.match(core) is not None
        )
        if short or problem or force:
            return HeadingSplit(rank, line, "")
        return None
    first = content[:end]
    # "针对X问题，市委…。" is an action sentence (body), not a heading.
    action = first.startswith("针对") and re.search(r"问题[，,]", first) is not None
    if force or (len(first) <= MAX_RUN_IN_HEADING and not action):
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
        if num is not None and not _BODY_START_RE.match(lines[i][num[1]:]):
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
        if num and decided[i] is None and nxt and nxt[0] > num[0] and not _BODY_START_RE.match(
                lines[i][num[1]:]):
            decided[i] = split_heading(lines[i], force=True)
    return decided


# ---------------------------------------------------------------- closing block

_CLOSING_START_RE = re.compile(
    r"^(?:欢迎广大|欢迎社会各界|欢迎干部群众|联系电话|联系方式|联系人|邮政信箱|邮政邮箱|通讯地址|"
    r"电子邮箱|电子信箱|举报电话|来信地址|邮编|邮政编码|监督电话)")
_ORG_SUFFIX = (r"(?:委员会|党委|党组|工委|党工委|纪委|[市县区州旗盟]委|省委|部|厅|局|办|办公室|政府|"
               r"公司|集团|大学|学院|医院|支部|总支|分局|中心|委)")
_ORG_LINE_RE = re.compile(rf"^[^\s，。,；;：:“”]{{2,40}}{_ORG_SUFFIX}$")


# ---------------------------------------------------------------- title

_TITLE_END_RE = re.compile(r"(?:通报|报告|公告|公示|情况)$")
_TAG_PREFIX_RE = re.compile(r"^(?:[【\[][^】\]]{1,12}[】\]]\s*)+")
_TRAILING_DATE_RE = re.compile(
    r"\s*[（(]?\s*(?:(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*[）)]?$")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_SPACE_RE = re.compile(rf"(?<=[{_CJK}“”（）()])[\s\u00a0\u3000]+(?=[{_CJK}“”（）()])")


def clean_title(line: str) -> str:
    """Strip tag prefixes (【巡察整改】), trailing dates and stray spaces from a title."""
    text = _TAG_PREFIX_RE.sub("", line.strip())
    text = _TRAILING_DATE_RE.sub("", text)
    return _CJK_SPACE_RE.sub("", text).strip()


def _looks_like_title(text: str) -> bool:
    t = clean_title(text)
    return 8 <= len(t) <= 120 and (
        bool(_TITLE_END_RE.search(t)) and ("关于" in t or "巡视" in t or "巡察" in t)
    ) and not re.search(r"[。；]", t)


def _is_prose(line: str) -> bool:
    return bool(re.search(r"[。；，,]", line)) and len(line) > 25


# ---------------------------------------------------------------- metadata

_INSPECTOR_RE = re.compile(
    r"((?:中央|省委|自治区党委|市委|州委|盟委|地委|县委|区委|旗委|市委|[^\s，。,]{0,8}党组|[^\s，。,]{0,8}党委)"
    r"(?:第[一二三四五六七八九十百\d]{1,4})?(?:专项|机动)?(?:巡视|巡察)(?:组|工作组))")
_ROUND_RE = re.compile(
    rf"((?:[{_CN}]{{1,4}}届)(?:中央|省委|自治区党委|市委|州委|县委|区委)?第[{_CN}\d]{{1,4}}轮)")
_CENTRAL_RE = re.compile(r"^(?:中共)?(?:中央|国务院|全国|国家|中国|中华全国)")
_FORMER_RE = re.compile(r"原([^\s，。,、]{1,10}?(?:市|区|县|旗|新区))")
_ISSUER_FROM_TITLE_RE = re.compile(rf"^(.{{2,40}}?{_ORG_SUFFIX})\s*关于")
_FEEDBACK_TARGET_RE = re.compile(r"向(.{2,20}?(?:委|党组|党委|工委))(?:班子)?反馈")
_PARENS_RE = re.compile(r"[（(]以下简称[^）)]*[）)]")


def _flags(text: str) -> list[str]:
    flags = []
    for flag in ("回头看", "专项", "机动", "提级"):
        patterns = {
            "回头看": r"回头看",
            "专项": r"专项(?:巡视|巡察)",
            "机动": r"机动(?:巡视|巡察)",
            "提级": r"提级(?:巡视|巡察)",
        }
        if re.search(patterns[flag], text):
            flags.append(flag)
    return flags


def _inspection_dates(preamble: list[str]) -> tuple[str, str, str]:
    """(inspection_start, inspection_end, feedback_date) from the opening paragraphs."""
    start = end = feedback = ""
    year: int | None = None
    for para in preamble:
        mentions = find_dates(para, year)
        for m in mentions:
            if m.year_given and m.iso:
                year = int(m.iso[:4])
        for sentence_start, sentence in _sentences(para):
            local = [m for m in mentions
                     if sentence_start <= m.start < sentence_start + len(sentence) and m.iso]
            if not local:
                continue
            used: set[DateMention] = set()
            if not start and re.search(r"巡视|巡察|进驻", sentence):
                rng = _first_range(para, local)
                if rng:
                    start, end = rng[0].iso, rng[1].iso
                    used.update(rng)
                elif "反馈" not in sentence or sentence.index("反馈") > local[0].end - sentence_start:
                    if re.search(r"(?:进行了|开展了|进驻)", sentence):
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


def _first_range(text: str, mentions: list[DateMention]) -> tuple[DateMention, DateMention] | None:
    for a, b in zip(mentions, mentions[1:], strict=False):
        between = text[a.end:b.start]
        if re.fullmatch(r"\s*(?:至|到|-|—|–|~|～|——)\s*", between):
            return a, b
    return None


def _sentences(text: str) -> list[tuple[int, str]]:
    out = []
    pos = 0
    for m in re.finditer(r"[^。！？；]+[。！？；]?", text):
        out.append((m.start(), m.group()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, text[pos:]))
    return out


# ---------------------------------------------------------------- ids

def short_hash(text: str, length: int) -> str:
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
    """Ids from normalized content, so editing one paragraph leaves the others' ids alone."""
    seen: dict[str, int] = {}
    ids = []
    for text in texts:
        h = short_hash(normalize(text), 8)
        seen[h] = seen.get(h, 0) + 1
        ids.append(f"{notice_id}-{h}" + (f"-{seen[h]}" if seen[h] > 1 else ""))
    return ids


# ---------------------------------------------------------------- main entry

@dataclass
class _Line:
    text: str
    kind: str = "body"  # body | heading | closing
    rank: int = 0


def parse_notice(doc: SourceDoc) -> Notice:
    """Parse one notice. Raises :class:`NotANotice` with a reason when it is not one."""
    raw_lines = [ln.strip(" \t\u00a0\u3000\ufeff") for ln in doc.text.split("\n")]
    harvested: dict[str, str] = {}
    lines: list[str] = []
    for ln in raw_lines:
        if not ln:
            continue
        info = furniture(ln)
        if info is None:
            lines.append(ln)
        else:
            for key, value in info.items():
                harvested.setdefault(key, value)
    if not lines:
        raise NotANotice("only site furniture (来源/发布时间/分享到…), no notice text")

    # ---- title: among the lines before the first prose or numbered line
    title = ""
    body_start = 0
    lead_end = 0
    while lead_end < len(lines) and not _is_prose(lines[lead_end]) and not split_heading(
            lines[lead_end]):
        lead_end += 1
    lead = lines[:lead_end]
    i = 0
    while i < len(lead):
        candidate = lead[i]
        if i + 1 < len(lead) and "关于" in candidate and not _looks_like_title(
                candidate) and _looks_like_title(candidate + lead[i + 1]):
            candidate = candidate + lead[i + 1]
            i += 1
        if _looks_like_title(candidate) and (not title or len(clean_title(candidate)) > len(title)):
            title = clean_title(candidate)
        i += 1
    # Lead lines are site names, channels, repeated titles: never paragraphs.
    body_start = lead_end if title or all(len(x) <= 30 for x in lead) else 0
    given_title = doc.given.get("title", "").strip()
    if given_title:
        title = clean_title(given_title)
    elif not title and doc.page.get("title") and _looks_like_title(
            re.split(r"[_|｜]|\s-\s", doc.page["title"])[0]):
        title = clean_title(re.split(r"[_|｜]|\s-\s", doc.page["title"])[0])

    content = lines[body_start:]
    if not content:
        raise NotANotice("no paragraphs after the title")
    alltext = "\n".join(lines)
    if not re.search(r"巡视|巡察", alltext + title):
        raise NotANotice("never mentions 巡视 or 巡察: not an inspection-rectification notice")
    if len(re.findall(rf"[{_CJK}]", "".join(content))) < 30:
        raise NotANotice("too little Chinese text for a notice (under 30 characters)")

    # ---- closing block: from the invitation/contact lines (in the second half) to the end
    closing_at = len(content)
    for idx in range(len(content) // 2, len(content)):
        if _CLOSING_START_RE.match(content[idx]):
            closing_at = idx
            break
    # A signature block (org line + date line) at the very end is closing text too.
    tail = len(content)
    while tail > closing_at or tail > 0:
        prev = content[tail - 1]
        if is_date_line(prev) or (_ORG_LINE_RE.match(prev) and tail >= len(content) - 2):
            tail -= 1
            continue
        break
    closing_at = min(closing_at, tail)

    signature_org = ""
    published = ""
    for ln in content[closing_at:][::-1]:
        if not published and is_date_line(ln):
            published = signature_date(ln)
        elif not signature_org and _ORG_LINE_RE.match(ln):
            signature_org = ln
    # ---- paragraphs with section paths
    units: list[tuple[str, str, int, list[str]]] = []  # (kind, text, level, section_path)
    stack: list[tuple[int, str]] = []
    decisions = classify(content[:closing_at])
    for idx, ln in enumerate(content):
        if idx >= closing_at:
            units.append(("closing", ln, 0, []))
            continue
        split = decisions[idx]
        if split is None:
            units.append(("body", ln, 0, [h for _, h in stack]))
            continue
        while stack and stack[-1][0] >= split.rank:
            stack.pop()
        path = [h for _, h in stack]
        stack.append((split.rank, split.heading))
        units.append(("heading", split.heading, len(stack), path))
        if split.rest:
            units.append(("body", split.rest, 0, [h for _, h in stack]))

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

    inspector_m = _INSPECTOR_RE.search(head_text)
    inspector = inspector_m.group(1) if inspector_m else ""
    if inspector and re.match(r"^[^\s]{0,8}(?:党组|党委)", inspector) and not re.search(
            r"第", inspector):
        inspector = ""
    round_m = _ROUND_RE.search(head_text)
    if inspector:
        kind = "巡视" if "巡视" in inspector else "巡察"
    elif "巡察" in title or ("巡视" not in title and opening.count("巡察") > opening.count("巡视")):
        kind = "巡察"
    else:
        kind = "巡视"

    start, end, feedback = _inspection_dates(preamble)

    issuer = ""
    if title and (m := _ISSUER_FROM_TITLE_RE.match(title)):
        issuer = m.group(1)
    if not issuer and signature_org:
        issuer = signature_org
    if not issuer and (m := _FEEDBACK_TARGET_RE.search(opening)):
        issuer = m.group(1)
    issuer = _PARENS_RE.sub("", issuer).strip()

    region = resolve_region(issuer, context=head_text) if issuer else Region()
    if not region.province and title:
        region = resolve_region(title, context=opening)
    if not region.province and not _CENTRAL_RE.match(issuer or title):
        target = re.search(r"对(.{2,24}?)(?:党组|党委|党工委|班子)?(?:进行了|开展了|开展)", opening)
        if target:
            region = resolve_region(target.group(1), context=opening)
    if region.province:
        level = region.level
    elif _CENTRAL_RE.match(issuer) or _CENTRAL_RE.match(title):
        level = "central"
    else:
        level = ""
    former = ""
    if fm := _FORMER_RE.search(head_text):
        if fm.group(1) != region.county:
            former = fm.group(1).split("市")[-1] if "市" in fm.group(1)[:-1] else fm.group(1)

    posted = harvested.get("posted", "") or parse_date(doc.page.get("published", ""))
    given_pub = parse_date(doc.given.get("published", "") or doc.given.get("date", ""))
    published_date = given_pub or published or posted

    year = None
    basis = ""
    for value, name in ((published_date, "published"), (feedback, "feedback"),
                        (start, "inspection")):
        if value:
            year, basis = int(value[:4]), name
            break

    ident = notice_identity(doc)
    notice_id = short_hash(ident, 10)
    texts = [u[1] for u in units]
    pids = paragraph_ids(notice_id, texts)
    paragraphs = [
        Paragraph(id=pid, ordinal=n, kind=kind, section_path=path, text=text, level=lvl)
        for n, (pid, (kind, text, lvl, path)) in enumerate(zip(pids, units, strict=True), start=1)
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
        former_region=former,
        level=level,
        kind=kind,
        flags=_flags(head_text),
        inspector=inspector,
        round=round_m.group(1) if round_m else "",
        inspection_start=start,
        inspection_end=end,
        feedback_date=feedback,
        published_date=published_date,
        posted_date=posted,
        year=year,
        year_basis=basis,
        source=doc.given.get("source", "") or harvested.get("source", "") or doc.page.get(
            "source", ""),
        url=doc.given.get("url", "") or doc.page.get("url", "") or harvested.get("url", ""),
        paragraphs=paragraphs,
    )
