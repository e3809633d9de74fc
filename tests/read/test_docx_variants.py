"""The DOCX reader on seed 004's real tables written the ways Word users write them.

Merged header cells (gridSpan/vMerge), header labels broken into several paragraphs of one
cell, the unit line as a merged first row, number formats (thousands separators, dashes for
zero, negative amounts), 科目编码 split into 类/款/项 columns, hidden (w:vanish) runs. The facts
must equal those of the same content read as tab-separated text.
"""

from __future__ import annotations

import pytest

pytest.importorskip("docx")

from . import variants as v  # noqa: E402
from .variants_office import Office, to_docx  # noqa: E402

CASES = {
    "merged-header": ((0, 1, 3, 6), Office()),
    "unmerged-header": ((0, 1, 6), Office(merged=False)),
    "header-paragraphs": ((0, 1, 3, 6), Office(header_lines=4)),
    "unit-in-grid": ((0, 1, 3), Office(unit_in_grid=True)),
    "hidden-runs": ((1, 2), Office(hidden_run="8,888.00")),
}

CONTENT = {
    "yuan-thousands": lambda t: v.in_yuan(t, True),
    "dash-for-zero": lambda t: v.blanks_as(t, "-"),
    "negative-parens": lambda t: v.negated(t, "parens"),
    "codes-columns": lambda t: v.split_codes(t, "columns"),
    "codes-spaced": lambda t: v.split_codes(t, "spaced"),
}

@pytest.fixture(scope="module")
def seed():
    return v.seed_tables()


@pytest.mark.parametrize("name", list(CASES))
def test_docx_layout_gives_the_source_facts(seed, name, tmp_path):
    picks, style = CASES[name]
    v.assert_same_facts([seed[i] for i in picks],
                        lambda tables: to_docx(tables, tmp_path / f"{name}.docx", style), tmp_path)


@pytest.mark.parametrize("name", list(CONTENT))
def test_docx_number_format_gives_the_source_facts(seed, name, tmp_path):
    v.assert_same_facts([CONTENT[name](seed[i]) for i in (0, 1, 2)],
                        lambda tables: to_docx(tables, tmp_path / f"{name}.docx"), tmp_path)
