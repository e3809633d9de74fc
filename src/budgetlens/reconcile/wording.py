"""Names used in finding messages: measures and bases in zh and en.

Why separate: a finding names what the document calls the figure (the label printed beside it)
first; the measure vocabulary (``rules/measures.csv`` when present: key, zh, en, kind) second;
the raw key last, so messages stay readable even for measures added after this module.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources
from typing import Optional

from ..model import Fact

_BASIS = {
    "current": ("本年数", "current figure"),
    "prior": ("上年数", "prior-year figure"),
    "initial_budget": ("年初预算数", "initial budget"),
    "adjusted_budget": ("全年（调整）预算数", "adjusted budget"),
    "change_prior": ("较上年增减额", "change on prior year"),
    "change_initial_budget": ("较年初预算增减额", "change on initial budget"),
    "change_adjusted_budget": ("较全年预算增减额", "change on adjusted budget"),
    "pct_change_prior": ("较上年增减幅度", "percentage change on prior year"),
    "pct_change_initial_budget": ("较年初预算增减幅度", "percentage change on initial budget"),
    "pct_change_adjusted_budget": ("较全年预算增减幅度", "percentage change on adjusted budget"),
    "share": ("占比", "share"),
    "completion_initial_budget": ("完成年初预算比例", "completion of initial budget"),
    "completion_adjusted_budget": ("完成全年预算比例", "completion of adjusted budget"),
}


def basis_name(basis: str, lang: str = "zh") -> str:
    names = _BASIS.get(basis)
    return (names[0] if lang == "zh" else names[1]) if names else basis


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, tuple[str, str]]:
    try:
        item = resources.files("budgetlens.rules") / "measures.csv"
        if not item.is_file():
            return {}
        rows = csv.DictReader(item.read_text(encoding="utf-8").splitlines())
        return {r["key"]: (r.get("zh") or r["key"], r.get("en") or r["key"]) for r in rows
                if r.get("key")}
    except (OSError, KeyError, csv.Error):
        return {}


def measure_name(measure: str, fact: Optional[Fact] = None, lang: str = "zh") -> str:
    vocab = _vocabulary().get(measure)
    if lang == "zh" and fact is not None and fact.label and fact.measure == measure:
        return fact.label
    if vocab:
        return vocab[0] if lang == "zh" else vocab[1]
    return fact.label if (fact is not None and fact.label and lang == "zh") else measure
