"""A reason given for the 财政拨款 total is the 一般公共预算 total's where the document prints the two
equal (a unit with no 政府性基金 or 国有资本经营 money: one figure under two names). 梧州 2025 (unseen):
"财政拨款总收支较上年下降3.85%，主要原因是…" then, in the next section, "一般公共预算支出1085203.63元，
同比减少43506.06元，下降3.85%。" — the second change is explained by the first's reason
(form-change-reason-missing, ``reason_twins`` in rules/form_checks.toml; reconcile/form_twins.py).
Near misses: the two totals differ (a 政府性基金 part), or the reason is given for neither."""

from __future__ import annotations

from budgetlens.rules.catalogue import load_rules
from budgetlens.rules.measures import get

from .form_support import disclose, fired

HEAD = "某某中心2025年部门预算"


def _doc(tmp_path, general: str, fund: str, reason: str) -> str:
    """A variant of the pattern in 万元 (梧州 prints 元), the two sections in the other order's
    wording: 财政拨款收支总预算 / 一般公共预算拨款 (and a 政府性基金 part when ``fund``)."""
    income = f"一般公共预算拨款{general}万元" + (f"，政府性基金预算拨款{fund}万元" if fund else "")
    body = [HEAD, "四、财政拨款收支预算情况说明",
            f"2025年财政拨款收支总预算2,000.00万元。收入包括：{income}。",
            f"财政拨款总收支较上年增加150.00万元，增长8.11%{reason}",
            "五、一般公共预算支出预算情况说明",
            f"2025年一般公共预算支出{general}万元，比上年增加150.00万元，增长8.11%。"]
    path = tmp_path / "doc.txt"
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    return str(path)


def _unexplained(path: str) -> set[str]:
    return {f.measure for f in fired(disclose(path), "form-change-reason-missing")}


REASON = "，主要原因是新增信息化运维项目，人员经费按新标准调整。"


def test_the_reason_of_the_fiscal_total_is_the_general_totals_when_equal(tmp_path):
    got = _unexplained(_doc(tmp_path, "2,000.00", "", REASON))
    assert "expense.general.total" not in got and "expense.fiscal.grand_total" not in got
    # the 一般公共预算 change is read, so the check did look at it
    assert any(f.measure == "expense.general.total" and f.basis == "change_prior"
               for f in disclose(_doc(tmp_path, "2,000.00", "", REASON)).facts)


def test_a_general_total_other_than_the_fiscal_one_wants_its_own_reason(tmp_path):
    """Near miss: a 政府性基金 part makes the 财政拨款 total another figure (2,000 against 1,850):
    its reason is not the 一般公共预算 total's."""
    assert "expense.general.total" in _unexplained(_doc(tmp_path, "1,850.00", "150.00", REASON))


def test_no_reason_for_either_leaves_both_unexplained(tmp_path):
    """Near miss: equal totals, no reason at all: the twin gives no reason it does not have."""
    got = _unexplained(_doc(tmp_path, "2,000.00", "", "。"))
    assert {"expense.general.total", "expense.fiscal.grand_total"} <= got


def test_every_twin_names_two_declared_measures():
    pairs = [p for r in load_rules() if r.kind == "form-change-reason"
             for p in r.params.get("reason_twins", [])]
    assert pairs and all(len(p) == 2 and all(get(m) is not None for m in p) for p in pairs)
