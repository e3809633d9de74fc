"""Finding the numbers bound at module level (the guards of tests/read/test_settings.py and
tests/test_tuning_constants.py against tuning constants outside the settings records)."""

from __future__ import annotations

import ast


def _numeric(node: ast.AST) -> bool:
    """A literal number, a sum/product of them, a tuple of them, or float()/int()/Decimal()."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
    if isinstance(node, ast.UnaryOp):
        return _numeric(node.operand)
    if isinstance(node, ast.BinOp):
        return _numeric(node.left) and _numeric(node.right)
    if isinstance(node, ast.Tuple):
        return bool(node.elts) and all(_numeric(e) for e in node.elts)
    return isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("float", "int",
                                                                          "Decimal")


def numeric_constants(text: str) -> set[str]:
    """The names bound to numbers at module level (``<tuple>`` for an unpacking)."""
    out: set[str] = set()
    for node in ast.parse(text).body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None \
                and _numeric(node.value):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            out |= {t.id if isinstance(t, ast.Name) else "<tuple>" for t in targets}
    return out
