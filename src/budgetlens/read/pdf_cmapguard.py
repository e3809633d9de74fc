"""How many codes a page's ToUnicode CMaps declare, counted before pdfminer expands them.

Why: pdfminer expands every ``bfrange`` and ``cidrange`` of a font's ToUnicode CMap code by code
into a dict when it loads the font (``CMapParser.do_keyword``), whatever the range spans. By the
CMap specification a range's two codes differ only in their last byte (at most 256 codes), and a
real CJK font maps some tens of thousands of codes; but a damaged stream can pair codes from
different ranges, or a flipped byte widen one (fuzz case pdf-2026-029553: a ToUnicode stream
whose deflate data is damaged, its range keywords garbled, so pdfminer takes three operands at a
time out of step and maps about 40 million codes: 141 CPU-seconds for one page). The glyph
recovery (:mod:`pdf_recover`) therefore counts the expansion here and does not give a page one
of whose fonts declares more than ``limits.max_cmap_codes`` codes to pdfminer: its lost glyphs
stay lost, with a warning.

The count is pdfminer's own reading of the stream (its lexer and operand stack: a garbled
stream is read as pdfminer will read it, which a regex over hex pairs does not reproduce),
with each range block's end counting ``end - start + 1`` for each triple pdfminer would map
instead of mapping them: linear in the stream's bytes. Only what pdfminer parses is counted:
the ToUnicode streams of the page's fonts and of its form XObjects' fonts (an embedded encoding
CMap is only looked up by name, a Type3 font's glyph procedures are not run).
"""

from __future__ import annotations

import contextlib
import io
from typing import Any, Iterator

from pdfminer.cmapdb import CMapBase, CMapParser
from pdfminer.psexceptions import PSException
from pdfminer.psparser import PSKeyword
from pdfminer.pdftypes import PDFStream, resolve1


class _Counter(CMapParser):
    """pdfminer's own CMap parser (its lexer and operand stack, so a damaged stream is read
    exactly as pdfminer will read it), except that a range block's end counts the codes it
    would map instead of mapping them: linear in the stream's bytes whatever it declares."""

    def __init__(self, data: bytes):
        super().__init__(CMapBase(), io.BytesIO(data))  # maps nothing
        self.codes = 0

    def do_keyword(self, pos: int, token: PSKeyword) -> None:
        if self._in_cmap and token in (self.KEYWORD_ENDBFRANGE, self.KEYWORD_ENDCIDRANGE):
            objs = [obj for (__, obj) in self.popall()]
            self.codes += _range_codes(objs, token is self.KEYWORD_ENDCIDRANGE)
            return
        super().do_keyword(pos, token)


def declared_codes(data: bytes) -> int:
    """The codes the ranges (``bfrange``, ``cidrange``) of one CMap stream declare, as
    pdfminer's parser would expand them one by one."""
    counter = _Counter(data)
    with contextlib.suppress(PSException):  # pdfminer gives up on such a stream there too
        counter.run()
    return counter.codes


def _range_codes(operands: list[Any], cid: bool) -> int:
    """The codes the ``(start, end, code)`` triples of a range block map: pdfminer skips a
    triple whose two codes are not strings of one length (or, in a cidrange, whose prefixes
    before the last four bytes differ), and maps a bfrange to an array as far as it holds."""
    total = 0
    for i in range(0, len(operands) - 2, 3):
        start, end, code = operands[i:i + 3]
        if not (isinstance(start, bytes) and isinstance(end, bytes) and len(start) == len(end)):
            continue
        if cid and start[:-4] != end[:-4]:
            continue
        first, last = (start[-4:], end[-4:]) if cid else (start, end)
        span = max(0, int.from_bytes(last, "big") - int.from_bytes(first, "big") + 1)
        total += min(span, len(code)) if isinstance(code, list) else span
    return total


def page_codes(resources: Any, limit: int) -> int:
    """The most codes one ToUnicode CMap of the fonts a page's ``resources`` reach (through
    form XObjects too) declares; the fonts after the first one over ``limit`` are not read."""
    most = 0
    for stream in _cmap_streams(resources, set()):
        try:
            most = max(most, declared_codes(stream.get_data()))
        except Exception:  # noqa: BLE001 - a stream pdfminer cannot decode is not parsed either
            continue
        if most > limit:
            break
    return most


def _cmap_streams(resources: Any, seen: set[int]) -> Iterator[PDFStream]:
    """Each ToUnicode stream of the fonts in ``resources`` and in its
    form XObjects' resources, each object once (so a form drawing itself ends the walk)."""
    res = resolve1(resources)
    if not isinstance(res, dict):
        return
    fonts = resolve1(res.get("Font"))
    for font in (fonts.values() if isinstance(fonts, dict) else ()):
        spec = resolve1(font)
        if not isinstance(spec, dict) or id(spec) in seen:
            continue
        seen.add(id(spec))
        stream = resolve1(spec.get("ToUnicode"))
        if isinstance(stream, PDFStream) and id(stream) not in seen:
            seen.add(id(stream))
            yield stream
    xobjects = resolve1(res.get("XObject"))
    for xobj in (xobjects.values() if isinstance(xobjects, dict) else ()):
        form = resolve1(xobj)
        if isinstance(form, PDFStream) and id(form) not in seen:
            seen.add(id(form))
            yield from _cmap_streams(form.attrs.get("Resources"), seen)
