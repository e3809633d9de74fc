"""Narrative coverage (scripts/narrative_coverage.py: measurement code, outside the installed
package) prints the numbers of the running text and those attached to a fact, per group.

Run on a folder the test fills with a real seed (skipped without ../shared): the script's figures
are the narrative engine's own counters for that document, and a folder whose one document holds
no running-text number prints nothing attached out of nothing (no rate invented)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from budgetlens.extract.narrative import read_narrative
from budgetlens.pipeline import process

from .conftest import seed_path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "narrative_coverage.py"
LINE = re.compile(r"^dir\s+all numbers (\d+)/(\d+) = [\d.]+%; measure-like (\d+)/(\d+)", re.M)


def _run(folder: Path) -> tuple[int, int, int, int]:
    out = subprocess.run([sys.executable, str(SCRIPT), "--dir", str(folder)], capture_output=True,
                         text=True, check=True, timeout=600).stdout
    found = LINE.search(out)
    assert found, out
    return tuple(int(g) for g in found.groups())  # type: ignore[return-value]


def test_script_prints_the_engines_counters_for_a_seed(tmp_path):
    seed = seed_path("004")
    shutil.copy(seed, tmp_path / seed.name)
    attached, numbers, like_attached, like = _run(tmp_path)
    result = process(str(seed), audit=False)
    d = result.disclosure
    stats = read_narrative(result.document, d.metadata, d.tables,
                           [f for f in d.facts if f.origin == "table"])[1].stats
    assert numbers == stats.numbers > 20 and attached == stats.attached
    assert (like_attached, like) == (stats.measure_like[1], stats.measure_like[0])


def test_a_document_without_running_text_numbers_counts_none(tmp_path):
    (tmp_path / "note.txt").write_text("某某局2025年部门预算公开\n本部门无相关说明。\n", encoding="utf-8")
    assert _run(tmp_path) == (0, 0, 0, 0)
