#!/usr/bin/env python3
"""Corpus report: how well extraction and audit do on every corpus document and seed.

Per document it prints the metadata found against the manifest (kind, year, level, region, unit;
✓/✗ — region ✓ when ours is the manifest's division or one under it, unit ✓ when the names are
equal in comparison form), the
standard tables recognised (x of expected), the number of facts, the share of evaluable identities
that hold within rounding (a proxy for extraction accuracy), and the findings per severity. Then the
totals and the findings per rule.

Usage: python scripts/corpus_report.py [--shared ../shared] [--corpus main|wide|all] [--json out.json]
       [--jobs N] [--dir FOLDER] [--findings [SEVERITY]]
       python scripts/corpus_report.py --compare OLD.json NEW.json [--severity SEVERITY]

``--corpus``: ``main`` (default) is the seeds and corpus/manifest.csv; ``wide`` is corpus/wide/
(156 published PDFs with their own manifest.csv, never tuned on); ``all`` is both.
``--dir FOLDER`` reports on a folder outside the project instead (its own manifest.csv with the
columns file, region, year, kind, level, unit, has_tables): the unseen-template set of
docs/accuracy.md, kept outside the repository because its licence is not ours.

``--findings`` lists every finding (of SEVERITY or above, default every one) with its pages, rule,
severity, category, measure, stated and expected, and the cells and lines it stands on; the JSON
carries every finding of every document (``findings``, each with a stable ``key``) whether or not
it is listed. ``--compare OLD.json NEW.json`` reads two such JSON files and prints the findings
gained, lost and changed, matched by key (scripts/corpus_findings.py), without reading anything.

At the end it counts the tables whose reading fails one of its own checks and the 读取存疑
(unverified reading) findings per cause, each listed with its document, rule, the severity it
would carry were the reading sure, pages and stated/expected (docs/accuracy.md, "Reading
confidence").
"""

from __future__ import annotations

import argparse
import csv
import json
import os
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from budgetlens.pipeline import process_many  # noqa: E402
from corpus_findings import at_least, finding_rows, print_compare, print_findings  # noqa: E402

KIND = {"预算": "budget", "决算": "final"}
LEVEL = {"部门": "department", "单位": "unit"}


def load_manifest(shared: Path, folder: str = "corpus") -> dict[str, dict]:
    rows = {}
    with open(shared / folder / "manifest.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows[str(shared / folder / row["file"])] = row
    return rows


def seed_rows(shared: Path) -> dict[str, dict]:
    """The seeds have no manifest; their metadata is known from their titles (see samples/README)."""
    known = {"000": ("2024", "预算"), "001": ("2024", "预算"), "002": ("2020", "决算"),
             "003": ("2024", "预算"), "004": ("2024", "预算")}
    out = {}
    for f in sorted((shared / "seeds").glob("*.txt")):
        year, kind = known.get(f.name[:3], ("", ""))
        out[str(f)] = {"file": f"seeds/{f.name}", "year": year, "kind": kind, "level": "部门",
                       "unit": "", "has_tables": "yes" if f.name.startswith("004") else "no"}
    return out


def expected_roles(metadata) -> tuple[str, ...]:
    """The tables the document's template requires (rules/templates.toml), for documents whose
    manifest says they carry tables. Partial publications (tables-only or attachment files) will
    show misses that are not extraction failures: read them in the per-document lines."""
    from budgetlens.rules.templates import load_templates

    template = load_templates().select(metadata.kind, metadata.level, metadata.template)
    return template.required_tables if template else ()


def check_region(code, wanted: str) -> str:
    """✓ when our region code is the manifest's division or lies under it (same county; same
    prefecture when the manifest stops there), · when the manifest names no known division."""
    from budgetlens.extract.classify_region import region_consistent
    from budgetlens.rules.classify import load_rules
    from budgetlens.rules.reference import load_gazetteer

    gaz = load_gazetteer()
    verdict = region_consistent(code, wanted, gaz, load_rules()) if (wanted and gaz) else None
    return "·" if verdict is None else ("✓" if verdict else "✗")


def check_unit(found, wanted: str) -> str:
    """✓ when our unit name is the manifest's in comparison form (simplified characters, no
    spaces, no （本级） qualifier: ``normalise_unit``), · when the manifest names none."""
    from budgetlens.rules.classify import load_rules
    from budgetlens.extract.classify_unit import normalise_unit

    if not wanted:
        return "·"
    rules = load_rules()
    return "✓" if normalise_unit(found, rules) == normalise_unit(wanted, rules) else "✗"


def check(found, wanted, mapping=None) -> str:
    if not wanted:
        return "·"
    want = mapping.get(wanted, wanted) if mapping else wanted
    return "✓" if str(found) == str(want) else "✗"


def summarise(result, row: dict) -> dict:
    d, a = result.disclosure, result.audit
    md = d.metadata if d else None
    roles = {t.role for t in d.tables if t.role} if d else set()
    expected = expected_roles(md) if (md and row.get("has_tables") == "yes") else ()
    sev = Counter(f.severity for f in a.findings) if a else Counter()
    return {
        "file": row.get("file", result.file), "status": result.status, "error": result.error,
        "kind": check(md.kind if md else None, row.get("kind"), KIND),
        "year": check(md.year if md else None, row.get("year")),
        "level": check(md.level if md else None, row.get("level"), LEVEL),
        "region": check_region(md.region_code if md else None, row.get("region", "")),
        "unit": check_unit(md.unit if md else None, row.get("unit", "")),
        "found": {"kind": md.kind if md else None, "year": md.year if md else None,
                  "level": md.level if md else None, "unit": md.unit if md else None,
                  "region": md.region if md else None, "region_code": md.region_code if md else None},
        "tables": len(d.tables) if d else 0,
        "roles": sorted(roles),
        "expected_found": sum(1 for r in expected if r in roles), "expected": len(expected),
        "missing_roles": [r for r in expected if r not in roles],
        **titled_recognition(result, row),
        "facts": len(d.facts) if d else 0,
        "held": a.identities_held if a else 0, "evaluated": a.identities_evaluated if a else 0,
        "errors": sev.get("error", 0), "warnings": sev.get("warning", 0), "infos": sev.get("info", 0),
        "rules": Counter(f.rule for f in a.findings) if a else Counter(),
        "error_findings": [(f.rule, f.message, f.stated, f.expected) for f in a.findings
                           if f.severity == "error"] if a else [],
        "doubted_tables": Counter(x.cause for t in d.tables for x in t.reading) if d else Counter(),
        "unverified": [(f.cause, f.rule, f.severity_as_read, _pages(f), f.stated, f.expected)
                       for f in a.findings if f.cause] if a else [],
        "identity_failures": [(f.rule, f.severity, _pages(f), f.stated, f.expected)
                              for f in a.findings if f.severity != "info"
                              and f.rule in identity_rule_ids()] if a else [],
        "findings": finding_rows(row.get("file", result.file), a.findings) if a else [],
    }


def titled_recognition(result, row: dict) -> dict:
    """Standard tables by their printed titles (reconcile/form_titles.py: 目录 entries and the
    headings above tables, found in the running text, not by the recogniser) against the tables
    extraction recognised. Keys: ``titled`` (role per expected family), ``titled_missed``
    ((role, page, title) of each family no recognised table has), ``corpus``, ``region``."""
    from budgetlens.reconcile.form_titles import unrecognised_titles

    d = result.disclosure
    expected, missed = unrecognised_titles(d) if d else ({}, [])
    return {"titled": sorted(t.role for t in expected.values()),
            "titled_missed": [(t.role, t.source.page, t.title) for t in missed],
            "corpus": row.get("_corpus", ""), "region_name": row.get("region", "")}


def print_titled_recognition(out: list[dict]) -> None:
    """"standard tables recognised" per corpus, per role and per region, then every miss."""
    def line(label: str, rows: list[tuple[str, bool]]) -> str:
        ok = sum(1 for _, hit in rows if hit)
        pct = f" = {100 * ok / len(rows):.1f}%" if rows else ""
        return f"  {label:<34} {ok}/{len(rows)}{pct}"

    pairs = [(s, role, role not in {m[0] for m in s["titled_missed"]})
             for s in out for role in s["titled"]]
    print("standard tables recognised (titles printed in the text → a table of that role):")
    for key, name in (("corpus", "corpus"), ("role", "role"), ("region_name", "region")):
        groups: dict[str, list[tuple[str, bool]]] = {}
        for s, role, hit in pairs:
            groups.setdefault(role if key == "role" else s[key], []).append((role, hit))
        print(f" by {name}:")
        for label in sorted(groups):
            print(line(label or "-", groups[label]))
    print(line("all", [(r, h) for _, r, h in pairs]))
    misses = [(s["file"], *m) for s in out for m in s["titled_missed"]]
    print(f" misses ({len(misses)}):")
    for file, role, page, title in misses:
        print(f"    {file}  p{page}  {role}  {title}")


def identity_rule_ids() -> frozenset[str]:
    """Ids of the arithmetic identities (rules/identities.toml), as opposed to form checks."""
    import tomllib
    from importlib import resources

    if not hasattr(identity_rule_ids, "ids"):
        data = tomllib.loads(resources.files("budgetlens.rules").joinpath("identities.toml")
                            .read_text(encoding="utf-8"))
        identity_rule_ids.ids = frozenset(r["id"] for r in data.get("rule", []))
    return identity_rule_ids.ids


def _pages(finding) -> str:
    pages = sorted({e.source.page for e in finding.evidence if e.source.page is not None})
    return ",".join(f"p{p}" for p in pages) or "-"


def corpus_rows(shared: Path, corpus: str) -> dict[str, dict]:
    """The manifest rows of ``--corpus`` (main, wide or all), each tagged with its corpus."""
    rows = {} if corpus == "wide" else {**seed_rows(shared), **load_manifest(shared)}
    for row in rows.values():
        row["_corpus"] = "seeds" if row["file"].startswith("seeds/") else "main"
    if corpus != "main":
        rows.update({p: {**r, "_corpus": "wide"}
                     for p, r in load_manifest(shared, "corpus/wide").items()})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--json", help="also write the per-document rows as JSON")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--errors", action="store_true", help="list every error finding")
    ap.add_argument("--failures", action="store_true",
                    help="list every identity that does not hold (error and warning findings of "
                         "rules/identities.toml), with page, stated and expected")
    ap.add_argument("--corpus", choices=("main", "wide", "all"), default="main",
                    help="main: seeds + corpus/manifest.csv; wide: corpus/wide/; all: both")
    ap.add_argument("--dir", help="a folder with its own manifest.csv, reported instead of --corpus")
    ap.add_argument("--findings", nargs="?", const="info", choices=("info", "warning", "error"),
                    help="list every finding of this severity or above (default: all), with its "
                         "evidence cells and lines")
    ap.add_argument("--compare", nargs=2, metavar=("OLD", "NEW"),
                    help="compare two --json files: findings gained, lost and changed (by key)")
    ap.add_argument("--severity", choices=("info", "warning", "error"), default="warning",
                    help="with --compare: the lowest severity compared (default warning)")
    args = ap.parse_args()
    if args.compare:
        print_compare(*args.compare, floor=args.severity)
        return
    shared = Path(args.shared)
    if args.dir:
        folder = Path(args.dir).resolve()
        rows = {p: {**r, "_corpus": folder.name}
                for p, r in load_manifest(folder.parent, folder.name).items()}
    else:
        rows = corpus_rows(shared, args.corpus)
    paths = list(rows)
    out = []
    print(f"{'file':<58} {'st':<5} K Y L R U {'tables':>6} {'std':>6} {'facts':>6} {'ident':>11} {'E/W/I':>9}")
    for result in process_many(paths, audit=True, jobs=args.jobs):
        s = summarise(result, rows[result.file])
        out.append(s)
        ident = f"{s['held']}/{s['evaluated']}" if s["evaluated"] else "-"
        std = f"{s['expected_found']}/{s['expected']}" if s["expected"] else "-"
        print(f"{s['file'][:58]:<58} {s['status']:<5} {s['kind']} {s['year']} {s['level']} {s['region']} "
              f"{s['unit']} {s['tables']:>6} {std:>6} {s['facts']:>6} {ident:>11} "
              f"{s['errors']}/{s['warnings']}/{s['infos']:>3}")
        if s["status"] != "ok":
            print(f"    ↳ {s['error']}")
        if s["region"] == "✗":
            print(f"    ↳ region: {s['found']['region']} ({s['found']['region_code']}), "
                  f"manifest {rows[result.file].get('region')}")
        if s["unit"] == "✗":
            print(f"    ↳ unit: {s['found']['unit']}, manifest {rows[result.file].get('unit')}")
        if s["missing_roles"]:
            print(f"    ↳ missing roles: {', '.join(s['missing_roles'])}")
        if args.errors:
            for rule, msg, stated, expected in s["error_findings"]:
                print(f"    ✗ [{rule}] {msg} (stated {stated}, expected {expected})")
        if args.failures:
            for rule, severity, pages, stated, expected in s["identity_failures"]:
                print(f"    ≠ {severity:<7} {rule:<36} {pages:<12} stated {stated}, expected {expected}")
    print_totals(out)
    print_unverified(out)
    if args.findings:
        print_findings(at_least([f for s in out for f in s["findings"]], args.findings))
    if args.json:
        for s in out:
            s["rules"] = dict(s["rules"])
            s["doubted_tables"] = dict(s["doubted_tables"])
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")


def print_totals(out: list[dict]) -> None:
    def share(key: str) -> str:
        judged = [s for s in out if s[key] in "✓✗"]
        ok = sum(1 for s in judged if s[key] == "✓")
        return f"{ok}/{len(judged)}"

    held = sum(s["held"] for s in out)
    evaluated = sum(s["evaluated"] for s in out)
    pdf = [s for s in out if s["file"].endswith(".pdf")]
    pdf_held, pdf_eval = sum(s["held"] for s in pdf), sum(s["evaluated"] for s in pdf)
    exp_found, exp = sum(s["expected_found"] for s in pdf), sum(s["expected"] for s in pdf)
    print()
    print(f"metadata vs manifest: kind {share('kind')}, year {share('year')}, level {share('level')}, "
          f"region {share('region')}, unit {share('unit')}")
    print(f"standard tables recognised (PDF, expected roles): {exp_found}/{exp}"
          + (f" = {100 * exp_found / exp:.1f}%" if exp else ""))
    print_titled_recognition(out)
    print(f"identities holding: all {held}/{evaluated}"
          + (f" = {100 * held / evaluated:.2f}%" if evaluated else "")
          + f"; PDFs {pdf_held}/{pdf_eval}" + (f" = {100 * pdf_held / pdf_eval:.2f}%" if pdf_eval else ""))
    print(f"facts: {sum(s['facts'] for s in out)}; read failures: "
          f"{sum(1 for s in out if s['status'] != 'ok')}")
    rules = Counter()
    for s in out:
        rules.update(s["rules"])
    print("findings per rule:")
    for rule, n in rules.most_common():
        print(f"  {rule:<40} {n}")
    errors = Counter(rule for s in out for rule, *_ in s["error_findings"])
    print(f"error findings per rule ({sum(errors.values())}):")
    for rule, n in sorted(errors.items()):
        print(f"  {rule:<40} {n}")


def print_unverified(out: list[dict]) -> None:
    """读取存疑 (unverified reading) findings counted per cause and listed under it (issue #8):
    each with its document, rule, the severity its evidence would carry if the reading were
    sure, its pages and stated/expected."""
    from budgetlens.rules.reading import load_causes

    causes = load_causes()
    by_cause: dict[str, list] = {}
    for s in out:
        for cause, rule, was, pages, stated, expected in s["unverified"]:
            by_cause.setdefault(cause, []).append((s["file"], rule, was, pages, stated, expected))
    tables = Counter()
    for s in out:
        tables.update(s["doubted_tables"])
    print("tables whose reading fails one of its own checks, per cause: "
          + (", ".join(f"{c} {n}" for c, n in tables.most_common()) or "none"))
    total = sum(len(v) for v in by_cause.values())
    was = Counter(item[2] for v in by_cause.values() for item in v)
    print(f"读取存疑 / unverified reading findings: {total} "
          f"(as read: {was.get('error', 0)} error, {was.get('warning', 0)} warning), per cause:")
    for cause, items in sorted(by_cause.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        words = causes[cause].zh if cause in causes else cause
        print(f"  {cause:<24} {len(items):>4}  {words}")
        for file, rule, was_sev, pages, stated, expected in items:
            print(f"    ? {file[:56]:<56} {rule:<34} {was_sev:<7} {pages:<10} "
                  f"stated {stated}, expected {expected}")


if __name__ == "__main__":
    main()
