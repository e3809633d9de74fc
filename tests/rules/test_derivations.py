"""derivations.toml loads into typed rows; a malformed row names its bad key."""

import tomllib

import pytest

from budgetlens.rules.catalogue import load_rules
from budgetlens.rules.derivations import DerivationError, load_derivations, parse_derivations

ROW = '''
[[derivation]]
id = "prior-from-change"
phase = "levels"
identity = "change"
over = "bases"
base = "prior"
target = "prior"
plus = ["current"]
minus = ["change_prior"]
description = "上年数 = 本年数 − 增减额"
'''


def test_package_rows_load_and_cover_every_comparison_basis():
    rows = load_derivations()
    assert len({r.id for r in rows}) == len(rows)
    change = next(r for r in load_rules() if r.id == "change-arithmetic")
    for base in change.params["bases"]:
        targets = {r.target for r in rows if r.phase == "levels" and r.base == base}
        assert targets == {base, f"change_{base}", "current"}, base
    assert {r.target for r in rows if r.identity == "sum"} == {"total", "part"}


def test_a_well_formed_row_parses():
    (row,) = parse_derivations(tomllib.loads(ROW), "inline")
    assert (row.target, row.plus, row.minus, row.base) == ("prior", ("current",),
                                                           ("change_prior",), "prior")


@pytest.mark.parametrize("edit, key", [
    (('plus = ["current"]', 'plus = ["current", "adjusted_budget"]'), "adjusted_budget"),
    (('phase = "levels"', 'phase = "sometimes"'), "phase"),
    (('identity = "change"', 'identity = "sum"'), "identity"),
    (('base = "prior"\n', ''), "base"),
    (('target = "prior"', 'target = "current"\nwhen = 1'), "when"),
    (('id = "prior-from-change"', 'id = "Prior From Change"'), "kebab-case"),
])
def test_a_bad_row_names_its_key(edit, key):
    with pytest.raises(DerivationError, match=key):
        parse_derivations(tomllib.loads(ROW.replace(*edit)), "inline")


def test_an_error_names_the_file_line_and_key():
    """The package file with one row's key misspelt: the error points at that line."""
    from importlib import resources

    text = resources.files("budgetlens.rules").joinpath("derivations.toml").read_text("utf-8")
    assert "\nwhen_zero = " in text
    broken = text.replace("\nwhen_zero = ", "\nwhen_nil = ", 1)
    with pytest.raises(DerivationError) as err:
        parse_derivations(tomllib.loads(broken), "derivations.toml", broken)
    assert (err.value.file, err.value.key) == ("derivations.toml", "when_nil")
    assert broken.splitlines()[err.value.line - 1].startswith("when_nil")
