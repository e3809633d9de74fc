"""``budgetlens user``: accounts made, listed, changed and disabled from the command line on a
real library file; the password comes from standard input and only its hash is stored; every
change is in the admin log as done by the CLI."""

from __future__ import annotations

import sqlite3

from typer.testing import CliRunner

from budgetlens.cli import app

runner = CliRunner()


def test_user_commands_manage_accounts(tmp_path):
    db = str(tmp_path / "lib.db")
    made = runner.invoke(app, ["user", "add", "anna", "--role", "reviewer", "--db", db,
                               "--lang", "en"], input="a long passphrase\n")
    assert made.exit_code == 0, made.output
    assert "created anna (reviewer)" in made.stdout
    again = runner.invoke(app, ["user", "add", "anna", "--db", db], input="another passphrase\n")
    assert again.exit_code == 2 and "用户已存在" in again.stderr
    short = runner.invoke(app, ["user", "add", "bob", "--db", db], input="short\n")
    assert short.exit_code == 2
    assert runner.invoke(app, ["user", "set-role", "anna", "admin", "--db", db]).exit_code == 0
    assert runner.invoke(app, ["user", "set-role", "anna", "root", "--db", db]).exit_code == 2
    assert runner.invoke(app, ["user", "disable", "anna", "--db", db]).exit_code == 0
    assert runner.invoke(app, ["user", "disable", "nobody", "--db", db]).exit_code == 2
    listed = runner.invoke(app, ["user", "list", "--db", db])
    assert listed.stdout.split("\t")[:3] == ["anna", "admin", "disabled"]
    conn = sqlite3.connect(db)
    try:
        (digest,) = conn.execute("SELECT password_hash FROM users").fetchone()
        log = conn.execute("SELECT user_name, action FROM admin_log ORDER BY id").fetchall()
    finally:
        conn.close()
    assert digest.startswith("$argon2id$") and "passphrase" not in digest
    assert [a for _, a in log] == ["user.add", "user.set-role", "user.disable"]
    assert all(who.startswith("cli") for who, _ in log)
