"""Number guards for OCR text, and the glyph records recognised text becomes.

Why apart from :mod:`pdf_ocr`: what OCR may get wrong is the one thing a reader of its output must
trust us on. A wrong number is worse than a missing one, so a run of glyphs that would read as a
number is used only when nothing about it is suspicious. One printed with full-width digits or
separators (``181，184.15``), read with little confidence, wider than its digits (a repeated digit
merged by the recogniser: ``222.65`` read as ``22.65``), or whose decimals differ from the rest of
its table column (a lost decimal point: ``3430`` among ``34.30``) gets :data:`DOUBT_MARK` appended:
it stays visible as text, no longer parses as a number, and the reader counts it in an
``ocr-doubtful`` diagnostic. Runs that read as no number (``967,73``, ``2O1``) stay as they are:
they cannot become facts.
"""

from __future__ import annotations

from collections import Counter
from statistics import median
from typing import Callable, NamedTuple, Sequence

from budgetlens.model import BBox, Cell
from budgetlens.read.pdf_layout import is_cjk
from budgetlens.read.pdf_objects import Char
from budgetlens.read.pdf_tables import PageTable
from budgetlens.read.settings import DEFAULT_READ, ScanSettings
from budgetlens.rules.numbers import CLEAN_NUMBER

#: Appended to a number that must not be used as one.
DOUBT_MARK = "?"
# How little confidence, how much extra width and how few decimal peers make a number doubtful:
# :class:`~budgetlens.read.settings.ScanSettings` (``min_number_score``, ``min_zero_score``,
# ``lost_digit``, ``min_decimal_peers``), passed as ``scan``.
_SCAN: ScanSettings = DEFAULT_READ.scan

# Full-width digits and number punctuation, as extract/numbers.py folds them before parsing.
_FULLWIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                            "．": ".", "，": ",", "％": "%", "－": "-", "＋": "+", "−": "-",
                            "（": "(", "）": ")"})


def guard_boxes(boxes: Sequence[OcrBox], scan: ScanSettings = _SCAN
                ) -> tuple[list[OcrBox], tuple[str, ...]]:
    """Mark runs that would read as a number but are suspect: printed with full-width digits or
    separators (``181，184.15``: the engine hesitated over a printed ASCII glyph), read with
    little confidence, wider than their digits (the recogniser merged a repeated digit:
    ``222.65`` read as ``22.65``), or cut from a number by a gap (a glyph lost: ``2 2.65``).
    Runs that read as no number (``967,73``, ``2O1``, ``1．``) are text and left alone, and so
    are runs glued to words (``1.基本支出``)."""
    numbers = [i for i, b in enumerate(boxes)
               if (b.alone or b.broken) and CLEAN_NUMBER.match(_ascii(b.text))]
    wide = _too_wide([boxes[i] for i in numbers], scan.lost_digit)
    out, doubtful = list(boxes), []
    for i in numbers:
        b = boxes[i]
        if (b.broken or b.text.replace(" ", "") != _ascii(b.text) or b in wide
                or b.score < (scan.min_zero_score if b.text == "0" else scan.min_number_score)):
            doubtful.append(b.text)
            out[i] = _marked(b)
    return out, tuple(doubtful)


def _ascii(text: str) -> str:
    """The run as a number parser downstream reads it: full-width forms folded, spaces gone."""
    return text.translate(_FULLWIDTH).replace(" ", "")


def _marked(box: OcrBox) -> OcrBox:
    """The box with :data:`DOUBT_MARK` after its text, printed right after its last char so it
    falls in the same cell."""
    chars = box.chars or tuple(box_chars(box))
    last = chars[-1]
    mark = Char(DOUBT_MARK, last.x1, last.top, last.x1 + 0.1, last.bottom, last.size)
    return box._replace(text=box.text + DOUBT_MARK, chars=chars + (mark,))


def _units(text: str) -> float:
    """Printed width of a number in digit widths (separators are about half a digit)."""
    return sum(0.5 if ch in ".,%()-" else 1.0 for ch in _ascii(text))


def _too_wide(boxes: Sequence[OcrBox], lost: float) -> set[OcrBox]:
    """Numbers whose box holds at least ``lost`` of a digit more than their text.

    Box width is fitted as ``pad + units * advance`` over the page's numbers (a robust line
    through the per-length medians), once in points and once over the box height: a number is
    too wide only when it is by both, since detected heights are noisy and a larger font is
    wider in points but not over its height."""
    def width(b: OcrBox) -> float:
        return b.bbox[2] - b.bbox[0]

    sized = [b for b in boxes if b.bbox[3] > b.bbox[1]]
    by_points = _wider_than_fit(sized, width, lost)
    by_height = _wider_than_fit(sized, lambda b: width(b) / (b.bbox[3] - b.bbox[1]), lost)
    return by_points & by_height


def _wider_than_fit(boxes: Sequence[OcrBox], measure: Callable[[OcrBox], float], lost: float
                    ) -> set[OcrBox]:
    by_len: dict[float, list[float]] = {}
    for b in boxes:
        by_len.setdefault(_units(b.text), []).append(measure(b))
    points = sorted((u, median(v)) for u, v in by_len.items() if len(v) >= 2)
    if len(points) < 2:
        return set()
    slopes = [(b2 - b1) / (u2 - u1) for i, (u1, b1) in enumerate(points)
              for u2, b2 in points[i + 1:]]
    advance = median(slopes)
    if advance <= 0:
        return set()
    pad = median(r - u * advance for u, r in points)
    return {b for b in boxes
            if measure(b) - pad - _units(b.text) * advance > lost * advance}


def guard_columns(table: PageTable, scan: ScanSettings = _SCAN
                  ) -> tuple[PageTable, tuple[str, ...]]:
    """Mark numbers that show other decimals than the rest of their column, where at least
    ``scan.min_decimal_peers`` numbers agree: OCR drops or moves a decimal point (``3430`` for
    ``34.30``, ``181,184.1`` with its last digit pushed into the next cell) far more often than a
    publisher prints one amount of a column differently. Code columns (all integers), printed
    zeros and the header rows above the first decimal number are left alone."""
    by_col: dict[int, list[tuple[int, Cell, int]]] = {}
    for i, c in enumerate(table.cells):
        m = CLEAN_NUMBER.match(_ascii(c.text))
        if m:
            by_col.setdefault(c.col, []).append((i, c, len(m.group(1) or "")))
    first = min((c.row for entries in by_col.values() for _, c, d in entries if d), default=0)
    cells, marked = list(table.cells), []
    for entries in by_col.values():
        shown = Counter(d for _, _, d in entries if d)
        if not shown:
            continue
        decimals, peers = shown.most_common(1)[0]
        if peers < scan.min_decimal_peers:
            continue
        for i, c, d in entries:
            if d != decimals and c.row >= first and c.text.strip("-+()（）%0.,") != "":
                cells[i] = c._replace(text=c.text + DOUBT_MARK)
                marked.append(c.text)
    return table._replace(cells=tuple(cells)), tuple(marked)



class OcrBox(NamedTuple):
    """One recognised run of text: its text, the engine's confidence, its box in PDF points and,
    where the engine placed each glyph, its chars (else they are spread over the box)."""

    text: str
    score: float
    bbox: BBox
    chars: tuple[Char, ...] = ()
    alone: bool = True  # printed apart from the rest of its box (``1.`` of ``1.基本支出`` is not)
    broken: bool = False  # part of a number the recogniser left a gap in (``2 2.65``)


def _weight(ch: str) -> float:
    """Printed width of a character relative to a CJK one (digits and Latin are half width)."""
    return 1.0 if is_cjk(ch) or ord(ch) > 0x2E80 else 0.55


def box_chars(box: OcrBox) -> list[Char]:
    """The box's chars: as the engine placed them, else its text spread over its width, so
    words, lines and cells form as usual.

    The font size is taken from the box height (detection boxes are padded by about a fifth)."""
    if box.chars:
        return list(box.chars)
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
