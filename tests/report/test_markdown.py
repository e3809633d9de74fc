"""The Markdown audit report (report/markdown.py) on real audits: each error shows its rule,
stated and expected values and its evidence's quote; a finding without an expected value prints
no "None"."""

from __future__ import annotations

import pytest

from budgetlens.report.markdown import render_audit

from .formats import errors_show_rule_stated_expected_and_evidence, no_expected_value_prints_no_none
from .formats import seed_002_audited


@pytest.fixture(scope="module")
def seed_002():
    return seed_002_audited()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_error_shows_rule_stated_expected_and_evidence(seed_002, lang):
    errors_show_rule_stated_expected_and_evidence(seed_002, render_audit, lang)


def test_a_finding_without_expected_value_does_not_print_none(tmp_path):
    no_expected_value_prints_no_none(tmp_path, render_audit)


def test_a_pipe_or_a_line_break_in_document_text_stays_inside_its_cell():
    from budgetlens.report.markdown import _cell
    assert _cell(" 收入|支出\n合计 ") == "收入\\|支出 合计"
    assert _cell("基本支出") == "基本支出"  # near miss: nothing to escape
