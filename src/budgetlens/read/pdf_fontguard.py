"""How many codes pdfminer would enumerate one by one from a CID font's widths and embedded
TrueType program, counted without enumerating them.

Why: the glyph recovery (:mod:`pdf_recover`) lets pdfminer load every font of a page, and three
things a font holds make pdfminer loop over a range of codes whose size the file states in a
few bytes, not over bytes of the file:

* a CID font's ``/W`` widths: ``c_first c_last w`` sets the width of every code between, one
  dict entry each (``pdffont.get_widths``); ``/W2`` likewise for vertical writing. ``[0
  4000000000 500]`` is fourteen bytes and four billion entries;
* an embedded TrueType program (``FontFile2``) of a CID font without ``/ToUnicode`` whose
  character collection is Adobe-Identity or Adobe-UCS: pdfminer reads the program's ``cmap``
  table (``TrueTypeFont.create_unicode_map``), and a format-12 group of twelve bytes spans up to
  2^32 codes, a format-4 segment of eight up to 65,536 (and 32,767 segments are allowed), and
  format 2's sub-headers may all point at the same glyph array;
* the ToUnicode map's ranges (counted by :mod:`pdf_cmapguard`, which adds these counts).

PDFium keeps widths as ranges and reads such a font without expanding it, so only the recovery
is exposed. The counts below follow pdfminer's reading (its struct layouts, the subtables it
takes, where it would fail), are linear in the bytes of the font dict and of the ``cmap``
table, and are compared with pdfminer's own enumeration in the tests. Other font programs are
not parsed on this path: pdfminer reads a Type1 program's clear-text header up to its
``/Length1`` (linear in those bytes) and never parses CFF (``FontFile3``) when loading a font.
"""

from __future__ import annotations

import struct
from typing import Any

from pdfminer.pdftypes import PDFStream, resolve1

#: The character collections for which pdfminer builds a CID font's Unicode map from its
#: embedded TrueType ``cmap`` (``PDFCIDFont.__init__``).
_FROM_TRUETYPE = ("Adobe-Identity", "Adobe-UCS")


def width_codes(seq: Any) -> int:
    """Codes the ``c_first c_last w`` triples of a ``/W`` array give a width one by one
    (``pdffont.get_widths``: a list after a number is linear in its own length, not counted)."""
    total = 0
    run: list[float] = []
    for v in _items(seq):
        v = resolve1(v)
        if isinstance(v, list):
            run = []
        elif isinstance(v, (int, float)):
            run.append(v)
            if len(run) == 3:
                first, last = run[0], run[1]
                if isinstance(first, int) and isinstance(last, int):
                    total += max(0, last - first + 1)
                run = []
    return total


def width2_codes(seq: Any) -> int:
    """Codes the ``c_first c_last w1y vx vy`` quintuples of a ``/W2`` array set one by one
    (``pdffont.get_widths2``, read for vertical writing)."""
    total = 0
    run: list[float] = []
    for v in _items(seq):
        if isinstance(v, list):
            run = []
        elif isinstance(v, (int, float)):
            run.append(v)
            if len(run) == 5:
                first, last = run[0], run[1]
                if isinstance(first, int) and isinstance(last, int):
                    total += max(0, last - first + 1)
                run = []
    return total


def _items(seq: Any) -> list:
    seq = resolve1(seq)
    return seq if isinstance(seq, list) else []


def cid_font_codes(spec: dict) -> int:
    """The codes pdfminer enumerates loading the CID font ``spec`` (a descendant font with the
    Type0 font's ``/ToUnicode`` and ``/Encoding``, as pdfminer's resource manager merges them),
    apart from its ToUnicode map: its widths' ranges and, where it reads one, its TrueType
    program's ``cmap``."""
    codes = width_codes(spec.get("W")) + width2_codes(spec.get("W2"))
    if "ToUnicode" in spec or _collection(spec) not in _FROM_TRUETYPE:
        return codes
    descriptor = resolve1(spec.get("FontDescriptor"))
    program = resolve1(descriptor.get("FontFile2")) if isinstance(descriptor, dict) else None
    if not isinstance(program, PDFStream):
        return codes
    try:
        data = program.get_data()
    except Exception:  # noqa: BLE001 - pdfminer cannot read it either: it maps nothing
        return codes
    return codes + truetype_codes(data)


def _collection(spec: dict) -> str:
    """``Registry-Ordering`` of the font's CIDSystemInfo, as pdfminer names it."""
    info = resolve1(spec.get("CIDSystemInfo"))
    if not isinstance(info, dict):
        return "unknown-unknown"
    registry, ordering = resolve1(info.get("Registry", b"unknown")), \
        resolve1(info.get("Ordering", b"unknown"))
    if not (isinstance(registry, bytes) and isinstance(ordering, bytes)):
        return ""
    return f"{registry.decode('latin1').strip()}-{ordering.decode('latin1').strip()}"


def truetype_codes(data: bytes) -> int:
    """Codes pdfminer's ``TrueTypeFont.create_unicode_map`` puts in its map one by one from the
    Unicode subtables of the program's ``cmap`` table, up to where its reading would fail."""
    total = 0
    try:
        base = _table(data, b"cmap")
        if base is None:
            return 0
        _, count = struct.unpack_from(">HH", data, base)
        # every subtable's header is read before the first subtable, as pdfminer reads them
        headers = [struct.unpack_from(">HHL", data, base + 4 + 8 * k) for k in range(count)]
        for platform, encoding, offset in headers:
            if platform == 0 or (platform == 3 and encoding in (1, 10)):
                total += _subtable_codes(data, base + offset)
    except (struct.error, ValueError):
        pass  # pdfminer stops here too (a struct.error), with what it had mapped
    return total


def _table(data: bytes, tag: bytes) -> int | None:
    """The offset of table ``tag`` in the program's directory (the last entry of that tag, as
    pdfminer's dict keeps it), or None."""
    found = None
    (count,) = struct.unpack_from(">H", data, 4)
    for k in range(count):
        try:
            name, _, offset, _ = struct.unpack_from(">4sLLL", data, 12 + 16 * k)
        except struct.error:
            break  # pdfminer keeps the tables read so far
        if name == tag:
            found = offset
    return found


def _subtable_codes(data: bytes, at: int) -> int:
    (fmt,) = struct.unpack_from(">H", data, at)
    if fmt == 0:
        return 256
    if fmt == 2:
        return _format2(data, at + 2)
    if fmt == 4:
        return _format4(data, at + 2)
    if fmt == 6:
        return struct.unpack_from(">HHHH", data, at + 2)[3]
    if fmt == 10:  # its glyph ids are read at once: as many as the data holds, else none
        chars = struct.unpack_from(">HIIII", data, at + 2)[4]
        return chars if at + 20 + 2 * chars <= len(data) else 0
    if fmt == 12:
        return _format12(data, at + 2)
    raise ValueError(f"cmap format {fmt}")  # pdfminer asserts: the font fails to load


def _format2(data: bytes, at: int) -> int:
    keys = struct.unpack_from(">256H", data, at + 4)
    first = at + 4 + 512
    headers = [struct.unpack_from(">HHhH", data, first + 8 * i)  # all read before any code
               for i in range(max(keys) // 8 + 1)]
    total = 0
    for i, (_, entries, _, offset) in enumerate(headers):
        # pdfminer reads two bytes a code from the header's array: no further than the data
        total += min(entries, max(0, (len(data) - (first + 8 * i + 6 + offset)) // 2))
    return total


def _format4(data: bytes, at: int) -> int:
    segments = struct.unpack_from(">HHHHH", data, at)[2] // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 12)
    starts = struct.unpack_from(f">{segments}H", data, at + 14 + 2 * segments)
    struct.unpack_from(f">{segments}h", data, at + 14 + 4 * segments)
    ranges_at = at + 14 + 6 * segments
    offsets = struct.unpack_from(f">{segments}H", data, ranges_at)
    total = 0
    for end, start, offset in zip(ends, starts, offsets):
        span = max(0, end - start + 1)
        # with a range offset pdfminer reads two bytes a code: no further than the data
        total += min(span, max(0, (len(data) - ranges_at - offset) // 2)) if offset else span
    return total


def _format12(data: bytes, at: int) -> int:
    (groups,) = struct.unpack_from(">I", data, at + 10)
    total = 0
    for k in range(groups):
        try:
            start, end, _ = struct.unpack_from(">III", data, at + 14 + 12 * k)
        except struct.error:
            break  # pdfminer fails here, after mapping the groups before
        total += max(0, end - start + 1)
    return total


__all__ = ["cid_font_codes", "truetype_codes", "width_codes", "width2_codes"]
