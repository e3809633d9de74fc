"""Time budgetlens generate on the synthetic input of tests/generate (issue #11: a 40-page
document in under 2 s). Stages are timed apart: build (model + narrative), the gate (the model read
→ extracted → audited through the pipeline; timed twice, the first run of a process pays the
loading of rules and lexicons), each writer, and each read-back.

    PYTHONPATH=src python scripts/generate_benchmark.py [N_ITEMS]     # default 200 项 rows
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(label: str, fn, *args):
    t = time.perf_counter()
    out = fn(*args)
    print(f"{label:<22} {time.perf_counter() - t:7.2f} s")
    return out


def main() -> None:
    from budgetlens.generate import load_inputs, write
    from budgetlens.generate.build import build
    from budgetlens.generate.gate import audit_model, read_back
    from tests.generate.synthetic import synthetic_input, write_input

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as tmp:
        inputs, _ = load_inputs(write_input(Path(tmp), synthetic_input(n_items=n)))
        model = timed("build", build, inputs)
        timed("gate, cold", audit_model, model)  # first pipeline run loads rules and lexicons
        gate = timed("gate (audit model)", audit_model, model)
        written = {}
        for fmt in ("html", "xlsx", "docx", "pdf"):
            written.update(timed(f"write {fmt}", write, model, Path(tmp), [fmt], "doc"))
        for fmt in ("docx", "pdf"):
            report = timed(f"read back {fmt}", read_back, str(written[fmt]), model, gate.facts)
            print(f"  {fmt}: {len(report.facts)} facts, errors {len(report.errors)}")
        rows = sum(t.n_rows for t in model.tables())
        print(f"pages {len(pdfium.PdfDocument(str(written['pdf'])))}, table rows {rows}, "
              f"gate errors {len(gate.errors)}")


if __name__ == "__main__":
    main()
