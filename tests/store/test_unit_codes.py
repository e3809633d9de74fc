"""A budget unit printed with its code glued to its name (125001西安市安全生产监督管理局) is the unit
of that name, and the code is kept on it (rules/units.toml ``code_digits``; store/prepared.py,
store/write.py, store/unit_fields.py). Before session 17 such a row made a unit of its own beside
the one printed without the code: 西安's file of budget units held 8 rows for 4 units.

Real: that 西安 file, ingested into SQLite and (with ``BUDGETLENS_TEST_PG``) PostgreSQL.
Synthetic: the same Result with its budget units renamed, one per pattern — a code of full-width
digits and a space before the name (split), a name not starting with the region that the same
document prints without the code (split), and the near misses 12345热线服务中心 (digits that are
part of the name: what follows is no region and is printed nowhere alone) and a code too short
(2 digits) — which keep their digits and stay units of their own. And a code with no other
evidence than its family (rules/units.toml ``code_peers``, ``code_family``): a unit whose name
neither starts with the region nor is printed alone, numbered in the run of codes the same
document confirmed (125002 beside 125001, 125003, 125004), is split; near misses in the same
document keep their digits: another family's code (305002) and a code of another length."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime, timezone

from sqlalchemy import select, update

from budgetlens.model import Scope
from budgetlens.rules.units import split_code
from budgetlens.store import open_store
from budgetlens.store.browse import Filters, list_units
from budgetlens.store.rows import FileRecord
from budgetlens.store.schema import Document, FactRow, Unit
from budgetlens.store.unit_fields import recompute_all
from budgetlens.store.write import write_result

from .conftest import CORPUS, pipeline_result

XIAN = CORPUS / "pdf" / "shaanxi_xian_ajj_2019_yusuan_tables.pdf"
DEPT = "西安市安全生产监督管理局"
WHEN = datetime(2026, 12, 7, tzinfo=timezone.utc)


def _result():
    import pytest

    if not XIAN.exists():
        pytest.skip("../shared corpus not available")
    return pipeline_result(str(XIAN))


def _store(url: str, result, label: str) -> None:
    store = open_store(url)
    try:
        digest = hashlib.sha256(XIAN.read_bytes() + label.encode()).hexdigest()
        write_result(store.engine, FileRecord(f"{XIAN}#{label}", digest, 1, b"x"), result,
                     extractor_version="v1", run_id=None, read_at=WHEN)
    finally:
        store.close()


def _units(url: str) -> dict[str, tuple]:
    store = open_store(url)
    try:
        with store.engine.connect() as conn:
            parents = dict(conn.execute(select(Unit.id, Unit.name)).all())
            return {u.name: (u.code, parents.get(u.parent_id), u.level)
                    for u in conn.execute(select(Unit))}
    finally:
        store.close()


def _renamed(result, names: dict[str, str]):
    """The Result with the budget units of its facts' scopes renamed (``names``: old → new)."""
    d = result.disclosure
    facts = []
    for f in d.facts:
        s = Scope.parse(f.scope)
        facts.append(f._replace(scope=str(s._replace(unit=names[s.unit]))) if s.unit in names
                     else f)
    return replace(result, disclosure=replace(d, facts=tuple(facts)))


def test_xian_units_printed_with_codes_are_one_unit_each(db_url):
    result = _result()
    printed = {Scope.parse(f.scope).unit for f in result.disclosure.facts} - {""}
    assert "125002西安市安全生产宣传教育中心" in printed and "西安市安全生产宣传教育中心" in printed
    _store(db_url, result, "real")
    units = _units(db_url)
    assert units == {
        DEPT: ("125001", None, "department"),
        "西安市安全生产宣传教育中心": ("125002", DEPT, "unit"),
        "西安市安全生产执法监察支队": ("125003", DEPT, "unit"),
        "西安市安全生产应急救援中心": ("125004", DEPT, "unit")}
    store = open_store(db_url)
    try:
        with store.engine.connect() as conn:
            ids = dict(conn.execute(select(Unit.name, Unit.id)).all())
            scoped = conn.execute(select(FactRow.scope, FactRow.unit_id)
                                  .where(FactRow.scope.like("%:unit:%"))).all()
            doc_unit = conn.execute(select(Document.unit_id)).scalar_one()
    finally:
        store.close()
    assert doc_unit == ids[DEPT]
    store = open_store(db_url)
    try:  # the API's unit list shows the code
        page = list_units(store.engine, Filters(unit="宣传教育"), 10, 0)
    finally:
        store.close()
    assert [(r["name"], r["code"]) for r in page.rows] == [("西安市安全生产宣传教育中心", "125002")]
    for scope, unit_id in scoped:  # every fact keeps its scope as printed, under the one unit
        name = Scope.parse(scope).unit
        assert unit_id == ids[split_code(name, "610100")[1]]


def test_variants_split_where_the_rest_is_a_name_and_near_misses_keep_their_digits(db_url):
    variant = _renamed(_result(), {
        "125003西安市安全生产执法监察支队": "９８７６５４３２１ 西安市安全生产执法监察支队",
        "125004西安市安全生产应急救援中心": "125004应急救援中心",
        "西安市安全生产应急救援中心": "应急救援中心",
        "125002西安市安全生产宣传教育中心": "12345热线服务中心",
        "西安市安全生产宣传教育中心": "热线服务中心站",
        "125001西安市安全生产监督管理局": "12西安市安全生产监督管理局"})
    _store(db_url, variant, "variant")
    units = _units(db_url)
    assert units["西安市安全生产执法监察支队"][0] == "987654321"  # NFKC digits, space dropped
    assert units["应急救援中心"][0] == "125004"  # the same document prints the name alone
    assert units["12345热线服务中心"] == (None, DEPT, "unit")  # near miss: part of the name
    assert units["12西安市安全生产监督管理局"] == (None, DEPT, "unit")  # near miss: 2 digits
    assert units[DEPT][0] is None
    assert {n for n in units if n[:1].isdigit()} == {"12345热线服务中心",
                                                      "12西安市安全生产监督管理局"}


def test_a_code_of_the_document_s_confirmed_family_is_split_without_other_evidence(db_url):
    variant = _renamed(_result(), {
        "125002西安市安全生产宣传教育中心": "125002中国安全生产宣传教育中心",
        "西安市安全生产宣传教育中心": "安全生产宣传教育中心站",
        "西安市安全生产执法监察支队": "305002中国企业管理培训中心",
        "西安市安全生产应急救援中心": "1250041应急救援中心"})
    _store(db_url, variant, "family")
    units = _units(db_url)
    assert units["中国安全生产宣传教育中心"] == ("125002", DEPT, "unit")  # 125 of 125001, 003, 004
    assert "125002中国安全生产宣传教育中心" not in units
    assert units["305002中国企业管理培训中心"][0] is None  # near miss: another family's digits
    assert units["1250041应急救援中心"][0] is None  # near miss: 7 digits, the family has 6
    assert units["西安市安全生产执法监察支队"][0] == "125003"


def test_split_code_reads_only_codes():
    assert split_code("125001西安市安全生产监督管理局", "610100") == ("125001", DEPT)
    assert split_code("12345热线服务中心", "610100") == (None, "12345热线服务中心")
    assert split_code("12345热线服务中心", "610100", frozenset({"热线服务中心"})) == \
        ("12345", "热线服务中心")
    assert split_code("125001西安市安全生产监督管理局", "") == \
        (None, "125001西安市安全生产监督管理局")  # no region known, not printed alone
    assert split_code("1234567890123西安市财政局", "610100")[0] is None  # 13 digits: too many


def test_recompute_fills_the_codes_of_a_library_stored_without_them(db_url):
    _store(db_url, _result(), "real")
    store = open_store(db_url)
    try:
        with store.engine.begin() as conn:
            conn.execute(update(Unit).values(code=None))
        changed, _ = recompute_all(store.engine)
        again, _ = recompute_all(store.engine)
    finally:
        store.close()
    assert (changed, again) == (4, 0)
    assert {n: c for n, (c, _, _) in _units(db_url).items()} == {
        DEPT: "125001", "西安市安全生产宣传教育中心": "125002",
        "西安市安全生产执法监察支队": "125003", "西安市安全生产应急救援中心": "125004"}
