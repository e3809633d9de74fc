"""``budgetlens --version``: which build produced a report matters when findings are compared across
runs (the library stores the extractor version for the same reason), so the CLI says it plainly."""

from __future__ import annotations

from typing import Optional

import typer

from .. import __version__
from ..ingest.version import extractor_version
from ..read import pdf_native


def _print_version(value: bool) -> None:
    """Eager option callback: runs before Click looks for a command, so ``--version`` alone works."""
    if value:
        typer.echo(f"budgetlens {__version__} (extractor {extractor_version()})")
        typer.echo(pdf_native.describe())
        raise typer.Exit()


def version_option(
    version: Optional[bool] = typer.Option(
        None, "--version", callback=_print_version, is_eager=True,
        help="显示版本并退出 / show the version and exit"),
) -> None:
    """The app callback; its only option is ``--version`` (handled eagerly by :func:`_print_version`)."""
