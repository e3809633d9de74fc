"""``budgetlens export --fdp`` in-process on a library of the seeds: facts and sums written as
valid Fiscal Data Packages (tests/store/fdp_check.py) equal to the store's own answers; an
unusable database or output path is exit code 2 with one line."""

from __future__ import annotations

from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.store import open_store
from budgetlens.store.browse import Filters, aggregate, list_facts

from ..store.conftest import seed_files
from ..store.fdp_check import check_package

runner = CliRunner()


def test_export_facts_and_sums(tmp_path):
    db = str(tmp_path / "library.db")
    ingest = runner.invoke(app, ["ingest", *seed_files(), "--db", db, "--no-progress",
                                 "--fail-on", "never"])
    assert ingest.exit_code == 0, ingest.output
    out = tmp_path / "facts.zip"
    done = runner.invoke(app, ["export", "--fdp", str(out), "--db", db, "--code", "208"])
    assert done.exit_code == 0, done.output
    assert str(out) in done.stdout
    descriptor, rows = check_package(out.read_bytes())
    store = open_store(db)
    try:
        listed = list_facts(store.engine, Filters(code="208", value_kind="money"), 10_000, 0)
        cells = aggregate(store.engine, Filters(measure="expense.total", basis="current",
                                                scope="document", value_kind="money"),
                          ("year",), {})
    finally:
        store.close()
    assert [r["fact_id"] for r in rows["facts"]] == [r["id"] for r in listed.rows]
    assert descriptor["budgetlens"]["selection"] == {"code": "208"} and rows["facts"]
    english = tmp_path / "facts_en.zip"  # --lang en: the labels in English (208's name has it)
    done = runner.invoke(app, ["export", "--fdp", str(english), "--db", db, "--code", "208",
                               "--lang", "en"])
    assert done.exit_code == 0, done.output
    en_rows = check_package(english.read_bytes())[1]["facts"]
    assert [r["fact_id"] for r in en_rows] == [r["fact_id"] for r in rows["facts"]]
    from budgetlens.rules.reference.english import code_name, name_en

    for r in en_rows:
        assert r["function_level1_label"] == code_name("208", r["fiscal_year"], "en")
        assert name_en("function", "208", code_name("208", r["fiscal_year"], "zh"))
    sums = tmp_path / "sums.zip"
    done = runner.invoke(app, ["export", "--fdp", str(sums), "--db", db, "--measure",
                               "expense.total", "--basis", "current", "--drilldown", "year"])
    assert done.exit_code == 0, done.output
    _, rows = check_package(sums.read_bytes())
    assert [(r["year"], r["sum"]) for r in rows["aggregate"]] == [(c["year"], c["sum"])
                                                                  for c in cells]
    bad = runner.invoke(app, ["export", "--fdp", str(tmp_path / "no" / "x.zip"), "--db", db])
    assert bad.exit_code == 2 and "x.zip" in bad.output
    gone = runner.invoke(app, ["export", "--fdp", str(out), "--db", str(tmp_path / "no" / "l.db")])
    assert gone.exit_code == 2
