"""The number lexer: how disclosures print numbers, declared once for every stage.

Why one module, and why here: the readers (``read/``) must tell a figure from a word before any
table exists (a row of amounts continues a table across a page; an OCR run that reads as a clean
number is checked for lost digits), the table extractor parses cells, and the sentence tokeniser
finds figures inside running text. They all meet the same printing habits: full-width digits and
separators (１２３，４５６．７８), thousands separators (千分位: 1,234.50), negatives printed with a
minus sign or in brackets ((3.2)), percentages and money in 元, 万元 or 亿元. ``read/`` sits below
``extract/`` in the import contract, so the one lexer lives on the floor both may import, beside
the other knowledge of how documents are printed.

What it offers, from the strictest to the loosest:

* :func:`parse_number`: a cell that is exactly one number → its value and displayed precision;
* :func:`figure_pattern`: the figures inside a sentence, with the units the lexicon declares;
* shapes (compiled patterns) that say only whether a text *looks like* a number, for the readers:
  :data:`CLEAN_NUMBER`, :data:`PRINTED_AMOUNT`, :data:`AMOUNT_LIKE`, :data:`DIGIT_RUN` and
  :func:`is_numeric_cell`.

Every shape is built from the same pieces (:data:`INTEGER`: grouped by thousands or not at all),
so a change of what counts as a printed figure is made here once.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple, Optional

# Full-width digits and punctuation that occur inside numbers. Applied only to matched spans, never
# to whole texts (NFKC over a text rewrites （一） and ， and breaks quoted evidence).
_FULLWIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                            "．": ".", "，": ",", "％": "%", "－": "-", "＋": "+", "−": "-",
                            "—": "-", "–": "-"})

#: Cell texts that mean "nothing printed here".
BLANK_MARKS = frozenset({"", "-", "--", "—", "——", "－", "/", "／", "…", "──", "*"})

#: The integer part of a printed figure: grouped by thousands (1,234,567) or not at all (1234567).
#: A broken group (1,23) is no figure: it is a misread or two numbers run together.
INTEGER = r"\d{1,3}(?:,\d{3})+|\d+"

#: A figure inside running text: not glued to a digit or a point before it (the "3.4" of
#: "12.3.4" is no figure of its own); groups ``int`` and ``frac``.
FIGURE = rf"(?<![\d.])(?P<int>{INTEGER})(?:\.(?P<frac>\d+))?"

#: A cell that is exactly one number: optional brackets (a negative), sign, unit, spaces.
_CELL_RE = re.compile(
    r"^\s*(?P<open>[(（])?\s*(?P<sign>[-+])?\s*"
    rf"(?P<int>{INTEGER})(?:\.(?P<frac>\d+))?\s*(?P<close>[)）])?\s*"
    r"(?P<unit>万元|亿元|元|%|个百分点)?\s*$")
_INNER_SPACE = re.compile(r"(?<=\d)\s+(?=[\d.,])|(?<=[.,])\s+(?=\d)")

#: An OCR run that reads as one clean number (ASCII, well grouped; group 1: the decimals).
CLEAN_NUMBER = re.compile(rf"^[-+]?[(（]?(?:{INTEGER})(?:\.(\d+))?[)）]?%?$")
#: A cell printed as one amount, spaces removed (group 1: the decimals): "12,437.36", "-3".
PRINTED_AMOUNT = re.compile(rf"-?(?:{INTEGER})(?:\.(\d+))?")
#: Somewhere in a text, a figure that can only be an amount: decimals or a thousands separator
#: (a bare "2024" or "3" may be a year, a code or a numbering).
AMOUNT_LIKE = re.compile(r"\d[\d,]*\.\d|\d{1,3}(,\d{3})+")
#: Digits and separators only: what is left of an amount cut at a cell edge ("6", ".36").
DIGIT_RUN = re.compile(r"[\d.,]*\d[\d.,]*")
#: A table cell that reads as a number (loosely: separators anywhere, a bracket, sign or % around
#: it), after full-width digits are folded: the readers' test of a numeric column.
NUMERIC_CELL = re.compile(r"^[(（]?[-+]?\d[\d,，]*(?:\.\d+)?[)）]?%?$")

#: The figure printed at the end (``$``) or the start (``^``) of a stretch of text: its digits,
#: thousands separators and decimals (the pieces :func:`figures_apart` looks at).
_TRAILING_FIGURE = re.compile(r"[\d,.]*\d$")
_LEADING_FIGURE = re.compile(r"^\d[\d,.]*")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def figures_apart(left: str, right: str) -> bool:
    """Whether the digits ending ``left`` and those starting ``right``, printed with whitespace
    between them, are two figures rather than one figure spaced apart.

    Why: matching drops whitespace, and a PDF's kerning or letter-spacing does print one figure
    apart ("1 234.50", "2 0 2 5"). A figure grouped by thousands is printed whole, though: beside
    one, the space parts two cells of a table flattened into a line ("八、其他收入 8
    11,122,315.04 13,628,965.89": the row number 8, then the amounts), and joined they read as
    811,122,315.0413."""
    a, b = _TRAILING_FIGURE.search(left), _LEADING_FIGURE.match(right)
    if a is None or b is None:
        return False
    return bool(_GROUPED.fullmatch(a.group().rstrip(".,")) or _GROUPED.fullmatch(b.group().rstrip(".,")))


WAN = Decimal(10000)
#: the unit money facts are held in: a figure printed in 元, 千元 or 亿元 is converted to it
#: (:func:`to_wan`), and a document written prints its money in it unless told otherwise
MODEL_UNIT = "万元"


class Number(NamedTuple):
    """A parsed number: ``value`` as printed (not unit-converted), ``decimals`` as printed,
    ``percent`` True when printed with %."""

    value: Decimal
    decimals: int
    percent: bool = False
    unit: str = ""


def normalize_digits(text: str) -> str:
    """Full-width digits and number punctuation to ASCII, nothing else."""
    return text.translate(_FULLWIDTH)


# Parsing is a pure function of the text, and a document asks for the same few thousand texts
# again and again (every cell is parsed by the table reader, the column typer, the reading checks
# and the fact maker: 250k calls, 11k distinct texts over the corpus). Bounded, so a long batch
# does not grow without end; the results (bool, immutable Number) are safe to share.
_CACHE = 1 << 16


@lru_cache(maxsize=_CACHE)
def is_blank(text: str) -> bool:
    return normalize_digits(text).strip().replace(" ", "") in BLANK_MARKS


def is_numeric_cell(text: str) -> bool:
    """Does a cell's text read as a number (:data:`NUMERIC_CELL`, full-width folded)?"""
    return NUMERIC_CELL.match(text) is not None or (
        not text.isascii() and NUMERIC_CELL.match(normalize_digits(text)) is not None)


@lru_cache(maxsize=_CACHE)
def parse_number(text: str) -> Optional[Number]:
    """Parse a cell-like text that is exactly one number (with optional unit); else None.

    ``"1,234.50"`` → 1234.50 (2 decimals); ``"(3.2)"`` and ``"-3.2"`` → −3.2; ``"12.5%"`` → 12.5
    percent. Spaces inside the number (``"1 234.50"`` from PDF kerning) are removed first.
    Cached (see :data:`_CACHE`): the result is an immutable :class:`Number`.
    """
    if text is None:
        return None
    s = normalize_digits(text).strip()
    if not s or s in BLANK_MARKS:
        return None
    s = _INNER_SPACE.sub("", s)
    m = _CELL_RE.match(s)
    if not m:
        return None
    if bool(m.group("open")) != bool(m.group("close")):
        return None
    digits = m.group("int").replace(",", "")
    frac = m.group("frac") or ""
    try:
        value = Decimal(f"{digits}.{frac}" if frac else digits)
    except InvalidOperation:
        return None
    if m.group("sign") == "-" or m.group("open"):
        value = -value
    unit = m.group("unit") or ""
    return Number(value, len(frac), unit == "%", unit)


@lru_cache(maxsize=8)
def figure_pattern(units: tuple[str, ...]) -> re.Pattern:
    """Figures in running text, each with the unit printed right after it (group ``unit``,
    longest unit first: 万元 before 元, 个团组 before 个)."""
    alt = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    return re.compile(FIGURE + f"(?P<unit>{alt})?")


def figure_value(m: re.Match) -> tuple[Optional[Decimal], int]:
    """(value as printed, decimals as printed) of a :func:`figure_pattern` match."""
    frac = m.group("frac") or ""
    try:
        return Decimal(m.group("int").replace(",", "") + (f".{frac}" if frac else "")), len(frac)
    except InvalidOperation:
        return None, len(frac)


def to_wan(value: Decimal, decimals: int, money_unit: str) -> tuple[Decimal, int]:
    """Convert an amount printed in ``money_unit`` (元, 万元, 亿元, 千元) to 万元, keeping precision."""
    if money_unit == "元":
        return value / WAN, decimals + 4
    if money_unit == "千元":
        return value / Decimal(10), decimals + 1
    if money_unit == "亿元":
        return value * WAN, max(decimals - 4, 0)
    return value, decimals


def per_unit(money_unit: str) -> Decimal:
    """万元 per one printed unit of ``money_unit`` (元: 0.0001): :func:`to_wan`'s factor, for the
    writer that prints a 万元 figure in a table's unit and reads it back."""
    return to_wan(Decimal(1), 0, money_unit)[0]


def half_unit(decimals: int) -> Decimal:
    """Half a unit of the last displayed digit: the rounding uncertainty of a printed figure."""
    return Decimal(5) * Decimal(10) ** (-(decimals + 1))


__all__ = ["AMOUNT_LIKE", "BLANK_MARKS", "CLEAN_NUMBER", "DIGIT_RUN", "FIGURE", "INTEGER",
           "MODEL_UNIT", "NUMERIC_CELL", "Number", "PRINTED_AMOUNT", "WAN", "figure_pattern",
           "figure_value", "half_unit", "is_blank", "is_numeric_cell", "normalize_digits",
           "parse_number", "per_unit", "to_wan"]
