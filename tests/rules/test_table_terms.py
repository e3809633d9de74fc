"""table_terms.toml loads into typed terms, and a malformed declaration names its bad key."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from budgetlens.rules.table_layouts import load_table_layouts
from budgetlens.rules.table_terms import TableTermsError, load_table_terms, parse_terms

TOML = Path(__file__).resolve().parents[2] / "src" / "budgetlens" / "rules" / "table_terms.toml"


def _data() -> dict:
    with TOML.open("rb") as fh:
        return tomllib.load(fh)


def test_package_terms_load_and_name_families_of_tables_toml():
    terms = load_table_terms()
    names = {f.name for f in load_table_layouts().families}
    assert terms.families and {f.name for f in terms.families} <= names
    assert terms.veto and terms.max_residue >= terms.max_column_residue >= 0
    meaning = dict(terms.forms)
    assert meaning["公共财政"] == "一般公共预算" and meaning["部门"] == ""


@pytest.mark.parametrize("edit, key", [
    (lambda d: d.update(extra=1), "extra"),
    (lambda d: d["family"][0].update(name="no_such_family"), "family[0].name"),
    (lambda d: d["family"][0]["fit"][0].update(all=["不是用语"]), "family[0](summary).fit[0].all"),
    (lambda d: d["family"][0]["fit"][0].update(all=[]), "family[0](summary).fit[0].all"),
    (lambda d: d["terms"].update({"另一个": ["收支"]}), "terms.另一个"),
    (lambda d: d["match"].update(max_residue=-1), "match.max_residue"),
    (lambda d: d["match"].update(veto=["不是用语"]), "match.veto"),
    (lambda d: d["family"][0]["column"][0].update(measure="expense.total"),
     "family[0](summary).column[0]"),
    (lambda d: d["family"][0]["column"][0].update(component="Bad Key"),
     "family[0](summary).column[0].component"),
])
def test_bad_declaration_names_its_key(edit, key):
    data = _data()
    edit(data)
    with pytest.raises(TableTermsError, match=key.replace("[", r"\[").replace("]", r"\]")
                       .replace("(", r"\(").replace(")", r"\)")):
        parse_terms(data, [f.name for f in load_table_layouts().families])


def test_every_column_declaration_of_a_family_names_a_component_its_family_reads():
    """A term column is a component the family's own aliases also produce (or a measure of a
    horizontal table): terms add wordings, never new measures."""
    layouts = load_table_layouts()
    for tf in load_table_terms().families:
        family = layouts.family(tf.name)
        known = {(c.component, c.measure) for c in family.columns}
        for col in tf.columns:
            assert (col.component, col.measure) in known, (tf.name, col)


@pytest.mark.parametrize("old, new, key", [
    ("max_residue = 2", "max_residue = -2", "max_residue"),
    ("max_residue = 2", 'max_residue = "2"', "max_residue"),
    ('name = "income"\n', 'name = "income"\ncolour = "red"\n', "colour"),
    ('[[family.column]]\ncomponent = "fiscal"\n', '[[family.column]]\ncomponent = "fiscal"\nshade = 1\n',
     "shade"),
    ('"收入" = ["收入"]', '"收入" = []', "收入"),
])
def test_an_error_names_the_file_line_and_key(old, new, key):
    """The rules kit's check names where the bad key is written (file, line, key), and a key no
    schema declares is refused."""
    text = TOML.read_text(encoding="utf-8")
    assert old in text, f"table_terms.toml no longer holds {old!r}"
    broken = text.replace(old, new, 1)
    with pytest.raises(TableTermsError) as err:
        parse_terms(tomllib.loads(broken), [f.name for f in load_table_layouts().families], broken)
    assert err.value.file == "table_terms.toml" and key in err.value.key
    assert str(err.value).startswith(f"table_terms.toml:{err.value.line}:")
    assert key in broken.splitlines()[err.value.line - 1]
