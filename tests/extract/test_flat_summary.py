"""A 收入支出决算总表 flattened into one line and titled only by its form code (海南 华侨商业学校 2022,
"财决公开01表", unseen batch 5): read as the two-sided table it is, so that its identities evaluate.

Three mechanisms meet here, each with a near miss: the line rebuilt by its row numbering
(read/textflat.py; near misses in tests/read/test_textflat.py), the form code as the title
(rules/tables.toml, summary family: 财决公开01表; near miss 财决公开11表), and 类 names whose
numbering lost its 、 in the OCR ("一一般公共服务支出", "二十一城乡社区支出";
extract/table_rowkey._barely_numbered; near miss: a name that only opens with a numeral)."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.pipeline import process


def _line(rows, code="财决公开01表"):
    toks = [code, "部门:", "某某职业学校", "金额单位:万元", "收入", "收入", "收入", "支出", "支出", "支出",
            "项目", "行次", "金额", "项目", "行次", "金额", "栏次", "1", "栏次", "2"]
    for row in rows:
        toks += [c for cell in row for c in cell if c]
    return " ".join(toks)


ROWS = [(("一一般公共预算财政拨款收入", "1", "1,200.50"), ("一一般公共服务支出", "7", "100.00")),
        (("二政府性基金预算财政拨款收入", "2", "0.00"), ("五教育支出", "8", "1,050.25")),
        (("三事业收入", "3", "60.00"), ("八社会保障和就业支出", "9", "90.75")),
        (("四经营收入", "4", "0.00"), ("九卫生健康支出", "10", "30.00")),
        (("五其他收入", "5", "10.50"), ("二十一城乡社区支出", "11", "0.00")),
        (("本年收入合计", "6", "1,271.00"), ("本年支出合计", "12", "1,271.00"))]


def _run(tmp_path, line: str):
    path = tmp_path / "flat.txt"
    path.write_text(f"某某职业学校2023年决算批复公开资料\n(注:以下内容为附件图片识别)\n{line}\n", encoding="utf-8")
    return process(str(path))


def test_the_flattened_form_is_read_on_both_sides_and_reconciles(tmp_path):
    result = _run(tmp_path, _line(ROWS))
    assert [t.role for t in result.disclosure.tables] == ["final_summary"]
    facts = {(f.measure, f.value) for f in result.disclosure.facts}
    assert ("income.fiscal.general", Decimal("1200.50")) in facts
    assert ("expense.function.205", Decimal("1050.25")) in facts
    assert ("expense.function.212", Decimal("0.00")) in facts  # 二十一城乡社区支出
    assert ("income.total", Decimal("1271.00")) in facts and ("expense.total", Decimal("1271.00")) in facts
    audit = result.audit
    assert audit.identities_evaluated >= 2 and audit.identities_held == audit.identities_evaluated
    assert [f for f in audit.findings if f.severity != "info"] == []


def test_a_flattened_total_that_does_not_add_up_is_found(tmp_path):
    rows = ROWS[:-1] + [(("本年收入合计", "6", "1,281.00"), ("本年支出合计", "12", "1,271.00"))]
    result = _run(tmp_path, _line(rows))
    found = [f for f in result.audit.findings if f.severity != "info"]
    assert [(f.rule, f.measure, str(f.stated)) for f in found] == [
        ("income-total-sources", "income.total", "1281.00")]


def test_near_miss_another_form_code_is_no_summary(tmp_path):
    result = _run(tmp_path, _line(ROWS, code="财决公开11表"))
    assert "final_summary" not in [t.role for t in result.disclosure.tables]


def test_near_miss_a_name_that_only_opens_with_a_numeral_is_no_class(tmp_path):
    """"三公经费支出" loses no 三 (公经费支出 is no 类); "一般公共服务支出" printed whole stays 201."""
    rows = [(("一般公共预算财政拨款收入", "1", "1,200.50"), ("一般公共服务支出", "7", "100.00")),
            (("事业收入", "2", "60.00"), ("三公经费支出", "8", "1,160.50")),
            (("其他收入", "3", "0.00"), ("", "9", "")),
            (("本年收入合计", "4", "1,260.50"), ("本年支出合计", "10", "1,260.50"))]
    result = _run(tmp_path, _line(rows))
    measures = {f.measure for f in result.disclosure.facts}
    assert "expense.function.201" in measures
    assert not any(m.startswith("expense.function.") and m != "expense.function.201" for m in measures)
