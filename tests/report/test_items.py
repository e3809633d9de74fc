"""Items of the ledger: the seeds' findings grouped by table row or text line exactly as the web
pages group the stored findings, and findings rebuilt from the JSON report's or the library's
dicts equal the audit's own."""

from __future__ import annotations

import dataclasses

import pytest

from budgetlens.model import Severity
from budgetlens.pipeline import process
from budgetlens.report.items import finding_from_dict, group_items, item_key

from ..conftest import corpus_result, seed_path


@pytest.fixture(scope="module")
def findings():
    out = []
    for prefix in ("000", "001", "002", "003", "004"):
        out += process(str(seed_path(prefix))).audit.findings
    assert out
    return out


def _library_shape(f) -> tuple[dict, list[dict]]:
    """A finding as the library stores it (store/rows.py): the row and its evidence rows."""
    row = {k: v for k, v in f.to_dict().items() if k != "evidence"}
    evidence = []
    for e in f.evidence:
        s = e.source
        box = s.bbox or (None, None, None, None)
        evidence.append({"page": s.page, "line": s.line, "table_idx": s.table, "row": s.row,
                         "col": s.column, "x0": box[0], "top": box[1], "x1": box[2],
                         "bottom": box[3], "text": s.text, "role": e.role, "measure": e.measure,
                         "basis": e.basis, "value": e.value})
    return row, evidence


def test_items_are_the_web_pages_groups(findings):
    from budgetlens.web.findings import group_findings

    stored = []
    for f in findings:
        row, evidence = _library_shape(f)
        stored.append({**row, "evidence": evidence})
    web = group_findings(stored)
    ours = group_items(findings)
    assert [len(g.findings) for g in web] == [len(i.findings) for i in ours]
    for g, item in zip(web, ours):
        assert [d["rule"] for d in g.findings] == [f.rule for f in item.findings]


def test_items_are_worst_first_and_share_a_place(findings):
    items = group_items(findings)
    assert sum(len(i.findings) for i in items) == len(findings)
    ranks = [Severity.ORDER[i.severity] for i in items]
    assert ranks == sorted(ranks, reverse=True)
    for item in items:
        assert {item_key(f) for f in item.findings} == {item.key}
    assert any(len(i.findings) > 1 for i in items), "the seeds break one row more than once"


def test_a_finding_survives_json_and_the_library():
    result = corpus_result("shanghai_putuo_czj_2025_yusuan.pdf")
    for f in result.audit.findings:
        rounded = dataclasses.replace(f, evidence=tuple(
            e._replace(source=e.source._replace(bbox=tuple(round(v, 2) for v in e.source.bbox)))
            if e.source.bbox else e for e in f.evidence))
        assert finding_from_dict(f.to_dict()) == rounded
        row, evidence = _library_shape(f)
        assert finding_from_dict(row, file=result.file, evidence=evidence) == f
