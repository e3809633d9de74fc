"""The original PDF with a red box and a note at each finding's evidence, as a reviewer marks it.

Why PDFium (pypdfium2, already the reader's engine, Apache-2.0/BSD-3) and not a new dependency:
its annotation API creates a standard ``/Square`` annotation with a colour, a border and the note
as ``/Contents`` (shown as a pop-up by Acrobat, WPS, Okular, Evince, Chrome), which poppler
(``pdftoppm``) and PDFium both render; and it saves **incrementally**: the output is the original
file byte for byte followed by the annotations, so the original stays provably untouched (a
reviewer can still check its hash as a prefix) and what the department published is what is
marked. pypdf (BSD) could write the same dictionaries but would add a dependency for no gain.

Boxes: the evidence's ``bbox`` is in top-left page coordinates with the page's rotation and crop
box applied (read/pdf_frame.page_frame); :func:`to_pdf_rect` maps it back to PDF user space.
Evidence of several findings at one place (one cell cited by two checks) gets one annotation whose
note lists every finding: one box per place, as the ledger has one item per row. Evidence without
a page and box (a text input, a sentence the reader could not place) cannot be drawn and is
counted as such, never guessed. A place whose findings all stand on a reading in doubt (读取存疑)
is boxed in violet, not red, and its note says the reading is to be checked: a doubt about the
reading is not a defect of the document (docs/review.md).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, Optional, Sequence

from ..model import BBox, Diagnostic, Finding, Severity
from .labels import UNKNOWN_CAUSE, advice_text, doubted, finding_message, stated_expected, term

#: The stroke colour (RGBA) of every box and its width in points: ``BORDER`` where the place is
#: what the finding is about (a total, a stated figure, a sentence), ``THIN`` where it is only
#: supporting (the parts a total is summed from, the inputs of an implied figure), so that a
#: column of twenty parts does not drown the one broken total. The padding keeps the stroke off
#: the evidence's own glyphs.
RED = (220, 0, 0, 255)
#: 读取存疑 (a finding standing on a reading that fails its own checks, not a defect the document
#: is known to have): violet, so a reviewer never takes it for one of the red marks.
VIOLET = (128, 0, 200, 255)
BORDER = 1.5
THIN = 0.75
PAD = 1.5
#: Evidence roles that only support a finding (rules/glossary.csv, group evidence_role).
SUPPORTING = frozenset({"part", "input"})
AUTHOR = "budgetlens"


@dataclass(frozen=True)
class Mark:
    """One annotation to make: a page (1-based), a box (top-left coordinates) and its findings."""

    page: int
    bbox: BBox
    findings: tuple[Finding, ...]
    primary: bool = True

    @property
    def doubted(self) -> bool:
        """Every finding at this place stands on a reading in doubt (a place that also holds a
        finding of the document itself stays red)."""
        return all(doubted(f) for f in self.findings)

    @property
    def colour(self) -> tuple[int, int, int, int]:
        return VIOLET if self.doubted else RED


@dataclass(frozen=True)
class Annotated:
    """What :func:`annotate_pdf` did: annotations written, evidence that could not be drawn (no
    page/box, or a page the file does not have), and diagnostics (nothing written if an error)."""

    written: bool
    annotations: int = 0
    not_drawn: int = 0
    diagnostics: tuple[Diagnostic, ...] = ()


def _diag(code: str, zh: str, en: str) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, zh, en)


def plan_marks(findings: Sequence[Finding], file: Optional[str] = None) -> tuple[list[Mark], int]:
    """The boxes to draw (one per page and place) and the number of evidence not drawable. With
    ``file`` given, evidence citing another file (a cross-document finding) is left out."""
    marks: dict[tuple, list[Finding]] = {}
    boxes: dict[tuple, BBox] = {}
    primary: set[tuple] = set()
    not_drawn = 0
    for f in findings:
        for e in f.evidence:
            s = e.source
            if file is not None and s.file and s.file != file:
                continue
            if not s.page or s.bbox is None:
                not_drawn += 1
                continue
            key = (s.page,) + tuple(round(v, 1) for v in s.bbox)
            boxes.setdefault(key, s.bbox)
            if not supporting(e.role):
                primary.add(key)
            bucket = marks.setdefault(key, [])
            if f not in bucket:
                bucket.append(f)
    ordered = sorted(marks, key=lambda k: (k[0], k[2], k[1]))
    return [Mark(k[0], boxes[k], tuple(marks[k]), k in primary) for k in ordered], not_drawn


def supporting(role: str) -> bool:
    """A part of a sum or an input of an implied figure (``part``, ``input``, ``stated-input``,
    ``part (derived …)``): evidence that supports a finding rather than being its subject."""
    base = role.split(" (", 1)[0]
    return base in SUPPORTING or base.endswith("-input")


def to_pdf_rect(bbox: BBox, cropbox: tuple[float, float, float, float],
                rotation: int) -> tuple[float, float, float, float]:
    """A top-left box (x0, top, x1, bottom) as a PDF rectangle (left, bottom, right, top): the
    inverse of read/pdf_frame.page_frame for each page rotation."""
    x0, top, x1, bottom = bbox
    cl, cb, cr, ct = cropbox
    rot = rotation % 360
    if rot == 90:
        return (top + cl, x0 + cb, bottom + cl, x1 + cb)
    if rot == 180:
        return (cr - x1, top + cb, cr - x0, bottom + cb)
    if rot == 270:
        return (cr - bottom, ct - x1, cr - top, ct - x0)
    return (x0 + cl, ct - bottom, x1 + cl, ct - top)


def note_text(mark: Mark, lang: str = "zh", others: Mapping[int, str] = MappingProxyType({})) -> str:
    """The pop-up note: per finding its severity, rule, message, stated/expected, and advice;
    for a cross-document finding (``others``: its line naming the other document, by the
    finding's ``id``) that line after the message."""
    blocks = []
    for f in mark.findings:
        values = " · ".join(f"{label}: {value}" for label, value in stated_expected(f, lang))
        label = f"{term(lang, 'unverified_reading')} · {f.cause or UNKNOWN_CAUSE}" if doubted(f) \
            else term(lang, f.severity)
        advice = ("Advice: " if lang == "en" else "整改建议：") + advice_text(f, lang)
        head = f"[{label}] {f.rule}"
        lines = [head, finding_message(f, lang), others.get(id(f), ""), values, advice]
        blocks.append("\n".join(x for x in lines if x))
    return "\n\n".join(blocks)


def _wide(text: str) -> tuple[ctypes.Array[ctypes.c_char], Any]:
    """A NUL-terminated UTF-16LE buffer, as PDFium's FPDF_WIDESTRING wants (kept alive by the
    caller for the duration of the call), and the pointer to pass (pypdfium2.raw is untyped)."""
    import pypdfium2.raw as pdfium_c

    # a NUL would end the note early; a lone surrogate (a bad decode upstream) cannot be encoded
    data = (text.replace("\0", "\ufffd") + "\0").encode("utf-16-le", errors="replace")
    buf = ctypes.create_string_buffer(data, len(data))
    return buf, ctypes.cast(buf, pdfium_c.FPDF_WIDESTRING)


def _add_square(page: Any, rect: tuple[float, float, float, float], note: str, subject: str,  # page: FPDF_PAGE
                width: float = BORDER, colour: tuple[int, int, int, int] = RED) -> bool:
    import pypdfium2.raw as pdfium_c

    annot = pdfium_c.FPDFPage_CreateAnnot(page, pdfium_c.FPDF_ANNOT_SQUARE)
    if not annot:
        return False
    try:
        left, bottom, right, top = rect
        ok = pdfium_c.FPDFAnnot_SetRect(annot, pdfium_c.FS_RECTF(left - PAD, top + PAD,
                                                                 right + PAD, bottom - PAD))
        ok = ok and pdfium_c.FPDFAnnot_SetColor(annot, pdfium_c.FPDFANNOT_COLORTYPE_Color, *colour)
        ok = ok and pdfium_c.FPDFAnnot_SetBorder(annot, 0, 0, width)
        for key, value in ((b"Contents", note), (b"T", AUTHOR), (b"Subj", subject)):
            _keep, wide = _wide(value)
            ok = ok and pdfium_c.FPDFAnnot_SetStringValue(annot, key, wide)
        return bool(ok)
    finally:
        pdfium_c.FPDFPage_CloseAnnot(annot)


def is_pdf(content: bytes) -> bool:
    """A PDF header in the first KiB (as readers accept it after leading junk)."""
    return b"%PDF-" in content[:1024]


def annotate_pdf(source: Path | str | bytes, findings: Sequence[Finding], out: Path | str,
                 lang: str = "zh", file: Optional[str] = None,
                 cross: Sequence[tuple[Finding, str]] = ()) -> Annotated:
    """Write ``out``: the PDF ``source`` (a path or its bytes) with a red box and a note at each
    finding's evidence. Bad input (not a PDF, unreadable, encrypted) returns a diagnostic and
    writes nothing; it never raises. ``file`` limits the evidence to that file's (see
    :func:`plan_marks`). ``cross``: cross-document findings holding this document's evidence
    only, each with the note line naming the other document (report/cross_ledger.py); boxed
    like the document's own, a place shared with one of them gets one note listing both."""
    content = Path(source).read_bytes() if not isinstance(source, bytes) else source
    if not is_pdf(content):
        name = "" if isinstance(source, bytes) else f"{Path(source).name}: "
        return Annotated(False, diagnostics=(_diag(
            "annotate-not-pdf", f"{name}只有PDF文件可以标注（--annotate），此文件不是PDF",
            f"{name}only a PDF can be annotated (--annotate); this file is not a PDF"),))
    others = {id(f): line for f, line in cross}
    marks, not_drawn = plan_marks([*findings, *(f for f, _ in cross)], file)
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(content)
    except pdfium.PdfiumError as exc:
        return Annotated(False, diagnostics=(_diag(
            "annotate-unreadable", f"PDF无法打开，未能标注：{exc}",
            f"the PDF could not be opened, nothing annotated: {exc}"),))
    try:
        made = 0
        for mark in marks:
            if not 1 <= mark.page <= len(pdf):
                not_drawn += 1
                continue
            page = pdf[mark.page - 1]
            rect = to_pdf_rect(mark.bbox, page.get_cropbox(), page.get_rotation())
            subject = ", ".join(dict.fromkeys(f.rule for f in mark.findings))
            made += _add_square(page, rect, note_text(mark, lang, others), subject,
                                BORDER if mark.primary else THIN, mark.colour)
            page.close()
        pdf.save(str(out), flags=pdfium_c.FPDF_INCREMENTAL)
    finally:
        pdf.close()
    return Annotated(True, made, not_drawn)


def annotation_count(path: Path | str) -> list[int]:
    """The number of annotations on each page of a PDF (for tests and for checking an output)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(str(path))
    try:
        return [pdfium_c.FPDFPage_GetAnnotCount(pdf[i]) for i in range(len(pdf))]
    finally:
        pdf.close()


__all__ = ["Annotated", "Mark", "annotate_pdf", "annotation_count", "is_pdf", "note_text", "plan_marks",
           "supporting",
           "to_pdf_rect"]
