"""The ``consistency`` evaluator: every stated observation of one (measure, basis) agrees.

Why a module of its own: it is the one identity kind that compares a figure with its own other
printings (text = table, table = table) rather than with other measures, with its own clustering of
observations that agree within rounding; the sums and comparisons live in :mod:`.evaluators`.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator, Mapping, Optional, Sequence

from ..model import Assessment, Fact
from ..rules.catalogue import Rule
from ..imply.index import FactIndex
from .checks import Check, Context, Term
from .consistency_rounding import RowTotals, hull, misrounded, rounded_from_parts, widen
from .tolerance import Interval, compare




def check_consistency(rule: Rule, ctx: Context) -> Iterator[Check | Assessment]:
    """All stated observations of a measure on a basis agree (text = table, table = table).

    Observations are grouped into clusters that agree within rounding; the largest cluster (the
    one holding a table cell on a tie) is the reference and each fact outside it is one check.
    More than ``max_groups`` clusters means the key covers several things (a department document
    repeating every unit's tables, a sentence list of units): not assessable rather than a
    finding per figure. A disagreement between sentences only gets ``text_only_severity``.
    Params: ``kinds`` (fact kinds, default all), ``max_groups`` (default 2),
    ``text_only_severity`` (default the rule's), ``skip`` (measure prefixes stated per unit, not
    per department: 内设机构数; or not one figure: ``reason.`` components,
    each the part of its own change)."""
    kinds = set(rule.params.get("kinds", ()))
    skip = tuple(rule.params.get("skip", ()))
    max_groups = int(rule.params.get("max_groups", 2))
    text_only = rule.params.get("text_only_severity")
    explained: Mapping[str, str | list[str]] = rule.params.get("explained_by", {})
    between_tables = rule.params.get("explained_tables_severity", "warning")
    other_scope: Mapping[str, list[str]] = rule.params.get("other_scope", {})
    head = re.compile(rule.params["item_head"]) if rule.params.get("item_head") else None
    index = ctx.index
    row_totals = RowTotals(index)
    for (measure, basis), all_facts in index.stated.items():
        if len(all_facts) < 2 or (kinds and all_facts[0].kind not in kinds) \
                or measure.startswith(skip or ("\0",)):
            continue
        facts, ambiguous = _one_per_row(all_facts)
        if ambiguous:
            yield Assessment(rule.id, f"{measure}/{basis}: 同一表格行内出现两次，列的含义不明，未比对",
                             f"{measure}/{basis}: printed twice in one table row, what the "
                             "columns mean is unclear: not compared")
        if len(facts) < 2:
            continue
        clusters = _clusters(index, facts)
        if len(clusters) > max_groups:
            yield from _too_many(rule, index, facts, len(clusters), head, text_only)
            continue
        group = max(clusters, key=lambda c: (len(c), any(f.origin == "table" for f in c)))
        ref = next((f for f in group if f.origin == "table"), group[0])
        expected = _intersection(index, [ref] + [f for f in group if f is not ref])
        for f in facts:
            if f is ref:
                continue
            severity = text_only if (text_only and f.origin != "table"
                                     and ref.origin != "table") else None
            severity = _severity(index, explained.get(measure), other_scope.get(measure, ()), f,
                                 ref, between_tables) or severity
            stated = index.interval(f)
            admits = expected
            if not compare(stated, expected, "eq").holds:
                # Σ of rows rounded one by one (units, or a column's 类 rows): a rounding note
                admits = hull(expected, stated) if rounded_from_parts(index, f, ref) else \
                    widen(expected, row_totals.slack(f, ref))
            yield Check(rule=rule, instance=(rule.id, measure, basis, f.source), measure=measure,
                        basis=basis, stated=stated, expected=admits,
                        terms=(Term("stated", f), Term("reference", ref)),
                        stated_decimals=min(f.decimals, ref.decimals), severity=severity,
                        fields={"reference": ref.source.text or str(ref.value)})


def _too_many(rule: Rule, index: FactIndex, facts: Sequence[Fact], groups: int,
              head: Optional[re.Pattern], severity: Optional[str]
              ) -> Iterator[Check | Assessment]:
    """More groups than ``max_groups``: the key as a whole is not compared (units or scopes), but
    an item's figure restated in its own paragraph still is."""
    measure, basis = facts[0].measure, facts[0].basis
    yield Assessment(rule.id, f"{measure}/{basis}: 出现{groups}组互不相同的数值，"
                              "可能分属不同单位或口径，未逐一比对",
                     f"{measure}/{basis}: {groups} groups of different values, "
                     "perhaps of different units or scopes: not compared one by one")
    if head is not None:
        yield from _item_restated(rule, index, facts, head, severity)


def _item_restated(rule: Rule, index: FactIndex, facts: Sequence[Fact], head: re.Pattern,
                   severity: Optional[str]) -> Iterator[Check]:
    """A text item restating its own figure: an enumerated item's sentence ("4.“社会保障和就业支出
    （类）社会福利（款）社会福利事业单位（项）”738.66万元，…") and the unnumbered sentence right after it
    on the same page ("…2024年预算安排738.66万元，比…增加3.84%") are one item's paragraph, so their
    figures agree whatever other units or scopes the key's other groups stand for. ``head``
    (``item_head``) is the enumerator that starts an item; a sentence without one continues the
    item before it (two numbered sentences are two items: a list of units is never paired)."""
    text = sorted((f for f in facts if f.origin == "text" and f.source.line is not None),
                  key=lambda f: (f.source.page or 0, f.source.line or 0))
    for first, second in zip(text, text[1:]):
        if first.source.page != second.source.page or \
                not 0 <= (second.source.line or 0) - (first.source.line or 0) <= 2:
            continue
        if not head.match(first.source.text or "") or head.match(second.source.text or ""):
            continue
        yield Check(rule=rule, instance=(rule.id, first.measure, first.basis, first.source),
                    measure=first.measure, basis=first.basis, stated=index.interval(first),
                    expected=index.interval(second), severity=severity,
                    terms=(Term("stated", first), Term("reference", second)),
                    stated_decimals=min(first.decimals, second.decimals),
                    fields={"reference": second.source.text or str(second.value)})


def _severity(index: FactIndex, explained: str | list[str] | None, wider: Sequence[str],
              fact: Fact, ref: Fact, between_tables: str) -> str | None:
    """The severity a disagreement of two observations takes when it is not a plain one (None):
    a figure cut or rounded up, or another 口径 (incl. 结转), is a warning; two tables of one
    document, each adding up, one of them including a printed amount the other leaves out (烟台
    收入总表's 合计 = 本年收入合计 + 上级补助收入) are two 口径 printed as such: ``between_tables``."""
    if _explained(index, explained, fact, ref):
        if not misrounded(fact, ref) and fact.origin == ref.origin == "table":
            return between_tables
        return "warning"
    if misrounded(fact, ref) or _other_scope(index, wider, fact):
        return "warning"
    return None


def _explained(index: FactIndex, other: str | list[str] | None, fact: Fact, ref: Fact) -> bool:
    """Whether two observations differ by exactly a printed amount that one of them may include
    (``explained_by``, one measure or a list of them: 一般公共预算 income 192,446.79 in one table,
    181,184.15 + 上年结转 11,262.64 in another): two 口径, not two amounts."""
    others = [other] if isinstance(other, str) else list(other or ())
    gap = index.interval(fact) - index.interval(ref)
    gap = gap.neg() if gap.point < 0 else gap
    for measure in others:
        gap_fact = index.get(measure, fact.basis)
        if gap_fact is not None and gap_fact.value != 0 and \
                compare(gap, index.interval(gap_fact), "eq").holds:
            return True
    return False


def _other_scope(index: FactIndex, others: Sequence[str], fact: Fact) -> bool:
    """Whether an observation equals (or is a cut or rounded-up form of) a printed figure of a
    measure of the wider 口径 (``other_scope``: 陕西 text 当年预算收入 344,447.70 is the 收支总表's
    收入总计, which includes 上年结转 and 上年实户资金余额): the figure named by the other 口径's
    words, not another amount."""
    for measure in others:
        for other in index.stated.get((measure, fact.basis), ()):
            if other.kind == fact.kind and (misrounded(fact, other) or compare(
                    index.interval(fact), index.interval(other), "eq").holds):
                return True
    return False


def _clusters(index: FactIndex, facts: Sequence[Fact]) -> list[list[Fact]]:
    """Chains of overlapping intervals, in value order (single linkage: linear after sorting)."""
    ordered = sorted(facts, key=lambda f: index.interval(f).lo)
    clusters: list[list[Fact]] = []
    hi = None
    for f in ordered:
        iv = index.interval(f)
        if hi is None or iv.lo > hi:
            clusters.append([f])
            hi = iv.hi
        else:
            clusters[-1].append(f)
            hi = max(hi, iv.hi)
    return clusters


def _one_per_row(facts: Sequence[Fact]) -> tuple[list[Fact], bool]:
    """A measure printed twice in one table row is an ambiguous column mapping, not two
    observations: keep the row's first cell only and say so."""
    out: list[Fact] = []
    rows: dict[tuple[int, Optional[int]], Fact] = {}
    ambiguous = False
    for f in facts:
        row = (f.source.table, f.source.row) if f.source.table is not None else None
        if row is not None and row in rows:
            ambiguous = ambiguous or rows[row].value != f.value
            continue
        if row is not None:
            rows[row] = f
        out.append(f)
    return out, ambiguous


def _intersection(index: FactIndex, facts: Iterable[Fact]) -> Interval:
    ivs = [index.interval(f) for f in facts]
    lo, hi = max(i.lo for i in ivs), min(i.hi for i in ivs)
    if lo > hi:  # pairwise overlap with the anchor only: fall back to the anchor
        return ivs[0]
    point = ivs[0].point
    return Interval(lo, hi, point)
