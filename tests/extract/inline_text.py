"""Sentences given as the lines of a one-page text document and read by the narrative stage, for
tests whose assertions are (measure, basis, value) triples."""

from __future__ import annotations

from budgetlens.extract.narrative import extract_narrative
from budgetlens.model import Document, Line, Metadata, Page


def narrative_triples(meta: Metadata, *texts: str) -> set:
    """(measure, basis, value) of every fact the narrative stage reads from ``texts``, one line each."""
    lines = tuple(Line(t, 1, i + 1) for i, t in enumerate(texts))
    facts = extract_narrative(Document("inline.txt", "text", (Page(1, lines),)), meta, [])[1]
    return {(f.measure, f.basis, f.value) for f in facts}
