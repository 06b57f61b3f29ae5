"""The five seed notices: whole metadata, every heading, run-in splits, closing blocks, ids.

Expected values are written by hand from reading data/notices/*.txt (and the table in
the issue), not copied from parser output.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import opencc
import pytest

from analysis.normalize import normalize
from indexer.model import Notice, SourceDoc
from indexer.parse import parse_notice
from indexer.read import read_file

NOTICES = Path(__file__).resolve().parent.parent / "data" / "notices"
SEEDS = {path.name[:3]: path for path in sorted(NOTICES.glob("*.txt"))}


def parse_seed(key: str) -> Notice:
    path = SEEDS[key]
    return parse_notice(SourceDoc(origin=path.name, text=path.read_text(encoding="utf-8")))


def test_all_five_seeds_present():
    assert sorted(SEEDS) == ["000", "001", "002", "003", "004"]


# --- metadata ------------------------------------------------------------------------

_NONE = {"former_region": "", "flags": [], "round": "", "url": "", "overridden": {}}

METADATA = {
    "000": {
        **_NONE,
        "source_file": "000_cd99b975c353ef7b.txt",
        "title": "中共双鸭山市委关于巡视“回头看”整改情况的通报",  # wrapped over two lines
        "issuer": "中共双鸭山市委",
        "province": "黑龙江省", "city": "双鸭山市", "county": "", "region_code": "230500",
        "region_source": "issuer", "level": "prefecture", "level_source": "issuer",
        "inspection_kind": "巡视", "flags": ["回头看"],
        "inspector": "省委第十六巡视组",
        "inspection_start": "2016-08-22", "inspection_end": "2016-09-29",  # "9月29日": no year
        "feedback_date": "2016-11-09",
        "published_date": "", "published_source": "", "posted_date": "",  # no date given
        "year": 2016, "year_basis": "feedback",
        "source": "",
    },
    "001": {
        **_NONE,
        "source_file": "001_600e6c513e5b2d0c.txt",
        "title": "",  # the text starts with 根据省委统一部署: no title given
        "issuer": "中共汨罗市委",  # from the signature
        "province": "湖南省", "city": "岳阳市", "county": "汨罗市", "region_code": "430681",
        "region_source": "issuer", "level": "county", "level_source": "issuer",
        "inspection_kind": "巡视",
        "inspector": "省委第八巡视组",
        "inspection_start": "2019-04-01", "inspection_end": "2019-05-31",
        "feedback_date": "2019-08-29",  # "8月29日" inherits 2019
        "published_date": "2020-01-08", "published_source": "signature", "posted_date": "",
        "year": 2020, "year_basis": "published",
        "source": "",
    },
    "002": {
        **_NONE,
        "source_file": "002_5c2e2c6e6d9d9ed6.txt",
        "title": "",
        "issuer": "中共秦皇岛经济技术开发区工作委员会",
        "province": "河北省", "city": "秦皇岛市", "county": "秦皇岛经济技术开发区",
        "region_code": "", "region_source": "issuer",  # a development zone has no GB/T 2260 code
        "level": "county", "level_source": "issuer",
        "inspection_kind": "巡察",
        "inspector": "市委第五巡察组",
        "inspection_start": "2020-10-22", "inspection_end": "2020-12-15",
        "feedback_date": "2021-03-18",
        "published_date": "2021-07-23", "published_source": "signature",
        "posted_date": "2021-07-28",
        "year": 2021, "year_basis": "published",
        "source": "市委巡察办",
    },
    "003": {
        **_NONE,
        "source_file": "003_da27469e34e73c65.txt",
        "title": "中共杭州市上城区委关于十四届省委第十一轮巡视整改进展情况(原江干区部分)的通报",
        "issuer": "中共杭州市上城区委",
        "province": "浙江省", "city": "杭州市", "county": "上城区", "region_code": "330102",
        "region_source": "issuer", "former_region": "江干区",
        "level": "county", "level_source": "issuer",
        "inspection_kind": "巡视",
        "inspector": "省委第三巡视组", "round": "十四届省委第十一轮",
        "inspection_start": "2020-10-15", "inspection_end": "2020-12-11",
        "feedback_date": "2021-01-12",
        # posted the same day it was signed: posted_date only records a different date
        "published_date": "2021-08-30", "published_source": "signature", "posted_date": "",
        "year": 2021, "year_basis": "published",
        "source": "浙江省纪委省监委网站",
    },
    "004": {
        **_NONE,
        "source_file": "004_84e8a1ac491c1977.txt",
        "title": "中共深圳市大鹏新区工作委员会关于巡察整改情况的通报",
        "issuer": "中共深圳市大鹏新区工作委员会",
        "province": "广东省", "city": "深圳市", "county": "大鹏新区", "region_code": "",
        "region_source": "issuer", "level": "county", "level_source": "issuer",
        "inspection_kind": "巡察",
        "inspector": "市委第一巡察组",
        "inspection_start": "2017-05-15", "inspection_end": "2017-06-30",
        "feedback_date": "2017-09-05",
        "published_date": "2017-12-21", "published_source": "signature",
        "posted_date": "2017-12-25",
        "year": 2017, "year_basis": "published",
        "source": "深圳市纪委",
    },
}


@pytest.mark.parametrize("key", sorted(METADATA))
def test_seed_metadata(key: str):
    metadata = parse_seed(key).metadata()
    notice_id = metadata.pop("id")
    assert re.fullmatch(r"[a-z2-7]{10}", notice_id)
    assert metadata == METADATA[key]


_S2T = opencc.OpenCC("s2t")


def _comparable(value: Any) -> Any:
    """A metadata value with its text normalized (traditional and simplified compare equal)."""
    if isinstance(value, str):
        return normalize(value)
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_in_traditional_script_parses_like_its_simplified_twin(key: str):
    """Issue 10 §1.4: every rule runs on the simplified view; display stays as published.

    OpenCC's s2t keeps every character in place for the seeds, so each paragraph of the
    traditional twin must be the same slice of its text as the simplified paragraph is
    of the seed (its round trip is not exact, 回复 → 回覆 → 回覆, so texts are compared
    by position rather than normalized).
    """
    source = SEEDS[key].read_text(encoding="utf-8")
    traditional = _S2T.convert(source)
    assert traditional != source and len(traditional) == len(source)
    simp = parse_seed(key)
    trad = parse_notice(SourceDoc(origin=SEEDS[key].name, text=traditional))
    assert _comparable(trad.metadata()) == _comparable(simp.metadata())

    at, twin = 0, {}
    for p in simp.paragraphs:
        at = source.index(p.text, at)
        twin[p.text] = traditional[at:at + len(p.text)]
    assert [(p.kind, p.depth, p.section_path, p.text) for p in trad.paragraphs] == [
        (p.kind, p.depth, [twin[h] for h in p.section_path], twin[p.text])
        for p in simp.paragraphs]
    if simp.title:
        assert trad.title == _S2T.convert(simp.title)


@pytest.mark.parametrize("key", sorted(METADATA))
def test_seed_metadata_same_through_the_reader(key: str):
    """Reading the file the way the build does gives the same notice."""
    docs, errors = read_file(SEEDS[key], NOTICES)
    assert errors == []
    assert [parse_notice(d).to_dict() for d in docs] == [parse_seed(key).to_dict()]


# --- headings ------------------------------------------------------------------------

# Every numbered heading of each seed, outermost level 1, as displayed. Run-in headings
# end at their first 。 (the rest of the line is body). Not headings: 000's numbered
# action sentences (1.针对…问题，市委按照…。), 004's (12)一是… and (13)一是….
HEADINGS: dict[str, list[tuple[int, str]]] = {
    "000": [
        (1, "一、党的领导和党组织建设方面问题"),
        (2, "（一）市委的领导核心作用弱化问题整改"),
        (2, "（二）对党建工作重视不够问题整改"),
        (2, "（三）对基层党组织活动疏于管理问题整改"),
        (2, "（四）基层党组织弱化问题整改"),
        (1, "二、从严治党“两个责任”落实和管党治党担当方面问题"),
        (2, "（一）主体责任落实不力问题整改"),
        (2, "（二）监督责任失之于宽软问题整改"),
        (1, "三、廉政风险点防控，有效遏制腐败方面的问题"),
        (2, "（一）重大项目决策随意，存在较大廉政风险，有的项目缺乏充分论证，致使项目建设过程中"
            "出现投资乏力、工程搁浅、投资商弃管问题整改"),
        (2, "（二）资金管理混乱，存在违规运作现象问题整改"),
        (2, "（三）违法用地多发，没有得到及时处理问题整改"),
        (2, "（四）房地产开发领域不规范，违规现象频发问题整改"),
        (2, "（五）群众身边的腐败问题呈高发态势，影响极坏问题整改"),
        (1, "四、落实中央八项规定精神、省委省政府九项规定及“四风”方面问题"),
        (2, "（一）个别领导干部政绩观不够端正问题整改"),
        (2, "（二）个别领导干部意志消退，懒政怠政，为官不为问题整改"),
        (2, "（三）个别党员干部公款吃喝、违规操办婚丧喜庆事宜"),
        (1, "五、选人用人方面问题"),
        (2, "（一）执行干部选拔任用制度不够严格问题整改"),
        (2, "（二）“三超两乱”问题依然存在，超职数配备干部消化力度不够问题整改"),
        (2, "（三）干部选任基础工作不规范问题整改"),
    ],
    "001": [
        (1, "一、组织整改落实情况"),
        (1, "二、巡视反馈问题整改进展情况"),
        (2, "(一)“学习贯彻落实习近平新时代中国特色社会主义思想和党的十九大精神不够到位”方面"),
        (3, "1.关于“学习缺乏系统性实效性”的问题。"),
        (3, "2.关于“推进三大攻坚战不够有力”的问题。"),
        (3, "3.关于“以人民为中心的发展思想树得不够牢”的问题。"),
        (2, "(二)“党的全面领导不够有力,政治生态净化不够彻底”方面"),
        (3, "4.关于“党的全面领导作用发挥不够”的问题。"),
        (3, "5.关于“肃清白维国恶劣影响不彻底”的问题。"),
        (3, "6.关于“党内政治文化不健康,存在一定程度的自由主义和好人主义”的问题。"),
        (3, "7.关于“意识形态工作责任制落实不到位”的问题。"),
        (2, "(三)“组织建设不够规范,基层党组织建设薄弱”方面"),
        (3, "8.关于“选人用人制度执行不严格”的问题。"),
        (3, "9.关于“突出问题专项整治不彻底”的问题。"),
        (3, "10.关于“党建工作抓而不实”的问题。"),
        (2, "(四)“作风建设不够扎实,形式主义、官僚主义问题较为突出”方面"),
        (3, "11.关于“违反中央八项规定精神禁而不绝”的问题。"),
        (3, "12.关于“形式主义、官僚主义问题突出”的问题。"),
        (3, "13.关于“不担当、不作为现象较为突出”的问题。"),
        (2, "(五)“纪律建设有待加强,反腐败斗争压倒性胜利需要进一步巩固”方面"),
        (3, "14.关于“主体责任未压紧压实”的问题。"),
        (3, "15.关于“监督执纪问责不够精准”的问题。"),
        (3, "16.关于“部分领域廉洁风险突出”的问题。"),
        (3, "17.关于“群众身边的腐败和作风问题没有得到根治”的问题。"),
        (3, "18.关于“铲除黑恶势力及其保护伞任务艰巨”的问题。"),
        (2, "(六)“巡视整改不到位”方面"),
        (3, "19.关于“2012年上一轮巡视之后,有3个问题没有整改到位”的问题。"),
        (1, "三、继续深化后续整改"),
    ],
    "002": [
        (1, "一、把整改落实作为一项重要政治任务来抓"),
        (2, "(一)提高思想认识,主动认领问题。"),
        (2, "(二)强化组织领导,压实整改责任。"),
        (2, "(三)坚持问题导向,开好民主生活会。"),
        (2, "(四)狠抓调度督导,从严落实整改。"),
        (2, "(五)注重成果转化,确保整改实效。"),
        (1, "二、整改落实的成效"),
        (2, "(一)关于贯彻落实党的路线方针政策和中央重大决策部署情况方面"),
        (3, "1. 学习贯彻习近平新时代中国特色社会主义思想和党的十九大精神重点不突出,与打造现代化"
            "新城建设目标有较大差距。"),
        (4, "(1)针对市委巡察组指出的“运用党的创新理论武装头脑、指导实践不到位,区域治理体系还不够"
            "完善”问题。(已完成)"),
        (4, "(2)针对市委巡察组指出的“落实新发展理念,推进经济结构性改革不到位”问题。(已完成)"),
        (4, "(3)针对市委巡察组指出的“对接京津冀协同发展战略不够有力”问题。(已完成)"),
        (4, "(4)针对市委巡察组指出的“落实全国、全省农村人居环境整治三年行动计划工作进展迟缓”问题"
            "。(已完成)"),
        (3, "2.加强党的政治建设不到位。"),
        (4, "(5)针对市委巡察组指出的“落实民主生活会、组织生活会等方面不严格”问题。(已完成)"),
        (3, "3.贯彻落实全面深化改革决策部署不彻底。"),
        (4, "(6)针对市委巡察组指出的“未在全区推行人事和薪酬制度改革政策,致使落实省委、省政府2019"
            "年完成改革工作的要求不到位”问题。(未完成)"),
        (4, "(7)针对市委巡察组指出的“行政审批制度改革还有差距”问题。(已完成)"),
        (3, "4.防范化解重大风险工作力度不够。"),
        (4, "(8)针对市委巡察组指出的“国有资产监管不到位”问题。(基本完成)"),
        (3, "5.意识形态责任制落实不到位。"),
        (4, "(9)针对市委巡察组指出的“党工委对意识形态工作的重要性重视不够,责任压得不实”问题。(已"
            "完成)"),
        (4, "(10)针对市委巡察组指出的“网络舆情风险防控方面存在短板”问题。(已完成)"),
        (3, "6.巡察发现问题和“不忘初心、牢记使命”主题教育检视问题落实整改不到位。"),
        (4, "(11)针对市委巡察组指出的“班子未对主题教育发现的问题及时研究分析,未制定针对性整改措"
            "施”问题。(已完成)"),
        (2, "(二)关于群众身边不正之风和腐败问题方面"),
        (3, "7.“微腐败”和漠视群众利益的问题仍有发生。"),
        (4, "(12)针对市委巡察组指出的“违反中央八项规定精神问题依然存在”问题。(已完成)"),
        (4, "(13)针对市委巡察组指出的“存在漠视企业利益问题”问题。(基本完成)"),
        (4, "(14)针对市委巡察组指出的“部分村干部违法违纪问题时有发生”问题。(已完成)"),
        (3, "8.制度建设、内控机制不够完善健全,存在廉政风险。"),
        (4, "(15)针对市委巡察组指出的“政府投资的建设项目管理不规范”问题。(已完成)"),
        (4, "(16)针对市委巡察组指出的“审计工作不到位”问题。(基本完成)"),
        (4, "(17)针对市委巡察组指出的“国有企业管理不规范,成立、整合、运营管理缺乏有效监管”问题。"
            "(基本完成)"),
        (3, "9.形式主义、官僚主义现象仍然存在。"),
        (4, "(18)针对市委巡察组指出的“工作安排多,狠抓落实少”问题。(已完成)"),
        (4, "(19)针对市委巡察组指出的“部分工作‘推动靠文件,落实在纸面’,没有任何具体措施”问题。(已"
            "完成)"),
        (2, "(三)关于基层党组织建设情况方面"),
        (3, "10.落实党建工作责任制不到位。"),
        (4, "(20)针对市委巡察组指出的“班子成员落实‘一岗双责’乏力”问题。(已完成)"),
        (4, "(21)针对市委巡察组指出的“落实党内政治生活要求有差距”问题。(已完成)"),
        (4, "(22)针对市委巡察组指出的“基层党组织建设弱化,战斗堡垒作用发挥不明显”问题。(已完成)"),
        (3, "11.干部队伍管理与开发区新时代发展要求不适应。"),
        (4, "(23)针对市委巡察组指出的“干部调整不及时”问题。(基本完成)"),
        (4, "(24)针对市委巡察组指出的“干部队伍结构不合理,尤其是在推进专业化人才‘高地’建设方面成"
            "效不明显”问题。(已完成)"),
        (4, "(25)针对市委巡察组指出的“干部队伍担当精神不足”问题。(已完成)"),
        (3, "12.履行全面从严治党政治责任不够到位。"),
        (4, "(26)针对市委巡察组指出的“党工委落实主体责任不够有力”问题。(已完成)"),
        (4, "(27)针对市委巡察组指出的“纪工委履行监督职责有差距”问题。(已完成)"),
        (1, "三、下一步打算"),
        (2, "(一)坚持“三个不变”,继续抓好后续整改工作。"),
        (2, "(二)强化建章立制,构建管用实用的长效机制。"),
        (2, "(三)巩固整改成果,为高质量发展凝聚人心。"),
    ],
    "003": [
        (1, "一、关于“学习贯彻习近平新时代中国特色社会主义思想和党的十九大精神不够到位”问题的整"
            "改情况"),
        (2, "(一)坚决贯彻落实习近平同志指示精神。"),
        (2, "(二)全面加强思想理论武装。"),
        (2, "(三)牢固树立“以人民为中心”工作理念。"),
        (1, "二、关于“加强党的政治建设不够有力”问题的整改情况"),
        (2, "(一)进行集中规范。"),
        (2, "(二)出台负面清单。"),
        (2, "(三)进行约谈教育。"),
        (1, "三、关于“推动经济高质量发展成色不足”问题的整改情况"),
        (2, "(一)加快推进转型升级。"),
        (2, "(二)优化提升平台能级。"),
        (2, "(三)全面统筹协调发展。"),
        (1, "四、关于“防范化解重大风险不够到位”问题的整改情况"),
        (2, "(一)提升防范经济风险能力。"),
        (2, "(二)提升防范化解社会稳定风险能力。"),
        (1, "五、关于“区委抓主体责任落实不够到位”问题的整改情况"),
        (2, "(一)进一步严实区委履行管党治党政治责任。"),
        (2, "(二)进一步压实班子成员“一岗双责”。"),
        (2, "(三)进一步强化巡察工作。"),
        (1, "六、关于“区纪委区监委履行监督责任还有欠缺”问题的整改情况"),
        (2, "(一)加大问题线索查处力度。"),
        (2, "(二)加大督促处分决定执行力度。"),
        (2, "(三)加大派驻纪检监察组监督力度。"),
        (1, "七、关于“抓作风建设不够持续有力”问题的整改情况"),
        (2, "(一)严格执行中央八项规定精神。"),
        (2, "(二)坚决整治形式主义、官僚主义问题。"),
        (2, "(三)切实改进会议活动管理。"),
        (1, "八、关于“重点领域监管还不够有力,存在较大廉政风险”问题的整改情况"),
        (2, "(一)全面加强国有资产监管。"),
        (2, "(二)建立健全招商引资奖补管理。"),
        (2, "(三)严格规范执行工程招投标制度。"),
        (1, "九、关于“选人用人和干部队伍管理不够规范”问题的整改情况"),
        (2, "(一)加强干部提任把关。"),
        (2, "(二)严肃处理违规干部。"),
        (2, "(三)严格干部日常管理。"),
        (1, "十、关于“党建工作还不够扎实”问题的整改情况"),
        (2, "(一)有效传导党建工作责任制压力。"),
        (2, "(二)全面补齐基层党建短板。"),
        (2, "(三)扎实开展“两新”党建。"),
        (1, "十一、关于“党员干部不担当不作为现象仍然存在”问题的整改情况"),
        (2, "(一)严肃处理相关干部。"),
        (2, "(二)不断加强正面激励。"),
        (2, "(三)重点解决突出问题。"),
        (1, "十二、关于“区委落实整改主体责任不够到位”问题的整改情况"),
        (1, "十三、关于“区纪委区监委抓整改日常监督不够持续有力”问题的整改情况"),
        (2, "(一)加强对区委落实整改主体责任情况监督。"),
        (2, "(二)增强协助区委抓巡视整改举措能力。"),
        (1, "十四、关于“抓长效机制健全和整改实效还有欠缺”问题的整改情况"),
        (2, "(一)加快出台整改长效机制。"),
        (2, "(二)切实提升部分问题整改成效。"),
    ],
    "004": [
        (1, "一、提高政治站位,抓紧抓实巡察整改工作"),
        (2, "(一)统一思想认识,坚决扛起巡察整改政治责任。"),
        (2, "(二)加强组织领导,坚定有力推动巡察整改工作。"),
        (2, "(三)坚持以上率下,领导带头落实巡察整改任务。"),
        (2, "(四)突出标本兼治,切实提高巡察整改工作质量。"),
        (1, "二、落实政治任务,逐项对照反馈问题整改"),
        (2, "(一)加强党的领导方面。"),
        (3, "1.关于“一些领域党的领导核心作用发挥不明显”问题的整改情况。"),
        (4, "(1)积极整改“党管干部原则在新区职能部门体现不充分”的问题。"),
        (4, "(2)着力解决“教育医疗系统党的领导体制不顺”的问题。"),
        (3, "2.关于“开展党内政治生活不认真”问题的整改情况。"),
        (4, "(3)积极整改“部分单位党的观念淡漠,以行政会议代替党的会议,以行政文件代替党的文件”等问"
            "题。"),
        (4, "(4)积极整改“党内学习风气不实、效果不佳”的问题。"),
        (4, "(5)积极整改“组织生活制度落实不严”的问题。"),
        (2, "(二)全面从严治党方面。"),
        (3, "3.关于“履行主体责任和监督责任不自觉、不主动”问题的整改情况。"),
        (4, "(6)积极整改“部分单位在履责时,以文件套文件,‘依瓢画葫芦’,重形式,轻实效;一些单位放松要"
            "求,对中央规定留缺口、搞变通;一些领导对抓早抓小不重视,存在‘老好人’思想”等问题。"),
        (3, "4.关于“违反中央八项规定精神问题时有发生”问题的整改情况。"),
        (4, "(7)及时整改违规使用公车问题,全面规范公车使用管理。"),
        (4, "(8)坚决整改某办事处装修豪华接待房的问题,同时类似问题全面排查整改。"),
        (4, "(9)依法依规核查“某党员干部在饭堂举办私宴”,“某党员干部值班期间擅离职守,接受宴请”等问"
            "题,对违纪人员进行立案审查,切实正风肃纪,坚决纠正“四风”。"),
        (4, "(10)认真核查“某局个别领导利用职务便利在主管的社会组织报销个人费用”问题,同时举一反三"
            ",防范廉政风险。"),
        (3, "5.关于“文山会海”问题的整改情况。"),
        (4, "(11)大力整治“新区文件多、会议多”的突出问题。"),
        (2, "(三)干部规矩意识方面。"),
        (3, "6.关于“个别领导干部违反民主集中制原则,个人决定重大事项”问题的整改情况。"),
        (3, "7.关于“个别领导干部自行其是,违规决策,造成重大经济损失”问题的整改情况。"),
        (3, "8.关于“部分领导干部组织纪律观念不严,报告个人有关事项不认真、不严肃、不负责任”问题的"
            "整改情况。"),
        (4, "(14)针对新区组织部门及巡察组抽查均存在一定比例干部漏报个人事项的问题,坚决加强干部管"
            "理和纪律教育。"),
        (2, "(四)廉政风险防控方面。"),
        (3, "9.关于“对临时建筑审批和细小工程建设监管不力”问题的整改情况。"),
        (4, "(15)积极整改“临时建筑存在违规审批、手续缺失、资料不全,对临建改变用途监管不力”等问题"
            "。"),
        (4, "(16)积极整改“办事处细小工程问题存在承包商、采购商库筛选不透明,执行监管制度不坚决,预"
            "算随意、资格审查不实,程序把关不严,一些承包商、采购商背后有公职人员的身影”等问题。"),
        (3, "10.关于“部分政府购买服务和专项资金扶持项目违反‘三公’原则”问题的整改情况。"),
        (4, "(17)对“某局向某社会组织购买服务缺乏对项目实施过程和资金使用情况的监督,原局长提前退"
            "休后到该组织任职,该组织为个别局领导报销家属学习潜水费用”等问题全面整改,对涉嫌的违规"
            "违纪问题加快核查。"),
        (3, "11.关于“社区城市更新无序竞争”问题的整改情况。"),
        (4, "(18)积极整改城市更新无序竞争问题。"),
        (1, "三、强化政治担当,纵深推进全面从严治党"),
        (2, "(一)进一步增强“四个意识”。"),
        (2, "(二)进一步压实党建责任。"),
        (2, "(三)进一步巩固整改成果。"),
        (2, "(四)进一步凝聚发展合力。"),
    ],
}


@pytest.mark.parametrize("key", sorted(HEADINGS))
def test_seed_headings(key: str):
    notice = parse_seed(key)
    assert [(p.depth, p.text) for p in notice.paragraphs if p.kind == "heading"] == HEADINGS[key]


@pytest.mark.parametrize("key", sorted(HEADINGS))
def test_seed_section_paths_follow_the_heading_ladder(key: str):
    """Each paragraph's path is the headings open above it, outermost first."""
    open_headings: list[str] = []
    for p in parse_seed(key).paragraphs:
        if p.kind == "heading":
            del open_headings[p.depth - 1:]
            assert p.section_path == open_headings
            open_headings.append(p.text)
        elif p.kind == "body":
            assert p.section_path == open_headings
        else:
            assert p.section_path == []


# (seed, heading, first words of the body paragraph right after it, in the same section)
RUN_IN = [
    ("002", "(一)提高思想认识,主动认领问题。", "巡察意见反馈会后,开发区党工委立即组织召开"),
    ("002", "(三)巩固整改成果,为高质量发展凝聚人心。", "把整改落实工作转化为改进工作的具体措施"),
    ("003", "(一)坚决贯彻落实习近平同志指示精神。", "健全完善“第一议题”制度"),
    ("003", "(二)进一步压实班子成员“一岗双责”。", "出台《2021年党风廉政建设和反腐败工作"),
    ("004", "(四)突出标本兼治,切实提高巡察整改工作质量。", "一是坚持“立行立改”。"),
    ("004", "(1)积极整改“党管干部原则在新区职能部门体现不充分”的问题。", "一是积极沟通衔接。"),
    ("004", "(14)针对新区组织部门及巡察组抽查均存在一定比例干部漏报个人事项的问题,"
            "坚决加强干部管理和纪律教育。", "一是进一步压实工作责任。"),
]


@pytest.mark.parametrize(("key", "heading", "body_start"), RUN_IN,
                         ids=[f"{k}-{h[:6]}" for k, h, _ in RUN_IN])
def test_seed_run_in_headings_are_split(key: str, heading: str, body_start: str):
    paragraphs = parse_seed(key).paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text == heading)
    body = paragraphs[at + 1]
    assert paragraphs[at].kind == "heading"
    assert body.kind == "body"
    assert body.text.startswith(body_start)
    assert body.section_path == [*paragraphs[at].section_path, heading]


# (seed, first words of a numbered line that is body text, its section path)
NUMBERED_BODY = [
    ("000", "1.针对推动转型发展上缺少开拓创新问题，市委按照省委",
     ["一、党的领导和党组织建设方面问题", "（一）市委的领导核心作用弱化问题整改"]),
    ("000", "3、针对7个市直纪检组“零办案”的问题",
     ["二、从严治党“两个责任”落实和管党治党担当方面问题", "（二）监督责任失之于宽软问题整改"]),
    ("004", "(12)一是切实强化预算审批管控。",
     ["二、落实政治任务,逐项对照反馈问题整改", "(三)干部规矩意识方面。",
      "6.关于“个别领导干部违反民主集中制原则,个人决定重大事项”问题的整改情况。"]),
    ("004", "(13)一是做好具体事项整改。",
     ["二、落实政治任务,逐项对照反馈问题整改", "(三)干部规矩意识方面。",
      "7.关于“个别领导干部自行其是,违规决策,造成重大经济损失”问题的整改情况。"]),
    ("001", "整改情况:加强市委理论学习中心组集中学习",  # label line under its problem
     ["二、巡视反馈问题整改进展情况",
      "(一)“学习贯彻落实习近平新时代中国特色社会主义思想和党的十九大精神不够到位”方面",
      "1.关于“学习缺乏系统性实效性”的问题。"]),
    ("003", "区委把巡视整改作为重大政治任务来抓", []),  # 一是…二是… run in the preamble
]


@pytest.mark.parametrize(("key", "start", "path"), NUMBERED_BODY,
                         ids=[f"{k}-{s[:8]}" for k, s, _ in NUMBERED_BODY])
def test_seed_numbered_prose_is_body(key: str, start: str, path: list[str]):
    [p] = [p for p in parse_seed(key).paragraphs if p.text.startswith(start)]
    assert (p.kind, p.depth, p.section_path) == ("body", 0, path)


# --- closing block and furniture -------------------------------------------------------

CLOSING = {
    "000": [
        "欢迎广大干部群众对巡视整改落实情况进行监督。如有意见建议，请及时向我们反映。",
        "联系电话：0469-4244416",
        "邮政邮箱：双鸭山市纪委党风政风监督室电子信箱：sysdfzfjds@163.com",
    ],
    "001": [
        "欢迎广大干部群众对巡视整改落实情况进行监督,如有意见建议,请及时向我们反映。"
        "联系方式: 0730-5226738;邮政信箱:汨罗市建设路24号市委6楼巡视整改办;"
        "电子邮箱:3409667430@qq.com。",
        "中共汨罗市委",
        "2020年1月8日",
    ],
    "002": [
        "欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议,请及时向我们反映。"
        "征求意见时间为2个月(自2021年7月23日至9月23日)。联系方式:0335—3926091(8:30-17:30);"
        "通讯地址:秦皇岛市秦皇西大街369号中共秦皇岛经济技术开发区工作委员会;邮政编码:066004;"
        "电子邮箱: gwbwmk2204@163.com。",
        "中共秦皇岛经济技术开发区工作委员会",
        "2021年7月23日",
    ],
    "003": [
        "欢迎广大干部群众对巡视整改落实情况进行监督。如有意见建议,请及时向我们反映。"
        "联系方式:电话87837059;邮政信箱中共杭州市上城区委员会办公室;电子邮箱hzscqwb@163.com。",
        "中共杭州市上城区委",
        "2021年8月30日",
    ],
    "004": [
        "欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议,请及时向我们反映。"
        "联系电话:0755-28333312;邮政信箱:深圳市大鹏新区葵涌办事处金岭路1号大鹏新区管委会1620室,"
        "邮编518119;电子邮箱:ouchangcheng @dpxq.gov.cn。",
        "中共深圳市大鹏新区工作委员会",
        "2017年12月21日",
    ],
}


@pytest.mark.parametrize("key", sorted(CLOSING))
def test_seed_closing_block(key: str):
    paragraphs = parse_seed(key).paragraphs
    closing = [p.text for p in paragraphs if p.kind == "closing"]
    assert closing == CLOSING[key]
    # the closing block is the end of the notice, nothing after it
    assert [p.kind for p in paragraphs[-len(closing):]] == ["closing"] * len(closing)


FURNITURE_RE = re.compile(
    r"来源[:：]|发布时间|发布日期|分享到|©|ICP|联系电话|阅读量|当前位置|您当前的位置")


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_no_furniture_in_body_or_headings(key: str):
    leaks = [p.text for p in parse_seed(key).paragraphs
             if p.kind != "closing" and FURNITURE_RE.search(p.text)]
    assert leaks == []


# First and last line (1-based, inclusive) of each seed's text below its title and
# furniture; every line in between, and nothing else, must reappear in the paragraphs.
TEXT_LINES = {"000": (5, 69), "001": (1, 53), "002": (2, 88), "003": (7, 121), "004": (5, 105)}


@pytest.mark.parametrize("key", sorted(TEXT_LINES))
def test_seed_paragraphs_cover_the_text_exactly(key: str):
    first, last = TEXT_LINES[key]
    lines = SEEDS[key].read_text(encoding="utf-8").split("\n")[first - 1:last]
    expected = re.sub(r"\s", "", "".join(lines))
    got = re.sub(r"\s", "", "".join(p.text for p in parse_seed(key).paragraphs))
    assert got == expected


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_display_text_is_trimmed_source_text(key: str):
    """Paragraph text is published text, only trimmed (run-in parts are line slices)."""
    source = SEEDS[key].read_text(encoding="utf-8")
    for p in parse_seed(key).paragraphs:
        assert p.text == p.text.strip()
        assert p.text in source


# --- ids -----------------------------------------------------------------------------


def test_seed_ids_are_stable_and_independent_of_other_files():
    alone = {key: parse_seed(key) for key in sorted(SEEDS)}
    again = {key: parse_seed(key) for key in sorted(SEEDS, reverse=True)}
    for key, notice in alone.items():
        assert notice.id == again[key].id
        assert [p.id for p in notice.paragraphs] == [p.id for p in again[key].paragraphs]
    assert len({n.id for n in alone.values()}) == len(alone)


def test_seed_id_depends_only_on_the_file_itself(tmp_path: Path):
    """Parsing a seed among extra files (in another folder) gives the same ids."""
    extra = tmp_path / "data"
    extra.mkdir()
    for path in SEEDS.values():
        (extra / path.name).write_bytes(path.read_bytes())
    (extra / "005_extra.txt").write_text(SEEDS["001"].read_text(encoding="utf-8"), "utf-8")
    for key, path in SEEDS.items():
        docs, _ = read_file(extra / path.name, extra)
        assert parse_notice(docs[0]).to_dict() == parse_seed(key).to_dict()


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_paragraph_ids_unique_ordinals_consecutive(key: str):
    notice = parse_seed(key)
    ids = [p.id for p in notice.paragraphs]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(rf"{notice.id}-[a-z2-7]{{8}}(?:-\d+)?", i) for i in ids)
    assert [p.ordinal for p in notice.paragraphs] == list(range(1, len(ids) + 1))
