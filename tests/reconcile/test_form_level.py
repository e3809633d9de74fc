"""部门 wording in a 单位 document and the reverse (reconcile/form_level.py), on real seeds with one
known edit each; department documents, affiliation sentences stay quiet."""

from __future__ import annotations

from .form_support import edited_in, fired, seed


IN_UNIT = "form-department-wording-in-unit"
IN_DEPT = "form-unit-wording-in-department"


def test_department_documents_are_not_judged_for_department_wording():
    for prefix in ("000", "001", "002", "003", "004"):
        assert fired(seed(prefix), IN_UNIT) == [], prefix
        assert fired(seed(prefix), IN_DEPT) == [], prefix


def test_department_wording_in_a_document_titled_a_units_is_info(tmp_path):
    unit = edited_in(tmp_path, "u", "003", ("2024年部门预算情况说明", "2024年单位预算情况说明"))
    assert unit.metadata.level == "unit"
    findings = fired(unit, IN_UNIT)
    assert findings and {f.severity for f in findings} == {"info"}
    assert {"部门预算情况", "部门收支"} <= {f.stated for f in findings}


def test_affiliation_sentences_are_not_department_wording(tmp_path):
    unit = edited_in(tmp_path, "a", "003", ("2024年部门预算情况说明", "2024年单位预算情况说明"),
                ("三、部门预算情况说明", "三、预算情况说明"), ("二、部门收支总体情况", "二、收支总体情况"),
                ("部门预算公开联系人", "预算公开联系人"),
                ("2024年本单位未使用", "本单位预算纳入主管部门部门预算。2024年本单位未使用"))
    assert fired(unit, IN_UNIT) == []


def test_a_unit_heading_in_a_department_document_is_info(tmp_path):
    dept = edited_in(tmp_path, "d", "003", ("三、部门预算情况说明", "三、单位预算情况说明"))
    assert dept.metadata.level == "department"
    findings = fired(dept, IN_DEPT)
    assert [(f.severity, f.stated) for f in findings] == [("info", "单位预算情况")]
