"""The size audit and the import contract (issue #12): no module over 400 lines, no function over
60, every module of budgetlens in a layer of the import contract, no module loaded by name.

WHY a test: the limits are what keeps a module readable by the next person who changes it; an
audit made once drifts back within a session. The exemptions below are few, named, and each says
why it stands; a file that shrinks under the limit must leave the list (a test checks), so the
list can only get shorter.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "budgetlens"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

#: modules over the limit, and why they stand for now
MODULE_EXEMPT: dict[str, str] = {
}
#: (module, function) over the limit, and why they stand for now
FUNCTION_EXEMPT: dict[tuple[str, str], str] = {
}
#: frozen schema snapshots: an Alembic revision lists its tables' columns once and never changes
FROZEN = "store/migrations/versions/"


def _modules() -> list[tuple[str, str]]:
    return [(p.relative_to(PACKAGE).as_posix(), p.read_text(encoding="utf-8"))
            for p in sorted(PACKAGE.rglob("*.py"))]


def _long_functions(text: str) -> list[tuple[str, int]]:
    return [(node.name, node.end_lineno - node.lineno + 1)
            for node in ast.walk(ast.parse(text))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]


def test_no_module_is_over_the_limit():
    over = {rel: len(text.splitlines()) for rel, text in _modules()
            if len(text.splitlines()) > MAX_MODULE_LINES and rel not in MODULE_EXEMPT}
    assert over == {}


def test_no_function_is_over_the_limit():
    over = {(rel, name): n for rel, text in _modules() if not rel.startswith(FROZEN)
            for name, n in _long_functions(text) if (rel, name) not in FUNCTION_EXEMPT}
    assert over == {}


def test_every_exemption_is_still_needed():
    """An exempt module or function that shrank under the limit leaves the list."""
    texts = dict(_modules())
    assert {rel for rel in MODULE_EXEMPT
            if len(texts.get(rel, "").splitlines()) <= MAX_MODULE_LINES} == set()
    assert {(rel, name) for rel, name in FUNCTION_EXEMPT
            if name not in dict(_long_functions(texts.get(rel, "")))} == set()


def _layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c["type"] == "layers")
    return [m.strip() for layer in layers for m in re.split(r"[|:]", layer)]


def test_the_import_contract_covers_every_module():
    """Each top-level module and package of budgetlens is in a layer: a module outside every
    layer is one the contract cannot keep from importing upwards."""
    named = set(_layers())
    top = {f"budgetlens.{p.stem if p.suffix == '.py' else p.name}" for p in PACKAGE.iterdir()
           if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()}
    assert len(top) > 10 and top - named == set()


_BY_NAME = re.compile(r"\bimport_module\s*\(|\b__import__\s*\(|importlib\.reload\b")


def test_no_module_is_loaded_by_name():
    """Modules are imported, so the import contract sees every edge; ``importlib.util.find_spec``
    (whether an optional dependency is installed, without importing it) is the one use allowed."""
    assert [rel for rel, text in _modules() if _BY_NAME.search(text)] == []


_CJK = re.compile(r"[\u4e00-\u9fff]")
#: Chinese a reconcile pattern may hold: the shape of a printed year (2024年, 2024年度)
_SHAPE_WORDS = set("年度")
#: Chinese the extractor's own code may match by: the shape of a year (2024年度) and the Chinese
#: numerals a year or a number is printed in (二〇二四年): grammar of numbers, the same in every
#: region. Everything else it matches by is data (rules/extract_words.toml, the lexicon, tables).
_EXTRACT_SHAPE = set("年度〇零一二三四五六七八九十")
#: str methods whose argument is text matched against
_MATCHING_METHODS = {"startswith", "endswith", "find", "rfind", "index", "rindex", "count",
                     "replace", "split", "rsplit", "partition", "rpartition", "strip", "lstrip",
                     "rstrip", "removeprefix", "removesuffix"}


def _pattern_literals(text: str) -> list[tuple[int, str]]:
    """(line, literal) of every ``re.<fn>("…")`` call whose pattern is a string literal."""
    return [(n.lineno, n.args[0].value) for n in ast.walk(ast.parse(text))
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and isinstance(n.func.value, ast.Name) and n.func.value.id == "re" and n.args
            and isinstance(n.args[0], ast.Constant) and isinstance(n.args[0].value, str)]


def test_reconcile_patterns_hold_no_domain_words():
    """The wording the checks match by is data (rules/form_words.toml, the lexicon, the rules'
    params): a regex written in reconcile/ holds no Chinese but the shape of a year."""
    found = [(rel, line, literal) for rel, text in _modules() if rel.startswith("reconcile/")
             for line, literal in _pattern_literals(text)
             if set(_CJK.findall(literal)) - _SHAPE_WORDS]
    assert found == []


def _cjk_constants(node: ast.AST) -> list[str]:
    """The string constants with Chinese in ``node`` (a literal, or a tuple/list/set of them)."""
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant)
            and isinstance(n.value, str) and _CJK.search(n.value)]


def _matching_literals(text: str) -> list[tuple[int, str]]:
    """(line, literal) of the Chinese the code matches text by: a regex literal (``re.<fn>``), a
    module's word list (a tuple or set of words), an operand of ``in``/``==``, or the argument of
    a str method that searches (``startswith``, ``replace`` …). Messages (f-strings, diagnostics' text, dict values) are text written, not
    matched, and are not looked at."""
    tree = ast.parse(text)
    found = list(_pattern_literals(text))
    for n in tree.body:  # a module's word list: a tuple, list or set of words (not a message dict)
        value = n.value if isinstance(n, (ast.Assign, ast.AnnAssign)) else None
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
                and value.func.id in ("frozenset", "set", "tuple") and value.args:
            value = value.args[0]
        if isinstance(value, (ast.Tuple, ast.List, ast.Set)):
            found += [(n.lineno, v) for v in _cjk_constants(value)]
    for n in ast.walk(tree):
        if isinstance(n, ast.Compare):
            found += [(n.lineno, v) for side in (n.left, *n.comparators)
                      if not isinstance(side, ast.JoinedStr) for v in _cjk_constants(side)]
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) \
                and n.func.attr in _MATCHING_METHODS:
            found += [(n.lineno, v) for arg in n.args for v in _cjk_constants(arg)]
    return found


def test_extract_matches_by_no_domain_words():
    """The wording the extractor matches by is data (rules/extract_words.toml, the lexicon,
    tables.toml, table_terms.toml): no regex, comparison or search written in extract/ holds
    Chinese but the shape of a year and of numerals (issue #12)."""
    found = sorted((rel, line, literal) for rel, text in _modules() if rel.startswith("extract/")
                   for line, literal in set(_matching_literals(text))
                   if set(_CJK.findall(literal)) - _EXTRACT_SHAPE)
    assert found == []
