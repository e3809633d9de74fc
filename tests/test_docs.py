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


def test_the_rules_reference_counts_each_files_rules():
    """Docs citing how many identities there are point at this line (docs/dev/near-misses.md
    said 82 while identities.toml held 94): it is counted from the declarations."""
    text = (REPO / "src" / "budgetlens" / "rules" / "identities.toml").read_text(encoding="utf-8")
    declared = sum(1 for line in text.splitlines() if line.strip() == "[[rule]]")
    counts = rules_markdown().splitlines()[4]
    assert f"{declared} in `identities.toml`" in counts
    assert "82 identities" not in (REPO / "docs" / "dev" / "near-misses.md").read_text(encoding="utf-8")
