"""Issue #8, the twelfth batch of documents from templates neither corpus holds (docs/accuracy.md
"Unseen batch 12 (session 19, branch unseen12)": four PDFs of calinchow-del/renwu's history —
广州 生态环境局 2026 绩效目标申报表, 泉州 市场监管综合监测与技术保障中心 2026 单位预算, 长沙 职业教育基地
2026, 中共西安市委宣传部 2021 — and nine page excerpts): what was misread there, each pattern as
synthetic variants (other units, codes, years and figures) with near misses that keep their old
reading. Assertions are facts (scope, measure, basis, value) of generated files run through the
pipeline."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.sentences import normalize
from budgetlens.extract.tables import extract_tables
from budgetlens.model import Metadata, scope_unit
from budgetlens.pipeline import process
from budgetlens.read import read_document
from budgetlens.rules.lexicon import load_lexicon
from budgetlens.rules.numbers import figures_apart

openpyxl = pytest.importorskip("openpyxl")
D = Decimal


# --- 三公 by unit: codes decide, two units cut to one name are two units -----------------------

def _units_table(tmp_path, dept: str, code: str, cut: str, own: tuple, other: tuple):
    """A 三公 table by unit as 西安 2021 prints it: 合计, the department's code row (its name cut),
    then its 本级 and a second unit whose names are both cut to ``cut``. Figures: 合计 | 出国 |
    接待 | 公务用车; the department's rows are the units' sums."""
    total = tuple(str(D(a) + D(b)) for a, b in zip(own, other))
    rows = [["2021年部门综合预算一般公共预算拨款“三公”经费支出预算表"], ["单位：万元"],
            ["单位编码", "单位名称", "合计", "因公出国（境）费", "公务接待费", "公务用车购置及运行维护费"],
            ["", "合计", *total], [code, dept, *total],
            [f"{code}001", cut, *own], [f"{code}002", cut, *other]]
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "three_public.xlsx"
    book.save(path)
    document, _ = read_document(path)
    return extract_tables(document, Metadata(unit=dept, kind="budget", year=2021))


def _by_scope(facts):
    return {(scope_unit(f.scope), f.measure, f.basis): f.value for f in facts}


@pytest.mark.parametrize("dept, code, cut, own, other", [
    ("中共某市委宣传", "201", "中共某市委", ("6.00", "0.00", "6.00", "0.00"),
     ("0.51", "0.00", "0.51", "0.00")),
    ("某市人民政府办公", "305", "某市人民政", ("12.30", "2.00", "4.30", "6.00"),
     ("3.10", "0.00", "1.10", "2.00")),
])
def test_two_units_cut_to_one_name_are_two_units(tmp_path, dept, code, cut, own, other):
    """西安 宣传部 2021 表13: 201 中共西安市委宣传(部) above 201001 中共西安市委(宣传部本级) and 201002
    中共西安市委(讲师团) — both unit names cut to 中共西安市委. The repeated name was read as a group
    and its part, so the 本级 row was dropped and the department's 201 row taken for a unit: 13 false
    units-sum-to-department errors (6.51 against 6.51 + 0.51)."""
    _, facts, _ = _units_table(tmp_path, dept, code, cut, own, other)
    got = _by_scope(facts)
    first, second = f"{cut}（{code}001）", f"{cut}（{code}002）"
    assert {u for u, _, _ in got} == {"", first, second}
    assert got[(first, "three_public.reception", "current")] == D(own[2])
    assert got[(second, "three_public.reception", "current")] == D(other[2])
    assert got[("", "three_public.total", "current")] == D(own[0]) + D(other[0])
    # the department's code row (201) is the units' sum again: never a unit of its own
    assert not any(u.startswith(dept) for u, _, _ in got)


def test_near_miss_units_with_their_own_names_keep_them(tmp_path):
    """Sibling codes with names printed whole: each unit keeps its printed name (no code added)."""
    rows_own, rows_other = ("4.00", "0.00", "1.00", "3.00"), ("2.00", "0.00", "2.00", "0.00")
    _, facts, _ = _units_table(tmp_path, "某局", "150", "某局", rows_own, rows_other)
    # same name for both: split by code; now a variant where the names differ
    book_units = {u for u, _, _ in _by_scope(facts)}
    assert book_units == {"", "某局（150001）", "某局（150002）"}
    total = ("6.00", "0.00", "3.00", "3.00")
    rows = [["2026年“三公”经费支出预算表"], ["单位：万元"],
            ["单位编码", "单位名称", "合计", "因公出国（境）费", "公务接待费", "公务用车购置及运行维护费"],
            ["", "合计", *total], ["150", "某局", *total],
            ["150001", "某局本级", *rows_own], ["150002", "某局信息中心", *rows_other]]
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "named.xlsx"
    book.save(path)
    document, _ = read_document(path)
    _, facts, _ = extract_tables(document, Metadata(unit="某局", kind="budget", year=2026))
    assert {u for u, _, _ in _by_scope(facts)} == {"", "某局本级", "某局信息中心"}


# --- figures printed apart beside a figure grouped by thousands are two figures -----------------

@pytest.mark.parametrize("left, right, apart", [
    ("八、其他收入 8", "11,122,315.04", True),      # a row number, then an amount (天星镇卫生院)
    ("11,122,315.04", "13,628,965.89", True),        # two amounts of a flattened row
    ("9,100.00", "3", True),
    ("收入合计1", "234.50万元", False),               # kerning inside one figure
    ("2", "0", False),                                # a letter-spaced year: 2 0 2 5
    ("支出12", "345", False),
])
def test_figures_apart(left, right, apart):
    assert figures_apart(left, right) is apart


def test_a_flattened_xls_row_invents_no_joined_figure(tmp_path):
    """大关县天星镇中心卫生院 2021 (a 决算公开表 .xls flattened into one line of text): "…八、其他收入
    8 11,122,315.04 13,628,965.89 1,003,618.46…" — whitespace dropped for matching joined the row
    number 8, the amount and the next amount's first digits into 811,122,315.0413 (其他收入, in 元:
    a false fact of 81,112 万元)."""
    text = ("某县某镇中心卫生院2022年部门决算公开表\n收入支出决算总表 部门:某县某镇中心卫生院 收入 项目 行次 "
            "金额 一、一般公共预算财政拨款收入 1 五、事业收入 5 八、其他收入 8 9,122,315.04 "
            "3,628,965.89 603,618.46 本年收入合计 27 13,354,899.39 金额单位:元\n")
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    values = {f.value for f in process(str(path), audit=False).disclosure.facts}
    assert not any(v > D(100000) for v in values)  # no 万元 figure glued out of three


def test_near_miss_a_kerned_figure_is_still_one_figure():
    """A figure kerned apart with no thousands separator stays one figure for matching."""
    lexicon = load_lexicon()
    assert normalize("收入合计1 234.50万元", lexicon).text == "收入合计1234.50万元"
    assert normalize("8 11,122,315.04", lexicon).text == "8 11,122,315.04"


# --- staff and offices in the words 防城港 2018 prints ------------------------------------------

@pytest.mark.parametrize("sentence, measure, value", [
    ("2018年我单位人员编制总数为15人,实有在职人员总数14人。", "staff.actual.in_service", 14),
    ("本单位实有在职人员总人数为36人,离休人员0人。", "staff.actual.in_service", 36),
    ("内设综合部、信息技术部、财务部5个部室,场所面积约1400平米。", "org.internal_units", 5),
    ("中心内设部室共7个。", "org.internal_units", 7),
])
def test_staff_and_offices_as_printed(tmp_path, sentence, measure, value):
    """防城港 公共资源交易中心 2018: "实有在职人员总数14人" (总数 after its noun, as 编制总数) and
    "内设…5个部室" (部室 as 处室) were left unread."""
    path = tmp_path / "page.txt"
    path.write_text("某市公共资源交易中心2018年部门预算\n一、机构设置情况\n" + sentence + "\n",
                    encoding="utf-8")
    got = {(f.measure, f.value) for f in process(str(path), audit=False).disclosure.facts}
    assert (measure, D(value)) in got


def test_near_miss_five_departments_are_no_offices(tmp_path):
    """部门 (departments a text lists as its subjects) are no 内设部室."""
    path = tmp_path / "page.txt"
    path.write_text("某市公共资源交易中心2018年部门预算\n一、机构设置情况\n全市共有5个部门进场交易。\n",
                    encoding="utf-8")
    got = {f.measure for f in process(str(path), audit=False).disclosure.facts}
    assert "org.internal_units" not in got
