"""Loading the reference tables of this package into typed, validated records.

Why separate from the lookups: the records and the loader are the data contract (file naming,
columns, validation naming the bad file/line/field); ``__init__`` holds the questions asked of
them (names by code and year, codes by name, structure and status).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, NamedTuple, Optional

from ..schema import RuleError

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
    count: int = 0
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


def _read_rows(name: str, text: Optional[str] = None) -> list[tuple[int, dict[str, str]]]:
    if text is None:
        text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines())
    return [(i + 2, {k: (v or "").strip() for k, v in row.items() if k}) for i, row in enumerate(reader)]


def _check_code(file: str, line: int, field: str, code: str, sizes: Iterable[int]) -> str:
    code = code.replace(" ", "")
    if not _CODE_RE.match(code) or len(code) not in tuple(sizes):
        raise ReferenceDataError(f"{file}:{line}: field {field!r}: bad code {code!r}")
    return code


def _to_entry(file: str, line: int, row: dict[str, str], table: str, year: Optional[int]) -> CodeEntry:
    code = _check_code(file, line, "code", row.get("code", ""), (3, 5, 7))
    level = row.get("level", "") or LEVELS[len(code)]
    if level != LEVELS[len(code)]:
        raise ReferenceDataError(f"{file}:{line}: field 'level': {level!r} does not fit code {code}")
    if not row.get("name"):
        raise ReferenceDataError(f"{file}:{line}: field 'name' is empty")
    count = row.get("count", "") or "0"
    if not count.isdigit():
        raise ReferenceDataError(f"{file}:{line}: field 'count': {count!r} is not a number")
    years = tuple(int(y) for y in (row.get("years") or "").split(";") if y.strip())
    if any(not 1990 <= y <= 2100 for y in years):
        raise ReferenceDataError(f"{file}:{line}: field 'years': {row.get('years')!r}")
    return CodeEntry(code, level, row["name"], row.get("parent", ""), table, year,
                     row.get("verified_by") or row.get("observed_in", ""), int(count), years)


def _opt_year(file: str, line: int, field: str, value: str) -> Optional[int]:
    if not value:
        return None
    if not (value.isdigit() and len(value) == 4):
        raise ReferenceDataError(f"{file}:{line}: field {field!r}: bad year {value!r}")
    return int(value)


def _load_aliases() -> tuple[NameAlias, ...]:
    out = []
    for line, row in _read_rows(HISTORY_FILE):
        code = _check_code(HISTORY_FILE, line, "code", row.get("code", ""), (3, 5, 7))
        kind = row.get("kind", "")
        if kind not in ("former", "variant"):
            raise ReferenceDataError(f"{HISTORY_FILE}:{line}: field 'kind': {kind!r}")
        out.append(NameAlias(code, row["name"], _opt_year(HISTORY_FILE, line, "valid_from", row.get("valid_from", "")),
                             _opt_year(HISTORY_FILE, line, "valid_to", row.get("valid_to", "")), kind))
    return tuple(out)


def _load_reserved() -> tuple[ReservedItem, ...]:
    out = []
    for line, row in _read_rows(RESERVED_FILE):
        suffix, match = row.get("suffix", ""), row.get("match", "")
        if not (len(suffix) == 2 and suffix.isdigit()) or match not in ("exact", "prefix"):
            raise ReferenceDataError(f"{RESERVED_FILE}:{line}: bad suffix {suffix!r} or match {match!r}")
        out.append(ReservedItem(suffix, row["name"], match))
    return tuple(out)


def _load_crosswalk(file: str, year: int) -> dict[str, CodeEntry]:
    out = {}
    for line, row in _read_rows(file):
        dept = _check_code(file, line, "dept_code", row.get("dept_code", ""), (3, 5))
        gov = _check_code(file, line, "gov_code_admin_unit", row.get("gov_code_admin_unit", ""), (3, 5))
        out[dept] = CodeEntry(gov, LEVELS[len(gov)], row.get("gov_name", ""), dept, CROSSWALK_TABLE,
                              year, row.get("verified_by", ""))
    return out


def _load_observed_corpus() -> dict[str, tuple[CodeEntry, ...]]:
    if not resources.files(__package__).joinpath(OBSERVED_CORPUS).is_file():
        return {}
    by_code: dict[str, list[CodeEntry]] = {}
    for line, row in _read_rows(OBSERVED_CORPUS):
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
        entries = [_to_entry(item.name, line, row, table, year) for line, row in _read_rows(item.name)]
        target[year] = {e.code: e for e in entries}
    return Reference(function, economic, crosswalk, _load_observed_corpus(), _load_aliases(),
                     _load_reserved())


def parse_regions(file: str, text: str) -> tuple[Region, ...]:
    """Validate a gazetteer file: 6-digit unique codes, a known level that fits the code
    (province ..0000, prefecture ....00), a parent that exists one level up (or the province for
    a county directly under it), a non-empty name. Errors name file, line and field."""
    rows = _read_rows(file, text)
    out: dict[str, tuple[int, Region]] = {}
    for line, row in rows:
        code = _check_code(file, line, "code", row.get("code", ""), (6,))
        level = row.get("level", "")
        fits = {"province": code[2:] == "0000", "prefecture": code[2:] != "0000" and code[4:] == "00",
                "county": code[4:] != "00"}
        if level not in REGION_LEVELS or not fits[level]:
            raise ReferenceDataError(f"{file}:{line}: field 'level': {level!r} does not fit code {code}")
        if not row.get("name"):
            raise ReferenceDataError(f"{file}:{line}: field 'name' is empty")
        if code in out:
            raise ReferenceDataError(f"{file}:{line}: field 'code': {code} repeats line {out[code][0]}")
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
            raise ReferenceDataError(f"{file}:{line}: field 'parent': a province has none")
        return
    parent = by_code.get(region.parent)
    allowed = {"prefecture": ("province",), "county": ("prefecture", "province")}[region.level]
    if parent is None or parent.level not in allowed or region.code[:2] != parent.code[:2]:
        raise ReferenceDataError(f"{file}:{line}: field 'parent': {region.parent!r} is not a "
                                 f"{'/'.join(allowed)} above {region.code}")


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
