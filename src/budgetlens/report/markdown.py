"""Markdown rendering of an audit (for issue trackers and review notes)."""

from __future__ import annotations

from typing import Sequence

from ..model import Finding, Result, Severity, Status
from .labels import (cause_text, describe_result, error_text, evidence_name, finding_message,
                     split_findings, stated_expected, t, where)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def render_audit(results: Sequence[Result], lang: str = "zh") -> str:
    out = [f"# {t(lang, 'report_title')}", ""]
    for r in results:
        out += [f"## {r.file}", ""]
        if r.status != Status.OK:
            out += [f"**{t(lang, 'failed')}**: {error_text(r, lang)}", ""]
            continue
        out += [describe_result(r, lang), ""]
        findings, doubted = split_findings(r.audit.findings if r.audit else ())
        if not findings and not doubted:
            out += [t(lang, "no_findings"), ""]
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            group = [f for f in findings if f.severity == severity]
            if not group:
                continue
            out += [f"### {t(lang, severity)} ({len(group)})", ""]
            for f in group:
                out += _finding(f, lang)
            out.append("")
        out += _doubted(doubted, lang)
    return "\n".join(out) + "\n"


def _doubted(doubted: dict, lang: str) -> list[str]:
    """读取存疑 findings apart, a sub-heading per cause with its count."""
    if not doubted:
        return []
    out = [f"### {t(lang, 'unverified')} ({sum(len(v) for v in doubted.values())})", ""]
    for cause, group in doubted.items():
        out += [f"#### `{cause}` ({len(group)}): {_cell(cause_text(cause, lang))}", ""]
        for f in group:
            out += _finding(f, lang)
        out.append("")
    return out


def _finding(f: Finding, lang: str) -> list[str]:
    out = [f"- **`{f.rule}`** {_cell(finding_message(f, lang))}"]
    values = stated_expected(f, lang)
    if values:
        out.append("  " + " · ".join(f"{label}: `{value}`" for label, value in values))
    for e in f.evidence:
        value = f" = `{e.value}`" if e.value is not None else ""
        out.append(f"  - {where(e, lang)} {evidence_name(e, lang)}{value} — 「{_cell(e.source.text)[:160]}」")
    return out
