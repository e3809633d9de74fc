"""Provenance and diagnostics (model/base.py): a source serialises every position with its box
rounded (and no box key when there is none); severities order as info < warning < error and
equal their strings; a diagnostic carries both languages into its dict."""

from __future__ import annotations

import json

from budgetlens.model import Diagnostic, Severity, Source


def test_a_source_serialises_its_place_and_rounds_its_box():
    src = Source("a.pdf", page=3, line=7, bbox=(10.123, 20.456, 30.0, 40.004), table=1, row=2,
                 column=0, text="合计")
    d = src.to_dict()
    assert d["bbox"] == [10.12, 20.46, 30.0, 40.0]
    assert (d["page"], d["line"], d["table"], d["row"], d["column"], d["text"]) == (
        3, 7, 1, 2, 0, "合计")
    assert "bbox" not in Source("a.txt", line=1).to_dict()  # near miss: no box, no key
    json.dumps(d, ensure_ascii=False)


def test_severities_rank_in_order_and_equal_their_strings():
    assert [s.rank for s in (Severity.INFO, Severity.WARNING, Severity.ERROR)] == [0, 1, 2]
    assert Severity.ERROR == "error" and Severity("warning") is Severity.WARNING
    assert sorted(["error", "info", "warning"], key=lambda s: Severity(s).rank) == [
        "info", "warning", "error"]
    assert json.dumps(Severity.INFO) == '"info"'


def test_a_diagnostic_carries_both_languages_and_its_source():
    diag = Diagnostic("pdf-encrypted", Severity.ERROR, "文件已加密。", "The file is encrypted.",
                      Source("a.pdf"))
    d = diag.to_dict()
    assert (d["code"], d["severity"], d["message"], d["message_en"]) == (
        "pdf-encrypted", "error", "文件已加密。", "The file is encrypted.")
    assert d["source"]["file"] == "a.pdf"
    assert Diagnostic("x", "info", "信息").to_dict()["source"] is None
