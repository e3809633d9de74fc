"""Roles in words (issue #10): ``role_name`` speaks Chinese unless English is asked, for every role
a real audit gives its evidence (total, part, stated…) and every table role, so that no zh page
or report prints an English key."""

from __future__ import annotations

import re

import pytest

from budgetlens.report.labels import role_name
from budgetlens.rules import glossary

from ..conftest import SEEDS

_LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module")
def evidence_roles() -> set[str]:
    """Every evidence role the real audit gives on the seeds."""
    from budgetlens.pipeline import process

    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else []
    if not seeds:
        pytest.skip("../shared/seeds not available")
    roles = set()
    for path in seeds:
        result = process(str(path))
        roles |= {e.role for f in result.audit.findings for e in f.evidence if e.role}
    return roles


def test_evidence_roles_are_chinese_by_default(evidence_roles):
    assert {"total", "part"} <= evidence_roles
    for role in evidence_roles:
        # a derived term's role names its measure key (ASCII) inside the brackets; the role's
        # own word must be Chinese
        word = role_name(role).split("（")[0]
        assert word and not _LATIN.search(word), (role, role_name(role))
        assert role_name(role, "zh") == role_name(role)


def test_english_when_asked(evidence_roles):
    for role in evidence_roles:
        assert not re.search(r"[\u4e00-\u9fff]", role_name(role, "en")), role


@pytest.mark.parametrize("role", sorted({t.id for t in glossary.terms("evidence_role")}
                                        | {t.id for t in glossary.terms("table_role")}))
def test_every_declared_role_has_a_chinese_name(role):
    assert not _LATIN.search(role_name(role).replace("“三公”", "")), role_name(role)


def test_composite_and_unknown_roles():
    assert role_name("total (derived expense.total/current)") == "合计项（推算 expense.total/current）"
    assert role_name("stated-input") == "所列数（推算依据）"
    assert role_name(None) == "未识别"
    assert role_name("not_a_role") == "not_a_role"  # shown as is rather than failing a report
