"""Classification-code checks on seed 004's tables, edited: structure, hierarchy, names."""

from __future__ import annotations

from .form_support import edited, fired, rewritten, seed, seed_text


def test_codes_of_a_clean_seed_are_quiet():
    disclosure = seed("004")
    for rule in ("form-code-malformed", "form-code-parent-missing", "form-code-name-inconsistent",
                 "form-code-name-unrecognised"):
        assert fired(disclosure, rule) == [], rule


def test_a_code_with_a_00_segment_is_malformed(tmp_path):
    disclosure = edited(tmp_path, "004", ("2010306\t政务公开审批", "2010006\t政务公开审批"))
    findings = fired(disclosure, "form-code-malformed")
    assert [(f.severity, f.stated) for f in findings] == [("warning", "2010006")]
    assert findings[0].evidence[0].source.table is not None


def test_a_code_outside_every_scheme_is_malformed(tmp_path):
    disclosure = edited(tmp_path, "004", ("2101102\t事业单位医疗", "7101102\t事业单位医疗"))
    assert [f.stated for f in fired(disclosure, "form-code-malformed")] == ["7101102"]
    # a malformed code is reported once, not again as lacking its parents
    assert all(f.stated != "7101102" for f in fired(disclosure, "form-code-parent-missing"))


def test_a_kuan_row_deleted_from_one_table_leaves_its_items_without_parent(tmp_path):
    text = seed_text("004")
    row = "20103\t政府办公厅（室）及相关机构事务\t824.65\t556.73\t267.92\n"
    assert row in text
    findings = fired(rewritten(tmp_path, "004", text.replace(row, "", 1)), "form-code-parent-missing")
    assert sorted((f.stated, f.expected) for f in findings) == [
        ("2010301", "20103"), ("2010306", "20103"), ("2010350", "20103")]
    assert {f.severity for f in findings} == {"warning"}


def test_one_code_printed_with_two_names_is_inconsistent(tmp_path):
    disclosure = edited(tmp_path, "004", ("2010301\t行政运行", "2010301\t行政运转"))
    findings = fired(disclosure, "form-code-name-inconsistent")
    assert [f.stated.split("、") for f in findings] in ([["行政运转", "行政运行"]],
                                                       [["行政运行", "行政运转"]])
    assert len({e.source.table for e in findings[0].evidence}) == 2


def test_a_known_code_under_another_name_is_info_and_unknown_codes_are_not_reported(tmp_path):
    text = seed_text("004").replace("2210201\t住房公积金", "2210201\t购房补贴")
    findings = fired(rewritten(tmp_path, "004", text), "form-code-name-unrecognised")
    assert [(f.severity, f.stated, f.expected) for f in findings] == [("info", "购房补贴", "住房公积金")]
    # 2010306 政务公开审批 is not in the partial dictionaries: unverified, never reported
    assert all(f.stated != "政务公开审批" for f in fired(seed("004"), "form-code-name-unrecognised"))


def test_a_name_cut_short_in_a_narrow_cell_is_the_same_name(tmp_path):
    """A narrow cell prints 政府办公厅（室）及相关机 for 政府办公厅（室）及相关机构事务 (西安 气象局:
    其他社会保障和就业支 for …支出): the text ran out, no second name; a name that goes on
    differently after the same start (…相关机关事务) stays reported."""
    full = "20103\t政府办公厅（室）及相关机构事务"
    (tmp_path / "cut").mkdir()
    (tmp_path / "other").mkdir()
    cut = edited(tmp_path / "cut", "004", (full, "20103\t政府办公厅（室）及相关机"))
    assert fired(cut, "form-code-name-inconsistent") == []
    other = edited(tmp_path / "other", "004", (full, "20103\t政府办公厅（室）及相关机关事务"))
    assert [f.stated for f in fired(other, "form-code-name-inconsistent")]


def test_each_name_rule_leaves_out_its_own_labels_from_the_names_read_once(tmp_path):
    """The coded rows' name keys are read once per document and shared by the name checks; each
    rule still leaves out its own ``ignore_labels``: in one audit of one document, the rule as
    declared reports 购房补贴 and a copy that ignores that label (the near miss) does not."""
    from dataclasses import replace as _replace

    from budgetlens.reconcile import check_form

    from .form_support import form_rules
    text = seed_text("004").replace("2210201\t住房公积金", "2210201\t购房补贴")
    disclosure = rewritten(tmp_path, "004", text)
    (rule,) = form_rules("form-code-name-unrecognised")
    quiet = _replace(rule, id="quiet-copy", params={
        **rule.params, "ignore_labels": [*rule.params["ignore_labels"], "购房补贴"]})
    findings, _ = check_form(disclosure, [rule, quiet])
    assert [(f.rule, f.stated) for f in findings] == [("form-code-name-unrecognised", "购房补贴")]
    findings, _ = check_form(disclosure, [quiet, rule])  # either order
    assert [(f.rule, f.stated) for f in findings] == [("form-code-name-unrecognised", "购房补贴")]
