"""One self-contained HTML page per run, as a reviewer reads it: findings grouped into items (one
broken table row or text line is one item, however many checks it broke), each with an anchor,
links to its pages, its evidence quoted and the rule's 整改建议; items holding only notes (info:
rounding differences and the like) folded away; checks that could not be assessed and reading
diagnostics shown, folded, so nothing the audit knows is hidden.

Why page links are ``file:`` URIs with ``#page=N``: the report sits next to the documents it
audited, and browsers' PDF viewers (and Acrobat) open a PDF at the page the fragment names.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Sequence

from ..model import Evidence, Finding, Result, Severity, Status
from .items import Item, group_items
from .labels import (DOUBTED, advice_text, cause_text, describe_result, error_text,
                     evidence_name, finding_message, role_name, split_findings, stated_expected, t,
                     where)

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;max-width:70em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-bottom:.2em}
h3{font-size:1em;margin:.2em 0}
.item{border-left:4px solid #999;padding:.4em .8em;margin:.8em 0;background:#fafafa}
.f{margin:.4em 0 .4em .4em}
.error{border-color:#c0392b}.warning{border-color:#e6a700}.info{border-color:#2980b9}
.sev{font-weight:bold;text-transform:uppercase;font-size:.8em;margin-right:.6em}
.sev.error{color:#c0392b}.sev.warning{color:#9c5700}.sev.info{color:#1f4e78}
.rule{font-family:monospace;color:#555}.ev{font-size:.9em;margin:.2em 0 0 1em}
.advice{margin:.2em 0 0 1em;color:#1e5e2e}
a.anchor{color:#999;text-decoration:none;margin-left:.4em}
blockquote{margin:.2em 0 .2em 1em;padding-left:.6em;border-left:2px solid #ddd;color:#444}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2em .5em}
details{margin:.6em 0}summary{cursor:pointer;color:#555}
.doubt{border-left:4px dashed #8e44ad;padding:.2em .6em}
"""


def render_audit(results: Sequence[Result], lang: str = "zh") -> str:
    title = escape(t(lang, "report_title"))
    parts = [f"<!DOCTYPE html><html lang=\"{'en' if lang == 'en' else 'zh-CN'}\"><head>"
             f"<meta charset=\"utf-8\"><title>{title}</title>"
             f"<style>{_CSS}</style></head><body><h1>{title}</h1>"]
    parts.append(_summary_table(results, lang))
    for d, r in enumerate(results, 1):
        parts.append(f"<h2 id=\"doc-{d}\">{escape(r.file)}</h2>")
        if r.status != Status.OK:
            parts.append(f"<p class=\"item error\">{escape(t(lang, 'failed'))}: "
                         f"{escape(error_text(r, lang))}</p>")
            continue
        parts.append(f"<p>{escape(describe_result(r, lang))}</p>")
        parts += _document_body(r, d, lang)
    parts.append("</body></html>")
    return "\n".join(parts)


def _document_body(r: Result, d: int, lang: str) -> list[str]:
    """The items (problems first, notes folded), then what could not be assessed and the
    reading diagnostics, each folded."""
    own, doubted = split_findings(r.audit.findings if r.audit else ())
    items = group_items(own)
    if not items and not doubted:
        out = [f"<p>{escape(t(lang, 'no_findings'))}</p>"]
    elif not items:
        out = []
        out = [f"<p>{escape(t(lang, 'no_findings'))}</p>"]
    else:
        problems = [(n, i) for n, i in enumerate(items, 1) if i.severity != Severity.INFO]
        notes = [(n, i) for n, i in enumerate(items, 1) if i.severity == Severity.INFO]
        out = [_item(r, d, n, item, lang) for n, item in problems]
        if notes:
            out.append(f"<details><summary>{escape(t(lang, 'notes_folded', n=len(notes)))}"
                       "</summary>" + "".join(_item(r, d, n, i, lang) for n, i in notes)
                       + "</details>")
    return out + _doubted(doubted, lang) + _not_assessable(r, lang) + _diagnostics(r, lang)


def _doubted(doubted: dict, lang: str) -> list[str]:
    """读取存疑 findings apart (the table's reading fails its own checks), a heading per cause."""
    if not doubted:
        return []
    n = sum(len(v) for v in doubted.values())
    out = [f"<h3>{escape(t(lang, 'unverified'))} ({n})</h3>"]
    for cause, group in doubted.items():
        out.append(f"<h4><code>{escape(cause)}</code> ({len(group)}): "
                   f"{escape(cause_text(cause, lang))}</h4>")
        out += [f"<div class=\"doubt\">{_finding(f, lang)}</div>" for f in group]
    return out


#: What the summary table counts per document, in its column order.
_COUNTED = (Severity.ERROR, Severity.WARNING, Severity.INFO, DOUBTED)


def _summary_table(results: Sequence[Result], lang: str) -> str:
    rows = []
    for d, r in enumerate(results, 1):
        counts = {s: 0 for s in _COUNTED}
        for f in (r.audit.findings if r.audit else ()):
            counts[DOUBTED if f.cause else f.severity] += 1
        status = t(lang, "ok") if r.status == Status.OK else t(lang, "failed")
        n_items = len(group_items(split_findings(r.audit.findings)[0])) if r.audit else 0
        rows.append(f"<tr><td><a href=\"#doc-{d}\">{escape(r.file)}</a></td><td>{status}</td>"
                    + "".join(f"<td>{counts[s]}</td>" for s in counts)
                    + f"<td>{n_items}</td></tr>")
    keys = ("file", "status", *_COUNTED, "items")
    head = "".join(f"<th>{escape(t(lang, k))}</th>" for k in keys)
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _page_link(r: Result, page: int, lang: str) -> str:
    label = escape(t(lang, "page", n=page))
    if (r.disclosure and r.disclosure.format or "").lower() != "pdf":
        return label
    try:
        uri = Path(r.file).resolve().as_uri()
    except ValueError:  # a relative path that cannot be made absolute: no link
        return label
    return f"<a href=\"{escape(uri)}#page={page}\">{label}</a>"


def _item_place(item: Item, lang: str) -> str:
    """Where the item is: the table row (表5 第14行) or the text line, or the whole document."""
    kind = item.key[0]
    if kind == "table":
        return f"{t(lang, 'table', n=item.key[1] + 1)} {t(lang, 'row', n=item.key[2] + 1)}"
    if kind == "text":
        page = t(lang, "page", n=item.key[1]) + " " if item.key[1] else ""
        return page + t(lang, "line", n=item.key[2])
    return t(lang, "whole_document")


def _item(r: Result, d: int, n: int, item: Item, lang: str) -> str:
    anchor = f"doc-{d}-item-{n}"
    pages = " ".join(_page_link(r, p, lang) for p in item.pages)
    head = (f"<h3><span class=\"sev {item.severity}\">{escape(t(lang, item.severity))}</span>"
            f"{n}. {escape(_item_place(item, lang))} · {pages}"
            f"<a class=\"anchor\" href=\"#{anchor}\">#</a></h3>")
    body = "".join(_finding(f, lang) for f in item.findings)
    return f"<section class=\"item {item.severity}\" id=\"{anchor}\">{head}{body}</section>"


def _finding(f: Finding, lang: str) -> str:
    values = stated_expected(f, lang)
    sv = ("<div>" + " · ".join(f"{escape(label)}: <b>{escape(value)}</b>" for label, value in values)
          + "</div>") if values else ""
    ev = "".join(_evidence(e, lang) for e in f.evidence)
    advice = (f"<div class=\"advice\">{escape(t(lang, 'advice'))}："
              f"{escape(advice_text(f, lang))}</div>")
    return (f"<div class=\"f\"><span class=\"sev {f.severity}\">{escape(t(lang, f.severity))}</span>"
            f"<span class=\"rule\">{escape(f.rule)}</span><div>{escape(finding_message(f, lang))}"
            f"</div>{sv}{ev}{advice}</div>")


def _evidence(e: Evidence, lang: str) -> str:
    value = f" = {escape(str(e.value))}" if e.value is not None else ""
    role = f" ({escape(role_name(e.role, lang))})" if e.role else ""
    return (f"<div class=\"ev\">{escape(where(e, lang))} {escape(evidence_name(e, lang))}"
            f" <code>{escape(e.measure)}</code>{value}{role}"
            f"<blockquote>{escape(e.source.text)}</blockquote></div>")


def _not_assessable(r: Result, lang: str) -> list[str]:
    rows = r.audit.not_assessable if r.audit else ()
    if not rows:
        return []
    lis = "".join(f"<li><span class=\"rule\">{escape(a.rule)}</span>: "
                  f"{escape(a.reason_en if lang == 'en' and a.reason_en else a.reason)}</li>"
                  for a in rows)
    return [f"<details><summary>{escape(t(lang, 'not_assessable'))} ({len(rows)})</summary>"
            f"<ul>{lis}</ul></details>"]


def _diagnostics(r: Result, lang: str) -> list[str]:
    if not r.diagnostics:
        return []
    lis = []
    for g in r.diagnostics:
        text = g.message_en if lang == "en" and g.message_en else g.message
        page = f" {t(lang, 'page', n=g.source.page)}" if g.source and g.source.page else ""
        lis.append(f"<li><span class=\"sev {escape(g.severity)}\">{escape(t(lang, g.severity))}"
                   f"</span><span class=\"rule\">{escape(g.code)}</span>{escape(page)}: "
                   f"{escape(text)}</li>")
    return [f"<details><summary>{escape(t(lang, 'diagnostics'))} ({len(lis)})</summary>"
            f"<ul>{''.join(lis)}</ul></details>"]
