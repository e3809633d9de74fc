"""Recognise a standard table by its content when its printed title names no known table.

Why: a template neither corpus holds renames its tables (部门预算支出汇总表, 一般公共预算拨款安排的
支出表); matched on title aliases only, every figure of such a table is lost. What the table holds
is printed anyway: a header of 基本支出 / 项目支出 over function codes is a 支出表 whatever its
title, 事业收入 / 上级补助 columns over the same rows make a 收入表. The title still decides which
of the candidates it is (一般公共预算 → the 一般公共预算支出表, not the department's 支出总表) and
vetoes families its words exclude, so a table of another kind (政府采购, 绩效) is never taken.

A table recognised this way is read like its title-recognised twin, but its reading carries the
doubt ``recognised-by-content`` (rules/reading.toml): a finding standing on it is reported as
读取存疑 unless its figures are confirmed elsewhere, so recognition by content can add facts
without adding `error` findings its twin would not raise.
"""

from __future__ import annotations

from typing import Optional

from ..rules.reference import lookup_function_by_name
from ..rules.table_layouts import Family, TableLayouts
from ..rules.table_terms import load_table_terms
from .table_grid import CODE_RE, TOTAL_RE, GridView, norm

#: the doubt a content-recognised table's reading carries (a cause of rules/reading.toml)
CAUSE = "recognised-by-content"


def content_family(title: str, header: str, view: GridView,
                   layouts: TableLayouts) -> Optional[Family]:
    """The one family whose content the table shows and whose subject its title names, else None.

    ``title`` is the normalised printed title (it names no known table), ``header`` the header
    text. Ambiguity (two families fit) leaves the table unrecognised, as before."""
    fits = [f for f in layouts.families
            if f.content_title is not None and f.header_hints
            and f.content_title.search(title)
            and not any(p.search(title) for p in f.exclude)
            and (all(p.search(header) for p in f.header_hints) or header_by_terms(f, view))
            and _rows_fit(f, view, layouts.recognition.content_min_rows)]
    return fits[0] if len(fits) == 1 else None


def _rows_fit(family: Family, view: GridView, min_rows: int) -> bool:
    """Whether the rows are keyed as the family's: ``min_rows`` function codes or 类 names for
    a function table (a header alone also fits tables by project or by unit)."""
    if family.row_key != "function":
        return True
    keys = [c.index for c in view.columns if c.kind == "key"]
    keyed = 0
    for row in view.data_rows:
        texts = [norm(view.cell(row, c)) for c in keys]
        if any(_function_code(t) for t in texts) or any(
                t and lookup_function_by_name(t) for t in texts):
            keyed += 1
            if keyed >= min_rows:
                return True
    return False


def header_by_terms(family: Family, view: GridView) -> bool:
    """Whether the header's terms hold one of the family's declared header fits (table_terms.toml):
    a header worded 基本经费 | 项目经费 shows a 支出表 as 基本支出 | 项目支出 does."""
    terms = load_table_terms()
    tf = terms.family(family.name)
    if tf is None or not tf.header:
        return False
    pattern, meaning = terms.pattern, dict(terms.forms)
    held = frozenset(meaning[m.group(0)] for c in view.columns
                     for m in pattern.finditer(c.label)) - {""}
    return any(fit.holds(held) for fit in tf.header)


def rows_contradict(family: Family, view: GridView, min_rows: int) -> bool:
    """Whether the rows show the table is no table of ``family`` whatever its title's words say:
    a function table whose rows are mostly keyed by something else (projects, units) — at least
    ``min_rows`` (tables.toml ``content_min_rows``) labelled rows that are neither a function code or 类 name nor a total.

    Why: the words of a title (部门预算支出汇总表) fit the department's 支出表 and a list of its
    projects alike; the rows tell them apart. A table with no such rows (empty, or 合计 only)
    is not contradicted."""
    if family.row_key != "function":
        return False
    keys = [c.index for c in view.columns if c.kind == "key"]
    keyed = other = 0
    for row in view.data_rows:
        texts = [t for t in (norm(view.cell(row, c)) for c in keys) if t]
        if not texts or any(TOTAL_RE.match(t) for t in texts):
            continue
        if any(_function_code(t) or lookup_function_by_name(t) for t in texts):
            keyed += 1
        else:
            other += 1
    return other >= min_rows and other > keyed


def _function_code(text: str) -> bool:
    m = CODE_RE.match(text)
    return m is not None and m.group(1).startswith("2") and text.strip("[]【】").isdigit()


__all__ = ["CAUSE", "content_family", "header_by_terms", "rows_contradict"]
