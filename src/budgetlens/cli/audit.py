"""``budgetlens audit PATH... --format text|json|md|html|xlsx --fail-on error [--annotate OUT.pdf]``."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import List, Optional

import typer

from ..model import Result, Severity, Status
from ..pipeline import process_many, worst_severity
from ..report import AUDIT_FILE_RENDERERS, AUDIT_RENDERERS, FILE_RENDERER_NEEDS
from ..report.annotate import annotate_pdf, is_pdf
from .common import (CPU_TIMEOUT_OPTION, DEBUG_OPTION, JOBS_OPTION, LANG_OPTION, OCR_OPTION,
                     OUTPUT_OPTION, READ_SETTING_OPTION, TIMEOUT_OPTION, batch_timeout,
                     check_fail_on, emit, read_settings, report_errors, require_rules,
                     resolve_inputs)
from .messages import both, say

ANNOTATE_OPTION = typer.Option(
    None, "--annotate", help="另存一份标注版PDF：每条问题的依据处加红框和批注（仅限单个PDF输入） / "
    "also write the PDF with a red box and a note at each finding's evidence (one PDF input)")


def audit_command(
    paths: List[Path] = typer.Argument(..., help="文件或文件夹 / files or folders"),
    format: str = typer.Option("text", "--format", "-f",
                               help="text | json | md | html | xlsx（问题台账 / issue ledger, needs -o）"),
    fail_on: str = typer.Option("error", "--fail-on", help="error | warning | info | never"),
    lang: str = LANG_OPTION,
    jobs: int = JOBS_OPTION,
    output: Optional[Path] = OUTPUT_OPTION,
    annotate: Optional[Path] = ANNOTATE_OPTION,
    debug: bool = DEBUG_OPTION,
    ocr: Optional[bool] = OCR_OPTION,
    cpu_timeout: float = CPU_TIMEOUT_OPTION,
    timeout: float = TIMEOUT_OPTION,
    rounding_notes: bool = typer.Option(
        True, "--rounding-notes/--no-rounding-notes",
        help="列出四舍五入误差以内的差异（提示级）/ list differences inside the rounding tolerance "
             "(info notes)"),
    percent_slack: float = typer.Option(
        0.1, "--percent-slack", min=0.0, max=5.0,
        help="百分比重算的额外容差（百分点；默认0.1，见standards §4）/ extra tolerance of "
             "recomputed percentages, in percentage points (default 0.1)"),
    read_setting: Optional[List[str]] = READ_SETTING_OPTION,
) -> None:
    """审核公开文件：缺表、数不平、文表不符、增减与百分比错误等，逐条给出依据。
    Audit disclosures and report each finding with its evidence.

    Exit codes: 0 nothing at or above --fail-on; 1 something was; 2 an input could not be read
    (or --annotate was given something other than one PDF, or a rules file is bad: then
    nothing is read).
    """
    _check_format(format, output, lang)
    check_fail_on(fail_on, lang)
    read = read_settings(read_setting, lang)
    files = resolve_inputs(paths, lang)
    if annotate is not None:
        _check_annotatable(files, lang)
    require_rules(lang)
    tolerance = {"report_rounding": rounding_notes, "percent_slack": str(percent_slack)}
    results = list(process_many(files, audit=True, debug=debug, jobs=jobs, ocr=ocr,
                                timeout=batch_timeout(timeout),
                                cpu_timeout=batch_timeout(cpu_timeout), tolerance=tolerance,
                                read=read))
    if format in AUDIT_FILE_RENDERERS:
        assert output is not None  # _check_format refused a file format without --output
        output.write_bytes(AUDIT_FILE_RENDERERS[format](results, lang))
    else:
        emit(AUDIT_RENDERERS[format](results, lang), output)
    report_errors(results, lang)
    if any(r.status != Status.OK for r in results):
        raise typer.Exit(2)
    if annotate is not None:
        _annotate(results[0], annotate, lang)
    if fail_on != "never":
        threshold = Severity.ORDER[fail_on]
        worst = [worst_severity(r) for r in results]
        if any(w is not None and Severity.ORDER[w] >= threshold for w in worst):
            raise typer.Exit(1)
    raise typer.Exit(0)


def _check_format(format: str, output: Optional[Path], lang: str) -> None:
    """A known format; a file format (xlsx) with -o and its optional module installed."""
    if format not in AUDIT_RENDERERS and format not in AUDIT_FILE_RENDERERS:
        raise typer.BadParameter(say(lang, "unknown-format", value=format), param_hint="--format")
    if format in AUDIT_FILE_RENDERERS and output is None:
        raise typer.BadParameter(say(lang, "format-needs-output", format=format),
                                 param_hint="--output")
    module, extra = FILE_RENDERER_NEEDS.get(format, (None, ""))
    if module is not None and importlib.util.find_spec(module) is None:
        raise typer.BadParameter(say(lang, "format-needs-module", format=format, module=module,
                                     extra=extra), param_hint="--format")


def _check_annotatable(files: list[str], lang: str) -> None:
    """Refuse --annotate before any work unless it has exactly one PDF to mark."""
    if len(files) != 1:
        typer.echo(say(lang, "annotate-one-file", n=len(files)), err=True)
        raise typer.Exit(2)
    with open(files[0], "rb") as fh:
        head = fh.read(1024)
    if not is_pdf(head):
        typer.echo(f"{files[0]}: {say(lang, 'annotate-not-pdf')}", err=True)
        raise typer.Exit(2)


def _annotate(result: Result, out: Path, lang: str) -> None:
    findings = result.audit.findings if result.audit else ()
    done = annotate_pdf(result.file, findings, out, lang, file=result.file)
    for d in done.diagnostics:
        typer.echo(both(d.message, d.message_en, lang), err=True)
    if not done.written:
        raise typer.Exit(2)
    typer.echo(say(lang, "annotated", boxes=done.annotations, not_drawn=done.not_drawn, out=out),
               err=True)
