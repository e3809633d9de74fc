"""One self-contained HTML page per run, each finding with its evidence quoted."""

from __future__ import annotations

from html import escape
from typing import Sequence

from ..model import Result, Severity
from .labels import (cause_text, describe_result, evidence_name, finding_message, split_findings,
                     stated_expected, t, where)

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;max-width:70em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-bottom:.2em}
.f{border-left:4px solid #999;padding:.4em .8em;margin:.6em 0;background:#fafafa}
.error{border-color:#c0392b}.warning{border-color:#e6a700}.info{border-color:#2980b9}
.doubt{border-color:#8e44ad;border-left-style:dashed}
.sev{font-weight:bold;text-transform:uppercase;font-size:.8em;margin-right:.6em}
.rule{font-family:monospace;color:#555}.ev{font-size:.9em;margin:.2em 0 0 1em}
blockquote{margin:.2em 0 .2em 1em;padding-left:.6em;border-left:2px solid #ddd;color:#444}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2em .5em}
"""


def render_audit(results: Sequence[Result], lang: str = "zh") -> str:
    parts = [f"<!DOCTYPE html><html lang=\"{'en' if lang == 'en' else 'zh-CN'}\"><head>"
             f"<meta charset=\"utf-8\"><title>{escape(t(lang, 'report_title'))}</title>"
             f"<style>{_CSS}</style></head><body><h1>{escape(t(lang, 'report_title'))}</h1>"]
    parts.append(_summary_table(results, lang))
    for r in results:
        parts.append(f"<h2>{escape(r.file)}</h2>")
        if r.status != "ok":
            parts.append(f"<p class=\"f error\">{escape(t(lang, 'failed'))}: {escape(r.error or '')}</p>")
            continue
        parts.append(f"<p>{escape(describe_result(r, lang))}</p>")
        own, doubted = split_findings(r.audit.findings if r.audit else ())
        findings = sorted(own, key=lambda f: -Severity.ORDER[f.severity])
        if not findings and not doubted:
            parts.append(f"<p>{escape(t(lang, 'no_findings'))}</p>")
        parts += [_finding(f, lang) for f in findings]
        parts += _doubted(doubted, lang)
    parts.append("</body></html>")
    return "\n".join(parts)


def _doubted(doubted: dict, lang: str) -> list[str]:
    """读取存疑 findings apart, a heading per cause with its count."""
    if not doubted:
        return []
    n = sum(len(v) for v in doubted.values())
    out = [f"<h3>{escape(t(lang, 'unverified'))} ({n})</h3>"]
    for cause, group in doubted.items():
        out.append(f"<h4><code>{escape(cause)}</code> ({len(group)}): "
                   f"{escape(cause_text(cause, lang))}</h4>")
        out += [_finding(f, lang, css="doubt") for f in group]
    return out


def _summary_table(results: Sequence[Result], lang: str) -> str:
    rows = []
    for r in results:
        counts = {s: 0 for s in ("error", "warning", "info", "unverified_reading")}
        for f in (r.audit.findings if r.audit else ()):
            counts["unverified_reading" if f.cause else f.severity] += 1
        status = t(lang, "ok") if r.status == "ok" else t(lang, "failed")
        rows.append(f"<tr><td>{escape(r.file)}</td><td>{status}</td>"
                    + "".join(f"<td>{counts[s]}</td>" for s in counts) + "</tr>")
    head = "".join(f"<th>{escape(t(lang, k))}</th>"
                   for k in ("file", "status", "error", "warning", "info", "unverified_reading"))
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _finding(f, lang: str, css: str = "") -> str:
    values = stated_expected(f, lang)
    sv = ("<div>" + " · ".join(f"{escape(label)}: <b>{escape(value)}</b>" for label, value in values)
          + "</div>") if values else ""
    ev = "".join(
        f"<div class=\"ev\">{escape(where(e, lang))} {escape(evidence_name(e, lang))} <code>{escape(e.measure)}</code>"
        f"{' = ' + escape(str(e.value)) if e.value is not None else ''}"
        f"<blockquote>{escape(e.source.text)}</blockquote></div>" for e in f.evidence)
    return (f"<div class=\"f {css or f.severity}\"><span class=\"sev\">{escape(t(lang, f.severity))}</span>"
            f"<span class=\"rule\">{escape(f.rule)}</span><div>{escape(finding_message(f, lang))}</div>"
            f"{sv}{ev}</div>")
