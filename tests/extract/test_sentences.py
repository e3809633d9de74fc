"""normalize(): every kept character maps back to the one it was folded from, on real text and on
a paragraph of millions of characters (folded by runs, not per character)."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.extract.sentences import normalize
from budgetlens.rules.lexicon import load_lexicon

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


def _fold(ch: str, lexicon) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        ch = chr(code - 0xFEE0)
    elif ch in "—–−":
        ch = "-"
    return lexicon.variants.get(ch, ch)


def _check(text: str, lexicon) -> None:
    norm = normalize(text, lexicon)
    assert len(norm.text) == len(norm.index)
    assert list(norm.index) == sorted(set(norm.index))
    kept = set(norm.index)
    for i, j in enumerate(norm.index):
        assert norm.text[i] == _fold(text[j], lexicon)
    for j, ch in enumerate(text):
        if j not in kept:
            assert ch.isspace() or ch in lexicon.drop


def test_seed_text_folds_character_by_character():
    if not SEEDS.exists():
        pytest.skip("../shared/seeds not available")
    lexicon = load_lexicon()
    for path in sorted(SEEDS.glob("*.txt")):
        _check(path.read_text(encoding="utf-8"), lexicon)


def test_folds_full_width_dashes_variants_and_drops():
    lexicon = load_lexicon()
    variant = next(iter(lexicon.variants))
    dropped = next(iter(lexicon.drop))
    text = f"２０２６年（一般）{variant}—支出\u3000{dropped} 12,345.67万元。"
    _check(text, lexicon)
    assert normalize(text, lexicon).text.startswith("2026年(一般)" + lexicon.variants[variant] + "-支出")


def test_a_paragraph_of_millions_of_characters():
    lexicon = load_lexicon()
    text = "（一般公共服务支出）　１２３— 資" * 200_000
    norm = normalize(text, lexicon)
    assert norm.text == "(一般公共服务支出)123-资" * 200_000
    assert norm.index[-1] == len(text) - 1


def _lines(texts):
    from budgetlens.model import Line
    return [Line(t, 1, k + 1) for k, t in enumerate(texts)]


def test_a_list_opener_at_a_line_end_keeps_its_parts_in_the_paragraph():
    from budgetlens.extract.sentences import to_paragraphs
    paragraphs = to_paragraphs(_lines(["实有人员138人，", "其中：", "行政120人、事业18人。",
                                       "二、收入预算情况。"]), ())
    assert [p.text for p in paragraphs] == ["实有人员138人，其中：行政120人、事业18人。", "二、收入预算情况。"]
    assert paragraphs[0].starts == (0, 9, 12)


def test_a_bracket_opened_lines_before_holds_the_paragraph_open():
    from budgetlens.extract.sentences import to_paragraphs
    texts = ["公务用车购置及运行维护费701.34万元（公务用车购置费331万元；"]
    texts += ["用于更新车辆"] * 10 + ["公务用车运行维护费370.34万元。）比上年增加66.79万元。", "下一段。"]
    paragraphs = to_paragraphs(_lines(texts), ())
    assert len(paragraphs) == 2 and paragraphs[0].text.endswith("比上年增加66.79万元。")


def test_a_paragraph_of_a_hundred_thousand_short_lines_is_joined_whole():
    """Fuzz case html-2026-000284: the paragraph was joined and scanned again at every line."""
    from budgetlens.extract.sentences import to_paragraphs
    paragraphs = to_paragraphs(_lines(["数"] * 100_000 + ["。"]), ())
    assert len(paragraphs) == 1 and len(paragraphs[0].text) == 100_001
    assert paragraphs[0].starts[-1] == 100_000


def test_how_far_a_bracket_holds_a_paragraph_open_is_data():
    """lexicon.toml [layout] bracket_span: a line ending in 。 inside a bracket opened at most
    that many characters before its end keeps the next line in its paragraph; opened one
    character further back it does not (a stray "（" of a misprint must not join a whole
    section)."""
    from budgetlens.extract.sentences import sentence_spans, to_paragraphs
    span = load_lexicon().bracket_span
    near = ["（" + "数" * (span - 2) + "。", "续。）"]
    far = ["（" + "数" * (span - 1) + "。", "续。）"]
    assert len(to_paragraphs(_lines(near), ())) == 1
    assert len(to_paragraphs(_lines(far), ())) == 2
    assert len(to_paragraphs(_lines(far), (), span + 1)) == 1
    aside = "甲(" + "数" * 10 + "。乙)丙。"  # (normalised) the 。 inside an aside ends no sentence …
    assert sentence_spans(aside) == [(0, len(aside))]
    assert len(sentence_spans(aside, 5)) == 2  # … unless the bracket opened beyond the span
