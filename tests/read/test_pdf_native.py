"""The compiled char loop (read/native/pdfchars.c via read/pdf_native.py) reads what the Python
loop reads, on PDFs drawn here to reach each of its cases and on corpus PDFs.

Why these cases: the C loop finishes most chars itself, hands chars measured by declared metrics
(a non-embedded CJK font) back to Python, and leaves the frame of a turned page (/Rotate) to
Python; clip boxes, white text and fonts scaled by the text matrix are decided in C. Each drawn
page holds each case beside a near miss (clipped and unclipped, white on paper and on a dark band,
scaled and plain), and every page is read both ways and compared exactly (``repr``). The library
is the one setup built (scripts/build_native.sh), or one the test builds with the same script
when the machine has a compiler; a library setup built that does not load fails the test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from budgetlens.read import pdf_native
from budgetlens.read.pdf import read_page_chars, read_pdf
from .fonts import embedded_cjk_font

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / ".." / "shared" / "corpus" / "pdf"


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    """The compiled loop: setup's build, else one built here with setup's script and flags."""
    if pdf_native.LIBRARY.is_file():
        return pdf_native.LIBRARY
    if shutil.which(os.environ.get("BUDGETLENS_CC", "gcc")) is None:
        pytest.skip("no C compiler (apt install gcc): only the Python loop can run here")
    out = tmp_path_factory.mktemp("native") / "_pdfchars.so"
    subprocess.run(["bash", str(REPO / "scripts" / "build_native.sh")], check=True,
                   env={**os.environ, "OUT": str(out)})
    return out


@pytest.fixture(autouse=True)
def _restore():
    yield
    pdf_native.use(True)


def test_the_library_setup_built_is_the_one_that_reads():
    """A library that setup built (or CI expects) must load: a silent fall back to the Python
    loop would keep results right and lose the speed unnoticed."""
    expected = pdf_native.LIBRARY.is_file() or os.environ.get("BUDGETLENS_EXPECT_NATIVE") == "1"
    if not expected:
        pytest.skip("the compiled loop was not built here (scripts/build_native.sh)")
    if os.environ.get("BUDGETLENS_NATIVE") == "0":
        pytest.skip("BUDGETLENS_NATIVE=0 switches the compiled loop off")
    pdf_native.use(True)
    built, where = pdf_native.status()
    assert built, where
    assert "compiled loop" in pdf_native.describe()


def _draw(path: Path, rotate: int = 0) -> None:
    """One page of each case the C loop decides, each beside its near miss."""
    from reportlab.lib.colors import Color
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    cjk = embedded_cjk_font()
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # not embedded: declared metrics
    c = canvas.Canvas(str(path), pagesize=(400, 400))
    c.setFont(cjk, 10)
    c.drawString(20, 370, "合计 1,234.56 plain")
    c.saveState()  # a cell clip: the run is cut at x = 80, its chars beyond are dropped
    p = c.beginPath()
    p.rect(15, 340, 65, 20)
    c.clipPath(p, stroke=0, fill=0)
    c.drawString(20, 345, "一般公共预算财政拨款收入 999")
    c.restoreState()
    c.setFillColor(Color(0.1, 0.1, 0.1))
    c.rect(10, 300, 200, 25, stroke=0, fill=1)  # a dark band: white text on it is read
    c.setFillColor(Color(1, 1, 1))
    c.drawString(20, 310, "白色标题 on dark")
    c.drawString(250, 310, "白色隐藏 on paper")
    c.setFillColor(Color(0, 0, 0))
    t = c.beginText()  # size 1 scaled ten times by the text matrix
    t.setTextTransform(10, 0, 0, 10, 20, 260)
    t.setFont(cjk, 1)
    t.textOut("放大 12.5")
    c.drawText(t)
    c.setFont("STSong-Light", 10)
    c.drawString(20, 220, "宋体未嵌入 345.6")
    c.setFont("Helvetica", 10)
    c.drawString(20, 190, "Latin 0123 \u00a0 spaced   words")
    c.setPageRotation(rotate)
    c.save()


def _read_both(path: Path, library: Path) -> tuple[str, str, set[int]]:
    """``repr`` of the page's chars read by the Python loop and by the C loop, and the record
    flags the C loop gave (which of its cases the page reached)."""
    seen: set[int] = set()
    records = pdf_native._records

    def spy(text, k, a, *rest):
        seen.update(a["flags"][:k])
        return records(text, k, a, *rest)

    out = []
    for native in (False, True):
        pdf_native.use(native, library)
        pdf = pdfium.PdfDocument(str(path))
        try:
            pdf_native._records = spy
            out.append(repr(read_page_chars(pdf, 0)[1]))
        finally:
            pdf_native._records = records
            pdf.close()
    return out[0], out[1], seen


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_drawn_pages_read_the_same_both_ways(tmp_path, library, rotate):
    path = tmp_path / f"cases_{rotate}.pdf"
    _draw(path, rotate)
    python, native, seen = _read_both(path, library)
    assert python == native
    flags = {f & ~pdf_native.CLIP for f in seen}
    assert any(f & pdf_native.DEFER for f in flags), seen  # STSong: declared metrics
    assert any(f & pdf_native.PALE for f in flags), seen  # the white runs
    assert any(f & pdf_native.RAW for f in flags) is (rotate != 0), seen  # only turned frames
    text = "".join(c[0] for c in eval_chars(native))
    assert "白色标题" in text and "放大" in text and "未嵌入" in text, text
    assert "隐藏" not in text  # white on paper: dropped by both


def test_a_clip_cuts_the_run_in_both_loops(tmp_path, library):
    path = tmp_path / "clip.pdf"
    _draw(path)
    python, native, _ = _read_both(path, library)
    assert python == native
    run = [c for c in eval_chars(native) if 45 <= c[2] <= 50]  # the clipped run's line (top)
    assert run and "".join(c[0] for c in run).startswith("一般")
    assert all((c[1] + c[3]) / 2 <= 80 for c in run), run  # centres inside the clip only
    assert "入" not in "".join(c[0] for c in run)  # the run's tail lies beyond x = 80


def eval_chars(text: str) -> list[tuple]:
    """The (text, x0, top, x1, bottom) of the chars in a page's ``repr`` (Char(...) entries)."""
    import re

    out = []
    for m in re.finditer(r"Char\(text='(.*?)', x0=([-\d.e]+), top=([-\d.e]+), x1=([-\d.e]+), "
                         r"bottom=([-\d.e]+)", text):
        out.append((m.group(1), float(m.group(2)), float(m.group(3)), float(m.group(4)),
                    float(m.group(5))))
    return out


def test_a_buffer_too_small_falls_back_to_the_python_loop(tmp_path, library, monkeypatch):
    """The C loop never writes past the capacity it is given: asked with too small a buffer it
    answers -1, and the page is read by the Python loop, with the same chars."""
    path = tmp_path / "small.pdf"
    _draw(path)
    python, _, _ = _read_both(path, library)
    pdf_native.use(True, library)
    native = pdf_native._native()
    assert native is not None
    monkeypatch.setattr(native.buffers, "ensure", lambda n: None)  # cap stays as made: 0
    calls: list[int] = []
    real = native.call

    def counted(*args):
        calls.append(real(*args))
        return calls[-1]

    monkeypatch.setattr(pdf_native, "_native", lambda: native._replace(call=counted))
    pdf = pdfium.PdfDocument(str(path))
    try:
        assert repr(read_page_chars(pdf, 0)[1]) == python
    finally:
        pdf.close()
    assert calls == [-1]


def test_corpus_documents_read_the_same_both_ways(library):
    """Whole documents, exactly: the Document and its diagnostics (scripts/native_compare.py
    does this for every PDF of seeds, corpus and wide corpus)."""
    files = sorted(CORPUS.glob("*.pdf"))[:2]
    if not files:
        pytest.skip("../shared/corpus/pdf is not there")
    for f in files:
        got = []
        for native in (False, True):
            pdf_native.use(native, library)
            doc, diags = read_pdf(str(f), ocr=False)
            got.append(repr(doc) + repr(diags))
        assert got[0] == got[1], f.name
        assert pdf_native.status()[0]

