"""The treemap of the functional classification (类 → 款 → 项, drill-down with breadcrumbs) and
the side-by-side comparison of two documents (two units, or one unit's two years or its budget
and final account).

Why drill-down is a link (``?code=201``) and not only a chart state: the view is then a URL —
shareable, restorable, and the browser's Back goes up a level. Why the treemap sums only the
documents' own figures (``scope=document``): by-unit rows repeat their department's money.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import Engine

from ..rules.measures import describe
from ..rules.reference.english import code_name
from ..store.query import (Filters, document_values, facet_counts, figure_sums, get_document,
                           list_documents)
from .errors import not_found
from .i18n import views
from .memo import remembered
from .render import Dataset, lang_of, maybe_download, page, url_with

router = APIRouter()
DOCUMENTS_MAX = 1000
CODE_LENGTHS = (3, 5, 7)


def _engine(request: Request) -> Engine:
    return request.app.state.engine


def code_sums(cells: list[dict], family: str) -> dict[str, Decimal]:
    """code → sum, from figure sums by measure of ``<family>.<code>`` keys (components such as
    ``.basic`` and malformed codes are not classification nodes)."""
    out: dict[str, Decimal] = {}
    prefix = family + "."
    for c in cells:
        code = c["measure"][len(prefix):]
        if c["measure"].startswith(prefix) and code.isdigit() and len(code) in CODE_LENGTHS:
            out[code] = c["sum"]
    return out


def children(sums: dict[str, Decimal], code: str) -> list[str]:
    """The next level under ``code`` ('' = the 类), largest first."""
    size = CODE_LENGTHS[CODE_LENGTHS.index(len(code)) + 1] if code else CODE_LENGTHS[0]
    kids = [c for c in sums if len(c) == size and c.startswith(code)]
    return sorted(kids, key=lambda c: (-sums[c], c))


def breadcrumbs(code: str) -> list[str]:
    return [code[:n] for n in CODE_LENGTHS if n <= len(code)]


def _treemap_filters(request: Request, document: Optional[int], year: Optional[int],
                     kind: Optional[str], region: Optional[str], family: str) -> Filters:
    """A document's figures, else the library's for a year and kind (default: budgets of the
    latest year stored), narrowed by region."""
    if document is not None:
        return Filters(document=document, measure=family + ".", basis="current", scope="document",
                       value_kind="money")
    kind = kind or "budget"
    if year is None:
        years = facet_counts(_engine(request), Filters(kind=kind, region=region), None)["year"]
        year = max((y["value"] for y in years), default=None)
    return Filters(region=region, year=year, kind=kind, measure=family + ".", basis="current",
                   scope="document", value_kind="money")


@router.get("/treemap", include_in_schema=False)
def treemap(request: Request, code: str = Query("", pattern=r"^([0-9]{3}|[0-9]{5}|[0-9]{7})?$"),
            document: Optional[int] = Query(None, ge=1),
            year: Optional[int] = Query(None, ge=1949, le=2100),
            kind: Optional[str] = Query(None, pattern="^(budget|final)$"),
            region: Optional[str] = Query(None, max_length=64),
            family: Optional[str] = Query(None, max_length=60)) -> Response:
    v, engine = views(), _engine(request)
    fam = family if family in v.families else v.default_family
    doc = get_document(engine, document) if document is not None else None
    if document is not None and doc is None:
        return not_found(request)
    f = _treemap_filters(request, document, year, kind, region or None, fam)
    sums = code_sums(remembered(engine, "figure_sums", (f, ("measure",)),
                                lambda: figure_sums(engine, f, ("measure",))), fam)
    name_year, lang = (doc["year"] if doc else f.year), lang_of(request)
    parent = sums.get(code) if code else (sum((sums[c] for c in children(sums, "")), Decimal(0))
                                           or None)
    codes = children(sums, code)
    rows = [{"code": c, "name": code_name(c, name_year, lang), "value": sums[c],
             "share_percent": (sums[c] / parent * 100).quantize(Decimal("0.01")) if parent else None,
             "has_children": bool(len(c) < 7 and children(sums, c))} for c in codes]
    ds = Dataset("treemap", ("code", "name", "value", "share_percent"), rows)
    response = maybe_download(request, [ds])
    if response is not None:
        return response
    chart = {"type": "treemap", "series": [
        {"name": f"{r['code']} {r['name']}", "value": str(r["value"]),
         "href": _drill_href(request, c) if r["has_children"] else None}
        for c, r in zip(codes, rows)]}
    crumbs = [(c, code_name(c, name_year, lang)) for c in breadcrumbs(code)]
    return page(request, "treemap.html", code=code, crumbs=crumbs, ds=ds, chart=chart, doc=doc,
                filters=f, family=fam, families=v.families, total=parent,
                years=facet_counts(engine, Filters(), None)["year"])


def _drill_href(request: Request, code: str) -> str:
    return url_with(request, code=code, dl=None, format=None)


def compare_rows(a: dict[str, dict], b: dict[str, dict], headline: tuple[str, ...],
                 family: str, every: bool) -> list[dict]:
    """Rows measure / A / B / difference (B − A) / change %: the headline measures, the 类 of
    ``family``, and with ``every`` all other measures either document states."""
    lei = sorted(m for m in {*a, *b} if m.startswith(family + ".")
                 and len(m) == len(family) + 4 and m[-3:].isdigit())
    order = [m for m in headline if m in a or m in b] + lei
    if every:
        order += sorted(m for m in {*a, *b} if m not in set(order))
    rows = []
    for m in order:
        va = a[m]["value"] if m in a else None
        vb = b[m]["value"] if m in b else None
        diff = vb - va if va is not None and vb is not None else None
        pct = (diff / va * 100).quantize(Decimal("0.01")) if diff is not None and va else None
        rows.append({"measure": m, "a": va, "b": vb, "difference": diff, "change_percent": pct,
                     "a_fact": a.get(m), "b_fact": b.get(m)})
    return rows


@router.get("/compare", include_in_schema=False)
def compare(request: Request, a: Optional[int] = Query(None, ge=1),
            b: Optional[int] = Query(None, ge=1), all: bool = Query(False)) -> Response:
    engine, v = _engine(request), views()
    # the pickers' list: the same for every reader until the library changes
    docs = remembered(engine, "compare_documents", (), lambda: list_documents(
        engine, Filters(), DOCUMENTS_MAX, 0, count=False).rows)
    doc_a = get_document(engine, a) if a else None
    doc_b = get_document(engine, b) if b else None
    if (a and doc_a is None) or (b and doc_b is None):
        return not_found(request)
    rows = []
    if doc_a and doc_b and a is not None and b is not None:
        # without ``all``: the headline measures and the 类 of the family (its prefix), not
        # every figure of both documents
        wanted = None if all else (*v.headline, v.default_family + ".")
        rows = compare_rows(document_values(engine, a, measures=wanted),
                            document_values(engine, b, measures=wanted), v.headline,
                            v.default_family, all)
    lang = lang_of(request)
    for r in rows:
        r["name"] = describe(r["measure"], lang)
    ds = Dataset("compare", ("measure", "name", "a", "b", "difference", "change_percent"), rows)
    response = maybe_download(request, [ds])
    if response is not None:
        return response
    head = [r for r in rows if r["measure"] in v.headline and r["a"] is not None
            and r["b"] is not None]
    chart = {"type": "bar", "categories": [r["name"] for r in head],
             "series": [{"name": "A", "data": [str(r["a"]) for r in head]},
                        {"name": "B", "data": [str(r["b"]) for r in head]}]}
    return page(request, "compare.html", docs=docs, doc_a=doc_a, doc_b=doc_b, ds=ds, chart=chart,
                every=all)
