"""Command line: ``budgetlens [--version] extract | audit | rules | ingest | reprocess | db | serve |
crosscheck | units | generate | export | user | debug | settings``. One module per command; commands are thin:
parse options → call the pipeline → render → exit code."""

from __future__ import annotations

import typer

from . import audit as _audit
from . import crosscheck as _crosscheck
from . import db as _db
from . import debug as _debug
from . import export as _export
from . import extract as _extract
from . import generate as _generate
from . import ingest as _ingest
from . import rules as _rules
from . import serve as _serve
from . import settings as _settings
from . import units as _units
from . import user as _user
from .version import version_option

app = typer.Typer(
    name="budgetlens",
    help="预决算透镜：读取、抽取并审核部门/单位预算、决算公开文件。 "
         "Read, extract and audit Chinese budget / final-account disclosures.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    callback=version_option,
)
app.command("extract")(_extract.extract_command)
app.command("audit")(_audit.audit_command)
app.command("rules")(_rules.rules_command)
app.command("ingest")(_ingest.ingest_command)
app.command("reprocess")(_ingest.reprocess_command)
app.command("serve")(_serve.serve_command)
app.command("crosscheck")(_crosscheck.crosscheck_command)
app.command("generate")(_generate.generate_command)
app.command("export")(_export.export_command)
app.command("debug")(_debug.debug_command)
app.command("settings")(_settings.settings_command)
app.add_typer(_db.app, name="db")
app.add_typer(_units.app, name="units")
app.add_typer(_user.app, name="user")


def main() -> None:
    app()
