"""read.pdf_layout.line_box: the PDF stages measure lines through it (issue #12: the model's
``Line.bbox`` is Optional, every line the PDF reader makes has one)."""

from __future__ import annotations

import pytest

from budgetlens.model import Line
from budgetlens.read.pdf_layout import line_box, to_lines
from budgetlens.read.pdf_objects import Char


def _chars(text: str, x: float, top: float) -> list[Char]:
    return [Char(ch, x + 10.0 * k, top, x + 10.0 * k + 9.0, top + 10.0, 10.0, False)
            for k, ch in enumerate(text)]


def test_every_line_the_reader_makes_has_its_box():
    lines = to_lines(_chars("项目支出", 50.0, 100.0) + _chars("合计", 50.0, 130.0), page=3)
    assert [ln.text for ln in lines] == ["项目支出", "合计"]
    assert [line_box(ln) for ln in lines] == [(50.0, 100.0, 89.0, 110.0),
                                              (50.0, 130.0, 69.0, 140.0)]


def test_a_line_without_a_box_is_named_as_the_bug():
    """Near miss: a text-format line (no position) handed to a PDF stage fails by name."""
    with pytest.raises(TypeError, match=r"PDF line 4 of page 2 has no box: '合计'"):
        line_box(Line("合计", 2, 4))
