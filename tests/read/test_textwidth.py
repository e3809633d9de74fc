"""Issue #8: a text table going on after a form feed with another number of columns is joined
by its header's column names (read/textwidth.py, called by read/textjoin.py); a part that cannot
be matched so stays apart and both parts say their reading is in doubt.

Made by the test from seed 004 (a real 重庆 disclosure, tab-separated): its 一般公共预算财政拨款
支出表 split before 类 208, the next page printing the table without its 项目支出 column (empty
for every row there) under the header's last row (科目编码 | 科目名称 | 总计 | 基本支出). Joined,
the document reads as the unbroken seed. Near misses: the same page with no header (rows of
amounts, four fields): kept apart, both in doubt; under a header of its own naming columns the
table does not have: another table (its head filled in anew), apart and not in doubt."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.pipeline import process
from budgetlens.read.settings import StitchSettings
from budgetlens.read.text import read_text
from budgetlens.read.textwidth import by_names, leaf_names

from ..conftest import seed_path
from .text_parts import finding_keys, table_holding

TITLE = "2024年重庆市南岸区政务服务管理办公室一般公共预算财政拨款支出预算表"
ST = StitchSettings()
FIRST = [["功能分类科目", "", "2024年预算数", "", ""], ["科目编码", "科目名称", "总计", "基本支出", "项目支出"],
         ["", "合计", "967.73", "699.81", "267.92"]]


def test_leaf_names_are_the_lowest_header_texts():
    assert leaf_names(FIRST, 2) == ["科目编码", "科目名称", "总计", "基本支出", "项目支出"]


def test_a_part_naming_its_columns_as_the_tables_maps_onto_them():
    part = [["科目编码", "科目名称", "总计", "项目支出"], ["208", "社会保障和就业支出", "71.97", ""]]
    assert by_names(FIRST, part, ST) == ([0, 1, 2, 4], 1)


def test_a_part_unnamed_or_named_otherwise_is_not_mapped():
    assert by_names(FIRST, [["208", "社会保障和就业支出", "71.97", "71.97"]], ST) is None
    assert by_names(FIRST, [["科目编码", "科目名称", "金额", "人员经费"], ["208", "x", "1.00", ""]],
                    ST) is None
    assert by_names(FIRST, [["科目名称", "科目编码", "总计"], ["x", "208", "1.00"]], ST) is None


def _split(tmp_path: Path, head: list[str], name: str) -> Path:
    """Seed 004 with a form feed before table 2's 类 208; from there its rows print four
    fields (项目支出 left out: empty on that page), under ``head`` lines."""
    path = seed_path("004")
    if not path.exists():
        pytest.skip("seeds not available")
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index(TITLE)
    at = next(i for i in range(start, len(lines)) if lines[i].startswith("208\t"))
    end = next(i for i in range(at, len(lines)) if "\t" not in lines[i])
    rows = ["\t".join(ln.split("\t")[:4]) for ln in lines[at:end]]
    assert all(ln.split("\t")[4:] in ([], [""]) for ln in lines[at:end])
    out = lines[:at] + ["- 3 -", "\f" + (head[0] if head else rows[0])] + \
        (head[1:] + rows if head else rows[1:]) + lines[end:]
    target = tmp_path / name
    target.write_text("\n".join(out), encoding="utf-8")
    return target


def _doubts(result) -> list[str]:
    return [d.cause for t in result.disclosure.tables for d in t.reading]


def test_a_part_without_a_column_is_joined_by_its_headers_names(tmp_path):
    path = _split(tmp_path, ["科目编码\t科目名称\t总计\t基本支出"], "named.txt")
    document, _ = read_text(str(path))
    table = table_holding(document, "2210201")
    assert table is table_holding(document, "201") and table.pages == (1, 2)
    assert [c.text for c in table.cells].count("科目编码") == 1
    row = {c.col: c.text for c in table.cells if c.row == next(
        x.row for x in table.cells if x.text == "208")}
    assert (row[2], row[3], row.get(4, "")) == ("71.97", "71.97", "")
    result = process(str(path))
    assert finding_keys(result) == finding_keys(process(str(seed_path("004"))))
    assert "continued-not-joined" not in _doubts(result)


def test_near_miss_a_part_without_a_header_stays_apart_in_doubt(tmp_path):
    path = _split(tmp_path, [], "apart.txt")
    document, _ = read_text(str(path))
    table, part = table_holding(document, "201"), table_holding(document, "2210201")
    assert table is not part and table.open_end and part.open_start
    assert "continued-not-joined" in _doubts(process(str(path)))


def test_near_miss_a_part_under_a_header_of_its_own_is_another_table(tmp_path):
    """Its header names columns the table has not (金额 | 人员经费) under the table's own key
    (科目编码): the head filled in anew, as a same-width part's is — a table of its own, no doubt
    (read/continued.restarts)."""
    path = _split(tmp_path, ["科目编码\t科目名称\t金额\t人员经费"], "other.txt")
    document, _ = read_text(str(path))
    table, part = table_holding(document, "201"), table_holding(document, "2210201")
    assert table is not part and not table.open_end and not part.open_start


def test_near_miss_a_part_under_a_header_of_other_words_is_another_table(tmp_path):
    """A header of its own whose words are none of the table's (项目 | 本年预算 | 上年预算) above
    rows of amounts, in a table of amounts: another table whose title was not printed — apart,
    not in doubt, as a part of the same width is judged (textjoin._headed_anew)."""
    path = _split(tmp_path, ["项目\t本年预算\t上年预算"], "headed.txt")
    document, _ = read_text(str(path))
    table, part = table_holding(document, "201"), table_holding(document, "2210201")
    assert table is not part and not table.open_end and not part.open_start
