"""What a table prints of a sum's parts: a part printed by its components, and parts printed
only as blank cells.

Why apart from the evaluators: these answer "is this part printed here?" — the open-sum policy
of ``sum`` identities (a part not printed may be a zero or a row not read) — and not how a sum is
judged, which stays in :mod:`.evaluators`.
"""

from __future__ import annotations

from typing import Mapping

from ..imply.index import FactIndex
from ..imply.templates import template_regex
from ..model import Fact
from ..rules.catalogue import Rule

#: The not-assessable reason of a sum whose every part is a blank cell beside a non-zero total.
BLANK_PARTS = ("组成项均为空白单元格（明细未列示），无法核对合计",
               "every part is a blank cell (the breakdown is not printed): the total cannot be checked")


def fill(template: str, binding: Mapping[str, str]) -> str:
    """A part template with its placeholders bound (``{code}``, ``{n}``)."""
    return template.replace("{code}", binding.get("code", "{code}")).replace(
        "{n}", binding.get("n", "{n}"))


def blank_parts_only(index: FactIndex, total: Fact, parts: list[Fact]) -> bool:
    """Whether a non-zero total stands over parts that are all blank cells. A blank read as zero
    (the family's ``blank_is_zero``) is "nothing" beside siblings that print figures (寿县: 因公出国
    blank beside 公务接待 and 公务用车, so 合计 = 0 + 1 + 2); when every part of the sum is blank
    while its total is not (寿县: 公务用车 1.18 over blank 运行维护费 and 购置费 rows), the breakdown
    is simply not printed, and reading the blanks as zeros would report a sum the document never
    states."""
    return bool(parts) and all(f.blank for f in parts) and not total.blank and \
        not index.interval(total).contains_zero() and \
        not any(printed_in_another_basis(index, f) for f in parts)


def printed_in_another_basis(index: FactIndex, part: Fact) -> bool:
    """Whether the blank part prints a figure under another basis of the same scope (its row or
    column holds a figure elsewhere): then the breakdown is printed, and its blank here is a zero
    of the family's convention. 西安 安监局 2019 表13, by unit: 应急救援中心's 公务用车 prints 2.00
    in 2018 and 2019 and is blank under 增减, where the 三公 小计 prints 2.00 — the parts' changes
    are zeros and the 小计 contradicts them. 寿县's 公务用车 运行维护费/购置费 rows are blank under
    every basis: the breakdown is simply not printed."""
    for basis in index.measures_by_basis:
        if basis == part.basis:
            continue
        other = index.by_scope.get((part.scope, part.measure, basis))
        if other is not None and not other.blank:
            return True
    return False


def in_scope_or_composed(rule: Rule, index: FactIndex, scope: str, part: str,
                          basis: str) -> list[Fact]:
    """A part as printed in ``scope``; where it is not printed but every component
    ``composed`` names for it is (基本支出 = 人员经费 + 公用经费: a table printing 人员经费 | 公用经费 |
    项目支出 with no 基本支出 column), those components stand in for it. Without this the part
    would count as not printed, i.e. zero, and the row would look short by its whole 基本支出."""
    fact = index.in_scope(scope, part, basis)
    if fact is not None:
        return [fact]
    for template, components in rule.params.get("composed", {}).items():
        m = template_regex(template).match(part)
        if m is None:
            continue
        found = [index.in_scope(scope, fill(c, m.groupdict()), basis) for c in components]
        # a component left blank in this row of a column the table prints (上海: 公用经费 blank
        # beside 人员经费 on the 卫生健康支出 row) is a zero, not a column that is not there
        if any(f is not None for f in found) and all(
                f is not None or index.column_in_scope(scope, c, basis)
                for f, c in zip(found, components)):
            return [f for f in found if f is not None]
    return []
