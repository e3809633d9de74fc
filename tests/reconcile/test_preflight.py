"""The rules checked once before a run (reconcile/preflight.py): every declared rule against its
kind's evaluator, a bad one raising a RuleError that names file, line and key, and the one
message (zh with en) that stops a run. The package's own catalogue is the near miss: it passes.
(The commands that call it: tests/cli/test_rules_preflight.py; every rules file made bad:
tests/rules/test_kit.py.)"""

from __future__ import annotations

import tomllib
from dataclasses import replace

import pytest

from budgetlens.reconcile.preflight import check_declaration, check_rules, describe
from budgetlens.reconcile.registry import EVALUATORS
from budgetlens.rules.catalogue import load_rules, parse_rules
from budgetlens.rules.schema import RuleError

RULE = """[[rule]]
id = "my-floor"
kind = "pct_floor"
category = "percentage"
severity = "warning"
description = "三公经费降幅不超过10%"
message_zh = "{measure}"
message_en = "{measure}"
bases = ["pct_change_prior"]
floor = -10
"""


def _rule(text: str = RULE):
    (rule,) = parse_rules(tomllib.loads(text), "mine.toml", text)
    return rule


def test_the_packages_rules_pass_and_are_returned():
    assert check_rules() == load_rules()
    assert check_rules(rules=[_rule()]) == (_rule(),)


def test_a_kind_without_an_evaluator_is_named_with_the_known_kinds():
    with pytest.raises(RuleError, match="kind 'pct_flor' has no evaluator") as caught:
        check_declaration(replace(_rule(), kind="pct_flor"))
    assert caught.value.key == "kind" and "pct_floor" in str(caught.value)
    # near miss: the same rule where the registry has the kind
    check_declaration(_rule(), EVALUATORS)


def test_a_parameter_the_kind_does_not_take_is_named_by_its_key():
    with pytest.raises(RuleError, match="flor") as caught:
        check_declaration(_rule(RULE + "flor = -10\n"))
    assert (caught.value.file, caught.value.key) == ("mine.toml", "flor")


def test_the_message_that_stops_a_run_says_where_in_both_languages():
    zh, en = describe(RuleError("unknown key 'flor'", file="mine.toml", line=10, key="flor"))
    assert zh.startswith("规则文件有误，未处理任何文件：mine.toml 第 10 行（键 flor）")
    assert en == "rules error, nothing was processed: mine.toml, line 10, key 'flor': unknown key 'flor'"
    zh, en = describe(RuleError("bad"))  # near miss: nothing known of where
    assert "规则文件" in zh and en.endswith("a rules file: bad")
