"""``budgetlens user add | list | set-role | disable | enable``: the accounts of the reviewer's
workspace (docs/web.md, Accounts). Thin: open the library → call ``store.accounts`` → print.

Why the password is prompted (twice, hidden) or read from standard input, never an option: a
password on the command line lands in the shell history and in every ``ps`` listing. Scripts pipe
it: ``printf '%s\\n' "$PW" | budgetlens user add anna --role reviewer``.

Every change is written to the admin log as done by ``cli:<login name>``: whoever runs the command
has the database itself, so the log names the system account.
"""

from __future__ import annotations

import getpass
import sys
from typing import TYPE_CHECKING, Callable, NoReturn, Optional

import typer

from ..store import StoreError, open_store
from ..store.accounts import add_user, list_users, set_disabled, set_role
from ..store.schema_review import ROLES
from .common import LANG_OPTION
from .ingest import DB_OPTION

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

app = typer.Typer(name="user", help="审核工作台的账号 / accounts of the reviewer's workspace",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
ROLE_HELP = "角色 / role: " + " | ".join(ROLES)
DONE = {"zh": {"add": "已创建账号 {name}（{role}）", "set-role": "{name} 的角色改为 {role}",
               "disable": "已停用 {name}", "enable": "已启用 {name}",
               "none": "还没有账号（用 budgetlens user add 创建）",
               "mismatch": "两次输入的密码不一致", "empty": "没有读到密码"},
        "en": {"add": "created {name} ({role})", "set-role": "{name} is now {role}",
               "disable": "disabled {name}", "enable": "enabled {name}",
               "none": "no accounts yet (create one with budgetlens user add)",
               "mismatch": "the passwords do not match", "empty": "no password was given"}}


def _actor() -> str:
    try:
        return "cli:" + getpass.getuser()
    except Exception:  # no login name in this environment (a container): still say it was the CLI
        return "cli"


def _lang(lang: str) -> str:
    return lang if lang in DONE else "zh"


def _password(lang: str) -> str:
    """Hidden prompt twice on a terminal; else the first line of standard input."""
    if sys.stdin.isatty():
        first = getpass.getpass("密码 / password: ")
        if getpass.getpass("再输一次 / again: ") != first:
            _fail(DONE[lang]["mismatch"])
        return first
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        _fail(DONE[lang]["empty"])
    return line


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(2)


def _run(db: Optional[str], lang: str, action: Callable[[Engine], object]) -> None:
    try:
        store = open_store(db)
    except StoreError as exc:
        _fail(exc.text(lang))
    try:
        action(store.engine)
    except StoreError as exc:
        _fail(exc.text(lang))
    finally:
        store.close()


@app.command("add")
def add_command(name: str = typer.Argument(..., help="用户名 / user name"),
                role: str = typer.Option("reviewer", "--role", help=ROLE_HELP),
                db: Optional[str] = DB_OPTION, lang: str = LANG_OPTION) -> None:
    """新建账号（密码在终端输入两次，或从标准输入读一行）。Add an account (password prompted, or
    the first line of standard input). Exit 0, or 2 with a message."""
    lang = _lang(lang)
    password = _password(lang)

    def act(engine: Engine) -> None:
        user = add_user(engine, name, password, role, actor_name=_actor())
        typer.echo(DONE[lang]["add"].format(name=user.name, role=user.role))

    _run(db, lang, act)


@app.command("list")
def list_command(db: Optional[str] = DB_OPTION, lang: str = LANG_OPTION) -> None:
    """列出账号：用户名、角色、是否停用、创建时间。List accounts: name, role, state, created."""
    lang = _lang(lang)

    def act(engine: Engine) -> None:
        users = list_users(engine)
        if not users:
            typer.echo(DONE[lang]["none"])
        for u in users:
            state = "disabled" if u.disabled else "enabled"
            typer.echo(f"{u.name}\t{u.role}\t{state}\t{u.created_at:%Y-%m-%d %H:%M}")

    _run(db, lang, act)


@app.command("set-role")
def set_role_command(name: str = typer.Argument(..., help="用户名 / user name"),
                     role: str = typer.Argument(..., help=ROLE_HELP),
                     db: Optional[str] = DB_OPTION, lang: str = LANG_OPTION) -> None:
    """修改账号的角色。Change an account's role."""
    lang = _lang(lang)
    _run(db, lang, lambda engine: typer.echo(DONE[lang]["set-role"].format(
        name=name, role=set_role(engine, name, role, actor_name=_actor()).role)))


@app.command("disable")
def disable_command(name: str = typer.Argument(..., help="用户名 / user name"),
                    db: Optional[str] = DB_OPTION, lang: str = LANG_OPTION) -> None:
    """停用账号（不能再登录，已登录的会话随即失效）。Disable an account (its sessions stop too)."""
    _toggle(db, _lang(lang), name, disabled=True)


@app.command("enable")
def enable_command(name: str = typer.Argument(..., help="用户名 / user name"),
                   db: Optional[str] = DB_OPTION, lang: str = LANG_OPTION) -> None:
    """重新启用停用的账号。Enable a disabled account again."""
    _toggle(db, _lang(lang), name, disabled=False)


def _toggle(db: Optional[str], lang: str, name: str, *, disabled: bool) -> None:
    """Disable or enable ``name``, then say so (one body for the two commands)."""

    def act(engine: Engine) -> None:
        set_disabled(engine, name, disabled, actor_name=_actor())
        typer.echo(DONE[lang]["disable" if disabled else "enable"].format(name=name))

    _run(db, lang, act)
