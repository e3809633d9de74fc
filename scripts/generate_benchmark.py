"""Time budgetlens generate (issue #11: a 40-page document in under 2 s) on a real input — an
``extract`` JSON, a workbook or any document the readers know — or on the synthetic input of
tests/generate. Stages are timed apart: build (model + narrative), the gate (the model read
→ extracted → audited through the pipeline; timed twice, the first run of a process pays the
loading of rules and lexicons), each writer, and each read-back.

Both CPU time (``time.process_time``: this process's user + system time, what the work costs) and
wall time are printed: on the shared development machine (2 cores, load 20–30) wall time is several
times CPU time and says more about the neighbours than about generate.

    PYTHONPATH=src python scripts/generate_benchmark.py [N_ITEMS] [budget|final]   # default 200 budget
    PYTHONPATH=src python scripts/generate_benchmark.py INPUT.json             # a real input

The real 40-page case (docs/generate.md): the extract JSON of the 116-page 烟台市住房和城乡建设局
2026 budget (corpus/wide), 76 projects with their 绩效目标表 indicator rows:

    budgetlens extract ../shared/corpus/wide/shandong_yantai_zjj_2026_yusuan.pdf -o yantai.json
    PYTHONPATH=src python scripts/generate_benchmark.py yantai.json
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

from checkout import checkout_module


def timed(label: str, fn, *args):
    cpu, wall = time.process_time(), time.perf_counter()
    out = fn(*args)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"{label:<22} CPU {cpu:6.2f} s   wall {wall:6.2f} s")
    return out, cpu


def _input_errors(inputs) -> int:
    return sum(d.severity == "error" for d in inputs.diagnostics)


def main() -> None:
    from budgetlens.generate import load_inputs, write
    from budgetlens.generate.build import build
    from budgetlens.generate.correct import correct
    from budgetlens.generate.gate import audit_model, read_back

    synthetic = checkout_module("tests/generate/synthetic.py")
    synthetic_input, write_input = synthetic.synthetic_input, synthetic.write_input

    arg = sys.argv[1] if len(sys.argv) > 1 else "200"
    kind = sys.argv[2] if len(sys.argv) > 2 else None
    with tempfile.TemporaryDirectory() as tmp:
        if arg.isdigit():
            source = write_input(Path(tmp), synthetic_input(n_items=int(arg), kind=kind or "budget"))
        else:
            source = Path(arg)
        inputs, _ = timed("load inputs", lambda: load_inputs(source, kind=kind)[0])
        model, _ = timed("build, cold", build, inputs)
        gate, _ = timed("gate, cold", audit_model, model)  # the first run loads rules and lexicons
        if gate.errors or _input_errors(inputs):  # a published document failing its own audit:
            fixed, _ = timed("correct (--correct)", correct, inputs, gate)  # --correct first
            inputs = fixed.inputs
            print(f"  {len(fixed.corrections)} corrections, errors left "
                  f"{len(fixed.gate.errors) + _input_errors(inputs)}")
        model, t_build = timed("build", build, inputs)
        gate, t_gate = timed("gate (audit model)", audit_model, model)
        written, costs = {}, {}
        for fmt in ("html", "xlsx", "docx", "pdf"):
            out, costs[fmt] = timed(f"write {fmt}", write, model, Path(tmp), [fmt], "doc")
            written.update(out)
        _, t_pdf = timed("write pdf, again", write, model, Path(tmp), ["pdf"], "doc")  # font loaded
        for fmt in ("docx", "pdf"):
            report, _ = timed(f"read back {fmt}", read_back, str(written[fmt]), model, gate.facts)
            print(f"  {fmt}: {len(report.facts)} facts, errors {len(report.errors)}")
        pages = len(pdfium.PdfDocument(str(written["pdf"])))
        rows = sum(t.n_rows for t in model.tables())
        print(f"pages {pages}, table rows {rows}, gate errors {len(gate.errors)}")
        total = t_build + t_gate + t_pdf
        print(f"build + gate + PDF (warm): CPU {total:.2f} s for {pages} pages "
              f"= {total / pages * 40:.2f} s per 40 pages")


if __name__ == "__main__":
    main()
