"""The round trip of a published 绩效目标表 keeps its words: each project's 总体目标 and the
indicators whose 指标值 is text (显著改善), taken from the table cells with their place, written
into the regenerated table and read back (烟台 统计局 2026, corpus/wide: the 烟台 layout of
one 政策和项目预算绩效目标表 per project)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from budgetlens.generate import generate, load_inputs
from budgetlens.generate.indicators import number
from budgetlens.pipeline import process
from budgetlens.report import EXTRACT_RENDERERS

WIDE = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "wide"
NAME = "shandong_yantai_tjj_2026_yusuan.pdf"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    path = WIDE / NAME
    if not path.exists():
        pytest.skip(f"{NAME} not available")
    result = process(str(path))
    out = tmp_path_factory.mktemp("yantai") / "tjj.json"
    out.write_text(EXTRACT_RENDERERS["json"]([result], "zh"), encoding="utf-8")
    return result, out


def _cell(document, src) -> str:
    grid = document.tables[src.table].grid()
    return grid[src.row][src.column]


def test_targets_and_text_indicators_come_from_their_cells(extracted):
    result, path = extracted
    inputs, _ = load_inputs(path)
    projects = [p for p in inputs.projects if p.indicator_rows]
    n_tables = sum(t.role == "performance_targets" for t in result.disclosure.tables)
    assert projects and len(projects) <= n_tables
    texts = [i for p in projects for i in p.indicator_rows if number(i.target) is None]
    assert texts, "the 烟台 tables print text-valued 指标值 (显著提升, 有效提升 …)"
    for p in projects:
        assert p.target, p.name
        for ind in p.indicator_rows:  # each row's source is the cell that prints its 指标值
            assert ind.source.table is not None and _cell(result.document, ind.source).strip() == ind.target
            assert ind.level1 and ind.level2 and ind.name
    # every number the reader took from those tables is still an indicator, in order
    read = [f for f in result.disclosure.facts if ".indicator." in f.measure and f.measure.endswith(".target")]
    kept = [number(i.target).value for p in projects for i in p.indicator_rows if number(i.target) is not None]
    assert kept == [f.value for f in read]


def test_the_regenerated_tables_print_them_and_read_back(extracted, tmp_path):
    from docx import Document

    _result, path = extracted
    inputs, _ = load_inputs(path)
    # published as it stands it is refused for its own figures (two tables state 基本支出 1,704.11 and
    # 1,704.12): a draft is enough to show the words come back
    generated = generate(inputs, tmp_path, ["docx", "pdf"], draft=True)
    for fmt, report in generated.read_back.items():
        assert not [f.line() for f in report.findings
                    if f.rule in ("generate-readback-differs", "generate-cell-not-read")], fmt
    doc = Document(str(generated.written["docx"]))
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    for p in (p for p in inputs.projects if p.indicator_rows):
        assert p.target in cells, p.name
        assert {i.target for i in p.indicator_rows} <= cells, p.name


def _moved(path: Path, tmp_path: Path, keep_cells: bool) -> Path:
    """The extract JSON with its source file gone (and, unless ``keep_cells``, without the cells
    an older extract JSON did not carry)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data[0]["file"] = str(tmp_path / "moved-away.pdf")
    for t in data[0]["tables"]:
        if not keep_cells:
            t.pop("cells", None)
    moved = tmp_path / ("moved.json" if keep_cells else "old.json")
    moved.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return moved


def test_the_extract_json_carries_the_forms_cells_so_the_source_is_not_read_again(extracted, tmp_path):
    result, path = extracted
    data = json.loads(path.read_text(encoding="utf-8"))[0]
    forms = {t.index for t in result.disclosure.tables
             if t.role in ("performance_targets", "performance_self_eval")}
    assert forms and {t["index"] for t in data["tables"] if t.get("cells")} == forms
    for t in (t for t in data["tables"] if t.get("cells")):  # each cell as the reader read it
        grid = result.document.tables[t["index"]].grid()
        assert all(grid[c["row"]][c["col"]] == c["text"] for c in t["cells"])
    # the source gone: the words still come, from the JSON's cells, with the same places
    inputs, diagnostics = load_inputs(_moved(path, tmp_path, keep_cells=True))
    assert "generate-perf-text-unavailable" not in {d.code for d in diagnostics}
    direct, _ = load_inputs(path)
    rows = lambda i: [(p.name, p.target, [(r.target, r.source.page, r.source.row, r.source.column)  # noqa: E731
                                          for r in p.indicator_rows]) for p in i.projects]
    assert rows(inputs) == rows(direct)
    assert any(number(r.target) is None for p in inputs.projects for r in p.indicator_rows)


def test_an_older_json_without_cells_and_without_its_source_keeps_numbers_and_says_so(extracted, tmp_path):
    _result, path = extracted
    inputs, diagnostics = load_inputs(_moved(path, tmp_path, keep_cells=False))
    assert "generate-perf-text-unavailable" in {d.code for d in diagnostics}
    assert all(number(i.target) is not None for p in inputs.projects for i in p.indicator_rows)


def test_cells_that_are_not_cells_fall_back_to_the_source(extracted, tmp_path):
    """A hand-edited JSON whose cells are broken is still an input: those tables' words are read
    from the source again, as for an older JSON."""
    _result, path = extracted
    data = json.loads(path.read_text(encoding="utf-8"))
    for t in data[0]["tables"]:
        if t.get("cells"):
            t["cells"] = [{"text": "x"}]  # no row, no column
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    inputs, diagnostics = load_inputs(broken)
    direct, _ = load_inputs(path)
    assert inputs is not None and "generate-input-unreadable" not in {d.code for d in diagnostics}
    assert [(p.name, p.target, [r.target for r in p.indicator_rows]) for p in inputs.projects] == \
        [(p.name, p.target, [r.target for r in p.indicator_rows]) for p in direct.projects]
