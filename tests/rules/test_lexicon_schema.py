"""lexicon.toml checked by its declared schemas (rules/lexicon_schema.py): an unknown key, a wrong
type, a value outside the allowed ones and a regex that does not compile are named with their
entry and key, and, given the file's text, the line the bad key is written on. The values the
matchable tables' parsers check (measure keys, bases, kinds, regexes) are in test_lexicon_items.py."""

from __future__ import annotations

import copy
import tomllib
from importlib import resources

import pytest

from budgetlens.rules.lexicon import LexiconError, parse_lexicon

TOML = resources.files("budgetlens.rules").joinpath("lexicon.toml")


def _raw() -> dict:
    text = resources.files("budgetlens.rules").joinpath("lexicon.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@pytest.mark.parametrize("mutate,where,key", [
    (lambda d: d["alias"][0].update(colour="red"), "alias #1: unknown key 'colour'", "colour"),
    (lambda d: d["qualifier"][0].update(fund="private"), "qualifier #1", "fund"),
    (lambda d: d["statement"][0].update(kind="rumour"), "statement #1", "kind"),
    (lambda d: d["normalize"].update(variants="預预決"), "normalize.variants", "variants"),
    (lambda d: d["share_of"][0].update(prefix="expense."), "share_of #1", ""),
    (lambda d: d.update(extra_table={}), "unknown key 'extra_table'", "extra_table"),
    (lambda d: d["functions"].update(general="expense.general.function"), "functions.general",
     "general"),
    (lambda d: d["alias"][0].update(parts=["staff.actual"]), "alias #1", "parts"),
    (lambda d: d["alias"][0].update(before="yes"), "alias #1", "before"),
    (lambda d: d["markers"].update(lead_in=["(?:"]), "markers", "lead_in"),
    (lambda d: d["headings"]["style"][0].update(level="一"), "headings", "style[0].level"),
])
def test_bad_declarations_are_named(mutate, where, key):
    """The lexicon is checked by its declared schemas (rules/lexicon_schema.py): every key of
    every table is declared, so an unknown key, a wrong type, a value outside the allowed ones
    and a regex that does not compile are named with their entry and key."""
    data = copy.deepcopy(_raw())
    mutate(data)
    with pytest.raises(LexiconError) as err:
        parse_lexicon(data)
    assert where in str(err.value) and err.value.key == key


@pytest.mark.parametrize("old, new, key", [
    ('fund = "gov_fund"\nalone = ', 'fund = "gov_funds"\nalone = ', "fund"),
    ("running_pages = 3", 'running_pages = "3"', "running_pages"),
    ("bracket_span = 160", "bracket_span = 0", "bracket_span"),
    ("max_title_period = 16", 'max_title_period = "16"', "max_title_period"),
    ('optional_suffix = "支出"', 'optional_suffix = "支出"\nsuffixes = ["费"]', "suffixes"),
    ('basis = "prior_execution"\nkinds = ["budget"]', 'basis = "prior_execution"\nkinds = ["plan"]',
     "kinds"),
    ("level = 3\n", "level = 3\ndepth = 3\n", "depth"),
])
def test_an_error_names_the_file_line_and_key(old, new, key):
    """Given the file's text, the error names the line the bad key is written on."""
    text = TOML.read_text(encoding="utf-8")
    assert old in text, f"lexicon.toml no longer holds {old!r}"
    broken = text.replace(old, new, 1)
    with pytest.raises(LexiconError) as err:
        parse_lexicon(tomllib.loads(broken), broken)
    assert err.value.file == "lexicon.toml" and err.value.key.endswith(key)
    assert str(err.value).startswith(f"lexicon.toml:{err.value.line}:")
    assert broken.splitlines()[err.value.line - 1].startswith(key)
