"""The lexicon's matchable entries (rules/lexicon_items.py), parsed from the shipped lexicon.toml
with entries the test changes: a bad measure key, basis, document kind or regex is named with its
entry and key; phrases match longest first; a ``boundary`` alias matches only at a clause start or
after a year, and the word lists of ``[direction]`` carry their sign. Near misses: the same phrase
inside a clause for a boundary alias, and the same alias without ``boundary``, which matches
anywhere."""

from __future__ import annotations

import copy
import tomllib
from importlib import resources

import pytest

from budgetlens.rules.lexicon import LexiconError, parse_lexicon
from budgetlens.rules.lexicon_items import parse_items


def _raw() -> dict:
    text = resources.files("budgetlens.rules").joinpath("lexicon.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@pytest.mark.parametrize("mutate,where,key", [
    (lambda d: d["alias"][0].update(measure="Income Total"), "alias #1.measure", "measure"),
    (lambda d: d["comparator"][0].update(basis="yesterday"), "comparator #1", "basis"),
    (lambda d: d["comparator"][0].update(kinds=["plan"]), "comparator #1.kinds", "kinds"),
    (lambda d: d["alias"][0].update(patterns=["(unclosed"]), "alias #1", "patterns"),
    (lambda d: d["alias"][0].update(parts={"staff.actual": "Staff Admin"}),
     "alias #1.parts.staff.actual", "parts"),
])
def test_bad_declarations_are_named(mutate, where, key):
    """Measure keys, bases, kinds and regexes of the matchable tables are checked by their
    parsers here, named with their entry and key like the schema's errors."""
    data = copy.deepcopy(_raw())
    mutate(data)
    with pytest.raises(LexiconError) as err:
        parse_lexicon(data)
    assert where in str(err.value) and err.value.key == key


def _aliases(*entries: dict) -> list:
    data = copy.deepcopy(_raw())
    data["alias"] = list(entries)
    return [i for i in parse_items(data) if i.role == "alias"]


def test_phrases_match_longest_first():
    (item,) = _aliases({"measure": "expense.general.total", "phrases": ["支出", "一般公共预算支出"]})
    assert item.regex.search("2024年一般公共预算支出500万元").group(0) == "一般公共预算支出"
    assert item.value.measure == "expense.general.total" and item.where == "alias #1"


def test_a_boundary_alias_matches_at_a_clause_start_only():
    bounded, anywhere = _aliases(
        {"measure": "expense.total", "phrases": ["支出"], "boundary": True},
        {"measure": "expense.total", "phrases": ["支出"]})
    assert bounded.regex.search("2024年支出500万元")  # after a year
    assert bounded.regex.search("收入500万元;支出480万元")  # after a clause mark (normalized ；)
    assert not bounded.regex.search("项目支出480万元")  # inside a name: the near miss
    assert anywhere.regex.search("项目支出480万元")


def test_direction_words_carry_their_sign():
    items = parse_items(_raw())
    signs = {i.where: i.value for i in items if i.role == "direction"}
    assert signs["direction.up"] == 1 and signs["direction.down"] == -1
    assert signs["direction.flat"] == 0
    up = next(i for i in items if i.where == "direction.up")
    assert up.regex.search("比上年增加20万元") and not up.regex.search("比上年减少20万元")
    roles = {i.role for i in items}
    assert {"qualifier", "alias", "comparator", "amount_basis", "completion", "share_whole",
            "statement", "reason", "of_which", "not_comparable"} <= roles
