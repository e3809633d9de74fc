"""Stage after reconcile, generate: structured data → a compliant disclosure (issue #11).

Flow: inputs (:mod:`.inputs`: an ``extract`` JSON, a Disclosure, or any document we can read) →
document model (:mod:`.build`: parts and tables declared in ``rules/generate/*.toml``, narrative
from Jinja2 templates whose every number comes from the data) → gate (:mod:`.gate`: the model is
audited by the same engine as a published document; an ``error`` blocks writing unless draft) →
writers (text, HTML, DOCX, XLSX, PDF) → read-back of DOCX and PDF by our own readers, compared
with the model's facts.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence

from ..model import Diagnostic, Disclosure, Severity
from .build import build
from .doc import DocModel
from .gate import GateFinding, GateReport, audit_model, read_back
from .inputs import Inputs, from_disclosure, from_json

FORMATS = ("docx", "pdf", "html", "xlsx")
READ_BACK = ("docx", "pdf")


@dataclass
class Generated:
    """What one generation did: the model, the gate's verdict, the files written and, per
    read-back format, its report. ``written`` is empty when the gate refused."""

    model: DocModel
    gate: GateReport
    #: the inputs the model was built from (after any correction)
    inputs: Inputs
    written: dict[str, Path] = field(default_factory=dict)
    read_back: dict[str, GateReport] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: corrections made (``correct=True``), or, when refused without it, those ``--correct``
    #: would make (generate/correct.py); empty when the data determine none
    corrections: list = field(default_factory=list)
    corrected: bool = False
    #: when refused, what an officer may supply (generate/supply.py), for ``supply_template``
    missing: list = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.gate.errors) and not self.model.draft


def load_inputs(path: str | Path, *, kind: Optional[str] = None, level: Optional[str] = None,
                template: Optional[str] = None) -> tuple[Optional[Inputs], list[Diagnostic]]:
    """Inputs from a filled template workbook (:mod:`.workbook`), an ``extract`` JSON, or any
    document the readers know (read → extract). Never raises on bad input: (None, diagnostics)."""
    options = {"kind": kind, "level": level, "template": template}
    try:
        inputs = _load(path, options)
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
        return None, [Diagnostic("generate-input-unreadable", Severity.ERROR,
                                 f"无法读取输入 {Path(path).name}：{exc}",
                                 f"cannot read the input {Path(path).name}: {exc}")]
    if inputs is None:
        return None, []
    if isinstance(inputs, tuple):  # a document the pipeline could not read
        return None, inputs[1]
    for field_, zh in (("unit", "单位名称"), ("year", "年度")):
        if not getattr(inputs, field_):
            inputs.diagnostics.append(Diagnostic(
                "generate-metadata-missing", Severity.ERROR, f"输入未给出{zh}，无法生成标题",
                f"the input gives no {field_}: the document cannot be titled"))
    return inputs, list(inputs.diagnostics)


def _load(path: str | Path, options: dict) -> Inputs | tuple[None, list[Diagnostic]]:
    # openpyxl (a fifth of a fresh process's CPU) is imported only for a workbook
    if str(path).lower().endswith(".xlsx"):
        from .workbook import is_template

        if is_template(path):
            from .workbook_read import from_workbook

            return from_workbook(path, **options)
    if str(path).lower().endswith(".json"):
        return from_json(path, **options)
    from ..pipeline import process
    result = process(str(path), audit=False)
    if result.disclosure is None:
        return None, list(result.diagnostics)
    return from_disclosure(result.disclosure, result.document, **options)


def write(model: DocModel, out_dir: Path, formats: Sequence[str], stem: str) -> dict[str, Path]:
    """Write the model in each format (imports are lazy: a format's library loads only when it
    is asked for)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for fmt in formats:
        path = out_dir / f"{stem}.{fmt}"
        if fmt == "html":
            from .html_out import write_html as writer
        elif fmt == "docx":
            from .docx_out import write_docx as writer
        elif fmt == "xlsx":
            from .xlsx_out import write_xlsx as writer
        elif fmt == "pdf":
            from .pdf_out import write_pdf as writer
        else:
            continue
        writer(model, path)
        written[fmt] = path
    return written


def _gate(inputs: Inputs, draft: bool, correct: bool) -> Generated:
    """Build and gate; with ``correct``, the corrections the data determine are made first. A
    refusal without it carries the corrections ``--correct`` would make, for the user to confirm."""
    model = build(inputs)
    gate = audit_model(model)
    corrections, corrected = [], False
    flawed = gate.errors or any(d.severity == Severity.ERROR for d in inputs.diagnostics)
    if flawed and (correct or not draft):
        from .correct import correct as make_corrections

        fixed = make_corrections(inputs, gate)
        corrections = fixed.corrections
        if correct and corrections:
            inputs, gate, corrected = fixed.inputs, fixed.gate, True
            model = build(inputs)
    model.draft = draft
    gate.findings += [GateFinding(d.code, d.severity, d.message, d.message_en,
                                  "输入 / input", d.source)
                      for d in inputs.diagnostics if d.severity == Severity.ERROR]
    return Generated(model, gate, diagnostics=list(inputs.diagnostics), corrections=corrections,
                     corrected=corrected, inputs=inputs)


def default_stem(inputs: Inputs) -> str:
    """The written files' name: unit, year, kind and level."""
    return f"{inputs.unit or 'disclosure'}_{inputs.year}_{inputs.kind}_{inputs.level}"


def generate(inputs: Inputs, out_dir: str | Path, formats: Sequence[str] = FORMATS, *,
             draft: bool = False, stem: Optional[str] = None, check: bool = True,
             correct: bool = False) -> Generated:
    """Build, gate, write and read back. Refused (nothing written) when the gate finds an error
    and ``draft`` is False; a draft is written with its 草稿 watermark. ``correct``: make the
    corrections the inputs' own data determine (listed in ``corrections`` and, when written, in
    ``<name>.corrections.txt``) before the gate decides."""
    result = _gate(inputs, draft, correct)
    model = result.model
    if result.refused:
        from .supply import missing_inputs

        result.missing = missing_inputs(result.inputs, model, result.gate)
        return result
    name = stem or default_stem(inputs)
    result.written = write(model, Path(out_dir), formats, name)
    if result.corrected:
        path = Path(out_dir) / f"{name}.corrections.txt"
        path.write_text("\n".join(c.line("zh") + "\n" + c.line("en") for c in result.corrections)
                        + "\n", encoding="utf-8")
        result.written["corrections"] = path
    if check:
        for fmt in READ_BACK:
            if fmt in result.written:
                result.read_back[fmt] = read_back(str(result.written[fmt]), model, result.gate.facts)
    return result


def generate_from_disclosure(disclosure: Disclosure, out_dir: str | Path,
                             formats: Sequence[str] = FORMATS, **options: Any) -> Generated:
    """The round trip of a document already read: its facts → a corrected compliant document."""
    return generate(from_disclosure(disclosure), out_dir, formats, **options)


def supply_template(result: Generated) -> str:
    """The ready-to-fill TOML of what a refused generation lacks (empty when nothing an officer
    could supply is missing); each reason ``--correct`` would write shown as a comment."""
    from .supply import supply_template as template

    if not result.missing or result.inputs is None:
        return ""
    hints = {c.measure: c.new for c in result.corrections if c.basis == "reason"}
    return template(result.missing, result.inputs, hints)


def write_supply_sheet(result: Generated, path: str | Path) -> Optional[Path]:
    """The refusal's missing inputs as the ready-to-fill 补充输入 sheet of the workbook at
    ``path`` (added to it when it exists); None when nothing an officer could supply is missing."""
    from .supply_sheet import write_sheet

    if not result.missing or result.inputs is None:
        return None
    hints = {c.measure: c.new for c in result.corrections if c.basis == "reason"}
    return write_sheet(path, result.missing, hints)


__all__ = ["generate", "generate_from_disclosure", "load_inputs", "supply_template",
           "write_supply_sheet", "build", "audit_model", "Generated", "GateFinding", "GateReport", "Inputs", "DocModel", "FORMATS"]
