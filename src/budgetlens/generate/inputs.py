"""What a generated document is written from: figures, reasons, names and profile text, each with
the place it came from.

Inputs are an ``extract`` JSON (one result or the list ``budgetlens extract`` writes), a
:class:`~budgetlens.model.Disclosure`, or a plain JSON of the same shape written by hand (the
synthetic input of the tests). WHY only base figures are kept: the document must be *corrected*,
so every change, percentage and share is recomputed from current and prior figures; a change the
source stated wrongly is never copied. The stated change survives only as a way to learn the prior
figure when the source printed no prior (``prior-from-change``, as ``budgetlens.imply`` does).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional

from ..model import (Claim, Diagnostic, Disclosure, Document, Fact, Scope, Severity, Source,
                     scope_unit)
from .indicators import Indicator, from_dict, from_facts
from .numbers import q2

if TYPE_CHECKING:  # the spec is loaded when first asked for
    from .spec import Spec

#: bases a document is written from; every other basis is recomputed
BASE_BASES = ("current", "prior", "initial_budget", "adjusted_budget")
VARIANCE_BASES = ("change_initial_budget", "change_adjusted_budget")
_ORIGIN_RANK = {"table": 0, "text": 1, "derived": 2, "input": 0}
_CODE_LABEL = re.compile(r"^\s*(\d{3,7})\s+(\S.*)$")
_SKIP_PREFIXES = ("performance.project.", "performance.overall.", "performance.self_eval.", "reason.")


@dataclass(frozen=True)
class Value:
    """One base figure and where it was read."""

    value: Decimal
    kind: str
    source: Source
    origin: str
    label: str = ""


@dataclass(frozen=True)
class Project:
    """A 项目 of the 项目支出: its amount and performance targets (绩效目标), as the inputs give them."""

    name: str
    amount: Decimal
    source: Source
    target: str = ""
    indicators: str = ""
    score: Optional[Decimal] = None
    #: the 绩效目标表's 当年预算 when the input states it apart (an extract JSON's
    #: performance.project.<n>.budget); the gate refuses one that differs from ``amount``
    perf_amount: Optional[Decimal] = None
    perf_source: Optional[Source] = None
    #: False: a project only the 绩效目标表 names, not a row of the 项目支出表
    listed: bool = True
    #: indicator rows of its 绩效目标表 / 绩效自评表 (一级/二级/三级指标, 指标值, 分值, 得分)
    indicator_rows: tuple[Indicator, ...] = ()
    #: where the 自评得分 was given (a workbook's cell): the 总分 a gate finding names
    score_source: Optional[Source] = None


@dataclass
class Inputs:
    """Everything the document model is filled from (one department or unit, one year)."""

    file: str
    unit: str
    year: int
    kind: str
    level: str
    template: str
    region: str = ""
    values: dict[tuple[str, str], Value] = field(default_factory=dict)
    reasons: dict[str, tuple[str, Source]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    profile: dict[str, list[tuple[str, Source]]] = field(default_factory=dict)
    #: reasons for a 决算数 that differs from its budget (决算数大于预算数的主要原因…)
    variance_reasons: dict[str, tuple[str, Source]] = field(default_factory=dict)
    #: statements carried as written (measure → text, source): 不在机关运行经费统计范围之内
    statements: dict[str, tuple[str, Source]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: 项目 with their amounts and 绩效目标 (the workbook's 项目支出与绩效目标 sheet, a JSON's "projects")
    projects: list[Project] = field(default_factory=list)
    #: (measure, basis) stated twice with the same standing and two values (an error)
    conflicts: dict[tuple[str, str], tuple[Value, Value]] = field(default_factory=dict)
    #: the source's tables by index → role (an extract JSON's ``tables``): which of the source
    #: document's tables to take the 绩效目标表 words from (generate/perf_source.py)
    table_roles: dict[int, Optional[str]] = field(default_factory=dict)

    def get(self, measure: str, basis: str = "current") -> Optional[Decimal]:
        v = self.values.get((measure, basis))
        return v.value if v else None


def _source(d: Optional[Mapping[str, Any]], file: str) -> Source:
    d = d or {}
    return Source(file=d.get("file") or file, page=d.get("page"), line=d.get("line"),
                  table=d.get("table"), row=d.get("row"), column=d.get("column"),
                  text=d.get("text") or "")


def _fact_from_dict(d: Mapping[str, Any], file: str) -> Optional[Fact]:
    try:
        value = Decimal(str(d["value"]))
    except (KeyError, InvalidOperation):
        return None
    # a unit's figure keeps its unit (such facts are left out of the inputs: see _add)
    scope = str(Scope("x", unit=d["unit"])) if d.get("unit") else ""
    return Fact(d.get("measure", ""), d.get("basis", "current"), value, _source(d.get("source"), file),
                kind=d.get("kind", "money"), origin=d.get("origin", "input"), scope=scope,
                label=d.get("label", ""))


def _claim_from_dict(d: Mapping[str, Any], file: str) -> Claim:
    return Claim(d.get("kind", ""), d.get("text", ""), _source(d.get("source"), file),
                 d.get("measure", ""), d.get("basis", ""))


def _add(inputs: Inputs, fact: Fact) -> None:
    """Keep one figure per (measure, basis): a table's over a sentence's over an implied one; a
    disagreement between two stated figures is reported (the audit of the source shows it)."""
    if not fact.measure or fact.measure.startswith(_SKIP_PREFIXES) or scope_unit(fact.scope):
        return
    if fact.basis not in BASE_BASES:
        return
    key = (fact.measure, fact.basis)
    new = Value(fact.value, fact.kind, fact.source, fact.origin, fact.label)
    old = inputs.values.get(key)
    if old is None or _ORIGIN_RANK.get(new.origin, 3) < _ORIGIN_RANK.get(old.origin, 3):
        inputs.values[key] = new
    if (old is not None and q2(old.value) != q2(new.value)  # as printed: 万元, 2 decimals
            and "derived" not in (old.origin, new.origin)):
        # two figures of the same standing disagree (two tables, two workbook cells): nothing
        # tells which is right, so the document must not be written from either (an error)
        same = _ORIGIN_RANK.get(old.origin, 3) == _ORIGIN_RANK.get(new.origin, 3)
        if same:  # generate/correct.py may decide between them from the document's other figures
            inputs.conflicts.setdefault(key, (old, new))
        inputs.diagnostics.append(Diagnostic(
            "generate-input-conflict", Severity.ERROR if same else Severity.WARNING,
            f"输入中 {fact.measure}（{fact.basis}）有两个不同的值：{old.value}（{old.source.text[:30]}）"
            f"与 {new.value}（{new.source.text[:30]}）",
            f"input states {fact.measure} ({fact.basis}) twice: {old.value} "
            f"({old.source.text[:30]}) and {new.value} ({new.source.text[:30]})", fact.source))
    m = _CODE_LABEL.match(fact.label.split(" / ", 1)[0])
    if m and fact.measure.endswith(m.group(1)):
        inputs.names.setdefault(m.group(1), m.group(2).strip())


def _add_statement(inputs: Inputs, claim: Claim, spec: Spec) -> None:
    """A 无… statement about a declared measure is its zero; a not-applicable one is carried."""
    if not claim.measure:
        return
    if claim.kind in spec.zero_claims and claim.measure in spec.zero_measures:
        if (claim.measure, "current") not in inputs.values:
            inputs.values[(claim.measure, "current")] = Value(Decimal(0), "count" if claim.measure
                                                              == "assets.vehicles" else "money",
                                                              claim.source, "text", claim.text)
    elif claim.kind in spec.carried_claims:
        inputs.statements.setdefault(claim.measure, (claim.text.strip(), claim.source))


def reason_text(text: str) -> str:
    """A reason as the narrative writes it after 主要原因是: its own lead and end stripped."""
    return _source_words()["reason_lead"].sub("", text).strip().rstrip("。；;，, ")


def _add_reason(inputs: Inputs, claim: Claim) -> None:
    if claim.kind != "reason" or not claim.measure or not claim.basis.startswith("change"):
        return
    text = reason_text(claim.text)
    # a reason for the difference from the budget (a 决算's) is not one for the year's change
    into = (inputs.variance_reasons if claim.basis in VARIANCE_BASES else inputs.reasons)
    if text and claim.measure not in into:
        into[claim.measure] = (text, claim.source)


def _meta(inputs_meta: Mapping[str, Any], kind: Optional[str], level: Optional[str],
          template: Optional[str]) -> dict[str, Any]:
    return {"unit": inputs_meta.get("unit") or "", "year": inputs_meta.get("year") or 0,
            "kind": kind or inputs_meta.get("kind") or "budget",
            "level": level or inputs_meta.get("level") or "department",
            "template": template or inputs_meta.get("template") or "national",
            "region": inputs_meta.get("region") or ""}


def build_inputs(file: str, metadata: Mapping[str, Any], facts: Iterable[Fact],
                 claims: Iterable[Claim],
                 profile: Optional[Mapping[str, Iterable[tuple[str, Source]]]] = None,
                 *, kind: Optional[str] = None, level: Optional[str] = None,
                 template: Optional[str] = None) -> Inputs:
    """Collect base figures, reasons and names (a table's figure wins over a sentence's)."""
    inputs = Inputs(file=file, **_meta(metadata, kind, level, template))
    for fact in sorted(facts, key=lambda f: _ORIGIN_RANK.get(f.origin, 3)):
        _add(inputs, fact)
    from .spec import load_spec

    spec = load_spec()
    for claim in claims:
        _add_reason(inputs, claim)
        _add_statement(inputs, claim, spec)
    for key, paras in dict(profile or {}).items():
        inputs.profile[key] = list(paras)
    return inputs


def from_disclosure(disclosure: Disclosure, document: Optional[Document] = None,
                    **options: Optional[str]) -> Inputs:
    """Inputs from a document already read (the round trip of a published document); its
    performance tables' words from ``document`` (the read Document), else from the file again."""
    m = disclosure.metadata
    meta = {"unit": m.unit, "year": m.year, "kind": m.kind, "level": m.level,
            "template": m.template, "region": m.region}
    inputs = build_inputs(disclosure.path, meta, disclosure.facts, disclosure.claims,
                          _profile_from_narrative(disclosure), **options)
    inputs.table_roles = {t.index: t.role for t in disclosure.tables}
    perf_facts_to_projects(inputs, list(disclosure.facts))  # as from an extract JSON of it
    from .perf_source import carry_words

    carry_words(inputs, list(disclosure.facts), document)
    return inputs


def _source_words() -> Mapping[str, re.Pattern[str]]:
    """How a published source's narrative is worded (rules/generate/document.toml [source])."""
    from .spec import load_spec

    return load_spec().source


#: the profile's parts, each under a heading its [source] pattern names
_PROFILE_PARTS = ("functions", "organisation")


def _profile_from_narrative(disclosure: Disclosure) -> dict[str, list[tuple[str, Source]]]:
    """The paragraphs under the 职能 and 机构设置 headings of the source's own narrative."""
    out: dict[str, list[tuple[str, Source]]] = {}
    current: Optional[str] = None
    words = _source_words()
    for line in disclosure.narrative:
        text = line.text.strip()
        if words["profile_end"].search(text):  # a table's title or note: the profile ended
            current = None
            continue
        if words["heading"].match(text) and len(text) < 30:
            current = next((k for k in _PROFILE_PARTS if words[k].search(text)), None)
            continue
        if current and text:
            out.setdefault(current, []).append(
                (text, Source(disclosure.path, page=line.page, line=line.number, text=text)))
    return out


def from_json(path: str | Path, **options: Optional[str]) -> Inputs:
    """Inputs from an ``extract`` JSON (its first result) or a hand-written JSON of the same
    shape; an optional ``profile`` object maps functions/organisation to paragraphs."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(data, list):
        data = next((d for d in data if d.get("status", "ok") == "ok"), data[0] if data else {})
    file = str(data.get("file") or path)
    facts = [f for f in (_fact_from_dict(d, file) for d in data.get("facts", ())) if f]
    claims = [_claim_from_dict(d, file) for d in data.get("claims", ())]
    profile = {k: [(p, Source(str(path), text=p)) for p in v]
               for k, v in (data.get("profile") or {}).items()}
    inputs = build_inputs(file, data.get("metadata") or {}, facts, claims, profile, **options)
    for i, p in enumerate(data.get("projects") or ()):
        score = p.get("score")
        source = Source(str(path), text=f"projects[{i}]")
        rows = tuple(from_dict(d, Source(str(path), text=f"projects[{i}].indicator_rows[{k}]"))
                     for k, d in enumerate(p.get("indicator_rows") or ()))
        inputs.projects.append(Project(
            str(p["name"]), Decimal(str(p["amount"])), source, p.get("target", ""),
            p.get("indicators", ""), Decimal(str(score)) if score is not None else None,
            indicator_rows=rows))
    perf_facts_to_projects(inputs, facts)
    inputs.table_roles = {int(t["index"]): t.get("role") for t in data.get("tables") or ()
                          if isinstance(t, dict) and "index" in t}
    from .perf_source import carry_words, tables_from_json

    carry_words(inputs, facts, tables=tables_from_json(data.get("tables") or ()))
    return inputs


def perf_facts_to_projects(inputs: Inputs, facts: list) -> None:
    """The 绩效目标表 budgets an extract JSON states (``performance.project.<n>.budget``, labelled
    with the project's name): set on the listed 项目 of that name, or added as a project the
    项目支出表 does not list (a 绩效目标表 may cover only some projects, or a project's other funds).
    A name the 绩效目标表 states again (two units' projects of one name) is a project of its own, and
    each takes the indicator rows its own table gives (``performance.project.<n>.…``)."""
    by_name = {p.name: i for i, p in enumerate(inputs.projects)}
    indicators = from_facts(facts)
    for f in facts:
        parts = f.measure.split(".")
        if len(parts) != 4 or parts[:2] != ["performance", "project"] or parts[3] != "budget":
            continue
        name = (f.label or "").strip()
        rows = tuple(indicators.get(("project", int(parts[2])), ()))
        if name in by_name and inputs.projects[by_name[name]].perf_amount is None:
            i = by_name[name]
            inputs.projects[i] = replace(inputs.projects[i], perf_amount=f.value, perf_source=f.source,
                                         indicator_rows=inputs.projects[i].indicator_rows or rows)
        elif name:
            inputs.projects.append(Project(name, f.value, f.source, perf_amount=f.value,
                                           perf_source=f.source, listed=False, indicator_rows=rows))
            by_name[name] = len(inputs.projects) - 1
