"""docs/rules-format.md (cli/rules_format.py) is generated from the rules kit's schemas and names
the keys no schema used to declare."""

from __future__ import annotations


from ..conftest import REPO


def test_rules_format_reference_is_generated_from_the_schemas():
    from budgetlens.cli.rules_format import rules_format_markdown

    doc = (REPO / "docs" / "rules-format.md").read_text(encoding="utf-8")
    assert doc == rules_format_markdown(), "regenerate: python scripts/gen_docs.py"
    for key in ("`sets_section`", "`unless`", "`grand_total`", "`reason_markers`"):
        assert key in doc, key  # keys no schema used to declare
