"""``budgetlens export --fdp OUT.zip``: a selection of the library as a Fiscal Data Package.

Thin: open the library → the same filters as ``GET /api/facts`` (or, with ``--drilldown``, the
sums of ``GET /api/aggregate``) → store.datapackage writes the zip → one line on stdout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..store.browse import DIMENSIONS, Filters
from ..store.datapackage import MAX_ROWS, aggregate_package, facts_package
from .common import LANG_OPTION, open_library
from .ingest import DB_OPTION
from .messages import say

DONE = {"zh": "已写出财政数据包 {path}（{size} 字节）；数据库 {db}",
        "en": "wrote Fiscal Data Package {path} ({size} bytes); database {db}"}


def _cuts(cut: Optional[str], lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in (cut.split("|") if cut else ()):
        name, sep, value = part.partition(":")
        if not sep or name.strip() not in DIMENSIONS or not value.strip():
            raise typer.BadParameter(say(lang, "cut-syntax", value=part), param_hint="--cut")
        out[name.strip()] = value.strip()
    return out


def _dims(drilldown: str, lang: str) -> tuple[str, ...]:
    dims = tuple(d.strip() for d in drilldown.split("|") if d.strip())
    bad = [d for d in dims if d not in DIMENSIONS]
    if bad or len(set(dims)) != len(dims):
        raise typer.BadParameter(say(lang, "dimensions", allowed=", ".join(DIMENSIONS)),
                                 param_hint="--drilldown")
    return dims


def export_command(
    fdp: Path = typer.Option(..., "--fdp", help="写出的 zip 文件 / the zip file to write "
                                               "(datapackage.json + CSV)"),
    db: Optional[str] = DB_OPTION,
    region: Optional[str] = typer.Option(None, "--region", help="区划代码前缀或地区名 / region"),
    year: Optional[int] = typer.Option(None, "--year"),
    kind: Optional[str] = typer.Option(None, "--kind", help="budget | final"),
    level: Optional[str] = typer.Option(None, "--level", help="department | unit"),
    unit: Optional[str] = typer.Option(None, "--unit", help="单位 id 或名称的一部分 / unit"),
    measure: Optional[str] = typer.Option(None, "--measure",
                                          help="指标键，以 . 结尾为前缀 / measure key or prefix."),
    code: Optional[str] = typer.Option(None, "--code", help="分类代码前缀 / code prefix"),
    basis: Optional[str] = typer.Option(None, "--basis", help="current | prior | …"),
    drilldown: Optional[str] = typer.Option(
        None, "--drilldown", help="导出汇总而非数据项：维度用 | 分隔 / export sums by these "
                                  "dimensions instead of facts (year|region; needs --measure)"),
    cut: Optional[str] = typer.Option(None, "--cut", help="汇总切片 / aggregate cuts (year:2024)"),
    limit: int = typer.Option(MAX_ROWS, "--limit", min=1, max=MAX_ROWS),
    lang: str = LANG_OPTION,
) -> None:
    """把资料库中的一部分导出为财政数据包（Fiscal Data Package）。
    Export a selection of the library as a Fiscal Data Package (datapackage.json + CSV, zipped).

    Exit codes: 0 written; 2 the database cannot be used or the file cannot be written.
    """
    lang = lang if lang in DONE else "zh"
    if drilldown is not None and not measure:
        raise typer.BadParameter(say(lang, "sum-needs-measure"), param_hint="--measure")
    f = Filters(region=region, year=year, kind=kind, level=level, unit=unit, measure=measure,
                code=code, basis=basis, scope="all" if drilldown is None else "document")
    query = {k: v for k, v in {"region": region, "year": year, "kind": kind, "level": level,
                               "unit": unit, "measure": measure, "code": code, "basis": basis,
                               "drilldown": drilldown, "cut": cut}.items() if v is not None}
    store = open_library(db, lang)
    try:
        if drilldown is None:
            body = facts_package(store.engine, f, limit=limit, query=query, lang=lang)
        else:
            body = aggregate_package(store.engine, f, _dims(drilldown, lang),
                                     _cuts(cut, lang), query=query)
    finally:
        store.close()
    try:
        fdp.write_bytes(body)
    except OSError as exc:
        typer.echo(say(lang, "cannot-write", path=fdp, reason=exc.strerror), err=True)
        raise typer.Exit(2)
    typer.echo(DONE[lang].format(path=fdp, size=len(body), db=store.where))
