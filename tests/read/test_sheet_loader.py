"""calamine in a child process (read/sheet_loader.py): a real workbook the test writes comes back
sheet by sheet (a hidden one named, not read; one over the cell limit refused before calamine
builds it), and the child's bounds — ``limits.parse_timeout_s`` and
``limits.parse_memory_bytes`` (settings since session 14) — stop a parse that passes them."""

from __future__ import annotations

import os
import time

import pytest

from budgetlens.read.settings import DEFAULT_READ
from budgetlens.read.sheet_loader import _in_child, load_sheets


def test_a_workbook_comes_back_sheet_by_sheet(tmp_path):
    """Two visible sheets and a hidden one: the visible ones with their values and merged
    ranges, the hidden one by name only. The near miss: under a cell limit of 3 the 2 × 2
    sheet is refused before calamine reads it (its extent as measured), the 1 × 2 one is read."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    first = book.active
    first.title = "收支总表"
    first.append(["项目", "金额"])
    first.append(["合计", 100.5])
    first.merge_cells("A1:A1")
    second = book.create_sheet("说明")
    second.append(["单位：万元", ""])
    hidden = book.create_sheet("隐藏")
    hidden.append(["x"])
    hidden.sheet_state = "hidden"
    path = tmp_path / "book.xlsx"
    book.save(path)
    sheets, reason = load_sheets(str(path), {}, (0, 0))
    assert reason == ("", "")
    assert [(s.name, s.status) for s in sheets] == [("收支总表", "ok"), ("说明", "ok"),
                                                    ("隐藏", "hidden")]
    assert sheets[0].rows == [["项目", "金额"], ["合计", 100.5]]
    small, _ = load_sheets(str(path), {"收支总表": (2, 2), "说明": (1, 2)}, (0, 0), 3)
    assert [(s.name, s.status) for s in small] == [("收支总表", "too-large"), ("说明", "ok"),
                                                   ("隐藏", "hidden")]


def test_a_file_calamine_cannot_open_is_a_reason_not_a_crash(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    sheets, (zh, en) = load_sheets(str(path), {}, (0, 0))
    assert sheets is None and zh and en


def _fast() -> tuple[None, tuple[str, str]]:
    return None, ("fast", "fast")


def _slow() -> tuple[None, tuple[str, str]]:
    time.sleep(30)
    return None, ("slow", "slow")


def _greedy() -> tuple[None, tuple[str, str]]:
    block = bytearray(300 * 2**20)
    return None, (f"held {len(block)}", "")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the parse runs in a child where fork exists")
def test_the_limits_bound_the_parse_child():
    """``limits.parse_timeout_s``: a parse slower than it is stopped with the limit in its
    reason; ``limits.parse_memory_bytes``: one allocating more fails as out of memory, and
    passes under the default. The near miss: a fast parse answers under the short limit."""
    short = DEFAULT_READ.override({"limits.parse_timeout_s": "0.5"}).limits
    assert _in_child(_fast, (), short) == (None, ("fast", "fast"))
    assert _in_child(_slow, (), short) == (None, ("解析超时（0.5 秒）", "the parse timed out (0.5 s)"))
    small = DEFAULT_READ.override({"limits.parse_memory_bytes": str(64 * 2**20)}).limits
    assert _in_child(_greedy, (), small)[1][1] == "the parse needed more memory than allowed"
    assert _in_child(_greedy, (), DEFAULT_READ.limits)[1][0].startswith("held ")


