"""Count the regular expressions and the Chinese string constants in the package's code, told
apart by use: *matched* (text is searched or compared by it) against *written* (a message, a label,
a heading we print).

Why a script: issue #12 asks that the wording code matches by be data (rules/*.toml), not Python;
what is left in code has to be counted the same way every time, by the syntax tree rather than by
reading, so a before/after figure means something. ``tests/test_structure.py`` uses
:func:`matched_constants` to refuse a new matched Chinese constant in extract/, reconcile/ and
read/.

A constant is *matched* when, climbing from it through the containers that carry it (a tuple,
list, set or dict key, a concatenation, ``frozenset(…)``), it reaches:
- the pattern of a ``re.<fn>(…)`` call (a regex source),
- an operand of a comparison (``in``, ``==``, ``!=`` …),
- the argument of a str method that searches (``startswith``, ``find``, ``replace`` …),
- the iterable of a loop or comprehension whose body compares or searches,
- a subscript (a lookup by text) or a dict's key,
- a name bound to it that is itself used in one of these ways (a module's word list).
Anything else is *written* (a call's argument, a dict's value, an f-string, a return value).
Docstrings are neither and are not counted; ``rules/`` is where the matched ones belong and is
not counted either.

Usage: ``python scripts/matching_strings.py [--list] [--stage reconcile]`` (from the repository
root; prints per stage the ``re.compile`` calls, regex literals and Chinese constants matched and
written; ``--list`` adds each matched constant with its module and line).
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import Counter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "budgetlens"
CJK = re.compile(r"[\u4e00-\u9fff]")
#: str methods whose argument is text matched against
MATCHING_METHODS = frozenset({
    "startswith", "endswith", "find", "rfind", "index", "rindex", "count", "replace", "split",
    "rsplit", "partition", "rpartition", "strip", "lstrip", "rstrip", "removeprefix",
    "removesuffix", "translate", "maketrans"})
#: nodes a constant passes through unchanged in meaning (a word list, a concatenated pattern)
_CARRIERS = (ast.Tuple, ast.List, ast.Set, ast.BinOp, ast.Starred, ast.IfExp, ast.BoolOp)
_COLLECTION_CALLS = frozenset({"frozenset", "set", "tuple", "list", "sorted"})


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring constants of ``tree``."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) \
                and node.body and isinstance(node.body[0], ast.Expr) \
                and isinstance(node.body[0].value, ast.Constant):
            out.add(id(node.body[0].value))
    return out


def _is_re_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
        and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"


def _searches(node: ast.AST) -> bool:
    """Whether ``node`` compares or searches text anywhere inside."""
    return any(isinstance(n, ast.Compare) or _is_re_call(n)
               or (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                   and n.func.attr in MATCHING_METHODS) for n in ast.walk(node))


class _Module:
    """One module's tree with parent links and the uses of each name."""

    def __init__(self, text: str) -> None:
        self.tree = ast.parse(text)
        self.parent: dict[int, ast.AST] = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parent[id(child)] = node

    def _scope(self, node: ast.AST) -> ast.AST:
        """The function (or the module) a name bound at ``node`` is visible in: a name bound at
        module or class level is read anywhere in the module (``self.words``, ``WORDS``)."""
        up = self.parent.get(id(node))
        while up is not None and not isinstance(up, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                     ast.Lambda)):
            if isinstance(up, ast.ClassDef):
                return self.tree
            up = self.parent.get(id(up))
        return up if up is not None else self.tree

    def loads(self, name: str, scope: ast.AST) -> list[ast.AST]:
        """Where ``name`` is read inside ``scope`` (as a name or as an attribute)."""
        return [n for n in ast.walk(scope)
                if (isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load))
                or (isinstance(n, ast.Attribute) and n.attr == name
                    and isinstance(n.ctx, ast.Load))]

    def matched(self, node: ast.AST, depth: int = 0, slot: int | None = None) -> bool:
        """Whether the value at ``node`` is text matched by (see the module's docstring);
        ``slot``: the field of a record in a table (``((magic, label), …)``) it stands in."""
        while True:
            up = self.parent.get(id(node))
            if up is None:
                return False
            if isinstance(up, (ast.JoinedStr, ast.FormattedValue)):
                return self._in_pattern(up)
            if slot is None and isinstance(up, ast.Tuple) \
                    and isinstance(self.parent.get(id(up)), (ast.List, ast.Tuple, ast.Set)):
                slot = up.elts.index(node)
            if isinstance(up, (ast.comprehension, ast.For)) and node is up.iter \
                    and slot is not None and isinstance(up.target, ast.Tuple):
                return self._field_matched(up, slot, depth)
            verdict = self._decide(node, up, depth, slot)
            if verdict is not None:
                return verdict
            node = up

    def _field_matched(self, loop: ast.comprehension | ast.For, slot: int, depth: int) -> bool:
        """A loop over records (``for magic, label in …``): the field at ``slot`` is matched by
        when the name it is bound to is used to match inside the loop."""
        names = loop.target.elts
        if slot >= len(names) or not isinstance(names[slot], ast.Name) or depth > 3:
            return False
        scope = loop if isinstance(loop, ast.For) else self.parent.get(id(loop), loop)
        return any(self.matched(use, depth + 1) for use in self.loads(names[slot].id, scope))

    def _in_pattern(self, node: ast.AST) -> bool:
        """An f-string is matched by only as a regex source."""
        up = self.parent.get(id(node))
        while isinstance(up, _CARRIERS):
            node, up = up, self.parent.get(id(up))
        return _is_re_call(up) and bool(up.args) and up.args[0] is node

    def _decide(self, node: ast.AST, up: ast.AST, depth: int, slot: int | None) -> bool | None:
        """True/False when ``up`` settles how ``node`` is used; None to climb on."""
        if isinstance(up, _CARRIERS):
            return None
        if isinstance(up, ast.Call):
            return self._call(node, up, depth)
        if isinstance(up, ast.Compare):
            return True
        if isinstance(up, ast.Subscript):
            return node is up.slice
        if isinstance(up, ast.Dict):
            return node in up.keys  # a key is what text is looked up by
        if isinstance(up, ast.comprehension):
            owner = self.parent.get(id(up))
            return node is up.iter and owner is not None and _searches(owner)
        if isinstance(up, ast.For):
            return node is up.iter and any(_searches(s) for s in up.body)
        if isinstance(up, (ast.Assign, ast.AnnAssign)):
            return self._bound(up, depth, slot)
        return False

    def _call(self, node: ast.AST, call: ast.Call, depth: int) -> bool | None:
        func = call.func
        if _is_re_call(call):
            return bool(call.args) and node is call.args[0]
        if isinstance(func, ast.Name) and func.id in _COLLECTION_CALLS:
            return None
        if isinstance(func, ast.Attribute) and func.attr in MATCHING_METHODS:
            return node is not func and node in call.args
        return False

    def _bound(self, assign: ast.Assign | ast.AnnAssign, depth: int, slot: int | None) -> bool:
        """A value bound to a name is matched when the name is used to match (a word list)."""
        targets = assign.targets if isinstance(assign, ast.Assign) else [assign.target]
        names = [t.id if isinstance(t, ast.Name) else t.attr for t in targets
                 if isinstance(t, (ast.Name, ast.Attribute))]
        if depth > 3:
            return False
        scope = self._scope(assign)
        return any(self.matched(use, depth + 1, slot) for name in names
                   for use in self.loads(name, scope))


def chinese_constants(text: str) -> list[tuple[int, str, bool]]:
    """(line, value, matched) of every non-docstring string constant with Chinese in ``text``."""
    module = _Module(text)
    docs = _docstrings(module.tree)
    return [(n.lineno, n.value, module.matched(n)) for n in ast.walk(module.tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
            and CJK.search(n.value)]


def matched_constants(text: str) -> list[tuple[int, str]]:
    """(line, value) of the Chinese constants ``text`` matches by."""
    return [(line, value) for line, value, matched in chinese_constants(text) if matched]


def regex_counts(text: str) -> tuple[int, int]:
    """(``re.compile`` calls, ``re.<fn>`` calls whose pattern is a literal) in ``text``."""
    calls = [n for n in ast.walk(ast.parse(text)) if _is_re_call(n)]
    compiles = sum(1 for c in calls if c.func.attr == "compile")
    literal = sum(1 for c in calls if c.args and isinstance(c.args[0], ast.Constant))
    return compiles, literal


def modules(stage: str = "") -> list[tuple[str, str]]:
    """(path under the package, text) of every module outside rules/ (of ``stage`` if given)."""
    return [(p.relative_to(PACKAGE).as_posix(), p.read_text(encoding="utf-8"))
            for p in sorted(PACKAGE.rglob("*.py"))
            if not p.relative_to(PACKAGE).as_posix().startswith("rules/")
            and (not stage or p.relative_to(PACKAGE).parts[0] == stage)]


def count(stage: str = "") -> tuple[dict[str, Counter], list[tuple[str, int, str]]]:
    """Per stage the counts, and every matched constant as (module, line, value)."""
    per: dict[str, Counter] = {}
    listed: list[tuple[str, int, str]] = []
    for rel, text in modules(stage):
        c = per.setdefault(rel.split("/")[0].removesuffix(".py"), Counter())
        compiles, literal = regex_counts(text)
        c["re.compile"] += compiles
        c["regex literals"] += literal
        for line, value, matched in chinese_constants(text):
            c["matched" if matched else "written"] += 1
            if matched:
                listed.append((rel, line, value))
    return per, listed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list every matched constant")
    parser.add_argument("--stage", default="", help="one stage (reconcile, read …)")
    args = parser.parse_args(argv)
    per, listed = count(args.stage)
    keys = ("re.compile", "regex literals", "matched", "written")
    print(f"{'stage':<12}" + "".join(f"{k:>16}" for k in keys))
    total: Counter = Counter()
    for stage in sorted(per):
        total += per[stage]
        print(f"{stage:<12}" + "".join(f"{per[stage][k]:>16}" for k in keys))
    print(f"{'total':<12}" + "".join(f"{total[k]:>16}" for k in keys))
    if args.list:
        for rel, line, value in listed:
            print(f"{rel}:{line}\t{value!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
