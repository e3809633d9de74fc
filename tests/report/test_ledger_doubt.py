"""读取存疑 set apart in the reviewer's exports (issue #10): findings that stand on a table reading
which fails its own checks (category ``unverified_reading``) go to their own sheet of the 问题台账,
with their cause and the severity they would carry, and never into the ledger of the document's
own defects; the annotated PDF marks them in violet, not red, with a note saying the reading is
in doubt. Real inputs: seed 004 with two rows printed without their name cell (the figures out
of line: tests/extract/reading_variants.py), and a drawn PDF whose figures print misplaced
separators."""

from __future__ import annotations

from openpyxl import load_workbook

from budgetlens.pipeline import process
from budgetlens.report.labels import cause_text, finding_message, term
from budgetlens.report.xlsx_ledger import COLUMNS, DOUBT, DOUBT_COLOURS, LEDGER, write_ledger

from ..extract.reading_variants import name_lost, variant


def _shifted(tmp_path):
    result = process(str(variant(tmp_path, "name_lost", {"2080502": name_lost,
                                                         "2080505": name_lost})))
    doubted = [f for f in result.audit.findings if f.category == "unverified_reading"]
    own = [f for f in result.audit.findings if f.category != "unverified_reading"]
    assert doubted and own, "the variant has findings of both kinds"
    return result, doubted, own


def test_the_ledger_keeps_unverified_readings_on_their_own_sheet(tmp_path):
    result, doubted, own = _shifted(tmp_path)
    path = tmp_path / "ledger.xlsx"
    write_ledger([result], path)
    wb = load_workbook(path)
    ledger, detail, doubt, files = (wb[n] for n in ("问题台账", "检查明细", "读取存疑", "文件"))
    assert [c.value for c in doubt[1]] == [COLUMNS[k][0] for k in DOUBT]
    col = {k: i for i, k in enumerate(DOUBT)}
    rows = list(doubt.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(doubted)
    for row, f in zip(rows, doubted):
        assert row[col["cause"]] == f.cause == "columns-shifted"
        assert row[col["cause_text"]] == cause_text(f.cause, "zh")
        assert row[col["as_read"]] == term("zh", f.severity_as_read)
        assert row[col["severity"]] == term("zh", f.severity) and row[col["rule"]] == f.rule
        assert row[col["problem"]] == finding_message(f, "zh")
    # none of them in the document's own sheets; every own finding is there
    messages = {finding_message(f, "zh") for f in doubted}
    detail_col = LEDGER.index("problem")
    listed = [r[detail_col] for r in detail.iter_rows(min_row=2, values_only=True)]
    assert len(listed) == len(own) and not messages & set(listed)
    categories = {r[LEDGER.index("category")] for r in ledger.iter_rows(min_row=2, values_only=True)}
    assert term("zh", "unverified_reading") not in ", ".join(categories)
    sev = doubt.cell(2, col["severity"] + 1)
    assert sev.fill.fgColor.rgb.endswith(DOUBT_COLOURS[0])
    (file_row,) = files.iter_rows(min_row=2, values_only=True)
    assert file_row[-1] == len(doubted) and file_row[5] == len(own)


def test_the_html_report_lists_them_apart_with_what_to_check(tmp_path):
    """The HTML report (``audit --format html``) puts them under 读取存疑 after the document's
    own items; their advice is to check the reading, not the rule's correction."""
    from html import unescape

    from budgetlens.report.html import render_audit
    from budgetlens.report.labels import advice_text

    result, doubted, own = _shifted(tmp_path)
    page = unescape(render_audit([result], "zh"))
    heading = page.index("读取存疑（表格读取未通过自检")
    for f in doubted:
        at = page.index(finding_message(f, "zh"))
        assert at > heading
        assert advice_text(f, "zh").startswith("读取存疑（") and advice_text(f, "zh") in page
    for f in own:
        assert page.index(finding_message(f, "zh")) < heading


def _doubted_pdf(tmp_path):
    """A drawn table (reportlab) whose figures print misplaced separators ("2900,000": read with
    the doubt separators-misplaced) and whose 301 is not the sum of its 款: the findings stand on a
    reading in doubt. (The wide-corpus PDF used before, 上海 职业能力考试院, reads in full since its
    separators are regrouped.)"""
    from ..read.variants import SourceTable
    from ..read.variants_pdf import render

    head = (("经济分类科目编码", "部门经济分类科目名称", "合计", "人员经费", "公用经费"),)
    rows = (("301", "工资福利支出", "2900,000", "2900,000", ""),
            ("30101", "基本工资", "2603,760", "2603,760", ""),
            ("30102", "津贴补贴", "278,220", "278,220", ""))
    table = SourceTable(("2026年预算单位一般公共预算基本支出部门预算经济分类预算表", "单位：元"),
                        head + rows)
    return process(str(render([table], tmp_path / "doubted.pdf")))


def _colours(path) -> list[tuple[int, str, tuple[int, int, int]]]:
    """(page, /Contents, stroke RGB) of every annotation, read back with PDFium."""
    import ctypes

    from .test_annotate import annotation_values, read_annotations

    def colour(c, page: int, annot) -> tuple[int, int, int]:
        rgba = [ctypes.c_uint() for _ in range(4)]
        assert c.FPDFAnnot_GetColor(annot, c.FPDFANNOT_COLORTYPE_Color, *rgba)
        return tuple(v.value for v in rgba[:3])

    notes = read_annotations(path)
    colours = annotation_values(path, colour)
    return [(page, text, rgb) for (page, _, text), rgb in zip(notes, colours)]


def test_the_annotated_pdf_marks_them_in_another_colour_with_their_note(tmp_path):
    from budgetlens.report.annotate import RED, VIOLET, annotate_pdf, plan_marks

    from .test_annotate import SCALE, _render

    result = _doubted_pdf(tmp_path)
    doubted = [f for f in result.audit.findings if f.category == "unverified_reading"]
    assert doubted and all(f.cause for f in doubted)
    out = tmp_path / "marked.pdf"
    done = annotate_pdf(result.file, result.audit.findings, out, file=result.file)
    marks, _ = plan_marks(result.audit.findings, result.file)
    annotations = _colours(out)
    assert done.written and len(annotations) == len(marks)
    for mark, (page, note, colour) in zip(marks, annotations):
        assert page == mark.page
        assert colour == (VIOLET if mark.doubted else RED)[:3]
        if mark.doubted:
            assert "读取存疑" in note and all(f.cause in note for f in mark.findings)
            assert "请对照原件核实" in note
    violet = [m for m in marks if m.doubted]
    assert violet, "the doubted findings have boxes of their own"
    # poppler draws the violet stroke where the box is, and no red one there
    m = violet[0]
    image = _render(out, m.page, tmp_path, "v")
    x0, top, x1, bottom = (round(v * SCALE) for v in m.bbox)
    ring = [image.getpixel((x, y)) for x in range(max(0, x0 - 6), x1 + 6)
            for y in (max(0, top - 4), max(0, top - 3), bottom + 3, bottom + 4)
            if x < image.width and y < image.height]
    assert any(r > 90 and b > 150 and g < 80 for r, g, b in ring), "no violet stroke drawn"
    assert not any(r > 170 and g < 90 and b < 90 for r, g, b in ring), "a red box where only doubt is"
