"""Three-level headers of tables printed without rulings (read/pdf_textgroups, pdf_textheader,
pdf_textgrid's header band) on PDFs the tests draw as a report engine lays them out: columns
sized to their content (a wide name column, figures right-aligned in narrow cells), every label
centred in its cell and wrapped inside it, nothing ruled. A comparison layout (上年执行 | 本年预算
over 总计 / 基本支出 over 人员经费 and 日常公用经费 / 项目支出) prints its labels on many
staggered lines; the group headings of one line must take disjoint runs, and a wrapped leaf
(日常公用 / 经费) or a wrapped one-column heading (2024年 / 执行) must not be read as a group."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Sequence

import pytest

pytest.importorskip("reportlab")

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from budgetlens.read.pdf import read_pdf  # noqa: E402

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
W, H = A4
SIZE = 7.0
LEAD = SIZE * 1.25
PAD = 2.0

# (text, first column, columns, first header row, rows)
Cell = tuple[str, int, int, int, int]


def _wrap(text: str, width: float) -> list[str]:
    lines, cur = [], ""
    for ch in text:
        if cur and pdfmetrics.stringWidth(cur + ch, FONT, SIZE) > width - 2 * PAD:
            lines.append(cur)
            cur = ""
        cur += ch
    return lines + [cur]


class Sheet:
    """A page holding one unruled table: header cells centred in their box (wrapped lines
    stacked about its middle), body figures right-aligned, labels left-aligned."""

    def __init__(self, path: Path, widths: Sequence[float], x0: float = 51.0) -> None:
        self.c = canvas.Canvas(str(path), pagesize=A4)
        self.c.setFont(FONT, SIZE)
        self.xs = [x0]
        for w in widths:
            self.xs.append(self.xs[-1] + w)
        self.top = 60.0

    def title(self, text: str) -> None:
        self.c.setFont(FONT, 11)
        self.c.drawCentredString(W / 2, H - self.top - 11, text)
        self.c.setFont(FONT, 9)
        self.c.drawRightString(self.xs[-1], H - self.top - 30, "单位：万元")
        self.c.setFont(FONT, SIZE)
        self.top += 40

    def header(self, cells: Sequence[Cell], n_rows: int, row_h: float = 16.0) -> None:
        for text, col, span, row, rows in cells:
            x0, x1 = self.xs[col], self.xs[col + span]
            lines = _wrap(text, x1 - x0)
            mid = self.top + (row + rows / 2) * row_h
            first = mid - len(lines) * LEAD / 2
            for k, ln in enumerate(lines):
                baseline = first + k * LEAD + SIZE * 0.9
                self.c.drawCentredString((x0 + x1) / 2, H - baseline, ln)
        self.top += n_rows * row_h + 4

    def body(self, rows: Sequence[Sequence[str]], row_h: float = 16.0) -> None:
        for row in rows:
            for k, text in enumerate(row):
                y = H - self.top - SIZE - 4
                if text[:1].isdigit() and "." in text:
                    self.c.drawRightString(self.xs[k + 1] - PAD, y, text)
                elif text:
                    self.c.drawString(self.xs[k] + PAD, y, text)
            self.top += row_h

    def save(self) -> None:
        self.c.save()


def _paths(table) -> list[str]:
    """Per column, its header texts top down, repeats dropped, joined by ' / '."""
    grid = table.grid(fill_spans=True)
    n_header = next(r for r, row in enumerate(grid) if any(
        t[:1].isdigit() and "." in t for t in row))
    return [" / ".join(dict.fromkeys(grid[r][k] for r in range(n_header) if grid[r][k]))
            for k in range(table.n_cols)]


def _read(path: Path):
    doc, diagnostics = read_pdf(str(path))
    assert doc is not None, diagnostics
    return doc.tables


GROUP = ["总计", "基本支出", "人员经费", "日常公用经费", "项目支出"]


def _comparison_header(prior: str, current: str) -> list[Cell]:
    """科目编码 | 科目名称 | prior group | current group | 增减变动 | 增减比例, three levels."""
    cells: list[Cell] = [("科目编码", 0, 1, 0, 3), ("科目名称", 1, 1, 0, 3),
                         ("增减变动", 10, 1, 0, 3), ("增减比例", 11, 1, 0, 3)]
    for g, word in ((2, prior), (6, current)):
        cells += [(word, g, 4, 0, 1), ("总计", g, 1, 1, 2), ("基本支出", g + 1, 2, 1, 1),
                  ("人员经费", g + 1, 1, 2, 1), ("日常公用经费", g + 2, 1, 2, 1),
                  ("项目支出", g + 3, 1, 1, 2)]
    return cells


# 总计 = 人员经费 + 日常公用经费 + 项目支出, per group; 增减 = 本年 − 上年
BODY = [["", "合计", "9483.72", "7263.23", "1138.44", "1082.05", "9912.40", "7540.00", "1160.10",
         "1212.30", "428.68", "4.52"],
        ["201", "一般公共服务支出", "8295.28", "6300.00", "963.23", "1032.05", "8690.00",
         "6500.00", "1040.00", "1150.00", "394.72", "4.76"],
        ["208", "社会保障和就业支出", "1188.44", "963.23", "175.21", "50.00", "1222.40", "1040.00",
         "120.10", "62.30", "33.96", "2.86"]]


def test_comparison_header_of_three_levels_without_rulings(tmp_path):
    """Widths fitted to the content leave a wide gap between the names and the first figures,
    so the edge there is far from where the cell begins; 日常公用经费 wraps in its narrow cell
    (its lines staggered against the one-line labels) and the header prints on more lines than
    a header of one row per level would. Each column's labels must be its own."""
    path = tmp_path / "compare.pdf"
    sheet = Sheet(path, [36, 97] + [36] * 8 + [36, 32])
    sheet.title("一般公共预算支出预算表")
    sheet.header(_comparison_header("2024年执行", "本年预算"), 3)
    sheet.body(BODY)
    sheet.save()
    (table,) = _read(path)
    assert table.n_cols == 12
    for g, word in ((2, "2024年执行"), (6, "本年预算")):
        assert _paths(table)[g:g + 4] == [
            f"{word} / 总计", f"{word} / 基本支出 / 人员经费", f"{word} / 基本支出 / 日常公用经费",
            f"{word} / 项目支出"]
    assert _paths(table)[:2] == ["科目编码", "科目名称"]
    assert _paths(table)[10:] == ["增减变动", "增减比例"]
    assert table.grid()[-3][6] == "9912.40"


def test_one_column_groups_wrapped_over_two_lines(tmp_path):
    """A comparison of totals only: ``2024年执行`` wrapped in its one-column cell over 总计 is
    that column's heading, not a group over its neighbour (本年预算's column)."""
    (table,) = _read(_one_column_sheet(tmp_path / "one.pdf"))
    paths = [p.replace(" / ", "") for p in _paths(table)]
    assert paths == ["科目编码", "科目名称", "2024年执行总计", "本年预算总计", "增减变动", "增减比例"]


def test_facts_of_the_current_group_are_the_current_year(tmp_path):
    """Through extraction: the 本年预算 group's figures are the year's, the 2024年执行 group's
    the prior year's (read as current, the prior column would file 9483.72 as the total)."""
    from budgetlens.pipeline import process

    path = tmp_path / "facts.pdf"
    sheet = Sheet(path, [36, 97] + [36] * 8 + [36, 32])
    sheet.c.setFont(FONT, 12)
    sheet.c.drawCentredString(W / 2, H - 40, "某单位2025年部门预算")
    sheet.title("一般公共预算支出预算表")
    sheet.header(_comparison_header("2024年执行", "本年预算"), 3)
    sheet.body(BODY)
    sheet.save()
    result = process(str(path))
    facts = {(f.measure, f.basis): f.value for f in result.disclosure.facts
             if ":unit:" not in f.scope}
    assert facts[("expense.general.total", "current")] == Decimal("9912.40")
    assert facts[("expense.general.basic.personnel", "current")] == Decimal("7540.00")
    assert facts[("expense.general.basic.public", "current")] == Decimal("1160.10")
    assert facts[("expense.general.project", "current")] == Decimal("1212.30")
    assert facts.get(("expense.general.total", "prior")) in (None, Decimal("9483.72"))


def _compare_sheet(path: Path) -> Path:
    sheet = Sheet(path, [36, 97] + [36] * 8 + [36, 32])
    sheet.title("一般公共预算支出预算表")
    sheet.header(_comparison_header("2024年执行", "本年预算"), 3)
    sheet.body(BODY)
    sheet.save()
    return path


def _one_column_sheet(path: Path) -> Path:
    sheet = Sheet(path, [40, 240, 34, 34, 40, 36])
    sheet.title("部门支出总表")
    sheet.header([("科目编码", 0, 1, 0, 2), ("科目名称", 1, 1, 0, 2), ("2024年执行", 2, 1, 0, 1),
                  ("本年预算", 3, 1, 0, 1), ("总计", 2, 1, 1, 1), ("总计", 3, 1, 1, 1),
                  ("增减变动", 4, 1, 0, 2), ("增减比例", 5, 1, 0, 2)], 2, row_h=20.0)
    sheet.body([[r[0], r[1], r[2], r[6], r[10], r[11]] for r in BODY])
    sheet.save()
    return path


def _paths_with(path: Path, **values: str) -> list[str]:
    from budgetlens.read import read_document
    from budgetlens.read.settings import DEFAULT_READ

    doc, diagnostics = read_document(path, settings=DEFAULT_READ.override(values))
    assert doc is not None, diagnostics
    return _paths(doc.tables[0])


def test_the_grouping_tolerances_are_settings(tmp_path):
    """``text_tables.centre_tol`` and ``group_tol`` (session 14, from module constants): with
    both 0 only an exactly centred word heads a run, and the groups over 总计 | … | 项目支出 are
    lost; a ``group_tol`` of 0.3 is so loose that 基本支出 also heads 总计. The near miss: the
    one-column headings, which need no group, read alike under both."""
    compare = _compare_sheet(tmp_path / "compare.pdf")
    exact = _paths_with(compare, **{"text_tables.centre_tol": "0", "text_tables.group_tol": "0"})
    assert exact[2] == "总计" and exact[5] == "项目支出"
    loose = _paths_with(compare, **{"text_tables.group_tol": "0.3"})
    assert loose[2] == "2024年执行 / 基本支出 / 总计"
    one = _one_column_sheet(tmp_path / "one.pdf")
    want = _paths_with(one)
    assert _paths_with(one, **{"text_tables.group_tol": "0.3"}) == want
    assert _paths_with(one, **{"text_tables.centre_tol": "0", "text_tables.group_tol": "0"}) \
        == want


def test_wrap_gap_and_max_placements_are_settings(tmp_path):
    """``text_tables.wrap_gap`` 0: the second printed line of ``2024年执行`` (执行 under
    2024年) is no longer read as the same cell, so it heads its column above the first line;
    ``text_tables.max_placements`` 1: the placements of the group headings of a line are not
    compared, and the comparison header's groups come out wrong. The near misses: each setting
    leaves the other sheet as it reads by default."""
    one = _one_column_sheet(tmp_path / "one.pdf")
    compare = _compare_sheet(tmp_path / "compare.pdf")
    plain_one, plain_compare = _paths_with(one), _paths_with(compare)
    assert _paths_with(one, **{"text_tables.wrap_gap": "0"})[2] != plain_one[2]
    assert _paths_with(compare, **{"text_tables.wrap_gap": "0"}) == plain_compare
    assert _paths_with(compare, **{"text_tables.max_placements": "1"})[2] == "总计"
    assert _paths_with(one, **{"text_tables.max_placements": "1"}) == plain_one
