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
