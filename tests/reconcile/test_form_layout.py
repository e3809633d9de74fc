"""The running text as one string with positions (reconcile/form_layout.py), on a real seed and
on a disclosure the test builds: phrases found across line breaks, each offset traced back to its
printed line, sentences bounded by their stop, every text fact placed at the start of the
sentence it quotes (none guessed when its sentence is not on its line)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from budgetlens.model import Disclosure, Line, Metadata
from budgetlens.pipeline import process
from budgetlens.reconcile.form_layout import Layout, squash

from ..conftest import seed_path


@pytest.fixture(scope="module")
def seed_layout() -> Layout:
    return Layout(process(str(seed_path("001")), audit=False).disclosure)


def test_every_text_fact_is_placed_at_its_sentence(seed_layout):
    """Each placed fact's offset starts the quote of its sentence, on the line the fact names;
    the placed facts are in reading order; and on a seed every text fact is found."""
    text_facts = [f for f in seed_layout.disclosure.facts if f.origin == "text"]
    assert text_facts and len(seed_layout.placed) == len(text_facts)
    offsets = [p.offset for p in seed_layout.placed]
    assert offsets == sorted(offsets)
    for p in seed_layout.placed:
        assert seed_layout.text.startswith(squash(p.fact.source.text)[:16], p.offset)
    first = seed_layout.placed[0]
    assert seed_layout.facts_between(first.offset, first.offset)[0] == first
    assert seed_layout.facts_between(-2, -1) == []


def _disclosure(*texts: str) -> Disclosure:
    lines = tuple(Line(text=t, page=1, number=k) for k, t in enumerate(texts, start=1))
    return Disclosure(path="case.txt", metadata=Metadata(), narrative=lines)


def test_a_phrase_over_a_line_break_is_found_and_quoted_at_its_first_line():
    layout = Layout(_disclosure("一、决算数大于年", "初预算数的主要原因是 增加了 项目。", "二、其他说明。"))
    at = layout.text.find("决算数大于年初预算数")
    assert at >= 0 and layout.line_at(at).number == 1
    source = layout.source(at, at + 10)
    assert (source.line, source.text, source.file) == (1, "决算数大于年初预算数", "case.txt")
    start, end = layout.sentence(at + 12)
    assert layout.text[start:end] == "一、决算数大于年初预算数的主要原因是增加了项目。"
    assert layout.text[slice(*layout.sentence(end + 1))] == "二、其他说明。"
    assert layout.sentences_back(end + 1, 1) == 0 and layout.sentences_back(end + 1, 5) == 0
    assert layout.line_at(len(layout.text) + 5).number == 3 and layout.line_at(-1) is None


def test_a_fact_whose_sentence_is_not_on_its_line_is_left_out(seed_layout):
    """The near miss: the same fact pointed at another line is not placed (not guessed)."""
    fact = seed_layout.placed[0].fact
    moved = fact._replace(scope=f"text:{fact.source.page}:99999",
                          source=fact.source._replace(line=99999))
    disclosure = replace(seed_layout.disclosure, facts=(fact, moved))
    assert [p.fact for p in Layout(disclosure).placed] == [fact]
