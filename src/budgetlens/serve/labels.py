"""Names beside the keys of an aggregate's cells (``?lang=zh|en``): a measure key and a region
code are exact for a program, not for a reader of a downloaded sheet.

Why on request only: the cells' shape stays what clients of the first version read; a caller who
wants names asks for them in one language, and the English comes from the reference data
(``rules/reference/names_en.csv``, ``regions_en.csv``) as on the English pages.
"""

from __future__ import annotations

from typing import Optional

from ..rules.measures import describe
from ..rules.reference import load_gazetteer
from ..rules.reference.english import code_name, region_label


def region_name(code: Optional[str], lang: str) -> str:
    """A region code (or prefix) named from the gazetteer, in English where the data has it."""
    if not code:
        return ""
    full = code.ljust(6, "0")[:6]
    gaz = load_gazetteer()
    name = gaz.regions[full].name if gaz is not None and full in gaz.regions else None
    return region_label(full if name else code, name, lang)


def with_labels(cells: list[dict], dims: tuple[str, ...], lang: str) -> tuple[str, ...]:
    """Add ``measure_label`` / ``region_label`` to each cell (in place) for the dimensions that
    have them; the names of the columns added."""
    added = []
    if "measure" in dims:
        added.append("measure_label")
        for c in cells:
            c["measure_label"] = describe(c["measure"], lang, c.get("year")) if c["measure"] else ""
    if "region" in dims:
        added.append("region_label")
        for c in cells:
            c["region_label"] = region_name(c["region"], lang)
    return tuple(added)


def item_label(code: str, lang: str) -> str:
    """A 类/款/项 as a search result names it in ``lang``: the code and its name, and for a 项 or
    款 the names above it (行政运行 is under many 款), in English where the reference has them."""
    parents = [code_name(code[:n], None, lang) for n in (3, 5) if n < len(code)]
    label = f"{code} {code_name(code, None, lang)}"
    if parents and all(parents):
        label += (" (" + " › ".join(parents) + ")") if lang == "en" else \
            ("（" + " › ".join(parents) + "）")
    return label
