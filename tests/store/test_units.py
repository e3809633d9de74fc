"""Unit identity across documents (store/units.py) on SQLite and PostgreSQL, over disclosures the
test writes: a unit and its （本级） are one identity by rules/units.toml, a unit of the same name in
another district is not; a person's merge joins two identities and a split takes a unit out, and
both are kept by name and region, so a unit stored after the decision follows it. Near misses: an
unknown name is refused with a message; a split unit no longer joins its own name's group."""

from __future__ import annotations

import pytest

from budgetlens.ingest import ingest
from budgetlens.store import StoreError
from budgetlens.store.units import find_unit, identities, merge, resolve_all, split

from .cross_library import UNIT, cross_library

ARCHIVE = "重庆市黔江区档案馆"
OTHER_DISTRICT = "重庆市开州区测绘服务中心"


def _groups(engine) -> set[frozenset]:
    return {frozenset(g["names"]) for g in identities(engine)}


def test_a_unit_and_its_own_level_are_one_identity_and_other_districts_are_not(db_url, tmp_path):
    store, _, _ = cross_library(db_url, tmp_path)
    try:
        groups = _groups(store.engine)
        assert frozenset({UNIT, f"{UNIT}（本级）"}) in groups
        assert frozenset({OTHER_DISTRICT}) in groups and frozenset({ARCHIVE}) in groups
        (own,) = [g for g in identities(store.engine) if UNIT in g["names"]]
        assert own["region_code"] == "500114" and len(own["documents"]) == 3
        assert resolve_all(store.engine) == 0  # nothing to set right: assigned when stored
        with store.engine.connect() as conn:
            ref = find_unit(conn, UNIT)
            assert ref.name == UNIT and find_unit(conn, str(ref.id)) == ref
            with pytest.raises(StoreError) as err:
                find_unit(conn, "重庆市黔江区不存在的单位")
            assert err.value.code == "unit-not-found" and "没有找到单位" in err.value.text("zh")
    finally:
        store.close()


def test_a_merge_and_a_split_hold_for_units_stored_later(db_url, tmp_path):
    store, paths, _ = cross_library(db_url, tmp_path)
    try:
        engine = store.engine
        a, b = merge(engine, ARCHIVE, UNIT, note="同一单位更名")
        assert a.canonical_id == b.canonical_id
        assert frozenset({UNIT, f"{UNIT}（本级）", ARCHIVE}) in _groups(engine)
        alone = split(engine, f"{UNIT}（本级）", note="本级单列")
        assert alone.canonical_id == alone.id
        assert frozenset({f"{UNIT}（本级）"}) in _groups(engine)
        assert frozenset({UNIT, ARCHIVE}) in _groups(engine)  # the merge stays
        # a later year of the archive, stored after the decisions, joins the merged identity
        later = tmp_path / "archive_2024.txt"
        later.write_text(paths["other_unit.txt"].read_text("utf-8").replace("2023", "2024")
                         .replace("2022", "2023"), encoding="utf-8")
        assert ingest(store, [str(later)]).stored == 1
        (merged,) = [g for g in identities(engine) if ARCHIVE in g["names"]]
        assert UNIT in merged["names"]
        assert {(d["kind"], d["year"]) for d in merged["documents"]} >= {("budget", 2024)}
    finally:
        store.close()
