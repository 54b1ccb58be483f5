"""Every citation construction of issue 3, table-driven, with inline span markup.

``[[…]]`` marks each expected citation (its exact span); the dict lists fields the
citation must have. Most sentences are made up (not copied from the samples) so the
rules are tested on wordings they were not written from.
"""

from __future__ import annotations

import pytest

from .cite_marks import cite, unmark

BASIS = "二、立项依据\n"  # untitled bases count in a 立项依据 section

CASES = [
    # --- titles in 《》 -------------------------------------------------------
    ("plain title", "本项目根据[[《上海市科学技术普及条例》]]开展。", [dict(title="上海市科学技术普及条例", kind="law", doc_type="条例", level="municipal", is_policy=True)]),
    ("title with issuer inside", "依据[[《国务院关于加强数字政府建设的指导意见》]]。", [dict(title="国务院关于加强数字政府建设的指导意见", issuer="国务院", issuer_from="text", doc_type="意见", level="national")]),
    ("nested 〈〉", "执行[[《上海市科学技术协会实施〈中国科学技术协会章程〉细则》]]。", [dict(title="上海市科学技术协会实施〈中国科学技术协会章程〉细则", cites=("中国科学技术协会章程",), doc_type="细则")]),
    ("nested <>", "按照[[《中共某区委组织部关于印发<关于加强基层党建的意见>的通知》]]执行。", [dict(cites=("关于加强基层党建的意见",), doc_type="通知")]),
    ("nested 《》", "[[《中国科协关于印发《中国科学技术协会事业发展“十四五”规划（2021-2025年）》的通知》（科协发智字〔2021〕30号]]）", [dict(cites=("中国科学技术协会事业发展“十四五”规划（2021-2025年）",), doc_number="科协发智字〔2021〕30号", issuer="中国科协")]),
    ("doubled 《《》》", "根据[[《《上海市促进科技成果转化条例》》]]。", [dict(title="上海市促进科技成果转化条例", kind="law")]),
    ("title wrapped across lines", "6、根据[[《中华人民共和国合同\n法》]]、[[《上海市消防条例》]]等法律法规的规定。", [dict(title="中华人民共和国合同法", kind="law", level="national"), dict(title="上海市消防条例", kind="law")]),
    ("title wrapped with indentation", "依据[[《关于推进某区智慧城市建设的\n    实施意见》]]办理。", [dict(title="关于推进某区智慧城市建设的实施意见")]),
    ("unclosed 《 at the sentence end", "[[市委、市政府《关于进一步加强新时期科协工作的意见]]。", [dict(title="关于进一步加强新时期科协工作的意见", issuer="市委、市政府", confidence=0.6)]),
    # --- outer documents around a cited title --------------------------------
    ("关于贯彻落实《A》有关问题的通知", "2、[[关于贯彻落实《国务院办公厅关于改革完善博士后制度的意见》有关问题的通知（人社部发〔2017〕20号]]）。",
     [dict(title="关于贯彻落实《国务院办公厅关于改革完善博士后制度的意见》有关问题的通知", cites=("国务院办公厅关于改革完善博士后制度的意见",), doc_number="人社部发〔2017〕20号", issuer="人力资源社会保障部", issuer_from="code", doc_type="通知")]),
    ("ORG关于印发《A》的通知", "[[上海市人力资源和社会保障局关于印发《上海市博士后管理工作实施办法》的通知（沪人社专〔2020〕379号]]）",
     [dict(issuer="上海市人力资源和社会保障局", cites=("上海市博士后管理工作实施办法",), doc_number="沪人社专〔2020〕379号")]),
    ("ORG实施《A》细则 without 《》 around", "根据[[上海市科学技术协会实施《中国科学技术协会章程》细则]]，定期召开会议。", [dict(issuer="上海市科学技术协会", cites=("中国科学技术协会章程",), doc_type="细则")]),
    ("ORG印发《A》的通知 with number", "2017年9月,[[上海市人民政府印发《关于推进上海美丽健康产业高质量发展的若干意见》的通知(沪府发〔2017〕67号]]);", [dict(issuer="上海市人民政府", doc_number="沪府发〔2017〕67号", cites=("关于推进上海美丽健康产业高质量发展的若干意见",))]),
    # --- document numbers -----------------------------------------------------
    ("number in 〔〕", "[[《甲》（国发〔2022〕14号]]）", [dict(doc_number="国发〔2022〕14号", parts=("国发", 2022, "14"), issuer="国务院", issuer_from="code", level="national")]),
    ("number in []", "经批准（[[人社部函[2018]127号]]）", [dict(doc_number="人社部函〔2018〕127号", parts=("人社部函", 2018, "127"), issuer="人力资源社会保障部")]),
    ("number in （）", "[[《关于上海天文馆项目建议书的批复》（沪发改社（2014）7号]]）", [dict(parts=("沪发改社", 2014, "7"), issuer="上海市发展和改革委员会")]),
    ("number in ()", "[[《乙办法》(沪府办规(2021)5号]])", [dict(parts=("沪府办规", 2021, "5"), issuer="上海市人民政府办公厅")]),
    ("number in 【】", "上海市人力资源和社会保障局发文通知（[[沪人社专【2020】448号]]）", [dict(parts=("沪人社专", 2020, "448"), issuer="上海市人力资源和社会保障局", issuer_from="text")]),
    ("number in ﹝﹞", "见[[《丙规定》（浦府﹝2023﹞12号]]）", [dict(parts=("浦府", 2023, "12"), issuer="上海市浦东新区人民政府", level="district")]),
    ("number with 第", "（[[沪科党组合（2007）第011号文件《关于上海市科技创业中心功能定位的批复》]]）", [dict(parts=("沪科党组合", 2007, "011"), title="关于上海市科技创业中心功能定位的批复", doc_type="批复")]),
    ("number with spaces, serial as written", "按照[[《丁方案》（松委督〔2021〕034 号]]）", [dict(parts=("松委督", 2021, "034"), doc_number="松委督〔2021〕034号")]),
    ("number without brackets", "[[《中共上海市委组织部 上海市科学技术协会关于印发<关于加强党建引领基层科协建设的意见>的通知》（沪组委2019发字126号]]）", [dict(parts=("沪组委发字", 2019, "126"), issuer="中共上海市委组织部、上海市科学技术协会")]),
    ("year outside, serial in brackets", "[[关于印发《某实施办法（试行）》的通知（沪科协2021[51]号]]）", [dict(parts=("沪科协", 2021, "51"))]),
    ("closing parenthesis before 号", "[[中国科协《关于进一步推进创新驱动助力工程的指导意见》（科协发学字〔2017〕42）号]]；", [dict(parts=("科协发学字", 2017, "42"), issuer="中国科协")]),
    ("list of numbers = two documents", "根据国家科技部《[[国科发火字（1994）304号]]和[[（2003）96号]]》文件精神", [dict(parts=("国科发火字", 1994, "304"), issuer="国家科技部"), dict(parts=("国科发火字", 2003, "96"), issuer="国家科技部")]),
    ("number before its title", "根据[[沪科党组合（2007）第011号文件《关于功能定位的批复》]]。", [dict(title="关于功能定位的批复", parts=("沪科党组合", 2007, "011"))]),
    ("number after its title, outside （）", "制度依据：[[《关于加快培育和发展战略性新兴产业的决定》国发〔2010〕32号]]；", [dict(parts=("国发", 2010, "32"), doc_type="决定")]),
    ("number on the next line", "[[《上海市实施海外人才引进计划的意见》\n（沪委办发【2010】28号]]）", [dict(parts=("沪委办发", 2010, "28"), issuer="中共上海市委办公厅")]),
    ("number wrapped inside the bracket", "[[《某意见》（科协发学字〔2014\n〕86号]]）", [dict(parts=("科协发学字", 2014, "86"))]),
    ("full-width digits", "[[《戊通知》（国办发〔２０１９〕５１号]]）", [dict(parts=("国办发", 2019, "51"), doc_number="国办发〔2019〕51号")]),
    ("order without a year", "[[《中华人民共和国中小企业促进法》（中华人民共和国主席令第69号]]）", [dict(kind="law", parts=("中华人民共和国主席令", None, "69"))]),
    ("reference-list issuer between title and number", "[[《国家中长期科学和技术发展规划纲要（2006-2020）》，国务院，国发〔2005〕44号]]", [dict(issuer="国务院", parts=("国发", 2005, "44"))]),
    ("bare title before its number", "10、2015年1月21日[[民政部关于2015年中央财政支持社会组织参与社会服务项目立项的通知（民函〔2015〕28号]]），",
     [dict(title="民政部关于2015年中央财政支持社会组织参与社会服务项目立项的通知", issuer="民政部", parts=("民函", 2015, "28"))]),
    ("code written as the organisation's name", "根据[[上海市委机构编制委员会〔2019〕191号]]文批复，", [dict(parts=("上海市委机构编制委员会", 2019, "191"), issuer="上海市委机构编制委员会")]),
    # --- issuers before the title ---------------------------------------------
    ("joint issuers before the title", "4、[[人力资源社会保障部 财政部《关于调整博士后日常经费标准的通知》（人社部函〔2015〕185号]]）。", [dict(issuer="人力资源社会保障部、财政部", issuer_from="text", level="ministry")]),
    ("issuer with a verb", "2、[[国务院办公厅下发《关于印发全民科学素质行动计划纲要（2021-2035年）的通知》]]", [dict(issuer="国务院办公厅", level="national")]),
    ("issuer, date, verb", "根据国务院2009年11月审批通过的[[《老科学家学术成长资料采集工程实施方案》]]，", [dict(issuer="国务院")]),
    ("issuer wrapped across lines", "[[《中共上海市委 上海市人民政府关于加快建设具有全球影响力的科技创新中心的意见》]]、[[中共上海市委\n办公厅 上海市人民政府办公厅印发《关于深化人才工作的实施意见》]]", [dict(issuer="中共上海市委、上海市人民政府"), dict(issuer="中共上海市委办公厅、上海市人民政府办公厅")]),
    # --- laws without 《》 ------------------------------------------------------
    ("law without 《》 after a verb", "依照[[中华人民共和国科学技术普及法]]，弘扬科学精神。", [dict(kind="law", title="中华人民共和国科学技术普及法", level="national")]),
    ("local regulation without 《》", "工作须符合，[[上海市科学技术普及条例]]的规定。", [dict(kind="law", doc_type="条例", level="municipal")]),
    ("a method is not a law", "上海市推进工作的方法和做法。", []),
    # --- untitled bases -------------------------------------------------------
    ("根据…相关文件精神", BASIS + "[[根据中国反邪教协会、市委政法委相关文件精神]]为依据。", [dict(kind="instruction", is_policy=True, doc_id=None, title=None)]),
    ("a leader's 批示 with its 督办 number", BASIS + "[[根据区委主要领导批示（松委督〔2021〕034 号]]），开展专项整治。", [dict(kind="instruction", parts=("松委督", 2021, "034"), issuer="中共上海市松江区委督查室")]),
    ("批示 with 督办 number outside a basis section", "项目来源：[[区委书记同志批示（松委督〔2022〕7号]]）。", [dict(kind="instruction", parts=("松委督", 2022, "7"))]),
    ("untitled basis outside 立项依据 is not a citation", "为深入贯彻习近平总书记考察上海重要讲话精神，推进工作。", []),
    # --- not policy: mentions ---------------------------------------------------
    ("magazine", "征订《上海科技报》、《中国孵化器》、《华东科技》杂志", [dict(kind="mention", is_policy=False)] * 0),
    ("meeting", "共同主办的[[《上海脑科学与类脑智能发展研讨会》]]上", [dict(kind="mention", is_policy=False, issuer=None, doc_type=None)]),
    ("report being written", "完成[[《2022年上海市技术合同统计年报》]]。", [dict(kind="mention", is_policy=False)]),
    ("newsletter", "形成12期[[《外专服务动态》]]，", [dict(kind="mention", is_policy=False)]),
    ("contract", "签订[[《上海科学院研发计划项目管理和咨询服务协议》]]等", [dict(kind="mention", is_policy=False)]),
    ("book", "完成两本[[《国际高层次人才的引才名录》]]。", [dict(kind="mention", is_policy=False)]),
    ("event series", "制作了[[《航天知识考考你》]]系列科普视频", [dict(kind="mention", is_policy=False)]),
    ("a work report is a policy document", "根据[[《2023年上海市政府工作报告》]]", [dict(kind="document", is_policy=True, year=2023)]),
    # --- not citations at all -------------------------------------------------
    ("building numbers", "对平台2、3、4号楼的废气排放口进行改造，1号线（2021）3号口。", []),
    ("years in brackets", "实施周期（2021-2025年），经费（2023年）。", []),
    # --- more made-up wordings from other departments, districts and years ----
    ("district notice with a nested title", "根据[[《上海市松江区人民政府关于印发〈松江区“十四五”规划〉的通知》（松府发〔2021〕5号]]）文件精神", [dict(issuer="上海市松江区人民政府", level="district", cites=("松江区“十四五”规划",), parts=("松府发", 2021, "5"))]),
    ("district bureau code generated from the district table", "[[《关于做好2024年预算编制工作的通知》（松财预〔2023〕12号]]）", [dict(issuer="上海市松江区财政局", issuer_from="code", level="district")]),
    ("unknown district code still has a level", "[[《关于做好2024年预算编制工作的通知》（松规土预〔2023〕12号]]）", [dict(issuer=None, level="district")]),
    ("budget law is a law (预算法 is not 算法)", "依据[[《中华人民共和国预算法》]]第二十七条；根据[[中华人民共和国预算法]]的规定", [dict(kind="law", doc_type="法"), dict(kind="law")]),
    ("forwarding notice: the forwarder issues it", "依据[[《上海市人民政府办公厅转发市发展改革委关于本市推进某某工作实施意见的通知》（沪府办发〔2018〕12号]]）", [dict(issuer="上海市人民政府办公厅")]),
    ("等六部门 is not a second issuer", "落实[[《教育部等六部门关于加强新时代中小学科学教育工作的意见》]]", [dict(issuer="教育部")]),
    ("joint central issuers inside the title", "遵照[[《中共中央 国务院关于全面实施预算绩效管理的意见》（中发〔2018〕34号]]）精神", [dict(issuer="中共中央、国务院", level="party")]),
    ("ministry order", "按照[[财政部令第87号]]要求", [dict(parts=("财政部令", None, "87"), issuer="财政部")]),
    ("two numbers with codes in one bracket", "（[[沪财预〔2023〕5号]]、[[沪财预〔2023〕6号]]）", [dict(parts=("沪财预", 2023, "5")), dict(parts=("沪财预", 2023, "6"))]),
    ("a contract number is not a document number", "按[[《上海市政府采购管理办法》]]执行，合同编号HT-2023-001号。", [dict(doc_type="办法")]),
    ("government meeting named anywhere", "[[根据市政府第150次常务会议精神]]，设立本项目。", [dict(kind="instruction")]),
    ("directive of named organs in a basis section", BASIS + "[[按照区委、区政府工作部署]]，推进项目。", [dict(kind="instruction")]),
    ("approval by a meeting in a basis section", BASIS + "[[经区政府第12次常务会议审议通过]]。", [dict(kind="instruction")]),
    ("leader's 批示精神 in a basis section", BASIS + "[[根据区委书记张某某同志在2023年3月1日的批示精神]]。", [dict(kind="instruction", doc_id=None)]),
    ("bare 关于…的批复 before its number", "[[区发改委关于同意某某项目立项的批复（松发改〔2023〕88号]]）", [dict(issuer="区发改委", level="district", doc_type="批复")]),
    ("issuer outside, nested title inside", "根据[[国家发展改革委、财政部《关于印发〈政府投资基金暂行管理办法〉的通知》（财预〔2015〕210号]]）", [dict(issuer="国家发展改革委、财政部", cites=("政府投资基金暂行管理办法",))]),
    ("announcement numbered by year", "依据[[国家税务总局公告2021年第3号]]执行", [dict(parts=("国家税务总局公告", 2021, "3"), issuer="国家税务总局", level="ministry")]),
    ("order with a Chinese-numeral serial in brackets", "[[《中华人民共和国证券法》（中华人民共和国主席令（第三十七号]]））", [dict(kind="law", parts=("中华人民共和国主席令", None, "三十七"))]),
]


@pytest.mark.parametrize("name,marked,expected", CASES, ids=[c[0] for c in CASES])
def test_construction(name, marked, expected):
    text, spans = unmark(marked)
    found = cite(text)
    got = [(c.span.start, c.span.end) for c in found]
    if name == "magazine":  # all three in one list are magazines
        assert [c.kind for c in found] == ["mention"] * 3 and not any(c.is_policy for c in found)
        return
    assert got == spans, f"{name}: spans {[text[s:e] for s, e in got]} != {[text[s:e] for s, e in spans]}"
    for citation, fields in zip(found, expected):
        assert citation.text == text[citation.span.start:citation.span.end]
        for key, value in fields.items():
            if key == "parts":
                n = citation.doc_number
                assert n is not None and (n.issuer_code, n.year, n.serial) == value, f"{name}: {n}"
            elif key == "doc_number":
                assert citation.doc_number is not None and citation.doc_number.normalized == value
            else:
                assert getattr(citation, key) == value, f"{name}: {key}={getattr(citation, key)!r}, expected {value!r}"


def test_every_citation_names_its_rule():
    from policygraph.extract.cite_rules import default_rules

    ids = {r.id for r in default_rules()}
    for _, marked, _ in CASES:
        for c in cite(unmark(marked)[0]):
            assert c.rule in ids
