"""``budgetlens extract PATH... --format json|table``."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ..model import Status
from ..pipeline import process_many
from ..report import EXTRACT_RENDERERS
from .common import (CPU_TIMEOUT_OPTION, DEBUG_OPTION, JOBS_OPTION, LANG_OPTION, OCR_OPTION,
                     OUTPUT_OPTION, READ_SETTING_OPTION, TIMEOUT_OPTION, batch_timeout, emit,
                     read_settings, report_errors, require_rules, resolve_inputs)
from .messages import say


def extract_command(
    paths: List[Path] = typer.Argument(..., help="文件或文件夹 / files or folders"),
    format: str = typer.Option("json", "--format", "-f", help="json | table"),
    lang: str = LANG_OPTION,
    jobs: int = JOBS_OPTION,
    output: Optional[Path] = OUTPUT_OPTION,
    debug: bool = DEBUG_OPTION,
    ocr: Optional[bool] = OCR_OPTION,
    cpu_timeout: float = CPU_TIMEOUT_OPTION,
    timeout: float = TIMEOUT_OPTION,
    read_setting: Optional[List[str]] = READ_SETTING_OPTION,
) -> None:
    """抽取数据：每个数字成为带出处的数据项。Extract every number as a fact with provenance.

    Exit 0 when every input was read, 2 when an input could not be read (or a rules file is bad:
    nothing is read then).
    """
    if format not in EXTRACT_RENDERERS:
        raise typer.BadParameter(say(lang, "unknown-format", value=format), param_hint="--format")
    read = read_settings(read_setting, lang)
    files = resolve_inputs(paths, lang)
    require_rules(lang)
    results = list(process_many(files, audit=False, debug=debug, jobs=jobs,
                                ocr=ocr, timeout=batch_timeout(timeout),
                                cpu_timeout=batch_timeout(cpu_timeout), read=read))
    emit(EXTRACT_RENDERERS[format](results, lang), output)
    report_errors(results, lang)
    raise typer.Exit(2 if any(r.status != Status.OK for r in results) else 0)
