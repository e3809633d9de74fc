"""The finding key's parts (store/findkey.py) on labels as the corpus prints them: a row is its
classification code when it prints one, else its label without spacing, full-width forms or list
numbering; a heading compares the same way; pages, lines, messages and figures are not parts."""

from __future__ import annotations

from budgetlens.store.findkey import column_part, key_of, normalise, row_part


def _anchor(label: str, role: str = "budget_gpb_expense") -> dict:
    return {"table_role": role, "label": label, "measure": "expense.general.basic"}


def test_rows_are_codes_or_labels_without_numbering():
    assert row_part("201 一般公共服务支出 / 2024年预算数/基本支出") == "code:201"
    assert row_part("2010101　行政运行 / 合计") == "code:2010101"
    assert row_part("一、本年支出 / 支出/合计") == row_part("（一）本年支出 / 支出/合计") == "label:本年支出"
    assert row_part("合 计 / 2024年预算数") == row_part("合计 / 2024年预算数")
    assert normalise("（２）科学技术支出") == "科学技术支出"  # full-width digits and brackets


def test_headings_ignore_spacing_and_the_key_ignores_place_and_wording():
    assert column_part("合计 / 2024年预算数/基本支出") == column_part("合计 / 2024年预算数 / 基本支出")
    a = key_of("rounding-difference", "expense.general.basic", "current",
               _anchor("201 一般公共服务支出 / 2024年预算数/基本支出"))
    moved = key_of("rounding-difference", "expense.general.basic", "current",
                   {**_anchor("201一般公共服务 / 2024年预算数/基本支出"), "page": 9, "line": 40})
    assert a == moved
    assert a != key_of("rounding-difference", "expense.general.basic", "current",
                       _anchor("201 一般公共服务支出 / 2024年预算数/项目支出"))
    assert a != key_of("rounding-difference", "expense.general.basic", "current",
                       _anchor("201 一般公共服务支出 / 2024年预算数/基本支出", "budget_gpb_basic"))
    assert a != key_of("sum-mismatch", "expense.general.basic", "current",
                       _anchor("201 一般公共服务支出 / 2024年预算数/基本支出"))


def test_sentences_without_a_measure_are_keyed_by_their_words_not_their_figures():
    def form(text: str) -> str:
        return key_of("form-year-out-of-range", "", "", {"measure": "", "text": text})

    assert form("2023年当年预算执行数为15.00万。") == form("2023年当年预算执行数为 18.00万。")
    assert form("2023年当年预算执行数为15.00万。") != form("主要行政运行。2023年当年预算执行数为。")
