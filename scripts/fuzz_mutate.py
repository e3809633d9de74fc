"""Mutations of real files, from bytes up to each format's structure.

Every mutator is ``(data, rnd, pool) → bytes`` (:mod:`fuzz_bytes`): ``rnd`` is a
``random.Random`` seeded by the case recipe (so a case is reproducible from its recipe alone),
``pool`` the other seeds of the format (for splicing). Byte-level mutators work on any file; structural ones parse just enough of the
format to damage what a reader relies on, and fall back to a byte mutation when the structure is
already gone (an earlier mutation may have destroyed it):

* PDF (:mod:`fuzz_mutate_pdf`): content streams decompressed, damaged and recompressed, raw
  stream bytes, xref tables and ``startxref``, ``/Length``, duplicated objects, page-tree cycles,
  absurd dictionary numbers, object streams, font programs, pages with tens of thousands of
  rulings;
* DOCX/XLSX (:mod:`fuzz_mutate_office`): ZIP members dropped, duplicated or stored with lies, their XML corrupted (truncated,
  unbalanced, entity bombs, deep nesting), absurd ``gridSpan``/``vMerge``/``gridBefore``, merges
  and dimensions over the whole sheet, a cell at ``XFD1048576``;
* XLS (:mod:`fuzz_mutate_office`): the OLE2 header, FAT chains made circular, directory sizes, BIFF records (dimensions,
  defined names, sheet offsets, cell positions);
* HTML: unclosed tags, absurd ``rowspan``/``colspan``, charset lies, deep nesting, huge tables,
  bad entities, MHTML with broken transfer encodings;
* text: re-encoding, BOM lies, cut multi-byte sequences, NULs, form feeds, huge lines and rows.
"""

from __future__ import annotations

import codecs
import random
import re
from typing import Sequence

from fuzz_bytes import BYTE_MUTATORS, Mutator, pos, flip
from fuzz_mutate_office import (docx_spans, ole_biff, ole_dir_sizes, ole_fat_loop, ole_header,
                                xlsx_cells, xlsx_styles, zip_bomb, zip_drop, zip_duplicate,
                                zip_xml)
from fuzz_mutate_pdf import PDF_MUTATORS

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
    i = pos(data, rnd)
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
    i = pos(data, rnd) if rnd.random() < 0.8 else 0
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
    i = pos(data, rnd)
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
