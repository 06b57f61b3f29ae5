"""Hostile requests: hypothesis strategies for query strings and every API parameter,
fixed pathological cases, and the checks every response must pass.

Shared by ``tests/test_hostile.py`` (≈300 examples in ``make test``) and
``reliability/fuzz_api.py`` (≥ 10,000 examples against a real waitress server).
Why: researchers paste anything into the box — Word quotes, half a query, a whole
paragraph — and scripts call the API with whatever their code builds. Whatever
arrives, the answer must be a 200 or a 400 with a message in both languages:
never a 500, never a stack trace, and a 400 for oversized or pathological input
must come back fast (it must not cost a search).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlencode

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "notices"

PARAMS = ("q", "province", "city", "county", "year", "level", "kind", "flag", "year_from",
          "year_to", "sort", "page", "per_page", "group", "mode", "lang", "within", "p")
SEARCH_PATHS = ("/api/search", "/search.json", "/", "/export.csv", "/export.jsonl")
ID_ROUTES = ("/notice/{}", "/p/{}", "/api/notice/{}", "/api/paragraph/{}", "/notice/{}.json",
             "/p/{}.json")

_TRACE_RE = re.compile(r"Traceback \(most recent call last\)|File \"/|werkzeug\.|jinja2\.|"
                       r"\bat 0x[0-9a-f]+|Internal Server Error|in _[a-z_]+\n", re.I)

# ---------------------------------------------------------------- strategies


def _seed_words() -> list[str]:
    """Short strings from the seeds (2–6 characters) so many queries actually hit."""
    words: list[str] = []
    for p in sorted(SEEDS.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        for i in range(0, min(len(text), 4000), 97):
            chunk = text[i:i + 2 + i % 5].strip()
            if chunk and "\n" not in chunk:
                words.append(chunk)
    return words or ["整改"]


SEED_WORDS = _seed_words()
OPERATORS = ("OR", "AND", "NOT", "-", "||", "&&", "(", ")", '"', "“", "”", "（", "）", "＂",
             "：", ":", "*", "?", "\\", "%", "_", "'", ";", "--", "/*", "<", ">", "&")
FIELDS = ("province:", "city:", "county:", "year:", "kind:", "level:", "title:", "section:",
          "notice:", "省:", "年份:", "标题:", "bogus:")
XSS = ('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
       "'\"><svg/onload=alert(1)>", "{{7*7}}", "${7*7}", "%s%n", "\u202e", "\ufeff")
NUMBERS = ("0", "-1", "1", "20", "100", "101", "100000", "100001", "999999999999999999999999",
           "1e3", "0x10", "1.5", " 7 ", "٣", "１２", "NaN", "inf", "-0", "2019", "1948", "2101",
           "2019-2021", "")

token = st.one_of(
    st.sampled_from(SEED_WORDS),
    st.sampled_from(OPERATORS),
    st.sampled_from(FIELDS).flatmap(lambda f: st.sampled_from(SEED_WORDS + list(NUMBERS)).map(
        lambda v: f + v)),
    st.sampled_from(XSS),
    st.text(min_size=1, max_size=8),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1,
            max_size=4),
)

# Query strings: structured token soup (operators, fields, quotes, parentheses) or
# arbitrary text, occasionally far beyond the 1,000-character limit.
query_strings = st.one_of(
    st.lists(token, max_size=12).map(" ".join),
    st.lists(token, max_size=12).map("".join),
    st.text(max_size=60),
    st.integers(min_value=990, max_value=3000).map(lambda n: "整" * n),
    st.integers(min_value=1, max_value=40).map(lambda n: "( " * n + "整改" + " )" * n),
    st.integers(min_value=60, max_value=400).map(lambda n: " ".join(["改"] * n)),
)

param_values = st.one_of(
    st.sampled_from(NUMBERS),
    st.sampled_from(("relevance", "newest", "oldest", "exact", "words", "1", "true", "on",
                     "notice", "zh", "en", "湖南", "湖南省", "广西", "汨罗", "county", "县级",
                     "巡察", "回头看", "central")),
    st.sampled_from(XSS),
    st.text(max_size=20),
    query_strings,
)

# A request's parameters: repeated keys allowed, unknown keys included.
request_params = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMS), st.text(min_size=1, max_size=6)),
              param_values),
    max_size=8,
)

ids = st.one_of(
    st.text(max_size=40),
    st.sampled_from(("..", "../..", "..%2f..%2fetc%2fpasswd", "%2e%2e%2f", "....//", "\x00",
                     "%00", "/etc/passwd", "..\\..\\windows", "current", "manifest.json",
                     "seg-0.pkl", "gen-*/manifest.json", "%252e%252e%252f", "a" * 500)),
)


def search_url(path: str, params: list[tuple[str, str]]) -> str:
    """A URL as a browser would send it (UTF-8 percent-encoding)."""
    qs = urlencode(params, doseq=False)
    return f"{path}?{qs}" if qs else path


def id_url(route: str, value: str) -> str:
    return route.format(quote(value, safe=""))


# ---------------------------------------------------------------- fixed pathological cases

# (description, URL, expected status). Every one must be answered fast.
PATHOLOGICAL: list[tuple[str, str, int]] = [
    ("1,001 characters", search_url("/api/search", [("q", "a" * 1001)]), 400),
    ("5,000 hanzi", search_url("/api/search", [("q", "整" * 5000)]), 400),
    ("2,000 terms (too long)", search_url("/api/search", [("q", " ".join(["改"] * 2000))]), 400),
    ("500 terms within 1,000 chars", search_url("/api/search", [("q", " ".join(["改"] * 500))]),
     400),
    ("65 terms", search_url("/api/search", [("q", " ".join(["改"] * 65))]), 400),
    ("nesting 17 deep", search_url("/api/search", [("q", "( " * 17 + "改" + " )" * 17)]), 400),
    ("nesting 400 deep", search_url("/api/search", [("q", "( " * 400 + "改" + " )" * 99)]), 400),
    ("400 opening parentheses", search_url("/api/search", [("q", "( " * 400)]), 400),
    ("NOT chain", search_url("/api/search", [("q", "NOT " * 200 + "改")]), 400),
    ("OR chain", search_url("/api/search", [("q", "改 OR " * 150 + "改")]), 400),
    ("lone quotes", search_url("/api/search", [("q", '"' * 999)]), 400),
    ("page 10^30", search_url("/api/search", [("q", "整改"), ("page", "1" + "0" * 30)]), 400),
    ("page 0", search_url("/api/search", [("page", "0")]), 400),
    ("page -1", search_url("/api/search", [("page", "-1")]), 400),
    ("page text", search_url("/api/search", [("page", "abc")]), 400),
    ("per_page 0", search_url("/api/search", [("per_page", "0")]), 400),
    ("per_page 101", search_url("/api/search", [("per_page", "101")]), 400),
    ("per_page 10^9", search_url("/api/search", [("per_page", "1000000000")]), 400),
    ("per_page -5", search_url("/api/search", [("per_page", "-5")]), 400),
    ("year text", search_url("/api/search", [("year", "二〇一九")]), 400),
    ("year_from 99999", search_url("/api/search", [("year_from", "99999")]), 400),
    ("sort bogus", search_url("/api/search", [("sort", "DROP TABLE")]), 400),
    ("mode bogus", search_url("/api/search", [("mode", "regex")]), 400),
    ("51 provinces", search_url("/api/search", [("province", f"省{i}") for i in range(51)]), 400),
    ("NUL in q", "/api/search?q=%00", 400),
    ("control char in q", "/api/search?q=%1b%5b31m", 400),
    ("invalid UTF-8 %FF", "/api/search?q=%FF", 400),
    ("overlong UTF-8 %C0%AF", "/api/search?q=%C0%AF", 400),
    ("UTF-16 surrogate %ED%A0%80", "/api/search?q=%ED%A0%80", 400),
    ("truncated UTF-8 %E6%95", "/api/search?q=%E6%95", 400),
    ("invalid UTF-8 in a key", "/api/search?%FF=1", 400),
    ("invalid UTF-8 in the page", "/?q=%FF%FE", 400),
    ("invalid UTF-8 in an export", "/export.csv?q=%FF", 400),
    ("long query on the page", search_url("/", [("q", "整" * 1500)]), 400),
    ("long query in an export", search_url("/export.jsonl", [("q", "整" * 1500)]), 400),
]

# Path traversal and id abuse: must be 404/400 and never a file's content.
TRAVERSAL: list[str] = [
    "/notice/..%2f..%2fetc%2fpasswd", "/notice/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/notice/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/notice/%252e%252e%252fetc%252fpasswd",
    "/notice/..%5c..%5cetc%5cpasswd", "/notice/....%2f%2f....%2f%2fetc%2fpasswd",
    "/notice/%00", "/notice/abc%00def", "/notice/..%00", "/p/../../x", "/p/..%2f..%2fx",
    "/p/%2e%2e/%2e%2e/etc/passwd", "/p/%00", "/api/notice/..%2f..%2fetc%2fpasswd",
    "/api/paragraph/..%2fmanifest.json", "/api/notice/%00", "/notice/current",
    "/notice/manifest.json", "/notice/..%2fcurrent%2fmanifest.json", "/p/seg-0.pkl",
    "/static/..%2fapp.py", "/static/%2e%2e/app.py", "/static/../app.py",
    "/static/..%2f..%2fetc%2fpasswd", "/static/%00", "/help/..%2f..%2fapp.py",
    "/help/api/..%2f..%2fetc%2fpasswd", "/notice/%c0%ae%c0%ae%2fetc%2fpasswd",
    "/notice/..;/..;/etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd",
    "/notice//etc/passwd", "/p/..%252f..%252fapp.py",
]

# What a leaked file would look like: /etc/passwd, our source, the index's files.
LEAK_RE = re.compile(rb"root:x:0:0|root:\*:0:0|def create_app|from __future__ import|"
                     rb"\"segments\"\s*:|\x80\x05\x95|\x93NUMPY")


def problems(status: int, body: bytes, content_type: str = "", path: str = "") -> list[str]:
    """Everything wrong with one response to a hostile request ([] when fine)."""
    out: list[str] = []
    if status >= 500:
        out.append(f"status {status}")
    text = body.decode("utf-8", "replace")
    if _TRACE_RE.search(text):
        out.append("a trace or server internals in the body")
    if LEAK_RE.search(body):
        out.append("file content leaked")
    if status == 400 and (path.startswith("/api/") or path.endswith(".json")
                          or path.startswith("/export.")):
        if "application/json" not in content_type:
            out.append(f"JSON route answered 400 as {content_type!r}")
        elif '"message"' not in text or '"message_en"' not in text:
            out.append("400 without message/message_en")
    return out
