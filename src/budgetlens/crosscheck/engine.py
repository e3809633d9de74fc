"""The cross-document engine: pair the library's documents as each check declares, read their
figures, hand each pair to the evaluator of the check's kind.

Why pairs of documents rather than pooled units: a year of a unit may be published as several
files (Jiangsu prints the narrative and the tables apart), and each file's figure is printed on
its own page; a finding must cite the very document and cell it is about. Documents are paired
when they belong to one unit identity (``store.units``), are of the check's kinds, the declared
year apart, and of one level (a 本级 document is not its department's consolidated one).

The audit's one evaluator protocol (:mod:`budgetlens.reconcile.protocol`), over pairs: a check
of no registered kind, one whose parameters do not fit its evaluator and an evaluator that raises
each become a :class:`~budgetlens.model.Diagnostic` of the run (the same wording and codes as the
single-document audit, ``crosscheck-…``) and the rest goes on; a check that cannot be judged —
the document it would be checked against is not in the library, or the two print no figure in
common — is an :class:`~budgetlens.model.Assessment` (not assessable, and why), as in the audit.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping, Optional, Sequence

from sqlalchemy import Engine

from ..model import Assessment, Diagnostic
from ..reconcile.protocol import (CheckFunction, Evaluator, failed, invalid, runs, unhandled,
                                  validate_params)
from ..rules.cross_document import CrossCheck
from ..store.cross import (CrossRecord, StoredDocument, StoredFact, current_documents,
                           document_claims, document_facts)
from .evaluators import REGISTRY, VIEWS, Pair, matches
from .figures import pick
from .reasons import Reasons, find_reasons

#: Documents whose figures are kept in memory at once (pairs are visited unit by unit).
CACHE_DOCUMENTS = 32
#: How this stage's diagnostics are coded (``crosscheck-evaluator-failed`` …).
STAGE = "crosscheck"
#: The document kinds as a not-assessable record names them (zh, en).
DOC_KIND_NAMES = {"budget": ("预算", "budget"), "final": ("决算", "final account")}


@dataclass
class Outcome:
    """What a run found: the findings, the document pairs and the figures compared per check,
    the checks not assessable (per document or pair) and the diagnostics (checks that could not
    run)."""

    records: list[CrossRecord] = field(default_factory=list)
    pairs: dict[str, int] = field(default_factory=dict)
    compared: dict[str, int] = field(default_factory=dict)
    not_assessable: list[Assessment] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    documents: int = 0


def _same_level(a: StoredDocument, b: StoredDocument) -> bool:
    return a.level is None or b.level is None or a.level == b.level


def pairs_for(check: CrossCheck, docs: Sequence[StoredDocument]
              ) -> Iterator[tuple[StoredDocument, StoredDocument]]:
    """(checked, against) documents of one unit identity as the check declares them."""
    index: dict[tuple[int, str, int], list[StoredDocument]] = {}
    for d in docs:
        index.setdefault((d.unit, d.kind, d.year), []).append(d)
    for d in sorted(docs, key=lambda x: (x.unit, x.year, x.id)):
        if d.kind != check.checked.kind:
            continue
        for other in index.get((d.unit, check.against.kind, d.year + check.against.year_offset), ()):
            if other.id != d.id and _same_level(d, other):
                yield d, other


class _Figures:
    """Figures (and reasons) of documents, read once and kept for the next few pairs."""

    def __init__(self, engine: Engine, checks: Sequence[CrossCheck]):
        self.engine = engine
        self.bases = sorted({b for c in checks for b in (c.checked.basis, c.against.basis,
                                                          *c.reason_bases)})
        self.kinds = sorted({k for c in checks for k in c.value_kinds})
        self._facts: OrderedDict[int, list[StoredFact]] = OrderedDict()

    def facts(self, doc: StoredDocument) -> list[StoredFact]:
        hit = self._facts.get(doc.id)
        if hit is None:
            hit = document_facts(self.engine, doc.id, self.bases, self.kinds)
            self._facts[doc.id] = hit
            if len(self._facts) > CACHE_DOCUMENTS:
                self._facts.popitem(last=False)
        else:
            self._facts.move_to_end(doc.id)
        return hit

    def reasons(self, doc: StoredDocument, check: CrossCheck) -> Reasons:
        claims = document_claims(self.engine, doc.id, ("reason",)) if doc.n_claims else []
        return find_reasons(doc.id, doc.n_claims is not None, self.facts(doc), claims,
                            check.reason_bases, check.reason_lines)


def _pair(figures: _Figures, check: CrossCheck, d: StoredDocument, o: StoredDocument) -> Pair:
    reasons = figures.reasons(d, check) if check.rule.kind != "same_figure" else None
    return Pair(check, d, o, pick(figures.facts(d)), pick(figures.facts(o)), reasons)


def evaluate(engine: Engine, checks: Iterable[CrossCheck], *,
             registry: Mapping[str, Evaluator] = REGISTRY,
             documents: Optional[Sequence[StoredDocument]] = None) -> Outcome:
    """Run every check over the library's current documents (or ``documents``)."""
    checks = list(checks)
    docs = list(documents) if documents is not None else current_documents(engine)
    out = Outcome(documents=len(docs))
    figures = _Figures(engine, checks)
    for check in checks:
        run = _runnable(check, registry, out.diagnostics)
        if run is None:
            continue
        n = compared = 0
        paired: set[int] = set()
        for d, o in pairs_for(check, docs):
            n += 1
            paired.add(d.id)
            compared += _run_pair(run, figures, check, (d, o), out)
        out.not_assessable += unpaired(check, docs, paired)
        out.pairs[check.id] = n
        out.compared[check.id] = compared
    return out


def _runnable(check: CrossCheck, registry: Mapping[str, Evaluator],
              diagnostics: list[Diagnostic]) -> Optional[CheckFunction]:
    """The check's check function, or None with the diagnostic that says why it does not run."""
    evaluator = runs(registry, check.rule.kind, VIEWS)  # a single-document kind is reconcile's
    if evaluator is None or evaluator.check is None:  # a declaration that only words something
        diagnostics.append(unhandled(check.rule, STAGE))
        return None
    problems = validate_params(check.rule, evaluator)
    if problems:
        diagnostics.append(invalid(check.rule, problems, STAGE))
        return None
    return evaluator.check


def _run_pair(run: CheckFunction, figures: _Figures, check: CrossCheck,
              docs: tuple[StoredDocument, StoredDocument], out: Outcome) -> int:
    """One pair through the evaluator; the number of figures compared. Its items are sorted by
    record: findings, not-assessable records, diagnostics."""
    d, o = docs
    compared = 0
    try:
        pair = _pair(figures, check, d, o)
        compared = sum(1 for _ in matches(pair))
        if compared == 0:
            out.not_assessable.append(_nothing_in_common(check, d, o))
            return 0
        items = list(run(check.rule, pair))
    except Exception as exc:  # a bug in one evaluator: report it, run the others
        out.diagnostics.append(failed(check.rule, exc, STAGE, f"{d.source} ↔ {o.source}"))
        return compared
    for item in items:
        if isinstance(item, Assessment):
            out.not_assessable.append(item)
        elif isinstance(item, Diagnostic):
            out.diagnostics.append(item)
        else:
            out.records.append(item)
    return compared


def unpaired(check: CrossCheck, docs: Sequence[StoredDocument], paired: set[int]
             ) -> list[Assessment]:
    """A not-assessable record for each document the check would judge (of its checked kind)
    whose counterpart — same unit and level, the other kind, the declared year — is not among
    ``docs``: nothing to compare it with, which is not the same as agreeing."""
    side = check.against
    zh_kind, en_kind = DOC_KIND_NAMES.get(side.kind, (side.kind, side.kind))
    out = []
    for d in docs:
        if d.kind != check.checked.kind or d.id in paired:
            continue
        year = d.year + side.year_offset
        out.append(Assessment(
            check.id, f"{d.source}：资料库中没有同一单位{year}年度的{zh_kind}文件，无法核对",
            f"{d.source}: the library holds no {en_kind} document of the same unit for {year}; "
            "not assessable"))
    return out


def _nothing_in_common(check: CrossCheck, d: StoredDocument, o: StoredDocument) -> Assessment:
    """A pair whose documents print no figure the check compares on both sides (one of them
    read without those figures, or printing other measures)."""
    bases = f"{check.checked.basis} / {check.against.basis}"
    return Assessment(check.id, f"{d.source} 与 {o.source}：两份文件没有共同列示的可比数字"
                                f"（{bases}），无法核对",
                      f"{d.source} and {o.source}: no figure the check compares is printed in "
                      f"both ({bases}); not assessable")
