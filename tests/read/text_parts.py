"""Helpers of the tests that split real text disclosures over form feeds (test_textjoin,
test_textwidth): the table holding a code, and the findings as comparable keys."""

from __future__ import annotations


def table_holding(document, code: str):
    """The first table of ``document`` with a cell reading exactly ``code``."""
    return next(t for t in document.tables if any(c.text == code for c in t.cells))


def finding_keys(result) -> set[tuple]:
    """(rule, measure, severity) of every finding of a pipeline result: what a join may not change."""
    return {(f.rule, f.measure, f.severity) for f in result.audit.findings}
