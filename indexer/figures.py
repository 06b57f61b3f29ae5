"""Rectification figures: the counts a notice reports, each with the sentence it comes from.

Researchers compare notices by their tallies — problems fed back, cases opened, people
disciplined, money recovered, rules made, leads handled — and publish what they find, so
this module is built for **precision first**: a figure is reported only when a label
from :data:`~analysis.vocab.FIGURE_LABELS` directly governs the number (``立案12件``,
``给予党纪处分9人次``, ``对巡视移交的9件问题线索…目前已办结8件``). A number the text does
not tie to one of those labels is left out even when a reader could guess what it
counts; a missed figure costs a researcher a look at the paragraph, a wrong one ends
up in a paper.

Every figure carries the exact text it was read from (``written``, as displayed), the
sentence around it and the paragraph id, so any figure can be checked against the
notice in one click.

What is deliberately *not* a figure (each has a test in tests/test_figures.py):

- numbers without a count unit right after them: dates (``2021年``), phone numbers,
  percentages, section numbering, ordinals (``第3件``);
- approximate numbers (``300余万元``, ``约80人``, ``100人以上``): not a count;
- counts of meetings, trainings, visits (``召开5次党工委会议``): no label;
- numbers inside “quoted” problem statements: those quote the inspectors' findings,
  not the notice's results;
- categories joined before one number (``给予党政纪处分和组织处理24人``): the number
  is a sum whose parts are unknown, so it belongs to no single label;
- sub-kinds of a sanction (``党内警告6人``, ``撤销党内职务处分1人``): breakdowns;
- subsets (``牵头整改反馈问题5个``, ``反馈的28个问题(…除外)``);
- pre-appointment talks (``任前谈话``) and other talks that are not the
  first-form discipline talks (谈话提醒/提醒谈话/教育谈话/约谈).

All matching runs on :func:`analysis.normalize.normalize_with_map` output (NFKC +
t2s, the project's one normalization), so full-width digits (``立案１２件``) and
traditional characters (``黨紀處分``) are read like their plain forms while
``written``/``start`` stay in display text.

**Which mention the table shows.** A notice often states a label more than once: the
tally paragraph (``…移交的9件问题线索…已办结8件…立案12件…诫勉19人…``) and later
sections (``26件问题线索已销号25件``, ``对7人给予诫勉处理``). Every mention is kept
(:func:`extract_figures`); for each label exactly one sentence gives the notice's value,
and each mention records whether it is shown (``chosen``) and why (``reason``, a key of
:data:`~analysis.vocab.FIGURE_REASONS`). The rule, in order:

1. *Breakdowns are never shown*: a mention after 其中/含/包括 or inside brackets, with an
   earlier mention of the same label in its sentence (or, for a sentence opening with
   其中, in the sentence before) is a part of that figure — ``part``.
2. *The tally wins*: among the rest, the mention in the paragraph reporting the most
   different labels, then in the sentence reporting the most, then the earliest.
   Summing mentions across sentences would count the same people twice, and the
   largest is often a different population (all leads vs the leads the inspectors
   transferred), so values are never added across sentences.
3. *Money in one sentence*: coordinate amounts of the chosen sentence are different
   money (``清退款项X元、追回资金Y元、挽回其他经济损失Z元``: X+Y+Z, each shown as a part),
   unless one of them is a total — ``挽回(经济)损失`` without 其他 (recovering losses is
   what the other verbs do) or an amount after 共/共计/合计/累计/总计 — which is then
   shown alone and the others are ``in_total``. Only money is added: counts of people
   and cases in one sentence are different populations (``处分81人…处分5人次``).

The reason of a shown mention says how sure the choice is: ``only`` (the label is
stated in one sentence), ``agree`` (every other mention gives the same value),
``tally`` (values differ; the tally tells them apart) or ``first`` (values differ and
nothing tells them apart: the earliest). Mentions not shown are ``part``, ``in_total``
or ``other`` (the table shows another sentence).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from analysis.normalize import normalize, normalize_with_map
from analysis.numerals import add_values, parse_chinese_number
from analysis.records import Figure
from analysis.sentences import clause_span
from analysis.vocab import FIGURE_LABELS
from indexer.model import Notice

# ---------------------------------------------------------------- building blocks

_DIG = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_MULT = r"(?:十万|百万|千万|万亿|[万亿千])"
_CNCH = "零〇两一二三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_CN_NUM = rf"[{_CNCH}]*[〇零两一二三四五六七八九十壹贰叁肆伍陆柒捌玖拾][{_CNCH}]*"
# A number: not the tail of a longer number (1,200 / 3.5) or an ordinal (第3件).
_NUM = rf"(?<![0-9.第])(?<![0-9],)(?:{_DIG}{_MULT}?|{_CN_NUM})"
# What may stand between a label and its number: 共计, 累计, 达 … nothing that counts.
_GAP = r"\s*(?:了)?\s*(?:共计|合计|总计|累计|共|计|达|为)?\s*"
# Who was counted, when the text names it between label and number (处分党员干部12人).
_WHO = r"(?:相关责任人|责任人|领导干部|党员干部|公职人员|党员|干部|人员)?"
_PERSON = r"(?P<u>人次|人|名)"
_FREE = r"[^0-9,;。:!?()“”]"  # qualifier text: no digits, no clause punctuation
_FREE_Q = r"[^0-9,;。:!?()]"  # the same, quotes allowed (受理…“保护伞”线索98件)

# Sanction labels, longest alternatives first; the group name says the label.
_SANCTIONS = (
    r"(?P<discipline>党纪政务处分|党纪政纪处分|党纪处分(?:和|及|、|与)政务处分"
    r"|党纪(?:和|及|、|与)政(?:务|纪)处分|党政纪处分|党政纪律处分|纪律处分)"
    r"|(?P<party_discipline>党纪(?:轻|重)?处分|党内纪律处分)"
    r"|(?P<government_discipline>(?<![党纪、和及与])(?:政务|政纪|行政)处分)"
    r"|(?P<organizational_handling>组织处理)"
    r"|(?P<admonishment>诫勉(?:谈话|处理|处分)?)"
    r"|(?P<talks>谈话提醒|提醒谈话|约谈提醒|批评教育谈话|教育谈话|约谈)"
    r"|(?P<accountability>问责追责|追责问责|问责)"
)
_SANCTION_KEYS = ("discipline", "party_discipline", "government_discipline",
                  "organizational_handling", "admonishment", "talks", "accountability")

_UNIT_NORMAL = {"名": "人", "起": "件", "宗": "件", "例": "件"}


@dataclass(frozen=True)
class _Rule:
    """One wording: a regex with groups ``n`` (number) and ``u`` (unit).

    ``label`` is fixed, or None when a named group of the pattern says it (the
    sanction rules). The whole match is the figure's ``written`` text. ``check`` vetoes
    a match from its context (normalized paragraph text, match).
    """

    label: str | None
    pattern: re.Pattern[str]
    label_first: bool = True  # starts with its label (subject to the conjunction guard)
    check: Callable[[str, re.Match[str]], bool] | None = None


_BARE_BEFORE_RE = re.compile(r"(?:[\s,;。:!?()0-9件起宗例人次名]|共|共计|累计|合计|总计|并|均)$")


def _bare_discipline_ok(text: str, m: re.Match[str]) -> bool:
    """Bare 处分 is a label only as a verb or after a count (查处案件81起处分81人), never
    as the tail of a named sanction (撤销党内职务处分1人 is a breakdown)."""
    if m.start() == 0 or m.group(0).startswith(("给予", "予以")):
        return True
    before = text[max(0, m.start() - 2):m.start()]
    return _BARE_BEFORE_RE.search(before) is not None



def _problems_ok(text: str, m: re.Match[str]) -> bool:
    """Fed-back problems counted as someone's share (牵头整改反馈问题5个) are a subset."""
    clause = re.split(r"[,;。:!?]", text[max(0, m.start() - 16):m.start()])[-1]
    return re.search(r"牵头|负责|分管|领办|认领|包联|整改|完成|解决|销号", clause) is None


def _money_ok(text: str, m: re.Match[str]) -> bool:
    """Deposits handed back (退还保证金) are money paid out, not recovered."""
    return re.search(r"保证金|押金", m.group(0)) is None


_RULES: list[_Rule] = [
    # ---- problems fed back
    _Rule("problems_fed_back", re.compile(
        rf"反馈(?:意见)?(?:的|中的|了|指出的|所指出的)?\s*(?:共|共计|合计)?\s*"
        rf"(?:{_NUM}\s*个?\s*方面\s*)?(?:{_NUM}\s*大?类\s*)?"
        rf"(?P<n>{_NUM})\s*(?P<u>个|项|条)\s*(?:具体|突出)?\s*问题"), check=_problems_ok),
    _Rule("problems_fed_back", re.compile(
        rf"反馈(?:的)?问题\s*(?:共|共计|合计|总计)?\s*(?P<n>{_NUM})\s*(?P<u>个|项|条)"),
        check=_problems_ok),
    # 已完成整改反馈问题20个: the rectified count, told by 已 before the label.
    _Rule("problems_rectified", re.compile(
        rf"已(?:经)?(?:全部)?(?:完成整改|整改完成|整改到位|整改完毕|完成|整改|解决|销号)(?:了)?"
        rf"(?:的)?\s*反馈(?:的)?问题\s*(?:共)?\s*(?P<n>{_NUM})\s*(?P<u>个|项|条)")),
    # ---- measures
    _Rule("measures", re.compile(
        rf"整改(?:细化)?(?:措施|举措)\s*(?:共|共计|合计|总计)?\s*(?P<n>{_NUM})\s*(?P<u>项|条|个)")),
    _Rule("measures", re.compile(
        rf"(?P<n>{_NUM})\s*(?P<u>项|条|个)\s*(?:具体)?整改(?:细化)?(?:措施|举措)"),
        label_first=False),
    # ---- cases
    _Rule("cases_opened", re.compile(
        rf"立案(?:审查调查|审查|调查|查处)?{_GAP}(?P<n>{_NUM})\s*(?P<u>件|起|宗|例|人次|人|名)")),
    _Rule("cases_closed", re.compile(rf"结案{_GAP}(?P<n>{_NUM})\s*(?P<u>件|起|宗|例)")),
    # ---- sanctions: label, then number (诫勉19人, 给予党纪政务处分共计15人)
    _Rule(None, re.compile(rf"(?:{_SANCTIONS}){_GAP}{_WHO}\s*(?P<n>{_NUM})\s*{_PERSON}")),
    # 约谈2名经办人员, 处分了8名违法犯罪被判刑罚的党员: verb, count, who.
    _Rule(None, re.compile(
        rf"(?:(?P<talks>约谈)|(?P<discipline>(?:给予|予以)?处分)|(?P<admonishment>诫勉))"
        rf"(?:了)?\s*(?P<n>{_NUM})\s*(?P<u>名|人)"
        rf"[^0-9,;。:!?()“”、和及]{{0,12}}?(?:党员|干部|人员|同志|责任人|负责人)"),
        check=lambda t, m: not m.group("discipline") or _bare_discipline_ok(t, m)),
    # bare 处分 N人 (查处案件81起处分81人)
    _Rule("discipline", re.compile(rf"(?:给予|予以)?处分{_GAP}{_WHO}\s*(?P<n>{_NUM})\s*{_PERSON}"),
          check=_bare_discipline_ok),
    # 对4名干部进行了提醒谈话, 对7人给予诫勉处理: count first, then the sanction.
    _Rule(None, re.compile(
        rf"对(?:其中)?\s*(?P<n>{_NUM})\s*(?P<u>名|人次|人)"
        rf"(?P<who>[^0-9,;。:!?()“”、和及]{{0,8}}?)\s*(?:进行|给予|予以|作出|实施|开展)?(?:了)?\s*"
        rf"(?:集体)?\s*(?:{_SANCTIONS}|(?P<discipline_b>处分))"),
        label_first=False,
        check=lambda t, m: re.search(r"所在|单位|负责", m.group("who")) is None),
    # 5名干部受到党纪处分
    _Rule(None, re.compile(
        rf"(?P<n>{_NUM})\s*(?P<u>名|人)[^0-9,;。:!?()“”、和及]{{0,6}}?"
        rf"(?:受到|被给予|被予以|被)(?:了)?\s*(?:{_SANCTIONS})"), label_first=False),
    # ---- money (always to 元)
    _Rule("money_recovered", re.compile(
        rf"(?:清退|追缴|追回|收缴|退缴|挽回|追讨|退赔|退回|退还|收回){_FREE}{{0,14}}?"
        rf"(?:共计|合计|累计|共|达)?\s*(?P<n>{_NUM})\s*(?P<u>元)"), check=_money_ok),
    # ---- rules
    _Rule("rules_made", re.compile(
        rf"(?:建立健全|建立完善|健全完善|制定完善|修订完善|建立|完善|健全|出台|制定|修订|新建|新增)"
        rf"(?:了)?\s*(?:各类|各项|相关|长效)?\s*(?:规章制度|制度规定|制度机制|制度|机制)"
        rf"{_GAP}(?P<n>{_NUM})\s*(?P<u>项|件|个|条|部)")),
    _Rule("rules_made", re.compile(rf"建章立制{_GAP}(?P<n>{_NUM})\s*(?P<u>项|件|个|条)")),
    _Rule("rules_made", re.compile(
        rf"(?:建立健全|建立完善|健全完善|制定完善|修订完善|建立|完善|健全|出台|制定|修订|新建|新增)"
        rf"(?:了)?\s*(?P<n>{_NUM})\s*(?P<u>项|件|个|条|部)\s*(?:规章)?(?:制度|机制)")),
    # ---- leads: a receiving verb (or none) … 线索 N件, or N件 … 问题线索
    _Rule("leads_received", re.compile(
        rf"(?:(?:移交|转交|移送|交办|转办|受理|接收|接到|收到|处置)(?:的)?{_FREE_Q}{{0,16}}?"
        rf"|(?:问题|举报|信访|案件))线索{_GAP}(?P<n>{_NUM})\s*(?P<u>件|条|个)")),
    _Rule("leads_received", re.compile(
        rf"(?:(?:移交|转交|移送|交办|转办|受理|接收|接到|收到)(?:的)?\s*)?"
        rf"(?P<n>{_NUM})\s*(?P<u>件|条|个)\s*(?:{_FREE}{{0,8}}?(?:类|的))?(?:问题|举报|信访)?线索"),
        label_first=False),
    # ---- petitions
    _Rule("petitions", re.compile(
        rf"(?:(?:接收|受理|收到|接到|承办|转办|批转|交办|移交|办理)(?:的)?{_FREE}{{0,10}}?)?"
        rf"信访(?:举报件|举报|件|事项){_GAP}(?P<n>{_NUM})\s*(?P<u>件|条|个|起)")),
    _Rule("petitions", re.compile(
        rf"(?:(?:移交|转交|交办|转办|受理|接收|收到|接到)(?:的)?\s*)?"
        rf"(?P<n>{_NUM})\s*(?P<u>件|条|个|起)\s*(?:{_FREE}{{0,8}}?(?:类|的))?"
        rf"信访(?:举报件|举报|件|事项)"), label_first=False),
]

# Follow-ups: a second count in the same sentence that only makes sense after the first
# (反馈的31个具体问题，目前已完成22个 / 移交的9件问题线索…目前已办结8件 / 立案12件、了结9件).
_CLOSER_GAP = r"[^。;!?0-9]{0,24}?"
_ALREADY = r"(?:已经?|现已|均已)?\s*(?:全部)?\s*"
_CLOSERS: dict[str, tuple[str, re.Pattern[str]]] = {
    "problems_fed_back": ("problems_rectified", re.compile(
        rf"(?P<gap>{_CLOSER_GAP})(?P<w>(?:{_ALREADY}(?:完成整改|整改完成|整改到位|整改完毕|完成|销号)"
        rf"|已经?\s*(?:全部)?\s*整改)\s*(?:了)?\s*(?P<n>{_NUM})\s*(?P<u>个|项|条))")),
    "leads_received": ("leads_closed", re.compile(
        rf"(?P<gap>{_CLOSER_GAP})(?P<w>{_ALREADY}(?:办结|了结|销号|查结|核查完毕|处置完毕|办理完毕)"
        rf"\s*(?P<n>{_NUM})\s*(?P<u>件|条|个))")),
    "petitions": ("petitions_closed", re.compile(
        rf"(?P<gap>{_CLOSER_GAP})(?P<w>{_ALREADY}(?:办结|办理完毕|处理完毕|化解)"
        rf"\s*(?P<n>{_NUM})\s*(?P<u>件|条|个|起))")),
    "cases_opened": ("cases_closed", re.compile(
        rf"(?P<gap>\s*[、,]\s*)(?P<w>(?:了结|结案|办结|审结)\s*(?P<n>{_NUM})\s*(?P<u>件|起|宗|例))")),
}
# A follow-up that is planned or partial (基本完成7个, 预计年底前完成3个) is not done.
_NOT_DONE_RE = re.compile(r"基本$|未$|尚未$|没有$|正在$|待$|预计|计划|力争|争取|拟|将")

_APPROX_AFTER_RE = re.compile(r"\s*(?:以上|左右|余|多|许)")
_BAD_AFTER_GE_RE = re.compile(r"月|方面|工作日|百分点|季度|小时|类|批")
_SUBSET_AFTER_RE = re.compile(r"\s*\([^()]{0,60}(?:除外|不含|不包括|以外)[^()]{0,60}\)")
# A label right after 和/及/、 joined to another category (党政纪处分和组织处理24人).
_JOINED_BEFORE_RE = re.compile(
    r"[^\s0-9,;。:!?()件起宗例人次名个项条元%]\s*(?:和|及|以及|与|或|、|/)\s*$")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of “…” quotations (matched pairs only; a stray quote is ignored)."""
    spans: list[tuple[int, int]] = []
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch == "“":
            opened.append(i)
        elif ch == "”" and opened:
            start = opened.pop()
            if not opened:
                spans.append((start, i + 1))
    return spans


@dataclass
class _Hit:
    label: str
    start: int  # normalized offsets
    end: int
    value: float
    unit: str


def _label_of(rule: _Rule, m: re.Match[str]) -> str | None:
    if rule.label is not None:
        return rule.label
    for key in _SANCTION_KEYS:
        if m.groupdict().get(key):
            return key
    if m.groupdict().get("discipline_b"):
        return "discipline"
    return None


def _acceptable(text: str, end: int, unit_end: int, num_start: int,
                quotes: list[tuple[int, int]]) -> bool:
    """Context vetoes shared by every rule (see the module docstring)."""
    after = text[unit_end:unit_end + 4]
    if _APPROX_AFTER_RE.match(after):
        return False
    if text[unit_end - 1:unit_end] == "个" and _BAD_AFTER_GE_RE.match(after):
        return False
    if _SUBSET_AFTER_RE.match(text[end:]):
        return False
    return not any(a <= num_start < b for a, b in quotes)


def _hits(text: str) -> list[_Hit]:
    """Figures in one normalized paragraph, overlaps resolved, follow-ups attached."""
    quotes = _quoted_spans(text)
    candidates: list[_Hit] = []
    for rule in _RULES:
        for m in rule.pattern.finditer(text):
            label = _label_of(rule, m)
            value = parse_chinese_number(m.group("n"))
            if label is None or value is None:
                continue
            if rule.check is not None and not rule.check(text, m):
                continue
            if rule.label_first and _JOINED_BEFORE_RE.search(text[max(0, m.start() - 8):m.start()]):
                continue
            if not _acceptable(text, m.end(), m.end("u"), m.start("n"), quotes):
                continue
            unit = "元" if label == "money_recovered" else _UNIT_NORMAL.get(m.group("u"),
                                                                             m.group("u"))
            candidates.append(_Hit(label, m.start(), m.end(), value, unit))
    # Longest reading wins where two overlap (党纪政务处分15人 over 政务处分15人).
    accepted: list[_Hit] = []
    for hit in sorted(candidates, key=lambda h: (h.start - h.end, h.start)):
        if all(hit.end <= a.start or hit.start >= a.end for a in accepted):
            accepted.append(hit)
    accepted.sort(key=lambda h: h.start)
    for anchor in list(accepted):
        if anchor.label not in _CLOSERS:
            continue
        label, pattern = _CLOSERS[anchor.label]
        m = pattern.match(text, anchor.end)
        if m is None or _NOT_DONE_RE.search(m.group("gap")):
            continue
        start, end = m.start("w"), m.end("w")
        if any(h.start == start and h.label == label for h in accepted):
            continue  # 结案10件 after 立案12件 is also read alone
        if any(h.start < end and h.end > anchor.end for h in accepted):
            continue  # another figure stands between: the follow-up is not this one's
        value = parse_chinese_number(m.group("n"))
        if value is None or not _acceptable(text, end, m.end("u"), m.start("n"), quotes):
            continue
        accepted.append(_Hit(label, start, end, value,
                             _UNIT_NORMAL.get(m.group("u"), m.group("u"))))
    accepted.sort(key=lambda h: h.start)
    return accepted


def figures_in_text(text: str, paragraph_id: str = "") -> list[Figure]:
    """Every figure in one paragraph's display text, left to right (not yet chosen)."""
    norm, starts, ends = normalize_with_map(text)
    out: list[Figure] = []
    for hit in _hits(norm):
        a, b = starts[hit.start], ends[hit.end - 1]
        left, right = clause_span(text, a, b)
        out.append(Figure(label=hit.label, label_zh=FIGURE_LABELS[hit.label], value=hit.value,
                          unit=hit.unit, written=text[a:b], sentence=text[left:right],
                          paragraph_id=paragraph_id, start=a))
    return out


def extract_figures(notice: Notice) -> list[Figure]:
    """Every figure in the notice, in document order, each marked ``chosen`` or not
    with its ``reason`` (the rule: module docstring)."""
    texts = {p.id: p.text for p in notice.paragraphs}
    return choose([f for p in notice.paragraphs for f in figures_in_text(p.text, p.id)], texts)


def figures_summary(figures: list[Figure]) -> dict[str, float]:
    """The value the table shows per label: the sum of the chosen mentions (one, or the
    coordinate money amounts of one sentence), in order of first appearance."""
    chosen: dict[str, list[float]] = {}
    for f in figures:
        if f.chosen:
            chosen.setdefault(f.label, []).append(f.value)
    return {label: add_values(values) for label, values in chosen.items()}


# ---------------------------------------------------------------- which mention is shown

# A breakdown cue before a mention in its sentence: 其中…, (含…, 、包括… .
_PART_CUE_RE = re.compile(r"其中|(?:^|[(,;:、])\s*(?:含|包括|包含)")
# Right before an amount's verb: the amount sums up what came before (…，共追缴Z元).
_TOTAL_CUE_RE = re.compile(r"(?:共计|合计|累计|总计|共)\s*$")
# 挽回(经济)损失 without 其他 names all recovered money: the other verbs are ways of it.
_GENERIC_MONEY_RE = re.compile(r"挽回(?!其他|其它)")


@dataclass(frozen=True)
class _Mention:
    """A figure with the context the rule reads: its sentence and the text before it."""

    i: int  # position in the notice's figures
    fig: Figure
    sentence: tuple[str, int, int]  # paragraph id, sentence bounds in its display text
    before: str  # normalized text of the sentence before the figure


def _is_part(m: _Mention, group: list[_Mention], texts: dict[str, str]) -> bool:
    """Rule 1: a breakdown of an earlier mention of the same label."""
    opened = m.before.count("(") > m.before.count(")")
    if not (opened or _PART_CUE_RE.search(m.before)):
        return False
    pid, left, _ = m.sentence
    for e in group:
        if e.i >= m.i or e.fig.paragraph_id != pid:
            continue
        if e.sentence == m.sentence:
            return True
        if m.before.startswith("其中") and not texts[pid][e.sentence[2]:left].strip():
            return True  # the sentence before: 追回资金50万元。其中…
    return False


def _is_total(m: _Mention) -> bool:
    """Rule 3: a money amount that may include the others of its sentence."""
    return bool(_GENERIC_MONEY_RE.match(normalize(m.fig.written))
                or _TOTAL_CUE_RE.search(m.before))


def choose(figures: list[Figure], texts: dict[str, str]) -> list[Figure]:
    """Mark which mention(s) of each label the table shows, and why (module docstring).

    ``figures`` are one notice's, in document order; ``texts`` maps their paragraph ids
    to display text (for the sentence around each)."""
    mentions: list[_Mention] = []
    for i, f in enumerate(figures):
        text = texts[f.paragraph_id]
        left, right = clause_span(text, f.start, f.start + len(f.written))
        mentions.append(_Mention(i, f, (f.paragraph_id, left, right),
                                 normalize(text[left:f.start])))
    para_labels: dict[str, set[str]] = {}
    sent_labels: dict[tuple[str, int, int], set[str]] = {}
    for m in mentions:
        para_labels.setdefault(m.fig.paragraph_id, set()).add(m.fig.label)
        sent_labels.setdefault(m.sentence, set()).add(m.fig.label)

    def weight(m: _Mention) -> tuple[int, int]:  # lower is stronger: the tally first
        return -len(para_labels[m.fig.paragraph_id]), -len(sent_labels[m.sentence])

    reasons: dict[int, str] = {}
    chosen: set[int] = set()
    for label in dict.fromkeys(f.label for f in figures):
        group = [m for m in mentions if m.fig.label == label]
        eligible = []
        for m in group:
            if _is_part(m, group, texts):
                reasons[m.i] = "part"
            else:
                eligible.append(m)
        best = min(eligible, key=lambda m: (weight(m), m.i))
        shown = [best]
        if label == "money_recovered":
            same = [m for m in eligible if m.sentence == best.sentence]
            total = next((m for m in same if _is_total(m)), None)
            if total is None:
                shown = same
            else:
                shown = [total]
                reasons.update((m.i, "in_total") for m in same if m is not total)
        value = add_values(m.fig.value for m in shown)
        rivals = [m for m in eligible if m not in shown and m.i not in reasons]
        differ = [m for m in rivals if (m.fig.value, m.fig.unit) != (value, best.fig.unit)]
        if not rivals:
            why = "only"
        elif not differ:
            why = "agree"
        elif all(weight(best) < weight(m) for m in differ):
            why = "tally"
        else:
            why = "first"
        for m in shown:
            reasons[m.i] = why
            chosen.add(m.i)
        for m in rivals:
            reasons[m.i] = "other"
    return [replace(f, chosen=i in chosen, reason=reasons[i]) for i, f in enumerate(figures)]
