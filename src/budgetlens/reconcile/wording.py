"""Names used in finding messages: measures and bases in zh and en.

Why separate: a finding names the figure it is about with the measure vocabulary
(``rules/measures.py``, which also names classification codes), falling back to the label printed
beside the number and then to the raw key, so messages stay readable for any measure.
"""

from __future__ import annotations

from typing import Optional

from ..model import Fact
from ..rules.measures import describe

_BASIS = {
    "current": ("本年数", "current figure"),
    "prior": ("上年数", "prior-year figure"),
    "initial_budget": ("年初预算数", "initial budget"),
    "adjusted_budget": ("全年（调整）预算数", "adjusted budget"),
    "prior_execution": ("上年执行数", "prior-year execution"),
    "change_prior": ("较上年增减额", "change on prior year"),
    "change_prior_execution": ("较上年执行数增减额", "change on prior-year execution"),
    "pct_change_prior_execution": ("较上年执行数增减幅度", "percentage change on prior-year execution"),
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


def measure_name(measure: str, fact: Optional[Fact] = None, lang: str = "zh") -> str:
    """The vocabulary's name (codes named from the reference tables), else the printed label."""
    try:
        name = describe(measure, lang)
    except Exception:  # a malformed key must not cost the finding its message
        name = measure
    if name != measure:
        return name
    if fact is not None and fact.label and lang == "zh":
        return fact.label
    return measure


def term_name(fact: Fact, lang: str = "zh") -> str:
    """A part of a sum: named like the figure itself (labels printed beside a change are often
    just "支出" or "较上年")."""
    return measure_name(fact.measure, fact, lang)
