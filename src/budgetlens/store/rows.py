"""Conversions from the pipeline's records (model.Result, Disclosure, Audit) to table rows.

Why plain dicts for bulk inserts: a large disclosure has 16,000 facts; one executemany of dicts
through SQLAlchemy Core is an order of magnitude faster than building ORM objects, and storing must
stay a small fraction of extraction time (scripts/ingest_benchmark.py measures it). The store only
reads the records' public fields: it never looks inside extract or reconcile.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from ..model import (Claim, Diagnostic, Evidence, Fact, Finding, Result, Source, TableInfo,
                     scope_unit)

#: One line, and not a novel: a stored failure reason is for a list of failures.
MAX_REASON = 500


@dataclass(frozen=True)
class FileRecord:
    """What the caller knows of an input file before it is processed: where it came from, its
    content hash and size, and the bytes to keep (None when they are not kept, or the file could not
    be opened: then ``sha256`` is None too)."""

    source: str
    sha256: Optional[str]
    size: Optional[int] = None
    content: Optional[bytes] = None


@dataclass(frozen=True)
class UnitName:
    """A unit to get or create: printed name, region and level, and the unit it was printed under;
    ``code``: a unit code printed glued to the name (rules/units.toml ``code_digits``)."""

    name: str
    region_code: str
    region: Optional[str]
    level: Optional[str]
    code: Optional[str] = None


def name_key(name: str) -> str:
    """The key units are matched by: NFKC (full-width brackets and digits fold to half-width) and
    no whitespace, because the same unit is printed with and without spaces across documents."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def one_line(text: Optional[str]) -> Optional[str]:
    if text is None:
        return None
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_REASON else flat[:MAX_REASON - 1] + "…"


def to_document_row(file: FileRecord, result: Result, *, extractor_version: str,
                    run_id: Optional[int], read_at: datetime, unit_id: Optional[int]) -> dict:
    """The ``documents`` row: metadata of the disclosure (if any) and the outcome."""
    d = result.disclosure
    md = d.metadata if d else None
    audit = result.audit
    return {
        "sha256": file.sha256, "extractor_version": extractor_version, "run_id": run_id,
        "source": file.source, "status": result.status, "error_code": result.error_code,
        "reason": one_line(result.error), "format": d.format if d else None,
        "kind": md.kind if md else None, "year": md.year if md else None,
        "level": md.level if md else None, "unit_name": md.unit if md else None,
        "region": md.region if md else None, "region_code": md.region_code if md else None,
        "template": md.template if md else None, "unit_id": unit_id,
        "pages": d.n_pages if d else None, "n_tables": len(d.tables) if d else 0,
        "n_facts": len(d.facts) if d else 0, "n_claims": len(d.claims) if d else 0,
        "n_findings": len(audit.findings) if audit else 0,
        "checks_run": audit.checks_run if audit else 0,
        "identities_evaluated": audit.identities_evaluated if audit else 0,
        "identities_held": audit.identities_held if audit else 0,
        "read_at": read_at, "seconds": sum(s for _, s in result.timings) or None,
    }


def to_unit_names(result: Result) -> tuple[Optional[UnitName], tuple[str, ...]]:
    """The disclosure's own unit, and the names of the budget units its tables break figures down
    by (their parent is the disclosure's unit: that is where they were printed). A breakdown row
    may name the disclosure's own unit: the caller maps it to that unit."""
    own, d = own_unit(result), result.disclosure
    if own is None or d is None:
        return None, ()
    names = sorted({u for u in (scope_unit(f.scope) for f in d.facts) if u})
    return own, tuple(names)


def own_unit(result: Result) -> Optional[UnitName]:
    """The disclosure's own unit (None when nothing names one)."""
    d = result.disclosure
    md = d.metadata if d is not None else None
    if d is None or md is None or not md.unit:
        return None
    return UnitName(md.unit, md.region_code or "", md.region, md.level)


def _where(source: Source) -> dict:
    box = source.bbox or (None, None, None, None)
    return {"page": source.page, "line": source.line, "table_idx": source.table,
            "row": source.row, "col": source.column, "x0": box[0], "top": box[1],
            "x1": box[2], "bottom": box[3], "text": source.text}


def to_fact_row(document_id: int, fact: Fact, unit_ids: dict[str, int]) -> dict:
    derived = is_derived(fact)
    row = _where(fact.source)
    row.update(document_id=document_id, measure=fact.measure, basis=fact.basis, value=fact.value,
               decimals=fact.decimals, kind=fact.kind, origin=fact.origin, derived=derived,
               blank=fact.blank, scope=fact.scope, unit_id=unit_ids.get(scope_unit(fact.scope)),
               label=fact.label, of=fact.of, derivation=None, identity=None, derived_from=None)
    if derived:
        row.update(zip(("derivation", "identity", "derived_from"), derived_fields(fact)))
    return row


def is_derived(fact: Fact) -> bool:
    """A fact implied by others (or one that names inputs): its row keeps them."""
    return fact.origin == "derived" or bool(fact.derived_from)


def derived_fields(fact: Fact) -> tuple[Optional[str], Optional[str], str]:
    """``derivation``, ``identity`` and ``derived_from`` (JSON) of a derived fact's row: its
    provenance is its inputs, kept as the JSON output shows them (:meth:`Fact.to_dict`)."""
    shown = fact.to_dict()
    return (shown.get("derivation") or None, shown.get("identity") or None,
            json.dumps(shown.get("derived_from", []), ensure_ascii=False, default=str))


def to_table_row(document_id: int, table: TableInfo) -> dict:
    pages = table.pages or (table.page,)
    return {"document_id": document_id, "idx": table.index, "role": table.role,
            "title": table.title, "page_first": min(pages), "page_last": max(pages),
            "money_unit": table.money_unit, "empty": table.empty, "note": table.note}


def to_finding_row(document_id: int, finding: Finding) -> dict:
    return {"document_id": document_id, "rule": finding.rule, "category": finding.category,
            "severity": finding.severity, "message": finding.message,
            "message_en": finding.message_en, "stated": finding.stated,
            "expected": finding.expected, "difference": finding.difference,
            "tolerance": finding.tolerance, "measure": finding.measure, "basis": finding.basis,
            "cause": finding.cause or None, "severity_as_read": finding.severity_as_read or None}


def to_evidence_rows(finding_id: int, evidence: tuple[Evidence, ...]) -> list[dict]:
    rows = []
    for position, e in enumerate(evidence):
        row = _where(e.source)
        row.update(finding_id=finding_id, position=position, role=e.role, measure=e.measure,
                   basis=e.basis, value=e.value)
        rows.append(row)
    return rows


def to_claim_row(document_id: int, claim: Claim) -> dict:
    src = claim.source
    box = src.bbox or (None, None, None, None)
    return {"document_id": document_id, "kind": claim.kind, "measure": claim.measure,
            "basis": claim.basis, "value": claim.value, "page": src.page, "line": src.line,
            "text": claim.text, "x0": box[0], "top": box[1], "x1": box[2], "bottom": box[3]}


def to_diagnostic_row(document_id: int, diagnostic: Diagnostic) -> dict:
    src = diagnostic.source
    return {"document_id": document_id, "code": diagnostic.code, "severity": diagnostic.severity,
            "message": diagnostic.message, "message_en": diagnostic.message_en,
            "page": src.page if src else None, "line": src.line if src else None}
