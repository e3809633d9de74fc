"""Equipment counted by price threshold (issue #8, session 8's leftover): the count above a
higher threshold is a subset of the count above a lower one, read after 其中 of the wider count
(lexicon [nested_counts]) and checked not to be larger (identities.toml equipment-*-within-*). 长沙
公安局 2025 prints "单位价值50万元以上设备8台，其中，单位价值100万元以上设备15台": a part larger than its
whole, a defect of the page, reported with the sentence as evidence. Variants of thresholds and
wording; near misses that must stay quiet. Each document is a text file the test writes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.pipeline import process

HEAD = ("某某市某某局2025年部门预算\n\n一、收支预算总体情况\n2025年收入预算1,000.00万元，支出预算1,000.00万元。\n"
        "\n二、国有资产占用情况\n")


def _run(tmp_path, sentence: str):
    path = tmp_path / "doc.txt"
    path.write_text(HEAD + sentence + "\n", encoding="utf-8")
    result = process(str(path))
    assert result.audit is not None, result.error
    facts = {(f.measure, f.value) for f in result.disclosure.facts if "equipment" in f.measure}
    found = [f for f in result.audit.findings if f.rule.startswith("equipment-")]
    return facts, found


@pytest.mark.parametrize("sentence, rule, part", [
    ("截至2024年12月底，本单位共有公务用车10辆；单位价值50万元以上设备8台，其中，单位价值100万元以上设备15台。",
     "equipment-1m-within-500k", ("assets.equipment_over_1m", Decimal(15))),
    ("截至2024年底，单价20万元以上设备30台（套），其中单价50万元以上设备40台（套）。",
     "equipment-500k-within-200k", ("assets.equipment_over_500k", Decimal(40))),
    ("截至2024年底，单价100万元以上设备5台，其中：单价200万元以上设备6台。",
     "equipment-2m-within-1m", ("assets.equipment_over_2m", Decimal(6))),
])
def test_a_higher_threshold_count_above_its_whole_is_an_error(tmp_path, sentence, rule, part):
    facts, found = _run(tmp_path, sentence)
    assert part in facts
    assert [(f.rule, f.severity) for f in found] == [(rule, "error")]
    assert all(e.source.text and e.source.line for e in found[0].evidence)


@pytest.mark.parametrize("sentence, part", [
    ("截至2024年底，单位价值50万元以上设备8台，其中，单位价值100万元以上设备3台。",
     ("assets.equipment_over_1m", Decimal(3))),
    ("截至2024年底，单价100万元以上设备5台，其中单价200万元以上设备5台。",
     ("assets.equipment_over_2m", Decimal(5))),
    ("截至2024年底，单价50万元以上设备8台；单价100万元以上设备3台（套）。",
     ("assets.equipment_over_1m", Decimal(3))),
])
def test_a_subset_within_its_whole_is_read_and_quiet(tmp_path, sentence, part):
    facts, found = _run(tmp_path, sentence)
    assert part in facts and not found


def test_a_lower_threshold_after_qizhong_is_no_part(tmp_path):
    """Near miss: 其中 a count above a *lower* threshold is not a subset: left unread."""
    facts, found = _run(tmp_path, "截至2024年底，单价100万元以上设备5台，其中单价50万元以上设备8台。")
    assert ("assets.equipment_over_500k", Decimal(8)) not in facts and not found


def test_counts_are_worded_as_whole_numbers(tmp_path):
    """A count is shown as printed ("8台"), never at the amounts' two decimals ("8.00台"): the
    decimals follow the measure's value kind in the vocabulary (rules/measures.csv)."""
    sentence = "截至2024年底，单位价值50万元以上设备8台，其中，单位价值100万元以上设备15台。"
    _, [found] = _run(tmp_path, sentence)
    assert (found.stated, found.expected, found.difference, found.tolerance) == ("15", "8", "7", "0")
    assert "8台" in found.message and "8.00" not in found.message + found.message_en


def test_a_count_with_printed_decimals_keeps_them():
    """Scores are counts printed with decimals: a sum of 19.98 + … is shown to the cent, never
    rounded to a whole number (shaanxi_xian_wjw_2022's self-evaluation totals)."""
    from budgetlens.reconcile.engine import display_decimals
    from budgetlens.reconcile.tolerance import ToleranceSettings

    settings = ToleranceSettings()
    assert display_decimals("count", 0, settings, finest=2) == 2
    assert display_decimals("count", 0, settings, finest=0) == 0
    assert display_decimals("money", 0, settings) == settings.display_decimals == 2
