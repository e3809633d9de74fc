"""Counts of the 三公 实物量 and asset paragraphs become facts (seed 002, a 2020 final account)."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.extract import extract
from budgetlens.read import read_document

from ..conftest import seed_path


def test_reception_parts_and_equipment_counts_are_facts():
    document, _ = read_document(str(seed_path("002")))
    disclosure, _ = extract(document)
    facts = {(f.measure, f.basis): f.value for f in disclosure.facts if f.kind == "count"}
    assert facts[("three_public.reception.batches", "current")] == Decimal(5)
    assert facts[("three_public.reception.people", "current")] == Decimal(80)
    for measure in ("three_public.reception.foreign_affairs.batches",
                    "three_public.reception.foreign_affairs.people",
                    "three_public.reception.overseas_guests.batches",
                    "three_public.reception.overseas_guests.people",
                    "assets.general_equipment_over_500k", "assets.equipment_over_1m"):
        assert facts[(measure, "current")] == 0, measure


# ---------------------------------------------------------------------------------------------
# Staffing and organisation counts (部门概况 / 人员情况): real sentences, inline and end to end
# ---------------------------------------------------------------------------------------------

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from budgetlens.extract.narrative import extract_narrative  # noqa: E402
from budgetlens.model import Document, Line, Metadata, Page  # noqa: E402
from budgetlens.pipeline import process  # noqa: E402

BUDGET = Metadata(kind="budget", year=2026)
CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "pdf"


def counts(*lines: str, meta: Metadata = BUDGET) -> dict:
    """The count facts of a one-page text document made of ``lines`` (as printed)."""
    page = Page(1, tuple(Line(t, 1, i + 1) for i, t in enumerate(lines)))
    _, facts, _, _ = extract_narrative(Document("inline.txt", "text", (page,)), meta, [])
    found = {}
    for f in (f for f in facts if f.kind == "count"):
        assert f.basis == "current", f
        assert (f.measure, f.basis) not in found, f"{f.measure} twice"
        found[f.measure] = f.value
    return found


def test_authorized_and_actual_staff_with_their_parts():
    """西安 审计局 2026: 行政108人 after 实有人员…其中 is the actual staff's, not the posts'."""
    got = counts("截至上年底，本部门人员编制125人，其中行政编制111人，事业编制14人；实有人员119人，"
                 "其中行政108人，事业11人。")
    assert got == {"staff.authorized": 125, "staff.authorized.administrative": 111,
                   "staff.authorized.institutional": 14, "staff.actual": 119,
                   "staff.actual.administrative": 108, "staff.actual.institutional": 11}


def test_parts_of_actual_in_service_staff_have_no_key():
    """西安 人社局 2020: 实有在职人员 is in-service staff; its 行政/事业 parts name nothing (no key),
    and the unnamed parts keep the whole's sum open."""
    page = Page(1, (Line("截止2019年底，本部门在职人员编制408人，其中行政编制91人、事业编制317人；实有在职人员"
                         "380 人，其中行政89 人,事业291 人。", 1, 1),))
    _, facts, claims, _ = extract_narrative(Document("inline.txt", "text", (page,)),
                                            Metadata(kind="budget", year=2020), [])
    got = {f.measure: f.value for f in facts}
    assert got == {"staff.authorized": 408, "staff.authorized.administrative": 91,
                   "staff.authorized.institutional": 317, "staff.actual.in_service": 380}
    assert {c.measure for c in claims if c.kind == "unnamed_part"} == {"staff.actual.in_service"}


@pytest.mark.parametrize("text", ["实有人数11人,其中:在职人员10人,离休人员0人,退休人员1人。",
                                  "實有人數11人,其中:在職人員10人,離休人員0人,退休人員1人。"])
def test_in_service_and_retired_parts_simplified_and_traditional(text):
    assert counts(text) == {"staff.actual": 11, "staff.actual.in_service": 10,
                            "staff.retired.veteran": 0, "staff.retired.regular": 1}


def test_authorized_posts_worded_otherwise():
    assert counts("核定人員編制71人,實際正式教職工62人,其中专任教师49人。") == {
        "staff.authorized": 71, "staff.actual": 62}
    assert counts("学校总编制数72人。") == {"staff.authorized": 72}
    assert counts("2021年钦北区教育局在职人员编制总数为50人。",
                  meta=Metadata(kind="final", year=2021)) == {"staff.authorized": 50}
    assert counts("西安市人力资源和社会保障局共设置18个处（室），行政编制91人。") == {
        "org.internal_units": 18, "staff.authorized.administrative": 91}


def test_posts_counted_in_ming():
    """江苏 人大常委会办公厅 2018: posts in 名, with 行政附属编制 beside 行政/事业编制; people in 名
    that no staffing word names stay unattached."""
    got = counts("本部门内设机构包括办公厅、研究室和3个专门委员会、8个工作委员会，有38个处室，编制338名，"
                 "其中行政编制200名、行政附属编制104名、事业编制34名。", meta=Metadata(kind="budget", year=2018))
    assert got == {"org.internal_units": 38, "staff.authorized": 338,
                   "staff.authorized.administrative": 200,
                   "staff.authorized.administrative_auxiliary": 104,
                   "staff.authorized.institutional": 34}
    assert counts("本部门预算还包括江苏省联谊俱乐部8名在职人员、南京中国近代史遗址博物馆管理建设办公室9名在职"
                  "人员人员经费。", meta=Metadata(kind="budget", year=2018)) == {}


def test_list_after_a_line_ending_in_qizhong_stays_with_its_whole():
    """西安 发改委 2019 prints "实有人员138人，其中：" at a line end; 行政/事业 follow on the next."""
    got = counts("截止2018年底，本部门人员编制138人，其中：行", "政编制118人、事业编制20人；实有人员138人，其中：",
                 "行政120人、事业18人。单位管理的离退休人员78人，其", "中：离休3人，退休72人。",
                 meta=Metadata(kind="budget", year=2019))
    assert got == {"staff.authorized": 138, "staff.authorized.administrative": 118,
                   "staff.authorized.institutional": 20, "staff.actual": 138,
                   "staff.actual.administrative": 120, "staff.actual.institutional": 18,
                   "staff.retired": 78, "staff.retired.veteran": 3, "staff.retired.regular": 72}


@pytest.mark.parametrize("text", [
    "2019年末在校小学生615人；学前教育在园学生178人，专任教师49人。",
    "开展重点职业病主动监测接触职业病危害因素人员800人，参会人数800人。",
    "开通12333服务热线，接听群众来电。",
    "基本支出699.81万元，主要用于保障我办及下属2个事业单位在职人员工资福利及退休人员补助。",
    "本部门内设机构包括省政协办公厅、研究室和10个专门委员会，现有处室21个。",
])
def test_numbers_that_are_not_staffing_or_organisation(text):
    assert counts(text) == {}


def test_organisation_counts_printed_before_or_after_their_word():
    assert counts("北京市财政局共32个内设机构、12个直属事业单位。") == {
        "org.internal_units": 32, "org.subordinate_units": 12}
    assert counts("本部门包括 27 个内设机构、1 个下属差额拨款事业单位和 1 个派出机构。") == {
        "org.internal_units": 27, "org.subordinate_units": 1}
    assert counts("公安局治安管理支队包括 9个机关行政处（科、股）室及 0 个下属单位。") == {
        "org.internal_units": 9, "org.subordinate_units": 0}
    assert counts("市审计局内设处室15个，分别为：办公室、组织人事处。") == {"org.internal_units": 15}
    # a subdivision listed after 其中 has no key; a count not next to its word is not read
    assert counts("市经济信息委内设机构40个，其中：内设处室37个；按规定设置离退休人员工作处等3个处室。") == {
        "org.internal_units": 40}
    # seeds 002 and 004: a qualifier between the count and 下属, a 二级预算单位, the count after 下属
    assert counts("设置综合科等8个内设机构，和1个未独立核算的下属事业单位。") == {
        "org.internal_units": 8, "org.subordinate_units": 1}
    assert counts("下属有区公共资源交易中心、区行政服务中心 2 个二级预算事业单位。") == {
        "org.subordinate_units": 2}
    assert counts("本部门下属2个事业单位，分别是甲中心和乙中心。") == {"org.subordinate_units": 2}
    assert counts("本部门共有2个单位开展绩效评价。") == {}


def test_projects_self_evaluated_are_counted():
    """Seed 002: "本单位对3个项目开展了绩效自评，分别是…共涉及资金164.85万元"."""
    assert counts("根据预算绩效管理要求，本单位对3个项目开展了绩效自评，分别是派驻人员专项经费、"
                  "审批系统维护费和三级政务服务含专项培训，共涉及资金164.85万元。") == {
        "performance.self_eval.project_count": 3}


def test_staffing_end_to_end_on_a_corpus_pdf():
    """西安 发改委 2019 (PDF): the staffing facts carry their page and quote, the sums that hold are
    quiet, and 单位管理的离退休人员78人，其中：离休3人，退休72人 (3 + 72 = 75) is a warning."""
    path = CORPUS / "shaanxi_xian_fgw_2019_yusuan.pdf"
    if not path.exists():
        pytest.skip("corpus not available")
    result = process(str(path))
    staff = {f.measure: f for f in result.disclosure.facts if f.measure.startswith("staff.")}
    assert staff["staff.actual"].value == 138 and staff["staff.actual.administrative"].value == 120
    assert staff["staff.actual"].source.page == 21 and "实有人员" in staff["staff.actual"].source.text
    found = {f.rule: f for f in result.audit.findings if f.rule.startswith("staff-")}
    assert set(found) == {"staff-retired-by-type"}
    assert found["staff-retired-by-type"].severity == "warning"
