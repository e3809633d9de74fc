"""Evaluators for additive identities: ``sum``, ``hierarchy``, ``compare``, ``consistency``.

Why few generic evaluators: an identity is data (a ``[[rule]]`` in ``rules/identities.toml``); the
evaluator of its ``kind`` turns the declaration into :class:`~.checks.Check` instances over the fact
index. Message fields every check gets from the engine: ``{measure}`` (name as printed),
``{measure_key}``, ``{basis}`` (zh/en name), ``{stated}``, ``{expected}``, ``{difference}``,
``{tolerance}``; sums add ``{terms}`` (the parts, named).

Placeholders in measure templates: ``{code}`` and ``{n}`` match digits (a classification code, a
project number); ``*`` in a part matches one key segment (all of them are summed).
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from itertools import chain
from typing import Iterable, Iterator, Mapping, Optional, Sequence

from ..model import UNIT_SCOPE, Assessment, Claim, Fact, Scope, scope_unit
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
               partial: bool, listed_twice: bool = False) -> Check:
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


# ---------------------------------------------------------------------------------------------
# hierarchy: 类 = Σ 款, 款 = Σ 项, table total = Σ top rows — inside each scope
# ---------------------------------------------------------------------------------------------


def check_hierarchy(rule: Rule, ctx: Context) -> Iterator[Check | Assessment]:
    """Classified rows add up by code prefix, per scope, column (suffix) and basis. Params:
    ``prefix``, ``suffixes`` (default ``[""]``), ``totals`` (suffix → total measure),
    ``levels`` (code lengths, default ``[3, 5, 7]``). Where the reader could not tell whether
    the table goes on over the page (:func:`_open_sums`), a sum whose children may continue
    there and fall short is not assessable rather than a finding."""
    p = rule.params
    suffixes = tuple(p.get("suffixes", ("",)))
    totals: Mapping[str, str] = p.get("totals", {})
    levels = tuple(p.get("levels", (3, 5, 7)))
    alt = "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
    rx = re.compile(rf"^{re.escape(p['prefix'])}\.(\d+)({alt})$")
    groups: dict[tuple, dict[str, Fact]] = defaultdict(dict)
    other: dict[tuple, set[str]] = defaultdict(set)  # codes of lengths outside ``levels``
    index = ctx.index
    head = p["prefix"] + "."
    for (measure, basis), facts in chain(index.stated.items(), index.units.items()):
        m = rx.match(measure) if measure.startswith(head) else None
        if not m or (measure, basis) in index.ambiguous:
            continue
        for f in facts:
            if f.kind == "percent":
                continue  # rates of change and shares never add up over the classification
            if len(m.group(1)) in levels:
                groups[(f.scope, m.group(2), basis)].setdefault(m.group(1), f)
            else:
                other[(f.scope, m.group(2), basis)].add(m.group(1))
    for (scope, suffix, basis), codes in sorted(groups.items()):
        text = Scope.parse(scope).kind == "text"
        open_codes, open_total = _open_sums(codes, ctx)
        kids = _kids_by_parent(codes, levels)
        for code in sorted(codes):
            children = _children(code, kids, levels)
            if _orphans(code, children, other.get((scope, suffix, basis), ())):
                continue
            if children and not (text and len(children) < 2):
                yield _hier_check(rule, index, codes[code], [codes[c] for c in children], text,
                                  code in open_codes)
        total_measure = totals.get(suffix)
        tot = index.in_scope(scope, total_measure, basis) if total_measure else None
        roots = [c for c in codes if not any(c[:lv] in codes for lv in levels if lv < len(c))]
        if tot is not None and roots and not (text and len(roots) < 2):
            yield _hier_check(rule, index, tot, [codes[c] for c in sorted(roots)], text,
                              open_total)


def _open_sums(codes: Mapping[str, Fact], ctx: Context) -> tuple[set[str], bool]:
    """Which sums of a scope may miss rows the reader did not join (issue #8): where the last
    row read sits in a table that may go on over the page (``open_end``), the codes above it
    (its 类 and 款: their next children may be on the next page) and the table total; where a
    table may continue one before it (``open_start``), the table total (its 类 rows may have
    begun on the page before)."""
    if not codes or not (ctx.open_end or ctx.open_start):
        return set(), False
    where = lambda kv: (kv[1].source.page or 0, kv[1].source.row or -1)  # noqa: E731
    last_code, last = max(codes.items(), key=where)
    first = min(codes.values(), key=lambda f: (f.source.page or 0, f.source.row or -1))
    open_codes = ({last_code[:n] for n in range(3, len(last_code))}
                  if last.source.table in ctx.open_end else set())
    started = first.source.table in ctx.open_start
    return open_codes, bool(open_codes) or started

def _orphans(code: str, children: Sequence[str], other: Iterable[str]) -> bool:
    """Whether a code has rows of a level the rule leaves out that no child covers (陕西 prints
    3010201 津贴补贴 under 301 without a 30102 row): its children are then not all of it."""
    return any(o.startswith(code) and not any(o.startswith(c) for c in children) for o in other)


def _kids_by_parent(codes: Iterable[str], levels: Sequence[int]) -> dict[tuple[str, int], list[str]]:
    """(code, length) → the codes of that length under it, sorted: one pass over a scope's codes
    (looking each code's children up by scanning every code was quadratic in the table's rows)."""
    kids: dict[tuple[str, int], list[str]] = defaultdict(list)
    for c in sorted(codes):
        for lv in set(levels):
            if lv < len(c):
                kids[(c[:lv], len(c))].append(c)
    return kids


def _children(code: str, kids: Mapping[tuple[str, int], list[str]], levels: Sequence[int]
              ) -> list[str]:
    """The codes of the first deeper level (in ``levels`` order) that has any under ``code``."""
    for lv in levels:
        if lv > len(code):
            found = kids.get((code, lv))
            if found:
                return found
    return []


def _hier_check(rule: Rule, index: FactIndex, tot: Fact, parts: list[Fact], text: bool,
                open_: bool = False) -> Check | Assessment:
    """The sum check; where the parts may go on over the page (``open_``) and fall short, an
    assessment instead: a reading in doubt is not a defect of the document. The changes of the
    items a sentence lists that do not add up to the total's change are not assessable either: a
    text lists the items spent this year, and one spent last year only (its change the whole of
    its prior figure) is not among them (平潭 2017: the prior of the listed items falls 19.02
    short of the total's). Nor are the amounts of a text's items that fall short of its total
    (a list in a sentence may leave items out); above it they are a finding."""
    expected = sum_intervals(index.interval(f) for f in parts)
    if open_ and expected.hi < index.interval(tot).lo:
        return na(rule, f"{tot.measure}/{tot.basis}", "表格可能在下页续接而未能拼接，下级科目可能不全，未核对",
                  "the table may go on on a page not joined to it: items may be missing")
    if text and tot.basis in CHANGE_BASES and not compare(index.interval(tot), expected,
                                                         "eq").holds:
        return na(rule, f"{tot.measure}/{tot.basis}", "文字只列示本年有支出的科目，上年有而本年无的科目的变动未列示，"
                  "变动额无法核对", "the text lists this year's items only: the change cannot be checked")
    if text and expected.hi < index.interval(tot).lo and not enumerated(parts):
        # a sentence need not name every item (主要支出项目), and an item printed in a name the
        # reader does not know is left out (平潭 教育局 2016: 18 of 19 items read, 4.02 short;
        # 管委会办公室, 台湾工作部: lists read in part): only parts above the total contradict it
        return na(rule, f"{tot.measure}/{tot.basis}", "文字列示的科目可能不全，下级科目合计小于总数，未核对",
                  "the items the text lists may be incomplete (less than the total): not checked")
    return _sum_check(rule, index, _instance(rule, tot.measure, tot.basis, tot.scope), tot, parts,
                      partial=text)


def enumerated(parts: Sequence[Fact]) -> bool:
    """Whether a sentence's list names an item printed as zero ("其中：一般公共服务支出预算476.94万元，
    教育支出预算0万元，…"): an author picking the main items leaves empty ones out, so a list that
    names one enumerates the classification, and falling short of its total is then a shortfall
    of the figures (a warning), not of the list."""
    return any(f.origin == "text" and f.value == 0 for f in parts)


def _instance(rule: Rule, measure: str, basis: str, scope: str) -> tuple:
    """One identity instance per measure and basis; a budget unit's rows are instances of their
    own (two units failing on one code are two findings)."""
    unit = scope_unit(scope)
    return (rule.id, measure, basis, unit) if unit else (rule.id, measure, basis)


# ---------------------------------------------------------------------------------------------
def _classified_by_rows(rule: Rule, index: FactIndex, scope: str, basis: str) -> bool:
    """A non-zero cell of one of ``unless_nonzero`` in the scope: the document states its own
    split row by row (陕西 30239 其他交通费用 as 人员经费), which the column sums already check."""
    for m in rule.params.get("unless_nonzero", ()):
        f = index.in_scope(scope, m, basis)
        if f is not None and f.value:
            return True
    return False


# compare: Σ left (eq | le | ge) Σ right, across tables
# ---------------------------------------------------------------------------------------------


def check_compare(rule: Rule, ctx: Context) -> Iterator[Check | Assessment]:
    """Cross-table identities (standards §4.4–4.5): ``left``, ``right`` (measure lists, summed),
    ``relation`` (``eq`` | ``le`` | ``ge``), ``bases`` (default ``["current"]``),
    ``optional_right`` (added to the right side where printed: a part some templates print beside
    the right side's measure, e.g. 江苏 单位预留机动经费, that a derived left side contains),
    ``unless_claim`` (a claim kind: where the document states one about a left measure, e.g. its
    own wider definition of 机关运行经费, the comparison is not the document's and is not made),
    ``unless_present`` (measures whose figure on the basis makes the comparison another rule's:
    totals implied by their parts are compared only where no total is printed), ``alternatives``
    (``[left, right]`` pairs: where one holds, all its figures printed, nothing is reported)."""
    p, index = rule.params, ctx.index
    left, right = tuple(p["left"]), tuple(p["right"])
    stated = _claimed(ctx, p.get("unless_claim", ""), left)
    for b in _bases(rule, ("current",)):
        lf = [f for f in (index.get(m, b) for m in left) if f is not None]
        rf = [f for f in (index.get(m, b) for m in right) if f is not None]
        if len(lf) < len(left) or len(rf) < len(right) \
                or any(index.get(m, b) is not None for m in p.get("unless_present", ())) \
                or _another_reading_holds(ctx, p.get("alternatives", ()), b):
            continue
        if stated is not None:
            yield na(rule, f"{left[0]}/{b}", f"文档自身的定义（“{stated.text[:60]}”，第"
                     f"{stated.source.page}页）与本项比较的口径不同，不作比较",
                     f"the document's own definition (“{stated.text[:60]}”, "
                     f"p.{stated.source.page}) has another scope: not compared")
            continue
        rf += [f for f in (index.get(m, b) for m in p.get("optional_right", ())) if f is not None]
        yield Check(rule=rule, instance=(rule.id, left, right, b), measure=lf[0].measure, basis=b,
                    stated=sum_intervals(index.interval(f) for f in lf),
                    expected=sum_intervals(index.interval(f) for f in rf),
                    terms=(*(Term("left", f) for f in lf), *(Term("right", f) for f in rf)),
                    relation=p.get("relation", "eq"), stated_decimals=index.digits(lf[0]),
                    fields={"left": " + ".join(_name(f) for f in lf),
                            "right": " + ".join(_name(f) for f in rf)})


def _another_reading_holds(ctx: Context, alternatives: Sequence, basis: str) -> bool:
    """One of the declared alternative ``[left, right]`` readings, all of its figures printed,
    holds: the comparison is then the document's in that reading (北京 财政局 2026 calls its total
    with 上年结转结余 收入预算, so 本年收入 alone balances the spending)."""
    index = ctx.index
    for left, right in alternatives:
        lf = [f for f in (index.get(m, basis) for m in left) if f is not None]
        rf = [f for f in (index.get(m, basis) for m in right) if f is not None]
        if len(lf) == len(left) and len(rf) == len(right) and compare(
                sum_intervals(index.interval(f) for f in lf),
                sum_intervals(index.interval(f) for f in rf), settings=ctx.settings).holds:
            return True
    return False


def _claimed(ctx: Context, kind: str, measures: tuple) -> Optional[Claim]:
    """The first claim of ``kind`` the narrative states about one of ``measures``, if any."""
    if not kind or ctx.disclosure is None:
        return None
    return next((c for c in ctx.disclosure.claims if c.kind == kind and c.measure in measures), None)
