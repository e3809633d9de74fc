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

import csv
import re
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from .schema import RuleError

_HEADER = ["pattern", "printed", "why"]


#: The rules kit's one error class (:class:`.schema.RuleError`), under this loader's name:
#: ocr_confusions.csv has a bad row; the message names the line and field.
OcrRulesError = RuleError


class Confusion(NamedTuple):
    regex: re.Pattern
    printed: str
    why: str


def parse_confusions(text: str) -> tuple[Confusion, ...]:
    """Rows of the CSV as compiled records; raises OcrRulesError naming the bad line."""
    rows = list(csv.reader(text.splitlines()))
    if not rows or rows[0] != _HEADER:
        raise OcrRulesError(f"ocr_confusions.csv line 1: header must be {','.join(_HEADER)}")
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != 3:
            raise OcrRulesError(f"ocr_confusions.csv line {n}: expected 3 fields, got {len(row)}")
        pattern, printed, why = row
        if not printed or not why.strip():
            raise OcrRulesError(f"ocr_confusions.csv line {n}: 'printed' and 'why' are required")
        if any(ch.isdigit() for ch in printed):
            raise OcrRulesError(f"ocr_confusions.csv line {n}: 'printed' must not hold digits "
                                "(numbers are never repaired)")
        try:
            regex = re.compile(pattern)
        except re.error as e:
            raise OcrRulesError(f"ocr_confusions.csv line {n}: bad 'pattern': {e}") from None
        if regex.search(printed):
            raise OcrRulesError(f"ocr_confusions.csv line {n}: 'pattern' matches its own "
                                "'printed' text")
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
