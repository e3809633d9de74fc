"""The number guards of OCR text (read/pdf_ocr_guard.py) on recognised boxes and table columns
built as the recogniser returns them: a number that reads unclean, with little confidence,
wider than its digits or with other decimals than its column is marked doubtful (it stays
text); what reads as no number, or is glued to words, is left alone. The thresholds are
``scan`` settings (session 14), each moved here with a near miss."""

from __future__ import annotations

from budgetlens.model import Cell
from budgetlens.read.pdf_ocr_guard import DOUBT_MARK, OcrBox, box_chars, guard_boxes, guard_columns
from budgetlens.read.pdf_tables import PageTable
from budgetlens.read.settings import DEFAULT_READ


def _box(text: str, x0: float, top: float, score: float = 0.99) -> OcrBox:
    return OcrBox(text, score, (x0, top, x0 + 4.4 * len(text) + 2, top + 12))


def test_numbers_that_do_not_read_cleanly_stay_text():
    """A decimal comma, a letter for a digit, a full-width separator, a low confidence: none of
    them can become a number, whatever later parsing accepts; the last two are counted."""
    from budgetlens.extract.numbers import parse_number

    texts = ["967,73", "2O1", "181，184.15", "34.30"]
    boxes = [_box(t, 10, 20 * i, score=0.5 if t == "34.30" else 0.99)
             for i, t in enumerate(texts)] + [_box("71.97", 10, 80)]
    out, doubtful = guard_boxes(boxes)
    assert set(doubtful) == {"181，184.15", "34.30"}
    assert [parse_number(b.text) is None for b in out] == [True] * 4 + [False]
    assert [b.text for b in out[:2]] == ["967,73", "2O1"]


def test_numbers_glued_to_words_are_text():
    """``1.`` of a numbered heading and a low-confidence year inside a phrase are not judged."""
    heading = OcrBox("1．", 0.99, (10, 0, 16, 12))
    glued = _box("2018", 10, 20, score=0.3)._replace(alone=False)
    out, doubtful = guard_boxes([heading, glued])
    assert doubtful == () and [b.text for b in out] == ["1．", "2018"]


def test_a_box_wider_than_its_digits_lost_one():
    """``222.65`` read as ``22.65``: the box still spans six digits' width."""
    boxes = [_box(t, 10, 20 * i) for i, t in enumerate(["824.65", "556.73", "71.97", "34.30",
                                                        "2.66", "1.28", "36.82", "167.09"])]
    x0, top, x1, bottom = _box("222.65", 10, 200).bbox
    boxes.append(OcrBox("22.65", 0.99, (x0, top, x1, bottom)))
    out, doubtful = guard_boxes(boxes)
    assert doubtful == ("22.65",) and out[-1].text == "22.65" + DOUBT_MARK
    assert all(not b.text.endswith(DOUBT_MARK) for b in out[:-1])


def test_bare_integer_in_a_column_of_decimals_is_doubted():
    """A lost or moved decimal point (``3430`` for ``34.30``) is caught by its column; codes,
    zeros and a header year above the numbers are not."""
    texts = [("编码", "2024"), ("201", "824.65"), ("208", "71.97"), ("210", "3430"),
             ("221", "36.82"), ("229", "0"), ("230", "1,184.1")]
    cells = tuple(Cell(t, r, k) for r, row in enumerate(texts) for k, t in enumerate(row))
    table = PageTable(1, (), (), cells, len(texts), 2, (0.0, 0.0, 1.0, 1.0))
    checked, marked = guard_columns(table)
    assert marked == ("3430", "1,184.1")
    mark = DOUBT_MARK
    assert [c.text for c in checked.cells if c.col == 1] == \
        ["2024", "824.65", "71.97", "3430" + mark, "36.82", "0", "1,184.1" + mark]
    assert [c.text for c in checked.cells if c.col == 0] == \
        ["编码", "201", "208", "210", "221", "229", "230"]


def test_scan_scores_decide_which_numbers_are_doubtful():
    """``scan.min_number_score``: a number read at 0.85 is used by default and doubtful at
    0.9; ``scan.min_zero_score``: a lone 0 at 0.6 is used by default, doubtful at 0.7. The near
    miss: a number at 0.95 is used under both."""
    strict = DEFAULT_READ.override({"scan.min_number_score": "0.9",
                                    "scan.min_zero_score": "0.7"}).scan
    boxes = [_box("123.45", 10, 0, 0.85), _box("0", 10, 20, 0.6), _box("67.80", 10, 40, 0.95)]
    assert guard_boxes(boxes)[1] == ()
    out, doubtful = guard_boxes(boxes, strict)
    assert doubtful == ("123.45", "0") and out[0].text == "123.45" + DOUBT_MARK
    assert out[2].text == "67.80"


def test_scan_lost_digit_and_decimal_peers_are_settings():
    """``scan.lost_digit``: the box of ``22.65`` spanning six digits is doubted by default (0.6
    of a digit too wide), not when a whole digit and a half must be missing; the numbers of
    exact width are never doubted. ``scan.min_decimal_peers``: ``3430`` among three decimals is
    doubted by default, not when four peers are asked for."""
    boxes = [_box(t, 10, 20 * i) for i, t in enumerate(["824.65", "556.73", "71.97", "34.30",
                                                        "2.66", "1.28", "36.82", "167.09"])]
    boxes.append(OcrBox("22.65", 0.99, _box("222.65", 10, 200).bbox))
    assert guard_boxes(boxes)[1] == ("22.65",)
    lenient = DEFAULT_READ.override({"scan.lost_digit": "1.5"}).scan
    assert guard_boxes(boxes, lenient)[1] == ()
    texts = [("编码", "金额"), ("201", "824.65"), ("208", "71.97"), ("221", "36.82"),
             ("210", "3430")]
    cells = tuple(Cell(t, r, k) for r, row in enumerate(texts) for k, t in enumerate(row))
    table = PageTable(1, (), (), cells, len(texts), 2, (0.0, 0.0, 1.0, 1.0))
    assert guard_columns(table)[1] == ("3430",)
    four = DEFAULT_READ.override({"scan.min_decimal_peers": "4"}).scan
    assert guard_columns(table, four)[1] == ()


def test_box_chars_spread_a_box_without_placements_over_its_width():
    """A box the engine did not place glyph by glyph gets chars spread over its width, CJK
    twice as wide as digits; the near miss: a box with chars keeps them."""
    chars = box_chars(OcrBox("合计12", 0.99, (0.0, 0.0, 30.0, 10.0)))
    assert [c.text for c in chars] == ["合", "计", "1", "2"]
    widths = [c.x1 - c.x0 for c in chars]
    assert widths[0] > 1.5 * widths[2] and abs(chars[-1].x1 - 30.0) < 1e-6
    kept = OcrBox("7", 0.99, (0.0, 0.0, 5.0, 10.0), chars=(chars[2],))
    assert box_chars(kept) == [chars[2]]
