"""Report wording in zh-CN and English, in one table (the glossary of the report layer)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Optional

from ..model import Evidence, Finding, Result
from ..rules import glossary
from ..rules.advice import load_advice
from ..rules.measures import describe

LABELS = {
    "zh": {
        "file": "文件", "status": "状态", "ok": "成功", "failed": "失败",
        "unit": "单位", "year": "年度", "pages": "页数", "tables": "表格", "facts": "数据项",
        "findings": "审核发现", "no_findings": "未发现问题", "stated": "文中/表中数", "expected": "应为",
        "difference": "差额", "evidence": "依据", "page": "第{n}页", "line": "第{n}行",
        "table": "表{n}", "cell": "第{r}行第{c}列", "summary": "汇总",
        "not_assessable": "无法评估的检查", "role": "表格类型", "title": "标题",
        "measure": "指标", "basis": "口径", "value": "数值", "source": "出处",
        "report_title": "预决算公开审核报告", "extract_title": "预决算数据抽取结果",
        "identities": "勾稽关系成立", "unrecognised": "未识别", "blank_cell": "（空白单元格）",
        "page_col": "页", "money_unit": "金额单位", "n_facts": "数据项数", "name": "名称",
        "derived": "推算",
        "unverified": "读取存疑（表格读取未通过自检，不作为文件错误）", "cause": "原因",
        "as_read": "按读取结果应为",
        "items": "条目", "row": "第{n}行", "advice": "整改建议", "whole_document": "全文",
        "notes_folded": "提示 {n} 条（多为四舍五入差异），已折叠", "diagnostics": "读取诊断",
    },
    "en": {
        "file": "File", "status": "Status", "ok": "ok", "failed": "failed",
        "unit": "Unit", "year": "Year", "pages": "Pages", "tables": "Tables", "facts": "Facts",
        "findings": "Findings", "no_findings": "No findings", "stated": "stated", "expected": "expected",
        "difference": "difference", "evidence": "Evidence", "page": "p.{n}", "line": "line {n}",
        "table": "table {n}", "cell": "row {r} col {c}", "summary": "Summary",
        "not_assessable": "Checks not assessable", "role": "Role", "title": "Title",
        "measure": "Measure", "basis": "Basis", "value": "Value", "source": "Source",
        "report_title": "Budget disclosure audit report", "extract_title": "Extraction results",
        "identities": "identities holding", "unrecognised": "unrecognised", "blank_cell": "(blank cell)",
        "page_col": "Page", "money_unit": "Money unit", "n_facts": "Facts", "name": "Name",
        "derived": "derived",
        "unverified": "Unverified reading (the table's reading fails its own checks: not an error of the document)",
        "cause": "cause", "as_read": "as read it would be",
        "items": "Items", "row": "row {n}", "advice": "Advice", "whole_document": "whole document",
        "notes_folded": "{n} notes (mostly rounding differences), folded", "diagnostics": "Reading diagnostics",
    },
}

#: English for the pipeline's few failures that come without a Diagnostic (its fallbacks), by
#: ``Result.error_code``; every other failure's English is its Diagnostic's ``message_en``.
ERROR_EN = {"read-failed": "the file could not be read",
            "scanned-pdf": "a scanned PDF (no text layer): not recognised yet"}


_CJK = re.compile(r"[\u3400-\u9fff]")


def shown_value(value: Optional[str], lang: str) -> Optional[str]:
    """A finding's stated or expected value as a report in ``lang`` shows it. Why an English
    report leaves out a value holding Chinese: the form checks give words, not figures, as their
    values (缺失, 说明变动原因, the required section's Chinese heading), which the English
    message already says in English ("The narrative does not cover: state-owned assets"); a
    figure, or a value with no Chinese, is shown in every language."""
    if value is None or lang != "en" or not _CJK.search(str(value)):
        return value
    return None


def stated_expected(f: Finding, lang: str) -> list[tuple[str, str]]:
    """(label, value) for a finding's stated and expected values, leaving out the ones it does not
    have: a template residue has a stated text but no expected value, and "应为: None" reads as
    if the audit expected nothing."""
    pairs = (("stated", shown_value(f.stated, lang)), ("expected", shown_value(f.expected, lang)))
    return [(t(lang, key), str(value)) for key, value in pairs if value is not None]


def t(lang: str, key: str, **fmt: object) -> str:
    """Report wording; severities and other domain terms come from the glossary (rules/glossary.csv)."""
    table = LABELS.get(lang, LABELS["zh"])
    if key not in table:
        return term(lang, key)
    value = table[key]
    return value.format(**fmt) if fmt else value


def term(lang: str, identifier: str) -> str:
    """A domain term (budget, department, error, ...) in the report's language."""
    return (glossary.en if lang == "en" else glossary.zh)(identifier)


def where(evidence: Evidence, lang: str = "zh") -> str:
    """Location first: page, line, table cell — as compact text."""
    s = evidence.source
    parts = []
    if s.page:
        parts.append(t(lang, "page", n=s.page))
    if s.table is not None:
        parts.append(t(lang, "table", n=s.table + 1))
        if s.row is not None and s.column is not None:
            parts.append(t(lang, "cell", r=s.row + 1, c=s.column + 1))
    elif s.line:
        parts.append(t(lang, "line", n=s.line))
    return " ".join(parts)


def error_text(r: Result, lang: str = "zh") -> str:
    """Why a file failed, in ``lang``. ``Result.error`` is the zh line; its English is the
    ``message_en`` of the Diagnostic it was taken from (same code, same message)."""
    if lang != "en" or r.error is None:
        return r.error or ""
    for d in r.diagnostics:
        if d.code == r.error_code and d.message == r.error and d.message_en:
            return d.message_en
    return ERROR_EN.get(r.error_code or "", r.error)


def finding_message(f: Finding, lang: str) -> str:
    return f.message_en if lang == "en" and f.message_en else f.message


def _advice_fields(f: Finding, lang: str) -> dict[str, str]:
    places = list(dict.fromkeys(where(e, lang) for e in f.evidence if where(e, lang)))
    name = evidence_name(f.evidence[0], lang) if f.evidence else ""
    return {"where": places[0] if places else "",
            "places": ("; " if lang == "en" else "；").join(places),
            "stated": shown_value(f.stated, lang) or "",
            "expected": shown_value(f.expected, lang) or "",
            "difference": f.difference or "", "measure": name or f.measure}


def advice_text(f: Finding, lang: str = "zh") -> str:
    """The finding's 整改建议 (rules/advice.toml): its rule's advice, else its category's, filled
    with the finding's places and figures."""
    if doubted(f):
        return doubt_advice(f, lang)
    advice = load_advice().for_rule(f.rule, f.category)
    return advice.text(lang, **_advice_fields(f, lang))


def doubt_advice(f: Finding, lang: str = "zh") -> str:
    """What to do with a 读取存疑 finding: not the rule's 整改建议 (the document may have nothing
    to correct) but to check the printed table against the reading, with the cause and what the
    finding would be were the reading right."""
    places = _advice_fields(f, lang)["places"]
    as_read = term(lang, f.severity_as_read) if f.severity_as_read else ""
    if lang == "en":
        tail = f" Were the reading right, this would be: {as_read}." if as_read else ""
        return (f"The reading is in doubt ({cause_text(f.cause, lang)}): check {places or 'the table'} "
                f"against the printed page before treating this as a defect.{tail}")
    tail = f"如读取无误，此项应为：{as_read}。" if as_read else ""
    return f"读取存疑（{cause_text(f.cause, lang)}）：请对照原件核实{places or '该表'}的读取结果，再判断是否为文件问题。{tail}"


def describe_result(r: Result, lang: str) -> str:
    """Unit · year · kind · level, and on a line of its own the warning that the text was
    recognised by OCR (its numbers may be misread), so no report hides where they came from."""
    md = r.disclosure.metadata if r.disclosure else None
    if md is None:
        return ""
    bits = [md.unit or "", f"{md.year}" if md.year else "",
            term(lang, md.kind) if md.kind else "", term(lang, md.level) if md.level else ""]
    line = " · ".join(b for b in bits if b)
    for d in r.diagnostics:
        if d.code == "ocr-used":
            line += "\n" + (d.message_en if lang == "en" and d.message_en else d.message)
    return line


@lru_cache(maxsize=4096)
def _measure_name(measure: str, basis: str, lang: str) -> str:
    if not measure:
        return ""
    try:
        name = describe(measure, lang=lang)
        basis_name = (glossary.en if lang == "en" else glossary.zh)(basis) if basis else ""
    except Exception:  # an unknown key is shown as is rather than failing the report
        return measure
    if not basis_name:
        return name
    return f"{name} ({basis_name})" if lang == "en" else f"{name}（{basis_name}）"


def fact_name(measure: str, basis: str, lang: str = "zh") -> str:
    """A fact's measure and basis in words (一般公共服务支出（本年数）), for listings of facts."""
    return _measure_name(measure, basis, lang)


def role_name(role: str | None, lang: str = "zh") -> str:
    """A role in words from the glossary, Chinese unless English is asked: a table's role
    (部门收支总表) or a piece of evidence's role in its finding (合计项, 分项, 所列数…), the key
    itself when unknown. Why evidence roles are looked up first: a finding's evidence is where
    roles are shown most, and their keys (``total``, ``part``) are English words that a zh page
    must not print. Composite roles keep their shape: ``total (derived m/b)`` → 合计项（推算 m/b）,
    ``stated-input`` → 所列数（推算依据）."""
    if not role:
        return t(lang, "unrecognised")
    derived = _DERIVED_ROLE.match(role)
    if derived:
        inner = f"{t(lang, 'derived')} {derived['what']}"
        name = role_name(derived["role"], lang)
        return f"{name}（{inner}）" if lang != "en" else f"{name} ({inner})"
    if role.endswith("-input") and role != "-input":
        name, inner = role_name(role[:-len("-input")], lang), _role_term(lang, "input")
        return f"{name}（{inner}）" if lang != "en" else f"{name} ({inner})"
    return _role_term(lang, role)


_DERIVED_ROLE = re.compile(r"^(?P<role>[a-z][a-z_-]*) \(derived (?P<what>[^)]*)\)$")


def _role_term(lang: str, role: str) -> str:
    translate = glossary.en if lang == "en" else glossary.zh
    for group in ("evidence_role", "table_role"):
        if any(term.id == role for term in glossary.terms(group)):
            return translate(role, group)
    return translate(role)


def evidence_name(e: Evidence, lang: str = "zh") -> str:
    """What the evidence is, in words: 因公出国（境）费（上年数）."""
    return _measure_name(e.measure, e.basis, lang)


#: The cause named for a 读取存疑 finding stored before its cause was kept (library migration
#: 0006): its category still sets it apart, its message still names the cause in words.
UNKNOWN_CAUSE = "unknown"
#: The category of a finding that stands on a reading in doubt (读取存疑); reports count and colour
#: it beside the severities.
DOUBTED = "unverified_reading"


def doubted(f: Finding) -> bool:
    """Whether a finding stands on a reading in doubt (读取存疑) rather than on the document: it
    names a cause, or (rebuilt from an older library row) carries the category."""
    return bool(f.cause) or f.category == DOUBTED


def split_findings(findings: Iterable[Finding]) -> tuple[list[Finding], dict[str, list[Finding]]]:
    """The findings of the document, and apart from them those that stand on a reading in doubt
    (读取存疑), grouped by cause in order of count: reports show the two apart, so that a reviewer
    never reads a doubt about the reading as an error of the document."""
    own = [f for f in findings if not doubted(f)]
    by_cause: dict[str, list[Finding]] = {}
    for f in findings:
        if doubted(f):
            by_cause.setdefault(f.cause or UNKNOWN_CAUSE, []).append(f)
    return own, dict(sorted(by_cause.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def cause_text(code: str, lang: str = "zh") -> str:
    """A cause of reading doubt in words (rules/reading.toml), its code when unknown."""
    from ..rules.reading import load_causes

    if not code or code == UNKNOWN_CAUSE:
        return ("cause not recorded (stored by an older version; the message names it)"
                if lang == "en" else "原因未记录（较早版本入库，见问题说明）")
    cause = load_causes().get(code)
    return cause.text(lang) if cause else code
