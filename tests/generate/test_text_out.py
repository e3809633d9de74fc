"""Section and table numbers as Chinese numerals: a 决算 with one 绩效自评表 per project runs past
表九十九 (西安卫健委 2022 prints 89 of them), where 100 was written 十十."""

from __future__ import annotations

import pytest

from budgetlens.generate.text_out import cn_number


@pytest.mark.parametrize("n,text", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (99, "九十九"),
                                    (100, "一百"), (101, "一百零一"), (110, "一百一十"), (115, "一百一十五"),
                                    (123, "一百二十三"), (200, "二百")])
def test_cn_number(n, text):
    assert cn_number(n) == text
