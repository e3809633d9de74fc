"""scripts/corpus_report.py counts and lists 读取存疑 findings per cause (issue #8, "Done when"),
on a real file: seed 004's text with a row of 21011 printed but not read."""

from __future__ import annotations

import importlib.util
import re
import sys

from budgetlens.pipeline import process

from .conftest import REPO
from .extract.reading_variants import spaced, variant


def _script():
    if str(REPO / "scripts") not in sys.path:  # its sibling corpus_findings, as a run finds it
        sys.path.insert(0, str(REPO / "scripts"))
    spec = importlib.util.spec_from_file_location("corpus_report", REPO / "scripts" / "corpus_report.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_unverified_findings_are_counted_and_listed_per_cause(tmp_path, capsys):
    report = _script()
    result = process(str(variant(tmp_path, "lost", {"2101102": spaced}, only=0)))
    row = report.summarise(result, {"file": "lost.txt"})
    doubted = [f for f in result.audit.findings if f.cause]
    assert len(row["unverified"]) == len(doubted) > 0
    report.print_unverified([row])
    out = capsys.readouterr().out
    assert f"读取存疑 / unverified reading findings: {len(doubted)} (as read: {len(doubted)} error" in out
    assert re.search(rf"^  rows-short-of-total +{len(doubted)} ", out, flags=re.M)
    assert len(re.findall(r"^    \? lost\.txt ", out, flags=re.M)) == len(doubted)
    tables = sum(1 for t in result.disclosure.tables for d in t.reading)
    assert f"rows-short-of-total {tables}" in out
