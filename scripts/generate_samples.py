"""Render the pages shown in docs/generate.md: documents budgetlens generate writes, beside a
published document of the same template. Pages are rendered with poppler's pdftoppm (as the issue
asks; poppler-utils in scripts/system-packages.txt), in grey at 50 dpi to keep the repository light.

    PYTHONPATH=src python scripts/generate_samples.py            # writes docs/generate/*.png

Also writes docs/generate/example_budget_workbook.xlsx, the example template workbook filled with
the synthetic input (12 项 rows).

Generated: seed 003 (重庆 黔江, chongqing template) through read → extract; seed 002's 绩效自评表 from
its extract JSON with a supplied reason (--supply); the 烟台住建局 绩效目标表; 西安卫健委's 绩效自评表 with
its 实际完成值 in words (a draft: refused as published); the synthetic input of
tests/generate/synthetic.py as a national budget (a function table long enough to run over pages),
a Shanghai budget (tables in 元) and a Jiangsu budget (公开表 set). Published references of the same
templates: ../shared/corpus/pdf/chongqing_jxw_2026_yusuan_textlayout.pdf, shanghai_putuo_wanli_2025_
yusuan.pdf, jiangsu_gjfy_2019_yusuan.pdf.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pdfplumber

from checkout import ROOT, checkout_module

SHARED = ROOT.parent / "shared"
OUT = ROOT / "docs" / "generate"
#: published pages shown beside the generated ones: (file, pages, stem)
PUBLISHED = (("chongqing_jxw_2026_yusuan_textlayout.pdf", (3, 7, 12), "published-chongqing-jxw"),
             ("shanghai_putuo_wanli_2025_yusuan.pdf", (14,), "published-shanghai-wanli"),
             ("jiangsu_gjfy_2019_yusuan.pdf", (10,), "published-jiangsu-gjfy"))


def render(pdf_path: Path, pages: list[int], stem: str, dpi: int = 50) -> list[Path]:
    """One PNG per page with pdftoppm (``-singlefile`` names it exactly ``<stem>-p<n>.png``)."""
    out = []
    for n in pages:
        target = OUT / f"{stem}-p{n}"
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", "-f", str(n),
                        "-l", str(n), str(pdf_path), str(target)], check=True)
        out.append(target.with_suffix(".png"))
    return out


def page_with(pdf_path: Path, text: str) -> int:
    """The first page whose text holds ``text`` (a table title)."""
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            if text in (page.extract_text() or "").replace(" ", ""):
                return page.page_number
    raise ValueError(f"{text!r} is on no page of {pdf_path.name}")


def _synthetic(tmp: Path, template: str, title: str, stem: str) -> None:
    from budgetlens.generate import generate, load_inputs

    synthetic = checkout_module("tests/generate/synthetic.py")
    synthetic_input, write_input = synthetic.synthetic_input, synthetic.write_input

    inputs, _ = load_inputs(write_input(tmp, synthetic_input(), f"{template}.json"), template=template)
    result = generate(inputs, tmp / template, ["pdf"], check=False)
    assert not result.refused, [f.line() for f in result.gate.errors]
    n = page_with(result.written["pdf"], title)
    render(result.written["pdf"], [1, n, n + 1] if template == "national" else [n], stem)


def _yantai(tmp: Path) -> None:
    """The 绩效目标表 round trip of the 烟台住建局 2026 budget (corpus/wide, its extract JSON,
    --correct: 总体目标 and text indicators taken from the source's cells) beside its page 37."""
    from budgetlens.generate import generate, load_inputs
    from budgetlens.pipeline import process
    from budgetlens.report import EXTRACT_RENDERERS

    source = SHARED / "corpus" / "wide" / "shandong_yantai_zjj_2026_yusuan.pdf"
    if not source.exists():
        return
    path = tmp / "yantai.json"
    path.write_text(EXTRACT_RENDERERS["json"]([process(str(source))], "zh"), encoding="utf-8")
    inputs, _ = load_inputs(path)
    result = generate(inputs, tmp / "yantai", ["pdf"], check=False, correct=True)
    print("烟台住建局:", "refused" if result.refused else result.written["pdf"])
    if not result.refused:
        render(result.written["pdf"], [page_with(result.written["pdf"], "绩效目标表（城市更新城市体检）")],
               "yantai-zjj")
        render(source, [37], "published-yantai-zjj")


def _seed002_self_eval(tmp: Path) -> None:
    """Seed 002 (a 决算) from its extract JSON, with the officer's --supply answer to its refusal:
    its 绩效自评表 (项目 named as printed, indicators, 预算执行率, 总分)."""
    from budgetlens.generate import generate, load_inputs, supply_template
    from budgetlens.generate.supply import apply_supply
    from budgetlens.pipeline import process
    from budgetlens.report import EXTRACT_RENDERERS

    supplied = checkout_module("tests/generate/supplied.py")
    path = tmp / "002.json"
    seed = sorted((SHARED / "seeds").glob("002_*.txt"))[0]
    path.write_text(EXTRACT_RENDERERS["json"]([process(str(seed))], "zh"), encoding="utf-8")
    inputs, _ = load_inputs(path)
    asked = generate(inputs, tmp / "asked", ["pdf"], check=False, correct=True)
    answer = tmp / "supply.toml"
    answer.write_text(supplied.fill(supply_template(asked), supplied.OFFICER_REASON, supplied.gap(asked)),
                      encoding="utf-8")
    inputs, _ = load_inputs(path)
    apply_supply(inputs, answer)
    result = generate(inputs, tmp / "002", ["pdf"], check=False, correct=True)
    print("seed 002:", "refused" if result.refused else result.written["pdf"])
    if not result.refused:
        render(result.written["pdf"], [page_with(result.written["pdf"], "绩效自评表（")], "seed002-self-eval")


def _xian_self_eval(tmp: Path) -> None:
    """西安卫健委 2022 决算汇总 (corpus/pdf) from its extract JSON: the 绩效自评表 of 2022年病媒生物防制,
    its 实际完成值 in words (国家标准范围之内, 全年, 长期) from the JSON's cells, beside the published
    page 55. A draft: as published the document fails its own audit (总分 not the sum of the rows)."""
    from budgetlens.generate import generate, load_inputs
    from budgetlens.pipeline import process
    from budgetlens.report import EXTRACT_RENDERERS

    source = SHARED / "corpus" / "pdf" / "shaanxi_xian_wjw_2022_juesuan_huizong.pdf"
    if not source.exists():
        return
    path = tmp / "xian.json"
    path.write_text(EXTRACT_RENDERERS["json"]([process(str(source), audit=False)], "zh"), encoding="utf-8")
    inputs, _ = load_inputs(path)
    result = generate(inputs, tmp / "xian", ["pdf"], check=False, draft=True)
    render(result.written["pdf"], [page_with(result.written["pdf"], "绩效自评表（2022年病媒生物防制）")],
           "xian-wjw-self-eval")
    render(source, [55], "published-xian-wjw")


def _performance(tmp: Path) -> None:
    """The 绩效 forms with indicator rows: 烟台's round trip, seed 002's 绩效自评表 and a synthetic
    决算's 绩效自评表."""
    from budgetlens.generate import generate, load_inputs

    synthetic = checkout_module("tests/generate/synthetic.py")
    _yantai(tmp)
    _seed002_self_eval(tmp)
    _xian_self_eval(tmp)
    inputs, _ = load_inputs(synthetic.write_input(tmp, synthetic.synthetic_input(kind="final"), "final.json"))
    result = generate(inputs, tmp / "final", ["pdf"], check=False)
    render(result.written["pdf"], [page_with(result.written["pdf"], "绩效自评表（政务数据共享平台运维）")],
           "synthetic-final-self-eval")


def main() -> None:
    from budgetlens.generate import generate, load_inputs
    from budgetlens.generate.workbook import write_template

    synthetic = checkout_module("tests/generate/synthetic.py")
    synthetic_input, write_input = synthetic.synthetic_input, synthetic.write_input

    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm not found: install poppler-utils")
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        seed = sorted((SHARED / "seeds").glob("003_*.txt"))[0]
        inputs, _ = load_inputs(seed)
        result = generate(inputs, Path(tmp) / "seed", ["pdf"], check=False)
        print("seed 003:", "refused" if result.refused else result.written["pdf"])
        if not result.refused:
            render(result.written["pdf"], [1, 2, 3, 4], "seed003")
        _synthetic(Path(tmp), "national", "一般公共预算支出表", "synthetic")
        _synthetic(Path(tmp), "shanghai", "部门支出总表", "synthetic-shanghai")
        _synthetic(Path(tmp), "jiangsu", "财政拨款收支总表", "synthetic-jiangsu")
        _performance(Path(tmp))
        example, _ = load_inputs(write_input(Path(tmp), synthetic_input(n_items=12), "example.json"))
        write_template(OUT / "example_budget_workbook.xlsx", inputs=example)
    for name, pages, stem in PUBLISHED:
        path = SHARED / "corpus" / "pdf" / name
        if path.exists():
            render(path, list(pages), stem)
    for p in sorted(OUT.glob("*.png")):
        print(p.relative_to(ROOT), p.stat().st_size)


if __name__ == "__main__":
    main()
