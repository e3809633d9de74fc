"""The scripts run on the installed package without editing ``sys.path`` (issue #12, item 6): a
script that put ``src/`` first on its path measured the checkout even when the user meant the
installed package, and hid a missing install step. Each script is started the way the docs start
it, from another directory, with ``budgetlens`` found only as an installed package is found."""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

import budgetlens

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
#: where the running budgetlens was imported from (src/ of this checkout, or site-packages)
PACKAGE_HOME = str(Path(budgetlens.__file__).resolve().parents[1])


def _sys_path_edits(path: Path) -> list[int]:
    """Lines of ``path`` that change ``sys.path`` (insert/append/extend/assign)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        target = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = node.func.value
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            target = next((t for t in targets if isinstance(t, (ast.Attribute, ast.Subscript))), None)
            target = target.value if isinstance(target, ast.Subscript) else target
        if isinstance(target, ast.Attribute) and target.attr == "path" and \
                isinstance(target.value, ast.Name) and target.value.id == "sys":
            out.append(node.lineno)
    return out


def test_no_script_edits_sys_path():
    edits = {p.name: lines for p in sorted(SCRIPTS.glob("*.py")) if (lines := _sys_path_edits(p))}
    assert not edits, f"scripts editing sys.path (line numbers): {edits}"


def _installed_env() -> dict[str, str]:
    """The environment of a machine where budgetlens is installed: the package's own folder on
    the path (what the editable install of scripts/setup.sh adds), nothing of the checkout."""
    return dict(os.environ, PYTHONPATH=PACKAGE_HOME, PYTHONNOUSERSITE="1")


ARGPARSE_SCRIPTS = sorted(p.name for p in SCRIPTS.glob("*.py")
                          if "argparse.ArgumentParser" in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("script", ARGPARSE_SCRIPTS)
def test_script_starts_from_another_folder(script, tmp_path):
    """``--help`` imports everything a script imports at the top (budgetlens, its sibling
    modules) and parses its options; started from an unrelated folder, so that nothing is found
    through the working directory."""
    run = subprocess.run([sys.executable, str(SCRIPTS / script), "--help"], cwd=tmp_path,
                         env=_installed_env(), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "usage:" in run.stdout.lower()


def _checkout():
    spec = importlib.util.spec_from_file_location("scripts_checkout", SCRIPTS / "checkout.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_child_imports_the_same_budgetlens(tmp_path, monkeypatch):
    """A server or worker started by a script runs the parent's budgetlens, also when the parent
    found it through a relative PYTHONPATH and the child starts elsewhere."""
    monkeypatch.setenv("PYTHONPATH", os.path.relpath(PACKAGE_HOME))
    env = _checkout().child_env(BUDGETLENS_OCR="0")
    assert env["BUDGETLENS_OCR"] == "0"
    run = subprocess.run([sys.executable, "-c", "import budgetlens; print(budgetlens.__file__)"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert Path(run.stdout.strip()).resolve() == Path(budgetlens.__file__).resolve()


def test_a_test_data_builder_of_the_checkout_is_loaded_from_its_file():
    checkout = _checkout()
    synthetic = checkout.checkout_module("tests/generate/synthetic.py")
    assert callable(synthetic.synthetic_input) and callable(synthetic.write_input)
    assert checkout.checkout_module("tests/generate/synthetic.py") is synthetic
    with pytest.raises(SystemExit, match="not found"):
        checkout.checkout_module("tests/generate/no_such_module.py")
