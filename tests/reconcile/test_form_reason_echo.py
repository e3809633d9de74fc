"""form-change-reason-missing: one change printed twice and explained once (form_reason_echo).

长春 信访局 2026 (main corpus) printed "2026年预算比2025年预算增加50.32万元，增长3.08%。主要是人员经费的
正常增长。" under 收支总表 and "2026年财政拨款收入1682.76万元同比上年增长3.08%。" under 财政拨款收支总表:
a false warning (docs/corpus-findings.md, "Warnings judged (session 18)"). Synthetic documents of
another unit and figures; near misses keep the warning."""

from __future__ import annotations

import pytest

from .form_support import disclose, fired

RULE = "form-change-reason-missing"


def _doc(tmp_path, first: str, second: str = "2025年财政拨款收入936.40万元，比上年增长4.27%。",
         before: str = "2025年收入预算936.40万元。"):
    lines = ["某区统计局2025年部门预算", "一、部门主要职责", "负责全区统计调查工作。",
             "二、收支总表情况说明", before, first,
             "三、收入总表情况说明", "2025年本年收入936.40万元。", "四、财政拨款收支总表情况说明",
             second, "五、其他情况说明", "本部门无政府性基金预算收支。"]
    path = tmp_path / "echo.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return fired(disclose(str(path)), RULE)


@pytest.mark.parametrize("first", [
    # the reason in the next sentence (长春's shape)
    "2025年预算比2024年预算增加38.32万元，增长4.27%。主要是人员经费的正常增长。",
    # the reason in the same sentence
    "2025年预算较上年增长4.27%，主要原因是新增统计调查项目。",
])
def test_a_change_explained_where_it_is_printed_first_is_explained(tmp_path, first):
    assert _doc(tmp_path, first) == []


@pytest.mark.parametrize("first", [
    # the other printing has no reason either
    "2025年预算比2024年预算增加38.32万元，增长4.27%。",
    # another figure: another change
    "2025年预算比2024年预算增加38.32万元，增长4.26%。主要是人员经费的正常增长。",
    # the other direction
    "2025年预算比2024年预算减少38.32万元，下降4.27%。主要是压减一般性支出。",
])
def test_near_miss_no_explained_echo_keeps_the_warning(tmp_path, first):
    found = _doc(tmp_path, first)
    assert [f.stated for f in found] == ["4.27"]


@pytest.mark.parametrize("printed", ["5", "5.00"])
def test_near_miss_a_whole_number_is_too_common_to_tie_two_sentences(tmp_path, printed):
    found = _doc(tmp_path, f"2025年预算比2024年预算增加40万元，增长{printed}%。主要是人员经费的正常增长。",
                 f"2025年财政拨款收入936.40万元，比上年增长{printed}%。")
    assert [f.stated for f in found] == [printed]


def test_near_miss_the_same_change_of_another_figure_keeps_the_warning(tmp_path):
    """A part that changed by the whole's change (the other parts unchanged) is another figure:
    its reason is its own (the changed 936.40 is printed neither in it nor just before it)."""
    found = _doc(tmp_path, "2025年事业收入126.40万元，比上年增长4.27%，主要原因是服务量增加。",
                 before="本部门收入包括财政拨款收入和事业收入。")
    assert [f.stated for f in found] == ["4.27"]
