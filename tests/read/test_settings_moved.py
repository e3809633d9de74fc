"""The read settings moved from module constants in session 14 (branch mirror3): each changed by
name moves the reading of a file the test writes (or the function it tunes) in the expected
direction, the defaults giving today's reading, with a near miss that must not move.

Here: ``encoding`` (a new group), ``blocks.max_table_slots`` and ``blocks.min_ruby``,
``limits.convert_timeout_s``. Beside the modules they tune: ``text.max_realign_width``
(test_pipealign.py), ``limits.parse_*`` (test_sheet_loader.py), ``scan`` (test_pdf_ocr.py,
test_pdf_ocr_guard.py), ``grid.thin`` (test_pdf_paths.py), the header grouping of
``text_tables`` (test_pdf_textgroups.py)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from budgetlens.read import read_document
from budgetlens.read.doc import convert_to_docx
from budgetlens.read.settings import DEFAULT_READ

DISCLOSURE = "某市财政局2024年部门预算公开\n一、部门收入情况\n收入合计 100.00 万元。\n"


def _read(path: Path, **values: str):
    return read_document(path, settings=DEFAULT_READ.override(values) if values else None)


def test_encoding_min_text_share_decides_what_is_text(tmp_path):
    """A UTF-8 disclosure with 3% control characters is no text by default (format detection
    and the reader judge alike); allowing 90% printable reads it. The near miss: a file of
    half control characters stays refused under that setting."""
    text = DISCLOSURE * 20
    noisy = tmp_path / "noisy.txt"
    noisy.write_bytes((text + "\x01" * (len(text) * 3 // 97 + 1)).encode("utf-8"))
    document, diagnostics = _read(noisy)
    assert document is None and [d.code for d in diagnostics] == ["binary-garbage"]
    document, _ = _read(noisy, **{"encoding.min_text_share": "0.9"})
    assert document is not None and "收入合计" in document.text()
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes((text + "\x01" * len(text)).encode("utf-8"))
    assert _read(garbage, **{"encoding.min_text_share": "0.9"})[0] is None


def _tab_table(path: Path, rows: int) -> Path:
    body = "".join(f"项目{k}\t{k}.00\t{k + 1}.00\n" for k in range(rows))
    path.write_text(DISCLOSURE + "项目\t本年\t上年\n" + body, encoding="utf-8")
    return path


def test_blocks_max_table_slots_reads_a_larger_table_as_text(tmp_path):
    """A tab table of 4 rows × 3 columns (12 slots): a table by default; over a limit of 11
    slots it is running text with the limit in its warning; at 12 it stays a table."""
    path = _tab_table(tmp_path / "t.txt", 3)
    assert len(_read(path)[0].tables) == 1
    document, diagnostics = _read(path, **{"blocks.max_table_slots": "11"})
    assert document.tables == ()
    (warning,) = [d for d in diagnostics if d.code == "table-too-large"]
    assert "over 11 cells" in warning.message_en
    assert len(_read(path, **{"blocks.max_table_slots": "12"})[0].tables) == 1


def test_blocks_min_ruby_removes_a_single_reading_when_allowed(tmp_path):
    """One pinyin reading stays by default (it may be quoted on purpose); with
    ``blocks.min_ruby=1`` it goes, said by a ruby-removed warning. The near miss: a bracket of
    plain letters is no reading and stays under that setting."""
    path = tmp_path / "r.txt"
    path.write_text(DISCLOSURE + "预(yù)算执行情况良好。\n", encoding="utf-8")
    document, diagnostics = _read(path)
    assert "预(yù)算" in document.text() and "ruby-removed" not in [d.code for d in diagnostics]
    document, diagnostics = _read(path, **{"blocks.min_ruby": "1"})
    assert "预算执行" in document.text() and "ruby-removed" in [d.code for d in diagnostics]
    plain = tmp_path / "p.txt"
    plain.write_text(DISCLOSURE + "预(abc)算执行情况良好。\n", encoding="utf-8")
    assert "预(abc)算" in _read(plain, **{"blocks.min_ruby": "1"})[0].text()


def test_limits_convert_timeout_s_abandons_a_slow_conversion(tmp_path):
    """A converter (a script the test writes) that takes 5 s is abandoned after a 1 s limit,
    the limit in the reason; with the default limit it finishes (and, writing nothing, is
    reported as a failed conversion, not a timeout)."""
    exe = tmp_path / "soffice"
    exe.write_text("#!/bin/sh\nsleep 3\n", encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    source = tmp_path / "a.doc"
    source.write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "w1").mkdir()
    assert convert_to_docx(str(exe), source, tmp_path / "w1", 1) == (None, "超时（1 秒）/ timed out")
    (tmp_path / "w2").mkdir()
    converted, reason = convert_to_docx(str(exe), source, tmp_path / "w2")
    assert converted is None and "timed out" not in reason
