"""scripts/template_variants.py runs end to end on one labelled document: its figures are printed
in each layout variant with the project's writers, read back by the pipeline, and every printed
key fact is accounted for (read, or missed with a cause). It asserts no recall figure — the
script measures how reading generalises, it is not a test of a fixed number — except that the
reference layout reads back, which checks the harness itself (a harness that loses figures in
its own reference layout would measure itself, not the reader).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
sys.path.insert(0, str(ROOT / "scripts"))

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (corpus) not available")

DOC = "zhejiang_hangzhou_qxj_2026_yusuan"


def test_variants_end_to_end_on_one_document(tmp_path):
    import template_variants as tv
    from bench_labels import load_all

    doc = next(d for d in load_all() if d.doc_id == DOC)
    data, rows = tv.source_data(doc)
    assert rows and all(code.isdigit() and len(code) == 3 for code, _ in rows)
    wanted = {"base", "xlsx", "yuan", "merged", "no_rules", "split_norepeat"}
    for v in (v for v in tv.VARIANTS if v.name in wanted):
        model = tv.build_model(doc, data, rows, v)
        printed = [c for t in model.tables() for c in t.value_cells()]
        assert printed and all(c.measure in data and c.value == data[c.measure] for c in printed)
        run = tv.measure_variant(model, v, tmp_path / f"{v.name}.{v.fmt}")
        assert run["status"] == "ok"
        assert len(run["facts"]) == len(printed)
        assert all(f["read"] or f["cause"] for f in run["facts"])
        if v.name == "base":
            assert all(f["read"] for f in run["facts"]), [f for f in run["facts"] if not f["read"]]
        if v.yuan:
            assert any(t.unit_line == "单位：元" for t in model.tables())
