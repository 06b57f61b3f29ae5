"""The API described as an OpenAPI 3.1 document (``/api/openapi.json``), the reference that
``/help/api`` renders as HTML and that the tests check the running app against.

Descriptions are messages like any UI text: the document comes in the request's
language. Parameter sets are shared the way the app shares them: every view takes
the search page's query and filters, and adds its own."""

from __future__ import annotations

from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from analysis.vocab import FIGURE_LABELS
from search.engine import MAX_PAGE, MAX_PER_PAGE, MODES, REUSE_MODES, SORTS
from search.kwic import MAX_WIDTH as KWIC_MAX_WIDTH
from search.kwic import SORTS as KWIC_SORTS
from web.cite import FORMATS
from web.params import KWIC_MAX_PER_PAGE

STR = {"type": "string"}
INT = {"type": "integer"}
STRS = {"type": "array", "items": STR}
NULLABLE_INT = {"type": ["integer", "null"]}
YEAR = {"type": "integer", "minimum": 1949, "maximum": 2100}


def _param(name: str, description: Any, schema: dict[str, Any], where: str = "query",
           many: bool = False) -> dict[str, Any]:
    if many:
        schema = {"type": "array", "items": schema}
    out = {"name": name, "in": where, "description": description, "schema": schema,
           "required": where == "path"}
    if many:
        out.update(style="form", explode=True)
    if name == "q":
        out["allowEmptyValue"] = True  # q= is "every paragraph" (with filters)
    return out


FILTERS = [
    _param("q", _l("检索式（语法见 /help）；为空时匹配全部段落，可与筛选条件合用。"),
           {"type": "string", "maxLength": 1000}),
    _param("province", _l("省份，可重复（同一参数内为“或”）；“湖南”即“湖南省”。"), STR, many=True),
    _param("city", _l("城市，可重复。"), STR, many=True),
    _param("county", _l("区县，可重复。"), STR, many=True),
    _param("year", _l("通报年份，可重复或用逗号分隔。"), YEAR, many=True),
    _param("level", _l("层级：central、provincial、prefecture、county"
                       "（或 中央、省级、市级、县级）。"), STR, many=True),
    _param("kind", _l("类型：巡视 或 巡察。"), STR, many=True),
    _param("flag", _l("标记：回头看、专项、机动、提级。"), STR, many=True),
    _param("year_from", _l("起始年份（含）。"), YEAR),
    _param("year_to", _l("截止年份（含）。"), YEAR),
    _param("mode", _l("exact 逐字精确匹配（默认）；words 分词匹配，结果一定不少于精确匹配。"),
           {"type": "string", "enum": list(MODES)}),
    _param("reuse", _l("hide 隐藏重复表述，only 只看重复表述。"),
           {"type": "string", "enum": [m for m in REUSE_MODES if m]}),
    _param("reuse_min", _l("重复表述 = 至少见于这么多篇通报的文字（默认 3）。"),
           {"type": "integer", "minimum": 2, "maximum": 10_000}),
]
PAGING = [
    _param("page", _l("页码，从 1 开始。"), {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
]
SEARCH_OWN = [
    _param("sort", _l("排序：relevance 相关度（BM25），newest 最新，oldest 最早。"),
           {"type": "string", "enum": list(SORTS)}),
    *PAGING,
    _param("per_page", _l("每页条数。"),
           {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}),
    _param("group", _l("1：按通报分组（见 groups）。"), {"type": "string", "enum": ["0", "1"]}),
]
KWIC_OWN = [
    _param("width", _l("关键词两侧的上下文字数。"),
           {"type": "integer", "minimum": 1, "maximum": KWIC_MAX_WIDTH}),
    _param("sort", _l("position 按出现顺序，left 按左侧语境，right 按右侧语境。"),
           {"type": "string", "enum": list(KWIC_SORTS)}),
    *PAGING,
    _param("per_page", _l("每页行数。"),
           {"type": "integer", "minimum": 1, "maximum": KWIC_MAX_PER_PAGE}),
]
FIGURES_OWN = [
    _param("sort", _l("按某个指标或 id、title、issuer、province、city、county、level、kind、"
                      "year 排序。"), STR),
    _param("desc", _l("1 降序（默认），0 升序。"), {"type": "string", "enum": ["0", "1"]}),
    _param("cols", _l("只显示这些指标（逗号分隔，按此顺序）。"), STR),
]
REUSE_OWN = [_param("limit", _l("最多列出多少组。"), {"type": "integer", "minimum": 1,
                                                   "maximum": 500})]
LANG = [_param("lang", _l("界面语言（CSV 表头与值的语言）：zh 或 en。"),
               {"type": "string", "enum": ["zh", "en"]})]

PAGES = {"type": "object", "required": ["page", "per_page", "last_page", "has_next", "has_prev"],
         "properties": {"page": INT, "per_page": INT, "last_page": INT, "items": INT,
                        "has_next": {"type": "boolean"}, "has_prev": {"type": "boolean"},
                        "next": {"type": ["string", "null"], "format": "uri"},
                        "prev": {"type": ["string", "null"], "format": "uri"}}}
HIT = {"type": "object",
       "required": ["paragraph_id", "notice_id", "ordinal", "kind", "section_path", "permalink"],
       "properties": {
           "paragraph_id": STR, "notice_id": STR, "ordinal": INT,
           "kind": {"type": "string", "enum": ["heading", "body", "closing"]},
           "section_path": STRS, "snippet": STR, "title": STR, "issuer": STR, "province": STR,
           "city": STR, "county": STR, "level": STR, "notice_kind": STR, "flags": STRS,
           "year": NULLABLE_INT, "date": STR, "permalink": STR, "reuse": INT, "text": STR}}
FACET_VALUE = {"type": "object", "required": ["value", "count", "notices", "selected"],
               "properties": {"value": STR, "count": INT, "notices": INT,
                              "selected": {"type": "boolean"}}}
NOTICE = {"type": "object", "required": ["id", "title", "issuer"],
          "properties": {"id": STR, "title": STR, "issuer": STR, "province": STR, "city": STR,
                         "county": STR, "level": STR, "kind": STR, "flags": STRS,
                         "year": NULLABLE_INT, "published_date": STR, "url": STR}}
TOTAL = {"type": "object", "required": ["paragraphs", "notices"],
         "properties": {"paragraphs": INT, "notices": INT}}
BAR = {"type": "object", "properties": {"value": STR, "paragraphs": INT, "notices": INT,
                                        "notices_in_index": INT, "share": {"type": "number"}}}
ERROR = {"type": "object", "required": ["error", "message", "message_en"],
         "description": _l("position：检索式中出错处的位置（按输入的字符计，从 0 起）。"
                           "fix：错误只有一种明显改法时（如年份范围颠倒），改正所需的参数；"
                           "fix_url：改正后的同一请求。"),
         "properties": {"error": STR, "message": STR, "message_en": STR,
                        "position": NULLABLE_INT, "fix": {"type": "object"},
                        "fix_url": {"type": "string", "format": "uri"}}}
HINT = {"type": "object", "required": ["kind", "suggestions"],
        "description": _l("检索提示：按输入原样检索的结果之外，提示可能的笔误并给出改法，"
                          "但不自动修改。kind 为 lowercase_operator（小写的 or、and、not "
                          "按普通文字检索；words 为这些词）或 unmatched_filter（索引中没有通报"
                          "具有该筛选值；field、value 为该条件，source 为 filter（网址参数）"
                          "或 q（检索式中的字段））。每条建议：changes 为要设置的参数，"
                          "paragraphs 为改后的命中段数，url 为改后的同一请求；field、value "
                          "为建议的筛选值。"),
        "properties": {
            "kind": {"type": "string", "enum": ["lowercase_operator", "unmatched_filter"]},
            "words": STRS, "field": STR, "value": STR,
            "source": {"type": "string", "enum": ["filter", "q"]},
            "suggestions": {"type": "array", "items": {
                "type": "object", "required": ["changes", "paragraphs", "url"],
                "properties": {"field": STR, "value": STR, "changes": {"type": "object"},
                               "paragraphs": INT,
                               "url": {"type": "string", "format": "uri"}}}}}}
SCHEMAS: dict[str, Any] = {
    "Error": ERROR,
    "Hint": HINT,
    "Hit": HIT,
    "Pages": PAGES,
    "Notice": NOTICE,
    "SearchResult": {
        "type": "object",
        "required": ["query", "total", "hints", "facets", "hits", "groups", "pages", "index"],
        "properties": {
            "query": {"type": "object"}, "total": TOTAL,
            "hints": {"type": "array", "items": {"$ref": "#/components/schemas/Hint"}},
            "facets": {"type": "object", "additionalProperties": {"type": "array",
                                                                  "items": FACET_VALUE}},
            "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
            "groups": {"type": "array", "items": {"type": "object", "properties": {
                "notice": {"$ref": "#/components/schemas/Notice"}, "count": INT,
                "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}}}}},
            "pages": {"$ref": "#/components/schemas/Pages"},
            "index": {"type": "object", "properties": {"generation": STR, "notices": INT,
                                                       "paragraphs": INT}},
            "took_ms": {"type": "number"}}},
    "NoticeView": {
        "type": "object", "required": ["notice", "paragraphs", "toc", "terms"],
        "properties": {
            "notice": {"$ref": "#/components/schemas/Notice"},
            "paragraphs": {"type": "array", "items": {"type": "object", "required": [
                "id", "ordinal", "kind", "text"], "properties": {
                "id": STR, "ordinal": INT, "kind": STR, "level": INT, "section_path": STRS,
                "text": STR, "html": STR, "hits": {"type": "boolean"}, "reuse": INT}}},
            "toc": {"type": "array"}, "terms": STRS}},
    "Paragraph": {"allOf": [{"$ref": "#/components/schemas/Hit"}, {
        "type": "object", "required": ["notice", "text"],
        "properties": {"notice": {"$ref": "#/components/schemas/Notice"}}}]},
    "Stats": {"type": "object",
              "required": ["generation", "notices", "paragraphs", "fields", "rejected"],
              "properties": {
                  "generation": STR, "built": STR, "notices": INT, "paragraphs": INT,
                  "fields": {"type": "array", "items": {
                      "type": "object", "required": ["field", "count", "share", "missing"],
                      "properties": {"field": STR, "count": INT, "share": {"type": "number"},
                                     "missing": STRS}}},
                  "evidence": {"type": "object"}, "overridden": {"type": "object"},
                  "rejected": {"type": "array"}, "duplicates": {"type": "array"}}},
    "Distribution": {"type": "object", "required": ["query", "total", "years", "provinces"],
                     "properties": {"query": {"type": "object"}, "total": TOTAL,
                                    "years": {"type": "array", "items": BAR},
                                    "provinces": {"type": "array", "items": BAR}}},
    "Kwic": {"type": "object", "required": ["term", "width", "sort", "total", "lines", "pages"],
             "properties": {
                 "term": STR, "width": INT, "sort": STR,
                 "total": {"type": "object", "properties": {"lines": INT}},
                 "lines": {"type": "array", "items": {"type": "object", "required": [
                     "left", "keyword", "right", "paragraph_id"], "properties": {
                     "left": STR, "keyword": STR, "right": STR, "position": INT,
                     "paragraph_id": STR, "notice_id": STR, "permalink": STR}}},
                 "pages": {"$ref": "#/components/schemas/Pages"}}},
    "Figures": {"type": "object", "required": ["rows", "labels", "total"],
                "properties": {"rows": {"type": "array", "items": {"type": "object",
                                                                   "required": ["id"]}},
                               "labels": {"type": "array"}, "columns": {"type": "array"},
                               "totals": {"type": "object"}, "total": {"type": "object"}}},
    "Reuse": {"type": "object", "required": ["clusters", "total"],
              "properties": {"clusters": {"type": "array", "items": {"type": "object",
                  "properties": {"cluster": INT, "notices": INT, "paragraphs": INT, "text": STR,
                                 "paragraph_id": STR, "permalink": STR}}},
                  "total": {"type": "object", "properties": {"clusters": INT,
                                                             "paragraphs": INT}}}},
}


def _json(schema: str, description: Any) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema}"}}}}


def _errors(*codes: int) -> dict[str, Any]:
    texts = {400: _l("检索式或参数有误：message 说明如何修改。"), 404: _l("没有这个编号。"),
             503: _l("索引尚未建立或正在重建。")}
    return {str(c): _json("Error", texts[c]) for c in codes}


def _get(summary: Any, params: list[dict[str, Any]], ok: dict[str, Any],
         *errors: int) -> dict[str, Any]:
    return {"get": {"summary": summary, "parameters": params,
                    "responses": {"200": ok, **_errors(*errors, 503)}}}


def _download(description: Any, *media: str) -> dict[str, Any]:
    return {"description": description, "content": {m: {} for m in media}}


def _paths() -> dict[str, Any]:
    notice_id = _param("notice_id", _l("通报编号。"), STR, where="path")
    paragraph_id = _param("paragraph_id", _l("段落编号。"), STR, where="path")
    cite_format = _param("format", _l("引用格式：bib（BibTeX）、ris、csl.json 或 txt"
                                      "（GB/T 7714）。"),
                         {"type": "string", "enum": list(FORMATS)}, where="path")
    csv = "text/csv"
    return {
        "/api/search": _get(_l("检索：精确总数、分面计数、一页命中段落"), FILTERS + SEARCH_OWN,
                            _json("SearchResult", _l("与检索页相同的数据。")), 400),
        "/api/notice/{notice_id}": _get(
            _l("一篇通报：元数据、全部段落（带段落序号）、目录"),
            [notice_id, _param("q", _l("要标出的检索式。"), STR),
             _param("mode", _l("匹配方式。"), {"type": "string", "enum": list(MODES)})],
            _json("NoticeView", _l("通报阅读页的数据。")), 400, 404),
        "/api/paragraph/{paragraph_id}": _get(
            _l("一个段落及其所属通报"), [paragraph_id],
            _json("Paragraph", _l("段落、位置与通报元数据。")), 404),
        "/api/stats": _get(
            _l("数据覆盖情况：索引规模，各元数据字段的覆盖率，上次建索引时被拒绝的文件"), [],
            _json("Stats", _l("覆盖情况。"))),
        "/api/distribution": _get(_l("命中在各年份、各省份的分布（计数与占比）"), FILTERS,
                                  _json("Distribution", _l("分布数据。")), 400),
        "/api/kwic": _get(_l("KWIC：第一个检索词的每一处出现"), FILTERS + KWIC_OWN,
                          _json("Kwic", _l("关键词语境行。")), 400),
        "/api/figures": _get(_l("命中通报的整改数据，每篇一行"), FILTERS + FIGURES_OWN,
                             _json("Figures", _l("整改数据表。")), 400),
        "/api/reuse": _get(_l("命中结果中重复最多的段落"), FILTERS + REUSE_OWN,
                           _json("Reuse", _l("重复表述。")), 400),
        "/export.csv": _get(_l("导出全部命中段落（CSV，UTF-8 BOM，不设上限）"), FILTERS + LANG,
                            _download(_l("每个命中段落一行。"), csv), 400),
        "/export.jsonl": _get(_l("导出全部命中段落（JSON Lines，不设上限）"), FILTERS,
                              _download(_l("每行一个命中段落（含全文）。"),
                                        "application/x-ndjson"), 400),
        "/distribution.csv": _get(_l("分布数据（CSV）"), FILTERS + LANG,
                                  _download(_l("每个年份、省份一行。"), csv), 400),
        "/kwic.csv": _get(_l("全部 KWIC 行（CSV）"), FILTERS + KWIC_OWN[:2] + LANG,
                          _download(_l("每处出现一行。"), csv), 400),
        "/figures.csv": _get(_l("整改数据（CSV）"), FILTERS + FIGURES_OWN + LANG,
                             _download(_l("每篇通报一行，每个指标一列。"), csv), 400),
        "/figures-mentions.csv": _get(
            _l("整改数字逐处列出（CSV）：每处一行，含原句、链接、是否采用及依据"),
            FILTERS + FIGURES_OWN + LANG, _download(_l("每处数字一行。"), csv), 400),
        "/notice/{notice_id}/cite.{format}": _get(
            _l("通报的引用（BibTeX、RIS、CSL-JSON、GB/T 7714）"), [notice_id, cite_format],
            _download(_l("引用文件。"), *FORMATS.values()), 404),
        "/p/{paragraph_id}/cite.{format}": _get(
            _l("段落的引用（含章节与段落序号）"), [paragraph_id, cite_format],
            _download(_l("引用文件。"), *FORMATS.values()), 404),
    }


def _resolve(value: Any) -> Any:
    """Lazy messages become text in the request's language."""
    if isinstance(value, LazyString):
        return str(value)
    if isinstance(value, dict):
        return {k: _resolve(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v) for v in value]
    return value


def openapi_document(server: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the read-only API, served from ``server``."""
    return _resolve({
        "openapi": "3.1.0",
        "info": {"title": _l("巡视整改通报检索"), "version": "1",
                 "description": _l("只读 API：与网页相同的数据，GET 请求，无需密钥，UTF-8 JSON，"
                                   "允许跨域（Access-Control-Allow-Origin: *）。出错时返回 "
                                   "error、message（中文）和 message_en（英文）。"),
                 "x-figure-labels": dict(FIGURE_LABELS)},
        "servers": [{"url": server}],
        "paths": _paths(),
        "components": {"schemas": SCHEMAS},
    })
