"""Any selection of the library as a Fiscal Data Package: ``datapackage.json`` + CSV in one zip
(issue #9), for ``GET /api/facts.datapackage.zip``, ``/api/aggregate.datapackage.zip`` and
``budgetlens export --fdp``.

What the specifications ask, and how it is met:

- **Data Package** (frictionless, v1): a descriptor with a lower-case ``name``, ``resources`` each
  with a ``name``, a relative ``path``, ``format``/``mediatype``/``encoding``, ``bytes`` and a
  ``hash``; **Tabular Data Resource**: a Table Schema whose every field has a ``name`` and a
  ``type`` (``integer``, ``number``, ``string``), a ``primaryKey``, and ``foreignKeys`` from the
  facts to the documents they were printed in (provenance travels with the numbers).
- **Fiscal Data Package** (v1.0-rc.1, budget taxonomy): ``profile: fiscal-data-package`` and a
  ``columnType`` on each field the taxonomy names — ``value`` (the amount: 万元, so the field
  says ``"factor": 10000`` and the currency column ``value-currency:code`` is CNY),
  ``date:fiscal-year``, ``phase:id`` (预算 → ``approved``, 决算 → ``executed``), ``direction``
  (``expenditure``/``revenue`` from the measure), ``value-kind:code`` (the basis: current, prior…),
  ``administrative-classification:generic:code/label`` (the budget unit),
  ``functional-classification:generic:level1..3`` (类/款/项), ``economic-classification:generic:
  level1..2`` (类/款), and ``geo:source:code/title`` (the region).

Why amounts only: a Fiscal Data Package's ``value`` is money; percentages and counts of the
library have no place in it (the JSON and CSV lists carry them). Why exact strings: CSV numbers
are written as printed (``1962.78``), never through a float.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from dataclasses import asdict, replace
from datetime import datetime, timezone
from typing import Any, Iterable, Optional

from sqlalchemy import Engine, select

from ..rules import measures as measure_rules
from ..rules.reference.english import code_name, region_label
from .browse import Filters, aggregate, list_facts
from .schema import Document, Unit
from .search import document_title

PROFILE = "fiscal-data-package"
PHASE = {"budget": ("approved", "预算"), "final": ("executed", "决算")}
PHASE_EN = {"budget": "budget", "final": "final account"}
DIRECTION = {"expense": "expenditure", "income": "revenue"}
_CLASS_RE = re.compile(r"\.(function|economic)\.(\d{3,7})(?=\.|$)")
#: One export holds at most this many facts (the JSON and CSV lists' download cap).
MAX_ROWS = 100_000


def _field(name: str, type_: str, zh: str, column_type: Optional[str] = None,
           **extra: Any) -> dict:
    out = {"name": name, "type": type_, "title": zh}
    if column_type:
        out["columnType"] = column_type
    out.update(extra)
    return out


FACT_FIELDS = (
    _field("fact_id", "integer", "数据项 id", constraints={"required": True, "unique": True}),
    _field("document_id", "integer", "文件 id", constraints={"required": True}),
    _field("fiscal_year", "integer", "年度", "date:fiscal-year"),
    _field("phase", "string", "预算/决算阶段", "phase:id"),
    _field("phase_label", "string", "阶段名称", "phase:label"),
    _field("direction", "string", "收支方向", "direction"),
    _field("region_code", "string", "区划代码", "geo:source:code"),
    _field("region", "string", "地区", "geo:source:title"),
    _field("unit_id", "integer", "单位 id", "administrative-classification:generic:code"),
    _field("unit_name", "string", "单位", "administrative-classification:generic:label"),
    _field("measure", "string", "指标键"),
    _field("measure_label", "string", "指标"),
    _field("function_level1_code", "string", "功能分类 类", "functional-classification:generic:level1:code"),
    _field("function_level1_label", "string", "类 名称", "functional-classification:generic:level1:label"),
    _field("function_level2_code", "string", "功能分类 款", "functional-classification:generic:level2:code"),
    _field("function_level2_label", "string", "款 名称", "functional-classification:generic:level2:label"),
    _field("function_level3_code", "string", "功能分类 项", "functional-classification:generic:level3:code"),
    _field("function_level3_label", "string", "项 名称", "functional-classification:generic:level3:label"),
    _field("economic_level1_code", "string", "经济分类 类", "economic-classification:generic:level1:code"),
    _field("economic_level1_label", "string", "类 名称", "economic-classification:generic:level1:label"),
    _field("economic_level2_code", "string", "经济分类 款", "economic-classification:generic:level2:code"),
    _field("economic_level2_label", "string", "款 名称", "economic-classification:generic:level2:label"),
    _field("basis", "string", "口径（本年、上年…）", "value-kind:code"),
    _field("value", "number", "金额（万元）", "value", factor=10000, currency="CNY",
           decimalChar=".", groupChar=""),
    _field("currency", "string", "币种", "value-currency:code"),
    _field("page", "integer", "页"),
    _field("table_idx", "integer", "表序号"),
    _field("row", "integer", "行"),
    _field("col", "integer", "列"),
    _field("text", "string", "原文"),
)

DOCUMENT_FIELDS = (
    _field("document_id", "integer", "文件 id", constraints={"required": True, "unique": True}),
    _field("title", "string", "标题"),
    _field("source", "string", "来源文件"),
    _field("sha256", "string", "内容哈希"),
    _field("fiscal_year", "integer", "年度", "date:fiscal-year"),
    _field("phase", "string", "预算/决算阶段", "phase:id"),
    _field("region_code", "string", "区划代码", "geo:source:code"),
    _field("unit_name", "string", "单位", "administrative-classification:generic:label"),
    _field("extractor_version", "string", "抽取程序版本"),
)


def classification(measure: str, year: Optional[int], lang: str = "zh") -> dict[str, str]:
    """The 类/款/项 columns of a measure that carries a classification code (``….function.2080505``
    → 208 / 20805 / 2080505 and their names in that year, in English where the reference has it;
    economic codes 类/款)."""
    m = _CLASS_RE.search(measure)
    if not m:
        return {}
    code = m.group(2)
    # the code says its scheme (支出经济分类 301–399 部门, 501–599 政府; the rest 功能分类),
    # whatever the measure's family: some tables print function codes in a family named economic
    scheme = "economic" if code[0] in "35" else "function"
    prefix = scheme
    widths = (3, 5, 7) if scheme == "function" else (3, 5)
    out = {}
    for level, width in enumerate(widths, start=1):
        if len(code) >= width:
            part = code[:width]
            out[f"{prefix}_level{level}_code"] = part
            out[f"{prefix}_level{level}_label"] = code_name(part, year, lang)
    return out


def _fact_row(r: dict, units: dict, docs: dict, lang: str = "zh") -> dict:
    """One row of facts.csv; its labels (phase, region, measure, 类款项) in ``lang``."""
    doc = docs.get(r["document_id"], {})
    phase, phase_zh = PHASE.get(r["kind"] or "", ("", ""))
    phase_label = PHASE_EN.get(r["kind"] or "", "") if lang == "en" else phase_zh
    return {"fact_id": r["id"], "document_id": r["document_id"], "fiscal_year": r["year"],
            "phase": phase, "phase_label": phase_label,
            "direction": DIRECTION.get(r["measure"].split(".", 1)[0], ""),
            "region_code": r["region_code"] or "",
            "region": (region_label(r["region_code"], doc.get("region"), lang) if lang == "en"
                       else doc.get("region") or ""),
            "unit_id": r["unit_id"], "unit_name": units.get(r["unit_id"], ""),
            "measure": r["measure"],
            "measure_label": measure_rules.describe(r["measure"], lang, r["year"]),
            **classification(r["measure"], r["year"], lang), "basis": r["basis"], "value": r["value"],
            "currency": "CNY", "page": r["page"], "table_idx": r["table_idx"], "row": r["row"],
            "col": r["col"], "text": r["text"]}


def _lookups(engine: Engine, rows: list[dict]) -> tuple[dict, dict]:
    unit_ids = sorted({r["unit_id"] for r in rows if r["unit_id"] is not None})
    doc_ids = sorted({r["document_id"] for r in rows})
    units: dict = {}
    docs: dict = {}
    with engine.connect() as conn:
        for i in range(0, len(unit_ids), 500):
            units.update((k, v) for k, v in conn.execute(select(Unit.id, Unit.name)
                                      .where(Unit.id.in_(unit_ids[i:i + 500]))))
        for i in range(0, len(doc_ids), 500):
            for d in conn.execute(select(Document.id, Document.source, Document.sha256,
                                         Document.year, Document.kind, Document.level,
                                         Document.region, Document.region_code,
                                         Document.unit_name, Document.extractor_version)
                                  .where(Document.id.in_(doc_ids[i:i + 500]))).mappings():
                docs[d["id"]] = dict(d)
    return units, docs


def _document_row(d: dict) -> dict:
    return {"document_id": d["id"], "title": document_title(d["unit_name"], d["year"],
                                                           d["level"], d["kind"]),
            "source": d["source"], "sha256": d["sha256"], "fiscal_year": d["year"],
            "phase": PHASE.get(d["kind"] or "", ("", ""))[0], "region_code": d["region_code"] or "",
            "unit_name": d["unit_name"] or "", "extractor_version": d["extractor_version"]}


def facts_package(engine: Engine, f: Filters, *, limit: int = MAX_ROWS,
                  query: Optional[dict] = None, lang: str = "zh") -> bytes:
    """The money facts ``f`` selects (at most ``limit``), with the documents they come from, as a
    zipped Fiscal Data Package. ``query`` (the request's parameters) is recorded in the
    descriptor, so the package says what selection it is; ``lang`` is the labels' language (the
    documents' own text stays as printed)."""
    page = list_facts(engine, replace(f, value_kind="money"), limit, 0)
    units, docs = _lookups(engine, page.rows)
    facts = [_fact_row(r, units, docs, lang) for r in page.rows]
    documents = [_document_row(d) for _, d in sorted(docs.items())]
    years = sorted({r["fiscal_year"] for r in facts if r["fiscal_year"]})
    resources = [
        _resource("facts", "数据项 / facts", FACT_FIELDS, facts, ["fact_id"],
                  [{"fields": "document_id", "reference": {"resource": "documents",
                                                           "fields": "document_id"}}]),
        _resource("documents", "来源文件 / source documents", DOCUMENT_FIELDS, documents,
                  ["document_id"], []),
    ]
    meta = {"selection": {k: v for k, v in (query or asdict(f)).items() if v not in (None, "")},
            "total": page.total, "included": len(facts), "truncated": page.total is not None and page.total > len(facts)}
    return _zip("budgetlens-facts", "预决算透镜 数据项 / budgetlens facts", resources, years, meta)


def aggregate_package(engine: Engine, f: Filters, drilldown: tuple[str, ...],
                      cuts: dict[str, str], *, query: Optional[dict] = None) -> bytes:
    """Sums by dimension (the API's ``/aggregate``) as a zipped Fiscal Data Package."""
    cells = aggregate(engine, replace(f, value_kind="money"), drilldown, cuts)
    fields = [AGGREGATE_DIMENSIONS[d] for d in drilldown] + [
        _field("sum", "number", "合计（万元）", "value", factor=10000, currency="CNY",
               decimalChar=".", groupChar=""),
        _field("facts", "integer", "计入的数据项数")]
    rows = [{**{d: c[d] for d in drilldown}, "sum": c["sum"], "facts": c["facts"]} for c in cells]
    years = sorted({c["year"] for c in cells if c.get("year")}) if "year" in drilldown else []
    # a primary key may not be empty (Table Schema): a cell of unknown region has none
    key = list(drilldown) if all(r[d] is not None for r in rows for d in drilldown) else []
    resources = [_resource("aggregate", "汇总 / sums by dimension", tuple(fields), rows, key, [])]
    meta = {"selection": {k: v for k, v in (query or {}).items() if v not in (None, "")},
            "cells": len(rows)}
    return _zip("budgetlens-aggregate", "预决算透镜 汇总 / budgetlens sums", resources, years, meta)


AGGREGATE_DIMENSIONS = {
    "year": _field("year", "integer", "年度", "date:fiscal-year"),
    "region": _field("region", "string", "区划代码", "geo:source:code"),
    "unit": _field("unit", "integer", "单位 id", "administrative-classification:generic:code"),
    "kind": _field("kind", "string", "预算/决算", "phase:id"),
    "level": _field("level", "string", "部门/单位"),
    "measure": _field("measure", "string", "指标键"),
    "basis": _field("basis", "string", "口径", "value-kind:code"),
    "document": _field("document", "integer", "文件 id"),
}


def _resource(name: str, title: str, fields: Iterable[dict], rows: list[dict],
              key: list[str], foreign: list[dict]) -> dict:
    fields = list(fields)
    body = _csv([f["name"] for f in fields], rows)
    schema: dict = {"fields": fields}
    if key:
        schema["primaryKey"] = key
    if foreign:
        schema["foreignKeys"] = foreign
    return {"name": name, "title": title, "profile": "tabular-data-resource",
            "path": f"data/{name}.csv", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "dialect": {"delimiter": ",", "header": True},
            "bytes": len(body), "hash": "sha256:" + hashlib.sha256(body).hexdigest(),
            "schema": schema, "_body": body}


def _csv(names: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if row.get(n) is None else str(row[n]) for n in names])
    return out.getvalue().encode("utf-8")


def _zip(name: str, title: str, resources: list[dict], years: list[int], meta: dict) -> bytes:
    descriptor = {
        "profile": PROFILE, "name": name, "title": title,
        "created": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "countryCode": "CN",
        "resources": [{k: v for k, v in r.items() if k != "_body"} for r in resources],
        "budgetlens": meta}
    if years:
        descriptor["fiscalPeriod"] = {"start": f"{years[0]}-01-01", "end": f"{years[-1]}-12-31"}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2))
        for r in resources:
            zf.writestr(r["path"], r["_body"])
    return buf.getvalue()
