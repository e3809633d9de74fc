"""Fiscal Data Package downloads of the API's selections (store/datapackage.py): the same
filters as ``/api/facts`` and ``/api/aggregate``, answered with a zip of ``datapackage.json`` and
its CSV files. Why separate routes rather than ``format=fdp``: a data package is a different kind
of answer (a zip of several files with a descriptor), and the paths say so to a browser and to a
script (``curl -O …/facts.datapackage.zip``)."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ..store.browse import Filters
from ..store.datapackage import MAX_ROWS, aggregate_package, facts_package
from .params import (Scope, basis_query, code_query, document_filters, fact_filters,
                     measure_query, parse_cuts, parse_drilldown)

router = APIRouter(prefix="/api")
ZIP = "application/zip"


def _zip(body: bytes, name: str) -> Response:
    return Response(body, media_type=ZIP,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/facts.datapackage.zip", summary="数据项导出为财政数据包 / facts as a Fiscal Data Package")
def facts_fdp(request: Request, f: Filters = Depends(document_filters),
              measure: Optional[str] = measure_query(), code: Optional[str] = code_query(),
              basis: Optional[str] = basis_query(),
              document: Optional[int] = Query(None, ge=1),
              scope: Scope = Query("all"),
              limit: int = Query(MAX_ROWS, ge=1, le=MAX_ROWS, description=(
                  f"最多导出的数据项数 / facts at most (≤ {MAX_ROWS}; the descriptor says how many "
                  "matched)")),
              lang: str = Query("zh", pattern="^(zh|en)$", description=(
                  "标签语言 / language of the labels (region, 类款项, measure, phase)"))
              ) -> Response:
    """The money facts of the selection (as ``/api/facts``), with their source documents:
    ``datapackage.json`` (Fiscal Data Package, budget taxonomy column types) + ``data/facts.csv``
    + ``data/documents.csv``."""
    ff = fact_filters(f, measure=measure, code=code, basis=basis, document=document, scope=scope,
                      value_kind="money")
    query = dict(request.query_params)
    return _zip(facts_package(request.app.state.engine, ff, limit=limit, query=query, lang=lang),
                "facts.datapackage.zip")


@router.get("/aggregate.datapackage.zip",
            summary="汇总导出为财政数据包 / sums by dimension as a Fiscal Data Package")
def aggregate_fdp(request: Request, measure: str = measure_query(required=True),
                  drilldown: Optional[str] = Query(None), cut: Optional[str] = Query(None),
                  basis: str = basis_query("current"), scope: Scope = Query("document"),
                  f: Filters = Depends(document_filters)) -> Response:
    """The sums ``/api/aggregate`` gives for the same parameters, as ``data/aggregate.csv``."""
    dims, cuts = parse_drilldown(drilldown), parse_cuts(cut)
    ff = fact_filters(f, measure=measure, code=None, basis=basis, document=None, scope=scope,
                      value_kind="money")
    body = aggregate_package(request.app.state.engine, ff, dims, cuts,
                             query=dict(request.query_params))
    return _zip(body, "aggregate.datapackage.zip")
