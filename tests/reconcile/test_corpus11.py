"""The 财政拨款收支总表 balances (issue #8, session 11's whole-corpus run at main: the mutation
harness showed that a 财政拨款支出总计 — its figure or its stated change and rate — took part in no
identity, so a misprint of it went unnoticed: "与上年相比，财政拨款收、支总计各增加1,003.69万元，增长
11.07%" gave the expense side no check at all). Rule ``fiscal-grand-total-balance``
(rules/identities.toml, kind ``compare``): 财政拨款收入总计 = 财政拨款支出总计, on the current
figure, the prior one, the change and the rate, as ``grand-total-balance`` does for all funds.

Tested on the real seed 004 (its 财政拨款收支总表 prints 收入合计 967.73 and 支出合计 967.73) and on
variants the test writes from it: the table's 支出合计 misprinted, and sentences giving the two
sides different changes or rates; near misses: the seed as printed, one sentence stating both
sides (收、支总计各增加…), and the two sides' rates differing only by their printed rounding."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.pipeline import process
from budgetlens.reconcile import evaluate
from budgetlens.rules.catalogue import load_rules

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds" / "004_bbafd2926cdcba81.txt"
RULE = "fiscal-grand-total-balance"
#: the seed's 财政拨款收支总表 closing row (tab-separated: 收入合计 | 967.73 | 支出合计 | 967.73 | 967.73)
CLOSING = "收入合计\t967.73\t支出合计\t967.73\t967.73"


def _seed() -> str:
    if not SEED.exists():
        pytest.skip("../shared/seeds not available")
    text = SEED.read_text(encoding="utf-8")
    assert CLOSING in text, "seed 004 no longer prints its 财政拨款收支总表 closing row"
    return text


def _with_sentence(sentence: str) -> str:
    """The seed with ``sentence`` as a line of its own right after its 财政拨款 paragraph."""
    lines = _seed().split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("2024 年一般公共预算财政拨款收入"))
    return "\n".join(lines[:at + 1] + [sentence] + lines[at + 1:])


def _run(tmp_path: Path, text: str):
    path = tmp_path / "variant.txt"
    path.write_text(text, encoding="utf-8")
    result = process(str(path))
    assert result.status == "ok", result.diagnostics
    return result


def _balance(result) -> list:
    return [f for f in result.audit.findings if f.rule == RULE and f.severity != "info"]


def _evaluated(result) -> tuple[int, int]:
    rule = [r for r in load_rules() if r.id == RULE]
    out = evaluate(result.disclosure, rule)
    return out.evaluated, out.held


def test_the_seeds_balanced_table_is_checked_and_holds(tmp_path):
    result = _run(tmp_path, _seed())
    assert _balance(result) == []
    evaluated, held = _evaluated(result)
    assert evaluated >= 1 and held == evaluated


def test_a_misprinted_expense_grand_total_is_an_error(tmp_path):
    text = _seed().replace(CLOSING, "收入合计\t967.73\t支出合计\t977.73\t977.73")
    found = _balance(_run(tmp_path, text))
    assert len(found) == 1
    f = found[0]
    assert (f.severity, f.basis, f.stated, f.expected) == ("error", "current", "967.73", "977.73")
    cited = {(e.measure, e.value) for e in f.evidence}
    assert cited == {("income.fiscal.total_with_carryover", "967.73"),
                     ("expense.fiscal.grand_total", "977.73")}
    assert all(e.source.table is not None for e in f.evidence)  # the two cells of the table


@pytest.mark.parametrize("sentence, basis", [
    ("与上年相比，财政拨款收入总计增加19.32万元，财政拨款支出总计增加29.32万元。", "change_prior"),
    ("财政拨款收入总计比上年增长2.04%，财政拨款支出总计比上年增长3.13%。", "pct_change_prior"),
])
def test_two_sides_stated_with_different_changes_disagree(tmp_path, sentence, basis):
    found = _balance(_run(tmp_path, _with_sentence(sentence)))
    assert [f.basis for f in found] == [basis]
    assert found[0].evidence and all(e.source.line for e in found[0].evidence)


@pytest.mark.parametrize("sentence", [
    "与上年相比，财政拨款收、支总计各增加19.32万元，增长2.04%。",          # one sentence, both sides
    "财政拨款收入总计比上年增长2.04%，财政拨款支出总计比上年增长2.0%。",   # equal within the printing
])
def test_near_misses_stay_silent(tmp_path, sentence):
    result = _run(tmp_path, _with_sentence(sentence))
    assert _balance(result) == []
    evaluated, held = _evaluated(result)
    assert evaluated >= 2 and held == evaluated
