"""The query language: parse what a researcher typed into a small tree.

Syntax (精确 exact mode by default; see the help page and README):

- ``八项规定 整改`` — whitespace-separated terms are ANDed; each term is a literal
  substring of the paragraph (after :func:`analysis.normalize.normalize`).
- ``"中央 八项规定"`` — double quotes group a phrase with spaces or operator words.
  Curly quotes “…” are ordinary characters and are searched literally.
- ``A OR B``, ``NOT A`` / ``-A``, parentheses for grouping. Parentheses group only
  when they are not balanced inside one word: ``(一)`` is a literal, ``(党建 OR 党风)``
  is a group.
- field filters: ``province:`` ``city:`` ``county:`` ``year:`` (``year:2019-2021``)
  ``kind:`` ``level:`` ``title:`` ``section:`` ``notice:`` (values may be quoted).

Errors are :class:`QueryError`: a message id (the Chinese text, which the web app's
catalogs translate) and its parameters, saying what to change; never a trace.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from analysis.normalize import normalize

MAX_QUERY_CHARS = 1000
MAX_TERMS = 64
MAX_DEPTH = 16
FIELDS = ("province", "city", "county", "year", "kind", "level", "title", "section", "notice")
FIELD_ALIASES = {
    "省": "province", "省份": "province", "市": "city", "县": "county", "区县": "county",
    "年": "year", "年份": "year", "类型": "kind", "层级": "level", "标题": "title",
    "章节": "section", "通报": "notice",
}


class QueryError(ValueError):
    """A query we cannot run, with a message that tells the user what to fix.

    ``message`` is a message id with ``%(name)s`` placeholders filled from ``params``;
    ``str(exc)`` is the Chinese text, the web app translates the id."""

    def __init__(self, message: str, position: int | None = None, **params: object):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params
        self.position = position

    def to_dict(self) -> dict[str, object]:
        return {"error": "query", "message": str(self), "position": self.position}


@dataclass(frozen=True)
class Term:
    text: str  # normalized literal
    raw: str  # as typed, for display


@dataclass(frozen=True)
class Field:
    name: str
    value: str  # normalized value
    raw: str


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class MatchAll:
    """An empty query with filters only: every paragraph (then narrowed by facets)."""


Node = Term | Field | Not | And | Or | MatchAll


@dataclass
class ParsedQuery:
    root: Node
    raw: str
    terms: list[str] = field(default_factory=list)  # positive literal terms, for highlighting


# ---------------------------------------------------------------- lexer

_TOKEN_RE = re.compile(r'"(?P<quoted>[^"]*)"|(?P<word>[^\s"]+)|(?P<lone>")')
_FIELD_RE = re.compile(r"^(?P<name>[^\s:\"()]+?):(?P<value>.*)$", re.S)


@dataclass(frozen=True)
class _Tok:
    kind: str  # TERM | FIELD | OR | AND | NOT | LP | RP
    value: str = ""
    name: str = ""
    quoted: bool = False
    pos: int = 0


def _peel_parens(word: str) -> tuple[int, str, int]:
    """(opening parens, core, closing parens) for a word; balanced parens stay literal."""
    opens = word.count("(") - word.count(")")
    lead = trail = 0
    core = word
    while opens > 0 and core.startswith("("):
        core, lead, opens = core[1:], lead + 1, opens - 1
    while opens < 0 and core.endswith(")"):
        core, trail, opens = core[:-1], trail + 1, opens + 1
    return lead, core, trail


def _lex(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN_RE.finditer(text):
        pos = m.start()
        if m.group("lone") is not None:
            raise QueryError("引号不成对：请补全或删除多余的 \" 。", pos)
        if m.group("quoted") is not None:
            toks.append(_Tok("TERM", m.group("quoted"), quoted=True, pos=pos))
            continue
        word = m.group("word")
        lead, core, trail = _peel_parens(word)
        toks.extend(_Tok("LP", pos=pos + i) for i in range(lead))
        if core:
            toks.append(_word_token(core, pos + lead, text))
        toks.extend(_Tok("RP", pos=pos + len(word) - trail + i) for i in range(trail))
    return _merge_quoted_field_values(toks)


def _word_token(core: str, pos: int, text: str) -> _Tok:
    if core in ("OR", "||"):
        return _Tok("OR", pos=pos)
    if core in ("AND", "&&"):
        return _Tok("AND", pos=pos)
    if core == "NOT":
        return _Tok("NOT", pos=pos)
    if core.startswith("-") and len(core) > 1:
        inner = _word_token(core[1:], pos + 1, text)
        if inner.kind in ("TERM", "FIELD"):
            return _Tok("NEG_" + inner.kind, inner.value, inner.name, pos=pos)
    fm = _FIELD_RE.match(core)
    if fm:
        name = fm.group("name").casefold()
        name = FIELD_ALIASES.get(name, name)
        if name in FIELDS:
            return _Tok("FIELD", fm.group("value"), name, pos=pos)
    return _Tok("TERM", core, pos=pos)


def _merge_quoted_field_values(toks: list[_Tok]) -> list[_Tok]:
    """``title:"a b"`` lexes as FIELD(title, "") + TERM("a b", quoted): join them."""
    out: list[_Tok] = []
    for tok in toks:
        prev = out[-1] if out else None
        if (tok.kind == "TERM" and tok.quoted and prev is not None
                and prev.kind in ("FIELD", "NEG_FIELD") and prev.value == ""):
            out[-1] = _Tok(prev.kind, tok.value, prev.name, quoted=True, pos=prev.pos)
        else:
            out.append(tok)
    return out


# ---------------------------------------------------------------- parser

class _Parser:
    def __init__(self, toks: list[_Tok]):
        self.toks = toks
        self.i = 0
        self.depth = 0
        self.count = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def parse(self) -> Node:
        node = self.expr()
        tok = self.peek()
        if tok is not None:
            if tok.kind == "RP":
                raise QueryError("括号不成对：多了一个右括号“)”。", tok.pos)
            raise QueryError("查询无法解析，请检查运算符位置。", tok.pos)
        return node

    def expr(self) -> Node:
        parts = [self.and_expr()]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.i += 1
            if self.peek() is None or self.peek().kind in ("OR", "AND", "RP"):
                raise QueryError("OR 两边都需要检索词，例如：八项规定 OR 四风。", tok.pos)
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self) -> Node:
        parts: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind not in ("OR", "RP"):
            if tok.kind == "AND":
                self.i += 1
                if not parts or self.peek() is None or self.peek().kind in ("OR", "AND", "RP"):
                    raise QueryError("AND 两边都需要检索词。", tok.pos)
                continue
            parts.append(self.unary())
        if not parts:
            tok = self.peek()
            if tok is not None and tok.kind == "OR":
                raise QueryError("OR 前面缺少检索词。", tok.pos)
            raise QueryError("括号内或运算符后缺少检索词。", tok.pos if tok else None)
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Node:
        tok = self.toks[self.i]
        if tok.kind == "NOT":
            self.i += 1
            if self.peek() is None or self.peek().kind in ("OR", "AND", "RP", "NOT"):
                raise QueryError("NOT 后面需要一个检索词，例如：整改 NOT 回头看。", tok.pos)
            return Not(self.unary())
        if tok.kind == "LP":
            self.i += 1
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QueryError("括号嵌套超过 %(limit)s 层，请简化查询。", tok.pos,
                                 limit=MAX_DEPTH)
            node = self.expr()
            close = self.peek()
            if close is None or close.kind != "RP":
                raise QueryError("括号不成对：缺少右括号“)”。", tok.pos)
            self.i += 1
            self.depth -= 1
            return node
        self.i += 1
        self.count += 1
        if self.count > MAX_TERMS:
            raise QueryError("检索词过多（上限 %(limit)s 个），请分次检索。", tok.pos,
                             limit=MAX_TERMS)
        negate = tok.kind.startswith("NEG_")
        kind = tok.kind.removeprefix("NEG_")
        node: Node
        if kind == "FIELD":
            node = _field(tok)
        else:
            text = normalize(tok.value)
            if not text.strip():
                raise QueryError("引号内不能为空。", tok.pos)
            node = Term(text, tok.value)
        return Not(node) if negate else node


def _field(tok: _Tok) -> Field:
    value = tok.value.strip()
    if not value:
        raise QueryError("字段 %(field)s: 后缺少取值，例如 %(field)s:湖南。", tok.pos,
                         field=tok.name)
    if tok.name == "year" and not re.fullmatch(r"\d{4}(?:-\d{4})?", value):
        raise QueryError("年份格式应为 year:2019 或 year:2019-2021。", tok.pos)
    return Field(tok.name, normalize(value), value)


def _positive_terms(node: Node, negated: bool = False) -> list[str]:
    if isinstance(node, Term):
        return [] if negated else [node.text]
    if isinstance(node, Not):
        return _positive_terms(node.child, not negated)
    if isinstance(node, And | Or):
        return [t for c in node.children for t in _positive_terms(c, negated)]
    return []


def parse_query(raw: str) -> ParsedQuery:
    """Parse ``raw``; an empty query means "everything" (useful with filters)."""
    if raw is None:
        raw = ""
    if len(raw) > MAX_QUERY_CHARS:
        raise QueryError("查询过长（%(length)s 字符，上限 %(limit)s），请缩短。",
                         length=len(raw), limit=MAX_QUERY_CHARS)
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in raw):
        raise QueryError("查询含有控制字符，请删除后重试。")
    # NFKC only for the syntax: full-width quotes, parentheses and colons become ASCII.
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return ParsedQuery(MatchAll(), raw)
    root = _Parser(_lex(text)).parse()
    terms = list(dict.fromkeys(t for t in _positive_terms(root) if t))
    if _only_negative(root):
        root = And((MatchAll(), root))
    return ParsedQuery(root, raw, terms)


def _only_negative(node: Node) -> bool:
    if isinstance(node, Not):
        return True
    if isinstance(node, And):
        return all(_only_negative(c) for c in node.children)
    return False
