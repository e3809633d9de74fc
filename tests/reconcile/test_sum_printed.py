"""reconcile/sum_printed: what a table prints of a sum's parts. Built on a 三公 table printed
items-as-rows and read through the real pipeline (the 寿县 form: 公务用车 printed with blank
运行维护费/购置费 rows under it, 因公出国 blank beside printed siblings)."""

from __future__ import annotations

from budgetlens.imply.index import FactIndex
from budgetlens.pipeline import process
from budgetlens.reconcile.sum_printed import blank_parts_only, fill

HEAD = "某某县某某中心2023年度单位决算"
TITLE = ("某某县某某中心2023年度一般公共预算财政拨款“三公”经费支出决算表", "单位：万元")


def _facts(tmp_path, rows):
    path = tmp_path / "doc.txt"
    path.write_text("\n".join([HEAD, *TITLE, *("\t".join(r) for r in rows)]) + "\n",
                    encoding="utf-8")
    result = process(str(path))
    assert result.disclosure is not None, result.error
    facts = [f for f in result.disclosure.facts if f.origin == "table"]
    by_key = {(f.measure, f.basis): f for f in facts}
    return FactIndex(result.disclosure.facts), by_key


ROWS = (("项目", "预算数", "决算数"),
        ("合计", "30.00", "21.71"),
        ("因公出国（境）费", "", ""),
        ("公务接待费", "10.00", "5.53"),
        ("公务用车购置及运行维护费", "20.00", "16.18"),
        ("其中：公务用车运行维护费", "", ""),
        ("公务用车购置费", "", ""))


def _pick(by_key, prefix, basis):
    return {m: f for (m, b), f in by_key.items() if b == basis and m.startswith(prefix)}


def test_fill_binds_code_and_n_and_leaves_unbound_placeholders():
    assert fill("expense.func.{code}", {"code": "201"}) == "expense.func.201"
    assert fill("item.{n}.{code}", {"n": "3"}) == "item.3.{code}"


def test_a_total_over_parts_all_blank_is_the_breakdown_not_printed(tmp_path):
    index, by_key = _facts(tmp_path, ROWS)
    cars = _pick(by_key, "three_public.vehicle", "current")
    total = cars["three_public.vehicle"]
    parts = [cars["three_public.vehicle_operation"], cars["three_public.vehicle_purchase"]]
    assert parts and all(f.blank for f in parts)
    assert blank_parts_only(index, total, parts)


def test_near_miss_one_printed_part_or_a_blank_total_is_not(tmp_path):
    rows = tuple(("其中：公务用车运行维护费", "20.00", "16.18") if r[0].startswith("其中") else r
                 for r in ROWS)
    index, by_key = _facts(tmp_path, rows)
    cars = _pick(by_key, "three_public.vehicle", "current")
    total = cars["three_public.vehicle"]
    parts = [cars["three_public.vehicle_operation"], cars["three_public.vehicle_purchase"]]
    assert parts and not all(f.blank for f in parts)
    assert not blank_parts_only(index, total, parts)
    # a blank total over blank parts is no "breakdown not printed" either
    abroad = _pick(by_key, "three_public.overseas", "current")["three_public.overseas"]
    assert abroad.blank and not blank_parts_only(index, abroad, [abroad])
    assert not blank_parts_only(index, total, [])


def test_a_blank_part_printed_under_another_basis_is_a_zero_not_a_missing_breakdown(tmp_path):
    """The 西安 表13 form: a part blank under one basis prints a figure under another, so its
    blank is a zero and a non-zero total over such parts is judged (near miss above: parts blank
    under every basis stay "not printed")."""
    rows = tuple(("其中：公务用车运行维护费", "20.00", "") if r[0].startswith("其中") else r
                 for r in ROWS)
    index, by_key = _facts(tmp_path, rows)
    cars = _pick(by_key, "three_public.vehicle", "current")
    parts = [cars["three_public.vehicle_operation"], cars["three_public.vehicle_purchase"]]
    assert all(f.blank for f in parts)
    assert not blank_parts_only(index, cars["three_public.vehicle"], parts)
