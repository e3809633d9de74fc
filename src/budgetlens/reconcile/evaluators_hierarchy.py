"""Evaluator of the identity ``hierarchy``: 类 = Σ 款, 款 = Σ 项, a table's total = Σ its top
rows — classified rows add up by code prefix inside each scope.

Why a module of its own: the hierarchy is the identity whose inputs are shaped by reading (which
rows a table prints, a level it skips, a table that may go on over the page, a sentence that lists
only some items), and those judgements — when a shortfall is not assessable rather than a
finding — are its own; the sum check it ends in is :mod:`.evaluators`'.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import chain
from typing import Iterable, Iterator, Mapping, Sequence

from ..imply.index import FactIndex
from ..model import Assessment, Fact, Scope
from ..rules.catalogue import Rule
from .checks import Check, Context
from .evaluators import CHANGE_BASES, _instance, _sum_check
from .protocol import not_assessable as na
from .tolerance import compare, sum_intervals

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
                      partial=text, expected=expected)


def enumerated(parts: Sequence[Fact]) -> bool:
    """Whether a sentence's list names an item printed as zero ("其中：一般公共服务支出预算476.94万元，
    教育支出预算0万元，…"): an author picking the main items leaves empty ones out, so a list that
    names one enumerates the classification, and falling short of its total is then a shortfall
    of the figures (a warning), not of the list."""
    return any(f.origin == "text" and f.value == 0 for f in parts)
