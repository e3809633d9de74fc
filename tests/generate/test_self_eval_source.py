"""The words of a published 绩效自评表 from its cells (generate/self_eval_source.py): 实际完成值 in
words (全年, 长期, 已完成, 国家标准范围之内) from a published 决算 (西安市卫生健康委员会 2022 决算汇总,
corpus/pdf: 89 自评表, a third of their indicators in words), carried from the extract JSON's cells
with each cell as its source, printed in the regenerated tables and read back, and scored by the
qualitative tiers of rules/generate/scoring.toml (standards.md §6.3; the tiers themselves:
test_score_rule.py) where a tier names the words, else said to be judgment."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.generate import generate, load_inputs
from budgetlens.generate.indicators import number
from budgetlens.generate.perf_source import tables_from_json
from budgetlens.generate.self_eval_source import self_eval_rows
from budgetlens.generate.spec import load_spec
from budgetlens.pipeline import process
from budgetlens.report import EXTRACT_RENDERERS

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "pdf"
NAME = "shaanxi_xian_wjw_2022_juesuan_huizong.pdf"


@pytest.fixture(scope="module")
def xian(tmp_path_factory):
    path = CORPUS / NAME
    if not path.exists():
        pytest.skip(f"{NAME} not available")
    result = process(str(path), audit=False)
    out = tmp_path_factory.mktemp("xian") / "xian.json"
    out.write_text(EXTRACT_RENDERERS["json"]([result], "zh"), encoding="utf-8")
    return result, out


def _text_rows(inputs):
    return [(p, i) for p in inputs.projects for i in p.indicator_rows
            if i.actual and number(i.actual) is None]


def test_the_words_come_from_their_cells(xian):
    result, path = xian
    inputs, _ = load_inputs(path)
    rows = _text_rows(inputs)
    assert len(rows) > 100, "the 西安 自评表 print 实际完成值 in words (全年, 长期, 已完成 …)"
    for _p, ind in rows:  # each word is the cell the source prints it in
        src = ind.actual_source
        assert src is not None and src.page is not None
        assert result.document.tables[src.table].grid()[src.row][src.column].strip() == ind.actual
    # the reader's numbers of those tables are still the rows' numbers, in order
    read = {f.measure: f.value for f in result.disclosure.facts
            if f.measure.startswith("performance.self_eval.") and f.measure.endswith(".actual")}
    assert read and all(number(i.actual) is not None for p in inputs.projects
                        for i in p.indicator_rows if i.actual and i.actual_source is None
                        and i.name != "预算执行率")


def test_printed_scored_and_read_back(xian, tmp_path):
    from docx import Document

    _result, path = xian
    inputs, _ = load_inputs(path)
    # as published it fails its own audit (总分 of 16 tables not the sum of their rows): a draft
    done = generate(inputs, tmp_path, ["docx", "pdf"], draft=True)
    qualitative_rule = [f for f in done.gate.findings
                        if f.rule == "generate-score-rule" and "定性" in f.message]
    assert not qualitative_rule, [f.line() for f in qualitative_rule]  # every worded score in its tier
    judged = [f for f in done.gate.findings if f.rule == "generate-score-judgment" and "档次" in f.message]
    assert judged and all(f.severity == "info" for f in judged)  # words no tier names: said so
    cells = {c.text for t in Document(str(done.written["docx"])).tables for row in t.rows for c in row.cells}
    assert {i.actual for _p, i in _text_rows(inputs)} <= cells
    for fmt, report in done.read_back.items():
        assert not [f.line() for f in report.findings
                    if f.rule in ("generate-readback-differs", "generate-cell-not-read")], fmt


def test_a_worded_score_below_its_tier_is_refused_naming_its_cell(xian, tmp_path):
    _result, path = xian
    data = json.loads(path.read_text(encoding="utf-8"))
    printed = self_eval_rows(tables_from_json(data[0]["tables"]), data[0]["file"],
                             [t["index"] for t in data[0]["tables"] if t["role"] == "performance_self_eval"],
                             load_spec().perf)
    n, k, ind = next((n, k, i) for n, rows in sorted(printed.items()) for k, i in enumerate(rows, 1)
                     if number(i.actual) is None and i.actual == i.target and i.score == i.weight)
    lowered = (ind.weight / 2).normalize()
    src = ind.actual_source  # the 得分 printed lower: the rightmost cell of the row holding it
    table = next(t for t in data[0]["tables"] if t["index"] == src.table)
    score_cell = max((c for c in table["cells"] if c["row"] == src.row and number(c["text"]) is not None
                      and number(c["text"]).value == ind.score), key=lambda c: c["col"])
    score_cell["text"] = str(lowered)
    for f in data[0]["facts"]:
        if f["measure"] == f"performance.self_eval.{n}.indicator.{k}.score":
            f["value"] = str(lowered)
        elif f["measure"] == f"performance.self_eval.{n}.score":  # the 总分 lowered too: the sum holds
            f["value"] = str(Decimal(f["value"]) - ind.weight + lowered)
    planted = tmp_path / "planted.json"
    planted.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    inputs, _ = load_inputs(planted)
    result = generate(inputs, tmp_path / "out", ["html"])
    found = [f for f in result.gate.errors if f.rule == "generate-score-rule" and "定性" in f.message]
    assert result.refused and len(found) == 1
    assert f"“{lowered:f}”" in found[0].where and ind.actual in found[0].message
