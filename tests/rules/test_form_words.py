"""form_words.toml: the wording the form checks match by is data, checked by the rules kit
(issue #12 item 2); a new word is one line of the file, not a change to a check."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from budgetlens.reconcile import form_statements, form_titles
from budgetlens.rules.form_words import load_form_words, parse_form_words
from budgetlens.rules.schema import RuleError

TEXT = resources.files("budgetlens.rules").joinpath("form_words.toml").read_text(encoding="utf-8")


def test_the_package_words_load_and_drive_the_checks():
    words = load_form_words()
    assert words.toc_head.match("CONTENTS") and words.continued.search("支出表（续表）")
    assert form_titles.title_of_line("一般公共预算支出表（续表）") == ("一般公共预算支出表", False)
    assert form_titles.title_of_line("详见一般公共预算支出表")[0] == ""
    assert form_statements._sides("本单位无经营收入") == {"income"}
    assert form_statements._sides("本单位无政府性基金安排的支出") == {"expense"}


def test_a_new_word_is_one_line_of_data(monkeypatch):
    """A continuation mark the package does not know (（接上页）) is a title of its own; added to
    [titles] continued, the line is the same title continued."""
    assert form_titles.title_of_line("一般公共预算支出表（接上页）")[0] == "一般公共预算支出表（接上页）"
    data = tomllib.loads(TEXT)
    data["titles"]["continued"] += "|[（(]接上页[）)]$"
    monkeypatch.setattr(form_titles, "load_form_words", lambda: parse_form_words(data))
    assert form_titles.title_of_line("一般公共预算支出表（接上页）")[0] == "一般公共预算支出表"


@pytest.mark.parametrize("old, new, key", [
    ('prior_year = ["上年"]', 'prior_year = ["上年"]\nnext_year = ["下年"]', "next_year"),
    ('prior_year = ["上年"]', 'prior_year = "上年"', "prior_year"),
    ("toc_head = '^目录$", "toc_head = '^(目录$", "toc_head"),
    ('common_chars = "支出和与费的其他"', "common_chars = 3", "common_chars"),
    ('residual = ["其他", "其它"]', 'residual = ["其他", ""]', "residual"),
    ("toc_reach = 12", "toc_reach = 0", "toc_reach"),
    ("min_truncated = 4", "min_truncated = -1", "min_truncated"),
    ("max_chars = 60", 'max_chars = "60"', "max_chars"),
])
def test_an_error_names_the_file_line_and_key(old, new, key):
    assert old in TEXT, f"form_words.toml no longer holds {old!r}"
    broken = TEXT.replace(old, new, 1)
    with pytest.raises(RuleError) as err:
        parse_form_words(tomllib.loads(broken), broken)
    assert (err.value.file, err.value.key) == ("form_words.toml", key)
    assert broken.splitlines()[err.value.line - 1].startswith(key)


def test_a_missing_table_is_named():
    data = tomllib.loads(TEXT)
    del data["relations"]
    with pytest.raises(RuleError, match="missing 'relations'"):
        parse_form_words(data)


def test_title_lengths_are_data(monkeypatch):
    """[titles] max_chars: a title of exactly that many characters is one, one character more
    is running text (the near miss); raised in the data, the longer line is a title too."""
    limit = load_form_words().shape.max_chars
    title = ("一般公共预算" * limit)[:limit - 1] + "表"
    assert len(title) == limit and form_titles.title_of_line(title)[0] == title
    longer = "部" + title
    assert form_titles.title_of_line(longer)[0] == ""
    data = tomllib.loads(TEXT)
    data["titles"]["max_chars"] = limit + 1
    monkeypatch.setattr(form_titles, "load_form_words", lambda: parse_form_words(data))
    assert form_titles.title_of_line(longer)[0] == longer


def test_a_cut_off_name_needs_min_truncated_characters(monkeypatch):
    """[codes] min_truncated: 其他社会保障和就业支 (a narrow cell) is 其他社会保障和就业支出; a prefix
    one character shorter than the bound is another name (the near miss)."""
    from budgetlens.reconcile import form_codes

    n = load_form_words().shape.min_truncated
    full = "其他社会保障和就业支出"
    assert form_codes._same_name(full[:n], full) and not form_codes._same_name(full[:n - 1], full)
    data = tomllib.loads(TEXT)
    data["codes"]["min_truncated"] = n - 1
    monkeypatch.setattr(form_codes, "load_form_words", lambda: parse_form_words(data))
    assert form_codes._same_name(full[:n - 1], full)


def test_a_title_ending_is_data(monkeypatch):
    """[titles] ends: a region that titles its tables …一览 (三公经费支出一览) prints no title to
    the package's words; with 一览 added, the line is a title. Near miss: …表 is one already,
    and a sentence ending in 一览 stays none (not_title)."""
    assert form_titles.title_of_line("部门收支总表")[0] == "部门收支总表"
    assert form_titles.title_of_line("三公经费支出一览")[0] == ""
    data = tomllib.loads(TEXT)
    data["titles"]["ends"] = ["表", "一览"]
    monkeypatch.setattr(form_titles, "load_form_words", lambda: parse_form_words(data))
    assert form_titles.title_of_line("三公经费支出一览")[0] == "三公经费支出一览"
    assert form_titles.title_of_line("详见三公经费支出一览")[0] == ""

