#!/usr/bin/env python3
"""Mutation harness: does the audit notice when one printed number is wrong?

For each input (seeds and corpus documents by default) the harness reads and extracts it, audits
it, and lists the stated facts that take part in at least one evaluated identity. It then samples
N of them (seedable), perturbs each one alone and re-audits:

* ``--mode fact`` (default): the fact's value in the extracted Disclosure is replaced (implied
  values are re-derived by the engine);
* ``--mode text``: for text inputs, the printed number is rewritten in a copy of the file at the
  fact's line, and the copy is read and extracted again (tests extraction + audit together).

Sampling is stable: each candidate gets a rank from a hash of (seed, document name, measure, basis,
place printed), and a document's sample is its N lowest ranks. So one document's sample does not
depend on the documents before it, and a new check that draws new facts into identities moves a
document's sample only where a new candidate ranks among the N lowest: before/after runs of two
trees mutate the same facts wherever they can (until session 13 one random stream ran through all
documents, so a change of candidates in one document reshuffled every later one).
``--seed 0,1,2`` runs several seeds over one reading of each document.

Every miss is labelled (the count is unchanged: a label explains, it never excuses):
``[implied only]`` — the fact takes part only in checks whose every term is an implied value
(nothing printed beside it can contradict it); ``[inside tolerance]`` — the re-audit notes the
move as a rounding difference (the printed rounding of some identity covers it); ``[quiet]`` —
neither.

Perturbation (chosen to be clearly not a rounding effect): ``v' = v + max(7% of |v|, 20 units of
the last printed digit)``, rounded to the printed decimals (for 元 tables, decimals are those of
the 元 figure). A mutation is *detected* when the re-audit has a new ``error`` or ``warning``
finding whose evidence cites the mutated fact (same measure, basis and source). The harness also
audits every unperturbed document twice and checks the findings are identical (determinism).

    PYTHONPATH=src python scripts/mutation_harness.py                 # seeds + corpus excerpts/html
    PYTHONPATH=src python scripts/mutation_harness.py --pdf -n 15     # add corpus PDFs
    PYTHONPATH=src python scripts/mutation_harness.py --mode text /work/shared/seeds/*.txt
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import re
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Optional

from budgetlens.extract import extract
from budgetlens.extract.numbers import normalize_digits, parse_number
from budgetlens.model import Disclosure, Fact
from budgetlens.read import read_document
from budgetlens.reconcile import evaluate, reconcile
from budgetlens.rules.catalogue import load_rules

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
#: Relative change applied to a number, and the least change in units of its last printed digit.
DEFAULT_REL = Decimal("0.07")
DEFAULT_MIN_UNITS = 20
_NUM = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")


def default_inputs(with_pdf: bool) -> list[Path]:
    paths = sorted((SHARED / "seeds").glob("*.txt"))
    corpus = SHARED / "corpus"
    paths += sorted((corpus / "excerpts").glob("*.txt")) + sorted((corpus / "html").glob("*.htm*"))
    if with_pdf:
        paths += sorted((corpus / "pdf").glob("*.pdf"))
    return paths


def mutate_value(value: Decimal, decimals: int) -> Decimal:
    unit = Decimal(1).scaleb(-decimals)
    delta = max(abs(value) * DEFAULT_REL, unit * DEFAULT_MIN_UNITS)
    return (value + delta).quantize(unit)


def fact_key(f: Fact) -> tuple:
    return (f.measure, f.basis, f.source)


def finding_keys(audit, severities=("error", "warning")) -> set:
    return {(f.rule, f.measure, f.basis, f.stated, f.expected,
             tuple((e.measure, e.basis, e.source) for e in f.evidence))
            for f in audit.findings if f.severity in severities}


def load(path: Path) -> tuple[Optional[Disclosure], float]:
    t0 = time.perf_counter()
    doc, _diags = read_document(str(path))
    if doc is None or doc.scanned:
        return None, 0.0
    disclosure, _ = extract(doc)
    return disclosure, time.perf_counter() - t0


def cites(finding_key: tuple, measure: str, basis: str, line: Optional[int],
          source=None) -> bool:
    for m, b, src in finding_key[5]:
        if m == measure and b == basis and (src == source if source is not None
                                            else src.line == line):
            return True
    return False


def mutate_fact_mode(disclosure: Disclosure, fact: Fact, rules, baseline: set,
                     notes: Optional[set] = None) -> bool:
    """Detected: a new error/warning cites the fact. ``notes`` (the baseline's info keys), when
    given, gets the rules of the new error/warning findings citing it added as ``"by:RULE"``
    and, when there is none, ``"inside"`` if a new info finding cites it (the miss label)."""
    d = fact.decimals
    # a blank cell read as zero becomes a printed (wrong) figure: no longer blank
    new = fact._replace(value=mutate_value(fact.value, d), blank=False)
    facts = tuple(new if f is fact else f for f in disclosure.facts)
    audit, _ = reconcile(dataclasses.replace(disclosure, facts=facts), rules)
    by = {k[0] for k in finding_keys(audit) - baseline
          if cites(k, fact.measure, fact.basis, None, new.source)}
    if notes is not None:
        notes.update(f"by:{r}" for r in by)
        if not by and any(cites(k, fact.measure, fact.basis, None, new.source)
                          for k in finding_keys(audit, ("info",)) - notes):
            notes.add("inside")
    return bool(by)


def stable_sample(candidates: list[Fact], n: int, seed: int, doc: str) -> list[Fact]:
    """The ``n`` candidates of lowest rank, a hash of the seed, the document and where the fact
    is printed: independent of the other documents and of the order of extraction, and moved by
    a new candidate only where it ranks among the lowest ``n``."""
    def rank(f: Fact) -> str:
        s = f.source
        key = f"{seed}\0{doc}\0{f.measure}\0{f.basis}\0{s.page}\0{s.line}\0{s.table}\0" \
              f"{s.row}\0{s.column}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()
    return sorted(candidates, key=rank)[:n]


def mutate_text_mode(path: Path, fact: Fact, rules, baseline: set) -> Optional[bool]:
    """Rewrite the printed number in a copy of the file; None when it cannot be located."""
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    if fact.source.line is None or not (1 <= fact.source.line <= len(lines)):
        return None
    line = lines[fact.source.line - 1]
    span = _locate(line, fact)
    if span is None:
        return None
    start, end, printed = span
    num = parse_number(printed)
    if num is None:
        return None
    new_value = mutate_value(num.value, num.decimals)
    text = f"{new_value:,.{num.decimals}f}" if "," in printed else f"{new_value:.{num.decimals}f}"
    lines[fact.source.line - 1] = line[:start] + text + line[end:]
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        copy.write_text("\n".join(lines), encoding="utf-8")
        disclosure, _ = load(copy)
        if disclosure is None:
            return False
        audit, _ = reconcile(disclosure, rules)
    baseline_local = {(k[0], k[1], k[2], k[3], k[4], tuple((m, b, s._replace(file=str(path)))
                                                           for m, b, s in k[5])) for k in baseline}
    new = {(k[0], k[1], k[2], k[3], k[4], tuple((m, b, s._replace(file=str(path)))
                                                for m, b, s in k[5])) for k in finding_keys(audit)}
    return any(cites(k, fact.measure, fact.basis, fact.source.line) for k in new - baseline_local)


def _locate(line: str, fact: Fact) -> Optional[tuple[int, int, str]]:
    """The span of the printed number that gave the fact (万元 value, or ×10⁴ for 元 tables)."""
    norm = normalize_digits(line)
    targets = {abs(fact.value), abs(fact.value * 10000), abs(fact.value / 10000)}
    spans = []
    for m in _NUM.finditer(norm):
        num = parse_number(m.group().lstrip("+-"))
        if num is not None and abs(num.value) in targets:
            offset = len(m.group()) - len(m.group().lstrip("+-"))
            spans.append((m.start() + offset, m.end(), m.group()[offset:]))
    # a value printed twice on the line (or not at all: 持平, 无) cannot be pinned to this fact
    return spans[0] if len(spans) == 1 else None


def run_document(path: Path, rules, n: int, seeds: list[int], mode: str) -> Optional[dict]:
    """One reading of the document, then each seed's sample mutated: {seed: row}."""
    disclosure, t_extract = load(path)
    if disclosure is None:
        return None
    t0 = time.perf_counter()
    audit, _ = reconcile(disclosure, rules)
    t_audit = time.perf_counter() - t0
    again, _ = reconcile(disclosure, rules)
    stable = [f.to_dict() for f in audit.findings] == [f.to_dict() for f in again.findings]
    evaluation = evaluate(disclosure, rules)
    participants = evaluation.participants
    citable = getattr(evaluation, "citable", participants)  # a tree before session 14: no label
    candidates = [f for f in disclosure.facts if f.origin != "derived" and fact_key(f) in participants]
    baseline, infos = finding_keys(audit), finding_keys(audit, ("info",))
    rows, memo = {}, {}  # a fact drawn by several seeds is mutated once (the move is fixed)
    for seed in seeds:
        detected = tried = 0
        missed: list[str] = []
        alone: dict[str, int] = {}  # rule → mutations only its findings detect
        for fact in stable_sample(candidates, n, seed, path.name):
            if id(fact) not in memo:
                notes = set(infos) if mode == "fact" else None
                memo[id(fact)] = (mutate_fact_mode(disclosure, fact, rules, baseline, notes)
                                  if mode == "fact" else
                                  mutate_text_mode(path, fact, rules, baseline)), notes
            ok, notes = memo[id(fact)]
            by = {x[3:] for x in notes or () if isinstance(x, str) and x.startswith("by:")}
            if len(by) == 1:
                alone[next(iter(by))] = alone.get(next(iter(by)), 0) + 1
            if ok is None:
                continue
            tried += 1
            detected += bool(ok)
            if not ok:
                label = ("implied only" if fact_key(fact) not in citable else
                         "inside tolerance" if notes and "inside" in notes else "quiet")
                missed.append(f"{fact.measure}/{fact.basis}={fact.value}@L{fact.source.line}"
                              f" [{label}]")
        rows[seed] = {"doc": path.name, "facts": len(disclosure.facts),
                      "in_identities": len(candidates), "tried": tried, "detected": detected,
                      "stable": stable, "extract_s": t_extract, "audit_s": t_audit,
                      "missed": missed, "alone": alone}
    return rows


def print_table(rows: list[dict], verbose: bool) -> None:
    head = f"{'document':58} {'facts':>6} {'in-id':>6} {'tried':>6} {'found':>6} {'rate':>6} " \
           f"{'stable':>6} {'audit/extract':>13}"
    print(head)
    print("-" * len(head))
    for r in rows:
        rate = f"{r['detected'] / r['tried']:.0%}" if r["tried"] else "-"
        ratio = f"{r['audit_s'] / r['extract_s']:.1%}" if r["extract_s"] else "-"
        print(f"{r['doc'][:58]:58} {r['facts']:6} {r['in_identities']:6} {r['tried']:6} "
              f"{r['detected']:6} {rate:>6} {str(r['stable']):>6} {ratio:>13}")
        if verbose and r["missed"]:
            print("    missed: " + ", ".join(r["missed"]))
    tried = sum(r["tried"] for r in rows)
    found = sum(r["detected"] for r in rows)
    stable = all(r["stable"] for r in rows)
    ext, aud = sum(r["extract_s"] for r in rows), sum(r["audit_s"] for r in rows)
    print("-" * len(head))
    print(f"TOTAL: {found}/{tried} mutations detected ({found / tried:.1%}); " if tried else
          "TOTAL: no mutation tried; ", end="")
    alone: dict[str, int] = {}
    for r in rows:
        for rule, count in r.get("alone", {}).items():
            alone[rule] = alone.get(rule, 0) + count
    print(f"deterministic on all {len(rows)} documents: {stable}; "
          f"audit time = {aud / ext:.1%} of read+extract" if ext else "")
    if verbose and alone:  # what each check adds: without it, these would be misses
        print("detected by one rule only: " + ", ".join(
            f"{rule} {count}" for rule, count in sorted(alone.items(), key=lambda x: -x[1])))


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("-n", type=int, default=20, help="mutations sampled per document (default 20)")
    ap.add_argument("--seed", default="0",
                    help="a seed, or several separated by commas (one reading, one table each)")
    ap.add_argument("--mode", choices=("fact", "text"), default="fact")
    ap.add_argument("--pdf", action="store_true", help="include corpus PDFs in the default inputs")
    ap.add_argument("-v", "--verbose", action="store_true", help="list missed mutations")
    args = ap.parse_args(argv)
    seeds = [int(x) for x in str(args.seed).split(",") if x.strip()]
    paths = args.paths or default_inputs(args.pdf)
    if args.mode == "text":
        paths = [p for p in paths if p.suffix == ".txt"]
    rules = load_rules()
    by_seed: dict[int, list[dict]] = {s: [] for s in seeds}
    for path in paths:
        rows = run_document(path, rules, args.n, seeds, args.mode)
        for seed, row in (rows or {}).items():
            by_seed[seed].append(row)
    for seed in seeds:
        if len(seeds) > 1:
            print(f"\n== seed {seed}")
        print_table(by_seed[seed], args.verbose)
    return 0 if all(r["stable"] for rows in by_seed.values() for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
