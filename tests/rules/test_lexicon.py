"""The narrative lexicon: the shipped file loads, bad declarations are named, data drives behaviour."""

from __future__ import annotations

import csv
import tomllib
from importlib import resources

import pytest

from budgetlens.extract.narrative import extract_narrative
from budgetlens.model import Document, Line, Metadata, Page
from budgetlens.rules.lexicon import load_lexicon, parse_lexicon
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
