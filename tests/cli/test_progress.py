"""The ingest progress bar: files done of all, pages/s, skipped and failed counts, on a terminal
only (a batch run from a script keeps its log clean)."""

from __future__ import annotations

import io

from rich.console import Console

from budgetlens.cli.progress import progress_bar
from budgetlens.ingest import Tally


def _render(lang: str, terminal: bool) -> str:
    out = io.StringIO()
    console = Console(file=out, force_terminal=terminal, width=160, color_system=None)
    with progress_bar("ingest", lang, console=console) as update:
        tally = Tally(total=3)
        update(tally)
        tally.done, tally.pages, tally.skipped, tally.failed = 2, 40, 1, 1
        tally.last = "/batch/安康市2024年部门预算.pdf"
        update(tally)
    return out.getvalue()


def test_progress_shows_files_rate_skipped_and_errors():
    zh = _render("zh", terminal=True)
    assert "2/3" in zh and "页/秒" in zh and "已有 1" in zh and "失败 1" in zh
    assert "安康市2024年部门预算.pdf" in zh
    en = _render("en", terminal=True)
    assert "pages/s" in en and "skipped 1" in en and "errors 1" in en


def test_no_progress_bar_off_a_terminal():
    assert _render("zh", terminal=False) == ""
