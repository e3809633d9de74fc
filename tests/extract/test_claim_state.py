"""The claim engine's state (extract/claim_state.py): immutable, copied by name, checked."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields
from typing import get_type_hints

import pytest

from budgetlens.extract.claim_state import (Carry, CarryChanges, SentenceState, StateChanges,
                                           Subject)


def test_but_makes_a_new_state_and_leaves_the_old_one():
    st = SentenceState(clause_start=3)
    nxt = st.but(mode="reason", used=frozenset({"expense.total"}))
    assert (nxt.mode, nxt.used, nxt.clause_start) == ("reason", frozenset({"expense.total"}), 3)
    assert (st.mode, st.used) == ("normal", frozenset())
    assert nxt == SentenceState(clause_start=3, mode="reason", used=frozenset({"expense.total"}))
    with pytest.raises(FrozenInstanceError):
        nxt.mode = "normal"


def test_every_copy_refuses_a_name_that_is_no_field():
    st = SentenceState()
    with pytest.raises(TypeError, match="modus"):
        st.but(modus="reason")
    with pytest.raises(TypeError, match="modus"):
        st.but_reset({"modus": None})
    with pytest.raises(TypeError, match="parents"):
        st.but_carry(parents=None)


def test_the_carried_state_changes_inside_the_sentence_state_only():
    parent = Subject("expense.total", "支出")
    st = SentenceState().but_carry(parent=parent, parent_in_paragraph=True)
    assert st.carry == Carry(parent=parent, parent_in_paragraph=True)
    assert SentenceState().carry == Carry()
    assert st.but_lead(True, 7).carry is st.carry
    assert {f.name for f in fields(st.but_lead(True, 7))} == {f.name for f in fields(SentenceState)}


@pytest.mark.parametrize("record, changes", [(SentenceState, StateChanges), (Carry, CarryChanges)])
def test_the_typed_changes_name_every_field_with_its_type(record, changes):
    """``but(**changes)`` is typed by a TypedDict beside the record (the type check sees each
    handler's change): the two must declare the same names with the same types, or a new field
    could not be changed (the check would refuse it) or a change could carry the wrong type."""
    assert get_type_hints(changes) == get_type_hints(record)
    assert set(get_type_hints(record)) == {f.name for f in fields(record)}
    assert not changes.__required_keys__  # any subset of the fields may change
