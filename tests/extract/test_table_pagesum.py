"""Issue #8 item 4, first pattern: a table continued over pages whose every page closes with a
row labelled 合计 (or 小计) holding that page's sum alone. Drawn with reportlab from seed 004's
一般公共预算财政拨款支出表 (the same figures, split over pages, each page closed by its own sum);
the page subtotals are not the table's total, so no measure contradicts another. Near misses:
one page, a 合计 that is the grand total of a table followed by another table, and a page 合计
that does not equal its page (a real defect stays an error)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.numbers import parse_number
from budgetlens.pipeline import process

_N = 7  # body rows per page before the page's 合计


def _seed():
    from tests.read import variants as v
    table = v.seed_tables()[1]
    assert table.rows[table.n_header][0] == "合计"
    return table


def _leaf_sum(rows, codes) -> tuple[str, ...]:
    """The sum of the rows of the code tree's leaves, per amount column (blank when zero)."""
    leaves = [r for r in rows if r[0] and not any(c != r[0] and c.startswith(r[0]) for c in codes)]
    out = []
    for c in (2, 3, 4):
        s = sum((n.value for r in leaves if (n := parse_number(r[c])) is not None), Decimal(0))
        out.append(f"{s:.2f}" if s else "")
    return tuple(out)


def _paged(path, *, label="合计", last="page", top=False, off=None, rows_per_page=_N + 1,
           others=(), bump=None):
    """Seed 004's table 2 over pages of ``_N`` rows, each closed by ``label`` = its page's sum.
    ``last``: "page" (the last 合计 sums its page), "grand" (it sums every page) or "总计" (a 总计
    row of every page follows the last page's 合计). ``top``: the grand 合计 printed first, as
    the seed does. ``off``: (page, column) of a page 合计 printed 10.00 too high. ``others``:
    indexes of seed tables printed after it. ``bump``: (page, column) where the page's first
    row and its 合计 both print 10.00 more (the page still adds up)."""
    pytest.importorskip("reportlab")
    from tests.read import variants as v
    from tests.read.variants import SourceTable
    from tests.read.variants_pdf import Style, render

    table = _seed()
    header, grand, body = table.rows[:table.n_header], table.rows[table.n_header], \
        list(table.rows[table.n_header + 1:])
    codes = [r[0] for r in body if r[0]]
    first = _N - 1 if top else _N  # the grand 合计 printed first takes a row of page 1
    rows, chunks = [], [body[:first]] + [body[i:i + _N] for i in range(first, len(body), _N)]
    for k, chunk in enumerate(chunks):
        if bump and bump[0] == k:
            leaf = next(i for i, r in enumerate(chunk) if r[0] and not any(
                c != r[0] and c.startswith(r[0]) for c in codes))
            row = list(chunk[leaf])
            row[bump[1] + 2] = f"{Decimal(row[bump[1] + 2] or 0) + 10:.2f}"
            chunk = chunk[:leaf] + [tuple(row)] + chunk[leaf + 1:]
        sums = list(_leaf_sum(chunk, codes))
        if off and off[0] == k:
            sums[off[1]] = f"{Decimal(sums[off[1]] or 0) + 10:.2f}"
        if k == len(chunks) - 1 and last == "grand":
            sums = list(grand[2:5])
        rows += chunk + [(label, "", *sums)]
    if last == "总计":
        rows.append(("总计", "", *grand[2:5]))
    rows = ([grand] if top else []) + rows
    source = SourceTable(table.titles, tuple(header) + tuple(rows))
    render([source] + [v.seed_tables()[i] for i in others], path,
           Style(rows_per_page=rows_per_page, repeat_title=True))
    return process(str(path))


def _errors(result):
    return [(f.rule, f.measure, f.stated, f.expected) for f in result.audit.findings
            if f.severity == "error"]


def _totals(result, measure="expense.general.total"):
    return sorted(f.value for f in result.disclosure.facts if f.measure == measure
                  and f.origin == "table")


@pytest.mark.parametrize("label", ["合计", "小计"])
@pytest.mark.parametrize("last,top", [("grand", False), ("总计", False), ("page", True),
                                      ("grand", True)])
def test_page_subtotals_are_not_the_tables_total(tmp_path, label, last, top):
    """Each page's 合计 sums its page; the table's total is the grand row (printed last, as a
    总计 after the last page's 合计, or first): one total, no contradiction."""
    result = _paged(tmp_path / "p.pdf", label=label, last=last, top=top)
    assert len(result.document.pages) >= 3
    assert [t.role for t in result.disclosure.tables] == ["budget_gpb_expense"]
    assert _errors(result) == []
    # a 小计 last is not read as this table's total at all (as before): only 合计 gives one
    assert set(_totals(result)) == ({Decimal("967.73")} if label == "合计" or top or last == "总计"
                                    else set())
    notes = [d for d in result.diagnostics if d.code == "table-page-subtotal"]
    assert len(notes) == 1 and notes[0].source.row is not None


def test_a_page_total_that_misses_its_page_stays_an_error(tmp_path):
    """Near miss: page 2's 合计 prints 基本支出 10.00 above its rows. It is no page subtotal
    (it sums nothing), so it stays a total of the table and contradicts the grand total."""
    result = _paged(tmp_path / "d.pdf", last="grand", off=(1, 1))
    assert ("measure-consistency", "expense.general.basic") in \
        {(rule, measure) for rule, measure, *_ in _errors(result)}


def test_totals_inside_one_page_are_not_page_subtotals(tmp_path):
    """Near miss: the same rows, 合计 rows and all, printed on one page. No 合计 closes a page
    of a continued table, so every one is read as the table's total, as before (and the audit
    names the contradiction the page prints)."""
    result = _paged(tmp_path / "one.pdf", last="grand", rows_per_page=100)
    assert len(result.document.pages) == 1
    assert set(_totals(result)) == {Decimal("824.65"), Decimal("100.95"), Decimal("967.73")}
    assert not [d for d in result.diagnostics if d.code == "table-page-subtotal"]
    assert _errors(result)


def test_a_total_closing_page_one_before_another_table_stays(tmp_path):
    """Near miss: page 1 ends in 合计 equal to its rows, but it is the whole table's total — the
    next page holds another table (表三, its own title). Nothing continues it: the total stays."""
    pytest.importorskip("reportlab")
    from tests.read import variants as v
    from tests.read.variants import SourceTable
    from tests.read.variants_pdf import Style, render

    table, other = v.seed_tables()[1], v.seed_tables()[2]
    n = table.n_header
    moved = SourceTable(table.titles, table.rows[:n] + table.rows[n + 1:] + (table.rows[n],))
    path = render([moved, other], tmp_path / "two.pdf", Style(repeat_title=True))
    result = process(str(path))
    assert len(result.document.pages) == 2 and len(result.disclosure.tables) == 2
    assert Decimal("967.73") in _totals(result)
    assert not [d for d in result.diagnostics if d.code == "table-page-subtotal"]


def _derived(result, measure="expense.general.total"):
    return [f for f in result.disclosure.facts if f.measure == measure
            and f.derivation is not None and f.derivation.rule == "total-from-page-subtotals"]


def test_the_total_of_pages_closed_by_subtotals_alone_is_their_sum(tmp_path):
    """No total row remains (every page's 合计 sums its page, no grand total): the table's total
    is Σ page subtotals, a derived fact naming the three subtotal cells it came from, filed in
    the table; against 表一's printed 967.73 it holds (Σ of three rounded subtotals: 967.74)."""
    result = _paged(tmp_path / "sum.pdf", last="page", others=(0,))
    (total,) = _derived(result)
    assert total.value == Decimal("967.74") and total.scope == "table:0"
    parts = total.derived_from
    assert [(f.source.page, f.source.table, f.origin) for f in parts] == \
        [(1, 0, "table"), (2, 0, "table"), (3, 0, "table")]
    assert sum(f.value for f in parts) == total.value and all(f.source.row for f in parts)
    shown = total.to_dict()
    assert shown["derived"] is True and shown["derivation"] == "total-from-page-subtotals"
    assert [d["page"] for d in shown["derived_from"]] == [1, 2, 3]
    assert {f.measure for f in result.disclosure.facts if f.origin == "derived"
            and f.derivation.rule == "total-from-page-subtotals"} == \
        {"expense.general.total", "expense.general.basic", "expense.general.project"}
    assert _errors(result) == []


def test_a_derived_total_takes_part_in_the_identities(tmp_path):
    """Page 2 prints a row and its 合计 10.00 higher (the page adds up, the document does not):
    Σ page subtotals 977.74 contradicts 表一's 一般公共预算 expense 967.73, and the finding cites
    the page subtotals where they are printed."""
    result = _paged(tmp_path / "bump.pdf", last="page", others=(0,), bump=(1, 0))
    assert _derived(result)[0].value == Decimal("977.74")
    found = [f for f in result.audit.findings if f.severity == "error"
             and f.measure == "expense.general.total"]
    assert found, _errors(result)
    pages = {e.source.page for f in found for e in f.evidence if e.source.table == 0}
    assert {1, 2, 3} <= pages


def test_a_page_total_missing_its_page_gives_no_derived_total(tmp_path):
    """Near miss: page 2's 合计 prints 基本支出 10.00 above its rows, and no grand total. That row
    is no page subtotal, so page 2 is not closed by one: no sum of subtotals is made (it would
    leave a page out) and the row stays a total whose error stays."""
    result = _paged(tmp_path / "miss.pdf", last="page", off=(1, 1))
    assert _derived(result) == [] and _derived(result, "expense.general.basic") == []
    assert "expense.general.basic" in {measure for _, measure, *_ in _errors(result)}


def test_a_table_on_one_page_gives_no_derived_total(tmp_path):
    """Near miss: the same rows, 合计 rows and all, on one page: no page subtotal, no sum."""
    result = _paged(tmp_path / "one.pdf", last="page", rows_per_page=100)
    assert len(result.document.pages) == 1 and _derived(result) == []


def test_a_text_table_over_form_feeds_closed_by_page_subtotals(tmp_path):
    """The same pattern in a text document (seed 004 as printed, tab-separated): table 2 goes on
    over two form feeds, its grand 合计 left out and every page closed by a 合计 of its own rows.
    Joined over the form feeds (read/textjoin.py), the page 合计 are set aside and the table's
    total is their sum; it agrees with 表一 and the sentences: no error beyond the seed's own."""
    from tests.conftest import seed_path

    path = seed_path("004")
    if not path.exists():
        pytest.skip("seeds not available")
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("2024年重庆市南岸区政务服务管理办公室一般公共预算财政拨款支出预算表")
    top = next(i for i in range(start, len(lines)) if lines[i].startswith("合计\t"))
    end = next(i for i in range(top, len(lines)) if not lines[i].strip())
    body = [ln.split("\t") for ln in lines[top + 1:end]]
    codes = [r[0] for r in body]
    chunks = [body[:5], body[5:12], body[12:]]
    out = []
    for k, chunk in enumerate(chunks):
        sums = _leaf_sum(chunk, codes)
        out += ["\t".join(r) for r in chunk] + ["\t".join(("合计", "") + sums)]
        if k < len(chunks) - 1:
            out += ["\f"]
    text = "\n".join(lines[:top] + out + lines[end:])
    target = tmp_path / "paged.txt"
    target.write_text(text, encoding="utf-8")
    result = process(str(target))
    seed = process(str(path))
    assert len(result.document.pages) == 3
    assert _derived(result) and _derived(result)[0].value == Decimal("967.74")
    assert {(f.rule, f.measure) for f in result.audit.findings if f.severity == "error"} <= \
        {(f.rule, f.measure) for f in seed.audit.findings if f.severity == "error"}


# --- a table by budget unit closing its pages with subtotals -----------------------------------

_UNITS = {"某某市某某局（本级）": [("201", "一般公共服务支出"), ("20103", "政府办公厅（室）及相关机构事务"),
                          ("2010301", "行政运行", "300.00", "300.00", ""),
                          ("2010302", "一般行政管理事务", "200.00", "", "200.00")],
          "某某市某某服务中心": [("208", "社会保障和就业支出"), ("20805", "行政事业单位养老支出"),
                         ("2080505", "机关事业单位基本养老保险缴费支出", "80.00", "80.00", ""),
                         ("210", "卫生健康支出"), ("21011", "行政事业单位医疗"),
                         ("2101101", "行政单位医疗", "40.50", "40.50", "")]}


def _sum_rows(rows) -> list[str]:
    """Σ of the code tree's leaves among ``rows`` (those printing figures), per amount column."""
    out = []
    for i in (2, 3, 4):
        s = sum((Decimal(r[i]) for r in rows if len(r) > 2 and r[i]), Decimal(0))
        out.append(f"{s:.2f}" if s else "")
    return out


def _by_unit(tmp_path, split: int, first=None, dept: bool = False, name="units.txt"):
    """A 部门支出总表 by budget unit in a text document: each unit's row (the sum of its code
    rows) above its code rows, a form feed after row ``split`` of the body, every page closed by
    a 合计 of its own rows and no grand total. ``first``: figures printed on the first unit's
    row instead of its sum; ``dept``: the department's row (Σ units) printed above the units."""
    body = []
    for unit, rows in _UNITS.items():
        filled = [list(r) if len(r) > 2 else
                  [r[0], r[1], *_sum_rows([x for x in rows if x[0].startswith(r[0])])] for r in rows]
        body += [["", unit, *_sum_rows(rows)]] + filled
    if first is not None:
        body[0][2:] = first
    if dept:
        body.insert(0, ["", "某某市某某局", *_sum_rows([r for rs in _UNITS.values() for r in rs])])
        split += 1
    pages = [body[:split], body[split:]]
    lines = ["某某市某某局2024年部门预算", "一、收支预算总体情况",
             "2024年某某市某某局支出预算620.50万元，其中基本支出420.50万元，项目支出200.00万元。",
             "二、部门支出总表", "2024年某某市某某局部门支出总表", "单位：万元",
             "科目编码\t科目名称\t总计\t基本支出\t项目支出"]
    for k, page in enumerate(pages):
        leaves = [r for r in page if r[0] and not any(o[0] != r[0] and o[0].startswith(r[0])
                                                      for o in body if o[0])]
        text = ["\t".join(r) for r in page] + ["\t".join(["合计", "", *_sum_rows(leaves)])]
        lines += (["\f" + text[0]] + text[1:]) if k else text
        if not k:
            lines.append("- 1 -")
    target = tmp_path / name
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return process(str(target))


def _expense(result) -> list[tuple[str, Decimal, str]]:
    return sorted((f.scope, f.value, f.origin) for f in result.disclosure.facts
                  if f.measure == "expense.total" and f.source.table == 0)


@pytest.mark.parametrize("split", [5, 8])  # the break between the units; inside the second
def test_a_table_by_unit_closed_by_page_subtotals_derives_the_departments_total(tmp_path, split):
    """No row prints the department's total: the first unit row is a unit (its figures are its
    own rows' sum, not the other units'), and the table's total is Σ page subtotals, in the
    department's scope (620.50 = 500.00 + 120.50). Before, the first unit's 500.00 was read as
    the department's total and no total was derived."""
    result = _by_unit(tmp_path, split)
    assert _expense(result) == [("table:0", Decimal("620.50"), "derived"),
                                ("table:0:unit:某某市某某局（本级）", Decimal("500.00"), "table"),
                                ("table:0:unit:某某市某某服务中心", Decimal("120.50"), "table")]
    assert _errors(result) == []


def test_near_miss_ambiguous_unit_groups_derive_no_total(tmp_path):
    """The first unit row prints 120.50 — the other unit's sum, not its own rows' (500.00): it
    may be the department's row, so the table is read as before (that row the department's) and
    no total is derived."""
    result = _by_unit(tmp_path, 5, first=["120.50", "120.50", ""])
    assert _derived(result, "expense.total") == []
    assert ("table:0", Decimal("120.50"), "table") in _expense(result)


def test_near_miss_a_department_row_printed_is_the_departments_total(tmp_path):
    """The department's row (Σ units) printed above the units: its figure is the total, read
    from the row; nothing is derived."""
    result = _by_unit(tmp_path, 5, dept=True)
    assert _derived(result, "expense.total") == []
    assert ("table:0", Decimal("620.50"), "table") in _expense(result)
