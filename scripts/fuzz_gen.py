"""Fuzz inputs built from structure: documents as blocks, rendered to every format we read, and
the Hypothesis strategies that draw them (with the recipes that mutate them).

Why blocks: a disclosure is running text and tables, whatever the container. Holding a document
as ``[str | Grid]`` lets one real seed (a text disclosure from ../shared) or one document drawn by
Hypothesis be written as HTML, MHTML, DOCX, XLSX, PDF or text in any encoding, so every reader
gets the same content in its own structure. Spans are kept as drawn, absurd ones included
(``colspan="99999"``, a ``gridSpan`` of 2**31): renderers write what the format can hold and
clip only where the writing library would refuse.

Used by ``scripts/fuzz.py`` (the harness) and ``tests/read/test_fuzz.py``.
"""

from __future__ import annotations

import html
import io
import quopri
import base64
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple, Optional, Union

from hypothesis import strategies as st

#: Span values drawn besides small ones: the boundaries readers must survive.
ABSURD_SPANS = (0, -1, 1000, 65535, 1048577, 2**31 - 1, 2**31, 2**63)
#: Encodings text and HTML are written in (declared or not).
TEXT_ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16-le", "utf-16-be", "utf-16",
                  "big5", "utf-32")
#: Labels used when no seed lexicon is given (real row labels of 部门预算 tables).
DEFAULT_LABELS = ("收入合计", "支出合计", "一般公共预算拨款", "基本支出", "项目支出", "合计",
                  "单位：万元", "表一", "财政拨款收支总表", "科目编码", "2024年预算数", "决算数")


class Grid(NamedTuple):
    """A table: rows of cell texts; ``spans`` maps ``(row, col)`` to ``(rowspan, colspan)``."""

    rows: tuple[tuple[str, ...], ...]
    spans: tuple[tuple[int, int, Any, Any], ...] = ()


Block = Union[str, Grid]


def blocks_from_document(document) -> list[Block]:
    """Running text and tables of a read Document, in reading order."""
    blocks: list[Block] = []
    done: set[int] = set()
    for line in document.lines():
        if line.table is None:
            blocks.append(line.text)
        elif line.table not in done and line.table < len(document.tables):
            done.add(line.table)
            table = document.tables[line.table]
            rows = [["" for _ in range(table.n_cols)] for _ in range(table.n_rows)]
            spans = []
            for cell in table.cells:
                rows[cell.row][cell.col] = cell.text
                if cell.rowspan > 1 or cell.colspan > 1:
                    spans.append((cell.row, cell.col, cell.rowspan, cell.colspan))
            blocks.append(Grid(tuple(tuple(r) for r in rows), tuple(spans)))
    return blocks


def _int_span(value: Any) -> Optional[int]:
    return value if isinstance(value, int) else None


# --- renderers -------------------------------------------------------------------------------

def to_text(blocks: list[Block], sep: str = "\t") -> str:
    out = []
    for b in blocks:
        out += [sep.join(r) for r in b.rows] if isinstance(b, Grid) else [b]
    return "\n".join(out) + "\n"


def to_html(blocks: list[Block], declare: Optional[str] = "utf-8") -> str:
    """An HTML page; ``declare`` is the charset written in ``<meta>`` (may lie about the bytes)."""
    head = f'<meta charset="{declare}">' if declare else ""
    parts = [f"<html><head>{head}<title>预算公开</title></head><body>"]
    for b in blocks:
        if not isinstance(b, Grid):
            parts.append(f"<p>{html.escape(b)}</p>")
            continue
        spans = {(r, c): (rs, cs) for r, c, rs, cs in b.spans}
        covered = _covered(b, spans)
        parts.append('<table border="1">')
        for r, row in enumerate(b.rows):
            tds = []
            for c, text in enumerate(row):
                if (r, c) in covered:
                    continue
                attrs = ""
                if (r, c) in spans:
                    rs, cs = spans[(r, c)]
                    attrs = f' rowspan="{rs}" colspan="{cs}"'
                tds.append(f"<td{attrs}>{html.escape(text)}</td>")
            parts.append("<tr>" + "".join(tds) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _covered(grid: Grid, spans: dict) -> set[tuple[int, int]]:
    covered: set[tuple[int, int]] = set()
    n_rows, n_cols = len(grid.rows), max((len(r) for r in grid.rows), default=0)
    for (r, c), (rs, cs) in spans.items():
        rs, cs = _int_span(rs) or 1, _int_span(cs) or 1
        covered.update((rr, cc) for rr in range(r, min(r + rs, n_rows))
                       for cc in range(c, min(c + cs, n_cols)) if (rr, cc) != (r, c))
    return covered


def to_mhtml(page: bytes, charset: str, transfer: str = "quoted-printable") -> bytes:
    """Word's "single file web page": MIME headers, one HTML part (QP or base64 encoded)."""
    body = quopri.encodestring(page) if transfer == "quoted-printable" else base64.encodebytes(page)
    head = ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01\"\r\n"
            "\r\n------=_NextPart_01\r\nContent-Location: file:///C:/page.htm\r\n"
            f"Content-Transfer-Encoding: {transfer}\r\nContent-Type: text/html; charset=\"{charset}\"\r\n\r\n")
    return head.encode("ascii") + body + b"\r\n------=_NextPart_01--\r\n"


def to_docx(blocks: list[Block]) -> bytes:
    """A DOCX written by python-docx: paragraphs and tables, spans as gridSpan/vMerge."""
    import docx

    document = docx.Document()
    for b in blocks:
        if not isinstance(b, Grid):
            document.add_paragraph(_xml_text(b))
            continue
        n_cols = max((len(r) for r in b.rows), default=0)
        if not b.rows or not n_cols:
            continue
        table = document.add_table(rows=len(b.rows), cols=n_cols)
        for r, row in enumerate(b.rows):
            cells = table.rows[r].cells
            for c, text in enumerate(row):
                cells[c].text = _xml_text(text)
        for r, c, rs, cs in b.spans:
            _docx_span(table, r, c, rs, cs)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _docx_span(table, r: int, c: int, rs: Any, cs: Any) -> None:
    """Write a span as the XML would hold it: gridSpan on the cell, vMerge down the column; an
    absurd value is written as is (python-docx's merge() would refuse it)."""
    rows = table._tbl.tr_lst
    if r >= len(rows) or c >= len(rows[r].tc_lst):
        return
    tc = rows[r].tc_lst[c]
    if isinstance(cs, int) and cs != 1:
        from docx.oxml.ns import qn

        tc.get_or_add_tcPr().get_or_add_gridSpan().set(qn("w:val"), str(cs))
    if isinstance(rs, int) and rs > 1:
        tc.vMerge = "restart"
        for below in rows[r + 1:r + min(rs, 50)]:
            if c < len(below.tc_lst):
                below.tc_lst[c].vMerge = "continue"


def to_xlsx(blocks: list[Block]) -> bytes:
    """An XLSX written by openpyxl: each table on its own sheet under the text above it; numbers
    stored as numbers with a fixed-decimals format, merges as drawn (clipped to the sheet)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "说明"
    row = 1
    pending: list[str] = []
    for b in blocks:
        if not isinstance(b, Grid):
            pending.append(b)
            continue
        sheet = wb.create_sheet(f"表{len(wb.sheetnames)}")
        for i, text in enumerate(pending[-3:], start=1):
            sheet.cell(row=i, column=1, value=_xml_text(text))
        top = min(len(pending), 3) + 1
        pending = []
        for r, cells in enumerate(b.rows):
            for c, text in enumerate(cells):
                _xlsx_cell(sheet.cell(row=top + r, column=c + 1), text)
        for r, c, rs, cs in b.spans:
            # openpyxl makes an object per merged cell: absurd merges are written by the XML
            # mutator (fuzz_mutate.xlsx_cells), not here
            rs, cs = min(_int_span(rs) or 1, 200), min(_int_span(cs) or 1, 200)
            last_r = top + r + max(rs, 1) - 1
            last_c = c + max(cs, 1)
            if (last_r, last_c) != (top + r, c + 1):
                sheet.merge_cells(start_row=top + r, start_column=c + 1, end_row=last_r,
                                  end_column=last_c)
    for text in pending:
        ws.cell(row=row, column=1, value=_xml_text(text))
        row += 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _xml_text(text: str) -> str:
    # python-docx and openpyxl refuse what XML 1.0 cannot hold (control characters, U+FFFE/F);
    # the XML mutators put such bytes back.
    return "".join(ch for ch in text if ch in "\t\n" or " " <= ch <= "\ud7ff"
                   or "\ue000" <= ch <= "\ufffd" or ch >= "\U00010000")


def _xlsx_cell(cell, text: str) -> None:
    plain = text.replace(",", "")
    try:
        number = Decimal(plain) if plain and plain[-1].isdigit() else None
    except InvalidOperation:
        number = None
    if number is not None and number.is_finite() and abs(number) < Decimal("1e15"):
        cell.value = float(number)
        decimals = max(0, -number.as_tuple().exponent)
        cell.number_format = "0." + "0" * decimals if decimals else "0"
    else:
        cell.value = _xml_text(text)


def to_pdf(blocks: list[Block], compress: bool = True) -> bytes:
    """A PDF drawn with reportlab: text lines in a CJK CID font, tables as ruled grids."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842), pageCompression=1 if compress else 0)
    y = 800.0

    def need(height: float) -> None:
        nonlocal y
        if y - height < 40:
            c.showPage()
            y = 800.0

    for b in blocks:
        if not isinstance(b, Grid):
            need(16)
            c.setFont("STSong-Light", 10)
            c.drawString(40, y, b[:60])
            y -= 16
            continue
        n_cols = max((len(r) for r in b.rows), default=0) or 1
        width = 515 / n_cols
        for row in b.rows[:60]:
            need(18)
            c.setFont("STSong-Light", 8)
            for k, text in enumerate(row):
                c.rect(40 + k * width, y - 4, width, 18)
                c.drawString(42 + k * width, y + 2, text[:12])
            y -= 18
        y -= 10
    c.showPage()
    c.save()
    return buf.getvalue()


# --- Hypothesis strategies -------------------------------------------------------------------

def number_texts() -> st.SearchStrategy[str]:
    """Amounts as portals print them: thousands separators, parentheses, %, full-width digits."""
    amounts = st.decimals(min_value=-10**13, max_value=10**13, places=2, allow_nan=False,
                          allow_infinity=False)

    def fmt(value: Decimal, style: int) -> str:
        if style == 0:
            return f"{value:,.2f}"
        if style == 1:
            return f"({abs(value):,.2f})" if value < 0 else f"{value:.2f}"
        if style == 2:
            return f"{value:.1f}%"
        if style == 3:
            return str(value).translate(str.maketrans("0123456789.-", "０１２３４５６７８９．－"))
        return str(value.quantize(Decimal(1))) if abs(value) < 10**12 else str(value)

    return st.builds(fmt, amounts, st.integers(0, 4)) | st.sampled_from(
        ("-", "—", "0", "0.00", "", "1e308", "NaN", "9" * 40, "－", "……"))


def cell_texts(labels: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.one_of(number_texts(), st.sampled_from(labels),
                     st.text(max_size=8), st.just(""))


@st.composite
def grids(draw, labels: tuple[str, ...] = DEFAULT_LABELS) -> Grid:
    n_rows = draw(st.integers(1, 25))
    n_cols = draw(st.integers(1, 9))
    rows = draw(st.lists(st.lists(cell_texts(labels), min_size=n_cols, max_size=n_cols),
                         min_size=n_rows, max_size=n_rows))
    span_value = st.integers(1, 6) | st.sampled_from(ABSURD_SPANS)
    spans = draw(st.lists(st.tuples(st.integers(0, n_rows - 1), st.integers(0, n_cols - 1),
                                    span_value, span_value), max_size=4))
    return Grid(tuple(tuple(r) for r in rows), tuple(spans))


@st.composite
def documents(draw, labels: tuple[str, ...] = DEFAULT_LABELS) -> list[Block]:
    """A short disclosure-like document: title lines and sentences around tables."""
    text = st.sampled_from(labels) | st.text(min_size=1, max_size=40)
    blocks = draw(st.lists(text | grids(labels), min_size=1, max_size=5))
    return blocks


class Recipe(NamedTuple):
    """One fuzz case: a base (``("seed", index)`` into the format's pool, or ``("gen", blocks,
    options)`` drawn by Hypothesis) and the mutations applied in order, each ``(name, seed)``."""

    base: tuple
    mutations: tuple[tuple[str, int], ...]


def gen_options(fmt: str) -> st.SearchStrategy[dict]:
    """How a drawn document is written: encoding and declared charset, MHTML, compression."""
    if fmt in ("text", "html"):
        opts = {"encoding": st.sampled_from(TEXT_ENCODINGS),
                "declare": st.sampled_from((None, "utf-8", "gb2312", "gbk", "utf-16", "big5",
                                            "x-bogus", "iso-8859-1")),
                "sep": st.sampled_from(("\t", "|", "  ", " | "))}
        if fmt == "html":
            opts["mhtml"] = st.sampled_from((None, "quoted-printable", "base64"))
        return st.fixed_dictionaries(opts)
    if fmt == "pdf":
        return st.fixed_dictionaries({"compress": st.booleans()})
    return st.just({})


def recipes(fmt: str, n_seeds: int, mutator_names: tuple[str, ...],
            labels: tuple[str, ...] = DEFAULT_LABELS) -> st.SearchStrategy[Recipe]:
    """Cases for one format: mostly real seeds (3 in 4), else a drawn document; 0–4 mutations."""
    seed_base = st.tuples(st.just("seed"), st.integers(0, max(n_seeds - 1, 0)))
    gen_base = st.tuples(st.just("gen"), documents(labels), gen_options(fmt))
    base = gen_base if n_seeds == 0 else st.sampled_from(
        ("seed", "seed", "seed", "gen")).flatmap(lambda k: seed_base if k == "seed" else gen_base)
    mutation = st.tuples(st.sampled_from(mutator_names), st.integers(0, 2**32 - 1))
    return st.builds(Recipe, base, st.lists(mutation, max_size=4).map(tuple))


def render(fmt: str, blocks: list[Block], options: dict) -> bytes:
    """Bytes of a drawn document in format ``fmt`` (a gen base of a Recipe)."""
    if fmt == "pdf":
        return to_pdf(blocks, options.get("compress", True))
    if fmt == "docx":
        return to_docx(blocks)
    if fmt in ("xlsx", "xls"):
        return to_xlsx(blocks)
    encoding = options.get("encoding", "utf-8")
    if fmt == "html":
        page = to_html(blocks, options.get("declare")).encode(encoding, "xmlcharrefreplace")
        transfer = options.get("mhtml")
        return to_mhtml(page, options.get("declare") or encoding, transfer) if transfer else page
    return to_text(blocks, options.get("sep", "\t")).encode(encoding, "replace")
