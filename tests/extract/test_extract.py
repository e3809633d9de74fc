"""The extract stage's entry point (extract/__init__.py): a read Document becomes a Disclosure
whose facts are the tables' and the text's together, whose narrative is the document's running
text (lines in no table, without their word boxes) and whose counts are the document's — on a real
seed. Near miss: the running text of the same seed alone (its tables cut out) has no table and no
table fact, and still its text facts."""

from __future__ import annotations

from budgetlens.extract import extract
from budgetlens.model import Origin
from budgetlens.read import read_document

from ..conftest import seed_path


def test_a_seed_becomes_a_disclosure_of_its_tables_and_its_text():
    document, _ = read_document(seed_path("004"))
    disclosure, diagnostics = extract(document)
    assert disclosure.path == document.path and disclosure.format == document.format
    assert disclosure.n_pages == document.n_pages
    assert disclosure.metadata.kind in ("budget", "final") and disclosure.metadata.year
    assert len(disclosure.tables) == len(document.tables) > 0
    origins = {f.origin for f in disclosure.facts}
    assert Origin.TABLE in origins and Origin.TEXT in origins
    running = [ln for ln in document.lines() if ln.table is None]
    assert disclosure.text_lines == len(running) == len(disclosure.narrative)
    assert [ln.text for ln in disclosure.narrative] == [ln.text for ln in running]
    assert all(ln.words == () for ln in disclosure.narrative)
    assert all(d.severity for d in diagnostics)


def test_near_miss_the_running_text_alone_has_no_table(tmp_path):
    document, _ = read_document(seed_path("004"))
    text = "\n".join(ln.text for ln in document.lines() if ln.table is None)
    path = tmp_path / "text_only.txt"
    path.write_text(text, encoding="utf-8")
    alone, _ = extract(read_document(path)[0])
    assert alone.tables == () and all(f.origin != Origin.TABLE for f in alone.facts)
    assert any(f.origin == Origin.TEXT for f in alone.facts)
