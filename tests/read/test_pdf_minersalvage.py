"""The linear salvage of a damaged Flate stream gives the byte-at-a-time answer of pdfminer.six
20260107 (the same bytes, or the same ``zlib.error``) at a fraction of the calls; content streams
damaged in the ways a published or mangled PDF is (a flipped byte, a cut, a broken checksum). The
reference is written out here, not taken from the installed pdfminer: its lower bound (20231228)
returned partial output where later versions raise, and ours must not depend on which is there."""

from __future__ import annotations

import zlib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfminer import pdftypes

from budgetlens.read import pdf_minersalvage
from budgetlens.read.pdf_minersalvage import salvage
from budgetlens.read.pdf_paths import LostGlyph

from .handmade_pdf import lost, stsong, write_pdf

ANY = LostGlyph(0.0, 0.0, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 10.0, 0)


def _content() -> bytes:
    """A page content stream of the kind the recovery renders: text objects with CJK strings."""
    ops = [b"BT /F1 9 Tf %d %d Td <%s> Tj ET\n" % (72 + i % 400, 700 - i % 600,
                                                   ("%04x" % (0x4e00 + i * 7 % 2000)).encode())
           for i in range(6000)]
    return b"q 1 0 0 1 0 0 cm\n" + b"".join(ops) + b"Q\n"


CONTENT = _content()
STREAM = zlib.compress(CONTENT, 6)


def _byte_at_a_time(data: bytes) -> bytes:
    """The rule of pdfminer.six's ``decompress_corrupted`` (20260107), one byte at a time: the
    output up to a failing byte, which raises unless it is one of the last four (the checksum)."""
    d, out = zlib.decompressobj(), []
    for i in range(len(data)):
        try:
            out.append(d.decompress(data[i:i + 1]))
        except zlib.error:
            if i < len(data) - 3:
                raise
            break
    return b"".join(out)


def _pdfminer(data: bytes):
    try:
        return _byte_at_a_time(data)
    except zlib.error as exc:
        return ("error", type(exc))


def _ours(data: bytes):
    try:
        return salvage(data)
    except zlib.error as exc:
        return ("error", type(exc))


@pytest.mark.parametrize("where", [0, 1, 6, 7, 8, 500, len(STREAM) - 5, len(STREAM) - 4,
                                   len(STREAM) - 3, len(STREAM) - 1])
def test_a_flipped_byte_gives_pdfminers_answer(where):
    data = bytearray(STREAM[:1500] + STREAM[-4:]) if where < 1000 else bytearray(STREAM)
    where = min(where, len(data) - 1)
    data[where] ^= 0x5A
    assert _ours(bytes(data)) == _pdfminer(bytes(data))


def test_a_broken_checksum_keeps_the_whole_content():
    """The commonest damage: the data intact, its Adler-32 wrong (a stream rewritten without
    recomputing it); pdfminer's rule keeps everything decoded."""
    data = STREAM[:-4] + bytes(4)
    with pytest.raises(zlib.error):
        zlib.decompress(data)
    assert salvage(data) == CONTENT == _byte_at_a_time(data)


def test_damage_before_the_checksum_raises_as_pdfminer_does():
    raised = 0
    for at in range(2, 400, 7):
        data = bytearray(STREAM)
        data[at] ^= 0xFF
        if _pdfminer(bytes(data))[0] == "error":
            raised += 1
            with pytest.raises(zlib.error):
                salvage(bytes(data))
    assert raised >= 10


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(STREAM)),
       flips=st.lists(st.tuples(st.integers(min_value=0, max_value=len(STREAM) - 1),
                                st.integers(min_value=1, max_value=255)), max_size=3),
       tail=st.binary(max_size=12))
def test_any_damage_gives_pdfminers_answer(cut, flips, tail):
    data = bytearray(STREAM)
    for at, mask in flips:
        data[at] ^= mask
    data = bytes(data[:cut]) + tail
    assert _ours(data) == _pdfminer(data)


class _CountingDecompressor:
    """zlib's decompressor, counting the calls the salvage makes."""

    calls = 0
    make = zlib.decompressobj

    def __init__(self, inner=None):
        self.inner = inner or type(self).make()

    def decompress(self, data: bytes) -> bytes:
        type(self).calls += 1
        return self.inner.decompress(data)

    def copy(self) -> "_CountingDecompressor":
        return _CountingDecompressor(self.inner.copy())


def test_calls_grow_with_blocks_not_bytes(monkeypatch):
    """The cost the fuzz case showed: one call per input byte. A stream damaged only in its
    checksum is found in about two calls per halving of its length, plus a few bytes fed alone."""
    monkeypatch.setattr(pdf_minersalvage.zlib, "decompressobj", _CountingDecompressor)
    data = STREAM[:-4] + bytes(4)
    _CountingDecompressor.calls = 0
    assert salvage(data) == CONTENT
    halvings = len(data).bit_length()
    assert _CountingDecompressor.calls <= 2 * halvings + pdf_minersalvage.SMALL
    assert len(data) > 30_000  # pdfminer's: one call per byte


def test_a_page_with_a_broken_checksum_gives_its_glyphs(tmp_path):
    """The recovery's pdfminer reads a page whose content stream has a wrong Adler-32 as the
    same page intact (through the linear salvage, installed by the recovery itself)."""
    from budgetlens.read.pdf_minerpage import render_page

    content = stsong(60, 780, "部门预算收支总表") + lost(90, 700) + lost(300, 400, 3)
    intact = write_pdf(tmp_path / "intact.pdf", zlib.compress(content), content_filter=b"/FlateDecode")
    damaged = write_pdf(tmp_path / "damaged.pdf", zlib.compress(content)[:-4] + bytes(4),
                        content_filter=b"/FlateDecode")

    def glyphs(path: str) -> tuple[list, int]:
        found, rendered = render_page(path, 0, lambda x, y: ANY._replace(x=x, y=y))
        return [(g.x, g.y, text) for g, text in found], rendered

    assert glyphs(damaged) == glyphs(intact)
    assert glyphs(intact)[1] == 8 + 1 + 3
    assert pdftypes.decompress_corrupted is salvage
