"""Narrative extraction over the corpus: no crash, facts well formed, coverage measured.

Excerpts are small and all read; of the PDFs two short real documents are read (the whole PDF set
is measured by the coverage command in the narrative report, not in the test run).
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.extract.narrative import extract_narrative
from budgetlens.model import Metadata
from budgetlens.read import read_document

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
CORPUS = SHARED / "corpus"
KINDS = {"预算": "budget", "决算": "final"}
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$")
BASES = {"current", "prior", "initial_budget", "adjusted_budget", "change_prior",
         "change_initial_budget", "change_adjusted_budget", "pct_change_prior",
         "pct_change_initial_budget", "pct_change_adjusted_budget", "share",
         "completion_initial_budget", "completion_adjusted_budget", "prior_execution",
         "change_prior_execution", "pct_change_prior_execution"}


def _manifest() -> dict[str, dict]:
    path = CORPUS / "manifest.csv"
    if not path.is_file():
        pytest.skip("shared corpus not available")
    with path.open(encoding="utf-8") as f:
        return {row["file"]: row for row in csv.DictReader(f)}


def _meta(row: dict) -> Metadata:
    year = row.get("year", "")
    return Metadata(kind=KINDS.get(row.get("kind", "")), year=int(year) if year.isdigit() else None)


def _check(path: Path, meta: Metadata):
    document, _ = read_document(path)
    assert document is not None, path.name
    headings, facts, claims, diags = extract_narrative(document, meta, [])
    lines = {(l.page, l.number): l for l in document.lines()}
    for fact in facts:
        assert _KEY_RE.match(fact.measure), fact
        assert fact.basis in BASES and fact.origin == "text"
        assert isinstance(fact.value, Decimal) and fact.kind in ("money", "percent", "count")
        line = lines[(fact.source.page, fact.source.line)]
        assert line.table is None
        # the scope is the line the sentence starts on (a wrapped sentence is one scope)
        page, start = map(int, fact.scope.removeprefix("text:").split(":"))
        assert (page, start) <= (fact.source.page, fact.source.line)
        assert fact.source.text  # the quoted sentence
        if fact.basis == "share":
            assert fact.of and fact.of != fact.measure
        if fact.kind == "count":
            assert fact.value == fact.value.to_integral_value()
    for claim in claims:
        assert claim.kind and claim.source.line is not None
    assert [d.code for d in diags] in ([], ["unattached-numbers"])
    for heading in headings:
        assert heading.path[-1] == heading.title and 0 <= heading.level <= 5
    return facts


def test_every_excerpt_reads_without_crash():
    manifest = _manifest()
    total = 0
    for key, row in manifest.items():
        if key.startswith("excerpts/"):
            total += len(_check(CORPUS / key, _meta(row)))
    assert total > 100


@pytest.mark.parametrize("name", ["jiangsu_rdcwh_bgt_2019_yusuan_text.pdf",
                                  "shanghai_putuo_ghzyj_2024_juesuan.pdf"])
def test_real_pdfs(name):
    manifest = _manifest()
    path = CORPUS / "pdf" / name
    if not path.is_file():
        pytest.skip(f"{name} not in the corpus")
    facts = _check(path, _meta(manifest[f"pdf/{name}"]))
    measures = {f.measure for f in facts}
    assert {"three_public.total", "admin_operating_cost"} & measures
