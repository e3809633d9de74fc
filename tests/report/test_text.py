"""The plain-text reports (report/text.py) on real audits: each error shows its rule, stated and
expected values and its evidence's quote; a finding without an expected value prints no "None";
the extract listing speaks the report's language."""

from __future__ import annotations

import pytest

from budgetlens.pipeline import process
from budgetlens.report import text

from ..conftest import seed_path
from .formats import errors_show_rule_stated_expected_and_evidence, no_expected_value_prints_no_none
from .formats import seed_002_audited


@pytest.fixture(scope="module")
def seed_002():
    return seed_002_audited()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_error_shows_rule_stated_expected_and_evidence(seed_002, lang):
    errors_show_rule_stated_expected_and_evidence(seed_002, text.render_audit, lang)


def test_a_finding_without_expected_value_does_not_print_none(tmp_path):
    no_expected_value_prints_no_none(tmp_path, text.render_audit)


@pytest.mark.parametrize("lang, header, role", [("zh", "金额单位", "一般公共预算“三公”经费支出表"),
                                                ("en", "Money unit", "budget")])
def test_extract_table_speaks_the_report_language(lang, header, role):
    """Seed 004's tables listed with headers, role names and basis names in the chosen language
    (no English column names or raw role keys in the Chinese listing)."""
    result = process(str(seed_path("004")), audit=False)
    out = text.render_extract([result], lang)
    assert header in out and role in out
    if lang == "zh":
        assert "unit" not in out.split("\n", 3)[2] and "budget_three_public" not in out
        assert "本年数" in out
