"""The narrative lexicon: the shipped file loads, bad declarations are named, data drives behaviour."""

from __future__ import annotations

import copy
import csv
import tomllib
from importlib import resources

import pytest

from budgetlens.extract.narrative import extract_narrative
from budgetlens.model import Document, Line, Metadata, Page
from budgetlens.rules.lexicon import LexiconError, load_lexicon, parse_lexicon
from budgetlens.rules import measures

TOML = resources.files("budgetlens.rules").joinpath("lexicon.toml")


def _raw() -> dict:
    text = resources.files("budgetlens.rules").joinpath("lexicon.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def test_shipped_lexicon_loads_and_is_cached():
    lexicon = load_lexicon()
    assert load_lexicon() is lexicon
    roles = {item.role for item in lexicon.items}
    assert {"alias", "qualifier", "comparator", "amount_basis", "completion", "direction",
            "share", "of_which", "reason", "purpose", "not_comparable", "statement",
            "share_whole"} <= roles
    assert lexicon.variants["預"] == "预"
    assert lexicon.whole_of("expense.general.function.201") == "expense.general.total"
    assert lexicon.whole_of("expense.basic") == "expense.total"
    assert lexicon.whole_of("three_public.reception") == "three_public.total"


def test_alias_measures_are_known_keys():
    """Every alias measure is a key of rules/measures.csv where that file lists it, or a
    documented family (function and economic codes, vehicle categories)."""
    path = resources.files("budgetlens.rules").joinpath("measures.csv")
    if not path.is_file():
        pytest.skip("rules/measures.csv not shipped yet")
    keys = {row["key"] for row in csv.DictReader(path.read_text(encoding="utf-8").splitlines())}
    for item in load_lexicon().items:
        if item.role != "alias":
            continue
        for measure in (item.value.measure, item.value.general, item.value.gov_fund,
                        item.value.soe_capital) + tuple(m for _, m in item.value.counts) \
                + tuple(m for pair in item.value.parts for m in pair):
            if measure and not measure.startswith("@"):
                # a literal key, or a concrete key of a documented family (assets.vehicles.<category>,
                # expense.economic.<code>: 委托业务费 is 30227)
                assert measure in keys or measures.get(measure) is not None, (item.where, measure)


@pytest.mark.parametrize("mutate,where,key", [
    (lambda d: d["alias"][0].update(colour="red"), "alias #1: unknown key 'colour'", "colour"),
    (lambda d: d["alias"][0].update(measure="Income Total"), "alias #1.measure", "measure"),
    (lambda d: d["comparator"][0].update(basis="yesterday"), "comparator #1", "basis"),
    (lambda d: d["comparator"][0].update(kinds=["plan"]), "comparator #1.kinds", "kinds"),
    (lambda d: d["alias"][0].update(patterns=["(unclosed"]), "alias #1", "patterns"),
    (lambda d: d["qualifier"][0].update(fund="private"), "qualifier #1", "fund"),
    (lambda d: d["statement"][0].update(kind="rumour"), "statement #1", "kind"),
    (lambda d: d["normalize"].update(variants="預预決"), "normalize.variants", "variants"),
    (lambda d: d["share_of"][0].update(prefix="expense."), "share_of #1", ""),
    (lambda d: d.update(extra_table={}), "unknown key 'extra_table'", "extra_table"),
    (lambda d: d["functions"].update(general="expense.general.function"), "functions.general",
     "general"),
    (lambda d: d["alias"][0].update(parts={"staff.actual": "Staff Admin"}),
     "alias #1.parts.staff.actual", "parts"),
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


def _doc(*texts: str) -> Document:
    return Document("inline.txt", "text", (Page(1, tuple(Line(t, 1, i + 1) for i, t in enumerate(texts))),))


def test_a_new_alias_is_one_line_of_data(monkeypatch):
    """A phrase the shipped lexicon does not know becomes a measure by adding it to `phrases`."""
    text = "2024年日常运转经费12.5万元，比2023年增加1.5万元。"
    meta = Metadata(kind="budget", year=2024)
    import budgetlens.extract.narrative as narrative

    _, facts, _, _ = extract_narrative(_doc(text), meta, [])
    assert not [f for f in facts if f.measure == "admin_operating_cost"]

    data = _raw()
    alias = next(a for a in data["alias"] if a.get("measure") == "admin_operating_cost")
    alias["phrases"].append("日常运转经费")
    monkeypatch.setattr(narrative, "load_lexicon", lambda: parse_lexicon(data))
    _, facts, _, _ = extract_narrative(_doc(text), meta, [])
    got = {(f.measure, f.basis, str(f.value)) for f in facts}
    assert {("admin_operating_cost", "current", "12.5"),
            ("admin_operating_cost", "change_prior", "1.5")} <= got
