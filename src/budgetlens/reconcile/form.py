"""The form checks of the audit (completeness, wording, empty tables …): their kinds, declared once.

Where it sits: every kind here is an :class:`~.protocol.Evaluator` of the one protocol, registered
in :data:`budgetlens.reconcile.registry.EVALUATORS` beside the identities and run by the same
engine. Each evaluator is generic and parametrised by its rule's data (``rules/form_checks.toml``)
and by ``rules/templates.toml``, so a new check is a new row; the parameters each kind accepts are
declared here (types, required or optional) and a rule is checked against them before it runs.

The form evaluators read the printed document (``reads="printed"``: a
:class:`~.form_text.FormContext`, never the values imply added) and return ``(findings,
assessments)``: a finding always cites evidence; what cannot be judged (a narrative-only file has
no tables to count, the year is unknown) becomes an :class:`~budgetlens.model.Assessment`.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from budgetlens.reconcile import (form_codes, form_dates, form_items, form_layers, form_level,
                                   form_names, form_presence, form_projects, form_reasons,
                                   form_relations, form_statements, form_tables, form_units,
                                   form_wording)
from budgetlens.reconcile.protocol import Evaluator, printed_evaluator as ev
from budgetlens.rules.schema import Field

_S, _L, _D, _N = str, list, dict, (int, float)


def _p(spec: str) -> tuple[Field, ...]:
    """Fields from a compact spec ``"name:type[!] …"`` (``!`` required; s str, l list, d dict,
    i int, n number): 27 kinds' parameters stay readable in one table."""
    types: dict[str, type | tuple[type, ...]] = {"s": _S, "l": _L, "d": _D, "i": int, "n": _N}
    out = []
    for item in spec.split():
        name, code = item.split(":")
        out.append(Field(name, types[code.rstrip("!")], code.endswith("!")))
    return tuple(out)


_TIER = _p("tier:s!")
_IGNORE = _p("ignore_labels:l")

#: kind → evaluator, with the parameters each rule of that kind may carry. Built once, read-only.
FORM_EVALUATORS: Mapping[str, Evaluator] = MappingProxyType({
    "form-required-tables": ev(form_presence.check_required_tables, "", _TIER),
    "form-required-sections": ev(form_presence.check_required_sections, "", _TIER),
    "form-three-public-items": ev(form_presence.check_three_public_items, "", _p(
        "items:l! section_keywords:l! section_measure_prefix:s exclude_headings:l "
        "exempt_patterns:l")),
    "form-empty-table-unexplained": ev(form_statements.check_empty_table_unexplained, "",
                                       _p("families:l! cues:l! zero_amount:s")),
    "form-empty-statement-contradicted": ev(form_statements.check_empty_statement_contradicted,
                                            "", _p("families:l!")),
    "form-change-reason": ev(form_reasons.check_change_reason, "", _p(
        "bases:l! reason_markers:s! immaterial_markers:l min_abs:n min_pct:n max_abs:n max_pct:n "
        "reason_window_lines:i list_lead:s list_window_lines:i list_first_item:s list_opening:s "
        "reason_twins:l echo_pattern:s")),
    "form-change-direction": ev(form_statements.check_change_direction, "",
                                _p("bases:l! lexicon:d! hedges:l")),
    "form-code-structure": ev(form_codes.check_code_structure, "", ()),
    "form-code-hierarchy": ev(form_codes.check_code_hierarchy, "", ()),
    "form-code-name-consistency": ev(form_codes.check_code_name_consistency, "", _IGNORE),
    "form-code-name-reference": ev(form_codes.check_code_name_reference, "", _IGNORE),
    "form-year-in-text": ev(form_wording.check_year_in_text, "",
                            _p("contexts:l! allowed_offsets:l whitelist:l")),
    "form-year-in-table-title": ev(form_wording.check_year_in_table_title, "", ()),
    "form-template-residue": ev(form_wording.check_template_residue, "", _p("patterns:l!")),
    # narrative checks (issue #8 item 4)
    "form-budget-relation": ev(form_relations.check_budget_relation, "", _p(
        "relations:l! budget_words:d! default_bases:l! window:i named_window:i hedges:l "
        "subject_fillers:l amount:s judge:s")),
    "form-as-of-date": ev(form_dates.check_as_of_date, "", _p("as_of:s! target_words:l kinds:l")),
    "form-project-period": ev(form_dates.check_project_period, "", _p("period:s! kinds:l")),
    "form-level-wording": ev(form_level.check_level_wording, "", _p(
        "level:s! own:s! other_title:s! phrases:l! excuses:l scope:s")),
    "form-repeated-text": ev(form_layers.check_repeated_text, "", _p("min_chars:i")),
    "form-listed-items": ev(form_items.check_listed_items, "", _p(
        "markers:s! stop:s! definitions:l min_printed:i max_unfunded_share:n max_items:i")),
    # table checks (issue #8 item 4)
    "form-empty-table-text-figures": ev(form_tables.check_empty_table_text_figures, "",
                                        _p("families:l! sides:l")),
    "form-vehicle-cost-without-vehicle": ev(form_tables.check_vehicle_cost_without_vehicle, "", _p(
        "cost_measures:l! count_measures:l! none_patterns:l! purchase_measures:l "
        "exempt_patterns:l")),
    "form-table-other-unit": ev(form_tables.check_table_other_unit, "",
                                _p("title_words:s! strip_pattern:s!")),
    "form-project-amounts": ev(form_tables.check_project_amounts, "",
                               _p("measures:l! min_name_chars:i")),
    "form-project-table-amounts": ev(form_projects.check_project_table_amounts, "", _p(
        "project_measures:l! target_measures:l! min_name_chars:i")),
    "form-chain-names": ev(form_names.check_chain_names, "", _p("chain_pattern:s!")),
    "form-obsolete-names": ev(form_names.check_obsolete_names, "", _p("name_end:s")),
    "form-unit-outlier": ev(form_units.check_unit_outlier, "", _p("yuan:s! wan:s! below:n")),
})

FORM_KINDS: frozenset[str] = frozenset(FORM_EVALUATORS)

__all__ = ["FORM_EVALUATORS", "FORM_KINDS"]
