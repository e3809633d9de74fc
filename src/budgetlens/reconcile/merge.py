"""One printed defect, one finding: findings that one wrong figure explains are merged.

Why: a wrong printed figure breaks every identity it takes part in. "收、支预算总计各增加3,958.67万元，
增长21.95%" prints one percentage that two identities read (收入总计 and 支出总计): two findings, one
defect. A reviewer counts findings as defects, so the audit reports one finding that cites every
identity the figure breaks ("also breaks: …"), and keeps the others in ``Finding.also_breaks`` (the
JSON, the reports and the library keep them: nothing is lost).

The rule, on the findings with a number (``difference``), after the reading-confidence stage:

* Each evidence item is a **printed figure** (its place and value: two measures read from one
  printed figure are one figure) with, where the rule's arithmetic is linear, its **coefficient**
  in ``difference = stated − expected`` (:data:`SIGNS`; the one stated figure of any rule is +1).
  A finding then says how its figure ``K`` would have to change for it to hold:
  ``δ = −difference / coefficient``.
* Two findings are **one discrepancy** when they share a printed figure and the change each asks
  of it is the same amount (within the wider of their tolerances): the same cell breaking a row
  sum and a column sum, one percentage read under two names.
* A finding is **explained** by others when the changes they ask of several of its figures, put
  together, make it hold — only where those figures all carry one measure (one name printed for a
  wider whole than its parts, year after year: 鄂城区's 三公 totals of both years hold 会议费 and
  培训费, so their sums fail by 85.46 and 168.32 and the change 275.76 fails by the difference of
  the two). Figures of different measures each wrong are independent defects and stay apart.
* Never merged: findings of different reading causes, findings on one figure whose changes differ.

Findings with no number (a form check's) are merged only where they are one rule's on the same
printed figures (:func:`_same_figures`).

The merged finding's headline is the most severe, then the one citing the fewest figures (the
most specific); its evidence is every figure of the group, once.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, InvalidOperation
from itertools import product
from typing import Mapping, NamedTuple, Optional, Sequence

from ..model import Evidence, Finding, Severity
from ..rules.catalogue import Rule
from ..rules.measures import describe

#: Coefficient of a role in ``difference = stated − expected``, by rule kind, where the kind's
#: arithmetic is linear in that role's figure (a percentage's change and base are not: absent).
SIGNS: Mapping[str, Mapping[str, int]] = {
    "sum": {"total": 1, "part": -1},
    "hierarchy": {"total": 1, "part": -1},
    "unit_sum": {"total": 1, "part": -1},
    "change": {"change": 1, "current": -1, "base": 1},
    "consistency": {"stated": 1, "reference": -1},
    "compare": {"left": 1, "right": -1},
}
#: roles that are the one stated figure of their check whatever the kind (coefficient +1)
_STATED = frozenset({"stated"})
#: the most figures whose changes are combined to explain one finding (4 × 4 choices at most)
_MOST_KEYS = 4


class _Entry(NamedTuple):
    """A finding with its figures: printed key → (coefficient or None, measure)."""

    finding: Finding
    diff: Decimal
    tol: Decimal
    figures: Mapping[tuple, tuple[Optional[int], str]]


def merge_findings(findings: Sequence[Finding], rules: Sequence[Rule]) -> list[Finding]:
    """The findings with each group one printed defect explains merged into one (module doc).

    A finding may be explained in two ways (a sum that fails is mended by its total or by any
    part): groups are taken largest first, then closest, and a finding joins one group only, so
    two defects that each share a figure with a third finding are never joined through it."""
    kinds = {r.id: r.kind for r in rules}
    entries = [(i, e) for i, f in enumerate(findings)
               if (e := _entry(f, kinds.get(f.rule, ""))) is not None]
    numbered = _echoes(entries) + _explanations(entries) if len(entries) >= 2 else []
    worded = _same_figures(findings, {i for i, _ in entries})
    if not numbered and not worded:
        return list(findings)
    taken: set[int] = set()
    merged: dict[int, Finding] = {}
    for _, _, group in sorted(numbered):
        if taken.isdisjoint(group):
            taken.update(group)
            merged[group[0]] = _merged([findings[i] for i in group])
    for group in worded:
        if taken.isdisjoint(group):
            taken.update(group)
            merged[group[0]] = _merged([findings[i] for i in group], same_text=True)
    return [merged[i] if i in merged else f for i, f in enumerate(findings)
            if i in merged or i not in taken]


def _entry(f: Finding, kind: str) -> Optional[_Entry]:
    """The finding's difference, tolerance and figures; None for a finding with no number."""
    try:
        diff, tol = Decimal(f.difference or ""), Decimal(f.tolerance or "0")
    except InvalidOperation:
        return None
    signs = SIGNS.get(kind, {})
    figures: dict[tuple, tuple[Optional[int], str]] = {}
    for e in f.evidence:
        key = _printed(e)
        if key is None:
            continue
        derived = "(derived" in e.role
        sign = None if derived else signs.get(e.role, 1 if e.role in _STATED else None)
        if key not in figures or figures[key][0] is None:
            figures[key] = (sign, e.measure)
    return _Entry(f, diff, tol, figures) if figures else None


def _printed(e: Evidence) -> Optional[tuple]:
    """A printed figure: its place and value (the measure a reading gave it is not part of it)."""
    try:
        value = Decimal(e.value or "")
    except InvalidOperation:
        return None
    s = e.source
    return (s.file, s.page, s.line, s.table, s.row, s.column, s.text, value)


def _asks(entry: _Entry, key: tuple) -> Optional[Decimal]:
    """The change the finding asks of one of its figures to hold (None: not linear in it)."""
    sign = entry.figures[key][0]
    return None if not sign else -entry.diff / sign


Candidate = tuple[int, Decimal, tuple[int, ...]]  # (−size, mismatch, finding indices, sorted)


def _echoes(entries: list[tuple[int, _Entry]]) -> list[Candidate]:
    """Findings that ask the same change of one printed figure they share."""
    asked: dict[tuple, list[tuple[Decimal, Decimal, int]]] = {}  # (figure, cause) → asks
    for i, e in entries:
        for key in e.figures:
            delta = _asks(e, key)
            if delta is not None:
                asked.setdefault((key, e.finding.cause), []).append((delta, e.tol, i))
    out: list[Candidate] = []
    for items in asked.values():
        items.sort()
        while len(items) > 1:
            first, tol, _ = items[0]
            near = [x for x in items if abs(x[0] - first) <= max(tol, x[1])]
            if len(near) > 1 and len({x[2] for x in near}) == len(near):
                out.append((-len(near), near[-1][0] - first, tuple(sorted(x[2] for x in near))))
            items = items[1:]
    return out


def _explanations(entries: list[tuple[int, _Entry]]) -> list[Candidate]:
    """Each finding with the findings whose changes, on several of its figures of one measure,
    make it hold. Only findings sharing a figure (and the cause) can: they are looked up by
    figure, in the findings' order, not each finding asked (findings² on a long page)."""
    sharing: dict[tuple, list[int]] = {}  # (figure, cause) → places in ``entries``, ascending
    for k, (_, e) in enumerate(entries):
        for key in e.figures:
            sharing.setdefault((key, e.finding.cause), []).append(k)
    out: list[Candidate] = []
    for k, (i, a) in enumerate(entries):
        asked: dict[tuple, list[tuple[int, Decimal]]] = {}
        for m in sorted({m for key in a.figures for m in sharing[(key, a.finding.cause)]} - {k}):
            j, b = entries[m]
            for key in a.figures.keys() & b.figures.keys():
                delta = _asks(b, key)
                if delta is not None and a.figures[key][0]:
                    asked.setdefault(key, []).append((j, delta))
        found = _explained(a, asked)
        if found is not None:
            out.append((-(len(found[0]) + 1), found[1], tuple(sorted(found[0] | {i}))))
    return out


def _explained(a: _Entry, asked: dict[tuple, list[tuple[int, Decimal]]]
               ) -> Optional[tuple[set[int], Decimal]]:
    """The findings (and what is left) whose changes on figures of one measure mend ``a``."""
    keys = sorted(asked, key=repr)[:_MOST_KEYS]
    if len(keys) < 2 or len({a.figures[k][1] for k in keys}) != 1:
        return None
    for choice in product(*(asked[k][:_MOST_KEYS] for k in keys)):
        rest = a.diff + sum((a.figures[k][0] or 0) * delta for k, (_, delta) in zip(keys, choice))
        if abs(rest) <= a.tol and len({j for j, _ in choice}) == len(choice):
            return {j for j, _ in choice}, abs(rest)
    return None


def _same_figures(findings: Sequence[Finding], numbered: set[int]) -> list[tuple[int, ...]]:
    """Findings with no number (a form check's: a change stated with no reason) of one rule and
    one reading cause that cite the same printed figures: one printed statement read under two
    names ("财政拨款收、支总计各增加844.15万元，增长6.59%" is the income's and the expense's change,
    and its missing reason is one omission, 江苏 人大办公厅 2017). Findings citing different figures,
    or of different rules, stay apart."""
    groups: dict[tuple, list[int]] = {}
    for i, f in enumerate(findings):
        if i in numbered:
            continue
        keys = frozenset(k for e in f.evidence if (k := _printed(e)) is not None)
        if keys:
            groups.setdefault((f.rule, f.cause, keys), []).append(i)
    return [tuple(g) for g in groups.values() if len(g) > 1]


def _merged(group: list[Finding], same_text: bool = False) -> Finding:
    """One finding for the group: the headline (most severe, then fewest figures), the others
    kept in ``also_breaks`` and named in its message, every figure of the group as evidence.
    ``same_text``: findings with no number on one printed statement, named by their measures."""
    head = min(group, key=lambda f: (-Severity(f.severity).rank, len(f.evidence)))
    others = tuple(f for f in group if f is not head)
    seen = {(e.source, e.value) for e in head.evidence}
    evidence = list(head.evidence)
    for f in others:
        for e in f.evidence:
            if (e.source, e.value) not in seen:
                seen.add((e.source, e.value))
                evidence.append(e)
    if same_text:  # one statement's words: the others differ by the name read only
        zh = "同一处所印文字亦为以下指标的说明：" + "、".join(describe(f.measure) for f in others)
        en = "the same printed statement is also that of: " + ", ".join(
            describe(f.measure, "en") for f in others)
    else:
        zh = "同一处差异另使以下核对不成立：" + "；".join(f.message for f in others)
        en = "the same discrepancy also breaks: " + "; ".join(f.message_en or f.message
                                                              for f in others)
    return replace(head, evidence=tuple(evidence), also_breaks=head.also_breaks + others,
                   message=f"{head.message}（{zh}）", message_en=f"{head.message_en} ({en})")
