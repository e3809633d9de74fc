"""The API's query parameters, declared once and validated before the library is asked.

Why declared as FastAPI dependencies with ``Literal`` types and patterns: the same declaration
validates (a bad value is a 422 naming the parameter, never a query that silently matches
nothing), documents (OpenAPI at ``/docs`` lists the allowed values) and builds the store's
:class:`~budgetlens.store.query.Filters`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Optional

from fastapi import Query

from ..store.query import DIMENSIONS, Filters

#: Rows per page of a JSON list: the default and the cap.
PAGE_DEFAULT = 100
PAGE_MAX = 1000
#: Rows of one CSV/XLSX download (all matching rows up to this; X-Total-Count says how many match).
DOWNLOAD_MAX = 100_000

Kind = Literal["budget", "final"]
Level = Literal["department", "unit"]
Severity = Literal["info", "warning", "error"]
Scope = Literal["all", "document", "unit"]
Format = Literal["json", "csv", "xlsx"]
ValueKind = Literal["money", "percent", "count"]

MEASURE_PATTERN = r"^[a-z0-9_]+(\.[a-z0-9_]+)*\.?$"


class ApiError(Exception):
    """A request the API refuses: HTTP status, stable code, zh and en messages."""

    def __init__(self, status: int, code: str, message: str, message_en: str):
        super().__init__(message_en)
        self.status, self.code, self.message, self.message_en = status, code, message, message_en


@dataclass(frozen=True)
class Paging:
    """``limit`` and ``offset`` as before, or ``after``: the keyset cursor (the id a page's
    ``next`` named), which reads the same few index entries however deep the page; rows are in
    id order either way, so a cursor page never repeats or skips a row when rows are added."""

    limit: Optional[int]
    offset: int
    format: str
    after: Optional[int] = None

    def resolve(self) -> tuple[int, int]:
        """(limit, offset): a JSON page is at most PAGE_MAX rows, a download DOWNLOAD_MAX."""
        cap = PAGE_MAX if self.format == "json" else DOWNLOAD_MAX
        limit = self.limit if self.limit is not None else (
            PAGE_DEFAULT if self.format == "json" else DOWNLOAD_MAX)
        if limit > cap:
            raise ApiError(422, "limit-too-large", f"limit 最大为 {cap}（当前 {limit}）",
                           f"limit is at most {cap} (got {limit})")
        return limit, self.offset


def paging(limit: Optional[int] = Query(None, ge=1, description=(
               f"每页行数 / rows per page (JSON: default {PAGE_DEFAULT}, max {PAGE_MAX}; "
               f"csv/xlsx: all rows, max {DOWNLOAD_MAX})")),
           offset: int = Query(0, ge=0, description="跳过的行数 / rows to skip"),
           format: Format = Query("json", description="json | csv (UTF-8 with BOM) | xlsx"),
           after: Optional[int] = Query(None, ge=0, description=(
               "游标分页：上一页返回的 next（按 id 排序，不能与 offset 同用）/ keyset cursor: the "
               "previous page's 'next' (rows in id order; not with offset)"))
           ) -> Paging:
    if after is not None and offset:
        raise ApiError(422, "bad-paging", "after 与 offset 不能同时使用",
                       "after and offset cannot be used together")
    return Paging(limit, offset, format, after)


def _region() -> Optional[str]:
    return Query(None, min_length=1, max_length=64, description=(
        "区划代码前缀（3301 = 杭州市及其各区）或地区名称的一部分 / region code prefix or part of "
        "the region's name"))


def _unit() -> Optional[str]:
    return Query(None, min_length=1, max_length=200, description=(
        "单位 id，或单位名称的一部分 / unit id, or part of the unit's name"))


def document_filters(region: Optional[str] = _region(),
                     year: Optional[int] = Query(None, ge=1949, le=2100),
                     kind: Optional[Kind] = Query(None, description="budget 预算 | final 决算"),
                     level: Optional[Level] = Query(None, description="department 部门 | unit 单位"),
                     unit: Optional[str] = _unit()) -> Filters:
    return Filters(region=region, year=year, kind=kind, level=level, unit=unit)


def fact_filters(base: Filters, *, measure: Optional[str], code: Optional[str],
                 basis: Optional[str], document: Optional[int], scope: str,
                 value_kind: Optional[str]) -> Filters:
    return Filters(region=base.region, year=base.year, kind=base.kind, level=base.level,
                   unit=base.unit, measure=measure, code=code, basis=basis, document=document,
                   scope=scope, value_kind=value_kind)


# FastAPI's Query() is typed Any: it stands in for the parameter's value in a signature.
def value_kind_query(default: Optional[str] = None) -> Any:
    return Query(default, description="money 金额（万元）| percent 百分比 | count 数量")


def measure_query(required: bool = False) -> Any:
    return Query(... if required else None, pattern=MEASURE_PATTERN, max_length=200,
                 description="指标键，以 . 结尾为前缀 / measure key; a prefix when it ends with "
                             "'.' (expense.general.function. = 一般公共预算支出按功能分类)")


def code_query() -> Any:
    return Query(None, pattern=r"^[0-9]{3,9}$",
                 description="功能/经济分类代码前缀 / classification code prefix (208, 20805)")


def basis_query(default: Optional[str] = None) -> Any:
    return Query(default, pattern=r"^[a-z_]+$", max_length=40,
                 description="current | prior | change_prior | share | … (docs/measures.md)")


def parse_drilldown(text: Optional[str]) -> tuple[str, ...]:
    """``year|region`` → ("year", "region"); an unknown or repeated dimension is a 422."""
    if not text:
        return ()
    names = tuple(t.strip() for t in text.split("|"))
    for name in names:
        if name not in DIMENSIONS:
            raise ApiError(422, "bad-drilldown", f"未知维度：{name}（可用：{'、'.join(DIMENSIONS)}）",
                           f"unknown dimension: {name} (one of {', '.join(DIMENSIONS)})")
    if len(set(names)) != len(names):
        raise ApiError(422, "bad-drilldown", "维度重复：" + text, "a dimension repeats: " + text)
    return names


def parse_cuts(text: Optional[str]) -> dict[str, str]:
    """``year:2026|region:3301`` → {"year": "2026", "region": "3301"} (checked per dimension)."""
    cuts: dict[str, str] = {}
    for part in (text.split("|") if text else ()):
        name, sep, value = part.partition(":")
        name, value = name.strip(), value.strip()
        if not sep or not value:
            raise ApiError(422, "bad-cut", f"切片应写作 维度:值，收到：{part}",
                           f"a cut is dimension:value, got: {part}")
        if name not in DIMENSIONS:
            raise ApiError(422, "bad-cut", f"未知维度：{name}（可用：{'、'.join(DIMENSIONS)}）",
                           f"unknown dimension: {name} (one of {', '.join(DIMENSIONS)})")
        if name in ("year", "unit", "document") and not value.isdigit():
            raise ApiError(422, "bad-cut", f"{name} 须为整数，收到：{value}",
                           f"{name} must be an integer, got: {value}")
        if name in cuts:
            raise ApiError(422, "bad-cut", f"维度 {name} 重复", f"dimension {name} repeats")
        cuts[name] = value
    return cuts
