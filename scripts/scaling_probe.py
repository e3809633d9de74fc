#!/usr/bin/env python3
"""How each stage's work grows with the size of one page: steps at 1×, 2×, 4×, 8× (issue #13).

Why: an HTML or text file is one page, so any check that asks every passage of the page about
every change is quadratic in the file, and a long file (a fuzz case of duplicated bytes, a long
municipal report published as one web page) runs past the per-file CPU bound. Timing is noisy on a
shared machine; this counts **steps** instead — the function calls cProfile records (a generator
resuming is one), deterministic for one input and one tree (the hash seed is fixed) — for each
stage as the pipeline chains them (read, extract, imply, audit's checks, qualify, merge), and
fits the exponent ``b`` of ``steps ∝ size**b`` over the sizes (1 linear, 2 quadratic). It then
lists the functions whose own call count grows fastest between the two largest sizes: where a
stage's growth comes from.

The page: ``--blocks N`` numbered blocks of a budget explanation made here, each with distinct
figures (a change with its reason in place, one with its parts, one list announced by a change
with its items and, every other block, the reason closing it, an unexplained 三公 change, a
sentence without figures), written as one text page wrapped at 36 characters; or ``--repeat FILE``,
the bytes of FILE repeated (the shape of the fuzz mutation ``bytes.duplicate``).

Usage:
  PYTHONPATH=src python scripts/scaling_probe.py [--blocks 40] [--sizes 1,2,4,8] [--top 15]
  PYTHONPATH=src python scripts/scaling_probe.py --repeat ../shared/corpus/html/X.html
"""

from __future__ import annotations

import argparse
import cProfile
import math
import os
import pstats
import sys
import tempfile
from pathlib import Path
from typing import Callable

if os.environ.get("PYTHONHASHSEED") != "0":  # set iteration order decides where any() stops
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable, *sys.argv])

from budgetlens import pipeline  # noqa: E402
from budgetlens.extract import extract  # noqa: E402
from budgetlens.imply import imply  # noqa: E402
from budgetlens.read import read_document  # noqa: E402
from budgetlens.reconcile.confidence import qualify  # noqa: E402
from budgetlens.reconcile.engine import evaluate  # noqa: E402
from budgetlens.reconcile.merge import merge_findings  # noqa: E402
from budgetlens.rules.catalogue import load_rules  # noqa: E402

STAGES = ("read", "extract", "imply", "checks", "qualify", "merge")
WRAP = 36


def block(i: int) -> list[str]:
    """One numbered block of a budget explanation, its figures distinct from every other block's
    (so no two blocks print the same sentence)."""
    d1, d2, e1 = 100 + i, 50 + i, 20 + i
    d, total = d1 + d2, 5000 + 7 * i
    out = [f"（{i}）第{i}项工作情况",
           f"一般公共预算财政拨款支出{3000 + i}.00万元，比上年增加{40 + i}.50万元，增长{i % 9 + 1}.2%，"
           f"主要原因是新增第{i}项工作任务。",
           f"基本支出{1000 + i}.00万元，比上年减少{10 + i}.00万元，其中：工资福利支出{800 + i}.00万元，"
           f"比上年减少{5 + i}.00万元；商品和服务支出{200 + i}.00万元，比上年减少{5 + i}.00万元。",
           f"2026年收支总预算{total}.00万元，比上年增加{d}.00万元，其中：",
           f"1.收入预算增加{d}.00万元，其中一般公共预算收入增加{d1}.00万元，政府性基金预算收入增加{d2}.00万元。",
           f"2.支出预算增加{d}.00万元，其中基本支出减少{e1}.00万元，项目支出增加{d + e1}.00万元。"]
    if i % 2 == 0:
        out.append(f"3.收支预算增加的主要原因，一是新增第{i}个信息化建设项目，项目支出增加；二是人员调出，基本支出减少。")
    out += [f"“三公”经费预算{60 + i}.00万元，比上年减少{2 + i % 7}.00万元。",
            f"本部门坚持厉行节约，严格执行第{i}项管理制度，加强内部控制。"]
    return out


def made_page(blocks: int) -> str:
    """A budget explanation of ``blocks`` blocks as one text page, wrapped as a page prints."""
    paragraphs = ["某某局2026年部门预算", "一、部门预算情况说明"]
    for i in range(1, blocks + 1):
        paragraphs += block(i)
    return "\n".join(p[k:k + WRAP] for p in paragraphs for k in range(0, len(p), WRAP)) + "\n"


def _counted(fn: Callable, *args):
    """``fn(*args)`` under cProfile: its result, its steps and calls per function."""
    profile = cProfile.Profile()
    value = profile.runcall(fn, *args)
    stats = pstats.Stats(profile)
    per = {f"{Path(k[0]).name}:{k[2]}": v[1] for k, v in stats.stats.items()}  # type: ignore[attr-defined]
    return value, sum(per.values()), per


def steps(path: str) -> tuple[dict[str, int], dict[str, int]]:
    """Steps of each stage for one file, chained as the pipeline does, and calls per function."""
    rules = tuple(load_rules())
    out: dict[str, int] = {}
    functions: dict[str, int] = {}

    def run(stage: str, fn: Callable, *args):
        value, n, per = _counted(fn, *args)
        out[stage] = n
        for name, calls in per.items():
            functions[name] = functions.get(name, 0) + calls
        return value

    with pipeline._fewer_collections():
        document, _ = run("read", read_document, path)
        disclosure, _ = run("extract", extract, document)
        disclosure, _ = run("imply", imply, disclosure)
        result = run("checks", evaluate, disclosure, rules)
        findings = run("qualify", qualify, result.findings, disclosure, rules)
        run("merge", merge_findings, findings, rules)
    return out, functions


def exponent(sizes: list[int], counts: list[int]) -> float:
    """Least-squares slope of log(count) on log(size)."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(c, 1)) for c in counts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else 0.0


def _inputs(args: argparse.Namespace, sizes: list[int], folder: Path) -> list[str]:
    paths = []
    for k in sizes:
        if args.repeat:
            path = folder / f"repeat{k}{Path(args.repeat).suffix}"
            path.write_bytes(Path(args.repeat).read_bytes() * k)
        else:
            path = folder / f"page{k}.txt"
            path.write_text(made_page(args.blocks * k), encoding="utf-8")
        paths.append(str(path))
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--blocks", type=int, default=40, help="blocks of the 1× page")
    parser.add_argument("--repeat", help="repeat this file's bytes instead of making a page")
    parser.add_argument("--sizes", default="1,2,4,8")
    parser.add_argument("--top", type=int, default=15, help="functions listed by growth")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        paths = _inputs(args, sizes, Path(tmp))
        steps(paths[0])  # what is loaded once (rules, gazetteers, compiled patterns): not counted
        runs = [steps(p) for p in paths]
    print("| stage | " + " | ".join(f"{k}×" for k in sizes) + " | exponent |")
    print("|---|" + "---|" * (len(sizes) + 1))
    for stage in STAGES + ("total",):
        counts = [sum(r[0].values()) if stage == "total" else r[0][stage] for r in runs]
        print(f"| {stage} | " + " | ".join(f"{c:,}" for c in counts)
              + f" | {exponent(sizes, counts):.2f} |")
    last, before = runs[-1][1], runs[-2][1]
    ratio = sizes[-1] / sizes[-2]
    growth = sorted(((math.log(last[f] / before[f]) / math.log(ratio), last[f], f)
                     for f in last if before.get(f) and last[f] >= 1000), reverse=True)
    print(f"\nFunctions by growth of their calls, {sizes[-2]}× → {sizes[-1]}× (at least 1,000 calls):")
    for b, n, name in growth[:args.top]:
        print(f"  {b:5.2f}  {n:>12,}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
