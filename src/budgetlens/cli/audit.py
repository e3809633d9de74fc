"""``budgetlens audit PATH... --format text|json|md|html --fail-on error``."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ..model import Severity
from ..pipeline import process_many, worst_severity
from ..report import AUDIT_RENDERERS
from .common import (DEBUG_OPTION, JOBS_OPTION, LANG_OPTION, OCR_OPTION, OUTPUT_OPTION,
                     TIMEOUT_OPTION, batch_timeout, emit, report_errors, resolve_inputs)


def audit_command(
    paths: List[Path] = typer.Argument(..., help="文件或文件夹 / files or folders"),
    format: str = typer.Option("text", "--format", "-f", help="text | json | md | html"),
    fail_on: str = typer.Option("error", "--fail-on", help="error | warning | info | never"),
    lang: str = LANG_OPTION,
    jobs: int = JOBS_OPTION,
    output: Optional[Path] = OUTPUT_OPTION,
    debug: bool = DEBUG_OPTION,
    ocr: Optional[bool] = OCR_OPTION,
    timeout: float = TIMEOUT_OPTION,
) -> None:
    """审核公开文件：缺表、数不平、文表不符、增减与百分比错误等，逐条给出依据。
    Audit disclosures and report each finding with its evidence.

    Exit codes: 0 nothing at or above --fail-on; 1 something was; 2 an input could not be read.
    """
    if format not in AUDIT_RENDERERS:
        raise typer.BadParameter(f"未知格式 / unknown format: {format}", param_hint="--format")
    if fail_on not in (*Severity.ORDER, "never"):
        raise typer.BadParameter(f"未知级别 / unknown severity: {fail_on}", param_hint="--fail-on")
    results = list(process_many(resolve_inputs(paths), audit=True, debug=debug, jobs=jobs,
                                ocr=ocr, timeout=batch_timeout(timeout)))
    emit(AUDIT_RENDERERS[format](results, lang), output)
    report_errors(results)
    if any(r.status != "ok" for r in results):
        raise typer.Exit(2)
    if fail_on != "never":
        threshold = Severity.ORDER[fail_on]
        worst = [worst_severity(r) for r in results]
        if any(w is not None and Severity.ORDER[w] >= threshold for w in worst):
            raise typer.Exit(1)
    raise typer.Exit(0)
