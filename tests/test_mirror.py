"""Tests mirror the packages (issue #12, item 6): each module of budgetlens with logic has a test
module named after it, ``tests/<stage>/test_<module>.py`` (or ``test_<module>_<aspect>.py``), so
the next person who changes a module finds its tests without searching.

WHY a test: a module tested only through another's tests (or not at all) is where a change breaks
something no test names. Since session 15 every module with logic has its test module
(:data:`UNMIRRORED` is empty and may only stay so): a new module with logic must come with its own.

A package's ``__init__.py`` with logic is mirrored by ``tests/<package>/test_<package>*.py``.
What needs a mirror is told by what a module contains, never by a list: a module with no function
or method of its own (constants, re-exports under ``__all__``, records without methods) has no
logic to test by itself and is not asked for one — an ``__init__`` that only re-exports its
package's names is such a module; Alembic revisions are frozen snapshots.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "budgetlens"
TESTS = ROOT / "tests"
#: frozen schema snapshots (see tests/test_structure.py)
FROZEN = "store/migrations/"

#: modules with logic and no mirroring test module yet; may only shrink (empty since session 15:
#: a new module with logic comes with its test module)
UNMIRRORED: frozenset[str] = frozenset()


def has_logic(path: Path) -> bool:
    """Whether the module defines a function (or a method): something that runs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) for n in ast.walk(tree))


def mirrors(relative: Path) -> list[Path]:
    """The test modules that mirror ``relative`` (a path inside the package)."""
    stem = relative.parent.name if relative.stem == "__init__" else relative.stem
    folder = TESTS / relative.parent
    return sorted([*folder.glob(f"test_{stem}.py"), *folder.glob(f"test_{stem}_*.py")])


def modules_with_logic() -> list[Path]:
    return [p.relative_to(PACKAGE) for p in sorted(PACKAGE.rglob("*.py"))
            if not p.relative_to(PACKAGE).as_posix().startswith(FROZEN) and has_logic(p)]


def unmirrored() -> set[str]:
    return {rel.as_posix() for rel in modules_with_logic() if not mirrors(rel)}


def test_every_module_with_logic_has_its_test_module():
    missing = unmirrored()
    assert sorted(missing - UNMIRRORED) == [], "modules with logic and no tests/<stage>/test_<module>*.py"


def test_the_list_of_unmirrored_modules_only_shrinks():
    """A module that gained its test module (or was removed) leaves :data:`UNMIRRORED`."""
    assert sorted(UNMIRRORED - unmirrored()) == []


def test_the_mirror_is_found_by_name_and_not_by_a_neighbour(tmp_path):
    """The rule's near miss: ``test_claim_amount.py`` mirrors ``claim_amount.py`` and
    ``test_tables_units.py`` ``tables.py`` (an aspect), but ``test_claim_amount.py`` does not
    mirror ``claims.py`` nor ``test_claims.py`` ``claim.py``."""
    assert mirrors(Path("extract/claim_amount.py"))
    assert not [p for p in mirrors(Path("extract/claims.py")) if p.name.startswith("test_claim_")]
    assert all(p.name == "test_tables.py" or p.name.startswith("test_tables_")
               for p in mirrors(Path("extract/tables.py")))
    assert mirrors(Path("reconcile/__init__.py")) == \
        sorted([*(TESTS / "reconcile").glob("test_reconcile.py"),
                *(TESTS / "reconcile").glob("test_reconcile_*.py")])
    assert has_logic(PACKAGE / "pipeline.py")
    (tmp_path / "constants.py").write_text('"""Only data."""\nLIMIT = 3\n', encoding="utf-8")
    assert not has_logic(tmp_path / "constants.py")


def test_an_init_that_only_re_exports_needs_no_mirror_and_one_with_a_function_does(tmp_path):
    """The rule reads the module: imports and ``__all__`` are no logic, a ``def`` is (the near
    miss: the same ``__init__`` with one function added). The package's re-exporting
    ``__init__``s (``rules/``, ``store/migrations/``) are left out by it, none by name."""
    package = tmp_path / "pkg"
    package.mkdir()
    init = package / "__init__.py"
    init.write_text('"""Re-exports."""\nfrom .a import A, b\n__all__ = ["A", "b"]\n', encoding="utf-8")
    assert not has_logic(init)
    init.write_text(init.read_text(encoding="utf-8") + "\n\ndef c() -> int:\n    return 1\n",
                    encoding="utf-8")
    assert has_logic(init)
    inits = {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("__init__.py")}
    with_logic = {m.as_posix() for m in modules_with_logic()}
    assert "rules/__init__.py" in inits - with_logic
    assert {"store/__init__.py", "web/__init__.py", "serve/__init__.py",
            "extract/__init__.py"} <= with_logic
