"""The ``blocks`` read settings reach the readers of marked-up tables (DOCX, HTML, text) through
``read_document(settings=…)``: the lines above a table that form its title, and the two-column
grids that lay out a page. Each file is made by the test; each setting moves the reading in the
expected direction, and a near miss shows what a setting does not move."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.read import TAKES_SETTINGS, read_document
from budgetlens.read.settings import DEFAULT_READ

docx = pytest.importorskip("docx")

#: a heading of 81 characters: longer than a title line may be by default (80)
LONG_HEADING = ("某市财政局关于二〇二四年部门预算收支总表及一般公共预算财政拨款支出情况的说明"
                "（含基本支出和项目支出、政府采购预算及国有资产占有使用情况和绩效目标的补充说明与附表）")
ROWS = [["项目", "本年", "上年"], ["基本支出", "120.50", "100.00"], ["合计", "120.50", "100.00"]]
#: a two-column grid whose second cell is long text: a page's layout beside its navigation
LAYOUT_TEXT = "本部门主要职责是负责全市财政收支管理工作。" * 12  # 252 characters


def _docx(path: Path, above: list[str], rows: list[list[str]]) -> Path:
    document = docx.Document()
    for text in above:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(str(path))
    return path


def _html(path: Path, above: list[str], rows: list[list[str]]) -> Path:
    body = "".join(f"<p>{t}</p>" for t in above)
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    path.write_text(f"<html><body>{body}<table>{cells}</table></body></html>", encoding="utf-8")
    return path


def _text(path: Path, above: list[str], rows: list[list[str]]) -> Path:
    path.write_text("\n".join(above + ["\t".join(r) for r in rows]) + "\n", encoding="utf-8")
    return path


MAKERS = {"docx": _docx, "html": _html, "text": _text}


def test_the_long_heading_is_longer_than_a_title_by_default():
    assert len(LONG_HEADING) > DEFAULT_READ.blocks.title_chars


def _title(path: Path, **values: str) -> list[str]:
    settings = DEFAULT_READ.override(values) if values else None
    document, diagnostics = read_document(path, settings=settings)
    assert document is not None, diagnostics
    (table,) = document.tables
    return [ln.text for ln in table.title_lines]


@pytest.mark.parametrize("fmt", sorted(MAKERS))
def test_a_longer_title_line_is_allowed_when_title_chars_says_so(tmp_path, fmt):
    path = MAKERS[fmt](tmp_path / f"t.{'txt' if fmt == 'text' else fmt}",
                       ["表一", LONG_HEADING, "单位：万元"], ROWS)
    assert _title(path) == ["单位：万元"]  # the long heading ends the title block
    assert _title(path, **{"blocks.title_chars": "100"}) == ["表一", LONG_HEADING, "单位：万元"]


@pytest.mark.parametrize("fmt", sorted(MAKERS))
def test_title_lines_bounds_the_title_block(tmp_path, fmt):
    above = ["表一", "某市财政局", "2024年", "部门收支总表", "单位：万元"]
    path = MAKERS[fmt](tmp_path / f"t.{'txt' if fmt == 'text' else fmt}", above, ROWS)
    assert _title(path) == above[1:]
    assert _title(path, **{"blocks.title_lines": "5"}) == above
    assert _title(path, **{"blocks.title_lines": "2"}) == above[3:]


@pytest.mark.parametrize("fmt", sorted(MAKERS))
def test_a_sentence_ends_the_title_block_whatever_the_settings(tmp_path, fmt):
    """Near miss: a line ending in 。 is prose (a note of what came before), not a title,
    however long a title may be."""
    path = MAKERS[fmt](tmp_path / f"t.{'txt' if fmt == 'text' else fmt}",
                       ["以下是本部门的收支总表。", "单位：万元"], ROWS)
    assert _title(path, **{"blocks.title_chars": "500", "blocks.title_lines": "9"}) == [
        "单位：万元"]


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_layout_cell_chars_decides_a_two_column_layout_grid(tmp_path, fmt):
    rows = [["部门职责", LAYOUT_TEXT], ["机构设置", "内设科室5个"]]
    path = MAKERS[fmt](tmp_path / f"t.{fmt}", ["一、部门概况"], rows)
    document, _ = read_document(path)
    assert len(document.tables) == 1  # 252 characters: a table by default (300)
    narrow = DEFAULT_READ.override({"blocks.layout_cell_chars": "200"})
    document, diagnostics = read_document(path, settings=narrow)
    assert document.tables == ()  # page layout: its cells are running text
    assert any(LAYOUT_TEXT in ln.text for ln in document.lines())
    assert document.read_settings == (("blocks.layout_cell_chars", "200"),)
    assert [d.code for d in diagnostics] == ["read-settings"]


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_a_three_column_grid_stays_a_table_however_long_its_cells(tmp_path, fmt):
    """Near miss: only a two-column grid can be a layout; three columns tabulate."""
    rows = [["部门职责", LAYOUT_TEXT, "1.00"], ["机构设置", "内设科室5个", "2.00"]]
    path = MAKERS[fmt](tmp_path / f"t.{fmt}", ["一、部门概况"], rows)
    document, _ = read_document(path, settings=DEFAULT_READ.override(
        {"blocks.layout_cell_chars": "10"}))
    assert len(document.tables) == 1


def test_the_readers_that_take_settings_are_named():
    # the spreadsheet readers take their limits (limits.max_sheet_cells, max_part_bytes:
    # tests/read/test_xlsx_formats.py reads a workbook under a 1 MiB part limit)
    assert TAKES_SETTINGS == {"pdf", "text", "docx", "xlsx", "xls", "html", "doc"}
