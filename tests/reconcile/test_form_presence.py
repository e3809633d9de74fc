"""Completeness checks on real seeds: required tables and sections, 三公 items named."""

from __future__ import annotations

from .form_support import (assessed, corpus_file, disclose, edited, fired, rewritten, seed,
                           seed_text, without)


# --- form-required-table-missing / form-recommended-table-missing ---------------------------


def test_required_tables_quiet_on_complete_chongqing_budget():
    assert fired(seed("004"), "form-required-table-missing") == []
    assert fired(seed("004"), "form-recommended-table-missing") == []


def test_missing_three_public_table_is_a_warning_citing_the_tables_found(tmp_path):
    text = without(seed_text("004"), "表四：", "表五：")
    findings = fired(rewritten(tmp_path, "004", text), "form-required-table-missing")
    assert [(f.severity, f.expected) for f in findings] == [("warning", "“三公”经费支出表")]
    assert all(e.role in ("table-found", "tables-part") for e in findings[0].evidence)
    assert {e.source.table for e in findings[0].evidence} != {None}


def test_missing_procurement_table_is_only_info(tmp_path):
    text = without(seed_text("004"), "表九：", "表十：")
    disclosure = rewritten(tmp_path, "004", text)
    assert fired(disclosure, "form-required-table-missing") == []
    infos = fired(disclosure, "form-recommended-table-missing")
    assert [(f.severity, f.expected) for f in infos] == [("info", "政府采购预算表")]


def test_narrative_only_documents_are_not_assessable_not_findings():
    for prefix in ("000", "001", "003"):
        disclosure = seed(prefix)
        assert fired(disclosure, "form-required-table-missing") == []
        assert assessed(disclosure, "form-required-table-missing"), prefix


def test_narrative_pdf_whose_tables_are_published_separately_is_not_assessed():
    disclosure = disclose(str(corpus_file("pdf/jiangsu_zxbgt_2018_yusuan_text.pdf")))
    assert fired(disclosure, "form-required-table-missing") == []
    assert assessed(disclosure, "form-required-table-missing")


# --- form-required-section-missing / form-recommended-section-missing -----------------------


def test_sections_quiet_on_seeds():
    for prefix in ("000", "001", "002", "003", "004"):
        assert fired(seed(prefix), "form-required-section-missing") == [], prefix
        assert fired(seed(prefix), "form-recommended-section-missing") == [], prefix


def test_missing_procurement_section_is_a_warning(tmp_path):
    text = seed_text("003")
    start = text.index("（二）政府采购情况")
    end = text.index("（三）绩效目标设置情况")
    disclosure = rewritten(tmp_path, "003", text[:start] + text[end:])
    findings = fired(disclosure, "form-required-section-missing")
    assert [(f.severity, f.expected) for f in findings] == [("warning", "政府采购情况")]
    assert all(e.role == "outline" for e in findings[0].evidence)


def test_missing_assets_section_is_only_info(tmp_path):
    text = seed_text("000")
    start = text.index("4、国有资产占有使用情况")
    end = text.index("六、专业性名词解释")
    disclosure = rewritten(tmp_path, "000", text[:start] + text[end:])
    assert fired(disclosure, "form-required-section-missing") == []
    infos = fired(disclosure, "form-recommended-section-missing")
    assert [(f.severity, f.expected) for f in infos] == [("info", "国有资产占有使用情况")]


def test_tables_only_document_has_no_sections_to_check():
    disclosure = disclose(str(corpus_file("pdf/jiangsu_rdcwh_bgt_2019_yusuan_tables.pdf")))
    assert fired(disclosure, "form-required-section-missing") == []
    assert assessed(disclosure, "form-required-section-missing")


# --- form-three-public-item-missing ---------------------------------------------------------


def test_three_public_items_quiet_on_seeds():
    for prefix in ("000", "001", "002", "003", "004"):
        assert fired(seed(prefix), "form-three-public-item-missing") == [], prefix


def test_three_public_reception_not_mentioned(tmp_path):
    disclosure = edited(tmp_path, "001", (
        "公务接待费1.8万元，比2023年减少0.1万元，主要原因是进一步压缩“三公”支出，确保办公运行正常支出；", ""))
    findings = fired(disclosure, "form-three-public-item-missing")
    assert [(f.severity, f.expected) for f in findings] == [("warning", "公务接待费")]
    assert "三公" in findings[0].evidence[0].source.text


def test_an_excerpt_that_stops_short_of_its_table_of_contents_is_not_assessed():
    # p07 prints its 目录 (…其他重要事项的情况说明, 专业名词解释) and stops in 第一部分
    disclosure = disclose(str(corpus_file("excerpts/p07_shaanxi_zhashui_sjj_2020_juesuan.txt")))
    assert fired(disclosure, "form-required-section-missing") == []
    assert any("节选" in a.reason for a in assessed(disclosure, "form-required-section-missing"))


def test_an_economic_classification_table_stands_for_the_basic_expense_table():
    # Shenzhen publishes 表8 一般公共预算支出表（按经济分类） instead of a 基本支出表
    disclosure = disclose(str(corpus_file("pdf/guangdong_shenzhen_sjj_2026_yusuan.pdf")))
    roles = {t.role for t in disclosure.tables}
    assert "budget_gpb_basic" not in roles
    assert fired(disclosure, "form-required-table-missing") == []


def test_a_three_public_section_without_overseas_travel_in_a_real_budget():
    # 长春市信访局 2026: 七、一般公共预算“三公”经费情况说明 names 车 and 接待 only
    disclosure = disclose(str(corpus_file("pdf/jilin_changchun_xfj_2026_yusuan.pdf")))
    findings = fired(disclosure, "form-three-public-item-missing")
    assert [f.expected for f in findings] == ["因公出国（境）费"]
    assert findings[0].evidence[0].source.page == 18
