"""The count of codes a ToUnicode CMap declares (read/pdf_cmapguard.py), and the recovery's refusal
of a page whose font declares more than ``limits.max_cmap_codes`` (issue #13, fuzz case
pdf-2026-029553: a damaged ToUnicode stream that pdfminer expanded into 40 million codes).

The count is checked against what pdfminer itself maps from the same text (its map's calls
counted), on real-shaped maps, a damaged one, and near misses; the refusal is checked on PDFs
the tests write and on the fuzz case rebuilt from its recipe. Calls are counted, never time.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from pdfminer import cmapdb

from budgetlens.read.pdf import read_pdf
from budgetlens.read.pdf_cmapguard import declared_codes
from budgetlens.read.settings import DEFAULT_READ

from .handmade_pdf import SIMSUN, lost, stsong, write_pdf

LIMIT = DEFAULT_READ.limits.max_cmap_codes
PAGE_LIMIT = DEFAULT_READ.limits.max_page_cmap_codes
_HEAD = (b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n"
         b"<< /Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS"
         b" def\n/CMapType 2 def\n1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n")
_TAIL = b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"


def _cmap(body: bytes) -> bytes:
    return _HEAD + body + _TAIL


def _bfranges(ranges: list[tuple[int, int, int]], width: int = 4) -> bytes:
    """``beginbfrange`` blocks of at most 100 ranges each, codes of ``width`` hex digits."""
    out = b""
    for k in range(0, len(ranges), 100):
        chunk = ranges[k:k + 100]
        out += b"%d beginbfrange\n" % len(chunk)
        out += b"".join(b"<%0*x><%0*x><%04x>\n" % (width, a, width, b, u) for a, b, u in chunk)
        out += b"endbfrange\n"
    return out


def _pdfminer_maps(data: bytes) -> int:
    """How many codes pdfminer's own parser maps from ``data`` (its map's calls, counted)."""
    calls = 0

    class Counted(cmapdb.FileUnicodeMap):
        def add_cid2unichr(self, cid: int, code: object) -> None:
            nonlocal calls
            calls += 1

    cmapdb.CMapParser(Counted(), io.BytesIO(data)).run()
    return calls


#: A subset font's map as report engines write it: single-code ranges and a few runs.
REAL = _cmap(b"2 beginbfchar\n<0003><0020>\n<0011><002e>\nendbfchar\n"
             + _bfranges([(0x13, 0x1C, 0x30), (0x1D, 0x1D, 0x4E00), (0x100, 0x1FF, 0x5000)]))


def test_a_real_shaped_map_counts_what_pdfminer_maps_from_its_ranges():
    assert declared_codes(REAL) == 10 + 1 + 256
    assert _pdfminer_maps(REAL) == 10 + 1 + 256 + 2  # and its two bfchar codes


def test_a_huge_bfrange_is_counted_without_being_expanded():
    """One range of 2**32 codes (a flipped byte in a four-byte code): counted, not expanded."""
    huge = _cmap(b"1 beginbfrange\n<00000000><ffffffff><00004e00>\nendbfrange\n")
    assert declared_codes(huge) == 2**32 > LIMIT


def test_a_huge_cidrange_is_counted_on_its_last_four_bytes():
    huge = _cmap(b"1 begincidrange\n<0000000000><00ffffffff> 1\nendcidrange\n")
    assert declared_codes(huge) == 2**32 > LIMIT
    other_prefix = _cmap(b"1 begincidrange\n<0100000000><00ffffffff> 1\nendcidrange\n")
    assert declared_codes(other_prefix) == 0  # pdfminer skips a range whose prefixes differ


def test_many_small_ranges_under_the_bound_are_counted_and_pass():
    """Near miss: 500 ranges of 256 codes (128,000 in all, under the bound), as pdfminer maps."""
    body = _bfranges([(0x100 + 256 * k, 0x1FF + 256 * k, 0x4E00) for k in range(500)], width=6)
    assert declared_codes(_cmap(body)) == _pdfminer_maps(_cmap(body)) == 128_000 <= LIMIT


def test_a_garbled_range_keyword_is_read_out_of_step_as_pdfminer_reads_it():
    """A damaged keyword (``beginbfran16``, as in pdf-2026-029553) stays on pdfminer's stack as
    an operand (after the count before it), so the next ``endbfrange`` takes its triples two
    operands out of step: ``<0003> <9f00> <0005>`` and ``<0005> <0022> <0008>``, a Unicode value
    read as a range's end. The count follows (a regex over the hex pairs of the block would see
    three single-code ranges)."""
    body = (b"3 beginbfran16\n<0003><0003><9f00>\n<0005><0005><0022>\n<0008><0008><0025>\n"
            b"endbfrange\n")
    assert declared_codes(_cmap(body)) == _pdfminer_maps(_cmap(body)) == (0x9F00 - 0x3 + 1) + (0x22 - 0x5 + 1)


@pytest.fixture
def expanded(monkeypatch):
    """How many codes pdfminer mapped into ToUnicode maps while the test ran."""
    calls = [0]
    original = cmapdb.FileUnicodeMap.add_cid2unichr

    def counted(self, cid, code):
        calls[0] += 1
        return original(self, cid, code)

    monkeypatch.setattr(cmapdb.FileUnicodeMap, "add_cid2unichr", counted)
    return calls


def _cells() -> bytes:
    return stsong(60, 700, "职业年金缴费支") + lost(130, 700) + stsong(60, 680, "基本支") + lost(90, 680)


def _labels(doc) -> list[str]:
    return [ln.text.split()[0] for ln in doc.pages[0].lines[:2]]


def test_a_page_whose_font_declares_too_many_codes_is_not_given_to_pdfminer(
        tmp_path, recoveries, expanded):
    """SimSun's ToUnicode map gains one range of 262,400 codes (over the bound): the page is
    read as PDFium gives it, its two lost glyphs stay lost, pdfminer neither renders the page
    nor expands the map, and a warning names the page, the count and the limit."""
    ranges = b"1 beginbfrange <00000100> <000401ff> <00004e00> endbfrange"
    path = write_pdf(tmp_path / "huge.pdf", _cells(), ranges=ranges)
    doc, diags = read_pdf(path)
    [refused] = recoveries
    assert refused.chars == [] and refused.rendered == 0 and refused.codes == 0x40100
    assert expanded[0] == 0
    assert _labels(doc) == ["职业年金缴费支", "基本支"]
    [warning] = diags
    assert (warning.code, warning.severity, warning.source.page) == ("pdf-recover-cmap",
                                                                     "warning", 1)
    assert "第 1 页" in warning.message and "262400" in warning.message and str(LIMIT) in \
        warning.message
    assert "page 1" in warning.message_en and "262400" in warning.message_en
    assert "\n" not in warning.message + warning.message_en


def test_a_page_whose_font_declares_many_small_ranges_under_the_bound_is_recovered(
        tmp_path, recoveries, expanded):
    """Near miss: 500 ranges of 256 codes (128,000) pass; the lost glyphs are recovered."""
    ranges = _bfranges([(0x100 + 256 * k, 0x1FF + 256 * k, 0x4E00) for k in range(500)], 6)
    path = write_pdf(tmp_path / "many.pdf", _cells(), ranges=ranges)
    doc, diags = read_pdf(path)
    assert _labels(doc) == ["职业年金缴费支出", "基本支出"] and diags == []
    [done] = recoveries
    assert done.codes == 0 and expanded[0] == 128_000 + 1  # the ranges and the bfchar of 出


#: One range of 30,000 codes (four-byte codes: pdfminer maps every one), far under one font's
#: bound; SimSun's map holds it, and each font added below shares that map.
RANGE_30K = b"1 beginbfrange <00010000> <0001752f> <00004e00> endbfrange"


def test_a_page_of_many_fonts_each_under_the_bound_is_refused_for_their_sum(
        tmp_path, recoveries, expanded):
    """Ten fonts (SimSun and nine more dicts sharing its map) of 30,000 range codes each: every
    one under ``limits.max_cmap_codes``, 300,000 together over ``limits.max_page_cmap_codes``
    (pdfminer expands a shared map once per font). The count stops at the font that passes the
    bound (the ninth: 270,000); the page is read as PDFium gives it, pdfminer expands nothing,
    and the warning says it is the page's fonts together."""
    path = write_pdf(tmp_path / "fonts.pdf", _cells(), ranges=RANGE_30K, fonts=[SIMSUN] * 9)
    doc, diags = read_pdf(path)
    [refused] = recoveries
    assert refused.codes == 9 * 30_000 > PAGE_LIMIT and refused.codes_in_all
    assert expanded[0] == 0 and _labels(doc) == ["职业年金缴费支", "基本支"]
    [warning] = diags
    assert (warning.code, warning.severity, warning.source.page) == ("pdf-recover-cmap",
                                                                     "warning", 1)
    assert "270000" in warning.message and str(PAGE_LIMIT) in warning.message
    assert "fonts of page 1" in warning.message_en and str(PAGE_LIMIT) in warning.message_en


def test_a_page_of_many_fonts_under_their_sum_s_bound_is_recovered(tmp_path, recoveries,
                                                                   expanded):
    """Near miss: eight such fonts, 240,000 range codes together, under the page's bound:
    pdfminer expands the shared map (and its one bfchar) once per font and the lost glyphs are
    recovered."""
    path = write_pdf(tmp_path / "fonts.pdf", _cells(), ranges=RANGE_30K, fonts=[SIMSUN] * 7)
    doc, diags = read_pdf(path)
    assert _labels(doc) == ["职业年金缴费支出", "基本支出"] and diags == []
    assert recoveries[0].codes == 0 and expanded[0] == 8 * (30_000 + 1)


SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def test_issue13_fuzz_case_029553_is_read_without_expanding_its_damaged_map(recoveries, expanded,
                                                                            tmp_path):
    """The fuzz case rebuilt from its recipe (seed hunan_changsha_gaj_2025_yusuan.p2-27.pdf,
    mutations bytes.flip 23103 and pdf.page_tree 23103): its second page's ToUnicode stream has
    damaged deflate data and garbled range keywords, which pdfminer read as 40,163,118 codes
    (141 CPU-s). The page is now read without recovery, with the warning, and pdfminer maps
    none of those codes."""
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    from fuzz_gen import Recipe
    from fuzz_seeds import SHARED, build_pool
    from fuzz_worker import case_bytes

    if not SHARED.exists():
        pytest.skip("../shared not available")
    pool = build_pool("pdf")
    names = [seed.name for seed in pool]
    if "hunan_changsha_gaj_2025_yusuan.p2-27.pdf" not in names:
        pytest.skip("the seed of pdf-2026-029553 is not in the pool")
    recipe = Recipe(("seed", names.index("hunan_changsha_gaj_2025_yusuan.p2-27.pdf")),
                    (("bytes.flip", 23103), ("pdf.page_tree", 23103)))
    path = tmp_path / "pdf-2026-029553.pdf"
    path.write_bytes(case_bytes("pdf", recipe, pool))
    _, diags = read_pdf(str(path))
    assert [(d.code, d.source.page) for d in diags if d.code.startswith("pdf-recover")] == [
        ("pdf-recover-cmap", 2)]
    assert [r.codes for r in recoveries if r.codes] == [40_163_118]
    assert expanded[0] < LIMIT  # the first page's small maps only
