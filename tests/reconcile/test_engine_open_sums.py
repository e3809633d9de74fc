"""A total with an unnamed part is not checked as a closed sum (reconcile/engine.py ``_open_sum``).

重庆 经信委 2026: "共有车辆70辆，其中业务用车17辆，机要通信用车2辆，应急保障用车27辆，特种专业技术用车
18辆，执法执勤用车5辆，其他按照规定配备的公务用车1辆" — 业务用车 has no measure key, so the named
categories add up to 52, not 70; the narrative records an ``unnamed_part`` claim for the total and
the sum identity must not report a gap.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.pipeline import process

PDF = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "pdf"


def test_vehicle_total_with_unnamed_category_is_not_summed():
    path = PDF / "chongqing_jxw_2026_yusuan_textlayout.pdf"
    if not path.exists():
        pytest.skip("corpus not available")
    result = process(str(path))
    facts = result.disclosure.facts
    assert [f.value for f in facts if f.measure == "assets.vehicles"] == [Decimal(70)]
    parts = [f.value for f in facts if f.measure.startswith("assets.vehicles.")]
    assert sum(parts) == 52  # the named categories, as extracted
    assert any(c.kind == "unnamed_part" and c.measure == "assets.vehicles"
               for c in result.disclosure.claims)
    assert not [f for f in result.audit.findings if f.rule == "vehicles-by-category"]
    assert any(a.rule == "vehicles-by-category" and "未列名" in a.reason
               for a in result.audit.not_assessable)
