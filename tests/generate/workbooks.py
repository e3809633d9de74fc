"""Workbooks and inputs the generate tests fill from the synthetic input (tests/generate/
synthetic.py): a template workbook filled from it, and a 决算's inputs with the first project's
得分 and 实际完成值 changed (its 总分 still their sum)."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.generate import load_inputs
from budgetlens.generate.workbook import write_template

from .synthetic import synthetic_input, write_input


def filled(tmp_path, n_items: int = 8):
    inputs, _ = load_inputs(write_input(tmp_path, synthetic_input(n_items=n_items)))
    path = tmp_path / "filled.xlsx"
    write_template(path, inputs.kind, inputs.level, inputs.template, inputs)
    return inputs, path


def filled_final(tmp_path):
    inputs, _ = load_inputs(write_input(tmp_path, synthetic_input(n_items=6, kind="final")))
    path = tmp_path / "filled.xlsx"
    write_template(path, "final", inputs.level, inputs.template, inputs)
    return inputs, path


def final_inputs(tmp_path, score_of: dict[int, str], actual_of: dict[int, str] = {}):  # noqa: B006 — read only
    data = synthetic_input(n_items=5, kind="final")
    first = data["projects"][0]
    for k, score in score_of.items():
        first["indicator_rows"][k]["score"] = score
    for k, actual in actual_of.items():
        first["indicator_rows"][k]["actual"] = actual
    first["score"] = str(sum(Decimal(r["score"]) for r in first["indicator_rows"]))  # 总分 still adds up
    return load_inputs(write_input(tmp_path, data))[0]
