"""A stated change (比上年增加 X 万元) needs a reason (standards §4.6 T4).

A change is explained by a reason in its own sentence, a reason claim of its measure, a stand-alone
reason sentence soon after it, its parts' reasons (by measure key, by declared sums, or the items of
a list it announces), the reason closing a list it is an item of, or the reason of the same change
printed in another sentence (form_reason_echo).

Why the indexes (session 17, from form_statements): each of those questions was a scan of every
passage, change or reason claim of the document, asked once per change — and an HTML or text file
is one page, so a long one made the check quadratic (fuzz case html-2026-020096: 1.47 MB of
duplicated bytes, 8.06 M steps of the "soon after" test alone, past the 20 CPU-s limit). Each
question is now answered from an index built once per check (:class:`_Scope`) or per document
(``FormContext.shared``), giving the same items, so the same findings.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable, Optional

from budgetlens.model import Claim, Fact
from budgetlens.reconcile.form_common import (Outcome, assess, collect, fact_evidence, finding,
                                               param, str_list)
from budgetlens.reconcile.form_index import ByPosition, LinePairs
from budgetlens.reconcile.form_reason_echo import explained_by_echo
from budgetlens.reconcile.form_reason_parts import explained_by_declared_parts
from budgetlens.reconcile.form_text import FormContext, Passage, same_sentence
from budgetlens.reconcile.form_twins import shared_reasons
from budgetlens.rules.catalogue import Rule


def _magnitude_in_tier(fact: Fact, rule: Rule) -> bool:
    value = abs(fact.value)
    lo_key, hi_key = ("min_pct", "max_pct") if fact.kind == "percent" else ("min_abs", "max_abs")
    lo = Decimal(str(param(rule, lo_key, float, 0.0)))
    hi = rule.params.get(hi_key)
    return value > 0 and value >= lo and (hi is None or value < Decimal(str(hi)))


def _texts(ctx: FormContext) -> ByPosition[Passage]:
    """The document's narrative (``ctx.texts``, already in reading order) by position."""
    return ctx.shared("texts-by-position", lambda: ByPosition(ctx.texts, lambda p: p.source))


class Reasons:
    """The reason claims, by measure and by printed line (page, line): what asking each claim
    whether it is a change's reason looked at."""

    def __init__(self, claims: Iterable[Claim]):
        self.claims = list(claims)
        self.by_measure: dict[str, list[Claim]] = defaultdict(list)
        self.by_line: dict[tuple, list[Claim]] = defaultdict(list)
        for claim in self.claims:
            self.by_measure[claim.measure].append(claim)
            self.by_line[(claim.source.page, claim.source.line)].append(claim)
        self._near: dict[str, ByPosition[Claim]] = {}

    def near(self, measure: str) -> ByPosition[Claim]:
        """The claims of ``measure`` by position."""
        if measure not in self._near:
            self._near[measure] = ByPosition(self.by_measure.get(measure, ()), lambda c: c.source)
        return self._near[measure]


@dataclass
class _Scope:
    """One run of the check: the changes it judges, their reasons and its parameters, indexed
    once (``closing``, filled on first use: each list item → its wholes' last closing reason and
    sentence)."""

    ctx: FormContext
    changes: list[Fact]
    reasons: Reasons
    markers: re.Pattern
    window: int
    lead: Optional[tuple]
    echo: Optional[re.Pattern]  # a printed change (echo_pattern): its other printing's reason
    positions: ByPosition[Fact] = field(init=False)
    sentences: set[str] = field(init=False)
    closing: Optional[dict[int, list[tuple[tuple[int, int], str]]]] = None

    def __post_init__(self) -> None:
        self.positions = ByPosition(self.changes, lambda f: f.source)
        self.sentences = {f.source.text for f in self.changes}


def _has_reason(fact: Fact, markers: re.Pattern, reasons: Reasons) -> bool:
    """A reason in the fact's own sentence (or the sentence is itself part of a reason), or a
    reason claim for the same measure and basis, or one quoting the same sentence."""
    if markers.search(fact.source.text or ""):
        return True
    if any(not c.basis or c.basis == fact.basis for c in reasons.by_measure.get(fact.measure, ())
           if c.measure or c.source.text):
        return True
    return any(same_sentence(c.source, fact.source)
               for c in reasons.by_line.get((fact.source.page, fact.source.line), ())
               if c.measure or c.source.text)


def _components(scope: _Scope, fact: Fact) -> list[Fact]:
    """Changes of the parts of ``fact``'s measure stated close after it (其中：基本支出…增加…):
    ``expense.general.total`` → ``expense.general.basic``; same page, within two lines. A
    sentence that announces a list ("…增加78.79万元，具体如下：", or the next sentence opens with
    其中：) hands its explanation to the items that follow, each in its own paragraph and often
    over the page end: there the changes of its family ("收、支预算总计各减少…。其中：（一）…一般
    公共预算拨款收入…减少…主要原因是…") stated within the list window count."""
    line = fact.source.line or 0
    lead, window, first_item, opening = scope.lead or (None, 0, None, None)
    if lead is not None and _announces_list(scope.ctx, fact, lead, first_item, opening):
        family = fact.measure.split(".", 1)[0]
        return [f for f in scope.positions.soon_after(fact.source, window)
                if f.measure.split(".", 1)[0] == family and f.measure != fact.measure
                and f.source.text != fact.source.text]
    base = fact.measure[:-len(".total")] if fact.measure.endswith(".total") else fact.measure
    return [f for f in scope.positions.span(fact.source.page or 0, line, line + 2)
            if f.measure.startswith(base + ".") and f.measure != fact.measure
            and f.source.text != fact.source.text and f.source.page == fact.source.page]


def _announces_list(ctx: FormContext, fact: Fact, lead: re.Pattern,
                    first_item: Optional[re.Pattern], opening: Optional[re.Pattern] = None) -> bool:
    """The fact's sentence ends with a list lead (…具体如下：), the next sentence is the first
    item of a numbered list ("…增加61.2万元。" then "1.因公出国（境）费用。…"), or a printed line
    shows the sentence followed by a lead ("…减少17.92%。其中：" before "（一）收入预算总计…": the
    sentence splitter leaves the lone 其中： to no sentence) or by a list's opening words
    (``opening``: "…增长85.2%。其中，公务用车购置支出…")."""
    text = (fact.source.text or "").rstrip()
    if lead.search(text):
        return True
    texts = _texts(ctx)
    if first_item is not None:
        after = next((p for p in texts.after(fact.source.page or 0, fact.source.line or 0)
                      if p.text.strip() and text.find(p.text.strip()) < 0), None)
        if after is not None and first_item.match(after.text.strip()):
            return True
    tail, page, line = text[-6:], fact.source.page, fact.source.line or 0
    if not tail:
        return False
    printed_texts = {p2 for p in texts.span(page or 0, line, line + 4) if p.source.page == page
                     for p2 in (p.text, "".join((p.source.text or "").split()))}
    for printed, ends in [(t, 0) for t in printed_texts] + _line_pairs(ctx, page, line, line + 4):
        at = printed.find(tail)
        rest = printed[at + len(tail):] if at >= 0 and at + len(tail) >= ends else ""
        if rest and (lead.search(rest) or (opening is not None and opening.match(rest))):
            return True
    return False


def _line_pairs(ctx: FormContext, page: Optional[int], first: int, last: int
                ) -> list[tuple[str, int]]:
    """Each printed line from ``first`` to ``last`` of ``page`` joined with the next one, spaces
    dropped, with the length of the first: a sentence's end and the list lead after it may
    straddle a line break ("…增加3,013.74" / "万元。其中：基本支出…"; "…增长17.98%。" / "其中：").
    Only a sentence ending at or past the break is looked up there (a lead inside one printed
    line is the passages' business, as before)."""
    pairs = ctx.shared("line-pairs", lambda: LinePairs(ctx.disclosure.narrative))
    lines = pairs.between(page, first, last + 1)
    return [(a + b, len(a)) for (n, a), (m, b) in zip(lines, lines[1:]) if m == n + 1]


def _reason_follows(fact: Fact, scope: _Scope) -> bool:
    """A stand-alone reason sentence (a reason marker and no change figure of its own) within
    the reason window after the fact, same page: "…增加107.62万元。…财政拨款收入支出增加的主要原因是…"
    (in PDFs the reason often opens the next line or closes the paragraph)."""
    return any(p.heading is None and p.text != fact.source.text and p.text not in scope.sentences
               and scope.markers.search(p.text)
               for p in _texts(scope.ctx).soon_after(fact.source, scope.window))


def _explained(scope: _Scope, fact: Fact) -> bool:
    """Explained in place, by a reason sentence that follows, or through its parts (a total
    whose stated parts carry reasons; after a list lead, each part's reason may follow it)."""
    line = fact.source.line or 0
    if _has_reason(fact, scope.markers, scope.reasons) or _reason_follows(fact, scope) \
            or explained_by_declared_parts(  # the changes it can look at, in the given order
                fact, scope.positions.span_as_given(fact.source.page or 0, line, line + scope.window),
                scope.markers, scope.window):
        return True
    if any(_has_reason(part, scope.markers, scope.reasons)
           or (scope.lead is not None and _reason_follows(part, scope))
           for part in _components(scope, fact)):
        return True
    if scope.lead is not None and _list_closing_reason(scope, fact):
        return True
    return explained_by_echo(scope.ctx, fact, scope.echo, scope.markers, scope.window)


def _list_closing_reason(scope: _Scope, fact: Fact) -> bool:
    """An item of a list announced by a change whose reason closes the list explains the item
    too: "收支预算X，比上年减少Y，其中：" / "1.收入预算减少…" / "2.支出预算减少…，其中基本支出增加…" /
    "3.收支预算减少的主要原因，一是…" (烟台): the last item gives the reason of the whole the items
    break down, so of each item; a reason of another measure, or one before the item, does not.
    Each whole's last closing reason and its items do not depend on the item asked about: they
    are found once per check, and each item keeps its wholes (items × wholes lookups before)."""
    if scope.closing is None:
        scope.closing = _closing_wholes(scope)
    at = (fact.source.page or 0, fact.source.line or 0)
    return any(last > at and text != fact.source.text
               for last, text in scope.closing.get(id(fact), ()))


def _closing_wholes(scope: _Scope) -> dict[int, list[tuple[tuple[int, int], str]]]:
    """id of each item (an element of ``scope.changes``) → (the last reason of its whole's
    measure within the list window after the whole, the whole's sentence), for every whole."""
    window = scope.lead[1] if scope.lead else 0
    owners: dict[int, list[tuple[tuple[int, int], str]]] = defaultdict(list)
    for whole in scope.changes:
        last = max(((c.source.page or 0, c.source.line or 0)
                    for c in scope.reasons.near(whole.measure).soon_after(whole.source, window)),
                   default=None)
        if last is None:
            continue
        for item in _components(scope, whole):
            owners[id(item)].append((last, whole.source.text))
    return owners


def check_change_reason(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``label``, ``value``, ``basis``. Params: ``bases``, ``reason_markers`` (regex),
    ``reason_window_lines`` (how far a stand-alone reason sentence may follow), ``list_lead``
    (regex: the sentence announces the list of its parts), ``list_first_item`` (regex: the next
    sentence, or heading, opens a numbered list), ``list_window_lines``, ``min_abs``/
    ``max_abs`` (万元) and ``min_pct``/``max_pct`` (percent) for the tier, ``reason_twins``
    (pairs of measures whose reason is shared where they are equal as printed: form_twins),
    ``echo_pattern`` (regex: a printed change, whose other printing's reason is its own:
    form_reason_echo)."""
    bases = set(str_list(rule, "bases"))
    immaterial = str_list(rule, "immaterial_markers", [])
    lead_text = rule.params.get("list_lead")
    first, opening = rule.params.get("list_first_item"), rule.params.get("list_opening")
    lead = (re.compile(str(lead_text)), param(rule, "list_window_lines", int, 30),
            re.compile(str(first)) if first else None,
            re.compile(str(opening)) if opening else None) if lead_text else None
    reasons = shared_reasons(ctx, ctx.claims("reason"), param(rule, "reason_twins", list, []))
    changes = [f for f in ctx.text_facts()
               if f.basis in bases and f.value != 0 and f.kind != "count"]
    echo = rule.params.get("echo_pattern")
    scope = _Scope(ctx, changes, Reasons(reasons), re.compile(param(rule, "reason_markers", str)),
                   param(rule, "reason_window_lines", int, 4), lead,
                   re.compile(str(echo)) if echo else None)
    by_sentence: dict[tuple, Fact] = {}
    for fact in changes:
        key = (fact.source.page, fact.source.line, fact.source.text, fact.measure)
        if key not in by_sentence or by_sentence[key].kind == "percent":
            by_sentence[key] = fact
    findings, assessments = [], []
    for fact in by_sentence.values():
        if not _magnitude_in_tier(fact, rule) or _explained(scope, fact):
            continue
        if _reason_past_cut(scope, fact):
            assessments.append(assess(rule, "变动所在段落在文末句中中断（节选），原因可能在其后，不评估",
                                      "the change's paragraph is cut by the end of the text (an "
                                      "excerpt): its reason may follow the cut, not assessed"))
            continue
        if any(m in (fact.source.text or "") for m in immaterial):
            continue
        findings.append(finding(rule, [fact_evidence(fact, "stated-change")], stated=str(fact.value),
                                expected="说明变动原因", measure=fact.measure, basis=fact.basis,
                                label=fact.label or fact.measure, value=str(fact.value)))
    return collect(findings), assessments[:1]


def _reason_past_cut(scope: _Scope, fact: Fact) -> bool:
    """The text stops mid-sentence (:attr:`FormContext.cut_end`) within the reason window after
    the change, or the list window when its sentence announces a list, and no heading comes
    between: the reason that would follow ("…同比增长2.8%。其中:一般公共财政预算拨", 防城港 2018) is
    past the end of the copy. A section closed by the next heading before the cut (马家镇卫生院
    2017: the 收支 changes of 三、, the cut inside 四、) gave its reasons or none."""
    cut = scope.ctx.cut_end
    if cut is None or cut.page != fact.source.page:
        return False
    at, end = (fact.source.page or 0, fact.source.line or 0), (cut.page or 0, cut.line or 0)
    if any(at < h.position <= end for h in scope.ctx.headings):
        return False
    window = scope.window
    if scope.lead is not None:
        lead, list_window, first_item, opening = scope.lead
        if _announces_list(scope.ctx, fact, lead, first_item, opening):
            window = list_window
    return 0 <= (cut.line or 0) - (fact.source.line or 0) <= window


__all__ = ["check_change_reason"]
