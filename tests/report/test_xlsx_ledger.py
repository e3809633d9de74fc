"""The 问题台账 XLSX on the seeds' real findings: one row per item (a broken table row is one item),
every finding in the detail sheet, the reviewer columns and 整改建议, and what LibreOffice reads
back when it converts the workbook; document text that looks like a formula or markup stays text."""

from __future__ import annotations

import csv
import dataclasses
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from budgetlens.model import Evidence
from budgetlens.pipeline import process
from budgetlens.report.items import group_items
from budgetlens.report.labels import finding_message
from budgetlens.report.xlsx_ledger import (CELL_LIMIT, COLUMNS, LEDGER, LedgerDocument, advice_text,
                                           ledger_bytes, write_ledger)
from budgetlens.rules.advice import load_advice

from ..conftest import seed_path

SEEDS = ("000", "001", "002", "003", "004")
HEAD_ZH = [COLUMNS[k][0] for k in LEDGER]
HEAD_EN = [COLUMNS[k][1] for k in LEDGER]
# Cell texts a spreadsheet would evaluate if they were written as formulas (OWASP CSV injection).
HOSTILE = ["=1+1", "+2+3", "-4+5", "@SUM(1,2)", "=HYPERLINK(\"http://x.invalid\",\"点我\")"]
MARKUP = "<script>alert('x')</script> & \"引号\" <b>粗</b>"


@pytest.fixture(scope="module")
def seeds():
    results = [process(str(seed_path(p))) for p in SEEDS]
    assert all(r.status == "ok" for r in results)
    assert sum(len(r.audit.findings) for r in results) > 0
    return results


def _soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) not installed: scripts/system-packages.txt, group suite")
    return exe


def convert_csv(xlsx: Path, tmp: Path) -> dict[str, list[list[str]]]:
    """Every sheet of ``xlsx`` as LibreOffice reads it, converted headless to UTF-8 CSV (cell
    values, not formulas, not as formatted: an evaluated formula shows its result)."""
    out = tmp / "csv"
    out.mkdir()
    filt = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run([_soffice(), f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
                    "--headless", "--convert-to", filt, "--outdir", str(out), str(xlsx)],
                   check=True, capture_output=True, timeout=300)
    sheets = {}
    for path in sorted(out.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            sheets[path.stem.split("-", 1)[1]] = list(csv.reader(fh))
    assert sheets, "LibreOffice wrote no CSV"
    return sheets


def test_one_row_per_item_and_every_finding_in_the_detail(seeds, tmp_path):
    path = tmp_path / "ledger.xlsx"
    n_items = write_ledger(seeds, path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["问题台账", "检查明细", "读取存疑", "文件"]
    ledger, detail, doubt, files = (wb[name] for name in wb.sheetnames)
    assert doubt.max_row == 1, "the seeds read without doubt: the 读取存疑 sheet has its header only"
    assert [c.value for c in ledger[1]] == HEAD_ZH
    expected_items = sum(len(group_items(r.audit.findings)) for r in seeds)
    assert n_items == expected_items == ledger.max_row - 1
    n_findings = sum(len(r.audit.findings) for r in seeds)
    assert detail.max_row - 1 == n_findings
    assert files.max_row - 1 == len(seeds)
    # every finding's message appears in its item's 问题 cell, and its item number in the detail
    problems = {row[0].value: row[3].value for row in ledger.iter_rows(min_row=2)}
    for row in detail.iter_rows(min_row=2):
        assert row[3].value in problems[row[0].value]
    assert n_items < n_findings, "the seeds have rows broken by more than one check: grouped"


def test_reviewer_columns_hold_the_findings_values(seeds, tmp_path):
    path = tmp_path / "ledger.xlsx"
    write_ledger(seeds, path)
    detail = load_workbook(path)["检查明细"]
    col = {COLUMNS[k][0]: i for i, k in enumerate(LEDGER)}
    rows = list(detail.iter_rows(min_row=2, values_only=True))
    findings = [(r, f) for r in seeds for i in group_items(r.audit.findings) for f in i.findings]
    assert len(rows) == len(findings)
    for row, (result, f) in zip(rows, findings):
        md = result.disclosure.metadata
        assert row[col["单位"]] == md.unit and row[col["年度"]] == md.year
        assert row[col["问题"]] == finding_message(f, "zh")
        assert row[col["规则"]] == f.rule
        assert row[col["整改建议"]] == advice_text(f, "zh") and "{" not in row[col["整改建议"]]
        pages = sorted({e.source.page for e in f.evidence if e.source.page})
        assert row[col["页码"]] == (", ".join(map(str, pages)) or None)
        for e in f.evidence:
            assert e.source.text in row[col["证据"]]
        if f.stated is not None:  # a plain decimal is a number cell, anything else its text
            got = row[col["所列数"]]
            if isinstance(got, (int, float)):
                assert got == float(f.stated.replace(",", ""))
            else:
                assert got == f.stated


def test_sheet_is_ready_to_work_in(seeds, tmp_path):
    path = tmp_path / "ledger.xlsx"
    write_ledger(seeds, path)
    ws = load_workbook(path)["问题台账"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(LEDGER)).column_letter}{ws.max_row}"
    assert ws.column_dimensions["D"].width == COLUMNS["problem"][2]
    sev = LEDGER.index("severity") + 1
    fills = {ws.cell(r, sev).value: ws.cell(r, sev).fill.fgColor.rgb for r in range(2, ws.max_row + 1)}
    assert fills.get("错误", "").endswith("FFC7CE")
    assert all(ws.cell(r, 4).alignment.wrap_text for r in range(2, ws.max_row + 1))


def test_english_headers(seeds, tmp_path):
    path = tmp_path / "ledger_en.xlsx"
    write_ledger(seeds, path, lang="en")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Ledger", "Findings", "Unverified reading", "Files"]
    assert [c.value for c in wb["Ledger"][1]] == HEAD_EN
    first = [f for r in seeds for f in r.audit.findings][0]
    advice = load_advice().for_rule(first.rule, first.category)
    assert any(advice.en.split("{")[0] in (c.value or "") for c in wb["Findings"]["H"])


def test_libreoffice_opens_the_seeds_ledger(seeds, tmp_path):
    path = tmp_path / "ledger.xlsx"
    write_ledger(seeds, path)
    sheets = convert_csv(path, tmp_path)
    ledger = sheets["问题台账"]
    assert ledger[0] == HEAD_ZH
    mine = list(load_workbook(path)["问题台账"].iter_rows(min_row=2, values_only=True))
    assert len(ledger) - 1 == len(mine)
    for read, written in zip(ledger[1:], mine):
        for got, want in zip(read, written):
            if isinstance(want, float):
                assert float(got) == pytest.approx(want)
            else:
                assert got == ("" if want is None else str(want))
    assert len(sheets["检查明细"]) - 1 == sum(len(r.audit.findings) for r in seeds)


def _hostile_document(seeds) -> LedgerDocument:
    """A real finding whose message, unit, file name and evidence text are what a hostile or
    careless document could carry."""
    f = next(f for r in seeds for f in r.audit.findings if f.evidence)
    evidence = tuple(Evidence(e.source._replace(text=text), e.value, e.measure, e.basis, e.role)
                     for e, text in zip(f.evidence * len(HOSTILE), HOSTILE))
    f = dataclasses.replace(f, message=HOSTILE[0], stated=HOSTILE[1], evidence=evidence)
    g = dataclasses.replace(f, message=MARKUP, stated="\x07\ud800\uffff" + MARKUP)
    return LedgerDocument(file=HOSTILE[4] + ".pdf", findings=(f, g), unit=HOSTILE[3], year=2024)


def test_formula_like_and_markup_text_stays_text(seeds, tmp_path):
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(ledger_bytes([_hostile_document(seeds)]))
    ws = load_workbook(path)["检查明细"]
    cells = [c for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    texts = "\n".join(c.value for c in cells)
    for text in [*HOSTILE, MARKUP]:
        assert text in texts
    for bad in ("\x07", "\ud800", "\uffff"):  # what XML cannot hold is replaced, not fatal
        assert bad not in texts
    read = "\n".join(",".join(r) for r in convert_csv(path, tmp_path)["检查明细"])
    for text in [*HOSTILE, MARKUP]:
        assert text in read, f"LibreOffice did not read {text!r} back as text"


def test_the_injection_check_can_fail(tmp_path):
    """The same strings written the naive way are evaluated by LibreOffice: the test above
    would catch a ledger that wrote them so."""
    wb = Workbook()
    wb.active["A1"] = "=1+1"
    path = tmp_path / "naive.xlsx"
    wb.save(path)
    assert list(convert_csv(path, tmp_path).values())[0][0] == ["2"]


def test_long_text_is_cut_at_the_cell_limit(seeds, tmp_path):
    doc = _hostile_document(seeds)
    long = dataclasses.replace(doc.findings[0], message="长" * (CELL_LIMIT + 10))
    path = tmp_path / "long.xlsx"
    path.write_bytes(ledger_bytes([dataclasses.replace(doc, findings=(long,))]))
    cell = load_workbook(path)["问题台账"]["D2"].value
    assert len(cell) == CELL_LIMIT and cell.endswith("[截断 / cut]")


def test_a_file_that_could_not_be_read_is_listed(seeds, tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    bad = process(str(broken))
    assert bad.status != "ok"
    path = tmp_path / "ledger.xlsx"
    write_ledger([seeds[0], bad], path)
    files = list(load_workbook(path)["文件"].iter_rows(min_row=2, values_only=True))
    assert files[1][0] == str(broken) and files[1][4] == "失败" and files[1][7]


def test_extra_columns_carry_a_reviewers_decisions(seeds, tmp_path):
    """The workspace adds its decision columns: one value per finding, the item's cell numbered
    like its 问题 when its findings were decided differently; a count that does not match the
    findings is refused."""
    result = next(r for r in seeds if any(len(i.findings) > 1 for i in group_items(r.audit.findings)))
    findings = result.audit.findings
    decisions = tuple(("确认" if i % 2 == 0 else "排除", f"理由{i} <b>'\"", ) for i in range(len(findings)))
    doc = dataclasses.replace(LedgerDocument.from_result(result), extra=decisions)
    path = tmp_path / "review.xlsx"
    path.write_bytes(ledger_bytes([doc], extra_columns=(("复核结论", "Decision"), ("复核意见", "Note"))))
    wb = load_workbook(path)
    ledger, detail = wb["问题台账"], wb["检查明细"]
    assert [c.value for c in ledger[1]][-2:] == ["复核结论", "复核意见"]
    by_message = {finding_message(f, "zh"): d for f, d in zip(findings, decisions)}
    for row in detail.iter_rows(min_row=2, values_only=True):
        assert tuple(row[-2:]) == by_message[row[3]]
    multi = [r for r in ledger.iter_rows(min_row=2, values_only=True) if r[3].startswith("1. ")]
    assert multi and all(set(r[-2].replace("\n", " ").split()) & {"确认", "排除"} for r in multi)
    with pytest.raises(ValueError, match="one tuple of 2 values per finding"):
        ledger_bytes([dataclasses.replace(doc, extra=decisions[:-1])],
                     extra_columns=(("复核结论", "Decision"), ("复核意见", "Note")))
