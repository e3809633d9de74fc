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
CMap is only looked up by name, a Type3 font's glyph procedures are not run), with what a CID
font's widths and embedded TrueType map make it enumerate (:mod:`pdf_fontguard`).

Bounded twice (session 19): one font over ``limits.max_cmap_codes``, or the page's fonts over
``limits.max_page_cmap_codes`` in all — a page may hold any number of fonts, each under the
first bound (a thousand font dicts sharing one map of 100,000 codes: pdfminer expands it a
thousand times).
"""

from __future__ import annotations

import contextlib
import io
from typing import Any, Iterator, NamedTuple, Optional

from pdfminer.cmapdb import CMapBase, CMapParser
from pdfminer.psexceptions import PSException
from pdfminer.psparser import PSKeyword, PSLiteral
from pdfminer.pdftypes import PDFStream, resolve1

from budgetlens.read.pdf_fontguard import cid_font_codes


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


class Declared(NamedTuple):
    """What a page's fonts make pdfminer enumerate code by code: the most of one font (its
    ToUnicode ranges, widths' ranges and embedded TrueType map, :func:`font_codes`) and the sum
    over the page's fonts (each font pdfminer loads counts, however many share a map)."""

    most: int = 0
    total: int = 0


def page_codes(resources: Any, limit: int, total_limit: Optional[int] = None) -> Declared:
    """The codes the fonts a page's ``resources`` reach (through form XObjects too) declare; the
    fonts after the first one over ``limit``, or after the sum passed ``total_limit``, are not
    read. Each CMap stream is counted once however many fonts share it (the count is linear in
    the page's distinct bytes) and added for each of those fonts (pdfminer expands it for each)."""
    most = total = 0
    memo: dict[int, int] = {}
    for spec in _fonts(resources, set()):
        codes = font_codes(spec, memo)
        most, total = max(most, codes), total + codes
        if most > limit or (total_limit is not None and total > total_limit):
            break
    return Declared(most, total)


def font_codes(spec: dict, memo: Optional[dict[int, int]] = None) -> int:
    """The codes pdfminer enumerates one by one loading the font ``spec`` (as its resource
    manager gives it: a Type0 font's descendant with the Type0's ``/ToUnicode`` and
    ``/Encoding``): the ranges of its ToUnicode map and, for a CID font, those of its widths and
    of its embedded TrueType map (:mod:`pdf_fontguard`). ``memo`` keeps each stream's count."""
    codes = 0
    stream = resolve1(spec.get("ToUnicode"))
    if isinstance(stream, PDFStream):
        memo = {} if memo is None else memo
        if id(stream) not in memo:
            try:
                memo[id(stream)] = declared_codes(stream.get_data())
            except Exception:  # noqa: BLE001 - a stream pdfminer cannot decode is not parsed
                memo[id(stream)] = 0
        codes += memo[id(stream)]
    if _subtype(spec) in ("CIDFontType0", "CIDFontType2"):
        try:
            codes += cid_font_codes(spec)
        except Exception:  # noqa: BLE001 - a dict too odd to count: pdfminer loads it or fails
            pass
    return codes


def _subtype(spec: dict) -> str:
    subtype = resolve1(spec.get("Subtype"))
    return str(subtype.name) if isinstance(subtype, PSLiteral) else ""


def _loaded(spec: dict) -> dict:
    """The font pdfminer builds for ``spec``: a Type0 font is its first descendant with the
    Type0's ``/Encoding`` and ``/ToUnicode`` copied in (``PDFResourceManager.get_font``)."""
    if _subtype(spec) != "Type0":
        return spec
    descendants = resolve1(spec.get("DescendantFonts"))
    first = resolve1(descendants[0]) if isinstance(descendants, list) and descendants else None
    if not isinstance(first, dict):
        return spec
    merged = dict(first)
    for key in ("Encoding", "ToUnicode"):
        if key in spec:
            merged[key] = resolve1(spec[key])
    return merged


def _fonts(resources: Any, seen: set[int]) -> Iterator[dict]:
    """Each font of ``resources`` and of its form XObjects' resources as pdfminer loads it,
    each font object once (so a form drawing itself ends the walk)."""
    res = resolve1(resources)
    if not isinstance(res, dict):
        return
    fonts = resolve1(res.get("Font"))
    for font in (fonts.values() if isinstance(fonts, dict) else ()):
        spec = resolve1(font)
        if not isinstance(spec, dict) or id(spec) in seen:
            continue
        seen.add(id(spec))
        yield _loaded(spec)
    xobjects = resolve1(res.get("XObject"))
    for xobj in (xobjects.values() if isinstance(xobjects, dict) else ()):
        form = resolve1(xobj)
        if isinstance(form, PDFStream) and id(form) not in seen:
            seen.add(id(form))
            yield from _fonts(form.attrs.get("Resources"), seen)
