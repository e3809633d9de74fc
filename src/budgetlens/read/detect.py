"""Which reader a file needs, decided from its content; the extension is only a tie-breaker.

Why content first: disclosures are downloaded from thousands of portals that serve ``.xls`` files
which are HTML, ``.doc`` files which are DOCX, PDFs named ``.htm``, and names without extension.
Magic bytes are cheap and decisive:

* ``%PDF`` in the first KiB → ``pdf``;
* a ZIP holding ``word/document.xml`` → ``docx``, holding ``xl/workbook.xml`` → ``xlsx``;
* an OLE2 compound file (``D0 CF 11 E0``) with a ``WordDocument`` stream → ``doc``, with a
  ``Workbook``/``Book`` stream → ``xls``;
* bytes that decode as text → ``html`` when they start with markup naming html/table/body
  or are an MHTML archive (MIME headers, an HTML part), else ``text``.

Anything else is refused with a stable code: ``unknown-format`` for a recognisable container we do
not read (images, archives, PowerPoint, RTF), ``binary-garbage`` for bytes that are not text.
"""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path
from typing import NamedTuple, Optional

from .encoding import decode_bytes
from .settings import DEFAULT_READ, EncodingSettings

#: Bytes read to decide the format (the whole file is read only by the chosen reader).
SNIFF_BYTES = 64 * 1024

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

# Recognised containers we do not read: magic → what it is (for the message).
_OTHER_MAGIC = (
    (b"\x89PNG", "PNG 图片 / PNG image"), (b"\xff\xd8\xff", "JPEG 图片 / JPEG image"),
    (b"GIF8", "GIF 图片 / GIF image"), (b"Rar!", "RAR 压缩包 / RAR archive"),
    (b"7z\xbc\xaf", "7z 压缩包 / 7z archive"), (b"\x1f\x8b", "gzip 压缩包 / gzip archive"),
    (b"{\\rtf", "RTF 文档 / RTF document"), (b"%!PS", "PostScript"),
    (b"II*\x00", "TIFF 图片 / TIFF image"), (b"MM\x00*", "TIFF 图片 / TIFF image"),
)
_HTML_RE = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|table|meta|title)\b", re.I)
_MIME_RE = re.compile(r"(?:MIME-Version|From|Subject|Date|Content-Type)\s*:", re.I)
_MHTML_RE = re.compile(r"Content-Type:\s*(?:multipart/related|text/html)", re.I)
_EXT_HINT = {".doc": "doc", ".xls": "xls", ".docx": "docx", ".xlsx": "xlsx", ".htm": "html",
             ".html": "html", ".mht": "html", ".mhtml": "html", ".pdf": "pdf"}


class Detection(NamedTuple):
    """The detected format, or None with a stable ``code`` and a ``what`` naming the content."""

    format: Optional[str]
    code: str = ""
    what: str = ""


def detect_format(path: str, enc: EncodingSettings = DEFAULT_READ.encoding) -> Detection:
    """Detect the format of the file at ``path`` from its first :data:`SNIFF_BYTES` bytes
    (``enc``: whether bytes are text is judged as the text readers judge it)."""
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    hint = _EXT_HINT.get(Path(path).suffix.lower())
    if b"%PDF" in head[:1024]:
        return Detection("pdf")
    if head.startswith(ZIP_MAGIC):
        return _detect_zip(path)
    if head.startswith(OLE2_MAGIC):
        return _detect_ole2(path, hint)
    for magic, what in _OTHER_MAGIC:
        if head.startswith(magic):
            return Detection(None, "unknown-format", what)
    return _detect_text(head, hint, enc)


def _detect_zip(path: str) -> Detection:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError, EOFError, struct.error):
        # NotImplementedError: a "version needed to extract" no zipfile knows (a damaged
        # header, found by scripts/fuzz.py); the others: a broken central directory
        return Detection(None, "unknown-format", "损坏的 ZIP 文件 / corrupt ZIP file")
    if "word/document.xml" in names or any(n.startswith("word/document") for n in names):
        return Detection("docx")
    if "xl/workbook.xml" in names or any(n.startswith("xl/workbook") for n in names):
        return Detection("xlsx")
    if any(n.startswith("ppt/") for n in names):
        return Detection(None, "unknown-format", "PowerPoint 演示文稿 / PowerPoint file")
    return Detection(None, "unknown-format", "ZIP 压缩包 / ZIP archive")


def _detect_ole2(path: str, hint: Optional[str]) -> Detection:
    names = ole2_stream_names(path)
    if "WordDocument" in names:
        return Detection("doc")
    if "Workbook" in names or "Book" in names:
        return Detection("xls")
    if "PowerPoint Document" in names:
        return Detection(None, "unknown-format", "PowerPoint 演示文稿 / PowerPoint file")
    if not names and hint in ("doc", "xls"):
        return Detection(hint)  # directory unreadable: trust the extension, the reader will tell
    return Detection(None, "unknown-format", "未知的 OLE2 复合文档 / unknown OLE2 compound file")


def _detect_text(head: bytes, hint: Optional[str], enc: EncodingSettings) -> Detection:
    decoded = decode_bytes(head, final=False, enc=enc)
    if decoded is None:
        return Detection(None, "binary-garbage", "无法识别的二进制内容 / unrecognised binary content")
    start = decoded.text.lstrip()[:4096]
    if start.startswith("<") and (_HTML_RE.search(start) or hint == "html"):
        return Detection("html")
    if _MIME_RE.match(start) and _MHTML_RE.search(decoded.text):
        return Detection("html")  # MHTML: the HTML reader unwraps it
    return Detection("text")


def ole2_stream_names(path: str) -> set[str]:
    """Names of the entries of an OLE2 (Compound File Binary) directory; empty set if unreadable.

    Just enough of [MS-CFB] to list the directory: the header gives the sector size, the first
    109 FAT sector numbers (DIFAT) and the first directory sector; the FAT chain gives the rest.
    """
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        return _cfb_names(data)
    except (OSError, struct.error, IndexError, ValueError):
        return set()


def _cfb_names(data: bytes) -> set[str]:
    sector_size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    if sector_size not in (512, 4096):
        return set()
    first_dir = struct.unpack_from("<I", data, 0x30)[0]
    difat = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < 0xFFFFFFFA]

    def sector(n: int) -> bytes:
        off = (n + 1) * sector_size
        return data[off:off + sector_size]

    fat: list[int] = []
    for s in difat:
        fat.extend(struct.unpack(f"<{sector_size // 4}I", sector(s)))
    names: set[str] = set()
    current, seen = first_dir, set()
    while current < len(fat) and current not in seen and current < 0xFFFFFFFA:
        seen.add(current)
        block = sector(current)
        for off in range(0, len(block) - 127, 128):
            length = struct.unpack_from("<H", block, off + 0x40)[0]
            if 2 <= length <= 64 and block[off + 0x42] in (1, 2, 5):
                names.add(block[off:off + length - 2].decode("utf-16-le", "replace"))
        current = fat[current]
    return names
