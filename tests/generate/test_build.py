"""The document model assembled (generate/build.py) from the synthetic input: the title of unit,
year, level and phase; parts in the order of rules/generate/document.toml; tables numbered in the
template's order (rules/templates.toml), each mandated one printed even when empty; code names
from the reference lists. Near miss: a table the template does not mandate is left out when it
has no figure, and printed when it has one."""

from __future__ import annotations

from budgetlens.generate.build import build, code_names, document_tables, table_roles
from budgetlens.generate.spec import load_spec

from .models import synthetic_inputs


def test_the_model_follows_the_declarations(tmp_path):
    inputs = synthetic_inputs(tmp_path)
    model = build(inputs)
    assert model.title == f"{inputs.unit}2025年部门预算"
    assert [p.title[:4] for p in model.parts] == ["第一部分", "第二部分", "第三部分", "第四部分", "第五部分"]
    roles = [t.role for t in model.tables()]
    mandated = table_roles("budget", "department", inputs.template)
    assert roles[:len(mandated)] == mandated  # the template's tables first, in its order
    empty = [t for t in model.tables() if t.empty]
    assert {t.family for t in empty} == {"gov_fund", "soe_capital"}  # mandated: printed empty
    assert all(t.note for t in empty)


def test_a_final_account_has_its_own_tables_and_title(tmp_path):
    final = build(synthetic_inputs(tmp_path, kind="final"))
    assert final.title.endswith("2025年度部门决算")
    assert all(t.role.startswith("final_") for t in final.tables()
               if not t.family.startswith("performance"))


def test_a_table_not_mandated_is_left_out_without_figures(tmp_path):
    def no_procurement(data: dict) -> None:
        data["facts"] = [f for f in data["facts"] if not f["measure"].startswith("procurement.")]

    spec = load_spec()
    optional = [f for f, _r, mandated in document_tables(spec, "budget", "department", "national")
                if not mandated]
    assert "procurement" in optional
    with_it = build(synthetic_inputs(tmp_path))
    without = build(synthetic_inputs(tmp_path, no_procurement))
    assert "procurement" in [t.family for t in with_it.tables()]
    assert "procurement" not in [t.family for t in without.tables()]
    # the tables after it are numbered on: no gap
    assert [t.number for t in without.tables()] == list(range(1, len(without.tables()) + 1))


def test_codes_are_named_from_the_reference_lists(tmp_path):
    names = code_names(synthetic_inputs(tmp_path))
    assert names["201"] == "一般公共服务支出"
    assert "999999" not in names
