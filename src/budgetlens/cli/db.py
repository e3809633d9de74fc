"""``budgetlens db info``: what the library holds (counts), as text or JSON; ``budgetlens db
recompute``: the units' derived fields again from the stored documents.

A sub-command group (``db``) because later library commands (``db path``, ``db vacuum``, exports)
belong together, apart from the per-file commands.
"""

from __future__ import annotations

import json
from typing import Optional

import typer

from ..ingest import extractor_version
from ..store import query
from ..store.unit_fields import recompute_all
from .common import LANG_OPTION, open_library
from .ingest import DB_OPTION
from .messages import say

app = typer.Typer(name="db", help="数据库（资料库）信息与维护 / the library database",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

LABELS = {
    "zh": {"db": "数据库", "extractor": "当前抽取版本", "documents": "文件（当前版本）",
           "all_versions": "含历史版本", "status": "状态", "kind_year": "类型与年度", "pages": "页数",
           "tables": "表格", "facts": "数据项", "findings": "审核发现", "units": "单位",
           "runs": "入库次数", "blobs": "保存的原文件", "bytes": "字节", "stale": "待重新处理",
           "versions": "抽取版本", "diagnostics": "读取提示",
           "readings": "当前读取", "defaults": "默认读取设置"},
    "en": {"db": "database", "extractor": "current extractor", "documents": "documents (current)",
           "all_versions": "all versions", "status": "status", "kind_year": "kind and year",
           "pages": "pages", "tables": "tables", "facts": "facts", "findings": "findings",
           "units": "units", "runs": "runs", "blobs": "kept files", "bytes": "bytes",
           "stale": "to reprocess", "versions": "extractor versions", "diagnostics": "diagnostics",
           "readings": "current readings", "defaults": "default read settings"},
}


@app.command("info")
def info_command(
    db: Optional[str] = DB_OPTION,
    format: str = typer.Option("text", "--format", "-f", help="text | json"),
    lang: str = LANG_OPTION,
) -> None:
    """资料库中各类记录的数量。Counts of what the library holds.

    Exit 0, or 2 when the database cannot be used.
    """
    if format not in ("text", "json"):
        raise typer.BadParameter(say(lang, "unknown-format", value=format), param_hint="--format")
    store = open_library(db, lang)
    try:
        counts = query.info(store.engine)
        version = extractor_version()
        counts["stale"] = query.count_stale(store.engine, version)
        counts["readings"] = query.readings(store.engine)
    finally:
        store.close()
    counts.update(database=store.where, extractor_version=version)
    if format == "json":
        counts["by_kind_year"] = [{"kind": k, "year": y, "documents": n}
                                  for k, y, n in counts["by_kind_year"]]
        typer.echo(json.dumps(counts, ensure_ascii=False, indent=2))
    else:
        typer.echo(info_text(counts, lang))


RECOMPUTED = {"zh": "已按全部已存文件重新确定单位信息：{fields} 个单位的名称、层级、上级或地区有变化，"
                     "{identities} 处单位身份有变化",
              "en": "unit fields derived again from every stored document: {fields} units changed "
                    "name, level, parent or region, {identities} identity rows changed"}


@app.command("recompute")
def recompute_command(db: Optional[str] = DB_OPTION, lang: str = LANG_OPTION) -> None:
    """按全部已存文件重新确定每个单位的名称、层级、上级单位和代表单位（与入库顺序无关）。
    Derive every unit's printed name, level, parent and canonical row again from all stored
    documents — what a library stored before these fields stopped depending on the order files
    arrived in needs once. Exit 0, or 2 when the database cannot be used.
    """
    store = open_library(db, lang)
    try:
        fields, identities = recompute_all(store.engine)
    finally:
        store.close()
    typer.echo(RECOMPUTED["en" if lang == "en" else "zh"].format(fields=fields,
                                                                identities=identities))


def info_text(c: dict, lang: str) -> str:
    """The counts as aligned ``label: value`` lines."""
    w = LABELS.get(lang, LABELS["zh"])

    def pairs(d: dict) -> str:
        return "，".join(f"{k} {v}" for k, v in d.items()) if lang != "en" else \
            ", ".join(f"{k} {v}" for k, v in d.items())

    kinds = pairs({f"{k or '?'} {y or '?'}": n for k, y, n in c["by_kind_year"]})
    rows = [(w["db"], c["database"]), (w["extractor"], c["extractor_version"]),
            (w["documents"], f"{c['documents']} ({w['all_versions']} {c['documents_all_versions']})"),
            (w["status"], pairs(c["by_status"])), (w["kind_year"], kinds),
            (w["pages"], c["pages"]), (w["tables"], c["tables"]), (w["facts"], c["facts"]),
            (w["findings"], pairs(c["findings"])), (w["diagnostics"], c["diagnostics"]),
            (w["units"], c["units"]), (w["runs"], c["runs"]),
            (w["blobs"], f"{c['blobs']} ({c['blob_bytes']} {w['bytes']})"),
            (w["versions"], pairs(c["versions"])), (w["readings"], _readings(c["readings"], w)),
            (w["stale"], c["stale"])]
    return "\n".join(f"{label}: {value}" for label, value in rows)


def _readings(readings: list[dict], w: dict) -> str:
    """Each current version's settings and document count: ``v (defaults) 3; v+read.… (a=1) 1``."""
    return "; ".join(f"{r['version']} ({r['settings'] or w['defaults']}) {r['documents']}"
                     for r in readings)
