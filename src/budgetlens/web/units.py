"""The unit page (every document by year, totals over years, budget against final account, 三公
and 机关运行经费 over years, findings) and the item page (one 类/款/项 code across units and years).

Why figures are shaped here and fetched by the store: the store answers "the unit's own figures of
these measures" (one per document and measure, with provenance); which measures a page shows is
data (views.toml); pivoting them into rows per year and chart series is presentation.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import Engine

from ..rules.measures import describe
from ..rules.reference.english import code_name
from ..serve.labels import region_name
from ..store.review import signed_off
from .cross_review import COLUMNS as CROSS_COLUMNS
from .cross_review import of_unit
from .cross_review import rows as cross_rows
from ..store.explore import units_with_unit_rows
from ..store.query import (Filters, evidence_with_boxes, figure_sums, get_unit, list_findings,
                           list_units, unit_names, unit_values)
from .errors import not_found
from .i18n import Translator, views
from .memo import remembered
from .render import Dataset, by_name, lang_of, maybe_download, page

router = APIRouter()
FINDINGS_MAX = 500


def _engine(request: Request) -> Engine:
    return request.app.state.engine


def pivot(values: list[dict], measures: tuple[str, ...]) -> list[dict]:
    """One row per (year, kind) with a column per measure (its value and its document), in
    year order: the shape of "totals over years" and of its download."""
    rows: dict[tuple, dict] = {}
    for v in values:
        row = rows.setdefault((v["year"], v["kind"]), {"year": v["year"], "kind": v["kind"],
                                                       "document_id": v["document_id"]})
        if v["measure"] in measures:
            row[v["measure"]] = v["value"]
            row[v["measure"] + "#fact"] = v
    return [rows[k] for k in sorted(rows, key=lambda k: (k[0] or 0, k[1] or ""))]


def execution(values: list[dict], measures: tuple[str, ...]) -> list[dict]:
    """Budget against final account: for each year with both a budget and a final document, each
    measure's budgeted and final figures, the difference and the execution rate (final ÷ budget).
    Why the budget document's figure and not the final account's 年初预算 column: it is what was
    published as the budget; cross-document findings compare the two separately."""
    by = {(v["year"], v["kind"], v["measure"]): v for v in values}
    out = []
    for year in sorted({v["year"] for v in values if v["year"] is not None}):
        for m in measures:
            b, f = by.get((year, "budget", m)), by.get((year, "final", m))
            if b is None or f is None:
                continue
            diff = f["value"] - b["value"]
            rate = (f["value"] / b["value"] * 100).quantize(Decimal("0.01")) if b["value"] else None
            out.append({"year": year, "measure": m, "budget": b["value"], "final": f["value"],
                        "difference": diff, "rate_percent": rate,
                        "budget_document": b["document_id"], "final_document": f["document_id"]})
    return out


def series_chart(rows: list[dict], measures: tuple[str, ...], lang: str, kind: str) -> dict:
    """Chart data (years on x, one series per measure and document kind) for app.js."""
    t = Translator(lang)
    years = sorted({r["year"] for r in rows if r["year"] is not None})
    series = []
    for kd in ("budget", "final"):
        for m in measures:
            points = {r["year"]: r.get(m) for r in rows if r["kind"] == kd}
            if any(v is not None for v in points.values()):
                series.append({"name": _with_kind(describe(m, lang), t('kind.' + kd), lang),
                               "data": [None if points.get(y) is None else str(points[y])
                                        for y in years]})
    return {"type": kind, "categories": [str(y) for y in years], "series": series}


def _findings(engine: Engine, unit_id: int) -> list[dict]:
    rows = list_findings(engine, Filters(unit=str(unit_id)), FINDINGS_MAX, 0, count=False).rows
    evidence = evidence_with_boxes(engine, [r["id"] for r in rows])
    for r in rows:
        r["evidence"] = evidence[r["id"]]
    return rows


@router.get("/units/{unit_id}", include_in_schema=False)
def unit_page(request: Request, unit_id: int) -> Response:
    engine, v = _engine(request), views()
    unit = get_unit(engine, unit_id)
    if unit is None:
        return not_found(request)
    by_rows = remembered(engine, "units_with_unit_rows", (), lambda: units_with_unit_rows(engine))
    values = unit_values(engine, unit_id, (*v.totals, *v.three_public, *v.execution),
                         by_unit_rows=unit_id in by_rows)
    totals, three = pivot(values, v.totals), pivot(values, v.three_public)
    findings = _findings(engine, unit_id)
    cross = of_unit(request, unit_id)
    docs = sorted(unit["documents"], key=lambda d: (-(d["year"] or 0), d["kind"] or ""))
    signed = signed_off(engine, [d["id"] for d in docs])
    for d in docs:  # the review's sign-off shows (and downloads) beside each document
        found = signed.get(d["id"])
        d["signed_off"] = f"{found['user']} {found['created_at']:%Y-%m-%d %H:%M}" if found else ""
    datasets = [
        Dataset("documents", ("id", "year", "kind", "status", "source", "signed_off"), docs),
        Dataset("totals", ("year", "kind", "document_id", *v.totals), totals),
        Dataset("execution", ("year", "measure", "budget", "final", "difference", "rate_percent",
                              "budget_document", "final_document"), execution(values, v.execution)),
        Dataset("three_public", ("year", "kind", "document_id", *v.three_public), three),
        Dataset("findings", ("id", "document_id", "year", "kind", "rule", "severity", "message",
                             "message_en", "stated", "expected", "difference"), findings),
        Dataset("cross", CROSS_COLUMNS, cross_rows(cross))]
    response = maybe_download(request, datasets)
    if response is not None:
        return response
    lang = lang_of(request)
    charts = {"totals": series_chart(totals, v.totals, lang, "bar"),
              "three_public": series_chart(three, v.three_public, lang, "line")}
    return page(request, "unit.html", unit=unit, ds=by_name(datasets), charts=charts, views=v,
                cross=cross, back=f"/units/{unit_id}")


def _family(value: Optional[str]) -> str:
    v = views()
    return value if value in v.families else v.default_family


@router.get("/items/{code}", include_in_schema=False)
def item_page(request: Request, code: str,
              family: Optional[str] = Query(None, max_length=60),
              kind: Optional[str] = Query(None, pattern="^(budget|final)$")) -> Response:
    """A 类/款/项 across units and years: every unit's figure of ``<family>.<code>``."""
    if not code.isdigit() or len(code) not in (3, 5, 7):
        return not_found(request)
    engine, fam = _engine(request), _family(family)
    f = Filters(measure=f"{fam}.{code}", basis="current", kind=kind, value_kind="money")
    cells = remembered(engine, "figure_sums", (f, ("unit", "year", "kind", "document")),
                           lambda: figure_sums(engine, f, ("unit", "year", "kind", "document")))
    names = unit_names(engine, [c["unit"] for c in cells])
    rows = [{**c, "unit_name": names.get(c["unit"], "")} for c in cells]
    ds = Dataset("item", ("unit", "unit_name", "year", "kind", "document", "sum", "facts"), rows)
    response = maybe_download(request, [ds])
    if response is not None:
        return response
    chart = _item_chart(rows, lang_of(request))
    name = code_name(code, None, lang_of(request))
    return page(request, "item.html", code=code, name=name, family=fam,
                families=views().families, kind=kind, ds=ds, chart=chart)


def _item_chart(rows: list[dict], lang: str) -> dict:
    t = Translator(lang)
    years = sorted({r["year"] for r in rows if r["year"] is not None})
    series: dict[str, dict] = {}
    for r in rows:
        name = _with_kind(r["unit_name"], t("kind." + r["kind"]) if r["kind"] else "", lang)
        s = series.setdefault(name, {"name": name, "data": [None] * len(years)})
        if r["year"] in years:
            s["data"][years.index(r["year"])] = str(r["sum"])
    return {"type": "line", "categories": [str(y) for y in years], "series": list(series.values())}


@router.get("/regions/{code}", include_in_schema=False)
def region_page(request: Request, code: str) -> Response:
    """A region (a code prefix: 31 = Shanghai, 310107 = 普陀区) with aggregates: totals by year
    and kind summed over its documents' own figures, each unit's totals, and its units."""
    if not code.isdigit() or not 2 <= len(code) <= 12:
        return not_found(request)
    engine = _engine(request)
    f = Filters(region=code, measure="expense.total", basis="current", scope="document",
                value_kind="money")
    by_year = remembered(engine, "figure_sums", (f, ("year", "kind")),
                           lambda: figure_sums(engine, f, ("year", "kind")))
    by_unit = remembered(engine, "figure_sums", (f, ("unit", "year", "kind")),
                           lambda: figure_sums(engine, f, ("unit", "year", "kind")))
    names = unit_names(engine, [c["unit"] for c in by_unit])
    for c in by_unit:
        c["unit_name"] = names.get(c["unit"], "")
    units = list_units(engine, Filters(region=code), 1000, 0).rows
    if not units and not by_year:
        return not_found(request)
    datasets = [Dataset("years", ("year", "kind", "sum", "facts"), by_year),
                Dataset("units", ("unit", "unit_name", "year", "kind", "sum"), by_unit)]
    response = maybe_download(request, datasets)
    if response is not None:
        return response
    chart = _region_chart(by_year, lang_of(request))
    name = _region_name(code, units, lang_of(request))
    return page(request, "region.html", code=code, name=name, ds=by_name(datasets), chart=chart,
                units=units)


def _region_name(code: str, units: list[dict], lang: str) -> str:
    """The division a code (or code prefix: 31 = 310000) names, from the gazetteer, in the page's
    language; else the region its first unit was stored with (a code the gazetteer lacks)."""
    name = region_name(code, lang)
    if name != code:
        return name
    return next((u["region"] for u in units if u["region"]), code)


def _with_kind(name: str, kind: str, lang: str) -> str:
    """A chart series' name with its kind in brackets of the page's language."""
    return f"{name} ({kind})" if lang == "en" else f"{name}（{kind}）"


def _region_chart(rows: list[dict], lang: str) -> dict:
    t = Translator(lang)
    years = sorted({r["year"] for r in rows if r["year"] is not None})
    series = []
    for kd in ("budget", "final"):
        points = {r["year"]: r["sum"] for r in rows if r["kind"] == kd}
        if points:
            name = _with_kind(describe("expense.total", lang), t("kind." + kd), lang)
            series.append({"name": name,
                           "data": [str(points[y]) if y in points else None for y in years]})
    return {"type": "bar", "categories": [str(y) for y in years], "series": series}
