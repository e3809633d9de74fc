"""OCR confusions (``ocr_confusions.csv``): misreadings of budget words fixed in recognised text.

Why data: an OCR engine confuses look-alike characters (入/人) in ways that break the labels
extraction matches (收入合计 read as 收人合计 loses the income total). Each row is a regular
expression for the misreading, the printed text, and why the pattern is safe (which real words it
must not touch). A new confusion is one row. Only recognised text is corrected, never a text
layer, and never a number: numbers are guarded, not repaired (see ``read/pdf_ocr.py``).

Loading validates every row and names the bad line: a broken file is a bug in package data, so it
raises :class:`OcrRulesError`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from .schema import Field as F, RuleError, Schema, csv_rows

FILE = "ocr_confusions.csv"
CONFUSION = Schema("ocr_confusions.csv (one row per misreading)", "A known OCR misreading of "
                   "words (never of numbers) and what was printed.", (
    F("pattern", str, True, "regex of the misread text (with its guards)", format="regex"),
    F("printed", str, True, "what was printed (no digits)"),
    F("why", str, True, "when the engine misreads it, and what is left alone")))
SCHEMAS = (CONFUSION,)


#: The rules kit's one error class (:class:`.schema.RuleError`), under this loader's name:
#: ocr_confusions.csv has a bad row; the message names the line and field.
OcrRulesError = RuleError


class Confusion(NamedTuple):
    regex: re.Pattern
    printed: str
    why: str


def parse_confusions(text: str) -> tuple[Confusion, ...]:
    """Rows of the CSV (each checked against :data:`CONFUSION`) as compiled records; raises
    :class:`~.schema.RuleError` naming the file, line and column."""
    out = []
    for n, row in csv_rows(text, CONFUSION, FILE):
        pattern, printed, why = row["pattern"], row["printed"], row["why"]
        if any(ch.isdigit() for ch in printed):
            raise OcrRulesError("'printed' must not hold digits (numbers are never repaired)",
                                file=FILE, line=n, key="printed")
        regex = re.compile(pattern)
        if regex.search(printed):
            raise OcrRulesError("'pattern' matches its own 'printed' text", file=FILE, line=n,
                                key="pattern")
        out.append(Confusion(regex, printed, why))
    return tuple(out)


@lru_cache(maxsize=1)
def load_confusions() -> tuple[Confusion, ...]:
    text = resources.files("budgetlens.rules").joinpath("ocr_confusions.csv").read_text("utf-8")
    return parse_confusions(text)


def fix_confusions(text: str) -> str:
    """``text`` with every known misreading replaced by what was printed."""
    for c in load_confusions():
        text = c.regex.sub(c.printed, text)
    return text
