"""rules/projects.toml: loaded, validated (a bad entry names its key), and what it calls a project."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from budgetlens.rules.projects import ProjectRulesError, load_project_rows, parse_project_rows


def _raw() -> dict:
    text = resources.files("budgetlens.rules").joinpath("projects.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def test_package_rules_load():
    rules = load_project_rows()
    assert "project_expense" in rules.families


@pytest.mark.parametrize("name", ["实施公车统管", "科技创新发展计划项目经费", "2026年政策性农业保险市级补贴资金",
                                  "购买服务（审计、绩效、ppp项目评价）"])
def test_project_names(name):
    assert load_project_rows().is_project(name)


@pytest.mark.parametrize("name", ["合计", "小计", "其中：", "其他运转类", "特定目标类项目", "一、基本支出",
                                  "通用项目", "全额", "2010301行政运行", "201一般公共服务支出"])
def test_rows_that_are_not_projects(name):
    assert not load_project_rows().is_project(name)


def test_a_printed_project_code_is_not_part_of_the_key():
    rules = load_project_rows()
    assert rules.key("37060021000000001234 企业研发 投入补助") == "企业研发投入补助"
    assert rules.key("企业研发投入补助") == "企业研发投入补助"


@pytest.mark.parametrize("key,value,word", [("skip", ["("], "skip"), ("name_header", 3, "name_header"),
                                             ("min_name_chars", 0, "min_name_chars"),
                                             ("colour", "x", "colour")])
def test_a_bad_entry_names_its_key(key, value, word):
    raw = _raw()
    raw["rows"][key] = value
    with pytest.raises(ProjectRulesError, match=word):
        parse_project_rows(raw)


def test_a_missing_key_is_named():
    raw = _raw()
    del raw["rows"]["families"]
    with pytest.raises(ProjectRulesError, match="families"):
        parse_project_rows(raw)


def test_an_error_names_the_file_line_and_key():
    text = resources.files("budgetlens.rules").joinpath("projects.toml").read_text("utf-8")
    assert "\nmin_name_chars = " in text
    broken = text.replace("\nmin_name_chars = ", "\nmin_name_char = 1\nmin_name_chars = ", 1)
    with pytest.raises(ProjectRulesError) as err:
        parse_project_rows(tomllib.loads(broken), broken)
    assert (err.value.file, err.value.key) == ("projects.toml", "min_name_char")
    assert broken.splitlines()[err.value.line - 1] == "min_name_char = 1"
