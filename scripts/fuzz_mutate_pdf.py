"""PDF mutations that reach structure: streams, xref, objects, the page tree, fonts.

Why not bytes alone: almost every PDF content stream is Flate-compressed, so flipping a byte in
it only ever tests "zlib says no". These mutators find the streams, decompress them, damage the
*decoded* content (operators, numbers, unbalanced q/Q and BT/ET, degenerate matrices) and
recompress — or recompress and then damage the deflate data. After a mutation that moves bytes,
the xref table is rewritten half of the time, so the damage is met by the parser proper and not
only by PDFium's "rebuild the xref by scanning" recovery.

Only what is needed is parsed, with regular expressions: ``N G obj`` headers, ``stream`` /
``endstream`` keywords, the classic ``xref`` section and ``trailer``.
"""

from __future__ import annotations

import random
import re
import zlib
from typing import NamedTuple, Optional

_OBJ = re.compile(rb"(\d{1,10})\s+(\d{1,5})\s+obj\b")
_STREAM = re.compile(rb"(?<!end)stream(\r\n|\n|\r)")
_NUM = re.compile(rb"(?<![\w/#.])[-+]?(?:\d+\.?\d*|\.\d+)(?![\w.])")
ABSURD = (b"0", b"-0", b"-1", b"1e38", b"-1e38", b"99999999999", b"2147483648", b"-2147483649",
          b"3.4e39", b"0.000001", b"nan", b"--5", b".", b"1.#INF", b"65536")
DICT_KEYS = (b"/Count", b"/MediaBox", b"/CropBox", b"/Rotate", b"/W", b"/Size", b"/Prev",
             b"/First", b"/N", b"/FirstChar", b"/LastChar", b"/Widths", b"/BBox", b"/Matrix",
             b"/FontMatrix", b"/Ascent", b"/Descent", b"/CapHeight", b"/DW", b"/Length1",
             b"/Columns", b"/Predictor", b"/BitsPerComponent", b"/Width", b"/Height", b"/Index")
OPERATORS = (b"Q Q Q Q", b"q " * 2000, b"BT /F1 12 Tf 100 100 Td (123.45) Tj", b"ET ET",
             b"0 0 0 0 0 0 Tm (x) Tj", b"1e38 0 0 1e38 0 0 cm", b"0 0 1e30 1e30 re f",
             b"/F999 0 Tf", b"/Im999 Do", b"0 Tz 1e9 Tc (abc) Tj", b"[(1) -99999999 (2)] TJ",
             b"BI /W 100000 /H 100000 /BPC 8 /CS /RGB ID \x00\x01 EI", b"/Sh1 sh", b"(unclosed Tj",
             b"<00ff Tj", b"10 10 m " + b"20 20 l " * 5000 + b"S", b"-1 -1 -1 -1 re W n")


class Stream(NamedTuple):
    head: int     # where the object's dictionary starts (after "N G obj")
    start: int    # first byte of the stream data
    end: int      # position of "endstream"
    flate: bool


def find_streams(data: bytes) -> list[Stream]:
    out = []
    for m in _STREAM.finditer(data):
        end = data.find(b"endstream", m.end())
        if end < 0:
            continue
        obj = data.rfind(b"obj", max(0, m.start() - 4096), m.start())
        head = obj + 3 if obj >= 0 else m.start()
        out.append(Stream(head, m.end(), end, b"FlateDecode" in data[head:m.start()]))
    return out


def _inflate(raw: bytes) -> Optional[bytes]:
    try:
        return zlib.decompressobj().decompress(raw, 32 << 20)
    except zlib.error:
        return None


def replace_stream(data: bytes, s: Stream, payload: bytes, fix_length: bool = True) -> bytes:
    """The file with stream ``s`` holding ``payload``; its /Length set to the new size."""
    dict_part = data[s.head:s.start]
    if fix_length:
        dict_part = re.sub(rb"/Length\s+\d+(?:\s+\d+\s+R)?", b"/Length %d" % len(payload),
                           dict_part, count=1)
    tail = b"\n" if not payload.endswith(b"\n") else b""
    return data[:s.head] + dict_part + payload + tail + data[s.end:]


def rewrite_xref(data: bytes) -> bytes:
    """Append a fresh classic xref section listing every ``N G obj`` found, with a trailer that
    keeps /Root and /Info. Files whose objects live in object streams are left as they are."""
    if b"/ObjStm" in data:
        return data
    root = re.findall(rb"/Root\s+(\d+\s+\d+\s+R)", data)
    if not root:
        return data
    info = re.findall(rb"/Info\s+(\d+\s+\d+\s+R)", data)
    offsets: dict[int, tuple[int, int]] = {}
    for m in _OBJ.finditer(data):
        offsets[int(m.group(1))] = (m.start(), int(m.group(2)))
    size = min(max(offsets, default=0) + 1, 10**6)
    rows = [b"0000000000 65535 f \n"]
    for n in range(1, size):
        off, gen = offsets.get(n, (0, 65535))
        rows.append(b"%010d %05d %s \n" % (off, min(gen, 65535), b"n" if n in offsets else b"f"))
    body = data if data.endswith(b"\n") else data + b"\n"
    xref_at = len(body)
    trailer = b"trailer\n<< /Size %d /Root %s%s >>\n" % (
        size, root[-1], b" /Info " + info[-1] if info else b"")
    return body + b"xref\n0 %d\n" % size + b"".join(rows) + trailer + \
        b"startxref\n%d\n%%%%EOF\n" % xref_at


def _finish(data: bytes, rnd: random.Random) -> bytes:
    return rewrite_xref(data) if rnd.random() < 0.5 else data


def damage_content(content: bytes, rnd: random.Random) -> bytes:
    kind = rnd.randrange(5)
    if kind == 0:  # absurd numbers in operands
        nums = list(_NUM.finditer(content))
        for m in sorted(rnd.sample(nums, min(len(nums), rnd.choice((1, 5, 50)))),
                        key=lambda m: -m.start()):
            content = content[:m.start()] + rnd.choice(ABSURD) + content[m.end():]
        return content
    if kind == 1:
        out = bytearray(content)
        for _ in range(rnd.choice((1, 8, 64))):
            if out:
                out[rnd.randrange(len(out))] = rnd.randrange(256)
        return bytes(out)
    lines = content.split(b"\n")
    i = rnd.randrange(len(lines) + 1)
    if kind == 2:  # operators repeated
        j = min(len(lines), i + rnd.randint(1, 20))
        return b"\n".join(lines[:j] + lines[i:j] * rnd.choice((2, 50, 500)) + lines[j:])
    if kind == 3:
        return b"\n".join(lines[:i] + lines[i + rnd.randint(1, 50):])
    return b"\n".join(lines[:i] + [rnd.choice(OPERATORS)] + lines[i:])


def stream_content(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """Decompress a stream, damage what it says, recompress (with a right or stale /Length)."""
    streams = find_streams(data)
    if not streams:
        return data
    s = rnd.choice(streams)
    raw = data[s.start:s.end].rstrip(b"\r\n")
    decoded = _inflate(raw) if s.flate else raw
    if decoded is None:
        return data
    payload = damage_content(decoded, rnd)
    payload = zlib.compress(payload) if s.flate else payload
    return _finish(replace_stream(data, s, payload, rnd.random() < 0.8), rnd)


def stream_deflate(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """Recompress a stream, then damage the deflate data (cut it, flip bytes, wrong checksum)."""
    streams = [s for s in find_streams(data) if s.flate]
    if not streams:
        return data
    s = rnd.choice(streams)
    decoded = _inflate(data[s.start:s.end].rstrip(b"\r\n"))
    if decoded is None:
        return data
    packed = bytearray(zlib.compress(decoded))
    kind = rnd.randrange(3)
    if kind == 0:
        packed = packed[:rnd.randrange(len(packed) + 1)]
    elif kind == 1:
        for _ in range(rnd.choice((1, 4))):
            packed[rnd.randrange(len(packed))] ^= 0xFF
    else:
        packed[-4:] = b"\x00\x00\x00\x00"
    return _finish(replace_stream(data, s, bytes(packed)), rnd)


def stream_raw(data: bytes, rnd: random.Random, pool=()) -> bytes:
    streams = find_streams(data)
    if not streams:
        return data
    s = rnd.choice(streams)
    out = bytearray(data)
    for _ in range(rnd.choice((1, 4, 32))):
        if s.end > s.start:
            out[rnd.randrange(s.start, s.end)] = rnd.randrange(256)
    return bytes(out)


def xref(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """Digits of the xref table, its subsection header, or the startxref offset."""
    spots = [m.start() for m in re.finditer(rb"\bxref\b|startxref", data)]
    if not spots:
        return data
    at = rnd.choice(spots)
    end = min(len(data), at + rnd.choice((64, 2048)))
    digits = [i for i in range(at, end) if 48 <= data[i] <= 57]
    out = bytearray(data)
    for i in rnd.sample(digits, min(len(digits), rnd.choice((1, 3, 20)))):
        out[i] = rnd.choice(b"0123456789 -")
    return bytes(out)


def length(data: bytes, rnd: random.Random, pool=()) -> bytes:
    matches = list(re.finditer(rb"/Length\s+(\d+)(\s+\d+\s+R)?", data))
    if not matches:
        return data
    m = rnd.choice(matches)
    old = int(m.group(1))
    new = rnd.choice((b"0", b"-1", b"99999999", b"%d" % (old + rnd.randint(-50, 50)),
                      b"%d" % (old * 2), b"9999 0 R", b"1 0 R", b"null"))
    return _finish(data[:m.start()] + b"/Length " + new + data[m.end():], rnd)


def duplicate_object(data: bytes, rnd: random.Random, pool=()) -> bytes:
    objs = list(_OBJ.finditer(data))
    if not objs:
        return data
    m = rnd.choice(objs)
    end = data.find(b"endobj", m.end())
    if end < 0:
        return data
    block = data[m.start():end + 6]
    if rnd.random() < 0.5:
        block = block.replace(b"/Page", b"/Pages", 1) if rnd.random() < 0.5 else \
            re.sub(rb"\[[^\]]{0,200}\]", b"[]", block, count=1)
    at = rnd.choice((m.start(), len(data), data.rfind(b"xref") if b"xref" in data else len(data)))
    return _finish(data[:at] + block + b"\n" + data[at:], rnd)


def dict_numbers(data: bytes, rnd: random.Random, pool=()) -> bytes:
    keys = [k for k in DICT_KEYS if k in data] or [b"/Count"]
    key = rnd.choice(keys)
    matches = list(re.finditer(re.escape(key) + rb"\s*(\[[^\]]{0,400}\]|[-+.\d]+)", data))
    if not matches:
        return data
    m = rnd.choice(matches)
    value = m.group(1)
    if value.startswith(b"["):
        value = _NUM.sub(lambda _: rnd.choice(ABSURD), value, count=rnd.choice((1, 3, 100)))
    else:
        value = rnd.choice(ABSURD)
    return _finish(data[:m.start(1)] + value + data[m.end(1):], rnd)


def page_tree(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """Cycles and lies in the page tree: /Kids naming the Pages node itself or the catalog, a
    /Parent pointing at a page, /Type swapped between /Page and /Pages."""
    pages = re.search(rb"(\d+)\s+(\d+)\s+obj\s*<<(?:(?!endobj).){0,300}/Type\s*/Pages", data, re.S)
    kind = rnd.randrange(3)
    if kind == 0 and pages:
        ref = b"%s %s R" % (pages.group(1), pages.group(2))
        return _finish(re.sub(rb"/Kids\s*\[", b"/Kids [" + ref + b" ", data, count=1), rnd)
    if kind == 1:
        return _finish(re.sub(rb"/Parent\s+\d+\s+\d+\s+R", b"/Parent 1 0 R",
                              data, count=rnd.choice((1, 0))), rnd)
    swap = (b"/Type /Pages", b"/Type /Page ") if rnd.random() < 0.5 else (b"/Type/Page", b"/Type/XXXX")
    return _finish(data.replace(swap[0], swap[1], 1), rnd)


def drop_keyword(data: bytes, rnd: random.Random, pool=()) -> bytes:
    word = rnd.choice((b"endobj", b"endstream", b"stream", b" obj", b"trailer", b"startxref",
                       b"%%EOF", b">>", b"<<", b"/Root", b"/Pages", b"/Contents", b"/Font"))
    spots = [m.start() for m in re.finditer(re.escape(word), data)]
    if not spots:
        return data
    i = rnd.choice(spots)
    return data[:i] + data[i + len(word):]


def content_bomb(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """A page content stream with thousands of rulings, rectangles or text runs appended."""
    streams = [s for s in find_streams(data)
               if (b"BT" in (_inflate(data[s.start:s.end].rstrip(b"\r\n")) or b"")) or not s.flate]
    if not streams:
        return data
    s = rnd.choice(streams)
    decoded = _inflate(data[s.start:s.end].rstrip(b"\r\n")) if s.flate else data[s.start:s.end]
    n = rnd.choice((500, 3000, 20000, 60000))
    kind = rnd.randrange(3)
    if kind == 0:  # a lattice of rulings
        k = int(n ** 0.5)
        ops = [b"%d 50 m %d 800 l S" % (30 + 500 * i // k, 30 + 500 * i // k) for i in range(k)]
        ops += [b"30 %d m 530 %d l S" % (50 + 750 * i // k, 50 + 750 * i // k) for i in range(k)]
    elif kind == 1:
        ops = [b"%d %d 3 2 re f" % (rnd.randrange(590), rnd.randrange(840)) for _ in range(n)]
    else:
        font = re.search(rb"/(F\w*|T\d\w*|R\d+)\s+[\d.]+\s+Tf", decoded or b"")
        name = font.group(1) if font else b"F1"
        ops = [b"BT /%s 6 Tf %d %d Td (%d.5) Tj ET" % (name, rnd.randrange(590), rnd.randrange(840), i)
               for i in range(n // 4)]
    payload = (decoded or b"") + b"\n" + b"\n".join(ops) + b"\n"
    return _finish(replace_stream(data, s, zlib.compress(payload) if s.flate else payload), rnd)


def object_stream(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """An object stream's header (``num offset`` pairs) damaged: offsets out of range, duplicated
    object numbers."""
    streams = [s for s in find_streams(data) if b"/ObjStm" in data[s.head:s.start] and s.flate]
    if not streams:
        return stream_content(data, rnd)
    s = rnd.choice(streams)
    decoded = _inflate(data[s.start:s.end].rstrip(b"\r\n"))
    if not decoded:
        return data
    header_end = min(len(decoded), 200)
    head = _NUM.sub(lambda _: rnd.choice((b"0", b"999999", b"-5", b"1")), decoded[:header_end],
                    count=rnd.choice((1, 4, 40)))
    return replace_stream(data, s, zlib.compress(head + decoded[header_end:]))


def font_program(data: bytes, rnd: random.Random, pool=()) -> bytes:
    """Embedded font programs (/FontFile*) and ToUnicode CMaps, decompressed and damaged."""
    streams = [s for s in find_streams(data)
               if re.search(rb"/Length1|/Subtype\s*/(Type1C|CIDFontType0C|OpenType)",
                            data[s.head:s.start]) or _is_cmap(data, s)]
    if not streams:
        return stream_raw(data, rnd)
    s = rnd.choice(streams)
    raw = data[s.start:s.end].rstrip(b"\r\n")
    decoded = _inflate(raw) if s.flate else raw
    if not decoded:
        return data
    out = bytearray(decoded)
    for _ in range(rnd.choice((1, 10, 100))):
        out[rnd.randrange(len(out))] = rnd.randrange(256)
    if rnd.random() < 0.3:
        out = out[:rnd.randrange(len(out) + 1)]
    payload = zlib.compress(bytes(out)) if s.flate else bytes(out)
    return _finish(replace_stream(data, s, payload), rnd)


def _is_cmap(data: bytes, s: Stream) -> bool:
    if not s.flate or s.end - s.start > 200_000:
        return False
    decoded = _inflate(data[s.start:s.end].rstrip(b"\r\n")) or b""
    return b"begincmap" in decoded[:400]


PDF_MUTATORS = {
    "pdf.stream_content": stream_content, "pdf.stream_deflate": stream_deflate,
    "pdf.stream_raw": stream_raw, "pdf.xref": xref, "pdf.length": length,
    "pdf.duplicate_object": duplicate_object, "pdf.dict_numbers": dict_numbers,
    "pdf.page_tree": page_tree, "pdf.drop_keyword": drop_keyword,
    "pdf.content_bomb": content_bomb, "pdf.object_stream": object_stream,
    "pdf.font_program": font_program,
}
