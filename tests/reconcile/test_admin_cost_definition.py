"""机关运行经费 under the document's own definition (issue #8 item 4, session 8).

``admin-cost-within-public`` compares 机关运行经费 with the basic spending's 公用经费. Documents that
define 机关运行经费 wider in their 名词解释 ("指各部门的公用经费…" in 江苏 2017 and 西安 2022, "行政经费（机关运行
经费）：指用于维持行政（参公）单位机关运行的经费" in 深圳) print a figure that includes project-funded
goods and services, so the comparison is not theirs: the rule abstains (an assessment naming the
definition) instead of warning. A definition that names 基本支出 is the narrow one and the rule runs.

Tested on seed 004 (重庆 南岸 2024 预算) edited so its 机关运行经费 exceeds the basic 公用经费, with a
glossary entry in each wording, and on the three real documents of the wide corpus that showed it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.extract.narrative import extract_narrative
from budgetlens.model import Document, Line, Metadata, Page
from budgetlens.pipeline import process

from .form_support import seed_text

WIDE = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "wide"
RULE = "admin-cost-within-public"
RUNNING = "2024年一般公共预算财政拨款运行经费40.12万元"
GLOSSARY = "六、专业性名词解释"


def _audit(tmp_path, name: str, definition: str):
    text = seed_text("004")
    assert RUNNING in text and GLOSSARY in text
    text = text.replace(RUNNING, "2024年一般公共预算财政拨款运行经费140.12万元", 1)
    if definition:
        text = text.replace(GLOSSARY, GLOSSARY + "\n\n" + definition, 1)
    path = tmp_path / f"004_{name}.txt"
    path.write_text(text, encoding="utf-8")
    return process(str(path)).audit


def _warned(audit) -> list:
    return [f for f in audit.findings if f.rule == RULE and f.basis == "current"]


def test_without_a_definition_the_excess_is_a_warning(tmp_path):
    audit = _audit(tmp_path, "none", "")
    assert [(f.severity, f.stated) for f in _warned(audit)] == [("warning", "140.12")]


@pytest.mark.parametrize("definition", [
    "(四) 机关运行经费：指各部门的公用经费，包括办公及印刷费、邮电费、差旅费、会议费、福利费。",
    "(四) 行政经费（机关运行经费）：指用于维持行政（参公）单位机关运行的经费。具体包括：办公费、印刷费。",
    "(四) 机关运行经费：为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务等的各项公用经费。",
    "本部门机关运行经费是指为保障行政单位运行用于购买货物和服务的各项资金。",
])
def test_a_wider_definition_makes_the_rule_abstain(tmp_path, definition):
    audit = _audit(tmp_path, str(len(definition)), definition)
    assert _warned(audit) == []
    reasons = [a.reason for a in audit.not_assessable if a.rule == RULE]
    assert reasons and "定义" in reasons[0]


@pytest.mark.parametrize("definition", [
    "(四) 机关运行经费：指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出。",
    "(四) 三公经费：指因公出国（境）费、公务用车购置及运行费和公务接待费。",
])
def test_a_narrow_definition_or_another_terms_keeps_the_warning(tmp_path, definition):
    audit = _audit(tmp_path, str(len(definition)), definition)
    assert [f.severity for f in _warned(audit)] == ["warning"]


def test_running_text_about_the_cost_is_no_definition():
    for text in ("本部门的机关运行经费是120万元。", "机关运行经费指标完成情况良好。",
                 "2026年机关运行经费预算比上年减少，主要是压减一般性支出。"):
        lines = (Line(text, 1, 1),)
        claims = extract_narrative(Document("t.txt", "text", (Page(1, lines),)),
                                   Metadata(kind="budget", year=2026), [])[2]
        assert not [c for c in claims if c.kind == "definition_broad"], text


@pytest.mark.parametrize("name", ["jiangsu_jcy_2017_yusuan.pdf", "guangdong_shenzhen_zjj_2026_yusuan.pdf",
                                  "shaanxi_xian_gzw_2022_yusuan.pdf"])
def test_the_real_documents_that_define_it_wider(name):
    path = WIDE / name
    if not path.exists():
        pytest.skip(f"corpus/wide/{name} not available")
    audit = process(str(path)).audit
    assert not [f for f in audit.findings if f.rule == RULE]
    assert [a for a in audit.not_assessable if a.rule == RULE]
