"""A check not assessable says why in zh-CN and in English (issue #12: ``--lang en`` speaks English
everywhere): every place of the package that makes an ``Assessment`` gives both, the seeds' audits
carry an English reason for each record, and ``audit --lang en`` shows it (the default keeps zh).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.pipeline import process

from ..conftest import REPO, SEEDS, seed_path

PACKAGE = REPO / "src" / "budgetlens"
CJK = re.compile(r"[\u4e00-\u9fff]")
QUOTED = re.compile(r"“[^”]*”")


#: The makers of a not-assessable record, and the arguments that include the English reason:
#: ``Assessment(rule, reason, reason_en)``, ``assess(rule, zh, en)``,
#: ``not_assessable(rule, subject, zh, en)`` (imported as ``na`` too).
MAKERS = {"Assessment": 3, "assess": 3, "not_assessable": 4, "na": 4}


def _makers() -> list[tuple[str, int, str, int]]:
    """(module, line, maker, arguments) of every call of a maker."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in MAKERS:
                given = len(node.args) + sum(1 for k in node.keywords if k.arg)
                out.append((str(path.relative_to(PACKAGE)), node.lineno, node.func.id, given))
    return out


def test_every_assessment_is_made_with_an_english_reason():
    makers = _makers()
    assert len(makers) >= 30  # the audit's and the cross-document stage's
    assert [(m, line) for m, line, name, given in makers if given < MAKERS[name]] == []


def test_the_seeds_not_assessable_records_are_english_too():
    records = [a for p in sorted(SEEDS.glob("*.txt"))
               for a in (process(str(p)).audit.not_assessable or ())]
    assert records  # the seeds have some (no tables part, a definition of their own …)
    for a in records:
        assert a.reason and a.reason_en, a
        assert not CJK.search(QUOTED.sub("", a.reason_en)), a.reason_en  # quotes stay as printed


def test_audit_lang_en_shows_the_english_reason_and_zh_by_default():
    seed = str(seed_path("002"))
    result = process(seed)
    (first, *_) = result.audit.not_assessable
    runner = CliRunner()
    en = runner.invoke(app, ["audit", seed, "--lang", "en", "-f", "html"])
    zh = runner.invoke(app, ["audit", seed, "-f", "html"])
    assert first.reason_en in en.stdout.replace("&#x27;", "'") and first.reason not in en.stdout
    assert first.reason in zh.stdout
    body = runner.invoke(app, ["audit", seed, "-f", "json"]).stdout
    assert '"reason_en"' in body
