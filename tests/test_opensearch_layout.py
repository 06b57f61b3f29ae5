"""The cluster's document form and query translation, without a cluster."""

from __future__ import annotations

import pytest

from search.backends.opensearch import phrase, selection_query, to_query
from search.backends.opensearch_index import CHARS, char_tokens
from search.query import parse_query


@pytest.mark.parametrize(("norm", "tokens"), [
    ("八项规定", ["八", "项", "规", "定"]),
    ("a b", ["a", "U+0020", "b"]),
    ("u+0020", ["u", "+", "0", "0", "2", "0"]),  # the escape's own letters stay apart
    ("\t\u3000\u2028x", ["U+0009", "U+3000", "U+2028", "x"]),
    ("𠀀。", ["𠀀", "。"]),  # outside the BMP: one code point, one token
])
def test_one_token_per_character_and_whitespace_escaped(norm, tokens):
    assert char_tokens(norm).split(" ") == tokens


def test_encoding_is_injective_on_tricky_strings():
    samples = [" ", "  ", "U+0020", "U", "u+0020", "\u00a0", "\t", "a b", "ab", "a  b"]
    encoded = [tuple(char_tokens(s).split(" ")) for s in samples]
    assert len(set(encoded)) == len(samples)


def test_terms_become_phrases_and_single_characters_terms():
    assert phrase(CHARS, "党") == {"term": {CHARS: "党"}}
    assert phrase(CHARS, "八项") == {"match_phrase": {CHARS: {"query": "八 项"}}}


def test_boolean_structure_is_kept():
    q = to_query(parse_query("(党建 OR 党风) 整改 -巡视").root)
    assert q == {"bool": {"filter": [
        {"bool": {"should": [{"match_phrase": {CHARS: {"query": "党 建"}}},
                             {"match_phrase": {CHARS: {"query": "党 风"}}}],
                  "minimum_should_match": 1}},
        {"match_phrase": {CHARS: {"query": "整 改"}}},
        {"bool": {"must_not": [{"match_phrase": {CHARS: {"query": "巡 视"}}}]}},
    ]}}


def test_flags_given_as_kind_and_level_synonyms_resolve_like_the_embedded_engine():
    assert to_query(parse_query("kind:回头看").root) == {"term": {"flags": "回头看"}}
    assert to_query(parse_query("level:县级").root) == {"term": {"level": "county"}}
    assert selection_query("year", ["2020", "2021"]) == {"bool": {"should": [
        {"term": {"year": 2020}}, {"term": {"year": 2021}}], "minimum_should_match": 1}}
    assert selection_query("province", []) is None
