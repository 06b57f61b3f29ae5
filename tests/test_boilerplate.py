"""Site furniture: every shape is dropped, and what it says is harvested."""

from __future__ import annotations

import pytest

from indexer.boilerplate import cms_title, furniture


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # breadcrumbs
        # breadcrumbs: the last step may be the notice's only title, so it is harvested
        pytest.param("当前位置：首页 > 巡视巡察 > 整改通报", {"crumb": "整改通报"},
                     id="breadcrumb-dangqian"),
        pytest.param("您当前的位置 : 首页> 工作动态 > 巡视巡察", {"crumb": "巡视巡察"},
                     id="breadcrumb-nin"),
        pytest.param("首页 > 巡视巡察", {"crumb": "巡视巡察"}, id="breadcrumb-home"),
        pytest.param("首页 > 巡察工作 > 中共某某县委关于巡察整改情况的通报",
                     {"crumb": "中共某某县委关于巡察整改情况的通报"}, id="breadcrumb-title"),
        # 来源 / 发布时间 bars, alone, together, glued
        pytest.param("来源:市委巡察办 发布时间:2021-07-28 09:13:53 阅读量:2965",
                     {"source": "市委巡察办", "posted": "2021-07-28"}, id="bar-source-first"),
        pytest.param("发布日期:2017-12-25   来源:深圳市纪委",
                     {"posted": "2017-12-25", "source": "深圳市纪委"}, id="bar-date-first"),
        pytest.param("来源:浙江省纪委省监委网站      发布时间:2021-08-30 11:34:29",
                     {"source": "浙江省纪委省监委网站", "posted": "2021-08-30"}, id="bar-wide-gap"),
        pytest.param("发布时间:2022-07-01 12:42:06来源:某某县纪委监委",
                     {"posted": "2022-07-01", "source": "某某县纪委监委"}, id="glued-time-source"),
        pytest.param("更新时间:2025-04-10浏览次数:", {"posted": "2025-04-10"},
                     id="glued-update-views"),
        pytest.param("作者：张三发布时间：2021-03-01", {"posted": "2021-03-01"},
                     id="glued-author-time"),
        pytest.param("2025年02月17日 17:21 来源：中共某某县纪委",
                     {"posted": "2025-02-17", "source": "中共某某县纪委"}, id="stamp-then-source"),
        pytest.param("来源: 本站 | 发布时间：2021-01-01",
                     {"source": "本站", "posted": "2021-01-01"}, id="pipe-separated"),
        pytest.param("来源：", {}, id="empty-source"),
        pytest.param("(编辑:某某 日期:2016年04月30日 浏览: 加入收藏 )", {"posted": "2016-04-30"},
                     id="bracketed-header"),
        pytest.param("【作者：某某 发布时间：2019-05-06】", {"posted": "2019-05-06"},
                     id="bracketed-header-cn"),
        # posting stamps alone on a line (a date with a clock time)
        pytest.param("2022-07-01 10:07:39", {"posted": "2022-07-01"}, id="stamp-iso"),
        pytest.param("2025年02月17日 17:21", {"posted": "2025-02-17"}, id="stamp-cn"),
        # counters, font size, share, print, close, QR
        pytest.param("阅读量：1234", {}, id="views-yuedu"),
        pytest.param("浏览次数：88", {}, id="views-liulan"),
        pytest.param("字号：大 中 小", {}, id="font-size-colon"),
        pytest.param("字号 大 中 小", {}, id="font-size-bare"),
        pytest.param("【字体：大 中 小】", {}, id="font-size-bracketed"),
        pytest.param("分享到：", {}, id="share"),
        pytest.param("分享到：微信 微博 QQ空间", {}, id="share-targets"),
        pytest.param("【打印】【关闭】", {}, id="print-close-bracketed"),
        pytest.param("打印 关闭", {}, id="print-close"),
        pytest.param("返回顶部", {}, id="back-to-top"),
        pytest.param("扫一扫在手机打开当前页", {}, id="qr"),
        pytest.param("上一篇：关于开展巡察工作的通知", {}, id="prev-article"),
        # copyright, ICP, site owner
        pytest.param("©中共秦皇岛市纪律检查委员会 秦皇岛市监察委员会 版权所有 冀ICP备0517413号", {},
                     id="copyright"),
        pytest.param("湘ICP备12345678号-1", {}, id="icp"),
        pytest.param("主办单位：中共某某市纪律检查委员会", {}, id="host"),
        # metadata tables
        pytest.param("索引号：11330100/2021-00123", {}, id="table-index"),
        pytest.param("发布机构：中共某某市委", {"publisher": "中共某某市委"}, id="table-publisher"),
        pytest.param("成文日期：2021-08-30", {"written": "2021-08-30"}, id="table-written"),
        pytest.param("索引号：000 发布机构：某市委 成文日期：2021年08月30日",
                     {"publisher": "某市委", "written": "2021-08-30"}, id="table-row"),
        pytest.param("标题：中共某某县委关于巡察整改情况的通报",
                     {"title": "中共某某县委关于巡察整改情况的通报"}, id="table-title"),
        # traditional script: matched on the simplified view, harvested as published
        pytest.param("來源：某某縣紀委監委 發佈時間：2021-09-02 10:07:39 閱讀量：12",
                     {"source": "某某縣紀委監委", "posted": "2021-09-02"}, id="traditional-bar"),
        pytest.param("當前位置：首頁 > 巡視巡察", {"crumb": "巡視巡察"}, id="traditional-crumb"),
        # bare URLs
        pytest.param("https://www.example.gov.cn/art/2021/8/30/art_1.html",
                     {"url": "https://www.example.gov.cn/art/2021/8/30/art_1.html"}, id="url"),
        pytest.param("www.ccdi.gov.cn", {"url": "www.ccdi.gov.cn"}, id="url-www"),
        # blank
        pytest.param("   ", {}, id="blank"),
    ],
)
def test_furniture_is_dropped_and_harvested(line: str, expected: dict[str, str]):
    assert furniture(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        # Closing text of the notice itself, not furniture: the parser keeps it.
        pytest.param("联系电话：0755-28333312", id="contact-phone"),
        pytest.param("邮政信箱：某某县财政局办公室", id="contact-mailbox"),
        pytest.param("2021年8月30日", id="signature-date"),
        pytest.param("中共汨罗市委", id="signature-org"),
        # Body sentences that merely contain a label word.
        pytest.param("时间：2021年7月23日，市委第五巡察组进驻。", id="sentence-with-label"),
        pytest.param("整改时间：2021年底前", id="unlisted-label"),
        pytest.param("来源于群众来信的问题线索12件，已全部办结。", id="word-laiyuan"),
        pytest.param("一、关于巡视整改工作开展情况", id="heading"),
        pytest.param("根据省委统一部署,2019年4月1日至5月31日,省委第八巡视组对汨罗市进行了巡视。",
                     id="preamble"),
        pytest.param("对打印机等办公设备进行了清理。", id="word-print-midline"),
        # CMS title markup: the parser makes it the title or a heading (cms_title below)
        pytest.param("【类型:巡察整改|标题:关于巡察整改情况的通报】", id="cms-markup"),
    ],
)
def test_notice_text_is_not_furniture(line: str):
    assert furniture(line) is None


@pytest.mark.parametrize(
    ("line", "title"),
    [
        pytest.param("【类型:巡察整改|标题:关于巡察整改情况的通报】", "关于巡察整改情况的通报",
                     id="pipe"),
        pytest.param("[类型：问题清单｜标题：一、关于学习不深入的问题]", "一、关于学习不深入的问题",
                     id="square-fullwidth"),
        pytest.param("【類型:巡察整改|標題:關於巡察整改情況的通報】", "關於巡察整改情況的通報",
                     id="traditional"),
        pytest.param("【类型:巡察整改|作者:某某】", None, id="no-title-field"),
        pytest.param("【巡察整改】中共某某县委关于巡察整改情况的通报", None, id="tag-prefix"),
    ],
)
def test_cms_title_span(line: str, title: str | None):
    span = cms_title(line)
    assert (line[span[0]:span[1]] if span else None) == title
