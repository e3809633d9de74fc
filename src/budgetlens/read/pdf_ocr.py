"""Optional OCR for PDF pages without a text layer (scanned disclosures).

Why this shape: a scanned page must come out as the same records a digital page gives, so every
later step (tables from rulings or word positions, extraction, audit) works unchanged. Each
recognised text box becomes synthetic :class:`Char` records spread over the box in PDF points;
ruling lines are found in the page image (long runs of dark pixels) and handed to the same grid
rebuild as vector rulings, with the word-position fallback behind it. The engine is the optional
``rapidocr-onnxruntime`` (PP-OCR Chinese models shipped inside its wheel, so nothing is downloaded
at run time); without it the core is unchanged and the reader says how to enable OCR.

Numbers are read conservatively, because a wrong number is worse than a missing one: a box that
looks numeric but does not read as one clean number (``967,73``, ``2O1``) stays text, and a clean
number that the engine was unsure of, or that lacks the decimals every other number of its table
column shows (a lost decimal point: ``3430`` among ``34.30``), gets :data:`DOUBT_MARK` appended so
it no longer parses as a number and the reader counts it as doubtful.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from functools import lru_cache
from typing import NamedTuple, Optional, Sequence

from budgetlens.model import BBox, Cell, Line, Page
from budgetlens.read.pdf_grid import find_grids
from budgetlens.read.pdf_layout import is_cjk, to_lines
from budgetlens.read.pdf_objects import Char, page_frame
from budgetlens.read.pdf_tables import PageTable, cell_lines, grid_to_table, has_text
from budgetlens.read.pdf_textgrid import find_text_tables
from budgetlens.rules.ocr import fix_confusions

#: The engine's distribution name, as named in diagnostics and in ``pip install``.
ENGINE = "rapidocr-onnxruntime"
#: Environment switch: ``0``/``off``/``no``/``false`` turns OCR off when no option is given.
ENV_VAR = "BUDGETLENS_OCR"
#: Pages rendered at this resolution: small budget-table digits (7–9 pt) read cleanly at 200 dpi,
#: while at 150 dpi a blurred scan loses decimal points and repeated digits.
DPI = 200
#: A page image is never larger than this many pixels on its longer side (A3 and posters).
MAX_SIDE_PX = 3400
#: At most this many pages of one file are recognised (a few seconds each on a laptop CPU);
#: the rest are reported by a diagnostic and stay without text.
MAX_PAGES = 30
#: A number recognised with a lower confidence than this is marked doubtful.
MIN_NUMBER_SCORE = 0.80
#: Appended to a number that must not be used as one.
DOUBT_MARK = "?"
#: Dark-pixel runs at least this long (points) are ruling lines; glyph strokes are shorter.
MIN_RULE_H = 30.0
MIN_RULE_V = 10.0
#: Largest scan skew corrected, in degrees (0.1-degree steps).
MAX_SKEW = 2.0
#: A number box wider than its text by this share of a digit has lost a digit.
LOST_DIGIT = 0.6
#: A column must hold this many numbers showing decimals before a bare integer in it is doubted.
MIN_DECIMAL_PEERS = 3

_OFF = frozenset({"0", "off", "no", "false"})
# Looks like a number: digits with separators, signs, and the letters OCR confuses with digits.
_NUMERICISH = re.compile(r"^[-+(（]?[\dOoIl|SB.,，。．:：%]+[)）%]?$")
_CLEAN_NUMBER = re.compile(r"^[-+]?[(（]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?[)）]?%?$")


class OcrBox(NamedTuple):
    """One recognised text box: its text, the engine's confidence, its box in PDF points."""

    text: str
    score: float
    bbox: BBox


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


@lru_cache(maxsize=1)
def load_engine():
    """The OCR engine, built once per process; None when the optional extra is not installed
    (or its native libraries cannot load: that must not break the core reader)."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except Exception:  # noqa: BLE001 - ImportError, or OSError of a missing native library
        return None
    try:
        return RapidOCR(max_side_len=MAX_SIDE_PX, print_verbose=False)
    except Exception:  # noqa: BLE001 - a broken install is "not available", never a crash
        return None


def ocr_page(pdf, index: int, engine) -> OcrPage:
    """Render page ``index`` of an open PDFium document, recognise it, rebuild lines/tables."""
    import numpy as np

    number = index + 1
    page = pdf[index]
    try:
        frame = page_frame(page)
        scale = min(DPI / 72.0, MAX_SIDE_PX / max(frame.width, frame.height, 1.0))
        bitmap = page.render(scale=scale, grayscale=True)
        pixels = bitmap.to_numpy()
        gray = np.array(pixels[:, :, 0] if pixels.ndim == 3 else pixels, dtype=np.uint8)
        bitmap.close()
    finally:
        page.close()
    gray = deskew(gray)
    boxes = recognise(engine, gray, scale)
    boxes, doubtful = guard_boxes(boxes)
    chars = [c for b in boxes for c in box_chars(b)]
    lines = to_lines(chars, number)
    tables = [grid_to_table(g, chars, number) for g in find_grids(image_rulings(gray, scale))]
    tables = [t for t in tables if t.n_cols >= 2 and has_text(t)]
    tables += find_text_tables(lines, chars, number, [t.bbox for t in tables])
    tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    tables = [cell_lines(t, lines) for t in tables]
    checked = [guard_columns(t) for t in tables]
    doubtful += tuple(text for _, marked in checked for text in marked)
    info = Page(number, (), frame.width, frame.height, len(chars), 1)
    return OcrPage(info, lines, [t for t, _ in checked], doubtful)


def deskew(gray):
    """The page image turned so its printed rows are level.

    A scan a fraction of a degree askew moves a table's right end by a row height, so rulings
    break up and rows mix. The angle is the one (within ±:data:`MAX_SKEW` degrees) whose row
    profile of ink is sharpest, measured on a quarter-size copy; boxes are then read in the
    turned image, whose coordinates differ from the page's by at most a few points."""
    import numpy as np
    from PIL import Image

    image = Image.fromarray(gray)
    small = image.reduce(4)
    best, best_angle = -1.0, 0.0
    for step in range(-int(MAX_SKEW * 10), int(MAX_SKEW * 10) + 1):
        angle = step / 10
        ink = 255 - np.asarray(small.rotate(angle, resample=Image.BILINEAR, fillcolor=255),
                               dtype=np.float32)
        sharp = float(np.var(ink.sum(axis=1)))
        if sharp > best:
            best, best_angle = sharp, angle
    if best_angle == 0.0:
        return gray
    turned = image.rotate(best_angle, resample=Image.BICUBIC, fillcolor=255)
    return np.asarray(turned, dtype=np.uint8)


def recognise(engine, gray, scale: float) -> list[OcrBox]:
    """Text boxes of a grayscale page image, in PDF points (axis-aligned hull of each quad)."""
    import numpy as np

    result, _ = engine(np.dstack([gray, gray, gray]))
    out = []
    for quad, text, score in result or ():
        xs = [p[0] for p in quad]
        ys = [p[1] for p in quad]
        text = fix_confusions(str(text).strip())
        if text:
            out.append(OcrBox(text, float(score), (min(xs) / scale, min(ys) / scale,
                                                   max(xs) / scale, max(ys) / scale)))
    return out


def _weight(ch: str) -> float:
    """Printed width of a character relative to a CJK one (digits and Latin are half width)."""
    return 1.0 if is_cjk(ch) or ord(ch) > 0x2E80 else 0.55


def box_chars(box: OcrBox) -> list[Char]:
    """Spread a box's text over its width as chars, so words, lines and cells form as usual.

    The font size is taken from the box height (detection boxes are padded by about a fifth)."""
    x0, top, x1, bottom = box.bbox
    weights = [_weight(ch) for ch in box.text]
    unit = (x1 - x0) / (sum(weights) or 1.0)
    size = max((bottom - top) * 0.8, 1.0)
    out, x = [], x0
    for ch, w in zip(box.text, weights):
        step = w * unit
        out.append(Char(ch, x, top, x + step, bottom, size, ch.isspace()))
        x += step
    return [c for c in out if not c.text.isspace() or c.space]


def guard_boxes(boxes: Sequence[OcrBox]) -> tuple[list[OcrBox], tuple[str, ...]]:
    """Mark clean numbers the engine was unsure of, or whose box is wider than their digits
    (the recogniser merged a repeated digit: ``222.65`` read as ``22.65``); numeric-looking text
    that is not one clean number is left as it is (it will not parse) but counted as doubtful."""
    numeric = [i for i, b in enumerate(boxes) if _is_numericish(b.text)]
    wide = _too_wide([boxes[i] for i in numeric if _CLEAN_NUMBER.match(boxes[i].text)])
    out, doubtful = list(boxes), []
    for i in numeric:
        b = boxes[i]
        if not _CLEAN_NUMBER.match(b.text):
            doubtful.append(b.text)
        elif b.score < MIN_NUMBER_SCORE or b in wide:
            doubtful.append(b.text)
            out[i] = b._replace(text=b.text + DOUBT_MARK)
    return out, tuple(doubtful)


def _is_numericish(text: str) -> bool:
    return bool(_NUMERICISH.match(text)) and any(ch.isdigit() for ch in text)


def _units(text: str) -> float:
    """Printed width of a number in digit widths (separators are about half a digit)."""
    return sum(0.5 if ch in ".,%()-" else 1.0 for ch in text)


def _too_wide(boxes: Sequence[OcrBox]) -> set[OcrBox]:
    """Numbers whose box holds at least :data:`LOST_DIGIT` of a digit more than their text.

    Width over height is fitted as ``pad + units * advance`` over the page's numbers (a robust
    line through the per-length medians), so fonts of any size compare; needs a few lengths."""
    from statistics import median

    by_len: dict[float, list[float]] = {}
    for b in boxes:
        h = b.bbox[3] - b.bbox[1]
        if h > 0:
            by_len.setdefault(_units(b.text), []).append((b.bbox[2] - b.bbox[0]) / h)
    points = sorted((u, median(v)) for u, v in by_len.items() if len(v) >= 2)
    if len(points) < 2 or points[-1][0] == points[0][0]:
        return set()
    slopes = [(b2 - b1) / (u2 - u1) for i, (u1, b1) in enumerate(points)
              for u2, b2 in points[i + 1:]]
    advance = median(slopes)
    if advance <= 0:
        return set()
    pad = median(r - u * advance for u, r in points)
    out = set()
    for b in boxes:
        h = b.bbox[3] - b.bbox[1]
        if h > 0 and (b.bbox[2] - b.bbox[0]) / h - pad - _units(b.text) * advance > \
                LOST_DIGIT * advance:
            out.add(b)
    return out


def guard_columns(table: PageTable) -> tuple[PageTable, tuple[str, ...]]:
    """Mark bare non-zero integers in a column where at least :data:`MIN_DECIMAL_PEERS` numbers
    show decimals: OCR drops a decimal point far more often than a publisher prints one amount
    of a column differently. Code columns (all integers) and printed zeros are left alone."""
    by_col: dict[int, list[tuple[int, Cell, Optional[int]]]] = {}
    for i, c in enumerate(table.cells):
        m = _CLEAN_NUMBER.match(c.text)
        if m:
            by_col.setdefault(c.col, []).append((i, c, len(m.group(1) or "")))
    cells, marked = list(table.cells), []
    for entries in by_col.values():
        shown = Counter(d for _, _, d in entries if d)
        if not shown:
            continue
        peers = shown.most_common(1)[0][1]
        if peers < MIN_DECIMAL_PEERS:
            continue
        for i, c, d in entries:
            if d == 0 and c.text.strip("-+()（）%0") != "":
                cells[i] = c._replace(text=c.text + DOUBT_MARK)
                marked.append(c.text)
    return table._replace(cells=tuple(cells)), tuple(marked)


def image_rulings(gray, scale: float, dark: int = 170) -> list[dict]:
    """Ruling lines of a page image as edge dicts in PDF points (the shape pdf_paths gives).

    A row (column) of pixels with a dark run at least :data:`MIN_RULE_H` (:data:`MIN_RULE_V`)
    points long holds a ruling; glyph strokes are far shorter. Thick lines give several adjacent
    runs, which the grid rebuild snaps into one. The threshold is light and each row is read
    together with the next, one-pixel gaps bridged, because a scanned ruling is blurred, speckled
    and stepped by what skew is left."""
    ink = gray < dark
    edges = [_edge(a / scale, pos / scale, b / scale, "h")
             for pos, a, b in _runs(ink, MIN_RULE_H * scale)]
    edges += [_edge(a / scale, pos / scale, b / scale, "v")
              for pos, a, b in _runs(ink.T, MIN_RULE_V * scale)]
    return edges


def _runs(ink, min_len: float) -> list[tuple[int, int, int]]:
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
