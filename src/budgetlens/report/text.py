"""Terminal renderings (Rich): the audit report grouped by severity, and an extraction table."""

from __future__ import annotations

import io
from typing import Sequence

from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from ..model import Fact, Finding, Result, Severity, Status
from .labels import (cause_text, describe_result, error_text, evidence_name, fact_name,
                     finding_message, role_name, split_findings, stated_expected, t, term, where)

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _console(buf: io.StringIO) -> Console:
    return Console(file=buf, width=120, force_terminal=False, color_system=None, soft_wrap=True)


def render_audit(results: Sequence[Result], lang: str = "zh") -> str:
    buf = io.StringIO()
    con = _console(buf)
    con.print(Text(t(lang, "report_title"), style="bold"))
    for r in results:
        con.rule(r.file)
        if r.status != Status.OK:
            con.print(Text(f"{t(lang, 'failed')}: {error_text(r, lang)}", style="bold red"))
            continue
        con.print(describe_result(r, lang))
        findings, doubted = split_findings(r.audit.findings if r.audit else ())
        if not findings and not doubted:
            con.print(t(lang, "no_findings"))
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            group = [f for f in findings if f.severity == severity]
            if not group:
                continue
            con.print(Text(f"{t(lang, severity)} ({len(group)})", style=_STYLE[severity]))
            for f in group:
                # info findings (rounding-level differences) stay one line: quiet unless asked
                _print_finding(con, f, lang, evidence=severity != Severity.INFO)
        _print_doubted(con, doubted, lang)
        if r.audit:
            a = r.audit
            con.print(f"{t(lang, 'identities')}: {a.identities_held}/{a.identities_evaluated}")
    return buf.getvalue()


def _print_doubted(con: Console, doubted: dict, lang: str) -> None:
    """读取存疑 findings apart from the document's own, counted and listed per cause."""
    if not doubted:
        return
    n = sum(len(v) for v in doubted.values())
    con.print(Text(f"{t(lang, 'unverified')} ({n})", style="magenta"))
    for cause, group in doubted.items():
        con.print(f"  {t(lang, 'cause')} {cause} ({len(group)}): {cause_text(cause, lang)}",
                  markup=False)
        for f in group:
            _print_finding(con, f, lang)


def _print_finding(con: Console, f: Finding, lang: str, evidence: bool = True) -> None:
    loc = where(f.evidence[0], lang) if f.evidence else ""
    con.print(f"  [{f.rule}] {loc}  {finding_message(f, lang)}", markup=False)
    if not evidence:
        return
    values = stated_expected(f, lang)
    if values:
        con.print("      " + "   ".join(f"{label}: {value}" for label, value in values), markup=False)
    for e in f.evidence:
        quote = e.source.text.strip().replace("\n", " ") or t(lang, "blank_cell")
        if len(quote) > 90:
            quote = quote[:88] + "…"
        value = f" = {e.value}" if e.value is not None else ""
        con.print(f"      - {where(e, lang)} {evidence_name(e, lang)}{value}  「{quote}」", markup=False)


def render_extract(results: Sequence[Result], lang: str = "zh") -> str:
    buf = io.StringIO()
    con = _console(buf)
    for r in results:
        con.rule(r.file)
        d = r.disclosure
        if r.status != Status.OK or d is None:  # an ok Result always has its disclosure
            con.print(Text(f"{t(lang, 'failed')}: {error_text(r, lang)}", style="bold red"))
            continue
        con.print(describe_result(r, lang))
        tables = RichTable(t(lang, "page_col"), t(lang, "role"), t(lang, "title"),
                           t(lang, "money_unit"), t(lang, "n_facts"))
        for ti in d.tables:
            n = sum(1 for f in d.facts if f.origin == "table" and f.source.table == ti.index)
            tables.add_row(str(ti.page), role_name(ti.role, lang), ti.title[:40],
                           term(lang, ti.money_unit) if ti.money_unit else "", str(n))
        con.print(tables)
        facts = RichTable(t(lang, "measure"), t(lang, "name"), t(lang, "basis"), t(lang, "value"),
                          t(lang, "source"))
        for f in d.facts:
            facts.add_row(f.measure, fact_name(f.measure, "", lang), term(lang, f.basis) or f.basis,
                          str(f.value), _fact_source(f, lang))
        con.print(facts)
    return buf.getvalue()


def _fact_source(fact: Fact, lang: str) -> str:
    """Where a fact was printed (``p3 T2``, ``p1 L61``); an implied one is marked 推算/derived
    with its derivation and the places of the facts it came from."""
    if fact.origin != "derived":
        src = fact.source
        return f"p{src.page or '-'} " + (f"T{src.table + 1}" if src.table is not None
                                         else f"L{src.line}")
    rule = fact.derivation.rule if fact.derivation else ""
    inputs = ", ".join(f"{term(lang, x.basis) or x.basis} {_fact_source(x, lang)}"
                       if x.origin != "derived" else f"{term(lang, x.basis) or x.basis} "
                       f"{t(lang, 'derived')}" for x in fact.derived_from)
    return f"{t(lang, 'derived')} {rule} ← {inputs}"
