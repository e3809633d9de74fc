"""Tables printed in traditional characters, read as their simplified twins; quotes as printed.

Why: copies of disclosures converted to traditional characters (mirror sites; 杜集 政府办 2021:
"一般公共預算財政撥款“三公”經費支出決算表", rows 因公出國(境)費 / 公務接待費 / 公務用車購置及運行維護費,
columns 預算數 / 決算數) print the same tables; every title alias, column and row label of
rules/tables.toml is written in simplified characters, so such a table went unrecognised and its
figures unread. Sentences are folded already (lexicon ``[normalize] variants``) and so is
classification (classify ``[fold]``); this applies the union of the two tables, the data, to what
table extraction matches: the tables' titles and cells and the lines around them (an orphan title,
a 单位 line). The fold maps one character to one, so a folded text keeps every offset and the
printed span of a folded quote is found again in the printed text: facts quote their cells as
printed, and a table's title is reported as printed. A document whose tables hold none of the
folded characters is returned as it is (no copy, no change).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache
from typing import Iterable, Optional

from ..model import Document, Fact, Source, Table, TableInfo
from ..rules.classify import load_rules as load_classify_rules
from ..rules.lexicon import load_lexicon

_LABEL_JOIN = " / "
_SPACES = re.compile(r"(\s+)")


@lru_cache(maxsize=1)
def _fold() -> tuple[dict[int, str], re.Pattern]:
    """classify ``[fold]`` ∪ lexicon ``[normalize] variants`` (the lexicon's wins on a clash),
    and a pattern finding any character it maps."""
    table = dict(load_classify_rules().fold)
    table.update({ord(k): v for k, v in load_lexicon().variants.items() if len(k) == 1})
    chars = "".join(sorted(chr(c) for c in table))
    return table, re.compile(f"[{re.escape(chars)}]")


def _tables_text(document: Document) -> Iterable[str]:
    for table in document.tables:
        yield from (ln.text for ln in table.title_lines)
        yield from (c.text for c in table.cells)


def simplified(document: Document) -> Document:
    """``document`` with its tables' text, and its lines, in simplified characters; the same
    object when no table prints a character the fold maps."""
    fold, found = _fold()
    # one search over the texts joined with nothing between them (the pattern is one character
    # of a class, so it matches there exactly when it matches in one text): a search per cell
    # was ~100,000 calls a corpus pass
    if not found.search("".join(_tables_text(document))):
        return document
    tables = tuple(replace(t, cells=tuple(c._replace(text=c.text.translate(fold)) for c in t.cells),
                           title_lines=tuple(ln._replace(text=ln.text.translate(fold))
                                             for ln in t.title_lines))
                   for t in document.tables)
    pages = tuple(replace(p, lines=tuple(ln._replace(text=ln.text.translate(fold)) for ln in p.lines))
                  for p in document.pages)
    return replace(document, tables=tables, pages=pages)


def printed_span(folded: str, printed: Iterable[str]) -> Optional[str]:
    """The span of one of ``printed`` whose fold is ``folded`` (the fold keeps offsets), or None."""
    fold = _fold()[0]
    for text in printed:
        at = text.translate(fold).find(folded)
        if at >= 0:
            return text[at:at + len(folded)]
    return None


class PrintedTexts:
    """Printed texts folded once and joined, so that finding a quote's printed span is one search.

    Why: :func:`printed_span` folds every text again for every quote, and a document asks once
    per fact label and title piece — quotes × cells translations. A 1.1 MB HTML table of 91,000
    cells (fuzz case html-2026-007702) made 53 million of them, over the fuzz harness's 20 CPU-s.
    Here each text is folded once, the folds are joined with NUL and searched with ``str.find``
    (a quote holding NUL is looked up text by text); a quote never spans the separator, so the
    first match lies in the first text holding the quote and the span is the one
    :func:`printed_span` gives. Each distinct quote is searched once (labels repeat per fact).
    """

    _SEP = "\0"

    def __init__(self, texts: Iterable[str]) -> None:
        self._texts = list(texts)
        self._joined: Optional[str] = None  # folded lazily: a document may never ask
        self._starts: list[int] = []
        self._found: dict[str, Optional[str]] = {}

    def span(self, folded: str) -> Optional[str]:
        """What :func:`printed_span` answers for ``folded`` over these texts."""
        if folded in self._found:
            return self._found[folded]
        if self._SEP in folded:  # cannot be searched in the joined folds: ask text by text
            found = printed_span(folded, self._texts)
        else:
            found = self._search(folded)
        self._found[folded] = found
        return found

    def _search(self, folded: str) -> Optional[str]:
        if self._joined is None:
            fold = _fold()[0]
            folds = [text.translate(fold) for text in self._texts]
            at = 0
            for text in folds:
                self._starts.append(at)
                at += len(text) + 1
            self._joined = self._SEP.join(folds)
        at = self._joined.find(folded)
        if at < 0:
            return None
        index = bisect_right(self._starts, at) - 1
        offset = at - self._starts[index]
        return self._texts[index][offset:offset + len(folded)]


def as_printed(document: Document, read: Document, infos: list[TableInfo], facts: list[Fact]
               ) -> tuple[list[TableInfo], list[Fact]]:
    """Titles, labels and quotes of what was read from ``read`` (the folded twin of
    ``document``) in the characters ``document`` prints them in."""
    if read is document:
        return infos, facts
    cells = {(t.index, c.row, c.col): c.text for t in document.tables for c in t.cells}
    printed = [ln.text for p in document.pages for ln in p.lines] + [
        ln.text for t in document.tables for ln in t.title_lines]
    texts, lines = PrintedTexts(cells.values()), PrintedTexts(printed)
    out_infos = []
    for info in infos:
        title = _pieces_as_printed(info.title, lines)
        if title != info.title:
            source = info.source._replace(text=title) if info.source is not None else None
            info = replace(info, title=title, source=source)
        columns = tuple(_label_as_printed(c, texts) for c in info.columns)
        if columns != info.columns:  # the header as printed, like the labels of its facts
            info = replace(info, columns=columns)
        out_infos.append(info)
    return out_infos, [_fact_as_printed(f, cells, texts) for f in facts]


def _pieces_as_printed(text: str, printed: PrintedTexts) -> str:
    """``text`` with each run between spaces as printed (a title joins the lines it spans)."""
    return "".join(piece if not piece or piece.isspace() else (printed.span(piece) or piece)
                   for piece in _SPACES.split(text))


def _fact_as_printed(fact: Fact, cells: dict, texts: PrintedTexts) -> Fact:
    src: Source = fact.source
    quote = cells.get((src.table, src.row, src.column))
    if quote is not None and quote != src.text and quote.translate(_fold()[0]) == src.text:
        fact = fact._replace(source=src._replace(text=quote))
    if fact.label:
        label = _label_as_printed(fact.label, texts)
        if label != fact.label:
            fact = fact._replace(label=label)
    return fact


def _label_as_printed(label: str, texts: PrintedTexts) -> str:
    """A label read from folded cells ("合计 / 2023年预算数", pieces joined by " / ") with each
    piece as a cell prints it; a label holding a character the fold maps is printed already."""
    if not label or _fold()[1].search(label) is not None:
        return label
    return _LABEL_JOIN.join(texts.span(p) or p for p in label.split(_LABEL_JOIN))


__all__ = ["PrintedTexts", "as_printed", "printed_span", "simplified"]
