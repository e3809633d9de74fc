"""Parse printed numbers: amounts, percentages and counts as they appear in disclosures.

Why a re-export: the number lexer lives in :mod:`budgetlens.rules.numbers`, the floor that both
the readers and the extractor may import (``read/`` sits below ``extract/``, and both meet the same
printed figures). The table and sentence modules of this package keep importing from here.
"""

from __future__ import annotations

from budgetlens.rules.numbers import (BLANK_MARKS, WAN, Number, half_unit, is_blank,
                                      normalize_digits, parse_number, to_wan)

__all__ = ["BLANK_MARKS", "Number", "WAN", "half_unit", "is_blank", "normalize_digits",
           "parse_number", "to_wan"]
