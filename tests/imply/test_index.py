"""The fact index takes in the imply stage's output as it was derived (interval, ``via``) and
leaves out implied facts whose stated roots are gone."""

from dataclasses import replace
from decimal import Decimal as D

from budgetlens.imply import imply
from budgetlens.imply.engine import derive_all
from budgetlens.imply.index import FactIndex
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
