"""Which body column each header word of an unruled table heads (read/pdf_textcols.py), from
header words and body bands the test places as a report engine prints them: a label column's
header over its left-aligned labels, an amount column's header centred left of its right-aligned
figures (over no band: it heads the band to its right), a group heading above two leaves (not a
leaf: it heads nothing itself). Near misses: a header with both neighbours headed already heads a
column blank in the body; a lone cluster between two free bands heads the nearer."""

from __future__ import annotations

from budgetlens.model import Line, Word
from budgetlens.read.pdf_textcols import header_columns

#: the body's bands: labels, then two amount columns (right-aligned figures)
BANDS = [(10.0, 60.0), (150.0, 190.0), (250.0, 290.0)]
GAP = 2.0


def _line(number: int, *words: tuple[str, float, float]) -> Line:
    top = 10.0 * number
    ws = tuple(Word(t, x0, top, x1, top + 8.0) for t, x0, x1 in words)
    return Line(" ".join(w.text for w in ws), 1, number, (ws[0].x0, top, ws[-1].x1, top + 8.0), ws)


def test_a_centred_amount_header_heads_the_band_to_its_right():
    header = [_line(1, ("预算数", 150.0, 290.0)),  # a group heading over both amount columns
              _line(2, ("项目", 12.0, 30.0), ("本年预算", 100.0, 140.0), ("上年", 230.0, 260.0))]
    sides, extra = header_columns(BANDS, header, GAP)
    # 本年预算 heads band 1 from the gap before it: the boundary after band 0 keeps left of 100;
    # 上年 overlaps band 2 and starts left of it: the boundary after band 1 keeps left of 230
    assert sides == {0: (None, 100.0), 1: (None, 230.0)}
    assert extra == []


def test_a_header_with_both_neighbours_headed_is_a_column_blank_in_the_body():
    header = [_line(1, ("项目", 12.0, 30.0), ("本年", 160.0, 180.0), ("上年", 260.0, 280.0),
                    ("备注", 300.0, 320.0))]
    sides, extra = header_columns(BANDS, header, GAP)
    assert extra == [(300.0, 320.0)] and sides == {}


def test_a_lone_cluster_between_two_free_bands_heads_the_nearer():
    near_left = [_line(1, ("项目", 70.0, 90.0), ("上年", 260.0, 280.0))]
    sides, extra = header_columns(BANDS, near_left, GAP)
    assert sides == {0: (90.0, None)} and extra == []  # heads band 0: keep right of 90
    near_right = [_line(1, ("项目", 120.0, 140.0), ("上年", 260.0, 280.0))]
    sides, extra = header_columns(BANDS, near_right, GAP)
    assert sides == {0: (None, 120.0)} and extra == []  # heads band 1: keep left of 120
