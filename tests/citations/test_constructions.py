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
    ("a meeting's spirit as a list item, no verb", BASIS + "1.[[《上海市养老服务条例》]]；\n2.[[区长办公会议精神]]；", [dict(kind="law"), dict(kind="instruction", title=None)]),
    ("directive of named organs in a basis section", BASIS + "[[按照区委、区政府工作部署]]，推进项目。", [dict(kind="instruction")]),
    ("approval by a meeting in a basis section", BASIS + "[[经区政府第12次常务会议审议通过]]。", [dict(kind="instruction")]),
    ("leader's 批示精神 in a basis section", BASIS + "[[根据区委书记张某某同志在2023年3月1日的批示精神]]。", [dict(kind="instruction", doc_id=None)]),
    ("bare 关于…的批复 before its number", "[[区发改委关于同意某某项目立项的批复（松发改〔2023〕88号]]）", [dict(issuer="区发改委", level="district", doc_type="批复")]),
    ("issuer outside, nested title inside", "根据[[国家发展改革委、财政部《关于印发〈政府投资基金暂行管理办法〉的通知》（财预〔2015〕210号]]）", [dict(issuer="国家发展改革委、财政部", cites=("政府投资基金暂行管理办法",))]),
    ("announcement numbered by year", "依据[[国家税务总局公告2021年第3号]]执行", [dict(parts=("国家税务总局公告", 2021, "3"), issuer="国家税务总局", level="ministry")]),
    ("order with a Chinese-numeral serial in brackets", "[[《中华人民共和国证券法》（中华人民共和国主席令（第三十七号]]））", [dict(kind="law", parts=("中华人民共和国主席令", None, "三十七"))]),
    # --- generalisation round (issue 3 re-opened: other departments, years, cities, provinces) ---
    ("reference list: short issuer, number wrapped to the next line", "（6）[[《关于进一步做好稳就业工作的意见》，国办，\n国办发〔2019〕51号]]；", [dict(issuer="国办", parts=("国办发", 2019, "51"), level="national")]),
    ("reference list: joint issuers wrapped across lines", "（3）[[《关于实施职业技能提升行动的通知》，人社部、\n财政部，人社部发〔2020〕10号]]；", [dict(issuer="人社部、财政部", parts=("人社部发", 2020, "10"), level="ministry")]),
    ("reference list: title, a bare comma, the number", "（7）[[《某区职业技能培训补贴实施细则》，奉人社规〔2021〕2号]]。", [dict(issuer="上海市奉贤区人力资源和社会保障局", issuer_from="code", level="district", doc_type="细则")]),
    ("reference list: issuers with 等N部门", "5、[[《关于推进家庭医生签约服务的指导意见》，国家卫生健康委等六部门，国卫基层发〔2022〕10号]]；", [dict(issuer="国家卫生健康委", parts=("国卫基层发", 2022, "10"))]),
    ("reference list with 中办、国办 and a date", "4、[[《关于进一步完善医疗卫生服务体系的意见》]]，中办、国办，2023年3月；", [dict(issuer="中办、国办", level="party", year=2023)]),
    ("a title, a bare comma, then prose: two citations", "根据[[《甲方案》]]，[[沪府发〔2019〕3号]]文件要求设立。", [dict(kind="document"), dict(parts=("沪府发", 2019, "3"))]),
    ("a city government's name run into an unknown code", "根据[[南京市人民政府宁政发(2017)6号]]文件", [dict(parts=("宁政发", 2017, "6"), issuer="南京市人民政府", issuer_from="text", level="municipal")]),
    ("a city's code opening with its own name", "[[中共成都市委成委发(2013)29号]]；[[杭州市政府杭政〔2014〕4号]]", [dict(parts=("成委发", 2013, "29"), issuer="中共成都市委", level="party"), dict(parts=("杭政", 2014, "4"), issuer="杭州市政府", level="municipal")]),
    ("a ministry's short name run into its code", "以及[[国家发改委发改社会〔2013〕6号]]文件要求", [dict(parts=("发改社会", 2013, "6"), issuer="国家发改委", level="ministry")]),
    ("a known code after the name of a provincial office", "以及[[江苏省人民政府办公厅苏政办发〔2020〕21号]]文件", [dict(parts=("苏政办发", 2020, "21"), issuer="江苏省人民政府办公厅")]),
    ("the word before a number is not part of it", "据[[沪府发〔2019〕21号]]的规定，围绕[[沪府办规〔2020〕14号]]文件确定的任务", [dict(parts=("沪府发", 2019, "21")), dict(parts=("沪府办规", 2020, "14"))]),
    ("prose before an issuer is not the issuer", "借鉴[[天津市人民政府津政发〔2018〕14号]]的做法", [dict(issuer="天津市人民政府", parts=("津政发", 2018, "14"))]),
    ("provincial codes from the region table", "[[《丁意见》（京政发〔2019〕3号]]）、[[浙财教〔2020〕38号]]、[[粤府〔2019〕12号]]、[[鲁政办发〔2019〕26号]]",
     [dict(issuer="北京市人民政府", issuer_from="code", level="municipal"), dict(issuer="浙江省财政厅", level="municipal"), dict(issuer="广东省人民政府"), dict(issuer="山东省人民政府办公厅")]),
    ("provincial party codes", "[[《戊政策》（苏发〔2018〕18号]]）；[[京办发〔2020〕5号]]", [dict(issuer="中共江苏省委、江苏省人民政府", level="party"), dict(issuer="中共北京市委办公厅、北京市人民政府办公厅", level="party")]),
    ("ministries' codes", "[[教发〔2019〕5号]]、[[教师〔2019〕1号]]、[[财科教〔2019〕19号]]、[[文旅公共发〔2021〕64号]]、[[国科发资〔2020〕88号]]",
     [dict(issuer="教育部", level="ministry"), dict(issuer="教育部"), dict(issuer="财政部"), dict(issuer="文化和旅游部"), dict(issuer="科学技术部")]),
    ("central party codes", "[[中发〔2018〕34号]]、[[中办发〔2021〕31号]]、[[厅字〔2019〕12号]]、[[国办函〔2020〕7号]]", [dict(level="party", issuer="中共中央"), dict(level="party"), dict(level="party"), dict(level="national", issuer="国务院办公厅")]),
    ("district bureau code from the district table", "[[《己办法》（徐科委规〔2021〕1号]]）", [dict(issuer="上海市徐汇区科学技术委员会", level="district")]),
    ("an unlisted code of a provincial-level unit still has a level", "[[《庚通知》（冀工规〔2022〕3号]]）", [dict(issuer=None, level="municipal")]),
    ("an organisation's name as a code is not a code opening with 财", "根据[[财政局〔2020〕3号]]", [dict(issuer="财政局")]),
    ("issuer with 等N部门 before the title", "[[教育部等十八部门《关于加强新时代中小学科学教育工作的意见》（教基〔2023〕2号]]）", [dict(issuer="教育部", issuer_from="text")]),
    ("outer notice of ministries 等N部门", "[[教育部等五部门关于印发《教师教育振兴行动计划（2018—2022年）》的通知（教师〔2018〕2号]]）", [dict(issuer="教育部", cites=("教师教育振兴行动计划（2018—2022年）",))]),
    ("forwarding notice with organisations before the inner title", "以及[[国务院办公厅转发文化和旅游部等部门《中国传统工艺振兴计划》的通知（国办发〔2017〕25号]]）",
     [dict(issuer="国务院办公厅", cites=("中国传统工艺振兴计划",), parts=("国办发", 2017, "25"), doc_type="通知")]),
    ("实施《A》 without an issuer keeps A", "认真实施[[《中华人民共和国科学技术普及法》]]的通知精神", [dict(kind="law")]),
    ("a central organ and its sub-organ written together", "[[财政部 教育部 退役军人事务部 中央军委国防动员部《关于印发〈学生资助资金管理办法〉的通知》（财教〔2021〕310号]]）", [dict(issuer="财政部、教育部、退役军人事务部、中央军委国防动员部")]),
    ("a city government is not Shanghai's 市政府", "（3）[[广州市政府关于印发《本市口岸服务标准》的通知]]。", [dict(issuer="广州市政府", level="municipal")]),
    ("the legislature that passed a regulation", "[[北京市人民代表大会常务委员会通过的《北京市非物质文化遗产条例》]]", [dict(issuer="北京市人民代表大会常务委员会", kind="law", level="municipal")]),
    ("an issuer's name cut inside a word (部门) is no issuer", "按照[[《闵行区区级部门预算管理办法》]]编制", [dict(issuer=None, doc_type="办法")]),
    ("措施 is a document type", "依据[[《关于进一步促进就业创业的若干措施》]]", [dict(doc_type="措施")]),
    ("laws listed with 、 and 及", "依据[[中华人民共和国教育法]]、[[中华人民共和国义务教育法]]及[[上海市未成年人保护条例]]，拟订规划", [dict(kind="law", level="national"), dict(kind="law"), dict(kind="law", level="municipal")]),
    ("a law name wrapped between 条 and 例", "依据[[保障农民工工资支付条例]]和[[上海市劳动保障监察条\n例]]，贯彻执行", [dict(kind="law"), dict(kind="law", title="上海市劳动保障监察条例")]),
    ("another city's regulation without 《》", "本项目依据[[南京市科学技术普及条例]]、[[成都市学前教育与托育服务条例]]开展", [dict(kind="law", level="municipal"), dict(kind="law")]),
    ("普法, 依法, 政法委 and 及其实施条例 are no laws", "开展普法宣传和依法治校；按照市委政法委工作要求；按照[[《中华人民共和国预算法》]]及其实施条例编制", [dict(kind="law")]),
    ("nickname of a policy", "本项目贯彻[[科改“25条”]]要求，落实[[上海市人才“30条”]]", [dict(kind="document", title="科改“25条”"), dict(title="上海市人才“30条”", level="municipal")]),
    ("a nickname after its title is an alias", "（6）[[《关于进一步深化科技体制机制改革增强科技创新中心策源能力的意见》]]（简称上海科改“25条”）", [dict(kind="document")]),
    ("bare 关于…的实施意见 with its issuer", BASIS + "落实[[浙江省教育厅等五部门关于加强新时代中小学教师队伍建设的实施意见]]。", [dict(issuer="浙江省教育厅", doc_type="意见", level="municipal")]),
    ("…关于…的规定 in prose is no title", BASIS + "据[[沪府发〔2019〕21号]]关于支持企业研发投入的规定", [dict(parts=("沪府发", 2019, "21"))]),
    ("bare plan after a basis verb at the end of a list", BASIS + "落实[[《甲规划》]]，结合[[徐汇区“十四五”科普事业发展规划]]。", [dict(), dict(kind="document", title="徐汇区“十四五”科普事业发展规划")]),
    ("organs' work requirements in a basis section", BASIS + "[[《乙纲要》]]和[[市科委、市科协关于全国科普日的工作要求]]。", [dict(), dict(kind="instruction", doc_id=None)]),
    ("newspapers, columns, programmes, forums, research projects", "在[[《中国旅游报》]]和北京电视台[[《旅游质量在线》]]栏目，录制[[《我们的非遗》]]节目，举办[[《非遗在社区》]]论坛，承担[[《首都非遗保护数字化路径研究》]]课题",
     [dict(kind="mention", is_policy=False)] * 5),
    ("yearbooks, contracts, agreements", "编纂[[《北京非物质文化遗产年鉴》]]，签订[[《北京市旅游市场暗访评估服务合同》]]和[[《学科评估数据服务协议》]]", [dict(kind="mention", is_policy=False)] * 3),
    ("a further serial after a number: same code and year", "[[《甲方案》（沪卫规〔2021〕5号]]、[[6号]]）；2号楼、3号楼", [dict(parts=("沪卫规", 2021, "5")), dict(parts=("沪卫规", 2021, "6"), issuer="上海市卫生健康委员会")]),
    ("issuers with 联合下发的 before a number", "以及区卫健委、区财政局联合下发的[[浦卫规〔2022〕3号]]文件", [dict(issuer="区卫健委、区财政局", issuer_from="text")]),
    ("city codes from the city table", "[[深教〔2020〕231号]]；[[《乙意见》（深发〔2019〕7号]]）；[[成办发〔2009〕9号]]；[[穗府办〔2019〕3号]]",
     [dict(issuer="深圳市教育局", level="municipal"), dict(issuer="中共深圳市委、深圳市人民政府", level="party"), dict(issuer="成都市人民政府办公厅"), dict(issuer="广州市人民政府办公厅")]),
    ("a party committee's code of an unlisted place is still party", "[[《丙意见》（锦委发〔2007〕5号]]）；[[市委发〔2015〕7号]]", [dict(issuer=None, level="party"), dict(level="party")]),
    ("a white paper being written is not a policy; one with its issuer is", "编写[[《2023年上海市公共卫生应急白皮书》]]；发布[[《浙江高校学科竞争力白皮书》]]；[[《上海空间信息领域发展白皮书》]]，上海市政府",
     [dict(kind="mention"), dict(kind="mention"), dict(kind="document", issuer="上海市政府", level="municipal")]),
    # --- fourth round: reference lists, 经, English translations --------------------------------
    ("reference list: the issuer ending a line is its title's, not the next line's",
     "[[《中华人民共和国疫苗管理法》]]，全国人民代表大会常务委员会，2019年6月\n[[《医疗机构临床实验室管理办法及其配套质量控制指标》]]，国务院\n[[《中华人民共和国药品管理法》]]，全国人大常委会，2019年8月",
     [dict(issuer="全国人民代表大会常务委员会"), dict(issuer="国务院", issuer_from="text"), dict(issuer="全国人大常委会", kind="law")]),
    ("reference list: joint issuers ending a line",
     "[[《国家中长期科学和技术发展规划纲要（2006-2020年）实施细则》]]，中共中央，国务院\n[[《关于实施创新驱动发展战略加快推进科技成果转化的意见》]]，国务院办公厅，2015年",
     [dict(issuer="中共中央、国务院"), dict(issuer="国务院办公厅")]),
    ("reference list: an issuer ending a line after a bracketed number",
     "[[《关于推进某某工作高质量发展的实施意见》（川府发〔2021〕3号]]），四川省人民政府\n[[《某某专项资金管理办法》]]",
     [dict(issuer="四川省人民政府"), dict(issuer=None)]),
    ("issuers with their verb ending a line issued the next line's title",
     "根据[[《甲规划》]]，[[中共上海市委办公厅、上海市人民政府办公厅联合印发的\n《关于进一步加强某某工作的实施意见》]]",
     [dict(issuer=None), dict(issuer="中共上海市委办公厅、上海市人民政府办公厅")]),
    ("reference-list issuers after a bracketed number", "2. [[《“十四五”某某服务体系建设实施方案》（发改社会〔2021〕893号]]），国家发展改革委、国家卫生健康委、国家中医药局",
     [dict(issuer="国家发展改革委、国家卫生健康委、国家中医药局", issuer_from="text")]),
    ("prose after a bracketed number names no issuer", "[[《某某方案》（沪府发〔2021〕3号]]），市科委、市财政局负责实施", [dict(issuer="上海市人民政府", issuer_from="code")]),
    ("an English translation between a title and its issuer",
     "3. [[《深圳经济特区医疗条例》]](Shenzhen Special Economic Zone Medical Regulations)，深圳市人民代表大会常务委员会", [dict(issuer="深圳市人民代表大会常务委员会", kind="law")]),
    ("an English translation of a number is no number", "[[《国务院办公厅关于推动公立医院高质量发展的意见》（国办发〔2021〕18号]]）\nOpinions of the General Office (Guo Ban Fa [2021] No. 18)",
     [dict(parts=("国办发", 2021, "18"))]),
    ("经 before an issuer is the verb", "经杭州市政府批准（[[杭政〔2020〕3号]]）实施；经国家人事部（[[国人部发[2006]53号]]）批准",
     [dict(issuer="杭州市政府", issuer_from="text"), dict(issuer="国家人事部")]),
    ("经…同意（number）", BASIS + "经区政府同意（[[郫府函〔2021〕87号]]），纳入本项目", [dict(issuer="区政府", issuer_from="text", level="district")]),
    ("a bare title of a known type before its number, as a list item", "（1）[[社会救助暂行办法（国务院令第649号]]）；\n（2）根据[[上海市某某专项资金管理办法（沪财教〔2021〕5号]]）执行",
     [dict(title="社会救助暂行办法", parts=("国务院令", None, "649"), kind="document", doc_type="办法"), dict(title="上海市某某专项资金管理办法", issuer="上海市财政局")]),
    ("a word of a type before a number is no title", "按照规定（[[沪府发〔2020〕1号]]）执行", [dict(title=None)]),
    ("经济 and 经信 start names", "[[上海市经济和信息化委员会《关于某某工作的通知》]]；[[市经信委《关于某某的实施意见》]]",
     [dict(issuer="上海市经济和信息化委员会"), dict(issuer="市经信委")]),
    # --- fifth round (held-out batch 4): orders, renamed issuers, two-column tables -------------
    ("an order written 第N号令 after its issuer", "依据[[《甲办法》（生态环境部第23号令]]）；根据第5号令执行",
     [dict(parts=("生态环境部令", None, "23"), doc_number="生态环境部令23号", issuer="生态环境部", issuer_from="text")]),
    ("an order's issuer as written, not the code table's", "[[《乙办法》（环境保护部令第8号]]）", [dict(issuer="环境保护部", issuer_from="text")]),
    ("a code-table issuer before its reform takes the former name", "[[《丙办法》（环发〔2015〕175号]]）；[[《丁办法》（环发〔2019〕3号]]）",
     [dict(issuer="环境保护部", issuer_from="code"), dict(issuer="生态环境部", issuer_from="code")]),
    ("the year an order was made before its issuer", "依照[[上海市某某设施管理办法（2010年上海市人民政府令第38号]]）",
     [dict(title="上海市某某设施管理办法", parts=("上海市人民政府令", None, "38"), issuer="上海市人民政府")]),
    ("a province's 办函 and a ministry's 办", "[[《戊方案》（粤办函〔2017〕184号]]）；[[《己标准》（水办〔2004〕307号]]）",
     [dict(issuer="广东省人民政府办公厅", level="municipal"), dict(issuer="水利部办公厅")]),
    ("bulletins a department compiles are mentions", "编制[[《某省生态环境状况公报》]]和[[《某省近岸海域环境质量报告书》]]",
     [dict(kind="mention", is_policy=False)] * 2),
    ("a code wrapped onto an indented continuation line (pdftotext -layout)",
     "   立项依据      [[《辛通知》（沪绿\n                 容〔2017〕201号]]）；[[《壬通知》\n                 （国发〔2020〕1号]]）",
     [dict(parts=("沪绿容", 2017, "201"), issuer="上海市绿化和市容管理局"), dict(parts=("国发", 2020, "1"))]),
    ("instructions joined by 和: each starts after the one before", BASIS + "[[落实区委书记在区委常委会上的讲话精神]]和[[副市长批示（沪府督〔2022〕112号]]）；[[《区政府常务会议纪要》（西政纪〔2022〕15号]]）和[[市长办公会议纪要]]",
     [dict(kind="instruction"), dict(kind="instruction", parts=("沪府督", 2022, "112")), dict(kind="document"), dict(kind="instruction")]),
    ("a value wrapped over box-drawing rows reads as one",
     "│ 立项依据 │ [[国务院办公厅转发甲部、乙部   │\n│          │ 《庚方案》的通知（国办发     │\n│          │ 〔2017〕26号]]）               │",
     [dict(title="国务院办公厅转发甲部、乙部《庚方案》的通知", doc_number="国办发〔2017〕26号", issuer="国务院办公厅", cites=("庚方案",))]),
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
