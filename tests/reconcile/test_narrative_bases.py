"""Issue #8 item 4, the checks that existed in part, verified on edited seeds: 持平 while the numbers
change, a percentage or completion rate on a zero base, and the percentage tolerance that figures
rounded to 0.01 万元 allow. They are arithmetic identities of rules/identities.toml (``change``,
``zero_base``, ``pct``) judged on the implied base; these tests pin that they fire on the general
form of the wording and stay quiet where the print allows the statement."""

from __future__ import annotations

from budgetlens.pipeline import process

from .form_support import seed_path, seed_text


def _audit(tmp_path, name: str, prefix: str, *replacements: tuple[str, str]):
    text = seed_text(prefix)
    for old, new in replacements:
        assert old in text, f"seed {prefix} no longer contains {old!r}"
        text = text.replace(old, new, 1)
    path = tmp_path / f"{prefix}_{name}.txt"
    path.write_text(text, encoding="utf-8")
    return process(str(path)).audit.findings


def _fired(findings, rule: str, measure: str) -> list:
    return [f for f in findings if f.rule == rule and f.measure == measure and f.severity != "info"]


# --- 持平 / 与上年一致 while the printed figures change --------------------------------------

THREE = "2024年“三公”经费预算2.90万元，比2023年减少2.10万元。"


def test_flat_wording_beside_a_different_prior_is_an_error(tmp_path):
    for word in ("与2023年持平", "与2023年保持一致", "与上年相比无变化"):
        findings = _audit(tmp_path, str(len(word)), "004",
                          (THREE, f"2024年“三公”经费预算2.90万元，{word}。2023年“三公”经费预算5.00万元。"))
        hits = _fired(findings, "change-arithmetic", "three_public.total")
        assert [(f.severity, f.stated, f.expected) for f in hits] == [("error", "0", "-2.10")], word


def test_flat_wording_within_rounding_or_hedged_is_quiet(tmp_path):
    same = _audit(tmp_path, "same", "004",
                  (THREE, "2024年“三公”经费预算2.90万元，与2023年持平。2023年“三公”经费预算2.90万元。"))
    assert _fired(same, "change-arithmetic", "three_public.total") == []
    rounded = _audit(tmp_path, "rounded", "004",
                     (THREE, "2024年“三公”经费预算2.90万元，与2023年持平。2023年“三公”经费预算3万元。"))
    assert _fired(rounded, "change-arithmetic", "three_public.total") == []
    hedged = _audit(tmp_path, "hedged", "004",
                    (THREE, "2024年“三公”经费预算2.90万元，与2023年基本持平。2023年“三公”经费预算3.00万元。"))
    assert _fired(hedged, "change-arithmetic", "three_public.total") == []


# --- a percentage or completion rate on a zero base -----------------------------------------

ANCHOR = "（四）一般公共预算财政拨款基本支出决算情况说明"
ITEM = "（1）一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。"


def test_a_completion_rate_of_a_zero_budget_is_a_warning(tmp_path):
    zero = f"{ITEM}年初预算为0万元，支出决算为56.00万元，完成年初预算的100%。\n{ANCHOR}"
    hits = _fired(_audit(tmp_path, "zero", "002", (ANCHOR, zero)), "completion-zero-budget",
                  "expense.general.function.2010301")
    assert [(f.severity, f.stated) for f in hits] == [("warning", "100")]
    some = f"{ITEM}年初预算为50.00万元，支出决算为56.00万元，完成年初预算的112%。\n{ANCHOR}"
    findings = _audit(tmp_path, "some", "002", (ANCHOR, some))
    assert _fired(findings, "completion-zero-budget", "expense.general.function.2010301") == []
    assert _fired(findings, "completion-rate", "expense.general.function.2010301") == []


def test_growth_from_an_implied_zero_prior_is_a_warning():
    # seed 002 prints "公务接待费1.02万元 … 较上年决算数增加1.02万元，增长100%": the prior is 0
    assert "较上年决算数增加1.02万元，增长100%" in seed_text("002")
    findings = process(str(seed_path("002"))).audit.findings
    hits = _fired(findings, "zero-base-growth", "three_public.reception")
    assert [(f.severity, f.stated) for f in hits] == [("warning", "100")]


# --- the tolerance two-decimal operands allow -----------------------------------------------

RECEPTION = "公务接待费1万元，比2023年减少2万元"


def test_a_percentage_of_tiny_rounded_figures_is_judged_on_their_intervals(tmp_path):
    # 0.03 and +0.01: the change lies in [0.005, 0.015], the implied base 0.03 − 0.01 in
    # [0.01, 0.03], so anything from 16.7% to 150% is consistent with the print (0.015 / 0.01);
    # 50% (the point) and 150% (the edge) are quiet, 160% is beyond what rounding opens
    for stated in ("50", "150"):
        ok = _audit(tmp_path, f"ok{stated}", "004",
                    (RECEPTION, f"公务接待费0.03万元，比2023年增加0.01万元，增长{stated}%"))
        assert _fired(ok, "pct-change", "three_public.reception") == [], stated
    bad = _audit(tmp_path, "bad", "004",
                 (RECEPTION, "公务接待费0.03万元，比2023年增加0.01万元，增长160%"))
    hits = _fired(bad, "pct-change", "three_public.reception")
    assert [(f.severity, f.stated) for f in hits] == [("error", "160")]
