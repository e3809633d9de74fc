"""A change explained by the item being new ("此项级科目为今年新增科目": 江苏 省委办公厅 2018 p9, the 项
机关事业单位基本养老保险缴费 created that year) states its reason (form_checks.toml reason_markers):
variants of the wording, and near misses that still want a reason (issue #8, wide warnings judged
on the page)."""

from __future__ import annotations

import pytest

from .form_support import disclose, fired

HEAD = "某某厅2018年部门预算\n五、一般公共预算支出预算情况说明\n"
CHANGE = "2．行政事业单位离退休（款）机关事业单位基本养老保险缴费（项）支出743.39万元，与上年相比增加743.39万元。"


def _reasons_missing(tmp_path, body: str) -> list:
    path = tmp_path / "doc.txt"
    path.write_text(HEAD + body + "\n", encoding="utf-8")
    return [f for f in fired(disclose(str(path)), "form-change-reason-missing") if "743.39" in f.message]


@pytest.mark.parametrize("reason", ["此项级科目为今年新增科目。", "该科目为本年新增科目。",
                                    "此科目为当年新增的项级科目。", "该项为本年度新增科目。"])
def test_a_new_item_is_the_reason_of_its_change(tmp_path, reason):
    assert _reasons_missing(tmp_path, CHANGE + reason) == []


@pytest.mark.parametrize("after", ["新增科目较多。", "此项支出用于养老保险缴费。"])
def test_other_words_after_the_change_are_no_reason(tmp_path, after):
    """Near misses: 新增科目 not said of this item, or a purpose: the change still wants a reason."""
    assert _reasons_missing(tmp_path, CHANGE + after)
