"""The reconciliation engine: declared identities × indexed facts → judged checks → findings.

Why one engine: evaluators only enumerate identity instances (:class:`~.checks.Check`); the engine
alone (1) takes the implied values of the imply stage (:mod:`budgetlens.imply`: the disclosure's
facts with ``origin="derived"``) and completes them with the identities it was given (nothing to
add after the pipeline's imply stage; everything when handed bare stated facts), (2) judges every instance with rounding-aware
intervals, (3) skips an instance that would be verified with a value it implied itself, (4) counts
each instance once and reports each violation once (evaluations of one instance in several scopes,
or on ``prior``/``change_prior`` which describe the same comparison, collapse to one finding that
names the most stated facts), and (5) words findings from the rule's templates with evidence that
always quotes the *stated* facts (derived values are expanded into what implied them). A failing
evaluator becomes a Diagnostic and the audit goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable, Mapping, NamedTuple, Optional, Sequence

from ..model import Assessment, Diagnostic, Disclosure, Evidence, Fact, Finding, Severity
from ..rules.catalogue import Rule
from .checks import Check, Context
from ..imply.engine import derive_all
from ..imply.index import AMOUNT_BASES, FactIndex, basis_family, index_for, stated_roots
from ..rules.templates import Templates
from .protocol import failed, invalid, runs, unhandled
from .registry import EVALUATORS, SINGLE_DOCUMENT, Evaluator, validate_params
from .tolerance import ToleranceSettings, Verdict, compare, display
from .wording import basis_name, measure_name

_ALL_BASES = frozenset(AMOUNT_BASES) | {"pct_change_prior", "pct_change_initial_budget",
                                         "pct_change_adjusted_budget", "completion_initial_budget",
                                         "completion_adjusted_budget", "share",
                                         "pct_change_prior_execution"}

FactKey = tuple  # (measure, basis, Source)


def fact_key(fact: Fact) -> FactKey:
    return (fact.measure, fact.basis, fact.source)


@dataclass
class Evaluation:
    """Everything an audit computed, inspectable (the mutation harness reads ``participants``)."""

    findings: list[Finding] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    checks_run: int = 0
    evaluated: int = 0
    held: int = 0
    participants: set = field(default_factory=set)
    #: The stated facts of checks that can raise a finding (a stated term beside them): a fact
    #: only in checks of implied values takes part, but nothing printed can ever contradict it.
    citable: set = field(default_factory=set)
    index: Optional[FactIndex] = None


def evaluate(disclosure: Disclosure, rules: Sequence[Rule], *,
             registry: Mapping[str, Evaluator] = EVALUATORS,
             settings: ToleranceSettings | Mapping | None = None,
             templates: Optional[Templates] = None, checked: bool = False) -> Evaluation:
    """Run every rule over the disclosure with the evaluator its kind names in ``registry``.

    Checks of the facts run before checks of the printed document (their not-assessable records
    come first); a rule of no known kind, a rule whose parameters do not fit its evaluator and an
    evaluator that raises each become one diagnostic, and the audit goes on. ``checked``: the
    rules' parameters were checked once for the whole run (:mod:`.preflight`), so not again for
    every document."""
    settings = ToleranceSettings.resolve(settings)
    index = index_for(disclosure.facts, disclosure.path, settings.exact_integer_zero)
    ctx = Context(index=index, settings=settings, path=disclosure.path,
                  kind=disclosure.metadata.kind if disclosure.metadata else None,
                  open_end=frozenset(t.index for t in disclosure.tables if t.open_end),
                  open_start=frozenset(t.index for t in disclosure.tables if t.open_start),
                  disclosure=disclosure, templates=templates)
    out = Evaluation(index=index)
    mine = _valid(rules, registry, out.diagnostics, checked)
    out.diagnostics += derive_all(index, mine)
    notes = _Notes(next((r for r in rules if r.kind == "rounding"), None),
                   next((r for r in rules if r.kind == "printed_rounding"), None))
    open_totals = _open_totals(disclosure)
    judged: dict[tuple, list[_Candidate]] = {}
    outcomes: dict[tuple, bool] = {}
    made: list[Finding] = []
    for rule in mine:
        evaluator = registry[rule.kind]
        if evaluator.check is None:
            continue
        try:
            for item in list(evaluator.check(rule, ctx)):
                if isinstance(item, Assessment):
                    out.assessments.append(item)
                elif isinstance(item, Diagnostic):
                    out.diagnostics.append(item)
                elif isinstance(item, Finding):
                    made.append(item)
                elif _open_sum(item, open_totals):
                    out.assessments.append(Assessment(
                        rule.id, f"{item.measure}/{item.basis}: 其中有未列名的组成项，不按闭合求和核对",
                        f"{item.measure}/{item.basis}: a part is not named, so the parts are "
                        "not checked as a closed sum"))
                else:
                    _judge(item, ctx, notes, judged, outcomes, out)
        except MemoryError:  # not the rule's fault: the stage reports it (pipeline)
            raise
        except Exception as exc:  # an evaluator bug must not stop the audit
            out.diagnostics.append(failed(rule, exc))
            continue
        out.checks_run += 1
    out.evaluated = len(outcomes)
    out.held = sum(1 for ok in outcomes.values() if ok)
    out.findings = [e.finding for entries in judged.values() for e in entries
                    if e.finding is not None] + made
    out.assessments = _unique(out.assessments)
    return out


def _valid(rules: Sequence[Rule], registry: Mapping[str, Evaluator],
           diagnostics: list[Diagnostic], checked: bool = False) -> list[Rule]:
    """The rules that can run, facts checks first (stable); the others become diagnostics.
    The answer for the last tuple of rules and registry is kept: a document audited on its own
    (``pipeline.process``, without a run's preflight) checked the catalogue's parameters again
    each time (session 16: 0.6% of extract and reconcile). A tuple of frozen rules is the same
    rules while it is the same object; the registry (a dict tests edit) is compared item by item."""
    if checked or type(rules) is not tuple:
        return _valid_now(rules, registry, diagnostics, checked)
    items = tuple(registry.items())
    last = _LAST_VALID[0]
    if last is None or last[0] is not rules or last[1] != items:
        found: list[Diagnostic] = []
        last = _LAST_VALID[0] = (rules, items, tuple(_valid_now(rules, registry, found)),
                                 tuple(found))
    diagnostics += last[3]
    return list(last[2])


#: (rules, registry items, the rules that can run, the diagnostics): the last answer of _valid.
_LAST_VALID: list[Optional[tuple]] = [None]


def _valid_now(rules: Sequence[Rule], registry: Mapping[str, Evaluator],
               diagnostics: list[Diagnostic], checked: bool = False) -> list[Rule]:
    mine = []
    for rule in rules:
        evaluator = runs(registry, rule.kind, SINGLE_DOCUMENT)  # a library kind is crosscheck's
        if evaluator is None:
            diagnostics.append(unhandled(rule))
            continue
        problems = [] if checked else validate_params(rule, evaluator)
        if problems:
            diagnostics.append(invalid(rule, problems))
        else:
            mine.append(rule)
    return sorted(mine, key=lambda r: registry[r.kind].reads != "facts")


def _open_totals(disclosure: Disclosure) -> set:
    """(measure, basis, origin) of the totals an ``unnamed_part`` claim opens; origin "" is every
    reading of it. A list cut by the text's end (value "cut") opens the text's total only: a
    table printing the same total with all its parts is still added up (杜集 政府办 2021)."""
    return {(c.measure, c.basis, "text" if c.value == "cut" else "")
            for c in disclosure.claims if c.kind == "unnamed_part"}


def _open_sum(check: Check, open_totals: set) -> bool:
    """A total with an unnamed part ("共有车辆70辆，其中业务用车17辆…": the narrative's
    ``unnamed_part`` claim) is not checked as a closed sum of the parts that have a name."""
    return check.rule.kind == "sum" and any(
        t.role == "total" and ((t.fact.measure, t.fact.basis, "") in open_totals
                               or (t.fact.measure, t.fact.basis, t.fact.origin) in open_totals)
        for t in check.terms)


class _Notes(NamedTuple):
    """The rules that word a difference inside the tolerance: ``rounding`` (inside the printed
    rounding: a note) and ``printed`` (a percentage inside the customary percentage-point slack but
    beyond what its printing explains: a finding; without the rule, a note as before)."""

    rounding: Optional[Rule]
    printed: Optional[Rule]


def _judge(check: Check, ctx: Context, notes: _Notes, judged: dict,
           outcomes: dict, out: Evaluation) -> None:
    index = ctx.index
    facts = [t.fact for t in check.terms]
    if any(check.instance in index.via_of(f) for f in facts):
        return  # the instance would "verify" a value it implied itself
    if check.undefined or check.expected is None:
        verdict = Verdict(False, False, Decimal(0), Decimal(0))
    else:
        verdict = compare(check.stated, check.expected, check.relation,
                          stated_decimals=check.stated_decimals, settings=ctx.settings,
                          percent=check.terms[0].fact.kind == "percent")
    holds = verdict.holds and (verdict.printed or notes.printed is None)
    okey = (check.rule.id, check.instance)
    outcomes[okey] = outcomes.get(okey, True) and holds
    roots = {fact_key(r) for f in facts  # a stated fact is its own root (the walk: derived ones)
             for r in ((f,) if f.origin != "derived" else stated_roots(f))}
    out.participants |= roots
    n_stated = sum(1 for f in facts if f.origin != "derived")
    if n_stated == 0:
        return  # derived values never raise a finding on their own
    out.citable |= roots
    if holds and (verdict.exact or notes.rounding is None or not ctx.settings.report_rounding):
        return
    dkey = (check.rule.id,) + tuple(basis_family(x) if isinstance(x, str) and x in _ALL_BASES
                                    else x for x in check.instance)
    level = 0 if holds else 1 if verdict.holds else 2  # a note, beyond the print, a violation
    new = _Candidate(check.instance, level, n_stated, n_stated < len(facts), None)
    entries = judged.setdefault(dkey, [])
    same = [e for e in entries if e.same_violation(new)]
    if any(not _better(new.level, new.n_stated, e.level, e.n_stated) for e in same):
        return  # already reported: one finding per identity instance
    note = notes.rounding if holds else notes.printed if verdict.holds else None
    finding = to_finding(check, verdict, note, ctx.settings)
    entries[:] = [e for e in entries if e not in same] + [new._replace(finding=finding)]


def to_finding(check: Check, verdict: Verdict, rounding: Optional[Rule],
               settings: ToleranceSettings) -> Finding:
    """Word a judged check: the rule's templates, stated/expected/difference, expanded evidence.
    ``rounding``: the note rule wording a difference inside the tolerance, at its own severity
    but never above the check's."""
    rule = rounding or check.rule
    severity = Severity(check.severity or check.rule.severity)
    if rounding is not None and Severity(rounding.severity).rank < severity.rank:
        severity = Severity(rounding.severity)
    printed = check.stated_decimals if check.stated_decimals is not None else 0
    stated_fact = check.terms[0].fact
    d = display_decimals(stated_fact.kind, printed, settings,
                         max(t.fact.decimals for t in check.terms))
    whole = d == 0 and stated_fact.kind in _AS_PRINTED  # whole counts compare exactly
    td = d if whole else d + 1
    stated = _stated_text(check, printed)
    expected = None if check.expected is None else display(check.expected.point, d)
    fields = dict(check.fields)
    fields.update(stated=stated, expected=expected if expected is not None else "—",
                  difference=display(verdict.difference, d),
                  tolerance=display(verdict.tolerance, td), measure_key=check.measure,
                  rule=check.rule.id, identity=check.rule.description)
    zh = dict(fields, measure=measure_name(check.measure, stated_fact, "zh"),
              basis=basis_name(check.basis, "zh"))
    en = dict(fields, measure=measure_name(check.measure, stated_fact, "en"),
              basis=basis_name(check.basis, "en"))
    return Finding(rule=rule.id, category=rule.category if rounding is None else
                   check.rule.category, severity=severity,
                   message=rule.message("zh", **zh), message_en=rule.message("en", **en),
                   evidence=to_evidence(check), stated=stated, expected=expected,
                   difference=None if check.undefined else display(verdict.difference, d),
                   tolerance=None if check.undefined else display(verdict.tolerance, td),
                   measure=check.measure, basis=check.basis)


#: Value kinds (the measures vocabulary's ``kind``, carried by every fact) whose computed values are
#: shown at the printed precision only: a count is a whole number ("8台", never "8.00台").
_AS_PRINTED = frozenset({"count"})


def display_decimals(kind: str, printed: int, settings: ToleranceSettings,
                     finest: int = 0) -> int:
    """Decimals a finding shows its computed values with, by the value kind of its measure:
    amounts (万元) and percentages at least ``settings.display_decimals`` ("6万元" vs an expected
    6.16, not "6"), counts as finely as the check's figures are printed (``finest``: "8台" for
    whole counts, "99.98" for scores printed with two decimals)."""
    if kind in _AS_PRINTED:  # as finely as any figure of the check is printed (scores: 19.98)
        return max(printed, finest, 0)
    return max(printed, settings.display_decimals)


class _Candidate(NamedTuple):
    """A finding kept for one identity family. Evaluations on ``prior`` and ``change_prior``
    describe one comparison, so they are one violation when either leans on implied values;
    two evaluations that are both fully stated (a table's prior column, a sentence's change)
    are independent and both reported."""

    instance: tuple
    level: int  # 0 a rounding note, 1 a percentage beyond its print, 2 a violation
    n_stated: int
    derived: bool
    finding: Optional[Finding]

    def same_violation(self, other: "_Candidate") -> bool:
        return self.instance == other.instance or self.derived or other.derived


def _better(level: int, n: int, prev_level: int, prev_n: int) -> bool:
    """A violation beats a percentage beyond its print, which beats a rounding note (so the
    warning never hides an error of the same comparison); between equals, the one naming more
    stated facts."""
    if level != prev_level:
        return level > prev_level
    return n > prev_n


def _stated_text(check: Check, decimals: int) -> str:
    """The stated side as printed when it is one fact, else its computed sum."""
    lefts = [t for t in check.terms if t.role == "left"]
    first = check.terms[0]
    if first.role in ("total", "stated", "change") or len(lefts) == 1:
        return str(first.fact.value)
    return display(check.stated.point, decimals)


def to_evidence(check: Check) -> tuple[Evidence, ...]:
    """Every stated fact behind the check, once; derived terms are expanded into their roots."""
    out: list[Evidence] = []
    seen: set = set()
    for term in check.terms:
        derived = term.fact.origin == "derived"
        for root in stated_roots(term.fact):
            key = fact_key(root)
            if key in seen:
                continue
            seen.add(key)
            role = f"{term.role} (derived {term.fact.measure}/{term.fact.basis})" if derived \
                else term.role
            out.append(Evidence(source=root.source, value=str(root.value), measure=root.measure,
                                basis=root.basis, role=role))
    return tuple(out)


def _unique(items: Iterable[Assessment]) -> list[Assessment]:
    seen, out = set(), []
    for a in items:
        if (a.rule, a.reason) not in seen:
            seen.add((a.rule, a.reason))
            out.append(a)
    return out
