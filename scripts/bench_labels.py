"""Benchmark labels: load, validate and describe the hand-checked key facts and defects of
``benchmark/labels/<doc-id>.toml`` (format: docs/accuracy.md).

Why a module of its own: the scorer (``scripts/score_benchmark.py``), the labelling helper
(``scripts/label_helper.py``) and the test (``tests/test_benchmark_labels.py``) must read the
labels the same way, and a label file a reviewer edited by hand must fail loudly with the file
and the field named, not be half-read.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
LABELS_DIR = ROOT / "benchmark" / "labels"
SPLIT_FILE = ROOT / "benchmark" / "split.toml"
SHARED = ROOT / ".." / "shared"

FAMILIES = ("table_totals", "function", "three_public", "admin_cost", "changes", "counts")
BASES = ("current", "prior", "initial_budget", "adjusted_budget", "prior_execution",
         "change_prior", "change_initial_budget", "change_adjusted_budget",
         "change_prior_execution", "pct_change_prior", "pct_change_initial_budget",
         "pct_change_adjusted_budget", "pct_change_prior_execution", "share",
         "completion_initial_budget", "completion_adjusted_budget")
KINDS = ("budget", "final")
LEVELS = ("department", "unit")
DEFECT_FAMILIES = ("consistency", "sum", "change", "percent", "share", "completion", "form")
_NUMBER = re.compile(r"^[-−]?\d[\d,，]*(?:\.\d+)?$")


class LabelError(ValueError):
    """A label file is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class FactLabel:
    """One printed key fact: where it is, what it says, and which measure it is."""

    measure: str
    basis: str
    family: str
    page: int
    where: str
    printed: str
    value: Decimal
    decimals: int
    checked: str
    scope: str = ""
    origin: str = "table"
    description: str = ""
    quote: str = ""


@dataclass(frozen=True)
class Defect:
    """A verified inconsistency of the document itself (not of the tool)."""

    family: str
    rules: tuple[str, ...]
    pages: tuple[int, ...]
    description: str
    checked: str
    measure: str = ""
    stated: str = ""
    expected: str = ""
    source: str = ""


@dataclass(frozen=True)
class FalseFinding:
    """A finding the tool raised on this document that was judged false on the page."""

    rule: str
    pages: tuple[int, ...]
    reason: str
    measure: str = ""


@dataclass(frozen=True)
class DocLabels:
    doc_id: str
    file: str
    region: str
    year: int
    kind: str
    level: str
    pages: int
    facts: tuple[FactLabel, ...] = ()
    defects: tuple[Defect, ...] = ()
    false_findings: tuple[FalseFinding, ...] = ()
    notes: str = ""
    path: Path = field(default=Path("."))

    @property
    def source_path(self) -> Path:
        return SHARED / self.file

    @property
    def province(self) -> str:
        """The region's first division (the stratum of the split): 江苏省, 上海市, ..."""
        m = re.match(r"^(.+?(?:省|自治区|市))", self.region)
        return m.group(1) if m else self.region


def decimals_of(printed: str) -> int:
    text = printed.replace(",", "").replace("，", "").strip().rstrip("%")
    return len(text.split(".", 1)[1]) if "." in text else 0


def _req(table: dict, key: str, where: str, kind=str):
    if key not in table:
        raise LabelError(f"{where}: missing field {key!r}")
    value = table[key]
    if kind is int and isinstance(value, bool) or not isinstance(value, kind):
        raise LabelError(f"{where}: field {key!r} must be {kind.__name__}, got {value!r}")
    return value


def _pages(table: dict, where: str) -> tuple[int, ...]:
    pages = table.get("pages", [table["page"]] if "page" in table else [])
    if not isinstance(pages, list) or not all(isinstance(p, int) for p in pages):
        raise LabelError(f"{where}: field 'pages' must be a list of page numbers")
    return tuple(pages)


def _fact(t: dict, where: str) -> FactLabel:
    basis = _req(t, "basis", where)
    if basis not in BASES:
        raise LabelError(f"{where}: field 'basis': {basis!r} is not one of {BASES}")
    family = _req(t, "family", where)
    if family not in FAMILIES:
        raise LabelError(f"{where}: field 'family': {family!r} is not one of {FAMILIES}")
    printed = str(_req(t, "printed", where)).strip()
    if not _NUMBER.match(printed.rstrip("%")):
        raise LabelError(f"{where}: field 'printed': {printed!r} is not a number as printed")
    try:
        value = Decimal(str(_req(t, "value", where)))
    except InvalidOperation as exc:
        raise LabelError(f"{where}: field 'value' is not a decimal") from exc
    measure = _req(t, "measure", where)
    if not measure and not t.get("description"):
        raise LabelError(f"{where}: an unmapped fact (measure = \"\") needs a 'description'")
    return FactLabel(measure=measure, basis=basis, family=family,
                     page=_req(t, "page", where, int), where=_req(t, "where", where),
                     printed=printed, value=value,
                     decimals=int(t.get("decimals", decimals_of(printed)
                                        + (4 if t.get("unit") == "元" else 0))),
                     checked=_req(t, "checked", where), scope=t.get("scope", ""),
                     origin=t.get("origin", "table"), description=t.get("description", ""),
                     quote=t.get("quote", ""))


def _defect(t: dict, where: str) -> Defect:
    family = _req(t, "family", where)
    if family not in DEFECT_FAMILIES:
        raise LabelError(f"{where}: field 'family': {family!r} not in {DEFECT_FAMILIES}")
    rules = t.get("rules", [])
    if not isinstance(rules, list) or not rules:
        raise LabelError(f"{where}: field 'rules' must list the rule ids that may report it")
    return Defect(family=family, rules=tuple(rules), pages=_pages(t, where),
                  description=_req(t, "description", where), checked=_req(t, "checked", where),
                  measure=t.get("measure", ""), stated=str(t.get("stated", "")),
                  expected=str(t.get("expected", "")), source=t.get("source", ""))


def parse_labels(text: str, path: Path) -> DocLabels:
    """Parse one label file; raise LabelError naming the bad field."""
    name = path.name
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LabelError(f"{name}: not valid TOML: {exc}") from exc
    doc = data.get("document")
    if not isinstance(doc, dict):
        raise LabelError(f"{name}: missing [document] table")
    w = f"{name} [document]"
    kind, level = _req(doc, "kind", w), _req(doc, "level", w)
    if kind not in KINDS or level not in LEVELS:
        raise LabelError(f"{w}: kind/level must be one of {KINDS} / {LEVELS}")
    facts = tuple(_fact(t, f"{name} fact #{i + 1}")
                  for i, t in enumerate(data.get("fact", [])))
    defects = tuple(_defect(t, f"{name} defect #{i + 1}")
                    for i, t in enumerate(data.get("defect", [])))
    false_findings = tuple(
        FalseFinding(rule=_req(t, "rule", f"{name} false_finding #{i + 1}"),
                     pages=_pages(t, f"{name} false_finding #{i + 1}"),
                     reason=_req(t, "reason", f"{name} false_finding #{i + 1}"),
                     measure=t.get("measure", ""))
        for i, t in enumerate(data.get("false_finding", [])))
    return DocLabels(doc_id=_req(doc, "id", w), file=_req(doc, "file", w),
                     region=_req(doc, "region", w), year=_req(doc, "year", w, int), kind=kind,
                     level=level, pages=_req(doc, "pages", w, int), facts=facts, defects=defects,
                     false_findings=false_findings, notes=doc.get("notes", ""), path=path)


def load_all(labels_dir: Path = LABELS_DIR) -> list[DocLabels]:
    docs = [parse_labels(p.read_text(encoding="utf-8"), p)
            for p in sorted(labels_dir.glob("*.toml"))]
    for d in docs:
        if d.path.stem != d.doc_id:
            raise LabelError(f"{d.path.name}: [document] id {d.doc_id!r} is not the file name")
    return docs


def load_split(path: Path = SPLIT_FILE) -> dict[str, str]:
    """doc id → "dev" | "test"."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = {}
    for part in ("dev", "test"):
        for doc_id in data.get(part, {}).get("documents", []):
            if doc_id in out:
                raise LabelError(f"split.toml: {doc_id} is in both parts")
            out[doc_id] = part
    return out


def toml_str(value: str) -> str:
    """A TOML basic string (the writer side of the helper; tomllib only reads)."""
    esc = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("\t", " ")
    return f'"{esc}"'


def measure_known(key: str) -> Optional[bool]:
    """True when the measure registry knows the key (templated families included)."""
    from budgetlens.rules import measures

    return measures.get(key) is not None
