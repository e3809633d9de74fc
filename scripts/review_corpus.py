"""Measure the reviewer's exports on every corpus PDF (docs/review.md): annotate each PDF, check the
annotations written equal the planned boxes, write one 问题台账 of all of them, and read it back
through headless LibreOffice.

    PYTHONPATH=src python scripts/review_corpus.py [OUT_DIR]     # default /tmp/budgetlens-review
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

from budgetlens.pipeline import process
from budgetlens.report.annotate import annotate_pdf, annotation_count, plan_marks
from budgetlens.report.xlsx_ledger import write_ledger

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "pdf"
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    results, tot = [], dict(docs=0, failed=0, findings=0, boxed=0, evidence=0, boxes=0,
                            annotations=0, not_drawn=0)
    for path in sorted(CORPUS.glob("*.pdf")):
        r = process(str(path))
        results.append(r)
        if r.status != "ok":
            tot["failed"] += 1
            continue
        fs = r.audit.findings
        done = annotate_pdf(path, fs, out / path.name, file=r.file)
        marks, _ = plan_marks(fs, r.file)
        added = sum(annotation_count(out / path.name)) - sum(annotation_count(path))
        assert done.annotations == len(marks) == added, (path.name, done, len(marks), added)
        tot["docs"] += 1
        tot["findings"] += len(fs)
        tot["boxed"] += sum(1 for f in fs if any(e.source.bbox for e in f.evidence))
        tot["evidence"] += sum(len(f.evidence) for f in fs)
        tot["boxes"] += len(marks)
        tot["annotations"] += added
        tot["not_drawn"] += done.not_drawn
        print(f"{path.name}: {len(fs)} findings, {len(marks)} boxes, {done.not_drawn} not drawn",
              flush=True)
    items = write_ledger(results, out / "ledger.xlsx")
    print(tot, "ledger items:", items)
    soffice = shutil.which("soffice")
    if soffice:
        subprocess.run([soffice, f"-env:UserInstallation={(out / 'profile').as_uri()}",
                        "--headless", "--convert-to", CSV_FILTER, "--outdir", str(out / "csv"),
                        str(out / "ledger.xlsx")], check=True, capture_output=True)
        for sheet in sorted((out / "csv").glob("*.csv")):
            with sheet.open(encoding="utf-8", newline="") as fh:
                print(f"LibreOffice read {sheet.name}: {sum(1 for _ in csv.reader(fh)) - 1} rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/budgetlens-review"))
