"""``budgetlens settings [--format text|md]``: every tuning setting, its default, unit and meaning.

Why a command: the thresholds the reader decides words, lines and tables by are settings a user
may change (``--read-setting NAME=VALUE`` on extract, audit, ingest, reprocess), and a user needs
their names, defaults and what they mean without reading code. The list is generated from the
settings records themselves (:mod:`budgetlens.read.settings`), so it cannot drift from them;
docs/settings.md is the same list (``scripts/gen_docs.py``).
"""

from __future__ import annotations

import typer

from ..model.settings import SettingInfo, describe
from ..read.settings import DEFAULT_READ
from .common import LANG_OPTION
from .messages import say

#: The settings the command line can change: (option, title zh, title en, settings with defaults).
GROUPS = (
    ("--read-setting", "读取阶段（文字、行、表格）", "Read stage (words, lines, tables)", DEFAULT_READ),
)


def _value(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def settings_markdown() -> str:
    """docs/settings.md: one table per settings group, from the records."""
    out = ["# Tuning settings", "",
           "Generated from the settings records by `scripts/gen_docs.py` (do not edit). The same "
           "list: `budgetlens settings`. Change one with the option named above its table, "
           "repeatable: `budgetlens audit FILE --read-setting grid.snap=4 --read-setting "
           "layout.word_gap=0.3`. Unknown names and values that do not parse are refused (exit "
           "2) with the list of valid names; a document read with changed settings records them "
           "(`Document.read_settings`). The defaults are what the corpus figures were measured "
           "with.", ""]
    for option, _zh, en, values in GROUPS:
        out += [f"## {en} — `{option} NAME=VALUE`", "",
                "| name | default | unit | meaning, and why the default |", "|---|---|---|---|"]
        out += [f"| `{i.name}` | {_value(i.default)} | {i.unit} | {i.why} |"
                for i in describe(values)]
        out.append("")
    return "\n".join(out)


def settings_text(lang: str) -> str:
    """The plain listing ``budgetlens settings`` prints."""
    lines: list[str] = []
    for option, zh, en, values in GROUPS:
        infos: list[SettingInfo] = describe(values)
        width = max(len(i.name) for i in infos)
        lines.append(f"{en if lang == 'en' else zh + ' / ' + en}  ({option} NAME=VALUE)")
        lines += [f"  {i.name:<{width}}  {_value(i.default):>9}  {i.unit:<14} {i.why}"
                  for i in infos]
        lines.append("")
    return "\n".join(lines)


def settings_command(
    format: str = typer.Option("text", "--format", "-f", help="text | md"),
    lang: str = LANG_OPTION,
) -> None:
    """列出全部调优设置：名称、默认值、单位与含义（--read-setting 可改）。
    List every tuning setting with its default, unit and meaning (changed with --read-setting).
    """
    if format not in ("text", "md"):
        raise typer.BadParameter(say(lang, "unknown-format-of", value=format, allowed="text, md"),
                                 param_hint="--format")
    typer.echo(settings_markdown() if format == "md" else settings_text(lang))
