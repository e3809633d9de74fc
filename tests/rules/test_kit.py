"""Every rules file the kit loads, made bad in a copy of the package: the error names the file, the
line of the bad key itself (not its entry's header) and the key, with what was expected and what
was found — whichever loader (or the start-of-run check of ``[[rule]]`` parameters) found it.

Real bad files: the package is copied to a temporary folder, one of its rules files is edited
there (an unknown key planted inside an entry, a parameter of the wrong type, a TOML syntax
error, an unknown CSV column), and the real start-of-run check (``reconcile.preflight``, then the
cross-document declarations against their kinds' evaluators as the commands that cross-check
add: ``crosscheck.check_declarations``) loads the whole kit from that copy in a fresh process. Near miss: the untouched copy loads without error.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from budgetlens.rules import kit
from budgetlens.rules.catalogue import RULES_ENV
from budgetlens.rules.schema import RuleError

from ..conftest import REPO

PACKAGE = REPO / "src" / "budgetlens"
RULES = PACKAGE / "rules"
KIT_FILES = sorted(name for name, _ in kit.LOADERS if re.fullmatch(r"[\w./]+\.(toml|csv)", name))
RULE_FILES = ("identities.toml", "form_checks.toml")
_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*=")
_REQUIRED = {"id", "kind", "category", "severity", "message_zh", "message_en", "description",
             "description_en"}

#: Run in the copy: each (file, text) written in turn, the whole kit checked, the error reported.
RUNNER = """
import json, sys
from importlib import resources
from budgetlens.crosscheck import check_declarations
from budgetlens.reconcile.preflight import check_rules
from budgetlens.rules.schema import RuleError

def clear():
    for name, module in list(sys.modules.items()):
        if name.startswith("budgetlens."):
            for value in list(vars(module).values()):
                if hasattr(value, "cache_clear"):
                    value.cache_clear()

root = resources.files("budgetlens.rules")
out = []
for name, text in json.load(sys.stdin):
    path = root.joinpath(name)
    original = path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    clear()
    try:
        check_rules()
        check_declarations()
        out.append(None)
    except RuleError as e:
        out.append({"file": e.file, "line": e.line, "key": e.key, "message": str(e)})
    finally:
        path.write_text(original, encoding="utf-8")
json.dump(out, sys.stdout, ensure_ascii=False)
"""


def _entry_keys(lines: list[str]) -> list[int]:
    """Indexes of ``key = value`` lines whose value ends on the same line, inside an entry (after
    its header, a second key or later so the key's line is not the header's), or top-level."""
    out, since_header = [], 0
    for i, line in enumerate(lines):
        if line.startswith("["):
            since_header = 0
            continue
        if _KEY.match(line):
            since_header += 1
            if since_header >= 2:
                out.append(i)
    return out


def _planted(name: str, new_line: str) -> tuple[str, int]:
    """The file with ``new_line`` after the first complete key line of an entry where the result
    is still valid TOML (a line inside a multi-line value is skipped); its 1-based line."""
    lines = (RULES / name).read_text(encoding="utf-8").splitlines()
    for i in _entry_keys(lines):
        text = "\n".join(lines[:i + 1] + [new_line] + lines[i + 1:]) + "\n"
        try:
            tomllib.loads(text.replace(new_line, "zz_probe = 1"))
        except tomllib.TOMLDecodeError:
            continue
        return text, i + 2
    raise AssertionError(f"no entry to plant a key in: {name}")


def _wrong_type(name: str) -> tuple[str, int, str]:
    """A ``[[rule]]`` parameter (a key beside the rule's own fields) given a boolean instead."""
    lines = (RULES / name).read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        m = _KEY.match(line)
        if m and m.group(1) not in _REQUIRED and line.rstrip().endswith(("]", '"', "0", "1")):
            try:
                tomllib.loads("x = " + line.split("=", 1)[1])
            except tomllib.TOMLDecodeError:
                continue  # the start of a multi-line value
            bad = lines[:i] + [f"{m.group(1)} = true"] + lines[i + 1:]
            return "\n".join(bad) + "\n", i + 1, m.group(1)
    raise AssertionError(f"no parameter line in {name}")


def _unknown_column(name: str) -> str:
    lines = (RULES / name).read_text(encoding="utf-8").splitlines()
    return "\n".join([lines[0] + ",zz_unknown"] + [f"{line}," for line in lines[1:]]) + "\n"


@pytest.fixture(scope="module")
def errors(tmp_path_factory):
    """name → (what was planted, the error the kit raised) for every variant below."""
    tree = tmp_path_factory.mktemp("package")
    shutil.copytree(PACKAGE, tree / "budgetlens", ignore=shutil.ignore_patterns("__pycache__"))
    variants: list[tuple[str, str, tuple]] = [("intact", "measures.csv",
                                               ((RULES / "measures.csv").read_text("utf-8"),))]
    for name in KIT_FILES:
        if name.endswith(".csv"):
            variants.append((f"column {name}", name, (_unknown_column(name), 1, "zz_unknown")))
            continue
        text, line = _planted(name, "zz_unknown = 1")
        variants.append((f"unknown {name}", name, (text, line, "zz_unknown")))
        text, line = _planted(name, "zz_unknown = ")
        variants.append((f"syntax {name}", name, (text, line, "")))
    for name in RULE_FILES:
        variants.append((f"type {name}", name, _wrong_type(name)))
    feed = json.dumps([(name, planted[0]) for _, name, planted in variants], ensure_ascii=False)
    env = {"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-c", RUNNER], input=feed, capture_output=True,
                         text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    got = json.loads(run.stdout)
    return {label: (name, planted, error) for (label, name, planted), error
            in zip(variants, got)}


def test_the_intact_copy_loads(errors):
    assert errors["intact"][2] is None


@pytest.mark.parametrize("name", [n for n in KIT_FILES if n.endswith(".toml")])
def test_an_unknown_key_is_named_at_its_own_line(errors, name):
    _, (_, line, key), error = errors[f"unknown {name}"]
    assert error is not None, name
    assert (error["file"], error["line"], error["key"]) == (name, line, key), error["message"]
    assert "unknown key 'zz_unknown'" in error["message"] and "known:" in error["message"]
    assert error["message"].startswith(f"{name}:{line}: ")


@pytest.mark.parametrize("name", [n for n in KIT_FILES if n.endswith(".toml")])
def test_a_syntax_error_is_named_at_its_line(errors, name):
    _, (_, line, _key), error = errors[f"syntax {name}"]
    assert (error["file"], error["line"]) == (name, line), error["message"]
    assert "not valid TOML" in error["message"] or "Invalid" in error["message"]


@pytest.mark.parametrize("name", [n for n in KIT_FILES if n.endswith(".csv")])
def test_an_unknown_column_is_named(errors, name):
    _, _, error = errors[f"column {name}"]
    assert (error["file"], error["line"], error["key"]) == (name, 1, "zz_unknown")
    assert "unknown column 'zz_unknown'" in error["message"]


@pytest.mark.parametrize("name", RULE_FILES)
def test_a_rule_parameter_of_the_wrong_type_is_named_at_its_line(errors, name):
    """Checked against the evaluator's schema at the start of a run (not by the file's loader):
    the line of the parameter, not the line of its ``[[rule]]``."""
    _, (_, line, key), error = errors[f"type {name}"]
    assert (error["file"], error["line"], error["key"]) == (name, line, key), error["message"]
    assert f"'{key}' must be" in error["message"] and "not a boolean" in error["message"]


def test_a_user_rule_file_is_located_the_same_way(tmp_path, monkeypatch):
    """A ``BUDGETLENS_RULES`` file (named by its path): a parameter of the wrong type."""
    from budgetlens.reconcile.preflight import check_rules

    rule = '''[[rule]]
id = "my-floor"
kind = "pct_floor"
category = "percentage"
severity = "warning"
description = "降幅不超过10%"
message_zh = "{stated}%"
message_en = "{stated}%"
bases = ["pct_change_prior"]
floor = "-10"
'''
    (tmp_path / "mine.toml").write_text(rule, encoding="utf-8")
    monkeypatch.setenv(RULES_ENV, str(tmp_path))
    with pytest.raises(RuleError) as caught:
        check_rules()
    assert (caught.value.file, caught.value.line, caught.value.key) == \
        (str(tmp_path / "mine.toml"), 10, "floor")
    assert "'floor' must be integer or number" in str(caught.value) and "not str" in str(caught.value)
    sound = tmp_path / "sound"  # another folder (the catalogue is cached per folder)
    sound.mkdir()
    (sound / "mine.toml").write_text(rule.replace('"-10"', "-10"), encoding="utf-8")
    monkeypatch.setenv(RULES_ENV, str(sound))
    assert any(r.id == "my-floor" for r in check_rules())  # the near miss runs


def test_a_loader_error_with_a_key_but_no_line_finds_the_one_line_setting_it():
    text = (RULES / "projects.toml").read_text("utf-8")
    key = next(m.group(1) for line in text.splitlines() if (m := _KEY.match(line))
               and sum(1 for x in text.splitlines() if x.startswith(m.group(1) + " ")) == 1)
    line = next(n for n, x in enumerate(text.splitlines(), 1) if x.startswith(key + " "))
    moved = kit.located(RuleError(f"'{key}' is bad", file="projects.toml", key=key))
    assert (moved.file, moved.line, moved.key) == ("projects.toml", line, key)
    assert str(moved) == f"projects.toml:{line}: '{key}' is bad"
    kept = kit.located(RuleError("no key", file="projects.toml", line=3))
    assert (kept.file, kept.line) == ("projects.toml", 3)
