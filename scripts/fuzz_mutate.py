"""Mutations of real files, from bytes up to each format's structure.

Every mutator is ``(data, rnd, pool) → bytes``: ``rnd`` is a ``random.Random`` seeded by the case
recipe (so a case is reproducible from its recipe alone), ``pool`` the other seeds of the format
(for splicing). Byte-level mutators work on any file; structural ones parse just enough of the
format to damage what a reader relies on, and fall back to a byte mutation when the structure is
already gone (an earlier mutation may have destroyed it):

* PDF (:mod:`fuzz_mutate_pdf`): content streams decompressed, damaged and recompressed, raw
  stream bytes, xref tables and ``startxref``, ``/Length``, duplicated objects, page-tree cycles,
  absurd dictionary numbers, object streams, font programs, pages with tens of thousands of
  rulings;
* DOCX/XLSX: ZIP members dropped, duplicated or stored with lies, their XML corrupted (truncated,
  unbalanced, entity bombs, deep nesting), absurd ``gridSpan``/``vMerge``/``gridBefore``, merges
  and dimensions over the whole sheet, a cell at ``XFD1048576``;
* XLS: the OLE2 header, FAT chains made circular, directory sizes, BIFF records (dimensions,
  defined names, sheet offsets, cell positions);
* HTML: unclosed tags, absurd ``rowspan``/``colspan``, charset lies, deep nesting, huge tables,
  bad entities, MHTML with broken transfer encodings;
* text: re-encoding, BOM lies, cut multi-byte sequences, NULs, form feeds, huge lines and rows.
"""

from __future__ import annotations

import codecs
import io
import random
import re
import zipfile
from typing import Callable, Sequence

from fuzz_mutate_pdf import PDF_MUTATORS

Mutator = Callable[[bytes, random.Random, Sequence[bytes]], bytes]

#: Largest output of one mutation that grows the input (keeps a case's file reasonable).
MAX_GROWTH = 4 << 20
INTERESTING = (b"\x00", b"\xff", b"\x7f", b"\x80", b"\xff\xff", b"\x00\x00", b"\xff\xff\xff\x7f",
               b"\x00\x00\x00\x80", b"\xff\xff\xff\xff", b"\xfe\xff", b"\xef\xbb\xbf")


# --- bytes ------------------------------------------------------------------------------------

def _pos(data: bytes, rnd: random.Random) -> int:
    return rnd.randrange(len(data) + 1)


def flip(data: bytes, rnd: random.Random, pool=()) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rnd.choice((1, 2, 4, 16))):
        i = rnd.randrange(len(out))
        out[i] ^= 1 << rnd.randrange(8)
    return bytes(out)


def interesting(data: bytes, rnd: random.Random, pool=()) -> bytes:
    i, value = _pos(data, rnd), rnd.choice(INTERESTING)
    return data[:i] + value + data[i + len(value):]


def delete(data: bytes, rnd: random.Random, pool=()) -> bytes:
    i = _pos(data, rnd)
    return data[:i] + data[i + rnd.randint(1, max(1, len(data) // 8)):]


def duplicate(data: bytes, rnd: random.Random, pool=()) -> bytes:
    i = _pos(data, rnd)
    chunk = data[i:i + rnd.randint(1, 4096)]
    times = rnd.choice((1, 2, 10, 100))
    return data[:i] + chunk * min(times, MAX_GROWTH // max(len(chunk), 1)) + data[i:]


def insert(data: bytes, rnd: random.Random, pool=()) -> bytes:
    i = _pos(data, rnd)
    return data[:i] + rnd.randbytes(rnd.randint(1, 64)) + data[i:]


def truncate(data: bytes, rnd: random.Random, pool=()) -> bytes:
    return data[:int(len(data) * rnd.random() ** 0.3)]


def splice(data: bytes, rnd: random.Random, pool: Sequence[bytes] = ()) -> bytes:
    if not pool:
        return flip(data, rnd)
    other = rnd.choice(pool)
    return data[:_pos(data, rnd)] + other[_pos(other, rnd):]


BYTE_MUTATORS: dict[str, Mutator] = {
    "bytes.flip": flip, "bytes.interesting": interesting, "bytes.delete": delete,
    "bytes.duplicate": duplicate, "bytes.insert": insert, "bytes.truncate": truncate,
    "bytes.splice": splice,
}


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
        i = _pos(body, rnd)
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
            return _nth_re(body, rb'(<c r=")[^"]*"', b'\\1%s"' % r.choice(CELL_REFS), r)
        if kind == 3:
            return _nth_re(body, rb'( s=")\d+"', b'\\1%s"' % r.choice(SPAN_VALUES), r)
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
            return _nth_re(body, rb'(numFmtId=")\d+"', b'\\1%s"' % r.choice(SPAN_VALUES), r)
        if kind == 1:
            code = r.choice((b"0." + b"0" * 400, b"#,##0.00;;;@", b"0.00%%%", b"", b"[Red]0.0",
                             b'"\xe4\xb8\x87"0.0'))
            fmt = b'<numFmts count="1"><numFmt numFmtId="164" formatCode="%s"/></numFmts>' % code
            body = re.sub(rb"<numFmts.*?</numFmts>", b"", body, flags=re.S)
            return re.sub(rb"(<styleSheet[^>]*>)", rb"\1" + fmt, body, count=1)
        if kind == 2:
            return _nth_re(body, rb"(<sheet )", b'\\1state="%s" ' % r.choice(
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


# --- HTML -------------------------------------------------------------------------------------

HTML_SPANS = (b"0", b"-1", b"1000", b"65535", b"2147483648", b"1e9", b"abc", b"", b" 3 ",
              b"\xef\xbc\x93", b"99999999999999999999999")


def html_unclose(data: bytes, rnd: random.Random, pool=()) -> bytes:
    closes = [m for m in re.finditer(rb"</(td|tr|table|p|div|th|tbody|span|html|body)>", data, re.I)]
    if not closes:
        return data + b"<table><tr><td>1<td>2<tr><td>"
    for m in rnd.sample(closes, min(len(closes), rnd.choice((1, 5, 50)))):
        data = data.replace(m.group(0), b" " * len(m.group(0)), 1)
    return data


def html_spans(data: bytes, rnd: random.Random, pool=()) -> bytes:
    cells = [m.end() - 1 for m in re.finditer(rb"<t[dh]\b[^>]*>", data, re.I)]
    if not cells:
        return data + b"<table><tr><td colspan=%s>1</td></tr></table>" % rnd.choice(HTML_SPANS)
    out = data
    for i in sorted(rnd.sample(cells, min(len(cells), rnd.choice((1, 3, 20)))), reverse=True):
        attr = rnd.choice((b"rowspan", b"colspan"))
        out = out[:i] + b' %s="%s"' % (attr, rnd.choice(HTML_SPANS)) + out[i:]
    return out


CHARSETS = (b"utf-8", b"gb2312", b"gbk", b"utf-16", b"utf-16le", b"big5", b"iso-2022-jp",
            b"utf-7", b"utf-32", b"x-bogus", b"", b"gb18030")


def html_charset(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """Declare one charset, write another (or a BOM of a third)."""
    declared = rnd.choice(CHARSETS)
    data = re.sub(rb'charset\s*=\s*["\']?[\w:.\-]*', b"charset=" + declared, data, count=1, flags=re.I)
    if b"charset" not in data[:4096]:
        data = b'<meta http-equiv="Content-Type" content="text/html; charset=%s">' % declared + data
    if rnd.random() < 0.4:
        text = _decode_any(data)
        enc = rnd.choice(("gb18030", "utf-16-le", "utf-8", "big5", "utf-32"))
        data = text.encode(enc, "replace")
    if rnd.random() < 0.2:
        data = rnd.choice((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) + data
    return data


def html_nest(data: bytes, rnd: random.Random, pool=()) -> bytes:
    depth = rnd.choice((100, 1000, 10000, 100000))
    tag = rnd.choice((b"div", b"span", b"b", b"font", b"table"))
    if tag == b"table":
        opened, closed = b"<table><tr><td>" * depth, b"</td></tr></table>" * depth
    else:
        opened, closed = b"<%s>" % tag * depth, b"</%s>" % tag * depth
    i = _pos(data, rnd)
    return data[:i] + opened + b"1,234.56" + (closed if rnd.random() < 0.7 else b"") + data[i:]


def html_big_table(data: bytes, rnd: random.Random, pool=()) -> bytes:
    rows, cols = rnd.choice(((2000, 5), (300, 300), (20, 3000), (5000, 20)))
    row = b"<tr>" + b"".join(b"<td>%d.%02d</td>" % (k, k % 100) for k in range(cols)) + b"</tr>"
    return data.replace(b"</body>", b"<table>" + row * rows + b"</table></body>", 1) \
        if b"</body>" in data else data + b"<table>" + row * rows + b"</table>"


def html_entities(data: bytes, rnd: random.Random, pool=()) -> bytes:
    junk = rnd.choice((b"&#0;", b"&#xD800;", b"&#x110000;", b"&#99999999999;", b"&nbsp", b"&bogus;",
                       b"<!--", b"<script>", b"<![CDATA[", b"<?xml version='1.0' encoding='utf-16'?>",
                       b"<style>", b"\x00", b"<td", b"<table"))
    i = _pos(data, rnd) if rnd.random() < 0.8 else 0
    return data[:i] + junk * rnd.choice((1, 10, 1000)) + data[i:]


def html_mhtml(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """Wrap (or re-wrap) as MHTML with a transfer encoding that is broken or lies."""
    charset = rnd.choice(CHARSETS)
    transfer = rnd.choice((b"base64", b"quoted-printable", b"8bit", b"x-bogus"))
    body = data
    if transfer == b"base64":
        import base64
        body = base64.encodebytes(data)
        body = body[:rnd.randrange(len(body) + 1)] + rnd.choice((b"", b"!!", b"="))
    elif transfer == b"quoted-printable":
        import quopri
        body = quopri.encodestring(data).replace(b"=", rnd.choice((b"=", b"=Z", b"=\r\n")), 5)
    boundary = rnd.choice((b"b1", b"", b"missing"))
    head = (b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b1"\r\n\r\n--%s\r\n'
            b'Content-Type: text/html; charset="%s"\r\nContent-Transfer-Encoding: %s\r\n\r\n'
            % (boundary, charset, transfer))
    return head + body + (b"\r\n--b1--\r\n" if rnd.random() < 0.7 else b"")


# --- text ---------------------------------------------------------------------------------------

def _decode_any(data: bytes) -> str:
    for enc in ("utf-8", "utf-16", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def text_reencode(data: bytes, rnd: random.Random, pool=()) -> bytes:
    enc = rnd.choice(("gb18030", "gbk", "utf-16-le", "utf-16-be", "utf-16", "utf-8-sig", "big5",
                      "utf-32", "cp1252", "shift_jis"))
    return _decode_any(data).encode(enc, "replace")


def text_bom_lie(data: bytes, rnd: random.Random, pool=()) -> bytes:
    bom = rnd.choice((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE))
    body = _decode_any(data).encode(rnd.choice(("gb18030", "utf-8", "utf-16-le", "utf-16-be")))
    return bom + body


def text_break(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """Cut multi-byte sequences: drop a byte, lone lead bytes, overlong UTF-8, lone surrogates,
    an odd byte count."""
    out = bytearray(data)
    for _ in range(rnd.choice((1, 3, 30))):
        if not out:
            break
        i = rnd.randrange(len(out))
        kind = rnd.randrange(5)
        if kind == 0:
            del out[i]
        elif kind == 1:
            out[i:i] = bytes([rnd.randrange(0x81, 0xFF)])
        elif kind == 2:
            out[i:i] = b"\xc0\x80"
        elif kind == 3:
            out[i & ~1:i & ~1] = rnd.choice((b"\x00\xd8", b"\xd8\x00", b"\xff\xdf"))
        else:
            out = out[:-1]
    return bytes(out)


def text_controls(data: bytes, rnd: random.Random, pool=()) -> bytes:
    junk = rnd.choice((b"\x00", b"\f", b"\r", b"\x1a", b"\x0b", b"\xe2\x80\xa8", b"\xef\xbf\xbe"))
    count = rnd.choice((1, 100, 10000, 200000))
    i = _pos(data, rnd)
    return data[:i] + junk * count + data[i:]


def text_huge(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """A line of a million characters, a row of thousands of cells, a row repeated 10^4 times."""
    kind = rnd.randrange(4)
    if kind == 0:
        line = rnd.choice(("1", "9,", "预算", " ", "-")) * rnd.choice((10**4, 10**6))
    elif kind == 1:
        line = rnd.choice(("\t", "|", "  ")).join(f"{k}.5" for k in range(rnd.choice((500, 5000))))
    elif kind == 2:
        line = ("合计\t" + "\t".join(["1,234.56"] * 6) + "\n") * rnd.choice((1000, 20000))
    else:
        line = "\n".join("收入合计" + "\t" * k + "1" for k in range(rnd.choice((200, 2000))))
    text = _decode_any(data)
    i = rnd.randrange(len(text) + 1)
    return (text[:i] + "\n" + line + "\n" + text[i:]).encode("utf-8")


def text_mojibake(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """GBK/UTF-8 bytes once read as Latin-1 or CP1252 and saved as UTF-8 (with damage)."""
    text = _decode_any(data)
    raw = text.encode(rnd.choice(("gb18030", "utf-8")), "replace")
    moj = raw.decode(rnd.choice(("latin-1", "cp1252")), "replace").encode("utf-8")
    return flip(moj, rnd) if rnd.random() < 0.3 else moj


# --- registry -----------------------------------------------------------------------------------

_ZIP = {"zip.drop": zip_drop, "zip.duplicate": zip_duplicate, "zip.xml": zip_xml,
        "zip.bomb": zip_bomb}
MUTATORS: dict[str, dict[str, Mutator]] = {
    "pdf": {**BYTE_MUTATORS, **PDF_MUTATORS},
    "docx": {**BYTE_MUTATORS, **_ZIP, "docx.spans": docx_spans},
    "xlsx": {**BYTE_MUTATORS, **_ZIP, "xlsx.cells": xlsx_cells, "xlsx.styles": xlsx_styles},
    "xls": {**BYTE_MUTATORS, "ole.header": ole_header, "ole.fat_loop": ole_fat_loop,
            "ole.dir_sizes": ole_dir_sizes, "ole.biff": ole_biff},
    "html": {**BYTE_MUTATORS, "html.unclose": html_unclose, "html.spans": html_spans,
             "html.charset": html_charset, "html.nest": html_nest, "html.big_table": html_big_table,
             "html.entities": html_entities, "html.mhtml": html_mhtml},
    "text": {**BYTE_MUTATORS, "text.reencode": text_reencode, "text.bom_lie": text_bom_lie,
             "text.break": text_break, "text.controls": text_controls, "text.huge": text_huge,
             "text.mojibake": text_mojibake},
}


def apply(fmt: str, data: bytes, mutations: Sequence[tuple[str, int]],
          pool: Sequence[bytes] = ()) -> bytes:
    """Apply a recipe's mutations in order; each gets its own ``random.Random(seed)``."""
    table = MUTATORS[fmt]
    for name, seed in mutations:
        data = table[name](data, random.Random(seed), pool)
    return data
