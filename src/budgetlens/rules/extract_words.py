"""The domain wording the extractor matches by (``extract_words.toml``), loaded and compiled once.

Why data: which labels are a table's total row (合计, 总计), which cells are a table's title or its
编制单位 line, which words make a row a part of the row above (其中), which words bound an indicator
(以上, 以内) — these are how disclosures are worded, and a region that words them its own way needs
one line added here, not a pattern changed in ``extract/``. The extractor keeps the mechanism
(grids, row keys, sentence states). As ``form_words.toml`` does for the form checks, each section
is declared as a :class:`~.schema.Schema` of the rules kit: an unknown key, a wrong type or a regex
that does not compile is named with its file, line and key (:class:`~.schema.RuleError`).

Every key is one of two kinds, declared below: a regular expression (compiled once, here, so a
module that reads one at import keeps a compiled pattern and never rebuilds it per call) or a list
of words (a tuple, for ``in`` and ``startswith``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from .schema import Field as F, Schema, header_lines

FILE = "extract_words.toml"
RX, WORDS = "regex", "words"

#: section → (what it is for, {key: (kind, meaning)}): the declaration each schema is built from
DECLARED: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {
    "grid": ("Table grids: total rows, title and 编制单位 cells, header furniture "
             "(extract/table_grid.py, table_unplaced.py).", {
        "total_row": (RX, "a 合计/总计 row's whole label (本年收入合计, 支出总计 …)"),
        "total_label": (RX, "a total row's label where a 本年…合计 prefix is not needed: 合计, "
                            "总计, a short name ending in one"),
        "title_cell": (RX, "a cell that is the table's title printed inside the grid"),
        "meta_cell": (RX, "a cell that is the 编制单位/单位 line printed inside the grid"),
        "numbering_marks": (WORDS, "cells of a row numbering the columns (栏次 | 1 | 2 …) "
                                   "besides digits"),
        "numbering_words": (WORDS, "cells that make a row header furniture (栏次, 行次)"),
        "header_word": (WORDS, "a word that makes a total-looking first cell a header (项目)"),
        "year": (RX, "a printed year in a label or title; group 1 the year"),
        "not_a_part": (WORDS, "a row label starting so prints a part of a row above or a note "
                              "(其中, 注), not an unplaced row of its own"),
    }),
    "cells": ("Cells to facts: row keys and value kinds (extract/table_cells.py, "
              "table_rowkey.py).", {
        "split_keys": (WORDS, "column leaves of a code split over 类 | 款 | 项 columns"),
        "share_label": (RX, "a percent column label that states a share (占, 比重, 构成)"),
        "level_suffix": (RX, "a level marker ending a row name ((类), (款), (项))"),
        "lei_suffix": (WORDS, "the ending a 类 name may be printed without when numbered (支出)"),
        "bare_numbering": (RX, "a 类 numbering printed without its 、 (一一般公共服务支出): off "
                               "only when the rest is a 类's full name"),
    }),
    "headings": ("Headings of the narrative and the lines that continue them "
                 "(extract/headings.py).", {
        "amount": (RX, "an amount, or a number cut by the line end: the line is body text"),
        "continuation": (RX, "a line that continues the one above (the rest of a 类/款/项 chain, "
                             "closing punctuation), not a heading"),
        "open_chain": (RX, "a line ending inside a 类/款 chain: the next name may be longer"),
        "chain_rest": (RX, "the rest of a chain's name carried to the next line"),
        "title_end": (RX, "a word the last part of a wrapped title ends on (说明, 情况 …)"),
    }),
    "tokens": ("Sentence tokens: level markers and 类 names as phrases (extract/tokens.py).", {
        "lower_mark": (RX, "a 款/项 marker (normalised brackets) inside a phrase"),
        "level_mark": (RX, "any level marker (normalised brackets)"),
        "name_fold": (WORDS, "[printed, variant]: a 类 name is also matched with the first word "
                             "replaced by the second"),
        "lei_suffix": (WORDS, "the ending a 类 name may be stated without (教育 for 教育支出)"),
        "lei_marker": (WORDS, "the marker that makes a short 类 name safe in place of its suffix "
                              "(教育（类）)"),
        "not_alone": (WORDS, "names that name no 类 alone even with the marker (其他支出)"),
    }),
    "facts": ("Rows and column groups of classified and summary tables (extract/table_facts.py).", {
        "total_name": (WORDS, "the name a total row without a printed name is read under (the "
                              "first word)"),
        "page_total": (WORDS, "a row label (as a whole) that may close one page of a continued table "
                              "with that page's sum (extract/table_pagesum.py)"),
        "grand_total": (WORDS, "a row label (as a whole) of a grand total that may follow the last "
                               "page's 合计 of a continued table"),
        "year_column": (RX, "a column label of this year's figures (the 本年 total beside a grand "
                            "total)"),
        "year_total_word": (WORDS, "a word that makes the grand total column this year's total "
                                   "already"),
        "income_side": (WORDS, "words of a column group on the income side"),
        "expense_side": (WORDS, "words of a column group on the expense side"),
        "expense_heads": (WORDS, "a row label that starts the expense side of a one-column "
                                 "summary table"),
        "section_numbers": (WORDS, "the numbering that opens a new section of rows (一、 … 八、)"),
    }),
    "horizontal": ("三公-like tables: year rows, item rows, total columns "
                   "(extract/table_horizontal.py).", {
        "year_label": (RX, "a row label that is a year (whole label; group 1 the year): 2026年预算数"),
        "year_suffix": (RX, "a year ending a row label, dropped to find the name before it"),
        "of_which": (RX, "the 其中 before an item row's name"),
        "item_total_words": (WORDS, "words of a row that is the table's total item (三公)"),
        "total_labels": (WORDS, "a row label that is the total item, as a whole"),
        "total_column": (RX, "a value column that holds an item's figure (matched whole)"),
        "plain_labels": (WORDS, "row labels that name no item, only the figure (金额, 预算数)"),
        "plain_endings": (WORDS, "row label endings that name no item, only the basis"),
    }),
    "titles": ("Table titles and the lines around them (extract/table_role.py, table_terms.py).", {
        "table_word": (WORDS, "the word a table's title holds or ends on (表)"),
        "meta_line": (RX, "a 编制单位 line above a table (dropped from the title)"),
        "orphan_sentence": (RX, "a line that is a sentence or a reference to a table, not a title"),
        "page_number": (RX, "a line that is only a page number (matched whole)"),
        "tail_number": (RX, "the numbering after the 表 a title's tail starts at (表一：, 表3-1)"),
    }),
    "perf": ("Performance-target tables (extract/table_perf.py).", {
        "bound_words": (RX, "words that make an indicator's number a bound in words (100%以上), not a value"),
        "date_units": (WORDS, "units that make a number without a comparator a date (2024年), not a quantity"),
        "indicator_word": (WORDS, "a header cell holding one of these, with two known columns, heads an indicator table"),
    }),
    "classify": ("A document's own unit and its tables' titles, read to classify it (extract/classify.py, classify_unit.py).", {
        "table_title": (RX, "a line that is a table's title (…预算…表): its words do not classify the document"),
        "title_unit_before": (RX, "a title naming the unit before the year (XX局2026年部门预算); groups unit, year"),
        "title_unit_after": (RX, "a title naming the unit after the year (2026年XX局部门预算); groups unit, year"),
        "included_in": (RX, "a body phrase naming the discloser (纳入XX局部门预算); group unit"),
        "subject": (RX, "a sentence whose subject is the discloser (XX局是…); group unit"),
        "part_heading": (RX, "the heading of the part describing the discloser (第一部分 XX局概况); group unit"),
        "lead_name": (RX, "a sentence led by the discloser's full name and the year (XX卫生院2017年度…决算); group unit"),
        "established": (RX, "the 机构设置 clause establishing the discloser (设立XX委员会，内设…); group unit"),
    }),
    "claims": ("Sentences and claims of the narrative (extract/sentences.py, claim_*.py).", {
        "list_opener": (RX, "a paragraph ending on a count and 其中： opens a list its next lines complete"),
        "glued_item": (RX, "the start of a numbered item glued to the amount before it (…万元2.…)"),
        "list_item": (RX, "a list item's numbering after a clause's comma: a reason or purpose ends there"),
        "title_mark": (RX, "a level marker ending a label: a 类/款/项 title, not a subject"),
        "item_title": (RX, "an item title before an amount: a level mark, or a classification code "
                           "opening the clause"),
        "comparator_year": (RX, "a comparator with its year cut out (比2025年 → 比): group 1 is kept"),
        "year": (RX, "a year a clause is about (2025年; not 比2025年, not 2025年初); group 1 the year"),
        "year_point": (RX, "after a year, a month: the year names a point in time, not a figure's year"),
        "modifier_link": (WORDS, "what may stand between an alias and the alias it modifies (besides nothing)"),
        "bare_amount_unit": (WORDS, "the unit of an amount printed without one where its sentence's other figures have it"),
        "list_remainder": (RX, "a catch-all class name (其他支出) that, after 其中 items we cannot name, is that list's rest"),
        "closed_comparator": (RX, "a comparison closed before its amount (与2016年相比21.79万元): the amount is a change"),
        "inclusive_gloss": (RX, "an aside after a total that only restates what the total includes (含结转和结余)"),
        "inclusive_totals": (WORDS, "the measures (totals with carry-over) such an aside leaves as they are"),
        "sentence_end": (RX, "a character that ends a sentence: a text whose last character is none stops inside one"),
        "list_leads": (WORDS, "words opening a list of parts: in a sentence cut by the text's end, its total is open"),
    }),
}

_KINDS: dict[str, dict[str, Any]] = {RX: dict(type=str, format="regex"),
                                     WORDS: dict(type=list, items=str, format="non-empty")}


Declared = Mapping[str, tuple[str, Mapping[str, tuple[str, str]]]]


def word_schemas(file: str, declared: Declared) -> tuple[Schema, ...]:
    """The schemas of a words file declared as :data:`DECLARED` is: its top level first, then one
    per section (every key required; a regex or a list of words)."""
    sections = tuple(Schema(f"[{name}]", doc, tuple(
        F(key, required=True, doc=meaning, **_KINDS[kind]) for key, (kind, meaning) in keys.items()))
        for name, (doc, keys) in declared.items())
    top = Schema(file, "The file's top level.", (
        F("schema", int, True, "format version", allowed=(1,)),
        *(F(name, dict, True, f"see [{name}]") for name in declared)))
    return (top, *sections)


SCHEMAS = word_schemas(FILE, DECLARED)


@dataclass(frozen=True)
class WordSection:
    """One section of ``extract_words.toml``: its patterns compiled, its word lists as tuples."""

    rx: Mapping[str, re.Pattern[str]]
    words: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class ExtractWords:
    """``extract_words.toml``, compiled: ``sections[name]`` (see the file for what each holds)."""

    sections: Mapping[str, WordSection]

    def __getitem__(self, name: str) -> WordSection:
        return self.sections[name]


def parse_word_sections(data: Mapping[str, Any], text: str, file: str,
                        declared: Declared) -> dict[str, WordSection]:
    """Check a parsed words file against the schemas of ``declared`` (``text``, the file's text
    when given, lets errors name the line) and compile it, section by section: the one parser of
    the words files (``extract_words.toml``, ``read_words.toml``)."""
    top, *schemas = word_schemas(file, declared)
    top.check(data, file, 1 if text else 0, text)
    sections = {}
    for name, schema in zip(declared, schemas):
        lines = header_lines(text, name) if text else []
        raw = data[name]
        schema.check(raw, file, lines[0] if lines else 0, text, name)
        kinds = declared[name][1]
        sections[name] = WordSection(
            rx={k: re.compile(v) for k, v in raw.items() if kinds[k][0] == RX},
            words={k: tuple(v) for k, v in raw.items() if kinds[k][0] == WORDS})
    return sections


def parse_extract_words(data: Mapping[str, Any], text: str = "") -> ExtractWords:
    """Check a parsed ``extract_words.toml`` against its schemas and compile it."""
    return ExtractWords(parse_word_sections(data, text, FILE, DECLARED))


@lru_cache(maxsize=1)
def load_extract_words() -> ExtractWords:
    """The package's extract words (parsed once per process)."""
    text = resources.files("budgetlens.rules").joinpath(FILE).read_text(encoding="utf-8")
    return parse_extract_words(tomllib.loads(text), text)


__all__ = ["ExtractWords", "SCHEMAS", "WordSection", "load_extract_words", "parse_extract_words",
           "parse_word_sections", "word_schemas"]
