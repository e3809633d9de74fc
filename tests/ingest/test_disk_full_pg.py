"""A full disk on PostgreSQL, for real: the library's tables live in a tablespace on a small tmpfs,
which fills mid-batch, so the server itself answers SQLSTATE 53100 (``could not extend file …:
No space left on device``). The batch stops with ``db-full``, the file whose transaction failed
left nothing behind, the documents stored before it are whole, and once space is freed the same
ingest stores the rest and skips what was stored — as tests/ingest/test_disk_full.py shows on
SQLite.

What it needs, else it is skipped with the reason: a PostgreSQL server named by
``BUDGETLENS_TEST_PG`` on this machine (the tablespace is a folder the server writes), root (to
mount a tmpfs) with the right to mount, and the server's superuser through ``su postgres`` (only
a superuser may create a tablespace) — what ``scripts/start_postgres.sh`` sets up on a machine
where the suite runs as root, as CI does."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from budgetlens.ingest import ingest
from budgetlens.store import StoreError, open_store

from ..store.conftest import PG_ENV, corpus_files, drop_postgres_schema, postgres_schema, seed_files

#: Room left on the small disk once the first document is stored: a seed's rows fit, a PDF's
#: kept file with its facts does not.
HEADROOM = 200 * 1024


def _superuser_sql(port: int, *statements: str) -> subprocess.CompletedProcess:
    args = ["su", "postgres", "-c", "psql -p %d -v ON_ERROR_STOP=1 -qtA %s" % (
        port, " ".join(f'-c "{s}"' for s in statements))]
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


@pytest.fixture
def small_tablespace():
    """(name, folder) of a tablespace on a fresh 4 MiB tmpfs; removed afterwards."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"no PostgreSQL server ({PG_ENV} not set; scripts/start_postgres.sh)")
    where = make_url(url)
    if where.host not in ("127.0.0.1", "localhost", "::1") or os.geteuid() != 0:
        pytest.skip("needs root and a PostgreSQL server on this machine (a tablespace folder)")
    if shutil.which("su") is None or shutil.which("mount") is None:
        pytest.skip("needs su and mount")
    folder = Path(tempfile.mkdtemp(prefix="budgetlens-pgfull-"))
    folder.chmod(0o755)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    name = f"bl_full_{uuid.uuid4().hex[:10]}"
    try:
        shutil.chown(folder, "postgres", "postgres")
        made = _superuser_sql(where.port or 5432, f"CREATE TABLESPACE {name} LOCATION '{folder}'",
                              f"GRANT CREATE ON TABLESPACE {name} TO {where.username}")
        if made.returncode != 0:
            pytest.skip(f"cannot create a tablespace as the superuser: {made.stderr.strip()}")
        yield name, folder
        _superuser_sql(where.port or 5432, f"DROP TABLESPACE IF EXISTS {name}")
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)
        folder.rmdir()


def _fill(folder: Path, leave: int) -> Path:
    """A file taking all of the disk's free space but ``leave`` bytes."""
    free = shutil.disk_usage(folder).free
    filler = folder / "filler"
    with open(filler, "wb") as fh:
        fh.write(b"\0" * max(0, free - leave))
    return filler


def _counts(engine) -> dict:
    with engine.connect() as conn:
        one = conn.execute(text(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM blobs), "
            "(SELECT count(*) FROM documents d WHERE n_facts = "
            " (SELECT count(*) FROM facts f WHERE f.document_id = d.id))")).one()
    return {"documents": one[0], "blobs": one[1], "whole": one[2]}


def test_a_full_disk_on_postgresql_stops_the_batch_cleanly_and_it_resumes(small_tablespace):
    name, folder = small_tablespace
    url = os.environ[PG_ENV]
    schema, scoped = postgres_schema(url)
    scoped = scoped.replace(f"search_path%3D{schema}",
                            f"search_path%3D{schema}%20-cdefault_tablespace%3D{name}")
    seeds, pdf = seed_files()[:3], corpus_files()[0]
    store = open_store(scoped)  # every table and index of the library on the small disk
    try:
        ingest(store, seeds[:1])
        filler = _fill(folder, HEADROOM)
        with pytest.raises(StoreError) as err:
            ingest(store, [seeds[1], pdf, seeds[2]])
        assert err.value.code == "db-full" and pdf in err.value.message_en
        assert "full" in err.value.message_en and "\n" not in err.value.message
        after = _counts(store.engine)
        assert after["documents"] == after["whole"] == after["blobs"] == 2
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM documents WHERE source = :s"),
                                {"s": pdf}).scalar() == 0
        filler.unlink()  # space is back: the rest is stored, what was stored is skipped
        again = ingest(store, [*seeds, pdf])
        assert (again.stored, again.skipped, again.failed) == (2, 2, 0)
        final = _counts(store.engine)
        assert final["documents"] == final["whole"] == final["blobs"] == 4
    finally:
        store.close()
        drop_postgres_schema(url, schema)


def test_the_server_reports_sqlstate_53100(small_tablespace):
    """What the test above relies on: a write past the small disk's end is the server's
    ``disk_full``, not some other error."""
    name, folder = small_tablespace
    engine = create_engine(os.environ[PG_ENV])
    table = f"t_fill_{uuid.uuid4().hex[:8]}"
    try:
        with pytest.raises(Exception) as err, engine.begin() as conn:
            conn.execute(text(f"CREATE TABLE {table} (b bytea) TABLESPACE {name}"))
            conn.execute(text(f"ALTER TABLE {table} ALTER b SET STORAGE EXTERNAL"))
            conn.execute(text(f"INSERT INTO {table} SELECT decode(repeat('ab', 1 << 20), 'hex') "
                              "FROM generate_series(1, 8)"))
        assert getattr(err.value.orig, "sqlstate", None) == "53100"
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP TABLE IF EXISTS {table}"))
        engine.dispose()
