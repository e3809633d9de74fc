"""scripts/stage_instructions.py sums callgrind's dumps by the stage each one ends (issue #8's
instructions per stage): dump k is the segment ending at mark k, so the labels must pair with the
dumps in order, a run stopped early (fewer marks written than dumps, or the other way) pairs what
both have, and the collector's collections are counted per segment from the statistics recorded
at the marks. Made on dumps written here (valgrind is not run)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_SPEC = importlib.util.spec_from_file_location("stage_instructions",
                                               ROOT / "scripts" / "stage_instructions.py")
assert _SPEC and _SPEC.loader
si = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(si)


def _gc(*collections: int) -> list[dict]:
    return [{"collections": c, "collected": 0, "uncollectable": 0} for c in collections]


def _run(out: Path, labels: list[str], counts: list[int], gen0: list[int]) -> Path:
    out.mkdir()
    marks = [{"label": "start", "gc": _gc(0, 0, 0), "count": [0, 0, 0], "files": ["a.pdf"]}]
    marks += [{"label": lab, "gc": _gc(g, 0, 0), "count": [0, 0, 0]}
              for lab, g in zip(labels, gen0)]
    (out / "marks.json").write_text(json.dumps(marks))
    for k, n in enumerate(counts, 1):  # callgrind names its dumps cg.out.1, cg.out.2, … (not 10 < 2)
        (out / f"cg.out.{k}").write_text(f"# callgrind format\nevents: Ir\nsummary: {n}\n")
    return out


LABELS = ["imports", "glue", "read", "glue", "extract", "glue", "imply", "glue", "reconcile",
          "glue", "read"]


def test_dumps_pair_with_their_labels_in_numeric_order_and_sum_by_stage(tmp_path, capsys):
    counts = [100, 1, 5_000_000, 2, 3_000_000, 3, 7, 4, 2_000_000, 5, 1_000_000]
    out = _run(tmp_path / "a", LABELS, counts, [0, 0, 2, 2, 5, 5, 5, 6, 7, 7, 9])
    pairs = si._dumps(out)
    assert [lab for lab, _ in pairs] == LABELS
    assert [p.name for _, p in pairs][9:] == ["cg.out.10", "cg.out.11"]
    si._table([out])
    table = capsys.readouterr().out
    assert "| read | 6.0 |" in table and "| extract | 3.0 |" in table
    assert "| glue | 0.0 |" in table and "| all but imports | 11.0 |" in table
    assert "| the four stages | 11.0 |" in table
    collections = si._gc_collections(out)
    assert collections["read"] == [4, 0, 0] and collections["extract"] == [3, 0, 0]
    assert collections["glue"] == [1, 0, 0] and collections["reconcile"] == [1, 0, 0]


def test_a_run_stopped_early_pairs_only_what_marks_and_dumps_both_have(tmp_path):
    """Near miss: more dumps than marks (the marks are written before each stage; the last
    stage's dump came after) — the extra dump is no stage's."""
    out = _run(tmp_path / "b", LABELS[:5], [10, 20, 30, 40, 50, 60], [0] * 5)
    assert [lab for lab, _ in si._dumps(out)] == LABELS[:5]
    assert si._total(out / "cg.out.6") == 60
