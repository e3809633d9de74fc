"""(类)(款)(项) names in the text against the tables' codes, and obsolete names (issue #8 item 4),
on edited copies of a real disclosure (seed 004: its tables print 210 卫生健康支出 → 21011 行政事业
单位医疗 → 2101101 行政单位医疗, and 208 社会保障和就业支出 → 20805 …)."""

from __future__ import annotations

from dataclasses import replace

from .form_support import edited, fired, rewritten, seed, seed_text

ANCHOR = "2024 年本部门无使用政府性基金预算拨款安排的支出，与上年保持一致。"


def _with_sentence(tmp_path, sentence: str):
    return edited(tmp_path, "004", (ANCHOR, ANCHOR + sentence))


# --- form-chain-name-misfiled ---------------------------------------------------------------


def test_seed_chains_are_quiet():
    for prefix in ("000", "001", "002", "003", "004"):
        assert fired(seed(prefix), "form-chain-name-misfiled") == [], prefix


def test_a_chain_as_the_tables_file_it_is_quiet(tmp_path):
    disclosure = _with_sentence(
        tmp_path, "卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）10.68万元，主要用于在职人员医疗。")
    assert fired(disclosure, "form-chain-name-misfiled") == []


def test_a_name_under_another_class_than_the_tables_is_a_warning(tmp_path):
    disclosure = _with_sentence(
        tmp_path, "社会保障和就业支出（类）行政事业单位医疗（款）行政单位医疗（项）10.68万元。")
    findings = fired(disclosure, "form-chain-name-misfiled")
    assert [(f.severity, f.expected) for f in findings] == [("warning", "表中编码 21011")]
    assert "社会保障和就业支出" in findings[0].stated
    assert findings[0].evidence[0].source.line is not None


def test_a_name_marked_at_another_level_is_a_warning(tmp_path):
    disclosure = _with_sentence(tmp_path, "卫生健康支出（类）行政单位医疗（款）10.68万元。")
    findings = fired(disclosure, "form-chain-name-misfiled")
    assert [(f.severity, f.expected) for f in findings] == [("warning", "表中编码 2101101")]


def test_a_name_the_tables_do_not_print_is_not_judged(tmp_path):
    disclosure = _with_sentence(tmp_path, "社会保障和就业支出（类）就业补助（款）10万元。")
    assert fired(disclosure, "form-chain-name-misfiled") == []


# --- form-obsolete-function-name ------------------------------------------------------------


def test_current_names_are_quiet():
    for prefix in ("000", "001", "002", "003", "004"):
        assert fired(seed(prefix), "form-obsolete-function-name") == [], prefix


def test_a_name_renamed_before_the_document_year_is_a_warning(tmp_path):
    disclosure = _with_sentence(tmp_path, "医疗卫生与计划生育支出（类）34.30万元。")
    findings = fired(disclosure, "form-obsolete-function-name")
    assert [(f.severity, f.stated) for f in findings] == [("warning", "医疗卫生与计划生育支出")]
    assert "2018" in findings[0].message


def test_the_same_name_in_a_year_it_was_valid_is_quiet(tmp_path):
    disclosure = _with_sentence(tmp_path, "医疗卫生与计划生育支出（类）34.30万元。")
    then = replace(disclosure, metadata=replace(disclosure.metadata, year=2018))
    assert fired(then, "form-obsolete-function-name") == []


# 20805: 行政事业单位离退休 until 2019 in the corpus, 行政事业单位养老支出 in every 2022-2026
# document (rules/reference/func_names_history.csv, source observed)

OLD_KUAN = "20805\t行政事业单位离退休\t71.97\t71.97\t"


def test_the_former_kuan_name_on_a_table_row_is_a_warning(tmp_path):
    disclosure = edited(tmp_path, "004", ("20805\t行政事业单位养老支出\t71.97\t71.97\t", OLD_KUAN))
    findings = fired(disclosure, "form-obsolete-function-name")
    assert [(f.severity, f.stated) for f in findings] == [("warning", "行政事业单位离退休")]
    assert findings[0].evidence[0].source.table is not None


def test_the_former_kuan_name_is_quiet_in_a_year_it_is_not_established(tmp_path):
    disclosure = edited(tmp_path, "004", ("20805\t行政事业单位养老支出\t71.97\t71.97\t", OLD_KUAN))
    then = replace(disclosure, metadata=replace(disclosure.metadata, year=2021))
    assert fired(then, "form-obsolete-function-name") == []


def test_the_former_kuan_name_in_a_sentence_is_a_warning(tmp_path):
    disclosure = _with_sentence(tmp_path, "行政事业单位离退休（款）71.97万元。")
    assert [f.stated for f in fired(disclosure, "form-obsolete-function-name")] == ["行政事业单位离退休"]


def test_a_phrase_about_retired_staff_is_not_the_class_name(tmp_path):
    disclosure = _with_sentence(tmp_path, "主要用于行政事业单位离退休人员的生活补助。")
    assert fired(disclosure, "form-obsolete-function-name") == []


# near misses seen on unseen documents (wide corpus): each was a false warning before


def test_a_residual_other_name_is_not_cut_to_its_parents_name(tmp_path):
    # 其他卫生健康支出 is not 卫生健康支出 (the 类), even when no book knows the full name
    disclosure = _with_sentence(tmp_path, "卫生健康支出（类）其他卫生健康支出（款）其他卫生健康支出（项）5万元。")
    assert fired(disclosure, "form-chain-name-misfiled") == []


def test_chains_quoted_inside_a_sentence_about_reclassifying_are_separate(tmp_path):
    disclosure = _with_sentence(
        tmp_path, "本年将“社会保障和就业支出（类）行政事业单位养老支出（款）”中的部分项目调整为"
                  "“卫生健康支出（类）行政事业单位医疗（款）”。")
    assert fired(disclosure, "form-chain-name-misfiled") == []


def test_a_name_opening_a_line_the_previous_line_runs_into_is_not_judged(tmp_path):
    # the glossary entry "其他卫生健康支出（项）" wrapped after 其他
    disclosure = _with_sentence(tmp_path, "\n（十）其他\n卫生健康支出（项）：指除上述项目以外其他用于卫生健康方面的支出。")
    assert fired(disclosure, "form-chain-name-misfiled") == []


def test_generic_items_belong_to_every_class(tmp_path):
    disclosure = _with_sentence(
        tmp_path, "社会保障和就业支出（类）行政事业单位养老支出（款）行政运行（项）0万元。")
    assert fired(disclosure, "form-chain-name-misfiled") == []


def test_a_list_of_items_is_not_a_chain(tmp_path):
    # "调整至A（项）、B（项）": siblings, not a 项 under a 项
    disclosure = _with_sentence(
        tmp_path, "本年行政运行（项）支出调整至行政单位医疗（项）、事业单位医疗（项）和住房公积金（项）。")
    assert fired(disclosure, "form-chain-name-misfiled") == []


def test_a_name_opening_a_page_after_a_line_running_on_is_not_judged(tmp_path):
    text = seed_text("004")
    anchor = ANCHOR + "\n"
    assert anchor in text
    disclosure = rewritten(tmp_path, "004", text.replace(
        anchor, ANCHOR + "（十）其他\f卫生健康支出（项）：指除上述项目以外其他用于卫生健康方面的支出。\n", 1))
    assert fired(disclosure, "form-chain-name-misfiled") == []


def test_two_former_names_on_table_rows_each_find_their_own_rows(tmp_path):
    """The function rows are gathered and folded once per document and every former name looks
    among them: two former names printed on rows of one document each cite their own row, and
    the name printed on no row (near miss: current names elsewhere) cites none."""
    disclosure = edited(tmp_path, "004", ("20805\t行政事业单位养老支出\t71.97\t71.97\t", OLD_KUAN),
                        ("210\t卫生健康支出\t34.30\t34.30\t", "210\t医疗卫生与计划生育支出\t34.30\t34.30\t"))
    findings = fired(disclosure, "form-obsolete-function-name")
    assert sorted(f.stated for f in findings) == ["医疗卫生与计划生育支出", "行政事业单位离退休"]
    codes = {f.stated: [e.measure.rsplit(".", 1)[-1] for e in f.evidence
                        if e.source.table is not None] for f in findings}
    assert codes == {"医疗卫生与计划生育支出": ["210"], "行政事业单位离退休": ["20805"]}
