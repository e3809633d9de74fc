"""Parse printed numbers: amounts, percentages and counts as they appear in disclosures.

Why here: tables and sentences print numbers the same ways (thousands separators, full-width digits,
``-`` or ``—`` for nothing, parentheses or a minus sign for negatives, trailing units), and the
rounding tolerance of every later check depends on the number of decimals *as printed*. So one
parser serves both, and it returns the displayed precision along with the value.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple, Optional

# Full-width digits and punctuation that occur inside numbers. Applied only to matched spans, never
# to whole texts (NFKC over a text rewrites （一） and ， and breaks quoted evidence).
_FULLWIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                            "．": ".", "，": ",", "％": "%", "－": "-", "＋": "+", "−": "-",
                            "—": "-", "–": "-"})

# Cell texts that mean "nothing printed here".
BLANK_MARKS = frozenset({"", "-", "--", "—", "——", "－", "/", "／", "…", "──", "*"})

_NUMBER_RE = re.compile(
    r"^\s*(?P<open>[(（])?\s*(?P<sign>[-+])?\s*"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?\s*(?P<close>[)）])?\s*"
    r"(?P<unit>万元|亿元|元|%|个百分点)?\s*$")

WAN = Decimal(10000)


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


def is_blank(text: str) -> bool:
    return normalize_digits(text).strip().replace(" ", "") in BLANK_MARKS


def parse_number(text: str) -> Optional[Number]:
    """Parse a cell-like text that is exactly one number (with optional unit); else None.

    ``"1,234.50"`` → 1234.50 (2 decimals); ``"(3.2)"`` and ``"-3.2"`` → −3.2; ``"12.5%"`` → 12.5
    percent. Spaces inside the number (``"1 234.50"`` from PDF kerning) are removed first.
    """
    if text is None:
        return None
    s = normalize_digits(text).strip()
    if not s or s in BLANK_MARKS:
        return None
    s = re.sub(r"(?<=\d)\s+(?=[\d.,])|(?<=[.,])\s+(?=\d)", "", s)
    m = _NUMBER_RE.match(s)
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


def to_wan(value: Decimal, decimals: int, money_unit: str) -> tuple[Decimal, int]:
    """Convert an amount printed in ``money_unit`` (元, 万元, 亿元, 千元) to 万元, keeping precision."""
    if money_unit == "元":
        return value / WAN, decimals + 4
    if money_unit == "千元":
        return value / Decimal(10), decimals + 1
    if money_unit == "亿元":
        return value * WAN, max(decimals - 4, 0)
    return value, decimals


def half_unit(decimals: int) -> Decimal:
    """Half a unit of the last displayed digit: the rounding uncertainty of a printed figure."""
    return Decimal(5) * Decimal(10) ** (-(decimals + 1))
