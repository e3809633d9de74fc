"""rules/templates.toml: what a disclosure must contain, per kind, level and region."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from budgetlens.rules.schema import RuleError
from budgetlens.rules.templates import SCHEMAS, load_templates, parse_templates

TEXT = resources.files("budgetlens.rules").joinpath("templates.toml").read_text("utf-8")


def test_templates_fall_back_to_national_and_need_a_kind():
    templates = load_templates()
    assert templates.select("budget", "department", "nowhere").name == "national"
    shanghai = templates.select("budget", "unit", "shanghai")
    assert shanghai.name == "shanghai" and "budget_soe_capital" in shanghai.required_tables
    assert shanghai.required_sections == templates.select("budget", None, None).required_sections
    assert templates.select(None, "department", "shanghai") is None


def test_bad_templates_are_rejected_naming_the_key():
    good = tomllib.loads(resources.files("budgetlens.rules").joinpath("templates.toml").read_text("utf-8"))
    bad = dict(good, template=[t for t in good["template"] if t["name"] != "national"])
    with pytest.raises(RuleError, match="national"):
        parse_templates(bad)
    bad = dict(good, template=good["template"] + [{"name": "x", "kind": "budget",
                                                   "required_sections": ["nope"]}])
    with pytest.raises(RuleError, match="required_sections"):
        parse_templates(bad)
    with pytest.raises(RuleError, match="min_recognised"):
        parse_templates(dict(good, tables_part={"min_recognised": 0}))


@pytest.mark.parametrize("old, new, key", [
    ('\nmin_recognised = 3', '\nmin_recognised = "3"', "min_recognised"),
    ('\nany_role = true', '\nany_role = "yes"', "any_role"),
    ('\nkind = "final"', '\nkind = "account"', "kind"),
    ('\n[[section]]\n', '\n[[section]]\nwords = ["x"]\n', "words"),
])
def test_an_error_names_file_line_and_key(old, new, key):
    assert old in TEXT, f"templates.toml no longer holds {old!r}"
    broken = TEXT.replace(old, new, 1)
    with pytest.raises(RuleError) as err:
        parse_templates(tomllib.loads(broken), broken)
    assert (err.value.file, err.value.key) == ("templates.toml", key)
    assert broken.splitlines()[err.value.line - 1].strip().startswith(key)


def test_every_key_of_the_file_is_declared():
    """The schemas cover what the file holds: parsing the package file with them refuses nothing,
    and every declared entry name appears in the file."""
    parse_templates(tomllib.loads(TEXT), TEXT)
    for schema in SCHEMAS[1:]:
        assert schema.name in TEXT, schema.name
