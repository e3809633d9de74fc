"""The narrative as the form checks see it (reconcile/form_text.py), rebuilt from a real seed's
disclosure (seed 004): passages in reading order and never a table cell, sections under a
heading up to the next heading of the same level, whether the document has a narrative at all,
and when two sources quote one sentence. Near misses: the same disclosure with its narrative
taken away is no narrative; a source on another line is another sentence."""

from __future__ import annotations

from dataclasses import replace

from budgetlens.model import Source
from budgetlens.reconcile.checks import printed
from budgetlens.reconcile.form_text import FormContext, same_sentence

from .form_support import seed


def _context(disclosure=None) -> FormContext:
    return FormContext(printed(disclosure or seed("004")))


def test_passages_are_in_reading_order_and_never_a_table_cell():
    context = _context()
    passages = context.passages
    assert len(passages) > 20
    assert [p.position for p in passages] == sorted(p.position for p in passages)
    assert all(p.source.table is None for p in passages)
    assert any(f.source.table is not None for f in context.disclosure.facts)  # there are cells


def test_a_section_runs_to_the_next_heading_of_its_level():
    context = _context()
    tops = [h for h in context.headings if len(h.heading.path) == 1]
    assert len(tops) >= 2
    first, second = tops[0], tops[1]
    section = context.section(first)
    inside = [p.position for p in section.passages]
    assert inside and all(first.position <= at < second.position for at in inside)
    # the next top heading and what follows it are not in it (near miss: the whole document)
    assert second not in section.passages
    assert not [p for p in section.passages if p.heading is not None and len(p.heading.path) == 1]
    assert len(section.passages) < len(context.texts)


def test_a_disclosure_without_its_narrative_has_none():
    context = _context()
    assert context.has_narrative and not context.truncated
    bare = replace(context.disclosure, headings=(), claims=(), narrative=(),
                   facts=tuple(f for f in context.disclosure.facts if f.source.table is not None))
    assert not _context(bare).has_narrative


def test_two_sources_quote_one_sentence_only_on_the_same_line():
    line = Source("a.txt", 3, 12, text="2024年“三公”经费预算2.90万元，比2023年减少2.10万元。")
    part = Source("a.txt", 3, 12, text="比2023年减少2.10万元")
    assert same_sentence(line, part) and same_sentence(part, line)
    assert not same_sentence(line, part._replace(line=13))
    assert not same_sentence(line, Source("a.txt", 3, 12, text="公务接待费1万元"))
