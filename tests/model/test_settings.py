"""The settings kit (model/settings.py) on the read stage's record: every setting listed with its unit
and why, changed by name with its value parsed, only what differs from the defaults named; a bad
name, value or pair refused in both languages naming the valid settings."""

from __future__ import annotations

from dataclasses import fields

import pytest

from budgetlens.model.settings import SettingError, changed, describe, parse_pairs
from budgetlens.read.settings import DEFAULT_READ


@pytest.mark.parametrize("name, value, says", [
    ("grid.snp", "3", "unknown setting: grid.snp"),
    ("snap", "3", "unknown setting: snap"),
    ("grid.snap", "abc", "takes a number"),
    ("text_tables.min_rows", "2.5", "takes an integer"),
    ("grid.snap", "-1", "cannot be negative"),
])
def test_bad_names_and_values_are_refused_with_a_message(name, value, says):
    with pytest.raises(SettingError) as caught:
        DEFAULT_READ.override({name: value})
    assert says in caught.value.message_en and caught.value.message
    if "unknown" in says:
        assert "grid.snap" in caught.value.message_en and "layout.word_gap" in caught.value.message


def test_pairs_need_a_name_and_an_equals_sign():
    assert parse_pairs(["grid.snap = 4", "layout.word_gap=0.3"]) == {
        "grid.snap": "4", "layout.word_gap": "0.3"}
    with pytest.raises(SettingError):
        parse_pairs(["grid.snap"])


def test_every_setting_says_its_unit_and_why_and_changed_names_only_what_differs():
    infos = describe(DEFAULT_READ)
    assert len(infos) == sum(len(fields(getattr(DEFAULT_READ, f.name)))
                             for f in fields(DEFAULT_READ))
    assert all(i.unit and len(i.why) > 20 for i in infos)
    moved = DEFAULT_READ.override({"grid.snap": "3", "layout.cjk_gap": "2"})
    assert changed(moved) == (("layout.cjk_gap", "2.0"),)  # grid.snap=3 is the default
