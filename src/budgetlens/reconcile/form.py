"""Completeness and form checks of the audit: the entry point and the evaluator registry.

Where it sits: ``reconcile`` calls :func:`check_form` with the disclosure and the declared rules;
every rule whose ``kind`` is one of :data:`FORM_KINDS` is run here, the others are left to the
arithmetic engine. Each evaluator is generic and parametrised by its rule's data
(``rules/form_checks.toml``) and by ``rules/templates.toml``, so a new check is a new row.

Evaluators take ``(FormContext, Rule)`` and return ``(findings, assessments)``: a finding always
cites evidence; what cannot be judged (a narrative-only file has no tables to count, the year is
unknown) becomes an :class:`~budgetlens.model.Assessment` instead of a guess.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Callable, Mapping, Sequence

from budgetlens.model import Assessment, Disclosure, Finding
from budgetlens.reconcile import (form_codes, form_dates, form_items, form_layers, form_level,
                                   form_names, form_presence, form_projects, form_relations,
                                   form_statements, form_tables, form_wording)
from budgetlens.reconcile.form_common import Outcome
from budgetlens.reconcile.form_templates import Templates
from budgetlens.reconcile.form_text import FormContext
from budgetlens.rules.catalogue import Rule, RuleError

Evaluator = Callable[[FormContext, Rule], Outcome]

#: kind → (evaluator, parameters every rule of that kind must declare). Built once, read-only.
EVALUATORS: Mapping[str, tuple[Evaluator, tuple[str, ...]]] = MappingProxyType({
    "form-required-tables": (form_presence.check_required_tables, ("tier",)),
    "form-required-sections": (form_presence.check_required_sections, ("tier",)),
    "form-three-public-items": (form_presence.check_three_public_items,
                                ("items", "section_keywords")),
    "form-empty-table-unexplained": (form_statements.check_empty_table_unexplained,
                                     ("families", "cues")),
    "form-empty-statement-contradicted": (form_statements.check_empty_statement_contradicted,
                                          ("families",)),
    "form-change-reason": (form_statements.check_change_reason, ("bases", "reason_markers")),
    "form-change-direction": (form_statements.check_change_direction, ("bases", "lexicon")),
    "form-code-structure": (form_codes.check_code_structure, ()),
    "form-code-hierarchy": (form_codes.check_code_hierarchy, ()),
    "form-code-name-consistency": (form_codes.check_code_name_consistency, ()),
    "form-code-name-reference": (form_codes.check_code_name_reference, ()),
    "form-year-in-text": (form_wording.check_year_in_text, ("contexts",)),
    "form-year-in-table-title": (form_wording.check_year_in_table_title, ()),
    "form-template-residue": (form_wording.check_template_residue, ("patterns",)),
    # narrative checks (issue #8 item 4)
    "form-budget-relation": (form_relations.check_budget_relation,
                             ("relations", "budget_words", "default_bases")),
    "form-as-of-date": (form_dates.check_as_of_date, ("as_of",)),
    "form-project-period": (form_dates.check_project_period, ("period",)),
    "form-level-wording": (form_level.check_level_wording,
                           ("level", "own", "other_title", "phrases")),
    "form-repeated-text": (form_layers.check_repeated_text, ()),
    "form-listed-items": (form_items.check_listed_items, ("markers", "stop")),
    # table checks (issue #8 item 4)
    "form-empty-table-text-figures": (form_tables.check_empty_table_text_figures, ("families",)),
    "form-vehicle-cost-without-vehicle": (form_tables.check_vehicle_cost_without_vehicle,
                                          ("cost_measures", "count_measures", "none_patterns")),
    "form-table-other-unit": (form_tables.check_table_other_unit,
                              ("title_words", "strip_pattern")),
    "form-project-amounts": (form_tables.check_project_amounts, ("measures",)),
    "form-project-table-amounts": (form_projects.check_project_table_amounts,
                                   ("project_measures", "target_measures")),
    "form-chain-names": (form_names.check_chain_names, ("chain_pattern",)),
    "form-obsolete-names": (form_names.check_obsolete_names, ()),
})

FORM_KINDS: frozenset[str] = frozenset(EVALUATORS)
KINDS = FORM_KINDS  # the name reconcile looks up


def validate_form_rule(rule: Rule) -> None:
    """Raise :class:`RuleError` naming the rule and key when a form rule lacks a parameter."""
    if rule.kind not in EVALUATORS:
        raise RuleError(f"{rule.origin} ({rule.id}): unknown form kind '{rule.kind}'")
    for key in EVALUATORS[rule.kind][1]:
        if key not in rule.params:
            raise RuleError(f"{rule.origin} ({rule.id}): missing parameter '{key}'")


def check_form(disclosure: Disclosure, rules: Sequence[Rule],
               templates: Templates | None = None) -> tuple[list[Finding], list[Assessment]]:
    """Run every rule of a form kind on ``disclosure``; other kinds are ignored.

    A bug in one evaluator must not sink the audit: it is recorded as not assessable (with the
    exception's type) and the other checks go on. Malformed declarations still raise."""
    ctx = FormContext(disclosure, templates)
    findings: list[Finding] = []
    assessments: list[Assessment] = []
    for rule in rules:
        if rule.kind not in EVALUATORS:
            continue
        validate_form_rule(rule)
        try:
            found, assessed = EVALUATORS[rule.kind][0](ctx, rule)
        except RuleError:
            raise
        except Exception as exc:  # noqa: BLE001 - one failing check becomes an assessment
            assessments.append(Assessment(rule.id, f"检查执行出错（{type(exc).__name__}: {exc}）"))
            continue
        findings.extend(found)
        assessments.extend(assessed)
    return findings, assessments


__all__ = ["FORM_KINDS", "KINDS", "EVALUATORS", "check_form", "validate_form_rule"]
