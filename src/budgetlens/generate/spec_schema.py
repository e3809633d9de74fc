"""The declared shape of ``rules/generate/document.toml`` and ``rules/generate/tables.toml``.

Why apart from :mod:`.spec`: the generator's two rules files are checked by schemas of the rules
kit (:mod:`budgetlens.rules.schema`) like every other rules file, so a bad or unknown key is named
with its file, line and key path before anything is written, and docs/rules-format.md lists the
keys; :mod:`.spec` only turns checked entries into records and checks what spans entries (a
document naming an undeclared section or table, cells against columns).
"""

from __future__ import annotations

from typing import Any

from ..rules.schema import Field as F, Schema

KINDS = ("budget", "final")
LEVELS = ("department", "unit")
#: money units a generated table may print in (万元 = the model's own unit)
MONEY_UNITS = ("万元", "元")
#: lists of the inputs a table may print a row per item of
ITEM_LISTS = ("projects",)
#: keys of [performance] in rules/generate/tables.toml: the forms' labels and titles
PERF_KEYS = ("name", "owner", "budget", "target", "indicators", "score", "targets_title",
             "self_eval_title", "score_unit_line", "level1", "level2", "level3", "indicator_name",
             "target_value", "weight", "year_target_value", "actual_value", "self_weight",
             "indicator_score", "total_row", "level1_options", "targets_layout",
             "targets_project_title", "source_target", "source_self_eval_target")

_STRS: dict[str, Any] = dict(type=list, items=str)

SECTION = Schema("[[section]] (generate/document.toml)", "A section of the narrative.", (
    F("key", str, True, "the key parts name it by"), F("title", str, True, "its heading"),
    F("template", str, True, "the Jinja template that writes it"),
    F("section", str, doc="the rules/templates.toml section it satisfies")))
PART = Schema("parts (generate/document.toml)", "A part of a document.", (
    F("title", str, True, "the part's heading"),
    F("sections", doc="[[section]] keys, in order", **_STRS),
    F("tables", bool, doc="the part holds the tables")))
DOCUMENT = Schema("[[document]] (generate/document.toml)", "One document the generator writes.", (
    F("template", str, True, "regional template (national is the fallback)"),
    F("kind", str, True, "budget or final", allowed=KINDS),
    F("tables", doc="table families in print order", **_STRS),
    F("parts", list, True, "the parts", schema=PART),
    F("units", dict, doc="money unit by family (key default: the others)")))
TERM = Schema("[[term]] (generate/document.toml)", "A 名词解释 entry.", (
    F("name", str, True, "the term"), F("text", str, True, "its explanation")))
INPUTS = Schema("[inputs] (generate/document.toml)", "Which input claims count as zero.", (
    F("zero_claims", doc="claim kinds that state a zero", **_STRS),
    F("zero_measures", doc="measures such claims zero", **_STRS),
    F("carried_claims", doc="claim kinds carried over as stated", **_STRS)))
WORKBOOK = Schema("[workbook] (generate/document.toml)", "Rows of the input workbook's sheets.", (
    F("changes", doc="measures with a change row", **_STRS),
    F("others", doc="other measures", **_STRS), F("assets", doc="asset measures", **_STRS),
    F("staff", doc="staff measures", **_STRS)))
_RX: dict[str, Any] = dict(type=str, format="regex")
SOURCE = Schema("[source] (generate/document.toml)", "How a published document's narrative is read "
                "into inputs (generate/inputs.py): its wording, as data.", (
    F("reason_lead", required=True, doc="the lead of a reason (主要原因是), stripped", **_RX),
    F("functions", required=True, doc="a heading over the unit's 职能 paragraphs", **_RX),
    F("organisation", required=True, doc="a heading over its 机构设置 paragraphs", **_RX),
    F("profile_end", required=True, doc="a table's title or a note: the profile ended before it",
      **_RX),
    F("heading", required=True, doc="a numbered heading (一、, （一）, 第一部分)", **_RX)))
KIND = Schema("[kind.*] (generate/document.toml)", "Words of a document phase.", (
    F("phase", str, True, "预算 or 决算"), F("amount", str, True, "the amount column's header")))
LEVEL = Schema("[level.*] (generate/document.toml)", "Words of a level.", (
    F("name", str, True, "部门 or 单位"),))
DOCUMENT_TOP = Schema("generate/document.toml", "The file's top level.", (
    F("section", list, True, "see [[section]]"), F("document", list, True, "see [[document]]"),
    F("term", list, doc="see [[term]]"), F("inputs", dict, doc="see [inputs]"),
    F("workbook", dict, doc="see [workbook]"), F("source", dict, doc="see [source]"),
    F("kind", dict, True, "budget and final: see [kind.*]"),
    F("level", dict, True, "department and unit: see [level.*]")))

COLUMN = Schema("columns (generate/tables.toml)", "A value column of a side.", (
    F("path", list, True, "header path", items=str),
    F("suffix", str, doc="measure suffix of a code row"),
    F("prefix", str, doc="measure prefix of a code row"),
    F("basis", str, doc="basis of the column (default current)"),
    F("kinds", doc=f"kinds whose tables print it (within {list(KINDS)}; default all)", **_STRS)))
ROW = Schema("rows (generate/tables.toml)", "A fixed row, a row per code or a row per item.", (
    F("label", str, doc="a fixed row's label"),
    F("cells", doc="a fixed row's measure per column", **_STRS),
    F("codes", str, doc="measure prefix: one row per classification code with data"),
    F("digits", list, doc="code lengths printed (with codes)", items=int),
    F("items", str, doc="one row per listed item of the inputs", allowed=ITEM_LISTS)))
SIDE = Schema("[[table.side]] (generate/tables.toml)", "One side of a table.", (
    F("keys", list, True, "key columns' header paths (at most code, name)", items=list),
    F("columns", list, True, "value columns", schema=COLUMN),
    F("rows", list, True, "rows", schema=ROW),
    F("parts", bool, doc="rows are parts of the side's total")))
TABLE = Schema("[[table]] (generate/tables.toml)", "One table the generator writes.", (
    F("family", str, True, "the table family (rules/tables.toml)"),
    F("title", dict, True, "title per kind (budget, final)"),
    F("empty_note", dict, True, "note per kind when the table is empty"),
    F("side", list, True, "its sides", schema=SIDE),
    F("unit_line", str, doc="unit line of a table of counts")))
PERFORMANCE = Schema("[performance] (generate/tables.toml)", "Labels and titles of the "
                     "performance forms.", tuple(F(k, str, True, "label or title")
                                                 for k in PERF_KEYS))
TABLES_TOP = Schema("generate/tables.toml", "The file's top level.", (
    F("table", list, True, "see [[table]]"), F("performance", dict, True, "see [performance]")))

CORRECTION_KINDS = ("figure", "conflict", "reason")
CORRECTION = Schema("[[correction]] (generate/corrections.toml)", "One way the generator corrects "
                    "its inputs, and how the correction is worded.", (
    F("id", str, True, "stable id"),
    F("kind", str, True, "what is corrected", allowed=CORRECTION_KINDS),
    F("resolves", list, True, "rule ids (or kinds) of the findings it resolves", items=str),
    F("zh", str, True, "wording, zh (str.format fields)"), F("en", str, True, "wording, en"),
    F("prefer", str, doc="which term to set when several could be (figure)"),
    F("reason_zh", str, doc="the reason sentence (reason: required)"),
    F("part_zh", str, doc="one part of it (reason: required)"),
    F("joiner", str, doc="between parts (default ，)"),
    F("directions", list, doc="up and down words (reason: required)", items=str)))
CORRECTIONS_TOP = Schema("generate/corrections.toml", "The file's top level.", (
    F("schema", int, doc="format version"), F("correction", list, doc="see [[correction]]")))

#: natures of a 绩效 indicator (the comparator its 指标值 begins with) and how a shortfall scores
NATURES = ("lower_bound", "upper_bound", "exact")
SHORTFALL = ("proportional", "judgment")
_COMPARATORS: dict[str, Any] = dict(type=list, items=str, format="non-empty")
SCORING_NATURE = Schema("[nature] (generate/scoring.toml)",
                        "The comparators a printed 指标值 begins with, by nature.", tuple(
    F(n, required=True, doc=f"comparators that make an indicator {n}", **_COMPARATORS)
    for n in NATURES))
SCORING_SHORTFALL = Schema("[shortfall] (generate/scoring.toml)",
                           "How a shortfall of each nature is scored.", tuple(
    F(n, str, True, f"an indicator of nature {n} short of its target", allowed=SHORTFALL)
    for n in NATURES))
SCORING_TIER = Schema("[[tier]] (generate/scoring.toml)",
                      "A tier of a qualitative 实际完成值 and the range of its 得分.", (
    F("name", str, True, "the tier's key"), F("zh", str, True, "its zh name"),
    F("low", float, True, "the range's low end, as a share of the 分值"),
    F("high", float, True, "the range's high end, as a share of the 分值"),
    F("low_open", bool, doc="the low end excluded"),
    F("words", str, True, "regex over the 实际完成值 (spaces removed) that names the tier",
      format="regex")))
SCORING_TOP = Schema("generate/scoring.toml", "The file's top level (see its header).", (
    F("schema", int, doc="format version", allowed=(1,)),
    F("over_achievement", float, True, "share of the target an achieved actual may pass it by "
      "and still score full marks"),
    F("execution_row", str, True, "regex over the 预算执行率 row's name", format="regex"),
    F("execution_shortfall", str, True, "how an execution rate below 100% is scored",
      allowed=SHORTFALL),
    F("nature", dict, True, "see [nature]"), F("shortfall", dict, True, "see [shortfall]"),
    F("equal_tier", str, doc="the tier of a qualitative 实际完成值 that prints the 指标值 itself"),
    F("tier", list, doc="qualitative tiers, in the order they are tried", schema=SCORING_TIER)))

SCHEMAS = (DOCUMENT_TOP, DOCUMENT, PART, SECTION, TERM, INPUTS, WORKBOOK, SOURCE, KIND, LEVEL,
           TABLES_TOP, TABLE, SIDE, COLUMN, ROW, PERFORMANCE, CORRECTIONS_TOP, CORRECTION)
#: (file, what it holds, its schemas), as :data:`budgetlens.rules.formats.DECLARED` lists the others.
DECLARED = (("generate/document.toml, generate/tables.toml, generate/corrections.toml",
             "what the generator writes (documents, parts, sections, tables) and how it corrects "
             "its inputs", SCHEMAS),
            ("generate/scoring.toml", "how a 绩效自评表 indicator's 得分 follows from its 指标值, "
             "实际完成值 and 分值", (SCORING_TOP, SCORING_NATURE, SCORING_SHORTFALL, SCORING_TIER)))
