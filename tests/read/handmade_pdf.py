"""One-page PDFs written byte by byte, for the tests of glyph recovery (pdf_recover, pdf_minerpage).

Why by hand and not with reportlab: the page needs a font reportlab does not write — a
non-embedded CJK-named TrueType font (``SimSun``, no CJK charset declared) whose code 0x20 the
substitute font draws as an empty space glyph while the file's ToUnicode map says it prints 出.
PDFium then keeps neither a box nor a text for that glyph on every machine (with or without a CJK
font installed): the shape of a lost glyph (pdf_paths.LostGlyph). pdfminer reads it as 出.
Fonts: F1 ``STSong-Light`` (UniGB-UCS2-H, non-embedded), F2 that ``SimSun``, F3 Helvetica.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

STSONG = (b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H /Encoding "
          b"/UniGB-UCS2-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont "
          b"/STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
          b"/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox "
          b"[-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93"
          b" >> /DW 1000 >>] >>")
#: code 0x20 of this font prints 出 by its ToUnicode map (object 6, below)
SIMSUN = (b"<< /Type /Font /Subtype /TrueType /BaseFont /SimSun /FirstChar 32 /LastChar 32 "
          b"/Widths [1000] /Encoding /WinAnsiEncoding /ToUnicode 6 0 R /FontDescriptor << /Type "
          b"/FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0"
          b" /Ascent 859 /Descent -141 /CapHeight 859 /StemV 50 >> >>")
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
_CMAP = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Lost def "
         b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <20> <51FA> endbfchar "
         b"endcmap CMapName currentdict /CMap defineresource pop end end")


def stsong(x: float, y: float, text: str, size: float = 10) -> bytes:
    """``text`` in STSong at ``(x, y)``: one text object, a glyph per character, all boxed."""
    return b"BT /F1 %g Tf %g %g Td <%s> Tj ET\n" % (size, x, y, text.encode("utf-16-be").hex().encode())


def lost(x: float, y: float, glyphs: int = 1, size: float = 10) -> bytes:
    """A text object of ``glyphs`` codes 0x20 of SimSun (each 出 to pdfminer, unboxed to PDFium)."""
    return b"BT /F2 %g Tf %g %g Td (%s) Tj ET\n" % (size, x, y, b" " * glyphs)


def write_pdf(path: Path, content: bytes, rotate: int = 0, forms: Sequence[bytes] = (),
              content_filter: bytes = b"", ranges: bytes = b"", fonts: Sequence[bytes] = (),
              streams: Sequence[tuple[bytes, bytes]] = ()) -> str:
    """A one-page PDF (A4, ``/Rotate rotate``) drawing ``content`` with fonts F1 STSong, F2 SimSun
    and F3 Helvetica; ``forms`` are form XObjects' content streams, named /X0, /X1 … (their
    resources are the page's fonts). ``content_filter`` (e.g. ``b"/FlateDecode"``) names the
    filter ``content`` is already encoded with; ``ranges`` are CMap text (range blocks) added to
    SimSun's ToUnicode map before its ``endcmap`` (object ``6 0 R``, which ``fonts`` may share).
    ``fonts`` are more font dicts, named /F4, /F5 … and written as objects of their own;
    ``streams`` are ``(dict entries, data)`` of streams they refer to as ``@S0``, ``@S1`` …"""
    first = 9 + len(forms)
    refs = [(b"@S%d" % k, b"%d 0 R" % (first + k)) for k in range(len(streams))]
    extra = [_refer(font, refs[::-1]) for font in fonts]
    names = b"".join(b" /F%d %d 0 R" % (4 + k, first + len(streams) + k)
                     for k in range(len(fonts)))
    fonts_used = b"<< /F1 3 0 R /F2 4 0 R /F3 5 0 R%s >>" % names
    body = _CMAP.replace(b"endcmap", ranges + b" endcmap") if ranges else _CMAP
    cmap = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(body), body)
    xnames = b" ".join(b"/X%d %d 0 R" % (k, 9 + k) for k in range(len(forms)))
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate %d /Resources << "
            b"/Font %s /XObject << %s >> >> /Contents 7 0 R >>" % (rotate, fonts_used, xnames))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [8 0 R] /Count 1 >>",
               STSONG, SIMSUN, HELVETICA, cmap,
               _stream(b"/Filter " + content_filter if content_filter else b"", content), page]
    objects += [_stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font "
                        b"%s >>" % fonts_used, form) for form in forms]
    objects += [_stream(head, data) for head, data in streams] + extra
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return str(path)


def _refer(body: bytes, refs: Sequence[tuple[bytes, bytes]]) -> bytes:
    for mark, ref in refs:  # @S10 before @S1
        body = body.replace(mark, ref)
    return body


def _stream(head: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (head, len(data), data)
