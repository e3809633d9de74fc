#!/usr/bin/env python3
"""Score budgetlens against the labelled accuracy benchmark (benchmark/labels, docs/accuracy.md).

For every labelled document of the chosen part it runs the pipeline (``budgetlens.pipeline.process``,
the same call as ``budgetlens audit``) and prints:

- key facts: recall (a label is found when the tool emits a fact with the label's measure, basis
  and scope whose value equals the printed value within its displayed precision; unmapped labels,
  ``measure = ""``, are misses) and precision (of the tool's facts for the labelled
  measure/basis/scope keys of that document, the share whose value equals a label of that key);
- findings: recall of the verified defects (a defect is found when an error or warning finding of
  one of its rules names its measure or cites one of its pages) and precision of the error+warning
  findings (matched to a verified defect; the others are either judged false in the label file or
  not reviewed — both count against precision, and are shown apart);

by family (table totals, function 类, 三公, 机关运行经费, changes/percentages, counts), by region and
in total. Never tune on the test part (docs/accuracy.md).

Usage: python scripts/score_benchmark.py [--part dev|test|all] [--json out.json] [--docs ID,...]
       [--jobs N] [--misses]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from bench_labels import FAMILIES, DocLabels, load_all, load_split

SEVERITIES = ("error", "warning")


def unit_of(scope: str) -> str:
    """The budget unit a fact belongs to ('' = the document's own figure)."""
    return scope.split(":unit:", 1)[1] if ":unit:" in scope else ""


def tolerance(decimals_a: int, decimals_b: int) -> Decimal:
    """Half a unit of the coarser of the two displayed precisions."""
    return Decimal(1).scaleb(-min(decimals_a, decimals_b)) / 2 + Decimal("1e-9")


def index_facts(facts) -> dict[tuple, list]:
    out: dict[tuple, list] = defaultdict(list)
    for f in facts:
        out[(f.measure, f.basis, unit_of(f.scope))].append(f)
    return out


def _equal(fact, label) -> bool:
    return abs(fact.value - label.value) <= tolerance(fact.decimals, label.decimals)


def is_independent(label) -> bool:
    """A label read from the page without budgetlens proposing it (docs/accuracy.md)."""
    return "(independent:" in label.checked


def score_facts(doc: DocLabels, facts, per_page: bool = False) -> dict:
    """Per label: found or not (anywhere in the document, and on the label's own page); per
    tool fact of a labelled key: right or wrong. With ``per_page`` a label counts as found only
    when the fact stands on the label's page, so a figure read only where it is printed again
    is visible."""
    index = index_facts(facts)
    labels_by_key: dict[tuple, list] = defaultdict(list)
    rows, emitted = [], []
    for lab in doc.facts:
        key = (lab.measure, lab.basis, lab.scope)
        if lab.measure:
            labels_by_key[key].append(lab)
        hits = [f for f in index.get(key, ()) if _equal(f, lab)] if lab.measure else []
        on_page = any((f.source.page or 1) == lab.page for f in hits)
        rows.append({"family": lab.family, "found": on_page if per_page else bool(hits),
                     "found_on_page": on_page, "independent": is_independent(lab),
                     "measure": lab.measure or "(unmapped)",
                     "basis": lab.basis, "page": lab.page, "printed": lab.printed,
                     "where": lab.where, "description": lab.description})
    for key, labs in labels_by_key.items():
        for f in index.get(key, ()):
            ok = any(_equal(f, lab) for lab in labs)
            emitted.append({"family": labs[0].family, "right": ok, "measure": key[0],
                            "basis": key[1], "value": str(f.value), "page": f.source.page,
                            "text": f.source.text[:80]})
    return {"labels": rows, "emitted": emitted}


def _pages(finding) -> set[int]:
    return {e.source.page or 1 for e in finding.evidence}


def _measures(finding) -> set[str]:
    return {finding.measure} | {e.measure for e in finding.evidence}


def _matches(finding, rules, measure: str, pages) -> bool:
    """Same rule, and the defect's measure (alternatives separated by |) among the finding's
    measures; a defect without a measure matches by page."""
    if finding.rule not in rules:
        return False
    if measure:
        return bool(set(measure.split("|")) & _measures(finding))
    return not pages or bool(_pages(finding) & set(pages))


def score_findings(doc: DocLabels, findings) -> dict:
    """Error+warning findings against verified defects and the judged-false list."""
    rows, found = [], [False] * len(doc.defects)
    for x in findings:
        if x.severity not in SEVERITIES:
            continue
        hit = [i for i, d in enumerate(doc.defects) if _matches(x, d.rules, d.measure, d.pages)]
        for i in hit:
            found[i] = True
        judged = any(_matches(x, (ff.rule,), ff.measure, ff.pages) for ff in doc.false_findings)
        verdict = "real" if hit else ("false" if judged else "unreviewed")
        rows.append({"rule": x.rule, "severity": x.severity, "verdict": verdict,
                     "measure": x.measure, "pages": sorted(_pages(x)), "stated": x.stated,
                     "expected": x.expected})
    defects = [{"family": d.family, "found": ok, "rules": list(d.rules), "pages": list(d.pages),
                "measure": d.measure, "description": d.description}
               for d, ok in zip(doc.defects, found)]
    return {"findings": rows, "defects": defects}


def score_document(doc: DocLabels, per_page: bool = False) -> dict:
    from budgetlens.pipeline import process

    result = process(str(doc.source_path))
    facts = result.disclosure.facts if result.disclosure else ()
    findings = result.audit.findings if result.audit else ()
    out = {"id": doc.doc_id, "region": doc.province, "kind": doc.kind, "level": doc.level,
           "status": result.status}
    out.update(score_facts(doc, facts, per_page))
    out.update(score_findings(doc, findings))
    return out


def _ratio(num: int, den: int) -> dict:
    return {"n": num, "of": den, "value": round(100 * num / den, 1) if den else None}


def summarise(docs: list[dict]) -> dict:
    """Recall/precision of facts and findings, in total, by family and by region."""
    def facts_of(rows_docs) -> dict:
        labels = [r for d in rows_docs for r in d["labels"]]
        emitted = [r for d in rows_docs for r in d["emitted"]]
        out = {"recall": _ratio(sum(r["found"] for r in labels), len(labels)),
               "precision": _ratio(sum(r["right"] for r in emitted), len(emitted))}
        indep = [r for r in labels if r.get("independent")]
        out["independent"] = {
            "recall": _ratio(sum(r["found"] for r in indep), len(indep)),
            "recall_on_page": _ratio(sum(r["found_on_page"] for r in indep), len(indep)),
            "by_family": {fam: _ratio(sum(r["found"] for r in indep if r["family"] == fam),
                                      sum(r["family"] == fam for r in indep))
                          for fam in FAMILIES if any(r["family"] == fam for r in indep)}}
        out["by_family"] = {fam: {
            "recall": _ratio(sum(r["found"] for r in labels if r["family"] == fam),
                             sum(r["family"] == fam for r in labels)),
            "precision": _ratio(sum(r["right"] for r in emitted if r["family"] == fam),
                                sum(r["family"] == fam for r in emitted))} for fam in FAMILIES}
        return out

    def findings_of(rows_docs) -> dict:
        fs = [r for d in rows_docs for r in d["findings"]]
        ds = [r for d in rows_docs for r in d["defects"]]
        return {"defect_recall": _ratio(sum(r["found"] for r in ds), len(ds)),
                "precision": _ratio(sum(r["verdict"] == "real" for r in fs), len(fs)),
                "precision_errors": _ratio(
                    sum(r["verdict"] == "real" for r in fs if r["severity"] == "error"),
                    sum(r["severity"] == "error" for r in fs)),
                "judged_false": sum(r["verdict"] == "false" for r in fs),
                "unreviewed": sum(r["verdict"] == "unreviewed" for r in fs)}

    regions = sorted({d["region"] for d in docs})
    return {"documents": len(docs), "facts": facts_of(docs), "findings": findings_of(docs),
            "by_region": {reg: {"documents": sum(d["region"] == reg for d in docs),
                                "facts": facts_of([d for d in docs if d["region"] == reg]),
                                "findings": findings_of([d for d in docs if d["region"] == reg])}
                          for reg in regions}}


def _pct(r: dict) -> str:
    return "   –  " if r["value"] is None else f"{r['value']:5.1f}% ({r['n']}/{r['of']})"


def print_report(part: str, summary: dict, docs: list[dict], misses: bool,
                 independent: bool = False) -> None:
    f, g = summary["facts"], summary["findings"]
    print(f"== part {part}: {summary['documents']} documents")
    print(f"key facts   recall {_pct(f['recall'])}   precision {_pct(f['precision'])}")
    for fam, r in f["by_family"].items():
        print(f"  {fam:13s} recall {_pct(r['recall']):22s} precision {_pct(r['precision'])}")
    if independent:
        ind = f["independent"]
        print(f"independent labels (read without budgetlens): recall {_pct(ind['recall'])}"
              f"   on the label's own page {_pct(ind['recall_on_page'])}")
        for fam, r in ind["by_family"].items():
            print(f"  {fam:13s} recall {_pct(r)}")
    print(f"findings    defect recall {_pct(g['defect_recall'])}   precision {_pct(g['precision'])}"
          f"   (errors only {_pct(g['precision_errors'])}; judged false {g['judged_false']},"
          f" unreviewed {g['unreviewed']})")
    print("by region:")
    for reg, r in summary["by_region"].items():
        print(f"  {reg:14s} docs {r['documents']:2d}  facts R {_pct(r['facts']['recall']):20s}"
              f" P {_pct(r['facts']['precision']):20s} defects R "
              f"{_pct(r['findings']['defect_recall']):16s} findings P {_pct(r['findings']['precision'])}")
    if misses:
        for d in docs:
            for r in d["labels"]:
                if independent and r["independent"] and r["found"] and not r["found_on_page"]:
                    print(f"  ELSEWHERE {d['id']} p{r['page']} {r['measure']} {r['basis']} "
                          f"{r['printed']} | {r['where'][:60]} (found only on another page)")
                if not r["found"]:
                    tag = "MISS-IND" if r["independent"] else "MISS"
                    print(f"  {tag} {d['id']} p{r['page']} {r['measure']} {r['basis']} "
                          f"{r['printed']} | {r['where'][:60]} {r['description'][:60]}")
            for r in d["emitted"]:
                if not r["right"]:
                    print(f"  WRONG {d['id']} p{r['page']} {r['measure']} {r['basis']} "
                          f"{r['value']} | {r['text'][:60]}")
            for r in d["findings"]:
                if r["verdict"] != "real":
                    print(f"  {r['verdict'].upper()} {d['id']} {r['rule']} {r['severity']} "
                          f"{r['measure']} p{r['pages']} {r['stated']} vs {r['expected']}")
            for r in d["defects"]:
                if not r["found"]:
                    print(f"  UNFOUND-DEFECT {d['id']} {r['rules']} p{r['pages']} "
                          f"{r['description'][:80]}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=("dev", "test", "all"), default="dev")
    ap.add_argument("--json", help="write the per-document and summary figures here")
    ap.add_argument("--docs", help="comma-separated document ids (default: the whole part)")
    ap.add_argument("--misses", action="store_true", help="list misses, wrong facts, findings")
    ap.add_argument("--independent", action="store_true",
                    help="also report recall of the labels read independently of budgetlens")
    ap.add_argument("--per-page", action="store_true",
                    help="a label is found only by a fact on the label's own page")
    args = ap.parse_args(argv)
    split = load_split()
    labelled = load_all()
    wanted = set(args.docs.split(",")) if args.docs else None
    chosen = [d for d in labelled if (args.part == "all" or split.get(d.doc_id) == args.part)
              and (wanted is None or d.doc_id in wanted)]
    results = [score_document(d, args.per_page) for d in chosen]
    summary = summarise(results)
    print_report(args.part, summary, results, args.misses, args.independent)
    if args.json:
        Path(args.json).write_text(json.dumps({"part": args.part, "summary": summary,
                                               "documents": results}, ensure_ascii=False,
                                              indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
