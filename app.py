"""The research web app: Flask wiring only (no search logic lives here).

Every view builds ONE dict with the engine (:mod:`search.engine`) and renders it
either as HTML (Jinja templates in ``templates/``) or as JSON — Datasette's "one
data dict, two renderings". The HTML twin of every JSON endpoint links to it.

Routes
    /                       search page (``?q=`` plus facets, sort, mode, group, page)
    /notice/<id>            notice reader (``?q=`` marks terms, ``?p=<pid>`` marks a paragraph)
    /p/<pid>                paragraph permalink → 302 to the notice reader
    /help, /help/api        query syntax and glossary; the API reference (docs/api.md)
    /api/search             JSON twin of the search page (also /search.json)
    /api/notice/<id>        JSON notice (also /notice/<id>.json)
    /api/paragraph/<pid>    JSON paragraph (also /p/<pid>.json)
    /export.csv, .jsonl     every hit of a search, streamed
    /distribution           hits per year and province (charts + table); /api/distribution,
                            /distribution.csv
    /kwic                   KWIC concordance of the first term; /api/kwic, /kwic.csv
    /figures                rectification figures across notices; /api/figures, /figures.csv
    /reuse                  the most reused paragraphs among the hits; /api/reuse

Run with ``make run`` (waitress, ``--call app:create_app``); the index folder is
``$XUNSHI_INDEX`` (default ``var/index``).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes, urlencode

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    g,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from werkzeug.exceptions import BadRequest, HTTPException, NotFound

from analysis.vocab import FIGURE_LABELS, notice_date
from search.distribution import distribution
from search.engine import (
    MAX_PAGE,
    MAX_PER_PAGE,
    MODES,
    REUSE_MODES,
    SORTS,
    ParamError,
    SearchParams,
    iter_hits,
    notice_view,
    paragraph_view,
    parse_int,
    reuse_view,
    search,
)
from search.facets import FACETS
from search.figures import META_COLUMNS as FIGURE_META_COLUMNS
from search.figures import figures_rows, figures_table
from search.kwic import MAX_WIDTH as KWIC_MAX_WIDTH
from search.kwic import SORTS as KWIC_SORTS
from search.kwic import kwic
from search.kwic import lines as kwic_lines
from search.query import Or, QueryError, parse_query
from search.store import Corpus, IndexMissing, Store

log = logging.getLogger("xunshi.app")

DEFAULT_INDEX = "var/index"
DEFAULT_PER_PAGE = 20
DEFAULT_REUSE_MIN = 3
LANGS = ("zh", "en")
LANG_COOKIE = "lang"

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

EXPORT_COLUMNS = ("paragraph_id", "notice_id", "title", "issuer", "province", "city", "county",
                  "level", "kind", "flags", "year", "date", "section_path", "text", "permalink")

# Order of the notice metadata panel (every field the indexer records).
NOTICE_FIELDS = ("title", "issuer", "province", "city", "county", "region_code", "former_region",
                 "level", "kind", "flags", "inspector", "round", "inspection_start",
                 "inspection_end", "feedback_date", "published_date", "posted_date", "year",
                 "year_basis", "source", "url", "source_file", "id")

EXAMPLES = ("八项规定", "形式主义 官僚主义", "\"四风\" OR 作风", "整改 NOT 回头看",
            "province:湖南 问责", "year:2019-2021 选人用人", "section:(一) 党的领导",
            "巡視整改")

# ---------------------------------------------------------------- labels (zh first)

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "site_title": "巡视整改通报检索",
        "site_sub": "巡视巡察整改情况通报全文检索",
        "nav_search": "检索",
        "nav_help": "检索语法",
        "nav_api": "API",
        "lang_other": "English",
        "q_label": "检索词",
        "q_placeholder": "输入检索词，如：八项规定 整改",
        "search_btn": "检索",
        "mode": "匹配方式",
        "mode_exact": "精确",
        "mode_exact_hint": "逐字匹配（默认）",
        "mode_words": "分词（更宽）",
        "mode_words_hint": "分词匹配：各词都出现即可，不要求相连，结果更多",
        "mode_words_on": "当前为分词匹配（比精确匹配更宽）",
        "sort": "排序",
        "sort_relevance": "相关度",
        "sort_newest": "最新",
        "sort_oldest": "最早",
        "group": "按通报分组",
        "group_on": "按通报分组：开",
        "group_off": "按通报分组：关",
        "per_page": "每页",
        "totals": "{p} 段 / {n} 篇通报",
        "took": "用时 {ms} 毫秒",
        "filters": "筛选",
        "facet_province": "省份",
        "facet_city": "城市",
        "facet_county": "区县",
        "facet_year": "年份",
        "facet_level": "层级",
        "facet_kind": "类型",
        "facet_flag": "标记",
        "count_fmt": "{p} 段 · {n} 篇",
        "count_title": "{p} 段，{n} 篇通报",
        "show_all": "显示全部 {n} 项",
        "year_range": "年份范围",
        "year_from": "起",
        "year_to": "止",
        "apply": "应用",
        "chips": "已选条件",
        "remove": "移除",
        "clear_all": "清除全部条件",
        "within": "在结果中检索",
        "within_placeholder": "追加检索词",
        "within_btn": "在结果中检索",
        "json": "JSON",
        "export_csv": "导出 CSV",
        "export_jsonl": "导出 JSONL",
        "no_hits": "没有找到匹配的段落。",
        "no_hits_tip": "可以试试分词模式、减少筛选条件，或查看检索语法说明。",
        "empty_title": "检索巡视巡察整改情况通报",
        "empty_intro": "默认逐字精确匹配：输入的词必须原样出现在同一段落中。"
                       "繁体、全角输入同样能检索到简体正文。",
        "corpus_size": "当前索引：{n} 篇通报，{p} 个段落。",
        "examples": "示例检索",
        "syntax_help": "检索语法说明",
        "first": "首页",
        "prev": "上一页",
        "next": "下一页",
        "last": "末页",
        "page_of": "第 {p} / {n} 页",
        "pagination": "分页",
        "permalink": "段落链接",
        "open_notice": "阅读全文",
        "group_all": "查看本通报全部 {n} 段命中",
        "group_count": "{n} 段命中",
        "untitled": "（无标题）",
        "issuer": "发布机关",
        "region": "地区",
        "date": "日期",
        "section": "章节",
        "results": "检索结果",
        "toc": "目录",
        "metadata": "通报信息",
        "cite": "引用",
        "cite_title": "复制引用（发布机关、标题、日期、章节、链接）",
        "cite_notice": "引用本通报",
        "copied": "已复制引用",
        "copy_manual": "无法自动复制，请手动复制：",
        "hit_paras": "本通报中有 {n} 段含检索词",
        "bad_q_in_notice": "检索词无法解析，未做标记：",
        "back_to_results": "返回检索结果",
        "search_again": "重新检索",
        "err_400": "查询有误",
        "err_400_tip": "请修改后重试，或查看检索语法说明。",
        "err_404": "未找到",
        "err_404_text": "找不到该页面、通报或段落。可以重新检索：",
        "err_405": "不支持该请求方法",
        "err_405_text": "本站只接受 GET 请求。",
        "err_500": "服务器错误",
        "err_500_text": "出现了意外错误，已记录在服务器日志中。请稍后重试。",
        "err_503": "索引尚未建立",
        "err_503_text": "还没有可用的检索索引。"
                        "请在项目目录运行 make build（或 make run）建立索引。",
        "err_503_broken": "检索索引无法读取（可能不完整或正在重建）。"
                          "请稍后重试；如仍不行，请运行 make build 重建索引。",
        "help_title": "检索语法与帮助",
        "api_title": "API 文档",
        "footer": "数据：公开发布的巡视、巡察整改情况通报。检索结果以原文为准。",
        "json_twin": "本页 JSON",
        "para": "第 {n} 段",
        "level_central": "中央",
        "level_provincial": "省级",
        "level_prefecture": "市级",
        "level_county": "县级",
        "basis_published": "依发布日期",
        "basis_feedback": "依反馈日期",
        "basis_inspection": "依巡视（巡察）时间",
        "f_title": "标题",
        "f_issuer": "发布机关",
        "f_province": "省份",
        "f_city": "城市",
        "f_county": "区县",
        "f_region_code": "区划代码",
        "f_former_region": "原行政区",
        "f_level": "层级",
        "f_kind": "类型",
        "f_flags": "标记",
        "f_inspector": "巡视（巡察）组",
        "f_round": "轮次",
        "f_inspection_start": "巡视开始",
        "f_inspection_end": "巡视结束",
        "f_feedback_date": "反馈日期",
        "f_published_date": "发布日期",
        "f_posted_date": "网页发布日期",
        "f_year": "年份",
        "f_year_basis": "年份依据",
        "f_source": "来源",
        "f_url": "原文网址",
        "f_source_file": "源文件",
        "f_id": "通报编号",
        # research views
        "research_nav": "研究视图",
        "nav_results": "检索结果",
        "nav_distribution": "分布",
        "nav_kwic": "KWIC",
        "nav_figures": "数据",
        "nav_reuse": "套话",
        "nav_distribution_hint": "命中在各年份、各省份的分布（计数与占比）",
        "nav_kwic_hint": "关键词语境（KWIC）：每一处出现，按关键词对齐",
        "nav_figures_hint": "各通报报告的整改数字（立案、处分、挽回损失等）",
        "nav_reuse_hint": "多篇通报重复使用的段落（套话）",
        "permalink_page": "本页链接",
        "download_csv": "下载 CSV",
        "filters_from_search": "筛选条件与检索页相同；要修改筛选，请回到检索页。",
        "show": "显示",
        "charts": "命中分布",
        "chart_years": "按年份",
        "chart_provinces": "按省份",
        "metric_paragraphs": "段数",
        "metric_notices": "篇数",
        "metric_share": "占比",
        "bar_title_year": "{v} 年：{p} 段，{n} 篇通报；占该年索引中 {all} 篇通报的 {share}。"
                          "点击按该年份筛选",
        "bar_title_province": "{v}：{p} 段，{n} 篇通报；占该省索引中 {all} 篇通报的 {share}。"
                              "点击按该省份筛选",
        "chart_click": "点击条形即按该年份或省份筛选检索结果。",
        "share_note": "占比 = 含命中的通报数 ÷ 索引中该年份（省份）的全部通报数。",
        "no_map": "省份分布以条形图显示：本站未附带地图数据，因此不绘制分省地图（choropleth）。",
        "chart_more": "分布详情与数据表",
        "dist_title": "命中分布",
        "dist_table": "数据表",
        "col_year": "年份",
        "col_province": "省份",
        "col_paragraphs": "命中段数",
        "col_notices": "命中通报数",
        "col_notices_in_index": "索引中通报数",
        "col_share": "占比",
        "dist_none": "没有命中，无法绘制分布。",
        "kwic_title": "KWIC 关键词语境",
        "kwic_intro": "检索式中第一个检索词的每一处出现（不是每一段）各占一行，"
                      "左右显示上下文，按关键词对齐。行数等于该词在命中段落中逐字出现的次数。",
        "kwic_term": "关键词",
        "kwic_total": "共 {n} 处",
        "kwic_total_note": "（逐字出现次数）",
        "kwic_width": "上下文宽度（字）",
        "kwic_sort": "排序",
        "kwic_sort_position": "按出现顺序",
        "kwic_sort_left": "按左侧语境",
        "kwic_sort_right": "按右侧语境",
        "kwic_left": "左侧语境",
        "kwic_right": "右侧语境",
        "kwic_source": "出处",
        "kwic_line_title": "打开该段落",
        "kwic_none": "命中段落中没有该词的出现。",
        "kwic_term_note": "只取第一个检索词：",
        "figures_panel": "整改数据",
        "figures_panel_note": "以下数字逐条读自通报原文，点击可跳到所在段落。",
        "figure_exact": "精确值：{v} 元",
        "figures_title": "整改数据对比",
        "figures_intro": "当前检索结果所涉及的每篇通报一行，每个指标一列（数字读自原文）；"
                         "点击列标题排序，再点一次反向。",
        "figures_total": "{n} 篇通报，其中 {k} 篇读出了整改数字",
        "col_notice": "通报",
        "col_region": "地区",
        "sort_desc": "降序",
        "sort_asc": "升序",
        "sorted_by": "当前排序",
        "figures_none": "这些通报中没有读出整改数字。",
        "money_note": "金额以万元显示（不足 1 万元的以元显示），鼠标悬停可见精确到元的数值。",
        "reuse_badge": "另见于 {n} 篇其他通报",
        "reuse_badge_short": "另见 {n} 篇",
        "reuse_control": "套话",
        "reuse_all": "全部段落",
        "reuse_hide": "隐藏套话",
        "reuse_only": "只看套话",
        "reuse_min": "至少见于",
        "reuse_min_unit": "篇通报",
        "reuse_chip_hide": "隐藏套话（见于 ≥{n} 篇）",
        "reuse_chip_only": "只看套话（见于 ≥{n} 篇）",
        "reuse_title": "套话与重复文本",
        "reuse_intro": "当前检索结果中，被多篇通报（近乎）逐字重复使用的段落，按涉及通报数排序。"
                       "每组给出一个示例段落及其在各省份、各年份的分布。",
        "reuse_total": "{c} 组重复文本，涉及 {p} 个命中段落",
        "reuse_notices": "{n} 篇通报",
        "reuse_paragraphs": "{n} 段",
        "reuse_provinces": "省份",
        "reuse_years": "年份",
        "reuse_none": "当前结果中没有与其他通报重复的段落。",
        "reuse_open": "打开示例段落",
        "reuse_limit": "显示前 {n} 组",
        "reuse_links_cut": "（仅列出前 {n} 篇）",
        "collapse": "收起",
        "nav_results_hint": "命中的段落",
    },
    "en": {
        "site_title": "Inspection Rectification Notice Search",
        "site_sub": "Full-text search of 巡视/巡察 rectification notices",
        "nav_search": "Search",
        "nav_help": "Query syntax",
        "nav_api": "API",
        "lang_other": "中文",
        "q_label": "Query",
        "q_placeholder": "Search terms, e.g. 八项规定 整改",
        "search_btn": "Search",
        "mode": "Matching",
        "mode_exact": "Exact",
        "mode_exact_hint": "literal match (default)",
        "mode_words": "Words (broader)",
        "mode_words_hint": "word matching: every word must occur, not necessarily adjacent; "
                           "finds more",
        "mode_words_on": "Word matching is on (broader than exact matching)",
        "sort": "Sort",
        "sort_relevance": "Relevance",
        "sort_newest": "Newest",
        "sort_oldest": "Oldest",
        "group": "Group by notice",
        "group_on": "Group by notice: on",
        "group_off": "Group by notice: off",
        "per_page": "Per page",
        "totals": "{p} paragraphs / {n} notices",
        "took": "{ms} ms",
        "filters": "Filters",
        "facet_province": "Province",
        "facet_city": "City",
        "facet_county": "County",
        "facet_year": "Year",
        "facet_level": "Level",
        "facet_kind": "Type",
        "facet_flag": "Flag",
        "count_fmt": "{p} ¶ · {n} notices",
        "count_fmt_1": "{p} ¶ · 1 notice",
        "totals_1": "{p} paragraphs / 1 notice",
        "group_count_1": "1 matching paragraph",
        "group_all_1": "The matching paragraph in this notice",
        "hit_paras_1": "1 paragraph of this notice contains the terms",
        "corpus_size_1": "Index: 1 notice, {p} paragraphs.",
        "count_title": "{p} paragraphs in {n} notices",
        "show_all": "Show all {n}",
        "year_range": "Year range",
        "year_from": "From",
        "year_to": "To",
        "apply": "Apply",
        "chips": "Active filters",
        "remove": "Remove",
        "clear_all": "Clear all filters",
        "within": "Search within results",
        "within_placeholder": "Add a term",
        "within_btn": "Search within",
        "json": "JSON",
        "export_csv": "Export CSV",
        "export_jsonl": "Export JSONL",
        "no_hits": "No matching paragraphs.",
        "no_hits_tip": "Try word matching, fewer filters, or read the query syntax.",
        "empty_title": "Search inspection rectification notices",
        "empty_intro": "Matching is exact by default: the terms must occur literally in one "
                       "paragraph. Traditional and full-width input finds simplified text.",
        "corpus_size": "Index: {n} notices, {p} paragraphs.",
        "examples": "Example queries",
        "syntax_help": "Query syntax",
        "first": "First",
        "prev": "Previous",
        "next": "Next",
        "last": "Last",
        "page_of": "Page {p} of {n}",
        "pagination": "Pages",
        "permalink": "Permalink",
        "open_notice": "Read notice",
        "group_all": "All {n} matching paragraphs in this notice",
        "group_count": "{n} matching paragraphs",
        "untitled": "(untitled)",
        "issuer": "Issuer",
        "region": "Region",
        "date": "Date",
        "section": "Section",
        "results": "Results",
        "toc": "Contents",
        "metadata": "Notice details",
        "cite": "Cite",
        "cite_title": "Copy a citation (issuer, title, date, section, link)",
        "cite_notice": "Cite this notice",
        "copied": "Citation copied",
        "copy_manual": "Could not copy automatically; copy it from here:",
        "hit_paras": "{n} paragraphs of this notice contain the terms",
        "bad_q_in_notice": "The query could not be parsed, nothing is marked:",
        "back_to_results": "Back to results",
        "search_again": "Search again",
        "err_400": "Problem with the query",
        "err_400_tip": "Correct it and try again, or read the query syntax.",
        "err_404": "Not found",
        "err_404_text": "No such page, notice or paragraph. Search again:",
        "err_405": "Method not allowed",
        "err_405_text": "This site only accepts GET requests.",
        "err_500": "Server error",
        "err_500_text": "An unexpected error occurred and was logged. Please try again later.",
        "err_503": "Index not built",
        "err_503_text": "There is no search index yet. Run make build (or make run) in the "
                        "project folder to build it.",
        "err_503_broken": "The search index cannot be read (incomplete or being rebuilt). "
                          "Try again shortly; if it persists, run make build.",
        "help_title": "Query syntax & help",
        "api_title": "API reference",
        "footer": "Data: published inspection rectification notices. The original text "
                  "is authoritative.",
        "json_twin": "This page as JSON",
        "para": "¶ {n}",
        "level_central": "Central",
        "level_provincial": "Provincial",
        "level_prefecture": "Prefecture",
        "level_county": "County",
        "basis_published": "from the publication date",
        "basis_feedback": "from the feedback date",
        "basis_inspection": "from the inspection dates",
        "f_title": "Title",
        "f_issuer": "Issuer",
        "f_province": "Province",
        "f_city": "City",
        "f_county": "County",
        "f_region_code": "Region code",
        "f_former_region": "Former region",
        "f_level": "Level",
        "f_kind": "Type",
        "f_flags": "Flags",
        "f_inspector": "Inspection team",
        "f_round": "Round",
        "f_inspection_start": "Inspection start",
        "f_inspection_end": "Inspection end",
        "f_feedback_date": "Feedback date",
        "f_published_date": "Published",
        "f_posted_date": "Posted online",
        "f_year": "Year",
        "f_year_basis": "Year basis",
        "f_source": "Source",
        "f_url": "Original URL",
        "f_source_file": "Source file",
        "f_id": "Notice id",
        # research views
        "research_nav": "Research views",
        "nav_results": "Results",
        "nav_distribution": "Distribution",
        "nav_kwic": "KWIC",
        "nav_figures": "Figures",
        "nav_reuse": "Reuse",
        "nav_distribution_hint": "Hits per year and province (counts and shares)",
        "nav_kwic_hint": "Keyword in context: every occurrence, aligned on the keyword",
        "nav_figures_hint": "Figures the notices report (cases, sanctions, money recovered …)",
        "nav_reuse_hint": "Paragraphs reused across notices (boilerplate)",
        "permalink_page": "Link to this page",
        "download_csv": "Download CSV",
        "filters_from_search": "The filters are those of the search page; go back to it to "
                               "change them.",
        "show": "Show",
        "charts": "Where the hits fall",
        "chart_years": "By year",
        "chart_provinces": "By province",
        "metric_paragraphs": "Paragraphs",
        "metric_notices": "Notices",
        "metric_share": "Share",
        "bar_title_year": "{v}: {p} paragraphs in {n} notices; {share} of the {all} notices "
                          "of that year in the index. Click to filter by this year",
        "bar_title_province": "{v}: {p} paragraphs in {n} notices; {share} of the {all} notices "
                              "of that province in the index. Click to filter by this province",
        "chart_click": "Click a bar to filter the results by that year or province.",
        "share_note": "Share = notices with hits ÷ all notices of that year (province) in "
                      "the index.",
        "no_map": "Provinces are shown as a bar chart: no map data is bundled, so there is no "
                  "choropleth map.",
        "chart_more": "Full distribution and table",
        "dist_title": "Distribution of hits",
        "dist_table": "Table",
        "col_year": "Year",
        "col_province": "Province",
        "col_paragraphs": "Paragraphs with hits",
        "col_notices": "Notices with hits",
        "col_notices_in_index": "Notices in index",
        "col_share": "Share",
        "dist_none": "No hits, nothing to chart.",
        "kwic_title": "KWIC concordance",
        "kwic_intro": "One line per occurrence (not per paragraph) of the query's first term, "
                      "with its left and right context, aligned on the keyword. The number of "
                      "lines is the number of literal occurrences in the matching paragraphs.",
        "kwic_term": "Keyword",
        "kwic_total": "{n} occurrences",
        "kwic_total_1": "1 occurrence",
        "kwic_total_note": "(literal count)",
        "kwic_width": "Context width (characters)",
        "kwic_sort": "Sort",
        "kwic_sort_position": "By position",
        "kwic_sort_left": "By left context",
        "kwic_sort_right": "By right context",
        "kwic_left": "Left context",
        "kwic_right": "Right context",
        "kwic_source": "Source",
        "kwic_line_title": "Open the paragraph",
        "kwic_none": "The term does not occur in the matching paragraphs.",
        "kwic_term_note": "Only the first term is used:",
        "figures_panel": "Rectification figures",
        "figures_panel_note": "Each number is read from the notice text; click to jump to its "
                              "paragraph.",
        "figure_exact": "exactly {v} yuan",
        "figures_title": "Rectification figures across notices",
        "figures_intro": "One row per notice among the current hits, one column per figure (read "
                         "from the text). Click a column header to sort; click again to reverse.",
        "figures_total": "{n} notices, {k} of them report figures",
        "col_notice": "Notice",
        "col_region": "Region",
        "sort_desc": "descending",
        "sort_asc": "ascending",
        "sorted_by": "Sorted by",
        "figures_none": "No figures were read from these notices.",
        "money_note": "Money is shown in 万元 (10,000 yuan; amounts under 10,000 in yuan); "
                      "hover for the exact amount in yuan.",
        "reuse_badge": "also in {n} other notices",
        "reuse_badge_1": "also in 1 other notice",
        "reuse_badge_short": "+{n} notices",
        "reuse_badge_short_1": "+1 notice",
        "reuse_control": "Boilerplate",
        "reuse_all": "All paragraphs",
        "reuse_hide": "Hide boilerplate",
        "reuse_only": "Only boilerplate",
        "reuse_min": "in at least",
        "reuse_min_unit": "notices",
        "reuse_chip_hide": "Hide boilerplate (in ≥{n} notices)",
        "reuse_chip_only": "Only boilerplate (in ≥{n} notices)",
        "reuse_title": "Reused text",
        "reuse_intro": "Paragraphs among the current hits that other notices repeat (nearly) "
                       "word for word, most widely reused first, each with one example and its "
                       "spread over provinces and years.",
        "reuse_total": "{c} reused texts among {p} matching paragraphs",
        "reuse_notices": "{n} notices",
        "reuse_notices_1": "1 notice",
        "reuse_paragraphs": "{n} paragraphs",
        "reuse_paragraphs_1": "1 paragraph",
        "reuse_provinces": "Provinces",
        "reuse_years": "Years",
        "reuse_none": "No paragraph among the current hits is repeated in another notice.",
        "reuse_open": "Open the example paragraph",
        "reuse_limit": "Showing the top {n}",
        "reuse_links_cut": "(only the first {n} are listed)",
        "collapse": "Collapse",
        "nav_results_hint": "The matching paragraphs",
        "fig_problems_fed_back": "Problems fed back",
        "fig_problems_rectified": "Problems rectified",
        "fig_measures": "Rectification measures",
        "fig_cases_opened": "Cases opened",
        "fig_cases_closed": "Cases closed",
        "fig_discipline": "Disciplinary sanctions",
        "fig_party_discipline": "Party sanctions",
        "fig_government_discipline": "Government sanctions",
        "fig_organizational_handling": "Organizational handling",
        "fig_admonishment": "Admonishments",
        "fig_talks": "Reminder talks",
        "fig_accountability": "Held accountable",
        "fig_money_recovered": "Money recovered",
        "fig_rules_made": "Rules made or improved",
        "fig_leads_received": "Leads on problems",
        "fig_leads_closed": "Leads closed",
        "fig_petitions": "Petitions",
        "fig_petitions_closed": "Petitions closed",
    },
}


def current_lang() -> str:
    return getattr(g, "lang", "zh")


def t(key: str, **kw: Any) -> str:
    """The label ``key`` in the request's language (falls back to Chinese, then the key).

    ``key_1`` is the singular form used when ``n == 1`` (English only needs it)."""
    labels = LABELS[current_lang()]
    if kw.get("n") == 1 and f"{key}_1" in labels:
        key = f"{key}_1"
    text = labels.get(key) or LABELS["zh"].get(key) or key
    return text.format(**kw) if kw else text


def value_label(name: str, value: Any) -> str:
    """Display form of a facet / metadata value (levels and year bases are codes)."""
    if value in (None, ""):
        return ""
    if name == "level":
        return t(f"level_{value}") if f"level_{value}" in LABELS["zh"] else str(value)
    if name == "year_basis":
        return t(f"basis_{value}") if f"basis_{value}" in LABELS["zh"] else str(value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def region_of(m: Mapping[str, Any]) -> list[str]:
    return [m[k] for k in ("province", "city", "county") if m.get(k)]


def safe_url(url: Any) -> str | None:
    """Only http(s) links from data become hrefs (no javascript: or data: URLs)."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return None


def split_facet(items: list[dict], shown: int = 8) -> tuple[list[dict], list[dict]]:
    """The first ``shown`` values plus any selected ones; the rest go behind "show all"."""
    top = [it for i, it in enumerate(items) if i < shown or it["selected"]]
    rest = [it for i, it in enumerate(items) if not (i < shown or it["selected"])]
    return top, rest


# ---------------------------------------------------------------- search state ↔ URL

LIST_KEYS = tuple(FACETS)  # province city county year level kind flag


def state_from_query(query: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical state of a search (the engine's echoed ``query``) for URL building."""
    state: dict[str, Any] = {"q": query.get("q") or ""}
    for key in LIST_KEYS:
        state[key] = [str(v) for v in query.get(key) or []]
    for key in ("year_from", "year_to"):
        state[key] = query.get(key)
    state["sort"] = query.get("sort") or "relevance"
    state["mode"] = query.get("mode") or "exact"
    state["reuse"] = query.get("reuse") or ""
    state["reuse_min"] = query.get("reuse_min") or DEFAULT_REUSE_MIN
    state["group"] = bool(query.get("group"))
    state["per_page"] = query.get("per_page") or DEFAULT_PER_PAGE
    state["page"] = query.get("page") or 1
    return state


def _valid_int(value: Any, lo: int, hi: int) -> int | None:
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return n if lo <= n <= hi else None


def state_from_args(args: Any) -> dict[str, Any]:
    """The state of a request whose parameters failed validation, for the 400 page's form.

    The query text is kept as typed (to correct it); parameters that are themselves
    invalid are dropped, so resubmitting the form does not repeat the same error."""
    state: dict[str, Any] = {"q": args.get("q", "")}
    for key in LIST_KEYS:
        values = [v for v in args.getlist(key) if v]
        if key == "year":
            values = [v for v in values if _valid_int(v, 1949, 2100) is not None]
        state[key] = values
    for key in ("year_from", "year_to"):
        state[key] = _valid_int(args.get(key), 1949, 2100)
    sort, mode = args.get("sort", ""), args.get("mode", "")
    state["sort"] = sort if sort in SORTS else "relevance"
    state["mode"] = mode if mode in MODES else "exact"
    reuse = args.get("reuse", "")
    state["reuse"] = reuse if reuse in REUSE_MODES else ""
    state["reuse_min"] = _valid_int(args.get("reuse_min"), 2, 10_000) or DEFAULT_REUSE_MIN
    state["per_page"] = _valid_int(args.get("per_page"), 1, MAX_PER_PAGE) or DEFAULT_PER_PAGE
    state["group"] = args.get("group", "") not in ("", "0", "false", "no", "off")
    state["page"] = 1
    return state


class StateURL:
    """Builds every link of the search page from one state: each state is a URL."""

    ORDER: tuple[str, ...] = ("q", *LIST_KEYS, "year_from", "year_to", "mode", "reuse",
                              "reuse_min", "sort", "group", "per_page", "page")
    # The parameters every view shares (query and filters); the rest are per view.
    FILTERS = ("q", *LIST_KEYS, "year_from", "year_to", "mode", "reuse", "reuse_min")

    def __init__(self, state: dict[str, Any]):
        self.state = state
        self.endpoint = "pages.index"
        self.order = self.ORDER
        self.defaults = {"sort": "relevance", "mode": "exact", "page": "1",
                         "per_page": str(DEFAULT_PER_PAGE), "reuse_min": str(DEFAULT_REUSE_MIN)}

    def pairs(self, exclude: Iterable[str] = (), **changes: Any) -> list[tuple[str, str]]:
        st = dict(self.state)
        if "page" not in changes:
            st["page"] = 1 if changes else st.get("page", 1)
        st.update(changes)
        skip = set(exclude)
        out: list[tuple[str, str]] = []
        for key in self.order:
            if key in skip:
                continue
            v = st.get(key)
            if key in LIST_KEYS:
                out.extend((key, str(x)) for x in v or [])
            elif key == "group":
                if v:
                    out.append(("group", "1"))
            elif v in (None, "", [], False):
                continue
            elif self.defaults.get(key) == str(v):
                continue
            else:
                out.append((key, str(v)))
        return out

    def query_string(self, **changes: Any) -> str:
        return urlencode(self.pairs(**changes))

    def url(self, endpoint: str | None = None, **changes: Any) -> str:
        qs = self.query_string(**changes)
        base = url_for(endpoint or self.endpoint)
        return f"{base}?{qs}" if qs else base

    def view(self, endpoint: str, **changes: Any) -> str:
        """The same query and filters in another view (search, distribution, KWIC …)."""
        qs = urlencode([(k, v) for k, v in self.pairs(**changes) if k in self.FILTERS])
        base = url_for(endpoint)
        return f"{base}?{qs}" if qs else base

    def search_url(self, **changes: Any) -> str:
        """The search page with ``changes`` (keeps sort, grouping and page size)."""
        return self.url("pages.index", **changes)

    def selected(self, name: str, value: str) -> bool:
        return str(value) in self.state.get(name, [])

    def toggle(self, name: str, value: Any) -> str:
        values = list(self.state.get(name, []))
        value = str(value)
        values = [v for v in values if v != value] if value in values else [*values, value]
        return self.url(**{name: values})

    def remove(self, name: str, value: Any = None) -> str:
        if name in LIST_KEYS:
            return self.url(**{name: [v for v in self.state.get(name, []) if v != str(value)]})
        return self.url(**{name: None})

    def clear_filters(self) -> str:
        return self.url(**{k: [] for k in LIST_KEYS}, year_from=None, year_to=None, reuse=None)

    def has_filters(self) -> bool:
        return any(self.state.get(k) for k in LIST_KEYS) or any(
            self.state.get(k) not in (None, "") for k in ("year_from", "year_to", "reuse"))


class ViewURL(StateURL):
    """Links of a research view: the shared filters plus the view's own parameters.

    ``own`` lists the view's parameters in URL order with their defaults (a default
    value is left out of the URL); ``state`` carries their current values."""

    def __init__(self, state: dict[str, Any], endpoint: str, own: Mapping[str, Any]):
        super().__init__(state)
        self.endpoint = endpoint
        self.order = (*self.FILTERS, *own)
        self.defaults = {"mode": "exact", "reuse_min": str(DEFAULT_REUSE_MIN),
                         **{k: str(v) for k, v in own.items() if v is not None}}

    def search_url(self, **changes: Any) -> str:
        return self.view("pages.index", **changes)


def append_term(q: str, term: str) -> str:
    """``q`` narrowed by ``term`` (search within results); an OR query is parenthesized."""
    q, term = q.strip(), term.strip()
    if not q:
        return term
    if not term:
        return q
    try:
        wrap = isinstance(parse_query(q).root, Or)
    except QueryError:
        wrap = False  # the combined query will report the error with the text kept
    return f"({q}) {term}" if wrap else f"{q} {term}"


def page_numbers(page: int, last: int, radius: int = 3) -> list[int | None]:
    """Page links around ``page``, with ``None`` for gaps; always includes 1 and ``last``."""
    nums = sorted({1, last, *range(max(1, page - radius), min(last, page + radius) + 1)})
    out: list[int | None] = []
    for n in nums:
        if out and out[-1] is not None and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out


# ---------------------------------------------------------------- formatting (research views)

METRICS = ("paragraphs", "notices", "share")
MONEY_LABELS = frozenset({"money_recovered"})  # the figure labels counted in 元


def fmt_number(value: Any) -> str:
    """12.0 → "12", 30569700.0 → "30,569,700", 3056.97 → "3,056.97"."""
    v = float(value)
    if v.is_integer():
        return f"{int(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def plain_number(value: Any) -> str:
    """A number for CSV cells: no separators, no trailing ``.0``."""
    if value is None or value == "":
        return ""
    v = float(value)
    return str(int(v)) if v.is_integer() else repr(v)


def fmt_share(share: float) -> str:
    return f"{share * 100:.1f}".rstrip("0").rstrip(".") + "%"


def fmt_figure(value: float, unit: str) -> tuple[str, str]:
    """Display text and exact-value title of a figure (money ≥ 10,000 元 in 万元)."""
    if unit == "元":
        exact = t("figure_exact", v=fmt_number(value))
        if value >= 10_000:
            return f"{fmt_number(round(value / 10_000, 2))} 万元", exact
        return f"{fmt_number(value)} 元", exact
    return f"{fmt_number(value)} {unit}".strip(), ""


def fmt_figure_cell(label: str, value: float) -> tuple[str, str]:
    """A figures-table cell: the summary has values only, money is the one unit that matters."""
    return fmt_figure(value, "元" if label in MONEY_LABELS else "")


def figure_label(key: str) -> str:
    """A figure label: the indexer's Chinese name, or its English translation."""
    if current_lang() == "en" and f"fig_{key}" in LABELS["en"]:
        return LABELS["en"][f"fig_{key}"]
    return FIGURE_LABELS.get(key, key)


def bar_chart(bars: list[dict], axis: str) -> dict[str, Any]:
    """Geometry of one server-rendered SVG bar chart, with a bar set per metric.

    ``axis`` "year" draws columns (time runs left to right), "province" horizontal bars
    (long names read better). Only layout happens here; the numbers are the engine's."""
    n = len(bars)
    values = {m: [float(b[m]) for b in bars] for m in METRICS}
    peak = {m: max(values[m], default=0.0) or 1.0 for m in METRICS}

    def label(m: str, b: dict) -> str:
        return fmt_share(b["share"]) if m == "share" else str(b[m])

    rows = []
    if axis == "year":
        col = max(30, min(56, 640 // max(n, 1)))
        gap, top, plot_h, pad = 6, 18, 140, 4
        width, height = pad * 2 + n * col + max(n - 1, 0) * gap, top + plot_h + 24
        for i, b in enumerate(bars):
            x = pad + i * (col + gap)
            geo = {}
            for m in METRICS:
                h = round(plot_h * values[m][i] / peak[m], 1)
                h = max(h, 1.0) if values[m][i] > 0 else 0.0
                geo[m] = {"x": x, "y": round(top + plot_h - h, 1), "w": col, "h": h,
                          "tx": x + col / 2, "ty": round(top + plot_h - h - 4, 1),
                          "text": label(m, b)}
            rows.append({"bar": b, "geo": geo, "lx": x + col / 2, "ly": top + plot_h + 16,
                         "hx": x, "hy": top, "hw": col, "hh": plot_h + 24 - 4})
    else:
        row_h, bar_h, label_w, plot_w, value_w = 24, 16, 112, 260, 60
        width, height = label_w + plot_w + value_w, n * row_h + 4
        for i, b in enumerate(bars):
            y = 2 + i * row_h
            geo = {}
            for m in METRICS:
                w = round(plot_w * values[m][i] / peak[m], 1)
                w = max(w, 1.0) if values[m][i] > 0 else 0.0
                geo[m] = {"x": label_w, "y": y + (row_h - bar_h) / 2, "w": w, "h": bar_h,
                          "tx": label_w + w + 4, "ty": y + row_h / 2 + 4, "text": label(m, b)}
            rows.append({"bar": b, "geo": geo, "lx": label_w - 6, "ly": y + row_h / 2 + 4,
                         "hx": 0, "hy": y, "hw": width, "hh": row_h})
    return {"axis": axis, "width": width, "height": height, "rows": rows}


# ---------------------------------------------------------------- helpers

def store() -> Store:
    return current_app.extensions["xunshi_store"]


class IndexUnavailable(RuntimeError):
    """The index folder has a ``current`` generation that cannot be loaded."""


def current_corpus() -> Corpus:
    """The request's one Corpus; an index that fails to load is a 503, not a 500."""
    try:
        return store().corpus()
    except IndexMissing:
        raise
    except Exception as exc:
        log.exception("the index could not be loaded")
        raise IndexUnavailable(str(exc)) from exc


def wants_json() -> bool:
    path = request.path
    return (path.startswith(("/api/", "/export.")) or path.endswith((".json", ".csv"))
            or path == "/api")


def to_json(data: Any, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, default=_json_default)
    return Response(body + "\n", status=status, mimetype="application/json")


def _json_default(obj: Any) -> Any:
    if hasattr(obj, "item"):  # numpy scalars
        return obj.item()
    if hasattr(obj, "tolist"):
        return obj.tolist()
    raise TypeError(f"not JSON serializable: {type(obj).__name__}")


def public_root() -> str:
    """Base URL for absolute permalinks (``PUBLIC_URL`` config, else the request's host)."""
    return (current_app.config.get("PUBLIC_URL") or request.url_root).rstrip("/")


def citation(notice: Mapping[str, Any], section_path: list[str], url: str,
             ordinal: int | None = None) -> str:
    """Issuer, title, date, section path and permalink, as one line to paste."""
    date = notice_date(notice)
    parts = [notice.get("issuer") or ""]
    if notice.get("title"):
        parts.append(f"《{notice['title']}》")
    if date:
        parts.append(date)
    path = " > ".join(section_path)
    if ordinal is not None:
        path = f"{path} > {t('para', n=ordinal)}" if path else t("para", n=ordinal)
    if path:
        parts.append(path)
    return "，".join(p for p in parts if p) + "。" + url


def error_body(code: str, zh: str, en: str, **extra: Any) -> dict[str, Any]:
    return {"error": code, "message": zh, "message_en": en, **extra}


def not_found(zh: str, en: str) -> Response:
    if wants_json():
        return to_json(error_body("not_found", zh, en), 404)
    return Response(render_template("error.html", status=404, title=t("err_404"),
                                    text=t("err_404_text"), detail=zh if current_lang() == "zh"
                                    else en, show_search=True), status=404)


def lang_url(lang: str) -> str:
    args = request.args.copy()
    args["lang"] = lang
    return f"{request.path}?{urlencode(list(args.items(multi=True)))}"


def _args_without(*names: str) -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.args.items(multi=True) if k not in names]


# ---------------------------------------------------------------- research views: arguments

KWIC_MAX_PER_PAGE = 500
KWIC_EXPORT_ALL = 10**15  # a page size no export reaches
Check = Callable[[str, str], Any]


def _int_check(lo: int, hi: int) -> Check:
    def check(name: str, raw: str) -> int:
        return parse_int(raw, name, lo, hi)
    return check


def _choice_check(choices: Iterable[str]) -> Check:
    allowed = tuple(choices)

    def check(name: str, raw: str) -> str:
        if raw not in allowed:
            zh, en = "、".join(allowed[:8]), ", ".join(allowed[:8])
            if len(allowed) > 8:  # the figure labels: the full list is in the API reference
                zh, en = zh + "…（完整列表见 /help/api）", en + ", … (all: /help/api)"
            raise ParamError(f"参数 {name} 的取值 “{raw}” 无效，应为：{zh}。",
                             f"Invalid {name} “{raw}”; use one of: {en}.")
        return raw
    return check


def _bool_check(name: str, raw: str) -> str:
    low = raw.lower()
    if low in ("1", "true", "yes", "on"):
        return "1"
    if low in ("0", "false", "no", "off"):
        return "0"
    raise ParamError(f"参数 {name} 应为 1 或 0。", f"Parameter {name} must be 1 or 0.")


# Each research view's own parameters: name -> (default, check). Everything else in the
# URL is the search page's query and filters, read by SearchParams.
DIST_SPEC: dict[str, tuple[Any, Check]] = {"metric": ("paragraphs", _choice_check(METRICS))}
KWIC_SPEC: dict[str, tuple[Any, Check]] = {
    "width": (30, _int_check(1, KWIC_MAX_WIDTH)),
    "sort": ("position", _choice_check(KWIC_SORTS)),
    "per_page": (100, _int_check(1, KWIC_MAX_PER_PAGE)),
    "page": (1, _int_check(1, MAX_PAGE)),
}
FIGURES_SPEC: dict[str, tuple[Any, Check]] = {
    "sort": ("", _choice_check((*FIGURE_LABELS, *FIGURE_META_COLUMNS))),
    "desc": ("1", _bool_check),
}
REUSE_SPEC: dict[str, tuple[Any, Check]] = {"limit": (50, _int_check(1, 500))}
# Search-page parameters that mean nothing in a research view (and may clash with its own).
SEARCH_ONLY = ("sort", "page", "per_page", "group")


def read_own(spec: Mapping[str, tuple[Any, Check]], strict: bool = True) -> dict[str, Any]:
    """A view's own parameters, validated (``strict=False``: bad ones fall back to defaults)."""
    out: dict[str, Any] = {}
    for key, (default, check) in spec.items():
        raw = request.args.get(key, "").strip()
        try:
            out[key] = check(key, raw) if raw else default
        except ParamError:
            if strict:
                raise
            out[key] = default
    return out


def view_params(spec: Mapping[str, Any]) -> SearchParams:
    """The shared query and filters of a research view."""
    args = request.args.copy()
    for key in (*spec, *SEARCH_ONLY):
        args.poplist(key)
    return SearchParams.from_args(args)


def _build_distribution(corpus: Corpus, params: SearchParams, own: dict) -> dict[str, Any]:
    return distribution(corpus, params)


def _build_kwic(corpus: Corpus, params: SearchParams, own: dict) -> dict[str, Any]:
    return kwic(corpus, params, width=own["width"], sort=own["sort"], page=own["page"],
                per_page=own["per_page"])


def _build_figures(corpus: Corpus, params: SearchParams, own: dict) -> dict[str, Any]:
    return figures_table(corpus, params, sort=own["sort"], desc=own["desc"] == "1")


def _build_reuse(corpus: Corpus, params: SearchParams, own: dict) -> dict[str, Any]:
    return reuse_view(corpus, params, limit=own["limit"])


RESEARCH: dict[str, tuple[dict[str, tuple[Any, Check]], Callable[..., dict[str, Any]]]] = {
    "distribution": (DIST_SPEC, _build_distribution),
    "kwic": (KWIC_SPEC, _build_kwic),
    "figures": (FIGURES_SPEC, _build_figures),
    "reuse": (REUSE_SPEC, _build_reuse),
}


def research_data(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The engine's dict for a research view, and the view's own (validated) parameters."""
    spec, build_ = RESEARCH[name]
    own = read_own(spec)
    return build_(current_corpus(), view_params(spec), own), own


def render_research(name: str, template: str, title_key: str) -> Response:
    """A research view as HTML: the data dict, or the 400 page with the query kept."""
    spec, _ = RESEARCH[name]
    try:
        data, own = research_data(name)
        state = state_from_query(data["query"])
        error, status = None, 200
    except QueryError as exc:
        data, error, status = None, exc, 400
        own = read_own(spec, strict=False)
        state = state_from_args(request.args)
    state.update(own)
    u = ViewURL(state, request.endpoint or "pages.index", {k: d for k, (d, _) in spec.items()})
    q = state["q"]
    html = render_template(
        template, d=data, error=error, state=state, u=u, view=name,
        current_view=request.endpoint, json_url=u.url(f"api.{name}_json"),
        page_title=f"{t(title_key)} · {q}" if q else t(title_key), page_numbers=page_numbers,
        figure_labels=FIGURE_LABELS, metrics=METRICS)
    return Response(html, status=status)


# ---------------------------------------------------------------- HTML pages

pages = Blueprint("pages", __name__)


@pages.get("/")
def index() -> Response | str:
    within = request.args.get("within")
    if within is not None:  # 在结果中检索: fold the term into q, keep everything else
        args = request.args.copy()
        args.pop("within")
        args.pop("page", None)
        args["q"] = append_term(args.get("q", ""), within)
        return redirect(f"{url_for('pages.index')}?{urlencode(list(args.items(multi=True)))}",
                        302)
    dist = None
    try:
        params = SearchParams.from_args(request.args)
        metric = read_own(DIST_SPEC)["metric"]
        result = search(current_corpus(), params)
        error = None
        state = state_from_query(result["query"])
        status = 200
    except QueryError as exc:
        result, error, status = None, exc, 400
        state = state_from_args(request.args)
        metric = read_own(DIST_SPEC, strict=False)["metric"]
    u = StateURL(state)
    empty = result is not None and not state["q"].strip() and not u.has_filters()
    if result is not None and not empty and result["total"]["paragraphs"]:
        dist = distribution(current_corpus(), params)
    page_title = state["q"] or t("site_title")
    html = render_template("search.html", r=result, error=error, state=state, u=u, empty=empty,
                           examples=EXAMPLES, page_title=page_title, dist=dist, metric=metric,
                           metrics=METRICS, current_view="pages.index",
                           json_url=f"{url_for('api.search_json')}?"
                                    f"{urlencode(_args_without('lang', 'within'))}",
                           page_numbers=page_numbers)
    return Response(html, status=status)


@pages.get("/notice/<nid>")
def notice(nid: str) -> Response | str:
    corpus = current_corpus()
    q = request.args.get("q", "")
    q_error = None
    try:
        data = notice_view(corpus, nid, q)
    except QueryError as exc:
        q_error = exc
        data = notice_view(corpus, nid, "")
    if data is None:
        return not_found(f"没有编号为 {nid} 的通报。", f"No notice with id {nid}.")
    target = request.args.get("p", "")
    root = public_root()
    n = data["notice"]
    cites = {p["id"]: citation(n, p["section_path"] + ([p["text"]] if p["kind"] == "heading"
                                                      else []),
                               f"{root}/p/{p['id']}", None if p["kind"] == "heading"
                               else p["ordinal"])
             for p in data["paragraphs"]}
    json_url = url_for("api.notice_json", nid=nid, **({"q": q} if q else {}))
    back_url = f"{url_for('pages.index')}?{urlencode({'q': q})}" if q else None
    return render_template(
        "notice.html", d=data, n=n, target=target, q=q, q_error=q_error, cites=cites,
        notice_cite=citation(n, [], f"{root}{url_for('pages.notice', nid=nid)}"),
        fields=NOTICE_FIELDS, json_url=json_url, back_url=back_url,
        hit_count=sum(1 for p in data["paragraphs"] if p["hits"]),
        page_title=n.get("title") or n.get("issuer") or nid)


@pages.get("/p/<pid>")
def permalink(pid: str) -> Response:
    corpus = current_corpus()
    row = corpus.row_of_pid.get(pid)
    if row is None:
        return not_found(f"没有编号为 {pid} 的段落。", f"No paragraph with id {pid}.")
    nid = corpus.notices[corpus.notice_row[row]].id
    args: dict[str, str] = {}
    if request.args.get("q"):
        args["q"] = request.args["q"]
    args["p"] = pid
    return redirect(f"{url_for('pages.notice', nid=nid)}?{urlencode(args)}#p-{pid}", 302)


@pages.get("/help")
def help_page() -> str:
    return render_template("help.html", page_title=t("help_title"), examples=EXAMPLES,
                           max_per_page=MAX_PER_PAGE)


@pages.get("/help/api")
def api_doc() -> Response | str:
    path = Path(current_app.root_path) / "docs" / "api.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return not_found("没有 API 文档。", "The API reference is missing.")
    return render_template("doc.html", page_title=t("api_title"), text=text)


@pages.get("/distribution")
def distribution_page() -> Response:
    return render_research("distribution", "distribution.html", "dist_title")


@pages.get("/kwic")
def kwic_page() -> Response:
    return render_research("kwic", "kwic.html", "kwic_title")


@pages.get("/figures")
def figures_page() -> Response:
    return render_research("figures", "figures.html", "figures_title")


@pages.get("/reuse")
def reuse_page() -> Response:
    return render_research("reuse", "reuse.html", "reuse_title")


# ---------------------------------------------------------------- JSON API

api = Blueprint("api", __name__)


# The canonical rule is the innermost decorator: url_for() builds the first registered one.
@api.get("/search.json")
@api.get("/api/search")
def search_json() -> Response:
    params = SearchParams.from_args(request.args)
    return to_json(search(current_corpus(), params))


@api.get("/notice/<nid>.json")
@api.get("/api/notice/<nid>")
def notice_json(nid: str) -> Response:
    data = notice_view(current_corpus(), nid, request.args.get("q", ""))
    if data is None:
        return not_found(f"没有编号为 {nid} 的通报。", f"No notice with id {nid}.")
    return to_json(data)


@api.get("/p/<pid>.json")
@api.get("/api/paragraph/<pid>")
def paragraph_json(pid: str) -> Response:
    data = paragraph_view(current_corpus(), pid)
    if data is None:
        return not_found(f"没有编号为 {pid} 的段落。", f"No paragraph with id {pid}.")
    return to_json(data)


@api.get("/api/distribution")
def distribution_json() -> Response:
    return to_json(research_data("distribution")[0])


@api.get("/api/kwic")
def kwic_json() -> Response:
    return to_json(research_data("kwic")[0])


@api.get("/api/figures")
def figures_json() -> Response:
    return to_json(research_data("figures")[0])


@api.get("/api/reuse")
def reuse_json() -> Response:
    return to_json(research_data("reuse")[0])


@api.get("/api")
def api_index() -> Response:
    return to_json({
        "endpoints": {
            "search": "/api/search?q=…",
            "notice": "/api/notice/<notice_id>",
            "paragraph": "/api/paragraph/<paragraph_id>",
            "distribution": "/api/distribution?q=…",
            "kwic": "/api/kwic?q=…&width=30&sort=position|left|right",
            "figures": "/api/figures?q=…&sort=<label>&desc=1",
            "reuse": "/api/reuse?q=…",
            "export_csv": "/export.csv?q=…",
            "export_jsonl": "/export.jsonl?q=…",
            "distribution_csv": "/distribution.csv?q=…",
            "kwic_csv": "/kwic.csv?q=…",
            "figures_csv": "/figures.csv?q=…",
        },
        "docs": "/help/api",
    })


# ---------------------------------------------------------------- exports

export = Blueprint("export", __name__)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    """Keep spreadsheet programs from evaluating data as a formula (CSV only)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _export_rows(hit_iter: Iterator[dict], root: str) -> Iterator[dict]:
    for hit in hit_iter:
        hit = dict(hit)
        hit.pop("snippet", None)
        hit["permalink"] = root + hit["permalink"]
        yield hit


def _export_response(fmt: str) -> Response:
    params = SearchParams.from_args(request.args)
    hits = iter_hits(current_corpus(), params, with_text=True)
    first = next(hits, None)  # runs the query now, so a bad query is a 400, not a cut stream
    root = public_root()
    rows = _export_rows(hits if first is None else _chain(first, hits), root)

    if fmt == "csv":
        def generate() -> Iterator[str]:
            buf = io.StringIO()
            writer = csv.writer(buf)
            writer.writerow(EXPORT_COLUMNS)
            yield "\ufeff" + buf.getvalue()
            for hit in rows:
                buf.seek(0)
                buf.truncate()
                writer.writerow([_csv_cell(v) for v in (
                    hit["paragraph_id"], hit["notice_id"], hit["title"], hit["issuer"],
                    hit["province"], hit["city"], hit["county"], hit["level"],
                    hit["notice_kind"], ";".join(hit["flags"]),
                    "" if hit["year"] is None else hit["year"], hit["date"],
                    " > ".join(hit["section_path"]), hit["text"], hit["permalink"])])
                yield buf.getvalue()
        mimetype = "text/csv; charset=utf-8"
    else:
        def generate() -> Iterator[str]:
            for hit in rows:
                yield json.dumps(hit, ensure_ascii=False, default=_json_default) + "\n"
        mimetype = "application/x-ndjson; charset=utf-8"
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    resp = Response(stream_with_context(generate()), content_type=mimetype)
    resp.headers["Content-Disposition"] = f'attachment; filename="xunshi-{stamp}.{fmt}"'
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _chain(first: dict, rest: Iterator[dict]) -> Iterator[dict]:
    yield first
    yield from rest


@export.get("/export.csv")
def export_csv() -> Response:
    return _export_response("csv")


@export.get("/export.jsonl")
def export_jsonl() -> Response:
    return _export_response("jsonl")


DIST_COLUMNS = ("dimension", "value", "paragraphs", "notices", "notices_in_index", "share")
KWIC_COLUMNS = ("left", "keyword", "right", "notice_id", "paragraph_id", "title", "issuer",
                "province", "city", "county", "year", "position", "permalink")
FIGURE_COLUMNS = (*FIGURE_META_COLUMNS, *FIGURE_LABELS, "permalink")


def _csv_response(name: str, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> Response:
    """A streamed CSV attachment with a UTF-8 BOM (Excel), formulas neutralized."""
    def generate() -> Iterator[str]:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(list(header))
        yield "\ufeff" + buf.getvalue()
        for row in rows:
            buf.seek(0)
            buf.truncate()
            writer.writerow([_csv_cell("" if v is None else v) for v in row])
            yield buf.getvalue()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    resp = Response(stream_with_context(generate()), content_type="text/csv; charset=utf-8")
    resp.headers["Content-Disposition"] = f'attachment; filename="xunshi-{name}-{stamp}.csv"'
    resp.headers["Cache-Control"] = "no-store"
    return resp


@export.get("/distribution.csv")
def distribution_csv() -> Response:
    data, _ = research_data("distribution")
    rows = [(dim, b["value"], b["paragraphs"], b["notices"], b["notices_in_index"], b["share"])
            for dim, key in (("year", "years"), ("province", "provinces")) for b in data[key]]
    return _csv_response("distribution", DIST_COLUMNS, rows)


@export.get("/kwic.csv")
def kwic_csv() -> Response:
    """Every line, no cap: streamed in text order, or sorted by context when asked."""
    own = read_own(KWIC_SPEC)
    params = view_params(KWIC_SPEC)
    corpus = current_corpus()
    if own["sort"] == "position":
        it = kwic_lines(corpus, params, own["width"])
        first = next(it, None)  # runs the query now: a bad one is a 400, not a cut stream
        lines_: Iterable[dict] = [] if first is None else _chain(first, it)
    else:  # sorting needs every line at hand anyway: one page holding them all
        lines_ = kwic(corpus, params, width=own["width"], sort=own["sort"],
                      per_page=KWIC_EXPORT_ALL)["lines"]
    root = public_root()
    rows = ([line[k] for k in KWIC_COLUMNS[:-1]] + [root + line["permalink"]]
            for line in lines_)
    return _csv_response("kwic", KWIC_COLUMNS, rows)


@export.get("/figures.csv")
def figures_csv() -> Response:
    own = read_own(FIGURES_SPEC)
    rows = figures_rows(current_corpus(), view_params(FIGURES_SPEC), sort=own["sort"],
                        desc=own["desc"] == "1")
    root = public_root()
    return _csv_response("figures", FIGURE_COLUMNS, (
        [r[k] for k in FIGURE_META_COLUMNS]
        + [plain_number(r["figures"].get(k)) for k in FIGURE_LABELS]
        + [root + r["permalink"]] for r in rows))


# ---------------------------------------------------------------- request hooks & errors

def _check_utf8() -> None:
    """Reject percent-escapes that are not UTF-8 (Werkzeug would keep them as text)."""
    env = request.environ
    try:
        env.get("PATH_INFO", "").encode("latin-1").decode("utf-8")
        raw_uri = env.get("RAW_URI") or env.get("REQUEST_URI") or ""
        unquote_to_bytes(raw_uri.split("?", 1)[0]).decode("utf-8")
        for part in request.query_string.split(b"&"):
            unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError):
        raise BadRequest("invalid UTF-8 in the URL") from None


def _before() -> None:
    lang = request.args.get("lang")
    if lang not in LANGS:
        lang = request.cookies.get(LANG_COOKIE)
    g.lang = lang if lang in LANGS else "zh"
    _check_utf8()


def _after(resp: Response) -> Response:
    for k, v in SECURITY_HEADERS.items():
        resp.headers[k] = v
    resp.vary.add("Cookie")
    lang = request.args.get("lang")
    if lang in LANGS:
        resp.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax",
                        httponly=True)
    return resp


def _handle_query_error(exc: QueryError) -> Response:
    if wants_json():
        return to_json(exc.to_dict() | {"error": "params" if _is_param(exc) else "query"}, 400)
    return Response(render_template("error.html", status=400, title=t("err_400"),
                                    text=exc.zh if current_lang() == "zh" else exc.en,
                                    detail=exc.zh if current_lang() == "en" else "",
                                    show_search=True), status=400)


def _is_param(exc: QueryError) -> bool:
    return isinstance(exc, ParamError)


def _handle_http(exc: HTTPException) -> Response:
    code = exc.code or 500
    if code == 404 and isinstance(exc, NotFound):
        return not_found("找不到该页面。", "No such page.")
    if code == 400:
        zh, en = "请求无效（网址中有无法解码的字符）。", "Bad request (undecodable characters " \
                                                  "in the URL)."
        key = "bad_request"
    elif code == 405:
        zh, en, key = "不支持该请求方法，本站只接受 GET。", "Method not allowed; use GET.", \
            "method_not_allowed"
    else:
        zh, en, key = exc.name, exc.description or exc.name, "http_error"
    if wants_json():
        resp = to_json(error_body(key, zh, en), code)
    else:
        title = {400: t("err_400"), 405: t("err_405")}.get(code, exc.name)
        resp = Response(render_template("error.html", status=code, title=title,
                                        text=zh if current_lang() == "zh" else en,
                                        detail="", show_search=code == 400), status=code)
    if code == 405 and hasattr(exc, "valid_methods") and exc.valid_methods:
        resp.headers["Allow"] = ", ".join(exc.valid_methods)
    return resp


def _handle_index_missing(exc: Exception) -> Response:
    broken = isinstance(exc, IndexUnavailable)
    if not broken:
        log.warning("index missing: %s", exc)
    key = "err_503_broken" if broken else "err_503_text"
    zh, en = LABELS["zh"][key], LABELS["en"][key]
    if wants_json():
        return to_json(error_body("index_unavailable" if broken else "index_missing", zh, en),
                       503)
    resp = Response(render_template("error.html", status=503, title=t("err_503"),
                                    text=t(key), detail="", show_search=False), status=503)
    resp.headers["Retry-After"] = "30"
    return resp


def _handle_unexpected(exc: Exception) -> Response:
    if isinstance(exc, HTTPException):
        return _handle_http(exc)
    log.exception("unexpected error on %s %s", request.method, request.path)
    zh, en = LABELS["zh"]["err_500_text"], LABELS["en"]["err_500_text"]
    if wants_json():
        return to_json(error_body("server_error", zh, en), 500)
    try:
        html = render_template("error.html", status=500, title=t("err_500"),
                               text=t("err_500_text"), detail="", show_search=False)
    except Exception:  # a broken template must not turn into a trace either
        log.exception("error page failed")
        html = "<!doctype html><title>500</title><h1>500</h1>"
    return Response(html, status=500)


# ---------------------------------------------------------------- factory

def _static_url(filename: str) -> str:
    """Static URL with a version stamp so browsers refetch after a change."""
    path = Path(current_app.static_folder or "static") / filename
    try:
        version = int(path.stat().st_mtime)
    except OSError:
        version = 0
    return url_for("static", filename=filename, v=version)


def _warm_up(store_: Store) -> None:
    """Load the index (and with it jieba and the gazetteer) before the first visitor."""
    try:
        store_.corpus()
    except Exception as exc:  # no index yet, or a broken one: the request path reports it
        log.info("warm-up skipped: %s", exc)


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The WSGI app. ``INDEX_DIR`` defaults to ``$XUNSHI_INDEX`` or ``var/index``."""
    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.config.update(
        INDEX_DIR=os.environ.get("XUNSHI_INDEX", DEFAULT_INDEX),
        PUBLIC_URL=os.environ.get("XUNSHI_PUBLIC_URL", ""),
        PROVIDE_AUTOMATIC_OPTIONS=False,  # GET (and HEAD) only; everything else is a 405
        PROPAGATE_EXCEPTIONS=False,
        MAX_CONTENT_LENGTH=64 * 1024,
        JSON_AS_ASCII=False,
    )
    if test_config:
        app.config.update(test_config)
    app.config["DEBUG"] = False
    app.debug = False
    app.extensions["xunshi_store"] = Store(Path(app.config["INDEX_DIR"]))
    if app.config.get("WARM_UP", not app.config.get("TESTING")):
        threading.Thread(target=_warm_up, args=(app.extensions["xunshi_store"],),
                         name="xunshi-warm-up", daemon=True).start()

    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(
        t=t, value_label=value_label, region_of=region_of, lang_url=lang_url,
        current_lang=current_lang, static_url=_static_url, FACETS=FACETS,
        notice_date=notice_date, safe_url=safe_url, split_facet=split_facet,
        append_term=append_term, bar_chart=bar_chart, fmt_share=fmt_share,
        fmt_figure=fmt_figure, fmt_figure_cell=fmt_figure_cell, fmt_number=fmt_number,
        figure_label=figure_label,
    )

    app.register_blueprint(pages)
    app.register_blueprint(api)
    app.register_blueprint(export)
    app.before_request(_before)
    app.after_request(_after)
    app.register_error_handler(QueryError, _handle_query_error)
    app.register_error_handler(IndexMissing, _handle_index_missing)
    app.register_error_handler(IndexUnavailable, _handle_index_missing)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(Exception, _handle_unexpected)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    return app

