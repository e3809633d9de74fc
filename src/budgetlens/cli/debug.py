"""``budgetlens debug FILE --page N [-o page.png] [--format text|json]``: what was read on a page.

Why: when a figure is misread, the person fixing it (a developer, or a reviewer filing a report)
needs to see what the reader saw on that page — its rulings, text lines, table boxes with their
column and row edges — and which standard table extraction took each table for. The page model is
:class:`budgetlens.read.page_view.PageView`; this command adds the document-level view (tables
joined over pages, their recognised role and reading doubts) that only the whole pipeline knows.
PDF only: other formats have no page image, and ``extract --format table`` shows their grids.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, NoReturn, Optional, TypedDict

import typer

from ..model import BBox, Result, Table
from ..pipeline import process
from ..read.detect import detect_format
from ..read.page_view import PageOutOfRange, PageView, open_page
from ..read.pdf_debug import draw_page, view_data
from ..read.settings import DEFAULT_READ, ReadSettings
from .common import LANG_OPTION, READ_SETTING_OPTION, read_settings
from .messages import one, say


class TableOnPage(TypedDict):
    """One document table with a part on the page (the JSON form's ``document_tables`` entry)."""

    table: int
    role: str
    title: str
    pages: list[int]
    doubts: list[str]
    rows: int
    cols: int
    bbox: Optional[BBox]
    label: str


def debug_command(
    file: Path = typer.Argument(..., help="PDF 文件 / a PDF file"),
    page: int = typer.Option(..., "--page", "-p", min=1, help="页码（从1起）/ page number (1-based)"),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="把页面及读取结果画成 PNG / draw the page and what was read as PNG"),
    format: str = typer.Option("text", "--format", "-f", help="text | json"),
    scale: float = typer.Option(2.0, "--scale", min=0.25, max=8.0, help="PNG 缩放 / PNG scale"),
    lang: str = LANG_OPTION,
    read_setting: Optional[List[str]] = READ_SETTING_OPTION,
) -> None:
    """查看某页读取结果：文字行、表格线、表格与识别出的表名，可画成图片。
    Show what was read on one PDF page (lines, rulings, tables and their recognised roles); -o
    draws it on the page image.

    Exit 0 when the page was read, 2 when the file or page cannot be.
    """
    if format not in ("text", "json"):
        raise typer.BadParameter(say(lang, "unknown-format-of", value=format,
                                     allowed="text, json"), param_hint="--format")
    read = read_settings(read_setting, lang)
    view = _open(file, page, lang, read or DEFAULT_READ)
    result = process(str(file), audit=False, read=read)
    tables = document_tables(result, page)
    if format == "json":
        data = view_data(view)
        data["document_tables"] = tables
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1, default=list))
    else:
        typer.echo(summary(view, tables, lang))
    if output is not None:
        labels = [(t["bbox"], t["label"]) for t in tables if t["bbox"] is not None]
        try:
            draw_page(view, str(output), scale, labels)
        except OSError as exc:
            typer.echo(say(lang, "cannot-write", path=output, reason=exc), err=True)
            raise typer.Exit(2)
        typer.echo(say(lang, "debug-drawn", out=output))


def _open(file: Path, page: int, lang: str, settings: ReadSettings = DEFAULT_READ) -> PageView:
    """The page view, or a one-line refusal (exit 2) naming why not."""
    if not file.is_file():
        _refuse(lang, "debug-no-file", path=file)
    try:
        kind = detect_format(str(file)).format
    except OSError as exc:
        _refuse(lang, "cannot-read", path=file, reason=exc)
    if kind != "pdf":
        _refuse(lang, "debug-not-pdf", path=file, kind=kind or "?")
    try:
        return open_page(str(file), page, settings)
    except PageOutOfRange as exc:
        _refuse(lang, "debug-no-page", path=file, page=page, count=exc.count)
    except Exception as exc:  # PDFium cannot open it: corrupt, encrypted
        _refuse(lang, "cannot-read", path=file, reason=exc)


def _refuse(lang: str, key: str, **fields: object) -> NoReturn:
    typer.echo(say(lang, key, **fields), err=True)
    raise typer.Exit(2)


def document_tables(result: Result, page: int) -> list[TableOnPage]:
    """The document's tables with a part on ``page``: their number (表N of the reports), the role
    extraction gave them, reading doubts, and the box of their cells on this page."""
    if result.document is None:
        return []
    info = {t.index: t for t in (result.disclosure.tables if result.disclosure else ())}
    out: list[TableOnPage] = []
    for table in result.document.tables:
        if page not in (table.pages or (table.page,)):
            continue
        meta = info.get(table.index)
        role = meta.role if meta and meta.role else "unrecognised"
        doubts = [d.cause for d in meta.reading] if meta else []
        label = " ".join([f"T{table.index + 1}", role, *doubts])
        out.append({"table": table.index + 1, "role": role, "title": meta.title if meta else "",
                    "pages": list(table.pages or (table.page,)), "doubts": doubts,
                    "rows": table.n_rows, "cols": table.n_cols,
                    "bbox": _box_on_page(table, page), "label": label})
    return out


def _box_on_page(table: Table, page: int) -> Optional[BBox]:
    """The union of the table's cell boxes printed on ``page`` (its own box when one page)."""
    boxes = [c.bbox for c in table.cells
             if c.bbox is not None and (c.page if c.page is not None else table.page) == page]
    if not boxes:
        return table.bbox if table.page == page and not table.pages[1:] else None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def summary(view: PageView, tables: list[TableOnPage], lang: str) -> str:
    """The text form: counts, then one line per table found on the page and per document table."""
    lines = [one(lang, "debug-page", path=view.path, page=view.number, width=round(view.width, 1),
                 height=round(view.height, 1), chars=len(view.chars), words=len(view.words),
                 lines=len(view.lines), rulings=len(view.rulings), tables=len(view.tables))]
    for i, t in enumerate(view.tables, 1):
        kind = one(lang, "debug-ruled" if t.grid is not None else "debug-aligned")
        box = ", ".join(f"{v:.1f}" for v in t.bbox)
        lines.append(f"  [{i}] {kind} {t.n_rows}×{t.n_cols} ({box})")
    for d in tables:
        doubts = f" · {', '.join(d['doubts'])}" if d["doubts"] else ""
        pages = "-".join(str(p) for p in (d["pages"][0], d["pages"][-1])) if d["pages"][1:] \
            else str(d["pages"][0])
        lines.append(one(lang, "debug-table", n=d["table"], role=d["role"], title=d["title"],
                         pages=pages, rows=d["rows"], cols=d["cols"]) + doubts)
    return "\n".join(lines)
