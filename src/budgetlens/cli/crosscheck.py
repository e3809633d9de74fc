"""``budgetlens crosscheck``: checks across documents of one unit, over the library
(docs/cross-document.md).

Thin: open the library → run the stage (budgetlens.crosscheck: resolve unit identities, pair
documents, compare, store the findings) → print the findings with both documents' pages and cells,
as text or JSON → exit code by ``--fail-on``.
"""

from __future__ import annotations

import json
from typing import Optional

import typer

from ..crosscheck import Summary, crosscheck
from ..model import Severity
from ..report.labels import role_name
from ..store.query import Filters, cross_evidence, list_cross_findings
from .common import LANG_OPTION, open_library, require_rules
from .ingest import DB_OPTION
from .messages import say

#: Findings printed at most (all are stored; the API pages through them).
MAX_SHOWN = 10_000
TEXT = {
    "zh": {"summary": "跨文件检查：{documents} 个文件，比较 {pairs} 对、{compared} 个数，发现 {findings} 条"
                      "（{by_severity}）；单位归并变更 {units}；数据库 {db}",
           "where": "第{page}页", "table": "表{table} 行{row} 列{col}", "derived": "推算",
           "not_assessable": "不可评估 {count} 项（缺少对应文件或没有共同列示的数字；--format json 列出）"},
    "en": {"summary": "crosscheck: {documents} documents, {pairs} pairs and {compared} figures "
                      "compared, {findings} "
                      "findings ({by_severity}); unit identities changed {units}; database {db}",
           "where": "p.{page}", "table": "table {table} row {row} col {col}", "derived": "implied",
           "not_assessable": "not assessable: {count} (no counterpart document or no figure "
                             "printed in both; listed by --format json)"},
}


def _place(e: dict, lang: str) -> str:
    t = TEXT[lang]
    parts = [f"{e['source']}"]
    if e.get("page") is not None:
        parts.append(t["where"].format(page=e["page"]))
    if e.get("table_idx") is not None:
        parts.append(t["table"].format(table=e["table_idx"], row=e["row"], col=e["col"]))
    if e.get("derived"):
        parts.append(t["derived"])
    return " ".join(parts)


def findings_text(rows: list[dict], evidence: dict[int, list[dict]], lang: str) -> str:
    """One block per finding: severity, rule and message, then each cited fact's place."""
    out = []
    for r in rows:
        message = r["message_en"] if lang == "en" and r["message_en"] else r["message"]
        out.append(f"[{r['severity']}] {r['rule']}: {message}")
        for e in evidence.get(r["id"], []):
            value = f" = {e['value']}" if e.get("value") is not None else ""
            quote = " ".join((e.get("text") or "").split())[:120]
            out.append(f"    {role_name(e['role'], lang)}{value}: {_place(e, lang)} «{quote}»")
    return "\n".join(out)


def _exit_code(rows: list[dict], fail_on: str) -> int:
    if fail_on == "never":
        return 0
    floor = Severity.ORDER.get(fail_on, 2)
    return 1 if any(Severity.ORDER.get(r["severity"], 0) >= floor for r in rows) else 0


def crosscheck_command(
    db: Optional[str] = DB_OPTION,
    format: str = typer.Option("text", "--format", "-f", help="text | json"),
    min_severity: str = typer.Option("info", "--min-severity",
                                     help="只显示该级别及以上 / show findings at or above: "
                                          "info | warning | error"),
    fail_on: str = typer.Option("error", "--fail-on", help="error | warning | info | never"),
    lang: str = LANG_OPTION,
) -> None:
    """在资料库中做跨文件检查（上年数、年初预算数、预算执行），结果存入数据库并输出。
    Check documents of one unit against each other (prior year, initial budget, execution);
    findings are stored in the library and printed with both documents' pages and cells.

    Exit codes: 0 nothing at or above --fail-on; 1 something was; 2 the database cannot be used.
    """
    lang = lang if lang in TEXT else "zh"
    if format not in ("text", "json"):
        raise typer.BadParameter(say(lang, "unknown-format", value=format), param_hint="--format")
    if min_severity not in Severity.ORDER:
        raise typer.BadParameter(say(lang, "unknown-severity", value=min_severity,
                                     allowed=" | ".join(Severity.ORDER)),
                                 param_hint="--min-severity")
    require_rules(lang, cross=True)
    store = open_library(db, lang)
    try:
        summary = crosscheck(store.engine)
        page = list_cross_findings(store.engine, Filters(), MAX_SHOWN, 0)
        rows = [r for r in page.rows
                if Severity.ORDER.get(r["severity"], 0) >= Severity.ORDER[min_severity]]
        evidence = cross_evidence(store.engine, [r["id"] for r in rows])
    finally:
        store.close()
    _print(summary, rows, evidence, store.where, format, lang)
    raise typer.Exit(_exit_code(page.rows, fail_on))


def _print(summary: Summary, rows: list[dict], evidence: dict, where: str, format: str,
           lang: str) -> None:
    outcome = summary.outcome
    by_sev: dict[str, int] = {}
    for r in outcome.records:
        by_sev[r.severity] = by_sev.get(r.severity, 0) + 1
    if format == "json":
        body = {"database": where, "documents": outcome.documents, "pairs": outcome.pairs,
                "compared": outcome.compared,
                "units_changed": summary.units_changed, "findings_by_severity": by_sev,
                "findings": [dict(r, evidence=evidence.get(r["id"], [])) for r in rows],
                "not_assessable": [{"rule": a.rule, "reason": a.reason,
                                    "reason_en": a.reason_en} for a in outcome.not_assessable],
                "diagnostics": [d.to_dict() for d in outcome.diagnostics]}
        typer.echo(json.dumps(body, ensure_ascii=False, indent=2, default=str))
        return
    t = TEXT[lang]
    if rows:
        typer.echo(findings_text(rows, evidence, lang))
    for d in outcome.diagnostics:
        typer.echo(d.message_en if lang == "en" else d.message, err=True)
    sev = ", ".join(f"{k} {v}" for k, v in sorted(by_sev.items())) or "0"
    typer.echo(t["summary"].format(documents=outcome.documents, pairs=sum(outcome.pairs.values()),
                                   compared=sum(outcome.compared.values()),
                                   findings=summary.stored, by_severity=sev,
                                   units=summary.units_changed, db=where))
    if outcome.not_assessable:
        typer.echo(t["not_assessable"].format(count=len(outcome.not_assessable)))
