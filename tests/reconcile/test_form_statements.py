"""Statement checks on real seeds: empty tables (T10, both directions), reasons and direction (T4)."""

from __future__ import annotations

from .form_support import corpus_file, disclose, edited, fired, rewritten, seed, seed_text


# --- form-empty-table-unexplained -----------------------------------------------------------


def test_empty_gov_fund_table_with_note_and_statement_is_quiet():
    assert fired(seed("004"), "form-empty-table-unexplained") == []


def test_empty_table_without_note_but_with_a_text_statement_is_quiet(tmp_path):
    disclosure = edited(tmp_path, "004", ("备注：本部门无该项收支，故此表无数据。", ""))
    assert fired(disclosure, "form-empty-table-unexplained") == []


def test_empty_table_without_note_or_statement_is_a_warning(tmp_path):
    disclosure = edited(tmp_path, "004", ("备注：本部门无该项收支，故此表无数据。", ""),
                        ("2024 年本部门无使用政府性基金预算拨款安排的支出，与上年保持一致。", ""))
    findings = fired(disclosure, "form-empty-table-unexplained")
    assert [f.severity for f in findings] == ["warning"]
    assert "政府性基金" in findings[0].evidence[0].source.text
    assert findings[0].evidence[0].source.table is not None


# --- form-empty-statement-contradicted ------------------------------------------------------


def test_none_statements_beside_zero_figures_are_quiet():
    for prefix in ("000", "001", "002", "003", "004"):
        assert fired(seed(prefix), "form-empty-statement-contradicted") == [], prefix


def test_none_statement_beside_non_zero_fund_figures_is_an_error(tmp_path):
    disclosure = edited(tmp_path, "000", (
        "2024年政府性基金预算收入836万元，", "本部门无政府性基金预算拨款安排的支出。2024年政府性基金预算收入836万元，"))
    findings = fired(disclosure, "form-empty-statement-contradicted")
    assert len(findings) == 1 and findings[0].severity == "error"
    roles = [e.role for e in findings[0].evidence]
    assert roles[0] == "statement" and "contradicting-figure" in roles
    assert findings[0].measure.startswith("expense.gov_fund")


def test_none_statement_about_the_prior_year_is_not_a_contradiction(tmp_path):
    disclosure = edited(tmp_path, "000", (
        "2024年政府性基金预算收入836万元，", "2023年无政府性基金预算拨款安排的支出。2024年政府性基金预算收入836万元，"))
    assert fired(disclosure, "form-empty-statement-contradicted") == []


# --- form-change-reason-missing / -minor ----------------------------------------------------


def test_changes_explained_in_place_or_through_their_parts_are_quiet():
    for prefix in ("000", "001", "002", "004"):
        assert fired(seed(prefix), "form-change-reason-missing") == [], prefix
        assert fired(seed(prefix), "form-change-reason-missing-minor") == [], prefix


def test_small_unexplained_change_in_a_seed_is_info():
    # seed 003: "项目支出12.38万元，比2023年增加0.03万元，主要用于…" gives a purpose, not a reason
    findings = fired(seed("003"), "form-change-reason-missing-minor")
    assert [(f.severity, f.measure, f.stated) for f in findings] == [
        ("info", "expense.general.project", "0.03")]
    assert fired(seed("003"), "form-change-reason-missing") == []


def test_change_without_reason_is_a_warning(tmp_path):
    disclosure = edited(tmp_path, "004", ("主要原因为本年新增人员，导致办公费等公用经费增加；", ""))
    findings = fired(disclosure, "form-change-reason-missing")
    assert [(f.severity, f.measure, f.stated) for f in findings] == [
        ("warning", "admin_operating_cost", "4.3")]
    assert findings[0].evidence[0].source.line is not None


# --- form-change-direction-mismatch ---------------------------------------------------------


def test_direction_words_agree_on_seeds():
    for prefix in ("000", "001", "002", "003", "004"):
        assert fired(seed(prefix), "form-change-direction-mismatch") == [], prefix


def test_flat_wording_beside_a_stated_increase_is_a_warning(tmp_path):
    text = seed_text("004").replace("比2023年增加4.3万元", "与2023年保持一致，比2023年增加4.3万元", 1)
    findings = fired(rewritten(tmp_path, "004", text), "form-change-direction-mismatch")
    assert [(f.severity, f.measure) for f in findings] == [("warning", "admin_operating_cost")]
    assert [e.role for e in findings[0].evidence] == ["direction-word", "stated-change"]


def test_a_change_the_text_calls_immaterial_needs_no_reason(tmp_path):
    disclosure = edited(tmp_path, "004", ("主要原因为本年新增人员，导致办公费等公用经费增加；", "与上年基本持平；"))
    assert fired(disclosure, "form-change-reason-missing") == []


def test_a_reason_sentence_a_few_lines_later_explains_the_change():
    # 上海普陀区财政局 2025: "…比2024年预算增加107.62万元。" then, three lines on,
    # "财政拨款收入支出增加的主要原因是人员经费增加…"
    disclosure = disclose(str(corpus_file("pdf/shanghai_putuo_czj_2025_yusuan.pdf")))
    assert fired(disclosure, "form-change-reason-missing") == []


def test_a_change_called_a_normal_adjustment_is_explained():
    # 西安市人社局 2020: "较上年减少12.21万元，属于本年度劳动监察业务经费的正常压缩"
    disclosure = disclose(str(corpus_file("pdf/shaanxi_xian_rsj_2020_yusuan.pdf")))
    assert fired(disclosure, "form-change-reason-missing") == []
    assert fired(disclosure, "form-change-reason-missing-minor") == []
