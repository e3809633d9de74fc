"""The recovery of glyphs PDFium's text page drops (read/pdf_recover.py), on PDFs the test writes.

A lost glyph is a text object PDFium cannot box, in a non-embedded font it does not substitute
with a measurable one (pdf_paths.LostGlyph). On a machine without a CJK font that was every
one-glyph object of ``STSong-Light``; the fallback font (pdf_fallback_font) now boxes those, so the
pages here make PDFium's box empty on every machine: a non-embedded CJK-named TrueType font
(``SimSun``, no CJK charset declared, as many report engines write it) whose code 0x20 the
substitute draws as an empty space glyph while the file's ToUnicode map says it prints 出.
pdfminer reads it as 出, PDFium keeps no box and no text for it.

What is bounded (issue #13, fuzz case pdf-2026-012705: a content bomb gave one such page 704,217
glyphs for pdfminer): the recovery reads at most ``limits.max_recover_chars`` glyphs of a page, and
matches each against the lost origins near it, not against all of them. The tests count what it
did (glyphs rendered, origin comparisons), never time.
"""

from __future__ import annotations

import random

import pytest

from budgetlens.read.pdf import read_pdf
from budgetlens.read.pdf_paths import LostGlyph
from budgetlens.read.pdf_recover import ORIGIN_TOL, LostIndex
from budgetlens.read.settings import ReadSettings

from .handmade_pdf import lost, stsong, write_pdf

def _cells() -> bytes:
    """Two wrapped label cells whose last glyph is lost, with their amounts."""
    return (stsong(60, 700, "职业年金缴费支") + lost(130, 700)
            + b"BT /F3 10 Tf 300 700 Td (23.10) Tj ET\n"
            + stsong(60, 680, "基本支") + lost(90, 680)
            + b"BT /F3 10 Tf 300 680 Td (0) Tj ET\n")


def _filler(lines: int) -> bytes:
    """The same running line again and again lower on the page (a repeated content stream)."""
    return b"".join(stsong(60, 640 - 10 * (k % 55), "项目支出合计数", 8) for k in range(lines))


def _limit(n: int) -> ReadSettings:
    return ReadSettings().override({"limits.max_recover_chars": str(n)})


def _labels(doc) -> list[str]:
    return [ln.text.split()[0] for ln in doc.pages[0].lines[:2]]


def test_lost_glyphs_are_recovered_at_the_default_limit(tmp_path, recoveries):
    """Near miss of the bound: a normal page keeps its lost glyphs, with no warning, and the
    matching compared each glyph with the lost origins next to it only."""
    path = write_pdf(tmp_path / "cells.pdf", _cells() + _filler(30))
    doc, diags = read_pdf(path)
    assert _labels(doc) == ["职业年金缴费支出", "基本支出"]
    assert diags == []
    [done] = recoveries
    assert [c.text for c in done.chars] == ["出", "出"] and done.over == 0
    assert done.rendered == 7 + 5 + 1 + 3 + 1 + 1 + 30 * 7  # every glyph of the page, once
    assert done.compared <= 4  # the two lost glyphs and their neighbours, not 2 × 224


def test_a_page_over_the_limit_is_read_without_recovery_and_says_so(tmp_path, recoveries):
    """The repeated content pushes PDFium's char count over the limit: pdfminer is never asked
    (no glyph handed to the recovery), the page is read as PDFium gives it, and a warning
    names the page, its count and the limit, in Chinese and English."""
    path = write_pdf(tmp_path / "bomb.pdf", _cells() + _filler(600))
    doc, diags = read_pdf(path, settings=_limit(1000))
    assert recoveries == []
    assert _labels(doc) == ["职业年金缴费支", "基本支"]
    [warning] = diags
    assert (warning.code, warning.severity, warning.source.page) == ("pdf-recover-skipped",
                                                                     "warning", 1)
    assert "第 1 页" in warning.message and "1000" in warning.message
    assert "Page 1" in warning.message_en and "1000" in warning.message_en
    assert "2 " in warning.message_en  # the two glyphs that were not recovered
    assert "\n" not in warning.message + warning.message_en
    assert doc.pages[0].chars == 7 + 5 + 3 + 1 + 600 * 7
    again, _ = read_pdf(path)  # the same page under the default limit: recovered
    assert _labels(again) == ["职业年金缴费支出", "基本支出"]


def test_pdfminer_is_stopped_when_it_renders_more_than_the_limit(tmp_path, recoveries):
    """PDFium's count can be small while pdfminer renders many more glyphs (here a run of 3,000
    glyphs at font size 0, which PDFium's text page leaves out; in pdf-2026-012705 pdfminer
    rendered 704,217 glyphs of a page PDFium counted 74,211 chars on): pdfminer stops one
    glyph past the limit and the page is read without recovery."""
    run = ("预算" * 1500).encode("utf-16-be").hex().encode()
    path = write_pdf(tmp_path / "hidden.pdf", _cells() + b"BT /F1 0 Tf 60 300 Td <%s> Tj ET\n" % run)
    doc, diags = read_pdf(path, settings=_limit(500))
    [stopped] = recoveries
    assert stopped.chars == [] and stopped.rendered == stopped.over == 501
    assert [(d.code, d.source.page) for d in diags] == [("pdf-recover-skipped", 1)]
    assert _labels(doc) == ["职业年金缴费支", "基本支"]
    assert doc.pages[0].chars == 7 + 5 + 3 + 1


def test_matching_is_linear_in_the_glyphs_whatever_the_lost_count(tmp_path, recoveries):
    """400 lost glyphs among 1,200 boxed ones (a 预算出数 cell 40 × 10 times): each rendered glyph is compared with the lost
    origins in its neighbourhood (a few), not with all 400 (480,000 comparisons)."""
    rows = []
    for r in range(40):
        for c in range(10):
            x, y = 40 + 50 * c, 790 - 18 * r
            rows.append(stsong(x, y, "预算") + lost(x + 20, y) + stsong(x + 30, y, "数"))
    path = write_pdf(tmp_path / "many.pdf", b"".join(rows))
    doc, _ = read_pdf(path)
    [done] = recoveries
    assert len(done.chars) == 400 and done.rendered == 400 * 4
    assert done.compared <= 2 * done.rendered
    assert "预算出数" in doc.pages[0].lines[0].text


def _scan(wanted, x, y):
    """The first lost origin within the tolerance, by a scan in order (what LostIndex answers)."""
    for (gx, gy), glyph in wanted:
        if abs(gx - x) <= ORIGIN_TOL and abs(gy - y) <= ORIGIN_TOL:
            return glyph
    return None


def test_the_index_answers_what_a_scan_of_every_origin_answers():
    """Origins on and beside the grid's lines, repeated, non-finite: the indexed lookup gives
    the first origin within the tolerance in the order given, as a linear scan does."""
    rnd = random.Random(13)
    wanted = []
    for k in range(300):
        x = rnd.choice([rnd.uniform(0, 60), ORIGIN_TOL * rnd.randrange(100)])
        y = rnd.choice([rnd.uniform(0, 60), ORIGIN_TOL * rnd.randrange(100), x])
        wanted.append(((x, y), LostGlyph(x, y, (1, 0, 0, 1, 0, 0), float(k), 0)))
    wanted.append(((float("nan"), 1.0), LostGlyph(0, 0, (1, 0, 0, 1, 0, 0), -1.0, 0)))
    index = LostIndex(wanted)
    probes = [(rnd.uniform(-1, 61), rnd.uniform(-1, 61)) for _ in range(3000)]
    probes += [(gx + d, gy - d) for (gx, gy), _ in wanted[:300]
               for d in (0.0, ORIGIN_TOL, ORIGIN_TOL + 1e-9)]
    probes += [(float("inf"), 1.0), (1.0, float("nan"))]
    assert [index.at(x, y) for x, y in probes] == [_scan(wanted, x, y) for x, y in probes]
    assert sum(_scan(wanted, x, y) is not None for x, y in probes) > 500
