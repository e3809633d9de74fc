"""The measure registry: it covers docs/measures.md, validates its rows, and names any key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from budgetlens.rules import measures

DOC = Path(__file__).resolve().parents[2] / "docs" / "measures.md"
NAMESPACES = ("income", "expense", "carryforward", "balance", "three_public", "meeting_fee",
              "training_fee", "admin_operating_cost", "procurement", "performance", "assets")


def _documented_keys() -> list[str]:
    """Backticked keys of docs/measures.md; a `.suffix` right after a key extends it (a key
    ending in .total has the suffix in its place: expense.gov_fund.total (.basic))."""
    text = DOC.read_text(encoding="utf-8").split("## Keys", 1)[1].split("Scopes:", 1)[0]
    keys, last = [], None
    for token in re.findall(r"`([^`]+)`", text):
        if token.startswith(NAMESPACES) and re.fullmatch(r"[a-z_.<>0-9]+", token) and not token.endswith("."):
            keys.append(token)
            last = token
        elif token.startswith(".") and last and not last.endswith(">"):
            base = last[: -len(".total")] if last.endswith(".total") else last
            keys.append(base + token)
    return keys


def test_every_documented_key_is_registered_or_named():
    keys = _documented_keys()
    assert len(keys) > 80
    registry = measures.load_measures().measures
    unnamed = [k for k in keys if k not in registry and measures.describe(k) == k]
    assert unnamed == []


def test_documented_column_components_are_named():
    text = DOC.read_text(encoding="utf-8")
    para = text.split("Column components are **suffixes**", 1)[1].split("\n\n", 1)[0]
    suffixes = [t for t in re.findall(r"`(\.[a-z_.]+)`", para)]
    assert len(suffixes) >= 10
    for suffix in suffixes:
        family = "income.function.201" if suffix in (".fiscal", ".fiscal.general", ".business", ".carryover") \
            else "expense.function.201"
        assert " · " in measures.describe(family + suffix), suffix


def test_describe_templated_keys_with_reference_names():
    assert measures.describe("expense.general.function.2010601.basic") == \
        "一般公共预算财政拨款支出 2010601 行政运行 · 基本支出"
    assert measures.describe("expense.general.basic.economic.30101") == "一般公共预算基本支出 30101 基本工资"
    assert measures.describe("expense.function.210", year=2017).endswith("医疗卫生与计划生育支出")
    assert measures.describe("expense.general.basic.personnel") == "人员经费"
    assert measures.describe("performance.project.3.weight.2") == "第3个绩效目标项目 第2项指标权重"
    assert "law-enforcement" in measures.describe("assets.vehicles.law_enforcement", lang="en")
    # the 合计 row of a fund table with a component column
    assert measures.describe("expense.gov_fund.total.basic") == "政府性基金预算财政拨款支出 · 基本支出"


def test_unknown_keys_come_back_raw():
    assert measures.describe("expense.function.201.nonsense") == "expense.function.201.nonsense"
    assert measures.describe("nothing.here") == "nothing.here"


def test_kinds():
    assert measures.kind_of("assets.vehicles") == "count"
    assert measures.kind_of("performance.project.2.weight_total") == "count"
    assert measures.kind_of("expense.function.2080505.basic") == "money"
    assert measures.kind_of("nothing") is None
    assert {m.kind for m in measures.all_measures()} <= set(measures.KINDS)


@pytest.mark.parametrize("row,field", [
    ("Bad Key,x,x,money,no", "key"),
    ("a.b,x,x,euros,no", "kind"),
    ("a.<code>,x,x,money,no", "pattern"),
    ("a.b,,x,money,no", "zh"),
])
def test_bad_rows_are_named(row, field):
    with pytest.raises(measures.MeasureError, match=f"measures.csv:2: .*{field}"):
        measures.parse_measures("key,zh,en,kind,pattern\n" + row + "\n")


def test_duplicates_rejected():
    with pytest.raises(measures.MeasureError, match="duplicate"):
        measures.parse_measures("key,zh,en,kind,pattern\na.b,x,x,money,no\na.b,y,y,money,no\n")


def test_an_unknown_column_is_named_with_its_line():
    with pytest.raises(measures.MeasureError) as err:
        measures.parse_measures("key,zh,en,kind,pattern,note\na.b,x,x,money,no,\n")
    assert (err.value.file, err.value.line, err.value.key) == ("measures.csv", 1, "note")
