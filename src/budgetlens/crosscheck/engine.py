"""The cross-document engine: pair the library's documents as each check declares, read their
figures, hand each pair to the evaluator of the check's kind.

Why pairs of documents rather than pooled units: a year of a unit may be published as several
files (Jiangsu prints the narrative and the tables apart), and each file's figure is printed on
its own page; a finding must cite the very document and cell it is about. Documents are paired
when they belong to one unit identity (``store.units``), are of the check's kinds, the declared
year apart, and of one level (a 本级 document is not its department's consolidated one).

A failing evaluator is a bug in one check, not a reason to lose the others: it becomes a
:class:`Problem` of the run and the rest goes on.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping, Optional, Sequence

from sqlalchemy import Engine

from ..reconcile.protocol import Evaluator
from ..rules.cross_document import CrossCheck
from ..store.cross import (CrossRecord, StoredDocument, StoredFact, current_documents,
                           document_claims, document_facts)
from .evaluators import EVALUATORS, Pair, matches
from .figures import pick
from .reasons import Reasons, find_reasons

#: Documents whose figures are kept in memory at once (pairs are visited unit by unit).
CACHE_DOCUMENTS = 32


@dataclass(frozen=True)
class Problem:
    rule: str
    message: str


@dataclass
class Outcome:
    """What a run found: the findings, the document pairs and the figures compared per check,
    and problems."""

    records: list[CrossRecord] = field(default_factory=list)
    pairs: dict[str, int] = field(default_factory=dict)
    compared: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
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
             registry: Mapping[str, Evaluator] = EVALUATORS,
             documents: Optional[Sequence[StoredDocument]] = None) -> Outcome:
    """Run every check over the library's current documents (or ``documents``)."""
    checks = list(checks)
    docs = list(documents) if documents is not None else current_documents(engine)
    out = Outcome(documents=len(docs))
    figures = _Figures(engine, checks)
    for check in checks:
        evaluator = registry.get(check.rule.kind)
        if evaluator is None:
            out.problems.append(Problem(check.id, f"no evaluator for kind '{check.rule.kind}'"))
            continue
        n = compared = 0
        for d, o in pairs_for(check, docs):
            n += 1
            try:
                pair = _pair(figures, check, d, o)
                compared += sum(1 for _ in matches(pair))
                out.records += evaluator.check(check.rule, pair)
            except Exception as exc:  # a bug in one evaluator: report it, run the others
                out.problems.append(Problem(check.id, f"{type(exc).__name__}: {exc} "
                                                      f"(documents {d.id}, {o.id})"))
        out.pairs[check.id] = n
        out.compared[check.id] = compared
    return out
