"""The query language: parse what a researcher typed into a small tree.

Syntax (精确 exact mode by default; see the help page and README):

- ``八项规定 整改`` — whitespace-separated terms are ANDed; each term is a literal
  substring of the paragraph (after :func:`analysis.normalize.normalize`).
- ``"中央 八项规定"`` — double quotes group a phrase with spaces or operator words.
  Curly quotes “…” are ordinary characters and are searched literally.
- ``A OR B``, ``NOT A`` / ``-A``, brackets for grouping. A bracket pair that opens and
  closes inside one word (no space or quote between) is part of the word: ``(一)``,
  ``县(区)``, ``（已完成）`` are literals. Any other pair groups, also when glued to a
  word, as typing Chinese makes natural: ``(八项规定 OR 四风)整改`` is the group AND
  整改. ``-(…)``, ``NOT(…)`` and ``-"…"`` negate what follows.
- field filters: ``province:`` ``city:`` ``county:`` ``year:`` (``year:2019-2021``)
  ``kind:`` ``level:`` ``title:`` ``section:`` ``notice:`` (values may be quoted);
  ``province:(湖南 OR 湖北)`` applies the field to each term of the group.

Only upper-case ``OR``/``AND``/``NOT`` are operators. A lower-case one between two terms
is searched as the word it is, and the parse records it (:attr:`ParsedQuery.slips`) so
that :mod:`search.hints` can offer the operator version; fields are recorded with their
place in the typed text (:attr:`ParsedQuery.fields`) for the same reason. Offsets are
into the query as typed.

Errors are :class:`QueryError`: a message id (the Chinese text, which the web app's
catalogs translate) and its parameters, saying what to change; never a trace.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

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
OPERATORS = ("OR", "AND", "NOT")


class QueryError(ValueError):
    """A query we cannot run, with a message that tells the user what to fix.

    ``message`` is a message id with ``%(name)s`` placeholders filled from ``params``;
    ``str(exc)`` is the Chinese text, the web app translates the id. ``position`` is the
    offset in the query as typed; ``fix``, when the mistake has one obvious correction,
    is the request parameters that make it (``{"q": …}``, ``{"year_from": …}``), which
    the user is offered, never given silently."""

    def __init__(self, message: str, position: int | None = None, *,
                 fix: dict[str, Any] | None = None, **params: object):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params
        self.position = position
        self.fix = fix

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"error": "query", "message": str(self),
                                  "position": self.position}
        if self.fix is not None:
            out["fix"] = self.fix
        return out


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


@dataclass(frozen=True)
class Slip:
    """A lower-case ``or``/``and``/``not`` standing where its operator would: searched
    literally, offered in upper case. ``start``/``end`` are offsets in the typed query."""

    word: str
    start: int
    end: int


@dataclass(frozen=True)
class FieldUse:
    """Where a field filter was typed: ``name_start`` is the field name's offset (``None``
    inside ``province:(…)``, where the name is shared), ``value_start``–``end`` its value
    (quotes included)."""

    node: Field
    name_start: int | None
    value_start: int
    end: int


@dataclass
class ParsedQuery:
    root: Node
    raw: str
    terms: list[str] = field(default_factory=list)  # positive literal terms, for highlighting
    slips: list[Slip] = field(default_factory=list)
    fields: list[FieldUse] = field(default_factory=list)

    def replaced(self, edits: list[tuple[int, int, str]]) -> str:
        """The typed query with each ``(start, end, text)`` span replaced."""
        out, last = [], 0
        for start, end, text in sorted(edits):
            out += [self.raw[last:start], text]
            last = end
        return "".join([*out, self.raw[last:]])


# ---------------------------------------------------------------- lexer

_PIECE_RE = re.compile(r'"(?P<quoted>[^"]*)"|(?P<word>[^\s"]+)|(?P<lone>")')
_FIELD_RE = re.compile(r"^(?P<name>[^\s:\"()]+?):(?P<value>.*)$", re.S)


@dataclass(frozen=True)
class _Tok:
    kind: str  # TERM | FIELD | NEG_TERM | NEG_FIELD | OR | AND | NOT | LP | RP
    value: str = ""
    name: str = ""
    quoted: bool = False
    pos: int = 0  # offsets in the syntax text
    end: int = 0
    value_pos: int = 0  # FIELD: where the value starts
    group: bool = False  # FIELD: ``name:(…)``, the value is the group that follows
    slip: bool = False  # TERM: a lower-case operator word


def _syntax_text(raw: str) -> tuple[str, list[int]]:
    """The query with each character NFKC-normalized (full-width brackets, quotes, colons
    and spaces become ASCII), and each character's offset in ``raw`` (plus the end)."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(raw):
        norm = unicodedata.normalize("NFKC", ch)
        chars.append(norm)
        offsets.extend([i] * len(norm))
    offsets.append(len(raw))
    return "".join(chars), offsets


def _group_brackets(text: str, words: list[tuple[int, int]]) -> set[int]:
    """Offsets of the brackets that group. A pair whose ends lie in one word is part of
    that word; an unpaired bracket is an error at its own position."""
    opened: list[tuple[int, int]] = []  # (offset, word number)
    grouping: set[int] = set()
    for n, (start, end) in enumerate(words):
        for i in range(start, end):
            if text[i] == "(":
                opened.append((i, n))
            elif text[i] == ")":
                if not opened:
                    raise QueryError("括号不成对：这个右括号“)”前面没有对应的左括号。"
                                     "请删除它，或把含括号的词加上引号。", i)
                j, m = opened.pop()
                if m != n:
                    grouping.update((i, j))
    if opened:
        raise QueryError("括号不成对：这个左括号“(”没有对应的右括号。请补上“)”，"
                         "或把含括号的词加上引号。", opened[0][0])
    return grouping


def _lex(text: str) -> list[_Tok]:
    pieces = list(_PIECE_RE.finditer(text))
    for m in pieces:
        if m.group("lone") is not None:
            raise QueryError("引号不成对：请补全或删除多余的 \" 。", m.start())
    grouping = _group_brackets(text, [m.span() for m in pieces if m.group("word")])
    toks: list[_Tok] = []
    for m in pieces:
        if m.group("quoted") is not None:
            toks.append(_Tok("TERM", m.group("quoted"), quoted=True, pos=m.start(),
                             end=m.end()))
            continue
        chunk_start = m.start()
        for i in range(m.start(), m.end() + 1):
            if i < m.end() and i not in grouping:
                continue
            if i > chunk_start:
                toks.append(_word_token(text, chunk_start, i, grouping))
            if i < m.end():
                toks.append(_Tok("LP" if text[i] == "(" else "RP", pos=i, end=i + 1))
            chunk_start = i + 1
    return _merge_quoted_field_values(toks)


def _word_token(text: str, start: int, end: int, grouping: set[int]) -> _Tok:
    """One word (or the part of a word between grouping brackets) as a token."""
    core = text[start:end]
    opens = end in grouping and text[end] == "("  # a grouping bracket follows directly
    if core in ("OR", "||"):
        return _Tok("OR", pos=start, end=end)
    if core in ("AND", "&&"):
        return _Tok("AND", pos=start, end=end)
    if core == "NOT" or (core == "-" and (opens or text.startswith('"', end))):
        return _Tok("NOT", pos=start, end=end)
    if core.startswith("-") and len(core) > 1:
        inner = _word_token(text, start + 1, end, grouping)
        if inner.kind in ("TERM", "FIELD"):
            return _Tok("NEG_" + inner.kind, inner.value, inner.name, pos=start, end=end,
                        value_pos=inner.value_pos, group=inner.group)
    fm = _FIELD_RE.match(core)
    if fm:
        name = fm.group("name").casefold()
        name = FIELD_ALIASES.get(name, name)
        if name in FIELDS:
            value_pos = start + fm.start("value")
            return _Tok("FIELD", fm.group("value"), name, pos=start, end=end,
                        value_pos=value_pos, group=opens and value_pos == end)
    slip = core.upper() in OPERATORS and core not in OPERATORS
    return _Tok("TERM", core, pos=start, end=end, slip=slip)


def _merge_quoted_field_values(toks: list[_Tok]) -> list[_Tok]:
    """``title:"a b"`` lexes as FIELD(title, "") + TERM("a b", quoted): join them."""
    out: list[_Tok] = []
    for tok in toks:
        prev = out[-1] if out else None
        if (tok.kind == "TERM" and tok.quoted and prev is not None
                and prev.kind in ("FIELD", "NEG_FIELD") and prev.value == ""
                and not prev.group):
            out[-1] = _Tok(prev.kind, tok.value, prev.name, quoted=True, pos=prev.pos,
                           end=tok.end, value_pos=tok.pos)
        else:
            out.append(tok)
    return out


# ---------------------------------------------------------------- parser

_OPERAND_START = ("TERM", "FIELD", "NEG_TERM", "NEG_FIELD", "LP", "NOT")
_OPERAND_END = ("TERM", "FIELD", "NEG_TERM", "NEG_FIELD", "RP")


class _Parser:
    def __init__(self, toks: list[_Tok], raw: str, offsets: list[int]):
        self.toks = toks
        self.raw = raw
        self.offsets = offsets
        self.i = 0
        self.depth = 0
        self.count = 0
        self.group_field: _Tok | None = None  # inside ``name:(…)``
        self.fields: list[FieldUse] = []

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def parse(self) -> Node:
        node = self.expr()
        tok = self.peek()
        if tok is not None:
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
            return self.group(tok)
        self.i += 1
        negate = tok.kind.startswith("NEG_")
        kind = tok.kind.removeprefix("NEG_")
        node: Node
        if kind == "FIELD" and tok.group:
            if self.group_field is not None:
                raise QueryError("字段限定的括号内不能再写字段。", tok.pos)
            self.group_field = tok
            node = self.group(self.toks[self.i])
            self.group_field = None
            return Not(node) if negate else node
        self.count += 1
        if self.count > MAX_TERMS:
            raise QueryError("检索词过多（上限 %(limit)s 个），请分次检索。", tok.pos,
                             limit=MAX_TERMS)
        if kind == "FIELD" and self.group_field is not None:
            raise QueryError("字段限定的括号内不能再写字段。", tok.pos)
        if kind == "FIELD":
            node = self.field(tok.name, tok.value, tok.pos + negate, tok.value_pos, tok.end)
        elif self.group_field is not None:
            node = self.field(self.group_field.name, tok.value, None,
                              tok.pos + negate, tok.end, record=not tok.slip)
        else:
            text = normalize(tok.value)
            if not text.strip():
                raise QueryError("引号内不能为空。", tok.pos)
            node = Term(text, tok.value)
        return Not(node) if negate else node

    def group(self, tok: _Tok) -> Node:
        """``( expr )``: the lexer has already paired every bracket."""
        self.i += 1
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError("括号嵌套超过 %(limit)s 层，请简化查询。", tok.pos,
                             limit=MAX_DEPTH)
        node = self.expr()
        close = self.peek()
        if close is None or close.kind != "RP":
            raise QueryError("查询无法解析，请检查运算符位置。", tok.pos)
        self.i += 1
        self.depth -= 1
        return node

    def field(self, name: str, typed: str, name_pos: int | None, value_pos: int, end: int,
              record: bool = True) -> Field:
        value = typed.strip()
        if not value:
            raise QueryError("字段 %(field)s: 后缺少取值，例如 %(field)s:湖南。",
                             name_pos if name_pos is not None else value_pos, field=name)
        if name == "year":
            years = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", value)
            if not years:
                raise QueryError("年份格式应为 year:2019 或 year:2019-2021。", value_pos)
            lo, hi = years.group(1), years.group(2)
            if hi is not None and lo > hi:
                fixed = self.raw[:self.offsets[value_pos]] + f"{hi}-{lo}" \
                    + self.raw[self.offsets[end]:]
                raise QueryError("年份范围颠倒：%(lo)s 晚于 %(hi)s。请改为 year:%(hi)s-%(lo)s。",
                                 value_pos, fix={"q": fixed}, lo=lo, hi=hi)
        node = Field(name, normalize(value), value)
        if record:
            self.fields.append(FieldUse(
                node, None if name_pos is None else self.offsets[name_pos],
                self.offsets[value_pos], self.offsets[end]))
        return node


def _positive_terms(node: Node, negated: bool = False) -> list[str]:
    if isinstance(node, Term):
        return [] if negated else [node.text]
    if isinstance(node, Not):
        return _positive_terms(node.child, not negated)
    if isinstance(node, And | Or):
        return [t for c in node.children for t in _positive_terms(c, negated)]
    return []


def _slips(toks: list[_Tok], raw: str, offsets: list[int]) -> list[Slip]:
    """Lower-case operator words where the operator would stand: ``or``/``and`` between
    two operands, ``not`` before one."""
    out = []
    for k, tok in enumerate(toks):
        if not tok.slip:
            continue
        prev = toks[k - 1] if k else None
        after = toks[k + 1] if k + 1 < len(toks) else None
        if after is None or after.kind not in _OPERAND_START or after.slip:
            continue
        if tok.value.upper() != "NOT" and (
                prev is None or prev.kind not in _OPERAND_END or prev.slip):
            continue
        start, end = offsets[tok.pos], offsets[tok.end]
        out.append(Slip(raw[start:end], start, end))
    return out


def parse_query(raw: str) -> ParsedQuery:
    """Parse ``raw``; an empty query means "everything" (useful with filters)."""
    if raw is None:
        raw = ""
    if len(raw) > MAX_QUERY_CHARS:
        raise QueryError("查询过长（%(length)s 字符，上限 %(limit)s），请缩短。",
                         length=len(raw), limit=MAX_QUERY_CHARS)
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in raw):
        raise QueryError("查询含有控制字符，请删除后重试。")
    # NFKC only for the syntax: full-width quotes, brackets and colons become ASCII.
    text, offsets = _syntax_text(raw)
    if not text.strip():
        return ParsedQuery(MatchAll(), raw)
    try:
        toks = _lex(text)
        parser = _Parser(toks, raw, offsets)
        root = parser.parse()
    except QueryError as exc:
        if exc.position is not None:
            exc.position = offsets[exc.position]
        raise
    terms = list(dict.fromkeys(t for t in _positive_terms(root) if t))
    if _only_negative(root):
        root = And((MatchAll(), root))
    return ParsedQuery(root, raw, terms, _slips(toks, raw, offsets), parser.fields)


def _only_negative(node: Node) -> bool:
    if isinstance(node, Not):
        return True
    if isinstance(node, And):
        return all(_only_negative(c) for c in node.children)
    return False
