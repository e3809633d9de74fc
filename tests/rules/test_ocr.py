"""OCR confusions: the shipped rows load, fix the misreadings they name and leave real words alone;
a bad row is refused with its line named."""

from __future__ import annotations

import pytest

from budgetlens.rules.ocr import OcrRulesError, fix_confusions, load_confusions, parse_confusions


def test_shipped_rows_load_and_each_says_why():
    rows = load_confusions()
    assert rows and all(r.why for r in rows)


@pytest.mark.parametrize("read, printed", [
    ("收人合计", "收入合计"), ("一、本年收人", "一、本年收入"), ("事业收人", "事业收入"),
    ("接收人员", "接收人员"), ("征收人", "征收人"), ("收人民币", "收人民币"), ("1,234.50", "1,234.50"),
])
def test_fixes_misreadings_and_only_them(read, printed):
    assert fix_confusions(read) == printed


@pytest.mark.parametrize("text, where", [
    ("pattern,printed\n", "ocr_confusions.csv:1: missing column 'why'"),
    ("pattern,printed,why\n收人,收入\n", "ocr_confusions.csv:2: missing 'why'"),
    ("pattern,printed,why\n收人(,收入,x\n", "'pattern': bad regex"),
    ("pattern,printed,why\nl,1,x\n", "digits"),
    ("pattern,printed,why\n收,收入,x\n", "its own"),
    ("pattern,printed,why\n收人,收入,\n", "missing 'why'"),
])
def test_bad_rows_are_named(text, where):
    with pytest.raises(OcrRulesError, match=where):
        parse_confusions(text)
