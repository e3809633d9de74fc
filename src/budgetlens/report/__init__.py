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
from . import html, json_output, markdown, text

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



def _xlsx(results: Sequence[Result], lang: str = "zh") -> bytes:
    """The 问题台账 (report/xlsx_ledger.py), imported on use: openpyxl is an optional dependency
    (the ``serve`` and ``generate`` extras) and costs its import on every other command."""
    from . import xlsx_ledger

    return xlsx_ledger.render_audit(results, lang)


#: Renderer → the module it needs that an install may lack, and the extra that brings it.
FILE_RENDERER_NEEDS: "MappingProxyType[str, tuple[str, str]]" = MappingProxyType({
    "xlsx": ("openpyxl", "serve"),
})

AUDIT_FILE_RENDERERS: "MappingProxyType[str, FileRenderer]" = MappingProxyType({
    "xlsx": _xlsx,
})
