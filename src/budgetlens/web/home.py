"""The home page: search the library by unit, region or file name (and 类/款/项 by name), narrow
by facets (region, year, kind, level) with counts, page through the documents found."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import Engine

from ..rules.reference import function_name_pairs
from ..store.query import Filters, facet_counts, search_documents
from .render import Dataset, maybe_download, page

router = APIRouter()
PAGE_SIZE = 50
#: Item names matched by a search, at most.
ITEMS_MAX = 20
DOC_COLUMNS = ("id", "unit_name", "year", "kind", "level", "region", "region_code", "pages",
               "n_facts", "n_findings", "status", "source")


def _engine(request: Request) -> Engine:
    return request.app.state.engine


def search_items(text: Optional[str]) -> list[tuple[str, str]]:
    """(code, name) of the functional classification whose name contains ``text``, 类 first.
    Why the reference dictionary and not the facts: a 类/款/项 is searchable by its standard name
    even where a document printed it differently."""
    if not text:
        return []
    found = {code: name for code, name in function_name_pairs(None) if text in name}
    return sorted(found.items(), key=lambda cn: (len(cn[0]), cn[0]))[:ITEMS_MAX]


@router.get("/", include_in_schema=False)
def home(request: Request,
         q: Optional[str] = Query(None, max_length=100),
         region: Optional[str] = Query(None, max_length=64),
         year: Optional[int] = Query(None, ge=1949, le=2100),
         kind: Optional[str] = Query(None, pattern="^(budget|final)$"),
         level: Optional[str] = Query(None, pattern="^(department|unit)$"),
         offset: int = Query(0, ge=0)) -> Response:
    q = (q or "").strip() or None
    f = Filters(region=region or None, year=year, kind=kind, level=level)
    limit = 100_000 if request.query_params.get("format") else PAGE_SIZE
    found = search_documents(_engine(request), f, q, limit, offset)
    docs = Dataset("documents", DOC_COLUMNS, found.rows)
    response = maybe_download(request, [docs])
    if response is not None:
        return response
    facets = facet_counts(_engine(request), f, q)
    return page(request, "home.html", q=q or "", filters=f, facets=facets, docs=docs,
                total=found.total, offset=offset, page_size=PAGE_SIZE, items=search_items(q))
