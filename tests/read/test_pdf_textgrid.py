"""Tables printed without rulings (read/pdf_textgrid, pdf_textcols, pdf_textheader) on PDFs
the tests draw: equal-width cells whose centred headers sit beside their right-aligned
figures, a blank column between headed ones, one-row tables; and the near misses that must not
become tables (prose in two columns, numbered paragraphs with amounts, real 说明 pages)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

import pypdfium2 as pdfium  # noqa: E402

from budgetlens.read.pdf import read_page, read_pdf  # noqa: E402

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
W, H = A4
SIZE = 8.0
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


class Page:
    """Text placed as a report engine without rulings places it: in cells of given widths,
    headers centred, figures right-aligned, labels left-aligned, no line drawn."""

    def __init__(self, path: Path) -> None:
        self.c = canvas.Canvas(str(path), pagesize=A4)
        self.top = 60.0

    def line(self, text: str, x: float = 60.0, size: float = SIZE, step: float = 18.0) -> None:
        self.c.setFont(FONT, size)
        self.c.drawString(x, H - self.top - size, text)
        self.top += step

    def row(self, cells: list[str], widths: list[float], how: str, x0: float = 51.0) -> None:
        """One table row: ``how`` is ``header`` (centred) or ``body`` (figures right)."""
        self.c.setFont(FONT, SIZE)
        x = x0
        for text, w in zip(cells, widths):
            tw = pdfmetrics.stringWidth(text, FONT, SIZE)
            figure = text[:1].isdigit() and "." in text
            at = x + (w - tw) / 2 if how == "header" else x + w - 6 - tw if figure else x + 6
            if text:
                self.c.drawString(at, H - self.top - SIZE, text)
            x += w
        self.top += 18.0

    def save(self) -> None:
        self.c.save()


def _tables(path: Path):
    doc, diagnostics = read_pdf(str(path))
    assert doc is not None, diagnostics
    return doc.tables


def _one_row(tmp_path: Path, header: list[str], row: list[str]):
    path = tmp_path / "one.pdf"
    p = Page(path)
    p.line("表四：一般公共预算“三公”经费支出预算表", x=200, size=11, step=22)
    p.line("单位：万元", x=490)
    widths = [493 / len(header)] * len(header)
    p.row(header, widths, "header")
    p.row(row, widths, "body")
    p.save()
    return _tables(path)


HEADER_3 = ["项目", "合计", "因公出国（境）费", "公务接待费", "公务用车购置及运行费"]


def test_one_total_row_under_an_amount_header_is_a_table(tmp_path):
    tables = _one_row(tmp_path, HEADER_3, ["合计", "19.86", "5.00", "8.16", "6.70"])
    assert len(tables) == 1
    grid = tables[0].grid()
    assert grid[0] == HEADER_3  # each centred header over its right-aligned figure
    assert grid[1] == ["合计", "19.86", "5.00", "8.16", "6.70"]


def test_one_row_without_a_total_label_is_not_a_table(tmp_path):
    assert not _one_row(tmp_path, HEADER_3, ["一般公共服务", "19.86", "5.00", "8.16", "6.70"])


def test_one_total_row_under_words_naming_no_amount_is_not_a_table(tmp_path):
    header = ["项目", "说明", "因公出国（境）", "公务接待", "公务用车"]
    assert not _one_row(tmp_path, header, ["合计", "19.86", "5.00", "8.16", "6.70"])


def test_blank_column_between_headed_columns_keeps_its_header(tmp_path):
    """The 政府性基金 column prints no figure: its centred header sits between two headed
    columns and heads a column of its own; the others' headers head their figures."""
    path = tmp_path / "blank.pdf"
    p = Page(path)
    header = ["项目", "合计", "一般公共预算", "政府性基金", "其他收入"]
    widths = [120.0, 90.0, 100.0, 90.0, 90.0]
    p.row(header, widths, "header")
    for row in (["合计", "9483.72", "9433.72", "", "50.00"],
                ["一般公共服务支出", "8295.28", "8245.28", "", "50.00"],
                ["住房保障支出", "764.12", "764.12", "", ""],
                ["卫生健康支出", "4.15", "4.15", "", ""]):
        p.row(row, widths, "body")
    p.save()
    (table,) = _tables(path)
    grid = table.grid()
    assert grid[0] == header
    assert [r[4] for r in grid[1:]] == ["50.00", "50.00", "", ""]
    assert [r[3] for r in grid[1:]] == ["", "", "", ""]


def test_group_heading_spans_only_the_leaves_below_it(tmp_path):
    """其中 is centred over 项目支出 | 基本支出; 科目名称 and 总计, printed at mid height of the
    two header rows, are cells of their own (equal widths centre 其中 over the four too)."""
    path = tmp_path / "group.pdf"
    p = Page(path)
    widths = [493 / 5] * 5
    p.row(["", "", "其中", "", ""], [widths[0], widths[1], 2 * widths[2], 0, widths[4]],
          "header")
    p.top -= 9
    p.row(["科目编码", "科目名称", "", "", "总计"], widths, "header")
    p.top -= 9
    p.row(["", "", "项目支出", "基本支出", ""], widths, "header")
    for row in (["", "合计", "1082.05", "8401.67", "9483.72"],
                ["201", "一般公共服务支出", "1032.05", "7263.23", "8295.28"],
                ["229", "其他支出", "50.00", "", "50.00"]):
        p.row(row, widths, "body")
    p.save()
    (table,) = _tables(path)
    grid = table.grid(fill_spans=True)
    assert grid[-3][2:] == ["1082.05", "8401.67", "9483.72"]
    header = [" / ".join(dict.fromkeys(grid[r][k] for r in range(2) if grid[r][k]))
              for k in range(5)]
    assert header == ["科目编码", "科目名称", "其中 / 项目支出", "其中 / 基本支出", "总计"]


def _no_tables(path: Path) -> None:
    tables = _tables(path)
    assert not tables, [t.grid() for t in tables]


def test_prose_in_two_columns_with_amounts_is_no_table(tmp_path):
    path = tmp_path / "prose.pdf"
    p = Page(path)
    left = ["一般公共预算拨款 9433.72 万元，", "比上年增加 120.50 万元，增长 1.3%。",
            "主要原因是人员增加 3 人，", "其他收入 50.00 万元，与上年持平。"]
    right = ["项目支出 1082.05 万元，", "比上年减少 66.10 万元，下降 5.8%。",
             "主要用于信息化建设 300.00 万元，", "合计 9483.72 万元。"]
    for a, b in zip(left, right):
        p.c.setFont(FONT, 10)
        p.c.drawString(60, H - p.top - 10, a)
        p.c.drawString(320, H - p.top - 10, b)
        p.top += 16
    p.save()
    _no_tables(path)


def test_numbered_paragraphs_with_amounts_are_no_table(tmp_path):
    path = tmp_path / "list.pdf"
    p = Page(path)
    for n, (what, amount, change) in enumerate((
            ("劳动关系管理", "6,363.32", "212.69"), ("促进就业管理", "7.10", "7.10"),
            ("职业能力建设管理", "1,264.73", "133.07"), ("技工教育管理", "335.48", "335.48"),
            ("人才引进及管理", "1,661.60", "142.69")), 1):
        p.line(f"{n}. {what} {amount} 万元，主要包括：工作经费 {change} 万元，用于", size=10,
               step=16)
        p.line("开展培训、宣传推介等相关工作。", size=10, step=16)
    p.save()
    _no_tables(path)


def test_pages_of_running_text_with_amounts_in_the_corpus_are_no_tables():
    """Real 说明 pages printing many amounts and no rulings (a text-only template, a large
    department's project descriptions)."""
    pages = {"corpus/pdf/jiangsu_zxbgt_2018_yusuan_text.pdf": (8, 9, 10, 11),
             "corpus/pdf/guangdong_shenzhen_rsj_2026_yusuan_large.pdf": (10, 11, 12)}
    if not SHARED.exists():
        pytest.skip("../shared not present")
    for name, numbers in pages.items():
        pdf = pdfium.PdfDocument(str(SHARED / name))
        try:
            for n in numbers:
                _, _, tables, _ = read_page(pdf, n - 1, name)
                assert not tables, (name, n, [t.rows()[:2] for t in tables])
        finally:
            pdf.close()
