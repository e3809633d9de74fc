"""Issue #8, batch 9's open misses (docs/accuracy.md "Batch 9's open misses (session 17)"): each
pattern as synthetic variants (other units, places, years and figures) with near misses that keep
their old reading. Assertions are (measure, basis, value) triples of the narrative stage, or the
facts of the whole extraction where a table takes part."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.sentences import spaced_apart
from budgetlens.model import Metadata
from budgetlens.pipeline import process

from .inline_text import narrative_triples


def read(kind: str, year: int, *lines: str) -> set:
    return narrative_triples(Metadata(kind=kind, year=year), *lines)


def values(found: set, measure: str) -> set:
    return {(b, v) for m, b, v in found if m == measure}


# --- 1. letter-spaced labels -------------------------------------------------------------------

#: a 部门收支总表 flattened into one line by a document library's text copy (教育局 2020's form),
#: another department's figures; {gap} stands before each total's label
_FLAT = ("表1 部门收支总表 单位:万元 一、一般公共预算拨款收入 2,380.10 一、一般公共服务支出 2,100.00 "
         "二十四、其他支出 280.10 二十八、债务发行费用支出{gap}{income} 2,380.10 七、用事业基金弥补收支差额"
         "{gap}{expense} 2,380.10")


def test_letter_spaced_totals_of_a_flattened_table_are_read():
    """"…债务发行费用支出 本 年 收 入 合 计 16,745.59 七、用事业基金弥补收支差额 本 年 支 出 合 计 16,745.59":
    both totals were unread — whitespace is dropped for matching, so the cell before modified the
    label. The gap before a letter-spaced label parts it from the cell before."""
    found = read("budget", 2021, _FLAT.format(gap=" ", income="本 年 收 入 合 计",
                                              expense="本 年 支 出 合 计"))
    assert values(found, "income.total") == {("current", Decimal("2380.10"))}
    assert values(found, "expense.total") == {("current", Decimal("2380.10"))}
    assert values(found, "expense.function.201") == {("current", Decimal("2100.00"))}


def test_letter_spaced_label_in_a_tab_table_reads_as_the_label(tmp_path):
    """In a table the cell is the label's whole text: "合 计" and "本 年 收 入 合 计" match as
    合计 and 本年收入合计 (a test of the table path the narrative fix leaves alone)."""
    text = ("某县林业局2021年部门预算\n表一 部门收支总表\n单位：万元\n"
            "项 目\t预算数\t项 目\t预算数\n一般公共预算拨款收入\t380.50\t农林水支出\t380.50\n"
            "本 年 收 入 合 计\t380.50\t本 年 支 出 合 计\t380.50\n")
    path = tmp_path / "spaced.txt"
    path.write_text(text, encoding="utf-8")
    facts = {(f.measure, f.value) for f in process(str(path), audit=False).disclosure.facts
             if f.source.table is not None}
    assert ("income.total", Decimal("380.50")) in facts
    assert ("expense.total", Decimal("380.50")) in facts


@pytest.mark.parametrize("income,expense", [
    ("本年收入合计", "本年支出合计"),  # no letter spacing: the cells stay one phrase, as before
    ("本 年收入合计", "本 年支出合计"),  # one spaced letter is no spaced label
])
def test_near_miss_words_spaced_apart_keep_their_modifier(income, expense):
    """Only a letter-spaced label is parted from the word before it: a space between two words of
    two or more characters ("其他支出 本年收入合计") is kept as the one phrase it was."""
    found = read("budget", 2021, _FLAT.format(gap=" ", income=income, expense=expense))
    assert not values(found, "income.total") and not values(found, "expense.total")


def test_near_miss_prose_with_spaces_between_words_keeps_its_reading():
    """A sentence printed with spaces between its words, as Latin text is ("PPP 项目 本年支出合计"),
    reads as the same sentence without them: the modifier before the label stays."""
    spaced = read("budget", 2022, "本单位2022年 PPP 项目 本年支出合计 300.00 万元。")
    joined = read("budget", 2022, "本单位2022年PPP项目本年支出合计300.00万元。")
    assert spaced == joined
    assert not values(spaced, "expense.total")


@pytest.mark.parametrize("left,right,apart", [
    ("…债务发行费用支出 ", "本 年 收 入 合 计", True),
    ("合 计 ", "本年收入", True),
    ("其他支出 ", "本年收入合计", False),  # two words: no label is letter-spaced
    ("合计 ", "本年", False),
    ("一 般 公 共 预 算 ", "本 年 收 入", False),  # the letters of one spaced phrase
    ("P P ", "项目", False),  # Latin letters are no CJK label
    ("其他支出", "本 年 收 入", False),  # no space printed between them
])
def test_spaced_apart(left, right, apart):
    assert spaced_apart(left, right) is apart
