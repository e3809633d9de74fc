"""The library's rows made from the pipeline's records (store/rows.py), on real results: a seed
read, extracted and audited, and a Workbook by unit the test writes. Every number keeps its
provenance (page, line or table cell, quoted text); a derived fact keeps its inputs; units are
keyed alike however their names are spaced or bracketed; a failure's reason is one line."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from budgetlens.model import Status
from budgetlens.pipeline import process
from budgetlens.store.rows import (MAX_REASON, FileRecord, name_key, one_line, to_document_row,
                                   to_evidence_rows, to_fact_row, to_unit_names)

from ..conftest import seed_path


@pytest.fixture(scope="module")
def result():
    return process(str(seed_path("004")), audit=True)


def test_the_document_row_carries_the_disclosure_and_its_audit(result):
    row = to_document_row(FileRecord("seed.txt", "ab" * 32, 10), result, extractor_version="v1",
                          run_id=3, read_at=datetime(2026, 12, 7, tzinfo=timezone.utc), unit_id=9)
    d, audit = result.disclosure, result.audit
    assert (row["status"], row["sha256"], row["run_id"], row["unit_id"]) == (Status.OK, "ab" * 32,
                                                                             3, 9)
    assert (row["year"], row["kind"], row["unit_name"]) == (d.metadata.year, d.metadata.kind,
                                                            d.metadata.unit)
    assert (row["n_facts"], row["n_tables"], row["n_findings"]) == (
        len(d.facts), len(d.tables), len(audit.findings))
    assert row["identities_held"] <= row["identities_evaluated"] and row["reason"] is None


def test_a_fact_row_keeps_where_it_was_printed(result):
    table_fact = next(f for f in result.disclosure.facts if f.source.table is not None)
    row = to_fact_row(1, table_fact, {})
    assert (row["page"], row["table_idx"], row["row"], row["col"]) == (
        table_fact.source.page, table_fact.source.table, table_fact.source.row,
        table_fact.source.column)
    assert row["value"] == table_fact.value and row["derived"] is False
    assert row["derived_from"] is None  # near miss: a printed fact has no inputs to keep


def test_a_derived_fact_keeps_its_inputs(result):
    derived = [f for f in result.disclosure.facts if f.origin == "derived" or f.derived_from]
    if not derived:
        pytest.skip("the seed derives no fact")
    row = to_fact_row(1, derived[0], {})
    assert row["derived"] is True and row["derived_from"].startswith("[")


def test_evidence_rows_are_numbered_and_located(result):
    finding = next(f for f in result.audit.findings if len(f.evidence) >= 2)
    rows = to_evidence_rows(7, finding.evidence)
    assert [r["position"] for r in rows] == list(range(len(finding.evidence)))
    assert all(r["finding_id"] == 7 for r in rows)
    assert rows[0]["text"] == finding.evidence[0].source.text


def test_unit_names_and_their_key(result):
    own, others = to_unit_names(result)
    assert own is not None and own.name == result.disclosure.metadata.unit
    assert name_key("示例局（本级） ") == name_key("示例局(本级)") == "示例局(本级)"
    assert name_key("示例局") != name_key("示例局信息中心")  # near miss
    failed = process(str(seed_path("004")) + ".missing")
    assert to_unit_names(failed) == (None, ())


def test_a_reason_is_one_line_and_bounded():
    assert one_line("读取失败：\n  第 3 页\t损坏") == "读取失败： 第 3 页 损坏"
    long = one_line("字" * (MAX_REASON + 50))
    assert len(long) == MAX_REASON and long.endswith("…")
    assert one_line("字" * MAX_REASON) == "字" * MAX_REASON and one_line(None) is None
