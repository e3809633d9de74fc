"""Corrections a document's own data determine (``budgetlens generate --correct``, issue #11).

WHY: the round trip of a published document that fails its own audit (a stated change that is not
the sum of its parts' changes, a total's change whose reason is given only part by part) should
give a *corrected* document where the correction is determined by that document's data — and be
refused where it is not. A correction is never guessed: each kind (``rules/generate/
corrections.toml``) proposes candidates, and one is made only when it is the single candidate after
which the audit no longer raises the finding and raises nothing it did not raise before. Every
correction made is listed, so the user confirms it (``--correct``) knowing what changed and why.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Callable, Optional

from ..model import Finding, Severity, Source
from ..rules.catalogue import rules_by_id
from ..rules.schema import RuleError, entry_line, header_lines
from ..rules.measures import describe

if TYPE_CHECKING:
    from .doc import Material
from .build import build
from .gate import GateFinding, GateReport, audit_model
from .inputs import BASE_BASES, Inputs, Value
from .narrative import BUDGET_NAMES
from .numbers import money
from .spec_schema import CORRECTION, CORRECTIONS_TOP

_BASIS_ZH = {"prior": "上年数", "current": "本年数", "initial_budget": "年初预算数",
             "adjusted_budget": "调整预算数"}


@dataclass(frozen=True)
class CorrectionRule:
    """One declared kind of correction (see the file's header for the keys)."""

    id: str
    kind: str
    resolves: tuple[str, ...]
    zh: str
    en: str
    reason_zh: str = ""
    part_zh: str = ""
    joiner: str = "，"
    directions: tuple[str, str] = ("增加", "减少")
    prefer: str = ""


@dataclass(frozen=True)
class Correction:
    """One correction made: what changed, from what to what, and why (zh and en)."""

    rule: str
    measure: str
    basis: str
    old: str
    new: str
    message: str
    message_en: str
    source: Optional[Source] = None

    def line(self, lang: str = "zh") -> str:
        return f"[{self.rule}] {self.message if lang == 'zh' else self.message_en}"


@dataclass
class Corrected:
    """The corrected inputs, the corrections made, and the gate's report after them."""

    inputs: Inputs
    gate: GateReport
    corrections: list[Correction] = field(default_factory=list)


@lru_cache(maxsize=1)
def load_corrections() -> tuple[CorrectionRule, ...]:
    """The declared corrections, validated (a bad entry names its key)."""
    text = resources.files("budgetlens.rules").joinpath("generate/corrections.toml") \
        .read_text(encoding="utf-8")
    return parse_corrections(tomllib.loads(text), text)


def parse_corrections(data: dict, text: str = "") -> tuple[CorrectionRule, ...]:
    """Each ``[[correction]]`` checked against its schema (file, line and key named)."""
    name = "generate/corrections.toml"
    CORRECTIONS_TOP.check(data, name, 1 if text else 0, text)
    lines = header_lines(text, "correction") if text else []
    out = []
    for i, raw in enumerate(data.get("correction", ())):
        where, line = f"correction #{i + 1}", entry_line(lines, i)
        CORRECTION.check(raw, name, line, text, where)
        if raw["kind"] == "reason" and not all(k in raw for k in ("reason_zh", "part_zh", "directions")):
            raise RuleError(f"{where}: a reason correction needs reason_zh, part_zh and directions",
                            file=name, line=line)
        out.append(CorrectionRule(raw["id"], raw["kind"], tuple(raw["resolves"]), raw["zh"], raw["en"],
                                  raw.get("reason_zh", ""), raw.get("part_zh", ""),
                                  raw.get("joiner", "，"), tuple(raw.get("directions", ("增加", "减少"))),
                                  raw.get("prefer", "")))
    return tuple(out)


def _key(f: Finding) -> tuple[str, str, str]:
    return (f.rule, f.measure, f.basis)


def _keys(report: GateReport) -> set[tuple[str, str, str]]:
    return {_key(f) for f in report.audit if f.severity in (Severity.ERROR, Severity.WARNING)}


def _with_value(inputs: Inputs, key: tuple[str, str], value: Decimal) -> Inputs:
    old = inputs.values[key]
    values = dict(inputs.values)
    values[key] = Value(value, old.kind, old.source, "corrected", old.label)
    return replace(inputs, values=values, diagnostics=list(inputs.diagnostics))


def _candidates(inputs: Inputs, f: Finding) -> list[tuple[tuple[str, str], Decimal]]:
    """Each term of a failing sum set to the value that makes it hold, as an input figure: a
    stated change maps to the prior figure it implies (prior = current − change)."""
    try:
        stated, expected = Decimal(f.stated or ""), Decimal(f.expected or "")
    except InvalidOperation:
        return []
    out = []
    for e in f.evidence:
        if e.role not in ("total", "part") or e.value is None:
            continue
        new = expected if e.role == "total" else Decimal(e.value) + (stated - expected)
        basis = e.basis
        if basis.startswith("change_"):
            basis, current = basis[len("change_"):], inputs.get(e.measure)
            if current is None:
                continue
            new = current - new
        if basis in BASE_BASES and (e.measure, basis) in inputs.values:
            if inputs.values[(e.measure, basis)].value != new:
                out.append(((e.measure, basis), new))
    return list(dict.fromkeys(out))


_WHY = {"only": ("唯一可使等式成立的数字", "the only figure that makes it hold"),
        "total": ("总数由其组成部分重算", "the total recomputed from its parts")}


def _choose(passing: list, f: Finding, rule: CorrectionRule, others: set) -> tuple[Optional[tuple], str]:
    """The one passing candidate, or (``prefer = "total"``) the total's when no part of the sum is
    involved in another finding; (None, "") when the data do not decide."""
    if len(passing) == 1:
        return passing[0], "only"
    total = next((e.measure for e in f.evidence if e.role == "total"), None)
    parts = {e.measure for e in f.evidence if e.role == "part"}
    chosen = [p for p in passing if p[0][0] == total]
    if rule.prefer == "total" and len(chosen) == 1 and not parts & others:
        return chosen[0], "total"
    return None, ""


def _figure(inputs: Inputs, gate: GateReport, rule: CorrectionRule,
            audit: Callable) -> Optional[tuple[Inputs, GateReport, Correction]]:
    """The first finding of the gate a figure corrects, corrected (None: none does)."""
    rules = rules_by_id()
    before = _keys(gate)
    for f in gate.audit:
        if f.severity != Severity.ERROR or getattr(rules.get(f.rule), "kind", "") not in rule.resolves:
            continue
        passing = []
        for key, value in _candidates(inputs, f):
            trial = _with_value(inputs, key, value)
            report = audit(build(trial))
            after = _keys(report)
            if _key(f) not in after and after <= before:
                passing.append((key, value, trial, report))
        others = {g.measure for g in gate.audit if g is not f and g.severity != Severity.INFO}
        choice, why = _choose(passing, f, rule, others)
        if choice is not None:
            key, value, trial, report = choice
            fields = {"measure": key[0], "label": describe(key[0], "zh") or key[0],
                      "basis": _BASIS_ZH.get(key[1], key[1]), "basis_en": key[1],
                      "why": _WHY[why][0], "why_en": _WHY[why][1],
                      "old": money(inputs.values[key].value), "new": money(value),
                      "identity": rules[f.rule].description}
            return trial, report, Correction(rule.id, key[0], key[1], fields["old"], fields["new"],
                                             rule.zh.format(**fields), rule.en.format(**fields),
                                             inputs.values[key].source)
    return None


def _conflicts(inputs: Inputs, rule: CorrectionRule, audit: Callable) -> list[Correction]:
    """Each figure stated twice with two values, decided by the audit (inputs edited): the value
    whose findings are a strict subset of the other's; left as an error when neither is."""
    out = []
    for key, pair in list(inputs.conflicts.items()):
        trials = [(v, audit(build(_with_value(inputs, key, v.value)))) for v in pair]
        (a, ra), (b, rb) = trials
        ka, kb = _keys(ra), _keys(rb)
        if ka == kb or not (ka < kb or kb < ka):
            continue
        (win, _r), lose, n = ((a, ra), b, len(kb - ka)) if ka < kb else ((b, rb), a, len(ka - kb))
        inputs.values[key] = Value(win.value, win.kind, win.source, "corrected", win.label)
        del inputs.conflicts[key]
        measure = key[0]
        inputs.diagnostics[:] = [d for d in inputs.diagnostics if not (
            d.code == "generate-input-conflict" and f" {measure}（{key[1]}）" in d.message)]
        fields = {"measure": measure, "label": describe(measure, "zh") or measure,
                  "basis": _BASIS_ZH.get(key[1], key[1]), "basis_en": key[1], "old": money(pair[0].value),
                  "other": money(pair[1].value), "new": money(win.value), "n": n}
        out.append(Correction(rule.id, measure, key[1], money(lose.value), money(win.value),
                              rule.zh.format(**fields), rule.en.format(**fields), win.source))
    return out


def _sum_rules(total: str) -> list[tuple[str, ...]]:
    """Parts of the declared sum identities whose total is ``total`` (plain measures only)."""
    out = []
    for r in rules_by_id().values():
        parts = r.params.get("parts") or ()
        if r.kind == "sum" and r.params.get("total") == total and parts and \
                not any("*" in p or "{" in p for p in parts):
            out.append(tuple(parts))
    return out


def _change(inputs: Inputs, measure: str) -> Optional[Decimal]:
    cur, prior = inputs.get(measure), inputs.get(measure, "prior")
    return None if cur is None or prior is None else cur - prior


def _explained(inputs: Inputs, measure: str, depth: int = 0) -> Optional[list[tuple[str, Decimal]]]:
    """The parts' changes that explain ``measure``'s change: they add up to it, and each part
    that changed has its reason or is itself so explained (None: no declared identity does)."""
    total = _change(inputs, measure)
    for parts in _sum_rules(measure) if total is not None and depth < 3 else ():
        changes = [(p, _change(inputs, p)) for p in parts]
        known = [(p, c) for p, c in changes if c is not None]
        if len(known) != len(changes) or sum(c for _p, c in known) != total:
            continue
        moved = [(p, c) for p, c in known if c != 0]
        if moved and all(p in inputs.reasons or _explained(inputs, p, depth + 1) for p, _c in moved):
            return moved
    return None


def _reason(inputs: Inputs, gate: GateReport, rule: CorrectionRule,
            model_changes: list[Material]) -> list[Correction]:
    """Reasons written from parts for the changes the gate says lack one (inputs edited)."""
    out = []
    missing = [f for f in gate.findings if f.rule in rule.resolves]
    for c in model_changes:
        if c.reason or any(n in c.label for n in BUDGET_NAMES.values()) or c.measure in inputs.reasons:
            continue
        if not any(f"（{c.measure}）" in (f.where or "") for f in missing):  # the gate's own place
            continue
        moved = _explained(inputs, c.measure)
        if moved is None:
            continue
        parts = rule.joiner.join(rule.part_zh.format(
            label=describe(p, "zh") or p, direction=rule.directions[0 if ch > 0 else 1],
            amount=money(abs(ch))) for p, ch in moved)
        text = rule.reason_zh.format(parts=parts)
        inputs.reasons[c.measure] = (text, Source(inputs.file, text=f"{rule.id}: {text}"))
        fields = {"measure": c.measure, "label": c.label, "new": text}
        out.append(Correction(rule.id, c.measure, "reason", "", text, rule.zh.format(**fields),
                              rule.en.format(**fields), c.source))
    return out


def correct(inputs: Inputs, gate: Optional[GateReport] = None,
            audit: Callable = audit_model) -> Corrected:
    """Make every correction the inputs' own data determine; the gate's report after them.
    Figures first (one at a time: each may resolve others), then reasons from parts."""
    gate = gate or audit(build(inputs))
    result = Corrected(replace(inputs, values=dict(inputs.values), reasons=dict(inputs.reasons),
                               diagnostics=list(inputs.diagnostics), conflicts=dict(inputs.conflicts)),
                       gate=gate)
    for rule in load_corrections():
        if rule.kind == "figure":
            while (step := _figure(result.inputs, result.gate, rule, audit)) is not None:
                result.inputs, result.gate, made = step
                result.corrections.append(made)
        elif rule.kind == "conflict":
            fixes = _conflicts(result.inputs, rule, audit)
            if fixes:
                result.corrections += fixes
                result.gate = audit(build(result.inputs))
        else:
            model = build(result.inputs)
            fixes = _reason(result.inputs, result.gate, rule, model.changes)
            if fixes:
                result.corrections += fixes
                result.gate = audit(build(result.inputs))
    return result


def unresolved(gate: GateReport) -> list[GateFinding]:
    """The errors no correction resolved: why the document is still refused."""
    return list(gate.errors)
