"""advice.toml: every rule resolves to 整改建议 (its own or, explicitly, its category's), and a
malformed table is a load error naming the bad key."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from budgetlens.rules.advice import FIELDS, declared_rule_ids, load_advice, parse_advice
from budgetlens.rules.catalogue import CATEGORIES, RuleError, load_rules
from budgetlens.rules.cross_document import load_cross_checks


def _package_data() -> dict:
    text = resources.files("budgetlens.rules").joinpath("advice.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def test_every_declared_rule_has_advice_in_both_languages():
    table = load_advice()
    rules = [(r.id, r.category) for r in load_rules()]
    rules += [(c.id, c.rule.category) for c in load_cross_checks()]
    assert len(rules) == len(declared_rule_ids())
    for rule_id, category in rules:
        advice = table.for_rule(rule_id, category)
        assert advice.zh and advice.en
        expected_origin = "rule" if rule_id in table.by_rule else "category"
        assert advice.origin == expected_origin
        assert advice.key == (rule_id if expected_origin == "rule" else category)


def test_fallback_to_category_is_explicit():
    table = load_advice()
    fallback = [r for r in load_rules() if r.id not in table.by_rule]
    assert fallback, "the category fallback is exercised by the package's own rules"
    advice = table.for_rule(fallback[0].id, fallback[0].category)
    assert (advice.origin, advice.key) == ("category", fallback[0].category)


def test_advice_is_filled_with_the_findings_places():
    advice = load_advice().for_rule("pct-change", "percentage")
    text = advice.text("zh", where="第3页 表2 第5行第4列", stated="5.00", expected="6.25")
    assert "第3页 表2 第5行第4列" in text and "5.00" in text and "6.25" in text
    assert "{" not in text
    # a field the caller cannot fill stays visible instead of raising
    assert "{where}" in advice.text("en")


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d["by_category"].pop("arithmetic"), "no [by_category.*] advice for ['arithmetic']"),
    (lambda d: d["by_rule"].__setitem__("no-such-rule", {"zh": "a", "en": "b"}), "no-such-rule"),
    (lambda d: d["by_rule"]["pct-change"].__setitem__("zh", " "), "[by_rule.pct-change]: missing or empty 'zh'"),
    (lambda d: d["by_rule"]["pct-change"].__setitem__("note", "x"), "[by_rule.pct-change]: unknown key 'note'"),
    (lambda d: d["by_category"].__setitem__("spelling", {"zh": "a", "en": "b"}), "unknown category ['spelling']"),
    (lambda d: d["by_rule"]["pct-change"].__setitem__("en", "Fix {cell}"), "unknown field(s) ['cell']"),
    (lambda d: d.__setitem__("advice", {}), "unknown key 'advice'"),
])
def test_malformed_advice_names_the_bad_key(mutate, message):
    data = _package_data()
    mutate(data)
    with pytest.raises(RuleError) as err:
        parse_advice(data, declared_rule_ids())
    assert message in str(err.value)


def test_every_template_uses_only_known_fields():
    table = load_advice()
    for advice in [*table.by_rule.values(), *table.by_category.values()]:
        filled = {k: "X" for k in FIELDS}
        assert "{" not in advice.text("zh", **filled) and "{" not in advice.text("en", **filled)
    assert set(table.by_category) == set(CATEGORIES)


def test_an_error_names_the_file_line_and_key():
    text = resources.files("budgetlens.rules").joinpath("advice.toml").read_text("utf-8")
    assert "\n[by_category.consistency]\n" in text
    broken = text.replace("\n[by_category.consistency]\n", "\n[by_category.consistency]\nnote = 1\n")
    with pytest.raises(RuleError) as err:
        parse_advice(tomllib.loads(broken), declared_rule_ids(), broken)
    assert (err.value.file, err.value.key) == ("advice.toml", "note")
    assert broken.splitlines()[err.value.line - 1] == "note = 1"
