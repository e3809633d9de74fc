#!/usr/bin/env python3
"""Regenerate the generated references: docs/rules.md (audit rules) and docs/cli.md (commands)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from budgetlens.cli.reference import cli_markdown  # noqa: E402
from budgetlens.cli.rules import rules_markdown  # noqa: E402

(ROOT / "docs" / "rules.md").write_text(rules_markdown(), encoding="utf-8")
(ROOT / "docs" / "cli.md").write_text(cli_markdown(), encoding="utf-8")
print("wrote docs/rules.md and docs/cli.md")
