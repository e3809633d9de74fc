"""Every rules file of the package has a declared schema (the rules kit), and the format page
lists them all: no loader checks a file by hand (issue #12 item 2)."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

from budgetlens.generate.spec_schema import DECLARED as GENERATOR
from budgetlens.rules.formats import DECLARED, NOT_YET

RULES = Path(__file__).resolve().parents[2] / "src" / "budgetlens" / "rules"
#: top-level keys of files that hold only checks: declared by the [[rule]] schema and the
#: evaluators' parameters (cross_document.toml's [[check]] entries are rules of that kind)
_CHECKS_ONLY = {"rule", "check"}


def _declared_names() -> list[str]:
    return [n.strip() for name, _what, _schemas in DECLARED + GENERATOR for n in name.split(",")]


def test_no_rules_file_is_left_to_a_hand_written_check():
    assert NOT_YET == ()


def test_every_rules_data_file_is_named_by_a_declared_schema():
    names = _declared_names()
    files = sorted(p.relative_to(RULES).as_posix() for p in RULES.rglob("*")
                   if p.suffix in (".toml", ".csv"))
    assert len(files) > 20
    undeclared = []
    for rel in files:
        if any(n != "*.toml" and fnmatch(rel, n.replace("<year>", "*").replace("<years>", "*"))
               for n in names):
            continue
        if rel.endswith(".toml") and set(tomllib.loads((RULES / rel).read_text("utf-8"))) \
                <= _CHECKS_ONLY:
            continue
        undeclared.append(rel)
    assert undeclared == []


def test_the_format_page_has_no_section_of_undeclared_files():
    from budgetlens.cli.rules_format import rules_format_markdown

    page = rules_format_markdown()
    assert "# Not yet declared" not in page
    for name in ("lexicon.toml", "table_terms.toml", "reference/*.csv", "generate/scoring.toml"):
        assert f"# `{name}`" in page
