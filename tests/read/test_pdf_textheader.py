"""Which columns a header word of an unruled table heads (read/pdf_textheader.py), from where it
sits over column edges the test places: centred on its own column or aligned with the figures
below, it heads that column; centred over a run of columns, the run (within ``centre_tol`` of
the line height or ``group_tol`` of the run's width: settings since session 14); otherwise the
columns it covers. Whole tables are tested in test_pdf_textgroups.py and test_pdf_textgrid.py."""

from __future__ import annotations

from budgetlens.model import Line, Word
from budgetlens.read.pdf_objects import Char
from budgetlens.read.pdf_textheader import centre_tolerance, merge_ranges, stacked, word_span
from budgetlens.read.settings import DEFAULT_READ

EDGES = [0.0, 100.0, 200.0, 300.0]
#: the figures' extents under each column
EXTENTS = [(10.0, 90.0), (120.0, 190.0), (220.0, 290.0)]
TOL = centre_tolerance(Line("本年预算", 1, 1, (0.0, 0.0, 40.0, 8.0)))


def test_a_word_heads_its_own_column_or_the_run_it_is_centred_over():
    assert TOL == DEFAULT_READ.text_tables.centre_tol * 8.0
    assert word_span(Word("合计", 40.0, 0.0, 60.0, 8.0), EDGES, TOL, EXTENTS) == (0, 0)
    assert word_span(Word("本年预算", 160.0, 0.0, 240.0, 8.0), EDGES, TOL, EXTENTS) == (1, 2)
    # aligned with the right end of the figures under it: its own column though off-centre
    assert word_span(Word("决算数", 160.0, 0.0, 190.5, 8.0), EDGES, TOL, EXTENTS) == (1, 1)


def test_the_group_tolerance_decides_a_word_off_the_runs_centre():
    """A word centred 20 pt off the centre of columns 1–2 (a tenth of the run's width) heads
    only the column it is printed in by default (0.08 of the width); under ``group_tol`` 0.2
    it heads the run. The near miss: a word centred on the run heads it either way."""
    off = Word("预算数", 160.0, 0.0, 200.0, 8.0)
    assert word_span(off, EDGES, TOL, EXTENTS) == (1, 1)
    loose = DEFAULT_READ.override({"text_tables.group_tol": "0.2"}).text_tables.group_tol
    assert word_span(off, EDGES, TOL, EXTENTS, loose) == (1, 2)
    centred = Word("本年预算", 170.0, 0.0, 230.0, 8.0)
    assert word_span(centred, EDGES, TOL, EXTENTS) == word_span(centred, EDGES, TOL, EXTENTS,
                                                                loose) == (1, 2)


def test_spans_merge_into_the_cells_of_a_row():
    assert merge_ranges([(1, 2)], 4) == [(0, 0), (1, 2), (3, 3)]
    assert merge_ranges([(0, 1), (1, 2)], 4) == [(0, 2), (3, 3)]
    assert merge_ranges([], 2) == [(0, 0), (1, 1)]


def test_a_wrapped_label_is_stacked_line_by_line():
    """日常公用 over 经费 (two printed lines of one cell) read top to bottom whatever order the
    chars come in; the near miss: one printed line is its chars' text."""
    lines = [Line("日常公用", 1, 1, (0.0, 0.0, 40.0, 8.0)), Line("经费", 1, 2, (0.0, 10.0, 20.0, 18.0))]
    chars = [Char(t, 10.0 * k, 10.0, 10.0 * k + 9.0, 18.0, 8.0) for k, t in enumerate("经费")]
    chars += [Char(t, 10.0 * k, 0.0, 10.0 * k + 9.0, 8.0, 8.0) for k, t in enumerate("日常公用")]
    assert stacked(chars, lines) == "日常公用经费"
    assert stacked(chars[2:], lines[:1]) == "日常公用"
    assert stacked([], lines) == ""
