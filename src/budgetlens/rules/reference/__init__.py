"""Reference classification tables (政府收支分类科目), shipped as year-versioned package data.

Why year-versioned: the classification changes every year (210 卫生健康支出 was 医疗卫生与计划生育
支出 until 2018), so a code's name depends on the document's year. Each file is named
``<table>_<year>.csv`` (or ``<table>_<from>_<to>.csv``); for a requested year the loader takes the
file with the nearest year ≤ the request, else the earliest one.

Why partial: no complete machine-readable function dictionary is available (see the README of
``/work/shared/domain/reference``). The observed tables (``func_observed_*``, and
``func_observed_corpus.csv`` mined from real documents by ``scripts/mine_codes.py``) say where each
pair was seen; codes missing from every table are reported as *unverified*, never as errors, and are
checked structurally (3/5/7 digits, first digit 2, reserved 项 suffixes).

Public API: :func:`function_name`, :func:`economic_name`, :func:`lookup_function_by_name`,
:func:`is_valid_function_code_structure`, :func:`code_status`, :func:`load_reference`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, NamedTuple, Optional

LEVELS = {3: "类", 5: "款", 7: "项"}
FUNCTION_TABLES = ("func_lei", "func_observed")
ECONOMIC_TABLES = {"econ_dept": "dept", "econ_gov": "gov"}
CROSSWALK_TABLE = "econ_crosswalk_dept_to_gov"
OBSERVED_CORPUS = "func_observed_corpus.csv"
HISTORY_FILE = "func_names_history.csv"
RESERVED_FILE = "func_reserved_items.csv"
_FILE_RE = re.compile(r"^(?P<table>[a-z_]+?)_(?P<start>\d{4})(?:_(?P<end>\d{4}))?\.csv$")
_CODE_RE = re.compile(r"^\d+$")


class ReferenceDataError(ValueError):
    """A reference file has a bad row; the message names the file, line and field."""


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
        text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
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
    if not resources.files(__name__).joinpath(OBSERVED_CORPUS).is_file():
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
    for item in sorted(resources.files(__name__).iterdir(), key=lambda p: p.name):
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


def select_year(available: Iterable[int], year: Optional[int]) -> Optional[int]:
    """The dictionary year to use: the nearest ≤ ``year``, else the earliest (None if none)."""
    years = sorted(available)
    if not years:
        return None
    if year is None:
        return years[-1]
    below = [y for y in years if y <= year]
    return below[-1] if below else years[0]


# ---------------------------------------------------------------------------------------------
# Names by code
# ---------------------------------------------------------------------------------------------


def clean_code(code: str) -> str:
    """"208 05 05" → "2080505"; leaves anything else unchanged apart from spaces."""
    return re.sub(r"\s+", "", str(code))


def _function_entries(code: str, year: Optional[int], ref: Reference) -> list[CodeEntry]:
    out = []
    for table in FUNCTION_TABLES:
        by_year = ref.function.get(table, {})
        y = select_year(by_year, year)
        if y is not None and code in by_year[y]:
            out.append(by_year[y][code])
    return out


def _former_name(code: str, year: Optional[int], ref: Reference) -> Optional[str]:
    if year is None:
        return None
    for a in ref.aliases:
        if a.code == code and a.kind == "former" and (a.valid_from or 0) <= year <= (a.valid_to or 9999):
            return a.name
    return None


def function_name(code: str, year: Optional[int] = None) -> Optional[str]:
    """The name of a 支出功能分类 code in ``year``: a former name valid that year first, then the
    year's dictionaries, then the most often observed name in the mined corpus."""
    ref = load_reference()
    code = clean_code(code)
    former = _former_name(code, year, ref)
    if former:
        return former
    entries = _function_entries(code, year, ref)
    observed_years = {y for e in ref.observed.get(code, ()) for y in e.years}
    # a dictionary chosen only as the earliest available (its year is after the request) yields
    # to names observed in documents of years nearer the request
    if entries and (year is None or (entries[0].year or 0) <= year or not observed_years):
        return entries[0].name
    observed = ref.observed.get(code)
    return _observed_name(observed, year) if observed else None


def _observed_name(entries: tuple[CodeEntry, ...], year: Optional[int]) -> str:
    """The observed name printed in the year nearest ``year`` (20805 was 行政事业单位离退休 in
    2018–2019 documents), ties and unknown years going to the most often printed name."""
    if year is None:
        return entries[0].name
    def distance(e: CodeEntry) -> tuple[int, int]:
        gap = min((abs(y - year) for y in e.years), default=9999)
        return gap, -e.count
    return min(entries, key=distance).name


def economic_name(code: str, year: Optional[int] = None) -> Optional[str]:
    """The name of an economic classification code, 部门 (301–399) or 政府 (501–599) scheme."""
    ref = load_reference()
    code = clean_code(code)
    for by_year in ref.economic.values():
        y = select_year(by_year, year)
        if y is not None and code in by_year[y]:
            return by_year[y][code].name
    return None


def economic_crosswalk(dept_code: str, year: Optional[int] = None) -> Optional[CodeEntry]:
    """The 政府预算经济分类 code a 部门经济分类 code maps to for 行政单位 (entry.parent is the
    department code), or None when the crosswalk does not list it."""
    ref = load_reference()
    y = select_year(ref.crosswalk, year)
    return ref.crosswalk[y].get(clean_code(dept_code)) if y is not None else None


# ---------------------------------------------------------------------------------------------
# Codes by name, structure, status
# ---------------------------------------------------------------------------------------------

_MARKERS_RE = re.compile(r"[(（]\s*[类款项]\s*[)）]|\s+")
_FOLD = str.maketrans({"（": "(", "）": ")", "与": "和", "、": "", "“": "", "”": "", '"': ""})


def name_key(name: str) -> str:
    """A comparison key for names: no spaces, no (类)/(款)/(项) markers, 与 = 和, ASCII brackets.
    Why: documents print 社会保障与就业支出 and 社会保障和就业支出 for the same 类."""
    return _MARKERS_RE.sub("", name or "").translate(_FOLD)


def _key_variants(name: str) -> set[str]:
    key = name_key(name)
    return {key, key[:-2]} if key.endswith("支出") and len(key) > 4 else {key}


def _name_index(year: Optional[int], ref: Reference) -> list[tuple[str, str]]:
    """(code, name) pairs known for ``year``: dictionaries, observed corpus, aliases."""
    pairs: list[tuple[str, str]] = []
    for table in FUNCTION_TABLES:
        by_year = ref.function.get(table, {})
        y = select_year(by_year, year)
        if y is not None:
            pairs += [(e.code, e.name) for e in by_year[y].values()]
    for code, entries in ref.observed.items():
        pairs += [(code, e.name) for e in entries]
    pairs += [(a.code, a.name) for a in ref.aliases]
    return pairs


def lookup_function_by_name(name: str, year: Optional[int] = None,
                            parent: Optional[str] = None) -> Optional[str]:
    """The function code printed with ``name``, or None when unknown or ambiguous.

    类 names are unique; 款/项 names such as 行政运行 repeat under many parents, so they resolve
    only when one code carries the name or ``parent`` (a code prefix) narrows it to one."""
    ref = load_reference()
    wanted = _key_variants(name)
    if not name_key(name):
        return None
    codes = {code for code, n in _name_index(year, ref) if _key_variants(n) & wanted}
    if parent:
        codes = {c for c in codes if c.startswith(clean_code(parent))}
    if len(codes) > 1:
        lei = {c for c in codes if len(c) == 3}
        codes = lei if len(lei) == 1 else codes
    return next(iter(codes)) if len(codes) == 1 else None


def is_valid_function_code_structure(code: str) -> bool:
    """3/5/7 digits, first digit 2 (expenditure), and no 00 款 or 项 segment.
    Why structural: without a full dictionary this is all that can be said of an unknown code."""
    code = clean_code(code)
    if not (_CODE_RE.match(code) and len(code) in LEVELS and code[0] == "2"):
        return False
    return all(code[i:i + 2] != "00" for i in range(3, len(code), 2))


def parent_codes(code: str) -> tuple[str, ...]:
    """"2080505" → ("208", "20805"): the prefix hierarchy of a code."""
    code = clean_code(code)
    return tuple(code[:n] for n in (3, 5) if n < len(code))


def missing_parents(codes: Iterable[str]) -> list[tuple[str, str]]:
    """(code, missing parent) for each code whose 类/款 parent is absent from ``codes`` (a table's
    rows should list 2080505 under 20805 under 208)."""
    present = {clean_code(c) for c in codes}
    return [(c, p) for c in sorted(present) for p in parent_codes(c) if p not in present]


def reserved_item(code: str) -> Optional[ReservedItem]:
    """The reserved-name rule for a code's last segment (01 行政运行, 99 其他…), if any."""
    code = clean_code(code)
    if len(code) < 5:
        return None
    for item in load_reference().reserved:
        if code.endswith(item.suffix) and (len(code) == 7 or item.suffix == "99"):
            return item
    return None


def _reserved_conflict(code: str, name: str, ref: Reference) -> bool:
    """True when ``name`` is a reserved 项 name tied to another suffix (2010350 行政运行), or a
    99 code whose name is not an 其他… residual."""
    key = name_key(name)
    if len(code) == 7:
        for item in ref.reserved:
            if item.match == "exact" and key == name_key(item.name) and not code.endswith(item.suffix):
                return True
    return code.endswith("99") and len(code) >= 5 and not key.startswith("其他")


def code_status(code: str, name: str = "", year: Optional[int] = None) -> str:
    """``known`` (code in a dictionary or the observed corpus, name agrees or not given),
    ``name-mismatch`` (known code printed with another name, or a reserved-suffix name on the
    wrong suffix) or ``unverified`` (not in our partial dictionaries: never an error)."""
    ref = load_reference()
    code = clean_code(code)
    if name and _reserved_conflict(code, name, ref):
        return "name-mismatch"
    curated = [e.name for e in _function_entries(code, year, ref)]
    curated += [a.name for a in ref.aliases if a.code == code]
    observed = ref.observed.get(code, ())
    if not curated and not observed:
        return "unverified"
    if not name or _name_agrees(name, curated + [e.name for e in observed]):
        return "known"
    # Mined names are observations, not a dictionary: they contradict a printed name only when
    # the corpus printed this code under one name, in more than one place.
    settled = (all(_name_agrees(e.name, [observed[0].name]) for e in observed)
               and sum(e.count for e in observed) >= 2)
    return "name-mismatch" if curated or settled else "unverified"


def _name_agrees(name: str, names: list[str]) -> bool:
    """Same name up to spelling variants, or one containing the other (行政运行 printed as
    行政运行（人力资源和社会保障管理事务）)."""
    wanted = _key_variants(name)
    for other in names:
        keys = _key_variants(other)
        if keys & wanted or any(a in b or b in a for a in keys for b in wanted if min(len(a), len(b)) >= 4):
            return True
    return False


__all__ = [
    "CodeEntry", "NameAlias", "ReservedItem", "Reference", "ReferenceDataError", "load_reference",
    "select_year", "clean_code", "function_name", "economic_name", "economic_crosswalk",
    "name_key", "lookup_function_by_name", "is_valid_function_code_structure", "parent_codes",
    "missing_parents", "reserved_item", "code_status",
]
