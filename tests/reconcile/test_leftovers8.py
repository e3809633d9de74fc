"""Issue #8, the misses left open by unseen batches 6 and 7 (docs/accuracy.md "Batches 6 and 7:
the open misses (session 15)"): checks that were missing, each fired on a variant of a real page
made for it and quiet on the real one and on a near miss."""

from __future__ import annotations

from pathlib import Path

from budgetlens.pipeline import process

from .form_support import seed_text

RATE = "self-eval-execution-rate"

# seed 002's 绩效自评表, printed one cell a line: 年初预算数, 全年（调整）预算数, 全年执行数, 执行率（%）
FUNDS_ROW = "\t年度总金额\n\t20.85　\n\t20.85　\n\t　20.85\n\t　100\n"


def _audited(tmp_path: Path, name: str, funds_row: str) -> list:
    text = seed_text("002")
    assert FUNDS_ROW in text, "seed 002 no longer prints its self-evaluation's funds row"
    path = tmp_path / name
    path.write_text(text.replace(FUNDS_ROW, funds_row, 1), encoding="utf-8")
    return [f for f in process(str(path)).audit.findings if f.rule == RATE]


def test_a_wrong_execution_rate_of_a_self_evaluation_is_found(tmp_path):
    """宁德 2024's form states 执行率 88.75 = 8,874.74 / 9,999.77 and no check read it: a form
    whose 执行率 stays 100 while 全年执行数 is 18.50 of 20.85 (88.73%) is an error, with the
    execution and the budget as its evidence."""
    found = _audited(tmp_path, "002_rate_wrong.txt", "\t年度总金额\n\t20.85　\n\t20.85　\n\t　18.50\n\t　100\n")
    assert len(found) == 1 and found[0].severity == "error"
    assert "18.50" in found[0].message and "20.85" in found[0].message


def test_the_rate_of_the_year_budget_not_the_initial_one(tmp_path):
    """执行率 is of 全年（调整）预算数: 18.50 of an adjusted 20.00 is 92.50 (of the initial 20.85
    it would be 88.73): quiet."""
    assert not _audited(tmp_path, "002_rate_adjusted.txt",
                        "\t年度总金额\n\t20.85　\n\t20.00　\n\t　18.50\n\t　92.50\n")


def test_near_miss_the_real_forms_and_a_consistent_variant_are_quiet(tmp_path):
    assert not _audited(tmp_path, "002_rate_real.txt", FUNDS_ROW)
    assert not _audited(tmp_path, "002_rate_consistent.txt",
                        "\t年度总金额\n\t20.85　\n\t20.85　\n\t　18.50\n\t　88.73\n")


# 福建's 部门整体绩效自评表 (宁德 2024's layout: funds columns ①…⑦, the sources under 合计), as a text
# table of tab-separated cells, with other figures
FORM_HEAD = [
    ["部门整体绩效自评表"], ["（2024年度）"], ["专项名称", "", "", "108部门整体"],
    ["部门（单位）名称", "", "", "某市财政局", "", "", "部门预算编码", "", "108"],
    ["财政资金安排和使用情况", "", "", "预算安排", "", "", "拨付情况", "", "结余情况", "", "", "分值", "得分"],
    ["", "", "", "年初部门预算安排金额（含历年结余结转）①", "年中调整金额②", "小计③= ①+②", "年度拨付金额④",
     "支出实现率(%)⑤=④/③", "本年度结余金额⑥=③-④", "", "资金结余率(%)⑦=⑥/③", "", ""],
    ["", "合计", "", "1200.00", "100.00", "1300.00", "1170.00", "90.00", "130.00", "", "10.00", "10", "9"],
]
CHECKED = (RATE, "self-eval-fund-sources", "self-eval-fiscal-levels")
SOURCES = {"财政资金小计": "1080.00", "①中央财政资金": "0.00", "②省级财政资金": "90.00", "③地方财政资金": "990.00",
           "其他资金小计": "90.00"}


def _form(tmp_path: Path, name: str, **executed: str) -> list:
    rows = [list(r) for r in FORM_HEAD]
    for label, value in {**SOURCES, **executed}.items():
        rows.append(["", label, "", "0.00", "0.00", "0.00", value, "0.00", "0.00", "", "0.00", "", ""])
    rows.append(["总分值、评价总分(S)"] + [""] * 11 + ["92.00"])
    path = tmp_path / name
    path.write_text("\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")
    return [f for f in process(str(path)).audit.findings if f.rule in CHECKED]


def test_a_fund_source_subtotal_that_does_not_add_up_is_found(tmp_path):
    """宁德 2024: 财政资金小计 0.00 above ③地方财政资金 9,209.55 (the 合计) — the fund-source rows were not
    read. Variant: 财政资金小计 0.00 above 中央 0 + 省级 90 + 地方 990 = 1,080, 合计 1,170."""
    found = _form(tmp_path, "form_zero.txt", **{"财政资金小计": "0.00"})
    # both sums break, by the one wrong 0.00: one finding that cites the other (reconcile/merge.py)
    assert len(found) == 1 and found[0].severity == "error"
    assert sorted([found[0].rule] + [a.rule for a in found[0].also_breaks]) == [
        "self-eval-fiscal-levels", "self-eval-fund-sources"]


def test_a_fund_source_level_that_does_not_add_up_is_found(tmp_path):
    """Another wrong row: 省级 printed 60 (the levels make 1,050, the subtotal 1,080)."""
    found = _form(tmp_path, "form_level.txt", **{"②省级财政资金": "60.00"})
    assert [f.rule for f in found] == ["self-eval-fiscal-levels"]


def test_near_miss_sources_that_add_up_are_quiet(tmp_path):
    """The same form with its sources adding up (and its 执行率 90.00 = 1,170 / 1,300): no finding."""
    assert _form(tmp_path, "form_ok.txt") == []


# 垫江 包家镇卫生院 2022's budget in words, with other figures: 本年收入 + 上年结转 against 本年支出 + 结转下年
BUDGET_IN_WORDS = ("某县某镇卫生院2023年单位预算情况说明\n二、单位收支总体情况\n"
                   "(一)收入预算:2023年年初预算数{income}万元,其中:一般公共预算拨款200.00万元,事业收入{business}万元,"
                   "其他收入0万元;上年结转结余资金{carried}万元;收入较去年增加10.00万元。\n"
                   "(二)支出预算:2023年年初预算数{spent}万元,其中:卫生健康支出{spent}万元;结转下年{forward}万元;"
                   "支出较去年增加10.00万元。\n"
                   "2023年一般公共预算财政拨款收入200.00万元,一般公共预算财政拨款支出200.00万元。\n")


def _balance(tmp_path: Path, name: str, **figures: str) -> list:
    path = tmp_path / name
    path.write_text(BUDGET_IN_WORDS.format(**figures), encoding="utf-8")
    return [f for f in process(str(path)).audit.findings if f.rule == "implied-total-balance"]


def test_implied_totals_that_do_not_balance_are_found(tmp_path):
    """垫江 2022: 504.51 + 29.81 = 534.32 against 441.68 + 92.32 = 534.00, no total printed: the
    budget does not balance and nothing said so. Variant: 500 + 30 against 450 + 70."""
    found = _balance(tmp_path, "unbalanced.txt", income="500.00", business="300.00", carried="30.00",
                     spent="450.00", forward="70.00")
    assert len(found) == 1 and found[0].severity == "warning"
    assert "530" in found[0].message and "520" in found[0].message


def test_near_miss_implied_totals_that_balance_are_quiet(tmp_path):
    assert not _balance(tmp_path, "balanced.txt", income="500.00", business="300.00", carried="30.00",
                        spent="450.00", forward="80.00")


def test_near_miss_a_printed_grand_total_leaves_it_to_the_grand_total_rules(tmp_path):
    """With 收入总计 printed (a total of its own), the implied balance is not checked: the printed
    totals are (grand-total-balance), and a second finding would repeat the first."""
    path = tmp_path / "printed.txt"
    path.write_text(BUDGET_IN_WORDS.format(income="500.00", business="300.00", carried="30.00",
                                           spent="450.00", forward="70.00")
                    + "2023年收入总计530.00万元,支出总计520.00万元。\n", encoding="utf-8")
    assert not [f for f in process(str(path)).audit.findings if f.rule == "implied-total-balance"]


def test_near_miss_a_total_that_already_holds_the_carryover_balances(tmp_path):
    """北京 财政局 2026: "收入预算44169.36万元" lists 上年结转结余12.72万元 among its sources and the
    spending is 44169.36: the income named 本年收入 already holds the carry-over — balanced, quiet.
    Variant: 530 with 30 carried over among its sources, spending 500 + 30 carried forward."""
    assert not _balance(tmp_path, "holds.txt", income="530.00", business="300.00", carried="30.00",
                        spent="500.00", forward="30.00")
