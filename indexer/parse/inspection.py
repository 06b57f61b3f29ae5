"""The inspection a notice reports on: team, inspecting body, kind, flags, round, dates.

Everything here describes *this* inspection, so it is read from the title, the team's
name and the opening paragraph, never from the body: a notice that mentions a
"回头看" of its own rectification work was not inspected in a 回头看.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from analysis.sentences import clauses
from indexer.dates import DateMention, find_dates
from indexer.parse.headings import CN_NUMERALS
from indexer.regions import place_prefix
from indexer.simplified import simplified

_NUM = rf"[{CN_NUMERALS}\d]{{1,4}}"
# The bodies that send inspection teams, as the text names them.
_BODIES = r"中央|省委|自治区党委|市委|州委|盟委|地委|县委|区委|旗委"
_UNIT = r"[^\s，。,、；;：:“”（）()]"
# 省委第三巡视组, 八届市委巡察四组, 市委第一提级巡察组, 县委扶贫领域专项巡察组, 部党组第一巡视组.
_INSPECTOR_RE = re.compile(
    rf"(?P<session>[{CN_NUMERALS}]{{1,4}}届)?"
    rf"(?P<org>{_BODIES}|党工委|工委|{_UNIT}{{0,8}}党组|{_UNIT}{{0,8}}党委)"
    rf"(?:第(?P<n1>{_NUM}))?(?:[^\s，。,、；;：:“”的]{{2,12}}?专项|专项|机动|提级|联动)?"
    rf"(?:巡视|巡察)(?:第?(?P<n2>{_NUM}))?(?:组|工作组)")
# 区委组建4个巡察组, 省委派出3个巡视组: a round of several teams, none of them *the* team.
_TEAMS_RE = re.compile(
    rf"(?P<org>{_BODIES})(?:先后|共|分别)?(?:组建|派出|成立|抽调)(?:了)?{_NUM}个(?:专项)?(?:巡视|巡察)组")
# 根据县委统一部署: who ordered the inspection, when no team is named.
_ORDERED_BY_RE = re.compile(
    rf"根据(?P<org>{_BODIES})(?:的)?(?:统一部署|巡视工作部署|巡察工作部署|巡视工作安排|"
    r"巡察工作安排|工作部署|部署|安排)")
# The place word a body's name ends with, to find the place written before it.
_BODY_PLACE = {"省委": "省", "自治区党委": "自治区", "市委": "市", "州委": "州", "盟委": "盟",
               "地委": "地区", "县委": "县", "区委": "区", "旗委": "旗"}
_ROUND_ORG = r"(?:中央|省委|自治区党委|市委|州委|县委|区委|旗委)"
_ROUND_RE = re.compile(
    rf"((?:[{CN_NUMERALS}]{{1,4}}届{_ROUND_ORG}?|{_ROUND_ORG})第[{CN_NUMERALS}\d]{{1,4}}轮)")
# Flags name the inspection, so the word must qualify 巡视/巡察 (巡视"回头看", 专项巡察).
_QUOTE_OPEN, _QUOTE_CLOSE = "“\"‘'「『", "”\"’'」』"
_FLAG_RES = {
    "回头看": re.compile(rf"(?:巡视|巡察)\s*[{_QUOTE_OPEN}]?\s*回头看"
                         rf"|回头看\s*[{_QUOTE_CLOSE}]?\s*(?:巡视|巡察)"),
    "专项": re.compile(r"专项(?:巡视|巡察)"),
    "机动": re.compile(r"机动(?:巡视|巡察)"),
    "提级": re.compile(r"提级(?:巡视|巡察)"),
}




@dataclass(frozen=True)
class Inspection:
    inspector: str = ""  # the one team, as published; "" when none or several
    body: str = ""  # 中央 | 省委 | 自治区党委 | 市委 | … | 旗委: who sent the team(s)
    inspection_kind: str = ""  # 巡视 | 巡察
    flags: list[str] = field(default_factory=list)
    round: str = ""
    start: str = ""
    end: str = ""
    feedback: str = ""


def _team_name(text: str, view: str, m: re.Match[str]) -> str:
    """The team as published, with the place written right before its body (岳阳市委…)."""
    start = m.start()
    if not m.group("session") and (word := _BODY_PLACE.get(m.group("org"))):
        before = view[max(0, start - 24):start]
        place = place_prefix(before + word)
        if len(place) > len(word):
            start -= len(place) - len(word)
            if view.endswith("中共", 0, start):
                start -= 2
    return text[start:m.end()]


def find_inspector(text: str) -> tuple[str, str]:
    """(the inspection team as published, the body that sent it) from title and opening.

    A numbered team (省委第三巡视组) is preferred to a generic one (省委巡视组). When
    the text names several numbered teams or says a body formed several (区委组建4个巡察
    组), there is no single inspector, but the body still tells who inspected. A bare
    "…党组巡察组" without a number is dropped: the pattern then usually caught the
    inspected unit's own name rather than a team.
    """
    view = simplified(text)
    teams = [m for m in _INSPECTOR_RE.finditer(view)
             if m.group("n1") or m.group("n2") or not m.group("org").endswith(("党组", "党委"))]
    numbered = [m for m in teams if m.group("n1") or m.group("n2")]
    several = _TEAMS_RE.search(view)
    if several or len({(m.group("org"), m.group("n1") or m.group("n2")) for m in numbered}) > 1:
        bodies = {m.group("org") for m in numbered} | ({several.group("org")} if several else set())
        return "", bodies.pop() if len(bodies) == 1 else ""
    if team := (numbered or teams or [None])[0]:
        org = team.group("org")
        return _team_name(text, view, team), org if re.fullmatch(_BODIES, org) else ""
    ordered = _ORDERED_BY_RE.search(view)
    return "", ordered.group("org") if ordered else ""


def find_round(text: str) -> str:
    """The inspection round (十四届省委第十一轮), as published."""
    m = _ROUND_RE.search(simplified(text))
    return text[m.start(1):m.end(1)] if m else ""


def find_flags(*texts: str) -> list[str]:
    """回头看 / 专项 / 机动 / 提级 as the title, the team or the opening sentences say."""
    view = simplified("\n".join(texts))
    return [flag for flag, pattern in _FLAG_RES.items() if pattern.search(view)]


def find_kind(inspector: str, title: str, opening: str) -> str:
    """巡视 or 巡察: the team's word, else the title's, else the opening's commoner one."""
    team, title, opening = simplified(inspector), simplified(title), simplified(opening)
    if team:
        return "巡视" if "巡视" in team else "巡察"
    if "巡察" in title or ("巡视" not in title and opening.count("巡察") > opening.count("巡视")):
        return "巡察"
    return "巡视"


def _first_range(text: str, mentions: list[DateMention]) -> tuple[DateMention, DateMention] | None:
    for a, b in itertools.pairwise(mentions):
        between = text[a.end:b.start]
        if re.fullmatch(r"\s*(?:至|到|-|—|–|~|～|——)\s*", between):
            return a, b
    return None


def inspection_dates(preamble: list[str], not_after: str = "") -> tuple[str, str, str]:
    """(inspection_start, inspection_end, feedback_date) from the opening paragraphs.

    The inspection is the first date range (or dated 进驻/进行了) in a sentence about
    巡视/巡察; feedback is the last date before 反馈 in its sentence. Yearless dates
    inherit the year across paragraphs; status dates (截至…) are never used. A date
    restored from damage (2024717日) is kept only where it agrees with the others:
    start ≤ end ≤ feedback, none later than ``not_after`` (the notice's own date).
    """
    start = end = feedback = None
    year: int | None = None
    for para in map(simplified, preamble):
        mentions = find_dates(para, year)
        for m in mentions:
            if m.year_given and m.iso:
                year = int(m.iso[:4])
        for sentence_start, sentence in clauses(para):
            # Dates that could not be read (a damaged 2024111日) still mark a range's ends.
            marked = [m for m in mentions if not m.status
                      and sentence_start <= m.start < sentence_start + len(sentence)]
            local = [m for m in marked if m.iso]
            if not local:
                continue
            used: set[DateMention] = set()
            if not start and re.search(r"巡视|巡察|进驻", sentence):
                rng = _first_range(para, marked)
                if rng:
                    start, end = rng
                    used.update(rng)
                elif ("反馈" not in sentence
                      or sentence.index("反馈") > local[0].end - sentence_start) and re.search(
                        r"(?:进行了|开展了|进驻)", sentence):
                    start = local[0]
                    used.add(local[0])
            if not feedback and "反馈" in sentence:
                cut = sentence_start + sentence.index("反馈")
                before = [m for m in local if m.start < cut and m not in used]
                if before:
                    feedback = before[-1]
        if start and feedback:
            break
    return _consistent([start, end, feedback], not_after)


def _consistent(dates: list[DateMention | None], not_after: str) -> tuple[str, str, str]:
    """ISO dates in order; a restored one is dropped where it breaks the order with any
    other date (so two restored dates that disagree are both dropped)."""
    isos = [d.iso if d else "" for d in dates]
    kept = list(isos)
    for i, d in enumerate(dates):
        if not (d and d.rebuilt and d.iso):
            continue
        earlier = [x for x in isos[:i] if x]
        later = [x for x in isos[i + 1:] if x] + ([not_after] if not_after else [])
        if any(x > d.iso for x in earlier) or any(x < d.iso for x in later):
            kept[i] = ""
    return kept[0], kept[1], kept[2]


def describe_inspection(title: str, preamble: list[str], not_after: str = "") -> Inspection:
    """Everything about the inspection, from the title and the paragraphs before the
    first heading (flags only from the first of them: the opening). ``not_after`` is
    the notice's own date, which no restored date may pass."""
    opening = "\n".join(preamble)
    head = title + "\n" + opening
    inspector, body = find_inspector(head)
    start, end, feedback = inspection_dates(preamble, not_after)
    return Inspection(
        inspector=inspector,
        body=body,
        inspection_kind=find_kind(inspector, title, opening),
        flags=find_flags(title, inspector, preamble[0] if preamble else ""),
        round=find_round(head),
        start=start,
        end=end,
        feedback=feedback,
    )
