"""Files that are not disclosures — a folder's manifest.csv (budget words, no budget content), a
text without budget vocabulary — are recorded as skipped with their reason, not stored as ``ok``
documents with no facts and not counted as failures; a repeated ingest skips them and exits as
the first did. SQLite and PostgreSQL."""

from __future__ import annotations

import shutil

import pytest

from sqlalchemy import select
from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.store import open_store
from budgetlens.store.rows import to_unit_names
from budgetlens.store.schema import Document, FactRow, Unit

from ..conftest import CORPUS
from ..store.conftest import pipeline_result, seed_files

runner = CliRunner()
NEWS = ("今天上午，市图书馆举办了少儿阅读节开幕式。活动持续两周，\n"
        "包括绘本故事会、手工课和亲子朗读比赛，欢迎市民带孩子参加。\n")


def test_off_topic_files_are_skipped_with_a_reason(db_url, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    seed = folder / "seed.txt"
    shutil.copy(seed_files()[0], seed)
    manifest = CORPUS / "manifest.csv"
    if not manifest.exists():
        pytest.skip("../shared/corpus/manifest.csv not available")
    shutil.copy(manifest, folder / "manifest.csv")
    (folder / "news.txt").write_text(NEWS, encoding="utf-8")
    args = ["ingest", str(folder), "--db", db_url, "--no-progress", "--fail-on", "never",
            "--lang", "en"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output  # skipped, not failed
    assert "1 stored, 2 already there, 0 failed" in first.stdout
    assert "manifest.csv" in first.stderr and "[not-a-disclosure]" in first.stderr
    store = open_store(db_url)
    try:
        with store.engine.connect() as conn:
            docs = {r.source: r for r in conn.execute(select(Document))}
            facts = conn.execute(select(FactRow.document_id).distinct()).scalars().all()
            units = conn.execute(select(Unit.name)).scalars().all()
    finally:
        store.close()
    assert docs[str(seed)].status == "ok"
    for name in ("manifest.csv", "news.txt"):
        row = docs[str(folder / name)]
        assert (row.status, row.error_code) == ("skipped", "not-a-disclosure"), name
        assert row.reason and "\n" not in row.reason and row.n_facts == 0
        assert row.id not in facts
    own, others = to_unit_names(pipeline_result(seed_files()[0]))
    assert sorted(units) == sorted({own.name, *others})  # off-topic files made no unit
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "0 stored, 3 already there, 0 failed" in again.stdout
