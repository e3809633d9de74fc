"""`budgetlens --version` (cli/version.py): the package and the extractor build the library tags
documents with."""

from __future__ import annotations


from typer.testing import CliRunner

from budgetlens.cli import app


runner = CliRunner()


def test_version_names_package_and_extractor_build():
    """``--version`` alone works (no command needed) and names the extractor build the library tags
    documents with, so a report can be matched to the code that produced it."""
    from budgetlens import __version__
    from budgetlens.ingest.version import extractor_version

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    first, reading = result.output.strip().splitlines()
    assert first == f"budgetlens {__version__} (extractor {extractor_version()})"
    assert reading.startswith("PDF 读取") and "PDF reading: " in reading  # which char loop reads
