"""A sentence listing economic items against the items the tables print
(reconcile/form_items.py): an item listed as a use with no money in the table is a note; items
with money, definitions and template lists stay quiet. On real seeds, edited."""

from __future__ import annotations

from .form_support import edited_in, fired, seed


LISTED = "form-listed-item-unfunded"
USES = "主要用于办公费、水电费、差旅费、会议费、培训费及其他商品和服务支出等。"


def test_an_item_listed_as_a_use_without_money_in_the_table_is_a_note():
    # seed 004 prints 办公费, 差旅费, 培训费 … in 表三 but no 会议费 (30215)
    findings = fired(seed("004"), LISTED)
    assert [(f.severity, f.stated) for f in findings] == [("info", "会议费")]
    roles = [e.role for e in findings[0].evidence]
    assert roles == ["listed-items"] and "主要用于办公费" in findings[0].evidence[0].source.text


def test_another_unfunded_item_in_the_general_form(tmp_path):
    other = edited_in(tmp_path, "o", "004", (USES, "主要用于办公费、印刷费、差旅费、培训费等。"))
    assert [f.stated for f in fired(other, LISTED)] == ["印刷费"]


def test_items_with_money_definitions_and_template_lists_are_quiet(tmp_path):
    funded = edited_in(tmp_path, "f", "004", (USES, "主要用于办公费、水电费、差旅费、培训费及其他商品和服务支出等。"))
    assert fired(funded, LISTED) == []
    definition = edited_in(tmp_path, "d", "004", (USES, "。机关运行经费：指行政单位的公用经费，主要包括会议费、印刷费等。"))
    assert fired(definition, LISTED) == []
    # the whole 302 class as the template defines it: no statement of this year's uses
    template = ("主要包括：办公费、印刷费、咨询费、手续费、水费、电费、邮电费、取暖费、物业管理费、差旅费、"
                "维修（护）费、租赁费、会议费、培训费、公务接待费、专用材料费、劳务费、委托业务费等。")
    assert fired(edited_in(tmp_path, "t", "004", (USES, template)), LISTED) == []
