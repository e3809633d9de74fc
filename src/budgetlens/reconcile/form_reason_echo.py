"""A change printed twice, explained once: the reason of one printing is the other's.

Why: a text may state one change in two places, once with its reason and once without
(长春 信访局 2026: "2026年预算比2025年预算增加50.32万元，增长3.08%。主要是人员经费的正常增长。" under
收支总表, then "2026年财政拨款收入1682.76万元同比上年增长3.08%。" under 财政拨款收支总表 — the same
change of the same money, all of it 财政拨款). The first printing names no measure we read, so no
reason claim or twin measure (form_twins) reaches the second. Here the printed change itself is
the link: the same direction and the same figure to its last printed decimal, in % or 万元 (a
whole number, "增长5%" or "增加300.00万元", is too common to tie two sentences together: a round
sum is what a list of the same template prints again with other wholes, test_form_reason_list_closing),
and the changed figure itself printed in or just before the other sentence (the same money: a part
that changed by its whole's change, or a total beside a grand total, is another figure). The declared pattern
(``echo_pattern`` of the rule: groups ``up`` or ``down``, ``figure``, ``unit``) finds the
printed changes; they are indexed once per document, so asking is a lookup per change.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Optional

from budgetlens.model import Fact
from budgetlens.reconcile.form_index import ByPosition
from budgetlens.reconcile.form_text import FormContext, Passage

#: the unit a change of each fact kind is printed in, for an echo to be the same figure
_UNITS = {"percent": "%", "money": "万元"}

_Key = tuple[int, Decimal, str]  # (direction, magnitude, unit)


def _echoes(ctx: FormContext, pattern: re.Pattern) -> dict[_Key, list[Passage]]:
    """Every passage by each change it prints with a fraction (direction, magnitude, unit)."""
    out: dict[_Key, list[Passage]] = defaultdict(list)
    for passage in ctx.texts:
        if passage.heading is not None:
            continue
        for m in pattern.finditer(passage.text):
            try:
                value = Decimal(m.group("figure").replace(",", ""))
            except InvalidOperation:
                continue
            if value == value.to_integral_value():
                continue  # a whole number, printed with decimals or not
            out[(1 if m.group("up") else -1, value, m.group("unit"))].append(passage)
    return out


def _key(fact: Fact) -> Optional[_Key]:
    unit = _UNITS.get(fact.kind)
    if unit is None or fact.value == fact.value.to_integral_value():
        return None
    return (1 if fact.value > 0 else -1, abs(fact.value), unit)


def _currents(ctx: FormContext) -> dict[tuple[str, str], Decimal]:
    """(measure, sentence) → the current figure the sentence prints for the measure."""
    return {(f.measure, (f.source.text or "").strip()): f.value for f in ctx.text_facts()
            if f.basis == "current"}


_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d)")


def _of_the_same_figure(texts: ByPosition[Passage], echo: Passage, current: Decimal, own: str,
                        window: int) -> bool:
    """The echo's sentence, or one within ``window`` lines before it on its page (not the
    change's own), prints the changed figure itself: the same change of the same money (长春: the
    paragraph's "2026年预算收入1682.76万元" three lines above its "…增长3.08%"). A part whose change
    equals its whole's (the other parts unchanged), or a total beside a grand total that differs
    by a carry-over, changes by the same figure but is another figure: its reason is its own."""
    figure = re.compile(r"(?<![\d.])" + re.escape(str(current)) + r"(?![\d])")
    line = echo.source.line or 0
    near = [echo] + list(texts.span(echo.source.page or 0, line - window, line))
    return any(p.text.strip() != own and figure.search(_DIGIT_COMMA.sub("", p.text)) for p in near)


def explained_by_echo(ctx: FormContext, fact: Fact, pattern: Optional[re.Pattern],
                      markers: re.Pattern, window: int) -> bool:
    """Another sentence prints ``fact``'s change (same direction, same fractional figure and
    unit) of the same figure (:func:`_of_the_same_figure`) and is explained: a reason in it, or
    a stand-alone reason sentence (a reason marker and no change of its own) within ``window``
    lines after it."""
    key = _key(fact)
    if pattern is None or key is None:
        return False
    own = (fact.source.text or "").strip()
    current = ctx.shared("change-echo-currents", lambda: _currents(ctx)).get((fact.measure, own))
    if current is None:
        return False
    echoes = ctx.shared(f"change-echoes:{pattern.pattern}", lambda: _echoes(ctx, pattern))
    texts = ctx.shared("texts-by-position", lambda: ByPosition(ctx.texts, lambda p: p.source))
    for echo in echoes.get(key, ()):
        if echo.text.strip() in own \
                or not _of_the_same_figure(texts, echo, current, own, window):
            continue
        if markers.search(echo.text):
            return True
        if any(p.heading is None and p.text != echo.text and markers.search(p.text)
               and not pattern.search(p.text)
               for p in texts.soon_after(echo.source, window)):
            return True
    return False


__all__ = ["explained_by_echo"]
