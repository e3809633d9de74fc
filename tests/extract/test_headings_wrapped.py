"""A heading whose title wraps over two PDF lines ("九、一般公共预算“三公”经费、会议费、培训费支出预算情" /
"况说明", 江苏 高院 2018 p22; "（四）市对区专项或共同事权转移支付项目绩效目标情" / "况说明", 北京 2026): the title
is whole and the rest of the title is no text of the paragraph after it (issue #8 item 4, session 8).
Near misses: a one-line paragraph after a complete title, a short line that ends no title, a figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.extract.headings import find_headings
from budgetlens.extract.narrative import extract_narrative
from budgetlens.extract.sentences import to_paragraphs
from budgetlens.model import Document, Line, Metadata, Page
from budgetlens.pipeline import process
from budgetlens.rules.lexicon import load_lexicon

WIDE = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "wide"


def _read(*texts: str):
    lines = [Line(t, 1, i + 1) for i, t in enumerate(texts)]
    hits = find_headings(lines, load_lexicon(), "t.txt")
    return [h.heading.title for h in hits], [p.text for p in to_paragraphs(lines, hits)]


@pytest.mark.parametrize("first, rest, title", [
    ("九、一般公共预算“三公”经费、会议费、培训费支出预算情", "况说明", "一般公共预算“三公”经费、会议费、培训费支出预算情况说明"),
    ("（四）市对区专项或共同事权转移支付项目绩效目标情", "  况说明", "市对区专项或共同事权转移支付项目绩效目标情况说明"),
    ("（二）部门预算单位构", "成", "部门预算单位构成"),
    ("二、一般公共预算财政拨款支出预算明", "细表", "一般公共预算财政拨款支出预算明细表"),
])
def test_the_rest_of_a_wrapped_title_joins_it(first, rest, title):
    body = "2026年“三公”经费预算数为10万元，比上年减少2万元，主要原因是厉行节约。"
    titles, paragraphs = _read(first, rest, body)
    assert titles == [title]
    assert paragraphs == [body]


def test_the_body_after_the_rest_of_the_title_is_the_paragraph():
    titles, paragraphs = _read("九、一般公共预算“三公”经费、会议费、培训费支出预算情",
                               "况说明：2026年“三公”经费预算数为10万元。")
    assert titles == ["一般公共预算“三公”经费、会议费、培训费支出预算情况说明"]
    assert paragraphs == ["2026年“三公”经费预算数为10万元。"]
    # and the sentence reads as before, quoted without the title's rest
    lines = (Line("九、一般公共预算“三公”经费、会议费、培训费支出预算情", 1, 1), Line("况说明", 1, 2),
             Line("2026年“三公”经费预算数为10万元，比上年减少2万元，主要原因是厉行节约。", 1, 3))
    _, facts, claims, _ = extract_narrative(Document("t.txt", "text", (Page(1, lines),)),
                                            Metadata(kind="budget", year=2026), [])
    assert {(f.measure, f.basis, str(f.value)) for f in facts} == {
        ("three_public.total", "current", "10"), ("three_public.total", "change_prior", "-2")}
    assert all(not c.text.startswith("况说明") for c in claims)


@pytest.mark.parametrize("first, second", [
    ("（三）政府性基金预算支出情况说明", "无。"),       # a complete title, then a one-line paragraph
    ("一、部门主要职能", "无"),                         # the short line ends no title
    ("二、收支预算总体情", "况说明10万元"),             # a figure is never a title's rest
    ("三、部门预算情况说明", "说明"),                   # a title that already ends as titles do
])
def test_near_misses_stay_apart(first, second):
    titles, paragraphs = _read(first, second)
    assert titles == [first.split("、", 1)[-1].split("）", 1)[-1]]
    assert paragraphs == [second]


def test_a_real_wrapped_title():
    path = WIDE / "jiangsu_gjfy_2018_yusuan.pdf"
    if not path.exists():
        pytest.skip("corpus/wide/jiangsu_gjfy_2018_yusuan.pdf not available")
    titles = {h.title for h in process(str(path), audit=False).disclosure.headings}
    assert "一般公共预算“三公”经费、会议费、培训费支出预算情况说明" in titles
    assert not any(t.endswith("预算情") for t in titles)
