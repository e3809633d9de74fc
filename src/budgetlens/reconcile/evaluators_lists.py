"""Evaluators of figures a text spreads over several sentences: the shares of a whole's parts
(kind ``share_sum``) and the classified items of a text-only explanation bounded by their class
(kind ``items_within``).

Why kinds of their own: every other identity of a sentence is judged inside the sentence that
states it (a text scope is the line a sentence starts on), and a list in one sentence may leave
items out, so a sum that falls short of its total says nothing. Two relations need no closed list
and hold across sentences:

* ``share_sum``: shares of one whole's parts, each printed beside its part ("因公出国（境）费0万元，
  占0%；…公务接待费2万元，占100%"), add up to 100 when every part of the whole has its share
  printed (the parts are a partition of the whole: 三公 = 出国 + 车辆 + 接待). A share printed as
  100 beside siblings printed as shares of their own is then tied to them. Parts are data
  (``part_sets``: alternative partitions, e.g. the vehicle as one item or as 购置 + 运行).
* ``items_within``: items of a classification that a text explains one by one ("4.人大事务（款）人大
  立法（项）支出729万元…") can never add up to more than the class they belong to, printed anywhere
  in the document under the same or a wider fund scope (财政拨款 ⊆ 全部资金): amounts are not
  negative. A list may be partial, so only a sum above the class is a finding (a warning: an
  item filed under the wrong class by its name is a reading in doubt, not the document's
  contradiction on its own words).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from functools import partial
from typing import Iterator, Optional, Sequence

from ..imply.index import FactIndex
from ..model import Fact, Scope
from ..rules.catalogue import Rule
from .checks import Check, Context, LazyFields, Term
from .tolerance import Interval, compare, sum_intervals
from .wording import term_name


# ---------------------------------------------------------------------------------------------
# share_sum: the shares of a whole's parts add up to 100
# ---------------------------------------------------------------------------------------------


def check_share_sum(rule: Rule, ctx: Context) -> Iterator[Check]:
    """For each page, the shares of ``whole`` (``Fact.of``) printed for every part of one of the
    ``part_sets`` add up to 100. A part whose share the page prints twice with two values
    (a budget's and a final account's shares side by side) makes the set ambiguous: not judged."""
    index = ctx.index
    whole = rule.params["whole"]
    by_page: dict[Optional[int], dict[str, list[Fact]]] = defaultdict(lambda: defaultdict(list))
    for (measure, basis), facts in index.stated.items():
        if basis != "share" or (measure, basis) in index.ambiguous:
            continue
        for f in facts:
            if f.of == whole and f.origin == "text":
                by_page[f.source.page][measure].append(f)
    for page, shares in sorted(by_page.items(), key=lambda kv: kv[0] or 0):
        for parts in rule.params["part_sets"]:
            chosen = [_one_value(index, shares.get(p, ())) for p in parts]
            if not all(chosen):
                continue
            facts = [f for f in chosen if f is not None]
            if all(f.value == 0 for f in facts) or _zero_whole(index, facts, whole):
                continue  # 0% of an empty 三公 total for every item: no whole to add up to
            if any(_contradicts_own_amounts(index, f, whole) for f in facts):
                continue  # the share-of-whole rule reports that share: one defect, one finding
            yield Check(rule=rule, instance=(rule.id, whole, page, tuple(parts)), measure=whole,
                        basis="share", stated=sum_intervals(index.interval(f) for f in facts),
                        expected=Interval.exact(Decimal(100)),  # a whole's parts: all of it
                        terms=tuple(Term("part", f) for f in facts),
                        stated_decimals=max(f.decimals for f in facts),
                        fields=LazyFields(partial(_share_fields, facts)))


def _share_fields(facts: Sequence[Fact]) -> dict[str, str]:
    """Message fields, worded only when the check becomes a finding."""
    return {"terms": " + ".join(f"{term_name(f)} {f.value}%" for f in facts)}


def _zero_whole(index: FactIndex, shares: Sequence[Fact], whole: str) -> bool:
    """Whether the whole the shares are of is printed as zero beside them (shares of nothing)."""
    totals = [index.in_scope(f.scope, whole, "current") for f in shares]
    return any(t is not None and t.value == 0 for t in totals)


def _contradicts_own_amounts(index: FactIndex, share: Fact, whole: str) -> bool:
    """Whether the share already contradicts its own part and whole printed in its sentence
    (the shares sum is for shares each of which rounding alone lets pass)."""
    part = index.in_scope(share.scope, share.measure, "current")
    total = index.in_scope(share.scope, whole, "current") or index.get(whole, "current")
    if part is None or total is None:
        return False
    p, t = index.interval(part), index.interval(total)
    if t.lo <= 0:
        return False
    lo, hi = p.lo / t.hi * 100, p.hi / t.lo * 100
    return not compare(index.interval(share), Interval(lo, hi, (lo + hi) / 2), "eq").holds


def _one_value(index: FactIndex, facts: Sequence[Fact]) -> Optional[Fact]:
    """The first of ``facts`` when they all print one value (within rounding): None when there
    are none or two values (a part's share printed twice, a code of two units or years)."""
    if not facts:
        return None
    first = index.interval(facts[0])
    if any(not compare(index.interval(f), first, "eq").holds for f in facts[1:]):
        return None
    return facts[0]


# ---------------------------------------------------------------------------------------------
# items_within: a text's classified items never exceed their class
# ---------------------------------------------------------------------------------------------


def check_items_within(rule: Rule, ctx: Context) -> Iterator[Check]:
    """Σ of the text items of ``items`` (a measure prefix; codes as the last key segment) under a
    class code ≤ that class printed under ``items`` or one of the wider prefixes of ``within``.
    Items are the text's alone (no table prints them), each code with one value (a code printed with two values is several
    units' or years': its class is not judged); nested codes count once (the outermost). A class
    whose items and figure all stand in one sentence is the ``hierarchy`` rule's."""
    index = ctx.index
    head = rule.params["items"] + "."
    wider = [head] + [w + "." for w in rule.params.get("within", ())]
    for basis in rule.params.get("bases", ("current",)):
        items, doubtful = _text_items(index, head, basis, wider)
        classes = {code[:n] for code in items for n in (3, 5) if len(code) > n}
        for cls in sorted(classes):
            if any(d.startswith(cls) for d in doubtful):
                continue
            kids = _outermost([c for c in items if c.startswith(cls) and len(c) > len(cls)])
            total = _class_total(index, wider, cls, basis)
            if total is None or not kids:
                continue
            parts = [items[c] for c in kids]
            if all(f.scope == total.scope for f in parts):
                continue  # one sentence: the hierarchy rule judges it
            yield Check(rule=rule, instance=(rule.id, total.measure, basis, head), measure=total.measure,
                        basis=basis, stated=sum_intervals(index.interval(f) for f in parts),
                        expected=index.interval(total), relation="le",
                        terms=(*(Term("part", f) for f in parts), Term("total", total)),
                        stated_decimals=max(f.decimals for f in parts),
                        fields=LazyFields(partial(_items_fields, parts, total)))


def _items_fields(parts: Sequence[Fact], total: Fact) -> dict[str, str]:
    """Message fields, worded only when the check becomes a finding."""
    return {"terms": " + ".join(term_name(f) for f in parts), "total": term_name(total)}


def _text_items(index: FactIndex, head: str, basis: str, wider: Sequence[str]
                ) -> tuple[dict[str, Fact], set[str]]:
    """code → the text's item of that code, and the codes printed with more than one value. An
    item a table also prints (under any of the prefixes) is the table's: its hierarchy and the
    text-table consistency judge it, and a 元 table's class against 万元 items would only add
    rounding notes."""
    seen: dict[str, Fact] = {}
    doubtful: set[str] = set()
    for (measure, b), facts in index.stated.items():
        if b != basis or not measure.startswith(head):
            continue
        code = measure[len(head):]
        if not code.isdigit() or (measure, b) in index.ambiguous:
            continue
        text = [f for f in facts if f.origin == "text" and Scope.parse(f.scope).kind == "text"
                and f.kind != "percent"]
        if not text or any(f.origin == "table" for w in wider
                           for f in index.stated.get((w + code, b), ())):
            continue
        one = _one_value(index, text)
        if one is None:
            doubtful.add(code)
            continue
        seen[code] = one
    return seen, doubtful


def _outermost(codes: Sequence[str]) -> list[str]:
    """The codes no other code of the list contains (a 款 and its 项 both printed: the 款)."""
    return sorted(c for c in codes if not any(o != c and c.startswith(o) for o in codes))


def _class_total(index: FactIndex, prefixes: Sequence[str], cls: str, basis: str
                 ) -> Optional[Fact]:
    """The class's figure under the items' own prefix or the first wider one that prints it with
    one value (several values: units or scopes, not judged)."""
    for prefix in prefixes:
        facts = [f for f in index.stated.get((prefix + cls, basis), ()) if f.kind != "percent"]
        if (prefix + cls, basis) in index.ambiguous or not facts:
            continue
        one = _one_value(index, facts)
        if one is None:
            return None
        return index.get(prefix + cls, basis) or one
    return None

