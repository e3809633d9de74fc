"""A cited reason sentence is boxed (issue #10): a claim keeps the box of the lines its sentence is
printed on (extract), the library keeps it (``claims.x0…``, migration 0009), and a cross-document
finding that cites the reason boxes it on the page image and in the annotated PDF, as a cited
cell is boxed.

Real files: a unit's 2024 budget and final account, written as text disclosures
(tests/crosscheck/test_synthetic.py: the corpus holds no unit with both) and rendered to PDF as a
publisher would (tests/roundtrip/render.py: reportlab, a CJK font, paragraphs wrapped), read by
the real pipeline, ingested and cross-checked. The boxes are checked against the PDF itself:
PDFium's text inside each box holds the sentence, and pdftoppm renders the annotated file."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from ..crosscheck.test_synthetic import BUDGET_2024, FINAL_2024
from ..roundtrip.render import to_pdf
from .workspace import PASSWORDS, login

SPACE = re.compile(r"\s+")


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    from budgetlens.crosscheck import crosscheck
    from budgetlens.ingest import ingest
    from budgetlens.read import read_document
    from budgetlens.store import open_store
    from budgetlens.store.accounts import add_user
    from budgetlens.web import create_site

    folder = tmp_path_factory.mktemp("reason_boxes")
    pdfs = {}
    for name, body in (("b2024", BUDGET_2024), ("f2024", FINAL_2024.format(basic="380.00"))):
        source = folder / f"{name}.txt"
        source.write_text(body, encoding="utf-8")
        document, _ = read_document(source)
        pdfs[name] = to_pdf(document, folder / f"{name}.pdf")
    store = open_store(str(folder / "lib.db"))
    assert ingest(store, [str(p) for p in pdfs.values()]).failed == 0
    crosscheck(store.engine)
    add_user(store.engine, "reviewer", PASSWORDS["reviewer"], "reviewer", actor_name="test")
    with TestClient(create_site(store.engine)) as client:
        login(client, "reviewer")
        yield client, store.engine, pdfs
    store.close()


def _reasons(engine) -> list[dict]:
    """The reason evidence of the cross findings, each with the box its claim was stored with."""
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(text(
            "SELECT e.finding_id, e.document_id, e.page, e.text, c.x0, c.top, c.x1, c.bottom,"
            " d.source FROM cross_evidence e JOIN claims c ON c.document_id = e.document_id"
            " AND c.page = e.page AND c.line = e.line AND c.text = e.text AND c.kind = 'reason'"
            " JOIN documents d ON d.id = e.document_id WHERE e.role = 'reason'")).mappings()]


def _text_in(pdf_path, page_no: int, box) -> str:
    """PDFium's text inside a box given in the library's coordinates (top-left origin)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        page = pdf[page_no - 1]
        height = page.get_height()
        x0, top, x1, bottom = box
        found = page.get_textpage().get_text_bounded(x0, height - bottom, x1, height - top)
    finally:
        pdf.close()
    return SPACE.sub("", found)


def test_a_reason_sentence_has_the_box_of_its_lines(pair):
    _, engine, _ = pair
    reasons = _reasons(engine)
    assert reasons, "the final account's reason is cited by a cross finding"
    for r in reasons:
        assert r["x0"] is not None and r["x0"] < r["x1"] and r["top"] < r["bottom"]
        assert SPACE.sub("", r["text"]) in _text_in(r["source"], r["page"],
                                                     (r["x0"], r["top"], r["x1"], r["bottom"]))
    # the sentence is wrapped: its box is taller than one line of its 10-point paragraph
    assert any(r["bottom"] - r["top"] > 16 for r in reasons)


def test_the_page_image_and_the_annotated_pdf_box_the_reason(pair, tmp_path):
    import pypdfium2 as pdfium

    from budgetlens.report.annotate import PAD, to_pdf_rect

    from ..report.test_annotate import _contents, annotation_values

    client, engine, _ = pair
    for r in _reasons(engine):
        box = (r["x0"], r["top"], r["x1"], r["bottom"])
        page = client.get(f"/documents/{r['document_id']}").text
        link = f"/documents/{r['document_id']}/pages/{r['page']}?box=" + \
            "%.1f,%.1f,%.1f,%.1f" % box
        assert link in page
        assert 'id="cell-box"' in client.get(link).text
        annotated = tmp_path / f"{r['finding_id']}.pdf"
        annotated.write_bytes(client.get(f"/documents/{r['document_id']}/review.pdf").content)

        def read(c, pg, annot):
            rect = c.FS_RECTF()
            assert c.FPDFAnnot_GetRect(annot, rect)
            return (*_contents(c, pg, annot), (rect.left, rect.bottom, rect.right, rect.top))

        notes = annotation_values(annotated, read)
        pdf = pdfium.PdfDocument(str(r["source"]))
        want = to_pdf_rect(box, pdf[r["page"] - 1].get_cropbox(), pdf[r["page"] - 1].get_rotation())
        pdf.close()
        want = (want[0] - PAD, want[1] - PAD, want[2] + PAD, want[3] + PAD)
        assert any(n[0] == r["page"] and all(abs(a - b) < 0.01 for a, b in zip(n[3], want))
                   for n in notes), (want, notes)
        if shutil.which("pdftoppm"):  # the annotated file renders, its red box with it
            out = tmp_path / f"render{r['finding_id']}"
            subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", str(r["page"]), "-l",
                            str(r["page"]), str(annotated), str(out)], check=True, timeout=120)
            assert list(tmp_path.glob(f"render{r['finding_id']}*.png"))


def test_reason_boxes_on_a_real_disclosure_hold_their_sentences():
    """A corpus budget as published (Jiangsu procuratorate 2018: 21 reason sentences, many
    wrapped): every reason claim's box holds its sentence as PDFium reads the page (the part
    printed on the claim's page: a sentence may run on to the next)."""
    from budgetlens.pipeline import process

    from ..conftest import CORPUS

    pdf = CORPUS / "pdf" / "jiangsu_jcy_2018_yusuan.pdf"
    if not pdf.exists():
        pytest.skip("../shared corpus not available")
    reasons = [c for c in process(str(pdf)).disclosure.claims if c.kind == "reason"]
    assert len(reasons) > 5
    wrapped = 0
    for c in reasons:
        inside = _text_in(pdf, c.source.page, c.source.bbox)
        quote = SPACE.sub("", c.text)
        # whole, or its start to the page's end (the sentence runs on to the next page)
        assert quote in inside or any(inside.endswith(quote[:k]) for k in range(6, len(quote))), \
            (c.text, inside)
        wrapped += c.source.bbox[3] - c.source.bbox[1] > 20
    assert wrapped > 0
