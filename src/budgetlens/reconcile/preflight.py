"""The rules catalogue checked once, before a run: every file loaded, every rule fitting its kind.

Why before: the audit meets its rules inside a document, where a bad one can only become that
document's diagnostic (a rule with bad parameters: ``reconcile-rule-invalid``; a file that does
not load: an ``internal-error`` of every document). A rules error is not a property of a document;
the command line calls :func:`check_rules` before it reads anything, and a bad file stops the run
with one message naming file, line and key (:func:`describe`), in zh-CN with English.
"""

from __future__ import annotations

from typing import Mapping, Optional, Sequence

from ..rules import kit
from ..rules.catalogue import Rule, load_rules
from ..rules.schema import RuleError
from .protocol import Evaluator, param_problems, runs
from .registry import EVALUATORS, SINGLE_DOCUMENT


def check_declaration(rule: Rule, registry: Mapping[str, Evaluator] = EVALUATORS,
                      views: tuple[str, ...] = SINGLE_DOCUMENT) -> None:
    """Raise :class:`RuleError` when ``rule`` names no registered kind of ``views`` (a
    ``[[rule]]`` is judged on one document, a ``[[check]]`` over the library: the one registry
    holds both) or its parameters do not fit the kind's declared schema (unknown key, wrong type,
    a required one missing), at the line of the bad key when the rule's file can be read again
    (:func:`~budgetlens.rules.kit.located`), else at its ``[[rule]]`` line."""
    evaluator = runs(registry, rule.kind, views)
    if evaluator is None:
        known = sorted(k for k, e in registry.items() if e.reads in views)
        raise kit.located(RuleError(f"rule {rule.id}: kind '{rule.kind}' has no evaluator (known "
                                    f"kinds: {', '.join(known)})", file=rule.origin,
                                    line=rule.line, key="kind"))
    for key, problem in param_problems(rule, evaluator):
        raise kit.located(RuleError(f"rule {rule.id}, parameters of kind '{rule.kind}': "
                                    f"{problem}", file=rule.origin, line=rule.line, key=key))


def check_rules(registry: Mapping[str, Evaluator] = EVALUATORS,
                rules: Optional[Sequence[Rule]] = None) -> tuple[Rule, ...]:
    """Load every rules file and check every rule — the catalogue's, or ``rules`` a caller hands
    to a run (:func:`budgetlens.pipeline.process_many`) — against ``registry``; those rules when
    all is well, else :class:`RuleError` for the first problem."""
    kit.load_all()
    checked = load_rules() if rules is None else tuple(rules)
    for rule in checked:
        check_declaration(rule, registry)
    return checked


def describe(error: RuleError) -> tuple[str, str]:
    """The zh and en lines that stop a run: where (file, line, key) and what was expected."""
    where_zh = "".join((error.file or "规则文件", f" 第 {error.line} 行" if error.line else "",
                        f"（键 {error.key}）" if error.key else ""))
    where_en = "".join((error.file or "a rules file", f", line {error.line}" if error.line else "",
                        f", key '{error.key}'" if error.key else ""))
    at = f"{error.file}:{error.line}" if error.file and error.line else error.file
    detail = str(error).removeprefix(f"{at}: ") if at else str(error)
    return (f"规则文件有误，未处理任何文件：{where_zh}：{detail}",
            f"rules error, nothing was processed: {where_en}: {detail}")
