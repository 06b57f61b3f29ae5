"""The fixed query mix, and how each engine spells the same query.

A query is written once, as structure (AND of OR-groups, minus NOT terms, plus
filters, sort and page), so that this project's syntax, Whoosh's QueryParser
syntax, an FTS5 MATCH expression and the literal truth cannot drift apart: each
is rendered from the same object, and the truth is evaluated from it directly.

The mix covers what makes search engines slow or wrong: very common one- and
two-character words (党, 整改), two-character words that a trigram index cannot
answer (党建, 违规), medium and rare words, a word found nowhere, long phrases
with punctuation, boolean OR/NOT, one and two facet filters, sorting by date and
a deep page.

The edge probes (:data:`EDGE_PROBES`) are where CJK engines are inexact: terms
that start or end inside a run of digits or latin letters (``019年`` inside
2019年), terms containing a space, strings whose bigrams all occur although the
string never does, one-character terms, and full-width/upper-case/traditional
spellings that only one normalization for text and query makes equal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jieba

from analysis.normalize import normalize
from analysis.words import words

# Placeholders filled in per corpus (see corpus_values), so that filters select
# something at every corpus size and the rare term really is rare.
RARE_PLACE = "{rare_place}"  # a county that exactly one notice names
PROVINCE = "{province}"  # the province with the most notices
PROVINCE2 = "{province2}"  # the runner-up
CORPUS_YEAR = 0  # the most common year among PROVINCE's notices


@dataclass(frozen=True)
class BenchQuery:
    """One benchmark query; ``must`` is an AND of OR-groups of literal terms."""

    name: str
    must: tuple[tuple[str, ...], ...]
    must_not: tuple[str, ...] = ()
    province: str = ""
    year: int | None = None
    sort: str = "relevance"  # relevance | newest
    page: int = 1
    per_page: int = 20
    tags: tuple[str, ...] = field(default_factory=tuple)

    # ---------------------------------------------------------------- this project

    def q(self) -> str:
        """The query as a researcher types it into this project's search box."""
        if len(self.must) == 1 and len(self.must[0]) > 1 and not self.must_not:
            return " OR ".join(_ours_term(t) for t in self.must[0])  # no parentheses needed
        parts = [_ours_term(g[0]) if len(g) == 1 else
                 "(" + " OR ".join(_ours_term(t) for t in g) + ")" for g in self.must]
        parts += [f"NOT {_ours_term(t)}" for t in self.must_not]
        return " ".join(parts)

    def params(self) -> dict[str, Any]:
        """Request arguments for ``SearchParams.from_args`` and for ``/api/search``."""
        args: dict[str, Any] = {"q": self.q(), "sort": "newest" if self.sort == "newest"
                                else "relevance", "page": str(self.page),
                                "per_page": str(self.per_page)}
        if self.province:
            args["province"] = [self.province]
        if self.year is not None:
            args["year"] = [str(self.year)]
        return args

    def selections(self) -> dict[str, tuple[str, ...]]:
        """Facet selections, as the facet values the UI would tick."""
        out: dict[str, tuple[str, ...]] = {}
        if self.province:
            out["province"] = (self.province,)
        if self.year is not None:
            out["year"] = (str(self.year),)
        return out

    def filters_label(self) -> str:
        bits = []
        if self.province:
            bits.append(f"province={self.province}")
        if self.year is not None:
            bits.append(f"year={self.year}")
        if self.sort != "relevance":
            bits.append(f"sort={self.sort}")
        if self.page != 1:
            bits.append(f"page={self.page}")
        return " ".join(bits)

    # ---------------------------------------------------------------- truth

    def positive_terms(self) -> list[str]:
        """Normalized terms to highlight (what this project's parser returns as terms)."""
        return list(dict.fromkeys(normalize(t) for g in self.must for t in g))

    def normalized(self) -> tuple[list[tuple[str, ...]], tuple[str, ...]]:
        """(AND of OR-groups, NOT terms), every term passed through ``normalize()``."""
        return ([tuple(normalize(t) for t in g) for g in self.must],
                tuple(normalize(t) for t in self.must_not))

    def predicate(self) -> Callable[[str], bool]:
        """``norm -> bool`` on a normalized paragraph: the literal definition of a hit."""
        groups, nots = self.normalized()

        def hit(norm: str) -> bool:
            return (all(any(t in norm for t in g) for g in groups)
                    and not any(t in norm for t in nots))
        return hit

    # ---------------------------------------------------------------- other engines

    def whoosh(self) -> str:
        """QueryParser text as a user would type it: a multi-word term goes in quotes."""
        def term(t: str) -> str:
            return f'"{t}"' if len(_precise_words(t)) > 1 else t

        parts = [term(g[0]) if len(g) == 1 else "(" + " OR ".join(term(t) for t in g) + ")"
                 for g in self.must]
        parts += [f"NOT {term(t)}" for t in self.must_not]
        return " ".join(parts)

    def fts5(self) -> str:
        """FTS5 MATCH expression over the normalized text: every term a quoted substring."""
        def term(t: str) -> str:
            return '"' + normalize(t).replace('"', '""') + '"'

        groups = [term(g[0]) if len(g) == 1 else "(" + " OR ".join(term(t) for t in g) + ")"
                  for g in self.must]
        expr = " AND ".join(groups)
        if self.must_not:
            expr = f"({expr}) NOT (" + " OR ".join(term(t) for t in self.must_not) + ")"
        return expr

    def groonga(self, column: str, normalized: bool) -> str:
        """Groonga script (``--filter``): ``column @ "term"`` is a phrase match on the index."""
        def term(t: str) -> str:
            return f"{column} @ {quoted(normalize(t) if normalized else t)}"

        expr = " && ".join(term(g[0]) if len(g) == 1 else
                           "(" + " || ".join(term(t) for t in g) + ")" for g in self.must)
        for t in self.must_not:
            expr = f"({expr}) &! {term(t)}"
        return expr

    def tantivy(self) -> str:
        """tantivy query-parser text: every term a quoted phrase, as the user typed it."""
        parts = [quoted(g[0]) if len(g) == 1 else "(" + " OR ".join(map(quoted, g)) + ")"
                 for g in self.must]
        parts += [f"-{quoted(t)}" for t in self.must_not]
        return " AND ".join(parts)

    def short_terms(self) -> list[str]:
        """Terms under three characters: a trigram index cannot match them at all."""
        return [t for g in self.must for t in g if len(normalize(t)) < 3] + [
            t for t in self.must_not if len(normalize(t)) < 3]

    def bind(self, values: dict[str, Any]) -> BenchQuery:
        """The query with the corpus-specific placeholders filled in."""
        must = tuple(tuple(t.replace(RARE_PLACE, values["rare_place"]) for t in g)
                     for g in self.must)
        province = {PROVINCE: values["province"], PROVINCE2: values["province2"]}.get(
            self.province, self.province)
        year = values["year"] if self.year == CORPUS_YEAR else self.year
        return BenchQuery(self.name, must, self.must_not, province, year, self.sort,
                          self.page, self.per_page, self.tags)


def _ours_term(t: str) -> str:
    special = any(ch.isspace() or ch in '"()' for ch in t) or t in ("OR", "AND", "NOT")
    return f'"{t}"' if special or t.startswith("-") or ":" in t else t


def quoted(t: str) -> str:
    """A double-quoted string literal with backslash escapes (Groonga script, tantivy)."""
    return '"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"'


@cache
def _precise_words(t: str) -> tuple[str, ...]:
    words("")  # loads jieba and the project's user dictionary once
    return tuple(w for w in jieba.cut(t) if w.strip())


def Q(name: str, *must: str | tuple[str, ...], **kw: Any) -> BenchQuery:
    groups = tuple(g if isinstance(g, tuple) else (g,) for g in must)
    return BenchQuery(name, groups, **kw)


QUERY_MIX: tuple[BenchQuery, ...] = (
    Q("1-char common", "党", tags=("short",)),
    Q("2-char common", "整改", tags=("short",)),
    Q("2-char", "党建", tags=("short",)),
    Q("2-char", "违规", tags=("short",)),
    Q("word", "八项规定"),
    Q("word", "形式主义"),
    Q("rare word", "石墨烯"),
    Q("rare place", RARE_PLACE),
    Q("no hits", "数字人民币试点"),
    Q("long phrase", "欢迎广大干部群众对巡视整改落实情况进行监督"),
    Q("long phrase", "坚持目标不变、标准不变、力度不变"),
    Q("AND", "八项规定", "违规"),
    Q("OR", ("形式主义", "官僚主义")),
    Q("OR 2-char", ("党建", "党风"), tags=("short",)),
    Q("NOT", "整改", must_not=("回头看",)),
    Q("(OR) AND", ("选人用人", "干部选拔"), "违规"),
    Q("1 filter", "整改", province=PROVINCE),
    Q("2 filters", "八项规定", province=PROVINCE, year=CORPUS_YEAR),
    Q("1-char + filter", "党", year=CORPUS_YEAR),
    Q("sort newest", "巡察", sort="newest"),
    Q("sort + filter", "形式主义", province=PROVINCE2, sort="newest"),
    Q("deep page", "整改", page=200),
)


# Edge probes: the first word of each name is its category. The digit and latin
# probes occur in the generated corpus (figures, e-mail addresses, LED/CBD/iPad);
# the bigram probes are made of bigrams the corpus has, in an order it never has.
EDGE_PROBES: tuple[BenchQuery, ...] = tuple(
    Q(f"{kind}", term, tags=("edge", kind.split()[0])) for kind, term in (
        ("digit: starts inside 2019", "019年"),
        ("digit: starts inside 2021", "021年"),
        ("digit: starts inside 90.05", "0.05万元"),
        ("digit: ends inside 4.0355", "4.03"),
        ("digit: starts inside 4.0355", "355亿"),
        ("digit: starts inside 100%", "00%"),
        ("digit: starts inside 57.5", "5万平方"),
        ("latin: inside ipad", "pa"),
        ("latin: inside led", "ed"),
        ("latin: inside cbd", "bd"),
        ("latin: inside app/ppp", "pp"),
        ("latin: ends inside g240", "g24"),
        ("latin: ends inside an e-mail name", "xszg7"),
        ("latin: ends inside .com", "163.co"),
        ("space: absent", "八项 规定"),
        ("space: present", "案 1"),
        ("space: present", "于 2"),
        ("space: present", "分 奖"),
        ("bigrams: all occur, string not", "排查边改"),
        ("bigrams: all occur, string not", "整改整改"),
        ("bigrams: all occur, string not", "立行立整改"),
        ("bigrams: all occur, string not", "整改落实整改"),
        ("bigrams: all occur, string not", "省委巡视组组"),
        ("1-char: CJK", "党"),
        ("1-char: CJK", "腐"),
        ("1-char: digit", "0"),
        ("1-char: latin", "e"),
        ("1-char: symbol", "%"),
        ("1-char: punctuation", "、"),
        ("normalize: full-width", "ＬＥＤ"),
        ("normalize: full-width digits", "２０１９年"),
        ("normalize: mixed case", "iPad"),
        ("normalize: traditional", "黨風廉政"),
        ("normalize: full-width + digits", "Ｇ240"),
    ))


def corpus_values(manifest: list[dict]) -> dict[str, Any]:
    """Filter values and the rare term for one corpus (deterministic per corpus).

    The busiest province and its busiest year make the filtered queries select
    something even in a small corpus; the rare place is a county (three or more
    characters) that exactly one notice names.
    """
    order = {m["province"]: i for i, m in reversed(list(enumerate(manifest)))}
    provinces = Counter(m["province"] for m in manifest)
    ranked = sorted(provinces, key=lambda p: (-provinces[p], order[p]))
    province = ranked[0] if ranked else ""
    province2 = ranked[1] if len(ranked) > 1 else province
    years = Counter(m["year"] for m in manifest if m["province"] == province)
    year = max(years, key=lambda y: (years[y], y)) if years else 2020
    counties = Counter(m["county"] for m in manifest if m["county"])
    rare = next((c for m in manifest if len(c := m["county"]) >= 3 and counties[c] == 1),
                next(iter(counties), "平江县"))
    return {"rare_place": rare, "province": province, "province2": province2, "year": year}


def query_mix(manifest: list[dict]) -> list[BenchQuery]:
    values = corpus_values(manifest)
    return [q.bind(values) for q in QUERY_MIX]
