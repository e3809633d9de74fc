"""Tables → roles and facts: the entry point of table extraction.

``extract_tables(document, metadata)`` recognises every table by role (rules/tables.toml), reads
its header, unit and note, and turns its cells into facts with the measure keys of docs/measures.md.
Every table gets a :class:`TableInfo`, recognised or not (role None), so that reports can list what
was found and what was not; problems become diagnostics, never exceptions.

Pipeline per table: grid → :func:`to_grid_view` (meta/header/data rows, column paths, key/value
columns, column groups) → :func:`recognise` (role, phase) → layout extractor
(:data:`LAYOUT_EXTRACTORS`, or the performance readers) → facts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Optional

from ..model import (UNIT_SCOPE, Diagnostic, Document, Fact, Metadata, ReadingDoubt, Severity,
                     Source, Table, TableInfo, scope_unit)
from ..rules.table_layouts import Family, TableLayouts, load_table_layouts
from .numbers import parse_number
from .table_cells import TableContext
from .table_content import CAUSE as CONTENT_CAUSE
from .table_terms import CAUSE as TERMS_CAUSE
from .table_terms import read_by_terms

#: Marks the scope of a fact read alone (a row whose in-table sums cannot be checked).
ROW_SCOPE = ":row:"
from .table_facts import LAYOUT_EXTRACTORS
from .table_fold import refile_folded_carryover, refile_text_like_tables
from .table_ofwhich import of_which_columns
from .table_grid import GridView, cell_lookup, to_grid_view, year_in
from .table_quality import assess_reading
from .table_perf import PerformanceCounter, facts_performance_targets, facts_self_eval
from .table_projects import project_facts
from .table_script import as_printed, simplified
from .table_role import RoleMatch, money_unit, orphan_title, printed_unit, recognise, table_note


def _role_titles() -> dict[str, str]:
    try:
        return load_table_layouts().role_titles_zh()
    except Exception:  # noqa: BLE001 - a broken layout file is reported by its own test
        return {}


#: role key → standard Chinese title, for reports.
ROLE_TITLES_ZH: dict[str, str] = _role_titles()


def _has_figures(view: GridView) -> bool:
    """Whether any value cell prints a number (an empty table prints none)."""
    value_cols = [c.index for c in view.columns if c.kind == "value"]
    return any(parse_number(view.raw[r][c]) is not None
               for r in view.data_rows for c in value_cols)


def _any_number(table: Table) -> bool:
    return any(parse_number(c.text) is not None for c in table.cells)


def _continues(last: Optional[tuple[Optional[str], str]], role: Optional[str],
               title: str) -> bool:
    """A table that repeats the previous table's role and title (one inside the other: the
    reader may pick up more or fewer title lines on a continuation page) continues it."""
    if not last or role is None or last[0] != role:
        return False
    a, b = last[1].replace(" ", ""), title.replace(" ", "")
    return bool(a) and bool(b) and (a in b or b in a)


def _doc_year(metadata: Metadata, title: str) -> Optional[int]:
    return metadata.year or year_in(title)


def _table_info(document: Document, table: Table, metadata: Metadata, layouts: TableLayouts,
                state: dict) -> tuple[TableInfo, GridView, RoleMatch]:
    """What the table is: its grid, its recognised role (a title the reader left unattached is
    taken only when it names a known table), its money unit, and the record saying so."""
    view = state["views"].get(table.index) or to_grid_view(table, layouts.recognition)
    match = recognise(table, view, metadata, layouts)
    orphan = orphan_title(document, table, layouts.recognition.orphan_lines) \
        if match.by != "title" else ()
    if orphan:
        alt = recognise(replace(table, title_lines=orphan), view, metadata, layouts)
        match = alt if alt.by == "title" else match
    unit = money_unit(table, view, match.family, layouts,
                      state["units"].get(table.index) or state["doc_unit"])
    family = match.family
    form = family is not None and family.layout in ("performance_targets", "self_eval")
    empty = not _any_number(table) if form else not _has_figures(view)
    info = TableInfo(index=table.index, role=match.role, title=match.title, page=table.page,
                     pages=table.pages or (table.page,), money_unit=unit,
                     columns=tuple(c.label for c in view.columns), empty=empty,
                     note=table_note(document, table, view, layouts),
                     source=Source(file=document.path, page=table.page, line=table.line,
                                   bbox=table.bbox, table=table.index, text=match.title),
                     open_end=table.open_end, open_start=table.open_start,
                     cells=table.cells if form else ())  # a form's words: see TableInfo.cells
    return info, view, match


def _extract_one(document: Document, table: Table, metadata: Metadata, layouts: TableLayouts,
                 perf: PerformanceCounter, state: dict) -> tuple[TableInfo, list[Fact], list[Diagnostic]]:
    info, view, match = _table_info(document, table, metadata, layouts, state)
    family = match.family
    continues = _continues(state.get("last"), match.role, match.title)
    state["last"] = (match.role, match.title)
    state["chain_no"] = state.get("chain_no", 0) + (0 if continues else 1)
    if family is None or info.empty:
        state.update(by_unit=False, base="", unit="", lei="", code="")
        diags = []
        if family is None and not info.empty and _any_number(table):
            diags.append(Diagnostic(
                "table-role-unknown", Severity.INFO, f"未识别的表格（未读取数字）：{match.title[:40]}",
                f"table not recognised (figures not read): {match.title[:40]}", info.source))
        return info, [], diags
    state.setdefault("layouts", {})[table.index] = family.layout
    if match.by == "content":
        state.setdefault("by_content", set()).add(table.index)
    ctx = _context(document, table, view, match, family, info.money_unit, metadata, layouts,
                   continues, state)
    facts = _layout_facts(ctx, perf, continues, state)
    _carry_on(ctx, match, info.source, state)
    return info, facts, ctx.diagnostics


def _context(document: Document, table: Table, view: GridView, match: RoleMatch, family: Family,
             unit: str, metadata: Metadata, layouts: TableLayouts, continues: bool,
             state: dict) -> TableContext:
    """The table's reading context (``family``: the match's, known); a page continuing the
    table goes on with what the page before carried (by unit, its last unit, the economic 类
    and code of its last row)."""
    carried = continues and state.get("by_unit", False)
    return TableContext(document, table, view, family, match.kind or "budget", unit,
                        _doc_year(metadata, match.title), layouts, cell_lookup(table),
                        by_unit=carried, doc_unit=metadata.unit or "",
                        base_scope=state.get("base", "") if carried else "",
                        unit_name=state.get("unit", "") if carried else "",
                        lei=state.get("lei", "") if continues else "",
                        last_code=state.get("code", "") if continues else "",
                        grand=state.get("grand") if carried else None)


def _layout_facts(ctx: TableContext, perf: PerformanceCounter, continues: bool,
                  state: dict) -> list[Fact]:
    """The facts of the table by its family's layout; a money table's of-which columns and its
    project rows too."""
    family, document = ctx.family, ctx.document
    if family.layout == "performance_targets":
        return facts_performance_targets(ctx, perf)
    if family.layout == "self_eval":
        return facts_self_eval(ctx, perf)
    facts = _join_fragment(LAYOUT_EXTRACTORS[family.layout](ctx), continues, state)
    facts, notes = of_which_columns(facts, ctx.layouts.of_which_parts, family.total,
                                    family.total_prefix, document.path,
                                    min_rows=ctx.layouts.of_which_min_rows)
    ctx.diagnostics.extend(notes)
    if not continues:
        state.pop("project_unit", None)
    return facts + project_facts(ctx, state)


def _carry_on(ctx: TableContext, match: RoleMatch, source: Optional[Source], state: dict) -> None:
    """What the next page of the table, and the document's later checks, take from this one."""
    # a page continuing a by-unit table (same title) is by unit too, and goes on with its last
    # unit; the economic 类 of the last row, and the last code, go on over the page break
    state.update(by_unit=ctx.by_unit, base=ctx.base_scope, unit=ctx.unit_name, lei=ctx.lei,
                 code=ctx.last_code, grand=ctx.grand)
    chain, index = state["chain_no"], ctx.table.index
    for row, unit, code in ctx.paired:
        state.setdefault("paired", {}).setdefault((chain, unit, code), set()).add((index, row))
    state.setdefault("chains", {}).setdefault(chain, set()).add(index)
    state.setdefault("dropped", {}).setdefault(chain, set()).update(ctx.dropped)
    state.setdefault("crosswalk", set()).update((index, row) for row in ctx.crosswalk)
    if match.by == "terms" or read_by_terms(ctx.diagnostics):
        state.setdefault("by_terms", set()).add(index)
    if match.by in _RECOGNISED_BY:
        code, how_zh, how_en = _RECOGNISED_BY[match.by]
        name = dict(ctx.family.zh).get(match.role or "", ctx.family.name)
        ctx.diagnostics.append(Diagnostic(
            code, Severity.INFO, f"表题未列入已知表名，{how_zh}识别为{name}：{match.title[:40]}",
            f"title names no known table; recognised {how_en} as {name}: {match.title[:40]}",
            source))


#: How a table whose title names no known table was recognised: the info diagnostic saying so.
_RECOGNISED_BY = {
    "terms": ("table-role-by-terms", "按表题用语", "by its terms"),
    "content": ("table-role-by-content", "按表头与行内容", "by its header and rows"),
}


def _content_doubt(info: TableInfo, state: dict) -> TableInfo:
    """A table recognised by its content, not its title, reads with a doubt on every row
    (table_content.py): its findings are 读取存疑 unless confirmed elsewhere. So does a table
    recognised, or a column of it mapped, by the terms of its wording (table_terms.py)."""
    title = info.title[:30]
    if info.index in state.get("by_terms", ()):
        doubt = ReadingDoubt(TERMS_CAUSE, detail=f"表题或列名按用语识别（“{title}”）",
                             detail_en=f"title or columns recognised by their terms (“{title}”)")
        info = replace(info, reading=info.reading + (doubt,))
    if info.index not in state.get("by_content", ()):
        return info
    doubt = ReadingDoubt(CONTENT_CAUSE, detail=f"按表头与行内容识别（表题“{title}”未列入已知表名）",
                         detail_en=f"recognised by header and rows (title “{title}” names no "
                                   "known table)")
    return replace(info, reading=info.reading + (doubt,))


def _printed_units(document: Document, layouts: TableLayouts) -> dict:
    """Each table's grid view and printed money unit, and the document's unit: the one printed
    over at least three quarters of the (three or more) tables that print one, else None.

    Why: a table that prints no unit is read in the unit the document states nearly everywhere
    else (上海 数据局 prints 单位：元 over every table but its 收入预算总表 — and 万元 over its 三公
    table), not in the layout default."""
    views, units = {}, {}
    for table in document.tables:
        try:
            views[table.index] = view = to_grid_view(table, layouts.recognition)
            units[table.index] = printed_unit(table, view, layouts, document)
        except MemoryError:  # not a table's fault: the stage reports it (pipeline)
            raise
        except Exception:  # noqa: BLE001 - reported when the table itself is extracted
            continue
    found = Counter(u for u in units.values() if u)
    total = sum(found.values())
    unit, n = found.most_common(1)[0] if found else (None, 0)
    return {"views": views, "units": units,
            "doc_unit": unit if total >= 3 and n * 4 >= total * 3 else None}


def _join_fragment(facts: list[Fact], continues: bool, state: dict) -> list[Fact]:
    """Facts of a page that continues the previous table share the first fragment's scope.

    Why: a table broken over pages may reach extraction as one table per page; in-table
    identities (合计 = Σ 类, 类 = Σ 款) must see the rows of every page, or a total printed on the
    last page is compared with that page's rows only. A fragment is joined only when it adds
    new rows: one that repeats measures already read is another table with the same title
    (a unit's copy), and keeps its own scope. Provenance (table, row, column) is unchanged.
    Facts of a budget unit (scope ``…:unit:<name>``) already carry the first page's scope; facts
    read alone (scope ``…:row:<n>``) stay alone."""
    plain = [f for f in facts if UNIT_SCOPE not in f.scope and ROW_SCOPE not in f.scope]
    keys = {(f.measure, f.basis) for f in plain}
    chain = state.get("chain")
    if continues and chain is not None and plain and not keys & chain[1]:
        chain[1].update(keys)
        return [f if UNIT_SCOPE in f.scope or ROW_SCOPE in f.scope else f._replace(scope=chain[0])
                for f in facts]
    if plain:
        state["chain"] = (plain[0].scope, set(keys))
    elif not continues:
        state["chain"] = None
    return facts


def extract_tables(document: Document, metadata: Metadata,
                   layouts: Optional[TableLayouts] = None,
                   ) -> tuple[list[TableInfo], list[Fact], list[Diagnostic]]:
    """Recognise every table of ``document`` and read its cells into facts.

    ``metadata`` (kind budget/final, year) may have None fields: the phase is then read from the
    table title or header and the year from the title. ``layouts`` defaults to the package's
    ``rules/tables.toml``. A table that fails to read becomes a diagnostic, never an exception.
    """
    layouts = layouts or load_table_layouts()
    printed, document = document, simplified(document)  # read as simplified, quoted as printed
    infos: list[TableInfo] = []
    facts: list[Fact] = []
    diagnostics: list[Diagnostic] = []
    perf = PerformanceCounter()
    state: dict = _printed_units(document, layouts)
    for table in document.tables:
        try:
            info, table_facts, diags = _extract_one(document, table, metadata, layouts, perf, state)
        except MemoryError:  # not a table's fault: the stage reports it (pipeline)
            raise
        except Exception as exc:  # noqa: BLE001 - a bug on one table must not lose the others
            src = Source(file=document.path, page=table.page, table=table.index)
            diagnostics.append(Diagnostic(
                "table-extract-failed", Severity.WARNING, f"表格读取失败：{type(exc).__name__}: {exc}",
                f"table extraction failed: {type(exc).__name__}: {exc}", src))
            info = TableInfo(index=table.index, role=None, title="", page=table.page,
                             pages=table.pages or (table.page,))
            table_facts, diags = [], []
        infos.append(info)
        facts.extend(table_facts)
        diagnostics.extend(diags)
    facts, diags = _chain_alone(document, facts, state)
    facts, folded = refile_folded_carryover(facts, layouts, document.path)
    diags += folded
    infos = assess_reading(document, infos, state["views"], state.get("chains", {}),
                           state.get("layouts", {}), facts, state.get("crosswalk", set()))
    infos = [_content_doubt(i, state) for i in infos]
    infos, facts = as_printed(printed, document, infos, facts)
    return infos, facts, diagnostics + diags


def _chain_alone(document: Document, facts: list[Fact], state: dict
                 ) -> tuple[list[Fact], list[Diagnostic]]:
    """Over the pages of one table: drop the rows of a code keyed by two codes that the pages
    print more than once, and read alone the other codes of every 类 with a code not read.

    Why: a crosswalk (部门经济科目 × 政府经济科目) prints 30111 × 50102 at the foot of one page and
    30111 × 50501 at the top of the next. Each page sees the code once; both rows are pairs'
    figures, not the code's, and neither may be compared with the other as the same measure.
    A 类 with a code not read (split so, or repeated on one page) cannot be checked against the
    款 that remain on any page (as on one page, :func:`.table_facts._read_alone`)."""
    paired = state.get("paired", {})
    split_keys = [key for key, cells in paired.items() if len(cells) > 1]
    split = {cell for key in split_keys for cell in paired[key]}
    state.setdefault("crosswalk", set()).update(split)  # parts as printed (table_quality.py)
    lei: dict[int, set[tuple[str, str]]] = {c: set(d) for c, d in state.get("dropped", {}).items()}
    for chain, unit, code in split_keys:
        lei.setdefault(chain, set()).add((unit, code[:3]))
    if not any(lei.values()):  # nothing split, no 类 to read alone: every fact stays as read
        return list(facts), []
    by_table = {t: lei.get(chain, set()) for chain, ts in state.get("chains", {}).items() for t in ts}
    out = []
    for f in facts:
        if (f.source.table, f.source.row) in split:
            continue
        code = next((part for part in f.measure.split(".") if part.isdigit()), "")
        if len(code) > 3 and ROW_SCOPE not in f.scope and \
                (scope_unit(f.scope), code[:3]) in by_table.get(f.source.table, ()):
            f = f._replace(scope=f"{f.scope}{ROW_SCOPE}{f.source.row}")
        out.append(f)
    if not split_keys:
        return out, []
    codes = sorted({code for _, _, code in split_keys})
    first = min(split)
    src = Source(file=document.path, table=first[0], row=first[1])
    return out, [Diagnostic(
        "table-duplicate-code", Severity.INFO,
        f"跨页表格中科目编码与另一编码成对列示于多行，未按单行读取：{'、'.join(codes[:8])}",
        f"codes paired with a second code on rows of several pages of one table, "
        f"not read as single figures: {', '.join(codes[:8])}", src)]


def refile_text_folds(text_facts: list[Fact], table_facts: list[Fact],
                      layouts: Optional[TableLayouts] = None) -> list[Fact]:
    """Text figures in the 口径 of a folding table's rows (:mod:`.table_fold`) take its measure."""
    return refile_text_like_tables(text_facts, table_facts, layouts or load_table_layouts())


__all__ = ["extract_tables", "refile_text_folds", "ROLE_TITLES_ZH"]
