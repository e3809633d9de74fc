"""Sentences given as the lines of a one-page text document and read by the narrative stage, for
tests whose assertions are (measure, basis, value) triples."""

from __future__ import annotations

from pathlib import Path

from budgetlens.extract.narrative import extract_narrative
from budgetlens.model import Document, Line, Metadata, Page
from budgetlens.pipeline import process


def narrative_triples(meta: Metadata, *texts: str) -> set:
    """(measure, basis, value) of every fact the narrative stage reads from ``texts``, one line each."""
    lines = tuple(Line(t, 1, i + 1) for i, t in enumerate(texts))
    facts = extract_narrative(Document("inline.txt", "text", (Page(1, lines),)), meta, [])[1]
    return {(f.measure, f.basis, f.value) for f in facts}


def kind_year_triples(kind: str, year: int, *texts: str) -> set:
    """:func:`narrative_triples` of a document of ``kind`` (预算/决算) and ``year``."""
    return narrative_triples(Metadata(kind=kind, year=year), *texts)


def page_metadata(tmp_path: Path, text: str) -> Metadata:
    """The metadata the whole pipeline reads from ``text`` as a one-page text document."""
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return process(str(path)).disclosure.metadata
