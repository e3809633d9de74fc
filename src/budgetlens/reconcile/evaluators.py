"""Evaluator of the additive identity ``sum`` (total = Σ parts), and what the other additive kinds
share with it: an identity instance, the sum check itself, the bases a rule names.

Why few generic evaluators: an identity is data (a ``[[rule]]`` in ``rules/identities.toml``); the
evaluator of its ``kind`` turns the declaration into :class:`~.checks.Check` instances over the fact
index. Message fields every check gets from the engine: ``{measure}`` (name as printed),
``{measure_key}``, ``{basis}`` (zh/en name), ``{stated}``, ``{expected}``, ``{difference}``,
``{tolerance}``; sums add ``{terms}`` (the parts, named). The other additive kinds live by
responsibility beside this one: ``hierarchy`` (:mod:`.evaluators_hierarchy`, codes add up by
prefix inside a scope), ``compare`` (:mod:`.evaluators_compare`, Σ left against Σ right across
tables), ``consistency`` (:mod:`.evaluators_consistency`).

Placeholders in measure templates: ``{code}`` and ``{n}`` match digits (a classification code, a
project number); ``*`` in a part matches one key segment (all of them are summed).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator, Optional, Sequence

from ..model import UNIT_SCOPE, Assessment, Fact, scope_unit
from ..rules.catalogue import Rule
from .checks import Check, Context, LazyFields, Term
from .protocol import not_assessable as na
from .sum_printed import BLANK_PARTS, blank_parts_only, fill, in_scope_or_composed
from ..imply.index import AMOUNT_BASES, CHANGE_OF, FactIndex
from ..imply.engine import rule_bases
from ..imply.templates import has_placeholder, matching, template_regex
from .tolerance import Interval, compare, sum_intervals
from .wording import term_name

CHANGE_BASES = frozenset(CHANGE_OF.values())


def _bases(rule: Rule, default: Sequence[str] = AMOUNT_BASES) -> tuple[str, ...]:
    return rule_bases(rule, default)


# ---------------------------------------------------------------------------------------------
# sum: total = Σ parts
# ---------------------------------------------------------------------------------------------


def sum_instances(rule: Rule, index: FactIndex) -> Iterator[tuple[str, tuple, tuple]]:
    """Concrete (total, required parts, optional parts) for a rule, expanding placeholders by
    grouping the measures present (never a nested loop over facts)."""
    p = rule.params
    total, parts, optional = p.get("total", ""), list(p.get("parts", ())), list(p.get("optional", ()))
    templates = [total, *parts, *optional]
    if not any(has_placeholder(t) for t in templates if t):
        yield total, tuple(parts), tuple(optional)
        return
    anchor = total or (parts + optional)[0]
    measures = index.sorted_measures()
    bindings = {tuple(sorted(m.groupdict().items())) for m in matching(anchor, measures)}
    for binding in sorted(bindings):
        b = dict(binding)
        req = tuple(_expand(fill(t, b), measures) for t in parts)
        opt = tuple(_expand(fill(t, b), measures) for t in optional)
        yield fill(total, b), tuple(x for r in req for x in r), tuple(x for o in opt for x in o)


def _expand(template: str, measures: Sequence[str]) -> tuple[str, ...]:
    if "*" not in template:
        return (template,)
    return tuple(m.string for m in matching(template, measures))


def check_sum(rule: Rule, ctx: Context) -> Iterator[Check | Assessment]:
    """``total = Σ parts`` on every amount basis; inside one scope first, then across scopes.
    Params: ``total``, ``parts``, ``optional`` (absent = not printed = 0, only inside one scope),
    ``where`` (``any`` | ``table``), ``bases``, ``equals_any`` (no total: Σ parts must be one of),
    ``unless_nonzero`` (measures: a non-zero one in the total's table means the table classifies
    its rows itself, e.g. a 302 row in the 人员经费 column, so a convention sum is not assessable),
    ``composed`` (optional part → its components: they stand in for it where only they are
    printed in the scope)."""
    index = ctx.index
    for total, req, opt in sum_instances(rule, index):
        for b in _bases(rule):
            if total:
                yield from _sum_one(rule, index, total, req, opt, b)
            else:
                yield from _sum_constant(rule, index, req + opt, b)


def _sum_one(rule: Rule, index: FactIndex, total: str, req: tuple, opt: tuple,
             basis: str) -> Iterator[Check | Assessment]:
    instance = (rule.id, total, basis)
    scoped = False
    for scope in index.scopes.get((total, basis), ()):
        found = [in_scope_or_composed(rule, index, scope, p, basis) for p in req]
        if not all(found):
            continue
        facts = [f for fs in found for f in fs]
        found_opt = [in_scope_or_composed(rule, index, scope, p, basis) for p in opt]
        extra = [f for fs in found_opt for f in fs]
        if not (facts or extra):
            continue
        partial = not all(found_opt)  # an optional part this scope does not print
        if partial and all(f.blank for f in facts + extra):
            continue  # only blank cells beside a column that is not there: nothing printed
        tot = index.in_scope(scope, total, basis)
        if tot is None:
            continue
        if blank_parts_only(index, tot, facts + extra):  # the table's own scope answers it
            scoped = True
            yield na(rule, f"{total}/{basis}", BLANK_PARTS[0], BLANK_PARTS[1])
            continue
        if _classified_by_rows(rule, index, scope, basis):
            yield na(rule, f"{total}/{basis}", "表内逐行划分，口径与本规则不同，未核对",
                     "the table divides it row by row, another scope: not checked")
            continue
        # an optional part not printed may also be a row the extractor did not recognise: a
        # total above its parts is then only a warning (a total below them stays an error)
        scoped = scoped or UNIT_SCOPE not in scope  # a unit's row says nothing of the department
        if partial and basis in CHANGE_BASES:
            # a change of a source left out may have either sign: a partial list bounds nothing
            yield na(rule, f"{total}/{basis}", "只列示了部分组成项的变动，无法核对",
                     "the change of only some parts is printed: not checked")
            continue
        yield _sum_check(rule, index, _instance(rule, total, basis, scope), tot, facts + extra,
                         partial, _listed_twice(rule, index, tot, facts + extra))
    if scoped or rule.params.get("where", "any") == "table":
        return
    tot = index.get(total, basis)
    got, got_extra = [index.get(p, basis) for p in req], [index.get(p, basis) for p in opt]
    if not got and not got_extra:
        return  # a wildcard matched nothing: no parts printed, nothing to add up
    facts = [f for f in got if f is not None]
    extra = [f for f in got_extra if f is not None]
    if tot is None or len(facts) < len(got) or len(extra) < len(got_extra):
        if tot is not None and tot.origin != "derived" and facts:
            yield na(rule, f"{total}/{basis}", "部分组成项未披露，无法核对合计",
                     "some parts are not printed: the total cannot be checked")
        return
    yield _sum_check(rule, index, instance, tot, facts + extra, False)


def _listed_twice(rule: Rule, index: FactIndex, tot: Fact, parts: list[Fact]) -> bool:
    """Whether the sum fails only by ``of_which`` columns printed non-zero and the total equals
    the other parts without them: a column printed as an 其中 of the others (深圳 支出总表 lists
    事业单位经营支出 inside 基本/项目支出: 10,446.03 = 1,043.32 + 9,402.71, 经营支出 9,118.50)."""
    templates = [template_regex(t) for t in rule.params.get("of_which", ())]
    inner = [f for f in parts if any(rx.fullmatch(f.measure) for rx in templates)]
    if not inner or all(f.value == 0 for f in inner):
        return False
    rest = [f for f in parts if f not in inner]
    if not rest:
        return False
    stated = index.interval(tot)
    without = sum_intervals(index.interval(f) for f in rest)
    return compare(stated, without, "eq").holds and sum(f.value for f in inner) <= tot.value


def _sum_check(rule: Rule, index: FactIndex, instance: tuple, tot: Fact, parts: list[Fact],
               partial: bool, listed_twice: bool = False,
               expected: Optional[Interval] = None) -> Check:
    """``expected``: the parts' sum when the caller has added them up already (the hierarchy
    check judges it first: adding up again was a third of its cost)."""
    if expected is None:
        expected = sum_intervals(index.interval(f) for f in parts)
    stated = index.interval(tot)
    # parts not printed can only add to an amount; a change of a part left out may have either
    # sign (a partial list of changes bounds nothing: not assessable in _sum_one, a warning here
    # for the text hierarchies that reach this with partial=True)
    severity = "warning" if partial and (expected.point < stated.point
                                         or tot.basis in CHANGE_BASES) or listed_twice else None
    return Check(rule=rule, instance=instance, measure=tot.measure, basis=tot.basis,
                 stated=stated, expected=expected,
                 terms=(Term("total", tot), *(Term("part", f) for f in parts)),
                 stated_decimals=index.digits(tot), severity=severity,
                 fields=LazyFields(lambda: {"terms": " + ".join(_name(f) for f in parts)}))


def _sum_constant(rule: Rule, index: FactIndex, parts: tuple, basis: str) -> Iterator[Check]:
    found = [index.get(p, basis) for p in parts]
    facts = [f for f in found if f is not None]
    if not facts:
        return
    stated = sum_intervals(index.interval(f) for f in facts)
    targets = [Decimal(str(v)) for v in rule.params.get("equals_any", ())]
    if not targets:
        return
    best = min(targets, key=lambda t: abs(stated.point - t))
    measure = facts[0].measure.rsplit(".", 1)[0]
    yield Check(rule=rule, instance=(rule.id, measure, basis), measure=measure, basis=basis,
                stated=stated, expected=Interval.exact(best),
                terms=tuple(Term("part", f) for f in facts),
                fields={"terms": " + ".join(_name(f) for f in facts),
                        "targets": "/".join(str(t) for t in targets)})


def _name(fact: Fact) -> str:
    return term_name(fact)


def _instance(rule: Rule, measure: str, basis: str, scope: str) -> tuple:
    """One identity instance per measure and basis; a budget unit's rows are instances of their
    own (two units failing on one code are two findings)."""
    unit = scope_unit(scope)
    return (rule.id, measure, basis, unit) if unit else (rule.id, measure, basis)


def _classified_by_rows(rule: Rule, index: FactIndex, scope: str, basis: str) -> bool:
    """A non-zero cell of one of ``unless_nonzero`` in the scope: the document states its own
    split row by row (陕西 30239 其他交通费用 as 人员经费), which the column sums already check."""
    for m in rule.params.get("unless_nonzero", ()):
        f = index.in_scope(scope, m, basis)
        if f is not None and f.value:
            return True
    return False
