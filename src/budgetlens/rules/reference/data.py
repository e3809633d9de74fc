"""Loading the reference tables of this package into typed, validated records.

Why separate from the lookups: the records and the loader are the data contract (file naming,
columns, validation naming the bad file/line/field); ``__init__`` holds the questions asked of
them (names by code and year, codes by name, structure and status).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, NamedTuple, Optional

from ..schema import Field as F, RuleError, Schema, csv_rows

LEVELS = {3: "类", 5: "款", 7: "项"}
FUNCTION_TABLES = ("func_lei", "func_observed")
ECONOMIC_TABLES = {"econ_dept": "dept", "econ_gov": "gov"}
CROSSWALK_TABLE = "econ_crosswalk_dept_to_gov"
OBSERVED_CORPUS = "func_observed_corpus.csv"
HISTORY_FILE = "func_names_history.csv"
RESERVED_FILE = "func_reserved_items.csv"
REGIONS_TABLE = "regions"
REGION_LEVELS = ("province", "prefecture", "county")
_FILE_RE = re.compile(r"^(?P<table>[a-z_]+?)_(?P<start>\d{4})(?:_(?P<end>\d{4}))?\.csv$")
_CODE_RE = re.compile(r"^\d+$")


_LEVEL = F("level", str, doc="类, 款 or 项 (default: by the code's length)",
           allowed=tuple(LEVELS.values()))
_NAME = F("name", str, True, "the official name")
_VERIFIED = F("verified_by", str, doc="the sources that print it (; separated)")
_NOTES = F("notes", str, doc="free text")
_CODE = F("code", str, True, "the code (3, 5 or 7 digits)")
FUNC_LEI = Schema("func_lei_<year>.csv", "功能分类 类 of a year.",
                  (_CODE, _LEVEL, _NAME, _VERIFIED, _NOTES))
ECONOMIC = Schema("econ_dept_<year>.csv, econ_gov_<year>.csv",
                  "经济分类 codes of a year (部门 / 政府 classification).",
                  (_CODE, _LEVEL, _NAME, F("parent", str, doc="the code above"), _VERIFIED, _NOTES))
OBSERVED = Schema("func_observed_<years>.csv, func_observed_corpus.csv",
                  "功能分类 codes seen printed, with where.", (
    _CODE, _LEVEL, _NAME, F("observed_in", str, doc="where it was printed (; separated)"),
    F("count", str, doc="how often (digits)"), F("years", str, doc="the years (; separated)")))
CROSSWALK = Schema("econ_crosswalk_dept_to_gov_<year>.csv",
                   "部门 经济分类 code → 政府 经济分类 code.", (
    F("dept_code", str, True, "部门 code (3 or 5 digits)"), F("dept_name", str, doc="its name"),
    F("gov_code_admin_unit", str, True, "政府 code of an administrative unit"),
    F("gov_name", str, doc="its name"), _VERIFIED, _NOTES))
HISTORY = Schema(HISTORY_FILE, "Former and variant names of function codes over years.", (
    _CODE, _LEVEL, _NAME, F("valid_from", str, doc="first year (4 digits; empty: open)"),
    F("valid_to", str, doc="last year (4 digits; empty: open)"),
    F("kind", str, True, "former: the official name of those years; variant: another print",
      allowed=("former", "variant")),
    F("source", str, doc="where it is known from"), _NOTES))
RESERVED = Schema(RESERVED_FILE, "项 suffixes with a reserved name (01 行政运行, 99 其他…).", (
    F("suffix", str, True, "two digits"), _NAME,
    F("match", str, True, "how the name is compared", allowed=("exact", "prefix")),
    F("confidence", str, doc="how sure (V verified)"), _NOTES))
REGIONS = Schema("regions_<year>.csv", "The gazetteer of administrative divisions.", (
    F("code", str, True, "6-digit division code"), _NAME,
    F("level", str, True, "its level", allowed=REGION_LEVELS),
    F("parent", str, doc="the code above (empty for a province)"),
    F("aliases", str, doc="other names with a suffix (; separated)"),
    F("short", str, doc="bare short names (; separated)")))
SCHEMAS = (FUNC_LEI, ECONOMIC, OBSERVED, CROSSWALK, HISTORY, RESERVED, REGIONS)
_TABLE_SCHEMAS = {"func_lei": FUNC_LEI, "func_observed": OBSERVED, "econ_dept": ECONOMIC,
                  "econ_gov": ECONOMIC}


#: The rules kit's one error class (:class:`..schema.RuleError`), under this loader's name: a
#: reference file has a bad row; the message names the file, line and field.
ReferenceDataError = RuleError


class CodeEntry(NamedTuple):
    """One classification code as a reference table states it. ``source`` is the file's
    ``verified_by`` / ``observed_in`` column; ``year`` the first year of the file it came from."""

    code: str
    level: str
    name: str
    parent: str = ""
    table: str = ""
    year: Optional[int] = None
    source: str = ""
    count: int = 0  # type: ignore[assignment]  # shadows tuple.count: the CSV column's name
    years: tuple[int, ...] = ()


class NameAlias(NamedTuple):
    """A former or variant name of a function code, valid over ``[valid_from, valid_to]``
    (None = open). ``kind`` is ``former`` (the official name of those years) or ``variant``."""

    code: str
    name: str
    valid_from: Optional[int]
    valid_to: Optional[int]
    kind: str


class ReservedItem(NamedTuple):
    """A 项 suffix with a reserved name (01 行政运行, 50 事业运行, 99 其他…)."""

    suffix: str
    name: str
    match: str  # "exact" or "prefix"


class Region(NamedTuple):
    """One administrative division of the gazetteer (``regions_<year>.csv``): 6-digit code,
    official name, level, parent code, other names with a suffix (``aliases``: 寻甸县) and bare
    short names (``short``: 运城, 新疆)."""

    code: str
    name: str
    level: str
    parent: str
    aliases: tuple[str, ...] = ()
    short: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reference:
    """Everything loaded, by table and start year. Built once by :func:`load_reference`."""

    function: dict[str, dict[int, dict[str, CodeEntry]]]
    economic: dict[str, dict[int, dict[str, CodeEntry]]]
    crosswalk: dict[int, dict[str, CodeEntry]]
    observed: dict[str, tuple[CodeEntry, ...]]
    aliases: tuple[NameAlias, ...]
    reserved: tuple[ReservedItem, ...]


# ---------------------------------------------------------------------------------------------
# Loading and validation
# ---------------------------------------------------------------------------------------------


def _read_rows(name: str, schema: Schema,
               text: Optional[str] = None) -> list[tuple[int, dict[str, str]]]:
    """The rows of a reference CSV, each checked against ``schema`` by the rules kit (unknown
    columns refused, required ones present, allowed values), with their lines."""
    if text is None:
        text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return list(csv_rows(text, schema, name))


def _check_code(file: str, line: int, field: str, code: str, sizes: Iterable[int]) -> str:
    code = code.replace(" ", "")
    if not _CODE_RE.match(code) or len(code) not in tuple(sizes):
        raise RuleError(f"field {field!r}: bad code {code!r}", file=file, line=line, key=field)
    return code


def _to_entry(file: str, line: int, row: dict[str, str], table: str, year: Optional[int]) -> CodeEntry:
    code = _check_code(file, line, "code", row.get("code", ""), (3, 5, 7))
    level = row.get("level", "") or LEVELS[len(code)]
    if level != LEVELS[len(code)]:
        raise RuleError(f"field 'level': {level!r} does not fit code {code}", file=file,
                        line=line, key="level")
    count = row.get("count", "") or "0"
    if not count.isdigit():
        raise RuleError(f"field 'count': {count!r} is not a number", file=file, line=line,
                        key="count")
    parts = [y.strip() for y in (row.get("years") or "").split(";") if y.strip()]
    if not all(y.isdigit() and 1990 <= int(y) <= 2100 for y in parts):
        raise RuleError(f"field 'years': {row.get('years')!r}", file=file, line=line, key="years")
    years = tuple(int(y) for y in parts)
    return CodeEntry(code, level, row["name"], row.get("parent", ""), table, year,
                     row.get("verified_by") or row.get("observed_in", ""), int(count), years)


def _opt_year(file: str, line: int, field: str, value: str) -> Optional[int]:
    if not value:
        return None
    if not (value.isdigit() and len(value) == 4):
        raise RuleError(f"field {field!r}: bad year {value!r}", file=file, line=line, key=field)
    return int(value)


def _load_aliases() -> tuple[NameAlias, ...]:
    out = []
    for line, row in _read_rows(HISTORY_FILE, HISTORY):
        code = _check_code(HISTORY_FILE, line, "code", row["code"], (3, 5, 7))
        out.append(NameAlias(code, row["name"], _opt_year(HISTORY_FILE, line, "valid_from", row.get("valid_from", "")),
                             _opt_year(HISTORY_FILE, line, "valid_to", row.get("valid_to", "")),
                             row["kind"]))
    return tuple(out)


def _load_reserved() -> tuple[ReservedItem, ...]:
    out = []
    for line, row in _read_rows(RESERVED_FILE, RESERVED):
        suffix, match = row["suffix"], row["match"]
        if not (len(suffix) == 2 and suffix.isdigit()):
            raise RuleError(f"field 'suffix': bad suffix {suffix!r}", file=RESERVED_FILE,
                            line=line, key="suffix")
        out.append(ReservedItem(suffix, row["name"], match))
    return tuple(out)


def _load_crosswalk(file: str, year: int) -> dict[str, CodeEntry]:
    out = {}
    for line, row in _read_rows(file, CROSSWALK):
        dept = _check_code(file, line, "dept_code", row.get("dept_code", ""), (3, 5))
        gov = _check_code(file, line, "gov_code_admin_unit", row.get("gov_code_admin_unit", ""), (3, 5))
        out[dept] = CodeEntry(gov, LEVELS[len(gov)], row.get("gov_name", ""), dept, CROSSWALK_TABLE,
                              year, row.get("verified_by", ""))
    return out


def _load_observed_corpus() -> dict[str, tuple[CodeEntry, ...]]:
    if not resources.files(__package__).joinpath(OBSERVED_CORPUS).is_file():
        return {}
    by_code: dict[str, list[CodeEntry]] = {}
    for line, row in _read_rows(OBSERVED_CORPUS, OBSERVED):
        entry = _to_entry(OBSERVED_CORPUS, line, row, "func_observed_corpus", None)
        by_code.setdefault(entry.code, []).append(entry)
    return {c: tuple(sorted(v, key=lambda e: -e.count)) for c, v in by_code.items()}


@lru_cache(maxsize=1)
def load_reference() -> Reference:
    """Load and validate every reference file of this package (once; the result is immutable
    in use). A bad row raises :class:`ReferenceDataError` naming file, line and field: shipped
    data that does not load is a bug, not bad input."""
    function: dict[str, dict[int, dict[str, CodeEntry]]] = {t: {} for t in FUNCTION_TABLES}
    economic: dict[str, dict[int, dict[str, CodeEntry]]] = {s: {} for s in ECONOMIC_TABLES.values()}
    crosswalk: dict[int, dict[str, CodeEntry]] = {}
    for item in sorted(resources.files(__package__).iterdir(), key=lambda p: p.name):
        m = _FILE_RE.match(item.name)
        if not m:
            continue
        table, year = m["table"], int(m["start"])
        if table == CROSSWALK_TABLE:
            crosswalk[year] = _load_crosswalk(item.name, year)
            continue
        target = function.get(table) if table in function else economic.get(ECONOMIC_TABLES.get(table, ""))
        if target is None:
            continue
        entries = [_to_entry(item.name, line, row, table, year)
                   for line, row in _read_rows(item.name, _TABLE_SCHEMAS[table])]
        target[year] = {e.code: e for e in entries}
    return Reference(function, economic, crosswalk, _load_observed_corpus(), _load_aliases(),
                     _load_reserved())


def parse_regions(file: str, text: str) -> tuple[Region, ...]:
    """Validate a gazetteer file: 6-digit unique codes, a known level that fits the code
    (province ..0000, prefecture ....00), a parent that exists one level up (or the province for
    a county directly under it), a non-empty name. Errors name file, line and field."""
    rows = _read_rows(file, REGIONS, text)
    out: dict[str, tuple[int, Region]] = {}
    for line, row in rows:
        code = _check_code(file, line, "code", row.get("code", ""), (6,))
        level = row["level"]
        fits = {"province": code[2:] == "0000", "prefecture": code[2:] != "0000" and code[4:] == "00",
                "county": code[4:] != "00"}
        if not fits[level]:
            raise RuleError(f"field 'level': {level!r} does not fit code {code}", file=file,
                            line=line, key="level")
        if code in out:
            raise RuleError(f"field 'code': {code} repeats line {out[code][0]}", file=file,
                            line=line, key="code")
        split = lambda v: tuple(x.strip() for x in (v or "").split(";") if x.strip())  # noqa: E731
        out[code] = (line, Region(code, row["name"], level, row.get("parent", ""),
                                  split(row.get("aliases")), split(row.get("short"))))
    by_code = {c: r for c, (_, r) in out.items()}  # once: rebuilt per region it was quadratic
    for code, (line, region) in out.items():
        _check_parent(file, line, region, by_code)
    return tuple(r for _, r in out.values())


def _check_parent(file: str, line: int, region: Region, by_code: dict[str, Region]) -> None:
    if region.level == "province":
        if region.parent:
            raise RuleError("field 'parent': a province has none", file=file, line=line,
                            key="parent")
        return
    parent = by_code.get(region.parent)
    allowed = {"prefecture": ("province",), "county": ("prefecture", "province")}[region.level]
    if parent is None or parent.level not in allowed or region.code[:2] != parent.code[:2]:
        raise RuleError(f"field 'parent': {region.parent!r} is not a {'/'.join(allowed)} above "
                        f"{region.code}", file=file, line=line, key="parent")


@lru_cache(maxsize=1)
def load_regions() -> dict[int, tuple[Region, ...]]:
    """Every shipped gazetteer (``regions_<year>.csv``) by year, validated once."""
    out = {}
    for item in resources.files(__package__).iterdir():
        m = _FILE_RE.match(item.name)
        if m and m["table"] == REGIONS_TABLE:
            out[int(m["start"])] = parse_regions(item.name, item.read_text(encoding="utf-8"))
    return out


def select_year(available: Iterable[int], year: Optional[int]) -> Optional[int]:
    """The dictionary year to use: the nearest ≤ ``year``, else the earliest (None if none)."""
    years = sorted(available)
    if not years:
        return None
    if year is None:
        return years[-1]
    below = [y for y in years if y <= year]
    return below[-1] if below else years[0]
