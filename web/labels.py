"""Labels of the codes that data and URLs use (facet names, levels, fields, views …).

The text lives in the message catalogs; this module only maps a code to its message
id (Chinese, the source language), lazily translated when rendered."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

FACETS = {"province": _l("省份"), "city": _l("城市"), "county": _l("区县"), "year": _l("年份"),
          "level": _l("层级"), "kind": _l("类型"), "flag": _l("标记")}
LEVELS = {"central": _l("中央"), "provincial": _l("省级"), "prefecture": _l("市级"),
          "county": _l("县级")}
YEAR_BASES = {"published": _l("依发布日期"), "feedback": _l("依反馈日期"),
              "inspection": _l("依巡视（巡察）时间")}
# Inspection kinds and flags as the notices write them (values stay Chinese in URLs).
INSPECTION_KINDS = {"巡视": _l("巡视"), "巡察": _l("巡察")}
FLAGS = {"回头看": _l("回头看"), "专项": _l("专项"), "机动": _l("机动"), "提级": _l("提级")}
FIELDS = {
    "title": _l("标题"), "issuer": _l("发布机关"), "province": _l("省份"), "city": _l("城市"),
    "county": _l("区县"), "region_code": _l("区划代码"), "former_region": _l("原行政区"),
    "level": _l("层级"), "kind": _l("类型"), "flags": _l("标记"),
    "inspector": _l("巡视（巡察）组"), "round": _l("轮次"), "inspection_start": _l("巡视开始"),
    "inspection_end": _l("巡视结束"), "feedback_date": _l("反馈日期"),
    "published_date": _l("发布日期"), "posted_date": _l("网页发布日期"), "year": _l("年份"),
    "year_basis": _l("年份依据"), "source": _l("来源"), "url": _l("原文网址"),
    "source_file": _l("源文件"), "id": _l("通报编号"),
}
# The research views: (endpoint, name, hint), in tab order.
VIEWS = (
    ("pages.index", "results", _l("检索结果"), _l("命中的段落")),
    ("pages.distribution_page", "distribution", _l("分布"),
     _l("命中在各年份、各省份的分布（计数与占比）")),
    ("pages.kwic_page", "kwic", _l("KWIC"), _l("关键词语境（KWIC）：每一处出现，按关键词对齐")),
    ("pages.figures_page", "figures", _l("数据"),
     _l("各通报报告的整改数字（立案、处分、挽回损失等）")),
    ("pages.reuse_page", "reuse", _l("重复表述"), _l("多篇通报（近乎）逐字重复的段落")),
)
METRICS = {"paragraphs": _l("段数"), "notices": _l("篇数"), "share": _l("占比")}
SORTS = {"relevance": _l("相关度"), "newest": _l("最新"), "oldest": _l("最早")}
DIRECTIONS = {"1": _l("降序"), "0": _l("升序")}
KWIC_SORTS = {"position": _l("按出现顺序"), "left": _l("按左侧语境"), "right": _l("按右侧语境")}
CHARTS = {"year": _l("按年份"), "province": _l("按省份")}
BAR_TITLES = {
    "year": _l("%(v)s 年：%(p)s 段，%(n)s 篇通报；占该年索引中 %(all)s 篇通报的 %(share)s。"
               "点击按该年份筛选"),
    "province": _l("%(v)s：%(p)s 段，%(n)s 篇通报；占该省索引中 %(all)s 篇通报的 %(share)s。"
                   "点击按该省份筛选"),
}
REUSE_CHIPS = {"hide": _l("隐藏重复表述（见于 ≥%(n)s 篇）"),
               "only": _l("只看重复表述（见于 ≥%(n)s 篇）")}
PARAGRAPH_KINDS = {"heading": _l("标题段"), "body": _l("正文段"), "closing": _l("落款")}
# Column headers of the CSV exports (the page's language; JSON keeps the keys).
CSV_COLUMNS = {
    "paragraph_id": _l("段落编号"), "notice_id": _l("通报编号"), "id": _l("通报编号"),
    "ordinal": _l("段落序号"), "paragraph_kind": _l("段落类型"), "title": _l("标题"),
    "issuer": _l("发布机关"), "province": _l("省份"), "city": _l("城市"), "county": _l("区县"),
    "level": _l("层级"), "kind": _l("类型"), "flags": _l("标记"), "year": _l("年份"),
    "date": _l("日期"), "section_path": _l("章节"), "text": _l("段落文字"),
    "reuse": _l("另见于其他通报数"), "permalink": _l("链接"),
    "dimension": _l("维度"), "value": _l("取值"), "paragraphs": _l("命中段数"),
    "notices": _l("命中通报数"), "notices_in_index": _l("索引中通报数"), "share": _l("占比"),
    "left": _l("左侧语境"), "keyword": _l("关键词"), "right": _l("右侧语境"),
    "position": _l("位置（字）"),
    "label": _l("指标"), "label_zh": _l("指标名称"), "unit": _l("单位"), "written": _l("原文写法"),
    "sentence": _l("所在句子"), "start": _l("段内位置（字）"), "chosen": _l("表中采用"),
    "reason": _l("依据"), "reason_zh": _l("依据说明"),
}
# Which evidence decided a field (indexer.model.Notice.region_source, level_source,
# published_source), shown beside the value in the reader.
EVIDENCE = {
    "issuer": _l("依据发布机关"), "title": _l("依据标题"),
    "inspected": _l("依据被巡视（巡察）单位"), "source": _l("依据来源栏"),
    "document": _l("依据文中制度文件"), "inspector": _l("依据巡视（巡察）组"),
    "mentions": _l("依据开头段落中的地名"), "override": _l("人工更正"),
    "crawler": _l("依据采集数据"), "signature": _l("依据落款日期"),
    "written": _l("依据成文日期"), "page": _l("依据网页发布日期"),
    "url": _l("依据网址中的日期"),
}
EVIDENCE_OF = {"province": "region_source", "city": "region_source", "county": "region_source",
               "level": "level_source", "published_date": "published_source"}
