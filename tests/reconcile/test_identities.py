"""Every declared identity fires on one case and stays quiet on another.

The cases are built from each rule's own parameters (measures, placeholders, relation), so a new
``[[rule]]`` in ``rules/identities.toml`` is covered without a new test, and a declaration that
names a measure or parameter the evaluator does not understand fails here.
"""

from decimal import Decimal as D

import pytest

from budgetlens.model import Disclosure, Fact, Metadata, Source
from budgetlens.reconcile import reconcile
from budgetlens.rules.catalogue import load_rules

IDENTITIES = [r for r in load_rules() if r.origin == "identities.toml"
              and r.kind not in ("rounding", "printed_rounding")]  # wording only: no check
CHANGE = next(r for r in load_rules() if r.id == "change-arithmetic")
_row = iter(range(1, 10**6))


def fact(measure: str, basis: str, value, scope: str = "table:0", of: str = "") -> Fact:
    row = next(_row)
    table = scope.startswith("table")
    src = Source("case.txt", 1, row, table=0 if table else None, row=row if table else None,
                 column=1 if table else None, text=str(value))
    v = D(str(value))
    decimals = len(str(value).split(".")[1]) if "." in str(value) else 0
    return Fact(measure, basis, v, src, decimals,
                "percent" if basis.startswith(("pct", "share", "completion")) else "money",
                "table" if table else "text", scope, measure, of)


def concrete(template: str) -> list[str]:
    m = template.replace("{code}", "201").replace("{n}", "1")
    return [m.replace("*", "1"), m.replace("*", "2")] if "*" in m else [m]


def sum_case(p, bad: bool) -> list[Fact]:
    parts = [m for t in [*p.get("parts", ()), *p.get("optional", ())] for m in concrete(t)]
    for part, components in p.get("composed", {}).items():  # printed by its components only
        parts = [c for m in parts
                 for c in ([x for t in components for x in concrete(t)]
                           if m == concrete(part)[0] else [m])]
    if "equals_any" in p:
        target = D(str(p["equals_any"][0]))
        values = [target - 10 * (len(parts) - 1)] + [D(10)] * (len(parts) - 1)
        values[0] += 7 if bad else 0
        return [fact(m, "current", v) for m, v in zip(parts, values)]
    total = concrete(p["total"])[0]
    facts = [fact(m, "current", "10.00") for m in parts]
    return facts + [fact(total, "current", f"{10 * len(parts) + (5 if bad else 0)}.00")]


def hierarchy_case(p, bad: bool) -> list[Fact]:
    prefix, suffix = p["prefix"], tuple(p.get("suffixes", ("",)))[0]
    levels = list(p.get("levels", (3, 5, 7)))
    parent = "201" if 3 in levels else "20101"
    kids = [parent + "01", parent + "02"]
    facts = [fact(f"{prefix}.{k}{suffix}", "current", "10.00") for k in kids]
    facts.append(fact(f"{prefix}.{parent}{suffix}", "current", "25.00" if bad else "20.00"))
    return facts


def compare_case(p, bad: bool) -> list[Fact]:
    relation = p.get("relation", "eq")
    basis = tuple(p.get("bases", ("current",)))[0]
    left, right = {"eq": (20, 20), "le": (10, 20), "ge": (20, 10)}[relation]
    if bad:
        left, right = {"eq": (20, 25), "le": (30, 20), "ge": (10, 20)}[relation]
    where = "text:1" if p.get("prose_left") else "table:1"  # a prose-only rule's left side in prose
    facts = ([fact(m, basis, f"{left / len(p['left']):.2f}", where) for m in p["left"]]
             + [fact(m, basis, f"{right / len(p['right']):.2f}", "table:2") for m in p["right"]])
    if "when_equal" in p:  # both sides print one figure on that basis (a whole equal to its part)
        facts += [fact(m, p["when_equal"], "100.00", "table:3") for m in (*p["left"], *p["right"])]
    return facts


def basis_case(rule, bad: bool) -> list[Fact]:
    kind, p = rule.kind, rule.params
    b = tuple(p.get("bases", ("prior",)))[0]
    m = "admin_operating_cost"
    if kind == "change":
        return [fact(m, "current", "10.00"), fact(m, b, "8.00"),
                fact(m, f"change_{b}", "3.00" if bad else "2.00")]
    if kind == "pct":
        return [fact(m, "current", "12.00"), fact(m, f"change_{b}", "2.00"),
                fact(m, f"pct_change_{b}", "25.00" if bad else "20.00")]
    if kind == "completion":
        return [fact(m, "current", "9.00"), fact(m, b, "10.00"),
                fact(m, f"completion_{b}", "80.00" if bad else "90.00")]
    if kind == "rate":  # a rate measure of its own over an amount's two bases
        of = concrete(p["of"])[0]
        return [fact(of, p.get("numerator", "current"), "9.00"), fact(of, p["denominator"][0], "10.00"),
                fact(concrete(p["rate"])[0], "current", "80.00" if bad else "90.00")]
    if kind == "zero_base":
        stated = "completion_" if p.get("of") == "completion" else "pct_change_"
        return [fact(m, "current", "5.00"), fact(m, b, "0.00" if bad else "4.00"),
                fact(m, stated + b, "100" if bad else "25")]
    if kind == "share":
        return [fact(m, "current", "25.00"), fact("expense.total", "current", "100.00"),
                fact(m, "share", "30.00" if bad else "25.00", "text:1:1", of="expense.total")]
    if kind == "consistency":
        return [fact(m, "current", "10.00", "table:0"),
                fact(m, "current", "12.00" if bad else "10.00", "text:1:1")]
    if kind == "unit_sum":  # the department's row, then two units' rows of one table
        m = (tuple(p.get("prefixes", ())) or ("income.total",))[0]
        return [fact(m, "current", "30.00", "table:0"),
                fact(m, "current", "10.00", "table:0:unit:甲单位"),
                fact(m, "current", "25.00" if bad else "20.00", "table:0:unit:乙单位")]
    if kind == "pct_floor":  # a stated percentage alone: "下降122%" (bases are percent bases)
        return [fact(m, b, f"{p['floor'] - 22 if bad else p['floor']}", "text:1:1")]
    if kind == "zero_pair":  # one sentence: a count and the amount of the same things
        count, amount = sorted(p["pairs"].items())[0]
        zero = p.get("zero", "count")
        c = "0" if zero == "count" else ("3" if bad else "0")
        a = "0" if zero == "amount" else ("20" if bad else "0")
        said = f"共{c}个项目，涉及资金{a}万元"  # a text fact quotes its whole sentence
        return [Fact(count, "current", D(c), Source("case.txt", 1, 1, text=said), 0, "count",
                     "text", "text:1:1"),
                Fact(amount, "current", D(a), Source("case.txt", 1, 1, text=said), 0, "money",
                     "text", "text:1:1")]
    if kind == "share_sum":  # one page: every part of the first partition with its share
        parts = p["part_sets"][0]
        values = ["100"] + ["0"] * (len(parts) - 1)
        values[0] = "120" if bad else values[0]
        return [fact(m, "share", v, f"text:1:{i}", of=p["whole"])
                for i, (m, v) in enumerate(zip(parts, values), 1)]
    if kind == "items_within":  # two items in two sentences under their class (another one)
        head = p["items"]
        cls = (tuple(p.get("within", ())) or (head,))[-1]
        return [fact(f"{head}.2010101", "current", "10.00", "text:1:1"),
                fact(f"{head}.2010102", "current", "15.00" if bad else "5.00", "text:1:2"),
                fact(f"{cls}.201", "current", "20.00", "text:1:3")]
    if kind == "at_most_sibling":  # one form: a score beside its weight (its pair's last segment)
        last, bound = sorted(p["pairs"].items())[0]
        head = f"{p['prefix']}1.indicator.1"
        return [fact(f"{head}.{bound}", "current", "10", "table:1"),
                fact(f"{head}.{last}", "current", "12" if bad else "10", "table:1")]
    raise AssertionError(f"no case builder for kind {kind!r}: add one here")


def case(rule, bad: bool) -> list[Fact]:
    if rule.kind == "sum":
        return sum_case(rule.params, bad)
    if rule.kind == "hierarchy":
        return hierarchy_case(rule.params, bad)
    if rule.kind == "compare":
        return compare_case(rule.params, bad)
    return basis_case(rule, bad)


def audit(rule, facts):
    disclosure = Disclosure(path="case.txt", metadata=Metadata(), facts=tuple(facts))
    result, diags = reconcile(disclosure, [rule, CHANGE] if rule is not CHANGE else [rule])
    assert diags == []
    return [f for f in result.findings if f.rule == rule.id and f.severity != "info"]


@pytest.mark.parametrize("rule", IDENTITIES, ids=lambda r: r.id)
def test_identity_fires_on_a_violation(rule):
    found = audit(rule, case(rule, bad=True))
    assert len(found) == 1, [f.to_dict() for f in found]
    assert found[0].severity == rule.severity
    assert found[0].evidence and all(e.source.text != "<derived>" for e in found[0].evidence)


@pytest.mark.parametrize("rule", IDENTITIES, ids=lambda r: r.id)
def test_identity_stays_quiet_when_it_holds(rule):
    assert audit(rule, case(rule, bad=False)) == []


def test_every_identity_kind_is_covered():
    kinds = {r.kind for r in IDENTITIES}
    assert {"sum", "hierarchy", "compare", "consistency", "change", "pct", "zero_base", "share",
            "completion", "unit_sum", "pct_floor", "zero_pair", "share_sum",
            "items_within", "rate", "at_most_sibling"} <= kinds
