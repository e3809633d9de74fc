"""Stage 4, report: render pipeline Results for people and programs.

Renderers are a registry keyed by format name (``json``, ``text``, ``md``, ``html`` for audits;
``json`` and ``table`` for extraction), declared once here. Each takes a list of Results and a
language and returns a string; file renderers (``xlsx``: the 问题台账) return bytes and need an
output file. The JSON shapes are a documented contract (docs/json-schema.md).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Callable, Sequence

from ..model import Result
from . import html, json_output, markdown, text, xlsx_ledger

Renderer = Callable[[Sequence[Result], str], str]
FileRenderer = Callable[[Sequence[Result], str], bytes]

EXTRACT_RENDERERS: "MappingProxyType[str, Renderer]" = MappingProxyType({
    "json": json_output.render_extract,
    "table": text.render_extract,
})

AUDIT_RENDERERS: "MappingProxyType[str, Renderer]" = MappingProxyType({
    "json": json_output.render_audit,
    "text": text.render_audit,
    "md": markdown.render_audit,
    "html": html.render_audit,
})

AUDIT_FILE_RENDERERS: "MappingProxyType[str, FileRenderer]" = MappingProxyType({
    "xlsx": xlsx_ledger.render_audit,
})
