"""Time budgetlens generate (issue #11: a 40-page document in under 2 s) on a real input — an
``extract`` JSON, a workbook or any document the readers know — or on the synthetic input of
tests/generate. Stages are timed apart: build (model + narrative), the gate (the model read
→ extracted → audited through the pipeline; timed twice, the first run of a process pays the
loading of rules and lexicons), each writer, and each read-back.

Both CPU time (``time.process_time``: this process's user + system time, what the work costs) and
wall time are printed: on the shared development machine (2 cores, load 20–30) wall time is several
times CPU time and says more about the neighbours than about generate.

    PYTHONPATH=src python scripts/generate_benchmark.py                  # the real 40-page case
    PYTHONPATH=src python scripts/generate_benchmark.py INPUT.json       # a real input (or a PDF)
    PYTHONPATH=src python scripts/generate_benchmark.py N_ITEMS [budget|final]   # synthetic

The real 40-page case (docs/generate.md), the default: the 116-page 烟台市住房和城乡建设局 2026
budget (../shared/corpus/wide), extracted to its JSON first (timed apart: extraction is not
generation), then generated from that JSON with its 76 projects' 绩效目标表 (总体目标 and every
indicator row, taken from the source's cells): 54 pages.

Fresh process: after the in-process stages, the same input is generated once more in a new Python
process (this script with ``--child``), timed from the interpreter's start: imports, load, build,
gate and the PDF, each stage's CPU and wall, and the heavy libraries the process ended up
importing (a PDF needs no openpyxl). It runs twice: with the shell's bytecode setting, then from a
copy of budgetlens with its bytecode compiled beforehand, as an installed package has it. An input
the gate refuses (a published document failing its own audit, as 烟台's is) would be written there
only as a draft, which is not the figure issue #11 asks for: the fresh process then generates the
corrected document instead — the PDF written from the ``--correct``ed input, extracted to its JSON
(timed apart, as the first extraction is), generated again: the round trip of a compliant
document, which passes the gate and is written as a real document (the child says which). The
corrections' trial audits (``--correct``, only on a refused input) are timed in-process, apart.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from checkout import checkout_module, child_env

#: libraries whose import a fresh process reports (lazy ones should stay absent for a PDF)
HEAVY = ("openpyxl", "docx", "lxml", "pypdfium2", "pdfplumber", "python_calamine", "jinja2", "reportlab")


def timed(label: str, fn, *args):
    cpu, wall = time.process_time(), time.perf_counter()
    out = fn(*args)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"{label:<22} CPU {cpu:6.2f} s   wall {wall:6.2f} s")
    return out, cpu


#: the default input: the largest real document of the corpus with performance tables
REAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "wide" / \
    "shandong_yantai_zjj_2026_yusuan.pdf"


def _extract_json(pdf: Path, folder: Path) -> Path:
    """``budgetlens extract PDF -o JSON``, as a user would run it before ``generate JSON``."""
    from budgetlens.pipeline import process
    from budgetlens.report import EXTRACT_RENDERERS

    folder.mkdir(parents=True, exist_ok=True)
    out = folder / (pdf.stem + ".json")
    out.write_text(EXTRACT_RENDERERS["json"]([process(str(pdf))], "zh"), encoding="utf-8")
    return out


def _input_errors(inputs) -> int:
    return sum(d.severity == "error" for d in inputs.diagnostics)


def main() -> None:
    from budgetlens.generate import load_inputs, write
    from budgetlens.generate.build import build
    from budgetlens.generate.correct import correct
    from budgetlens.generate.gate import audit_model, read_back

    synthetic = checkout_module("tests/generate/synthetic.py")
    synthetic_input, write_input = synthetic.synthetic_input, synthetic.write_input

    arg = sys.argv[1] if len(sys.argv) > 1 else str(REAL)
    kind = sys.argv[2] if len(sys.argv) > 2 else None
    with tempfile.TemporaryDirectory() as tmp:
        if arg.isdigit():
            source = write_input(Path(tmp), synthetic_input(n_items=int(arg), kind=kind or "budget"))
        elif arg.lower().endswith(".pdf"):
            source, _ = timed("extract (not generate)", _extract_json, Path(arg), Path(tmp))
        else:
            source = Path(arg)
        inputs, t_load = timed("load inputs", lambda: load_inputs(source, kind=kind)[0])
        model, t_cold_build = timed("build, cold", build, inputs)
        gate, t_cold_gate = timed("gate, cold", audit_model, model)  # loads rules and lexicons
        refused = bool(gate.errors or _input_errors(inputs))
        if refused:  # a published document failing its own audit:
            fixed, _ = timed("correct (--correct)", correct, inputs, gate)  # --correct first
            inputs = fixed.inputs
            print(f"  {len(fixed.corrections)} corrections, errors left "
                  f"{len(fixed.gate.errors) + _input_errors(inputs)}")
        model, t_build = timed("build", build, inputs)
        gate, t_gate = timed("gate (audit model)", audit_model, model)
        written, costs = {}, {}
        for fmt in ("pdf", "html", "xlsx", "docx"):  # the PDF first: its first run loads the font
            out, costs[fmt] = timed(f"write {fmt}", write, model, Path(tmp), [fmt], "doc")
            written.update(out)
        _, t_pdf = timed("write pdf, again", write, model, Path(tmp), ["pdf"], "doc")  # font loaded
        for fmt in ("docx", "pdf"):
            report, _ = timed(f"read back {fmt}", read_back, str(written[fmt]), model, gate.facts)
            warnings = sum(f.severity == "warning" for f in report.findings)
            print(f"  {fmt}: {len(report.facts)} facts, errors {len(report.errors)}, warnings {warnings}")
        import pypdfium2 as pdfium

        pages = len(pdfium.PdfDocument(str(written["pdf"])))
        rows = sum(t.n_rows for t in model.tables())
        print(f"pages {pages}, table rows {rows}, gate errors {len(gate.errors)}")
        total = t_build + t_gate + t_pdf
        print(f"build + gate + PDF (warm): CPU {total:.2f} s for {pages} pages "
              f"= {total / pages * 40:.2f} s per 40 pages")
        cold = t_load + t_cold_build + t_cold_gate + costs["pdf"]
        print(f"load + build + gate + PDF, first run of the process (cold): CPU {cold:.2f} s "
              f"for {pages} pages")
        every = t_build + t_gate + sum(costs.values())
        print(f"build + gate + every format (warm, PDF first-run): CPU {every:.2f} s")
        if refused:  # the fresh process generates the compliant document, not a refused draft
            source, _ = timed("extract the corrected PDF (not generate)", _extract_json,
                              written["pdf"], Path(tmp) / "corrected")
        fresh(source, kind, Path(tmp) / "fresh", pages)


def fresh(source: Path, kind, out: Path, pages: int) -> None:
    """The input generated (PDF) in a new process, this script's ``--child``; CPU from the
    interpreter's start (imports included), wall as the parent saw it. Twice: with this shell's
    bytecode setting (PYTHONDONTWRITEBYTECODE=1 on the development machine: every module of
    budgetlens compiled from source in each process), then from a copy of the package with its
    bytecode compiled beforehand, as ``pip install`` leaves an installed package."""
    import os
    import shutil

    import budgetlens

    runs = [("bytecode as this shell has it", child_env())]
    installed = out.parent / "installed"
    shutil.copytree(Path(budgetlens.__file__).parent, installed / "budgetlens",
                    ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(installed)], check=True)
    env = child_env()
    env["PYTHONPATH"] = os.pathsep.join([str(installed), env.get("PYTHONPATH", "")])
    runs.append(("bytecode compiled, as installed", env))
    for label, env in runs:
        wall = time.perf_counter()
        run = subprocess.run([sys.executable, __file__, "--child", str(source), kind or "", str(out)],
                             env=env, capture_output=True, text=True, check=True)
        wall = time.perf_counter() - wall
        print(f"fresh process, {label} (python -> PDF written):")
        print(run.stdout.rstrip())
        cpu = float(run.stdout.split("CPU total ")[1].split()[0])
        print(f"fresh process, {label}: CPU {cpu:.2f} s, wall {wall:.2f} s for {pages} pages "
              f"= CPU {cpu / pages * 40:.2f} s per 40 pages")


def child(source: str, kind: str, out: str) -> None:
    """``--child``: what a fresh ``budgetlens generate INPUT -f pdf`` does, stage by stage."""
    start = time.perf_counter()
    last = [time.process_time(), start]
    print(f"  {'interpreter start':<34} CPU {last[0]:5.2f} s")

    def mark(label: str) -> None:
        cpu, wall = time.process_time(), time.perf_counter()
        print(f"  {label:<34} CPU {cpu - last[0]:5.2f} s   wall {wall - last[1]:5.2f} s")
        last[:] = [cpu, wall]

    from budgetlens.generate import load_inputs, write
    from budgetlens.generate.build import build
    from budgetlens.generate.gate import audit_model
    mark("import budgetlens.generate")
    import budgetlens

    print(f"  (budgetlens from {Path(budgetlens.__file__).parent})")
    inputs = load_inputs(source, kind=kind or None)[0]
    mark("load inputs")
    model = build(inputs)
    mark("build")
    gate = audit_model(model)
    mark("gate (pipeline imported, rules loaded)")
    model.draft = bool(gate.errors) or _input_errors(inputs) > 0
    written = write(model, Path(out), ["pdf"], "doc")
    mark("write pdf" + (" (a draft: refused)" if model.draft else " (passed the gate)"))
    cpu, wall = time.process_time(), time.perf_counter() - start
    heavy = sorted(m for m in sys.modules if m in HEAVY)
    import pypdfium2 as pdfium

    pages = len(pdfium.PdfDocument(str(written["pdf"])))  # counted after the figures are taken
    print(f"  CPU total {cpu:.2f} s (wall since imports began {wall:.2f} s); {pages} pages "
          f"{'(draft)' if model.draft else '(not a draft)'}; libraries imported: {', '.join(heavy)}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(*sys.argv[2:5])
    else:
        main()
