"""PDF → Document: lines in reading order and tables rebuilt from rulings, page by page.

Why this shape: disclosures are read for audit, so every number must land in the right cell and
come with its page and box. Text and positions come from PDFium's raw API (fast, and with the clip
test that removes text WPS/Excel exports hide), tables from the page's ruling lines
(:mod:`pdf_grid`), falling back to word positions for tables drawn without rules
(:mod:`pdf_textgrid`); tables continued over pages are stitched (:mod:`pdf_stitch`). Bad input
never raises: it comes back as ``(None, [Diagnostic])``. Pages are opened and closed one at a
time so memory stays bounded by the largest page, not the file.
"""

from __future__ import annotations

import ctypes
import gc
import re
from contextlib import contextmanager
from dataclasses import replace
from typing import Iterator, Optional, Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from budgetlens.model import Diagnostic, Document, Line, Page, Severity, Source
from budgetlens.read.pdf_fallback_font import install as install_fallback_font
from budgetlens.read.pdf_glyphs import FontMetrics, GlyphReader, Straightened
from budgetlens.read.pdf_grid import find_grids
from budgetlens.read.pdf_ffi import address
from budgetlens.read.pdf_frame import Frame, page_frame
from budgetlens.read.pdf_objects import Char, read_chars
from budgetlens.read.pdf_paths import PageObjects, lost_glyphs, read_objects
from budgetlens.read.pdf_rows import PageRows
from budgetlens.read.pdf_recover import Recovered, pdfminer_space, recover_chars
from budgetlens.read.pdf_stitch import stitch
from budgetlens.read.pdf_tables import PageTable, cell_lines
from budgetlens.read.pdf_textgrid import find_text_tables
from budgetlens.read.pdfium_types import PdfiumDocument, PdfiumTextPage
from budgetlens.read.settings import DEFAULT_READ, LimitSettings, ReadSettings, ScanSettings

#: one page as read, for the stitcher: its tables, its lines and its height
PagePart = tuple[list[PageTable], list[Line], Optional[float]]

_MESSAGES = {
    "pdf-encrypted": ("PDF 文件已加密（需要密码），无法读取", "The PDF is encrypted (a password is required)"),
    "pdf-corrupt": ("PDF 文件已损坏或不完整：{zh}", "The PDF is damaged or truncated: {en}"),
    "pdf-empty": ("PDF 文件没有页面", "The PDF has no pages"),
    "scanned-pdf": ("PDF 没有可用的文字层（疑为扫描件，共 {zh} 页），{ending_zh}",
                    "The PDF has no usable text layer (probably scanned, {en} pages); {ending_en}"),
    "ocr-used": ("第 {zh} 页没有文字层，文字由 OCR（{engine}）识别，可能有误；数字请与原件核对",
                 "Page(s) {en} have no text layer; their text was recognised by OCR ({engine}) "
                 "and may contain errors: check numbers against the original"),
    "ocr-doubtful": ("OCR 识别的 {zh} 个数字不可靠，已标“?”，未作为数字使用（如 {ex_zh}）",
                     "{en} number(s) recognised by OCR are doubtful, marked '?' and not used as "
                     "numbers (e.g. {ex_en})"),
    "ocr-page-limit": ("需要文字识别的页面超过 {zh} 页的上限，第 {first} 页起未识别",
                       "More pages need OCR than the limit of {en}; those from page {first} on "
                       "were not recognised"),
    "ocr-page-error": ("第 {zh} 页文字识别失败，已跳过", "OCR failed on page {en}; it was skipped"),
    "pdf-page-error": ("第 {zh} 页无法解析，已跳过", "Page {en} could not be parsed and was skipped"),
    "pdf-recover-skipped": ("第 {zh} 页字符过多（至少 {count} 个，超过 {limit} 个的上限），PDFium "
                            "文字层漏掉的 {lost} 个单字对象未补回，该页可能缺字",
                            "Page {en} has too many characters (at least {count}, over the limit "
                            "of {limit}): the {lost} one-glyph object(s) PDFium's text layer "
                            "dropped were not recovered, so characters may be missing there"),
    "pdf-recover-cmap": ("第 {zh} 页有字体声明了 {count} 个逐一展开的编码（ToUnicode 映射、字宽、"
                         "内嵌字形编码表），超过 {limit} 个的上限（疑为损坏），PDFium 文字层漏掉的 "
                         "{lost} 个单字对象未补回，该页可能缺字",
                         "A font of page {en} declares {count} codes (ToUnicode map, widths, "
                         "embedded cmap), over the limit of {limit} (probably damaged): the "
                         "{lost} one-glyph object(s) PDFium's text layer dropped were not "
                         "recovered, so characters may be missing there"),
    # the same code for the page's fonts together (limits.max_page_cmap_codes)
    "pdf-recover-cmap/page": ("第 {zh} 页的字体共声明了至少 {count} 个逐一展开的编码（ToUnicode "
                              "映射、字宽、内嵌字形编码表），超过 {limit} 个的上限（疑为损坏），"
                              "PDFium 文字层漏掉的 {lost} 个单字对象未补回，该页可能缺字",
                              "The fonts of page {en} declare at least {count} codes in all "
                              "(ToUnicode maps, widths, embedded cmaps), over the limit of "
                              "{limit} (probably damaged): the {lost} one-glyph object(s) "
                              "PDFium's text layer dropped were not recovered, so characters may "
                              "be missing there"),
}


# How the scanned-pdf message ends, by what happened about OCR (zh, en).
_SCAN_ENDINGS = {
    "missing": ("未做文字识别；如需识别，请安装 OCR 扩展：pip install 'budgetlens[ocr]'",
                "OCR was not run: to recognise it, install the OCR extra: "
                "pip install 'budgetlens[ocr]'"),
    "off": ("未做文字识别（OCR 已关闭：去掉 --no-ocr 或 BUDGETLENS_OCR=0 即可开启）",
            "OCR was not run (turned off: drop --no-ocr or BUDGETLENS_OCR=0 to enable it)"),
    "ran": ("已做文字识别（OCR）", "its text was recognised by OCR"),
}


def _diag(code: str, path: str, zh: object = "", en: object = None,
          severity: str = Severity.ERROR, page: Optional[int] = None, variant: str = "",
          **extra: object) -> Diagnostic:
    """One diagnostic, zh and en messages on one line each (``variant``: the messages of
    ``code/variant``, the same code said of another case)."""
    tzh, ten = _MESSAGES[f"{code}/{variant}" if variant else code]
    zh1 = str(zh).replace("\n", " ")
    en1 = zh1 if en is None else str(en).replace("\n", " ")
    return Diagnostic(code, severity, tzh.format(zh=zh1, **extra), ten.format(en=en1, **extra),
                      Source(path, page=page))


def _open(path: str) -> PdfiumDocument | Diagnostic:
    """Open with an empty password; classify a failure as encrypted, empty or corrupt (the
    diagnostic is returned in place of the document).

    PDFium keeps its last error in a global and does not set it when it refuses a document with
    an empty page tree, so the code it reports is checked against the file's own bytes.
    """
    try:
        document: PdfiumDocument = pdfium.PdfDocument(path, password="")
        return document
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        head = _head(path)
        if code == pdfium_c.FPDF_ERR_PASSWORD and b"/Encrypt" in head:
            return _diag("pdf-encrypted", path)
        if _no_pages(head):
            return _diag("pdf-empty", path)
        return _diag("pdf-corrupt", path, "PDFium 无法解析文件", e)
    except (OSError, ValueError) as e:
        return _diag("pdf-corrupt", path, f"无法打开文件（{type(e).__name__}）", e)


def _head(path: str, limit: int = 8 << 20) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(limit)
    except OSError:
        return b""


def _no_pages(data: bytes) -> bool:
    """A readable page tree that holds no page: every /Count is 0 and no /Type /Page object."""
    counts = re.findall(rb"/Count\s+(\d+)", data)
    return (data.startswith(b"%PDF") and bool(counts) and all(c == b"0" for c in counts)
            and re.search(rb"/Type\s*/Page(?![s\w])", data) is None)


def read_page_chars(pdf: PdfiumDocument, index: int, path: str = "",
                    thin: float = DEFAULT_READ.grid.thin,
                    limits: LimitSettings = DEFAULT_READ.limits
                    ) -> tuple[Frame, Sequence[Char], PageObjects]:
    """The visible chars of one page (a list, or the compiled loop's arrays:
    :func:`pdf_objects.read_chars`), its frame and its other objects. ``path`` lets the reader
    ask a second parser for glyphs PDFium's text page drops (:mod:`pdf_recover`), on a page of
    at most ``limits.max_recover_chars`` chars; a page over it is read without them and its
    objects' ``unrecovered`` says how many chars it had (:func:`recovery_skipped`). ``thin``:
    ``grid.thin``, the thickness up to which a filled box is a ruling."""
    install_fallback_font()  # before the page's fonts load: see pdf_fallback_font
    page = pdf[index]
    textpage: Optional[PdfiumTextPage] = None
    try:
        frame = page_frame(page)
        turned = Straightened()
        try:
            objects = read_objects(page, frame, turned, thin)
            textpage = page.get_textpage()
        finally:
            turned.restore()
        metrics = FontMetrics()
        glyphs = GlyphReader(address(textpage.raw), turned, metrics)
        chars, _ = read_chars(textpage, frame, glyphs, objects.embedded)
        lost = lost_glyphs(objects.lost, textpage) if objects.lost and path else []
        if lost:
            limit = limits.max_recover_chars
            count = textpage.count_chars()
            found = Recovered([], over=count) if count > limit else recover_chars(
                path, index, lost, frame, metrics, pdfminer_space(page), limit,
                limits.max_cmap_codes, limits.max_page_cmap_codes)
            chars = [*chars, *found.chars]  # a list: its own layout (pdf_native_rows)
            if found.over:
                objects = objects._replace(unrecovered=(found.over, len(lost)))
            if found.codes:
                objects = objects._replace(unmapped=(found.codes, len(lost), found.codes_in_all))
    finally:
        if textpage is not None:
            textpage.close()
        page.close()
    return frame, chars, objects


def recovery_skipped(objects: PageObjects, path: str, number: int, limit: int,
                     max_codes: int = DEFAULT_READ.limits.max_cmap_codes,
                     max_page_codes: int = DEFAULT_READ.limits.max_page_cmap_codes
                     ) -> list[Diagnostic]:
    """The ``pdf-recover-skipped`` warning of page ``number`` when its lost glyphs were not
    recovered for its size, ``pdf-recover-cmap`` when not for its fonts' CMaps (one font's, or
    all of them together: the message says which) (:func:`read_page_chars`), else nothing."""
    if objects.unmapped:
        codes, lost, in_all = objects.unmapped
        return [_diag("pdf-recover-cmap", path, number, severity=Severity.WARNING, page=number,
                      variant="page" if in_all else "", count=codes,
                      limit=max_page_codes if in_all else max_codes, lost=lost)]
    if not objects.unrecovered:
        return []
    count, lost = objects.unrecovered
    return [_diag("pdf-recover-skipped", path, number, severity=Severity.WARNING, page=number,
                  count=count, limit=limit, lost=lost)]


def read_page(pdf: PdfiumDocument, index: int, path: str = "", settings: ReadSettings = DEFAULT_READ
              ) -> tuple[Page, list[Line], list[PageTable], list[Diagnostic]]:
    """Read one page: its visible chars, lines, the tables drawn on it, and what the page's
    reading has to say (:func:`recovery_skipped`)."""
    frame, chars, objects = read_page_chars(pdf, index, path, settings.grid.thin, settings.limits)
    lines, tables = lay_out(chars, objects.edges, index + 1, settings)
    info = Page(index + 1, (), frame.width, frame.height, len(chars), objects.images)
    notes = recovery_skipped(objects, path, index + 1, settings.limits.max_recover_chars,
                             settings.limits.max_cmap_codes, settings.limits.max_page_cmap_codes)
    return info, lines, tables, notes


def lay_out(chars: Sequence[Char], edges: list, number: int, settings: ReadSettings = DEFAULT_READ
            ) -> tuple[list[Line], list[PageTable]]:
    """A page's visible chars and ruling edges → its lines and tables (page ``number``).
    Pure Python on what PDFium gave: the layout steps, apart from the reading of the page."""
    rows = PageRows(chars, settings.layout)  # clustered and split once for lines and ruled tables
    lines = rows.lines(number)
    tables = [rows.table(g, number) for g in find_grids(edges, settings.grid)]
    tables = [t for t in tables if t.n_cols >= 2]
    tables += find_text_tables(lines, chars, number, [t.bbox for t in tables],
                               settings.text_tables)
    tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    return lines, [cell_lines(t, lines) for t in tables]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector while a document is read.

    Why: reading allocates a tuple per glyph, word, line and cell (a million on a 250-page
    file) and keeps most of them, so the collector runs thousands of times and each run walks
    the young objects, and every few runs all the old ones, finding nothing: what the reader
    builds holds no reference cycles. That walk was ~6% of reading. The collector is turned
    back on when the document is done (as it was found: a caller that switched it off keeps
    it off), and then frees any cycle made meanwhile, so nothing is lost, only postponed."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def read_pdf(path: str, ocr: Optional[bool] = None, settings: ReadSettings = DEFAULT_READ
             ) -> tuple[Optional[Document], list[Diagnostic]]:
    """Read a PDF into a :class:`Document`; never raises on bad input (see module docstring).

    ``ocr``: recognise the pages of a scan when the optional engine is installed (True), never
    (False), or as the ``BUDGETLENS_OCR`` environment variable says, on by default (None).
    ``settings``: the layout, table, stitching and scan thresholds (:mod:`.settings`)."""
    with collector_paused():
        return _read_pdf(path, ocr, settings)


def _read_pdf(path: str, ocr: Optional[bool], settings: ReadSettings
              ) -> tuple[Optional[Document], list[Diagnostic]]:
    pdf = _open(path)
    if isinstance(pdf, Diagnostic):
        return None, [pdf]
    diags: list[Diagnostic] = []
    try:
        try:
            n = len(pdf)
        except Exception as e:  # a damaged page tree
            return None, [_diag("pdf-corrupt", path, "页面树损坏", e)]
        if n == 0:
            return None, [_diag("pdf-empty", path)]
        pages: list[Page] = []
        parts: list[PagePart] = []
        for i in range(n):
            try:
                info, lines, tables, notes = read_page(pdf, i, path, settings)
                diags += notes
            except (pdfium.PdfiumError, OSError, ValueError, ctypes.ArgumentError) as e:
                diags.append(_diag("pdf-page-error", path, i + 1, f"{i + 1} ({e})",
                                   Severity.WARNING, i + 1))
                info, lines, tables = Page(i + 1, ()), [], []
            pages.append(info)
            parts.append((tables, lines, info.height))
        if sum(d.code == "pdf-page-error" for d in diags) == n:
            return None, [_diag("pdf-corrupt", path, "没有一页可以解析", "no page could be parsed")]
        scanned = _is_scanned(pages, settings.scan)
        done: tuple[int, ...] = ()
        if scanned:
            done, ocr_diags = _recognise(pdf, path, pages, parts, ocr, settings)
            diags += ocr_diags
        meta = _metadata(pdf)
    finally:
        pdf.close()
    joined, page_lines = stitch(parts, settings.stitch)
    return Document(path, "pdf", tuple(Page(p.number, tuple(ls), p.width, p.height, p.chars,
                                            p.images) for p, ls in zip(pages, page_lines)),
                    tuple(joined), scanned=scanned, info=meta, ocr_pages=done,
                    read_settings=settings.changed()), diags


def _recognise(pdf: PdfiumDocument, path: str, pages: list[Page], parts: list[PagePart],
               option: Optional[bool], settings: ReadSettings
               ) -> tuple[tuple[int, ...], list[Diagnostic]]:
    """OCR the image-only pages of a scan in place (``pages``/``parts``), at most
    ``settings.scan.ocr_max_pages`` of them. Returns the pages that gave text, and diagnostics: the
    scanned-pdf warning (saying whether OCR ran, is off, or is not installed) and OCR's own."""
    from budgetlens.read import pdf_ocr

    n = len(pages)
    wanted = pdf_ocr.ocr_wanted(option)
    engine = pdf_ocr.load_engine(settings.scan.ocr_max_side_px) if wanted else None
    if engine is None:
        state = "off" if not pdf_ocr.ocr_wanted(option) else "missing"
        return (), [_scanned(path, n, state)]
    scan = settings.scan
    todo = [i for i, p in enumerate(pages) if p.images and p.chars < scan.scanned_chars_per_page]
    diags = [_scanned(path, n, "ran")]
    if len(todo) > scan.ocr_max_pages:
        first = todo[scan.ocr_max_pages] + 1
        diags.append(_diag("ocr-page-limit", path, scan.ocr_max_pages, severity=Severity.WARNING,
                           page=first, first=first))
        todo = todo[:scan.ocr_max_pages]
    done: list[int] = []
    doubtful: list[tuple[int, str]] = []
    for i in todo:
        try:
            got = pdf_ocr.ocr_page(pdf, i, engine, settings)
        except Exception as e:  # noqa: BLE001 - an engine failure loses one page, not the file
            diags.append(_diag("ocr-page-error", path, i + 1, f"{i + 1} ({type(e).__name__})",
                               Severity.WARNING, i + 1))
            continue
        pages[i] = replace(got.info, images=pages[i].images)
        parts[i] = (got.tables, got.lines, got.info.height)
        doubtful += [(i + 1, text) for text in got.doubtful]
        if got.lines:
            done.append(i + 1)
    if done:
        diags.append(_diag("ocr-used", path, _ranges(done), severity=Severity.WARNING,
                           page=done[0], engine=pdf_ocr.ENGINE))
    if doubtful:
        ex_zh = "、".join(f"第 {p} 页“{t}”" for p, t in doubtful[:3])
        ex_en = ", ".join(f"page {p} '{t}'" for p, t in doubtful[:3])
        diags.append(_diag("ocr-doubtful", path, len(doubtful), severity=Severity.WARNING,
                           page=doubtful[0][0], ex_zh=ex_zh, ex_en=ex_en))
    return tuple(done), diags


def _scanned(path: str, n: int, state: str) -> Diagnostic:
    zh, en = _SCAN_ENDINGS[state]
    return _diag("scanned-pdf", path, n, n, Severity.WARNING, ending_zh=zh, ending_en=en)


def _ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5 → "1-3, 5": page lists stay one short line."""
    out: list[str] = []
    start = numbers[0]
    for prev, cur in zip(numbers, numbers[1:] + [0]):  # 0 follows no page: the last run ends
        if cur != prev + 1:
            out.append(str(start) if start == prev else f"{start}-{prev}")
            start = cur
    return ", ".join(out)


def _is_scanned(pages: Sequence[Page], scan: ScanSettings = DEFAULT_READ.scan) -> bool:
    """No usable text layer: at least half the pages are images with (almost) no chars."""
    image_only = sum(1 for p in pages if p.images and p.chars < scan.scanned_chars_per_page)
    return image_only >= max(1, (len(pages) + 1) // 2)


def _metadata(pdf: PdfiumDocument) -> tuple[tuple[str, str], ...]:
    try:
        meta = pdf.get_metadata_dict(skip_empty=True)
    except Exception:  # metadata is optional; a broken Info dict must not stop reading
        return ()
    return tuple(sorted((k, str(v)) for k, v in meta.items()))
