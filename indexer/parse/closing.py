"""The closing block: invitation, contact lines and signature at the end of a notice."""

from __future__ import annotations

import re

from indexer.dates import is_date_line, signature_date
from indexer.parse.headings import numbering
from indexer.parse.issuer import ORG_NAME
from indexer.simplified import simplified

_CLOSING_START_RE = re.compile(
    r"^(?:欢迎广大|欢迎社会各界|欢迎干部群众|联系电话|联系方式|联系人|邮政信箱|邮政邮箱|通讯地址|"
    r"电子邮箱|电子信箱|举报电话|来信地址|邮编|邮政编码|监督电话|传真)")
_ORG_LINE_RE = re.compile(rf"^{ORG_NAME}$")


def signature_parts(line: str) -> tuple[str, str] | None:
    """(organisation, ISO date) when ``line`` is a signature line, else None.

    Signatures come as an organisation line, a date line, or both on one line
    (``中共某某县委 2021年8月30日``). The organisation is returned as published.
    """
    view = simplified(line)
    if is_date_line(view):
        return "", signature_date(view)
    if numbering(line) is not None:  # "（三）强化纪委" is a heading, not a signature
        return None
    if _ORG_LINE_RE.match(view):
        return line, ""
    m = re.match(r"^(\S{2,80})\s+(\S.*)$", view)
    if m and _ORG_LINE_RE.match(m.group(1)) and is_date_line(m.group(2)):
        return line[m.start(1):m.end(1)], signature_date(m.group(2))
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
        if _CLOSING_START_RE.match(simplified(line)) or signature_parts(line) is not None:
            start -= 1
            continue
        break
    return start
