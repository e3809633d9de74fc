"""Mutations of office containers: DOCX/XLSX (ZIP members and their XML) and XLS (OLE2, BIFF).

ZIP members are dropped, duplicated or stored with lies, their XML corrupted (truncated,
unbalanced, entity bombs, deep nesting); DOCX tables get absurd ``gridSpan``/``vMerge``/
``gridBefore``, XLSX sheets merges and dimensions over the whole sheet and a cell at
``XFD1048576``; XLS files get their OLE2 header, FAT chains and directory sizes damaged, and BIFF
records (dimensions, defined names, sheet offsets, cells) absurd fields. A mutator whose
structure is already gone (an earlier mutation broke the ZIP) falls back to a byte mutation.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from typing import Callable, Sequence

from fuzz_bytes import pos, flip, truncate

# --- ZIP containers (DOCX, XLSX) --------------------------------------------------------------

def read_zip(data: bytes) -> list[tuple[str, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return [(info.filename, zf.read(info)) for info in zf.infolist()]
    except Exception:  # noqa: BLE001 - not a (readable) ZIP any more
        return None


def write_zip(members: Sequence[tuple[str, bytes]], stored: bool = False) -> bytes:
    buf = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, body in members:
            zf.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), body, method)
    return buf.getvalue()


def _on_member(data: bytes, rnd: random.Random, change: Callable[[bytes, random.Random], bytes],
               pattern: str = r"\.(xml|rels)$") -> bytes:
    members = read_zip(data)
    if not members:
        return flip(data, rnd)
    chosen = [i for i, (n, _) in enumerate(members) if re.search(pattern, n)] or \
        list(range(len(members)))
    i = rnd.choice(chosen)
    members[i] = (members[i][0], change(members[i][1], rnd))
    return write_zip(members)


def zip_drop(data: bytes, rnd: random.Random, pool=()) -> bytes:
    members = read_zip(data)
    if not members:
        return truncate(data, rnd)
    del members[rnd.randrange(len(members))]
    return write_zip(members)


def zip_duplicate(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """A member name twice: the second copy damaged (which one wins depends on the reader)."""
    members = read_zip(data)
    if not members:
        return flip(data, rnd)
    name, body = rnd.choice(members)
    members.append((name, flip(body, rnd)))
    return write_zip(members, stored=rnd.random() < 0.3)


def zip_bomb(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """One XML member padded to tens of MiB of whitespace or repeated elements (compresses to
    little: memory and time must stay bounded)."""
    def grow(body: bytes, r: random.Random) -> bytes:
        size = r.choice((1, 8, 40)) << 20
        filler = b" " * size if r.random() < 0.5 else b"<x/>" * (size // 4)
        cut = body.rfind(b"</")
        return body[:cut] + filler + body[cut:] if cut > 0 else body + filler
    return _on_member(data, rnd, grow)


XML_JUNK = (b"<junk>", b"</w:tbl>", b"</row>", b"&undefined;", b"\x00", b"<![CDATA[", b"]]>",
            b"<!--", b"<", b"&#0;", b"&#xFFFFFFFF;", b"\xff\xfe")
_BOMB = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
         + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + k]), (b"&%s;" % bytes([97 + k])) * 10)
                    for k in range(8)) + b"]>")


def xml_corrupt(body: bytes, rnd: random.Random) -> bytes:
    kind = rnd.randrange(7)
    if kind == 0:
        return body[:rnd.randrange(len(body) + 1)]
    if kind == 1:
        return flip(body, rnd)
    if kind == 2:
        closes = [m.start() for m in re.finditer(rb"</[^>]+>", body)]
        if closes:
            i = rnd.choice(closes)
            return body[:i] + body[body.index(b">", i) + 1:]
    if kind == 3:
        i = pos(body, rnd)
        return body[:i] + rnd.choice(XML_JUNK) + body[i:]
    if kind == 4:  # an entity bomb declared, then referenced in the first text node
        decl_end = body.find(b"?>") + 2 if body.startswith(b"<?xml") else 0
        body = _BOMB + body[decl_end:]
        return re.sub(rb">([^<]{1,40})<", rb">&i;<", body, count=1)
    if kind == 5:  # deep nesting
        depth = rnd.choice((300, 5000, 100000))
        i = body.rfind(b"</")
        return body[:i] + b"<n>" * depth + b"</n>" * depth + body[i:] if i > 0 else body
    return re.sub(rb'xmlns(:\w+)?="[^"]*"', rb'xmlns\1="urn:wrong"', body, count=1)


def zip_xml(data: bytes, rnd: random.Random, pool=()) -> bytes:
    return _on_member(data, rnd, xml_corrupt)


SPAN_VALUES = (b"0", b"-1", b"2", b"1000", b"65535", b"2147483647", b"2147483648",
               b"99999999999999999999", b"abc", b"", b"1.5", b"\xef\xbc\x93")


def docx_spans(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """Absurd gridSpan/gridBefore values, a vMerge continuing from nowhere, a lost tblGrid."""
    def change(body: bytes, r: random.Random) -> bytes:
        kind = r.randrange(4)
        value = r.choice(SPAN_VALUES)
        if kind == 0 and b"<w:tcPr>" in body:
            return _nth_sub(body, b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="%s"/>' % value, r)
        if kind == 1 and b"<w:tr" in body:
            return _nth_sub(body, b"<w:tr>", b'<w:tr><w:trPr><w:gridBefore w:val="%s"/></w:trPr>'
                            % value, r)
        if kind == 2 and b"<w:tcPr>" in body:
            return _nth_sub(body, b"<w:tcPr>", b"<w:tcPr><w:vMerge/>", r)
        return re.sub(rb"<w:tblGrid>.*?</w:tblGrid>", b"", body, count=1, flags=re.S)
    return _on_member(data, rnd, change, r"word/document\.xml$")


CELL_REFS = (b"XFD1048576", b"A1048576", b"XFD1", b"A0", b"A99999999999", b"AAAA1", b"1A", b"",
             b"a1", b"ZZZZZZZZ9")
MERGE_REFS = (b"A1:XFD1048576", b"A1:A1048576", b"A1:XFD1", b"B2:A1", b"A1", b"", b"A1:B",
              b"A0:B2", b"A1:ZZZZ99999999")


def xlsx_cells(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """Sheet XML: merges and dimensions over the whole sheet, absurd cell references and style
    indexes, shared-string indexes out of range, a cell at the sheet's last slot."""
    def change(body: bytes, r: random.Random) -> bytes:
        kind = r.randrange(6)
        if kind == 0:
            merge = b'<mergeCells count="1"><mergeCell ref="%s"/></mergeCells>' % r.choice(MERGE_REFS)
            body = re.sub(rb"<mergeCells.*?</mergeCells>", b"", body, flags=re.S)
            return body.replace(b"</sheetData>", b"</sheetData>" + merge, 1)
        if kind == 1:
            return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="%s"' % r.choice(MERGE_REFS),
                          body, count=1)
        if kind == 2:
            return _nth_re(body, rb'(<c r=")[^"]*"', b'\\g<1>%s"' % r.choice(CELL_REFS), r)
        if kind == 3:
            return _nth_re(body, rb'( s=")\d+"', b'\\g<1>%s"' % r.choice(SPAN_VALUES), r)
        if kind == 4:
            return _nth_re(body, rb"(<c [^>]*t=\"s\"[^>]*><v>)\d+", b"\\g<1>%s" % r.choice(
                (b"99999999", b"-1", b"x", b"")), r)
        row = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
        return body.replace(b"</sheetData>", row + b"</sheetData>", 1)
    return _on_member(data, rnd, change, r"xl/worksheets/.*\.xml$")


def xlsx_styles(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """styles.xml / workbook.xml: number formats and ids that make no sense, sheets hidden."""
    def change(body: bytes, r: random.Random) -> bytes:
        kind = r.randrange(4)
        if kind == 0:
            return _nth_re(body, rb'(numFmtId=")\d+"', b'\\g<1>%s"' % r.choice(SPAN_VALUES), r)
        if kind == 1:
            code = r.choice((b"0." + b"0" * 400, b"#,##0.00;;;@", b"0.00%%%", b"", b"[Red]0.0",
                             b'"\xe4\xb8\x87"0.0'))
            fmt = b'<numFmts count="1"><numFmt numFmtId="164" formatCode="%s"/></numFmts>' % code
            body = re.sub(rb"<numFmts.*?</numFmts>", b"", body, flags=re.S)
            return re.sub(rb"(<styleSheet[^>]*>)", rb"\1" + fmt, body, count=1)
        if kind == 2:
            return _nth_re(body, rb"(<sheet )", b'\\g<1>state="%s" ' % r.choice(
                (b"hidden", b"veryHidden", b"bogus")), r)
        return _nth_re(body, rb'(<xf [^>]*numFmtId=")\d+"', b'\\g<1>164"', r)
    return _on_member(data, rnd, change, r"xl/(styles|workbook)\.xml$")


def _nth_sub(body: bytes, old: bytes, new: bytes, rnd: random.Random) -> bytes:
    spots = [m.start() for m in re.finditer(re.escape(old), body)]
    if not spots:
        return body
    i = rnd.choice(spots)
    return body[:i] + new + body[i + len(old):]


def _nth_re(body: bytes, pattern: bytes, repl: bytes, rnd: random.Random) -> bytes:
    matches = list(re.finditer(pattern, body))
    if not matches:
        return body
    m = rnd.choice(matches)
    return body[:m.start()] + m.expand(repl) + body[m.end():]


# --- OLE2 (XLS) -------------------------------------------------------------------------------

def ole_header(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """Header fields: sector shift, FAT count, first directory/miniFAT/DIFAT sector, DIFAT[0..]."""
    if len(data) < 512:
        return flip(data, rnd)
    offset = rnd.choice((0x1E, 0x20, 0x2C, 0x30, 0x38, 0x3C, 0x40, 0x44, 0x48, 0x4C, 0x50))
    width = 2 if offset in (0x1E, 0x20) else 4
    value = rnd.choice((0, 1, 7, 9, 12, 0xFFFF, 0xFFFFFFFE, 0xFFFFFFFF, 0x7FFFFFFF,
                        rnd.randrange(1 << 16)))
    return data[:offset] + (value & ((1 << 8 * width) - 1)).to_bytes(width, "little") + \
        data[offset + width:]


def ole_fat_loop(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """A FAT entry pointing to itself or backwards: a sector chain that never ends."""
    if len(data) < 1024:
        return flip(data, rnd)
    fat_sector = int.from_bytes(data[0x4C:0x50], "little")
    base = (fat_sector + 1) * 512
    if base + 512 > len(data):
        return ole_header(data, rnd)
    out = bytearray(data)
    for _ in range(rnd.choice((1, 4, 32))):
        k = rnd.randrange(128)
        target = k if rnd.random() < 0.5 else rnd.randrange(max(k, 1))
        out[base + 4 * k:base + 4 * k + 4] = target.to_bytes(4, "little")
    return bytes(out)


def ole_dir_sizes(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """Directory entries claiming huge or odd stream sizes and start sectors."""
    if len(data) < 1024:
        return flip(data, rnd)
    first_dir = int.from_bytes(data[0x30:0x34], "little")
    base = (first_dir + 1) * 512
    if base + 512 > len(data):
        return ole_header(data, rnd)
    out = bytearray(data)
    entry = base + 128 * rnd.randrange(4)
    field = rnd.choice((0x74, 0x78))
    out[entry + field:entry + field + 4] = rnd.choice(
        (0xFFFFFFFF, 0x7FFFFFFF, 0, 4095, 4097)).to_bytes(4, "little")
    return bytes(out)


#: BIFF8 records worth damaging, by type: DIMENSIONS, Lbl (defined name), BoundSheet8 (sheet
#: offset), Number, LabelSst, SST, MergeCells, ExternSheet, Row.
BIFF_RECORDS = (0x0200, 0x0018, 0x0085, 0x0203, 0x00FD, 0x00FC, 0x00E5, 0x0017, 0x0208)


def ole_biff(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """A BIFF record in the workbook stream with absurd fields: a DIMENSIONS record claiming
    2**32 rows, a cell at row 65535, a sheet offset past the stream, a name longer than its
    record. Records are found by their headers (type, length) in the file's bytes."""
    kind = rnd.choice(BIFF_RECORDS)
    heads = [m.start() for m in re.finditer(re.escape(kind.to_bytes(2, "little")), data)]
    heads = [h for h in heads if 0 < int.from_bytes(data[h + 2:h + 4], "little") <= 8224]
    if not heads:
        return ole_header(data, rnd)
    at = rnd.choice(heads)
    size = int.from_bytes(data[at + 2:at + 4], "little")
    out = bytearray(data)
    if rnd.random() < 0.2:  # the record's own length lies
        out[at + 2:at + 4] = rnd.choice((0, 1, 8224, size + 1, 0xFFFF)).to_bytes(2, "little")
        return bytes(out)
    for _ in range(rnd.choice((1, 2, 4))):
        width = rnd.choice((1, 2, 4))
        k = at + 4 + rnd.randrange(max(1, size - width + 1))
        value = rnd.choice((0, 1, 0xFF, 0xFFFF, 0xFFFFFFFF, 0x7FFFFFFF, 0x10000, 256))
        out[k:k + width] = (value & ((1 << 8 * width) - 1)).to_bytes(width, "little")
    return bytes(out)
