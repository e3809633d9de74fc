"""Issue #8, batch 9's open misses (docs/accuracy.md "Batch 9's open misses (session 17)"): checks
the batch showed missing, each on synthetic variants of the pattern, with near misses that must
not fire."""

from __future__ import annotations

import pytest

from budgetlens.pipeline import process


def findings(tmp_path, text: str, prefix: str) -> list:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    # a finding merged into another (reconcile/merge.py) is kept in the headline's also_breaks
    return [f for found in process(str(path)).audit.findings for f in (found, *found.also_breaks)
            if f.rule.startswith(prefix)]


# --- 2. one printed figure with two different changes ---------------------------------------------

INCOME = """{unit}{year}年度单位决算
三、收入决算情况
{year}年{unit}本年收入合计{total}万元;其中:财政拨款收入{fiscal}万元,与上年相比增加{change}万元。
四、财政拨款收入支出决算总体情况说明
{unit}{year}年度财政拨款收入决算总计{whole}万元,与上年相比增加{change2}万元。
"""

EXPENSE = """{unit}{year}年部门决算
一、财政拨款支出决算总体情况
{year}年度财政拨款支出{whole}万元,比上年增加{change2}万元。
二、一般公共预算财政拨款支出决算情况
一般公共预算财政拨款支出{part}万元,比上年增加{change}万元。
"""


@pytest.mark.parametrize("text", [
    INCOME.format(unit="某县某镇卫生院", year=2019, total="553.09", fiscal="177.28", change="21.79",
                  whole="177.28", change2="22.13"),
    INCOME.format(unit="某市第三中学", year=2021, total="1,204.50", fiscal="980.00", change="12.5",
                  whole="980.00", change2="40.0"),
    EXPENSE.format(unit="某县林业局", year=2020, whole="812.40", change2="60.20", part="812.40",
                   change="45.10"),
])
def test_a_whole_printed_equal_to_its_part_cannot_change_more(tmp_path, text):
    """马家镇卫生院 2017: 财政拨款收入 177.28 "与2016年相比21.79万元", its 决算总计 177.28 "增加22.13万
    元": one figure, two changes, and last year's part (155.49) above its own total (155.15). The
    whole's earlier figure holds the part's, so its change cannot be the larger one."""
    got = findings(tmp_path, text, "twin-change-")
    assert got and got[0].severity.value == "error"
    assert len(got[0].evidence) >= 2  # both stated changes cited


@pytest.mark.parametrize("over", [
    dict(change2="18.40"),  # the whole's change is smaller: last year's carry-over, no contradiction
    dict(whole="190.28"),  # a carry-over this year: two figures, their changes are their own
    dict(change2="21.8"),  # the same change within the rounding of its printed digits
])
def test_near_miss_no_contradiction_between_the_two_changes(tmp_path, over):
    values = dict(unit="某县某镇卫生院", year=2019, total="553.09", fiscal="177.28", change="21.79",
                  whole="177.28", change2="22.13")
    values.update(over)
    assert not findings(tmp_path, INCOME.format(**values), "twin-change-")
