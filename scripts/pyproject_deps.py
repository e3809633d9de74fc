"""Read pyproject.toml's dependency declarations for the install scripts (no third-party import).

WHY: the lock (scripts/lock.sh) and the minimum-versions check (scripts/check_minimums.sh) must
follow pyproject.toml as other engineers add dependencies and extras; deriving the extras list and
the lower-bound pins here means neither script keeps a copy that can fall out of date.

Usage:
  python scripts/pyproject_deps.py extras     # every extra, comma-joined (e.g. "ocr,test")
  python scripts/pyproject_deps.py minimums   # name==lower-bound for each direct dependency of the
                                              # base and every extra whose marker holds here
Exit 2 with the requirement named when a dependency declares no lower bound (>=, ==, ~=).
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

try:  # packaging is in every venv that has pip; fall back to pip's vendored copy.
    from packaging.requirements import Requirement
except ImportError:  # pragma: no cover - depends on the interpreter's site-packages
    from pip._vendor.packaging.requirements import Requirement  # type: ignore[no-redef]

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def _project() -> dict:
    with PYPROJECT.open("rb") as fh:
        return tomllib.load(fh)["project"]


def extras() -> list[str]:
    """Every optional-dependency group, sorted so the output is stable."""
    return sorted(_project().get("optional-dependencies", {}))


def lower_bound(req: Requirement) -> str:
    """The smallest version the requirement admits, as declared (>=, ==, ~=)."""
    bounds = [s.version for s in req.specifier if s.operator in (">=", "==", "~=", "===")]
    if not bounds:
        raise ValueError(f"{req} declares no lower bound (>=): add one to pyproject.toml")
    if len(bounds) > 1:
        raise ValueError(f"{req} declares several lower bounds: keep one")
    return bounds[0]


def minimums() -> list[str]:
    """`name==min` for every direct dependency that applies to this interpreter."""
    project = _project()
    groups = [("", project.get("dependencies", []))]
    groups += sorted(project.get("optional-dependencies", {}).items())
    pins: dict[str, str] = {}
    for extra, reqs in groups:
        for text in reqs:
            req = Requirement(text)
            if req.marker is not None and not req.marker.evaluate({"extra": extra}):
                continue
            pins[req.name.lower()] = f"{req.name}=={lower_bound(req)}"
    return sorted(pins.values(), key=str.lower)


def main(argv: list[str]) -> int:
    if argv == ["extras"]:
        print(",".join(extras()))
    elif argv == ["minimums"]:
        try:
            print("\n".join(minimums()))
        except ValueError as err:
            print(f"pyproject.toml: {err}", file=sys.stderr)
            return 2
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
