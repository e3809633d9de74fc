"""The fact index takes in the imply stage's output as it was derived (interval, ``via``) and
leaves out implied facts whose stated roots are gone."""

from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import pytest

from budgetlens.extract import extract
from budgetlens.imply import imply
from budgetlens.imply import index as index_module
from budgetlens.imply.engine import derive_all
from budgetlens.imply.index import FactIndex, index_for
from budgetlens.read import read_document
from budgetlens.reconcile import reconcile
from budgetlens.rules.catalogue import load_rules

from .support import disclosure

# seed 002 lines 62-63 (公务用车购置费 0.00 with its prior; 运行维护费 2.4, 较上年减少0.04万元)
FACTS = """
text:1:62 three_public.vehicle_purchase current 0.00
text:1:62 three_public.vehicle_purchase prior 0.00
text:1:63 three_public.vehicle_operation current 2.4
text:1:63 three_public.vehicle_operation change_prior -0.04
"""
RULES = [r for r in load_rules() if r.id in ("three-public-vehicle", "change-arithmetic")]


def test_adopted_facts_keep_their_intervals_and_what_they_rest_on():
    bare = disclosure(FACTS)
    fresh = FactIndex(bare.facts)
    implied, _ = imply(bare, RULES)
    derive_all(fresh, RULES)
    adopted = FactIndex(implied.facts)
    assert set(adopted.derived) == set(fresh.derived)
    for key, fact in fresh.derived.items():
        assert adopted.derived_iv[key] == fresh.derived_iv[key]
        assert adopted.via[key] == fresh.via[key]
    total = adopted.get("three_public.vehicle", "prior")
    assert total.value == D("2.44")
    assert ("change-arithmetic", "three_public.vehicle_operation", "prior") in adopted.via_of(total)


def test_an_implied_fact_whose_root_was_edited_is_left_out():
    implied, _ = imply(disclosure(FACTS), RULES)
    edited = tuple(f._replace(value=D("2.6")) if (f.measure, f.basis) == (
        "three_public.vehicle_operation", "current") else f for f in implied.facts)
    index = FactIndex(replace(implied, facts=edited).facts)
    # the prior rested on the old 2.4, the vehicle total on that prior: both gone
    assert index.get("three_public.vehicle_operation", "prior") is None
    assert index.get("three_public.vehicle", "prior") is None
    # the vehicle's current total rested on it too; the 0.00 change of the purchase did not
    assert index.get("three_public.vehicle", "current") is None
    assert index.get("three_public.vehicle_purchase", "change_prior") is not None


def test_a_stated_figure_wins_over_an_adopted_implied_one():
    implied, _ = imply(disclosure(FACTS), RULES)
    prior = next(f for f in implied.facts if f.origin == "derived"
                 and (f.measure, f.basis) == ("three_public.vehicle_operation", "prior"))
    stated = prior._replace(origin="table", derivation=None, derived_from=(), scope="table:0",
                            source=prior.source._replace(table=0, row=1, column=1, text="2.44"))
    index = FactIndex((*implied.facts[:4], stated, *implied.facts[4:]))
    assert index.get("three_public.vehicle_operation", "prior") is stated


# -- the index imply hands to the audit (index_for) ------------------------------------------

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"

# integer figures, printed with no decimals (half units 0.5)
WHOLE = """
text:1:10 three_public.vehicle_operation current 100
text:1:10 three_public.vehicle_operation change_prior -6
"""


def _state(index: FactIndex) -> tuple:
    """Everything an index holds, in its order, with Decimals as written (repr)."""
    return (repr(list(index.stated.items())), repr(list(index.by_scope.items())),
            repr(list(index.scopes.items())), repr(list(index.units.items())),
            repr([(b, list(ms)) for b, ms in index.measures_by_basis.items()]),
            repr(sorted(index.ambiguous)), repr(list(index.derived.items())),
            repr(list(index.derived_iv.items())), repr(sorted(
                (k, sorted(v)) for k, v in index.via.items())), index.sorted_measures())


def _shared_equals_fresh(bare) -> None:
    implied, _ = imply(bare)
    fresh = FactIndex(implied.facts, implied.path)
    taken = index_for(implied.facts, implied.path)
    assert _state(taken) == _state(fresh)


def test_the_handed_index_is_the_index_the_audit_would_build():
    _shared_equals_fresh(disclosure(FACTS))
    _shared_equals_fresh(disclosure(WHOLE))


def test_implied_facts_imply_was_handed_are_judged_again_as_a_new_index_judges_them():
    # the pattern: a disclosure carrying implied facts already (an audit of extract's JSON
    # output) whose stated root was edited since: imply's index left the stale one out and
    # implied it again; the audit's index must hold what a new index of the facts holds
    implied, _ = imply(disclosure(FACTS), RULES)
    edited = tuple(f._replace(value=D("2.6")) if (f.measure, f.basis) == (
        "three_public.vehicle_operation", "current") else f for f in implied.facts)
    again, _ = imply(replace(implied, facts=edited), RULES)
    handed = index_module._HANDED.index
    taken = index_for(again.facts, again.path)
    assert taken is handed
    assert _state(taken) == _state(FactIndex(again.facts, again.path))
    assert taken.get("three_public.vehicle_operation", "prior").value == D("2.64")


def test_only_the_same_facts_with_the_same_settings_take_it_and_only_once():
    implied, _ = imply(disclosure(FACTS), RULES)
    handed = index_module._HANDED.index
    # near misses: equal facts in another tuple, another path, another zero setting
    copy = tuple(list(implied.facts))
    assert copy == implied.facts and copy is not implied.facts
    taken = index_for(copy, implied.path)
    assert taken is not handed and _state(taken) == _state(FactIndex(copy, implied.path))
    implied, _ = imply(disclosure(FACTS), RULES)
    assert index_for(implied.facts, "other.txt") is not index_module._HANDED.index
    implied, _ = imply(disclosure(FACTS), RULES)
    handed = index_module._HANDED.index
    assert index_for(implied.facts, implied.path, exact_integer_zero=False) is not handed
    implied, _ = imply(disclosure(FACTS), RULES)
    handed = index_module._HANDED.index
    assert index_for(implied.facts, implied.path) is handed
    assert index_for(implied.facts, implied.path) is not handed  # taken once


def test_real_documents_give_the_same_index_and_the_same_audit():
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    pdfs = sorted((SHARED / "corpus" / "pdf").glob("*.pdf"))[:2]
    if not seeds or not pdfs:
        pytest.skip("shared corpus not present")
    for path in [*seeds, *pdfs]:
        document, _ = read_document(str(path))
        stated, _ = extract(document)
        _shared_equals_fresh(stated)
        implied, _ = imply(stated)
        index_module._HANDED.index = None  # the audit builds its own
        alone, _ = reconcile(implied)
        implied, _ = imply(stated)
        shared, _ = reconcile(implied)
        assert index_module._HANDED.index is None  # taken by the audit
        assert repr(shared) == repr(alone)

def test_a_total_the_reading_derived_is_filed_in_its_table_with_the_summed_interval():
    """extract/table_pagesum.py: a table's total as Σ page subtotals (cells set aside, no facts of
    their own). The index files it in its table's scope like a printed figure, its interval the
    sum of its inputs' half units (three of 0.005), and a value the imply stage derives from it
    is adopted again (its roots are the subtotals the reading read)."""
    from budgetlens.extract.table_pagesum import PAGE_TOTAL
    from budgetlens.imply.index import read_derived

    subs = disclosure("""
    table:0 three_public.vehicle_operation current 1.20
    table:0 three_public.vehicle_operation current 0.80
    table:0 three_public.vehicle_operation current 0.40
    """).facts
    total = subs[0]._replace(value=D("2.40"), origin="derived", derived_from=subs,
                             derivation=PAGE_TOTAL)
    stated = disclosure("text:1:62 three_public.vehicle_purchase current 0.00\n"
                        "text:1:62 three_public.vehicle_purchase prior 0.00\n"
                        "text:1:63 three_public.vehicle_operation change_prior -0.04").facts
    assert read_derived(total) and not read_derived(total._replace(scope="derived"))
    index = FactIndex(stated + (total,))
    assert index.in_scope("table:0", "three_public.vehicle_operation", "current") is total
    iv = index.interval(total)
    assert (iv.lo, iv.hi) == (D("2.385"), D("2.415"))
    implied, _ = imply(replace(disclosure(""), facts=stated + (total,)), RULES)
    prior = [f for f in implied.facts if f.measure == "three_public.vehicle_operation"
             and f.basis == "prior"]
    assert prior and prior[0].value == D("2.44")
    again = FactIndex(implied.facts)
    assert again.get("three_public.vehicle_operation", "prior") is prior[0]
