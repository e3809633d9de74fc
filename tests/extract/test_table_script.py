"""Tables printed in traditional characters (杜集 政府办 2021, a mirror: "一般公共預算財政撥款“三公”經費
支出決算表", rows 因公出國(境)費 / 公務接待費 / 公務用車購置及運行維護費, columns 預算數 / 決算數) are
recognised and read as their simplified twins (extract/table_script.py: the union of the classify
``[fold]`` and lexicon ``[normalize] variants`` tables, applied to what table extraction matches),
and quoted as printed. Synthetic variants made here (another year, phase, unit and figures; a 三公
table and a 一般公共预算 expense table by function), as text and as PDF; near miss: a table that is no
budget table, in traditional characters, stays unread, as its simplified twin does."""

from __future__ import annotations

import pytest

from budgetlens.extract import extract
from budgetlens.read import read_document

from ..read.variants import SourceTable

SANGONG = {
    "simplified": SourceTable(
        ("2024年一般公共预算财政拨款“三公”经费支出预算表", "单位：万元"),
        (("项目", "2023年预算数", "2024年预算数"),
         ("合计", "36.50", "30.20"),
         ("因公出国（境）费", "6.00", "5.00"),
         ("公务接待费", "8.50", "7.20"),
         ("公务用车购置及运行维护费", "22.00", "18.00"),
         ("其中：公务用车运行维护费", "22.00", "18.00"),
         ("公务用车购置费", "0.00", "0.00"))),
    "traditional": SourceTable(
        ("2024年一般公共預算財政撥款“三公”經費支出預算表", "單位：萬元"),
        (("項目", "2023年預算數", "2024年預算數"),
         ("合計", "36.50", "30.20"),
         ("因公出國（境）費", "6.00", "5.00"),
         ("公務接待費", "8.50", "7.20"),
         ("公務用車購置及運行維護費", "22.00", "18.00"),
         ("其中：公務用車運行維護費", "22.00", "18.00"),
         ("公務用車購置費", "0.00", "0.00"))),
}
EXPENSE = {
    "simplified": SourceTable(
        ("2024年一般公共预算支出预算表", "单位：万元"),
        (("科目编码", "科目名称", "合计", "基本支出", "项目支出"),
         ("", "合计", "1,250.00", "950.00", "300.00"),
         ("201", "一般公共服务支出", "1,000.00", "800.00", "200.00"),
         ("208", "社会保障和就业支出", "150.00", "150.00", "0.00"),
         ("221", "住房保障支出", "100.00", "0.00", "100.00"))),
    "traditional": SourceTable(
        ("2024年一般公共預算支出預算表", "單位：萬元"),
        (("科目編碼", "科目名稱", "合計", "基本支出", "項目支出"),
         ("", "合計", "1,250.00", "950.00", "300.00"),
         ("201", "一般公共服務支出", "1,000.00", "800.00", "200.00"),
         ("208", "社會保障和就業支出", "150.00", "150.00", "0.00"),
         ("221", "住房保障支出", "100.00", "0.00", "100.00"))),
}
STAFF = {  # near miss: no budget table (人員編制 counts)
    "simplified": SourceTable(
        ("2024年人员编制情况统计表",),
        (("单位名称", "编制数", "实有人数"), ("机关", "25", "23"), ("事业单位", "12", "12"))),
    "traditional": SourceTable(
        ("2024年人員編制情況統計表",),
        (("單位名稱", "編制數", "實有人數"), ("機關", "25", "23"), ("事業單位", "12", "12"))),
}
HEAD = "某某區某某局2024年部門預算"
FOLD = str.maketrans("項預算數", "项预算数")  # the characters of the header, for the comparison


def _write(tmp_path, fmt: str, tables: list[SourceTable]):
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / f"doc.{fmt}"
    if fmt == "txt":
        lines = [HEAD]
        for t in tables:
            lines += list(t.titles) + ["\t".join(r) for r in t.rows] + [""]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        from ..read.variants_pdf import render
        render(tables, path)
    return path


def _read(tmp_path, fmt: str, script: str, *groups: dict):
    document, _ = read_document(str(_write(tmp_path, fmt, [g[script] for g in groups])))
    disclosure, _ = extract(document)
    return disclosure


def _table_facts(disclosure) -> set:
    return {(f.measure, f.basis, f.value) for f in disclosure.facts if f.origin == "table"}


@pytest.mark.parametrize("fmt", ["txt", "pdf"])
def test_traditional_tables_read_as_their_simplified_twins(tmp_path, fmt):
    if fmt == "pdf":
        pytest.importorskip("reportlab")
    trad = _read(tmp_path / "t", fmt, "traditional", SANGONG, EXPENSE)
    simp = _read(tmp_path / "s", fmt, "simplified", SANGONG, EXPENSE)
    assert [t.role for t in trad.tables] == [t.role for t in simp.tables]
    assert {t.role for t in trad.tables} >= {"budget_three_public"}
    got = _table_facts(trad)
    assert got == _table_facts(simp)
    assert {m for m, _, _ in got} >= {"three_public.total", "three_public.reception",
                                      "expense.general.total"}
    # quoted as printed: the title and the row labels in the document's own characters
    sangong = next(t for t in trad.tables if t.role == "budget_three_public")
    assert "經費" in sangong.title
    assert any("公務接待費" in f.label for f in trad.facts if f.measure == "three_public.reception")
    # …and so is the header (TableInfo.columns), column for column where the twin's is simplified
    twin = next(t for t in simp.tables if t.role == "budget_three_public")
    assert any("預算數" in c for c in sangong.columns) and len(sangong.columns) == len(twin.columns)
    assert all(c.translate(FOLD) == t for c, t in zip(sangong.columns, twin.columns))
    assert not any("預算數" in c for c in twin.columns)


@pytest.mark.parametrize("fmt", ["txt", "pdf"])
def test_a_non_budget_table_in_traditional_characters_stays_unread(tmp_path, fmt):
    """Near miss: folded, a staff table is still no budget table (nor is its simplified twin)."""
    if fmt == "pdf":
        pytest.importorskip("reportlab")
    for script in ("traditional", "simplified"):
        disclosure = _read(tmp_path / script, fmt, script, STAFF)
        assert all(t.role is None for t in disclosure.tables)
        assert _table_facts(disclosure) == set()


# --- big tables: the printed twin is found in linear work (fuzz cases html-2026-007702…7704) --

_SIMPLIFY = str.maketrans("區門預單萬編碼稱計項務", "区门预单万编码称计项务")


def _big_page(rows: int, script: str) -> str:
    """An HTML budget table of ``rows`` distinct subject rows with its tags left unclosed (as the
    fuzz cases' mutated pages), printed in ``script``: the shape of html-2026-007702."""
    head = ["科目編碼", "科目名稱", "合計", "基本支出", "項目支出"]
    body = "".join(f"<tr><td>{2010100 + k}<td>公共服務事務{k}<td>{k + 3}.00<td>{k + 1}.00<td>2.00"
                   for k in range(rows))
    total = sum(k + 3 for k in range(rows))
    html = ("<html><body><p>某某區某某局2024年部門預算<p>2024年一般公共預算支出預算表<p>單位：萬元"
            "<table><tr>" + "".join(f"<td>{h}" for h in head)
            + f"<tr><td><td>合計<td>{total}.00<td>{rows + 1}.00<td>{2 * rows}.00{body}")
    return html if script == "traditional" else html.translate(_SIMPLIFY)


def _calls_to_extract(tmp_path, rows: int, script: str):
    """Python and C calls made while extracting the page: a count, the same on any machine."""
    import sys

    path = tmp_path / f"{script}{rows}.html"
    path.write_text(_big_page(rows, script), encoding="utf-8")
    document, diagnostics = read_document(str(path))
    assert diagnostics == [] and document.tables[0].n_rows == rows + 2
    calls = [0]

    def count(frame, event, arg):
        if event in ("call", "c_call"):
            calls[0] += 1

    sys.setprofile(count)
    try:
        disclosure, _ = extract(document)
    finally:
        sys.setprofile(None)
    return calls[0], disclosure


def test_a_big_traditional_table_is_quoted_as_printed_in_linear_work(tmp_path):
    """Each label piece was searched by folding every cell again (quotes × cells: 1.3 M calls at
    200 rows, 5.1 M at 400, 19.7 M at 800 before the fix); the cells are folded once now, so
    doubling the table at most about doubles the calls. Every row is still read and quoted in the
    characters it is printed in."""
    _calls_to_extract(tmp_path, 20, "traditional")  # rules and patterns loaded: not counted below
    small, _ = _calls_to_extract(tmp_path, 200, "traditional")
    large, disclosure = _calls_to_extract(tmp_path, 400, "traditional")
    assert large < 2.5 * small, (small, large)
    facts = [f for f in disclosure.facts if f.origin == "table"]
    assert len(facts) == 3 * 401 and [t.role for t in disclosure.tables] == ["budget_gpb_expense"]
    assert {f.label for f in facts[:3]} == {"合計 / 合計", "合計 / 基本支出", "合計 / 項目支出"}
    assert all(f.label.endswith(("合計", "基本支出", "項目支出")) for f in facts)


def test_a_big_simplified_table_is_read_whole_as_its_traditional_twin(tmp_path):
    """Near miss: the same table printed in simplified characters is not folded at all and gives
    the same figures under the same measures."""
    _, simp = _calls_to_extract(tmp_path, 400, "simplified")
    _, trad = _calls_to_extract(tmp_path, 400, "traditional")
    assert _table_facts(simp) == _table_facts(trad) and len(_table_facts(simp)) == 3 * 401
    assert not any("計" in f.label for f in simp.facts)


def test_printed_texts_answer_as_printed_span_does():
    """The joined search finds the same span as the text-by-text one: first text holding the
    quote, quotes across two texts not found, a quote holding the separator, the empty quote."""
    from budgetlens.extract.table_script import PrintedTexts, printed_span

    texts = [c for g in (SANGONG, EXPENSE) for t in (g["traditional"], g["simplified"])
             for row in t.rows for c in row] + ["a\0b", "經費預算", ""]
    printed = PrintedTexts(texts)
    fold = str.maketrans("預算數費經計項務會", "预算数费经计项务会")
    quotes = {t.translate(fold)[i:j] for t in texts
              for i in range(len(t)) for j in (i + 1, i + 3, len(t))}
    quotes |= {"", "a\0b", "预算数2023", "合计因公", "不存在"}
    for quote in sorted(quotes):
        assert printed.span(quote) == printed_span(quote, texts), quote
    assert printed.span("经费预算") == "經費預算" and printed.span("合计因公") is None
