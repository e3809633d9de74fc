"""Bad PDFs never raise: encrypted, truncated, not a PDF, no pages, no text layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.read.pdf import read_pdf

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SAMPLE = SHARED / "corpus" / "pdf" / "shanghai_putuo_wanli_2025_yusuan.pdf"


def _refused(result, code):
    doc, diags = result
    assert doc is None
    assert [d.code for d in diags] == [code]
    d = diags[0]
    assert d.severity == "error" and d.message and d.message_en
    assert "\n" not in d.message and "\n" not in d.message_en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in d.message)


def test_encrypted_with_user_password(tmp_path):
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    path = tmp_path / "enc.pdf"
    c = canvas.Canvas(str(path), encrypt="pw")
    c.drawString(100, 700, "secret 123.45")
    c.save()
    _refused(read_pdf(str(path)), "pdf-encrypted")


def test_encrypted_with_empty_user_password_is_read(tmp_path):
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    from reportlab.lib import pdfencrypt

    path = tmp_path / "owner.pdf"
    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("", ownerPassword="o"))
    c.drawString(100, 700, "open 123.45")
    c.save()
    doc, diags = read_pdf(str(path))
    assert diags == [] and "open 123.45" in doc.text()


@pytest.mark.parametrize("fraction", [0.5, 0.05])
def test_truncated(tmp_path, fraction):
    if not SAMPLE.exists():
        pytest.skip("corpus not available")
    data = SAMPLE.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * fraction)])
    _refused(read_pdf(str(path)), "pdf-corrupt")


def test_not_a_pdf(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    _refused(read_pdf(str(path)), "pdf-corrupt")


def test_missing_file(tmp_path):
    _refused(read_pdf(str(tmp_path / "nope.pdf")), "pdf-corrupt")


def test_zero_pages(tmp_path):
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 3\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path = tmp_path / "zero.pdf"
    path.write_bytes(out)
    _refused(read_pdf(str(path)), "pdf-empty")


def test_scanned_pdf_is_flagged(tmp_path):
    """Render real pages to images and write an image-only PDF: no text layer, only images."""
    if not SAMPLE.exists():
        pytest.skip("corpus not available")
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(SAMPLE))
    images = [pdf[i].render(scale=1.0).to_pil().convert("RGB") for i in (8, 9)]
    pdf.close()
    path = tmp_path / "scan.pdf"
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=72)
    doc, diags = read_pdf(str(path), ocr=False)  # OCR of scans: tests/read/test_pdf_ocr.py
    assert doc is not None and doc.scanned
    assert [d.code for d in diags] == ["scanned-pdf"]
    assert doc.n_pages == 2 and all(p.images >= 1 and p.chars == 0 for p in doc.pages)
    assert doc.tables == ()


def test_text_pdf_is_not_scanned():
    if not SAMPLE.exists():
        pytest.skip("corpus not available")
    doc, diags = read_pdf(str(SAMPLE))
    assert not doc.scanned and "scanned-pdf" not in [d.code for d in diags]


def test_one_scanned_page_among_text_pages_is_not_a_scan(tmp_path):
    """A signature page scanned into an otherwise digital PDF does not make the file a scan."""
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    from PIL import Image

    img = tmp_path / "sig.png"
    Image.new("RGB", (200, 100), (250, 250, 250)).save(img)
    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path))
    for i in range(3):
        c.drawString(72, 700, f"page {i + 1}: total 1,234.50 and more text on this line")
        c.showPage()
    c.drawImage(str(img), 72, 500, 200, 100)
    c.showPage()
    c.save()
    doc, diags = read_pdf(str(path))
    assert not doc.scanned and diags == []
    assert [p.images for p in doc.pages] == [0, 0, 0, 1]
    assert doc.pages[3].chars == 0 and doc.pages[0].chars > 20
