"""``--lang en`` speaks English on every line a command prints, its refusals and the reasons a file
could not be read included (issue #12, item 6); the default keeps ``中文 / English``."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.cli.messages import MESSAGES
from budgetlens.pipeline import process
from budgetlens.report.labels import error_text

from ..conftest import seed_path

runner = CliRunner()
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_each_message_has_both_languages_with_the_same_fields(key):
    zh, en = MESSAGES[key]
    assert CJK.search(zh) and not CJK.search(en), key
    assert _fields(zh) == _fields(en), key


def _refusals(tmp: Path) -> list[list[str]]:
    """Command lines refused before or without reading a document: each must explain itself."""
    seed, other = str(seed_path("000")), str(seed_path("001"))
    empty = tmp / "empty"
    empty.mkdir(exist_ok=True)
    return [
        ["audit", seed, "--format", "bogus"],
        ["audit", seed, "--fail-on", "sometimes"],
        ["audit", seed, "--format", "xlsx"],
        ["audit", str(empty)],
        ["audit", seed, other, "--annotate", str(tmp / "a.pdf")],
        ["audit", seed, "--annotate", str(tmp / "b.pdf")],
        ["extract", seed, "--format", "bogus"],
        ["extract", str(empty)],
        ["generate", "--kind", "yearly"],
        ["generate", "--format", "pdf,odt"],
        ["generate"],
        ["export", "--fdp", str(tmp / "x.zip"), "--drilldown", "year"],
        ["db", "info", "--db", str(tmp / "lib.db"), "--format", "xml"],
        ["crosscheck", "--db", str(tmp / "lib.db"), "--format", "xml"],
        ["crosscheck", "--db", str(tmp / "lib.db"), "--min-severity", "fatal"],
        ["ingest", seed, "--db", str(tmp / "lib.db"), "--fail-on", "sometimes"],
    ]


def test_refusals_are_english_with_lang_en(tmp_path):
    for argv in _refusals(tmp_path):
        run = runner.invoke(app, argv + ["--lang", "en"])
        assert run.exit_code == 2, (argv, run.output)
        assert run.output.strip() and not CJK.search(run.output), (argv, run.output)


def test_refusals_keep_chinese_first_by_default(tmp_path):
    for argv in _refusals(tmp_path):
        run = runner.invoke(app, argv)
        assert run.exit_code == 2, (argv, run.output)
        text = " ".join(re.sub("[\u2500-\u257f]", " ", run.output).split())  # rich's box, wraps
        assert CJK.search(text) and re.search(r" / [A-Za-z-]", text), (argv, run.output)


def _broken_pdf(tmp: Path) -> Path:
    """A file that says it is a PDF and is not one: read-side failure with a zh/en diagnostic."""
    path = tmp / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    return path


def test_an_unreadable_file_is_explained_in_the_language_asked(tmp_path):
    pdf = _broken_pdf(tmp_path)
    result = process(str(pdf))
    assert result.status == "error" and CJK.search(result.error)
    english = error_text(result, "en")
    assert english and not CJK.search(english)
    assert english in {d.message_en for d in result.diagnostics}
    assert error_text(result, "zh") == result.error
    for command, fmt in (("extract", "json"), ("audit", "text"), ("audit", "md")):
        run = runner.invoke(app, [command, str(pdf), "--format", fmt, "--lang", "en"])
        assert run.exit_code == 2
        assert english in run.stderr and not CJK.search(run.stderr), (command, run.stderr)
        if fmt != "json":  # JSON keeps the data as stored (error, error_code)
            assert english in run.stdout and not CJK.search(run.stdout), (command, run.stdout)

