"""The 项目支出绩效目标表 (预算) and 绩效自评表 (决算): written as the forms our reader knows, read back
from the DOCX and PDF as the same project amounts and scores, and a 绩效目标表 amount that is not
the 项目支出表's refused naming its cell."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.generate import generate, load_inputs

from .synthetic import synthetic_input, write_input


def _perf(facts, suffix: str) -> list[tuple[str, Decimal]]:
    """The per-table facts (the sentences' document-wide performance.self_eval.score, read since
    session 10, is not one of them)."""
    return sorted((f.measure, f.value) for f in facts if f.measure.startswith("performance.")
                  and f.measure.endswith(suffix) and ".indicator." not in f.measure
                  and f.measure != "performance.self_eval.score")


def _clean_read_back(result) -> None:
    assert not result.refused, [f.line() for f in result.gate.errors]
    for fmt, report in result.read_back.items():
        assert not [f.line() for f in report.findings if f.severity in ("error", "warning")], fmt


def test_budget_prints_the_targets_table_and_reads_back_every_project_amount(synthetic_generated):
    result = synthetic_generated
    _clean_read_back(result)
    inputs_projects = [t for t in result.model.tables() if t.family == "project_expense"][0]
    listed = [c.value for c in inputs_projects.item_cells()]
    targets = [t for t in result.model.tables() if t.family == "performance_targets"]
    # one form per project (rules/generate/tables.toml targets_layout), titled with its name
    assert len(targets) == len(listed) and {t.role for t in targets} == {"budget_performance_targets"}
    grid = inputs_projects.rows()
    assert [t.title.rsplit("（", 1)[-1].rstrip("）") for t in targets] == \
        [grid[c.row][0].text for c in inputs_projects.item_cells()]
    expected = [(f"performance.project.{n}.budget", v) for n, v in enumerate(listed, 1)]
    assert len(expected) >= 2 and _perf(result.gate.facts, ".budget") == expected
    for fmt in ("docx", "pdf"):
        assert _perf(result.read_back[fmt].facts, ".budget") == expected, fmt


def test_final_prints_a_self_evaluation_per_project_and_reads_back_the_scores(tmp_path):
    data = synthetic_input(n_items=6, kind="final")
    inputs, _ = load_inputs(write_input(tmp_path, data), kind="final")
    result = generate(inputs, tmp_path / "out", ["docx", "pdf"])
    _clean_read_back(result)
    expected = [(f"performance.self_eval.{n}.score", p.score) for n, p in enumerate(inputs.projects, 1)]
    assert len(expected) == 3 and all(s is not None for _m, s in expected)
    assert [t.family for t in result.model.tables()].count("performance_self_eval") == 3
    for fmt in ("docx", "pdf"):
        assert _perf(result.read_back[fmt].facts, ".score") == expected, fmt


def test_a_targets_amount_unlike_the_project_table_is_refused_naming_its_cell(tmp_path):
    """An extract JSON whose 绩效目标表 states a project's budget 10 万元 above its 项目支出表 row."""
    data = synthetic_input(n_items=6)
    second = data["projects"][1]
    planted = Decimal(second["amount"]) + 10
    data["facts"].append({"measure": "performance.project.2.budget", "basis": "current",
                          "value": str(planted), "kind": "money", "origin": "table",
                          "label": second["name"],
                          "source": {"file": "published.pdf", "page": 40, "text": str(planted)}})
    inputs, _ = load_inputs(write_input(tmp_path, data))
    result = generate(inputs, tmp_path / "out", ["docx"])
    found = [f for f in result.gate.errors if f.rule == "generate-perf-amount"]
    assert result.refused and len(found) == 1, [f.line() for f in result.gate.errors]
    assert "绩效目标表" in found[0].where and f"“{planted:.2f}”" in found[0].where
    assert found[0].input_source.file == "published.pdf" and second["name"] in found[0].message


def test_a_project_only_the_targets_table_names_is_printed_there_not_in_the_project_table(tmp_path):
    """A 绩效目标表 may cover a project the 项目支出表 does not list (its funds are not 项目支出 of
    this table's scope): it is printed and read back in the form, and not added to the list
    (which must add up to the 项目支出)."""
    data = synthetic_input(n_items=6)
    data["facts"].append({"measure": "performance.project.9.budget", "basis": "current",
                          "value": "12.50", "kind": "money", "origin": "table", "label": "课题研究",
                          "source": {"file": "published.pdf", "page": 41, "text": "12.50"}})
    inputs, _ = load_inputs(write_input(tmp_path, data))
    result = generate(inputs, tmp_path / "out", ["docx"])
    _clean_read_back(result)
    listed = [t for t in result.model.tables() if t.family == "project_expense"][0]
    assert len(listed.item_cells()) == 3
    assert ("performance.project.4.budget", Decimal("12.50")) in _perf(result.read_back["docx"].facts, ".budget")


def test_the_form_labels_are_ones_the_reader_matches():
    """The labels of [performance] in rules/generate/tables.toml against the reader's patterns
    (rules/tables.toml [performance]): a renamed label that our reader would not read fails here,
    not only in a slow round trip."""
    from budgetlens.extract.table_grid import norm
    from budgetlens.generate.spec import load_spec
    from budgetlens.rules.table_layouts import load_table_layouts

    labels, perf = load_spec().perf, load_table_layouts().performance
    assert perf.project_name.search(norm(labels["name"]))
    assert perf.project_budget.search(norm(labels["budget"]))
    assert perf.self_eval_score.search(norm(labels["score"]))
    for key in ("owner", "target", "indicators"):  # text rows: no project start, no budget
        text = norm(labels[key])
        assert not perf.project_name.search(text) and not perf.project_budget.search(text), key
        assert not perf.weight_header.search(text) and not perf.self_eval_score.search(text), key
