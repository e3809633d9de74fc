"""The read stage's tuning settings, as pdfplumber's ``table_settings`` are for its users.

Why a record and not module constants: every threshold below decides what a page's words,
lines and tables are, and a document of a template we have not seen may need one moved (a
table drawn with rulings 4 pt apart, a letter-spaced title …). Each field says its unit and why
its default is what it is; the defaults are the values the reader was measured with (the corpus
outputs are byte-identical to those of the former constants). The readers take a
:class:`ReadSettings` as a parameter (default :data:`DEFAULT_READ`), never through a global, so
worker processes read with the settings they were handed; ``Document.read_settings`` records the
ones that differ from the defaults. Change them with ``budgetlens extract/audit/ingest
--read-setting NAME=VALUE``; ``budgetlens settings`` lists them (docs/settings.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ..model.settings import changed, override, setting

__all__ = ["BlockSettings", "DEFAULT_READ", "EncodingSettings", "GridSettings", "LayoutSettings", "LimitSettings", "PlainTextSettings",
           "ReadSettings", "ScanSettings", "StitchSettings", "TextTableSettings"]


@dataclass(frozen=True)
class LayoutSettings:
    """Chars → words → lines (:mod:`.pdf_layout`): shares of the font size unless said."""

    word_gap: float = setting(0.25, "× font size", "a gap wider than this starts a new word; "
                              "a quarter em is narrower than a printed space, wider than kerning")
    digit_gap: float = setting(0.45, "× font size", "digits closer than this are one number "
                               "split by kerning (columns of figures are further apart)")
    separator_gap: float = setting(1.0, "× font size", "a thousands separator or decimal point "
                                   "this close to a digit belongs to the same number")
    cjk_gap: float = setting(1.6, "× font size", "CJK fragments closer than this are one "
                             "letter-spaced phrase (项  目); wider gaps keep a space")
    duplicate: float = setting(1.0, "pt", "the same glyph again less than this far to the right "
                               "is a fake-bold double, read once")
    line_tol: float = setting(0.45, "× char height", "chars whose vertical centres differ by "
                              "less than this share a line (sub/superscripts stay on it)")


@dataclass(frozen=True)
class GridSettings:
    """Ruling lines → ruled tables (:mod:`.pdf_grid`), in points."""

    snap: float = setting(3.0, "pt", "rulings closer than this are the same line (double "
                          "borders, rounding of the producer)")
    join: float = setting(3.0, "pt", "collinear segments with a gap up to this are one ruling "
                          "(cells drawn one by one)")
    min_length: float = setting(3.0, "pt", "rulings shorter than this are ignored (tick marks, "
                                "glyph-like strokes)")
    min_column: float = setting(8.0, "pt", "an outer column narrower than this is a sliver of a "
                                "double border, not a column")
    min_row: float = setting(5.0, "pt", "an outer row lower than this is a sliver of a double "
                             "border, not a row")
    touch: float = setting(3.0, "pt", "how far a ruling may stop short of the one it meets and "
                           "still belong to its table")
    thin: float = setting(2.0, "pt", "a filled rectangle no thicker than this is a ruling "
                          "(producers draw rules as thin rectangles); a thicker one is a shaded "
                          "area (a header band, a highlighted cell), which bounds no cell")


@dataclass(frozen=True)
class TextTableSettings:
    """Tables printed without rulings (:mod:`.pdf_textgrid`)."""

    min_rows: int = setting(3, "rows", "fewer numeric rows than this are prose with figures, "
                            "not a table")
    min_numbers: int = setting(2, "cells", "a line is a table row when it holds at least this "
                               "many numeric cells …")
    min_segments: int = setting(3, "segments", "… and at least this many column segments")
    column_gap: float = setting(1.0, "× line height", "words further apart than this are in "
                                "different columns (decides whether a line is a row at all)")
    min_column_gap: float = setting(0.45, "× font size", "a gap between the numeric rows' words "
                                    "narrower than this is no column boundary (kerning inside "
                                    "one number is narrower)")
    row_gap: float = setting(2.5, "line heights", "a line further below the previous one than "
                             "this ends a table")
    max_header_lines: int = setting(6, "rows", "a header holds at most this many rows (lines "
                                    "overlapping the one below count as one row)")
    max_header_printed: int = setting(16, "lines", "… and at most this many printed lines in all "
                                      "(a three-level header of wrapped cells)")
    max_bridge: int = setting(6, "lines", "at most this many label-only lines between numeric "
                              "rows are rows of the same table")
    fragment_gap: float = setting(0.3, "× font size", "a label-only line this close to a numeric "
                                  "line is part of its row (a wrapped 项目 name)")
    title_size: float = setting(1.25, "× body size", "a line printed this much taller than the "
                                "body rows is a title, not a header row")
    centre_tol: float = setting(0.5, "× line height", "a header word whose centre is within this "
                                "of a column run's centre is centred over that run "
                                "(:mod:`.pdf_textheader`; the column edges are estimated from "
                                "gaps, so the tolerance is generous)")
    group_tol: float = setting(0.08, "× run width", "… or within this share of the run's width, "
                               "when larger (a group heading over many columns; the run's edges "
                               "are estimates too)")
    wrap_gap: float = setting(0.35, "× word height", "a word centred under a header word less "
                              "than this below it is the second printed line of the same cell "
                              "(printed at the line spacing), not a heading over a row of labels")
    max_placements: int = setting(4096, "placements", "at most this many placements of one "
                                  "header line's group headings are compared (the product of "
                                  "each heading's candidate runs); a line with more keeps its "
                                  "headings where they are printed")


@dataclass(frozen=True)
class StitchSettings:
    """Titles and tables continued over pages (:mod:`.pdf_stitch`, :mod:`.pdf_continue`)."""

    max_title_lines: int = setting(4, "lines", "at most this many lines above a table are kept "
                                   "as its title lines")
    title_gap: float = setting(60.0, "pt", "a vertical gap larger than this ends the title block "
                               "above a table")
    max_grid_title_rows: int = setting(3, "rows", "at most this many leading grid rows are read "
                                       "as title rows printed inside the grid")
    max_title_chars: int = setting(40, "chars", "a title line is at most this long (longer is "
                                   "prose)")
    margin: float = setting(0.07, "× page height", "lines in the top/bottom band this large are "
                            "running headers/footers, not what continues a table")
    edge_tol: float = setting(2.0, "pt", "column edges of a continuation match within this")
    max_shift: float = setting(20.0, "pt", "… after removing a uniform shift of the whole table "
                               "of at most this")
    loose_share: float = setting(0.6, "× column width", "unruled parts: an edge may move this "
                                 "share of the narrower column next to it")
    max_header_rows: int = setting(6, "rows", "a repeated header is at most this many rows …")
    max_header_offset: int = setting(2, "rows", "… starting at most this many rows into the first "
                                     "page's table (below a title row printed only there)")


@dataclass(frozen=True)
class PlainTextSettings:
    """Tables in text files: tab, pipe and space-aligned (:mod:`.texttables`, :mod:`.textpipes`)."""

    min_tab_rows: int = setting(2, "lines", "fewest tab lines that form a table (a lone tab line "
                                "is usually a label and its value)")
    max_gap_lines: int = setting(8, "lines", "most untabbed lines (continued cell paragraphs, "
                                 "one blank) bridged inside a tab table")
    min_spaced_rows: int = setting(3, "lines", "fewest consecutive lines that may form a "
                                   "space-aligned table")
    min_spaced_fields: int = setting(3, "fields", "fewest fields per line in a space-aligned "
                                     "table")
    min_pipe_rows: int = setting(2, "lines", "fewest consecutive pipe-row lines that form a "
                                 "table (one line is a navigation bar or a byline)")
    min_stream_lines: int = setting(6, "lines", "fewest lines of a cell stream (a few "
                                    "``text |`` lines are a list, not a table)")
    min_stream_rows: int = setting(3, "rows", "fewest body rows (from the first one holding a "
                                   "number) under a candidate stream width")
    max_stream_width: int = setting(16, "cells", "widest row tried for a cell stream")
    max_cell_chars: int = setting(80, "chars", "a pipe cell longer than this is running text, so "
                                  "its line is not a table line")
    min_note_row_cells: int = setting(3, "cells", "a pipe line with one cell longer than "
                                      "``max_cell_chars`` is still a table row (a form's note "
                                      "cell: 预算执行率=…需说明原因) when it holds this many short "
                                      "filled cells beside it")
    min_block_row_cells: int = setting(3, "cells", "a row under a form's block label "
                                       "(绩效指标(90分)) is a row of the block, moved under the "
                                       "header the label's span shifted, when it holds this many "
                                       "cells (fewer is a label and its value: 合计 | 100)")
    min_block_rows: int = setting(2, "rows", "fewest rows under a form block's header for a "
                                  "cell stream read block by block (:mod:`.pipeform`)")
    max_misfit_rate: float = setting(0.15, "per filled cell", "most misfits (a text in a number "
                                     "column or the reverse, a blank body row) a stream width "
                                     "may leave; above it the stream is no table")
    width_margin: float = setting(0.02, "misfit rate", "a width with fewer misfits than the "
                                  "smallest good width wins only by at least this rate")
    offset_margin: float = setting(0.1, "misfit rate", "leading cells left out of the row grid "
                                   "(an offset) must lower the misfit rate by this much")
    max_realign_width: int = setting(12, "columns", "widest pipe table whose packed data rows "
                                     "are re-placed under their header (:mod:`.pipealign`): the "
                                     "placements tried grow with the binomial of the width; "
                                     "disclosure tables are at most 10 columns wide")


@dataclass(frozen=True)
class BlockSettings:
    """Documents whose tables are marked up — DOCX, HTML, text (:mod:`.common`, :mod:`.docx`,
    :mod:`.html`, :mod:`.text`): which lines above a table are its title, which grids lay out a
    page, how large a table may be (also a sheet's). (PDF titles are :class:`StitchSettings`;
    spreadsheets take a sheet's leading rows.)"""

    title_lines: int = setting(4, "lines", "at most this many lines above a table form its title "
                               "block (表X / title / 单位：万元)")
    title_chars: int = setting(80, "chars", "a line above a table longer than this is running "
                               "text, which ends the title block")
    layout_cell_chars: int = setting(300, "chars", "a two-column grid with a cell longer than "
                                     "this lays out a page (navigation beside the content): "
                                     "its cells are read as running text")
    min_ruby: int = setting(2, "readings", "pinyin readings printed after characters (预(yù)算) "
                            "are removed from a text only when it holds at least this many: one "
                            "alone may be a genuine quotation of a reading (:mod:`.ruby`)")
    max_table_slots: int = setting(500_000, "cells", "a marked-up table (DOCX, HTML, text, a "
                                   "sheet's table) whose grid (rows × columns) would exceed this "
                                   "is read as running text (table-too-large): extraction visits "
                                   "each slot, and one 5,000-value row in a 20,000-row table would "
                                   "square the work; real tables have tens of thousands")


@dataclass(frozen=True)
class ScanSettings:
    """Scanned pages and OCR (:mod:`.pdf`, :mod:`.pdf_ocr`)."""

    scanned_chars_per_page: int = setting(20, "chars", "a page with images and fewer visible "
                                          "chars has no usable text layer; a document where half "
                                          "the pages are so is a scan")
    ocr_max_pages: int = setting(30, "pages", "at most this many pages of one file are "
                                 "recognised (seconds each); the rest are reported")
    ocr_dpi: int = setting(200, "dpi", "pages are rendered at this resolution: 7–9 pt digits "
                           "read cleanly at 200 dpi, at 150 a blurred scan loses decimal points")
    ocr_max_side_px: int = setting(3400, "px", "a page image is never larger than this on its "
                                   "longer side (A3 and posters)")
    rule_h: float = setting(30.0, "pt", "a horizontal run of dark pixels at least this long on a "
                            "scanned page is a ruling line; glyph strokes are shorter")
    rule_v: float = setting(10.0, "pt", "… a vertical run at least this long (a row is lower "
                            "than a column is wide, so vertical rules are shorter)")
    max_skew: float = setting(2.0, "degrees", "largest scan skew corrected (tried in 0.1° steps); "
                              "a page scanned more askew is read as it is")
    number_gap: float = setting(0.35, "× box height", "two numbers in one recognised box are "
                                "apart when a gap wider than this separates them (digits of one "
                                "number are closer than a fifth of the height)")
    broken_gap: float = setting(1.5, "× box height", "two number runs of one box closer than "
                                "this are one number with a glyph lost between them (2 2.65 for "
                                "222.65); further apart they are two columns' numbers")
    min_number_score: float = setting(0.80, "confidence", "a number recognised with a lower "
                                      "confidence is marked doubtful")
    min_zero_score: float = setting(0.50, "confidence", "… a lone 0 (one glyph gives the "
                                    "recogniser little context; its look-alikes O, o do not "
                                    "parse, so it needs less)")
    lost_digit: float = setting(0.6, "× digit width", "a number box wider than its text by this "
                                "share of a digit has lost a digit (marked doubtful)")
    min_decimal_peers: int = setting(3, "numbers", "a column must hold this many numbers with "
                                     "decimals before a bare integer in it is doubted (OCR drops "
                                     "decimal points)")


@dataclass(frozen=True)
class LimitSettings:
    """Bounds on what one input may cost (:mod:`.limits`)."""

    max_file_bytes: int = setting(100 * 2**20, "bytes", "largest input accepted (100 MiB): "
                                  "memory stays bounded whatever a batch is given")
    max_sheet_cells: int = setting(1_000_000, "cells", "a workbook sheet spanning more grid "
                                   "slots (rows × columns, A1 to its farthest value) is not read "
                                   "(sheet-too-large): calamine holds 32 bytes a slot and the "
                                   "reader an object; real disclosure sheets span thousands")
    max_part_bytes: int = setting(256 * 2**20, "bytes", "a workbook XML part (a sheet, the "
                                  "styles, the sheet list) inflating to more than this is not "
                                  "read (sheet-too-large), nor a Word package whose parts do in "
                                  "all (too-large: python-docx holds them all): the reader holds "
                                  "a part while it scans it, and a ZIP of 100 MiB can inflate to "
                                  "100 GiB; a sheet at the cell limit is tens of MiB")
    max_xml_elements: int = setting(4_000_000, "elements", "a Word package whose XML parts hold "
                                    "more elements than this is not read (too-large): python-docx "
                                    "builds them all as one tree, about 125 bytes an element "
                                    "(500 MB at the limit); a Word table cell is about 16")
    parse_memory_bytes: int = setting(2 << 30, "bytes", "address space a workbook parse (a "
                                      "child process) may add to what it inherits (2 GiB); no "
                                      "real disclosure workbook comes near, a declared size that "
                                      "does is a damaged file")
    parse_timeout_s: float = setting(300.0, "s", "seconds a workbook parse may take before it is "
                                     "stopped (a safety net: calamine reads a real workbook in "
                                     "under a second)")
    convert_timeout_s: int = setting(120, "s", "seconds a legacy .doc conversion (LibreOffice) "
                                     "may take before it is abandoned (a real one takes a few)")
    max_recover_chars: int = setting(50_000, "chars", "a PDF page whose text layer holds more "
                                     "chars than this, or on which pdfminer renders more glyphs, "
                                     "is read without recovering the one-glyph objects PDFium "
                                     "drops (pdf-recover-skipped): the recovery re-reads the "
                                     "whole page with pdfminer (about 10 µs a glyph); the "
                                     "densest page of the corpora holds 13,013 chars")
    max_cmap_codes: int = setting(2**17, "codes", "a PDF page one of whose fonts' ToUnicode "
                                  "maps declares more codes in its ranges than this is read "
                                  "without recovering its lost glyphs (pdf-recover-cmap): "
                                  "pdfminer expands every range code by code (the fuzz case "
                                  "pdf-2026-029553: 40 million codes, 141 CPU-s); a range spans "
                                  "at most 256 codes by the CMap spec, a two-byte map at most "
                                  "65,536 in all")
    max_page_cmap_codes: int = setting(2**18, "codes", "a PDF page whose fonts declare more "
                                       "codes in all than this (ToUnicode ranges, CID widths' "
                                       "ranges, embedded TrueType maps: what pdfminer expands "
                                       "code by code, about 3.5 µs each) is read without "
                                       "recovering its lost glyphs (pdf-recover-cmap): a page "
                                       "may hold any number of fonts under the bound of one; "
                                       "the most of any page of the 198 corpus PDFs is 19,632")


@dataclass(frozen=True)
class EncodingSettings:
    """Guessing the encoding of text and HTML files (:mod:`.encoding`, also used by format
    detection): shares of the decoded characters."""

    min_text_share: float = setting(0.97, "share", "a decoding with fewer printable characters "
                                    "than this is judged not to be text (a wrong guess decodes "
                                    "GBK bytes as control characters)")
    max_lossy_share: float = setting(0.005, "share", "most U+FFFD replacements a lossy fallback "
                                     "decoding may hold (a few damaged bytes, not a wrong codec)")
    min_plausible_share: float = setting(0.9, "share", "a UTF-16 guess without a BOM, or a "
                                         "mojibake repair, must give at least this share of usual "
                                         "characters (CJK, ASCII, punctuation)")
    mojibake_min_chars: int = setting(8, "chars", "fewest Latin-1 letters before a text is "
                                      "considered for mojibake repair (a name with an accent is "
                                      "not mojibake)")


@dataclass(frozen=True)
class ReadSettings:
    """Every tuning setting of the read stage, by concern. ``ReadSettings()`` is today's
    reading; :meth:`override` changes settings by name (``{"grid.snap": "4"}``)."""

    layout: LayoutSettings = field(default_factory=LayoutSettings)
    grid: GridSettings = field(default_factory=GridSettings)
    text_tables: TextTableSettings = field(default_factory=TextTableSettings)
    stitch: StitchSettings = field(default_factory=StitchSettings)
    text: PlainTextSettings = field(default_factory=PlainTextSettings)
    scan: ScanSettings = field(default_factory=ScanSettings)
    blocks: BlockSettings = field(default_factory=BlockSettings)
    limits: LimitSettings = field(default_factory=LimitSettings)
    encoding: EncodingSettings = field(default_factory=EncodingSettings)

    def override(self, values: Mapping[str, Any]) -> "ReadSettings":
        """These settings with the named ones changed (text values parsed); unknown names
        and bad values raise :class:`~budgetlens.model.settings.SettingError`."""
        return override(self, values)

    def changed(self) -> tuple[tuple[str, str], ...]:
        """The settings that differ from the defaults, ``(name, value)``: recorded in
        ``Document.read_settings``."""
        return changed(self)


#: Today's reading: the defaults every reader falls back to.
DEFAULT_READ = ReadSettings()
