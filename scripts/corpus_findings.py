"""Every finding of a corpus run as a row, listed and compared between runs (issue #8).

``scripts/corpus_report.py`` counts findings per rule; judging them one by one on the page needs
each finding with its pages, what was expected and stated, and the cells and lines it stands on,
and measuring a fix needs the findings it gained and lost. Session 8 did both with private
scripts; they live here so that any run can be listed and any two runs compared.

A finding's **key** names it across runs without its position in a list: the file, the rule, the
measure and basis it is about, and the pages of its evidence. Stated and expected values are not
part of it, so a finding whose figures move is *changed*, not lost and gained. Two findings of
one document with the same key are told apart by their order of (stated, expected).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Iterable

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def finding_rows(file: str, findings: Iterable) -> list[dict]:
    """The findings of one document as JSON-ready rows, each with its stable ``key``."""
    rows = [_row(file, f) for f in findings]
    rows.sort(key=lambda r: (r["key"], str(r["stated"]), str(r["expected"]), r["severity"]))
    seen: Counter = Counter()
    for row in rows:
        seen[row["key"]] += 1
        if seen[row["key"]] > 1:
            row["key"] = f"{row['key']}#{seen[row['key']]}"
    return rows


def _row(file: str, finding) -> dict:
    """The finding as the JSON output writes it (:meth:`Finding.to_dict`), with its file, the
    pages of its evidence and its key; ``cause`` and ``severity_as_read`` always present."""
    row = finding.to_dict()
    pages = sorted({e["page"] for e in row["evidence"] if e["page"] is not None})
    row.setdefault("cause", "")
    row["severity_as_read"] = str(row.get("severity_as_read") or "")
    key = "|".join((file, finding.rule, finding.measure, str(finding.basis),
                    ",".join(str(p) for p in pages)))
    return {"key": key, "file": file, "pages": pages, **row}


def at_least(rows: Iterable[dict], severity: str) -> list[dict]:
    """The rows of ``severity`` or above (``info`` keeps every row)."""
    floor = SEVERITY_RANK[severity]
    return [r for r in rows if SEVERITY_RANK.get(r["severity"], 0) >= floor]


def _where(e: dict) -> str:
    if e["table"] is not None:
        return f"p{e['page']} t{e['table']} r{e['row']} c{e['column']}"
    return f"p{e['page']} l{e['line']}"


def _short(text: str, width: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_findings(rows: list[dict]) -> None:
    """One line per finding (file, pages, rule, severity, category, stated, expected), then its
    evidence: where (page, table/row/column or line), the quoted text, the value and its role."""
    print(f"findings ({len(rows)}):")
    for r in rows:
        pages = ",".join(f"p{p}" for p in r["pages"]) or "-"
        category = r["category"] + (f"/{r['cause']}" if r["cause"] else "")
        print(f"  {r['severity']:<7} {r['rule']:<32} {r['file']}  {pages}  [{category}] "
              f"{r['measure']} {r['basis']}: stated {r['stated']}, expected {r['expected']}")
        print(f"      {_short(r['message'], 150)}")
        for e in r["evidence"]:
            print(f"      · {_where(e):<18} 「{_short(e['text'])}」 = {e['value']} "
                  f"({e['measure']} {e['basis']} {e['role']})".rstrip())


def load_run(path: str | Path) -> dict[str, dict]:
    """The findings of a ``corpus_report.py --json`` file by key."""
    docs = json.loads(Path(path).read_text(encoding="utf-8"))
    if docs and "findings" not in docs[0]:
        raise SystemExit(f"{path}: no findings in this JSON (written before --findings existed)")
    return {f["key"]: f for d in docs for f in d["findings"]}


def compare(old: dict[str, dict], new: dict[str, dict], floor: str = "warning") -> dict:
    """Findings gained (key only in ``new``), lost (only in ``old``) and changed (same key, another
    severity, stated or expected), each limited to findings at ``floor`` or above in either run."""
    def kept(r: dict | None) -> bool:
        return r is not None and SEVERITY_RANK.get(r["severity"], 0) >= SEVERITY_RANK[floor]

    gained = [new[k] for k in sorted(new.keys() - old.keys()) if kept(new[k])]
    lost = [old[k] for k in sorted(old.keys() - new.keys()) if kept(old[k])]
    changed = [(old[k], new[k]) for k in sorted(old.keys() & new.keys())
               if (kept(old[k]) or kept(new[k])) and _values(old[k]) != _values(new[k])]
    return {"gained": gained, "lost": lost, "changed": changed}


def _values(r: dict) -> tuple:
    return (r["severity"], r["stated"], r["expected"], r["cause"])


def totals(run: dict[str, dict]) -> Counter:
    return Counter(r["severity"] for r in run.values())


def print_compare(old_path: str, new_path: str, floor: str = "warning") -> dict:
    """Totals per severity of both runs, then the findings gained, lost and changed, per rule and
    one by one (at ``floor`` or above)."""
    old, new = load_run(old_path), load_run(new_path)
    diff = compare(old, new, floor)
    to, tn = totals(old), totals(new)
    for sev in ("error", "warning", "info"):
        print(f"{sev:<8} {to.get(sev, 0):>6} → {tn.get(sev, 0):<6}")
    for label in ("gained", "lost"):
        items = diff[label]
        by_rule = Counter(f"{r['severity']} {r['rule']}" for r in items)
        print(f"{label} ({len(items)}): " + ", ".join(f"{k} {n}" for k, n in by_rule.most_common()))
        for r in items:
            print(f"  {'+' if label == 'gained' else '-'} {r['severity']:<7} {r['rule']:<32} "
                  f"{r['file']} {','.join(f'p{p}' for p in r['pages'])} {r['measure']} {r['basis']}: "
                  f"stated {r['stated']}, expected {r['expected']}")
    print(f"changed ({len(diff['changed'])}):")
    for a, b in diff["changed"]:
        print(f"  ~ {a['rule']:<32} {a['file']} {','.join(f'p{p}' for p in a['pages'])} {a['measure']}: "
              f"{a['severity']} {a['stated']}/{a['expected']} → {b['severity']} {b['stated']}/{b['expected']}")
    return diff
