"""The install files agree with pyproject.toml: the lock pins every direct dependency inside its
declared range, every dependency declares the lower bound scripts/check_minimums.sh installs, and
every system package line names a known group. WHY: a dependency added to pyproject without
rerunning scripts/lock.sh would install unpinned in CI; a bound without a minimum is untestable.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "constraints.txt"
RELOCK = "run `bash scripts/lock.sh --test` and commit requirements/constraints.txt"


def _direct_requirements() -> list[tuple[str, Requirement]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = [("", Requirement(t)) for t in project.get("dependencies", [])]
    for extra, reqs in project.get("optional-dependencies", {}).items():
        found += [(extra, Requirement(t)) for t in reqs]
    return found


def _lock_pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, version = line.partition("==")
        assert sep, f"{LOCK.name}: not an exact pin: {line!r}"
        pins[canonicalize_name(name)] = version
    return pins


def test_lock_pins_every_direct_dependency_within_its_declared_range():
    pins = _lock_pins()
    for extra, req in _direct_requirements():
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is in pyproject.toml but not in the lock: {RELOCK}"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"lock pins {req.name}=={pins[name]}, outside pyproject's {req}: {RELOCK}")


def test_every_direct_dependency_declares_the_minimum_that_check_minimums_installs():
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "pyproject_deps.py"), "minimums"],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    pinned = {canonicalize_name(line.partition("==")[0]): line.partition("==")[2]
              for line in out.stdout.split()}
    for extra, req in _direct_requirements():
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        assert req.specifier.contains(pinned[canonicalize_name(req.name)], prereleases=True), req


def test_system_package_lines_name_a_known_group_and_say_who_needs_them():
    groups = {"venv", "ocr", "suite", "labels"}
    lines = (ROOT / "scripts" / "system-packages.txt").read_text(encoding="utf-8").splitlines()
    entries = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    if not entries:
        pytest.fail("scripts/system-packages.txt lists no package")
    for line in entries:
        fields, _, why = line.partition("#")
        parts = fields.split()
        assert len(parts) == 2 and parts[1] in groups, f"want `PACKAGE GROUP  # why`: {line!r}"
        assert why.strip(), f"say which tests need it: {line!r}"
