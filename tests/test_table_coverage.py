"""Table coverage (scripts/table_coverage.py: measurement code, outside the installed package)
counts the numeric cells of a document's tables against the cells that are the source of a fact.

Generated XLSX tables pin the counting on tables the test writes (a mapped column covered, an
unmapped one named, an unrecognised table counted apart); the 西安 corpus file (skipped without
../shared) shows the 款 rows printed with two digits read on a real document."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from tests.extract.xlsx_tables import GPB_ROWS, read_tables, write_rows

pytest.importorskip("openpyxl")

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / ".." / "shared" / "corpus" / "pdf"


def _script():
    """scripts/table_coverage.py as a module (scripts are not installed)."""
    spec = importlib.util.spec_from_file_location("script_table_coverage",
                                                  ROOT / "scripts" / "table_coverage.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


table_coverage = _script().table_coverage


def test_coverage_counts_numeric_cells_of_data_rows_against_fact_sources(tmp_path):
    rows = GPB_ROWS + [["", "说明行不是数字", "", "", "", ""]]
    document, infos, facts = read_tables(write_rows(tmp_path / "gpb.xlsx", rows))
    stats = table_coverage(document, infos, facts)
    table = stats.tables[0]
    assert table.role == "budget_gpb_expense"
    # 4 data rows × 3 figure columns; the code column and header row are no figures
    assert table.numeric == 12
    read = {(f.source.row, f.source.column) for f in facts if f.origin == "table"}
    assert table.covered == len(read) == 12
    assert stats.recognised == (12, 12) and not stats.uncovered()


def test_coverage_names_the_unread_column(tmp_path):
    rows = [list(r) for r in GPB_ROWS]
    rows[2][5] = "某某自定义列"
    rows[3][5] = "7.00"
    document, infos, facts = read_tables(write_rows(tmp_path / "gpb.xlsx", rows))
    stats = table_coverage(document, infos, facts)
    assert [(c.column_label, c.text, c.cause) for c in stats.uncovered()] == \
        [("某某自定义列", "7.00", "column")]
    assert stats.recognised == (12, 13)


def test_coverage_counts_unrecognised_tables_apart(tmp_path):
    rows = [["培训人员明细表"], ["单位：万元"], ["姓名", "天数", "金额"],
            ["张三", "3", "1.50"], ["李四", "2", "1.00"]]
    document, infos, facts = read_tables(write_rows(tmp_path / "other.xlsx", rows))
    stats = table_coverage(document, infos, facts)
    assert stats.recognised == (0, 0)
    assert stats.unrecognised == (1, 4)
    assert stats.tables[0].role is None and "培训" in stats.tables[0].title


def test_xian_kuan_rows_printed_with_two_digits():
    path = PDF / "shaanxi_xian_ajj_2019_yusuan_tables.pdf"
    if not path.exists():
        pytest.skip("corpus not available")
    document, infos, facts = read_tables(path, year=2019, unit="西安市安全生产监督管理局")
    table = next(i.index for i in infos if i.role == "budget_gpb_expense")
    kuan = [f for f in facts if f.source.table == table
            and f.measure == "expense.general.function.20805" and f.basis == "current"]
    kuan.sort(key=lambda f: f.source.row)
    # the table is broken down by unit: each unit prints its own 05 row
    assert kuan and kuan[0].source.text.replace(",", "") == "113.28"
    assert all(f.label.startswith("05 ") for f in kuan)
    stats = table_coverage(document, infos, facts)
    gpb = next(t for t in stats.tables if t.index == table)
    assert not [c for c in gpb.uncovered if c.cause != "column" and c.row_label[:3].strip().isdigit()]


def test_script_counts_a_generated_document(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "corpus" / "templates"
    folder.mkdir(parents=True)
    rows = [list(r) for r in GPB_ROWS]
    rows[2][5] = "某某自定义列"
    rows[3][5] = "7.00"
    write_rows(folder / "gpb.xlsx", rows)
    script = Path(__file__).resolve().parents[1] / "scripts" / "table_coverage.py"
    out = subprocess.run([sys.executable, str(script), "--shared", str(tmp_path), "--group",
                          "templates", "--examples", "3", "--causes", "3"],
                         capture_output=True, text=True, check=True).stdout
    assert "gpb.xlsx: recognised 12/13" in out
    assert "covered 12/13 = 92.3%" in out
    assert "[column]" in out and "某某自定义列" in out and "7.00" in out
    assert "column: column not read" in out
