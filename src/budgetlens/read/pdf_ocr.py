"""Optional OCR for PDF pages without a text layer (scanned disclosures).

Why this shape: a scanned page must come out as the same records a digital page gives, so every
later step (tables from rulings or word positions, extraction, audit) works unchanged. Pages
are rendered at ``ocr_dpi`` (:mod:`.settings`) and deskewed; each recognised glyph becomes a synthetic :class:`Char`
in PDF points where the engine placed it (or spread over its text box); ruling lines are found
in the page image (long runs of dark pixels) and handed to the same grid rebuild as vector
rulings, with the word-position fallback behind it. The engine is the optional
``rapidocr-onnxruntime`` (PP-OCR Chinese models shipped inside its wheel, so nothing is downloaded
at run time); without it the core is unchanged and the reader says how to enable OCR.

Numbers are read conservatively: see :mod:`pdf_ocr_guard`.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple, Optional, Protocol, Sequence

from budgetlens.model import Line, Page
from budgetlens.read.pdf_grid import find_grids
from budgetlens.read.pdf_layout import to_lines
from budgetlens.read.pdf_frame import page_frame
from budgetlens.read.pdf_objects import Char
from budgetlens.read.pdf_ocr_guard import OcrBox, box_chars, guard_boxes, guard_columns
from budgetlens.read.pdf_tables import PageTable, cell_lines, grid_to_table, has_text
from budgetlens.read.pdf_textgrid import find_text_tables
from budgetlens.read.pdfium_types import PdfiumDocument
from budgetlens.read.settings import DEFAULT_READ, ReadSettings, ScanSettings
from budgetlens.rules.ocr import fix_confusions

if TYPE_CHECKING:  # numpy comes with the OCR extra and is imported where a page is recognised
    import numpy as np
    from numpy.typing import NDArray

    Gray = NDArray[np.uint8]  # a grayscale page image, one byte per pixel
    Mask = NDArray[np.bool_]  # the dark pixels of one
    Gray3 = NDArray[np.uint8]  # the same image as three equal channels (what the engine takes)

#: The engine's distribution name, as named in diagnostics and in ``pip install``.
ENGINE = "rapidocr-onnxruntime"
#: Environment switch: ``0``/``off``/``no``/``false`` turns OCR off when no option is given.
ENV_VAR = "BUDGETLENS_OCR"
# The resolution, the largest image side and the page limit are
# :class:`~budgetlens.read.settings.ScanSettings` (``ocr_dpi``, ``ocr_max_side_px``,
# ``ocr_max_pages``), passed in with the reader's settings.
# So are the image's ruling lengths (``rule_h``, ``rule_v``), the skew corrected (``max_skew``)
# and the gaps that part numbers in one recognised box (``number_gap``, ``broken_gap``).
_SCAN: ScanSettings = DEFAULT_READ.scan

_OFF = frozenset({"0", "off", "no", "false"})


#: One detection as the engine answers it: ``[quad, text, score]``, then with
#: ``return_word_box`` the glyphs' ``[quads], [texts], [scores]``; RapidOCR ships no types, and
#: :func:`recognise` and :func:`_pieces` read it by position, converting each value they take.
OcrItem = Sequence[Any]
#: A glyph (or Latin word) the engine placed: (text, x0, x1, score), in PDF points
Piece = tuple[str, float, float, float]


class OcrEngine(Protocol):
    """What the reader calls of RapidOCR's engine: ``engine(image, return_word_box=True)`` →
    (detections or None, timings)."""

    def __call__(self, image: Gray3, *, return_word_box: bool = False
                 ) -> tuple[Optional[Sequence[OcrItem]], Any]: ...


class OcrPage(NamedTuple):
    """One recognised page as the PDF reader's parts, and the numbers marked doubtful."""

    info: Page
    lines: list[Line]
    tables: list[PageTable]
    doubtful: tuple[str, ...]


def ocr_wanted(option: Optional[bool]) -> bool:
    """The caller's choice, else the environment's (:data:`ENV_VAR`), else on."""
    if option is not None:
        return option
    return os.environ.get(ENV_VAR, "").strip().lower() not in _OFF


@lru_cache(maxsize=2)
def load_engine(max_side_px: int = DEFAULT_READ.scan.ocr_max_side_px) -> Optional[OcrEngine]:
    """The OCR engine, built once per process; None when the optional extra is not installed
    (or its native libraries cannot load: that must not break the core reader)."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except Exception:  # noqa: BLE001 - ImportError, or OSError of a missing native library
        return None
    try:
        return RapidOCR(max_side_len=max_side_px, print_verbose=False)
    except Exception:  # noqa: BLE001 - a broken install is "not available", never a crash
        return None


def ocr_page(pdf: PdfiumDocument, index: int, engine: OcrEngine,
             settings: ReadSettings = DEFAULT_READ) -> OcrPage:
    """Render page ``index`` of an open PDFium document, recognise it, rebuild lines/tables
    (with the reader's ``settings``, as a digital page)."""
    import numpy as np

    number = index + 1
    page = pdf[index]
    try:
        frame = page_frame(page)
        scan = settings.scan
        scale = min(scan.ocr_dpi / 72.0, scan.ocr_max_side_px / max(frame.width, frame.height, 1.0))
        bitmap = page.render(scale=scale, grayscale=True)
        pixels = bitmap.to_numpy()
        gray = np.array(pixels[:, :, 0] if pixels.ndim == 3 else pixels, dtype=np.uint8)
        bitmap.close()
    finally:
        page.close()
    gray = deskew(gray, scan.max_skew)
    boxes = recognise(engine, gray, scale, scan)
    boxes, doubtful = guard_boxes(boxes, scan)
    chars = [c for b in boxes for c in box_chars(b)]
    lines = to_lines(chars, number, False, settings.layout)
    tables = [grid_to_table(g, chars, number, settings.layout)
              for g in find_grids(image_rulings(gray, scale, scan=scan), settings.grid)]
    tables = [t for t in tables if t.n_cols >= 2 and has_text(t)]
    tables += find_text_tables(lines, chars, number, [t.bbox for t in tables],
                               settings.text_tables)
    tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    tables = [cell_lines(t, lines) for t in tables]
    checked = [guard_columns(t, scan) for t in tables]
    doubtful += tuple(text for _, marked in checked for text in marked)
    info = Page(number, (), frame.width, frame.height, len(chars), 1)
    return OcrPage(info, lines, [t for t, _ in checked], doubtful)


def deskew(gray: Gray, max_skew: float = _SCAN.max_skew) -> Gray:
    """The page image turned so its printed rows are level.

    A scan a fraction of a degree askew moves a table's right end by a row height, so rulings
    break up and rows mix. The angle is the one (within ±``max_skew`` degrees) whose row
    profile of ink is sharpest, measured on a quarter-size copy; boxes are then read in the
    turned image, whose coordinates differ from the page's by at most a few points."""
    import numpy as np
    from PIL import Image

    image = Image.fromarray(gray)
    small = image.reduce(4)
    best, best_angle = -1.0, 0.0
    for step in range(-int(max_skew * 10), int(max_skew * 10) + 1):
        angle = step / 10
        turned_small = small.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
        ink = 255 - np.asarray(turned_small, dtype=np.float32)
        sharp = float(np.var(ink.sum(axis=1)))
        if sharp > best:
            best, best_angle = sharp, angle
    if best_angle == 0.0:
        return gray
    turned = image.rotate(best_angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return np.asarray(turned, dtype=np.uint8)


def recognise(engine: OcrEngine, gray: Gray, scale: float, scan: ScanSettings = _SCAN
              ) -> list[OcrBox]:
    """Runs of text of a grayscale page image, in PDF points.

    The engine places every glyph (``return_word_box``), so a detection box that spans two
    cells (``181,184.15（一）一般公共服务支出``) still puts each glyph in its own cell. Each box
    is cut into runs of number glyphs and runs of other text, so numbers are judged on their own
    (:func:`guard_boxes`) and known misreadings of words are fixed
    (``rules/ocr_confusions.csv``)."""
    import numpy as np

    result, _ = engine(np.dstack([gray, gray, gray]), return_word_box=True)
    out: list[OcrBox] = []
    for item in result or ():
        quad, text, score = item[0], str(item[1]).strip(), float(item[2])
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        box = OcrBox(text, score, (min(xs) / scale, min(ys) / scale, max(xs) / scale,
                                   max(ys) / scale))
        if text:
            out += split_runs(box, _pieces(item, box, scale), scan)
    return out


def _pieces(item: OcrItem, box: OcrBox, scale: float) -> list[Piece]:
    """(text, x0, x1, score) of each glyph (or Latin word) the engine placed; [] when its
    placements do not spell the box's text."""
    if len(item) < 6 or not item[4] or not len(item[3]) == len(item[4]) == len(item[5]):
        return []
    pieces: list[Piece] = []
    for quad, text, score in zip(item[3], item[4], item[5]):
        xs = [p[0] for p in quad]
        pieces.append((str(text), min(xs) / scale, max(xs) / scale, float(score)))
    if "".join(p[0] for p in pieces) != box.text.replace(" ", ""):
        return []
    return pieces


_NUMBER_GLYPHS = frozenset("0123456789.,，．%")


def split_runs(box: OcrBox, pieces: Sequence[Piece], scan: ScanSettings = _SCAN
               ) -> list[OcrBox]:
    """The box cut into runs: number glyphs apart from other text, and numbers apart from each
    other where a gap wider than ``scan.number_gap`` heights separates them. A run is ``alone``
    when such a gap (or the box's end) lies on both its sides."""
    if not pieces:
        return [_fixed(box._replace(chars=tuple(box_chars(box))))]
    height = box.bbox[3] - box.bbox[1]
    runs: list[list] = []
    for piece in pieces:
        kind = all(ch in _NUMBER_GLYPHS for ch in piece[0])
        if runs and runs[-1][0] == kind and not (
                kind and piece[1] - runs[-1][1][-1][2] > scan.number_gap * height):
            runs[-1][1].append(piece)
        else:
            runs.append([kind, [piece]])
    out = []
    top, bottom = box.bbox[1], box.bbox[3]
    gap = scan.number_gap * height
    for k, (kind, run) in enumerate(runs):
        chars: list[Char] = []
        for text, x0, x1, _ in run:
            chars += box_chars(OcrBox(text, box.score, (x0, top, x1, bottom)))
        before = run[0][1] - runs[k - 1][1][-1][2] if k else None
        after = runs[k + 1][1][0][1] - run[-1][2] if k < len(runs) - 1 else None
        alone = (before is None or before > gap) and (after is None or after > gap)
        # Digits apart by less than a column gap: the recogniser dropped a glyph between them.
        broken = kind and any(
            g is not None and runs[j][0] and g < scan.broken_gap * height
            for g, j in ((before, k - 1), (after, k + 1)))
        # A box that is one run keeps the detected width (glyph placements are estimates).
        bbox = box.bbox if len(runs) == 1 else (run[0][1], top, run[-1][2], bottom)
        out.append(_fixed(OcrBox("".join(p[0] for p in run), sum(p[3] for p in run) / len(run),
                                 bbox, tuple(chars), alone, broken)))
    return out


def _fixed(box: OcrBox) -> OcrBox:
    """Known misreadings fixed; chars keep their places when the fix keeps the length."""
    text = fix_confusions(box.text)
    if text == box.text:
        return box
    if len(text) == len(box.chars):
        return box._replace(text=text, chars=tuple(c._replace(text=t)
                                                   for c, t in zip(box.chars, text)))
    return box._replace(text=text, chars=tuple(box_chars(box._replace(text=text, chars=()))))


def image_rulings(gray: Gray, scale: float, dark: int = 170, scan: ScanSettings = _SCAN
                  ) -> list[dict]:
    """Ruling lines of a page image as edge dicts in PDF points (the shape pdf_paths gives).

    A row (column) of pixels with a dark run at least ``scan.rule_h`` (``scan.rule_v``)
    points long holds a ruling; glyph strokes are far shorter. Thick lines give several adjacent
    runs, which the grid rebuild snaps into one. The threshold is light and each row is read
    together with the next, one-pixel gaps bridged, because a scanned ruling is blurred, speckled
    and stepped by what skew is left."""
    ink = gray < dark
    edges = [_edge(a / scale, pos / scale, b / scale, "h")
             for pos, a, b in _runs(ink, scan.rule_h * scale)]
    edges += [_edge(a / scale, pos / scale, b / scale, "v")
              for pos, a, b in _runs(ink.T, scan.rule_v * scale)]
    return edges


def _runs(ink: Mask, min_len: float) -> list[tuple[int, int, int]]:
    """(row, start, end) of every horizontal run of True at least ``min_len`` long."""
    import numpy as np

    ink = ink[:-1] | ink[1:]
    ink[:, 1:-1] |= ink[:, :-2] & ink[:, 2:]
    padded = np.pad(ink, ((0, 0), (1, 1))).astype(np.int8)
    rows, cols = np.nonzero(np.diff(padded, axis=1))
    starts, ends = cols[0::2], cols[1::2]
    keep = (ends - starts) >= min_len
    return list(zip(rows[0::2][keep].tolist(), starts[keep].tolist(), ends[keep].tolist()))


def _edge(a: float, pos: float, b: float, orientation: str) -> dict:
    if orientation == "h":
        return {"x0": a, "x1": b, "top": pos, "bottom": pos, "width": b - a, "height": 0.0,
                "orientation": "h", "object_type": "image"}
    return {"x0": pos, "x1": pos, "top": a, "bottom": b, "width": 0.0, "height": b - a,
            "orientation": "v", "object_type": "image"}
