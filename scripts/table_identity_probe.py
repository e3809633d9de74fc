"""Measure table extraction on real files: role recognition and in-table identities.

Usage:  PYTHONPATH=src python scripts/table_identity_probe.py [FILES...] [--list] [--fail]
Default files: ../shared/corpus/pdf/*.pdf and ../shared/corpus/templates/*.pdf.

Recognition: every table whose title names a standard role word (收支/收入/支出/三公/基金/国有资本/
采购/绩效) and prints figures is a *candidate*; the rate is recognised candidates / candidates
(``--list`` prints the unrecognised ones with their titles, to judge by eye).

Identities, per table and basis, on the extracted facts (the auditor's own checks live in
reconcile/; this is a quick independent measurement):
  row     合计 = 基本 + 项目 (+ 经营/上缴/对附属); 合计 = 人员 + 公用; 三公 合计 = 出国 + 车 + 接待,
          车 = 购置 + 运行
          收入总计 = 支出总计 (two-sided summaries)
  tree    类 = Σ 款, 款 = Σ 项 (per column)
  total   合计 = Σ 类 (the component-free column)
A case is evaluable when all its terms were extracted; tolerance is half a unit of the last printed
digit per term. ``--fail`` lists the failing cases.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from budgetlens.extract.classify import classify
from budgetlens.extract.numbers import half_unit, parse_number
from budgetlens.extract.tables import extract_tables
from budgetlens.model import scope_unit
from budgetlens.read import read_document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
CANDIDATE_RE = re.compile(r"(收支|收入|支出|三公|政府性基金|国有资本|政府采购|绩效目标|绩效自评).*表")
ROW_PARTS = [("", ("basic", "project", "operating", "remit_superior", "subsidy_subordinate")),
             ("", ("personnel", "public"))]
THREE_PUBLIC = [("three_public.total", ("three_public.overseas", "three_public.vehicle",
                                        "three_public.reception")),
                ("three_public.vehicle", ("three_public.vehicle_purchase",
                                          "three_public.vehicle_operation"))]
# 合计 = Σ 类 (H2): the total measure of each code prefix (component-free column only).
TOTAL_OF = {"expense.function": "expense.total", "expense.general.function": "expense.general.total",
            "expense.fiscal.function": "expense.fiscal.total",
            "expense.gov_fund.function": "expense.gov_fund.total",
            "expense.soe_capital.function": "expense.soe_capital.total",
            "income.function": "income.total", "expense.general.basic.economic": "expense.general.basic",
            "expense.fiscal.basic.economic": "expense.fiscal.basic"}
BALANCES = [("income.grand_total", "expense.grand_total"),
            ("income.fiscal.total_with_carryover", "expense.fiscal.grand_total")]
CODE_MEASURE_RE = re.compile(r"^(?P<prefix>.+?)\.(?P<code>\d{3}(?:\d{2}){0,2})(?:\.(?P<comp>[a-z_.]+))?$")


def check(total, parts, decimals) -> bool:
    tol = half_unit(decimals) * (len(parts) + 1)
    return abs(total - sum(parts, Decimal(0))) <= tol


def table_cases(facts, tree=True):
    """Yield (kind, description, ok) for each evaluable identity in one table's facts.

    Facts the extractor read alone (scope ``…:row:<n>``: rows whose siblings could not all be
    read) take part in the row identities but in no tree sum, as in the auditor."""
    by_basis = defaultdict(dict)
    tree_basis = defaultdict(dict)
    decimals = defaultdict(lambda: 2)
    for f in facts:
        if f.kind != "money":
            continue
        by_basis[f.basis][f.measure] = f.value
        if ":row:" not in f.scope:
            tree_basis[f.basis][f.measure] = f.value
        decimals[f.basis] = max(decimals[f.basis], f.decimals) if f.basis in decimals else f.decimals
    for basis, values in by_basis.items():
        d = decimals[basis]
        yield from _row_cases(values, d, basis)
        if tree:
            yield from _tree_cases(tree_basis[basis], d, basis)


def _row_cases(values, d, basis):
    rows = defaultdict(dict)
    for m, v in values.items():
        mm = CODE_MEASURE_RE.match(m)
        if mm:
            rows[(mm["prefix"], mm["code"])][mm["comp"] or ""] = v
    for (prefix, code), comps in rows.items():
        if "" not in comps:
            continue
        for _, parts in ROW_PARTS:
            present = [p for p in parts if p in comps]
            if len(present) >= 2 and present[:2] == list(parts[:2]):
                ok = check(comps[""], [comps[p] for p in present], d)
                yield "row", f"{prefix}.{code} [{basis}] = {'+'.join(present)}", ok
    for a, b in BALANCES:
        if a in values and b in values:
            yield "row", f"{a} = {b} [{basis}]", check(values[a], [values[b]], d)
    for total, parts in THREE_PUBLIC:
        if total in values and all(p in values for p in parts):
            yield "row", f"{total} [{basis}]", check(values[total], [values[p] for p in parts], d)


def _tree_cases(values, d, basis):
    series = defaultdict(dict)
    for m, v in values.items():
        mm = CODE_MEASURE_RE.match(m)
        if mm:
            series[(mm["prefix"], mm["comp"] or "")][mm["code"]] = v
    for (prefix, comp), codes in series.items():
        lei = [v for c, v in codes.items() if len(c) == 3]
        if not comp and prefix in TOTAL_OF and TOTAL_OF[prefix] in values and lei:
            yield "total", f"{TOTAL_OF[prefix]} = Σ类 [{basis}]", check(values[TOTAL_OF[prefix]], lei, d)
        for code, v in codes.items():
            if len(code) in (3, 5):
                kids = [c for c in codes if len(c) == len(code) + 2 and c.startswith(code)]
                # 陕西 prints 3010201 under 301 without 30102: the 款 are not all of the 类
                skipped = [c for c in codes if len(c) > len(code) + 2 and c.startswith(code)
                           and not any(c.startswith(k) for k in kids)]
                if kids and not skipped:
                    yield "tree", f"{prefix}.{code}{'.' + comp if comp else ''} [{basis}]", \
                        check(v, [codes[k] for k in kids], d)


def same_table(a, b) -> bool:
    """Whether ``b`` continues ``a`` on the next page (same role, one title inside the other)."""
    ta, tb = a.title.replace(" ", ""), b.title.replace(" ", "")
    return a.role == b.role and bool(ta) and bool(tb) and (ta in tb or tb in ta) and \
        b.page in (a.page, a.page + 1, *(p + 1 for p in a.pages))


def measure(paths):
    """Recognition and identity counts over ``paths`` (see the module docstring)."""
    stats = {"candidates": 0, "recognised": 0, "evaluated": 0, "held": 0,
             "cases": defaultdict(lambda: [0, 0]), "failures": [], "unrecognised": [],
             "roles": defaultdict(int)}
    for path in paths:
        doc, _ = read_document(path)
        if doc is None:
            continue
        meta, _ = classify(doc)
        infos, facts, diags = extract_tables(doc, meta)
        # Tables whose code rows were not all read (a code printed on several rows) cannot be
        # evaluated for the tree identity.
        partial = {d.source.table for d in diags if d.code == "table-duplicate-code" and d.source}
        # A table continued over pages that the reader did not stitch reprints its title: read
        # consecutive tables with the same role and title as one scope.
        scope_of, prev, scope = {}, None, -1
        for info in infos:
            if info.role is None or prev is None or not same_table(prev, info):
                scope = info.index
            scope_of[info.index], prev = scope, info
        # a table broken down by budget unit: each unit's rows are identities of their own
        by_table = defaultdict(lambda: defaultdict(list))
        for f in facts:
            by_table[scope_of[f.source.table]][scope_unit(f.scope)].append(f)
        for info in infos:
            _count_table(stats, path, doc, info, by_table, partial)
    return stats


def _count_table(stats, path, doc, info, by_table, partial):
    has_numbers = any(parse_number(c.text) is not None for c in doc.tables[info.index].cells)
    if info.role:
        stats["roles"][info.role] += 1
    if CANDIDATE_RE.search(info.title.replace(" ", "")) and has_numbers:
        stats["candidates"] += 1
        if info.role:
            stats["recognised"] += 1
        else:
            stats["unrecognised"].append(f"{Path(path).name} t{info.index} p{info.page}: {info.title[:70]}")
    if info.index not in by_table:
        return
    for unit, facts in by_table[info.index].items():
        in_scope = {f.source.table for f in facts}
        for kind, desc, ok in table_cases(facts, tree=not (in_scope & partial)):
            stats["cases"][kind][0] += 1
            stats["cases"][kind][1] += ok
            stats["evaluated"] += 1
            stats["held"] += ok
            if not ok:
                stats["failures"].append(f"{Path(path).name} t{info.index} {info.role} {unit}: "
                                         f"{kind} {desc}")


def probe(paths, show_list=False, show_fail=False):
    s = measure(paths)
    cand, recog = s["candidates"], s["recognised"]
    print(f"files: {len(paths)}  candidate tables: {cand}  recognised: {recog} "
          f"({100 * recog / max(cand, 1):.1f}%)")
    for kind, (n, ok) in sorted(s["cases"].items()) + [("all", (s["evaluated"], s["held"]))]:
        print(f"identities {kind:5}: {ok}/{n} hold ({100 * ok / max(n, 1):.1f}%)")
    print("roles:", dict(sorted(s["roles"].items())))
    if show_list:
        print("\nunrecognised candidates:", *s["unrecognised"], sep="\n  ")
    if show_fail:
        print("\nfailing identities:", *s["failures"], sep="\n  ")


def main(argv):
    flags = {a for a in argv if a.startswith("--")}
    files = [a for a in argv if not a.startswith("--")]
    if not files:
        files = sorted(str(p) for p in (SHARED / "pdf").glob("*.pdf")) + \
            sorted(str(p) for p in (SHARED / "templates").glob("*.pdf"))
    probe(files, "--list" in flags, "--fail" in flags)


if __name__ == "__main__":
    main(sys.argv[1:])
