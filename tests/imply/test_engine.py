"""The derivation engine on inline ledgers: each derivation kind fires on a real sentence's figures
and stays quiet on a near miss; nothing is implied where a figure is stated; one value per key;
rounding; licences; failures become diagnostics. Figures are the seeds' (line numbers as there)."""

import tomllib
from decimal import Decimal as D

from budgetlens.imply import imply
from budgetlens.imply.engine import derive_all
from budgetlens.imply.index import FactIndex, stated_roots
from budgetlens.rules.catalogue import load_rules, parse_rules
from budgetlens.rules.derivations import load_derivations

from .support import derived, disclosure


def rules(*ids: str):
    by_id = {r.id: r for r in load_rules()}
    return [by_id[i] for i in ids]


CHANGE = rules("change-arithmetic")

# seed 002 line 63: "公务车运行维护费2.4万元…支出较年初预算数减少0.6万元…较上年决算数减少0.04万元"
VEHICLE_OPERATION = """
text:1:63 three_public.vehicle_operation current 2.4 公务车运行维护费
text:1:63 three_public.vehicle_operation change_initial_budget -0.6 公务车运行维护费
text:1:63 three_public.vehicle_operation change_prior -0.04 公务车运行维护费
"""


def test_prior_from_change_names_its_inputs_with_provenance():
    d, diags = imply(disclosure(VEHICLE_OPERATION), CHANGE)
    assert diags == []
    prior = derived(d)[("three_public.vehicle_operation", "prior")]
    assert prior.value == D("2.44") and prior.origin == "derived"
    assert prior.derivation.rule == "prior-from-change"
    assert prior.derivation.instance == ("change-arithmetic", "three_public.vehicle_operation",
                                         "prior")
    assert [(f.basis, f.value, f.source.line) for f in prior.derived_from] == [
        ("current", D("2.4"), 63), ("change_prior", D("-0.04"), 63)]
    assert prior.label == "公务车运行维护费"


def test_initial_budget_from_a_change_against_the_budget():
    d, _ = imply(disclosure(VEHICLE_OPERATION), CHANGE)
    initial = derived(d)[("three_public.vehicle_operation", "initial_budget")]
    assert initial.value == D("3.0") and initial.derivation.rule == "initial-from-change-vs-budget"


def test_near_miss_a_change_without_its_current_figure_implies_nothing():
    # "较上年减少0.04万元" whose current figure was not read
    d, _ = imply(disclosure("text:1:63 three_public.vehicle_operation change_prior -0.04"), CHANGE)
    assert derived(d) == {}


def test_prior_equals_current_for_a_flat_statement():
    # seed 000 line 50: "公务接待费3万元，与2023年保持一致" (the narrative reads a change of 0)
    d, _ = imply(disclosure("""
text:1:50 three_public.reception current 3 公务接待费
text:1:50 three_public.reception change_prior 0 保持一致
"""), CHANGE)
    prior = derived(d)[("three_public.reception", "prior")]
    assert (prior.value, prior.derivation.rule) == (D("3"), "prior-equals-current")


def test_near_miss_a_nonzero_change_is_not_flat():
    d, _ = imply(disclosure("""
text:1:31 three_public.vehicle_operation current 1.90 公务用车运行维护费
text:1:31 three_public.vehicle_operation change_prior -0.10 公务用车运行维护费
"""), CHANGE)
    prior = derived(d)[("three_public.vehicle_operation", "prior")]
    assert (prior.value, prior.derivation.rule) == (D("2.00"), "prior-from-change")


def test_change_and_current_from_the_other_two():
    # seed 002 line 61: "因公出国（境）费用0.00万元…上年支出数0.00万元"
    d, _ = imply(disclosure("""
text:1:61 three_public.overseas current 0.00
text:1:61 three_public.overseas prior 0.00
text:2:7 expense.total prior 513.19
text:2:7 expense.total change_prior 27.98
"""), CHANGE)
    found = derived(d)
    assert found[("three_public.overseas", "change_prior")].derivation.rule == "change-from-prior"
    current = found[("expense.total", "current")]
    assert (current.value, current.derivation.rule) == (D("541.17"),
                                                        "current-from-prior-and-change")


def test_nothing_is_implied_where_a_figure_is_stated():
    # a table prints the prior column; the sentence's change is checked, never used to re-imply
    d, _ = imply(disclosure("""
table:0 three_public.total current 3.42
table:0 three_public.total prior 3.46
text:1:59 three_public.total change_prior -0.04
text:1:59 three_public.total current 3.42
"""), CHANGE)
    assert derived(d) == {}


def test_one_implied_value_per_measure_and_basis():
    # the change is stated twice (two sentences): one prior, from the representative figures
    d, _ = imply(disclosure("""
text:1:59 three_public.total current 3.42
text:1:59 three_public.total change_prior -0.04
text:3:2 three_public.total change_prior -0.04
"""), CHANGE)
    priors = [f for f in d.facts if f.origin == "derived" and f.basis == "prior"]
    assert len(priors) == 1 and priors[0].derived_from[1].source.line == 59


def test_precision_is_the_coarser_of_the_inputs():
    d, _ = imply(disclosure(VEHICLE_OPERATION), CHANGE)
    prior = derived(d)[("three_public.vehicle_operation", "prior")]
    assert prior.decimals == 1  # 2.4 (1 decimal) − (−0.04) (2 decimals)
    # a printed 0 is exact ("与上年持平"): it does not make 40.58 a whole number
    d, _ = imply(disclosure("""
text:1:72 admin_operating_cost current 40.58
text:1:72 admin_operating_cost change_prior 0 持平
"""), CHANGE)
    assert derived(d)[("admin_operating_cost", "prior")].decimals == 2


def test_total_from_parts_where_no_total_is_printed():
    # seed 002 lines 62-63: 公务车购置费 0.00 and 运行维护费 2.4 → 公务用车购置及运行费 2.40
    d, _ = imply(disclosure("""
text:1:62 three_public.vehicle_purchase current 0.00
text:1:63 three_public.vehicle_operation current 2.4
"""), rules("three-public-vehicle"))
    total = derived(d)[("three_public.vehicle", "current")]
    assert (total.value, total.derivation.rule) == (D("2.40"), "total-from-parts")
    assert total.derivation.identity == "three-public-vehicle"


def test_near_miss_a_total_with_a_part_missing_is_not_implied():
    d, _ = imply(disclosure("text:1:63 three_public.vehicle_operation current 2.4"),
                 rules("three-public-vehicle"))
    assert derived(d) == {}


def test_part_from_total_and_the_other_parts():
    # seed 002 lines 40 and 51: 一般公共预算财政拨款支出 541.17, 基本支出 342.81 → 项目支出 198.36
    d, _ = imply(disclosure("""
text:1:40 expense.general.total current 541.17
text:1:51 expense.general.basic current 342.81
"""), rules("general-basic-project"))
    part = derived(d)[("expense.general.project", "current")]
    assert (part.value, part.derivation.rule) == (D("198.36"), "part-from-total")
    assert [f.measure for f in part.derived_from] == ["expense.general.total",
                                                      "expense.general.basic"]


def test_near_miss_two_parts_missing_imply_neither():
    d, _ = imply(disclosure("text:1:40 expense.general.total current 541.17"),
                 rules("general-basic-project"))
    assert derived(d) == {}


def test_derivations_chain_to_a_fixpoint_and_name_their_roots():
    # seed 002: the items' implied priors add up to an implied prior 公务用车 total
    d, _ = imply(disclosure("""
text:1:62 three_public.vehicle_purchase current 0.00
text:1:62 three_public.vehicle_purchase prior 0.00
text:1:63 three_public.vehicle_operation current 2.4
text:1:63 three_public.vehicle_operation change_prior -0.04
"""), rules("three-public-vehicle", "change-arithmetic"))
    total = derived(d)[("three_public.vehicle", "prior")]
    assert total.value == D("2.44")
    roots = {(f.measure, f.basis) for f in stated_roots(total)}
    assert roots == {("three_public.vehicle_purchase", "prior"),
                     ("three_public.vehicle_operation", "current"),
                     ("three_public.vehicle_operation", "change_prior")}
    # every implied fact follows the facts it came from
    position = {id(f): i for i, f in enumerate(d.facts)}
    assert all(position[id(x)] < position[id(f)] for f in d.facts for x in f.derived_from)


def test_a_change_identity_licenses_only_the_bases_it_declares():
    prior_only = parse_rules(tomllib.loads('''
[[rule]]
id = "prior-change-only"
kind = "change"
category = "arithmetic"
severity = "error"
message_zh = "x"
message_en = "x"
description = "测试"
bases = ["prior"]
'''), "inline")
    d, _ = imply(disclosure(VEHICLE_OPERATION), prior_only)
    assert set(derived(d)) == {("three_public.vehicle_operation", "prior")}


def test_a_sum_declared_without_derive_implies_nothing():
    no_derive = parse_rules(tomllib.loads('''
[[rule]]
id = "vehicle-no-derive"
kind = "sum"
category = "arithmetic"
severity = "error"
message_zh = "x"
message_en = "x"
description = "测试"
total = "three_public.vehicle"
parts = ["three_public.vehicle_purchase", "three_public.vehicle_operation"]
derive = false
'''), "inline")
    d, _ = imply(disclosure("""
text:1:62 three_public.vehicle_purchase current 0.00
text:1:63 three_public.vehicle_operation current 2.4
"""), no_derive)
    assert derived(d) == {}


def test_a_failing_declaration_becomes_a_diagnostic():
    bad = parse_rules(tomllib.loads('''
[[rule]]
id = "bad-basis"
kind = "change"
category = "arithmetic"
severity = "error"
message_zh = "x"
message_en = "x"
description = "测试"
bases = ["last_decade"]
'''), "inline")
    d, diags = imply(disclosure(VEHICLE_OPERATION), [*bad, *CHANGE])
    assert [x.code for x in diags] == ["imply-derivation-failed"]
    assert ("three_public.vehicle_operation", "prior") in derived(d)  # the others go on


def test_derivation_rows_are_the_data_the_engine_runs():
    # without the prior-equals-current row a flat change still implies the prior, named generically
    rows = [r for r in load_derivations() if r.id != "prior-equals-current"]
    index = FactIndex(disclosure("""
text:1:50 three_public.reception current 3
text:1:50 three_public.reception change_prior 0
""").facts)
    assert derive_all(index, CHANGE, rows) == []
    assert index.get("three_public.reception", "prior").derivation.rule == "prior-from-change"
