"""The workspace sets 读取存疑 apart as the command line does: seed 004 with two rows out of line
ingested, its 问题台账 download has their findings on the 读取存疑 sheet (cause from the library,
migration 0006) and none of them on the ledger; the document page lists them in a section of
their own after the document's findings."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from ..extract.reading_variants import name_lost, variant


def test_the_ledger_download_keeps_unverified_readings_apart(tmp_path):
    from fastapi.testclient import TestClient
    from sqlalchemy import text

    from budgetlens.ingest import ingest
    from budgetlens.store import open_store
    from budgetlens.web import create_site

    shifted = variant(tmp_path, "name_lost", {"2080502": name_lost, "2080505": name_lost})
    store = open_store(str(tmp_path / "lib.db"))
    try:
        ingest(store, [str(shifted)])
        with store.engine.connect() as conn:
            (doc,) = conn.execute(text("SELECT id FROM documents")).scalars().all()
            stored = conn.execute(text("SELECT cause, count(*) FROM findings WHERE category = "
                                       "'unverified_reading' GROUP BY cause")).all()
            own = conn.execute(text("SELECT count(*) FROM findings WHERE category <> "
                                    "'unverified_reading'")).scalar_one()
        assert stored and stored[0][0] == "columns-shifted"
        with TestClient(create_site(store.engine)) as client:
            r = client.get(f"/documents/{doc}/review.xlsx")
            body = client.get(f"/documents/{doc}").text
        with store.engine.connect() as conn:
            doubted_ids = conn.execute(text("SELECT id FROM findings WHERE category = "
                                            "'unverified_reading'")).scalars().all()
    finally:
        store.close()
    assert r.status_code == 200
    # the document page lists them apart too, after the document's own findings
    apart = body[body.index('id="findings-doubted"'):]
    own_part = body[body.index('id="finding-groups"'):body.index('id="findings-doubted"')]
    for fid in doubted_ids:
        assert f'id="finding-{fid}"' in apart and f'id="finding-{fid}"' not in own_part
    wb = load_workbook(io.BytesIO(r.content))
    doubt, detail = wb["读取存疑"], wb["检查明细"]
    causes = [row[3] for row in doubt.iter_rows(min_row=2, values_only=True)]
    assert causes == ["columns-shifted"] * stored[0][1]
    assert detail.max_row - 1 == own
    # the review columns follow on the 读取存疑 sheet too (status of each finding)
    assert doubt.cell(1, doubt.max_column - 4).value == "复核状态"
