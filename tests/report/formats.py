"""What every human report format (text, Markdown, HTML) must show, checked by each format's own
test module (test_text.py, test_markdown.py, test_html.py) on the same real audits."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Sequence

from budgetlens.model import Result
from budgetlens.pipeline import process

from ..conftest import seed_path

Render = Callable[[Sequence[Result], str], str]

#: a template's left-over placeholders (XX): a form-template-residue finding with no expected value
RESIDUE = """上海市普陀区XX局2025年部门预算
第一部分 部门概况
一、部门主要职能
XX是…。主要职能包括：1.
二、收支预算总体情况说明
2025年收入预算合计100.00万元，支出预算合计100.00万元。
一般公共预算财政拨款支出预算表
"""


def seed_002_audited() -> Result:
    result = process(str(seed_path("002")))
    assert result.audit is not None and result.audit.findings
    return result


def errors_show_rule_stated_expected_and_evidence(result: Result, render: Render, lang: str,
                                                  quotes: bool = True) -> None:
    """Each error of ``result`` prints its rule, stated and expected value (and, where the
    format prints quotes as text, its first evidence's quote)."""
    out = render([result], lang)
    errors = [f for f in result.audit.findings if f.severity == "error"]
    assert errors
    for f in errors:
        assert f.rule in out
        assert f.stated in out and f.expected in out
        assert not quotes or f.evidence[0].source.text.strip()[:20] in out.replace("\n", " ")


def no_expected_value_prints_no_none(tmp_path: Path, render: Render) -> None:
    """A finding without an expected value (template residue) never prints "应为 None"."""
    path = tmp_path / "residue.txt"
    path.write_text(RESIDUE, encoding="utf-8")
    result = process(str(path))
    residues = [f for f in result.audit.findings if f.rule == "form-template-residue"]
    assert residues and all(f.expected is None for f in residues)
    plain = re.sub(r"<[^>]+>", "", render([result], "zh"))
    assert "XX" in plain
    assert not re.search(r"应为\W{0,8}None", plain)
