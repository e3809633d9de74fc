"""Performance indicator rows (绩效指标: 一级/二级/三级指标, 指标值, 实际完成值, 分值, 得分) as inputs.

WHY values are kept as printed text beside their number: an indicator's 指标值 is "≤87.45万元",
"=100%" or "显著改善" — the comparator, the unit and a qualitative target are part of what is
published, while the reader takes only the number (``performance.<…>.indicator.<k>.target``) and
keeps the printed text in the fact's label. So an indicator is written back as printed, and its
number is what the reader will read from that text (the reader's own ``indicator_number``).

Sources: the workbook's 绩效指标 sheet (one row per indicator, its cells as sources), a JSON's
``projects[].indicator_rows``, or an ``extract`` JSON's indicator facts (the round trip of a
published 绩效目标表 / 绩效自评表: names and printed values from the facts' labels).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional

from ..extract.numbers import Number
from ..extract.table_perf import indicator_number
from ..model import Fact, Source

if TYPE_CHECKING:  # the rules are loaded when first asked for
    from ..rules.table_layouts import Performance

_INDICATOR = re.compile(r"^performance\.(project|self_eval)\.(\d+)\.indicator\.(\d+)\.(\w+)$")
#: a 绩效目标表's indicator weight (the reader's performance.project.<n>.weight.<k>)
_TARGET_WEIGHT = re.compile(r"^performance\.(project)\.(\d+)\.weight\.(\d+)$")
_HEADED = re.compile(r"^(?P<name>.*?)（[^（）]*）(?P<shown>[^（）]*)$")  # name（完成值）shown


@dataclass(frozen=True)
class Indicator:
    """One indicator row. ``target``/``actual`` as printed (a number with comparator and unit, or
    text); ``weight`` (分值 / 指标权重) and ``score`` (得分) as numbers."""

    name: str
    target: str = ""
    level1: str = ""
    level2: str = ""
    actual: str = ""
    weight: Optional[Decimal] = None
    score: Optional[Decimal] = None
    source: Optional[Source] = None
    #: the cells that print the 指标值 and the 实际完成值 (a value in words is no fact: its cell
    #: is its only provenance), when they are known apart from ``source``
    target_source: Optional[Source] = None
    actual_source: Optional[Source] = None
    #: the cell of the 得分 (``source`` is the row's first fact, its 分值's when it has one)
    score_source: Optional[Source] = None


@lru_cache(maxsize=1)
def perf_layout() -> Performance:
    """The reader's 绩效 table patterns ([performance] of rules/tables.toml)."""
    from ..rules.table_layouts import load_table_layouts

    return load_table_layouts().performance


def number(text: str) -> Optional[Number]:
    """The number the reader takes from a printed indicator value (None: text, e.g. 显著改善)."""
    return indicator_number(text, perf_layout()) if text else None


def _decimal(value: Any) -> Optional[Decimal]:
    if value is None or str(value).strip() == "":
        return None
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None


def from_dict(d: Mapping[str, Any], source: Source) -> Indicator:
    """An indicator of a hand-written JSON (``level1``, ``level2``, ``name``, ``target``,
    ``actual``, ``weight``, ``score``)."""
    return Indicator(str(d.get("name", "")), str(d.get("target", "")), str(d.get("level1", "")),
                     str(d.get("level2", "")), str(d.get("actual", "")), _decimal(d.get("weight")),
                     _decimal(d.get("score")), source)


def _split_target(label: str, value: Decimal) -> tuple[str, str]:
    """(name, printed value) of a target fact's label "项目总成本 ≤87.45万元": the printed value is
    the last space-separated run holding the number (the reader joins name, comparator, value)."""
    parts = label.split(" ")
    for i in range(1, len(parts)):  # the longest such run: a comparator printed apart ("≥ 50%") is its own
        n = number("".join(parts[i:]))
        if n is not None and n.value == value:
            return " ".join(parts[:i]), "".join(parts[i:])
    return label, ""


def _merge(rows: dict[int, dict], k: int, field: str, value: Any) -> None:
    rows.setdefault(k, {}).setdefault(field, value)


def from_facts(facts: Iterable[Fact]) -> dict[tuple[str, int], list[Indicator]]:
    """Indicators of an ``extract`` JSON by (``project`` | ``self_eval``, n), in k order."""
    found: dict[tuple[str, int], dict[int, dict]] = {}
    for f in facts:
        m = _INDICATOR.match(f.measure) or _TARGET_WEIGHT.match(f.measure)
        if m is None or f.basis != "current":
            continue
        rows = found.setdefault((m.group(1), int(m.group(2))), {})
        k, what = (int(m.group(3)), m.group(4)) if m.re is _INDICATOR else (int(m.group(3)), "weight")
        if what == "target":
            name, shown = _split_target(f.label or "", f.value)
            rows.setdefault(k, {})["name"] = name  # the 三级指标 (a weight's label is its 一级)
            _merge(rows, k, "target", shown)
            _merge(rows, k, "source", f.source)
        elif what == "actual":
            hm = _HEADED.match(f.label or "")
            if hm:
                _merge(rows, k, "name", hm["name"])
                _merge(rows, k, "actual", hm["shown"])
        elif what in ("weight", "score"):
            _merge(rows, k, what, f.value)
            _merge(rows, k, "name", f.label or "")
            _merge(rows, k, "source", f.source)
            if what == "score":
                _merge(rows, k, "score_source", f.source)
    return {key: [Indicator(**{"name": "", **rows[k]}) for k in sorted(rows)]
            for key, rows in found.items()}
