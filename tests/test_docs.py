"""Docs that police themselves: generated references are up to date, CLI options documented."""

from __future__ import annotations

from budgetlens.cli.rules import rules_markdown

from .conftest import REPO


def test_rules_reference_is_generated_from_declarations():
    doc = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert doc == rules_markdown(), "regenerate: python scripts/gen_docs.py"


def test_readme_gives_the_two_commands_that_ci_runs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_screen = "\n".join(readme.splitlines()[:20])
    assert "bash scripts/demo.sh" in first_screen and "bash scripts/test.sh" in first_screen
    assert "scripts/test.sh" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
