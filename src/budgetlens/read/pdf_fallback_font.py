"""A last-resort font for PDFium: one em-square glyph for every character, built in memory.

Why: PDFium measures a non-embedded font (宋体, ``STSong-Light``) with a font it finds on the
machine. When it finds none for a CJK charset, every glyph is flat and empty, and three things
PDFium does at parse time go wrong in ways the char boxes of :mod:`pdf_glyphs` cannot repair:

* its text page skips text objects with no width: every sideways run (a table on a page turned by
  /Rotate) and every one-glyph object;
* when a text object's (empty) box fits inside a rectangular clip, the clip is thrown away as
  useless (``CPDF_ContentParser::CheckClip``), so text the PDF clips off (a long label cut at its
  cell's border) can no longer be told apart from printed text.

So when PDFium's own font lookup finds nothing for a CJK charset, this font answers instead. Its
glyph is the em square (0..1 em across, -0.2..0.8 em up): boxes are about where the real glyphs
would be, a little larger, so a clip is kept whenever a real font would keep it. Where a CJK font
is installed it is used as before (rendering looks right); only glyph *boxes* differ between the
two, and reading uses the declared metrics for those (:mod:`pdf_glyphs`).

The handler wraps PDFium's default ``FPDF_SYSFONTINFO`` (``fpdf_sysfontinfo.h``). It must be
installed again after the library is re-initialised (:func:`pdfium_fonts.use_font_dirs`).
"""

from __future__ import annotations

import ctypes
import struct
from typing import Any, Optional

import pypdfium2.raw as pdfium_c

FACE = b"BudgetlensEmBox"
UNITS = 1000
DESCENT, ASCENT = -200, 800
# Windows charsets of CJK scripts: GB2312, Big5, ShiftJIS, Hangul, Johab.
CJK_CHARSETS = frozenset({134, 136, 128, 129, 130})


def _table(tag: bytes, data: bytes) -> tuple[bytes, bytes]:
    return tag, data + b"\0" * (-len(data) % 4)


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def _glyph() -> bytes:
    """The em square as one closed contour of four on-curve points (int16 coordinates)."""
    xs, ys = (0, 0, UNITS, UNITS), (DESCENT, ASCENT, ASCENT, DESCENT)
    dx = [xs[0]] + [b - a for a, b in zip(xs, xs[1:])]
    dy = [ys[0]] + [b - a for a, b in zip(ys, ys[1:])]
    return (struct.pack(">hhhhh", 1, 0, DESCENT, UNITS, ASCENT) + struct.pack(">HH", 3, 0)
            + bytes([1] * 4) + struct.pack(">4h", *dx) + struct.pack(">4h", *dy))


def _cmap() -> bytes:
    """Every char to glyph 1: one many-to-one group (format 13) in a Unicode (3/10) subtable,
    which FreeType selects as the font's Unicode charmap."""
    fmt13 = struct.pack(">HHIII", 13, 0, 28, 0, 1) + struct.pack(">III", 0, 0x10FFFF, 1)
    return struct.pack(">HH", 0, 1) + struct.pack(">HHI", 3, 10, 12) + fmt13


def _name() -> bytes:
    names = [(1, FACE), (2, b"Regular"), (4, FACE), (6, FACE)]
    strings = [s.decode().encode("utf-16-be") for _, s in names]
    out = struct.pack(">HHH", 0, len(names), 6 + 12 * len(names))
    offset = 0
    for (nid, _), s in zip(names, strings):
        out += struct.pack(">HHHHHH", 3, 1, 0x409, nid, len(s), offset)
        offset += len(s)
    return out + b"".join(strings)


def _os2() -> bytes:
    code_pages = (1 << 17) | (1 << 18) | (1 << 19) | (1 << 20) | (1 << 21) | 1
    return (struct.pack(">HhHHH", 1, UNITS, 400, 5, 0) + struct.pack(">10h", *([0] * 10))
            + struct.pack(">h", 0) + bytes(10) + struct.pack(">4I", 1, 0x28000000, 0, 0)
            + b"BLNS" + struct.pack(">HHH", 0x40, 0, 0xFFFF)
            + struct.pack(">hhhHH", ASCENT, DESCENT, 0, ASCENT, -DESCENT)
            + struct.pack(">II", code_pages, 0))


def build_font() -> bytes:
    """The TrueType file: two glyphs (.notdef and the box, both the em square)."""
    glyph = _glyph()
    tables = dict([
        _table(b"OS/2", _os2()),
        _table(b"cmap", _cmap()),
        _table(b"glyf", glyph + glyph),
        _table(b"head", struct.pack(">IIIIHHqqhhhhHHhhh", 0x00010000, 0x00010000, 0, 0x5F0F3CF5,
                                    0x000B, UNITS, 0, 0, 0, DESCENT, UNITS, ASCENT, 0, 8, 2,
                                    0, 0)),
        _table(b"hhea", struct.pack(">IhhhHhhhhhhhhhhhH", 0x00010000, ASCENT, DESCENT, 0, UNITS,
                                    0, 0, UNITS, 1, 0, 0, 0, 0, 0, 0, 0, 2)),
        _table(b"hmtx", struct.pack(">HhHh", UNITS, 0, UNITS, 0)),
        _table(b"loca", struct.pack(">HHH", 0, len(glyph) // 2, len(glyph))),
        _table(b"maxp", struct.pack(">IHHHHHHHHHHHHHH", 0x00010000, 2, 4, 1, 0, 0, 2, 0, 0, 0, 0,
                                    0, 0, 0, 0)),
        _table(b"name", _name()),
        _table(b"post", struct.pack(">IIhhIIIII", 0x00030000, 0, -100, 50, 0, 0, 0, 0, 0)),
    ])
    tags = sorted(tables)
    n = len(tags)
    entry = max(k for k in range(5) if 2 ** k <= n)
    out = struct.pack(">IHHHH", 0x00010000, n, 16 * 2 ** entry, entry, 16 * n - 16 * 2 ** entry)
    offset = 12 + 16 * n
    data = b""
    for tag in tags:
        out += struct.pack(">4sIII", tag, _checksum(tables[tag]), offset + len(data),
                           len(tables[tag]))
        data += tables[tag]
    return out + data


#: A font handle as PDFium passes it to a callback (``void *``: ctypes hands over an int, or
#: None for NULL); ours is the address of our font's bytes.
FontHandle = Optional[int]


class _Fallback:
    """The installed handler: the ctypes struct PDFium calls, its callbacks and the font.

    The callbacks' parameters are typed as ctypes converts them from ``FPDF_SYSFONTINFO``'s
    prototypes; the first, the struct itself, is not read (``object``)."""

    def __init__(self) -> None:
        self.font = build_font()
        self.data = ctypes.create_string_buffer(self.font, len(self.font))
        self.handle = ctypes.addressof(self.data)  # our font's handle: its own address
        self.charset = 134
        default = pdfium_c.FPDF_GetDefaultSystemFontInfo()
        self.default = default.contents if default else None
        self.info = pdfium_c.FPDF_SYSFONTINFO()
        self.info.version = 1
        self._keep: list[object] = []  # the callback objects, alive while installed
        for name in ("Release", "EnumFonts", "MapFont", "GetFont", "GetFontData",
                     "GetFaceName", "GetFontCharset", "DeleteFont"):
            fn = type(getattr(self.info, name))(getattr(self, "_" + name))
            self._keep.append(fn)
            setattr(self.info, name, fn)

    def _call(self, name: str, *args: object) -> Any:
        """The default handler's answer (0 without one); ctypes gives a call's result untyped."""
        d = self.default
        if d is None or not getattr(d, name):
            return 0
        return getattr(d, name)(ctypes.byref(d), *args)

    def _Release(self, _: object) -> None:
        return None  # the default info is freed with the library

    def _EnumFonts(self, _: object, mapper: Optional[int]) -> None:
        self._call("EnumFonts", mapper)

    def _MapFont(self, _: object, weight: int, italic: int, charset: int, pitch: int,
                 face: ctypes._Pointer[ctypes.c_char], exact: ctypes._Pointer[ctypes.c_int]
                 ) -> FontHandle:
        found = self._call("MapFont", weight, italic, charset, pitch, face, exact)
        if not found and charset in CJK_CHARSETS:
            self.charset = charset
            return self.handle
        return found

    def _GetFont(self, _: object, face: ctypes._Pointer[ctypes.c_char]) -> FontHandle:
        return self._call("GetFont", face)

    def _GetFontData(self, _: object, font: FontHandle, table: int,
                     buffer: ctypes._Pointer[ctypes.c_ubyte], size: int) -> int:
        if font != self.handle:
            return self._call("GetFontData", font, table, buffer, size)
        if table != 0:
            return 0  # tables are read from the whole file
        if buffer and size >= len(self.font):
            ctypes.memmove(buffer, self.data, len(self.font))
        return len(self.font)

    def _GetFaceName(self, _: object, font: FontHandle, buffer: ctypes._Pointer[ctypes.c_char],
                     size: int) -> int:
        if font != self.handle:
            return self._call("GetFaceName", font, buffer, size)
        if buffer and size > len(FACE):
            ctypes.memmove(buffer, FACE + b"\0", len(FACE) + 1)
        return len(FACE) + 1

    def _GetFontCharset(self, _: object, font: FontHandle) -> int:
        if font != self.handle:
            return self._call("GetFontCharset", font)
        return self.charset

    def _DeleteFont(self, _: object, font: FontHandle) -> None:
        if font != self.handle:
            self._call("DeleteFont", font)


_INSTALLED: list[Optional[_Fallback]] = [None]


def install() -> None:
    """Make the em-square font PDFium's last resort for CJK charsets (once per library
    instance; :func:`forget` after the library is destroyed)."""
    if _INSTALLED[0] is not None:
        return
    fallback = _Fallback()
    pdfium_c.FPDF_SetSystemFontInfo(fallback.info)
    _INSTALLED[0] = fallback


def forget() -> None:
    """The library was destroyed with the handler: install again on next use."""
    _INSTALLED[0] = None
