"""决算数大于/小于/等于预算数 in words, against the figures printed just before (issue #8 item 4).

Why a check of its own: final accounts explain each item as "年初预算为100.00万元，支出决算为120.50
万元，完成年初预算的120.50%。决算数大于年初预算数的主要原因是…". The figures are facts and the
completion rate is checked arithmetically, but the direction word is not a number: a template
copied from the item before ("决算数小于年初预算数" beside a final above its budget) passes every
identity. The relation is judged against the current and budget figures of one measure printed in
the relation's own sentence or the ``window`` sentences before it (never across the document: the
item a relation is about is the one just described), with rounding (a figure stands for its
interval, :mod:`budgetlens.imply.interval`): 大于 fails only when no unrounded values make the final
larger, 持平/等于 only when the intervals do not meet. A hedged word (基本持平) states nothing exact.

Params (``rules/form_checks.toml``): ``relations`` (relation gt/lt/eq + regex with an optional
``budget`` group naming 年初/全年/调整), ``budget_words`` (word → basis), ``default_bases`` (the bases a
bare 预算数 may mean: the relation stands if it holds for one printed), ``hedges``, ``window`` (sentences before the relation's own).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Mapping, NamedTuple, Optional

from budgetlens.imply.index import FactIndex
from budgetlens.imply.interval import Interval
from budgetlens.model import Fact, Finding
from budgetlens.reconcile.form_common import (Outcome, collect, fact_evidence, finding, param,
                                               quote, str_list)
from budgetlens.reconcile.form_layout import Layout
from budgetlens.reconcile.form_text import FormContext
from budgetlens.reconcile.tolerance import ToleranceSettings, compare, ratio_percent
from budgetlens.reconcile.wording import basis_name, measure_name
from budgetlens.rules.catalogue import Rule, RuleError
from budgetlens.rules.form_words import load_form_words
from budgetlens.rules.numbers import to_wan

_RELATIONS = ("gt", "lt", "eq")
_WORDS_ZH = {"gt": "大于", "lt": "小于", "eq": "等于"}
_AMOUNT_BASES = ("current", "initial_budget", "adjusted_budget")


class Stated(NamedTuple):
    """One relation phrase found in the running text."""

    relation: str
    start: int
    end: int
    bases: tuple[str, ...]
    #: the amount printed right after the phrase ("决算数大于年初预算数20.50万元"): (value, unit)
    amount: Optional[tuple[str, str]] = None


class Pair(NamedTuple):
    """The figures a relation is judged against."""

    measure: str
    basis: str
    current: Fact
    budget: Fact


def _patterns(rule: Rule) -> list[tuple[str, re.Pattern]]:
    out = []
    for row in param(rule, "relations", list):
        relation = row.get("relation") if isinstance(row, dict) else None
        if relation not in _RELATIONS or not isinstance(row.get("pattern"), str):
            raise RuleError(f"{rule.origin} ({rule.id}): each of 'relations' needs a relation "
                            f"in {_RELATIONS} and a pattern")
        out.append((relation, re.compile(row["pattern"])))
    return out


def _bases(m: re.Match, words: Mapping[str, str], default: tuple[str, ...]) -> tuple[str, ...]:
    word = m.groupdict().get("budget") or ""
    for key, basis in words.items():
        if key and key in word:
            return (basis,)
    return default


def find_relations(layout: Layout, rule: Rule) -> list[Stated]:
    """Every relation phrase of the running text, hedged ones (基本持平) left out."""
    words = param(rule, "budget_words", dict)
    default = str_list(rule, "default_bases")
    hedges = str_list(rule, "hedges", [])
    amount = re.compile(param(rule, "amount", str, _NO_AMOUNT))
    found: list[Stated] = []
    for relation, pattern in _patterns(rule):
        for m in pattern.finditer(layout.text):
            if any(h in m.group(0) for h in hedges):
                continue
            if any(s.start < m.end() and m.start() < s.end for s in found):
                continue
            a = amount.match(layout.text, m.end())
            found.append(Stated(relation, m.start(), a.end() if a else m.end(),
                                _bases(m, words, default),
                                (a.group("value"), a.group("unit")) if a else None))
    return sorted(found, key=lambda s: s.start)


_NO_AMOUNT = r"(?!)"


def pairs_for(layout: Layout, stated: Stated, window: tuple[int, int],
              fillers: tuple[str, ...] = ()) -> list[Pair]:
    """The figures of the measure the relation is about, printed in its own sentence or the
    sentences before (``window``: how many when the clause names its subject, how many when it
    does not): the one its clause names ("“三公”经费支出决算数小于预算数" after the
    three items: the 三公 total, not the item described last), else, when the clause names nothing
    ("决算数大于年初预算数的主要原因是"), the measure described last. It must print a final and a
    budget figure of a basis the relation may mean, in one sentence: one pair per such basis ("年初预算为0万元，全年预算
    为321.02万元，支出决算为307.82万元。决算数小于预算数": a bare 预算数 may mean either)."""
    subject = _core(_clause_before(layout.text, stated.start), fillers)
    start = layout.sentences_back(stated.start, window[0] if subject else window[1])
    placed = [p.fact for p in layout.facts_between(start, stated.start)
              if p.fact.kind == "money" and p.fact.basis in _AMOUNT_BASES]
    if subject:
        placed = [f for f in placed if _names(subject, _core(f.label, fillers))]
    for fact in reversed(placed):
        mine = [f for f in placed if f.measure == fact.measure]
        current = _last(mine, "current")
        # both figures of one sentence ("年初预算为…，支出决算为…"): a passage, not two stray mentions
        mine = [f for f in mine if current is not None and f.source.text == current.source.text]
        budgets = [(b, _last(mine, b)) for b in stated.bases]
        pairs = [Pair(fact.measure, b, current, f) for b, f in budgets
                 if current is not None and f is not None]
        if pairs:
            return pairs
    return []


_CLAUSE_END = re.compile(r"[。；;，,：:！？!?]")


def _clause_before(text: str, at: int) -> str:
    """The words of the relation's clause before 决算: its subject, if it names one."""
    start = max((m.end() for m in _CLAUSE_END.finditer(text, max(0, at - 60), at)), default=max(0, at - 60))
    return text[start:at]


def _core(words: str, fillers: tuple[str, ...]) -> str:
    """A subject or label without years, quotes, brackets and filler words (支出, 财政拨款 …)."""
    words = load_form_words().subject_noise.sub("", words)
    for filler in fillers:
        words = words.replace(filler, "")
    return words


def _names(subject: str, label: str) -> bool:
    return bool(label) and (label in subject or subject in label)


def _last(facts: list[Fact], basis: str) -> Optional[Fact]:
    found = [f for f in facts if f.basis == basis]
    return found[-1] if found else None


def holds(relation: str, current: Interval, budget: Interval,
          slack: Decimal = Decimal(0)) -> bool:
    """Some unrounded values consistent with the print satisfy the relation; ``slack`` (the
    settings' ``extra_slack``) widens both intervals as it widens every identity."""
    if relation == "gt":
        return current.hi + slack > budget.lo
    if relation == "lt":
        return current.lo < budget.hi + slack
    return current.lo <= budget.hi + slack and budget.lo <= current.hi + slack


def check_budget_relation(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``subject``, ``phrase``, ``current``, ``budget``, ``budget_name``, ``word``,
    ``actual_word``, ``difference``. Params (beyond the module's): ``judge`` = ``direction``
    (default: the relation itself) or ``amount`` (the amount or percentage printed after it)."""
    layout = ctx.layout
    window = (param(rule, "named_window", int, 3), param(rule, "window", int, 1))
    fillers = str_list(rule, "subject_fillers", [])
    by_amount = param(rule, "judge", str, "direction") == "amount"
    relations = find_relations(layout, rule)
    if not relations:  # most documents state none: the fact index is not built for nothing
        return [], []
    settings = ctx.settings
    # the printed facts' rounding intervals only (these are stated facts, whose intervals an index
    # computes from the fact alone): an empty index, not one of every fact of the document
    index = FactIndex((), ctx.disclosure.path, settings.exact_integer_zero)
    slack = settings.extra_slack
    findings = []
    for stated in relations:
        if by_amount and stated.amount is None:
            continue
        pairs = pairs_for(layout, stated, window, fillers)
        if by_amount:
            # the direction is the other rule's; an amount is judged where the direction stands
            pairs = [p for p in pairs if holds(stated.relation, index.interval(p.current),
                                               index.interval(p.budget), slack)]
            bad = [p for p in pairs if not _amount_holds(stated, p, index, settings)]
            if pairs and len(bad) == len(pairs):
                findings.append(_finding(ctx, rule, layout, stated, bad[0], index))
            continue
        # a relation that some budget the passage prints allows is no contradiction
        if not pairs or any(holds(stated.relation, index.interval(p.current),
                                  index.interval(p.budget), slack) for p in pairs):
            continue
        findings.append(_finding(ctx, rule, layout, stated, pairs[0], index))
    return collect(findings), []


def _amount_holds(stated: Stated, pair: Pair, index: FactIndex,
                  settings: ToleranceSettings) -> bool:
    """The printed amount equals |final − budget| (万元) or that difference over the budget (%),
    with the rounding of every figure and the audit's tolerance settings (``--percent-slack`` for
    a percentage); a percentage of a zero budget is the zero-base rule's."""
    expected = _expected_amount(stated, pair, index)
    if expected is None:
        return True
    value, unit = stated.amount or ("", "")
    # the money unit printed (元, 万元 …) converted by the one lexer (rules/numbers.py), so a
    # figure in 元 stands for its interval in 万元, its rounding scaled with it
    printed = Interval.of(*to_wan(Decimal(value.replace(",", "")),
                                  len(value.partition(".")[2]), unit))
    return compare(printed, expected, settings=settings, percent=unit == "%").holds


def _expected_amount(stated: Stated, pair: Pair, index: FactIndex) -> Optional[Interval]:
    cur, bud = index.interval(pair.current), index.interval(pair.budget)
    diff = cur - bud if stated.relation != "lt" else bud - cur
    if (stated.amount or ("", ""))[1] == "%":
        return ratio_percent(diff, bud)
    return diff


def _finding(ctx: FormContext, rule: Rule, layout: Layout, stated: Stated, pair: Pair,
             index: FactIndex) -> Optional[Finding]:
    phrase = layout.text[stated.start:stated.end]
    start, end = layout.sentence(stated.start)
    src = layout.source(stated.start, stated.end)._replace(text=layout.text[start:end])
    diff = pair.current.value - pair.budget.value
    actual = "gt" if diff > 0 else "lt" if diff < 0 else "eq"
    expected = f"决算数{_WORDS_ZH[actual]}{basis_name(pair.basis)}"
    if stated.amount is not None:
        amount = _expected_amount(stated, pair, index)
        unit = "%" if stated.amount[1] == "%" else "万元"
        expected = f"{amount.point:.2f}{unit}" if amount is not None else expected
    evidence = [quote(src, "relation", phrase), fact_evidence(pair.current, "current"),
                fact_evidence(pair.budget, pair.basis)]
    return finding(rule, evidence, stated=phrase, expected=expected,
                   measure=pair.measure, basis=pair.basis,
                   subject=measure_name(pair.measure, pair.current),
                   subject_en=measure_name(pair.measure, pair.current, "en"), phrase=phrase,
                   current=str(pair.current.value), budget=str(pair.budget.value),
                   budget_name=basis_name(pair.basis), budget_name_en=basis_name(pair.basis, "en"),
                   word=_WORDS_ZH[stated.relation], actual_word=_WORDS_ZH[actual],
                   relation={"gt": "above", "lt": "below", "eq": "equal to"}[stated.relation],
                   difference=str(abs(diff)), computed=expected)


__all__ = ["Stated", "Pair", "check_budget_relation", "find_relations", "holds", "pairs_for"]
