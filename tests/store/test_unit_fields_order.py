"""What the library holds is a function of the files stored, not of the order they arrived in
(issue #9, session 16). Each derived field of a unit row is the least of its documents' evidence
under a fixed order (store/unit_fields.py), the canonical row of an identity the least natural
key (store/units.py), and copies of one content are stored under their least name
(ingest/inputs.least_name_first). Every test stores the same files in two orders — one library a
SQLite file, the other the ``db_url`` database (SQLite, and PostgreSQL with
``BUDGETLENS_TEST_PG``) — and compares every row of every table, ids replaced by the natural keys
they point at (scripts/library_compare.py's dump)."""

from __future__ import annotations

import shutil
import sys
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import select, update

from budgetlens.crosscheck import crosscheck
from budgetlens.ingest import ingest, make_executor
from budgetlens.ingest.inputs import Job, least_name_first
from budgetlens.store import open_store
from budgetlens.store.rows import FileRecord
from budgetlens.store.schema import Unit
from budgetlens.store.unit_fields import recompute_all

from .conftest import CORPUS, SEEDS, pipeline_result, seed_files

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from library_compare import dump  # noqa: E402

#: A department's budget and its own 本级 unit's (the same printed name: 部门 in one document,
#: 单位 in the other), twice, and a file whose tables break figures down by budget unit.
PAIRS = ("shanghai_putuo_qfb_2025_yusuan.pdf", "shanghai_putuo_qfb_2025_yusuan_danwei.pdf",
         "shanghai_putuo_swwyh_2025_yusuan.pdf", "shanghai_putuo_swwyh_2025_yusuan_danwei.pdf",
         "shaanxi_xian_ajj_2019_yusuan_tables.pdf")
SEED = "000_594fbc126104c74b.txt"  # 重庆市开州区政务服务管理办公室 2024 部门预算
NAME = "重庆市开州区政务服务管理办公室"


def _build(url: str, files: list[str], workers: int = 1, cross: bool = True) -> dict:
    store = open_store(url)
    executor = make_executor(workers)
    try:
        ingest(store, files, version="v1", executor=executor)
    finally:
        executor.close()
    if cross:
        crosscheck(store.engine)
    try:
        return dump(store)
    finally:
        store.close()


def _same(a: dict, b: dict) -> None:
    for table in a:
        assert a[table] == b[table], table


def _unit(rows: list[tuple], name_key: str) -> dict:
    (found,) = [dict(u) for u in rows if dict(u)["name_key"] == repr(name_key)]
    return found


def test_corpus_in_two_orders_and_with_two_workers_stores_the_same_rows(db_url, tmp_path):
    pdfs = [CORPUS / "pdf" / n for n in PAIRS]
    if not all(p.exists() for p in pdfs):
        import pytest
        pytest.skip("../shared/corpus PDFs not available")
    files = seed_files() + [str(p) for p in pdfs]
    a = _build("sqlite:///" + str(tmp_path / "sorted.db"), files)
    b = _build(db_url, files[::-1], workers=2)
    _same(a, b)
    c = _build("sqlite:///" + str(tmp_path / "reversed.db"), files[::-1])
    _same(a, c)
    # the pattern: a name one document presents as a department and another as a unit
    assert _unit(a["units"], "上海市普陀区人民政府办公室")["level"] == repr("department")
    assert any(dict(f)["unit_id"] != "None" for f in a["facts"])


def _variants(folder: Path) -> dict[str, str]:
    """Real seed text, edited: each file a variant of one pattern (see the test)."""
    text = (SEEDS / SEED).read_text(encoding="utf-8")
    edits = {"dept": text, "unit": text.replace("部门预算", "单位预算"),
             "full": text.replace(NAME, NAME + "（机关）"), "half": text.replace(NAME, NAME + "(机关)"),
             "short": text.replace(NAME, "开州区政务服务管理办公室"),
             "other": text.replace(NAME, "重庆市开州区政务服务管理中心")}
    out = {}
    for key, body in edits.items():
        out[key] = str(folder / f"{key}.txt")
        Path(out[key]).write_text(body, encoding="utf-8")
    out["copy"] = str(folder / "a_copy.txt")  # the same bytes as "dept", under a lesser name
    shutil.copyfile(out["dept"], out["copy"])
    return out


def test_synthetic_variants_in_either_order(db_url, tmp_path):
    """Five patterns, each made from a real seed: one name as department and as unit (→ the
    level ``department``, rules/units.toml's precedence); two printed forms of one name key
    (→ the shorter, then the lesser code point: the half-width bracket); two rows of one
    identity (→ the canonical row is the least name key, 开州区… before 重庆市…); one content
    under two names (→ the lesser name). Near miss: 重庆市开州区政务服务管理中心 is another unit —
    its own row and identity, its level its own, nothing pooled with the 办公室."""
    if not (SEEDS / SEED).exists():
        import pytest
        pytest.skip("../shared/seeds not available")
    (tmp_path / "in").mkdir()
    files = list(_variants(tmp_path / "in").values())
    a = _build("sqlite:///" + str(tmp_path / "one.db"), files)
    b = _build(db_url, files[::-1])
    _same(a, b)
    office = _unit(a["units"], NAME)
    assert office["level"] == repr("department")
    bracket = _unit(a["units"], NAME + "(机关)")
    assert bracket["name"] == repr(NAME + "(机关)")
    short = ("开州区政务服务管理办公室", "500154")
    assert office["canonical_id"] == repr(short)
    centre = _unit(a["units"], "重庆市开州区政务服务管理中心")
    assert centre["canonical_id"] == repr(("重庆市开州区政务服务管理中心", "500154"))
    assert centre["level"] == repr("department") and centre["identity_key"] != office["identity_key"]
    sources = [dict(d)["source"] for d in a["documents"]]
    assert repr(str(tmp_path / "in" / "a_copy.txt")) in sources
    assert repr(str(tmp_path / "in" / "dept.txt")) not in sources


def test_units_listed_under_two_departments_take_the_least_parent(db_url, tmp_path):
    """The budget units of a table broken down by unit, printed by two departments (a unit
    moved in a reorganisation): the parent is the department of the least name key whichever
    document was stored first. Near miss: a department no table lists as a unit keeps no
    parent."""
    path = CORPUS / "pdf" / PAIRS[-1]
    if not path.exists():
        import pytest
        pytest.skip("../shared/corpus PDFs not available")
    first = pipeline_result(str(path))
    d = first.disclosure
    moved = replace(first, disclosure=replace(d, metadata=replace(d.metadata, unit="西安市应急管理局")))
    when = datetime(2026, 12, 7, tzinfo=timezone.utc)
    dumps = []
    for url, order in (("sqlite:///" + str(tmp_path / "one.db"), (first, moved)),
                       (db_url, (moved, first))):
        store = open_store(url)
        for result in order:
            sha = "a" * 64 if result is first else "b" * 64
            store.write(FileRecord(f"{sha[0]}.pdf", sha, 1, b"x"), result,
                        extractor_version="v1", run_id=None, read_at=when)
        dumps.append(dump(store))
        store.close()
    _same(*dumps)
    centre = _unit(dumps[0]["units"], "西安市安全生产宣传教育中心")
    assert centre["parent_id"] == repr(("西安市安全生产监督管理局", "610100"))
    assert _unit(dumps[0]["units"], "西安市应急管理局")["parent_id"] == "None"


def test_recompute_sets_an_older_library_right(db_url, tmp_path):
    """A library whose unit fields were filled by arrival order (as before session 16: the
    level of the first document, the smallest id as canonical row) is set right by ``budgetlens
    db recompute``; the near miss: a library already right is left unchanged (0 rows)."""
    if not (SEEDS / SEED).exists():
        import pytest
        pytest.skip("../shared/seeds not available")
    (tmp_path / "in").mkdir()
    v = _variants(tmp_path / "in")
    files = [v["unit"], v["dept"], v["short"]]
    right = _build("sqlite:///" + str(tmp_path / "right.db"), files, cross=False)
    store = open_store(db_url)
    ingest(store, files, version="v1")
    with store.engine.begin() as conn:  # what the old code stored for this order
        first = conn.execute(select(Unit.id).order_by(Unit.id)).scalars().first()
        conn.execute(update(Unit).where(Unit.name_key == NAME).values(level="unit"))
        conn.execute(update(Unit).values(canonical_id=first))
    assert recompute_all(store.engine) == (1, 2)  # the level; both rows' canonical row
    assert dump(store) == right
    assert recompute_all(store.engine) == (0, 0)
    store.close()


def test_least_name_first_reorders_only_copies():
    """Copies of one content swap places so the least name is first; other files (the near
    miss: different contents, names in any order) keep their places."""
    jobs = [Job("z.pdf", "z.pdf", "h1"), Job("b.pdf", "b.pdf", "h2"), Job("a.pdf", "a.pdf", "h1"),
            Job("c.pdf", "c.pdf", None), Job("0.pdf", "0.pdf", "h3")]
    assert [j.source for j in least_name_first(jobs)] == ["a.pdf", "b.pdf", "z.pdf", "c.pdf",
                                                          "0.pdf"]
