"""Search by name (store/search.py, migration 0004) on SQLite (FTS5 trigram) and PostgreSQL
(pg_trgm): units, document titles and classification items found by any part of their Chinese
names, two-character queries included (no trigram: the LIKE path), ranked and paginated; a
superseded document leaves the results; a library written before 0004 is indexed when opened.

Expected results come from the library's own rows and the rules' own names, never from a list
copied from the output."""

from __future__ import annotations

import sys

import pytest
from alembic.config import main as alembic_main
from sqlalchemy import text

from budgetlens.rules.reference import load_reference
from budgetlens.store import FileRecord, open_store, query
from budgetlens.store.migrate import MIGRATIONS
from budgetlens.store.search import document_title, item_entries, normalise_query, search

from .conftest import pipeline_result, seed_files


@pytest.fixture
def seeded(db_url):
    from budgetlens.ingest import ingest

    store = open_store(db_url)
    assert ingest(store, seed_files()).counts()["failed"] == 0
    yield store
    store.close()


def _found(store, q: str, **kw) -> list[tuple[str, str]]:
    page = search(store.engine, q, limit=1000, **kw)
    return [(r["kind"], r["ref"]) for r in page.rows]


def test_every_unit_is_found_by_three_and_two_characters_of_its_name(seeded):
    with seeded.engine.connect() as conn:
        units = conn.execute(text("SELECT id, name FROM units")).all()
    assert units
    for unit_id, name in units:
        key = normalise_query(name)
        for q in (key[-3:], key[1:3], key):  # trigram path, LIKE path, the whole name
            assert ("unit", str(unit_id)) in _found(seeded, q), (name, q)
        exact = search(seeded.engine, name, kinds=("unit",), limit=1).rows[0]
        assert exact["ref"] == str(unit_id), name  # the whole name ranks first


def test_documents_are_found_by_their_title(seeded):
    with seeded.engine.connect() as conn:
        docs = conn.execute(text("SELECT id, unit_name, year, level, kind FROM documents "
                                 "WHERE status = 'ok'")).all()
    assert docs
    for doc_id, unit, year, level, kind in docs:
        title = document_title(unit, year, level, kind)
        assert str(year) in title and unit in title
        assert ("document", str(doc_id)) in _found(seeded, title, kinds=("document",))
        assert ("document", str(doc_id)) in _found(seeded, f"{year}年", kinds=("document",))


def test_items_are_found_by_every_name_and_alias_the_rules_give(seeded):
    entries = item_entries()
    assert len({e["ref"] for e in entries}) > 200
    for e in entries[::7]:  # a spread of codes: 类, 款, 项, economic
        assert ("item", e["ref"]) in _found(seeded, e["name"], kinds=("item",)), e
    for alias in load_reference().aliases:  # former and variant names: 医疗卫生与计划生育支出 → 210
        assert ("item", alias.code) in _found(seeded, alias.name, kinds=("item",)), alias
    lei = [e for e in entries if len(e["ref"]) == 3 and e["scheme"] == "function"]
    for e in lei:
        assert ("item", e["ref"]) in _found(seeded, e["name"][:2], kinds=("item",)), e


def test_a_code_finds_its_item_first_and_then_the_items_under_it(seeded):
    rows = search(seeded.engine, "208", limit=1000).rows
    assert rows[0]["kind"] == "item" and rows[0]["ref"] == "208"
    assert "社会保障" in rows[0]["label"] and rows[0]["api"] == "/api/facts?code=208"
    assert all(r["ref"].startswith("208") for r in rows) and len(rows) > 5


def test_ranking_and_pages(seeded):
    q = "支出"  # in most item names: a long list
    whole = search(seeded.engine, q, limit=1000).rows
    assert len(whole) > 50
    ranks = [(r["name"] != q, not r["name"].startswith(q)) for r in whole]
    assert ranks == sorted(ranks)  # whole-name and prefix matches first
    pages = [search(seeded.engine, q, limit=7, offset=o) for o in range(0, 35, 7)]
    assert all(p.total == len(whole) for p in pages)
    assert [r for p in pages for r in p.rows] == whole[:35]
    assert search(seeded.engine, "   ").total == 0
    assert search(seeded.engine, "没有这样的名字的单位XYZ").total == 0


def test_query_characters_that_mean_something_to_sql_are_text(seeded):
    for q in ('"', "%", "_", "a'b", 'x"y"z', "NEAR(", "*"):
        search(seeded.engine, q)  # no error: FTS5 syntax and LIKE wildcards are quoted
    assert search(seeded.engine, "%%%").total == 0


def test_a_superseded_document_leaves_the_results(db_url):
    store = open_store(db_url)
    try:
        path = seed_files()[0]
        result = pipeline_result(path)
        content = open(path, "rb").read()
        file = FileRecord(path, "ab" * 32, len(content), content)
        for version in ("v1", "v2"):
            store.write(file, result, extractor_version=version, run_id=None, read_at=query.now())
        title = document_title(result.disclosure.metadata.unit, result.disclosure.metadata.year,
                               result.disclosure.metadata.level, result.disclosure.metadata.kind)
        with store.engine.connect() as conn:
            current = conn.execute(text("SELECT id FROM documents WHERE superseded_by IS NULL"
                                        )).scalar_one()
        assert _found(store, title, kinds=("document",)) == [("document", str(current))]
    finally:
        store.close()


def test_a_library_written_before_0004_is_indexed_when_opened(db_url, monkeypatch):
    from budgetlens.ingest import ingest

    store = open_store(db_url)
    ingest(store, seed_files()[:2])
    store.close()
    monkeypatch.setattr(sys, "argv", ["alembic"])
    alembic_main(["-c", str(MIGRATIONS / "alembic.ini"), "-x", f"db={db_url}",
                  "downgrade", "0002"])
    store = open_store(db_url)  # migrates to head: entries for what was stored, items synced
    try:
        with store.engine.connect() as conn:
            units = conn.execute(text("SELECT id, name FROM units")).all()
            docs = conn.execute(text("SELECT count(*) FROM documents WHERE status = 'ok'"
                                     )).scalar_one()
        assert units and docs == 2
        for unit_id, name in units:
            assert ("unit", str(unit_id)) in _found(store, name)
        assert len(_found(store, "年", kinds=("document",))) == docs
        assert ("item", "208") in _found(store, "社会保障")
    finally:
        store.close()
