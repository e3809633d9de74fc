"""Table-side checks of issue #8 item 4: what a table shows against what the document says.

* a fund table with no figures (blank or all zero) while the narrative states a non-zero amount
  of that fund for the year (政府性基金预算支出表 empty, text: 政府性基金预算支出120万元);
* vehicle running costs (公务用车运行维护费 > 0) in a document that states it holds no vehicle
  (实有车辆0辆, 无公务用车) and buys none this year;
* a table whose title names another unit than the document's (a table copied from another unit's
  disclosure).

Why warnings and never errors: each compares a reading of a table (which may have lost its
figures, or taken a heading for a title) with a reading of the text; the reviewer must look at
both, and the evidence cites both (page + cell, page + line).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterable, Optional

from budgetlens.model import Basis, Fact, TableInfo
from budgetlens.reconcile.form_common import (Outcome, assess, collect, fact_evidence, finding,
                                               param, quote, str_list, table_evidence)
from budgetlens.rules.templates import role_family
from budgetlens.reconcile.form_text import FormContext
from budgetlens.rules.catalogue import Rule


def _table_facts(ctx: FormContext, table: TableInfo) -> list[Fact]:
    return [f for f in ctx.disclosure.facts
            if f.origin == "table" and f.source.table == table.index and f.kind == "money"]


def _no_figures(ctx: FormContext, table: TableInfo) -> bool:
    """Blank (nothing printed) or every money figure read from it is zero."""
    if table.empty:
        return True
    facts = _table_facts(ctx, table)
    return bool(facts) and all(f.value == 0 for f in facts)


def _segment_of(measure: str, segments: Iterable[str]) -> Optional[str]:
    parts = measure.split(".")
    return next((s for s in segments if s in parts), None)


def _stated_amounts(ctx: FormContext, segment: str, sides: tuple[str, ...]) -> list[Fact]:
    """Text facts of the year naming the fund (expense.gov_fund.*, income.fiscal.gov_fund), with
    a printed amount that is not zero at its own precision."""
    out = []
    for f in ctx.text_facts():
        if f.kind != "money" or f.basis != Basis.CURRENT or f.value == 0:
            continue
        if f.measure.split(".")[0] in sides and segment in f.measure.split("."):
            out.append(f)
    return out


def check_empty_table_text_figures(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``name``, ``title``, ``value``, ``text``. Params: ``families`` (segment, name,
    name_en), ``sides`` (measure roots compared: expense, income)."""
    families = {f["segment"]: f for f in param(rule, "families", list)}
    sides = str_list(rule, "sides", ["expense"])
    findings = []
    for table in ctx.disclosure.tables:
        fam = families.get(role_family(table.role or ""))
        if fam is None or not _no_figures(ctx, table):
            continue
        stated = _stated_amounts(ctx, fam["segment"], sides)
        if not stated:
            continue
        first = stated[0]
        evidence = [table_evidence(table, ctx.disclosure.path, role="table")]
        evidence += [fact_evidence(f, role="statement") for f in stated[:3]]
        findings.append(finding(rule, evidence, stated=f"{first.value}", expected="0（表内无数据）",
                                measure=first.measure, basis=first.basis, name=fam["name"],
                                name_en=fam.get("name_en", fam["segment"]), title=table.title,
                                value=str(first.value), text=first.source.text.strip()[:80]))
    return collect(findings), []


def _current(ctx: FormContext, measures: Iterable[str]) -> list[Fact]:
    wanted = set(measures)
    return [f for f in ctx.disclosure.facts if f.measure in wanted and f.basis == Basis.CURRENT]


def _no_vehicle_evidence(ctx: FormContext, rule: Rule) -> list:
    """Where the document says it holds no vehicle: a count of 0 (实有车辆0辆, 保有量 0) or a
    sentence matching ``none_patterns`` (无公务用车, 未配备公务用车)."""
    wanted = str_list(rule, "count_measures")
    counts = [f for f in ctx.disclosure.facts if f.measure in wanted
              and f.basis != Basis.PRIOR and f.kind == "count"]
    if any(f.value != 0 for f in counts):
        return []  # some count is not zero: the document holds vehicles somewhere
    evidence = [fact_evidence(f, role="vehicles") for f in counts]
    evidence += [quote(c.source, role="statement") for c in ctx.claims("no_expense")
                 if c.measure.startswith("assets.vehicles")]
    patterns = [re.compile(p) for p in str_list(rule, "none_patterns")]
    evidence += [quote(p.source, role="statement") for p in ctx.texts
                 if any(pat.search(p.text) for pat in patterns)]
    return evidence


def _word_sites(ctx: FormContext) -> list[str]:
    """Where an exemption may be printed: the running text as one string (a phrase wrapped over
    two lines, 公 / 车统管, is found), then each table row label on its own (a project
    实施公车统管费用), in document order.

    Why each label apart: joined into one string, a pattern that allows a few characters between
    its words ran from one row into the next (``30214 租赁费`` ⏎ ``其他用车`` read as 租赁…车), and
    the labels, gathered in a set, were joined in an order that changed with the process's string
    hashing — the same document was exempted in some processes and not in others."""
    labels = dict.fromkeys(f.label.split(" / ", 1)[0] for f in ctx.disclosure.facts if f.label)
    return ["".join("".join(ln.text.split()) for ln in ctx.disclosure.narrative), *labels]


def check_vehicle_cost_without_vehicle(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``value``. Params: ``cost_measures``, ``purchase_measures``, ``count_measures``,
    ``none_patterns``, ``exempt_patterns`` (租用/租赁: running costs of hired cars)."""
    costs = [f for f in _current(ctx, str_list(rule, "cost_measures")) if f.value > 0]
    if not costs:
        return [], []
    if any(f.value > 0 for f in _current(ctx, str_list(rule, "purchase_measures"))):
        return [], [assess(rule, "本年安排购置公务用车，运行维护费不以现有车辆为前提",
                           "a vehicle is to be bought this year: running costs need no vehicle "
                           "owned now")]
    exempt = [re.compile(p) for p in str_list(rule, "exempt_patterns", [])]
    if any(x.search(site) for site in _word_sites(ctx) for x in exempt):
        return [], [assess(rule, "说明提及租用车辆，运行维护费可不以自有车辆为前提",
                           "the text mentions hired vehicles: running costs need no vehicle "
                           "of its own")]
    none = _no_vehicle_evidence(ctx, rule)
    if not none:
        return [], []
    cost = max(costs, key=lambda f: (f.origin == "table", f.value))
    evidence = [fact_evidence(cost, role="figure")] + none
    return collect([finding(rule, evidence, stated=str(cost.value), expected="0（无公务用车）",
                            measure=cost.measure, basis=cost.basis, value=str(cost.value))]), []


_YEAR_RE = re.compile(r"(?:19|20)\d{2}年度?")
_LEAD_YEAR_RE = re.compile(r"^(?:19|20)\d{2}年度?")


def title_unit(title: str, ctx: FormContext, rule: Rule) -> str:
    """The unit name a table title opens with (北京市XX局2026年部门收支总表 → 北京市XX局), "" when
    the title names none: the text before the year or before the table words, if it is an
    organisation name by the classify rules."""
    from budgetlens.rules.classify import load_rules
    from budgetlens.extract.classify_unit import is_org_name
    from budgetlens.extract.table_role import normalise_title
    from budgetlens.rules.table_layouts import load_table_layouts

    s = _LEAD_YEAR_RE.sub("", normalise_title(title, load_table_layouts()))
    cut = _YEAR_RE.search(s)
    head = s[:cut.start()] if cut else re.split(param(rule, "title_words", str), s)[0]
    head = re.sub(param(rule, "strip_pattern", str), "", head)
    return head if head and is_org_name(head, load_rules()) else ""


def _subsequence(short: str, long: str) -> bool:
    """Every character of ``short`` in ``long``, in order: 发改委 in 发展和改革委员会."""
    it = iter(long)
    return all(ch in it for ch in short)


def same_unit(a: str, b: str, ctx: FormContext) -> bool:
    """Two printed names of one unit: equal in comparison form, one inside the other (the region
    prefix or a 本级 qualifier dropped), or one an abbreviation of the other."""
    from budgetlens.rules.classify import load_rules
    from budgetlens.extract.classify_unit import normalise_unit

    rules = load_rules()
    x, y = normalise_unit(a, rules) or "", normalise_unit(b, rules) or ""
    short, long = sorted((x, y), key=len)
    return not short or short in long or _subsequence(short, long)


def check_table_other_unit(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``title``, ``found``, ``unit``. A title naming another organisation than the
    document's unit. Params: ``title_words``, ``strip_pattern``."""
    unit = ctx.meta.unit
    if not unit:
        return [], [assess(rule, "未识别文档所属单位，无法比对表格标题中的单位名称",
                           "the document's unit was not recognised: unit names in table titles "
                           "cannot be compared")]
    findings = []
    for table in ctx.disclosure.tables:
        named = title_unit(table.title or "", ctx, rule) if table.role else ""
        if not named or same_unit(named, unit, ctx):
            continue
        findings.append(finding(rule, [table_evidence(table, ctx.disclosure.path)],
                                stated=named, expected=unit, title=table.title, found=named,
                                unit=unit))
    return collect(findings), []


def _project_key(fact: Fact) -> str:
    """The project a fact is about: its row label (the project name), squashed, with the column
    part and a leading project number off; scoped by the unit whose rows it is in."""
    name = fact.label.split(" / ", 1)[0]
    name = re.sub(r"^\s*[\dA-Za-z\-]{6,}\s*", "", name)  # a printed project code
    unit = fact.scope.split(":unit:", 1)[1] if ":unit:" in fact.scope else ""
    return f"{unit}|{''.join(name.split())}"


def _differ(a: Fact, b: Fact, slack: Decimal = Decimal(0)) -> bool:
    """Beyond what printing each figure to its own decimals can explain (½ unit of each), and the
    audit's ``extra_slack``."""
    half = (Decimal(1).scaleb(-a.decimals) + Decimal(1).scaleb(-b.decimals)) / 2
    return abs(a.value - b.value) > half + slack


def check_project_amounts(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``name``, ``values``. The same project (by name, within one unit) printed with
    different amounts in two tables. Params: ``measures`` (regexes of per-project amount
    measures), ``min_name_chars``."""
    patterns = [re.compile(p) for p in str_list(rule, "measures")]
    shortest = param(rule, "min_name_chars", int, 4)
    groups: dict[str, list[Fact]] = {}
    for f in ctx.disclosure.facts:
        if f.origin == "table" and f.basis == Basis.CURRENT and f.label \
                and any(p.search(f.measure) for p in patterns):
            key = _project_key(f)
            if len(key.split("|", 1)[1]) >= shortest:
                groups.setdefault(key, []).append(f)
    findings = []
    for key, facts in groups.items():
        tables = {f.source.table for f in facts}
        if len(tables) < 2:
            continue
        first = facts[0]
        other = next((f for f in facts[1:] if f.source.table != first.source.table
                      and _differ(first, f, ctx.settings.extra_slack)), None)
        if other is None:
            continue
        findings.append(finding(rule, [fact_evidence(first), fact_evidence(other)],
                                stated=str(other.value), expected=str(first.value),
                                measure=first.measure, name=key.split("|", 1)[1],
                                values=f"{first.value}、{other.value}"))
    return collect(findings), []


__all__ = ["check_project_amounts", "check_empty_table_text_figures", "check_vehicle_cost_without_vehicle",
           "check_table_other_unit", "title_unit", "same_unit"]
