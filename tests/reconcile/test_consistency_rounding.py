"""Issue #8, measure-consistency: two observations of one figure that differ only by how the
document rounded it are a rounding note (or a rounding slip), never an ``error``; a gap that no
rounding of the printed figures explains stays an error.

Synthetic variants of the patterns (facts as the extractor emits them: a 万元 sentence and a 元
table broken down by budget unit), then the real documents of corpus/wide that showed them."""

from __future__ import annotations

from decimal import Decimal as D
from functools import lru_cache
from pathlib import Path

import pytest

from budgetlens.model import Disclosure, Fact, Metadata, Source
from budgetlens.reconcile import reconcile
from budgetlens.rules.catalogue import load_rules

RULES = {r.id: r for r in load_rules()}
WIDE = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "wide"
_row = iter(range(1, 10**6))


def cell(measure: str, yuan: str, unit: str = "", table: int = 3, basis: str = "current") -> Fact:
    """A 元 table cell as read: converted to 万元, its decimals grown by four."""
    scope = f"table:{table}:unit:{unit}" if unit else f"table:{table}"
    decimals = len(yuan.split(".")[1]) + 4 if "." in yuan else 4
    src = Source("case.pdf", 9, table=table, row=next(_row), column=2, text=yuan)
    return Fact(measure, basis, D(yuan) / 10000, src, decimals, "money", "table", scope, measure)


def said(measure: str, value: str, basis: str = "current") -> Fact:
    """A 万元 figure of a sentence."""
    decimals = len(value.split(".")[1]) if "." in value else 0
    src = Source("case.pdf", 2, line=next(_row), text=f"{value}万元")
    return Fact(measure, basis, D(value), src, decimals, "money", "text", "text:2:1", measure)


def consistency(facts) -> list[tuple[str, str]]:
    result, diags = reconcile(Disclosure("case.pdf", Metadata(), facts=tuple(facts)),
                              [RULES["measure-consistency"], RULES["rounding-difference"]])
    assert diags == []
    return sorted((f.severity.value if hasattr(f.severity, "value") else str(f.severity), f.rule)
                  for f in result.findings)


#: four units of a 会议费 table in 元 whose total is 294,400.00: rounded one by one to 万元 they
#: give 8.00 + 11.00 + 9.14 + 1.31 = 29.45, while the total itself rounds to 29.44.
UNITS = (("甲", "80000.00"), ("乙", "110000.00"), ("丙", "91350.00"), ("丁", "13050.00"))


def unit_table(total: str = "294400.00", units=UNITS, measure: str = "training_fee") -> list[Fact]:
    return [cell(measure, total)] + [cell(measure, v, unit=u) for u, v in units]


def test_a_sentence_adding_the_units_rounded_figures_is_a_rounding_note():
    found = consistency(unit_table() + [said("training_fee", "29.45")])
    assert found == [("info", "rounding-difference")]


def test_the_same_holds_for_a_change_column_with_negative_parts():
    units = (("甲", "-6700.00"), ("乙", "6450.00"), ("丙", "-23542.50"), ("丁", "-8925.00"))
    facts = [cell("training_fee", "-32717.50", basis="change_prior")]
    facts += [cell("training_fee", v, unit=u, basis="change_prior") for u, v in units]
    # −0.67 + 0.65 − 2.35 − 0.89 = −3.26 (the total −3.27175 rounds to −3.27)
    facts.append(said("training_fee", "-3.26", basis="change_prior"))
    assert consistency(facts) == [("info", "rounding-difference")]


def test_a_sentence_no_rounding_of_the_units_gives_stays_an_error():
    found = consistency(unit_table() + [said("training_fee", "29.47")])
    assert found == [("error", "measure-consistency")]


def test_units_that_do_not_add_up_to_the_total_explain_nothing():
    """A unit list that is not the total's breakdown (one unit missing) cannot vouch for the
    sentence, even if its rounded parts happen to give the sentence's figure."""
    short = UNITS[:3] + (("丁", "13150.00"),)  # 294,500 ≠ 294,400; rounded: 29.45
    found = consistency(unit_table(units=short) + [said("training_fee", "29.45")])
    assert found == [("error", "measure-consistency")]


def test_no_change_in_words_is_exact_not_a_rounded_sum():
    """西安 气象局: `会议费…较上年无变化` (0) against a 元 table's change of −2,380 by unit: the
    units' changes rounded to whole 万元 give 0, but `无变化` is an exact zero, not a rounding."""
    units = (("甲", "0.00"), ("乙", "-2380.00"))
    facts = [cell("meeting_fee", "-2380.00", basis="change_prior")]
    facts += [cell("meeting_fee", v, unit=u, basis="change_prior") for u, v in units]
    src = Source("case.pdf", 2, line=1, text="较上年无变化")
    facts.append(Fact("meeting_fee", "change_prior", D(0), src, 0, "money", "text", "text:2:1"))
    assert [sev for sev, _ in consistency(facts)] in (["warning"], ["error"])


def test_a_department_table_without_unit_rows_keeps_the_plain_tolerance():
    found = consistency([cell("training_fee", "294400.00"), said("training_fee", "29.45")])
    assert found == [("error", "measure-consistency")]


def test_a_figure_cut_instead_of_rounded_is_a_warning_whichever_is_the_reference():
    """A sentence that cuts a 元 figure (936,647,884.30 as 93,664.78) is a rounding slip, also
    when the sentence outnumbers the tables and becomes the check's reference."""
    facts = [cell("expense.general.total", "936647884.30", table=10),
             cell("expense.general.total", "936647884.30", table=11)]
    facts += [said("expense.general.total", "93664.78") for _ in range(3)]
    # both tables' figure against the one cut sentence figure: one printed defect, one finding
    # that also cites the other table (reconcile/merge.py)
    assert consistency(facts) == [("warning", "measure-consistency")]
    result, _ = reconcile(Disclosure("case.pdf", Metadata(), facts=tuple(facts)),
                          [RULES["measure-consistency"], RULES["rounding-difference"]])
    assert [a.rule for a in result.findings[0].also_breaks] == ["measure-consistency"]


def test_a_project_total_that_includes_the_printed_operating_spending_is_a_note():
    """湖州 pattern: the 项目支出表 lists the 经营 project with the others (171,462.41) and the 支出
    总表 puts its 200.00 in the 经营支出 column (171,262.41): two 口径 of one amount, both printed in
    tables that add up: a note since session 9 (explained_tables_severity), no warning."""
    facts = [cell("expense.project", "1712624100", table=2), cell("expense.operating", "2000000", table=2),
             cell("expense.project", "1714624100", table=9)]
    assert consistency(facts) == [("info", "measure-consistency")]


def test_a_project_gap_other_than_the_operating_spending_stays_an_error():
    facts = [cell("expense.project", "1712624100", table=2), cell("expense.operating", "2000000", table=2),
             cell("expense.project", "1714634100", table=9)]
    assert consistency(facts) == [("error", "measure-consistency")]


def column(table: int, total: str, rows: dict[str, str], family: str) -> list[Fact]:
    """A 万元 table column: its total (row 1) and its classification rows under it."""
    def at(measure: str, value: str, row: int) -> Fact:
        src = Source("case.pdf", table + 1, table=table, row=row, column=4, text=value)
        return Fact(measure, "current", D(value), src, 2, "money", "table", f"table:{table}", measure)
    out = [at("expense.general.basic.personnel", total, 1)]
    out += [at(f"expense.general.{family}.{code}.basic.personnel", v, i)
            for i, (code, v) in enumerate(rows.items(), start=2)]
    return out


#: 人员经费 of one department by function (项 rows rounded, 类 rows their sums) and by economic
#: class: each table's total is the exact sum of its own 类 rows; the totals differ by 0.03.
BY_FUNCTION = {"208": "1901.46", "20805": "1886.00", "2080505": "1257.33", "2080506": "628.67",
               "20899": "15.46", "2089999": "15.46", "210": "792.20", "21011": "792.20",
               "2101101": "74.24", "2101102": "717.96", "221": "1838.94", "22102": "1838.94",
               "2210201": "1460.14", "2210203": "378.80"}
BY_ECONOMIC = {"301": "3979.92", "30101": "1560.70", "30102": "1819.57", "30199": "599.65",
               "303": "552.71", "30301": "98.56", "30302": "454.15"}


def test_two_tables_totals_of_rounded_rows_differ_by_rounding():
    facts = column(6, "4532.60", BY_FUNCTION, "function") + column(7, "4532.63", BY_ECONOMIC,
                                                                     "economic")
    assert consistency(facts) == [("info", "rounding-difference")]


def test_a_total_its_own_rows_do_not_give_gets_no_row_slack():
    """The same gap where the function table's total is not its 类 rows' sum (a typo in the
    total): the rows vouch for nothing, the gap is an error."""
    facts = column(6, "4532.58", BY_FUNCTION, "function") + column(7, "4532.63", BY_ECONOMIC,
                                                                     "economic")
    assert consistency(facts) == [("error", "measure-consistency")]


def test_a_gap_beyond_half_a_unit_per_row_stays_an_error():
    economic = dict(BY_ECONOMIC, **{"301": "3980.42", "30199": "600.15"})  # +0.50
    facts = column(6, "4532.60", BY_FUNCTION, "function") + column(7, "4533.13", economic,
                                                                     "economic")
    assert consistency(facts) == [("error", "measure-consistency")]


@lru_cache(maxsize=None)
def wide_consistency(name: str) -> dict:
    from budgetlens.pipeline import process

    path = WIDE / name
    if not path.exists():
        pytest.skip(f"corpus/wide/{name} not available")
    out: dict = {}
    for f in process(str(path)).audit.findings:
        if f.rule == "measure-consistency" or "一致" in f.message and f.rule == "rounding-difference":
            sev = f.severity.value if hasattr(f.severity, "value") else str(f.severity)
            out.setdefault((f.measure, f.basis), set()).add(sev)
    return out


@pytest.mark.parametrize("name,key", [
    # 表13 in 元 by unit; the text adds the units' rounded 万元 figures
    ("shaanxi_xian_kjj_2022_yusuan.pdf", ("training_fee", "current")),
    ("shaanxi_xian_kjj_2022_yusuan.pdf", ("training_fee", "change_prior")),
    ("shaanxi_xian_zjj_2022_yusuan.pdf", ("meeting_fee", "change_prior")),
    ("shaanxi_xian_zjj_2022_yusuan.pdf", ("training_fee", "change_prior")),
    # 人员经费 17,739.88 by function (表5, 表8), 17,739.85 by economic class (表6): rows rounded
    ("shaanxi_xian_jtysj_2022_yusuan.pdf", ("expense.general.basic.personnel", "current")),
])
def test_wide_rounded_unit_sums_are_no_errors(name, key):
    assert wide_consistency(name).get(key) == {"info"}


@pytest.mark.parametrize("name,key", [
    # 表6 of 西安 国资委 prints its 合计 column a row off (302 shows 940,000元; the text 268.85万 is
    # the figure printed on 30113's line): a printed contradiction, not a rounding
    ("shaanxi_xian_gzw_2022_yusuan.pdf", ("expense.general.economic.302", "current")),
    # 公开04表 `一、本年支出 152,585.74` while its own 类 rows give 152,585.76: no row slack
    ("jiangsu_wuxi_rsj_2026_yusuan.pdf", ("expense.fiscal.total", "current")),
    # `基本支出预算数为12323.46万元` beside `基本支出12323.48万元` and the tables' 12,323.48
    ("jiangsu_jcy_2017_yusuan.pdf", ("expense.basic", "current")),
    # 项目支出表 spends 54.24 of 上年结转 the 收支总表 does not have (not the 经营 口径)
    ("shandong_yantai_whlyj_2026_yusuan.pdf", ("expense.project", "current")),
])
def test_wide_real_disagreements_stay_errors(name, key):
    assert "error" in wide_consistency(name).get(key, set())
