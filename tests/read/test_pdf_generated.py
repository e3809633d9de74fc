"""The PDF reader on tables the test draws itself with reportlab, so the truth is known exactly:
merged headers, blank cells, wrapped labels, kerned numbers, clipped text, page continuation and
tables printed without rulings."""

from __future__ import annotations

from decimal import Decimal

import pytest

pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from budgetlens.extract.numbers import parse_number  # noqa: E402
from budgetlens.read.pdf import read_pdf  # noqa: E402

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
W, H = A4
ROW_H = 20.0


class Sheet:
    """Draws ruled tables in top-left coordinates, cell by cell, as report engines do."""

    def __init__(self, path):
        self.c = canvas.Canvas(str(path), pagesize=A4)
        self.c.setLineWidth(0.6)

    def text(self, x, top, s, size=10):
        self.c.setFont(FONT, size)
        self.c.drawString(x, H - top - size, s)

    def line(self, x0, y0, x1, y1):
        self.c.line(x0, H - y0, x1, H - y1)

    def grid(self, x0, top, widths, rows, spans=()):
        """Draw ``rows`` (lists of texts, None for a slot covered by a span) with rulings.
        ``spans`` are ``(row, col, rowspan, colspan)`` merged cells: no ruling inside them."""
        xs = [x0]
        for w in widths:
            xs.append(xs[-1] + w)
        ys = [top + ROW_H * i for i in range(len(rows) + 1)]
        covered = {}
        for r, c, rs, cs in spans:
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    covered[(rr, cc)] = (r, c, rs, cs)
        for r in range(len(rows) + 1):  # horizontal rulings, slot by slot
            for c in range(len(widths)):
                inner = (0 < r < len(rows) and (r - 1, c) in covered and (r, c) in covered
                         and covered[(r - 1, c)] == covered[(r, c)])
                if not inner:
                    self.line(xs[c], ys[r], xs[c + 1], ys[r])
        for c in range(len(widths) + 1):  # vertical rulings
            for r in range(len(rows)):
                inner = (0 < c < len(widths) and (r, c - 1) in covered and (r, c) in covered
                         and covered[(r, c - 1)] == covered[(r, c)])
                if not inner:
                    self.line(xs[c], ys[r], xs[c], ys[r + 1])
        for r, row in enumerate(rows):
            for c, val in enumerate(row):
                if not val:
                    continue
                span = covered.get((r, c), (r, c, 1, 1))
                height = ROW_H * span[2]
                parts = val.split("\n")
                for k, part in enumerate(parts):
                    y = ys[r] + (height - 10 * len(parts)) / 2 + 10 * k - 1
                    self.text(xs[c] + 3, y, part, size=9)
        return xs, ys

    def page(self):
        self.c.showPage()

    def save(self):
        self.c.save()


HEADER = [["项目", None, "支出预算", None, None],
          ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
HEADER_SPANS = [(0, 0, 1, 2), (0, 2, 1, 3)]
WIDTHS = [70, 200, 80, 80, 80]


def _body(n, start=0):
    rows = []
    for i in range(start, start + n):
        basic, project = Decimal(1000 + 37 * i) / 100, Decimal(250 + 11 * i) / 100
        rows.append([f"2010{i:02d}", f"科目{i}", f"{basic + project:,.2f}", f"{basic:,.2f}",
                     f"{project:,.2f}"])
    return rows


def test_merged_header_blank_cells_and_wrapped_label(tmp_path):
    path = tmp_path / "t.pdf"
    s = Sheet(path)
    s.text(200, 60, "一般公共预算支出表", size=14)
    s.text(60, 90, "单位：万元")
    body = _body(4)
    body[1][3] = ""  # a blank 基本支出 cell
    body[1][2] = body[1][4]
    body[2][1] = "其他一般公共服务\n支出"
    rows = HEADER + body + [["合计", None, "9,999.00", "", "9,999.00"]]
    spans = HEADER_SPANS + [(len(rows) - 1, 0, 1, 2)]
    s.grid(60, 110, WIDTHS, rows, spans)
    s.save()

    doc, diags = read_pdf(str(path))
    assert diags == [] and doc is not None and not doc.scanned
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert (t.n_rows, t.n_cols, t.pages) == (len(rows), 5, (1,))
    first = {(c.row, c.col): c for c in t.cells}
    assert (first[(0, 0)].text, first[(0, 0)].colspan) == ("项目", 2)
    assert (first[(0, 2)].text, first[(0, 2)].colspan) == ("支出预算", 3)
    assert (0, 1) not in first and (0, 3) not in first  # covered slots hold no cell
    g = t.grid()
    assert g[1] == HEADER[1]
    assert all(len(r) == 5 for r in g)
    assert g[3][3] == "" and g[3][4] == body[1][4]  # blank stays in its slot, nothing shifts
    assert g[4][1] == "其他一般公共服务支出"  # wrapped label joined without a space
    assert first[(len(rows) - 1, 0)].colspan == 2
    for r in range(2, 2 + len(body)):
        assert parse_number(g[r][2]) is not None
    assert [ln.text for ln in t.title_lines] == ["一般公共预算支出表", "单位：万元"]
    assert all(c.page == 1 and c.bbox is not None for c in t.cells)
    inside = [ln for ln in doc.pages[0].lines if ln.table == 0]
    outside = [ln for ln in doc.pages[0].lines if ln.table is None]
    assert any("科目名称" in ln.text for ln in inside)
    assert {ln.text for ln in outside} == {"一般公共预算支出表", "单位：万元"}
    assert first[(2, 0)].line is not None


def test_kerned_number_is_one_number(tmp_path):
    """A number drawn in pieces with a small gap (kerning) reads as one number."""
    path = tmp_path / "k.pdf"
    s = Sheet(path)
    xs, ys = s.grid(60, 100, [100, 100], [["项目", "金额"], ["收入", ""], ["支出", "5.00"]])
    s.text(xs[1] + 10, ys[1] + 4, "1", size=10)
    s.text(xs[1] + 10 + 5.6 + 2.0, ys[1] + 4, "234.50", size=10)  # '1' is 5.0 wide; 2pt gap
    s.save()
    doc, _ = read_pdf(str(path))
    g = doc.tables[0].grid()
    assert g[1] == ["收入", "1234.50"]


def test_clipped_text_is_dropped(tmp_path):
    """Text outside its clip path is invisible and must not be read (WPS/Excel exports)."""
    path = tmp_path / "clip.pdf"
    s = Sheet(path)
    c = s.c
    c.saveState()
    p = c.beginPath()
    p.rect(60, H - 130, 150, 40)
    c.clipPath(p, stroke=0, fill=0)
    s.text(65, 100, "看得见的文字")
    s.text(65, 160, "看不见的文字 8,888.00")  # below the clip box
    c.restoreState()
    s.text(65, 200, "页面文字")
    s.text(W + 50, 200, "页面外的文字")  # off the page
    s.save()
    doc, _ = read_pdf(str(path))
    text = doc.text()
    assert "看得见的文字" in text and "页面文字" in text
    assert "看不见" not in text and "8,888" not in text and "页面外" not in text


def _continued(tmp_path, second_title):
    path = tmp_path / "multi.pdf"
    s = Sheet(path)
    s.text(200, 40, "一般公共预算支出功能分类预算表", size=14)
    s.text(60, 70, "单位：元")
    body1 = _body(30)
    body1[-1][1] = "其他未单独列出安"  # label broken by the page break
    s.grid(60, 90, WIDTHS, HEADER + body1, HEADER_SPANS)
    s.page()
    top = 50
    if second_title:
        s.text(200, 40, "政府性基金预算支出功能分类预算表", size=14)
        s.text(60, 70, "单位：元")
        top = 90
    frag = ["", "排的支出", "", "", ""]
    body2 = _body(5, start=30)
    s.grid(60, top, WIDTHS, HEADER + [frag] + body2, HEADER_SPANS)
    s.save()
    return path, body1, body2


def test_table_continued_over_pages_is_stitched(tmp_path):
    path, body1, body2 = _continued(tmp_path, second_title=False)
    doc, _ = read_pdf(str(path))
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.pages == (1, 2)
    g = t.grid()
    assert t.n_rows == 2 + len(body1) + len(body2)  # repeated header and fragment row gone
    assert sum(1 for r in g if r[1] == "科目名称") == 1
    assert g[2 + len(body1) - 1][1] == "其他未单独列出安排的支出"
    assert [r[0] for r in g[2:]] == [r[0] for r in body1 + body2]
    assert {c.page for c in t.cells if c.row >= 2 + len(body1)} == {2}
    assert all(ln.table == 0 for p in doc.pages for ln in p.lines
               if "科目" in ln.text and "表" not in ln.text)


def _row_cut_by_page_break(tmp_path, tail):
    """A table whose last row on page 1 is cut by the page break: its label and its 基本支出
    figure ("1,234.5") go on at the top of page 2 (``tail``), the header is not repeated."""
    path = tmp_path / "cut_row.pdf"
    s = Sheet(path)
    s.text(200, 40, "部门收入预算总表", size=14)
    s.text(60, 70, "单位：万元")
    body1 = _body(30)
    body1[-1] = ["201099", "某某市机动", "1,300.00", "1,234.5", "65.50"]
    s.grid(60, 90, WIDTHS, HEADER + body1, HEADER_SPANS)
    s.page()
    body2 = _body(3, start=30)
    s.grid(60, 50, WIDTHS, [tail] + body2)
    s.save()
    return path, body1, body2


def test_row_cut_by_page_break_with_a_cut_figure_is_one_row(tmp_path):
    """Issue #8 (a unit's row of a 收入总表 cut at the page break, 12,437.3 | 6): the tail row
    holds the label's end and the figure's last digit; read apart it was a unit row of 6.00
    with no total, and the cut figure lacked its last digit."""
    path, body1, body2 = _row_cut_by_page_break(tmp_path, ["", "车驾驶员考试中心", "", "6", ""])
    doc, _ = read_pdf(str(path))
    assert len(doc.tables) == 1
    g = doc.tables[0].grid()
    assert len(g) == 2 + len(body1) + len(body2)
    cut = g[2 + len(body1) - 1]
    assert cut[1] == "某某市机动车驾驶员考试中心"
    assert parse_number(cut[3]).value == Decimal("1234.56")
    assert [r[0] for r in g[2 + len(body1):]] == [r[0] for r in body2]


def test_row_of_its_own_after_a_page_break_is_not_merged(tmp_path):
    """A first row on the next page whose figure reads whole (or does not complete the cut one
    to the table's decimals) is a row of its own."""
    path, body1, body2 = _row_cut_by_page_break(
        tmp_path, ["201098", "另一单位", "20.00", "12.00", "8.00"])
    doc, _ = read_pdf(str(path))
    g = doc.tables[0].grid()
    assert len(g) == 2 + len(body1) + 1 + len(body2)
    assert g[2 + len(body1)][1] == "另一单位"
    assert g[2 + len(body1) - 1][3] == "1,234.5"


def test_row_cut_at_the_second_page_break_is_one_row(tmp_path):
    """A table over three pages whose row is cut at the second page break: the tail on page 3
    completes the last row of page 2's part (the cut-row merge looks at the latest part's
    cells, so it must follow each part appended, not only the first)."""
    path = tmp_path / "cut_row_3.pdf"
    s = Sheet(path)
    s.text(200, 40, "部门收入预算总表", size=14)
    s.text(60, 70, "单位：万元")
    body1 = _body(30)
    s.grid(60, 90, WIDTHS, HEADER + body1, HEADER_SPANS)
    s.page()
    body2 = _body(30, start=30)
    body2[-1] = ["201099", "某某市机动", "1,300.00", "1,234.5", "65.50"]
    s.grid(60, 50, WIDTHS, body2)
    s.page()
    body3 = _body(3, start=60)
    s.grid(60, 50, WIDTHS, [["", "车驾驶员考试中心", "", "6", ""]] + body3)
    s.save()
    doc, _ = read_pdf(str(path))
    assert [t.pages for t in doc.tables] == [(1, 2, 3)]
    g = doc.tables[0].grid()
    assert len(g) == 2 + len(body1) + len(body2) + len(body3)
    cut = g[2 + len(body1) + len(body2) - 1]
    assert cut[1] == "某某市机动车驾驶员考试中心"
    assert parse_number(cut[3]).value == Decimal("1234.56")
    assert [r[0] for r in g[-len(body3):]] == [r[0] for r in body3]


def test_new_table_with_same_columns_is_not_stitched(tmp_path):
    path, body1, body2 = _continued(tmp_path, second_title=True)
    doc, _ = read_pdf(str(path))
    assert [t.pages for t in doc.tables] == [(1,), (2,)]
    assert doc.tables[1].title_lines[0].text == "政府性基金预算支出功能分类预算表"


def test_table_without_rulings_from_word_positions(tmp_path):
    path = tmp_path / "plain.pdf"
    s = Sheet(path)
    s.text(60, 60, "部门支出总表（无表格线）", size=12)
    xs = [60, 140, 330, 420, 510]
    rows = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]] + _body(6)
    rows[3][3] = ""
    for i, row in enumerate(rows):
        for x, val in zip(xs, row):
            s.text(x, 90 + 18 * i, val, size=9)
    s.save()
    doc, _ = read_pdf(str(path))
    assert len(doc.tables) == 1
    t = doc.tables[0]
    g = t.grid()
    assert t.n_cols == 5 and t.n_rows == len(rows)
    assert g[0] == rows[0]
    assert g[3] == rows[3]  # the blank stays in the 基本支出 column
    assert [r[2] for r in g[1:]] == [r[2] for r in rows[1:]]
    assert doc.pages[0].lines[0].table is None


def test_one_glyph_lines_of_a_non_embedded_cjk_font_are_kept(tmp_path):
    """A wrapped label whose last line is one glyph ('…缴费支' / '出') in a non-embedded CID font:
    PDFium's text page drops such objects (no glyph box); the reader must still read them."""
    path = tmp_path / "wrap.pdf"
    s = Sheet(path)
    xs, ys = s.grid(60, 100, [120, 80], [["科目名称", "金额"], ["", "23.10"], ["", "0"]])
    for top, lines in ((ys[1] + 3, ["职业年金缴费支", "出"]), (ys[2] + 3, ["住房公积", "金"])):
        t = s.c.beginText(xs[0] + 3, H - top - 7)
        t.setFont(FONT, 7, 8)
        for line in lines:
            t.textLine(line)
        s.c.drawText(t)
    s.save()
    doc, _ = read_pdf(str(path))
    g = doc.tables[0].grid()
    assert [row[0] for row in g[1:]] == ["职业年金缴费支出", "住房公积金"]
    assert [row[1] for row in g[1:]] == ["23.10", "0"]


def test_repeated_header_below_a_title_row_is_dropped(tmp_path):
    """The first page's grid opens with a title row; the next page repeats only the header."""
    path = tmp_path / "titled.pdf"
    s = Sheet(path)
    title = [["2024年一般公共预算支出表", None, None, None, None]]
    body1, body2 = _body(33), _body(4, start=33)
    s.grid(60, 60, WIDTHS, title + HEADER + body1,
           [(0, 0, 1, 5)] + [(r + 1, c, rs, cs) for r, c, rs, cs in HEADER_SPANS])
    s.page()
    s.grid(60, 50, WIDTHS, HEADER + body2, HEADER_SPANS)
    s.save()
    doc, _ = read_pdf(str(path))
    assert len(doc.tables) == 1
    g = doc.tables[0].grid()
    assert doc.tables[0].n_rows == 3 + len(body1) + len(body2)
    assert sum(1 for row in g if row[1] == "科目名称") == 1
    assert [r[0] for r in g[3:]] == [r[0] for r in body1 + body2]


def test_title_row_inside_the_grid_is_a_title_line(tmp_path):
    path = tmp_path / "gridtitle.pdf"
    s = Sheet(path)
    rows = [["部门支出总表（预算表3）", None, None, None, None],
            ["预算单位：示例局", None, None, "单位：万元", None]] + HEADER[1:] + _body(3)
    s.grid(60, 60, WIDTHS, rows, [(0, 0, 1, 5), (1, 0, 1, 3), (1, 3, 1, 2)])
    s.save()
    doc, _ = read_pdf(str(path))
    t = doc.tables[0]
    assert [ln.text for ln in t.title_lines] == ["部门支出总表（预算表3）", "预算单位：示例局 单位：万元"]
    assert t.grid()[0][0] == "部门支出总表（预算表3）"  # still a row of the table as printed
    assert all(ln.table == 0 for ln in t.title_lines)


def test_paragraph_above_a_title_is_not_part_of_it(tmp_path):
    """广州 / 西安: the last lines of an explanation (…下降的主要原因是…。) sit just above a table's
    heading (七、重点项目预算绩效目标情况, 会议费明细表); the title stops at the paragraph."""
    path = tmp_path / "prose.pdf"
    s = Sheet(path)
    s.text(60, 40, "本部门当年会议费预算支出21.00万元，较上年减少17.60万元，下降45.60%，下降的")
    s.text(60, 54, "主要原因是落实过紧日子要求。")
    s.text(60, 70, "会议费明细表")
    s.grid(60, 90, WIDTHS, HEADER + _body(2), HEADER_SPANS)
    s.text(60, 700, "二是压减一般性支出，项目经费较上年减少116.61万元，主要原因是厉行节约，压减项目")
    s.text(60, 714, "经费中委托业务费。")
    s.text(60, 730, "七、项目支出预算表")
    s.page()  # the heading at the foot of page 1, its table at the top of page 2
    s.grid(60, 40, WIDTHS, HEADER + _body(2), HEADER_SPANS)
    s.save()
    doc, _ = read_pdf(str(path))
    assert [[ln.text for ln in t.title_lines] for t in doc.tables] == [
        ["会议费明细表"], ["七、项目支出预算表"]]
