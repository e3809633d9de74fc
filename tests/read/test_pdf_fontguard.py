"""The codes a CID font's widths and embedded TrueType ``cmap`` make pdfminer enumerate one by one
(read/pdf_fontguard.py), counted without enumerating them, and the glyph recovery's refusal of a
page whose fonts declare too many (issue #13: the recovery's other unbounded paths, session 19).

The counts are checked against pdfminer's own enumeration of the same bytes (its dict's
insertions counted), on real-shaped tables and near misses; the refusal on PDFs the tests write
byte by byte: a page with lost glyphs beside a CID TrueType font whose program's format-12 group
spans 2^31 codes (pdfminer would loop two billion times before the page), or whose ``/W`` gives
four billion codes one width. Calls are counted, never time.
"""

from __future__ import annotations

import io
import struct

import pytest
from pdfminer import pdffont
from pdfminer.pdffont import TrueTypeFont, get_widths

from budgetlens.read.pdf import read_pdf
from budgetlens.read.pdf_fontguard import truetype_codes, width2_codes, width_codes
from budgetlens.read.settings import DEFAULT_READ

from .handmade_pdf import lost, stsong, write_pdf

PAGE_LIMIT = DEFAULT_READ.limits.max_page_cmap_codes
FONT_LIMIT = DEFAULT_READ.limits.max_cmap_codes


def _program(*subtables: tuple[int, int, bytes]) -> bytes:
    """A TrueType program holding only a ``cmap`` table of ``(platform, encoding, subtable)``."""
    head = struct.pack(">HH", 0, len(subtables))
    offset, records, bodies = 4 + 8 * len(subtables), b"", b""
    for platform, encoding, body in subtables:
        records += struct.pack(">HHL", platform, encoding, offset + len(bodies))
        bodies += body
    cmap = head + records + bodies
    return struct.pack(">LHHHH", 0x00010000, 1, 16, 0, 0) + struct.pack(
        ">4sLLL", b"cmap", 0, 12 + 16, len(cmap)) + cmap


def _format12(groups: list[tuple[int, int, int]]) -> bytes:
    body = b"".join(struct.pack(">III", *g) for g in groups)
    return struct.pack(">HHIII", 12, 0, 16 + len(body), 0, len(groups)) + body


def _format4(segments: list[tuple[int, int]]) -> bytes:
    """Segments ``(start, end)`` mapped by delta (no glyph array), plus the closing 0xFFFF."""
    segments = [*segments, (0xFFFF, 0xFFFF)]
    n = len(segments)
    body = (struct.pack(f">{n}H", *(e for _, e in segments)) + b"\0\0"
            + struct.pack(f">{n}H", *(s for s, _ in segments))
            + struct.pack(f">{n}h", *([1] * n)) + struct.pack(f">{n}H", *([0] * n)))
    return struct.pack(">HHHHHHH", 4, 14 + len(body), 0, 2 * n, 0, 0, 0) + body


def _format0() -> bytes:
    return struct.pack(">HHH", 0, 262, 0) + bytes(range(256))


def _pdfminer_enumerates(data: bytes) -> int:
    """How many codes pdfminer's ``create_unicode_map`` puts in its map one by one from
    ``data`` (the insertions of each subtable parser, counted in a dict of ours)."""
    class Counted(dict):
        inserted = 0

        def __setitem__(self, key, value):
            Counted.inserted += 1
            super().__setitem__(key, value)

        def update(self, pairs):
            for key, value in pairs:
                self[key] = value

    font, into = TrueTypeFont("t", io.BytesIO(data)), Counted()
    for fmt in (0, 2, 4, 6, 10, 12):
        name = f"parse_cmap_format_{fmt}"
        setattr(font, name, lambda fp, _, name=name: getattr(TrueTypeFont, name)(font, fp, into))
    with pytest.raises(TrueTypeFont.CMapNotFound):  # its own dict stayed empty
        font.create_unicode_map()
    return Counted.inserted


def test_truetype_tables_count_what_pdfminer_enumerates():
    """A font's map as producers write it (format 4, a few segments; format 0; format 12 of a
    few groups, in a Windows Unicode and a Unicode-platform subtable) counts what pdfminer puts
    in its map; a Macintosh subtable (platform 1) pdfminer skips is not counted."""
    data = _program((3, 1, _format4([(0x20, 0x7E), (0x4E00, 0x4E2F)])), (1, 0, _format0()),
                    (0, 4, _format12([(0x20, 0x7E, 3), (0x4E00, 0x4FFF, 200)])))
    assert truetype_codes(data) == _pdfminer_enumerates(data) == (95 + 48 + 1) + (95 + 512)
    plain = _program((3, 1, _format0()))
    assert truetype_codes(plain) == _pdfminer_enumerates(plain) == 256


def test_a_huge_format12_group_is_counted_without_being_enumerated():
    """Twelve bytes declaring 2^31 codes: counted at once (pdfminer would loop two billion
    times); and the groups before a cut table still count, as pdfminer maps them first."""
    huge = _program((3, 10, _format12([(0, 0x7FFFFFFF, 1)])))
    assert truetype_codes(huge) == 2**31 > PAGE_LIMIT
    cut = _program((3, 10, _format12([(0x20, 0x7E, 3), (0x4E00, 0x4FFF, 200)])))[:-6]
    assert truetype_codes(cut) == 95  # the second group is cut: pdfminer fails there


def test_many_format4_segments_count_each_segment_s_codes():
    """32 overlapping segments of 4,096 codes (131,072: a two-byte table can declare this many
    times over in its 32,767 segments), as pdfminer enumerates them; a cut table is nothing."""
    data = _program((3, 1, _format4([(k * 0x700, k * 0x700 + 0xFFF) for k in range(32)])))
    assert truetype_codes(data) == _pdfminer_enumerates(data) == 32 * 4096 + 1
    assert truetype_codes(b"\0\1\0\0") == 0 and truetype_codes(data[:40]) == 0


def test_width_ranges_are_counted_as_pdfminer_sets_them():
    """``c_first c_last w`` sets a width per code; a list after a code is its own length (not
    counted: bounded by the file's bytes); ``/W2`` quintuples likewise."""
    w = [1, [500, 600], 10, 20, 500, 100, 100, 250]
    assert width_codes(w) == 11 + 1 and len(get_widths(w)) == 2 + 11 + 1
    assert width_codes([0, 4_000_000_000, 500]) == 4_000_000_001
    assert width_codes([5, 1, 500, 1.5, 3, 500]) == 0  # reversed, and a non-integer code
    assert width2_codes([0, 9, -1000, 500, 880]) == 10 == len(pdffont.get_widths2(
        [0, 9, -1000, 500, 880]))


# --- the recovery's refusal, on pages written byte by byte -------------------------------------

def _cid_truetype(program_ref: bytes = b"@S0", widths: bytes = b"") -> bytes:
    """A Type0 font over a CIDFontType2 with an embedded TrueType program and no ToUnicode map,
    in the Adobe-Identity collection: pdfminer builds its Unicode map from the program."""
    return (b"<< /Type /Font /Subtype /Type0 /BaseFont /Crafted /Encoding /Identity-H "
            b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Crafted "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            b"/FontDescriptor << /Type /FontDescriptor /FontName /Crafted /Flags 4 /FontBBox "
            b"[0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 "
            b"/StemV 80 /FontFile2 " + program_ref + b" >> /DW 1000 " + widths + b">>] >>")


def _cells() -> bytes:
    return stsong(60, 700, "职业年金缴费支") + lost(130, 700) + stsong(60, 680, "基本支") + lost(90, 680)


def _labels(doc) -> list[str]:
    return [ln.text.split()[0] for ln in doc.pages[0].lines[:2]]


@pytest.fixture
def parsed(monkeypatch):
    """How many TrueType ``cmap`` subtables pdfminer parsed while the test ran."""
    calls = [0]
    for fmt in (4, 12):
        original = getattr(TrueTypeFont, f"parse_cmap_format_{fmt}")

        def counted(self, fp, char2gid, original=original):
            calls[0] += 1
            return original(self, fp, char2gid)

        monkeypatch.setattr(TrueTypeFont, f"parse_cmap_format_{fmt}", counted)
    return calls


def test_a_page_beside_a_font_program_declaring_two_billion_codes_is_not_given_to_pdfminer(
        tmp_path, recoveries, parsed):
    """Its lost glyphs stay lost, pdfminer never reads the program's map, and the warning names
    the page, the count and the limit of one font."""
    program = _program((3, 10, _format12([(0, 0x7FFFFFFF, 1)])))
    path = write_pdf(tmp_path / "program.pdf", _cells(), fonts=[_cid_truetype()],
                     streams=[(b"/Length1 %d" % len(program), program)])
    doc, diags = read_pdf(path)
    [refused] = recoveries
    assert refused.rendered == 0 and refused.codes == 2**31 and not refused.codes_in_all
    assert parsed[0] == 0 and _labels(doc) == ["职业年金缴费支", "基本支"]
    [warning] = diags
    assert (warning.code, warning.source.page) == ("pdf-recover-cmap", 1)
    assert str(2**31) in warning.message and str(FONT_LIMIT) in warning.message_en


def test_a_page_beside_a_real_shaped_font_program_is_recovered(tmp_path, recoveries, parsed):
    """Near miss: the same font whose program maps 608 codes: pdfminer reads its map (two
    subtables parsed) and the lost glyphs are recovered, no warning."""
    program = _program((3, 1, _format4([(0x20, 0x7E)])),
                       (3, 10, _format12([(0x4E00, 0x4FFF, 200)])))
    path = write_pdf(tmp_path / "real.pdf", _cells(), fonts=[_cid_truetype()],
                     streams=[(b"/Length1 %d" % len(program), program)])
    doc, diags = read_pdf(path)
    assert _labels(doc) == ["职业年金缴费支出", "基本支出"] and diags == []
    assert parsed[0] == 2 and recoveries[0].codes == 0


def test_a_page_beside_a_font_whose_widths_span_four_billion_codes_is_not_given_to_pdfminer(
        tmp_path, recoveries):
    program = _program((3, 1, _format4([(0x20, 0x7E)])))
    stream = [(b"/Length1 %d" % len(program), program)]
    path = write_pdf(tmp_path / "w.pdf", _cells(), streams=stream,
                     fonts=[_cid_truetype(widths=b"/W [0 4000000000 500] ")])
    doc, diags = read_pdf(path)
    assert recoveries[0].codes == 4_000_000_001 + 96 and [d.code for d in diags] == [
        "pdf-recover-cmap"]
    near = write_pdf(tmp_path / "w_near.pdf", _cells(), streams=stream,
                     fonts=[_cid_truetype(widths=b"/W [0 1000 500 1001 [600 600]] ")])
    doc, diags = read_pdf(near)
    assert _labels(doc) == ["职业年金缴费支出", "基本支出"] and diags == []
