"""rules/classify.toml: the classifier's vocabulary, each table declared as a schema."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from budgetlens.rules.classify import SCHEMAS, ClassifyRulesError, parse_rules
from budgetlens.rules.schema import RuleError

TEXT = resources.files("budgetlens.rules").joinpath("classify.toml").read_text("utf-8")


def test_rules_validation_names_the_bad_key():
    data = tomllib.loads(resources.files("budgetlens.rules").joinpath("classify.toml").read_text("utf-8"))
    data["signal"][0]["scopes"] = ["nowhere"]
    with pytest.raises(ClassifyRulesError, match="nowhere"):
        parse_rules(data)
    data = tomllib.loads(resources.files("budgetlens.rules").joinpath("classify.toml").read_text("utf-8"))
    del data["region"]["provinces"]
    with pytest.raises(ClassifyRulesError, match="provinces"):
        parse_rules(data)


def test_region_rules_validation_names_the_bad_key():
    data = tomllib.loads(resources.files("budgetlens.rules").joinpath("classify.toml").read_text("utf-8"))
    data["region"]["body_start_levels"] = ["province", "township"]
    with pytest.raises(ClassifyRulesError, match="township"):
        parse_rules(data)


@pytest.mark.parametrize("old, new, key", [
    ("\nhead_pages = 2", "\nhead_pages = 2.5", "head_pages"),
    ("\nmax_chars =", "\nmax_char = 40\nmax_chars =", "max_char"),
    ("\n[[signal]]\n", "\n[[signal]]\nweigth = 1\n", "weigth"),
])
def test_an_error_names_file_line_and_key(old, new, key):
    assert old in TEXT, f"classify.toml no longer holds {old!r}"
    broken = TEXT.replace(old, new, 1)
    with pytest.raises(RuleError) as err:
        parse_rules(tomllib.loads(broken), broken)
    assert (err.value.file, err.value.key) == ("classify.toml", key)
    assert broken.splitlines()[err.value.line - 1].strip().startswith(key)
    assert ClassifyRulesError is RuleError  # one error class for every rules file


def test_every_table_of_the_file_is_declared():
    parse_rules(tomllib.loads(TEXT), TEXT)
    for schema in SCHEMAS[1:]:
        assert schema.name in TEXT, schema.name
