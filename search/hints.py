"""Hints: the natural slips of a request, each with its correction offered, never applied.

A lower-case ``or`` between two terms is searched as the word it is; a filter value that
no notice has (``province=Hunan``, a misspelt county, a level outside the vocabulary)
narrows the hits to nothing. The result says so (``hints``) and offers the corrected
request: ``changes``, the request parameters to set (the web layer makes them a link),
with the number of paragraphs the corrected request finds. Nothing here changes the
request itself — a researcher who counts hits must see what was searched.

Everything comes from the parse (:attr:`~search.query.ParsedQuery.slips` and
``fields``), the index's own facet vocabulary, and the gazetteer's spellings of each
place, compared also by sound, so that ``Hunan``, ``hunan sheng`` and the homophone
``胡南`` all lead to 湖南省, and ``汩罗市`` to 汨罗市.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import replace
from difflib import SequenceMatcher
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from pypinyin import lazy_pinyin

from analysis.vocab import FLAGS, LEVEL_ALIASES, LEVELS
from indexer.regions.gazetteer import gazetteer
from search.facets import FACETS, facet_counts, selection_mask
from search.match import field_mask
from search.query import FieldUse, ParsedQuery, QueryError, parse_query

if TYPE_CHECKING:
    from search.engine import SearchParams
    from search.store import Corpus

Count = Callable[["SearchParams"], int]  # paragraphs a (corrected) request finds
REGIONS = ("province", "city", "county")
MAX_SUGGESTIONS = 3
CLOSE = 0.8  # similarity of sounds or spellings that makes a near miss a suggestion
CLOSE_CHARS = 0.6  # similarity of Chinese spellings (one character in three)
Vocabulary = dict[str, dict[str, int]]  # facet -> value -> notices in the index
# A place typed in English ("Hunan Province") is compared without its type word.
_ENGLISH_TYPE = re.compile(r"\s+(autonomous region|province|prefecture|city|county|district)$",
                           re.I)


def request_hints(corpus: Corpus, params: SearchParams, parsed: ParsedQuery,
                  facets: dict[str, list[dict[str, Any]]], count: Count) -> list[dict[str, Any]]:
    """The hints of one request: lower-case operators first, then filter values no
    notice has (``facets`` are the request's own counts, which settle most values)."""
    out = operator_hints(params, parsed, count)
    unmatched = list(_unmatched_filters(corpus, params, parsed, facets))
    if unmatched:
        vocab = _vocabulary(corpus)
        out += [_filter_hint(params, parsed, vocab, count, *u) for u in unmatched]
    return out


# ---------------------------------------------------------------- lower-case operators

def operator_hints(params: SearchParams, parsed: ParsedQuery,
                   count: Count) -> list[dict[str, Any]]:
    """One hint for the lower-case operator words: the query with each in upper case."""
    if not parsed.slips:
        return []
    q = parsed.replaced([(s.start, s.end, unicodedata.normalize("NFKC", s.word).upper())
                         for s in parsed.slips])
    try:
        parse_query(q)
    except QueryError:  # e.g. the operator version would exceed a limit
        return []
    return [{"kind": "lowercase_operator",
             "words": list(dict.fromkeys(s.word for s in parsed.slips)),
             "suggestions": [_suggestion(params, count, {"q": q})]}]


def _suggestion(params: SearchParams, count: Count, changes: dict[str, Any],
                **shown: str) -> dict[str, Any]:
    return {**shown, "changes": changes, "paragraphs": count(replace(params, page=1, **changes))}


# ---------------------------------------------------------------- filter values

def _unmatched_filters(corpus: Corpus, params: SearchParams, parsed: ParsedQuery,
                       facets: dict[str, list[dict[str, Any]]]
                       ) -> Iterator[tuple[str, str, FieldUse | None]]:
    """(field, value, where it was typed in q or None) for each value no notice has."""
    for name in FACETS:
        counted = {f["value"]: f["count"] for f in facets.get(name, [])}
        for value in getattr(params, name):
            if counted.get(value, 0) > 0:
                continue  # some hit has it
            if not (selection_mask(corpus, name, [value]) & corpus.alive).any():
                yield name, value, None
    for use in parsed.fields:
        if use.node.name in ("title", "section"):
            continue  # text searches: finding nothing is an answer, not a slip
        if not (field_mask(corpus, use.node) & corpus.alive).any():
            yield use.node.name, use.node.raw, use


def _vocabulary(corpus: Corpus) -> Vocabulary:
    """Every facet value in the index with its number of notices (no query, no filter)."""
    counts = facet_counts(corpus, corpus.alive, {}, {})
    return {name: {v["value"]: v["notices"] for v in values} for name, values in counts.items()}


def _filter_hint(params: SearchParams, parsed: ParsedQuery, vocab: Vocabulary, count: Count,
                 name: str, value: str, use: FieldUse | None) -> dict[str, Any]:
    suggestions = []
    for field, new in _candidates(vocab, name, value):
        changes = _changes(params, parsed, name, value, use, field, new)
        if changes is not None:
            suggestions.append(_suggestion(params, count, changes, field=field, value=new))
    return {"kind": "unmatched_filter", "field": name, "value": value,
            "source": "filter" if use is None else "q", "suggestions": suggestions}


def _changes(params: SearchParams, parsed: ParsedQuery, name: str, value: str,
             use: FieldUse | None, field: str, new: str) -> dict[str, Any] | None:
    """The request parameters that put ``field=new`` where ``name=value`` was."""
    if use is None:
        values = list(getattr(params, name))
        if field == name:
            return {name: list(dict.fromkeys(new if v == value else v for v in values))}
        return {name: [v for v in values if v != value],
                field: list(dict.fromkeys([*getattr(params, field), new]))}
    typed = new if not re.search(r'[\s()"]', new) else f'"{new}"'
    in_q = "kind" if field == "flag" else field  # flags are written kind: in a query
    if in_q == name:
        return {"q": parsed.replaced([(use.value_start, use.end, typed)])}
    if use.name_start is None:
        return None  # inside province:(…) only the value can change
    return {"q": parsed.replaced([(use.name_start, use.end, f"{in_q}:{typed}")])}


def _candidates(vocab: Vocabulary, name: str, value: str) -> list[tuple[str, str]]:
    """(field, value) pairs to offer instead, best first."""
    if name in REGIONS:
        return _places(vocab, name, value)
    if name in ("level", "kind", "flag"):
        return _codes(vocab, name, value)
    return []  # a year or a notice id: nothing sounds like it


def _places(vocab: Vocabulary, name: str, value: str) -> list[tuple[str, str]]:
    """Places some notice has that are spelt or sound like ``value``: at any level when
    the match is exact (``province=岳阳`` → city 岳阳市), at the same level when near."""
    sound = _sound(_ENGLISH_TYPE.sub("", value))
    scored = []
    for field in REGIONS:
        for known, notices in vocab.get(field, {}).items():
            spellings = _spellings(known)
            sounds = {_sound(s) for s in spellings} - {""}
            if value in spellings or sound in sounds:
                score = 1.0
            elif any(len(sound) >= 4 and s.startswith(sound) and 2 * len(sound) >= len(s)
                     for s in sounds):
                score = 0.95  # Dapeng → 大鹏新区: the name without its type word
            elif field == name and value not in gazetteer().keys:
                score = _near(value, sound, spellings, sounds)
                if not score:
                    continue
            else:
                continue
            scored.append((-score, field != name, -notices, field, known))
    return [(field, known) for *_, field, known in sorted(scored)][:MAX_SUGGESTIONS]


def _near(value: str, sound: str, spellings: frozenset[str], sounds: set[str]) -> float:
    """How near a misspelling is (0 when not near): by sound, or for Chinese one
    character in three wrong (汩罗市 for 汨罗市). Only for a value that names no place
    at all: 上城区 is a real district, not a slip for 下城区."""
    by_sound = max((_similar(sound, s) for s in sounds), default=0.0)
    if by_sound >= CLOSE:
        return by_sound
    by_char = max(_similar(value, s) for s in spellings)
    return by_char if by_char >= CLOSE_CHARS and len(value) >= 3 else 0.0


def _codes(vocab: Vocabulary, name: str, value: str) -> list[tuple[str, str]]:
    """Levels, kinds or flags some notice has that are spelt or sound like ``value``;
    when none is close and ``value`` is outside the vocabulary, all of them (there are
    only a few), so the user sees what the field takes."""
    known = {v: name for v in vocab.get(name, {})}
    if name == "kind":  # kind= also takes the flags (回头看 …)
        known |= {v: "flag" for v in vocab.get("flag", {})}
    if value in (LEVELS if name == "level" else FLAGS):
        return []  # a real level or flag that no notice in this index has
    spellings = {v: {v} for v in known}
    for alias, level in LEVEL_ALIASES.items():
        spellings.get(level, set()).add(alias)
    typed, sound = value.casefold(), _sound(value)
    scored = []
    for code, field in known.items():
        score = max(max(_similar(typed, s.casefold()),
                        _similar(sound, _sound(s)) if sound else 0.0) for s in spellings[code])
        if score >= CLOSE:
            scored.append((-score, -vocab[field][code], field, code))
    if not scored:
        scored = [(0.0, -vocab[field][code], field, code) for code, field in known.items()]
    return [(field, code) for *_, field, code in sorted(scored)]


@cache
def _gazetteer_spellings() -> dict[str, frozenset[str]]:
    """Official name -> every spelling the gazetteer knows it by (湖南省: 湖南省, 湖南)."""
    out: dict[str, set[str]] = {}
    for key, entries in gazetteer().keys.items():
        for entry in entries:
            out.setdefault(entry.unit.name, set()).add(key)
    return {name: frozenset(keys) for name, keys in out.items()}


def _spellings(name: str) -> frozenset[str]:
    return _gazetteer_spellings().get(name, frozenset()) | {name}


@lru_cache(maxsize=65536)
def _sound(text: str) -> str:
    """The letters a name sounds like: 湖南, Hunan and Hú Nán all give ``hunan``."""
    letters = unicodedata.normalize("NFKD", "".join(lazy_pinyin(text, v_to_u=True)))
    return re.sub(r"[^a-z]", "", "".join(c for c in letters if not unicodedata.combining(c))
                  .lower())


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio() if a and b else 0.0
