"""rules/reading.toml: the causes of reading doubt load into typed records, and a bad entry is
refused naming the cause and the key."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from budgetlens.rules import glossary
from budgetlens.rules.catalogue import load_rules
from budgetlens.rules.reading import CATEGORY, ReadingRulesError, load_causes, parse_causes

GOOD = {"code": "x-y", "zh": "甲", "en": "a", "doubt": "values", "demotes": ["sum"]}


def test_the_package_causes_load_and_name_known_kinds():
    causes = load_causes()
    assert {"columns-shifted", "rows-short-of-total", "continued-not-joined", "ocr-text"} <= set(causes)
    kinds = {r.kind for r in load_rules()}
    for cause in causes.values():
        assert set(cause.demotes) - {"*"} <= kinds, cause.code
        assert cause.severity in ("warning", "info")


def test_the_category_has_words_in_both_languages():
    assert glossary.zh(CATEGORY) == "读取存疑"
    assert glossary.en(CATEGORY) == "unverified reading"


@pytest.mark.parametrize("bad, key", [
    ({"colour": "red"}, "colour"),
    ({"doubt": "maybe"}, "doubt"),
    ({"demotes": []}, "demotes"),
    ({"code": "Not Kebab"}, "code"),
    ({"severity": "error"}, "severity"),
    ({"zh": ""}, "zh"),
])
def test_a_bad_cause_names_its_key(bad, key):
    with pytest.raises(ReadingRulesError, match=key):
        parse_causes({"cause": [dict(GOOD, **bad)]})


def test_a_code_declared_twice_is_refused():
    with pytest.raises(ReadingRulesError, match="twice"):
        parse_causes({"cause": [GOOD, GOOD]})


def test_every_cause_is_documented():
    from ..conftest import REPO

    text = (REPO / "docs" / "accuracy.md").read_text(encoding="utf-8")
    section = text[text.index("## Reading confidence"):]
    missing = [code for code in load_causes() if f"| `{code}` |" not in section]
    assert not missing, f"document these causes in docs/accuracy.md: {missing}"


def test_an_error_names_the_file_line_and_key():
    text = resources.files("budgetlens.rules").joinpath("reading.toml").read_text("utf-8")
    assert '\ndoubt = "values"' in text
    broken = text.replace('\ndoubt = "values"', '\ndoubt = "numbers"', 1)
    with pytest.raises(ReadingRulesError) as err:
        parse_causes(tomllib.loads(broken), "reading.toml", broken)
    assert (err.value.file, err.value.key) == ("reading.toml", "doubt")
    assert broken.splitlines()[err.value.line - 1] == 'doubt = "numbers"'
