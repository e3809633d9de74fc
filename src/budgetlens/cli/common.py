"""Options and helpers shared by the commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional

import typer

from ..model import Result, Severity, Status
from ..pipeline import expand_paths
from ..report.labels import error_text
from .messages import both, say

if TYPE_CHECKING:
    from ..read.settings import ReadSettings
    from ..store import Store

LANG_OPTION = typer.Option("zh", "--lang", help="报告语言 zh 或 en / report language (zh|en)")
DEBUG_OPTION = typer.Option(False, "--debug", help="出错时显示完整调用栈 / show tracebacks of internal errors")
JOBS_OPTION = typer.Option(1, "--jobs", "-j", min=1, help="并行进程数 / worker processes")
OUTPUT_OPTION = typer.Option(None, "--output", "-o", help="写入文件而非标准输出 / write to this file")
CPU_TIMEOUT_OPTION = typer.Option(
    600.0, "--cpu-timeout", min=0,
    help="批量处理时每个文件可用的 CPU 时间（秒，工作进程所用，与机器负载无关），超过的文件报告为 "
         "timeout 并跳过，0 表示不限；单个文件且 --jobs 1 时在本进程内运行、不计时 / CPU seconds "
         "a worker process may spend on one file of a batch (the same at any load) before it is "
         "reported as 'timeout' and skipped (0: no limit); a single file with --jobs 1 runs in "
         "this process, untimed")
TIMEOUT_OPTION = typer.Option(
    3600.0, "--timeout", min=0,
    help="批量处理时每个文件的墙钟时间上限（秒），为卡住而不耗 CPU 的文件而设，远高于 --cpu-timeout；"
         "超时的文件报告为 timeout 并跳过，0 表示不限 / wall-clock seconds one file of a batch "
         "may take, a ceiling far above --cpu-timeout for a file stuck without burning CPU; "
         "reported as 'timeout' and skipped (0: no limit)")
OCR_OPTION = typer.Option(
    None, "--ocr/--no-ocr",
    help="扫描件 PDF 是否做文字识别（需安装可选的 ocr 扩展；默认开启，也可用 BUDGETLENS_OCR=0 "
         "关闭） / recognise scanned PDFs with the optional 'ocr' extra (default on when "
         "installed; BUDGETLENS_OCR=0 also turns it off)")

READ_SETTING_OPTION = typer.Option(
    None, "--read-setting", metavar="NAME=VALUE",
    help="读取阶段的调优设置，可重复（如 grid.snap=4；budgetlens settings 列出全部及默认值） / a "
         "read-stage tuning setting, repeatable (e.g. grid.snap=4; `budgetlens settings` lists "
         "them with their defaults)")


def read_settings(pairs: Optional[list[str]], lang: str = "zh") -> Optional[ReadSettings]:
    """The reader's settings with ``--read-setting`` applied (None when none was given); an
    unknown name or a bad value stops the command with one message listing the valid names
    (exit 2) before any file is read."""
    if not pairs:
        return None
    from ..model.settings import SettingError, parse_pairs
    from ..read.settings import ReadSettings

    try:
        return ReadSettings().override(parse_pairs(pairs))
    except SettingError as exc:
        typer.echo(both(exc.message, exc.message_en, lang), err=True)
        raise typer.Exit(2)


def resolve_inputs(paths: list[Path], lang: str = "zh") -> list[str]:
    files = expand_paths(paths)
    if not files:
        typer.echo(say(lang, "no-inputs"), err=True)
        raise typer.Exit(2)
    return files


def emit(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")


def report_errors(results: Iterable[Result], lang: str = "zh") -> None:
    """One clear line per unreadable file on stderr, in ``lang``."""
    for r in results:
        if r.status != Status.OK:
            typer.echo(f"{r.file}: {error_text(r, lang)} [{r.error_code}]", err=True)


def check_fail_on(fail_on: str, lang: str) -> None:
    """``--fail-on`` names a severity or ``never`` (audit, ingest, reprocess)."""
    if fail_on not in (*Severity.ORDER, "never"):
        raise typer.BadParameter(say(lang, "unknown-severity", value=fail_on,
                                     allowed=" | ".join((*Severity.ORDER, "never"))),
                                 param_hint="--fail-on")


def batch_timeout(seconds: float) -> Optional[float]:
    """The --timeout or --cpu-timeout value as process_many takes it (0 means no limit)."""
    return seconds if seconds > 0 else None


def require_rules(lang: str = "zh", cross: bool = False) -> None:
    """Load and check the whole rules catalogue before a run (every rules file, and the folder
    ``BUDGETLENS_RULES`` names): a bad file stops the command here with one message naming file,
    line and key (exit 2), never as an internal error of every document later. Loaded rules stay
    cached, so the run uses them without loading again (imported here: ``--version`` and
    ``--help`` need no evaluator). ``cross``: the run also checks documents against each other,
    so the cross-document declarations are checked against their kinds' evaluators too (the
    crosscheck stage needs the library's packages, which a plain audit does not load)."""
    from ..reconcile.preflight import check_rules, describe
    from ..rules.schema import RuleError

    try:
        check_rules()
        if cross:
            from ..crosscheck import check_declarations

            check_declarations()
    except RuleError as exc:
        zh, en = describe(exc)
        typer.echo(en if lang == "en" else f"{zh}\n{en}", err=True)
        raise typer.Exit(2)


def open_library(db: Optional[str], lang: str = "zh") -> "Store":
    """The library ``--db`` (or ``BUDGETLENS_DB``) names, open; a database that cannot be used
    stops the command with its one message (exit 2), the same for every command that reads or
    writes the library. Imported here: commands without a library load no SQLAlchemy."""
    from ..store import StoreError, open_store

    try:
        return open_store(db)
    except StoreError as exc:
        typer.echo(exc.text(lang), err=True)
        raise typer.Exit(2)
