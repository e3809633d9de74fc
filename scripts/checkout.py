"""What the scripts need beyond the installed package, in one place, so that none edits ``sys.path``.

Scripts import ``budgetlens`` as installed (``bash scripts/setup.sh`` installs the checkout in
editable mode; ``PYTHONPATH=src`` does the same for a bare venv) and their sibling modules as
Python finds them anyway: a script run as ``python scripts/NAME.py`` has ``scripts/`` first on its
path. Two things are left, and they live here:

* a child Python (a server, a worker with other fonts) must import the same ``budgetlens`` as its
  parent, whichever way the parent found it: :func:`child_env`;
* a few measurements use test data builders of the checkout (``tests/generate/synthetic.py``),
  which are not part of the installed package: :func:`checkout_module` loads one from its file.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

#: The checkout this script belongs to (its ``tests/``, ``docs/``, ``../shared``).
ROOT = Path(__file__).resolve().parents[1]


def child_env(**extra: str) -> dict[str, str]:
    """This process's environment, plus ``extra``, with ``PYTHONPATH`` leading to the folder the
    running ``budgetlens`` was imported from: a child started with it runs the same code, also
    when the parent found the package through its own ``PYTHONPATH=src`` and the child starts in
    another directory (a relative entry would then name nothing)."""
    import budgetlens

    home = str(Path(budgetlens.__file__).resolve().parents[1])
    old = os.environ.get("PYTHONPATH", "")
    parts = [home] + [str(Path(p).resolve()) for p in old.split(os.pathsep) if p]
    return dict(os.environ, PYTHONPATH=os.pathsep.join(dict.fromkeys(parts)), **extra)


def checkout_module(relative: str) -> ModuleType:
    """The module at ``relative`` (a path inside the checkout, such as
    ``tests/generate/synthetic.py``), loaded from its file: test data builders are not installed,
    and the scripts leave ``sys.path`` as Python set it."""
    path = ROOT / relative
    if not path.is_file():
        raise SystemExit(f"{relative} not found: this script needs the budgetlens checkout")
    name = "checkout_" + path.with_suffix("").relative_to(ROOT).as_posix().replace("/", "_")
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the body runs
    spec.loader.exec_module(module)
    return module
