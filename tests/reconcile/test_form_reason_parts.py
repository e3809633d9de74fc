"""A whole's change explained through parts that the declared sums name, not the measure keys
(reconcile/form_reason_parts.py; 青岛 政协 2015, unseen batch 5: 公务用车购置及运行维护费 …减少93.05万元
then 其中: 购置费 and 运行维护费, each with "减少的主要原因是…" in its own clause — was reported as
unexplained). Variants written here with other figures and wordings; near misses: one part without
a reason of its own (池州 2024's form), one part not stated, and parts far below the whole."""

from __future__ import annotations

from .form_support import disclose, fired

WHOLE = "3、公务用车购置及运行维护费180.40万元,较2022年减少40.20万元,下降18.22%。"
PURCHASE = "公务用车购置费25.00万元,较2022年减少35.00万元,下降58.33%,减少的主要原因是本年新购车辆减少"
OPERATION = "公务用车运行维护费155.40万元,较2022年减少5.20万元,下降3.24%,主要原因是严格控制车辆运行费用"


def _missing(tmp_path, body: str) -> list:
    path = tmp_path / "page.txt"
    path.write_text("某某市某某委员会2023年部门决算公开补充说明\n一、“三公”经费增减情况\n" + body + "\n",
                    encoding="utf-8")
    return [f for f in fired(disclose(str(path)), "form-change-reason-missing") if f.stated == "-40.20"]


def test_both_parts_with_their_reasons_on_the_printed_line_explain_the_whole(tmp_path):
    assert _missing(tmp_path, WHOLE + "其中:" + PURCHASE + ";" + OPERATION + "。") == []


def test_both_parts_with_their_reasons_on_the_next_line_explain_the_whole(tmp_path):
    assert _missing(tmp_path, WHOLE + "\n其中：" + PURCHASE + "；" + OPERATION + "。") == []


def test_near_miss_one_part_without_a_reason_of_its_own(tmp_path):
    """池州 2024's form: the sentence holds a reason marker, but only in one part's clause."""
    operation = "公务用车运行维护费155.40万元,较2022年减少5.20万元,下降3.24%"
    assert _missing(tmp_path, WHOLE + "其中:" + PURCHASE + ";" + operation + "。")


def test_near_miss_one_part_not_stated(tmp_path):
    assert _missing(tmp_path, WHOLE + "其中:" + PURCHASE + "。")


def test_near_miss_parts_stated_far_below_the_whole(tmp_path):
    filler = "\n".join(f"本单位车辆管理制度第{n}条已公开。" for n in range(1, 7))
    assert _missing(tmp_path, WHOLE + "\n" + filler + "\n其中:" + PURCHASE + ";" + OPERATION + "。")
