"""Render the pages shown in docs/generate.md: documents budgetlens generate writes, beside a
published document of the same template. Pages are rendered with PDFium (pypdfium2; poppler's
pdftoppm is not a dependency), at a small scale to keep the repository light.

    PYTHONPATH=src python scripts/generate_samples.py            # writes docs/generate/*.png

Also writes docs/generate/example_budget_workbook.xlsx, the example template workbook filled with
the synthetic input (12 项 rows).

Inputs: seed 003 (重庆 黔江, chongqing template) through read → extract, and the synthetic input
of tests/generate/synthetic.py (national template, a function table long enough to run over
pages); the published reference is ../shared/corpus/pdf/chongqing_jxw_2026_yusuan_textlayout.pdf.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OUT = ROOT / "docs" / "generate"
sys.path.insert(0, str(ROOT))


def render(pdf_path: Path, pages: list[int], stem: str, scale: float = 0.8) -> list[Path]:
    pdf = pdfium.PdfDocument(str(pdf_path))
    out = []
    for n in pages:
        if n <= len(pdf):
            path = OUT / f"{stem}-p{n}.png"
            pdf[n - 1].render(scale=scale).to_pil().convert("L").save(path, optimize=True)
            out.append(path)
    return out


def main() -> None:
    from budgetlens.generate import generate, load_inputs
    from budgetlens.generate.workbook import write_template
    from tests.generate.synthetic import synthetic_input, write_input

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        seed = sorted((SHARED / "seeds").glob("003_*.txt"))[0]
        inputs, _ = load_inputs(seed)
        result = generate(inputs, Path(tmp) / "seed", ["pdf"])
        print("seed 003:", "refused" if result.refused else result.written["pdf"])
        if not result.refused:
            render(result.written["pdf"], [1, 2, 3, 4], "seed003")
        inputs, _ = load_inputs(write_input(Path(tmp), synthetic_input()))
        result = generate(inputs, Path(tmp) / "syn", ["pdf"])
        render(result.written["pdf"], [2, 4, 5, 6], "synthetic")
        example, _ = load_inputs(write_input(Path(tmp), synthetic_input(n_items=12), "example.json"))
        write_template(OUT / "example_budget_workbook.xlsx", inputs=example)
    published = SHARED / "corpus" / "pdf" / "chongqing_jxw_2026_yusuan_textlayout.pdf"
    if published.exists():
        render(published, [3, 7, 12], "published-chongqing-jxw")
    for p in sorted(OUT.glob("*.png")):
        print(p.relative_to(ROOT), p.stat().st_size)


if __name__ == "__main__":
    main()
