"""The records of place and problem every other record carries: :class:`Source` (where something
was printed), :class:`Severity` and :class:`Diagnostic` (a problem met on the way).

Why a module of their own: the document, disclosure and finding records all carry a Source, and
every stage reports Diagnostics; ``budgetlens.model`` re-exports them, so callers import from
the package as before.
"""

from __future__ import annotations

from enum import StrEnum, nonmember
from typing import Any, NamedTuple, Optional

BBox = tuple[float, float, float, float]


class Source(NamedTuple):
    """Where something was printed. Every fact and every piece of evidence carries one.

    ``line`` is the 1-based line number: within the file for text-like inputs, within the page for
    PDFs. ``table`` is the 0-based index into ``Document.tables``; ``row``/``column`` are 0-based
    grid positions inside that table. ``text`` is the exact quoted text (a sentence or a cell).
    Synthesised items use ``file`` of the input and ``text`` naming their origin, e.g. ``<derived>``.
    """

    file: str
    page: Optional[int] = None
    line: Optional[int] = None
    bbox: Optional[BBox] = None
    table: Optional[int] = None
    row: Optional[int] = None
    column: Optional[int] = None
    text: str = ""

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"file": self.file, "page": self.page, "line": self.line,
                               "table": self.table, "row": self.row, "column": self.column,
                               "text": self.text}
        if self.bbox is not None:
            out["bbox"] = [round(v, 2) for v in self.bbox]
        return out


class Severity(StrEnum):
    """Severity levels shared by diagnostics and findings, ordered (:attr:`rank`).

    A typed value where a plain string was passed around: a ``StrEnum``, so it still equals, hashes
    and prints as its string (``Severity.ERROR == "error"``, JSON ``"error"``) and records read
    from the library or from rules files compare with it unchanged."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    #: rank by name (a plain string is looked up too: it hashes as its member)
    ORDER = nonmember({"info": 0, "warning": 1, "error": 2})

    @property
    def rank(self) -> int:
        return type(self).ORDER[self.value]


class Diagnostic(NamedTuple):
    """A problem met while reading or extracting (not an audit finding).

    ``code`` is a stable kebab-case id (``pdf-encrypted``, ``scanned-pdf``, ``not-a-disclosure`` ...).
    ``message`` is Chinese (zh-CN); ``message_en`` English.
    """

    code: str
    severity: str
    message: str
    message_en: str = ""
    source: Optional[Source] = None

    def to_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "message": self.message,
                "message_en": self.message_en,
                "source": self.source.to_dict() if self.source else None}
