"""tables.toml loads into typed layouts, and a malformed declaration names its bad key."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import pytest

from budgetlens.rules.table_layouts import TableLayoutError, load_table_layouts, parse_layouts

TOML = Path(__file__).resolve().parents[2] / "src" / "budgetlens" / "rules" / "tables.toml"


@pytest.fixture(scope="module")
def data():
    with TOML.open("rb") as fh:
        return tomllib.load(fh)


def test_package_layouts_load_with_every_standard_role():
    layouts = load_table_layouts()
    roles = layouts.role_titles_zh()
    for family in ("summary", "income", "expense", "fiscal_summary", "gpb_expense", "gpb_basic",
                   "three_public", "gov_fund", "soe_capital"):
        assert f"budget_{family}" in roles and f"final_{family}" in roles
    assert {"budget_procurement", "budget_project_expense", "performance_targets",
            "performance_self_eval"} <= set(roles)
    assert dict(layouts.lei_names)["一般公共服务支出"] == "201"


def _family(data, name):
    return next(f for f in data["family"] if f["name"] == name)


@pytest.mark.parametrize("mutate, key", [
    (lambda d: _family(d, "gpb_expense").update(layout="grid"), "layout"),
    (lambda d: _family(d, "gpb_expense").update(row_key="codes"), "row_key"),
    (lambda d: _family(d, "gpb_expense").update(aliases=["一般(公共"]), "aliases"),
    (lambda d: _family(d, "gpb_expense").update(prefix="Expense General"), "prefix"),
    (lambda d: _family(d, "gpb_expense").update(colour="red"), "colour"),
    (lambda d: _family(d, "gpb_expense")["column"][0].update(component="Basic!"), "component"),
    (lambda d: _family(d, "summary")["label"][0].update(side="left"), "side"),
    (lambda d: _family(d, "three_public")["fund_level"][0].update(keep="yes"), "fund_level"),
    (lambda d: _family(d, "three_public")["fund_level"][1].update(pattern="(政府"), "fund_level"),
    (lambda d: d["basis"][0].update(basis="previous"), "basis"),
    (lambda d: d["recognition"].update(unit_pattern="("), "unit_pattern"),
    (lambda d: d["recognition"].pop("total_header"), "total_header"),
    (lambda d: d["performance"]["self_eval_columns"][0].update(kind="money!"), "kind"),
    (lambda d: d["family"].append(copy.deepcopy(_family(d, "gov_fund"))), "duplicate"),
])
def test_bad_declarations_name_the_key(data, mutate, key):
    broken = copy.deepcopy(data)
    mutate(broken)
    with pytest.raises(TableLayoutError, match=key):
        parse_layouts(broken)


def test_new_alias_is_data_only(data):
    extended = copy.deepcopy(data)
    _family(extended, "gpb_expense")["aliases"].append("一般公共预算财力安排支出表")
    layouts = parse_layouts(extended)
    assert any(p.search("一般公共预算财力安排支出表") for p in layouts.family("gpb_expense").aliases)


def test_total_header_words_are_data_for_the_pipe_realigner(data):
    """read/pipealign.py reads a header over figures by recognition.total_header (no regex of its
    own): a word added here changes what it calls a figure column."""
    from budgetlens.read import pipealign

    assert pipealign.header_kind("本年合计") == "N"
    extended = copy.deepcopy(data)
    extended["recognition"]["total_header"] = "(合计|小计|总计|金额|累计)$"
    assert parse_layouts(extended).recognition.total_header.search("本年累计")
    assert not load_table_layouts().recognition.total_header.search("本年累计")


def test_the_row_and_line_counts_are_data(data):
    """[recognition] content_min_rows, orphan_lines and of_which_min_rows are read from the file
    (extract/table_content.py, table_role.py, table_ofwhich.py use these, no number of their
    own): a changed value reaches the record."""
    layouts = load_table_layouts()
    assert (layouts.recognition.content_min_rows, layouts.recognition.orphan_lines,
            layouts.of_which_min_rows) == (2, 3, 2)
    data = copy.deepcopy(data)
    data["recognition"]["orphan_lines"] = 5
    data["of_which_min_rows"] = 3
    changed = parse_layouts(data)
    assert (changed.recognition.orphan_lines, changed.of_which_min_rows) == (5, 3)


@pytest.mark.parametrize("old, new, key", [
    ('side = "income"', 'side = "left"', "side"),
    ('layout = "classified"', 'layout = "grid"', "layout"),
    ('[[family.column]]\n', '[[family.column]]\ncolour = "red"\n', "colour"),
    ("orphan_lines = 3", 'orphan_lines = "3"', "orphan_lines"),
    ("content_min_rows = 2", "content_min_rows = 2.5", "content_min_rows"),
    ("of_which_min_rows = 2", "of_which_min_rows = true", "of_which_min_rows"),
])
def test_an_error_names_the_file_line_and_key(old, new, key):
    """The schema check names where the bad key is written, not only which entry holds it."""
    text = TOML.read_text(encoding="utf-8")
    assert old in text, f"tables.toml no longer holds {old!r}"
    broken = text.replace(old, new, 1)
    with pytest.raises(TableLayoutError) as err:
        parse_layouts(tomllib.loads(broken), (), broken)
    assert err.value.file == "tables.toml" and err.value.key.endswith(key)
    assert str(err.value).startswith(f"tables.toml:{err.value.line}:")
    assert broken.splitlines()[err.value.line - 1].strip().startswith(key)
