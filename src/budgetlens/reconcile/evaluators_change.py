"""Evaluators for comparisons between bases: ``change``, ``pct``, ``zero_base``, ``share``,
``completion``.

Why generic over measures: "较上年减少0.04万元，下降1.16%" obeys the same arithmetic whatever it
is about, so one declaration covers every measure; the bases compared are parameters. The base of a
percentage is the stated base when printed, else the implied one (``current − change``), whose
interval carries both roundings. Extra message fields: ``{change}``, ``{base}`` (the base used),
``{of}`` (the whole of a share).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Iterator, Optional, Sequence

from ..model import Assessment, Fact
from ..rules.catalogue import Rule
from .checks import Check, Context, Term
from ..imply.engine import comparison_bases as _bases
from ..imply.index import CHANGE_OF, COMPLETION_OF, PCT_OF, FactIndex
from .evaluators_units import unit_sum_interval
from ..imply.templates import matching
from .tolerance import Interval, compare, ratio_percent, sum_intervals


def check_change(rule: Rule, ctx: Context) -> Iterator[Check]:
    """``change_b = current − b`` where all three are known (one of them may be implied by the
    others only through another identity; a value implied by this very relation is skipped by the
    engine). Params: ``bases``."""
    index = ctx.index
    for b in _bases(rule):
        basis = CHANGE_OF[b]
        for m in sorted(index.measures(basis)):
            chg = index.get(m, basis)
            if chg is None:
                continue
            cur = _in_scope_or_global(index, chg.scope, m, "current")
            base = _in_scope_or_global(index, chg.scope, m, b)
            if cur is None or base is None:
                continue
            stated, now, then = (_summed_interval(index, f) for f in (chg, cur, base))
            yield Check(rule=rule, instance=(rule.id, m, b), measure=m, basis=basis,
                        stated=stated, expected=now - then,
                        terms=(Term("change", chg), Term("current", cur), Term("base", base)),
                        stated_decimals=index.digits(chg), fields={"base": str(base.value)})


def _summed_interval(index: FactIndex, fact: Fact) -> Interval:
    """A figure's interval; for a 合计 printed as the sum of its units' rounded figures, the
    sum of theirs (:func:`unit_sum_interval`)."""
    return unit_sum_interval(index, fact) or index.interval(fact)


def _in_scope_or_global(index: FactIndex, scope: str, m: str, basis: str) -> Fact | None:
    return index.in_scope(scope, m, basis) or index.get(m, basis)


def _pct_base(index: FactIndex, pct: Fact, b: str) -> tuple[Interval | None, tuple[Term, ...], Fact | None]:
    """The change and base a percentage was computed from, read in its own sentence or table
    first (its own current figure and change), else across the document."""
    m, scope = pct.measure, pct.scope
    chg = _in_scope_or_global(index, scope, m, CHANGE_OF[b])
    if chg is None:
        return None, (), None
    base = index.in_scope(scope, m, b)
    if base is None:
        cur = index.in_scope(scope, m, "current")
        if cur is not None and chg.scope == scope:
            return index.interval(cur) - index.interval(chg), (Term("base", cur),), chg
        base = index.get(m, b)
    if base is None:
        return None, (), chg
    return index.interval(base), (Term("base", base),), chg


def check_pct(rule: Rule, ctx: Context) -> Iterator[Check | Assessment]:
    """``pct_change_b = change_b / b × 100``, each stated percentage read with the figures of
    its own sentence or table first; a zero base is left to ``zero_base``. Params: ``bases``."""
    index = ctx.index
    for b in _bases(rule):
        basis = PCT_OF[b]
        for m in sorted(index.measures(basis)):
            if (m, basis) in index.ambiguous:
                continue
            for pct in index.stated.get((m, basis), ()):
                yield from _pct_check(rule, index, pct, b)


def _pct_check(rule: Rule, index: FactIndex, pct: Fact, b: str) -> Iterator[Check | Assessment]:
    m, basis = pct.measure, pct.basis
    base_iv, base_terms, chg = _pct_base(index, pct, b)
    if base_iv is None or chg is None:
        yield Assessment(rule.id, f"{m}/{basis}: 缺少增减额或比较基数，无法复核百分比",
                         f"{m}/{basis}: the change or its base is not printed: the percentage "
                         "cannot be checked")
        return
    expected = ratio_percent(index.interval(chg), base_iv)
    if expected is None:
        if base_iv.point != 0:
            yield Assessment(rule.id, f"{m}/{basis}: 比较基数接近零，百分比无法确定",
                             f"{m}/{basis}: the base is close to zero: the percentage is "
                             "undetermined")
        return
    yield Check(rule=rule, instance=(rule.id, m, b), measure=m, basis=basis,
                stated=index.interval(pct), expected=expected,
                terms=(Term("stated", pct), Term("change", chg), *base_terms),
                stated_decimals=pct.decimals,
                fields={"change": str(chg.value), "base": _fmt(base_iv)})


def check_zero_base(rule: Rule, ctx: Context) -> Iterator[Check]:
    """A percentage stated against a base that is zero (T4: none may be stated; T5: no completion
    rate of a zero budget). Params: ``bases``; ``of`` = ``pct`` (default) or ``completion``."""
    index = ctx.index
    table = COMPLETION_OF if rule.params.get("of", "pct") == "completion" else PCT_OF
    for b in _bases(rule):
        if b not in table:
            continue
        basis = table[b]
        for m in sorted(index.measures(basis)):
            pct, base = index.get(m, basis), index.get(m, b)
            if pct is None or base is None or pct.origin == "derived":
                continue
            if base.value != 0 or pct.value == 0:
                continue
            yield Check(rule=rule, instance=(rule.id, m, b), measure=m, basis=basis,
                        stated=index.interval(pct), expected=None,
                        terms=(Term("stated", pct), Term("base", base)), undefined=True,
                        stated_decimals=pct.decimals, fields={"base": str(base.value)})


def check_share(rule: Rule, ctx: Context) -> Iterator[Check | Assessment]:
    """``share = value / whole × 100`` with the whole named in ``Fact.of`` (T3). Where the whole
    is ambiguous the share is checked against every candidate the document offers: each printed
    figure of the whole and of the part (the part's own sentence first), and the wholes declared
    as its alternatives (``wholes``: "本年支出" may be printed as the 支出预算 that includes 年终结转结余,
    while the 占比 is of 基本支出 + 项目支出). A share that matches one is not an error; one that
    matches none is reported against the representative figures. Params: ``value_basis``
    (default ``current``), ``wholes`` (whole → list of alternatives, each a list of measures
    whose sum is that whole)."""
    index = ctx.index
    vb = rule.params.get("value_basis", "current")
    alternatives = rule.params.get("wholes", {})
    printed: dict = {}
    for key, facts in sorted(index.stated.items()):
        if key[1] != "share" or key in index.ambiguous:
            continue
        for share in facts:
            parts = _observations(index, share.scope, share.measure, vb, printed)
            wholes = (_wholes(index, share, vb, alternatives.get(share.of, ()), printed)
                      if share.of else [])
            if not parts or not wholes:
                yield Assessment(rule.id, f"{share.measure}/share: 占比的分子或分母未披露",
                                 f"{share.measure}/share: the part or the whole of the share "
                                 "is not printed")
                continue
            pair = _matching_pair(index, ctx, share, parts, wholes)
            if pair is None:
                continue
            part, (whole_iv, whole_terms, label), expected = pair
            yield Check(rule=rule, instance=(rule.id, share.measure, share.of, share.source),
                        measure=share.measure, basis="share", stated=index.interval(share),
                        expected=expected, stated_decimals=share.decimals,
                        terms=(Term("stated", share), Term("part", part), *whole_terms),
                        fields={"of": label or share.of})


def _observations(index: FactIndex, scope: str, measure: str, basis: str,
                  printed: Optional[dict] = None) -> list[Fact]:
    """Every distinct figure of (measure, basis): the one of ``scope`` first, then the
    representative one, then the others as printed. Figures that stand for the same interval
    are one candidate (the first printed): a ratio depends only on the interval, and a document
    that repeats a sentence thousands of times must not make the share check cubic in its length
    (fuzz case text-2026-003316). ``printed`` caches the distinct printed figures per
    (measure, basis) across the shares of one check."""
    if printed is None:
        printed = {}
    tail = printed.get((measure, basis))
    if tail is None:
        tail = printed[(measure, basis)] = _distinct(index, index.stated.get((measure, basis), ()))
    return _distinct(index, (index.in_scope(scope, measure, basis), index.get(measure, basis),
                             *tail))


def _distinct(index: FactIndex, facts: Iterable[Optional[Fact]]) -> list[Fact]:
    """The facts in order, None and repeats of an interval already listed left out."""
    out: list[Fact] = []
    seen: set = set()
    for fact in facts:
        if fact is None:
            continue
        iv = index.interval(fact)
        key = (iv.lo, iv.hi, iv.point)
        if key not in seen:
            seen.add(key)
            out.append(fact)
    return out


def _wholes(index: FactIndex, share: Fact, basis: str, alternatives: Iterable[Sequence[str]],
            printed: dict) -> list[tuple]:
    """Candidate wholes ``(interval, terms, label)``: each figure of ``share.of``, then each
    declared alternative whose measures are all known (summed)."""
    out: list[tuple] = [(index.interval(f), (Term("whole", f),), f.label)
                        for f in _observations(index, share.scope, share.of, basis, printed)]
    for measures in alternatives:
        firsts = [_observations(index, share.scope, m, basis, printed)[:1] for m in measures]
        facts = [f[0] for f in firsts if f]
        if len(facts) == len(firsts):
            out.append((sum_intervals(index.interval(f) for f in facts),
                        tuple(Term("whole", f) for f in facts),
                        " + ".join(f.label or f.measure for f in facts)))
    return out


def _matching_pair(index: FactIndex, ctx: Context, share: Fact, parts: list[Fact],
                   wholes: list[tuple]) -> Optional[tuple[Fact, tuple, Interval]]:
    """The first (part, whole, expected) whose ratio holds for the stated share within its printed
    digits, else the first that holds within the percentage slack, else the first computable one
    (None when no whole is away from zero). 北京 统计局 2026 p5: 35.63% "of 本年支出预算" 51,036.22
    is 35.56 — within 0.1 pp, beyond the print — but exactly 18,147.49 of 基本 + 项目 50,927.95,
    the alternative whole the share is of."""
    stated = index.interval(share)
    first = loose = None
    for whole in wholes:
        for part in parts:
            expected = ratio_percent(index.interval(part), whole[0])
            if expected is None:
                continue
            verdict = compare(stated, expected, settings=ctx.settings, percent=True)
            if verdict.holds and verdict.printed:
                return part, whole, expected
            if verdict.holds:
                loose = loose or (part, whole, expected)
            first = first or (part, whole, expected)
    return loose or first


def check_completion(rule: Rule, ctx: Context) -> Iterator[Check]:
    """``completion_b = current / b × 100`` (T5). Params: ``bases``."""
    index = ctx.index
    for b in _bases(rule):
        if b not in COMPLETION_OF:
            continue
        basis = COMPLETION_OF[b]
        for m in sorted(index.measures(basis)):
            stated, cur, base = index.get(m, basis), index.get(m, "current"), index.get(m, b)
            if stated is None or cur is None or base is None or stated.origin == "derived":
                continue
            expected = ratio_percent(index.interval(cur), index.interval(base))
            if expected is None:
                continue
            yield Check(rule=rule, instance=(rule.id, m, b), measure=m, basis=basis,
                        stated=index.interval(stated), expected=expected,
                        stated_decimals=stated.decimals,
                        terms=(Term("stated", stated), Term("current", cur), Term("base", base)),
                        fields={"base": str(base.value)})


def check_rate(rule: Rule, ctx: Context) -> Iterator[Check]:
    """``rate = of[numerator] / of[denominator] × 100`` for a rate printed as a measure of its own
    (a self-evaluation form's 执行率 = 全年执行数 / 全年预算数: 宁德 2024, 88.75 = 8,874.74 / 9,999.77),
    which the ``completion`` kind cannot see (it reads a basis of the amount's own measure).
    ``{n}`` in ``rate`` binds ``of``; the first ``denominator`` basis printed is the base."""
    index = ctx.index
    numerator = rule.params.get("numerator", "current")
    for m in matching(rule.params["rate"], sorted(index.measures("current"))):
        of = rule.params["of"].format(**m.groupdict())
        stated, num = index.get(m.group(0), "current"), index.get(of, numerator)
        den = next((f for b in rule.params["denominator"] if (f := index.get(of, b)) is not None), None)
        if stated is None or num is None or den is None or stated.origin == "derived":
            continue
        expected = ratio_percent(index.interval(num), index.interval(den))
        if expected is None:
            continue
        yield Check(rule=rule, instance=(rule.id, m.group(0)), measure=m.group(0), basis="current",
                    stated=index.interval(stated), expected=expected, stated_decimals=stated.decimals,
                    terms=(Term("stated", stated), Term("current", num), Term("base", den)),
                    fields={"base": str(den.value), "current": str(num.value)})


def _fmt(iv: Interval) -> str:
    return str(iv.point.normalize()) if iv.point == iv.point.to_integral() else str(
        iv.point.quantize(Decimal("0.01")))
