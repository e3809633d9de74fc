"""`budgetlens db info` (cli/db.py): a file that is no database is one line and exit 2; the library
named by BUDGETLENS_DB is the one described."""

from __future__ import annotations


from typer.testing import CliRunner

from budgetlens.cli import app

from ..conftest import seed_path

runner = CliRunner()


def _db(tmp_path) -> str:
    return str(tmp_path / "library.db")


def test_not_a_database_file_is_one_line_exit_2(tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not a SQLite database" * 100)
    result = runner.invoke(app, ["db", "info", "--db", str(bogus)])
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1


def test_db_from_environment_and_reprocess_without_stale_documents(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETLENS_DB", _db(tmp_path))
    seed = str(seed_path("003"))
    assert runner.invoke(app, ["ingest", seed, "--fail-on", "never"]).exit_code == 0
    info = runner.invoke(app, ["db", "info", "--lang", "en"])
    assert info.exit_code == 0 and str(tmp_path) in info.stdout
    again = runner.invoke(app, ["reprocess", "--lang", "en"])
    assert again.exit_code == 0 and "0 stored" in again.stdout


def test_info_and_reprocess_say_which_reading_is_current(tmp_path, monkeypatch):
    """After an ingest under a changed read setting, ``db info`` names that setting as the
    current reading; a plain ``reprocess`` says the default reading was made current again
    (not read), and ``db info`` then names the defaults. The near miss: the first ingest's
    summary has no such line (nothing was restored)."""
    monkeypatch.setenv("BUDGETLENS_DB", _db(tmp_path))
    seed = str(seed_path("004"))
    first = runner.invoke(app, ["ingest", seed, "--fail-on", "never", "--lang", "en",
                                "--no-crosscheck"])
    assert first.exit_code == 0 and "made current again" not in first.stdout
    other = runner.invoke(app, ["ingest", seed, "--fail-on", "never", "--lang", "en",
                                "--no-crosscheck", "--read-setting", "text.min_tab_rows=500"])
    assert other.exit_code == 0 and "1 stored" in other.stdout
    info = runner.invoke(app, ["db", "info", "--lang", "en"])
    (line,) = [x for x in info.stdout.splitlines() if x.startswith("current readings:")]
    assert "(text.min_tab_rows=500) 1" in line and "to reprocess: 1" in info.stdout
    back = runner.invoke(app, ["reprocess", "--fail-on", "never", "--lang", "en"])
    assert back.exit_code == 0 and "0 stored" in back.stdout
    assert "1 of them already had a stored reading" in back.stdout
    info = runner.invoke(app, ["db", "info", "--lang", "zh"])
    (line,) = [x for x in info.stdout.splitlines() if x.startswith("当前读取:")]
    assert line.endswith("(默认读取设置) 1") and "待重新处理: 0" in info.stdout


def test_recompute_sets_a_unit_level_right_and_says_so(tmp_path):
    """``db recompute`` on a library whose unit level was set by arrival order (the old
    writer's: the first document's) derives it again from the stored documents and says how
    many units changed; run again, nothing changes (0). A file that is no database: exit 2."""
    from sqlalchemy import update

    from budgetlens.store import open_store
    from budgetlens.store.schema import Unit

    db = _db(tmp_path)
    seed = str(seed_path("000"))  # 重庆市开州区政务服务管理办公室, a department's budget
    assert runner.invoke(app, ["ingest", seed, "--db", db, "--fail-on", "never"]).exit_code == 0
    store = open_store(db)
    with store.engine.begin() as conn:
        conn.execute(update(Unit).values(level="unit"))
    store.close()
    first = runner.invoke(app, ["db", "recompute", "--db", db, "--lang", "en"])
    assert first.exit_code == 0 and "1 units changed" in first.stdout, first.stdout
    again = runner.invoke(app, ["db", "recompute", "--db", db, "--lang", "en"])
    assert again.exit_code == 0 and "0 units changed" in again.stdout
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not a SQLite database" * 100)
    bad = runner.invoke(app, ["db", "recompute", "--db", str(bogus)])
    assert bad.exit_code == 2 and len(bad.stderr.strip().splitlines()) == 1
