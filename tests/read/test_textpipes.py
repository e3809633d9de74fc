"""Tables flattened with ``|`` separators: pipe rows and pipe cell streams (read.textpipes).

Real excerpts transcribed from web pages (../shared/corpus/excerpts) and small texts written here
that exercise width inference, blank-cell runs, leading/trailing pipes and prose with a pipe.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.read.settings import DEFAULT_READ
from budgetlens.read.text import read_text, text_to_pages
from budgetlens.read.textpipes import best_width, find_pipe_tables, split_cells

from ..conftest import CORPUS

MAX_CELL_CHARS = DEFAULT_READ.text.max_cell_chars


def _excerpt(prefix: str):
    hits = sorted((CORPUS / "excerpts").glob(f"{prefix}_*.txt")) if CORPUS.exists() else []
    if not hits:
        pytest.skip(f"excerpt {prefix} not available")
    document, diagnostics = read_text(str(hits[0]))
    assert document is not None and diagnostics == []
    return hits[0], document


def _lines(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.split("\n"), start=1))


def _stream(cells: list[str]) -> str:
    """A cell stream the way the web tools write it: ``text |`` per cell, runs of blanks shared."""
    out: list[str] = []
    for cell in cells:
        if not cell and out and set(out[-1]) == {"|"}:
            out[-1] += "|"
        else:
            out.append(f"{cell} |" if cell else "|")
    return "\n".join(out)


# --- splitting ---------------------------------------------------------------------------------

def test_every_cell_ends_with_a_pipe_so_blank_runs_count():
    assert split_cells("A | 878.18 | C | |||") == ["A", "878.18", "C", "", "", ""]
    assert split_cells("||") == ["", ""]
    assert split_cells("|||") == ["", "", ""]
    assert split_cells("单位:万元 | ||") == ["单位:万元", "", ""]
    assert split_cells("| [ 索引号 ] | 无 | ", leading=True) == ["[ 索引号 ]", "无"]


# --- pipe rows ---------------------------------------------------------------------------------

def test_pipe_rows_keep_blank_cells_in_place_and_pad_short_rows():
    text = "项目 | 预算数 | 决算数 |\n合计 | 10.00 | |\n公务接待费 | | 3.50 |\n其他 |"
    [table] = find_pipe_tables(_lines(text))
    assert table.style == "pipe-rows" and table.row_lines == (1, 2, 3, 4)
    assert table.rows == (("项目", "预算数", "决算数"), ("合计", "10.00", ""),
                          ("公务接待费", "", "3.50"), ("其他", "", ""))


def test_markdown_rows_drop_the_leading_pipe_and_the_rule_line():
    text = "| 项目 | 金额 |\n|---|---:|\n| 合计 | 5.00 |\n| 公务接待费 | 5.00 |"
    [table] = find_pipe_tables(_lines(text))
    assert table.rows == (("项目", "金额"), ("合计", "5.00"), ("公务接待费", "5.00"))
    assert table.lines == (1, 2, 3, 4)


def test_prose_with_a_pipe_stays_prose():
    text = ("来源: 城中区教育局  |   发布日期: 2021-02-03 11:00       |  浏览量:7794421\n"
            "本单位2021年收入预算合计1,234.56万元，其中财政拨款|即一般公共预算拨款1,000.00万元。\n"
            "网站支持IPV6 | 无障碍阅读 | 适老化模式")
    assert find_pipe_tables(_lines(text)) == []
    sentence = "本年度收入预算较上年增加，主要原因是人员经费增加、公用经费标准提高以及新增项目支出"
    sentence = (sentence * 2)[:MAX_CELL_CHARS + 1]
    long_cells = "\n".join([f"{sentence} | 12.00 |"] * 3)
    assert find_pipe_tables(_lines(long_cells)) == []


def test_header_row_padded_at_its_end_is_moved_over_its_columns():
    # 收 入 spans 项目+预算数, 支 出 spans four; 小计 … sit under 预算数 (cols 3-5) but the tool
    # wrote them first and padded the row with blanks.
    text = ("收 入 | 支 出 | ||||\n"
            "项 目 | 预算数 | 项目(按功能分类) | 预算数 | ||\n"
            "小计 | 一般公共预算财政拨款支出 | 政府性基金预算财政拨款支出 | |||\n"
            "一、本年收入 | 878.18 | 一、本年支出 | 878.18 | 878.18 | |\n"
            "(一)一般公共预算财政拨款收入 | 878.18 | (一)一般公共服务支出 | |||")
    [table] = find_pipe_tables(_lines(text))
    assert table.rows[0] == ("收 入", "支 出", "", "", "", "")  # no evidence: left where it is
    assert table.rows[1] == ("项 目", "预算数", "项目(按功能分类)", "预算数", "", "")
    assert table.rows[2] == ("", "", "", "小计", "一般公共预算财政拨款支出", "政府性基金预算财政拨款支出")
    assert table.rows[3] == ("一、本年收入", "878.18", "一、本年支出", "878.18", "878.18", "")


def test_packed_row_is_re_placed_only_when_one_placement_fits():
    # the tool wrote the filled cells first: 外交支出 would sit in the income 预算数 column
    text = ("项目 | 预算数 | 项目 | 预算数 |\n"
            "一、本年收入 | 10.00 | 一、本年支出 | 10.00 |\n"
            "(一)一般公共预算拨款 | 10.00 | (一)一般公共服务支出 | 10.00 |\n"
            "(二)政府性基金 | (二)外交支出 | ||\n"
            "(三)国防支出 | |||\n"
            "(四)公共安全支出 | 0.00 | ||")
    [table] = find_pipe_tables(_lines(text))
    assert table.rows[3] == ("(二)政府性基金", "", "(二)外交支出", "")
    assert table.rows[4] == ("(三)国防支出", "", "", "")  # label column 0 or 2: not guessed
    assert table.rows[5] == ("(四)公共安全支出", "0.00", "", "")  # fits where it is


def test_a_contents_list_above_a_table_is_not_its_title():
    stream = _stream(["项目", "金额", "合计", "10.00", "公务接待费", "4.00", "公务用车", "6.00"])
    _, tables = text_to_pages("2025年部门预算信息公开目录\n部门预算公开表\n部门预算信息公开情况说明\n" + stream)
    assert tables[0].title_lines == ()
    _, tables = text_to_pages("政府集中采购目录\n单位：万元\n" + stream)
    assert [ln.text for ln in tables[0].title_lines] == ["政府集中采购目录", "单位：万元"]


# --- pipe cell streams ---------------------------------------------------------------------------

def test_stream_width_is_inferred_from_the_columns():
    cells = ["项 目", "预算数", "决算数",
             "合计", "3", "1.71",
             "因公出国(境)费", "", "",
             "公务接待费", "1", "0.53",
             "公务用车购置及运行维护费", "2", "1.18",
             "公务用车购置费", "", ""]
    assert best_width(cells) == (3, 0)
    [table] = find_pipe_tables(_lines(_stream(cells)))
    assert table.style == "pipe-cells"
    assert table.rows == tuple(tuple(cells[i:i + 3]) for i in range(0, len(cells), 3))


def test_stream_whose_header_has_one_cell_too_many_gets_an_offset():
    cells = ["项目", "2023年", "预算数", "决算数",
             "合计", "3.00", "1.71", "公务接待费", "1.00", "0.53", "公务用车运行维护费", "2.00", "1.18",
             "因公出国(境)费", "", ""]
    assert best_width(cells) == (3, 1)
    [table] = find_pipe_tables(_lines(_stream(cells)))
    assert table.rows[:3] == (("项目", "", ""), ("2023年", "预算数", "决算数"), ("合计", "3.00", "1.71"))


def test_stream_with_a_serial_column_and_blank_runs():
    cells = ["序号", "项目", "预算数", "决算数"]
    for k, (name, budget, final) in enumerate([("工资福利支出", "12.00", "11.50"),
                                               ("商品和服务支出", "", ""),
                                               ("对个人和家庭的补助", "3.00", ""),
                                               ("资本性支出", "", "0.80"),
                                               ("其他支出", "", "")], start=1):
        cells += [str(k), name, budget, final]
    assert best_width(cells) == (4, 0)
    [table] = find_pipe_tables(_lines(_stream(cells)))
    assert table.rows[2] == ("2", "商品和服务支出", "", "")
    assert table.rows[4] == ("4", "资本性支出", "", "0.80")
    # the blank cells shared lines, yet each row starts on the line of its first cell
    text = _stream(cells).split("\n")
    assert all(text[n - 1].startswith(row[0]) for row, n in zip(table.rows, table.row_lines))


def test_stream_that_fits_no_width_or_has_no_number_stays_text():
    listing = "\n".join(f"{name} |" for name in ["单位名称", "经费性质", "人员编制数", "在职人数",
                                                 "某某区教育局", "全额拨款"])
    assert find_pipe_tables(_lines(listing)) == []
    scrambled = ["项目", "1.00", "说明", "2.00", "3.00", "文字", "4.00", "另一段", "备注",
                 "5.00", "6.00", "7.00", "说明文字", "8.00"]
    assert best_width(scrambled) is None


def test_last_cell_without_its_pipe_is_kept():
    cells = ["项目", "金额", "合计", "10.00", "公务接待费", "4.00", "公务用车运行维护费"]
    text = _stream(cells) + "\n6.00"
    [table] = find_pipe_tables(_lines(text))
    assert table.rows[-1] == ("公务用车运行维护费", "6.00")
    assert table.lines[-1] == len(text.split("\n"))


def test_pipe_tables_do_not_disturb_tab_tables_on_the_same_page():
    text = ("表一 收支总表\n单位：万元\n项目\t金额\n合计\t10.00\n收入\t10.00\n\n"
            "表二 三公经费表\n单位：万元\n项目 |\n金额 |\n合计 |\n4.00 |\n公务接待费 |\n4.00 |\n"
            "因公出国(境)费 |\n|")
    pages, tables = text_to_pages(text)
    assert [t.n_cols for t in tables] == [2, 2]
    assert tables[1].grid()[2] == ["公务接待费", "4.00"]
    assert [ln.text for ln in tables[1].title_lines] == ["表二 三公经费表", "单位：万元"]


# --- real excerpts -------------------------------------------------------------------------------

def test_p28_stream_rebuilds_the_summary_table():
    _, document = _excerpt("p28")
    [table] = document.tables
    grid = table.grid()
    assert table.n_cols == 5
    body = [row for row in grid if row[0].isdigit()]
    assert [int(row[0]) for row in body] == list(range(1, 35))  # 34 numbered rows, none shifted
    rows = {row[3]: row[4] for row in body}
    assert rows["八、社会保障和就业支出"] == "98.25" and rows["六、科学技术支出"] == ""
    totals = {row[1]: row[2] for row in body if row[1]}
    assert totals["本年收入合计"] == "675.82" and totals["收入总计"] == "690.36"
    assert grid[-1] == ["34", "收入总计", "690.36", "支出总计", "690.36"]  # last cell had no pipe
    assert table.title_lines == ()  # the lines above are a contents list, not a title


def test_p32_p27_streams_and_p21_p25_rows():
    _, p32 = _excerpt("p32")
    assert [t.n_cols for t in p32.tables] == [3]
    assert p32.tables[0].grid()[1] == ["合 计", "3", "1.71"]
    _, p27 = _excerpt("p27")
    assert [t.n_cols for t in p27.tables] == [4]
    assert p27.tables[0].grid()[2] == ["一、按单位基本性质", "10", "", ""]
    _, p21 = _excerpt("p21")
    [table] = p21.tables
    assert any("财政拨款收支预算总表" in ln.text for ln in table.title_lines)
    assert table.grid()[3][:2] == ["一、本年收入", "878.18"]
    _, p25 = _excerpt("p25")
    assert [t.n_cols for t in p25.tables] == [4]  # the metadata box; its numbers are no figures


def test_p21_p25_p30_roles_and_no_facts_from_metadata_boxes():
    from budgetlens.pipeline import process

    path, _ = _excerpt("p21")
    result = process(str(path))
    assert [t.role for t in result.disclosure.tables] == ["budget_fiscal_summary"]
    assert {f.value for f in result.disclosure.facts if f.source.table is not None} == {Decimal("878.18")}
    for prefix in ("p25", "p30"):  # 索引号 | 1150…/2025-00067 | 成文日期 | 2025-09-12: no figures
        path, document = _excerpt(prefix)
        assert len(document.tables) == 1
        assert not [f for f in process(str(path)).disclosure.facts if f.source.table is not None]


def test_p28_and_p32_facts_through_extract():
    from budgetlens.pipeline import process

    path, _ = _excerpt("p28")
    facts = {(f.measure, f.basis): f.value for f in process(str(path)).disclosure.facts
             if f.source.table is not None}
    assert facts[("income.total", "current")] == Decimal("675.82")
    assert facts[("income.grand_total", "current")] == Decimal("690.36")
    assert facts[("income.carryover", "current")] == Decimal("14.54")
    assert [facts[(f"expense.function.{c}", "current")] for c in (201, 208, 210, 213)] == \
        [Decimal("516.39"), Decimal("98.25"), Decimal("21.53"), Decimal("14.54")]
    assert [t.role for t in process(str(path)).disclosure.tables] == ["budget_summary"]
    path, _ = _excerpt("p32")
    result = process(str(path))
    assert [t.role for t in result.disclosure.tables] == ["final_three_public"]
    facts = {(f.measure, f.basis): f.value for f in result.disclosure.facts
             if f.source.table is not None}
    assert facts[("three_public.total", "initial_budget")] == Decimal("3")
    assert facts[("three_public.total", "current")] == Decimal("1.71")
    assert facts[("three_public.reception", "current")] == Decimal("0.53")
    assert facts[("three_public.vehicle", "current")] == Decimal("1.18")
