#!/usr/bin/env python3
"""Regenerate the generated references: docs/rules.md (audit rules), docs/rules-format.md (rules
file formats, from the declared schemas), docs/cli.md (commands) and docs/settings.md (tuning
settings, from the settings records)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from budgetlens.cli.reference import cli_markdown  # noqa: E402
from budgetlens.cli.rules import rules_markdown  # noqa: E402
from budgetlens.cli.rules_format import rules_format_markdown  # noqa: E402
from budgetlens.cli.settings import settings_markdown  # noqa: E402

(ROOT / "docs" / "rules.md").write_text(rules_markdown(), encoding="utf-8")
(ROOT / "docs" / "rules-format.md").write_text(rules_format_markdown(), encoding="utf-8")
(ROOT / "docs" / "cli.md").write_text(cli_markdown(), encoding="utf-8")
(ROOT / "docs" / "settings.md").write_text(settings_markdown(), encoding="utf-8")
print("wrote docs/rules.md, docs/rules-format.md, docs/cli.md and docs/settings.md")
