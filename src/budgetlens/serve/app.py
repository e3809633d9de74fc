"""The FastAPI application: one route per question, each a thin call of the store's query layer.

Every list answers ``{"total", "limit", "offset", "after", "next", "rows"}`` (or a CSV/XLSX
download of its rows, ``?format=csv|xlsx``, streamed in keyset batches); ``next`` is the cursor of
the following page (``?after=``; also a ``Link: rel="next"`` header), null on the last. Errors
answer one envelope ``{"error": {"code", "message", "message_en"}}`` (422 for a bad parameter,
404 for an unknown id), pinned by tests/serve/test_app.py.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Callable, Iterator, Optional

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine

from ..store.query import (Filters, Page, aggregate, cross_evidence, finding_evidence,
                           get_document, get_unit, list_cross_findings, list_documents, list_facts,
                           list_findings, list_units)
from .params import (ApiError, Format, Paging, Scope, Severity, ValueKind, basis_query, code_query,
                     document_filters, fact_filters, measure_query, paging, parse_cuts,
                     parse_drilldown, value_kind_query)
from ..store.search import KINDS as SEARCH_KINDS
from ..store.search import search as search_library
from . import exports
from .labels import item_label, with_labels
from .render import download, stream_download, to_json_value

TITLE = "预决算透镜 budgetlens API"
DESCRIPTION = ("查询资料库中的文件、数据项、审核发现与单位；列表与汇总可下载为 CSV 或 XLSX。"
               " Query the library's documents, facts, findings and units; every list and "
               "aggregate downloads as CSV or XLSX. Values are exact decimals, as strings.")

router = APIRouter(prefix="/api")
#: Rows read from the library at a time for a CSV/XLSX download (one keyset page).
DOWNLOAD_BATCH = 5000


def create_app(engine: Engine) -> FastAPI:
    """The API over the library that ``engine`` reaches (read only)."""
    app = FastAPI(title=TITLE, description=DESCRIPTION, version="1")
    app.state.engine = engine
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, invalid_parameters)
    app.include_router(router)
    app.include_router(exports.router)
    return app


def _error(status: int, code: str, message: str, message_en: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "message_en": message_en}},
                        status_code=status)


# Starlette types every handler as taking any Exception (its table holds them all); each is
# registered for one class, so narrowing to it only states what the registration guarantees.
async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return _error(exc.status, exc.code, exc.message, exc.message_en)


async def invalid_parameters(_request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's own validation errors (wrong type, value not allowed) in our envelope, naming
    each bad parameter and the value given. The site's pages answer them with a page of their
    own, and hand the API's to this."""
    assert isinstance(exc, RequestValidationError)
    parts = [(".".join(str(x) for x in e.get("loc", ())[1:]) or "?", e.get("input"),
              e.get("msg", "")) for e in exc.errors()]
    zh = "；".join(f"参数 {n} 无效：{v!r}（{m}）" for n, v, m in parts)
    en = "; ".join(f"invalid parameter {n}: {v!r} ({m})" for n, v, m in parts)
    return _error(422, "bad-parameter", zh, en)


def _engine(request: Request) -> Engine:
    return request.app.state.engine


def _list_response(page: Page, paging_: Paging, name: str, request: Optional[Request] = None
                   ) -> Response:
    headers = {"X-Total-Count": str(page.total)} if page.total is not None else {}
    if paging_.format != "json":
        return download(paging_.format, name, page.columns, page.rows, headers)
    body = {"total": page.total, "limit": page.limit, "offset": page.offset,
            "after": page.after, "next": page.next, "rows": to_json_value(page.rows)}
    if page.next is not None and request is not None:  # RFC 8288, as GitHub's API pages
        url = request.url.remove_query_params("offset").include_query_params(after=page.next)
        headers["Link"] = f'<{url}>; rel="next"'
    return JSONResponse(body, headers=headers)


def _run_list(request: Request, fn: Callable, filters: Filters, p: Paging, name: str,
              evidence_of: Optional[Callable] = None) -> Response:
    """A JSON page (by offset or keyset cursor; findings with their evidence), or a CSV/XLSX
    download streamed in keyset batches: the first batch is read here (the count and the
    columns), the rest while the answer is sent."""
    limit, offset = p.resolve()
    fetch = functools.partial(fn, _engine(request), filters)
    if p.format == "json":  # a cursor page is not counted again: the count would cost what
        page = fetch(limit, offset, after=p.after, count=p.after is None)  # the cursor saves
        if evidence_of is not None:
            evidence = evidence_of(_engine(request), [r["id"] for r in page.rows])
            for row in page.rows:
                row["evidence"] = evidence[row["id"]]
        return _list_response(page, p, name, request)
    first = fetch(min(DOWNLOAD_BATCH, limit), offset, after=p.after)
    return stream_download(p.format, name, first.columns,
                           _batches(fetch, first, limit - len(first.rows)),
                           {"X-Total-Count": str(first.total)})


def _batches(fetch: Callable, first: Page, left: int) -> Iterator[list[dict]]:
    """``first``'s rows, then the following keyset pages until ``left`` more rows are sent."""
    yield first.rows
    cursor = first.next
    while cursor is not None and left > 0:
        page = fetch(min(DOWNLOAD_BATCH, left), 0, after=cursor, count=False)
        yield page.rows
        left -= len(page.rows)
        cursor = page.next


@router.get("/documents", summary="文件列表 / documents")
def documents(request: Request, f: Filters = Depends(document_filters),
              p: Paging = Depends(paging)) -> Response:
    return _run_list(request, list_documents, f, p, "documents")


@router.get("/facts", summary="数据项 / facts")
def facts(request: Request, f: Filters = Depends(document_filters),
          measure: Optional[str] = measure_query(), code: Optional[str] = code_query(),
          basis: Optional[str] = basis_query(),
          document: Optional[int] = Query(None, ge=1, description="文件 id / document id"),
          scope: Scope = Query("all", description=(
              "all 全部 | document 文件本身的数（不含分单位行）| unit 分单位行 / every fact, "
              "the document's own figures, or by-unit rows")),
          value_kind: Optional[ValueKind] = value_kind_query(),
          p: Paging = Depends(paging)) -> Response:
    ff = fact_filters(f, measure=measure, code=code, basis=basis, document=document, scope=scope,
                      value_kind=value_kind)
    return _run_list(request, list_facts, ff, p, "facts")


@router.get("/findings", summary="审核发现 / audit findings")
def findings(request: Request, f: Filters = Depends(document_filters),
             severity: Optional[Severity] = Query(None, description="info | warning | error"),
             rule: Optional[str] = Query(None, pattern=r"^[a-z0-9-]+$", max_length=80,
                                         description="规则 id / rule id (docs/rules.md)"),
             document: Optional[int] = Query(None, ge=1), p: Paging = Depends(paging)) -> Response:
    ff = Filters(region=f.region, year=f.year, kind=f.kind, level=f.level, unit=f.unit,
                 document=document, severity=severity, rule=rule)
    return _run_list(request, list_findings, ff, p, "findings", finding_evidence)


@router.get("/crosscheck", summary="跨文件检查发现 / cross-document findings")
def cross_findings(request: Request,
                   rule: Optional[str] = Query(None, pattern=r"^[a-z0-9-]+$", max_length=80,
                                               description="规则 id / rule id "
                                                           "(docs/cross-document.md)"),
                   severity: Optional[Severity] = Query(None, description="info | warning | error"),
                   year: Optional[int] = Query(None, ge=1949, le=2100,
                                               description="被检查文件的年度 / checked year"),
                   unit: Optional[str] = Query(None, min_length=1, max_length=200, description=(
                       "单位身份 id 或名称的一部分 / unit identity id or part of a name")),
                   document: Optional[int] = Query(None, ge=1, description=(
                       "任一方文件 id / document id on either side")),
                   measure: Optional[str] = measure_query(), p: Paging = Depends(paging)) -> Response:
    """Findings of ``budgetlens crosscheck`` (stored by its last run); JSON rows carry their
    evidence, each naming its document, page, table cell and quoted text."""
    ff = Filters(rule=rule, severity=severity, year=year, unit=unit, document=document,
                 measure=measure)
    return _run_list(request, list_cross_findings, ff, p, "crosscheck", cross_evidence)


@router.get("/units", summary="单位 / budget units and departments")
def units(request: Request, region: Optional[str] = Query(None, min_length=1, max_length=64),
          level: Optional[str] = Query(None, pattern="^(department|unit)$"),
          unit: Optional[str] = Query(None, min_length=1, max_length=200,
                                      description="id 或名称的一部分 / id or part of the name"),
          p: Paging = Depends(paging)) -> Response:
    return _run_list(request, list_units, Filters(region=region, level=level, unit=unit), p,
                     "units")


@router.get("/documents/{document_id}", summary="文件详情 / one document")
def document(request: Request, document_id: int) -> Response:
    found = get_document(_engine(request), document_id)
    if found is None:
        raise ApiError(404, "not-found", f"没有 id 为 {document_id} 的文件",
                       f"no document with id {document_id}")
    return JSONResponse(to_json_value(found))


@router.get("/search", summary="按名称搜索 / search units, documents and 类款项 by name")
def search_(request: Request,
            q: str = Query(..., min_length=1, max_length=100, description=(
                "名称的一部分（中文，两个字也可）或分类代码的开头 / part of a name (Chinese; two "
                "characters are enough) or the start of a classification code")),
            kind: Optional[str] = Query(None, pattern=r"^(item|unit|document)(,(item|unit|document))*$",
                                        description="item 类款项 | unit 单位 | document 文件，"
                                                    "逗号分隔 / comma separated"),
            p: Paging = Depends(paging),
            lang: str = Query("zh", pattern="^(zh|en)$", description=(
                "类款项标签的语言 / language of the items' labels"))) -> Response:
    """Ranked: the whole name, then names starting with the query, then items before units
    before documents, then shorter names. Each row names the API path of what was found."""
    if p.after is not None:
        raise ApiError(422, "bad-paging", "搜索结果按相关度排序，没有 after 游标；请用 offset",
                       "search results are ranked, not in id order: use offset, not after")
    limit, offset = p.resolve()
    kinds = tuple(kind.split(",")) if kind else SEARCH_KINDS
    page = search_library(_engine(request), q, kinds=kinds, limit=limit, offset=offset)
    if lang == "en":
        for row in page.rows:
            if row["kind"] == "item":
                row["label"] = item_label(row["ref"], lang)
    return _list_response(page, p, "search")


@router.get("/units/{unit_id}", summary="单位详情 / one unit")
def unit(request: Request, unit_id: int) -> Response:
    found = get_unit(_engine(request), unit_id)
    if found is None:
        raise ApiError(404, "not-found", f"没有 id 为 {unit_id} 的单位", f"no unit with id {unit_id}")
    return JSONResponse(to_json_value(found))


@router.get("/aggregate", summary="汇总 / sums by dimension (Babbage style)")
def aggregate_(request: Request, measure: str = measure_query(required=True),
               drilldown: Optional[str] = Query(None, description=(
                   "分组维度，用 | 分隔 / dimensions to group by, | separated: year, region, unit, "
                   "kind, level, measure, basis, document")),
               cut: Optional[str] = Query(None, description=(
                   "切片 维度:值，用 | 分隔 / dimension:value pairs, | separated "
                   "(year:2024|region:50)")),
               basis: str = basis_query("current"),
               scope: Scope = Query("document", description=(
                   "默认只汇总文件本身的数，不重复计入分单位行 / by default only the documents' "
                   "own figures, so no department is counted twice")),
               value_kind: ValueKind = value_kind_query("money"),
               f: Filters = Depends(document_filters),
               format: Format = Query("json", description="json | csv | xlsx"),
               lang: Optional[str] = Query(None, pattern="^(zh|en)$", description=(
                   "给出时，measure 与 region 维度另附名称 / when given, the measure and region "
                   "dimensions carry their names in that language (measure_label, region_label)"))) -> Response:
    dims, cuts = parse_drilldown(drilldown), parse_cuts(cut)
    ff = fact_filters(f, measure=measure, code=None, basis=basis, document=None, scope=scope,
                      value_kind=value_kind)
    cells = aggregate(_engine(request), ff, dims, cuts)
    labels = with_labels(cells, dims, lang) if lang else ()
    if format != "json":
        return download(format, "aggregate", (*dims, *labels, "sum", "facts"), cells,
                        {"X-Total-Count": str(len(cells))})
    summary = {"sum": sum((c["sum"] for c in cells), start=Decimal(0)),
               "facts": sum(c["facts"] for c in cells)}
    return JSONResponse(to_json_value({
        "measure": measure, "basis": basis, "scope": scope, "value_kind": value_kind,
        "drilldown": list(dims), "cut": cuts, "summary": summary, "cells": cells}))
