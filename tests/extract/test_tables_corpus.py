"""Table extraction on the corpus PDFs: regional title variants, 元 tables with split 类/款/项
codes, 决算 tables with 预算数/决算数 groups, 三公 with 会议费/培训费, vertical 三公, and the
corpus-wide recognition and identity rates (the measurement of scripts/table_identity_probe.py)."""

from __future__ import annotations

import importlib.util
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.extract.classify import classify
from budgetlens.extract.numbers import half_unit
from budgetlens.extract.tables import extract_tables
from budgetlens.read import read_document

from ..conftest import CORPUS, REPO

PDF = CORPUS / "pdf"


def _extract(path: Path):
    if not path.exists():
        pytest.skip(f"{path.name} not available")
    document, _ = read_document(path)
    metadata, _ = classify(document)
    return extract_tables(document, metadata)


def _values(facts, table, basis="current"):
    return {f.measure: f for f in facts if f.source.table == table and f.basis == basis}


def _close(total, parts):
    tol = sum((half_unit(p.decimals) for p in parts), half_unit(total.decimals))
    return abs(total.value - sum((p.value for p in parts), Decimal(0))) <= tol


def test_shanghai_final_template_has_the_nine_final_roles():
    infos, facts, _ = _extract(CORPUS / "templates" / "shanghai_2024_dept_final_template.pdf")
    roles = [i.role for i in infos if i.role]
    assert roles == ["final_summary", "final_income", "final_expense", "final_fiscal_summary",
                     "final_gpb_expense", "final_gpb_basic", "final_three_public",
                     "final_gov_fund", "final_soe_capital"]
    assert all(i.empty for i in infos if i.role) and not facts  # a template prints no figures


@pytest.mark.parametrize("name", ["shanghai_putuo_wanli_2025_yusuan.pdf",
                                  "shanghai_putuo_czj_2025_yusuan.pdf"])
def test_shanghai_budget_tables_in_yuan_with_split_codes(name):
    infos, facts, _ = _extract(PDF / name)
    b5 = next(i for i in infos if i.role == "budget_gpb_expense")
    assert b5.money_unit == "元"
    assert next(i for i in infos if i.role == "budget_three_public").money_unit == "万元"
    rows = _values(facts, b5.index)
    codes = {m.split(".")[3] for m in rows if m.startswith("expense.general.function.")}
    assert codes and all(len(c) in (3, 5, 7) for c in codes)
    assert all(f.decimals >= 4 for f in rows.values())  # 元 → 万元 keeps the printed precision
    for code in codes:  # 合计 = 基本 + 项目 on every row; 类 = Σ 款
        m = f"expense.general.function.{code}"
        assert _close(rows[m], [rows[m + ".basic"], rows[m + ".project"]]), code
        kids = [rows[f"expense.general.function.{c}"] for c in codes
                if len(c) == len(code) + 2 and c.startswith(code)]
        if len(code) == 3:
            assert kids and _close(rows[m], kids), code
    lei = [rows[f"expense.general.function.{c}"] for c in codes if len(c) == 3]
    assert _close(rows["expense.general.total"], lei)
    gov_fund = next(i for i in infos if i.role == "budget_gov_fund")
    assert gov_fund.empty and "空表" in gov_fund.note  # the note printed below the empty table


def test_final_three_public_reads_budget_and_final_groups():
    infos, facts, _ = _extract(PDF / "shanghai_putuo_ghzyj_2024_juesuan.pdf")
    f7 = next(i for i in infos if i.role == "final_three_public")
    for basis in ("initial_budget", "current"):
        v = _values(facts, f7.index, basis)
        assert _close(v["three_public.total"], [v["three_public.overseas"], v["three_public.vehicle"],
                                                v["three_public.reception"]])
        assert _close(v["three_public.vehicle"], [v["three_public.vehicle_purchase"],
                                                  v["three_public.vehicle_operation"]])
    f6 = next(i for i in infos if i.role == "final_gpb_basic")
    v = _values(facts, f6.index)  # side-by-side groups; footers 人员经费合计 / 公用经费合计
    assert "expense.general.basic.economic.301" in v and "expense.general.basic.economic.302" in v
    assert {"expense.general.basic.personnel", "expense.general.basic.public"} <= set(v)


def test_three_public_total_excludes_meeting_and_training_fees():
    infos, facts, _ = _extract(PDF / "jiangsu_jcy_2018_yusuan.pdf")
    b7 = next(i for i in infos if i.role == "budget_three_public")
    v = _values(facts, b7.index)
    assert {"meeting_fee", "training_fee"} <= set(v)
    assert _close(v["three_public.total"], [v["three_public.overseas"], v["three_public.vehicle"],
                                            v["three_public.reception"]])


def test_vertical_three_public_and_named_class_rows():
    infos, facts, _ = _extract(PDF / "guangdong_guangzhou_tjj_2026_yusuan.pdf")
    b7 = next(i for i in infos if i.role == "budget_three_public")
    v = _values(facts, b7.index)
    assert _close(v["three_public.total"], [v["three_public.overseas"], v["three_public.vehicle"],
                                            v["three_public.reception"]])
    b1 = next(i for i in infos if i.role == "budget_summary")
    v = _values(facts, b1.index)
    lei = [f for m, f in v.items() if m.startswith("expense.function.")]
    assert len(lei) > 10 and all(len(m.split(".")[2]) == 3 for m in v if m.startswith("expense.function."))
    assert {"income.total", "income.grand_total", "expense.total", "expense.grand_total"} <= set(v)


def _probe_module():
    spec = importlib.util.spec_from_file_location("table_identity_probe",
                                                  REPO / "scripts" / "table_identity_probe.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_corpus_recognition_and_identity_rates(capsys):
    if not PDF.exists():
        pytest.skip("corpus not available")
    probe = _probe_module()
    files = sorted(str(p) for p in PDF.glob("*.pdf"))
    stats = probe.measure(files)
    assert stats["candidates"] > 100
    assert stats["recognised"] / stats["candidates"] >= 0.95
    assert stats["held"] / stats["evaluated"] >= 0.98
