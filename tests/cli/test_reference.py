"""docs/cli.md (cli/reference.py) is generated from the commands and documents their options."""

from __future__ import annotations


from ..conftest import REPO


def test_cli_reference_is_generated_from_commands():
    from budgetlens.cli.reference import cli_markdown

    doc = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert doc == cli_markdown(), "regenerate: python scripts/gen_docs.py"
    for option in ("--format", "--fail-on", "--lang", "--jobs", "--output", "--debug"):
        assert f"`{option}`" in doc
