"""``budgetlens generate INPUT --kind --level --format docx,pdf,html,xlsx -o DIR [--draft]``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from ..model import Severity
from .common import require_rules
from .messages import say

if TYPE_CHECKING:  # generate's dependencies are an optional extra: imported where it runs
    from ..generate import Generated
    from ..generate.inputs import Inputs

KIND_HELP = "budget（预算）| final（决算）；默认取自输入 / default: as the input says"
LEVEL_HELP = "department（部门）| unit（单位）；默认取自输入 / default: as the input says"


def _split_formats(text: str, lang: str) -> list[str]:
    from ..generate import FORMATS

    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise typer.BadParameter(say(lang, "unknown-format-of", value=", ".join(bad) or text,
                                     allowed=", ".join(FORMATS)), param_hint="--format")
    return formats


def _check_choice(value: Optional[str], allowed: tuple[str, ...], hint: str, lang: str) -> None:
    if value is not None and value not in allowed:
        raise typer.BadParameter(say(lang, "one-of", allowed=", ".join(allowed), value=value),
                                 param_hint=hint)


def _write_workbook(path: Path, input: Optional[Path], kind: Optional[str], level: Optional[str],
                    template: Optional[str], lang: str) -> None:
    from ..generate import load_inputs
    from ..generate.workbook import write_template

    inputs = None
    if input is not None:
        inputs, diagnostics = load_inputs(input, kind=kind, level=level, template=template)
        for d in diagnostics:
            typer.echo(f"[{d.severity}] {d.code}: {d.message if lang == 'zh' else d.message_en}",
                       err=True)
        if inputs is None:
            typer.echo(say(lang, "input-unreadable"), err=True)
            raise typer.Exit(2)
    try:  # the folder is made as `generate -o DIR` makes its own; an unwritable place is a message
        path.parent.mkdir(parents=True, exist_ok=True)
        write_template(path, kind or (inputs.kind if inputs else "budget"),
                       level or (inputs.level if inputs else "department"),
                       template or (inputs.template if inputs else "national"), inputs)
    except OSError as exc:
        typer.echo(say(lang, "workbook-unwritable", path=path, reason=exc.strerror or exc),
                   err=True)
        raise typer.Exit(2)
    typer.echo(str(path))


def generate_command(
    input: Optional[Path] = typer.Argument(None, help="填好的模板工作簿、extract 的 JSON 或可读取的"
                                                      "公开文件 / a filled template workbook, an "
                                                      "extract JSON or a disclosure file"),
    kind: Optional[str] = typer.Option(None, "--kind", help=KIND_HELP),
    level: Optional[str] = typer.Option(None, "--level", help=LEVEL_HELP),
    format: str = typer.Option("docx,pdf,html,xlsx", "--format", "-f",
                               help="docx,pdf,html,xlsx 中的一项或多项 / one or more of them"),
    output: Path = typer.Option(Path("."), "--output", "-o", help="输出目录 / output folder"),
    template: Optional[str] = typer.Option(None, "--template",
                                           help="地区模板 national | shanghai | chongqing | jiangsu …"
                                                " / regional template"),
    draft: bool = typer.Option(False, "--draft",
                               help="审核有错误时仍输出带“草稿”水印的文件 / write a watermarked "
                                    "draft even when the audit finds errors"),
    correct: bool = typer.Option(False, "--correct",
                                 help="采纳由文件自身数据唯一确定的更正（列于报告及 .corrections.txt）/ "
                                      "make the corrections the document's own data determine"),
    supply: Optional[Path] = typer.Option(
        None, "--supply",
        help="补充输入（TOML，或含“补充输入”表的工作簿：原因、数字、标题信息；被拒时输出的模板填写后即是）"
             "/ the inputs an officer supplies (TOML, or a workbook with a 补充输入 sheet: reasons, "
             "figures, metadata; the template a refusal prints, filled)"),
    supply_sheet: Optional[Path] = typer.Option(
        None, "--supply-sheet",
        help="被拒时把待填写的“补充输入”表写入此工作簿（已有工作簿如模板工作簿则加入其中）/ when "
             "refused, write the ready-to-fill 补充输入 sheet into this workbook (added to it when it "
             "exists, e.g. the template workbook)"),
    lang: str = typer.Option("zh", "--lang", help="zh | en"),
    template_workbook: Optional[Path] = typer.Option(
        None, "--template-workbook",
        help="写出待填写的模板工作簿（给出输入时填入其数据）后退出 / write the workbook to fill "
             "(filled with INPUT's data when given) and exit"),
) -> None:
    """生成公开文件：按模板从结构化数据写出预算/决算公开文件，写出前后均经审核。
    Generate a disclosure from structured data, audited before and after writing.

    Exit 0 when written and read back clean, 1 when the audit refused it (or the read-back
    differs), 2 when the input could not be read (or a rules file is bad).
    """
    from ..generate import generate
    from ..generate.spec import KINDS, LEVELS

    _check_choice(kind, KINDS, "--kind", lang)
    _check_choice(level, LEVELS, "--level", lang)
    formats = _split_formats(format, lang)
    if template_workbook is not None:
        _write_workbook(template_workbook, input, kind, level, template, lang)
        raise typer.Exit(0)
    if input is None:
        raise typer.BadParameter(say(lang, "input-required"), param_hint="INPUT")
    require_rules(lang)
    inputs = _load(input, kind, level, template, lang)
    if supply is not None:
        _apply_supply(inputs, supply)
    result = generate(inputs, output, formats, draft=draft, correct=correct)
    code = _report(result, draft, lang)
    if result.refused:
        _what_is_missing(result, supply_sheet, lang)
    raise typer.Exit(code)


def _apply_supply(inputs: Inputs, supply: Path) -> None:
    """The officer's supplied inputs (--supply); its errors refuse the document, among the gate's
    findings."""
    from ..generate.supply import apply_supply

    apply_supply(inputs, supply)


def _what_is_missing(result: Generated, supply_sheet: Optional[Path], lang: str) -> None:
    """A refusal's missing inputs: the ready-to-fill TOML on stdout, and the 补充输入 sheet when
    --supply-sheet names a workbook."""
    _print_supply_template(result, lang)
    if supply_sheet is not None:
        _write_supply_sheet(result, supply_sheet, lang)


def _write_supply_sheet(result: Generated, path: Path, lang: str) -> None:
    """The refusal's missing inputs as the 补充输入 sheet of ``path`` (--supply-sheet)."""
    from ..generate import write_supply_sheet

    try:
        written = write_supply_sheet(result, path)
    except OSError as exc:
        typer.echo(say(lang, "workbook-unwritable", path=path, reason=exc.strerror or exc), err=True)
        return
    if written is not None:
        typer.echo(say(lang, "supply-sheet", path=written), err=True)


def _load(input: Path, kind: Optional[str], level: Optional[str], template: Optional[str],
          lang: str) -> Inputs:
    """The inputs, their warnings printed; exit 2 when they cannot be read (an input error is
    printed once: here when nothing was read, else among the gate's findings)."""
    from ..generate import load_inputs

    inputs, diagnostics = load_inputs(input, kind=kind, level=level, template=template)
    for d in diagnostics:
        if inputs is None or d.severity != Severity.ERROR:
            typer.echo(f"[{d.severity}] {d.code}: {d.message if lang == 'zh' else d.message_en}",
                       err=True)
    if inputs is None:
        typer.echo(say(lang, "input-unreadable"), err=True)
        raise typer.Exit(2)
    return inputs


def _print_supply_template(result: Generated, lang: str) -> None:
    """What the refusal lacks that an officer can give, as a ready-to-fill TOML on stdout (a
    refusal writes no file: the folder stays as it was)."""
    from ..generate import default_stem, supply_template

    text = supply_template(result)
    if text:
        typer.echo(text, nl=False)
        typer.echo(say(lang, "supply-template", name=f"{default_stem(result.inputs)}.supply.toml"),
                   err=True)


def _report(result: Generated, draft: bool, lang: str) -> int:
    """Print the gate's findings, the files written and any read-back error; the exit code."""
    for c in result.corrections:  # made (--correct), or what --correct would make
        key = "corrected" if result.corrected else "would-correct"
        typer.echo(f"{say(lang, key)}: {c.line(lang)}", err=True)
    for f in result.gate.findings:  # the generator's own infos say what it did not decide
        if f.severity != Severity.INFO or f.rule.startswith("generate-"):
            typer.echo(f.line(lang), err=True)
    if result.refused:
        typer.echo(say(lang, "generate-refused", n=len(result.gate.errors)), err=True)
        return 1
    for path in result.written.values():
        typer.echo(str(path))
    bad = False
    for fmt, report in result.read_back.items():
        for f in report.findings:
            if f.severity == Severity.ERROR and not draft:
                bad = True
                typer.echo(f"[{fmt}] {f.line(lang)}", err=True)
    return 1 if bad else 0
