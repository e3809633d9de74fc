"""Issue #8: tables continued over pages, on published PDFs of corpus/wide (skipped when absent).

The generated variants (test_pdf_variants: ``pages-title-codes-leaf``, ``pages-columns-moved``,
``same-title-copies``) pin each pattern on a PDF the test draws; these pin the same patterns on
the documents where they were found, including a per-project form that must stay apart.
"""

from __future__ import annotations

from tests.conftest import corpus_result


def _tables_on(name: str, page: int):
    document = corpus_result(name, "wide").document
    return [t for t in document.tables if page in (t.pages or (t.page,))]


def _first_cells(table) -> list[str]:
    return [row[0] or " ".join(x for x in row[:4] if x) for row in table.grid()]


def test_issue_8_title_and_header_on_every_page_one_table():
    # 烟台 公开表5: title and header printed again on p15, which opens with 项 rows of 21011
    [table] = [t for t in _tables_on("shandong_yantai_tjj_2026_yusuan.pdf", 15)
               if "一般公共预算支出情况表" in "".join(ln.text for ln in t.title_lines)]
    assert table.pages == (14, 15)
    rows = [" ".join(r) for r in table.grid()]
    assert sum("科目编码" in r for r in rows) == 1  # the repeated header is dropped
    assert any("事业单位医疗" in r for r in rows)


def test_issue_8_ruled_columns_moved_matched_by_count():
    # 广州 收入总体情况表: p10 repeats the header with a wider 单位名称 column (edges moved)
    tables = _tables_on("guangdong_guangzhou_wjw_2026_yusuan.pdf", 10)
    hit = [t for t in tables if t.pages == (9, 10)]
    assert hit, [(t.index, t.pages) for t in tables]
    assert any("广州医科大学附属第三医院" in c for c in _first_cells(hit[0]))


def test_issue_8_per_project_forms_under_one_title_stay_apart():
    # 烟台 政策和项目预算绩效目标表: two projects with the same 项目名称, one per page
    tables = _tables_on("shandong_yantai_czj_2026_yusuan.pdf", 41)
    assert tables and all(t.pages == (41,) for t in tables), [t.pages for t in tables]


def test_issue_8_continued_tables_raise_no_hierarchy_error():
    for name in ("shandong_yantai_tjj_2026_yusuan.pdf", "shaanxi_xian_sthjj_2022_yusuan.pdf"):
        audit = corpus_result(name, "wide").audit
        errors = [(f.rule, f.measure) for f in audit.findings
                  if f.severity == "error" and f.rule.startswith("hierarchy-")]
        assert errors == [], (name, errors)
