"""What a unit name is (extract/classify_names.py): where a name run into a title ends, the name
that pieces split by markup or a line break spell, and the fold to simplified characters. Moved
here unchanged from tests/extract/test_classify_unit.py when the module was split (session 18)."""

from __future__ import annotations

import pytest

from budgetlens.extract.classify_names import join_name
from budgetlens.rules.classify import load_rules


@pytest.mark.parametrize("text, name", [
    ("北京市统计局部门2026年度", "北京市统计局"),        # 部 ends names, but 部门 is a word
    ("重庆市黔江区行政服务中心2024年部门预算", "重庆市黔江区行政服务中心"),
    ("中共重庆市黔江区委员会办公室2024年部门预算", "中共重庆市黔江区委员会办公室"),
])
def test_a_title_phrase_is_not_cut_inside_a_word(text, name):
    from budgetlens.extract.classify_names import org_prefix

    assert org_prefix(text.split("20")[0], load_rules()) == name


@pytest.mark.parametrize("pieces, name", [
    (["重庆市黔江区行", "政服务中心"], "重庆市黔江区行政服务中心"),
    (["重庆市", "黔江区", "行政服务中心"], "重庆市黔江区行政服务中心"),
    # two names side by side: the second starts a name of its own, they are not run together
    (["重庆市黔江区财政局", "重庆市黔江区审计局"], "重庆市黔江区财政局"),
    (["重庆市黔江区财政局", "中共重庆市黔江区委员会"], "重庆市黔江区财政局"),
    # what follows a name and is no name's end is left out
    (["重庆市黔江区财政局", "单位负责人"], "重庆市黔江区财政局"),
    (["2024年", "部门预算"], None),
])
def test_join_name(pieces, name):
    assert join_name(pieces, load_rules()) == name


def test_fold_leaves_a_line_without_traditional_characters_as_it_is_and_folds_the_others():
    """fold's early out (a line holding none of [fold]'s traditional characters is its own
    fold) gives what the translation gives, on every line of the seeds and on traditional lines
    beside near misses (a character the table does not map, a simplified neighbour)."""
    from budgetlens.extract.classify_names import fold
    rules = load_rules()
    from ..conftest import seed_path
    lines = [ln for prefix in ("000", "001", "002", "003", "004")
             for ln in seed_path(prefix).read_text(encoding="utf-8").split("\n")]
    traditional = ["遼寧省鐵嶺市人民代表大會常務委員會辦公室2023年度部門決算公開",
                   "政府信息公開 部門預算", "單位：萬元"]
    near = ["辽宁省铁岭市人民代表大会", "〇〇〇 ﹝2024﹞ 𠀋", ""]
    for text in lines + traditional + near:
        assert fold(text, rules) == text.translate(rules.fold), text
    assert fold("政府信息公開", rules) == "政府信息公开"
    assert all(fold(t, rules) is t for t in near)


def test_fold_follows_the_rules_object_in_use():
    """Another rules object with another [fold] table (a test's, a user's) is folded by its own
    table, and the first one's again after it."""
    from dataclasses import replace as _replace

    from budgetlens.extract.classify_names import fold
    rules = load_rules()
    other = _replace(rules, fold={ord("甲"): "乙"})
    assert fold("甲開", other) == "乙開"
    assert fold("甲開", rules) == "甲开"
    assert fold("甲開", other) == "乙開"
