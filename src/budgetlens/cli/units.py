"""``budgetlens units list | merge A B | split A``: see and correct which stored units are one.

Why a manual command: names are normalised by rules (``rules/units.toml``), but a renamed
department (机构改革) or two units whose names normalise alike need a person's decision. The
decision is stored in the library by printed name and region (``unit_overrides``), so it holds for
documents ingested or reprocessed later. docs/cross-document.md.
"""

from __future__ import annotations

import json
from typing import Optional

import typer

from ..store import StoreError
from ..store.units import identities, merge, resolve_all, split
from .common import LANG_OPTION, open_library
from .ingest import DB_OPTION

app = typer.Typer(name="units", help="单位归并：同一单位跨年度、跨预决算的识别 / unit identity "
                                     "across documents", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)

UNIT_ARG = "单位编号或名称（见 units list） / unit id or printed name (see units list)"
NOTE_OPTION = typer.Option("", "--note", help="说明（记录在库中） / why (kept in the library)")
TEXT = {"zh": {"merged": "已归并：{a} → 与 {b} 为同一单位（编号 {c}）",
               "split": "已拆分：{a} 单独为一个单位（编号 {c}）",
               "docs": "文件", "none": "没有可显示的单位"},
        "en": {"merged": "merged: {a} is now the same unit as {b} (identity {c})",
               "split": "split: {a} is a unit of its own (identity {c})",
               "docs": "documents", "none": "no units to show"}}


def _fail(exc: StoreError, lang: str) -> None:
    typer.echo(exc.text(lang), err=True)
    raise typer.Exit(2)


@app.command("list")
def list_command(db: Optional[str] = DB_OPTION,
                 format: str = typer.Option("text", "--format", "-f", help="text | json"),
                 lang: str = LANG_OPTION) -> None:
    """列出单位身份：每个身份的各种写法及其文件（年度、类型、层级）。
    List unit identities: the printed names of each, and its documents by year, kind and level."""
    lang = lang if lang in TEXT else "zh"
    store = open_library(db, lang)
    try:
        resolve_all(store.engine)
        groups = identities(store.engine)
    finally:
        store.close()
    if format == "json":
        typer.echo(json.dumps(groups, ensure_ascii=False, indent=2))
        return
    if not groups:
        typer.echo(TEXT[lang]["none"])
    for g in groups:
        names = " | ".join(f"{n} [{i}]" for n, i in zip(g["names"], g["unit_ids"]))
        docs = ", ".join(f"{d['year']} {d['kind']} {d['level'] or '?'} ×{d['documents']}"
                         for d in sorted(g["documents"], key=lambda d: (d["year"] or 0,
                                                                        d["kind"] or "")))
        typer.echo(f"{g['id']} ({g['region_code'] or '?'}): {names}"
                   + (f" — {TEXT[lang]['docs']}: {docs}" if docs else ""))


@app.command("merge")
def merge_command(a: str = typer.Argument(..., help=UNIT_ARG),
                  b: str = typer.Argument(..., help=UNIT_ARG),
                  note: str = NOTE_OPTION, db: Optional[str] = DB_OPTION,
                  lang: str = LANG_OPTION) -> None:
    """把单位 A 与单位 B 视为同一单位（记录在库中，重新入库后仍然有效）。
    Record that unit A is unit B (kept in the library; holds after re-ingest)."""
    lang = lang if lang in TEXT else "zh"
    store = open_library(db, lang)
    try:
        ua, ub = merge(store.engine, a, b, note)
    except StoreError as exc:
        _fail(exc, lang)
    finally:
        store.close()
    typer.echo(TEXT[lang]["merged"].format(a=ua.name, b=ub.name, c=ub.canonical_id))


@app.command("split")
def split_command(a: str = typer.Argument(..., help=UNIT_ARG), note: str = NOTE_OPTION,
                  db: Optional[str] = DB_OPTION, lang: str = LANG_OPTION) -> None:
    """把单位 A 单独作为一个单位（撤销自动归并及其手工归并）。
    Record that unit A is a unit of its own (no automatic grouping; its merges withdrawn)."""
    lang = lang if lang in TEXT else "zh"
    store = open_library(db, lang)
    try:
        ua = split(store.engine, a, note)
    except StoreError as exc:
        _fail(exc, lang)
    finally:
        store.close()
    typer.echo(TEXT[lang]["split"].format(a=ua.name, c=ua.canonical_id))
