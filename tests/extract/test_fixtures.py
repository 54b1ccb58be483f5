"""Documents we have not tuned for: edited copies of the samples, a district layout, a GBK
copy, a printed PDF, and bad inputs. They must extract without code changes, or be refused
with one clear line while the batch goes on.

How the fixtures were made (tests/fixtures/):
* other_department_2024.txt — 001 cut to its header, 机构设置 and projects; department,
  units, year and project names replaced (上海市科学技术协会 -> 上海市文化和旅游局 …);
  in 基层科普服务 三、实施主体 moved after 四、实施方案, in 网络建设及阵地建设
  六、年度预算安排 moved before 二、立项依据.
* district_2024.txt — written in the district style: numbered project headings
  ("一、城市网格化管理项目" with （一）…（五） sections, "（一）道路设施养护项目" without sections),
  units marked （行政单位）/（事业单位）, full-width digits, spaces inside a number.
* kx2023_gbk.txt — 001 encoded as GBK.
* kx2024_printed.pdf — kx2024_printed.source.html printed by Debian chromium
  (--headless --print-to-pdf, A5 so that the title and sentences wrap mid-word).
* bad/truncated.pdf (first third of the PDF), bad/scan_page.txt (a PNG), bad/empty.txt.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from policygraph.errors import UnreadableDocument
from policygraph.extract.reader import read_source
from policygraph.extract.structure import extract_structure

from .conftest import FIXTURES, ROOT, SAMPLES


def _extract(name: str):
    return extract_structure(read_source(FIXTURES / name))


def _projects(rec):
    return {(p.name, p.parent): p for p in rec.projects}


def test_other_department_renamed_units_reordered_sections():
    rec = _extract("other_department_2024.txt")
    assert (rec.department, rec.year, rec.kind) == ("上海市文化和旅游局", 2024, "department_budget")
    assert [u.name for u in rec.units][:3] == ["上海市文化和旅游局本部", "上海市群众艺术馆", "上海市文化和旅游局学会服务中心"]
    ps = _projects(rec)
    assert len([p for p in rec.projects if p.parent is None]) == 7
    # 实施主体 after 实施方案: still read, and the renamed unit is recognised
    assert ps[("基层科普服务", None)].unit == "上海市群众艺术馆"
    # 年度预算安排 before 立项依据
    net = ps[("网络建设及阵地建设", None)]
    assert net.amount.yuan == 305_000 and [s.key for s in net.sections][:3] == ["overview", "budget", "basis"]
    assert ps[("上海科协新媒体平台运维", None)].unit == "上海文化报社"
    assert ps[("国际及台港澳地区科技合作与交流服务", None)].unit == "上海市文化艺术交流中心（上海市对外文化交流中心）"
    assert ps[("文旅行业协会改革与发展", None)].amount.yuan == 1_565_000
    assert ps[("物业管理服务", "2024年度文旅大院日常运行与维护")].amount.yuan == 4_483_000


def test_district_layout_with_numbered_project_headings():
    rec = _extract("district_2024.txt")
    assert (rec.department, rec.year) == ("上海市浦东新区城市管理行政执法局", 2024)
    assert [(u.name, u.kind) for u in rec.units] == [
        ("上海市浦东新区城市管理行政执法局本部", "administrative"),
        ("上海市浦东新区城市管理行政执法局执法大队", "administrative"),
        ("上海市浦东新区城市管理监督指挥中心", "public_institution"),
        ("上海市浦东新区市容环境卫生管理所", "public_institution"),
    ]
    got = {(p.name, p.parent, p.unit, p.amount.yuan if p.amount else None) for p in rec.projects}
    assert got == {
        ("城市网格化管理项目", None, "上海市浦东新区城市管理监督指挥中心", 1_205_000),  # １２０．５万元
        ("手机信号检测", "城市网格化管理项目", "上海市浦东新区城市管理监督指挥中心", 100_000),  # （10 万）
        ("平台运维服务", "城市网格化管理项目", "上海市浦东新区城市管理监督指挥中心", 805_000),
        ("网格巡查外包", "城市网格化管理项目", "上海市浦东新区城市管理监督指挥中心", 300_000),
        ("市容环境整治专项", None, "上海市浦东新区市容环境卫生管理所", 12_500_000),  # 约 1 250 万元左右
        ("道路设施养护项目", None, "上海市浦东新区城市管理行政执法局执法大队", 5_000_000),
        ("执法装备更新工程", None, None, 3_000_000),
    }
    ps = _projects(rec)
    city = ps[("市容环境整治专项", None)]
    assert city.amount.approximate and city.amount.quarterly == (10.0, 40.0, 40.0, 10.0)
    assert (city.period_start, city.period_end) == ("2024-03-01", "2024-11-30")
    grid = ps[("城市网格化管理项目", None)]
    assert [s.heading for s in grid.sections] == ["（一）项目概述", "（二）立项依据", "（三）实施主体", "（四）实施周期", "（五）年度预算安排"]


def test_gbk_copy_reads_like_the_original():
    gbk = read_source(FIXTURES / "kx2023_gbk.txt")
    assert gbk.encoding == "gb18030"
    a, b = extract_structure(gbk), extract_structure(read_source(SAMPLES["001"]))
    rows = lambda r: [(p.name, p.parent, p.unit, p.amount.yuan if p.amount else None, p.span) for p in r.projects]  # noqa: E731
    assert rows(a) == rows(b)
    assert a.budget_lines == b.budget_lines


def test_printed_pdf_with_wrapped_lines():
    src = read_source(FIXTURES / "kx2024_printed.pdf")
    assert src.encoding == "pdf"
    rec = extract_structure(src)
    assert (rec.department, rec.year) == ("上海市科学技术协会", 2024)
    assert [u.name for u in rec.units] == ["上海市科学技术协会本部", "上海市科普事业中心", "上海科技报社"]
    (p,) = rec.projects
    # the title wraps after "…项目经费": the name is joined back, its span covers both lines
    assert p.name == "青少年科技创新人才培养与科学教育综合服务平台建设"
    assert "".join(src.text[p.span.start : p.span.end].split()) == p.name
    assert p.unit == "上海科技报社"  # "上海科技报社牵头，具体实施综合活动部及技术部"
    assert p.amount.yuan == 2_180_000 and p.amount.quarterly == (20.0, 30.0, 30.0, 20.0)  # wrapped mid-sentence
    assert (p.period_start, p.period_end) == ("2024-01-01", "2024-12-31")


@pytest.mark.parametrize("name, reason", [
    ("bad/truncated.pdf", "damaged or truncated PDF"),
    ("bad/scan_page.txt", "is a PNG image"),
    ("bad/empty.txt", "empty file"),
])
def test_bad_inputs_are_refused_in_one_line(name, reason):
    with pytest.raises(UnreadableDocument) as exc:
        read_source(FIXTURES / name)
    message = str(exc.value)
    assert "\n" not in message and name.split("/")[-1] in message and reason in message


def test_cli_batch_goes_on_and_exit_code_says_some_failed():
    """`policygraph extract DIR --format jsonl` on a directory mixing good and bad files."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-m", "policygraph", "extract", str(FIXTURES), "--format", "jsonl"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    skipped = [ln for ln in proc.stderr.splitlines() if ln.startswith("policygraph: skipped")]
    assert sorted(os.path.basename(ln.split(": ")[1].split(" ", 1)[1]) for ln in skipped) == ["empty.txt", "scan_page.txt", "truncated.pdf"]
    objects = [json.loads(ln) for ln in proc.stdout.splitlines()]
    docs = {os.path.basename(o["source"]): o for o in objects if o["type"] == "document"}
    assert sorted(docs) == sorted(["district_2024.txt", "forms_2020_reversed.txt", "forms_2021_inline.txt", "kx2023_gbk.txt", "kx2023_pdf_wrapped.txt",
                                   "kx2024_printed.pdf", "kx2025_pages_wan.txt", "label_headings_2024.txt", "other_department_2024.txt",
                                   *(p.name for p in (FIXTURES / "layouts").glob("*.txt"))])  # unseen/ and layouts/ walked too
    assert docs["district_2024.txt"]["department"] == "上海市浦东新区城市管理行政执法局"
    projects = [o for o in objects if o["type"] == "project" and o["source"].endswith("district_2024.txt")]
    assert {"type", "source", "name", "parent", "unit", "amount_yuan", "line"} <= set(projects[0])
    assert {(o["name"], o["amount_yuan"], o["line"]) for o in projects if o["parent"] is None} >= {("城市网格化管理项目", 1_205_000, 23)}
