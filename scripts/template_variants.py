#!/usr/bin/env python3
"""How reading generalises to layouts neither corpus holds (issue #8, docs/accuracy.md
"Templates neither corpus holds").

Why: the benchmark documents come from templates budgetlens was developed on; a reviewer's next
batch will not. This script takes real documents' figures — the standard-table totals of a
labelled dev document (only those its benchmark labels confirm) and its function 类 rows as
extracted — and prints them again as the standard tables (收入总表, 支出总表, 一般公共预算支出表,
“三公”经费表) in layout variants the corpora do not hold: columns permuted, 元 instead of 万元,
header wordings from the aliases of rules/tables.toml and new plausible ones, merged multi-level
headers, no rulings, tables split over pages with and without their header repeated, 类 rows
without codes, DOCX and XLSX. It reads each rendered file with the library pipeline and reports
per variant the share of the printed key facts read back with the right measure, basis and
value, and for each miss whether the table was not recognised or the column was not read.

The files are written with the project's own writers (budgetlens.generate: PDF via reportlab,
DOCX via python-docx, XLSX via openpyxl) from the generate stage's document model; the two
layouts that writer never produces (no rulings; a split table without its header repeated) are
drawn here with reportlab directly. It measures; it asserts nothing.

``--wordings heldout`` prints the tables instead in the held-out wordings of
benchmark/variants/heldout_wordings.toml (variants heldout1…N, wording k of every title and
column), kept apart from the recogniser's development and measured only at the end, and checks
the file's titles of the other standard tables and its near misses by title alone.
``--wordings heldout3`` prints the third held-out set (benchmark/variants/heldout3_wordings.toml,
session 9) in the layouts its ``[[layout]]`` entries name (元/千元, comparison groups 上年执行数 /
本年预算数 / 增减额 / 增减%, column orders, DOCX/XLSX, no rulings) and reads its ``[[sentence]]``
entries with the narrative reader (scripts/variant_sentences.py). Each variant also counts the
current-year facts read on a printed measure with a value printed nowhere for it.

``--fit`` draws the tables without rulings with the generator's column widths and wrapped cells
(scripts/variant_pdf.py) instead of equal widths, in which long labels and headers run over
their cells; those variants are named ``…_fit``.

Usage: python scripts/template_variants.py [--docs ID,...] [--variants a,b] [--json out.json]
       [--keep DIR] [--misses] [--wordings heldout|heldout3] [--fit]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from bench_labels import load_all, load_split
from variant_tables import (ECON_PREFIX, HELDOUT_SETS, SPECS, build_economic, build_table,
                            heldout_count, heldout_specs, load_heldout)

from budgetlens.generate.doc import DocModel, GenPart

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Variant:
    """One layout: how the same figures are printed."""

    name: str
    zh: str
    fmt: str = "pdf"            # pdf | docx | xlsx
    wording: str = "base"       # base | alias | novel
    permute: bool = False       # value columns in another order (合计 last)
    yuan: bool = False          # 元 with two decimals instead of 万元
    merged: bool = False        # two-level headers with merged group cells
    codes: bool = True          # 类 rows with their codes
    rules: bool = True          # ruling lines (grid)
    split: str = ""             # "" | repeat | norepeat: the table continues over a page break
    own: bool = False           # drawn by variant_pdf (equal column widths) even with rules
    heldout: int = -1           # >= 0: the tables in held-out wording k (heldout_wordings.toml)
    unit: str = ""              # 万元 | 元 | 千元 (overrides yuan)
    compare: tuple = ()         # (prior, current, change, pct) group words: comparison columns
    econ: str = ""              # base | novel: only a 基本支出表 by economic class names, no codes
    fit: bool = False           # drawn by variant_pdf with the generator's widths, texts wrapped


VARIANTS = (
    Variant("base", "基准版式（万元、表线、常见表头、PDF）"),
    Variant("docx", "同上，DOCX", fmt="docx"),
    Variant("xlsx", "同上，XLSX", fmt="xlsx"),
    Variant("permuted", "列序调换（合计列置后）", permute=True),
    Variant("yuan", "金额单位元", yuan=True),
    Variant("alias", "表题与列名取 tables.toml 别名", wording="alias"),
    Variant("novel", "表题与列名用语料未见的说法", wording="novel"),
    Variant("merged", "多级合并表头", merged=True),
    Variant("novel_merged", "语料未见的说法 + 多级合并表头", wording="novel", merged=True),
    Variant("no_codes", "类行不印科目编码", codes=False),
    Variant("own_grid", "对照：本脚本自绘 PDF（有表线、等宽列），同下两种的基线", fmt="pdf", own=True),
    Variant("no_rules", "无表线", rules=False),
    Variant("split_repeat", "表格跨页、续页重复表头", split="repeat"),
    Variant("split_norepeat", "表格跨页、续页不重复表头", split="norepeat"),
    Variant("hard", "组合：列序调换 + 元 + 别名 + 多级表头 + 无表线", permute=True, yuan=True,
            wording="alias", merged=True, rules=False),
    Variant("hard_docx", "组合（DOCX）：列序调换 + 元 + 别名 + 多级表头", fmt="docx", permute=True,
            yuan=True, wording="alias", merged=True),
    Variant("compare_alias_xlsx", "别名 + 列序调换 + 上年/本年分组（XLSX）", fmt="xlsx", wording="alias",
            merged=True, permute=True, compare=("上年预算", "本年预算", "增减变动", "变动率")),
    Variant("compare_no_rules", "别名 + 无表线 + 上年/本年分组", wording="alias", merged=True,
            rules=False, compare=("{prior}年执行", "本年预算", "增减变动", "增减比例")),
    Variant("econ_base", "基本支出表按经济分类、只印名称（参考名称）", econ="base"),
    Variant("econ_novel", "基本支出表按经济分类、只印名称（另一种说法）", econ="novel"),
    Variant("compare", "千元 + 上年/本年分组 + 增减（额、率）列", unit="千元", merged=True,
            compare=("上年预算", "{year}年预算", "增减变动", "变动率")),
    Variant("compare_docx", "同上，DOCX，列序调换", fmt="docx", unit="千元", merged=True,
            permute=True, compare=("{prior}年预算数", "本年预算", "增减变动", "变动率")),
)
TOLERANCE = Decimal("0.0051")


def _doc_scope(fact) -> bool:
    return ":unit:" not in fact.scope


def source_data(doc) -> tuple[dict[str, Decimal], list[tuple[str, str]]]:
    """The figures to print: ``{measure: value}`` of non-zero current-year facts of the
    document's own scope whose value a benchmark label of the same key confirms (totals) or that
    are function 类 rows (codes of three digits), and the 类 rows' (code, name) in code order."""
    from budgetlens.pipeline import process

    result = process(str(doc.source_path))
    labelled = defaultdict(set)
    for lab in doc.facts:
        if lab.basis == "current" and not lab.scope:
            labelled[lab.measure].add(lab.value)
    data: dict[str, Decimal] = {}
    rows: dict[str, str] = {}
    for f in result.disclosure.facts if result.disclosure else ():
        if f.basis != "current" or not _doc_scope(f) or f.origin != "table" \
                or f.measure in data or not f.value:
            continue  # a 0.00 (a 类 a summary lists with nothing in it) is no key fact
        parts = f.measure.split(".")
        code = next((p for p in parts if p.isdigit()), "")
        if code and len(code) == 3 and f.measure.startswith(("expense.function.",
                                                             "expense.general.function.")):
            data[f.measure] = f.value
            if f.label and code not in rows:
                name = f.label.split(" / ")[0].replace(code, "").strip(" 　")
                rows[code] = re.sub(r"^[\d一二三四五六七八九十]+[、.．]\s*", "", name)  # list no.
        elif not code and any(abs(f.value - v) <= TOLERANCE for v in labelled.get(f.measure, ())):
            data[f.measure] = f.value
        elif f.measure.startswith(ECON_PREFIX) and f.measure[len(ECON_PREFIX):].isdigit() \
                and len(f.measure[len(ECON_PREFIX):]) in (3, 5):
            data[f.measure] = f.value  # economic 类/款 rows of the 基本支出表 (econ variants)
    return data, sorted(rows.items())


def build_model(doc, data, rows, v: Variant, specs=SPECS) -> DocModel:
    """The generate stage's document model holding the standard tables of this variant."""
    if v.econ:
        t = build_economic(data, 1, doc.year, v)
        tables = [t] if t is not None else []
    else:
        tables = [t for n, spec in enumerate(specs, 1)
                  if (t := build_table(spec, n, data, rows, v)) is not None]
    part = GenPart("第二部分 部门预算公开表", (), tuple(tables))
    return DocModel(title=f"某单位{doc.year}年部门预算（版式变体 {v.name}）", unit="某单位",
                    year=doc.year, kind=doc.kind, level=doc.level, template="variant",
                    parts=[part])


def render(model: DocModel, v: Variant, path: Path) -> None:
    if v.fmt == "docx":
        from budgetlens.generate.docx_out import write_docx
        write_docx(model, path)
    elif v.fmt == "xlsx":
        from budgetlens.generate.xlsx_out import write_xlsx
        write_xlsx(model, path)
    elif v.rules and not v.split and not v.own:
        from budgetlens.generate.pdf_out import write_pdf
        write_pdf(model, path)
    else:
        from variant_pdf import write_plain_pdf
        write_plain_pdf(model, path, rules=v.rules, repeat=v.split != "norepeat",
                        push_down=bool(v.split), fit=v.fit)


def measure_variant(model: DocModel, v: Variant, path: Path) -> dict:
    """Read the rendered file back; per printed key fact: read or not, and why not."""
    from budgetlens.pipeline import process

    render(model, v, path)
    result = process(str(path))
    facts = result.disclosure.facts if result.disclosure else ()
    infos = result.disclosure.tables if result.disclosure else ()
    got = defaultdict(list)
    for f in facts:
        if f.basis == "current" and _doc_scope(f):
            got[f.measure].append(f.value)
    rows = []
    for t in model.tables():
        recognised = any(i.role and _same_title(i.title, t.title) for i in infos)
        for c in t.value_cells():
            ok = any(abs(x - c.value) <= TOLERANCE for x in got.get(c.measure, ()))
            kind = "row" if any(p.isdigit() for p in c.measure.split(".")) else "total"
            cause = "" if ok else ("table not recognised" if not recognised else
                                   "value differs" if got.get(c.measure) else "column/row not read")
            rows.append({"table": t.title, "measure": c.measure, "kind": kind, "read": ok,
                         "cause": cause, "header": c.text})
    printed = defaultdict(list)
    for t in model.tables():
        for c in t.value_cells():
            printed[c.measure].append(c.value)
    wrong = [(m, str(x)) for m, xs in got.items() if m in printed for x in xs
             if not any(abs(x - p) <= TOLERANCE for p in printed[m])]
    return {"variant": v.name, "status": result.status, "facts": rows, "wrong": wrong,
            "roles": [(i.title, i.role) for i in infos]}


def _same_title(read: str, printed: str) -> bool:
    flat = "".join(read.split())
    return printed in flat or flat.endswith(printed)


def _ratio(rows) -> str:
    n = sum(r["read"] for r in rows)
    return f"{100 * n / len(rows):5.1f}% ({n}/{len(rows)})" if rows else "   –"


def report(results: list[dict], misses: bool, variants=VARIANTS) -> dict:
    by_variant = defaultdict(list)
    for r in results:
        by_variant[r["variant"]].append(r)
    summary = {}
    print(f"{'variant':16s} {'docs':>4s}  {'key facts read':22s} {'totals':22s} {'类 rows':22s} causes")
    for v in variants:
        runs = by_variant.get(v.name, [])
        if not runs:
            continue
        facts = [f for r in runs for f in r["facts"]]
        causes = defaultdict(int)
        for f in facts:
            if not f["read"]:
                causes[f["cause"]] += 1
        wrong = [w for r in runs for w in r.get("wrong", ())]
        summary[v.name] = {"documents": len(runs), "read": sum(f["read"] for f in facts),
                           "of": len(facts), "causes": dict(causes), "wrong": len(wrong)}
        if wrong:
            causes["current facts of another value"] = len(wrong)
        print(f"{v.name:16s} {len(runs):4d}  {_ratio(facts):22s} "
              f"{_ratio([f for f in facts if f['kind'] == 'total']):22s} "
              f"{_ratio([f for f in facts if f['kind'] == 'row']):22s} "
              + ", ".join(f"{k} {n}" for k, n in sorted(causes.items())))
        if misses:
            missed = defaultdict(int)
            for f in facts:
                if not f["read"]:
                    missed[(f["table"], f["measure"].split(".function.")[0], f["cause"])] += 1
            for (table, measure, cause), n in sorted(missed.items()):
                print(f"    {n:3d} × {table} {measure} — {cause}")
    return summary


def heldout_titles(held: dict) -> dict:
    """The held-out titles of the other standard tables, recognised by title alone as the reader
    does (aliases, then terms), and its near misses (none may be taken for a standard table)."""
    from budgetlens.extract.table_role import find_family, normalise_title
    from budgetlens.extract.table_terms import term_family
    from budgetlens.rules.table_layouts import load_table_layouts

    layouts = load_table_layouts()

    def family(title: str):
        n = normalise_title(title, layouts)
        found, _ = find_family(n, "", layouts)
        found = found or (term_family(n, "", layouts) if "表" in n else None)
        return found.name if found else None

    rows = [(t, e["family"], family(t)) for e in held.get("title", []) for t in e["titles"]]
    standard = {e["family"] for e in held.get("title", [])} | {"summary", "income", "expense",
                                                              "gpb_expense", "three_public"}
    misses = [(t, family(t)) for e in held.get("near_miss", []) for t in e["titles"]]
    right = sum(got == want for _, want, got in rows)
    taken = [(t, got) for t, got in misses if got in standard]
    print(f"held-out titles of other standard tables: {right}/{len(rows)} right, "
          f"{sum(got is not None and got != want for _, want, got in rows)} wrong; "
          f"near misses taken for a standard table: {len(taken)}/{len(misses)}")
    for t, want, got in rows:
        if got != want:
            print(f"    {t}: {got or 'unrecognised'} (want {want})")
    for t, got in taken:
        print(f"    near miss {t}: taken for {got}")
    return {"titles": rows, "near_misses": misses}


def heldout_variants(held: dict, name: str) -> list[Variant]:
    """The variants of a held-out set: wording k of every list, in the layout its k-th
    ``[[layout]]`` names (format, unit, column order, comparison groups), if it names any."""
    layouts = held.get("layout", [])
    out = []
    for k in range(heldout_count(held)):
        lay = layouts[k % len(layouts)] if layouts else {}
        out.append(Variant(f"{name}_{k + 1}" if layouts else f"heldout{k + 1}",
                           lay.get("zh", f"留出用语 {k + 1}"), fmt=lay.get("fmt", "pdf"),
                           heldout=k, merged=True, unit=lay.get("unit", ""),
                           permute=lay.get("permute", False), rules=lay.get("rules", True),
                           compare=tuple(lay.get("compare", ()))))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", help="comma-separated document ids (default: the dev part)")
    ap.add_argument("--variants", help="comma-separated variant names (default: all)")
    ap.add_argument("--json", help="write per-document results and the summary here")
    ap.add_argument("--keep", help="keep the rendered files in this folder")
    ap.add_argument("--misses", action="store_true", help="list the misses per table and cause")
    ap.add_argument("--wordings", choices=tuple(HELDOUT_SETS),
                    help="print the tables in the held-out wordings (measure at the end only)")
    ap.add_argument("--fit", action="store_true",
                    help="draw tables without rulings with the generator's column widths and "
                         "wrapped cells (default: equal widths, long texts run over their cell)")
    args = ap.parse_args(argv)
    held = load_heldout(HELDOUT_SETS[args.wordings]) if args.wordings else None
    split = load_split()
    wanted = set(args.docs.split(",")) if args.docs else None
    docs = [d for d in load_all() if (d.doc_id in wanted if wanted else split[d.doc_id] == "dev")]
    variants = [v for v in VARIANTS if not args.variants or v.name in args.variants.split(",")]
    if held is not None:
        variants = heldout_variants(held, args.wordings)
    if args.fit:
        variants = [replace(v, fit=True, name=f"{v.name}_fit") if not v.rules else v
                    for v in variants]
    out_dir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="variants_"))
    out_dir.mkdir(parents=True, exist_ok=True)
    results = []
    for doc in docs:
        data, rows = source_data(doc)
        for v in variants:
            v = replace(v, compare=tuple(w.format(year=doc.year, prior=doc.year - 1)
                                         for w in v.compare))
            specs = heldout_specs(held, v.heldout) if v.heldout >= 0 else SPECS
            model = build_model(doc, data, rows, v, specs)
            if not model.tables():
                continue
            path = out_dir / f"{doc.doc_id}__{v.name}.{v.fmt}"
            results.append({"doc": doc.doc_id, **measure_variant(model, v, path)})
    summary = report(results, args.misses, variants)
    if held is not None:
        summary["titles"] = heldout_titles(held)
    if held is not None and held.get("sentence"):
        from variant_sentences import measure_sentences
        summary["sentences"] = measure_sentences(held["sentence"], args.misses)
    if args.json:
        Path(args.json).write_text(json.dumps({"summary": summary, "runs": results},
                                              ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
