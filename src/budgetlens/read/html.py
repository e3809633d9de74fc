"""HTML reader (lxml): we decode the bytes, then parse; text blocks become lines, tables grids.

Why decode ourselves: portals declare ``gb2312`` but serve GBK/GB18030 bytes (〇, 珺 ...); libxml2
decoding by the declaration stops at the first such byte and returns a truncated or empty tree
(libraries.md §6). The declared charset (BOM, ``<meta charset>``, ``http-equiv``) is widened to
GB18030 and tried first, then UTF-8, then GB18030 (see :mod:`.encoding`). An MHTML archive
(Word's "single file web page", often served as .doc/.xls) is unwrapped to its HTML part first.

Layout: block elements (p, div, li, h1–h6, tr ...) and ``<br>`` end a line; whitespace collapses
as a browser would; script/style are dropped. ``<table>`` becomes a Table with colspan/rowspan
expanded here into spans; its ``<caption>`` is a title line. A table that holds other tables, or
has one column, is page layout (old portals wrap the whole page in one): its cells are read as
text blocks and only the inner data tables become Tables. One page; line numbers count the lines produced.
"""

from __future__ import annotations

import email
import email.errors
import email.policy
import re
from pathlib import Path
from typing import Iterator, Optional, Protocol

import lxml.html
from lxml import etree

from ..model import Diagnostic, Document, Line, Page, Table
from .common import (MAX_TABLE_SLOTS, Spans, TooLarge, error, find_title_lines, grid_to_table,
                     is_layout_grid, too_large, warning)
from .encoding import decode_bytes, normalize_label
from .settings import DEFAULT_READ, BlockSettings, ReadSettings
from .ruby import ruby_removed, strip_ruby

# Most rows/columns a single rowspan/colspan may claim (guards against colspan="100000").
MAX_SPAN = 1000

#: An MHTML archive starts with MIME headers.
MIME_START = re.compile(rb"^\s*(?:MIME-Version|From|Subject|Date|Content-Type)\s*:", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_BLOCK = frozenset("""address article aside blockquote body center dd details dialog dir div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre
    section summary table tbody thead tfoot tr td th ul caption""".split())
_DROP = ("script", "style", "noscript", "template", "head")
_SPACE = re.compile(r"[ \t\r\n\f\v\xa0]+")


def read_html(path: str, settings: ReadSettings = DEFAULT_READ
              ) -> tuple[Optional[Document], list[Diagnostic]]:
    """Read an HTML page (or fragment) into a one-page Document with its tables. Of ``settings``
    the ``blocks`` group applies (titles above tables, layout grids): a page's tables are
    marked up, and it has no page geometry for the PDF groups to act on."""
    data = Path(path).read_bytes()
    declared, diagnostics, cut = None, [], False
    if MIME_START.match(data):
        payload, declared, cut = unwrap_mhtml(data)
        if payload is None:
            return None, [error("mhtml-corrupt", "MHT 网页存档中没有可读的 HTML 部分（文件不完整或已损坏）。",
                                "The MHT web archive holds no readable HTML part (cut short or "
                                "damaged).", path)]
        if cut:
            diagnostics.append(warning("mhtml-truncated", "MHT 网页存档不完整（缺少结束分隔行），只读取了已有部分。",
                                       "The MHT web archive is cut short (no closing boundary): "
                                       "what it holds was read.", path))
        data = payload
    declared = declared or declared_charset(data)
    # an archive cut short may end inside a character: decoded as a prefix
    decoded = decode_bytes(data, declared, final=not cut, enc=settings.encoding)
    if decoded is None:
        return None, [error("binary-garbage", "HTML 文件无法解码为文本。",
                            "The HTML file cannot be decoded as text.", path)]
    if decoded.lossy:
        diagnostics.append(warning("encoding-lossy", f"按 {decoded.encoding} 解码时有少量无效字节。",
                                   f"A few bytes were invalid in {decoded.encoding}.", path))
    text, readings = strip_ruby(decoded.text, settings.blocks.min_ruby)
    if readings:
        diagnostics.append(ruby_removed(readings, path))
    try:
        root = lxml.html.document_fromstring(_strip_xml_declaration(text))
    except etree.ParserError:  # libxml2 found no element: blank, comments or declarations only
        return None, diagnostics + [error(
            "empty-file", "网页没有可读的内容（只有空白、注释或声明）。",
            "The page holds no content (whitespace, comments or declarations only).", path)]
    title = root.findtext(".//title") or ""
    for bad in list(root.iter(*_DROP, etree.Comment, etree.ProcessingInstruction)):
        if bad.getparent() is not None:
            _drop(bad)
    builder = _Builder(path, settings.blocks)
    builder.title = _collapse(title)
    builder.walk(root)
    builder.flush()
    diagnostics += builder.notes
    lines = tuple(builder.lines)
    page = Page(number=1, lines=lines, chars=sum(len(ln.text) for ln in lines))
    info = (("title", builder.title),) if builder.title else ()
    doc = Document(path=str(path), format="html", pages=(page,), tables=tuple(builder.tables),
                   encoding=decoded.encoding, info=info)
    return doc, diagnostics


#: characters XML cannot hold: C0 controls but tab and line ends, surrogates, U+FFFE/U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _drop(element: etree._Element) -> None:
    """Remove ``element`` and keep the text after it (what lxml's ``drop_tree`` does), with the
    characters XML cannot hold left out of the joined text. Why not ``drop_tree``: it joins the
    tail to the text before it through lxml's API, which refuses a control character, yet
    libxml2's HTML parser gives one back from a numeric entity (``&#1;``) — the page was then
    not read at all (fuzz case html-2026-020349). Such characters print nothing."""
    parent = element.getparent()
    if parent is None:
        return
    tail = _NOT_XML.sub("", element.tail or "")
    before = element.getprevious()
    if tail and before is not None:
        before.tail = _NOT_XML.sub("", before.tail or "") + tail
    elif tail:
        parent.text = _NOT_XML.sub("", parent.text or "") + tail
    parent.remove(element)


#: defects of a part whose base64 body cannot be decoded (email keeps going and hands back junk)
_BAD_BASE64 = (email.errors.InvalidBase64CharactersDefect, email.errors.InvalidBase64PaddingDefect,
               email.errors.InvalidBase64LengthDefect)


def unwrap_mhtml(data: bytes) -> tuple[Optional[bytes], Optional[str], bool]:
    """(the HTML part, its declared charset, cut short) of an MHTML archive (Word/IE "single
    file web page", .mht/.mhtml, often saved as .doc or .xls; quoted-printable or base64). The
    data unchanged when it is no multipart archive (MIME-like headers over a plain page); None
    when it is one and holds no decodable HTML part (cut before it, or a broken base64 body):
    reading the MIME text as a page would report its headers as the document's lines."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    cut = any(isinstance(d, email.errors.CloseBoundaryNotFoundDefect) for d in message.defects)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)  # bytes for a leaf part
            if any(isinstance(d, _BAD_BASE64) for d in part.defects):
                return None, None, cut
            if isinstance(payload, bytes) and payload.strip():
                charset = part.get_content_charset()
                return payload, normalize_label(charset) if charset else None, cut
    if message.get_content_maintype() == "multipart":
        return None, None, cut
    return data, None, False


def declared_charset(data: bytes) -> Optional[str]:
    """The charset a page declares in its first 4 KiB, as a codec name (GB labels widened)."""
    match = _META_CHARSET.search(data[:4096])
    return normalize_label(match.group(1).decode("ascii")) if match else None


# Every leading XML declaration, closed or not: lxml refuses str input that starts with one naming
# an encoding (its own check matches ``<?xml … encoding=…`` without the closing ``?>``), and a page
# may repeat the declaration or cut it off, so stripping only the first closed one is not enough.
_XML_DECLARATIONS = re.compile(r"^(?:\s*<\?xml(?:[^>]*>|[^>]*$))+")


def _strip_xml_declaration(text: str) -> str:
    """The text without its leading XML declarations (the bytes were decoded already)."""
    return _XML_DECLARATIONS.sub("", text, count=1)


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip().strip("\u3000").strip()


class HtmlElement(Protocol):
    """The parts of an ``lxml.html`` element the reader uses, for the type check: lxml ships no
    type information, so without this its elements are ``Any`` and nothing done with them is
    checked. lxml's elements have all of these; the Protocol is never instantiated."""

    #: the tag name; for a comment or processing instruction a function, not a str
    tag: object
    text: Optional[str]
    tail: Optional[str]

    def __iter__(self) -> Iterator[HtmlElement]: ...

    def xpath(self, path: str) -> list[HtmlElement]: ...

    def find(self, path: str) -> Optional[HtmlElement]: ...

    def get(self, key: str) -> Optional[str]: ...

    def text_content(self) -> str: ...


class _Builder:
    """Walks the tree once, emitting lines and tables in document order."""

    def __init__(self, path: str = "", blocks: BlockSettings = DEFAULT_READ.blocks) -> None:
        self.path = path
        self.blocks = blocks
        self.lines: list[Line] = []
        self.tables: list[Table] = []
        self.buffer: list[str] = []
        self.notes: list[Diagnostic] = []
        self.title = ""

    def flush(self) -> None:
        text = _collapse("".join(self.buffer))
        self.buffer = []
        if text:
            self.lines.append(Line(text=text, page=1, number=len(self.lines) + 1))

    def walk(self, el: HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            self.flush()
        elif tag == "table" and not el.xpath(".//table") and self.as_table(el):
            return
        elif tag in _BLOCK:
            self.flush()
        if el.text and tag:
            self.buffer.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self.buffer.append(child.tail)
        if tag in _BLOCK:
            self.flush()

    def as_table(self, el: HtmlElement) -> bool:
        """Add ``el`` as a Table unless it lays out the page or is too large (then its cells
        are walked as running text); whether it was added."""
        found = table_grid(el, self.blocks.max_table_slots)
        if isinstance(found, TooLarge):
            self.notes.append(too_large(found, self.path, line=len(self.lines) + 1))
            return False
        if is_layout_grid(found[0], self.blocks):
            return False
        self.flush()
        self.add_table(el, *found)
        return True

    def add_table(self, el: HtmlElement, grid: list[list[str]], spans: Spans) -> None:
        caption = el.find("caption")
        if caption is not None:
            self.buffer.append(caption.text_content())
            self.flush()
        if not grid:
            return
        index = len(self.tables)
        first = len(self.lines) + 1
        row_lines = list(range(first, first + len(grid)))
        title = find_title_lines(self.lines, blocks=self.blocks)
        self.tables.append(grid_to_table(index, 1, grid, spans, row_lines, title))
        self.lines.extend(Line(text="\t".join(row), page=1, number=n, table=index)
                          for row, n in zip(grid, row_lines))


def table_grid(table: HtmlElement, limit: int = MAX_TABLE_SLOTS
               ) -> tuple[list[list[str]], Spans] | TooLarge:
    """Expand ``rowspan``/``colspan`` into a grid: texts at top-left slots, spans recorded.
    Stops as soon as the slots taken would pass ``limit`` (``blocks.max_table_slots``: a
    thousand rows each spanning a thousand columns must not fill a million-entry map first)."""
    rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    taken: dict[tuple[int, int], bool] = {}
    cells: dict[tuple[int, int], str] = {}
    spans: Spans = {}
    widest = 0
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.xpath("./td|./th"):
            while (r, c) in taken:
                c += 1
            rs = min(_span(td.get("rowspan")), len(rows) - r)
            cs = _span(td.get("colspan"))
            widest = max(widest, c + cs)
            if len(taken) + rs * cs > limit or len(rows) * widest > limit:
                return TooLarge(len(rows), widest, limit)  # the taken slots fit in rows × widest
            cells[(r, c)] = _cell_text(td)
            if rs > 1 or cs > 1:
                spans[(r, c)] = (rs, cs)
            taken.update(((rr, cc), True) for rr in range(r, r + rs) for cc in range(c, c + cs))
            c += cs
    if not taken:
        return [], {}
    n_rows = len(rows)
    n_cols = max(c for _, c in taken) + 1
    grid = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    for (r, c), text in cells.items():
        grid[r][c] = text
    return grid, spans


def _span(value: Optional[str]) -> int:
    try:
        return max(1, min(int(str(value).strip() or 1), MAX_SPAN))
    except ValueError:
        return 1


def _cell_text(td: HtmlElement) -> str:
    """Cell text with ``<br>``/paragraphs as newlines, other whitespace collapsed."""
    parts: list[str] = []
    _gather(td, parts)
    lines = (_collapse(x) for x in "".join(parts).split("\n"))
    return "\n".join(x for x in lines if x)


def _gather(el: HtmlElement, parts: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in ("br", "p", "div", "li") and parts:
        parts.append("\n")
    if el.text and tag:
        parts.append(el.text)
    for child in el:
        _gather(child, parts)
        if child.tail:
            parts.append(child.tail)
