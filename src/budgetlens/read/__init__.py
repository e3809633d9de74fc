"""Stage 1, read: any input file → :class:`~budgetlens.model.Document` (pages → lines, tables).

Place in the flow: ``read`` (this package) → ``extract`` (Document → Disclosure) → ``reconcile`` →
``report``. It imports only :mod:`budgetlens.model`; nothing here knows what a budget is.

Entry point: :func:`read_document` ``(path) → (Document | None, diagnostics)``. Steps:

1. :mod:`.limits` — the path exists, is a regular file, is not empty and not larger than
   :data:`MAX_FILE_BYTES` (checked with ``os.stat``, before any byte is read);
2. :mod:`.detect` — the format, from the content (magic bytes, ZIP parts, OLE2 streams, text
   decoding); the file extension only breaks ties;
3. the reader registered for that format in :data:`READERS` (one module per format).

It never raises on bad input: a refused file gives ``None`` and an error Diagnostic with a stable
code (``not-found``, ``empty-file``, ``too-large``, ``unknown-format``, ``binary-garbage``,
``doc-needs-libreoffice``, the PDF reader's ``pdf-*``/``scanned-pdf``), and any exception inside
a reader becomes ``read-failed`` — a reader bug must not stop a batch of a thousand files.

Scanned PDFs are recognised with the optional OCR extra (:mod:`.pdf_ocr`, ``ocr-*`` warnings)
when it is installed, unless ``read_document(..., ocr=False)`` or ``BUDGETLENS_OCR=0``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Optional

from ..model import Diagnostic, Document, Severity, Source
from .common import error, is_panic, warning
from .detect import detect_format
from .limits import MAX_FILE_BYTES, check_path
from .settings import DEFAULT_READ, ReadSettings

Reader = Callable[[str], tuple[Optional[Document], list[Diagnostic]]]


def _read_pdf(path: str, ocr: Optional[bool] = None, settings: ReadSettings = DEFAULT_READ
              ) -> tuple[Optional[Document], list[Diagnostic]]:
    """The PDF reader, imported on first use (pypdfium2/pdfplumber are the heaviest imports)."""
    from .pdf import read_pdf

    return read_pdf(path, ocr=ocr, settings=settings)


# Each format's reader imported on its first call. Why: each reader imports its library at the
# top of its module (python-docx, lxml, python-calamine, openpyxl), and importing them all for any
# input cost a fresh process about 0.1 s of CPU before a PDF or a text file was opened; a process
# now imports what it reads. (Plain imports inside functions, not importlib: the import contract
# sees every edge.)
def _read_text(path: str, settings: ReadSettings = DEFAULT_READ
               ) -> tuple[Optional[Document], list[Diagnostic]]:
    from .text import read_text

    return read_text(path, settings)


def _read_docx(path: str, settings: ReadSettings = DEFAULT_READ
               ) -> tuple[Optional[Document], list[Diagnostic]]:
    from .docx import read_docx

    return read_docx(path, settings)


def _read_xlsx(path: str, settings: ReadSettings = DEFAULT_READ
               ) -> tuple[Optional[Document], list[Diagnostic]]:
    from .spreadsheet import read_xlsx

    return read_xlsx(path, settings)


def _read_xls(path: str, settings: ReadSettings = DEFAULT_READ
              ) -> tuple[Optional[Document], list[Diagnostic]]:
    from .spreadsheet import read_xls

    return read_xls(path, settings)


def _read_html(path: str, settings: ReadSettings = DEFAULT_READ
               ) -> tuple[Optional[Document], list[Diagnostic]]:
    from .html import read_html

    return read_html(path, settings)


def _read_doc(path: str, settings: ReadSettings = DEFAULT_READ
               ) -> tuple[Optional[Document], list[Diagnostic]]:
    from .doc import read_doc

    return read_doc(path, settings)


#: Reader for each format, keyed by the ``Document.format`` it produces. Built once, read-only;
#: a caller wanting another set passes its own mapping to :func:`read_document`.
READERS: Mapping[str, Reader] = MappingProxyType({
    "pdf": _read_pdf,
    "text": _read_text,
    "docx": _read_docx,
    "xlsx": _read_xlsx,
    "xls": _read_xls,
    "html": _read_html,
    "doc": _read_doc,
})

#: Formats whose readers take :class:`~.settings.ReadSettings` beyond the size limit: the PDF
#: reader all of them; text, DOCX (and DOC, read as DOCX) and HTML ``blocks`` (titles above
#: tables, layout grids), text ``text`` too. The spreadsheet readers take their ``limits``
#: (``max_sheet_cells``, ``max_part_bytes``: what a workbook may make them build); a sheet's grid
#: is its cells (no geometry, no table to find) and its title rows are the ones above the first
#: row of two filled cells, a rule without a threshold.
TAKES_SETTINGS = frozenset({"pdf", "text", "docx", "xlsx", "xls", "html", "doc"})

#: Formats the read stage accepts, in the order of :data:`READERS`.
SUPPORTED_FORMATS: tuple[str, ...] = tuple(READERS)


def read_document(path: str | Path, readers: Optional[Mapping[str, Reader]] = None,
                  ocr: Optional[bool] = None, settings: Optional[ReadSettings] = None
                  ) -> tuple[Optional[Document], list[Diagnostic]]:
    """Read any supported file into a Document; never raises on bad input.

    Returns ``(None, [error])`` when the file cannot be read, else the Document and any warnings.
    ``ocr`` is passed to the PDF reader when given (True/False): whether a scanned PDF is
    recognised with the optional OCR extra; None leaves it to ``BUDGETLENS_OCR`` (default on).
    ``settings``: the reader's tuning settings (:class:`~.settings.ReadSettings`; None: the
    defaults); the PDF reader takes them all, every format the size limit, the others what
    applies to them (:data:`TAKES_SETTINGS`).
    """
    path = str(path)
    readers = READERS if readers is None else readers
    settings = DEFAULT_READ if settings is None else settings
    problem = check_path(path, settings.limits.max_file_bytes)
    if problem is not None:
        return None, [problem]
    try:
        detection = detect_format(path, settings.encoding)
    except Exception as exc:  # noqa: BLE001 - unreadable or a detection bug: report, go on
        return None, [_failed(path, exc)]
    if detection.format is None:
        return None, [_refused(path, detection.code, detection.what)]
    reader = readers.get(detection.format)
    if reader is None:
        return None, [error("unknown-format", f"不支持的文件格式：{detection.format}",
                            f"Unsupported file format: {detection.format}", path)]
    try:
        document, diagnostics = _run(reader, path, detection.format, ocr, settings)
    except Exception as exc:  # noqa: BLE001 - a reader bug becomes a diagnostic, the run goes on
        return None, [_failed(path, exc)]
    except BaseException as exc:  # a Rust extension's panic is no Exception, but no less a bug
        if not is_panic(exc):
            raise
        return None, [_failed(path, exc)]
    diagnostics = list(diagnostics)
    if document is not None and not any(ln.text.strip() for ln in document.lines()) \
            and not document.tables and not document.scanned:
        diagnostics.append(warning("empty-document", "文件中没有读到任何文字。",
                                   "No text was found in the file.", path))
    changed = settings.changed()
    if document is not None and changed:  # recorded whatever the format (the size limit counts
        document = replace(document, read_settings=changed)  # for all; see TAKES_SETTINGS)
        diagnostics.append(_settings_note(changed, path))
    return document, diagnostics


def _settings_note(changed: tuple[tuple[str, str], ...], path: str) -> Diagnostic:
    """An info diagnostic naming the settings that differ from the defaults: it travels with
    the result where the Document does not (worker results, the JSON, the library), so every
    output of a document read otherwise than by default says so."""
    pairs = ", ".join(f"{name}={value}" for name, value in changed)
    return Diagnostic("read-settings", Severity.INFO, f"按非默认读取设置读取：{pairs}",
                      f"read with non-default settings: {pairs}", Source(path))


def _run(reader: Reader, path: str, fmt: str, ocr: Optional[bool], settings: ReadSettings
         ) -> tuple[Optional[Document], list[Diagnostic]]:
    """Call a reader: the PDF reader with the ``ocr`` choice, the readers that have settings to
    apply (:data:`TAKES_SETTINGS`) with settings that differ from the defaults (a reader a
    caller registered for those formats takes them as keywords only then)."""
    extra: dict[str, object] = {}
    if fmt == "pdf" and ocr is not None:
        extra["ocr"] = ocr
    if fmt in TAKES_SETTINGS and settings != DEFAULT_READ:
        extra["settings"] = settings
    return reader(path, **extra)


def _refused(path: str, code: str, what: str) -> Diagnostic:
    zh, _, en = what.partition(" / ")
    en = en or zh
    if code == "binary-garbage":
        return error(code, f"文件不是可识别的文档（{zh}）。",
                     f"The file is not a recognisable document ({en}).", path)
    return error(code, f"不支持的文件格式：{zh}。", f"Unsupported file format: {en}.", path)


def _failed(path: str, exc: BaseException) -> Diagnostic:
    if isinstance(exc, MemoryError):  # what the input cost, not a reader bug: one stable line
        return error("out-of-memory", "读取该文件所需内存超过上限，未读取。",
                     "Reading the file needed more memory than allowed; not read.", path)
    detail = " ".join(str(exc).split())[:200] or type(exc).__name__
    return error("read-failed", f"读取文件时出错（{type(exc).__name__}）：{detail}",
                 f"Reading the file failed ({type(exc).__name__}): {detail}", path)


__all__ = ["DEFAULT_READ", "MAX_FILE_BYTES", "READERS", "ReadSettings", "SUPPORTED_FORMATS",
           "Reader", "read_document",
           "detect_format"]
