"""The annotated PDF: rendered by poppler (pdftoppm), each finding's evidence box shows red where
the original page had none, nothing else on the page changes, one annotation per box with a note
naming the finding; the original bytes are kept; non-PDF input is refused with a message."""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.pipeline import process
from budgetlens.read.pdf_frame import page_frame
from budgetlens.report.annotate import (BORDER, PAD, THIN, annotate_pdf, annotation_count,
                                        plan_marks, to_pdf_rect)
from budgetlens.report.labels import finding_message

from ..conftest import corpus_result, seed_path
from ..read import variants as v

CZJ = "shanghai_putuo_czj_2025_yusuan.pdf"
DPI = 144
SCALE = DPI / 72


def _render(pdf: Path, page: int, tmp: Path, tag: str):
    """Page ``page`` of ``pdf`` rendered by poppler's pdftoppm, as an RGB image."""
    from PIL import Image

    exe = shutil.which("pdftoppm")
    if exe is None:
        pytest.skip("pdftoppm (poppler-utils) not installed: scripts/system-packages.txt, suite")
    stem = tmp / f"{tag}-{page}"
    subprocess.run([exe, "-f", str(page), "-l", str(page), "-r", str(DPI), "-singlefile",
                    "-png", str(pdf), str(stem)], check=True, timeout=120)
    return Image.open(f"{stem}.png").convert("RGB")


def _red(px) -> bool:
    r, g, b = px
    return r > 170 and g < 90 and b < 90


def _band(bbox, grow: float):
    """The box's pixel rectangle grown by ``grow`` points on every side (clipped at 0)."""
    x0, top, x1, bottom = bbox
    return tuple(max(0, int(round(c * SCALE))) for c in (x0 - grow, top - grow)) + \
        tuple(int(round(c * SCALE)) for c in (x1 + grow, bottom + grow))


def assert_boxes_drawn(original: Path, annotated: Path, marks, tmp: Path) -> None:
    """For every page with marks: red pixels new in each box's band, no change elsewhere."""
    for page in sorted({m.page for m in marks}):
        before, after = _render(original, page, tmp, "o"), _render(annotated, page, tmp, "a")
        assert before.size == after.size
        on_page = [m for m in marks if m.page == page]
        for m in on_page:
            x0, y0, x1, y1 = _band(m.bbox, PAD + BORDER + 1)
            new_red = sum(1 for x in range(x0, min(x1, after.width))
                          for y in range(y0, min(y1, after.height))
                          if _red(after.getpixel((x, y))) and not _red(before.getpixel((x, y))))
            perimeter = 2 * ((x1 - x0) + (y1 - y0))
            assert new_red >= perimeter * 0.5, (page, m.bbox, new_red, perimeter)
        mask = [_band(m.bbox, PAD + BORDER + 3) for m in on_page]
        changed = [(x, y) for x in range(0, after.width, 2) for y in range(0, after.height, 2)
                   if before.getpixel((x, y)) != after.getpixel((x, y))
                   and not any(a <= x < c and b <= y < d for a, b, c, d in mask)]
        assert not changed, f"page {page}: pixels changed outside the boxes, e.g. {changed[:3]}"


def page_boxes(path: Path) -> list[tuple]:
    """Each page's /MediaBox and /CropBox as the file declares them (inherited ones resolved),
    read by pdfminer, which keeps the printed decimals (PDFium reads numbers as 32-bit floats)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    with open(path, "rb") as fh:
        doc = PDFDocument(PDFParser(fh))
        return [tuple(resolve1(page.attrs.get(key)) for key in ("MediaBox", "CropBox"))
                for page in PDFPage.create_pages(doc)]


def assert_boxes_kept(original: Path, annotated: Path) -> None:
    """The annotated file's pages declare the same boxes as the original's. PDFium rewrites the
    dictionary of every page it adds an /Annots to; PDFium before 156.0.8076 (pypdfium2 < 5.14)
    printed its numbers with float32 noise (595.2756 -> 595.27557), moving the page by a few
    1e-5 pt: a /Rotate 270 page then renders a pixel column differently all over."""
    assert page_boxes(annotated) == page_boxes(original), "the page boxes were rewritten"


def annotation_values(path: Path, read) -> list:
    """``read(c, page_number, annot)`` for every annotation of the PDF, read back with PDFium
    (``c`` is pypdfium2.raw); the one walk over pages and annotations the checks share."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    out = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            for k in range(c.FPDFPage_GetAnnotCount(page)):
                annot = c.FPDFPage_GetAnnot(page, k)
                try:
                    out.append(read(c, i + 1, annot))
                finally:
                    c.FPDFPage_CloseAnnot(annot)
    finally:
        pdf.close()
    return out


def _contents(c, page: int, annot) -> tuple[int, str, str]:
    n = c.FPDFAnnot_GetStringValue(annot, b"Contents", None, 0)
    buf = ctypes.create_string_buffer(n)
    c.FPDFAnnot_GetStringValue(annot, b"Contents", ctypes.cast(buf, ctypes.POINTER(
        c.FPDF_WCHAR)), n)
    return page, c.FPDFAnnot_GetSubtype(annot), buf.raw.decode("utf-16-le").rstrip("\0")


def _border_width(c, page: int, annot) -> float:
    h, v, w = ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    assert c.FPDFAnnot_GetBorder(annot, h, v, w)
    return w.value


def read_annotations(path: Path) -> list[tuple[int, str, str]]:
    """(page, subtype, /Contents) of every annotation, read back with PDFium."""
    return annotation_values(path, _contents)


def border_widths(path: Path) -> list[float]:
    """The border width of every annotation, read back with PDFium."""
    return annotation_values(path, _border_width)


@pytest.fixture(scope="module")
def czj(tmp_path_factory):
    result = corpus_result(CZJ)
    assert result.audit.findings
    out = tmp_path_factory.mktemp("annotate") / "czj_annotated.pdf"
    done = annotate_pdf(result.file, result.audit.findings, out, file=result.file)
    return result, out, done


def test_one_annotation_per_evidence_box(czj):
    result, out, done = czj
    marks, not_drawn = plan_marks(result.audit.findings, result.file)
    boxed = [f for f in result.audit.findings if any(e.source.bbox for e in f.evidence)]
    assert done.written and not done.diagnostics
    assert done.annotations == len(marks) == sum(annotation_count(out)) > 0
    assert done.not_drawn == not_drawn
    per_page = annotation_count(out)
    for m in marks:
        assert per_page[m.page - 1] == sum(1 for x in marks if x.page == m.page)
    notes = read_annotations(out)
    assert {subtype for _, subtype, _ in notes} == {5}  # FPDF_ANNOT_SQUARE
    for f in boxed:  # every finding with a box is named in a note on a page of its evidence
        pages = {e.source.page for e in f.evidence if e.source.bbox}
        assert any(p in pages and f.rule in text and finding_message(f, "zh") in text
                   and "整改建议" in text for p, _, text in notes), f.rule


def test_the_original_bytes_are_kept(czj):
    result, out, _ = czj
    original = Path(result.file).read_bytes()
    assert out.read_bytes().startswith(original)
    assert sum(annotation_count(result.file)) == 0
    assert_boxes_kept(Path(result.file), out)


def test_poppler_renders_a_red_box_at_each_evidence(czj, tmp_path):
    result, out, _ = czj
    marks, _ = plan_marks(result.audit.findings, result.file)
    assert_boxes_drawn(Path(result.file), out, marks, tmp_path)


@pytest.mark.parametrize("orientation", ["rotate90", "rotate270"])
def test_boxes_on_rotated_pages(orientation, tmp_path):
    """Seed 004's 一般公共预算支出 table printed on a /Rotate page with one amount raised by 100:
    the broken rows' cells are boxed where poppler draws them upright."""
    pytest.importorskip("reportlab")
    from ..read.variants_pdf import Style, render

    table = v.seed_tables()[1]
    amounts = sorted(v.amount_columns(table))
    broken = v.map_body(table, lambda s, r, c: _raised(s) if (r, c) == (3, amounts[0]) else s)
    pdf = render([broken], tmp_path / "rotated.pdf", Style(orientation=orientation))
    result = process(str(pdf))
    assert result.audit.findings, "the raised amount breaks an identity"
    out = tmp_path / "annotated.pdf"
    done = annotate_pdf(pdf, result.audit.findings, out, file=result.file)
    marks, _ = plan_marks(result.audit.findings, result.file)
    assert done.annotations == len(marks) > 0
    assert_boxes_kept(pdf, out)
    assert_boxes_drawn(pdf, out, marks, tmp_path)
    # the broken totals are drawn heavier than the parts they are summed from
    assert {m.primary for m in marks} == {True, False}
    widths = sorted(border_widths(out))
    expected = sorted(BORDER if m.primary else THIN for m in marks)
    assert widths == pytest.approx(expected)


def _raised(text: str) -> str:
    from decimal import Decimal

    value = Decimal(text.replace(",", "")) + 100
    return f"{value:,.2f}"


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_to_pdf_rect_inverts_the_readers_frame(rotation):
    """A box in the reader's top-left coordinates maps back to the PDF rectangle it came from,
    on a page whose crop box does not start at the origin."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(600, 800)
    page.set_cropbox(20, 30, 580, 770)
    page.set_rotation(rotation)
    frame = page_frame(page)
    rect = (100.0, 200.0, 180.0, 215.0)  # left, bottom, right, top
    bbox = frame.to_top_left(*rect)
    assert to_pdf_rect(bbox, page.get_cropbox(), page.get_rotation()) == pytest.approx(rect)
    pdf.close()


def test_a_text_input_is_refused_with_a_message(tmp_path):
    seed = seed_path("000")
    result = process(str(seed))
    done = annotate_pdf(seed, result.audit.findings, tmp_path / "x.pdf")
    assert not done.written and not (tmp_path / "x.pdf").exists()
    assert done.diagnostics[0].code == "annotate-not-pdf"
    assert "PDF" in done.diagnostics[0].message and "not a PDF" in done.diagnostics[0].message_en
    run = CliRunner().invoke(app, ["audit", str(seed), "--annotate", str(tmp_path / "y.pdf")])
    assert run.exit_code == 2 and not (tmp_path / "y.pdf").exists()
    assert "只能标注PDF文件" in run.output and "not a PDF" in run.output


def test_annotate_takes_one_file(tmp_path):
    seeds = [str(seed_path("000")), str(seed_path("001"))]
    run = CliRunner().invoke(app, ["audit", *seeds, "--annotate", str(tmp_path / "y.pdf")])
    assert run.exit_code == 2 and "exactly one PDF" in run.output


def test_cli_annotates_and_writes_the_ledger(tmp_path):
    src = corpus_result(CZJ).file
    out, xlsx = tmp_path / "marked.pdf", tmp_path / "ledger.xlsx"
    run = CliRunner().invoke(app, ["audit", src, "--annotate", str(out), "--format", "xlsx",
                                   "-o", str(xlsx), "--fail-on", "never"])
    assert run.exit_code == 0, run.output
    marks, _ = plan_marks(corpus_result(CZJ).audit.findings, src)
    assert sum(annotation_count(out)) == len(marks)
    assert xlsx.stat().st_size > 0


def test_a_broken_pdf_returns_a_diagnostic(tmp_path):
    """Bytes that claim to be a PDF but are not one: a diagnostic, nothing written, no raise."""
    result = corpus_result(CZJ)
    cut = Path(result.file).read_bytes()[:2000]  # the header and a little: no xref, no pages
    out = tmp_path / "x.pdf"
    done = annotate_pdf(cut, result.audit.findings, out)
    assert not done.written and not out.exists()
    assert done.diagnostics[0].code == "annotate-unreadable"
    assert done.diagnostics[0].message and done.diagnostics[0].message_en


def test_note_text_with_markup_nul_and_a_bad_surrogate(tmp_path):
    """Document text goes into the note as text: markup kept literally, a NUL does not end the
    note early, a lone surrogate (a bad decode upstream) is replaced rather than raising."""
    import dataclasses

    result = corpus_result(CZJ)
    f = next(f for f in result.audit.findings if any(e.source.bbox for e in f.evidence))
    hostile = "<script>alert('x')</script>\0尾部\ud800"
    f = dataclasses.replace(f, message=hostile)
    out = tmp_path / "hostile.pdf"
    done = annotate_pdf(result.file, [f], out, file=result.file)
    assert done.written and done.annotations >= 1
    notes = [text for _, _, text in read_annotations(out)]
    assert all("<script>alert('x')</script>\ufffd尾部" in text for text in notes)
