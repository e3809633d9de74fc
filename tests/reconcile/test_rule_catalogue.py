"""The identity declarations police themselves: valid parameters, known kinds, bilingual
descriptions, message templates that use only the fields the engine fills."""

import ast
import string
import tomllib

import pytest

from budgetlens.model import Disclosure, Metadata
from budgetlens.reconcile import EVALUATORS, reconcile
from budgetlens.reconcile.registry import validate_params
from budgetlens.rules.catalogue import load_rules, parse_rules

IDENTITIES = [r for r in load_rules() if r.origin == "identities.toml"]
#: fields every check gets from the engine, plus the ones each kind adds (see evaluator docstrings)
ENGINE_FIELDS = {"measure", "measure_key", "basis", "stated", "expected", "difference", "tolerance",
                 "rule", "identity"}
KIND_FIELDS = {"sum": {"terms", "targets"}, "hierarchy": {"terms"}, "compare": {"left", "right"},
               "consistency": {"reference"}, "change": {"base"}, "pct": {"change", "base"},
               "zero_base": {"base"}, "share": {"of"}, "completion": {"base"}, "rounding": set(),
               "unit_sum": {"terms"}, "pct_floor": {"decrease"}, "zero_pair": set(),
               "at_most_sibling": set(),
               "share_sum": {"terms"}, "items_within": {"terms", "total"},
               "printed_rounding": set(), "rate": {"base", "current"}}


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_identities_are_declared():
    assert len(IDENTITIES) >= 40
    assert sum(1 for r in IDENTITIES if r.kind == "rounding") == 1


@pytest.mark.parametrize("rule", IDENTITIES, ids=lambda r: r.id)
def test_declaration_is_complete_and_valid(rule):
    assert rule.kind in EVALUATORS
    assert validate_params(rule, EVALUATORS[rule.kind]) == []
    assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.description)
    assert rule.description_en.strip()
    allowed = ENGINE_FIELDS | KIND_FIELDS[rule.kind]
    assert fields(rule.message_zh) <= allowed, fields(rule.message_zh) - allowed
    assert fields(rule.message_en) <= allowed, fields(rule.message_en) - allowed


def test_severity_follows_confidence():
    # [K] or regionally varying identities are warnings (standards.md confidence markers)
    by_id = {r.id: r for r in IDENTITIES}
    for rid in ("zero-base-growth", "admin-cost-within-public", "basic-econ-personnel",
                "basic-econ-public", "performance-weights-standard", "self-eval-weights-standard"):
        assert by_id[rid].severity == "warning", rid
    assert by_id["rounding-difference"].severity == "info"
    # beyond what a percentage's digits explain, inside the customary slack: seen, not an error
    assert by_id["percent-beyond-printed-rounding"].severity == "warning"


def test_an_invalid_declaration_is_named_and_skipped_not_raised():
    bad = parse_rules(tomllib.loads('''
[[rule]]
id = "typo-params"
kind = "sum"
category = "arithmetic"
severity = "error"
message_zh = "x"
message_en = "x"
description = "测试"
totl = "three_public.total"
parts = ["three_public.overseas"]
'''), "inline")
    problems = validate_params(bad[0], EVALUATORS["sum"])
    assert any("'totl'" in p for p in problems)
    audit, diags = reconcile(Disclosure(path="x", metadata=Metadata()), bad)
    assert [d.code for d in diags] == ["reconcile-rule-invalid"]
    assert "typo-params" in diags[0].message and "totl" in diags[0].message_en


def test_every_rule_id_is_exercised_by_some_test():
    """Issue #12: every rule id fires on one case and stays quiet on a near miss. An identity of
    ``identities.toml`` is enumerated by ``test_identities`` (a violating and a holding case built
    from its own parameters); every other rule — form checks, a user-facing kind such as
    ``rounding``, the cross-document checks — must be named by its id in a test module, where
    its case is. A new rule with no test fails here."""
    from pathlib import Path

    from budgetlens.rules.cross_document import load_cross_checks

    from .test_identities import IDENTITIES

    here = Path(__file__).resolve()
    tests = here.parents[1]
    text = "\n".join(p.read_text(encoding="utf-8") for p in tests.rglob("test_*.py")
                     if p != here)
    enumerated = {r.id for r in IDENTITIES}
    ids = [r.id for r in load_rules()] + [c.id for c in load_cross_checks()]
    unnamed = [i for i in ids if i not in enumerated and f'"{i}"' not in text]
    assert unnamed == []
    assert len(enumerated) > 50 and len(ids) > len(enumerated)


# ---------------------------------------------------------------------------------------------
# Quiet cases: every rule id is asserted NOT to fire somewhere (issue #12, item 6)
# ---------------------------------------------------------------------------------------------

#: rule ids with no quiet case yet, each to be given one; the list may only shrink (a test checks)
QUIET_MISSING: frozenset[str] = frozenset()
#: a comparison with one of these on one side asserts that nothing is there
_NOTHING = ("[]", "set()", "{}", "()", "0", "None", "False", "''", '""')


def _names(node, ids: set[str], bound: dict[str, set[str]]) -> set[str]:
    """The rule ids ``node`` mentions: as string literals, or through a name bound to them."""
    out: set[str] = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Constant) and n.value in ids:
            out.add(n.value)
        elif isinstance(n, ast.Name) and n.id in bound:
            out |= bound[n.id]
    return out


def _is_negative(test) -> bool:
    """Whether an ``assert`` says something is absent: ``not …``, ``… not in …``, ``… == []``
    (or another empty value), ``all(… != …)`` / ``all(… not in …)``."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return True
    if isinstance(test, ast.BoolOp):
        return any(_is_negative(v) for v in test.values)
    if isinstance(test, ast.Compare):
        if any(isinstance(op, ast.NotIn) for op in test.ops):
            return True
        return any(isinstance(op, (ast.Eq, ast.Is)) for op in test.ops) and \
            any(ast.unparse(side) in _NOTHING for side in (test.left, *test.comparators))
    if isinstance(test, ast.Call) and getattr(test.func, "id", "") == "all" and test.args \
            and isinstance(test.args[0], ast.GeneratorExp):
        element = test.args[0].elt
        return isinstance(element, ast.Compare) and \
            all(isinstance(op, (ast.NotEq, ast.NotIn, ast.IsNot)) for op in element.ops)
    return False


def _bindings(scope, ids: set[str], bound: dict[str, set[str]]) -> dict[str, set[str]]:
    """Names a module or function binds to rule ids: ``X = "id"``, ``for rule in ("a", "b")``,
    and a test's parameters whose ``parametrize`` values name ids."""
    out = dict(bound)
    for n in ast.walk(scope):
        if isinstance(n, ast.Assign):
            for target in n.targets:
                if isinstance(target, ast.Name) and _names(n.value, ids, out):
                    out[target.id] = _names(n.value, ids, out)
        elif isinstance(n, (ast.For, ast.comprehension)) and isinstance(n.target, ast.Name):
            if _names(n.iter, ids, out):
                out[n.target.id] = _names(n.iter, ids, out)
    if isinstance(scope, ast.FunctionDef):
        named = set().union(*(_names(d, ids, out) for d in scope.decorator_list))
        for arg in scope.args.args:
            if named and arg.arg not in out:
                out[arg.arg] = named
    return out


def quiet_cases(paths, ids: set[str]) -> dict[str, set[str]]:
    """rule id → the test modules with an ``assert`` that the id is absent (not fired): the id
    itself, or a name bound to it, inside a negative assertion of a test function."""
    out: dict[str, set[str]] = {}
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = _bindings(ast.Module(body=[n for n in tree.body if isinstance(n, ast.Assign)],
                                      type_ignores=[]), ids, {})
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            bound = _bindings(fn, ids, module)
            for node in ast.walk(fn):
                if isinstance(node, ast.Assert) and _is_negative(node.test):
                    for rule_id in _names(node.test, ids, bound):
                        out.setdefault(rule_id, set()).add(path.name)
    return out


def _rule_ids() -> list[str]:
    from budgetlens.rules.cross_document import load_cross_checks

    return [r.id for r in load_rules()] + [c.id for c in load_cross_checks()]


def test_every_rule_id_has_a_quiet_case():
    """Issue #12: every rule id fires on one case and stays quiet on a near miss. An identity of
    ``identities.toml`` gets its holding case from ``test_identities`` (built from its own
    parameters, one figure away from its violating case); every other rule must be asserted
    absent by some test — an ``assert`` that says the id did not fire (``"id" not in rules``,
    ``fired(d, "id") == []``, ``not [f for f in findings if f.rule == "id"]``). Ids without one
    are listed; :data:`QUIET_MISSING` may only shrink."""
    from pathlib import Path

    from .test_identities import IDENTITIES

    here = Path(__file__).resolve()
    paths = [p for p in here.parents[1].rglob("test_*.py") if p != here]
    ids = set(_rule_ids()) - {r.id for r in IDENTITIES}
    quiet = quiet_cases(paths, ids)
    missing = sorted(ids - set(quiet))
    assert missing == sorted(QUIET_MISSING), f"rule ids with no quiet case: {missing}"
    assert len(ids) > 30 and len(quiet) == len(ids) - len(QUIET_MISSING)


def test_the_quiet_case_scan_tells_absence_from_presence():
    """The scan's near miss: an assertion that an id fired is no quiet case; one that says it did
    not, in each accepted shape, is."""
    import tempfile
    from pathlib import Path

    text = '''
import pytest
RULE = "r-const"

def test_present(findings):
    assert "r-fired" in {f.rule for f in findings}
    assert [f for f in findings if f.rule == "r-fired"] != []

def test_absent(findings):
    assert "r-literal" not in {f.rule for f in findings}
    assert fired(findings, RULE) == []
    for rule in ("r-loop",):
        assert not fired(findings, rule), rule
    assert all(f.stated != "x" for f in fired(findings, "r-all"))

@pytest.mark.parametrize("rule", ["r-param"])
def test_param(findings, rule):
    assert rule not in findings
'''
    ids = {"r-fired", "r-literal", "r-const", "r-loop", "r-all", "r-param"}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "test_sample.py"
        path.write_text(text, encoding="utf-8")
        assert set(quiet_cases([path], ids)) == ids - {"r-fired"}


# ---------------------------------------------------------------------------------------------
# Near misses proven near: each id's quiet case is its firing case with one declared change
# ---------------------------------------------------------------------------------------------

#: the modules holding near-miss tables (tests/near_miss.py records) and the tables' names
NEAR_MISS_TABLES = (("reconcile/test_near_misses.py", "CASES"),
                    ("reconcile/test_near_misses.py", "AUDIT_CASES"),
                    ("crosscheck/test_near_misses.py", "CASES"))
#: rule ids without a one-change near miss yet; the list may only shrink
NEAR_MISS_MISSING: frozenset[str] = frozenset()
#: rule ids whose quiet case is a published seed's text as it is, and why no other will do (a
#: clean seed is otherwise no near miss: the quiet case must be a text no seed holds)
QUIET_IS_A_SEED = {
    "form-department-wording-in-unit": "the title's level word (单位/部门) is the one thing that "
    "makes a document a unit's; its near miss is the seed's own department title",
}


def near_misses() -> dict[str, list]:
    """rule id → its :class:`tests.near_miss.NearMiss` records, from every table above."""
    from ..crosscheck import test_near_misses as cross
    from . import test_near_misses as single

    tables = {"reconcile/test_near_misses.py": single, "crosscheck/test_near_misses.py": cross}
    out: dict[str, list] = {}
    for module, table in NEAR_MISS_TABLES:
        for entry in getattr(tables[module], table):
            near = entry[0] if isinstance(entry, tuple) else entry
            out.setdefault(near.rule, []).append(near)
    return out


def test_every_rule_id_has_a_near_miss_made_by_one_declared_change():
    """Issue #12: every rule id fires on one case and stays quiet on a *near* miss. An identity
    of ``identities.toml`` gets both from ``test_identities`` (its holding case is its violating
    case with one figure moved, built from the rule's own parameters); every other id must have a
    :class:`~tests.near_miss.NearMiss` — its firing input and the one change (one span, once, on
    one line of one document) that silences it, with why that change is the smallest that
    matters. The change is checked here, the firing and the quiet run where the table is
    parametrised; a table no test runs is refused."""
    from pathlib import Path

    from .test_identities import IDENTITIES

    tests = Path(__file__).resolve().parents[1]
    for module, table in NEAR_MISS_TABLES:
        tree = ast.parse((tests / module).read_text(encoding="utf-8"))
        runs = [fn.name for fn in ast.walk(tree) if isinstance(fn, ast.FunctionDef)
                and fn.name.startswith("test_") and any(
                    isinstance(n, ast.Name) and n.id == table
                    for d in fn.decorator_list for n in ast.walk(d))]
        assert runs, f"{module}: no test is parametrised over {table}"
    found = near_misses()
    for rule_id, records in found.items():
        for near in records:
            assert near.change.why.strip(), rule_id
            quiet = near.quiet  # one span, once, on one line of one document (else it raises)
            assert quiet != dict(near.case)
    ids = set(_rule_ids()) - {r.id for r in IDENTITIES}
    missing = sorted(ids - set(found))
    assert missing == sorted(NEAR_MISS_MISSING), f"rule ids with no one-change near miss: {missing}"
    from ..conftest import SEEDS

    seeds = {p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    if seeds:
        as_seed = {rule for rule, records in found.items() for near in records
                   if set(near.quiet.values()) & seeds}
        assert as_seed == set(QUIET_IS_A_SEED), "a quiet case that is a clean seed"
    assert set(found) <= set(_rule_ids()), "a near miss of an undeclared rule"
    assert len(ids) >= 40


def test_a_near_miss_is_refused_unless_it_is_one_change_on_one_line():
    """The check's own near misses: a change on one line is a near miss; a span that occurs
    twice, a change across a line break, two documents changed and no change at all are not."""
    import pytest as _pytest

    from ..near_miss import Change, NearMiss, near_miss

    case = {"a": "收入100万元。\n支出100万元。\n", "b": "收入100万元。\n"}
    assert near_miss(case, Change("支出100", "支出90", "one figure", "a"))["a"] == \
        "收入100万元。\n支出90万元。\n"
    for change in (Change("100万元", "90万元", "twice in a", "a"),
                   Change("。\n支出", "。支出", "a line break", "a"),
                   Change("支出100", "支出100", "nothing", "a")):
        with _pytest.raises(AssertionError):
            near_miss(case, change)
    assert NearMiss("r", case, Change("收入100", "收入90", "b's only line", "b")).quiet["a"] == case["a"]


def test_the_near_miss_page_lists_every_case():
    """docs/dev/near-misses.md lists per id the firing case, the change and why: the records'
    own table, so the page cannot drift from the tests."""
    from pathlib import Path

    from ..near_miss import table

    page = (Path(__file__).resolve().parents[2] / "docs" / "dev" / "near-misses.md").read_text(
        encoding="utf-8")
    assert page.endswith(table(near_misses()))
