"""``budgetlens ingest PATH...`` and ``budgetlens reprocess``: fill the library (docs/store.md).

Thin commands: open the library → run the batch (budgetlens.ingest) with a progress bar → print
one summary line on stdout and one line per failed file on stderr → exit code as ``audit``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, List, Optional

import typer

from sqlalchemy.exc import DBAPIError

from ..crosscheck import crosscheck as run_crosscheck
from ..ingest import ClusterError, Executor, Tally, exit_code, ingest, make_executor, reprocess
from ..ingest.batch import OnProgress
from ..ingest.watchdog import ClusterSettings
from ..store import Store, StoreError
from ..store.engine import unreachable
from .common import (DEBUG_OPTION, LANG_OPTION, OCR_OPTION, READ_SETTING_OPTION, check_fail_on,
                     open_library, read_settings, require_rules)
from .messages import say
from .progress import progress_bar

#: Where a batch runs: local workers, a Dask address (or None), the cluster's time bounds.
Where = tuple[int, Optional[str], ClusterSettings]

DB_OPTION = typer.Option(
    None, "--db",
    help="数据库：SQLite 文件路径或 URL（postgresql+psycopg://…）；默认取环境变量 BUDGETLENS_DB，"
         "否则为当前目录下的 budgetlens.db / database: a SQLite file path or a URL; default "
         "$BUDGETLENS_DB, else budgetlens.db in the working directory")
WORKERS_OPTION = typer.Option(1, "--workers", "-w", min=1,
                              help="读取与审核的本地进程数（写库始终只有一个进程） / local worker "
                                   "processes that read and audit (one process writes)")
DASK_OPTION = typer.Option(
    None, "--dask",
    help="在 Dask 集群上读取与审核：调度器地址（tcp://主机:8786），或 local 在本机启动 --workers 个"
         "工作进程；需安装可选的 cluster 扩展 / read and audit on a Dask distributed cluster: a "
         "scheduler address (tcp://host:8786), or 'local' for a LocalCluster of --workers "
         "processes; needs the optional 'cluster' extra")
CPU_TIMEOUT_OPTION = typer.Option(
    600.0, "--cpu-timeout", min=0,
    help="用 --workers 2 以上或 --dask 时每个文件可用的 CPU 时间（秒，工作进程所用，与机器负载无关），"
         "超过的文件记为 timeout 并换掉其工作进程，0 表示不限 / with --workers 2 or more, or "
         "--dask: CPU seconds a worker process may spend on one file (the same at any load) "
         "before it is recorded as 'timeout' and its worker replaced (0: no limit)")
TIMEOUT_OPTION = typer.Option(
    3600.0, "--timeout", min=0,
    help="用 --workers 2 以上或 --dask 时每个文件的墙钟时间上限（秒），为卡住而不耗 CPU 的文件而设，"
         "远高于 --cpu-timeout；0 表示不限（--workers 1 在本进程内运行、不计时） / with --workers "
         "2 or more, or --dask: wall-clock seconds one file may take, a ceiling far above "
         "--cpu-timeout for a file stuck without burning CPU (0: no limit; --workers 1 runs in "
         "this process, untimed)")
WORKER_WAIT_OPTION = typer.Option(
    60.0, "--worker-wait", min=1,
    help="用 --dask 时集群没有工作进程最多等待的秒数：本机集群会换上新的工作进程，否则未处理的文件"
         "记为 cluster-no-workers（不入库，下次入库时读取） / with --dask: seconds to wait while "
         "the cluster has no worker; a local cluster gets new workers, otherwise the files not "
         "processed yet are reported as 'cluster-no-workers' (not stored: read next time)")
FAIL_ON_OPTION = typer.Option("error", "--fail-on", help="error | warning | info | never")
PROGRESS_OPTION = typer.Option(True, "--progress/--no-progress",
                               help="在终端显示进度条 / show a progress bar on a terminal")
CROSSCHECK_OPTION = typer.Option(
    True, "--crosscheck/--no-crosscheck",
    help="入库后对本批涉及的单位做跨文件检查（默认开启）/ after the batch, run the cross-document "
         "checks for the units it stored documents of (on by default)")

SUMMARY = {
    "zh": "{what}完成：新存入 {stored}，已有 {skipped}，失败 {failed}；{pages} 页，{facts} 个数据项，"
          "{findings} 条审核发现；数据库 {db}",
    "en": "{what} done: {stored} stored, {skipped} already there, {failed} failed; {pages} pages, "
          "{facts} facts, {findings} findings; database {db}",
}
#: Printed after the summary when files were made current again without a read (make_current).
RESTORED = {"zh": "其中 {restored} 个文件已有按本次读取设置的存档结果，恢复为当前版本（未重新读取）",
            "en": "{restored} of them already had a stored reading under these read settings, "
                  "made current again (not read again)"}
WHAT = {"zh": {"ingest": "入库", "reprocess": "重新处理"},
        "en": {"ingest": "ingest", "reprocess": "reprocess"}}
DASHBOARD = {"zh": "Dask 仪表盘：{url}", "en": "Dask dashboard: {url}"}
INTERRUPTED = {"zh": "已中断：已存入的文件下次入库时会跳过。",
               "en": "interrupted: files already stored are skipped next time."}


def ingest_command(
    paths: List[Path] = typer.Argument(..., help="文件、文件夹或列表文件（每行一个路径） / files, "
                                                 "folders or list files (one path per line)"),
    db: Optional[str] = DB_OPTION,
    workers: int = WORKERS_OPTION,
    dask: Optional[str] = DASK_OPTION,
    cpu_timeout: float = CPU_TIMEOUT_OPTION,
    timeout: float = TIMEOUT_OPTION,
    worker_wait: float = WORKER_WAIT_OPTION,
    fail_on: str = FAIL_ON_OPTION,
    lang: str = LANG_OPTION,
    progress: bool = PROGRESS_OPTION,
    debug: bool = DEBUG_OPTION,
    ocr: Optional[bool] = OCR_OPTION,
    crosscheck: bool = CROSSCHECK_OPTION,
    read_setting: Optional[List[str]] = READ_SETTING_OPTION,
) -> None:
    """读取、抽取、审核并存入数据库；已存入的文件跳过，可中断后续跑。
    Read, extract, audit and store files in the library; what is stored is skipped (resumable).

    Exit codes: 0 nothing at or above --fail-on; 1 something was; 2 an input could not be read or
    the database cannot be used (or a rules file is bad: then nothing is read).
    """
    check_fail_on(fail_on, lang)
    read = read_settings(read_setting, lang)
    require_rules(lang, cross=crosscheck)
    _run("ingest", db, _where(workers, dask, (cpu_timeout, timeout), worker_wait), fail_on, lang,
         progress,
         lambda store, executor, on_progress: ingest(store, [str(p) for p in paths],
                                                     executor=executor, ocr=ocr, debug=debug,
                                                     on_progress=on_progress, read=read),
         crosscheck)


def reprocess_command(
    db: Optional[str] = DB_OPTION,
    workers: int = WORKERS_OPTION,
    dask: Optional[str] = DASK_OPTION,
    cpu_timeout: float = CPU_TIMEOUT_OPTION,
    timeout: float = TIMEOUT_OPTION,
    worker_wait: float = WORKER_WAIT_OPTION,
    fail_on: str = FAIL_ON_OPTION,
    lang: str = LANG_OPTION,
    progress: bool = PROGRESS_OPTION,
    debug: bool = DEBUG_OPTION,
    ocr: Optional[bool] = OCR_OPTION,
    crosscheck: bool = CROSSCHECK_OPTION,
    read_setting: Optional[List[str]] = READ_SETTING_OPTION,
) -> None:
    """用当前版本重新处理库中由旧版本抽取的文件（读取保存的原文件）。
    Re-process, from the kept originals, every document stored by an older extractor version.

    Exit codes as ``ingest``.
    """
    check_fail_on(fail_on, lang)
    read = read_settings(read_setting, lang)
    require_rules(lang, cross=crosscheck)
    _run("reprocess", db, _where(workers, dask, (cpu_timeout, timeout), worker_wait), fail_on,
         lang, progress,
         lambda store, executor, on_progress: reprocess(store, executor=executor, ocr=ocr,
                                                        debug=debug, on_progress=on_progress,
                                                        read=read),
         crosscheck)


def _where(workers: int, dask: Optional[str], bounds: tuple[float, float],
           worker_wait: float) -> Where:
    """Where the batch runs: local workers, or a Dask address with its time bounds (``bounds``:
    CPU seconds and the wall-clock ceiling per file, 0 for none)."""
    settings = ClusterSettings(file_cpu=bounds[0] or None, file_timeout=bounds[1] or None,
                               worker_wait=worker_wait)
    return workers, dask, settings


def _run(command: str, db: Optional[str], where: Where, fail_on: str,
         lang: str, progress: bool, batch: Callable[[Store, Executor, OnProgress], Tally],
         cross: bool = True) -> None:
    """Open the library and the executor (``where``: local workers, Dask address), run ``batch``
    with a progress bar, crosscheck what it stored (``cross``), report, exit."""
    store = open_library(db, lang)
    try:
        executor = make_executor(where[0], dask=where[1], settings=where[2])
    except ClusterError as exc:
        store.close()
        typer.echo(exc.text(lang), err=True)
        raise typer.Exit(2)
    dashboard = getattr(executor, "dashboard", None)
    if dashboard:
        typer.echo(DASHBOARD.get(lang, DASHBOARD["zh"]).format(url=dashboard), err=True)
    try:
        with progress_bar(command, lang, progress) as on_progress:
            tally = batch(store, executor, on_progress)
        cross_line = _crosscheck(store, tally, lang) if cross else None
    except (StoreError, ClusterError) as exc:
        typer.echo(exc.text(lang), err=True)
        raise typer.Exit(2)
    except KeyboardInterrupt:
        typer.echo(INTERRUPTED.get(lang, INTERRUPTED["zh"]), err=True)
        raise typer.Exit(130)
    finally:
        executor.close()
        store.close()
    if command == "ingest" and tally.total == 0:  # as audit: nothing to read is an input error
        typer.echo(say(lang, "no-inputs"), err=True)
        raise typer.Exit(2)
    _report(command, tally, store.where, lang)
    if cross_line:
        typer.echo(cross_line)
    raise typer.Exit(exit_code(tally.files, fail_on))


CROSS_LINE = {"zh": "跨文件检查（本批涉及单位的 {documents} 个文件）：发现 {findings} 条；"
                    "用 budgetlens crosscheck 或 /api/crosscheck 查看",
              "en": "crosscheck ({documents} documents of the units in this batch): {findings} "
                    "findings; see budgetlens crosscheck or /api/crosscheck"}


def _crosscheck(store: Store, tally: Tally, lang: str) -> Optional[str]:
    """Cross-document checks for the units the batch stored documents of (docs/store.md); their
    findings are stored as ``budgetlens crosscheck`` stores them. The ingest's exit code stays
    the audit's: cross findings are listed by ``budgetlens crosscheck`` and the API."""
    if tally.run_id is None or tally.stored == 0:
        return None
    try:
        summary = run_crosscheck(store.engine, run_id=tally.run_id)
    except DBAPIError as exc:
        raise unreachable(store.url, exc) from None
    text = CROSS_LINE.get(lang, CROSS_LINE["zh"])
    return text.format(documents=summary.outcome.documents, findings=summary.stored)


def _report(command: str, tally: Tally, where: str, lang: str) -> None:
    for f in tally.files:
        if f.state == "failed" or f.error_code:
            typer.echo(f"{f.source}: {f.why(lang)} [{f.error_code}]", err=True)
    lang = lang if lang in SUMMARY else "zh"
    typer.echo(SUMMARY[lang].format(what=WHAT[lang][command], db=where, **tally.counts()))
    if tally.restored:
        typer.echo(RESTORED[lang].format(restored=tally.restored))
