"""Wording checks on real seeds: years that do not belong, template residue (T11)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from .form_support import assessed, corpus_file, disclose, edited, fired, seed


# --- form-year-out-of-range -----------------------------------------------------------------


def test_years_of_the_seeds_are_consistent():
    # seeds cite 〔2020〕27号, 《…》 titles, 截至2023年12月: all whitelisted contexts
    for prefix in ("000", "001", "002", "003", "004"):
        assert fired(seed(prefix), "form-year-out-of-range") == [], prefix


def test_a_comparison_with_the_wrong_year_is_a_warning_quoting_the_sentence(tmp_path):
    disclosure = edited(tmp_path, "003", ("比2023年减少9.82万元", "比2022年减少9.82万元"))
    findings = fired(disclosure, "form-year-out-of-range")
    assert [(f.severity, f.stated) for f in findings] == [("warning", "2022")]
    assert "比2022年减少9.82万元" in findings[0].evidence[0].source.text


def test_an_older_year_outside_a_budget_context_is_quiet(tmp_path):
    disclosure = edited(tmp_path, "000", ("2024年政府性基金预算收入836万元",
                                          "根据2019年机构改革方案，2024年政府性基金预算收入836万元"))
    assert fired(disclosure, "form-year-out-of-range") == []


def test_a_year_that_is_not_known_is_not_assessable(tmp_path):
    disclosure = seed("003")
    unknown = replace(disclosure, metadata=replace(disclosure.metadata, year=None))
    assert fired(unknown, "form-year-out-of-range") == []
    assert assessed(unknown, "form-year-out-of-range")


# --- form-table-title-year-mismatch ---------------------------------------------------------


def test_table_titles_of_seed_004_carry_its_year():
    assert fired(seed("004"), "form-table-title-year-mismatch") == []


def test_a_table_title_with_another_year_is_a_warning(tmp_path):
    disclosure = edited(tmp_path, "004", ("2024年重庆市南岸区政务服务管理办公室部门收支总表",
                                          "2023年重庆市南岸区政务服务管理办公室部门收支总表"))
    findings = fired(disclosure, "form-table-title-year-mismatch")
    assert [(f.severity, f.stated, f.expected) for f in findings] == [("warning", "2023", "2024")]
    assert findings[0].evidence[0].source.table is not None


# --- form-template-residue ------------------------------------------------------------------


def test_seeds_carry_no_template_residue():
    for prefix in ("000", "001", "002", "003", "004"):
        assert fired(seed(prefix), "form-template-residue") == [], prefix


def test_placeholder_xx_is_residue(tmp_path):
    disclosure = edited(tmp_path, "000", ("2024年政府性基金预算收入836万元", "XX单位2024年政府性基金预算收入836万元"))
    findings = fired(disclosure, "form-template-residue")
    assert [(f.severity, f.stated) for f in findings] == [("warning", "XX")]
    assert "XX单位" in findings[0].evidence[0].source.text


def test_an_empty_reason_is_residue(tmp_path):
    disclosure = edited(tmp_path, "001", ("主要原因是进一步压缩“三公”支出，确保办公运行正常支出；", "主要原因是。"))
    findings = fired(disclosure, "form-template-residue")
    assert [f.stated for f in findings] == ["原因是。"]


def test_an_annotated_older_year_is_a_deliberate_reference(tmp_path):
    disclosure = edited(tmp_path, "003", ("比2023年减少9.82万元", "比2019年（疫情前）减少9.82万元"))
    assert fired(disclosure, "form-year-out-of-range") == []


def test_a_generated_draft_dates_its_prior_year_figures_two_years_back():
    # manifest: "machine-generated draft … contains generator defects such as wrong-year
    # sentences": a 2025 budget quoting "2023年当年预算执行数"
    disclosure = disclose(str(corpus_file("pdf/generated_draft_wanli_2025_yusuan_1.pdf")))
    years = fired(disclosure, "form-year-out-of-range")
    assert len(years) >= 3 and {f.stated for f in years} == {"2023"}
    assert any("2023年当年预算执行数" in f.evidence[0].source.text for f in years)
    blanks = [f for f in fired(disclosure, "form-template-residue") if f.stated == "执行数为。"]
    assert len(blanks) >= 2 and len({f.evidence[0].source.line for f in blanks}) == len(blanks)


def test_a_passage_without_a_digit_has_no_year_and_the_others_are_read_as_before():
    """form-year-in-text skips a passage with no decimal digit (a year is int() of a matched
    group; blanking the whitelist never makes a digit): on every seed line and near misses
    (full-width digits, a year inside a whitelisted span beside one outside), the years are
    those the whitelist-then-contexts reading gives, for both rules of the kind."""
    from budgetlens.reconcile.form_wording import _patterns, _strip, _years_out_of_range
    from .form_support import form_rules, seed_text

    texts = [ln for prefix in ("000", "001", "002", "003", "004")
             for ln in seed_text(prefix).split("\n")]
    texts += ["本单位２０１９年度部门决算情况如下", "根据《2019年预算法》，2021年部门预算支出",
              "第一部分 ２０１９年部门预算情况说明", "部门预算情况说明", "贰零壹玖年"]
    allowed = {2024, 2023}
    found = 0
    for rule in form_rules("form-year-out-of-range", "form-part-heading-year-mismatch"):
        whitelist, contexts = _patterns(rule, "whitelist", []), _patterns(rule, "contexts")
        for text in texts:
            stripped, years = _strip(text, whitelist), []
            for m in (m for pat in contexts for m in pat.finditer(stripped)):
                if int(m.group("year")) not in allowed | set(years):
                    years.append(int(m.group("year")))
            assert _years_out_of_range(text, whitelist, contexts, allowed) == years, text
            found += len(years)
    assert found >= 4


# --- form-scope-year-mismatch (session 19: 广水 白泉卫生院 2023 决算, batch 11) --------------------------


def _scope_doc(tmp_path, title: str, sentence: str):
    path = tmp_path / "scope.txt"
    path.write_text("\n".join([title, "一、单位基本情况", "（一）机构设置", sentence, "1.本级",
                               "（二）主要职责", "负责本系统的日常工作。"]) + "\n", encoding="utf-8")
    return disclose(str(path))


@pytest.mark.parametrize("title, sentence, stated", [
    # 白泉 2023: last year's sentence left in place
    ("某镇卫生院2023年度部门决算", "纳入某镇卫生院2022年度部门决算编制范围的二级预算单位包括:", "2022"),
    ("某区教育局2025年部门预算", "列入本部门2024年部门预算编制范围的单位共3个，分别是：", "2024"),
    ("某县林业局2021年度部门决算", "本部门2019年度部门决算汇编范围包括局机关和2个下属单位。", "2019"),
])
def test_a_scope_sentence_with_another_year_is_a_warning(tmp_path, title, sentence, stated):
    findings = fired(_scope_doc(tmp_path, title, sentence), "form-scope-year-mismatch")
    assert [(f.severity, f.stated) for f in findings] == [("warning", stated)]
    assert findings[0].expected == title[title.index("20"):][:4]
    assert sentence[:10] in findings[0].evidence[0].source.text


@pytest.mark.parametrize("title, sentence", [
    # the document's own year
    ("某镇卫生院2023年度部门决算", "纳入某镇卫生院2023年度部门决算编制范围的二级预算单位包括:"),
    # a budget naming last year's final account's scope: not its own
    ("某区教育局2025年部门预算", "纳入本部门2024年度部门决算编制范围的单位共3个，本年预算单位相同。"),
    # a comparison with last year's figures names no scope
    ("某镇卫生院2023年度部门决算", "与2022年度部门决算相比，二级预算单位无变化，包括："),
])
def test_near_miss_the_own_year_another_kind_or_a_comparison_is_quiet(tmp_path, title, sentence):
    assert fired(_scope_doc(tmp_path, title, sentence), "form-scope-year-mismatch") == []


def test_a_scope_sentence_is_left_to_its_own_rule(tmp_path):
    """Two years back is out of form-year-out-of-range's range too: one finding, the scope rule's."""
    disclosure = _scope_doc(tmp_path, "某县林业局2021年度部门决算",
                            "纳入本部门2019年度部门决算编制范围的单位包括：")
    assert fired(disclosure, "form-year-out-of-range") == []
    assert len(fired(disclosure, "form-scope-year-mismatch")) == 1
