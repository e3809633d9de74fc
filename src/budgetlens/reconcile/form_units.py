"""A money figure printed in a finer unit than the amounts around it (kind ``form-unit-outlier``).

Why: "…支出決算為13.07萬元…其中:因公出國(境)費支出決算為4.46元" (云南 2017) prints one amount in 元
among amounts in 万元. The figure is read in its printed unit (0.000446万元: never 4.46万元), and
where an identity holds it, the comparison after conversion finds it (长春 2026's "预算支出1682.76元"
against its table's 1,682.76万元). Where none does (the copy stops after it), the misprint is seen
only from the figure itself: an amount that, converted, is below what the sentence's unit can
print at all (``below``, in 万元: 4.46元 is 0.000446万元) beside amounts in that unit. A figure in
元 that is large enough to print in 万元 ("减少300元") is a choice of the writer, not a misprint.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from budgetlens.model import Fact
from budgetlens.reconcile.form_common import Outcome, collect, fact_evidence, finding, param
from budgetlens.reconcile.form_text import FormContext
from budgetlens.reconcile.wording import measure_name
from budgetlens.rules.catalogue import Rule

_WAN = Decimal(10000)


def _printed_yuan(fact: Fact, in_yuan: re.Pattern) -> str:
    """The figure as printed in 元 in its own sentence ("4.46"), "" when it is not so printed
    (``in_yuan``: a figure in group 1 right before the unit 元)."""
    want = fact.value * _WAN
    for m in in_yuan.finditer(fact.source.text):
        try:
            if Decimal(m.group(1).replace(",", "")) == want:
                return m.group(1)
        except InvalidOperation:
            continue
    return ""


def check_unit_outlier(ctx: FormContext, rule: Rule) -> Outcome:
    """Params: ``below`` (万元), ``yuan`` (a figure in 元, the figure in group 1), ``wan`` (a
    figure in 万元). Fields: ``printed``, ``value``, ``name``/``name_en``. A stated money figure of the
    narrative printed in 元, below ``below`` once converted, in a passage (scope) whose other
    money figures are printed in 万元."""
    below = Decimal(str(param(rule, "below", float, 0.01)))
    in_yuan, wan = re.compile(param(rule, "yuan", str)), re.compile(param(rule, "wan", str))
    money = [f for f in ctx.text_facts() if f.kind == "money" and f.origin == "text"]
    in_wan = {f.scope for f in money if wan.search(f.source.text) and not _printed_yuan(f, in_yuan)}
    out = []
    for f in money:
        if f.value == 0 or abs(f.value) >= below or f.scope not in in_wan:
            continue
        printed = _printed_yuan(f, in_yuan)
        if printed:
            out.append(finding(rule, [fact_evidence(f)], stated=f"{printed}元",
                               expected=f"{printed}万元?", measure=f.measure, basis=f.basis,
                               printed=printed, value=str(f.value),
                               name=measure_name(f.measure, f), name_en=measure_name(f.measure, f, "en")))
    return collect(out), []


__all__ = ["check_unit_outlier"]
