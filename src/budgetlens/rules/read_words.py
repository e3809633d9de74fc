"""The domain wording the readers match by (``read_words.toml``), loaded and compiled once.

Why data: which line numbers a table (表一：, 附表3), heads a table of contents (目 录), states a
table's unit (单位：), continues a table on the next page (续表) or only numbers the page, which
row of a printed one-row stream is a subtotal (小计) — these are how disclosures are printed, and a
region that prints them its own way needs one line added here, not a pattern changed in
``read/``. The readers keep the mechanism (stitching pages, finding a table's title block, one-row
streams). Declared and parsed as ``extract_words.toml`` is (one schema per section, every key a
regex or a list of words; a bad key named with its file, line and key).

What stays in ``read/``: the shape of text, the same in every region (the CJK block's bounds of
:mod:`~budgetlens.read.encoding` and :mod:`~budgetlens.read.ruby`, sentence punctuation, digits);
the figures' shapes are :mod:`.numbers`'.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from .extract_words import RX, WORDS, Declared, WordSection, parse_word_sections, word_schemas

FILE = "read_words.toml"

#: section → (what it is for, {key: (kind, meaning)}): the declaration each schema is built from
DECLARED: Declared = {
    "titles": ("Table titles and the lines around a table (read/common.py, pdf_stitch.py, "
               "pdf_textgrid.py, textflat.py).", {
        "table_number": (RX, "a line that numbers a table (表一：, 附表3, 公开表二): a title block "
                             "starts here"),
        "contents_head": (RX, "a table of contents' head (目录, 目 录): the short lines under it "
                              "list the document's parts, not a table's title"),
        "unit_line": (RX, "a line stating a table's unit (单位：), searched"),
        "unit_mark": (RX, "a title-row cell stating the unit (单位:), searched, on a PDF page"),
        "page_number": (RX, "a line that is only a page number (第3页 共20页, - 3 -), matched whole"),
        "continued": (RX, "a continuation mark of a title (续表, (续)), removed from it"),
        "title_word": (RX, "a title naming a table: a word before 表 (not 附表, 续表)"),
        "table_word": (WORDS, "the word a table's title holds, and ends on (表)"),
        "above_header": (RX, "a title or unit line above a text table, never part of its header"),
        "title_cell": (RX, "a table's whole title as the one filled cell of a pipe row "
                           "(…自评表(2023年度)): it ends the table above and titles the next one"),
    }),
    "sheets": ("Spreadsheets: the note rows above a sheet's table (read/spreadsheet.py).", {
        "unit_note": (RX, "a row that is the unit or 编制单位 note (金额单位：, 编制部门：)"),
        "title_words": (RX, "words that make a row above the table its title or note"),
    }),
    "rows": ("Rows of a printed one-row stream (read/pipeonerow.py).", {
        "subtotal": (WORDS, "a header cell that is a subtotal column, not an item's name (小计)"),
    }),
    "forms": ("Forms going on over the next page with their columns refitted "
              "(read/pdf_refit.py).", {
        "indicator": (RX, "a cell naming a performance indicator (一级指标, 质量指标, 指标1：), "
                          "searched: the rows of a form's indicator block"),
        "block_label": (RX, "a form's block label spanning its rows down the first column, "
                            "with the block's score (绩效指标(90分)), matched whole"),
    }),
}

SCHEMAS = word_schemas(FILE, DECLARED)


@dataclass(frozen=True)
class ReadWords:
    """``read_words.toml``, compiled: ``sections[name]`` (see the file for what each holds)."""

    sections: Mapping[str, WordSection]

    def __getitem__(self, name: str) -> WordSection:
        return self.sections[name]


def parse_read_words(data: Mapping[str, Any], text: str = "") -> ReadWords:
    """Check a parsed ``read_words.toml`` against its schemas (``text`` lets errors name the
    line) and compile it."""
    return ReadWords(parse_word_sections(data, text, FILE, DECLARED))


@lru_cache(maxsize=1)
def load_read_words() -> ReadWords:
    """The package's read words (parsed once per process)."""
    text = resources.files("budgetlens.rules").joinpath(FILE).read_text(encoding="utf-8")
    return parse_read_words(tomllib.loads(text), text)


__all__ = ["DECLARED", "ReadWords", "SCHEMAS", "load_read_words", "parse_read_words"]
