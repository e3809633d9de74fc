"""What a DOCX package would make python-docx build, measured before it builds it.

Why: python-docx opens a package by reading every part into memory and parsing every XML part
into a whole lxml tree (about 125 bytes an element, measured), so what it builds is bounded only
by what the file declares. Fuzz cases docx-2026-018175 and others (``zip.bomb``: a
``word/document.xml`` of a few paragraphs followed by 20,971,520 empty ``<x/>`` elements, 84 MB
inflated from a 120 KB file) took it to the 2 GiB bound of the fuzz worker (then
``docx-corrupt``, lxml's allocation having failed) — the weakness the XLSX reader had before
session 13 (read/xlsx_formats.py). So the package is measured first, as bytes: every member is
inflated under a budget of ``limits.max_part_bytes`` for all of them together (python-docx holds
them all at once; the size a ZIP declares may lie, so the bound is on what is really read), and
the elements of its XML parts are counted (start tags: ``<`` not followed by ``/``) against
``limits.max_xml_elements``. A package over either is refused with ``too-large`` before python-docx
sees it. A package that is not a readable ZIP is left to python-docx, whose error names the damage
(``docx-corrupt``). Real DOCX files are far below both bounds (a Word table cell is about 16
elements; python-docx's empty template about 18,700).
"""

from __future__ import annotations

import zipfile
from typing import NamedTuple, Optional

from ..model import Diagnostic
from .common import error
from .settings import DEFAULT_READ, LimitSettings
from .xlsx_formats import ZIP_PART_ERRORS, PartTooLarge, read_part

#: Members whose XML python-docx parses into trees (parts and their relationships).
XML_MEMBERS = (".xml", ".rels")


class Oversized(NamedTuple):
    """Where a package passed a bound: the member being read, and which bound (``bytes`` or
    ``elements``) with the count ``reached`` when it did."""

    member: str
    bound: str
    reached: int


def measure(path: str, limits: LimitSettings = DEFAULT_READ.limits) -> Optional[Oversized]:
    """The first bound the package at ``path`` passes, or None when it is within both (or is no
    readable ZIP: python-docx reports that). Reads one member at a time; stops at the bound."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    inflated = elements = 0
    with archive:
        for info in archive.infolist():
            try:
                data = read_part(archive, info, max(limits.max_part_bytes - inflated, 0))
            except PartTooLarge:
                return Oversized(info.filename, "bytes", limits.max_part_bytes)
            except ZIP_PART_ERRORS:
                continue  # a damaged member: python-docx decides whether the file is readable
            inflated += len(data)
            if info.filename.lower().endswith(XML_MEMBERS):
                elements += data.count(b"<") - data.count(b"</")
                if elements > limits.max_xml_elements:
                    return Oversized(info.filename, "elements", elements)
    return None


def too_large(found: Oversized, path: str, limits: LimitSettings = DEFAULT_READ.limits
              ) -> Diagnostic:
    """The ``too-large`` error of a package :func:`measure` refused, naming the member."""
    if found.bound == "bytes":
        mib = limits.max_part_bytes / 2**20
        return error("too-large",
                     f"Word 文件解压后超过 {mib:.0f} MiB 的上限（读到 {found.member} 时），未读取。",
                     f"The Word file inflates to more than the {mib:.0f} MiB limit (at "
                     f"{found.member}); not read.", path)
    return error("too-large",
                 f"Word 文件的 XML 元素超过 {limits.max_xml_elements} 个的上限（{found.member} "
                 f"处已达 {found.reached} 个），未读取。",
                 f"The Word file's XML holds more than {limits.max_xml_elements} elements "
                 f"({found.reached} by {found.member}); not read.", path)
