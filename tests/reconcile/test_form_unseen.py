"""Issue #8, documents from templates neither corpus holds (docs/accuracy.md "Unseen real
documents"): form warnings that were false there, on texts the test writes, with near misses."""

from __future__ import annotations

import pytest

from .form_support import disclose, fired

HEAD = "某某局2026年部门预算\n第三部分 2026年部门预算情况说明\n"


def _disclosure(tmp_path, body: str):
    path = tmp_path / "unseen.txt"
    path.write_text(HEAD + body + "\n", encoding="utf-8")
    return disclose(str(path))


@pytest.mark.parametrize("sentence", [
    # 中央部门 2026: a comma after 原因是, then the reason
    "主要原因是，2025年年中追加中央基建投资，2026年初暂无安排。",
    "主要原因为，人员增加。",
    "原因是:机构调整。",
])
def test_a_reason_after_a_comma_is_no_template_residue(tmp_path, sentence):
    disclosure = _disclosure(tmp_path, "2026年其他信访事务支出3,623.98万元，比上年减少21,519.26万元，"
                                       "减少85.59%，" + sentence)
    assert fired(disclosure, "form-template-residue") == []


@pytest.mark.parametrize("sentence", ["主要原因是，。", "主要原因是。", "主要原因是；", "主要原因为，"])
def test_an_empty_reason_is_template_residue(tmp_path, sentence):
    disclosure = _disclosure(tmp_path, "2026年其他信访事务支出3,623.98万元，比上年减少21,519.26万元，"
                                       "减少85.59%，" + sentence)
    assert [f.severity for f in fired(disclosure, "form-template-residue")] == ["warning"]


@pytest.mark.parametrize("lead", ["主要增减变动情况是：", "主要变动情况是：", "增减变动情况为："])
def test_a_change_explained_by_its_changes_situation(tmp_path, lead):
    """广东 决算: "机关运行经费支出97.19万元，比预算数增加97.19万元，增长0%。主要增减变动情况是：我局为
    2019年新成立单位…" states its reason."""
    disclosure = _disclosure(tmp_path, "（一）机关运行经费支出情况\n2026年本部门机关运行经费支出97.19万元，"
                                       "比上年增加20.5万元，增长26.7%。" + lead + "本局为新成立单位，人员增加。")
    assert [f for f in fired(disclosure, "form-change-reason-missing")
            if "机关运行" in f.message] == []


def test_a_change_followed_by_no_reason_is_still_reported(tmp_path):
    """Near miss: a change and then a heading about the situation, no reason stated."""
    disclosure = _disclosure(tmp_path, "（一）机关运行经费支出情况\n2026年本部门机关运行经费支出97.19万元，"
                                       "比上年增加20.5万元，增长26.7%。\n（二）政府采购支出情况说明\n"
                                       "2026年本部门政府采购预算总额0万元。")
    assert [f for f in fired(disclosure, "form-change-reason-missing") if "机关运行" in f.message]
