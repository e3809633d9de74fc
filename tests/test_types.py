"""The type check (issue #12): mypy over src/budgetlens, configured in pyproject.toml
([tool.mypy]: every module with every function annotated and stricter flags, no kind of error
left out).

WHY a test: the README's test command runs pytest, so a type error fails the build like any
failing test, on every machine that runs the suite; a check run by hand drifts. The second test
shows the check is live: the same configuration over a copy of the package with one error put in
must fail, naming it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _mypy(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mypy", *args], cwd=cwd, capture_output=True,
                          text=True, check=False)


def test_the_package_type_checks():
    out = _mypy("--config-file", "pyproject.toml", cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Success: no issues found" in out.stdout


def test_a_type_error_fails_the_check(tmp_path):
    """A copy of the package whose model says a page number is text: mypy fails and names the
    file and line. Only the model's modules are checked (what they import is followed), so the
    copy costs seconds; the configuration is the project's own."""
    shutil.copytree(ROOT / "src" / "budgetlens", tmp_path / "src" / "budgetlens",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    base = tmp_path / "src" / "budgetlens" / "model" / "base.py"
    clean = _mypy("--config-file", "pyproject.toml", "--cache-dir", str(tmp_path / "cache"),
                  "src/budgetlens/model/base.py", cwd=tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr  # the copy is clean before
    text = base.read_text(encoding="utf-8")
    line = len(text.splitlines()) + 1
    base.write_text(text + "\n_BROKEN: int = \"page 3\"\n", encoding="utf-8")
    broken = _mypy("--config-file", "pyproject.toml", "--cache-dir", str(tmp_path / "cache"),
                   "src/budgetlens/model/base.py", cwd=tmp_path)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert f"src/budgetlens/model/base.py:{line + 1}: error" in broken.stdout
    assert "[assignment]" in broken.stdout
