"""Classification codes as printed: structure, hierarchy, and one name per code (standards §4.1 H4,
H5; §5.1).

Why only warnings and infos: the classification changes every year and our dictionaries are partial
(``budgetlens.rules.reference``), so an unknown code is *unverified*, never an error. What can be
said for sure is structural (3/5/7 digits, 2xx for functions, 3xx/5xx for economic codes, each 项
under its 款 and 类) and internal (the same code printed with two names in one document).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterator, NamedTuple, Optional

from budgetlens.model import UNIT_SCOPE, Fact
from budgetlens.reconcile.form_common import Outcome, collect, fact_evidence, finding, str_list
from budgetlens.reconcile.form_text import FormContext
from budgetlens.rules.catalogue import Rule
from budgetlens.rules.form_words import load_form_words

try:  # the reference tables are optional: without them only structure is checked
    from budgetlens.rules import reference as _reference
except ImportError:  # pragma: no cover - depends on the installed package data
    _reference = None  # type: ignore[assignment]  # checked before use

_CODE_RE = re.compile(r"\.(function|economic)\.(\d+)(?:\.|$)")
# a row's code or numbering, what a name key drops, level markers, printing variants and the
# characters too common to tell names apart are data (rules/form_words.toml [codes])


class CodedFact(NamedTuple):
    scheme: str          # "function" | "economic"
    code: str
    fact: Fact


def coded_facts(ctx: FormContext) -> tuple[CodedFact, ...]:
    """Facts whose measure names a classification code (``expense.general.function.2010301``);
    found once per disclosure (three checks walk them)."""
    return ctx.shared("coded_facts", lambda: tuple(_coded_facts(ctx)))


def _coded_facts(ctx: FormContext) -> list[CodedFact]:
    out = []
    for fact in ctx.disclosure.facts:
        if UNIT_SCOPE in fact.scope:
            continue  # a unit's rows repeat the department's codes (and its crosswalk columns)
        m = _CODE_RE.search(fact.measure)
        if m:
            out.append(CodedFact(m.group(1), m.group(2), fact))
    return out


def name_key(label: str) -> str:
    """Comparison key of a printed name: no code, numbering, spaces, (类)/(款)/(项); 与 = 和."""
    if _reference is not None:
        return _reference.name_key(load_form_words().leading.sub("", label or ""))
    words = load_form_words()
    return words.markers.sub("", words.leading.sub("", label or "")).translate(words.fold)


def row_name(label: str) -> str:
    """The row part of a table fact's label ("行政运行 / 支出/合计" → "行政运行")."""
    return load_form_words().code_prefix.sub("", (label or "").split(" / ")[0]).strip()


def structure_problem(code: str) -> Optional[tuple[str, str]]:
    """Why a printed code fits no classification, or None. Codes are 3/5/7 digits whose first
    digit names the scheme (1 revenue, 2 function, 3 department economic, 5 government economic;
    some regions extend economic codes to 7 digits) and whose 款/项 segments are never 00. The
    scheme is not taken from the measure: a table role mistaken by extraction must not make a
    well-formed economic code look like a malformed function code."""
    if len(code) not in (3, 5, 7) or code[0] not in "1235":
        return ("科目编码应为3/5/7位数字，且首位为1（收入）、2（功能分类）、3或5（经济分类）",
                "codes have 3/5/7 digits and start with 1 (revenue), 2 (function), 3 or 5 (economic)")
    if any(code[i:i + 2] == "00" for i in range(3, len(code), 2)):
        return "款、项编码段不能为00", "款/项 segments are never 00"
    return None


def check_code_structure(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``code``, ``problem``."""
    seen: set[tuple[str, str]] = set()
    findings = []
    for cf in coded_facts(ctx):
        if (cf.scheme, cf.code) in seen:
            continue
        seen.add((cf.scheme, cf.code))
        problem = structure_problem(cf.code)
        if problem:
            findings.append(finding(rule, [fact_evidence(cf.fact, "code")], stated=cf.code,
                                    expected=problem[0], measure=cf.fact.measure, code=cf.code,
                                    problem=problem[0], problem_en=problem[1]))
    return collect(findings), []


def _parents(code: str) -> tuple[str, ...]:
    return tuple(code[:n] for n in (3, 5) if n < len(code))


def check_code_hierarchy(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``code``, ``parent``, ``title``. Among the tables of one role, a code whose parent
    level is printed there must have its own parent row (2080505 under 20805 under 208). Tables
    are grouped by role, not by page: a table continued over pages keeps its parents on earlier
    pages."""
    roles: dict[Optional[int], tuple[Optional[str], str]] = {
        t.index: (t.role, t.title) for t in ctx.disclosure.tables}
    by_role: dict[str, dict[str, Fact]] = defaultdict(dict)
    titles: dict[str, str] = {}
    for cf in coded_facts(ctx):
        role, title = roles.get(cf.fact.source.table, (None, ""))
        if cf.fact.origin == "table" and role and structure_problem(cf.code) is None:
            key = f"{role}:{cf.code[0]}"  # a role may hold a function and an economic table
            by_role[key].setdefault(cf.code, cf.fact)
            titles.setdefault(key, title)
    findings = []
    for role, codes in by_role.items():
        lengths = {len(c) for c in codes}
        for code, fact in sorted(codes.items()):
            missing = [p for p in _parents(code) if len(p) in lengths and p not in codes]
            if missing:
                findings.append(finding(rule, [fact_evidence(fact, "code")], stated=code,
                                        expected=missing[0], measure=fact.measure, code=code,
                                        parent=missing[0], title=titles[role]))
    return collect(findings), []


def _printed_names(ctx: FormContext, rule: Rule) -> dict[str, dict[str, Fact]]:
    """code → {name key → first fact printing it}, table rows only (labels of text facts are
    phrases, not names). Generic column labels (合计, 基本支出 …) are not names."""
    ignore = {name_key(w) for w in str_list(rule, "ignore_labels", [])}
    names: dict[str, dict[str, Fact]] = defaultdict(dict)
    for code, key, fact in _row_names(ctx):
        if key not in ignore:
            names[code].setdefault(key, fact)
    return names


def _row_names(ctx: FormContext) -> tuple[tuple[str, str, Fact], ...]:
    """(code, name key, fact) of every table fact printed on its code's own row under a name
    (two characters at least, one of them CJK), in order, once per document: both name checks
    read them, each leaving out its own ignored labels (session 16: the keys were computed
    again for each rule)."""
    def rows() -> Iterator[tuple[str, str, Fact]]:
        for cf in coded_facts(ctx):
            if cf.fact.origin != "table" or not cf.fact.measure.endswith("." + cf.code):
                continue
            key = name_key(row_name(cf.fact.label))
            if len(key) >= 2 and _CJK_RE.search(key):
                yield cf.code, key, cf.fact
    return ctx.shared("coded_row_names", lambda: tuple(rows()))


_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


_SECOND_CODE_RE = re.compile(r"\d")


def _same_name(a: str, b: str) -> bool:
    """Equal up to a trailing 支出 (一般公共服务 / 一般公共服务支出, 教育 / 教育支出), or one is the
    other cut short: a narrow cell prints 其他社会保障和就业支 for 其他社会保障和就业支出 (the text
    runs out, a different name never ends mid-word at the other's prefix). A crosswalk row's second
    code and name (… 50501 工资福利支出) must agree exactly."""
    words = load_form_words()
    suffix = words.optional_suffix
    strip = (lambda s: s[:-len(suffix)] if s.endswith(suffix) and len(s) > len(suffix) else s)
    if strip(a) == strip(b):
        return True
    (head_a, tail_a), (head_b, tail_b) = (_split_second(a), _split_second(b))
    if tail_a != tail_b:
        return False
    short, full = sorted((head_a, head_b), key=len)
    return len(short) >= words.shape.min_truncated and full.startswith(short)


def _split_second(key: str) -> tuple[str, str]:
    """(the code's own name, the second code and name a crosswalk row prints after it)."""
    m = _SECOND_CODE_RE.search(key)
    return (key[:m.start()], key[m.start():]) if m else (key, "")


def _comparable(a: str, b: str) -> bool:
    """Two names of one code that share at least two significant characters are variants of a
    name (行政运行/行政运转, 医疗卫生与计划生育支出/卫生健康支出); names sharing none are a row
    label taken from elsewhere (a unit name read beside an economic code) and say nothing."""
    return len((set(a) & set(b)) - load_form_words().common_chars) >= 2


def check_code_name_consistency(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``code``, ``names`` (the variants, 、-joined)."""
    findings = []
    for code, variants in _printed_names(ctx, rule).items():
        distinct: dict[str, Fact] = {}
        for key, fact in variants.items():
            if not any(_same_name(key, k) for k in distinct):
                distinct[key] = fact
        keys = list(distinct)
        if len(keys) < 2 or not any(_comparable(a, b) for i, a in enumerate(keys) for b in keys[i + 1:]):
            continue
        facts = list(distinct.values())
        findings.append(finding(rule, [fact_evidence(f, "printed-name") for f in facts],
                                stated="、".join(row_name(f.label) for f in facts),
                                expected="同一科目编码应使用同一名称", code=code,
                                names="、".join(row_name(f.label) for f in facts)))
    return collect(findings), []


def check_code_name_reference(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``code``, ``name`` (printed), ``reference`` (the dictionary name). Only codes the
    dictionary knows; an unknown code is unverified and not reported."""
    if _reference is None:
        return [], []
    year = ctx.meta.year
    findings = []
    for code, variants in _printed_names(ctx, rule).items():
        if len(code) not in (3, 5, 7) or code[0] != "2":
            continue
        for key, fact in variants.items():
            name = row_name(fact.label)
            if _reference.code_status(code, name, year) != "name-mismatch":
                continue
            ref_name = _reference.function_name(code, year) or ""
            if ref_name and name_key(ref_name) == key:
                continue  # the dictionary's own name (a heuristic flagged an 其他… inside it)
            findings.append(finding(rule, [fact_evidence(fact, "printed-name")], stated=name,
                                    expected=ref_name or None, measure=fact.measure, code=code,
                                    name=name, reference=ref_name or "?"))
    return collect(findings), []
