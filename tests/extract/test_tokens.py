"""The tokenizer (extract/tokens.py) on real sentences: what a sentence says becomes one token
stream of lexicon phrases, numbers with their units and clause punctuation, which the claim
engine reads left to right. Each behaviour with its near miss:

- numbers keep their printed precision and unit, money in 万元 (元 converted); a bare number or a
  year is no amount;
- the longest phrase wins where phrases overlap (一般公共预算财政拨款支出 is one alias, not the
  qualifier 一般公共预算 and more); the qualifier alone is a qualifier;
- a phrase whose meaning depends on the document kind (决算, 完成年初预算) is read only when the
  kind is known and fits (precision first);
- brackets inside a name (因公出国(境)费) stay in it; an aside's brackets are tokens of their own.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.sentences import normalize
from budgetlens.extract.tokens import tokenize
from budgetlens.rules.lexicon import load_lexicon

from ..conftest import seed_path

LEXICON = load_lexicon()


def _tokens(sentence: str, kind: str | None = "final", year: int = 2024):
    return tokenize(normalize(sentence, LEXICON).text, LEXICON, kind, year)


def _roles(sentence: str, kind: str | None = "final") -> list[tuple[str, str]]:
    return [(t.role, t.text) for t in _tokens(sentence, kind)]


def test_a_seed_sentence_of_three_public_spending():
    """Seed 004 (a 2024 budget): "2024年“三公”经费预算2.90万元，比2023年减少2.10万元。…"."""
    line = next((l for l in seed_path("004").read_text(encoding="utf-8").splitlines()
                 if l.startswith("2024年“三公”经费预算")), None)
    if line is None:
        pytest.skip("seed 004 does not hold the sentence")
    tokens = _tokens(line.split("。")[0] + "。", "budget")
    numbers = [t for t in tokens if t.role == "number"]
    assert [(n.text, n.value.kind) for n in numbers[:3]] == \
        [("2024", "none"), ("2.90万元", "money"), ("2.10万元", "money")]
    assert numbers[1].value.value == Decimal("2.90") and numbers[1].value.decimals == 2
    aliases = [t.value[0].measure for t in tokens if t.role == "alias"]
    assert aliases[0] == "three_public.total"
    roles = [t.role for t in tokens]
    assert roles.index("comparator") < roles.index("direction") < len(roles) - 1
    (direction,) = [t for t in tokens if t.role == "direction"]
    assert direction.value[0] == -1  # 减少


def test_yuan_become_wan_yuan_with_their_printed_precision_and_a_bare_number_is_no_amount():
    (money,) = [t.value for t in _tokens("2024年一般公共预算财政拨款支出1085203.63元。")
                if t.role == "number" and t.value.kind == "money"]
    assert (money.value, money.unit, money.decimals) == (Decimal("108.520363"), "元", 6)
    bare = [t.value for t in _tokens("支出1085203.63,减少5.5。") if t.role == "number"]
    assert [n.kind for n in bare] == ["none", "none"]


def test_the_longest_phrase_wins_and_the_qualifier_alone_is_a_qualifier():
    assert _roles("一般公共预算财政拨款支出100万元。")[0] == ("alias", "一般公共预算财政拨款支出")
    assert ("qualifier", "一般公共预算") not in _roles("一般公共预算财政拨款支出100万元。")
    assert _roles("一般公共预算安排的项目。")[0] == ("qualifier", "一般公共预算")


def test_kind_bound_phrases_are_read_only_in_a_document_of_that_kind():
    sentence = "2024年度收入决算1,234.50万元，完成年初预算的98.50%。"
    final = _roles(sentence, "final")
    assert ("amount_basis", "决算") in final and ("completion", "完成年初预算") in final
    unknown = _roles(sentence, None)
    assert not [r for r, _ in unknown if r in ("amount_basis", "completion")]
    assert ("number", "98.50%") in unknown  # the figures are still seen


def test_brackets_in_a_name_stay_in_it_and_an_asides_are_tokens():
    roles = _roles("“三公”经费支出6.00万元，其中因公出国（境）费0.00万元（无出国任务）。")
    assert ("alias", "因公出国(境)费") in roles
    assert [text for role, text in roles if role == "bracket"] == ["(", ")"]
    assert ("of_which", "其中") in roles
