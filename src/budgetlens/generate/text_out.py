"""The document as plain text, tables as tab-separated lines (the layout of the text reader).

WHY: the gate audits the model before any file is written by reading this text with the same
reader, extractor and auditor a published document goes through, so "what the audit would say"
is the auditor's own verdict, not a second implementation of it.
"""

from __future__ import annotations

from .doc import DocModel, GenTable

_CN = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 103 → 一百零三, 120 → 一百二十 (section and table numbering: a 决算 with
    a 绩效自评表 per project runs past 表九十九)."""
    if n <= 10:
        return _CN[n - 1]
    if n < 100:
        return ("" if n < 20 else _CN[n // 10 - 1]) + "十" + (_CN[n % 10 - 1] if n % 10 else "")
    rest = n % 100
    tail = "" if not rest else ("零" + _CN[rest - 1] if rest < 10 else
                                ("一" if rest < 20 else "") + cn_number(rest))
    return _CN[n // 100 - 1] + "百" + tail


def table_title(t: GenTable) -> str:
    return f"表{cn_number(t.number)}：{t.title}"


def table_lines(t: GenTable) -> list[str]:
    """Title, unit line, one tab-separated line per grid row, then the note."""
    lines = [table_title(t), t.unit_line]
    for row in t.rows():
        lines.append("\t".join(c.text if c else "" for c in row))
    if t.note:
        lines.append(f"注：{t.note}")
    return lines


def section_heading(i: int, title: str) -> str:
    return f"{cn_number(i)}、{title}"


def render_text(model: DocModel) -> str:
    lines = [model.title, ""]
    for part in model.parts:
        lines += [part.title, ""]
        for i, s in enumerate(part.sections, 1):
            lines.append(section_heading(i, s.title))
            lines += list(s.paragraphs)
            lines.append("")
        for t in part.tables:
            lines += table_lines(t) + [""]
    return "\n".join(lines) + "\n"
