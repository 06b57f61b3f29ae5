"""The one normalization: NFKC + casefold + per-character OpenCC t2s, with offsets."""

from __future__ import annotations

import pytest

from analysis.normalize import find_all, normalize, normalize_with_map


@pytest.mark.parametrize(("raw", "expected"), [
    ("八项规定", "八项规定"),
    ("八項規定", "八项规定"),
    ("巡視整改", "巡视整改"),
    ("黨風廉政建設", "党风廉政建设"),
    ("（一）", "(一)"),
    ("ＱＱ．ＣＯＭ", "qq.com"),
    ("２０１９年", "2019年"),
    ("LED屏", "led屏"),
    ("Straße", "strasse"),
    ("a\u00a0b\u3000c", "a b c"),
    ("㈠", "(一)"),
    ("e\u0301", "\u00e9"),
    ("", ""),
])
def test_normalize(raw, expected):
    assert normalize(raw) == expected
    assert normalize_with_map(raw)[0] == expected


@pytest.mark.parametrize("text", ["八項規定（一）ＱＱ", "Straße 巡視", "㈠e\u0301x", "abc", "整改"])
def test_offsets_map_back_to_display_text(text):
    norm, starts, ends = normalize_with_map(text)
    assert len(starts) == len(ends) == len(norm)
    for i in range(len(norm)):
        assert normalize(text[starts[i]:ends[i]]).find(norm[i]) != -1


@pytest.mark.parametrize(("a", "b"), [("八項", "規定"), ("（一", "）"), ("Ｑ", "Ｑ"), ("巡", "視")])
def test_homomorphism_keeps_substrings(a, b):
    assert normalize(a + b) == normalize(a) + normalize(b)


def test_find_all_overlapping():
    assert find_all("党党党", "党党") == [0, 1]
    assert find_all("abc", "") == []
