"""The human report formats (text, Markdown, HTML) on real audits: each finding shows its rule,
its stated and expected values where it has them, and its evidence; nothing prints "None"."""

from __future__ import annotations

import re

import pytest

from budgetlens.pipeline import process
from budgetlens.report import html, markdown, text

from ..conftest import seed_path

RENDERERS = {"text": text.render_audit, "md": markdown.render_audit, "html": html.render_audit}

RESIDUE = """上海市普陀区XX局2025年部门预算
第一部分 部门概况
一、部门主要职能
XX是…。主要职能包括：1.
二、收支预算总体情况说明
2025年收入预算合计100.00万元，支出预算合计100.00万元。
一般公共预算财政拨款支出预算表
"""


@pytest.fixture(scope="module")
def seed_002():
    result = process(str(seed_path("002")))
    assert result.audit is not None and result.audit.findings
    return result


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_error_shows_rule_stated_expected_and_evidence(seed_002, fmt, lang):
    out = RENDERERS[fmt]([seed_002], lang)
    errors = [f for f in seed_002.audit.findings if f.severity == "error"]
    assert errors
    for f in errors:
        assert f.rule in out
        assert f.stated in out and f.expected in out
        assert f.evidence[0].source.text.strip()[:20] in out.replace("\n", " ") or fmt == "html"


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_a_finding_without_expected_value_does_not_print_none(tmp_path, fmt):
    path = tmp_path / "residue.txt"
    path.write_text(RESIDUE, encoding="utf-8")
    result = process(str(path))
    residues = [f for f in result.audit.findings if f.rule == "form-template-residue"]
    assert residues and all(f.expected is None for f in residues)
    out = RENDERERS[fmt]([result], "zh")
    plain = re.sub(r"<[^>]+>", "", out)
    assert "XX" in plain
    assert not re.search(r"应为\W{0,8}None", plain)


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
