"""Issue #8, the ninth unseen batch (docs/accuracy.md "Unseen batch 9 (session 16)"): findings
judged false on the page — each as synthetic variants of the pattern — with near misses that keep
the finding, and the true defects of the batch that must stay found."""

from __future__ import annotations

from budgetlens.pipeline import process


def findings(tmp_path, text: str, rule: str) -> list:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return [f for f in process(str(path)).audit.findings if f.rule == rule]


# --- a table's cells printed one a line are not repeated text ---------------------------------------

CELLS = """{unit}{year}年度单位决算
{unit}医改信息公开
{year}年医疗卫生计生机构收支决算总表(按功能分类) |
编制单位:{unit}[单户表] |
金额单位:元 |
项目 |
本年收入 |
本年支出 |
收支结余 |
合计 |
{income} |
{expense} |
{balance} |
{balance} |
{repeat}"""


def test_a_figure_in_two_cells_one_a_line_is_no_repeated_text(tmp_path):
    """汨罗市中医院 2017: the balance "-8,484,100.00 |" printed under 收支结余 and again under its
    小计 (one cell a line) was noted as text printed twice (form-repeated-text)."""
    for unit, year, income, expense, balance in (
            ("某县中医院", 2018, "52,011,988.25", "60,496,088.25", "-8,484,100.00"),
            ("某市第二人民医院", 2019, "1,200,000.00", "1,150,000.00", "50,000.00")):
        text = CELLS.format(unit=unit, year=year, income=income, expense=expense, balance=balance,
                            repeat="")
        assert not findings(tmp_path, text, "form-repeated-text")


def test_near_miss_a_sentence_printed_twice_is_still_noted(tmp_path):
    line = "本年收入合计5201.20万元，比上年增加100万元，主要原因是医疗收入增加。"
    text = CELLS.format(unit="某县中医院", year=2018, income="52,011,988.25", expense="60,496,088.25",
                        balance="-8,484,100.00", repeat=f"{line}\n{line}\n")
    assert findings(tmp_path, text, "form-repeated-text")


# --- the reason given for 财政拨款收入's total is its own where the two are one figure ---------------

PAGE = """{unit}{year}年度单位决算
三、收支决算总体情况
{year}年{unit}本年收入合计{total}万元,与上年相比增加39.42万元,增加7.06%;其中:财政拨款收入{fiscal}万元,占{share}%,与上年相比{change}万元,增加{pct}%;事业收入{business}万元,占{bshare}%,与上年相比减少26.73万元,减少6.64%。
{year}年{unit}本年支出合计525.54万元,与上年相比减少59.42万元,下降10.16%。
四、财政拨款收入支出决算总体情况说明
{unit}{year}年度财政拨款收入决算总计{with_carryover}万元。与上年相比增加{change2}万元,增加{pct2}%;原因是目标考核增加,财政补助收入相应增加。
"""


def _page(**over):
    values = dict(unit="某县某镇卫生院", year=2019, total="553.09", fiscal="177.28", share="32.05",
                  change="21.79", pct="14.01", business="375.81", bshare="67.95",
                  change2="22.13", pct2="12.28",
                  with_carryover="177.28")
    values.update(over)
    return PAGE.format(**values)


def test_a_reason_for_the_fiscal_total_is_the_fiscal_incomes(tmp_path):
    """马家镇卫生院 2017: "财政拨款收入177.28万元…与2016年相比21.79万元,增加14.01%" then "财政拨款收入
    决算总计177.28万元…原因是目标考核…": once the change was read, its reason was called missing,
    though the page gives it under the same figure's other name."""
    got = findings(tmp_path, _page(), "form-change-reason-missing")
    assert not [f for f in got if "income.fiscal" in f.measure]


def test_near_miss_with_a_carry_over_the_two_are_not_one_figure(tmp_path):
    got = findings(tmp_path, _page(with_carryover="190.28"), "form-change-reason-missing")
    assert [f for f in got if f.measure == "income.fiscal"]


def test_the_pages_own_shares_that_do_not_add_up_stay_found(tmp_path):
    """马家镇卫生院 2017's defect: 事业收入 375.81 "占70.33%" of 本年收入合计 597.52 (62.89%): the
    shares were made to add to 100 while the parts do not add to the total."""
    text = _page(total="597.52", share="29.67", bshare="70.33")
    got = findings(tmp_path, text, "share-of-whole")
    assert [f for f in got if f.measure == "income.business"]
    assert not findings(tmp_path, _page(), "share-of-whole")
