"""The gate: audit the document model before anything is written, and the written files after.

Before: the model is rendered as text (:mod:`.text_out`) and read → extracted → audited by the
pipeline, the same engine a published document goes through; on top, the generator's own checks,
stricter than the audit's advisories because a generated document has no excuse: template residue
(the patterns of the catalogue's ``form-template-residue``) and a reason for every stated change of
at least 10% or from zero are errors here. After: each written DOCX/PDF is read back and its facts
compared with the model's.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Optional

from ..model import Disclosure, Fact, Finding, Severity, Source
from ..pipeline import process
from ..rules.catalogue import rules_by_id
from .doc import DocModel, GenCell, GenTable
from .text_out import render_text, table_title


@dataclass(frozen=True)
class GateFinding:
    """One reason the document may not be written as is, with the place in the document (the
    cell or sentence) and in the input it came from."""

    rule: str
    severity: str
    message: str
    message_en: str
    where: str = ""
    input_source: Optional[Source] = None

    def line(self, lang: str = "zh") -> str:
        msg = self.message if lang == "zh" else self.message_en
        src = self.input_source
        origin = ""
        if src is not None and src.file:
            pos = f"第{src.line}行" if src.line else ""
            origin = f"（输入 / input: {Path(src.file).name} {pos}“{src.text[:40]}”）"
        return f"[{self.severity}] {self.rule}: {msg} @ {self.where}{origin}"


@dataclass
class GateReport:
    findings: list[GateFinding] = field(default_factory=list)
    facts: tuple[Fact, ...] = ()
    #: the audit's own findings (evidence and roles): what generate/correct.py corrects from
    audit: tuple[Finding, ...] = ()

    @property
    def errors(self) -> list[GateFinding]:
        return [f for f in self.findings if f.severity == Severity.ERROR]


def _cell_where(t: GenTable, c: GenCell) -> str:
    return f"{table_title(t)} 第{c.row + 1}行第{c.col + 1}列“{c.text}”"


def _locate(model: DocModel, disclosure: Disclosure, src: Source) -> tuple[str, Optional[Source]]:
    """Where a finding's evidence sits in the model, and the input that cell came from."""
    if src.table is not None:
        info = next((t for t in disclosure.tables if t.index == src.table), None)
        for t in model.tables():
            if info is not None and t.title in info.title:
                cell = next((c for c in t.cells if c.row == src.row and c.col == src.column), None)
                if cell is not None:
                    return _cell_where(t, cell), cell.source
                return f"{table_title(t)} 第{(src.row or 0) + 1}行", None
    return f"正文“{src.text[:60]}”", None


def _from_audit(model: DocModel, disclosure: Disclosure, findings: Iterable[Finding]) -> list[GateFinding]:
    """Audit findings, each placed at the first of its evidence that is a cell of the model
    (a table cell names itself and its input), else at the first sentence."""
    out = []
    for f in findings:
        places = [_locate(model, disclosure, e.source) for e in f.evidence] or [("", None)]
        where, src = next((p for p in places if p[1] is not None), places[0])
        out.append(GateFinding(f.rule, f.severity, f.message, f.message_en, where, src))
    return out


def _residue(model: DocModel) -> list[GateFinding]:
    """Template residue anywhere in the text the document prints (an error when generating)."""
    rule = rules_by_id().get("form-template-residue")
    patterns = [re.compile(p) for p in (rule.params.get("patterns", ()) if rule else ())]
    texts: list[tuple[str, str]] = [(model.title, "标题")]
    for s in model.sections():
        texts += [(p, f"{s.title}") for p in s.paragraphs]
    for t in model.tables():
        texts += [(t.title, table_title(t)), (t.note, table_title(t))]
        texts += [(c.text, _cell_where(t, c)) for c in t.cells if not c.numeric]
    out = []
    for text, where in texts:
        for rx in patterns:
            m = rx.search(text)
            if m:
                out.append(GateFinding("generate-template-residue", Severity.ERROR,
                                       f"模板残留“{m.group(0)}”：“{text[:60]}”",
                                       f"template residue \"{m.group(0)}\": \"{text[:60]}\"", where))
                break
    return out


def _reasons(model: DocModel) -> list[GateFinding]:
    out = []
    for c in model.changes:
        if c.reason:
            continue
        what = "从零新增" if c.from_zero else f"变动{c.pct}%"
        what_en = "new from zero" if c.from_zero else f"changed by {c.pct}%"
        out.append(GateFinding(
            "generate-change-reason-missing", Severity.ERROR,
            f"{c.label}{what}（{c.change}万元），须说明原因",
            f"{c.label} ({c.measure}) {what_en} ({c.change} 10k yuan): a reason is required",
            f"{c.label}（{c.measure}）", c.source))
    return out


def _unread(model: DocModel, facts: tuple[Fact, ...]) -> list[GateFinding]:
    """Every cell of the model must be read back as the fact it was written for."""
    # every value read for the measure: a figure may be printed twice at two precisions (a 元
    # table's exact figure, a 万元 table's or a sentence's rounded one)
    have: dict[tuple[str, str], set[Decimal]] = {}
    for f in facts:
        if f.origin != "derived":
            have.setdefault((f.measure, f.basis), set()).add(f.value)
    out = []
    for t in model.tables():
        for c in t.value_cells():
            values = have.get((c.measure, c.basis), set())
            figure = c.figure
            got = min(values, key=lambda v: abs(v - figure)) if values else None
            if figure not in values:
                out.append(GateFinding(
                    "generate-cell-not-read", Severity.WARNING,
                    f"单元格未读回为 {c.measure}（{c.basis}）={c.text}（读回：{got}）",
                    f"cell not read back as {c.measure} ({c.basis}) = {c.text} (read: {got})",
                    _cell_where(t, c), c.source))
    return out


def _items(model: DocModel) -> list[GateFinding]:
    """Listed items (项目) must add up to their table's 合计: our readers read no item row back,
    so this is the generator's own check (an error naming the 合计 cell and the items' input)."""
    out = []
    for t in model.tables():
        items = t.item_cells()
        for col in sorted({c.col for c in items}):
            total = next((c for c in t.value_cells() if c.col == col), None)
            listed = [c for c in items if c.col == col]
            got = sum((c.figure for c in listed), Decimal(0))
            if total is not None and got != total.value:
                out.append(GateFinding(
                    "generate-items-sum", Severity.ERROR,
                    f"{len(listed)}个项目合计{got}，与{total.text}不符",
                    f"{len(listed)} items add up to {got}, not {total.text}",
                    _cell_where(t, total), listed[0].source))
    return out


def _perf_amounts(model: DocModel) -> list[GateFinding]:
    """A project's 绩效目标表 当年预算 must be its 项目支出表 amount: two tables of one document
    stating two budgets for one project is what the audit of a published one would question, and
    no identity of the reader links them (the 项目支出表's rows are items, not facts)."""
    listed = {}
    for t in model.tables():
        if t.family == "project_expense":
            grid = t.rows()
            listed.update({name.text: c for c in t.item_cells()
                           if (name := grid[c.row][0]) is not None})
    out = []
    for t in model.tables():
        if t.family != "performance_targets":
            continue
        grid = t.rows()
        for c in t.value_cells():
            if not c.measure.endswith(".budget"):  # an indicator's figure, not the 当年预算
                continue
            name_cell = grid[c.row - 1][1] if c.row else None
            item = listed.get(name_cell.text) if name_cell else None
            if name_cell is not None and item is not None and item.value != c.value:
                out.append(GateFinding(
                    "generate-perf-amount", Severity.ERROR,
                    f"项目“{name_cell.text}”绩效目标表预算{c.text}，与项目支出表{item.text}不符",
                    f"project {name_cell.text!r}: performance table {c.text}, project table {item.text}",
                    _cell_where(t, c), c.source))
    return out


def audit_model(model: DocModel) -> GateReport:
    """The gate before writing: the audit of the rendered model plus the generator's checks."""
    with tempfile.TemporaryDirectory(prefix="budgetlens-gen-") as tmp:
        path = Path(tmp) / "model.txt"
        path.write_text(render_text(model), encoding="utf-8")
        result = process(str(path))
    report = GateReport()
    if result.disclosure is None or result.audit is None:
        report.findings.append(GateFinding("generate-model-unreadable", Severity.ERROR,
                                           f"文档模型无法审核：{result.error}",
                                           f"the model could not be audited: {result.error}"))
        return report
    report.facts = result.disclosure.facts
    report.audit = tuple(result.audit.findings)
    report.findings += _from_audit(model, result.disclosure, result.audit.findings)
    from .scoring import score_findings  # it names cells as this module does

    report.findings += (_residue(model) + _reasons(model) + _items(model) + _perf_amounts(model)
                        + score_findings(model) + _unread(model, report.facts))
    return report


def read_back(path: str, model: DocModel, expected: tuple[Fact, ...]) -> GateReport:
    """Read a written file with our own reader and compare its facts with the model's."""
    result = process(path)
    report = GateReport()
    if result.disclosure is None:
        report.findings.append(GateFinding("generate-readback-failed", Severity.ERROR,
                                           f"写出的文件无法读回：{result.error}",
                                           f"the written file could not be read: {result.error}",
                                           Path(path).name))
        return report
    report.facts = result.disclosure.facts
    if result.audit is not None:
        report.findings += [f for f in _from_audit(model, result.disclosure, result.audit.findings)]
    report.findings += _unread(model, report.facts)
    report.findings += _missing(expected, report.facts, Path(path).name)
    return report


def stated(facts: Iterable[Fact]) -> set[tuple[str, str, Decimal]]:
    return {(f.measure, f.basis, f.value) for f in facts if f.origin != "derived"}


def _missing(expected: tuple[Fact, ...], got: tuple[Fact, ...], name: str) -> list[GateFinding]:
    lost = sorted(stated(expected) - stated(got))
    return [GateFinding("generate-readback-differs", Severity.ERROR,
                        f"读回缺少 {m}（{b}）={v}", f"read back lacks {m} ({b}) = {v}", name)
            for m, b, v in lost]
