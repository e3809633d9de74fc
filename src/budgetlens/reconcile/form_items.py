"""A sentence listing economic items against the items the tables print (issue #8 item 4).

Why: "公用经费…主要包括：办公费、印刷费、邮电费…" tells the reader what the money went to; an item named
there that the document's own economic table prints as zero, or leaves out while printing that
class item by item, is a sentence copied from another year or unit. It is a wording check with
many honest exceptions, so it is careful:

* only lists after the markers of a use (``markers``: 主要用于, 主要包括 …), never definitions (a
  sentence holding one of ``definitions``: "：指…", the 名词解释);
* only item names that are an economic 款's own name in the reference (办公费 → 30201; 水电费 or
  会议培训费 name no single 款 and are skipped);
* only where the tables print that class (301/302/303 …) 款 by 款 (at least ``min_printed`` 款 with
  a figure), so that an absent item means an item the table gives no money;
* an item with a non-zero figure in any table, any fund, any unit, is named rightly;
* a list whose items are largely unfunded (more than ``max_unfunded_share``) or that names more
  than ``max_items`` 款 is the class's definition copied from the template ("主要包括：办公费、印刷费、咨询费、手续费、水费…" all 30 of them),
  not a statement of this year's uses: it is left alone. A list that is right but for one or two
  items is the slip worth a note.

One finding per sentence, naming every item it lists without money.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Optional

from budgetlens.model import Fact
from budgetlens.reconcile.form_common import Outcome, collect, fact_evidence, finding, param, quote, str_list
from budgetlens.reconcile.form_text import FormContext
from budgetlens.rules.catalogue import Rule
from budgetlens.rules.reference import lookup_economic_by_name

_ITEM_CODE = re.compile(r"\.economic\.(3\d{4})$")
_SPLIT = re.compile(r"[、，,；;]")


def printed_items(facts: tuple[Fact, ...]) -> dict[str, list[Fact]]:
    """Economic 款 code → the current-year table figures printed for it (all funds and units)."""
    out: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        m = _ITEM_CODE.search(f.measure)
        if m and f.origin == "table" and f.basis == "current" and f.kind == "money":
            out[m.group(1)].append(f)
    return out


def _listed(sentence: str, start: int, stop: re.Pattern) -> list[str]:
    """The names of the list that starts at ``start``, up to its end (等, 。 …)."""
    m = stop.search(sentence, start)
    body = sentence[start:m.start() if m else len(sentence)].lstrip("：:")
    return [name.strip() for name in _SPLIT.split(body) if name.strip()]


def _unfunded(names: list[str], year: Optional[int], printed: dict[str, list[Fact]],
              min_printed: int) -> tuple[list[tuple[str, str]], int]:
    """(name, code) of each listed 款 whose class the tables print item by item, and that has
    no non-zero figure anywhere; and how many listed 款 were judged."""
    out, judged = [], 0
    for name in names:
        code = lookup_economic_by_name(name, year)
        if code is None or len(code) != 5:
            continue
        shown = [c for c, fs in printed.items() if c[:3] == code[:3] and any(f.value for f in fs)]
        if len(shown) < min_printed:
            continue
        judged += 1
        if not any(f.value != 0 for f in printed.get(code, ())):
            out.append((name, code))
    return out, judged


def check_listed_items(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``items``, ``count``, ``text``. Params: ``markers`` (regex of the list's start),
    ``stop`` (regex of its end), ``definitions``, ``min_printed``, ``max_unfunded_share``,
    ``max_items``."""
    markers = re.compile(param(rule, "markers", str))
    stop = re.compile(param(rule, "stop", str))
    definitions = str_list(rule, "definitions", [])
    min_printed = param(rule, "min_printed", int, 3)
    max_share = param(rule, "max_unfunded_share", float, 0.25)
    max_items = param(rule, "max_items", int, 12)
    printed = printed_items(ctx.disclosure.facts)
    if not printed:
        return [], []
    layout = ctx.layout
    findings, seen = [], set()
    for m in markers.finditer(layout.text):
        start, end = layout.sentence(m.start())
        sentence = layout.text[start:end]
        if start in seen or any(d in sentence for d in definitions):
            continue
        seen.add(start)
        missing, judged = _unfunded(_listed(sentence, m.end() - start, stop), ctx.meta.year,
                                    printed, min_printed)
        if not missing or len(missing) > max_share * judged or judged > max_items:
            continue  # the class's definition (long, or mostly unfunded), not this year's uses
        src = layout.source(m.start(), end)._replace(text=sentence)
        zeros = [f for _, code in missing for f in printed.get(code, ())[:1]]
        evidence = [quote(src, "listed-items", "、".join(n for n, _ in missing))]
        evidence += [fact_evidence(f, "table-item") for f in zeros]
        names = "、".join(f"{n}（{c}）" for n, c in missing)
        findings.append(finding(rule, evidence, stated="、".join(n for n, _ in missing),
                                expected="表中有支出的项目", items=names, count=str(len(missing)),
                                text=sentence[:80]))
    return collect(findings), []


__all__ = ["check_listed_items", "printed_items"]
