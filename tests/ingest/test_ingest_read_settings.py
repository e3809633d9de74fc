"""ingest and reprocess (ingest/__init__.py) with read settings, on a real SQLite library: a file
stored under other settings is not "the same" — read again and stored alongside — while the same
settings again are skipped, and reprocess with settings reads the kept files again."""

from __future__ import annotations


import pytest
from sqlalchemy import func, select

from budgetlens.ingest import ingest, reprocess
from budgetlens.ingest.version import read_tagged
from budgetlens.read.settings import ReadSettings
from budgetlens.store import open_store, query
from budgetlens.store.schema import DiagnosticRow, Document, FactRow
from budgetlens.store.schema_search import SearchEntry

from ..store.conftest import seed_files

#: A setting that changes what a seed gives: no tab table of fewer than 500 lines.
FEW_TABLES = {"text.min_tab_rows": "500"}


def _seed() -> list[str]:
    """The seed with the most tab tables (16): the setting above leaves it none."""
    return [f for f in seed_files() if f.endswith("004_bbafd2926cdcba81.txt")] or \
        pytest.skip("seed 004 not available")


@pytest.fixture
def store(tmp_path):
    s = open_store(str(tmp_path / "lib.db"))
    yield s
    s.close()


def _documents(store) -> list[tuple[str, bool, int]]:
    """(version, current, facts) of every stored document, oldest first."""
    with store.engine.connect() as conn:
        docs = conn.execute(select(Document.id, Document.extractor_version,
                                   Document.superseded_by).order_by(Document.id)).all()
        facts = dict(conn.execute(select(FactRow.document_id, func.count())
                                  .group_by(FactRow.document_id)).all())
    return [(d.extractor_version, d.superseded_by is None, facts.get(d.id, 0)) for d in docs]


def test_a_file_stored_under_other_settings_is_read_again_and_stored_alongside(store):
    seed = _seed()
    first = ingest(store, seed, version="v1")
    assert (first.stored, first.skipped) == (1, 0)
    other = ReadSettings().override(FEW_TABLES)
    second = ingest(store, seed, version="v1", read=other)
    assert (second.stored, second.skipped) == (1, 0), "other settings: not the same document"
    (old, old_current, old_facts), (new, new_current, new_facts) = _documents(store)
    assert (old, old_current) == ("v1", False)
    assert new == read_tagged("v1", other) and new_current
    assert new_facts < old_facts, "the setting changed what was read"
    with store.engine.connect() as conn:
        noted = conn.execute(select(DiagnosticRow.message_en).where(
            DiagnosticRow.code == "read-settings")).scalars().all()
    assert noted == ["read with non-default settings: text.min_tab_rows=500"]


def test_the_same_settings_again_are_skipped(store):
    seed = _seed()
    other = ReadSettings().override(FEW_TABLES)
    ingest(store, seed, version="v1", read=other)
    again = ingest(store, seed, version="v1", read=ReadSettings().override(FEW_TABLES))
    assert (again.stored, again.skipped) == (0, 1)
    plain = ingest(store, seed, version="v1", read=other)
    assert (plain.stored, plain.skipped) == (0, 1)
    assert len(_documents(store)) == 1


def test_reprocess_with_settings_reads_the_kept_files_again(store):
    seed = _seed()
    ingest(store, seed, version="v1")
    nothing = reprocess(store, version="v1")
    assert nothing.stored == 0  # near miss: the defaults again, nothing is stale
    tally = reprocess(store, version="v1", read=ReadSettings().override(FEW_TABLES))
    assert tally.stored == 1
    assert [v for v, current, _ in _documents(store) if current] == [
        read_tagged("v1", ReadSettings().override(FEW_TABLES))]


@pytest.fixture
def library(db_url):
    """The library on SQLite and, when a server is named, PostgreSQL."""
    s = open_store(db_url)
    yield s
    s.close()


def _current(store) -> list[tuple[int, str, int]]:
    """(id, version, facts) of the current documents."""
    with store.engine.connect() as conn:
        docs = conn.execute(select(Document.id, Document.extractor_version).where(
            Document.superseded_by.is_(None)).order_by(Document.id)).all()
        facts = dict(conn.execute(select(FactRow.document_id, func.count())
                                  .group_by(FactRow.document_id)).all())
    return [(d.id, d.extractor_version, facts.get(d.id, 0)) for d in docs]


def _found(store, document_id: int) -> bool:
    """Whether the search index lists ``document_id`` (a current document is findable)."""
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(SearchEntry).where(
            SearchEntry.kind == "document", SearchEntry.document_id == document_id)).scalar_one() > 0


def test_a_plain_reprocess_makes_the_stored_default_reading_current_again(library):
    """After an ingest with changed settings, ``reprocess`` with the defaults does not read the
    file again (its default document is stored): that document becomes current, the other
    reading is superseded by it, the search finds it, and nothing is stale any more."""
    seed = _seed()
    ingest(library, seed, version="v1")
    ((default_id, _, default_facts),) = _current(library)
    other = ReadSettings().override(FEW_TABLES)
    ingest(library, seed, version="v1", read=other)
    ((other_id, tagged, _),) = _current(library)
    assert tagged == read_tagged("v1", other) and query.count_stale(library.engine, "v1") == 1
    back = reprocess(library, version="v1")
    assert (back.stored, back.restored, back.skipped, back.failed) == (0, 1, 1, 0)
    assert [f.state for f in back.files] == ["restored"]
    assert _current(library) == [(default_id, "v1", default_facts)], "the same row, not a re-read"
    assert _found(library, default_id) and not _found(library, other_id)
    assert query.count_stale(library.engine, "v1") == 0
    again = reprocess(library, version="v1")  # near miss: nothing left to restore or read
    assert (again.stored, again.restored, again.total) == (0, 0, 0)
    assert len(_documents(library)) == 2, "the other reading stays, superseded"


def test_reprocess_back_to_settings_whose_reading_was_never_stored_reads_the_file(library):
    """The near miss: when the library holds no reading under the asked settings, reprocess
    reads the kept file (stored, not restored)."""
    seed = _seed()
    ingest(library, seed, version="v1", read=ReadSettings().override(FEW_TABLES))
    tally = reprocess(library, version="v1")
    assert (tally.stored, tally.restored) == (1, 0)
    assert [v for _, v, _ in _current(library)] == ["v1"]


def test_an_ingest_with_the_defaults_restores_the_default_reading(library):
    """ingest of a file whose default reading is stored but superseded by another reading
    makes it current again (restored, not read); with the current reading already current
    it is a plain skip."""
    seed = _seed()
    ingest(library, seed, version="v1")
    ingest(library, seed, version="v1", read=ReadSettings().override(FEW_TABLES))
    tally = ingest(library, seed, version="v1")
    assert (tally.stored, tally.skipped, tally.restored) == (0, 1, 1)
    assert [v for _, v, _ in _current(library)] == ["v1"]
    plain = ingest(library, seed, version="v1")
    assert (plain.skipped, plain.restored) == (1, 0)
    assert [f.state for f in plain.files] == ["skipped"]


def test_the_listing_says_which_reading_is_current_and_under_which_settings(library):
    seed = _seed()
    ingest(library, seed, version="v1")
    assert query.readings(library.engine) == [{"version": "v1", "settings": "", "documents": 1}]
    other = ReadSettings().override(FEW_TABLES)
    ingest(library, seed, version="v1", read=other)
    assert query.readings(library.engine) == [
        {"version": read_tagged("v1", other), "settings": "text.min_tab_rows=500", "documents": 1}]
    reprocess(library, version="v1")
    assert query.readings(library.engine) == [{"version": "v1", "settings": "", "documents": 1}]
