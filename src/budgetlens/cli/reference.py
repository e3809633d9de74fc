"""Generate the CLI reference (docs/cli.md) from the commands' own declarations.

Why generated: every option a user can type must be documented, and a hand-written page drifts.
``tests/test_docs.py`` fails when docs/cli.md differs from what this module renders.
"""

from __future__ import annotations

from typing import Any, Iterator

import typer.main
from typer.core import TyperGroup


def cli_markdown() -> str:
    from . import app

    group = typer.main.get_command(app)
    lines = ["# Command-line reference", "",
             "Generated from the commands' declarations by `python scripts/gen_docs.py`. "
             "Do not edit by hand.", ""]
    for name, cmd in _leaf_commands(group, ""):
        lines += [f"## `budgetlens {name}`", "", (cmd.help or "").strip(), "",
                  "| argument / option | default | help |", "|---|---|---|"]
        for param in cmd.params:
            if param.name == "help":
                continue
            names = ", ".join(f"`{o}`" for o in (param.opts + param.secondary_opts)) \
                if param.param_type_name == "option" else f"`{param.name.upper()}...`"
            default = "" if param.default is None or param.required else f"`{param.default}`"
            help_text = (getattr(param, "help", "") or "").replace("|", "\\|")
            lines.append(f"| {names} | {default} | {help_text} |")
        lines.append("")
    return "\n".join(lines)


def _leaf_commands(group: object, prefix: str) -> Iterator[tuple[str, Any]]:
    """(full name, command) of every command, sub-commands of groups (``db info``) included.
    The command is typed Any: typer's own annotations name a click it vendors privately
    (``typer._click`` from 0.2x), which this module does not import."""
    commands = group.commands if isinstance(group, TyperGroup) else {}
    for name in sorted(commands):
        cmd = commands[name]
        if isinstance(cmd, TyperGroup) and cmd.commands:
            yield from _leaf_commands(cmd, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", cmd
