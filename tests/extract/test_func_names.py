"""Function names in sentences resolve through the document's own tables, then the reference.

Sentences are quoted from the corpus (上海 普陀 万里 2023 预算, 上海 普陀 2025 预算, 西安 卫健委 2022
决算, 杭州 气象局 2026 预算). The generated DOCX prints a classified table whose 气象事务 (22005) the
reference does not know, and 行政运行 under two 款: the sentence's chain decides which row it is;
a bare 行政运行 and a name no row or reference entry carries stay unattached. One real corpus PDF
is read end to end.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.extract import extract
from budgetlens.extract.func_names import FunctionNames, NameBook, fold_name, reference_book
from budgetlens.extract.narrative import extract_narrative
from budgetlens.model import Document, Line, Metadata, Page
from budgetlens.read import read_document

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def run(meta: Metadata, *texts: str):
    lines = tuple(Line(t, 1, i + 1) for i, t in enumerate(texts))
    return extract_narrative(Document("inline.txt", "text", (Page(1, lines),)), meta, [])[1]


def triples(facts) -> set:
    return {(f.measure, f.basis, f.value) for f in facts}


def test_printing_variants_fold_to_one_name():
    assert fold_name("其它公共安全支出（项）") == fold_name("其他公共安全支出")
    assert fold_name("“社会保障与就业支出”") == fold_name("社会保障和就业支出")
    assert fold_name("1．政府办公厅（室）及相关机构事务（款）") == fold_name("政府办公厅(室)及相关机构事务")
    book = NameBook([("2049999", "其他公共安全支出"), ("20499", "其他公共安全支出")],
                    reference_book(None).rules)
    assert book.candidates("其它公共安全", 7) == {"2049999"}  # trailing 支出 optional
    assert book.candidates("其他公共安全支出", 5, "204") == {"20499"}
    assert book.candidates("其他公共安全支出", 7, "205") == set()


def test_same_name_at_two_levels_resolves_per_level():
    """万里: the 款 and the 项 carry the same name; each level is looked up at its own size."""
    facts = run(Metadata(kind="budget", year=2023),
                "9.“公共安全支出（类）其他公共安全支出（款）其他公共安全支出（项）”110.23万元，主要用于其他公共安全支出。")
    assert [(f.measure.rsplit(".", 1)[-1], f.value) for f in facts] == [("2049999", Decimal("110.23"))]
    facts = run(Metadata(kind="final", year=2022),
                "5.教育支出（类）其他教育支出（款）其他教育支出（项）。年初预算0万元，支出决算268万元，"
                "决算数大于年初预算数的主要原因是：西安市第三医院、西安市红会医院等追加人才专项资金。")
    assert {(f.measure.rsplit(".", 1)[-1], f.basis, f.value) for f in facts} == {
        ("2059999", "initial_budget", Decimal("0")), ("2059999", "current", Decimal("268"))}


def test_dash_chain_with_qita_spelling():
    facts = run(Metadata(kind="budget", year=2025),
                "1.“社会保障和就业支出-行政事业单位养老支出-其它行政事业单位养老支出”科目0.39万元，主要用于离休人员费用。")
    assert [(f.measure.rsplit(".", 1)[-1], f.value) for f in facts] == [("2080599", Decimal("0.39"))]


docx = pytest.importorskip("docx")

_ROWS = [["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出"],
         ["201", "一般公共服务支出", "100.00", "100.00", "0.00"],
         ["20101", "人大事务", "100.00", "100.00", "0.00"],
         ["2010101", "行政运行", "100.00", "100.00", "0.00"],
         ["220", "自然资源海洋气象等支出", "2,617.19", "2,617.19", "0.00"],
         ["22005", "气象事务", "2,617.19", "2,617.19", "0.00"],
         ["2200501", "行政运行", "2,617.19", "2,617.19", "0.00"],
         ["", "合计", "2,717.19", "2,717.19", "0.00"]]


def _generated(path: Path, *sentences: str) -> Document:
    doc = docx.Document()
    doc.add_paragraph("杭州市某局2026年部门预算")
    doc.add_paragraph("一、一般公共预算财政拨款支出情况")
    for sentence in sentences:
        doc.add_paragraph(sentence)
    doc.add_paragraph("2026年部门一般公共预算支出功能分类预算表")
    doc.add_paragraph("单位：万元")
    table = doc.add_table(rows=len(_ROWS), cols=len(_ROWS[0]))
    for i, row in enumerate(_ROWS):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    doc.save(path)
    return read_document(str(path))[0]


def _text_functions(document: Document) -> set:
    disclosure, _ = extract(document)
    return {(f.measure, f.value) for f in disclosure.facts
            if f.origin == "text" and ".function." in f.measure}


def test_name_only_the_documents_table_knows(tmp_path):
    """杭州's sentence: 气象事务 is in no reference table; the document's own row 22005 codes it."""
    assert not reference_book(2026).candidates("气象事务", 5)
    sentence = "（1）自然资源海洋气象等支出（类）气象事务（款）行政运行（项）2,617.19万元，主要用于保障机构正常运转。"
    document = _generated(tmp_path / "own.docx", sentence)
    assert _text_functions(document) == {("expense.general.function.2200501", Decimal("2617.19"))}
    # without the tables (the reference alone) the item stays unattached
    meta = Metadata(kind="budget", year=2026)
    assert not [f for f in extract_narrative(document, meta, [])[1] if ".function." in f.measure]


def test_item_name_resolves_under_its_chain_and_not_alone(tmp_path):
    document = _generated(tmp_path / "chain.docx",
                          "（2）一般公共服务支出（类）人大事务（款）行政运行（项）100.00万元。",
                          "（3）行政运行（项）100.00万元。")
    # 行政运行 is 2010101 under 人大事务 and 2200501 under 气象事务: only the chain decides
    assert _text_functions(document) == {("expense.general.function.2010101", Decimal("100.00"))}


def test_unknown_name_stays_unattached(tmp_path):
    document = _generated(tmp_path / "unknown.docx",
                          "（4）自然资源海洋气象等支出（类）气象事务（款）人工影响天气（项）35.00万元。")
    assert _text_functions(document) == set()
    names = FunctionNames(2026)
    assert names.lookup("人工影响天气", 7, "22005") == ""


def test_real_pdf_items_match_their_table_rows():
    """普陀 万里 2023 预算: every 类/款/项 item the narrative names is a row of its own tables; the
    items whose 款 and 项 share a name (left unattached before) carry their rows' amounts. (The
    document's own 16.职业年金 item says 220.63 and then "2023年预算安排441.25万元": no check here.)"""
    path = SHARED / "corpus" / "pdf" / "shanghai_putuo_wanli_2023_yusuan.pdf"
    if not path.exists():
        pytest.skip("shared corpus not available")
    document, _ = read_document(str(path))
    disclosure, _ = extract(document)

    def code(fact) -> str:
        return fact.measure.split("function.", 1)[1].split(".")[0]

    table: dict[str, set] = {}
    for f in disclosure.facts:
        if f.origin == "table" and ".function." in f.measure:
            table.setdefault(code(f), set()).add(f.value)
    items = {(code(f), f.value) for f in disclosure.facts if f.origin == "text"
             and ".function." in f.measure and f.basis == "current" and len(code(f)) == 7}
    assert {("2049999", Decimal("110.23")), ("2089999", Decimal("1331.27"))} <= items
    for item, value in (("2049999", Decimal("110.23")), ("2089999", Decimal("1331.27"))):
        # the table prints 元 to 4 decimals of 万元; the text rounds
        assert any(abs(v - value) < Decimal("0.005") for v in table[item]), item
    assert {item for item, _ in items} <= set(table)  # no item the document's tables lack


def test_item_name_broken_after_the_numbered_line():
    """西安 卫健委: the numbered line breaks inside the 项 name; it is a list item, not a heading,
    and the whole chain names the item."""
    headings, facts, _, _ = extract_narrative(
        Document("inline.txt", "text", (Page(1, (
            Line("13. 卫生健康支出（类）卫生健康管理事务（款）其他卫生健", 1, 1),
            Line("康管理事务支出（项）。年初预算516万元，支出决算508.94万", 1, 2),
            Line("元，完成年初预算的98.63%。", 1, 3))),)),
        Metadata(kind="final", year=2022), [])
    assert not headings
    assert {(f.measure.rsplit(".", 1)[-1], f.basis, f.value) for f in facts} >= {
        ("2100199", "initial_budget", Decimal("516")), ("2100199", "current", Decimal("508.94"))}
