"""Loading the reference classification tables (rules/reference/data.py): every shipped file
year-versioned and equal to the shared domain copy, each CSV checked by its declared schema (a
bad row named by file, line and field), the mined corpus dictionary with provenance."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from budgetlens.rules import reference as ref
from budgetlens.rules.reference import data as refdata

SHARED_REFERENCE = Path(__file__).resolve().parents[3] / ".." / "shared" / "domain" / "reference"


def test_every_shipped_file_loads_and_is_year_versioned():
    data = ref.load_reference()
    assert 2024 in data.function["func_lei"]
    assert 2024 in data.function["func_observed"]
    assert {"dept", "gov"} <= set(data.economic)
    assert len(data.function["func_lei"][2024]) >= 29


def test_package_copies_match_the_shared_domain_files():
    if not SHARED_REFERENCE.is_dir():
        pytest.skip("shared reference folder missing")
    for src in SHARED_REFERENCE.glob("*.csv"):
        shipped = resources.files(ref).joinpath(src.name)
        assert shipped.is_file(), src.name
        assert shipped.read_text(encoding="utf-8") == src.read_text(encoding="utf-8")


def test_bad_row_names_file_line_and_field(tmp_path):
    rows = "code,level,name,observed_in\n201,类,一般公共服务支出,x\n20x1,款,坏,x\n"
    with pytest.raises(ref.ReferenceDataError, match=r"f\.csv:3: field 'code'"):
        [refdata._to_entry("f.csv", line, row, "t", 2024) for line, row in refdata._read_rows("f.csv", refdata.OBSERVED, rows)]
    rows = "code,level,name,observed_in\n20101,类,错,x\n"
    with pytest.raises(ref.ReferenceDataError, match="level"):
        [refdata._to_entry("f.csv", line, row, "t", 2024) for line, row in refdata._read_rows("f.csv", refdata.OBSERVED, rows)]


def test_mined_corpus_dictionary_has_provenance():
    data = ref.load_reference()
    if not data.observed:
        pytest.skip("func_observed_corpus.csv not generated yet (scripts/mine_codes.py)")
    entries = [e for group in data.observed.values() for e in group]
    assert len(entries) > 100
    for e in entries:
        assert ref.is_valid_function_code_structure(e.code), e
        assert e.source, e
    mined = [e for e in entries if e.count > 0]
    assert mined and all(":" in e.source for e in mined)
    # a code observed in real tables is known, with its printed name
    assert ref.code_status("2010301", "行政运行", 2024) == "known"


@pytest.mark.parametrize("schema, text, line, key", [
    ("REGIONS", "code,name,level,parent,aliases,short,colour\n140000,山西省,province,,,山西,red\n",
     1, "colour"),
    ("HISTORY", "code,level,name,valid_from,valid_to,kind,source,notes\n"
                "210,类,医疗卫生与计划生育支出,,2018,former,compiled,\n"
                "207,类,文化体育与传媒支出,,2018,renamed,compiled,\n", 3, "kind"),
    ("RESERVED", "suffix,name,match,confidence,notes\n01,行政运行,exact,V,\n99,其他,like,V,\n",
     3, "match"),
    ("CROSSWALK", "dept_code,dept_name,gov_name,verified_by,notes\n30101,基本工资,工资,PG,\n",
     1, "gov_code_admin_unit"),
])
def test_every_reference_file_is_checked_by_its_declared_schema(schema, text, line, key):
    """Each reference CSV has a declared schema of the rules kit: an unknown column, a missing
    one and a value outside the allowed ones are refused, naming file, line and column."""
    with pytest.raises(refdata.ReferenceDataError) as err:
        refdata._read_rows("f.csv", getattr(refdata, schema), text)
    assert (err.value.file, err.value.line, err.value.key) == ("f.csv", line, key)
    assert str(err.value).startswith(f"f.csv:{line}:")
