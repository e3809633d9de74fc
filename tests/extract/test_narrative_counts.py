"""Counts of the 三公 实物量 and asset paragraphs become facts (seed 002, a 2020 final account)."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.extract import extract
from budgetlens.read import read_document

from ..conftest import seed_path


def test_reception_parts_and_equipment_counts_are_facts():
    document, _ = read_document(str(seed_path("002")))
    disclosure, _ = extract(document)
    facts = {(f.measure, f.basis): f.value for f in disclosure.facts if f.kind == "count"}
    assert facts[("three_public.reception.batches", "current")] == Decimal(5)
    assert facts[("three_public.reception.people", "current")] == Decimal(80)
    for measure in ("three_public.reception.foreign_affairs.batches",
                    "three_public.reception.foreign_affairs.people",
                    "three_public.reception.overseas_guests.batches",
                    "three_public.reception.overseas_guests.people",
                    "assets.general_equipment_over_500k", "assets.equipment_over_1m"):
        assert facts[(measure, "current")] == 0, measure
