"""What only the finance officer can give: the inputs a refused document lacks, asked for and
supplied (``budgetlens generate INPUT --supply FILE``, issue #11).

WHY: ``--correct`` writes what the document's own data determine; a reason nobody stated (seed
002's 项目支出 −11.84 %) or a figure the source never printed is not determined by anything, and
must not be guessed. The refusal therefore prints a ready-to-fill TOML of exactly what is missing,
keyed the way the gate names it (the measure in ``一般公共预算项目支出（expense.general.project）``);
the officer fills it and generates again with ``--supply``. Each supplied entry becomes an input
whose source is the line of that file, so a finding about it (``XX`` left in a reason) names it.
An entry left empty counts as not given: without the officer's words the document stays refused.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

from ..model import Diagnostic, Severity, Source
from ..rules.catalogue import rules_by_id
from ..rules.measures import describe, get as get_measure
from .doc import DocModel
from .gate import GateReport
from .inputs import BASE_BASES, Inputs, Value, reason_text

#: sections of a supply file: reasons by measure, figures by basis, the title's metadata
REASON_SECTIONS = ("reasons", "variance_reasons")
FIGURE_SECTION = "figures"
METADATA_KEYS = {"unit": ("单位名称", "the unit's name"), "year": ("年度", "the year")}
_HEAD = {"reasons": ("变动原因（较上年）", "reasons for the change on the prior year"),
         "variance_reasons": ("决算数与预算数差异的原因", "reasons a 决算数 differs from its budget"),
         "metadata": ("标题所需信息", "what the title needs")}


@dataclass(frozen=True)
class Missing:
    """One input the gate needs and nobody gave: the TOML section and key it is supplied under,
    the measure's name, and why it is needed (the gate's finding, zh and en)."""

    section: str
    key: str
    label: str
    why: str
    why_en: str


def _reasons(model: DocModel) -> list[Missing]:
    out, seen = [], set()
    for c in model.changes:
        if c.reason or (c.need, c.measure) in seen:
            continue
        seen.add((c.need, c.measure))
        what = "从零新增" if c.from_zero else f"变动{c.pct}%"
        what_en = "new from zero" if c.from_zero else f"changed by {c.pct}%"
        out.append(Missing(c.need, c.measure, c.label, f"{c.label}{what}（{c.change}万元），须说明原因",
                           f"{c.measure} {what_en} ({c.change} 10k yuan): a reason is required"))
    return out


def _plain_terms(params: Mapping[str, Any]) -> list[str]:
    terms = [params.get("total", "")] + list(params.get("parts") or ()) + list(params.get("optional") or ())
    return [t for t in terms if t and "*" not in t and "{" not in t]


def _figures(inputs: Inputs, gate: GateReport) -> list[Missing]:
    """Terms of a failing sum identity the inputs give no figure for: the officer may know them
    (a 年初结转 the source states only in part); which of them closes the gap is theirs to say."""
    rules, out, seen = rules_by_id(), [], set()
    for f in gate.audit:
        rule = rules.get(f.rule)
        if f.severity not in (Severity.ERROR, Severity.WARNING) or rule is None or rule.kind != "sum" \
                or f.basis not in BASE_BASES:
            continue
        for term in _plain_terms(rule.params):
            key = (f"{FIGURE_SECTION}.{f.basis}", term)
            if (term, f.basis) in inputs.values or key in seen:
                continue
            seen.add(key)
            out.append(Missing(key[0], term, describe(term, "zh") or term,
                               f"{f.message}：未列示的此项或同式其他未列示项补足差额",
                               f"{f.message_en}: this unstated term, or another of the same "
                               f"identity, makes up the difference"))
    return out


def missing_inputs(inputs: Inputs, model: DocModel, gate: GateReport) -> list[Missing]:
    """Exactly what the gate's refusal lacks that an officer can supply: the title's metadata,
    every material change or budget variance without its reason, and the unstated terms of a
    failing sum identity."""
    meta = [Missing("metadata", k, zh, f"输入未给出{zh}", f"the input gives no {en}")
            for k, (zh, en) in METADATA_KEYS.items() if not getattr(inputs, k)]
    return meta + _reasons(model) + _figures(inputs, gate)


def _toml_key(key: str) -> str:
    return json.dumps(key, ensure_ascii=False)


def supply_template(missing: Iterable[Missing], inputs: Inputs, hints: Optional[dict] = None) -> str:
    """A ready-to-fill TOML of the missing inputs (an empty value is not given). ``hints``:
    measure → the text ``--correct`` would write, shown as a comment."""
    hints = hints or {}
    lines = [f"# 补充输入 / supplied inputs: {inputs.unit} {inputs.year} {inputs.kind} {inputs.level}",
             "# 填写后 / when filled: budgetlens generate 输入/INPUT --supply 本文件/THIS_FILE",
             "# 留空的项不作数 / an entry left empty counts as not given", "schema = 1"]
    by_section: dict[str, list[Missing]] = {}
    for m in missing:
        by_section.setdefault(m.section, []).append(m)
    for section, items in by_section.items():
        zh, en = _HEAD.get(section, ("数字（万元）", "figures (10k yuan)"))
        lines += ["", f"# {zh} / {en}", f"[{section}]"]
        said = ""
        for m in items:
            if m.why != said:  # one finding's terms share its line
                lines += [f"# {m.why}", f"# {m.why_en}"]
                said = m.why
            if m.key in hints:
                lines.append(f"# --correct 可写为 / --correct would write: {hints[m.key]}")
            lines.append(f"{_toml_key(m.key)} = \"\"  # {m.label}")
    return "\n".join(lines) + "\n"


def _line_of(text: str, section: str, key: str) -> Optional[int]:
    """The 1-based line of ``key`` under ``[section]`` (for the source of a supplied entry)."""
    current = ""
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if s.startswith("[") and s.endswith("]"):
            current = s.strip("[]").strip()
        elif current == section and (s.startswith(_toml_key(key)) or s.startswith(key + " ")):
            return n
    return None


def _diag(code: str, zh: str, en: str, src: Optional[Source] = None) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, zh, en, src)


def _entries(data: dict, name: str) -> tuple[list[tuple[str, str, object]], list[Diagnostic]]:
    """(section, key, value) of every non-empty entry; an unknown section is named."""
    out, bad = [], []
    for section, table in data.items():
        if section == "schema":
            continue
        if not isinstance(table, dict):
            bad.append(_diag("generate-supply-bad-entry", f"{name}：“{section}”不是一节",
                             f"{name}: {section!r} is not a section"))
        elif section == FIGURE_SECTION:
            for basis, figures in table.items():
                if not isinstance(figures, dict):
                    bad.append(_unknown_basis(name, basis))
                    continue
                out += [(f"{FIGURE_SECTION}.{basis}", k, v) for k, v in figures.items()]
        else:
            out += [(section, k, v) for k, v in table.items()]
    return [e for e in out if e[2] not in ("", None)], bad


def _unknown_basis(name: str, basis: str) -> Diagnostic:
    return _diag("generate-supply-bad-entry", f"{name}：未知的数字口径 [figures.{basis}]",
                 f"{name}: unknown basis [figures.{basis}] (one of {BASE_BASES})")


def _section_error(name: str, section: str) -> Optional[Diagnostic]:
    """Why ``section`` (of a TOML or of the sheet's 节 column) is not one to supply, or None."""
    if section in REASON_SECTIONS or section == "metadata":
        return None
    if section.startswith(FIGURE_SECTION + "."):
        basis = section.split(".", 1)[1]
        return None if basis in BASE_BASES else _unknown_basis(name, basis)
    return _diag("generate-supply-bad-entry", f"{name}：未知的节 [{section}]",
                 f"{name}: unknown section [{section}]")


def _toml_entries(path: str | Path) -> tuple[list[tuple[str, str, object, Source]], list[Diagnostic]]:
    """The filled entries of a supply TOML, each with its line as its source."""
    name = Path(path).name
    try:
        text = Path(path).read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return [], [_diag("generate-supply-unreadable", f"无法读取补充输入 {name}：{exc}",
                          f"cannot read the supplied inputs {name}: {exc}")]
    entries, diags = _entries(data, name)
    return [(section, key, value, Source(str(path), line=_line_of(text, section, key), text=str(value)))
            for section, key, value in entries], diags


def _apply_one(inputs: Inputs, section: str, key: str, value: object, src: Source) -> Optional[Diagnostic]:
    """Set one supplied entry on the inputs; a diagnostic naming it when it cannot be taken."""
    cell = src.text.split("=", 1)[0] if "!" in src.text else ""  # a sheet's 补充输入!F3
    where = f"{Path(src.file).name} [{section}] {key}" + (f"（{cell}）" if cell else "")
    if section == "metadata":
        if key not in METADATA_KEYS or (key == "year" and not str(value).isdigit()):
            return _diag("generate-supply-bad-entry", f"{where}：无法采用“{value}”", f"{where}: cannot take {value!r}", src)
        setattr(inputs, key, int(str(value)) if key == "year" else str(value).strip())
        return None
    if get_measure(key) is None:
        return _diag("generate-supply-unknown-measure", f"{where}：未知的指标", f"{where}: unknown measure", src)
    if section in REASON_SECTIONS:
        text = reason_text(str(value))
        if text:
            getattr(inputs, section)[key] = (text, src)
        return None
    try:
        number = Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        return _diag("generate-supply-bad-entry", f"{where}：“{value}”不是数字", f"{where}: {value!r} is not a number", src)
    basis = section.split(".", 1)[1]
    inputs.values[(key, basis)] = Value(number, "money", src, "input", describe(key, "zh") or key)
    return None


def apply_supply(inputs: Inputs, path: str | Path) -> list[Diagnostic]:
    """Take the officer's entries into ``inputs`` (edited): a TOML, or a workbook's 补充输入
    sheet (:mod:`.supply_sheet`); the diagnostics, also appended to ``inputs.diagnostics`` so an
    error among them refuses the document."""
    if str(path).lower().endswith(".xlsx"):
        from .supply_sheet import sheet_entries

        entries, diags = sheet_entries(path)
    else:
        entries, diags = _toml_entries(path)
    for section, key, value, src in entries:
        d = _section_error(Path(path).name, section) or _apply_one(inputs, section, key, value, src)
        if d is not None:
            diags.append(d)
    inputs.diagnostics += diags
    return diags
