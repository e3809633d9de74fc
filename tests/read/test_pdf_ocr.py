"""OCR of scanned PDFs, on a scan the test makes itself: two tables of a real disclosure (seed 004)
are drawn with reportlab in an embedded CJK font (the same image on every machine), rasterised
with PDFium (the second page turned half a degree, as a feeder scans), and the images alone are
written as a new PDF. The truth is what the same pages give while they still have their text
layer: every number OCR turns into a fact must be one the digital pages give, and the table
totals must come out."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from budgetlens.extract import extract  # noqa: E402
from budgetlens.pipeline import process  # noqa: E402
from budgetlens.read import ReadSettings, read_document  # noqa: E402
from budgetlens.read import pdf_ocr  # noqa: E402
from budgetlens.read.pdf_ocr import split_runs  # noqa: E402
from budgetlens.read.pdf_ocr_guard import OcrBox, guard_boxes  # noqa: E402
from budgetlens.read.settings import DEFAULT_READ  # noqa: E402

from .fonts import embedded_cjk_font  # noqa: E402

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds" / "004_bbafd2926cdcba81.txt"
DPI = 200
NO_ENGINE = "OCR engine not installed: pip install 'budgetlens[ocr]' (rapidocr-onnxruntime)"


def _digital(path: Path) -> Path:
    """The seed's first two tables, each on its own A4 page under its printed title lines, in
    an embedded CJK font: the page renders the same on every machine (issue #13)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    font = embedded_cjk_font()
    seed, _ = read_document(SEED)
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=14)
    story = []
    for table in seed.tables[:2]:
        story += [Paragraph(line.text.strip(), body) for line in table.title_lines]
        grid = Table(table.grid())
        grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                  ("FONT", (0, 0), (-1, -1), font, 8)]))
        story += [grid, PageBreak()]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def _scan(digital: Path, path: Path, skew: tuple[float, ...]) -> Path:
    """Each page rendered to a grayscale image (turned by ``skew`` degrees), the images alone
    written as a new PDF: a scan without any text layer."""
    import pypdfium2 as pdfium
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = pdfium.PdfDocument(str(digital))
    c = canvas.Canvas(str(path), pagesize=A4)
    for i, angle in enumerate(skew):
        image = pdf[i].render(scale=DPI / 72).to_pil().convert("L")
        image = image.rotate(angle, fillcolor=255)
        png = path.with_name(f"page{i + 1}.png")
        image.save(png)
        c.drawImage(str(png), 0, 0, A4[0], A4[1])
        c.showPage()
    c.save()
    pdf.close()
    return path


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    if not SEED.exists():
        pytest.skip("shared seeds not available")
    folder = tmp_path_factory.mktemp("ocr")
    digital = _digital(folder / "digital.pdf")
    return digital, _scan(digital, folder / "scan.pdf", (0.0, 0.5))


@pytest.fixture(scope="module")
def recognised(pages):
    if pdf_ocr.load_engine() is None:
        pytest.skip(NO_ENGINE)
    return read_document(pages[1], ocr=True)


def _facts(document):
    disclosure, _ = extract(document)
    return {(f.measure, f.basis, f.value) for f in disclosure.facts}


def test_scan_is_flagged_and_recognised(recognised):
    document, diags = recognised
    codes = [d.code for d in diags]
    assert document.scanned and document.ocr_pages == (1, 2)
    assert codes[0] == "scanned-pdf" and "ocr-used" in codes
    used = diags[codes.index("ocr-used")]
    assert "1-2" in used.message and pdf_ocr.ENGINE in used.message and used.message_en
    assert all("\n" not in d.message for d in diags)


def test_tables_come_back_with_their_grid(recognised, pages):
    """The ruled grids are found in the image: same shape as on the digital pages, and the
    labels that decide a row's measure read as printed."""
    scanned, _ = recognised
    digital, _ = read_document(pages[0])
    assert [(t.page, t.n_rows, t.n_cols) for t in scanned.tables] == \
        [(t.page, t.n_rows, t.n_cols) for t in digital.tables]
    labels = {c.text for t in scanned.tables for c in t.cells}
    assert {"一般公共服务支出", "社会保障和就业支出", "合计"} <= labels


def test_every_ocr_number_is_a_true_one_and_totals_come_out(recognised, pages):
    """No silent misreading: each fact from the scan is a fact of the digital pages (same
    measure, basis and value); the totals of both tables are among them."""
    truth = _facts(read_document(pages[0])[0])
    got = _facts(recognised[0])
    assert got <= truth
    totals = {k for k in truth if k[0] in ("expense.fiscal.grand_total", "expense.general.total",
                                           "income.fiscal.total_with_carryover",
                                           "expense.general.function.201")}
    assert totals and totals <= got
    assert len(got) >= 0.8 * len(truth)


def test_facts_from_ocr_point_at_the_scanned_page(recognised):
    document, _ = recognised
    disclosure, _ = extract(document)
    pages = {f.source.page for f in disclosure.facts}
    assert pages == {1, 2}
    assert all(f.source.bbox is not None for f in disclosure.facts if f.origin == "table")


def test_every_report_says_the_text_came_from_ocr(recognised):
    """The audit and extract reports (text, Markdown, HTML) name the OCR warning under the
    document's description, in the report's language."""
    from budgetlens.model import Result
    from budgetlens.report import AUDIT_RENDERERS, EXTRACT_RENDERERS

    document, diags = recognised
    disclosure, more = extract(document)
    result = Result(file=document.path, status="ok", document=document, disclosure=disclosure,
                    diagnostics=tuple(diags + more))
    used = next(d for d in diags if d.code == "ocr-used")
    for fmt in ("text", "md", "html"):
        assert used.message in AUDIT_RENDERERS[fmt]([result], "zh")
    assert used.message_en in AUDIT_RENDERERS["text"]([result], "en")
    assert used.message in EXTRACT_RENDERERS["table"]([result], "zh")


def test_without_ocr_the_scan_gives_one_clear_line(pages):
    """Turned off (as when the engine is not installed), a scan is reported, not guessed at."""
    document, diags = read_document(pages[1], ocr=False)
    assert document.scanned and document.ocr_pages == () and document.tables == ()
    assert [d.code for d in diags] == ["scanned-pdf"]
    message = diags[0]
    assert "未做文字识别" in message.message and "OCR" in message.message_en
    assert "BUDGETLENS_OCR=0" in message.message and "\n" not in message.message
    result = process(str(pages[1]), ocr=False)
    assert result.status == "error" and result.error_code == "scanned-pdf"


def test_missing_engine_says_how_to_install(pages, monkeypatch):
    monkeypatch.setattr(pdf_ocr, "load_engine", lambda *_: None)
    _, diags = read_document(pages[1], ocr=True)
    assert [d.code for d in diags] == ["scanned-pdf"]
    assert "pip install 'budgetlens[ocr]'" in diags[0].message
    assert "pip install 'budgetlens[ocr]'" in diags[0].message_en


def test_work_is_bounded_by_the_page_limit(pages):
    """Past the limit pages stay unread and a warning names the first of them."""
    if pdf_ocr.load_engine() is None:
        pytest.skip(NO_ENGINE)
    limited = ReadSettings().override({"scan.ocr_max_pages": "1"})
    document, diags = read_document(pages[1], ocr=True, settings=limited)
    assert document.ocr_pages == (1,)
    assert document.read_settings == (("scan.ocr_max_pages", "1"),)
    limit = [d for d in diags if d.code == "ocr-page-limit"]
    assert len(limit) == 1 and limit[0].source.page == 2 and "2" in limit[0].message
    assert not document.pages[1].lines and document.pages[0].lines


def test_environment_turns_ocr_off(pages, monkeypatch):
    monkeypatch.setenv(pdf_ocr.ENV_VAR, "0")
    document, diags = read_document(pages[1])
    assert document.ocr_pages == () and [d.code for d in diags] == ["scanned-pdf"]


def test_a_gap_inside_a_number_marks_both_parts():
    """The engine placed ``22.65`` (printed ``222.65``) with a hole where a ``2`` was merged
    away: both parts are doubted, so ``2 2.65`` can never be read as 22.65."""
    box = OcrBox("22.65", 0.99, (309.6, 233.3, 329.4, 245.2))
    pieces = [("2", 309.6, 311.8, 0.99), ("2", 319.0, 321.1, 0.99), (".", 321.1, 323.3, 0.99),
              ("6", 323.3, 325.5, 0.99), ("5", 326.9, 329.4, 0.99)]
    runs = split_runs(box, pieces)
    assert [r.text for r in runs] == ["2", "2.65"] and all(r.broken for r in runs)
    _, doubtful = guard_boxes(runs)
    assert doubtful == ("2", "2.65")


def test_numbers_of_two_columns_in_one_box_are_two_numbers():
    box = OcrBox("12.503.40", 0.99, (0.0, 0.0, 80.0, 12.0))
    pieces = [(ch, 4.0 * i, 4.0 * i + 3.5, 0.99) for i, ch in enumerate("12.50")]
    pieces += [(ch, 60.0 + 4.0 * i, 63.5 + 4.0 * i, 0.99) for i, ch in enumerate("3.40")]
    runs = split_runs(box, pieces)
    assert [(r.text, r.alone, r.broken) for r in runs] == [("12.50", True, False),
                                                           ("3.40", True, False)]
    assert guard_boxes(runs)[1] == ()


def test_scan_gaps_decide_where_one_box_holds_two_numbers():
    """``scan.number_gap`` (a setting since session 14): two numbers 4 pt apart in one 8 pt box
    are two runs by default (the gap exceeds 0.35 of the height) and one run under 0.6;
    ``scan.broken_gap``: two runs closer than 1.5 heights are a number with a glyph lost
    (doubtful), and no longer under 0.3. The near miss: digits 0.1 pt apart are one run under
    either gap."""
    box = OcrBox("12.00 34.00", 0.99, (100.0, 200.0, 150.0, 208.0))
    pieces = [(ch, 100.0 + 2.0 * k, 101.8 + 2.0 * k, 0.99) for k, ch in enumerate("12.00")]
    pieces += [(ch, 114.0 + 2.0 * k, 115.8 + 2.0 * k, 0.99) for k, ch in enumerate("34.00")]
    runs = split_runs(box, pieces)
    assert [r.text for r in runs] == ["12.00", "34.00"] and all(r.broken for r in runs)
    wide = DEFAULT_READ.override({"scan.number_gap": "0.6"}).scan
    assert [r.text for r in split_runs(box, pieces, wide)] == ["12.0034.00"]
    near = DEFAULT_READ.override({"scan.broken_gap": "0.3"}).scan
    assert not any(r.broken for r in split_runs(box, pieces, near))
    tight = [(ch, 100.0 + 1.9 * k, 101.8 + 1.9 * k, 0.99) for k, ch in enumerate("1234")]
    one = OcrBox("1234", 0.99, (100.0, 200.0, 110.0, 208.0))
    assert len(split_runs(one, tight)) == len(split_runs(one, tight, wide)) == 1
