"""Numbered headings: which numbered lines head a section, and the section paths they open.

A notice may start its numbering at any rank; depth comes from the ranks actually open
above a heading. Run-in headings (a heading sentence followed by body text on the same
line) are split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.sentences import first_sentence_end
from indexer.boilerplate import cms_title
from indexer.simplified import simplified

CN_NUMERALS = "一二三四五六七八九十百零〇"
# Numbering styles, outermost rank first. A notice may start at any rank; depth is
# computed from the ranks actually open above a heading (see parse_notice).
_STYLES: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^[{CN_NUMERALS}]{{1,3}}\s*[、.．，,]\s*")),
    # （一） / (一), and 一) whose opening bracket was lost in conversion.
    (2, re.compile(rf"^(?:[（(]\s*[{CN_NUMERALS}]{{1,3}}\s*[）)]|[{CN_NUMERALS}]{{1,3}}[）)])\s*")),
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
# A problem statement ends "…的问题。"; it may run over several sentences (履行责任不到位。
# 对下属单位监督缺位的问题。), which must not be cut at the first 。.
_PROBLEM_STATEMENT_END_RE = re.compile(r"问题[。.]")
# What a problem statement never holds: the measures taken against it.
_MEASURE_RE = re.compile(
    r"了|一是|首先|已|召开|制定|建立|出台|印发|修订|开展|组织|整改情况|整改措施")
# Labels that open the body under a problem statement on the same line.
_LABEL_TAIL_RE = re.compile(
    r"^(?:整改情况|整改措施|整改进展|整改成效|整改结果|整改落实情况|完成情况|整改时限|责任单位|"
    r"责任领导)\s*[:：]")
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
    view = simplified(line)
    for rank, pattern in _STYLES:
        if m := pattern.match(view):
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
    A problem statement (ending …的问题。) is a heading up to MAX_PROBLEM_HEADING, even
    over several sentences, when the line ends with it or a label follows (整改情况：…).
    CMS title markup (【类型:…|标题:…】) is a heading: its 标题, ranked by its own
    number or above every number. Decisions read the simplified view; the parts
    returned are sliced from ``line``.
    """
    if span := cms_title(line):
        value = line[span[0]:span[1]]
        return HeadingSplit(num[0] if (num := numbering(value)) else 0, value, "")
    num = numbering(line)
    if num is None:
        return None
    rank, cut = num
    content = simplified(line)[cut:]
    if not content:
        return HeadingSplit(rank, line, "")
    if _ENUM_START_RE.match(content):
        return None
    end = first_sentence_end(content)
    extended = False
    if end != -1:
        longer = _problem_statement_end(content, end)
        extended, end = longer != end, longer
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
    # ... and so is a problem statement that a label or the end of its statement closes.
    problem = (extended or _LABEL_TAIL_RE.match(tail) is not None) and not action and len(
        first) <= MAX_PROBLEM_HEADING and _PROBLEM_STATEMENT_END_RE.search(first) is not None
    if force or summary or problem or (len(first) <= MAX_RUN_IN_HEADING and not action):
        return HeadingSplit(rank, line[:cut + end], line[cut + end:].strip())
    return None


def _problem_statement_end(content: str, end: int) -> int:
    """``end`` (past the first sentence), or past the …问题。 that closes a problem
    statement running on over more sentences, within MAX_PROBLEM_HEADING characters
    and with no measure taken in between."""
    if _PROBLEM_STATEMENT_END_RE.search(content, 0, end):
        return end
    for m in _PROBLEM_STATEMENT_END_RE.finditer(content, end):
        if m.end() > MAX_PROBLEM_HEADING or _MEASURE_RE.search(content, end, m.start()):
            break
        return m.end()
    return end


def classify(lines: list[str]) -> list[HeadingSplit | None]:
    """Heading decisions for a run of body lines, made consistent across siblings.

    A numbered line is judged alone first; then numbered items that share a parent
    and a style vote (majority wins, ties go to heading), and an item directly
    followed by a deeper-numbered item is a heading whatever its length.
    """
    nums = [numbering(ln) for ln in lines]
    views = [simplified(ln) for ln in lines]
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
        if num is not None and not _ENUM_START_RE.match(views[i][num[1]:]):
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
                and not _ENUM_START_RE.match(views[i][num[1]:])):
            decided[i] = split_heading(lines[i], force=True)
    return decided


def sections(content: list[str], closing_at: int) -> list[tuple[str, str, int, list[str]]]:
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
