"""The units a document names, got or created in one pass (store/doc_units.py), on SQLite and
PostgreSQL: a document costs the writer the same statements however many budget units it names
(it cost about ten a unit before session 19); the rows are those of one unit at a time — ids in
the order own unit, then the others by printed name, each fact with its unit, the parent the
document's unit, one search entry a unit; a second document naming the same units only reads
them. Identity (store/units.assign_rows) joined for many new rows at once gives the canonical
rows of one row at a time, with a merge, a split and an older row that loses its place (and
hands its cross findings over). Real input: the Xi'an corpus file whose tables break figures
down by budget unit, its units renamed by the test."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

from sqlalchemy import event, insert, select

from budgetlens.model import Scope
from budgetlens.rules.units import identity_key
from budgetlens.store import FileRecord, open_store, prepare
from budgetlens.store.rows import name_key
from budgetlens.store.schema import Document, FactRow, Unit
from budgetlens.store.schema_cross import CrossFinding, UnitOverride
from budgetlens.store.schema_search import SearchEntry
from budgetlens.store.units import assign, assign_rows

from .conftest import corpus_files, pipeline_result

WHEN = datetime(2026, 12, 8, tzinfo=timezone.utc)


def _renamed(result, rename):
    """``result`` with each budget unit its facts are scoped to renamed: ``rename(scope)``."""
    d = result.disclosure

    def scope(s: str) -> str:
        sc = Scope.parse(s)
        return str(sc._replace(unit=rename(sc))) if sc.unit else s

    facts = tuple(f._replace(scope=scope(f.scope)) for f in d.facts)
    return replace(result, disclosure=replace(d, facts=facts))


def _write(store, result, sha: str) -> list[str]:
    """Store ``result``; the statements it took."""
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(" ".join(statement.split()))

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        store.write(FileRecord(f"{sha[:4]}.pdf", sha, 1, b"x"), result, extractor_version="v1",
                    run_id=None, read_at=WHEN)
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    return seen


def _xian():
    """The Xi'an file's Result, and the budget units it names other than its own."""
    result = pipeline_result(corpus_files()[2])
    rows = prepare(result)
    bare = {n: b for n, _, b in rows.unit_codes}
    own = name_key(result.disclosure.metadata.unit)
    names = [n for n in rows.unit_names if name_key(bare.get(n, n)) != own]
    assert len(names) >= 4, "the Xi'an file breaks its figures down by budget unit"
    return result, names


def test_statements_do_not_grow_with_the_units_a_document_names(db_url):
    result, names = _xian()
    few = _renamed(result, lambda sc: names[0] if sc.unit <= names[1] else names[-1])
    many = _renamed(result, lambda sc: f"{sc.unit}第{sc.table}分部")  # a unit per table too
    d = many.disclosure  # another department, so that its units are all new in the library
    many = replace(many, disclosure=replace(d, metadata=replace(d.metadata,
                                                                 unit=d.metadata.unit + "二")))
    assert len(prepare(few).unit_names) == 2 and len(prepare(many).unit_names) >= 20
    store = open_store(db_url)
    try:
        counts, stored = [], []
        for i, variant in enumerate((few, many)):
            statements = _write(store, variant, str(i) * 64)
            counts.append(len(statements))
            assert sum(s.startswith("INSERT INTO units") for s in statements) == 2
            rows = prepare(variant)
            bare = {n: b for n, _, b in rows.unit_codes}
            keys = {name_key(bare.get(n, n)) for n in rows.unit_names} | {
                name_key(rows.unit.name)}
            with store.engine.connect() as conn:
                units = conn.execute(select(Unit.name_key)).scalars().all()
            assert set(units) >= keys and len(units) == len(set(units))
            stored.append(len(keys))
    finally:
        store.close()
    # SQLite: the same statements for 3 units and for 20; PostgreSQL: plus the one read of each
    # unit row that settling its fields locks (FOR UPDATE, unit_fields.settle), by design
    locked = stored[1] - stored[0] if db_url.startswith("postgresql") else 0
    assert counts[1] - counts[0] == locked


def test_units_stored_as_one_at_a_time_would(db_url):
    result, names = _xian()
    # one name printed also with spaces in one table: the same key, two printings
    spaced = _renamed(result, lambda sc: " ".join(sc.unit) if sc.unit == names[-1]
                      and sc.table == 3 else sc.unit)
    store = open_store(db_url)
    try:
        _write(store, spaced, "a" * 64)
        with store.engine.connect() as conn:
            units = conn.execute(select(Unit.id, Unit.name, Unit.name_key, Unit.parent_id,
                                        Unit.level).order_by(Unit.id)).all()
            (doc_unit,) = conn.execute(select(Document.unit_id)).scalars().all()
            by_fact = dict(conn.execute(select(FactRow.scope, FactRow.unit_id)).all())
            entries = conn.execute(select(SearchEntry.ref).where(SearchEntry.kind == "unit")
                                   ).scalars().all()
        own = units[0]
        assert own.id == doc_unit and own.parent_id is None
        assert own.name == result.disclosure.metadata.unit
        rows = prepare(spaced)
        bare = {n: b for n, _, b in rows.unit_codes}
        expected = []  # the others in printed-name order, the first printing of a key
        for n in rows.unit_names:
            key = name_key(bare.get(n, n))
            if key != own.name_key and key not in expected:
                expected.append(key)
        assert [u.name_key for u in units[1:]] == expected
        assert all(u.parent_id == own.id and u.level == "unit" for u in units[1:])
        key_id = {u.name_key: u.id for u in units}
        for scope, uid in by_fact.items():
            unit = Scope.parse(scope).unit
            if unit:
                assert uid == key_id[name_key(bare.get(unit, unit))], scope
        assert sorted(entries, key=int) == [str(u.id) for u in units]
        # near miss: a second document naming the same units reads them, inserts none
        again = _write(store, spaced, "b" * 64)
        assert not [s for s in again if s.startswith(("INSERT INTO units", "UPDATE units"))]
        assert sum(s.startswith("INSERT INTO search_entries") for s in again) == 1  # its title
        with store.engine.connect() as conn:
            assert conn.execute(select(Unit.id).order_by(Unit.id)).scalars().all() == \
                [u.id for u in units]
    finally:
        store.close()


#: Rows stored before (id order), then rows new in one document: names of one district whose
#: identity keys join some (a unit, its （本级） and its name without the city), a merge decided
#: by a person and a split.
OLD = ("重庆市黔江区档案馆", "重庆市黔江区财政局（本级）")
NEW = ("重庆市黔江区财政局", "黔江区财政局", "重庆市黔江区档案局", "重庆市黔江区测绘中心",
       "重庆市黔江区测绘中心（本级）")
REGION = "500114"


def _identity_library(url: str, together: bool) -> list[tuple]:
    store = open_store(url)
    try:
        with store.engine.begin() as conn:
            conn.execute(insert(UnitOverride), [
                {"action": "merge", "name_key": name_key(NEW[2]), "region_code": REGION,
                 "target_name_key": name_key(OLD[0]), "target_region_code": REGION,
                 "note": "", "created_at": WHEN},
                {"action": "split", "name_key": name_key(NEW[-1]), "region_code": REGION,
                 "target_name_key": None, "target_region_code": None, "note": "",
                 "created_at": WHEN}])
            for name in OLD:  # stored before: identity keyed, canonical NULL (itself)
                conn.execute(insert(Unit).values(name=name, name_key=name_key(name),
                                                 region_code=REGION,
                                                 identity_key=identity_key(name, REGION)))
            doc = conn.execute(insert(Document).returning(Document.id).values(
                extractor_version="v1", source="x", status="ok", read_at=WHEN)).scalar_one()
            old_id = conn.execute(select(Unit.id).where(Unit.name == OLD[1])).scalar_one()
            conn.execute(insert(CrossFinding).values(
                document_id=doc, other_document_id=doc, unit_id=old_id, rule="r", category="c",
                severity="info", message="m", checked_at=WHEN))
            new = []
            for name in NEW:
                uid = conn.execute(insert(Unit).returning(Unit.id).values(
                    name=name, name_key=name_key(name), region_code=REGION)).scalar_one()
                new.append((uid, name, name_key(name), REGION))
            if together:
                assign_rows(conn, new, fresh=True)
            else:
                for uid, *_ in new:
                    assign(conn, uid)
            units = conn.execute(select(Unit.name, Unit.identity_key, Unit.canonical_id)
                                 .order_by(Unit.id)).all()
            names = dict(conn.execute(select(Unit.id, Unit.name)).all())
            handed = conn.execute(select(CrossFinding.unit_id)).scalars().all()
        return [(n, k, names.get(c)) for n, k, c in units] + [("cross", names[handed[0]])]
    finally:
        store.close()


def test_identity_of_many_new_rows_at_once_equals_one_at_a_time(db_url, tmp_path):
    together = _identity_library(db_url, together=True)
    alone = _identity_library("sqlite:///" + str(tmp_path / "alone.db"), together=False)
    assert together == alone
    canonical = {name: c for name, _, c in together[:-1]}
    # the （本级） row stood for its identity until a lesser key came: its finding moved
    assert canonical[OLD[1]] == canonical[NEW[1]] == canonical[NEW[0]] == NEW[0]
    assert together[-1] == ("cross", NEW[0])
    assert canonical[NEW[2]] == canonical[OLD[0]]  # the merge
    assert canonical[NEW[-1]] == NEW[-1] != canonical[NEW[-2]]  # near miss: the split
