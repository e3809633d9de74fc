"""The progress bar of ``ingest`` and ``reprocess`` (Rich, on stderr): files, pages/s, errors.

Why on stderr and only on a terminal: stdout stays free for the summary line that scripts read,
and a batch run from cron or CI should not fill its log with redraws.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)

from ..ingest import Tally

WORDS = {
    "zh": {"ingest": "入库", "reprocess": "重新处理", "pages_s": "页/秒", "errors": "失败",
           "skipped": "已有"},
    "en": {"ingest": "ingest", "reprocess": "reprocess", "pages_s": "pages/s", "errors": "errors",
           "skipped": "skipped"},
}


@contextmanager
def progress_bar(command: str, lang: str, enabled: bool = True,
                 console: Optional[Console] = None) -> Iterator:
    """Yields the ``on_progress`` callback for :func:`budgetlens.ingest.ingest`."""
    words = WORDS.get(lang, WORDS["zh"])
    console = console or Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield lambda _tally: None
        return
    columns = (TextColumn(words[command]), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]:.1f} " + words["pages_s"]),
               TextColumn(words["skipped"] + " {task.fields[skipped]}"),
               TextColumn("[red]" + words["errors"] + " {task.fields[failed]}"),
               TimeElapsedColumn(), TimeRemainingColumn(),
               TextColumn("[dim]{task.fields[last]}"))
    start = time.perf_counter()
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task(command, total=None, rate=0.0, skipped=0, failed=0, last="")

        def update(tally: Tally) -> None:
            elapsed = max(time.perf_counter() - start, 1e-6)
            bar.update(task, total=tally.total, completed=tally.done, rate=tally.pages / elapsed,
                       skipped=tally.skipped, failed=tally.failed,
                       last=Path(tally.last).name[:40])

        yield update
