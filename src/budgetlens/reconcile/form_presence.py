"""Completeness: required tables, required narrative sections, the 三公 items named in the text.

Why so careful about *when* to report: a narrative-only file (tables published as a separate
attachment: 报表另行发布, 详见附表, 公开表附后) lacks every table by design, and a tables-only file lacks
every section. Reporting those as missing would be false alarms, so each check first asks whether
the document evidently contains the part it inspects, and otherwise records "not assessable".
"""

from __future__ import annotations

import re
from typing import Optional

from budgetlens.model import Claim, Evidence, TableInfo
from budgetlens.reconcile.form_common import (Outcome, assess, collect, finding, param, quote,
                                               str_list, table_evidence)
from budgetlens.rules.templates import role_family
from budgetlens.reconcile.form_text import FormContext, Passage, SectionText
from budgetlens.rules.catalogue import Rule, RuleError
from budgetlens.rules.form_words import load_form_words

_TIERS = ("required", "recommended")


def _tier(rule: Rule) -> str:
    tier = param(rule, "tier", str, "required")
    if tier not in _TIERS:
        raise RuleError(f"{rule.origin} ({rule.id}): parameter 'tier' must be one of {_TIERS}")
    return tier


def _table_list_evidence(ctx: FormContext) -> list[Evidence]:
    """What a missing table is shown against: the tables-part heading, then the tables found."""
    out = [quote(ctx.tables_heading.source, role="tables-part")] if ctx.tables_heading else []
    tables = ctx.core_tables
    picks = tables if len(tables) <= 4 else tables[:2] + tables[-2:]
    return out + [table_evidence(t, ctx.disclosure.path, role="table-found") for t in picks]


def _hinted(ctx: FormContext, role: str) -> list[TableInfo]:
    """Unrecognised tables whose title suggests ``role`` (present under an unknown title)."""
    info = ctx.templates.roles.get(role_family(role))
    if info is None:
        return []
    return [t for t in ctx.disclosure.tables if (not t.role or info.any_role) and t.title
            and any(all(w in t.title for w in hint) for hint in info.hints)]


def _stated_absent(ctx: FormContext, role: str) -> Optional[Claim]:
    """A statement that the document has nothing for the table's family (无政府性基金预算收支,
    无政府采购预算): by the statement's measure, else by the family's title hint words."""
    family = role_family(role)
    info = ctx.templates.roles.get(family)
    for claim in ctx.claims("empty_statement", "no_expense"):
        if family in claim.measure.split("."):
            return claim
        if not claim.measure and info and any(all(w in claim.text for w in hint)
                                              for hint in info.hints):
            return claim
    return None


def check_required_tables(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``role``, ``name``, ``name_en``, ``template``, ``found`` (number of tables found)."""
    tier = _tier(rule)
    template = ctx.template
    if template is None:
        return [], [assess(rule, "未识别文档类型（预算/决算），无法确定应公开的表格",
                           "the document kind (budget/final account) was not recognised: the "
                           "tables it must publish are unknown")]
    expected = template.items("tables", tier)
    if not expected:
        return [], []
    if not ctx.has_tables_part:
        return [], [assess(rule, f"文档未包含报表部分（仅识别到{len(ctx.core_tables)}张主要报表，"
                                 "报表可能另行发布），不评估表格完整性",
                           f"the document has no tables part (only {len(ctx.core_tables)} main "
                           "tables recognised; the tables may be published apart): table "
                           "completeness not assessed")]
    present = {role_family(t.role) for t in ctx.recognised_tables if t.role}  # all have one
    findings, assessments = [], []
    for role in expected:
        info = ctx.templates.roles.get(role_family(role))
        if ({role_family(role)} | set(info.satisfied_by if info else ())) & present:
            continue
        name = info.name if info else role
        stated = _stated_absent(ctx, role)
        if stated is not None:  # 本部门无政府性基金预算收支: the omission is explained
            assessments.append(assess(rule, f"未见{name}，但说明已写明无此项收支："
                                            f"“{stated.text.strip()[:40]}”",
                                      f"no {info.name_en if info else role}, but the text "
                                      f"states there is none: “{stated.text.strip()[:40]}”"))
            continue
        if _hinted(ctx, role):
            assessments.append(assess(rule, f"未识别到{name}，但有标题相近的未识别表格，无法确认是否缺失",
                                      f"no {info.name_en if info else role} recognised, but an "
                                      "unrecognised table has a similar title: whether it is "
                                      "missing cannot be said"))
            continue
        findings.append(finding(rule, _table_list_evidence(ctx), stated="缺失", expected=name,
                                role=role, name=name, name_en=info.name_en if info else role,
                                template=template.name, found=len(ctx.core_tables)))
    return collect(findings), assessments


def _outline_evidence(ctx: FormContext) -> list[Evidence]:
    """The narrative's top-level headings: what the document does contain."""
    if not ctx.headings:
        return []
    top = min(p.head.level for p in ctx.headings)
    return [quote(p.source, role="outline") for p in ctx.headings if p.head.level == top]


def _found_sections(ctx: FormContext, keys: tuple[str, ...]) -> set[str]:
    # table titles (…“三公”经费支出表) name a table, not a section of the narrative
    ends = load_form_words().title_ends
    text = "\n".join(p.text for p in ctx.texts if not p.text.rstrip().endswith(ends))
    return {k for k in keys if any(w in text for w in ctx.templates.sections[k].keywords)}


def check_required_sections(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``section`` (key), ``name``, ``name_en``, ``template``. A narrative holding less
    than ``min_share_found`` of the required sections is taken for a fragment (an excerpt, a
    三公-only notice): its gaps are not assessable rather than findings."""
    tier = _tier(rule)
    template = ctx.template
    if template is None:
        return [], [assess(rule, "未识别文档类型（预算/决算），无法确定应有的说明章节",
                           "the document kind (budget/final account) was not recognised: the "
                           "sections it must have are unknown")]
    if not ctx.has_narrative:
        return [], [assess(rule, "文档无情况说明部分（仅报表），不评估说明章节",
                           "the document has no explanatory text (tables only): sections not "
                           "assessed")]
    if ctx.truncated:
        return [], [assess(rule, "文档目录所列章节多未在正文出现，可能为节选，不评估章节完整性",
                           "most sections of the contents are not in the body (perhaps an "
                           "excerpt): section completeness not assessed")]
    required = template.items("sections", "required")
    if required and (len(_found_sections(ctx, required)) / len(required)
                     < ctx.templates.min_share_found):
        return [], [assess(rule, "情况说明仅含少数应有章节，可能为节选或专项说明，不评估章节完整性",
                           "the text has few of the sections it should (perhaps an excerpt or "
                           "a note on one subject): section completeness not assessed")]
    keys = template.items("sections", tier)
    found = _found_sections(ctx, keys)
    if ctx.cut_end is not None and any(k not in found for k in keys):
        return [], [assess(rule, "正文在文末句中中断（节选），其后的章节不在文本中，不评估缺少的章节",
                           "the text stops mid-sentence at its end (an excerpt): the sections "
                           "after the cut are not in the copy, missing ones are not assessed")]
    evidence = _outline_evidence(ctx)
    findings, assessments = [], []
    for key in (k for k in keys if k not in found):
        section = ctx.templates.sections[key]
        if not evidence:
            assessments.append(assess(rule, f"未找到“{section.name}”，但文档无可引用的标题结构",
                                      f"“{section.name_en}” not found, but the document has no "
                                      "heading structure to cite"))
            continue
        findings.append(finding(rule, evidence, stated="缺失", expected=section.name,
                                section=key, name=section.name, name_en=section.name_en,
                                template=template.name))
    return collect(findings), assessments


def _three_public_sections(ctx: FormContext, rule: Rule) -> list[tuple[Passage, SectionText]]:
    """The 三公 sections with a body: not glossary entries, not table titles in a table list."""
    exclude = str_list(rule, "exclude_headings", [])
    prefix = param(rule, "section_measure_prefix", str, "three_public")
    stated = {(f.source.page, f.source.line) for f in ctx.text_facts()  # once, not per heading
              if f.measure.startswith(prefix)}
    out = []
    for head in ctx.find_headings(str_list(rule, "section_keywords"), exclude):
        if any(any(x in t for x in exclude) for t in head.head.path[:-1]):
            continue
        if head.head.title.rstrip().endswith(load_form_words().title_ends):
            continue
        section = ctx.section(head)
        where = {(p.source.page, p.source.line) for p in (head,) + section.passages}
        # a real 三公 explanation states amounts: a TOC entry or a truncated part heading does not
        if not stated.isdisjoint(where):
            out.append((head, section))
    return out


def check_three_public_items(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``item``, ``name``, ``name_en``. Params: ``items`` (key, name, name_en, keywords,
    measure), ``section_keywords``, ``exclude_headings``, ``exempt_patterns``."""
    sections = _three_public_sections(ctx, rule)
    if not sections:
        return [], []
    text = "\n".join(s.text for _, s in sections)
    if any(re.search(p, text) for p in str_list(rule, "exempt_patterns", [])):
        return [], []
    if _cut_inside(ctx, sections[-1][1]):
        return [], [assess(rule, "“三公”经费说明在文末句中中断（节选），不评估其是否提及各项",
                           "the text stops mid-sentence inside the three-public section (an "
                           "excerpt): whether it names each item is not assessed")]
    heads = [h for h, _ in sections]
    where = {(p.source.page, p.source.line) for _, s in sections for p in s.passages}
    measures = {f.measure for f in ctx.text_facts() if (f.source.page, f.source.line) in where}
    findings = []
    for item in param(rule, "items", list):
        if any(k in text for k in item["keywords"]) or item.get("measure") in measures:
            continue
        findings.append(finding(rule, [quote(h.source, role="section") for h in heads],
                                stated="未提及", expected=item["name"], item=item["key"],
                                name=item["name"], name_en=item.get("name_en", item["key"])))
    return collect(findings), []


def _cut_inside(ctx: FormContext, section: SectionText) -> bool:
    """The document's text ends inside this section, in the middle of a sentence
    (:attr:`FormContext.cut_end`): the items the section would go on to name are not in the copy.
    The printed line is judged, not the last passage's words: two sentences on the line are two
    passages of one place, in either order."""
    cut = ctx.cut_end
    if not section.passages or cut is None:
        return False
    last = section.passages[-1].source
    return (last.page, last.line) == (cut.page, cut.line)
