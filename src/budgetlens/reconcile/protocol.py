"""The one evaluator protocol of the audit: what a check of any kind is, and how its rule is checked.

Why one protocol: identities (sums, changes, percentages …) and form checks (required tables,
wording, empty-table statements …) used to be two engines, each with its own evaluator type, its
own registry and its own failure path. Now every kind is an :class:`Evaluator` in one registry
(:mod:`.registry`), run by one engine (:mod:`.engine`), which

- checks each rule's parameters against the evaluator's declared :class:`~budgetlens.rules.schema.Field` s
  (:func:`validate_params`; a bad rule is a ``reconcile-rule-invalid`` diagnostic naming file, line
  and key, and is not run),
- runs ``check(rule, ctx)`` (a :class:`CheckFunction`), which yields :class:`~.checks.Check` (an
  identity instance the engine judges with rounding-aware tolerance),
  :class:`~budgetlens.model.Finding` (a judgement the evaluator made itself, always with evidence),
  :class:`~budgetlens.model.Assessment` (not assessable, and why: the one not-assessable record) or
  :class:`~budgetlens.model.Diagnostic` (a problem the evaluator met and reports without raising),
- turns an exception into a ``reconcile-evaluator-failed`` diagnostic and goes on (never a raise).

Before a command reads any document, :mod:`.preflight` checks every declared rule against the
kind it names (the same schemas), so a bad rules file stops a run once, at its start.

``reads`` says which view the evaluator judges: ``facts`` (stated and implied values,
:attr:`Context.index`), ``printed`` (what the document prints, :attr:`Context.form`: an
empty-table statement is checked against the printed figures, never against implied ones) or
``library`` (two documents of one unit: the cross-document checks of :mod:`budgetlens.crosscheck`,
whose ``ctx`` is a pair of stored documents and whose findings are ``CrossRecord`` s; their engine
reports a rule it cannot run with the same :func:`failed`, :func:`unhandled` and :func:`invalid`
diagnostics, and a check it cannot judge as an ``Assessment``).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Callable, Iterable, Iterator, Mapping, NamedTuple, Optional, Protocol

from ..model import Assessment, Diagnostic, Severity
from ..rules.catalogue import Rule
from ..rules.schema import Field, Schema

READS = ("facts", "printed", "library")


class CheckFunction(Protocol):
    """What an evaluator runs: ``check(rule, ctx)`` → items. ``ctx`` is what the evaluator
    ``reads``: a :class:`~.checks.Context` (``facts``; ``printed`` through ``ctx.form``) or a pair
    of stored documents (``library``). The items of a single-document kind are ``Check`` |
    ``Finding`` | ``Assessment`` | ``Diagnostic``; a library kind yields ``CrossRecord`` s (and
    ``Assessment`` | ``Diagnostic``)."""

    def __call__(self, rule: Rule, ctx: Any, /) -> Iterable[Any]: ...


class Evaluator(NamedTuple):
    """One kind of check: ``check(rule, ctx)`` → items (None: a kind with no checks of its own,
    whose declaration only words something, e.g. ``rounding``); ``params`` the parameters a rule
    of this kind may carry; ``one_of``: at least one of these must be given."""

    check: Optional[CheckFunction]
    doc: str = ""
    params: tuple[Field, ...] = ()
    one_of: tuple[str, ...] = ()
    reads: str = "facts"

    def schema(self, kind: str) -> Schema:
        return Schema(f"kind = \"{kind}\"", self.doc, self.params)


class Registry(Mapping[str, Evaluator]):
    """The one registry of check kinds: kind → :class:`Evaluator`, read-only, one namespace for
    identities, form checks and cross-document checks; each evaluator's ``reads`` says which view
    it judges, and so which engine runs it (``facts``/``printed``: :mod:`.engine` over one
    document; ``library``: :mod:`budgetlens.crosscheck` over a pair of stored documents).

    Why filled in parts: the stages are layered (``crosscheck`` sits above ``reconcile`` and
    imports it, never the other way), so :mod:`.registry` fills the single-document kinds and
    :mod:`budgetlens.crosscheck.evaluators` adds the library kinds to that same record
    (:meth:`adding`), which refuses a kind registered twice: a kind means one check wherever it is
    named. An engine given the whole registry runs only the kinds of its views (:meth:`reading`)
    and words any other as a kind it has no evaluator for (:func:`unhandled`)."""

    __slots__ = ("_kinds",)

    def __init__(self, kinds: Mapping[str, Evaluator]) -> None:
        bad = sorted(k for k, e in kinds.items() if not isinstance(e, Evaluator) or e.reads not in READS)
        if bad:  # a programming error of the package or an add-on, not a user's rules file
            raise ValueError(f"not an Evaluator reading one of {READS}: {bad}")
        self._kinds = MappingProxyType(dict(kinds))

    def __getitem__(self, kind: str) -> Evaluator:
        return self._kinds[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)

    def __repr__(self) -> str:
        return f"Registry({sorted(self._kinds)})"

    def adding(self, kinds: Mapping[str, Evaluator]) -> "Registry":
        """This registry with ``kinds`` added; a kind it holds already is refused."""
        twice = sorted(set(kinds) & set(self._kinds))
        if twice:
            raise ValueError(f"kinds registered twice: {twice}")
        return Registry({**self._kinds, **kinds})

    def reading(self, *views: str) -> "Registry":
        """The kinds whose evaluators read one of ``views`` (what one engine runs)."""
        return Registry({k: e for k, e in self._kinds.items() if e.reads in views})


def runs(registry: Mapping[str, Evaluator], kind: str, views: tuple[str, ...]) -> Optional[Evaluator]:
    """The evaluator of ``kind`` when ``registry`` holds one that reads one of ``views`` (the
    engine asking), else None: the kind is then one this engine does not run (:func:`unhandled`)."""
    evaluator = registry.get(kind)
    return evaluator if evaluator is not None and evaluator.reads in views else None


def param_problems(rule: Rule, evaluator: Evaluator) -> list[tuple[str, str]]:
    """(key, problem) for each way a rule's parameters do not fit its evaluator's schema. Unknown
    keys are refused: a typo must not silently switch a check off."""
    problems = evaluator.schema(rule.kind).problems(rule.params)
    if evaluator.one_of and not any(rule.params.get(k) for k in evaluator.one_of):
        problems.append((evaluator.one_of[0], f"one of {list(evaluator.one_of)} is needed"))
    return problems


def validate_params(rule: Rule, evaluator: Evaluator) -> list[str]:
    """Problems with a rule's parameters, each naming the rule (file:line and id) and the key
    (empty when fine): how the engine words them in a ``reconcile-rule-invalid`` diagnostic."""
    return [f"{rule.where}: parameters of kind '{rule.kind}': {problem}"
            for _key, problem in param_problems(rule, evaluator)]


def on_printed(fn: Callable) -> CheckFunction:
    """An evaluator over the printed document written as ``fn(form_context, rule) -> (findings,
    assessments)`` (the form checks' shape), seen through the protocol: findings, then assessments."""

    def check(rule: Rule, ctx: Any) -> Iterable:
        findings, assessments = fn(ctx.form, rule)
        return [*findings, *assessments]

    check.__name__ = getattr(fn, "__name__", "check")
    check.__doc__ = fn.__doc__
    return check


def printed_evaluator(fn: Callable, doc: str, params: tuple[Field, ...]) -> Evaluator:
    """A form check as an :class:`Evaluator` (reads the printed document)."""
    return Evaluator(on_printed(fn), doc or _summary(fn), params, reads="printed")


def _summary(fn: Callable) -> str:
    """The first paragraph of ``fn``'s docstring, on one line (what the reference shows)."""
    first = (fn.__doc__ or "").strip().split("\n\n")[0]
    return " ".join(line.strip() for line in first.splitlines())


# ---------------------------------------------------------------------------------------------
# The one failure path: how an engine words a rule it cannot run (every stage the same way)
# ---------------------------------------------------------------------------------------------


def failed(rule: Rule, exc: Exception, stage: str = "reconcile", where: str = "") -> Diagnostic:
    """An evaluator raised: a bug in one check, reported, and the others run (``where``: what it
    was looking at, e.g. the two documents of a cross-document pair)."""
    at_zh, at_en = (f"（{where}）", f" ({where})") if where else ("", "")
    return Diagnostic(code=f"{stage}-evaluator-failed", severity=Severity.WARNING,
                      message=f"规则 {rule.id}（{rule.kind}）执行失败，已跳过{at_zh}：{exc}",
                      message_en=f"rule {rule.id} ({rule.kind}) failed and was skipped{at_en}: "
                                 f"{exc}")


def unhandled(rule: Rule, stage: str = "reconcile") -> Diagnostic:
    """A rule whose kind no evaluator of the registry runs."""
    return Diagnostic(f"{stage}-unknown-kind", Severity.INFO,
                      f"规则 {rule.id} 的类型 {rule.kind} 无对应的检查程序，未执行",
                      f"rule {rule.id}: no evaluator for kind '{rule.kind}', not run")


def invalid(rule: Rule, problems: list[str], stage: str = "reconcile") -> Diagnostic:
    """A rule whose parameters do not fit its evaluator (:func:`validate_params`): not run."""
    text = "; ".join(problems)
    return Diagnostic(code=f"{stage}-rule-invalid", severity=Severity.WARNING,
                      message=f"规则 {rule.id} 的参数有误，未执行：{text}",
                      message_en=f"rule {rule.id} has invalid parameters and was not run: {text}")


def not_assessable(rule: Rule, subject: str, zh: str, en: str) -> Assessment:
    """The one not-assessable record: the check of ``rule`` on ``subject`` (``measure/basis``)
    could not be judged, and why, in zh-CN and English."""
    return Assessment(rule.id, f"{subject}: {zh}", f"{subject}: {en}")
